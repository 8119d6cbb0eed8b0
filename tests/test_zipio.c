/* test_zipio.c: the archive reader and writer (zip_read.c, zip_write.c):
 * one-pass digests, lazily generated entries, atomic replacement, the strict
 * layout (zip_layout.c: what our writer makes passes, every ambiguity is
 * refused), and the vetting of hostile archives (names, links, duplicates,
 * sizes, ratios); what other readers read otherwise is in
 * test_zipio_elsewhere.c; an entry making the archive a disc image (rtzip17). */
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

/* rtzip17: an entry whose bytes put an ISO 9660 volume descriptor at offset
 * 32768 makes the archive a disc image to bsdtar: the writer writes none, the
 * strict reader opens none; one byte further on, it is only data. */
static void test_layout_refuses_disc_image(void **state)
{
    fixture *f = *state;
    char *path = path_in(f, "iso.zip"), *near = path_in(f, "near.zip");
    size_t n = 40000, at = 32768 - 30 - strlen("data/a.pdf"), len = 0;
    unsigned char *body = calloc(1, n), *bytes = NULL;
    kc_zw *w = NULL;
    kc_zr *zr = NULL;
    kc_error err = {0};
    memcpy(body + at, "\1CD001\1", 7);
    assert_int_equal(kc_zw_new(&w, path, true, 1633046400, &err), 0);
    assert_int_equal(kc_zw_add_buffer(w, "data/a.pdf", body, n, false, &err), 0);
    assert_int_equal(kc_zw_commit(w, &err), KC_EFORMAT);
    assert_non_null(strstr(err.message, "data/a.pdf: offset 32768 holds an ISO 9660"));
    kc_zw_free(w);
    assert_false(g_file_test(path, G_FILE_TEST_EXISTS));

    memmove(body + at + 1, body + at, 7); /* the descriptor at 32769: data, written and read */
    body[at] = 0;
    assert_int_equal(kc_zw_new(&w, near, true, 1633046400, &err), 0);
    assert_int_equal(kc_zw_add_buffer(w, "data/a.pdf", body, n, false, &err), 0);
    assert_int_equal(kc_zw_commit(w, &err), 0);
    kc_zw_free(w);
    assert_int_equal(kc_zr_open(&zr, near, &err), 0);
    kc_zr_free(zr);
    bytes = slurp(near, &len);
    memcpy(bytes + 32768, "\1CD001", 6); /* put back where libarchive reads it */
    expect_refused(path, bytes, len, KC_EFORMAT, "data/a.pdf: offset 32768 holds an ISO 9660");
    g_free(bytes);
    free(body);
    g_free(path);
    g_free(near);
}

/* rtzip18: bytes 0-511 a tar header whose checksum (the octal number at 148,
 * here in the entry's data) is the sum of its bytes: GNU tar's archive. */
static void tar_checksum(unsigned char *p, unsigned off)
{
    unsigned sum = 0;
    memset(p + 148, ' ', 8);
    for (size_t i = 0; i < 512; i++)
        sum += p[i];
    snprintf((char *)p + 148, 8, "%06o", sum + off);
    p[155] = ' ';
}

/* The same, the field written as form (8 bytes with the number: sprintf's
 * own NUL at 156 is put back as the type byte '0' that tar_checksum leaves). */
/* form is one of the test's literal forms, passed through */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void tar_form(unsigned char *p, unsigned off, const char *form)
{
    unsigned sum = 0;
    char field[16];
    memset(p + 148, ' ', 8);
    for (size_t i = 0; i < 512; i++)
        sum += p[i];
    int n = snprintf(field, sizeof field, form, sum + off);
    /* a form starting with "\0" is empty to snprintf: write the NUL by hand */
    if (form[0] == '\0') {
        p[148] = '\0';
        snprintf(field, sizeof field, form + 1, sum + off);
        n = (int)strlen(field);
        memcpy(p + 149, field, (size_t)n < 7 ? (size_t)n : 7);
        return;
    }
    memcpy(p + 148, field, (size_t)n < 8 ? (size_t)n : 8);
}
#pragma GCC diagnostic pop

static void test_layout_refuses_tar_header(void **state)
{
    fixture *f = *state;
    char *path = path_in(f, "tar.zip"), *near = path_in(f, "near.zip");
    unsigned char body[1024] = {0}, *bytes = NULL;
    size_t len = 0;
    kc_zw *w = NULL;
    kc_zr *zr = NULL;
    kc_error err = {0};
    assert_int_equal(kc_zw_new(&w, near, true, 1633046400, &err), 0);
    assert_int_equal(kc_zw_add_buffer(w, "data/a.pdf", body, sizeof body, false, &err), 0);
    assert_int_equal(kc_zw_commit(w, &err), 0);
    kc_zw_free(w);
    bytes = slurp(near, &len);
    tar_checksum(bytes, 1); /* one off: no header, the zip */
    write_file(near, bytes, len);
    assert_int_equal(kc_zr_open(&zr, near, &err), 0);
    kc_zr_free(zr);
    tar_checksum(bytes, 0);
    expect_refused(path, bytes, len, KC_EFORMAT, "data/a.pdf: the first 512 bytes are a tar header");
    /* review39: the field as GNU tar's from_header reads it too: one NUL
     * first, any white space first, anything after the NUL or white space
     * that ends the digits (tar -xf unpacked each; the zip was accepted) */
    static const char *const forms[] = {"\0%06o ", "\t%06o\0", "%06o Z!", "\n\v%06o"};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        tar_form(bytes, 0, forms[i]);
        expect_refused(path, bytes, len, KC_EFORMAT, "data/a.pdf: the first 512 bytes are a tar header");
    }
    tar_form(bytes, 0, "%06oZ "); /* a digit run ended by a letter: GNU tar finds no header */
    write_file(near, bytes, len);
    assert_int_equal(kc_zr_open(&zr, near, &err), 0);
    kc_zr_free(zr);
    /* The size field (124) read as GNU tar's read_header reads it: a checksum
     * that holds over a size it cannot read is no header (one 300 MB photo in
     * three was refused for a block whose signed sum happened to hold); a hard
     * link's size is not read; base-64 and base-256 sizes are read. */
    assert_true(bytes[124] == 0 && bytes[135] == 0 && bytes[156] == 0); /* the entry's zeros */
    bytes[124] = 'Z';
    tar_checksum(bytes, 0);
    write_file(near, bytes, len);
    assert_int_equal(kc_zr_open(&zr, near, &err), 0);
    kc_zr_free(zr);
    bytes[156] = '1';
    tar_checksum(bytes, 0);
    expect_refused(path, bytes, len, KC_EFORMAT, "data/a.pdf: the first 512 bytes are a tar header");
    bytes[156] = 0;
    bytes[124] = '+';
    bytes[125] = 'A';
    tar_checksum(bytes, 0);
    expect_refused(path, bytes, len, KC_EFORMAT, "data/a.pdf: the first 512 bytes are a tar header");
    bytes[124] = 0x80;
    bytes[125] = 0;
    tar_checksum(bytes, 0);
    expect_refused(path, bytes, len, KC_EFORMAT, "data/a.pdf: the first 512 bytes are a tar header");
    bytes[124] = 0xff;
    tar_checksum(bytes, 0);
    write_file(near, bytes, len);
    assert_int_equal(kc_zr_open(&zr, near, &err), 0);
    kc_zr_free(zr);
    bytes[124] = 0;
    g_free(bytes);
    g_free(path);
    g_free(near);
}

/* rtzip18: names as Windows 7 and 8 Explorer writes them (zip_dosnames.c). */
static void test_dos_names(void **state)
{
    (void)state;
    static const char *pairs[][2] = {
        {"data/Hoá đơn.pdf", "data/Hoá Ēơn.pdf"}, /* đ Ē: ─æ ─Æ in 437 */
        {"data/HỌP.pdf", "data/HỜP.pdf"},             /* Ọ Ờ: á»Œ á»œ in 1258 and 1252 */
        {"data/HỌP.pdf", "data/HỢP.pdf"},             /* apart in every page */
        {"data/kiểm.pdf", "data/kiỶm.pdf"},           /* ể Ỷ: ß╗â ß╗Â in 850 (atkzip) */
        {"data/Ảnh bé.jpg", "data/Ảnh bè.jpg"},       /* é è: one only in 852, not read */
        {"data/Biên bản HỌP.pdf", "data/Biên bản HỬP.pdf"}, /* Ọ Ử: one only in 866, not read */
    };
    /* pages 437, 1258, 1252, 850: đ Ē are also æ Æ in 850 */
    static const bool same[][KC_ZIP_DOS_PAGES] = {
        {true, false, false, true},   {false, true, true, false},
        {false, false, false, false}, {false, false, false, true},
        {false, false, false, false}, {false, false, false, false}};
    assert_null(kc_zip_dos_key("data/INDEX.pdf", 0)); /* ASCII: the case-folded key's */
    assert_int_equal(kc_zip_dos_page(0), 437);
    assert_int_equal(kc_zip_dos_page(1), 1258);
    assert_int_equal(kc_zip_dos_page(2), 1252);
    assert_int_equal(kc_zip_dos_page(3), 850);
    assert_int_equal(kc_zip_dos_page(4), 0);
    for (size_t i = 0; i < G_N_ELEMENTS(pairs); i++)
        for (size_t p = 0; p < KC_ZIP_DOS_PAGES; p++) {
            char *a = kc_zip_dos_key(pairs[i][0], p), *b = kc_zip_dos_key(pairs[i][1], p);
            assert_non_null(a);
            assert_non_null(b);
            assert_int_equal(strcmp(a, b) == 0, same[i][p]);
            g_free(a);
            g_free(b);
        }
    /* rtzip19: a folder and a file one name in a page, either first; HỢP/ beside HỌP apart. */
    static const char *const order[][2] = {{"data/Hoá đơn.pdf", "data/Hoá Ēơn.pdf/x.pdf"},
                                           {"data/Hoá Ēơn.pdf/x.pdf", "data/Hoá đơn.pdf"},
                                           {"data/HỢP/x.pdf", "data/HỌP"}};
    for (size_t i = 0; i < G_N_ELEMENTS(order); i++) {
        kc_zip_dos *d = kc_zip_dos_new();
        unsigned page = 0;
        bool folder = false;
        assert_int_equal(kc_zip_dos_add(d, 0, order[i][0], false, &page, &folder), 0);
        assert_int_equal(kc_zip_dos_add(d, 1, order[i][1], false, &page, &folder), i < 2 ? 1 : 0);
        assert_true(i == 2 || (folder && page == 437));
        kc_zip_dos_free(d);
    }
}

/* The key as it was built before the table (issue 16): every byte read in the
 * page, upper-cased, appended.  Every byte of every page, in names of three
 * shapes, keys alike, and the tagged key is "page:" and the key. */
static char *dos_key_reference(const char *name, size_t page)
{
    size_t len = strlen(name);
    GString *s = g_string_new(NULL);
    if (name[len - 1] == '/')
        len--;
    for (size_t i = 0; i < len; i++)
        g_string_append_unichar(s, g_unichar_toupper(kc_zip_dos_char(page, (unsigned char)name[i])));
    return g_string_free(s, FALSE);
}

static void test_dos_key_table(void **state)
{
    (void)state;
    for (size_t p = 0; p < KC_ZIP_DOS_PAGES; p++)
        for (unsigned b = 1; b < 256; b++) {
            char names[3][16];
            g_snprintf(names[0], sizeof names[0], "%c\xC3" "a/b.pdf", (char)b);
            g_snprintf(names[1], sizeof names[1], "d\xE1/x%cy.pdf", (char)b);
            g_snprintf(names[2], sizeof names[2], "\xC4" "%c/", (char)b);
            for (size_t k = 0; k < 3; k++) {
                char *want = dos_key_reference(names[k], p), *got = kc_zip_dos_key(names[k], p);
                char *tagged = kc_zip_dos_key_tagged(names[k], p), *want_tagged = g_strdup_printf("%zu:%s", p, want);
                assert_non_null(got);
                assert_string_equal(got, want);
                assert_string_equal(tagged, want_tagged);
                g_free(want);
                g_free(got);
                g_free(tagged);
                g_free(want_tagged);
            }
        }
    assert_null(kc_zip_dos_key_tagged("data/INDEX.pdf", 0));
    assert_null(kc_zip_dos_key("d\xE1/x.pdf", KC_ZIP_DOS_PAGES));
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
    /* Session 42: a zip cut short (a copy that did not finish) says so and
     * that copying it again is the fix; one of no zip's bytes does not. */
    expect_refused(bad, orig, len - 1, KC_EFORMAT, "cut short, ending before its end record");
    expect_refused(bad, orig, len / 2, KC_EFORMAT, "copy it again from where it came");
    expect_refused(bad, orig, 3, KC_EFORMAT, "not a readable zip archive (too short)");
    expect_refused(bad, orig, 10, KC_EFORMAT, "cut short");
    expect_refused(bad, orig, 0, KC_EFORMAT, "the file is empty (0 bytes)");
    unsigned char *twice = g_malloc(len + len / 2); /* half a copy, then the whole: a download resumed badly */
    memcpy(twice, orig, len / 2);
    memcpy(twice + len / 2, orig, len);
    char *want = g_strdup_printf("the zip starts %zu bytes into the file", len / 2);
    expect_refused(bad, twice, len + len / 2, KC_EFORMAT, want);
    memcpy(twice, "MZ", 2); /* other bytes first (a self-extractor's program, another zip): said as before */
    expect_refused(bad, twice, len + len / 2, KC_EFORMAT, "does not end where the end record starts");
    g_free(want);
    g_free(twice);
    unsigned char *padded = g_malloc0(len + 8192); /* a quarter of it, then zeros (a copy that kept a size) */
    memcpy(padded, orig, len / 4);
    expect_refused(bad, padded, len + 8192, KC_EFORMAT, "zeros where a zip ends");
    g_free(padded);
    FRESH();
    p[0] = 'X'; /* no local header first: no zip, not one cut short */
    expect_refused(bad, p, len - 1, KC_EFORMAT, "not a readable zip archive (no end record)");
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
        cmocka_unit_test_setup_teardown(test_layout_refuses_disc_image, setup, teardown),
        cmocka_unit_test_setup_teardown(test_layout_refuses_tar_header, setup, teardown),
        cmocka_unit_test(test_dos_names),
        cmocka_unit_test(test_dos_key_table),
        cmocka_unit_test_setup_teardown(test_layout_bounds_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_checks_crc_and_stream_end, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
