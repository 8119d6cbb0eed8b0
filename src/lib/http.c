/* http.c: the HTTP client (see http.h), on libsoup-3's synchronous API.
 *
 * libsoup follows redirects and picks proxies by itself; both are taken back
 * here.  Redirects are followed by hand (SOUP_MESSAGE_NO_REDIRECT) so that
 * their number is bounded, a POST is never silently turned into a GET and a
 * redirect cannot leave http and https (file:, data: ...).  The proxy
 * resolver is built from the environment, so that what a desktop's settings
 * say does not change what a script does.  The body is read in chunks
 * against the size limit and the deadline: a server announcing a small
 * Content-Length and sending more, or dripping a byte a minute, is cut off.
 *
 * libsoup is loaded on the first request, not when the program starts: with
 * the fifteen libraries it pulls in it cost every command two milliseconds of
 * start-up, and only --online, timestamps and the seal's renewal need it. */
#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "i18n.h"
#include "kc_config.h"
#include "util.h"

#define CHUNK 65536

/* The libsoup functions used, found in the library once loaded. */
static struct {
    bool loaded;
    char why[160];
    SoupSession *(*session_new_with_options)(const char *, ...);
    GInputStream *(*session_send)(SoupSession *, SoupMessage *, GCancellable *, GError **);
    SoupMessage *(*message_new_from_uri)(const char *, GUri *);
    void (*message_add_flags)(SoupMessage *, SoupMessageFlags);
    SoupMessageHeaders *(*message_get_request_headers)(SoupMessage *);
    SoupMessageHeaders *(*message_get_response_headers)(SoupMessage *);
    void (*message_set_request_body_from_bytes)(SoupMessage *, const char *, GBytes *);
    guint (*message_get_status)(SoupMessage *);
    const char *(*message_get_reason_phrase)(SoupMessage *);
    void (*headers_replace)(SoupMessageHeaders *, const char *, const char *);
    const char *(*headers_get_one)(SoupMessageHeaders *, const char *);
    SoupEncoding (*headers_get_encoding)(SoupMessageHeaders *);
    goffset (*headers_get_content_length)(SoupMessageHeaders *);
    const char *(*headers_get_content_type)(SoupMessageHeaders *, GHashTable **);
    /* GIO and GObject, libsoup's own dependencies: found through its handle,
     * so that they too are loaded only when a command goes online. */
    GProxyResolver *(*proxy_resolver_new)(const char *, char **);
    void (*proxy_resolver_set_uri_proxy)(GSimpleProxyResolver *, const char *, const char *);
    gssize (*input_stream_read)(GInputStream *, void *, gsize, GCancellable *, GError **);
    gboolean (*input_stream_close)(GInputStream *, GCancellable *, GError **);
    void (*object_unref)(gpointer);
    GQuark (*io_error_quark)(void); /* G_IO_ERROR */
} ls;

static void load_libsoup(void)
{
    static const char *const sonames[] = {KC_LIBSOUP_SONAME, NULL};
    const kc_dl_sym syms[] = {
        {(void **)&ls.session_new_with_options, "soup_session_new_with_options"},
        {(void **)&ls.session_send, "soup_session_send"},
        {(void **)&ls.message_new_from_uri, "soup_message_new_from_uri"},
        {(void **)&ls.message_add_flags, "soup_message_add_flags"},
        {(void **)&ls.message_get_request_headers, "soup_message_get_request_headers"},
        {(void **)&ls.message_get_response_headers, "soup_message_get_response_headers"},
        {(void **)&ls.message_set_request_body_from_bytes, "soup_message_set_request_body_from_bytes"},
        {(void **)&ls.message_get_status, "soup_message_get_status"},
        {(void **)&ls.message_get_reason_phrase, "soup_message_get_reason_phrase"},
        {(void **)&ls.headers_replace, "soup_message_headers_replace"},
        {(void **)&ls.headers_get_one, "soup_message_headers_get_one"},
        {(void **)&ls.headers_get_encoding, "soup_message_headers_get_encoding"},
        {(void **)&ls.headers_get_content_length, "soup_message_headers_get_content_length"},
        {(void **)&ls.headers_get_content_type, "soup_message_headers_get_content_type"},
        {(void **)&ls.proxy_resolver_new, "g_simple_proxy_resolver_new"},
        {(void **)&ls.proxy_resolver_set_uri_proxy, "g_simple_proxy_resolver_set_uri_proxy"},
        {(void **)&ls.input_stream_read, "g_input_stream_read"},
        {(void **)&ls.input_stream_close, "g_input_stream_close"},
        {(void **)&ls.object_unref, "g_object_unref"},
        {(void **)&ls.io_error_quark, "g_io_error_quark"},
    };
    ls.loaded = kc_dl_load(sonames, syms, G_N_ELEMENTS(syms), ls.why, sizeof ls.why);
}

static bool libsoup(void)
{
    static gsize once = 0;
    if (g_once_init_enter(&once)) {
        load_libsoup();
        g_once_init_leave(&once, 1);
    }
    return ls.loaded;
}

/* How a URL is shown in messages: as parsed, without a password. */
static char *shown_url(GUri *uri, const char *given)
{
    if (uri)
        return g_uri_to_string_partial(uri, G_URI_HIDE_PASSWORD);
    return g_strndup(given ? given : "", 200);
}

static const char *env_first(const char *a, const char *b)
{
    const char *v = getenv(a);
    if ((!v || !*v) && b)
        v = getenv(b);
    return v && *v ? v : NULL;
}

/* "proxy:3128" means http://proxy:3128, as curl reads it. */
static char *proxy_uri(const char *v)
{
    return strstr(v, "://") ? g_strdup(v) : g_strconcat("http://", v, NULL);
}

/* The proxies the environment names, loopback always direct. */
static GProxyResolver *env_proxies(void)
{
    const char *all = env_first("all_proxy", "ALL_PROXY"), *http = env_first("http_proxy", NULL);
    const char *https = env_first("https_proxy", "HTTPS_PROXY"), *no = env_first("no_proxy", "NO_PROXY");
    GPtrArray *ignore = g_ptr_array_new_with_free_func(g_free);
    GProxyResolver *r;
    char *def = NULL;

    g_ptr_array_add(ignore, g_strdup("localhost"));
    g_ptr_array_add(ignore, g_strdup("127.0.0.0/8"));
    g_ptr_array_add(ignore, g_strdup("::1"));
    if (no) {
        char **parts = g_strsplit(no, ",", -1);
        for (char **p = parts; *p; p++) {
            g_strstrip(*p);
            if (strcmp(*p, "*") == 0)
                all = http = https = NULL; /* everything direct */
            else if (**p)
                g_ptr_array_add(ignore, g_strdup(*p));
        }
        g_strfreev(parts);
    }
    g_ptr_array_add(ignore, NULL);
    def = all ? proxy_uri(all) : NULL;
    r = ls.proxy_resolver_new(def, (char **)ignore->pdata);
    if (http) {
        char *u = proxy_uri(http);
        ls.proxy_resolver_set_uri_proxy((GSimpleProxyResolver *)r, "http", u);
        g_free(u);
    }
    if (https) {
        char *u = proxy_uri(https);
        ls.proxy_resolver_set_uri_proxy((GSimpleProxyResolver *)r, "https", u);
        g_free(u);
    }
    g_free(def);
    g_ptr_array_free(ignore, TRUE);
    return r;
}

/* http or https, with a host. */
static bool web_uri(GUri *uri)
{
    const char *scheme = g_uri_get_scheme(uri), *host = g_uri_get_host(uri);
    return scheme && (g_ascii_strcasecmp(scheme, "http") == 0 || g_ascii_strcasecmp(scheme, "https") == 0) &&
           host && *host;
}

static int io_error(kc_error *err, const char *url, GError *e, unsigned timeout)
{
    if (e && g_error_matches(e, ls.io_error_quark(), G_IO_ERROR_TIMED_OUT))
        return kc_error_set(err, KC_EIO, _("%s: no answer within %u seconds"), url, timeout);
    return kc_error_set(err, KC_EIO, "%s: %s", url, e ? e->message : _("the connection failed"));
}

/* Reads the body of an answer into r, within the limits. */
static int read_body(kc_http_response *r, GInputStream *in, const char *url, size_t max, gint64 end,
                     unsigned deadline, unsigned timeout, kc_error *err)
{
    GByteArray *buf = g_byte_array_new();
    unsigned char chunk[CHUNK];
    GError *e = NULL;
    int rc = 0;

    for (;;) {
        if (g_get_monotonic_time() > end) {
            rc = kc_error_set(err, KC_EIO, _("%s: the answer took longer than %u seconds"), url, deadline);
            break;
        }
        gssize n = ls.input_stream_read(in, chunk, sizeof chunk, NULL, &e);
        if (n < 0) {
            rc = io_error(err, url, e, timeout);
            break;
        }
        if (n == 0)
            break;
        if (buf->len + (size_t)n > max) {
            rc = kc_error_set(err, KC_ELIMIT, _("%s: the answer is larger than %zu bytes"), url, max);
            break;
        }
        g_byte_array_append(buf, chunk, (guint)n);
    }
    g_clear_error(&e);
    if (rc == 0) {
        g_byte_array_append(buf, (const guint8 *)"", 1); /* the NUL callers may rely on */
        r->len = buf->len - 1;
        r->body = g_byte_array_free(buf, FALSE); /* GLib memory is malloc memory (util.h) */
    } else {
        g_byte_array_free(buf, TRUE);
    }
    return rc;
}

static bool is_redirect(guint status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

static int request(kc_http_response **out, const char *method, const char *url, const char *ctype,
                   const void *body, size_t len, const kc_http_opts *o, kc_error *err)
{
    static const kc_http_opts none = {0};
    const kc_http_opts *opts = o ? o : &none;
    unsigned timeout = opts->timeout ? opts->timeout : KC_HTTP_TIMEOUT;
    unsigned deadline = opts->deadline ? opts->deadline : KC_HTTP_DEADLINE;
    size_t max = opts->max_body ? opts->max_body : KC_HTTP_MAX_BODY;
    int max_redirects = opts->max_redirects < 0 ? 0 : opts->max_redirects ? opts->max_redirects : KC_HTTP_MAX_REDIRECTS;
    bool post = strcmp(method, "POST") == 0;
    gint64 end = g_get_monotonic_time() + (gint64)deadline * G_USEC_PER_SEC;
    GUri *uri = NULL;
    GError *e = NULL;
    SoupSession *session = NULL;
    GProxyResolver *proxies = NULL;
    kc_http_response *r = NULL;
    char *shown = NULL;
    int rc = 0;

    if (opts->answered)
        *opts->answered = 0;
    if (!out || !url)
        return kc_error_set(err, KC_EINVAL, "%s", _("no URL given"));
    *out = NULL;
    uri = g_uri_parse(url, SOUP_HTTP_URI_FLAGS, NULL);
    shown = shown_url(uri, url);
    if (!uri || !web_uri(uri)) {
        rc = kc_error_set(err, KC_EINVAL, _("%s: not an http:// or https:// URL"), shown);
        goto out;
    }
    if (!libsoup()) {
        rc = kc_error_set(err, KC_EIO, _("%s: libsoup cannot be loaded (%s)"), shown, ls.why);
        goto out;
    }
    proxies = env_proxies();
    session = ls.session_new_with_options("timeout", timeout, "idle-timeout", timeout,
                                            "user-agent", "kiemchung/" KC_VERSION,
                                            "proxy-resolver", proxies, NULL);
    if (!(r = calloc(1, sizeof *r))) {
        rc = kc_error_oom(err);
        goto out;
    }
    for (int hop = 0;; hop++) {
        SoupMessage *m = ls.message_new_from_uri(method, uri);
        GInputStream *in;
        guint status;

        ls.message_add_flags(m, SOUP_MESSAGE_NO_REDIRECT);
        if (opts->accept)
            ls.headers_replace(ls.message_get_request_headers(m), "Accept", opts->accept);
        if (post) {
            GBytes *b = g_bytes_new_static(body ? body : "", len);
            ls.message_set_request_body_from_bytes(m, ctype, b);
            g_bytes_unref(b);
        }
        in = ls.session_send(session, m, NULL, &e);
        if (!in) {
            rc = io_error(err, shown, e, timeout);
            ls.object_unref(m);
            goto out;
        }
        status = ls.message_get_status(m);
        if (opts->answered)
            *opts->answered = (int)status;
        SoupMessageHeaders *h = ls.message_get_response_headers(m);
        if (is_redirect(status) && ls.headers_get_one(h, "Location")) {
            char *loc = g_strdup(ls.headers_get_one(h, "Location"));
            GUri *next = g_uri_parse_relative(uri, loc, SOUP_HTTP_URI_FLAGS, NULL);
            ls.input_stream_close(in, NULL, NULL);
            ls.object_unref(in);
            ls.object_unref(m);
            if (post && status != 307 && status != 308)
                rc = kc_error_set(err, KC_EIO, _("%s: the server redirects the request elsewhere (HTTP %u), which would turn it into a GET"),
                                  shown, status);
            else if (hop >= max_redirects)
                rc = kc_error_set(err, KC_ELIMIT, _("%s: more than %d redirects"), shown, max_redirects);
            else if (!next || !web_uri(next))
                rc = kc_error_set(err, KC_EIO, _("%s: redirected to \"%.200s\", which is not an http:// or https:// URL"),
                                  shown, loc);
            g_free(loc);
            if (rc) {
                if (next)
                    g_uri_unref(next);
                goto out;
            }
            g_uri_unref(uri);
            uri = next;
            g_free(shown);
            shown = shown_url(uri, NULL);
            continue;
        }
        if (!SOUP_STATUS_IS_SUCCESSFUL(status)) {
            const char *why = ls.message_get_reason_phrase(m);
            rc = kc_error_set(err, KC_EIO, _("%s: the server answered HTTP %u %s"), shown, status, why ? why : "");
        } else if (ls.headers_get_encoding(h) == SOUP_ENCODING_CONTENT_LENGTH &&
                   (guint64)ls.headers_get_content_length(h) > max) {
            rc = kc_error_set(err, KC_ELIMIT, _("%s: the answer is larger than %zu bytes"), shown, max);
        } else {
            const char *ct = ls.headers_get_content_type(h, NULL);
            r->status = (int)status;
            r->content_type = ct ? g_ascii_strdown(ct, -1) : NULL;
            r->url = g_uri_to_string(uri);
            rc = read_body(r, in, shown, max, end, deadline, timeout, err);
        }
        ls.input_stream_close(in, NULL, NULL);
        ls.object_unref(in);
        ls.object_unref(m);
        break;
    }
    if (rc == 0) {
        *out = r;
        r = NULL;
    }
out:
    g_clear_error(&e);
    kc_http_response_free(r);
    if (session)
        ls.object_unref(session);
    if (proxies)
        ls.object_unref(proxies);
    if (uri)
        g_uri_unref(uri);
    g_free(shown);
    return rc;
}

int kc_http_get(kc_http_response **out, const char *url, const kc_http_opts *opts, kc_error *err)
{
    return request(out, "GET", url, NULL, NULL, 0, opts, err);
}

int kc_http_post(kc_http_response **out, const char *url, const char *content_type, const void *body,
                 size_t len, const kc_http_opts *opts, kc_error *err)
{
    return request(out, "POST", url, content_type ? content_type : "application/octet-stream", body, len,
                   opts, err);
}

void kc_http_response_free(kc_http_response *r)
{
    if (!r)
        return;
    g_free(r->content_type);
    g_free(r->url);
    free(r->body);
    free(r);
}
