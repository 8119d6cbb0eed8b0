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
 * bytes that are not UTF-8, so a reference or a note read two ways.  rtzip9:
 * nor a number that readers read as other numbers: json-glib reads a whole
 * number's digits as an unsigned 64-bit one and takes it for a signed one
 * ("year": -18446744073709549595, that is -(2^64 - 2021), is 2021 to it and
 * to no one else; 12345678901234567890 is negative), a browser's JSON.parse
 * rounds a whole number past 2^53 - 1 (2^53 + 1 is 2^53 to it) and keeps the
 * sign of -0, which json-glib and Python drop, and a number past a double's
 * range is "inf" (json-glib writes it back as inf.0, which is no JSON).
 * kiemchung writes none of them, and a real number (36.0, 3.6e1) only where
 * a real number is meant: a member the caller names as a whole number must
 * be written as one.  A recursive descent over the grammar, bounded in depth;
 * it says where the first byte that is not JSON stands, and why (and in
 * which member) when it is not the grammar. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "json_strict.h"
#include "util.h"

#define DEPTH_MAX 256

typedef struct jin {
    const unsigned char *p, *end;
    int depth;
    const char *why; /* set when the text is refused for another reason than the grammar */
    const char *const *integers; /* members meant as whole numbers (NULL-ended), or NULL */
    const unsigned char *key;    /* the member the value being read belongs to, in quotes */
    size_t key_len;
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

/* Whether the member being read is one the caller means as a whole number
 * (its name written without escapes, as kiemchung writes every name). */
static bool integer_member(const jin *j)
{
    for (const char *const *n = j->integers; j->key && n && *n; n++)
        if (strlen(*n) == j->key_len && memcmp(*n, j->key, j->key_len) == 0)
            return true;
    return false;
}

/* A real number's value as every reader reads it (a correctly rounded double). */
static double real_value(const unsigned char *from, const unsigned char *to)
{
    char *copy = g_strndup((const char *)from, (gsize)(to - from));
    double v = g_ascii_strtod(copy, NULL);
    g_free(copy);
    return v;
}

/* A number's text [from, j->p) that every reader reads as the same number:
 * no -0 (nor a negative real that rounds to it, -1e-400), a whole number
 * within 2^53 - 1 (JavaScript's safe integers), a real one within a double's
 * range and only where a real number is meant.  Sets j->why and leaves j->p
 * on the number when it is not. */
static bool same_number(jin *j, const unsigned char *from, bool real)
{
    static const char safe[] = "9007199254740991"; /* 2^53 - 1 */
    const unsigned char *d = from + (*from == '-');
    size_t n = 0;
    bool zero = true;
    while (d + n < j->p && d[n] >= '0' && d[n] <= '9')
        n++;
    for (size_t k = 0; k < n; k++)
        zero = zero && d[k] == '0';
    if (!real) {
        if (*from == '-' && zero)
            j->why = "minus-zero";
        else if (n > sizeof safe - 1 || (n == sizeof safe - 1 && memcmp(d, safe, n) > 0))
            j->why = "unsafe-integer";
    } else if (integer_member(j)) {
        j->why = "not-integer";
    } else {
        double v = real_value(from, j->p);
        if (isinf(v))
            j->why = "overflow";
        else if (v == 0 && *from == '-')
            j->why = "minus-zero";
    }
    if (!j->why)
        return true;
    j->p = from;
    return false;
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool number(jin *j)
{
    const unsigned char *from = j->p;
    bool real = false;
    if (j->p < j->end && *j->p == '-')
        j->p++;
    if (j->p < j->end && *j->p == '0')
        j->p++;
    else if (!(j->p < j->end && *j->p >= '1' && *j->p <= '9') || !digits(j))
        return false;
    if (j->p < j->end && *j->p == '.' && (real = true, j->p++, !digits(j)))
        return false;
    if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
        real = true;
        j->p++;
        if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
            j->p++;
        if (!digits(j))
            return false;
    }
    return same_number(j, from, real);
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
            const unsigned char *name = j->p;
            if (!string(j))
                return false;
            j->key = name + 1;
            j->key_len = (size_t)(j->p - name - 2);
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
    {
        /* the values of an array are its member's; an object's name its own */
        const unsigned char *key = j->key;
        size_t key_len = j->key_len;
        if (++j->depth > DEPTH_MAX)
            return false;
        ok = members(j, *j->p == '{');
        j->depth--;
        if (ok) {
            j->key = key;
            j->key_len = key_len;
        }
        return ok;
    }
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

bool kc_json_strict(const char *text, size_t len, const char *const *integers, kc_json_fault *fault)
{
    jin j = {(const unsigned char *)text, (const unsigned char *)text + len, 0, NULL, integers, NULL, 0};
    ws(&j);
    bool ok = value(&j);
    if (ok)
        ws(&j);
    ok = ok && j.p == j.end;
    if (fault) {
        fault->at = (size_t)(j.p - (const unsigned char *)text);
        fault->why = ok ? NULL : j.why;
        fault->member = !ok && j.why && j.key ? (const char *)j.key : NULL;
        fault->member_len = fault->member ? j.key_len : 0;
        fault->number_len = 0;
        while (!ok && j.why && fault->at + fault->number_len < len &&
               strchr("+-.0123456789eE", text[fault->at + fault->number_len]))
            fault->number_len++;
    }
    return ok;
}

/* What a number kc_json_strict refused is to each reader, naming its member
 * and the number as written; NULL when the fault is no number's.  The
 * caller frees it (g_free). */
char *kc_json_fault_number(const kc_json_fault *f, const char *text)
{
    const char *why;
    if (!f || !f->why || !f->number_len)
        return NULL;
    if (strcmp(f->why, "unsafe-integer") == 0)
        why = _("a whole number past 2^53 - 1: json-glib reads one past 2^63 as another (-(2^64 - 2021) is 2021 to "
                "it), a browser's JSON.parse rounds it, Python reads it exactly, so readers read other numbers");
    else if (strcmp(f->why, "not-integer") == 0)
        why = _("a fraction or an exponent where kiemchung writes a whole number: json-glib reads a real number, "
                "which kiemchung does not take there, Python writes it back with a fraction");
    else if (strcmp(f->why, "minus-zero") == 0)
        why = _("a negative zero: a browser's JSON.parse keeps its sign, json-glib and Python read -0 as 0");
    else if (strcmp(f->why, "overflow") == 0)
        why = _("past the range of a real number: every reader takes it for infinity, which JSON cannot write");
    else
        return NULL;
    char *member = f->member ? g_strdup_printf("\"%.*s\"", (int)f->member_len, f->member) : g_strdup(_("the value"));
    char *out = g_strdup_printf(_("%s is %.*s, %s"), member, (int)f->number_len, text + f->at, why);
    g_free(member);
    return out;
}
