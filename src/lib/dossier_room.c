/* dossier_room.c: `extract` and the disk it writes to: room for the dossier
 * looked at before the first byte, and a write that fails for want of it said
 * as such.
 *
 * A full disk (ENOSPC) or a used-up quota (EDQUOT) was reported as any write
 * failure, "cannot write: No space left on device [corrupt]": the archivist
 * read that the dossier was damaged, and would ask the commune for another
 * copy of a sound dossier (session 42).  The fix is on the archivist's side:
 * free space, or unpack onto another disk.  So the free space is compared
 * with what the dossier's files take before anything is written, and a
 * write, a sync or a rename that still fails so (the space taken meanwhile,
 * a file system's own overhead) is said the same way, with its own code.
 * A FAT32 disk's 4 GiB a file is looked at before the first byte too, by
 * extract for each file and by ingest for the dossier (session 44). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "dossier_model.h"
#include "i18n.h"
#include "kiemchung/ratios.h"
#include "zipio.h"

const char *kc_extract_write_code(int errnum)
{
    if (errnum == ENOSPC || errnum == EDQUOT)
        return "disk-full";
    return errnum == EFBIG ? "too-large" : "cannot-write";
}

void kc_extract_write_problem(kc_check *res, const char *name, int errnum, uint64_t need)
{
    char msg[700], size[64];
    kc_size_format_local(need, size, sizeof size);
    if (errnum == EFBIG) /* a FAT32 stick's 4 GiB, or ulimit -f */
        snprintf(msg, sizeof msg,
                 _("not extracted: the file is larger than the disk or this process may write (%s): a FAT32 disk, "
                   "as USB sticks often are, holds no file over 4 GiB; unpack it onto an NTFS, exFAT or ext4 disk "
                   "(or raise the file size limit, ulimit -f), and run extract again"),
                 g_strerror(errnum));
    else if (errnum == ENOSPC || errnum == EDQUOT)
        snprintf(msg, sizeof msg,
                 _("not extracted: the disk is full (%s): the dossier's files take %s and a little more on the "
                   "disk; free space there, or unpack it onto another disk, and run extract again"),
                 g_strerror(errnum), size);
    else if (errnum == EROFS)
        snprintf(msg, sizeof msg,
                 _("not extracted: the disk is read-only (%s): a write-protected USB stick, a disc or a share "
                   "given to read; unpack it onto another disk"),
                 g_strerror(errnum));
    else if (errnum == EACCES || errnum == EPERM)
        snprintf(msg, sizeof msg,
                 _("not extracted: this user may not write in that folder (%s): unpack it into a folder of your "
                   "own"),
                 g_strerror(errnum));
    else if (errnum == ENOENT)
        snprintf(msg, sizeof msg,
                 _("not extracted: a file this run was writing was removed meanwhile (%s), by another program "
                   "writing in the folder: unpack it into a new folder"),
                 g_strerror(errnum));
    else
        snprintf(msg, sizeof msg, _("not extracted: cannot write: %s (the folder or its disk refused it, not the "
                                    "dossier)"),
                 g_strerror(errnum));
    kc_check_add_internal(res, name, kc_extract_write_code(errnum), msg);
}

uint64_t kc_extract_free_bytes(const struct statvfs *vfs, bool privileged)
{
    /* What this process may take: f_bavail leaves out the blocks ext4 keeps
     * for root (5% by default), which root's writes may use; run as root on
     * a disk whose free space was only those, extract refused a dossier it
     * had room for ([disk-full], review42's reading; lead43). */
    return (uint64_t)(privileged ? vfs->f_bfree : vfs->f_bavail) * vfs->f_frsize;
}

bool kc_extract_room(int dirfd, const char *dir, uint64_t need, kc_check *res)
{
    struct statvfs vfs;
    /* A file system that says nothing of its space (no blocks: some network
     * and FUSE ones) is let be; the writes will tell. */
    if (fstatvfs(dirfd, &vfs) != 0 || vfs.f_blocks == 0 || vfs.f_frsize == 0)
        return true;
    /* The files' bytes alone are compared (a file takes a little more: its
     * last block, its inode), so "no room" is said only where there is surely
     * none; the writes tell of the rest. */
    uint64_t avail = kc_extract_free_bytes(&vfs, geteuid() == 0);
    if (avail >= need)
        return true;
    /* The sizes in the language of the messages ("102,4 kB" in Vietnamese), as
     * check and list write them: g_format_size alone wrote "102.4 kB" beside
     * Vietnamese words (newcomer42).  What the files take counts the tag
     * files too, more than check's "8 files (401,9 kB)" of evidence: said. */
    char msg[800], want[64], have[64];
    kc_size_format_local(need, want, sizeof want);
    kc_size_format_local(avail, have, sizeof have);
    snprintf(msg, sizeof msg,
             _("not extracted: the disk holding %s has %s free and the dossier's files take %s (the evidence "
               "with its manifests and pages); free space there, or unpack it onto another disk, and run extract "
               "again"),
             dir, have, want);
    kc_check_add_internal(res, "", "disk-full", msg);
    return false;
}

/* FAT (msdos and vfat alike: MSDOS_SUPER_MAGIC of <linux/magic.h>) keeps a
 * file's size in 32 bits; the kernel's driver refuses a byte past 4 GiB - 1
 * with EFBIG.  exFAT, NTFS (ntfs3, or ntfs-3g through FUSE), ext4 and the
 * others hold any file a dossier may. */
#define FAT_SUPER_MAGIC 0x4d44

uint64_t kc_extract_file_max(long f_type)
{
    return f_type == FAT_SUPER_MAGIC ? UINT32_MAX : UINT64_MAX;
}

/* rtzip, session 44: a FAT32 USB stick, the way many districts carry
 * dossiers, holds no file over 4 GiB.  Only the write said so, when it
 * reached 4 GiB: minutes into the largest video, every file before it
 * written and taken back again.  Now each file over what the disk holds is
 * named before the first byte, with what to do (as for the free space). */
bool kc_extract_files_fit(int dirfd, const char *dir, kc_zr *zr, kc_check *res)
{
    struct statfs fs;
    if (fstatfs(dirfd, &fs) != 0)
        return true; /* the writes will tell */
    uint64_t max = kc_extract_file_max((long)fs.f_type);
    bool fit = true;
    for (size_t i = 0; i < kc_zr_count(zr); i++) {
        const kc_zr_entry *e = kc_zr_get(zr, i);
        if (e->is_dir || e->size <= max)
            continue;
        char msg[800], size[64];
        kc_size_format_local(e->size, size, sizeof size);
        snprintf(msg, sizeof msg,
                 _("not extracted: the file takes %s, and the disk holding %s is FAT32 (as USB sticks often are), "
                   "which holds no file over 4 GiB; unpack it onto an NTFS, exFAT or ext4 disk, and run extract "
                   "again"),
                 size, dir);
        kc_check_add_internal(res, e->name, "too-large", msg);
        fit = false;
    }
    return fit;
}

/* ingest writes the dossier as one file, which holds at least its stored
 * entries' bytes (the evidence PDFs and images; text is deflated): onto a
 * FAT32 disk a dossier of more than 4 GiB failed when the write reached it
 * (atkzip2: nothing left behind, but after minutes of writing).  Said before
 * the first byte now; a dossier that nears 4 GiB only by its deflated text is
 * still told by the write. */
int kc_ingest_room(const char *path, uint64_t least, kc_error *err)
{
    char *dir = g_path_get_dirname(path);
    struct statfs fs;
    int rc = 0;
    if (statfs(dir, &fs) == 0 && least > kc_extract_file_max((long)fs.f_type)) {
        char size[64];
        kc_size_format_local(least, size, sizeof size);
        rc = kc_error_set(err, KC_EIO,
                          _("%s: the dossier takes at least %s, and the disk holding %s is FAT32 (as USB sticks often "
                            "are), which holds no file over 4 GiB; write it onto an NTFS, exFAT or ext4 disk"),
                          path, size, dir);
    }
    g_free(dir);
    return rc;
}
