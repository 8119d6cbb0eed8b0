/* api_sub.c: the submissions API.
 *
 *   POST /api/submissions                        the upload (upload.c) → 202 {"id"}
 *   GET  /api/submissions[?year=Y]               those the user may see
 *   GET  /api/submissions/{id}                   status, progress, index, documents, findings, …
 *   GET  /api/submissions/{id}/documents/{n}     one document's verdict (the drill-down)
 *   GET  /api/submissions/{id}/dossier.zip       the dossier
 *   GET  /api/submissions/{id}/{verify,index,report}.html   the HTML reports
 *
 * A submission the user may not see is answered exactly as one that does
 * not exist: 404. */
#include <stdlib.h>
#include <string.h>

#include "server.h"

/* A JSON text added as an array element (null when it does not parse). */
static void add_value(JsonBuilder *b, const char *json)
{
    JsonNode *n = json ? json_from_string(json, NULL) : NULL;
    if (n)
        json_builder_add_value(b, n);
    else
        json_builder_add_null_value(b);
}

static void add_document(void *ud, const char *verdict)
{
    add_value(ud, verdict);
}

static double progress_of(srv *s, const srv_sub *sub)
{
    if (strcmp(sub->status, "done") == 0)
        return 1;
    double p = strcmp(sub->status, "running") == 0 ? srv_jobs_progress(s->jobs, sub->id) : 0;
    return p < 0 ? 0 : p;
}

static char *sub_json(srv *s, sqlite3 *db, const srv_sub *sub)
{
    char url[96];
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    kc_json_add_int(b, "id", sub->id);
    kc_json_add_str(b, "commune", sub->commune);
    kc_json_add_str(b, "district", sub->district);
    kc_json_add_int(b, "year", sub->year);
    kc_json_add_str(b, "kind", sub->kind);
    kc_json_add_str(b, "status", sub->status);
    json_builder_set_member_name(b, "progress");
    json_builder_add_double_value(b, progress_of(s, sub));
    kc_json_add_str(b, "error", sub->error);
    kc_json_add_str(b, "user", sub->user);
    kc_json_add_int(b, "created", sub->created);
    if (sub->finished)
        kc_json_add_int(b, "finished", sub->finished);
    else
        kc_json_add_str(b, "finished", NULL);
    kc_json_add_json(b, "index", sub->index_json);
    json_builder_set_member_name(b, "documents");
    json_builder_begin_array(b);
    srv_sub_each_document(db, sub->id, add_document, b);
    json_builder_end_array(b);
    kc_json_add_json(b, "findings", sub->findings_json ? sub->findings_json : "[]");
    kc_json_add_json(b, "missing", sub->missing_json ? sub->missing_json : "[]");
    kc_json_add_json(b, "check", sub->check_json);
    kc_json_add_json(b, "review", sub->review_json); /* the overview's row, with the register's rows */
    json_builder_set_member_name(b, "files");
    json_builder_begin_array(b);
    GPtrArray *files = srv_sub_files(db, sub->id);
    for (guint i = 0; i < files->len; i++) {
        const srv_file *f = files->pdata[i];
        json_builder_begin_object(b);
        kc_json_add_str(b, "name", f->name);
        kc_json_add_int(b, "size", (int64_t)f->size);
        kc_json_add_str(b, "sha256", f->sha256);
        json_builder_end_object(b);
    }
    g_ptr_array_unref(files);
    json_builder_end_array(b);
    json_builder_set_member_name(b, "downloads");
    json_builder_begin_object(b);
    GPtrArray *kinds = srv_sub_outputs(db, sub->id);
    for (guint i = 0; i < kinds->len; i++) {
        const char *k = kinds->pdata[i];
        g_snprintf(url, sizeof url, "/api/submissions/%" G_GINT64_FORMAT "/%s%s", sub->id, k,
                   strcmp(k, "dossier") == 0 ? ".zip" : "");
        kc_json_add_str(b, k, url);
    }
    g_ptr_array_unref(kinds);
    json_builder_end_object(b);
    json_builder_end_object(b);
    return kc_json_finish(b, false);
}

static void list(srv *s, SoupServerMessage *msg, const srv_user *u)
{
    char *y = srv_query_get(soup_server_message_get_uri(msg) ? g_uri_get_query(soup_server_message_get_uri(msg))
                                                            : NULL,
                            "year");
    int year = y ? srv_parse_year(y) : 0;
    g_free(y);
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "submissions");
    json_builder_begin_array(b);
    sqlite3 *db = srv_db_lock(s->store);
    /* The user's own in SQL, before the limit: filtered after it, the 5000
     * newest of every commune (a neighbour's script sending submission after
     * submission, or a province's years) left a clerk's list empty.  A
     * district's communes are found once, not its name compared again on
     * every submission of the store (28,000 calls for 2,000 communes' 7
     * years, under the database lock at every refresh of the list). */
    sqlite3_stmt *st = srv_db_prepare(db, "SELECT s.id, s.commune_id, c.name, c.district, s.year, s.kind, s.status, "
                                          "s.created, s.finished, u.name FROM submissions s "
                                          "JOIN communes c ON c.id = s.commune_id LEFT JOIN users u ON u.id = s.user_id "
                                          "WHERE (?1 = 0 OR s.year = ?1) AND (?2 = 0 OR (?2 = 1 AND s.commune_id = ?3) "
                                          "OR (?2 = 2 AND s.commune_id IN (SELECT id FROM communes WHERE kc_authority_same(district, ?4)))) "
                                          "ORDER BY s.id DESC LIMIT 5000");
    if (st) {
        sqlite3_bind_int(st, 1, year);
        sqlite3_bind_int(st, 2, u->role == SRV_ROLE_ADMIN ? 0 : u->role == SRV_ROLE_COMMUNE ? 1 : 2);
        sqlite3_bind_int64(st, 3, u->commune_id);
        sqlite3_bind_text(st, 4, u->district ? u->district : "", -1, SQLITE_STATIC);
    }
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        srv_sub sub = {0};
        sub.id = sqlite3_column_int64(st, 0);
        sub.commune_id = sqlite3_column_int64(st, 1);
        const char *district = (const char *)sqlite3_column_text(st, 3);
        if (!srv_user_sees_commune(u, sub.commune_id, district))
            continue;
        sub.status = (char *)sqlite3_column_text(st, 6);
        json_builder_begin_object(b);
        kc_json_add_int(b, "id", sub.id);
        kc_json_add_str(b, "commune", (const char *)sqlite3_column_text(st, 2));
        kc_json_add_int(b, "year", sqlite3_column_int(st, 4));
        kc_json_add_str(b, "kind", (const char *)sqlite3_column_text(st, 5));
        kc_json_add_str(b, "status", sub.status);
        json_builder_set_member_name(b, "progress");
        json_builder_add_double_value(b, progress_of(s, &sub));
        kc_json_add_int(b, "created", sqlite3_column_int64(st, 7));
        kc_json_add_str(b, "user", (const char *)sqlite3_column_text(st, 9));
        json_builder_end_object(b);
    }
    sqlite3_finalize(st);
    srv_db_unlock(s->store);
    json_builder_end_array(b);
    json_builder_end_object(b);
    srv_reply_json(msg, SOUP_STATUS_OK, kc_json_finish(b, false));
}

/* "dossier.zip" → ("dossier", application/zip); "verify.html" → ("verify.html", text/html). */
static bool output_kind(const char *rest, const char **kind, const char **type)
{
    static const char *const pages[] = {"verify.html", "index.html", "report.html"};
    if (strcmp(rest, "dossier.zip") == 0) {
        *kind = "dossier";
        *type = "application/zip";
        return true;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(pages); i++)
        if (strcmp(rest, pages[i]) == 0) {
            *kind = pages[i];
            *type = "text/html; charset=utf-8";
            return true;
        }
    return false;
}

static void one_document(SoupServerMessage *msg, sqlite3 *db, int64_t id, const char *n)
{
    char *end = NULL;
    long seq = strtol(n, &end, 10);
    char *verdict = NULL;
    sqlite3_stmt *st = (end && !*end && *n && seq >= 0)
                           ? srv_db_prepare(db, "SELECT verdict FROM documents WHERE submission_id = ? AND seq = ?")
                           : NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, seq);
        if (sqlite3_step(st) == SQLITE_ROW)
            verdict = g_strdup((const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    if (verdict)
        srv_reply_json(msg, SOUP_STATUS_OK, verdict);
    else
        srv_reply_error(msg, SOUP_STATUS_NOT_FOUND, N_("there is no such document in this submission"));
}

/* Another commune's submission (another district's, for an officer) is
 * answered as one that does not exist, so that its id tells nothing; but
 * the attempt is written in the audit log: a clerk reading through the ids
 * of the others' submissions, their documents and dossiers, left no trace,
 * while the security model says every refusal is there.  The row names no
 * submission: the reads refused to one account from one address within ten
 * minutes count in one row (srv_audit), so that a script reading through
 * every id again and again does not grow the log by a row an id (who,
 * from where, when and how often is what tells a probe).  An id that does
 * not exist is written as well, under its own detail: the write takes time,
 * and only one of the two paying it told them apart. */
static void refused_read(srv *s, SoupServerMessage *msg, srv_session *ss, bool exists)
{
    srv_audit(s->store, &ss->user, srv_peer(msg), "read-refused", NULL,
              exists ? "another commune's or district's submission" : "a submission that does not exist");
}

void srv_api_submissions(srv *s, SoupServerMessage *msg, const char *path)
{
    const char *method = soup_server_message_get_method(msg);
    bool post = strcmp(method, "POST") == 0;
    srv_session *ss = srv_require_session(s, msg, post);
    if (!ss)
        return;
    if (strcmp(path, "/api/submissions") == 0) {
        if (post)
            srv_upload_finish(s, msg, ss);
        else if (strcmp(method, "GET") == 0)
            list(s, msg, &ss->user);
        else
            srv_reply_error(msg, SOUP_STATUS_METHOD_NOT_ALLOWED, N_("this address does not take that method"));
        return;
    }
    const char *p = path + strlen("/api/submissions");
    char *end = NULL;
    long long id = *p == '/' && g_ascii_isdigit(p[1]) ? strtoll(p + 1, &end, 10) : 0;
    if (id <= 0 || (*end && *end != '/')) {
        srv_reply_error(msg, SOUP_STATUS_NOT_FOUND, N_("there is no such submission"));
        return;
    }
    if (strcmp(method, "GET") != 0) {
        srv_reply_error(msg, SOUP_STATUS_METHOD_NOT_ALLOWED, N_("this address does not take that method"));
        return;
    }
    const char *rest = *end ? end + 1 : "", *kind, *type, *downloaded = NULL;
    srv_sub sub = {0};
    sqlite3 *db = srv_db_lock(s->store);
    bool found;
    if (!srv_sub_visible(db, id, &ss->user, &found) || !srv_sub_get(db, id, &sub)) {
        srv_db_unlock(s->store);
        srv_reply_error(msg, SOUP_STATUS_NOT_FOUND, N_("there is no such submission"));
        /* An id that does not exist writes its row too (rtdesk23): written
         * for another's submission alone, the audit's synchronous commit
         * made that 404 slower than an id that does not exist, 150 pairs of
         * 150 here (p50 9.8 against 3.8 ms), so the time told which ids
         * other communes' submissions held.  Both now pay one commit. */
        refused_read(s, msg, ss, found);
        return;
    }
    if (!*rest) {
        srv_reply_json(msg, SOUP_STATUS_OK, sub_json(s, db, &sub));
    } else if (g_str_has_prefix(rest, "documents/")) {
        one_document(msg, db, id, rest + strlen("documents/"));
    } else if (output_kind(rest, &kind, &type)) {
        char *hex = srv_sub_output(db, id, kind);
        char *blob = hex ? srv_blob_path(s->store, hex) : NULL;
        char *name = strcmp(kind, "dossier") == 0 ? g_strdup_printf("ho-so-%s-%d.zip", sub.commune, sub.year) : NULL;
        if (blob) {
            downloaded = kind;
            srv_reply_file(msg, blob, type, name);
        } else
            srv_reply_error(msg, SOUP_STATUS_NOT_FOUND,
                            strcmp(sub.status, "done") == 0 ? N_("this submission has no such file")
                                                            : N_("not ready yet: the submission is still being checked"));
        g_free(hex);
        g_free(blob);
        g_free(name);
    } else {
        srv_reply_error(msg, SOUP_STATUS_NOT_FOUND, N_("there is no such API address"));
    }
    srv_db_unlock(s->store);
    srv_sub_clear(&sub);
    if (downloaded) { /* after the unlock: srv_audit takes the store's lock itself */
        char object[48];
        g_snprintf(object, sizeof object, "submission %lld", id);
        srv_audit(s->store, &ss->user, srv_peer(msg), "download", object, downloaded);
    }
}
