/* zip_stream.c: reading one entry of an archive zip_read.c opened: its
 * stored or deflated bytes taken from where the layout parser (zip_layout.c)
 * found them, inflated with zlib, the limits enforced on the bytes actually
 * inflated (a header may lie about the size) and the CRC checked at the end;
 * and the whole-entry helpers built on that (read into memory, SHA-256). */
#include <errno.h>
#include <glib.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "i18n.h"
#include "util.h"
#include "zip_layout.h"
#include "zip_read_internal.h"
#include "zipio.h"

#define IN_CHUNK ((size_t)64 << 10)

struct kc_zr_file {
    kc_zr *zr;
    const kc_zr_entry *e;
    const kc_zl_entry *z;
    kc_zip_limits lim;
    uint64_t got;            /* bytes handed out */
    uint64_t read_in;        /* compressed bytes taken from the file */
    uint32_t crc;
    bool inflating, stream_end;
    z_stream zs;
    unsigned char *in;
};

int kc_zr_fopen(kc_zr_file **out, kc_zr *zr, size_t i, const kc_zip_limits *lim, kc_error *err)
{
    kc_zr_file *f = NULL;
    if (!zr || i >= zr->n)
        return kc_error_set(err, KC_EINVAL, "%s", _("no such entry"));
    if (!(f = calloc(1, sizeof *f)))
        return kc_error_oom(err);
    f->zr = zr;
    f->e = &zr->entries[i];
    f->z = &zr->zl.entries[i];
    f->crc = (uint32_t)crc32(0L, Z_NULL, 0);
    kc_zip_limits_resolve(&f->lim, lim);
    if (f->z->method == 8) {
        /* Raw deflate (no zlib header), as zip stores it. */
        if (!(f->in = malloc(IN_CHUNK)) || inflateInit2(&f->zs, -MAX_WBITS) != Z_OK) {
            free(f->in);
            free(f);
            return kc_error_oom(err);
        }
        f->inflating = true;
    }
    *out = f;
    return 0;
}

static int64_t corrupt(kc_zr_file *f, const char *why, kc_error *err)
{
    return kc_error_set(err, KC_EFORMAT, _("%s: %s"), f->e->name, why);
}

static int64_t io_fail(kc_zr_file *f, kc_error *err)
{
    if (errno == 0)
        return corrupt(f, _("the archive is shorter than its directory says"), err);
    return kc_error_set(err, KC_EIO, _("%s: %s"), f->e->name, strerror(errno));
}

static int64_t pread_full(int fd, void *buf, size_t n, uint64_t off)
{
    size_t got = 0;
    errno = 0;
    while (got < n) {
        ssize_t k = pread(fd, (char *)buf + got, n - got, (off_t)(off + got));
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        got += (size_t)k;
    }
    return (int64_t)got;
}

/* Up to n inflated bytes into buf; 0 at the end of the stream. */
static int64_t inflate_some(kc_zr_file *f, void *buf, size_t n, kc_error *err)
{
    f->zs.next_out = buf;
    f->zs.avail_out = (uInt)n;
    while (f->zs.avail_out == n && !f->stream_end) {
        if (f->zs.avail_in == 0 && f->read_in < f->z->comp_size) {
            size_t k = f->z->comp_size - f->read_in < IN_CHUNK ? (size_t)(f->z->comp_size - f->read_in) : IN_CHUNK;
            if (pread_full(f->zr->fd, f->in, k, f->z->data_offset + f->read_in) < 0)
                return io_fail(f, err);
            f->read_in += k;
            f->zs.next_in = f->in;
            f->zs.avail_in = (uInt)k;
        }
        int ret = inflate(&f->zs, Z_NO_FLUSH);
        if (ret == Z_STREAM_END) {
            f->stream_end = true;
            /* Bytes after the end of the deflate stream: data no reader shows. */
            if (f->zs.avail_in != 0 || f->read_in != f->z->comp_size)
                return corrupt(f, _("the data is corrupt (bytes after the end of the compressed stream)"), err);
        } else if (ret == Z_BUF_ERROR && f->zs.avail_in == 0 && f->read_in == f->z->comp_size) {
            return corrupt(f, _("the data is corrupt (the compressed stream is cut short)"), err);
        } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
            return corrupt(f, _("the data is corrupt (not a valid deflate stream)"), err);
        }
    }
    return (int64_t)(n - f->zs.avail_out);
}

int64_t kc_zr_fread(kc_zr_file *f, void *buf, size_t n, kc_error *err)
{
    int64_t got;
    uint64_t left = f->e->size - f->got;
    /* Ask for at most one byte past the declared size: enough to catch a
     * liar, never a bomb's worth. */
    if (n > left + 1)
        n = (size_t)(left + 1);
    if (n > ((size_t)1 << 30))
        n = (size_t)1 << 30;
    if (f->inflating) {
        got = inflate_some(f, buf, n, err);
    } else {
        if (n > left)
            n = (size_t)left;
        got = n && pread_full(f->zr->fd, buf, n, f->z->data_offset + f->got) < 0 ? io_fail(f, err) : (int64_t)n;
    }
    if (got < 0)
        return got;
    f->got += (uint64_t)got;
    if (f->got > f->e->size)
        return kc_error_set(err, KC_ELIMIT, _("%s: refused: inflates to more than the %llu bytes it declares (a zip bomb)"),
                            f->e->name, (unsigned long long)f->e->size);
    if (f->got > f->lim.max_entry)
        return kc_error_set(err, KC_ELIMIT, _("%s: refused: inflates to more than the limit of %llu bytes"),
                            f->e->name, (unsigned long long)f->lim.max_entry);
    if (got > 0) {
        for (int64_t done = 0; done < got;) {
            uInt k = got - done > (int64_t)UINT32_MAX / 2 ? UINT32_MAX / 2 : (uInt)(got - done);
            f->crc = (uint32_t)crc32(f->crc, (const Bytef *)buf + done, k);
            done += k;
        }
        return got;
    }
    if (f->got != f->e->size)
        return kc_error_set(err, KC_EFORMAT, _("%s: the data is %llu bytes, not the %llu it declares"),
                            f->e->name, (unsigned long long)f->got, (unsigned long long)f->e->size);
    if (f->crc != f->z->crc)
        return corrupt(f, _("the data is corrupt (CRC mismatch)"), err);
    return 0;
}

void kc_zr_fclose(kc_zr_file *f)
{
    if (!f)
        return;
    if (f->inflating)
        inflateEnd(&f->zs);
    free(f->in);
    free(f);
}

int kc_zr_read_all(char **out, size_t *len, kc_zr *zr, size_t i, size_t max, kc_error *err)
{
    kc_zr_file *f = NULL;
    char *buf = NULL;
    size_t have = 0;
    int rc;

    if (i >= zr->n)
        return kc_error_set(err, KC_EINVAL, "%s", _("no such entry"));
    if (zr->entries[i].size > max)
        return kc_error_set(err, KC_ELIMIT, _("%s: %llu bytes, more than the %zu expected at most"),
                            zr->entries[i].name, (unsigned long long)zr->entries[i].size, max);
    if ((rc = kc_zr_fopen(&f, zr, i, NULL, err)) != 0)
        return rc;
    rc = KC_ENOMEM;
    if (!(buf = malloc((size_t)zr->entries[i].size + 1)))
        goto out;
    for (;;) {
        char chunk[16384];
        int64_t got = kc_zr_fread(f, chunk, sizeof chunk, err);
        if (got < 0) {
            rc = (int)got;
            goto out;
        }
        if (got == 0)
            break;
        memcpy(buf + have, chunk, (size_t)got); /* fread bounds got by the declared size */
        have += (size_t)got;
    }
    buf[have] = '\0';
    *out = buf;
    buf = NULL;
    if (len)
        *len = have;
    rc = 0;
out:
    if (rc == KC_ENOMEM)
        kc_error_oom(err);
    free(buf);
    kc_zr_fclose(f);
    return rc;
}

int kc_zr_hash(unsigned char sha256[32], uint64_t *size, kc_zr *zr, size_t i,
               const kc_zip_limits *lim, int (*sink)(void *ud, const void *buf, size_t n, kc_error *err),
               void *ud, kc_error *err)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    kc_zr_file *f = NULL;
    unsigned char *buf = malloc(1 << 16);
    uint64_t total = 0;
    int rc = KC_ENOMEM;

    if (!md || !buf || (sha256 && EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1)) {
        kc_error_oom(err);
        goto out;
    }
    if ((rc = kc_zr_fopen(&f, zr, i, lim, err)) != 0)
        goto out;
    for (;;) {
        int64_t got = kc_zr_fread(f, buf, 1 << 16, err);
        if (got <= 0) {
            rc = (int)got;
            break;
        }
        if (sha256)
            EVP_DigestUpdate(md, buf, (size_t)got);
        total += (uint64_t)got;
        if (sink && (rc = sink(ud, buf, (size_t)got, err)) != 0)
            break;
    }
    if (rc == 0) {
        if (sha256)
            EVP_DigestFinal_ex(md, sha256, NULL);
        if (size)
            *size = total;
    }
out:
    kc_zr_fclose(f);
    EVP_MD_CTX_free(md);
    free(buf);
    return rc;
}
