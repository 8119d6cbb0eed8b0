/* deadline.c: a request as a whole has a deadline, not only each read.
 *
 * A connection is closed when it sends or takes nothing for 60 s (server.c),
 * but nothing bounded a request that kept sending a little: its headers a
 * byte every 59 s, or a login's 64 KiB body so, held its connection (and
 * what libsoup keeps for it) for days, 256 of them per address.  As
 * Apache's mod_reqtimeout does: the request line and headers must have come
 * within HEADER_SECONDS of the connection's first byte asked for, and the
 * body, after BODY_GRACE_SECONDS, must keep coming at BODY_MIN_RATE bytes a
 * second on average (an upload of a gigabyte over a slow office line is
 * never cut, only a trickle is).  Past either, the request is answered 408
 * at once (answer_now.c) and its connection closed.
 *
 * The time after the body (a handler waiting for a KDF, an analysis) is not
 * counted: the deadline ends with the request's last byte.
 *
 * The answer has its own (rtdesk18).  A client that reads it a byte at a
 * time (a receive window of a few bytes), each read within the 60 s a
 * connection may stay silent, held its connection, the answer's file
 * mapped and its descriptor for as long as it liked: a dossier of megabytes
 * for weeks, 256 such per address.  So once the answer's headers are
 * written, the body must go at SEND_MIN_RATE bytes a second on average,
 * counted after a first window of grace_s: the kernel's buffers take the
 * first megabytes at once whatever the client reads, and they must not pay
 * for the rest.  Past it the connection is reset (the answer is abandoned:
 * nothing more is written, and the kernel keeps no unsent bytes for it). */
#include <linux/sockios.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "server.h"

#define HEADER_SECONDS 30
#define BODY_GRACE_SECONDS 30
#define BODY_MIN_RATE 8192 /* bytes a second: 64 kbit/s, slower than any office line */
/* The answer's: 16 kbit/s.  At 8 KiB/s an honest clerk on a 2G line (GPRS,
 * about 40 kbit/s, 5 kB/s: communes far from the towers) was reset midway
 * through a dossier (review38, rtdesk19).  nginx (send_timeout) and Apache
 * (Timeout) ask no pace of an answer at all, only that each write is taken
 * within 60 s, which a client reading a byte every 59 s meets for ever; a
 * slower floor keeps what that bought: such a trickle is still reset within
 * a minute, and one just over 2 KiB/s holds a 20 MB dossier's connection
 * under three hours, not weeks. */
#define SEND_MIN_RATE 2048

typedef struct deadline {
    srv *s;
    GWeakRef msg;
    gint64 started, headers_at; /* monotonic µs; headers_at 0 until they have come */
    guint64 body;               /* bytes of body come so far */
    bool done;                  /* the whole request has come, or it was answered */
    unsigned header_s, grace_s;
    /* the answer: when its grace ended (0 before) and what had gone by then */
    gint64 send_started, send_counted_at;
    guint64 sent, sent_in_grace;
    bool sent_all;
} deadline;

static void deadline_clear(gpointer p)
{
    g_weak_ref_clear(&((deadline *)p)->msg);
}

static void deadline_release(gpointer p)
{
    g_rc_box_release_full(p, deadline_clear);
}

/* KC_TEST_REQUEST_SECONDS, tests only: both limits in seconds. */
static unsigned test_seconds(unsigned def)
{
    const char *v = g_getenv("KC_TEST_REQUEST_SECONDS");
    char *end;
    if (!v || !*v)
        return def;
    unsigned long n = strtoul(v, &end, 10);
    return *end || n == 0 || n > 100000 ? def : (unsigned)n;
}

static void got_headers(SoupServerMessage *msg, gpointer p)
{
    (void)msg;
    ((deadline *)p)->headers_at = g_get_monotonic_time();
}

static void got_chunk(SoupServerMessage *msg, GBytes *chunk, gpointer p)
{
    (void)msg;
    ((deadline *)p)->body += g_bytes_get_size(chunk);
}

static void ended(SoupServerMessage *msg, gpointer p)
{
    (void)msg;
    ((deadline *)p)->done = true;
}

/* Whether the request is late: its headers past their deadline, or its body
 * behind the slowest rate allowed. */
static bool late(const deadline *d, gint64 now)
{
    if (!d->headers_at)
        return now - d->started > (gint64)d->header_s * G_USEC_PER_SEC;
    gint64 over = (now - d->headers_at) / G_USEC_PER_SEC - (gint64)d->grace_s;
    return over > 0 && d->body < (guint64)over * BODY_MIN_RATE;
}

static gboolean tick(gpointer p)
{
    deadline *d = p;
    SoupServerMessage *msg = g_weak_ref_get(&d->msg);
    if (!msg || d->done || g_object_get_data(G_OBJECT(msg), "kc-answered")) {
        if (msg)
            g_object_unref(msg);
        return G_SOURCE_REMOVE;
    }
    if (late(d, g_get_monotonic_time())) {
        d->done = true;
        srv_reply_error(msg, SOUP_STATUS_REQUEST_TIMEOUT,
                        N_("the request came too slowly: its headers must come within a few seconds and its "
                           "body at a steady pace; send it again"));
        srv_answer_now(d->s, msg);
        g_object_unref(msg);
        return G_SOURCE_REMOVE;
    }
    g_object_unref(msg);
    return G_SOURCE_CONTINUE;
}

/* ---- the answer ---------------------------------------------------------------------- */

static void wrote_data(SoupServerMessage *msg, guint size, gpointer p)
{
    (void)msg;
    ((deadline *)p)->sent += size;
}

static void wrote_all(SoupServerMessage *msg, gpointer p)
{
    (void)msg;
    ((deadline *)p)->sent_all = true;
}

/* What of the answer the client has taken: the bytes written less those
 * the kernel still holds for it (SIOCOUTQ: sent and not yet acknowledged, or
 * not sent).  Counted by the bytes written, an answer to a slow client
 * seemed to stall for minutes: the kernel takes megabytes at once (its send
 * buffer grows to 4 MiB), then wakes the writer only once half of them have
 * gone, so a 2G line reading 5 kB/s without pause showed no progress and
 * was reset (rtdesk19). */
static guint64 delivered(const deadline *d, SoupServerMessage *msg)
{
    GSocket *sock = soup_server_message_get_socket(msg);
    int queued = 0;
    if (sock && ioctl(g_socket_get_fd(sock), SIOCOUTQ, &queued) == 0 && queued > 0 && (guint64)queued <= d->sent)
        return d->sent - (guint64)queued;
    return d->sent;
}

/* Whether the answer goes too slowly: after the grace (whose bytes are the
 * kernel's buffers' as much as the client's), a second grace_s to get going,
 * then SEND_MIN_RATE on average of what the client took. */
static bool send_late(deadline *d, gint64 now, guint64 taken)
{
    gint64 since = (now - d->send_started) / G_USEC_PER_SEC;
    if (since < (gint64)d->grace_s)
        return false;
    if (!d->send_counted_at) {
        d->send_counted_at = now;
        d->sent_in_grace = taken;
    }
    gint64 counted = (now - d->send_counted_at) / G_USEC_PER_SEC;
    return counted > (gint64)d->grace_s && taken - MIN(taken, d->sent_in_grace) < (guint64)counted * SEND_MIN_RATE;
}

/* Shuts the connection both ways: libsoup's next write fails (the socket
 * stays writable once shut) and ends the message, which closes it.  A zero
 * linger makes that close a reset: an answer abandoned midway is not to be
 * finished later, and a plain close would leave its unsent bytes queued in
 * the kernel for a client that reads none.  The descriptor is libsoup's to
 * close: closing it here could hand its number to another connection while
 * libsoup still watches it. */
static void abandon(SoupServerMessage *msg)
{
    GSocket *sock = soup_server_message_get_socket(msg);
    if (!sock)
        return;
    struct linger lg = {.l_onoff = 1, .l_linger = 0};
    (void)setsockopt(g_socket_get_fd(sock), SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    g_socket_shutdown(sock, TRUE, TRUE, NULL);
}

static gboolean send_tick(gpointer p)
{
    deadline *d = p;
    SoupServerMessage *msg = g_weak_ref_get(&d->msg);
    if (!msg || d->sent_all) {
        if (msg)
            g_object_unref(msg);
        return G_SOURCE_REMOVE;
    }
    bool over = send_late(d, g_get_monotonic_time(), delivered(d, msg));
    if (over)
        abandon(msg);
    g_object_unref(msg);
    return over ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static void wrote_headers(SoupServerMessage *msg, gpointer p)
{
    deadline *d = p;
    (void)msg;
    if (d->send_started)
        return;
    d->send_started = g_get_monotonic_time();
    GSource *src = g_timeout_source_new(500);
    g_source_set_callback(src, send_tick, g_rc_box_acquire(d), deadline_release);
    g_source_attach(src, d->s->ctx);
    g_source_unref(src);
}

void srv_deadline_start(srv *s, SoupServerMessage *msg)
{
    deadline *d = g_rc_box_new0(deadline);
    d->s = s;
    g_weak_ref_init(&d->msg, msg);
    d->started = g_get_monotonic_time();
    d->header_s = test_seconds(HEADER_SECONDS);
    d->grace_s = test_seconds(BODY_GRACE_SECONDS);
    /* the message keeps one reference (its signals' data), the timer another */
    g_object_set_data_full(G_OBJECT(msg), "kc-deadline", d, deadline_release);
    g_signal_connect(msg, "got-headers", G_CALLBACK(got_headers), d);
    g_signal_connect(msg, "got-chunk", G_CALLBACK(got_chunk), d);
    g_signal_connect(msg, "got-body", G_CALLBACK(ended), d);
    g_signal_connect(msg, "finished", G_CALLBACK(ended), d);
    g_signal_connect(msg, "wrote-headers", G_CALLBACK(wrote_headers), d);
    g_signal_connect(msg, "wrote-body-data", G_CALLBACK(wrote_data), d);
    g_signal_connect(msg, "wrote-body", G_CALLBACK(wrote_all), d);
    g_signal_connect(msg, "finished", G_CALLBACK(wrote_all), d);
    GSource *src = g_timeout_source_new(500);
    g_source_set_callback(src, tick, g_rc_box_acquire(d), deadline_release);
    g_source_attach(src, s->ctx);
    g_source_unref(src);
}
