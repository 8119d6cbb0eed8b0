/* test_pdf_fx.h: what test_pdf.c and test_pdf_visible.c share: a one-page
 * document with one signed field, the first signature's coverage, and the
 * parser on one object's text.  Include after test_pdfb.h. */
#ifndef KC_TEST_PDF_FX_H
#define KC_TEST_PDF_FX_H

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

static kc_parse_result parse(kc_arena *a, const char *text, kc_pdf_obj **o)
{
    size_t pos = 0;
    return kc_pdf_parse_object(a, (const unsigned char *)text, strlen(text), &pos, 0, o);
}

#endif
