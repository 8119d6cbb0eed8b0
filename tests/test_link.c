/* test_link.c: filing PDFs under the criteria that cite them (src/lib/link.c).
 *
 * The sample commune's evidence (samples/evidence/, made by
 * samples/make-evidence.sh) against the real report: the contract goes under the
 * eleven criteria citing it, each decision under its own, the invoices dated
 * inside "từ tháng 01 đến tháng 9/2021" under 7 and the October one nowhere, the
 * screenshot under the criteria citing the address it shows.  Ambiguity (a
 * number that restarts each year, on a file without a date) and documents that
 * contradict the report (another year) are made here with kc-testsign. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "test_tmpdir.h"
#include <glib.h>

#include "kiemchung/link.h"

typedef struct fixture {
    char *evidence;   /* samples/evidence */
    char *report_path;
    char *testsign;   /* build/tests/kc-testsign, or NULL */
    kc_report *r;
    kc_link_result *res;
    char dir[64];
} fixture;

static int setup(void **state)
{
    const char *root = getenv("KC_SOURCE_ROOT"), *build = getenv("KC_BUILD_ROOT");
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->evidence = g_build_filename(root ? root : ".", "samples", "evidence", NULL);
    f->report_path = g_build_filename(root ? root : ".", "samples", "report-2021.txt", NULL);
    f->testsign = g_build_filename(build ? build : "build", "tests", "kc-testsign", NULL);
    if (access(f->testsign, X_OK) != 0) {
        g_free(f->testsign);
        f->testsign = NULL;
    }
    if (kc_report_parse_file(&f->r, f->report_path, NULL) != 0)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/kc-test-link.XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (kc_test_rmtree(f->dir) != 0)
        fprintf(stderr, "could not remove %s\n", f->dir);
    kc_link_result_free(f->res);
    kc_report_free(f->r);
    g_free(f->evidence);
    g_free(f->report_path);
    g_free(f->testsign);
    free(f);
    return 0;
}

static char *sample(const fixture *f, const char *name)
{
    return g_build_filename(f->evidence, name, NULL);
}

/* "matched 1 2 3" for file i. */
static char *describe(const kc_link_file *lf)
{
    GString *s = g_string_new(kc_link_status_code(lf->status));
    for (size_t k = 0; k < lf->ncriteria; k++)
        g_string_append_printf(s, " %s", lf->criteria[k]);
    return g_string_free(s, FALSE);
}

static void do_link(fixture *f, const kc_report *r, char **paths, size_t n)
{
    kc_error err = {0};
    kc_link_result_free(f->res);
    f->res = NULL;
    assert_int_equal(kc_link_files(&f->res, r, (const char *const *)paths, n, &err), 0);
    assert_int_equal(kc_link_count(f->res), n);
}

static void assert_file(const fixture *f, size_t i, const char *want)
{
    char *got = describe(kc_link_get(f->res, i));
    if (strcmp(got, want) != 0)
        fail_msg("%s: '%s', want '%s'", kc_link_get(f->res, i)->path, got, want);
    g_free(got);
}

static void test_samples(void **state)
{
    fixture *f = *state;
    static const char *const names[] = {
        "HĐ 003-2019 thiết bị CNTT.pdf", "QĐ 02-2020 bộ phận một cửa.pdf", "QĐ 123-2021 cán bộ CNTT.pdf",
        "Hoá đơn Internet tháng 01-2021.pdf", "Hoá đơn Internet tháng 05-2021.pdf",
        "Hoá đơn Internet tháng 09-2021.pdf", "Hoá đơn Internet tháng 10-2021.pdf", "Ảnh chụp Cổng DVC tỉnh.pdf",
    };
    char *paths[8];
    for (size_t i = 0; i < 8; i++)
        paths[i] = sample(f, names[i]);
    do_link(f, f->r, paths, 8);
    assert_file(f, 0, "matched 1 2 3 4 6 7 8 9 10 11 12");
    assert_file(f, 1, "matched 8");
    assert_file(f, 2, "matched 14");
    assert_file(f, 3, "matched 7");
    assert_file(f, 4, "matched 7");
    assert_file(f, 5, "matched 7");
    assert_file(f, 6, "unmatched");
    assert_file(f, 7, "matched 16 37");
    assert_int_equal(kc_link_missing_count(f->res), 0);

    const kc_link_file *lf = kc_link_get(f->res, 1);
    assert_string_equal(lf->number_line, "Số: 02/QĐ-UBND Thủy An, ngày 07 tháng 02 năm 2020");
    assert_true(g_str_has_prefix(lf->title, "QUYẾT ĐỊNH — Về việc kiện toàn"));
    assert_int_equal(lf->nmatches, 1);
    assert_string_equal(lf->matches[0]->text, "Số: 02/QĐ-UBND ngày 07/02/2020");
    assert_int_equal(lf->self->date.year, 2020);
    lf = kc_link_get(f->res, 6);
    assert_int_equal(lf->self->kind, KC_DOCREF_INVOICE);
    assert_int_equal(lf->self->date.month, 10);
    for (size_t i = 0; i < 8; i++)
        g_free(paths[i]);
}

static void test_missing(void **state)
{
    fixture *f = *state;
    char *paths[2] = {sample(f, "HĐ 003-2019 thiết bị CNTT.pdf"), sample(f, "Hoá đơn Internet tháng 10-2021.pdf")};
    do_link(f, f->r, paths, 2);
    /* QĐ 02 (8), the invoices (7), QĐ 123 (14), in the report's order. */
    assert_int_equal(kc_link_missing_count(f->res), 3);
    const kc_link_missing *m = kc_link_missing_get(f->res, 0);
    assert_int_equal(m->ref->kind, KC_DOCREF_INVOICE);
    assert_int_equal(m->ncriteria, 1);
    assert_string_equal(m->criteria[0], "7");
    m = kc_link_missing_get(f->res, 1);
    assert_string_equal(m->ref->symbol, "02/QĐ-UBND");
    assert_string_equal(m->criteria[0], "8");
    assert_string_equal(kc_link_missing_get(f->res, 2)->criteria[0], "14");
    assert_null(kc_link_missing_get(f->res, 3));
    g_free(paths[0]);
    g_free(paths[1]);
}

static void make_doc(const fixture *f, const char *name, const char *number, const char *date, const char *title)
{
    char *out = g_build_filename(f->dir, name, NULL);
    const char *argv[] = {f->testsign, "make-doc", out, "--number", number, "--date", date, "--title", title, NULL};
    gint status = -1;
    assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                             &status, NULL));
    assert_int_equal(status, 0);
    g_free(out);
}

/* Numbers restart each 1 January: an undated "Số: 02/QĐ-UBND" could be either. */
static void test_ambiguous(void **state)
{
    fixture *f = *state;
    kc_report *r = NULL;
    const char *text = "STT\tTIÊU CHÍ\tĐơn vị chủ trì\tNội dung thực hiện\n"
                       "1\tA\tUBND xã\tSố: 02/QĐ-UBND ngày 07/02/2020\n"
                       "2\tB\tUBND xã\tSố: 02/QĐ-UBND ngày 10/01/2021\n"
                       "3\tC\tUBND xã\tCông văn số 12/UBND-VX ngày 01/03/2021; HĐ số 5/HĐ ngày 02/03/2021\n";
    if (!f->testsign)
        skip();
    assert_int_equal(kc_report_parse_buffer(&r, text, strlen(text), "t", NULL), 0);
    make_doc(f, "undated.pdf", "02/QĐ-UBND", "", "QUYẾT ĐỊNH|Về việc gì đó");
    make_doc(f, "2021.pdf", "02/QĐ-UBND", "ngày 10 tháng 01 năm 2021", "QUYẾT ĐỊNH|Về việc gì đó");
    make_doc(f, "2019.pdf", "02/QĐ-UBND", "ngày 10 tháng 01 năm 2019", "QUYẾT ĐỊNH|Về việc gì đó");
    make_doc(f, "cv.pdf", "12/UBND-VX", "ngày 01 tháng 03 năm 2021", "V/v báo cáo");
    make_doc(f, "kh.pdf", "5/KH-UBND", "ngày 02 tháng 03 năm 2021", "KẾ HOẠCH|Một kế hoạch");
    make_doc(f, "hd.pdf", "05", "ngày 02 tháng 03 năm 2021", "HỢP ĐỒNG|Số chỉ có con số, loại ở tiêu đề");
    char *paths[7];
    const char *names[] = {"undated.pdf", "2021.pdf", "2019.pdf", "cv.pdf", "kh.pdf", "hd.pdf"};
    for (size_t i = 0; i < 6; i++)
        paths[i] = g_build_filename(f->dir, names[i], NULL);
    paths[6] = g_build_filename(f->dir, "not-a.pdf", NULL);
    assert_true(g_file_set_contents(paths[6], "%PDF-1.4 nothing here", -1, NULL));

    do_link(f, r, paths, 7);
    const kc_link_file *lf = kc_link_get(f->res, 0);
    assert_int_equal(lf->status, KC_LINK_AMBIGUOUS);
    assert_int_equal(lf->nmatches, 2);
    assert_int_equal(lf->ncriteria, 0);
    assert_file(f, 1, "matched 2");
    assert_file(f, 2, "unmatched"); /* 2019: contradicts both */
    assert_file(f, 3, "matched 3");
    assert_file(f, 4, "unmatched"); /* 5/KH is not 5/HĐ */
    assert_file(f, 5, "matched 3"); /* "Số: 05" + HỢP ĐỒNG title = HĐ số 5 */
    lf = kc_link_get(f->res, 6);
    assert_int_equal(lf->status, KC_LINK_UNREADABLE);
    assert_non_null(lf->error);
    /* 1 (2020) was only a candidate: still missing. */
    assert_int_equal(kc_link_missing_count(f->res), 1);
    assert_string_equal(kc_link_missing_get(f->res, 0)->criteria[0], "1");
    for (size_t i = 0; i < 7; i++)
        g_free(paths[i]);
    kc_link_result_free(f->res);
    f->res = NULL;
    kc_report_free(r);
}

static void test_read_pdf(void **state)
{
    fixture *f = *state;
    kc_docref_list *l = NULL;
    char *title = NULL, *path = sample(f, "QĐ 123-2021 cán bộ CNTT.pdf");
    kc_error err = {0};
    assert_int_equal(kc_link_read_pdf(&l, &title, path, &err), 0);
    assert_int_equal(kc_docref_count(l), 1);
    const kc_docref *d = kc_docref_get(l, 0);
    assert_string_equal(d->number, "123");
    assert_string_equal(d->type, "QĐ");
    assert_string_equal(d->issuer, "UBND");
    assert_int_equal(d->date.day, 19);
    assert_true(g_str_has_prefix(title, "QUYẾT ĐỊNH — "));
    free(title);
    kc_docref_list_free(l);
    g_free(path);
    assert_int_equal(kc_link_read_pdf(&l, NULL, "/nonexistent.pdf", &err), KC_EFORMAT);
    assert_int_equal(kc_link_files(NULL, f->r, NULL, 0, &err), KC_EINVAL);
    /* No files: everything cited is missing. */
    do_link(f, f->r, NULL, 0);
    assert_int_equal(kc_link_missing_count(f->res), 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_samples, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ambiguous, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_pdf, setup, teardown),
    };
    return cmocka_run_group_tests_name("link", tests, NULL, NULL);
}
