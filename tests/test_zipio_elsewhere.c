/* test_zipio_elsewhere.c: archives other readers read otherwise than ours
 * (zip_read.c, zip_layout.c): a streamed ZIP64 data descriptor, a stored entry's
 * descriptor planted in its data, a comment holding another end record, a
 * Unicode path extra field naming another file, links from other systems.
 * The fixture is test_zipio_fx.h's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "test_tmpdir.h"

#include <dirent.h>
#include <fcntl.h>
#include <glib.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include "zip_layout.h"
#include "zipio.h"

#include "test_zipio_fx.h"

/* A zip streamed by another tool (Python's zipfile on a pipe with
 * force_zip64, libarchive for an entry of unknown size): the local header
 * has CRC and sizes 0 and a ZIP64 block of zeros, and the data descriptor
 * after the data then holds 8-byte sizes (APPNOTE 4.3.9.2), whatever the
 * directory, which needs no ZIP64 for a small file, says.  wide_descriptor
 * false writes the usual descriptor (no ZIP64 block, 4-byte sizes). */
static size_t streamed_zip(unsigned char *z, bool wide_descriptor)
{
    static const char name[] = "a.txt", data[] = "hello\n";
    const size_t nlen = sizeof name - 1, dlen = sizeof data - 1;
    uint32_t crc = (uint32_t)crc32(0, (const unsigned char *)data, (unsigned)dlen);
    size_t n = 0;
#define B(...) do { const unsigned char b_[] = {__VA_ARGS__}; memcpy(z + n, b_, sizeof b_); n += sizeof b_; } while (0)
#define U16(v) (unsigned char)((v) & 0xff), (unsigned char)(((v) >> 8) & 0xff)
#define U32(v) U16((v) & 0xffff), U16(((v) >> 16) & 0xffff)
    B('P', 'K', 3, 4, U16(wide_descriptor ? 45 : 20), U16(8), U16(0), U16(0), U16(0x5321), U32(0), U32(0), U32(0),
      U16(nlen), U16(wide_descriptor ? 20 : 0));
    memcpy(z + n, name, nlen), n += nlen;
    if (wide_descriptor)
        B(U16(1), U16(16), U32(0), U32(0), U32(0), U32(0));
    memcpy(z + n, data, dlen), n += dlen;
    if (wide_descriptor)
        B('P', 'K', 7, 8, U32(crc), U32(dlen), U32(0), U32(dlen), U32(0));
    else
        B('P', 'K', 7, 8, U32(crc), U32(dlen), U32(dlen));
    size_t cd = n;
    B('P', 'K', 1, 2, U16(0x0314), U16(wide_descriptor ? 45 : 20), U16(8), U16(0), U16(0), U16(0x5321), U32(crc),
      U32(dlen), U32(dlen), U16(nlen), U16(0), U16(0), U16(0), U16(0), U32(0100644u << 16), U32(0));
    memcpy(z + n, name, nlen), n += nlen;
    size_t cdlen = n - cd;
    B('P', 'K', 5, 6, U16(0), U16(0), U16(1), U16(1), U32(cdlen), U32(cd), U16(0));
#undef B
#undef U16
#undef U32
    return n;
}

static void test_elsewhere_streamed_zip64_descriptor(void **state)
{
    fixture *f = *state;
    char *path = path_in(f, "streamed.zip");
    unsigned char z[512], sha[32];
    for (int wide = 0; wide <= 1; wide++) {
        kc_zr *zr = NULL;
        kc_error err = {0};
        write_file(path, z, streamed_zip(z, wide));
        if (kc_zr_open_elsewhere(&zr, path, &err) != 0)
            fail_msg("%s descriptor: %s", wide ? "8-byte" : "4-byte", err.message);
        assert_int_equal(kc_zr_count(zr), 1);
        assert_int_equal(kc_zr_hash(sha, NULL, zr, 0, NULL, NULL, NULL, &err), 0);
        kc_zr_free(zr);
    }
    g_free(path);
}

/* rtzip6: a stored entry streamed with a data descriptor (flag bit 3, CRC
 * and sizes 0 in its local header), as Python's zipfile and Info-ZIP's zip
 * write one to a pipe.  A reader that streams (libarchive from a pipe: `cat
 * x.zip | bsdtar -x`) cannot know where stored data ends: it stops at the
 * first "PK\7\10" followed by the CRC of the bytes before it.  Data that holds
 * such a descriptor, planted, shows that reader a shorter file than the one
 * kiemchung and the directory readers read; "PK\7\10" followed by anything
 * else (an inner zip's own descriptor) is data like any other. */
static size_t streamed_stored(unsigned char *z, const unsigned char *data, size_t dlen)
{
    static const char name[] = "so-di.csv";
    const size_t nlen = sizeof name - 1;
    uint32_t crc = (uint32_t)crc32(0, data, (unsigned)dlen);
    size_t n = 0;
#define B(...) do { const unsigned char b_[] = {__VA_ARGS__}; memcpy(z + n, b_, sizeof b_); n += sizeof b_; } while (0)
#define U16(v) (unsigned char)((v) & 0xff), (unsigned char)(((v) >> 8) & 0xff)
#define U32(v) U16((v) & 0xffff), U16(((v) >> 16) & 0xffff)
    B('P', 'K', 3, 4, U16(20), U16(8), U16(0), U16(0), U16(0x5321), U32(0), U32(0), U32(0), U16(nlen), U16(0));
    memcpy(z + n, name, nlen), n += nlen;
    memcpy(z + n, data, dlen), n += dlen;
    B('P', 'K', 7, 8, U32(crc), U32(dlen), U32(dlen));
    size_t cd = n;
    B('P', 'K', 1, 2, U16(0x0314), U16(20), U16(8), U16(0), U16(0), U16(0x5321), U32(crc), U32(dlen), U32(dlen),
      U16(nlen), U16(0), U16(0), U16(0), U16(0), U32(0100644u << 16), U32(0));
    memcpy(z + n, name, nlen), n += nlen;
    size_t cdlen = n - cd;
    B('P', 'K', 5, 6, U16(0), U16(0), U16(1), U16(1), U32(cdlen), U32(cd), U16(0));
#undef B
#undef U16
#undef U32
    return n;
}

static void test_elsewhere_stored_descriptor_planted(void **state)
{
    fixture *f = *state;
    static const char shown[] = "12/QD-UBND;unsigned\n", rest[] = "21/BC-UBND;signed\n";
    char *path = path_in(f, "stored-descriptor.zip");
    for (int planted = 0; planted <= 1; planted++) {
        unsigned char data[256], z[1024], sha[32];
        size_t dlen = 0;
        uint32_t crc = (uint32_t)crc32(0, (const unsigned char *)shown, sizeof shown - 1);
        kc_zr *zr = NULL;
        kc_error err = {0};
        memcpy(data, shown, sizeof shown - 1), dlen = sizeof shown - 1;
        /* the planted descriptor: its CRC that of the bytes before it; the
         * honest look-alike's, another file's (an inner zip's entry) */
        const unsigned char desc[16] = {'P', 'K', 7, 8, (unsigned char)(planted ? crc : ~crc),
                                        (unsigned char)((planted ? crc : ~crc) >> 8), (unsigned char)(crc >> 16),
                                        (unsigned char)(crc >> 24), (unsigned char)dlen, 1, 1, 1,
                                        (unsigned char)dlen, 1, 1, 1};
        memcpy(data + dlen, desc, sizeof desc), dlen += sizeof desc;
        memcpy(data + dlen, rest, sizeof rest - 1), dlen += sizeof rest - 1;
        write_file(path, z, streamed_stored(z, data, dlen));
        int rc = kc_zr_open_elsewhere(&zr, path, &err);
        if (planted) {
            assert_int_not_equal(rc, 0);
            assert_non_null(strstr(err.message, "data descriptor"));
        } else {
            if (rc != 0)
                fail_msg("a stored entry holding another file's descriptor: %s", err.message);
            assert_int_equal(kc_zr_hash(sha, NULL, zr, 0, NULL, NULL, NULL, &err), 0);
        }
        kc_zr_free(zr);
    }
    g_free(path);
}

/* rtzip5: an evidence zip (read as made elsewhere: a comment allowed) whose
 * comment holds a second directory and end record.  kiemchung took the end
 * record whose comment reaches the end of the file (the register, "unsigned"
 * rows); Python's zipfile, unzip and bsdtar take the last end record they
 * find, whatever its comment length says, and read another register
 * ("signed") from a local header hidden in the data of "ghi-chu.txt". */
static size_t put_lfh_x(unsigned char *z, const char *name, const char *data, size_t dlen, const void *x, size_t xlen)
{
    size_t nlen = strlen(name), n = 0;
    uint32_t crc = (uint32_t)crc32(0, (const unsigned char *)data, (unsigned)dlen);
    unsigned char h[30] = {'P', 'K', 3, 4, 20, 0, 0, 8, 0, 0, 0, 0, 0x21, 0x53};
    for (int i = 0; i < 4; i++) {
        h[14 + i] = (unsigned char)(crc >> (8 * i));
        h[18 + i] = h[22 + i] = (unsigned char)(dlen >> (8 * i));
    }
    h[26] = (unsigned char)nlen;
    h[28] = (unsigned char)xlen;
    memcpy(z, h, 30), n = 30;
    memcpy(z + n, name, nlen), n += nlen;
    memcpy(z + n, x, xlen), n += xlen;
    memcpy(z + n, data, dlen), n += dlen;
    return n;
}

static size_t put_lfh(unsigned char *z, const char *name, const char *data, size_t dlen)
{
    return put_lfh_x(z, name, data, dlen, "", 0);
}

static size_t put_cdh_x(unsigned char *z, const char *name, const void *data, size_t dlen, uint32_t off, const void *x,
                        size_t xlen)
{
    size_t nlen = strlen(name);
    uint32_t crc = (uint32_t)crc32(0, data, (unsigned)dlen), attr = 0100644u << 16;
    unsigned char h[46] = {'P', 'K', 1, 2, 0x1e, 3, 20, 0, 0, 8, 0, 0, 0, 0, 0x21, 0x53};
    for (int i = 0; i < 4; i++) {
        h[16 + i] = (unsigned char)(crc >> (8 * i));
        h[20 + i] = h[24 + i] = (unsigned char)(dlen >> (8 * i));
        h[38 + i] = (unsigned char)(attr >> (8 * i));
        h[42 + i] = (unsigned char)(off >> (8 * i));
    }
    h[28] = (unsigned char)nlen;
    h[30] = (unsigned char)xlen;
    memcpy(z, h, 46);
    memcpy(z + 46, name, nlen);
    memcpy(z + 46 + nlen, x, xlen);
    return 46 + nlen + xlen;
}

static size_t put_cdh(unsigned char *z, const char *name, const void *data, size_t dlen, uint32_t off)
{
    return put_cdh_x(z, name, data, dlen, off, "", 0);
}

static size_t put_eocd(unsigned char *z, unsigned entries, size_t cdlen, size_t cdoff, size_t comment)
{
    unsigned char h[22] = {'P', 'K', 5, 6, 0, 0, 0, 0, (unsigned char)entries, 0, (unsigned char)entries, 0};
    for (int i = 0; i < 4; i++) {
        h[12 + i] = (unsigned char)(cdlen >> (8 * i));
        h[16 + i] = (unsigned char)(cdoff >> (8 * i));
    }
    h[20] = (unsigned char)comment, h[21] = (unsigned char)(comment >> 8);
    memcpy(z, h, 22);
    return 22;
}

static void test_elsewhere_comment_holds_another_end_record(void **state)
{
    fixture *f = *state;
    static const char reg[] = "so-di.csv", note[] = "ghi-chu.txt";
    static const char real[] = "12/QD-UBND;unsigned\n21/BC-UBND;unsigned\n", fake[] = "12/QD-UBND;signed\n";
    unsigned char z[1024], inner[128], cdb[128];
    size_t ilen = put_lfh(inner, reg, fake, sizeof fake - 1), n = 0, a1, cda, bl;
    char *path = path_in(f, "two-ends.zip");
    kc_zr *zr = NULL;
    kc_error err = {0};

    n += a1 = put_lfh(z, reg, real, sizeof real - 1);
    n += put_lfh(z + n, note, (const char *)inner, ilen);
    size_t cd_a = n;
    n += put_cdh(z + n, reg, real, sizeof real - 1, 0);
    n += put_cdh(z + n, note, inner, ilen, (uint32_t)a1);
    cda = n - cd_a;
    bl = put_cdh(cdb, reg, fake, sizeof fake - 1, (uint32_t)(a1 + 30 + strlen(note)));
    /* the first end record's comment: the second directory and end record, whose own comment length (1) is wrong */
    n += put_eocd(z + n, 2, cda, cd_a, bl + 22);
    memcpy(z + n, cdb, bl);
    size_t cd_b = n;
    n += bl;
    n += put_eocd(z + n, 1, bl, cd_b, 1);
    write_file(path, z, n);
    assert_int_not_equal(kc_zr_open_elsewhere(&zr, path, &err), 0);
    assert_non_null(strstr(err.message, "another end record"));
    kc_zr_free(zr);
    g_free(path);
}

/* rtzip5: an evidence zip whose entries' Unicode-path fields (0x7075, as
 * Info-ZIP writes them, the CRC of the header's name) swap two names: unzip,
 * 7-Zip and bsdtar write "so-di.csv" from the entry kiemchung (and Python)
 * read as "so-di-cu.csv".  A field naming the header's own name is read. */
static size_t unicode_path(unsigned char *x, const char *shown, const char *header)
{
    size_t n = strlen(shown);
    uint32_t crc = (uint32_t)crc32(0, (const unsigned char *)header, (unsigned)strlen(header));
    x[0] = 0x75, x[1] = 0x70, x[2] = (unsigned char)(n + 5), x[3] = 0, x[4] = 1;
    for (int i = 0; i < 4; i++)
        x[5 + i] = (unsigned char)(crc >> (8 * i));
    memcpy(x + 9, shown, n);
    return 9 + n;
}

static void test_elsewhere_unicode_path_names_another_file(void **state)
{
    fixture *f = *state;
    static const char *const header[] = {"so-di.csv", "so-di-cu.csv"}, *const data[] = {"12;signed\n", "12;unsigned\n"};
    char *path = path_in(f, "unicode-path.zip");
    for (int swap = 0; swap <= 1; swap++) {
        unsigned char z[1024], x[2][64];
        size_t n = 0, off[2], xl[2];
        kc_zr *zr = NULL;
        kc_error err = {0};
        for (int k = 0; k < 2; k++) {
            xl[k] = unicode_path(x[k], header[swap ? 1 - k : k], header[k]);
            off[k] = n;
            n += put_lfh_x(z + n, header[k], data[k], strlen(data[k]), x[k], xl[k]);
        }
        size_t cd = n;
        for (int k = 0; k < 2; k++)
            n += put_cdh_x(z + n, header[k], data[k], strlen(data[k]), (uint32_t)off[k], x[k], xl[k]);
        n += put_eocd(z + n, 2, n - cd, cd, 0);
        write_file(path, z, n);
        int rc = kc_zr_open_elsewhere(&zr, path, &err);
        if (swap) {
            assert_int_not_equal(rc, 0);
            assert_non_null(strstr(err.message, "Unicode name"));
        } else if (rc != 0) {
            fail_msg("a Unicode name that is the header's: %s", err.message);
        }
        kc_zr_free(zr);
    }
    g_free(path);
}

/* rtzip8: an evidence zip's entry made by VMS, Atari, BeOS or AtheOS with a
 * link's Unix mode: unzip 6 makes a symbolic link of it (to the path its
 * data holds, "so-di-that.csv"), 7-Zip, bsdtar and Python a file.  The vetting
 * read a mode from Unix entries only, so the desk kept a file where unzip
 * showed a link; the same systems' entries with a file's mode stay files. */
static void test_elsewhere_link_from_other_systems(void **state)
{
    fixture *f = *state;
    static const zip_uint8_t hosts[] = {2, 5, 16, 30};
    char *path = path_in(f, "other-system-link.zip");
    for (size_t h = 0; h < G_N_ELEMENTS(hosts); h++)
        for (int link = 0; link <= 1; link++) {
            int zerr = 0;
            zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
            static const char target[] = "so-di-that.csv";
            assert_non_null(za);
            zip_source_t *src = zip_source_buffer(za, target, sizeof target - 1, 0);
            zip_int64_t idx = zip_file_add(za, "so-di.csv", src, ZIP_FL_ENC_UTF_8);
            assert_true(idx >= 0);
            zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0, hosts[h],
                                             (zip_uint32_t)(link ? 0120777 : 0100644) << 16);
            assert_int_equal(zip_close(za), 0);
            kc_zr *zr = NULL;
            kc_error err = {0};
            codes c = {{0}};
            if (kc_zr_open_elsewhere(&zr, path, &err) != 0)
                fail_msg("system %u: %s", hosts[h], err.message);
            kc_zr_vet(zr, NULL, collect, &c);
            if (link && !strstr(c.list, "symlink:so-di.csv"))
                fail_msg("system %u, a link's mode: wanted \"symlink:so-di.csv\" in:\n%s", hosts[h], c.list);
            if (!link && c.list[0])
                fail_msg("system %u, a file's mode: %s", hosts[h], c.list);
            kc_zr_free(zr);
        }
    g_free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_elsewhere_streamed_zip64_descriptor, setup, teardown),
        cmocka_unit_test_setup_teardown(test_elsewhere_comment_holds_another_end_record, setup, teardown),
        cmocka_unit_test_setup_teardown(test_elsewhere_stored_descriptor_planted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_elsewhere_unicode_path_names_another_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_elsewhere_link_from_other_systems, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
