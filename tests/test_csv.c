/* test_csv.c: the CSV dialects clerks' Excel exports come in, and the bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <glib.h>

#include <stdlib.h>
#include <string.h>

#include "csv.h"

static kc_csv *open_text(const char *text)
{
    kc_csv *c = NULL;
    assert_int_equal(kc_csv_open_mem(&c, text, strlen(text), NULL), 0);
    return c;
}

static void expect_record(kc_csv *c, size_t line, size_t n, const char *const *want)
{
    char **f = NULL;
    size_t got = 0, at = 0;
    kc_error err = {0};
    assert_int_equal(kc_csv_next(c, &f, &got, &at, &err), 1);
    assert_int_equal(at, line);
    assert_int_equal(got, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(f[i], want[i]);
}

static void test_bom_semicolon_crlf_quotes(void **state)
{
    (void)state;
    kc_csv *c = open_text("\xEF\xBB\xBFSố, ký hiệu;Ngày;Nơi nhận\r\n"
                          "\"12/QĐ-UBND\";07/02/2020;\"UBND huyện;\r\nLưu: VT\"\r\n"
                          "\"say \"\"hi\"\"\";;x\r\n");
    assert_int_equal(kc_csv_separator(c), ';');
    expect_record(c, 1, 3, (const char *[]){"Số, ký hiệu", "Ngày", "Nơi nhận"});
    expect_record(c, 2, 3, (const char *[]){"12/QĐ-UBND", "07/02/2020", "UBND huyện;\r\nLưu: VT"});
    expect_record(c, 4, 3, (const char *[]){"say \"hi\"", "", "x"});
    char **f;
    size_t n, line;
    assert_int_equal(kc_csv_next(c, &f, &n, &line, NULL), 0);
    kc_csv_free(c);
}

/* The separator the lines hold alike: a one-cell section line not padded with
 * separators, holding as many commas as the headings, does not outvote the
 * rows' semicolons (atknum); headings holding as many commas as semicolons
 * take the rows' ';' (rtnum21). */
static void test_separator_the_rows_hold(void **state)
{
    (void)state;
    kc_csv *c = open_text("Số, ký hiệu;Ngày, tháng;Nơi nhận\r\nQuý I (tháng 1, 2, 3)\r\n"
                          "03/KH-UBND;11/01/2021;UBND huyện\r\n12/QĐ-UBND;15/03/2021;x\r\n");
    assert_int_equal(kc_csv_separator(c), ';');
    kc_csv_free(c);
    c = open_text("Số, ký hiệu;Ngày, tháng;Nơi nhận\r\n03/KH-UBND;11/01/2021;UBND huyện\r\n");
    assert_int_equal(kc_csv_separator(c), ';');
    kc_csv_free(c);
    c = open_text("number,date,summary\n12,1/2/2021,\"a; b\"\n13,2/2/2021,c\n");
    assert_int_equal(kc_csv_separator(c), ',');
    kc_csv_free(c);
    /* rtnum23: eight preamble lines of one ',' each tied the table's seven
     * rows and, earlier, won; weighed by the separators a line holds, the
     * table's five columns win; the same table written with ',' stays ','. */
    const char *pre = "a, b\nc, d\ne, f\ng, h\ni, j\nk, l\nm, n\no, p\n";
    GString *t = g_string_new(pre), *u = g_string_new(pre);
    g_string_append(t, "Số;Ngày;Trích yếu;Người ký;Nơi nhận\n");
    g_string_append(u, "Số,Ngày,Trích yếu,Người ký,Nơi nhận\n");
    for (int i = 1; i <= 7; i++) {
        g_string_append_printf(t, "%d/QĐ-UBND;0%d/03/2021;x;An;UBND huyện\n", i, i);
        g_string_append_printf(u, "%d/QĐ-UBND,0%d/03/2021,x,An,UBND huyện\n", i, i);
    }
    c = open_text(t->str);
    assert_int_equal(kc_csv_separator(c), ';');
    kc_csv_free(c);
    c = open_text(u->str);
    assert_int_equal(kc_csv_separator(c), ',');
    kc_csv_free(c);
    g_string_free(t, TRUE);
    g_string_free(u, TRUE);
    /* atknum3: a ',' table whose rows list recipients with ';' (six, not
     * quoted) outweighed the heading's five ','; the heading's quoted
     * field, fenced by ',', names it.  Written with ';', the same stays ';'. */
    t = g_string_new("\"Số, ký hiệu\",Ngày,Trích yếu,Người ký,Nơi nhận,Tệp\n");
    u = g_string_new("\"Số, ký hiệu\";Ngày;Trích yếu;Người ký;Nơi nhận;Tệp\n");
    for (int i = 1; i <= 7; i++) {
        g_string_append_printf(t, "%d/QĐ-UBND,0%d/03/2021,x,An,a; b; c; d; e; f; g,d%d.pdf\n", i, i, i);
        g_string_append_printf(u, "%d/QĐ-UBND;0%d/03/2021;x;An;\"a; b; c; d; e; f; g\";d%d.pdf\n", i, i, i);
    }
    c = open_text(t->str);
    assert_int_equal(kc_csv_separator(c), ',');
    kc_csv_free(c);
    c = open_text(u->str);
    assert_int_equal(kc_csv_separator(c), ';');
    kc_csv_free(c);
    g_string_free(t, TRUE);
    g_string_free(u, TRUE);
}

static void test_comma_and_nfd_to_nfc(void **state)
{
    (void)state;
    /* "Số" written with a combining acute and hook (NFD) becomes NFC. */
    kc_csv *c = open_text("number,date\nS\xC3\xB4\xCC\x81,1\n");
    assert_int_equal(kc_csv_separator(c), ',');
    expect_record(c, 1, 2, (const char *[]){"number", "date"});
    expect_record(c, 2, 2, (const char *[]){"Số", "1"});
    kc_csv_free(c);
}

static void test_windows_1258_is_converted(void **state)
{
    (void)state;
    /* 0xD0 is Đ in Windows-1258. */
    kc_csv *c = open_text("a,b\n\xD0i,x\n");
    expect_record(c, 1, 2, (const char *[]){"a", "b"});
    expect_record(c, 2, 2, (const char *[]){"Đi", "x"});
    assert_true(kc_csv_was_converted(c));
    kc_csv_free(c);
}

static void test_unclosed_quote_names_line(void **state)
{
    (void)state;
    kc_csv *c = open_text("a,b\n1,2\n\"open,3\n");
    char **f;
    size_t n, line;
    kc_error err = {0};
    assert_int_equal(kc_csv_next(c, &f, &n, &line, &err), 1);
    assert_int_equal(kc_csv_next(c, &f, &n, &line, &err), 1);
    assert_true(kc_csv_next(c, &f, &n, &line, &err) < 0);
    assert_non_null(strstr(err.message, ":3:"));
    kc_csv_free(c);
}

static void test_field_bound(void **state)
{
    (void)state;
    size_t len = KC_CSV_MAX_FIELD + 10;
    char *big = malloc(len + 1);
    memset(big, 'x', len);
    big[len] = '\0';
    kc_csv *c = open_text(big);
    char **f;
    size_t n, line;
    kc_error err = {0};
    assert_int_equal(kc_csv_next(c, &f, &n, &line, &err), KC_ELIMIT);
    kc_csv_free(c);
    free(big);
}

/* Excel's "Unicode Text": UTF-16 with a BOM, tab separated (LE; BE too). */
static void test_utf16_is_read(void **state)
{
    (void)state;
    static const char le[] = "\xFF\xFES\0\xD1\x1E\t\0N\0\xA1\x01i\0 \0n\0h\0\xAD\x1E\x6E\0\r\0\n\0"
                             "1\0\t\0U\0B\0N\0D\0\r\0\n\0";
    static const char be[] = "\xFE\xFF\0S\x1E\xD1\0\t\0x\0\n";
    kc_csv *c = NULL;
    assert_int_equal(kc_csv_open_mem(&c, le, sizeof le - 1, NULL), 0);
    assert_int_equal(kc_csv_separator(c), '\t');
    expect_record(c, 1, 2, (const char *[]){"Số", "Nơi nhận"});
    expect_record(c, 2, 2, (const char *[]){"1", "UBND"});
    assert_false(kc_csv_was_converted(c));
    kc_csv_free(c);
    assert_int_equal(kc_csv_open_mem(&c, be, sizeof be - 1, NULL), 0);
    expect_record(c, 1, 2, (const char *[]){"Số", "x"});
    kc_csv_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bom_semicolon_crlf_quotes),
        cmocka_unit_test(test_comma_and_nfd_to_nfc),
        cmocka_unit_test(test_separator_the_rows_hold),
        cmocka_unit_test(test_windows_1258_is_converted),
        cmocka_unit_test(test_unclosed_quote_names_line),
        cmocka_unit_test(test_field_bound),
        cmocka_unit_test(test_utf16_is_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
