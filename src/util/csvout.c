/* csvout.c: writing CSV for Excel, one field at a time (util.h).  The
 * reading side is the library's fuzzed reader (src/lib/csv.c). */
#include <string.h>

#include "util.h"

/* Whether Excel takes the text for a formula: "=", "+", "-" or "@" first (a
 * tab or carriage return first too, which it skips).  A register's cell or a
 * certificate's name such as =HYPERLINK("http://…","12/QĐ-UBND") would run on
 * the district's computer when it opens the table; a number ("-5", "+84")
 * would not. */
static bool formula(const char *s)
{
    char *end;

    if (!s[0] || !strchr("=+-@\t\r", s[0]) || ((s[0] == '-' || s[0] == '+') && !s[1]))
        return false; /* a lone "-" is a dash */
    (void)strtod(s, &end);
    return end == s || *end;
}

/* Whether the part of a field after one of its ',' or ';' (up to the next)
 * is a formula to an Excel that splits the line there: Excel splits a CSV at
 * the list separator of the PC's language (';' in Vietnamese, ',' in
 * English), whatever the file was written with, so "12/QĐ-UBND;=2*21;" in a
 * ','-separated table is three cells on a Vietnamese PC, the second a
 * formula.  Quotes and spaces in front of it are looked through. */
static bool part_formula(const char *s)
{
    size_t n = strcspn(s, ",;");
    while (n && (*s == '"' || *s == ' ')) {
        s++;
        n--;
    }
    char *part = g_strndup(s, n);
    bool f = formula(part);
    g_free(part);
    return f;
}

static void append(GString *out, const char *s, size_t n, bool quote)
{
    if (!quote) {
        g_string_append_len(out, s, (gssize)n);
        return;
    }
    g_string_append_c(out, '"');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            g_string_append_c(out, '"');
        g_string_append_c(out, s[i]);
    }
    g_string_append_c(out, '"');
}

static void field(GString *out, const char *s, char sep, bool last, bool exact)
{
    size_t n;
    bool guard;

    s = s ? s : "";
    n = strlen(s);
    guard = !exact && formula(s);
    /* Quoted when Excel would otherwise split or trim it; a file read back
     * quotes every separator kiemchung's reader may guess (csv.c). */
    bool quote = guard || strchr(s, sep) || strpbrk(s, exact ? ",;\t\"\r\n" : "\"\r\n") ||
                 (n && (s[0] == ' ' || s[n - 1] == ' '));
    if (!exact) {
        /* A leading apostrophe: Excel shows the text as text; one after a
         * ',' or ';' that another Excel splits at keeps that part text. */
        GString *t = g_string_new(guard ? "'" : "");
        for (size_t i = 0; i < n; i++) {
            g_string_append_c(t, s[i]);
            if ((s[i] == ',' || s[i] == ';') && part_formula(s + i + 1))
                g_string_append_c(t, '\'');
        }
        append(out, t->str, t->len, quote);
        g_string_free(t, TRUE);
    } else {
        append(out, s, n, quote);
    }
    if (last)
        g_string_append(out, "\r\n");
    else
        g_string_append_c(out, sep);
}

void kc_csv_field(GString *out, const char *s, char sep, bool last)
{
    field(out, s, sep, last, false);
}

void kc_csv_field_exact(GString *out, const char *s, char sep, bool last)
{
    field(out, s, sep, last, true);
}
