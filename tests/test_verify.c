/* test_verify.c: kc_verify_file end to end on the committed samples: the
 * statuses, roles, detached signatures, and the JSON a verdict becomes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <glib.h>
#include "json_lib.h"
#include <stdlib.h>
#include <string.h>

#include "kiemchung/kiemchung.h"

typedef struct fixture {
    kc_trust *trust;
    kc_verdict *v;
} fixture;

static char *sample(const char *name)
{
    const char *root = getenv("KC_SOURCE_ROOT");
    return g_build_filename(root ? root : "..", "samples", "docs", name, NULL);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    const char *root = getenv("KC_SOURCE_ROOT");
    char *dir = g_build_filename(root ? root : "..", "certs", "test", "trust", NULL);
    assert_int_equal(kc_trust_new(&f->trust, NULL), 0);
    assert_int_equal(kc_trust_add_path(f->trust, dir, NULL), 0);
    g_free(dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    kc_verdict_free(f->v);
    kc_trust_free(f->trust);
    free(f);
    return 0;
}

static const kc_verdict *verify(fixture *f, const char *name)
{
    char *path = sample(name);
    kc_error err = {0};
    kc_verdict_free(f->v);
    f->v = NULL;
    assert_int_equal(kc_verify_file(&f->v, f->trust, path, NULL, &err), 0);
    g_free(path);
    return f->v;
}

static void test_decree30_two_signatures(void **state)
{
    const kc_verdict *v = verify(*state, "12-QD-UBND.pdf");
    assert_int_equal(kc_verdict_status(v), KC_STATUS_VALID);
    assert_int_equal(kc_verdict_count(v), 2);
    assert_true(kc_verdict_has_role(v, KC_ROLE_LEADER));
    assert_true(kc_verdict_has_role(v, KC_ROLE_ORG));
    const kc_sig_info *leader = kc_verdict_sig(v, 0);
    assert_string_equal(leader->signer, "Nguyễn Văn An");
    assert_true(leader->covers_document); /* the organisation's later update is allowed */
    assert_int_equal(leader->time_source, KC_TIME_NOW); /* a claim proves nothing */
    assert_true(leader->signed_bytes < kc_verdict_sig(v, 1)->signed_bytes);
}

static void test_modified_unsigned_detached(void **state)
{
    const kc_verdict *v = verify(*state, "25-TB-UBND.pdf");
    assert_int_equal(kc_verdict_status(v), KC_STATUS_INVALID);
    for (size_t i = 0; i < kc_verdict_count(v); i++) {
        assert_true(kc_verdict_sig(v, i)->intact);
        assert_false(kc_verdict_sig(v, i)->covers_document);
        assert_true(kc_verdict_sig(v, i)->reasons & KC_R_MODIFIED);
    }
    v = verify(*state, "21-BC-UBND.pdf");
    assert_int_equal(kc_verdict_status(v), KC_STATUS_UNSIGNED);
    v = verify(*state, "18-GM-UBND.docx");
    assert_int_equal(kc_verdict_status(v), KC_STATUS_VALID);
    assert_int_equal(kc_verdict_sig(v, 0)->kind, KC_SIG_DETACHED);
    v = verify(*state, "18-GM-UBND.docx.p7s"); /* the signature itself is no document */
    assert_int_equal(kc_verdict_status(v), KC_STATUS_ERROR);
    assert_non_null(kc_verdict_error(v));
}

static void test_json(void **state)
{
    const kc_verdict *v = verify(*state, "15-UBND-VX.pdf");
    char *text = kc_verdict_to_json(v);
    JsonParser *p = json_parser_new();
    assert_true(json_parser_load_from_data(p, text, -1, NULL));
    JsonObject *o = json_node_get_object(json_parser_get_root(p));
    assert_string_equal(json_object_get_string_member(o, "status"), "valid");
    assert_true(json_object_get_boolean_member(o, "leader"));
    JsonArray *sigs = json_object_get_array_member(o, "signatures");
    assert_int_equal(json_array_get_length(sigs), 2);
    JsonObject *s = json_array_get_object_element(sigs, 0);
    assert_string_equal(json_object_get_string_member(s, "role"), "leader");
    assert_string_equal(json_object_get_string_member(s, "title"), "Phó Chủ tịch");
    assert_string_equal(json_object_get_string_member(s, "digest"), "sha256");
    assert_int_equal(json_array_get_length(json_object_get_array_member(s, "reasons")), 0);
    assert_string_equal(json_object_get_string_member(s, "time_source"), "now");
    assert_string_equal(json_object_get_string_member(s, "status"), "valid");
    assert_int_equal(json_array_get_length(json_object_get_array_member(o, "timestamps")), 0);
    assert_false(json_object_get_boolean_member(o, "accept_claimed_time"));
    kc_json_unref(p);
    free(text);
}

static void test_reason_codes_are_stable(void **state)
{
    (void)state;
    assert_string_equal(kc_reason_code(KC_R_MODIFIED), "modified-after-signing");
    assert_string_equal(kc_reason_code(KC_R_FUTURE_TIME), "signing-time-in-future");
    assert_string_equal(kc_reason_code(KC_R_NO_PROOF_OF_TIME), "no-proof-of-time");
    assert_string_equal(kc_status_name(KC_STATUS_INDETERMINATE), "indeterminate");
    assert_string_equal(kc_time_source_name(KC_TIME_DOC_TIMESTAMP), "document-timestamp");
    assert_string_equal(kc_time_source_name(KC_TIME_EXTERNAL), "external");
    assert_string_equal(kc_time_source_name(KC_TIME_NOW), "now");
    assert_null(kc_reason_code(3)); /* not a single bit */
    for (unsigned b = 0; b < KC_R_COUNT; b++)
        assert_non_null(kc_reason_text(1u << b));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_decree30_two_signatures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_modified_unsigned_detached, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json, setup, teardown),
        cmocka_unit_test(test_reason_codes_are_stable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
