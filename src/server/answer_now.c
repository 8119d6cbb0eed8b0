/* answer_now.c: a request refused before its body is answered before its
 * body, and its connection closed soon after.
 *
 * libsoup 3.2 writes an answer only once it has read the whole request
 * body (unless the client sent Expect: 100-continue, which browsers do not):
 * an early handler may set the status, but the body is still read to its
 * end, and dropped.  So a client with no session sending an upload that
 * declares 1 GiB had the desk read the whole gigabyte before its 403 went
 * out; a chunked body (a login, a logout, an upload, even a GET's) was read
 * for as long as the client sent, with no answer ever (seen: 1.4 GB in 4 s
 * on loopback, unanswered), one connection per stranger, and a 64 KiB
 * login or a clerk's upload over --max-upload the same past its limit.
 *
 * Here the answer the handler made is written to the socket at once (status
 * line, the headers set, Content-Length, the body), the sending side is
 * shut (FIN after the answer), and what the client goes on sending is read
 * and dropped for at most LINGER_MS or LINGER_BYTES (a client still
 * sending must be able to read the answer: closing with unread bytes sends
 * a reset that some systems (Windows) deliver before the answer; Chromium
 * reads an answer that comes while it uploads), then the connection is
 * shut both ways, which ends libsoup's
 * read with an error and frees the request. */
#include <string.h>

#include "server.h"

/* A script's client (libsoup's, Python's http.client) reads no answer
 * until it has sent its whole body, and reports a reset instead when the
 * connection is shut under it: a clerk's script sending 5 MiB over a 4 MiB
 * limit got an error, not the 413 saying the limit.  So a body of up to
 * 16 MiB, sent within 2 s, is still read to its end; a stranger's gigabyte,
 * or chunks without end, are not. */
#define LINGER_MS 2000
#define LINGER_BYTES (16 * 1024 * 1024)

typedef struct linger {
    GSocket *sock;
    guint64 dropped;
    bool shut;
} linger;

static void linger_clear(gpointer p)
{
    g_object_unref(((linger *)p)->sock);
}

static void linger_release(gpointer p)
{
    g_rc_box_release_full(p, linger_clear);
}

/* Both ways: the client's further bytes are refused (a reset) and libsoup's
 * read ends. */
static void linger_shut(linger *l)
{
    if (!l->shut)
        g_socket_shutdown(l->sock, TRUE, TRUE, NULL);
    l->shut = true;
}

static gboolean linger_over(gpointer p)
{
    linger_shut(p);
    return G_SOURCE_REMOVE;
}

static void linger_chunk(SoupServerMessage *msg, GBytes *chunk, gpointer p)
{
    linger *l = p;
    (void)msg;
    l->dropped += g_bytes_get_size(chunk);
    if (l->dropped > LINGER_BYTES)
        linger_shut(l);
}

/* The answer as libsoup would write it (it adds Date and Server, which
 * nothing needs). */
static GString *answer_bytes(SoupServerMessage *msg)
{
    guint status = soup_server_message_get_status(msg);
    const char *reason = soup_server_message_get_reason_phrase(msg);
    GString *out = g_string_new(NULL);
    g_string_append_printf(out, "HTTP/1.1 %u %s\r\n", status, reason ? reason : soup_status_get_phrase(status));
    SoupMessageHeadersIter it;
    const char *name, *value;
    soup_message_headers_iter_init(&it, soup_server_message_get_response_headers(msg));
    while (soup_message_headers_iter_next(&it, &name, &value))
        if (g_ascii_strcasecmp(name, "Content-Length") != 0 && g_ascii_strcasecmp(name, "Connection") != 0)
            g_string_append_printf(out, "%s: %s\r\n", name, value);
    GBytes *body = soup_message_body_flatten(soup_server_message_get_response_body(msg));
    gsize n = 0;
    const char *data = g_bytes_get_data(body, &n);
    g_string_append_printf(out, "Connection: close\r\nContent-Length: %" G_GSIZE_FORMAT "\r\n\r\n", n);
    g_string_append_len(out, data, (gssize)n);
    g_bytes_unref(body);
    return out;
}

bool srv_request_has_body(SoupServerMessage *msg)
{
    SoupMessageHeaders *h = soup_server_message_get_request_headers(msg);
    switch (soup_message_headers_get_encoding(h)) {
    case SOUP_ENCODING_CONTENT_LENGTH:
        return soup_message_headers_get_content_length(h) > 0;
    case SOUP_ENCODING_NONE:
        return false;
    default:
        return true;
    }
}

void srv_answer_now(srv *s, SoupServerMessage *msg)
{
    GSocket *sock = soup_server_message_get_socket(msg);
    if (!sock || g_object_get_data(G_OBJECT(msg), "kc-answered"))
        return;
    /* An answer of a few hundred bytes on a connection that has sent
     * nothing before (every answer closes its connection): the socket's
     * buffer takes it whole; what it does not take is not waited for. */
    GString *out = answer_bytes(msg);
    for (gsize done = 0; done < out->len;) {
        gssize k = g_socket_send(sock, out->str + done, out->len - done, NULL, NULL);
        if (k <= 0)
            break;
        done += (gsize)k;
    }
    g_string_free(out, TRUE);
    g_socket_shutdown(sock, FALSE, TRUE, NULL);
    linger *l = g_rc_box_new0(linger);
    l->sock = g_object_ref(sock);
    g_object_set_data_full(G_OBJECT(msg), "kc-answered", l, linger_release);
    g_signal_connect(msg, "got-chunk", G_CALLBACK(linger_chunk), l);
    GSource *src = g_timeout_source_new(LINGER_MS);
    g_source_set_callback(src, linger_over, g_rc_box_acquire(l), linger_release);
    g_source_attach(src, s->ctx);
    g_source_unref(src);
}
