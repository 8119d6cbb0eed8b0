/* review_register.c: which file of a dossier is its outgoing register, for
 * the review (review.c): a CSV or workbook under data/ whose bytes are those
 * the manifest lists and that reads as a register, those filed under
 * criteria 20-22 first; two that list different documents of the year leave
 * criteria 20-22 uncomputed rather than count the one that sorts first. */
#include <glib.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "kiemchung/review.h"
#include "review_internal.h"
#include "util.h"
#include "zipio.h"

#define MAX_REGISTER (64u << 20) /* bytes of a register read from a dossier */

static void say(kc_review_row_priv *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(kc_review_row_priv *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_ptr_array_add(p->warnings, g_strdup_vprintf(fmt, ap));
    va_end(ap);
}

/* ---- the register inside ---------------------------------------------------------------- */

static bool ends_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && g_ascii_strcasecmp(s + n - m, suffix) == 0;
}

/* Whether the bytes are those the manifest lists for file (hex SHA-256). */
static bool manifest_bytes(const char *data, size_t len, const char *hex)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    char got[65];
    if (!EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) || n != 32)
        return false;
    return strcmp(kc_hex_encode(got, md, 32), hex) == 0;
}

/* Whether criteria 20-22 cite file i (the register is filed there). */
static bool cited_by_20_22(const kc_dossier *d, size_t i)
{
    for (size_t c = 0; c < kc_dossier_criterion_count(d); c++) {
        const kc_dossier_criterion *cr = kc_dossier_get_criterion(d, c);
        if (strcmp(cr->key, "20") && strcmp(cr->key, "21") && strcmp(cr->key, "22"))
            continue;
        for (size_t e = 0; e < cr->nevidence; e++)
            if (cr->evidence[e].file == i)
                return true;
    }
    return false;
}

/* Reads payload file i as a register: 0 with *out, or nonzero when it is not
 * one (or not the bytes the manifest lists: *why then says so; with
 * say_why, a file filed under criteria 20-22, also why it was not read: a
 * register refused for a cell, say one in an old 8-bit font, was "no
 * register" without a word of why). */
static int try_register(kc_register **out, kc_zr *zr, const kc_dossier_file *f, const kc_review_opts *o,
                        bool say_why, char **why)
{
    int64_t at = kc_zr_find(zr, f->path);
    char *data = NULL;
    size_t len = 0;
    kc_error e = {0};
    int rc = KC_EFORMAT;
    if (at < 0 || kc_zr_read_all(&data, &len, zr, (size_t)at, MAX_REGISTER, &e) != 0)
        goto out;
    if (!manifest_bytes(data, len, f->sha256)) {
        *why = g_strdup_printf(_("%s: the register is not what the dossier's manifest lists: it was not read"),
                               f->path);
        goto out;
    }
    rc = kc_register_load_buffer(out, data, len, f->path, o->sheet, &e);
    if (rc != 0 && say_why && e.message[0])
        *why = g_strdup_printf(_("%s was not read as the outgoing register: %s"), f->path, e.message);
    if (rc == 0 && kc_register_count(*out) == 0) {
        kc_register_free(*out);
        *out = NULL;
        rc = KC_EFORMAT;
    }
out:
    free(data);
    return rc;
}

static gint compare_lines(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The numbers and dates a register lists for the year (every row when year
 * is 0), sorted, one line each: two registers with the same are one. */
static char *register_key(const kc_register *reg, int year)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    for (size_t i = 0; i < kc_register_count(reg); i++) {
        const kc_register_row *r = kc_register_row_at(reg, i);
        if (!year || !r->year || r->year == year)
            g_ptr_array_add(lines, g_strdup_printf("%s|%d-%d-%d", r->number ? r->number : "", r->year, r->month, r->day));
    }
    g_ptr_array_sort(lines, compare_lines);
    GString *g = g_string_new(NULL);
    for (guint i = 0; i < lines->len; i++)
        g_string_append_printf(g, "%s\n", (char *)lines->pdata[i]);
    g_ptr_array_free(lines, TRUE);
    return g_string_free(g, FALSE);
}

/* Whether path is the workbook beside the CSV at csv, or the CSV beside it
 * (so-di.xlsx and so-di.csv: the CSV exported from the workbook). */
static bool same_stem(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la == lb + 1 && ends_ci(a, ".xlsx") && ends_ci(b, ".csv"))
        return g_ascii_strncasecmp(a, b, lb - 4) == 0;
    if (lb == la + 1 && ends_ci(b, ".xlsx") && ends_ci(a, ".csv"))
        return g_ascii_strncasecmp(a, b, la - 4) == 0;
    return false;
}

/* The outgoing register in the dossier: a CSV or workbook under data/ that
 * reads as one, those filed under criteria 20-22 first.  Another register
 * listing the same numbers and dates for the year is the same register (a
 * workbook and the CSV exported from it, a copy): left out, the workbook
 * without a word.  One that lists other documents of the year, filed at the
 * same level (both under criteria 20-22, or neither) or a workbook beside its
 * CSV, leaves the figures uncomputed: a CSV listing only the signed documents
 * beside the workbook of the whole register gave 5/5, 100%, "ok", with
 * nothing said.  Any other register is named in a warning. */
void kc_review_find_register(kc_review_row_priv *p, const kc_dossier *d, kc_zr *zr, const kc_review_opts *o)
{
    GPtrArray *found = g_ptr_array_new_with_free_func(g_free);
    int year = p->pub.year ? p->pub.year : o->year;
    char *key = NULL;
    int chosen_pass = -1;
    bool ambiguous = false;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < kc_dossier_file_count(d); i++) {
            const kc_dossier_file *f = kc_dossier_get_file(d, i);
            const char *slash = strrchr(f->path, '/');
            kc_register *reg = NULL;
            char *why = NULL;
            if (strncmp(f->path, "data/", 5) != 0 || (!ends_ci(f->path, ".csv") && !ends_ci(f->path, ".xlsx")) ||
                strncmp(slash ? slash + 1 : f->path, "~$", 2) == 0 || cited_by_20_22(d, i) != (pass == 0))
                continue;
            if (try_register(&reg, zr, f, o, pass == 0, &why) != 0) {
                if (why && pass == 0 && !p->unread)
                    p->unread = g_strdup(why);
                if (why)
                    g_ptr_array_add(p->warnings, why);
                continue;
            }
            if (!p->reg) {
                p->reg = reg;
                p->register_entry = g_strdup(f->path);
                key = register_key(reg, year);
                chosen_pass = pass;
                continue;
            }
            char *other = register_key(reg, year);
            bool same = strcmp(other, key) == 0, pair = same_stem(f->path, p->register_entry);
            if (!same && (pair || pass == chosen_pass) && *other) {
                ambiguous = true;
                say(p, _("%s and %s are two outgoing registers that list different documents (%zu and %zu rows): "
                          "criteria 20-22 cannot be computed until the dossier holds one"),
                     p->register_entry, f->path, kc_register_count(p->reg), kc_register_count(reg));
                if (!p->conflict)
                    p->conflict = g_strdup(p->warnings->pdata[p->warnings->len - 1]);
            } else if (!(same && pair)) {
                g_ptr_array_add(found, g_strdup(f->path));
            }
            g_free(other);
            kc_register_free(reg);
        }
    for (guint i = 0; i < found->len; i++)
        say(p, _("%s reads as an outgoing register too: only %s was counted"), (char *)found->pdata[i],
             p->register_entry);
    g_ptr_array_free(found, TRUE);
    g_free(key);
    if (ambiguous) {
        kc_register_free(p->reg);
        p->reg = NULL;
        p->ambiguous_register = true;
    }
}

