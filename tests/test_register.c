/* test_register.c: reading the outgoing register: headers by name in any
 * spelling, Excel's date forms, paths relative to the CSV, row warnings; and
 * a register rebuilt from the documents' own text when there is none. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kiemchung/kiemchung.h"

static char *write_tmp(const char *text)
{
    char *path = g_build_filename(g_get_tmp_dir(), "kc-test-register-XXXXXX.csv", NULL);
    int fd = g_mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static kc_register *load(const char *text, char **path)
{
    kc_register *reg = NULL;
    kc_error err = {0};
    *path = write_tmp(text);
    if (kc_register_load_csv(&reg, *path, &err) != 0)
        fail_msg("%s", err.message);
    return reg;
}

static void test_nfd_uppercase_headers_and_dates(void **state)
{
    (void)state;
    char *path;
    /* NFD, upper case, a trailing colon; an Excel serial date (44270 = 2021-03-15). */
    kc_register *reg = load("SO\xCC\x82\xCC\x81, KY\xCC\x81 HIE\xCC\x82\xCC\xA3U VA\xCC\x86N BA\xCC\x89N:;"
                            "NGÀY THÁNG VĂN BẢN;Tệp\n"
                            "12/QĐ-UBND;44270;sub\\12.pdf\n"
                            "13/QĐ-UBND;ngày 7 tháng 2 năm 2020;/abs/13.pdf\n"
                            "14/UBND-VX;14/5/2019;x.pdf\n",
                            &path);
    assert_int_equal(kc_register_count(reg), 3);
    const kc_register_row *r = kc_register_row_at(reg, 0);
    assert_string_equal(r->number, "12/QĐ-UBND");
    assert_int_equal(r->serial, 12);
    assert_string_equal(r->symbol, "QĐ-UBND");
    assert_string_equal(r->type, "QĐ");
    assert_int_equal(r->year, 2021);
    assert_int_equal(r->month, 3);
    assert_int_equal(r->day, 15);
    char *dir = g_path_get_dirname(path);
    char *want = g_build_filename(dir, "sub", "12.pdf", NULL);
    assert_string_equal(r->file, want); /* backslashes from Windows, relative to the CSV */
    r = kc_register_row_at(reg, 1);
    assert_int_equal(r->year, 2020);
    assert_int_equal(r->month, 2);
    assert_string_equal(r->file, "/abs/13.pdf");
    r = kc_register_row_at(reg, 2);
    assert_null(r->type); /* a công văn has no type abbreviation */
    assert_int_equal(r->day, 14);
    g_free(dir);
    g_free(want);
    kc_register_free(reg);
    unlink(path);
    g_free(path);
}

static void test_warnings_name_lines(void **state)
{
    (void)state;
    char *path;
    kc_register *reg = load("number,date,file,Màu\n1/QĐ-UBND,01/01/2021,a.pdf,x\n\n"
                            "1/QĐ-UBND,02/01/2021,b.pdf,x\n2/QĐ-UBND,someday,,x\n",
                            &path);
    assert_int_equal(kc_register_count(reg), 3); /* the blank line is skipped */
    assert_int_equal(kc_register_warning_count(reg), 1);
    assert_non_null(strstr(kc_register_warning(reg, 0), "Màu"));
    const kc_register_row *dup = kc_register_row_at(reg, 1);
    assert_int_equal(dup->line, 4);
    assert_int_equal(dup->n_warnings, 1);
    assert_non_null(strstr(dup->warnings[0], "line 2"));
    const kc_register_row *bad = kc_register_row_at(reg, 2);
    assert_int_equal(bad->n_warnings, 2); /* the date, and no file */
    assert_non_null(strstr(bad->warnings[0], "someday"));
    assert_null(bad->file);
    kc_register_free(reg);
    unlink(path);
    g_free(path);
}

static void test_not_a_register(void **state)
{
    (void)state;
    char *path = write_tmp("a,b\n1,2\n");
    kc_register *reg = NULL;
    kc_error err = {0};
    assert_int_equal(kc_register_load_csv(&reg, path, &err), KC_EFORMAT);
    assert_non_null(strstr(err.message, path));
    assert_null(reg);
    unlink(path);
    g_free(path);
    assert_int_equal(kc_register_load_csv(&reg, "/nonexistent/so-di.csv", &err), KC_EIO);
}

/* No register: each PDF read for its "Số:" line, its date and its "Nơi nhận"
 * block (the sample documents), a file that is no PDF said so, and a number
 * two documents claim said twice. */
static void test_from_documents(void **state)
{
    const char *root = getenv("KC_SOURCE_ROOT");
    (void)state;
    if (!root)
        skip();
    const char *names[] = {"12-QD-UBND.pdf", "30-QD-UBND.pdf", "18-GM-UBND.docx", "12-QD-UBND.pdf"};
    char *paths[4];
    for (int i = 0; i < 4; i++)
        paths[i] = g_build_filename(root, "samples", "docs", names[i], NULL);
    kc_register *reg = NULL;
    kc_error err = {0};
    if (kc_register_from_documents(&reg, (const char *const *)paths, 4, &err) != 0)
        fail_msg("%s", err.message);
    assert_int_equal(kc_register_count(reg), 4);
    const kc_register_row *r = kc_register_row_at(reg, 0);
    assert_true(r->from_document);
    assert_string_equal(r->file, paths[0]);
    assert_string_equal(r->number, "12/QĐ-UBND");
    assert_int_equal(r->serial, 12);
    assert_string_equal(r->type, "QĐ");
    assert_int_equal(r->year, 2021);
    assert_int_equal(r->month, 3);
    assert_int_equal(r->day, 15);
    assert_non_null(r->recipients);
    assert_true(kc_recipients_name_authority(r->recipients, NULL, r->year, r->month));
    r = kc_register_row_at(reg, 1);
    assert_string_equal(r->number, "30/QĐ-UBND");
    assert_int_equal(r->month, 9);
    assert_false(r->recipients && kc_recipients_name_authority(r->recipients, NULL, r->year, r->month));
    /* not a PDF: a row all the same (it is a document of the folder), with a warning */
    r = kc_register_row_at(reg, 2);
    assert_null(r->number);
    assert_true(r->n_warnings >= 1);
    assert_non_null(strstr(r->warnings[0], "not a PDF"));
    /* the same number twice */
    r = kc_register_row_at(reg, 3);
    assert_string_equal(r->number, "12/QĐ-UBND");
    assert_int_equal(r->n_warnings, 1);
    assert_non_null(strstr(r->warnings[0], "number 12/QĐ-UBND is used by another document too"));
    assert_int_equal(kc_register_row_at(reg, 0)->n_warnings, 0);
    kc_register_free(reg);
    for (int i = 0; i < 4; i++)
        g_free(paths[i]);
    /* nothing to read is an empty register, not an error */
    assert_int_equal(kc_register_from_documents(&reg, NULL, 0, &err), 0);
    assert_int_equal(kc_register_count(reg), 0);
    kc_register_free(reg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nfd_uppercase_headers_and_dates),
        cmocka_unit_test(test_warnings_name_lines),
        cmocka_unit_test(test_not_a_register),
        cmocka_unit_test(test_from_documents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
