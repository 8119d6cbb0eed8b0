/* review_output.c: `kiemchung review` as a readable table and as a page: one
 * line per commune (its dossier's check and seal, the report's findings,
 * criteria 20–22 from the register beside what the report claims), the
 * district's totals, then each commune to review in detail: the claims the
 * register does not bear out, the documents not validly signed and why, the
 * dossier's problems and the warnings. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "review.h"

static const int numbers[] = {20, 21, 22};

static const char *problem_words(const char *problem)
{
    const char *why = problem ? cli_reason_text(problem) : NULL;
    return why ? why : problem;
}

/* The reviewing authority as the heading names it. */
static const char *authority_text(const review_print_opts *o)
{
    return o->authority ? o->authority : _("the district (the province from July 2025)");
}

/* The ratio of criterion k as the table shows it ("71,4%"), or "—"; marked
 * "*" when documents in it were counted by a certificate that does not tie
 * them to the commune (the line under it says how many). */
static const char *ratio_text(const kc_review_row *row, int k, char *buf, size_t n)
{
    if (!row->computed)
        return "—";
    kc_ratio_format_local(kc_totals_criterion(&row->totals, numbers[k]), buf, n);
    if (kc_untied_in(&row->untied, numbers[k]) && strlen(buf) + 2 <= n)
        strcat(buf, "*");
    if (kc_untied_no_office_in(&row->untied, numbers[k]) && strlen(buf) + 4 <= n)
        strcat(buf, "†");
    return buf;
}

/* Whether a figure's documents were counted so, or only by staff naming no
 * office: the sentences behind its marks are printed. */
static bool marked(const kc_untied_tally *t)
{
    return kc_untied_count(t) || t->no_office.documents;
}

/* ---- text ------------------------------------------------------------------------------ */

/* s right-aligned in width terminal columns ("—" is one column, three bytes). */
static void put_right(FILE *out, const char *s, size_t width)
{
    for (size_t w = cli_width(s); w < width; w++)
        fputc(' ', out);
    fputs(s, out);
}

static void line(FILE *out, const char *commune, const char *year, const char *check, const char *seal,
                 const char *findings, const char *docs, const char *c[3], const char *result)
{
    cli_put_padded(out, commune, 24);
    fputc(' ', out);
    cli_put_padded(out, year, 5);
    fputc(' ', out);
    cli_put_padded(out, check, 14);
    fputc(' ', out);
    cli_put_padded(out, seal, 13);
    put_right(out, findings, 9);
    put_right(out, docs, 10);
    for (int k = 0; k < 3; k++) {
        fputs("  ", out);
        cli_put_padded(out, c[k], 7);
    }
    if (*result)
        fprintf(out, "  %s", result);
    fputc('\n', out);
}

/* Under a row (or the total) whose figures hold such documents: how many in
 * each, in its column ("" for none). */
static void untied_line(FILE *out, const kc_untied_tally *t)
{
    char n[3][24];
    const char *c[3];
    if (!kc_untied_count(t))
        return;
    for (int k = 0; k < 3; k++) {
        size_t in = kc_untied_in(t, numbers[k]);
        n[k][0] = '\0';
        if (in)
            snprintf(n[k], sizeof n[k], "%zu", in);
        c[k] = n[k];
    }
    /* TRANSLATORS: under a commune's ratios marked "*" (at most 24 columns): how many documents in
     * each were counted by a leader's or organisation's certificate that names no district or
     * province of the commune. */
    line(out, _("  * not tied to commune"), "", "", "", "", "", c, "");
}

/* Under a row (or the total) whose figures hold documents counted only by
 * staff whose certificate names no office: how many in each (rtcert19). */
static void office_line(FILE *out, const kc_untied_tally *t)
{
    char n[3][24];
    const char *c[3];
    if (!t->no_office.documents)
        return;
    for (int k = 0; k < 3; k++) {
        size_t in = kc_untied_no_office_in(t, numbers[k]);
        n[k][0] = '\0';
        if (in)
            snprintf(n[k], sizeof n[k], "%zu", in);
        c[k] = n[k];
    }
    /* TRANSLATORS: under a commune's ratios marked "†" (at most 24 columns): how many documents in
     * each were counted only by a person's certificate filed under the committee naming no office. */
    line(out, _("  † no office named"), "", "", "", "", "", c, "");
}

/* A row's year, findings and documents as the table shows them ("—": none). */
typedef struct row_text {
    char year[8], findings[16], docs[16];
    char *check;
} row_text;

static void row_text_init(row_text *t, const kc_review_row *row)
{
    snprintf(t->year, sizeof t->year, "%.0d", row->year); /* nothing for 0 */
    snprintf(t->findings, sizeof t->findings, "—");
    snprintf(t->docs, sizeof t->docs, "—");
    if (row->lint)
        snprintf(t->findings, sizeof t->findings, "%zu", kc_lint_count(row->lint));
    if (row->computed)
        snprintf(t->docs, sizeof t->docs, "%zu", row->totals.documents);
    t->check = kc_review_check_text(row);
}

static void table_row(FILE *out, const kc_review_row *row)
{
    char p[3][16];
    const char *c[3];
    row_text t;
    row_text_init(&t, row);
    for (int k = 0; k < 3; k++)
        c[k] = ratio_text(row, k, p[k], sizeof p[k]);
    line(out, row->commune, t.year, t.check, kc_review_seal_text(row), t.findings, t.docs, c,
         row->ok ? _("ok") : _("to review"));
    g_free(t.check);
    bool claims = false;
    char *marked[3];
    for (int k = 0; k < 3; k++) {
        const kc_review_claim *cl = &row->claims[k];
        /* ✗: the register does not bear the claim out. */
        c[k] = marked[k] = g_strdup_printf("%s%s", cl->text ? cl->text : "", cl->holds == 0 ? " ✗" : "");
        claims |= cl->text != NULL;
    }
    if (claims)
        /* TRANSLATORS: under a commune's computed ratios, the figures its report claims. */
        line(out, _("  report claims"), "", "", "", "", "", c, "");
    for (int k = 0; k < 3; k++)
        g_free(marked[k]);
    untied_line(out, &row->untied);
    office_line(out, &row->untied);
}

/* One criterion of a commune: what the register gives, and what the report claims beside it
 * (the text's detail, and the page's list, which showed "claimed 100% ✗" unexplained before). */
static void criterion_line(FILE *out, const kc_review_row *row, int k)
{
    const kc_review_claim *cl = &row->claims[k];
    kc_ratio r = kc_totals_criterion(&row->totals, numbers[k]);
    char pct[16];
    if (!row->computed && !cl->text)
        return;
    fprintf(out, _("  Criterion %d: "), numbers[k]);
    if (row->computed)
        fprintf(out, _("the register gives %zu/%zu (%s)"), r.numerator, r.denominator,
                kc_ratio_format_local(r, pct, sizeof pct));
    else
        fputs(_("not computed"), out);
    size_t untied = kc_untied_in(&row->untied, numbers[k]);
    if (untied)
        fprintf(out, ngettext(", %zu of them by a certificate not tied to the commune (below)",
                              ", %zu of them by certificates not tied to the commune (below)", untied),
                untied);
    size_t no_office = kc_untied_no_office_in(&row->untied, numbers[k]);
    if (no_office)
        fprintf(out,
                ngettext(", %zu of them only by a person whose certificate names no office (below)",
                         ", %zu of them only by people whose certificates name no office (below)", no_office),
                no_office);
    if (cl->text)
        fprintf(out, _("; the report claims %s%s"), cl->text,
                cl->holds == 0 ? _(": not borne out") : cl->holds == 1 ? _(": borne out") : "");
    fputc('\n', out);
}

/* "Report: N findings (kiemchung lint lists them)", for the text and the page alike. */
static char *findings_text(const kc_review_row *row)
{
    size_t n = kc_lint_count(row->lint);
    return g_strdup_printf(ngettext("  Report: %zu finding (kiemchung lint lists them)\n",
                                    "  Report: %zu findings (kiemchung lint lists them)\n", n),
                           n);
}

static void print_detail(FILE *out, const kc_review_row *row, bool verbose)
{
    fprintf(out, "\n%s", row->commune);
    if (row->dossier)
        fprintf(out, " (%s)", row->dossier);
    fprintf(out, ": %s\n", row->ok ? _("ok") : _("to review"));
    if (row->error)
        fprintf(out, "  ✗ %s\n", row->error);
    for (int k = 0; k < 3; k++)
        criterion_line(out, row, k);
    if (row->computed && (row->totals.indeterminate || row->totals.other_agency))
        fprintf(out, _("  Indeterminate: %zu; signed only by another agency: %zu (neither counts as signed)\n"),
                row->totals.indeterminate, row->totals.other_agency);
    size_t noted = kc_review_row_noted(row);
    if (noted)
        fprintf(out, ngettext("  %zu signed document carries a note: it may look different in another viewer (see verify)\n",
                              "  %zu signed documents carry a note: they may look different in another viewer (see verify)\n",
                              noted),
                noted);
    if (row->check && kc_check_seal(row->check)) {
        const kc_sig_info *s = kc_check_seal(row->check);
        fprintf(out, _("  Seal: %s, by %s\n"), kc_review_seal_text(row), s->signer ? s->signer : "?");
    } else if (row->dossier && !row->error && row->check && kc_check_archive_problem(row->check)) {
        /* "none (not sealed)" of a copy cut short sent the reviewer to ask
         * the commune for a seal it may have made (newcomer42). */
        fprintf(out, "  %s\n", _("Seal: not read (the file is no readable zip: see below)"));
    } else if (row->dossier && !row->error) {
        fprintf(out, "  %s\n", _("Seal: none (the dossier is not sealed)"));
    }
    if (row->report) {
        char *said = findings_text(row);
        fputs(said, out);
        g_free(said);
    }
    bool header = false;
    for (size_t i = 0; i < row->ndocs; i++) {
        const kc_review_doc *d = &row->docs[i];
        if (d->counted && !verbose)
            continue;
        if (!header)
            fputs(verbose ? _("  Documents:\n") : _("  Documents not validly signed:\n"), out);
        header = true;
        char at[24] = "-";
        if (d->row->line)
            snprintf(at, sizeof at, "%zu", d->row->line);
        fprintf(out, "  %-8s ", at);
        cli_put_padded(out, d->row->number ? d->row->number : "?", 20);
        fputc(' ', out);
        if (d->problem) {
            cli_put_padded(out, cli_status_word(d->status), 14);
            fprintf(out, " — %s\n", problem_words(d->problem));
        } else {
            fprintf(out, "%s\n", cli_status_word(d->status));
        }
    }
    for (size_t i = 0; row->check && i < kc_check_problem_count(row->check); i++) {
        const kc_problem *p = kc_check_problem(row->check, i);
        if (strcmp(p->code, "signature") == 0)
            continue; /* the documents above */
        fprintf(out, "  ✗ %s%s%s [%s]\n", p->path, *p->path ? ": " : "", p->message, p->code);
    }
    for (size_t i = 0; i < row->nwarnings; i++)
        fprintf(out, "  ! %s\n", row->warnings[i]);
}

void review_print_text(FILE *out, const kc_review *r, const review_print_opts *o)
{
    const char *heads[3] = {"20", "21", "22"};
    char p[3][16], docs[16];
    const char *c[3];
    kc_review_sums s;

    line(out, _("Commune"), _("Year"), _("Check"), _("Seal"), _("Findings"), _("Documents"), heads, _("Result"));
    for (size_t i = 0; i < kc_review_count(r); i++)
        table_row(out, kc_review_get(r, i));
    kc_review_sum(r, &s);
    for (int k = 0; k < 3; k++) {
        c[k] = kc_ratio_format_local(kc_totals_criterion(&s.totals, numbers[k]), p[k], sizeof p[k]);
        if (kc_untied_in(&s.untied, numbers[k]))
            strcat(p[k], "*");
        if (kc_untied_no_office_in(&s.untied, numbers[k]))
            strcat(p[k], "†");
    }
    snprintf(docs, sizeof docs, "%zu", s.totals.documents);
    line(out, _("Total"), "", "", "", "", docs, c, "");
    char *note = kc_review_sums_note(&s); /* the total is one year's */
    if (note)
        fprintf(out, "! %s\n", note);
    g_free(note);
    untied_line(out, &s.untied);
    office_line(out, &s.untied);
    fprintf(out, _("\nDossiers that check, with every document signed: %zu/%zu\n"), s.ok, s.rows);
    fprintf(out, _("Communes whose outgoing documents are all signed (criterion 20): %zu/%zu (%s)\n"), s.all_signed,
            s.counted, kc_ratio_format_local((kc_ratio){s.all_signed, s.counted}, p[0], sizeof p[0]));
    if (o->year)
        fprintf(out, _("Year under review: %d\n"), o->year);
    fprintf(out, _("Reviewing authority: %s\n"), authority_text(o));
    for (size_t i = 0; i < kc_review_count(r); i++) {
        const kc_review_row *row = kc_review_get(r, i);
        if (!row->ok || o->verbose || marked(&row->untied)) /* the sentences behind the "*" */
            print_detail(out, row, o->verbose);
    }
}

/* ---- HTML ------------------------------------------------------------------------------ */

static void cell(FILE *f, const char *cls, const char *text)
{
    fprintf(f, "<td%s%s%s>", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
    kc_html_escape_to(f, text);
    fputs("</td>", f);
}


/* "* N not tied to the commune" after a figure (kc_untied_in), after SEP;
 * nothing when N is 0. */
static void html_untied(FILE *f, size_t untied, const char *sep)
{
    if (!untied)
        return;
    char *said = g_strdup_printf(ngettext("* %zu not tied to the commune", "* %zu not tied to the commune", untied),
                                 untied);
    fputs(sep, f);
    fputs("<span class=\"reason untied\">", f);
    kc_html_escape_to(f, said);
    fputs("</span>", f);
    g_free(said);
}

/* "† N with no office named" after a figure (kc_untied_no_office_in), after
 * SEP; nothing when N is 0 (rtcert19). */
static void html_no_office(FILE *f, size_t n, const char *sep)
{
    if (!n)
        return;
    char *said = g_strdup_printf(ngettext("† %zu signed by staff naming no office",
                                          "† %zu signed by staff naming no office", n),
                                 n);
    fputs(sep, f);
    fputs("<span class=\"reason untied\">", f);
    kc_html_escape_to(f, said);
    fputs("</span>", f);
    g_free(said);
}

static void html_row(FILE *f, const kc_review_row *row)
{
    char pct[16];
    row_text t;
    row_text_init(&t, row);
    fputs("<tr>", f);
    cell(f, NULL, row->commune);
    cell(f, "num", t.year);
    cell(f, row->problems || row->error ? "bad" : NULL, t.check);
    cell(f, strcmp(row->seal, "valid") ? "bad" : NULL, kc_review_seal_text(row));
    cell(f, "num", t.findings);
    cell(f, "num", t.docs);
    for (int k = 0; k < 3; k++) {
        const kc_review_claim *cl = &row->claims[k];
        size_t untied = kc_untied_in(&row->untied, numbers[k]);
        fputs("<td class=\"num\">", f);
        kc_html_escape_to(f, ratio_text(row, k, pct, sizeof pct));
        html_untied(f, untied, "<br>");
        html_no_office(f, kc_untied_no_office_in(&row->untied, numbers[k]), "<br>");
        if (cl->text) {
            fprintf(f, "<br><span class=\"%s\">", cl->holds == 0 ? "reason" : "file");
            kc_html_escape_to(f, _("claimed"));
            fputc(' ', f);
            kc_html_escape_to(f, cl->text);
            fputs(cl->holds == 0 ? " ✗</span>" : "</span>", f);
        }
        fputs("</td>", f);
    }
    char counts[48] = "—";
    if (row->computed)
        snprintf(counts, sizeof counts, "%zu / %zu", row->totals.indeterminate, row->totals.other_agency);
    cell(f, "num", counts);
    fprintf(f, "<td><span class=\"badge %s\">", row->ok ? "valid" : "invalid");
    kc_html_escape_to(f, row->ok ? _("ok") : _("to review"));
    fputs("</span></td></tr>\n", f);
    g_free(t.check);
}

/* One item of a commune's list on the page: a line of the text's detail, its indent and
 * newline taken off. */
static void html_li(FILE *f, char *text)
{
    fputs("<li>", f);
    kc_html_escape_to(f, g_strstrip(text));
    fputs("</li>\n", f);
}

static void html_detail(FILE *f, const kc_review_row *row)
{
    fputs("<h2>", f);
    kc_html_escape_to(f, row->commune);
    fputs("</h2>\n<p class=\"meta\">", f);
    kc_html_escape_to(f, row->dossier ? row->dossier : _("not submitted"));
    fputs("</p>\n<ul class=\"warnings\">\n", f);
    if (row->error) {
        fputs("<li>", f);
        kc_html_escape_to(f, row->error);
        fputs("</li>\n", f);
    }
    /* What the table's "claimed 100% ✗" and "Findings" mean, in the words of the text's detail:
     * an officer reading the page had the marks and no sentence (newcomer40). */
    for (int k = 0; k < 3; k++) {
        if (!row->claims[k].text || row->claims[k].holds != 0)
            continue;
        char *said = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&said, &len);
        if (!m)
            continue;
        criterion_line(m, row, k);
        fclose(m);
        html_li(f, said);
        free(said);
    }
    if (row->report && kc_lint_count(row->lint)) {
        char *said = findings_text(row);
        html_li(f, said);
        g_free(said);
    }
    for (size_t i = 0; i < row->ndocs; i++) {
        const kc_review_doc *d = &row->docs[i];
        if (d->counted)
            continue;
        char *text = g_strdup_printf("%s %s: %s%s%s", d->row->number ? d->row->number : "?", d->row->date ? d->row->date : "",
                                     cli_status_word(d->status), d->problem ? " — " : "",
                                     d->problem ? problem_words(d->problem) : "");
        fputs("<li>", f);
        kc_html_escape_to(f, text);
        fputs("</li>\n", f);
        g_free(text);
    }
    for (size_t i = 0; row->computed && i < row->ndocs; i++) { /* notes: the figures are no less */
        const kc_review_doc *d = &row->docs[i];
        if (!d->verdict || !kc_verdict_count(d->verdict))
            continue;
        for (size_t k = 0; k < kc_verdict_note_count(d->verdict); k++) {
            char *text = g_strdup_printf("%s %s: %s: %s", d->row->number ? d->row->number : "?",
                                         d->row->date ? d->row->date : "",
                                         _("this document may look different in another viewer"),
                                         kc_verdict_note(d->verdict, k)->message);
            fputs("<li>", f);
            kc_html_escape_to(f, text);
            fputs("</li>\n", f);
            g_free(text);
        }
    }
    for (size_t i = 0; row->check && i < kc_check_problem_count(row->check); i++) {
        const kc_problem *p = kc_check_problem(row->check, i);
        if (strcmp(p->code, "signature") == 0)
            continue;
        char *text = g_strdup_printf("%s%s%s [%s]", p->path, *p->path ? ": " : "", p->message, p->code);
        fputs("<li>", f);
        kc_html_escape_to(f, text);
        fputs("</li>\n", f);
        g_free(text);
    }
    for (size_t i = 0; i < row->nwarnings; i++) {
        fputs("<li>", f);
        kc_html_escape_to(f, row->warnings[i]);
        fputs("</li>\n", f);
    }
    fputs("</ul>\n", f);
}

int review_print_html(FILE *f, const kc_review *r, const review_print_opts *o)
{
    static const char *const heads[] = {N_("Commune"), N_("Year"), N_("Check"), N_("Seal"), N_("Findings"),
                                        N_("Documents"), "20", "21", "22",
                                        N_("Indeterminate / another agency"), N_("Result")};
    kc_review_sums s;
    char line[256];

    html_begin(f, _("Review of the communes' dossiers"));
    fputs("<p class=\"meta\">", f);
    kc_html_escape_to(f, _("Reviewing authority:"));
    fputc(' ', f);
    kc_html_escape_to(f, authority_text(o));
    if (o->year)
        fprintf(f, " · %d", o->year);
    fputs("</p>\n<table class=\"district\"><thead><tr>", f);
    for (size_t i = 0; i < G_N_ELEMENTS(heads); i++) {
        char *h = g_ascii_isdigit(heads[i][0]) ? g_strdup_printf(_("Criterion %d"), atoi(heads[i])) : g_strdup(_(heads[i]));
        fputs("<th>", f);
        kc_html_escape_to(f, h);
        fputs("</th>", f);
        g_free(h);
    }
    fputs("</tr></thead><tbody>\n", f);
    for (size_t i = 0; i < kc_review_count(r); i++)
        html_row(f, kc_review_get(r, i));
    kc_review_sum(r, &s);
    fputs("</tbody></table>\n<p>", f);
    snprintf(line, sizeof line, _("Dossiers that check, with every document signed: %zu/%zu"), s.ok, s.rows);
    kc_html_escape_to(f, line);
    fputs("<br>", f);
    char *note = kc_review_sums_note(&s); /* the total is one year's */
    if (note) {
        kc_html_escape_to(f, note);
        fputs("<br>", f);
    }
    g_free(note);
    kc_html_escape_to(f, _("Communes whose outgoing documents are all signed (criterion 20):"));
    fputc(' ', f);
    html_bar(f, (kc_ratio){s.all_signed, s.counted});
    for (size_t k = 0; k < G_N_ELEMENTS(numbers); k++) {
        fputs("<br>", f);
        snprintf(line, sizeof line, _("Criterion %d"), numbers[k]);
        kc_html_escape_to(f, line);
        fputs(": ", f);
        html_bar(f, kc_totals_criterion(&s.totals, numbers[k]));
        size_t untied = kc_untied_in(&s.untied, numbers[k]);
        html_untied(f, untied, " ");
        html_no_office(f, kc_untied_no_office_in(&s.untied, numbers[k]), " ");
    }
    fputs("</p>\n", f);
    for (size_t i = 0; i < kc_review_count(r); i++) {
        const kc_review_row *row = kc_review_get(r, i);
        if (!row->ok || o->verbose || marked(&row->untied))
            html_detail(f, row);
    }
    html_end(f);
    return ferror(f) ? -1 : 0;
}
