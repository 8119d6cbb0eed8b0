/* review_table.c: the review as a table for Excel (review.h): CSV and .xlsx,
 * one line per commune, the same columns in both, headed in the user's
 * language.  In the workbook counts are numbers and the ratios percentages
 * (rounded as the report rounds, so no commune shows 100,0% with a document
 * unsigned), which Excel can sort, filter and sum. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "review_internal.h"
#include "util.h"
#include "xlsx_write.h"

typedef enum { CELL_EMPTY, CELL_TEXT, CELL_NUMBER, CELL_PERCENT } cell_kind;

typedef struct cell {
    cell_kind kind;
    char *text;     /* what the CSV shows (g_free) */
    double value;   /* CELL_NUMBER; CELL_PERCENT as a fraction */
} cell;

static const struct {
    const char *label;
    double width;   /* in the workbook, characters */
} columns[] = {
    {N_("Commune"), 22},
    {N_("Year"), 7},
    {N_("Dossier"), 24},
    {N_("Check"), 16},
    {N_("Seal"), 12},
    {N_("Report findings"), 10},
    {N_("Documents"), 10},
    {N_("Criterion 20 (register)"), 12},
    {N_("Criterion 20 (report)"), 12},
    {N_("Criterion 21 (register)"), 12},
    {N_("Criterion 21 (report)"), 12},
    {N_("Criterion 22 (register)"), 12},
    {N_("Criterion 22 (report)"), 12},
    {N_("Indeterminate"), 10},
    {N_("Signed by another agency"), 10},
    {N_("Result"), 12},
    {N_("Notes"), 60},
};
#define NCOLS G_N_ELEMENTS(columns)

static void text(cell *c, char *s)
{
    c->kind = s && *s ? CELL_TEXT : CELL_EMPTY;
    c->text = s;
}

static void number(cell *c, size_t n)
{
    c->kind = CELL_NUMBER;
    c->value = (double)n;
    c->text = g_strdup_printf("%zu", n);
}

const char *kc_review_seal_text(const kc_review_row *row)
{
    if (!row->dossier || row->error)
        return "";
    return strcmp(row->seal, "valid") == 0 ? _("valid") : strcmp(row->seal, "invalid") == 0 ? _("not valid") : _("none");
}

char *kc_review_check_text(const kc_review_row *row)
{
    if (!row->dossier)
        return g_strdup(_("not submitted"));
    if (row->error)
        return g_strdup(_("cannot be read"));
    if (!row->problems)
        return g_strdup(_("ok"));
    return g_strdup_printf(dngettext(KC_TEXTDOMAIN, "%zu problem", "%zu problems", row->problems), row->problems);
}

/* The cells of one commune. */
static void row_cells(cell out[NCOLS], const kc_review_row *row)
{
    char pct[16];
    memset(out, 0, NCOLS * sizeof *out);
    text(&out[0], g_strdup(row->commune));
    if (row->year)
        number(&out[1], (size_t)row->year);
    text(&out[2], row->dossier ? g_path_get_basename(row->dossier) : NULL);
    text(&out[3], kc_review_check_text(row));
    text(&out[4], g_strdup(kc_review_seal_text(row)));
    if (row->lint)
        number(&out[5], kc_lint_count(row->lint));
    if (row->computed)
        number(&out[6], row->totals.documents);
    for (int i = 0; i < 3; i++) {
        cell *computed = &out[7 + 2 * i], *claimed = &out[8 + 2 * i];
        kc_ratio r = kc_totals_criterion(&row->totals, KC_REVIEW_CRITERION(i));
        int tenths = kc_ratio_tenths(r);
        if (row->computed && tenths >= 0) {
            computed->kind = CELL_PERCENT;
            computed->value = tenths / 1000.0;
            computed->text = g_strdup(kc_ratio_format_local(r, pct, sizeof pct));
        }
        if (row->claims[i].text) {
            claimed->kind = CELL_PERCENT;
            claimed->value = row->claims[i].percent / 100.0;
            claimed->text = g_strdup(row->claims[i].text);
        }
    }
    if (row->computed) {
        number(&out[13], row->totals.indeterminate);
        number(&out[14], row->totals.other_agency);
    }
    text(&out[15], g_strdup(row->ok ? _("ok") : _("to review")));
    GString *notes = g_string_new(row->error);
    for (size_t i = 0; i < row->nwarnings; i++)
        g_string_append_printf(notes, "%s%s", notes->len ? "; " : "", row->warnings[i]);
    for (int i = 0; i < 3; i++)
        if (row->claims[i].holds == 0)
            g_string_append_printf(notes, _("%scriterion %d: the report claims %s, the register does not bear it out"),
                                   notes->len ? "; " : "", KC_REVIEW_CRITERION(i), row->claims[i].text);
    text(&out[16], g_string_free(notes, FALSE));
}

static void cells_clear(cell c[NCOLS])
{
    for (size_t i = 0; i < NCOLS; i++)
        g_free(c[i].text);
}

char *kc_review_to_csv(const kc_review *r, char sep)
{
    GString *out = g_string_new("\xEF\xBB\xBF"); /* the BOM makes Excel read UTF-8 */
    for (size_t i = 0; i < NCOLS; i++)
        kc_csv_field(out, _(columns[i].label), sep, i + 1 == NCOLS);
    for (size_t k = 0; k < kc_review_count(r); k++) {
        cell c[NCOLS];
        row_cells(c, kc_review_get(r, k));
        for (size_t i = 0; i < NCOLS; i++)
            kc_csv_field(out, c[i].text, sep, i + 1 == NCOLS);
        cells_clear(c);
    }
    return g_string_free(out, FALSE);
}

/* The district's line, under the table (outside its filter, so sorting the
 * communes leaves it last). */
static void totals_line(kc_xlsw *w, const kc_review *r)
{
    kc_review_sums s;
    kc_review_sum(r, &s);
    kc_xlsw_row(w);
    kc_xlsw_header(w, _("Total"));
    for (size_t i = 1; i < 6; i++)
        kc_xlsw_header(w, NULL);
    kc_xlsw_number(w, (double)s.totals.documents);
    for (int i = 0; i < 3; i++) {
        int tenths = kc_ratio_tenths(kc_totals_criterion(&s.totals, KC_REVIEW_CRITERION(i)));
        if (tenths >= 0)
            kc_xlsw_percent(w, tenths / 1000.0);
        else
            kc_xlsw_blank(w);
        kc_xlsw_blank(w);
    }
    kc_xlsw_number(w, (double)s.totals.indeterminate);
    kc_xlsw_number(w, (double)s.totals.other_agency);
    char *line = g_strdup_printf(_("%zu of %zu dossiers ok"), s.ok, s.rows);
    kc_xlsw_text(w, line);
    g_free(line);
    line = g_strdup_printf(_("Communes whose outgoing documents are all signed (criterion 20): %zu/%zu"), s.all_signed,
                           s.counted);
    kc_xlsw_text(w, line);
    g_free(line);
    if ((line = kc_review_sums_note(&s)) != NULL) { /* one year's total, once a commune: what it leaves out */
        kc_xlsw_row(w);
        kc_xlsw_text(w, line);
    }
    g_free(line);
}

int kc_review_write_xlsx(const kc_review *r, const char *path, kc_error *err)
{
    char name[32];
    snprintf(name, sizeof name, "%d", r->opts.year);
    kc_xlsw *w = kc_xlsw_new(r->opts.year ? name : _("Communes"));
    int rc;

    kc_xlsw_row(w);
    for (size_t i = 0; i < NCOLS; i++) {
        kc_xlsw_header(w, _(columns[i].label));
        kc_xlsw_width(w, (unsigned)i, columns[i].width);
    }
    for (size_t k = 0; k < kc_review_count(r); k++) {
        cell c[NCOLS];
        row_cells(c, kc_review_get(r, k));
        kc_xlsw_row(w);
        for (size_t i = 0; i < NCOLS; i++) {
            switch (c[i].kind) {
            case CELL_EMPTY: kc_xlsw_blank(w); break;
            case CELL_TEXT: kc_xlsw_text(w, c[i].text); break;
            case CELL_NUMBER: kc_xlsw_number(w, c[i].value); break;
            case CELL_PERCENT: kc_xlsw_percent(w, c[i].value); break;
            }
        }
        cells_clear(c);
    }
    kc_xlsw_end_table(w);
    kc_xlsw_row(w); /* a blank line between */
    totals_line(w, r);
    rc = kc_xlsw_write(w, path, err);
    kc_xlsw_free(w);
    return rc;
}
