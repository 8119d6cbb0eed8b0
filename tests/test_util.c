/* test_util.c: the shared helpers of src/util (util.h): hex. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* ---- hex ------------------------------------------------------------------ */

static void test_hex_round_trip(void **state)
{
    unsigned char bytes[256], back[256];
    char hex[513];
    (void)state;
    for (int i = 0; i < 256; i++)
        bytes[i] = (unsigned char)i;
    kc_hex_encode(hex, bytes, sizeof bytes);
    assert_int_equal(strlen(hex), 512);
    assert_memory_equal(hex, "000102", 6);
    assert_string_equal(hex + 500, "fafbfcfdfeff");
    assert_true(kc_hex_decode(back, sizeof back, hex));
    assert_memory_equal(back, bytes, sizeof bytes);
    char *dup = kc_hex_dup(bytes + 0xa0, 3);
    assert_string_equal(dup, "a0a1a2");
    free(dup);
    assert_string_equal(kc_hex_encode(hex, bytes, 0), "");
}

static void test_hex_decode_refuses(void **state)
{
    unsigned char b[2];
    (void)state;
    assert_true(kc_hex_decode(b, 2, "aBcD"));
    assert_int_equal(b[0], 0xab);
    assert_int_equal(b[1], 0xcd);
    assert_false(kc_hex_decode(b, 2, "abc"));   /* too short */
    assert_false(kc_hex_decode(b, 2, "abcde")); /* too long */
    assert_false(kc_hex_decode(b, 2, "abcg"));  /* not a digit */
    assert_false(kc_hex_decode(b, 2, ""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hex_round_trip),
        cmocka_unit_test(test_hex_decode_refuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
