/* test_lint.c: the report's claims a reviewer would question (src/lib/report_lint.c)
 * and the criteria catalog (src/lib/catalog.c).
 *
 * On the real 2021 report lint must find exactly what the issue names (15 and 36
 * not met, 18's evidence at level 3, 26 skipped) and nothing else; on the clean
 * variant (tests/data/report-clean.txt: those four fixed) nothing at all; and each
 * check must fire on a handmade report built to trip it. */
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
#include "json_lib.h"

#include "kiemchung/report.h"

typedef struct fixture {
    char *data;        /* tests/data */
    char *catalog_path;
    kc_catalog *catalog;
    kc_report *r;
    kc_lint *l;
    char dir[64];
} fixture;

static int setup(void **state)
{
    const char *root = getenv("KC_SOURCE_ROOT");
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->data = g_build_filename(root ? root : ".", "tests", "data", NULL);
    f->catalog_path = g_build_filename(root ? root : ".", "src", "data", "criteria-hue-2021.tsv", NULL);
    if (kc_catalog_load(&f->catalog, f->catalog_path, NULL) != 0)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/kc-test-lint.XXXXXX");
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
    kc_lint_free(f->l);
    kc_report_free(f->r);
    kc_catalog_free(f->catalog);
    g_free(f->data);
    g_free(f->catalog_path);
    free(f);
    return 0;
}

/* Lints text (or the file name under tests/data when text starts with '@') and
 * returns "code:criterion code:criterion ..." for comparison. */
static char *lint(fixture *f, const char *text, const kc_catalog *cat)
{
    kc_error err = {0};
    kc_report_free(f->r);
    kc_lint_free(f->l);
    f->r = NULL;
    f->l = NULL;
    if (text[0] == '@') {
        char *path = g_build_filename(f->data, text + 1, NULL);
        assert_int_equal(kc_report_parse_file(&f->r, path, &err), 0);
        g_free(path);
    } else {
        assert_int_equal(kc_report_parse_buffer(&f->r, text, strlen(text), "t.txt", &err), 0);
    }
    assert_int_equal(kc_report_lint(&f->l, f->r, cat, &err), 0);
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < kc_lint_count(f->l); i++) {
        const kc_finding *x = kc_lint_get(f->l, i);
        g_string_append_printf(s, "%s%s:%s", s->len ? " " : "", x->code, x->criterion);
        assert_true(strlen(x->message) > 10);
    }
    return g_string_free(s, FALSE);
}

#define HEAD "STT\tTIÊU CHÍ\tĐơn vị chủ trì thực hiện\tNội dung thực hiện\n"

static void test_real_report(void **state)
{
    fixture *f = *state;
    char *got = lint(f, "@commune-report-2021.txt", f->catalog);
    /* 26 is skipped, as the catalog itself leaves it out: not a finding. */
    assert_string_equal(got, "not-met:15 evidence-mismatch:18 not-met:36");
    g_free(got);
    got = lint(f, "@commune-report-2021.txt", NULL); /* without a catalog, the gap is one */
    assert_string_equal(got, "not-met:15 evidence-mismatch:18 skipped-number:26 not-met:36");
    /* 18's message says which levels. */
    const kc_finding *x = kc_lint_get(f->l, 1);
    assert_non_null(strstr(x->message, "level 4"));
    assert_non_null(strstr(x->message, "level 3"));
    assert_int_equal(x->line, 44);
    g_free(got);
}

static void test_clean_report(void **state)
{
    fixture *f = *state;
    char *got = lint(f, "@report-clean.txt", NULL);
    assert_string_equal(got, "");
    g_free(got);

    /* The installed catalog leaves out 26 (the 2021 report does not name it); with
     * a catalog that has it, the clean report is clean against the catalog too. */
    char *text = NULL, *path = g_build_filename(f->dir, "catalog.tsv", NULL);
    assert_true(g_file_get_contents(f->catalog_path, &text, NULL, NULL));
    char *more = g_strconcat(text, "26\tresults\tII\tĐánh giá mức độ tương tác\t"
                             "Tỷ lệ hồ sơ TTHC được tiếp nhận và giải quyết qua phần mềm một cửa\tratio\n", NULL);
    assert_true(g_file_set_contents(path, more, -1, NULL));
    kc_catalog *cat = NULL;
    assert_int_equal(kc_catalog_load(&cat, path, NULL), 0);
    got = lint(f, "@report-clean.txt", cat);
    assert_string_equal(got, "");
    g_free(got);
    got = lint(f, "@report-clean.txt", f->catalog);
    assert_string_equal(got, "not-in-catalog:26");
    g_free(got);
    kc_catalog_free(cat);
    g_free(more);
    g_free(text);
    g_free(path);
}

static void test_ratios(void **state)
{
    fixture *f = *state;
    char *got = lint(f, HEAD
        "1\tA\tU\t650/652 hồ sơ đạt 99,7%\n"       /* 99,69 → 99,7 holds */
        "2\tB\tU\t650/652 hồ sơ đạt 99,9%\n"       /* does not */
        "3\tC\tU\t100% TTHC, 650/652 TTHC\n"       /* 100% claims every one */
        "4\tD\tU\t2/3 đạt 66,6%\n"                 /* truncated, accepted */
        "5\tE\tU\t2/3 đạt 67%\n"                   /* rounded */
        "6\tF\tU\t652/650 hồ sơ\n"                 /* more than all */
        "7\tG\tU\t0/0 hồ sơ đạt 100%\n"            /* nothing to divide by */
        "8\tH\tU\tTrên 90% CBCC: 28/30\n"          /* 93,3 > 90 */
        "9\tI\tU\tTrên 90% CBCC: 20/30\n", NULL);
    assert_string_equal(got, "ratio-mismatch:2 ratio-mismatch:3 ratio-invalid:6 ratio-invalid:7 ratio-mismatch:9");
    /* The message gives the exact figure with the decimal separator of its
     * language (English here: the Vietnamese catalog writes 99,693). */
    assert_non_null(strstr(kc_lint_get(f->l, 0)->message, "99.693"));
    g_free(got);
}

static void test_numbers_and_evidence(void **state)
{
    fixture *f = *state;
    char *got = lint(f, HEAD
        "1\tA\tU\tHĐ số: 1/HĐ ngày 01/02/2021\n"
        "3\tB\tU\t\n"                                  /* 2 skipped, 3 empty */
        "\tsub-row\tU\tchưa có\n"                      /* a sub-row not met: criterion "" */
        "3\tC\tU\tđã có\n"                             /* duplicate */
        "4\tDVC mức độ 3 và 4\tU\tmức độ 3, 4 đạt\n"   /* same levels, other spelling */
        "5\tDVC mức độ 4\tU\tkhông có\n", NULL);
    assert_string_equal(got, "skipped-number:2 no-evidence:3 not-met: duplicate-number:3 not-met:5");
    g_free(got);
    /* Words that contain a not-met phrase but do not say it. */
    got = lint(f, HEAD "1\tA\tU\tTrung tâm đang học tập kinh nghiệm: 100%\n", NULL);
    assert_string_equal(got, "not-met:1"); /* "đang học" is still "đang học" */
    g_free(got);
    got = lint(f, HEAD "1\tA\tU\tkhông có sai sót nào: 100%\n2\tB\tU\tĐăng ký 100% TTHC\n", NULL);
    assert_string_equal(got, "not-met:1");
    g_free(got);
}

static void test_catalog_checks(void **state)
{
    fixture *f = *state;
    char *got = lint(f, HEAD
        "1\tHệ thống Camera giám sát an ninh (cả một cửa/ trung tâm HCC và các vị trí xung yếu thuộc trụ sở)\tU\tĐã lắp đặt đầy đủ\n"
        "2\tMÀN HÌNH tra cứu TTHC phục vụ người dân tại Bộ phận tiếp nhận và trả kết quả hoặc Trung tâm HCC.\tU\tHĐ số: 003/HĐ 2019\n"
        "3\tTên khác hẳn\tU\tHĐ số: 003/HĐ 2019\n"
        "99\tKhông có trong bộ tiêu chí\tU\tx\n", f->catalog);
    /* 1: no contract; 2: same name in other case and punctuation; 3: renamed; 99: unknown;
     * 4 to 37 skipped, once (the catalog has nothing from 38 to 98). */
    assert_string_equal(got, "evidence-kind:1 name-mismatch:3 skipped-number:4 not-in-catalog:99");
    assert_non_null(strstr(kc_lint_get(f->l, 2)->message, "4 to 37"));
    g_free(got);
}

static void test_json(void **state)
{
    fixture *f = *state;
    char *got = lint(f, "@commune-report-2021.txt", f->catalog);
    char *json = kc_lint_to_json(f->l, f->r);
    JsonParser *p = json_parser_new();
    assert_true(json_parser_load_from_data(p, json, -1, NULL));
    JsonObject *o = json_node_get_object(json_parser_get_root(p));
    assert_int_equal(json_object_get_int_member(o, "criteria"), 36);
    JsonArray *a = json_object_get_array_member(o, "findings");
    assert_int_equal(json_array_get_length(a), 3); /* 26 is left out by the catalog too */
    JsonObject *x = json_array_get_object_element(a, 2);
    assert_string_equal(json_object_get_string_member(x, "criterion"), "36");
    assert_string_equal(json_object_get_string_member(x, "code"), "not-met");
    assert_true(json_object_has_member(x, "message"));
    assert_int_equal(json_object_get_size(x), 3);
    kc_json_unref(p);
    free(json);
    g_free(got);
}

/* The catalog says which figures count the same thing; the register what 20–22 are. */
static void test_same_counts_and_register(void **state)
{
    fixture *f = *state;
    char *got = lint(f, HEAD
        "32\tTỷ lệ tổng số hồ sơ nộp trực tuyến mức độ 3 và 4 tại cấp xã/ Tổng số hồ sơ tiếp nhận tại UBND cấp xã trong năm\tU\t03/652 hồ sơ\n"
        "34\tTỷ lệ hồ sơ TTHC trả đúng hạn/ Tổng số hồ sơ tiếp nhận thụ lý tại UBND cấp xã\tU\t650/652 hồ sơ\n"
        "35\tTỷ lệ hồ sơ TTHC qua DVC TT mức độ 3 và 4 trả đúng hạn/ Tổng số hồ sơ nhận, thụ lý trực tuyến mức độ 3 và 4 tại UBND cấp xã\tU\t03/03 hồ sơ\n",
        f->catalog);
    assert_null(strstr(got, "figures-disagree")); /* they agree */
    g_free(got);
    got = lint(f, HEAD
        "20\tTỷ lệ UBND cấp xã sử dụng chữ ký số\tU\t100% văn bản đi đều ký số\n"
        "21\tTỷ lệ Lãnh đạo cấp xã sử dụng chữ ký số\tU\t3/7 văn bản\n"
        "27\tTỷ lệ hồ sơ tiếp nhận và thụ lý tại UBND cấp xã được công khai tình trạng giải quyết trên mạng Internet/ Tổng số hồ sơ tiếp nhận và thụ lý trong năm của UBND cấp xã\tU\t652/652 hồ sơ\n"
        "32\tTỷ lệ tổng số hồ sơ nộp trực tuyến mức độ 3 và 4 tại cấp xã/ Tổng số hồ sơ tiếp nhận tại UBND cấp xã trong năm\tU\t03/650 hồ sơ\n"
        "35\tTỷ lệ hồ sơ TTHC qua DVC TT mức độ 3 và 4 trả đúng hạn/ Tổng số hồ sơ nhận, thụ lý trực tuyến mức độ 3 và 4 tại UBND cấp xã\tU\t04/04 hồ sơ\n",
        f->catalog);
    /* 32's denominator is not 27's, and 35's denominator is not 32's numerator. */
    assert_non_null(strstr(got, "figures-disagree:32 "));
    assert_non_null(strstr(got, "figures-disagree:35 "));
    const kc_finding *x = NULL;
    for (size_t i = 0; i < kc_lint_count(f->l); i++)
        if (!strcmp(kc_lint_get(f->l, i)->criterion, "32"))
            x = kc_lint_get(f->l, i);
    assert_non_null(x);
    assert_non_null(strstr(x->message, "652/652 hồ sơ")); /* both lines quoted */
    assert_non_null(strstr(x->message, "03/650 hồ sơ"));
    kc_ratio reg[3] = {{5, 7}, {3, 7}, {4, 6}};
    size_t before = kc_lint_count(f->l);
    assert_int_equal(kc_report_lint_register(f->l, f->r, reg, "so-di.csv", NULL), 0);
    /* 20 claims 100% against 5/7; 21 claims 3/7, as the register says; 22 claims nothing. */
    assert_int_equal(kc_lint_count(f->l), before + 1);
    x = NULL;
    for (size_t i = 0; i < kc_lint_count(f->l); i++)
        if (!strcmp(kc_lint_get(f->l, i)->code, "register-mismatch"))
            x = kc_lint_get(f->l, i);
    assert_non_null(x);
    assert_string_equal(x->criterion, "20");
    assert_non_null(strstr(x->message, "so-di.csv gives 5/7"));
    g_free(got);
}

static void test_catalog_file(void **state)
{
    fixture *f = *state;
    assert_int_equal(kc_catalog_count(f->catalog), 36);
    assert_string_equal(kc_catalog_name(f->catalog), "Thừa Thiên Huế, cấp xã, 2021 (QĐ 1784/QĐ-UBND ngày 13/08/2018)");
    const kc_catalog_entry *e = kc_catalog_find(f->catalog, "7");
    assert_non_null(e);
    assert_string_equal(e->part, "readiness");
    assert_int_equal(e->expects, KC_EXPECT_CONTRACT | KC_EXPECT_INVOICE);
    char buf[64];
    assert_string_equal(kc_catalog_expects_format(e->expects, buf, sizeof buf), "contract,invoice");
    assert_int_equal(kc_catalog_find(f->catalog, "19")->expects, KC_EXPECT_NONE);
    assert_null(kc_catalog_find(f->catalog, "26"));

    /* Mistakes are reported by line. */
    struct { const char *text; const char *want; } bad[] = {
        {"# c\nnumber\tname\tevidence\n1\tA\tcontract\n1\tB\turl\n", "line 4"},
        {"number\tname\tevidence\n1\tA\tscreenshot\n", "line 2"},
        {"num\tname\n1\tA\n", "line 1"},
        {"number\tname\n\tA\n", "line 2"},
        {"# nothing\n", "no criteria"},
    };
    char *path = g_build_filename(f->dir, "bad.tsv", NULL);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        kc_catalog *c = NULL;
        kc_error err = {0};
        assert_true(g_file_set_contents(path, bad[i].text, -1, NULL));
        assert_int_equal(kc_catalog_load(&c, path, &err), KC_EFORMAT);
        assert_null(c);
        if (!strstr(err.message, bad[i].want))
            fail_msg("case %zu: '%s' lacks '%s'", i, err.message, bad[i].want);
    }
    /* Columns in another order, CRLF and NFD. */
    kc_catalog *c = NULL;
    assert_true(g_file_set_contents(path, "evidence\tname\tnumber\r\nurl\tCo\xcc\x82\xcc\x89ng\t5.1\r\n", -1, NULL));
    assert_int_equal(kc_catalog_load(&c, path, NULL), 0);
    assert_string_equal(kc_catalog_get(c, 0)->name, "Cổng");
    assert_string_equal(kc_catalog_get(c, 0)->number, "5.1");
    kc_catalog_free(c);
    assert_int_equal(kc_catalog_load(&c, "/nonexistent.tsv", NULL), KC_EIO);
    g_free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_real_report, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clean_report, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ratios, setup, teardown),
        cmocka_unit_test_setup_teardown(test_numbers_and_evidence, setup, teardown),
        cmocka_unit_test_setup_teardown(test_catalog_checks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_counts_and_register, setup, teardown),
        cmocka_unit_test_setup_teardown(test_catalog_file, setup, teardown),
    };
    return cmocka_run_group_tests_name("lint", tests, NULL, NULL);
}
