/* html.c: what every HTML page kiemchung writes shares (verify --html, index
 * --html, list --report --html, a dossier's index.html): the one escaper. */
#include <stdio.h>
#include <string.h>

#include "util.h"

/* The five characters markup gives a meaning, and the control characters
 * (C0 but tab, line feed and carriage return; DEL; C1 but NEL) as character
 * references, as g_markup_escape_text writes them.  Unlike it, bytes that are
 * not UTF-8 (a file name in a legacy encoding) pass through one by one
 * instead of being decoded as if they were. */
void kc_html_escape(GString *out, const char *text)
{
    if (!text)
        return;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        unsigned c = *p;
        switch (c) {
        case '&': g_string_append(out, "&amp;"); continue;
        case '<': g_string_append(out, "&lt;"); continue;
        case '>': g_string_append(out, "&gt;"); continue;
        case '"': g_string_append(out, "&quot;"); continue;
        case '\'': g_string_append(out, "&apos;"); continue;
        default: break;
        }
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
            g_string_append_printf(out, "&#x%x;", c);
        } else if (c == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f && p[1] != 0x85) {
            g_string_append_printf(out, "&#x%x;", (unsigned)p[1]); /* U+0080..U+009F */
            p++;
        } else {
            g_string_append_c(out, (char)c);
        }
    }
}

void kc_html_escape_to(FILE *f, const char *text)
{
    GString *s;
    if (!text)
        return;
    s = g_string_sized_new(strlen(text) + 16);
    kc_html_escape(s, text);
    fwrite(s->str, 1, s->len, f);
    g_string_free(s, TRUE);
}
