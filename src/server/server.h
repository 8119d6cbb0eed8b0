/* server.h: what the modules of `kiemchung serve` share (src/server/, a static
 * library linked into the kiemchung binary).
 *
 * One process serves one data directory: the SQLite store and the blobs
 * beside it (store.c, store_sub.c, blob.c), accounts, sessions and the login
 * limiter (auth.c), the HTTP side on libsoup's SoupServer (server.c: routing,
 * static pages; http.c: replies; api_*.c: one file per API area), uploads
 * (upload.c, parse.c) and the worker threads that verify submissions
 * (jobs.c, pipeline.c).
 *
 * Threads: every HTTP handler runs on the main loop's thread.  What may take
 * long (a password's KDF, storing an upload) runs on a small pool and the
 * message is paused meanwhile; verification runs on the job workers.  The
 * store is one SQLite connection behind a mutex (srv_db_lock). */
#ifndef KC_SERVER_H
#define KC_SERVER_H

#include <glib.h>
#include "json_lib.h"
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "kiemchung/kiemchung.h"
/* The library's gettext macros, unless cli.h (included first) gave its own. */
#ifndef _
#include "i18n.h"
#endif
#include "util.h"

/* libsoup 3.2 has no name for it (RFC 6585). */
#define SRV_STATUS_TOO_MANY_REQUESTS 429
#define SRV_STATUS_MISDIRECTED 421 /* RFC 9110 15.5.20: not a name this server answers to */

/* ---- configuration ---------------------------------------------------------- */

typedef struct srv_limits {
    uint64_t max_upload;      /* bytes of one request body (multipart, all parts) */
    uint64_t max_files;       /* files in one submission, zip entries counted */
    uint64_t max_file;        /* bytes of one file (a zip entry inflated included) */
    uint64_t max_commune;     /* bytes of the files one commune's submissions keep (each once) */
    uint64_t max_district;    /* the same over every commune of one district; 0: max_commune times
                                 the district's communes that have a clerk's account (at least one) */
    unsigned max_waiting;     /* submissions waiting or analysed at once, per commune and per account */
    unsigned max_analysis;    /* seconds one submission's analysis may take; 0: 300, 0.1 more per
                                 file and 1 more per 10 MiB (pipeline.c) */
    unsigned login_slow;      /* failures (per user or address) after which answers are slowed */
    unsigned login_block;     /* failures after which the login is refused (429) */
    unsigned login_window;    /* seconds the failures are remembered */
    unsigned session_idle;    /* seconds a session lives unused */
    unsigned session_max;     /* seconds a session lives at most */
} srv_limits;

void srv_limits_default(srv_limits *l);

typedef struct srv_config {
    const char *data_dir;           /* created when missing */
    const char *listen;             /* "127.0.0.1:8080"; port 0 = any free port */
    const kc_trust *trust;          /* borrowed: the verify options of `serve` */
    const kc_verify_opts *verify;
    const kc_catalog *catalog;      /* borrowed: for lint and ingest without a report */
    const char *authority;          /* --district for index: NULL = by the date */
    const char *lang;               /* "vi" (default) or "en": the stored results' language */
    unsigned workers;               /* job threads (0 = one per CPU, at most 4) */
    srv_limits limits;
    unsigned kdf_log2n;             /* scrypt N = 2^kdf_log2n for new passwords (0 = 15) */
    bool secure_cookie;             /* --secure-cookie: the session cookie is Secure always */
    const char *proxy;              /* --proxy: the TLS proxy's address, whose X-Forwarded-For is believed */
    char **hosts;                   /* --host: the names the desk answers to (NULL-terminated, or NULL) */
} srv_config;

/* ---- the store (store.c) ------------------------------------------------------ */

typedef struct srv_store srv_store;

/* Opens (creating) DIR/kiemchung.db, DIR/blobs/, DIR/tmp/, DIR/work/; a
 * server takes the directory's lock (one server a directory; `user add`
 * works beside it); applies the migrations; WAL mode.  KC_EIO with the
 * reason otherwise. */
int srv_store_open(srv_store **out, const char *dir, bool server, kc_error *err);
void srv_store_close(srv_store *s);
const char *srv_store_dir(const srv_store *s);
/* The connection, locked for the caller's statements. */
sqlite3 *srv_db_lock(srv_store *s);
void srv_db_unlock(srv_store *s);
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK on a locked connection. */
int srv_db_begin(sqlite3 *db);
int srv_db_commit(sqlite3 *db);
void srv_db_rollback(sqlite3 *db);
/* A prepared statement, or NULL (logged). */
sqlite3_stmt *srv_db_prepare(sqlite3 *db, const char *sql);
/* The schema version the migrations reached. */
int srv_store_version(srv_store *s);

typedef enum srv_role { SRV_ROLE_ADMIN = 0, SRV_ROLE_DISTRICT = 1, SRV_ROLE_COMMUNE = 2 } srv_role;
const char *srv_role_name(srv_role r);
bool srv_role_parse(const char *s, srv_role *out);

typedef struct srv_user {
    int64_t id;
    char *name;
    srv_role role;
    int64_t commune_id;       /* commune users; 0 otherwise */
    char *commune;            /* its name, or NULL */
    char *district;           /* district users: the authority; commune users: their commune's */
} srv_user;
void srv_user_clear(srv_user *u);

/* A commune is its name within its district (names repeat across the
 * country): both compared as a person reads them (srv_commune_same,
 * srv_authority_same).  find: the commune called name in district ("" the
 * one with no district; NULL: in any district), 0 when there is none,
 * SRV_COMMUNE_AMBIGUOUS when district is NULL and several are called so
 * (or a name typed without marks names several spelt apart: Thủy An and
 * Thúy An).  A name spelt with other marks than a commune's ("Thúy An"
 * beside Thủy An) is another commune, its own row.  ensure: the same, made
 * when missing (a commune with no district takes the district named); 0 on
 * failure (locked db, no name). */
#define SRV_COMMUNE_AMBIGUOUS ((int64_t)-1)
/* kc_commune_key and kc_authority_key as SQL functions on db (migrations). */
int srv_store_register_keys(sqlite3 *db);
int64_t srv_commune_ensure(sqlite3 *db, const char *name, const char *district);
int64_t srv_commune_find(sqlite3 *db, const char *name, const char *district);
/* The communes ("NAME (DISTRICT)", joined by ", "; g_free) that name, its
 * place typed without marks ("Xã Thuy An"), folds to but that are spelt
 * apart from it, when none is called so in district: what `user add` would
 * make a commune beside; NULL when there are none. */
char *srv_commune_unmarked_kin(sqlite3 *db, const char *name, const char *district);
/* The commune an upload naming name in district goes to, id being the one
 * srv_commune_find gave: id, or a new commune of name's kind beside id when
 * id was named without one; 0 when the store could not be written. */
int64_t srv_commune_kind_apart(sqlite3 *db, int64_t id, const char *name, const char *district);
/* The name an upload is for: the form's (else the dossier's bag-info's,
 * meta), or the bag-info's when it is the form's commune with the kind the
 * form's leaves out ("Thị trấn Tân Hòa" for "Tân Hòa"). */
const char *srv_commune_fuller(const char *form, const char *meta);

/* The communes with a clerk's account (closed ones too), of district as
 * srv_authority_same reads it, or of the store when NULL: the communes the
 * administrator made, never one a district's officer named in an upload.
 * srv_account_waiting: the submissions an account may have waiting at once,
 * per (--max-waiting) for a clerk, per times those communes (at least
 * one) for a district's officer (its district's) or the administrator. */
unsigned srv_clerk_communes(sqlite3 *db, const char *district);
unsigned srv_account_waiting(sqlite3 *db, const srv_user *user, unsigned per);

/* Whether two names are one commune ("UBND xã Thủy An", "Xã Thủy An",
 * "thuy an"; not "Thị trấn Thủy An": the kind counts when both name one),
 * and one reviewing authority ("UBND huyện Phú Vang", "Phú
 * Vang"): folded, without "UBND" and the level's word, which must be the
 * same when both name one (huyện and thị xã Cai Lậy are two).  NULL is no
 * name. */
bool srv_commune_same(const char *a, const char *b);
/* The key the two compare: "KIND|PLACE" folded, past "UBND" ("xa|hiep hoa",
 * "|hiep hoa" when no kind is named, "" for no name; NULL for NULL; g_free). */
char *srv_commune_key(const char *name);
/* The key srv_authority_same compares: "LEVEL|NAME" ("huyen|phu vang", "|phu
 * vang" when no level is named, "" for no name; g_free). */
char *srv_authority_key(const char *name);
bool srv_authority_same(const char *a, const char *b);

/* The shortest password an account takes (user add, user passwd); `user add`
 * judges it before the store is made, so a refused first account makes no desk. */
#define SRV_PASSWORD_MIN 8

/* user passwd: a new password, the user's sessions ended (auth.c); KC_EINVAL
 * when there is no such user or the password is too short. */
int srv_user_set_password(srv_store *s, const char *name, const char *password, unsigned kdf_log2n, kc_error *err);
/* user del: the account closed, its sessions ended, its row kept for its
 * submissions and the audit (auth.c); KC_EINVAL when there is no such user. */
int srv_user_delete(srv_store *s, const char *name, kc_error *err);
/* user add: KC_EINVAL when the name is taken or the role needs what is missing,
 * or when commune, typed without its marks, would be made beside communes its
 * name folds to (srv_commune_unmarked_kin) and new_commune does not say so. */
int srv_user_add(srv_store *s, const char *name, srv_role role, const char *commune, const char *district,
                 bool new_commune, const char *password, unsigned kdf_log2n, kc_error *err);
/* The user called name, with the stored password hash in *hash (g_free). */
bool srv_user_by_name(srv_store *s, const char *name, srv_user *out, char **hash);
bool srv_user_by_id(sqlite3 *db, int64_t id, srv_user *out);

/* The audit log: one row per action (who, from where, what, on what, how it
 * went); the same again within ten minutes counts in its row (times, last). */
void srv_audit(srv_store *s, const srv_user *u, const char *address, const char *action, const char *object,
               const char *detail);

/* At start: the finished submissions whose dossier an older strict reader
 * analysed and today's refuses are queued again, their results removed
 * (recheck.c); returns how many. */
size_t srv_recheck_dossiers(srv_store *s);
/* The rules of the signatures' and seals' checks a submission's verdicts were
 * given under (the column signature_rules, migration 13; store_sub.c writes
 * it with the results).  Raised whenever the verifier (kc_verify_file, the
 * seal's kc_seal_judge and its time rules, kc_dossier_check) judges a file
 * otherwise than it did: 1 is rttime19's (a seal or a CA's own OCSP answer
 * older than what it vouches for no longer vouches) and every rule before;
 * 2 is session 42's (rttime21: SHA-1/MD5-signed revocation data and chain
 * certificates; rtcert21: titles denying an office, special zones, the
 * clearance centres; rtpdf27, rtform19, rtform20: new notes; rtnum23,
 * rtshown27, atkshown3: a document's own number and the figures shown);
 * 3 is session 43's (lead43: a heading "Số: 003/HĐ 2019" numbers the
 * document for a row looked for by its number, a quote broken before its
 * date is no heading, section lines in the summary column, a title's final
 * full stop; a type-2 entry naming a missing object stream has a file
 * signed whole's repair compared); 4 is session 44's (rtform: a field's
 * text put outside its box, rollover and down appearances; rtshown: figures
 * narrow against their ink, fonts without /Widths, figures overlapping or
 * drawing nothing; and the session's other verdict and figure rules). */
#define SRV_SIGNATURE_RULES 4
/* At start: the finished submissions analysed under older signature rules
 * (signature_rules below SRV_SIGNATURE_RULES) are queued again, their results
 * removed (recheck.c); returns how many. */
size_t srv_recheck_signatures(srv_store *s);
/* Why today's strict dossier reader (kc_zl_parse) or the names' vetting
 * (kc_zr_vet, its limits aside) refuses the file at path (g_free), or NULL
 * (also when it cannot be opened: its reader says so). */
char *srv_dossier_refused(const char *path);

/* The schema's migrations, in order (store_migrations.c): migration v + 1 is
 * srv_migrations[v]; PRAGMA user_version is how many a store has had. */
extern const char *const srv_migrations[];
extern const size_t srv_n_migrations;

/* ---- submissions (store_sub.c) ------------------------------------------------------ */

typedef struct srv_sub {
    int64_t id, commune_id, created, finished;
    char *commune, *district, *kind, *status, *error, *user;
    int year, attempts;
    char *index_json, *findings_json, *missing_json, *check_json; /* NULL until done */
    char *review_json;           /* the review row (kc_review_row_to_json); NULL until done, or
                                    when analysed before the desk stored it */
    char *overview_json;         /* the same without the register's "rows" */
} srv_sub;
bool srv_sub_get(sqlite3 *db, int64_t id, srv_sub *out); /* locked db */
void srv_sub_clear(srv_sub *sub);
/* Admin: every commune; district: the communes whose authority is its own;
 * commune: its own. */
bool srv_user_sees_commune(const srv_user *u, int64_t commune_id, const char *district);
bool srv_sub_visible(sqlite3 *db, int64_t id, const srv_user *u, bool *exists); /* locked db */

typedef struct srv_file {
    char *name;          /* the client's (safe) name: data, never a path on disk */
    char sha256[65];
    uint64_t size;
    char *role;          /* "file", "dossier" */
} srv_file;
GPtrArray *srv_sub_files(sqlite3 *db, int64_t id); /* of srv_file, by name */
void srv_file_free(srv_file *f);
char *srv_sub_output(sqlite3 *db, int64_t id, const char *kind); /* the blob's hex (g_free) or NULL */
GPtrArray *srv_sub_outputs(sqlite3 *db, int64_t id);              /* the kinds there are */
void srv_sub_each_document(sqlite3 *db, int64_t id, void (*fn)(void *ud, const char *verdict_json), void *ud);
/* queued, running (attempt: counts one more), failed (with error); done comes with srv_sub_save. */
int srv_sub_set_status(srv_store *s, int64_t id, const char *status, const char *error, bool attempt);

/* What one analysis found, written in one transaction (srv_sub_save). */
typedef struct srv_document {
    char *name, *status, *json; /* the verify --json object, its "file" the client's name */
} srv_document;
typedef struct srv_finding {
    char *criterion, *code, *message, *place;
} srv_finding;
typedef struct srv_criterion {
    bool computed;
    uint64_t numerator, denominator;
    char *text;                 /* "5/7 (71,4%)" */
    char *claimed;              /* what the report claims, or NULL */
} srv_criterion;
typedef struct srv_output {
    char *kind;                 /* "dossier", "verify.html", "index.html", "report.html" */
    char sha256[65];
    uint64_t size;
} srv_output;
/* A document the review counts as signed, by what it is known by
 * (kc_twin_keys: its intact signatures' values, the document under them):
 * the overview compares these across communes (api_overview_shared.c). */
typedef struct srv_signature {
    char *key;                  /* a kc_twin_keys key */
    char *row;                  /* the register row's number, else its place ("row 3") */
} srv_signature;
typedef struct srv_results {
    int64_t id;
    GPtrArray *documents, *findings, *outputs; /* of the types above */
    GPtrArray *signatures;      /* of srv_signature: the counted documents' keys */
    srv_criterion criteria[3];  /* 20, 21, 22 */
    char *index_json, *findings_json, *missing_json, *check_json;
    char *review_json;          /* the dossier's review row, or NULL when there is no dossier */
    char *overview_json;        /* the same without the register's "rows" (the overview's) */
} srv_results;
int srv_sub_save(srv_store *s, const srv_results *r, kc_error *err);

/* ---- blobs (blob.c) ------------------------------------------------------------- */

/* Content-addressed files DIR/blobs/ab/abcdef… (the SHA-256 of their bytes,
 * read-only).  A blob is written to DIR/tmp, synced, renamed into place and
 * its folder synced before any row names it; one no row names is removed at
 * start (srv_blob_sweep). */
typedef struct srv_blob_writer srv_blob_writer;
int srv_blob_begin(srv_blob_writer **out, srv_store *s, kc_error *err);
int srv_blob_write(srv_blob_writer *w, const void *data, size_t n, kc_error *err);
/* Syncs and moves it into place; hex gets the SHA-256 (65 bytes).  *created
 * says whether the blob is new (an identical one may exist already). */
int srv_blob_commit(srv_blob_writer *w, char hex[65], uint64_t *size, bool *created, kc_error *err);
void srv_blob_abort(srv_blob_writer *w);
/* Adopts a finished file (renamed away from path). */
int srv_blob_adopt(srv_store *s, const char *path, char hex[65], uint64_t *size, kc_error *err);
char *srv_blob_path(const srv_store *s, const char *hex); /* g_free */
/* Blobs being written by requests not yet committed are not swept. */
void srv_blob_hold(srv_store *s, const char *hex);
void srv_blob_release(srv_store *s, const char *hex, bool remove_if_unnamed);
/* Removes temporary files, work trees and blobs no row names; returns how
 * many files were removed. */
size_t srv_blob_sweep(srv_store *s);
/* Removes dir and everything under it (links not followed). */
void srv_remove_tree(const char *dir);
/* Whether a row (files, outputs) names the blob (locked db). */
bool srv_blob_named(sqlite3 *db, const char *hex);

/* ---- accounts and sessions (auth.c) ---------------------------------------------- */

/* "scrypt$N$r$p$salt$hash" (hex), made with EVP_KDF. */
char *srv_password_hash(const char *password, unsigned log2n);
bool srv_password_check(const char *password, const char *stored);

typedef struct srv_session {
    srv_user user;
    char csrf[65];
    char id_hash[65]; /* its row in the store, to tell whether it still is open */
} srv_session;

/* A new session for user: *cookie_id gets the 64 hex digits the cookie
 * carries (only their SHA-256 is stored), csrf the token. */
/* checked: the password hash the login checked; 1 (no session) when the
 * account's is another by now (user passwd, user del meanwhile). */
int srv_session_create(srv_store *s, const srv_user *u, const char *checked, const srv_limits *l,
                       char cookie_id[65], char csrf[65]);
/* The live session named by id (expiry checked and extended). */
bool srv_session_get(srv_store *s, const char *id, const srv_limits *l, srv_session *out);
void srv_session_delete(srv_store *s, const char *id);
/* Whether ss is still open (not logged out, nor ended by a new password or
 * a closed account), on a locked db. */
bool srv_session_open(sqlite3 *db, const srv_session *ss);
void srv_session_clear(srv_session *ss);

/* The login limiter: failures per user name and per address in a window. */
typedef struct srv_limiter srv_limiter;
srv_limiter *srv_limiter_new(const srv_limits *l);
void srv_limiter_free(srv_limiter *lim);
/* 0: go on; >0: wait that many milliseconds first; -1: refuse (429). */
int srv_limiter_check(srv_limiter *lim, const char *user, const char *address);
void srv_limiter_failed(srv_limiter *lim, const char *user, const char *address);
void srv_limiter_succeeded(srv_limiter *lim, const char *user, const char *address);
/* Whether a refused login (check said -1) is the first its block refuses:
 * the one the audit log keeps. */
bool srv_limiter_first_refusal(srv_limiter *lim, const char *user, const char *address);

/* ---- parsers of outside input (parse.c; each fuzzed) ----------------------------- */

/* A client's file name made a safe relative path: '\' taken as '/', NFC,
 * components checked (no "", ".", "..", no control characters, no ':' drive
 * letters, at most 64 deep, 255 bytes a component, 1024 in all); a leading
 * "/" or "./" dropped.  NULL when unsafe (reason in why). */
char *srv_safe_path(const char *name, const char **why);
/* Content-Disposition of a multipart part: name and filename (filename*
 * preferred, RFC 5987), without libsoup's stripping of folders.  false when
 * the header is not form-data. */
bool srv_parse_disposition(const char *value, char **name, char **filename);
/* {"user": "...", "password": "..."} with nothing else required; false when
 * the body is not such an object (strings up to 256 bytes). */
bool srv_parse_login(const char *body, size_t len, char **user, char **password);
/* The value of key in a query string (percent-decoded), or NULL. */
char *srv_query_get(const char *query, const char *key);
/* A year from a query value: 1990..2200, else 0. */
int srv_parse_year(const char *s);
/* The value of cookie name in a Cookie header, or NULL. */
char *srv_cookie_get(const char *header, const char *name);
/* Whether the header holds the cookie with two different values (then
 * srv_cookie_get gives NULL): one set by another site of the domain. */
bool srv_cookie_twice(const char *header, const char *name);
/* A session id: exactly 64 lower-case hex digits. */
bool srv_session_id_ok(const char *id);

/* ---- messages (i18n.c) ------------------------------------------------------------ */

typedef enum srv_lang { SRV_LANG_VI = 0, SRV_LANG_EN = 1 } srv_lang;
/* Loads the Vietnamese catalog (localedir/vi/LC_MESSAGES/kiemchung.mo) once,
 * before any thread starts. */
void srv_i18n_init(const char *localedir);
const char *srv_msg(srv_lang lang, const char *msgid) __attribute__((format_arg(2))); /* msgid marked N_() */
/* The request's language: the lang cookie, else Accept-Language, else vi. */
srv_lang srv_request_lang(SoupServerMessage *msg);
/* Why a dossier naming (meta) cannot be the submission of the commune called
 * commune, reviewed by district (NULL: not known), for year: a sentence in
 * lang (g_free) and its status (403 another commune's or district's, 400),
 * or NULL when it can (upload_store.c). */
char *srv_dossier_not_for(srv_lang lang, const kc_dossier_meta *meta, const char *commune, const char *district,
                          int year, guint *status);
/* Why a dossier that leaves out what would tell two communes apart, sealed by
 * seal, cannot be the submission of commune of district: naming its commune
 * without its kind ("Hiệp Hòa" for "Xã Hiệp Hòa"), its seal's certificate
 * names the place as another kind's ("UBND thị trấn Hiệp Hòa"); naming no
 * district or province, its certificate names another district ("O=UBND
 * huyện Phong Điền" for Thủy An of Phú Vang).  A sentence in lang (g_free),
 * or NULL (pipeline_files.c). */
char *srv_seal_not_for(srv_lang lang, const kc_sig_info *seal, const kc_dossier_meta *meta, const char *commune,
                       const char *district);

/* ---- the server --------------------------------------------------------------------- */

typedef struct srv_jobs srv_jobs;
typedef struct srv srv;

struct srv {
    srv_config cfg;
    srv_store *store;
    SoupServer *soup;
    srv_limiter *limiter;
    srv_jobs *jobs;
    GThreadPool *slow;     /* KDFs and uploads, off the main loop */
    char *url;             /* what to open */
    GMainContext *ctx;     /* the loop the handlers run on (thread-default at srv_listen) */
    GHashTable *peers;     /* address → its open connections' sockets (server.c) */
    guint peers_new;       /* connections counted so far */
    GMutex peers_lock;
    bool loopback;         /* listening on a loopback address (srv_host_allowed) */
};

int srv_new(srv **out, const srv_config *cfg, kc_error *err);
/* Listens (cfg->listen); url says where. */
int srv_listen(srv *s, kc_error *err);
void srv_free(srv *s);

/* ---- answering before the body (answer_now.c) ------------------------------------ */

/* Whether the request sends a body (a length over 0, or chunks). */
bool srv_request_has_body(SoupServerMessage *msg);
/* Writes the answer msg holds now, before the body libsoup would read to
 * its end first, and closes the connection after a short linger. */
void srv_answer_now(srv *s, SoupServerMessage *msg);

/* ---- a request's deadline (deadline.c) ------------------------------------------- */

/* From the request's start: its headers must come within a deadline and its
 * body at a least pace, or it is answered 408 and its connection closed. */
void srv_deadline_start(srv *s, SoupServerMessage *msg);

/* ---- replies and requests (http.c) ------------------------------------------------ */

void srv_security_headers(SoupServerMessage *msg);
/* A JSON reply (takes text). */
void srv_reply_json(SoupServerMessage *msg, guint status, char *text);
/* {"error": "<msgid in the request's language>"} with status. */
void srv_reply_error(SoupServerMessage *msg, guint status, const char *msgid);
/* The same with a sentence already made (taken), e.g. from a format srv_msg gave. */
void srv_reply_error_text(SoupServerMessage *msg, guint status, char *sentence);
/* A file's bytes (a blob), with its type and a download name. */
void srv_reply_file(SoupServerMessage *msg, const char *path, const char *type, const char *download_name);
/* Whether the browser says the request comes from another site or origin
 * (Sec-Fetch-Site other than same-origin or none). */
bool srv_cross_site(SoupServerMessage *msg);
/* The attributes of the session cookie for this request: "; Secure" too when
 * the browser reached the desk over HTTPS (a TLS proxy's X-Forwarded-Proto
 * or Forwarded) or --secure-cookie says it always does. */
const char *srv_cookie_flags(srv *s, SoupServerMessage *msg);
/* The session cookie's name for this request: __Host-kc_session when the
 * cookie is Secure (the browser then refuses it from any other site of the
 * domain), else kc_session; only that name is read. */
const char *srv_cookie_name(srv *s, SoupServerMessage *msg);
/* Every Cookie field of the request joined by "; " (an HTTP/2 browser's
 * cookies come as several fields), or NULL when none came; g_free it. */
char *srv_request_cookies(SoupServerMessage *msg);
/* How many fields of that name the headers hold. */
unsigned srv_header_fields(SoupMessageHeaders *h, const char *name);
/* Whether the request's Host is one the desk answers to: always unless
 * --host names some or the desk listens on loopback (then an IP literal,
 * localhost, the machine's name or a --host; a request from the --proxy on
 * loopback without --host is the proxy's to route).  DNS rebinding. */
bool srv_host_allowed(srv *s, SoupServerMessage *msg);
/* The client's address as text. */
const char *srv_peer(SoupServerMessage *msg);
/* The key an address is counted under: an IPv6 address by its /64, an
 * IPv4-mapped one as its IPv4 address, anything else as written. */
char *srv_address_key(const char *addr);
/* The address of the proxy in front (--proxy), or NULL: a request from it is
 * counted and audited by the browser's address, the last of X-Forwarded-For. */
void srv_set_proxy(const char *address);
/* The session of a request: NULL (401 sent) when there is none; for a
 * state-changing request, also NULL (403 sent) without the right CSRF token. */
srv_session *srv_require_session(srv *s, SoupServerMessage *msg, bool state_changing);
/* The request body as text (NUL-terminated, owned by msg). */
const char *srv_body(SoupServerMessage *msg, size_t *len);

/* Runs fn(data) on the slow pool with msg paused; then done(data) on the
 * main loop, which replies (msg is then unpaused) or hands msg on to another
 * srv_defer or srv_later. */
typedef struct srv_deferred srv_deferred;
void srv_deferred_run(gpointer d, gpointer unused); /* the slow pool's function */
void srv_defer(srv *s, SoupServerMessage *msg, void (*fn)(gpointer data), void (*done)(gpointer data),
               gpointer data);
/* The same after ms milliseconds, with no work first. */
void srv_later(srv *s, SoupServerMessage *msg, unsigned ms, void (*done)(gpointer data), gpointer data);

/* ---- API areas ------------------------------------------------------------------------- */

void srv_api_auth(srv *s, SoupServerMessage *msg, const char *path);        /* api_auth.c */
void srv_api_submissions(srv *s, SoupServerMessage *msg, const char *path); /* api_sub.c */
void srv_api_overview(srv *s, SoupServerMessage *msg, const char *path);    /* api_overview.c */
/* Early handling of an upload: checks the session, the token and the
 * declared size before a byte of the body is read, then spools the body to a
 * file in DIR/tmp instead of memory (upload.c). */
void srv_upload_early(srv *s, SoupServerMessage *msg);
/* The spooled body's parts stored and the submission queued (upload.c). */
void srv_upload_finish(srv *s, SoupServerMessage *msg, srv_session *ss);
/* The second half, on the slow pool (upload_store.c). */
void srv_upload_store(srv *s, SoupServerMessage *msg, srv_session *ss, const char *spool_path);
/* Removes msg's spooled body now rather than when libsoup lets msg go (which
 * may be after the client has its answer): called before every answer. */
void srv_upload_spool_remove(SoupServerMessage *msg);

/* The form of an upload, checked (upload.c). */
typedef struct srv_part {
    char *name;          /* the safe relative path */
    const char *data;    /* in the mapped body */
    size_t len;
    bool zip;            /* evidence to expand */
    bool dossier;        /* an ASiC-E dossier, kept whole (upload_store.c) */
} srv_part;
typedef struct srv_form {
    int year;            /* 0 when not given */
    char *commune;       /* the field 'commune', or NULL */
    GArray *parts;       /* of srv_part */
    char *error;         /* a msgid, and what it is about */
    char *about;
    guint status;
} srv_form;
/* Reads the form in body (which must have two readable bytes before it and a
 * NUL after it: see srv_upload_early) and checks every file's name and size
 * and the count; nothing is written.  Never NULL: f->error says what is wrong. */
srv_form *srv_form_parse(SoupMessageHeaders *headers, GBytes *body, const srv_limits *lim);
/* The refusal as a sentence in lang (g_free), and its status; NULL when none. */
char *srv_form_error(const srv_form *f, srv_lang lang, guint *status);
void srv_form_free(srv_form *f);

/* The overview of a year for a user (JSON text, g_free): the seam where the
 * review library's district table takes over (api_overview.c). */
char *srv_overview_json(srv *s, const srv_user *u, int year);
/* The overview row's "shared" member for submission sub of commune in year:
 * its counted documents another commune's finished submission of the year
 * counts too (api_overview_shared.c); locked db. */
void srv_overview_add_shared(JsonBuilder *b, sqlite3 *db, const srv_user *u, int64_t sub, int64_t commune, int year);

/* ---- jobs (jobs.c, pipeline.c) ------------------------------------------------------- */

int srv_jobs_start(srv_jobs **out, srv *s, kc_error *err);
void srv_jobs_stop(srv_jobs *j);          /* waits for the running ones */
void srv_jobs_queue(srv_jobs *j, int64_t submission);
/* The progress of a running submission (0..1), or -1 when not running here. */
double srv_jobs_progress(srv_jobs *j, int64_t submission);
bool srv_jobs_stopping(srv_jobs *j);     /* the pipeline stops between documents */
void srv_jobs_set_progress(srv_jobs *j, int64_t submission, double p);
/* Queued or running submissions found at start: queued again, or failed
 * after three attempts.  Returns how many were queued. */
size_t srv_jobs_recover(srv_jobs *j);

/* Analyses one submission (a worker thread): 0, or KC_E* with err (the
 * submission is then marked failed by the caller). */
int srv_pipeline_run(srv *s, int64_t submission, kc_error *err);

#endif
