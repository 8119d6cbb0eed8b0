/* test_pdf_dss.c: the document security store read as revocation evidence
 * (pdf_dss.c): the work one document can make it do is bounded, and a store
 * past the bounds is refused whole, never read in part (a part left out could
 * be the CRL that revokes the signer). */
#include "revocation.h"
#include "test_pdfb.h"

/* kc_pdf_dss_revocation on a one-revision document whose store names an
 * array of `zeros` zeros (or, with `streams`, that many distinct empty
 * streams) as /CRLs and /OCSPs, and again under each of `vri` /VRI entries. */
static int dss_read(fixture *f, size_t zeros, size_t streams, int vri)
{
    pdfb b = {.s = g_string_new("%PDF-1.7\n")};
    GString *arr = g_string_new("[");
    for (size_t i = 0; i < zeros; i++)
        g_string_append(arr, "0 ");
    for (size_t i = 0; i < streams; i++)
        g_string_append_printf(arr, "%zu 0 R ", 10 + i);
    g_string_append_c(arr, ']');
    GString *dss = g_string_new("<< /CRLs 3 0 R /OCSPs 3 0 R /VRI <<");
    for (int i = 0; i < vri; i++)
        g_string_append_printf(dss, " /K%d 4 0 R", i);
    g_string_append(dss, " >> >>");
    obj(&b, 1, "<< /Type /Catalog /DSS 2 0 R >>");
    obj(&b, 2, dss->str);
    obj(&b, 3, arr->str);
    obj(&b, 4, "<< /CRL 3 0 R /OCSP 3 0 R >>");
    /* Streams past the writer's table: written by hand, listed in a second section. */
    GString *xref = g_string_new(NULL);
    revision(&b, NULL);
    if (streams) {
        uint64_t prev = b.last_xref;
        GArray *offs = g_array_new(FALSE, FALSE, sizeof(uint64_t));
        for (size_t i = 0; i < streams; i++) {
            uint64_t at = b.s->len;
            g_array_append_val(offs, at);
            g_string_append_printf(b.s, "%zu 0 obj\n<< /Length 1 >>\nstream\nx\nendstream\nendobj\n", 10 + i);
        }
        uint64_t x = b.s->len;
        g_string_append_printf(xref, "xref\n10 %zu\n", streams);
        for (size_t i = 0; i < streams; i++)
            g_string_append_printf(xref, "%010llu 00000 n \n", (unsigned long long)g_array_index(offs, uint64_t, i));
        g_string_append_printf(xref, "trailer\n<< /Size %zu /Root 1 0 R /Prev %llu >>\nstartxref\n%llu\n%%%%EOF\n",
                               10 + streams, (unsigned long long)prev, (unsigned long long)x);
        g_string_append(b.s, xref->str);
        g_array_free(offs, TRUE);
    }
    kc_pdf_close(f->doc);
    f->doc = NULL;
    if (f->fd > 0) {
        close(f->fd);
        unlink(f->path);
    }
    assert_int_equal(open_bytes(f, b.s->str, b.s->len, NULL), 0);
    kc_trust *t = NULL;
    int rc = kc_pdf_dss_revocation(f->doc, NULL, &t);
    assert_null(t); /* nothing there is a CRL or a response */
    g_string_free(xref, TRUE);
    g_string_free(arr, TRUE);
    g_string_free(dss, TRUE);
    g_string_free(b.s, TRUE);
    return rc;
}

/* A store of the size real ones have is read; one that names more entries,
 * streams or /VRI entries than the bounds is refused (KC_ELIMIT), not read
 * in part: 256 /VRI entries naming an array of 200,000 zeros kept verify busy
 * for seconds per 4 MB before every entry looked at counted. */
static void test_store_bounds(void **state)
{
    fixture *f = *state;
    assert_int_equal(dss_read(f, 10, 0, 1), 0);
    assert_int_equal(dss_read(f, 0, 40, 8), 0);
    assert_int_equal(dss_read(f, 200000, 0, 1), KC_ELIMIT);
    assert_int_equal(dss_read(f, 0, 600, 0), KC_ELIMIT);
    assert_int_equal(dss_read(f, 0, 0, 300), KC_ELIMIT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_store_bounds, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
