/* xlsx.h (internal): one sheet of an Excel workbook (.xlsx) as rows of cell
 * strings, the way kc_csv_next gives a CSV's records, so the register (and
 * whatever else reads tables) takes either.
 *
 * What a clerk sees in Excel is what comes out: shared and inline strings
 * (rich-text runs joined, phonetic runs left out), numbers as Excel shows
 * them in General format, TRUE/FALSE, formulas' cached values, and cells
 * formatted as dates (built-in formats 14-17, 22, the East Asian ones, or a
 * custom format with d, m or y) as dd/mm/yyyy; a custom format's literal
 * text and text section as Excel shows them (xlsx_format.c).  A merged area shows its
 * top-left value in every cell it covers; columns skipped in the XML are
 * empty fields; each row comes with the number Excel shows beside it.
 *
 * The sheet is the one Excel opens the workbook on (the active tab of
 * xl/workbook.xml's first workbookView, when visible; else the first visible
 * one), or the one named (compared in NFC, ignoring case), found through
 * xl/workbook.xml and its relationships, never by file name.  The worksheet part is streamed (read twice: first for its
 * merged areas, which Excel writes after the cells). */
#ifndef KC_XLSX_H
#define KC_XLSX_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include "kiemchung/error.h"
#include "ooxml.h"

#define KC_XLSX_MAX_TEXT (128u * 1024u)        /* bytes in one cell: Excel's 32767 characters fit */
#define KC_XLSX_MAX_ROW_TEXT (1u << 20)        /* bytes in one row */
#define KC_XLSX_MAX_SHEET_TEXT (256u << 20)    /* bytes of cell text one sheet may deliver */
#define KC_XLSX_MAX_STRINGS 1000000            /* shared strings */
#define KC_XLSX_MAX_STYLES 65536               /* cell formats */
#define KC_XLSX_MAX_MERGES 65536               /* merged areas */
#define KC_XLSX_MAX_SHEETS 4096
#define KC_XLSX_MAX_COLS 256                   /* columns read (as the CSV reader's fields) */
#define KC_XLSX_EXCEL_COLS 16384               /* XFD: references beyond are refused */
#define KC_XLSX_EXCEL_ROWS 1048576

typedef struct kc_xlsx kc_xlsx;

/* Opens the workbook at path and chooses the sheet (NULL: the one Excel
 * opens on).  KC_EFORMAT names the file and part when the workbook cannot be read,
 * or lists the sheets when none has that name; KC_ELIMIT for a bound. */
int kc_xlsx_open(kc_xlsx **out, const char *path, const char *sheet, kc_error *err);
/* The same for a workbook in memory (inside a dossier): data must outlive
 * the reader; name (a path) names it in messages. */
int kc_xlsx_open_buffer(kc_xlsx **out, const void *data, size_t len, const char *name, const char *sheet,
                        kc_error *err);

/* The next row: 1 with *fields (borrowed until the next call; n may be 0 for
 * a row of empty cells) and *row its number in Excel; 0 at the end; negative
 * on an error (err names the file, the part and the cell). */
int kc_xlsx_next(kc_xlsx *x, char ***fields, size_t *n, size_t *row, kc_error *err);

/* Whether the row just returned is one merged area across several columns
 * with nothing else beside it: a title or a section heading, not data. */
bool kc_xlsx_row_is_label(const kc_xlsx *x);

/* Whether Excel hides the row just returned (row @hidden: hidden by hand, in
 * a collapsed outline or left out by a filter; or a height of 0), and
 * whether the sheet has a filter (an autoFilter) that may be why. */
bool kc_xlsx_row_is_hidden(const kc_xlsx *x);
bool kc_xlsx_has_filter(const kc_xlsx *x);
/* Whether cell col (1-based) of the row just returned is a formula Excel
 * computes as it opens the file (no cached value, or a workbook that asks for
 * a full calculation on load): its field then holds "=" and the formula, not
 * a value Excel shows. */
bool kc_xlsx_cell_is_formula(const kc_xlsx *x, size_t col);
/* The old 8-bit Vietnamese font (TCVN3/ABC ".VnTime", VNI "VNI-Times") in
 * which Excel shows cell col (1-based) of the row just returned, when the
 * cell's text holds letters beyond ASCII in it; else NULL.  Excel draws such
 * text with the font's glyph at each code ("huyÖn" is drawn "huyện"): the
 * field holds other letters than the sheet shows. */
const char *kc_xlsx_cell_font(const kc_xlsx *x, size_t col);
/* Whether a font's name is one of those old 8-bit Vietnamese fonts. */
bool kc_xlsx_font_is_legacy(const char *name);

const char *kc_xlsx_file_name(const kc_xlsx *x); /* "so-di.xlsx" */
const char *kc_xlsx_sheet_name(const kc_xlsx *x); /* "Sổ đi" */
/* The workbook's other sheets (hidden ones too), in tab order; i < n. */
size_t kc_xlsx_other_count(const kc_xlsx *x);
const char *kc_xlsx_other_name(const kc_xlsx *x, size_t i);

void kc_xlsx_free(kc_xlsx *x);

/* ---- shared by xlsx.c (the workbook) and xlsx_sheet.c (the rows) ----------- */

typedef struct kc_xlsx_book {
    kc_ooxml *pkg;
    char *sheet_name;     /* NFC */
    char *sheet_part;     /* "xl/worksheets/sheet1.xml" */
    bool date1904;        /* serials count from 1904-01-01 (old Mac workbooks) */
    bool recalc;          /* calcPr fullCalcOnLoad: Excel computes every formula as it opens the file */
    GPtrArray *strings;   /* the shared strings */
    GArray *xf_date;      /* bool per cell format (the s attribute): a date format */
    GPtrArray *xf_code;   /* per cell format: its custom number format's code, or NULL */
    GPtrArray *xf_font;   /* per cell format: its font's name when an old 8-bit Vietnamese one, or NULL */
    char *theme_font[2];  /* the theme's minor and major fonts when old 8-bit Vietnamese ones, or NULL */
    /* Shared strings with rich-text runs that name their font: index -> the
     * old 8-bit font of a run holding non-ASCII text, or "" when the runs'
     * own fonts show all of it (the cell's font then does not matter). */
    GHashTable *string_font;
    GPtrArray *others;    /* the names of the workbook's other sheets, in tab order */
} kc_xlsx_book;

/* Which fonts show a rich string's text (shared or inline): a run naming an
 * old 8-bit Vietnamese font (<rPr><rFont val=".VnTime"/>) with non-ASCII text
 * shows other letters than it holds, whatever the cell's font; text outside
 * runs that name their font is shown in the cell's. */
typedef struct kc_xlsx_runs {
    bool in_run;       /* inside <r> */
    bool run_named;    /* the run names its font (rFont) */
    char run_font[64]; /* that font's name */
    bool rich;         /* some run named its font */
    bool plain;        /* non-ASCII text outside runs naming their font: the cell's font shows it */
    char *legacy;      /* the first old 8-bit font of a run holding non-ASCII text (malloc'd) */
} kc_xlsx_runs;

void kc_xlsx_runs_start(kc_xlsx_runs *r, const char *name, const kc_xml_attrs *a);
void kc_xlsx_runs_end(kc_xlsx_runs *r, const char *name);
void kc_xlsx_runs_text(kc_xlsx_runs *r, const char *t, size_t len);
void kc_xlsx_runs_reset(kc_xlsx_runs *r);
/* The font a cell of the font cell_font (NULL: not an old one) shows text
 * of these runs in when it is not ASCII: the runs' legacy font, the cell's
 * for plain text, else NULL. */
const char *kc_xlsx_runs_font(const kc_xlsx_runs *r, const char *cell_font);

/* Reads the workbook of the package pkg, which it takes (freed with b, or at
 * once when it fails). */
int kc_xlsx_book_load(kc_xlsx_book *b, kc_ooxml *pkg, const char *sheet, kc_error *err);
void kc_xlsx_book_clear(kc_xlsx_book *b);

/* A serial day number as dd/mm/yyyy (malloc'd), or NULL when it is no day
 * Excel can show (negative, under 1, past 9999). */
char *kc_xlsx_serial_date(double serial, bool date1904);

/* Whether a number format code shows a date ("dd/mm/yyyy", "[$-42A]d mmmm yyyy"). */
bool kc_xlsx_format_is_date(const char *code);

/* What a cell shows through the number format code (malloc'd), or NULL when
 * it shows the cell as it is: text through the format's text section (the
 * fourth, or with fewer the last when it holds @), a number (not a date) through its
 * section's literal text around its digits (xlsx_format.c). */
char *kc_xlsx_format_show(const char *code, const char *text, bool is_number, double d);
/* Whether the number d, in a cell whose style is a date (code: its custom
 * format, NULL for a built-in one), takes a date section: a date's format
 * may show a negative number, or one its condition sends on, through a
 * section of literal text ("dd/mm/yyyy;"- UBND huyện Phú Vang""). */
bool kc_xlsx_format_date_for(const char *code, double d);

/* Decodes Excel's _xHHHH_ escapes in place and turns control characters other
 * than tab and line breaks into spaces. */
void kc_xlsx_unescape(char *s);

#endif
