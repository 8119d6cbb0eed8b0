/* xlsx_write.h (internal): a table written as an Excel workbook (.xlsx), for
 * the reviewing authority's overview (review.h) and whatever else goes to
 * Excel.
 *
 * One sheet, built a cell at a time, written as the smallest SpreadsheetML
 * package that Excel, LibreOffice and a plain zip/XML reader all open: the
 * content types, the package and workbook relationships, the workbook, a
 * styles part (a bold shaded header, whole numbers, percentages "0.0%"), the
 * shared strings and the worksheet, with the header row frozen and an
 * AutoFilter over the table (sortable and filterable in Excel), on A4
 * landscape.  Numbers are numbers and percentages are fractions formatted as
 * percentages, so Excel computes with them.  The archive goes through the one
 * zip writer (zipio.h): written whole or not at all, the same bytes for the
 * same table under SOURCE_DATE_EPOCH. */
#ifndef KC_XLSX_WRITE_H
#define KC_XLSX_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include "kiemchung/error.h"

typedef struct kc_xlsw kc_xlsw;

/* A new sheet called name (cut to Excel's 31 characters, without the
 * characters a sheet name may not hold). */
kc_xlsw *kc_xlsw_new(const char *name);
void kc_xlsw_free(kc_xlsw *w);

/* Starts the next row; the cells below fill it from column A. */
void kc_xlsw_row(kc_xlsw *w);
/* A heading cell: bold on a shaded fill.  The first row of headings is the
 * one frozen and filtered. */
void kc_xlsw_header(kc_xlsw *w, const char *text);
/* A text cell (NULL or "": an empty cell).  Any bytes: invalid UTF-8 is
 * replaced, control characters are written as Excel escapes them. */
void kc_xlsw_text(kc_xlsw *w, const char *text);
void kc_xlsw_number(kc_xlsw *w, double value);   /* shown "0" when whole, else General */
void kc_xlsw_percent(kc_xlsw *w, double fraction); /* 0.714 shown 71.4% */
void kc_xlsw_blank(kc_xlsw *w);
/* The table ends with the row just written: rows after it (a total) stay
 * outside the AutoFilter and its sorting. */
void kc_xlsw_end_table(kc_xlsw *w);
/* Column col's width (0-based, in characters). */
void kc_xlsw_width(kc_xlsw *w, unsigned col, double chars);

/* Writes the workbook to path (replacing it) through the zip writer; the
 * time of every entry is SOURCE_DATE_EPOCH, else now.  KC_EIO, KC_EINVAL. */
int kc_xlsw_write(kc_xlsw *w, const char *path, kc_error *err);

#endif
