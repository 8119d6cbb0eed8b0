/* pdf_lex_string.c: the scanners of the lexer's string-like tokens: a
 * literal string with its escapes and nested parentheses, a hex string (the
 * signature's /Contents: thousands of digits, by SSE2 blocks where there is
 * SSE2), a name with its #xx escapes.  The token loop and numbers are in
 * pdf_lex.c. */
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "pdf.h"
#include "pdf_lex_chars.h"

kc_parse_result kc_pdf_lex_literal(kc_arena *a, const unsigned char *buf, size_t len,
                                    size_t *pos, kc_pdf_obj *o)
{
    size_t p = *pos + 1, depth = 1, cap = 64, n = 0;
    unsigned char *out = malloc(cap);
    if (!out)
        return KC_PARSE_BAD;
    kc_parse_result r = KC_PARSE_MORE;
    while (p < len) {
        unsigned char c = buf[p++];
        int v = -1;
        if (c == '\\') {
            if (p >= len)
                goto done;
            c = buf[p++];
            switch (c) {
            case 'n': v = '\n'; break;
            case 'r': v = '\r'; break;
            case 't': v = '\t'; break;
            case 'b': v = '\b'; break;
            case 'f': v = '\f'; break;
            case '\r': if (p < len && buf[p] == '\n') p++; continue;
            case '\n': continue;
            default:
                if (c >= '0' && c <= '7') {
                    v = c - '0';
                    for (int k = 0; k < 2 && p < len && buf[p] >= '0' && buf[p] <= '7'; k++)
                        v = v * 8 + (buf[p++] - '0');
                    v &= 0xff;
                } else {
                    v = c;
                }
            }
        } else if (c == '(') {
            depth++;
            v = c;
        } else if (c == ')') {
            if (--depth == 0) {
                r = KC_PARSE_OK;
                break;
            }
            v = c;
        } else {
            v = c;
        }
        if (n + 1 >= cap) {
            unsigned char *grown = realloc(out, cap *= 2);
            if (!grown) {
                r = KC_PARSE_BAD;
                goto done;
            }
            out = grown;
        }
        out[n++] = (unsigned char)v;
    }
done:
    if (r == KC_PARSE_OK) {
        o->type = KC_PDF_STRING;
        o->u.str.data = kc_arena_alloc(a, n + 1);
        if (!o->u.str.data) {
            r = KC_PARSE_BAD;
        } else {
            memcpy(o->u.str.data, out, n);
            o->u.str.len = n;
            *pos = p;
        }
    }
    free(out);
    return r;
}

/* A signature's /Contents is tens of kilobytes of hex, so the digits are
 * decoded two at a time through a table while no white space interrupts
 * them, and the string remembers whether any did (rule 1 wants none). */
static const signed char hex_table[256] = {
    ['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7, ['7'] = 8,
    ['8'] = 9, ['9'] = 10, ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
    ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
}; /* digit value + 1; 0: not a digit */

#if defined(__SSE2__)
/* Sixteen hex digits (both cases) to eight bytes while all sixteen are digits:
 * a signature's DER in its /Contents is thousands of digits, which the pair
 * loop below took at about seven instructions a digit.  Returns how many
 * digits it took (a multiple of 16); *valid says how many of the next block's
 * digits are hex before the first other byte (whitespace, '>' ...), left to
 * the scalar loop.  SSE2 is part of x86-64 itself: no dispatch.  out must be
 * zeroed (the arena's is). */
static size_t hex_blocks_sse2(const unsigned char *src, size_t avail, unsigned char *out, size_t *valid)
{
    const __m128i zero_m1 = _mm_set1_epi8('0' - 1), nine_p1 = _mm_set1_epi8('9' + 1);
    const __m128i a_m1 = _mm_set1_epi8('a' - 1), f_p1 = _mm_set1_epi8('f' + 1);
    const __m128i case_bit = _mm_set1_epi8(0x20), zero = _mm_set1_epi8('0');
    const __m128i alpha_off = _mm_set1_epi8('a' - 10), low_byte = _mm_set1_epi16(0x00ff);
    size_t k = 0;
    *valid = 0;
    while (k + 16 <= avail) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(src + k));
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(x, zero)) == 0xffff) {
            k += 16; /* the zero padding after the DER: the arena's bytes are zero already */
            continue;
        }
        /* Signed compares: bytes from 0x80 up are negative and so neither. */
        __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(x, zero_m1), _mm_cmplt_epi8(x, nine_p1));
        __m128i lower = _mm_or_si128(x, case_bit); /* only A-F and a-f land in a-f */
        __m128i alpha = _mm_and_si128(_mm_cmpgt_epi8(lower, a_m1), _mm_cmplt_epi8(lower, f_p1));
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(digit, alpha));
        if (mask != 0xffff) {
            *valid = (size_t)__builtin_ctz(~mask);
            break;
        }
        __m128i v = _mm_or_si128(_mm_and_si128(digit, _mm_sub_epi8(x, zero)),
                                 _mm_and_si128(alpha, _mm_sub_epi8(lower, alpha_off)));
        /* Each 16-bit lane holds the high digit in its low byte: hi << 4 | lo. */
        __m128i pairs = _mm_or_si128(_mm_slli_epi16(_mm_and_si128(v, low_byte), 4), _mm_srli_epi16(v, 8));
        _mm_storel_epi64((__m128i *)(void *)(out + k / 2), _mm_packus_epi16(pairs, pairs));
        k += 16;
    }
    return k;
}
#endif

kc_parse_result kc_pdf_lex_hex(kc_arena *a, const unsigned char *buf, size_t len,
                                size_t *pos, kc_pdf_obj *o)
{
    size_t p = *pos + 1;
    const unsigned char *gt = p < len ? memchr(buf + p, '>', len - p) : NULL;
    if (!gt)
        return KC_PARSE_MORE;
    size_t end = (size_t)(gt - buf);
    unsigned char *out = kc_arena_alloc(a, (end - p) / 2 + 2);
    if (!out)
        return KC_PARSE_BAD;
    size_t n = 0;
    int hi = -1;
    bool ws = false;
#if defined(__SSE2__)
    size_t simd_from = p; /* the block decoder is tried again only past a byte it stopped at */
#endif
    for (; p < end; p++) {
        if (hi < 0) {
            for (;;) {
#if defined(__SSE2__)
                if (p >= simd_from && p + 16 <= end) {
                    size_t valid = 0, took = hex_blocks_sse2(buf + p, end - p, out + n, &valid);
                    p += took;
                    n += took / 2;
                    simd_from = p + valid + 1;
                }
#endif
                /* Most of a /Contents is the zero padding after the DER:
                 * once eight digits are '0', thirty-two at a time (the
                 * arena's bytes are zero already). */
                const uint64_t zeros = UINT64_C(0x3030303030303030);
                uint64_t w[4];
                if (p + 8 <= end && (memcpy(w, buf + p, 8), w[0] == zeros)) {
                    n += 4;
                    p += 8;
                    while (p + 32 <= end && (memcpy(w, buf + p, 32), ((w[0] ^ zeros) | (w[1] ^ zeros) |
                                                                      (w[2] ^ zeros) | (w[3] ^ zeros)) == 0)) {
                        n += 16;
                        p += 32;
                    }
                } else if (p + 1 < end && hex_table[buf[p]] && hex_table[buf[p + 1]]) {
                    out[n++] = (unsigned char)((hex_table[buf[p]] - 1) << 4 | (hex_table[buf[p + 1]] - 1));
                    p += 2;
                } else {
                    break;
                }
            }
            if (p >= end)
                break;
        }
        if (is_ws(buf[p])) {
            ws = true;
            continue;
        }
        int v = hexval(buf[p]);
        if (v < 0)
            return KC_PARSE_BAD;
        if (hi < 0) {
            hi = v;
        } else {
            out[n++] = (unsigned char)(hi << 4 | v);
            hi = -1;
        }
    }
    if (hi >= 0)
        out[n++] = (unsigned char)(hi << 4); /* an odd digit count means a trailing 0 */
    o->type = KC_PDF_STRING;
    o->hex = true;
    o->hex_ws = ws;
    o->u.str.data = out;
    o->u.str.len = n;
    *pos = end + 1;
    return KC_PARSE_OK;
}

kc_parse_result kc_pdf_lex_name(kc_arena *a, const unsigned char *buf, size_t len,
                                 size_t *pos, kc_pdf_obj *o)
{
    size_t p = *pos + 1, end = p;
    bool escaped = false;
    while (end < len && is_regular(buf[end]))
        escaped |= buf[end++] == '#';
    if (end >= len)
        return KC_PARSE_MORE; /* a name may go on in the next window */
    unsigned char *out = kc_arena_alloc(a, end - p + 1);
    if (!out)
        return KC_PARSE_BAD;
    size_t n = 0;
    /* Nearly every name has no #xx: copied whole (the arena's bytes are
     * zeroed, so it ends in a NUL), a fifth of a dictionary's parse less. */
    if (!escaped) {
        memcpy(out, buf + p, end - p);
        n = end - p;
        p = end;
    }
    while (p < end) {
        /* "#" and one hex digit, then a byte that is none (rtpdf23): poppler
         * takes that digit and the next byte, whatever it is, for one code
         * ("#5X" is 0x50, "P"; "#5 " or "#5/" eats the delimiter and reads
         * on), MuPDF and pdf.js keep "#5X" as written.  "/Prev 47624
         * /#5Xrev 52217" led poppler alone to a section no other reader
         * follows.  No reading is safe: the object is not read. */
        if (buf[p] == '#' && hexval(buf[p + 1]) >= 0 && (p + 2 >= end || hexval(buf[p + 2]) < 0))
            return KC_PARSE_BAD;
        if (buf[p] == '#' && p + 2 < end + 1 && hexval(buf[p + 1]) >= 0 && hexval(buf[p + 2]) >= 0) {
            /* "#00" is the one code a name may not hold (ISO 32000-1,
             * 7.3.5), and readers part on it: a dictionary's keys are
             * C strings here and to MuPDF (/Root#00 is /Root), pdf.js keeps
             * the byte (no /Root: it repairs the file and shows what its
             * repair reads).  No reading is safe: the object is not read. */
            if (hexval(buf[p + 1]) == 0 && hexval(buf[p + 2]) == 0)
                return KC_PARSE_BAD;
            out[n++] = (unsigned char)(hexval(buf[p + 1]) << 4 | hexval(buf[p + 2]));
            p += 3;
        } else {
            out[n++] = buf[p++];
        }
    }
    o->type = KC_PDF_NAME;
    o->u.str.data = out;
    o->u.str.len = n;
    *pos = end;
    return KC_PARSE_OK;
}
