/* test_pdf.c: the PDF structure reader: the parser, cross-reference sections,
 * signature dictionaries (rule 1) and coverage (rule 4), on small documents
 * built here byte by byte; what can be seen and the bytes viewers read, and
 * the shadow-attack corpus, are test_pdf_visible.c's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <fcntl.h>
#include <glib.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pdf.h"
#include "pdf_cover.h"

#include "test_pdfb.h"
#include "test_pdf_fx.h"

/* ---- the parser -------------------------------------------------------- */


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

/* A name may not hold #00 (ISO 32000-1, 7.3.5): /Root#00 was read as /Root
 * here (keys are C strings) and as another key by pdf.js (atkpdf).  Any other
 * escape, #6f for "o", reads as its byte. */
static void test_parser_name_nul(void **state)
{
    (void)state;
    kc_arena *a = kc_arena_new();
    kc_pdf_obj *o = NULL;
    assert_int_equal(parse(a, "<< /Root#00 1 0 R >> ", &o), KC_PARSE_BAD);
    assert_int_equal(parse(a, "<< /Type /Catalog#00x >> ", &o), KC_PARSE_BAD);
    assert_int_equal(parse(a, "<< /R#6f#6ft 1 0 R >> ", &o), KC_PARSE_OK);
    assert_non_null(kc_pdf_dict_get(o, "Root"));
    kc_arena_free(a);
}

/* "#", one hex digit and a byte that is none (rtpdf23): poppler reads the
 * digit and that byte as one code ("/#5Xrev" is /Prev, "/A#5/B" one name),
 * MuPDF and pdf.js keep "#5X": not read.  "#" before a byte that is no hex
 * digit is "#" to every reader. */
static void test_parser_name_half_escape(void **state)
{
    (void)state;
    kc_arena *a = kc_arena_new();
    kc_pdf_obj *o = NULL;
    assert_int_equal(parse(a, "<< /Prev 1 /#5Xrev 2 >> ", &o), KC_PARSE_BAD);
    assert_int_equal(parse(a, "<< /A#5/B 1 >> ", &o), KC_PARSE_BAD);
    assert_int_equal(parse(a, "<< /A#5 1 >> ", &o), KC_PARSE_BAD);
    assert_int_equal(parse(a, "<< /Type /Pag#e5 >> ", &o), KC_PARSE_OK); /* two digits: "\xe5" */
    assert_int_equal(parse(a, "<< /#Xrev 2 /A# 1 >> ", &o), KC_PARSE_OK);
    assert_non_null(kc_pdf_dict_get(o, "#Xrev"));
    assert_non_null(kc_pdf_dict_get(o, "A#"));
    kc_arena_free(a);
}

/* A real is read the PDF way, '.' its decimal point, whatever the program
 * linking libkiemchung set its locale to: strtod under vi_VN (decimal comma)
 * read "0.5" as 0 and "595.276" as 595, so a widget's /Rect was read smaller
 * than viewers draw it.  The locale is compiled here (localedef); where that
 * cannot be done the test is skipped. */
static void test_parser_reals_any_locale(void **state)
{
    (void)state;
    char *dir = g_dir_make_tmp("kc-locale-XXXXXX", NULL);
    assert_non_null(dir);
    char *target = g_build_filename(dir, "vi_VN.UTF-8", NULL);
    const char *argv[] = {"localedef", "-i", "vi_VN", "-f", "UTF-8", target, NULL};
    int status = -1;
    gboolean ran = g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                                G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL);
    locale_t vi = (locale_t)0;
    if (ran && g_spawn_check_wait_status(status, NULL)) {
        g_setenv("LOCPATH", dir, TRUE);
        vi = newlocale(LC_NUMERIC_MASK, "vi_VN.UTF-8", (locale_t)0);
        g_unsetenv("LOCPATH");
    }
    char *rm[] = {"rm", "-rf", dir, NULL};
    g_spawn_sync(NULL, rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    g_free(target);
    g_free(dir);
    if (!vi)
        skip();
    locale_t before = uselocale(vi);
    assert_string_equal(localeconv()->decimal_point, ",");
    kc_arena *a = kc_arena_new();
    kc_pdf_obj *o = NULL;
    int r = parse(a, "[0.5 595.276 000000000000000000000000000000000000000000000000000000000000000000000000841.89] ", &o);
    uselocale(before);
    freelocale(vi);
    assert_int_equal(r, KC_PARSE_OK);
    assert_true(o->u.arr.items[0]->u.r == 0.5);
    assert_true(o->u.arr.items[1]->u.r == 595.276);
    assert_true(o->u.arr.items[2]->u.r == 841.89);
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

/* Hex strings as the block decoder of pdf_lex.c meets them: runs of digits in
 * both cases, zero padding, whitespace anywhere (odd digit counts across it),
 * and the bytes next to the digit ranges, which must still be refused. */
static size_t ref_hex(const char *t, unsigned char *out, bool *ok)
{
    size_t n = 0;
    int hi = -1;
    *ok = true;
    for (const char *c = t + 1; *c != '>'; c++) {
        int v = g_ascii_xdigit_value(*c);
        if (v < 0) {
            if (!strchr(" \n\r\t\f", *c)) {
                *ok = false;
                return 0;
            }
            continue;
        }
        if (hi < 0)
            hi = v;
        else
            out[n++] = (unsigned char)(hi << 4 | v), hi = -1;
    }
    if (hi >= 0)
        out[n++] = (unsigned char)(hi << 4);
    return n;
}

static void test_parser_hex_blocks(void **state)
{
    (void)state;
    static const char digits[] = "0123456789abcdefABCDEF";
    static const char bad[] = {'/', ':', '@', 'G', '`', 'g', 'z', (char)0x80, (char)0xC1, (char)0xE6, (char)0xFF};
    GRand *r = g_rand_new_with_seed(16);
    kc_arena *a = kc_arena_new();
    unsigned char want[4096];
    for (int round = 0; round < 3000; round++) {
        GString *t = g_string_new("<");
        int len = g_rand_int_range(r, 0, 600);
        bool zeros = g_rand_boolean(r);
        for (int i = 0; i < len; i++) {
            int what = g_rand_int_range(r, 0, 100);
            if (what < 3)
                g_string_append_c(t, " \n\r\t"[g_rand_int_range(r, 0, 4)]);
            else if (zeros && i > len / 2)
                g_string_append_c(t, '0');
            else
                g_string_append_c(t, digits[g_rand_int_range(r, 0, sizeof digits - 1)]);
        }
        if (round % 5 == 0 && t->len > 1) /* one byte that is no digit, anywhere */
            t->str[g_rand_int_range(r, 1, (int)t->len)] = bad[g_rand_int_range(r, 0, sizeof bad)];
        g_string_append(t, "> ");
        bool ok = false;
        size_t n = ref_hex(t->str, want, &ok);
        kc_pdf_obj *o = NULL;
        kc_parse_result pr = parse(a, t->str, &o);
        if (!ok) {
            assert_int_equal(pr, KC_PARSE_BAD);
        } else {
            assert_int_equal(pr, KC_PARSE_OK);
            assert_true(o->hex);
            assert_int_equal(o->u.str.len, n);
            assert_memory_equal(o->u.str.data, want, n);
            assert_int_equal(o->hex_ws, strpbrk(t->str, " \n\r\t") != t->str + t->len - 1);
        }
        g_string_free(t, TRUE);
    }
    kc_arena_free(a);
    g_rand_free(r);
}

/* "num gen R" against the numbers of an array, whose next number's digits
 * are only counted unless an R follows (pdf_lex.c). */
static void test_parser_refs(void **state)
{
    (void)state;
    kc_arena *a = kc_arena_new();
    kc_pdf_obj *o = NULL;
    assert_int_equal(parse(a, "[1 0 R 2 65535 R 10 20 30 12 0.5] ", &o), KC_PARSE_OK);
    assert_int_equal(o->u.arr.n, 7);
    assert_int_equal(o->u.arr.items[0]->type, KC_PDF_REF);
    assert_int_equal(o->u.arr.items[0]->u.ref.num, 1);
    assert_int_equal(o->u.arr.items[1]->type, KC_PDF_REF);
    assert_int_equal(o->u.arr.items[1]->u.ref.gen, 65535);
    for (int i = 2; i < 6; i++)
        assert_int_equal(o->u.arr.items[i]->type, KC_PDF_INT);
    assert_int_equal(o->u.arr.items[5]->u.i, 12);
    assert_int_equal(o->u.arr.items[6]->type, KC_PDF_REAL);
    /* Twenty-one digits: kc_pdf_read_uint's own reading (zero, a generation). */
    assert_int_equal(parse(a, "7 000000000000000000000 R ", &o), KC_PARSE_OK);
    assert_int_equal(o->type, KC_PDF_REF);
    assert_int_equal(o->u.ref.num, 7);
    assert_int_equal(o->u.ref.gen, 0);
    assert_int_equal(parse(a, "7 0\n", &o), KC_PARSE_MORE); /* an R may follow */
    assert_int_equal(parse(a, "7 ", &o), KC_PARSE_MORE);
    assert_int_equal(parse(a, "7 0 Rx ", &o), KC_PARSE_OK);
    assert_int_equal(o->type, KC_PDF_INT);
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
    /* revision() writes /Root 1 0 R first: blanked, /Root 10 0 R alone. */
    char *t = g_strrstr(b.s->str, "/Root 1 0 R /Root 10 0 R");
    assert_non_null(t);
    memset(t, ' ', strlen("/Root 1 0 R"));
    assert_false(covers(*state, &b, &why));
    assert_non_null(strstr(why, "catalog"));
}

/* A trailer naming /Root twice: poppler may take either (it sorts a
 * dictionary of 32 keys or more), so it is refused as such, whichever names
 * the signed catalog. */
static void test_trailer_dup_root_rejected(void **state)
{
    pdfb b = {0};
    const char *why = NULL;
    signed_doc(&b);
    obj(&b, 10, "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>");
    revision(&b, "/Root 10 0 R /Root 1 0 R");
    assert_false(covers(*state, &b, &why));
    assert_non_null(strstr(why, "names a key twice"));
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

/* A catalog, an empty page tree and one stream whose data is data: the
 * document the two tests below scan. */
static void stream_doc(pdfb *b, const char *data)
{
    b->s = g_string_new("%PDF-1.7\n");
    obj(b, 1, "<< /Type /Catalog /Pages 2 0 R >>");
    obj(b, 2, "<< /Type /Pages /Kids [] /Count 0 >>");
    GString *body = g_string_new(NULL);
    g_string_printf(body, "<< /Length %zu >>\nstream\n%s\nendstream", strlen(data), data);
    obj(b, 3, body->str);
    g_string_free(body, TRUE);
    revision(b, NULL);
}

/* The scan's list of where "endstream" starts is where a plain search finds
 * it, want times; the document is closed again. */
static void check_endstreams(fixture *f, pdfb *b, guint want)
{
    kc_error err = {0};
    assert_int_equal(open_bytes(f, b->s->str, b->s->len, &err), 0);
    const GArray *ends = kc_cover_endstreams(f->doc);
    assert_non_null(ends);
    guint n = 0;
    for (const char *p = b->s->str; (p = g_strstr_len(p, (gssize)(b->s->str + b->s->len - p), "endstream")); p++) {
        assert_true(n < ends->len);
        assert_int_equal(g_array_index(ends, uint64_t, n), (uint64_t)(p - b->s->str));
        n++;
    }
    assert_int_equal(n, want);
    assert_int_equal(ends->len, n);
    kc_pdf_close(f->doc);
    f->doc = NULL;
    close(f->fd);
    unlink(f->path);
    f->fd = -1;
    g_string_free(b->s, TRUE);
}

/* The scan keeps where every "endstream" starts, for MuPDF's repair walk
 * (pdf_repair_walk.c), which no longer reads stream data again: one that
 * straddles the scan's chunks (a MiB each, read with a kilobyte before) is
 * found once, as one that ends at a chunk's end or starts at the next. */
static void test_endstreams_across_chunks(void **state)
{
    for (size_t d = 0; d <= 10; d++) {
        pdfb b = {0};
        size_t head = strlen("%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                             "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
                             "3 0 obj\n<< /Length 1200000 >>\nstream\n"),
               len = 1200000;
        char *data = g_malloc(len + 1);
        memset(data, 'x', len);
        data[len] = 0;
        size_t at = ((size_t)1 << 20) - 9 + d - head; /* ends at the chunk's end, d = 0 */
        memcpy(data + at, "endstream", 9);
        memcpy(data + 1000, "endstreamendstream", 18);
        stream_doc(&b, data);
        check_endstreams(*state, &b, 4);
        g_free(data);
    }
}

/* The scan tests sixty-four positions at a time (AVX-512BW where there is
 * one, else two halves of thirty-two with AVX2, else SSE2 and bytes) and
 * takes a block's candidates one by one: an "endstream" at each of the 64
 * offsets in a block, and two that overlap a block's end, are each found
 * once, in file order, as a plain search finds them. */
static void test_endstreams_every_lane(void **state)
{
    pdfb b = {0};
    size_t len = 20000;
    char *data = g_malloc(len + 1);
    memset(data, 'x', len);
    data[len] = 0;
    for (size_t i = 0; i < 128; i++) /* 73 is odd: every offset modulo 64, twice */
        memcpy(data + 100 + i * 73, "endstream", 9);
    memcpy(data + len - 200, "endstreamendstream", 18);
    stream_doc(&b, data);
    check_endstreams(*state, &b, 128 + 2 + 1);
    g_free(data);
}

/* MuPDF's repair walk asks nothing of the signature being checked, so its
 * answer is kept for the document (pdf_repair_walk.c): asked again, as by
 * the same-document key's second coverage check, it gives the same answer
 * and the same reason, found or not (an object the table lists inside
 * another object's stream data, where the walk does not look). */
static void test_repair_finds_kept(void **state)
{
    fixture *f = *state;
    for (int hide = 0; hide < 2; hide++) {
        pdfb b = {0};
        kc_error err = {0};
        const char *data = "4 0 obj\n<< /Hidden true >>\nendobj\n";
        GString *body = g_string_new(NULL);
        b.s = g_string_new("%PDF-1.7\n");
        obj(&b, 1, "<< /Type /Catalog /Pages 2 0 R >>");
        obj(&b, 2, "<< /Type /Pages /Kids [] /Count 0 >>");
        g_string_printf(body, "<< /Length %zu >>\nstream\n%s\nendstream", strlen(data), data);
        obj(&b, 3, body->str);
        g_string_free(body, TRUE);
        if (hide) {
            b.nums[b.n++] = 4;
            b.off[4] = (uint64_t)(strstr(b.s->str, "4 0 obj") - b.s->str);
        }
        revision(&b, NULL);
        assert_int_equal(open_bytes(f, b.s->str, b.s->len, &err), 0);
        assert_non_null(kc_cover_endstreams(f->doc)); /* the scan the walk reads */
        for (int ask = 0; ask < 3; ask++) {
            kc_cover c = {.doc = f->doc};
            assert_int_equal(kc_cover_repair_finds(&c), !hide);
            if (hide)
                assert_non_null(c.why && strstr(c.why, "does not find it"));
            else
                assert_null(c.why);
        }
        kc_pdf_close(f->doc);
        f->doc = NULL;
        close(f->fd);
        unlink(f->path);
        f->fd = -1;
        g_string_free(b.s, TRUE);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parser_objects),
        cmocka_unit_test(test_parser_name_nul),
        cmocka_unit_test(test_parser_name_half_escape),
        cmocka_unit_test(test_parser_bounds),
        cmocka_unit_test(test_parser_reals_any_locale),
        cmocka_unit_test(test_parser_hex_blocks),
        cmocka_unit_test(test_parser_refs),
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
        cmocka_unit_test_setup_teardown(test_trailer_dup_root_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_appended_garbage_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dangling_reference_filled_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_endstreams_across_chunks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_endstreams_every_lane, setup, teardown),
        cmocka_unit_test_setup_teardown(test_repair_finds_kept, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
