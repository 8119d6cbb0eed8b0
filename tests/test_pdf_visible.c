/* test_pdf_visible.c: the PDF structure reader's rule 4 on what can be seen
 * (visible and invisible signatures, fields signed later), the bytes viewers
 * read, duplicate keys, DocMDP, forms and encryption after signing, on small
 * documents built byte by byte, a text string's readings, and on the
 * shadow-attack corpus when present. */
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

/* ---- rule 4: what can be seen, and the bytes viewers read --------------- */

/* Opens b and returns the first signature's coverage; with `verified`, the
 * later signatures count as verified, as verify.c passes them when their CMS
 * checks pass. */
static bool covers_v(fixture *f, pdfb *b, bool verified, const char **why)
{
    kc_error err = {0};
    assert_int_equal(open_bytes(f, b->s->str, b->s->len, &err), 0);
    assert_int_equal(kc_pdf_find_sigs(f->doc, &f->sigs, &f->n, &err), 0);
    assert_true(f->n >= 1);
    kc_pdf_verified ok[8];
    size_t n_ok = 0;
    for (size_t i = 1; verified && i < f->n && n_ok < 8; i++)
        ok[n_ok++] = (kc_pdf_verified){f->sigs[i].obj_num, f->sigs[i].field_num, f->sigs[i].signed_end, true};
    bool covers = false;
    assert_int_equal(kc_pdf_check_coverage(f->doc, &f->sigs[0], ok, n_ok, &covers, why, &err), 0);
    g_string_free(b->s, TRUE);
    return covers;
}

/* The organisation signs after the leader: field 8 (its own widget, with
 * the rectangle, flags and extra keys given) and signature 9 over the update. */
static void org_signs(pdfb *b, const char *rect, int flags, const char *extra)
{
    char w[512];
    obj(b, 1, "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R 8 0 R] /SigFlags 3 >> >>");
    obj(b, 3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R /Annots [4 0 R 8 0 R] >>");
    snprintf(w, sizeof w, "<< /FT /Sig /Subtype /Widget /Rect %s /T (Org) /V 9 0 R /P 3 0 R /F %d "
             "/AP << /N 10 0 R >>%s >>", rect, flags, extra);
    obj(b, 8, w);
    obj(b, 9, SIGDICT);
    obj(b, 10, "<< /Type /XObject /Subtype /Form /BBox [0 0 100 50] /Length 3 >>\nstream\n0 g\nendstream");
    revision(b, NULL);
    seal(b);
}

static void test_visible_signature_must_verify(void **state)
{
    fixture *f = *state;
    pdfb b = {0};
    const char *why = NULL;
    signed_doc(&b);
    org_signs(&b, "[300 100 400 150]", 4, "");
    assert_true(covers_v(f, &b, true, &why));
    teardown(state);
    setup(state);
    b = (pdfb){0};
    signed_doc(&b);
    org_signs(&b, "[300 100 400 150]", 4, "");
    assert_false(covers_v(*state, &b, false, &why));
    assert_non_null(strstr(why, "without a new signature that verifies"));
}

/* Invisible: no area.  On a widget the flags hide nothing (pdf.js with its
 * forms on draws a Hidden or NoView signature widget all the same). */
static void test_invisible_signature_needs_nothing(void **state)
{
    static const struct { const char *rect; int flags; bool covers; } cases[] = {
        {"[0 0 0 0]", 4, true}, {"[100 100 100 300]", 4, true}, {"[0 0 0 0]", 2, true},
        {"[0 0 595 842]", 2, false}, {"[0 0 595 842]", 32, false}, {"[0 0 595 842]", -2, false},
        {"[0 0 595 842]", 32 | 4, false}, {"[0 0 595 842]", 32 | 256, false},
        {"[0 0 595 842]", 0, false}, {"[1 2 3]", 4, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pdfb b = {0};
        const char *why = NULL;
        signed_doc(&b);
        org_signs(&b, cases[i].rect, cases[i].flags, "");
        if (covers_v(*state, &b, false, &why) != cases[i].covers)
            fail_msg("rect %s flags %d: want covers=%d (%s)", cases[i].rect, cases[i].flags, cases[i].covers,
                     why ? why : "");
        teardown(state);
        setup(state);
    }
}

/* The license is the verified signature's own field, in the update it signs. */
static void test_visible_signature_license(void **state)
{
    fixture *f = *state;
    pdfb b = {0};
    const char *why = NULL;
    signed_doc(&b);
    org_signs(&b, "[300 100 400 150]", 4, "");
    kc_error err = {0};
    assert_int_equal(open_bytes(f, b.s->str, b.s->len, &err), 0);
    assert_int_equal(kc_pdf_find_sigs(f->doc, &f->sigs, &f->n, &err), 0);
    assert_int_equal(f->n, 2);
    assert_int_equal(f->sigs[1].obj_num, 9);
    assert_int_equal(f->sigs[1].field_num, 8);
    assert_int_equal(f->sigs[1].n_fields, 1);
    kc_pdf_verified other_field = {9, 4, f->sigs[1].signed_end, true};
    kc_pdf_verified too_early = {9, 8, f->sigs[0].signed_end, true};
    kc_pdf_verified right = {9, 8, f->sigs[1].signed_end, true};
    bool covers = true;
    assert_int_equal(kc_pdf_check_coverage(f->doc, &f->sigs[0], &other_field, 1, &covers, &why, &err), 0);
    assert_false(covers);
    assert_int_equal(kc_pdf_check_coverage(f->doc, &f->sigs[0], &too_early, 1, &covers, &why, &err), 0);
    assert_false(covers);
    assert_int_equal(kc_pdf_check_coverage(f->doc, &f->sigs[0], &right, 1, &covers, &why, &err), 0);
    assert_true(covers);
    /* The right signature, but its signer may not draw after the first (another agency's). */
    kc_pdf_verified right_no_draw = {9, 8, f->sigs[1].signed_end, false};
    assert_int_equal(kc_pdf_check_coverage(f->doc, &f->sigs[0], &right_no_draw, 1, &covers, &why, &err), 0);
    assert_false(covers);
    assert_non_null(strstr(why, "outside the signer's agency"));
    g_string_free(b.s, TRUE);
}

static void test_visible_things_that_are_not_new_signatures(void **state)
{
    static const char *const added[] = {
        /* a widget of the signed field */
        "<< /Subtype /Widget /Parent 4 0 R /Rect [0 0 595 842] /F 4 /P 3 0 R /AP << /N 10 0 R >> >>",
        /* annotations that say /FT /Sig but are drawn as what they are */
        "<< /Type /Annot /Subtype /FreeText /FT /Sig /Rect [80 600 300 640] /Contents (90.000.000) "
        "/DA (/Helv 12 Tf 0 g) >>",
        "<< /Type /Annot /Subtype /Square /FT /Sig /Rect [80 600 300 640] /IC [1 1 1] >>",
        /* a signature field carrying an action, even invisible */
        "<< /FT /Sig /Subtype /Widget /Rect [0 0 0 0] /T (X) /A << /S /JavaScript /JS (1) >> >>",
    };
    for (size_t i = 0; i < sizeof added / sizeof added[0]; i++) {
        pdfb b = {0};
        const char *why = NULL;
        signed_doc(&b);
        obj(&b, 3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R /Annots [4 0 R 8 0 R] >>");
        obj(&b, 8, added[i]);
        obj(&b, 10, "<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Length 3 >>\nstream\n0 g\nendstream");
        revision(&b, NULL);
        if (covers_v(*state, &b, true, &why))
            fail_msg("added %s: still covers", added[i]);
        teardown(state);
        setup(state);
    }
}

static void test_empty_field_signed_later(void **state)
{
    /* An empty visible field prepared before the leader signed. */
    for (int verified = 0; verified < 2; verified++) {
        pdfb b = {0};
        const char *why = NULL;
        b.s = g_string_new("%PDF-1.7\n");
        obj(&b, 1, "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R 8 0 R] /SigFlags 3 >> >>");
        obj(&b, 2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        obj(&b, 3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R /Annots [4 0 R 8 0 R] >>");
        obj(&b, 4, "<< /FT /Sig /Subtype /Widget /Rect [0 0 0 0] /T (Leader) /V 5 0 R /P 3 0 R /F 132 >>");
        obj(&b, 5, SIGDICT);
        obj(&b, 6, "<< /Length 11 >>\nstream\n0 0 m 1 1 l\nendstream");
        obj(&b, 8, "<< /FT /Sig /Subtype /Widget /Rect [0 0 595 842] /T (Org) /P 3 0 R /F 4 >>");
        revision(&b, NULL);
        seal(&b);
        obj(&b, 8, "<< /FT /Sig /Subtype /Widget /Rect [0 0 595 842] /T (Org) /P 3 0 R /F 4 /V 9 0 R "
                   "/AP << /N 10 0 R >> >>");
        obj(&b, 9, SIGDICT);
        obj(&b, 10, "<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Length 3 >>\nstream\n0 g\nendstream");
        revision(&b, NULL);
        seal(&b);
        assert_int_equal(covers_v(*state, &b, verified, &why), verified);
        teardown(state);
        setup(state);
    }
}

/* A trailer without /Root, a section or object a few bytes off, an object
 * no section lists: viewers rebuild the cross-reference table and show what
 * the verifier never read.  A few bytes off in the signed part is tolerated. */
static void test_bytes_viewers_read(void **state)
{
    for (int variant = 0; variant < 8; variant++) {
        pdfb b = {0};
        const char *why = NULL;
        signed_doc(&b);
        if (variant == 5 || variant == 6) {
            /* An object header hidden in a new stream's data; in variant 6 it
             * straddles the scanner's 64 KiB reads. */
            size_t pad = variant == 6 ? 65536 - strlen("11 0 obj\n<< /Length 65540 >>\nstream\n") - 4 : 10;
            GString *body = g_string_new(NULL);
            g_string_append_printf(body, "<< /Length %zu >>\nstream\n", pad + 8);
            for (size_t i = 0; i < pad; i++)
                g_string_append_c(body, i % 64 == 63 ? '\n' : 'x');
            g_string_append(body, "\n6 0 obj\nendstream");
            obj(&b, 11, body->str);
            g_string_free(body, TRUE);
        }
        obj(&b, 7, "<< /Producer (x) >>");
        uint64_t xref = b.s->len;
        if (variant == 0 || variant == 7) { /* no /Root; object 7 listed twice */
            g_string_append_printf(b.s, "xref\n7 1\n%010llu 00000 n \n", (unsigned long long)b.off[7]);
            if (variant == 7)
                g_string_append_printf(b.s, "7 1\n%010llu 00000 n \n", (unsigned long long)b.off[7]);
            g_string_append_printf(b.s, "trailer\n<< /Size 32 %s/Prev %llu >>\nstartxref\n%llu\n%%%%EOF\n",
                                   variant == 7 ? "/Root 1 0 R " : "", (unsigned long long)b.last_xref,
                                   (unsigned long long)xref);
            b.n = 0;
        } else if (variant == 3) {
            g_string_append(b.s, "6 0 obj\n<< /Length 11 >>\nstream\n9 9 m 1 1 l\nendstream\nendobj\n");
            revision(&b, "/Info 7 0 R");
        } else {
            if (variant == 2)
                b.off[7] -= 2;
            revision(&b, "/Info 7 0 R");
            if (variant == 1) { /* startxref two bytes early */
                char *sx = g_strrstr(b.s->str, "startxref\n") + 10;
                char tmp[32];
                int len = snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)(xref - 2));
                g_string_erase(b.s, sx - b.s->str, (gssize)strcspn(sx, "\n"));
                g_string_insert_len(b.s, sx - b.s->str, tmp, len);
            }
        }
        bool covers = covers_v(*state, &b, false, &why);
        if (covers != (variant == 4))
            fail_msg("variant %d: covers=%d (%s)", variant, covers, why ? why : "");
        teardown(state);
        setup(state);
    }
}

/* Duplicate keys: a signed << /A 1 /B 2 /A 1 >> must not "equal" << /A 1 /B 2 /C 3 >>. */
static void test_duplicate_keys(void **state)
{
    (void)state;
    kc_arena *a = kc_arena_new();
    kc_pdf_obj *dup = NULL, *extra = NULL, *same = NULL;
    assert_int_equal(parse(a, "<< /A 1 /B 2 /A 1 >> ", &dup), KC_PARSE_OK);
    assert_int_equal(parse(a, "<< /A 1 /B 2 /C 3 >> ", &extra), KC_PARSE_OK);
    assert_int_equal(parse(a, "<< /A 1 /B 2 /A 1 >> ", &same), KC_PARSE_OK);
    assert_true(dup->dup_keys);
    assert_false(extra->dup_keys);
    assert_false(kc_pdf_obj_equal(NULL, dup, extra));
    assert_false(kc_pdf_obj_equal(NULL, extra, dup));
    assert_true(kc_pdf_obj_equal(NULL, dup, same));
    kc_arena_free(a);
}

/* DocMDP /P and /TransformMethod may be indirect; a /P that is not 2 or 3 is 1. */
static void test_docmdp_p(void **state)
{
    static const struct { const char *ref; int p; } cases[] = {
        {"/Reference [<< /TransformMethod /DocMDP /TransformParams << /P 13 0 R >> >>]", 1},
        {"/Reference [<< /TransformMethod 11 0 R /TransformParams 12 0 R >>]", 3},
        {"/Reference [<< /TransformMethod /DocMDP /TransformParams << /P 2.0 >> >>]", 1},
        {"/Reference [<< /TransformMethod /DocMDP /TransformParams << >> >>]", 2},
        {"/Reference [<< /TransformMethod /DocMDP /TransformParams << /P 3 >> >>]", 3},
        /* (rtmdp) the strictest of two; a /Reference that is one dictionary */
        {"/Reference [<< /TransformMethod /DocMDP /TransformParams << /P 2 >> >> "
         "<< /TransformMethod /DocMDP /TransformParams << /P 1 >> >>]", 1},
        {"/Reference [<< /TransformMethod /DocMDP /TransformParams << /P 3 >> >> "
         "<< /TransformMethod /DocMDP /TransformParams << /P 2 >> >>]", 2},
        {"/Reference << /TransformMethod /DocMDP /TransformParams << /P 1 >> >>", 1},
        {"", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fixture *f = *state;
        pdfb b = {0};
        char sig[512];
        snprintf(sig, sizeof sig, "<< /Type /Sig %s /ByteRange [0 0000000000 0000000000 0000000000] "
                 "/Contents <3082000000000000> >>", cases[i].ref);
        b.s = g_string_new("%PDF-1.7\n");
        obj(&b, 1, "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>");
        obj(&b, 2, "<< /Type /Pages /Kids [] /Count 0 >>");
        obj(&b, 4, "<< /FT /Sig /Subtype /Widget /Rect [0 0 0 0] /T (Cert) /V 5 0 R >>");
        obj(&b, 5, sig);
        obj(&b, 11, "/DocMDP");
        obj(&b, 12, "<< /P 3 >>");
        obj(&b, 13, "1");
        revision(&b, NULL);
        seal(&b);
        kc_error err = {0};
        assert_int_equal(open_bytes(f, b.s->str, b.s->len, &err), 0);
        assert_int_equal(kc_pdf_find_sigs(f->doc, &f->sigs, &f->n, &err), 0);
        assert_int_equal(f->n, 1);
        if (f->sigs[0].docmdp_p != cases[i].p)
            fail_msg("%s: /P read as %d, want %d", cases[i].ref, f->sigs[0].docmdp_p, cases[i].p);
        g_string_free(b.s, TRUE);
        teardown(state);
        setup(state);
    }
}

/* The form: /DR may gain names, nothing else of it may change; /DA and
 * /NeedAppearances may not change at all. */
static void test_form_after_signing(void **state)
{
    static const struct { const char *before, *after; bool covers; } cases[] = {
        {"", "/DR << /Font << /Helv 20 0 R >> >>", true},
        {"/DR << /Font << /Helv 20 0 R >> >>", "/DR << /Font << /Helv 20 0 R /ZaDb 21 0 R >> >>", true},
        {"/DR << /Font << /Helv 20 0 R >> >>", "/DR << /Font << /Helv 21 0 R >> >>", false},
        {"/DR << /Font << /Helv 20 0 R >> >>", "/DR << /Font << /Helv 22 0 R >> >>", true}, /* an equal copy */
        {"/DR << /Font << /Helv 20 0 R >> >>", "/DR << >>", false},
        {"/DA (/Helv 0 Tf 0 g)", "/DA (/Helv 0 Tf 1 g)", false},
        {"", "/DA (/Helv 0 Tf 0 g)", false},
        {"", "/NeedAppearances true", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pdfb b = {0};
        const char *why = NULL;
        char cat[256];
        b.s = g_string_new("%PDF-1.7\n");
        snprintf(cat, sizeof cat, "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 %s >> >>",
                 cases[i].before);
        obj(&b, 1, cat);
        obj(&b, 2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        obj(&b, 3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>");
        obj(&b, 4, "<< /FT /Sig /Subtype /Widget /Rect [0 0 0 0] /T (Leader) /V 5 0 R /P 3 0 R /F 132 >>");
        obj(&b, 5, SIGDICT);
        obj(&b, 20, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        obj(&b, 21, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Differences [49 /nine] >> >>");
        revision(&b, NULL);
        seal(&b);
        snprintf(cat, sizeof cat, "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 %s >> >>",
                 cases[i].after);
        obj(&b, 1, cat);
        obj(&b, 22, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        revision(&b, NULL);
        bool covers = covers_v(*state, &b, false, &why);
        if (covers != cases[i].covers)
            fail_msg("%s -> %s: covers=%d (%s)", cases[i].before, cases[i].after, covers, why ? why : "");
        teardown(state);
        setup(state);
    }
}

/* ---- the shadow-attack corpus ------------------------------------------ */

/* An encrypted document signed: a reader decrypts with the newest trailer's
 * /Encrypt and the first element of its /ID, so neither may change. */
static void encrypted_doc(pdfb *b)
{
    b->s = g_string_new("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
    obj(b, 1, "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>");
    obj(b, 2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    obj(b, 3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R /Annots [4 0 R] >>");
    obj(b, 4, "<< /FT /Sig /Subtype /Widget /Rect [0 0 0 0] /T (Leader) /V 5 0 R /P 3 0 R /F 132 >>");
    obj(b, 5, SIGDICT);
    obj(b, 6, "<< /Length 11 >>\nstream\n0 0 m 1 1 l\nendstream");
    obj(b, 9, "<< /Filter /Standard /V 2 /R 3 /Length 128 /P -4 /O <00> /U <00> >>");
    revision(b, "/Encrypt 9 0 R /ID [<0101> <0101>]");
    seal(b);
}

static void test_encryption_after_signing(void **state)
{
    static const char *const trailers[] = {
        "/Encrypt 9 0 R /ID [<0101> <0202>]", /* a new second /ID: what writers do */
        "/Encrypt 10 0 R /ID [<0101> <0202>]", /* another key */
        "/Encrypt 9 0 R /ID [<0303> <0202>]", /* the same dictionary, another file key */
        "/Encrypt 9 0 R",                      /* no /ID: another file key */
        "/ID [<0101> <0202>]",                 /* no encryption: ciphertext read as content */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(trailers); i++) {
        fixture *f = *state;
        pdfb b = {0};
        const char *why = NULL;
        encrypted_doc(&b);
        obj(&b, 10, "<< /Filter /Standard /V 2 /R 3 /Length 128 /P -4 /O <01> /U <00> >>");
        obj(&b, 7, "<< /Producer (Adobe) >>");
        revision(&b, trailers[i]);
        bool ok = covers(f, &b, &why);
        assert_true(ok == (i == 0));
        if (i > 0)
            assert_non_null(strstr(why, "encryption"));
        kc_pdf_sigs_free(f->sigs, f->n);
        kc_pdf_close(f->doc);
        close(f->fd);
        unlink(f->path);
        memset(f, 0, sizeof *f);
    }
}

/* A text string's readings (rtform13): UTF-16 either way round after its
 * mark, as pdf.js, poppler and pyHanko read it; bare UTF-8 kept by
 * kc_pdf_text and read as PDFDocEncoding by kc_pdf_text_doc, as viewers do. */
static void test_text_readings(void **state)
{
    (void)state;
    static unsigned char be[] = {0xFE, 0xFF, 0, 'V', 0, 'a', 0x01, 0x03}, le[] = {0xFF, 0xFE, 'V', 0, 'a', 0, 0x03, 0x01, 'x'};
    static unsigned char bare[] = {'V', 0xC4, 0x83};
    kc_pdf_obj o = {.type = KC_PDF_STRING};
    o.u.str.data = be, o.u.str.len = sizeof be;
    char *t = kc_pdf_text(&o);
    assert_string_equal(t, "Va\xc4\x83");
    free(t);
    o.u.str.data = le, o.u.str.len = sizeof le; /* the odd last byte dropped */
    t = kc_pdf_text(&o);
    assert_string_equal(t, "Va\xc4\x83");
    free(t);
    o.u.str.data = bare, o.u.str.len = sizeof bare;
    t = kc_pdf_text(&o);
    assert_string_equal(t, "V\xc4\x83");
    free(t);
    t = kc_pdf_text_doc(&o); /* Ä (U+00C4), … (0x83 in PDFDocEncoding) */
    assert_string_equal(t, "V\xc3\x84\xe2\x80\xa6");
    free(t);
}

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
        cmocka_unit_test_setup_teardown(test_visible_signature_must_verify, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invisible_signature_needs_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_visible_signature_license, setup, teardown),
        cmocka_unit_test_setup_teardown(test_visible_things_that_are_not_new_signatures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_field_signed_later, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bytes_viewers_read, setup, teardown),
        cmocka_unit_test(test_duplicate_keys),
        cmocka_unit_test_setup_teardown(test_docmdp_p, setup, teardown),
        cmocka_unit_test_setup_teardown(test_form_after_signing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_encryption_after_signing, setup, teardown),
        cmocka_unit_test(test_text_readings),
        cmocka_unit_test(test_shadow_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
