/* test_pdf.c: the PDF structure reader: the parser, cross-reference sections,
 * signature dictionaries (rule 1) and coverage (rule 4), on small documents
 * built here byte by byte, and on the shadow-attack corpus when present. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <fcntl.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pdf.h"

/* ---- a tiny PDF writer for the tests ---------------------------------- */

typedef struct pdfb {
    GString *s;
    uint64_t off[32];
    int nums[32];
    int n;          /* objects in the current revision */
    uint64_t last_xref;
} pdfb;

static void obj(pdfb *b, int num, const char *body)
{
    b->nums[b->n++] = num;
    b->off[num] = b->s->len;
    g_string_append_printf(b->s, "%d 0 obj\n%s\nendobj\n", num, body);
}

/* Ends a revision: an xref table for the objects written since the last one. */
static void revision(pdfb *b, const char *trailer_extra)
{
    uint64_t xref = b->s->len;
    g_string_append(b->s, "xref\n0 1\n0000000000 65535 f \n");
    for (int i = 0; i < b->n; i++)
        g_string_append_printf(b->s, "%d 1\n%010llu 00000 n \n", b->nums[i],
                               (unsigned long long)b->off[b->nums[i]]);
    g_string_append_printf(b->s, "trailer\n<< /Size 32 /Root 1 0 R %s", trailer_extra ? trailer_extra : "");
    if (b->last_xref)
        g_string_append_printf(b->s, " /Prev %llu", (unsigned long long)b->last_xref);
    g_string_append_printf(b->s, " >>\nstartxref\n%llu\n%%%%EOF\n", (unsigned long long)xref);
    b->last_xref = xref;
    b->n = 0;
}

/* Patches the signature placeholder so that it signs everything written so
 * far except its /Contents. */
static void seal(pdfb *b)
{
    char *br = strstr(b->s->str, "/ByteRange [0 0000000000 0000000000 0000000000]");
    char *c = strstr(b->s->str, "/Contents <");
    assert_non_null(br);
    assert_non_null(c);
    size_t a = (size_t)(c - b->s->str) + 10, e = a;
    while (b->s->str[e] != '>')
        e++;
    e++;
    char tmp[64];
    snprintf(tmp, sizeof tmp, "[0 %010zu %010zu %010zu]", a, e, b->s->len - e);
    memcpy(br + 11, tmp, strlen(tmp));
}

static const char *SIGDICT =
    "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached "
    "/ByteRange [0 0000000000 0000000000 0000000000] /Contents <3082000000000000> >>";

/* A one-page document with one signed field (fake CMS: the reader does not look inside). */
static void signed_doc(pdfb *b)
{
    b->s = g_string_new("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
    obj(b, 1, "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>");
    obj(b, 2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    obj(b, 3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R /Annots [4 0 R] >>");
    obj(b, 4, "<< /FT /Sig /Subtype /Widget /Rect [0 0 0 0] /T (Leader) /V 5 0 R /P 3 0 R /F 132 >>");
    obj(b, 5, SIGDICT);
    obj(b, 6, "<< /Length 11 >>\nstream\n0 0 m 1 1 l\nendstream");
    revision(b, NULL);
    seal(b);
}

typedef struct fixture {
    char path[64];
    int fd;
    kc_pdf_doc *doc;
    kc_pdf_sig *sigs;
    size_t n;
} fixture;

static int setup(void **state)
{
    *state = calloc(1, sizeof(fixture));
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    kc_pdf_sigs_free(f->sigs, f->n);
    kc_pdf_close(f->doc);
    if (f->fd > 0) {
        close(f->fd);
        unlink(f->path);
    }
    free(f);
    return 0;
}

static int open_bytes(fixture *f, const char *data, size_t len, kc_error *err)
{
    strcpy(f->path, "/tmp/kc-test-pdf-XXXXXX");
    f->fd = mkstemp(f->path);
    assert_int_equal(write(f->fd, data, len), (ssize_t)len);
    return kc_pdf_open(&f->doc, f->fd, len, err);
}

/* Opens b, finds its signatures and returns the first one's coverage. */
static bool covers(fixture *f, pdfb *b, const char **why)
{
    kc_error err = {0};
    assert_int_equal(open_bytes(f, b->s->str, b->s->len, &err), 0);
    assert_int_equal(kc_pdf_find_sigs(f->doc, &f->sigs, &f->n, &err), 0);
    assert_true(f->n >= 1);
    assert_true(f->sigs[0].byterange_ok);
    bool ok = false;
    assert_int_equal(kc_pdf_check_coverage(f->doc, &f->sigs[0], NULL, 0, &ok, why, &err), 0);
    g_string_free(b->s, TRUE);
    return ok;
}

/* ---- the parser -------------------------------------------------------- */

static kc_parse_result parse(kc_arena *a, const char *text, kc_pdf_obj **o)
{
    size_t pos = 0;
    return kc_pdf_parse_object(a, (const unsigned char *)text, strlen(text), &pos, 0, o);
}

static void test_parser_objects(void **state)
{
    (void)state;
    kc_arena *a = kc_arena_new();
    kc_pdf_obj *o = NULL;
    assert_int_equal(parse(a, "<< /A#20B (x\\(y\\)\\101) /H <4a4B5> /R 12 0 R /N [1 -2 3.5 true null] >> ", &o), KC_PARSE_OK);
    assert_int_equal(o->type, KC_PDF_DICT);
    kc_pdf_obj *s = kc_pdf_dict_get(o, "A B");
    assert_non_null(s);
    assert_int_equal(s->u.str.len, 5);
    assert_memory_equal(s->u.str.data, "x(y)A", 5);
    kc_pdf_obj *h = kc_pdf_dict_get(o, "H");
    assert_true(h->hex);
    assert_int_equal(h->u.str.len, 3);
    assert_int_equal(h->u.str.data[2], 0x50); /* an odd digit count pads with 0 */
    kc_pdf_obj *r = kc_pdf_dict_get(o, "R");
    assert_int_equal(r->type, KC_PDF_REF);
    assert_int_equal(r->u.ref.num, 12);
    kc_pdf_obj *n = kc_pdf_dict_get(o, "N");
    assert_int_equal(n->u.arr.n, 5);
    assert_int_equal(n->u.arr.items[1]->u.i, -2);
    assert_int_equal(n->u.arr.items[2]->type, KC_PDF_REAL);
    kc_arena_free(a);
}

static void test_parser_bounds(void **state)
{
    (void)state;
    kc_arena *a = kc_arena_new();
    kc_pdf_obj *o = NULL;
    GString *deep = g_string_new("");
    for (int i = 0; i < KC_PDF_MAX_DEPTH + 1; i++)
        g_string_append_c(deep, '[');
    for (int i = 0; i < KC_PDF_MAX_DEPTH + 1; i++)
        g_string_append_c(deep, ']');
    g_string_append_c(deep, ' ');
    assert_int_equal(parse(a, deep->str, &o), KC_PARSE_BAD); /* no recursion, no crash */
    g_string_free(deep, TRUE);
    assert_int_equal(parse(a, "<< /Key (unterminated", &o), KC_PARSE_MORE);
    assert_int_equal(parse(a, "<< /Key >> ", &o), KC_PARSE_BAD);   /* key without a value */
    assert_int_equal(parse(a, "<< (k) 1 >> ", &o), KC_PARSE_BAD);  /* a key that is not a name */
    assert_int_equal(parse(a, "] ", &o), KC_PARSE_BAD);
    kc_arena_free(a);
}

/* ---- revisions ---------------------------------------------------------- */

static void test_open_and_resolve(void **state)
{
    fixture *f = *state;
    pdfb b = {0};
    signed_doc(&b);
    kc_error err = {0};
    assert_int_equal(open_bytes(f, b.s->str, b.s->len, &err), 0);
    assert_int_equal(kc_pdf_section_count(f->doc), 1);
    kc_pdf_obj *root = kc_pdf_resolve(f->doc, 0, kc_pdf_dict_get(kc_pdf_trailer(f->doc, 0), "Root"));
    assert_true(kc_pdf_is_name(kc_pdf_dict_get(root, "Type"), "Catalog"));
    kc_pdf_obj *content = kc_pdf_get(f->doc, 0, 6, &err);
    assert_int_equal(content->type, KC_PDF_STREAM);
    assert_int_equal(content->stream_len, 11);
    g_string_free(b.s, TRUE);
}

static void test_not_a_pdf_and_truncated(void **state)
{
    fixture *f = *state;
    kc_error err = {0};
    assert_int_equal(open_bytes(f, "hello, world\n", 13, &err), KC_EFORMAT);
    assert_non_null(strstr(err.message, "not a PDF"));
    close(f->fd);
    unlink(f->path);
    pdfb b = {0};
    signed_doc(&b);
    assert_int_equal(open_bytes(f, b.s->str, b.s->len / 2, &err), KC_EFORMAT);
    assert_non_null(strstr(err.message, "startxref"));
    g_string_free(b.s, TRUE);
}

static void test_prev_loop_is_an_error(void **state)
{
    fixture *f = *state;
    pdfb b = {0};
    signed_doc(&b);
    obj(&b, 7, "<< /Producer (x) >>");
    /* A /Prev pointing at itself. */
    uint64_t self = b.s->len;
    b.last_xref = self;
    revision(&b, NULL);
    kc_error err = {0};
    assert_int_not_equal(open_bytes(f, b.s->str, b.s->len, &err), 0);
    assert_non_null(strstr(err.message, "loops"));
    g_string_free(b.s, TRUE);
}

/* ---- rule 1: the signature dictionary ---------------------------------- */

static void test_byterange_frames_contents(void **state)
{
    fixture *f = *state;
    pdfb b = {0};
    signed_doc(&b);
    /* Widen the gap by one byte on the left: it no longer is exactly /Contents. */
    char *br = strstr(b.s->str, "/ByteRange [0 ");
    long a = strtol(br + 14, NULL, 10);
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%010ld", a - 1);
    memcpy(br + 14, tmp, 10);
    kc_error err = {0};
    assert_int_equal(open_bytes(f, b.s->str, b.s->len, &err), 0);
    assert_int_equal(kc_pdf_find_sigs(f->doc, &f->sigs, &f->n, &err), 0);
    assert_int_equal(f->n, 1);
    assert_false(f->sigs[0].byterange_ok);
    assert_true(f->sigs[0].contents_ok);
    assert_string_equal(f->sigs[0].field, "Leader");
    g_string_free(b.s, TRUE);
}

/* ---- rule 4: coverage --------------------------------------------------- */

static void test_covers_whole_file(void **state)
{
    pdfb b = {0};
    const char *why = NULL;
    signed_doc(&b);
    assert_true(covers(*state, &b, &why));
}

static void test_page_content_changed(void **state)
{
    pdfb b = {0};
    const char *why = NULL;
    signed_doc(&b);
    obj(&b, 6, "<< /Length 11 >>\nstream\n9 9 m 1 1 l\nendstream");
    revision(&b, NULL);
    assert_false(covers(*state, &b, &why));
    assert_non_null(strstr(why, "changed after signing"));
}

static void test_metadata_update_allowed(void **state)
{
    pdfb b = {0};
    const char *why = NULL;
    signed_doc(&b);
    obj(&b, 7, "<< /Producer (Adobe) /ModDate (D:20210101) >>");
    revision(&b, "/Info 7 0 R");
    assert_true(covers(*state, &b, &why));
}

static void test_second_signature_allowed(void **state)
{
    pdfb b = {0};
    const char *why = NULL;
    signed_doc(&b);
    /* What an organisation's signature appends: a field, its widget on the
     * page, the AcroForm's /Fields, the signature dictionary. */
    obj(&b, 1, "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R 8 0 R] /SigFlags 3 >> >>");
    obj(&b, 3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R /Annots [4 0 R 8 0 R] >>");
    obj(&b, 8, "<< /FT /Sig /Subtype /Widget /Rect [0 0 0 0] /T (Org) /V 9 0 R /P 3 0 R /F 132 >>");
    obj(&b, 9, "<< /Type /Sig /Contents <00> /ByteRange [0 1 2 3] >>");
    revision(&b, NULL);
    assert_true(covers(*state, &b, &why));
}

static void test_other_annotation_rejected(void **state)
{
    pdfb b = {0};
    const char *why = NULL;
    signed_doc(&b);
    obj(&b, 3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R /Annots [4 0 R 8 0 R] >>");
    obj(&b, 8, "<< /Type /Annot /Subtype /FreeText /Rect [0 0 500 500] /Contents (PAID) >>");
    revision(&b, NULL);
    assert_false(covers(*state, &b, &why));
    assert_non_null(strstr(why, "other than a signature"));
}

static void test_catalog_replaced_rejected(void **state)
{
    pdfb b = {0};
    const char *why = NULL;
    signed_doc(&b);
    obj(&b, 10, "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> /OpenAction 11 0 R >>");
    revision(&b, "/Root 10 0 R");
    /* revision() writes /Root 1 0 R first; the later duplicate key wins. */
    assert_false(covers(*state, &b, &why));
    assert_non_null(strstr(why, "catalog"));
}

/* The signed page already points at object 12, which does not exist yet (a
 * reader shows nothing for it); defining it later adds content without
 * touching any signed object. */
static void test_dangling_reference_filled_rejected(void **state)
{
    pdfb b = {0};
    const char *why = NULL;
    b.s = g_string_new("%PDF-1.7\n");
    obj(&b, 1, "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>");
    obj(&b, 2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    obj(&b, 3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [6 0 R 12 0 R] /Annots [4 0 R] >>");
    obj(&b, 4, "<< /FT /Sig /Subtype /Widget /Rect [0 0 0 0] /T (Leader) /V 5 0 R /P 3 0 R >>");
    obj(&b, 5, SIGDICT);
    obj(&b, 6, "<< /Length 11 >>\nstream\n0 0 m 1 1 l\nendstream");
    revision(&b, NULL);
    seal(&b);
    obj(&b, 12, "<< /Length 11 >>\nstream\n9 9 m 1 1 l\nendstream");
    revision(&b, NULL);
    assert_false(covers(*state, &b, &why));
    assert_non_null(strstr(why, "refers to"));
}

static void test_appended_garbage_rejected(void **state)
{
    pdfb b = {0};
    const char *why = NULL;
    signed_doc(&b);
    g_string_append(b.s, "1 0 obj << /Type /Catalog >> endobj\n");
    assert_false(covers(*state, &b, &why));
}

/* ---- the shadow-attack corpus ------------------------------------------ */

static void test_shadow_corpus(void **state)
{
    const char *corpus = getenv("KC_CORPUS");
    char *dir = g_build_filename(corpus ? corpus : "tests/corpus", "shadow", NULL);
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d)
        fail_msg("the shadow-attack corpus is missing: %s", dir);
    const char *name;
    int seen = 0;
    while ((name = g_dir_read_name(d))) {
        if (!g_str_has_suffix(name, ".pdf"))
            continue;
        fixture *f = calloc(1, sizeof *f);
        char *path = g_build_filename(dir, name, NULL);
        f->fd = open(path, O_RDONLY);
        kc_error err = {0};
        off_t size = lseek(f->fd, 0, SEEK_END);
        assert_int_equal(kc_pdf_open(&f->doc, f->fd, (uint64_t)size, &err), 0);
        assert_int_equal(kc_pdf_find_sigs(f->doc, &f->sigs, &f->n, &err), 0);
        assert_int_equal(f->n, 1);
        bool ok = false;
        const char *why = NULL;
        assert_int_equal(kc_pdf_check_coverage(f->doc, &f->sigs[0], NULL, 0, &ok, &why, &err), 0);
        bool manipulated = strstr(name, "__4_") != NULL;
        if (ok == manipulated)
            fail_msg("%s: covers_document=%d", name, ok);
        seen++;
        kc_pdf_sigs_free(f->sigs, f->n);
        kc_pdf_close(f->doc);
        close(f->fd);
        free(f);
        g_free(path);
    }
    g_dir_close(d);
    g_free(dir);
    assert_true(seen >= 15);
    (void)state;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parser_objects),
        cmocka_unit_test(test_parser_bounds),
        cmocka_unit_test_setup_teardown(test_open_and_resolve, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_a_pdf_and_truncated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prev_loop_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_byterange_frames_contents, setup, teardown),
        cmocka_unit_test_setup_teardown(test_covers_whole_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_page_content_changed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_metadata_update_allowed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_second_signature_allowed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_annotation_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_catalog_replaced_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_appended_garbage_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dangling_reference_filled_rejected, setup, teardown),
        cmocka_unit_test(test_shadow_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
