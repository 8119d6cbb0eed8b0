/* register_load.c: the outgoing-documents register loaded from a file or a
 * buffer (see register.c for how its rows are read): a CSV or a workbook told
 * apart by content, and a workbook's other sheets looked at for a second
 * register of the same year, named in a warning. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csv.h"
#include "i18n.h"
#include "ooxml.h"
#include "util.h"
#include "xlsx.h"
#include "register_internal.h"
#include "text.h"

int kc_register_load_csv(kc_register **out, const char *path, kc_error *err)
{
    kc_register *reg = kc_register_new_internal(path);
    kc_reg_source src = {0};
    int rc = KC_ENOMEM;
    if (reg && (rc = kc_csv_open(&src.csv, path, err)) == 0 && (rc = kc_register_finish_load(out, reg, &src, path, err)) == 0)
        reg = NULL;
    kc_csv_free(src.csv);
    kc_register_free(reg);
    return rc == KC_ENOMEM ? kc_error_oom(err) : rc;
}

/* The names of the workbook's other sheets (g_strfreev), NULL on ENOMEM. */
static char **other_names(const kc_xlsx *x)
{
    size_t n = kc_xlsx_other_count(x);
    char **v = g_new0(char *, n + 1);
    for (size_t i = 0; i < n; i++)
        v[i] = g_strdup(kc_xlsx_other_name(x, i));
    return v;
}

/* Other sheets looked at for a register of the same year: a workbook with a
 * sheet per commune or per month is read this many times at most. */
#define OTHER_SHEETS_MAX 64

/* When no sheet was named: a workbook whose first sheet lists only the signed
 * documents and whose active one is the whole register (or the reverse) gives
 * another figure depending on the sheet read.  The sheet read is the one
 * Excel opens on; any other sheet that reads as a register of one of its
 * years (or of no readable year) is named in a warning beside the figures.
 * A sheet per year ("Năm 2020" beside "Năm 2021") is not a second register.
 * data is the workbook in memory, or NULL to read it from path again. */
static int other_registers(kc_register *reg, char **others, const char *path, const char *data, size_t len)
{
    GHashTable *years = g_hash_table_new(NULL, NULL);
    for (size_t i = 0; i < reg->rows->len; i++) {
        int y = g_array_index(reg->rows, kc_reg_row, i).pub.year;
        if (y)
            g_hash_table_add(years, GINT_TO_POINTER(y));
    }
    int rc = 0;
    for (size_t i = 0; others && others[i] && rc == 0; i++) {
        if (i == OTHER_SHEETS_MAX) {
            rc = kc_register_warn(reg, _("%s: the workbook has %u more sheets, not looked at for a second register"),
                                  reg->file_name, g_strv_length(others + i));
            break;
        }
        char *a = kc_text_casefold(others[i]), *b = kc_text_casefold(reg->sheet);
        bool twin = a && b && strcmp(a, b) == 0;
        free(a);
        free(b);
        if (twin) { /* its name answers for the sheet read too: it cannot be opened by it */
            rc = kc_register_warn(reg, _("%s: another sheet is named \"%s\" too (a hidden one, or one typed in another "
                                         "Unicode form), and is not counted: the figures are those of the tab Excel "
                                         "opens the workbook on; rename it to count it"),
                                  reg->file_name, others[i]);
            continue;
        }
        kc_register *o = NULL;
        int lr = data ? kc_register_load_buffer(&o, data, len, path, others[i], NULL)
                      : kc_register_load_xlsx(&o, path, others[i], NULL);
        if (lr == KC_ENOMEM)
            rc = KC_ENOMEM;
        if (lr != 0 || !o->rows->len) {
            kc_register_free(o);
            continue; /* no heading, no row: not a register */
        }
        bool dated = false, same_year = false;
        for (size_t k = 0; k < o->rows->len && !same_year; k++) {
            int y = g_array_index(o->rows, kc_reg_row, k).pub.year;
            dated |= y != 0;
            same_year = y && g_hash_table_contains(years, GINT_TO_POINTER(y));
        }
        if (same_year || !dated)
            rc = kc_register_warn(reg,
                                  _("%s: sheet \"%s\" reads as a register too (%u rows of the same year), and is not "
                                    "counted: the figures are those of sheet \"%s\", the one Excel opens the workbook "
                                    "on; give --sheet \"%s\" to count the other"),
                                  reg->file_name, o->sheet, o->rows->len, reg->sheet, o->sheet);
        kc_register_free(o);
    }
    g_hash_table_destroy(years);
    return rc;
}

int kc_register_load_xlsx(kc_register **out, const char *path, const char *sheet, kc_error *err)
{
    kc_register *reg = kc_register_new_internal(path);
    kc_reg_source src = {0};
    int rc = KC_ENOMEM;
    if (reg && (rc = kc_xlsx_open(&src.xlsx, path, sheet, err)) == 0) {
        reg->sheet = strdup(kc_xlsx_sheet_name(src.xlsx));
        reg->file_name = strdup(kc_xlsx_file_name(src.xlsx));
        rc = reg->sheet && reg->file_name ? kc_register_finish_load(out, reg, &src, path, err) : KC_ENOMEM;
        if (rc == 0)
            reg = NULL;
        if (rc == 0 && !sheet) {
            char **others = other_names(src.xlsx);
            kc_xlsx_free(src.xlsx);
            src.xlsx = NULL;
            if (!others || other_registers(*out, others, path, NULL, 0) != 0) {
                reg = *out;
                *out = NULL;
                rc = KC_ENOMEM;
            }
            g_strfreev(others);
        }
    }
    kc_xlsx_free(src.xlsx);
    kc_register_free(reg);
    return rc == KC_ENOMEM ? kc_error_oom(err) : rc;
}

int kc_register_load(kc_register **out, const char *path, const char *sheet, kc_error *err)
{
    struct stat st;
    /* A named pipe called so-di.csv would block the first read for ever. */
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        return kc_error_set(err, KC_EIO, _("%s: cannot open: %s"), path, _("not a regular file"));
    /* By content: a workbook saved with another extension (or a CSV named
     * .xlsx by mistake) is still read for what it is. */
    if (kc_ooxml_looks_zip(path) || kc_ooxml_looks_ole(path))
        return kc_register_load_xlsx(out, path, sheet, err);
    int rc = kc_ooxml_refuse_pdf(path, "register", err);
    if (rc != 0)
        return rc;
    rc = kc_register_load_csv(out, path, err);
    if (rc == 0 && sheet &&
        kc_register_warn(*out, _("%s is a CSV file, not a workbook: the sheet \"%s\" was not looked for"), path,
                         sheet) != 0) {
        kc_register_free(*out);
        *out = NULL;
        return kc_error_oom(err);
    }
    return rc;
}

int kc_register_load_buffer(kc_register **out, const char *data, size_t len, const char *name, const char *sheet,
                            kc_error *err)
{
    kc_register *reg = kc_register_new_internal(name);
    kc_reg_source src = {0};
    bool book = len >= 4 && (memcmp(data, "PK\3\4", 4) == 0 || memcmp(data, "\xD0\xCF\x11\xE0", 4) == 0);
    int rc = book ? kc_xlsx_open_buffer(&src.xlsx, data, len, name, sheet, err) : kc_csv_open_mem(&src.csv, data, len, err);
    if (rc == 0 && src.xlsx) {
        reg->sheet = strdup(kc_xlsx_sheet_name(src.xlsx));
        reg->file_name = strdup(kc_xlsx_file_name(src.xlsx));
        rc = reg->sheet && reg->file_name ? 0 : KC_ENOMEM;
    }
    if (rc == 0 && (rc = kc_register_finish_load(out, reg, &src, name, err)) == 0)
        reg = NULL;
    if (rc == 0 && src.xlsx && !sheet) {
        char **others = other_names(src.xlsx);
        kc_xlsx_free(src.xlsx);
        src.xlsx = NULL;
        if (!others || other_registers(*out, others, name, data, len) != 0) {
            reg = *out;
            *out = NULL;
            rc = KC_ENOMEM;
        }
        g_strfreev(others);
    }
    kc_csv_free(src.csv);
    kc_xlsx_free(src.xlsx);
    kc_register_free(reg);
    return rc == KC_ENOMEM ? kc_error_oom(err) : rc;
}
