/* xlsx_sheet.h (internal): the state of one worksheet being streamed, shared
 * by the files that read it:
 *
 *   xlsx_sheet.c  the two passes over the worksheet part: merged areas, then
 *                 the rows, queued for kc_xlsx_next;
 *   xlsx_cell.c   what one cell shows: shared strings, formulas and their
 *                 saved values, numbers and dates through their formats. */
#ifndef KC_XLSX_SHEET_H
#define KC_XLSX_SHEET_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

#include "xlsx.h"


typedef struct qrow {
    size_t row;
    char **cells;
    size_t n;
    bool label;
    bool hidden;           /* hidden in Excel: by hand, a collapsed outline or a filter */
    GArray *formulas;      /* size_t: the columns holding a formula Excel computes on load */
    GArray *fonts;         /* cell_font: the columns Excel shows in an old 8-bit Vietnamese font */
} qrow;

typedef struct cell_font {
    size_t col;
    const char *font;      /* interned in kc_xlsx's font_names */
} cell_font;

struct kc_xlsx {
    kc_xlsx_book b;
    GArray *merges;        /* merge, by top row once read: MERGE(s, i) */
    size_t next_merge;
    size_t *active;        /* merges covering the current row */
    size_t n_active;
    kc_xml *xml;
    bool filter;           /* the sheet has an autoFilter (a filter hides the rows it leaves out) */
    bool row_hidden;       /* the row being read is hidden */
    bool zero_height;      /* sheetFormatPr zeroHeight: rows are hidden unless given a height */
    /* the cell being read */
    bool in_row, in_c, in_v, in_is, in_t, in_f;
    bool has_f, has_v;     /* the cell has a formula (<f>), a cached value (<v>) */
    unsigned in_rph;
    size_t row, prev_row, col, prev_col;
    char type[12];
    long style;
    char ref[24];
    GString *val;
    GString *formula;      /* the cell's <f> text */
    GArray *row_formulas;  /* size_t: the row's columns holding a formula Excel computes on load */
    GArray *row_fonts;     /* cell_font: the row's cells Excel shows in an old 8-bit Vietnamese font */
    GStringChunk *font_names; /* those fonts' names, for as long as the reader lives */
    kc_xlsx_runs is_runs;  /* the fonts of the inline string's runs */
    /* the row being read: cells->pdata[0] is column A (NULL: nothing yet) */
    GPtrArray *cells;
    size_t row_bytes, delivered;
    /* rows read, not yet returned: q[qhead..] */
    GArray *q;             /* qrow */
    size_t qhead;
    qrow cur;
    bool eof;
};

/* What the cell just closed shows (malloc'd), or NULL when it shows nothing
 * (xlsx_cell.c). */
int kc_xlsx_cell_value(kc_xml *x, kc_xlsx *s, char **out);

#endif
