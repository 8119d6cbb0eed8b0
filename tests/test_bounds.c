/* test_bounds.c: every size, count and depth an attacker controls has a bound,
 * and each bound is proven here by an input just past it: the reader stops with
 * KC_ELIMIT or KC_EFORMAT, quickly, without recursion and without memory growing
 * with the input.
 *
 *   CMS    DER size
 *   CSV    field length, record length, fields per record
 *   register  rows per file
 *   report    line length, line count
 *
 * The PDF reader's bounds are proven in test_bounds_pdf.c, the zip limits of the
 * dossier reader (entry size, total, count, ratio) in test_zipio.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "cms_check.h"
#include "csv.h"
#include "kiemchung/register.h"
#include "kiemchung/report.h"
#include "register_internal.h"

/* ---- CMS --------------------------------------------------------------------------- */

static void test_cms_size(void **state)
{
    (void)state;
    size_t n = (1u << 20) + 1;
    unsigned char *der = calloc(1, n);
    der[0] = 0x30;
    kc_cms *cms = NULL;
    kc_error err = {0};
    assert_int_equal(kc_cms_parse(&cms, der, n, &err), KC_ELIMIT);
    assert_null(cms);
    /* DER nested deeper than OpenSSL accepts: refused, not recursed into. */
    size_t depth = 100000;
    unsigned char *nest = malloc(2 * depth);
    for (size_t i = 0; i < depth; i++) {
        nest[2 * i] = 0x30;
        nest[2 * i + 1] = 0x80; /* indefinite length */
    }
    assert_int_equal(kc_cms_parse(&cms, nest, 2 * depth, &err), KC_EFORMAT);
    free(nest);
    free(der);
}

/* ---- CSV and the register --------------------------------------------------------- */

static int csv_first_error(const char *text, size_t len)
{
    kc_csv *c = NULL;
    kc_error err = {0};
    char **f;
    size_t n, line;
    int r;
    assert_int_equal(kc_csv_open_mem(&c, text, len, &err), 0);
    while ((r = kc_csv_next(c, &f, &n, &line, &err)) == 1)
        ;
    kc_csv_free(c);
    return r;
}

static void test_csv_bounds(void **state)
{
    (void)state;
    /* A record over 1 MiB made of fields under 64 KiB each. */
    GString *s = g_string_new("");
    while (s->len <= KC_CSV_MAX_RECORD)
        g_string_append_printf(s, "\"%s\",", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    assert_int_equal(csv_first_error(s->str, s->len), KC_ELIMIT);
    g_string_free(s, TRUE);
    /* One field past the bound of fields per record (256), and exactly 256. */
    for (int extra = 0; extra <= 1; extra++) {
        s = g_string_new("a");
        for (int i = 1; i < KC_CSV_MAX_FIELDS + extra; i++)
            g_string_append(s, ",a");
        g_string_append_c(s, '\n');
        assert_int_equal(csv_first_error(s->str, s->len), extra ? KC_ELIMIT : 0);
        g_string_free(s, TRUE);
    }
    /* A quoted field that never closes over many lines: one error, not a hang. */
    s = g_string_new("a,\"");
    for (int i = 0; i < 100000; i++)
        g_string_append(s, "line\n");
    assert_int_not_equal(csv_first_error(s->str, s->len), 0);
    g_string_free(s, TRUE);
}

static void test_register_rows(void **state)
{
    (void)state;
    char path[] = "/tmp/kc-bounds-register-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("number,file\n", f);
    for (int i = 0; i <= KC_REGISTER_MAX_ROWS; i++)
        fprintf(f, "%d/QĐ-UBND,x.pdf\n", i + 1);
    fclose(f);
    kc_register *reg = NULL;
    kc_error err = {0};
    assert_int_equal(kc_register_load_csv(&reg, path, &err), KC_ELIMIT);
    assert_null(reg);
    assert_non_null(strstr(err.message, "not one register"));
    unlink(path);
}

/* ---- the report ------------------------------------------------------------------ */

static void test_report_bounds(void **state)
{
    (void)state;
    kc_report *r = NULL;
    kc_error err = {0};
    GString *s = g_string_new("STT\tTIÊU CHÍ\tĐơn vị chủ trì thực hiện\tNội dung thực hiện\n1\tx\ty\t");
    while (s->len < (64u << 10) + 100)
        g_string_append(s, "rất dài ");
    g_string_append_c(s, '\n');
    assert_int_equal(kc_report_parse_buffer(&r, s->str, s->len, "long-line", &err), KC_ELIMIT);
    assert_null(r);
    g_string_free(s, TRUE);
    s = g_string_new("");
    for (int i = 0; i <= 100000; i++)
        g_string_append_c(s, '\n');
    assert_int_equal(kc_report_parse_buffer(&r, s->str, s->len, "many-lines", &err), KC_ELIMIT);
    assert_null(r);
    g_string_free(s, TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cms_size),
        cmocka_unit_test(test_csv_bounds),
        cmocka_unit_test(test_register_rows),
        cmocka_unit_test(test_report_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
