/* register_row.c: a register's rows once read (register.c reads them): each
 * row's date and number settled with a warning when they cannot be, the
 * register's date order, duplicate numbers, and the accessors and release of
 * what the public register.h hands out. */
#include <glib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"
#include "kiemchung/docref.h"
#include "register_internal.h"
#include "text.h"

int kc_register_row_set_date(kc_register_row *row)
{
    kc_reg_row *r = (kc_reg_row *)row;
    if (!row->date)
        return kc_register_row_warn(row, _("%s: no date"), row->where ? row->where : "");
    r->date_form = kc_register_parse_date(row->date, &row->year, &row->month, &row->day);
    if (r->date_form != KC_DATE_UNREAD)
        return 0;
    row->year = row->month = row->day = 0;
    return kc_register_row_warn(row, _("%s: the date \"%s\" cannot be read"), row->where ? row->where : "",
                                row->date);
}

/* Dates such as 03/04/2021 read day first, as Vietnamese write them, unless
 * the register shows it puts the month first (3/30/2021) and never the day
 * (30/3/2021): an export from an English Windows.  Either way it is said. */
int kc_register_settle_date_order(kc_register *reg)
{
    size_t month_first = 0, day_first = 0, first_mf = 0;
    for (size_t i = 0; i < reg->rows->len; i++) {
        kc_reg_row *r = &g_array_index(reg->rows, kc_reg_row, i);
        if (r->date_form == KC_DATE_MONTH_FIRST && !month_first++)
            first_mf = i;
        day_first += r->date_form == KC_DATE_DAY_FIRST && r->pub.day > 12;
    }
    if (!month_first)
        return 0;
    const kc_register_row *ex = &g_array_index(reg->rows, kc_reg_row, first_mf).pub;
    if (day_first) {
        for (size_t i = 0; i < reg->rows->len; i++) {
            kc_register_row *row = &g_array_index(reg->rows, kc_reg_row, i).pub;
            if (g_array_index(reg->rows, kc_reg_row, i).date_form == KC_DATE_MONTH_FIRST)
                kc_register_row_warn(row, _("%s: the date \"%s\" puts the month first, unlike the other dates: read as %02d/%02d/%04d"),
                                     row->where ? row->where : "", row->date, row->day, row->month, row->year);
        }
        return 0;
    }
    for (size_t i = 0; i < reg->rows->len; i++) {
        kc_reg_row *r = &g_array_index(reg->rows, kc_reg_row, i);
        if (r->date_form == KC_DATE_EITHER) {
            int d = r->pub.day;
            r->pub.day = r->pub.month;
            r->pub.month = d;
        }
    }
    return kc_register_warn(reg, _("the dates are written month first (\"%s\" on %s): every date was read that way"),
                            ex->date, ex->where ? ex->where : "");
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

/* Whether the character at p belongs to a word of a number: an ASCII letter
 * or digit, or a letter or digit past ASCII (a folded number keeps a letter
 * of another script as it is).  Not the dashes and spaces Word and Excel put
 * for a typed one (an en dash after "QĐ ", a non-breaking hyphen, a minus):
 * read as a letter, "15/QĐ–UBND" was another number than "15/QĐ-UBND", and
 * the decision signed again and filed under it counted twice, and a row
 * written so was another document than its PDF's "Số: 15/QĐ-UBND" (review35).
 * Shared with register_pdf.c's number_words. */
bool kc_register_number_char(const char *p)
{
    return (unsigned char)*p < 0x80 ? g_ascii_isalnum(*p) != 0 : g_unichar_isalnum(g_utf8_get_char(p)) != 0;
}

/* A number as one key, however written: its folded words, digits without
 * leading zeros, a leading "Số" dropped, joined by '/' ("Số 015 /QĐ-UBND."
 * → "15/qd/ubnd"); NULL (g_free) when it holds no digit. */
char *kc_register_number_key(const char *number)
{
    char *f = number ? kc_text_fold(number) : NULL;
    GString *key = g_string_new(NULL);
    bool digit = false;
    for (const char *p = f ? f : ""; *p;) {
        if (!kc_register_number_char(p)) {
            p = g_utf8_next_char(p);
            continue;
        }
        const char *start = p;
        while (*p && kc_register_number_char(p))
            p = g_utf8_next_char(p);
        if (key->len == 0 && p - start >= 2 && strncmp(start, "so", 2) == 0 &&
            (p - start == 2 || g_ascii_isdigit(start[2]))) {
            if (p - start == 2)
                continue; /* "Số 15/QĐ-UBND", "số: 15/…" */
            start += 2;   /* "Số15/QĐ-UBND" */
        }
        while (*start == '0' && start + 1 < p && g_ascii_isdigit(start[1]))
            start++;
        digit |= g_ascii_isdigit(*start) != 0;
        g_string_append_printf(key, "%s%.*s", key->len ? "/" : "", (int)(p - start), start);
    }
    free(f);
    return g_string_free(key, !digit);
}

/* A contract's heading writes its year after its number ("Số: 003/HĐ
 * 2019"), and the heading's number is read without it; a register row so
 * written was "another document (its text is numbered 003/HĐ, not 003/HĐ
 * 2019)" for the contract it names, 0/1 (rtnum24).  The year dropped must
 * be the row's own (its date's): one of another year stays another number. */
char *kc_register_number_sans_year(const char *number, int year)
{
    size_t n = number ? strlen(number) : 0;
    while (n && number[n - 1] == ' ')
        n--;
    if (!year || n < 7)
        return NULL;
    const char *y = number + n - 4;
    if (y[-1] != ' ' || !g_ascii_isdigit(y[0]) || !g_ascii_isdigit(y[1]) || !g_ascii_isdigit(y[2]) ||
        !g_ascii_isdigit(y[3]) || (y[0] - '0') * 1000 + (y[1] - '0') * 100 + (y[2] - '0') * 10 + (y[3] - '0') != year)
        return NULL;
    size_t m = (size_t)(y - number);
    while (m && number[m - 1] == ' ')
        m--;
    if (!m || !memchr(number, '/', m) || g_ascii_isdigit(number[m - 1]))
        return NULL; /* a number with its symbol in front of the year, not "12/2019" */
    return g_strndup(number, m);
}

bool kc_register_same_number(const char *a, const char *b)
{
    char *ka = kc_register_number_key(a), *kb = kc_register_number_key(b);
    bool same = ka && kb && strcmp(ka, kb) == 0;
    g_free(ka);
    g_free(kb);
    return same;
}

struct kc_numbers {
    GHashTable *rows; /* number_key → GPtrArray of the rows remembered with it */
};

kc_numbers *kc_numbers_new(void)
{
    kc_numbers *n = g_new(kc_numbers, 1);
    n->rows = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
    return n;
}

/* The earlier row of the same number and year, or else one of that number
 * where either has no year (an unread date may be any year's).  A dated row
 * that only an undated one matched is kept as well: the undated row
 * answered for it, and the duplicate of its year after it went unsaid
 * ("1/QĐ-UBND" undated, then dated 1 and 3 February 2021: review35). */
const kc_register_row *kc_numbers_take(kc_numbers *n, const kc_register_row *row)
{
    char *key = kc_register_number_key(row->number);
    const kc_register_row *undated = NULL;
    if (!key)
        return NULL;
    GPtrArray *seen = g_hash_table_lookup(n->rows, key);
    for (guint i = 0; seen && i < seen->len; i++) {
        const kc_register_row *f = seen->pdata[i];
        if (f->year == row->year) {
            g_free(key);
            return f;
        }
        if ((!f->year || !row->year) && !undated)
            undated = f;
    }
    if (undated && !row->year) {
        g_free(key);
        return undated;
    }
    if (!seen) {
        seen = g_ptr_array_new();
        g_hash_table_insert(n->rows, key, seen);
    } else {
        g_free(key);
    }
    g_ptr_array_add(seen, (gpointer)row);
    return undated;
}

void kc_numbers_free(kc_numbers *n)
{
    if (!n)
        return;
    g_hash_table_destroy(n->rows);
    g_free(n);
}

/* A number used twice in one year (numbers restart each 1 January), however
 * it is written (number_key): said on the later row. */
int kc_register_check_duplicates(kc_register *reg)
{
    kc_numbers *seen = kc_numbers_new();
    int rc = 0;
    for (size_t i = 0; i < reg->rows->len && rc == 0; i++) {
        kc_register_row *row = &g_array_index(reg->rows, kc_reg_row, i).pub;
        const kc_register_row *f = row->number ? kc_numbers_take(seen, row) : NULL;
        if (f && f->year == row->year) {
            char *first_at = f->line ? g_strdup_printf(_("row %zu"), f->line) : NULL;
            rc = f->line ? kc_register_row_warn(row, _("%s: number %s was already used on %s"),
                                                row->where ? row->where : "", row->number, first_at)
                         : kc_register_row_warn(row, _("%s: number %s is used by another document too"),
                                                row->file ? row->file : "", row->number);
            g_free(first_at);
        }
    }
    kc_numbers_free(seen);
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
bool kc_register_has_file_column(const kc_register *reg)
{
    return reg->file_column;
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
    kc_path_cache_free(reg->paths);
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
        g_free(r->file_written);
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
