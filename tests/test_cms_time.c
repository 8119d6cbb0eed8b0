/* test_cms_time.c: CMS signature checks (src/lib/cms_check.c) against the
 * test PKI, of time: which time a signature is checked at (now, a timestamp,
 * --at, the claimed signingTime), certificates expired or revoked before or
 * after it, a time in the future, and RFC 3161 timestamps good and bad (the
 * fixture: test_cms_fx.h; the other checks: test_cms.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/cms.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

#include "cms_check.h"
#include "cms_internal.h"
#include "verdict.h"
#include "kiemchung/trust.h"

#include "test_cms_fx.h"

static void test_expired(void **state)
{
    fixture *f = *state;
    spec s = {.who = "expired"};

    run(f, &s, NULL, NULL);
    assert_reasons(f, KC_R_EXPIRED);
    assert_false(f->info.trusted);
    assert_non_null(f->info.detail);
}

/* Valid 2020-2022, signed (it says) in 2021, checked in 2026: nothing proves
 * the signature is older than the expiry, so it is indeterminate; a
 * timestamp, --at or the old claimed-time rule make it valid. */
static void test_expired_since(void **state)
{
    fixture *f = *state;
    spec s = {.who = "expired-since"};
    spec stamped = {.who = "expired-since", .ts = T2021 + 60};
    kc_verify_opts claimed = {.now = NOW, .accept_claimed_time = true};

    run(f, &s, NULL, NULL);
    assert_reasons(f, KC_R_NO_PROOF_OF_TIME);
    assert_true(f->info.intact);
    assert_false(f->info.trusted);
    assert_int_equal(f->info.checked_at, NOW);
    assert_non_null(strstr(f->info.detail, "2022-01-01"));
    clear_info(&f->info);
    run(f, &stamped, NULL, NULL);
    assert_ok(f);
    assert_int_equal(f->info.time_source, KC_TIME_TIMESTAMP);
    assert_string_equal(f->info.time_proof, "Kiemchung Test TSA");
    clear_info(&f->info);
    run(f, &s, NULL, &claimed);
    assert_ok(f);
    assert_int_equal(f->info.time_source, KC_TIME_CLAIMED);
    assert_int_equal(f->info.checked_at, T2021);
}

static void test_revoked(void **state)
{
    fixture *f = *state;
    spec after = {.who = "revoked", .time = T2024};
    spec before = {.who = "revoked"};

    run(f, &after, NULL, NULL);
    assert_reasons(f, KC_R_REVOKED);
    assert_false(f->info.trusted);
    clear_info(&f->info);
    /* Revoked later for keyCompromise: a claimed earlier time is the word of
     * whoever holds the compromised key. */
    run(f, &before, NULL, NULL);
    assert_reasons(f, KC_R_REVOKED);
}

static void test_revoked_after_timestamp(void **state)
{
    fixture *f = *state;
    spec s = {.who = "revoked", .ts = T2021 + 60};

    /* Even proven older than the revocation: a compromised key is revoked
     * for keyCompromise, and whoever holds it could have signed in 2021. */
    run(f, &s, NULL, NULL);
    assert_reasons(f, KC_R_REVOKED);
    assert_int_equal(f->info.time_source, KC_TIME_TIMESTAMP);
    assert_int_equal(f->info.checked_at, T2021 + 60);
}

static void test_future_time(void **state)
{
    fixture *f = *state;
    spec s = {.who = "leader", .time = NOW + 86400};

    run(f, &s, NULL, NULL);
    assert_reasons(f, KC_R_FUTURE_TIME);
    assert_false(f->info.trusted);
    assert_int_equal(f->info.signing_time, NOW + 86400);
    assert_int_equal(f->info.checked_at, NOW);
}

static void test_at_override(void **state)
{
    fixture *f = *state;
    spec s = {.who = "expired"};
    kc_verify_opts at = {.now = NOW, .at = T2018};

    run(f, &s, NULL, &at);
    assert_ok(f);
    assert_int_equal(f->info.time_source, KC_TIME_OVERRIDE);
    assert_int_equal(f->info.checked_at, T2018);
    assert_int_equal(f->info.signing_time, T2021);
}

static void test_timestamp(void **state)
{
    fixture *f = *state;
    spec good = {.who = "leader", .ts = T2021 + 60};
    spec bad = {.who = "leader", .ts = T2021, .ts_wrong = true};
    spec backdated = {.who = "leader", .time = T2024, .ts = T2021 + 60};

    run(f, &good, NULL, NULL);
    assert_ok(f);
    assert_int_equal(f->info.time_source, KC_TIME_TIMESTAMP);
    assert_int_equal(f->info.signing_time, T2021 + 60);
    assert_int_equal(f->info.checked_at, T2021 + 60);
    clear_info(&f->info);
    /* A timestamp over other bytes: reported; nothing is proven, so now. */
    run(f, &bad, NULL, NULL);
    assert_reasons(f, KC_R_BAD_TIMESTAMP);
    assert_false(f->info.trusted);
    assert_int_equal(f->info.time_source, KC_TIME_NOW);
    assert_int_equal(f->info.checked_at, NOW);
    clear_info(&f->info);
    /* A TSA that chains to no anchor proves nothing, but breaks nothing
     * either: the timestamp is over this signature. */
    run(f, &good, f->root_only, NULL);
    assert_false(f->info.reasons & KC_R_BAD_TIMESTAMP);
    assert_int_equal(f->info.time_source, KC_TIME_NOW);
    assert_int_equal(f->info.signing_time, T2021);
    assert_non_null(f->info.time_note);
    clear_info(&f->info);
    /* A genTime earlier than the signer's own claim proves nothing. */
    run(f, &backdated, NULL, NULL);
    assert_ok(f);
    assert_int_equal(f->info.time_source, KC_TIME_NOW);
    assert_int_equal(f->info.signing_time, T2024);
    assert_non_null(strstr(f->info.time_note, "earlier than the signing time"));
}
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_expired), T(test_expired_since), T(test_revoked),
        T(test_revoked_after_timestamp), T(test_future_time), T(test_at_override),
        T(test_timestamp),
    };
    return cmocka_run_group_tests_name("cms_time", tests, group_setup, group_teardown);
}
