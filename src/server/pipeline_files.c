/* pipeline_files.c: the first half of a submission's analysis (pipeline.c):
 * its work tree (the stored files hard-linked under their sanitized names,
 * or a sealed dossier checked, its documents verified with its validation
 * data, then unpacked by the safe extractor), what the files in it are (the
 * documents, the register, the report: as `ingest` and `index` recognise
 * them), the documents verified one by one with progress, and whether a
 * sealed dossier is the submission's commune's (srv_dossier_not_for, asked
 * at the upload too). */
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "pipeline.h"

char *srv_pipeline_strip(const job *j, const char *text)
{
    GString *g = g_string_new(text ? text : "");
    g_string_replace(g, j->prefix, "", 0);
    /* A message about the tree itself ("TREE: 3 files outside ...") names
     * no file of the clerk's: the server's path goes, and so does its colon. */
    char *lead = g_strconcat(j->tree, ": ", NULL);
    if (g_str_has_prefix(g->str, lead))
        g_string_erase(g, 0, (gssize)strlen(lead));
    g_string_replace(g, j->tree, "", 0);
    g_free(lead);
    return g_string_free(g, FALSE);
}

void srv_pipeline_progress(job *j, double p)
{
    srv_jobs_set_progress(j->s->jobs, j->sub.id, p);
}

static bool has_suffix(const char *name, const char *suffix)
{
    size_t n = strlen(name), k = strlen(suffix);
    return n > k && g_ascii_strcasecmp(name + n - k, suffix) == 0;
}

void srv_pipeline_walk(GPtrArray *out, const char *root, const char *rel)
{
    char *dir = rel ? g_build_filename(root, rel, NULL) : g_strdup(root);
    GPtrArray *names = NULL;
    if (kc_dir_list(&names, dir, NULL, NULL, NULL) == 0) {
        for (guint i = 0; i < names->len; i++) {
            const char *n = names->pdata[i];
            char *r = rel ? g_strconcat(rel, "/", n, NULL) : g_strdup(n), *p = g_build_filename(root, r, NULL);
            if (g_file_test(p, G_FILE_TEST_IS_SYMLINK))
                g_free(r);
            else if (g_file_test(p, G_FILE_TEST_IS_DIR))
                srv_pipeline_walk(out, root, r), g_free(r);
            else
                g_ptr_array_add(out, r);
            g_free(p);
        }
        g_ptr_array_unref(names);
    }
    g_free(dir);
}

/* ---- the work tree ------------------------------------------------------------------ */

int srv_pipeline_lay_out_files(job *j, kc_error *err)
{
    sqlite3 *db = srv_db_lock(j->s->store);
    GPtrArray *files = srv_sub_files(db, j->sub.id);
    srv_db_unlock(j->s->store);
    int rc = 0;
    for (guint i = 0; i < files->len && rc == 0; i++) {
        const srv_file *f = files->pdata[i];
        /* The name was made safe at upload; checked again here all the same,
         * since it becomes a path under the work tree. */
        char *safe = srv_safe_path(f->name, NULL), *blob = srv_blob_path(j->s->store, f->sha256);
        char *dst = safe ? g_build_filename(j->tree, safe, NULL) : NULL, *parent = dst ? g_path_get_dirname(dst) : NULL;
        if (!safe || g_mkdir_with_parents(parent, 0700) != 0 || link(blob, dst) != 0)
            rc = kc_error_set(err, KC_EIO, _("%s: the stored file could not be laid out: %s"), f->name,
                              g_strerror(errno));
        g_free(safe);
        g_free(blob);
        g_free(dst);
        g_free(parent);
    }
    g_ptr_array_unref(files);
    return rc;
}

/* A sealed dossier: its check and its documents (with its validation data
 * and the seal's proven time, as `check --signatures`), by the review
 * library, whose row is the overview's, then its files unpacked by the
 * safe extractor for the index and the report. */
int srv_pipeline_lay_out_dossier(job *j, kc_error *err)
{
    sqlite3 *db = srv_db_lock(j->s->store);
    GPtrArray *files = srv_sub_files(db, j->sub.id);
    srv_db_unlock(j->s->store);
    const kc_dossier_sigs *sigs = NULL;
    kc_check *xc = NULL;
    char *path = NULL, *x = g_build_filename(j->work, "x", NULL);
    int rc;
    if (files->len != 1) {
        rc = kc_error_set(err, KC_EINVAL, _("a dossier submission holds one file"));
        goto out;
    }
    const srv_file *f = files->pdata[0];
    path = srv_blob_path(j->s->store, f->sha256);
    /* The dossier to download is the one that was sent, as it was sent. */
    srv_output *o = g_new0(srv_output, 1);
    o->kind = g_strdup("dossier");
    g_strlcpy(o->sha256, f->sha256, sizeof o->sha256);
    o->size = f->size;
    srv_blob_hold(j->s->store, o->sha256); /* released with the others */
    g_ptr_array_add(j->r.outputs, o);
    /* Checked and its documents verified once, by the review (as `check
     * --require-seal --signatures`): its row for the overview, and the
     * verdicts, the check and the seal's proven time for the submission. */
    j->review_from = 0.0;
    j->review_to = 0.02;
    /* Refused at upload by today's reader; one stored before it learnt a
     * refusal (recheck.c queues it again) fails with that reason, not with
     * what the review, unable to read its bag-info, would make of it. */
    char *bad = srv_dossier_refused(path);
    if (bad) {
        rc = kc_error_set(err, KC_EFORMAT, "%s", bad);
        g_free(bad);
        goto out;
    }
    const kc_review_row *row = srv_pipeline_review(j, path, err);
    if (!row) {
        rc = err->code ? err->code : KC_EINVAL;
        goto out;
    }
    /* Refused at upload already (upload_store.c); asked again of what the
     * review read, for a submission stored before that rule, and so that
     * the seal of another commune, district or year never stands in the
     * table for this one. */
    kc_dossier_meta named = {.commune = row->agency, .district = row->district, .province = row->province,
                             .year = row->year};
    guint status;
    char *why = row->error ? NULL
                           : srv_dossier_not_for(j->s->cfg.lang && strcmp(j->s->cfg.lang, "en") == 0 ? SRV_LANG_EN
                                                                                                  : SRV_LANG_VI,
                                                 &named, j->sub.commune, j->sub.district, j->sub.year, &status);
    if (!why && !row->error && row->check)
        why = srv_seal_not_for(j->s->cfg.lang && strcmp(j->s->cfg.lang, "en") == 0 ? SRV_LANG_EN : SRV_LANG_VI,
                               kc_check_seal(row->check), &named, j->sub.commune, j->sub.district);
    if (why) {
        rc = kc_error_set(err, KC_EINVAL, "%s", why);
        g_free(why);
        goto out;
    }
    if (!(sigs = kc_review_sigs(row))) { /* it could not be examined: why, in its download's name */
        rc = kc_error_set(err, KC_EINVAL, "%s", row->error ? row->error : "");
        goto out;
    }
    for (size_t i = 0; i < kc_dossier_sigs_count(sigs); i++) {
        const kc_verdict *v = kc_dossier_sigs_verdict(sigs, i);
        srv_document *d = g_new0(srv_document, 1);
        d->name = g_strdup(kc_verdict_path(v));
        d->status = g_strdup(kc_status_name(kc_verdict_status(v)));
        d->json = kc_verdict_to_json(v);
        g_ptr_array_add(j->r.documents, d);
        verify_html_add(j->vh, v);
    }
    char *name = g_strdup_printf("%s-%d.zip", j->sub.commune, j->sub.year);
    j->r.check_json = cli_check_json(name, kc_dossier_sigs_check(sigs), sigs);
    g_free(name);
    const char *source = NULL;
    int64_t poe = kc_dossier_sigs_poe(sigs, &source);
    if (poe) { /* the register's documents are indexed at the seal's proven time too */
        j->vo.poe = poe;
        j->vo.poe_source = g_intern_string(source);
    }
    /* Unpacked even when it fails its check (not when unsafe): the review
     * shows what it holds beside what is wrong with it. */
    /* scratch: the work tree is removed at start after a crash, so a flush
     * (syncfs) buys nothing and waits for every upload being spooled to the
     * same disk (rtdesk22 measured 0.07-0.7 s an unpack beside one writer) */
    kc_extract_opts xo = {.trust = j->s->cfg.trust, .verify = &j->vo, .force = true, .catalog = j->s->cfg.catalog,
                          .scratch = true};
    if (kc_dossier_extract(&xc, path, x, &xo, NULL) == 0 && kc_check_unpacked(xc)) {
        char *data = g_build_filename(x, "data", NULL), *rep = g_build_filename(x, "report.txt", NULL);
        g_free(j->tree);
        j->tree = data;
        if (g_file_test(rep, G_FILE_TEST_EXISTS))
            j->report = g_strdup(rep);
        g_free(rep);
    } else {
        g_ptr_array_add(j->notices, g_strdup(_("the dossier is not safe to unpack: its register and report were "
                                               "not read")));
    }
    rc = 0;
out:
    kc_check_free(xc);
    g_ptr_array_unref(files);
    g_free(path);
    g_free(x);
    return rc;
}

/* ---- what the files are ---------------------------------------------------------------- */

static bool hidden(const char *rel)
{
    const char *base = strrchr(rel, '/');
    base = base ? base + 1 : rel;
    return base[0] == '.' || g_str_has_prefix(base, "~$");
}

static bool is_document(job *j, const char *rel)
{
    if (hidden(rel) || has_suffix(rel, ".p7s"))
        return false;
    if (has_suffix(rel, ".pdf"))
        return true;
    char *sig = g_strconcat(j->tree, "/", rel, ".p7s", NULL);
    bool yes = g_file_test(sig, G_FILE_TEST_EXISTS);
    g_free(sig);
    return yes;
}

/* The register: the first CSV or workbook (by name) that reads as one; the
 * report: the text or Word file with the most criteria (what `ingest
 * --report` and `index` would be given). */
void srv_pipeline_classify(job *j, GPtrArray *docs)
{
    size_t best = 0;
    for (guint i = 0; i < j->names->len; i++) {
        const char *rel = j->names->pdata[i];
        char *path = g_build_filename(j->tree, rel, NULL);
        if (is_document(j, rel)) {
            g_ptr_array_add(docs, g_strdup(rel));
        } else if (!hidden(rel) && !j->reg && (has_suffix(rel, ".csv") || has_suffix(rel, ".xlsx"))) {
            kc_register *reg = NULL;
            if (kc_register_load(&reg, path, NULL, NULL) == 0 && kc_register_count(reg) > 0)
                j->reg = g_strdup(path);
            kc_register_free(reg);
        } else if (!hidden(rel) && (has_suffix(rel, ".docx") || has_suffix(rel, ".txt"))) {
            kc_report *r = NULL;
            if (kc_report_parse_file(&r, path, NULL) == 0 && kc_report_count(r) > best) {
                best = kc_report_count(r);
                g_free(j->report);
                j->report = g_strdup(path);
            }
            kc_report_free(r);
        }
        g_free(path);
    }
}

/* ---- the analysis's clock --------------------------------------------------------------- */

/* The time one submission's analysis may take (--max-analysis-time, or by
 * default five minutes, 100 ms more per file and a second more per 10 MiB):
 * past it the analysis stops (kc_verify_deadline stops the hashing a crafted
 * file multiplies: 2,000 signatures over 100 MB hashed 200 GB, three times)
 * and the submission fails with the reason, so that the worker goes on to
 * the other communes' submissions.  Real submissions take a few milliseconds
 * a document (three verifications of each, and its text within pipeline.c's
 * budget), far from it. */
#define ANALYSIS_BASE_S 300u
#define ANALYSIS_PER_FILE_MS 100u
#define ANALYSIS_BYTES_PER_S (10u << 20)

/* Seconds the analysis of `files` files of `bytes` bytes in all may take. */
static unsigned analysis_limit(const srv *s, uint64_t files, uint64_t bytes)
{
    if (s->cfg.limits.max_analysis)
        return s->cfg.limits.max_analysis;
    uint64_t t = ANALYSIS_BASE_S + MIN(files, 10000000u) * ANALYSIS_PER_FILE_MS / 1000u + bytes / ANALYSIS_BYTES_PER_S;
    return (unsigned)MIN(t, 7u * 86400u);
}

/* The submission's stored files: how many, and their bytes. */
static void stored_files(srv *s, int64_t id, uint64_t *files, uint64_t *bytes)
{
    *files = *bytes = 0;
    sqlite3 *db = srv_db_lock(s->store);
    sqlite3_stmt *st = srv_db_prepare(db, "SELECT count(*), coalesce(sum(size), 0) FROM files WHERE submission_id = ?");
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW) {
            *files = (uint64_t)sqlite3_column_int64(st, 0);
            *bytes = (uint64_t)sqlite3_column_int64(st, 1);
        }
    }
    sqlite3_finalize(st);
    srv_db_unlock(s->store);
}

/* Whether the analysis's time is up (err set with the reason the page shows). */
bool srv_pipeline_out_of_time(job *j, kc_error *err)
{
    if (!kc_verify_deadline_passed())
        return false;
    kc_error_set(err, KC_ELIMIT,
                 _("the analysis took longer than %u s, the desk's limit for a submission of %u files: it was "
                   "stopped so that other communes' submissions go on (a file whose checking takes this long is "
                   "not an ordinary document: send the documents in smaller submissions, or ask the "
                   "administrator)"),
                 j->limit, (unsigned)MIN(j->files, UINT_MAX));
    return true;
}

void srv_pipeline_clock_start(job *j)
{
    j->started = g_get_monotonic_time();
    stored_files(j->s, j->r.id, &j->files, &j->bytes);
    j->limit = analysis_limit(j->s, j->files, j->bytes);
    kc_verify_deadline(j->limit);
}

void srv_pipeline_clock_files(job *j)
{
    if (j->names->len <= j->files)
        return;
    j->files = j->names->len; /* a dossier: its files, not the one zip */
    unsigned limit = analysis_limit(j->s, j->files, j->bytes);
    gint64 spent = (g_get_monotonic_time() - j->started) / G_USEC_PER_SEC;
    if (limit > j->limit) {
        j->limit = limit;
        kc_verify_deadline(limit > spent ? (unsigned)(limit - spent) : 1);
    }
}

/* ---- the documents ---------------------------------------------------------------------- */

void srv_pipeline_verify_documents(job *j, GPtrArray *docs, double from, double to)
{
    for (guint i = 0; i < docs->len && !srv_jobs_stopping(j->s->jobs) && !kc_verify_deadline_passed(); i++) {
        const char *rel = docs->pdata[i];
        char *path = g_build_filename(j->tree, rel, NULL);
        kc_verdict *v = NULL;
        srv_document *d = g_new0(srv_document, 1);
        d->name = g_strdup(rel);
        char *p7s = g_strconcat(path, ".p7s", NULL);
        bool with_p7s = access(p7s, F_OK) == 0; /* as kc_verify_file decides */
        g_free(p7s);
        if (kc_verify_file(&v, j->s->cfg.trust, path, &j->vo, NULL) == 0) {
            char *json = kc_verdict_to_json(v);
            d->json = srv_pipeline_strip(j, json);
            free(json);
            d->status = g_strdup(kc_status_name(kc_verdict_status(v)));
            verify_html_add(j->vh, v);
            page_verdict *pv = g_new(page_verdict, 1);
            *pv = (page_verdict){v, with_p7s};
            g_hash_table_replace(j->verdicts, path, pv); /* owns path and v now */
            path = NULL;
            v = NULL;
        } else {
            d->status = g_strdup("error");
            d->json = g_strdup("null");
        }
        kc_verdict_free(v);
        g_ptr_array_add(j->r.documents, d);
        g_free(path);
        srv_pipeline_progress(j, from + (to - from) * (i + 1) / docs->len);
    }
}

/* A sealed dossier is the word of the commune that sealed it about itself:
 * its bag-info names the commune, the reviewing authority and the year, and
 * the seal is valid only for the commune it names.  Taken as another
 * commune's submission (a clerk sending a neighbour's sealed dossier, or a
 * same-name commune's of another district, or last year's as this year's),
 * the district's table would show that seal and those figures for a commune
 * that made neither. */
char *srv_dossier_not_for(srv_lang lang, const kc_dossier_meta *m, const char *commune, const char *district,
                          int year, guint *status)
{
    const char *place = m->district && *m->district ? m->district : m->province;
    *status = SOUP_STATUS_FORBIDDEN;
    if (!m->commune || !*m->commune) {
        *status = SOUP_STATUS_BAD_REQUEST;
        return g_strdup(srv_msg(lang, N_("the dossier names no commune (its bag-info.txt): only a dossier naming "
                                         "its commune can be that commune's submission")));
    }
    if (!srv_commune_same(m->commune, commune))
        return g_strdup_printf(srv_msg(lang, N_("the dossier is %s's, not %s's: each commune sends its own dossier")),
                               m->commune, commune);
    if (m->year && year && m->year != year) {
        *status = SOUP_STATUS_BAD_REQUEST;
        return g_strdup_printf(srv_msg(lang, N_("the dossier is for %d, not %d: send it as the submission of its "
                                                "own year")),
                               m->year, year);
    }
    /* A dossier of 2025 on may name only its province; one naming both is
     * the authority's when either is. */
    if (district && *district && place && *place && !srv_authority_same(m->district, district) &&
        !srv_authority_same(m->province, district))
        return g_strdup_printf(srv_msg(lang, N_("the dossier is of %s, %s, not of %s: a commune of the same name "
                                                "elsewhere")),
                               m->commune, place, district);
    return NULL;
}

/* The place a certificate's field names after its kind ("hiep hoa" of "UBND
 * thị trấn Hiệp Hòa - huyện Đức Hòa") is the dossier's place when it is that
 * place alone or followed by where it lies (" - huyện …", ", …", " (…)"):
 * not "hiep hoa dong", another commune. */
static bool names_place(const char *field_place, const char *place)
{
    size_t n = strlen(place);
    if (strncmp(field_place, place, n) != 0)
        return false;
    const char *p = field_place + n;
    while (*p == ' ')
        p++;
    return !*p || strchr(",;-(", *p);
}

/* A dossier whose bag-info names "Hiệp Hòa" alone reads as thị trấn and as xã
 * Hiệp Hòa (srv_commune_same: a name without its kind is either), and the
 * seal check takes either's seal for it: the xã's clerk sent the thị trấn's
 * sealed dossier as the xã's, and the district's table showed the xã with
 * the thị trấn's seal and figures.  Which of the two made it, its seal's
 * certificate says (its CN, OU or O naming the place with its kind). */
static char *kind_not_for(srv_lang lang, const char *const *fields, const char *meta_commune, const char *commune)
{
    char *named = srv_commune_key(meta_commune), *ours = srv_commune_key(commune), *why = NULL;
    const char *bar = named ? strchr(named, '|') : NULL, *obar = ours ? strchr(ours, '|') : NULL;
    /* only a dossier naming no kind, for a commune of one kind */
    if (bar && bar == named && bar[1] && obar && obar != ours) {
        for (size_t i = 0; i < 3 && !why; i++) {
            char *k = srv_commune_key(fields[i]);
            const char *kb = k ? strchr(k, '|') : NULL;
            if (kb && kb != k && names_place(kb + 1, bar + 1) &&
                (kb - k != obar - ours || strncmp(k, ours, (size_t)(kb - k)) != 0))
                why = g_strdup_printf(srv_msg(lang, N_("the dossier names %s without saying xã, phường or thị trấn, "
                                                       "and its seal is %s's, not %s's: each commune sends its own "
                                                       "dossier")),
                                      meta_commune, fields[i], commune);
            g_free(k);
        }
    }
    g_free(named);
    g_free(ours);
    return why;
}

/* A district-level unit's level: huyện, quận, thị xã.  "tỉnh" and "thành phố"
 * may be the province (Thừa Thiên Huế, Hà Nội), which a certificate names
 * beside its commune's district, and no table here says which province
 * holds which district: such a field is not read against a district. */
static bool district_level(const char *key)
{
    return g_str_has_prefix(key, "huyen|") || g_str_has_prefix(key, "quan|") || g_str_has_prefix(key, "thi xa|");
}

/* A dossier naming no district nor province is any same-name commune's to
 * the upload's rule (srv_dossier_not_for), and the seal check takes the seal
 * of Thủy An of huyện Phong Điền (O=UBND huyện Phong Điền) for it: Phú
 * Vang's clerk sent it as Phú Vang's Thủy An's, and Phú Vang's table showed
 * that seal.  A certificate field naming a district (huyện, quận, thị xã)
 * must then name the commune's own. */
static char *district_not_for(srv_lang lang, const char *const *fields, const char *district)
{
    char *ours = district ? srv_authority_key(district) : NULL, *why = NULL;
    if (ours && *ours && (ours[0] == '|' || district_level(ours))) {
        for (size_t i = 0; i < 3 && !why; i++) {
            char *k = fields[i] ? srv_authority_key(fields[i]) : NULL;
            if (k && district_level(k) && !srv_authority_same(fields[i], district))
                why = g_strdup_printf(srv_msg(lang, N_("the dossier names no district, and its seal is of %s, not "
                                                       "of %s: a commune of the same name elsewhere")),
                                      fields[i], district);
            g_free(k);
        }
    }
    g_free(ours);
    return why;
}

char *srv_seal_not_for(srv_lang lang, const kc_sig_info *seal, const kc_dossier_meta *meta, const char *commune,
                       const char *district)
{
    if (!seal)
        return NULL;
    const char *const fields[3] = {seal->signer, seal->unit, seal->organization};
    char *why = kind_not_for(lang, fields, meta->commune, commune);
    bool placed = (meta->district && *meta->district) || (meta->province && *meta->province);
    if (!why && !placed)
        why = district_not_for(lang, fields, district);
    return why;
}
