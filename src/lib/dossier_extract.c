/* dossier_extract.c: `kiemchung extract`: unpacking a dossier (or, with
 * force, any zip) without ever writing outside the target folder.
 *
 * The dossier is checked first, exactly as `check` does (layout, names,
 * limits, manifests, dossier.json, the seal): an unsafe archive is never
 * unpacked, and one that fails its check only with force.  Then it is opened
 * and vetted again (it may have been replaced meanwhile), and each entry is
 * written and compared with the digest the check took; the limits are
 * enforced again on the bytes actually inflated.  Files are created relative
 * to an open handle on the target folder, component by component with
 * O_NOFOLLOW and O_EXCL, so a link planted in the folder cannot redirect a
 * write and an existing file is never overwritten. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dossier_model.h"
#include "i18n.h"
#include "util.h"
#include "zipio.h"

/* An open handle on the folder of name (its components below dirfd, made as
 * needed), or -1 with errno.  Never follows a link. */
static int open_parent(int dirfd, const char *name, bool whole)
{
    char *copy = strdup(name), *save = NULL;
    int fd = dup(dirfd);
    char *end = whole ? copy + strlen(copy) : strrchr(copy, '/');
    if (!copy || fd < 0) {
        free(copy);
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (!end) {
        free(copy);
        return fd;
    }
    *end = '\0';
    for (char *c = strtok_r(copy, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
        int next = openat(fd, c, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (next < 0 && errno == ENOENT && mkdirat(fd, c, 0755) == 0)
            next = openat(fd, c, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        int saved = errno;
        close(fd);
        if (next < 0) {
            free(copy);
            errno = saved;
            return -1;
        }
        fd = next;
    }
    free(copy);
    return fd;
}

static int write_all(void *ud, const void *buf, size_t n, kc_error *err)
{
    int e = kc_write_all(*(int *)ud, buf, n);
    return e ? kc_error_set(err, KC_EIO, _("cannot write: %s"), g_strerror(e)) : 0;
}

/* Problems no --force overrides: writing such an archive is the danger. */
static bool unsafe_code(const char *code)
{
    static const char *const unsafe[] = {"zip", "limit", "unsafe-name", "symlink", "duplicate"};
    for (size_t i = 0; i < G_N_ELEMENTS(unsafe); i++)
        if (strcmp(code, unsafe[i]) == 0)
            return true;
    return false;
}

static void extract_one(kc_zr *zr, size_t i, int dirfd, GHashTable *checked, const kc_zip_limits *lim,
                        kc_check *res)
{
    const kc_zr_entry *e = kc_zr_get(zr, i);
    const char *base = strrchr(e->name, '/');
    int parent = open_parent(dirfd, e->name, e->is_dir), fd;
    unsigned char sha[32];
    kc_error err = {0};
    char msg[600];

    if (parent < 0) {
        snprintf(msg, sizeof msg, _("not extracted: its folder cannot be made (%s; a link or a file in the way?)"),
                 strerror(errno));
        kc_check_add_internal(res, e->name, errno == ELOOP || errno == ENOTDIR ? "symlink" : "exists", msg);
        return;
    }
    if (e->is_dir) {
        close(parent);
        return;
    }
    base = base ? base + 1 : e->name;
    fd = openat(parent, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) {
        snprintf(msg, sizeof msg, errno == EEXIST ? _("not extracted: a file of that name is already there")
                                                  : _("not extracted: %s"), strerror(errno));
        kc_check_add_internal(res, e->name, errno == EEXIST ? "exists" : "corrupt", msg);
        close(parent);
        return;
    }
    int rc = kc_zr_hash(sha, NULL, zr, i, lim, write_all, &fd, &err);
    if (close(fd) != 0 && rc == 0)
        rc = kc_error_set(&err, KC_EIO, _("cannot write: %s"), strerror(errno));
    const unsigned char *want = checked ? g_hash_table_lookup(checked, e->name) : NULL;
    if (rc != 0) {
        unlinkat(parent, base, 0); /* no half file stays behind */
        kc_check_add_internal(res, e->name, rc == KC_ELIMIT ? "limit" : "corrupt", err.message);
    } else if (checked && g_hash_table_size(checked) && (!want || memcmp(want, sha, 32) != 0)) {
        unlinkat(parent, base, 0);
        kc_check_add_internal(res, e->name, "changed", _("not extracted: the archive changed after it was checked"));
    }
    close(parent);
}

int kc_dossier_extract(kc_check **out, const char *path, const char *dir,
                       const kc_extract_opts *opts, kc_error *err)
{
    kc_check *res = NULL;
    kc_zr *zr = NULL;
    kc_error e = {0};
    GHashTable *checked = NULL;
    const kc_zip_limits *lim = opts ? opts->limits : NULL;
    const kc_dossier_events *ev = opts ? opts->events : NULL;
    kc_check_opts copts = {lim, opts ? opts->verify : NULL, ev, opts && opts->require_seal,
                           opts ? opts->catalog : NULL};
    uint64_t total = 0, done = 0;
    bool unsafe = false;
    int dirfd = -1, rc;

    if (!out || !path || !dir)
        return kc_error_set(err, KC_EINVAL, "%s", _("extract needs an archive and a folder"));
    if ((rc = kc_check_run_internal(&res, &checked, path, opts ? opts->trust : NULL, &copts, err)) != 0)
        return rc;
    for (size_t i = 0; i < kc_check_problem_count(res); i++)
        unsafe = unsafe || unsafe_code(kc_check_problem(res, i)->code);
    /* Refuse the whole archive, before the first byte is written. */
    if (unsafe || (kc_check_problem_count(res) && !(opts && opts->force)))
        goto done;
    /* Opened again: vetted again, since the file may have been replaced. */
    rc = kc_zr_open(&zr, path, &e);
    if (rc != 0 || kc_zr_vet(zr, lim, kc_check_add_internal, res) > 0) {
        if (rc != 0)
            kc_check_add_internal(res, "", rc == KC_ELIMIT ? "limit" : "zip", e.message);
        rc = 0;
        goto done;
    }
    if (g_mkdir_with_parents(dir, 0755) != 0 ||
        (dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
        rc = kc_error_set(err, KC_EIO, _("%s: %s"), dir, strerror(errno));
        goto out;
    }
    kc_check_set_unpacked_internal(res);
    for (size_t i = 0; i < kc_zr_count(zr); i++)
        total += kc_zr_get(zr, i)->size;
    for (size_t i = 0; i < kc_zr_count(zr); i++) {
        extract_one(zr, i, dirfd, checked, lim, res);
        done += kc_zr_get(zr, i)->size;
        if (ev && ev->progress) {
            kc_progress p = {"extracting", done, total, i + 1, kc_zr_count(zr), kc_zr_get(zr, i)->name};
            ev->progress(ev->ud, &p);
        }
    }
done:
    *out = res;
    res = NULL;
    rc = 0;
out:
    if (dirfd >= 0)
        close(dirfd);
    if (checked)
        g_hash_table_destroy(checked);
    kc_check_free(res);
    kc_zr_free(zr);
    return rc;
}
