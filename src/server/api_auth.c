/* api_auth.c: POST /api/login, POST /api/logout, GET /api/me.
 *
 * A login's password is checked on the slow pool (scrypt takes a noticeable
 * fraction of a second and 32 MiB) while the message waits; an unknown user
 * costs the same KDF, so the answer's time does not tell which names exist.
 * Failed logins are counted per user name and per address (auth.c): past a
 * few, each answer comes later; past more, 429. */
#include <string.h>

#include <openssl/crypto.h>

#include "server.h"

/* A hash of no password anyone has, to spend an unknown user's time on. */
static char *dummy_hash;
G_LOCK_DEFINE_STATIC(dummy);

typedef struct login {
    srv *s;
    SoupServerMessage *msg;
    char *user, *password, *address;
    char *hash; /* the password hash checked: a session opens only while it is the account's */
    srv_user found;
    bool ok;
} login;

static void login_free(login *l)
{
    g_free(l->user);
    if (l->password)
        memset(l->password, 0, strlen(l->password));
    g_free(l->password);
    g_free(l->address);
    g_free(l->hash);
    srv_user_clear(&l->found);
    g_free(l);
}

static char *user_json(const srv_user *u, const char *csrf)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    kc_json_add_str(b, "user", u->name);
    kc_json_add_str(b, "role", srv_role_name(u->role));
    kc_json_add_str(b, "commune", u->commune);
    kc_json_add_str(b, "district", u->district);
    if (csrf)
        kc_json_add_str(b, "csrf", csrf);
    json_builder_end_object(b);
    return kc_json_finish(b, false);
}

static void check_password(gpointer p)
{
    login *l = p;
    char *hash = NULL;
    bool known = srv_user_by_name(l->s->store, l->user, &l->found, &hash);
    if (!known) {
        G_LOCK(dummy);
        if (!dummy_hash)
            dummy_hash = srv_password_hash("kiemchung: no such user", l->s->cfg.kdf_log2n);
        G_UNLOCK(dummy);
        srv_password_check(l->password, dummy_hash);
    }
    l->ok = known && srv_password_check(l->password, hash);
    l->hash = hash;
}

static void login_done(gpointer p)
{
    login *l = p;
    srv *s = l->s;
    char id[65], csrf[65];
    int rc = l->ok ? srv_session_create(s->store, &l->found, l->hash, &s->cfg.limits, id, csrf) : 1;
    if (rc == 1) { /* a wrong password, or one changed while it was checked */
        srv_audit(s->store, NULL, l->address, "login-failed", l->user, l->ok ? "password changed meanwhile" : NULL);
        srv_reply_error(l->msg, SOUP_STATUS_UNAUTHORIZED, N_("wrong user name or password"));
    } else if (rc != 0) {
        srv_reply_error(l->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, N_("the server could not open a session"));
    } else {
        srv_limiter_succeeded(s->limiter, l->user, l->address);
        srv_audit(s->store, &l->found, l->address, "login", NULL, NULL);
        char *cookie = g_strdup_printf("%s=%s%s", srv_cookie_name(s, l->msg), id, srv_cookie_flags(s, l->msg));
        soup_message_headers_append(soup_server_message_get_response_headers(l->msg), "Set-Cookie", cookie);
        g_free(cookie);
        srv_reply_json(l->msg, SOUP_STATUS_OK, user_json(&l->found, csrf));
    }
    login_free(l);
}

/* After the limiter's delay: the KDF, off the main loop. */
static void start_check(gpointer p)
{
    login *l = p;
    srv_defer(l->s, l->msg, check_password, login_done, l);
}

static void do_login(srv *s, SoupServerMessage *msg)
{
    size_t len = 0;
    const char *body = srv_body(msg, &len);
    /* JSON only: a form of another site can post text/plain that reads as
     * JSON, but cannot send this type without the browser asking first
     * (CORS), which this server never allows. */
    const char *type = soup_message_headers_get_content_type(soup_server_message_get_request_headers(msg), NULL);
    if (!type || g_ascii_strcasecmp(type, "application/json") != 0) {
        srv_reply_error(msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
                        N_("a login is sent as application/json: {\"user\": \"...\", \"password\": \"...\"}"));
        return;
    }
    login *l = g_new0(login, 1);
    l->s = s;
    l->msg = msg;
    if (!srv_parse_login(body, len, &l->user, &l->password)) {
        login_free(l);
        srv_reply_error(msg, SOUP_STATUS_BAD_REQUEST,
                        N_("a login is JSON: {\"user\": \"...\", \"password\": \"...\"}"));
        return;
    }
    l->address = g_strdup(srv_peer(msg));
    int wait = srv_limiter_check(s->limiter, l->user, l->address);
    if (wait < 0) {
        if (srv_limiter_first_refusal(s->limiter, l->user, l->address)) /* not one row a refusal */
            srv_audit(s->store, NULL, l->address, "login-refused", l->user, "later refusals of this block not written");
        soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Retry-After", "900");
        srv_reply_error(msg, SRV_STATUS_TOO_MANY_REQUESTS,
                        N_("too many failed logins: wait a quarter of an hour and try again"));
        login_free(l);
        return;
    }
    /* Counted as failed now and forgiven on success, so that guesses sent
     * all at once do not pass the check before any has failed. */
    srv_limiter_failed(s->limiter, l->user, l->address);
    if (wait > 0)
        srv_later(s, msg, (unsigned)wait, start_check, l);
    else
        start_check(l);
}

void srv_api_auth(srv *s, SoupServerMessage *msg, const char *path)
{
    const char *method = soup_server_message_get_method(msg);
    bool post = strcmp(method, "POST") == 0;
    if (strcmp(path, "/api/login") == 0 && post) {
        do_login(s, msg);
    } else if (strcmp(path, "/api/logout") == 0 && post) {
        srv_session *ss = srv_require_session(s, msg, true);
        if (!ss)
            return;
        char *cookies = srv_request_cookies(msg);
        char *id = srv_cookie_get(cookies, srv_cookie_name(s, msg));
        g_free(cookies);
        srv_session_delete(s->store, id);
        g_free(id);
        srv_audit(s->store, &ss->user, srv_peer(msg), "logout", NULL, NULL);
        char *gone = g_strdup_printf("%s=%s; Max-Age=0", srv_cookie_name(s, msg), srv_cookie_flags(s, msg));
        soup_message_headers_append(soup_server_message_get_response_headers(msg), "Set-Cookie", gone);
        g_free(gone);
        srv_reply_json(msg, SOUP_STATUS_OK, g_strdup("{}"));
    } else if (strcmp(path, "/api/me") == 0 && strcmp(method, "GET") == 0) {
        /* The session's token only to a page that holds it already (the
         * login's answer, kept in the desk's own storage): a session cookie
         * that another site of the host set (another port, a sibling
         * subdomain: cookies are not kept apart by port) holding the
         * attacker's session gave a logged-out clerk's page the attacker's
         * account and its token, and the clerk's upload went into it.  That
         * site can set a cookie but not write the desk's storage. */
        srv_session *ss = srv_require_session(s, msg, false);
        const char *token = soup_message_headers_get_one(soup_server_message_get_request_headers(msg), "X-CSRF-Token");
        bool held = ss && token && strlen(token) == 64 && CRYPTO_memcmp(token, ss->csrf, 64) == 0;
        if (ss)
            srv_reply_json(msg, SOUP_STATUS_OK, user_json(&ss->user, held ? ss->csrf : NULL));
    } else if (strcmp(path, "/api/login") == 0 || strcmp(path, "/api/logout") == 0 || strcmp(path, "/api/me") == 0) {
        srv_reply_error(msg, SOUP_STATUS_METHOD_NOT_ALLOWED, N_("this address does not take that method"));
    } else {
        srv_reply_error(msg, SOUP_STATUS_NOT_FOUND, N_("there is no such API address"));
    }
}
