/* recheck.c: the dossiers a desk stored before the strict reader it runs now,
 * read again at start.
 *
 * A submission's check is computed once, when it is analysed, and stored
 * with its results; the district's table and the submission's page show it
 * from then on, and its dossier downloads as it was kept.  A dossier stored
 * before the strict reader learnt a refusal keeps the verdict of the reader
 * that analysed it: one sealed before rtzip17 whose bytes at offset 32768 are
 * an ISO 9660 volume descriptor (bsdtar unpacks the disc image's September
 * invoice, the October invoice's bytes) stayed `ok`, its seal valid, on the
 * desk for good, where `kiemchung check` refuses it today (rtdesk19).
 *
 * So at start every finished submission whose row says an older reader
 * analysed it (layout_rules below LAYOUT_RULES: migration 12) has its dossier
 * read by today's strict reader (kc_zl_parse: the layout and the formats
 * another reader would take it for) and its names vetted (kc_zr_vet: a
 * dossier stored before rtzip18 holding "HỌP" beside "HỜP" stayed `ok`,
 * where Explorer unpacks the two as one file: rtdesk20).  One refused is analysed again from
 * scratch: its results, documents and outputs are removed and it is queued,
 * so that nothing of the old verdict is shown or served meanwhile, and the
 * analysis then says what today's check says; an audit row (`recheck`) names
 * the reason.  Each dossier is read once per rule: the column is raised for
 * every submission afterwards (those analysed from now on by today's
 * reader). */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server.h"
#include "zip_layout.h"
#include "zipio.h"

/* Raised whenever the strict reader (kc_zl_parse) or the names' vetting
 * (kc_zr_vet) refuses something more: 1 is rtzip17's disc image and the tar
 * headers (rtzip18's first block, atkzip's every block, review39's checksum
 * as GNU tar reads it; all in kc_zl_other_format); 2 the names (rtdesk20:
 * rtzip18's code pages, in which Windows 7 and 8 Explorer unpacks "HỌP" and
 * "HỜP" as one file, and every other name rule kc_zr_vet learnt since the
 * dossier was analysed). */
#define LAYOUT_RULES 2

typedef struct stored_dossier {
    int64_t id;
    char *hex;
} stored_dossier;

static void stored_clear(void *p)
{
    g_free(((stored_dossier *)p)->hex);
}

/* The finished submissions an older reader analysed, with the dossier each
 * keeps: a dossier submission's the file sent, a clerk's files' the one the
 * analysis made. */
static GArray *older(srv_store *s)
{
    GArray *out = g_array_new(FALSE, TRUE, sizeof(stored_dossier));
    g_array_set_clear_func(out, stored_clear);
    sqlite3 *db = srv_db_lock(s);
    sqlite3_stmt *st = srv_db_prepare(
        db, "SELECT s.id, f.sha256 FROM submissions s JOIN files f ON f.submission_id = s.id AND f.role = 'dossier' "
            "WHERE s.status = 'done' AND s.kind = 'dossier' AND s.layout_rules < ?1 "
            "UNION ALL SELECT s.id, o.sha256 FROM submissions s JOIN outputs o ON o.submission_id = s.id AND "
            "o.kind = 'dossier' WHERE s.status = 'done' AND s.kind = 'files' AND s.layout_rules < ?1 ORDER BY 1");
    if (st)
        sqlite3_bind_int(st, 1, LAYOUT_RULES);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        stored_dossier d = {sqlite3_column_int64(st, 0), g_strdup((const char *)sqlite3_column_text(st, 1))};
        g_array_append_val(out, d);
    }
    sqlite3_finalize(st);
    srv_db_unlock(s);
    return out;
}

/* The first problem of the names' vetting but a limit's (g_free'd by the
 * caller): the limits were the desk's own at upload (its configuration, not
 * kc_zr_vet's defaults), and the analysis applies them again; a name rule
 * is the same on every desk. */
static void first_name_problem(void *ud, const char *path, const char *code, const char *message)
{
    char **why = ud;
    if (!*why && strcmp(code, "limit") != 0)
        *why = g_strdup_printf("%s: %s", path, message);
}

/* Why the names' vetting refuses the dossier at path (g_free), or NULL. */
static char *names_refused(const char *path)
{
    kc_zr *zr = NULL;
    char *why = NULL;
    if (kc_zr_open(&zr, path, NULL) == 0)
        kc_zr_vet(zr, NULL, first_name_problem, &why);
    kc_zr_free(zr);
    return why;
}

char *srv_dossier_refused(const char *path)
{
    int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    char *why = NULL;
    struct stat sb;
    if (fd >= 0 && fstat(fd, &sb) == 0) {
        kc_zl zl = {0};
        kc_error err = {0};
        int rc = kc_zl_parse(&zl, fd, (uint64_t)sb.st_size, &err);
        if (rc == KC_EFORMAT || rc == KC_ELIMIT)
            why = g_strdup(err.message);
        kc_zl_clear(&zl);
    }
    if (fd >= 0)
        close(fd);
    if (!why && path)
        why = names_refused(path);
    return why;
}

/* Why today's strict reader refuses the blob hex (g_free), or NULL. */
static char *refused(srv_store *s, const char *hex)
{
    char *path = hex ? srv_blob_path(s, hex) : NULL, *why = srv_dossier_refused(path);
    g_free(path);
    return why;
}

/* The submission's results gone and itself queued, in one transaction. */
static bool requeue(srv_store *s, int64_t id)
{
    static const char *const sql[] = {
        "DELETE FROM documents WHERE submission_id = ?1", "DELETE FROM findings WHERE submission_id = ?1",
        "DELETE FROM criteria WHERE submission_id = ?1", "DELETE FROM outputs WHERE submission_id = ?1",
        "DELETE FROM signatures WHERE submission_id = ?1",
        "UPDATE submissions SET status = 'queued', attempts = 0, error = NULL, finished = NULL, index_json = NULL, "
        "signatures_kept = 0, "
        "findings_json = NULL, missing_json = NULL, check_json = NULL, review_json = NULL, overview_json = NULL "
        "WHERE id = ?1"};
    sqlite3 *db = srv_db_lock(s);
    bool ok = srv_db_begin(db) == 0;
    for (size_t i = 0; ok && i < G_N_ELEMENTS(sql); i++) {
        sqlite3_stmt *st = srv_db_prepare(db, sql[i]);
        if (st)
            sqlite3_bind_int64(st, 1, id);
        ok = st && sqlite3_step(st) == SQLITE_DONE;
        sqlite3_finalize(st);
    }
    if (ok && srv_db_commit(db) != 0)
        ok = false;
    if (!ok)
        srv_db_rollback(db);
    srv_db_unlock(s);
    return ok;
}

size_t srv_recheck_dossiers(srv_store *s)
{
    GArray *todo = older(s);
    size_t n = 0;
    bool all = true;
    for (guint i = 0; i < todo->len; i++) {
        const stored_dossier *d = &g_array_index(todo, stored_dossier, i);
        char *why = refused(s, d->hex);
        if (why && requeue(s, d->id)) {
            char object[48];
            g_snprintf(object, sizeof object, "submission %" G_GINT64_FORMAT, d->id);
            srv_audit(s, NULL, "server", "recheck", object, why);
            n++;
        } else if (why) {
            all = false; /* not requeued: read again at the next start */
        }
        g_free(why);
    }
    g_array_unref(todo);
    if (all) {
        sqlite3 *db = srv_db_lock(s);
        sqlite3_stmt *st = srv_db_prepare(db, "UPDATE submissions SET layout_rules = ? WHERE layout_rules < ?");
        if (st) {
            sqlite3_bind_int(st, 1, LAYOUT_RULES);
            sqlite3_bind_int(st, 2, LAYOUT_RULES);
            (void)sqlite3_step(st);
        }
        sqlite3_finalize(st);
        srv_db_unlock(s);
    }
    return n;
}

/* ---- the signature rules ------------------------------------------------------------- */

/* A submission's verdicts (each document's, its dossier's seal, the figures
 * of criteria 20-22 counted from them) are given once, by the verifier the
 * desk ran then, and shown for good.  When the verifier's rules move (a seal
 * older than the document timestamp it covers no longer vouches: rttime19),
 * a submission judged under the old ones kept its "valid" and its 7/7 on the
 * desk where `verify` and `review` of the same files say otherwise today
 * (rtdesk21).  No stored row tells which of its verdicts a rule would move,
 * so every such submission is analysed again from its stored files: its
 * results removed and itself queued (as a refused dossier above), nothing of
 * the old verdict shown meanwhile.  Its results, stored again, carry today's
 * SRV_SIGNATURE_RULES (store_sub.c), so each is analysed once per rule. */
static GArray *judged_before(srv_store *s)
{
    GArray *ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
    sqlite3 *db = srv_db_lock(s);
    sqlite3_stmt *st =
        srv_db_prepare(db, "SELECT id FROM submissions WHERE status = 'done' AND signature_rules < ? ORDER BY id");
    if (st)
        sqlite3_bind_int(st, 1, SRV_SIGNATURE_RULES);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        g_array_append_val(ids, id);
    }
    sqlite3_finalize(st);
    srv_db_unlock(s);
    return ids;
}

size_t srv_recheck_signatures(srv_store *s)
{
    GArray *ids = judged_before(s);
    size_t n = 0;
    char *why = g_strdup_printf("its verdicts were given under older signature and seal rules (today's: %d)",
                                SRV_SIGNATURE_RULES);
    for (guint i = 0; i < ids->len; i++) {
        int64_t id = g_array_index(ids, int64_t, i);
        if (!requeue(s, id))
            continue; /* left as it is: tried again at the next start */
        char object[48];
        g_snprintf(object, sizeof object, "submission %" G_GINT64_FORMAT, id);
        srv_audit(s, NULL, "server", "recheck", object, why);
        n++;
    }
    g_free(why);
    g_array_unref(ids);
    return n;
}
