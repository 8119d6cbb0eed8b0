/* test_pdftext.c: what pdftext.c and text.c may skip.  A page's text (or any
 * text kc_text_nfc is given) made only of the
 * characters kc_text_nfc_stable names is not normalised to NFC again; that
 * is right only if NFC never changes any of them, none has a combining
 * class, and none is the second of a pair that composes into one character
 * (the Unicode quick check's "yes").  Checked here against GLib's own tables,
 * every code point; tests/cli/textcmp.sh checks real pages (decomposed
 * Vietnamese among them). */
#include <glib.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "pdftext.h"
#include "text.h"

#define LAST 0x10FFFF

static bool surrogate(gunichar c)
{
    return c >= 0xD800 && c <= 0xDFFF;
}

static void stable_ones_are_nfc(void **state)
{
    (void)state;
    size_t n = 0;
    for (gunichar c = 0; c <= LAST; c++) {
        if (surrogate(c) || !kc_text_nfc_stable(c))
            continue;
        char s[8] = {0};
        g_unichar_to_utf8(c, s);
        char *nfc = g_utf8_normalize(s, -1, G_NORMALIZE_NFC);
        if (c != 0 && (!nfc || strcmp(nfc, s) != 0))
            fail_msg("U+%04X changes under NFC", c);
        if (g_unichar_combining_class(c) != 0)
            fail_msg("U+%04X has combining class %d", c, g_unichar_combining_class(c));
        g_free(nfc);
        n++;
    }
    assert_true(n > 1000); /* Latin, Vietnamese (U+1E00-1EFF), punctuation */
    assert_true(kc_text_nfc_stable(0x1ED1)); /* ố */
    assert_false(kc_text_nfc_stable(0x0301)); /* a combining acute */
}

static void stable_ones_never_compose_with_what_precedes(void **state)
{
    (void)state;
    for (gunichar c = 0; c <= LAST; c++) {
        gunichar a = 0, b = 0;
        if (surrogate(c) || !g_unichar_decompose(c, &a, &b) || b == 0)
            continue;
        if (kc_text_nfc_stable(b))
            fail_msg("U+%04X is the second of U+%04X = U+%04X U+%04X", b, c, a, b);
    }
}

/* kc_text_nfc copies what it finds in NFC and normalises the rest: the same
 * bytes as GLib's normalisation of every string, precomposed, decomposed,
 * a stable letter followed by a combining mark, punctuation and CJK. */
static void nfc_same_as_glib(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "", "UBND huyện Phú Vang", "Nguye\xcc\x82\xcc\x83n Va\xcc\x86n An", "Thu\xcc\x89y An", "a\xcc\x81",
        "\xe1\xba\xa0\xcc\x82", "S\xe1\xbb\x91: 12/Q\xc4\x90-UBND \xe2\x80\x93 ng\xc3\xa0y", "\xe2\x84\xab",
        "\xef\xac\x81 \xe6\x97\xa5\xe6\x9c\xac", "x\xcd\x81", "\xc3\x85\xcc\x8a"};
    for (size_t i = 0; i < G_N_ELEMENTS(texts); i++) {
        char *ours = kc_text_nfc(texts[i]), *glib = g_utf8_normalize(texts[i], -1, G_NORMALIZE_NFC);
        assert_non_null(ours);
        assert_string_equal(ours, glib);
        g_free(ours);
        g_free(glib);
    }
    assert_null(kc_text_nfc("\xff"));
    assert_true(kc_text_nfc_already("Ngày 15 tháng 03 năm 2021"));
    assert_false(kc_text_nfc_already("a\xcc\x81"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stable_ones_are_nfc),
        cmocka_unit_test(stable_ones_never_compose_with_what_precedes),
        cmocka_unit_test(nfc_same_as_glib),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
