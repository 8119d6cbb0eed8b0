/* test_pdftext.c: what pdftext.c may skip.  A page's text made only of the
 * characters kc_pdftext_nfc_stable names is not normalised to NFC again; that
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
        if (surrogate(c) || !kc_pdftext_nfc_stable(c))
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
    assert_true(kc_pdftext_nfc_stable(0x1ED1)); /* ố */
    assert_false(kc_pdftext_nfc_stable(0x0301)); /* a combining acute */
}

static void stable_ones_never_compose_with_what_precedes(void **state)
{
    (void)state;
    for (gunichar c = 0; c <= LAST; c++) {
        gunichar a = 0, b = 0;
        if (surrogate(c) || !g_unichar_decompose(c, &a, &b) || b == 0)
            continue;
        if (kc_pdftext_nfc_stable(b))
            fail_msg("U+%04X is the second of U+%04X = U+%04X U+%04X", b, c, a, b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stable_ones_are_nfc),
        cmocka_unit_test(stable_ones_never_compose_with_what_precedes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
