/* pdf_textnum.c: a content stream's numbers as poppler's lexer reads them,
 * for the content scan (pdf_textmode.c).  Cut from pdf_textmode.c
 * (rtshown27) with no change: a colour, a point, a mode is read from the
 * number poppler, MuPDF and pdf.js read, however it is written. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_overdraw.h"

#define FAR KC_PDF_FAR

#define NUMBER_CHARS 32 /* a number's significant characters read: more are a figure past FAR */

/* A number token (t, k bytes, as kc_pdf_content_number cuts it) read whole, however
 * long, as poppler, MuPDF and pdf.js read it (pdf_lex.c learnt it for
 * objects, after-long-rect): "000…0001 g" (32 zeros and a 1) is white to them
 * all, and cut to its first 31 characters it was 0, black, so a white
 * heading's 2021 was taken for shown and never drawn (review37).  Leading
 * zeros are skipped; a fraction cut past NUMBER_CHARS loses only what no
 * colour or point tells; an integer part longer than that is past FAR.  A
 * minus sign among the decimals is skipped (poppler's "Badly formatted
 * number").  Tr's operand is read as an integer, as before (no '.': strtol). */
static double number_value(const unsigned char *t, size_t k)
{
    char tmp[NUMBER_CHARS + 2];
    size_t i = 0, m = 0;
    if (i < k && (t[i] == '+' || t[i] == '-'))
        tmp[m++] = (char)t[i++];
    while (i + 1 < k && t[i] == '0' && g_ascii_isdigit(t[i + 1]))
        i++;
    const unsigned char *dot = memchr(t + i, '.', k - i);
    size_t int_len = (dot ? (size_t)(dot - t) : k) - i;
    if (int_len > NUMBER_CHARS) /* digits past any figure a page uses */
        return m && tmp[0] == '-' ? -FAR * 10 : FAR * 10;
    for (; i < k && m < NUMBER_CHARS + 1; i++)
        if (t[i] != '-')
            tmp[m++] = (char)t[i];
    tmp[m] = 0;
    return dot ? g_ascii_strtod(tmp, NULL) : (double)strtol(tmp, NULL, 10);
}

/* Where a number that begins at b[p] ends, as poppler's lexer reads it (and
 * MuPDF's, pdf.js's): a sign, digits, a point and digits, where a minus
 * sign among the decimals is skipped.  It ends at the first other byte,
 * which begins the next token: "3Tr" is 3 and Tr, "1 1 1rg" a white fill,
 * "22re" a rectangle (read as one token, the number hid its operator: a
 * heading drawn in mode 3, or in white, or under a white rectangle, was
 * taken for black text and the page not drawn).  Its value goes to *v. */
size_t kc_pdf_content_number(const unsigned char *b, size_t n, size_t p, double *v)
{
    size_t s = p;
    if (b[p] == '+' || b[p] == '-')
        p++;
    while (p < n && g_ascii_isdigit(b[p]))
        p++;
    if (p < n && b[p] == '.')
        for (p++; p < n && (g_ascii_isdigit(b[p]) || b[p] == '-'); p++)
            ;
    *v = number_value(b + s, p - s);
    return p;
}
