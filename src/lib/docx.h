/* docx.h (internal): a Word document (.docx) turned into the report's
 * tab-separated text form, so the one report parser (report.c) reads both.
 *
 * Why text and not a second model builder: the text form is what report.c
 * already reads, checks and bounds line by line, what the dossier stores
 * (report.txt) so `list --report` rebuilds the table years later, and what a
 * person can read and diff.  The conversion keeps what the parser looks at:
 *
 *   body paragraph          one line; "**...**" when every character is bold
 *   table of criteria       a blank line, one line per row with cells joined by
 *                           tabs, a blank line; paragraphs inside a cell joined
 *                           by <br>, line breaks (w:br) as <br>
 *   bold run                <b>...</b>
 *   hyperlink (w:hyperlink  <a href="TARGET">...</a>, the target from the
 *   or a HYPERLINK field)   document's relationships
 *   w:gridSpan = n          the cell, then n - 1 empty cells (the value lives in
 *                           the first)
 *   w:vMerge continued      in the first column empty (a sub-row continuing the
 *                           criterion above); elsewhere the merged cell's text
 *   automatic numbering     the number Word shows ("7", "II.", "b)")
 *   layout table (no        its paragraphs as body lines (a signature block, the
 *   criteria in it)         header with the commune's name)
 *   text boxes, drawings,   left out
 *   deleted text
 *
 * Text is escaped (&amp; &lt; &gt;), tabs and control characters become
 * spaces.  Each line keeps where it came from ("table 2, row 5"), so messages
 * point into the document, not into the text made from it. */
#ifndef KC_DOCX_H
#define KC_DOCX_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include "kiemchung/error.h"
#include "ooxml.h"

#define KC_DOCX_MAX_LINE (64u * 1024u) /* a paragraph or a table row; report.c's line limit */
#define KC_DOCX_MAX_LINES 100000       /* report.c's line limit */
#define KC_DOCX_MAX_COLS 64            /* grid columns (Word allows 63) */
#define KC_DOCX_MAX_STYLES 10000
#define KC_DOCX_MAX_LISTS 10000        /* numbering definitions */

typedef struct kc_docx_text {
    char *text;     /* the report in its text form, NUL-terminated */
    size_t len;
    char **places;  /* per line (1-based line i at places[i - 1]): "table 2, row 5",
                       "paragraph 3"; NULL for the blank lines added around tables */
    size_t nplaces;
} kc_docx_text;

/* Converts the document at path.  KC_EFORMAT names the file and part when it
 * is not a Word document or its XML cannot be read; KC_ELIMIT for a bound. */
int kc_docx_to_text(kc_docx_text *out, const char *path, kc_error *err);
void kc_docx_text_clear(kc_docx_text *t);

/* ---- styles and numbering (docx_props.c) ------------------------------------- */

typedef struct kc_docx_props kc_docx_props;

/* Reads word/styles.xml and word/numbering.xml when the relationships of the
 * document name them (a document without them has neither). */
int kc_docx_props_load(kc_docx_props **out, kc_ooxml *p, const kc_ooxml_rel *rels, size_t nrels, kc_error *err);
void kc_docx_props_free(kc_docx_props *pr);

/* Whether text in style id is bold: 1, 0, or -1 when neither the style nor
 * those it is based on say (NULL id: the document's default).  type: 'p'
 * for a paragraph's style (w:pStyle), 'c' for a run's (w:rStyle); a style of
 * another type is no style. */
int kc_docx_style_bold(const kc_docx_props *pr, const char *id, char type);
/* Whether style id (or one it is based on) hides its text (w:vanish): 1, 0,
 * or -1 when none of them says; type as for kc_docx_style_bold. */
int kc_docx_style_vanish(const kc_docx_props *pr, const char *id, char type);
/* Whether a run is hidden text, which Word neither shows nor prints: from
 * its own w:vanish (direct: 1, 0, -1 not said), else the document's default
 * toggled by its paragraph's style and its character style's w:vanish. */
bool kc_docx_hidden(const kc_docx_props *pr, const char *pstyle, int rstyle_vanish, int direct);
/* The list a paragraph style numbers its paragraphs with: false when none. */
bool kc_docx_style_numbering(const kc_docx_props *pr, const char *id, long *num_id, long *level);
/* The label of the next paragraph of list num_id at level ("7", "II.", "b)"),
 * counting it; NULL when the list is unknown or shows no label (malloc'd). */
char *kc_docx_number(kc_docx_props *pr, long num_id, long level);

/* ---- the walk over document.xml, shared by docx.c (paragraphs, runs,
 * fields) and docx_table.c (cells on the grid, merged cells, the output) ---- */

#define KC_DOCX_MAX_FIELDS 8

typedef struct kc_docx_para { char *markup; bool bold; } kc_docx_para;
typedef struct kc_docx_cell { GArray *p; } kc_docx_cell; /* kc_docx_para; NULL: empty */
typedef struct kc_docx_row { GArray *c; } kc_docx_row;   /* kc_docx_cell; NULL: no cell yet */
#define KC_DOCX_LEN(a) ((a) ? (size_t)(a)->len : 0)
#define KC_DOCX_PARA(cell, i) (&g_array_index((cell)->p, kc_docx_para, (i)))
#define KC_DOCX_CELL(row, i) (&g_array_index((row)->c, kc_docx_cell, (i)))

typedef struct kc_docx_walker {
    kc_docx_props *pr;
    const kc_ooxml_rel *rels;
    size_t nrels;
    GString *out;
    GPtrArray *places;
    unsigned char kind[KC_OOXML_MAX_DEPTH + 2];
    bool opened[KC_OOXML_MAX_DEPTH + 2];  /* an <a> was written at this depth */
    unsigned depth, skip;                 /* skip: depth of a subtree left out, 0 when none */
    bool alt[KC_OOXML_MAX_DEPTH + 2];     /* the element is an mc:AlternateContent */
    bool alt_taken[KC_OOXML_MAX_DEPTH + 2]; /* ... one of whose branches was read */
    unsigned tables, level;               /* tables seen; nesting of the current one */
    size_t paras;
    /* the paragraph */
    bool in_p, has_numpr;
    GString *pm;
    size_t vis, bold_vis;
    char *pstyle;
    long num_id, ilvl;
    /* the run */
    int r_bold, r_style_bold;
    int r_vanish, r_style_vanish;         /* the run's own w:vanish, its character style's: -1 not said */
    size_t bold_end;                      /* pm's length just after a "</b>" we wrote */
    /* complex fields: begin, instruction, separate, result, end */
    struct { GString *instr; bool result, link; } fld[KC_DOCX_MAX_FIELDS];
    unsigned nfld, fld_over;
    /* the top-level table */
    GArray *rows;            /* kc_docx_row of the table being read; NULL: none yet */
    kc_docx_row row;
    kc_docx_cell cell;
    bool in_cell;
    size_t gridcol;
    long span;
    int vmerge;                           /* 0 none, 1 restart, 2 continue */
    kc_docx_cell vm[KC_DOCX_MAX_COLS];
} kc_docx_walker;

void kc_docx_cell_clear(kc_docx_cell *c);
void kc_docx_row_clear(kc_docx_row *r);
void kc_docx_rows_clear(kc_docx_walker *w);
/* A paragraph as a line of free text; "**...**" when it is all bold (a title). */
int kc_docx_emit_para(kc_xml *x, kc_docx_walker *w, const kc_docx_para *p, const char *place);
/* The top-level table just closed: criteria rows, or a layout table's text. */
int kc_docx_emit_table(kc_xml *x, kc_docx_walker *w);
int kc_docx_add_cell(kc_xml *x, kc_docx_walker *w, kc_docx_cell *c);
int kc_docx_end_cell(kc_xml *x, kc_docx_walker *w);
int kc_docx_end_row(kc_xml *x, kc_docx_walker *w);

#endif
