/* names.c: file names as a person reads them (see names.h).
 *
 * Four ways a name shows a person another one, each refused in a dossier
 * and never written by ingest:
 *  - hidden characters (kc_char_hidden: bidi controls, zero-width ones, the
 *    soft hyphen): "hoá đơn\u202Efdp.exe" reads "hoá đơnexe.pdf";
 *  - the extensions Windows Explorer never shows, even to those who asked to
 *    see extensions (NeverShowExt: .lnk, .url, .pif, .scf …): "hoá đơn.pdf.lnk"
 *    is listed as "hoá đơn.pdf" and opening it runs what the shortcut says;
 *  - Windows short names (8.3): on a volume that makes them, "HOAON~1.PDF" is
 *    the second name of "Hoá đơn tháng 9.pdf", and unpacking an entry of that
 *    name writes over the invoice unpacked before it;
 *  - a word mixing alphabets: a Cyrillic "о" in "Hoá" looks Latin.
 * Names that differ only in what a person does not see read alike once
 * reduced to their skeleton (kc_name_skeleton), which the archive reader and
 * ingest compare instead of the bytes. */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "names.h"
#include "util.h"

/* Letters of Cyrillic, Greek and Armenian drawn like Latin ones in common
 * fonts (after Unicode's confusables.txt), and the Icelandic eth, which is
 * the Vietnamese Đ to the eye, and its small ð the đ (rtcert8: "Công ðoàn"
 * after a committee's name was read as a place, not the trade union); last the hyphens and dashes confusables.txt
 * reads as the hyphen-minus (U+2010 HYPHEN is drawn as "-" pixel for pixel:
 * "09‐2021" is "09-2021"; U+2011 decomposes to it).  Then the Latin letters
 * drawn as others: the dotless ı and ȷ, which under a tone mark are what every
 * font draws for ì í ỉ ĩ ("tı̉nh" is "tỉnh" to the eye), the iota ɩ, and the
 * script ɡ, the g of common sans fonts. */
static const struct { gunichar from, to; } lookalikes[] = {
    {0x00d0, 0x0110}, {0x00f0, 0x0111}, {0x0391, 'A'}, {0x0392, 'B'}, {0x0395, 'E'}, {0x0396, 'Z'}, {0x0397, 'H'},
    {0x0399, 'I'}, {0x039a, 'K'}, {0x039c, 'M'}, {0x039d, 'N'}, {0x039f, 'O'}, {0x03a1, 'P'},
    {0x03a4, 'T'}, {0x03a5, 'Y'}, {0x03a7, 'X'}, {0x03b1, 'a'}, {0x03b9, 'i'}, {0x03ba, 'k'},
    {0x03bd, 'v'}, {0x03bf, 'o'}, {0x03c1, 'p'}, {0x03c5, 'u'}, {0x03c7, 'x'}, {0x0405, 'S'},
    {0x0406, 'I'}, {0x0408, 'J'}, {0x0410, 'A'}, {0x0412, 'B'}, {0x0415, 'E'}, {0x041a, 'K'},
    {0x041c, 'M'}, {0x041d, 'H'}, {0x041e, 'O'}, {0x0420, 'P'}, {0x0421, 'C'}, {0x0422, 'T'},
    {0x0423, 'Y'}, {0x0425, 'X'}, {0x0430, 'a'}, {0x0435, 'e'}, {0x043e, 'o'}, {0x0440, 'p'},
    {0x0441, 'c'}, {0x0443, 'y'}, {0x0445, 'x'}, {0x0455, 's'}, {0x0456, 'i'}, {0x0458, 'j'},
    {0x04bb, 'h'}, {0x04c0, 'I'}, {0x04cf, 'l'}, {0x0501, 'd'}, {0x051a, 'Q'}, {0x051b, 'q'},
    {0x051c, 'W'}, {0x051d, 'w'}, {0x0570, 'h'}, {0x0578, 'n'}, {0x057d, 'u'}, {0x0585, 'o'},
    {0x02d7, '-'}, {0x2010, '-'}, {0x2012, '-'}, {0x2013, '-'}, {0x2043, '-'}, {0x2212, '-'},
    {0x2796, '-'}, {0xfe58, '-'},
    {0x0131, 'i'}, {0x0237, 'j'}, {0x0269, 'i'}, {0x0261, 'g'},
};

/* Session 44 (rtzip): what a file name may write for Vietnamese letters and
 * marks that fonts draw the same (Unicode's confusables.txt), read in file
 * names alone: the African Ɖ (U+0189) is the Đ of "QĐ", "HĐ" pixel for pixel;
 * the caron, the Cyrillic kavyka and the marks drawn as one are the breve
 * of ă ("nǎm" is "năm"); the inverted breve and the marks drawn as a
 * circumflex are that of â ê ô; the Greek perispomeni and the Arabic maddah
 * the ngã tilde; the Devanagari and Arabic accents the sắc and huyền; the
 * ideographic departing tone mark the hỏi hook; the nuktas and dots below of
 * other scripts the nặng dot; and the Lisu letters, the Latin capitals of
 * another alphabet.  A dossier holding "QƉ 02-2020 ….pdf" (another
 * file's bytes) beside the decision "QĐ 02-2020 ….pdf" was checked ok.  Not in
 * lookalikes[]: certificates read Ɖ as a letter no Vietnamese name writes
 * (cms_glyphs.c), which stays their rule. */
static const struct { gunichar from, to; } name_marks[] = {
    {0x0189, 0x0110},
    {0x030c, 0x0306}, {0xa67c, 0x0306}, {0x0658, 0x0306}, {0x065a, 0x0306}, {0x036e, 0x0306},
    {0x0311, 0x0302}, {0x1cd0, 0x0302}, {0x065b, 0x0302}, {0x07ee, 0x0302},
    {0x0342, 0x0303}, {0x0653, 0x0303},
    {0x0954, 0x0301}, {0x059c, 0x0301}, {0x059d, 0x0301}, {0x0618, 0x0301}, {0x0747, 0x0301}, {0x064e, 0x0301},
    {0x0953, 0x0300},
    {0x302c, 0x0309},
    {0x05c5, 0x0323}, {0x08ed, 0x0323}, {0x1cdd, 0x0323}, {0x05b4, 0x0323}, {0x065c, 0x0323}, {0x093c, 0x0323},
    {0x09bc, 0x0323}, {0x0a3c, 0x0323}, {0x0abc, 0x0323}, {0x0b3c, 0x0323}, {0x114c3, 0x0323}, {0x10a3a, 0x0323},
    /* Lisu, a word of it alone mixing nothing: "ꓚꓠꓔꓔ" is "CNTT" */
    {0xa4d0, 'B'}, {0xa4d1, 'P'}, {0xa4d2, 'd'}, {0xa4d3, 'D'}, {0xa4d4, 'T'}, {0xa4d6, 'G'}, {0xa4d7, 'K'},
    {0xa4d9, 'J'}, {0xa4da, 'C'}, {0xa4dc, 'Z'}, {0xa4dd, 'F'}, {0xa4df, 'M'}, {0xa4e0, 'N'}, {0xa4e1, 'L'},
    {0xa4e2, 'S'}, {0xa4e3, 'R'}, {0xa4e6, 'V'}, {0xa4e7, 'H'}, {0xa4ea, 'W'}, {0xa4eb, 'X'}, {0xa4ec, 'Y'},
    {0xa4ee, 'A'}, {0xa4f0, 'E'}, {0xa4f2, 'l'}, {0xa4f3, 'O'}, {0xa4f4, 'U'},
};

static gunichar name_mark_lookalike(gunichar c)
{
    for (size_t i = 0; i < G_N_ELEMENTS(name_marks); i++)
        if (name_marks[i].from == c)
            return name_marks[i].to;
    return 0;
}

bool kc_char_apostrophe(gunichar c)
{
    return c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x02BB || c == 0x2032;
}

gunichar kc_name_lookalike(gunichar c)
{
    for (size_t i = 0; i < G_N_ELEMENTS(lookalikes); i++)
        if (lookalikes[i].from == c)
            return lookalikes[i].to;
    return 0;
}

/* The length of c's extension with its dot (what follows its last '.'), 0
 * when no '.' follows its first byte.  Every extension listed in this file
 * is a dot then no other dot, so one ends c (after at least a byte) only
 * when its length is this: the lists are compared only then, not each of
 * their 90 entries with every name (issue 16: a check of 200,000 entries
 * spent 6% of its instructions there). */
static size_t extension_length(const char *c, size_t len)
{
    for (size_t i = len; i > 1; i--)
        if (c[i - 1] == '.')
            return len - (i - 1);
    return 0;
}

/* The extensions Windows Explorer hides whatever the user chose
 * (NeverShowExt in a default registry): shortcuts of every kind. */
static const char *const hidden_exts[] = {".lnk", ".url", ".pif", ".scf", ".shs", ".shb", ".xnk", ".website",
                                          ".appref-ms", ".library-ms", ".searchconnector-ms", ".glk",
                                          ".desklink", ".mapimail", ".zfsendtotarget"};

static const char *hidden_extension(const char *c, size_t len)
{
    const char *const *exts = hidden_exts;
    size_t tail = extension_length(c, len);
    char first = tail > 1 ? g_ascii_tolower(c[len - tail + 1]) : 0;
    for (size_t i = 0; tail && i < G_N_ELEMENTS(hidden_exts); i++) {
        size_t n;
        if (g_ascii_tolower(exts[i][1]) != first || (n = strlen(exts[i])) != tail)
            continue;
        if (g_ascii_strncasecmp(c + len - n, exts[i], n) == 0)
            return exts[i];
    }
    return NULL;
}

/* A program dressed as a document, "hoá đơn.pdf.exe" (spaces before the
 * last dot too): Explorer hides the extension of a known type unless the user
 * asked to see them, which is not the default, so it lists "hoá đơn.pdf", and
 * opening it runs the program.  *shown gets the length of what is listed. */
/* rtzip4: files that are no program but whose opening runs what they hold,
 * dressed as a document the same way: Office runs a macro-enabled
 * document's VBA once its bar is clicked, Explorer mounts a disk image and
 * shows its files (which no rule of the dossier read), OneNote runs the
 * files a page attaches, a browser runs a page's scripts (a page drawn as
 * the invoice's viewer), a .settingcontent-ms runs its DeepLink command, a
 * theme pack loads what it names (CVE-2023-38146), Access runs a
 * database's AutoExec macro. */
static const char *const actives[] = {".docm", ".dotm", ".xlsm", ".xltm", ".xlam", ".pptm", ".potm", ".ppam",
                                      ".ppsm", ".sldm", ".iso", ".img", ".vhd", ".vhdx", ".one", ".onepkg",
                                      ".htm", ".html", ".xhtml", ".shtml", ".mht", ".mhtml", ".svg",
                                      ".settingcontent-ms", ".theme", ".themepack", ".deskthemepack", ".mde",
                                      ".accde", ".ade", ".adp",
                                      /* the binary workbook and the Office 97 add-ins, templates and
                                       * slide show, which hold VBA as the -m formats do (Excel runs
                                       * a 97 add-in's Auto_Open); a SYLK file's DDE command; a web
                                       * query fetching a page into the sheet (.iqy); a saved search
                                       * showing a remote folder's files as if local (.search-ms) */
                                      ".xlsb", ".xla", ".ppa", ".dot", ".xlt", ".pot", ".pps", ".slk", ".iqy",
                                      ".search-ms",
                                      /* rtnew5: Access's own databases run their AutoExec macro as the
                                       * compiled .mde and .accde do (an add-in, a runtime one too); a
                                       * Remote Desktop file connects to the host it names and hands it
                                       * the clerk's drives and clipboard */
                                      ".mdb", ".accdb", ".accda", ".accdr", ".mda", ".rdp"};

/* rtnew6b: the dots NFKC leaves as they are, drawn as a full stop or a dot
 * at mid-height between two words (Unicode's confusables.txt for ".":
 * the Syriac full stops, the Lisu tone mya ti, the Vai full stop, the
 * Arabic-Indic zeros; and the middle dots: U+00B7, the Greek ano teleia,
 * U+2E31 word separator, the bullet and dot operators, the katakana one):
 * "…09-2021\u0702pdf.exe" is listed by Explorer as "…09-2021܂pdf", the
 * invoice's name to the eye. */
static bool dot_lookalike(gunichar c)
{
    static const gunichar dots[] = {0x00b7, 0x0387, 0x0660, 0x06f0, 0x0701, 0x0702, 0x16eb, 0x2027,
                                    0x2219, 0x22c5, 0x2e31, 0x2e33, 0x30fb, 0xa4f8, 0xa60e, 0x10a50,
                                    0x1d16d};
    for (size_t i = 0; i < G_N_ELEMENTS(dots); i++)
        if (dots[i] == c)
            return true;
    return false;
}

static const char *const progs[] = {".exe", ".com", ".scr", ".bat", ".cmd", ".vbs", ".vbe", ".js", ".jse",
                                    ".wsf", ".wsh", ".hta", ".msi", ".msp", ".cpl", ".jar", ".ps1", ".reg",
                                    ".msc",
                                    /* compiled HTML Help (hh.exe runs its pages' scripts), the old
                                     * Help, an Excel add-in (a DLL Excel loads on opening), ClickOnce
                                     * and app packages that install and run, script and gadget hosts */
                                    ".chm", ".hlp", ".xll", ".application", ".appinstaller", ".appx",
                                    ".appxbundle", ".msix", ".msixbundle", ".vb", ".ws", ".gadget",
                                    ".diagcab"};
static const char *const docs[] = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt",
                                   ".ods", ".rtf", ".txt", ".csv", ".jpg", ".jpeg", ".png", ".gif", ".bmp",
                                   ".tif", ".tiff", ".zip", ".rar", ".7z", ".xml", ".htm", ".html", ".mp4"};

static const char *disguised_as(const char *c, size_t len, size_t *shown, bool active)
{
    const char *const *ext = active ? actives : progs;
    size_t next = active ? G_N_ELEMENTS(actives) : G_N_ELEMENTS(progs), tail = extension_length(c, len);
    /* the letter after the dot first: most names end in none of the lists' */
    char first = tail > 1 ? g_ascii_tolower(c[len - tail + 1]) : 0;
    for (size_t i = 0; tail && i < next; i++) {
        if (g_ascii_tolower(ext[i][1]) != first)
            continue;
        size_t n = strlen(ext[i]), stem = len - n;
        if (n != tail || g_ascii_strncasecmp(c + stem, ext[i], n) != 0)
            continue;
        while (stem > 0 && c[stem - 1] == ' ')
            stem--;
        /* The document's extension as a person reads it: "….pdf" written
         * with a dot that only looks like one (U+2024 one dot leader,
         * U+FE52, U+FF0E), in wide letters, or followed by a no-break space
         * is listed by Explorer as the invoice's name all the same.  NFKC
         * makes those the ASCII they look like; the look-alike letters too. */
        char *nf = g_utf8_normalize(c, (gssize)stem, G_NORMALIZE_NFKC);
        GString *seen = g_string_new(NULL);
        for (const char *p = nf ? nf : ""; *p; p = g_utf8_next_char(p)) {
            gunichar ch = g_utf8_get_char(p), to = dot_lookalike(ch) ? '.' : kc_name_lookalike(ch);
            g_string_append_unichar(seen, to ? to : ch);
        }
        while (seen->len > 0 && seen->str[seen->len - 1] == ' ')
            g_string_truncate(seen, seen->len - 1);
        g_free(nf);
        bool doc = false;
        for (size_t k = 0; k < G_N_ELEMENTS(docs) && !doc; k++) {
            size_t d = strlen(docs[k]);
            doc = seen->len > d && g_ascii_strncasecmp(seen->str + seen->len - d, docs[k], d) == 0;
        }
        g_string_free(seen, TRUE);
        if (doc) {
            *shown = stem;
            return ext[i];
        }
    }
    return NULL;
}

static const char *disguised_program(const char *c, size_t len, size_t *shown)
{
    return disguised_as(c, len, shown, false);
}

/* A Windows short name: ASCII, a stem of at most 8 characters ending in
 * '~' and digits, an extension of at most 3 ("HOAON~1.PDF", "TIEUCH~12"). */
static bool short_name(const char *c, size_t len)
{
    size_t stem = len, tilde = len;
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)c[i] >= 0x80)
            return false;
        if (c[i] == '.' && stem == len)
            stem = i;
        else if (c[i] == '.')
            return false; /* a second dot: not 8.3 */
    }
    if (stem > 8 || stem < 2 || (stem < len && len - stem - 1 > 3))
        return false;
    for (size_t i = 0; i < stem; i++)
        if (c[i] == '~')
            tilde = i;
    if (tilde >= stem - 1)
        return false;
    for (size_t i = tilde + 1; i < stem; i++)
        if (!g_ascii_isdigit(c[i]))
            return false;
    return true;
}

/* The alphabets whose letters pass for one another. */
#define ALPHABETS 18 /* the bits alphabet() gives */

static unsigned alphabet(gunichar c)
{
    if (c >= 0xa4f8 && c <= 0xa4ff)
        return 0; /* the Lisu tone letters and punctuation: dots and commas (dot_lookalike), no alphabet's */
    switch (g_unichar_get_script(c)) {
    case G_UNICODE_SCRIPT_LATIN: return 1;
    case G_UNICODE_SCRIPT_CYRILLIC: return 2;
    case G_UNICODE_SCRIPT_GREEK: return 4;
    case G_UNICODE_SCRIPT_ARMENIAN: return 8;
    case G_UNICODE_SCRIPT_CHEROKEE: return 16;
    case G_UNICODE_SCRIPT_COPTIC: return 32;
    /* Session 44 (rtzip): the other alphabets with letters drawn as Latin
     * ones (confusables.txt): Lisu is the Latin capitals nearly whole
     * (ꓓ ꓔ ꓚ ꓠ: "ꓓVC" was a word of one alphabet to this rule), and
     * Canadian syllabics, Tifinagh, Osage, Vai, N'Ko, Old Italic, Runic,
     * Lycian, Carian and Bamum hold some. */
    case G_UNICODE_SCRIPT_LISU: return 64;
    case G_UNICODE_SCRIPT_CANADIAN_ABORIGINAL: return 128;
    case G_UNICODE_SCRIPT_TIFINAGH: return 256;
    case G_UNICODE_SCRIPT_OSAGE: return 512;
    case G_UNICODE_SCRIPT_VAI: return 1024;
    case G_UNICODE_SCRIPT_NKO: return 2048;
    case G_UNICODE_SCRIPT_OLD_ITALIC: return 4096;
    case G_UNICODE_SCRIPT_RUNIC: return 8192;
    case G_UNICODE_SCRIPT_LYCIAN: return 16384;
    case G_UNICODE_SCRIPT_CARIAN: return 32768;
    case G_UNICODE_SCRIPT_BAMUM: return 65536;
    /* Session 47: a letter of any other alphabet that confusables.txt
     * draws as a Latin one (Warang Citi 𑣲 for C, Elbasan, Miao, Deseret,
     * Ahom, Mende, Georgian ყ for y, Ethiopic ዐ for O …): "𑣲NTT" was a
     * word of one alphabet to this rule.  Letters only: the marks of other
     * scripts drawn as Vietnamese ones are read by the skeleton (name_marks). */
    default: return g_unichar_isalpha(c) && kc_name_drawn_as(c) ? 1u << 17 : 0;
    }
}

static bool is_mark(gunichar c)
{
    GUnicodeType t = g_unichar_type(c);
    return t == G_UNICODE_NON_SPACING_MARK || t == G_UNICODE_SPACING_MARK || t == G_UNICODE_ENCLOSING_MARK;
}

static bool in_word(gunichar c) { return g_unichar_isalpha(c) || is_mark(c); }

/* The first word of s (len bytes) whose letters are of two alphabets, as
 * [*at, *at + *wlen), or false. */
static bool mixed_word(const char *s, size_t len, size_t *at, size_t *wlen)
{
    const char *end = s + len, *word = NULL;
    unsigned seen = 0;
    for (const char *p = s;; p = g_utf8_next_char(p)) {
        gunichar c = p < end ? g_utf8_get_char(p) : 0;
        if (p < end && in_word(c)) {
            if (!word)
                word = p, seen = 0;
            seen |= alphabet(c);
            continue;
        }
        if (word && (seen & (seen - 1))) {
            *at = (size_t)(word - s);
            *wlen = (size_t)(p - word);
            return true;
        }
        word = NULL;
        if (p >= end)
            return false;
    }
}

bool kc_name_extensions_simple(void)
{
    const char *const *lists[] = {hidden_exts, progs, actives};
    const size_t counts[] = {G_N_ELEMENTS(hidden_exts), G_N_ELEMENTS(progs), G_N_ELEMENTS(actives)};
    for (size_t l = 0; l < G_N_ELEMENTS(lists); l++)
        for (size_t i = 0; i < counts[l]; i++) {
            const char *e = lists[l][i];
            if (e[0] != '.' || !e[1] || strchr(e + 1, '.'))
                return false;
        }
    return true;
}

const char *kc_name_deceives(const char *c, size_t len, char *buf, size_t n)
{
    const char *ext;
    size_t at, wlen;
    for (const char *p = c; p < c + len; p = g_utf8_next_char(p)) {
        gunichar ch = g_utf8_get_char(p);
        if (ch >= 0x80 && kc_char_hidden(ch)) {
            snprintf(buf, n, _("the name holds a character that is not seen or that reorders what follows (U+%04X): "
                               "it shows as another name"),
                     (unsigned)ch);
            return buf;
        }
    }
    if ((ext = hidden_extension(c, len))) {
        snprintf(buf, n, _("Windows Explorer never shows the extension %s: the name is listed as \"%.*s\", and "
                           "opening it follows a shortcut"),
                 ext, (int)(len - strlen(ext)), c);
        return buf;
    }
    if ((ext = disguised_program(c, len, &at))) {
        snprintf(buf, n, _("Windows Explorer hides the extension %s of a program unless told to show extensions: "
                           "the name is listed as \"%.*s\", a document's, and opening it runs the program"),
                 ext, (int)at, c);
        return buf;
    }
    if ((ext = disguised_as(c, len, &at, true))) {
        snprintf(buf, n, _("Windows Explorer hides the extension %s unless told to show extensions: the name is listed "
                           "as \"%.*s\", a document's, and opening it runs what the file holds (an Office macro, a "
                           "disk image's programs, a page's scripts)"),
                 ext, (int)at, c);
        return buf;
    }
    if (short_name(c, len)) {
        snprintf(buf, n, "%s", _("the name has the form of a Windows short name (8.3, as HOAON~1.PDF), which on "
                                 "Windows can be the second name of another file: unpacking it writes over that file"));
        return buf;
    }
    if (mixed_word(c, len, &at, &wlen)) {
        snprintf(buf, n, _("the word \"%.*s\" mixes the letters of two alphabets (a Cyrillic or Greek letter that "
                           "looks Latin): it shows as another name"),
                 (int)wlen, c + at);
        return buf;
    }
    return NULL;
}

/* Tone marks (huyền, sắc, ngã, hỏi, nặng) as canonical decomposition writes
 * them; the marks of â ă ê ô ơ ư stay where they are. */
static bool tone_mark(gunichar c)
{
    return c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309 || c == 0x0323;
}

/* A word's tone marks (tones, in the order met) appended to out in the order
 * of their code points.  In the order met, a word carrying two (which
 * Vietnamese never writes, but a pasted name may: "Hòa" and a dot below)
 * read otherwise a second time, as decomposing the skeleton puts the dot
 * below (class 220) before the grave (230) it was appended after: the
 * skeleton of a skeleton was not itself (rtcert18, test_names_props).  A
 * word of one tone, every real name's, reads as before. */
static void append_tones(GString *out, const GString *tones)
{
    glong n = 0;
    gunichar *t = g_utf8_to_ucs4_fast(tones->str, (glong)tones->len, &n);
    for (glong i = 1; i < n; i++)
        for (glong k = i; k > 0 && t[k - 1] > t[k]; k--) {
            gunichar c = t[k];
            t[k] = t[k - 1];
            t[k - 1] = c;
        }
    for (glong i = 0; i < n; i++)
        g_string_append_unichar(out, t[i]);
    g_free(t);
}

char *kc_name_skeleton(const char *name)
{
    char *nfkd, *folded, *dec;
    GString *s, *out, *tones;
    const char *a = name;
    while (*a && (unsigned char)*a < 0x80)
        a++;
    if (!*a) /* ASCII, as most names are: nothing to decompose, hide or map */
        return g_ascii_strdown(name, -1);
    nfkd = g_utf8_normalize(name, -1, G_NORMALIZE_NFKD);
    s = g_string_sized_new(strlen(name) + 8);
    tones = g_string_new(NULL);
    if (!nfkd) {
        g_string_free(tones, TRUE);
        g_string_assign(s, name);
        return g_string_free(s, FALSE);
    }
    for (const char *p = nfkd; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p), to;
        if (c >= 0x80 && kc_char_hidden(c))
            continue;
        if (g_unichar_type(c) == G_UNICODE_SPACE_SEPARATOR)
            c = ' ';
        else if (kc_char_apostrophe(c)) /* "Ea H’Đing" is "Ea H'Đing" */
            c = '\'';
        else if ((to = kc_name_lookalike(c)) || (to = name_mark_lookalike(c)) || (to = kc_name_drawn_as(c)))
            c = to;
        g_string_append_unichar(s, c);
    }
    g_free(nfkd);
    folded = g_utf8_casefold(s->str, (gssize)s->len);
    dec = g_utf8_normalize(folded, -1, G_NORMALIZE_NFKD);
    g_free(folded);
    g_string_free(s, TRUE);
    /* Each word's tone marks at its end, in order: where they sit (hoà,
     * hòa) is a matter of style, not another word. */
    out = g_string_sized_new(strlen(dec) + 8);
    for (const char *p = dec;; p = g_utf8_next_char(p)) {
        gunichar c = *p ? g_utf8_get_char(p) : 0, to;
        /* a look-alike that case folding made: the Greek iota of U+0345 and
         * U+1FBE, read as an i the second time (rtcert18) */
        if (c >= 0x80 && (to = kc_name_lookalike(c)))
            c = g_unichar_tolower(to);
        if (c && tone_mark(c)) {
            g_string_append_unichar(tones, c);
            continue;
        }
        if (!c || !in_word(c)) {
            append_tones(out, tones);
            g_string_truncate(tones, 0);
        }
        if (!c)
            break;
        g_string_append_unichar(out, c);
    }
    g_free(dec);
    g_string_free(tones, TRUE);
    return g_string_free(out, FALSE);
}

/* Spaces as a person sees them in a list of files (rtzip3): a browser
 * collapses a run of spaces in index.html and a name's first space is not
 * seen there either, Explorer hides the extension (by default), so the
 * space before it ends the name it shows, and a space at the end of a folder's
 * name is as unseen.  So "Hoá đơn  tháng 9.pdf", " Hoá đơn tháng 9.pdf" and
 * "Hoá đơn tháng 9 .pdf" read as "Hoá đơn tháng 9.pdf": a run is one space,
 * none at a part's start or end or before a dot.  In place. */
static void squeeze_spaces(char *s)
{
    char *w = s;
    for (const char *r = s; *r; r++) {
        if (*r != ' ') {
            *w++ = *r;
            continue;
        }
        while (r[1] == ' ')
            r++;
        if (w != s && w[-1] != '/' && r[1] && r[1] != '/' && r[1] != '.')
            *w++ = ' ';
    }
    *w = '\0';
}

char *kc_name_skeleton_cached(GHashTable *folders, const char *name)
{
    const char *slash = strrchr(name, '/');
    char *dir, *base, *whole;
    const char *known;
    if (!slash) {
        whole = kc_name_skeleton(name);
        squeeze_spaces(whole);
        return whole;
    }
    dir = g_strndup(name, (gsize)(slash - name));
    if (!(known = g_hash_table_lookup(folders, dir))) {
        known = kc_name_skeleton(dir);
        g_hash_table_insert(folders, dir, (char *)known);
    } else {
        g_free(dir);
    }
    base = kc_name_skeleton(slash + 1);
    whole = g_strconcat(known, "/", base, NULL);
    g_free(base);
    squeeze_spaces(whole);
    return whole;
}

/* The alphabet most of the word's letters are of. */
static unsigned main_alphabet(const char *w, const char *end)
{
    unsigned counts[ALPHABETS] = {0}, best = 0, most = 0;
    for (const char *p = w; p < end; p = g_utf8_next_char(p)) {
        unsigned a = alphabet(g_utf8_get_char(p));
        for (unsigned i = 0; i < ALPHABETS; i++)
            if (a == 1u << i && ++counts[i] > most)
                most = counts[i], best = a;
    }
    return best;
}

char *kc_name_plain(const char *name)
{
    char *nfd = g_utf8_normalize(name, -1, G_NORMALIZE_NFD), *nfc;
    GString *s = g_string_sized_new(strlen(name) + 2);
    size_t at, wlen;
    if (!nfd)
        nfd = g_strdup(name);
    for (const char *p = nfd; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c >= 0x80 && kc_char_hidden(c))
            continue;
        g_string_append_unichar(s, g_unichar_type(c) == G_UNICODE_SPACE_SEPARATOR ? ' ' : c);
    }
    g_free(nfd);
    /* A word of two alphabets reads as its main one: the other letters
     * become what they look like, when that is Latin, else '_'. */
    while (mixed_word(s->str, s->len, &at, &wlen)) {
        unsigned main = main_alphabet(s->str + at, s->str + at + wlen);
        GString *w = g_string_new(NULL);
        for (const char *p = s->str + at; p < s->str + at + wlen; p = g_utf8_next_char(p)) {
            gunichar c = g_utf8_get_char(p), a = alphabet(c), to = kc_name_lookalike(c);
            if (!to)
                to = kc_name_drawn_as(c);
            if (!a || a == main)
                g_string_append_unichar(w, c);
            else if (main == 1 && to && to < 0x80)
                g_string_append_unichar(w, to);
            else
                g_string_append_c(w, '_');
        }
        g_string_erase(s, (gssize)at, (gssize)wlen);
        g_string_insert_len(s, (gssize)at, w->str, (gssize)w->len);
        g_string_free(w, TRUE);
    }
    nfc = g_utf8_normalize(s->str, (gssize)s->len, G_NORMALIZE_NFC);
    g_string_assign(s, nfc ? nfc : "");
    g_free(nfc);
    if (hidden_extension(s->str, s->len) || disguised_program(s->str, s->len, &at) ||
        disguised_as(s->str, s->len, &at, true))
        g_string_append_c(s, '_');
    if (short_name(s->str, s->len))
        for (char *t = s->str; *t; t++)
            if (*t == '~')
                *t = '-';
    return g_string_free(s, FALSE);
}
