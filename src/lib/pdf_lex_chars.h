/* pdf_lex_chars.h: the lexer's character classes (ISO 32000-1 §7.2.2) and
 * its string scanners, shared by pdf_lex.c (the token loop) and
 * pdf_lex_string.c (strings and names).  Internal to the lexer. */
#ifndef KC_PDF_LEX_CHARS_H
#define KC_PDF_LEX_CHARS_H

#include <stdbool.h>
#include <stddef.h>

#include "pdf.h"

/* Character classes (ISO 32000-1 §7.2.2) by table: the lexer asks about every byte. */
enum { C_WS = 1, C_DELIM = 2 };
static const unsigned char char_class[256] = {
    [0] = C_WS, [9] = C_WS, [10] = C_WS, [12] = C_WS, [13] = C_WS, [32] = C_WS,
    ['('] = C_DELIM, [')'] = C_DELIM, ['<'] = C_DELIM, ['>'] = C_DELIM, ['['] = C_DELIM,
    [']'] = C_DELIM, ['{'] = C_DELIM, ['}'] = C_DELIM, ['/'] = C_DELIM, ['%'] = C_DELIM,
};

static inline bool is_ws(unsigned char c)
{
    return char_class[c] & C_WS;
}

static inline bool is_regular(unsigned char c)
{
    return !char_class[c];
}

static inline int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Each scans the token at buf[*pos] (its '(', '<' or '/') into o and moves
 * *pos past it; KC_PARSE_MORE when the token runs past the window. */
kc_parse_result kc_pdf_lex_literal(kc_arena *a, const unsigned char *buf, size_t len,
                                   size_t *pos, kc_pdf_obj *o);
kc_parse_result kc_pdf_lex_hex(kc_arena *a, const unsigned char *buf, size_t len,
                               size_t *pos, kc_pdf_obj *o);
kc_parse_result kc_pdf_lex_name(kc_arena *a, const unsigned char *buf, size_t len,
                                size_t *pos, kc_pdf_obj *o);

#endif
