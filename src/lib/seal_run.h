/* seal_run.h (internal): what sealing (dossier_seal.c) and renewing
 * (dossier_renew.c) share: what the dossier says of itself, the signer and
 * its vetting, the warnings --force let through, and the result handed to
 * the caller once the dossier is written. */
#ifndef KC_SEAL_RUN_H
#define KC_SEAL_RUN_H

#include <glib.h>

#include "kiemchung/dossier.h"
#include "keys.h"
#include "seal.h"
#include "zipio.h"

typedef struct kc_seal_run {
    const kc_seal_opts *opts;
    kc_signer *signer;       /* sealing only */
    GPtrArray *communes;     /* the communes the dossier names (owned strings) */
    GPtrArray *districts;    /* its districts and provinces, likewise */
    GPtrArray *provinces;
    int64_t made;            /* the dossier's own time, 0 when unknown */
    GPtrArray *warnings;     /* owned strings */
    kc_sig_info info;        /* the seal as check reads it, once made */
    bool described;
    int64_t ts_time;         /* the timestamp added, 0 when none */
    int64_t ts_expires;      /* when its authority's chain ends (kc_ts_result.tsa_expires), 0 unknown */
    char tsa[160];
    size_t crls_added, crls_stored; /* seal_refresh.c's, for the result */
} kc_seal_run;

int kc_seal_run_new(kc_seal_run **out, const kc_seal_opts *opts, kc_error *err);
void kc_seal_run_free(kc_seal_run *r);

/* The archive's safety and its ASiC mimetype: 0, or -1 with the first
 * problem in first. */
int kc_seal_preflight(kc_zr *zr, char *first, size_t n);

/* Reads dossier.json and bag-info.txt for the communes and the dossier's
 * time; *mtime gets dossier.json's date (0 when unknown). */
void kc_seal_run_learn(kc_seal_run *r, kc_zr *zr, int64_t *mtime);

/* Opens the signer and vets it at time t (kc_seal_vet).  What it finds is
 * refused (KC_EINVAL, every problem in the message) unless opts->force, when
 * each becomes a warning; a dossier naming no commune is a warning too. */
int kc_seal_run_vet(kc_seal_run *r, int64_t t, kc_error *err);

/* The final seal checked as `check` will (for the result). */
int kc_seal_run_describe(kc_seal_run *r, const char *manifest, size_t mlen, const unsigned char *p7s,
                         size_t plen, kc_error *err);

/* With a timestamp added (r->ts_time): the final seal judged as check will
 * judge it, at the token's time and not at --at: refused (KC_EINVAL), or a
 * warning when forced, if its certificate is not valid then (rtzip16). */
int kc_seal_run_vet_token(kc_seal_run *r, const char *manifest, size_t mlen, const unsigned char *p7s, size_t plen,
                          kc_error *err);

/* Calls opts->done with the result: seal (NULL: the one described). */
void kc_seal_run_done(kc_seal_run *r, const kc_sig_info *seal, const char *timestamp_file);

/* dossier_renew.c: kc_dossier_seal with opts->renew. */
int kc_dossier_renew(const char *path, const kc_seal_opts *opts, kc_error *err);

#endif
