/* dossier_extract_place.c: the folder `extract` writes into, apart from
 * the writing itself (dossier_extract.c): walking an entry's folders without
 * following a link, what already stands at the dossier's places (its own
 * names, a stranger's in another case or NFD, a killed run's temporaries),
 * the folders flushed once every name is renamed, and what a failed run made
 * taken back.  Split from dossier_extract.c (704 lines) in session 44; the
 * reasons for each rule are in that file's opening comment. */
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

/* An open handle on the folder of name (its components below dirfd, made as
 * needed and their paths added to made; none made when made is NULL), or -1
 * with errno.  Never follows a link. */
int kc_extract_open_parent(int dirfd, const char *name, bool whole, GPtrArray *made)
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
    return *folder ? kc_extract_open_parent(dirfd, folder, true, NULL) : openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
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
bool kc_extract_places_taken(kc_zr *zr, int dirfd, kc_check *res)
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
bool kc_extract_strangers_taken(kc_zr *zr, int dirfd, kc_check *res)
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
bool kc_extract_clear_leftovers(kc_zr *zr, int dirfd, kc_check *res, char **first)
{
    leftovers l = {res, NULL, false};
    each_folder(zr, dirfd, leftovers_in, &l);
    *first = l.first;
    return !l.live;
}

/* Said when the folder holds what a killed run left (its temporary file
 * removed) and some of the dossier's names are there already: those are most
 * likely what it wrote, and the archivist should start afresh. */
void kc_extract_say_leftovers(kc_check *res, const char *dir, const char *first)
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
void kc_extract_sync_folders(kc_zr *zr, int dirfd, const char *dir, const char *top, uint64_t need, kc_check *res)
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
char *kc_extract_first_missing(const char *dir)
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
void kc_extract_unmake_dir(const char *dir, const char *top)
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
void kc_extract_take_back(int dirfd, GPtrArray *made, const char *dir, const char *top)
{
    for (guint i = made->len; i-- > 0;) {
        const char *name = made->pdata[i], *base = strrchr(name, '/');
        int parent = kc_extract_open_parent(dirfd, name, false, NULL);
        if (parent < 0)
            continue;
        if (unlinkat(parent, base ? base + 1 : name, 0) != 0 && (errno == EISDIR || errno == EPERM))
            unlinkat(parent, base ? base + 1 : name, AT_REMOVEDIR);
        close(parent);
    }
    kc_extract_unmake_dir(dir, top);
}
