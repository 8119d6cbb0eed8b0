/* docx_table.c: the tables of a Word document (see docx.h): cells placed on
 * the table's grid (w:gridBefore, w:gridSpan), cells merged down (w:vMerge),
 * and each top-level table written out when it closes, as criteria rows
 * (cells joined by tabs) or, for a layout table, as its paragraphs. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "docx.h"
#include "i18n.h"
#include "report_internal.h"
#include "util.h"

void kc_docx_cell_clear(kc_docx_cell *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->p[i].markup);
    free(c->p);
    c->p = NULL;
    c->n = 0;
}

void kc_docx_row_clear(kc_docx_row *r)
{
    for (size_t i = 0; i < r->n; i++)
        kc_docx_cell_clear(&r->c[i]);
    free(r->c);
    r->c = NULL;
    r->n = 0;
}

void kc_docx_rows_clear(kc_docx_walker *w)
{
    for (size_t i = 0; i < w->nrows; i++)
        kc_docx_row_clear(&w->rows[i]);
    free(w->rows);
    w->rows = NULL;
    w->nrows = 0;
}

static bool cell_copy(kc_docx_cell *dst, const kc_docx_cell *src)
{
    dst->p = src->n ? calloc(src->n, sizeof *dst->p) : NULL;
    dst->n = 0;
    if (src->n && !dst->p)
        return false;
    for (size_t i = 0; i < src->n; i++, dst->n++)
        if (!(dst->p[i].markup = strdup(src->p[i].markup)))
            return false;
        else
            dst->p[i].bold = src->p[i].bold;
    return true;
}

/* ---- output ------------------------------------------------------------------- */

static int emit(kc_xml *x, kc_docx_walker *w, const char *line, const char *place)
{
    if (strlen(line) > KC_DOCX_MAX_LINE)
        return kc_xml_fail(x, KC_ELIMIT, _("%s: longer than %u bytes"), place ? place : "", KC_DOCX_MAX_LINE);
    if (w->places->len >= KC_DOCX_MAX_LINES)
        return kc_xml_fail(x, KC_ELIMIT, _("more than %d lines of text"), KC_DOCX_MAX_LINES);
    g_string_append(w->out, line);
    g_string_append_c(w->out, '\n');
    char *p = place ? strdup(place) : NULL;
    if (place && !p)
        return kc_xml_oom(x);
    g_ptr_array_add(w->places, p);
    return 0;
}

/* A paragraph as a line of free text; "**...**" when it is all bold (a title). */
int kc_docx_emit_para(kc_xml *x, kc_docx_walker *w, const kc_docx_para *p, const char *place)
{
    char *line = p->bold ? g_strconcat("**", p->markup, "**", NULL)
                         : g_str_has_prefix(p->markup, "**") ? g_strconcat("&#42;", p->markup + 1, NULL)
                                                             : g_strdup(p->markup);
    int rc = emit(x, w, line, place);
    g_free(line);
    return rc;
}

static char *cell_markup(const kc_docx_cell *c)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < c->n; i++)
        g_string_append_printf(s, "%s%s", i ? "<br>" : "", c->p[i].markup);
    return g_string_free(s, FALSE);
}

/* Whether a row looks like the criteria tables' (report.c reads the same). */
static bool criteria_row(const kc_docx_row *r)
{
    char *m0 = r->n > 0 ? cell_markup(&r->c[0]) : g_strdup(""), *m1 = r->n > 1 ? cell_markup(&r->c[1]) : g_strdup("");
    bool b;
    char *t0 = kc_report_decode_cell(m0, &b), *t1 = kc_report_decode_cell(m1, &b);
    bool yes = t0 && t1 && (kc_report_cells_are_header(t0, t1) || (r->n >= 3 && kc_report_cell_is_number(t0)));
    g_free(m0);
    g_free(m1);
    free(t0);
    free(t1);
    return yes;
}

int kc_docx_emit_table(kc_xml *x, kc_docx_walker *w)
{
    bool criteria = false;
    int rc = 0;
    for (size_t i = 0; i < w->nrows && !criteria; i++)
        criteria = criteria_row(&w->rows[i]);
    if (criteria)
        rc = emit(x, w, "", NULL);
    for (size_t i = 0; i < w->nrows && rc == 0; i++) {
        const kc_docx_row *r = &w->rows[i];
        char *place = g_strdup_printf(_("table %u, row %zu"), w->tables, i + 1);
        if (criteria) {
            GString *line = g_string_new(NULL);
            for (size_t k = 0; k < r->n; k++) {
                char *m = cell_markup(&r->c[k]);
                g_string_append_printf(line, "%s%s", k ? "\t" : "", m);
                g_free(m);
            }
            if (r->n < 2)
                g_string_append_c(line, '\t'); /* a row of one cell is still a row */
            rc = emit(x, w, line->str, place);
            g_string_free(line, TRUE);
        } else {
            for (size_t k = 0; k < r->n && rc == 0; k++)
                for (size_t p = 0; p < r->c[k].n && rc == 0; p++)
                    rc = kc_docx_emit_para(x, w, &r->c[k].p[p], place);
        }
        g_free(place);
    }
    if (rc == 0)
        rc = emit(x, w, "", NULL);
    kc_docx_rows_clear(w);
    for (int i = 0; i < KC_DOCX_MAX_COLS; i++)
        kc_docx_cell_clear(&w->vm[i]);
    return rc;
}

int kc_docx_add_cell(kc_xml *x, kc_docx_walker *w, kc_docx_cell *c)
{
    if (w->row.n >= KC_DOCX_MAX_COLS)
        return kc_xml_fail(x, KC_ELIMIT, _("a table row of more than %d columns"), KC_DOCX_MAX_COLS);
    kc_docx_cell *grown = realloc(w->row.c, (w->row.n + 1) * sizeof *grown);
    if (!grown)
        return kc_xml_oom(x);
    w->row.c = grown;
    w->row.c[w->row.n++] = *c;
    memset(c, 0, sizeof *c);
    return 0;
}

int kc_docx_end_cell(kc_xml *x, kc_docx_walker *w)
{
    size_t col = w->gridcol;
    long span = w->span < 1 ? 1 : w->span;
    w->in_cell = false;
    if (col + (size_t)span > KC_DOCX_MAX_COLS)
        return kc_xml_fail(x, KC_ELIMIT, _("a table row of more than %d columns"), KC_DOCX_MAX_COLS);
    if (w->vmerge == 2) {
        /* Continued from the row above: in the number column the row continues
         * the criterion above (a sub-row); elsewhere it shows the merged text. */
        kc_docx_cell_clear(&w->cell);
        if (col > 0 && !cell_copy(&w->cell, &w->vm[col]))
            return kc_xml_oom(x);
    } else {
        kc_docx_cell_clear(&w->vm[col]);
        if (w->vmerge == 1 && !cell_copy(&w->vm[col], &w->cell))
            return kc_xml_oom(x);
    }
    if (kc_docx_add_cell(x, w, &w->cell) != 0)
        return -1;
    for (long k = 1; k < span; k++) {
        kc_docx_cell empty = {0};
        if (kc_docx_add_cell(x, w, &empty) != 0)
            return -1;
    }
    w->gridcol = col + (size_t)span;
    return 0;
}

int kc_docx_end_row(kc_xml *x, kc_docx_walker *w)
{
    kc_docx_row *grown = realloc(w->rows, (w->nrows + 1) * sizeof *grown);
    if (!grown)
        return kc_xml_oom(x);
    w->rows = grown;
    w->rows[w->nrows++] = w->row;
    memset(&w->row, 0, sizeof w->row);
    return 0;
}
