/* kiemchung/trust.h: the set of certificates and CRLs a run trusts.
 *
 * Built once per run and shared, read-only, by every verification (also from
 * several threads).  Self-signed certificates become anchors; the others are
 * kept as intermediates that chains may use (tokens often embed only the
 * signer's certificate); CRLs are honoured for the issuers they belong to. */
#ifndef KIEMCHUNG_TRUST_H
#define KIEMCHUNG_TRUST_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kc_trust kc_trust;

int kc_trust_new(kc_trust **out, kc_error *err);

/* Adds a file (PEM with any number of certificates and CRLs, or one DER
 * certificate or CRL) or every such file directly inside a directory (not
 * recursive, so certs/test/ is never picked up with certs/).  Files that hold
 * neither are an error naming the file. */
int kc_trust_add_path(kc_trust *trust, const char *path, kc_error *err);

size_t kc_trust_anchor_count(const kc_trust *trust);
size_t kc_trust_intermediate_count(const kc_trust *trust);
size_t kc_trust_crl_count(const kc_trust *trust);
/* Whether one of the anchors is a root of the state's PKI (the government
 * CA's G2 root, the Vietnam National Root CA: known by their keys): another
 * anchor beside them is one the user added, and a role read under it is said
 * (index, rtcert21). */
bool kc_trust_holds_state_root(const kc_trust *trust);

/* The earliest the real time can be, as the store's CRLs show it: the latest
 * thisUpdate of a CRL signed by an anchor, or by a CA certificate an anchor
 * signed (0 when none; nobody else writes such a CRL).  issuer (when not NULL)
 * gets that CRL's issuer's CN (or O), size bytes at most.  A clock earlier
 * than this is behind (rttime22; the commands that judge take it as now). */
int64_t kc_trust_clock_floor(const kc_trust *trust, char *issuer, size_t size);

void kc_trust_free(kc_trust *trust);

#ifdef __cplusplus
}
#endif
#endif
