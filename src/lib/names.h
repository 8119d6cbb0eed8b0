/* names.h (internal): file names as a person reads them.
 *
 * A dossier is checked by its entries' bytes but opened by people, in
 * Windows Explorer, 7-Zip and a browser, who read names.  A name that shows
 * itself as another (a shortcut whose extension Explorer hides, a bidi
 * control, a zero-width character, a Cyrillic letter in a Latin word, a
 * Windows short name that is another file's second name) lets the district
 * open something else than what the check vouched for; two names that read
 * the same (hoà / hòa, a Cyrillic о, an invisible character) let it open
 * the other one.  zip_read.c refuses both in an archive; dossier_model.c
 * writes no such name at ingest. */
#ifndef KC_NAMES_H
#define KC_NAMES_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

/* Why the name component c (len bytes of valid UTF-8, no '/') would show a
 * person another name, in buf (n bytes), or NULL when it reads as it is. */
const char *kc_name_deceives(const char *c, size_t len, char *buf, size_t n);
/* Whether every extension the name rules list is a dot, then a byte or more
 * and no other dot: what their comparison with a name's own extension
 * assumes (names.c, issue 16; test_names_props). */
bool kc_name_extensions_simple(void);

/* What a person reads in name (valid UTF-8; g_free): compatibility forms
 * folded, hidden characters dropped, every space a space, letters of other
 * alphabets that look Latin made Latin, case folded, and the tone marks of
 * each word moved to its end, so "Hoà", "hòa" and "Hoa\u0300" read alike
 * and "Hoa" does not. */
char *kc_name_skeleton(const char *name);

/* Whether c is an apostrophe as Word writes it (’ ‘), a modifier letter (ʼ ʻ) or a
 * prime (′): the apostrophe of Ê Đê and Jrai names ("Ea H’Leo"), read as the
 * one typed ('), review36. */
bool kc_char_apostrophe(gunichar c);

/* The Latin letter (or hyphen-minus) c is drawn like, in its case, or 0:
 * Cyrillic, Greek and Armenian look-alikes, the eth, the dotless i and j, the
 * iota, the script g, the dashes (after confusables.txt).  text.c's fold
 * reads names and places with the same table. */
gunichar kc_name_lookalike(gunichar c);

/* The ASCII letter or digit file names read c as, or 0: the letters of other
 * alphabets (Cherokee, Coptic, Canadian syllabics, Tifinagh, Warang Citi …), the
 * digits of other scripts and the symbols Unicode's confusables.txt takes for
 * one (names_drawn.c, generated).  File names alone: certificates and places
 * keep kc_name_lookalike's narrower table. */
gunichar kc_name_drawn_as(gunichar c);
/* drawn's size and its i-th row, for the tests (sorted, NFKD-stable). */
size_t kc_name_drawn_count(void);
gunichar kc_name_drawn_nth(size_t i, gunichar *to);

/* The same, the skeleton of name's folder taken from folders (folder →
 * skeleton, both g_free'd by the table), so that a folder of 200,000 files
 * is decomposed once.  A '/' parts words and nothing composes across it, so
 * the parts join. */
char *kc_name_skeleton_cached(GHashTable *folders, const char *name);

/* name (an NFC file name, no '/') rewritten so that kc_name_deceives finds
 * nothing: hidden characters dropped, other spaces made spaces, a word's
 * letters of another alphabet made the Latin letters they look like (or
 * '_'), a hidden shortcut extension given a '_' after it ("x.pdf.lnk_"), a
 * short name's '~' made '-'.  Returns a new string (g_free). */
char *kc_name_plain(const char *name);

#endif
