/* csvout.c: writing CSV for Excel, one field at a time (util.h).  The
 * reading side is the library's fuzzed reader (src/lib/csv.c). */
#include <string.h>

#include "util.h"

void kc_csv_field(GString *out, const char *s, char sep, bool last)
{
    size_t n;
    s = s ? s : "";
    n = strlen(s);
    /* Quoted when Excel would otherwise split or trim it. */
    if (strchr(s, sep) || strpbrk(s, "\"\r\n") || (n && (s[0] == ' ' || s[n - 1] == ' '))) {
        g_string_append_c(out, '"');
        for (; *s; s++) {
            if (*s == '"')
                g_string_append_c(out, '"');
            g_string_append_c(out, *s);
        }
        g_string_append_c(out, '"');
    } else {
        g_string_append_len(out, s, (gssize)n);
    }
    if (last)
        g_string_append(out, "\r\n");
    else
        g_string_append_c(out, sep);
}
