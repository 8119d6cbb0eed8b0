/* zip_layout.c: the zip's structure read strictly, so that every tool reads
 * the same archive (see zip_layout.h for the rule and why).
 *
 * The file is read from its end: the end record must be the last 22 bytes
 * (no comment), preceded by the ZIP64 locator and record when there is one;
 * they give the central directory, which must end exactly where they start.
 * Then the local headers are walked from offset 0 in directory order: each
 * must start where the previous entry's data ends, agree with its directory
 * record, and the last entry's data must end where the directory starts.  So
 * no byte is left over for a second directory, a hidden entry or a shadow
 * copy, whichever end record or header another reader starts from.
 *
 * Reads go through one buffer (pread, 256 KiB), so many small entries cost a
 * few reads and a huge one costs nothing; memory is the entries and their
 * names, linear in what the directory holds. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "util.h"
#include "zip_fields_internal.h"
#include "zip_layout.h"

#define EOCD_LEN 22
#define LOC64_LEN 20
#define EOCD64_LEN 56
#define CDH_LEN 46
#define LFH_LEN 30
#define BUF_CAP ((size_t)256 << 10) /* more than a header with a 64 KiB name, extra and comment */
#define U32_MAX 0xffffffffu
#define GAP_SCAN ((uint64_t)1 << 20)

/* Flags the writer never sets and no reader agrees on: encryption (0),
 * a data descriptor after the data (3), strong encryption (6), a masked
 * local header (13). */
#define BAD_FLAGS ((1u << 0) | (1u << 3) | (1u << 6) | (1u << 13))
#define FLAG_DESCRIPTOR (1u << 3)
/* The flags a dossier may carry: the deflate options (1, 2) and UTF-8 (11).
 * Any other changes what some reader does: Python's zipfile refuses an entry
 * marked "compressed patched data" (5), unzip and 7-Zip read it. */
#define KNOWN_FLAGS ((1u << 1) | (1u << 2) | (1u << 11))
/* The highest "version needed to extract" the writer sets (4.5, ZIP64; 1.0
 * and 2.0 otherwise), the system byte 0: unzip 6 skips an entry that asks for
 * more ("need PK compat. v6.3") and asks about one that names VMS, while
 * Python, 7-Zip and bsdtar read it. */
#define VERSION_MAX 45u

typedef struct rd {
    int fd;
    uint64_t size;
    unsigned char *buf;
    uint64_t off;    /* file offset of buf[0] */
    size_t len;      /* bytes valid in buf */
    bool io_error;
    bool elsewhere;  /* a zip made by other tools (kc_zl_parse_elsewhere) */
    bool cut;        /* size ends at the end record, its comment left aside */
} rd;

/* n bytes of the file at off (n <= BUF_CAP), or NULL when the file holds
 * fewer or cannot be read (io_error says which). */
static const unsigned char *rd_at(rd *r, uint64_t off, size_t n)
{
    size_t want, got = 0;
    if (n > BUF_CAP || off > r->size || n > r->size - off)
        return NULL;
    if (r->len && off >= r->off && off - r->off <= r->len && n <= r->len - (off - r->off))
        return r->buf + (off - r->off);
    want = r->size - off < BUF_CAP ? (size_t)(r->size - off) : BUF_CAP;
    while (got < want) {
        ssize_t k = pread(r->fd, r->buf + got, want - got, (off_t)(off + got));
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            r->io_error = k < 0;
            break;
        }
        got += (size_t)k;
    }
    r->off = off;
    r->len = got;
    return got >= n ? r->buf : NULL;
}

static int refuse(kc_error *err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int refuse(kc_error *err, int code, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return kc_error_set(err, code, _("refused: %s"), msg);
}

static int short_read(rd *r, kc_error *err)
{
    if (r->io_error)
        return kc_error_set(err, KC_EIO, _("cannot be read: %s"), strerror(errno));
    return refuse(err, KC_EFORMAT, "%s", _("the archive is cut short: a header runs past the end of the file"));
}

/* ---- extra fields ------------------------------------------------------------ */

/* Refuses the entry called name for kc_zf_parse_extra's reason why. */
static int refuse_extra(kc_error *err, const char *name, const char *why, const extra *x)
{
    if (x->other)
        return refuse(err, KC_EFORMAT, _("%s: the entry carries an extra field (id 0x%04x) that a dossier never has: "
                                         "readers take a file type, attributes or a name from such fields, each its "
                                         "own way (bsdtar makes a link of a file whose 0x6c78 field says so)"),
                      name, (unsigned)x->other);
    return refuse(err, KC_EFORMAT, "%s: %s", name, why);
}

/* ---- the end records ---------------------------------------------------------- */

/* A file that begins as a zip does (a local header at offset 0; a dossier's
 * is its mimetype's) but has no end record was cut short: a copy to a USB
 * stick pulled out too soon, a download or a mail attachment that did not
 * finish, or a copy that left the file its size and zeros at its end.  The
 * archivist must read that the file is incomplete and that copying it again
 * is the fix, not that it is "no zip" (session 42); 0 when the file does not
 * begin as a zip (then it is none). */
static int cut_short(rd *r, kc_error *err)
{
    const unsigned char *h = rd_at(r, 0, 4);
    if (!h || memcmp(h, "PK\3\4", 4) != 0)
        return 0;
    uint64_t end = r->size, zeros = 0;
    while (end > 0 && zeros == r->size - end) { /* a window at a time, back from the end, while all zeros */
        uint64_t from = end > BUF_CAP ? end - BUF_CAP : 0;
        const unsigned char *t = rd_at(r, from, (size_t)(end - from));
        for (size_t k = t ? (size_t)(end - from) : 0; k > 0 && t[k - 1] == 0; k--)
            zeros++;
        end = from;
    }
    /* A few zeros end many a header or stored file: only a run no zip
     * stops on (a disk block's worth) is said to be where the copy stopped. */
    if (zeros >= 4096)
        return kc_error_set(err, KC_EFORMAT,
                            _("not a readable zip archive: it is cut short, its last %llu bytes zeros where a zip ends "
                              "with its end record, as a copy that did not finish leaves it; copy it again from where "
                              "it came (%llu bytes here)"),
                            (unsigned long long)zeros, (unsigned long long)r->size);
    return kc_error_set(err, KC_EFORMAT,
                        _("not a readable zip archive: it is cut short, ending before its end record, as a copy or a "
                          "download that did not finish leaves it; copy it again from where it came (%llu bytes here)"),
                        (unsigned long long)r->size);
}

/* Fewer bytes than an end record: empty (a copy that made the name and
 * nothing more), the first bytes of a zip, or something else. */
static int too_short(rd *r, kc_error *err)
{
    int rc;
    if (r->size == 0)
        return kc_error_set(err, KC_EFORMAT, "%s",
                            _("not a readable zip archive: the file is empty (0 bytes), as a copy that did not finish "
                              "may leave it; copy it again from where it came"));
    if ((rc = cut_short(r, err)) != 0)
        return rc;
    return kc_error_set(err, KC_EFORMAT, "%s", _("not a readable zip archive (too short)"));
}

/* Why the last bytes are not an end record: a comment or bytes after one, or
 * no end record at all (then it is not a zip, or one cut short). */
static int no_end_record(rd *r, kc_error *err)
{
    uint64_t from = r->size > 65535 + EOCD_LEN ? r->size - 65535 - EOCD_LEN : 0;
    const unsigned char *p = rd_at(r, from, (size_t)(r->size - from));
    for (size_t i = p ? (size_t)(r->size - from) - EOCD_LEN + 1 : 0; i-- > 0;)
        if (memcmp(p + i, "PK\5\6", 4) == 0) {
            uint64_t after = r->size - from - i - EOCD_LEN;
            if (after == 0)
                return refuse(err, KC_EFORMAT, "%s", _("the end record announces a comment that is not there"));
            if (le16(p + i + 20) == after)
                return refuse(err, KC_EFORMAT, _("the archive ends with a comment of %llu bytes after its end record (a dossier has none; a comment can hide a second archive)"),
                              (unsigned long long)after);
            return refuse(err, KC_EFORMAT, _("%llu bytes follow the zip's end record"), (unsigned long long)after);
        }
    if (r->io_error)
        return short_read(r, err);
    int rc = cut_short(r, err);
    return rc ? rc : kc_error_set(err, KC_EFORMAT, "%s", _("not a readable zip archive (no end record)"));
}

/* A zip made elsewhere may end with a comment (Windows tools and 7-Zip
 * write none, some others do): the end record is the last one whose comment
 * reaches exactly the end of the file, and the file is read as ending with
 * that record, the comment left aside. */
/* rtzip5: false when the comment holds another end record.  Python's
 * zipfile, unzip and bsdtar take the last end record they find, whatever its
 * comment length says: an evidence zip whose comment held a second directory
 * showed them another register (from a local header hidden in another
 * entry's data) than the one kiemchung read. */
static bool skip_comment(rd *r)
{
    uint64_t from = r->size > 65535 + EOCD_LEN ? r->size - 65535 - EOCD_LEN : 0;
    const unsigned char *p = r->size >= EOCD_LEN ? rd_at(r, from, (size_t)(r->size - from)) : NULL;
    bool later = false; /* an end record after the one taken */
    for (size_t i = p ? (size_t)(r->size - from) - EOCD_LEN + 1 : 0; i-- > 0;) {
        if (memcmp(p + i, "PK\5\6", 4) != 0)
            continue;
        if (le16(p + i + 20) == r->size - from - i - EOCD_LEN) {
            if (le16(p + i + 20)) {
                r->size = from + i + EOCD_LEN;
                r->len = 0;
                r->cut = true;
            }
            return !later;
        }
        later = true;
    }
    return true;
}

/* Whether the file's first n bytes are the n bytes after them: a part of a
 * copy, then the copy (a zip appended to another, an attack's second
 * directory, is not). */
static bool part_of_copy(rd *r, uint64_t n)
{
    enum { CHUNK = 64 << 10 };
    unsigned char *first = malloc(CHUNK);
    const unsigned char *then;
    bool same = first != NULL;
    for (uint64_t at = 0; same && at < n; at += CHUNK) {
        size_t k = n - at < CHUNK ? (size_t)(n - at) : CHUNK;
        const unsigned char *p = rd_at(r, at, k);
        if (!p) {
            same = false;
            break;
        }
        memcpy(first, p, k);
        same = (then = rd_at(r, n + at, k)) != NULL && memcmp(first, then, k) == 0;
    }
    free(first);
    return same;
}

/* The directory is not where the end record says.  When the record's
 * offsets hold for a zip starting `before` bytes into the file, and a local
 * bytes before it are its own first bytes, the file is the zip with a copy
 * or a part of one before it: a download resumed from the start after what
 * it had (the whole file appended to a part of it), or a dossier copied twice
 * into one file.  Other bytes before it (a self-extractor's program, another
 * dossier with this zip appended: an attack) are said as before.  The archivist
 * must read that, and that copying it again is the fix (session 42). */
static int misplaced(rd *r, uint64_t cd_end, uint64_t size, uint64_t offset, kc_error *err)
{
    if (size <= cd_end && offset <= cd_end - size) {
        uint64_t before = cd_end - size - offset;
        if (before > 0 && before <= r->size - before && part_of_copy(r, before))
            return refuse(err, KC_EFORMAT,
                          _("the zip starts %llu bytes into the file, after bytes of another copy or a part of one "
                            "(what a download resumed from the start after what it had, or two copies written into "
                            "one file, leave): copy it again from where it came"),
                          (unsigned long long)before);
    }
    return refuse(err, KC_EFORMAT, "%s", _("the central directory does not end where the end record starts"));
}

static int read_ends(rd *r, kc_zl *zl, uint64_t *count, uint64_t *cd_end, kc_error *err)
{
    const unsigned char *e, *l, *z;
    uint64_t entries, size, offset, loc, rec;

    if (r->elsewhere && !skip_comment(r))
        return refuse(err, KC_EFORMAT, "%s",
                      _("the archive's comment holds another end record: Python's zipfile, unzip and bsdtar read the "
                        "archive that record describes, not the one checked"));

    if (r->size < EOCD_LEN || !(e = rd_at(r, r->size - EOCD_LEN, EOCD_LEN)) || memcmp(e, "PK\5\6", 4) != 0 ||
        (le16(e + 20) != 0 && !r->cut))
        return r->size < EOCD_LEN ? too_short(r, err) : no_end_record(r, err);
    uint16_t disk = le16(e + 4), cd_disk = le16(e + 6), on_disk = le16(e + 8), total = le16(e + 10);
    uint32_t size32 = le32(e + 12), off32 = le32(e + 16);
    *cd_end = r->size - EOCD_LEN;
    entries = total;
    size = size32;
    offset = off32;
    /* The ZIP64 locator right before the end record: readers that know ZIP64
     * use it whatever the end record says, so its values must be the same. */
    if (r->size >= EOCD_LEN + LOC64_LEN && (l = rd_at(r, r->size - EOCD_LEN - LOC64_LEN, LOC64_LEN)) &&
        memcmp(l, "PK\6\7", 4) == 0) {
        loc = r->size - EOCD_LEN - LOC64_LEN;
        if (le32(l + 4) != 0 || le32(l + 16) > 1)
            return refuse(err, KC_EFORMAT, "%s", _("the archive claims to span several disks"));
        /* rtzip22: libarchive takes the ZIP64 records only from a locator
         * counting exactly one disk (Python's zipfile, and this parser
         * before, any count up to one): with 0 there, bsdtar found a sealed
         * dossier "damaged" and wrote nothing, and unzip, whose end record
         * said "see the ZIP64 record", wrote nothing either.  A zip made
         * elsewhere is unpacked by kiemchung itself, the files it holds the
         * same to every reader that reads it at all: let be. */
        if (le32(l + 16) != 1 && !r->elsewhere)
            return refuse(err, KC_EFORMAT, _("the ZIP64 locator counts %u disks, not 1 (as every writer counts "
                                             "them): bsdtar then finds the archive damaged and unzip may read "
                                             "none of it"),
                          (unsigned)le32(l + 16));
        rec = le64(l + 8);
        if (loc < EOCD64_LEN || rec != loc - EOCD64_LEN)
            return refuse(err, KC_EFORMAT, "%s", _("the ZIP64 end record is not right before its locator"));
        if (!(z = rd_at(r, rec, EOCD64_LEN)))
            return short_read(r, err);
        if (memcmp(z, "PK\6\6", 4) != 0 || le64(z + 4) != EOCD64_LEN - 12)
            return refuse(err, KC_EFORMAT, "%s", _("the ZIP64 end record is damaged or carries extra data"));
        if (le32(z + 16) != 0 || le32(z + 20) != 0 || le64(z + 24) != le64(z + 32))
            return refuse(err, KC_EFORMAT, "%s", _("the archive claims to span several disks"));
        entries = le64(z + 32);
        size = le64(z + 40);
        offset = le64(z + 48);
        if ((total != 0xffff && total != entries) || (on_disk != 0xffff && on_disk != entries) ||
            (size32 != U32_MAX && size32 != size) || (off32 != U32_MAX && off32 != offset) ||
            (disk != 0 && disk != 0xffff) || (cd_disk != 0 && cd_disk != 0xffff))
            return refuse(err, KC_EFORMAT, "%s", _("the end record and the ZIP64 end record disagree"));
        /* rtzip22: 7-Zip reports a "Headers Error" for an end record whose
         * count of entries and count on this disk differ, one 0xFFFF ("see
         * the ZIP64 record"), the other the count (writers put the same in
         * both; a zip made elsewhere, let be as above). */
        if (total != on_disk && !r->elsewhere)
            return refuse(err, KC_EFORMAT, _("the end record gives two entry counts (%u in all, %u on this disk): "
                                             "7-Zip reports a headers error"),
                          (unsigned)total, (unsigned)on_disk);
        *cd_end = rec;
        zl->zip64 = true;
    } else if (disk != 0 || cd_disk != 0 || on_disk != total) {
        return refuse(err, KC_EFORMAT, "%s", _("the archive claims to span several disks"));
    }
    if (offset > *cd_end || size != *cd_end - offset)
        return misplaced(r, *cd_end, size, offset, err);
    if (entries > size / CDH_LEN)
        return refuse(err, KC_EFORMAT, "%s", _("the end record counts more entries than the central directory holds"));
    zl->cd_offset = offset;
    zl->cd_size = size;
    *count = entries;
    return 0;
}

/* ---- the central directory ------------------------------------------------------ */

/* Every name goes into one arena that entries point into by offset, so the
 * memory of a hostile directory stays linear in its name bytes (issue 17);
 * a plain doubling buffer, like the PDF reader's arena, rather than a GArray
 * of per-name strings. */
static int add_name(kc_zl *zl, size_t *cap, size_t *used, const unsigned char *name, size_t len)
{
    if (*used + len + 1 > *cap) {
        size_t ncap = *cap ? *cap : 4096;
        while (*used + len + 1 > ncap)
            ncap *= 2;
        char *grown = realloc(zl->names, ncap);
        if (!grown)
            return KC_ENOMEM;
        zl->names = grown;
        *cap = ncap;
    }
    memcpy(zl->names + *used, name, len);
    zl->names[*used + len] = '\0';
    *used += len + 1;
    return 0;
}

static int check_name(const unsigned char *name, size_t len, kc_error *err)
{
    size_t depth = 1;
    if (len > KC_ZL_NAME_MAX)
        return refuse(err, KC_ELIMIT, _("an entry name is %zu bytes long, more than the limit of %d"), len,
                      KC_ZL_NAME_MAX);
    if (memchr(name, '\0', len))
        return refuse(err, KC_EFORMAT, "%s", _("an entry name contains a NUL byte (tools would cut the name there)"));
    for (size_t i = 0; i + 1 < len; i++)
        depth += name[i] == '/';
    if (depth > KC_ZL_DEPTH_MAX)
        return refuse(err, KC_ELIMIT, _("an entry name is %zu folders deep, more than the limit of %d"), depth,
                      KC_ZL_DEPTH_MAX);
    return 0;
}

static int read_directory(rd *r, kc_zl *zl, uint64_t count, uint64_t cd_end, kc_error *err)
{
    uint64_t pos = zl->cd_offset;
    size_t cap = 0, used = 0;
    int rc;

    if (count && !(zl->entries = calloc((size_t)count, sizeof *zl->entries)))
        return kc_error_oom(err);
    for (uint64_t i = 0; i < count; i++) {
        kc_zl_entry *e = &zl->entries[i];
        const unsigned char *h = pos <= cd_end && cd_end - pos >= CDH_LEN ? rd_at(r, pos, CDH_LEN) : NULL;
        const char *why;
        extra x;

        if (!h)
            return r->io_error ? short_read(r, err)
                               : refuse(err, KC_EFORMAT, "%s", _("the central directory is cut short"));
        if (memcmp(h, "PK\1\2", 4) != 0)
            return refuse(err, KC_EFORMAT, "%s", _("the central directory is damaged (a record without its signature)"));
        size_t nlen = le16(h + 28), xlen = le16(h + 30), clen = le16(h + 32);
        size_t rec = CDH_LEN + nlen + xlen + clen;
        if (cd_end - pos < rec)
            return refuse(err, KC_EFORMAT, "%s", _("the central directory is cut short"));
        if (!(h = rd_at(r, pos, rec)))
            return short_read(r, err);
        if ((rc = check_name(h + CDH_LEN, nlen, err)) != 0)
            return rc;
        e->made_by = le16(h + 4);
        e->version_needed = le16(h + 6);
        e->flags = le16(h + 8);
        e->method = le16(h + 10);
        e->dos_time = le32(h + 12);
        e->crc = le32(h + 16);
        e->comp_size = le32(h + 20);
        e->size = le32(h + 24);
        e->ext_attr = le32(h + 38);
        e->header_offset = le32(h + 42);
        e->name_len = (uint32_t)nlen;
        e->name = (const char *)(uintptr_t)used; /* an arena offset until the arena stops moving */
        if ((rc = add_name(zl, &cap, &used, h + CDH_LEN, nlen)) != 0)
            return kc_error_oom(err);
        const char *shown = zl->names + (uintptr_t)e->name;
        /* An entry's comment is shown beside it (zipinfo, 7-Zip, Python's
         * ZipInfo.comment) and covered by no manifest and no seal. */
        if (clen && !r->elsewhere)
            return refuse(err, KC_EFORMAT, _("%s: the entry carries a comment of %zu bytes, which zipinfo, 7-Zip and "
                                             "Python show beside it and no manifest or seal covers (a dossier has none)"),
                          shown, clen);
        if ((why = kc_zf_parse_extra(h + CDH_LEN + nlen, xlen, &x, r->elsewhere, h + CDH_LEN, nlen)))
            return refuse_extra(err, shown, why, &x);
        if ((why = kc_zf_central_zip64(&x, &e->size, &e->comp_size, &e->header_offset)))
            return refuse(err, KC_EFORMAT, "%s: %s", shown, why);
        if ((e->flags & FLAG_DESCRIPTOR) && !r->elsewhere)
            return refuse(err, KC_EFORMAT, _("%s: the entry has a data descriptor (its sizes come after its data, where readers disagree)"), shown);
        if (e->flags & BAD_FLAGS & ~(r->elsewhere ? FLAG_DESCRIPTOR : 0u))
            return refuse(err, KC_EFORMAT, _("%s: the entry is encrypted"), shown);
        if (e->flags & ~(KNOWN_FLAGS | (r->elsewhere ? FLAG_DESCRIPTOR : 0u)))
            return refuse(err, KC_EFORMAT, _("%s: the entry sets general-purpose flags a dossier never has (0x%04x): "
                                             "Python's zipfile refuses an entry marked \"compressed patched data\" "
                                             "(0x0020) that unzip and 7-Zip read"),
                          shown, (unsigned)(e->flags & ~KNOWN_FLAGS));
        if (e->method != 0 && e->method != 8)
            return refuse(err, KC_EFORMAT, _("%s: compression method %u (a dossier uses only stored and deflated entries)"),
                          shown, (unsigned)e->method);
        if (le16(h + 34) != 0)
            return refuse(err, KC_EFORMAT, "%s", _("the archive claims to span several disks"));
        /* Internal attributes: bit 0 says "text", and unzip -a (and -aa)
         * rewrites the line ends of such an entry as it writes it. */
        if (le16(h + 36) != 0 && !r->elsewhere)
            return refuse(err, KC_EFORMAT, _("%s: the entry's internal attributes (0x%04x) mark it as text: unzip -a "
                                             "rewrites its line ends, so another file than the one checked is written"),
                          shown, (unsigned)le16(h + 36));
        if ((e->version_needed & 0xffu) > (r->elsewhere ? 63u : VERSION_MAX) ||
            (!r->elsewhere && e->version_needed > VERSION_MAX))
            return refuse(err, KC_EFORMAT, _("%s: the entry says it needs version %u.%u of the zip format (system %u) "
                                             "to be extracted: unzip skips it (\"need PK compat.\") while other tools "
                                             "read it; a dossier needs 4.5 at most"),
                          shown, (e->version_needed & 0xffu) / 10, (e->version_needed & 0xffu) % 10,
                          (unsigned)(e->version_needed >> 8));
        if (e->method == 0 && e->comp_size != e->size)
            return refuse(err, KC_EFORMAT, _("%s: a stored entry whose two sizes differ"), shown);
        if (nlen && h[CDH_LEN + nlen - 1] == '/' && (e->size != 0 || e->comp_size != 0))
            return refuse(err, KC_EFORMAT, _("%s: a folder entry that carries %llu bytes of data"), shown,
                          (unsigned long long)e->comp_size);
        if ((why = kc_zf_attributes(e, nlen && h[CDH_LEN + nlen - 1] == '/', r->elsewhere)))
            return refuse(err, KC_EFORMAT, "%s: %s", shown, why);
        pos += rec;
        zl->n++;
    }
    if (pos != cd_end)
        return refuse(err, KC_EFORMAT, _("the central directory holds %llu bytes that belong to no entry"),
                      (unsigned long long)(cd_end - pos));
    for (size_t i = 0; i < zl->n; i++)
        zl->entries[i].name = zl->names + (uintptr_t)zl->entries[i].name;
    return 0;
}

static int parse(kc_zl *out, int fd, uint64_t file_size, bool elsewhere, kc_error *err);

/* ---- the local headers ----------------------------------------------------------- */

/* Bytes [from, to) belong to no entry: say what they look like. */
static int gap(rd *r, uint64_t from, uint64_t to, kc_error *err)
{
    uint64_t end = to - from > GAP_SCAN ? from + GAP_SCAN : to;
    bool directory = false;
    for (uint64_t at = from; at < end && !directory;) {
        size_t n = end - at > BUF_CAP ? BUF_CAP : (size_t)(end - at);
        const unsigned char *p = rd_at(r, at, n);
        for (size_t i = 0; p && i + 4 <= n && !directory; i++)
            directory = memcmp(p + i, "PK\1\2", 4) == 0 || memcmp(p + i, "PK\5\6", 4) == 0;
        at += n > 3 ? n - 3 : n;
        if (!p)
            break;
    }
    if (directory)
        return refuse(err, KC_EFORMAT, _("bytes %llu to %llu belong to no entry and hold a second central directory (an archive appended to another, which other tools would read instead)"),
                      (unsigned long long)from, (unsigned long long)to);
    return refuse(err, KC_EFORMAT, _("bytes %llu to %llu belong to no entry (hidden data)"),
                  (unsigned long long)from, (unsigned long long)to);
}

/* The data descriptor after entry e's data at *pos (optional signature,
 * CRC, then 4- or 8-byte sizes) must give the directory's values; *pos moves
 * past it.  The sizes are 8 bytes when the local header has a ZIP64 block
 * (APPNOTE 4.3.9.2: Python's zipfile and libarchive stream a small file so,
 * the directory needing no ZIP64), or when the sizes need them. */
static int read_descriptor(rd *r, kc_zl *zl, const kc_zl_entry *e, bool local_z64, uint64_t *pos, kc_error *err)
{
    bool wide = local_z64 || e->size >= U32_MAX || e->comp_size >= U32_MAX;
    size_t body = wide ? 20 : 12, n = 0;
    const unsigned char *d;
    if (zl->cd_offset - *pos >= 4 && (d = rd_at(r, *pos, 4)) && memcmp(d, "PK\7\10", 4) == 0)
        n = 4;
    if (zl->cd_offset - *pos < n + body || !(d = rd_at(r, *pos + n, body)))
        return refuse(err, KC_EFORMAT, _("%s: the data descriptor after the entry is cut short"), e->name);
    uint64_t csize = wide ? le64(d + 4) : le32(d + 4), usize = wide ? le64(d + 12) : le32(d + 8);
    if (le32(d) != e->crc || csize != e->comp_size || usize != e->size)
        return refuse(err, KC_EFORMAT, _("%s: the data descriptor and the directory give different sizes or CRC"),
                      e->name);
    *pos += n + body;
    return 0;
}

static int read_local(rd *r, kc_zl *zl, kc_error *err)
{
    uint64_t pos = 0;
    int rc;
    for (size_t i = 0; i < zl->n; i++) {
        kc_zl_entry *e = &zl->entries[i];
        const unsigned char *h;
        const char *why;
        extra x;

        if (e->header_offset > pos)
            return gap(r, pos, e->header_offset, err);
        if (e->header_offset < pos)
            return refuse(err, KC_EFORMAT, _("%s: the entry overlaps the one before it, or the directory lists entries out of order"), e->name);
        if (zl->cd_offset - pos < LFH_LEN)
            return refuse(err, KC_EFORMAT, _("%s: the local header runs into the central directory"), e->name);
        if (!(h = rd_at(r, pos, LFH_LEN)))
            return short_read(r, err);
        if (memcmp(h, "PK\3\4", 4) != 0)
            return refuse(err, KC_EFORMAT, _("%s: no local header where the directory says it starts"), e->name);
        uint16_t flags = le16(h + 6), method = le16(h + 8);
        uint32_t crc = le32(h + 14);
        uint64_t csize = le32(h + 18), usize = le32(h + 22);
        size_t nlen = le16(h + 26), xlen = le16(h + 28);
        if (zl->cd_offset - pos < LFH_LEN + nlen + xlen)
            return refuse(err, KC_EFORMAT, _("%s: the local header runs into the central directory"), e->name);
        if (!(h = rd_at(r, pos, LFH_LEN + nlen + xlen)))
            return short_read(r, err);
        if (nlen != e->name_len || memcmp(h + LFH_LEN, e->name, nlen) != 0)
            return refuse(err, KC_EFORMAT, _("%s: the local header gives the entry another name"), e->name);
        if ((why = kc_zf_parse_extra(h + LFH_LEN + nlen, xlen, &x, r->elsewhere, h + LFH_LEN, nlen)))
            return refuse_extra(err, e->name, why, &x);
        /* rtzip22: unzip, 7-Zip and libarchive read a local ZIP64 block's
         * values only for the sizes whose 32-bit field is 0xFFFFFFFF, in
         * order: with the compressed size alone so, they take the block's
         * first value (the size, APPNOTE 4.5.3) for it.  A deflated invoice
         * so written was an empty file to unzip and 7-Zip, and bsdtar
         * stopped there.  libzip, Python, 7-Zip and Info-ZIP mark both
         * sizes, or neither: a zip made elsewhere (a clerk's evidence, which
         * the desk files as kiemchung reads it) is held to that too. */
        if (x.z64 && csize == U32_MAX && usize != U32_MAX)
            return refuse(err, KC_EFORMAT, _("%s: the local header marks only its compressed size as held in its "
                                             "ZIP64 field, which holds the size first: unzip, 7-Zip and bsdtar "
                                             "read the size as the compressed size, and write another file or "
                                             "none"),
                          e->name);
        /* The local ZIP64 block holds both sizes (APPNOTE 4.5.3), and they
         * must be the directory's whichever field a reader takes. */
        /* A data descriptor (zips made elsewhere): the local header's CRC
         * and sizes are 0 or the directory's, and the descriptor after the
         * data must give the directory's (read below). */
        bool descriptor = r->elsewhere && (e->flags & FLAG_DESCRIPTOR);
        if (descriptor && (crc == 0 && csize == 0 && usize == 0 && !x.z64)) {
            crc = e->crc;
            csize = e->comp_size;
            usize = e->size;
        }
        if (x.z64 && descriptor && x.z64_len == 16 && le64(x.z64) == 0 && le64(x.z64 + 8) == 0) {
            usize = e->size;
            csize = e->comp_size;
            crc = crc == 0 ? e->crc : crc;
        } else if (x.z64) {
            if (x.z64_len != 16 || le64(x.z64) != e->size || le64(x.z64 + 8) != e->comp_size)
                return refuse(err, KC_EFORMAT, _("%s: the local header and the directory give different sizes"), e->name);
            if (usize == U32_MAX)
                usize = e->size;
            if (csize == U32_MAX)
                csize = e->comp_size;
        }
        /* libzip writes a ZIP64 entry's local header before it knows the
         * size (2.0 there, 4.5 in the directory): both within what every
         * reader extracts, which is what matters (unzip skips an entry that
         * asks for more, whichever header says so). */
        if (le16(h + 4) > VERSION_MAX && !r->elsewhere)
            return refuse(err, KC_EFORMAT, _("%s: the local header and the directory disagree (the version needed to extract)"), e->name);
        /* bsdtar shows the local header's date, unzip, 7-Zip and Python the
         * directory's: one file, two dates. */
        if (le32(h + 10) != e->dos_time && !r->elsewhere)
            return refuse(err, KC_EFORMAT, _("%s: the local header and the directory give different modification "
                                             "times (bsdtar shows one, unzip and 7-Zip the other)"), e->name);
        if (flags != e->flags || method != e->method || crc != e->crc)
            return refuse(err, KC_EFORMAT, _("%s: the local header and the directory disagree (flags, method or CRC)"), e->name);
        if (usize != e->size || csize != e->comp_size)
            return refuse(err, KC_EFORMAT, _("%s: the local header and the directory give different sizes"), e->name);
        e->data_offset = pos + LFH_LEN + nlen + xlen;
        if (e->comp_size > zl->cd_offset - e->data_offset)
            return refuse(err, KC_EFORMAT, _("%s: the entry's data runs into the central directory"), e->name);
        pos = e->data_offset + e->comp_size;
        if (descriptor && (rc = read_descriptor(r, zl, e, x.z64 != NULL, &pos, err)) != 0)
            return rc;
    }
    if (pos != zl->cd_offset)
        return gap(r, pos, zl->cd_offset, err);
    return 0;
}

int kc_zl_parse(kc_zl *out, int fd, uint64_t file_size, kc_error *err)
{
    return parse(out, fd, file_size, false, err);
}

int kc_zl_parse_elsewhere(kc_zl *out, int fd, uint64_t file_size, kc_error *err)
{
    return parse(out, fd, file_size, true, err);
}

/* rtzip17: the bytes another format's reader would take the archive for
 * (zip_formats.c), refused naming the entry they are in.  A zip made
 * elsewhere is unpacked by kiemchung itself, not handed on, so is let be. */
static int other_format(const kc_zl *zl, int fd, uint64_t size, kc_error *err)
{
    uint64_t at = 0;
    const char *why = kc_zl_other_format(fd, size, &at);
    for (size_t i = 0; why && i < zl->n; i++) {
        const kc_zl_entry *e = &zl->entries[i];
        if (at >= e->header_offset && at < e->data_offset + e->comp_size)
            return refuse(err, KC_EFORMAT, "%s: %s", e->name, why);
    }
    return why ? refuse(err, KC_EFORMAT, "%s", why) : 0;
}

static int parse(kc_zl *out, int fd, uint64_t file_size, bool elsewhere, kc_error *err)
{
    rd r = {fd, file_size, malloc(BUF_CAP), 0, 0, false, elsewhere, false};
    kc_zl zl = {0};
    uint64_t count = 0, cd_end = 0;
    int rc;

    if (!r.buf)
        return kc_error_oom(err);
    if ((rc = read_ends(&r, &zl, &count, &cd_end, err)) == 0 &&
        (rc = read_directory(&r, &zl, count, cd_end, err)) == 0 && (rc = read_local(&r, &zl, err)) == 0 &&
        !elsewhere)
        rc = other_format(&zl, fd, file_size, err);
    free(r.buf);
    if (rc != 0) {
        kc_zl_clear(&zl);
        return rc;
    }
    *out = zl;
    return 0;
}

void kc_zl_clear(kc_zl *zl)
{
    if (!zl)
        return;
    free(zl->entries);
    free(zl->names);
    memset(zl, 0, sizeof *zl);
}
