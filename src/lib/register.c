/* register.c: the outgoing-documents register read from the clerk's CSV or
 * Excel workbook (csv.c and xlsx.c give both as rows of cell strings).
 *
 * Columns are found by name, not position (register_head.c).  The heading row is the first row that names a number or file
 * column (a title such as "SỔ ĐĂNG KÝ VĂN BẢN ĐI" may sit above it); a heading
 * split over two rows (merged cells, or "Bản lưu" over "Đơn vị, người nhận" and
 * "Số lượng bản") is read as one, and the form's column-number row "(1) (2)
 * ..." under it is skipped.  Nothing about one row stops the others: a missing
 *  file, an unreadable date or a duplicate number becomes a warning naming the
 * row Excel shows (for a workbook, with the sheet).  A heading that is a typo
 * of a column the ratios need stops the run instead: read as unknown, it
 * would make every document unsigned or every date unknown.  Which file is
 * a CSV and which a workbook, and a workbook's other sheets, are
 * register_load.c's. */
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


/* ---- reading rows: from a CSV or a workbook's sheet ------------------------------------ */

/* Non-blank rows searched for the heading row (titles above it are skipped). */
#define HEADER_SEARCH 20

static int src_next(kc_reg_source *s, char ***fields, size_t *n, size_t *line, kc_error *err)
{
    s->formula = -1;
    if (s->xlsx) {
        int r = kc_xlsx_next(s->xlsx, fields, n, line, err);
        if (!s->uncomputed)
            s->uncomputed = g_array_new(FALSE, FALSE, sizeof(int));
        g_array_set_size(s->uncomputed, 0);
        /* A formula Excel computes on load (no cached value; fullCalcOnLoad)
         * is computed as a CSV's is, when it is quoted text and numbers
         * joined by &; else it is refused where the figures read it. */
        for (size_t i = 0; r == 1 && i < *n; i++) {
            if (!kc_xlsx_cell_is_formula(s->xlsx, i + 1) ||
                (kc_register_csv_is_formula((*fields)[i]) && kc_register_csv_formula((*fields)[i])))
                continue;
            int k = (int)i;
            g_array_append_val(s->uncomputed, k);
            if (s->formula < 0)
                s->formula = k;
        }
        return r;
    }
    int r = kc_csv_next(s->csv, fields, n, line, err);
    /* The row Excel shows, not the line: a "Nơi nhận" cell on two lines is one row. */
    if (r == 1)
        *line = kc_csv_record(s->csv);
    /* Excel computes a CSV cell that starts with '=' (="UBND "&"huyện Phú
     * Vang" shows the district): read as Excel shows it. */
    for (size_t i = 0; r == 1 && i < *n; i++)
        if (!kc_register_csv_formula((*fields)[i]) && s->formula < 0)
            s->formula = (int)i;
    return r;
}

/* A formula kiemchung did not compute in a column the figures read stops
 * the run: Excel shows its value, which may name the district or a file. */
static int formula_cell(const kc_register *reg, const kc_reg_source *src, const int *idx, size_t n, char **fields,
                        size_t line, kc_error *err);

/* Where a row is, in a warning: "row 4", or "so-di.xlsx, sheet Sổ đi, row 12". */
static char *row_place(const kc_register *reg, size_t line)
{
    return reg->sheet ? g_strdup_printf(_("%s, sheet %s, row %zu"), reg->file_name, reg->sheet, line)
                      : g_strdup_printf(_("row %zu"), line);
}

/* Where a row is, in an error that stops the run: "so-di.csv, row 4" or
 * "dir/so-di.xlsx, sheet Sổ đi, row 4". */
static char *error_place(const kc_register *reg, size_t line)
{
    return reg->sheet ? g_strdup_printf(_("%s, sheet %s, row %zu"), reg->path, reg->sheet, line)
                      : g_strdup_printf(_("%s, row %zu"), reg->path, line);
}

/* idx[KC_COL_COUNT …] hold the recipients columns after the first: a
 * register may have two ("Nơi nhận" and "Đơn vị nhận", or a copy of the
 * column, one of them hidden in Excel), and a document is sent to whoever
 * any of them names: reading only the first let a column the reviewer does
 * not look at decide criterion 22. */
#define MORE_RECIPIENTS 8
#define IDX_SIZE (KC_COL_COUNT + MORE_RECIPIENTS)

static int maps_id(char **fields, size_t n, int *idx)
{
    int found = 0, more = 0;
    for (int i = 0; i < IDX_SIZE; i++)
        idx[i] = -1;
    for (size_t i = 0; i < n; i++) {
        int col = kc_register_map_header(fields[i]);
        if (col >= 0 && col != KC_COL_KNOWN && idx[col] < 0)
            idx[col] = (int)i;
        else if (col == KC_COL_RECIPIENTS && more < MORE_RECIPIENTS)
            idx[KC_COL_COUNT + more++] = (int)i;
        found |= col == KC_COL_NUMBER || col == KC_COL_SYMBOL || col == KC_COL_FILE;
    }
    /* "Ký hiệu" alone holds the whole number ("12/QĐ-UBND"). */
    if (idx[KC_COL_NUMBER] < 0) {
        idx[KC_COL_NUMBER] = idx[KC_COL_SYMBOL];
        idx[KC_COL_SYMBOL] = -1;
    }
    return found;
}

/* A row repeating the headings: its number cell is the number column's
 * heading ("Số, ký hiệu văn bản", "Số"), which no document's number is, and
 * its date cell, if any, the date column's or empty. */
static bool heading_again(char **fields, size_t n, const int *idx)
{
    int num = idx[KC_COL_NUMBER], date = idx[KC_COL_DATE];
    /* a document's number starts with its figures: only a cell that does
     * not is worth comparing with the headings (100,000 rows, each folded
     * against every heading, took minutes under valgrind) */
    if (num < 0 || (size_t)num >= n || !*fields[num] || g_ascii_isdigit(*fields[num]))
        return false;
    int col = kc_register_map_header(fields[num]);
    if (col != KC_COL_NUMBER && col != KC_COL_SYMBOL)
        return false;
    return date < 0 || (size_t)date >= n || !*fields[date] || kc_register_map_header(fields[date]) == KC_COL_DATE;
}

/* The number as the row gives it: one cell, or "Số" 12 and "Ký hiệu"
 * QĐ-UBND in two (as QLVB systems export them) made "12/QĐ-UBND". */
static char *row_number(char **fields, size_t n, const int *idx)
{
    char *num = cell(fields, n, idx[KC_COL_NUMBER]), *sym = cell(fields, n, idx[KC_COL_SYMBOL]);
    if (num && sym && !g_ascii_isdigit(sym[0]) && strspn(num, "0123456789") == strlen(num)) {
        char *both = g_strdup_printf("%s/%s", num, sym);
        g_free(num);
        num = both;
    } else if (!num && sym) {
        num = sym;
        sym = NULL;
    }
    g_free(sym);
    return num;
}

/* The row's date as written, with the year column's year when the date
 * gives only a day and a month: a register kept as the paper book is, one
 * per year, writes "11/01" under "Ngày tháng" and the year in a column of
 * its own ("Năm"), as does a workbook whose dates are formatted dd/mm once
 * saved as CSV; read without its year no row was dated, and documents of
 * 2022 added to 2021's register counted in its figures (rtnum21: 8/10 for
 * 5/7).  A date that gives its year, or a year cell that is no year, is
 * left as written. */
static char *row_date(char **fields, size_t n, const int *idx)
{
    char *date = cell(fields, n, idx[KC_COL_DATE]), *year = cell(fields, n, idx[KC_COL_YEAR]);
    unsigned d = 0, m = 0, y = 0;
    char sep = 0, tail = 0, ytail = 0;
    bool day_month = date && sscanf(date, "%2u%c%2u%c", &d, &sep, &m, &tail) == 3 && strchr("/-.", sep) && sep;
    if (day_month && year && sscanf(year, "%4u%c", &y, &ytail) == 1 && strlen(year) == 4 && y >= 1945 && y <= 2999) {
        char *full = g_strdup_printf("%s%c%s", date, sep, year);
        g_free(date);
        date = full;
    }
    g_free(year);
    return date;
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
    row->number = row_number(fields, n, idx);
    row->date = row_date(fields, n, idx);
    row->type = cell(fields, n, idx[KC_COL_TYPE]);
    row->summary = cell(fields, n, idx[KC_COL_SUMMARY]);
    row->signer = cell(fields, n, idx[KC_COL_SIGNER]);
    row->recipients = cell(fields, n, idx[KC_COL_RECIPIENTS]);
    for (int i = KC_COL_COUNT; i < IDX_SIZE && idx[i] >= 0; i++) {
        char *more = cell(fields, n, idx[i]);
        if (more && row->recipients) {
            char *both = g_strconcat(row->recipients, "\n", more, NULL);
            g_free(row->recipients);
            g_free(more);
            row->recipients = both;
        } else if (more) {
            row->recipients = more;
        }
    }
    char *file = cell(fields, n, idx[KC_COL_FILE]);
    if (file) {
        char *on_disk = NULL;
        bool differs = false;
        /* Excel on Windows writes backslashes. */
        for (char *p = file; *p; p++)
            if (*p == '\\')
                *p = '/';
        row->file = g_path_is_absolute(file) ? g_strdup(file) : g_build_filename(dir, file, NULL);
        /* As Windows and macOS would open it: another case, NFD for NFC. */
        if (!reg->paths)
            reg->paths = kc_path_cache_new();
        if (kc_path_find_cached(reg->paths, &on_disk, &differs, row->file, NULL) == 0) {
            row->found = KC_FOUND_COLUMN;
            if (differs) {
                row->file_written = row->file;
                row->file = on_disk;
                const char *shown = on_disk;
                /* Shown as the register would write it: relative to its folder. */
                if (strcmp(dir, ".") != 0 && g_str_has_prefix(on_disk, dir) && on_disk[strlen(dir)] == '/')
                    shown = on_disk + strlen(dir) + 1;
                kc_register_row_warn(row, _("%s: %s is named %s on disk (another case or Unicode form): that file was used"),
                                     row->where, file, shown);
            } else {
                g_free(on_disk);
            }
        }
        g_free(file);
    }
    if (!row->where || kc_register_row_set_number(row) != 0 || kc_register_row_set_date(row) != 0)
        return KC_ENOMEM;
    if (!row->file && idx[KC_COL_FILE] >= 0 &&
        kc_register_row_warn(row, _("%s: no electronic copy listed"), row->where) != 0)
        return KC_ENOMEM;
    return 0;
}

/* Columns the ratios need; a typo of one of them, when the register lacks
 * it, stops the run. */
static bool needed(kc_reg_col col)
{
    return col == KC_COL_NUMBER || col == KC_COL_SYMBOL || col == KC_COL_DATE || col == KC_COL_RECIPIENTS ||
           col == KC_COL_FILE;
}

static int formula_cell(const kc_register *reg, const kc_reg_source *src, const int *idx, size_t n, char **fields,
                        size_t line, kc_error *err)
{
    if (src->formula < 0)
        return 0;
    for (int i = 0; i < IDX_SIZE; i++) {
        if (idx[i] < 0 || (size_t)idx[i] >= n || (i < KC_COL_COUNT && !needed((kc_reg_col)i)))
            continue;
        const char *c = fields[idx[i]];
        while (*c == ' ')
            c++;
        if (src->xlsx) {
            bool bad = false;
            for (guint k = 0; k < src->uncomputed->len && !bad; k++)
                bad = g_array_index(src->uncomputed, int, k) == idx[i];
            if (!bad)
                continue;
        } else if (!kc_register_csv_is_formula(c) || kc_register_csv_formula(fields[idx[i]])) {
            continue;
        }
        char *at = error_place(reg, line);
        char *shown = g_utf8_validate(c, -1, NULL) && g_utf8_strlen(c, -1) > 60 ? g_utf8_substring(c, 0, 60)
                                                                                  : g_strdup(c);
        int rc = kc_error_set(err, KC_EFORMAT,
                              _("%s: the cell \"%s\" is a formula, which Excel computes when it opens the file "
                                "and kiemchung does not: type its value in the cell and run again"),
                              at, shown);
        g_free(shown);
        g_free(at);
        return rc;
    }
    return 0;
}

/* A cell of a column the figures read (or of the headings, which say which
 * columns are read) that Excel shows in an old 8-bit Vietnamese font
 * (.VnTime, VNI-Times) stops the run: its letters are not the ones on the
 * screen ("- UBND huyÖn Phó Vang" is drawn "- UBND huyện Phú Vang"), so a
 * document sent to the district read as sent to nobody and left criterion
 * 22's denominator, without a word; a heading "N¬i nhËn v¨n b¶n", drawn "Nơi
 * nhận văn bản", left its column unread. */
static int legacy_font_error(const kc_register *reg, size_t line, const char *c, const char *font, kc_error *err)
{
    char *at = error_place(reg, line);
    char *shown = g_utf8_validate(c, -1, NULL) && g_utf8_strlen(c, -1) > 60 ? g_utf8_substring(c, 0, 60) : g_strdup(c);
    int rc = kc_error_set(err, KC_EFORMAT,
                          _("%s: the cell \"%s\" is in the font %s, an old Vietnamese font (TCVN3/ABC or VNI) that "
                            "Excel shows as other letters than the cell holds: convert the register to Unicode "
                            "(Unikey's converter, TCVN3 or VNI to Unicode; then a Unicode font such as Times New "
                            "Roman) and run again"),
                          at, shown, font);
    g_free(shown);
    g_free(at);
    return rc;
}

static int legacy_font_cell(const kc_register *reg, const kc_reg_source *src, const int *idx, size_t n, char **fields,
                            size_t line, kc_error *err)
{
    const char *font;
    for (int i = 0; src->xlsx && i < IDX_SIZE; i++) {
        if (idx[i] < 0 || (size_t)idx[i] >= n || (i < KC_COL_COUNT && !needed((kc_reg_col)i)))
            continue;
        if ((font = kc_xlsx_cell_font(src->xlsx, (size_t)idx[i] + 1)) != NULL)
            return legacy_font_error(reg, line, fields[idx[i]], font, err);
    }
    return 0;
}

/* The headings' row just read: any of its cells. */
static int legacy_font_heading(const kc_register *reg, const kc_reg_source *src, char **fields, size_t n, size_t line,
                               kc_error *err)
{
    const char *font;
    for (size_t i = 0; src->xlsx && i < n; i++)
        if ((font = kc_xlsx_cell_font(src->xlsx, i + 1)) != NULL)
            return legacy_font_error(reg, line, fields[i], font, err);
    return 0;
}

/* Unknown headings: a warning each, or an error for the typo of a needed column. */
static int unknown_columns(kc_register *reg, char **heading, size_t nhead, const int *idx, size_t head_line,
                           kc_error *err)
{
    for (size_t i = 0; i < nhead; i++) {
        kc_reg_col col = KC_COL_KNOWN;
        const char *near;
        if (kc_register_map_header(heading[i]) >= 0 || !*g_strstrip(heading[i]))
            continue;
        near = kc_register_nearest_header(heading[i], &col);
        bool missing = col == KC_COL_SYMBOL ? idx[KC_COL_NUMBER] < 0 : idx[col] < 0;
        if (near && needed(col) && missing) {
            char *at = error_place(reg, head_line);
            int rc = kc_error_set(err, KC_EFORMAT,
                                  _("%s: unknown column \"%s\": did you mean %s? Rename the column and run again"), at,
                                  heading[i], near);
            g_free(at);
            return rc;
        }
        char *at = row_place(reg, head_line);
        if (near)
            kc_register_warn(reg, _("%s: unknown column \"%s\" is ignored (did you mean %s?)"), at, heading[i], near);
        else
            kc_register_warn(reg, _("%s: unknown column \"%s\" is ignored"), at, heading[i]);
        g_free(at);
    }
    return 0;
}

/* Rows Excel hides (by hand, in a collapsed outline, or left out by a filter)
 * are documents the register lists: they count, since hiding the unsigned
 * ones must not raise the ratio, and a warning names them, since the clerk
 * looking at the sheet does not see them. */
static int warn_hidden(kc_register *reg, const GArray *hidden, bool filter)
{
    if (!hidden->len)
        return 0;
    GString *rows = g_string_new(NULL);
    for (guint i = 0; i < hidden->len && i < 20; i++)
        g_string_append_printf(rows, "%s%zu", i ? ", " : "", g_array_index(hidden, size_t, i));
    if (hidden->len > 20)
        g_string_append(rows, ", …");
    int rc = filter ? kc_register_warn(reg,
                                       dngettext(KC_TEXTDOMAIN, "%s, sheet %s: %u row is hidden in Excel (row %s; the sheet has a filter, "
                                                "which hides the rows it leaves out): it is counted, as every document "
                                                "the register lists",
                                                "%s, sheet %s: %u rows are hidden in Excel (rows %s; the sheet has a "
                                                "filter, which hides the rows it leaves out): they are counted, as every "
                                                "document the register lists",
                                                hidden->len),
                                       reg->file_name, reg->sheet, hidden->len, rows->str)
                    : kc_register_warn(reg,
                                       dngettext(KC_TEXTDOMAIN, "%s, sheet %s: %u row is hidden in Excel (row %s): it is counted, as "
                                                "every document the register lists",
                                                "%s, sheet %s: %u rows are hidden in Excel (rows %s): they are counted, "
                                                "as every document the register lists",
                                                hidden->len),
                                       reg->file_name, reg->sheet, hidden->len, rows->str);
    g_string_free(rows, TRUE);
    return rc;
}

/* Several recipients columns: said once, naming them. */
static int warn_more_recipients(kc_register *reg, char **heading, size_t nhead, const int *idx, size_t head_line)
{
    if (idx[KC_COL_COUNT] < 0 || idx[KC_COL_RECIPIENTS] < 0 || (size_t)idx[KC_COL_RECIPIENTS] >= nhead)
        return 0;
    GString *names = g_string_new(NULL);
    for (int i = KC_COL_COUNT; i < IDX_SIZE && idx[i] >= 0 && (size_t)idx[i] < nhead; i++)
        g_string_append_printf(names, ", \"%s\"", g_strstrip(heading[idx[i]]));
    char *at = row_place(reg, head_line);
    int rc = kc_register_warn(reg, _("%s: the columns \"%s\"%s list recipients: each is read, and a document is "
                                     "sent to the reviewing authority when any of them names it"),
                              at, g_strstrip(heading[idx[KC_COL_RECIPIENTS]]), names->str);
    g_free(at);
    g_string_free(names, TRUE);
    return rc;
}

static int read_rows(kc_register *reg, kc_reg_source *src, const char *dir, kc_error *err)
{
    int idx[IDX_SIZE];
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
            if ((r = legacy_font_heading(reg, src, fields, n, line, err)) != 0)
                return r;
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
    if (r == 1 && (combined = kc_register_second_heading(heading, nhead, fields, n)) != NULL) {
        if ((r = legacy_font_heading(reg, src, fields, n, line, err)) != 0) {
            g_strfreev(combined);
            g_strfreev(heading);
            return r;
        }
        g_strfreev(heading);
        heading = combined;
        nhead = g_strv_length(heading);
        maps_id(heading, nhead, idx);
        while ((r = src_next(src, &fields, &n, &line, err)) == 1 && blank(fields, n))
            ;
    }
    if (r == 1 && kc_register_numbering_row(fields, n))
        while ((r = src_next(src, &fields, &n, &line, err)) == 1 && blank(fields, n))
            ;
    int u = unknown_columns(reg, heading, nhead, idx, head_line, err);
    if (u == 0 && warn_more_recipients(reg, heading, nhead, idx, head_line) != 0)
        u = KC_ENOMEM;
    g_strfreev(heading);
    if (u != 0)
        return u;
    reg->file_column = idx[KC_COL_FILE] >= 0;
    GArray *hidden = g_array_new(FALSE, FALSE, sizeof(size_t));
    for (; r == 1; r = src_next(src, &fields, &n, &line, err)) {
        if (blank(fields, n))
            continue;
        if (src->xlsx && kc_xlsx_row_is_label(src->xlsx)) {
            /* One merged cell across the table ("Tháng 3", "Quý II"): a heading, not a document. */
            char *at = row_place(reg, line);
            size_t k = 0;
            while (k + 1 < n && !*fields[k])
                k++;
            kc_register_warn(reg, _("%s: \"%s\" spans the table's width: read as a heading, not a document"), at,
                             fields[k]);
            g_free(at);
            continue;
        }
        const char *label = NULL;
        if (heading_again(fields, n, idx) || kc_register_numbering_row(fields, n)) {
            /* A register pasted from several sheets, or printed with the headings on each page. */
            char *at = row_place(reg, line);
            kc_register_warn(reg, _("%s: the headings (or the form's column numbers) again, not a document: not counted"), at);
            g_free(at);
            continue;
        }
        if (kc_register_footer_row(fields, n, &label)) {
            /* "Tổng cộng: 7 văn bản", "Người lập sổ" under the table: no document. */
            char *at = row_place(reg, line);
            kc_register_warn(reg, _("%s: \"%s\" is a total or the register's sign-off, not a document: not counted"), at,
                             label);
            g_free(at);
            continue;
        }
        if (kc_register_section_row(fields, n, idx[KC_COL_NUMBER], idx[KC_COL_DATE], idx[KC_COL_SUMMARY], &label)) {
            /* "Quý I (tháng 1, 2, 3)" on a line of its own, not merged (a CSV,
             * or a workbook's cell typed alone): counted, it was a document
             * without date or file, unsigned (atknum: 5/8 for 5/7). */
            char *at = row_place(reg, line);
            kc_register_warn(reg, _("%s: \"%s\" stands alone on its row, with no number or date: read as a section "
                                    "heading, not a document: not counted"),
                             at, label);
            g_free(at);
            continue;
        }
        if (src->xlsx && kc_xlsx_row_is_hidden(src->xlsx))
            g_array_append_val(hidden, line);
        if ((r = formula_cell(reg, src, idx, n, fields, line, err)) != 0 ||
            (r = legacy_font_cell(reg, src, idx, n, fields, line, err)) != 0 ||
            (r = add_data_row(reg, idx, fields, n, line, dir, err)) != 0)
            break;
    }
    if (r == 0 && src->xlsx)
        r = warn_hidden(reg, hidden, kc_xlsx_has_filter(src->xlsx));
    g_array_free(hidden, TRUE);
    return r != 0 ? r : kc_register_settle_date_order(reg);
}

int kc_register_finish_load(kc_register **out, kc_register *reg, kc_reg_source *src, const char *path, kc_error *err)
{
    char *dir = g_path_get_dirname(path);
    int rc = read_rows(reg, src, dir, err);
    if (src->uncomputed)
        g_array_free(src->uncomputed, TRUE);
    src->uncomputed = NULL;
    if (rc == 0 && src->csv && kc_csv_was_converted(src->csv))
        rc = kc_register_warn(reg, _("the register is not UTF-8; it was read as Windows-1258"));
    if (rc == 0)
        rc = kc_register_check_duplicates(reg);
    if (rc == 0)
        *out = reg;
    g_free(dir);
    return rc;
}
