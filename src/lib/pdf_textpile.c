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
 * NFD), never over a figure.  A code is a figure's when some reader takes
 * it for one (kc_pdf_code_digit: 0x30-0x39 as the standard encodings put
 * them, and since rtshown25 what the font's /Differences or /ToUnicode reads
 * as a digit, a Type 0 font's two-byte codes too).
 * The strings are decoded by the lexer's own scanners (escapes, hex). */
#include <stdbool.h>
#include <stddef.h>

#include "pdf.h"
#include "pdf_lex_chars.h"

/* Whether a space stands beside a figure: word spacing (Tw) moves each
 * single-byte space, so "-0.8 Tw (2 0 2 1) Tj" piles a year on one spot as
 * -0.8 Tc would (found at session 39's end: a 2020 report counted for 2021
 * without a word). */
static bool space_by_digit(const kc_pdf_fontcodes *f, const unsigned char *s, size_t n)
{
    if (f && f->bytes != 1) /* word spacing moves only a one-byte code 32 */
        return false;
    for (size_t i = 0; i + 1 < n; i++)
        if ((s[i] == ' ' && kc_pdf_code_digit(f, s, n, i + 1)) || (kc_pdf_code_digit(f, s, n, i) && s[i + 1] == ' '))
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
        const unsigned char *d = o.u.str.data;
        size_t len = o.u.str.len, bytes = a->font && a->font->bytes == 2 && len >= 2 ? 2 : 1;
        first_digit = kc_pdf_code_digit(a->font, d, len, 0);
        last_digit = kc_pdf_code_digit(a->font, d, len, len - bytes);
        if (space_by_digit(a->font, d, len))
            a->space_digit = true;
        for (size_t i = 0; a->font && a->font->narrow_any && i < len && !a->narrow; i += bytes)
            a->narrow = kc_pdf_code_narrow(a->font, d, len, i);
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
