/* zip_fields.c: what an entry's extra fields and attributes say, and why a
 * reader would take the entry for another file than its name (the rules are
 * zip_layout.c's; this file reads the bytes of one record at a time). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "i18n.h"
#include "zip_fields_internal.h"

#define U32_MAX 0xffffffffu

/* ---- extra fields ------------------------------------------------------------ */

/* The blocks must cover the field exactly; at most one ZIP64 block; no
 * Info-ZIP Unicode path or comment, which unzip and 7-Zip show instead of
 * the name that was checked; and nothing else, which the writer never makes
 * and each reader reads its own way (libarchive takes a file type and
 * attributes from an "xl" block, 0x6c78, of the local header: bsdtar made
 * an invoice a link to another one). */
const char *kc_zf_parse_extra(const unsigned char *p, size_t len, extra *x, bool elsewhere, const unsigned char *name,
                               size_t nlen)
{
    size_t i = 0;
    x->z64 = NULL;
    x->z64_len = 0;
    x->other = 0;
    while (i < len) {
        uint16_t id, n;
        if (len - i < 4)
            return _("an extra field is cut short");
        id = le16(p + i);
        n = le16(p + i + 2);
        if (n > len - i - 4)
            return _("an extra field is cut short");
        if (id == 0x0001) {
            if (x->z64)
                return _("an entry has two ZIP64 fields");
            x->z64 = p + i + 4;
            x->z64_len = n;
        } else if (elsewhere && id == 0x7075 && (n < 5 || p[i + 4] != 1 || (size_t)n - 5 != nlen ||
                                                 memcmp(p + i + 9, name, nlen) != 0)) {
            /* rtzip5: unzip, 7-Zip and bsdtar name the file by this field
             * (Python and kiemchung by the header): an evidence zip whose
             * "so-di.csv" was another file to each. */
            return _("an entry carries a Unicode name that is not its header's name: unzip, 7-Zip and bsdtar "
                     "would write it under that other name");
        } else if (elsewhere) {
            /* time stamps, NTFS and Unix attributes, a Unicode name that is
             * the header's: the entry is read by its name and mode alone */
        } else if (id == 0x7075 || id == 0x6375) {
            return _("an entry carries a second, Unicode name (other tools would show that name, not the one checked)");
        } else {
            x->other = id;
            return ""; /* refuse_extra says which */
        }
        i += 4 + (size_t)n;
    }
    return NULL;
}

/* A directory record's 64-bit values: each 32-bit field that is 0xffffffff
 * is in the ZIP64 block, in the order of the specification, and the block
 * holds exactly those. */
const char *kc_zf_central_zip64(const extra *x, uint64_t *usize, uint64_t *csize, uint64_t *offset)
{
    uint64_t *want[3] = {usize, csize, offset};
    size_t need = 0, at = 0;
    for (int k = 0; k < 3; k++)
        need += *want[k] == U32_MAX ? 8 : 0;
    if (!x->z64)
        return need ? _("a size or offset says \"see the ZIP64 field\", and there is none") : NULL;
    if (x->z64_len != need)
        return _("a ZIP64 field holds other values than the ones its record leaves out");
    for (int k = 0; k < 3; k++)
        if (*want[k] == U32_MAX) {
            *want[k] = le64(x->z64 + at);
            at += 8;
        }
    return NULL;
}

/* ---- what the entry is ---------------------------------------------------------- */

#define UNIX_HOST 3
#define UNIX_TYPE 0170000u
#define UNIX_DIR 0040000u
#define DOS_KEPT 0x21u   /* read-only and archive: no reader makes another kind of file of them */
#define DOS_DIR 0x10u

/* Why readers would take entry e for another kind of file than its name says
 * (a folder or a link where a file was checked), or NULL.  Which bits they
 * read depends on the system the entry says made it: unzip takes a link's
 * mode from a VMS, Atari, BeOS or AtheOS entry, 7-Zip from a DOS one, and
 * 7-Zip and bsdtar make a folder of a DOS entry with the folder attribute;
 * unzip also reads a DOS entry's name in the DOS code page, whatever its
 * UTF-8 flag.  The writer makes Unix entries only (libzip's default on every
 * system), a file's mode a regular file's and no DOS attribute, so anything
 * else is refused; a Unix link or device is the vetting's (zip_read.c). */
const char *kc_zf_attributes(const kc_zl_entry *e, bool dir, bool elsewhere)
{
    uint32_t unix_type = (e->ext_attr >> 16) & UNIX_TYPE, dos = e->ext_attr & 0xffffu;
    /* A zip made elsewhere (Windows Explorer, 7-Zip, macOS) is read by its
     * names: a file is a file unless its name ends with '/'; only the folder
     * attribute on a file's name, which 7-Zip and bsdtar make a folder of,
     * and a Unix link or device (the vetting's) are refused. */
    if (elsewhere) {
        bool unix_host = (e->made_by >> 8) == UNIX_HOST;
        if (!dir && ((unix_host && unix_type == UNIX_DIR) || (!unix_host && (dos & DOS_DIR))))
            return _("the entry's attributes say it is a folder, its name a file");
        return NULL;
    }
    if ((e->made_by >> 8) != UNIX_HOST)
        return _("the entry says another system than Unix made it: unzip, 7-Zip and bsdtar then read its "
                 "attributes and its name by that system's rules (a link, a folder, another code page), "
                 "not as checked");
    if (!dir && unix_type == UNIX_DIR)
        return _("the entry's mode says it is a folder, its name a file: 7-Zip and bsdtar make an empty folder "
                 "of it");
    if (dos & ~(DOS_KEPT | (dir ? DOS_DIR : 0)))
        return _("the entry's DOS attributes make it a folder, a hidden or system file or a volume label to "
                 "Windows tools");
    return NULL;
}
