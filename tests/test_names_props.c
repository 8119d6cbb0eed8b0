/* test_names_props.c: properties of the readings of a name that every
 * comparison of communes rests on (rtcert18).
 *
 * kc_name_skeleton is how a person reads a name (names.c): the desk keys a
 * commune's marks by it and agency.c compares a certificate's commune with
 * the dossier's by it.  Read twice, a name must read as it did once, or two
 * readings of one name (one stored, one fresh) would differ.  And a word
 * drawn as nothing (a soft hyphen, a word joiner, a lone combining mark
 * standing as a word) must not move a certificate's commune onto another:
 * agency.c reads a name's words twice, folded (the marks gone) and
 * case-folded (the marks kept), and pairs them by their places. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "agency.h"
#include "names.h"

/* Every commune's name the fixtures and samples write (tests/fixtures,
 * tests/cli, samples: grep "xã|phường|thị trấn" and a name in capitals),
 * in the spellings they write them. */
static const char *const fixture_communes[] = {
    "Thủy An",     "Thuỷ An",      "Thúy An",     "THỦY AN",     "Thủy Vân",    "Thạnh An",     "Thanh An",
    "Ea H'Leo",    "Ea H\u2019Leo", "Ea H\u2019Ling", "Ea H'Đing", "Hiệp Hòa",    "Hương Thủy",   "Hương Toàn",
    "Hương Vân",   "Hồng Kim",     "Lộc Bình",    "Lộc Thủy",    "Minh An",     "Mỹ Hạnh Đông", "Mỹ Phước Tây",
    "Phong Hiền",  "Phú An",       "Phú Mậu",     "Phú Đa",      "Thủy Dương",  "Thủy Phù",     "Thủy Thanh",
    "Tân Hiệp",    "Tân Hòa",      "Tân Hội Đông", "Tân Phú",    "Tân Định",    "Đông Quan",    "Cẩm Thanh",
    "An Vĩnh",     "Cai Lậy",      "Sịa",         "Bịa",         "Ồn Ào",       "Hội An",       "5",
};

/* The characters drawn as nothing, or as a blank, that a name pasted from a
 * web page or a PDF brings: a soft hyphen, the word joiner, a zero-width
 * space and joiner, a variation selector, the grapheme joiner. */
static const char *const invisible[] = {"\u00ad", "\u2060", "\u200b", "\u200d", "\ufe0f", "\u034f"};
/* Lone combining marks, standing as words: the five tones and the marks of
 * â, ă, ơ. */
static const char *const lone_marks[] = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323",
                                         "\u0302", "\u0306", "\u031b"};

static void assert_skeleton_idempotent(const char *name)
{
    char *once = kc_name_skeleton(name);
    assert_non_null(once);
    char *twice = kc_name_skeleton(once);
    assert_non_null(twice);
    if (strcmp(once, twice) != 0)
        print_error("skeleton of \"%s\": \"%s\", read again \"%s\"\n", name, once, twice);
    assert_string_equal(once, twice);
    g_free(once);
    g_free(twice);
}

/* Each fixture commune's name, in NFC, NFD, capitals, and with an invisible
 * character or a lone mark inside it, reads again as it read once. */
static void test_skeleton_idempotent_communes(void **state)
{
    (void)state;
    for (size_t i = 0; i < G_N_ELEMENTS(fixture_communes); i++) {
        const char *name = fixture_communes[i];
        char *nfd = g_utf8_normalize(name, -1, G_NORMALIZE_NFD), *up = g_utf8_strup(name, -1);
        char *low = g_utf8_strdown(name, -1);
        const char *forms[] = {name, nfd, up, low};
        for (size_t f = 0; f < G_N_ELEMENTS(forms); f++) {
            assert_skeleton_idempotent(forms[f]);
            char *xa = g_strconcat("UBND xã ", forms[f], ", huyện Phú Vang", NULL);
            assert_skeleton_idempotent(xa);
            g_free(xa);
        }
        for (size_t k = 0; k < G_N_ELEMENTS(invisible) + G_N_ELEMENTS(lone_marks); k++) {
            const char *c = k < G_N_ELEMENTS(invisible) ? invisible[k] : lone_marks[k - G_N_ELEMENTS(invisible)];
            char *inside = g_strdup(name), *sp = strchr(inside, ' ');
            char *with = sp ? g_strdup_printf("%.*s %s %s", (int)(sp - inside), inside, c, sp + 1)
                            : g_strconcat(c, " ", name, NULL);
            char *glued = g_strconcat(name, c, NULL);
            assert_skeleton_idempotent(with);
            assert_skeleton_idempotent(glued);
            g_free(inside);
            g_free(with);
            g_free(glued);
        }
        g_free(nfd);
        g_free(up);
        g_free(low);
    }
}

/* Code points a name meets, good and bad: ASCII letters and marks,
 * Vietnamese letters precomposed, combining marks, the invisible ones,
 * spaces of other widths, look-alikes of other scripts, the eth, the
 * dotless i, compatibility forms (full width, ligatures, a title-case
 * digraph), letters whose case folding grows (ß, İ, ŉ) and the apostrophes. */
static const gunichar alphabet[] = {
    'a',    'A',    'h',    'i',    'I',    'n',    'o',    'u',    'y',    ' ',    ' ',    '-',    '\'',   '.',
    '(',    '5',    0x00e0, 0x1ea1, 0x1ec7, 0x01b0, 0x01a1, 0x0103, 0x00e2, 0x0111, 0x0110, 0x1ef7, 0x1ef9, 0x00c2,
    0x0300, 0x0301, 0x0303, 0x0309, 0x0323, 0x0302, 0x0306, 0x031b, 0x0307, 0x0308, 0x00ad, 0x2060, 0x200b,
    0x200d, 0xfe0f, 0x034f, 0x00a0, 0x3000, 0x3164, 0x043e, 0x0430, 0x00d0, 0x00f0, 0x0131, 0x0261, 0xff35,
    0xfb01, 0x01c5, 0x00df, 0x0130, 0x0149, 0x2019, 0x02bc, 0x1e9e, 0x0345, 0x03b9, 0x1fbe, 0x2126,
};

static char *random_string(GRand *r, int max_len)
{
    GString *g = g_string_new(NULL);
    int n = g_rand_int_range(r, 0, max_len + 1);
    for (int i = 0; i < n; i++)
        g_string_append_unichar(g, alphabet[g_rand_int_range(r, 0, (gint32)G_N_ELEMENTS(alphabet))]);
    return g_string_free(g, FALSE);
}

/* Random strings over that alphabet (a fixed seed: a failure is
 * reproducible): the skeleton of a skeleton is itself. */
static void test_skeleton_idempotent_random(void **state)
{
    (void)state;
    GRand *r = g_rand_new_with_seed(20261202);
    for (int i = 0; i < 20000; i++) {
        char *s = random_string(r, 16);
        assert_skeleton_idempotent(s);
        g_free(s);
    }
    g_rand_free(r);
}

/* Session 47: the table of names_drawn.c (generated from confusables.txt) is
 * sorted, as its search by halves needs, each of its characters reads as its
 * ASCII letter or digit in a name's skeleton (so NFKD and case folding do not
 * take it elsewhere first), and reading it is idempotent. */
static void test_drawn_table(void **state)
{
    (void)state;
    size_t n = kc_name_drawn_count();
    assert_true(n > 300);
    for (size_t i = 0; i < n; i++) {
        gunichar to, from = kc_name_drawn_nth(i, &to);
        char name[16], want[2] = {(char)g_ascii_tolower((gchar)to), 0};
        if (i > 0) {
            gunichar prev_to, prev = kc_name_drawn_nth(i - 1, &prev_to);
            assert_true(prev < from);
        }
        assert_true(from >= 0x80 && to < 0x80 && g_ascii_isalnum((gchar)to));
        assert_int_equal(kc_name_drawn_as(from), to);
        name[g_unichar_to_utf8(from, name)] = '\0';
        char *sk = kc_name_skeleton(name);
        if (strcmp(sk, want) != 0)
            fail_msg("U+%04X reads \"%s\", not \"%s\"", (unsigned)from, sk, want);
        g_free(sk);
        assert_skeleton_idempotent(name);
    }
    assert_int_equal(kc_name_drawn_as('C'), 0);
    assert_int_equal(kc_name_drawn_as(0x10ffff), 0);
}

/* name with c inserted as a word of its own before word at (0: before the first). */
static char *with_word(const char *name, const char *c, size_t at)
{
    char **w = g_strsplit(name, " ", -1);
    GString *g = g_string_new(NULL);
    size_t n = g_strv_length(w);
    for (size_t i = 0; i <= n; i++) {
        if (i == at)
            g_string_append_printf(g, "%s%s", g->len ? " " : "", c);
        if (i < n)
            g_string_append_printf(g, "%s%s", g->len ? " " : "", w[i]);
    }
    g_strfreev(w);
    return g_string_free(g, FALSE);
}

/* A certificate naming another commune a tone or a mark apart ("Thúy An",
 * "Thủy Ân", "Thuy Ăn"), with a word drawn as nothing anywhere in its
 * committee's name, is never Thủy An's; Thủy An's own, so written, is never
 * another commune's (it may read as unknown: an under-count at worst). */
static void test_spelled_words_invisible(void **state)
{
    (void)state;
    static const char *const others[] = {"UBND xã Thúy An", "UBND xã Thủy Ân", "UBND xã Thuy Ăn",
                                         "UBND xã Thuỳ An"};
    for (size_t k = 0; k < G_N_ELEMENTS(invisible) + G_N_ELEMENTS(lone_marks); k++) {
        const char *c = k < G_N_ELEMENTS(invisible) ? invisible[k] : lone_marks[k - G_N_ELEMENTS(invisible)];
        for (size_t at = 0; at <= 4; at++) {
            for (size_t o = 0; o < G_N_ELEMENTS(others); o++) {
                char *ou = with_word(others[o], c, at);
                if (kc_agency_of_signer("Xã Thủy An", false, "Nguyễn Văn A", ou) == KC_AGENCY_OWN)
                    print_error("\"%s\" read as Thủy An's\n", ou);
                assert_int_not_equal(kc_agency_of_signer("Xã Thủy An", false, "Nguyễn Văn A", ou), KC_AGENCY_OWN);
                assert_int_not_equal(kc_agency_of_signer("Xã Thủy An", false, ou, NULL), KC_AGENCY_OWN);
                g_free(ou);
            }
            char *own = with_word("UBND xã Thủy An", c, at);
            assert_int_not_equal(kc_agency_of_signer("Xã Thúy An", false, "Nguyễn Văn A", own), KC_AGENCY_OWN);
            g_free(own);
        }
    }
}

/* The same over random insertions of several such words, and of the
 * invisible characters inside words too. */
static void test_spelled_words_invisible_random(void **state)
{
    (void)state;
    GRand *r = g_rand_new_with_seed(18);
    static const char *const pairs[][2] = {{"UBND xã Thúy An", "Xã Thủy An"},
                                           {"UBND xã Thủy Ân", "Xã Thủy An"},
                                           {"UBND xã Thạnh An", "Xã Thanh An"},
                                           {"UBND xã Thanh An", "Xã Thạnh An"}};
    for (int i = 0; i < 4000; i++) {
        const char *const *p = pairs[g_rand_int_range(r, 0, G_N_ELEMENTS(pairs))];
        GString *g = g_string_new(NULL);
        for (const char *q = p[0]; *q; q = g_utf8_next_char(q)) {
            if (g_rand_int_range(r, 0, 4) == 0) {
                int k = g_rand_int_range(r, 0, (gint32)(G_N_ELEMENTS(invisible) + G_N_ELEMENTS(lone_marks)));
                const char *c = k < (int)G_N_ELEMENTS(invisible) ? invisible[k] : lone_marks[k - G_N_ELEMENTS(invisible)];
                /* a lone mark as a word of its own: glued to a letter it is
                 * that letter's mark ("Tha" and a dot below is "Thạ") */
                g_string_append_printf(g, g_rand_boolean(r) || k >= (int)G_N_ELEMENTS(invisible) ? " %s " : "%s", c);
            }
            g_string_append_len(g, q, g_utf8_next_char(q) - q);
        }
        if (kc_agency_of_signer(p[1], false, "Nguyễn Văn A", g->str) == KC_AGENCY_OWN)
            print_error("\"%s\" read as %s's\n", g->str, p[1]);
        assert_int_not_equal(kc_agency_of_signer(p[1], false, "Nguyễn Văn A", g->str), KC_AGENCY_OWN);
        g_string_free(g, TRUE);
    }
    g_rand_free(r);
}

/* The extension lists are compared only with what follows a name's last
 * dot (issue 16): a name is taken as the lists always took it, at the edges
 * of that rule (the dot first, two dots, case, spaces before the dot, a
 * listed extension inside a longer one, the dot only). */
static void test_deceives_extension_edges(void **state)
{
    static const struct {
        const char *name;
        bool deceives;
    } cases[] = {
        {"hoá đơn.pdf.exe", true},  {"hoá đơn.pdf.EXE", true},      {"hoá đơn.pdf  .exe", true},
        {"hoá đơn.pdf..exe", false}, {".exe", false},                {".lnk", false},
        {"a.lnk", true},            {"a.LNK", true},                {"x.searchconnector-ms", true},
        {"hoá đơn.pdf.docm", true}, {"hoá đơn.pdf.appxbundle", true}, {"hoá đơn.pdf.bundle", false},
        {"hoá đơn.pdf.xexe", false}, {"hoá đơn.exe.pdf", false},   {"hoá đơn.pdf.", false},
        {"hoá đơn", false},         {".pdf.exe", false},             {"hoá đơn.pdf.exe ", false},
        {"hoá đơn.pdf.ExE", true},  {"hoá đơn.pdf.DOCM", true},     {"a.URL", true},
        {"hoá đơn.pdf.e", false},   {"hoá đơn.pdf.x", false},       {"hoá đơn.pdf.Scr", true},
    };
    (void)state;
    /* a listed extension with a second dot (".tar.gz") would never be met */
    assert_true(kc_name_extensions_simple());
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char buf[512];
        const char *why = kc_name_deceives(cases[i].name, strlen(cases[i].name), buf, sizeof buf);
        if ((why != NULL) != cases[i].deceives)
            fail_msg("%s: %s", cases[i].name, why ? why : "not taken");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_skeleton_idempotent_communes),
        cmocka_unit_test(test_skeleton_idempotent_random),
        cmocka_unit_test(test_spelled_words_invisible),
        cmocka_unit_test(test_spelled_words_invisible_random),
        cmocka_unit_test(test_deceives_extension_edges),
        cmocka_unit_test(test_drawn_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
