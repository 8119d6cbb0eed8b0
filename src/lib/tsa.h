/* tsa.h (internal): asking an RFC 3161 timestamp authority for a token, and
 * checking what it answers before anything is written.
 *
 * The request: a SHA-256 imprint of the bytes, a fresh 64-bit nonce,
 * certReq true (the TSA's certificate goes into the token, so the token
 * checks on its own decades later).  The answer must be a TimeStampResp
 * granting it, holding a token whose TSTInfo carries the nonce sent (not a
 * replayed answer) and the imprint sent (not someone else's bytes); then the
 * token is checked as a proof of existence by timestamp.c's rules against
 * the trust store: one that would prove nothing at `check` is refused now. */
#ifndef KC_TSA_H
#define KC_TSA_H

#include <stddef.h>

#include "kiemchung/verify.h"
#include "timestamp.h"

#define KC_TSA_MAX_REPLY (1u << 20)

/* The DER TimeStampReq for imprint (SHA-256) and nonce; malloc'd. */
int kc_tsa_query(unsigned char **out, size_t *len, const unsigned char imprint[32], const unsigned char *nonce,
                 size_t nonce_len, kc_error *err);

/* Checks a DER TimeStampResp against the request and gives the token's DER
 * (malloc'd).  KC_EFORMAT with a sentence when it is not a reply, refuses,
 * holds no token, or carries another nonce or imprint. */
int kc_tsa_reply(unsigned char **token, size_t *toklen, const unsigned char *der, size_t len,
                 const unsigned char imprint[32], const unsigned char *nonce, size_t nonce_len, kc_error *err);

/* The whole exchange for data[0, dlen): query, POST to url (kc_http), reply
 * checked, token checked (res) against trust at vopts' time; the token's DER
 * on success.  Errors name the URL; a token that proves nothing is
 * KC_EINVAL with res->why. */
int kc_tsa_stamp(unsigned char **token, size_t *toklen, kc_ts_result *res, const char *url,
                 const unsigned char *data, size_t dlen, const kc_trust *trust, const kc_verify_opts *vopts,
                 kc_error *err);

#endif
