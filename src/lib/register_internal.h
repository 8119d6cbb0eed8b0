/* register_internal.h (internal): the register's layout and the row helpers
 * shared by the CSV and workbook reader (register.c) and the document reader
 * (register_pdf.c). */
#ifndef KC_REGISTER_INTERNAL_H
#define KC_REGISTER_INTERNAL_H

#include <glib.h>
#include <stdarg.h>
#include "kiemchung/register.h"

/* Rows in one register: a commune writes a few thousand documents a
 * year; a file with more is not one register, and each row costs memory. */
#define KC_REGISTER_MAX_ROWS 100000

/* A row and what grows with it: pub.warnings and pub.n_warnings show
 * `warnings`. */
typedef struct kc_reg_row {
    kc_register_row pub; /* first: a kc_register_row * is a kc_reg_row * */
    GPtrArray *warnings; /* strings owned; NULL until the first warning */
} kc_reg_row;

struct kc_register {
    char *path;
    char *sheet;     /* a workbook's sheet, or NULL for a CSV */
    char *file_name; /* a workbook's file name, for row places */
    GArray *rows;    /* kc_reg_row */
    GPtrArray *warnings;
};

kc_register *kc_register_new_internal(const char *path);
int kc_register_add_row(kc_register *reg, kc_register_row **out);
int kc_register_warn(kc_register *reg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int kc_register_row_warn(kc_register_row *row, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int kc_register_row_set_date(kc_register_row *row);
int kc_register_row_set_number(kc_register_row *row);
int kc_register_check_duplicates(kc_register *reg);

#endif
