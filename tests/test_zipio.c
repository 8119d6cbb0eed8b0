/* test_zipio.c: the archive reader and writer (zip_read.c, zip_write.c):
 * one-pass digests, lazily generated entries, atomic replacement, the strict
 * layout (zip_layout.c: what our writer makes passes, every ambiguity is
 * refused), and the vetting of hostile archives (names, links, duplicates,
 * sizes, ratios). */
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

typedef struct fixture {
    char dir[64];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/kc-zipio-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    int rc = kc_test_rmtree(f->dir);
    free(f);
    return rc == 0 ? 0 : -1;
}

static char *path_in(fixture *f, const char *name)
{
    return g_build_filename(f->dir, name, NULL);
}

static void write_file(const char *path, const void *data, size_t len)
{
    assert_true(g_file_set_contents(path, data, (gssize)len, NULL));
}

static size_t count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    size_t n = 0;
    while ((de = readdir(d)) != NULL)
        n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
    closedir(d);
    return n;
}

/* ---- writer ------------------------------------------------------------------ */

typedef struct seen {
    unsigned char sha[32];
    uint64_t size;
    int done_calls;
    int done_before_gen;
} seen;

static int on_done(void *ud, const unsigned char sha[32], uint64_t size, kc_error *err)
{
    seen *s = ud;
    memcpy(s->sha, sha, 32);
    s->size = size;
    s->done_calls++;
    return 0;
}

static int gen_after(void *ud, char **data, size_t *len, kc_error *err)
{
    seen *s = ud;
    s->done_before_gen = s->done_calls; /* the payload must be written by now */
    *data = strdup("generated\n");
    *len = strlen(*data);
    return 0;
}

static void test_writer_one_pass_digest_and_lazy(void **state)
{
    fixture *f = *state;
    char *src = path_in(f, "evidence.pdf"), *out = path_in(f, "out.zip");
    unsigned char want[32];
    char payload[100000];
    seen s = {0};
    kc_zw *w = NULL;
    kc_zr *zr = NULL;
    kc_error err = {0};
    char why[128];

    for (size_t i = 0; i < sizeof payload; i++)
        payload[i] = (char)(i * 7);
    write_file(src, payload, sizeof payload);
    EVP_Digest(payload, sizeof payload, want, NULL, EVP_sha256(), NULL);
    assert_int_equal(kc_zw_new(&w, out, false, 1633046400, &err), 0);
    assert_int_equal(kc_zw_add_buffer(w, "mimetype", KC_ASIC_MIMETYPE, strlen(KC_ASIC_MIMETYPE), false, &err), 0);
    assert_int_equal(kc_zw_add_path(w, "data/Hợp đồng.pdf", src, sizeof payload, false, on_done, &s, &err), 0);
    assert_int_equal(kc_zw_add_lazy(w, "manifest.txt", true, gen_after, &s, &err), 0);
    assert_int_equal(kc_zw_commit(w, &err), 0);
    kc_zw_free(w);
    assert_int_equal(s.done_calls, 1);
    assert_int_equal(s.done_before_gen, 1);
    assert_memory_equal(s.sha, want, 32);
    assert_int_equal(s.size, sizeof payload);
    assert_int_equal(count_entries(f->dir), 2); /* no temporary file left */

    assert_int_equal(kc_zr_open(&zr, out, &err), 0);
    assert_int_equal(kc_zr_count(zr), 3);
    assert_true(kc_zr_mimetype_ok(zr, why, sizeof why));
    assert_string_equal(kc_zr_get(zr, 1)->name, "data/Hợp đồng.pdf");
    assert_true(kc_zr_get(zr, 1)->utf8_flagged);
    assert_int_equal(kc_zr_get(zr, 1)->method, 0);     /* stored as asked */
    assert_int_equal(kc_zr_get(zr, 2)->method, 8);     /* deflated */
    assert_int_equal(kc_zr_get(zr, 1)->mode & 0777, 0644);
    unsigned char sha[32];
    uint64_t size = 0;
    assert_int_equal(kc_zr_hash(sha, &size, zr, 1, NULL, NULL, NULL, &err), 0);
    assert_memory_equal(sha, want, 32);
    assert_int_equal(kc_zr_vet(zr, NULL, NULL, NULL), 0);
    kc_zr_free(zr);
    g_free(src);
    g_free(out);
}

static void test_writer_never_replaces_unasked(void **state)
{
    fixture *f = *state;
    char *out = path_in(f, "existing.zip"), *back = NULL;
    kc_zw *w = NULL;
    kc_error err = {0};
    write_file(out, "keep", 4);
    assert_int_equal(kc_zw_new(&w, out, false, 0, &err), KC_EINVAL);
    assert_non_null(strstr(err.message, "already exists"));
    assert_true(g_file_get_contents(out, &back, NULL, NULL));
    assert_string_equal(back, "keep");
    g_free(back);
    g_free(out);
}

static void test_writer_aborts_whole_when_a_file_changes(void **state)
{
    fixture *f = *state;
    char *src = path_in(f, "grows.txt"), *out = path_in(f, "out.zip");
    kc_zw *w = NULL;
    kc_error err = {0};
    write_file(src, "0123456789", 10);
    assert_int_equal(kc_zw_new(&w, out, false, 0, &err), 0);
    /* Announced as 5 bytes: the file "changed" between planning and reading. */
    assert_int_equal(kc_zw_add_path(w, "data/grows.txt", src, 5, true, NULL, NULL, &err), 0);
    assert_int_not_equal(kc_zw_commit(w, &err), 0);
    assert_non_null(strstr(err.message, "changed while it was read"));
    kc_zw_free(w);
    assert_int_equal(access(out, F_OK), -1);
    assert_int_equal(count_entries(f->dir), 1); /* only grows.txt: no half archive */
    g_free(src);
    g_free(out);
}

/* ---- reader: hostile archives ---------------------------------------------------- */

typedef struct entry {
    const char *name;
    size_t size;        /* bytes of 'x', or of zeros when zeros */
    bool zeros, raw, symlink;
} entry;

static void craft(const char *path, const entry *e, size_t n)
{
    int zerr = 0;
    zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    assert_non_null(za);
    for (size_t i = 0; i < n; i++) {
        char *data = malloc(e[i].size + 1);
        memset(data, e[i].zeros ? 0 : 'x', e[i].size);
        zip_source_t *src = zip_source_buffer(za, data, e[i].size, 1);
        zip_int64_t idx = zip_file_add(za, e[i].name, src, e[i].raw ? ZIP_FL_ENC_RAW : ZIP_FL_ENC_UTF_8);
        assert_true(idx >= 0);
        zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 9);
        if (e[i].symlink)
            zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX, (zip_uint32_t)0120777 << 16);
    }
    assert_int_equal(zip_close(za), 0);
}

typedef struct codes {
    char list[8192];
} codes;

static void collect(void *ud, const char *path, const char *code, const char *message)
{
    codes *c = ud;
    g_strlcat(c->list, message, sizeof c->list); /* its own line, before "code:path" */
    g_strlcat(c->list, "\n", sizeof c->list);
    g_strlcat(c->list, code, sizeof c->list);
    g_strlcat(c->list, ":", sizeof c->list);
    g_strlcat(c->list, path, sizeof c->list);
    g_strlcat(c->list, "\n", sizeof c->list);
}

static void expect_vet(fixture *f, const entry *e, size_t n, const kc_zip_limits *lim, const char *want)
{
    char *path = path_in(f, "crafted.zip");
    kc_zr *zr = NULL;
    kc_error err = {0};
    codes c = {{0}};
    craft(path, e, n);
    assert_int_equal(kc_zr_open(&zr, path, &err), 0);
    kc_zr_vet(zr, lim, collect, &c);
    if (!strstr(c.list, want))
        fail_msg("wanted \"%s\" in:\n%s", want, c.list);
    kc_zr_free(zr);
    unlink(path);
    g_free(path);
}

static void test_vet_unsafe_names(void **state)
{
    fixture *f = *state;
    static const char *const bad[] = {"../evil.txt", "data/../../evil.txt", "/etc/evil", "a\\b.txt",
                                      "C:/evil.txt", "c:evil.txt", "data/./x", "data//x", "data/\x01x",
                                      /* Windows devices: superscript digits, spaces before the
                                       * extension, the console's two halves */
                                      "data/COM\xc2\xb9.pdf", "data/lpt\xc2\xb3", "data/NUL .pdf",
                                      "data/CONIN$.pdf", "conout$"};
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        entry e[] = {{"ok.txt", 3, false, false, false}, {bad[i], 3, false, true, false}};
        char want[64];
        snprintf(want, sizeof want, "unsafe-name:%s", bad[i]);
        expect_vet(f, e, 2, NULL, want);
    }
    entry latin1[] = {{"caf\xe9.txt", 3, false, true, false}};
    expect_vet(f, latin1, 1, NULL, "unsafe-name:caf");
    /* rtzip4: a name in a Windows code page (Explorer on a Vietnamese Windows
     * writes "Hóa đơn" in 1258 without the UTF-8 flag): the desk's clerk is
     * told what wrote it and what to do. */
    entry cp1258[] = {{"H\xf3" "a \xf0\xf5n.pdf", 3, false, true, false}};
    expect_vet(f, cp1258, 1, NULL, "as Windows Explorer on a Vietnamese Windows writes names, so every program shows it "
                                   "garbled: zip the files with 7-Zip, which writes UTF-8 names, or send them without "
                                   "zipping\nunsafe-name:H");
}

static void test_vet_links_and_duplicates(void **state)
{
    fixture *f = *state;
    entry link[] = {{"link", 11, false, false, true}};
    expect_vet(f, link, 1, NULL, "symlink:link");
    /* The same name in NFC and in NFD: one file on most file systems. */
    entry nfd[] = {{"Quy\xe1\xba\xbft.txt", 3, false, false, false}, {"Quye\xcc\x82\xcc\x81t.txt", 3, false, false, false}};
    expect_vet(f, nfd, 2, NULL, "duplicate:");
    entry filedir[] = {{"a", 3, false, false, false}, {"a/b", 3, false, false, false}};
    expect_vet(f, filedir, 2, NULL, "duplicate:a\n");
}

static void test_vet_limits(void **state)
{
    fixture *f = *state;
    entry big[] = {{"big.bin", 5000, false, false, false}};
    kc_zip_limits small = {.max_entry = 1000};
    expect_vet(f, big, 1, &small, "limit:big.bin");
    entry bomb[] = {{"zeros.bin", 4u << 20, true, false, false}};
    expect_vet(f, bomb, 1, NULL, "limit:zeros.bin");
    entry many[] = {{"1", 1, false, false, false}, {"2", 1, false, false, false}, {"3", 1, false, false, false}};
    kc_zip_limits few = {.max_entries = 2};
    expect_vet(f, many, 3, &few, "limit:\n");
    kc_zip_limits total = {.max_total = 2};
    expect_vet(f, many, 3, &total, "limit:\n");
}

static void test_read_enforces_limit_on_inflated_bytes(void **state)
{
    fixture *f = *state;
    char *path = path_in(f, "big.zip");
    entry e[] = {{"big.bin", 100000, false, false, false}};
    kc_zr *zr = NULL;
    kc_error err = {0};
    unsigned char sha[32];
    kc_zip_limits lim = {.max_entry = 4096};
    craft(path, e, 1);
    assert_int_equal(kc_zr_open(&zr, path, &err), 0);
    assert_int_equal(kc_zr_hash(sha, NULL, zr, 0, &lim, NULL, NULL, &err), KC_ELIMIT);
    assert_int_equal(kc_zr_hash(sha, NULL, zr, 0, NULL, NULL, NULL, &err), 0);
    char *data = NULL;
    assert_int_equal(kc_zr_read_all(&data, NULL, zr, 0, 10, &err), KC_ELIMIT);
    kc_zr_free(zr);
    g_free(path);
}

static void test_mimetype_must_be_first_and_stored(void **state)
{
    fixture *f = *state;
    char *path = path_in(f, "m.zip");
    kc_zr *zr = NULL;
    kc_error err = {0};
    char why[256];
    entry e[] = {{"mimetype", 31, false, false, false}};
    craft(path, e, 1); /* deflated, and 'x' bytes */
    assert_int_equal(kc_zr_open(&zr, path, &err), 0);
    assert_false(kc_zr_mimetype_ok(zr, why, sizeof why));
    assert_non_null(strstr(why, "stored"));
    kc_zr_free(zr);
    write_file(path, "not a zip at all", 16);
    assert_int_equal(kc_zr_open(&zr, path, &err), KC_EFORMAT);
    assert_int_equal(kc_zr_open(&zr, "/nonexistent/x.zip", &err), KC_EIO);
    g_free(path);
}


/* ---- the strict layout ------------------------------------------------------------ */

/* A small archive by our own writer: deflated, stored, deflated. */
static char *small_archive(fixture *f, const char *name)
{
    char *path = path_in(f, name);
    kc_zw *w = NULL;
    kc_error err = {0};
    assert_int_equal(kc_zw_new(&w, path, true, 1633046400, &err), 0);
    assert_int_equal(kc_zw_add_buffer(w, "a.txt", "hello hello hello\n", 18, true, &err), 0);
    assert_int_equal(kc_zw_add_buffer(w, "data/b.pdf", "%PDF-1.7 stored\n", 16, false, &err), 0);
    assert_int_equal(kc_zw_add_buffer(w, "data/c.txt", "c\n", 2, true, &err), 0);
    assert_int_equal(kc_zw_commit(w, &err), 0);
    kc_zw_free(w);
    return path;
}

static unsigned char *slurp(const char *path, size_t *len)
{
    gchar *data = NULL;
    gsize n = 0;
    assert_true(g_file_get_contents(path, &data, &n, NULL));
    *len = n;
    return (unsigned char *)data;
}

/* The offset of the k-th (0-based) occurrence of sig, from the start. */
static size_t find_sig(const unsigned char *p, size_t len, const char *sig, int k)
{
    for (size_t i = 0; i + 4 <= len; i++)
        if (memcmp(p + i, sig, 4) == 0 && k-- == 0)
            return i;
    fail_msg("signature not found");
    return 0;
}

/* Writes bytes to path and expects kc_zr_open to refuse with code, the
 * message holding want. */
static void expect_refused(const char *path, const unsigned char *p, size_t len, int code, const char *want)
{
    kc_zr *zr = NULL;
    kc_error err = {0};
    write_file(path, p, len);
    int rc = kc_zr_open(&zr, path, &err);
    if (rc != code || !strstr(err.message, want))
        fail_msg("wanted %d \"%s\", got %d \"%s\"", code, want, rc, err.message);
    kc_zr_free(zr);
}

static void put16(unsigned char *p, unsigned v) { p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8); }

static void test_layout_our_writer_passes(void **state)
{
    fixture *f = *state;
    char *path = small_archive(f, "ok.zip"), *many = path_in(f, "many.zip");
    kc_zr *zr = NULL;
    kc_error err = {0};
    unsigned char sha[32];
    assert_int_equal(kc_zr_open(&zr, path, &err), 0);
    assert_int_equal(kc_zr_count(zr), 3);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(kc_zr_hash(sha, NULL, zr, i, NULL, NULL, NULL, &err), 0);
    assert_int_equal(kc_zr_find(zr, "data/b.pdf"), 1);
    assert_int_equal(kc_zr_find(zr, "nothere"), -1);
    kc_zr_free(zr);

    /* More than 65,535 entries: the ZIP64 end record and locator. */
    kc_zw *w = NULL;
    assert_int_equal(kc_zw_new(&w, many, true, 1633046400, &err), 0);
    for (int i = 0; i < 70000; i++) {
        char name[32];
        snprintf(name, sizeof name, "data/%05d.txt", i);
        assert_int_equal(kc_zw_add_buffer(w, name, "", 0, false, &err), 0);
    }
    assert_int_equal(kc_zw_commit(w, &err), 0);
    kc_zw_free(w);
    if (kc_zr_open(&zr, many, &err) != 0)
        fail_msg("%s", err.message);
    assert_int_equal(kc_zr_count(zr), 70000);
    assert_int_equal(kc_zr_find(zr, "data/69999.txt"), 69999);
    kc_zr_free(zr);
    g_free(path);
    g_free(many);
}

static void test_layout_refuses_ambiguity(void **state)
{
    fixture *f = *state;
    char *path = small_archive(f, "t.zip"), *bad = path_in(f, "bad.zip");
    size_t len = 0;
    unsigned char *orig = slurp(path, &len), *p = malloc(len + 64);
    size_t eocd = len - 22, cd0 = find_sig(orig, len, "PK\1\2", 0), cd1 = find_sig(orig, len, "PK\1\2", 1);
    size_t lh1 = find_sig(orig, len, "PK\3\4", 1);

#define FRESH() memcpy(p, orig, len)
    FRESH();
    p[len] = 'x';
    expect_refused(bad, p, len + 1, KC_EFORMAT, "follow the zip's end record");
    FRESH();
    put16(p + eocd + 20, 5);
    memcpy(p + len, "PK\1\2!", 5);
    expect_refused(bad, p, len + 5, KC_EFORMAT, "comment of 5 bytes");
    FRESH();
    put16(p + eocd + 20, 5);
    expect_refused(bad, p, len, KC_EFORMAT, "comment that is not there");
    FRESH();
    p[lh1 + 30] ^= 0x20; /* "data/b.pdf" → "Data/b.pdf" in the local header only */
    expect_refused(bad, p, len, KC_EFORMAT, "another name");
    FRESH();
    p[lh1 + 14] ^= 1; /* the local CRC */
    expect_refused(bad, p, len, KC_EFORMAT, "disagree");
    FRESH();
    p[lh1 + 6] |= 8; /* a data descriptor, local and central */
    p[cd1 + 8] |= 8;
    expect_refused(bad, p, len, KC_EFORMAT, "data descriptor");
    FRESH();
    memcpy(p + cd1 + 42, p + cd0 + 42, 4); /* entry 1 said to start where entry 0 does */
    expect_refused(bad, p, len, KC_EFORMAT, "overlaps");
    FRESH();
    p[eocd + 12] ^= 1; /* the directory's size */
    expect_refused(bad, p, len, KC_EFORMAT, "does not end where the end record starts");
    FRESH();
    p[cd1 + 10] = 12; /* bzip2, local and central */
    p[lh1 + 8] = 12;
    expect_refused(bad, p, len, KC_EFORMAT, "compression method 12");
    FRESH();
    p[cd1 + 46 + 4] = 0; /* "data\0b.pdf", local and central */
    p[lh1 + 30 + 4] = 0;
    expect_refused(bad, p, len, KC_EFORMAT, "NUL byte");
    FRESH();
    p[cd1 + 5] = 5; /* made by Atari: unzip takes a link's mode from it */
    expect_refused(bad, p, len, KC_EFORMAT, "another system than Unix");
    FRESH();
    put16(p + cd1 + 40, 040644); /* a folder's mode on "data/b.pdf": 7-Zip and bsdtar make a folder */
    expect_refused(bad, p, len, KC_EFORMAT, "says it is a folder");
    FRESH();
    p[cd1 + 38] = 0x02; /* hidden */
    expect_refused(bad, p, len, KC_EFORMAT, "DOS attributes");
    expect_refused(bad, orig, len - 1, KC_EFORMAT, "not a readable zip");
    expect_refused(bad, orig, 10, KC_EFORMAT, "not a readable zip");
#undef FRESH
    free(p);
    g_free(orig);
    g_free(path);
    g_free(bad);
}

static void test_layout_bounds_names(void **state)
{
    fixture *f = *state;
    char *path = path_in(f, "long.zip");
    GString *deep = g_string_new(NULL), *longname = g_string_new(NULL);
    kc_zr *zr = NULL;
    kc_error err = {0};
    for (int i = 0; i < 65; i++)
        g_string_append(deep, "d/");
    g_string_append(deep, "f.txt");
    for (int i = 0; i < 1100; i++)
        g_string_append_c(longname, 'x');
    entry e1[] = {{deep->str, 1, false, false, false}};
    craft(path, e1, 1);
    assert_int_equal(kc_zr_open(&zr, path, &err), KC_ELIMIT);
    assert_non_null(strstr(err.message, "folders deep"));
    entry e2[] = {{longname->str, 1, false, false, false}};
    craft(path, e2, 1);
    assert_int_equal(kc_zr_open(&zr, path, &err), KC_ELIMIT);
    assert_non_null(strstr(err.message, "bytes long"));
    /* 64 components is still fine. */
    g_string_erase(deep, 0, 4);
    entry e3[] = {{deep->str, 1, false, false, false}};
    craft(path, e3, 1);
    assert_int_equal(kc_zr_open(&zr, path, &err), 0);
    kc_zr_free(zr);
    g_string_free(deep, TRUE);
    g_string_free(longname, TRUE);
    g_free(path);
}

static void test_read_checks_crc_and_stream_end(void **state)
{
    fixture *f = *state;
    char *path = small_archive(f, "c.zip"), *bad = path_in(f, "bad.zip");
    size_t len = 0;
    unsigned char *p = slurp(path, &len), sha[32];
    size_t lh1 = find_sig(p, len, "PK\3\4", 1);
    kc_zr *zr = NULL;
    kc_error err = {0};
    p[lh1 + 30 + 10 + 3] ^= 1; /* a byte of the stored PDF, headers untouched */
    write_file(bad, p, len);
    assert_int_equal(kc_zr_open(&zr, bad, &err), 0);
    assert_int_equal(kc_zr_hash(sha, NULL, zr, 1, NULL, NULL, NULL, &err), KC_EFORMAT);
    assert_non_null(strstr(err.message, "CRC"));
    assert_int_equal(kc_zr_hash(sha, NULL, zr, 0, NULL, NULL, NULL, &err), 0);
    kc_zr_free(zr);
    g_free(p);
    g_free(path);
    g_free(bad);
}

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
        cmocka_unit_test_setup_teardown(test_writer_one_pass_digest_and_lazy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writer_never_replaces_unasked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writer_aborts_whole_when_a_file_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vet_unsafe_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vet_links_and_duplicates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vet_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_enforces_limit_on_inflated_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mimetype_must_be_first_and_stored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_layout_our_writer_passes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_layout_refuses_ambiguity, setup, teardown),
        cmocka_unit_test_setup_teardown(test_layout_bounds_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_checks_crc_and_stream_end, setup, teardown),
        cmocka_unit_test_setup_teardown(test_elsewhere_streamed_zip64_descriptor, setup, teardown),
        cmocka_unit_test_setup_teardown(test_elsewhere_comment_holds_another_end_record, setup, teardown),
        cmocka_unit_test_setup_teardown(test_elsewhere_stored_descriptor_planted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_elsewhere_unicode_path_names_another_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_elsewhere_link_from_other_systems, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
