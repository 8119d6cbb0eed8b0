/* server.c: `kiemchung serve`'s HTTP server on libsoup-3 (the project's one
 * HTTP library: src/lib/http.c is its client side), from start to stop: the
 * store opened and swept, the workers started and the interrupted work
 * queued again, the routes, the pages under src/server/www/ (compiled into
 * the binary with glib-compile-resources, so the server runs from any folder
 * and when installed), and the bodies of requests kept small or, for
 * uploads, spooled to disk. */
#include <netinet/in.h>
#include <string.h>

#include "server.h"

#define BODY_MAX (64 * 1024) /* every request body but an upload's */

/* www-resources.c, made by glib-compile-resources --manual-register from
 * www/ (gen-www.py lists it): a constructor in a static library would be
 * left out by the linker, so it is registered by hand. */
void kc_www_register_resource(void);

typedef struct route_type {
    const char *ext, *type;
} route_type;

static const route_type types[] = {
    {".html", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"}, {".mjs", "text/javascript; charset=utf-8"},
    {".json", "application/json; charset=utf-8"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
    {".jpg", "image/jpeg"}, {".ico", "image/x-icon"}, {".woff2", "font/woff2"}, {".woff", "font/woff"},
    {".txt", "text/plain; charset=utf-8"}, {".webmanifest", "application/manifest+json"},
};

static const char *type_of(const char *path)
{
    for (size_t i = 0; i < G_N_ELEMENTS(types); i++)
        if (g_str_has_suffix(path, types[i].ext))
            return types[i].type;
    return "application/octet-stream";
}

/* A page of www/: "/" is index.html; a path whose last part has no dot is a
 * page's own address (the pages route in the browser) and gets index.html. */
static void serve_static(SoupServerMessage *msg, const char *path)
{
    const char *method = soup_server_message_get_method(msg);
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        srv_reply_error(msg, SOUP_STATUS_METHOD_NOT_ALLOWED, N_("this address only serves pages"));
        return;
    }
    const char *last = strrchr(path, '/');
    char *res = (strcmp(path, "/") == 0 || (last && !strchr(last, '.')))
                    ? g_strdup("/kiemchung/www/index.html")
                    : g_strconcat("/kiemchung/www", path, NULL);
    GBytes *b = g_resources_lookup_data(res, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
    if (!b) {
        srv_reply_error(msg, SOUP_STATUS_NOT_FOUND, N_("there is no such page"));
        g_free(res);
        return;
    }
    srv_security_headers(msg);
    SoupMessageHeaders *h = soup_server_message_get_response_headers(msg);
    soup_message_headers_replace(h, "Cache-Control", "no-cache");
    soup_message_headers_set_content_type(h, type_of(res), NULL);
    soup_server_message_set_status(msg, SOUP_STATUS_OK, NULL);
    soup_message_body_append_bytes(soup_server_message_get_response_body(msg), b);
    g_bytes_unref(b);
    g_free(res);
}

static void handler(SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer ud)
{
    srv *s = ud;
    (void)server;
    (void)query;
    const char *method = soup_server_message_get_method(msg);
    if (g_object_get_data(G_OBJECT(msg), "kc-body-over")) {
        srv_reply_error(msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, N_("the request is too large"));
    } else if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 && srv_cross_site(msg)) {
        srv_reply_error(msg, SOUP_STATUS_FORBIDDEN,
                        N_("a request another site's page sent is refused: open the desk's own address"));
    } else if (g_str_has_prefix(path, "/api/login") || g_str_has_prefix(path, "/api/logout") ||
               g_str_has_prefix(path, "/api/me")) {
        srv_api_auth(s, msg, path);
    } else if (g_str_has_prefix(path, "/api/submissions")) {
        srv_api_submissions(s, msg, path);
    } else if (g_str_has_prefix(path, "/api/overview") || g_str_has_prefix(path, "/api/communes")) {
        srv_api_overview(s, msg, path);
    } else if (g_str_has_prefix(path, "/api/") || strcmp(path, "/api") == 0) {
        srv_reply_error(msg, SOUP_STATUS_NOT_FOUND, N_("there is no such API address"));
    } else {
        serve_static(msg, path);
    }
}

static void collect_chunk(SoupServerMessage *msg, GBytes *chunk, gpointer ud)
{
    srv *s = ud;
    GByteArray *b = g_object_get_data(G_OBJECT(msg), "kc-body");
    gsize n = g_bytes_get_size(chunk);
    if (g_object_get_data(G_OBJECT(msg), "kc-body-over"))
        return;
    if (b->len + n > BODY_MAX) {
        /* chunks past 64 KiB: answered now, not when the client stops
         * (it need never stop; answer_now.c) */
        g_object_set_data(G_OBJECT(msg), "kc-body-over", GINT_TO_POINTER(1));
        srv_reply_error(msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, N_("the request is too large"));
        srv_answer_now(s, msg);
        return;
    }
    g_byte_array_append(b, g_bytes_get_data(chunk, NULL), (guint)n);
}

/* After the headers, before the body: an upload goes to upload.c, which
 * refuses it now when it can; any other body is kept in memory up to 64 KiB
 * (libsoup would keep any size). */
static void early_checks(SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer ud)
{
    srv *s = ud;
    (void)server;
    (void)query;
    const char *method = soup_server_message_get_method(msg);
    SoupMessageHeaders *rh = soup_server_message_get_request_headers(msg);
    /* Two Host fields: the name check read the last, while a proxy in front
     * may route by the first (RFC 9112 3.2: a server answers 400). */
    if (srv_header_fields(rh, "Host") > 1) {
        soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Connection", "close");
        srv_reply_error(msg, SOUP_STATUS_BAD_REQUEST, N_("a request with two Host fields is refused"));
        return;
    }
    if (!srv_host_allowed(s, msg)) {
        soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Connection", "close");
        srv_reply_error(msg, SRV_STATUS_MISDIRECTED,
                        N_("this desk does not answer to the name in the address (Host): open it by its own "
                           "address, or let the administrator add the name with --host"));
        return;
    }
    /* Both lengths: libsoup reads the chunks and keeps the connection, so a
     * proxy in front that went by Content-Length would take what follows the
     * last chunk for its body, and this server for the next request
     * (request smuggling).  RFC 9112 6.3: treated as an error, the
     * connection closed. */
    if (soup_message_headers_get_one(rh, "Transfer-Encoding") && soup_message_headers_get_one(rh, "Content-Length")) {
        soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Connection", "close");
        srv_reply_error(msg, SOUP_STATUS_BAD_REQUEST,
                        N_("a request with both Transfer-Encoding and Content-Length is refused"));
        return;
    }
    /* Several Content-Length values (two fields, or "2, 35"): libsoup went
     * by the last and kept the connection, a proxy in front by the first,
     * so that one's body was the other's next request.  RFC 9112 6.3: an
     * invalid length is an unrecoverable error; one value of digits only. */
    const char *length = soup_message_headers_get_list(rh, "Content-Length");
    if (length && (!*length || strspn(length, "0123456789") != strlen(length))) {
        soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Connection", "close");
        srv_reply_error(msg, SOUP_STATUS_BAD_REQUEST,
                        N_("a request with several Content-Length values, or one that is not a number, is refused"));
        return;
    }
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 && srv_cross_site(msg)) {
        soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Connection", "close");
        srv_reply_error(msg, SOUP_STATUS_FORBIDDEN,
                        N_("a request another site's page sent is refused: open the desk's own address"));
        return;
    }
    if (strcmp(method, "POST") == 0 && strcmp(path, "/api/submissions") == 0) {
        srv_upload_early(s, msg);
        return;
    }
    SoupMessageHeaders *h = soup_server_message_get_request_headers(msg);
    soup_message_body_set_accumulate(soup_server_message_get_request_body(msg), FALSE);
    if (soup_message_headers_get_encoding(h) == SOUP_ENCODING_CONTENT_LENGTH &&
        soup_message_headers_get_content_length(h) > BODY_MAX) {
        soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Connection", "close");
        srv_reply_error(msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, N_("the request is too large"));
        return;
    }
    g_object_set_data_full(G_OBJECT(msg), "kc-body", g_byte_array_new(), (GDestroyNotify)g_byte_array_unref);
    g_signal_connect(msg, "got-chunk", G_CALLBACK(collect_chunk), s);
}

/* A request refused from its headers is answered now, before its body
 * (answer_now.c): libsoup read the body to its end first, a gigabyte a
 * stranger declared or chunks for as long as he sent them.  With Expect:
 * 100-continue libsoup answers before the body by itself. */
static void early(SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer ud)
{
    early_checks(server, msg, path, query, ud);
    SoupMessageHeaders *h = soup_server_message_get_request_headers(msg);
    /* libsoup 3.2 answers a GET with a Range field itself (206,
     * multipart/byteranges), copying the body once per range, overlapping
     * ones too (CVE-2025-32907, not in Debian 12's 3.2.3): "bytes=0-,0-,…"
     * 20,000 times, a 60 KB request with no session, made the desk hold and
     * send 183 MB of its 18 KB district.js, and a clerk's 12 MiB dossier
     * would be 240 GB (rtdesk20).  The desk sends whole files: the field is
     * dropped before libsoup reads it (RFC 9110 14.2: a server may ignore
     * Range; If-Range then means nothing). */
    soup_message_headers_remove(h, "Range");
    if (soup_server_message_get_status(msg) != 0 && srv_request_has_body(msg) &&
        !(soup_message_headers_get_expectations(h) & SOUP_EXPECTATION_CONTINUE))
        srv_answer_now(ud, msg);
}

/* ---- connections ---------------------------------------------------------------------- */

/* A connection costs a descriptor until it is closed, and libsoup closes
 * none that stays silent: a page (or a script) opening a thousand
 * connections and sending half a request on each, or a byte now and then
 * (slowloris), used every descriptor the process may have (1024 under a
 * service manager's default), and the desk answered no one.  So a
 * connection that sends or takes nothing for IDLE_SECONDS is closed, and one
 * address holds at most PEER_CONNECTIONS at once (an office behind one
 * router: a browser opens six).
 *
 * libsoup 3.2 (Debian 12) reads nothing more from a kept-alive connection
 * once it has answered on it: one the browser closed then stayed open here
 * for good (CLOSE-WAIT, its descriptor held; the idle timeout needs a read to
 * time out), and its socket was never finalized, so a count taken down when
 * it was counted each connection for good: the 256th from an address, even
 * one after another, shut every later one from that address until the desk
 * was restarted (an office behind one router within a day; a page of
 * another site loading 256 images from the desk at once).  So every answer
 * closes its connection (a request costs a new one: a handshake on the
 * office network), and an address's connections are its sockets still open,
 * counted again when it opens another. */
#define IDLE_SECONDS 60
#define PEER_CONNECTIONS 256
#define PEER_SWEEP 1024 /* new connections between two sweeps of every address */

/* The address's sockets still open (g_object_unref'd as they go). */
static guint still_open(GPtrArray *socks)
{
    for (guint i = socks->len; i-- > 0;)
        if (g_socket_is_closed(socks->pdata[i]))
            g_ptr_array_remove_index_fast(socks, i);
    return socks->len;
}

static gboolean nothing_open(gpointer key, gpointer value, gpointer ud)
{
    (void)key;
    (void)ud;
    return still_open(value) == 0;
}

/* Each request of a connection starts here, its first before a byte is
 * read: the connection is counted (once) for its address, or shut. */
static void request_started(SoupServer *server, SoupServerMessage *msg, gpointer ud)
{
    srv *s = ud;
    (void)server;
    soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Connection", "close");
    /* Before a byte is read: the answers libsoup gives by itself, before
     * any handler runs (400 for a line that is no request, 501 for an
     * unknown Transfer-Encoding, 417, 505), went out without the desk's
     * policy, nosniff or frame-ancestors; the handlers' own answers set
     * them again (a report's stricter policy replaces this one). */
    srv_security_headers(msg);
    /* each read has its 60 s, the request as a whole its deadline */
    srv_deadline_start(s, msg);
    GSocket *sock = soup_server_message_get_socket(msg);
    if (!sock || g_object_get_data(G_OBJECT(sock), "kc-peer"))
        return;
    g_socket_set_timeout(sock, IDLE_SECONDS);
    /* the socket's own address (no header has been read yet), an IPv6 one
     * by its /64: a machine holds every address of it */
    const char *remote = soup_server_message_get_remote_host(msg);
    char *addr = srv_address_key(remote ? remote : "?");
    g_mutex_lock(&s->peers_lock);
    /* the addresses that came once and not again are let go now and then */
    if (++s->peers_new % PEER_SWEEP == 0)
        g_hash_table_foreach_remove(s->peers, nothing_open, NULL);
    GPtrArray *socks = g_hash_table_lookup(s->peers, addr);
    if (!socks) {
        socks = g_ptr_array_new_with_free_func(g_object_unref);
        g_hash_table_insert(s->peers, g_strdup(addr), socks);
    }
    g_free(addr);
    if (still_open(socks) >= PEER_CONNECTIONS) {
        g_mutex_unlock(&s->peers_lock);
        g_socket_shutdown(sock, TRUE, TRUE, NULL);
        return;
    }
    g_ptr_array_add(socks, g_object_ref(sock));
    g_mutex_unlock(&s->peers_lock);
    g_object_set_data(G_OBJECT(sock), "kc-peer", GINT_TO_POINTER(1));
}

int srv_new(srv **out, const srv_config *cfg, kc_error *err)
{
    srv *s = g_new0(srv, 1);
    int rc;
    s->cfg = *cfg;
    if (!s->cfg.data_dir)
        s->cfg.data_dir = "kiemchung-data";
    if (!s->cfg.listen)
        s->cfg.listen = "127.0.0.1:8080";
    if ((rc = srv_store_open(&s->store, s->cfg.data_dir, true, err)) != 0)
        goto fail;
    srv_blob_sweep(s->store); /* before anything runs: what a crash left half done */
    srv_set_proxy(s->cfg.proxy);
    static gsize registered;
    if (g_once_init_enter(&registered)) {
        kc_www_register_resource();
        g_once_init_leave(&registered, 1);
    }
    s->limiter = srv_limiter_new(&s->cfg.limits);
    s->slow = g_thread_pool_new(srv_deferred_run, NULL, 4, FALSE, NULL);
    s->soup = soup_server_new("server-header", "kiemchung", NULL);
    g_mutex_init(&s->peers_lock);
    s->peers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
    g_signal_connect(s->soup, "request-started", G_CALLBACK(request_started), s);
    soup_server_add_early_handler(s->soup, NULL, early, s, NULL);
    soup_server_add_handler(s->soup, NULL, handler, s, NULL);
    if ((rc = srv_jobs_start(&s->jobs, s, err)) != 0)
        goto fail;
    srv_recheck_dossiers(s->store); /* queued again before the queued ones are taken up */
    srv_recheck_signatures(s->store);
    srv_jobs_recover(s->jobs);
    *out = s;
    return 0;
fail:
    srv_free(s);
    return rc;
}

/* The listening socket made here, not by soup_server_listen: libsoup 3.2
 * leaves GLib's listen backlog of 10, so a burst of connections while the
 * main loop was busy a few milliseconds (a failed login's audit row written
 * with synchronous=FULL, an upload's chunks) overflowed the queue and the
 * kernel reset or dropped them: of 60 logins sent at once from one
 * address, 16 to 28 ended in "connection reset", and pages as much (a
 * browser opens six connections; an office of clerks at eight o'clock).
 * The kernel's own limit (somaxconn, 4096 on Debian 12) caps what is asked
 * here.  As libsoup does: an IPv6 address listens on IPv6 only. */
#define LISTEN_BACKLOG 4096

static gboolean listen_on(srv *s, GSocketAddress *sa, GError **gerr)
{
    GSocketFamily family = g_socket_address_get_family(sa);
    GSocket *sock = g_socket_new(family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, gerr);
    if (!sock)
        return FALSE;
    if (family == G_SOCKET_FAMILY_IPV6)
        g_socket_set_option(sock, IPPROTO_IPV6, IPV6_V6ONLY, TRUE, NULL);
    g_socket_set_listen_backlog(sock, LISTEN_BACKLOG);
    gboolean ok = g_socket_bind(sock, sa, TRUE, gerr) && g_socket_listen(sock, gerr) &&
                  soup_server_listen_socket(s->soup, sock, 0, gerr);
    g_object_unref(sock);
    return ok;
}

int srv_listen(srv *s, kc_error *err)
{
    GError *gerr = NULL;
    char *host = NULL;
    guint16 port = 0;
    const char *colon = strrchr(s->cfg.listen, ':');
    char *end = NULL;
    long p = colon ? strtol(colon + 1, &end, 10) : -1;
    if (!colon || colon == s->cfg.listen || !end || *end || p < 0 || p > 65535) {
        return kc_error_set(err, KC_EINVAL, _("--listen: '%s' is not ADDRESS:PORT (e.g. 127.0.0.1:8080)"),
                            s->cfg.listen);
    }
    host = g_strndup(s->cfg.listen, (gsize)(colon - s->cfg.listen));
    if (host[0] == '[' && host[strlen(host) - 1] == ']') { /* [::1]:8080 */
        memmove(host, host + 1, strlen(host));
        host[strlen(host) - 1] = 0;
    }
    GInetAddress *addr = g_inet_address_new_from_string(host);
    if (!addr) {
        kc_error_set(err, KC_EINVAL, _("--listen: '%s' is not an IP address"), host);
        g_free(host);
        return KC_EINVAL;
    }
    s->loopback = g_inet_address_get_is_loopback(addr);
    GSocketAddress *sa = g_inet_socket_address_new(addr, (guint16)p);
    s->ctx = g_main_context_ref_thread_default();
    gboolean ok = listen_on(s, sa, &gerr);
    g_object_unref(sa);
    g_object_unref(addr);
    if (!ok) {
        kc_error_set(err, KC_EIO, _("cannot listen on %s: %s"), s->cfg.listen, gerr->message);
        g_error_free(gerr);
        g_free(host);
        return KC_EIO;
    }
    GSList *uris = soup_server_get_uris(s->soup);
    if (uris) {
        GUri *u = uris->data;
        port = (guint16)g_uri_get_port(u);
    }
    g_slist_free_full(uris, (GDestroyNotify)g_uri_unref);
    /* Every address of the machine: no one can open http://0.0.0.0/ from
     * another computer, so the address to give the clerks is the machine's
     * name. */
    if (strcmp(host, "0.0.0.0") == 0 || strcmp(host, "::") == 0 || !*host) {
        g_free(host);
        host = g_strdup(g_get_host_name());
    }
    bool v6 = strchr(host, ':') != NULL;
    s->url = g_strdup_printf("http://%s%s%s:%u/", v6 ? "[" : "", host, v6 ? "]" : "", port);
    g_free(host);
    return 0;
}

void srv_free(srv *s)
{
    if (!s)
        return;
    if (s->soup) {
        soup_server_disconnect(s->soup);
        g_object_unref(s->soup);
    }
    if (s->slow)
        g_thread_pool_free(s->slow, FALSE, TRUE);
    srv_jobs_stop(s->jobs);
    srv_limiter_free(s->limiter);
    srv_store_close(s->store);
    if (s->ctx)
        g_main_context_unref(s->ctx);
    g_free(s->url);
    if (s->peers) {
        g_hash_table_unref(s->peers);
        g_mutex_clear(&s->peers_lock);
    }
    g_free(s);
}
