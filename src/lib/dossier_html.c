/* dossier_html.c: index.html, the human half of a dossier: one self-contained
 * page (inline style, no script, no network) that opens in any browser after
 * unzipping and links each criterion to its evidence under data/.
 *
 * The page is in Vietnamese for the commune and the reviewing authority, and
 * deliberately not translated through gettext: its bytes are part of the
 * dossier and must not depend on the locale of the machine that made it. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier_model.h"
#include "kc_config.h"
#include "util.h"

/* The <style> element of the page kiemchung 0.1.0 wrote before every page
 * shared kc_html_stylesheet.  Its footer names the same version, so check
 * (kc_dm_html_matches) accepts this one too: a dossier made then must still
 * check. */
static const char style_before_shared[] =
    "<style>"
    "body{font-family:system-ui,'Segoe UI',Arial,sans-serif;margin:2em auto;max-width:70em;"
    "padding:0 1em;color:#222;line-height:1.4}"
    "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}"
    "table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.3em .5em;"
    "vertical-align:top;text-align:left}th{background:#f0f0f0}td.n{text-align:right;white-space:nowrap}"
    ".muted{color:#777}.missing{color:#a00}code{font-size:.85em;word-break:break-all}"
    "ul{margin:0;padding-left:1.2em}"
    "</style>";

static void file_link(GString *s, const kc_dm_file *f)
{
    char *href = g_uri_escape_string(f->pub.path, "/", FALSE);
    g_string_append(s, "<a href=\"");
    g_string_append(s, href);
    g_string_append(s, "\">");
    kc_html_escape(s, f->pub.path + 5);
    g_string_append(s, "</a>");
    g_free(href);
}

static void size_text(GString *s, uint64_t bytes)
{
    if (bytes < 1000)
        g_string_append_printf(s, "%llu B", (unsigned long long)bytes);
    else if (bytes < 1000000)
        g_string_append_printf(s, "%.1f KB", (double)bytes / 1e3);
    else if (bytes < 1000000000)
        g_string_append_printf(s, "%.1f MB", (double)bytes / 1e6);
    else
        g_string_append_printf(s, "%.2f GB", (double)bytes / 1e9);
}

static void meta_row(GString *s, const char *label, const char *value)
{
    if (!value || !*value)
        return;
    g_string_append_printf(s, "<tr><th>%s</th><td>", label);
    kc_html_escape(s, value);
    g_string_append(s, "</td></tr>\n");
}

static void criteria_table(GString *s, const kc_dossier *d)
{
    g_string_append(s, "<h2>Tiêu chí và tài liệu kiểm chứng</h2>\n<table>\n"
                       "<tr><th>STT</th><th>Tiêu chí</th><th>Báo cáo ghi</th><th>Tài liệu kiểm chứng</th></tr>\n");
    for (size_t i = 0; i < d->crit->len; i++) {
        const kc_dm_crit *c = &KC_DM_CRIT(d, i);
        if (kc_dm_crit_is_subrow(d, i)) {
            g_string_append(s, "<tr><td>");
        } else {
            g_string_append(s, "<tr id=\"tc-");
            kc_html_escape(s, c->pub.key); /* a key read back from an old dossier.json is not to be trusted */
            g_string_append(s, "\"><td>");
        }
        kc_html_escape(s, *c->pub.number ? c->pub.number : c->pub.key);
        g_string_append(s, "</td><td>");
        kc_html_escape(s, c->pub.name);
        g_string_append(s, "</td><td>");
        kc_html_escape(s, c->pub.claimed);
        g_string_append(s, "</td><td>");
        if (!c->pub.nevidence && kc_dm_crit_needs_evidence(d, i))
            g_string_append(s, "<span class=\"missing\">Chưa có tài liệu</span>");
        else
            g_string_append(s, "<ul>");
        for (size_t e = 0; e < c->pub.nevidence; e++) {
            const kc_evidence *ev = &c->pub.evidence[e];
            g_string_append(s, "<li>");
            file_link(s, &KC_DM_FILE(d, ev->file));
            if (*ev->reference) {
                g_string_append(s, " — ");
                kc_html_escape(s, ev->reference);
            }
            if (*ev->note) {
                g_string_append(s, " <span class=\"muted\">(");
                kc_html_escape(s, ev->note);
                g_string_append(s, ")</span>");
            }
            g_string_append(s, "</li>");
        }
        if (c->pub.nevidence)
            g_string_append(s, "</ul>");
        g_string_append(s, "</td></tr>\n");
    }
    g_string_append(s, "</table>\n");
}

static void files_table(GString *s, const kc_dossier *d)
{
    g_string_append(s, "<h2>Các tệp trong hồ sơ</h2>\n<table>\n"
                       "<tr><th>Tệp</th><th>Kích thước</th><th>Tiêu chí</th><th>SHA-256</th></tr>\n");
    for (size_t i = 0; i < d->files->len; i++) {
        const kc_dm_file *f = &KC_DM_FILE(d, i);
        bool first = true;
        g_string_append(s, "<tr><td>");
        file_link(s, f);
        g_string_append(s, "</td><td class=\"n\">");
        size_text(s, f->pub.size);
        g_string_append(s, "</td><td>");
        for (size_t c = 0; c < d->crit->len; c++)
            for (size_t e = 0; e < KC_DM_CRIT(d, c).pub.nevidence; e++)
                if (KC_DM_CRIT(d, c).pub.evidence[e].file == i) {
                    g_string_append_printf(s, "%s<a href=\"#tc-", first ? "" : ", ");
                    kc_html_escape(s, KC_DM_CRIT(d, c).pub.key);
                    g_string_append(s, "\">");
                    kc_html_escape(s, KC_DM_CRIT(d, c).pub.key);
                    g_string_append(s, "</a>");
                    first = false;
                    break;
                }
        if (first)
            g_string_append(s, "<span class=\"missing\">chưa gắn tiêu chí</span>");
        g_string_append_printf(s, "</td><td><code>%s</code></td></tr>\n", f->hex);
    }
    g_string_append(s, "</table>\n");
}

/* The page as kiemchung `version` wrote it with the <style> element style
 * (NULL: the shared stylesheet). */
static char *render(const kc_dossier *d, const char *version, const char *style)
{
    GString *s = g_string_sized_new(4096 + d->files->len * 400);
    uint64_t total = 0;
    size_t missing = 0;
    char year[16] = "", date[16] = "";

    for (size_t i = 0; i < d->files->len; i++)
        total += KC_DM_FILE(d, i).pub.size;
    if (d->date)
        snprintf(date, sizeof date, "%.10s", d->date);
    if (d->meta.year)
        snprintf(year, sizeof year, "%d", d->meta.year);
    g_string_append(s, "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    g_string_append(s, "Hồ sơ tài liệu kiểm chứng");
    if (d->meta.commune) {
        g_string_append(s, " – ");
        kc_html_escape(s, d->meta.commune);
    }
    if (*year)
        g_string_append_printf(s, " – năm %s", year);
    g_string_append(s, "</title>\n");
    if (style)
        g_string_append(s, style);
    else
        g_string_append_printf(s, "<style>\n%s</style>", kc_html_stylesheet);
    g_string_append(s, "\n</head>\n<body>\n");
    g_string_append(s, "<h1>Hồ sơ tài liệu kiểm chứng Chính quyền điện tử</h1>\n<table>\n");
    meta_row(s, "Xã, phường, thị trấn", d->meta.commune);
    meta_row(s, "Huyện", d->meta.district);
    meta_row(s, "Tỉnh, thành phố", d->meta.province);
    meta_row(s, "Năm đánh giá", year);
    meta_row(s, "Ngày lập hồ sơ", date);
    meta_row(s, "Bộ tiêu chí", d->catalog_name);
    meta_row(s, "Báo cáo", !d->report_name ? NULL
                           : d->report_docx_src || d->report_docx_old ? KC_REPORT_DOCX_ENTRY " (" KC_REPORT_ENTRY ")"
                                                                      : KC_REPORT_ENTRY);
    g_string_append_printf(s, "<tr><th>Số tệp</th><td>%zu (", (size_t)d->files->len);
    size_text(s, total);
    g_string_append(s, ")</td></tr>\n</table>\n");
    criteria_table(s, d);
    for (size_t i = 0; i < d->crit->len; i++)
        missing += !KC_DM_CRIT(d, i).pub.nevidence && kc_dm_crit_needs_evidence(d, i);
    if (missing) {
        g_string_append(s, "<h2>Tiêu chí chưa có tài liệu kiểm chứng</h2>\n<p>");
        for (size_t i = 0, k = 0; i < d->crit->len; i++)
            if (!KC_DM_CRIT(d, i).pub.nevidence && kc_dm_crit_needs_evidence(d, i)) {
                g_string_append_printf(s, "%s<a href=\"#tc-", k++ ? ", " : "");
                kc_html_escape(s, KC_DM_CRIT(d, i).pub.key);
                g_string_append(s, "\">");
                kc_html_escape(s, KC_DM_CRIT(d, i).pub.key);
                g_string_append(s, "</a>");
            }
        g_string_append(s, "</p>\n");
    }
    files_table(s, d);
    g_string_append(s, "<p class=\"muted\">" KC_HTML_MADE_BY);
    kc_html_escape(s, version);
    g_string_append(s, ". Kiểm tra tính toàn vẹn: "
                       "<code>kiemchung check</code> với tệp hồ sơ, hoặc <code>sha256sum -c manifest-sha256.txt</code> "
                       "trong thư mục đã giải nén.</p>\n</body>\n</html>\n");
    return g_string_free(s, FALSE);
}

char *kc_dm_to_html(const kc_dossier *d)
{
    return render(d, KC_VERSION, NULL);
}

char *kc_dm_to_html_by(const kc_dossier *d, const char *version)
{
    return render(d, version, NULL);
}

static bool same_page(const char *want, const char *html, size_t len)
{
    return want && strlen(want) == len && memcmp(want, html, len) == 0;
}

bool kc_dm_html_matches(const kc_dossier *d, const char *html, size_t len)
{
    /* The version is what stands between the footer's words and ". " */
    const char *v = g_strrstr_len(html, (gssize)len, KC_HTML_MADE_BY), *end;
    char *version = NULL, *want = NULL;
    bool same = false;
    if (v) {
        v += strlen(KC_HTML_MADE_BY);
        end = memchr(v, ' ', (size_t)(html + len - v));
        size_t n = end && end > v ? (size_t)(end - v) - 1 : 0;
        if (n && n < 64 && strspn(v, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.+~-") >= n)
            version = g_strndup(v, n);
    }
    if (version) {
        same = same_page(want = render(d, version, NULL), html, len);
        if (!same && strcmp(version, "0.1.0") == 0) {
            free(want);
            same = same_page(want = render(d, version, style_before_shared), html, len);
        }
    }
    g_free(version);
    free(want);
    return same;
}
