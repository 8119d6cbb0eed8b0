/* test_report.c: reading the commune's evidence report (src/lib/report.c) and
 * rebuilding it (src/lib/report_render.c).
 *
 * The real 2021 report (tests/data/commune-report-2021.txt, a copy of
 * ../shared/reference/commune-report-2021.txt) must parse to all its criteria with
 * their units, references and figures; handmade variants check what clerks' files
 * do to it: NFD text, CRLF line ends, a BOM, a table without the unit column, a
 * row missing its last cell, and garbage, which must be refused naming the line. */
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
    char *real;      /* the 2021 report's bytes */
    size_t real_len;
    char *real_path;
    kc_report *r;
    char dir[64];
} fixture;

static int setup(void **state)
{
    const char *root = getenv("KC_SOURCE_ROOT");
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->real_path = g_build_filename(root ? root : ".", "tests", "data", "commune-report-2021.txt", NULL);
    if (!g_file_get_contents(f->real_path, &f->real, &f->real_len, NULL))
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/kc-test-report.XXXXXX");
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
    kc_report_free(f->r);
    g_free(f->real);
    g_free(f->real_path);
    free(f);
    return 0;
}

static kc_report *parse_text(fixture *f, const char *text, int want_rc, kc_error *err)
{
    kc_report_free(f->r);
    f->r = NULL;
    int rc = kc_report_parse_buffer(&f->r, text, strlen(text), "test.txt", err);
    if (rc != want_rc)
        fail_msg("parse: %d, want %d: %s", rc, want_rc, err->message);
    return f->r;
}

static const kc_criterion *crit(const kc_report *r, const char *number)
{
    const kc_criterion *c = kc_report_find(r, number);
    if (!c)
        fail_msg("criterion %s not found", number);
    return c;
}

/* Counts references of each kind over the whole report. */
static void count_refs(const kc_report *r, size_t counts[4])
{
    memset(counts, 0, 4 * sizeof counts[0]);
    for (size_t i = 0; i < kc_report_count(r); i++) {
        const kc_criterion *c = kc_report_get(r, i);
        for (size_t k = 0; k < kc_docref_count(c->refs); k++)
            counts[kc_docref_get(c->refs, k)->kind]++;
    }
}

static void test_real_report(void **state)
{
    fixture *f = *state;
    kc_error err = {0};
    size_t counts[4], numbered = 0;

    assert_int_equal(kc_report_parse_file(&f->r, f->real_path, &err), 0);
    const kc_report *r = f->r;
    assert_string_equal(kc_report_title(r),
                        "BÁO CÁO SỐ LIỆU, TÀI LIỆU KIỂM CHỨNG TIÊU CHÍ THỰC HIỆN CHÍNH QUYỀN ĐIỆN TỬ");
    /* 1 to 37 without 26, and the unnumbered sub-row under 8. */
    assert_int_equal(kc_report_count(r), 37);
    for (size_t i = 0; i < kc_report_count(r); i++)
        numbered += *kc_report_get(r, i)->number != 0;
    assert_int_equal(numbered, 36);
    for (int n = 1; n <= 37; n++) {
        char num[8];
        snprintf(num, sizeof num, "%d", n);
        if (n == 26)
            assert_null(kc_report_find(r, num));
        else
            assert_string_equal(crit(r, num)->number, num);
    }
    count_refs(r, counts);
    assert_int_equal(counts[KC_DOCREF_DOCUMENT], 13); /* 11 × HĐ 003, QĐ 02, QĐ 123 */
    assert_int_equal(counts[KC_DOCREF_INVOICE], 1);
    assert_int_equal(counts[KC_DOCREF_URL], 9);
    assert_int_equal(counts[KC_DOCREF_FIGURE], 21);

    const kc_criterion *c = crit(r, "1");
    assert_string_equal(c->part, "1. Nhóm tiêu chí đánh giá Điều kiện sẵn sàng Chính quyền điện tử");
    assert_string_equal(c->group, "I");
    assert_string_equal(c->group_title, "CÁC TIÊU CHÍ VỀ CƠ SỞ HẠ TẦNG THÔNG TIN");
    assert_string_equal(c->unit, "Phòng Nội vụ; Trung tâm HCC huyện và UBND các xã, thị trấn");
    assert_string_equal(c->evidence, "HĐ số: 003/HĐ 2019 ngày 14/5/2019");
    assert_int_equal(c->line, 17);

    /* The sub-row files under 8. */
    const kc_criterion *sub = kc_report_get(r, 8);
    assert_string_equal(sub->number, "");
    assert_string_equal(sub->key, "8");
    assert_string_equal(sub->parent, "8");
    assert_string_equal(sub->name, "Tỷ lệ UBND cấp xã có màn hình tra cứu TTHC");
    assert_int_equal(kc_docref_count(sub->refs), 1);

    c = crit(r, "7");
    assert_int_equal(kc_docref_count(c->refs), 2);
    assert_int_equal(kc_docref_get(c->refs, 1)->kind, KC_DOCREF_INVOICE);
    assert_int_equal(kc_docref_get(c->refs, 1)->to.month, 9);

    c = crit(r, "15"); /* <b>Đang học</b>: markup gone */
    assert_string_equal(c->evidence, "Đang học");
    assert_string_equal(c->unit, "Phòng Nội vụ; UBND các xã, thị trấn");

    c = crit(r, "16"); /* group title keeps its italic part, spaces tidied */
    assert_string_equal(c->group_title, "ĐÁNH GIÁ MỨC ĐỘ HIỆN DIỆN (tính minh bạch)");
    assert_string_equal(c->part, "Các nhóm tiêu chí đánh giá kết quả Chính quyền điện tử đạt được");
    assert_string_equal(kc_docref_get(c->refs, 0)->url, "https://dichvucong.thuathienhue.gov.vn/xuly?catid=150");

    c = crit(r, "19"); /* bold, no unit, no evidence: a heading; &amp; decoded */
    assert_true(c->heading);
    assert_non_null(strstr(c->name, "QLVB&ĐH)"));
    c = crit(r, "20");
    assert_false(c->heading);
    assert_string_equal(c->subgroup, "Ứng dụng chữ ký số");
    assert_int_equal(kc_docref_get(c->refs, 0)->figure, KC_FIGURE_PERCENT);
    assert_string_equal(crit(r, "28")->subgroup, "Ứng dụng các phần mềm nội bộ cơ bản");
    assert_string_equal(crit(r, "29")->group, "III"); /* "III ĐÁNH GIÁ ..." in one cell */
    assert_string_equal(crit(r, "29")->group_title, "ĐÁNH GIÁ MỨC ĐỘ GIAO DỊCH");

    c = crit(r, "34");
    assert_int_equal(kc_docref_count(c->refs), 2);
    assert_true(kc_docref_get(c->refs, 0)->numerator == 650);
    assert_int_equal(kc_docref_get(c->refs, 1)->decimals, 1);

    /* The last table's fourth column is headed "Đơn vị phối hợp" but holds evidence. */
    c = crit(r, "37");
    assert_string_equal(c->part, "Nhóm các tiêu chí đánh giá có tính đặc thù");
    assert_string_equal(c->group, "IV");
    assert_int_equal(kc_docref_count(c->refs), 7);
    assert_string_equal(crit(r, "36")->evidence, "Đã đăng ký nhưng bộ phận cung cấp dịch vụ chưa lắp đặt");
}

static void test_buffer_equals_file(void **state)
{
    fixture *f = *state;
    kc_error err = {0};
    kc_report *a = NULL;
    assert_int_equal(kc_report_parse_file(&a, f->real_path, &err), 0);
    kc_report *b = parse_text(f, f->real, 0, &err);
    char *ja = kc_report_to_json(a), *jb = kc_report_to_json(b);
    assert_non_null(ja);
    assert_string_equal(ja, jb);
    free(ja);
    free(jb);
    kc_report_free(a);
}

/* NFD text, CRLF line ends and a BOM give the same criteria, in NFC. */
static void test_nfd_crlf_bom(void **state)
{
    fixture *f = *state;
    kc_error err = {0};
    kc_report *ref = NULL;
    assert_int_equal(kc_report_parse_file(&ref, f->real_path, &err), 0);
    char *ref_json = kc_report_to_json(ref);

    gchar *nfd = g_utf8_normalize(f->real, -1, G_NORMALIZE_NFD);
    assert_string_not_equal(nfd, f->real);
    GString *crlf = g_string_new("\xEF\xBB\xBF");
    for (const char *p = nfd; *p; p++) {
        if (*p == '\n')
            g_string_append_c(crlf, '\r');
        g_string_append_c(crlf, *p);
    }
    kc_report *r = parse_text(f, crlf->str, 0, &err);
    char *json = kc_report_to_json(r);
    assert_string_equal(json, ref_json);
    assert_string_equal(crit(r, "15")->evidence, "Đang học");

    free(json);
    free(ref_json);
    g_string_free(crlf, TRUE);
    g_free(nfd);
    kc_report_free(ref);
}

static void test_missing_column(void **state)
{
    fixture *f = *state;
    kc_error err = {0};
    /* No unit column at all; then a row that lost its last cell. */
    kc_report *r = parse_text(f,
        "STT\tTIÊU CHÍ\tNội dung thực hiện\n"
        "<b>I</b>\t<b>CƠ SỞ HẠ TẦNG</b>\t\n"
        "1\tHệ thống Camera\tHĐ số: 003/HĐ 2019 ngày 14/5/2019\n"
        "2\tMàn hình tra cứu\n"
        "3\tKiosk\tSố: 02/QĐ-UBND ngày 07/02/2020\textra &amp; more\n", 0, &err);
    assert_int_equal(kc_report_count(r), 3);
    const kc_criterion *c = crit(r, "1");
    assert_string_equal(c->unit, "");
    assert_string_equal(c->evidence, "HĐ số: 003/HĐ 2019 ngày 14/5/2019");
    assert_int_equal(kc_docref_count(c->refs), 1);
    c = crit(r, "2");
    assert_string_equal(c->name, "Màn hình tra cứu");
    assert_string_equal(c->evidence, "");
    c = crit(r, "3"); /* a cell past the header's is kept as evidence */
    assert_int_equal(c->ncells, 2);
    assert_string_equal(c->evidence, "Số: 02/QĐ-UBND ngày 07/02/2020 extra & more");
}

static void test_garbage(void **state)
{
    fixture *f = *state;
    kc_error err = {0};
    const char *head = "Báo cáo\n\nSTT\tTIÊU CHÍ\tĐơn vị chủ trì\tNội dung thực hiện\n1\tA\tB\tC\n";
    struct { const char *tail; int rc; const char *line; } cases[] = {
        {"%&*#\tgarbage\tmore\tjunk\n", KC_EFORMAT, "line 5"},
        {"(built below)", KC_EFORMAT, "line 6"},
        {"2\tok\tok\t\x01\n", KC_EFORMAT, "line 5"},
        {"this line has no tabs but sits inside the table\n", KC_EFORMAT, "line 5"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = g_strconcat(head, cases[i].tail, NULL);
        size_t len = strlen(text);
        kc_report *r = NULL;
        memset(&err, 0, sizeof err);
        if (i == 1) { /* invalid UTF-8 and a NUL byte: strlen would stop early */
            static const char tail[] = "2\tok\tok\tok\n\xff\xfe\x00junk\n";
            g_free(text);
            len = strlen(head) + sizeof tail - 1;
            text = g_malloc(len + 1);
            memcpy(text, head, strlen(head));
            memcpy(text + strlen(head), tail, sizeof tail);
        }
        assert_int_equal(kc_report_parse_buffer(&r, text, len, "bad.txt", &err), cases[i].rc);
        assert_null(r);
        if (!strstr(err.message, cases[i].line) || !strstr(err.message, "bad.txt"))
            fail_msg("case %zu: '%s' does not name %s", i, err.message, cases[i].line);
        g_free(text);
    }
    /* No table at all. */
    parse_text(f, "Just a letter.\n\nNothing tabulated.\n", KC_EFORMAT, &err);
    assert_non_null(strstr(err.message, "no criteria"));
    /* A line over the limit. */
    char *big = g_strnfill(70000, 'x');
    char *text = g_strconcat(head, big, "\n", NULL);
    parse_text(f, text, KC_ELIMIT, &err);
    g_free(text);
    g_free(big);
    /* A file that is not there. */
    kc_report *r = NULL;
    assert_int_equal(kc_report_parse_file(&r, "/nonexistent/report.txt", &err), KC_EIO);
    assert_int_equal(kc_report_parse_file(&r, NULL, &err), KC_EINVAL);
}

static void test_markup(void **state)
{
    fixture *f = *state;
    kc_error err = {0};
    kc_report *r = parse_text(f,
        "STT\tTIÊU CHÍ\tĐơn vị chủ trì thực hiện\tNội dung thực hiện\n"
        "1\t<i>Cổng</i> &lt;DVC&gt; &#272;&#x1EA1;t\tUBND&nbsp;xã\t<a href=\"https://dichvucong.gov.vn/p?a=1&amp;b=2\">Cổng DVC quốc gia</a>\n"
        "<b>Ứng dụng khác</b>\t\t\t\n"
        "2.1\tTên\tĐơn vị\t<a href='http://x.gov.vn/'>http://x.gov.vn/</a>\n", 0, &err);
    const kc_criterion *c = crit(r, "1");
    assert_string_equal(c->name, "Cổng <DVC> Đạt");
    assert_string_equal(c->unit, "UBND xã");
    assert_string_equal(c->evidence, "Cổng DVC quốc gia (https://dichvucong.gov.vn/p?a=1&b=2)");
    assert_string_equal(kc_docref_get(c->refs, 0)->url, "https://dichvucong.gov.vn/p?a=1&b=2");
    c = crit(r, "2.1");
    assert_string_equal(c->subgroup, "Ứng dụng khác");
    assert_string_equal(c->evidence, "http://x.gov.vn/");
}

static void test_render(void **state)
{
    fixture *f = *state;
    kc_error err = {0};
    char *text = NULL, *html = NULL;
    kc_report *r = parse_text(f, f->real, 0, &err);

    assert_int_equal(kc_report_render(&text, r, KC_RENDER_TEXT, &err), 0);
    assert_non_null(strstr(text, "  34. Tỷ lệ hồ sơ TTHC trả đúng hạn"));
    assert_non_null(strstr(text, "      Nội dung thực hiện: 650/652 hồ sơ TTHC"));
    assert_non_null(strstr(text, "  (8) Tỷ lệ UBND cấp xã có màn hình tra cứu TTHC"));
    assert_non_null(strstr(text, "II. CÁC TIÊU CHÍ VỀ NHÂN LỰC CNTT"));
    assert_non_null(strstr(text, "      Đơn vị phối hợp: https://dichvucong.thuathienhue.gov.vn/tth"));

    assert_int_equal(kc_report_render(&html, r, KC_RENDER_HTML, &err), 0);
    assert_non_null(strstr(html, "<!DOCTYPE html>"));
    assert_non_null(strstr(html, "<meta charset=\"utf-8\">"));
    assert_non_null(strstr(html, "<a href=\"https://dichvucong.thuathienhue.gov.vn/xuly?catid=150\">"));
    assert_non_null(strstr(html, "QLVB&amp;ĐH"));
    assert_non_null(strstr(html, "<th>Đơn vị phối hợp</th>"));
    assert_non_null(strstr(html, "<tr id=\"c34\"><td>34</td>"));
    assert_null(strstr(html, "<b>")); /* the report's own markup never passes through */
    /* Every table is closed. */
    size_t open = 0, close = 0;
    for (const char *p = html; (p = strstr(p, "<table>")); p++)
        open++;
    for (const char *p = html; (p = strstr(p, "</table>")); p++)
        close++;
    assert_int_equal(open, close);
    assert_int_equal(open, 3); /* one per part: repeated header rows continue a table */
    free(text);
    free(html);
}

static void test_json(void **state)
{
    fixture *f = *state;
    kc_error err = {0};
    kc_report *r = parse_text(f, f->real, 0, &err);
    char *json = kc_report_to_json(r);
    JsonParser *p = json_parser_new();
    assert_true(json_parser_load_from_data(p, json, -1, NULL));
    JsonArray *a = json_node_get_array(json_parser_get_root(p));
    assert_int_equal(json_array_get_length(a), 37);
    JsonObject *o = json_array_get_object_element(a, 0);
    assert_string_equal(json_object_get_string_member(o, "number"), "1");
    JsonObject *ref = json_array_get_object_element(json_object_get_array_member(o, "references"), 0);
    assert_string_equal(json_object_get_string_member(ref, "kind"), "document");
    assert_string_equal(json_object_get_string_member(ref, "type"), "HĐ");
    assert_string_equal(json_object_get_string_member(ref, "date"), "2019-05-14");
    kc_json_unref(p);
    free(json);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_real_report, setup, teardown),
        cmocka_unit_test_setup_teardown(test_buffer_equals_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nfd_crlf_bom, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_column, setup, teardown),
        cmocka_unit_test_setup_teardown(test_garbage, setup, teardown),
        cmocka_unit_test_setup_teardown(test_markup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json, setup, teardown),
    };
    return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
