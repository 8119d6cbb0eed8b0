/* json_strict.c: whether a text is JSON as RFC 8259 writes it, and nothing
 * json-glib alone would take.
 *
 * json-glib reads through GLib's GScanner, which also takes comments
 * (slash-star, and a line after '#'), texts in single quotes (read without
 * their escapes) and hexadecimal numbers ("year": 0x7e5 is 2021): Python's
 * json, jq and a browser's JSON.parse refuse a file holding any of them
 * (rtzip6).  kiemchung writes none, so a dossier.json that needs them was
 * written for kiemchung alone to read.  rtzip8: nor a lone UTF-16 surrogate
 * escape ("003\udc009/HĐ"), which is no Unicode character: Python's json
 * keeps it as it stands, json-glib drops the character after it and writes
 * bytes that are not UTF-8, so a reference or a note read two ways.  A
 * recursive descent over the grammar, bounded in depth; it says where the
 * first byte that is not JSON stands, and why when it is not the grammar. */
#include <string.h>

#include "util.h"

#define DEPTH_MAX 256

typedef struct jin {
    const unsigned char *p, *end;
    int depth;
    const char *why; /* set when the text is refused for another reason than the grammar */
} jin;

static void ws(jin *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
        j->p++;
}

static bool lit(jin *j, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0)
        return false;
    j->p += n;
    return true;
}

static bool digits(jin *j)
{
    const unsigned char *from = j->p;
    while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
        j->p++;
    return j->p > from;
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool number(jin *j)
{
    if (j->p < j->end && *j->p == '-')
        j->p++;
    if (j->p < j->end && *j->p == '0')
        j->p++;
    else if (!(j->p < j->end && *j->p >= '1' && *j->p <= '9') || !digits(j))
        return false;
    if (j->p < j->end && *j->p == '.' && (j->p++, !digits(j)))
        return false;
    if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
        j->p++;
        if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
            j->p++;
        if (!digits(j))
            return false;
    }
    return true;
}

/* The four hexadecimal digits after "\u" at j->p (left on the last one), or
 * -1 when they are not there. */
static long hex4(jin *j)
{
    long v = 0;
    for (int k = 0; k < 4; k++) {
        if (++j->p >= j->end || !g_ascii_isxdigit(*j->p))
            return -1;
        v = v << 4 | g_ascii_xdigit_value((char)*j->p);
    }
    return v;
}

/* After a "\u" escape of value v (j->p on its last digit): a high surrogate
 * must be followed by a low one, and a low one must follow a high one; the
 * pair is one character to every reader. */
static bool surrogates(jin *j, long v)
{
    const unsigned char *start = j->p - 5;
    if (v >= 0xdc00 && v <= 0xdfff) {
        j->p = start;
        j->why = "surrogate";
        return false;
    }
    if (v < 0xd800 || v > 0xdbff)
        return true;
    if (j->end - j->p < 3 || j->p[1] != '\\' || j->p[2] != 'u') {
        j->p = start;
        j->why = "surrogate";
        return false;
    }
    j->p += 2;
    long low = hex4(j);
    if (low < 0)
        return false;
    if (low < 0xdc00 || low > 0xdfff) {
        j->p = start;
        j->why = "surrogate";
        return false;
    }
    return true;
}

/* A double-quoted text: no control character, only the escapes JSON has,
 * and a surrogate escape only in a pair.  (UTF-8 validity is the parser's
 * own check.) */
static bool string(jin *j)
{
    if (j->p >= j->end || *j->p != '"')
        return false;
    for (j->p++; j->p < j->end; j->p++) {
        if (*j->p == '"') {
            j->p++;
            return true;
        }
        if (*j->p < 0x20)
            return false;
        if (*j->p != '\\')
            continue;
        if (++j->p >= j->end)
            return false;
        if (*j->p == 'u') {
            long v = hex4(j);
            if (v < 0 || !surrogates(j, v))
                return false;
        } else if (!strchr("\"\\/bfnrt", *j->p) || !*j->p) {
            return false;
        }
    }
    return false;
}

static bool value(jin *j);

/* An object or an array: open, members separated by commas, close. */
static bool members(jin *j, bool object)
{
    j->p++;
    ws(j);
    if (j->p < j->end && *j->p == (object ? '}' : ']')) {
        j->p++;
        return true;
    }
    for (;;) {
        if (object) {
            if (!string(j))
                return false;
            ws(j);
            if (j->p >= j->end || *j->p != ':')
                return false;
            j->p++;
            ws(j);
        }
        if (!value(j))
            return false;
        ws(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
            ws(j);
            continue;
        }
        if (j->p < j->end && *j->p == (object ? '}' : ']')) {
            j->p++;
            return true;
        }
        return false;
    }
}

static bool value(jin *j)
{
    bool ok;
    if (j->p >= j->end)
        return false;
    switch (*j->p) {
    case '{':
    case '[':
        if (++j->depth > DEPTH_MAX)
            return false;
        ok = members(j, *j->p == '{');
        j->depth--;
        return ok;
    case '"':
        return string(j);
    case 't':
        return lit(j, "true");
    case 'f':
        return lit(j, "false");
    case 'n':
        return lit(j, "null");
    default:
        return number(j);
    }
}

bool kc_json_strict(const char *text, size_t len, size_t *at, const char **why)
{
    jin j = {(const unsigned char *)text, (const unsigned char *)text + len, 0, NULL};
    ws(&j);
    bool ok = value(&j);
    if (ok)
        ws(&j);
    ok = ok && j.p == j.end;
    if (at)
        *at = (size_t)(j.p - (const unsigned char *)text);
    if (why)
        *why = ok ? NULL : j.why;
    return ok;
}
