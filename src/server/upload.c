/* upload.c: POST /api/submissions, from the first header to the 202.
 *
 * 1. Before the body (srv_upload_early): the session and the CSRF token, the
 *    form's type and the declared size are checked; a refused upload's body
 *    is read and dropped (or, with Expect: 100-continue, never sent).  An
 *    accepted body is spooled to DIR/tmp as it arrives, never held in memory,
 *    and cut off at the size limit.
 * 2. On the slow pool (upload_store.c), the form is read here
 *    (srv_form_parse: libsoup's multipart parser over the spooled file
 *    mapped) and every file's name (srv_safe_path: no "..", no absolute
 *    path, no control character), size and count checked, and names given
 *    twice; then the zips inside are vetted and the blobs and rows written.
 * 3. On the main loop: 202 {"id": N}, and the submission is queued.
 *
 * A sealed dossier (an ASiC-E zip) uploaded alone is a dossier submission: it
 * is kept as it is and reviewed (pipeline.c); its commune and year come from
 * its bag-info when the form does not give them. */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server.h"

typedef struct spool {
    srv *s;
    int fd;
    char *path;
    uint64_t size, limit;
    bool over;
} spool;

static void spool_free(gpointer p)
{
    spool *sp = p;
    if (sp->fd >= 0)
        close(sp->fd);
    if (sp->path)
        g_unlink(sp->path);
    g_free(sp->path);
    g_free(sp);
}

static char *too_large(srv_lang lang, uint64_t limit)
{
    return g_strdup_printf(srv_msg(lang, N_("the upload is larger than this server accepts (%llu MiB at most): "
                                         "send the documents in several submissions or ask the administrator")),
                           (unsigned long long)(limit >> 20));
}

static void spool_chunk(SoupServerMessage *msg, GBytes *chunk, gpointer ud)
{
    spool *sp = ud;
    gsize n;
    const char *p = g_bytes_get_data(chunk, &n);
    (void)msg;
    if (sp->over || sp->fd < 0)
        return;
    if (sp->size + n > sp->limit) {
        /* 413 now, not once the client stops sending (a chunked body need
         * never stop; answer_now.c) */
        sp->over = true;
        srv_session *ss = g_object_get_data(G_OBJECT(msg), "kc-session");
        srv_audit(sp->s->store, ss ? &ss->user : NULL, srv_peer(msg), "submit-refused", NULL, "too-large");
        srv_upload_spool_remove(msg);
        srv_reply_error_text(msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, too_large(srv_request_lang(msg), sp->limit));
        srv_answer_now(sp->s, msg);
        return;
    }
    sp->size += n;
    while (n) {
        ssize_t k = write(sp->fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            close(sp->fd);
            sp->fd = -1; /* srv_upload_finish says so */
            return;
        }
        p += k;
        n -= (size_t)k;
    }
}

/* Uploads being received or stored at once, per account.  The queue and
 * storage limits are counted when an upload is committed, after its body
 * was spooled (up to --max-upload), its zips copied out and its blobs
 * written (up to four times that, inflated): one clerk's script sending a
 * few hundred uploads at once (one address may hold 256 connections) filled
 * the disk with them before any was refused, and no commune's upload,
 * analysis or database write could be made meanwhile. */
static GMutex inflight_lock;
static GHashTable *inflight; /* user id → uploads under way */

typedef struct inflight_slot {
    int64_t user;
} inflight_slot;

static void inflight_release(gpointer p)
{
    inflight_slot *slot = p;
    g_mutex_lock(&inflight_lock);
    gpointer key = GSIZE_TO_POINTER((gsize)slot->user);
    guint n = GPOINTER_TO_UINT(g_hash_table_lookup(inflight, key));
    if (n > 1)
        g_hash_table_insert(inflight, key, GUINT_TO_POINTER(n - 1));
    else
        g_hash_table_remove(inflight, key);
    g_mutex_unlock(&inflight_lock);
    g_free(slot);
}

/* Takes a place for the account's upload until msg is done with. */
static bool inflight_take(SoupServerMessage *msg, int64_t user, unsigned most)
{
    g_mutex_lock(&inflight_lock);
    if (!inflight)
        inflight = g_hash_table_new(g_direct_hash, g_direct_equal);
    gpointer key = GSIZE_TO_POINTER((gsize)user);
    guint n = GPOINTER_TO_UINT(g_hash_table_lookup(inflight, key));
    bool ok = n < most;
    if (ok)
        g_hash_table_insert(inflight, key, GUINT_TO_POINTER(n + 1));
    g_mutex_unlock(&inflight_lock);
    if (ok) {
        inflight_slot *slot = g_new(inflight_slot, 1);
        slot->user = user;
        g_object_set_data_full(G_OBJECT(msg), "kc-inflight", slot, inflight_release);
    }
    return ok;
}

void srv_upload_early(srv *s, SoupServerMessage *msg)
{
    SoupMessageHeaders *h = soup_server_message_get_request_headers(msg);
    soup_message_body_set_accumulate(soup_server_message_get_request_body(msg), FALSE);
    srv_session *ss = srv_require_session(s, msg, true);
    if (!ss)
        return;
    if (!inflight_take(msg, ss->user.id, s->cfg.limits.max_waiting)) {
        soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Connection", "close");
        srv_reply_error_text(msg, SRV_STATUS_TOO_MANY_REQUESTS,
                             g_strdup_printf(srv_msg(srv_request_lang(msg),
                                                     N_("you are already sending %d submissions: wait until one "
                                                        "of them has been received, then send again")),
                                             (int)s->cfg.limits.max_waiting));
        return;
    }
    GHashTable *params = NULL;
    const char *type = soup_message_headers_get_content_type(h, &params);
    bool form = type && g_ascii_strcasecmp(type, "multipart/form-data") == 0 && params &&
                g_hash_table_lookup(params, "boundary");
    if (params)
        g_hash_table_destroy(params);
    if (!form) {
        srv_reply_error(msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
                        N_("a submission is sent as multipart/form-data (a field 'year' and 'file' parts)"));
        return;
    }
    uint64_t limit = s->cfg.limits.max_upload;
    if (soup_message_headers_get_encoding(h) == SOUP_ENCODING_CONTENT_LENGTH &&
        (uint64_t)soup_message_headers_get_content_length(h) > limit) {
        soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Connection", "close");
        srv_reply_error_text(msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, too_large(srv_request_lang(msg), limit));
        return;
    }
    spool *sp = g_new0(spool, 1);
    sp->path = g_build_filename(srv_store_dir(s->store), "tmp", "upload-XXXXXX", NULL);
    sp->fd = g_mkstemp_full(sp->path, O_RDWR | O_CLOEXEC, 0600);
    /* Two bytes before the body and a NUL after it: libsoup's multipart
     * parser looks one byte behind a boundary and runs strstr over the
     * body, so both stay inside the mapping whatever the client sends. */
    if (sp->fd >= 0 && write(sp->fd, "\r\n", 2) != 2) {
        close(sp->fd);
        sp->fd = -1;
    }
    sp->limit = limit;
    sp->s = s;
    g_object_set_data_full(G_OBJECT(msg), "kc-spool", sp, spool_free);
    g_signal_connect(msg, "got-chunk", G_CALLBACK(spool_chunk), sp);
}

void srv_upload_spool_remove(SoupServerMessage *msg)
{
    spool *sp = g_object_get_data(G_OBJECT(msg), "kc-spool");
    if (sp && sp->path) {
        g_unlink(sp->path); /* a mapping of it stays readable */
        g_clear_pointer(&sp->path, g_free);
    }
}

void srv_upload_finish(srv *s, SoupServerMessage *msg, srv_session *ss)
{
    spool *sp = g_object_get_data(G_OBJECT(msg), "kc-spool");
    if (!sp) { /* refused before the body: answered already */
        srv_reply_error(msg, SOUP_STATUS_BAD_REQUEST, N_("the form could not be read (multipart/form-data)"));
        return;
    }
    if (sp->over) {
        srv_audit(s->store, &ss->user, srv_peer(msg), "submit-refused", NULL, "too-large");
        srv_upload_spool_remove(msg);
        srv_reply_error_text(msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                             too_large(srv_request_lang(msg), s->cfg.limits.max_upload));
        return;
    }
    if (sp->fd < 0 || write(sp->fd, "", 1) != 1) {
        srv_upload_spool_remove(msg);
        srv_reply_error(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, N_("the server could not store a file"));
        return;
    }
    srv_upload_store(s, msg, ss, sp->path);
}
