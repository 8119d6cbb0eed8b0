/* index_html.c: `kiemchung index --html FILE`: criteria 20–22 as a page in the
 * words of the commune's report ("Tiêu chí 20 … Tỷ lệ văn bản đi được ký số …
 * 12/22 (54,5%)") with a bar per ratio, then every document of the register
 * with its verdict, signers and roles, whether it went to the reviewing
 * authority, and why a signature does not count.  A district gets one row per
 * commune and its totals first, then each commune. */
#include <glib.h>
#include <string.h>

#include "index.h"

static const int numbers[] = {20, 21, 22};

static void th(FILE *f, const char *cls, const char *text)
{
    fprintf(f, "<th%s%s%s>", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
    kc_html_escape_to(f, text);
    fputs("</th>", f);
}

static void criteria_table(FILE *f, const kc_totals *t)
{
    fputs("<table class=\"criteria\"><thead><tr>", f);
    th(f, "num", _("Criterion"));
    th(f, NULL, _("Content"));
    th(f, NULL, _("Result"));
    fputs("</tr></thead><tbody>\n", f);
    for (size_t i = 0; i < G_N_ELEMENTS(numbers); i++) {
        fprintf(f, "<tr><td class=\"num\">%d</td><td>", numbers[i]);
        kc_html_escape_to(f, index_criterion_label(numbers[i]));
        fputs("</td><td>", f);
        html_bar(f, kc_totals_criterion(t, numbers[i]));
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

static void document_row(FILE *f, const index_row *r)
{
    const kc_register_row *g = r->reg;
    fputs("<tr><td class=\"num\">", f);
    if (g->line)
        fprintf(f, "%zu", g->line);
    else
        kc_html_escape_to(f, _("PDF"));
    fputs("</td><td class=\"nowrap\"><b>", f);
    kc_html_escape_to(f, g->number ? g->number : "?");
    fputs("</b></td><td class=\"nowrap\">", f);
    char *date = index_date_text(g);
    kc_html_escape_to(f, date);
    g_free(date);
    fputs("</td><td>", f);
    kc_html_escape_to(f, g->summary ? g->summary : g->type);
    if (g->file) {
        fputs("<br><span class=\"file\">", f);
        kc_html_escape_to(f, g->file);
        if (g->found == KC_FOUND_NAME || g->found == KC_FOUND_TEXT) {
            fputs(" (", f);
            kc_html_escape_to(f, index_found_word(g->found));
            fputc(')', f);
        }
        fputs("</span>", f);
    }
    fprintf(f, "</td><td><span class=\"badge %s\">", html_status_class(r->status));
    kc_html_escape_to(f, cli_status_word(r->status));
    fputs("</span>", f);
    if (r->notes) { /* beside the verdict, as verify --html shows them */
        fputs("<ul class=\"warnings\">", f);
        for (size_t k = 0; r->notes[k]; k++) {
            fputs("<li>", f);
            kc_html_escape_to(f, _("this document may look different in another viewer"));
            fputs(": ", f);
            kc_html_escape_to(f, r->notes[k]);
            fputs("</li>", f);
        }
        fputs("</ul>", f);
    }
    fputs("</td><td>", f);
    kc_html_escape_to(f, r->signers_local ? r->signers_local : r->signers);
    char *why = index_problem_text(r);
    if (why) {
        fputs("<br><span class=\"reason\">✗ ", f);
        kc_html_escape_to(f, why);
        fputs("</span>", f);
    }
    g_free(why);
    fputs("</td><td class=\"mark\">", f);
    fputs(r->to_authority ? "✓" : "—", f);
    fputs("</td></tr>\n", f);
}

/* A paragraph (or list item: tag "li") of text, which it frees. */
static void para(FILE *f, const char *tag, char *text)
{
    fprintf(f, "<%s>", tag ? tag : "p");
    kc_html_escape_to(f, text);
    fprintf(f, "</%s>\n", tag ? tag : "p");
    g_free(text);
}

static void commune_section(FILE *f, const commune *c, const index_opts *o, bool district)
{
    (void)district;
    fputs("<h2>", f);
    kc_html_escape_to(f, c->name);
    fputs("</h2>\n<p class=\"meta\">", f);
    char *count = g_strdup_printf(ngettext("%zu document", "%zu documents", c->totals.documents),
                                  c->totals.documents);
    kc_html_escape_to(f, count);
    g_free(count);
    fputs(" · ", f);
    kc_html_escape_to(f, _("register:"));
    fputc(' ', f);
    kc_html_escape_to(f, c->source);
    fputs("<br>", f);
    kc_html_escape_to(f, _("Reviewing authority:"));
    fputc(' ', f);
    kc_html_escape_to(f, index_authority_name(o));
    if (c->year)
        fprintf(f, " · %d", c->year);
    fputs("</p>\n", f);
    if (c->not_counted) {
        fputs("<p class=\"reason\">", f);
        kc_html_escape_to(f, _("Not counted:"));
        fputc(' ', f);
        kc_html_escape_to(f, c->not_counted);
        fputs("</p>\n", f);
    } else {
        criteria_table(f, &c->totals);
    }
    if (c->totals.other_agency)
        para(f, NULL, g_strdup_printf(_("Signed by another agency (not counted as signed): %zu"), c->totals.other_agency));
    if (c->agency)
        para(f, NULL, g_strdup_printf(_("Signatures count for: %s; another agency's certificate does not count"),
                                      index_agency_text(c)));
    if (c->searched)
        para(f, NULL, g_strdup_printf(_("No file column: %zu documents found by their file names, %zu by the \"Số:\" line of their text, %zu not found"),
                                      c->found_by[KC_FOUND_NAME], c->found_by[KC_FOUND_TEXT], c->found_by[KC_FOUND_NONE]));
    if (c->undated)
        para(f, NULL, g_strdup_printf(ngettext("Counted though its date cannot be read: %zu row",
                                               "Counted though their date cannot be read: %zu rows", c->undated),
                                      c->undated));
    if (c->totals.indeterminate) {
        char *line = g_strdup_printf(_("Indeterminate (certificate expired or revoked since, nothing proves the signing time; not counted as signed): %zu"),
                                     c->totals.indeterminate);
        html_p(f, NULL, line);
        g_free(line);
    }
    char *noted = index_noted_text(c, 1);
    if (noted)
        html_p(f, NULL, noted);
    g_free(noted);
    if (o->accept_claimed_time) {
        html_p(f, "reason", _("--accept-claimed-time: signing times claimed by the signers were trusted without proof."));
    }

    fputs("<h3>", f);
    kc_html_escape_to(f, _("Outgoing documents"));
    fputs("</h3>\n<table class=\"documents\"><thead><tr>", f);
    th(f, "num", _("Line"));
    th(f, NULL, _("Number"));
    th(f, NULL, _("Date"));
    th(f, NULL, _("Summary and file"));
    th(f, NULL, _("Verdict"));
    th(f, NULL, _("Signed by (role)"));
    th(f, NULL, _("Sent to the authority"));
    fputs("</tr></thead>\n<tbody>\n", f);
    for (size_t i = 0; i < c->n_rows; i++)
        document_row(f, &c->rows[i]);
    fputs("</tbody></table>\n", f);
    if (c->left_out->len) {
        fputs("<h3>", f);
        char *h = g_strdup_printf(_("Rows dated outside %d: not counted"), c->year);
        kc_html_escape_to(f, h);
        g_free(h);
        fputs("</h3>\n<ul class=\"warnings\">\n", f);
        for (guint i = 0; i < c->left_out->len; i++) {
            const kc_register_row *r = c->left_out->pdata[i];
            char *date = index_date_text(r);
            para(f, "li", g_strdup_printf("%s · %s · %s", r->where ? r->where : "", r->number ? r->number : "?", date));
            g_free(date);
        }
        fputs("</ul>\n", f);
    }
    if (c->warnings->len) {
        fputs("<h3>", f);
        kc_html_escape_to(f, _("Warnings"));
        fputs("</h3>\n<ul class=\"warnings\">\n", f);
        for (size_t i = 0; i < c->warnings->len; i++) {
            fputs("<li>", f);
            kc_html_escape_to(f, CLI_STR(c->warnings, i));
            fputs("</li>\n", f);
        }
        fputs("</ul>\n", f);
    }
}

static void district_table(FILE *f, const commune *c, size_t n, GPtrArray *notes)
{
    kc_totals all;
    size_t counted, all_signed = index_district_totals(c, n, &all, &counted);
    fputs("<h2>", f);
    kc_html_escape_to(f, _("Communes"));
    fputs("</h2>\n<table class=\"district\"><thead><tr>", f);
    th(f, NULL, _("Commune"));
    th(f, "num", _("Documents"));
    for (size_t k = 0; k < G_N_ELEMENTS(numbers); k++) {
        char *h = g_strdup_printf(_("Criterion %d"), numbers[k]);
        th(f, NULL, h);
        g_free(h);
    }
    fputs("</tr></thead><tbody>\n", f);
    for (size_t i = 0; i <= n; i++) {
        const kc_totals *t = i < n ? &c[i].totals : &all;
        fputs(i < n ? "<tr><td>" : "<tr><td><b>", f);
        kc_html_escape_to(f, i < n ? c[i].name : _("Total"));
        if (i < n && c[i].no_register)
            fputs(" *", f);
        if (i < n && c[i].not_counted) {
            fprintf(f, "</td><td class=\"num\">—</td><td colspan=\"%zu\" class=\"reason\">", G_N_ELEMENTS(numbers));
            kc_html_escape_to(f, _("not counted:"));
            fputc(' ', f);
            kc_html_escape_to(f, c[i].not_counted);
            fputs("</td></tr>\n", f);
            continue;
        }
        fprintf(f, "%s</td><td class=\"num\">%zu</td>", i < n ? "" : "</b>", t->documents);
        for (size_t k = 0; k < G_N_ELEMENTS(numbers); k++) {
            fputs("<td>", f);
            html_bar(f, kc_totals_criterion(t, numbers[k]));
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
    para(f, NULL, g_strdup_printf(ngettext("%zu of %zu commune counted", "%zu of %zu communes counted", n), counted, n));
    for (guint i = 0; notes && i < notes->len; i++)
        para(f, NULL, g_strdup(CLI_STR(notes, i)));
    fputs("<p>", f);
    kc_html_escape_to(f, _("Communes whose outgoing documents are all signed (criterion 20):"));
    fputc(' ', f);
    html_bar(f, (kc_ratio){all_signed, n});
    fputs("</p>\n", f);
    char *unregistered = index_no_register_text(c, n);
    if (unregistered)
        html_p(f, NULL, unregistered);
    g_free(unregistered);
    if (all.indeterminate) {
        char *line = g_strdup_printf(_("Indeterminate documents (not counted as signed): %zu"), all.indeterminate);
        html_p(f, NULL, line);
        g_free(line);
    }
    char *noted = index_noted_text(c, n);
    if (noted)
        html_p(f, NULL, noted);
    g_free(noted);
}

int index_print_html(FILE *f, const commune *c, size_t n, const index_opts *o, GPtrArray *notes)
{
    html_begin(f, n == 1 ? _("Digitally signed outgoing documents: criteria 20–22")
                         : _("Digitally signed outgoing documents of the communes: criteria 20–22"));
    if (n != 1)
        district_table(f, c, n, notes);
    else
        for (guint i = 0; notes && i < notes->len; i++)
            para(f, NULL, g_strdup(CLI_STR(notes, i)));
    for (size_t i = 0; i < n; i++)
        commune_section(f, &c[i], o, n != 1);
    html_end(f);
    return ferror(f) ? -1 : 0;
}
