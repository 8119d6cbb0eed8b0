/* test_server_submit.c: the server's handlers for submissions, end to end on a
 * loopback port (the fixture and the client: test_server_fx.h):
 *
 * the CSRF token on every state-changing request (403 without it, or with another
 * session's), a submission of the sample commune through to its results
 * (criterion 20 = 5/7, the dossier), who sees what (another commune: 404; the
 * overview: 403 for a commune, every commune of the district for its officer),
 * refused uploads that leave no row and no file (over the size limit, a "../"
 * name, a zip bomb). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "cli.h"
#include "kc_config.h"
#include "server.h"
#include "test_tmpdir.h"

#include "test_server_fx.h"

/* ---- uploads ------------------------------------------------------------------------- */

/* A multipart body: "year", then each (name, bytes). */
static GBytes *form(int year, const char *const *names, GBytes *const *files, size_t n, char **type)
{
    SoupMultipart *mp = soup_multipart_new("multipart/form-data");
    char y[8];
    g_snprintf(y, sizeof y, "%d", year);
    soup_multipart_append_form_string(mp, "year", y);
    for (size_t i = 0; i < n; i++) {
        /* libsoup's writer would keep the folder too, but it escapes nothing:
         * the header is written by hand, as a browser does. */
        SoupMessageHeaders *h = soup_message_headers_new(SOUP_MESSAGE_HEADERS_MULTIPART);
        char *d = g_strdup_printf("form-data; name=\"file\"; filename=\"%s\"", names[i]);
        soup_message_headers_replace(h, "Content-Disposition", d);
        soup_multipart_append_part(mp, h, files[i]);
        soup_message_headers_unref(h);
        g_free(d);
    }
    SoupMessageHeaders *h = soup_message_headers_new(SOUP_MESSAGE_HEADERS_REQUEST);
    GBytes *body = NULL;
    soup_multipart_to_message(mp, h, &body);
    *type = g_strdup(soup_message_headers_get_one(h, "Content-Type"));
    soup_message_headers_unref(h);
    soup_multipart_free(mp);
    return body;
}

static GBytes *sample(const char *rel)
{
    char *p = g_build_filename(getenv("KC_SOURCE_ROOT"), "samples", rel, NULL), *data = NULL;
    gsize len = 0;
    assert_true(g_file_get_contents(p, &data, &len, NULL));
    g_free(p);
    return g_bytes_new_take(data, len);
}

static reply submit(fx *f, const session *s, const char *const *names, GBytes *const *files, size_t n)
{
    char *type = NULL;
    GBytes *body = form(2021, names, files, n, &type);
    req q = {.method = "POST", .path = "/api/submissions", .body = body, .type = type, .cookie = s->cookie, .csrf = s->csrf};
    reply r = call(f, &q);
    g_bytes_unref(body);
    g_free(type);
    return r;
}

/* Rows and files: what a refused request must leave as it found them. */
static int64_t rows(fx *f)
{
    sqlite3 *db = srv_db_lock(f->s->store);
    sqlite3_stmt *q = srv_db_prepare(db, "SELECT (SELECT count(*) FROM submissions) + (SELECT count(*) FROM files)");
    int64_t n = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
    sqlite3_finalize(q);
    srv_db_unlock(f->s->store);
    return n;
}

static size_t files_under(const char *dir)
{
    size_t n = 0;
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        char *p = g_build_filename(dir, name, NULL);
        n += g_file_test(p, G_FILE_TEST_IS_DIR) ? files_under(p) : 1;
        g_free(p);
    }
    if (d)
        g_dir_close(d);
    return n;
}

static const char *const sample_names[] = {
    "so-van-ban-di-2021.csv", "docs/03-KH-UBND.pdf", "docs/12-QD-UBND.pdf", "docs/15-UBND-VX.pdf",
    "docs/18-GM-UBND.docx", "docs/18-GM-UBND.docx.p7s", "docs/21-BC-UBND.pdf", "docs/25-TB-UBND.pdf",
    "docs/30-QD-UBND.pdf", "report-2021.txt"};
#define N_SAMPLE G_N_ELEMENTS(sample_names)

static char *wait_done(fx *f, const session *s, const char *id)
{
    char *path = g_strdup_printf("/api/submissions/%s", id), *status = NULL;
    reply r = {0};
    for (int i = 0; i < 600; i++) {
        req q = {.method = "GET", .path = path, .cookie = s->cookie};
        reply_clear(&r);
        r = call(f, &q);
        assert_int_equal(r.status, 200);
        g_free(status);
        status = member(r.body, "status");
        if (strcmp(status, "done") == 0 || strcmp(status, "failed") == 0)
            break;
        g_usleep(100000);
    }
    assert_string_equal(status, "done");
    g_free(status);
    g_free(path);
    char *body = g_steal_pointer(&r.body);
    reply_clear(&r);
    return body;
}

/* The overview's row of one commune (*n holds the parsed reply: unref it). */
static JsonObject *overview_row(const char *body, const char *commune, JsonNode **n)
{
    *n = json_from_string(body, NULL);
    assert_non_null(*n);
    JsonArray *rows = json_object_get_array_member(json_node_get_object(*n), "communes");
    for (guint i = 0; rows && i < json_array_get_length(rows); i++) {
        JsonObject *row = json_array_get_object_element(rows, i);
        if (strcmp(json_object_get_string_member(row, "commune"), commune) == 0)
            return row;
    }
    return NULL;
}

static void test_submission(void **state)
{
    fx *f = *state;
    GBytes *files[N_SAMPLE];
    for (size_t i = 0; i < N_SAMPLE; i++)
        files[i] = sample(sample_names[i]);
    session s = login(f, "clerk");
    /* without the token: refused before the body is read, nothing written */
    char *type = NULL;
    GBytes *body = form(2021, sample_names, files, N_SAMPLE, &type);
    req q = {.method = "POST", .path = "/api/submissions", .body = body, .type = type, .cookie = s.cookie, .csrf = NULL};
    reply r = call(f, &q);
    assert_int_equal(r.status, 403);
    reply_clear(&r);
    q.csrf = "0000000000000000000000000000000000000000000000000000000000000000";
    r = call(f, &q);
    assert_int_equal(r.status, 403);
    reply_clear(&r);
    assert_int_equal(rows(f), 0);
    g_bytes_unref(body);
    g_free(type);

    r = submit(f, &s, sample_names, files, N_SAMPLE);
    assert_int_equal(r.status, 202);
    char *id = member(r.body, "id");
    assert_non_null(id);
    reply_clear(&r);
    char *done = wait_done(f, &s, id);
    JsonNode *n = json_from_string(done, NULL);
    JsonObject *o = json_node_get_object(n);
    JsonObject *c20 = json_object_get_object_member(
        json_object_get_object_member(json_object_get_object_member(o, "index"), "criteria"), "20");
    assert_int_equal(json_object_get_int_member(c20, "numerator"), 5);
    assert_int_equal(json_object_get_int_member(c20, "denominator"), 7);
    assert_string_equal(json_object_get_string_member(c20, "text"), "71,4%");
    assert_string_equal(json_object_get_string_member(o, "commune"), "Xã Thủy An");
    JsonArray *docs = json_object_get_array_member(o, "documents");
    assert_int_equal(json_array_get_length(docs), 7);
    JsonObject *first = json_array_get_object_element(docs, 0);
    assert_string_equal(json_object_get_string_member(first, "file"), "docs/03-KH-UBND.pdf"); /* the client's name */
    assert_string_equal(json_object_get_string_member(first, "status"), "valid");
    assert_true(json_object_has_member(o, "findings"));
    json_node_unref(n);
    g_free(done);

    /* the dossier and a report page */
    char *path = g_strdup_printf("/api/submissions/%s/dossier.zip", id);
    req dz = {.method = "GET", .path = path, .cookie = s.cookie};
    r = call(f, &dz);
    assert_int_equal(r.status, 200);
    assert_true(r.len > 1000 && memcmp(r.body, "PK\3\4", 4) == 0);
    reply_clear(&r);
    g_free(path);
    path = g_strdup_printf("/api/submissions/%s/verify.html", id);
    dz.path = path;
    r = call(f, &dz);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "03-KH-UBND.pdf"));
    assert_null(strstr(r.body, f->dir)); /* no path of the server's disk in what it shows */
    reply_clear(&r);
    g_free(path);

    /* another commune's clerk: 404 for all of it, and no overview */
    session other = login(f, "other");
    path = g_strdup_printf("/api/submissions/%s", id);
    req peek = {.method = "GET", .path = path, .cookie = other.cookie};
    r = call(f, &peek);
    assert_int_equal(r.status, 404);
    reply_clear(&r);
    g_free(path);
    path = g_strdup_printf("/api/submissions/%s/dossier.zip", id);
    peek.path = path;
    r = call(f, &peek);
    assert_int_equal(r.status, 404);
    reply_clear(&r);
    g_free(path);
    peek.path = "/api/overview?year=2021";
    r = call(f, &peek);
    assert_int_equal(r.status, 403);
    reply_clear(&r);
    /* another session's cookie with one's own token: 403 */
    char *mine = g_strdup_printf("/api/submissions");
    char *ctype = NULL;
    body = form(2021, sample_names, files, 1, &ctype);
    req cross = {.method = "POST", .path = mine, .body = body, .type = ctype, .cookie = s.cookie, .csrf = other.csrf};
    r = call(f, &cross);
    assert_int_equal(r.status, 403);
    reply_clear(&r);
    g_bytes_unref(body);
    g_free(ctype);
    g_free(mine);

    /* the district's officer sees the commune in the year's table */
    session off = login(f, "officer");
    req ov = {.method = "GET", .path = "/api/overview?year=2021", .cookie = off.cookie};
    r = call(f, &ov);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "\"commune\":\"Xã Thủy An\""));
    assert_null(strstr(r.body, "Hồng Kim")); /* another district's */
    assert_non_null(strstr(r.body, "\"text\":\"71,4%\""));
    /* the row is the review library's for the dossier the server made: the
     * report's 100% not borne out, the (unsealed) dossier checks, the
     * document changed after signing counted as a document, the register's
     * rows left to the submission, the dossier named as it downloads */
    JsonObject *row = overview_row(r.body, "Xã Thủy An", &n);
    assert_non_null(row);
    c20 = json_object_get_object_member(json_object_get_object_member(row, "criteria"), "20");
    assert_string_equal(json_object_get_string_member(c20, "claimed"), "100%");
    assert_false(json_object_get_boolean_member(c20, "claim_holds"));
    assert_true(json_object_get_boolean_member(row, "check_ok"));
    assert_string_equal(json_object_get_string_member(json_object_get_object_member(row, "seal"), "status"), "none");
    assert_int_equal(json_object_get_int_member(row, "other_agency"), 0);
    assert_int_equal(json_object_get_int_member(row, "invalid"), 1);
    assert_false(json_object_has_member(row, "rows"));
    assert_string_equal(json_object_get_string_member(row, "dossier"), "ho-so-Xã Thủy An-2021.zip");
    assert_null(strstr(r.body, srv_store_dir(f->s->store)));
    json_node_unref(n);
    reply_clear(&r);
    /* a submission analysed before the review's row was stored: its row from
     * the stored results, as before */
    sqlite3 *db = srv_db_lock(f->s->store);
    char *saved = NULL;
    sqlite3_stmt *st = srv_db_prepare(db, "SELECT overview_json FROM submissions WHERE id = ?");
    sqlite3_bind_int(st, 1, atoi(id));
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    saved = g_strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    assert_int_equal(sqlite3_exec(db, "UPDATE submissions SET overview_json = NULL", NULL, NULL, NULL), SQLITE_OK);
    srv_db_unlock(f->s->store);
    r = call(f, &ov);
    assert_int_equal(r.status, 200);
    row = overview_row(r.body, "Xã Thủy An", &n);
    c20 = json_object_get_object_member(json_object_get_object_member(row, "criteria"), "20");
    assert_string_equal(json_object_get_string_member(c20, "text"), "71,4%");
    assert_false(json_object_has_member(c20, "claim_holds"));
    assert_true(json_object_get_null_member(row, "check_ok"));
    json_node_unref(n);
    reply_clear(&r);
    db = srv_db_lock(f->s->store);
    st = srv_db_prepare(db, "UPDATE submissions SET overview_json = ? WHERE id = ?");
    sqlite3_bind_text(st, 1, saved, -1, g_free);
    sqlite3_bind_int(st, 2, atoi(id));
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    srv_db_unlock(f->s->store);
    /* a commune of the district that has not submitted has its row (an
     * account added while the server runs); the next year shows this one
     * as the year before */
    add_user(f, "quiet", SRV_ROLE_COMMUNE, "Xã Phú An", "UBND huyện Phú Vang");
    r = call(f, &ov);
    assert_int_equal(r.status, 200);
    JsonObject *quiet = overview_row(r.body, "Xã Phú An", &n);
    assert_non_null(quiet);
    assert_true(json_object_get_null_member(quiet, "submission"));
    assert_true(json_object_get_null_member(quiet, "seal")); /* kc_review_add_missing's row */
    assert_true(json_object_get_null_member(quiet, "check"));
    assert_true(json_object_get_null_member(
        json_object_get_object_member(json_object_get_object_member(quiet, "criteria"), "20"), "text"));
    json_node_unref(n);
    reply_clear(&r);
    /* which of a commune's year's dossiers stands (rtnum19), as `review`
     * adds up the one whose seal is proven the latest: 2020's, the district's
     * uploads of two mailed dossiers, the corrected one (sealed 2022-02-01)
     * first, then the earlier one (sealed 2022-01-10) that came by post
     * after it.  The newest stood before, the earlier dossier's figures in
     * the table; now the corrected one, the other counted beside it. */
    db = srv_db_lock(f->s->store);
    const char *copy = "INSERT INTO submissions (commune_id, year, user_id, kind, status, created, overview_json) "
                       "SELECT commune_id, 2020, (SELECT id FROM users WHERE name = ?2), 'dossier', 'done', "
                       "created + ?3, json_set(overview_json, '$.seal.proven_time', ?4, '$.dossier', ?5) "
                       "FROM submissions WHERE id = ?1";
    const char *const mailed[][3] = {{"officer", "2022-02-01T00:00:00Z", "lan-2.zip"},
                                     {"officer", "2022-01-10T00:00:00Z", "lan-1.zip"},
                                     {"clerk", NULL, "online.zip"}};
    int64_t ids[3];
    for (int i = 0; i < 3; i++) {
        st = srv_db_prepare(db, copy);
        sqlite3_bind_int(st, 1, atoi(id));
        sqlite3_bind_text(st, 2, mailed[i][0], -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, 10 * (i + 1));
        if (mailed[i][1])
            sqlite3_bind_text(st, 4, mailed[i][1], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, mailed[i][2], -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(st), SQLITE_DONE);
        sqlite3_finalize(st);
        ids[i] = sqlite3_last_insert_rowid(db);
        if (i == 2) /* the clerk's own upload, sent later: not yet there */
            assert_int_equal(sqlite3_exec(db, "UPDATE submissions SET status = 'queued' WHERE year = 2020 AND "
                                              "kind = 'dossier' AND user_id = (SELECT id FROM users WHERE name = "
                                              "'clerk')", NULL, NULL, NULL), SQLITE_OK);
    }
    srv_db_unlock(f->s->store);
    ov.path = "/api/overview?year=2020";
    r = call(f, &ov);
    assert_int_equal(r.status, 200);
    row = overview_row(r.body, "Xã Thủy An", &n);
    assert_int_equal(json_object_get_int_member(row, "submission"), ids[0]);
    assert_string_equal(json_object_get_string_member(row, "dossier"), "lan-2.zip");
    assert_int_equal(json_object_get_int_member(row, "other_submissions"), 1);
    json_node_unref(n);
    reply_clear(&r);
    /* the commune's own clerk then sends it again online, unsealed: as
     * `review` has it, a dossier whose seal proves no time is not the
     * commune's proven last word, and the corrected one still stands */
    db = srv_db_lock(f->s->store);
    assert_int_equal(sqlite3_exec(db, "UPDATE submissions SET status = 'done' WHERE status = 'queued' AND year = 2020",
                                  NULL, NULL, NULL), SQLITE_OK);
    srv_db_unlock(f->s->store);
    r = call(f, &ov);
    assert_int_equal(r.status, 200);
    row = overview_row(r.body, "Xã Thủy An", &n);
    assert_int_equal(json_object_get_int_member(row, "submission"), ids[0]);
    assert_int_equal(json_object_get_int_member(row, "other_submissions"), 2);
    json_node_unref(n);
    reply_clear(&r);
    /* none proven (the timestamps gone): the newest received, as before */
    db = srv_db_lock(f->s->store);
    assert_int_equal(sqlite3_exec(db, "UPDATE submissions SET overview_json = json_set(overview_json, "
                                      "'$.seal.proven_time', NULL) WHERE year = 2020", NULL, NULL, NULL), SQLITE_OK);
    srv_db_unlock(f->s->store);
    r = call(f, &ov);
    assert_int_equal(r.status, 200);
    row = overview_row(r.body, "Xã Thủy An", &n);
    assert_int_equal(json_object_get_int_member(row, "submission"), ids[2]);
    json_node_unref(n);
    reply_clear(&r);
    ov.path = "/api/overview?year=2022";
    r = call(f, &ov);
    assert_int_equal(r.status, 200);
    JsonObject *next = overview_row(r.body, "Xã Thủy An", &n);
    assert_non_null(next);
    assert_true(json_object_get_null_member(next, "submission"));
    JsonObject *before = json_object_get_object_member(next, "previous");
    assert_int_equal(json_object_get_int_member(before, "year"), 2021);
    assert_int_equal(json_object_get_int_member(before, "submission"), atoi(id));
    JsonObject *b20 = json_object_get_object_member(json_object_get_object_member(before, "criteria"), "20");
    assert_string_equal(json_object_get_string_member(b20, "text"), "71,4%");
    json_node_unref(n);
    reply_clear(&r);
    ov.path = "/api/overview?year=20x1";
    r = call(f, &ov);
    assert_int_equal(r.status, 400);
    reply_clear(&r);
    session_clear(&off);
    session_clear(&other);
    session_clear(&s);
    g_free(id);
    for (size_t i = 0; i < N_SAMPLE; i++)
        g_bytes_unref(files[i]);
}

/* A zip of one entry of `size` zero bytes: tiny, and a bomb when large. */
static GBytes *zip_of_zeros(const char *dir, const char *entry, size_t size)
{
    char *path = g_build_filename(dir, "bomb.zip", NULL), *data = NULL;
    gsize len;
    int e;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &e);
    void *zeros = g_malloc0(size);
    zip_source_t *src = zip_source_buffer(z, zeros, size, 0);
    zip_file_add(z, entry, src, ZIP_FL_ENC_UTF_8);
    assert_int_equal(zip_close(z), 0);
    g_free(zeros);
    assert_true(g_file_get_contents(path, &data, &len, NULL));
    g_unlink(path);
    g_free(path);
    return g_bytes_new_take(data, len);
}

static void test_refused_uploads(void **state)
{
    fx *f = *state;
    session s = login(f, "clerk");
    char *blobs = g_build_filename(f->dir, "blobs", NULL), *tmp = g_build_filename(f->dir, "tmp", NULL);
    int64_t before = rows(f);
    size_t files_before = files_under(blobs);
    GBytes *pdf = sample("docs/03-KH-UBND.pdf");

    /* a name that climbs out of its folder */
    const char *climb[] = {"../../etc/03.pdf"};
    reply r = submit(f, &s, climb, &pdf, 1);
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(r.body, ".."));
    reply_clear(&r);
    const char *abs[] = {"/etc/03.pdf"};
    r = submit(f, &s, abs, &pdf, 1);
    assert_int_equal(r.status, 400);
    reply_clear(&r);

    /* over the size limit (4 MiB in this fixture) */
    GBytes *big = g_bytes_new_take(g_malloc0(5u << 20), 5u << 20);
    const char *bigname[] = {"big.pdf"};
    r = submit(f, &s, bigname, &big, 1);
    assert_int_equal(r.status, 413);
    assert_non_null(strstr(r.body, "MiB"));
    reply_clear(&r);
    g_bytes_unref(big);

    /* a zip bomb inside: 64 MiB of zeros in a few kilobytes */
    GBytes *bomb = zip_of_zeros(f->dir, "evidence/zeros.pdf", 64u << 20);
    const char *bombname[] = {"MinhChung.zip"};
    r = submit(f, &s, bombname, &bomb, 1);
    assert_int_equal(r.status, 413);
    reply_clear(&r);
    g_bytes_unref(bomb);
    /* a zip whose entry climbs out */
    GBytes *evil = zip_of_zeros(f->dir, "../x.pdf", 10);
    const char *evilname[] = {"a.zip"};
    r = submit(f, &s, evilname, &evil, 1);
    assert_int_equal(r.status, 400);
    reply_clear(&r);
    g_bytes_unref(evil);
    /* the same name twice, also once in a zip and once beside it */
    const char *twice[] = {"a.pdf", "A.pdf"};
    GBytes *two[] = {pdf, pdf};
    r = submit(f, &s, twice, two, 2);
    assert_int_equal(r.status, 400);
    reply_clear(&r);
    GBytes *small = zip_of_zeros(f->dir, "a.pdf", 10);
    const char *zipped_twice[] = {"x.zip", "A.pdf"};
    GBytes *zt[] = {small, pdf};
    r = submit(f, &s, zipped_twice, zt, 2);
    assert_int_equal(r.status, 400);
    reply_clear(&r);
    g_bytes_unref(small);

    assert_int_equal(rows(f), before);
    assert_int_equal(files_under(blobs), files_before);
    assert_int_equal(files_under(tmp), 0);
    g_bytes_unref(pdf);
    g_free(blobs);
    g_free(tmp);
    session_clear(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_submission, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused_uploads, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
