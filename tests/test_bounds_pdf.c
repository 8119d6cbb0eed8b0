/* test_bounds_pdf.c: every size, count and depth an attacker controls in a PDF has
 * a bound, and each bound is proven here by an input just past it: the reader stops
 * with KC_ELIMIT or KC_EFORMAT (or a verdict that is not "valid"), quickly, without
 * recursion and without memory growing with the input:
 *
 * object nesting, /Kids depth and cycles, field-name length, the /Prev chain (loops,
 * length), /XRefStm loops, objects per cross-reference section, xref stream /Size and
 * /Index, bytes per object, decoded stream bytes (Flate bombs), objects per object
 * stream, chains of references, /Contents size, and what the coverage check costs
 * (big dictionaries, many updates).
 *
 * The other readers' bounds (CMS, CSV, the register, the report): test_bounds.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <fcntl.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "pdf.h"

/* ---- helpers ----------------------------------------------------------------- */

typedef struct opened {
    int fd;
    kc_pdf_doc *doc;
    kc_error err;
    int rc;
} opened;

static int memfd_of(const void *data, size_t len)
{
    int fd = memfd_create("kc-bounds", MFD_CLOEXEC);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    return fd;
}

static opened open_pdf(const GString *s)
{
    opened o = {.fd = memfd_of(s->str, s->len)};
    o.rc = kc_pdf_open(&o.doc, o.fd, s->len, &o.err);
    return o;
}

static void close_pdf(opened *o)
{
    kc_pdf_close(o->doc);
    close(o->fd);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A one-revision document: objects given as bodies 1..n, then a table. */
static GString *doc_of(const char *const *bodies, int n, const char *trailer_extra)
{
    GString *s = g_string_new("%PDF-1.7\n");
    size_t *off = calloc((size_t)n + 1, sizeof *off);
    for (int i = 0; i < n; i++) {
        off[i + 1] = s->len;
        g_string_append_printf(s, "%d 0 obj\n%s\nendobj\n", i + 1, bodies[i]);
    }
    size_t x = s->len;
    g_string_append_printf(s, "xref\n0 %d\n0000000000 65535 f \n", n + 1);
    for (int i = 1; i <= n; i++)
        g_string_append_printf(s, "%010zu 00000 n \n", off[i]);
    g_string_append_printf(s, "trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%zu\n%%%%EOF\n", n + 1,
                           trailer_extra ? trailer_extra : "", x);
    free(off);
    return s;
}

/* ---- PDF ---------------------------------------------------------------------------- */

static void test_pdf_nesting(void **state)
{
    (void)state;
    /* Exactly the bound parses; one more is refused; no recursion either way
     * (a million brackets would overflow any recursive parser's stack). */
    for (int extra = 0; extra <= 1; extra++) {
        GString *deep = g_string_new("<< /Type /Catalog /X ");
        for (int i = 0; i < KC_PDF_MAX_DEPTH - 1 + extra; i++)
            g_string_append_c(deep, '[');
        for (int i = 0; i < KC_PDF_MAX_DEPTH - 1 + extra; i++)
            g_string_append_c(deep, ']');
        g_string_append(deep, " >>");
        const char *bodies[] = {deep->str};
        GString *s = doc_of(bodies, 1, NULL);
        opened o = open_pdf(s);
        assert_int_equal(o.rc, 0);
        kc_pdf_obj *root = kc_pdf_get(o.doc, 0, 1, &o.err);
        if (extra)
            assert_null(root);
        else
            assert_non_null(root);
        close_pdf(&o);
        g_string_free(s, TRUE);
        g_string_free(deep, TRUE);
    }
    GString *huge = g_string_new("<< /Type /Catalog /X ");
    for (int i = 0; i < 1000000; i++)
        g_string_append_c(huge, '[');
    g_string_append(huge, " >>");
    const char *bodies[] = {huge->str};
    GString *s = doc_of(bodies, 1, NULL);
    opened o = open_pdf(s);
    assert_int_equal(o.rc, 0);
    assert_null(kc_pdf_get(o.doc, 0, 1, &o.err));
    close_pdf(&o);
    g_string_free(s, TRUE);
    g_string_free(huge, TRUE);
}

/* Form fields: a /Kids cycle, a chain deeper than the bound, and names that
 * grow at each level. */
static void test_pdf_field_tree(void **state)
{
    (void)state;
    GString *longname = g_string_new("(");
    for (int i = 0; i < 100000; i++)
        g_string_append(longname, "Ten truong ");
    g_string_append_c(longname, ')');
    char *field2 = g_strdup_printf("<< /FT /Sig /T %s /Kids [3 0 R] >>", longname->str);
    char *field3 = g_strdup_printf("<< /T %s /Parent 2 0 R /Kids [2 0 R 3 0 R] /V 4 0 R >>", longname->str);
    const char *bodies[] = {
        "<< /Type /Catalog /AcroForm << /Fields [2 0 R 5 0 R] >> >>",
        field2, field3,
        "<< /Type /Sig /ByteRange [0 1 2 3] /Contents <00> >>",
        "<< /FT /Sig /T (deep) /Kids [6 0 R] >>", /* 5 -> 6 -> 7 -> ... */
    };
    GString *s = doc_of(bodies, 5, NULL);
    /* Fields 6 .. 6+2*KC_PDF_MAX_DEPTH, each the only kid of the one before. */
    g_string_truncate(s, strstr(s->str, "xref\n") - s->str);
    GArray *offs = g_array_new(FALSE, FALSE, sizeof(size_t));
    int last = 6 + 2 * KC_PDF_MAX_DEPTH;
    for (int i = 6; i <= last; i++) {
        size_t at = s->len;
        g_array_append_val(offs, at);
        if (i < last)
            g_string_append_printf(s, "%d 0 obj\n<< /T (k%d) /Kids [%d 0 R] >>\nendobj\n", i, i, i + 1);
        else
            g_string_append_printf(s, "%d 0 obj\n<< /T (leaf) /V %d 0 R >>\nendobj\n", i, i + 1);
    }
    size_t at = s->len; /* the leaf's own signature value */
    g_array_append_val(offs, at);
    g_string_append_printf(s, "%d 0 obj\n<< /Type /Sig /ByteRange [0 1 2 3] /Contents <01> >>\nendobj\n", last + 1);
    /* A second table section for 6..last, appended as an update. */
    size_t x = s->len;
    g_string_append_printf(s, "xref\n0 6\n0000000000 65535 f \n");
    /* Offsets of 1..5: find them again. */
    for (int i = 1; i <= 5; i++) {
        char hdr[32];
        snprintf(hdr, sizeof hdr, "\n%d 0 obj\n", i);
        const char *p = strstr(s->str, hdr);
        g_string_append_printf(s, "%010zu 00000 n \n", (size_t)(p - s->str) + 1);
    }
    g_string_append_printf(s, "6 %u\n", offs->len);
    for (guint i = 0; i < offs->len; i++)
        g_string_append_printf(s, "%010zu 00000 n \n", g_array_index(offs, size_t, i));
    g_string_append_printf(s, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", last + 2, x);
    opened o = open_pdf(s);
    assert_int_equal(o.rc, 0);
    kc_pdf_sig *sigs = NULL;
    size_t n = 0;
    double t0 = now_s();
    assert_int_equal(kc_pdf_find_sigs(o.doc, &sigs, &n, &o.err), 0);
    assert_true(now_s() - t0 < 5.0);
    /* The cycle is walked once (object 4 is one value, found once); the leaf
     * below the depth bound is not reached. */
    assert_int_equal(n, 1);
    assert_true(strlen(sigs[0].field) <= 1024);
    assert_true(g_utf8_validate(sigs[0].field, -1, NULL));
    kc_pdf_sigs_free(sigs, n);
    close_pdf(&o);
    g_array_free(offs, TRUE);
    g_string_free(s, TRUE);
    g_free(field2);
    g_free(field3);
    g_string_free(longname, TRUE);
}

/* Sections chained by /Prev: count of them, each a small table. */
static GString *chain_of(int sections, bool loop_two)
{
    GString *s = g_string_new("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n");
    size_t prev = 0;
    for (int i = 0; i < sections; i++) {
        size_t x = s->len;
        g_string_append(s, "xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R");
        if (i > 0)
            g_string_append_printf(s, " /Prev %zu", prev);
        else if (loop_two)
            g_string_append(s, " /Prev PREVPREVPR");
        g_string_append(s, " >>\n");
        prev = x;
    }
    g_string_append_printf(s, "startxref\n%zu\n%%%%EOF\n", prev);
    if (loop_two) {
        /* The first section's /Prev points at the second: A -> B -> A. */
        char num[16];
        snprintf(num, sizeof num, "%-10zu", prev);
        char *p = strstr(s->str, "PREVPREVPR");
        memcpy(p, num, 10);
    }
    return s;
}

static void test_pdf_prev_chain(void **state)
{
    (void)state;
    GString *s = chain_of(2, true);
    opened o = open_pdf(s);
    assert_int_equal(o.rc, KC_EFORMAT);
    assert_non_null(strstr(o.err.message, "loops"));
    close_pdf(&o);
    g_string_free(s, TRUE);

    s = chain_of(KC_PDF_MAX_SECTIONS, false);
    o = open_pdf(s);
    assert_int_equal(o.rc, 0);
    assert_int_equal(kc_pdf_section_count(o.doc), KC_PDF_MAX_SECTIONS);
    close_pdf(&o);
    g_string_free(s, TRUE);

    s = chain_of(KC_PDF_MAX_SECTIONS + 1, false);
    o = open_pdf(s);
    assert_int_equal(o.rc, KC_ELIMIT);
    close_pdf(&o);
    g_string_free(s, TRUE);
}

/* Hybrid files: two tables whose /XRefStm name each other (each read once,
 * no recursion: this overflowed the stack before). */
static void test_pdf_xrefstm_loop(void **state)
{
    (void)state;
    GString *s = g_string_new("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n");
    size_t a = s->len;
    g_string_append(s, "xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n"
                       "trailer\n<< /Size 2 /Root 1 0 R /XRefStm BBBBBBBBBB >>\n");
    size_t b = s->len;
    g_string_append_printf(s, "xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 2 /Root 1 0 R /XRefStm %010zu >>\n"
                              "startxref\n%zu\n%%%%EOF\n", a, a);
    char num[16];
    snprintf(num, sizeof num, "%010zu", b);
    memcpy(strstr(s->str, "BBBBBBBBBB"), num, 10);
    opened o = open_pdf(s);
    assert_int_equal(o.rc, KC_EFORMAT);
    assert_non_null(strstr(o.err.message, "XRefStm"));
    close_pdf(&o);
    g_string_free(s, TRUE);
}

static void test_pdf_xref_counts(void **state)
{
    (void)state;
    /* A table subsection claiming more objects than the bound. */
    GString *s = g_string_new("%PDF-1.7\n");
    size_t x = s->len;
    g_string_append_printf(s, "xref\n0 %u\n0000000000 65535 f \ntrailer\n<< /Size 2 >>\nstartxref\n%zu\n%%%%EOF\n",
                           KC_PDF_MAX_OBJECTS + 1, x);
    opened o = open_pdf(s);
    assert_int_equal(o.rc, KC_ELIMIT);
    assert_non_null(strstr(o.err.message, "too many objects"));
    close_pdf(&o);
    g_string_free(s, TRUE);

    /* xref streams: /Size and /Index past the bound. */
    const char *bad[] = {
        "/Size 99999999 /W [1 2 1]",
        "/Size 5 /Index [8388600 100] /W [1 2 1]",
        "/Size 5 /Index [0 -1] /W [1 2 1]",
        "/Size 5 /W [1 9 1]",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        s = g_string_new("%PDF-1.7\n");
        x = s->len;
        g_string_append_printf(s, "1 0 obj\n<< /Type /XRef %s /Length 4 >>\nstream\n", bad[i]);
        g_string_append_len(s, "\x01\x00\x09\x00", 4);
        g_string_append_printf(s, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", x);
        o = open_pdf(s);
        assert_int_equal(o.rc, KC_EFORMAT);
        assert_non_null(strstr(o.err.message, i == 3 ? "/W" : i == 0 ? "/Size" : "/Index"));
        close_pdf(&o);
        g_string_free(s, TRUE);
    }
}

static void test_pdf_object_window(void **state)
{
    (void)state;
    /* An object bigger than the read window: a dictionary that never ends. */
    GString *big = g_string_new("<< /Type /Catalog /S (");
    while (big->len < KC_PDF_MAX_WINDOW + 4096)
        g_string_append(big, "0123456789abcdef");
    const char *bodies[] = {big->str};
    GString *s = doc_of(bodies, 1, NULL);
    opened o = open_pdf(s);
    assert_int_equal(o.rc, 0);
    o.err.code = 0;
    assert_null(kc_pdf_get(o.doc, 0, 1, &o.err));
    assert_int_equal(o.err.code, KC_ELIMIT);
    close_pdf(&o);
    g_string_free(s, TRUE);
    g_string_free(big, TRUE);
}

/* A Flate bomb as the cross-reference stream: zeros that inflate past the bound. */
static void test_pdf_inflate_bomb(void **state)
{
    (void)state;
    size_t plain = KC_PDF_MAX_INFLATE + (1u << 20);
    z_stream zs = {0};
    assert_int_equal(deflateInit(&zs, 9), Z_OK);
    size_t cap = plain / 500 + 4096;
    unsigned char *out = malloc(cap), *zeros = calloc(1, 1u << 20);
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    for (size_t done = 0; done < plain; done += 1u << 20) {
        zs.next_in = zeros;
        zs.avail_in = 1u << 20;
        assert_int_equal(deflate(&zs, done + (1u << 20) >= plain ? Z_FINISH : Z_NO_FLUSH), done + (1u << 20) >= plain ? Z_STREAM_END : Z_OK);
    }
    size_t clen = cap - zs.avail_out;
    deflateEnd(&zs);
    GString *s = g_string_new("%PDF-1.7\n");
    size_t x = s->len;
    g_string_append_printf(s, "1 0 obj\n<< /Type /XRef /Size 2 /W [1 2 1] /Filter /FlateDecode /Length %zu >>\nstream\n",
                           clen);
    g_string_append_len(s, (const char *)out, (gssize)clen);
    g_string_append_printf(s, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", x);
    double t0 = now_s();
    opened o = open_pdf(s);
    assert_int_equal(o.rc, KC_ELIMIT);
    assert_non_null(strstr(o.err.message, "decodes to more than"));
    assert_true(now_s() - t0 < 20.0);
    close_pdf(&o);
    g_string_free(s, TRUE);
    free(out);
    free(zeros);
}

static void test_pdf_objstm_count(void **state)
{
    (void)state;
    char *stm = g_strdup_printf("<< /Type /ObjStm /N %d /First 4 /Length 8 >>\nstream\n2 0 << >>\nendstream",
                                KC_PDF_MAX_OBJSTM_N + 1);
    const char *bodies[] = {"<< /Type /Catalog /X 5 0 R >>", stm};
    GString *s = doc_of(bodies, 2, NULL);
    /* An update whose xref stream puts object 5 inside object stream 2. */
    size_t x = s->len;
    unsigned char rows[] = {2, 0, 2, 0, 1, 0, 0, 0, 0}; /* 5: type 2, stream 2, index 0; 6: this stream */
    size_t prev = (size_t)(strstr(s->str, "xref\n") - s->str);
    rows[5] = (unsigned char)(x >> 16);
    rows[6] = (unsigned char)(x >> 8);
    rows[7] = (unsigned char)x;
    g_string_append_printf(s, "6 0 obj\n<< /Type /XRef /Size 7 /Index [5 2] /W [1 3 0] /Root 1 0 R /Prev %zu /Length 8 >>\nstream\n",
                           prev);
    unsigned char r8[8] = {2, 0, 0, 2, 1, rows[5], rows[6], rows[7]};
    g_string_append_len(s, (const char *)r8, 8);
    g_string_append_printf(s, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", x);
    opened o = open_pdf(s);
    assert_int_equal(o.rc, 0);
    o.err.code = 0;
    assert_null(kc_pdf_get(o.doc, 1, 5, &o.err));
    assert_int_equal(o.err.code, KC_EFORMAT);
    assert_non_null(strstr(o.err.message, "object stream 2 is malformed"));
    close_pdf(&o);
    g_string_free(s, TRUE);
    g_free(stm);
}

static void test_pdf_reference_chains(void **state)
{
    (void)state;
    /* 1 -> 2 -> 3 -> ... -> 40 -> 1: resolving follows a bounded number of hops. */
    char *bodies[40];
    bodies[0] = g_strdup("<< /Type /Catalog /X 2 0 R >>");
    for (int i = 1; i < 40; i++)
        bodies[i] = g_strdup_printf("%d 0 R", i == 39 ? 1 : i + 2);
    GString *s = doc_of((const char *const *)bodies, 40, NULL);
    opened o = open_pdf(s);
    assert_int_equal(o.rc, 0);
    kc_pdf_obj *root = kc_pdf_get(o.doc, 0, 1, &o.err);
    kc_pdf_obj *x = kc_pdf_resolve(o.doc, 0, kc_pdf_dict_get(root, "X"));
    assert_null(x); /* still a reference after the bound: no value */
    close_pdf(&o);
    g_string_free(s, TRUE);
    for (int i = 0; i < 40; i++)
        g_free(bodies[i]);

    /* Streams whose /Length is a reference to a stream whose /Length is ... */
    const char *len_bodies[] = {
        "<< /Type /Catalog >>",
        "<< /Length 3 0 R >>\nstream\nab\nendstream",
        "<< /Length 4 0 R >>\nstream\nab\nendstream",
        "<< /Length 5 0 R >>\nstream\nab\nendstream",
        "<< /Length 6 0 R >>\nstream\nab\nendstream",
        "<< /Length 7 0 R >>\nstream\nab\nendstream",
        "<< /Length 2 0 R >>\nstream\nab\nendstream",
    };
    s = doc_of(len_bodies, 7, NULL);
    o = open_pdf(s);
    assert_int_equal(o.rc, 0);
    assert_null(kc_pdf_get(o.doc, 0, 2, &o.err));
    close_pdf(&o);
    g_string_free(s, TRUE);
}

static void test_pdf_contents_size(void **state)
{
    (void)state;
    GString *sig = g_string_new("<< /Type /Sig /SubFilter /adbe.pkcs7.detached /ByteRange [0 1 2 3] /Contents <");
    for (size_t i = 0; i < (1u << 20) + 1; i++)
        g_string_append(sig, "30");
    g_string_append(sig, "> >>");
    const char *bodies[] = {
        "<< /Type /Catalog /AcroForm << /Fields [2 0 R] >> >>",
        "<< /FT /Sig /T (Big) /V 3 0 R >>",
        sig->str,
    };
    GString *s = doc_of(bodies, 3, NULL);
    opened o = open_pdf(s);
    assert_int_equal(o.rc, 0);
    kc_pdf_sig *sigs = NULL;
    size_t n = 0;
    assert_int_equal(kc_pdf_find_sigs(o.doc, &sigs, &n, &o.err), 0);
    assert_int_equal(n, 1);
    assert_false(sigs[0].contents_ok);
    assert_null(sigs[0].contents);
    kc_pdf_sigs_free(sigs, n);
    close_pdf(&o);
    g_string_free(s, TRUE);
    g_string_free(sig, TRUE);
}

/* Coverage work must not grow with the square of what a file holds: a page
 * dictionary of 200000 keys saved again after signing, and 2000 updates that
 * each rewrite the document information over 5000 signed objects. */
static void test_pdf_coverage_cost(void **state)
{
    (void)state;
    GString *keys = g_string_new("");
    for (int i = 0; i < 200000; i++)
        g_string_append_printf(keys, "/K%d %d ", i, i);
    for (int variant = 0; variant < 2; variant++) {
        GString *s = g_string_new("%PDF-1.7\n");
        int extra = variant ? 5000 : 0, nobj = 7 + extra;
        size_t *off = calloc((size_t)nobj + 1, sizeof *off);
#define OBJ(num, ...) do { off[num] = s->len; g_string_append_printf(s, "%d 0 obj\n", num); \
        g_string_append_printf(s, __VA_ARGS__); g_string_append(s, "\nendobj\n"); } while (0)
        OBJ(1, "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>");
        OBJ(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        OBJ(3, "<< /Type /Page /Parent 2 0 R /Annots [4 0 R] %s>>", variant ? "" : keys->str);
        OBJ(4, "<< /FT /Sig /T (A) /V 5 0 R >>");
        OBJ(5, "<< /Type /Sig /ByteRange [0 0000000000 0000000000 0000000000] /Contents <00> >>");
        OBJ(6, "<< /Producer (x) >>");
        for (int i = 7; i < nobj; i++)
            OBJ(i, "<< /N %d >>", i);
#undef OBJ
        size_t x = s->len, prev;
        g_string_append_printf(s, "xref\n0 %d\n0000000000 65535 f \n", nobj);
        for (int i = 1; i < nobj; i++)
            g_string_append_printf(s, "%010zu 00000 n \n", off[i]);
        g_string_append_printf(s, "trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%zu\n%%%%EOF\n", nobj, x);
        /* The signature covers everything so far but its /Contents. */
        char *br = strstr(s->str, "[0 0000000000"), *ct = strstr(s->str, "/Contents <00>") + 10;
        size_t a = (size_t)(ct - s->str);
        char tmp[64];
        snprintf(tmp, sizeof tmp, "[0 %010zu %010zu %010zu]", a, a + 4, s->len - a - 4);
        memcpy(br, tmp, strlen(tmp));
        prev = x;
        for (int u = 0; u < (variant ? 2000 : 1); u++) {
            size_t at = s->len;
            if (variant)
                g_string_append_printf(s, "6 0 obj\n<< /Producer (x%d) >>\nendobj\n", u);
            else
                g_string_append_printf(s, "3 0 obj\n<< /Type /Page /Parent 2 0 R /Annots [4 0 R] %s/Zz 1 >>\nendobj\n",
                                       keys->str);
            x = s->len;
            g_string_append_printf(s, "xref\n%d 1\n%010zu 00000 n \ntrailer\n<< /Size %d /Root 1 0 R /Info 6 0 R "
                                   "/Prev %zu >>\nstartxref\n%zu\n%%%%EOF\n", variant ? 6 : 3, at, nobj, prev, x);
            prev = x;
        }
        opened o = open_pdf(s);
        assert_int_equal(o.rc, 0);
        kc_pdf_sig *sigs = NULL;
        size_t n = 0;
        assert_int_equal(kc_pdf_find_sigs(o.doc, &sigs, &n, &o.err), 0);
        assert_int_equal(n, 1);
        assert_true(sigs[0].byterange_ok);
        bool covers = !variant;
        const char *why = NULL;
        double t0 = now_s();
        assert_int_equal(kc_pdf_check_coverage(o.doc, &sigs[0], NULL, 0, &covers, &why, &o.err), 0);
        assert_true(now_s() - t0 < 10.0);
        /* A page key added is a change; rewriting /Info is not. */
        assert_int_equal(covers, variant ? true : false);
        kc_pdf_sigs_free(sigs, n);
        close_pdf(&o);
        free(off);
        g_string_free(s, TRUE);
    }
    g_string_free(keys, TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pdf_nesting),
        cmocka_unit_test(test_pdf_field_tree),
        cmocka_unit_test(test_pdf_prev_chain),
        cmocka_unit_test(test_pdf_xrefstm_loop),
        cmocka_unit_test(test_pdf_xref_counts),
        cmocka_unit_test(test_pdf_object_window),
        cmocka_unit_test(test_pdf_inflate_bomb),
        cmocka_unit_test(test_pdf_objstm_count),
        cmocka_unit_test(test_pdf_reference_chains),
        cmocka_unit_test(test_pdf_contents_size),
        cmocka_unit_test(test_pdf_coverage_cost),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
