/* api_overview.c: the district's table.
 *
 *   GET /api/overview?year=Y   {"year": Y, "communes": [one row per commune the
 *                              user may see, submitted or not]}; 403 for a commune user
 *   GET /api/communes          the communes the user may see
 *
 * Each row is the review library's (review.h): the row the submission's worker
 * computed from its dossier with kc_review_* and stored (check and seal,
 * lint, criteria 20-22 computed and claimed, indeterminate and other-agency
 * signatures), the same row `kiemchung review` gives for that dossier; a
 * commune that sent nothing gets kc_review_add_missing's row.  The
 * submission is the finished one of the year whose seal is proven the latest,
 * the newest of those proven alike (submission_of; else the newest of any
 * state), and the same for the year before. */
#include <stdlib.h>
#include <string.h>

#include "server.h"

typedef struct commune_row {
    int64_t id;
    char *name, *district;
} commune_row;

static void commune_row_free(gpointer p)
{
    commune_row *c = p;
    g_free(c->name);
    g_free(c->district);
    g_free(c);
}

/* The communes u may see, by name (locked db). */
static GPtrArray *communes_of(sqlite3 *db, const srv_user *u)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(commune_row_free);
    sqlite3_stmt *st = srv_db_prepare(db, "SELECT id, name, district FROM communes ORDER BY name");
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        const char *district = (const char *)sqlite3_column_text(st, 2);
        if (!srv_user_sees_commune(u, id, district))
            continue;
        commune_row *c = g_new0(commune_row, 1);
        c->id = id;
        c->name = g_strdup((const char *)sqlite3_column_text(st, 1));
        c->district = g_strdup(district);
        g_ptr_array_add(out, c);
    }
    sqlite3_finalize(st);
    return out;
}

/* A member of a stored JSON object, as a new node (NULL when absent). */
static JsonNode *member_of(const char *json, const char *key)
{
    JsonNode *root = json ? json_from_string(json, NULL) : NULL, *out = NULL;
    if (root && JSON_NODE_HOLDS_OBJECT(root) && json_object_has_member(json_node_get_object(root), key))
        out = json_node_copy(json_object_get_member(json_node_get_object(root), key));
    if (root)
        json_node_unref(root);
    return out;
}

/* When a finished submission's dossier is proven to have been made: its
 * seal's proven time (a timestamp, as `review` reads it), 0 when nothing
 * proves one (a dossier the desk made of a clerk's files, a seal without a
 * timestamp). */
static int64_t sealed_at(const char *overview_json)
{
    int64_t at = 0;
    JsonNode *seal = member_of(overview_json, "seal");
    const char *iso = seal && JSON_NODE_HOLDS_OBJECT(seal)
                          ? json_object_get_string_member_with_default(json_node_get_object(seal), "proven_time", NULL)
                          : NULL;
    GDateTime *t = iso ? g_date_time_new_from_iso8601(iso, NULL) : NULL;
    if (t)
        at = g_date_time_to_unix(t);
    if (t)
        g_date_time_unref(t);
    if (seal)
        json_node_unref(seal);
    return at > 0 ? at : 0;
}

/* The submission that stands for a commune's year, and how many other
 * finished ones there are (*others).  `review`'s rule (review_rows.c): of the
 * finished ones, the one whose seal is proven the latest; of those proven
 * alike (none proven: a clerk's files, seals without a timestamp), the newest
 * received.  rtnum19: the newest finished one stood, so a mailed dossier the
 * district uploaded after the commune's corrected one, older by its seal's
 * timestamp, put its figures in the district's table, while `review` of the
 * two dossiers added up the corrected one.  None finished: the newest of any
 * state. */
static int64_t submission_of(sqlite3 *db, int64_t commune, int year, int64_t *others)
{
    int64_t id = 0, best = -1, n = 0;
    sqlite3_stmt *st = srv_db_prepare(db, "SELECT id, overview_json FROM submissions WHERE commune_id = ? AND "
                                          "year = ? AND status = 'done' ORDER BY id DESC");
    if (st) {
        sqlite3_bind_int64(st, 1, commune);
        sqlite3_bind_int(st, 2, year);
    }
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        int64_t at = sealed_at((const char *)sqlite3_column_text(st, 1));
        n++;
        if (at > best) { /* the newest of those proven alike: the first */
            best = at;
            id = sqlite3_column_int64(st, 0);
        }
    }
    sqlite3_finalize(st);
    *others = n > 1 ? n - 1 : 0;
    if (id)
        return id;
    st = srv_db_prepare(db, "SELECT id FROM submissions WHERE commune_id = ? AND year = ? ORDER BY id DESC LIMIT 1");
    if (st) {
        sqlite3_bind_int64(st, 1, commune);
        sqlite3_bind_int(st, 2, year);
        if (sqlite3_step(st) == SQLITE_ROW)
            id = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return id;
}

static void add_criteria(JsonBuilder *b, sqlite3 *db, int64_t sub)
{
    json_builder_set_member_name(b, "criteria");
    json_builder_begin_object(b);
    sqlite3_stmt *st = srv_db_prepare(db, "SELECT number, numerator, denominator, text, claimed FROM criteria "
                                          "WHERE submission_id = ? ORDER BY number");
    if (st)
        sqlite3_bind_int64(st, 1, sub);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        json_builder_set_member_name(b, (const char *)sqlite3_column_text(st, 0));
        json_builder_begin_object(b);
        bool computed = sqlite3_column_type(st, 1) != SQLITE_NULL;
        kc_ratio r = {(size_t)sqlite3_column_int64(st, 1), (size_t)sqlite3_column_int64(st, 2)};
        int tenths = computed ? kc_ratio_tenths(r) : -1;
        if (computed) {
            kc_json_add_int(b, "numerator", (int64_t)r.numerator);
            kc_json_add_int(b, "denominator", (int64_t)r.denominator);
        } else {
            kc_json_add_str(b, "numerator", NULL);
            kc_json_add_str(b, "denominator", NULL);
        }
        json_builder_set_member_name(b, "percent");
        if (tenths < 0)
            json_builder_add_null_value(b);
        else
            json_builder_add_double_value(b, tenths / 10.0);
        kc_json_add_str(b, "text", (const char *)sqlite3_column_text(st, 3));
        kc_json_add_str(b, "claimed", (const char *)sqlite3_column_text(st, 4));
        json_builder_end_object(b);
    }
    sqlite3_finalize(st);
    json_builder_end_object(b);
}

static int64_t count(sqlite3 *db, const char *sql, int64_t sub)
{
    int64_t n = 0;
    sqlite3_stmt *st = srv_db_prepare(db, sql);
    if (st) {
        sqlite3_bind_int64(st, 1, sub);
        if (sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return n;
}

/* One year of one commune from the submission's stored results: a
 * submission analysed before the review's row was stored with it (or not
 * finished), as the overview showed them before. */
static void add_stored(JsonBuilder *b, sqlite3 *db, const srv_sub *sub)
{
    add_criteria(b, db, sub->id);
    kc_json_add_int(b, "documents", count(db, "SELECT count(*) FROM documents WHERE submission_id = ?", sub->id));
    kc_json_add_int(b, "indeterminate", count(db, "SELECT count(*) FROM documents WHERE submission_id = ? AND "
                                                  "status = 'indeterminate'", sub->id));
    /* a dossier sent by other means: its check and seal (check --json's keys) */
    JsonNode *ok = member_of(sub->check_json, "ok"), *seal = member_of(sub->check_json, "seal");
    json_builder_set_member_name(b, "check_ok");
    json_builder_add_value(b, ok ? ok : json_node_new(JSON_NODE_NULL));
    json_builder_set_member_name(b, "seal");
    json_builder_add_value(b, seal ? seal : json_node_new(JSON_NODE_NULL));
}

/* The review's row as the library gives it (review.h), stored without the
 * register's rows (one object per outgoing document: a submission's detail,
 * too much for a table of every commune), as a builder's members.  Returns
 * the number of its lint's findings, -1 when it linted no report. */
static int64_t add_review(JsonBuilder *b, const char *review_json)
{
    JsonNode *root = json_from_string(review_json, NULL);
    int64_t findings = -1;
    if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
        if (root)
            json_node_unref(root);
        return -1;
    }
    JsonObject *o = json_node_get_object(root);
    JsonObjectIter it;
    const char *key;
    JsonNode *value;
    json_object_iter_init(&it, o);
    while (json_object_iter_next(&it, &key, &value)) {
        if (strcmp(key, "rows") == 0 || strcmp(key, "commune") == 0 || strcmp(key, "district") == 0 ||
            strcmp(key, "year") == 0 || strcmp(key, "submission") == 0)
            continue; /* the desk's own, set by the caller */
        json_builder_set_member_name(b, key);
        json_builder_add_value(b, json_node_copy(value));
        if (strcmp(key, "lint") == 0 && JSON_NODE_HOLDS_OBJECT(value)) {
            JsonNode *f = json_object_get_member(json_node_get_object(value), "findings");
            if (f && JSON_NODE_HOLDS_ARRAY(f))
                findings = json_array_get_length(json_node_get_array(f));
        }
        if (strcmp(key, "check") == 0) { /* check_ok: what `check` says of the dossier itself */
            JsonNode *ok = JSON_NODE_HOLDS_OBJECT(value) ? json_object_get_member(json_node_get_object(value), "ok")
                                                         : NULL;
            json_builder_set_member_name(b, "check_ok");
            json_builder_add_value(b, ok ? json_node_copy(ok) : json_node_new(JSON_NODE_NULL));
        }
    }
    json_node_unref(root);
    return findings;
}

/* The review's row for a commune that sent nothing (kc_review_add_missing). */
static void add_missing(JsonBuilder *b, srv *s, const char *commune, int year)
{
    kc_review_opts ro = {.trust = s->cfg.trust, .year = year};
    kc_review *r = NULL;
    char *json = NULL;
    if (kc_review_new(&r, &ro, NULL) == 0 && kc_review_add_missing(r, commune, year, NULL) == 0)
        json = kc_review_row_to_json(kc_review_get(r, 0));
    kc_review_free(r);
    if (json)
        (void)add_review(b, json);
    free(json);
    json_builder_set_member_name(b, "seal"); /* nothing sent, nothing sealed or not */
    json_builder_add_null_value(b);
}

/* One year of one commune: the review's row for its submission's dossier
 * (the same row `kiemchung review` gives for that dossier), and the desk's
 * own keys around it: the submission, its state, and what its analysis
 * found in the files themselves (each document's verdict, the findings,
 * the criteria without evidence). */
static void add_year(JsonBuilder *b, srv *s, sqlite3 *db, const srv_user *u, const commune_row *c, int year)
{
    int64_t others = 0, id = submission_of(db, c->id, year, &others);
    srv_sub sub = {0};
    kc_json_add_str(b, "commune", c->name);
    kc_json_add_str(b, "district", c->district);
    kc_json_add_int(b, "year", year);
    if (!id || !srv_sub_get(db, id, &sub)) {
        kc_json_add_str(b, "submission", NULL);
        kc_json_add_str(b, "status", NULL);
        add_missing(b, s, c->name, year);
        return;
    }
    kc_json_add_int(b, "submission", id);
    /* the commune's other finished submissions of the year, not shown */
    kc_json_add_int(b, "other_submissions", others);
    kc_json_add_str(b, "status", sub.status);
    kc_json_add_str(b, "kind", sub.kind);
    int64_t findings = -1;
    if (sub.overview_json && strcmp(sub.status, "done") == 0)
        findings = add_review(b, sub.overview_json);
    else
        add_stored(b, db, &sub);
    /* the documents as documents: each file's own verdict (a document whose
     * signature is invalid is not a problem of the dossier's check) */
    kc_json_add_int(b, "verified", count(db, "SELECT count(*) FROM documents WHERE submission_id = ?", id));
    kc_json_add_int(b, "valid", count(db, "SELECT count(*) FROM documents WHERE submission_id = ? AND status = "
                                          "'valid'", id));
    kc_json_add_int(b, "invalid", count(db, "SELECT count(*) FROM documents WHERE submission_id = ? AND status = "
                                            "'invalid'", id));
    /* the findings: the review's lint of the report inside the dossier, as
     * `kiemchung review` counts them; else those of the report sent */
    kc_json_add_int(b, "findings",
                    findings >= 0 ? findings : count(db, "SELECT count(*) FROM findings WHERE submission_id = ?", id));
    JsonNode *missing = sub.missing_json ? json_from_string(sub.missing_json, NULL) : NULL;
    kc_json_add_int(b, "missing", missing && JSON_NODE_HOLDS_ARRAY(missing)
                                      ? json_array_get_length(json_node_get_array(missing)) : 0);
    if (missing)
        json_node_unref(missing);
    srv_overview_add_shared(b, db, u, id, c->id, year);
    srv_sub_clear(&sub);
}

char *srv_overview_json(srv *s, const srv_user *u, int year)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    kc_json_add_int(b, "year", year);
    json_builder_set_member_name(b, "communes");
    json_builder_begin_array(b);
    sqlite3 *db = srv_db_lock(s->store);
    GPtrArray *communes = communes_of(db, u);
    for (guint i = 0; i < communes->len; i++) {
        const commune_row *c = communes->pdata[i];
        json_builder_begin_object(b);
        add_year(b, s, db, u, c, year);
        json_builder_set_member_name(b, "previous");
        json_builder_begin_object(b);
        add_year(b, s, db, u, c, year - 1);
        json_builder_end_object(b);
        json_builder_end_object(b);
    }
    srv_db_unlock(s->store);
    g_ptr_array_unref(communes);
    json_builder_end_array(b);
    json_builder_end_object(b);
    return kc_json_finish(b, false);
}

void srv_api_overview(srv *s, SoupServerMessage *msg, const char *path)
{
    if (strcmp(soup_server_message_get_method(msg), "GET") != 0) {
        srv_reply_error(msg, SOUP_STATUS_METHOD_NOT_ALLOWED, N_("this address does not take that method"));
        return;
    }
    srv_session *ss = srv_require_session(s, msg, false);
    if (!ss)
        return;
    if (strcmp(path, "/api/communes") == 0) {
        JsonBuilder *b = json_builder_new();
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "communes");
        json_builder_begin_array(b);
        sqlite3 *db = srv_db_lock(s->store);
        GPtrArray *communes = communes_of(db, &ss->user);
        srv_db_unlock(s->store);
        for (guint i = 0; i < communes->len; i++) {
            const commune_row *c = communes->pdata[i];
            json_builder_begin_object(b);
            kc_json_add_str(b, "commune", c->name);
            kc_json_add_str(b, "district", c->district);
            json_builder_end_object(b);
        }
        g_ptr_array_unref(communes);
        json_builder_end_array(b);
        json_builder_end_object(b);
        srv_reply_json(msg, SOUP_STATUS_OK, kc_json_finish(b, false));
        return;
    }
    if (strcmp(path, "/api/overview") != 0) {
        srv_reply_error(msg, SOUP_STATUS_NOT_FOUND, N_("there is no such API address"));
        return;
    }
    if (ss->user.role == SRV_ROLE_COMMUNE) {
        srv_reply_error(msg, SOUP_STATUS_FORBIDDEN, N_("the overview is for the district: a commune sees its own "
                                                       "submissions"));
        return;
    }
    GUri *uri = soup_server_message_get_uri(msg);
    char *y = srv_query_get(uri ? g_uri_get_query(uri) : NULL, "year");
    int year = srv_parse_year(y);
    g_free(y);
    if (!year) {
        srv_reply_error(msg, SOUP_STATUS_BAD_REQUEST, N_("give the year: /api/overview?year=2024"));
        return;
    }
    srv_reply_json(msg, SOUP_STATUS_OK, srv_overview_json(s, &ss->user, year));
}
