/* pdf_textpile.c: whether a TJ array piles figures on one another (the
 * content scan, pdf_textmode.c, asks for each string inside a TJ array).
 *
 * "[(2) 400 (0) 400 (2) 400 (1)] TJ" piles a year as -0.4 Tc does, and
 * poppler cuts each digit's box at the next one, each of honest shape: read
 * as 2021 over a 2020 report (rtshown24).  A TJ array moving back more than
 * KC_PDF_PILED_EM (its numbers are thousandths of an em, whatever Tz)
 * between two strings is a pile when a digit ends the string before or
 * begins the one after: an honest exporter moves back so only to place a
 * combining mark over a letter (cairo, LibreOffice: Vietnamese typed in
 * NFD), never over a figure.  A code read as a digit is judged by its byte
 * (WinAnsi, Standard, MacRoman all put the figures at 0x30-0x39; a font
 * coding them elsewhere, a Type 0 font's two-byte codes, is a Known limit). */
#include <glib.h>
#include <string.h>

#include "pdf.h"

static bool digit_byte(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int hex_value(unsigned char c)
{
    return g_ascii_isxdigit(c) ? g_ascii_xdigit_value((char)c) : -1;
}

/* The first and last bytes of a hex string b[s..e) ("<3230 31>"): *n bytes. */
static void hex_ends(const unsigned char *b, size_t s, size_t e, int *first, int *last, size_t *n)
{
    int hi = -1;
    *n = 0;
    for (size_t i = s + 1; i < e; i++) {
        int v = hex_value(b[i]);
        if (v < 0)
            continue;
        if (hi < 0) {
            hi = v;
            continue;
        }
        *last = hi * 16 + v;
        if ((*n)++ == 0)
            *first = *last;
        hi = -1;
    }
    if (hi >= 0) { /* an odd digit: a 0 follows it */
        *last = hi * 16;
        if ((*n)++ == 0)
            *first = *last;
    }
}

static bool octal(unsigned char c)
{
    return c >= '0' && c <= '7';
}

/* The first byte a literal string's inside t (k > 0 bytes) gives: "\\060"
 * is "0", "\\n" no digit; a line break escaped may hide one: '0'. */
static unsigned char literal_first(const unsigned char *t, size_t k)
{
    if (t[0] != '\\')
        return t[0];
    if (k < 2 || t[1] == '\r' || t[1] == '\n')
        return '0';
    if (!octal(t[1]))
        return t[1] == '\\' || t[1] == '(' || t[1] == ')' ? t[1] : 'n';
    unsigned v = 0;
    for (size_t i = 1; i < k && i < 4 && octal(t[i]); i++)
        v = v * 8 + (t[i] - '0');
    return (unsigned char)v;
}

/* The last byte it gives: an octal escape ("\\140", the grave accent)
 * ending it is read as one byte. */
static unsigned char literal_last(const unsigned char *t, size_t k)
{
    size_t d = 0;
    while (d < 3 && d < k && octal(t[k - 1 - d]))
        d++;
    for (size_t j = d; j > 0; j--) /* "\\7", "\\14", "\\140": the backslash before j digits */
        if (k > j && t[k - 1 - j] == '\\') {
            unsigned v = 0;
            for (size_t i = k - j; i < k; i++)
                v = v * 8 + (t[i] - '0');
            return (unsigned char)v;
        }
    return t[k - 1];
}

/* A string b[s..e) (with its delimiters) met inside a TJ array. */
void kc_pdf_tj_string(kc_pdf_tj_array *a, const unsigned char *b, size_t s, size_t e, bool hex)
{
    bool empty, first_digit, last_digit;
    if (hex) {
        int first = 0, last = 0;
        size_t n;
        hex_ends(b, s, e, &first, &last, &n);
        empty = n == 0;
        first_digit = !empty && digit_byte((unsigned char)first);
        last_digit = !empty && digit_byte((unsigned char)last);
    } else {
        empty = e < s + 3 || b[e - 1] != ')'; /* "()", or not closed */
        first_digit = !empty && digit_byte(literal_first(b + s + 1, e - s - 2));
        last_digit = !empty && digit_byte(literal_last(b + s + 1, e - s - 2));
    }
    if (empty) /* cairo's "[()-6711(Th)]": moves, draws nothing */
        return;
    if (a->glyph && a->back > KC_PDF_PILED_EM * 1000 && (a->digit_end || first_digit))
        a->piled = true;
    a->glyph = true;
    a->digit_end = last_digit;
    a->back = 0;
}

