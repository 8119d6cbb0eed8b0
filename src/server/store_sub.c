/* store_sub.c: submissions in the store: reading one (and who may), its
 * files, documents and outputs, its status, and its results written in one
 * transaction when the analysis ends. */
#include <string.h>

#include "server.h"
#include "text.h"

void srv_sub_clear(srv_sub *sub)
{
    g_free(sub->commune);
    g_free(sub->district);
    g_free(sub->kind);
    g_free(sub->status);
    g_free(sub->error);
    g_free(sub->index_json);
    g_free(sub->findings_json);
    g_free(sub->missing_json);
    g_free(sub->check_json);
    g_free(sub->review_json);
    g_free(sub->overview_json);
    g_free(sub->user);
    memset(sub, 0, sizeof *sub);
}

static char *col(sqlite3_stmt *st, int i)
{
    return g_strdup((const char *)sqlite3_column_text(st, i));
}

bool srv_sub_get(sqlite3 *db, int64_t id, srv_sub *out)
{
    bool found = false;
    sqlite3_stmt *st = srv_db_prepare(
        db, "SELECT s.id, s.commune_id, c.name, c.district, s.year, s.kind, s.status, s.error, s.index_json, "
            "s.findings_json, s.missing_json, s.check_json, s.created, s.finished, u.name, s.attempts, "
            "s.review_json, s.overview_json FROM submissions s JOIN communes c ON c.id = s.commune_id LEFT JOIN users u ON u.id = s.user_id "
            "WHERE s.id = ?");
    memset(out, 0, sizeof *out);
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW) {
            found = true;
            out->id = sqlite3_column_int64(st, 0);
            out->commune_id = sqlite3_column_int64(st, 1);
            out->commune = col(st, 2);
            out->district = col(st, 3);
            out->year = sqlite3_column_int(st, 4);
            out->kind = col(st, 5);
            out->status = col(st, 6);
            out->error = col(st, 7);
            out->index_json = col(st, 8);
            out->findings_json = col(st, 9);
            out->missing_json = col(st, 10);
            out->check_json = col(st, 11);
            out->created = sqlite3_column_int64(st, 12);
            out->finished = sqlite3_column_int64(st, 13);
            out->user = col(st, 14);
            out->attempts = sqlite3_column_int(st, 15);
            out->review_json = col(st, 16);
            out->overview_json = col(st, 17);
        }
    }
    sqlite3_finalize(st);
    return found;
}

bool srv_user_sees_commune(const srv_user *u, int64_t commune_id, const char *district)
{
    switch (u->role) {
    case SRV_ROLE_ADMIN: return true;
    case SRV_ROLE_DISTRICT: return srv_authority_same(district, u->district); /* as the store keys it */
    case SRV_ROLE_COMMUNE: return u->commune_id && u->commune_id == commune_id;
    }
    return false;
}

/* Whether submission id exists and u may see it, reading only its commune
 * and district: a refused read loaded the whole row first (its results'
 * JSON, megabytes for a commune of a thousand documents), which made the
 * 404 for another commune's submission slower than for an id that does not
 * exist (rtdesk23). */
bool srv_sub_visible(sqlite3 *db, int64_t id, const srv_user *u, bool *exists)
{
    bool visible = false;
    *exists = false;
    sqlite3_stmt *st = srv_db_prepare(db, "SELECT s.commune_id, c.district FROM submissions s "
                                          "JOIN communes c ON c.id = s.commune_id WHERE s.id = ?");
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW) {
            *exists = true;
            visible = srv_user_sees_commune(u, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1));
        }
    }
    sqlite3_finalize(st);
    return visible;
}

GPtrArray *srv_sub_files(sqlite3 *db, int64_t id)
{
    GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)srv_file_free);
    sqlite3_stmt *st = srv_db_prepare(db, "SELECT name, sha256, size, role FROM files WHERE submission_id = ? "
                                          "ORDER BY name");
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        while (sqlite3_step(st) == SQLITE_ROW) {
            srv_file *f = g_new0(srv_file, 1);
            f->name = col(st, 0);
            g_strlcpy(f->sha256, (const char *)sqlite3_column_text(st, 1), sizeof f->sha256);
            f->size = (uint64_t)sqlite3_column_int64(st, 2);
            f->role = col(st, 3);
            g_ptr_array_add(out, f);
        }
    }
    sqlite3_finalize(st);
    return out;
}

void srv_file_free(srv_file *f)
{
    if (!f)
        return;
    g_free(f->name);
    g_free(f->role);
    g_free(f);
}

char *srv_sub_output(sqlite3 *db, int64_t id, const char *kind)
{
    char *hex = NULL;
    sqlite3_stmt *st = srv_db_prepare(db, "SELECT sha256 FROM outputs WHERE submission_id = ? AND kind = ?");
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            hex = col(st, 0);
    }
    sqlite3_finalize(st);
    return hex;
}

GPtrArray *srv_sub_outputs(sqlite3 *db, int64_t id)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    sqlite3_stmt *st = srv_db_prepare(db, "SELECT kind FROM outputs WHERE submission_id = ? ORDER BY kind");
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        while (sqlite3_step(st) == SQLITE_ROW)
            g_ptr_array_add(out, col(st, 0));
    }
    sqlite3_finalize(st);
    return out;
}

void srv_sub_each_document(sqlite3 *db, int64_t id, void (*fn)(void *ud, const char *verdict_json), void *ud)
{
    sqlite3_stmt *st = srv_db_prepare(db, "SELECT verdict FROM documents WHERE submission_id = ? ORDER BY seq");
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        while (sqlite3_step(st) == SQLITE_ROW)
            fn(ud, (const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
}

int srv_sub_set_status(srv_store *s, int64_t id, const char *status, const char *error, bool attempt)
{
    int rc = KC_EIO;
    sqlite3 *db = srv_db_lock(s);
    sqlite3_stmt *st = srv_db_prepare(
        db, "UPDATE submissions SET status = ?, error = ?, attempts = attempts + ?, "
            "finished = CASE WHEN ? IN ('done', 'failed') THEN strftime('%s', 'now') ELSE NULL END WHERE id = ?");
    if (st) {
        sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, error, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 3, attempt ? 1 : 0);
        sqlite3_bind_text(st, 4, status, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 5, id);
        if (sqlite3_step(st) == SQLITE_DONE)
            rc = 0;
    }
    sqlite3_finalize(st);
    srv_db_unlock(s);
    return rc;
}

static bool exec_bound(sqlite3 *db, const char *sql, int64_t id)
{
    sqlite3_stmt *st = srv_db_prepare(db, sql);
    bool ok = false;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        ok = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    return ok;
}

int srv_sub_save(srv_store *s, const srv_results *r, kc_error *err)
{
    sqlite3 *db = srv_db_lock(s);
    sqlite3_stmt *st = NULL;
    int rc = KC_EIO;
    if (srv_db_begin(db) != 0)
        goto broken;
    /* An analysis run again (after a restart) replaces what a previous run wrote. */
    if (!exec_bound(db, "DELETE FROM documents WHERE submission_id = ?", r->id) ||
        !exec_bound(db, "DELETE FROM findings WHERE submission_id = ?", r->id) ||
        !exec_bound(db, "DELETE FROM criteria WHERE submission_id = ?", r->id) ||
        !exec_bound(db, "DELETE FROM outputs WHERE submission_id = ?", r->id) ||
        !exec_bound(db, "DELETE FROM signatures WHERE submission_id = ?", r->id))
        goto rollback;
    if (!(st = srv_db_prepare(db, "INSERT INTO documents (submission_id, seq, name, status, verdict) "
                                  "VALUES (?, ?, ?, ?, ?)")))
        goto rollback;
    for (guint i = 0; i < r->documents->len; i++) {
        const srv_document *d = g_ptr_array_index(r->documents, i);
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, r->id);
        sqlite3_bind_int(st, 2, (int)i);
        sqlite3_bind_text(st, 3, d->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, d->status, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, d->json, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto rollback;
    }
    sqlite3_finalize(st);
    if (!(st = srv_db_prepare(db, "INSERT INTO findings (submission_id, criterion, code, message, place) "
                                  "VALUES (?, ?, ?, ?, ?)")))
        goto rollback;
    for (guint i = 0; i < r->findings->len; i++) {
        const srv_finding *f = g_ptr_array_index(r->findings, i);
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, r->id);
        sqlite3_bind_text(st, 2, f->criterion, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, f->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, f->message, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, f->place, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto rollback;
    }
    sqlite3_finalize(st);
    if (!(st = srv_db_prepare(db, "INSERT INTO criteria (submission_id, commune_id, year, number, numerator, "
                                  "denominator, text, claimed) SELECT ?1, commune_id, year, ?2, ?3, ?4, ?5, ?6 "
                                  "FROM submissions WHERE id = ?1")))
        goto rollback;
    for (int i = 0; i < 3; i++) {
        const srv_criterion *c = &r->criteria[i];
        char number[4];
        g_snprintf(number, sizeof number, "%d", 20 + i);
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, r->id);
        sqlite3_bind_text(st, 2, number, -1, SQLITE_TRANSIENT);
        if (c->computed) {
            sqlite3_bind_int64(st, 3, (int64_t)c->numerator);
            sqlite3_bind_int64(st, 4, (int64_t)c->denominator);
            sqlite3_bind_text(st, 5, c->text, -1, SQLITE_STATIC);
        } else {
            sqlite3_bind_null(st, 3);
            sqlite3_bind_null(st, 4);
            sqlite3_bind_null(st, 5);
        }
        sqlite3_bind_text(st, 6, c->claimed, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto rollback;
    }
    sqlite3_finalize(st);
    if (!(st = srv_db_prepare(db, "INSERT INTO outputs (submission_id, kind, sha256, size) VALUES (?, ?, ?, ?)")))
        goto rollback;
    for (guint i = 0; i < r->outputs->len; i++) {
        const srv_output *o = g_ptr_array_index(r->outputs, i);
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, r->id);
        sqlite3_bind_text(st, 2, o->kind, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, o->sha256, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, (int64_t)o->size);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto rollback;
    }
    sqlite3_finalize(st);
    if (!(st = srv_db_prepare(db, "INSERT OR IGNORE INTO signatures (submission_id, key, row) VALUES (?, ?, ?)")))
        goto rollback;
    for (guint i = 0; r->signatures && i < r->signatures->len; i++) {
        const srv_signature *g = g_ptr_array_index(r->signatures, i);
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, r->id);
        sqlite3_bind_text(st, 2, g->key, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, g->row, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto rollback;
    }
    sqlite3_finalize(st);
    /* signatures_kept: only a review's keys are known (a submission whose
     * dossier could not be reviewed has none, and is said unknown) */
    if (!(st = srv_db_prepare(db, "UPDATE submissions SET status = 'done', error = NULL, finished = "
                                  "strftime('%s', 'now'), index_json = ?, findings_json = ?, missing_json = ?, "
                                  "check_json = ?, review_json = ?, overview_json = ?, signature_rules = ?, signatures_kept = ? "
                                  "WHERE id = ?")))
        goto rollback;
    sqlite3_bind_text(st, 1, r->index_json, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, r->findings_json, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, r->missing_json, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, r->check_json, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, r->review_json, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, r->overview_json, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 7, SRV_SIGNATURE_RULES); /* the rules these verdicts were given under */
    sqlite3_bind_int(st, 8, r->review_json != NULL);
    sqlite3_bind_int64(st, 9, r->id);
    if (sqlite3_step(st) != SQLITE_DONE || srv_db_commit(db) != 0)
        goto rollback;
    rc = 0;
    goto out;
rollback:
    srv_db_rollback(db);
broken:
    kc_error_set(err, KC_EIO, _("the results could not be stored: %s"), sqlite3_errmsg(db));
out:
    sqlite3_finalize(st);
    srv_db_unlock(s);
    return rc;
}
