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
    if (guard) {
        /* A leading apostrophe: Excel shows the text as text. */
        GString *t = g_string_new("'");
        g_string_append_len(t, s, (gssize)n);
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
