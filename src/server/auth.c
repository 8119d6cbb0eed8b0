/* auth.c: passwords, sessions and the login limiter.
 *
 * Passwords: scrypt through OpenSSL's EVP_KDF, N = 2^15, r = 8, p = 1 by
 * default (32 MiB and a few tenths of a second a try: the parameters the
 * scrypt paper and Go's x/crypto give for interactive logins), a 16-byte
 * random salt, stored as "scrypt$N$r$p$salt$key" so that stronger parameters
 * can come later without invalidating what is stored.
 *
 * Sessions: a random 256-bit id in an HttpOnly, SameSite=Strict cookie; the
 * store keeps only its SHA-256 (a copy of the database opens no session),
 * with a CSRF token every state-changing request must echo in X-CSRF-Token,
 * and an expiry: idle time and a maximum age, both checked here.
 *
 * The limiter counts failed logins per user name and per address in a
 * window: after login_slow failures each answer is delayed (doubling, up to
 * eight seconds), after login_block the login is refused with 429 until the
 * failures age out; an address (an office behind one router) gets five
 * times as many.  It lives in memory: a restart forgets it, which costs an
 * attacker a restart of the server they cannot cause. */
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server.h"
#include "text.h"

#define SALT_LEN 16
#define KEY_LEN 32

static bool scrypt(unsigned char *key, const char *password, const unsigned char *salt, size_t salt_len,
                   uint64_t n, uint32_t r, uint32_t p)
{
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, "SCRYPT", NULL);
    EVP_KDF_CTX *ctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
    uint64_t maxmem = 256u << 20;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, (void *)password, strlen(password)),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)salt, salt_len),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem),
        OSSL_PARAM_construct_end(),
    };
    bool ok = ctx && EVP_KDF_derive(ctx, key, KEY_LEN, params) == 1;
    EVP_KDF_CTX_free(ctx);
    EVP_KDF_free(kdf);
    return ok;
}

char *srv_password_hash(const char *password, unsigned log2n)
{
    unsigned char salt[SALT_LEN], key[KEY_LEN];
    char salt_hex[2 * SALT_LEN + 1], key_hex[2 * KEY_LEN + 1];
    if (log2n == 0)
        log2n = 15;
    if (log2n < 10 || log2n > 20 || RAND_bytes(salt, sizeof salt) != 1 ||
        !scrypt(key, password, salt, sizeof salt, (uint64_t)1 << log2n, 8, 1))
        return NULL;
    char *s = g_strdup_printf("scrypt$%llu$8$1$%s$%s", 1ULL << log2n, kc_hex_encode(salt_hex, salt, sizeof salt),
                              kc_hex_encode(key_hex, key, sizeof key));
    OPENSSL_cleanse(key, sizeof key);
    return s;
}

bool srv_password_check(const char *password, const char *stored)
{
    char **f = stored ? g_strsplit(stored, "$", 0) : NULL;
    unsigned char salt[SALT_LEN], want[KEY_LEN], got[KEY_LEN];
    bool ok = false;
    if (!f || g_strv_length(f) != 6 || strcmp(f[0], "scrypt") != 0)
        goto out;
    uint64_t n = g_ascii_strtoull(f[1], NULL, 10), r = g_ascii_strtoull(f[2], NULL, 10),
             p = g_ascii_strtoull(f[3], NULL, 10);
    /* What is stored is ours, but a bound keeps a damaged row from taking the machine. */
    if (n < 1024 || n > (1u << 20) || (n & (n - 1)) || r < 1 || r > 32 || p < 1 || p > 16 ||
        strlen(f[4]) != 2 * SALT_LEN || !kc_hex_decode(salt, SALT_LEN, f[4]) ||
        !kc_hex_decode(want, KEY_LEN, f[5]))
        goto out;
    ok = scrypt(got, password, salt, SALT_LEN, n, (uint32_t)r, (uint32_t)p) && CRYPTO_memcmp(got, want, KEY_LEN) == 0;
    OPENSSL_cleanse(got, sizeof got);
out:
    g_strfreev(f);
    return ok;
}

/* ---- sessions ------------------------------------------------------------------------ */

static void random_hex(char out[65])
{
    unsigned char b[32];
    if (RAND_bytes(b, sizeof b) != 1)
        abort(); /* no randomness, no sessions: never hand out a guessable id */
    kc_hex_encode(out, b, sizeof b);
}

static void id_hash(char out[65], const char *id)
{
    unsigned char md[32];
    EVP_Digest(id, strlen(id), md, NULL, EVP_sha256(), NULL);
    kc_hex_encode(out, md, sizeof md);
}

void srv_limits_default(srv_limits *l)
{
    l->max_upload = 1024ull << 20;
    l->max_files = 20000;
    l->max_file = 512ull << 20;
    l->max_commune = 20ull << 30;
    l->max_district = 0; /* max_commune times the district's communes with a clerk (upload_store.c) */
    l->max_waiting = 2;
    l->login_slow = 3;
    l->login_block = 10;
    l->login_window = 15 * 60;
    l->session_idle = 2 * 3600;
    l->session_max = 12 * 3600;
}

/* A script logging in again and again with the right password opened a
 * session each time, each a row kept for up to 12 hours: a loop of a
 * thousand a minute grew the table without bound.  An account keeps its
 * SESSIONS_PER_USER newest sessions (a clerk's browsers and devices); the
 * oldest beyond them end (the db lock held). */
#define SESSIONS_PER_USER 20

static int keep_newest_sessions(sqlite3 *db, int64_t user)
{
    sqlite3_stmt *st = srv_db_prepare(db, "DELETE FROM sessions WHERE user_id = ?1 AND rowid NOT IN "
                                          "(SELECT rowid FROM sessions WHERE user_id = ?1 "
                                          "ORDER BY created DESC, rowid DESC LIMIT ?2)");
    int rc = KC_EIO;
    if (st) {
        sqlite3_bind_int64(st, 1, user);
        sqlite3_bind_int(st, 2, SESSIONS_PER_USER);
        if (sqlite3_step(st) == SQLITE_DONE)
            rc = 0;
    }
    sqlite3_finalize(st);
    return rc;
}

/* The session opens only if the account still has the password hash the
 * login checked, in the same statement: the check (scrypt, a fraction of a
 * second, longer on a loaded desk) ran outside the store's lock, so a
 * thief logging in again and again with a clerk's old password while the
 * administrator ran `user passwd` (which ends every session) got a session
 * opened just after, that outlived the change by twelve hours; or one after
 * `user del`.  1 when it changed meanwhile, KC_EIO when the store failed. */
int srv_session_create(srv_store *s, const srv_user *u, const char *checked, const srv_limits *l,
                       char cookie_id[65], char csrf[65])
{
    char hash[65];
    int64_t now = (int64_t)time(NULL);
    int rc = KC_EIO;
    random_hex(cookie_id);
    random_hex(csrf);
    id_hash(hash, cookie_id);
    sqlite3 *db = srv_db_lock(s);
    /* Expired sessions go when a new one comes: the table stays small. */
    sqlite3_stmt *st = srv_db_prepare(db, "DELETE FROM sessions WHERE expires < ?");
    if (st) {
        sqlite3_bind_int64(st, 1, now);
        sqlite3_step(st);
        sqlite3_finalize(st);
    }
    st = srv_db_prepare(db, "INSERT INTO sessions (id_hash, user_id, csrf, created, expires) SELECT ?1, ?2, ?3, ?4, ?5 "
                            "WHERE EXISTS (SELECT 1 FROM users WHERE id = ?2 AND password = ?6 AND deleted IS NULL)");
    if (st) {
        sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, u->id);
        sqlite3_bind_text(st, 3, csrf, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 4, now);
        sqlite3_bind_int64(st, 5, now + l->session_idle);
        sqlite3_bind_text(st, 6, checked ? checked : "", -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_DONE)
            rc = sqlite3_changes(db) == 1 ? 0 : 1;
    }
    sqlite3_finalize(st);
    if (rc == 0)
        rc = keep_newest_sessions(db, u->id);
    srv_db_unlock(s);
    return rc;
}

bool srv_session_get(srv_store *s, const char *id, const srv_limits *l, srv_session *out)
{
    char hash[65];
    int64_t now = (int64_t)time(NULL), user = 0, created = 0, expires = 0;
    bool ok = false;
    if (!srv_session_id_ok(id))
        return false;
    id_hash(hash, id);
    memset(out, 0, sizeof *out);
    sqlite3 *db = srv_db_lock(s);
    sqlite3_stmt *st = srv_db_prepare(db, "SELECT user_id, csrf, created, expires FROM sessions WHERE id_hash = ?");
    if (st) {
        sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW) {
            user = sqlite3_column_int64(st, 0);
            g_strlcpy(out->csrf, (const char *)sqlite3_column_text(st, 1), sizeof out->csrf);
            created = sqlite3_column_int64(st, 2);
            expires = sqlite3_column_int64(st, 3);
        }
    }
    sqlite3_finalize(st);
    if (user && expires >= now && now - created <= (int64_t)l->session_max && srv_user_by_id(db, user, &out->user)) {
        ok = true;
        g_strlcpy(out->id_hash, hash, sizeof out->id_hash);
        /* Used: it lives another idle period, within its maximum age.  Written
         * at most once a minute, so page loads do not each write the database. */
        int64_t next = MIN(now + (int64_t)l->session_idle, created + (int64_t)l->session_max);
        if (next - expires >= 60 && (st = srv_db_prepare(db, "UPDATE sessions SET expires = ? WHERE id_hash = ?"))) {
            sqlite3_bind_int64(st, 1, next);
            sqlite3_bind_text(st, 2, hash, -1, SQLITE_TRANSIENT);
            sqlite3_step(st);
            sqlite3_finalize(st);
        }
    }
    srv_db_unlock(s);
    if (!ok)
        srv_session_clear(out);
    return ok;
}

void srv_session_delete(srv_store *s, const char *id)
{
    char hash[65];
    if (!srv_session_id_ok(id))
        return;
    id_hash(hash, id);
    sqlite3 *db = srv_db_lock(s);
    sqlite3_stmt *st = srv_db_prepare(db, "DELETE FROM sessions WHERE id_hash = ?");
    if (st) {
        sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
        sqlite3_step(st);
    }
    sqlite3_finalize(st);
    srv_db_unlock(s);
}

/* Whether the session that sent the upload is still open.  It was checked
 * at the request's headers, and a body takes minutes: a clerk's account
 * closed (`user del`) or given a new password meanwhile, or logged out,
 * still had its submission taken, filed under the account. */
bool srv_session_open(sqlite3 *db, const srv_session *ss)
{
    sqlite3_stmt *st = srv_db_prepare(db, "SELECT 1 FROM sessions WHERE id_hash = ?");
    bool open = false;
    if (st) {
        sqlite3_bind_text(st, 1, ss->id_hash, -1, SQLITE_TRANSIENT);
        open = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return open;
}

/* The user's row changed by update (?1 the text, when given; ?2 the id) and
 * every session of the user ended, in one transaction: a new password and a
 * closed account both leave no session open. */
static int update_ending_sessions(srv_store *s, const char *update, const char *text, int64_t id, kc_error *err)
{
    sqlite3 *db = srv_db_lock(s);
    sqlite3_stmt *st = NULL, *del = NULL;
    bool ok = srv_db_begin(db) == 0 && (st = srv_db_prepare(db, update)) &&
              (del = srv_db_prepare(db, "DELETE FROM sessions WHERE user_id = ?"));
    if (ok) {
        if (text)
            sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, id);
        sqlite3_bind_int64(del, 1, id);
        ok = sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(db) == 1 && sqlite3_step(del) == SQLITE_DONE &&
             srv_db_commit(db) == 0;
    }
    if (!ok) {
        kc_error_set(err, KC_EIO, _("the database is busy: %s"), sqlite3_errmsg(db));
        srv_db_rollback(db);
    }
    sqlite3_finalize(st);
    sqlite3_finalize(del);
    srv_db_unlock(s);
    return ok ? 0 : KC_EIO;
}

/* A new password for the user called name, and every session the user has
 * ended in the same transaction: a password seen by someone else is changed
 * so that whoever used it is out now, not after 12 hours. */
int srv_user_set_password(srv_store *s, const char *name, const char *password, unsigned kdf_log2n, kc_error *err)
{
    srv_user u = {0};
    char *old = NULL, *hash = NULL;
    int rc = KC_EINVAL;
    if (!password || strlen(password) < SRV_PASSWORD_MIN) {
        kc_error_set(err, KC_EINVAL, _("the password must have at least 8 characters"));
        goto out;
    }
    if (!srv_user_by_name(s, name, &u, &old)) {
        kc_error_set(err, KC_EINVAL, _("there is no user called '%s'"), name);
        goto out;
    }
    if (!(hash = srv_password_hash(password, kdf_log2n))) {
        rc = kc_error_set(err, KC_ECRYPTO, _("the password could not be hashed"));
        goto out;
    }
    rc = update_ending_sessions(s, "UPDATE users SET password = ?1 WHERE id = ?2", hash, u.id, err);
out:
    srv_user_clear(&u);
    g_free(old);
    g_free(hash);
    return rc;
}

/* user del: the account is closed in one transaction: no password opens it
 * (an empty hash matches none), its sessions end, and the lookups used by the
 * login and the sessions no longer find it.  Its row stays (store.c,
 * migration 6): its submissions, still analysed and shown, and the audit log
 * name it. */
int srv_user_delete(srv_store *s, const char *name, kc_error *err)
{
    srv_user u = {0};
    int rc = KC_EINVAL;
    if (!srv_user_by_name(s, name, &u, NULL))
        return kc_error_set(err, KC_EINVAL, _("there is no user called '%s'"), name);
    rc = update_ending_sessions(s,
                                "UPDATE users SET deleted = strftime('%s', 'now'), password = '' "
                                "WHERE id = ?2 AND deleted IS NULL",
                                NULL, u.id, err);
    srv_user_clear(&u);
    return rc;
}

void srv_session_clear(srv_session *ss)
{
    srv_user_clear(&ss->user);
    OPENSSL_cleanse(ss->csrf, sizeof ss->csrf);
}

/* ---- the login limiter ----------------------------------------------------------------- */

typedef struct strikes {
    unsigned count;
    int64_t last;
    bool told; /* this block's first refusal is in the audit log */
} strikes;

struct srv_limiter {
    GMutex lock;
    GHashTable *by_key; /* "u:NAME" or "a:ADDRESS" → strikes */
    srv_limits limits;
};

srv_limiter *srv_limiter_new(const srv_limits *l)
{
    srv_limiter *lim = g_new0(srv_limiter, 1);
    g_mutex_init(&lim->lock);
    lim->by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    lim->limits = *l;
    return lim;
}

void srv_limiter_free(srv_limiter *lim)
{
    if (!lim)
        return;
    g_hash_table_unref(lim->by_key);
    g_mutex_clear(&lim->lock);
    g_free(lim);
}

/* The failures under key that are still remembered (the lock held). */
static unsigned count_of(srv_limiter *lim, const char *key, int64_t now)
{
    strikes *s = g_hash_table_lookup(lim->by_key, key);
    if (!s)
        return 0;
    if (now - s->last > (int64_t)lim->limits.login_window) {
        g_hash_table_remove(lim->by_key, key);
        return 0;
    }
    return s->count;
}

/* The key is the name as the account lookup reads it (NFC: store.c), case
 * folded: "thủy-vân" sent decomposed (NFD) or partly so opens the same
 * account, and must not be a fresh count of guesses.  An address is
 * counted by srv_address_key's rule (an IPv6 address by its /64). */
static char *key_of(char kind, const char *what)
{
    if (kind == 'a') {
        char *a = srv_address_key(what);
        char *k = g_strdup_printf("a:%s", a);
        g_free(a);
        return k;
    }
    char *f = kc_text_casefold(what ? what : "");
    char *k = g_strdup_printf("%c:%s", kind, f ? f : "");
    free(f);
    return k;
}

/* An office's clerks often share one address (NAT): an address may fail
 * ADDRESS_FACTOR times as often as one user name before it is slowed or
 * refused, so that a few typos do not lock the whole office out. */
#define ADDRESS_FACTOR 5

static int verdict(const srv_limits *l, unsigned n, unsigned factor)
{
    if (n >= l->login_block * factor)
        return -1;
    if (n >= l->login_slow * factor) {
        unsigned shift = MIN((n - l->login_slow * factor) / factor, 4u);
        return (int)(500u << shift); /* 0.5 s, 1 s, 2 s, 4 s, 8 s */
    }
    return 0;
}

int srv_limiter_check(srv_limiter *lim, const char *user, const char *address)
{
    char *ku = key_of('u', user), *ka = key_of('a', address);
    int64_t now = g_get_monotonic_time() / G_USEC_PER_SEC;
    g_mutex_lock(&lim->lock);
    unsigned nu = count_of(lim, ku, now), na = count_of(lim, ka, now);
    g_mutex_unlock(&lim->lock);
    g_free(ku);
    g_free(ka);
    int by_user = verdict(&lim->limits, nu, 1), by_address = verdict(&lim->limits, na, ADDRESS_FACTOR);
    if (by_user < 0 || by_address < 0)
        return -1;
    return MAX(by_user, by_address);
}

/* A flood of made-up names must not grow the table without bound.  It was
 * emptied whole past 100,000 keys: a stranger spraying that many names (or
 * addresses, behind a proxy) reset every count, the block on the account he
 * was guessing included, and guessed on.  Past LIMITER_KEYS the counts that
 * have aged out go first, then the smallest counts, oldest first (a sprayed
 * name has one failure; the account being guessed has the most), down to
 * LIMITER_LOW keys, so that this runs once per many failures. */
#define LIMITER_KEYS 100000u
#define LIMITER_LOW (LIMITER_KEYS / 4 * 3)

typedef struct keyed {
    const char *key;
    const strikes *s;
} keyed;

static int coldest_first(gconstpointer a, gconstpointer b)
{
    const strikes *x = ((const keyed *)a)->s, *y = ((const keyed *)b)->s;
    if (x->count != y->count)
        return x->count < y->count ? -1 : 1;
    return x->last < y->last ? -1 : x->last > y->last;
}

typedef struct sweep {
    int64_t now, window;
} sweep;

static gboolean aged_out(gpointer key, gpointer value, gpointer ud)
{
    (void)key;
    const sweep *w = ud;
    return w->now - ((strikes *)value)->last > w->window;
}

static void make_room(srv_limiter *lim, int64_t now)
{
    if (g_hash_table_size(lim->by_key) <= LIMITER_KEYS)
        return;
    sweep w = {now, (int64_t)lim->limits.login_window};
    g_hash_table_foreach_remove(lim->by_key, aged_out, &w);
    guint n = g_hash_table_size(lim->by_key);
    if (n <= LIMITER_LOW)
        return;
    keyed *all = g_new(keyed, n);
    GHashTableIter it;
    gpointer k, v;
    guint i = 0;
    g_hash_table_iter_init(&it, lim->by_key);
    while (g_hash_table_iter_next(&it, &k, &v))
        all[i++] = (keyed){k, v};
    qsort(all, n, sizeof *all, coldest_first);
    /* the keys are the table's own: each removed before the next is read */
    for (i = 0; i < n - LIMITER_LOW; i++)
        g_hash_table_remove(lim->by_key, all[i].key);
    g_free(all);
}

void srv_limiter_failed(srv_limiter *lim, const char *user, const char *address)
{
    char *keys[2] = {key_of('u', user), key_of('a', address)};
    int64_t now = g_get_monotonic_time() / G_USEC_PER_SEC;
    g_mutex_lock(&lim->lock);
    make_room(lim, now);
    for (int i = 0; i < 2; i++) {
        unsigned n = count_of(lim, keys[i], now);
        strikes *old = n ? g_hash_table_lookup(lim->by_key, keys[i]) : NULL;
        strikes *s = g_new0(strikes, 1);
        s->told = old && old->told;
        s->count = n + 1;
        s->last = now;
        g_hash_table_replace(lim->by_key, keys[i], s);
    }
    g_mutex_unlock(&lim->lock);
}

/* Whether a refused login is the first of its block to be written in the
 * audit log.  Every refusal wrote a row: a stranger sending refused logins
 * (each a few hundred bytes, a user name of 256 characters) as fast as the
 * desk answers them grew the database by megabytes a minute, for as long as
 * he liked, each row a synchronous write the clerks' work waited behind.
 * One row per blocked name or address per block says what matters (who was
 * blocked, from where, from when); the refusals after it add nothing. */
bool srv_limiter_first_refusal(srv_limiter *lim, const char *user, const char *address)
{
    char *keys[2] = {key_of('u', user), key_of('a', address)};
    const unsigned factor[2] = {1, ADDRESS_FACTOR};
    int64_t now = g_get_monotonic_time() / G_USEC_PER_SEC;
    bool first = false;
    g_mutex_lock(&lim->lock);
    for (int i = 0; i < 2; i++) {
        unsigned n = count_of(lim, keys[i], now);
        strikes *s = n ? g_hash_table_lookup(lim->by_key, keys[i]) : NULL;
        if (s && verdict(&lim->limits, n, factor[i]) < 0 && !s->told)
            first = s->told = true;
    }
    g_mutex_unlock(&lim->lock);
    g_free(keys[0]);
    g_free(keys[1]);
    return first;
}

void srv_limiter_succeeded(srv_limiter *lim, const char *user, const char *address)
{
    char *ku = key_of('u', user), *ka = key_of('a', address);
    g_mutex_lock(&lim->lock);
    g_hash_table_remove(lim->by_key, ku);
    /* The attempt was counted before it was checked (api_auth.c): take it
     * back from the address, whose other failures stay counted. */
    strikes *s = g_hash_table_lookup(lim->by_key, ka);
    if (s && s->count > 0 && --s->count == 0)
        g_hash_table_remove(lim->by_key, ka);
    g_mutex_unlock(&lim->lock);
    g_free(ku);
    g_free(ka);
}
