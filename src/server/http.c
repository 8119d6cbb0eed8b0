/* http.c: how the server answers: JSON and files with the same security
 * headers on every reply, errors as a sentence in the request's language,
 * the session and CSRF check every API handler starts with, and running slow
 * work off the main loop while the message waits (paused). */
#include <openssl/crypto.h>
#include <string.h>

#include "server.h"

/* Pages come only from this server, scripts only from its files (no inline
 * script, no eval), nothing may frame them, and nothing is sniffed. */
#define CSP                                                                                                    \
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "       \
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

void srv_security_headers(SoupServerMessage *msg)
{
    SoupMessageHeaders *h = soup_server_message_get_response_headers(msg);
    soup_message_headers_replace(h, "Content-Security-Policy", CSP);
    soup_message_headers_replace(h, "X-Content-Type-Options", "nosniff");
    soup_message_headers_replace(h, "X-Frame-Options", "DENY");
    soup_message_headers_replace(h, "Referrer-Policy", "no-referrer");
    soup_message_headers_replace(h, "Cross-Origin-Opener-Policy", "same-origin");
    soup_message_headers_replace(h, "Cross-Origin-Resource-Policy", "same-origin");
}

void srv_reply_json(SoupServerMessage *msg, guint status, char *text)
{
    srv_security_headers(msg);
    soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Cache-Control", "no-store");
    soup_server_message_set_status(msg, status, NULL);
    if (!text)
        text = g_strdup("{}");
    soup_server_message_set_response(msg, "application/json; charset=utf-8", SOUP_MEMORY_TAKE, text, strlen(text));
}

void srv_reply_error_text(SoupServerMessage *msg, guint status, char *sentence)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    kc_json_add_str(b, "error", sentence);
    json_builder_end_object(b);
    g_free(sentence);
    srv_reply_json(msg, status, kc_json_finish(b, false));
}

void srv_reply_error(SoupServerMessage *msg, guint status, const char *msgid)
{
    srv_reply_error_text(msg, status, g_strdup(srv_msg(srv_request_lang(msg), msgid)));
}

/* "attachment; filename=\"ho-so.zip\"; filename*=UTF-8''h%E1%BB%93-s%C6%A1.zip" */
static char *disposition(const char *name)
{
    GString *ascii = g_string_new(NULL);
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        g_string_append_c(ascii, (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\') ? (char)*p : '_');
    char *esc = g_uri_escape_string(name, NULL, FALSE);
    char *v = g_strdup_printf("attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii->str, esc);
    g_string_free(ascii, TRUE);
    g_free(esc);
    return v;
}

/* The HTML reports (verify --html, index --html, the report) are whole pages
 * with their style inline and no script: they may style themselves and
 * nothing else, sandboxed. */
#define REPORT_CSP                                                                                             \
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; "    \
    "frame-ancestors 'self'; sandbox allow-popups allow-modals"

void srv_reply_file(SoupServerMessage *msg, const char *path, const char *type, const char *download_name)
{
    GMappedFile *mf = g_mapped_file_new(path, FALSE, NULL);
    if (!mf) {
        srv_reply_error(msg, SOUP_STATUS_NOT_FOUND, N_("this file is no longer on the server"));
        return;
    }
    GBytes *bytes = g_mapped_file_get_bytes(mf);
    g_mapped_file_unref(mf);
    srv_security_headers(msg);
    SoupMessageHeaders *h = soup_server_message_get_response_headers(msg);
    soup_message_headers_replace(h, "Cache-Control", "no-store");
    if (g_str_has_prefix(type, "text/html"))
        soup_message_headers_replace(h, "Content-Security-Policy", REPORT_CSP);
    if (download_name) {
        char *d = disposition(download_name);
        soup_message_headers_replace(h, "Content-Disposition", d);
        g_free(d);
    }
    soup_server_message_set_status(msg, SOUP_STATUS_OK, NULL);
    soup_message_headers_set_content_type(h, type, NULL);
    soup_message_body_append_bytes(soup_server_message_get_response_body(msg), bytes);
    g_bytes_unref(bytes);
}

static char *trusted_proxy;

void srv_set_proxy(const char *address)
{
    g_free(trusted_proxy);
    trusted_proxy = NULL;
    if (!address || !*address)
        return;
    /* As libsoup spells the peer (g_inet_address_to_string): compared as
     * typed, "0:0:0:0:0:0:0:1" or "::0001" never matched "::1", and every
     * browser behind the proxy was counted as the proxy again. */
    GInetAddress *a = g_inet_address_new_from_string(address);
    trusted_proxy = a ? g_inet_address_to_string(a) : g_strdup(address);
    if (a)
        g_object_unref(a);
}

/* ---- the Host a request names (DNS rebinding) ------------------------------------------ */

/* A page of another site whose name the attacker then points at the desk's
 * address (DNS rebinding: attacker.example resolves to 127.0.0.1 or the
 * desk's office address once the page is loaded) talks to the desk as its
 * own origin: Sec-Fetch-Site says same-origin, CORS never comes into it,
 * and the desk answered, the login and its limiter included.  The browser
 * still sends the attacker's name as Host, which is what is checked.  A
 * desk reached by names it cannot know (an office's DNS, a proxy's public
 * name) must not be broken: the check applies when --host names the desk's
 * names, or when it listens on a loopback address (where any outside name
 * is a rebinding, or a proxy in front, whose requests (--proxy) are left to
 * its own routing).  Allowed: an IP literal (no rebinding names one),
 * localhost, the machine's name (what the desk prints for 0.0.0.0), and
 * each --host; the port is not compared (a proxy may map it). */
static bool host_listed(const srv *s, const char *name)
{
    if (g_hostname_is_ip_address(name) || g_ascii_strcasecmp(name, "localhost") == 0 ||
        g_ascii_strcasecmp(name, g_get_host_name()) == 0)
        return true;
    for (char **h = s->cfg.hosts; h && *h; h++)
        if (g_ascii_strcasecmp(name, *h) == 0)
            return true;
    return false;
}

bool srv_host_allowed(srv *s, SoupServerMessage *msg)
{
    bool named = s->cfg.hosts && *s->cfg.hosts;
    if (!named && (!s->loopback || (trusted_proxy && g_strcmp0(soup_server_message_get_remote_host(msg),
                                                                trusted_proxy) == 0)))
        return true;
    const char *host = soup_message_headers_get_one(soup_server_message_get_request_headers(msg), "Host");
    if (!host) /* HTTP/1.0 without one: no browser, so no rebinding */
        return true;
    char *name = g_strstrip(g_strdup(host));
    if (name[0] == '[') { /* [::1]:8080 */
        char *close = strchr(name, ']');
        if (close)
            *close = 0;
        memmove(name, name + 1, strlen(name));
    } else if (strchr(name, ':') == strrchr(name, ':') && strchr(name, ':')) {
        *strchr(name, ':') = 0; /* name:8080; a bare IPv6 literal has several */
    }
    size_t n = strlen(name);
    if (n > 1 && name[n - 1] == '.') /* "desk.example." is the same name */
        name[n - 1] = 0;
    bool ok = *name && host_listed(s, name);
    g_free(name);
    return ok;
}

/* The browser's address.  Behind a TLS proxy every request comes from the
 * proxy: the login limiter's count per address was one count for every
 * browser, so one stranger's fifty wrong guesses (made-up names, each a
 * fresh user) refused every clerk's login for a quarter of an hour, again
 * and again, and the audit log named the proxy for everyone.  The address
 * the proxy (--proxy) appends to X-Forwarded-For is believed; from anyone
 * else the header is the sender's word and is not read. */
const char *srv_peer(SoupServerMessage *msg)
{
    const char *a = soup_server_message_get_remote_host(msg);
    if (!a)
        return "?";
    if (!trusted_proxy || strcmp(a, trusted_proxy) != 0)
        return a;
    const char *known = g_object_get_data(G_OBJECT(msg), "kc-client");
    if (known)
        return known;
    const char *xff =
        soup_message_headers_get_list(soup_server_message_get_request_headers(msg), "X-Forwarded-For");
    if (!xff)
        return a;
    const char *last = strrchr(xff, ',');
    char *client = g_strstrip(g_strdup(last ? last + 1 : xff));
    GInetAddress *ok = *client ? g_inet_address_new_from_string(client) : NULL;
    if (!ok) { /* not an address: the proxy's own, rather than a name the sender chose */
        g_free(client);
        return a;
    }
    g_object_unref(ok);
    g_object_set_data_full(G_OBJECT(msg), "kc-client", client, g_free);
    return client;
}

/* The key an address is counted under (failed logins, connections at
 * once).  An IPv6 machine is given a /64 of its own (SLAAC, privacy
 * addresses, a provider's prefix per customer), and may take any of its
 * 2^64 addresses for each request: counted by the full address, each of a
 * stranger's guesses was a fresh address's first.  So an IPv6 address counts
 * by its /64 (a LAN: like an office behind one IPv4 router); one mapped
 * from IPv4 (::ffff:10.0.0.1, how a socket listening on :: sees an IPv4
 * client) counts as the IPv4 address it holds, the same count however it
 * came.  What does not parse (no address: "?") is its own key.
 *
 * A link-local address (fe80::/10) is not a machine's /64: every machine of
 * a LAN without a router's prefix holds one in fe80::/64, so counted by it,
 * one clerk's mistyped passwords blocked every login of the office and one
 * machine's 256 connections shut the others out (review38).  It counts by
 * itself: only a machine on that very link can send from it, and a sender
 * there can take any IPv4 address of the LAN as well (rtdesk19). */
char *srv_address_key(const char *addr)
{
    GInetAddress *ia = addr ? g_inet_address_new_from_string(addr) : NULL;
    if (!ia)
        return g_strdup(addr ? addr : "");
    char *key = NULL;
    if (g_inet_address_get_family(ia) == G_SOCKET_FAMILY_IPV6) {
        guint8 b[16];
        memcpy(b, g_inet_address_to_bytes(ia), sizeof b);
        static const guint8 mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (memcmp(b, mapped, sizeof mapped) == 0) {
            key = g_strdup_printf("%u.%u.%u.%u", b[12], b[13], b[14], b[15]);
        } else if (g_inet_address_get_is_link_local(ia)) {
            key = g_inet_address_to_string(ia);
        } else {
            memset(b + 8, 0, 8);
            GInetAddress *net = g_inet_address_new_from_bytes(b, G_SOCKET_FAMILY_IPV6);
            char *text = g_inet_address_to_string(net);
            key = g_strdup_printf("%s/64", text);
            g_free(text);
            g_object_unref(net);
        }
    } else {
        key = g_inet_address_to_string(ia);
    }
    g_object_unref(ia);
    return key;
}

/* A browser names where a request comes from (Fetch Metadata, sent by every
 * browser since 2023): a form another site posts here is "cross-site" (or
 * "same-site": another port or subdomain of the same host).  Those never
 * change anything: the login is where that matters (a login CSRF would log
 * the clerk into an account the attacker holds, and the clerk's documents
 * into it); the other POSTs need the page's token besides.  A request with
 * no such header (a script, an older browser) is judged by its token, and a
 * login by its JSON type, which no form can send. */
bool srv_cross_site(SoupServerMessage *msg)
{
    const char *site =
        soup_message_headers_get_one(soup_server_message_get_request_headers(msg), "Sec-Fetch-Site");
    return site && g_ascii_strcasecmp(site, "same-origin") != 0 && g_ascii_strcasecmp(site, "none") != 0;
}

/* Whether the browser reached the desk over HTTPS, as the TLS proxy in front
 * says (the desk itself speaks plain HTTP).  A session cookie without
 * Secure, set on an https:// page, is sent again in clear to any http://
 * address of the same host (a link, a typed address, a network attacker's
 * redirect before the proxy's own redirect to https), where anyone on the
 * office network reads it and holds the clerk's session.  A client that
 * claims HTTPS falsely only makes its own browser refuse the cookie. */
static bool reached_over_https(SoupServerMessage *msg)
{
    SoupMessageHeaders *h = soup_server_message_get_request_headers(msg);
    const char *proto = soup_message_headers_get_one(h, "X-Forwarded-Proto");
    const char *fwd = soup_message_headers_get_one(h, "Forwarded");
    if (proto) {
        size_t n = strcspn(proto, ", \t"); /* a chain of proxies: the first is the browser's */
        if (n == 5 && g_ascii_strncasecmp(proto, "https", 5) == 0)
            return true;
    }
    if (fwd) { /* RFC 7239: the first element is the browser's hop */
        char *first = g_ascii_strdown(fwd, (gssize)strcspn(fwd, ","));
        char **pairs = g_strsplit(first, ";", 0);
        bool https = false;
        for (char **q = pairs; *q; q++)
            https |= strcmp(g_strstrip(*q), "proto=https") == 0 || strcmp(*q, "proto=\"https\"") == 0;
        g_strfreev(pairs);
        g_free(first);
        if (https)
            return true;
    }
    return false;
}

const char *srv_cookie_flags(srv *s, SoupServerMessage *msg)
{
    return s->cfg.secure_cookie || reached_over_https(msg) ? "; Path=/; HttpOnly; SameSite=Strict; Secure"
                                                             : "; Path=/; HttpOnly; SameSite=Strict";
}

/* Over HTTPS the session cookie is __Host-kc_session (RFC 6265bis 4.1.3.2):
 * the browser takes it only Secure, with Path=/ and no Domain, so no other
 * site of the domain (a sibling subdomain) can set or shadow it.  A tossed
 * kc_session beside the clerk's own made the request open neither session
 * (srv_cookie_twice): the clerk locked out until the cookies were cleared;
 * under HTTPS the plain name is not read at all, so a tossed one is only
 * noise.  Plain HTTP (the office network) keeps the plain name, which a
 * browser sets there (the prefix needs a secure page). */
const char *srv_cookie_name(srv *s, SoupServerMessage *msg)
{
    return s->cfg.secure_cookie || reached_over_https(msg) ? "__Host-kc_session" : "kc_session";
}

/* ---- sessions --------------------------------------------------------------------------- */

static void session_free(gpointer p)
{
    srv_session *ss = p;
    srv_session_clear(ss);
    g_free(ss);
}

/* What a refused request's audit row names of its path: the API it was
 * sent to, not the path itself.  The path is the sender's: a script sending
 * a forged token to a fresh path each time (60 KB under /api/submissions)
 * wrote a row of 60 KB each time, the log growing for as long as it ran,
 * where one row counting them was meant (srv_audit; atkdesk, session 38). */
static const char *audited_api(const char *path)
{
    static const char *const apis[] = {"/api/submissions", "/api/logout", "/api/login", "/api/me",
                                       "/api/overview",    "/api/communes", NULL};
    for (size_t i = 0; path && apis[i]; i++)
        if (g_str_has_prefix(path, apis[i]))
            return apis[i];
    return "/api";
}

srv_session *srv_require_session(srv *s, SoupServerMessage *msg, bool state_changing)
{
    srv_session *ss = g_object_get_data(G_OBJECT(msg), "kc-session");
    SoupMessageHeaders *h = soup_server_message_get_request_headers(msg);
    if (!ss) {
        const char *name = srv_cookie_name(s, msg);
        char *cookies = srv_request_cookies(msg);
        char *id = srv_cookie_get(cookies, name);
        ss = g_new0(srv_session, 1);
        if (!id || !srv_session_get(s->store, id, &s->cfg.limits, ss)) {
            g_free(id);
            g_free(ss);
            bool twice = srv_cookie_twice(cookies, name);
            g_free(cookies);
            if (twice) {
                srv_reply_error(msg, state_changing ? SOUP_STATUS_FORBIDDEN : SOUP_STATUS_UNAUTHORIZED,
                                N_("two session cookies came with this request (another site under the same "
                                   "domain may have set one): clear this site's cookies in the browser and log "
                                   "in again"));
                return NULL;
            }
            /* A POST without its session is refused as one without its token
             * (the "403 without"); a read says to log in (401). */
            srv_reply_error(msg, state_changing ? SOUP_STATUS_FORBIDDEN : SOUP_STATUS_UNAUTHORIZED,
                            N_("please log in first"));
            return NULL;
        }
        g_free(id);
        g_free(cookies);
        g_object_set_data_full(G_OBJECT(msg), "kc-session", ss, session_free);
    }
    if (state_changing) {
        const char *token = soup_message_headers_get_one(h, "X-CSRF-Token");
        if (!token || strlen(token) != 64 || CRYPTO_memcmp(token, ss->csrf, 64) != 0) {
            srv_audit(s->store, &ss->user, srv_peer(msg), "csrf-refused",
                      audited_api(g_uri_get_path(soup_server_message_get_uri(msg))), NULL);
            srv_reply_error(msg, SOUP_STATUS_FORBIDDEN,
                            N_("this request lacks the page's security token (X-CSRF-Token): reload the page"));
            return NULL;
        }
    }
    return ss;
}

const char *srv_body(SoupServerMessage *msg, size_t *len)
{
    GByteArray *b = g_object_get_data(G_OBJECT(msg), "kc-body");
    if (g_object_get_data(G_OBJECT(msg), "kc-body-over"))
        return NULL;
    if (!b) {
        *len = 0;
        return "";
    }
    *len = b->len;
    return (const char *)b->data;
}

/* ---- work off the main loop -------------------------------------------------------------- */

struct srv_deferred {
    srv *s;
    SoupServerMessage *msg;
    void (*fn)(gpointer);
    void (*done)(gpointer);
    gpointer data;
};

static gboolean deferred_done(gpointer p)
{
    srv_deferred *d = p;
    d->done(d->data);
    /* done may have handed the message on (another srv_defer or srv_later):
     * it goes on only once it has an answer. */
    if (soup_server_message_get_status(d->msg) != 0)
        soup_server_message_unpause(d->msg);
    g_object_unref(d->msg);
    g_free(d);
    return G_SOURCE_REMOVE;
}

/* On the slow pool (server.c pushes it there). */
void srv_deferred_run(gpointer p, gpointer unused)
{
    srv_deferred *d = p;
    (void)unused;
    if (d->fn)
        d->fn(d->data);
    g_main_context_invoke(d->s->ctx, deferred_done, d);
}

void srv_defer(srv *s, SoupServerMessage *msg, void (*fn)(gpointer data), void (*done)(gpointer data),
               gpointer data)
{
    srv_deferred *d = g_new0(srv_deferred, 1);
    *d = (srv_deferred){s, g_object_ref(msg), fn, done, data};
    soup_server_message_pause(msg);
    g_thread_pool_push(s->slow, d, NULL);
}

void srv_later(srv *s, SoupServerMessage *msg, unsigned ms, void (*done)(gpointer data), gpointer data)
{
    srv_deferred *d = g_new0(srv_deferred, 1);
    *d = (srv_deferred){s, g_object_ref(msg), NULL, done, data};
    soup_server_message_pause(msg);
    GSource *src = g_timeout_source_new(ms);
    g_source_set_callback(src, deferred_done, d, NULL);
    g_source_attach(src, s->ctx);
    g_source_unref(src);
}
