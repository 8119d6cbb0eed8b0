/* atomic.c: the one way kiemchung writes an output file (a dossier, a report
 * page, index -o, a map template, a cached CRL or OCSP answer): into a temporary file beside the target,
 * given the mode the umask allows (mkstemp makes 0600; an output is for
 * others to read too), synced, renamed over the target, and the directory
 * synced, so the target is always either the old file or the whole new one.
 *
 * The temporary file is named ".NAME.kc-PID-SPACE-XXXXXX" (SPACE: the boot
 * and PID namespace PID belongs to, kc_pid_space; ".NAME.kc-PID-XXXXXX"
 * where /proc does not say, and before lead43).  A run killed while
 * writing (SIGKILL, a power cut) leaves it behind; the next write of NAME
 * removes those whose writer is gone, so the folder does not fill with
 * hidden half-written files.  One whose process still runs (a concurrent
 * run) is left alone. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "util.h"

struct kc_atomic {
    char *target, *dir, *tmp;
    int fd;         /* -1 once closed */
    FILE *stream;   /* on fd, once asked for */
    bool committed;
    int slot;       /* kc_interrupt_hold's, removed on Ctrl-C */
};

typedef struct stale {
    const char *dir;
    const char *prefix;
    size_t len;
} stale;

/* When this system last started (the kernel's boot, /proc/stat's btime, the
 * same in every container of it), in Unix seconds; 0 when unknown. */
static int64_t boot_time(void)
{
    static gsize once;
    static int64_t btime;
    if (g_once_init_enter(&once)) {
        FILE *f = fopen("/proc/stat", "re");
        char line[256];
        long long v;
        while (f && fgets(line, sizeof line, f))
            if (sscanf(line, "btime %lld", &v) == 1 && v > 0)
                btime = v;
        if (f)
            fclose(f);
        g_once_init_leave(&once, 1);
    }
    return btime;
}

/* Where this process's number means something (its SPACE in temporary
 * files' names, dossier_temps.c): FNV-1a of the boot id and the PID
 * namespace's inode; 0 when /proc does not say (then the old names are
 * written, judged by their number alone). */
guint32 kc_pid_space(void)
{
    static gsize once;
    static guint32 space;
    if (g_once_init_enter(&once)) {
        char *boot = NULL;
        struct stat st;
        if (g_file_get_contents("/proc/sys/kernel/random/boot_id", &boot, NULL, NULL) &&
            stat("/proc/self/ns/pid", &st) == 0) {
            char *key = g_strdup_printf("%s %llu %llu", g_strstrip(boot), (unsigned long long)st.st_dev,
                                        (unsigned long long)st.st_ino);
            guint32 h = 2166136261u;
            for (const char *p = key; *p; p++)
                h = (h ^ (unsigned char)*p) * 16777619u;
            space = h ? h : 1;
            g_free(key);
        }
        g_free(boot);
        g_once_init_leave(&once, 1);
    }
    return space;
}

bool kc_before_boot(int64_t mtime)
{
    int64_t btime = boot_time();
    return mtime >= 0 && btime > 0 && mtime + 2 < btime;
}

long kc_temp_writer(const char *name, const char *prefix, int64_t mtime, bool *gone)
{
    size_t len = strlen(prefix);
    char *end = NULL;
    if (strncmp(name, prefix, len) != 0 || !g_ascii_isdigit(name[len]))
        return 0;
    long pid = strtol(name + len, &end, 10);
    if (*end != '-' || pid <= 0)
        return 0; /* not one of ours */
    *gone = kill((pid_t)pid, 0) != 0 && errno == ESRCH; /* else its writer may still be running */
    /* Last written before the system started: its writer died with the
     * system (a power cut), whatever process has its number since (session
     * 42: a daemon given the PID after the reboot made extract refuse the
     * folder for good, "process N unpacking into this folder now").  Two
     * seconds of slack for btime's rounding; a clock set back since the boot
     * only makes an old file look newer, which is judged by its PID as before. */
    if (kc_before_boot(mtime))
        *gone = true;
    return pid;
}

/* Whether p starts with eight hex digits and a '-': a SPACE. */
static bool space_at(const char *p, guint32 *space)
{
    for (int k = 0; k < 8; k++)
        if (!g_ascii_isxdigit(p[k]))
            return false;
    if (p[8] != '-')
        return false;
    *space = (guint32)strtoul(p, NULL, 16);
    return true;
}

/* ".NAME.kc-PID-" with PID a process that no longer exists.  A name that
 * says where its number means something (".NAME.kc-PID-SPACE-…", as extract's
 * temporaries since rtzip21 and these since lead43) is asked of its number
 * only in this boot and PID namespace; one of another (a container, a machine
 * sharing the folder) only of its time: written before this system started.
 * Named by a number alone, two runs writing one dossier from two containers
 * could remove each other's temporary. */
static bool is_stale(const char *name, void *ud)
{
    const stale *s = ud;
    bool gone = false;
    struct stat st;
    guint32 space = 0;
    char *path = g_build_filename(s->dir, name, NULL);
    int64_t mtime = lstat(path, &st) == 0 ? (int64_t)st.st_mtime : -1;
    g_free(path);
    if (!kc_temp_writer(name, s->prefix, -1, &gone))
        return false;
    const char *dash = strchr(name + s->len, '-');
    if (!dash || !space_at(dash + 1, &space))
        return gone || kc_before_boot(mtime); /* PID-XXXXXX: a number alone, as before */
    if (space == kc_pid_space())
        return gone; /* this boot: its own clock is no reboot's (review42) */
    return kc_before_boot(mtime);
}

static void remove_stale(const char *dir, const char *base)
{
    char *prefix = g_strdup_printf(".%s.kc-", base);
    stale s = {dir, prefix, strlen(prefix)};
    GPtrArray *names = NULL;
    if (kc_dir_list(&names, dir, is_stale, &s, NULL) == 0) {
        for (guint i = 0; i < names->len; i++) {
            char *path = g_build_filename(dir, names->pdata[i], NULL);
            unlink(path);
            g_free(path);
        }
        g_ptr_array_unref(names);
    }
    g_free(prefix);
}

static mode_t umask_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

int kc_atomic_open(kc_atomic **out, const char *target, kc_error *err)
{
    kc_atomic *a = g_new0(kc_atomic, 1);
    char *base = g_path_get_basename(target);
    int rc = 0;

    a->fd = -1;
    a->slot = -1;
    a->target = g_strdup(target);
    a->dir = g_path_get_dirname(target);
    remove_stale(a->dir, base);
    guint32 space = kc_pid_space();
    a->tmp = space ? g_strdup_printf("%s/.%s.kc-%ld-%08x-XXXXXX", a->dir, base, (long)getpid(), space)
                   : g_strdup_printf("%s/.%s.kc-%ld-XXXXXX", a->dir, base, (long)getpid());
    if ((a->fd = mkstemp(a->tmp)) < 0) {
        rc = kc_error_set(err, KC_EIO, _("%s: cannot create a temporary file there: %s"), a->dir, g_strerror(errno));
        g_free(a->tmp);
        a->tmp = NULL;
        goto out;
    }
    a->slot = kc_interrupt_hold(a->tmp);
    /* Now, not only at the end: a writer that replaces the file by its own
     * (libzip) copies the mode it finds. */
    if (fchmod(a->fd, umask_mode()) != 0) {
        rc = kc_error_set(err, KC_EIO, _("%s: cannot write: %s"), a->target, g_strerror(errno));
        goto out;
    }
    *out = a;
    a = NULL;
out:
    kc_atomic_free(a);
    g_free(base);
    return rc;
}

FILE *kc_atomic_stream(kc_atomic *a)
{
    if (!a->stream && a->fd >= 0)
        a->stream = fdopen(a->fd, "w");
    return a->stream;
}

const char *kc_atomic_path(const kc_atomic *a)
{
    return a->tmp;
}

/* Closes what this writer holds open; false when buffered bytes could not
 * be written. */
static bool close_file(kc_atomic *a)
{
    bool ok = true;
    if (a->stream) {
        ok = !ferror(a->stream);
        ok = fclose(a->stream) == 0 && ok;
    } else if (a->fd >= 0) {
        ok = close(a->fd) == 0;
    }
    a->stream = NULL;
    a->fd = -1;
    return ok;
}

/* fsync through a new descriptor: the file may have been replaced by name
 * since it was made (libzip writes its own temporary file and renames it
 * over ours). */
static int sync_path(const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC);
    int rc = fd >= 0 && fsync(fd) == 0 ? 0 : -1;
    if (fd >= 0)
        close(fd);
    return rc;
}

int kc_rename_noreplace_at(int dirfd, const char *tmp, const char *target)
{
#ifdef RENAME_NOREPLACE
    if (renameat2(dirfd, tmp, dirfd, target, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS)
        return -1;
#endif
    /* File systems without RENAME_NOREPLACE: link() fails on an existing
     * name; those without links (FAT sticks) get a plain check. */
    if (linkat(dirfd, tmp, dirfd, target, 0) == 0)
        return unlinkat(dirfd, tmp, 0);
    if (errno == EEXIST)
        return -1;
    struct stat st;
    if (fstatat(dirfd, target, &st, AT_SYMLINK_NOFOLLOW) == 0) {
        errno = EEXIST;
        return -1;
    }
    return renameat(dirfd, tmp, dirfd, target);
}

/* rename() that never replaces an existing target when !replace. */
static int move_into_place(const char *tmp, const char *target, bool replace)
{
    return replace ? rename(tmp, target) : kc_rename_noreplace_at(AT_FDCWD, tmp, target);
}

int kc_atomic_commit(kc_atomic *a, bool replace, kc_error *err)
{
    if (!close_file(a) || chmod(a->tmp, umask_mode()) != 0 || sync_path(a->tmp, O_RDONLY) != 0)
        return kc_error_set(err, KC_EIO, _("%s: cannot write: %s"), a->target, g_strerror(errno));
    if (move_into_place(a->tmp, a->target, replace) != 0) {
        if (errno == EEXIST)
            return kc_error_set(err, KC_EINVAL, _("%s: %s"), a->target,
                                _("already exists (use --force to replace it)"));
        return kc_error_set(err, KC_EIO, _("%s: cannot write: %s"), a->target, g_strerror(errno));
    }
    a->committed = true;
    kc_interrupt_release(a->slot);
    a->slot = -1;
    sync_path(a->dir, O_RDONLY | O_DIRECTORY); /* best effort: some file systems refuse */
    return 0;
}

int kc_atomic_write(const char *target, const void *data, size_t len, kc_error *err)
{
    kc_atomic *a = NULL;
    int rc = kc_atomic_open(&a, target, err), e;
    if (rc == 0 && (e = kc_write_all(a->fd, data, len)) != 0)
        rc = kc_error_set(err, KC_EIO, _("%s: cannot write: %s"), target, g_strerror(e));
    if (rc == 0)
        rc = kc_atomic_commit(a, true, err);
    kc_atomic_free(a);
    return rc;
}

void kc_atomic_free(kc_atomic *a)
{
    if (!a)
        return;
    close_file(a);
    kc_interrupt_release(a->slot);
    if (a->tmp && !a->committed)
        unlink(a->tmp);
    g_free(a->target);
    g_free(a->dir);
    g_free(a->tmp);
    g_free(a);
}
