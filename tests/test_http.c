/* test_http.c: the HTTP client (http.c) against a libsoup server that the
 * fixture runs on a loopback port in its own thread: answers, POST bodies,
 * status errors, redirects bounded, bodies over the limit (announced or
 * not), a server that never answers, a refused connection, URLs that are not
 * http(s), and proxies from the environment. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

typedef struct server {
    GThread *thread;
    GMainContext *ctx;
    GMainLoop *loop;
    SoupServer *soup;
    guint port;
    GMutex lock;
    GCond ready;
    bool up;
    char base[64];
} server;

static void reply(SoupServerMessage *msg, guint status, const char *type, const void *body, size_t len)
{
    soup_server_message_set_status(msg, status, NULL);
    if (type)
        soup_server_message_set_response(msg, type, SOUP_MEMORY_COPY, body, len);
}

static void redirect(SoupServerMessage *msg, guint status, const char *to)
{
    soup_server_message_set_status(msg, status, NULL);
    soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Location", to);
}

/* A body that never ends: a byte every 100 ms, for the deadline. */
typedef struct drip {
    SoupServerMessage *msg;
    GSource *timer;
} drip;

static gboolean drip_once(gpointer p)
{
    drip *d = p;
    soup_message_body_append(soup_server_message_get_response_body(d->msg), SOUP_MEMORY_STATIC, "x", 1);
    soup_server_message_unpause(d->msg);
    return G_SOURCE_CONTINUE;
}

static void drip_finished(SoupServerMessage *msg, gpointer p)
{
    drip *d = p;
    g_source_destroy(d->timer);
    g_source_unref(d->timer);
    g_free(d);
}

static void start_drip(SoupServerMessage *msg)
{
    drip *d = g_new0(drip, 1);
    d->msg = msg;
    soup_server_message_set_status(msg, 200, NULL);
    soup_message_headers_set_encoding(soup_server_message_get_response_headers(msg), SOUP_ENCODING_CHUNKED);
    d->timer = g_timeout_source_new(100);
    g_source_set_callback(d->timer, drip_once, d, NULL);
    g_source_attach(d->timer, g_main_context_get_thread_default());
    g_signal_connect(msg, "finished", G_CALLBACK(drip_finished), d);
}

static void handler(SoupServer *s, SoupServerMessage *msg, const char *path, GHashTable *query,
                    gpointer ud)
{
    const char *method = soup_server_message_get_method(msg);
    if (strcmp(path, "/hello") == 0) {
        reply(msg, 200, "text/plain; charset=utf-8", "hello", 5);
    } else if (strcmp(path, "/echo") == 0 && strcmp(method, "POST") == 0) {
        SoupMessageBody *b = soup_server_message_get_request_body(msg);
        GBytes *all = soup_message_body_flatten(b);
        const char *ct = soup_message_headers_get_content_type(soup_server_message_get_request_headers(msg), NULL);
        gsize n = 0;
        const char *d = g_bytes_get_data(all, &n);
        GByteArray *out = g_byte_array_new();
        g_byte_array_append(out, (const guint8 *)(ct ? ct : "-"), (guint)strlen(ct ? ct : "-"));
        g_byte_array_append(out, (const guint8 *)"|", 1);
        g_byte_array_append(out, (const guint8 *)d, (guint)n);
        reply(msg, 200, "application/Timestamp-Reply", out->data, out->len);
        g_byte_array_free(out, TRUE);
        g_bytes_unref(all);
    } else if (strcmp(path, "/echo") == 0) {
        reply(msg, 405, "text/plain", "POST only", 9);
    } else if (strcmp(path, "/error") == 0) {
        reply(msg, 500, "text/plain", "boom", 4);
    } else if (g_str_has_prefix(path, "/hop/")) {
        int n = atoi(path + 5);
        char *to = n > 0 ? g_strdup_printf("/hop/%d", n - 1) : g_strdup("/hello");
        redirect(msg, 302, to);
        g_free(to);
    } else if (strcmp(path, "/post307") == 0) {
        redirect(msg, 307, "/echo");
    } else if (strcmp(path, "/post302") == 0) {
        redirect(msg, 302, "/echo");
    } else if (strcmp(path, "/tofile") == 0) {
        redirect(msg, 302, "file:///etc/passwd");
    } else if (strcmp(path, "/big") == 0 || strcmp(path, "/bigchunked") == 0) {
        size_t n = 2u << 20;
        char *big = g_malloc(n);
        memset(big, 'x', n);
        if (strcmp(path, "/bigchunked") == 0)
            soup_message_headers_set_encoding(soup_server_message_get_response_headers(msg), SOUP_ENCODING_CHUNKED);
        reply(msg, 200, "application/octet-stream", big, n);
        soup_message_body_complete(soup_server_message_get_response_body(msg)); /* the last chunk */
        g_free(big);
    } else if (strcmp(path, "/drip") == 0) {
        start_drip(msg);
    } else if (strcmp(path, "/silent") == 0) {
        soup_server_message_pause(msg); /* never answers */
    } else {
        reply(msg, 404, "text/plain", "no", 2);
    }
}

static gpointer serve(gpointer p)
{
    server *sv = p;
    GError *e = NULL;
    g_main_context_push_thread_default(sv->ctx);
    sv->soup = soup_server_new(NULL, NULL);
    soup_server_add_handler(sv->soup, NULL, handler, NULL, NULL);
    if (soup_server_listen_local(sv->soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &e)) {
        GSList *uris = soup_server_get_uris(sv->soup);
        sv->port = uris ? (guint)g_uri_get_port(uris->data) : 0;
        g_slist_free_full(uris, (GDestroyNotify)g_uri_unref);
    }
    g_clear_error(&e);
    g_mutex_lock(&sv->lock);
    sv->up = true;
    g_cond_signal(&sv->ready);
    g_mutex_unlock(&sv->lock);
    g_main_loop_run(sv->loop);
    soup_server_disconnect(sv->soup);
    g_object_unref(sv->soup);
    g_main_context_pop_thread_default(sv->ctx);
    return NULL;
}

static int setup(void **state)
{
    server *sv = g_new0(server, 1);
    /* The environment of whoever runs the tests must not route loopback. */
    unsetenv("http_proxy");
    unsetenv("https_proxy");
    unsetenv("HTTPS_PROXY");
    unsetenv("all_proxy");
    unsetenv("ALL_PROXY");
    g_mutex_init(&sv->lock);
    g_cond_init(&sv->ready);
    sv->ctx = g_main_context_new();
    sv->loop = g_main_loop_new(sv->ctx, FALSE);
    sv->thread = g_thread_new("http-test-server", serve, sv);
    g_mutex_lock(&sv->lock);
    while (!sv->up)
        g_cond_wait(&sv->ready, &sv->lock);
    g_mutex_unlock(&sv->lock);
    if (!sv->port)
        return -1;
    snprintf(sv->base, sizeof sv->base, "http://127.0.0.1:%u", sv->port);
    *state = sv;
    return 0;
}

static gboolean quit(gpointer p)
{
    g_main_loop_quit(p);
    return G_SOURCE_REMOVE;
}

static int teardown(void **state)
{
    server *sv = *state;
    GSource *src = g_idle_source_new();
    g_source_set_callback(src, quit, sv->loop, NULL);
    g_source_attach(src, sv->ctx);
    g_source_unref(src);
    g_thread_join(sv->thread);
    g_main_loop_unref(sv->loop);
    g_main_context_unref(sv->ctx);
    g_mutex_clear(&sv->lock);
    g_cond_clear(&sv->ready);
    g_free(sv);
    return 0;
}

static char *at(void **state, const char *path)
{
    return g_strconcat(((server *)*state)->base, path, NULL);
}

static void test_get(void **state)
{
    char *url = at(state, "/hello");
    kc_http_response *r = NULL;
    kc_error err = {0};
    assert_int_equal(kc_http_get(&r, url, NULL, &err), 0);
    assert_int_equal(r->status, 200);
    assert_int_equal(r->len, 5);
    assert_memory_equal(r->body, "hello", 5);
    assert_int_equal(r->body[5], 0);
    assert_string_equal(r->content_type, "text/plain");
    assert_string_equal(r->url, url);
    kc_http_response_free(r);
    g_free(url);
}

static void test_post(void **state)
{
    char *url = at(state, "/echo");
    kc_http_response *r = NULL;
    kc_error err = {0};
    static const unsigned char query[] = {0x30, 0x00, 0xff, 'q'};
    assert_int_equal(kc_http_post(&r, url, "application/timestamp-query", query, sizeof query, NULL, &err), 0);
    assert_string_equal(r->content_type, "application/timestamp-reply"); /* lower case */
    assert_int_equal(r->len, strlen("application/timestamp-query|") + sizeof query);
    assert_memory_equal(r->body + r->len - sizeof query, query, sizeof query);
    kc_http_response_free(r);
    g_free(url);
}

static void test_status_error_names_url(void **state)
{
    char *url = at(state, "/error");
    kc_http_response *r = NULL;
    kc_error err = {0};
    assert_int_equal(kc_http_get(&r, url, NULL, &err), KC_EIO);
    assert_null(r);
    assert_non_null(strstr(err.message, url));
    assert_non_null(strstr(err.message, "HTTP 500"));
    /* The caller learns that an answer came, and which (tsa.c: the authority
     * failed, at the right address); 200 on success. */
    int answered = -1;
    kc_http_opts opts = {.answered = &answered};
    assert_int_equal(kc_http_get(&r, url, &opts, &err), KC_EIO);
    assert_int_equal(answered, 500);
    g_free(url);
    url = at(state, "/hello");
    assert_int_equal(kc_http_get(&r, url, &opts, &err), 0);
    assert_int_equal(answered, 200);
    kc_http_response_free(r);
    g_free(url);
}

static void test_redirects_bounded(void **state)
{
    char *ok = at(state, "/hop/3"), *tooMany = at(state, "/hop/9"), *bad = at(state, "/tofile");
    kc_http_response *r = NULL;
    kc_error err = {0};
    kc_http_opts none = {.max_redirects = -1};

    assert_int_equal(kc_http_get(&r, ok, NULL, &err), 0);
    assert_memory_equal(r->body, "hello", 5);
    assert_non_null(strstr(r->url, "/hello"));
    kc_http_response_free(r);
    r = NULL;
    assert_int_equal(kc_http_get(&r, tooMany, NULL, &err), KC_ELIMIT);
    assert_non_null(strstr(err.message, "redirects"));
    assert_int_equal(kc_http_get(&r, ok, &none, &err), KC_ELIMIT);
    assert_int_equal(kc_http_get(&r, bad, NULL, &err), KC_EIO);
    assert_non_null(strstr(err.message, "file:///etc/passwd"));
    assert_null(r);
    g_free(ok);
    g_free(tooMany);
    g_free(bad);
}

static void test_post_redirects(void **state)
{
    char *keep = at(state, "/post307"), *turn = at(state, "/post302");
    kc_http_response *r = NULL;
    kc_error err = {0};
    assert_int_equal(kc_http_post(&r, keep, "text/plain", "x", 1, NULL, &err), 0);
    assert_memory_equal(r->body, "text/plain|x", 12); /* method and body kept */
    kc_http_response_free(r);
    r = NULL;
    assert_int_equal(kc_http_post(&r, turn, "text/plain", "x", 1, NULL, &err), KC_EIO);
    assert_non_null(strstr(err.message, "HTTP 302"));
    g_free(keep);
    g_free(turn);
}

static void test_size_limit(void **state)
{
    char *big = at(state, "/big"), *chunked = at(state, "/bigchunked");
    kc_http_response *r = NULL;
    kc_error err = {0};
    kc_http_opts opts = {.max_body = 1u << 20};
    assert_int_equal(kc_http_get(&r, big, &opts, &err), KC_ELIMIT);      /* announced */
    assert_non_null(strstr(err.message, big));
    assert_int_equal(kc_http_get(&r, chunked, &opts, &err), KC_ELIMIT);  /* found while reading */
    assert_null(r);
    opts.max_body = 4u << 20;
    assert_int_equal(kc_http_get(&r, chunked, &opts, &err), 0);
    assert_int_equal(r->len, 2u << 20);
    kc_http_response_free(r);
    g_free(big);
    g_free(chunked);
}

static void test_silent_server_times_out(void **state)
{
    char *url = at(state, "/silent");
    kc_http_response *r = NULL;
    kc_error err = {0};
    kc_http_opts opts = {.timeout = 1};
    gint64 t0 = g_get_monotonic_time();
    assert_int_equal(kc_http_get(&r, url, &opts, &err), KC_EIO);
    assert_true(g_get_monotonic_time() - t0 < 10 * G_USEC_PER_SEC);
    assert_non_null(strstr(err.message, url));
    g_free(url);
}

static void test_deadline(void **state)
{
    char *url = at(state, "/drip");
    kc_http_response *r = NULL;
    kc_error err = {0};
    kc_http_opts opts = {.timeout = 5, .deadline = 1};
    gint64 t0 = g_get_monotonic_time();
    assert_int_equal(kc_http_get(&r, url, &opts, &err), KC_EIO);
    assert_true(g_get_monotonic_time() - t0 < 4 * G_USEC_PER_SEC);
    assert_non_null(strstr(err.message, "longer than 1 seconds"));
    assert_null(r);
    g_free(url);
}

static void test_unreachable_and_not_web(void **state)
{
    kc_http_response *r = NULL;
    kc_error err = {0};
    /* A port nothing listens on: bind one, note it, close it. */
    GSocket *s = g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
    GInetAddress *lo = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
    GSocketAddress *a = g_inet_socket_address_new(lo, 0);
    assert_true(g_socket_bind(s, a, TRUE, NULL));
    GSocketAddress *bound = g_socket_get_local_address(s, NULL);
    guint port = g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(bound));
    g_socket_close(s, NULL);
    char *url = g_strdup_printf("http://127.0.0.1:%u/tsa", port);
    int answered = -1;
    kc_http_opts opts = {.answered = &answered};
    assert_int_equal(kc_http_get(&r, url, &opts, &err), KC_EIO);
    assert_non_null(strstr(err.message, url));
    assert_int_equal(answered, 0); /* no answer came: the address or the network */
    g_free(url);
    g_object_unref(bound);
    g_object_unref(a);
    g_object_unref(lo);
    g_object_unref(s);

    assert_int_equal(kc_http_get(&r, "ftp://example.org/x", NULL, &err), KC_EINVAL);
    assert_int_equal(kc_http_get(&r, "file:///etc/passwd", NULL, &err), KC_EINVAL);
    assert_int_equal(kc_http_get(&r, "not a url", NULL, &err), KC_EINVAL);
    assert_int_equal(kc_http_get(&r, "http://", NULL, &err), KC_EINVAL);
    assert_int_equal(kc_http_get(&r, NULL, NULL, &err), KC_EINVAL);
    /* The password is never shown. */
    assert_int_equal(kc_http_get(&r, "gopher://user:s3cret@example.org/", NULL, &err), KC_EINVAL);
    assert_null(strstr(err.message, "s3cret"));
    assert_null(r);
}

static void test_tls_to_plain_server_fails_cleanly(void **state)
{
    server *sv = *state;
    char *url = g_strdup_printf("https://127.0.0.1:%u/hello", sv->port);
    kc_http_response *r = NULL;
    kc_error err = {0};
    kc_http_opts opts = {.timeout = 2};
    assert_int_equal(kc_http_get(&r, url, &opts, &err), KC_EIO);
    assert_non_null(strstr(err.message, url));
    assert_null(r);
    g_free(url);
}

static void test_proxy_from_environment(void **state)
{
    char *url = at(state, "/hello");
    kc_http_response *r = NULL;
    kc_error err = {0};
    /* Loopback never goes through a proxy, even a dead one. */
    setenv("http_proxy", "http://127.0.0.1:9", 1);
    assert_int_equal(kc_http_get(&r, url, NULL, &err), 0);
    kc_http_response_free(r);
    r = NULL;
    /* Any other host does: the dead proxy is what fails, named in the message. */
    kc_http_opts opts = {.timeout = 5};
    assert_int_equal(kc_http_get(&r, "http://tsa.invalid/", &opts, &err), KC_EIO);
    assert_non_null(strstr(err.message, "http://tsa.invalid/"));
    setenv("no_proxy", "tsa.invalid", 1); /* now direct: the name does not resolve */
    assert_int_equal(kc_http_get(&r, "http://tsa.invalid/", &opts, &err), KC_EIO);
    unsetenv("no_proxy");
    unsetenv("http_proxy");
    g_free(url);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get),
        cmocka_unit_test(test_post),
        cmocka_unit_test(test_status_error_names_url),
        cmocka_unit_test(test_redirects_bounded),
        cmocka_unit_test(test_post_redirects),
        cmocka_unit_test(test_size_limit),
        cmocka_unit_test(test_silent_server_times_out),
        cmocka_unit_test(test_deadline),
        cmocka_unit_test(test_unreachable_and_not_web),
        cmocka_unit_test(test_tls_to_plain_server_fails_cleanly),
        cmocka_unit_test(test_proxy_from_environment),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
