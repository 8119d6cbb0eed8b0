/* pdf_lex.c: tokenizer and direct-object parser (ISO 32000-1 §7.2-7.3).
 *
 * Works on a buffer holding a window of the file.  Arrays and dictionaries are
 * parsed with an explicit stack bounded by KC_PDF_MAX_DEPTH, so a hostile file
 * cannot drive recursion.  Running off the end of the window is reported as
 * KC_PARSE_MORE so the caller can read a bigger window. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "pdf.h"
#include "pdf_lex_chars.h"

/* Inlined in the parser's loops; kc_pdf_skip_ws is the same for other files. */
static inline size_t skip_ws(const unsigned char *buf, size_t len, size_t pos)
{
    while (pos < len) {
        if (is_ws(buf[pos])) {
            pos++;
        } else if (buf[pos] == '%') {
            while (pos < len && buf[pos] != '\n' && buf[pos] != '\r')
                pos++;
        } else {
            break;
        }
    }
    return pos;
}

size_t kc_pdf_skip_ws(const unsigned char *buf, size_t len, size_t pos)
{
    return skip_ws(buf, len, pos);
}

/* A content stream's literal string, read as viewers read it: nested
 * parentheses count, a backslash escapes the next byte.  Unclosed: len. */
size_t kc_pdf_skip_literal_closed(const unsigned char *buf, size_t len, size_t pos, bool *closed)
{
    size_t depth = 0;
    if (closed)
        *closed = true;
    for (; pos < len; pos++) {
        if (buf[pos] == '\\')
            pos++;
        else if (buf[pos] == '(')
            depth++;
        else if (buf[pos] == ')' && --depth == 0)
            return pos + 1;
    }
    if (closed)
        *closed = false;
    return len;
}

size_t kc_pdf_skip_literal(const unsigned char *buf, size_t len, size_t pos)
{
    return kc_pdf_skip_literal_closed(buf, len, pos, NULL);
}

/* An inline image's data has no length: viewers end it at the first "EI"
 * standing between white space (PDF's, NUL included). */
static bool content_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0;
}

size_t kc_pdf_skip_inline_data(const unsigned char *buf, size_t len, size_t pos)
{
    for (; pos + 1 < len; pos++)
        if (buf[pos] == 'E' && buf[pos + 1] == 'I' && pos > 0 && content_ws(buf[pos - 1]) &&
            (pos + 2 == len || content_ws(buf[pos + 2])))
            return pos + 2;
    return len;
}

bool kc_pdf_at_keyword(const unsigned char *buf, size_t len, size_t pos, const char *kw)
{
    size_t n = strlen(kw);
    if (pos > len || len - pos < n || memcmp(buf + pos, kw, n) != 0)
        return false;
    return pos + n == len || !is_regular(buf[pos + n]);
}

bool kc_pdf_read_uint(const unsigned char *buf, size_t len, size_t *pos, uint64_t *out)
{
    size_t p = *pos;
    uint64_t v = 0;
    if (p >= len || buf[p] < '0' || buf[p] > '9')
        return false;
    while (p < len && buf[p] >= '0' && buf[p] <= '9') {
        if (v > (UINT64_MAX - 9) / 10)
            return false;
        v = v * 10 + (uint64_t)(buf[p] - '0');
        p++;
    }
    if (p < len && is_regular(buf[p]))
        return false;
    *out = v;
    *pos = p;
    return true;
}

/* An open container; its items so far are items.v[base, items.n). */
typedef struct frame {
    bool is_dict;
    uint64_t start;
    size_t base;
} frame;

/* The items of every open container, innermost last, in one vector that
 * starts on the C stack: one object needs no allocation per container. */
typedef struct item_stack {
    kc_pdf_obj **v;
    size_t n, cap;
    kc_pdf_obj *local[128];
} item_stack;

static bool item_push(item_stack *s, kc_pdf_obj *o)
{
    if (s->n == s->cap) {
        size_t cap = s->cap * 2;
        kc_pdf_obj **v = s->v == s->local ? malloc(cap * sizeof *v) : realloc(s->v, cap * sizeof *v);
        if (!v)
            return false;
        if (s->v == s->local)
            memcpy(v, s->local, s->n * sizeof *v);
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = o;
    return true;
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether a dictionary names a key twice: readers disagree on which value
 * wins (we take the last, others the first), so such a dictionary must never
 * compare equal to one that names the key once (see kc_pdf_obj_equal). */
static bool has_dup_keys(const char **keys, size_t n)
{
    if (n <= 16) {
        for (size_t i = 1; i < n; i++)
            for (size_t j = 0; j < i; j++) /* the first byte first: it tells most keys apart */
                if (keys[i][0] == keys[j][0] && strcmp(keys[i], keys[j]) == 0)
                    return true;
        return false;
    }
    const char **sorted = malloc(n * sizeof *sorted);
    if (!sorted)
        return true; /* fail closed */
    memcpy(sorted, keys, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_key);
    bool dup = false;
    for (size_t i = 1; !dup && i < n; i++)
        dup = strcmp(sorted[i], sorted[i - 1]) == 0;
    free(sorted);
    return dup;
}

/* Closes a container: copies its items into the arena. */
static kc_pdf_obj *frame_close(kc_arena *a, const frame *f, kc_pdf_obj *const *items, size_t count,
                               uint64_t end)
{
    kc_pdf_obj *o = kc_arena_alloc(a, sizeof *o);
    if (!o)
        return NULL;
    o->raw_start = f->start;
    o->raw_end = end;
    if (f->is_dict) {
        size_t n = count / 2;
        o->type = KC_PDF_DICT;
        o->u.dict.keys = kc_arena_alloc(a, (n ? n : 1) * sizeof(char *));
        o->u.dict.vals = kc_arena_alloc(a, (n ? n : 1) * sizeof(kc_pdf_obj *));
        if (!o->u.dict.keys || !o->u.dict.vals)
            return NULL;
        for (size_t i = 0; i < n; i++) {
            o->u.dict.keys[i] = (const char *)items[2 * i]->u.str.data;
            o->u.dict.vals[i] = items[2 * i + 1];
        }
        o->u.dict.n = n;
        o->dup_keys = has_dup_keys(o->u.dict.keys, n);
    } else {
        o->type = KC_PDF_ARRAY;
        o->u.arr.items = kc_arena_alloc(a, (count ? count : 1) * sizeof(kc_pdf_obj *));
        if (!o->u.arr.items)
            return NULL;
        if (count)
            memcpy(o->u.arr.items, items, count * sizeof(kc_pdf_obj *));
        o->u.arr.n = count;
    }
    return o;
}

/* Numbers, and "N G R" references (which need two tokens of look-ahead). */
static kc_parse_result parse_number(const unsigned char *buf, size_t len, size_t *pos, kc_pdf_obj *o)
{
    size_t p = *pos, start = p;
    bool neg = false, real = false;
    if (buf[p] == '+' || buf[p] == '-')
        neg = buf[p++] == '-';
    size_t digits_start = p;
    int dots = 0;
    while (p < len && ((buf[p] >= '0' && buf[p] <= '9') || buf[p] == '.')) {
        if (buf[p] == '.')
            real = true, dots++;
        p++;
    }
    if (p >= len)
        return KC_PARSE_MORE;
    /* "841.89.0" is no number: strtod would read 841.89, poppler reads 841.89
     * and then .0, two numbers (a /Rect of five, and no annotation drawn). */
    if (p == digits_start || is_regular(buf[p]) || dots > 1)
        return KC_PARSE_BAD;
    if (real) {
        /* Read whole, however long: poppler, MuPDF and pdf.js read a real
         * written with seventy leading zeros (000…0595.276) as 595.276, and
         * cut to the first 63 characters it read 0, so that a widget's /Rect
         * so written passed for one without area (after-long-rect). */
        char small[64], *tmp = small;
        size_t n = p - start;
        if (n >= sizeof small && !(tmp = malloc(n + 1)))
            return KC_PARSE_BAD;
        memcpy(tmp, buf + start, n);
        tmp[n] = '\0';
        o->type = KC_PDF_REAL;
        /* The PDF's decimal point, not the locale's: a program linking the
         * library under vi_VN (decimal comma) had strtod read 0.5 as 0. */
        o->u.r = g_ascii_strtod(tmp, NULL);
        if (tmp != small)
            free(tmp);
    } else {
        int64_t v = 0;
        for (size_t i = digits_start; i < p; i++) {
            if (v > (INT64_MAX - 9) / 10)
                return KC_PARSE_BAD;
            v = v * 10 + (buf[i] - '0');
        }
        o->type = KC_PDF_INT;
        o->u.i = neg ? -v : v;
        /* A reference: "num gen R".  Every number of an array gets here (a
         * font's /Widths: a thousand a document), and the next one is rarely
         * a generation followed by R: its digits are only counted, and its
         * value computed when an R follows.  Up to 18 digits cannot overflow,
         * so this is kc_pdf_read_uint's answer; longer runs ask it. */
        if (!neg && buf[start] != '+') {
            size_t q = skip_ws(buf, len, p);
            uint64_t gen = 0;
            size_t q2 = q;
            while (q2 < len && buf[q2] >= '0' && buf[q2] <= '9')
                q2++;
            if (q2 > q && q2 - q <= 18) {
                if (q2 == len || !is_regular(buf[q2])) { /* not "12 0.5" */
                    size_t q3 = skip_ws(buf, len, q2);
                    if (q3 >= len)
                        return KC_PARSE_MORE;
                    if (buf[q3] == 'R' && (q3 + 1 == len || !is_regular(buf[q3 + 1])) && v <= UINT32_MAX) {
                        for (size_t i = q; i < q2; i++)
                            gen = gen * 10 + (uint64_t)(buf[i] - '0');
                        if (gen <= 65535) {
                            o->type = KC_PDF_REF;
                            o->u.ref.num = (uint32_t)v;
                            o->u.ref.gen = (uint32_t)gen;
                            p = q3 + 1;
                        }
                    }
                }
            } else if (q2 == q && q >= len) {
                return KC_PARSE_MORE;
            } else if (q2 > q && kc_pdf_read_uint(buf, len, (q2 = q, &q2), &gen)) {
                size_t q3 = skip_ws(buf, len, q2);
                if (q3 >= len)
                    return KC_PARSE_MORE;
                /* kc_pdf_at_keyword(buf, len, q3, "R"), spelt out: every number in an array gets here. */
                if (buf[q3] == 'R' && (q3 + 1 == len || !is_regular(buf[q3 + 1])) && v <= UINT32_MAX &&
                    gen <= 65535) {
                    o->type = KC_PDF_REF;
                    o->u.ref.num = (uint32_t)v;
                    o->u.ref.gen = (uint32_t)gen;
                    p = q3 + 1;
                }
            } else if (q >= len) {
                return KC_PARSE_MORE;
            }
        }
    }
    *pos = p;
    return KC_PARSE_OK;
}

kc_parse_result kc_pdf_parse_object(kc_arena *a, const unsigned char *buf, size_t len,
                                    size_t *pos, uint64_t base, kc_pdf_obj **out)
{
    frame stack[KC_PDF_MAX_DEPTH];
    item_stack items;
    size_t depth = 0;
    size_t p = *pos;
    kc_parse_result r = KC_PARSE_BAD;
    kc_pdf_obj *done = NULL;

    items.v = items.local;
    items.n = 0;
    items.cap = sizeof items.local / sizeof items.local[0];

    for (;;) {
        p = skip_ws(buf, len, p);
        if (p >= len) {
            r = KC_PARSE_MORE;
            goto out;
        }
        unsigned char c = buf[p];
        kc_pdf_obj *o = NULL;
        uint64_t start = base + p;

        if (c == '[' || (c == '<' && p + 1 < len && buf[p + 1] == '<')) {
            if (depth == KC_PDF_MAX_DEPTH)
                goto out;
            stack[depth] = (frame){.is_dict = c == '<', .start = start, .base = items.n};
            depth++;
            p += c == '[' ? 1 : 2;
            continue;
        }
        if (c == '<' && p + 1 >= len) {
            r = KC_PARSE_MORE;
            goto out;
        }
        if (c == ']' || (c == '>' && p + 1 < len && buf[p + 1] == '>')) {
            bool want_dict = c == '>';
            if (depth == 0 || stack[depth - 1].is_dict != want_dict)
                goto out;
            frame *f = &stack[depth - 1];
            size_t count = items.n - f->base;
            if (f->is_dict && count % 2 != 0)
                goto out; /* a key without a value */
            p += want_dict ? 2 : 1;
            o = frame_close(a, f, items.v + f->base, count, base + p);
            items.n = f->base;
            depth--;
            if (!o)
                goto out;
        } else {
            o = kc_arena_alloc(a, sizeof *o);
            if (!o)
                goto out;
            kc_parse_result t;
            if (c == '(')
                t = kc_pdf_lex_literal(a, buf, len, &p, o);
            else if (c == '<')
                t = kc_pdf_lex_hex(a, buf, len, &p, o);
            else if (c == '/')
                t = kc_pdf_lex_name(a, buf, len, &p, o);
            else if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')
                t = parse_number(buf, len, &p, o);
            else if (kc_pdf_at_keyword(buf, len, p, "true") || kc_pdf_at_keyword(buf, len, p, "false")) {
                o->type = KC_PDF_BOOL;
                o->u.b = buf[p] == 't';
                p += o->u.b ? 4 : 5;
                t = KC_PARSE_OK;
            } else if (kc_pdf_at_keyword(buf, len, p, "null")) {
                o->type = KC_PDF_NULL;
                p += 4;
                t = KC_PARSE_OK;
            } else if (len - p < 5) {
                t = KC_PARSE_MORE; /* maybe a keyword cut by the window */
            } else {
                t = KC_PARSE_BAD;
            }
            if (t != KC_PARSE_OK) {
                r = t;
                goto out;
            }
            o->raw_start = start;
            o->raw_end = base + p;
        }

        if (depth == 0) {
            done = o;
            break;
        }
        frame *top = &stack[depth - 1];
        if (top->is_dict && (items.n - top->base) % 2 == 0 && o->type != KC_PDF_NAME)
            goto out; /* dictionary keys are names */
        if (!item_push(&items, o))
            goto out;
    }
    *out = done;
    *pos = p;
    r = KC_PARSE_OK;
out:
    if (items.v != items.local)
        free(items.v);
    return r;
}

/* The name at d[i] (its '/') as poppler's lexer reads it (rtpdf23): "#" and a
 * hex digit take the byte after them too, whatever it is, and the name goes
 * on after it: "/F#5X9" is /FP9 and "/F#5 9" is /FP9 as well, where the
 * other readers (and the #xx decoding) keep "F#5X9" and "F#5".  A /DA so
 * written drew nothing in poppler when signed, and the update that added
 * /FP9 to /DR, a name no /DA said, made it draw 90.000.000. */
char *kc_pdf_poppler_name(const unsigned char *d, size_t n, size_t i)
{
    GString *out = g_string_new(NULL);
    for (size_t e = i + 1; e < n && !strchr(" \t\r\n\f()<>[]{}/%", d[e]) && d[e] != 0; e++) {
        int hi = e + 1 < n ? g_ascii_xdigit_value(d[e + 1]) : -1;
        if (d[e] != '#' || hi < 0) {
            g_string_append_c(out, (char)d[e]);
            continue;
        }
        int lo = e + 2 < n ? g_ascii_xdigit_value(d[e + 2]) : -1;
        g_string_append_c(out, (char)(hi << 4 | (lo >= 0 ? lo : 0)));
        e += e + 2 < n ? 2 : 1; /* the byte after the digit is taken, hex or not */
    }
    return g_string_free(out, FALSE);
}

/* Whether the name at d[i] (its '/') holds "#" and one hex digit then a byte
 * that is none, or its end: poppler takes that byte into the name, a
 * delimiter too, and reads on (kc_pdf_poppler_name), where MuPDF and pdf.js
 * end the name there.  In page content, "BX /K#5(q ... Q) kc EX" is a
 * string and an ignored operator to them and drawing operators to poppler
 * (rtpdf24); pdf_textmode.c asks. */
bool kc_pdf_name_half_escape(const unsigned char *d, size_t n, size_t i)
{
    for (size_t e = i + 1; e < n && !strchr(" \t\r\n\f()<>[]{}/%", d[e]) && d[e] != 0; e++) {
        if (d[e] != '#' || e + 1 >= n || !g_ascii_isxdigit(d[e + 1]))
            continue;
        if (e + 2 >= n || !g_ascii_isxdigit(d[e + 2]))
            return true;
        e += 2;
    }
    return false;
}
