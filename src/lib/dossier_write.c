/* dossier_write.c: turning a gathered ingest into the dossier file: filing
 * loose PDFs by the report's references, storing identical files once,
 * choosing the dossier's time, and writing every entry in a fixed order:
 *
 *   mimetype, bagit.txt, data/… (sorted), report.txt, report.docx (a Word
 *   report as handed in), manifest-sha256.txt, bag-info.txt, dossier.json,
 *   index.html, validation/… (sorted: ltv_ingest.c), tagmanifest-sha256.txt
 *
 * The tag files after data/ are generated when the writer reaches them, from
 * the digests taken while the payload streamed through, so each evidence byte
 * is read once.  The exception is a file whose size equals another's: only
 * such files can be duplicates, and they are hashed first to find out. */
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dossier_ingest.h"
#include "hash.h"
#include "i18n.h"
#include "kc_config.h"
#include "kiemchung/link.h"
#include "ltv.h"
#include "util.h"

typedef struct file_ctx {
    kc_ingest *in;
    size_t file;
} file_ctx;

typedef struct tag_file {
    const char *name; /* borrowed */
    unsigned char sha[32];
} tag_file;

typedef struct write_ctx {
    kc_ingest *in;
    GArray *tags; /* tag_file: every file beside data/, for the tag manifest */
} write_ctx;

/* ---- filing loose PDFs by the report ------------------------------------ */

/* Whether a file of the dossier already cites the report's reference: with
 * --update, the files filed by an earlier run are not linked again, and a
 * reference they answer is not missing. */
static bool already_cited(const kc_dossier *d, const char *reference)
{
    for (guint i = 0; reference && i < d->crit->len; i++) {
        const GArray *ev = KC_DM_CRIT(d, i).evidence;
        for (guint k = 0; ev && k < ev->len; k++) {
            const char *r = g_array_index(ev, kc_evidence, k).reference;
            if (r && strcmp(r, reference) == 0)
                return true;
        }
    }
    return false;
}

static int link_loose(kc_ingest *in, kc_error *err)
{
    kc_dossier *d = in->d;
    kc_link_result *res = NULL;
    GPtrArray *paths = g_ptr_array_new();
    size_t *which = calloc(in->loose->len ? in->loose->len : 1, sizeof *which);
    int rc = 0;

    if (!in->report || in->linked) {
        goto out;
    }
    in->linked = true;
    for (size_t i = 0; i < in->loose->len; i++) {
        size_t loose = g_array_index(in->loose, size_t, i);
        kc_dm_file *f = &KC_DM_FILE(d, loose);
        if (!f->pub.ncitations && f->src && strcmp(f->pub.media_type, "application/pdf") == 0) {
            which[paths->len] = loose;
            g_ptr_array_add(paths, f->src);
        }
    }
    if (!paths->len)
        goto out;
    if ((rc = kc_link_files(&res, in->report, (const char *const *)paths->pdata, paths->len, err)) != 0)
        goto out;
    for (size_t i = 0; i < kc_link_count(res); i++) {
        const kc_link_file *lf = kc_link_get(res, i);
        kc_dm_file *f = &KC_DM_FILE(d, which[i]);
        switch (lf->status) {
        case KC_LINK_MATCHED: {
            GString *keys = g_string_new(NULL);
            const kc_docref *m = lf->nmatches ? lf->matches[0] : NULL;
            for (size_t k = 0; rc == 0 && k < lf->ncriteria; k++) {
                char *key = kc_dm_key(lf->criteria[k]);
                kc_dm_crit *c = key ? kc_dm_crit_get(d, key, true) : NULL;
                kc_citation cite = {key, m ? m->text : NULL, m && m->type_name ? m->type_name : NULL, NULL, "report"};
                if (!c || kc_dm_cite(d, c, which[i], &cite) != 0)
                    rc = kc_error_oom(err);
                g_string_append_printf(keys, "%s%s", k ? ", " : "", lf->criteria[k]);
                free(key);
            }
            /* "→ criteria 7" of one criterion read wrong (newcomer42). */
            kc_ingest_notice(in, ngettext("%s: %s → criterion %s", "%s: %s → criteria %s", lf->ncriteria), f->pub.name,
                             m && m->text ? m->text : "?", keys->str);
            g_string_free(keys, TRUE);
            break;
        }
        case KC_LINK_AMBIGUOUS: {
            GString *cands = g_string_new(NULL);
            for (size_t k = 0; k < lf->nmatches; k++)
                g_string_append_printf(cands, "%s\"%s\"", k ? ", " : "", lf->matches[k]->text);
            kc_ingest_notice(in, _("%s: ambiguous, it matches %s; filed nowhere (put it in a numbered folder or the map)"),
                             f->pub.name, cands->str);
            g_string_free(cands, TRUE);
            break;
        }
        case KC_LINK_UNMATCHED:
            kc_ingest_notice(in, _("%s: cites no document of the report; filed nowhere"), f->pub.name);
            break;
        case KC_LINK_UNREADABLE:
            kc_ingest_notice(in, _("%s: not readable as a PDF (%s); filed nowhere"), f->pub.name,
                             lf->error ? lf->error : "?");
            break;
        }
    }
    for (size_t i = 0; i < kc_link_missing_count(res); i++) {
        const kc_link_missing *m = kc_link_missing_get(res, i);
        if (already_cited(d, m->ref->text))
            continue;
        GString *keys = g_string_new(NULL);
        for (size_t k = 0; k < m->ncriteria; k++)
            g_string_append_printf(keys, "%s%s", k ? ", " : "", m->criteria[k]);
        kc_ingest_notice(in, _("no file found for \"%s\" (criteria %s)"), m->ref->text, keys->str);
        g_string_free(keys, TRUE);
    }
out:
    kc_link_result_free(res);
    g_ptr_array_free(paths, TRUE);
    free(which);
    return rc;
}

/* ---- storing identical files once --------------------------------------- */

typedef struct by_size {
    uint64_t size;
    size_t file;
} by_size;

static int cmp_size(const void *a, const void *b)
{
    const by_size *x = a, *y = b;
    return x->size < y->size ? -1 : x->size > y->size ? 1 : x->file < y->file ? -1 : x->file > y->file;
}

static int prehash(kc_ingest *in, size_t i, kc_error *err)
{
    kc_dm_file *f = &KC_DM_FILE(in->d, i);
    unsigned char sha[32];
    int fd = open(f->src, O_RDONLY | O_CLOEXEC), rc;
    if (fd < 0)
        return kc_error_set(err, KC_EIO, _("%s: %s"), f->src, strerror(errno));
    rc = kc_hash_sha256_fd(fd, f->pub.size, sha, err);
    close(fd);
    if (rc == 0)
        kc_dm_file_set_sha(in->d, i, sha);
    return rc;
}

static int dedupe(kc_ingest *in, kc_error *err)
{
    kc_dossier *d = in->d;
    by_size *v = calloc(d->files->len ? d->files->len : 1, sizeof *v);
    bool *drop = calloc(d->files->len ? d->files->len : 1, sizeof *drop);
    uint64_t bytes = 0, done = 0;
    size_t nhash = 0, hashed = 0;
    int rc = 0;

    if (!v || !drop) {
        rc = kc_error_oom(err);
        goto out;
    }
    for (size_t i = 0; i < d->files->len; i++)
        v[i] = (by_size){KC_DM_FILE(d, i).pub.size, i};
    qsort(v, d->files->len, sizeof *v, cmp_size);
    /* Only files sharing a size with another can be duplicates. */
    for (size_t i = 0; i < d->files->len; i++) {
        bool shared = (i > 0 && v[i - 1].size == v[i].size) || (i + 1 < d->files->len && v[i + 1].size == v[i].size);
        kc_dm_file *f = &KC_DM_FILE(d, v[i].file);
        if (shared && !f->hashed && f->src) {
            drop[v[i].file] = true; /* borrowed for now as "to hash" */
            nhash++;
            bytes += f->pub.size;
        }
    }
    /* Hash in the order files were found, so the first name found is kept. */
    for (size_t i = 0; rc == 0 && i < d->files->len; i++) {
        if (!drop[i])
            continue;
        drop[i] = false;
        if ((rc = prehash(in, i, err)) != 0)
            break;
        done += KC_DM_FILE(d, i).pub.size;
        if (in->ev.progress) {
            kc_progress p = {"hashing", done, bytes, ++hashed, nhash, KC_DM_FILE(d, i).pub.path};
            in->ev.progress(in->ev.ud, &p);
        }
    }
    for (size_t i = 0; rc == 0 && i < d->files->len; i++) {
        int64_t first = KC_DM_FILE(d, i).hashed ? kc_dm_find_sha(d, KC_DM_FILE(d, i).sha) : -1;
        if (first >= 0 && (size_t)first != i && !drop[first]) {
            kc_ingest_notice(in, _("%s is the same file as %s: stored once"),
                             KC_DM_FILE(d, i).src ? KC_DM_FILE(d, i).src : KC_DM_FILE(d, i).pub.path, KC_DM_FILE(d, first).pub.path);
            if ((rc = kc_dm_merge_file(d, i, (size_t)first)) != 0)
                rc = kc_error_oom(err);
            drop[i] = true;
        }
    }
    if (rc == 0)
        kc_dm_compact(d, drop);
    else
        memset(drop, 0, d->files->len * sizeof *drop);
out:
    free(v);
    free(drop);
    return rc;
}

/* ---- the dossier's time ------------------------------------------------------ */

static int resolve_time(kc_ingest *in, const kc_write_opts *opts, int64_t *out, kc_error *err)
{
    int64_t sde = -1;
    if (opts && opts->time) {
        *out = opts->time;
    } else if (kc_source_date_epoch(&sde, err) != 0) {
        return KC_EINVAL;
    } else if (sde >= 0) {
        *out = sde;
    } else {
        /* No clock involved: the same inputs give the same dossier. */
        *out = in->newest ? in->newest : (int64_t)time(NULL);
    }
    char iso[32];
    int rc = kc_time_iso(iso, *out) ? kc_dm_set_str(&in->d->date, iso) : KC_EINVAL;
    return rc ? kc_error_set(err, KC_EINVAL, "%s", _("the dossier's time is out of range")) : 0;
}

/* ---- entries ----------------------------------------------------------------------- */

static int payload_done(void *ud, const unsigned char sha[32], uint64_t size, kc_error *err)
{
    file_ctx *fc = ud;
    kc_dm_file *f = &KC_DM_FILE(fc->in->d, fc->file);
    if (!f->hashed) {
        kc_dm_file_set_sha(fc->in->d, fc->file, sha);
        return 0;
    }
    if (memcmp(f->sha, sha, 32) == 0)
        return 0;
    if (f->old_index >= 0)
        return kc_error_set(err, KC_EFORMAT, _("%s: the dossier's copy is damaged (its SHA-256 is not the recorded one); run kiemchung check"),
                            f->pub.path);
    return kc_error_set(err, KC_EIO, _("%s: the file changed while it was read; run again"), f->src);
}

static void remember(write_ctx *w, const char *name, const char *data, size_t len)
{
    tag_file t = {name, {0}};
    EVP_Digest(data, len, t.sha, NULL, EVP_sha256(), NULL);
    g_array_append_val(w->tags, t);
}

static void remember_tag(void *ud, const char *name, const void *data, size_t len)
{
    remember(ud, name, data, len);
}

/* report.docx streamed in: its digest arrives when libzip has read it. */
static int docx_done(void *ud, const unsigned char sha256[32], uint64_t size, kc_error *err)
{
    write_ctx *w = ud;
    tag_file t = {KC_REPORT_DOCX_ENTRY, {0}};
    (void)size;
    (void)err;
    memcpy(t.sha, sha256, 32);
    g_array_append_val(w->tags, t);
    return 0;
}

static int gen_done(write_ctx *w, const char *name, char *text, char **data, size_t *len, kc_error *err)
{
    if (!text)
        return kc_error_oom(err);
    *data = text;
    *len = strlen(text);
    remember(w, name, text, *len);
    return 0;
}

static int gen_manifest(void *ud, char **data, size_t *len, kc_error *err)
{
    write_ctx *w = ud;
    return gen_done(w, "manifest-sha256.txt", kc_bag_manifest(w->in->d), data, len, err);
}

static int gen_bag_info(void *ud, char **data, size_t *len, kc_error *err)
{
    write_ctx *w = ud;
    return gen_done(w, "bag-info.txt", kc_bag_info(w->in->d, "kiemchung " KC_VERSION), data, len, err);
}

static int gen_json(void *ud, char **data, size_t *len, kc_error *err)
{
    write_ctx *w = ud;
    int rc = kc_dm_to_json(w->in->d, data, len, err);
    if (rc == 0)
        remember(w, "dossier.json", *data, *len);
    return rc;
}

static int gen_html(void *ud, char **data, size_t *len, kc_error *err)
{
    write_ctx *w = ud;
    return gen_done(w, "index.html", kc_dm_to_html(w->in->d), data, len, err);
}

static gint cmp_tag(gconstpointer a, gconstpointer b)
{
    return strcmp(((const tag_file *)a)->name, ((const tag_file *)b)->name);
}

static int gen_tagmanifest(void *ud, char **data, size_t *len, kc_error *err)
{
    write_ctx *w = ud;
    GString *s = g_string_new(NULL);
    (void)err;
    g_array_sort(w->tags, cmp_tag);
    for (guint i = 0; i < w->tags->len; i++) {
        const tag_file *t = &g_array_index(w->tags, tag_file, i);
        char hex[65];
        g_string_append_printf(s, "%s  %s\n", kc_hex_encode(hex, t->sha, 32), t->name);
    }
    *len = s->len;
    *data = g_string_free(s, FALSE);
    return 0;
}

int kc_ingest_write(kc_ingest *in, const char *path, const kc_write_opts *opts, kc_error *err)
{
    kc_dossier *d = in->d;
    kc_zw *zw = NULL;
    file_ctx *fc = NULL;
    write_ctx w = {in, NULL};
    uint64_t bytes = 0;
    int64_t t = 0;
    int rc;

    if (!in || !path)
        return kc_error_set(err, KC_EINVAL, "%s", _("no output file given"));
    if ((rc = link_loose(in, err)) != 0 || (rc = dedupe(in, err)) != 0 ||
        (rc = resolve_time(in, opts, &t, err)) != 0)
        return rc;
    kc_dm_sort(d);
    if ((rc = kc_ltv_ingest_prepare(in, err)) != 0) /* validation/: ltv_ingest.c */
        return rc;
    if (!(fc = calloc(d->files->len ? d->files->len : 1, sizeof *fc)))
        return kc_error_oom(err);
    w.tags = g_array_new(FALSE, FALSE, sizeof(tag_file));
    for (size_t i = 0; i < d->files->len; i++) /* the stored evidence: the least the dossier takes */
        bytes += KC_DM_FILE(d, i).deflate ? 0 : KC_DM_FILE(d, i).pub.size;
    if ((rc = kc_ingest_room(path, bytes, err)) != 0) /* a FAT32 disk's 4 GiB (dossier_room.c) */
        goto out;
    bytes = 0;
    if ((rc = kc_zw_new(&zw, path, opts && opts->replace, t, err)) != 0)
        goto out;
    /* ASiC: "mimetype" first, stored, so the type shows at a fixed offset. */
    remember(&w, "mimetype", KC_ASIC_MIMETYPE, strlen(KC_ASIC_MIMETYPE));
    remember(&w, "bagit.txt", KC_BAGIT_TXT, strlen(KC_BAGIT_TXT));
    if ((rc = kc_zw_add_buffer(zw, "mimetype", KC_ASIC_MIMETYPE, strlen(KC_ASIC_MIMETYPE), false, err)) != 0 ||
        (rc = kc_zw_add_buffer(zw, "bagit.txt", KC_BAGIT_TXT, strlen(KC_BAGIT_TXT), true, err)) != 0)
        goto out;
    for (size_t i = 0; i < d->files->len; i++) {
        kc_dm_file *f = &KC_DM_FILE(d, i);
        fc[i] = (file_ctx){in, i};
        bytes += f->pub.size;
        rc = f->src ? kc_zw_add_path(zw, f->pub.path, f->src, f->pub.size, f->deflate, payload_done, &fc[i], err)
                    : kc_zw_add_entry(zw, f->pub.path, in->old, (size_t)f->old_index, NULL, f->deflate,
                                      payload_done, &fc[i], err);
        if (rc != 0)
            goto out;
    }
    if (d->report_text) {
        remember(&w, KC_REPORT_ENTRY, d->report_text, d->report_len);
        if ((rc = kc_zw_add_buffer(zw, KC_REPORT_ENTRY, d->report_text, d->report_len, true, err)) != 0)
            goto out;
    }
    if (d->report_text && d->report_docx_src) {
        struct stat st;
        if (stat(d->report_docx_src, &st) != 0) {
            rc = kc_error_set(err, KC_EIO, _("%s: cannot be read"), d->report_docx_src);
            goto out;
        }
        /* Stored: a .docx is a zip already. */
        if ((rc = kc_zw_add_path(zw, KC_REPORT_DOCX_ENTRY, d->report_docx_src, (uint64_t)st.st_size, false,
                                 docx_done, &w, err)) != 0)
            goto out;
    } else if (d->report_text && d->report_docx_old && in->old) {
        if ((rc = kc_zw_add_entry(zw, KC_REPORT_DOCX_ENTRY, in->old, (size_t)(d->report_docx_old - 1), NULL, false,
                                  docx_done, &w, err)) != 0)
            goto out;
    }
    if ((rc = kc_zw_add_lazy(zw, "manifest-sha256.txt", true, gen_manifest, &w, err)) != 0 ||
        (rc = kc_zw_add_lazy(zw, "bag-info.txt", true, gen_bag_info, &w, err)) != 0 ||
        (rc = kc_zw_add_lazy(zw, "dossier.json", true, gen_json, &w, err)) != 0 ||
        (rc = kc_zw_add_lazy(zw, "index.html", true, gen_html, &w, err)) != 0 ||
        (rc = kc_ltv_ingest_write(in, zw, remember_tag, &w, err)) != 0 ||
        (rc = kc_zw_add_lazy(zw, "tagmanifest-sha256.txt", true, gen_tagmanifest, &w, err)) != 0)
        goto out;
    kc_zw_set_events(zw, &in->ev, bytes, d->files->len);
    rc = kc_zw_commit(zw, err);
out:
    kc_zw_free(zw);
    free(fc);
    if (w.tags)
        g_array_free(w.tags, TRUE);
    return rc;
}

/* ---- the map template --------------------------------------------------------------- */

static void template_row(GString *s, char sep, const char *crit, const char *ref, const char *kind, const char *name)
{
    kc_csv_field_exact(s, crit, sep, false);
    kc_csv_field_exact(s, "", sep, false);
    kc_csv_field_exact(s, ref, sep, false);
    kc_csv_field_exact(s, kind, sep, false);
    kc_csv_field_exact(s, "", sep, false);
    kc_csv_field_exact(s, name, sep, true);
}

/* TRANSLATORS: "map|…" are the headings of the map `ingest --template`
 * writes; translate the part after the bar with words the map reader knows
 * (Tiêu chí, Tệp, Tài liệu, Loại, Ghi chú). */
static const char *const template_head[] = {N_("map|criterion"), N_("map|file"), N_("map|reference"),
                                            N_("map|kind"), N_("map|note"), N_("map|criterion_name")};

int kc_ingest_write_template(const char *path, const kc_catalog *catalog, const char *report_path,
                             bool replace, kc_error *err)
{
    kc_template_opts o = {.replace = replace, .sep = ','};
    return kc_ingest_template_write(path, catalog, report_path, &o, err);
}

int kc_ingest_template_write(const char *path, const kc_catalog *catalog, const char *report_path,
                             const kc_template_opts *opts, kc_error *err)
{
    bool replace = opts && opts->replace;
    char sep = opts && opts->sep ? opts->sep : ',';
    GString *s = g_string_new("\xEF\xBB\xBF"); /* a BOM: Excel then reads UTF-8 */
    kc_report *rep = NULL;
    kc_atomic *out = NULL;
    char buf[128];
    int rc = 0;

    if (!replace && access(path, F_OK) == 0) {
        rc = kc_error_set(err, KC_EINVAL, _("%s already exists (use --force to replace it)"), path);
        goto out;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(template_head); i++) {
        /* The stable English names, or the language's words ("Tiêu chí", "Tệp"). */
        const char *h = opts && opts->translated ? _(template_head[i]) : template_head[i];
        const char *bar = strncmp(h, "map|", 4) == 0 ? h + 4 : h;
        kc_csv_field_exact(s, bar, sep, i + 1 == G_N_ELEMENTS(template_head));
    }
    if (report_path) {
        if ((rc = kc_report_parse_file(&rep, report_path, err)) != 0)
            goto out;
        for (size_t i = 0; i < kc_report_count(rep); i++) {
            const kc_criterion *c = kc_report_get(rep, i);
            size_t rows = 0;
            if (c->heading || !*c->key)
                continue;
            for (size_t k = 0; k < kc_docref_count(c->refs); k++) {
                const kc_docref *r = kc_docref_get(c->refs, k);
                if (r->kind == KC_DOCREF_FIGURE)
                    continue;
                template_row(s, sep, c->key, r->text, r->type_name ? r->type_name : "", c->name);
                rows++;
            }
            if (!rows)
                template_row(s, sep, c->key, "", "", c->name);
        }
    } else if (catalog) {
        for (size_t i = 0; i < kc_catalog_count(catalog); i++) {
            const kc_catalog_entry *e = kc_catalog_get(catalog, i);
            if (e->expects & KC_EXPECT_NONE)
                continue;
            template_row(s, sep, e->number, "", kc_catalog_expects_format(e->expects, buf, sizeof buf), e->name);
        }
    }
    if ((rc = kc_atomic_open(&out, path, err)) != 0)
        goto out;
    if (!kc_atomic_stream(out)) {
        rc = kc_error_oom(err);
        goto out;
    }
    fwrite(s->str, 1, s->len, kc_atomic_stream(out));
    rc = kc_atomic_commit(out, replace, err);
out:
    kc_atomic_free(out);
    kc_report_free(rep);
    g_string_free(s, TRUE);
    return rc;
}
