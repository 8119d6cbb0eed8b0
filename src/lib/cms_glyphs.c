/* cms_glyphs.c: whether a certificate's value, all in Latin letters, is
 * drawn as other words than it holds (rtcert14).
 *
 * rtcert13 made a value that writes Latin letters beside another script's
 * unreadable (cms_signer.c: mixes_scripts), but Latin itself has letters
 * drawn as the plain ones, and marks a font draws over one another:
 *  - the phonetic letters: the small capitals (ʜ U+029C, ᴀ U+1D00, ɴ
 *    U+0274, …), the Latin alpha ɑ (U+0251), the click ǃ (U+01C3), the tone
 *    letters of Latin Extended-B (ƅ is a b): "UBND xã Thủy An - ʜội Nông
 *    dân" is the Farmers' Association to a reader, and was read as a place
 *    of unknown words, its chairman Thủy An's leader (1/1) and its
 *    organisation certificate the seal of a dossier naming only its province;
 *  - a mark twice on one letter, two tone marks, a dot above an i or j,
 *    which has one ("Đoà̀n": DejaVu Sans draws Đoàn, its grave heavier;
 *    "Hội̇" is Hội to the eye), or a mark that only resembles ours ("Hô̦i",
 *    a comma below for the dot): the word was compared with its marks as
 *    stored ("đoà̀n" is no "đoàn"), and the Youth Union's or an
 *    association's chairman was the commune's leader;
 *  - a digit drawn as a letter: "Đ0ÀN THANH NIÊN" (a zero for the O), "Hộ1
 *    Nông dân", "Đ0̀an": a word holding a digit is no body's nor place's,
 *    so the Youth Union's chairman was a leader and its certificate sealed.
 *  - (review36) a small l in a word of capitals, drawn as the I: "HỘl".
 *  - (atkroles) the rest of Latin Extended-B (the capital iota Ɩ drawn as an
 *    I: "HỘƖ NÔNG DÂN"; Ɨ, ƚ, Ɖ), Maltese Ħ, and a word carrying a tone mark
 *    and another language's mark ("Hộï", "Hộī": a diaeresis or macron where
 *    the i's dot is).
 * No Vietnamese name, a minority's included (Ê Đê "Y Ƀhiăo Niê", "Čư", Bahnar
 * "ơ̆": a horn and a breve, two marks of their own), is written with either,
 * so such a value is read as unreadable, as a mixed one is.  The letters the
 * fold reads as those they look like (the script ɡ, the iota ɩ: names.c) are
 * read so, and compatibility forms (fullwidth Ｈ, mathematical letters) are
 * folded to their letters by NFKD (text.c). */
#include <glib.h>
#include <stdbool.h>
#include <string.h>

#include "cms_internal.h"
#include "names.h"

/* Latin letters of the phonetic blocks and the like, which no Vietnamese
 * orthography writes, each drawn by common fonts as a plain letter. */
static bool phonetic_letter(gunichar c)
{
    static const struct { gunichar from, to; } ranges[] = {
        {0x01C0, 0x01C3},   /* clicks: ǀ ǁ ǂ ǃ (drawn as | and !) */
        {0x0126, 0x0127},   /* Maltese Ħ ħ (drawn as H, h with a bar: "Ħội") */
        {0x0138, 0x0138},   /* the kra ĸ (a small capital K) */
        {0x0166, 0x0167},   /* Sami Ŧ ŧ (T, t with a bar) */
        {0x0181, 0x024F},   /* Latin Extended-B: ƅ (a b), Ɩ (an I), Ɨ, ƚ, Ɖ … (atkroles) */
        {0x0250, 0x02AF},   /* IPA Extensions: ɑ ʜ ɴ ʙ ʀ ɪ ʏ ʟ ɢ … */
        {0x02B0, 0x02B8},   /* superscript letters ʰ ʲ ʳ ʷ ʸ (not the apostrophes ʻ ʼ of names) */
        {0x02E0, 0x02E4},   /* superscript ˠ ˡ ˢ ˣ ˤ */
        {0x1D00, 0x1DBF},   /* Phonetic Extensions and Supplement: ᴀ ᴄ ᴅ ᴇ ᴊ ᴋ ᴍ ᴏ ᴘ ᴛ ᴜ ᴠ ᴡ ᴢ */
        {0x2C60, 0x2C7F},   /* Latin Extended-C: Ⱨ ⱨ … */
        {0xA720, 0xA7FF},   /* Latin Extended-D: ꜱ ꞯ Ɦ … */
        {0xAB30, 0xAB6F},   /* Latin Extended-E */
        {0x10780, 0x107BF}, /* Latin Extended-F */
        {0x1DF00, 0x1DFFF}, /* Latin Extended-G */
    };
    gunichar d[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
    if (c < 0x0126 || kc_name_lookalike(c) || !g_unichar_isalpha(c))
        return false;
    /* Ê Đê's and Jrai's Ƀ ƀ (U+0243, U+0180) are our letters; a letter of
     * Extended-B that decomposes (ǎ, ơ, ư) is read by its marks (misdrawn) */
    if (c == 0x0243 || (c <= 0x024F && g_unichar_fully_decompose(c, FALSE, d, G_N_ELEMENTS(d)) > 1))
        return false;
    for (size_t i = 0; i < G_N_ELEMENTS(ranges); i++)
        if (c >= ranges[i].from && c <= ranges[i].to)
            return true;
    return false;
}

static bool tone_mark(gunichar c)
{
    return c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309 || c == 0x0323;
}

/* The marks Vietnamese writes (the five tones, circumflex, breve, horn) and
 * those of the minorities' and foreign names it meets: a macron, a
 * diaeresis, a ring, a cedilla, and a caron on a consonant (Ê Đê "č"). */
static bool our_mark(gunichar base, gunichar m)
{
    static const gunichar ours[] = {0x0300, 0x0301, 0x0302, 0x0303, 0x0304, 0x0306,
                                    0x0308, 0x0309, 0x030A, 0x031B, 0x0323, 0x0327};
    for (size_t i = 0; i < G_N_ELEMENTS(ours); i++)
        if (m == ours[i])
            return true;
    /* a caron on a vowel is drawn as the circumflex ("Họ̌i" for "Hội") */
    return m == 0x030C && !strchr("aeiouyAEIOUY", (int)(base < 0x80 ? base : 'a'));
}

/* Whether the marks after one letter (decomposed) are drawn as others: the
 * same mark twice, two tone marks, or a mark that only resembles ours (a
 * comma below, U+0326, for the dot below of "Hội"; a dot above, which an i
 * has already). */
static bool marks_misdrawn(gunichar base, const gunichar *marks, size_t n)
{
    size_t tones = 0;
    for (size_t i = 0; i < n; i++) {
        tones += tone_mark(marks[i]);
        if (!our_mark(base, marks[i]))
            return true;
        for (size_t k = 0; k < i; k++)
            if (marks[k] == marks[i])
                return true;
    }
    return tones > 1;
}

static bool is_mark(gunichar c)
{
    GUnicodeType t = g_unichar_type(c);
    return t == G_UNICODE_NON_SPACING_MARK || t == G_UNICODE_SPACING_MARK || t == G_UNICODE_ENCLOSING_MARK;
}

/* The marks of other languages' names (a macron, a diaeresis, a ring, a
 * cedilla, a caron), which a minority's name writes without any tone mark. */
static bool foreign_mark(gunichar m)
{
    return m == 0x0304 || m == 0x0308 || m == 0x030A || m == 0x0327 || m == 0x030C;
}

/* Whether a decomposed value holds a letter whose marks are drawn as others,
 * or a word that carries a Vietnamese tone mark and another language's mark:
 * "Hộï", "Hộī" (a diaeresis or macron on the i, drawn where its dot is) is
 * Hội to the eye (atkroles); Ê Đê's "Y Čuăn" and a foreign "Loïc" have no
 * tone mark. */
static bool misdrawn(const char *nfd)
{
    gunichar base = 0, marks[8];
    size_t n = 0;
    bool toned = false, foreign = false;
    for (const char *p = nfd;; p = g_utf8_next_char(p)) {
        gunichar c = *p ? g_utf8_get_char(p) : 0;
        if (c && is_mark(c)) {
            if (n == G_N_ELEMENTS(marks))
                return true; /* eight marks on one letter: no word of ours */
            marks[n++] = c;
            toned |= tone_mark(c);
            foreign |= foreign_mark(c);
            if (toned && foreign)
                return true;
            continue;
        }
        if (n && marks_misdrawn(base, marks, n))
            return true;
        if (!c)
            return false;
        if (!g_unichar_isalpha(c))
            toned = foreign = false; /* a new word */
        base = c;
        n = 0;
    }
}

/* Whether a decomposed value holds a digit drawn as a letter: carrying a
 * mark ("Đ0àn"), between two letters ("Đ0ÀN", a zero for the O), or after a
 * letter carrying one ("Hộ1", a one for the i).  A place's number stands
 * apart ("phường 5") or after a bare letter ("Q1", "P5"), or before one
 * ("khu phố 5A"). */
static bool digit_as_letter(const char *nfd)
{
    gunichar prev = 0;
    bool prev_marked = false;
    for (const char *p = nfd; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (is_mark(c)) {
            if (g_unichar_isdigit(prev))
                return true;
            prev_marked = true;
            continue;
        }
        if (g_unichar_isdigit(c) && g_unichar_isalpha(prev)) {
            const char *q = g_utf8_next_char(p);
            if (prev_marked || (*q && g_unichar_isalpha(g_utf8_get_char(q))))
                return true;
        }
        prev = c;
        prev_marked = false;
    }
    return false;
}

/* Whether a decomposed value holds a word written in capitals but for a
 * small l, which sans fonts (Arial, Segoe UI, DejaVu Sans) draw as the
 * capital I: "HỘl NÔNG DÂN" is the Farmers' Association to a reader, and
 * was read as a place of unknown words, its chairman the commune's leader
 * (review36).  No name is written so; "Ksor Ƀlúp", "KLăk" have small
 * letters beside the l, and a word of one capital ("All") is a word. */
static bool ell_in_capitals(const char *nfd)
{
    bool ell = false, small = false;
    int capitals = 0;
    for (const char *p = nfd;; p = g_utf8_next_char(p)) {
        gunichar c = *p ? g_utf8_get_char(p) : 0;
        if (c && is_mark(c))
            continue;
        if (c && g_unichar_isalpha(c)) {
            ell |= c == 'l';
            small |= c != 'l' && g_unichar_islower(c);
            capitals += g_unichar_isupper(c);
            continue;
        }
        if (ell && capitals >= 2 && !small)
            return true;
        if (!c)
            return false;
        ell = small = false; /* a new word */
        capitals = 0;
    }
}

bool kc_cms_value_lookalike(const char *v)
{
    bool yes = false;
    if (!v || !g_utf8_validate(v, -1, NULL))
        return false;
    for (const char *p = v; *p && !yes; p = g_utf8_next_char(p))
        yes = phonetic_letter(g_utf8_get_char(p));
    if (!yes) {
        char *nfd = g_utf8_normalize(v, -1, G_NORMALIZE_NFD);
        yes = nfd && (misdrawn(nfd) || digit_as_letter(nfd) || ell_in_capitals(nfd));
        g_free(nfd);
    }
    return yes;
}
