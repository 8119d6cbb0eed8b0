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
 * write and an existing file is never overwritten.
 *
 * Nothing is left half unpacked (rtzip15): before the first byte, every
 * entry's place is looked at, and a file, a link or anything else already
 * there refuses the whole archive; a write that still fails (a file made
 * meanwhile, a full disk, bytes changed since the check) removes every file
 * and folder this run made.  Unpacking stopped on a file already there used
 * to leave the rest written beside it: a folder mixing this dossier with
 * another's report.txt, which an archivist would take for one dossier.
 * A signal (Ctrl-C, SIGTERM, SIGHUP) is such a failure too (rtzip19): it is
 * only noted while unpacking (interrupt.c's defer), the file being written
 * stops, everything made is taken back, and the process then dies of it.
 * Each file is written under a temporary name and renamed when whole, so
 * even a SIGKILL leaves no cut-short file under an entry's name.  Every file
 * is written first, the file system flushed once (syncfs), then each renamed
 * and the folders flushed (rtzip20): after a power cut a file under its own
 * name is the whole file (ext4 may commit a rename before the data, leaving
 * it empty); one fsync a file cost 5 ms each, 1,500 files 7 s more, the one
 * syncfs 0.1 s.  The next extract into the folder removes the temporaries a
 * killed run left, and says what else that run left there.
 *
 * What concerns the target folder (walking it, what stands there already,
 * flushing it, taking a failed run back) is dossier_extract_place.c's. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dossier_extract.h"
#include "dossier_model.h"
#include "i18n.h"
#include "util.h"
#include "zipio.h"

/* Where write_all writes, and the errno of a write that failed (the disk's
 * or the folder's failure is said as such, not as a damaged dossier). */
typedef struct sink {
    int fd;
    int errnum;
} sink;

static int write_all(void *ud, const void *buf, size_t n, kc_error *err)
{
    sink *to = ud;
    /* A signal while unpacking (deferred: kc_dossier_extract) stops the file
     * being written; the take-back then removes every file, and the process
     * dies of the signal. */
    if (kc_interrupt_pending())
        return kc_error_set(err, KC_EIO, "%s", _("interrupted"));
    int e = kc_write_all(to->fd, buf, n);
    to->errnum = e;
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

/* An entry written under a temporary name, not yet renamed. */
typedef struct pending_entry {
    size_t index;
    char *tmp; /* its temporary file's name in its folder */
} pending_entry;

static void clear_pending(void *p)
{
    g_free(((pending_entry *)p)->tmp);
}

/* Entry i's bytes into the temporary file fd, compared with the digest the
 * check took (checked; none with --force on what is no dossier): NULL, or
 * a problem's code with its message in err ("write" with the write's errno
 * in *errnum when the folder, the disk or a limit refused it: said by
 * kc_extract_write_problem, not as a damaged dossier). */
static const char *write_entry(kc_zr *zr, size_t i, int fd, GHashTable *checked, const kc_zip_limits *lim,
                               int *errnum, kc_error *err)
{
    const kc_zr_entry *e = kc_zr_get(zr, i);
    unsigned char sha[32];
    sink to = {fd, 0};
    int rc = kc_zr_hash(sha, NULL, zr, i, lim, write_all, &to, err);
    if (close(fd) != 0 && rc == 0) {
        to.errnum = errno;
        rc = kc_error_set(err, KC_EIO, _("cannot write: %s"), strerror(errno));
    }
    *errnum = to.errnum;
    if (rc != 0 && to.errnum)
        return "write"; /* said by the caller, with what the dossier takes */
    if (rc != 0)
        return rc == KC_ELIMIT ? "limit" : "corrupt";
    const unsigned char *want = checked ? g_hash_table_lookup(checked, e->name) : NULL;
    if (checked && g_hash_table_size(checked) && (!want || memcmp(want, sha, 32) != 0)) {
        kc_error_set(err, KC_EIO, "%s", _("not extracted: the archive changed after it was checked"));
        return "changed";
    }
    return NULL;
}

/* Entry i written under a temporary name (its folders made as needed), the
 * temporary's path added to made (a failure takes it back) and to pending,
 * with the entry's index, to be renamed once all are on the disk. */
static void extract_one(kc_zr *zr, size_t i, int dirfd, GHashTable *checked, const kc_zip_limits *lim,
                        uint64_t need, kc_check *res, GPtrArray *made, GArray *pending)
{
    const kc_zr_entry *e = kc_zr_get(zr, i);
    const char *base = strrchr(e->name, '/'), *code;
    int parent = kc_extract_open_parent(dirfd, e->name, e->is_dir, made), fd;
    char *tmp = NULL;
    kc_error err = {0};
    char msg[600];

    if (parent < 0) {
        int saved = errno;
        snprintf(msg, sizeof msg, _("not extracted: its folder cannot be made (%s; a link or a file in the way?)"),
                 strerror(saved));
        if (saved == ELOOP || saved == ENOTDIR || saved == EEXIST)
            kc_check_add_internal(res, e->name, saved == EEXIST ? "exists" : "symlink", msg);
        else
            kc_extract_write_problem(res, e->name, saved, need); /* a read-only disk, a full one, no right */
        return;
    }
    if (e->is_dir) {
        close(parent);
        return;
    }
    if ((fd = kc_extract_temp_open(parent, &tmp)) < 0) {
        kc_extract_write_problem(res, e->name, errno, need);
        close(parent);
        return;
    }
    g_ptr_array_add(made, base ? g_strdup_printf("%.*s/%s", (int)(base - e->name), e->name, tmp) : g_strdup(tmp));
    int errnum = 0;
    if ((code = write_entry(zr, i, fd, checked, lim, &errnum, &err))) {
        /* the take-back removes the half file */
        if (strcmp(code, "write") == 0)
            kc_extract_write_problem(res, e->name, errnum, need);
        else
            kc_check_add_internal(res, e->name, code, err.message);
    } else {
        pending_entry p = {i, tmp};
        g_array_append_val(pending, p);
        tmp = NULL;
    }
    g_free(tmp);
    close(parent);
}

/* Each written entry's temporary renamed to its own name, in the archive's
 * order, once the file system holds their bytes (syncfs: one flush for all,
 * where an fsync a file is a journal commit each). */
static void rename_all(kc_zr *zr, int dirfd, GArray *pending, uint64_t need, kc_check *res, GPtrArray *made,
                       bool flush)
{
    char msg[600];
    if (flush && syncfs(dirfd) != 0 && errno != EINVAL) {
        kc_extract_write_problem(res, "", errno, need);
        return;
    }
    for (guint k = 0; k < pending->len && !kc_interrupt_pending(); k++) {
        const pending_entry *p = &g_array_index(pending, pending_entry, k);
        const char *name = kc_zr_get(zr, p->index)->name, *base = strrchr(name, '/');
        int parent = kc_extract_open_parent(dirfd, name, false, NULL);
        if (parent < 0 || kc_rename_noreplace_at(parent, p->tmp, base ? base + 1 : name) != 0) {
            int saved = errno;
            snprintf(msg, sizeof msg, saved == EEXIST ? _("not extracted: a file of that name is already there")
                                                      : _("not extracted: %s"), strerror(saved));
            if (saved == EEXIST)
                kc_check_add_internal(res, name, "exists", msg);
            else
                kc_extract_write_problem(res, name, saved, need);
            if (parent >= 0)
                close(parent);
            return;
        }
        g_ptr_array_add(made, g_strdup(name));
        close(parent);
    }
}

/* Whether every file the check took a digest of is among the entries just
 * written (each compared with its digest): the archive, opened again, may be
 * another holding fewer files (replaced between the check and the unpacking),
 * whose every entry still matches, and the dossier came out without its
 * evidence under "checked and unpacked" (atkdoss). */
static bool all_written(kc_zr *zr, GHashTable *checked)
{
    size_t files = 0;
    if (!checked || g_hash_table_size(checked) == 0)
        return true; /* --force on what is no dossier: nothing to hold it to */
    for (size_t i = 0; i < kc_zr_count(zr); i++)
        files += !kc_zr_get(zr, i)->is_dir;
    return files == g_hash_table_size(checked);
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
    GPtrArray *made = NULL; /* what this run wrote, taken back if a write fails */
    GArray *pending = NULL; /* entries written under a temporary name */
    size_t before = 0;
    char *top = NULL; /* the outermost folder that making dir made */
    char *stale = NULL; /* a killed run's temporary file, removed */
    bool unsafe = false, deferred = false;
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
    /* From the first folder made to the last file renamed, a signal is only
     * noted (write_all stops on it), so that what this run made is taken
     * back before the process dies of it. */
    kc_interrupt_defer();
    deferred = true;
    top = kc_extract_first_missing(dir);
    if (g_mkdir_with_parents(dir, 0755) != 0 ||
        (dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
        rc = kc_error_set(err, KC_EIO, _("%s: %s"), dir, strerror(errno));
        kc_extract_unmake_dir(dir, top); /* what making it made before it failed */
        goto out;
    }
    if (!kc_extract_clear_leftovers(zr, dirfd, res, &stale) || kc_extract_places_taken(zr, dirfd, res)) {
        if (stale && kc_check_problem_count(res))
            kc_extract_say_leftovers(res, dir, stale);
        kc_extract_unmake_dir(dir, top);
        goto done;
    }
    if (kc_extract_strangers_taken(zr, dirfd, res)) {
        kc_extract_unmake_dir(dir, top);
        goto done;
    }
    before = kc_check_problem_count(res); /* with --force, the check's */
    made = g_ptr_array_new_with_free_func(g_free);
    pending = g_array_new(FALSE, FALSE, sizeof(pending_entry));
    g_array_set_clear_func(pending, clear_pending);
    for (size_t i = 0; i < kc_zr_count(zr); i++)
        total += kc_zr_get(zr, i)->size;
    bool room = kc_extract_room(dirfd, dir, total, res), fit = kc_extract_files_fit(dirfd, dir, zr, res);
    if (!room || !fit) { /* said before the first byte, as the disk it is, both when both */
        kc_extract_unmake_dir(dir, top);
        goto done;
    }
    for (size_t i = 0; i < kc_zr_count(zr) && kc_check_problem_count(res) == before && !kc_interrupt_pending(); i++) {
        extract_one(zr, i, dirfd, checked, lim, total, res, made, pending);
        done += kc_zr_get(zr, i)->size;
        if (ev && ev->progress) {
            kc_progress p = {"extracting", done, total, i + 1, kc_zr_count(zr), kc_zr_get(zr, i)->name};
            ev->progress(ev->ud, &p);
        }
    }
    if (kc_check_problem_count(res) == before && !all_written(zr, checked))
        kc_check_add_internal(res, "", "changed",
                              _("not extracted: the archive changed after it was checked (files are missing from it)"));
    if (kc_check_problem_count(res) == before && !kc_interrupt_pending())
        rename_all(zr, dirfd, pending, total, res, made, !(opts && opts->scratch));
    if (kc_check_problem_count(res) == before && !kc_interrupt_pending() && !(opts && opts->scratch))
        kc_extract_sync_folders(zr, dirfd, dir, top, total, res);
    if (kc_check_problem_count(res) > before || kc_interrupt_pending())
        kc_extract_take_back(dirfd, made, dir, top); /* no half dossier stays behind */
    else
        kc_check_set_unpacked_internal(res);
done:
    *out = res;
    res = NULL;
    rc = 0;
out:
    if (dirfd >= 0)
        close(dirfd);
    if (checked)
        g_hash_table_destroy(checked);
    if (made)
        g_ptr_array_free(made, TRUE);
    if (pending)
        g_array_free(pending, TRUE);
    g_free(top);
    g_free(stale);
    kc_check_free(res);
    kc_zr_free(zr);
    if (deferred)
        kc_interrupt_resume(); /* dies here of a signal received meanwhile */
    return rc;
}
