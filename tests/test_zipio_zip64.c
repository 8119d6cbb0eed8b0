/* test_zipio_zip64.c: ZIP64 records that the strict reader (zip_layout.c) must
 * read as unzip, 7-Zip and libarchive do (rtzip22): the locator's count of
 * disks (libarchive takes the ZIP64 records only from a locator counting one),
 * the end record's two counts of entries (7-Zip's "Headers Error" when they
 * differ), and a local ZIP64 block whose values readers take in the order of
 * the 32-bit fields marked 0xFFFFFFFF.  Each archive is built byte by byte here
 * (one deflated entry), so each field is what the row needs; the honest forms
 * (as libzip writes ZIP64) open.  The fixture is test_zipio_fx.h's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "test_tmpdir.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "zip_layout.h"
#include "zipio.h"

#include "test_zipio_fx.h"

#define U32_MAX 0xffffffffu

typedef struct shape {
    bool local_csize_max, local_usize_max; /* the local header's 32-bit sizes 0xFFFFFFFF */
    bool local_block;                      /* a local ZIP64 block holding both sizes */
    bool zip64_end;                        /* ZIP64 end record and locator */
    uint32_t disks;                        /* the locator's count of disks */
    uint16_t total, on_disk;               /* the end record's counts (0: the true one) */
    bool elsewhere;                        /* opened as a zip made by other tools */
} shape;

static void add16(GByteArray *b, unsigned v)
{
    guint8 p[2] = {(guint8)v, (guint8)(v >> 8)};
    g_byte_array_append(b, p, 2);
}
static void add32(GByteArray *b, uint32_t v)
{
    add16(b, v & 0xffffu);
    add16(b, v >> 16);
}
static void add64(GByteArray *b, uint64_t v)
{
    add32(b, (uint32_t)v);
    add32(b, (uint32_t)(v >> 32));
}

/* "data/a.txt", deflated with stored blocks (level 0), so that its compressed
 * size is more than its size, laid out as kiemchung's writer lays out an
 * entry, with the fields s says. */
static GByteArray *build(const shape *s)
{
    static const char name[] = "data/a.txt";
    unsigned char text[300], packed[400];
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = (unsigned char)('a' + i % 26);
    z_stream zs = {0};
    assert_int_equal(deflateInit2(&zs, 0, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
    zs.next_in = text;
    zs.avail_in = sizeof text;
    zs.next_out = packed;
    zs.avail_out = sizeof packed;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    uint32_t comp = (uint32_t)zs.total_out, crc = (uint32_t)crc32(0, text, sizeof text);
    deflateEnd(&zs);
    assert_true(comp > sizeof text);

    GByteArray *b = g_byte_array_new();
    uint32_t dos_time = (uint32_t)((2021 - 1980) << 9 | 10 << 5 | 1) << 16;
    add32(b, 0x04034b50);
    add16(b, s->local_block ? 45 : 20);
    add16(b, 0x800);
    add16(b, 8);
    add32(b, dos_time);
    add32(b, crc);
    add32(b, s->local_csize_max ? U32_MAX : comp);
    add32(b, s->local_usize_max ? U32_MAX : (uint32_t)sizeof text);
    add16(b, strlen(name));
    add16(b, s->local_block ? 20 : 0);
    g_byte_array_append(b, (const guint8 *)name, strlen(name));
    if (s->local_block) { /* APPNOTE 4.5.3: the size, then the compressed size */
        add16(b, 1);
        add16(b, 16);
        add64(b, sizeof text);
        add64(b, comp);
    }
    g_byte_array_append(b, packed, comp);

    uint32_t cd_off = b->len;
    add32(b, 0x02014b50);
    add16(b, 0x031e);
    add16(b, 20);
    add16(b, 0x800);
    add16(b, 8);
    add32(b, dos_time);
    add32(b, crc);
    add32(b, comp);
    add32(b, sizeof text);
    add16(b, strlen(name));
    add16(b, 0);
    add16(b, 0);
    add16(b, 0);
    add16(b, 0);
    add32(b, 0100644u << 16);
    add32(b, 0);
    g_byte_array_append(b, (const guint8 *)name, strlen(name));
    uint32_t cd_size = b->len - cd_off;

    if (s->zip64_end) {
        uint32_t rec = b->len;
        add32(b, 0x06064b50);
        add64(b, 44);
        add16(b, 0x031e);
        add16(b, 45);
        add32(b, 0);
        add32(b, 0);
        add64(b, 1);
        add64(b, 1);
        add64(b, cd_size);
        add64(b, cd_off);
        add32(b, 0x07064b50);
        add32(b, 0);
        add64(b, rec);
        add32(b, s->disks);
    }
    add32(b, 0x06054b50);
    add16(b, 0);
    add16(b, 0);
    add16(b, s->on_disk ? s->on_disk : 1);
    add16(b, s->total ? s->total : 1);
    add32(b, cd_size);
    add32(b, cd_off);
    add16(b, 0);
    return b;
}

/* The archive of shape s opens (want NULL) or is refused with want. */
static void expect(fixture *f, const shape *s, const char *want)
{
    char *path = path_in(f, "z.zip");
    GByteArray *b = build(s);
    kc_zr *zr = NULL;
    kc_error err = {0};
    unsigned char sha[32];
    write_file(path, b->data, b->len);
    int rc = (s->elsewhere ? kc_zr_open_elsewhere : kc_zr_open)(&zr, path, &err);
    if (!want) {
        if (rc != 0)
            fail_msg("wanted it open, got %d \"%s\"", rc, err.message);
        codes c = {{0}};
        assert_int_equal(kc_zr_hash(sha, NULL, zr, 0, NULL, NULL, NULL, &err), 0);
        kc_zr_vet(zr, NULL, collect, &c);
        if (c.list[0])
            fail_msg("the vetting found: %s", c.list);
    } else if (rc != KC_EFORMAT || !strstr(err.message, want)) {
        fail_msg("wanted \"%s\", got %d \"%s\"", want, rc, err.message);
    }
    kc_zr_free(zr);
    g_byte_array_unref(b);
    g_free(path);
}

static void test_zip64_locator_counts_one_disk(void **state)
{
    shape s = {.zip64_end = true, .disks = 1};
    expect(*state, &s, NULL);
    s.total = s.on_disk = 0xffff; /* "see the ZIP64 record", as libzip writes past 65,535 entries */
    expect(*state, &s, NULL);
    s.disks = 0; /* bsdtar: "Damaged Zip archive"; unzip: nothing written */
    expect(*state, &s, "the ZIP64 locator counts 0 disks");
    s.total = s.on_disk = 0;
    expect(*state, &s, "the ZIP64 locator counts 0 disks");
    s.elsewhere = true; /* a clerk's zip, unpacked by kiemchung itself: the same files to all that read it */
    expect(*state, &s, NULL);
    s.elsewhere = false;
    s.disks = 2;
    expect(*state, &s, "span several disks");
}

static void test_zip64_end_record_counts_agree(void **state)
{
    shape s = {.zip64_end = true, .disks = 1, .total = 0xffff}; /* on this disk: 1 */
    expect(*state, &s, "the end record gives two entry counts (65535 in all, 1 on this disk)");
    s = (shape){.zip64_end = true, .disks = 1, .on_disk = 0xffff};
    expect(*state, &s, "the end record gives two entry counts (1 in all, 65535 on this disk)");
}

static void test_zip64_local_block_order(void **state)
{
    shape s = {.local_block = true}; /* neither marked: every reader takes the 32-bit sizes */
    expect(*state, &s, NULL);
    s.local_csize_max = s.local_usize_max = true; /* both, as libzip writes an entry of 4 GiB */
    expect(*state, &s, NULL);
    s.local_csize_max = false; /* the size alone: the block's first value is the size */
    expect(*state, &s, NULL);
    s.local_csize_max = true; /* the compressed size alone: unzip and 7-Zip read the size for it */
    s.local_usize_max = false;
    expect(*state, &s, "data/a.txt: the local header marks only its compressed size as held in its ZIP64 field");
    s.elsewhere = true; /* a clerk's evidence zip: the desk files what kiemchung reads */
    expect(*state, &s, "data/a.txt: the local header marks only its compressed size as held in its ZIP64 field");
    s.local_usize_max = true;
    expect(*state, &s, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_zip64_locator_counts_one_disk, setup, teardown),
        cmocka_unit_test_setup_teardown(test_zip64_end_record_counts_agree, setup, teardown),
        cmocka_unit_test_setup_teardown(test_zip64_local_block_order, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
