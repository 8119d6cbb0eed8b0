/* html.c: what every HTML page kiemchung writes shares (verify --html, index
 * --html, list --report --html, a dossier's index.html): the one escaper and
 * the one stylesheet. */
#include <stdio.h>
#include <string.h>

#include "util.h"

/* Characters that draw nothing, or that reorder what follows: bidi controls
 * (U+202E makes "hoá đơn\u202Efdp.exe" read "hoá đơnexe.pdf"), zero-width
 * spaces and joiners, the soft hyphen, the BOM, variation selectors, tags,
 * fillers, separators that break the line, and code points that are not
 * characters (unassigned, private, noncharacters).  Two names that differ
 * only by them look the same to a person. */
bool kc_char_hidden(gunichar c)
{
    switch (g_unichar_type(c)) {
    case G_UNICODE_FORMAT:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_PRIVATE_USE:
    case G_UNICODE_SURROGATE:
        return true;
    case G_UNICODE_CONTROL:
        return c >= 0x80; /* C1; C0 and DEL are refused or escaped as control characters */
    default:
        break;
    }
    return c == 0x034f || c == 0x115f || c == 0x1160 || c == 0x17b4 || c == 0x17b5 ||
           (c >= 0x180b && c <= 0x180f) || c == 0x2800 || c == 0x3164 || c == 0xffa0 ||
           (c >= 0xfe00 && c <= 0xfe0f) || (c >= 0xe0100 && c <= 0xe01ef) ||
           (c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) == 0xfffe;
}

/* The five characters markup gives a meaning, and the control characters
 * (C0 but tab, line feed and carriage return; DEL; C1 but NEL) as character
 * references, as g_markup_escape_text writes them.  Unlike it, bytes that are
 * not UTF-8 (a file name in a legacy encoding) pass through one by one
 * instead of being decoded as if they were.  Hidden characters
 * (kc_char_hidden: bidi controls, zero-width ones) are written as visible
 * text, "[U+202E]", so a page never shows a name as another. */
static bool hidden_at(const unsigned char *p, size_t *len)
{
    const char *end = g_utf8_find_next_char((const char *)p, NULL);
    gunichar c = g_utf8_get_char_validated((const char *)p, -1);
    if (c == (gunichar)-1 || c == (gunichar)-2 || !end || c < 0xa0 || !kc_char_hidden(c))
        return false;
    *len = (size_t)(end - (const char *)p);
    return true;
}

void kc_html_escape(GString *out, const char *text)
{
    size_t n;
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
        } else if (c >= 0xc2 && hidden_at(p, &n)) {
            /* Shown as what it is: a reference would still reorder or vanish. */
            g_string_append_printf(out, "[U+%04X]", (unsigned)g_utf8_get_char((const char *)p));
            p += n - 1;
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

/* The one stylesheet, inline in every page (nothing is fetched): the
 * reports' colours for verdicts, bars and badges, tables that print on A4,
 * and the classes of the dossier's index.html (td.n, .missing, code) and of
 * the rebuilt report (tr.group, tr.subgroup, tr.sub). */
const char kc_html_stylesheet[] =
    ":root{--ok:#1b7a3a;--bad:#b3261e;--warn:#a15c00;--muted:#5b6470;--line:#c9ced6}\n"
    "*{box-sizing:border-box}\n"
    "body{font-family:\"Segoe UI\",\"Noto Sans\",\"DejaVu Sans\",Arial,sans-serif;color:#1d2024;"
    "line-height:1.45;max-width:1120px;margin:1.5rem auto;padding:0 1rem;background:#fff}\n"
    "h1{font-size:1.45rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:1.6rem 0 .4rem;"
    "border-bottom:2px solid #2f5d8a;padding-bottom:.15rem}h3{font-size:1rem;margin:1.1rem 0 .3rem}\n"
    ".meta{color:var(--muted);margin:.1rem 0}\n"
    "table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.9rem}\n"
    "th,td{border:1px solid var(--line);padding:.3rem .45rem;text-align:left;vertical-align:top}\n"
    "th{background:#e8eef5;font-weight:600}tbody tr:nth-child(even) td{background:#f7f8fa}\n"
    "td.num,th.num,td.n{text-align:right;white-space:nowrap}td.nowrap{white-space:nowrap}\n"
    ".file{word-break:break-all;font-size:.8rem;color:var(--muted)}td.mark{text-align:center}\n"
    "code{font-size:.85em;word-break:break-all}td ul{margin:0;padding-left:1.2rem}\n"
    ".ratio{white-space:nowrap}.bar{display:inline-block;width:9rem;height:.75rem;background:#e3e6ea;"
    "border-radius:2px;overflow:hidden;vertical-align:middle;margin-right:.45rem}\n"
    ".bar>span{display:block;height:100%;background:var(--ok)}.bar.mid>span{background:var(--warn)}"
    ".bar.low>span{background:var(--bad)}\n"
    ".badge{display:inline-block;padding:0 .4rem;border-radius:3px;color:#fff;font-size:.82rem;"
    "white-space:nowrap}\n"
    ".badge.valid{background:var(--ok)}.badge.invalid,.badge.error{background:var(--bad)}"
    ".badge.unsigned,.badge.missing,.badge.indeterminate{background:var(--warn)}\n"
    "td ol{margin:0;padding-left:1.3rem}td ol li+li{margin-top:.3rem}\n"
    ".reason,.missing:not(.badge){color:var(--bad)}.muted{color:var(--muted)}"
    "ul.warnings{color:var(--warn);font-size:.9rem}\n"
    "tbody tr.group td{font-weight:600;background:#eef1f4}tr.subgroup td{font-style:italic}"
    "tr.sub td:first-child{color:var(--muted)}\n"
    "footer{margin-top:2rem;color:var(--muted);font-size:.8rem;border-top:1px solid var(--line);"
    "padding-top:.4rem}\n"
    "@page{size:A4;margin:14mm 12mm}\n"
    "@media print{body{max-width:none;margin:0;padding:0;font-size:9.5pt}table{font-size:8.5pt}"
    "th,td{padding:.15rem .3rem}thead{display:table-header-group}tr{break-inside:avoid}"
    "h2,h3{break-after:avoid}.bar,.bar>span,.badge,th{-webkit-print-color-adjust:exact;"
    "print-color-adjust:exact}.bar{width:6rem}}\n";
