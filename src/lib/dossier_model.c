/* dossier_model.c: the dossier in memory (see dossier_model.h): criteria and
 * their citations, the order files and criteria are written in, merging and
 * dropping files, and the public read-only accessors.  The payload files
 * themselves (safe and unique names, lookups, aliases, media types) are
 * dossier_files.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier_model.h"
#include "i18n.h"
#include "names.h"
#include "text.h"
#include "util.h"

int kc_dm_new(kc_dossier **out, kc_error *err)
{
    kc_dossier *d = calloc(1, sizeof *d);
    if (!d)
        return kc_error_oom(err);
    d->crit = g_array_new(FALSE, TRUE, sizeof(kc_dm_crit));
    d->files = g_array_new(FALSE, TRUE, sizeof(kc_dm_file));
    d->by_path = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    d->folders = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    d->by_sha = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    d->by_dos = g_hash_table_new(g_str_hash, g_str_equal);
    d->dos_text = g_string_chunk_new(64 * 1024);
    d->dos_key = g_string_new(NULL);
    *out = d;
    return 0;
}

int kc_dm_set_str(char **field, const char *value)
{
    char *copy = NULL;
    if (value && *value) {
        if (!g_utf8_validate(value, -1, NULL))
            return KC_EINVAL;
        if (!(copy = kc_text_nfc(value)))
            return KC_ENOMEM;
    }
    free(*field);
    *field = copy;
    return 0;
}

char *kc_dm_key(const char *s)
{
    GString *k;
    if (!s)
        return NULL;
    while (*s == ' ' || *s == '\t')
        s++;
    if (!g_ascii_isdigit(*s))
        return NULL;
    k = g_string_new(NULL);
    for (;;) {
        while (*s == '0' && g_ascii_isdigit(s[1]))
            s++;
        while (g_ascii_isdigit(*s))
            g_string_append_c(k, *s++);
        if (*s == '.' && g_ascii_isdigit(s[1])) {
            g_string_append_c(k, *s++);
            continue;
        }
        break;
    }
    return g_string_free(k, FALSE);
}

kc_dm_crit *kc_dm_crit_new(kc_dossier *d, const char *key)
{
    kc_dm_crit *c;
    g_array_set_size(d->crit, d->crit->len + 1); /* zeroed */
    c = &KC_DM_CRIT(d, d->crit->len - 1);
    c->rank = -1;
    c->pub.key = strdup(key);
    c->pub.number = strdup(key);
    c->pub.name = strdup("");
    c->pub.claimed = strdup("");
    if (!c->pub.key || !c->pub.number || !c->pub.name || !c->pub.claimed) {
        free((char *)c->pub.key);
        free((char *)c->pub.number);
        free((char *)c->pub.name);
        free((char *)c->pub.claimed);
        g_array_set_size(d->crit, d->crit->len - 1);
        return NULL;
    }
    return c;
}

kc_dm_crit *kc_dm_crit_get(kc_dossier *d, const char *key, bool create)
{
    kc_dm_crit *sub = NULL;
    /* Evidence goes to the numbered row, not to a sub-row sharing its key. */
    for (size_t i = 0; i < d->crit->len; i++)
        if (strcmp(KC_DM_CRIT(d, i).pub.key, key) == 0) {
            if (*KC_DM_CRIT(d, i).pub.number)
                return &KC_DM_CRIT(d, i);
            if (!sub)
                sub = &KC_DM_CRIT(d, i);
        }
    if (sub || !create)
        return sub;
    return kc_dm_crit_new(d, key);
}

bool kc_dm_crit_is_subrow(const kc_dossier *d, size_t i)
{
    if (*KC_DM_CRIT(d, i).pub.number)
        return false;
    for (size_t j = 0; j < d->crit->len; j++)
        if (j != i && *KC_DM_CRIT(d, j).pub.number && strcmp(KC_DM_CRIT(d, j).pub.key, KC_DM_CRIT(d, i).pub.key) == 0)
            return true;
    return false;
}

static int replace_str(const char **field, const char *value)
{
    char *copy = strdup(value ? value : "");
    if (!copy)
        return KC_ENOMEM;
    free((char *)*field);
    *field = copy;
    return 0;
}

int kc_dm_crit_describe(kc_dm_crit *c, const char *number, const char *name, const char *claimed,
                        bool heading, const char *detail_json, int rank)
{
    if ((number && replace_str(&c->pub.number, number) != 0) ||
        (name && replace_str(&c->pub.name, name) != 0) ||
        (claimed && replace_str(&c->pub.claimed, claimed) != 0))
        return KC_ENOMEM;
    c->pub.heading = heading;
    if (detail_json) {
        char *copy = strdup(detail_json);
        if (!copy)
            return KC_ENOMEM;
        free(c->detail);
        c->detail = copy;
    }
    if (rank >= 0)
        c->rank = rank;
    return 0;
}

static bool fill(const char **field, const char *value)
{
    if ((*field && **field) || !value || !*value)
        return true;
    return replace_str(field, value) == 0;
}

static void evidence_clear(kc_evidence *e)
{
    free((char *)e->reference);
    free((char *)e->kind);
    free((char *)e->note);
    free((char *)e->via);
}

/* The public view of the evidence array, after every change to it. */
static void show_evidence(kc_dm_crit *c)
{
    c->pub.evidence = c->evidence ? (const kc_evidence *)(void *)c->evidence->data : NULL;
    c->pub.nevidence = c->evidence ? c->evidence->len : 0;
}

static void forget_index(kc_dm_crit *c)
{
    if (c->cited)
        g_hash_table_destroy(c->cited);
    c->cited = NULL;
}

/* The evidence of c citing file, or -1. */
static int64_t cited_at(kc_dm_crit *c, size_t file)
{
    if (c->pub.nevidence < KC_DM_INDEX_FROM) {
        for (size_t i = 0; i < c->pub.nevidence; i++)
            if (c->pub.evidence[i].file == file)
                return (int64_t)i;
        return -1;
    }
    if (!c->cited) {
        c->cited = g_hash_table_new(g_direct_hash, g_direct_equal);
        for (size_t i = 0; i < c->pub.nevidence; i++)
            if (!g_hash_table_contains(c->cited, GSIZE_TO_POINTER(c->pub.evidence[i].file + 1)))
                g_hash_table_insert(c->cited, GSIZE_TO_POINTER(c->pub.evidence[i].file + 1), GSIZE_TO_POINTER(i + 1));
    }
    gpointer v = g_hash_table_lookup(c->cited, GSIZE_TO_POINTER(file + 1));
    return v ? (int64_t)GPOINTER_TO_SIZE(v) - 1 : -1;
}

int kc_dm_cite(kc_dossier *d, kc_dm_crit *c, size_t file, const kc_citation *cite)
{
    kc_evidence *e;
    int64_t at = cited_at(c, file);
    if (at >= 0) {
        e = (kc_evidence *)&c->pub.evidence[at];
        return fill(&e->reference, cite->reference) && fill(&e->kind, cite->kind) &&
               fill(&e->note, cite->note) ? 0 : KC_ENOMEM;
    }
    kc_evidence add = {.file = file};
    if (replace_str(&add.reference, cite->reference) != 0 || replace_str(&add.kind, cite->kind) != 0 ||
        replace_str(&add.note, cite->note) != 0 || replace_str(&add.via, cite->via) != 0) {
        free((char *)add.reference);
        free((char *)add.kind);
        free((char *)add.note);
        free((char *)add.via);
        return KC_ENOMEM;
    }
    if (!c->evidence)
        c->evidence = g_array_new(FALSE, FALSE, sizeof(kc_evidence));
    g_array_append_val(c->evidence, add);
    show_evidence(c);
    if (c->cited)
        g_hash_table_insert(c->cited, GSIZE_TO_POINTER(file + 1), GSIZE_TO_POINTER(c->pub.nevidence));
    KC_DM_FILE(d, file).pub.ncitations++;
    return 0;
}

/* ---- ordering ------------------------------------------------------------------ */

static int cmp_key(const char *a, const char *b)
{
    /* Numbers by value, component by component: 2 < 10, 5 < 5.1. */
    while (*a && *b) {
        char *ea, *eb;
        unsigned long na = strtoul(a, &ea, 10), nb = strtoul(b, &eb, 10);
        if (ea == a || eb == b)
            return strcmp(a, b);
        if (na != nb)
            return na < nb ? -1 : 1;
        a = *ea == '.' ? ea + 1 : ea;
        b = *eb == '.' ? eb + 1 : eb;
    }
    return *a ? 1 : *b ? -1 : 0;
}

static int cmp_crit(const void *pa, const void *pb)
{
    const kc_dm_crit *a = pa, *b = pb;
    if (a->rank >= 0 && b->rank >= 0)
        return a->rank < b->rank ? -1 : a->rank > b->rank;
    if (a->rank >= 0 || b->rank >= 0)
        return a->rank >= 0 ? -1 : 1;
    return cmp_key(a->pub.key, b->pub.key);
}

static void file_clear(kc_dm_file *f)
{
    free((char *)f->pub.path);
    free(f->hex);
    g_free((char *)f->pub.name);
    free(f->src);
    if (f->aliases)
        g_ptr_array_unref(f->aliases);
    if (f->alias_set)
        g_hash_table_destroy(f->alias_set);
}

static int cmp_file(const void *pa, const void *pb)
{
    return strcmp(((const kc_dm_file *)pa)->pub.path, ((const kc_dm_file *)pb)->pub.path);
}

/* by_path and by_sha hold index + 1, so once the files moved (sorted, or some
 * dropped) both are filled again from d->files; of two files with one hash,
 * by_sha names the first in their new order. */
static void reindex_files(kc_dossier *d)
{
    g_hash_table_remove_all(d->by_path);
    g_hash_table_remove_all(d->by_sha);
    g_hash_table_remove_all(d->by_dos);
    g_string_chunk_clear(d->dos_text); /* by_dos's keys, all gone */
    for (size_t i = 0; i < d->files->len; i++) {
        g_hash_table_insert(d->by_path, kc_dm_fold_key(d, KC_DM_FILE(d, i).pub.path), GSIZE_TO_POINTER(i + 1));
        kc_dm_dos_add(d, KC_DM_FILE(d, i).pub.path);
        if (KC_DM_FILE(d, i).hashed && !g_hash_table_contains(d->by_sha, KC_DM_FILE(d, i).hex))
            g_hash_table_insert(d->by_sha, g_strdup(KC_DM_FILE(d, i).hex), GSIZE_TO_POINTER(i + 1));
    }
}

void kc_dm_sort(kc_dossier *d)
{
    size_t *where = g_new(size_t, d->files->len ? d->files->len : 1);
    /* Remember each file by its (unique) path, sort, then re-point citations. */
    char **paths = g_new(char *, d->files->len ? d->files->len : 1);
    for (size_t i = 0; i < d->files->len; i++)
        paths[i] = (char *)KC_DM_FILE(d, i).pub.path;
    g_array_sort(d->files, cmp_file);
    reindex_files(d);
    for (size_t i = 0; i < d->files->len; i++)
        where[i] = (size_t)kc_dm_find_path(d, paths[i]);
    for (size_t c = 0; c < d->crit->len; c++) {
        forget_index(&KC_DM_CRIT(d, c));
        for (size_t e = 0; e < KC_DM_CRIT(d, c).pub.nevidence; e++) {
            kc_evidence *ev = (kc_evidence *)&KC_DM_CRIT(d, c).pub.evidence[e];
            ev->file = where[ev->file];
        }
    }
    g_array_sort(d->crit, cmp_crit);
    g_free(paths);
    g_free(where);
}

/* ---- the public accessors (kiemchung/dossier.h) ----------------------------------- */

const kc_dossier_meta *kc_dossier_get_meta(const kc_dossier *d) { return d ? &d->meta : NULL; }
const char *kc_dossier_date(const kc_dossier *d) { return d && d->date ? d->date : ""; }
size_t kc_dossier_criterion_count(const kc_dossier *d) { return d ? d->crit->len : 0; }
size_t kc_dossier_file_count(const kc_dossier *d) { return d ? d->files->len : 0; }

const kc_dossier_criterion *kc_dossier_get_criterion(const kc_dossier *d, size_t i)
{
    return d && i < d->crit->len ? &KC_DM_CRIT(d, i).pub : NULL;
}

const kc_dossier_file *kc_dossier_get_file(const kc_dossier *d, size_t i)
{
    return d && i < d->files->len ? &KC_DM_FILE(d, i).pub : NULL;
}

char *kc_dossier_to_json(const kc_dossier *d)
{
    return d && d->json ? strdup(d->json) : NULL;
}

void kc_dossier_free(kc_dossier *d)
{
    if (!d)
        return;
    free((char *)d->meta.commune);
    free((char *)d->meta.district);
    free((char *)d->meta.province);
    for (size_t i = 0; i < d->crit->len; i++) {
        kc_dm_crit *c = &KC_DM_CRIT(d, i);
        for (size_t e = 0; e < c->pub.nevidence; e++)
            evidence_clear((kc_evidence *)&c->pub.evidence[e]);
        if (c->evidence)
            g_array_free(c->evidence, TRUE);
        free((char *)c->pub.key);
        free((char *)c->pub.number);
        free((char *)c->pub.name);
        free((char *)c->pub.claimed);
        free(c->detail);
        forget_index(c);
    }
    g_array_free(d->crit, TRUE);
    for (size_t i = 0; i < d->files->len; i++)
        file_clear(&KC_DM_FILE(d, i));
    g_array_free(d->files, TRUE);
    g_hash_table_destroy(d->by_path);
    g_hash_table_destroy(d->folders);
    g_hash_table_destroy(d->by_sha);
    g_hash_table_destroy(d->by_dos);
    if (d->dos_text)
        g_string_chunk_free(d->dos_text);
    if (d->dos_key)
        g_string_free(d->dos_key, TRUE);
    free(d->date);
    free(d->report_name);
    free(d->report_text);
    free(d->report_docx_src);
    free(d->catalog_name);
    free(d->json);
    free(d->archive);
    free(d);
}

bool kc_dm_crit_needs_evidence(const kc_dossier *d, size_t i)
{
    return !KC_DM_CRIT(d, i).pub.heading && !kc_dm_crit_is_subrow(d, i);
}

int kc_dm_merge_file(kc_dossier *d, size_t from, size_t into)
{
    for (size_t c = 0; c < d->crit->len; c++) {
        kc_dm_crit *cr = &KC_DM_CRIT(d, c);
        for (size_t e = 0; e < cr->pub.nevidence;) {
            kc_evidence *ev = (kc_evidence *)&cr->pub.evidence[e];
            if (ev->file != from) {
                e++;
                continue;
            }
            kc_citation cite = {cr->pub.key, ev->reference, ev->kind, ev->note, ev->via};
            if (kc_dm_cite(d, cr, into, &cite) != 0)
                return KC_ENOMEM;
            evidence_clear(&g_array_index(cr->evidence, kc_evidence, e)); /* kc_dm_cite may have moved it */
            g_array_remove_index(cr->evidence, e);
            show_evidence(cr);
            forget_index(cr);
            KC_DM_FILE(d, from).pub.ncitations--;
        }
    }
    if (kc_dm_add_alias(&KC_DM_FILE(d, into), KC_DM_FILE(d, from).pub.name) != 0)
        return KC_ENOMEM;
    GPtrArray *aliases = KC_DM_FILE(d, from).aliases;
    for (guint a = 0; aliases && a < aliases->len; a++)
        if (kc_dm_add_alias(&KC_DM_FILE(d, into), aliases->pdata[a]) != 0)
            return KC_ENOMEM;
    return 0;
}

void kc_dm_compact(kc_dossier *d, const bool *drop)
{
    size_t *where = g_new(size_t, d->files->len ? d->files->len : 1), n = 0;
    for (size_t i = 0; i < d->files->len; i++) {
        kc_dm_file *f = &KC_DM_FILE(d, i);
        if (!drop[i]) {
            where[i] = n;
            KC_DM_FILE(d, n++) = *f;
            continue;
        }
        file_clear(f);
    }
    g_array_set_size(d->files, n);
    for (size_t c = 0; c < d->crit->len; c++) {
        forget_index(&KC_DM_CRIT(d, c));
        for (size_t e = 0; e < KC_DM_CRIT(d, c).pub.nevidence; e++) {
            kc_evidence *ev = (kc_evidence *)&KC_DM_CRIT(d, c).pub.evidence[e];
            ev->file = where[ev->file];
        }
    }
    reindex_files(d);
    g_free(where);
}
