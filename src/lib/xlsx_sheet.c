/* xlsx_sheet.c: a worksheet streamed as rows of cell strings (see xlsx.h).
 *
 * Two passes over the worksheet part: Excel writes <mergeCells> after
 * <sheetData>, and a merged area's value must reach the rows below its top
 * row as they stream by, so the first pass only collects the merged areas.
 * The second feeds the SAX parser a chunk at a time; each </row> puts a
 * finished row in a queue that kc_xlsx_next empties, so memory holds a chunk's
 * worth of rows, never the sheet.  What each cell shows (strings, formulas,
 * numbers and dates through their formats) is xlsx_cell.c's; the reader's
 * state they share is in xlsx_sheet.h. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "register_internal.h"
#include "util.h"
#include "xlsx_sheet.h"

#define CHUNK 16384

typedef struct merge {
    size_t r1, c1, r2, c2; /* 1-based, inclusive */
    char *value;           /* the top-left cell's text, once its row has been read */
    bool formula;          /* that text is a formula Excel computes on load */
    const char *font;      /* the old 8-bit font Excel shows that text in, or NULL */
} merge;

#define MERGE(s, i) (&g_array_index((s)->merges, merge, (i)))

static void qrow_clear(qrow *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->cells[i]);
    free(r->cells);
    if (r->formulas)
        g_array_free(r->formulas, TRUE);
    if (r->fonts)
        g_array_free(r->fonts, TRUE);
    memset(r, 0, sizeof *r);
}

/* "B3" → column 2, row 3; "B" alone gives row 0.  False when it is no reference. */
static bool parse_ref(const char *s, size_t *row, size_t *col)
{
    size_t c = 0, r = 0, letters = 0, digits = 0;
    for (; *s >= 'A' && *s <= 'Z'; s++)
        if (++letters > 3 || (c = c * 26 + (size_t)(*s - 'A' + 1)) > KC_XLSX_EXCEL_COLS)
            return false;
    for (; *s >= '0' && *s <= '9'; s++)
        if (++digits > 7 || (r = r * 10 + (size_t)(*s - '0')) > KC_XLSX_EXCEL_ROWS)
            return false;
    if (*s || !letters || (digits && r == 0))
        return false;
    *row = r;
    *col = c;
    return true;
}

/* ---- first pass: the merged areas --------------------------------------------------- */

static int merges_start(kc_xml *x, void *ud, kc_ns ns, const char *name, const kc_xml_attrs *a)
{
    kc_xlsx *s = ud;
    if (ns == KC_NS_SHEET && strcmp(name, "autoFilter") == 0)
        s->filter = true;
    /* A sheet asking for a full calculation on load (sheetCalcPr, after
     * sheetData, as Axlsx writes every sheet) is computed by Excel as the
     * workbook's calcPr fullCalcOnLoad is: its cached values are stale. */
    if (ns == KC_NS_SHEET && strcmp(name, "sheetCalcPr") == 0) {
        const char *v = kc_xml_attr(a, KC_NS_NONE, "fullCalcOnLoad");
        if (v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0))
            s->b.recalc = true;
    }
    if (ns != KC_NS_SHEET || strcmp(name, "mergeCell") != 0)
        return 0;
    const char *ref = kc_xml_attr(a, KC_NS_NONE, "ref");
    char *colon = ref ? strchr(ref, ':') : NULL;
    merge m = {0};
    if (!colon || colon - ref > 10 || strlen(colon) > 11)
        return kc_xml_fail(x, KC_EFORMAT, _("a merged area \"%.20s\" cannot be read"), ref ? ref : "");
    char first[12];
    memcpy(first, ref, (size_t)(colon - ref));
    first[colon - ref] = '\0';
    if (!parse_ref(first, &m.r1, &m.c1) || !parse_ref(colon + 1, &m.r2, &m.c2) || !m.r1 || !m.r2)
        return kc_xml_fail(x, KC_EFORMAT, _("a merged area \"%.20s\" cannot be read"), ref);
    if (m.r2 < m.r1 || m.c2 < m.c1) {
        size_t t = m.r1 < m.r2 ? m.r1 : m.r2;
        m.r2 = m.r1 < m.r2 ? m.r2 : m.r1;
        m.r1 = t;
        t = m.c1 < m.c2 ? m.c1 : m.c2;
        m.c2 = m.c1 < m.c2 ? m.c2 : m.c1;
        m.c1 = t;
    }
    if ((m.r1 == m.r2 && m.c1 == m.c2) || m.c1 > KC_XLSX_MAX_COLS)
        return 0; /* one cell, or beyond the columns read */
    if (s->merges->len == KC_XLSX_MAX_MERGES)
        return kc_xml_fail(x, KC_ELIMIT, _("more than %d merged areas"), KC_XLSX_MAX_MERGES);
    if (m.c2 > KC_XLSX_MAX_COLS)
        m.c2 = KC_XLSX_MAX_COLS;
    g_array_append_val(s->merges, m);
    return 0;
}

static int by_top_row(const void *a, const void *b)
{
    const merge *x = a, *y = b;
    return x->r1 < y->r1 ? -1 : x->r1 > y->r1 ? 1 : x->c1 < y->c1 ? -1 : x->c1 > y->c1;
}

/* ---- second pass: the rows ---------------------------------------------------------- */

static int set_cell(kc_xml *x, kc_xlsx *s, size_t col, const char *raw)
{
    /* NFC, as the CSV reader gives its fields: Unikey's NFD reads the same. */
    char *text = g_utf8_normalize(raw, -1, G_NORMALIZE_NFC);
    if (!text)
        return kc_xml_oom(x);
    size_t len = strlen(text);
    int rc = 0;
    if (col > s->cells->len)
        g_ptr_array_set_size(s->cells, (guint)col); /* the new cells NULL */
    if ((s->row_bytes += len) > KC_XLSX_MAX_ROW_TEXT)
        rc = kc_xml_fail(x, KC_ELIMIT, _("row %zu holds more than %u bytes of text"), s->row, KC_XLSX_MAX_ROW_TEXT);
    else if ((s->delivered += len) > KC_XLSX_MAX_SHEET_TEXT)
        rc = kc_xml_fail(x, KC_ELIMIT, _("the sheet holds more than %u bytes of text"), KC_XLSX_MAX_SHEET_TEXT);
    if (rc == 0) {
        free(s->cells->pdata[col - 1]);
        s->cells->pdata[col - 1] = text;
        text = NULL;
    }
    g_free(text);
    return rc;
}

/* The old 8-bit Vietnamese font Excel shows the cell just closed in, when
 * its text is not ASCII (which those fonts show as ASCII), or NULL: the
 * font of a rich string's run, else the cell format's. */
static const char *font_of_cell(const kc_xlsx *s, const char *text)
{
    bool ascii = true;
    for (const char *p = text; *p && ascii; p++)
        ascii = !(*p & 0x80);
    if (ascii)
        return NULL;
    const char *cf = s->style >= 0 && (size_t)s->style < s->b.xf_font->len ? s->b.xf_font->pdata[s->style] : NULL;
    if (strcmp(s->type, "s") == 0 && s->b.string_font) {
        const char *v = s->val->str;
        char *end = NULL;
        unsigned long i = strtoul(v, &end, 10);
        const char *sf = end != v ? g_hash_table_lookup(s->b.string_font, GUINT_TO_POINTER((guint)i)) : NULL;
        if (sf)
            return *sf ? sf : NULL;
    } else if (strcmp(s->type, "inlineStr") == 0) {
        return kc_xlsx_runs_font(&s->is_runs, cf);
    }
    return cf;
}

static void add_font(kc_xlsx *s, size_t col, const char *font)
{
    cell_font f = {col, g_string_chunk_insert_const(s->font_names, font)};
    g_array_append_val(s->row_fonts, f);
}

static const char *cell_text(const kc_xlsx *s, size_t col)
{
    return col >= 1 && col <= s->cells->len && s->cells->pdata[col - 1] ? s->cells->pdata[col - 1] : "";
}

/* Merged areas: the top-left value shown over the whole area. */
static int apply_merges(kc_xml *x, kc_xlsx *s, bool *label)
{
    size_t keep = 0;
    for (size_t i = 0; i < s->n_active; i++)
        if (MERGE(s, s->active[i])->r2 >= s->row)
            s->active[keep++] = s->active[i];
    s->n_active = keep;
    for (; s->next_merge < s->merges->len && MERGE(s, s->next_merge)->r1 <= s->row; s->next_merge++)
        if (MERGE(s, s->next_merge)->r2 >= s->row)
            s->active[s->n_active++] = s->next_merge;
    *label = false;
    for (size_t i = 0; i < s->n_active; i++) {
        merge *m = MERGE(s, s->active[i]);
        if (m->r1 == s->row && !m->value) {
            if (!(m->value = strdup(cell_text(s, m->c1))))
                return kc_xml_oom(x);
            for (size_t k = 0; k < s->row_formulas->len && !m->formula; k++)
                m->formula = g_array_index(s->row_formulas, size_t, k) == m->c1;
            for (size_t k = 0; k < s->row_fonts->len && !m->font; k++)
                if (g_array_index(s->row_fonts, cell_font, k).col == m->c1)
                    m->font = g_array_index(s->row_fonts, cell_font, k).font;
        }
        const char *v = m->value ? m->value : "";
        for (size_t c = m->c1; c <= m->c2; c++) {
            if ((*cell_text(s, c) || *v) && set_cell(x, s, c, v) != 0)
                return -1;
            if (m->formula && !(m->r1 == s->row && c == m->c1))
                g_array_append_val(s->row_formulas, c);
            if (m->font && *v && !(m->r1 == s->row && c == m->c1))
                add_font(s, c, m->font);
        }
        if (m->c2 > m->c1 && *v) {
            bool alone = true;
            for (size_t c = 1; c <= s->cells->len && alone; c++)
                alone = (c >= m->c1 && c <= m->c2) || !*cell_text(s, c);
            *label = *label || alone;
        }
    }
    return 0;
}

static int end_row(kc_xml *x, kc_xlsx *s)
{
    qrow r = {s->row, NULL, 0, false, s->row_hidden, NULL, NULL};
    if (apply_merges(x, s, &r.label) != 0)
        return -1;
    if (s->row_formulas->len) {
        r.formulas = s->row_formulas;
        s->row_formulas = g_array_new(FALSE, FALSE, sizeof(size_t));
    }
    if (s->row_fonts->len) {
        r.fonts = s->row_fonts;
        s->row_fonts = g_array_new(FALSE, FALSE, sizeof(cell_font));
    }
    while (s->cells->len && !*cell_text(s, s->cells->len))
        g_ptr_array_remove_index(s->cells, s->cells->len - 1);
    for (size_t i = 0; i < s->cells->len; i++)
        if (!s->cells->pdata[i])
            s->cells->pdata[i] = g_strdup("");
    r.n = s->cells->len;
    r.cells = (char **)g_ptr_array_free(s->cells, FALSE);
    s->cells = g_ptr_array_new_with_free_func(g_free);
    g_array_append_val(s->q, r);
    return 0;
}

static int rows_start(kc_xml *x, void *ud, kc_ns ns, const char *name, const kc_xml_attrs *a)
{
    kc_xlsx *s = ud;
    if (ns != KC_NS_SHEET)
        return 0;
    if (strcmp(name, "sheetFormatPr") == 0) {
        const char *z = kc_xml_attr(a, KC_NS_NONE, "zeroHeight");
        s->zero_height = z && (strcmp(z, "1") == 0 || strcmp(z, "true") == 0);
    } else if (strcmp(name, "row") == 0) {
        const char *r = kc_xml_attr(a, KC_NS_NONE, "r");
        size_t row = s->prev_row + 1, col;
        char ref[16];
        if (r && (strlen(r) > 7 || (snprintf(ref, sizeof ref, "A%s", r), !parse_ref(ref, &row, &col)) || !row))
            return kc_xml_fail(x, KC_EFORMAT, _("a row number \"%.20s\" cannot be read"), r);
        if (row <= s->prev_row || row > KC_XLSX_EXCEL_ROWS)
            return kc_xml_fail(x, KC_EFORMAT, _("row %zu comes after row %zu"), row, s->prev_row);
        s->row = s->prev_row = row;
        s->prev_col = 0;
        /* hidden="1": hidden by hand, in a collapsed outline, or left out by
         * a filter; a height of 0 hides it as well. */
        const char *hidden = kc_xml_attr(a, KC_NS_NONE, "hidden"), *ht = kc_xml_attr(a, KC_NS_NONE, "ht");
        s->row_hidden = (hidden && (strcmp(hidden, "1") == 0 || strcmp(hidden, "true") == 0)) ||
                        (ht && g_ascii_strtod(ht, NULL) == 0.0 && g_ascii_isdigit(ht[0])) ||
                        (s->zero_height && !ht);
        s->row_bytes = 0;
        g_array_set_size(s->row_formulas, 0);
        g_array_set_size(s->row_fonts, 0);
        s->in_row = true;
    } else if (strcmp(name, "c") == 0 && s->in_row) {
        const char *r = kc_xml_attr(a, KC_NS_NONE, "r"), *t = kc_xml_attr(a, KC_NS_NONE, "t");
        const char *st = kc_xml_attr(a, KC_NS_NONE, "s");
        size_t row = 0, col = s->prev_col + 1;
        if (r && !parse_ref(r, &row, &col))
            return kc_xml_fail(x, KC_EFORMAT, _("a cell reference \"%.20s\" cannot be read"), r);
        if (col <= s->prev_col || col > KC_XLSX_EXCEL_COLS)
            return kc_xml_fail(x, KC_EFORMAT, _("cell %.20s is out of order (a row's cells come left to right, each once)"),
                               r ? r : "?");
        s->col = s->prev_col = col;
        snprintf(s->ref, sizeof s->ref, "%s", r ? r : "");
        if (!r) { /* name the cell as Excel would */
            char letters[4] = {0};
            int k = 3;
            for (size_t c = col; c && k > 0; c = (c - 1) / 26)
                letters[--k] = (char)('A' + (c - 1) % 26);
            snprintf(s->ref, sizeof s->ref, "%s%zu", letters + k, s->row);
        }
        snprintf(s->type, sizeof s->type, "%s", t ? t : "n");
        s->style = st ? strtol(st, NULL, 10) : 0;
        g_string_truncate(s->val, 0);
        g_string_truncate(s->formula, 0);
        s->has_f = s->has_v = false;
        kc_xlsx_runs_reset(&s->is_runs);
        s->in_c = true;
    } else if (s->in_c && strcmp(name, "v") == 0) {
        s->in_v = s->has_v = true;
    } else if (s->in_c && strcmp(name, "f") == 0) {
        s->in_f = s->has_f = true;
    } else if (s->in_c && strcmp(name, "is") == 0) {
        s->in_is = true;
    } else if (s->in_is && strcmp(name, "t") == 0) {
        s->in_t = true;
    } else if (s->in_is && !s->in_rph && (strcmp(name, "r") == 0 || strcmp(name, "rFont") == 0)) {
        kc_xlsx_runs_start(&s->is_runs, name, a);
    } else if (s->in_is && strcmp(name, "rPh") == 0) {
        s->in_rph++;
    }
    return 0;
}

static int rows_end(kc_xml *x, void *ud, kc_ns ns, const char *name)
{
    kc_xlsx *s = ud;
    if (ns != KC_NS_SHEET)
        return 0;
    if (strcmp(name, "v") == 0) {
        s->in_v = false;
    } else if (strcmp(name, "f") == 0) {
        s->in_f = false;
    } else if (strcmp(name, "t") == 0) {
        s->in_t = false;
    } else if (strcmp(name, "rPh") == 0 && s->in_rph) {
        s->in_rph--;
    } else if (strcmp(name, "r") == 0 && s->in_is) {
        kc_xlsx_runs_end(&s->is_runs, name);
    } else if (strcmp(name, "is") == 0) {
        s->in_is = false;
    } else if (strcmp(name, "c") == 0 && s->in_c) {
        char *text = NULL;
        int rc = kc_xlsx_cell_value(x, s, &text);
        s->in_c = false;
        if (rc < 0)
            return rc;
        if (text && *text && s->col > KC_XLSX_MAX_COLS)
            rc = kc_xml_fail(x, KC_ELIMIT, _("cell %s is beyond column %d, the last one read"), s->ref, KC_XLSX_MAX_COLS);
        else if (text && *text && (rc = set_cell(x, s, s->col, text)) == 0) {
            const char *font = font_of_cell(s, text);
            if (font)
                add_font(s, s->col, font);
        }
        free(text);
        return rc;
    } else if (strcmp(name, "row") == 0 && s->in_row) {
        s->in_row = false;
        return end_row(x, s);
    }
    return 0;
}

static int rows_text(kc_xml *x, void *ud, const char *t, size_t len)
{
    kc_xlsx *s = ud;
    if (s->in_c && s->in_f) {
        if (s->formula->len + len > KC_XLSX_MAX_TEXT)
            return kc_xml_fail(x, KC_ELIMIT, _("cell %s is longer than %u bytes"), s->ref, KC_XLSX_MAX_TEXT);
        g_string_append_len(s->formula, t, (gssize)len);
        return 0;
    }
    if (!s->in_c || !(s->in_v || (s->in_t && !s->in_rph)))
        return 0;
    if (s->val->len + len > KC_XLSX_MAX_TEXT)
        return kc_xml_fail(x, KC_ELIMIT, _("cell %s is longer than %u bytes"), s->ref, KC_XLSX_MAX_TEXT);
    g_string_append_len(s->val, t, (gssize)len);
    if (s->in_is && s->in_t)
        kc_xlsx_runs_text(&s->is_runs, t, len);
    return 0;
}

/* ---- the reader ---------------------------------------------------------------------- */

/* The reader over the package pkg, which it takes. */
static int open_package(kc_xlsx **out, kc_ooxml *pkg, const char *sheet, kc_error *err)
{
    static const kc_xml_handler merges_h = {merges_start, NULL, NULL};
    static const kc_xml_handler rows_h = {rows_start, rows_end, rows_text};
    kc_xlsx *s = calloc(1, sizeof *s);
    int rc;

    if (!s) {
        kc_ooxml_free(pkg);
        return kc_error_oom(err);
    }
    s->val = g_string_new(NULL);
    s->formula = g_string_new(NULL);
    s->row_formulas = g_array_new(FALSE, FALSE, sizeof(size_t));
    s->row_fonts = g_array_new(FALSE, FALSE, sizeof(cell_font));
    s->font_names = g_string_chunk_new(256);
    s->merges = g_array_new(FALSE, FALSE, sizeof(merge));
    s->cells = g_ptr_array_new_with_free_func(g_free);
    s->q = g_array_new(FALSE, FALSE, sizeof(qrow));
    if ((rc = kc_xlsx_book_load(&s->b, pkg, sheet, err)) != 0 ||
        (rc = kc_ooxml_parse(s->b.pkg, s->b.sheet_part, KC_OOXML_MAX_PART_LARGE, &merges_h, s, err)) != 0)
        goto fail;
    g_array_sort(s->merges, by_top_row);
    if (s->merges->len && !(s->active = calloc(s->merges->len, sizeof *s->active))) {
        rc = kc_error_oom(err);
        goto fail;
    }
    if ((rc = kc_xml_open(&s->xml, s->b.pkg, s->b.sheet_part, KC_OOXML_MAX_PART_LARGE, &rows_h, s, err)) != 0)
        goto fail;
    *out = s;
    return 0;
fail:
    kc_xlsx_free(s);
    return rc;
}

int kc_xlsx_open(kc_xlsx **out, const char *path, const char *sheet, kc_error *err)
{
    kc_ooxml *pkg = NULL;
    int rc = kc_ooxml_open(&pkg, path, err);
    return rc != 0 ? rc : open_package(out, pkg, sheet, err);
}

int kc_xlsx_open_buffer(kc_xlsx **out, const void *data, size_t len, const char *name, const char *sheet,
                        kc_error *err)
{
    kc_ooxml *pkg = NULL;
    int rc = kc_ooxml_open_buffer(&pkg, data, len, name, err);
    return rc != 0 ? rc : open_package(out, pkg, sheet, err);
}

int kc_xlsx_next(kc_xlsx *x, char ***fields, size_t *n, size_t *row, kc_error *err)
{
    qrow_clear(&x->cur);
    while (x->qhead == x->q->len) {
        if (x->eof)
            return 0;
        int rc = kc_xml_feed(x->xml, CHUNK, err);
        if (rc < 0)
            return rc;
        x->eof = rc == 0;
    }
    x->cur = g_array_index(x->q, qrow, x->qhead++);
    if (x->qhead == x->q->len) { /* the queue drains before the next part of the sheet is read */
        g_array_set_size(x->q, 0);
        x->qhead = 0;
    }
    *fields = x->cur.cells;
    *n = x->cur.n;
    *row = x->cur.row;
    return 1;
}

bool kc_xlsx_row_is_label(const kc_xlsx *x)
{
    return x->cur.label;
}

bool kc_xlsx_row_is_hidden(const kc_xlsx *x)
{
    return x->cur.hidden;
}

bool kc_xlsx_has_filter(const kc_xlsx *x)
{
    return x->filter;
}

const char *kc_xlsx_cell_font(const kc_xlsx *x, size_t col)
{
    for (size_t i = 0; x->cur.fonts && i < x->cur.fonts->len; i++)
        if (g_array_index(x->cur.fonts, cell_font, i).col == col)
            return g_array_index(x->cur.fonts, cell_font, i).font;
    return NULL;
}

bool kc_xlsx_cell_is_formula(const kc_xlsx *x, size_t col)
{
    for (size_t i = 0; x->cur.formulas && i < x->cur.formulas->len; i++)
        if (g_array_index(x->cur.formulas, size_t, i) == col)
            return true;
    return false;
}

const char *kc_xlsx_file_name(const kc_xlsx *x)
{
    return kc_ooxml_name(x->b.pkg);
}

const char *kc_xlsx_sheet_name(const kc_xlsx *x)
{
    return x->b.sheet_name;
}

size_t kc_xlsx_other_count(const kc_xlsx *x)
{
    return x->b.others ? x->b.others->len : 0;
}

const char *kc_xlsx_other_name(const kc_xlsx *x, size_t i)
{
    return i < kc_xlsx_other_count(x) ? x->b.others->pdata[i] : NULL;
}

void kc_xlsx_free(kc_xlsx *x)
{
    if (!x)
        return;
    kc_xml_free(x->xml);
    qrow_clear(&x->cur);
    for (size_t i = x->qhead; x->q && i < x->q->len; i++)
        qrow_clear(&g_array_index(x->q, qrow, i));
    if (x->q)
        g_array_free(x->q, TRUE);
    if (x->cells)
        g_ptr_array_unref(x->cells);
    for (size_t i = 0; x->merges && i < x->merges->len; i++)
        free(MERGE(x, i)->value);
    if (x->merges)
        g_array_free(x->merges, TRUE);
    free(x->active);
    if (x->val)
        g_string_free(x->val, TRUE);
    if (x->formula)
        g_string_free(x->formula, TRUE);
    if (x->row_formulas)
        g_array_free(x->row_formulas, TRUE);
    if (x->row_fonts)
        g_array_free(x->row_fonts, TRUE);
    if (x->font_names)
        g_string_chunk_free(x->font_names);
    kc_xlsx_runs_reset(&x->is_runs);
    kc_xlsx_book_clear(&x->b);
    free(x);
}
