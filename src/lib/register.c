/* register.c: the outgoing-documents register read from the clerk's CSV or
 * Excel workbook (csv.c and xlsx.c give both as rows of cell strings).
 *
 * Columns are found by name, not position: the Decree 30 headings (Phụ lục
 * IV) or short English aliases, folded so case, diacritics and NFD do not
 * matter.  The heading row is the first row that names a number or file
 * column (a title such as "SỔ ĐĂNG KÝ VĂN BẢN ĐI" may sit above it); a heading
 * split over two rows (merged cells, or "Bản lưu" over "Đơn vị, người nhận" and
 * "Số lượng bản") is read as one, and the form's column-number row "(1) (2)
 * ..." under it is skipped.  Nothing about one row stops the others: a missing
 * file, an unreadable date or a duplicate number becomes a warning naming the
 * line, or for a workbook the sheet and the row Excel shows. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csv.h"
#include "i18n.h"
#include "ooxml.h"
#include "util.h"
#include "xlsx.h"
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
    if (!*s) {
        g_free(s);
        return NULL;
    }
    return s;
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
        return kc_register_row_warn(row, _("%s: no date"), row->where ? row->where : "");
    if (excel_serial_date(row->date, &row->year, &row->month, &row->day))
        return 0;
    if (kc_date_parse(&d, row->date) && d.year > 0 && d.month > 0) {
        row->year = d.year;
        row->month = d.month;
        row->day = d.day;
        return 0;
    }
    return kc_register_row_warn(row, _("%s: the date \"%s\" cannot be read"), row->where ? row->where : "",
                                row->date);
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
    kc_reg_row *r = (kc_reg_row *)row;
    va_list ap;
    if (!r->warnings)
        r->warnings = g_ptr_array_new_with_free_func(g_free);
    va_start(ap, fmt);
    g_ptr_array_add(r->warnings, g_strdup_vprintf(fmt, ap));
    va_end(ap);
    row->warnings = (char **)r->warnings->pdata;
    row->n_warnings = r->warnings->len;
    return 0;
}

/* A number used twice in one year (numbers restart each 1 January). */
int kc_register_check_duplicates(kc_register *reg)
{
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    int rc = 0;
    for (size_t i = 0; i < reg->rows->len && rc == 0; i++) {
        kc_register_row *row = &g_array_index(reg->rows, kc_reg_row, i).pub;
        if (!row->number)
            continue;
        char *folded = kc_text_fold(row->number);
        char *key = g_strdup_printf("%d|%s", row->year, folded ? folded : row->number);
        free(folded);
        gpointer first = g_hash_table_lookup(seen, key);
        if (first) {
            const kc_register_row *f = first;
            char *first_at = f->line ? g_strdup_printf(reg->sheet ? _("row %zu") : _("line %zu"), f->line) : NULL;
            rc = f->line ? kc_register_row_warn(row, _("%s: number %s was already used on %s"),
                                                row->where ? row->where : "", row->number, first_at)
                         : kc_register_row_warn(row, _("%s: number %s is used by another document too"),
                                                row->file ? row->file : "", row->number);
            g_free(first_at);
            g_free(key);
        } else {
            g_hash_table_insert(seen, key, row);
        }
    }
    g_hash_table_destroy(seen);
    return rc;
}

kc_register *kc_register_new_internal(const char *path)
{
    kc_register *reg = g_new0(kc_register, 1);
    reg->path = g_strdup(path);
    reg->rows = g_array_new(FALSE, TRUE, sizeof(kc_reg_row));
    reg->warnings = g_ptr_array_new_with_free_func(g_free);
    return reg;
}

int kc_register_add_row(kc_register *reg, kc_register_row **out)
{
    g_array_set_size(reg->rows, reg->rows->len + 1); /* zeroed */
    *out = &g_array_index(reg->rows, kc_reg_row, reg->rows->len - 1).pub;
    return 0;
}

int kc_register_warn(kc_register *reg, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_ptr_array_add(reg->warnings, g_strdup_vprintf(fmt, ap));
    va_end(ap);
    return 0;
}

/* ---- reading rows: from a CSV or a workbook's sheet ------------------------------------ */

/* Non-blank rows searched for the heading row (titles above it are skipped). */
#define HEADER_SEARCH 20

typedef struct source {
    kc_csv *csv;
    kc_xlsx *xlsx;
} source;

static int src_next(source *s, char ***fields, size_t *n, size_t *line, kc_error *err)
{
    return s->xlsx ? kc_xlsx_next(s->xlsx, fields, n, line, err) : kc_csv_next(s->csv, fields, n, line, err);
}

/* Where a row is, in a warning: "line 4", or "so-di.xlsx, sheet Sổ đi, row 12". */
static char *row_place(const kc_register *reg, size_t line)
{
    return reg->sheet ? g_strdup_printf(_("%s, sheet %s, row %zu"), reg->file_name, reg->sheet, line)
                      : g_strdup_printf(_("line %zu"), line);
}

/* Where a row is, in an error that stops the run: "so-di.csv:4" or
 * "dir/so-di.xlsx, sheet Sổ đi, row 4". */
static char *error_place(const kc_register *reg, size_t line)
{
    return reg->sheet ? g_strdup_printf(_("%s, sheet %s, row %zu"), reg->path, reg->sheet, line)
                      : g_strdup_printf("%s:%zu", reg->path, line);
}

static int maps_id(char **fields, size_t n, int *idx)
{
    int found = 0;
    for (int i = 0; i < COL_COUNT; i++)
        idx[i] = -1;
    for (size_t i = 0; i < n; i++) {
        int col = map_header(fields[i]);
        if (col >= 0 && col != COL_KNOWN && idx[col] < 0)
            idx[col] = (int)i;
        found |= col == COL_NUMBER || col == COL_FILE;
    }
    return found;
}

static bool same_text(const char *a, const char *b)
{
    char *fa = kc_text_fold(a), *fb = kc_text_fold(b);
    bool eq = fa && fb && strcmp(fa, fb) == 0;
    free(fa);
    free(fb);
    return eq;
}

/* A heading continued on the next row: each cell of bot is empty, repeats the
 * cell above (a merged cell), completes it ("Ngày tháng" over "văn bản") or is
 * a heading of its own under a group ("Bản lưu" over "Số lượng bản").  Returns
 * the combined headings (g_strfreev) or NULL when bot is no such row. */
static char **second_heading_row(char **top, size_t ntop, char **bot, size_t nbot)
{
    size_t n = ntop > nbot ? ntop : nbot;
    char **out = g_new0(char *, n + 1);
    bool adds = false;
    for (size_t i = 0; i < n; i++) {
        const char *t = i < ntop ? top[i] : "", *b = i < nbot ? bot[i] : "";
        char *tt = g_strstrip(g_strdup(t)), *bb = g_strstrip(g_strdup(b));
        char *joined = g_strconcat(tt, " ", bb, NULL);
        if (!*bb || same_text(tt, bb)) {
            out[i] = g_strdup(tt);
        } else if (*tt && map_header(joined) >= 0) {
            out[i] = g_strdup(joined);
            adds = true;
        } else if (map_header(bb) >= 0) {
            out[i] = g_strdup(bb);
            adds = true;
        }
        g_free(joined);
        g_free(tt);
        g_free(bb);
        if (!out[i]) {
            g_strfreev(out);
            return NULL;
        }
    }
    if (!adds) {
        g_strfreev(out);
        return NULL;
    }
    return out;
}

/* The printed form's column numbers under the headings: "(1) (2) ... (10)". */
static bool numbering_row(char **fields, size_t n)
{
    size_t numbers = 0;
    for (size_t i = 0; i < n; i++) {
        const char *p = fields[i];
        while (*p == ' ')
            p++;
        if (!*p)
            continue;
        bool paren = *p == '(';
        p += paren;
        if (!g_ascii_isdigit(*p))
            return false;
        while (g_ascii_isdigit(*p))
            p++;
        if (paren && *p++ != ')')
            return false;
        while (*p == ' ' || *p == '.')
            p++;
        if (*p)
            return false;
        numbers++;
    }
    return numbers >= 3;
}

static int add_data_row(kc_register *reg, const int *idx, char **fields, size_t n, size_t line, const char *dir,
                        kc_error *err)
{
    kc_register_row *row = NULL;
    if (reg->rows->len == KC_REGISTER_MAX_ROWS) {
        char *at = error_place(reg, line);
        int rc = kc_error_set(err, KC_ELIMIT, _("%s: more than %d documents: this is not one register"), at,
                              KC_REGISTER_MAX_ROWS);
        g_free(at);
        return rc;
    }
    if (kc_register_add_row(reg, &row) != 0)
        return KC_ENOMEM;
    row->line = line;
    row->where = row_place(reg, line);
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
    if (!row->where || kc_register_row_set_number(row) != 0 || kc_register_row_set_date(row) != 0)
        return KC_ENOMEM;
    if (!row->file && kc_register_row_warn(row, _("%s: no electronic copy listed"), row->where) != 0)
        return KC_ENOMEM;
    return 0;
}

static int read_rows(kc_register *reg, source *src, const char *dir, kc_error *err)
{
    int idx[COL_COUNT];
    char **fields = NULL, **heading = NULL, **combined = NULL;
    size_t n = 0, line = 0, first_line = 0, head_line = 0, nhead = 0, seen = 0;
    int r;

    /* The heading row: the first that names a number or file column. */
    while ((r = src_next(src, &fields, &n, &line, err)) == 1) {
        if (blank(fields, n))
            continue;
        if (!first_line)
            first_line = line;
        if (maps_id(fields, n, idx)) {
            heading = g_new0(char *, n + 1);
            for (size_t i = 0; i < n; i++)
                heading[i] = g_strdup(fields[i]);
            nhead = n;
            head_line = line;
            break;
        }
        if (++seen == HEADER_SEARCH)
            break;
    }
    if (r < 0)
        return r;
    if (!first_line)
        return kc_error_set(err, KC_EFORMAT, _("%s: the register is empty"), reg->path);
    if (!heading) {
        char *at = error_place(reg, first_line);
        r = kc_error_set(err, KC_EFORMAT, _("%s: no \"Số, ký hiệu văn bản\" (number) or file column: is this a register?"),
                         at);
        g_free(at);
        return r;
    }
    /* The row under it: the heading's second row, the form's column numbers, or data. */
    while ((r = src_next(src, &fields, &n, &line, err)) == 1 && blank(fields, n))
        ;
    if (r == 1 && (combined = second_heading_row(heading, nhead, fields, n)) != NULL) {
        g_strfreev(heading);
        heading = combined;
        nhead = g_strv_length(heading);
        maps_id(heading, nhead, idx);
        while ((r = src_next(src, &fields, &n, &line, err)) == 1 && blank(fields, n))
            ;
    }
    if (r == 1 && numbering_row(fields, n))
        while ((r = src_next(src, &fields, &n, &line, err)) == 1 && blank(fields, n))
            ;
    for (size_t i = 0; i < nhead; i++)
        if (map_header(heading[i]) < 0 && *g_strstrip(heading[i])) {
            char *at = row_place(reg, head_line);
            int w = at ? kc_register_warn(reg, _("%s: unknown column \"%s\" is ignored"), at, heading[i]) : KC_ENOMEM;
            free(at);
            if (w != 0) {
                g_strfreev(heading);
                return KC_ENOMEM;
            }
        }
    g_strfreev(heading);
    if (idx[COL_FILE] < 0 && kc_register_warn(reg, _("no file column: every document counts as not signed")) != 0)
        return KC_ENOMEM;
    for (; r == 1; r = src_next(src, &fields, &n, &line, err)) {
        if (blank(fields, n))
            continue;
        if (src->xlsx && kc_xlsx_row_is_label(src->xlsx)) {
            /* One merged cell across the table ("Tháng 3", "Quý II"): a heading, not a document. */
            char *at = row_place(reg, line);
            size_t k = 0;
            while (k + 1 < n && !*fields[k])
                k++;
            int w = at ? kc_register_warn(reg, _("%s: \"%s\" spans the table's width: read as a heading, not a document"),
                                          at, fields[k])
                       : KC_ENOMEM;
            free(at);
            if (w != 0)
                return KC_ENOMEM;
            continue;
        }
        if ((r = add_data_row(reg, idx, fields, n, line, dir, err)) != 0)
            return r;
    }
    return r < 0 ? r : 0;
}

static int finish_load(kc_register **out, kc_register *reg, source *src, const char *path, kc_error *err)
{
    char *dir = g_path_get_dirname(path);
    int rc = read_rows(reg, src, dir, err);
    if (rc == 0 && src->csv && kc_csv_was_converted(src->csv))
        rc = kc_register_warn(reg, _("the register is not UTF-8; it was read as Windows-1258"));
    if (rc == 0)
        rc = kc_register_check_duplicates(reg);
    if (rc == 0)
        *out = reg;
    g_free(dir);
    return rc;
}

int kc_register_load_csv(kc_register **out, const char *path, kc_error *err)
{
    kc_register *reg = kc_register_new_internal(path);
    source src = {0};
    int rc = KC_ENOMEM;
    if (reg && (rc = kc_csv_open(&src.csv, path, err)) == 0 && (rc = finish_load(out, reg, &src, path, err)) == 0)
        reg = NULL;
    kc_csv_free(src.csv);
    kc_register_free(reg);
    return rc == KC_ENOMEM ? kc_error_oom(err) : rc;
}

int kc_register_load_xlsx(kc_register **out, const char *path, const char *sheet, kc_error *err)
{
    kc_register *reg = kc_register_new_internal(path);
    source src = {0};
    int rc = KC_ENOMEM;
    if (reg && (rc = kc_xlsx_open(&src.xlsx, path, sheet, err)) == 0) {
        reg->sheet = strdup(kc_xlsx_sheet_name(src.xlsx));
        reg->file_name = strdup(kc_xlsx_file_name(src.xlsx));
        rc = reg->sheet && reg->file_name ? finish_load(out, reg, &src, path, err) : KC_ENOMEM;
        if (rc == 0)
            reg = NULL;
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
    int rc = kc_register_load_csv(out, path, err);
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
    source src = {0};
    bool book = len >= 4 && (memcmp(data, "PK\3\4", 4) == 0 || memcmp(data, "\xD0\xCF\x11\xE0", 4) == 0);
    int rc = book ? kc_xlsx_open_buffer(&src.xlsx, data, len, name, sheet, err) : kc_csv_open_mem(&src.csv, data, len, err);
    if (rc == 0 && src.xlsx) {
        reg->sheet = strdup(kc_xlsx_sheet_name(src.xlsx));
        reg->file_name = strdup(kc_xlsx_file_name(src.xlsx));
        rc = reg->sheet && reg->file_name ? 0 : KC_ENOMEM;
    }
    if (rc == 0 && (rc = finish_load(out, reg, &src, name, err)) == 0)
        reg = NULL;
    kc_csv_free(src.csv);
    kc_xlsx_free(src.xlsx);
    kc_register_free(reg);
    return rc == KC_ENOMEM ? kc_error_oom(err) : rc;
}

const char *kc_register_sheet(const kc_register *reg)
{
    return reg->sheet;
}

size_t kc_register_count(const kc_register *reg) { return reg->rows->len; }
const kc_register_row *kc_register_row_at(const kc_register *reg, size_t i)
{
    return i < reg->rows->len ? &g_array_index(reg->rows, kc_reg_row, i).pub : NULL;
}
size_t kc_register_warning_count(const kc_register *reg) { return reg->warnings->len; }
const char *kc_register_warning(const kc_register *reg, size_t i)
{
    return i < reg->warnings->len ? reg->warnings->pdata[i] : NULL;
}
const char *kc_register_path(const kc_register *reg) { return reg->path; }

void kc_register_free(kc_register *reg)
{
    if (!reg)
        return;
    for (size_t i = 0; i < reg->rows->len; i++) {
        kc_register_row *r = &g_array_index(reg->rows, kc_reg_row, i).pub;
        free(r->number);
        free(r->symbol);
        free(r->date);
        free(r->type);
        free(r->summary);
        free(r->signer);
        free(r->recipients);
        g_free(r->file); /* g_build_filename or strdup: both release with free() in glib >= 2.46 */
        free(r->where);
        if (g_array_index(reg->rows, kc_reg_row, i).warnings)
            g_ptr_array_unref(g_array_index(reg->rows, kc_reg_row, i).warnings);
    }
    g_ptr_array_unref(reg->warnings);
    g_array_free(reg->rows, TRUE);
    free(reg->path);
    free(reg->sheet);
    free(reg->file_name);
    free(reg);
}
