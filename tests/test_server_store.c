/* test_server_store.c: the server's store and what guards it, without HTTP:
 * the schema and its migrations, users, passwords (scrypt),
 * sessions (expiry, the id stored only hashed), the login limiter, blobs
 * (content-addressed, swept when no row names them, kept while a request
 * holds them), and the parsers of what clients send (file names, the
 * Content-Disposition of a part, the login body, query strings, cookies). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server.h"
#include "test_tmpdir.h"
#include "test_store_fx.h" /* fx, setup, teardown, count */

static void test_schema(void **state)
{
    fx *f = *state;
    kc_error err = {0};
    srv_store *again = NULL;
    assert_int_equal(srv_store_version(f->st), 14);
    assert_int_equal(count(f->st, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('users', 'communes', "
                                  "'sessions', 'submissions', 'files', 'outputs', 'documents', 'findings', "
                                  "'criteria', 'audit')"),
                     10);
    /* WAL: committed transactions survive a crash of the process */
    sqlite3 *db = srv_db_lock(f->st);
    sqlite3_stmt *q = srv_db_prepare(db, "PRAGMA journal_mode");
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(q, 0), "wal");
    sqlite3_finalize(q);
    srv_db_unlock(f->st);
    /* one server a folder; user add beside it */
    assert_int_not_equal(srv_store_open(&again, f->dir, true, &err), 0);
    assert_non_null(strstr(err.message, "another kiemchung server"));
    assert_int_equal(srv_store_open(&again, f->dir, false, &err), 0);
    assert_int_equal(srv_store_version(again), 14);
    srv_store_close(again);
}

/* A folder of the first schema (before the review's row was stored, and
 * with a commune's name unique on its own) is migrated on opening: its
 * submissions kept, their review row NULL (the overview shows them from
 * their stored results), each commune keyed by its name in its district. */
static void test_migrate(void **state)
{
    fx *f = *state;
    kc_error err = {0};
    reopen_after(f, "PRAGMA foreign_keys = OFF; DROP TABLE communes; CREATE TABLE communes ("
                    "id INTEGER PRIMARY KEY, name TEXT NOT NULL, folded TEXT NOT NULL UNIQUE, "
                    "district TEXT); PRAGMA foreign_keys = ON;"
                    "INSERT INTO communes (id, name, folded, district) VALUES (1, 'Xã A', 'a', NULL), "
                    "(2, 'Xã Thủy An', 'thuy an', 'UBND huyện Phú Vang');"
                    "INSERT INTO submissions (commune_id, year, kind, status, created, "
                    "check_json) VALUES (1, 2021, 'files', 'done', 1, '{}'), "
                    "(2, 2021, 'files', 'done', 1, '{}');"
                    "ALTER TABLE submissions DROP COLUMN review_json; ALTER TABLE submissions DROP COLUMN "
                    "overview_json; ALTER TABLE users DROP COLUMN deleted; ALTER TABLE submissions DROP COLUMN layout_rules; ALTER TABLE submissions DROP COLUMN signature_rules;"
                    "DROP TABLE signatures; ALTER TABLE submissions DROP COLUMN signatures_kept; "
                    "PRAGMA user_version = 1;"
                    "DROP INDEX audit_time; ALTER TABLE audit DROP COLUMN times; ALTER TABLE audit DROP COLUMN last; ");
    assert_int_equal(srv_store_version(f->st), 14);
    /* migration 10: the audit's count of an action repeated */
    assert_int_equal(count(f->st, "SELECT count(*) FROM pragma_table_info('audit') WHERE name IN ('times', 'last')"), 2);
    assert_int_equal(count(f->st, "SELECT count(*) FROM submissions WHERE check_json = '{}' AND review_json IS NULL AND "
                                       "overview_json IS NULL"),
                     2);
    assert_int_equal(count(f->st, "SELECT count(*) FROM communes WHERE id = 2 AND dkey = 'huyen|phu vang'"), 1);
    assert_int_equal(count(f->st, "SELECT count(*) FROM communes WHERE id = 1 AND dkey = ''"), 1);
    assert_int_equal(count(f->st, "SELECT count(*) FROM communes WHERE id = 2 AND folded = 'xa|thuy an'"), 1);
    /* the clerk of Thủy An of another district is another commune's */
    assert_int_equal(srv_user_add(f->st, "pd", SRV_ROLE_COMMUNE, "Xã Thủy An", "UBND huyện Phong Điền", false, "password-1",
                                  10, &err),
                     0);
    assert_int_equal(count(f->st, "SELECT count(*) FROM communes"), 3);
    assert_int_equal(count(f->st, "SELECT count(*) FROM communes WHERE id = 2 AND district = 'UBND huyện Phú Vang'"), 1);
    assert_int_equal(count(f->st, "SELECT count(*) FROM users WHERE name = 'pd' AND commune_id = 2"), 0);
    /* migration 13: the two judged by an older verifier are analysed again
     * at start (rtdesk21), one judged under today's rules is left done */
    assert_int_equal(count(f->st, "SELECT count(*) FROM submissions WHERE signature_rules = 0"), 2);
    sqlite3 *db = srv_db_lock(f->st);
    char *today = g_strdup_printf("INSERT INTO submissions (commune_id, year, kind, status, created, check_json, "
                                  "signature_rules) VALUES (2, 2022, 'files', 'done', 1, '{}', %d)",
                                  SRV_SIGNATURE_RULES);
    assert_int_equal(sqlite3_exec(db, today, NULL, NULL, NULL), SQLITE_OK);
    g_free(today);
    srv_db_unlock(f->st);
    assert_int_equal(srv_recheck_signatures(f->st), 2);
    assert_int_equal(count(f->st, "SELECT count(*) FROM submissions WHERE status = 'queued' AND check_json IS NULL"), 2);
    assert_int_equal(count(f->st, "SELECT count(*) FROM submissions WHERE year = 2022 AND status = 'done'"), 1);
    assert_int_equal(count(f->st, "SELECT count(*) FROM audit WHERE action = 'recheck'"), 2);
    assert_int_equal(srv_recheck_signatures(f->st), 0);
}

static void test_users(void **state)
{
    fx *f = *state;
    kc_error err = {0};
    srv_user u;
    char *hash = NULL;
    assert_int_equal(srv_user_add(f->st, "clerk", SRV_ROLE_COMMUNE, "Xã Hồng Kim", "UBND huyện A Lưới", false, "password-1", 10, &err), 0);
    /* the same commune written another way is the same commune */
    assert_int_equal(srv_user_add(f->st, "clerk2", SRV_ROLE_COMMUNE, "hong kim", NULL, false, "password-2", 10, &err), 0);
    assert_int_equal(count(f->st, "SELECT count(*) FROM communes"), 1);
    /* Hồng Kim of another district is another commune; named without its
     * district, the name is then ambiguous and refused */
    assert_int_equal(srv_user_add(f->st, "clerk3", SRV_ROLE_COMMUNE, "Xã Hồng Kim", "huyện Phong Điền", false, "password-2",
                                  10, &err),
                     0);
    assert_int_equal(count(f->st, "SELECT count(*) FROM communes"), 2);
    assert_int_equal(count(f->st, "SELECT count(*) FROM users u JOIN communes c ON c.id = u.commune_id WHERE "
                                  "u.name = 'clerk' AND c.district = 'UBND huyện A Lưới'"),
                     1);
    assert_int_not_equal(srv_user_add(f->st, "clerk4", SRV_ROLE_COMMUNE, "hong kim", NULL, false, "password-2", 10, &err), 0);
    assert_non_null(strstr(err.message, "several"));
    /* "A Lưới" is "UBND huyện A Lưới" */
    assert_int_equal(srv_user_add(f->st, "clerk5", SRV_ROLE_COMMUNE, "Hồng Kim", "A Lưới", false, "password-2", 10, &err), 0);
    assert_int_equal(count(f->st, "SELECT count(*) FROM communes"), 2);
    assert_int_not_equal(srv_user_add(f->st, "clerk", SRV_ROLE_ADMIN, NULL, NULL, false, "password-3", 10, &err), 0);
    assert_non_null(strstr(err.message, "already"));
    assert_int_not_equal(srv_user_add(f->st, "d", SRV_ROLE_DISTRICT, NULL, NULL, false, "password-3", 10, &err), 0);
    assert_int_not_equal(srv_user_add(f->st, "c", SRV_ROLE_COMMUNE, NULL, NULL, false, "password-3", 10, &err), 0);
    assert_int_not_equal(srv_user_add(f->st, "short", SRV_ROLE_ADMIN, NULL, NULL, false, "1234567", 10, &err), 0);
    assert_true(srv_user_by_name(f->st, "clerk", &u, &hash));
    assert_int_equal(u.role, SRV_ROLE_COMMUNE);
    assert_string_equal(u.commune, "Xã Hồng Kim");
    assert_string_equal(u.district, "UBND huyện A Lưới");
    assert_true(g_str_has_prefix(hash, "scrypt$1024$8$1$"));
    assert_true(srv_password_check("password-1", hash));
    assert_false(srv_password_check("password-2", hash));
    assert_false(srv_password_check("password-1", "scrypt$3$8$1$00$00"));
    assert_false(srv_password_check("password-1", "plain"));
    g_free(hash);
    srv_user_clear(&u);
    assert_false(srv_user_by_name(f->st, "nobody", &u, NULL));
    /* the same password twice: two salts, two hashes */
    char *a = srv_password_hash("x", 10), *b = srv_password_hash("x", 10);
    assert_string_not_equal(a, b);
    g_free(a);
    g_free(b);
    assert_null(srv_password_hash("x", 30)); /* beyond what a server should spend */
    /* user del: closed, not removed; its sessions gone; its name not given again */
    srv_limits l;
    srv_limits_default(&l);
    char id[65], csrf[65];
    srv_session ss;
    char *h5 = NULL;
    assert_true(srv_user_by_name(f->st, "clerk5", &u, &h5));
    assert_int_equal(srv_session_create(f->st, &u, h5, &l, id, csrf), 0);
    g_free(h5);
    srv_user_clear(&u);
    assert_int_equal(srv_user_delete(f->st, "clerk5", &err), 0);
    assert_false(srv_user_by_name(f->st, "clerk5", &u, NULL));
    assert_false(srv_session_get(f->st, id, &l, &ss));
    assert_int_equal(count(f->st, "SELECT count(*) FROM users WHERE name = 'clerk5' AND deleted IS NOT NULL AND "
                                  "password = ''"),
                     1);
    assert_int_not_equal(srv_user_delete(f->st, "clerk5", &err), 0);
    assert_int_not_equal(srv_user_set_password(f->st, "clerk5", "password-9", 10, &err), 0);
    assert_int_not_equal(srv_user_add(f->st, "clerk5", SRV_ROLE_ADMIN, NULL, NULL, false, "password-3", 10, &err), 0);
    assert_non_null(strstr(err.message, "deleted"));
}

/* The limiter the tests below drive: slowed after 2 failures, refused after
 * 4 (the defaults are 3 and 10). */
static srv_limiter *tight_limiter(void)
{
    srv_limits l;
    srv_limits_default(&l);
    l.login_slow = 2;
    l.login_block = 4;
    return srv_limiter_new(&l);
}

static void test_sessions(void **state)
{
    fx *f = *state;
    kc_error err = {0};
    srv_user u;
    srv_session ss;
    srv_limits l;
    char id[65], csrf[65];
    srv_limits_default(&l);
    assert_int_equal(srv_user_add(f->st, "admin", SRV_ROLE_ADMIN, NULL, NULL, false, "password-1", 10, &err), 0);
    char *hash = NULL;
    assert_true(srv_user_by_name(f->st, "admin", &u, &hash));
    /* a hash other than the account's (its password changed since it was checked): no session */
    assert_int_equal(srv_session_create(f->st, &u, "scrypt$1$1$1$00$00", &l, id, csrf), 1);
    assert_int_equal(count(f->st, "SELECT count(*) FROM sessions"), 0);
    assert_int_equal(srv_session_create(f->st, &u, hash, &l, id, csrf), 0);
    assert_true(srv_session_id_ok(id));
    assert_string_not_equal(id, csrf);
    assert_true(srv_session_get(f->st, id, &l, &ss));
    assert_string_equal(ss.user.name, "admin");
    assert_string_equal(ss.csrf, csrf);
    srv_session_clear(&ss);
    /* the store keeps only the id's hash */
    assert_int_equal(count(f->st, "SELECT count(*) FROM sessions"), 1);
    char *sql = g_strdup_printf("SELECT count(*) FROM sessions WHERE id_hash = '%s'", id);
    assert_int_equal(count(f->st, sql), 0);
    g_free(sql);
    /* a near miss, garbage, and an expired session open nothing */
    char other[65];
    memcpy(other, id, 65);
    other[0] = other[0] == 'a' ? 'b' : 'a';
    assert_false(srv_session_get(f->st, other, &l, &ss));
    assert_false(srv_session_get(f->st, "' OR 1=1 --", &l, &ss));
    sqlite3 *db = srv_db_lock(f->st);
    sqlite3_exec(db, "UPDATE sessions SET expires = expires - 100000", NULL, NULL, NULL);
    srv_db_unlock(f->st);
    assert_false(srv_session_get(f->st, id, &l, &ss));
    /* logged out */
    assert_int_equal(srv_session_create(f->st, &u, hash, &l, id, csrf), 0);
    srv_session_delete(f->st, id);
    assert_false(srv_session_get(f->st, id, &l, &ss));
    g_free(hash);
    srv_user_clear(&u);
}

static void test_limiter(void **state)
{
    (void)state;
    srv_limiter *lim = tight_limiter();
    assert_int_equal(srv_limiter_check(lim, "a", "10.0.0.1"), 0);
    srv_limiter_failed(lim, "a", "10.0.0.1");
    srv_limiter_failed(lim, "a", "10.0.0.1");
    assert_int_equal(srv_limiter_check(lim, "a", "10.0.0.1"), 500);     /* slowed */
    assert_int_equal(srv_limiter_check(lim, "A", "10.0.0.2"), 500);     /* the name, whatever the case */
    assert_int_equal(srv_limiter_check(lim, "b", "10.0.0.1"), 0);       /* an office's address: 5 times more */
    srv_limiter_failed(lim, "a", "10.0.0.1");
    assert_int_equal(srv_limiter_check(lim, "a", "10.0.0.3"), 1000);    /* longer */
    srv_limiter_failed(lim, "a", "10.0.0.1");
    assert_int_equal(srv_limiter_check(lim, "a", "10.0.0.3"), -1);      /* refused */
    for (int i = 0; i < 6; i++)
        srv_limiter_failed(lim, "x", "10.0.0.5");
    assert_int_equal(srv_limiter_check(lim, "b", "10.0.0.5"), 0);
    for (int i = 0; i < 6; i++)
        srv_limiter_failed(lim, "y", "10.0.0.5");
    assert_int_equal(srv_limiter_check(lim, "b", "10.0.0.5"), 500);     /* the address, whatever the name */
    for (int i = 0; i < 10; i++)
        srv_limiter_failed(lim, "z", "10.0.0.5");
    assert_int_equal(srv_limiter_check(lim, "b", "10.0.0.5"), -1);
    /* a success forgives the name and the attempt itself, not the address's others */
    srv_limiter_failed(lim, "c", "10.0.0.9");
    srv_limiter_failed(lim, "c", "10.0.0.9");
    srv_limiter_succeeded(lim, "c", "10.0.0.9");
    assert_int_equal(srv_limiter_check(lim, "c", "10.0.0.8"), 0);
    assert_int_equal(srv_limiter_check(lim, "d", "10.0.0.9"), 0);
    srv_limiter_free(lim);
}

/* A stranger spraying made-up names from made-up addresses (behind a
 * proxy) past the table's 100,000 keys: the table was emptied whole, the
 * block on the account he was guessing with it.  The smallest counts go
 * first, oldest first: the blocked account and address stay blocked; one
 * count among the sprayed goes as the sprayed do. */
static void test_limiter_spray(void **state)
{
    (void)state;
    srv_limiter *lim = tight_limiter();
    for (int i = 0; i < 4; i++)
        srv_limiter_failed(lim, "nan-nhan", "10.9.0.1");
    assert_int_equal(srv_limiter_check(lim, "nan-nhan", "10.9.0.2"), -1);
    srv_limiter_failed(lim, "go-nham", "10.9.0.3"); /* a clerk's typo, before the spray */
    char user[32], addr[32];
    for (int i = 0; i < 130000; i++) {
        snprintf(user, sizeof user, "khach-%d", i);
        snprintf(addr, sizeof addr, "10.%d.%d.%d", 100 + i / 65536, (i / 256) % 256, i % 256);
        srv_limiter_failed(lim, user, addr);
    }
    assert_int_equal(srv_limiter_check(lim, "nan-nhan", "10.9.0.2"), -1); /* still refused */
    assert_int_equal(srv_limiter_check(lim, "x", "10.9.0.1"), 0);         /* 4 < 5 x 2 for an address */
    assert_int_equal(srv_limiter_check(lim, "khach-129999", "10.9.0.2"), 0); /* the newest sprayed: one */
    /* the hot key survives a second spray as well, and the honest account logs in */
    for (int i = 0; i < 130000; i++) {
        snprintf(user, sizeof user, "lai-%d", i);
        snprintf(addr, sizeof addr, "10.%d.%d.%d", 200 + i / 65536, (i / 256) % 256, i % 256);
        srv_limiter_failed(lim, user, addr);
    }
    assert_int_equal(srv_limiter_check(lim, "nan-nhan", "10.9.0.7"), -1);
    assert_int_equal(srv_limiter_check(lim, "thu-ky", "10.9.0.7"), 0);
    srv_limiter_free(lim);
}

/* An IPv6 machine holds a /64 and may take a fresh address of it for each
 * guess: counted by the full address, twenty made-up names from twenty
 * addresses of one /64 were twenty first failures, never slowed.  An
 * address counts by its /64 now, and an IPv4-mapped one as its IPv4
 * address; another /64 (another machine) and another IPv4 address keep
 * their own counts. */
static void test_limiter_ipv6(void **state)
{
    (void)state;
    srv_limiter *lim = tight_limiter();
    char user[32], addr[64];
    for (int i = 0; i < 20; i++) {
        snprintf(user, sizeof user, "doan-%d", i);
        snprintf(addr, sizeof addr, "2001:db8:1:2:%x::%x", i * 7, i + 1);
        srv_limiter_failed(lim, user, addr);
    }
    assert_int_equal(srv_limiter_check(lim, "thu-ky", "2001:db8:1:2:ffff:1:2:3"), -1); /* the /64: refused */
    assert_int_equal(srv_limiter_check(lim, "thu-ky", "2001:DB8:1:2::99"), -1);        /* any spelling */
    assert_int_equal(srv_limiter_check(lim, "thu-ky", "2001:db8:1:3::1"), 0);          /* the next /64 */
    for (int i = 0; i < 20; i++) {
        snprintf(user, sizeof user, "anh-xa-%d", i);
        srv_limiter_failed(lim, user, i % 2 ? "::ffff:10.1.2.3" : "10.1.2.3");
    }
    assert_int_equal(srv_limiter_check(lim, "thu-ky", "10.1.2.3"), -1);        /* both spellings one count */
    assert_int_equal(srv_limiter_check(lim, "thu-ky", "::ffff:10.1.2.3"), -1);
    assert_int_equal(srv_limiter_check(lim, "thu-ky", "10.1.2.4"), 0);         /* the next address */
    assert_int_equal(srv_limiter_check(lim, "thu-ky", "::ffff:10.1.2.4"), 0);
    srv_limiter_free(lim);
    char *k = srv_address_key("2001:DB8:0:0:1::5");
    assert_string_equal(k, "2001:db8::/64");
    g_free(k);
    k = srv_address_key("::ffff:192.168.1.20");
    assert_string_equal(k, "192.168.1.20");
    g_free(k);
    k = srv_address_key("192.168.1.20");
    assert_string_equal(k, "192.168.1.20");
    g_free(k);
    k = srv_address_key("?");
    assert_string_equal(k, "?");
    g_free(k);
    /* rtdesk19: two machines of a LAN without a router's prefix, each its own
     * link-local address in fe80::/64: each counts by itself, so one clerk's
     * failed logins block no other (both were fe80::/64, one count) */
    lim = tight_limiter();
    for (int i = 0; i < 20; i++) {
        snprintf(user, sizeof user, "anh-lan-%d", i);
        srv_limiter_failed(lim, user, "fe80::a00:27ff:fe4e:66a1");
    }
    assert_int_equal(srv_limiter_check(lim, "thu-ky", "fe80::a00:27ff:fe4e:66a1"), -1);
    assert_int_equal(srv_limiter_check(lim, "thu-ky", "fe80::215:5dff:fe01:2"), 0); /* the colleague's machine */
    srv_limiter_free(lim);
    k = srv_address_key("FE80::215:5DFF:FE01:2");
    assert_string_equal(k, "fe80::215:5dff:fe01:2");
    g_free(k);
    k = srv_address_key("fd00:1:2:3::9"); /* a unique local prefix is a LAN's /64 as any other */
    assert_string_equal(k, "fd00:1:2:3::/64");
    g_free(k);
}

/* review38: the audit counts a repeated action in one row per account and
 * address per ten minutes, so that a script reading through the others'
 * submissions (read-refused) does not grow the log a row a request.  An
 * IPv6 machine holds a /64 and may send each request from a fresh address
 * of it: counted by the full address, twenty requests from one /64 wrote
 * twenty rows.  The audit groups addresses as the limiter does
 * (srv_address_key); another /64 and another IPv4 address keep their own. */
static void test_audit_ipv6(void **state)
{
    fx *f = *state;
    char addr[64];
    for (int i = 0; i < 20; i++) {
        snprintf(addr, sizeof addr, "2001:db8:1:2:%x::%x", i * 7, i + 1);
        srv_audit(f->st, NULL, addr, "read-refused", NULL, "probe");
    }
    assert_int_equal(count(f->st, "SELECT count(*) FROM audit WHERE action = 'read-refused'"), 1);
    assert_int_equal(count(f->st, "SELECT times FROM audit WHERE action = 'read-refused'"), 20);
    srv_audit(f->st, NULL, "2001:db8:1:3::1", "read-refused", NULL, "probe"); /* the next /64 */
    srv_audit(f->st, NULL, "10.1.2.3", "read-refused", NULL, "probe");
    srv_audit(f->st, NULL, "::ffff:10.1.2.3", "read-refused", NULL, "probe"); /* the same IPv4 address */
    srv_audit(f->st, NULL, "10.1.2.4", "read-refused", NULL, "probe");
    srv_audit(f->st, NULL, NULL, "read-refused", NULL, "probe");
    srv_audit(f->st, NULL, NULL, "read-refused", NULL, "probe");
    assert_int_equal(count(f->st, "SELECT count(*) FROM audit WHERE action = 'read-refused'"), 5);
    assert_int_equal(count(f->st, "SELECT times FROM audit WHERE address = '10.1.2.3'"), 2);
    assert_int_equal(count(f->st, "SELECT times FROM audit WHERE address IS NULL"), 2);
}

static void test_blobs(void **state)
{
    fx *f = *state;
    kc_error err = {0};
    srv_blob_writer *w = NULL;
    char hex[65], hex2[65];
    uint64_t size;
    bool created;
    assert_int_equal(srv_blob_begin(&w, f->st, &err), 0);
    assert_int_equal(srv_blob_write(w, "abc", 3, &err), 0);
    assert_int_equal(srv_blob_commit(w, hex, &size, &created, &err), 0);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(size, 3);
    assert_true(created);
    char *path = srv_blob_path(f->st, hex);
    assert_true(g_file_test(path, G_FILE_TEST_EXISTS));
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0222, 0); /* read-only */
    /* the same bytes again: one blob */
    assert_int_equal(srv_blob_begin(&w, f->st, &err), 0);
    assert_int_equal(srv_blob_write(w, "abc", 3, &err), 0);
    assert_int_equal(srv_blob_commit(w, hex2, &size, &created, &err), 0);
    assert_false(created);
    /* released by a failed request while another still holds it: kept */
    srv_blob_release(f->st, hex, true);
    assert_true(g_file_test(path, G_FILE_TEST_EXISTS));
    /* released by the last, no row names it: removed */
    srv_blob_release(f->st, hex, true);
    assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    /* an abandoned writer leaves nothing in tmp/ */
    assert_int_equal(srv_blob_begin(&w, f->st, &err), 0);
    srv_blob_write(w, "xyz", 3, &err);
    srv_blob_abort(w);
    char *tmp = g_build_filename(f->dir, "tmp", NULL);
    GDir *d = g_dir_open(tmp, 0, NULL);
    assert_null(g_dir_read_name(d));
    g_dir_close(d);
    /* the sweep: a blob no row names, a stray file, a temporary file, a work tree */
    assert_int_equal(srv_blob_begin(&w, f->st, &err), 0);
    srv_blob_write(w, "abc", 3, &err);
    assert_int_equal(srv_blob_commit(w, hex, &size, &created, &err), 0);
    srv_blob_release(f->st, hex, false);
    char *stray = g_build_filename(f->dir, "blobs", "ba", "not-a-hash", NULL);
    char *half = g_build_filename(tmp, "blob-123456", NULL);
    char *work = g_build_filename(f->dir, "work", "7", "tree", NULL), *wf = g_build_filename(work, "x.pdf", NULL);
    g_file_set_contents(stray, "x", 1, NULL);
    g_file_set_contents(half, "x", 1, NULL);
    g_mkdir_with_parents(work, 0700);
    g_file_set_contents(wf, "x", 1, NULL);
    assert_int_equal(srv_blob_sweep(f->st), 4);
    assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    assert_false(g_file_test(wf, G_FILE_TEST_EXISTS));
    /* named by a row: kept */
    assert_int_equal(srv_blob_begin(&w, f->st, &err), 0);
    srv_blob_write(w, "abc", 3, &err);
    assert_int_equal(srv_blob_commit(w, hex, &size, &created, &err), 0);
    sqlite3 *db = srv_db_lock(f->st);
    assert_int_equal(sqlite3_exec(db,
                                  "INSERT INTO communes (name, folded) VALUES ('X', 'x');"
                                  "INSERT INTO submissions (commune_id, year, kind, status, created) "
                                  "VALUES (1, 2024, 'files', 'done', 0);"
                                  "INSERT INTO files (submission_id, name, sha256, size, role) VALUES (1, 'a.pdf', "
                                  "'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 3, 'file')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    srv_db_unlock(f->st);
    srv_blob_release(f->st, hex, true);
    assert_int_equal(srv_blob_sweep(f->st), 0);
    assert_true(g_file_test(path, G_FILE_TEST_EXISTS));
    g_free(path);
    g_free(stray);
    g_free(half);
    g_free(tmp);
    g_free(work);
    g_free(wf);
}

static void test_safe_path(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"docs/12-QD-UBND.pdf", "docs/12-QD-UBND.pdf"},
        {"./a.pdf", "a.pdf"},
        {"Tiêu chí 8 - Một cửa\\QĐ 02.pdf", "Tiêu chí 8 - Một cửa/QĐ 02.pdf"},
        {"Tie\xcc\x82u chi\xcc\x81.pdf", "Tiêu chí.pdf"}, /* NFD made NFC */
        {"../etc/passwd", NULL},
        {"docs/../../x.pdf", NULL},
        {"..\\..\\x.pdf", NULL},
        {"/etc/passwd", NULL},
        {"\\\\server\\share\\x.pdf", NULL},
        {"C:\\Windows\\x.pdf", NULL},
        {"a//b.pdf", NULL},
        {"a/./b.pdf", NULL},
        {"a\nb.pdf", NULL},
        {"a\x7f" "b.pdf", NULL},
        {"bad\xff.pdf", NULL},
        {"", NULL},
        {"./", NULL},
        {"a/", NULL},
        {"x.pdf:stream", NULL},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        const char *why = NULL;
        char *got = srv_safe_path(cases[i].in, &why);
        if (cases[i].out) {
            assert_non_null(got);
            assert_string_equal(got, cases[i].out);
        } else {
            assert_null(got);
            assert_non_null(why);
        }
        g_free(got);
    }
    GString *deep = g_string_new(NULL);
    for (int i = 0; i < 70; i++)
        g_string_append(deep, "d/");
    g_string_append(deep, "x.pdf");
    assert_null(srv_safe_path(deep->str, NULL));
    g_string_free(deep, TRUE);
}

static void test_parsers(void **state)
{
    (void)state;
    char *name, *file, *user, *pw, *v;
    assert_true(srv_parse_disposition("form-data; name=\"file\"; filename=\"docs/12-QD-UBND.pdf\"", &name, &file));
    assert_string_equal(name, "file");
    assert_string_equal(file, "docs/12-QD-UBND.pdf"); /* the folder kept (libsoup would strip it) */
    g_free(name);
    g_free(file);
    assert_true(srv_parse_disposition("form-data; name=file; filename*=UTF-8''Ti%C3%AAu%20ch%C3%AD.pdf; "
                                      "filename=\"fallback.pdf\"", &name, &file));
    assert_string_equal(file, "Tiêu chí.pdf");
    g_free(name);
    g_free(file);
    assert_true(srv_parse_disposition("form-data; name=\"year\"", &name, &file));
    assert_null(file);
    g_free(name);
    assert_true(srv_parse_disposition("form-data; name=\"f\"; filename=\"a\\\"b.pdf\"", &name, &file));
    assert_string_equal(file, "a\"b.pdf");
    g_free(name);
    g_free(file);
    assert_false(srv_parse_disposition("attachment; filename=x", &name, &file));
    assert_false(srv_parse_disposition("form-data; name=\"unterminated", &name, &file));
    assert_false(srv_parse_disposition("form-data; =x", &name, &file));
    assert_false(srv_parse_disposition(NULL, &name, &file));

    const char *login = "{\"user\": \"clerk\", \"password\": \"p\"}";
    assert_true(srv_parse_login(login, strlen(login), &user, &pw));
    assert_string_equal(user, "clerk");
    assert_string_equal(pw, "p");
    g_free(user);
    g_free(pw);
    static const char *const bad[] = {"", "[]", "{\"user\": 1, \"password\": \"p\"}", "{\"user\": \"u\"}",
                                      "{\"user\": \"\", \"password\": \"p\"}", "{\"user\": \"u\", \"password\": null}",
                                      "not json"};
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++)
        assert_false(srv_parse_login(bad[i], strlen(bad[i]), &user, &pw));
    assert_false(srv_parse_login("{\"user\":\"u\",\"password\":\"p\"}\0x", 30, &user, &pw));

    assert_string_equal(v = srv_query_get("a=1&year=2024&b", "year"), "2024");
    g_free(v);
    assert_string_equal(v = srv_query_get("x=X%C3%A3+H%E1%BB%93ng", "x"), "Xã Hồng");
    g_free(v);
    assert_null(srv_query_get("year=%00", "year"));
    assert_null(srv_query_get("years=1", "year"));
    assert_null(srv_query_get(NULL, "year"));
    assert_int_equal(srv_parse_year("2024"), 2024);
    assert_int_equal(srv_parse_year("20245"), 0);
    assert_int_equal(srv_parse_year("1800"), 0);
    assert_int_equal(srv_parse_year("2o24"), 0);
    assert_int_equal(srv_parse_year(NULL), 0);

    assert_string_equal(v = srv_cookie_get("lang=en; kc_session=abc", "kc_session"), "abc");
    g_free(v);
    assert_string_equal(v = srv_cookie_get("kc_session=\"q\"", "kc_session"), "q");
    g_free(v);
    assert_null(srv_cookie_get("kc_session2=abc", "kc_session"));
    /* another site of the domain tossing its own: neither is taken */
    assert_null(srv_cookie_get("kc_session=abc; lang=en; kc_session=def", "kc_session"));
    assert_true(srv_cookie_twice("kc_session=abc; lang=en; kc_session=def", "kc_session"));
    assert_string_equal(v = srv_cookie_get("kc_session=abc; kc_session=abc", "kc_session"), "abc");
    g_free(v);
    assert_false(srv_cookie_twice("kc_session=abc; kc_session=abc", "kc_session"));
    assert_false(srv_cookie_twice("lang=en", "kc_session"));
    assert_null(srv_cookie_get(NULL, "kc_session"));
    /* the tossed cookie first, then enough of the other site's that the
     * site's own would sit inside one last, unsplit piece ("x=1; kc_session=…") */
    GString *many = g_string_new("");
    for (int i = 0; i < 126; i++)
        g_string_append_printf(many, "t%d=1; ", i);
    g_string_append(many, "kc_session=abc; x=1; kc_session=def");
    assert_null(srv_cookie_get(many->str, "kc_session"));
    assert_true(srv_cookie_twice(many->str, "kc_session"));
    g_string_free(many, TRUE);
    assert_false(srv_session_id_ok("ABCDEF"));
    assert_false(srv_session_id_ok("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeF"));
    assert_true(srv_session_id_ok("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_users, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sessions, setup, teardown),
        cmocka_unit_test(test_limiter),
        cmocka_unit_test(test_limiter_spray),
        cmocka_unit_test(test_limiter_ipv6),
        cmocka_unit_test_setup_teardown(test_audit_ipv6, setup, teardown),
        cmocka_unit_test_setup_teardown(test_blobs, setup, teardown),
        cmocka_unit_test(test_safe_path),
        cmocka_unit_test(test_parsers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
