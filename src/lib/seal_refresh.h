/* seal_refresh.h (internal): the documents' revocation data brought up to
 * the sealing time before `seal` covers it (seal_refresh.c). */
#ifndef KC_SEAL_REFRESH_H
#define KC_SEAL_REFRESH_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "kiemchung/validation.h"
#include "zipio.h"

typedef struct kc_seal_refresh kc_seal_refresh;

/* For each signature and timestamp validation/index.json records, the CRLs
 * at hand (trust's directory, its online source) of its chain, current at t
 * and not named yet.  expect: entry → hex of the bag's manifests (the index
 * must be the one they record).  A document whose record keeps CRLs of its
 * signer's CA, none current at t even now, gets a sentence in warnings
 * (owned strings; may be NULL).  *out is NULL when there is nothing to add
 * (or no validation data): the dossier is copied as it is.  0, or an error
 * (KC_EFORMAT: the index changed or unreadable; KC_ENOMEM). */
/* renewal: the warning is worded for `seal --renew`. */
int kc_seal_refresh_new(kc_seal_refresh **out, kc_zr *zr, GHashTable *expect, const kc_trust *trust, int64_t t,
                        bool renewal, GPtrArray *warnings, kc_error *err);
void kc_seal_refresh_free(kc_seal_refresh *r);

/* How many references were added to records, and the new CRL entries
 * (sorted validation/crls/ names) with their bytes. */
size_t kc_seal_refresh_added(const kc_seal_refresh *r);
size_t kc_seal_refresh_new_count(const kc_seal_refresh *r);
const char *kc_seal_refresh_new_name(const kc_seal_refresh *r, size_t i);
const void *kc_seal_refresh_blob(const kc_seal_refresh *r, const char *name, size_t *len);
/* The new bytes of validation/index.json or tagmanifest-sha256.txt, else NULL. */
const char *kc_seal_refresh_replaced(const kc_seal_refresh *r, const char *name, size_t *len);

#endif
