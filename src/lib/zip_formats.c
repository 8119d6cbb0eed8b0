/* zip_formats.c: whether the bytes of a zip laid out strictly (zip_layout.c)
 * are also another format's that a reader would take instead (rtzip17).
 *
 * Readers built on libarchive (bsdtar, GNOME's archive manager, Windows'
 * tar.exe) do not open a file by its extension: every format they know bids
 * on its bytes and the highest bid reads it.  A zip bids 30 or 32; an ISO 9660
 * disc image 48, on the volume descriptor at offset 32768 (sector 16; the 32
 * KiB before it are the image's "system area", which no reader looks at).  So
 * an evidence file stored across that offset, its bytes there an image's
 * sectors from 16 on, makes a dossier that checks sound, seal and all, and
 * that bsdtar lists and unpacks as the disc image: other files (the September
 * invoice with the October invoice's bytes), no mimetype, no seal.  file(1)
 * reads the same signature, and calls the dossier a disc image.
 *
 * Every other format libarchive reads is known by its first bytes, which in a
 * dossier are the mimetype entry's local header ("PK\3\4"): tar would need
 * octal digits where that header and the next entry's name stand, uuencoded
 * text a first line of plain ASCII.  Only the image's signature can sit in
 * the middle of an entry's data. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "zip_layout.h"

#define ISO_DESCRIPTOR ((uint64_t)16 * 2048) /* sector 16 of 2048 bytes */

const char *kc_zl_other_format(int fd, uint64_t size, uint64_t *at)
{
    /* A volume descriptor: a type byte, "CD001", the version.  Any type is
     * refused (libarchive wants the primary one there, file(1) any): no
     * dossier holds the signature at that very offset but by design. */
    unsigned char vd[6];
    ssize_t got = 0;
    if (size < ISO_DESCRIPTOR + sizeof vd)
        return NULL;
    do
        got = pread(fd, vd, sizeof vd, (off_t)ISO_DESCRIPTOR);
    while (got < 0 && errno == EINTR);
    if (got != (ssize_t)sizeof vd || memcmp(vd + 1, "CD001", 5) != 0)
        return NULL;
    *at = ISO_DESCRIPTOR;
    return _("offset 32768 holds an ISO 9660 disc image's volume descriptor (\"CD001\"): bsdtar and other libarchive "
             "tools (GNOME's archive manager, Windows' tar.exe) read the file as that image and unpack its files, "
             "not the dossier's");
}
