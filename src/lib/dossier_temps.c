/* dossier_temps.c: the temporary files `extract` writes each entry under
 * (renamed to the entry's name once every file is whole, rtzip18-20), their
 * names, and whether one found in a folder is a dead run's, to be removed,
 * or may be a running one's, to be left.
 *
 * A name says whose it is: ".kc-extract-PID-SPACE-XXXXXXXX", SPACE eight hex
 * digits naming where PID means something, the kernel's boot (its boot_id,
 * which every container of it shares and another machine does not) and the
 * PID namespace (the inode of /proc/self/ns/pid).  A process number alone
 * (".kc-extract-PID-XXXXXXXX", as kiemchung wrote it before session 42) says
 * nothing in another container or on another machine sharing the folder: an
 * extract in a container, its number free there, removed the temporaries of
 * one running on the host, which then failed at its renames (tried: unshare
 * -pf).  Now a temporary of another SPACE is left and refused, unless it was
 * last written before this system started (kc_temp_writer: a reboot ended
 * its writer). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dossier_model.h"
#include "util.h"

/* Short whatever the entry's name, so it fits where the entry's own name
 * fits; an entry is written under it and renamed when whole and matching the
 * check's digest, so a file under the entry's name is never a half one, even
 * after a SIGKILL or a power cut (rtzip18: a 400 MB photo cut at 134 MB stayed
 * under its own name). */
int kc_extract_temp_open(int parent, char **tmp)
{
    guint32 space = kc_pid_space();
    for (int tries = 0; tries < 64; tries++) {
        *tmp = space ? g_strdup_printf(KC_EXTRACT_TEMP_PREFIX "%ld-%08x-%08x", (long)getpid(), space, g_random_int())
                     : g_strdup_printf(KC_EXTRACT_TEMP_PREFIX "%ld-%08x", (long)getpid(), g_random_int());
        int fd = openat(parent, *tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd >= 0)
            return fd;
        int saved = errno;
        g_free(*tmp);
        *tmp = NULL;
        if (saved != EEXIST) {
            errno = saved;
            return -1;
        }
    }
    errno = EEXIST;
    return -1;
}

/* Whether p starts with eight hex digits. */
static bool hex8(const char *p)
{
    for (int k = 0; k < 8; k++)
        if (!g_ascii_isxdigit(p[k]))
            return false;
    return true;
}

kc_temp_whose kc_extract_temp_judge(const char *name, const struct stat *st, long *pid)
{
    bool gone = false;
    const char *dash;
    int64_t mtime = (int64_t)st->st_mtime;
    /* mtime -1: whether the process is gone, asked of the number alone;
     * the boot time is asked below only where it can tell something. */
    if (!S_ISREG(st->st_mode) || st->st_uid != geteuid() ||
        !(*pid = kc_temp_writer(name, KC_EXTRACT_TEMP_PREFIX, -1, &gone)) ||
        !(dash = strchr(name + strlen(KC_EXTRACT_TEMP_PREFIX), '-')) || !hex8(dash + 1))
        return KC_TEMP_NOT_OURS;
    if (dash[9] == '\0') /* PID-XXXXXXXX: a number alone, as before */
        return gone || kc_before_boot(mtime) ? KC_TEMP_GONE : KC_TEMP_LIVE;
    if (dash[9] != '-' || !hex8(dash + 10) || dash[18] != '\0')
        return KC_TEMP_NOT_OURS;
    guint32 space = (guint32)strtoul(dash + 1, NULL, 16);
    /* This boot and PID namespace (the boot id is in SPACE): the number is
     * asked, and only the number.  A file of this boot cannot have been
     * written before it; an mtime that says so is a clock's, not a reboot's
     * (a network disk stamps with its server's clock: one ten minutes behind,
     * five minutes after the boot, made a running extract's temporaries look
     * a dead run's, and the next extract removed them; review42). */
    if (space == kc_pid_space())
        return gone ? KC_TEMP_GONE : KC_TEMP_LIVE;
    /* Another boot, container or machine: its number cannot be asked here;
     * only "written before this system started" tells it is over. */
    return kc_before_boot((int64_t)st->st_mtime) ? KC_TEMP_GONE : KC_TEMP_ELSEWHERE;
}
