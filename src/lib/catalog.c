/* catalog.c: reading a criteria catalog (see kiemchung/catalog.h).
 *
 * The file is small, but it is read line by line like every text input: '#'
 * comments (one of which may be "# name: ..."), a header row naming the
 * columns (so a province may reorder or add columns, and leave out the
 * optional numerator and denominator), then one criterion per line.  Errors name the line, since whoever edits the catalog for another
 * province needs to know which one to fix. */
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "kiemchung/catalog.h"
#include "text.h"
#include "util.h"

#define MAX_LINE 16384

static const struct {
    const char *word;
    unsigned bit;
} expect_words[] = {
    {"contract", KC_EXPECT_CONTRACT}, {"decision", KC_EXPECT_DECISION}, {"document", KC_EXPECT_DOCUMENT},
    {"invoice", KC_EXPECT_INVOICE},   {"url", KC_EXPECT_URL},           {"figure", KC_EXPECT_FIGURE},
    {"ratio", KC_EXPECT_RATIO},       {"text", KC_EXPECT_TEXT},         {"none", KC_EXPECT_NONE},
};

enum { COL_NUMBER, COL_PART, COL_GROUP, COL_GROUP_TITLE, COL_NAME, COL_EVIDENCE, COL_NUMERATOR, COL_DENOMINATOR, NCOLS };
static const char *const col_names[NCOLS] = {"number", "part", "group", "group_title", "name", "evidence",
                                             "numerator", "denominator"};

struct kc_catalog {
    char *name;
    GArray *e;       /* kc_catalog_entry, strings owned: ENTRY(c, i) */
};

#define ENTRY(c, i) (&g_array_index((c)->e, kc_catalog_entry, (i)))

static void entry_clear(kc_catalog_entry *e)
{
    free((char *)e->number);
    free((char *)e->part);
    free((char *)e->group);
    free((char *)e->group_title);
    free((char *)e->name);
    free((char *)e->numerator);
    free((char *)e->denominator);
}

void kc_catalog_free(kc_catalog *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->e->len; i++)
        entry_clear(ENTRY(c, i));
    g_array_free(c->e, TRUE);
    free(c->name);
    free(c);
}

static int parse_expects(const char *s, unsigned *out)
{
    char **words = g_strsplit(s, ",", -1);
    unsigned bits = 0;
    int ok = 1;
    for (char **w = words; *w && ok; w++) {
        char *t = g_strstrip(*w);
        bool found = false;
        if (!*t)
            continue;
        for (size_t k = 0; k < G_N_ELEMENTS(expect_words); k++)
            if (g_ascii_strcasecmp(t, expect_words[k].word) == 0)
                bits |= expect_words[k].bit, found = true;
        ok = found;
    }
    g_strfreev(words);
    *out = bits;
    return ok ? 0 : -1;
}

const char *kc_catalog_expects_format(unsigned expects, char *buf, size_t size)
{
    size_t used = 0;
    if (!buf || !size)
        return "";
    buf[0] = 0;
    for (size_t k = 0; k < G_N_ELEMENTS(expect_words); k++)
        if (expects & expect_words[k].bit) {
            int w = snprintf(buf + used, size - used, "%s%s", used ? "," : "", expect_words[k].word);
            if (w < 0 || (size_t)w >= size - used)
                break;
            used += (size_t)w;
        }
    return buf;
}

/* One data row; cols maps each known column to its index (-1 absent). */
static int add_row(kc_catalog *c, char **cells, const int *cols, const char *path, unsigned line, kc_error *err)
{
    guint n = g_strv_length(cells);
    const char *v[NCOLS] = {0};
    unsigned expects = 0;

    for (int k = 0; k < NCOLS; k++)
        v[k] = cols[k] >= 0 && (guint)cols[k] < n ? g_strstrip(cells[cols[k]]) : "";
    if (!*v[COL_NUMBER] || !*v[COL_NAME])
        return kc_error_set(err, KC_EFORMAT, _("%s: line %u: a criterion needs a number and a name"), path, line);
    if (parse_expects(v[COL_EVIDENCE], &expects) != 0)
        return kc_error_set(err, KC_EFORMAT,
                            _("%s: line %u: unknown evidence kind in '%s' (contract, decision, document, invoice, url, figure, ratio, text, none)"),
                            path, line, v[COL_EVIDENCE]);
    if (kc_catalog_find(c, v[COL_NUMBER]))
        return kc_error_set(err, KC_EFORMAT, _("%s: line %u: criterion %s is listed twice"), path, line, v[COL_NUMBER]);
    g_array_set_size(c->e, c->e->len + 1); /* zeroed */
    kc_catalog_entry *e = ENTRY(c, c->e->len - 1);
    e->number = strdup(v[COL_NUMBER]);
    e->part = strdup(v[COL_PART]);
    e->group = strdup(v[COL_GROUP]);
    e->group_title = strdup(v[COL_GROUP_TITLE]);
    e->name = strdup(v[COL_NAME]);
    e->expects = expects;
    /* The quantity a ratio's numerator or denominator counts, when another
     * criterion counts it too: the same words, the same count. */
    e->numerator = *v[COL_NUMERATOR] ? strdup(v[COL_NUMERATOR]) : NULL;
    e->denominator = *v[COL_DENOMINATOR] ? strdup(v[COL_DENOMINATOR]) : NULL;
    if ((*v[COL_NUMERATOR] && !e->numerator) || (*v[COL_DENOMINATOR] && !e->denominator))
        return kc_error_oom(err);
    if (!e->number || !e->part || !e->group || !e->group_title || !e->name)
        return kc_error_oom(err);
    return 0;
}

int kc_catalog_load(kc_catalog **out, const char *path, kc_error *err)
{
    kc_catalog *c = NULL;
    FILE *f = NULL;
    char *buf = NULL, *nfc = NULL;
    char **cells = NULL;
    size_t cap = 0;
    ssize_t len;
    unsigned line = 0;
    int cols[NCOLS], rc = 0;
    bool header = false;

    if (!out || !path)
        return kc_error_set(err, KC_EINVAL, "%s", _("no catalog given"));
    c = g_new0(kc_catalog, 1);
    c->e = g_array_new(FALSE, TRUE, sizeof(kc_catalog_entry));
    c->name = g_strdup("");
    if (!(f = fopen(path, "rb"))) {
        rc = kc_error_set(err, KC_EIO, _("%s: cannot open: %s"), path, g_strerror(errno));
        goto out;
    }
    while ((len = getline(&buf, &cap, f)) >= 0) {
        char *p = buf;
        line++;
        if (len > MAX_LINE) {
            rc = kc_error_set(err, KC_ELIMIT, _("%s: line %u: longer than %d bytes"), path, line, MAX_LINE);
            goto out;
        }
        while (len && (p[len - 1] == '\n' || p[len - 1] == '\r'))
            p[--len] = 0;
        if (line == 1 && len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
            p += 3;
        free(nfc);
        if (!(nfc = kc_text_nfc(p))) {
            rc = kc_error_set(err, KC_EFORMAT, _("%s: line %u: not UTF-8 text"), path, line);
            goto out;
        }
        if (nfc[0] == '#') {
            const char *v = nfc + 1;
            while (*v == ' ')
                v++;
            if (g_str_has_prefix(v, "name:")) {
                free(c->name);
                if (!(c->name = strdup(g_strstrip((char *)v + 5)))) {
                    rc = kc_error_oom(err);
                    goto out;
                }
            }
            continue;
        }
        if (!*g_strstrip(nfc))
            continue;
        g_strfreev(cells);
        cells = g_strsplit(nfc, "\t", -1);
        if (!header) {
            for (int k = 0; k < NCOLS; k++) {
                cols[k] = -1;
                for (guint i = 0; cells[i]; i++)
                    if (g_ascii_strcasecmp(g_strstrip(cells[i]), col_names[k]) == 0)
                        cols[k] = (int)i;
            }
            if (cols[COL_NUMBER] < 0 || cols[COL_NAME] < 0) {
                rc = kc_error_set(err, KC_EFORMAT, _("%s: line %u: the header row must name the columns number and name"),
                                  path, line);
                goto out;
            }
            header = true;
            continue;
        }
        if ((rc = add_row(c, cells, cols, path, line, err)) != 0)
            goto out;
    }
    if (ferror(f)) {
        rc = kc_error_set(err, KC_EIO, _("%s: read error"), path);
        goto out;
    }
    if (c->e->len == 0) {
        rc = kc_error_set(err, KC_EFORMAT, _("%s: no criteria"), path);
        goto out;
    }
    *out = c;
    c = NULL;
out:
    g_strfreev(cells);
    free(nfc);
    free(buf);
    if (f)
        fclose(f);
    kc_catalog_free(c);
    return rc;
}

const char *kc_catalog_name(const kc_catalog *c)
{
    return c && c->name ? c->name : "";
}

size_t kc_catalog_count(const kc_catalog *c)
{
    return c ? c->e->len : 0;
}

const kc_catalog_entry *kc_catalog_get(const kc_catalog *c, size_t i)
{
    return c && i < c->e->len ? ENTRY(c, i) : NULL;
}

const kc_catalog_entry *kc_catalog_find(const kc_catalog *c, const char *number)
{
    for (size_t i = 0; c && number && i < c->e->len; i++)
        if (strcmp(ENTRY(c, i)->number, number) == 0)
            return ENTRY(c, i);
    return NULL;
}
