/* kiemchung/validation.h: keeping a dossier provable for decades.
 *
 * At ingest every signed document that goes into a dossier (a PDF with
 * signatures, a file with a detached FILE.p7s beside it) is verified, and
 * what the verdict rests on is stored inside the dossier, in the tag folder
 * validation/: each signature's and timestamp's certificate chain, the CRLs
 * and OCSP responses consulted, and the verdict itself.  Being tag files,
 * they are covered by tagmanifest-sha256.txt and by the seal.
 *
 * Years later, when every certificate has expired and the CAs' servers are
 * gone, kc_dossier_verify re-verifies every document inside, offline, with
 * only what the dossier holds beside the user's trust anchors (a dossier can
 * bring intermediates, CRLs and OCSP responses, never a root), at the time
 * the dossier's timestamped seal proves (a proof of existence in the sense of
 * ETSI EN 319 102-1), else under the usual rule.
 *
 * Online revocation (kc_online) follows a certificate's CRL distribution
 * points and OCSP responder, caches what it fetched, and is honoured like the
 * offline CRLs; what it fetched at ingest is stored with the dossier. */
#ifndef KIEMCHUNG_VALIDATION_H
#define KIEMCHUNG_VALIDATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "dossier.h"
#include "error.h"
#include "trust.h"
#include "verify.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --- online revocation ----------------------------------------------------- */

typedef struct kc_online kc_online;

/* An online source of revocation data.  cache_dir keeps what it fetched until
 * the answer's nextUpdate (NULL: $XDG_CACHE_HOME/kiemchung/revocation; a
 * folder that cannot be made means no cache).  Returns 0. */
int kc_online_new(kc_online **out, const char *cache_dir, kc_error *err);
/* Why some answers could not be had (unreachable, not a CRL, ...): each
 * message once.  Offline rules applied to those certificates. */
size_t kc_online_failure_count(const kc_online *o);
const char *kc_online_failure(const kc_online *o, size_t i);
/* Answers that came from the network this run (not from the cache). */
size_t kc_online_fetch_count(const kc_online *o);
void kc_online_free(kc_online *o);

/* Makes trust consult online (borrowed: it must outlive the store's use)
 * after its CRLs, for every certificate of every chain it judges. */
int kc_trust_use_online(kc_trust *trust, kc_online *online, kc_error *err);

/* --- building: validation data at ingest ---------------------------------- */

/* Verify every signed document with trust and opts (borrowed until
 * kc_ingest_write) and store what each verdict rests on in validation/.
 * Verification uses opts->now, else $SOURCE_DATE_EPOCH (so that the same
 * inputs give the same bytes), else the clock.  Without this call a dossier
 * gets no new validation data (an update keeps the records of the files it
 * keeps). */
int kc_ingest_validate(kc_ingest *in, const kc_trust *trust, const kc_verify_opts *opts, kc_error *err);

/* A caller that has just verified the source files itself (the desk's page
 * of verdicts) need not have them verified twice: fn is asked for the
 * verdict of the file at src with its detached signature det_src beside it
 * (NULL: none, and none was read), made with the same trust store and the
 * same options, opts->now included; it answers that verdict (borrowed until
 * kc_ingest_write returns) or NULL, and then the file is verified here.
 * Used only when kc_ingest_validate's opts->now is set, so that "now" is one
 * time for both, and only for files read from src (not an updated dossier's
 * own bytes). */
typedef const kc_verdict *(*kc_ingest_verdict_fn)(void *ud, const char *src, const char *det_src);
int kc_ingest_reuse_verdicts(kc_ingest *in, kc_ingest_verdict_fn fn, void *ud, kc_error *err);

/* --- checking: the signatures again, decades later ------------------------ */

typedef struct kc_dossier_sigs kc_dossier_sigs;

/* Checks the dossier as kc_dossier_check does (the seal with the same trust),
 * then re-verifies every document inside: PDFs and files with a .p7s beside
 * them.  The trust is the user's anchors, intermediates and CRLs joined by
 * the dossier's validation data (a self-signed certificate from a dossier is
 * never an anchor).  When the seal is valid and timestamped, its proven time
 * is every document's proof of existence (verify->poe, poe_source set here);
 * verify->at still overrides.  A signed document that is not valid is a
 * problem "signature"; validation data that does not hold together (a record
 * about other bytes, a blob that does not parse) is "validation".  Returns 0
 * when the dossier was examined, whatever it holds; KC_EIO, KC_ENOMEM. */
int kc_dossier_verify(kc_dossier_sigs **out, const char *path, const kc_trust *trust, const kc_check_opts *check,
                      const kc_verify_opts *verify, kc_error *err);

/* The dossier's own check (problems, seal), with the "signature" and
 * "validation" problems added; borrowed. */
const kc_check *kc_dossier_sigs_check(const kc_dossier_sigs *s);
/* The documents re-verified, in archive order; verdict paths are the
 * entries' ("data/..."); borrowed. */
size_t kc_dossier_sigs_count(const kc_dossier_sigs *s);
const kc_verdict *kc_dossier_sigs_verdict(const kc_dossier_sigs *s, size_t i);
/* Whether the dossier holds validation data for document i, and the status
 * recorded when it went in (KC_STATUS_ERROR when there is no record). */
bool kc_dossier_sigs_has_record(const kc_dossier_sigs *s, size_t i);
kc_status kc_dossier_sigs_recorded(const kc_dossier_sigs *s, size_t i);
/* The proof of existence used (0 when none) and what it is (or NULL). */
int64_t kc_dossier_sigs_poe(const kc_dossier_sigs *s, const char **source);
/* The validation data the dossier held: certificates, CRLs, OCSP responses. */
void kc_dossier_sigs_material(const kc_dossier_sigs *s, size_t *certs, size_t *crls, size_t *ocsp);
void kc_dossier_sigs_free(kc_dossier_sigs *s);

#ifdef __cplusplus
}
#endif
#endif
