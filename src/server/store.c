/* store.c: the server's SQLite store: opening the data directory, the
 * numbered migrations (store_migrations.c), users, the audit log (communes and districts as the
 * store keys them: store_communes.c).
 *
 * SQLite in WAL mode with synchronous=FULL: a transaction that returned from
 * COMMIT survives kill -9 and power loss; one that did not leaves nothing.
 * One connection serves every thread behind a mutex: the writes are short
 * (a submission's results in one transaction) and the reads are indexed. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "server.h"
#include "text.h"

struct srv_store {
    char *dir;
    sqlite3 *db;
    GMutex lock;
    int lock_fd;      /* DIR/lock, flock'ed: one server a directory */
    GHashTable *held; /* blob hex → count of requests writing it (blob.c) */
    GMutex held_lock;
};


const char *srv_store_dir(const srv_store *s)
{
    return s->dir;
}

sqlite3 *srv_db_lock(srv_store *s)
{
    g_mutex_lock(&s->lock);
    return s->db;
}

void srv_db_unlock(srv_store *s)
{
    g_mutex_unlock(&s->lock);
}

int srv_db_begin(sqlite3 *db)
{
    return sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK ? 0 : KC_EIO;
}

int srv_db_commit(sqlite3 *db)
{
    return sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : KC_EIO;
}

void srv_db_rollback(sqlite3 *db)
{
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

sqlite3_stmt *srv_db_prepare(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        g_warning("store: %s: %s", sql, sqlite3_errmsg(db));
        return NULL;
    }
    return st;
}

int srv_store_version(srv_store *s)
{
    int v = 0;
    sqlite3 *db = srv_db_lock(s);
    sqlite3_stmt *st = srv_db_prepare(db, "PRAGMA user_version");
    if (st && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    srv_db_unlock(s);
    return v;
}

/* Foreign keys are off while migrating (a table is rebuilt by copying it:
 * PRAGMA foreign_keys cannot change inside a transaction) and each
 * migration's result is checked with foreign_key_check before its COMMIT. */
static int migrate(srv_store *s, kc_error *err)
{
    int have = srv_store_version(s), rc = 0;
    if (have >= (int)srv_n_migrations)
        return 0;
    sqlite3_exec(s->db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
    for (int v = have; v < (int)srv_n_migrations && rc == 0; v++) {
        char *sql = g_strdup_printf("BEGIN IMMEDIATE; %s PRAGMA user_version = %d;", srv_migrations[v], v + 1);
        char *msg = NULL;
        sqlite3_stmt *st = NULL;
        bool ok = sqlite3_exec(s->db, sql, NULL, NULL, &msg) == SQLITE_OK;
        g_free(sql);
        if (ok && (st = srv_db_prepare(s->db, "PRAGMA foreign_key_check")) && sqlite3_step(st) == SQLITE_ROW) {
            ok = false;
            msg = sqlite3_mprintf("a row of %s names a missing row", (const char *)sqlite3_column_text(st, 0));
        }
        sqlite3_finalize(st);
        if (ok && srv_db_commit(s->db) != 0) {
            ok = false;
            msg = sqlite3_mprintf("%s", sqlite3_errmsg(s->db));
        }
        if (!ok) {
            rc = kc_error_set(err, KC_EIO, _("%s: migration %d failed: %s"), s->dir, v + 1, msg ? msg : "?");
            srv_db_rollback(s->db);
        }
        sqlite3_free(msg);
    }
    sqlite3_exec(s->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    return rc;
}

static int make_dir(const char *dir, const char *sub, kc_error *err)
{
    char *p = sub ? g_build_filename(dir, sub, NULL) : g_strdup(dir);
    int rc = g_mkdir_with_parents(p, 0700) == 0 ? 0 : kc_error_set(err, KC_EIO, _("%s: cannot create: %s"), p,
                                                                  g_strerror(errno));
    g_free(p);
    return rc;
}

/* The database, its WAL and its shared memory readable by the server's
 * account only.  SQLite makes them 0644 (less the umask), and the WAL and
 * -shm files take the database's mode: in a data folder made beforehand
 * (`mkdir /srv/kiemchung`, a service manager's state directory: 0755) every
 * local account of the machine read every password's hash, every commune's
 * results and the audit log.  An existing file (an older data folder) is
 * made so too. */
static int owner_only(const char *db, kc_error *err)
{
    static const char *const tails[] = {"-wal", "-shm", "-journal"};
    int fd = open(db, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0 || fchmod(fd, 0600) != 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return kc_error_set(err, KC_EIO, _("%s: cannot open the database: %s"), db, g_strerror(e));
    }
    close(fd);
    for (size_t i = 0; i < G_N_ELEMENTS(tails); i++) {
        char *p = g_strconcat(db, tails[i], NULL);
        if (g_file_test(p, G_FILE_TEST_EXISTS) && !g_file_test(p, G_FILE_TEST_IS_SYMLINK))
            g_chmod(p, 0600);
        g_free(p);
    }
    return 0;
}

static void sql_address_key(sqlite3_context *ctx, int argc, sqlite3_value **argv); /* the audit's */

int srv_store_open(srv_store **out, const char *dir, bool server, kc_error *err)
{
    srv_store *s = g_new0(srv_store, 1);
    char *path = NULL;
    int rc = KC_EIO;

    g_mutex_init(&s->lock);
    g_mutex_init(&s->held_lock);
    s->held = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    s->lock_fd = -1;
    s->dir = g_strdup(dir);
    if (make_dir(dir, NULL, err) != 0 || make_dir(dir, "blobs", err) != 0 || make_dir(dir, "tmp", err) != 0 ||
        make_dir(dir, "work", err) != 0)
        goto out;
    path = g_build_filename(dir, "lock", NULL);
    s->lock_fd = server ? open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600) : -1;
    if (server && (s->lock_fd < 0 || flock(s->lock_fd, LOCK_EX | LOCK_NB) != 0)) {
        kc_error_set(err, KC_EIO, _("%s: another kiemchung server uses this data folder"), dir);
        goto out;
    }
    g_free(path);
    path = g_build_filename(dir, "kiemchung.db", NULL);
    if (owner_only(path, err) != 0)
        goto out;
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL) !=
        SQLITE_OK) {
        kc_error_set(err, KC_EIO, _("%s: cannot open the database: %s"), path,
                     s->db ? sqlite3_errmsg(s->db) : g_strerror(ENOMEM));
        goto out;
    }
    sqlite3_busy_timeout(s->db, 10000);
    if (sqlite3_exec(s->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
                     NULL, NULL, NULL) != SQLITE_OK) {
        kc_error_set(err, KC_EIO, _("%s: cannot open the database: %s"), path, sqlite3_errmsg(s->db));
        goto out;
    }
    if (srv_store_register_keys(s->db) != 0 ||
        sqlite3_create_function(s->db, "kc_address_key", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_address_key,
                                NULL, NULL) != SQLITE_OK) {
        kc_error_set(err, KC_EIO, _("%s: cannot open the database: %s"), path, sqlite3_errmsg(s->db));
        goto out;
    }
    if ((rc = migrate(s, err)) != 0)
        goto out;
    rc = 0;
out:
    g_free(path);
    if (rc != 0)
        srv_store_close(s);
    else
        *out = s;
    return rc;
}

void srv_store_close(srv_store *s)
{
    if (!s)
        return;
    if (s->db)
        sqlite3_close(s->db);
    if (s->lock_fd >= 0)
        close(s->lock_fd);
    g_hash_table_unref(s->held);
    g_mutex_clear(&s->lock);
    g_mutex_clear(&s->held_lock);
    g_free(s->dir);
    g_free(s);
}

/* blob.c keeps its in-flight set here, beside the store it protects. */
void srv_blob_hold(srv_store *s, const char *hex)
{
    g_mutex_lock(&s->held_lock);
    gpointer n = g_hash_table_lookup(s->held, hex);
    g_hash_table_replace(s->held, g_strdup(hex), GSIZE_TO_POINTER(GPOINTER_TO_SIZE(n) + 1));
    g_mutex_unlock(&s->held_lock);
}

void srv_blob_release(srv_store *s, const char *hex, bool remove_if_unnamed)
{
    g_mutex_lock(&s->held_lock);
    gsize n = GPOINTER_TO_SIZE(g_hash_table_lookup(s->held, hex));
    if (n > 1)
        g_hash_table_replace(s->held, g_strdup(hex), GSIZE_TO_POINTER(n - 1));
    else
        g_hash_table_remove(s->held, hex);
    if (n <= 1 && remove_if_unnamed) {
        /* Under both locks: no request holds it and no row names it. */
        sqlite3 *db = srv_db_lock(s);
        if (!srv_blob_named(db, hex)) {
            char *p = srv_blob_path(s, hex);
            g_unlink(p);
            g_free(p);
        }
        srv_db_unlock(s);
    }
    g_mutex_unlock(&s->held_lock);
}

/* ---- roles, communes, users --------------------------------------------------------- */

static const char *const role_names[] = {"admin", "district", "commune"};

const char *srv_role_name(srv_role r)
{
    return (unsigned)r < 3 ? role_names[r] : "?";
}

bool srv_role_parse(const char *s, srv_role *out)
{
    for (int i = 0; s && i < 3; i++)
        if (strcmp(s, role_names[i]) == 0) {
            *out = (srv_role)i;
            return true;
        }
    return false;
}

void srv_user_clear(srv_user *u)
{
    g_free(u->name);
    g_free(u->commune);
    g_free(u->district);
    memset(u, 0, sizeof *u);
}

/* Whether name is a deleted account's (called with the lock held). */
static bool user_closed(sqlite3 *db, const char *name)
{
    sqlite3_stmt *st = srv_db_prepare(db, "SELECT 1 FROM users WHERE name = ? AND deleted IS NOT NULL");
    bool closed = false;
    if (st) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
        closed = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return closed;
}

int srv_user_add(srv_store *s, const char *name, srv_role role, const char *commune, const char *district,
                 bool new_commune, const char *password, unsigned kdf_log2n, kc_error *err)
{
    char *hash = NULL, *kin = NULL, *nfc = kc_text_nfc(name), *dnfc = district ? kc_text_nfc(district) : NULL;
    int64_t commune_id = 0;
    int rc = KC_EINVAL;
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;

    if (!nfc || !*nfc || strlen(nfc) > 128 || strpbrk(nfc, "\r\n\t")) {
        kc_error_set(err, KC_EINVAL, _("'%s' is not a user name (1 to 128 characters on one line)"), name);
        goto out;
    }
    if (role == SRV_ROLE_COMMUNE && !(commune && *commune)) {
        kc_error_set(err, KC_EINVAL, _("a commune user needs --commune NAME"));
        goto out;
    }
    if (role == SRV_ROLE_DISTRICT && !(dnfc && *dnfc)) {
        kc_error_set(err, KC_EINVAL, _("a district user needs --district NAME (the reviewing authority)"));
        goto out;
    }
    if (!password || strlen(password) < SRV_PASSWORD_MIN) {
        kc_error_set(err, KC_EINVAL, _("the password must have at least 8 characters"));
        goto out;
    }
    /* The KDF runs before the lock: it takes a noticeable fraction of a second. */
    if (!(hash = srv_password_hash(password, kdf_log2n))) {
        rc = kc_error_set(err, KC_ECRYPTO, _("the password could not be hashed"));
        goto out;
    }
    db = srv_db_lock(s);
    if (srv_db_begin(db) != 0) {
        rc = kc_error_set(err, KC_EIO, _("the database is busy: %s"), sqlite3_errmsg(db));
        goto unlock;
    }
    if (role == SRV_ROLE_COMMUNE && !new_commune && (kin = srv_commune_unmarked_kin(db, commune, dnfc))) {
        srv_db_rollback(db);
        kc_error_set(err, KC_EINVAL,
                     _("'%s' writes the commune's name without its marks and reads as another commune than %s, "
                       "which it would be made beside: write the name with its marks, or add --new-commune if "
                       "'%s' is indeed another commune"),
                     commune, kin, commune);
        goto unlock;
    }
    if (role == SRV_ROLE_COMMUNE && (commune_id = srv_commune_ensure(db, commune, dnfc)) <= 0) {
        srv_db_rollback(db);
        if (commune_id == SRV_COMMUNE_AMBIGUOUS && dnfc) /* a mark apart or a kind apart, in that district */
            kc_error_set(err, KC_EINVAL,
                         _("there are several communes called '%s' in that district (a mark apart, as Thủy An and Thúy "
                           "An, or of another kind, xã or thị trấn): write it with its marks and its kind"),
                         commune);
        else if (commune_id == SRV_COMMUNE_AMBIGUOUS)
            kc_error_set(err, KC_EINVAL, _("there are several communes called '%s': name the district (--district)"),
                         commune);
        else
            kc_error_set(err, KC_EINVAL, _("'%s' is not a commune name"), commune);
        goto unlock;
    }
    st = srv_db_prepare(db, "INSERT INTO users (name, role, commune_id, district, password, created) "
                            "VALUES (?, ?, ?, ?, ?, strftime('%s', 'now'))");
    if (st) {
        sqlite3_bind_text(st, 1, nfc, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, srv_role_name(role), -1, SQLITE_STATIC);
        if (commune_id)
            sqlite3_bind_int64(st, 3, commune_id);
        if (role == SRV_ROLE_DISTRICT)
            sqlite3_bind_text(st, 4, dnfc, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, hash, -1, SQLITE_TRANSIENT);
    }
    if (!st || sqlite3_step(st) != SQLITE_DONE) {
        bool taken = st && sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_UNIQUE;
        srv_db_rollback(db);
        if (taken && user_closed(db, nfc))
            kc_error_set(err, KC_EINVAL,
                         _("'%s' was the name of an account deleted since: its submissions and the audit log keep "
                           "that name for what it did; choose another name"),
                         nfc);
        else if (taken)
            kc_error_set(err, KC_EINVAL, _("there is already a user called '%s'"), nfc);
        else
            rc = kc_error_set(err, KC_EIO, _("the user could not be stored: %s"), sqlite3_errmsg(db));
        goto unlock;
    }
    if (srv_db_commit(db) != 0) {
        srv_db_rollback(db);
        rc = kc_error_set(err, KC_EIO, _("the user could not be stored: %s"), sqlite3_errmsg(db));
        goto unlock;
    }
    rc = 0;
unlock:
    sqlite3_finalize(st);
    srv_db_unlock(s);
out:
    g_free(hash);
    g_free(kin);
    free(nfc);
    free(dnfc);
    return rc;
}

#define USER_SELECT                                                                                            \
    "SELECT u.id, u.name, u.role, u.commune_id, c.name, COALESCE(u.district, c.district), u.password "        \
    "FROM users u LEFT JOIN communes c ON c.id = u.commune_id "

static bool read_user(sqlite3_stmt *st, srv_user *out, char **hash)
{
    if (sqlite3_step(st) != SQLITE_ROW)
        return false;
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(st, 0);
    out->name = g_strdup((const char *)sqlite3_column_text(st, 1));
    srv_role_parse((const char *)sqlite3_column_text(st, 2), &out->role);
    out->commune_id = sqlite3_column_int64(st, 3);
    out->commune = g_strdup((const char *)sqlite3_column_text(st, 4));
    out->district = g_strdup((const char *)sqlite3_column_text(st, 5));
    if (hash)
        *hash = g_strdup((const char *)sqlite3_column_text(st, 6));
    return true;
}

bool srv_user_by_name(srv_store *s, const char *name, srv_user *out, char **hash)
{
    char *nfc = kc_text_nfc(name);
    bool found = false;
    sqlite3 *db = srv_db_lock(s);
    sqlite3_stmt *st = nfc ? srv_db_prepare(db, USER_SELECT "WHERE u.name = ? AND u.deleted IS NULL") : NULL;
    if (st) {
        sqlite3_bind_text(st, 1, nfc, -1, SQLITE_TRANSIENT);
        found = read_user(st, out, hash);
    }
    sqlite3_finalize(st);
    srv_db_unlock(s);
    free(nfc);
    return found;
}

bool srv_user_by_id(sqlite3 *db, int64_t id, srv_user *out)
{
    bool found = false;
    sqlite3_stmt *st = srv_db_prepare(db, USER_SELECT "WHERE u.id = ? AND u.deleted IS NULL");
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        found = read_user(st, out, NULL);
    }
    sqlite3_finalize(st);
    return found;
}

/* The same action by the same account from the same address on the same
 * object, with the same detail, within AUDIT_SAME_SECONDS of its row, counts
 * in that row (times, last) instead of writing another: a logged-in script
 * logging in, logging out, downloading a dossier or sending a refused upload
 * again and again wrote a row each time, a synchronous write each, the
 * database growing for as long as it ran.  Who did what, from where, when
 * first and last, and how often, stays. */
#define AUDIT_SAME_SECONDS 600

/* kc_address_key(address): the key the limiter counts an address under
 * (srv_address_key: an IPv6 address by its /64), NULL for none.  The audit
 * groups a repeated action's addresses so (review38): an IPv6 machine may
 * send each request from a fresh address of its /64, and counted by the
 * full address a script reading through the others' submissions wrote a
 * row a request.  The row keeps the first address; the count, the rest. */
static void sql_address_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *a = (const char *)sqlite3_value_text(argv[0]);
    if (a)
        sqlite3_result_text(ctx, srv_address_key(a), -1, g_free);
    else
        sqlite3_result_null(ctx);
}

static bool audit_again(sqlite3 *db, const srv_user *u, const char *address, const char *action, const char *object,
                        const char *detail)
{
    sqlite3_stmt *st = srv_db_prepare(db, "UPDATE audit SET times = times + 1, last = strftime('%s', 'now') WHERE id = "
                                          "(SELECT id FROM audit WHERE time >= strftime('%s', 'now') - ?1 AND action = ?2 "
                                          "AND user_id IS ?3 AND user_name IS ?4 AND kc_address_key(address) IS kc_address_key(?5) "
                                          "AND object IS ?6 "
                                          "AND detail IS ?7 ORDER BY id DESC LIMIT 1)");
    bool again = false;
    if (st) {
        sqlite3_bind_int(st, 1, AUDIT_SAME_SECONDS);
        sqlite3_bind_text(st, 2, action, -1, SQLITE_TRANSIENT);
        if (u && u->id)
            sqlite3_bind_int64(st, 3, u->id);
        sqlite3_bind_text(st, 4, u ? u->name : NULL, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, address, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 6, object, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 7, detail, -1, SQLITE_TRANSIENT);
        again = sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(db) == 1;
    }
    sqlite3_finalize(st);
    return again;
}

void srv_audit(srv_store *s, const srv_user *u, const char *address, const char *action, const char *object,
               const char *detail)
{
    sqlite3 *db = srv_db_lock(s);
    if (audit_again(db, u, address, action, object, detail)) {
        srv_db_unlock(s);
        return;
    }
    sqlite3_stmt *st = srv_db_prepare(db, "INSERT INTO audit (time, user_id, user_name, address, action, object, "
                                          "detail) VALUES (strftime('%s', 'now'), ?, ?, ?, ?, ?, ?)");
    if (st) {
        if (u && u->id)
            sqlite3_bind_int64(st, 1, u->id);
        sqlite3_bind_text(st, 2, u ? u->name : NULL, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, address, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, action, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, object, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 6, detail, -1, SQLITE_TRANSIENT);
        sqlite3_step(st);
    }
    sqlite3_finalize(st);
    srv_db_unlock(s);
}

