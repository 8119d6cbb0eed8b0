/* text.h (internal): comparing Vietnamese text the way a person reads it.
 *
 * Names arrive in NFC or NFD, with or without tone marks, in any case
 * ("UBND huyện", "Ủy ban nhân dân huyện", "UỶ BAN NHÂN DÂN HUYỆN").  Roles,
 * the register and report parsers compare them after folding: NFC, case
 * folded, diacritics removed, đ → d, characters no reader sees (soft
 * hyphens, zero-width joiners) dropped, Cyrillic and Greek letters drawn as
 * Latin ones read as those, runs of white space made one space and the ends
 * trimmed.  Every string returned is malloc'd so callers free() it
 * like any other string of the library. */
#ifndef KC_TEXT_H
#define KC_TEXT_H

#include <stdbool.h>

/* The folded form of utf8 (malloc'd), or NULL when utf8 is NULL, not valid
 * UTF-8, or memory ran out. */
char *kc_text_fold(const char *utf8);

/* The case-folded form of utf8 that keeps its diacritics (malloc'd): NFC,
 * case folded, runs of white space made one space, the ends trimmed.  For
 * names and titles, where "Ân" is not "An" and "Chú tích" is not "Chủ tịch".
 * NULL when utf8 is NULL, not valid UTF-8, or memory ran out. */
char *kc_text_casefold(const char *utf8);

/* utf8 in NFC (malloc'd), or NULL when utf8 is NULL or not valid UTF-8. */
char *kc_text_nfc(const char *utf8);

/* Whether the character is one that NFC never changes nor composes with its
 * neighbours (test_pdftext checks it against GLib's tables). */
bool kc_text_nfc_stable(unsigned int c);

/* Whether valid UTF-8 s is made only of kc_text_nfc_stable's characters, so
 * that NFC leaves it as it is (false says nothing: normalise it). */
bool kc_text_nfc_already(const char *s);

/* Whether a and b are equal once folded.  Invalid UTF-8 or NULL never equals
 * anything. */
bool kc_text_equal_folded(const char *a, const char *b);

/* Whether folded s starts with folded prefix (plain prefix, no word boundary). */
bool kc_text_has_prefix_folded(const char *s, const char *prefix);

/* Whether folded needle occurs in folded hay. */
bool kc_text_contains_folded(const char *hay, const char *needle);

/* Whether kc_text_fold takes c as it is before case folding: a letter
 * with no compatibility form and no look-alike (Vietnamese ones above all). */
bool kc_text_plain_letter(unsigned int c);

#endif
