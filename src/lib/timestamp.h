/* timestamp.h (internal): RFC 3161 time-stamp tokens, the proofs of existence.
 *
 * A token proves that some bytes existed at its genTime only if everything
 * about it holds: it is over exactly those bytes (its messageImprint), its
 * signature verifies, its TSA chains to a trust anchor at genTime with the
 * critical timeStamping extended key usage, the TSA is not revoked (before
 * genTime for any reason, or ever for a compromise or no stated reason), and
 * its algorithms are strong (the rules of signatures: SHA-1 and RSA of 1024
 * bits or more only with allow_weak, MD5 never).  Signature timestamps are
 * over a SignerInfo's signature value; document timestamps (/SubFilter
 * /ETSI.RFC3161) are over a PDF's byte ranges, whose digest the PDF layer
 * computes with kc_ts_digest_name()'s algorithm. */
#ifndef KC_TIMESTAMP_H
#define KC_TIMESTAMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kiemchung/verify.h"

typedef struct kc_ts_token kc_ts_token;

typedef enum kc_ts_state {
    KC_TS_PROVES = 0, /* genTime is a proof of existence */
    KC_TS_IGNORED = 1, /* over these bytes, but proves nothing (untrusted, weak, revoked, ...) */
    KC_TS_BAD = 2     /* not a token, or not over these bytes */
} kc_ts_state;

typedef struct kc_ts_result {
    kc_ts_state state;
    int64_t gen_time;     /* 0 when unreadable */
    int64_t latest;       /* genTime plus the token's accuracy (RFC 3161 2.4.2): the latest
                           * time the bytes may have been stamped, which is what the token
                           * proves they existed by; set when state is PROVES */
    int64_t tsa_expires;  /* the earliest notAfter of the TSA's certificate and the
                           * authorities above it (the trust anchor aside); set when
                           * state is PROVES */
    int64_t tsa_retired;  /* when a certificate of the TSA's chain was revoked after the token
                           * for a reason that leaves its earlier tokens standing (superseded,
                           * cessationOfOperation, ...): the earliest such time, 0 none; like
                           * an expiry, it asks a proof that the token is older (kc_ts_require_poe) */
    long tsa_retired_reason;
    int64_t tsa_spoken;   /* when a certificate of the TSA's chain has expired by now and its
                           * issuer's CRLs at hand were issued after its end (the CA may have
                           * dropped a compromised TSA since) or went stale: the last time they
                           * still speak of it (-1: never), else 0; a token proven only later
                           * proves nothing (kc_ts_require_poe, cms_revbounds.c) */
    bool tsa_unspoken;    /* the TSA's certificate has expired by now and no CRL of its
                           * issuer is at hand (the token's, the trust store's): nothing
                           * shows it was not revoked before the token's proof (no failure
                           * offline; the dossier's check notes it) */
    char tsa[160];        /* the TSA's subject CN (or O), "" when unknown */
    char digest[32];      /* the messageImprint algorithm, "" when unknown */
    char why[512];        /* a translated sentence when state is not PROVES */
} kc_ts_result;

/* The earliest time a token proving gen_time, give or take its accuracy
 * (latest - gen_time), may have been stamped: genTime less the accuracy.
 * Nothing that covers the token (a later document timestamp, a seal) can be
 * older, and no token it covers younger (rttime16, rttime17). */
static inline int64_t kc_ts_earliest_stamp(int64_t gen_time, int64_t latest)
{
    return gen_time - (latest - gen_time);
}

/* Parses DER (trailing zero padding, as in a PDF /Contents, is ignored).
 * KC_EFORMAT when it is not a SignedData holding a TSTInfo. */
int kc_ts_parse(kc_ts_token **out, const unsigned char *der, size_t len, kc_error *err);
/* Whether the token's own signature verifies with the certificate it names
 * (nothing else: no chain, no time), to tell a changed token from one whose
 * authority is not trusted. */
bool kc_ts_signature_ok(const kc_ts_token *tok);
/* The messageImprint's algorithm as EVP_get_digestbyname() knows it, or NULL. */
const char *kc_ts_digest_name(const kc_ts_token *tok);
void kc_ts_free(kc_ts_token *tok);

/* Checks tok against the bytes it should be over: either data[0, len)
 * (hashed here with the imprint's algorithm) or, when data is NULL, the
 * digest computed elsewhere.  now is the current time (a genTime after it
 * proves nothing).  Never fails: the result says what the token is worth. */
void kc_ts_check(const kc_ts_token *tok, const unsigned char *data, size_t len,
                 const unsigned char *digest, size_t digest_len, const kc_trust *trust,
                 const kc_verify_opts *opts, int64_t now, kc_ts_result *res);

/* The same, for a token that a later one proves existed at `proven` (an
 * archive timestamp over it; 0: none): a revocation of its TSA after that
 * time, even for a compromised key, does not take its proof away. */
void kc_ts_check_proven(const kc_ts_token *tok, const unsigned char *data, size_t len,
                        const unsigned char *digest, size_t digest_len, const kc_trust *trust,
                        const kc_verify_opts *opts, int64_t now, int64_t proven, kc_ts_result *res);

/* A token that proves its time loses that proof when its TSA's certificate
 * (or an authority above it) has expired by now, or was revoked after the
 * token for a reason that is no compromise (tsa_retired), and nothing proves
 * the token existed before that (`proven`, a later document or archive
 * timestamp, the dossier's seal, --at; 0: none): after the expiry or the
 * retirement nobody answers for the key any longer, and whoever gets it can
 * write any genTime (EN 319 102-1 5.6.2.4, as EU DSS applies it).  res then
 * proves nothing and says why. */
void kc_ts_require_poe(kc_ts_result *res, int64_t now, int64_t proven);

/* The earlier of two proofs of existence, 0 standing for none. */
static inline int64_t kc_ts_earliest(int64_t a, int64_t b)
{
    return !a ? b : !b ? a : a < b ? a : b;
}

#endif
