/* test_cms_names.c: what the CMS reader decides from names alone, without
 * a signature or the test PKI: which digest algorithms it accepts
 * (kc_cms_md_class) and which certificate values it reads as written
 * (the scripts a value mixes, letters drawn as others). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/objects.h>

#include "cms_check.h"
#include "cms_internal.h"

/* Which digests may vouch for a signature or a timestamp: one rule for both. */
static void test_md_class(void **state)
{
    (void)state;
    assert_int_equal(kc_cms_md_class(NID_sha256), KC_MD_STRONG);
    assert_int_equal(kc_cms_md_class(NID_sha3_512), KC_MD_STRONG);
    assert_int_equal(kc_cms_md_class(NID_sha512_256), KC_MD_STRONG);
    assert_int_equal(kc_cms_md_class(NID_undef), KC_MD_STRONG); /* a signature algorithm naming none */
    assert_int_equal(kc_cms_md_class(NID_sha1), KC_MD_WEAK);
    assert_int_equal(kc_cms_md_class(NID_ripemd160), KC_MD_WEAK);
    assert_int_equal(kc_cms_md_class(NID_md5), KC_MD_BROKEN);
    assert_int_equal(kc_cms_md_class(NID_md5_sha1), KC_MD_BROKEN);
    assert_int_equal(kc_cms_md_class(NID_shake128), KC_MD_UNACCEPTED);
    assert_int_equal(kc_cms_md_class(NID_sm3), KC_MD_UNACCEPTED);
    assert_int_equal(kc_cms_md_class(NID_whirlpool), KC_MD_UNACCEPTED);
}

/* A value of a certificate's name as read (kc_cms_name_entry): honest
 * Vietnamese as written, in any form (decomposed, with its dashes, quotes and
 * no-break spaces); one mixing Latin with characters of another script that
 * a viewer draws as Latin letters unreadable (U+FFFD), whatever Unicode's
 * category of them (a Myanmar digit zero is drawn as an o) and however the
 * Latin is written (mathematical sans-serif letters are Common, not Latin,
 * in Unicode's scripts, but drawn and folded as Latin letters). */
static void test_name_scripts(void **state)
{
    static const struct {
        const char *value;
        bool kept;
    } rows[] = {
        {"UBND xã Thủy An - Hội Nông dân", true},
        {"Nguye\xcc\x82\xcc\x83n Thi\xcc\xa3 A\xcc\x81nh", true}, /* NFD: combining marks */
        {"Ủy ban nhân dân xã Thủy An \xe2\x80\x93 Văn phòng \xe2\x80\x94 “Tổ 5” ’s", true},
        {"UBND\xc2\xa0xã\xc2\xa0Thủy\xe2\x80\xaf" "An", true}, /* NBSP, narrow NBSP */
        {"Y Ƀhiăo Niê", true},
        {"Ủy ban № 5 \xe2\x84\x96", true},
        {"\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", true}, /* wholly Cyrillic: names no committee */
        {"\xf0\x9d\x96\xb4\xf0\x9d\x96\xa1\xf0\x9d\x96\xad\xf0\x9d\x96\xa3 x\xc3\xa3", true}, /* 𝖴𝖡𝖭𝖣 xã */
        {"UBND xã Thủy An - \xea\x93\xa7ội Nông dân", false},     /* Lisu H */
        {"UBND xã Thủy An - \xd0\x9dội Nông dân", false},         /* Cyrillic Н */
        {"UBND xã Thủy An - \xce\x97ội Nông dân", false},         /* Greek Η */
        {"UBND xã Thủy An - \xe1\x8e\xbbội Nông dân", false},     /* Cherokee Ꮋ */
        {"UBND xã Thủy An - Đ\xd6\x85àn Thanh niên", false},      /* Armenian օ */
        {"UBND xã Thủy An - Đ\xe2\xb2\x9fàn Thanh niên", false},  /* Coptic ⲟ */
        {"UBND xã Thủy An - Đ\xe1\x81\x80àn Thanh niên", false},  /* Myanmar digit zero */
        {"UBND xã Thủy An - Đ\xe0\xb5\xa6àn Thanh niên", false},  /* Malayalam digit zero */
        /* 𝖧 (mathematical sans-serif H, Common) beside a Lisu O: no Latin-script letter at all */
        {"\xf0\x9d\x96\xa7\xea\x93\xb3\xf0\x9d\x97\x82 \xf0\x9d\x96\xad\xf0\x9d\x97\x88\xcc\x82\xf0\x9d\x97\x87\xf0\x9d\x97\x80", false},
        {"\xe2\x84\x8d\xea\x93\xb3", false}, /* ℍ (letterlike, Common) beside a Lisu O */
        {"UBND xã Thủy An - Đoà\xe2\x88\xa9 Thanh niên", false},          /* ∩ for the n */
        {"UBND xã Thủy An - Hộ\xe2\x8d\xb3 Nông dân", false},             /* ⍳ (APL iota) for the i */
        {"UBND xã Thủy An - Hội Li\xe2\x84\xae\xcc\x82n hiệp", false}, /* ℮ and a circumflex for the ê */
        {"Công ty ABC\xc2\xae \xe2\x88\x92 \xe2\x84\xae 5\xc2\xb0", true},  /* ®, ℮ apart, 5° */
    };
    int wrong = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        X509_NAME *n = X509_NAME_new();
        bool nomem = false;
        assert_non_null(n);
        assert_int_equal(X509_NAME_add_entry_by_NID(n, NID_organizationalUnitName, V_ASN1_UTF8STRING,
                                                    (const unsigned char *)rows[i].value, -1, -1, 0),
                         1);
        char *v = kc_cms_name_entry(n, NID_organizationalUnitName, &nomem);
        assert_non_null(v);
        if ((strcmp(v, "\xef\xbf\xbd") != 0) != rows[i].kept) {
            print_error("row %zu \"%s\": read as \"%s\"\n", i, rows[i].value, v);
            wrong++;
        }
        free(v);
        X509_NAME_free(n);
    }
    assert_int_equal(wrong, 0);
    (void)state;
}

/* Certificate values in Latin letters drawn as other words (rtcert14): a
 * phonetic letter, marks drawn as others, a digit drawn as a letter; and the
 * names that stay readable. */
static void test_value_lookalike(void **state)
{
    (void)state;
    static const char *const drawn_as_others[] = {
        "UBND xã Thủy An - \u029Cội Nông dân",      /* ʜ, a small capital H */
        "Đoàn Th\u0251nh niên",                     /* ɑ, the Latin alpha */
        "\u1D1C\u0299\u0274\u1D05 xã Thủy An",      /* small capitals */
        "Thủy An\u01C3 Hội Nông dân",               /* ǃ, a click */
        "Đoà\u0300n Thanh niên",                    /* a second grave */
        "Đoa\u0300\u0301n Thanh niên",              /* two tone marks */
        "Hội\u0307 Nông dân",                       /* a dot above an i */
        "Hô\u0326i Làm vườn",                       /* a comma below for the dot below */
        "Ho\u030Ci",                                /* a caron on a vowel */
        "Đ0ÀN THANH NIÊN", "Hộ1 Nông dân", "Đ0\u0300an",
        "UBND XÃ THỦY AN - HỘl NÔNG DÂN", "CHl BỘ", "HOl NONG DAN", /* a small l for the I (review36) */
    };
    static const char *const readable[] = {
        "UBND xã Thủy An", "Y \u0243hiăo Niê", "Đinh Thị Ho\u031B\u0306", "Y Čuăn Niê", "H\u02BC Hen Niê",
        "\uFF35\uFF22\uFF2E\uFF24 xã Thủy An", "Nguye\u0302\u0303n Văn An", "Cônɡ ty", "Tổ 12B, KP1",
        "UBND phường 5 quận 3", "MST:3300100001-001",
        "Ksor \u0180lúp", "Ea H'leo", "Y KLĂK NIÊ", "KLăk", "UBND xã Ea H\u2019Leo", "Y Ŭn Knul",
        "Nay \u0243răk", "Đinh Y Ŏ", "Y Ĭn", "Siu Ñuk", "Kpă \u0243ư\u0306", "Trần Văn Hùng \u2013 Chủ tịch",
        "“Hội” Nông dân…", "Nguyễn\u00A0Văn An", "All Star",
    };
    for (size_t i = 0; i < sizeof drawn_as_others / sizeof *drawn_as_others; i++)
        if (!kc_cms_value_lookalike(drawn_as_others[i]))
            fail_msg("read as written: %s", drawn_as_others[i]);
    for (size_t i = 0; i < sizeof readable / sizeof *readable; i++)
        if (kc_cms_value_lookalike(readable[i]))
            fail_msg("unreadable: %s", readable[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_md_class),
        cmocka_unit_test(test_name_scripts),
        cmocka_unit_test(test_value_lookalike),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
