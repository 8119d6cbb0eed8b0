/* register_find.c: a register without a file column, its documents found in
 * a folder by their numbers.
 *
 * Many registers list numbers and dates but no file: the clerk keeps the
 * signed PDFs in a folder, named after their numbers as the QLVB system
 * saves them ("12-QD-UBND.pdf", "12_QĐ-UBND.pdf", "So 12 QD-UBND.pdf") or
 * not at all ("scan0001.pdf").  A name is compared with the number token by
 * token after folding (đ → d, case and tone marks away, any run of
 * punctuation a separator), so "12-QD-UBND" names 12/QĐ-UBND but not
 * 12/QĐ-UBND-VX nor 112/QĐ-UBND; leading words ("Số", "VB") and a trailing
 * year may surround it.  What no name answers is looked for in the text of
 * the PDFs left over: their "Số:" line, as the document itself is numbered.
 * A row two files answer is not given either: a wrong file would be a wrong
 * ratio. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "register_internal.h"
#include "text.h"
#include "util.h"

/* The folded words of s: letters and digits, anything else a separator, as
 * a number's words are told apart (kc_register_number_char): the en dash
 * Word puts in "12/BC–UBND", a no-break space or hyphen, were read as
 * letters, and the row named no file "12-BC-UBND.pdf" (rtnum22). */
static char **words(const char *s)
{
    char *f = kc_text_fold(s);
    if (!f)
        return g_new0(char *, 1);
    for (char *p = f; *p;) {
        char *next = g_utf8_next_char(p);
        if (!kc_register_number_char(p))
            memset(p, ' ', (size_t)(next - p));
        p = next;
    }
    char **w = g_strsplit(g_strstrip(f), " ", -1);
    free(f);
    /* Runs of separators leave empty words: drop them. */
    size_t k = 0;
    for (size_t i = 0; w[i]; i++) {
        if (*w[i])
            w[k++] = w[i];
        else
            g_free(w[i]);
    }
    w[k] = NULL;
    return w;
}

static bool is_number(const char *w, long *v)
{
    char *end = NULL;
    if (!g_ascii_isdigit(*w))
        return false;
    *v = strtol(w, &end, 10);
    return end && !*end;
}

/* Whether a file whose name (without extension) is name is the row's
 * document; *dated says whether the name gives its year too. */
static bool names_row(char **name, const kc_register_row *row, char **symbol, bool *dated)
{
    size_t n = g_strv_length(name), ns = g_strv_length(symbol);
    long v;
    for (size_t i = 0; i < n; i++) {
        if (!is_number(name[i], &v)) {
            continue; /* a leading word: "So", "VB" */
        }
        if (v != row->serial || i + 1 + ns > n)
            return false;
        for (size_t k = 0; k < ns; k++)
            if (strcmp(name[i + 1 + k], symbol[k]) != 0)
                return false;
        size_t rest = n - (i + 1 + ns);
        *dated = rest == 1;
        /* Nothing after it, or the year: "12-QD-UBND-2021". */
        return rest == 0 || (rest == 1 && is_number(name[n - 1], &v) && v >= 1990 && v <= 2200 &&
                             (!row->year || v == row->year));
    }
    return false;
}

static char *stem(const char *path)
{
    char *base = g_path_get_basename(path), *dot = strrchr(base, '.');
    if (dot && dot != base)
        *dot = '\0';
    return base;
}

/* Files (indices into paths) a test accepts for row r; sets *which to the only one. */
typedef struct finder {
    const char *const *paths;
    size_t n;
    char ***names;        /* words of each file's stem */
    kc_register_row *text;/* what each PDF's text says, read when first needed */
    bool *read;
    bool *taken;          /* a row already has it */
    GHashTable *reused;   /* number keys the register gives rows of two years or more */
} finder;

/* What the PDF at f->paths[i] says of itself (its number and year), read
 * once; NULL for a file that is no PDF. */
static const kc_register_row *text_of(finder *f, size_t i)
{
    if (!g_str_has_suffix(f->paths[i], ".pdf") && !g_str_has_suffix(f->paths[i], ".PDF"))
        return NULL;
    if (!f->read[i]) {
        f->read[i] = true;
        kc_register_pdf_row(&f->text[i], f->paths[i]);
    }
    return &f->text[i];
}

/* Numbers restart each 1 January, so a register of two years may list
 * 12/BC-UBND twice, dated 2020 and 2021: a name without its year
 * ("12-BC-UBND.pdf") answers both, and the first row took it, the other
 * saying its file was another row's (rtnum22: 2020's row counted in 2021
 * by the document's heading, 2021's "file missing", 1/4 for 1/3).  Such
 * numbers are noted; a file named so goes to the row of its heading's year. */
static GHashTable *reused_numbers(const kc_register *reg)
{
    GHashTable *year = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GHashTable *reused = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (size_t r = 0; r < reg->rows->len; r++) {
        const kc_register_row *row = &g_array_index(reg->rows, kc_reg_row, r).pub;
        char *key = row->year ? kc_register_number_key(row->number) : NULL;
        gpointer seen = NULL;
        if (!key)
            continue;
        if (!g_hash_table_lookup_extended(year, key, NULL, &seen)) {
            g_hash_table_insert(year, key, GINT_TO_POINTER(row->year));
            continue;
        }
        if (GPOINTER_TO_INT(seen) != row->year && !g_hash_table_contains(reused, key))
            g_hash_table_add(reused, g_strdup(key));
        g_free(key);
    }
    g_hash_table_destroy(year);
    return reused;
}

/* Whether file i, named after the row's number without a year, may be the
 * row's: yes unless the register lists that number in other years too and
 * the PDF's heading gives another year than the row's. */
static bool year_fits(finder *f, size_t i, const kc_register_row *row)
{
    if (!row->year || !g_hash_table_size(f->reused))
        return true;
    char *key = kc_register_number_key(row->number);
    bool reused = key && g_hash_table_contains(f->reused, key);
    g_free(key);
    const kc_register_row *t = reused ? text_of(f, i) : NULL;
    return !t || !t->year || t->year == row->year;
}

static size_t by_name(finder *f, const kc_register_row *row, char **symbol, size_t *which)
{
    size_t hits = 0;
    for (size_t i = 0; i < f->n; i++) {
        bool dated = false;
        if (names_row(f->names[i], row, symbol, &dated) && (dated || year_fits(f, i, row))) {
            if (!hits)
                *which = i;
            hits++;
        }
    }
    return hits;
}

static size_t by_text(finder *f, const kc_register_row *row, size_t *which)
{
    size_t hits = 0;
    for (size_t i = 0; i < f->n; i++) {
        const kc_register_row *t = f->taken[i] ? NULL : text_of(f, i);
        if (!t)
            continue;
        /* One number however written (kc_register_same_number): a row's
         * "12/BC–UBND" (Word's en dash) or "012 /BC-UBND" is its PDF's "Số:
         * 12/BC-UBND" (file missing before, rtnum22). */
        if (!t->number || t->serial != row->serial || !t->symbol || !row->symbol ||
            (t->year && row->year && t->year != row->year))
            continue;
        /* A row written "003/HĐ 2019", its year after its number as the
         * contract's heading writes it, is that heading's 003/HĐ (rtnum24). */
        char *sans = kc_register_number_sans_year(row->number, row->year);
        bool same = kc_register_same_number(t->number, row->number) || (sans && kc_register_same_number(t->number, sans));
        g_free(sans);
        if (!same)
            continue;
        if (!hits)
            *which = i;
        hits++;
    }
    return hits;
}

int kc_register_find_documents(kc_register *reg, const char *const *paths, size_t n, kc_error *err)
{
    finder f = {paths, n, g_new0(char **, n + 1), g_new0(kc_register_row, n + 1), g_new0(bool, n + 1),
                g_new0(bool, n + 1), reused_numbers(reg)};
    bool *given_up = g_new0(bool, reg->rows->len + 1); /* rows several files answer */
    (void)err;
    for (size_t i = 0; i < n; i++) {
        char *s = stem(paths[i]);
        f.names[i] = words(s);
        g_free(s);
    }
    /* Names first, for every row: reading text is slow, and a file a name
     * already gives must not be offered to another row by its text. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t r = 0; r < reg->rows->len; r++) {
            kc_register_row *row = &g_array_index(reg->rows, kc_reg_row, r).pub;
            size_t which = 0, hits;
            if (row->file || !row->number || !row->serial || given_up[r])
                continue;
            if (pass == 0) {
                char **symbol = words(row->symbol ? row->symbol : "");
                hits = by_name(&f, row, symbol, &which);
                g_strfreev(symbol);
            } else {
                hits = by_text(&f, row, &which);
            }
            if (hits > 1) {
                kc_register_row_warn(row, _("%s: %s: %zu files answer to this number; none was taken"), row->where,
                                     row->number, hits);
                given_up[r] = true; /* the text must not pick one of them */
            } else if (hits == 1 && f.taken[which]) {
                kc_register_row_warn(row, _("%s: %s: %s is already the document of another row"), row->where,
                                     row->number, paths[which]);
            } else if (hits == 1) {
                row->file = g_strdup(paths[which]);
                row->found = pass == 0 ? KC_FOUND_NAME : KC_FOUND_TEXT;
                f.taken[which] = true;
            }
        }
    for (size_t r = 0; r < reg->rows->len; r++) {
        kc_register_row *row = &g_array_index(reg->rows, kc_reg_row, r).pub;
        if (!row->file && row->number && !given_up[r])
            kc_register_row_warn(row, _("%s: %s: no file is named after this number and no PDF's \"Số:\" line gives it"),
                                 row->where, row->number);
    }
    for (size_t i = 0; i < n; i++) {
        g_strfreev(f.names[i]);
        g_free(f.text[i].number);
        g_free(f.text[i].symbol);
    }
    g_free(f.names);
    g_free(f.text);
    g_free(f.read);
    g_free(f.taken);
    g_hash_table_destroy(f.reused);
    g_free(given_up);
    return 0;
}
