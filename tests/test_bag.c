/* test_bag.c: the BagIt tag files (dossier_bag.c): reading a payload or tag
 * manifest line by line (the digest lower-cased, the path percent-decoded,
 * CRLF and blank lines tolerated, anything else refused naming its line),
 * and reading a bag-info.txt label. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "dossier_model.h"

#define HEX_A "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
#define HEX_B "60303AE22B998861BCE3B28F33EEC1BE758A213C86C93C076DBE9F558C11C752"

/* Collects "line:path=hex|" for each line the parser hands over. */
static int collect(void *ud, const char *path, const char *hex, size_t line)
{
    g_string_append_printf(ud, "%zu:%s=%s|", line, path, hex);
    return 0;
}

static int stop_at_second(void *ud, const char *path, const char *hex, size_t line)
{
    (void)path;
    (void)hex;
    (*(size_t *)ud)++;
    return line == 2 ? KC_EFORMAT : 0;
}

static int parse(const char *text, GString *out, kc_error *err)
{
    g_string_truncate(out, 0);
    return kc_bag_parse_manifest(text, strlen(text), "manifest-sha256.txt", collect, out, err);
}

static void test_manifest_lines(void **state)
{
    GString *out = g_string_new(NULL);
    kc_error err = {0};
    (void)state;
    /* two spaces (what sha256sum writes), a tab, CRLF, a blank line, upper-case hex */
    assert_int_equal(parse(HEX_A "  data/Hoá đơn 01.pdf\r\n\n" HEX_B "\tdata/b.txt", out, &err), 0);
    assert_string_equal(out->str, "1:data/Hoá đơn 01.pdf=" HEX_A "|"
                                  "3:data/b.txt=60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752|");
    /* RFC 8493: CR, LF and % in a path are percent-encoded */
    assert_int_equal(parse(HEX_A " data/100%25 a%0Ab%0D.txt\n", out, &err), 0);
    assert_string_equal(out->str, "1:data/100% a\nb\r.txt=" HEX_A "|");
    /* a path keeps its inner spaces */
    assert_int_equal(parse(HEX_A " data/a  b.pdf\n", out, &err), 0);
    assert_string_equal(out->str, "1:data/a  b.pdf=" HEX_A "|");
    /* nothing at all is an empty manifest */
    assert_int_equal(parse("", out, &err), 0);
    assert_string_equal(out->str, "");
    g_string_free(out, TRUE);
}

static void test_manifest_refuses(void **state)
{
    GString *out = g_string_new(NULL);
    kc_error err = {0};
    (void)state;
    /* too short a digest, on line 2 */
    assert_int_equal(parse(HEX_A "  a.txt\nabc  data/short.pdf\n", out, &err), KC_EFORMAT);
    assert_non_null(strstr(err.message, "manifest-sha256.txt, line 2"));
    assert_string_equal(out->str, "1:a.txt=" HEX_A "|"); /* the lines before were handed over */
    char *nonhex = g_strdup(HEX_A "  x.txt\n");
    nonhex[10] = 'z';
    assert_int_equal(parse(nonhex, out, &err), KC_EFORMAT);
    assert_non_null(strstr(err.message, "line 1"));
    g_free(nonhex);
    assert_int_equal(parse(HEX_A "\n", out, &err), KC_EFORMAT);   /* no path */
    assert_int_equal(parse(HEX_A "   \n", out, &err), KC_EFORMAT); /* only blanks after it */
    assert_int_equal(parse(HEX_A "0  long.txt\n", out, &err), KC_EFORMAT);
    /* the callback's error stops the walk and comes back */
    size_t calls = 0;
    const char *three = HEX_A " a\n" HEX_A " b\n" HEX_A " c\n";
    assert_int_equal(kc_bag_parse_manifest(three, strlen(three), "m", stop_at_second, &calls, &err), KC_EFORMAT);
    assert_int_equal(calls, 2);
    g_string_free(out, TRUE);
}

static void test_info_labels(void **state)
{
    const char *info = "Source-Organization: UBND xã Thủy An\r\n"
                       "External-Description:   Hồ sơ – năm 2021  \n"
                       "Payload-Oxum: 401945.8\n"
                       "Bag-Size:\n";
    char *v = NULL;
    (void)state;
    assert_int_equal(kc_bag_info_get(&v, info, "Source-Organization"), 0);
    assert_string_equal(v, "UBND xã Thủy An");
    free(v);
    assert_int_equal(kc_bag_info_get(&v, info, "external-description"), 0); /* labels ignore case */
    assert_string_equal(v, "Hồ sơ – năm 2021");
    free(v);
    assert_int_equal(kc_bag_info_get(&v, info, "Payload-Oxum"), 0);
    assert_string_equal(v, "401945.8");
    free(v);
    assert_int_equal(kc_bag_info_get(&v, info, "Bag-Size"), 0);
    assert_string_equal(v, "");
    free(v);
    assert_int_equal(kc_bag_info_get(&v, info, "Bag-Group-Identifier"), 0);
    assert_null(v);
    assert_int_equal(kc_bag_info_get(&v, info, "Payload"), 0); /* a prefix of a label is not the label */
    assert_null(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_manifest_lines),
        cmocka_unit_test(test_manifest_refuses),
        cmocka_unit_test(test_info_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
