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
    for (size_t i = 0; i < KC_DOCX_LEN(c->p); i++)
        free(KC_DOCX_PARA(c, i)->markup);
    if (c->p)
        g_array_free(c->p, TRUE);
    c->p = NULL;
}

void kc_docx_row_clear(kc_docx_row *r)
{
    for (size_t i = 0; i < KC_DOCX_LEN(r->c); i++)
        kc_docx_cell_clear(KC_DOCX_CELL(r, i));
    if (r->c)
        g_array_free(r->c, TRUE);
    r->c = NULL;
}

void kc_docx_rows_clear(kc_docx_walker *w)
{
    for (size_t i = 0; i < KC_DOCX_LEN(w->rows); i++)
        kc_docx_row_clear(&g_array_index(w->rows, kc_docx_row, i));
    if (w->rows)
        g_array_free(w->rows, TRUE);
    w->rows = NULL;
}

static void cell_copy(kc_docx_cell *dst, const kc_docx_cell *src)
{
    dst->p = NULL;
    for (size_t i = 0; i < KC_DOCX_LEN(src->p); i++) {
        kc_docx_para p = {g_strdup(KC_DOCX_PARA(src, i)->markup), KC_DOCX_PARA(src, i)->bold};
        if (!dst->p)
            dst->p = g_array_new(FALSE, FALSE, sizeof(kc_docx_para));
        g_array_append_val(dst->p, p);
    }
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
    for (size_t i = 0; i < KC_DOCX_LEN(c->p); i++)
        g_string_append_printf(s, "%s%s", i ? "<br>" : "", KC_DOCX_PARA(c, i)->markup);
    return g_string_free(s, FALSE);
}

/* Whether a row looks like the criteria tables' (report.c reads the same). */
static bool criteria_row(const kc_docx_row *r)
{
    size_t n = KC_DOCX_LEN(r->c);
    char *m0 = n > 0 ? cell_markup(KC_DOCX_CELL(r, 0)) : g_strdup(""), *m1 = n > 1 ? cell_markup(KC_DOCX_CELL(r, 1)) : g_strdup("");
    bool b;
    char *t0 = kc_report_decode_cell(m0, &b), *t1 = kc_report_decode_cell(m1, &b);
    bool yes = t0 && t1 && (kc_report_cells_are_header(t0, t1) || (n >= 3 && kc_report_cell_is_number(t0)));
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
    for (size_t i = 0; i < KC_DOCX_LEN(w->rows) && !criteria; i++)
        criteria = criteria_row(&g_array_index(w->rows, kc_docx_row, i));
    if (criteria)
        rc = emit(x, w, "", NULL);
    for (size_t i = 0; i < KC_DOCX_LEN(w->rows) && rc == 0; i++) {
        const kc_docx_row *r = &g_array_index(w->rows, kc_docx_row, i);
        size_t ncells = KC_DOCX_LEN(r->c);
        char *place = g_strdup_printf(_("table %u, row %zu"), w->tables, i + 1);
        if (criteria) {
            GString *line = g_string_new(NULL);
            for (size_t k = 0; k < ncells; k++) {
                char *m = cell_markup(KC_DOCX_CELL(r, k));
                g_string_append_printf(line, "%s%s", k ? "\t" : "", m);
                g_free(m);
            }
            if (ncells < 2)
                g_string_append_c(line, '\t'); /* a row of one cell is still a row */
            rc = emit(x, w, line->str, place);
            g_string_free(line, TRUE);
        } else {
            for (size_t k = 0; k < ncells && rc == 0; k++)
                for (size_t p = 0; p < KC_DOCX_LEN(KC_DOCX_CELL(r, k)->p) && rc == 0; p++)
                    rc = kc_docx_emit_para(x, w, KC_DOCX_PARA(KC_DOCX_CELL(r, k), p), place);
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
    if (KC_DOCX_LEN(w->row.c) >= KC_DOCX_MAX_COLS)
        return kc_xml_fail(x, KC_ELIMIT, _("a table row of more than %d columns"), KC_DOCX_MAX_COLS);
    if (!w->row.c)
        w->row.c = g_array_new(FALSE, FALSE, sizeof(kc_docx_cell));
    g_array_append_val(w->row.c, *c);
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
        if (col > 0)
            cell_copy(&w->cell, &w->vm[col]);
    } else {
        kc_docx_cell_clear(&w->vm[col]);
        if (w->vmerge == 1)
            cell_copy(&w->vm[col], &w->cell);
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
    if (!w->rows)
        w->rows = g_array_new(FALSE, FALSE, sizeof(kc_docx_row));
    g_array_append_val(w->rows, w->row);
    memset(&w->row, 0, sizeof w->row);
    return 0;
}
