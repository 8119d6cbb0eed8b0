/* test_pdf_notes_fx.h: small signed documents holding one form field, and
 * the notes kiemchung gives them (test_pdf_notes.c, test_pdf_notes_fields.c).
 * Static: each test program has its own copy. */
#ifndef TEST_PDF_NOTES_FX_H
#define TEST_PDF_NOTES_FX_H

#include "test_pdfb.h"

/* A signed one-page document whose catalog has `catalog_extra`, whose page
 * tree says /Count `count`, with a second field (object 7: `field`) and an
 * appearance stream (object 8: `ap`, or none); returns the notes' codes
 * joined by "," ("" for none) and the first message. */
static const char *form_extra = "";              /* more of the AcroForm dictionary */
static const char *form_fields = "[4 0 R 7 0 R]"; /* its /Fields (the page lists 4 and 7) */
static const char *page_annots = "[4 0 R 7 0 R]"; /* the page's /Annots */
static const char *obj9 = NULL;                    /* one more object, or none */

static char *notes_of(fixture *f, const char *catalog_extra, int count, const char *field, const char *ap,
                      char **first)
{
    pdfb b = {0};
    char cat[512], pages[128];
    b.s = g_string_new("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
    snprintf(cat, sizeof cat, "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields %s /SigFlags 3 %s >> %s >>",
             form_fields, form_extra, catalog_extra);
    obj(&b, 1, cat);
    snprintf(pages, sizeof pages, "<< /Type /Pages /Kids [3 0 R] /Count %d >>", count);
    obj(&b, 2, pages);
    char *page = g_strdup_printf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R /Annots %s >>",
                                 page_annots);
    obj(&b, 3, page);
    g_free(page);
    obj(&b, 4, "<< /FT /Sig /Subtype /Widget /Rect [0 0 0 0] /T (Leader) /V 5 0 R /P 3 0 R /F 132 >>");
    obj(&b, 5, SIGDICT);
    obj(&b, 6, "<< /Length 11 >>\nstream\n0 0 m 1 1 l\nendstream");
    obj(&b, 7, field);
    if (ap) {
        char *body = g_strdup_printf("<< /Type /XObject /Subtype /Form /BBox [0 0 100 20] /Length %zu >>\nstream\n%s\nendstream",
                                     strlen(ap), ap);
        obj(&b, 8, body);
        g_free(body);
    }
    if (obj9)
        obj(&b, 9, obj9);
    revision(&b, NULL);
    seal(&b);
    kc_error err = {0};
    assert_int_equal(open_bytes(f, b.s->str, b.s->len, &err), 0);
    kc_pdf_note *notes = NULL;
    size_t n = 0;
    assert_int_equal(kc_pdf_find_sigs_noted(f->doc, &f->sigs, &f->n, &notes, &n, &err), 0);
    assert_int_equal(f->n, 1);
    GString *codes = g_string_new(NULL);
    for (size_t i = 0; i < n; i++)
        g_string_append_printf(codes, "%s%s", i ? "," : "", notes[i].code);
    if (first)
        *first = n ? g_strdup(notes[0].message) : NULL;
    kc_pdf_notes_free(notes, n);
    g_string_free(b.s, TRUE);
    kc_pdf_sigs_free(f->sigs, f->n);
    f->sigs = NULL;
    f->n = 0;
    kc_pdf_close(f->doc);
    f->doc = NULL;
    close(f->fd);
    unlink(f->path);
    f->fd = 0;
    return g_string_free(codes, FALSE);
}

static void expect_notes(fixture *f, const char *catalog_extra, int count, const char *field, const char *ap,
                         const char *want)
{
    char *got = notes_of(f, catalog_extra, count, field, ap, NULL);
    if (strcmp(got, want) != 0)
        fail_msg("field %s, ap %s: notes \"%s\", want \"%s\"", field, ap ? ap : "-", got, want);
    g_free(got);
}

#define TX "<< /FT /Tx /Subtype /Widget /T (SoTien) /Rect [10 10 110 30] /F 4 /P 3 0 R /AP << /N 8 0 R >> "

#endif
