/* pdf_textmode.c: whether a page's content draws its text or shows it to
 * nobody (pdf_actual.c asks, for the pages whose text index reads).
 *
 * Text drawn in render mode 3 (neither filled nor stroked) or 7 (only added
 * to the clip), or any mode with the same low bits (11, 15, -1), is in poppler's text, and MuPDF's and pdf.js's, though no
 * viewer shows it: a heading "Số: 21/BC-UBND ngày 30 tháng 06 năm 2021" so
 * drawn above a page that shows "năm 2020" was read as 2021 (rtpdf19).  An
 * OCR'd scan's text is all drawn so over its image, and is all its text; so
 * only a page that also shows text of its own is judged.  A form XObject
 * drawn while the mode so hides inherits it, and counts as text not shown.
 * The lexer is the content stream's: strings, names, arrays, dictionaries,
 * comments and inline images are skipped whole; each operator ends a run of
 * operands, and Tr takes the last number before it. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "pdf.h"

static bool is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0;
}

static bool is_delim(unsigned char c)
{
    return strchr("()<>[]{}/%", c) != NULL;
}

/* poppler and MuPDF read a mode by its low bits: bit 0 no fill, bit 1
 * stroke, so "& 3 == 3" draws nothing, whatever else is set; 11, 15 or -1
 * (atkpdf: a heading "năm 2021" in mode 11 over a page showing 2020, read
 * as 2021 without a word) hide text as 3 and 7 do. */
static bool hides(int mode)
{
    return (mode & 3) == 3;
}

static void op(kc_pdf_textmodes *m, const unsigned char *w, size_t k, bool have_num, long num)
{
#define IS(s) (k == sizeof(s) - 1 && memcmp(w, s, k) == 0)
    if (IS("q")) {
        if (m->depth < KC_PDF_TEXTMODE_DEPTH)
            m->saved[m->depth] = m->mode;
        m->depth++;
    } else if (IS("Q")) {
        if (m->depth > 0 && --m->depth < KC_PDF_TEXTMODE_DEPTH)
            m->mode = m->saved[m->depth];
    } else if (IS("Tr")) {
        if (have_num)
            m->mode = (int)num;
    } else if (IS("Tj") || IS("TJ") || IS("'") || IS("\"")) {
        if (hides(m->mode))
            m->hidden++;
        else
            m->shown++;
    } else if (IS("Do")) {
        if (hides(m->mode))
            m->hidden++;
    }
#undef IS
}

void kc_pdf_text_modes(const unsigned char *b, size_t n, kc_pdf_textmodes *m)
{
    size_t p = 0;
    bool have_num = false;
    long num = 0;
    while (p < n) {
        unsigned char c = b[p];
        if (is_ws(c)) {
            p++;
        } else if (c == '%') {
            while (p < n && b[p] != '\r' && b[p] != '\n')
                p++;
        } else if (c == '(') {
            p = kc_pdf_skip_literal(b, n, p);
            have_num = false;
        } else if (c == '<' && p + 1 < n && b[p + 1] != '<') {
            const unsigned char *gt = memchr(b + p, '>', n - p);
            p = gt ? (size_t)(gt - b) + 1 : n;
            have_num = false;
        } else if (c == '/') {
            for (p++; p < n && !is_ws(b[p]) && !is_delim(b[p]); p++)
                ;
            have_num = false;
        } else if (is_delim(c)) {
            p++;
            have_num = false;
        } else {
            size_t s = p;
            while (p < n && !is_ws(b[p]) && !is_delim(b[p]))
                p++;
            if (g_ascii_isdigit(c) || c == '+' || c == '-' || c == '.') {
                char tmp[32];
                size_t k = p - s < sizeof tmp - 1 ? p - s : sizeof tmp - 1;
                memcpy(tmp, b + s, k);
                tmp[k] = 0;
                num = strtol(tmp, NULL, 10);
                have_num = true;
                continue;
            }
            if (p - s == 2 && memcmp(b + s, "ID", 2) == 0)
                p = kc_pdf_skip_inline_data(b, n, p);
            else
                op(m, b + s, p - s, have_num, num);
            have_num = false;
        }
    }
}
