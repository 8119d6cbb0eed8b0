/* zip_write.c: the archive writer: libzip fed through zip_source_function so
 * each source is read once, its SHA-256 taken from the same buffers libzip
 * computes CRC-32 over and compresses; entries generated from those hashes
 * (manifests, dossier.json) are produced only when libzip reaches them.
 *
 * Bytes are deterministic: one fixed time and mode for every entry, no extra
 * fields, the order the caller gives, zlib at a fixed level.  The archive goes
 * through the one atomic writer (util/atomic.c), so the target is always
 * either the old file or the complete new one. */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include "i18n.h"
#include "util.h"
#include "zip_layout.h"
#include "zipio.h"

#define PROGRESS_STEP ((uint64_t)4 << 20)
#define READ_CHUNK ((size_t)1 << 20) /* libzip asks 8 KiB at a time; the disk likes more */
#define DOS_EPOCH 315532800 /* 1980-01-01: the earliest time a zip header holds */

typedef enum { SRC_PATH, SRC_ENTRY, SRC_LAZY } src_kind;

typedef struct zw_src {
    kc_zw *w;
    src_kind kind;
    char *name;
    char *path;             /* SRC_PATH */
    int fd;
    unsigned char *buf;     /* read-ahead while open */
    size_t bpos, blen;
    kc_zr *zr;              /* SRC_ENTRY */
    size_t index;
    kc_zip_limits lim;
    kc_zr_file *zf;
    kc_zw_gen_fn gen;       /* SRC_LAZY */
    char *data;
    size_t len;
    bool generated;
    uint64_t size, off;
    EVP_MD_CTX *md;
    bool finished;
    kc_zw_done_fn done;
    void *ud;
    zip_error_t zerr;
} zw_src;

struct kc_zw {
    zip_t *za;
    char *target;
    kc_atomic *out;                 /* the temporary file libzip writes, renamed on commit */
    bool replace;
    time_t dos_time;
    kc_error first;                 /* the first error a source met */
    kc_dossier_events ev;
    uint64_t total_bytes, bytes_done, next_report;
    size_t total_files, files_done;
};

/* libzip turns times into DOS fields with localtime(); hand it the instant
 * whose local wall time equals mtime's UTC wall time, so the bytes do not
 * depend on the machine's time zone. */
static time_t dos_time_for(int64_t mtime)
{
    struct tm tm;
    time_t t = (time_t)(mtime < DOS_EPOCH ? DOS_EPOCH : mtime);
    gmtime_r(&t, &tm);
    tm.tm_isdst = -1;
    return mktime(&tm);
}

static void progress(kc_zw *w, const char *current, bool force)
{
    if (!w->ev.progress || (!force && w->bytes_done < w->next_report))
        return;
    kc_progress p = {"writing", w->bytes_done, w->total_bytes, w->files_done, w->total_files, current};
    w->ev.progress(w->ev.ud, &p);
    w->next_report = w->bytes_done + PROGRESS_STEP;
}

/* Keeps the first error for kc_zw_commit (libzip only passes on a code). */
static zip_int64_t src_keep(zw_src *s, const kc_error *e)
{
    if (!s->w->first.code)
        s->w->first = *e;
    zip_error_set(&s->zerr, ZIP_ER_READ, 0);
    return -1;
}

static zip_int64_t src_fail(zw_src *s, int code, const char *why)
{
    kc_error e = {0};
    kc_error_set(&e, code, "%s: %s", s->name, why);
    return src_keep(s, &e);
}

static zip_int64_t src_open(zw_src *s)
{
    kc_error e = {0};
    s->off = 0;
    s->finished = false;
    if (s->kind == SRC_PATH) {
        s->fd = open(s->path, O_RDONLY | O_CLOEXEC);
        if (s->fd < 0)
            return src_fail(s, KC_EIO, strerror(errno));
        posix_fadvise(s->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
        s->bpos = s->blen = 0;
        if (!(s->buf = malloc(READ_CHUNK)))
            return src_fail(s, KC_ENOMEM, kc_oom_message());
    } else if (s->kind == SRC_ENTRY) {
        if (kc_zr_fopen(&s->zf, s->zr, s->index, &s->lim, &e) != 0)
            return src_keep(s, &e);
    }
    if (s->kind != SRC_LAZY) {
        if (!(s->md = EVP_MD_CTX_new()) || EVP_DigestInit_ex(s->md, EVP_sha256(), NULL) != 1)
            return src_fail(s, KC_ENOMEM, kc_oom_message());
    }
    return 0;
}

static void src_close(zw_src *s)
{
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
    free(s->buf);
    s->buf = NULL;
    if (s->kind == SRC_LAZY && s->generated && s->off == s->len) {
        /* Read once: only its size is asked for again. */
        free(s->data);
        s->data = NULL;
    }
    kc_zr_fclose(s->zf);
    s->zf = NULL;
    EVP_MD_CTX_free(s->md);
    s->md = NULL;
}

/* The end of a streamed source: the size must be what was announced, then
 * the caller learns the digest. */
static zip_int64_t src_finish(zw_src *s)
{
    unsigned char sha[32];
    kc_error e = {0};
    if (s->finished)
        return 0;
    s->finished = true;
    if (s->off != s->size)
        return src_fail(s, KC_EIO, _("the file changed while it was read; run again"));
    EVP_DigestFinal_ex(s->md, sha, NULL);
    if (s->done && s->done(s->ud, sha, s->size, &e) != 0)
        return src_keep(s, &e);
    s->w->files_done++;
    progress(s->w, s->name, true);
    return 0;
}

static zip_int64_t src_read(zw_src *s, void *data, zip_uint64_t len)
{
    zip_int64_t got = 0;
    kc_error e = {0};

    if (s->kind == SRC_LAZY) {
        size_t n = s->len - (size_t)s->off < len ? s->len - (size_t)s->off : (size_t)len;
        memcpy(data, s->data + s->off, n);
        s->off += n;
        return (zip_int64_t)n;
    }
    if (s->kind == SRC_PATH) {
        if (s->bpos == s->blen) {
            ssize_t r;
            do
                r = read(s->fd, s->buf, READ_CHUNK);
            while (r < 0 && errno == EINTR);
            if (r < 0)
                return src_fail(s, KC_EIO, strerror(errno));
            s->bpos = 0;
            s->blen = (size_t)r;
        }
        got = (zip_int64_t)(s->blen - s->bpos < len ? s->blen - s->bpos : len);
        memcpy(data, s->buf + s->bpos, (size_t)got);
        s->bpos += (size_t)got;
    } else {
        got = kc_zr_fread(s->zf, data, (size_t)len, &e);
        if (got < 0)
            return src_keep(s, &e);
    }
    if (got == 0)
        return src_finish(s) < 0 ? -1 : 0;
    s->off += (uint64_t)got;
    if (s->off > s->size)
        return src_fail(s, KC_EIO, _("the file changed while it was read; run again"));
    EVP_DigestUpdate(s->md, data, (size_t)got);
    s->w->bytes_done += (uint64_t)got;
    progress(s->w, s->name, false);
    return got;
}

static zip_int64_t src_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    zw_src *s = ud;
    switch (cmd) {
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                              ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
    case ZIP_SOURCE_STAT: {
        zip_stat_t *st = data;
        if (len < sizeof *st)
            return -1;
        if (s->kind == SRC_LAZY && !s->generated) {
            kc_error e = {0};
            /* libzip asks for the size just before writing the entry: every
             * entry before it is written, so its digests are known. */
            if (s->gen(s->ud, &s->data, &s->len, &e) != 0)
                return src_keep(s, &e);
            s->generated = true;
            s->size = s->len;
        }
        zip_stat_init(st);
        st->valid = ZIP_STAT_SIZE | ZIP_STAT_MTIME;
        st->size = s->size;
        st->mtime = s->w->dos_time;
        return sizeof *st;
    }
    case ZIP_SOURCE_OPEN:
        return src_open(s);
    case ZIP_SOURCE_READ:
        return src_read(s, data, len);
    case ZIP_SOURCE_CLOSE:
        src_close(s);
        return 0;
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&s->zerr, data, len);
    case ZIP_SOURCE_FREE:
        src_close(s);
        zip_error_fini(&s->zerr);
        free(s->name);
        free(s->path);
        free(s->data);
        free(s);
        return 0;
    default:
        zip_error_set(&s->zerr, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

/* ---- building the archive ------------------------------------------------ */

/* libzip asks between blocks; non-zero stops zip_close, which then removes
 * its own temporary file (interrupt.c). */
static int cancelled(zip_t *za, void *ud)
{
    (void)za;
    (void)ud;
    return kc_interrupt_pending() ? 1 : 0;
}

int kc_zw_new(kc_zw **out, const char *target, bool replace, int64_t mtime, kc_error *err)
{
    kc_zw *w = NULL;
    int zerr = 0, rc;

    if (!out || !target || !*target)
        return kc_error_set(err, KC_EINVAL, "%s", _("no output file given"));
    if (!replace && access(target, F_OK) == 0)
        return kc_error_set(err, KC_EINVAL, _("%s already exists (use --force to replace it, --update to add to it)"),
                            target);
    if (!(w = calloc(1, sizeof *w)))
        return kc_error_oom(err);
    w->replace = replace;
    w->dos_time = dos_time_for(mtime);
    w->target = g_strdup(target);
    if ((rc = kc_atomic_open(&w->out, target, err)) != 0)
        goto out;
    /* libzip writes its own temporary file beside ours, ".NAME.kc-PID-XXXXXX.YYYYYY",
     * and renames it over ours when it closes: a stale one goes with ours. */
    if (!(w->za = zip_open(kc_atomic_path(w->out), ZIP_CREATE | ZIP_TRUNCATE, &zerr))) {
        rc = kc_error_set(err, KC_EIO, _("%s: cannot write there"), kc_atomic_path(w->out));
        goto out;
    }
    zip_register_cancel_callback_with_state(w->za, cancelled, NULL, NULL);
    *out = w;
    w = NULL;
out:
    kc_zw_free(w);
    return rc;
}

void kc_zw_set_events(kc_zw *w, const kc_dossier_events *ev, uint64_t total_bytes, size_t total_files)
{
    if (ev)
        w->ev = *ev;
    w->total_bytes = total_bytes;
    w->total_files = total_files;
}

static int add_source(kc_zw *w, const char *name, zip_source_t *src, bool deflate, kc_error *err)
{
    zip_int64_t idx = zip_file_add(w->za, name, src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
        zip_source_free(src);
        return kc_error_set(err, KC_EINVAL, _("%s: cannot be added: %s"), name, zip_strerror(w->za));
    }
    /* Fixed time, mode and method: the bytes must not depend on the machine. */
    if (zip_set_file_compression(w->za, (zip_uint64_t)idx, deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE,
                                 deflate ? 6 : 0) != 0 ||
        zip_file_set_mtime(w->za, (zip_uint64_t)idx, w->dos_time, 0) != 0 ||
        zip_file_set_external_attributes(w->za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
                                         (zip_uint32_t)0100644 << 16) != 0)
        return kc_error_set(err, KC_EINVAL, _("%s: %s"), name, zip_strerror(w->za));
    return 0;
}

static int add_stream(kc_zw *w, zw_src *s, bool deflate, kc_error *err)
{
    zip_source_t *src;
    s->w = w;
    s->fd = -1;
    zip_error_init(&s->zerr);
    if (!(s->name = strdup(s->name ? s->name : "")))
        goto nomem;
    if (!(src = zip_source_function(w->za, src_cb, s)))
        goto nomem;
    return add_source(w, s->name, src, deflate, err);
nomem:
    free(s->name);
    free(s->path);
    free(s);
    return kc_error_oom(err);
}

int kc_zw_add_buffer(kc_zw *w, const char *name, const void *data, size_t len, bool deflate,
                     kc_error *err)
{
    /* libzip never frees an empty buffer it was given to free: give it none. */
    void *copy = len ? malloc(len) : NULL;
    zip_source_t *src;
    if (len && !copy)
        return kc_error_oom(err);
    if (len)
        memcpy(copy, data, len);
    if (!(src = zip_source_buffer(w->za, copy, len, len != 0))) {
        free(copy);
        return kc_error_oom(err);
    }
    return add_source(w, name, src, deflate, err);
}

int kc_zw_add_path(kc_zw *w, const char *name, const char *path, uint64_t size, bool deflate,
                   kc_zw_done_fn done, void *ud, kc_error *err)
{
    zw_src *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        return kc_error_oom(err);
    }
    s->kind = SRC_PATH;
    s->name = (char *)name;
    s->size = size;
    s->done = done;
    s->ud = ud;
    return add_stream(w, s, deflate, err);
}

int kc_zw_add_entry(kc_zw *w, const char *name, kc_zr *zr, size_t index, const kc_zip_limits *lim,
                    bool deflate, kc_zw_done_fn done, void *ud, kc_error *err)
{
    zw_src *s = calloc(1, sizeof *s);
    const kc_zr_entry *e = kc_zr_get(zr, index);
    if (!s)
        return kc_error_oom(err);
    if (!e) {
        free(s);
        return kc_error_set(err, KC_EINVAL, "%s", _("no such entry"));
    }
    s->kind = SRC_ENTRY;
    s->name = (char *)name;
    s->zr = zr;
    s->index = index;
    kc_zip_limits_resolve(&s->lim, lim);
    s->size = e->size;
    s->done = done;
    s->ud = ud;
    return add_stream(w, s, deflate, err);
}

int kc_zw_add_lazy(kc_zw *w, const char *name, bool deflate, kc_zw_gen_fn gen, void *ud,
                   kc_error *err)
{
    zw_src *s = calloc(1, sizeof *s);
    if (!s)
        return kc_error_oom(err);
    s->kind = SRC_LAZY;
    s->name = (char *)name;
    s->gen = gen;
    s->ud = ud;
    return add_stream(w, s, deflate, err);
}

/* rtzip17: an archive that another format's reader would take for its own
 * (an ISO 9660 image whose volume descriptor an evidence file put at offset
 * 32768: bsdtar lists the image's files) is not written: check refuses it,
 * seal could not seal it.  The strict parser says which entry holds it. */
static int other_format(kc_zw *w, kc_error *err)
{
    int fd = open(kc_atomic_path(w->out), O_RDONLY | O_CLOEXEC);
    struct stat st;
    uint64_t at = 0;
    const char *why = NULL;
    int rc = 0;
    if (fd < 0 || fstat(fd, &st) != 0) {
        rc = kc_error_set(err, KC_EIO, _("%s: %s"), kc_atomic_path(w->out), strerror(errno));
        goto out;
    }
    if ((why = kc_zl_other_format(fd, (uint64_t)st.st_size, &at))) {
        kc_zl zl = {0};
        kc_error e = {0};
        if (kc_zl_parse(&zl, fd, (uint64_t)st.st_size, &e) == 0)
            kc_error_set(&e, KC_EFORMAT, _("refused: %s"), why);
        kc_zl_clear(&zl);
        rc = kc_error_set(err, KC_EFORMAT, _("%s: not written, since check would refuse it: %s"), w->target,
                          e.message);
    }
out:
    if (fd >= 0)
        close(fd);
    return rc;
}

int kc_zw_commit(kc_zw *w, kc_error *err)
{
    int rc;

    progress(w, NULL, true);
    /* Ctrl-C inside zip_close is only noted: libzip's temporary file is
     * removed by libzip when the cancel callback stops it, and resume then
     * removes ours and ends the process with the signal. */
    kc_interrupt_defer();
    int closed = zip_close(w->za);
    kc_interrupt_resume();
    if (closed != 0) {
        if (w->first.code)
            rc = kc_error_set(err, w->first.code, "%s", w->first.message);
        else
            rc = kc_error_set(err, KC_EIO, _("%s: %s"), w->target, zip_strerror(w->za));
        zip_discard(w->za);
        w->za = NULL;
        return rc;
    }
    w->za = NULL;
    if ((rc = other_format(w, err)) != 0)
        return rc; /* kc_zw_free removes the temporary file */
    return kc_atomic_commit(w->out, w->replace, err);
}

void kc_zw_free(kc_zw *w)
{
    if (!w)
        return;
    if (w->za)
        zip_discard(w->za);
    kc_atomic_free(w->out);
    free(w->target);
    free(w);
}
