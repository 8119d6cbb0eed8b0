/* dossier_ingest.c: gathering what goes into a dossier: folders laid out by
 * criterion, a map CSV, the commune's report, a criteria catalog, and for
 * --update the dossier already there.
 *
 * Nothing is read here but directory entries, stat() and the small text
 * inputs: every evidence byte is read once, later, by dossier_write.c.  The
 * map CSV (criterion, file, reference, kind, note) is read in dossier_map.c. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csv.h"
#include "dossier_ingest.h"
#include "ltv.h"
#include "i18n.h"
#include "seal.h"
#include "report_internal.h"
#include "text.h"
#include "util.h"

void kc_ingest_notice(kc_ingest *in, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    if (!in->ev.notice)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    in->ev.notice(in->ev.ud, msg);
}

int kc_ingest_new(kc_ingest **out, const kc_dossier_events *events, kc_error *err)
{
    kc_ingest *in = calloc(1, sizeof *in);
    if (!out)
        return kc_error_set(err, KC_EINVAL, "%s", _("no place for the ingest"));
    if (!in || kc_dm_new(&in->d, err) != 0) {
        free(in);
        return kc_error_oom(err);
    }
    if (events)
        in->ev = *events;
    in->by_inode = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    in->loose = g_array_new(FALSE, FALSE, sizeof(size_t));
    *out = in;
    return 0;
}

void kc_ingest_free(kc_ingest *in)
{
    if (!in)
        return;
    kc_dossier_free(in->d);
    kc_report_free(in->report);
    kc_zr_free(in->old);
    g_hash_table_destroy(in->by_inode);
    kc_ltv_ingest_free(in->ltv);
    if (in->loose)
        g_array_free(in->loose, TRUE);
    free(in);
}

const kc_dossier *kc_ingest_dossier(const kc_ingest *in) { return in ? in->d : NULL; }

int kc_ingest_set_meta(kc_ingest *in, const kc_dossier_meta *meta, kc_error *err)
{
    kc_dossier *d = in ? in->d : NULL;
    if (!d || !meta)
        return kc_error_set(err, KC_EINVAL, "%s", _("no metadata given"));
    if ((meta->commune && kc_dm_set_str((char **)&d->meta.commune, meta->commune) != 0) ||
        (meta->district && kc_dm_set_str((char **)&d->meta.district, meta->district) != 0) ||
        (meta->province && kc_dm_set_str((char **)&d->meta.province, meta->province) != 0))
        return kc_error_set(err, KC_EINVAL, "%s", _("a name is not valid UTF-8"));
    if (meta->year)
        d->meta.year = meta->year;
    return 0;
}

void kc_ingest_saw_time(kc_ingest *in, int64_t t)
{
    if (t > in->newest)
        in->newest = t;
}

/* ---- criteria from a catalog or a report ---------------------------------- */

static int describe_by_report(kc_ingest *in, const kc_report *rep);

int kc_ingest_use_catalog(kc_ingest *in, const kc_catalog *cat, kc_error *err)
{
    char expects[128];
    /* rtzip13: a dossier being updated that holds its report (report.txt) is
     * described by that report again, as when it was made, not by the
     * catalog: check holds each row's name, unit, part, group and line to
     * report.txt's, and a catalog names and groups criteria in its own words
     * (and keeps no figures).  An older kiemchung's update, which took the
     * catalog's, is so described by its report once more. */
    if (in->old && in->report) {
        if (describe_by_report(in, in->report) != 0)
            return kc_error_oom(err);
        in->have_criteria = true;
        return 0;
    }
    for (size_t i = 0; i < kc_catalog_count(cat); i++) {
        const kc_catalog_entry *e = kc_catalog_get(cat, i);
        char *key = kc_dm_key(e->number);
        kc_dm_crit *c = key ? kc_dm_crit_get(in->d, key, true) : NULL;
        char *detail = c ? kc_dm_catalog_detail(e->part, e->group, e->group_title,
                                                kc_catalog_expects_format(e->expects, expects, sizeof expects))
                         : NULL;
        int rc = c && detail ? kc_dm_crit_describe(c, e->number, e->name, NULL,
                                                   (e->expects & KC_EXPECT_NONE) != 0, detail, (int)i)
                             : KC_ENOMEM;
        free(key);
        free(detail);
        if (rc != 0)
            return kc_error_oom(err);
    }
    if (kc_dm_set_str(&in->d->catalog_name, kc_catalog_name(cat)) != 0)
        return kc_error_oom(err);
    in->have_criteria = true;
    return 0;
}

/* One criterion row of the report as a row of the dossier; *rank counts the
 * rows described, in the report's order. */
static int report_row(kc_ingest *in, const kc_criterion *crit, int *rank)
{
    kc_dossier *d = in->d;
    kc_dm_crit *c;
    const char *number = crit->number;
    char *k = kc_dm_key(crit->key);
    if (!k)
        return 0; /* a row the report could not number: nothing can be filed under it */
    /* A sub-row continues the criterion above it: a row of its own in the
     * dossier (so the report reads back whole) that shares its key.  Rows
     * already there (from folders, or the dossier being updated) that this
     * report has not described yet are described, keeping their evidence. */
    bool subrow = !number || !*number;
    c = NULL;
    for (size_t i = 0; i < d->crit->len && !c; i++)
        if (KC_DM_CRIT(d, i).rank < 0 && strcmp(KC_DM_CRIT(d, i).pub.key, k) == 0 &&
            subrow == (*KC_DM_CRIT(d, i).pub.number == '\0'))
            c = &KC_DM_CRIT(d, i);
    if (!c)
        c = kc_dm_crit_new(d, k);
    free(k);
    if (!c)
        return KC_ENOMEM;
    char *detail = kc_report_criterion_detail(crit);
    int rc = kc_dm_crit_describe(c, number, crit->name, crit->evidence, crit->heading, detail, (*rank)++);
    free(detail);
    return rc;
}

/* Every row of the dossier described by the report rep: a new report
 * replaces the criteria descriptions of an updated dossier. */
static int describe_by_report(kc_ingest *in, const kc_report *rep)
{
    for (size_t i = 0; i < in->d->crit->len; i++)
        KC_DM_CRIT(in->d, i).rank = -1;
    int rank = 0;
    for (size_t i = 0; i < kc_report_count(rep); i++)
        if (report_row(in, kc_report_get(rep, i), &rank) != 0)
            return KC_ENOMEM;
    /* rtzip9: a criterion the new report no longer has keeps no claim of the
     * old one: the page would show what report.txt does not say (check holds
     * the two together).  Only a report gives a claim, so a criterion with one
     * was described by the old report, its detail too (a catalog's, without a
     * claim, stays). */
    for (size_t i = 0; i < in->d->crit->len; i++) {
        kc_dm_crit *c = &KC_DM_CRIT(in->d, i);
        if (c->rank >= 0 || !c->pub.claimed || !*c->pub.claimed)
            continue;
        if (kc_dm_crit_describe(c, NULL, NULL, "", c->pub.heading, NULL, -1) != 0)
            return KC_ENOMEM;
        free(c->detail); /* its references and figures were the old report's */
        c->detail = NULL;
    }
    return 0;
}

int kc_ingest_use_report(kc_ingest *in, const char *path, kc_error *err)
{
    kc_report *rep = NULL;
    char *text = NULL;
    size_t len = 0;
    bool docx = false;
    struct stat st;
    int rc;

    /* A Word report is stored twice: as handed in, and in the text form
     * (report.txt) from which `list --report` rebuilds the table. */
    if ((rc = kc_report_parse_file(&rep, path, err)) != 0 || (rc = kc_report_read_text(&text, &len, &docx, path, err)) != 0)
        goto out;
    if (stat(path, &st) != 0) {
        rc = kc_error_set(err, KC_EIO, _("%s: cannot be read"), path);
        goto out;
    }
    if ((rc = describe_by_report(in, rep)) != 0) {
        rc = kc_error_oom(err);
        goto out;
    }
    free(in->d->report_text);
    in->d->report_text = g_memdup2(text, len);
    in->d->report_len = len;
    free(in->d->report_docx_src);
    in->d->report_docx_src = docx ? strdup(path) : NULL;
    in->d->report_docx_old = 0;
    char *base = g_path_get_basename(path), *shown = g_filename_display_name(base);
    rc = kc_dm_set_str(&in->d->report_name, shown); /* always UTF-8, whatever the file system */
    g_free(base);
    g_free(shown);
    if (rc != 0 || !in->d->report_text || (docx && !in->d->report_docx_src)) {
        rc = kc_error_oom(err);
        goto out;
    }
    kc_ingest_saw_time(in, st.st_mtime);
    kc_report_free(in->report);
    in->report = rep;
    rep = NULL;
    in->have_criteria = true;
    in->linked = false;
out:
    kc_report_free(rep);
    free(text);
    return rc;
}

/* ---- evidence files ----------------------------------------------------------- */

static bool skipped_name(const char *name)
{
    /* Hidden files, Office lock files and what Windows and macOS leave behind. */
    return name[0] == '.' || strncmp(name, "~$", 2) == 0 || g_ascii_strcasecmp(name, "Thumbs.db") == 0 ||
           g_ascii_strcasecmp(name, "desktop.ini") == 0;
}

kc_dm_crit *kc_ingest_criterion_for(kc_ingest *in, const char *key, const char *where)
{
    kc_dm_crit *c = kc_dm_crit_get(in->d, key, false);
    if (c)
        return c;
    if (in->have_criteria)
        kc_ingest_notice(in, _("%s: criterion %s is not in the report or the criteria catalog; it is added"),
                         where, key);
    return kc_dm_crit_get(in->d, key, true);
}

int kc_ingest_add_file(kc_ingest *in, const char *path, const kc_citation *cite, kc_error *err)
{
    struct stat st;
    char inode[64], *base = NULL;
    size_t idx;
    int64_t old;
    gpointer seen;
    bool fresh = false;
    int rc = 0;

    if (stat(path, &st) != 0)
        return kc_error_set(err, KC_EIO, _("%s: %s"), path, strerror(errno));
    if (!S_ISREG(st.st_mode))
        return kc_error_set(err, KC_EINVAL, _("%s: not a regular file"), path);
    kc_ingest_saw_time(in, st.st_mtime);
    /* The same file reached twice (two map rows, a link) is one payload file. */
    snprintf(inode, sizeof inode, "%llu:%llu", (unsigned long long)st.st_dev, (unsigned long long)st.st_ino);
    if ((seen = g_hash_table_lookup(in->by_inode, inode))) {
        idx = GPOINTER_TO_SIZE(seen) - 1;
    } else {
        base = g_path_get_basename(path);
        char *payload = kc_dm_payload_path(base);
        old = payload ? kc_dm_find_path(in->d, payload) : -1;
        free(payload);
        if (old >= 0 && KC_DM_FILE(in->d, old).old_index >= 0) {
            /* --update: a file of the same name replaces the dossier's copy. */
            kc_dm_file *f = &KC_DM_FILE(in->d, old);
            idx = (size_t)old;
            kc_ingest_notice(in, _("%s replaces %s"), path, f->pub.path);
            if (f->hashed && kc_dm_find_sha(in->d, f->sha) == old)
                g_hash_table_remove(in->d->by_sha, f->hex);
            free(f->src);
            f->src = strdup(path);
            f->old_index = -1;
            f->hashed = false;
            f->hex[0] = '\0';
            f->pub.size = (uint64_t)st.st_size;
            if (!f->src)
                rc = kc_error_oom(err);
        } else if (kc_dm_file_add(in->d, &idx, base, path, (uint64_t)st.st_size) != 0) {
            rc = kc_error_oom(err);
        }
        g_free(base);
        if (rc != 0)
            return rc;
        g_hash_table_insert(in->by_inode, g_strdup(inode), GSIZE_TO_POINTER(idx + 1));
        fresh = true;
    }
    if (cite && cite->criterion) {
        kc_dm_crit *c = kc_ingest_criterion_for(in, cite->criterion, path);
        if (!c || kc_dm_cite(in->d, c, idx, cite) != 0)
            return kc_error_oom(err);
    } else if (fresh) {
        /* Filed nowhere yet: the report's references may claim it later. */
        g_array_append_val(in->loose, idx);
    }
    return 0;
}

/* The visible entries of dir, sorted (so the same tree gives the same dossier). */
static bool visible(const char *name, void *ud)
{
    (void)ud;
    return !skipped_name(name);
}

/* Whether path, a link, leads out of the folder being ingested (root, a
 * resolved path): such a file is not the clerk's evidence (a link to
 * /etc/hostname would go into the dossier), so it is skipped and said so. */
static bool leads_outside(kc_ingest *in, const char *path, const char *root)
{
    char *target = realpath(path, NULL);
    size_t n = strlen(root);
    bool outside = !target || (strcmp(root, "/") != 0 &&
                               (strncmp(target, root, n) != 0 || (target[n] != '/' && target[n] != '\0')));
    if (outside)
        kc_ingest_notice(in, _("%s: a link to a file outside the folder (%s), skipped"), path,
                         target ? target : strerror(errno));
    free(target);
    return outside;
}

/* Every file under dir (depth first, sorted), cited as cite says (NULL:
 * loose, filed nowhere yet); root is the folder given, resolved. */
int kc_ingest_walk(kc_ingest *in, const char *dir, const char *root, const kc_citation *cite, kc_error *err)
{
    GPtrArray *names = NULL;
    int rc = kc_dir_list(&names, dir, visible, NULL, err);
    for (guint i = 0; rc == 0 && i < names->len; i++) {
        char *path = g_build_filename(dir, names->pdata[i], NULL);
        struct stat lst, st;
        if (lstat(path, &lst) != 0 || stat(path, &st) != 0) {
            kc_ingest_notice(in, _("%s: skipped (%s)"), path, strerror(errno));
        } else if (S_ISDIR(st.st_mode)) {
            if (S_ISLNK(lst.st_mode))
                kc_ingest_notice(in, _("%s: a link to a folder, skipped"), path);
            else
                rc = kc_ingest_walk(in, path, root, cite, err);
        } else if (S_ISREG(st.st_mode)) {
            if (!S_ISLNK(lst.st_mode) || !leads_outside(in, path, root))
                rc = kc_ingest_add_file(in, path, cite, err);
        } else {
            kc_ingest_notice(in, _("%s: not a regular file, skipped"), path);
        }
        g_free(path);
    }
    if (names)
        g_ptr_array_unref(names);
    return rc;
}

int kc_ingest_add_tree(kc_ingest *in, const char *dir, kc_error *err)
{
    GPtrArray *names = NULL;
    struct stat st, lst;
    size_t loose_before = in->loose->len;
    char *root = NULL;
    int rc;

    if (stat(dir, &st) != 0)
        return kc_error_set(err, KC_EIO, _("%s: cannot open: %s"), dir, g_strerror(errno));
    if (!S_ISDIR(st.st_mode) || !(root = realpath(dir, NULL)))
        return kc_error_set(err, KC_EIO, _("%s: not a folder"), dir);
    rc = kc_dir_list(&names, dir, visible, NULL, err);
    for (guint i = 0; rc == 0 && i < names->len; i++) {
        char *path = g_build_filename(dir, names->pdata[i], NULL);
        char *key = kc_dm_key(names->pdata[i]);
        if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode) && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
            leads_outside(in, path, root)) {
            /* skipped, and said so */
        } else if (stat(path, &st) == 0 && S_ISDIR(st.st_mode) && key) {
            /* SOURCE/<number>[ any name]/: everything inside backs that criterion. */
            if (!kc_dm_crit_get(in->d, key, false) && in->have_criteria)
                kc_ingest_notice(in, _("%s: criterion %s is not in the report or the criteria catalog; it is added"),
                                 path, key);
            kc_citation cite = {key, NULL, NULL, NULL, "folder"};
            if (!kc_dm_crit_get(in->d, key, true))
                rc = kc_error_oom(err);
            else
                rc = kc_ingest_walk(in, path, root, &cite, err);
        } else if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            rc = kc_ingest_walk(in, path, root, NULL, err);
        } else if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            rc = kc_ingest_add_file(in, path, NULL, err);
        }
        free(key);
        g_free(path);
    }
    if (names)
        g_ptr_array_unref(names);
    free(root);
    if (rc == 0 && in->loose->len > loose_before && !in->report)
        kc_ingest_notice(in, _("%s: files outside the numbered folders (\"<number> name/\"), stored but filed under no criterion: %zu"),
                         dir, in->loose->len - loose_before);
    return rc;
}

/* ---- --update: the dossier already there -------------------------------------------- */

typedef struct manifest_ctx {
    kc_dossier *d;
    size_t lines;
    char first_bad[512];
} manifest_ctx;

static int manifest_line(void *ud, const char *path, const char *hex, size_t line)
{
    manifest_ctx *m = ud;
    int64_t i = kc_dm_find_path(m->d, path);
    m->lines++;
    if ((i < 0 || strcmp(KC_DM_FILE(m->d, i).hex, hex) != 0) && !m->first_bad[0])
        snprintf(m->first_bad, sizeof m->first_bad, "%s", path);
    return 0;
}

static void refuse(void *ud, const char *path, const char *code, const char *message)
{
    char *first = ud;
    if (!first[0])
        snprintf(first, 512, "%s%s%s", path, *path ? ": " : "", message);
}

int kc_ingest_load(kc_ingest *in, const char *dossier_path, kc_error *err)
{
    kc_zr *zr = NULL;
    kc_dossier *d = in->d;
    char *json = NULL, *manifest = NULL, first[512] = "";
    size_t len = 0, mlen = 0;
    int64_t at;
    manifest_ctx m = {d, 0, ""};
    int rc;

    if (d->files->len || d->crit->len || in->old)
        return kc_error_set(err, KC_EINVAL, "%s", _("an update starts from the dossier, before anything else is added"));
    if ((rc = kc_zr_open(&zr, dossier_path, err)) != 0)
        return rc;
    if (kc_zr_vet(zr, NULL, refuse, first) > 0) {
        rc = kc_error_set(err, KC_EFORMAT, _("%s cannot be updated: %s"), dossier_path, first);
        goto out;
    }
    if ((at = kc_zr_find(zr, "dossier.json")) < 0 || (at = kc_zr_find(zr, "manifest-sha256.txt")) < 0) {
        rc = kc_error_set(err, KC_EFORMAT, _("%s is not a kiemchung dossier (no dossier.json or manifest)"), dossier_path);
        goto out;
    }
    if ((rc = kc_zr_read_all(&json, &len, zr, (size_t)kc_zr_find(zr, "dossier.json"), KC_TAG_MAX, err)) != 0 ||
        (rc = kc_dm_from_json(d, json, len, err)) != 0 ||
        (rc = kc_zr_read_all(&manifest, &mlen, zr, (size_t)at, KC_TAG_MAX, err)) != 0 ||
        (rc = kc_bag_parse_manifest(manifest, mlen, "manifest-sha256.txt", manifest_line, &m, err)) != 0)
        goto out;
    if (m.first_bad[0] || m.lines != d->files->len) {
        rc = kc_error_set(err, KC_EFORMAT, _("%s cannot be updated: its manifest and dossier.json disagree%s%s (run kiemchung check)"),
                          dossier_path, m.first_bad[0] ? " on " : "", m.first_bad);
        goto out;
    }
    for (size_t i = 0; i < d->files->len; i++) {
        kc_dm_file *f = &KC_DM_FILE(d, i);
        int64_t e = kc_zr_find(zr, f->pub.path);
        if (e < 0 || kc_zr_get(zr, (size_t)e)->size != f->pub.size) {
            rc = kc_error_set(err, KC_EFORMAT, _("%s cannot be updated: %s is missing or has another size (run kiemchung check)"),
                              dossier_path, f->pub.path);
            goto out;
        }
        f->old_index = e;
    }
    if ((at = kc_zr_find(zr, KC_REPORT_ENTRY)) >= 0) {
        if ((rc = kc_zr_read_all(&d->report_text, &d->report_len, zr, (size_t)at, KC_TAG_MAX, err)) != 0 ||
            (rc = kc_report_parse_buffer(&in->report, d->report_text, d->report_len, KC_REPORT_ENTRY, err)) != 0)
            goto out;
        if ((at = kc_zr_find(zr, KC_REPORT_DOCX_ENTRY)) >= 0)
            d->report_docx_old = at + 1;
    }
    /* rtzip14: an update drops the seal, the only witness of a file changed
     * since it was sealed when the manifests were made to agree */
    if (kc_seal_outdated(zr, first, sizeof first)) {
        rc = kc_error_set(err, KC_EFORMAT,
                          _("%s cannot be updated: its seal records another %s than the dossier holds now (changed, "
                            "added or taken out since it was sealed, the manifests made to agree), and an update drops "
                            "the seal; run kiemchung check, and to start again from what it holds, unpack it (extract "
                            "--force) and ingest that folder"),
                          dossier_path, first);
        goto out;
    }
    if (kc_zr_find(zr, "META-INF/signature001.p7s") >= 0)
        kc_ingest_notice(in, _("%s was sealed: the updated dossier is not; seal it again"), dossier_path);
    GDateTime *dt = d->date ? g_date_time_new_from_iso8601(d->date, NULL) : NULL;
    if (dt) {
        kc_ingest_saw_time(in, g_date_time_to_unix(dt));
        g_date_time_unref(dt);
    }
    in->have_criteria = d->report_name || d->catalog_name;
    in->old = zr;
    zr = NULL;
out:
    kc_zr_free(zr);
    free(json);
    free(manifest);
    return rc;
}
