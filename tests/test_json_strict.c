/* test_json_strict.c: kc_json_strict (src/util/json_strict.c), whether a text
 * is JSON every reader reads alike: here its numbers (rtzip9); the grammar's
 * other refusals are held by the dossier and validation index tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <glib.h>
#include <string.h>

#include "json_strict.h"

/* kc_json_strict's numbers (rtzip9): refused where readers read other
 * numbers, with the member and the number as written; real numbers where
 * real numbers are meant, and whole ones to 2^53 - 1, taken. */
static void strict_refuses(const char *text, const char *why, const char *member, const char *number)
{
    static const char *const whole[] = {"year", "size", NULL};
    kc_json_fault f;
    assert_false(kc_json_strict(text, strlen(text), whole, &f));
    assert_string_equal(f.why, why);
    assert_int_equal(f.member_len, strlen(member));
    assert_memory_equal(f.member, member, f.member_len);
    assert_int_equal(f.number_len, strlen(number));
    assert_memory_equal(text + f.at, number, f.number_len);
    char *said = kc_json_fault_number(&f, text);
    assert_non_null(said);
    assert_non_null(strstr(said, number));
    g_free(said);
}

static void test_json_strict_numbers(void **state)
{
    static const char *const whole[] = {"year", "size", NULL};
    (void)state;
    strict_refuses("{\"year\" : -18446744073709549595}", "unsafe-integer", "year", "-18446744073709549595");
    strict_refuses("{\"files\": [{\"size\": 1}, {\"size\": 9007199254740992}]}", "unsafe-integer", "size",
                   "9007199254740992");
    strict_refuses("{\"year\": 2.021e3}", "not-integer", "year", "2.021e3");
    strict_refuses("{\"files\": [{\"size\": 1.0}]}", "not-integer", "size", "1.0");
    strict_refuses("{\"refs\": [{\"value\": 36.0}, 1, -0]}", "minus-zero", "refs", "-0");
    strict_refuses("{\"v\": -0.0e3}", "minus-zero", "v", "-0.0e3");
    strict_refuses("{\"v\": -1e-400}", "minus-zero", "v", "-1e-400");
    strict_refuses("{\"v\": 1e400}", "overflow", "v", "1e400");
    /* the member a number belongs to is its own, not a nested object's */
    strict_refuses("{\"a\": [{\"year\": 1}, 2.5e999]}", "overflow", "a", "2.5e999");

    const char *honest[] = {"{\"year\": 2021, \"size\": 9007199254740991, \"value\": 36.0, \"v\": 3.6e1}",
                            "{\"size\": 0, \"v\": -0.5, \"w\": 9E+1, \"x\": 1e-400, \"y\": -9007199254740991}",
                            "{\"a\": {\"year\": 1}, \"b\": 2.5}"};
    for (size_t i = 0; i < sizeof honest / sizeof *honest; i++) {
        kc_json_fault f;
        assert_true(kc_json_strict(honest[i], strlen(honest[i]), whole, &f));
        assert_null(f.why);
        assert_null(kc_json_fault_number(&f, honest[i]));
    }
    /* with no member named whole, a real number is taken anywhere */
    assert_true(kc_json_strict("{\"year\": 2021.0}", 16, NULL, NULL));
    /* the grammar's own refusals name no number */
    kc_json_fault f;
    assert_false(kc_json_strict("{\"year\": 0x7e5}", 15, whole, &f));
    assert_null(f.why);
    assert_null(kc_json_fault_number(&f, "{\"year\": 0x7e5}"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_strict_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
