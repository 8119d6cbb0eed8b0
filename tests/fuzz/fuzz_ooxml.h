/* fuzz_ooxml.h: what the .xlsx and .docx fuzz targets share: the input as an
 * Office package.
 *
 * Mutating a zip mostly breaks its CRCs and never reaches the XML, so the
 * targets take the package's parts instead, NAME NUL CONTENT NUL ..., and
 * write them as a stored zip (tests/fixtures/make-ooxml-fixtures.py --seeds
 * writes seeds in that form).  An input that starts with "PK\3\4" is used as
 * the zip itself, so the zip layer is fuzzed too. */
#ifndef KC_FUZZ_OOXML_H
#define KC_FUZZ_OOXML_H

#include <string.h>
#include <zlib.h>

#include "fuzz.h"

#define FUZZ_MAX_PARTS 64

static inline void fuzz_le16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static inline void fuzz_le32(unsigned char *p, unsigned long v)
{
    fuzz_le16(p, (unsigned)(v & 0xFFFF));
    fuzz_le16(p + 2, (unsigned)(v >> 16));
}

static inline int fuzz_write(int fd, const void *p, size_t n)
{
    const unsigned char *b = p;
    while (n) {
        ssize_t k = write(fd, b, n);
        if (k <= 0)
            return -1;
        b += k;
        n -= (size_t)k;
    }
    return 0;
}

/* The package as a file descriptor (a memfd), or -1. */
static inline int fuzz_package(const uint8_t *data, size_t size)
{
    if (size >= 4 && memcmp(data, "PK\3\4", 4) == 0)
        return fuzz_memfd(data, size);
    int fd = memfd_create("kc-fuzz-ooxml", MFD_CLOEXEC);
    const uint8_t *name[FUZZ_MAX_PARTS], *body[FUZZ_MAX_PARTS];
    size_t nlen[FUZZ_MAX_PARTS], blen[FUZZ_MAX_PARTS], offs[FUZZ_MAX_PARTS], n = 0, pos = 0, at = 0;
    unsigned long crc[FUZZ_MAX_PARTS];
    if (fd < 0)
        return -1;
    while (pos < size && n < FUZZ_MAX_PARTS) {
        const uint8_t *z = memchr(data + pos, 0, size - pos);
        if (!z)
            break;
        name[n] = data + pos;
        nlen[n] = (size_t)(z - (data + pos));
        pos = (size_t)(z - data) + 1;
        z = pos < size ? memchr(data + pos, 0, size - pos) : NULL;
        body[n] = data + pos;
        blen[n] = z ? (size_t)(z - (data + pos)) : size - pos;
        pos += blen[n] + 1;
        if (nlen[n] == 0 || nlen[n] > 255)
            continue;
        crc[n] = crc32(0L, body[n], (uInt)blen[n]);
        n++;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char h[30] = {0x50, 0x4B, 3, 4, 20, 0, 0, 8, 0, 0, 0, 0, 0x21, 0};
        fuzz_le32(h + 14, crc[i]);
        fuzz_le32(h + 18, blen[i]);
        fuzz_le32(h + 22, blen[i]);
        fuzz_le16(h + 26, (unsigned)nlen[i]);
        offs[i] = at;
        if (fuzz_write(fd, h, 30) || fuzz_write(fd, name[i], nlen[i]) || fuzz_write(fd, body[i], blen[i]))
            goto fail;
        at += 30 + nlen[i] + blen[i];
    }
    size_t cd = at;
    for (size_t i = 0; i < n; i++) {
        unsigned char h[46] = {0x50, 0x4B, 1, 2, 20, 0, 20, 0, 0, 8, 0, 0, 0, 0, 0x21, 0};
        fuzz_le32(h + 16, crc[i]);
        fuzz_le32(h + 20, blen[i]);
        fuzz_le32(h + 24, blen[i]);
        fuzz_le16(h + 28, (unsigned)nlen[i]);
        fuzz_le32(h + 42, offs[i]);
        if (fuzz_write(fd, h, 46) || fuzz_write(fd, name[i], nlen[i]))
            goto fail;
        at += 46 + nlen[i];
    }
    unsigned char e[22] = {0x50, 0x4B, 5, 6};
    fuzz_le16(e + 8, (unsigned)n);
    fuzz_le16(e + 10, (unsigned)n);
    fuzz_le32(e + 12, at - cd);
    fuzz_le32(e + 16, cd);
    if (fuzz_write(fd, e, 22))
        goto fail;
    return fd;
fail:
    close(fd);
    return -1;
}

#endif
