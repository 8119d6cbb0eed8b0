/* test_error.c: the kc_error convention (util/error.c): codes come back,
 * messages are formatted and bounded, a NULL err is allowed everywhere, and
 * out of memory has one message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <string.h>

#include "kiemchung/kiemchung.h"
#include "util.h"

static void test_set_formats_and_returns_code(void **state)
{
    kc_error err = {0};
    (void)state;
    assert_int_equal(kc_error_set(&err, KC_EFORMAT, "%s: line %d", "so-di.csv", 7), KC_EFORMAT);
    assert_int_equal(err.code, KC_EFORMAT);
    assert_string_equal(err.message, "so-di.csv: line 7");
}

static void test_set_truncates_long_messages(void **state)
{
    kc_error err = {0};
    char long_text[2000];
    (void)state;
    memset(long_text, 'x', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    kc_error_set(&err, KC_EINVAL, "%s", long_text);
    assert_int_equal(strlen(err.message), sizeof err.message - 1);
}

static void test_null_err(void **state)
{
    (void)state;
    assert_int_equal(kc_error_set(NULL, KC_EIO, "%s", "ignored"), KC_EIO);
    assert_int_equal(kc_error_oom(NULL), KC_ENOMEM);
    kc_error_clear(NULL);
}

static void test_oom_and_clear(void **state)
{
    kc_error err = {0};
    (void)state;
    assert_int_equal(kc_error_oom(&err), KC_ENOMEM);
    assert_int_equal(err.code, KC_ENOMEM);
    assert_string_equal(err.message, "out of memory"); /* LC_ALL=C.UTF-8 in the tests */
    kc_error_clear(&err);
    assert_int_equal(err.code, 0);
    assert_string_equal(err.message, "");
}

static void test_version(void **state)
{
    (void)state;
    assert_non_null(kc_version());
    assert_true(strlen(kc_version()) > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_formats_and_returns_code),
        cmocka_unit_test(test_set_truncates_long_messages),
        cmocka_unit_test(test_null_err),
        cmocka_unit_test(test_oom_and_clear),
        cmocka_unit_test(test_version),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
