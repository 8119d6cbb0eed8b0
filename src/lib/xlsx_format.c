/* xlsx_format.c: a cell as its number format makes Excel show it (see xlsx.h).
 *
 * A custom number format may show text the cell does not hold: a literal
 * ("UBND huyện Phú Vang"), a text section that wraps the cell's text
 * ("- UBND huyện Phú Vang; "@), or nothing at all (;;;).  The register is
 * read as the clerk and the reviewer see it in Excel, so a "Nơi nhận" cell
 * holding "- Lưu: VT." shown as "- UBND huyện Phú Vang; - Lưu: VT." names the
 * district.  A section may be picked by a condition ([>5]) rather than by
 * the number's sign.  This is not all of Excel's number formatting: numbers keep the
 * digits General shows, between the literal text around them (padding,
 * decimals, per cent, separators and exponents are not drawn). */
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xlsx.h"

#define MAX_SECTIONS 4

/* The format split at its section separators (';' outside quotes and
 * escapes): sec[i] and len[i]; the number of sections. */
static int sections(const char *code, const char **sec, size_t *len)
{
    int n = 0;
    const char *start = code, *p = code;
    for (; *p; p++) {
        if (*p == '"') {
            const char *q = strchr(p + 1, '"');
            p = q ? q : p + strlen(p) - 1;
        } else if ((*p == '\\' || *p == '_' || *p == '*') && p[1]) {
            p++;
        } else if (*p == ';') {
            if (n < MAX_SECTIONS) {
                sec[n] = start;
                len[n++] = (size_t)(p - start);
            }
            start = p + 1;
        }
    }
    if (n < MAX_SECTIONS) {
        sec[n] = start;
        len[n++] = (size_t)(p - start);
    }
    return n;
}

/* Appends what the part [s, s + n) of a section shows, @ standing for at
 * (NULL: kept as '@'); digit placeholders are the caller's, not seen here. */
static void literal(GString *out, const char *s, size_t n, const char *at)
{
    const char *end = s + n;
    for (const char *p = s; p < end; p++) {
        switch (*p) {
        case '"': {
            const char *q = memchr(p + 1, '"', (size_t)(end - p - 1));
            if (!q)
                q = end;
            g_string_append_len(out, p + 1, q - p - 1);
            p = q < end ? q : end - 1;
            break;
        }
        case '\\':
            if (p + 1 < end) {
                /* an escaped character, whole (a UTF-8 letter is several bytes) */
                const char *nx = g_utf8_find_next_char(p + 1, end);
                g_string_append_len(out, p + 1, (nx ? nx : end) - (p + 1));
                p = (nx ? nx : end) - 1;
            }
            break;
        case '_': /* room as wide as the next character */
            if (p + 1 < end) {
                g_string_append_c(out, ' ');
                const char *nx = g_utf8_find_next_char(p + 1, end);
                p = (nx ? nx : end) - 1;
            }
            break;
        case '*': /* the next character repeated to fill the cell: nothing readable */
            if (p + 1 < end) {
                const char *nx = g_utf8_find_next_char(p + 1, end);
                p = (nx ? nx : end) - 1;
            }
            break;
        case '[': { /* [Red], [<=100]: nothing shown; [$₫-42A]: the symbol */
            const char *q = memchr(p, ']', (size_t)(end - p));
            if (!q)
                q = end;
            if (p + 1 < q && p[1] == '$') {
                const char *dash = memchr(p + 2, '-', (size_t)(q - p - 2));
                g_string_append_len(out, p + 2, (dash ? dash : q) - (p + 2));
            }
            p = q < end ? q : end - 1;
            break;
        }
        case '@':
            /* a code of many @s must not make a cell of megabytes: past the
             * bound the caller refuses the cell */
            if (out->len > KC_XLSX_MAX_TEXT)
                return;
            if (at)
                g_string_append(out, at);
            else
                g_string_append_c(out, '@');
            break;
        default:
            g_string_append_c(out, *p);
        }
    }
}

/* p at a quoted string or an escape (\\x, _x, *x): the last byte of what
 * it shows as it is, which is never a code; NULL when p starts neither. */
static const char *literal_end(const char *p, const char *end)
{
    if (*p == '"') {
        const char *q = memchr(p + 1, '"', (size_t)(end - p - 1));
        return q ? q : end - 1;
    }
    if ((*p == '\\' || *p == '_' || *p == '*') && p + 1 < end)
        return p + 1;
    return NULL;
}

/* Whether [s, s + n) holds c outside quotes, escapes and brackets. */
static const char *find_code(const char *s, size_t n, const char *set)
{
    const char *end = s + n, *lit;
    for (const char *p = s; p < end; p++) {
        if ((lit = literal_end(p, end))) {
            p = lit;
        } else if (*p == '[') {
            const char *q = memchr(p, ']', (size_t)(end - p));
            p = q ? q : end - 1;
        } else if (strchr(set, *p)) {
            return p;
        }
    }
    return NULL;
}

static bool is_general(const char *s, size_t n)
{
    while (n && *s == ' ')
        s++, n--;
    return n >= 7 && g_ascii_strncasecmp(s, "General", 7) == 0;
}

/* A number in the section [s, s + n), which has digit placeholders: the
 * literal text before the first and after the last, the digits General
 * shows between (the register reads figures as General shows them: Excel's
 * padding, decimals and per cent are not drawn, only the text around them). */
static void number(GString *out, const char *s, size_t n, const char *general)
{
    const char *end = s + n, *first = find_code(s, n, "0#?"), *last = first;
    for (const char *p = first; p && p < end; p = find_code(p + 1, (size_t)(end - p - 1), "0#?.,%Ee+-"))
        last = p;
    literal(out, s, (size_t)(first - s), general);
    g_string_append(out, general);
    literal(out, last + 1, (size_t)(end - last - 1), general);
}

/* The condition of a section ([>5], [<=-1], [<>0], among [Red] and [$…]):
 * whether it has one, and whether d meets it. */
static bool condition(const char *s, size_t n, double d, bool *holds)
{
    const char *end = s + n, *lit;
    for (const char *p = s; p < end; p++) {
        if ((lit = literal_end(p, end))) {
            p = lit;
        } else if (*p == '[') {
            const char *q = memchr(p, ']', (size_t)(end - p));
            if (!q)
                return false;
            const char *o = p + 1;
            size_t ol = strspn(o, "<>=");
            if (ol && o + ol < q) {
                char num[64];
                size_t nl = (size_t)(q - o - ol);
                if (nl >= sizeof num)
                    nl = sizeof num - 1;
                memcpy(num, o + ol, nl);
                num[nl] = '\0';
                double v = g_ascii_strtod(num, NULL);
                if (ol == 1 && *o == '<')
                    *holds = d < v;
                else if (ol == 1 && *o == '>')
                    *holds = d > v;
                else if (ol == 1 && *o == '=')
                    *holds = d == v;
                else if (ol == 2 && o[0] == '<' && o[1] == '=')
                    *holds = d <= v;
                else if (ol == 2 && o[0] == '>' && o[1] == '=')
                    *holds = d >= v;
                else if (ol == 2 && o[0] == '<' && o[1] == '>')
                    *holds = d != v;
                else
                    *holds = false;
                return true;
            }
            p = q;
        }
    }
    return false;
}

/* The section a number takes.  Excel picks by sign (positive and zero,
 * negative, zero) unless the first or second section states a condition:
 * then the first whose condition holds, else the next section without one
 * ("[>5]"- Lưu: VT.";"- UBND huyện Phú Vang…"" shows 1 with the second, as
 * Excel and Gnumeric do); -1 when none is left. */
/* The sections numbers choose from: a last one holding @ before the fourth
 * is the text's ("0;\"UBND \"@": -7 shows "-7", not "UBND 7"; Gnumeric and
 * SheetJS's SSF choose so). */
static int number_sections(const char **sec, const size_t *len, int n)
{
    return n > 1 && n < 4 && find_code(sec[n - 1], len[n - 1], "@") ? n - 1 : n;
}

static int pick(const char **sec, const size_t *len, int n, double d, bool *conditional)
{
    bool h0 = false, h1 = false;
    bool c0 = condition(sec[0], len[0], d, &h0), c1 = n >= 2 && condition(sec[1], len[1], d, &h1);
    *conditional = c0 || c1;
    if (!*conditional) {
        if (d < 0 && n >= 2)
            return 1;
        if (d == 0 && n >= 3)
            return 2;
        return 0;
    }
    if (c0 ? h0 : !c1 || !h1)
        return 0;
    if (n >= 2 && (c1 ? h1 : true))
        return 1;
    return n >= 3 ? 2 : -1;
}

bool kc_xlsx_format_date_for(const char *code, double d)
{
    const char *sec[MAX_SECTIONS];
    size_t len[MAX_SECTIONS];
    bool conditional;
    if (!code || !*code)
        return true; /* a built-in date format */
    int n = sections(code, sec, len);
    int i = pick(sec, len, number_sections(sec, len, n), d, &conditional);
    /* kc_xlsx_format_is_date reads up to the section's ';' */
    return i >= 0 && kc_xlsx_format_is_date(sec[i]);
}

char *kc_xlsx_format_show(const char *code, const char *text, bool is_number, double d)
{
    const char *sec[MAX_SECTIONS];
    size_t len[MAX_SECTIONS];
    if (!code || !*code)
        return NULL;
    int n = sections(code, sec, len);
    GString *out = g_string_new(NULL);
    if (!is_number) {
        /* Text takes the fourth section, or the last if it holds @ (a single
         * one, or the second or third: 0;"- UBND huyện Phú Vang; "@ shows
         * text after the literal in Gnumeric).  Otherwise
         * text is shown as it is. */
        int i = n >= 4 ? 3 : (find_code(sec[n - 1], len[n - 1], "@") ? n - 1 : -1);
        if (i < 0 || is_general(sec[i], len[i])) {
            g_string_free(out, TRUE);
            return NULL;
        }
        literal(out, sec[i], len[i], text);
        return g_string_free(out, FALSE);
    }
    /* Numbers: positive (and zero), negative, zero, or as conditions say; a
     * last section holding @ before the fourth is the text's, not theirs. */
    bool conditional;
    n = number_sections(sec, len, n);
    int i = pick(sec, len, n, d, &conditional);
    if (i < 0) {
        /* no section left: Gnumeric shows the number as General, Excel #s */
        g_string_free(out, TRUE);
        return NULL;
    }
    const char *s = sec[i];
    size_t l = len[i];
    if (is_general(s, l)) {
        g_string_free(out, TRUE);
        return NULL;
    }
    if (d < 0 && n < 2 && !conditional)
        g_string_append_c(out, '-'); /* one section: Excel adds the sign; a negative section writes its own */
    char general[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(general, sizeof general, "%.15g", fabs(d));
    if (find_code(s, l, "0#?"))
        number(out, s, l, general);
    else
        literal(out, s, l, general);
    return g_string_free(out, FALSE);
}
