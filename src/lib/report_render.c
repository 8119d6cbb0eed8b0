/* report_render.c: the report rebuilt for reading (text, HTML) and as JSON.
 *
 * `kiemchung list DOSSIER.zip --report` shows years later what a commune
 * submitted, so the layout follows the report itself: its title and free text,
 * its parts, its own column titles (taken from the header rows, so a province's
 * wording survives), groups, sub-groups, criteria and sub-rows.  The HTML page
 * is self-contained (inline style, no script) and every string is escaped; web
 * addresses the evidence cites become links. */
#include <glib.h>
#include "json_lib.h"
#include <stdlib.h>
#include <string.h>

#include "docref_internal.h"
#include "i18n.h"
#include "report_internal.h"
#include "text.h"
#include "util.h"

/* The header row in force at item i (the last one before it), or NULL. */
static const kc_report_item *header_before(const kc_report *r, size_t i)
{
    while (i-- > 0)
        if (KC_REPORT_ITEM(r, i).kind == KC_ITEM_HEADER)
            return &KC_REPORT_ITEM(r, i);
    return NULL;
}

/* Title of evidence column e (0-based among the evidence columns). */
static const char *evidence_title(const kc_report_item *h, size_t e)
{
    if (!h)
        return e == 0 ? _("Evidence") : "";
    for (size_t k = 2; k < h->ncells; k++) {
        if (k == h->crit)
            continue;
        if (e-- == 0)
            return h->cells[k];
    }
    return "";
}

static void text_criterion(GString *o, const kc_criterion *c, const kc_report_item *h)
{
    if (*c->number)
        g_string_append_printf(o, "  %s. %s\n", c->number, c->name);
    else
        g_string_append_printf(o, "  (%s) %s\n", c->key, c->name);
    if (*c->unit)
        g_string_append_printf(o, "      %s: %s\n", h && h->crit < h->ncells ? h->cells[h->crit] : _("Responsible unit"),
                               c->unit);
    for (size_t e = 0; e < c->ncells; e++)
        if (*c->cells[e]) {
            const char *t = evidence_title(h, e);
            g_string_append_printf(o, "      %s: %s\n", *t ? t : _("Evidence"), c->cells[e]);
        }
}

static void render_text(GString *o, const kc_report *r)
{
    if (*kc_report_title(r)) {
        g_string_append_printf(o, "%s\n", r->title);
        for (glong k = g_utf8_strlen(r->title, -1); k > 0; k--)
            g_string_append_c(o, '=');
        g_string_append(o, "\n\n");
    }
    for (size_t i = 0; i < r->items->len; i++) {
        const kc_report_item *it = &KC_REPORT_ITEM(r, i);
        switch (it->kind) {
        case KC_ITEM_TEXT:
            g_string_append_printf(o, "%s\n\n", it->text);
            break;
        case KC_ITEM_PART:
            g_string_append_printf(o, "\n%s\n", it->text);
            for (glong k = g_utf8_strlen(it->text, -1); k > 0; k--)
                g_string_append_c(o, '-');
            g_string_append_c(o, '\n');
            break;
        case KC_ITEM_HEADER:
            break;
        case KC_ITEM_GROUP:
            g_string_append_printf(o, "%s. %s\n", it->label, it->text);
            break;
        case KC_ITEM_SUBGROUP:
            g_string_append_printf(o, "  — %s\n", it->text);
            break;
        case KC_ITEM_CRITERION:
            text_criterion(o, &KC_REPORT_CRIT(r, it->crit), header_before(r, i));
            break;
        }
    }
}

/* An evidence cell with the addresses it cites made links. */
static void html_evidence(GString *o, const char *cell, const kc_criterion *c, size_t cell_start)
{
    size_t pos = 0, len = strlen(cell);
    for (size_t i = 0; i < kc_docref_count(c->refs); i++) {
        const kc_docref *r = kc_docref_get(c->refs, i);
        size_t tl = strlen(r->text);
        if (r->kind != KC_DOCREF_URL || r->offset < cell_start + pos || r->offset + tl > cell_start + len)
            continue;
        size_t at = r->offset - cell_start;
        if (strncmp(cell + at, r->text, tl) != 0)
            continue;
        char *before = g_strndup(cell + pos, at - pos);
        kc_html_escape(o, before);
        g_free(before);
        g_string_append(o, "<a href=\"");
        kc_html_escape(o, r->url);
        g_string_append(o, "\">");
        kc_html_escape(o, r->text);
        g_string_append(o, "</a>");
        pos = at + tl;
    }
    kc_html_escape(o, cell + pos);
}

static void html_header(GString *o, const kc_report_item *h)
{
    g_string_append(o, "<table>\n<thead><tr>");
    for (size_t k = 0; h && k < h->ncells; k++) {
        g_string_append(o, "<th>");
        kc_html_escape(o, h->cells[k]);
        g_string_append(o, "</th>");
    }
    if (!h)
        g_string_append_printf(o, "<th>STT</th><th>%s</th><th>%s</th><th>%s</th>", _("Criterion"),
                               _("Responsible unit"), _("Evidence"));
    g_string_append(o, "</tr></thead>\n<tbody>\n");
}

static size_t columns(const kc_report_item *h)
{
    return h && h->ncells >= 2 ? h->ncells : 4;
}

static void html_criterion(GString *o, const kc_criterion *c, const kc_report_item *h)
{
    size_t ncol = columns(h), unit_col = h ? h->crit : 2, e = 0, acc = 0;
    /* Where each cell starts in the joined evidence the references index. */
    size_t *starts = calloc(c->ncells + 1, sizeof *starts);

    for (size_t k = 0; starts && k < c->ncells; k++) {
        starts[k] = acc;
        if (*c->cells[k])
            acc += strlen(c->cells[k]) + 1;
    }
    g_string_append(o, "<tr id=\"c");
    kc_html_escape(o, c->key);
    g_string_append_printf(o, "\"%s><td>", *c->number ? "" : " class=\"sub\"");
    kc_html_escape(o, c->number);
    g_string_append(o, c->heading ? "</td><td><strong>" : "</td><td>");
    kc_html_escape(o, c->name);
    g_string_append(o, c->heading ? "</strong></td>" : "</td>");
    for (size_t k = 2; k < ncol; k++) {
        g_string_append(o, "<td>");
        if (k == unit_col) {
            kc_html_escape(o, c->unit);
        } else {
            /* The last column also takes any cells beyond the header's. */
            size_t last = k + 1 == ncol ? c->ncells : e + 1;
            bool first = true;
            for (; e < last && e < c->ncells; e++) {
                if (!*c->cells[e])
                    continue;
                if (!first)
                    g_string_append_c(o, ' ');
                if (starts)
                    html_evidence(o, c->cells[e], c, starts[e]);
                else
                    kc_html_escape(o, c->cells[e]);
                first = false;
            }
        }
        g_string_append(o, "</td>");
    }
    g_string_append(o, "</tr>\n");
    free(starts);
}

static bool same_header(const kc_report_item *a, const kc_report_item *b)
{
    if (!a || !b || a->ncells != b->ncells)
        return false;
    for (size_t k = 0; k < a->ncells; k++)
        if (!kc_text_equal_folded(a->cells[k], b->cells[k]))
            return false;
    return true;
}

static void render_html(GString *o, const kc_report *r)
{
    const kc_report_item *table = NULL;
    bool open = false;

    g_string_append(o, "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
    kc_html_escape(o, *r->title ? r->title : _("Evidence report"));
    g_string_append_printf(o, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", kc_html_stylesheet);
    if (*r->title) {
        g_string_append(o, "<h1>");
        kc_html_escape(o, r->title);
        g_string_append(o, "</h1>\n");
    }
    for (size_t i = 0; i < r->items->len; i++) {
        const kc_report_item *it = &KC_REPORT_ITEM(r, i);
        if (it->kind == KC_ITEM_TEXT || it->kind == KC_ITEM_PART) {
            if (open)
                g_string_append(o, "</tbody>\n</table>\n");
            open = false;
            g_string_append(o, it->kind == KC_ITEM_TEXT ? "<p>" : "<h2>");
            kc_html_escape(o, it->text);
            g_string_append(o, it->kind == KC_ITEM_TEXT ? "</p>\n" : "</h2>\n");
            continue;
        }
        if (it->kind == KC_ITEM_HEADER) {
            /* A header repeated at a page break continues the table; another
             * set of columns starts a new one. */
            if (open && !same_header(table, it)) {
                g_string_append(o, "</tbody>\n</table>\n");
                open = false;
            }
            table = it;
            continue;
        }
        if (!open) {
            html_header(o, table);
            open = true;
        }
        size_t span = columns(table) - 1;
        if (it->kind == KC_ITEM_GROUP || it->kind == KC_ITEM_SUBGROUP) {
            g_string_append_printf(o, "<tr class=\"%s\"><td>", it->kind == KC_ITEM_GROUP ? "group" : "subgroup");
            if (it->label)
                kc_html_escape(o, it->label);
            g_string_append_printf(o, "</td><td colspan=\"%zu\">", span);
            kc_html_escape(o, it->text);
            g_string_append(o, "</td></tr>\n");
        } else {
            html_criterion(o, &KC_REPORT_CRIT(r, it->crit), table);
        }
    }
    if (open)
        g_string_append(o, "</tbody>\n</table>\n");
    g_string_append(o, "</body>\n</html>\n");
}

int kc_report_render(char **out, const kc_report *r, kc_render_format fmt, kc_error *err)
{
    GString *o;
    if (!out || !r)
        return kc_error_set(err, KC_EINVAL, "%s", _("no report to render"));
    o = g_string_new(NULL);
    if (fmt == KC_RENDER_HTML)
        render_html(o, r);
    else
        render_text(o, r);
    *out = g_string_free(o, FALSE);
    return 0;
}

static void member_date(JsonBuilder *b, const char *key, const kc_date *d)
{
    char buf[16];
    if (d->year)
        kc_json_add_str(b, key, kc_date_format(d, buf, sizeof buf));
}

static const char *kind_name(kc_docref_kind k)
{
    static const char *const names[] = {"document", "invoice", "url", "figure"};
    return (unsigned)k < G_N_ELEMENTS(names) ? names[k] : "?";
}

static void json_ref(JsonBuilder *b, const kc_docref *r)
{
    static const char *const figures[] = {NULL, "ratio", "percent", "count"};
    json_builder_begin_object(b);
    kc_json_add_str(b, "kind", kind_name(r->kind));
    kc_json_add_str(b, "text", r->text);
    if (r->kind == KC_DOCREF_DOCUMENT || r->kind == KC_DOCREF_INVOICE) {
        kc_json_add_str(b, "type", r->type);
        kc_json_add_str(b, "type_name", r->type_name);
        kc_json_add_str(b, "number", r->number);
        kc_json_add_str(b, "symbol", r->symbol);
        kc_json_add_str(b, "issuer", r->issuer);
        member_date(b, "date", &r->date);
        member_date(b, "from", &r->from);
        member_date(b, "to", &r->to);
    } else if (r->kind == KC_DOCREF_URL) {
        kc_json_add_str(b, "url", r->url);
    } else if (r->figure > 0 && (size_t)r->figure < G_N_ELEMENTS(figures)) {
        kc_json_add_str(b, "figure", figures[r->figure]);
        if (r->figure == KC_FIGURE_RATIO) {
            json_builder_set_member_name(b, "numerator");
            json_builder_add_double_value(b, r->numerator);
            json_builder_set_member_name(b, "denominator");
            json_builder_add_double_value(b, r->denominator);
        } else {
            json_builder_set_member_name(b, "value");
            json_builder_add_double_value(b, r->value);
        }
        if (r->unit)
            kc_json_add_str(b, "unit", r->unit);
        if (r->bound) {
            json_builder_set_member_name(b, "bound");
            json_builder_add_int_value(b, r->bound);
        }
    }
    json_builder_end_object(b);
}

/* Where a criterion stands in the report: its parent row, part and groups. */
static void json_context(JsonBuilder *b, const kc_criterion *c)
{
    kc_json_add_str(b, "parent", c->parent);
    kc_json_add_str(b, "part", c->part);
    kc_json_add_str(b, "group", c->group);
    kc_json_add_str(b, "group_title", c->group_title);
    kc_json_add_str(b, "subgroup", c->subgroup);
}

static void json_refs(JsonBuilder *b, const kc_criterion *c)
{
    json_builder_set_member_name(b, "references");
    json_builder_begin_array(b);
    for (size_t k = 0; k < kc_docref_count(c->refs); k++)
        json_ref(b, kc_docref_get(c->refs, k));
    json_builder_end_array(b);
}

char *kc_report_criterion_detail(const kc_criterion *c)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    json_context(b, c);
    kc_json_add_str(b, "unit", c->unit);
    kc_json_add_int(b, "line", c->line);
    json_refs(b, c);
    json_builder_end_object(b);
    return kc_json_finish(b, false);
}

char *kc_report_to_json(const kc_report *r)
{
    JsonBuilder *b;

    if (!r)
        return NULL;
    b = json_builder_new();
    json_builder_begin_array(b);
    for (size_t i = 0; i < r->crit->len; i++) {
        const kc_criterion *c = &KC_REPORT_CRIT(r, i);
        json_builder_begin_object(b);
        kc_json_add_str(b, "number", c->number);
        kc_json_add_str(b, "key", c->key);
        json_context(b, c);
        kc_json_add_str(b, "name", c->name);
        kc_json_add_str(b, "unit", c->unit);
        kc_json_add_str(b, "evidence", c->evidence);
        kc_json_add_bool(b, "heading", c->heading);
        kc_json_add_int(b, "line", c->line);
        json_refs(b, c);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    return kc_json_finish(b, false);
}
