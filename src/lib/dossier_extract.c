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
 * killed run left, and says what else that run left there. */
#include <dirent.h>
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
 * needed and their paths added to made; none made when made is NULL), or -1
 * with errno.  Never follows a link. */
static int open_parent(int dirfd, const char *name, bool whole, GPtrArray *made)
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
        if (next < 0 && errno == ENOENT && made && mkdirat(fd, c, 0755) == 0) {
            g_ptr_array_add(made, g_strndup(name, (size_t)(c - copy) + strlen(c)));
            next = openat(fd, c, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        }
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

/* A handle of its own on folder ("" for dirfd's), to read with readdir: a
 * dup would share dirfd's reading offset, and a second listing of dir would
 * start where the first ended (and see nothing). */
static int open_folder(int dirfd, const char *folder)
{
    return *folder ? open_parent(dirfd, folder, true, NULL) : openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

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

/* What already stands at the place of entry e in the folder dirfd (a folder
 * of its path that is a file or a link, or its own name taken), said in msg;
 * false when the place is free.  Looked at component by component without
 * following a link, the way open_parent will walk it. */
static bool place_taken(int dirfd, const kc_zr_entry *e, char *msg, size_t size, const char **code)
{
    struct stat st;
    bool taken = false;
    char *path = g_strdup(e->name);
    for (char *slash = path;; slash++) {
        slash = strchr(slash, '/');
        bool last = !slash || !slash[1];
        if (slash)
            *slash = '\0';
        if (fstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW) != 0)
            break; /* nothing there, nor below it */
        if (last && e->is_dir && S_ISDIR(st.st_mode))
            break; /* a folder entry's folder may be there already */
        if (last || !S_ISDIR(st.st_mode)) {
            taken = true;
            *code = S_ISLNK(st.st_mode) ? "symlink" : "exists";
            if (last)
                snprintf(msg, size, "%s",
                         _("not extracted: a file of that name is already there, so nothing was unpacked (extract "
                           "writes over nothing and leaves no dossier half unpacked beside other files); unpack into "
                           "a new folder"));
            else
                snprintf(msg, size,
                         _("not extracted: %s is a link or a file in the folder, not a folder, so nothing was "
                           "unpacked; unpack into a new folder"),
                         path);
            break;
        }
        if (last)
            break;
        *slash = '/';
    }
    g_free(path);
    return taken;
}

/* The places of every entry, before anything is written: true when one is
 * taken (each reported), and then nothing is unpacked. */
static bool places_taken(kc_zr *zr, int dirfd, kc_check *res)
{
    bool taken = false;
    char msg[600];
    const char *code = NULL;
    for (size_t i = 0; i < kc_zr_count(zr); i++)
        if (place_taken(dirfd, kc_zr_get(zr, i), msg, sizeof msg, &code)) {
            kc_check_add_internal(res, kc_zr_get(zr, i)->name, code, msg);
            taken = true;
        }
    return taken;
}

/* The dossier's names (files and every folder above them, no trailing '/')
 * by their case-folded NFC form, which Windows and macOS take for one name. */
static GHashTable *folded_names(kc_zr *zr)
{
    GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    for (size_t i = 0; i < kc_zr_count(zr); i++) {
        char *name = g_strdup(kc_zr_get(zr, i)->name);
        for (char *slash = name + strlen(name); slash; slash = strrchr(name, '/')) {
            *slash = '\0';
            char *cf = kc_zr_name_key(name);
            if (cf && *name)
                g_hash_table_replace(h, cf, g_strdup(name));
            else
                g_free(cf);
        }
        g_free(name);
    }
    return h;
}

/* Whether what already stands in one of the dossier's folders (folder: "" for
 * dir, else a folder of its names) is a stranger's (rtzip15's check looked only
 * at the dossier's own names): a name of the dossier in another case or in NFD
 * (a second "Quyết định.txt" beside the dossier's, one name once copied to
 * Windows or macOS), or, below dir, any file the dossier does not hold (a
 * data/ already holding another's invoice: the folder reads as this dossier,
 * extra evidence and all).  Each is reported; nothing is unpacked then. */
static bool strangers_in(int dirfd, const char *folder, GHashTable *folded, kc_check *res)
{
    int fd = open_folder(dirfd, folder);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    bool taken = false;
    char msg[600];
    if (!d) {
        if (fd >= 0)
            close(fd);
        return false; /* not there: nothing in it; a link is place_taken's */
    }
    for (struct dirent *de; (de = readdir(d));) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        char *path = *folder ? g_strconcat(folder, "/", de->d_name, NULL) : g_strdup(de->d_name);
        char *cf = kc_zr_name_key(path);
        const char *ours = cf ? g_hash_table_lookup(folded, cf) : NULL;
        if (ours && strcmp(ours, path) != 0) {
            snprintf(msg, sizeof msg,
                     _("not extracted: \"%s\" is already in the folder, the same name to Windows and macOS (another "
                       "case, or accents written apart), so nothing was unpacked; unpack into a new folder"),
                     path);
            kc_check_add_internal(res, ours, "exists", msg);
            taken = true;
        } else if (!ours && *folder) {
            snprintf(msg, sizeof msg,
                     _("not extracted: the dossier's folder %s already holds %s, which the dossier does not, so "
                       "nothing was unpacked (it would read as part of the dossier); unpack into a new folder"),
                     folder, de->d_name);
            kc_check_add_internal(res, path, "exists", msg);
            taken = true;
        }
        g_free(cf);
        g_free(path);
    }
    closedir(d);
    return taken;
}

/* fn for dir ("") and each folder of the dossier's names, once each: true
 * when one of them returned true (each is called still). */
static bool each_folder(kc_zr *zr, int dirfd, bool (*fn)(int dirfd, const char *folder, void *ud), void *ud)
{
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    bool any = fn(dirfd, "", ud);
    for (size_t i = 0; i < kc_zr_count(zr); i++) {
        char *folder = g_strdup(kc_zr_get(zr, i)->name), *slash;
        while ((slash = strrchr(folder, '/'))) {
            *slash = '\0';
            if (*folder && !g_hash_table_contains(seen, folder)) {
                g_hash_table_add(seen, g_strdup(folder));
                any = fn(dirfd, folder, ud) || any;
            }
        }
        g_free(folder);
    }
    g_hash_table_destroy(seen);
    return any;
}

typedef struct strangers {
    GHashTable *folded;
    kc_check *res;
} strangers;

static bool strangers_fn(int dirfd, const char *folder, void *ud)
{
    strangers *s = ud;
    return strangers_in(dirfd, folder, s->folded, s->res);
}

/* strangers_in for dir and every folder of the dossier's names. */
static bool strangers_taken(kc_zr *zr, int dirfd, kc_check *res)
{
    strangers s = {folded_names(zr), res};
    bool taken = each_folder(zr, dirfd, strangers_fn, &s);
    g_hash_table_destroy(s.folded);
    return taken;
}

/* What a killed extract left in the folders this one writes in (rtzip20). */
typedef struct leftovers {
    kc_check *res;
    char *first; /* the first stale temporary removed, its path in dir */
    bool live;   /* a temporary whose process still runs */
} leftovers;

/* In one folder: removes the temporaries of extracts that are gone (a
 * SIGKILL or a power cut left them: nothing else could), only regular files
 * of ours by name and owner, and reports one whose process still runs. */
static bool leftovers_in(int root, const char *folder, void *ud)
{
    leftovers *l = ud;
    int fd = open_folder(root, folder);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    char msg[700];
    if (!d) {
        if (fd >= 0)
            close(fd);
        return false;
    }
    for (struct dirent *de; (de = readdir(d));) {
        struct stat st;
        long pid = 0;
        kc_temp_whose whose = KC_TEMP_NOT_OURS;
        if (strncmp(de->d_name, KC_EXTRACT_TEMP_PREFIX, strlen(KC_EXTRACT_TEMP_PREFIX)) != 0 ||
            fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
            (whose = kc_extract_temp_judge(de->d_name, &st, &pid)) == KC_TEMP_NOT_OURS)
            continue; /* not one of extract's temporaries: a stranger, if anything */
        char *path = *folder ? g_strconcat(folder, "/", de->d_name, NULL) : g_strdup(de->d_name);
        if (whose == KC_TEMP_LIVE || whose == KC_TEMP_ELSEWHERE) {
            if (whose == KC_TEMP_LIVE)
                snprintf(msg, sizeof msg,
                         _("not extracted: %s is the temporary file of an extract (process %ld) unpacking into this "
                           "folder now, so nothing was unpacked; wait for it to end (if no kiemchung runs, delete %s)"),
                         path, pid, path);
            else
                snprintf(msg, sizeof msg,
                         _("not extracted: %s is the temporary file of an extract run in another container, PID "
                           "namespace or machine sharing this folder (process %ld there), which this one cannot ask "
                           "whether it still runs, so nothing was unpacked; wait for it to end (if no kiemchung "
                           "unpacks into this folder anywhere, delete %s)"),
                         path, pid, path);
            kc_check_add_internal(l->res, path, "exists", msg);
            l->live = true;
        } else if (unlinkat(dirfd(d), de->d_name, 0) == 0 && !l->first) {
            l->first = g_strdup(path);
        }
        g_free(path);
    }
    closedir(d);
    return false;
}

/* A killed run's temporaries removed, in every folder this run writes in:
 * false when another extract is writing here now (reported), and *first
 * the first one removed (NULL when none was). */
static bool clear_leftovers(kc_zr *zr, int dirfd, kc_check *res, char **first)
{
    leftovers l = {res, NULL, false};
    each_folder(zr, dirfd, leftovers_in, &l);
    *first = l.first;
    return !l.live;
}

/* Said when the folder holds what a killed run left (its temporary file
 * removed) and some of the dossier's names are there already: those are most
 * likely what it wrote, and the archivist should start afresh. */
static void say_leftovers(kc_check *res, const char *dir, const char *first)
{
    char msg[900];
    snprintf(msg, sizeof msg,
             _("not extracted: an extract into %s ended before it finished (killed, or the machine stopped): it "
               "left its temporary file %s, removed now; the dossier's files already there (above) are most likely "
               "what it wrote: delete the folder %s and unpack again"),
             dir, first, dir);
    kc_check_add_internal(res, "", "exists", msg);
}

/* fsync of one of the dossier's folders (the names renamed into it): false
 * with errno when the disk failed; a file system that cannot sync a folder
 * (EINVAL) is let be. */
static bool sync_in(int dirfd, const char *folder, void *ud)
{
    int fd = open_folder(dirfd, folder);
    bool failed = fd < 0 || (fsync(fd) != 0 && errno != EINVAL && errno != EROFS);
    if (failed)
        *(int *)ud = errno;
    if (fd >= 0)
        close(fd);
    return failed;
}

/* The dossier's folders flushed, dir's and those above it that making dir
 * made (up to top's parent) too, so that every name renamed survives a power
 * cut; a failure is a problem (and the run is then taken back). */
static void sync_folders(kc_zr *zr, int dirfd, const char *dir, const char *top, uint64_t need, kc_check *res)
{
    int saved = 0;
    bool failed = each_folder(zr, dirfd, sync_in, &saved);
    if (top) {
        char *p = g_path_get_dirname(dir), *end = g_path_get_dirname(top);
        for (;;) {
            int fd = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (fd >= 0) {
                if (fsync(fd) != 0 && errno != EINVAL && errno != EROFS) {
                    failed = true;
                    saved = errno;
                }
                close(fd);
            }
            char *up = g_path_get_dirname(p);
            bool last = strcmp(p, end) == 0 || strcmp(up, p) == 0;
            g_free(p);
            p = up;
            if (last)
                break;
        }
        g_free(p);
        g_free(end);
    }
    if (failed)
        kc_extract_write_problem(res, "", saved, need);
}

/* The outermost folder of dir (dir itself or one above it) that is not there
 * yet, which making dir makes too; NULL when dir is there already. */
static char *first_missing(const char *dir)
{
    char *top = NULL, *p = g_strdup(dir);
    while (!g_file_test(p, G_FILE_TEST_EXISTS) && !g_file_test(p, G_FILE_TEST_IS_SYMLINK)) {
        char *up = g_path_get_dirname(p);
        g_free(top);
        top = p;
        p = up;
        if (strcmp(p, top) == 0)
            break;
    }
    g_free(p);
    return top;
}

/* Removes the folders making dir made: dir, and up to top (first_missing).
 * A folder not made (a failed making stops part way) or too long a path to
 * name (a -C over PATH_MAX: the first 4 KiB of it were made) is passed over
 * to the one above, so a failed run leaves none of them (atkdoss); a folder
 * not empty stops it. */
static void unmake_dir(const char *dir, const char *top)
{
    char *p = g_strdup(dir);
    while (top && (rmdir(p) == 0 || errno == ENOENT || errno == ENAMETOOLONG) && strcmp(p, top) != 0) {
        char *up = g_path_get_dirname(p);
        g_free(p);
        p = up;
    }
    g_free(p);
}

/* Removes what this run made (made: files and folders in the order they were
 * made), the newest first, then the folders making dir made (top: NULL when
 * dir was there). */
static void take_back(int dirfd, GPtrArray *made, const char *dir, const char *top)
{
    for (guint i = made->len; i-- > 0;) {
        const char *name = made->pdata[i], *base = strrchr(name, '/');
        int parent = open_parent(dirfd, name, false, NULL);
        if (parent < 0)
            continue;
        if (unlinkat(parent, base ? base + 1 : name, 0) != 0 && (errno == EISDIR || errno == EPERM))
            unlinkat(parent, base ? base + 1 : name, AT_REMOVEDIR);
        close(parent);
    }
    unmake_dir(dir, top);
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
    int parent = open_parent(dirfd, e->name, e->is_dir, made), fd;
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
        int parent = open_parent(dirfd, name, false, NULL);
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
    top = first_missing(dir);
    if (g_mkdir_with_parents(dir, 0755) != 0 ||
        (dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
        rc = kc_error_set(err, KC_EIO, _("%s: %s"), dir, strerror(errno));
        unmake_dir(dir, top); /* what making it made before it failed */
        goto out;
    }
    if (!clear_leftovers(zr, dirfd, res, &stale) || places_taken(zr, dirfd, res)) {
        if (stale && kc_check_problem_count(res))
            say_leftovers(res, dir, stale);
        unmake_dir(dir, top);
        goto done;
    }
    if (strangers_taken(zr, dirfd, res)) {
        unmake_dir(dir, top);
        goto done;
    }
    before = kc_check_problem_count(res); /* with --force, the check's */
    made = g_ptr_array_new_with_free_func(g_free);
    pending = g_array_new(FALSE, FALSE, sizeof(pending_entry));
    g_array_set_clear_func(pending, clear_pending);
    for (size_t i = 0; i < kc_zr_count(zr); i++)
        total += kc_zr_get(zr, i)->size;
    if (!kc_extract_room(dirfd, dir, total, res)) { /* said before the first byte, as the disk it is */
        unmake_dir(dir, top);
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
        sync_folders(zr, dirfd, dir, top, total, res);
    if (kc_check_problem_count(res) > before || kc_interrupt_pending())
        take_back(dirfd, made, dir, top); /* no half dossier stays behind */
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
