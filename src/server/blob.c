/* blob.c: uploaded files and the analysis' outputs, stored by content.
 *
 * DIR/blobs/ab/abcdef… holds the bytes whose SHA-256 is abcdef…; the name the
 * client gave is a row in the store, never a path on disk.  A blob is written
 * to DIR/tmp first, synced, made read-only and renamed into place, and the
 * folder synced, all before the transaction that names it commits: after a
 * crash a row never names a missing or partial blob, and a blob no row names
 * is removed at the next start (srv_blob_sweep), as are DIR/tmp and DIR/work.
 *
 * While a request writes blobs and has not committed its rows, it holds them
 * (srv_blob_hold): a failed request removes only blobs that no row names and
 * no other request holds, so two uploads of the same file cannot remove each
 * other's. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server.h"

struct srv_blob_writer {
    srv_store *store;
    char *tmp;
    int fd;
    EVP_MD_CTX *md;
    uint64_t size;
};

char *srv_blob_path(const srv_store *s, const char *hex)
{
    char sub[3] = {hex[0], hex[1], 0};
    return g_build_filename(srv_store_dir(s), "blobs", sub, hex, NULL);
}

static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

int srv_blob_begin(srv_blob_writer **out, srv_store *s, kc_error *err)
{
    srv_blob_writer *w = g_new0(srv_blob_writer, 1);
    w->store = s;
    w->tmp = g_build_filename(srv_store_dir(s), "tmp", "blob-XXXXXX", NULL);
    w->fd = g_mkstemp_full(w->tmp, O_RDWR | O_CLOEXEC, 0600);
    w->md = EVP_MD_CTX_new();
    if (w->fd < 0 || !w->md || !EVP_DigestInit_ex(w->md, EVP_sha256(), NULL)) {
        kc_error_set(err, KC_EIO, _("%s: cannot create: %s"), w->tmp, g_strerror(errno));
        srv_blob_abort(w);
        return KC_EIO;
    }
    *out = w;
    return 0;
}

int srv_blob_write(srv_blob_writer *w, const void *data, size_t n, kc_error *err)
{
    const char *p = data;
    EVP_DigestUpdate(w->md, data, n);
    w->size += n;
    while (n) {
        ssize_t k = write(w->fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return kc_error_set(err, KC_EIO, _("the server could not store a file: %s"), g_strerror(errno));
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Moves the synced temporary file tmp into place as the blob hex. */
static int place(srv_store *s, const char *tmp, const char *hex, bool *created, kc_error *err)
{
    char *path = srv_blob_path(s, hex), *dir = g_path_get_dirname(path);
    int rc = 0;
    bool new_dir = !g_file_test(dir, G_FILE_TEST_IS_DIR);
    srv_blob_hold(s, hex); /* before looking: a failing request may be removing it */
    if (new_dir && g_mkdir(dir, 0700) != 0 && errno != EEXIST) {
        rc = kc_error_set(err, KC_EIO, _("%s: cannot create: %s"), dir, g_strerror(errno));
    } else if (g_file_test(path, G_FILE_TEST_EXISTS)) {
        g_unlink(tmp);
        *created = false;
    } else if (chmod(tmp, 0400) != 0 || rename(tmp, path) != 0) {
        rc = kc_error_set(err, KC_EIO, _("the server could not store a file: %s"), g_strerror(errno));
    } else {
        *created = true;
        sync_dir(dir);
        if (new_dir) {
            char *blobs = g_path_get_dirname(dir);
            sync_dir(blobs);
            g_free(blobs);
        }
    }
    if (rc != 0)
        srv_blob_release(s, hex, false);
    g_free(path);
    g_free(dir);
    return rc;
}

int srv_blob_commit(srv_blob_writer *w, char hex[65], uint64_t *size, bool *created, kc_error *err)
{
    unsigned char md[32];
    int rc = KC_EIO;
    if (fsync(w->fd) != 0 || close(w->fd) != 0) {
        w->fd = -1;
        kc_error_set(err, KC_EIO, _("the server could not store a file: %s"), g_strerror(errno));
        goto out;
    }
    w->fd = -1;
    EVP_DigestFinal_ex(w->md, md, NULL);
    kc_hex_encode(hex, md, 32);
    if (size)
        *size = w->size;
    rc = place(w->store, w->tmp, hex, created, err);
out:
    srv_blob_abort(w);
    return rc;
}

void srv_blob_abort(srv_blob_writer *w)
{
    if (!w)
        return;
    if (w->fd >= 0)
        close(w->fd);
    g_unlink(w->tmp); /* gone already when placed */
    EVP_MD_CTX_free(w->md);
    g_free(w->tmp);
    g_free(w);
}

int srv_blob_adopt(srv_store *s, const char *path, char hex[65], uint64_t *size, kc_error *err)
{
    unsigned char md[32], buf[1 << 16];
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    int fd = open(path, O_RDONLY | O_CLOEXEC), rc = KC_EIO;
    uint64_t n = 0;
    bool created;
    ssize_t k;
    if (fd < 0 || !ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
        kc_error_set(err, KC_EIO, _("%s: cannot read: %s"), path, g_strerror(errno));
        goto out;
    }
    while ((k = read(fd, buf, sizeof buf)) > 0) {
        EVP_DigestUpdate(ctx, buf, (size_t)k);
        n += (uint64_t)k;
    }
    if (k < 0 || fsync(fd) != 0) {
        kc_error_set(err, KC_EIO, _("%s: cannot read: %s"), path, g_strerror(errno));
        goto out;
    }
    EVP_DigestFinal_ex(ctx, md, NULL);
    kc_hex_encode(hex, md, 32);
    if (size)
        *size = n;
    rc = place(s, path, hex, &created, err);
out:
    if (fd >= 0)
        close(fd);
    EVP_MD_CTX_free(ctx);
    return rc;
}

bool srv_blob_named(sqlite3 *db, const char *hex)
{
    bool named = true; /* when in doubt, keep it */
    sqlite3_stmt *st = srv_db_prepare(db, "SELECT EXISTS (SELECT 1 FROM files WHERE sha256 = ?1) "
                                          "OR EXISTS (SELECT 1 FROM outputs WHERE sha256 = ?1)");
    if (st) {
        sqlite3_bind_text(st, 1, hex, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW)
            named = sqlite3_column_int(st, 0) != 0;
    }
    sqlite3_finalize(st);
    return named;
}

/* Removes everything under dir (not dir itself); counts the files. */
static size_t empty_dir(const char *dir)
{
    size_t n = 0;
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        char *p = g_build_filename(dir, name, NULL);
        if (g_file_test(p, G_FILE_TEST_IS_DIR) && !g_file_test(p, G_FILE_TEST_IS_SYMLINK)) {
            n += empty_dir(p);
            g_rmdir(p);
        } else if (g_unlink(p) == 0) {
            n++;
        }
        g_free(p);
    }
    if (d)
        g_dir_close(d);
    return n;
}

void srv_remove_tree(const char *dir)
{
    empty_dir(dir);
    g_rmdir(dir);
}

size_t srv_blob_sweep(srv_store *s)
{
    char *tmp = g_build_filename(srv_store_dir(s), "tmp", NULL), *work = g_build_filename(srv_store_dir(s), "work", NULL),
         *blobs = g_build_filename(srv_store_dir(s), "blobs", NULL);
    size_t n = empty_dir(tmp) + empty_dir(work);
    GDir *top = g_dir_open(blobs, 0, NULL);
    const char *sub;
    sqlite3 *db = srv_db_lock(s);
    while (top && (sub = g_dir_read_name(top))) {
        char *dir = g_build_filename(blobs, sub, NULL);
        GDir *d = g_dir_open(dir, 0, NULL);
        const char *name;
        while (d && (name = g_dir_read_name(d))) {
            /* Anything that is not a 64-digit hex name is not ours to keep either. */
            unsigned char bytes[32];
            if (strlen(name) == 64 && kc_hex_decode(bytes, 32, name) && strncmp(name, sub, 2) == 0 &&
                srv_blob_named(db, name))
                continue;
            char *p = g_build_filename(dir, name, NULL);
            if (g_unlink(p) == 0)
                n++;
            g_free(p);
        }
        if (d)
            g_dir_close(d);
        g_free(dir);
    }
    srv_db_unlock(s);
    if (top)
        g_dir_close(top);
    g_free(tmp);
    g_free(work);
    g_free(blobs);
    return n;
}
