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
 * coding them elsewhere, a Type 0 font's two-byte codes, is a Known limit).
 * The strings are decoded by the lexer's own scanners (escapes, hex). */
#include <stdbool.h>
#include <stddef.h>

#include "pdf.h"
#include "pdf_lex_chars.h"

static bool digit_byte(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Whether a space stands beside a figure: word spacing (Tw) moves each
 * single-byte space, so "-0.8 Tw (2 0 2 1) Tj" piles a year on one spot as
 * -0.8 Tc would (found at session 39's end: a 2020 report counted for 2021
 * without a word). */
static bool space_by_digit(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        if ((s[i] == ' ' && digit_byte(s[i + 1])) || (digit_byte(s[i]) && s[i + 1] == ' '))
            return true;
    return false;
}

void kc_pdf_tj_string(kc_pdf_tj_array *a, const unsigned char *b, size_t s, size_t e, bool hex)
{
    kc_pdf_obj o = {0};
    size_t pos = s;
    bool first_digit = true, last_digit = true; /* not decoded (out of memory): a digit may be there */
    if (!a->arena)
        a->arena = kc_arena_new();
    if (a->arena) {
        kc_parse_result r = hex ? kc_pdf_lex_hex(a->arena, b, e, &pos, &o) : kc_pdf_lex_literal(a->arena, b, e, &pos, &o);
        if (r != KC_PARSE_OK || o.u.str.len == 0) /* "()" (cairo's "[()-6711(Th)]": moves, draws nothing), or not closed */
            return;
        first_digit = digit_byte(o.u.str.data[0]);
        last_digit = digit_byte(o.u.str.data[o.u.str.len - 1]);
        if (space_by_digit(o.u.str.data, o.u.str.len))
            a->space_digit = true;
    } else {
        a->space_digit = true; /* not decoded: a space may be there */
    }
    if (!a->open)
        return;
    if (a->glyph && a->back > KC_PDF_PILED_EM * 1000 && (a->digit_end || first_digit))
        a->piled = true;
    a->glyph = true;
    a->digit_end = last_digit;
    a->back = 0;
}

void kc_pdf_tj_end(kc_pdf_tj_array *a)
{
    kc_arena_free(a->arena);
    a->arena = NULL;
}
