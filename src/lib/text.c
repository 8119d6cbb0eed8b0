/* text.c: folding Vietnamese text for comparison (see text.h).
 *
 * GLib does the Unicode work (validation, normalisation, case folding); this
 * file only decides the order of the steps and what is thrown away.  The
 * register, the roles file and certificate subjects all go through here, so a
 * clerk's "UBND xã" typed on one PC compares equal to "Ủy ban nhân dân xã"
 * typed, decomposed, on another. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "memo.h"
#include "names.h"
#include "text.h"

/* Marks left over after canonical decomposition: tone marks, the horn of ơ/ư,
 * the breve of ă, the circumflex of â/ê/ô.  Dropping them is what turns
 * "Nguyễn" into "nguyen". */
static bool is_mark(gunichar c)
{
    switch (g_unichar_type(c)) {
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
        return true;
    default:
        return false;
    }
}

/* Characters a reader never sees: soft hyphens, zero-width joiners, word
 * joiners, byte-order marks, direction marks (Unicode's format characters).
 * Excel, Word and a browser show "UBND huy\u00ADện" as "UBND huyện", so the
 * fold drops them: a clerk who slipped one into the unsigned documents'
 * "Nơi nhận" took them out of criterion 22.  (The zero-width space, which
 * separates words, becomes a space below.) */
static bool is_invisible(gunichar c)
{
    return c != 0x200B && g_unichar_type(c) == G_UNICODE_FORMAT;
}

/* Cyrillic and Greek letters drawn as Latin ones ("UВND" with a Cyrillic Ве,
 * "huyеn" with a Cyrillic е): what a reader takes for the Latin letter, once
 * case folded.  Vietnamese text has no use for either script, and no reader
 * tells them apart, so neither does the fold. */
static gunichar latin_lookalike(gunichar c)
{
    static const struct { gunichar from; char to; } map[] = {
        {0x0430, 'a'}, {0x0432, 'b'}, {0x0435, 'e'}, {0x0451, 'e'}, {0x043A, 'k'}, {0x043C, 'm'},
        {0x043D, 'h'}, {0x043E, 'o'}, {0x0440, 'p'}, {0x0441, 'c'}, {0x0442, 't'}, {0x0443, 'y'},
        {0x0445, 'x'}, {0x0456, 'i'}, {0x0457, 'i'}, {0x0458, 'j'}, {0x0455, 's'}, {0x04BB, 'h'},
        {0x0501, 'd'}, {0x051B, 'q'}, {0x051D, 'w'}, {0x04CF, 'l'}, {0x03B1, 'a'}, {0x03B2, 'b'},
        {0x03B5, 'e'}, {0x03B6, 'z'}, {0x03B7, 'h'}, {0x03B9, 'i'}, {0x03BA, 'k'}, {0x03BC, 'm'},
        {0x03BD, 'n'}, {0x03BF, 'o'}, {0x03C1, 'p'}, {0x03C4, 't'}, {0x03C5, 'y'}, {0x03C7, 'x'},
        {0x03F2, 'c'},
    };
    if (c < 0x0370 || c > 0x052F)
        return c;
    for (size_t i = 0; i < G_N_ELEMENTS(map); i++)
        if (map[i].from == c)
            return (gunichar)map[i].to;
    return c;
}

/* Vietnamese letters and the Latin-1 and Latin Extended-A ones: no
 * compatibility form and no look-alike (names.c's eth and dotless i lie
 * and its small ð outside), so the fold takes them as they are, without asking (test_text
 * checks every one against GLib's tables and kc_name_lookalike). */
bool kc_text_plain_letter(unsigned int c)
{
    return (c >= 0xC0 && c <= 0x130 && c != 0xD0 && c != 0xF0) || c == 0x1A0 || c == 0x1A1 || c == 0x1AF || c == 0x1B0 ||
           (c >= 0x1EA0 && c <= 0x1EF9);
}

static char *fold_uncached(const char *utf8)
{
    gchar *folded = NULL, *nfd = NULL;
    GString *latin = NULL;
    GString *out = NULL;
    char *result = NULL;
    bool pending_space = false;

    if (!utf8 || !g_utf8_validate(utf8, -1, NULL))
        return NULL;

    /* What a reader takes for a Latin letter is one, before case folding
     * (names.c's table is by case: a capital Cyrillic Н is an H, a small н is
     * not an h): compatibility forms (fullwidth, mathematical letters) as
     * their letters, then Armenian, the dotless i, the eth and the rest of
     * the look-alikes that file names are read with, so that a recipient
     * spelt with them reads as the words a person sees.  A character whose
     * compatibility form holds a space (the spacing accents: "´" is " ́")
     * stays as it is: the fold keeps the words of kc_text_casefold, which
     * agency.c counts on. */
    latin = g_string_sized_new(strlen(utf8));
    for (const gchar *p = utf8; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p), to;
        if (c < 0x80 || g_unichar_isspace(c) || kc_text_plain_letter(c)) {
            g_string_append_unichar(latin, c);
            continue;
        }
        gchar *one = g_utf8_normalize(p, g_utf8_next_char(p) - p, G_NORMALIZE_NFKD);
        if (!one)
            goto out;
        bool spaced = false;
        for (const gchar *q = one; *q; q = g_utf8_next_char(q))
            spaced = spaced || g_unichar_isspace(g_utf8_get_char(q));
        const gchar *from = spaced ? p : one, *end = spaced ? g_utf8_next_char(p) : one + strlen(one);
        for (const gchar *q = from; q < end; q = g_utf8_next_char(q)) {
            gunichar d = g_utf8_get_char(q);
            to = d >= 0x80 ? kc_name_lookalike(d) : 0;
            g_string_append_unichar(latin, to && g_unichar_isalpha(to) ? to : d); /* letters only, not dashes */
        }
        g_free(one);
    }
    /* Case folding first, then decomposition: folding can produce precomposed
     * letters (e.g. from title-case forms) that the decomposition must still
     * split so their marks can be dropped. */
    folded = g_utf8_casefold(latin->str, (gssize)latin->len);
    if (!folded)
        goto out;
    nfd = g_utf8_normalize(folded, -1, G_NORMALIZE_NFD);
    if (!nfd)
        goto out;

    out = g_string_sized_new(strlen(nfd));
    for (const gchar *p = nfd; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);

        if (is_mark(c) || is_invisible(c))
            continue;
        if (g_unichar_isspace(c) || c == 0x200B /* zero width space */) {
            pending_space = out->len > 0;
            continue;
        }
        c = latin_lookalike(c);
        /* The apostrophe of Ê Đê and Jrai names, as Word writes it (’, ‘)
         * or as a modifier letter (ʼ, ʻ), is the one typed ('): "UBND xã
         * Ea H’Leo" is the commune given as "Xã Ea H'Leo", not another
         * (review36: its own certificate was counted as another agency's) */
        if (kc_char_apostrophe(c))
            c = '\'';
        if (pending_space) {
            g_string_append_c(out, ' ');
            pending_space = false;
        }
        /* đ has no decomposition in Unicode (it is a letter of its own), yet
         * people write "Dong" for "Đông" as readily as "Nguyen" for "Nguyễn". */
        if (c == 0x0111 || c == 0x0110)
            c = 'd';
        g_string_append_unichar(out, c);
    }
    /* Marks are gone, so what remains is already NFC for Vietnamese; composing
     * again keeps the promise for other scripts (e.g. Hangul jamo). */
    result = g_utf8_normalize(out->str, (gssize)out->len, G_NORMALIZE_NFC);

out:
    if (out)
        g_string_free(out, TRUE);
    g_free(nfd);
    g_free(folded);
    if (latin)
        g_string_free(latin, TRUE);
    return result;
}

static char *casefold_uncached(const char *utf8)
{
    gchar *folded = NULL, *nfc = NULL;
    GString *out = NULL;
    bool pending_space = false;

    if (!utf8 || !g_utf8_validate(utf8, -1, NULL))
        return NULL;
    /* NFC after folding: folding may decompose (or compose) some letters. */
    folded = g_utf8_casefold(utf8, -1);
    nfc = folded ? g_utf8_normalize(folded, -1, G_NORMALIZE_NFC) : NULL;
    g_free(folded);
    if (!nfc)
        return NULL;
    out = g_string_sized_new(strlen(nfc));
    for (const gchar *p = nfc; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_isspace(c) || c == 0x200B) {
            pending_space = out->len > 0;
            continue;
        }
        if (pending_space) {
            g_string_append_c(out, ' ');
            pending_space = false;
        }
        /* The eth (Ð, ð), which Vietnamese does not write, is drawn as its Đ
         * and stands for it where Windows-1258's Đ (0xD0) was read as Latin-1:
         * "Bí thư Ðảng ủy" is the Party's secretary, read as a place's
         * unknown word and counted as the committee's staff (rtcert17). */
        g_string_append_unichar(out, c == 0xF0 ? 0x111 : c);
    }
    g_free(nfc);
    return g_string_free(out, FALSE);
}

/* ---- the two folds, remembered ----------------------------------------------
 *
 * Every signature of every document folds its certificate's names, title
 * and places (roles, who may draw after whom), and a commune signs everything
 * with two certificates: the same dozen strings per document, each fold a
 * Unicode case fold and normalisation of ~10,000 instructions, a tenth of
 * what verifying a document costs beyond hashing.  Both folds are pure
 * functions of their input, so a short input keeps its result in a small
 * table shared by the threads, emptied when full (a register's thousands of
 * distinct cells must not grow it without bound).  An input that does not
 * fold (invalid UTF-8) is not kept: it is folded, and refused, every time. */
#define MEMO_ENTRIES 512
#define MEMO_LEN 256

static kc_memo fold_memo = KC_MEMO_INIT(MEMO_ENTRIES), casefold_memo = KC_MEMO_INIT(MEMO_ENTRIES);

static char *memoized(kc_memo *m, const char *utf8, char *(*fold)(const char *))
{
    if (!utf8 || strlen(utf8) > MEMO_LEN)
        return fold(utf8);
    char *out = kc_memo_str_get(m, utf8);
    if (out || !(out = fold(utf8)))
        return out;
    kc_memo_str_put(m, utf8, out);
    return out;
}

char *kc_text_fold(const char *utf8)
{
    return memoized(&fold_memo, utf8, fold_uncached);
}

char *kc_text_casefold(const char *utf8)
{
    return memoized(&casefold_memo, utf8, casefold_uncached);
}

bool kc_text_nfc_stable(unsigned int c)
{
    return c <= 0x2FF || (c >= 0x1E00 && c <= 0x1EFF) || (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205E);
}

/* Every character of valid UTF-8 s is one of kc_text_nfc_stable's, which no
 * normal form changes, with no combining class, and none the second of a pair
 * that composes (the Unicode quick check's "yes"): NFC leaves s as it is. */
bool kc_text_nfc_already(const char *s)
{
    for (; *s; s++) /* ASCII, the most of it, one byte at a time */
        if ((unsigned char)*s >= 0x80)
            break;
    for (; *s; s = g_utf8_next_char(s))
        if ((unsigned char)*s >= 0x80 && !kc_text_nfc_stable(g_utf8_get_char(s)))
            return false;
    return true;
}

/* GLib's normalisation decomposes and recomposes every character (about
 * 40,000 instructions for one line of the commune catalog, 55 of them at
 * every start); text already in NFC by the quick check is copied. */
char *kc_text_nfc(const char *utf8)
{
    if (!utf8 || !g_utf8_validate(utf8, -1, NULL))
        return NULL;
    if (kc_text_nfc_already(utf8))
        return g_strdup(utf8);
    return g_utf8_normalize(utf8, -1, G_NORMALIZE_NFC);
}

bool kc_text_equal_folded(const char *a, const char *b)
{
    char *fa = kc_text_fold(a), *fb = kc_text_fold(b);
    bool eq = fa && fb && strcmp(fa, fb) == 0;

    free(fa);
    free(fb);
    return eq;
}

bool kc_text_has_prefix_folded(const char *s, const char *prefix)
{
    char *fs = kc_text_fold(s), *fp = kc_text_fold(prefix);
    bool yes = fs && fp && strncmp(fs, fp, strlen(fp)) == 0;

    free(fs);
    free(fp);
    return yes;
}

bool kc_text_contains_folded(const char *hay, const char *needle)
{
    char *fh = kc_text_fold(hay), *fn = kc_text_fold(needle);
    bool yes = fh && fn && strstr(fh, fn) != NULL;

    free(fh);
    free(fn);
    return yes;
}
