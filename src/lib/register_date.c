/* register_date.c: the dates of the register's "Ngày tháng văn bản" column
 * in every form clerks' files carry them.
 *
 * Excel on a Vietnamese PC writes 15/03/2021; the same workbook exported on
 * an English Windows writes 3/15/2021; older exports keep the serial day
 * number (44270) or two-digit years (20/9/21); QLVB systems export ISO dates,
 * sometimes with a time.  A date that cannot be read, or whose reading
 * depends on a guess, must never silently move a document out of a year
 * (`index --year`), so each form is recognised explicitly and the reader
 * reports whether the day or the month came first: the register decides for
 * its ambiguous dates (register.c). */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "kiemchung/docref.h"
#include "register_internal.h"

/* Digits at *p (at most max of them): their value, or -1 when none. */
static int digits(const char **p, int max)
{
    int v = 0, n = 0;
    while (n < max && g_ascii_isdigit(**p)) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    return n ? v : -1;
}

static bool valid(int y, int m, int d)
{
    return y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 &&
           g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y);
}

/* What may follow a date in its cell: nothing, or a time ("08:30", "T08:30:00"). */
static bool rest_is_time(const char *p)
{
    while (*p == ' ')
        p++;
    if (*p == 'T' || *p == 't')
        p++;
    if (!*p)
        return true;
    for (; *p; p++)
        if (!g_ascii_isdigit(*p) && *p != ':' && *p != '.' && *p != ' ' && *p != 'Z' && *p != '+' && *p != '-' &&
            *p != 'S' && *p != 'A' && *p != 'P' && *p != 'M' && *p != 'C' && *p != 'H')
            return false;
    return true;
}

/* Excel's serial day numbers (the 1900 system), as an export without the
 * date format shows them: "44270", "44270.375". */
static bool serial(const char *s, int *y, int *m, int *d)
{
    char *end = NULL;
    double v = g_ascii_strtod(s, &end);
    if (end == s || !end || (*end && *end != ' ') || v < 20000 || v > 80000)
        return false;
    GDate *date = g_date_new_dmy(30, G_DATE_DECEMBER, 1899);
    g_date_add_days(date, (guint)v);
    *y = g_date_get_year(date);
    *m = g_date_get_month(date);
    *d = g_date_get_day(date);
    g_date_free(date);
    return true;
}

kc_date_form kc_register_parse_date(const char *text, int *y, int *m, int *d)
{
    const char *p = text;
    int a, b, c;
    char sep;

    while (*p == ' ')
        p++;
    if (serial(p, y, m, d))
        return KC_DATE_SERIAL;
    a = digits(&p, 4);
    if (a < 0 || (*p != '/' && *p != '-' && *p != '.'))
        goto words;
    sep = *p++;
    b = digits(&p, 2);
    if (b < 0 || *p != sep)
        goto words;
    p++;
    c = digits(&p, 4);
    if (c < 0 || !rest_is_time(p))
        goto words;
    if (a >= 1000) { /* 2021-03-15, 2021/03/15 */
        if (!valid(a, b, c))
            return KC_DATE_UNREAD;
        *y = a, *m = b, *d = c;
        return KC_DATE_ISO;
    }
    if (c < 100) /* 20/9/21 */
        c += c < 70 ? 2000 : 1900;
    bool dm = valid(c, b, a), md = valid(c, a, b);
    if (dm) {
        *y = c, *m = b, *d = a;
        /* 03/04/2021 is 3 April here and 4 March in an English export. */
        return md && a != b ? KC_DATE_EITHER : KC_DATE_DAY_FIRST;
    }
    if (md) { /* 3/30/2021: only the month can come first */
        *y = c, *m = a, *d = b;
        return KC_DATE_MONTH_FIRST;
    }
    return KC_DATE_UNREAD;
words: {
    /* "ngày 17 tháng 3 năm 2021", as the document itself writes it. */
    kc_date dd = {0};
    if (kc_date_parse(&dd, text) && dd.year > 0 && dd.month > 0) { /* "tháng 9/2021": the day unknown */
        *y = dd.year, *m = dd.month, *d = dd.day;
        return KC_DATE_DAY_FIRST;
    }
    return KC_DATE_UNREAD;
}
}

int kc_years_most(const int *years, size_t n, size_t *best_out, unsigned *nyears)
{
    GHashTable *by_year = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (size_t i = 0; i < n; i++)
        if (years[i]) {
            size_t k = GPOINTER_TO_SIZE(g_hash_table_lookup(by_year, GINT_TO_POINTER(years[i]))) + 1;
            g_hash_table_insert(by_year, GINT_TO_POINTER(years[i]), GSIZE_TO_POINTER(k));
        }
    size_t best = 0;
    int year = 0;
    bool tie = false;
    GHashTableIter it;
    gpointer y, k;
    g_hash_table_iter_init(&it, by_year);
    while (g_hash_table_iter_next(&it, &y, &k)) {
        if (GPOINTER_TO_SIZE(k) > best) {
            best = GPOINTER_TO_SIZE(k);
            year = GPOINTER_TO_INT(y);
            tie = false;
        } else if (GPOINTER_TO_SIZE(k) == best) {
            tie = true; /* another year as often as the most */
        }
    }
    if (best_out)
        *best_out = best;
    if (nyears)
        *nyears = g_hash_table_size(by_year);
    g_hash_table_destroy(by_year);
    return tie ? -1 : year;
}
