/* report_markup.c: the markup clerks' report files carry, removed.
 *
 * The report is exported from a word processor or a web form: cells hold <b>,
 * <i>, <a href="...">, <br>, entities (&amp;, &#272;) and runs of spaces.  A
 * cell comes out as plain NFC text with single spaces, plus whether it was
 * entirely bold (how group and heading rows are told apart).  Unknown tags are
 * dropped; a '<' that opens no tag ("< 90%") is kept. */
#include <glib.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"
#include "text.h"

bool kc_report_cell_is_number(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 16 || !g_ascii_isdigit(s[0]))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!g_ascii_isdigit(s[i]) && !(s[i] == '.' && (i + 1 == n || g_ascii_isdigit(s[i + 1]))))
            return false;
    return true;
}

bool kc_report_cells_are_header(const char *first, const char *second)
{
    char *f0 = kc_text_fold(first), *f1 = kc_text_fold(second);
    bool yes = f0 && f1 && (!strcmp(f0, "stt") || !strcmp(f0, "tt") || !strcmp(f0, "so tt") ||
                            !strcmp(f0, "so thu tu")) && strstr(f1, "tieu chi");
    free(f0);
    free(f1);
    return yes;
}

static void append_entity(GString *out, const char **pp)
{
    static const struct { const char *name; const char *text; } named[] = {
        {"amp;", "&"}, {"lt;", "<"}, {"gt;", ">"}, {"quot;", "\""}, {"apos;", "'"}, {"nbsp;", " "},
    };
    const char *p = *pp + 1;
    for (size_t i = 0; i < G_N_ELEMENTS(named); i++)
        if (strncmp(p, named[i].name, strlen(named[i].name)) == 0) {
            g_string_append(out, named[i].text);
            *pp = p + strlen(named[i].name);
            return;
        }
    if (*p == '#') {
        char *end = NULL;
        unsigned long c = p[1] == 'x' || p[1] == 'X' ? strtoul(p + 2, &end, 16) : strtoul(p + 1, &end, 10);
        if (end && *end == ';' && end > p + 1 && c >= 0x20 && c < 0x110000 && g_unichar_validate((gunichar)c)) {
            g_string_append_unichar(out, (gunichar)c);
            *pp = end + 1;
            return;
        }
    }
    g_string_append_c(out, '&');
    *pp = *pp + 1;
}

/* The value of href="..." (or '...') inside a tag, entities decoded. */
static char *href_of(const char *tag, size_t len)
{
    char *t = g_strndup(tag, len), *h = strstr(t, "href="), *v = NULL;
    if (h && (h[5] == '"' || h[5] == '\'')) {
        char q = h[5], *end = strchr(h + 6, q);
        if (end) {
            GString *s = g_string_new(NULL);
            *end = 0;
            for (const char *p = h + 6; *p;)
                if (*p == '&')
                    append_entity(s, &p);
                else
                    g_string_append_c(s, *p++);
            v = g_string_free(s, FALSE);
        }
    }
    g_free(t);
    return v;
}

static void collapse(GString *s)
{
    GString *o = g_string_sized_new(s->len);
    bool sp = false;
    for (const char *p = s->str; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_isspace(c) || c == 0xA0) {
            sp = o->len > 0;
            continue;
        }
        /* "( tính minh bạch )": the spaces inside brackets were the markup's. */
        if (sp && c != ')' && !(o->len && o->str[o->len - 1] == '('))
            g_string_append_c(o, ' ');
        sp = false;
        g_string_append_unichar(o, c);
    }
    g_string_assign(s, o->str);
    g_string_free(o, TRUE);
}

/* Removes <b>, <i>, <a href>, ... and decodes entities; notes whether the whole
 * cell was bold.  An anchor whose text does not show its address keeps the
 * address in brackets, so the reference parser still sees the URL. */
char *kc_report_decode_cell(const char *in, bool *bold)
{
    GString *out = g_string_sized_new(strlen(in));
    int depth = 0;
    size_t visible = 0, outside = 0, anchor_at = 0;
    char *href = NULL;

    for (const char *p = in; *p;) {
        if (*p == '<') {
            const char *end = strchr(p, '>');
            const char *n = p + 1 + (p[1] == '/');
            bool closing = p[1] == '/';
            size_t nl = 0;
            while (g_ascii_isalnum(n[nl]))
                nl++;
            if (end && nl > 0 && g_ascii_isalpha(n[0]) && (size_t)(end - p) < 2048) {
                char *name = g_ascii_strdown(n, (gssize)nl);
                if (!strcmp(name, "b") || !strcmp(name, "strong"))
                    depth = closing ? (depth > 0 ? depth - 1 : 0) : depth + 1;
                else if (!strcmp(name, "br") || !strcmp(name, "p") || !strcmp(name, "div"))
                    g_string_append_c(out, ' ');
                else if (!strcmp(name, "a") && !closing) {
                    g_free(href);
                    href = href_of(p, (size_t)(end - p));
                    anchor_at = out->len;
                } else if (!strcmp(name, "a") && closing && href) {
                    char *text = g_strndup(out->str + anchor_at, out->len - anchor_at);
                    const char *bare = strstr(href, "://") ? strstr(href, "://") + 3 : href;
                    if (!strstr(text, bare))
                        g_string_append_printf(out, " (%s)", href);
                    g_free(text);
                    g_free(href);
                    href = NULL;
                }
                g_free(name);
                p = end + 1;
                continue;
            }
        }
        if (*p == '&') {
            append_entity(out, &p);
            continue;
        }
        const char *next = g_utf8_next_char(p);
        if (!g_unichar_isspace(g_utf8_get_char(p))) {
            visible++;
            outside += depth == 0;
        }
        g_string_append_len(out, p, next - p);
        p = next;
    }
    g_free(href);
    collapse(out);
    *bold = visible > 0 && outside == 0;
    return g_string_free(out, FALSE);
}

