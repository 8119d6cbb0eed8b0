/* test_ratios.c: the arithmetic and rounding of criteria 20–22, and who
 * counts as the reviewing authority before and after the July 2025 reform. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "kiemchung/ratios.h"

static void expect_format(size_t n, size_t d, const char *want)
{
    char buf[16];
    assert_string_equal(kc_ratio_format((kc_ratio){n, d}, buf, sizeof buf), want);
}

static void test_rounding_as_the_report_writes(void **state)
{
    (void)state;
    expect_format(650, 652, "99,7%"); /* the report's own figure */
    expect_format(12, 22, "54,5%");
    expect_format(1, 8, "12,5%");     /* half up */
    expect_format(3, 3, "100,0%");
    expect_format(0, 5, "0,0%");
    expect_format(1999, 2000, "99,9%"); /* never 100% with one unsigned */
    expect_format(0, 0, "—");
    assert_int_equal(kc_ratio_tenths((kc_ratio){2, 3}), 667);
}

static void test_totals(void **state)
{
    (void)state;
    kc_totals t = {0};
    kc_totals_add(&t, true, true, true);
    kc_totals_add(&t, true, false, true);
    kc_totals_add(&t, false, true, true); /* a leader's invalid signature counts nowhere */
    kc_totals_add(&t, true, true, false);
    kc_ratio c20 = kc_totals_criterion(&t, 20), c21 = kc_totals_criterion(&t, 21),
             c22 = kc_totals_criterion(&t, 22);
    assert_int_equal(c20.numerator, 3);
    assert_int_equal(c20.denominator, 4);
    assert_int_equal(c21.numerator, 2);
    assert_int_equal(c22.numerator, 2);
    assert_int_equal(c22.denominator, 3);
}

static void test_totals_merge(void **state)
{
    kc_totals a = {0}, b = {0}, all = {0};
    (void)state;
    kc_totals_add(&a, true, true, true);
    kc_totals_add(&a, false, false, false);
    kc_totals_add_indeterminate(&a);
    kc_totals_add(&b, true, false, true);
    kc_totals_merge(&all, &a);
    kc_totals_merge(&all, &b);
    assert_int_equal(all.documents, 3);
    assert_int_equal(all.signed_docs, 2);
    assert_int_equal(all.leader_signed, 1);
    assert_int_equal(all.to_authority, 2);
    assert_int_equal(all.to_authority_signed, 2);
    assert_int_equal(all.indeterminate, 1);
}

static void test_authority(void **state)
{
    (void)state;
    /* Before the reform: the district, named any way a clerk writes it. */
    assert_true(kc_recipients_name_authority("- UBND huyện Phú Vang;\n- Lưu: VT.", NULL, 2021, 3));
    assert_true(kc_recipients_name_authority("Ủy ban nhân dân huyện Phú Vang", NULL, 2021, 3));
    assert_true(kc_recipients_name_authority("UỶ BAN NHÂN DÂN HUYỆN", NULL, 2024, 12));
    assert_false(kc_recipients_name_authority("- UBND xã Thủy An;\n- Lưu: VT", NULL, 2021, 3));
    assert_false(kc_recipients_name_authority("UBND tỉnh Thừa Thiên Huế", NULL, 2021, 3));
    /* The level abbreviated, as clerks write it: still the district (or the province after July 2025). */
    assert_true(kc_recipients_name_authority("- UBND H. Phú Vang;\n- Lưu: VT.", NULL, 2021, 3));
    assert_true(kc_recipients_name_authority("UBND TX.Hương Thủy", NULL, 2021, 3));
    assert_true(kc_recipients_name_authority("UBND Q. Hải Châu", NULL, 2024, 1));
    assert_true(kc_recipients_name_authority("UBND H. Phú Vang", "UBND huyện Phú Vang", 2021, 3));
    assert_true(kc_recipients_name_authority("UBND TP Huế", NULL, 2025, 8));
    assert_true(kc_recipients_name_authority("UBND T. Thừa Thiên Huế", NULL, 2025, 8));
    assert_false(kc_recipients_name_authority("UBND Hòa Vang", NULL, 2021, 3)); /* a name, not "H." */
    assert_false(kc_recipients_name_authority("UBND T. Thừa Thiên Huế", NULL, 2021, 3));
    /* Before the reform a city under a province (Huế until 2025) was district-level: its
     * committee is the authority; a centrally-run city was the province. */
    assert_true(kc_recipients_name_authority("- UBND thành phố Huế;\n- Lưu: VT.", NULL, 2021, 3));
    assert_true(kc_recipients_name_authority("Ủy ban nhân dân Thành phố Hội An", NULL, 2024, 12));
    assert_true(kc_recipients_name_authority("UBND TP. Huế", NULL, 2022, 5));
    assert_true(kc_recipients_name_authority("UBND thành phố", NULL, 2021, 3));
    assert_false(kc_recipients_name_authority("UBND thành phố Đà Nẵng", NULL, 2021, 3));
    assert_false(kc_recipients_name_authority("UBND TP Hồ Chí Minh", NULL, 2023, 3));
    assert_false(kc_recipients_name_authority("UBND thành phố Huế", NULL, 2025, 3)); /* central from 1/2025 */
    /* After 1 July 2025 communes report to the province or central city. */
    assert_true(kc_recipients_name_authority("UBND thành phố Huế", NULL, 2025, 7));
    assert_true(kc_recipients_name_authority("Ủy ban nhân dân tỉnh Quảng Trị", NULL, 2026, 1));
    assert_false(kc_recipients_name_authority("UBND huyện Phú Vang", NULL, 2025, 8));
    /* An exact name, however it is spelt. */
    assert_true(kc_recipients_name_authority("Ủy ban nhân dân huyện Phú Vang", "UBND huyện Phú Vang", 2021, 1));
    assert_false(kc_recipients_name_authority("UBND huyện Phú Lộc", "UBND huyện Phú Vang", 2021, 1));
    /* The committee glued to its level, spelt with dots, or "Ủy ban ND": the district all the same. */
    assert_true(kc_recipients_name_authority("- UBND-huyện Phú Vang;\n- Lưu: VT.", NULL, 2021, 3));
    assert_true(kc_recipients_name_authority("UBND.huyện Phú Vang", NULL, 2021, 3));
    assert_true(kc_recipients_name_authority("UBNDhuyện Phú Vang", NULL, 2021, 3));
    assert_true(kc_recipients_name_authority("U.B.N.D huyện Phú Vang", NULL, 2021, 3));
    assert_true(kc_recipients_name_authority("Ủy ban ND huyện Phú Vang", NULL, 2021, 3));
    assert_true(kc_recipients_name_authority("UBND - H.Phú Vang", NULL, 2021, 3));
    assert_true(kc_recipients_name_authority("UBND-huyện Phú Vang", "UBND huyện Phú Vang", 2021, 3));
    assert_true(kc_recipients_name_authority("UBND-tỉnh Quảng Trị", NULL, 2025, 9));
    assert_false(kc_recipients_name_authority("UBND-xã Thủy Bằng", NULL, 2021, 3));
    assert_false(kc_recipients_name_authority("UBNDxã Thủy Bằng", NULL, 2021, 3));
    /* NFD input folds the same. */
    assert_true(kc_recipients_name_authority("UBND huye\xCC\xA3\xCC\x82n", NULL, 2021, 1));
}

/* The authority misspelt by one keystroke in one word is still where the
 * document went (rtnum17); another body, another level, two words off, or
 * the name written right are not misspellings. */
static void test_authority_misspelt(void **state)
{
    const char *yes[] = {"- UBND hyện Phú Vang;\n- Lưu: VT.", "UBND huyệ Phú Vang", "UNBD huyện Phú Vang",
                         "- UBND hyuện;"};
    const char *no[] = {"- UBND huyện Phú Vang;", "- UBND xã Thủy Thanh;", "- Phòng VH-TT huyện Phú Vang;",
                        "- Các thôn;", "- UNBD hyện Phú Vang;", "- UBND tỉnh Thừa Thiên Huế;", NULL};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        assert_false(kc_recipients_name_authority(yes[i], NULL, 2021, 3));
        assert_true(kc_recipients_misspell_authority(yes[i], NULL, 2021, 3));
    }
    for (size_t i = 0; no[i]; i++)
        assert_false(kc_recipients_misspell_authority(no[i], NULL, 2021, 3));
    assert_false(kc_recipients_misspell_authority(NULL, NULL, 2021, 3));
    assert_true(kc_recipients_misspell_authority("UBND hyện Phú Vang", "UBND huyện Phú Vang", 2021, 3));
    assert_false(kc_recipients_misspell_authority("UBND huyện Phú Lộc", "UBND huyện Phú Vang", 2021, 3));
    assert_true(kc_recipients_misspell_authority("UBND tỉnh Thừa Thin Huế", "UBND tỉnh Thừa Thiên Huế", 2025, 9));
    assert_true(kc_recipients_misspell_authority("UBND tnh Thừa Thiên Huế", NULL, 2025, 9));
    (void)state;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rounding_as_the_report_writes),
        cmocka_unit_test(test_totals),
        cmocka_unit_test(test_totals_merge),
        cmocka_unit_test(test_authority),
        cmocka_unit_test(test_authority_misspelt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
