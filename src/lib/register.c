/* register.c: the outgoing-documents register read from the clerk's CSV.
 *
 * Columns are found by name, not position: the Decree 30 headings (Phụ lục
 * IV) or short English aliases, folded so case, diacritics and NFD do not
 * matter.  Nothing about one row stops the others: a missing file, an
 * unreadable date or a duplicate number becomes a warning naming the line. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "i18n.h"
#include "kiemchung/docref.h"
#include "register_internal.h"
#include "text.h"

enum col { COL_NUMBER, COL_DATE, COL_TYPE, COL_SUMMARY, COL_SIGNER, COL_RECIPIENTS, COL_FILE,
           COL_KNOWN, COL_COUNT };

/* Folded header → column.  Decree 30 names first, then aliases. */
static const struct {
    const char *folded;
    enum col col;
} headers[] = {
    {"so, ky hieu van ban", COL_NUMBER}, {"so, ky hieu", COL_NUMBER}, {"so ky hieu", COL_NUMBER},
    {"so va ky hieu", COL_NUMBER}, {"so", COL_NUMBER}, {"number", COL_NUMBER}, {"so van ban", COL_NUMBER},
    {"ngay thang van ban", COL_DATE}, {"ngay, thang van ban", COL_DATE}, {"ngay van ban", COL_DATE},
    {"ngay thang", COL_DATE}, {"ngay", COL_DATE}, {"date", COL_DATE},
    {"ten loai va trich yeu noi dung van ban", COL_SUMMARY}, {"ten loai va trich yeu noi dung", COL_SUMMARY},
    {"trich yeu", COL_SUMMARY}, {"trich yeu noi dung", COL_SUMMARY}, {"summary", COL_SUMMARY},
    {"ten loai", COL_TYPE}, {"loai van ban", COL_TYPE}, {"type", COL_TYPE},
    {"nguoi ky", COL_SIGNER}, {"signer", COL_SIGNER},
    {"noi nhan van ban", COL_RECIPIENTS}, {"noi nhan", COL_RECIPIENTS}, {"recipients", COL_RECIPIENTS},
    {"file", COL_FILE}, {"tep", COL_FILE}, {"tep tin", COL_FILE}, {"tep dinh kem", COL_FILE},
    {"ban dien tu", COL_FILE}, {"duong dan", COL_FILE}, {"path", COL_FILE},
    /* The rest of Phụ lục IV: known, not needed for the ratios. */
    {"don vi, nguoi nhan ban luu", COL_KNOWN}, {"don vi nguoi nhan ban luu", COL_KNOWN},
    {"so luong ban", COL_KNOWN}, {"ngay chuyen", COL_KNOWN}, {"ky nhan", COL_KNOWN},
    {"ghi chu", COL_KNOWN}, {"stt", COL_KNOWN}, {"notes", COL_KNOWN},
};

static int map_header(const char *cell)
{
    char *f = kc_text_fold(cell);
    int col = -1;
    if (f) {
        /* Excel exports sometimes keep the column letter or a trailing colon. */
        size_t n = strlen(f);
        while (n > 0 && (f[n - 1] == ':' || f[n - 1] == '.' || f[n - 1] == ' '))
            f[--n] = '\0';
        for (size_t i = 0; i < G_N_ELEMENTS(headers) && col < 0; i++)
            if (strcmp(f, headers[i].folded) == 0)
                col = (int)headers[i].col;
    }
    free(f);
    return col;
}

static bool blank(char **fields, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (const char *p = fields[i]; *p; p++)
            if (!g_ascii_isspace(*p))
                return false;
    return true;
}

static char *cell(char **fields, size_t n, int idx)
{
    if (idx < 0 || (size_t)idx >= n)
        return NULL;
    char *s = g_strstrip(g_strdup(fields[idx]));
    char *out = *s ? strdup(s) : NULL;
    g_free(s);
    return out;
}

/* Excel sometimes exports dates as serial day numbers (1900 system). */
static bool excel_serial_date(const char *s, int *y, int *m, int *d)
{
    char *end = NULL;
    long v = strtol(s, &end, 10);
    if (!end || *end || v < 20000 || v > 80000)
        return false;
    GDate *date = g_date_new_dmy(30, G_DATE_DECEMBER, 1899);
    g_date_add_days(date, (guint)v);
    *y = g_date_get_year(date);
    *m = g_date_get_month(date);
    *d = g_date_get_day(date);
    g_date_free(date);
    return true;
}

int kc_register_row_set_date(kc_register_row *row)
{
    kc_date d = {0};
    if (!row->date)
        return kc_register_row_warn(row, _("line %zu: no date"), row->line);
    if (excel_serial_date(row->date, &row->year, &row->month, &row->day))
        return 0;
    if (kc_date_parse(&d, row->date) && d.year > 0 && d.month > 0) {
        row->year = d.year;
        row->month = d.month;
        row->day = d.day;
        return 0;
    }
    return kc_register_row_warn(row, _("line %zu: the date \"%s\" cannot be read"), row->line, row->date);
}

/* "12/QĐ-UBND" → serial 12, symbol "QĐ-UBND", type abbreviation "QĐ". */
int kc_register_row_set_number(kc_register_row *row)
{
    if (!row->number)
        return 0;
    const char *p = row->number;
    char *end = NULL;
    while (*p == ' ')
        p++;
    long serial = strtol(p, &end, 10);
    if (end == p)
        return 0;
    row->serial = serial;
    while (*end == ' ' || *end == '/')
        end++;
    if (*end) {
        row->symbol = strdup(end);
        if (!row->symbol)
            return KC_ENOMEM;
        if (!row->type) {
            char *abbr = g_strndup(end, strcspn(end, "-/ "));
            const char *canon = kc_docref_type_canonical(abbr);
            row->type = canon ? strdup(canon) : NULL;
            g_free(abbr);
        }
    }
    return 0;
}

int kc_register_row_warn(kc_register_row *row, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    char **grown = realloc(row->warnings, (row->n_warnings + 1) * sizeof *grown);
    char *copy = msg ? strdup(msg) : NULL;
    g_free(msg);
    if (!grown || !copy) {
        free(copy);
        if (grown)
            row->warnings = grown;
        return KC_ENOMEM;
    }
    row->warnings = grown;
    row->warnings[row->n_warnings++] = copy;
    return 0;
}

/* A number used twice in one year (numbers restart each 1 January). */
int kc_register_check_duplicates(kc_register *reg)
{
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    int rc = 0;
    for (size_t i = 0; i < reg->n_rows && rc == 0; i++) {
        kc_register_row *row = &reg->rows[i];
        if (!row->number)
            continue;
        char *folded = kc_text_fold(row->number);
        char *key = g_strdup_printf("%d|%s", row->year, folded ? folded : row->number);
        free(folded);
        gpointer first = g_hash_table_lookup(seen, key);
        if (first) {
            const kc_register_row *f = first;
            rc = f->line ? kc_register_row_warn(row, _("line %zu: number %s was already used on line %zu"),
                                                row->line, row->number, f->line)
                         : kc_register_row_warn(row, _("%s: number %s is used by another document too"),
                                                row->file ? row->file : "", row->number);
            g_free(key);
        } else {
            g_hash_table_insert(seen, key, row);
        }
    }
    g_hash_table_destroy(seen);
    return rc;
}

int kc_register_add_row(kc_register *reg, kc_register_row **out)
{
    if (reg->n_rows == reg->cap) {
        size_t cap = reg->cap ? reg->cap * 2 : 64;
        kc_register_row *grown = realloc(reg->rows, cap * sizeof *grown);
        if (!grown)
            return KC_ENOMEM;
        reg->rows = grown;
        reg->cap = cap;
    }
    *out = &reg->rows[reg->n_rows++];
    memset(*out, 0, sizeof **out);
    return 0;
}

int kc_register_warn(kc_register *reg, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    char **grown = realloc(reg->warnings, (reg->n_warnings + 1) * sizeof *grown);
    char *copy = msg ? strdup(msg) : NULL;
    g_free(msg);
    if (!grown || !copy) {
        free(copy);
        if (grown)
            reg->warnings = grown;
        return KC_ENOMEM;
    }
    reg->warnings = grown;
    reg->warnings[reg->n_warnings++] = copy;
    return 0;
}

static int read_rows(kc_register *reg, kc_csv *csv, const char *dir, kc_error *err)
{
    int idx[COL_COUNT];
    char **fields = NULL;
    size_t n = 0, line = 0;
    int r;
    for (int i = 0; i < COL_COUNT; i++)
        idx[i] = -1;
    /* The header is the first non-blank record. */
    while ((r = kc_csv_next(csv, &fields, &n, &line, err)) == 1 && blank(fields, n))
        ;
    if (r < 0)
        return r;
    if (r == 0)
        return kc_error_set(err, KC_EFORMAT, _("%s: the register is empty"), reg->path);
    for (size_t i = 0; i < n; i++) {
        int col = map_header(fields[i]);
        if (col < 0) {
            if (*g_strstrip(fields[i]) && kc_register_warn(reg, _("line %zu: unknown column \"%s\" is ignored"),
                                                           line, fields[i]) != 0)
                return KC_ENOMEM;
        } else if (col != COL_KNOWN && idx[col] < 0) {
            idx[col] = (int)i;
        }
    }
    if (idx[COL_NUMBER] < 0 && idx[COL_FILE] < 0)
        return kc_error_set(err, KC_EFORMAT,
                            _("%s:%zu: no \"Số, ký hiệu văn bản\" (number) or file column: is this a register?"),
                            reg->path, line);
    if (idx[COL_FILE] < 0 && kc_register_warn(reg, _("no file column: every document counts as not signed")) != 0)
        return KC_ENOMEM;
    while ((r = kc_csv_next(csv, &fields, &n, &line, err)) == 1) {
        if (blank(fields, n))
            continue;
        kc_register_row *row = NULL;
        if (reg->n_rows == KC_REGISTER_MAX_ROWS)
            return kc_error_set(err, KC_ELIMIT, _("%s:%zu: more than %d documents: this is not one register"),
                                reg->path, line, KC_REGISTER_MAX_ROWS);
        if (kc_register_add_row(reg, &row) != 0)
            return KC_ENOMEM;
        row->line = line;
        row->number = cell(fields, n, idx[COL_NUMBER]);
        row->date = cell(fields, n, idx[COL_DATE]);
        row->type = cell(fields, n, idx[COL_TYPE]);
        row->summary = cell(fields, n, idx[COL_SUMMARY]);
        row->signer = cell(fields, n, idx[COL_SIGNER]);
        row->recipients = cell(fields, n, idx[COL_RECIPIENTS]);
        char *file = cell(fields, n, idx[COL_FILE]);
        if (file) {
            /* Excel on Windows writes backslashes. */
            for (char *p = file; *p; p++)
                if (*p == '\\')
                    *p = '/';
            row->file = g_path_is_absolute(file) ? strdup(file) : g_build_filename(dir, file, NULL);
            free(file);
        }
        if (kc_register_row_set_number(row) != 0 || kc_register_row_set_date(row) != 0)
            return KC_ENOMEM;
        if (!row->file && kc_register_row_warn(row, _("line %zu: no electronic copy listed"), line) != 0)
            return KC_ENOMEM;
    }
    return r < 0 ? r : 0;
}

int kc_register_load_csv(kc_register **out, const char *path, kc_error *err)
{
    kc_register *reg = calloc(1, sizeof *reg);
    kc_csv *csv = NULL;
    char *dir = NULL;
    int rc = KC_ENOMEM;
    if (!reg || !(reg->path = strdup(path)))
        goto out;
    rc = kc_csv_open(&csv, path, err);
    if (rc != 0)
        goto out;
    dir = g_path_get_dirname(path);
    rc = read_rows(reg, csv, dir, err);
    if (rc == 0 && kc_csv_was_converted(csv))
        rc = kc_register_warn(reg, _("the register is not UTF-8; it was read as Windows-1258"));
    if (rc == 0)
        rc = kc_register_check_duplicates(reg);
    if (rc == 0) {
        *out = reg;
        reg = NULL;
    }
out:
    g_free(dir);
    kc_csv_free(csv);
    kc_register_free(reg);
    return rc == KC_ENOMEM ? kc_error_set(err, rc, _("out of memory")) : rc;
}

size_t kc_register_count(const kc_register *reg) { return reg->n_rows; }
const kc_register_row *kc_register_row_at(const kc_register *reg, size_t i)
{
    return i < reg->n_rows ? &reg->rows[i] : NULL;
}
size_t kc_register_warning_count(const kc_register *reg) { return reg->n_warnings; }
const char *kc_register_warning(const kc_register *reg, size_t i)
{
    return i < reg->n_warnings ? reg->warnings[i] : NULL;
}
const char *kc_register_path(const kc_register *reg) { return reg->path; }

void kc_register_free(kc_register *reg)
{
    if (!reg)
        return;
    for (size_t i = 0; i < reg->n_rows; i++) {
        kc_register_row *r = &reg->rows[i];
        free(r->number);
        free(r->symbol);
        free(r->date);
        free(r->type);
        free(r->summary);
        free(r->signer);
        free(r->recipients);
        g_free(r->file); /* g_build_filename or strdup: both release with free() in glib >= 2.46 */
        for (size_t w = 0; w < r->n_warnings; w++)
            free(r->warnings[w]);
        free(r->warnings);
    }
    for (size_t w = 0; w < reg->n_warnings; w++)
        free(reg->warnings[w]);
    free(reg->warnings);
    free(reg->rows);
    free(reg->path);
    free(reg);
}
