/* ltv_ingest.c: validation data made while a dossier is built.
 *
 * Before the archive is written, every payload file that carries a signature
 * (a PDF with signature fields, a file whose FILE.p7s is in the dossier too)
 * is verified as `kiemchung verify` would, from a private folder where it is
 * seen under its dossier name's pairing (FILE beside FILE.p7s exactly as the
 * dossier pairs them, not as the clerk's folders happened to), and what its
 * verdict rests on is collected (ltv_collect.c).  An update keeps the records
 * of the files it keeps, with their objects, as they were made: validation
 * data is made when a document goes in, and re-made only for what changes.
 *
 * The time of verification is the caller's opts->now, else
 * $SOURCE_DATE_EPOCH, else the clock, so the same inputs give the same bytes
 * when the dossier's time is fixed.  The records' digests are filled in when
 * index.json is generated, after the payload has streamed through the
 * writer, so no evidence byte is hashed twice for them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "dossier_ingest.h"
#include "i18n.h"
#include "ltv.h"
#include "util.h"

typedef struct gen_ctx {
    kc_ingest *in;
    kc_ltv_tag_fn tag;
    void *ud;
} gen_ctx;

struct kc_ltv_ingest {
    const kc_trust *trust;       /* NULL: nothing new is verified */
    kc_verify_opts opts;
    bool now_pinned;             /* the caller's opts->now was set */
    kc_ingest_verdict_fn reuse;  /* the caller's verdicts, or NULL */
    void *reuse_ud;
    GHashTable *blobs;           /* entry name → GBytes */
    GPtrArray *records;          /* JsonObject* */
    GArray *files;               /* the payload file index of each record */
    GPtrArray *names;            /* the entries to write, sorted (blobs, then index.json in order) */
    char *tmp;                   /* the private folder, or NULL */
    size_t ntmp;
    gen_ctx gen;                 /* for index.json's generator */
};

static kc_ltv_ingest *ltv_new(void)
{
    kc_ltv_ingest *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->blobs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_bytes_unref);
    l->records = g_ptr_array_new_with_free_func((GDestroyNotify)json_object_unref);
    l->files = g_array_new(FALSE, FALSE, sizeof(size_t));
    l->names = g_ptr_array_new_with_free_func(g_free);
    return l;
}

void kc_ltv_ingest_free(kc_ltv_ingest *l)
{
    if (!l)
        return;
    g_hash_table_destroy(l->blobs);
    g_ptr_array_free(l->records, TRUE);
    g_array_free(l->files, TRUE);
    g_ptr_array_free(l->names, TRUE);
    if (l->tmp)
        g_rmdir(l->tmp);
    g_free(l->tmp);
    free(l);
}

int kc_ingest_validate(kc_ingest *in, const kc_trust *trust, const kc_verify_opts *opts, kc_error *err)
{
    if (!in || !trust)
        return kc_error_set(err, KC_EINVAL, "%s", _("no trust store to verify the documents with"));
    if (!in->ltv && !(in->ltv = ltv_new()))
        return kc_error_oom(err);
    in->ltv->trust = trust;
    if (opts)
        in->ltv->opts = *opts;
    in->ltv->now_pinned = opts && opts->now;
    return 0;
}

int kc_ingest_reuse_verdicts(kc_ingest *in, kc_ingest_verdict_fn fn, void *ud, kc_error *err)
{
    if (!in)
        return kc_error_set(err, KC_EINVAL, "%s", _("no dossier being built"));
    if (!in->ltv && !(in->ltv = ltv_new()))
        return kc_error_oom(err);
    in->ltv->reuse = fn;
    in->ltv->reuse_ud = ud;
    return 0;
}

/* The time verification says "now": see the header comment.  A malformed
 * $SOURCE_DATE_EPOCH has already failed the dossier's own time
 * (dossier_write.c); 0 is the clock here, since nothing verifies in 1970. */
static int64_t validation_time(const kc_verify_opts *opts)
{
    int64_t sde = -1;
    if (opts->now)
        return opts->now;
    if (kc_source_date_epoch(&sde, NULL) == 0 && sde > 0)
        return sde;
    return (int64_t)time(NULL);
}

/* The payload file called exactly path, or -1 (kc_dm_find_path folds case). */
static int64_t exact_file(const kc_dossier *d, const char *path)
{
    int64_t i = kc_dm_find_path(d, path);
    return i >= 0 && strcmp(KC_DM_FILE(d, i).pub.path, path) == 0 ? i : -1;
}

static bool is_pdf(const kc_dm_file *f)
{
    return f->pub.media_type && strcmp(f->pub.media_type, "application/pdf") == 0;
}

/* f made visible at path: a link to its source, or its bytes copied out of
 * the dossier being updated. */
static int materialize(kc_ingest *in, const kc_dm_file *f, const char *path, kc_error *err)
{
    unsigned char sha[32];
    if (f->src) {
        char *abs = g_canonicalize_filename(f->src, NULL);
        int rc = symlink(abs, path) == 0 ? 0 : kc_error_set(err, KC_EIO, _("%s: %s"), path, g_strerror(errno));
        g_free(abs);
        return rc;
    }
    if (!in->old || f->old_index < 0)
        return kc_error_set(err, KC_EINVAL, _("%s: no bytes to verify"), f->pub.path);
    return kc_ltv_extract_entry(in->old, (size_t)f->old_index, path, NULL, sha, err);
}

static void unlink_quiet(const char *path)
{
    if (path)
        g_unlink(path);
}

/* Verifies payload file i (and its detached signature det, or -1) and keeps
 * its record when it is signed. */
static int validate_one(kc_ingest *in, size_t i, int64_t det, int64_t now, size_t *valid, kc_error *err)
{
    kc_ltv_ingest *l = in->ltv;
    const kc_dm_file *f = &KC_DM_FILE(in->d, i), *df = det >= 0 ? &KC_DM_FILE(in->d, det) : NULL;
    char *doc = NULL, *p7s = NULL;
    kc_verdict *v = NULL;
    const kc_verdict *have = NULL;
    JsonObject *rec = NULL;
    unsigned char zero[32] = {0};
    int rc;

    if (!l->tmp && !(l->tmp = g_dir_make_tmp("kiemchung-XXXXXX", NULL)))
        return kc_error_set(err, KC_EIO, "%s", _("no temporary folder to verify the documents in"));
    doc = g_strdup_printf("%s/%zu", l->tmp, l->ntmp++);
    p7s = g_strconcat(doc, ".p7s", NULL);
    if ((rc = materialize(in, f, doc, err)) != 0 ||
        (df && (rc = materialize(in, df, p7s, err)) != 0))
        goto out;
    /* The caller's verdict counts only for the same bytes, pairing and time
     * (see kc_ingest_reuse_verdicts); its own "now" was pinned to ours. */
    have = l->reuse && l->now_pinned && f->src && (!df || df->src) ?
                             l->reuse(l->reuse_ud, f->src, df ? df->src : NULL) : NULL;
    l->opts.now = now;
    if (!have && (rc = kc_verify_file(&v, l->trust, doc, &l->opts, err)) != 0)
        goto out;
    if (!have)
        have = v;
    kc_status st = kc_verdict_status(have);
    if (st == KC_STATUS_UNSIGNED || st == KC_STATUS_ERROR)
        goto out; /* nothing signed to keep data for */
    if ((rc = kc_ltv_collect(&rec, l->blobs, have, doc, f->pub.path, det >= 0 ? KC_DM_FILE(in->d, det).pub.path : NULL,
                             zero, l->trust, now, err)) != 0)
        goto out;
    g_ptr_array_add(l->records, rec);
    g_array_append_val(l->files, i);
    if (st == KC_STATUS_VALID)
        (*valid)++;
    else
        kc_ingest_notice(in, _("%s: its signature is %s now; the dossier records why"), f->pub.path,
                         st == KC_STATUS_INDETERMINATE ? _("indeterminate") : _("not valid"));
out:
    kc_verdict_free(v);
    unlink_quiet(doc);
    unlink_quiet(p7s);
    g_free(doc);
    g_free(p7s);
    return rc;
}

/* The record an updated dossier had for an unchanged file, with its objects,
 * or false when there is none or it does not hold together (then the file is
 * verified again, if verification was asked for). */
static bool carry_over(kc_ingest *in, kc_ltv_index *old, size_t i, int64_t det)
{
    kc_ltv_ingest *l = in->ltv;
    const kc_dm_file *f = &KC_DM_FILE(in->d, i);
    JsonObject *rec = old ? kc_ltv_index_find(old, f->pub.path) : NULL;
    const char *rdet = rec && json_object_has_member(rec, "detached") ?
                       json_object_get_string_member(rec, "detached") : NULL;
    GPtrArray *names;
    bool ok = true;

    if (!rec || f->src || (det >= 0 && KC_DM_FILE(in->d, det).src) || !f->hashed ||
        g_strcmp0(json_object_get_string_member(rec, "sha256"), f->hex) != 0 ||
        g_strcmp0(rdet, det >= 0 ? KC_DM_FILE(in->d, det).pub.path : NULL) != 0)
        return false;
    names = kc_ltv_record_blobs(rec);
    for (guint k = 0; ok && k < names->len; k++) {
        const char *name = names->pdata[k];
        char *data = NULL;
        size_t len = 0;
        kc_ltv_kind kind;
        if (g_hash_table_contains(l->blobs, name))
            continue;
        ok = kc_ltv_read_blob(&data, &len, &kind, in->old, name, NULL) == 0;
        if (ok)
            g_hash_table_insert(l->blobs, g_strdup(name), g_bytes_new(data, len));
        free(data);
    }
    g_ptr_array_free(names, TRUE);
    if (ok) {
        g_ptr_array_add(l->records, json_object_ref(rec));
        g_array_append_val(l->files, i);
    }
    return ok;
}

static kc_ltv_index *old_index(kc_ingest *in)
{
    int64_t at = in->old ? kc_zr_find(in->old, KC_LTV_INDEX) : -1;
    kc_ltv_index *ix = NULL;
    char *json = NULL;
    size_t len = 0;
    kc_error e = {0};

    if (at < 0)
        return NULL;
    if (kc_zr_read_all(&json, &len, in->old, (size_t)at, KC_TAG_MAX, &e) != 0 ||
        kc_ltv_index_parse(&ix, json, len, &e) != 0)
        kc_ingest_notice(in, _("%s: %s; it is not kept"), KC_LTV_INDEX, e.message);
    free(json);
    return ix;
}

static int cmp_pstr(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int kc_ltv_ingest_prepare(kc_ingest *in, kc_error *err)
{
    kc_dossier *d = in->d;
    kc_ltv_index *old = NULL;
    size_t valid = 0, checked = 0;
    int rc = 0;

    if (!in->ltv && !(in->ltv = ltv_new()))
        return kc_error_oom(err);
    kc_ltv_ingest *l = in->ltv;
    int64_t now = validation_time(&l->opts);
    old = old_index(in);
    for (size_t i = 0; rc == 0 && i < d->files->len; i++) {
        const char *path = KC_DM_FILE(d, i).pub.path;
        size_t n = strlen(path);
        /* A FILE.p7s beside FILE is FILE's signature, not a document. */
        if (n > 4 && g_ascii_strcasecmp(path + n - 4, ".p7s") == 0) {
            char *base = g_strndup(path, n - 4);
            bool sig = exact_file(d, base) >= 0;
            g_free(base);
            if (sig)
                continue;
        }
        char *p7s = g_strconcat(path, ".p7s", NULL);
        int64_t det = exact_file(d, p7s);
        g_free(p7s);
        if (!is_pdf(&KC_DM_FILE(d, i)) && det < 0)
            continue;
        if (carry_over(in, old, i, det) || !l->trust)
            continue;
        checked++;
        rc = validate_one(in, i, det, now, &valid, err);
    }
    kc_ltv_index_free(old);
    if (l->tmp) {
        g_rmdir(l->tmp);
        g_free(l->tmp);
        l->tmp = NULL;
    }
    /* Said only when a signed document is there: evidence that is all scans
     * gave "0 valid of 0 signed documents", a count of nothing that a newcomer
     * read as a failure (newcomer42). */
    if (rc == 0 && checked && l->records->len)
        kc_ingest_notice(in, _("signatures verified for the validation data: %zu valid of %zu signed documents"),
                         valid, (size_t)l->records->len);
    g_ptr_array_set_size(l->names, 0);
    if (rc == 0 && l->records->len) {
        GHashTableIter it;
        gpointer key;
        g_hash_table_iter_init(&it, l->blobs);
        while (g_hash_table_iter_next(&it, &key, NULL))
            g_ptr_array_add(l->names, g_strdup(key));
        g_ptr_array_add(l->names, g_strdup(KC_LTV_INDEX));
        g_ptr_array_sort(l->names, cmp_pstr);
    }
    return rc;
}

/* index.json, once the payload's digests are known. */
static int gen_index(void *ud, char **data, size_t *len, kc_error *err)
{
    gen_ctx *g = ud;
    kc_ltv_ingest *l = g->in->ltv;

    for (guint i = 0; i < l->records->len; i++) {
        const kc_dm_file *f = &KC_DM_FILE(g->in->d, g_array_index(l->files, size_t, i));
        json_object_set_string_member(l->records->pdata[i], "sha256", f->hex);
    }
    if (!(*data = kc_ltv_index_write(l->records)))
        return kc_error_oom(err);
    *len = strlen(*data);
    g->tag(g->ud, KC_LTV_INDEX, *data, *len);
    return 0;
}

int kc_ltv_ingest_write(kc_ingest *in, kc_zw *zw, kc_ltv_tag_fn tag, void *ud, kc_error *err)
{
    kc_ltv_ingest *l = in->ltv;
    int rc = 0;

    if (!l)
        return 0;
    l->gen = (gen_ctx){in, tag, ud};
    for (guint i = 0; rc == 0 && i < l->names->len; i++) {
        const char *name = l->names->pdata[i];
        if (strcmp(name, KC_LTV_INDEX) == 0) {
            rc = kc_zw_add_lazy(zw, name, true, gen_index, &l->gen, err);
            continue;
        }
        GBytes *b = g_hash_table_lookup(l->blobs, name);
        gsize n = 0;
        const void *p = g_bytes_get_data(b, &n);
        /* DER does not deflate: stored, as PDFs are. */
        if ((rc = kc_zw_add_buffer(zw, name, p, n, false, err)) == 0)
            tag(ud, name, p, n);
    }
    return rc;
}
