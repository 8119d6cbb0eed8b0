/* register_internal.h (internal): the register's layout and the row helpers
 * shared by the CSV and workbook reader (register.c) and the document reader
 * (register_pdf.c). */
#ifndef KC_REGISTER_INTERNAL_H
#define KC_REGISTER_INTERNAL_H

#include <glib.h>
#include <stdarg.h>
#include "kiemchung/register.h"
#include "util.h"

/* Rows in one register: a commune writes a few thousand documents a
 * year; a file with more is not one register, and each row costs memory. */
#define KC_REGISTER_MAX_ROWS 100000

/* How a date cell was read (register_date.c). */
typedef enum kc_date_form {
    KC_DATE_UNREAD = 0,  /* not a date */
    KC_DATE_ISO,         /* 2021-03-15 */
    KC_DATE_SERIAL,      /* Excel's day number, 44270 */
    KC_DATE_DAY_FIRST,   /* 30/03/2021, or words: only the day can come first */
    KC_DATE_MONTH_FIRST, /* 3/30/2021: only the month can come first */
    KC_DATE_EITHER       /* 03/04/2021: read day first; month first is a date too */
} kc_date_form;

/* Reads one date cell: the form, and the date when it is not KC_DATE_UNREAD
 * (KC_DATE_EITHER gives the day-first reading). */
kc_date_form kc_register_parse_date(const char *text, int *y, int *m, int *d);

/* The register's columns (register_head.c). */
typedef enum kc_reg_col {
    KC_COL_NUMBER, KC_COL_SYMBOL, KC_COL_DATE, KC_COL_TYPE, KC_COL_SUMMARY, KC_COL_SIGNER, KC_COL_RECIPIENTS,
    KC_COL_FILE, KC_COL_YEAR, KC_COL_KNOWN, KC_COL_COUNT
} kc_reg_col;

/* The column a heading names, or -1. */
int kc_register_map_header(const char *cell);
/* For a heading that names no column: the heading it is a typo of (one or two
 * letters away, folded), with its column in *col; NULL when none is near. */
const char *kc_register_nearest_header(const char *cell, kc_reg_col *col);
/* A heading continued on the next row: each cell of bot is empty, repeats the
 * cell above (a merged cell), completes it ("Ngày tháng" over "văn bản") or is
 * a heading of its own under a group ("Bản lưu" over "Số lượng bản").  Returns
 * the combined headings (g_strfreev) or NULL when bot is no such row. */
char **kc_register_second_heading(char **top, size_t ntop, char **bot, size_t nbot);
/* The printed form's column numbers under the headings: "(1) (2) ... (10)". */
bool kc_register_numbering_row(char **fields, size_t n);
/* A line under the table that is no document: its first cell a total or the
 * register's sign-off ("Tổng cộng: 7 văn bản", "Cộng", "Tổng số", "Người lập
 * sổ"), every other cell empty or a count.  *label is that first cell
 * (borrowed from fields). */
bool kc_register_footer_row(char **fields, size_t n, const char **label);

/* A section line inside the table, no document: one cell, the row's first
 * or its number column's (not the date's), holding letters but no number
 * and no date ("Quý I (tháng 1, 2, 3)", "PHẦN II. VĂN BẢN ĐI", "Tháng 3").
 * Or the summary column's, when it opens as a heading does ("Quý II",
 * "Tháng 9", "Phần II …", "II. …"); a document row with only its summary
 * filled otherwise is not one.  *label is that cell (borrowed from fields). */
bool kc_register_section_row(char **fields, size_t n, int number_col, int date_col, int summary_col,
                             const char **label);

/* A CSV cell Excel reads as a formula (it starts with '=', or '+' before an
 * expression, as Excel reads =+…): one made of
 * string literals and numbers joined by '&' (="12/QĐ-UBND", as web systems
 * export text, or ="UBND "&"huyện Phú Vang") is rewritten in place as the
 * value Excel shows; true then, or when the cell is no formula.  False for a
 * formula kiemchung does not compute (left as it is). */
bool kc_register_csv_formula(char *cell);
/* Whether Excel reads the CSV cell as a formula ('=' first, or '+', '-',
 * '@' before what can only be an expression: +"UBND "&"huyện"). */
bool kc_register_csv_is_formula(const char *cell);
/* Whether the UTF-8 character at p belongs to a word of a document's number
 * (a letter or digit of any script), not to what separates them (any dash,
 * slash, space or stop): register_row.c's number_key, register_pdf.c. */
bool kc_register_number_char(const char *p);
/* Whether two numbers are one however written: their folded words, leading
 * zeros and a leading "Số" aside ("Số 012 /BC–UBND." is 12/BC-UBND), as a
 * register's duplicate numbers are told (register_row.c). */
bool kc_register_same_number(const char *a, const char *b);
/* That number as one key ("Số 015 /QĐ-UBND." → "15/qd/ubnd"), g_free; NULL
 * when it holds no digit. */
char *kc_register_number_key(const char *number);
/* A row's number written with its year after it, a space apart ("003/HĐ
 * 2019", as a contract's heading writes it), without that year when it is
 * year (the row's, not 0); NULL when it has no such year (g_free). */
char *kc_register_number_sans_year(const char *number, int year);

/* How far after its "Số:" line a document's own date may stand: the place
 * and date sit beside the number, in the heading; a date further on is in the
 * body ("Căn cứ Luật … ngày 19 tháng 6 năm 2015") and says nothing of the
 * document's year. */
#define KC_HEADING_DATE_SPAN 200
/* How far under it a place and date of another year than a cover page's
 * leaves the document's year unsure (a heading's long "V/v …", rtshown26). */
#define KC_HEADING_FAR_SPAN 800

/* register_heading.c, for register_pdf.c: with its own-date pattern `date`,
 * whether text's first place and date (a document without a number) or a
 * place and date on the number's line or the lines around it, [num_start,
 * num_end), is of another year than row_year; *said then says which. */
bool kc_register_place_date(const GRegex *date, const char *text, int row_year, char **said);
/* Whether text holds a place and date as a heading writes it ("Thủy An, ngày …"). */
bool kc_register_place_date_found(const GRegex *date, const char *text);
bool kc_register_heading_dates(const GRegex *date, const char *text, int num_start, int num_end, int row_year,
                               char **said);
/* The start of text's first date that may be its heading's (the number's
 * line, after it, the line before, or a place's date anywhere before it:
 * not a law the body cites on a page before the heading), its year in *year;
 * -1 when none. */
int kc_register_first_own_date(const GRegex *date, const char *text, int num_start, int *year);

/* register_own.c: the patterns of a document's own "Số:" line and date,
 * compiled once for the run (NULL when they could not be). */
typedef struct kc_own_patterns {
    const GRegex *number;  /* "Số: N/…" after a space or a line's start */
    const GRegex *date;    /* a heading's date, its year the last group matched */
    const GRegex *heading; /* the same starting a line or a column */
    const GRegex *alone;   /* the same ending it too: the heading's as Decree 30 sets it */
    const GRegex *runon;   /* one run on into its date, no place or one in lower case */
    const GRegex *placed;  /* a place and date as a heading's column writes them */
} kc_own_patterns;
const kc_own_patterns *kc_register_own_patterns(void);
/* The first "Số:" line of text in a heading's form (alone, or runon when
 * nothing is placed); *m its match, to be freed either way (own not NULL). */
bool kc_register_own_alone(const kc_own_patterns *own, const char *text, GMatchInfo **m);
/* The document's own "Số:" line among text's (NULL-safe on own). */
bool kc_register_own_line(const kc_own_patterns *own, const char *text, GMatchInfo **m);
/* For kc_pdftext_first_then_last (user: a kc_own_patterns): whether a
 * document's first page settles its number and date, both found in it.  The
 * first match of each pattern in the first page's text is then its first
 * match in the text of the first and last pages together (the first page's
 * text ends in a newline; a match beginning earlier and running on into the
 * last page would hold the first page's match inside it, and neither pattern
 * can hold a second "số" or "ngày"), at the same offset, with the same
 * groups: what a row takes from the text is the same, and so is the distance
 * kc_register_row_other_document measures between them.  Only the "Nơi
 * nhận:" block needs the last page. */
bool kc_register_own_enough(const char *text, void *user);

/* A row and what grows with it: pub.warnings and pub.n_warnings show
 * `warnings`. */
typedef struct kc_reg_row {
    kc_register_row pub; /* first: a kc_register_row * is a kc_reg_row * */
    GPtrArray *warnings; /* strings owned; NULL until the first warning */
    kc_date_form date_form;
} kc_reg_row;

struct kc_register {
    char *path;
    char *sheet;     /* a workbook's sheet, or NULL for a CSV */
    char *file_name; /* a workbook's file name, for row places */
    GArray *rows;    /* kc_reg_row */
    GPtrArray *warnings;
    bool file_column; /* the register has a column of files */
    kc_path_cache *paths; /* folder listings for the rows' files (path.c), made when first needed */
};

kc_register *kc_register_new_internal(const char *path);
int kc_register_add_row(kc_register *reg, kc_register_row **out);
int kc_register_warn(kc_register *reg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int kc_register_row_warn(kc_register_row *row, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int kc_register_row_set_date(kc_register_row *row);
int kc_register_row_set_number(kc_register_row *row);
int kc_register_check_duplicates(kc_register *reg);

/* Where register.c reads rows from: a CSV or a workbook's sheet. */
typedef struct kc_reg_source {
    struct kc_csv *csv;
    struct kc_xlsx *xlsx;
    int formula;           /* the row's first field holding a formula not computed, or -1 */
    GArray *uncomputed;    /* int: a workbook row's fields holding a formula not computed */
} kc_reg_source;
/* Reads src's rows into reg, warns and checks duplicates; *out = reg on
 * success (register.c, for register_load.c). */
int kc_register_finish_load(kc_register **out, kc_register *reg, kc_reg_source *src, const char *path, kc_error *err);

/* Day-first or month-first for the register's dd/mm dates, from the dates
 * that can only be one of them (register_row.c); said in a warning. */
int kc_register_settle_date_order(kc_register *reg);
/* The number (number, serial, symbol) and year a PDF's text gives, into row
 * (the caller frees number and symbol); fields stay 0/NULL when its text does
 * not say.  KC_ENOMEM only. */
int kc_register_pdf_row(kc_register_row *row, const char *path);

#endif
