/* pipeline.c: one submission analysed on a worker thread, as the command
 * line would: the stored files laid out in a work tree (hard links to the
 * blobs under their sanitized names), the documents verified one by one
 * (`verify --json` objects, with progress), the register indexed (`index
 * --json`, the CLI's own computation), the report linted, the dossier made by
 * the library's ingest (the same zip `ingest` makes), and the HTML reports
 * (the work tree and the documents' verification: pipeline_files.c).
 * A sealed dossier sent by other means is checked and its documents verified
 * with its validation data and proof of time (`check --signatures`), then
 * unpacked (the safe extractor) and indexed and linted the same way.  Once
 * the submission's dossier exists, the review library computes its row of
 * the district's table from it (review_dossier), as `kiemchung review` would.
 *
 * Nothing is written to the store until the end: the results, the outputs'
 * rows and status "done" go in one transaction (srv_sub_save), so a crash
 * mid-way leaves the submission queued or running, and the next start runs
 * it again. */
#include <errno.h>
#include <glib/gstdio.h>
#include "json_lib.h"
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "index.h"
#include "kiemchung/textreader.h"
#include "pipeline.h"

/* The time this worker may spend reading the documents' text for one
 * submission (kiemchung/textreader.h): a minute, and 20 ms more per file.
 * A real document's first and last pages read in a few milliseconds (twice
 * here: the index, then the review), so 1,500 documents take a few seconds
 * of it; without it, each of 20,000 small crafted documents was read up to
 * its 10 s deadline, twice: days of a worker, while every other commune's
 * submission waited in the queue. */
#define TEXT_BUDGET_S 60u
#define TEXT_BUDGET_PER_FILE_MS 20u

/* ---- small helpers ------------------------------------------------------------------ */

static void add_output(job *j, const char *kind, const char *text, kc_error *err)
{
    srv_blob_writer *w = NULL;
    srv_output *o = g_new0(srv_output, 1);
    bool created;
    if (!text || srv_blob_begin(&w, j->s->store, err) != 0 || srv_blob_write(w, text, strlen(text), err) != 0 ||
        srv_blob_commit(w, o->sha256, &o->size, &created, err) != 0) {
        srv_blob_abort(w);
        g_free(o);
        return; /* a report less; the analysis goes on */
    }
    o->kind = g_strdup(kind);
    g_ptr_array_add(j->r.outputs, o);
}

/* What fn writes on a stdio stream, as text. */
static char *capture(void (*fn)(FILE *f, job *j, void *ud), job *j, void *ud)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    fn(f, j, ud);
    fclose(f);
    return buf;
}

/* ---- the analysis ---------------------------------------------------------------------- */

static void print_index_json(FILE *f, job *j, void *c)
{
    index_opts io = {.authority = j->s->cfg.authority, .year = j->sub.year, .csv_sep = ','};
    io.accept_claimed_time = j->vo.accept_claimed_time;
    index_print_json(f, c, 1, &io, NULL);
}

static void print_index_html(FILE *f, job *j, void *c)
{
    index_opts io = {.authority = j->s->cfg.authority, .year = j->sub.year, .csv_sep = ','};
    io.accept_claimed_time = j->vo.accept_claimed_time;
    index_print_html(f, c, 1, &io, NULL);
}

static void print_verify_html(FILE *f, job *j, void *ud)
{
    (void)ud;
    verify_html_write(j->vh, f);
}

static void emit(job *j, const char *kind, void (*fn)(FILE *, job *, void *), void *ud, char **json_out)
{
    char *raw = capture(fn, j, ud), *text = raw ? srv_pipeline_strip(j, raw) : NULL;
    free(raw);
    if (json_out) {
        *json_out = text;
        return;
    }
    add_output(j, kind, text, NULL);
    g_free(text);
}

/* A dossier keeps each file once under data/ by its own name, while the
 * register names it as the clerk's folders had it ("docs/12-QD-UBND.pdf"):
 * a row whose file is not there is pointed at the file of that name beside
 * the register (a hard link in the work tree).  `index DOSSIER.zip` (the
 * review library) will read the register inside the dossier the same way. */
static void relink_register_files(job *j)
{
    kc_register *reg = NULL;
    char *dir = g_path_get_dirname(j->reg);
    if (kc_register_load(&reg, j->reg, NULL, NULL) == 0) {
        for (size_t i = 0; i < kc_register_count(reg); i++) {
            const char *file = kc_register_row_at(reg, i)->file;
            if (!file || g_file_test(file, G_FILE_TEST_EXISTS) || !g_str_has_prefix(file, j->prefix))
                continue;
            char *base = g_path_get_basename(file), *have = g_build_filename(dir, base, NULL),
                 *parent = g_path_get_dirname(file);
            if (g_file_test(have, G_FILE_TEST_IS_REGULAR) && g_mkdir_with_parents(parent, 0700) == 0) {
                char *sig = g_strconcat(have, ".p7s", NULL), *sig_to = g_strconcat(file, ".p7s", NULL);
                link(have, file);
                if (g_file_test(sig, G_FILE_TEST_IS_REGULAR)) /* a detached signature goes with its file */
                    link(sig, sig_to);
                g_free(sig);
                g_free(sig_to);
            }
            g_free(base);
            g_free(have);
            g_free(parent);
        }
    }
    kc_register_free(reg);
    g_free(dir);
}

/* `index --json` for the submission's register, the criteria 20-22 it gives,
 * and the page `index --html` writes. */
static void index_register(job *j)
{
    commune c;
    /* Whose signatures count: the submission's commune (the clerk's account,
     * the district's choice, or the dossier's bag-info), as `index
     * --commune` would be told; the work tree's names do not say it. */
    bool dossier = strcmp(j->sub.kind, "dossier") == 0;
    index_opts io = {.authority = j->s->cfg.authority, .year = j->sub.year, .csv_sep = ',',
                     .commune = j->sub.commune, .commune_from_dossier = dossier,
                     .commune_district = j->sub.district};
    char *why = NULL;
    index_commune_init(&c, j->sub.commune, j->reg);
    if (index_load(&c, j->reg, &io, &why) != 0) { /* the clerk needs the reason on the page */
        g_ptr_array_add(j->notices, srv_pipeline_strip(j, why));
        g_free(why);
        goto out;
    }
    if (index_count(&c, j->s->cfg.trust, &j->vo, 1, &io) != 0)
        goto out;
    emit(j, NULL, print_index_json, &c, &j->r.index_json);
    emit(j, "index.html", print_index_html, &c, NULL);
    for (int k = 0; k < 3; k++) {
        kc_ratio ratio = kc_totals_criterion(&c.totals, 20 + k);
        char buf[64];
        j->r.criteria[k].computed = true;
        j->r.criteria[k].numerator = ratio.numerator;
        j->r.criteria[k].denominator = ratio.denominator;
        j->r.criteria[k].text = g_strdup(kc_ratio_format(ratio, buf, sizeof buf));
    }
out:
    index_commune_free(&c);
}

/* What the report claims for a criterion: its first figure, else its words. */
static char *claimed(const kc_report *r, const char *number)
{
    const kc_criterion *c = kc_report_find(r, number);
    if (!c)
        return NULL;
    for (size_t i = 0; c->refs && i < kc_docref_count(c->refs); i++) {
        const kc_docref *d = kc_docref_get(c->refs, i);
        if (d->kind == KC_DOCREF_FIGURE && d->figure != KC_FIGURE_COUNT)
            return g_strdup(d->text);
    }
    return *c->evidence ? g_utf8_substring(c->evidence, 0, MIN(g_utf8_strlen(c->evidence, -1), 200)) : NULL;
}

static void lint_report(job *j)
{
    kc_report *r = NULL;
    kc_lint *l = NULL;
    kc_error err = {0};
    if (kc_report_parse_file(&r, j->report, &err) != 0) {
        g_ptr_array_add(j->notices, srv_pipeline_strip(j, err.message));
        return;
    }
    if (kc_report_lint(&l, r, j->s->cfg.catalog, &err) == 0) {
        char *json = kc_lint_to_json(l, r);
        JsonParser *p = json_parser_new_immutable();
        if (json && json_parser_load_from_data(p, json, -1, NULL)) {
            JsonObject *o = json_node_get_object(json_parser_get_root(p));
            JsonNode *f = json_object_get_member(o, "findings");
            j->r.findings_json = f ? json_to_string(f, FALSE) : NULL;
        }
        kc_json_unref(p);
        free(json);
        for (size_t i = 0; i < kc_lint_count(l); i++) {
            const kc_finding *f = kc_lint_get(l, i);
            srv_finding *sf = g_new0(srv_finding, 1);
            sf->criterion = g_strdup(f->criterion);
            sf->code = g_strdup(f->code);
            sf->message = g_strdup(f->message);
            sf->place = g_strdup(kc_report_place(r, f->line));
            g_ptr_array_add(j->r.findings, sf);
        }
    }
    for (int k = 0; k < 3; k++) {
        char number[4];
        g_snprintf(number, sizeof number, "%d", 20 + k);
        j->r.criteria[k].claimed = claimed(r, number);
    }
    char *html = NULL;
    if (kc_report_render(&html, r, KC_RENDER_HTML, NULL) == 0)
        add_output(j, "report.html", html, NULL);
    free(html);
    kc_lint_free(l);
    kc_report_free(r);
}

/* Criteria without evidence (what `ingest` lists at its end), as JSON. */
static char *missing_json(const kc_dossier *d)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_array(b);
    for (size_t i = 0; d && i < kc_dossier_criterion_count(d); i++) {
        const kc_dossier_criterion *c = kc_dossier_get_criterion(d, i);
        if (c->nevidence || c->heading || !*c->number)
            continue;
        json_builder_begin_object(b);
        kc_json_add_str(b, "criterion", c->key);
        kc_json_add_str(b, "name", c->name);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    return kc_json_finish(b, false);
}

static void ingest_progress(void *ud, const kc_progress *p)
{
    job *j = ud;
    if (p->bytes_total)
        srv_pipeline_progress(j, 0.75 + 0.1 * (double)p->bytes_done / (double)p->bytes_total);
}

static void ingest_notice(void *ud, const char *message)
{
    job *j = ud;
    g_ptr_array_add(j->notices, srv_pipeline_strip(j, message));
}

/* The page's verdict of the file at src, for the dossier's validation data:
 * made with the same trust, options and time (j->vo, its now pinned at the
 * start) from the same bytes (src is the work tree's link the page
 * verified), and only when its detached signature was the same one: the one
 * beside it, or none. */
static const kc_verdict *page_verdict_of(void *ud, const char *src, const char *det_src)
{
    job *j = ud;
    const page_verdict *pv = g_hash_table_lookup(j->verdicts, src);
    if (!pv)
        return NULL;
    char *beside = g_strconcat(src, ".p7s", NULL);
    bool same = det_src ? pv->with_p7s && strcmp(det_src, beside) == 0 : !pv->with_p7s;
    g_free(beside);
    return same ? pv->v : NULL;
}

/* The dossier, as `ingest --report R --commune C --district D --year Y TREE` makes it. */
static int make_dossier(job *j, kc_error *err)
{
    kc_dossier_events ev = {ingest_progress, ingest_notice, j};
    kc_dossier_meta meta = {.commune = j->sub.commune, .district = j->sub.district, .year = j->sub.year};
    kc_ingest *in = NULL;
    char *zip = g_build_filename(j->work, "dossier.zip", NULL);
    srv_output *o = g_new0(srv_output, 1);
    kc_write_opts wo = {.replace = true, .time = j->sub.created};
    int rc;
    if ((rc = kc_ingest_new(&in, &ev, err)) != 0 || (rc = kc_ingest_validate(in, j->s->cfg.trust, &j->vo, err)) != 0 ||
        (rc = kc_ingest_reuse_verdicts(in, page_verdict_of, j, err)) != 0 ||
        (rc = kc_ingest_set_meta(in, &meta, err)) != 0 ||
        (!j->report && j->s->cfg.catalog && (rc = kc_ingest_use_catalog(in, j->s->cfg.catalog, err)) != 0) ||
        (j->report && (rc = kc_ingest_use_report(in, j->report, err)) != 0) ||
        (rc = kc_ingest_add_tree(in, j->tree, err)) != 0 || (rc = kc_ingest_write(in, zip, &wo, err)) != 0)
        goto out;
    j->r.missing_json = missing_json(kc_ingest_dossier(in));
    if ((rc = srv_blob_adopt(j->s->store, zip, o->sha256, &o->size, err)) != 0)
        goto out;
    o->kind = g_strdup("dossier");
    g_ptr_array_add(j->r.outputs, o);
    o = NULL;
out:
    if (rc != 0) {
        char *m = srv_pipeline_strip(j, err->message);
        g_strlcpy(err->message, m, sizeof err->message);
        g_free(m);
    }
    g_free(o);
    kc_ingest_free(in);
    g_free(zip);
    return rc;
}

static void review_progress(void *ud, const kc_progress *p)
{
    job *j = ud;
    if (p->bytes_total)
        srv_pipeline_progress(j, j->review_from + (j->review_to - j->review_from) * (double)p->bytes_done /
                                                      (double)p->bytes_total);
}

/* The review library's row for the submission's dossier (the one ingest made
 * from a clerk's files, or the sealed dossier that was sent), as `kiemchung
 * review` computes it from the same zip: what the district's overview lists,
 * so that the desk and the command line give the same row.  A clerk's dossier
 * is not sealed (the district seals nothing for the commune), so unsealed is
 * allowed for it; a dossier sent by other means must be sealed, as `review`
 * requires by default.  The row names the dossier as its download is named,
 * never by the store's path. */
/* The row without the register's rows (one object per outgoing document):
 * the overview lists every commune's row at each load, the rows are the
 * submission's detail. */
static char *without_rows(const char *json)
{
    JsonNode *root = json ? json_from_string(json, NULL) : NULL;
    char *out = NULL;
    if (root && JSON_NODE_HOLDS_OBJECT(root)) {
        json_object_remove_member(json_node_get_object(root), "rows");
        out = json_to_string(root, FALSE);
    }
    if (root)
        json_node_unref(root);
    return out;
}

static void signature_free(gpointer p)
{
    srv_signature *g = p;
    g_free(g->key);
    g_free(g->row);
    g_free(g);
}

/* The keys of the documents the review counts as signed (its figures'), for
 * the overview to compare across communes: a document counted once within
 * the submission already (kc_review_same_signature) is not counted, so only
 * what raises this submission's figure is kept. */
static void keep_signatures(job *j, const kc_review_row *row)
{
    g_ptr_array_set_size(j->r.signatures, 0);
    for (size_t i = 0; i < row->ndocs; i++) {
        const kc_review_doc *d = &row->docs[i];
        if (!d->counted || d->outside_year || !d->verdict)
            continue;
        char **keys = kc_twin_keys(d->verdict);
        for (char **k = keys; *k; k++) {
            srv_signature *g = g_new(srv_signature, 1);
            g->key = g_strdup(*k);
            g->row = g_strdup(d->row->number && *d->row->number ? d->row->number
                              : d->row->where                  ? d->row->where
                                                               : "?");
            g_ptr_array_add(j->r.signatures, g);
        }
        g_strfreev(keys);
    }
}

const kc_review_row *srv_pipeline_review(job *j, const char *path, kc_error *err)
{
    j->review_events = (kc_dossier_events){review_progress, NULL, j};
    kc_review_opts ro = {.trust = j->s->cfg.trust, .verify = j->s->cfg.verify, .catalog = j->s->cfg.catalog,
                         .authority = j->s->cfg.authority, .year = j->sub.year,
                         .allow_unsealed = strcmp(j->sub.kind, "dossier") != 0, .events = &j->review_events};
    char *name = g_strdup_printf("ho-so-%s-%d.zip", j->sub.commune, j->sub.year); /* as it downloads */
    const kc_review_row *row = NULL;
    kc_review_free(j->review);
    j->review = NULL;
    if (kc_review_new(&j->review, &ro, err) != 0 || kc_review_add_dossier_as(j->review, path, name, err) != 0)
        goto out;
    kc_review_set_submission(j->review, 0, j->sub.id);
    row = kc_review_get(j->review, 0);
    free(j->r.review_json);
    j->r.review_json = kc_review_row_to_json(row);
    g_free(j->r.overview_json);
    j->r.overview_json = without_rows(j->r.review_json);
    keep_signatures(j, row);
out:
    if (!row) {
        kc_review_free(j->review);
        j->review = NULL;
    }
    g_free(name);
    return row;
}

/* A clerk's files: the dossier ingest made (a sealed dossier sent in was
 * reviewed first, its verdicts being the submission's: pipeline_files.c). */
static void review_dossier(job *j)
{
    const srv_output *zip = NULL;
    for (guint i = 0; i < j->r.outputs->len && !zip; i++)
        if (strcmp(((srv_output *)j->r.outputs->pdata[i])->kind, "dossier") == 0)
            zip = j->r.outputs->pdata[i];
    if (!zip || j->review)
        return;
    char *path = srv_blob_path(j->s->store, zip->sha256);
    kc_error err = {0};
    j->review_from = 0.85;
    j->review_to = 0.98;
    if (!srv_pipeline_review(j, path, &err)) /* the overview shows the stored results then */
        g_ptr_array_add(j->notices, srv_pipeline_strip(j, err.message));
    g_free(path);
}

static void page_verdict_free(gpointer p)
{
    page_verdict *pv = p;
    kc_verdict_free(pv->v);
    g_free(pv);
}

static void document_free(gpointer p)
{
    srv_document *d = p;
    g_free(d->name);
    g_free(d->status);
    g_free(d->json);
    g_free(d);
}

static void finding_free(gpointer p)
{
    srv_finding *f = p;
    g_free(f->criterion);
    g_free(f->code);
    g_free(f->message);
    g_free(f->place);
    g_free(f);
}

static void output_free(gpointer p)
{
    srv_output *o = p;
    g_free(o->kind);
    g_free(o);
}

static void job_clear(job *j, bool failed)
{
    for (guint i = 0; j->r.outputs && i < j->r.outputs->len; i++)
        srv_blob_release(j->s->store, ((srv_output *)j->r.outputs->pdata[i])->sha256, failed);
    if (j->work) /* links to blobs and what ingest wrote: all of it goes */
        srv_remove_tree(j->work);
    g_ptr_array_unref(j->r.documents);
    g_ptr_array_unref(j->r.findings);
    g_ptr_array_unref(j->r.outputs);
    g_ptr_array_unref(j->r.signatures);
    for (int k = 0; k < 3; k++) {
        g_free(j->r.criteria[k].text);
        g_free(j->r.criteria[k].claimed);
    }
    g_free(j->r.index_json);
    g_free(j->r.findings_json);
    g_free(j->r.missing_json);
    g_free(j->r.check_json);
    free(j->r.review_json);
    g_free(j->r.overview_json);
    kc_review_free(j->review);
    if (j->names)
        g_ptr_array_unref(j->names);
    g_ptr_array_unref(j->notices);
    verify_html_free(j->vh);
    if (j->verdicts)
        g_hash_table_destroy(j->verdicts);
    srv_sub_clear(&j->sub);
    g_free(j->work);
    g_free(j->tree);
    g_free(j->prefix);
    g_free(j->reg);
    g_free(j->report);
}

/* The notices, added to check_json (a dossier's) or made its only member. */
static void add_notices(job *j)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    if (j->r.check_json)
        kc_json_add_members(b, j->r.check_json);
    json_builder_set_member_name(b, "notices");
    json_builder_begin_array(b);
    for (guint i = 0; i < j->notices->len; i++)
        json_builder_add_string_value(b, j->notices->pdata[i]);
    json_builder_end_array(b);
    json_builder_end_object(b);
    g_free(j->r.check_json);
    j->r.check_json = kc_json_finish(b, false);
}

int srv_pipeline_run(srv *s, int64_t id, kc_error *err)
{
    job j = {.s = s};
    GPtrArray *docs = g_ptr_array_new_with_free_func(g_free);
    int rc = KC_EINVAL;
    j.r.id = id;
    j.r.documents = g_ptr_array_new_with_free_func(document_free);
    j.r.findings = g_ptr_array_new_with_free_func(finding_free);
    j.r.outputs = g_ptr_array_new_with_free_func(output_free);
    j.r.signatures = g_ptr_array_new_with_free_func(signature_free);
    j.notices = g_ptr_array_new_with_free_func(g_free);
    j.vh = verify_html_new();
    j.verdicts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, page_verdict_free);
    if (s->cfg.verify)
        j.vo = *s->cfg.verify;
    /* One "now" for the whole analysis (the page's verdicts, the dossier's
     * validation data, the index), as ingest would take it: so that the
     * page's verdicts are the ones the dossier's data rests on. */
    if (!j.vo.now) {
        int64_t sde = -1;
        if (kc_source_date_epoch(&sde, NULL) == 0 && sde > 0)
            j.vo.now = sde;
        else { /* the clock, or the newest CRL at hand when the clock is behind it, as
                * verify takes it: a desk set back counted a chairman revoked since a
                * leader; worked out per submission, the desk runs for months */
            char *why = NULL;
            j.vo.now = cli_judge_time(s->cfg.trust, (int64_t)time(NULL), &why);
            if (why)
                g_ptr_array_add(j.notices, why);
        }
    }
    sqlite3 *db = srv_db_lock(s->store);
    bool found = srv_sub_get(db, id, &j.sub);
    srv_db_unlock(s->store);
    if (!found) {
        kc_error_set(err, KC_EINVAL, _("submission %lld does not exist"), (long long)id);
        goto out;
    }
    srv_pipeline_clock_start(&j); /* before the lay-out: a dossier's check verifies its documents there */
    char num[32];
    g_snprintf(num, sizeof num, "%" G_GINT64_FORMAT, id);
    j.work = g_build_filename(srv_store_dir(s->store), "work", num, NULL);
    j.tree = g_build_filename(j.work, "tree", NULL);
    srv_remove_tree(j.work); /* what a killed run left */
    if (g_mkdir_with_parents(j.tree, 0700) != 0) {
        rc = kc_error_set(err, KC_EIO, _("%s: cannot create: %s"), j.tree, g_strerror(errno));
        goto out;
    }
    bool dossier = strcmp(j.sub.kind, "dossier") == 0;
    rc = dossier ? srv_pipeline_lay_out_dossier(&j, err) : srv_pipeline_lay_out_files(&j, err);
    if (srv_pipeline_out_of_time(&j, err))
        rc = KC_ELIMIT;
    if (rc != 0)
        goto out;
    j.prefix = g_strconcat(j.tree, "/", NULL);
    j.names = g_ptr_array_new_with_free_func(g_free);
    srv_pipeline_walk(j.names, j.tree, NULL);
    srv_pipeline_clock_files(&j);
    srv_pipeline_classify(&j, docs);
    srv_pipeline_progress(&j, 0.02);
    kc_textreader_budget(TEXT_BUDGET_S + (unsigned)MIN(j.names->len, 1000000u) * TEXT_BUDGET_PER_FILE_MS / 1000u);
    /* index reads the signed documents' text, and the review the same
     * bytes from the dossier: read once (kiemchung/textreader.h) */
    kc_textreader_share(true);
    if (!dossier)
        srv_pipeline_verify_documents(&j, docs, 0.02, 0.6);
    if (srv_jobs_stopping(s->jobs)) {
        rc = kc_error_set(err, KC_EINVAL, "stopped");
        goto out;
    }
    if (srv_pipeline_out_of_time(&j, err)) {
        rc = KC_ELIMIT;
        goto out;
    }
    if (j.reg && dossier)
        relink_register_files(&j);
    if (j.reg)
        index_register(&j);
    srv_pipeline_progress(&j, 0.7);
    if (j.report)
        lint_report(&j);
    srv_pipeline_progress(&j, 0.75);
    if (!dossier && (rc = make_dossier(&j, err)) != 0) {
        srv_pipeline_out_of_time(&j, err); /* the reason, when the time is why */
        goto out;
    }
    if (srv_pipeline_out_of_time(&j, err)) {
        rc = KC_ELIMIT;
        goto out;
    }
    srv_pipeline_progress(&j, 0.85);
    review_dossier(&j);
    if (srv_pipeline_out_of_time(&j, err)) {
        rc = KC_ELIMIT;
        goto out;
    }
    emit(&j, "verify.html", print_verify_html, NULL, NULL);
    add_notices(&j);
    rc = srv_sub_save(s->store, &j.r, err);
out:
    kc_verify_deadline(0);
    kc_textreader_budget(0); /* the next submission on this worker gets its own */
    kc_textreader_share(false);
    job_clear(&j, rc != 0);
    g_ptr_array_unref(docs);
    return rc;
}
