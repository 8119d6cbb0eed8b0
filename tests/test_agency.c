/* test_agency.c: does a certificate belong to a commune's People's Committee
 * (agency.c)?  The dossier's seal asks it today, criteria 20–22 later. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "agency.h"
#include "agency_internal.h"

/* A certificate belongs to the commune: the one question the seal, the
 * review and index ask (kc_agency_of_signer). */
static bool belongs(const char *commune, const char *common_name, const char *organization)
{
    return kc_agency_of_signer(commune, false, common_name, organization) == KC_AGENCY_OWN;
}

static void test_same_commune_however_written(void **state)
{
    (void)state;
    static const char *const communes[] = {"Thủy An", "Xã Thủy An", "xã Thủy An", "UBND xã Thủy An",
                                           "THUỶ AN", "Thuy An",
                                           "Thu\xcc\x89y An" /* NFD */};
    for (size_t i = 0; i < sizeof communes / sizeof *communes; i++) {
        assert_true(belongs(communes[i], "UBND xã Thủy An", NULL));
        assert_true(belongs(communes[i], "Ủy ban nhân dân xã Thuỷ An", NULL));
        assert_true(belongs(communes[i], "Lê Văn Cường", "UBND xã Thủy An")); /* by O */
        assert_true(belongs(communes[i], "UBND xã Thủy An, huyện Phú Vang", NULL));
        assert_true(belongs(communes[i], "UBND xã Thủy An - Phú Vang - Thừa Thiên Huế", NULL));
    }
}

/* A no-break space (or another space separator) between the commune's name
 * and its district's is a space: read as part of a word, "Thủy An<NBSP>huyện
 * Phú Vang" named a commune "Thủy An huyện Phú Vang", another agency's. */
static void test_unicode_spaces(void **state)
{
    (void)state;
    static const char *const spaces[] = {"\xc2\xa0", "\xe2\x80\xaf", "\xe2\x80\x87", "\xe3\x80\x80"};
    for (size_t i = 0; i < sizeof spaces / sizeof *spaces; i++) {
        char ou[128];
        snprintf(ou, sizeof ou, "UBND xã Thủy An%shuyện Phú Vang", spaces[i]);
        assert_int_equal(kc_agency_of_signer("Thủy An", false, ou, NULL), KC_AGENCY_OWN);
        assert_int_equal(kc_agency_of_signer("Thủy An", false, "Nguyễn Văn A", ou), KC_AGENCY_OWN);
        assert_int_equal(kc_agency_of_signer("Thủy Vân", false, ou, NULL), KC_AGENCY_OTHER);
    }
    /* A standing deputy's title names his committee as a deputy's does. */
    kc_sig_info standing = {.signer = "Trần Thị Bình", .title = "Phó Chủ tịch Thường trực UBND xã Thủy Vân",
                            .role = KC_ROLE_LEADER};
    kc_agency_match m = KC_AGENCY_UNKNOWN;
    assert_false(kc_agency_counts("Thủy An", false, &standing, &m));
    assert_int_equal(m, KC_AGENCY_OTHER);
    assert_true(kc_agency_counts("Thủy Vân", false, &standing, &m));
}

static void test_other_agencies_do_not(void **state)
{
    (void)state;
    assert_false(belongs("Thủy An", "UBND xã Thủy Thanh", "UBND xã Thủy Thanh"));
    assert_false(belongs("Thủy An", "UBND xã Thủy An Đông", NULL)); /* another word */
    assert_false(belongs("Thủy An", "UBND huyện Thủy An", NULL));    /* not a commune */
    assert_false(belongs("Thủy An", "Thủy An", NULL));                /* no committee */
    assert_false(belongs("Thủy An", "Hội Nông dân xã Thủy An", NULL));
    assert_false(belongs("Phường Thủy An", "UBND xã Thủy An", NULL)); /* the unit it names */
    assert_true(belongs("Phường Thủy An", "UBND phường Thủy An", NULL));
    assert_true(belongs("Thị trấn Phú Đa", "Ủy ban nhân dân thị trấn Phú Đa", NULL));
    /* a special zone, a commune-level unit since July 2025 (rtcert21) */
    assert_true(belongs("Đặc khu Phú Quốc", "UBND đặc khu Phú Quốc", NULL));
    assert_true(belongs("Phú Quốc", "Ủy ban nhân dân đặc khu Phú Quốc", NULL));
    assert_false(belongs("Xã Phú Quốc", "UBND đặc khu Phú Quốc", NULL));
    assert_false(belongs("Đặc khu Phú Quốc", "UBND thành phố Phú Quốc", NULL));
    assert_false(belongs(NULL, "UBND xã Thủy An", NULL));
    assert_false(belongs("", "UBND xã Thủy An", NULL));
    assert_false(belongs("UBND xã", "UBND xã Thủy An", NULL));
    assert_false(belongs("Thủy An", NULL, NULL));
    assert_false(belongs("Thủy An", "UBND xã Thủy An\xff", NULL)); /* not UTF-8 */
}

static void test_display_name(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } cases[] = {
        {"Thủy An", "UBND xã Thủy An"},
        {"Xã Thủy An", "UBND xã Thủy An"},
        {"  UBND  xã  Thủy An", "UBND xã Thủy An"},
        {"phường Phú Hội", "UBND phường Phú Hội"},
        {"Thị trấn Phú Đa", "UBND thị trấn Phú Đa"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *s = kc_agency_of_commune(cases[i].in);
        assert_non_null(s);
        assert_string_equal(s, cases[i].out);
        free(s);
    }
    assert_null(kc_agency_of_commune("  "));
    assert_null(kc_agency_of_commune(NULL));
}

/* Criteria 20–22: whose agency a signature is, for the commune. */
static void test_agency_of_signer(void **state)
{
    (void)state;
    assert_int_equal(kc_agency_of_signer("Xã Thủy An", false, "UBND xã Thủy An", NULL), KC_AGENCY_OWN);
    assert_int_equal(kc_agency_of_signer("Thủy An", false, "Nguyễn Văn An", "UBND xã Thủy An"), KC_AGENCY_OWN);
    assert_int_equal(kc_agency_of_signer("Thủy An", false, "UBND xã Thủy Thanh", "UBND xã Thủy Thanh"), KC_AGENCY_OTHER);
    assert_int_equal(kc_agency_of_signer("Thủy An", false, "UBND huyện Phú Vang", NULL), KC_AGENCY_OTHER);
    /* A person's certificate that names no committee: nothing to say against it. */
    assert_int_equal(kc_agency_of_signer("Thủy An", false, "Nguyễn Văn An", "Sở Nội vụ"), KC_AGENCY_UNKNOWN);
    assert_int_equal(kc_agency_of_signer(NULL, false, "UBND xã Thủy Thanh", NULL), KC_AGENCY_UNKNOWN);
    /* A name from a file may run on after the commune's; the certificate's may not. */
    assert_int_equal(kc_agency_of_signer("xa thuy an so di", true, "UBND xã Thủy An", NULL), KC_AGENCY_OWN);
    assert_int_equal(kc_agency_of_signer("xa thuy an so di", false, "UBND xã Thủy An", NULL), KC_AGENCY_OTHER);
    assert_int_equal(kc_agency_of_signer("xa thuy an", true, "UBND xã Thủy An Đông", NULL), KC_AGENCY_OTHER);
    /* rtcert17: one rule with the desk and index (kc_agency_spelt_alike): a name
     * written with marks is spelt so, its own words unmarked or not (the two
     * communes of huyện Vĩnh Thạnh); one typed without any names either */
    assert_int_equal(kc_agency_of_signer("Xã Thanh An", false, "UBND xã Thạnh An", NULL), KC_AGENCY_OTHER);
    assert_int_equal(kc_agency_of_signer("Xã Thạnh An", false, "UBND xã Thanh An", NULL), KC_AGENCY_OTHER);
    assert_int_equal(kc_agency_of_signer("Xã Thanh An", false, "UBND xã Thanh An", NULL), KC_AGENCY_OWN);
    assert_int_equal(kc_agency_of_signer("thanh an", false, "UBND xã Thạnh An", NULL), KC_AGENCY_OWN);
    assert_int_equal(kc_agency_of_signer("Xã Thạnh An", false, "UBND xa Thanh An", NULL), KC_AGENCY_OWN);
    assert_int_equal(kc_agency_of_signer("X. Thanh An", false, "UBND xã Thạnh An", NULL), KC_AGENCY_OWN);
    assert_true(kc_agency_spelt_alike("thuỷ an", "Thuỷ An", "thủy an", "UBND xã Thủy An"));
    assert_false(kc_agency_spelt_alike("thanh an", "Xã Thanh An", "thạnh an", "UBND xã Thạnh An"));
    assert_true(kc_agency_spelt_alike("thanh an", "xa thanh an", "thạnh an", "UBND xã Thạnh An"));
    /* a commune's kind abbreviated where a place stands in O or OU (rtcert17) */
    char *as = kc_agency_place_as_committee("X. Thủy An");
    assert_string_equal(as, "UBND xã Thủy An");
    g_free(as);
    as = kc_agency_place_as_committee("TT. Phú Đa");
    assert_string_equal(as, "UBND thị trấn Phú Đa");
    g_free(as);
    assert_null(kc_agency_place_as_committee("UBND X. Thủy An"));
    /* the military command and police by their abbreviations, as units */
    assert_true(kc_agency_unit_names_body("Ban CHQS xã"));
    assert_true(kc_agency_unit_names_body("CA xã Thủy An"));
    assert_false(kc_agency_unit_names_body("Ban Tiếp công dân"));
    assert_false(kc_agency_unit_names_body("Cà Ná"));
    /* rtcert7: a body after the committee's name is that body's certificate, a
     * place there the committee's */
    assert_int_equal(kc_agency_of_signer("Thủy An", false, "UBND xã Thủy An - Hội Nông dân", NULL), KC_AGENCY_OTHER);
    assert_int_equal(kc_agency_of_signer("Thủy An", false, "X", "UBND xã Thủy An (Công đoàn)"), KC_AGENCY_OTHER);
    assert_int_equal(kc_agency_of_signer("Thủy An", false, "UBND xã Thủy An – Phú Vang", NULL), KC_AGENCY_OWN);
    assert_true(kc_agency_names_body_after("UBND xã Thủy An - Hội Nông dân"));
    assert_true(kc_agency_names_body_after("UBND xã Thủy An, Huyện đoàn Phú Vang"));
    assert_false(kc_agency_names_body_after("UBND xã Thủy An - Phong Điền"));
    assert_false(kc_agency_names_body_after("UBND xã Thủy An, huyện Phú Vang, tỉnh Thừa Thiên Huế"));
    assert_false(kc_agency_names_body_after("Hội Nông dân xã Thủy An"));
    /* as a reader sees it: a small hyphen-minus, a Cyrillic і */
    assert_true(kc_agency_names_body_after("UBND xã Thủy An \xef\xb9\xa3 Hộ\xd1\x96 Nông dân"));
    assert_false(kc_agency_names_body_after("UBND xã Thủy An - Trạm Tấu"));
    /* past any mark, or none (rtcert8); a level's abbreviation ends with a full stop */
    assert_true(kc_agency_names_body_after("UBND xã Thủy An: Hội Nông dân"));
    assert_true(kc_agency_names_body_after("UBND xã Thủy An. Hội Nông dân"));
    assert_true(kc_agency_names_body_after("UBND xã Thủy An Hội Nông dân"));
    assert_true(kc_agency_names_body_after("UBND XÃ THỦY AN HỘI NÔNG DÂN"));
    assert_true(kc_agency_names_body_after("UBND xa Thuy An Hoi Nong dan"));
    assert_true(kc_agency_names_body_after("Chủ tịch UBND xã Thủy An Hội Cựu chiến binh"));
    assert_true(kc_agency_names_body_after("UBND xã Thủy An Hội Làm vườn"));
    assert_true(kc_agency_names_body_after("UBND xã Thủy An \xc2\xb7 Đoàn Thanh niên"));
    assert_true(kc_agency_names_body_after("Thủy An Hội Nông dân")); /* a title's words after its level */
    assert_false(kc_agency_names_body_after("UBND TP. Hội An"));
    assert_false(kc_agency_names_body_after("UBND xã Cẩm Thanh, TP.Hội An"));
    assert_false(kc_agency_names_body_after("UBND xã Cẩm An, thành phố Hội An"));
    assert_false(kc_agency_names_body_after("UBND xã Thủy An, H. Phú Vang"));
    assert_false(kc_agency_names_body_after("UBND xã Tân Hội Đông"));
    assert_false(kc_agency_names_body_after("UBND thành phố Hải Phòng"));
    assert_false(kc_agency_names_body_after("UBND xã Thủy An huyện Phú Vang tỉnh Thừa Thiên Huế"));
    assert_false(kc_agency_names_body_after("UBND xã Ia H'Drai"));
    assert_false(kc_agency_names_body_after("Chủ tịch UBND xã Thủy An"));
    assert_false(kc_agency_names_body_after("Phó Chủ tịch Thường trực UBND xã Thủy An"));
    assert_false(kc_agency_names_body_after("Q. Chủ tịch UBND xã Thủy An"));
    assert_false(kc_agency_names_body_after("UBND xa Van Phong")); /* folded, no "văn phòng" */
    assert_true(kc_agency_names_body_after("UBND xã Thủy An - Công \xc3\xb0oàn")); /* a small eth */
    assert_true(kc_agency_names_body_after("UBND xã Thủy An\xe3\x85\xa4Hội Nông dân")); /* a Hangul filler */
    /* review36: a body's abbreviation alone after a mark, in any case, with or without diacritics */
    assert_true(kc_agency_names_body_after("UBND xã Thủy An - MTTQ"));
    assert_true(kc_agency_names_body_after("UBND xã Thủy An (HND)"));
    assert_true(kc_agency_names_body_after("UBND xa Thuy An, DTN"));
    assert_true(kc_agency_names_body_after("UBND xã Thủy An - đtn"));
    assert_true(kc_agency_names_body_after("UBND xã Thủy An - UBMTTQ"));
    assert_false(kc_agency_names_body_after("UBND xã Thủy An - TTH")); /* a province's initials */
    assert_false(kc_agency_names_body_after("UBND xã Thủy An - TT. Huế"));
    /* review36: the apostrophe Word writes, or a modifier letter, is the one typed */
    assert_int_equal(kc_agency_of_signer("Xã Ea H'Leo", false, "UBND xã Ea H\u2019Leo", NULL), KC_AGENCY_OWN);
    assert_int_equal(kc_agency_of_signer("Xã Ia H\u2019Drai", false, "UBND xã Ia H\u02BCDrai", NULL), KC_AGENCY_OWN);
    assert_int_equal(kc_agency_of_signer("Xã Ea H\u2019Đing", false, "UBND xã Ea H'Đing", NULL), KC_AGENCY_OWN);
    assert_int_equal(kc_agency_of_signer("Xã Ea H'Leo", false, "UBND xã Ea H\u2019Ling", NULL), KC_AGENCY_OTHER);
    assert_int_equal(kc_agency_of_signer("Xã Ea H'Đing", false, "UBND xã Ea H\u2019Đìng", NULL), KC_AGENCY_OTHER);
}

/* What counts for criteria 20-22: the one rule of index, review and the desk. */
static void test_agency_counts(void **state)
{
    (void)state;
    kc_sig_info own_org = {.signer = "UBND xã Thủy An", .organization = "UBND xã Thủy An", .role = KC_ROLE_ORG};
    kc_sig_info other_org = {.signer = "UBND xã Thủy Thanh", .organization = "UBND xã Thủy Thanh", .role = KC_ROLE_ORG};
    kc_sig_info other_leader = {.signer = "Lê Văn B", .organization = "UBND xã Thủy Thanh", .role = KC_ROLE_LEADER};
    kc_sig_info other_person = {.signer = "Lê Văn C", .organization = "UBND xã Thủy Thanh", .role = KC_ROLE_PERSON};
    kc_sig_info no_committee = {.signer = "Nguyễn Văn An", .organization = "Sở Nội vụ", .role = KC_ROLE_LEADER};
    kc_agency_match m = KC_AGENCY_UNKNOWN;
    assert_true(kc_agency_counts("Xã Thủy An", false, &own_org, &m));
    assert_int_equal(m, KC_AGENCY_OWN);
    assert_false(kc_agency_counts("Xã Thủy An", false, &other_org, &m));
    assert_int_equal(m, KC_AGENCY_OTHER);
    assert_false(kc_agency_counts("Xã Thủy An", false, &other_leader, NULL));
    /* another commune's staff: his certificate does not belong to Thủy An's agency (the brief) */
    assert_false(kc_agency_counts("Xã Thủy An", false, &other_person, NULL));
    kc_sig_info district_person = {.signer = "Lê Văn D", .organization = "UBND huyện Phú Vang", .role = KC_ROLE_PERSON};
    /* filed under the district's committee alone: its staff, not Thủy An's (rtcert16) */
    assert_false(kc_agency_counts("Xã Thủy An", false, &district_person, NULL));
    kc_sig_info commune_clerk = {.signer = "Lê Văn D", .organization = "UBND huyện Phú Vang", .unit = "Xã Thủy An",
                                 .role = KC_ROLE_PERSON};
    assert_true(kc_agency_counts("Xã Thủy An", false, &commune_clerk, NULL));
    /* filed by his title alone: Thủy An's, so that the places it names are compared */
    kc_sig_info titled_clerk = {.signer = "Lê Văn D", .title = "Chuyên viên UBND xã Thủy An, huyện Phong Điền",
                                .role = KC_ROLE_PERSON};
    assert_true(kc_agency_counts("Xã Thủy An", false, &titled_clerk, &m));
    assert_int_equal(m, KC_AGENCY_OWN);
    assert_false(kc_agency_counts_at("Xã Thủy An", "UBND huyện Phú Vang", NULL, false, &titled_clerk, NULL));
    /* a commune named as a place in O vouches for the committee the CN names: Thủy Vân's */
    kc_sig_info place_org = {.signer = "UBND xã Thủy An", .organization = "Xã Thủy Vân", .role = KC_ROLE_ORG};
    assert_true(kc_agency_files_other_commune("Xã Thủy An", false, &place_org, NULL));
    assert_false(kc_agency_counts("Xã Thủy An", false, &place_org, NULL));
    place_org.organization = "Xã Thủy An";
    assert_false(kc_agency_files_other_commune("Xã Thủy An", false, &place_org, NULL));
    /* A person's certificate filed under no committee is no agency's (rtcert15:
     * each made Thủy An's document signed): a citizen's, a company's, the
     * Farmers' Association's, the commune's police's, one no one can read. */
    kc_sig_info citizen = {.signer = "Trần Văn Hùng", .person_mark = "UID=CCCD:046085001234", .role = KC_ROLE_PERSON};
    kc_sig_info company = {.signer = "Trần Văn Hùng", .organization = "Công ty TNHH In ấn Minh Phát",
                           .unit = "UBND xã Thủy An", .role = KC_ROLE_PERSON};
    kc_sig_info farmers = {.signer = "Trần Văn Hùng", .organization = "UBND huyện Phú Vang; Hội Nông dân xã Thủy An",
                           .role = KC_ROLE_PERSON};
    kc_sig_info police_staff = {.signer = "Trần Văn Hùng", .organization = "UBND xã Thủy An",
                                .unit = "Công an xã Thủy An", .role = KC_ROLE_PERSON};
    kc_sig_info unreadable = {.signer = "Trần Văn Hùng", .organization = "UBND huyện Phú Vang",
                              .unit = "\xef\xbf\xbd", .role = KC_ROLE_PERSON};
    kc_sig_info chair_nobody = {.signer = "Trần Văn Hùng", .title = "Chủ tịch", .role = KC_ROLE_PERSON};
    assert_false(kc_agency_counts("Xã Thủy An", false, &citizen, &m));
    assert_int_equal(m, KC_AGENCY_OTHER);
    assert_false(kc_agency_counts("Xã Thủy An", false, &company, NULL));
    assert_false(kc_agency_counts("Xã Thủy An", false, &farmers, NULL));
    assert_false(kc_agency_counts("Xã Thủy An", false, &police_staff, NULL));
    assert_false(kc_agency_counts("Xã Thủy An", false, &unreadable, NULL));
    assert_false(kc_agency_counts("Xã Thủy An", false, &chair_nobody, NULL));
    assert_true(kc_agency_counts(NULL, false, &citizen, NULL)); /* no commune: nothing to tell */
    /* the commune's staff: by OU under the district's O, by a title alone, by O */
    kc_sig_info clerk = {.signer = "Lê Văn Cường", .title = "Công chức Văn phòng - Thống kê",
                         .organization = "UBND huyện Phú Vang", .unit = "UBND xã Thủy An", .role = KC_ROLE_PERSON};
    kc_sig_info deputy_tt = {.signer = "Trần Thị Bình", .title = "Phó Chủ tịch TT UBND xã Thủy An", .role = KC_ROLE_PERSON};
    kc_sig_info officer = {.signer = "Lê Văn Cường", .title = "Chuyên viên", .organization = "UBND xã Thủy An",
                           .unit = "Văn phòng", .role = KC_ROLE_PERSON};
    assert_true(kc_agency_counts("Xã Thủy An", false, &clerk, &m));
    assert_int_equal(m, KC_AGENCY_OWN);
    assert_true(kc_agency_counts("Xã Thủy An", false, &deputy_tt, NULL));
    kc_sig_info staff_other = {.signer = "Lê Văn Cường", .title = "Chuyên viên UBND xã Thủy Vân", .role = KC_ROLE_PERSON};
    assert_false(kc_agency_counts("Xã Thủy An", false, &staff_other, NULL)); /* filed under Thủy Vân by his title */
    assert_true(kc_agency_counts("Xã Thủy An", false, &officer, NULL));
    /* his own name unreadable (a minority's name with a mark not read) says nothing of whose staff he is */
    kc_sig_info odd_name = {.signer = "\xef\xbf\xbd", .organization = "UBND huyện Phú Vang",
                            .unit = "UBND xã Thủy An", .role = KC_ROLE_PERSON};
    assert_true(kc_agency_counts("Xã Thủy An", false, &odd_name, NULL));
    assert_true(kc_agency_counts("Xã Thủy An", false, &no_committee, &m));
    assert_int_equal(m, KC_AGENCY_UNKNOWN);
    assert_true(kc_agency_counts(NULL, false, &other_org, NULL));
    /* A unit under the committee is its own agency, whatever its O names: it
     * may not draw over the chairman's signature. */
    kc_sig_info police = {.signer = "Công an xã Thủy An", .organization = "UBND xã Thủy An", .role = KC_ROLE_ORG};
    kc_sig_info chairman = {.signer = "Nguyễn Văn An", .title = "Chủ tịch", .organization = "UBND xã Thủy An",
                            .role = KC_ROLE_LEADER};
    kc_sig_info by_roles = {.signer = "Lê Văn Cường", .organization = "UBND xã Thủy An", .role = KC_ROLE_ORG};
    assert_null(kc_agency_committee_field(&police));
    /* nor does its signature make the commune's document signed (rtcert14:
     * counted before, as a province department's "Sở Nội vụ" was) */
    assert_false(kc_agency_counts("Xã Thủy An", false, &police, &m));
    assert_int_equal(m, KC_AGENCY_OTHER);
    kc_sig_info dept = {.signer = "Sở Nội vụ tỉnh Thừa Thiên Huế", .role = KC_ROLE_ORG};
    assert_false(kc_agency_counts("Xã Thủy An", false, &dept, &m));
    assert_int_equal(m, KC_AGENCY_OTHER);
    assert_true(kc_agency_counts(NULL, false, &dept, NULL)); /* no commune: nothing to tell */
    assert_false(kc_agency_may_draw_after(&chairman, &police));
    assert_true(kc_agency_may_draw_after(&chairman, &own_org));
    assert_true(kc_agency_may_draw_after(&chairman, &by_roles));
    /* A leader's title naming another commune's committee is that commune's. */
    kc_sig_info thuy_van = {.signer = "Trần Văn Hùng", .title = "Chủ tịch UBND xã Thủy Vân", .role = KC_ROLE_LEADER};
    kc_sig_info thuy_an = {.signer = "Nguyễn Văn An", .title = "Chủ tịch UBND xã Thủy An", .role = KC_ROLE_LEADER};
    assert_false(kc_agency_counts("Xã Thủy An", false, &thuy_van, &m));
    assert_int_equal(m, KC_AGENCY_OTHER);
    assert_true(kc_agency_counts("Xã Thủy An", false, &thuy_an, NULL));
    /* The commune's committee in CN or OU, another commune's in O or OU (the
     * body a CA checked): that committee's certificate (rtcert6). */
    kc_sig_info o_other = {.signer = "UBND xã Thủy An", .organization = "UBND xã Thủy Vân", .role = KC_ROLE_ORG};
    kc_sig_info ou_other = {.signer = "UBND xã Thủy An", .organization = "UBND huyện Phú Vang",
                            .unit = "UBND xã Thủy Vân", .role = KC_ROLE_ORG};
    kc_sig_info chair_other = {.signer = "Trần Văn Hùng", .title = "Chủ tịch", .organization = "UBND xã Thủy Vân",
                               .unit = "UBND xã Thủy An", .role = KC_ROLE_LEADER};
    kc_sig_info o_same = {.signer = "UBND xã Thủy An", .organization = "UBND xã Thủy An, huyện Phú Vang",
                          .role = KC_ROLE_ORG};
    kc_sig_info vgca = {.signer = "Nguyễn Văn An", .title = "Chủ tịch", .organization = "UBND huyện Phú Vang",
                        .unit = "UBND xã Thủy An", .role = KC_ROLE_LEADER};
    char *other = NULL;
    assert_false(kc_agency_counts("Xã Thủy An", false, &o_other, &m));
    assert_int_equal(m, KC_AGENCY_OTHER);
    assert_false(kc_agency_counts("Xã Thủy An", false, &ou_other, NULL));
    assert_false(kc_agency_counts("Xã Thủy An", false, &chair_other, NULL));
    assert_true(kc_agency_files_other_commune("Xã Thủy An", false, &o_other, &other));
    assert_string_equal(other, "UBND xã Thủy Vân");
    g_free(other);
    assert_false(kc_agency_may_draw_after(&chairman, &o_other));
    assert_false(kc_agency_may_draw_after(&chairman, &ou_other));
    assert_true(kc_agency_may_draw_after(&chairman, &o_same));
    assert_true(kc_agency_counts("Xã Thủy An", false, &o_same, &m));
    assert_int_equal(m, KC_AGENCY_OWN);
    assert_true(kc_agency_counts("Xã Thủy An", false, &vgca, &m));
    assert_int_equal(m, KC_AGENCY_OWN);
    /* A leader's common name, which viewers show as the signer, naming
     * another commune's committee anywhere in it (rtcert9); his own stays his. */
    static char *const cn_other[] = {"Nguyễn Văn A - UBND xã Thủy Vân", "Chủ tịch UBND xã Thủy Vân",
                                           "Nguyễn Văn A (Chủ tịch UBND xã Thúy An)"};
    static char *const cn_own[] = {"Nguyễn Văn An - UBND xã Thủy An", "Nguyễn Văn An (Chủ tịch UBND xã Thủy An)",
                                         "Nguyễn Văn An - UBND xã Thủy An, huyện Phú Vang", "Nguyễn Văn An"};
    for (size_t i = 0; i < G_N_ELEMENTS(cn_other); i++) {
        kc_sig_info cn = vgca;
        cn.signer = cn_other[i];
        assert_false(kc_agency_counts("Xã Thủy An", false, &cn, &m));
        assert_int_equal(m, KC_AGENCY_OTHER);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(cn_own); i++) {
        kc_sig_info cn = vgca;
        cn.signer = cn_own[i];
        assert_true(kc_agency_counts("Xã Thủy An", false, &cn, &m));
        assert_int_equal(m, KC_AGENCY_OWN);
    }
    /* Names that fold alike but are spelled otherwise are other communes. */
    assert_int_equal(kc_agency_of_signer("Thủy An", false, "UBND xã Thúy An", NULL), KC_AGENCY_OTHER);
    assert_int_equal(kc_agency_of_signer("Xã Tân An", false, "UBND xã Tân Ân, huyện Cần Đước", NULL), KC_AGENCY_OTHER);
    assert_int_equal(kc_agency_of_signer("Thủy An", false, "UBND xã Thuỷ An", NULL), KC_AGENCY_OWN);
    assert_int_equal(kc_agency_of_signer("Thủy An", false, "Ủy ban nhân dân xã Thủy An, huyện Phú Vang", NULL), KC_AGENCY_OWN);
    assert_int_equal(kc_agency_of_signer("Thuy An", false, "UBND xã Thúy An", NULL), KC_AGENCY_OWN);
    assert_int_equal(kc_agency_of_signer("Thủy An", false, "UBND xa Thuy An", NULL), KC_AGENCY_OWN);
    /* NFD */
    assert_int_equal(kc_agency_of_signer("Thủy An", false, "UBND xã Thu\xcc\x89y An - huyện Phú Vang", NULL), KC_AGENCY_OWN);
}

/* A commune of the same name elsewhere: the district and province a
 * certificate names must be the dossier's, when the dossier names them. */
static void test_place_differs(void **state)
{
    (void)state;
    const char *d[] = {"Phú Vang"}, *p[] = {"Thừa Thiên Huế"}, *d2[] = {"Thành phố Huế"};
    kc_agency_places both = {d, 1, p, 1}, none = {0}, only_d = {d, 1, NULL, 0}, city = {d2, 1, p, 1};

    assert_false(kc_agency_place_differs(&both, "UBND xã Thủy An", "UBND xã Thủy An", "Thừa Thiên Huế"));
    assert_false(kc_agency_place_differs(&both, "UBND xã Thủy An, huyện Phú Vang", "UBND huyện Phú Vang", "Tỉnh Thừa Thiên Huế"));
    assert_false(kc_agency_place_differs(&both, "UBND xã Thủy An (Huyện Phú Vang - Tỉnh Thừa Thiên Huế)", NULL, NULL));
    assert_true(kc_agency_place_differs(&both, "UBND xã Thủy An", "UBND xã Thủy An", "Quảng Trị"));
    assert_true(kc_agency_place_differs(&both, "UBND xã Thủy An", "UBND huyện Phong Điền", NULL));
    assert_true(kc_agency_place_differs(&both, "UBND xã Thủy An, huyện Hải Lăng", NULL, NULL));
    assert_true(kc_agency_place_differs(&both, "UBND xã Thủy An - tỉnh Quảng Trị", NULL, NULL));
    /* A level the dossier does not name is not compared. */
    assert_false(kc_agency_place_differs(&none, "UBND xã Thủy An, huyện Hải Lăng", NULL, "Quảng Trị"));
    assert_false(kc_agency_place_differs(&only_d, "UBND xã Thủy An", NULL, "Quảng Trị"));
    /* "thành phố" may be the district or the province. */
    assert_false(kc_agency_place_differs(&city, "UBND phường An Cựu, thành phố Huế", NULL, NULL));
    assert_false(kc_agency_place_differs(&both, "UBND xã Thủy An", "UBND TP. Phú Vang", NULL));
    assert_true(kc_agency_place_differs(&both, "UBND xã Thủy An", "UBND thành phố Đông Hà", NULL));
    /* The dossier's places named as their committees (the desk's accounts). */
    const char *du[] = {"UBND huyện Phú Vang"}, *pu[] = {"Ủy ban nhân dân tỉnh Thừa Thiên Huế"};
    kc_agency_places ubnd = {du, 1, pu, 1};
    assert_false(kc_agency_place_differs(&ubnd, "UBND xã Thủy An, huyện Phú Vang", "UBND huyện Phú Vang", "Thừa Thiên Huế"));
    assert_true(kc_agency_place_differs(&ubnd, "UBND xã Thủy An", "UBND huyện Phong Điền", NULL));
    assert_true(kc_agency_place_differs(&ubnd, "UBND xã Thủy An", NULL, "Quảng Trị"));
    /* Every field that may name a place: OU, L, a leader's title. */
    kc_sig_info by_l = {.signer = "UBND xã Thủy An", .organization = "UBND xã Thủy An", .locality = "huyện Phong Điền",
                        .role = KC_ROLE_ORG};
    kc_sig_info by_ou = {.signer = "UBND xã Thủy An", .organization = "UBND tỉnh Thừa Thiên Huế",
                         .unit = "UBND xã Thủy An, huyện Phong Điền", .role = KC_ROLE_ORG};
    kc_sig_info by_title = {.signer = "Trần Văn Hùng", .title = "Chủ tịch UBND xã Thủy An, huyện Phong Điền",
                            .role = KC_ROLE_LEADER};
    kc_sig_info own_l = {.signer = "UBND xã Thủy An", .locality = "Huyện Phú Vang", .role = KC_ROLE_ORG};
    assert_true(kc_agency_sig_place_differs(&both, &by_l));
    assert_true(kc_agency_sig_place_differs(&both, &by_ou));
    assert_true(kc_agency_sig_place_differs(&both, &by_title));
    assert_false(kc_agency_sig_place_differs(&both, &own_l));
    /* A street address names places by their level's word only ("Thôn An Lưu" is no district). */
    kc_sig_info by_street = {.signer = "UBND xã Thủy An", .street = "Thôn 1, xã Thủy An, huyện Phong Điền",
                             .role = KC_ROLE_ORG};
    kc_sig_info own_street = {.signer = "UBND xã Thủy An", .street = "Thôn An Lưu, xã Thủy An, huyện Phú Vang",
                              .role = KC_ROLE_ORG};
    assert_true(kc_agency_sig_place_differs(&both, &by_street));
    assert_false(kc_agency_sig_place_differs(&both, &own_street));
    /* A dash that looks like the hyphen-minus, a level abbreviated. */
    assert_true(kc_agency_place_differs(&both, "UBND xã Thủy An – huyện Phong Điền", NULL, NULL));
    assert_true(kc_agency_place_differs(&both, "UBND xã Thủy An — tỉnh Quảng Trị", NULL, NULL));
    assert_true(kc_agency_place_differs(&both, "UBND xã Thủy An", "UBND H. Phong Điền", NULL));
    assert_true(kc_agency_place_differs(&both, "UBND xã Thủy An, H.Phong Điền", NULL, NULL));
    assert_true(kc_agency_place_differs(&both, "UBND xã Thủy An (TX. Hương Thủy)", NULL, NULL));
    assert_true(kc_agency_place_differs(&both, "UBND xã Thủy An, T. Quảng Trị", NULL, NULL));
    assert_false(kc_agency_place_differs(&both, "UBND xã Thủy An – huyện Phú Vang", "UBND H. Phú Vang", "T. Thừa Thiên Huế"));
    assert_false(kc_agency_place_differs(&both, "UBND xã Thủy An", "UBND TP. Phú Vang", "Thừa Thiên Huế"));
    assert_false(kc_agency_counts_at("Xã Thủy An", "Phú Vang", "Thừa Thiên Huế", false, &by_title, NULL));
    assert_true(kc_agency_counts_at("Xã Thủy An", "Phú Vang", "Thừa Thiên Huế", false, &own_l, NULL));
    /* Since July 2025 the authority named as the district is a province: it is read as one. */
    kc_sig_info qt = {.signer = "Trần Văn Hùng", .title = "Chủ tịch", .unit = "UBND xã Thủy An",
                      .province = "Quảng Trị", .role = KC_ROLE_LEADER};
    kc_sig_info tth = {.signer = "Trần Văn Hùng", .title = "Chủ tịch", .unit = "UBND xã Thủy An",
                       .province = "Thừa Thiên Huế", .role = KC_ROLE_LEADER};
    assert_false(kc_agency_counts_at("Xã Thủy An", "UBND tỉnh Thừa Thiên Huế", NULL, false, &qt, NULL));
    assert_true(kc_agency_counts_at("Xã Thủy An", "UBND tỉnh Thừa Thiên Huế", NULL, false, &tth, NULL));
}

static void test_commune_in_name(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"so-di-xa-thuy-an", "xa thuy an"}, {"So_di_Xã_Thủy_An_2021", "xa thuy an"},
        {"Xã Thủy An", "xa thuy an"}, {"phuong-an-cuu", "phuong an cuu"}, {"thi-tran-sia", "thi tran sia"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *s = kc_commune_in_name(cases[i].in);
        assert_non_null(s);
        assert_string_equal(s, cases[i].out);
        free(s);
    }
    assert_null(kc_commune_in_name("so-van-ban-di-2021"));
    assert_null(kc_commune_in_name("01-thuy-an"));
}

/* A district's entries that name one commune (rtnum18): the committee's
 * words, the unit's kind, a leading number, a year, case, NFD and the tone
 * mark's place aside; the letters' own marks and the unit's kind kept. */
static void test_commune_same_entry(void **state)
{
    (void)state;
    static const char *const same[][2] = {
        {"Thủy An", "UBND xã Thủy An"},
        {"Thu\xcc\x89y An", "Thủy An"}, /* NFD */
        {"Thuỷ An", "Thủy An"},        /* the old tone placement */
        {"xa-thuy-an", "Thủy An"},     /* typed without marks */
        {"01-Thủy An", "Ủy ban nhân dân xã Thủy An"},
        {"so-di-xa-thuy-an-2021", "UBND xã Thủy An"},
        {"so-di-dac-khu-phu-quoc-2025", "UBND đặc khu Phú Quốc"}, /* rtcert21 */
        {"so-di", "so-di"},
        {"Thủy An \xc2\xad", "Thuỷ An"}, /* a soft hyphen, a word of nothing (atkdesk, session 38) */
    };
    static const char *const apart[][2] = {
        {"Thủy An", "Thủy Ân"},       {"Xã Phú Đa", "Thị trấn Phú Đa"}, {"01-thuy-an", "02-thuy-bang"},
        {"Đặc khu Phú Quốc", "Xã Phú Quốc"},
        {"Thủy An", "Thủy An Đông"},  {"2021", "2021"},                 {"Phường 1", "Phường 2"},
        {"Thúy An \xc2\xad", "Thủy An"}, {"\xe2\x81\xa0 Thúy An", "Thủy An"}, /* marks compared past it */
    };
    for (size_t i = 0; i < sizeof same / sizeof *same; i++)
        assert_true(kc_commune_same_entry(same[i][0], same[i][1]));
    for (size_t i = 0; i < sizeof apart / sizeof *apart; i++)
        assert_false(kc_commune_same_entry(apart[i][0], apart[i][1]));
    assert_false(kc_commune_same_entry(NULL, "Thủy An"));
    /* their districts, as dossiers name them */
    assert_true(kc_agency_same_district("Phú Vang", "UBND huyện Phú Vang"));
    assert_true(kc_agency_same_district("huyện Phú Vang", "H. Phú Vang"));
    assert_true(kc_agency_same_district(NULL, ""));
    assert_false(kc_agency_same_district("huyện Phú Vang", "huyện Phong Điền"));
    assert_false(kc_agency_same_district("Phú Vang", NULL));
}

/* A district's folder naming no commune's kind ("02-thuy-bang"): the commune's
 * committee a counted leader's or organisation's certificate names, when not
 * the one the folder reads as, is told (rtnum20: said beside the figures). */
static void test_entry_other_committee(void **state)
{
    (void)state;
    kc_sig_info org = {.signer = "UBND xã Thủy Thanh", .organization = "UBND xã Thủy Thanh", .role = KC_ROLE_ORG,
                       .valid = true};
    kc_sig_info vgca = {.signer = "Nguyễn Văn An", .unit = "UBND xã Thủy An", .organization = "UBND huyện Phú Vang",
                        .role = KC_ROLE_LEADER, .valid = true};
    kc_sig_info person = {.signer = "Trần Văn Hùng", .organization = "UBND xã Thủy Thanh", .role = KC_ROLE_PERSON,
                          .valid = true};
    kc_sig_info district = {.signer = "UBND huyện Phú Vang", .organization = "UBND huyện Phú Vang",
                            .role = KC_ROLE_ORG, .valid = true};
    char *s = kc_commune_entry_other_committee("02-thuy-bang", &org);
    assert_non_null(s);
    assert_string_equal(s, "UBND xã Thủy Thanh");
    free(s);
    s = kc_commune_entry_other_committee("02-thuy-bang", &vgca); /* its OU, not "UBND huyện Phú Vang" */
    assert_non_null(s);
    assert_string_equal(s, "UBND xã Thủy An");
    free(s);
    assert_null(kc_commune_entry_other_committee("Thủy Thanh", &org));  /* its own */
    assert_null(kc_commune_entry_other_committee("01-thuy-an", &vgca));
    assert_null(kc_commune_entry_other_committee("03-thuy-an", &person)); /* a person's counts, as ever */
    assert_null(kc_commune_entry_other_committee("03-thuy-an", &district)); /* no commune's committee */
    org.valid = false;
    assert_null(kc_commune_entry_other_committee("02-thuy-bang", &org));
}

/* A register's "Người ký" cell naming another commune's committee than the
 * one whose certificates signed (rtnum21); a person's name, the same
 * committee however written, or no commune tell nothing. */
static void test_signer_other(void **state)
{
    (void)state;
    static const struct {
        const char *signer, *other;
    } cases[] = {
        {"UBND xã Thủy Bằng", "UBND xã Thủy Bằng"},
        {"Chủ tịch UBND xã Thủy Bằng", "Chủ tịch UBND xã Thủy Bằng"},
        {"Nguyễn Văn B - UBND xã Thủy Bằng", "Nguyễn Văn B - UBND xã Thủy Bằng"},
        {"Phó Chủ tịch UBND xã Thủy Thanh", NULL},
        {"UBND xã Thủy Thanh", NULL},
        {"Ủy ban nhân dân xã Thủy Thanh", NULL},
        {"UBND XÃ THỦY THANH", NULL},
        {"Chủ tịch UBND xã Thủy Thanh", NULL},
        {"Nguyễn Văn An", NULL},
        {"Chủ tịch", NULL},
        {"UBND huyện Phú Vang", NULL},
        {"", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = kc_commune_signer_other(cases[i].signer, "UBND xã Thủy Thanh");
        if (!cases[i].other) {
            if (s)
                fail_msg("%s: %s", cases[i].signer, s);
        } else {
            if (!s)
                fail_msg("%s: NULL", cases[i].signer);
            if (strcmp(cases[i].other, "*") != 0)
                assert_string_equal(s, cases[i].other);
        }
        free(s);
    }
    assert_null(kc_commune_signer_other(NULL, "UBND xã Thủy Thanh"));
    assert_null(kc_commune_signer_other("UBND xã Thủy Bằng", NULL));
}

/* A commune's name followed by its district with no mark (rtcert10): the
 * district is a place of its own, spelled as a level is; a name's words that
 * fold to a level's ("Quan", "Tịnh") are the name's. */
static void test_mark_levels(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"UBND xã Thủy An huyện Phú Vang", "UBND xã Thủy An, huyện Phú Vang"},
        {"UBND xã Thủy An huyện Phú Vang tỉnh Thừa Thiên Huế", "UBND xã Thủy An, huyện Phú Vang, tỉnh Thừa Thiên Huế"},
        {"UBND xã Thủy An huyện Phú Vang Hội Nông dân", "UBND xã Thủy An, huyện Phú Vang Hội Nông dân"},
        {"UBND XÃ THỦY AN HUYỆN PHÚ VANG", "UBND XÃ THỦY AN, HUYỆN PHÚ VANG"},
        {"Chủ tịch Ủy ban nhân dân xã Thủy An thị xã Hương Thủy", "Chủ tịch Ủy ban nhân dân xã Thủy An, thị xã Hương Thủy"},
        {"UBND phường 5 quận 3", "UBND phường 5, quận 3"},
        {"UBND xa Thuy An huyen Phu Vang", "UBND xa Thuy An, huyen Phu Vang"},
        {"UBND xã Đông Quan huyện Đông Hưng", "UBND xã Đông Quan, huyện Đông Hưng"},
        {"UBND xã Tịnh An Tây", "UBND xã Tịnh An Tây"},
        {"UBND xã Quan Sơn", "UBND xã Quan Sơn"},
        {"UBND xã An Tịnh tỉnh Tây Ninh", "UBND xã An Tịnh, tỉnh Tây Ninh"},
        {"UBND xã Thủy An, huyện Phú Vang", "UBND xã Thủy An, huyện Phú Vang"},
        {"UBND xã Thủy An huyện", "UBND xã Thủy An huyện"},
        {"UBND xa THUY AN quan 3", "UBND xa THUY AN, quan 3"},
        {"UBND xa thuy an quan 3", "UBND xa thuy an quan 3"},
        {"UBND huyện Phú Vang", "UBND huyện Phú Vang"},
        {"Nguyễn Văn An (Chủ tịch UBND xã Thủy An huyện Phú Vang)", "Nguyễn Văn An (Chủ tịch UBND xã Thủy An, huyện Phú Vang)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *s = kc_agency_mark_levels(cases[i].in);
        assert_non_null(s);
        assert_string_equal(s, cases[i].out);
        g_free(s);
    }
    assert_null(kc_agency_mark_levels(NULL));
    assert_true(belongs("Xã Thủy An", "UBND xã Thủy An huyện Phú Vang", NULL));
    assert_false(belongs("Xã Thủy An", "UBND xã Thủy An huyện Phú Vang Hội Nông dân", NULL));
    /* the district its O names, and an OU naming another one */
    kc_sig_info own = {.signer = "Nguyễn Văn An", .title = "Chủ tịch", .unit = "UBND xã Thủy An huyện Phú Vang",
                       .organization = "UBND huyện Phú Vang", .role = KC_ROLE_LEADER};
    kc_sig_info other = {.signer = "Nguyễn Văn An", .title = "Chủ tịch", .unit = "UBND xã Thủy An huyện Phong Điền",
                         .organization = "UBND huyện Phú Vang", .role = KC_ROLE_LEADER};
    assert_false(kc_agency_districts_disagree(&own));
    assert_true(kc_agency_counts("Xã Thủy An", false, &own, NULL));
    assert_true(kc_agency_districts_disagree(&other));
    assert_false(kc_agency_counts("Xã Thủy An", false, &other, NULL));
    /* in the common name's bracket, or past an acting chairman's "Q." (no "quận") */
    kc_sig_info cn_other = {.signer = "Nguyễn Văn An (Chủ tịch UBND xã Thủy An huyện Phong Điền)", .title = "Chủ tịch",
                            .unit = "UBND xã Thủy An", .organization = "UBND huyện Phú Vang", .role = KC_ROLE_LEADER};
    kc_sig_info acting = {.signer = "Trần Văn Hùng", .title = "Q. Chủ tịch", .unit = "UBND xã Thủy An",
                          .organization = "UBND huyện Phú Vang", .role = KC_ROLE_LEADER};
    assert_true(kc_agency_districts_disagree(&cn_other));
    assert_false(kc_agency_districts_disagree(&acting));
}

/* A commune's kind and the committee's words as clerks abbreviate them,
 * read as the desk reads them (agency_spelled.c, rtcert13): "UBND X. Hiệp
 * Hòa" was another commune's to seal and check. */
/* A title names an office only by an office's or a post's words (rtcert20:
 * "-", "N/A", "Không" silenced the no-office note). */
static void test_title_names_office(void **state)
{
    (void)state;
    static const char *const yes[] = {"Chủ tịch", "Phó Chủ tịch UBND xã Thủy An", "Công chức Tư pháp - Hộ tịch",
                                      "Văn thư", "Người hoạt động không chuyên trách", "Chuyen vien",
                                      "CÔNG CHỨC VĂN PHÒNG - THỐNG KÊ", "Chỉ huy trưởng", "Kế toán; Thủ quỹ",
                                      /* rtcert21: a post that opens with "không", offices
                                       * opening with "Phó" or "Trưởng" */
                                      "Không chuyên trách", "Khong chuyen trach", "Phó Chánh Văn phòng",
                                      "Tổ trưởng", "Trưởng Công an xã", "Phó Trưởng Công an xã", "Phó CT"};
    static const char *const no[] = {"", " ", "-", ".", "N/A", "Không", "Chưa có", "Giáo viên", "Khong",
                                     "Trường Tiểu học", "Nhân dân", "x",
                                     /* rtcert21: said not to be, or no longer, an official;
                                      * the first word of an office alone */
                                     "Không phải cán bộ", "KHÔNG PHẢI CÁN BỘ", " Không giữ chức vụ",
                                     "Khong phai can bo", "Chưa là cán bộ", "Nguyên Chủ tịch UBND xã Thủy An",
                                     "Cựu cán bộ", "Phó", "Trưởng", "Phó Trưởng", "P.", "Phó - Trưởng"};
    for (size_t i = 0; i < G_N_ELEMENTS(yes); i++)
        assert_true(kc_title_names_office(yes[i]));
    for (size_t i = 0; i < G_N_ELEMENTS(no); i++)
        assert_false(kc_title_names_office(no[i]));
    assert_false(kc_title_names_office(NULL));
}

static void test_spelled_kind(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"UBND X. Hiệp Hòa", "UBND xã Hiệp Hòa"},
        {"UBND TT. Phú Đa", "UBND thị trấn Phú Đa"},
        {"U.B.N.D-TT.Phú Đa", "UBND thị trấn Phú Đa"},
        {"U.B.N.D xã Thủy An", "UBND xã Thủy An"},
        {"Ủy ban nhân dân P. 5", "UBND phường 5"},
        {"X. Thủy Vân", "xã Thủy Vân"},
        {"UBND xã Thủy An", "UBND xã Thủy An"},
        {"Ủy ban nhân dân xã Thủy An", "Ủy ban nhân dân xã Thủy An"},
        /* no full stop, as the desk reads it (review35: "Trần Văn Hùng - UBND X
         * Thủy Vân" named no commune, Thủy Vân's leader counted for Thủy An);
         * no commune's name starts with a lone X, P or TT */
        {"UBND X Thủy An", "UBND xã Thủy An"},
        {"UBNDxã Thủy An", "UBND xã Thủy An"},
        {"UBND TT Sịa", "UBND thị trấn Sịa"},
        {"UBND Xuân Thủy", "UBND Xuân Thủy"},
        {"UBND X.", "UBND X."},                /* nothing after it */
        {"UBND H. Phú Vang", "UBND H. Phú Vang"}, /* a district's level: not a commune's kind */
        /* a centre's or an office's field, missed until rtcert20; real wards stay wards */
        {"TT. Chính trị huyện Phú Vang", "TT. Chính trị huyện Phú Vang"},
        {"P. Công chứng số 1", "P. Công chứng số 1"},
        {"P. Thanh tra", "P. Thanh tra"},
        {"P. Thanh Trì", "phường Thanh Trì"},
        {"P. Khâm Thiên", "phường Khâm Thiên"},
        {"TT. Giồng Riềng", "thị trấn Giồng Riềng"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *s = kc_agency_spell_written(cases[i].in);
        assert_non_null(s);
        assert_string_equal(s, cases[i].out);
        g_free(s);
    }
    assert_null(kc_agency_spell_written(NULL));
    assert_true(belongs("Xã Hiệp Hòa", "UBND X. Hiệp Hòa", NULL));
    assert_true(belongs("Thị trấn Phú Đa", "Trần Văn Hùng", "UBND TT. Phú Đa"));
    assert_true(belongs("X. Thủy An", "UBND xã Thủy An", NULL));
    assert_false(belongs("Xã Hiệp Hòa", "UBND TT. Hiệp Hòa", NULL)); /* the other kind */
    assert_false(belongs("Xã Thủy An", "UBND X. Thủy Vân", NULL));
    assert_false(belongs("Xã Thúy An", "UBND X. Thủy An", NULL)); /* spelled otherwise */
}

/* kc_agency_may_draw_after is remembered per pair of signers (agency_draw.c):
 * a pair that differs from one already asked in any field the rule reads
 * must get its own answer, the one worked out afresh, asked before or after
 * it, in either order. */
static void test_may_draw_remembered(void **state)
{
    (void)state;
    kc_sig_info chairman = {.signer = "Nguyễn Văn An", .title = "Chủ tịch", .organization = "UBND xã Thủy An",
                            .locality = "huyện Phú Vang", .province = "Thừa Thiên Huế", .role = KC_ROLE_LEADER};
    kc_sig_info org = {.signer = "UBND xã Thủy An", .organization = "UBND xã Thủy An", .locality = "huyện Phú Vang",
                       .province = "Thừa Thiên Huế", .role = KC_ROLE_ORG};
    kc_sig_info sigs[10] = {chairman, org};
    for (size_t i = 2; i < G_N_ELEMENTS(sigs); i++)
        sigs[i] = org;
    sigs[2].locality = "huyện Phong Điền";        /* a namesake commune of another district */
    sigs[3].province = "Quảng Trị";               /* of another province */
    sigs[4].street = "Thôn 1, huyện Phong Điền";  /* its address names another district */
    sigs[5].unit = "UBND xã Thủy Vân";            /* an OU naming another commune's committee */
    sigs[6].organization = "UBND xã Thủy Vân";    /* an O naming it */
    sigs[7].signer = "Công an xã Thủy An";        /* a unit under the committee */
    sigs[8] = sigs[7];                            /* the same names as a leader's: its O's */
    sigs[8].title = "Chủ tịch";
    sigs[8].role = KC_ROLE_LEADER;
    sigs[9].signer = "Lê Văn Cường";              /* an organisation by the roles file: the O's */
    sigs[9].organization = "UBND xã Thủy Vân";
    size_t n = G_N_ELEMENTS(sigs), refused = 0;
    for (int round = 0; round < 2; round++)
        for (size_t k = 0; k < n * n; k++) {
            /* the second round in the other order */
            size_t i = (round ? n * n - 1 - k : k) / n, j = (round ? n * n - 1 - k : k) % n;
            bool fresh = kc_agency_may_draw_after_fresh(&sigs[i], &sigs[j]);
            assert_int_equal(kc_agency_may_draw_after(&sigs[i], &sigs[j]), fresh);
            refused += !fresh;
        }
    /* the fields chosen do change the answer */
    for (size_t j = 2; j < n; j++)
        assert_int_equal(kc_agency_may_draw_after(&chairman, &sigs[j]), j == 8);
    assert_true(kc_agency_may_draw_after(&chairman, &org));
    assert_true(refused > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_commune_however_written),
        cmocka_unit_test(test_unicode_spaces),
        cmocka_unit_test(test_other_agencies_do_not),
        cmocka_unit_test(test_display_name),
        cmocka_unit_test(test_agency_of_signer),
        cmocka_unit_test(test_agency_counts),
        cmocka_unit_test(test_commune_in_name),
        cmocka_unit_test(test_commune_same_entry),
        cmocka_unit_test(test_entry_other_committee),
        cmocka_unit_test(test_signer_other),
        cmocka_unit_test(test_place_differs),
        cmocka_unit_test(test_mark_levels),
        cmocka_unit_test(test_spelled_kind),
        cmocka_unit_test(test_title_names_office),
        cmocka_unit_test(test_may_draw_remembered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
