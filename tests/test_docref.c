/* test_docref.c: document references and figures in evidence cells (src/lib/docref.c).
 *
 * Every form the issue lists: contracts ("HĐ số: 003/HĐ 2019 ngày 14/5/2019"),
 * decisions with and without the type named in words, công văn without a type
 * abbreviation, legal documents with a year in the symbol, invoices over a
 * period, URLs (with and without a scheme, split by a space), ratios,
 * percentages with a decimal comma, counts with a unit; dates in every written
 * form; NFD input; and what must not be taken for a reference. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <glib.h>

#include "kiemchung/docref.h"
#include "docref_internal.h" /* kc_docref_reorders */

typedef struct fixture {
    kc_docref_list *list;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    *state = f;
    return f ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    kc_docref_list_free(f->list);
    free(f);
    return 0;
}

/* Parses text into the fixture (freeing the previous list) and checks the count. */
static const kc_docref *parse(fixture *f, const char *text, size_t want)
{
    kc_error err = {0};
    kc_docref_list_free(f->list);
    f->list = NULL;
    assert_int_equal(kc_docref_parse(&f->list, text, &err), 0);
    if (kc_docref_count(f->list) != want)
        fail_msg("'%s': %zu references, want %zu", text, kc_docref_count(f->list), want);
    return kc_docref_get(f->list, 0);
}

static void assert_date(const kc_date *d, int y, int m, int day)
{
    if (d->year != y || d->month != m || d->day != day)
        fail_msg("date %d-%d-%d, want %d-%d-%d", d->year, d->month, d->day, y, m, day);
}

static void test_contract(void **state)
{
    const kc_docref *r = parse(*state, "HĐ số: 003/HĐ 2019 ngày 14/5/2019", 1);
    assert_int_equal(r->kind, KC_DOCREF_DOCUMENT);
    assert_string_equal(r->type, "HĐ");
    assert_string_equal(r->type_name, "Hợp đồng");
    assert_string_equal(r->number, "003");
    assert_string_equal(r->symbol, "003/HĐ 2019");
    assert_null(r->issuer);
    assert_int_equal(r->symbol_year, 2019);
    assert_date(&r->date, 2019, 5, 14);
    assert_string_equal(r->text, "HĐ số: 003/HĐ 2019 ngày 14/5/2019");
}

static void test_decisions(void **state)
{
    const kc_docref *r = parse(*state, "Số: 02/QĐ-UBND ngày 07/02/2020", 1);
    assert_string_equal(r->type, "QĐ");
    assert_string_equal(r->number, "02");
    assert_string_equal(r->symbol, "02/QĐ-UBND");
    assert_string_equal(r->issuer, "UBND");
    assert_date(&r->date, 2020, 2, 7);

    r = parse(*state, "Quyết định Số 123/QĐ-UBND ngày 19/8/2021", 1);
    assert_string_equal(r->type, "QĐ");
    assert_string_equal(r->type_name, "Quyết định");
    assert_string_equal(r->number, "123");
    assert_date(&r->date, 2021, 8, 19);
    assert_string_equal(r->text, "Quyết định Số 123/QĐ-UBND ngày 19/8/2021");

    /* A year inside the symbol, the issuer after the type. */
    r = parse(*state, "(Theo Quyết định số 09/2015/QĐ-TTg) hoặc", 1);
    assert_string_equal(r->number, "09");
    assert_int_equal(r->symbol_year, 2015);
    assert_string_equal(r->issuer, "TTg");
    assert_int_equal(r->date.year, 0);

    /* Written without a Vietnamese keyboard. */
    r = parse(*state, "So: 15/QD-UBND ngay 01/3/2021", 1);
    assert_string_equal(r->type, "QĐ");
    assert_date(&r->date, 2021, 3, 1);
}

static void test_cong_van_and_legal(void **state)
{
    const kc_docref *r = parse(*state,
        "Thực hiện công văn Số 160/VHTT-CNTT ngày 27 tháng 9 năm 2021 của UBND huyện A Lưới", 1);
    assert_null(r->type);
    assert_string_equal(r->type_name, "Công văn");
    assert_string_equal(r->number, "160");
    assert_string_equal(r->issuer, "VHTT-CNTT");
    assert_date(&r->date, 2021, 9, 27);

    r = parse(*state, "12/UBND-VX", 1);
    assert_null(r->type);
    assert_string_equal(r->issuer, "UBND-VX");

    r = parse(*state, "theo Thông tư số 03/2014/TT-BTTTT ngày 11/3/2014 của Bộ TTTT", 1);
    assert_string_equal(r->type, "TT");
    assert_string_equal(r->type_name, "Thông tư");
    assert_string_equal(r->issuer, "BTTTT");
    assert_date(&r->date, 2014, 3, 11);

    /* HD is Hướng dẫn, HĐ Hợp đồng: case folding must not merge them. */
    r = parse(*state, "Số: 05/HD-UBND", 1);
    assert_string_equal(r->type, "HD");
    assert_string_equal(r->type_name, "Hướng dẫn");
    r = parse(*state, "Hợp đồng số 15 ngày 02/01/2021", 1);
    assert_string_equal(r->type, "HĐ");
    assert_string_equal(r->number, "15");
    assert_date(&r->date, 2021, 1, 2);
}

static void test_every_type_abbreviation(void **state)
{
    static const char *const abbrevs[] = {"NQ", "QĐ", "CT", "QC", "QyĐ", "TC", "TB", "HD", "CTr", "KH",
                                          "PA", "ĐA", "DA", "BC", "BB", "TTr", "HĐ", "CĐ", "BGN", "BTT",
                                          "GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB", "SY", "TrS", "SL"};
    for (size_t i = 0; i < sizeof abbrevs / sizeof abbrevs[0]; i++) {
        char text[64];
        snprintf(text, sizeof text, "Số: 7/%s-UBND", abbrevs[i]);
        const kc_docref *r = parse(*state, text, 1);
        if (!r->type || strcmp(r->type, abbrevs[i]) != 0)
            fail_msg("%s: type %s", text, r->type ? r->type : "(none)");
        assert_non_null(kc_docref_type_name(abbrevs[i]));
        assert_string_equal(kc_docref_type_canonical(abbrevs[i]), abbrevs[i]);
    }
    assert_string_equal(kc_docref_type_canonical("quyết định"), "QĐ");
    assert_string_equal(kc_docref_type_canonical("HỢP ĐỒNG"), "HĐ");
    assert_null(kc_docref_type_canonical("UBND"));
}

static void test_invoice_period(void **state)
{
    fixture *f = *state;
    parse(f, "HĐ số: 003/HĐ 2019 ngày 14/5/2019 Hoá đơn thanh toán từ tháng 01 đến tháng 9/2021", 2);
    const kc_docref *inv = kc_docref_get(f->list, 1);
    assert_int_equal(inv->kind, KC_DOCREF_INVOICE);
    assert_string_equal(inv->text, "Hoá đơn thanh toán từ tháng 01 đến tháng 9/2021");
    assert_date(&inv->from, 2021, 1, 0);
    assert_date(&inv->to, 2021, 9, 0);

    /* A period across the new year, and "Hóa" with the other accent placement. */
    const kc_docref *r = parse(f, "Hóa đơn cước từ tháng 11 đến tháng 02/2021", 1);
    assert_date(&r->from, 2020, 11, 0);
    assert_date(&r->to, 2021, 2, 0);
    r = parse(f, "Hoá đơn số 0001234 ngày 25/01/2021", 1);
    assert_int_equal(r->kind, KC_DOCREF_INVOICE);
    assert_string_equal(r->number, "0001234");
}

static void test_urls(void **state)
{
    fixture *f = *state;
    const kc_docref *r = parse(f, "taisancong.thuathienhue.gov.vn/ login.aspx?continue=~%2efdeault.aspx", 1);
    assert_int_equal(r->kind, KC_DOCREF_URL);
    assert_string_equal(r->url, "http://taisancong.thuathienhue.gov.vn/login.aspx?continue=~%2efdeault.aspx");

    parse(f, "https://dichvucong.thuathienhue.gov.vn/tth https://sso.thuathienhue.gov.vn/ Phần mềm Bảo hiểm (EBH) "
             "Hotrocovid19.thuathienhue.gov.vn http://hotichdientu.moj.gov.vn/ https://tcs.thuathienhue.gov.vn/tcs?id=2", 5);
    assert_string_equal(kc_docref_get(f->list, 2)->url, "http://Hotrocovid19.thuathienhue.gov.vn");
    assert_string_equal(kc_docref_get(f->list, 4)->url, "https://tcs.thuathienhue.gov.vn/tcs?id=2");
    r = parse(f, "www.dichvucong.gov.vn.", 1);
    assert_string_equal(r->url, "http://www.dichvucong.gov.vn");
}

static void test_figures(void **state)
{
    fixture *f = *state;
    parse(f, "650/652 hồ sơ TTHC trả đúng hạn/ Tổng số hồ sơ tiếp nhận thụ lý tại UBND xã đạt 99,7%", 2);
    const kc_docref *ratio = kc_docref_get(f->list, 0), *pc = kc_docref_get(f->list, 1);
    assert_int_equal(ratio->figure, KC_FIGURE_RATIO);
    assert_true(ratio->numerator == 650 && ratio->denominator == 652);
    assert_int_equal(pc->figure, KC_FIGURE_PERCENT);
    assert_true(pc->value > 99.69 && pc->value < 99.71);
    assert_int_equal(pc->decimals, 1);

    const kc_docref *r = parse(f, "03/03", 1);
    assert_true(r->numerator == 3 && r->denominator == 3);
    r = parse(f, "36 Máy", 1);
    assert_int_equal(r->figure, KC_FIGURE_COUNT);
    assert_true(r->value == 36);
    assert_string_equal(r->unit, "Máy");
    r = parse(f, "Trên 90% CBCC sử dụng thành thạo máy tính", 1);
    assert_int_equal(r->bound, 1);
    assert_string_equal(r->text, "Trên 90%");
    r = parse(f, "(Đăng nhập 04 lần/ ngày)", 1);
    assert_string_equal(r->text, "04 lần");
    assert_string_equal(r->unit, "lần");
    r = parse(f, "đạt 12,5 % kế hoạch", 1);
    assert_int_equal(r->figure, KC_FIGURE_PERCENT);
    assert_int_equal(r->decimals, 1);
}

/* A ratio glued to its percentage is two figures, as every viewer shows it
 * (rtnum11): "6/6=100%" was one word that no figure read. */
static void test_glued_figures(void **state)
{
    fixture *f = *state;
    static const char *const glued[] = {
        "6/6=100% văn bản", "6/6 = 100% văn bản", "6/6= 100% văn bản", "6/6 =100% văn bản",
        "(6/6)=100%", "6/6(100%)", "6/6≈100%", "６/６＝１００％", "6⁄6=100％,",
    };
    for (size_t k = 0; k < sizeof glued / sizeof glued[0]; k++) {
        parse(f, glued[k], 2);
        const kc_docref *ratio = kc_docref_get(f->list, 0), *pc = kc_docref_get(f->list, 1);
        if (ratio->figure != KC_FIGURE_RATIO || ratio->numerator != 6 || ratio->denominator != 6 ||
            pc->figure != KC_FIGURE_PERCENT || pc->value != 100)
            fail_msg("'%s' read as %s and %s", glued[k], ratio->text, pc->text);
    }
    const kc_docref *r = parse(f, "100%(7/7)", 2);
    assert_int_equal(r->figure, KC_FIGURE_PERCENT);
    assert_string_equal(r->text, "100%");
    assert_string_equal(kc_docref_get(f->list, 1)->text, "7/7");
    r = parse(f, "đạt 5/7=71,4% kế hoạch", 2);
    assert_string_equal(r->text, "5/7");
    assert_int_equal(kc_docref_get(f->list, 1)->decimals, 1);
    /* Look-alikes: a date, a web address's tail, a symbol keep their word. */
    parse(f, "ngày 6/6/2021", 0);
    parse(f, "đến 6/6/2021=", 0);
    r = parse(f, "https://dichvucong.thuathienhue.gov.vn/xuly?catid=150", 1);
    assert_int_equal(r->kind, KC_DOCREF_URL);
    r = parse(f, "dichvucong.thuathienhue.gov.vn/ xuly?catid=150", 1);
    assert_string_equal(r->url, "http://dichvucong.thuathienhue.gov.vn/xuly?catid=150");
}

/* A percentage typed without its spaces is a figure (rtnum11): "100%văn bản"
 * was one word, no figure, as "Đạt100%" was. */
static void test_stuck_percent(void **state)
{
    fixture *f = *state;
    const kc_docref *r = parse(f, "100%văn bản đi đều ký số", 1);
    assert_int_equal(r->figure, KC_FIGURE_PERCENT);
    assert_string_equal(r->text, "100%");
    r = parse(f, "Đạt100% Văn bản", 1);
    assert_string_equal(r->text, "100%");
    r = parse(f, "đạt66,7%văn bản", 1);
    assert_true(r->value > 66.69 && r->value < 66.71);
    assert_int_equal(r->decimals, 1);
    r = parse(f, "Trên90%CBCC sử dụng thành thạo", 1);
    assert_int_equal(r->bound, 1);
    r = parse(f, "đạt１００％văn bản", 1);
    assert_true(r->value == 100);
    r = parse(f, "7/7văn bản, Đạt7/7", 2);
    assert_int_equal(r->figure, KC_FIGURE_RATIO);
    assert_string_equal(r->text, "7/7");
    assert_string_equal(kc_docref_get(f->list, 1)->text, "7/7");
    /* Look-alikes: no figure, or one not stuck to a word alone; a symbol. */
    parse(f, "mạng 4G và QLVB&ĐH2021", 0);
    parse(f, "Số15/2019 ngày14/5/2019", 0);
    parse(f, "đạt7/7/2021", 0);
    kc_error err = {0};
    kc_docref_list_free(f->list);
    f->list = NULL;
    assert_int_equal(kc_docref_parse(&f->list, "15/2019QĐ", &err), 0);
    for (size_t k = 0; k < kc_docref_count(f->list); k++)
        assert_int_not_equal(kc_docref_get(f->list, k)->kind, KC_DOCREF_FIGURE);
    parse(f, "a%C3%A1", 0);
    parse(f, "x100%-y", 0);
    parse(f, "đạt%văn", 0);
}

/* A ratio glued to its percentage by a comma, a semicolon or a dash, or stuck
 * to capitals alone, is a figure (rtnum12): "6/6,100%", "7/7VB" were one word,
 * no figure.  The comma may be a decimal one: "5/7,71,4%" is 5/7 and 71,4%. */
static void test_punct_glued(void **state)
{
    fixture *f = *state;
    static const char *const glued[] = {
        "6/6,100% văn bản", "6/6;100%", "6/6-100%", "6/6–100%", "đạt 6/6—100%", "100%,6/6",
        "100%;6/6", "100%-6/6", "６/６，１００％", "6/6,100٪",
    };
    for (size_t k = 0; k < sizeof glued / sizeof glued[0]; k++) {
        parse(f, glued[k], 2);
        const kc_docref *a = kc_docref_get(f->list, 0), *b = kc_docref_get(f->list, 1);
        const kc_docref *ratio = a->figure == KC_FIGURE_RATIO ? a : b, *pc = ratio == a ? b : a;
        if (ratio->figure != KC_FIGURE_RATIO || ratio->numerator != 6 || ratio->denominator != 6 ||
            pc->figure != KC_FIGURE_PERCENT || pc->value != 100)
            fail_msg("'%s' read as %s and %s", glued[k], a->text, b->text);
    }
    const kc_docref *r = parse(f, "đạt 5/7,71,4% kế hoạch", 2);
    assert_string_equal(r->text, "5/7");
    r = kc_docref_get(f->list, 1);
    assert_true(r->value > 71.39 && r->value < 71.41);
    assert_int_equal(r->decimals, 1);
    r = parse(f, "7/7VB đi, 6/6TTHC", 2);
    assert_int_equal(r->figure, KC_FIGURE_RATIO);
    assert_string_equal(r->text, "7/7");
    assert_string_equal(kc_docref_get(f->list, 1)->text, "6/6");
    /* Look-alikes: a decimal comma, dates and their ranges, symbols. */
    r = parse(f, "đạt 85,7%", 1);
    assert_true(r->value > 85.69 && r->value < 85.71);
    parse(f, "từ 6/6–7/7", 0);
    parse(f, "6/6-7/7, 6/6,7/7", 0);
    parse(f, "ngày 6/6/2021,100", 0);
    parse(f, "6/6/2021-100%", 0);
    parse(f, "1/2021QĐ", 0);
    parse(f, "QĐ7/7", 0);
    r = parse(f, "Số: 15/2019/QĐ-UBND", 1);
    assert_int_equal(r->kind, KC_DOCREF_DOCUMENT);
    kc_error err = {0};
    kc_docref_list_free(f->list);
    f->list = NULL;
    assert_int_equal(kc_docref_parse(&f->list, "15/2019QĐ 12/QĐ-UBND 7/7-UBND", &err), 0);
    for (size_t k = 0; k < kc_docref_count(f->list); k++)
        assert_int_not_equal(kc_docref_get(f->list, k)->kind, KC_DOCREF_FIGURE);
}

/* A character no viewer draws inside a figure leaves the figure as shown
 * (rtnum12): "1\u00AD00%" (a soft hyphen), "7\u2060/7" (a word joiner) were
 * no figure, though Word, LibreOffice and a browser show 100% and 7/7. */
static void test_invisible_in_figure(void **state)
{
    fixture *f = *state;
    const kc_docref *r = parse(f, "đạt 1\xc2\xad" "00% văn bản", 1);
    assert_int_equal(r->figure, KC_FIGURE_PERCENT);
    assert_true(r->value == 100);
    assert_string_equal(r->text, "100%");
    r = parse(f, "7\xe2\x81\xa0/7 văn bản, 6/\xe2\x80\x8d" "6\xef\xbb\xbf=100%", 3);
    assert_string_equal(r->text, "7/7");
    assert_int_equal(kc_docref_get(f->list, 1)->denominator, 6);
    assert_true(kc_docref_get(f->list, 2)->value == 100);
    r = parse(f, "Số: 1\xc2\xad" "5/QĐ-UBND ngày 07/02/2020", 1);
    assert_string_equal(r->number, "15");
    parse(f, "ngày 6/\xe2\x81\xa0" "6/2021", 0);
}

/* Slashes that fonts draw as "/" though NFKC leaves them (rtnum12): a
 * box-drawing diagonal, the mathematical rising diagonal, the big solidus. */
static void test_other_slashes(void **state)
{
    fixture *f = *state;
    static const char *const forms[] = {"7\u2571" "7 văn bản", "7\u27CB" "7", "7\u29F8" "7=100%", "7 \u2571 7"};
    for (size_t k = 0; k < sizeof forms / sizeof forms[0]; k++) {
        kc_error err = {0};
        kc_docref_list_free(f->list);
        f->list = NULL;
        assert_int_equal(kc_docref_parse(&f->list, forms[k], &err), 0);
        const kc_docref *r = kc_docref_get(f->list, 0);
        if (!r || r->figure != KC_FIGURE_RATIO || r->numerator != 7 || r->denominator != 7)
            fail_msg("'%s' is no ratio 7/7", forms[k]);
    }
    parse(f, "ngày 6\u2571" "6\u2571" "2021", 0);
}

/* What the words beside a count of documents say it counts (rtnum13): the 7
 * of "5 văn bản; 7 văn bản đi đều ký số" is said signed, so it is no total. */
static void test_count_said(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *text;
        size_t index;
        kc_count_said said;
    } cases[] = {
        {"5 văn bản; 7 văn bản đi đều ký số", 1, KC_SAID_SIGNED},
        {"5 văn bản; 7 văn bản đi đều ký số", 0, KC_SAID_NOTHING},
        {"7 văn bản đi, đã ký số 5 văn bản", 0, KC_SAID_NOTHING},
        {"7 văn bản đi, đã ký số 5 văn bản", 1, KC_SAID_SIGNED},
        {"7 văn bản đi, đều có chữ ký số", 0, KC_SAID_SIGNED},
        {"7 văn bản đều ký số, 2 văn bản", 1, KC_SAID_NOTHING},
        {"2 văn bản chưa ký số", 0, KC_SAID_UNSIGNED},
        {"2 văn bản ký tay", 0, KC_SAID_UNSIGNED},
        {"6 VĂN BẢN GỬI UBND HUYỆN ĐỀU ĐƯỢC KÝ ĐIỆN TỬ", 0, KC_SAID_SIGNED},
        {"3 văn bản do lãnh đạo ký số", 0, KC_SAID_LEADER},
        {"lãnh đạo đã ký số: 7 văn bản", 0, KC_SAID_LEADER},
        {"4 văn bản không do lãnh đạo ký", 0, KC_SAID_NOT_LEADER},
        {"3 văn bản lãnh đạo ký", 0, KC_SAID_NOTHING},
        {"7 văn bản đi trong năm, toàn bộ ký số", 0, KC_SAID_NOTHING},
        {"5 văn bản; 7 văn bản đi, toàn bộ đều ký số", 1, KC_SAID_SIGNED},
        {"7 văn bản đi, trong đó đã ký số 5 văn bản", 0, KC_SAID_NOTHING},
        {"5/7; bảy văn bản đi đều ký số", 1, KC_SAID_SIGNED},
        {"7 VB đi đều do lãnh đạo ký số", 0, KC_SAID_LEADER},
        /* review31: the verb with its means ("ký bằng chữ ký số", "bằng tay")
         * or the signature carried ("mang", "sử dụng chữ ký số") said nothing */
        {"5 văn bản; 7 văn bản đi được ký bằng chữ ký số", 1, KC_SAID_SIGNED},
        {"7 văn bản đi đều ký bằng chữ ký điện tử", 0, KC_SAID_SIGNED},
        {"7 văn bản đi đã được ký bằng chứng thư số", 0, KC_SAID_SIGNED},
        {"3 văn bản do lãnh đạo ký bằng chữ ký số", 0, KC_SAID_LEADER},
        {"2 văn bản ký bằng tay", 0, KC_SAID_UNSIGNED},
        {"2 văn bản chưa ký bằng chữ ký số", 0, KC_SAID_UNSIGNED},
        {"7 văn bản đi mang chữ ký số", 0, KC_SAID_SIGNED},
        {"7 văn bản đi đều sử dụng chữ ký số", 0, KC_SAID_SIGNED},
        {"2 văn bản không sử dụng chữ ký số", 0, KC_SAID_UNSIGNED},
        {"3 văn bản lãnh đạo ký bằng bút", 0, KC_SAID_NOTHING},
        {"7 văn bản đi, ký bằng chữ ký số 5 văn bản", 1, KC_SAID_SIGNED},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        kc_error err = {0};
        kc_docref_list_free(f->list);
        f->list = NULL;
        assert_int_equal(kc_docref_parse(&f->list, cases[k].text, &err), 0);
        const kc_docref *r = kc_docref_get(f->list, cases[k].index);
        if (!r || r->figure != KC_FIGURE_COUNT || r->said != cases[k].said)
            fail_msg("'%s': count %zu says %d, want %d", cases[k].text, cases[k].index, r ? (int)r->said : -1,
                     (int)cases[k].said);
    }
}

/* What turns a figure around (rtnum13): the controls, and right-to-left
 * marks or letters before digits with no letter between (review31:
 * "\u200F%\u200F100" is drawn 100%); not the marks copied web text brings. */
static void test_reorders(void **state)
{
    (void)state;
    assert_int_equal(kc_docref_reorders("đạt \u202E%001\u202C"), 0x202E);
    assert_int_equal(kc_docref_reorders("đạt \u200F%\u200F100"), 0x200F);
    assert_int_equal(kc_docref_reorders("đạt \u061C%\u061C100"), 0x061C);
    assert_int_equal(kc_docref_reorders("\u05D0 7/7"), 0x05D0);
    assert_int_equal(kc_docref_reorders("5/7 (\u200Ftheo sổ\u200E), đạt 71,4%\u202C"), 0);
    assert_int_equal(kc_docref_reorders("3/7 văn bản\u200E đi"), 0);
    assert_int_equal(kc_docref_reorders("\u200F\nđạt 100%"), 0);
    assert_int_equal(kc_docref_reorders("5/7 văn bản, đạt 71,4%"), 0);
}

/* Counts of documents in words or with "VB" (rtnum13); "một văn bản" (an
 * article) and a bare "năm" (the year's word) are not read. */
static void test_spelled_counts(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *text;
        double value;
    } cases[] = {
        {"bảy văn bản", 7}, {"Bảy Văn Bản", 7}, {"7 VB", 7}, {"mười văn bản", 10}, {"mười lăm văn bản", 15},
        {"hai mươi mốt văn bản", 21}, {"ba mươi tư VB", 34}, {"một trăm linh năm văn bản", 105},
        {"hai trăm năm mươi văn bản", 250}, {"mười một văn bản", 11},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        kc_error err = {0};
        kc_docref_list_free(f->list);
        f->list = NULL;
        assert_int_equal(kc_docref_parse(&f->list, cases[k].text, &err), 0);
        const kc_docref *r = kc_docref_get(f->list, 0);
        if (kc_docref_count(f->list) != 1 || r->figure != KC_FIGURE_COUNT || r->value != cases[k].value)
            fail_msg("'%s' is no count %g", cases[k].text, cases[k].value);
    }
    parse(f, "theo một văn bản hướng dẫn", 0);
    parse(f, "trong năm văn bản đi", 0);
    parse(f, "bảy máy tính", 0);
    parse(f, "7 Vb", 0);
}

/* Numbers that are not figures: levels, dates, months, the year of a period. */
static void test_not_references(void **state)
{
    parse(*state, "Đang học", 0);
    parse(*state, "Đăng ký TTHC đạt DVC TT mức độ 3 và 4 tại cấp xã/ Tổng số", 0);
    parse(*state, "tháng 9/2021", 0);
    parse(*state, "ngày 14/5/2019", 0);
    parse(*state, "Chỉ đạo công chức tại Bộ phận TN&TKQ sử dụng QLVB&ĐH", 0);
    parse(*state, "", 0);
}

static void test_nfd(void **state)
{
    /* "Quyết định Số 123/QĐ-UBND ngày 19/8/2021" decomposed (NFD). */
    const kc_docref *r = parse(*state,
        "Quye\xcc\x82\xcc\x81t \xc4\x91i\xcc\xa3nh So\xcc\x82\xcc\x81 123/Q\xc4\x90-UBND nga\xcc\x80y 19/8/2021", 1);
    assert_string_equal(r->type, "QĐ");
    assert_string_equal(r->text, "Quyết định Số 123/QĐ-UBND ngày 19/8/2021"); /* NFC out */
    assert_date(&r->date, 2021, 8, 19);
}

static void test_dates(void **state)
{
    kc_date d;
    assert_true(kc_date_parse(&d, "Thủy An, ngày 07 tháng 02 năm 2020"));
    assert_date(&d, 2020, 2, 7);
    assert_true(kc_date_parse(&d, "ngày 14/5/2019"));
    assert_date(&d, 2019, 5, 14);
    assert_true(kc_date_parse(&d, "07/02/2020"));
    assert_date(&d, 2020, 2, 7);
    assert_true(kc_date_parse(&d, "07-02-2020"));
    assert_date(&d, 2020, 2, 7);
    assert_true(kc_date_parse(&d, "2020-02-07"));
    assert_date(&d, 2020, 2, 7);
    assert_true(kc_date_parse(&d, "Ngày 27 tháng 9/2021"));
    assert_date(&d, 2021, 9, 27);
    assert_true(kc_date_parse(&d, "tháng 9/2021"));
    assert_date(&d, 2021, 9, 0);
    assert_true(kc_date_parse(&d, "cả năm 2021"));
    assert_date(&d, 2021, 0, 0);
    assert_false(kc_date_parse(&d, "ngày 31/02/2021"));
    assert_false(kc_date_parse(&d, "650/652"));
    char buf[16];
    d = (kc_date){2021, 9, 0};
    assert_string_equal(kc_date_format(&d, buf, sizeof buf), "2021-09");
    (void)state;
}

static void test_same(void **state)
{
    fixture *f = *state;
    kc_docref_list *other = NULL;
    parse(f, "HĐ số: 003/HĐ 2019 ngày 14/5/2019 Số: 02/QĐ-UBND ngày 07/02/2020", 2);
    assert_int_equal(kc_docref_parse(&other, "Số 3/HĐ ngày 14/05/2019; 02/QĐ-UBND ngày 10/01/2021", NULL), 0);
    assert_int_equal(kc_docref_count(other), 2);
    assert_true(kc_docref_same(kc_docref_get(f->list, 0), kc_docref_get(other, 0)));
    /* Numbers restart each year: 02/QĐ-UBND of 2020 is not that of 2021. */
    assert_false(kc_docref_same(kc_docref_get(f->list, 1), kc_docref_get(other, 1)));
    assert_false(kc_docref_same(kc_docref_get(f->list, 0), kc_docref_get(f->list, 1)));
    kc_docref_list_free(other);
}

static void test_errors(void **state)
{
    kc_docref_list *l = NULL;
    kc_error err = {0};
    assert_int_equal(kc_docref_parse(&l, "\xff\xfe", &err), KC_EFORMAT);
    assert_null(l);
    assert_int_equal(kc_docref_parse(NULL, "x", &err), KC_EINVAL);
    assert_int_equal(kc_docref_count(NULL), 0);
    assert_null(kc_docref_get(NULL, 0));
    kc_docref_list_free(NULL);
    (void)state;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_contract, setup, teardown),
        cmocka_unit_test_setup_teardown(test_decisions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cong_van_and_legal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_type_abbreviation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invoice_period, setup, teardown),
        cmocka_unit_test_setup_teardown(test_urls, setup, teardown),
        cmocka_unit_test_setup_teardown(test_figures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_glued_figures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stuck_percent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_punct_glued, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invisible_in_figure, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_slashes, setup, teardown),
        cmocka_unit_test(test_reorders),
        cmocka_unit_test_setup_teardown(test_count_said, setup, teardown),
        cmocka_unit_test_setup_teardown(test_spelled_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_references, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nfd, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
    };
    return cmocka_run_group_tests_name("docref", tests, NULL, NULL);
}
