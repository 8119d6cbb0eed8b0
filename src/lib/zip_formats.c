/* zip_formats.c: whether the bytes of a zip laid out strictly (zip_layout.c)
 * are also another format's that a reader would take instead (rtzip17,
 * rtzip18): one table, a row per format, each with where its reader looks,
 * how it tells its own bytes, and what it would show.
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
 * GNU tar knows no other format: it reads any file from its first byte as
 * 512-byte headers, and the one test a header must pass is its checksum (the
 * octal number at 148, the sum of the header's bytes with that field counted
 * as spaces); fields it cannot read as numbers are complained of, and the
 * files unpacked all the same.  A dossier's first 512 bytes are the mimetype
 * entry, the next entry's local header and name, then its data: an evidence
 * file stored there (moved right after mimetype: the seal covers the files,
 * not their order) holds the checksum field and everything after it, so its
 * bytes choose what `tar -xf` writes (rtzip18).  libarchive's tar reader also
 * wants the mode at 100, where the second entry's name stands, to be octal,
 * and bids nothing.
 *
 * Nor does GNU tar give up on a first header that fails: it says "This does
 * not look like a tar archive", "Skipping to next header", and reads every
 * following 512-byte block as a header until one's checksum holds, then
 * unpacks from there (exit status 2, the files written all the same).  A block
 * inside a stored evidence file is the file's bytes alone, so every block of
 * the dossier is tested, not only the first (atkzip).
 *
 * Every other format libarchive or 7-Zip reads is known by its first bytes
 * (7z, RAR, CAB, cpio, an MS-DOS program's "MZ" and the self-extractors behind
 * it, the compressors), which in a dossier are the mimetype entry's local
 * header ("PK\3\4"), and 7-Zip opens a file whose first bytes are a zip's as
 * a zip, an image's descriptor or not; libarchive reads no UDF image (whose
 * descriptors, "BEA01", "NSR02", also start at sector 16). */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "zip_layout.h"

#define ISO_DESCRIPTOR ((uint64_t)16 * 2048) /* sector 16 of 2048 bytes */
#define TAR_BLOCK 512
#define TAR_CHKSUM 148 /* the checksum field: 8 bytes */

#define SCAN_CHUNK (128 * TAR_BLOCK) /* blocks read at once when every one is tested */

typedef struct other_format {
    uint64_t at;   /* the bytes its reader reads first */
    size_t len;
    bool every;    /* and every len bytes after them to the file's end (len divides SCAN_CHUNK) */
    size_t blame;  /* the byte of those whose entry is named: the one the attacker chose */
    bool (*is)(const unsigned char *p);
    const char *why; /* N_(): what that reader does with the file */
} other_format;

/* A volume descriptor: a type byte, "CD001", the version.  Any type is
 * refused (libarchive wants the primary one there, file(1) any): no dossier
 * holds the signature at that very offset but by design. */
static bool iso9660(const unsigned char *p)
{
    return memcmp(p + 1, "CD001", 5) == 0;
}

/* isspace() in the C locale, as GNU tar's from_header asks it of a field. */
static bool tar_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* The checksum field read as GNU tar's from_header reads it: one NUL
 * skipped first (a buggy old tar's overflow), then any white space (isspace:
 * tab, newline, vertical tab, form feed, carriage return too), octal digits,
 * and a NUL or white space after them, or the field's end; what follows that
 * is never read (review39: "\0" + digits, "\t" + digits, digits + " Z!" were
 * each GNU tar's header and the zip's).  -1 when it is no number. */
static long tar_field(const unsigned char *f)
{
    size_t i = f[0] == '\0';
    long want = 0;
    bool digits = false;

    while (i < 8 && tar_space(f[i]))
        i++;
    for (; i < 8 && f[i] >= '0' && f[i] <= '7'; i++, digits = true)
        want = want * 8 + (f[i] - '0');
    if (!digits || (i < 8 && f[i] != '\0' && !tar_space(f[i])))
        return -1;
    return want;
}

/* The size field (12 bytes at 124) as GNU tar's read_header reads it
 * (off_from_header: from_header with the GNU extensions, 0 to off_t's
 * maximum): one NUL skipped, white space, then octal digits; or '+'/'-' and
 * base-64 digits (tar 1.13.6-1.13.11's); or base-256 after a byte 0x80
 * (0xff is negative, never a size); then a NUL, white space or the field's
 * end.  A block whose checksum holds but whose size is none of these is
 * "not a header" to GNU tar, which skips on (list.c: read_header returns
 * HEADER_FAILURE): without this test about one compressed block in five
 * million passed as a header by its signed sum alone, and a scan of 300 MB
 * of photos refused an honest dossier as a tar polyglot. */
#define TAR_SIZE 124
#define TAR_SIZE_LEN 12
#define TAR_TYPE 156
static bool tar_size_read(const unsigned char *f)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *w = f + (f[0] == '\0'), *lim = f + TAR_SIZE_LEN;
    uint64_t value = 0;
    bool negative = false;

    for (;; w++) {
        if (w == lim)
            return false; /* blanks only */
        if (!tar_space(*w))
            break;
    }
    if (*w >= '0' && *w <= '7') {
        for (; w < lim && *w >= '0' && *w <= '7'; w++) /* 11 digits at most: no overflow */
            value = value * 8 + (uint64_t)(*w - '0');
    } else if (*w == '+' || *w == '-') {
        negative = *w++ == '-';
        for (const char *d; w < lim && *w && (d = strchr(b64, *w)) != NULL; w++) {
            if (value >> 58)
                return false; /* out of range */
            value = value << 6 | (uint64_t)(d - b64);
        }
    } else if (*w == 0x80) {
        for (w++; w < lim; w++) {
            if (value >> 56)
                return false; /* out of range */
            value = value << 8 | *w;
        }
    } else if (*w == 0xff) {
        return false; /* base-256 negative */
    }
    if (w < lim && *w && !tar_space(*w))
        return false;
    return negative ? value == 0 : value <= (uint64_t)INT64_MAX;
}

/* The checksum field (tar_field) against the header's sum with the field as
 * eight spaces, its bytes unsigned or signed (old tars summed signed chars),
 * and a size GNU tar reads (tar_size_read; a hard link's, type '1', is not
 * read). */
static bool tar_header(const unsigned char *p)
{
    long want = tar_field(p + TAR_CHKSUM), sum = 0, ssum = 0;

    if (want < 0)
        return false;
    for (size_t k = 0; k < TAR_BLOCK; k++) {
        unsigned char b = k >= TAR_CHKSUM && k < TAR_CHKSUM + 8 ? ' ' : p[k];
        sum += b;
        ssum += (signed char)b;
    }
    if (want != sum && want != ssum)
        return false;
    return p[TAR_TYPE] == '1' || tar_size_read(p + TAR_SIZE);
}

static const other_format formats[] = {
    {ISO_DESCRIPTOR, 6, false, 0, iso9660,
     N_("offset 32768 holds an ISO 9660 disc image's volume descriptor (\"CD001\"): bsdtar and other libarchive "
        "tools (GNOME's archive manager, Windows' tar.exe) read the file as that image and unpack its files, "
        "not the dossier's")},
    {0, TAR_BLOCK, false, TAR_CHKSUM, tar_header,
     N_("the first 512 bytes are a tar header whose checksum holds (the number at offset 148): GNU tar reads the "
        "file as a tar archive and unpacks the files its bytes describe, not the dossier's")},
    {TAR_BLOCK, TAR_BLOCK, true, TAR_CHKSUM, tar_header,
     N_("a 512-byte block of the file is a tar header whose checksum holds: GNU tar, which skips the blocks before "
        "it as bad headers, reads the file as a tar archive from there and unpacks the files its bytes describe, "
        "not the dossier's")},
};

static bool read_at(int fd, unsigned char *buf, size_t n, uint64_t at)
{
    size_t got = 0;
    while (got < n) {
        ssize_t k = pread(fd, buf + got, n - got, (off_t)(at + got));
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        got += (size_t)k;
    }
    return true;
}

/* Whether f's bytes stand at f->at, or, for a format tested at every len
 * bytes, at any such place to the file's end; *at is then the byte to blame.
 * Read SCAN_CHUNK bytes at a time: a dossier of 400 MB is 800,000 blocks. */
static bool found(const other_format *f, int fd, uint64_t size, uint64_t *at)
{
    unsigned char buf[SCAN_CHUNK];
    for (uint64_t from = f->at; from + f->len <= size; from += SCAN_CHUNK) {
        uint64_t n = !f->every ? f->len : size - from < SCAN_CHUNK ? size - from : SCAN_CHUNK;
        n -= n % f->len;
        if (!read_at(fd, buf, (size_t)n, from))
            return false;
        for (uint64_t k = 0; k < n; k += f->len)
            if (f->is(buf + k)) {
                *at = from + k + f->blame;
                return true;
            }
        if (!f->every)
            return false;
    }
    return false;
}

const char *kc_zl_other_format(int fd, uint64_t size, uint64_t *at)
{
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (found(&formats[i], fd, size, at))
            return _(formats[i].why);
    return NULL;
}
