/* test_pdf_dss.c: the document security store read as revocation evidence
 * (pdf_dss.c): the work one document can make it do is bounded. */
#include <time.h>

#include "revocation.h"
#include "test_pdfb.h"

/* The CPU seconds kc_pdf_dss_revocation takes on a one-revision document
 * whose store names an array of `zeros` zeros as /CRLs and /OCSPs, and again
 * under each of `vri` /VRI entries. */
static double dss_seconds(fixture *f, size_t zeros, int vri)
{
    pdfb b = {.s = g_string_new("%PDF-1.7\n")};
    GString *arr = g_string_new("[");
    for (size_t i = 0; i < zeros; i++)
        g_string_append(arr, "0 ");
    g_string_append_c(arr, ']');
    GString *dss = g_string_new("<< /CRLs 3 0 R /OCSPs 3 0 R /VRI <<");
    for (int i = 0; i < vri; i++)
        g_string_append_printf(dss, " /K%d 4 0 R", i);
    g_string_append(dss, " >> >>");
    obj(&b, 1, "<< /Type /Catalog /DSS 2 0 R >>");
    obj(&b, 2, dss->str);
    obj(&b, 3, arr->str);
    obj(&b, 4, "<< /CRL 3 0 R /OCSP 3 0 R >>");
    revision(&b, NULL);
    kc_pdf_close(f->doc);
    f->doc = NULL;
    if (f->fd > 0) {
        close(f->fd);
        unlink(f->path);
    }
    assert_int_equal(open_bytes(f, b.s->str, b.s->len, NULL), 0);
    kc_trust *t = NULL;
    clock_t start = clock();
    assert_int_equal(kc_pdf_dss_revocation(f->doc, NULL, &t), 0);
    double s = (double)(clock() - start) / CLOCKS_PER_SEC;
    assert_null(t); /* nothing there is a CRL or a response */
    g_string_free(arr, TRUE);
    g_string_free(dss, TRUE);
    g_string_free(b.s, TRUE);
    return s;
}

/* 256 /VRI entries naming the same array of zeros cost what one does: every
 * entry looked at counts, not only the streams read (without the bound the
 * second took over a hundred times the first: seconds per 4 MB). */
static void test_store_work_is_bounded(void **state)
{
    fixture *f = *state;
    double one = dss_seconds(f, 200000, 1), many = dss_seconds(f, 200000, 256);
    if (many > 8 * one + 0.05)
        fail_msg("256 /VRI entries took %.3f s, one took %.3f s", many, one);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_store_work_is_bounded, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
