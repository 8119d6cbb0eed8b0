/* test_store_fx.h: the fixture of the store's unit tests (test_server_store.c,
 * test_server_communes.c): a store opened in a scratch directory, removed
 * with it by teardown, count(), the first column of one SQL answer, and
 * reopen_after(), an older store migrated.
 * Include after cmocka.h, server.h and test_tmpdir.h. */
#ifndef KC_TEST_STORE_FX_H
#define KC_TEST_STORE_FX_H

typedef struct fx {
    char *dir;
    srv_store *st;
} fx;

static int setup(void **state)
{
    fx *f = g_new0(fx, 1);
    kc_error err = {0};
    f->dir = g_dir_make_tmp("kc-store-XXXXXX", NULL);
    assert_non_null(f->dir);
    assert_int_equal(srv_store_open(&f->st, f->dir, true, &err), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    srv_store_close(f->st);
    kc_test_rmtree(f->dir);
    g_free(f->dir);
    g_free(f);
    return 0;
}

static int64_t count(srv_store *st, const char *sql)
{
    sqlite3 *db = srv_db_lock(st);
    sqlite3_stmt *q = srv_db_prepare(db, sql);
    int64_t n = q && sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
    sqlite3_finalize(q);
    srv_db_unlock(st);
    return n;
}

/* Writes an older store with sql (which sets its PRAGMA user_version) and
 * opens it again: the migrations after that version run. */
static void reopen_after(fx *f, const char *sql)
{
    kc_error err = {0};
    sqlite3 *db = srv_db_lock(f->st);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    srv_db_unlock(f->st);
    srv_store_close(f->st);
    f->st = NULL;
    assert_int_equal(srv_store_open(&f->st, f->dir, true, &err), 0);
}

#endif
