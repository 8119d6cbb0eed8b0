/* test_roles.c: signer roles from certificates and from a roles file (src/lib/roles.c).
 *
 * Criterion 21 counts leader-signed documents, so a title spelt differently
 * must still make a leader, an agency's certificate must make the
 * organisation, and a roles file must override both, with its mistakes
 * reported by line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "kiemchung/roles.h"

typedef struct fixture {
    kc_roles *roles;
    char dir[64];
    char path[128];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);

    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/kc-test-roles.XXXXXX");
    if (!mkdtemp(f->dir) || kc_roles_new(&f->roles, NULL) != 0)
        return -1;
    snprintf(f->path, sizeof f->path, "%s/roles.csv", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;

    kc_roles_free(f->roles);
    unlink(f->path);
    rmdir(f->dir);
    free(f);
    return 0;
}

static void write_file(const fixture *f, const char *text)
{
    FILE *fp = fopen(f->path, "wb");

    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
    fclose(fp);
}

/* A title is read with the commune's committee as the certificate's O (a
 * title "Chủ tịch" alone chairs the body O names: test_chairman_of_what). */
static kc_role classify(const kc_roles *roles, const char *cn, const char *title)
{
    kc_signer_id who = {.common_name = cn, .title = title, .organization = title ? "UBND xã Thủy An" : NULL};
    return kc_roles_classify(roles, &who);
}

static void test_leader_titles(void **state)
{
    fixture *f = *state;

    assert_int_equal(classify(f->roles, "Nguyễn Văn An", "Chủ tịch"), KC_ROLE_LEADER);
    assert_int_equal(classify(f->roles, "Trần Thị Bình", "Phó Chủ tịch"), KC_ROLE_LEADER);
    assert_int_equal(classify(f->roles, "X", "Chủ tịch UBND xã Thủy An"), KC_ROLE_LEADER);
    assert_int_equal(classify(f->roles, "X", "PHÓ CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN PHÚ VANG"), KC_ROLE_LEADER);
    assert_int_equal(classify(f->roles, "X", "Phó Chủ tịch Uỷ ban nhân dân tỉnh Thừa Thiên Huế"), KC_ROLE_LEADER);
    assert_int_equal(classify(f->roles, "X", "Chủ tịch  UBND"), KC_ROLE_LEADER);
    /* NFD spelling of "Phó Chủ tịch" */
    assert_int_equal(classify(f->roles, "X", "Pho\xcc\x81 Chu\xcc\x89 ti\xcc\xa3" "ch"),
                     KC_ROLE_LEADER);
    /* Leaders of other bodies are not the commune's leaders. */
    assert_int_equal(classify(f->roles, "X", "Chủ tịch Công đoàn xã"), KC_ROLE_PERSON);
    assert_int_equal(classify(f->roles, "X", "Phó Chủ tịch Hội Nông dân"), KC_ROLE_PERSON);
    assert_int_equal(classify(f->roles, "X", "Chủ tịch Hội đồng nhân dân xã"), KC_ROLE_PERSON);
    assert_int_equal(classify(f->roles, "X", "Chủ tịch UBND Mặt trận"), KC_ROLE_PERSON);
    /* Diacritics count: "Chu tich" and "Chú tích" are not "Chủ tịch". */
    assert_int_equal(classify(f->roles, "X", "CHU TICH"), KC_ROLE_PERSON);
    assert_int_equal(classify(f->roles, "X", "Chú tích"), KC_ROLE_PERSON);
    /* Marks Vietnamese does not use, precomposed or not, and look-alikes. */
    assert_int_equal(classify(f->roles, "X", "C\xcc\xb7hủ tịch"), KC_ROLE_PERSON);       /* U+0337 */
    assert_int_equal(classify(f->roles, "X", "Chủ tịch\xcc\x81"), KC_ROLE_PERSON);        /* h + U+0301 */
    assert_int_equal(classify(f->roles, "X", "Chủ tịch UBND xã An\xcc\xb6"), KC_ROLE_PERSON);
    assert_int_equal(classify(f->roles, "X", "\xd0\xa1hủ tịch"), KC_ROLE_PERSON);         /* Cyrillic С */
    assert_int_equal(classify(f->roles, "Lê Văn Cường", "Chuyên viên"), KC_ROLE_PERSON);
    assert_int_equal(classify(f->roles, "X", "Chủ tịchxyz"), KC_ROLE_PERSON);
    /* Without a roles object the built-in titles still apply. */
    assert_int_equal(classify(NULL, "X", "Phó Chủ tịch UBND"), KC_ROLE_LEADER);
    assert_int_equal(classify(NULL, "X", "Chủ tịch Công đoàn xã"), KC_ROLE_PERSON);
    /* --leader-title adds exact titles. */
    assert_int_equal(classify(f->roles, "X", "Bí thư Đảng ủy"), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_add_leader_title(f->roles, "Bí thư", NULL), 0);
    assert_int_equal(classify(f->roles, "X", "BÍ THƯ"), KC_ROLE_LEADER);
    assert_int_equal(classify(f->roles, "X", "BÍ THƯ Đảng ủy"), KC_ROLE_PERSON);
    assert_int_equal(classify(f->roles, "X", "Bi thu"), KC_ROLE_PERSON);
    /* ... of the body the OU, else O, names, or the title itself: a People's Committee of a place. */
    kc_signer_id farmers = {.common_name = "X", .title = "Bí thư", .organization = "Hội Nông dân xã Thủy An"};
    kc_signer_id nobody = {.common_name = "X", .title = "Bí thư"};
    assert_int_equal(kc_roles_classify(f->roles, &farmers), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, &nobody), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_add_leader_title(f->roles, "Q. Chủ tịch UBND xã Thủy An", NULL), 0);
    nobody.title = "Q. Chủ tịch UBND xã Thủy An";
    assert_int_equal(kc_roles_classify(f->roles, &nobody), KC_ROLE_LEADER);
    assert_int_equal(kc_roles_add_leader_title(f->roles, "  ", NULL), KC_EINVAL);
}

static void test_organisation(void **state)
{
    fixture *f = *state;

    assert_int_equal(classify(f->roles, "UBND xã Thủy An", NULL), KC_ROLE_ORG);
    assert_int_equal(classify(f->roles, "Ủy ban nhân dân huyện Phú Vang", NULL), KC_ROLE_ORG);
    assert_int_equal(classify(f->roles, "UỶ BAN NHÂN DÂN XÃ", ""), KC_ROLE_ORG);
    assert_int_equal(classify(f->roles, "Sở Tư pháp", NULL), KC_ROLE_ORG);
    assert_int_equal(classify(f->roles, "Phòng Văn hoá - Thông tin", NULL), KC_ROLE_ORG);
    assert_int_equal(classify(f->roles, "Văn phòng HĐND và UBND", NULL), KC_ROLE_ORG);
    assert_int_equal(classify(f->roles, "Công an xã", NULL), KC_ROLE_ORG);
    assert_int_equal(classify(f->roles, "UBND", NULL), KC_ROLE_ORG);
    /* "Sơn" folds to "son", which must not pass for "Sở". */
    assert_int_equal(classify(f->roles, "Sơn Tùng", NULL), KC_ROLE_PERSON);
    assert_int_equal(classify(f->roles, "Nguyễn Văn An", NULL), KC_ROLE_PERSON);
    /* A person named in an agency's certificate is not the agency. */
    assert_int_equal(classify(f->roles, "UBND xã Thủy An", "Chuyên viên"), KC_ROLE_PERSON);
    assert_int_equal(classify(f->roles, NULL, NULL), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, NULL), KC_ROLE_PERSON);
}

/* "Chủ tịch" alone chairs the body his OU, else his O, names: a People's
 * Committee, or something else (the Farmers' Association, the People's
 * Council, a company), whose chairman is no leader of the commune. */
static void test_chairman_of_what(void **state)
{
    fixture *f = *state;
    kc_signer_id farmers = {.common_name = "X", .title = "Chủ tịch", .organization = "Hội Nông dân xã Thủy An"};
    kc_signer_id farmers_ou = {.common_name = "X", .title = "Chủ tịch", .organization = "UBND huyện Phú Vang",
                               .unit = "Hội Nông dân xã Thủy An"};
    kc_signer_id council = {.common_name = "X", .title = "Phó Chủ tịch", .organization = "HĐND xã Thủy An"};
    kc_signer_id two = {.common_name = "X", .title = "Chủ tịch", .organization = "UBND xã Thủy An; Công ty Minh Phát"};
    kc_signer_id vgca = {.common_name = "X", .title = "Chủ tịch", .organization = "UBND huyện Phú Vang",
                         .unit = "UBND xã Thủy An"};
    kc_signer_id own = {.common_name = "X", .title = "Phó Chủ tịch", .organization = "Ủy ban nhân dân xã Thủy An"};
    kc_signer_id titled = {.common_name = "X", .title = "Chủ tịch UBND xã Thủy An", .organization = "Hội Nông dân"};
    /* The OU is a unit of the O: under a company or an association it is theirs. */
    kc_signer_id company_ou = {.common_name = "X", .title = "Chủ tịch", .organization = "Công ty TNHH Minh Phát",
                               .unit = "UBND xã Thủy An"};
    kc_signer_id province_ou = {.common_name = "X", .title = "Chủ tịch", .organization = "Tỉnh Thừa Thiên Huế",
                                .unit = "UBND xã Thủy An"};
    kc_signer_id company_org = {.common_name = "UBND xã Thủy An", .organization = "Chi nhánh Công ty Minh Phát"};
    assert_int_equal(kc_roles_classify(f->roles, &company_ou), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, &province_ou), KC_ROLE_LEADER);
    assert_int_equal(kc_roles_classify(f->roles, &company_org), KC_ROLE_PERSON);
    /* rtcert15: a unit no one can read (U+FFFD) may be any body's ("Hội Nông
     * dân" drawn by U+202E): beside the committee's name it is a person's. */
    kc_signer_id unread_org = {.common_name = "UBND xã Thủy An", .organization = "UBND huyện Phú Vang",
                               .unit = "\xef\xbf\xbd"};
    kc_signer_id unread_title = {.common_name = "X", .title = "Chủ tịch UBND xã Thủy An",
                                 .organization = "UBND huyện Phú Vang", .unit = "\xef\xbf\xbd"};
    kc_signer_id office_title = {.common_name = "X", .title = "Chủ tịch UBND xã Thủy An",
                                 .organization = "UBND huyện Phú Vang", .unit = "Văn phòng"};
    assert_int_equal(kc_roles_classify(f->roles, &unread_org), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, &unread_title), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, &office_title), KC_ROLE_LEADER);
    /* A company's branch, naming no committee, stays an organisation (of no commune). */
    company_org.common_name = "Chi nhánh Công ty Minh Phát";
    assert_int_equal(kc_roles_classify(f->roles, &company_org), KC_ROLE_ORG);
    /* rtcert6: an O that starts with an agency's or a level's word and is no
     * committee nor place (a private notary's office, the Youth Union, a
     * lawyer's office) is the body the certificate is of; a district by its
     * level's word is a place. */
    kc_signer_id notary = {.common_name = "UBND xã Thủy An", .organization = "Văn phòng công chứng Thủy An"};
    kc_signer_id youth = {.common_name = "UBND xã Thủy An", .organization = "Huyện Đoàn Phú Vang"};
    kc_signer_id lawyer = {.common_name = "X", .title = "Chủ tịch", .organization = "Văn phòng luật sư Trần Văn Hùng",
                           .unit = "UBND xã Thủy An"};
    kc_signer_id centre = {.common_name = "X", .title = "Chủ tịch UBND xã Thủy An",
                           .organization = "Trung tâm Ngoại ngữ Minh Phát"};
    kc_signer_id district_o = {.common_name = "X", .title = "Chủ tịch", .organization = "Huyện Phú Vang",
                               .unit = "UBND xã Thủy An"};
    kc_signer_id district_org = {.common_name = "UBND xã Thủy An", .organization = "Huyện Phú Vang"};
    assert_int_equal(kc_roles_classify(f->roles, &notary), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, &youth), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, &lawyer), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, &centre), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, &district_o), KC_ROLE_LEADER);
    assert_int_equal(kc_roles_classify(f->roles, &district_org), KC_ROLE_ORG);
    assert_false(kc_roles_state_body("Hội Nông dân xã Thủy An"));
    assert_true(kc_roles_state_body("UBND huyện Phú Vang; Tỉnh Thừa Thiên Huế"));

    assert_int_equal(kc_roles_classify(f->roles, &farmers), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, &farmers_ou), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, &council), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, &two), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, &vgca), KC_ROLE_LEADER);
    assert_int_equal(kc_roles_classify(f->roles, &own), KC_ROLE_LEADER);
    /* The title that names the committee says itself whose chairman he is,
     * in a certificate of no company or association: under theirs (a public
     * CA checks the O, and takes the title as they write it) it is their text. */
    assert_int_equal(kc_roles_classify(f->roles, &titled), KC_ROLE_PERSON);
    titled.organization = "UBND huyện Phú Vang";
    assert_int_equal(kc_roles_classify(f->roles, &titled), KC_ROLE_LEADER);
    titled.organization = "Chi nhánh Cty TNHH Minh Phát";
    assert_int_equal(kc_roles_classify(f->roles, &titled), KC_ROLE_PERSON);
    assert_false(kc_roles_state_body("Văn phòng đại diện Minh Phát Co., Ltd"));
    assert_false(kc_roles_state_body("Thành phố Xanh JSC"));
    /* The same companies in the other spellings their names use. */
    assert_false(kc_roles_state_body("Chi nhánh CTCP In ấn Minh Phát"));
    assert_false(kc_roles_state_body("Chi nhánh Ngân hàng TMCP Công Thương"));
    assert_false(kc_roles_state_body("Văn phòng đại diện Tập đoàn Minh Phát"));
    assert_false(kc_roles_state_body("Chi nhánh Công ti Minh Phát"));
    assert_false(kc_roles_state_body("Chi nhánh CôngTy Minh Phát"));
    assert_false(kc_roles_state_body("Chi nhánh HTX Minh Phát"));
    assert_false(kc_roles_state_body("Chi nhánh DN tư nhân Minh Phát"));
    assert_false(kc_roles_state_body("Chi nhánh Minh Phát LLC"));
    /* Run together, dashed or dotted letter by letter, and the legal forms'
     * other words (Limited, PLC, Co., Xí nghiệp, Liên doanh, Hộ kinh doanh). */
    assert_false(kc_roles_state_body("Thành phố Xanh CtyTNHH"));
    assert_false(kc_roles_state_body("Thành phố Xanh CtyCP"));
    assert_false(kc_roles_state_body("Thành phố Xanh TNHHMTV"));
    assert_false(kc_roles_state_body("Thành phố Xanh C.T.Y CP"));
    assert_false(kc_roles_state_body("Thành phố Xanh T.N.H.H"));
    assert_false(kc_roles_state_body("Thành phố Xanh Công-ty CP"));
    assert_false(kc_roles_state_body("Thành phố Xanh Công_ty"));
    assert_false(kc_roles_state_body("Thành phố Xanh Cty1"));
    assert_false(kc_roles_state_body("Thành phố Xanh Limited"));
    assert_false(kc_roles_state_body("Thành phố Xanh PLC"));
    assert_false(kc_roles_state_body("Thành phố Xanh Co."));
    assert_false(kc_roles_state_body("Thành phố Xanh Group"));
    assert_false(kc_roles_state_body("Thành phố Xanh Xí nghiệp"));
    assert_false(kc_roles_state_body("Thành phố Xanh Liên doanh"));
    assert_false(kc_roles_state_body("Xã Thủy An Hộ kinh doanh Minh Phát"));
    /* "C/ty" (a slash, as handwriting abbreviates Công ty), "C ty", and the
     * legal form in words (rtcert5). */
    assert_false(kc_roles_state_body("Chi nhánh C/ty CP In ấn Minh Phát"));
    assert_false(kc_roles_state_body("Chi nhánh C ty In ấn Minh Phát"));
    assert_false(kc_roles_state_body("Chi nhánh Trách nhiệm hữu hạn In ấn Minh Phát"));
    assert_true(kc_roles_state_body("Chi nhánh Văn phòng đăng ký đất đai huyện Phú Vang"));
    assert_true(kc_roles_state_body("Sở Công Thương tỉnh Thừa Thiên Huế"));
    assert_true(kc_roles_state_body("TP. Huế"));
    assert_true(kc_roles_state_body("UBND xã Thủy An - huyện Phú Vang"));
    assert_true(kc_roles_state_body("Trung tâm Hỗ trợ doanh nghiệp tỉnh Thừa Thiên Huế"));
    assert_true(kc_roles_state_body("Văn phòng UBND tỉnh Thừa Thiên Huế"));
    /* A state body is not a People's Committee: under its O a committee's
     * name in CN, OU or title is that body's text (rtcert6); nor are the
     * bodies whose names start with an agency's or a level's word. */
    assert_true(kc_roles_files_committee("UBND huyện Phú Vang; Tỉnh Thừa Thiên Huế"));
    assert_true(kc_roles_files_committee("Huyện Phú Vang"));
    assert_true(kc_roles_files_committee("Huyện Đoan Hùng"));
    assert_true(kc_roles_files_committee("TP. Huế"));
    /* a place, then a body: the body is the O's (rtcert8); a small eth is a đ */
    assert_true(kc_roles_files_committee("Huyện Phú Vang, Tỉnh Thừa Thiên Huế"));
    assert_false(kc_roles_files_committee("Huyện Phú Vang - Hội Nông dân"));
    assert_false(kc_roles_files_committee("Tỉnh Thừa Thiên Huế: Hội Cựu chiến binh"));
    assert_false(kc_roles_files_committee("Huyện \xc3\xb0oàn Phú Vang"));
    assert_true(kc_roles_files_committee("UBND"));
    assert_true(kc_roles_files_committee("Ủy ban nhân dân xã Thủy An"));
    assert_false(kc_roles_files_committee("Sở Công Thương tỉnh Thừa Thiên Huế"));
    assert_false(kc_roles_files_committee("HĐND xã Thủy An"));
    assert_false(kc_roles_files_committee("Văn phòng công chứng Thủy An"));
    assert_false(kc_roles_files_committee("Văn phòng luật sư Trần Văn Hùng"));
    assert_false(kc_roles_files_committee("Phòng khám đa khoa Minh Phát"));
    assert_false(kc_roles_files_committee("Trung tâm Ngoại ngữ Minh Phát"));
    assert_false(kc_roles_files_committee("Huyện Đoàn Phú Vang"));
    assert_false(kc_roles_files_committee("Huyện ủy Phú Vang"));
    assert_false(kc_roles_files_committee("Tỉnh Hội Phụ nữ"));
    assert_false(kc_roles_files_committee("Tỉnh đội Thừa Thiên Huế"));
    assert_false(kc_roles_files_committee("Thành phố Xanh JSC"));
    assert_false(kc_roles_files_committee("UBND huyện Phú Vang; Văn phòng luật sư Trần Văn Hùng"));
    assert_false(kc_roles_state_body("Huyện Đoàn Phú Vang"));
    /* Naming no body at all, "Chủ tịch" alone chairs nothing the certificate says. */
    kc_signer_id nobody = {.common_name = "X", .title = "Chủ tịch"};
    kc_signer_id nobody_titled = {.common_name = "X", .title = "Phó Chủ tịch UBND xã Thủy An"};
    assert_int_equal(kc_roles_classify(f->roles, &nobody), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, &nobody_titled), KC_ROLE_LEADER);
}

/* A natural person's certificate is never the organisation's, whatever its
 * common name says; a pseudonym's title and name say nothing of who it is. */
/* rtcert7: a body named after the committee's name, past a dash, a comma or a
 * bracket ("UBND xã Thủy An - Hội Nông dân"), is that body, not the committee;
 * a place so named (its district, bare or by its level's word) is the committee's. */
static void test_body_after_committee(void **state)
{
    fixture *f = *state;
    static const char *const bodies[] = {"UBND xã Thủy An - Hội Nông dân", "UBND xã Thủy An (Hội Cựu chiến binh)",
                                         "UBND xã Thủy An – Công đoàn", "UBND xã Thủy An, Phòng Tư pháp",
                                         "UBND xã Thủy An - Xã đội", "UBND xa Thuy An - Hoi Nong dan",
                                         "UBND xã Thủy An - Đoàn Thanh niên", "UBND xã Thủy An; Mặt trận Tổ quốc"};
    static const char *const places[] = {"UBND xã Thủy An - Phú Vang", "UBND xã Thủy An, huyện Phú Vang",
                                         "UBND xã Thủy An (Phú Vang)", "UBND xã Phong Hiền - Phong Điền",
                                         "UBND xa Phong Hien - Phong Dien", "UBND xã Thủy An – UBND huyện Phú Vang",
                                         "UBND phường Minh An, thành phố Hội An", "UBND xã Thủy An - Phú Vang - Thừa Thiên Huế"};
    for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
        kc_signer_id ou = {.common_name = "X", .title = "Chủ tịch", .organization = "UBND huyện Phú Vang", .unit = bodies[i]};
        char title[128];
        snprintf(title, sizeof title, "Chủ tịch %s", bodies[i]);
        kc_signer_id titled = {.common_name = "X", .title = title};
        assert_int_equal(kc_roles_classify(f->roles, &ou), KC_ROLE_PERSON);
        assert_int_equal(kc_roles_classify(f->roles, &titled), KC_ROLE_PERSON);
        assert_false(kc_roles_files_committee(bodies[i]));
    }
    for (size_t i = 0; i < sizeof places / sizeof *places; i++) {
        kc_signer_id ou = {.common_name = "X", .title = "Chủ tịch", .organization = "UBND huyện Phú Vang", .unit = places[i]};
        char title[128];
        snprintf(title, sizeof title, "Chủ tịch %s", places[i]);
        kc_signer_id titled = {.common_name = "X", .title = title};
        assert_int_equal(kc_roles_classify(f->roles, &ou), KC_ROLE_LEADER);
        /* a title is read with its diacritics and Vietnamese marks only (no en dash) */
        if (!strstr(title, "xa ") && !strstr(title, "\xe2\x80\x93"))
            assert_int_equal(kc_roles_classify(f->roles, &titled), KC_ROLE_LEADER);
        assert_true(kc_roles_files_committee(places[i]));
    }
}

/* The common name, which viewers show as the signer, naming another body
 * (rtcert9): past a mark, inside it, or as a second CN (joined by "; "). */
static void test_body_in_common_name(void **state)
{
    fixture *f = *state;
    static const char *const bodies[] = {"Nguyễn Văn A - Hội Nông dân", "Nguyễn Văn A (Chủ tịch Hội Nông dân)",
                                         "Nguyễn Văn A Hội Nông dân", "Trần Văn Hùng; Hội Nông dân",
                                         "Nguyễn Văn A - Đoàn Thanh niên", "Nguyen Van A - Hoi Nong dan"};
    static const char *const names[] = {"Nguyễn Văn An", "Nguyễn Văn An - UBND xã Thủy An", "Đoàn Thị Hội",
                                        "Nguyễn Văn An (Chủ tịch UBND xã Thủy An)", "Nguyễn Văn An - Phú Vang",
                                        "Lê Văn Ban", "Nguyen Van An - UBND xa Thuy An"};
    for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
        kc_signer_id ou = {.common_name = bodies[i], .title = "Chủ tịch", .organization = "UBND huyện Phú Vang",
                           .unit = "UBND xã Thủy An"};
        kc_signer_id titled = {.common_name = bodies[i], .title = "Phó Chủ tịch UBND xã Thủy An"};
        assert_int_equal(kc_roles_classify(f->roles, &ou), KC_ROLE_PERSON);
        assert_int_equal(kc_roles_classify(f->roles, &titled), KC_ROLE_PERSON);
    }
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        kc_signer_id ou = {.common_name = names[i], .title = "Chủ tịch", .organization = "UBND huyện Phú Vang",
                           .unit = "UBND xã Thủy An"};
        kc_signer_id titled = {.common_name = names[i], .title = "Phó Chủ tịch UBND xã Thủy An"};
        assert_int_equal(kc_roles_classify(f->roles, &ou), KC_ROLE_LEADER);
        assert_int_equal(kc_roles_classify(f->roles, &titled), KC_ROLE_LEADER);
    }
}

static void test_natural_person(void **state)
{
    fixture *f = *state;
    kc_error err = {0};
    kc_signer_id pseudonym = {.common_name = "UBND xã Thủy An", .person_mark = "pseudonym", .pseudonym = true};
    kc_signer_id gnsn = {.common_name = "UBND xã Thủy An", .person_mark = "givenName"};
    kc_signer_id chair = {.common_name = "Nguyễn Văn An", .title = "Chủ tịch", .unit = "UBND xã Thủy An",
                          .person_mark = "pseudonym", .pseudonym = true};
    kc_signer_id chair_gnsn = {.common_name = "Nguyễn Văn An", .title = "Chủ tịch", .unit = "UBND xã Thủy An",
                               .person_mark = "givenName"};

    assert_int_equal(kc_roles_classify(f->roles, &pseudonym), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, &gnsn), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, &chair), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, &chair_gnsn), KC_ROLE_LEADER);
    /* A roles file's name is not matched by a pseudonym's common name. */
    write_file(f, "Nguyễn Văn An,leader\n");
    assert_int_equal(kc_roles_load(f->roles, f->path, &err), 0);
    chair.title = NULL;
    assert_int_equal(kc_roles_classify(f->roles, &chair), KC_ROLE_PERSON);
    chair.pseudonym = false;
    assert_int_equal(kc_roles_classify(f->roles, &chair), KC_ROLE_LEADER);
    /* Nor does a name line make the organisation of a natural person's
     * certificate; the committee's own certificate of that name it does (rtcert11). */
    kc_signer_id citizen = {.common_name = "UBND xã Thủy An", .organization = "UBND xã Thủy An",
                            .person_mark = "UID=CCCD:046085001234"};
    kc_signer_id own = {.common_name = "UBND xã Thủy An", .organization = "UBND xã Thủy An"};
    write_file(f, "UBND xã Thủy An,org\n");
    assert_int_equal(kc_roles_load(f->roles, f->path, &err), 0);
    assert_int_equal(kc_roles_classify(f->roles, &citizen), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, &own), KC_ROLE_ORG);
}

/* A deputy's title as offices abbreviate it is his title (rtcert11), asking
 * his committee as the full title does. */
static void test_deputy_abbreviated(void **state)
{
    fixture *f = *state;
    static const char *const titles[] = {"P. Chủ tịch UBND xã Thủy An", "PCT UBND xã Thủy An", "Phó CT UBND xã Thủy An",
                                         "Phó Chủ tịch Thường trực UBND xã Thủy An"};
    for (size_t i = 0; i < sizeof titles / sizeof *titles; i++) {
        kc_signer_id titled = {.common_name = "Trần Thị Bình", .title = titles[i]};
        assert_int_equal(kc_roles_classify(f->roles, &titled), KC_ROLE_LEADER);
    }
    kc_signer_id alone = {.common_name = "Trần Thị Bình", .title = "PCT", .unit = "UBND xã Thủy An",
                          .organization = "UBND huyện Phú Vang"};
    kc_signer_id farmers = {.common_name = "Trần Thị Bình", .title = "PCT Hội Nông dân xã Thủy An"};
    kc_signer_id of_farmers = {.common_name = "Trần Thị Bình", .title = "P. Chủ tịch",
                               .organization = "Hội Nông dân xã Thủy An"};
    kc_signer_id glued = {.common_name = "Trần Thị Bình", .title = "PCTUBND xã Thủy An"};
    assert_int_equal(kc_roles_classify(f->roles, &alone), KC_ROLE_LEADER);
    assert_int_equal(kc_roles_classify(f->roles, &farmers), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, &of_farmers), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, &glued), KC_ROLE_PERSON);
    kc_signer_id standing = {.common_name = "Trần Thị Bình", .title = "Phó Chủ tịch thường trực",
                             .unit = "UBND xã Thủy An", .organization = "UBND huyện Phú Vang"};
    assert_int_equal(kc_roles_classify(f->roles, &standing), KC_ROLE_LEADER);
    kc_signer_id standing_farmers = {.common_name = "Trần Thị Bình", .title = "Phó Chủ tịch Thường trực Hội Nông dân xã Thủy An"};
    assert_int_equal(kc_roles_classify(f->roles, &standing_farmers), KC_ROLE_PERSON);
}

/* Agency words are read with their diacritics (or a name without any):
 * family names that fold to them are people's. */
static void test_agency_words_spelled(void **state)
{
    fixture *f = *state;

    assert_int_equal(classify(f->roles, "Bàn Văn Hùng", NULL), KC_ROLE_PERSON);
    assert_int_equal(classify(f->roles, "Bồ Văn Tài", NULL), KC_ROLE_PERSON);
    assert_int_equal(classify(f->roles, "Đặng Uy Vũ", NULL), KC_ROLE_PERSON);
    assert_int_equal(classify(f->roles, "Ban Chỉ huy Quân sự xã Thủy An", NULL), KC_ROLE_ORG);
    assert_int_equal(classify(f->roles, "Bộ Tư pháp", NULL), KC_ROLE_ORG);
    assert_int_equal(classify(f->roles, "Đảng uỷ xã Thủy An", NULL), KC_ROLE_ORG);
    assert_int_equal(classify(f->roles, "UỶ BAN NHÂN DÂN XÃ THỦY AN", NULL), KC_ROLE_ORG);
    assert_int_equal(classify(f->roles, "UBND xa Thuy An", NULL), KC_ROLE_ORG);
    assert_int_equal(classify(f->roles, "Uy ban nhan dan xa Thuy An", NULL), KC_ROLE_ORG);
    /* NFD "Sở Tư pháp" */
    assert_int_equal(classify(f->roles, "So\xcc\x9b\xcc\x89 Tư pháp", NULL), KC_ROLE_ORG);
}

static void test_role_names(void **state)
{
    (void)state;
    assert_string_equal(kc_role_name(KC_ROLE_LEADER), "leader");
    assert_string_equal(kc_role_name(KC_ROLE_ORG), "org");
    assert_string_equal(kc_role_name(KC_ROLE_PERSON), "person");
}

#define FPR "3f0a6c2b8e1d4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c"

static void test_roles_file(void **state)
{
    fixture *f = *state;
    kc_error err = {0};
    kc_signer_id by_fpr = {.common_name = "Lê Văn Cường", .title = "Chuyên viên",
                           .fingerprint_sha256 = FPR, .serial_hex = "77"};
    kc_signer_id by_serial = {.common_name = "Ai đó", .serial_hex = "00AB12",
                              .issuer = "Kiemchung Test Signing CA", .issuer_certain = true};
    /* The same serial and issuer name from a second CA of that name. */
    kc_signer_id twin_ca = {.common_name = "Ai đó", .serial_hex = "00AB12", .issuer = "Kiemchung Test Signing CA"};
    /* The same serial from another CA: not the certificate the file means. */
    kc_signer_id other_ca = {.common_name = "Ai đó", .serial_hex = "AB12", .issuer = "Another CA",
                             .issuer_certain = true};
    kc_signer_id no_issuer = {.common_name = "Ai đó", .serial_hex = "AB12"};
    kc_signer_id by_cn = {.common_name = "TRẦN THỊ BÌNH", .title = "Phó Chủ tịch"};
    kc_signer_id other = {.common_name = "Nguyễn Văn An", .title = "Chủ tịch", .organization = "UBND xã Thủy An",
                          .serial_hex = "99"};
    /* "Nguyễn Văn Ân" in the file is another person than "Nguyễn Văn An". */
    kc_signer_id an = {.common_name = "Nguyễn Văn An", .title = "Chuyên viên"};
    kc_signer_id an_nfd = {.common_name = "Nguye\xcc\x82\xcc\x83n Va\xcc\x86n A\xcc\x82n",
                           .organization = "UBND xã Thủy An"};
    /* A name is many people's: a namesake of no People's Committee is not made a leader. */
    kc_signer_id an_citizen = {.common_name = "Nguyễn Văn Ân"};
    kc_signer_id an_farmers = {.common_name = "Nguyễn Văn Ân", .organization = "Hội Nông dân xã Thủy An"};
    kc_signer_id an_titled = {.common_name = "Nguyễn Văn Ân", .title = "Phó Chủ tịch UBND xã Thủy An"};
    kc_signer_id clerk = {.common_name = "Văn thư \"A\"", .unit = "UBND xã Thủy An"};
    kc_signer_id abba = {.common_name = "abba", .organization = "UBND xã Thủy An"};

    write_file(f, "\xEF\xBB\xBF" "match,role\r\n"
                  "# the commune's people\r\n"
                  "\r\n"
                  "3F:0A:6C:2B:8E:1D:4F:5A:6B:7C:8D:9E:0F:1A:2B:3C:4D:5E:6F:70:81:92:A3:B4:"
                  "C5:D6:E7:F8:09:1A:2B:3C;lãnh đạo\r\n"
                  "serial:ab:12 issuer:KIEMCHUNG test signing ca\tTổ chức\r\n"
                  "\"Trần Thị Bình\", \"person\"\r\n"
                  "Nguyễn Văn Ân,leader\r\n"
                  "\"Văn thư \"\"A\"\"\",org\n"
                  "name:ABBA,org\n");
    assert_int_equal(kc_roles_load(f->roles, f->path, &err), 0);
    assert_int_equal(kc_roles_classify(f->roles, &by_fpr), KC_ROLE_LEADER);
    assert_int_equal(kc_roles_classify(f->roles, &by_serial), KC_ROLE_ORG);
    assert_int_equal(kc_roles_classify(f->roles, &twin_ca), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, &other_ca), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, &no_issuer), KC_ROLE_PERSON);
    /* The file wins over the certificate's leader title. */
    assert_int_equal(kc_roles_classify(f->roles, &by_cn), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, &other), KC_ROLE_LEADER);
    assert_int_equal(kc_roles_classify(f->roles, &an), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, &an_nfd), KC_ROLE_LEADER); /* NFD "Nguyễn Văn Ân" */
    assert_int_equal(kc_roles_classify(f->roles, &an_citizen), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, &an_farmers), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, &an_titled), KC_ROLE_LEADER);
    assert_int_equal(kc_roles_classify(f->roles, &clerk), KC_ROLE_ORG);
    assert_int_equal(kc_roles_classify(f->roles, &abba), KC_ROLE_ORG);
    /* A company's certificate naming the committee beside it is the company's. */
    abba.organization = "Công ty Minh Phát; UBND xã Thủy An";
    assert_int_equal(kc_roles_classify(f->roles, &abba), KC_ROLE_PERSON);
    /* A name line saying "person" holds for anyone of that name, over a leader's title. */
    by_cn.unit = "UBND xã Thủy An";
    assert_int_equal(kc_roles_classify(f->roles, &by_cn), KC_ROLE_PERSON);
}

/* Loads text and expects KC_EFORMAT naming path:line. */
static void expect_bad(fixture *f, const char *text, int line)
{
    kc_error err = {0};
    char want[160];

    write_file(f, text);
    assert_int_equal(kc_roles_load(f->roles, f->path, &err), KC_EFORMAT);
    assert_int_equal(err.code, KC_EFORMAT);
    snprintf(want, sizeof want, "%s:%d:", f->path, line);
    if (!strstr(err.message, want))
        fail_msg("message \"%s\" does not name %s", err.message, want);
}

/* Answers are remembered (roles_memo.c): per roles, forgotten when a rule or a
 * title is added, and keyed by every field, so asking again never answers
 * what another roles or an earlier state of these would have. */
static void test_remembered(void **state)
{
    fixture *f = *state;
    kc_error err = {0};
    kc_roles *other = NULL;
    kc_signer_id by_fpr = {.common_name = "Lê Văn Cường", .title = "Chuyên viên", .fingerprint_sha256 = FPR};
    kc_signer_id no_fpr = {.common_name = "Lê Văn Cường", .title = "Chuyên viên"};
    kc_signer_id acting = {.common_name = "X", .title = "Q. Chủ tịch UBND xã Thủy An",
                           .organization = "UBND xã Thủy An"};

    assert_int_equal(kc_roles_classify(f->roles, &by_fpr), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, &by_fpr), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(NULL, &by_fpr), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, &acting), KC_ROLE_PERSON);
    write_file(f, "sha256:" FPR ",leader\n");
    assert_int_equal(kc_roles_load(f->roles, f->path, &err), 0);
    assert_int_equal(kc_roles_classify(f->roles, &by_fpr), KC_ROLE_LEADER);
    assert_int_equal(kc_roles_classify(f->roles, &no_fpr), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_add_leader_title(f->roles, "Q. Chủ tịch UBND xã Thủy An", NULL), 0);
    assert_int_equal(kc_roles_classify(f->roles, &acting), KC_ROLE_LEADER);
    /* Another roles, and none: what f->roles said is not theirs. */
    assert_int_equal(kc_roles_new(&other, NULL), 0);
    assert_int_equal(kc_roles_classify(other, &by_fpr), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(other, &acting), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(NULL, &by_fpr), KC_ROLE_PERSON);
    assert_int_equal(kc_roles_classify(f->roles, &by_fpr), KC_ROLE_LEADER);
    kc_roles_free(other);
}

static void test_roles_file_errors(void **state)
{
    fixture *f = *state;
    kc_error err = {0};

    expect_bad(f, "match,role\n# ok\nXY,chief\n", 3);
    expect_bad(f, "XY\n", 1);
    expect_bad(f, "XY,leader,extra\n", 1);
    expect_bad(f, "XY,leader\n\"unterminated,leader\n", 2);
    expect_bad(f, "\"a\"b,leader\n", 1);
    expect_bad(f, "XY,leader\nx\xff,leader\n", 2);
    expect_bad(f, ",leader\n", 1);
    /* A header is a header only on the first line. */
    expect_bad(f, "XY,leader\nmatch,role\n", 2);
    /* A serial alone names no certificate: another CA may issue it too. */
    expect_bad(f, "# ok\n20:02,leader\n", 2);
    assert_int_equal(kc_roles_load(f->roles, f->path, &err), KC_EFORMAT);
    assert_non_null(strstr(err.message, "serial:HEX issuer:NAME"));
    assert_non_null(strstr(err.message, "fingerprint"));
    expect_bad(f, "serial:2002,leader\n", 1);
    expect_bad(f, "issuer:Kiemchung Test Signing CA,leader\n", 1);
    expect_bad(f, "serial:xyz issuer:Test CA,leader\n", 1);
    expect_bad(f, "sha256:abcd,leader\n", 1);
    expect_bad(f, "name:,leader\n", 1);
    assert_int_equal(kc_roles_load(f->roles, "/nonexistent/roles.csv", &err), KC_EIO);
    assert_non_null(strstr(err.message, "/nonexistent/roles.csv"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_leader_titles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_organisation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chairman_of_what, setup, teardown),
        cmocka_unit_test_setup_teardown(test_agency_words_spelled, setup, teardown),
        cmocka_unit_test_setup_teardown(test_natural_person, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deputy_abbreviated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_body_after_committee, setup, teardown),
        cmocka_unit_test_setup_teardown(test_body_in_common_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_role_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_roles_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_roles_file_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_remembered, setup, teardown),
    };
    return cmocka_run_group_tests_name("roles", tests, NULL, NULL);
}
