/* seal.h (internal): the ASiC-E seal of a dossier: META-INF/ASiCManifest001.xml
 * listing every file's SHA-256, and META-INF/signature001.p7s, a detached CMS
 * signature over that manifest.  OpenSSL objects stay in seal.c (and the
 * verifier's cms_check.c, which checks the signature the way `verify` does). */
#ifndef KC_SEAL_H
#define KC_SEAL_H

#include <stddef.h>
#include "kiemchung/dossier.h"
#include "zipio.h"

#define KC_SEAL_MANIFEST "META-INF/ASiCManifest001.xml"
#define KC_SEAL_SIGNATURE "META-INF/signature001.p7s"

/* The container's own files, which a seal does not list: mimetype, the
 * seal's manifest and signature, and the names reserved for what a
 * timestamp over the seal or a renewal of it will add, as ASiC-E names them:
 * META-INF/timestamp001.tst … timestamp999.tst, META-INF/ASiCArchiveManifest.xml
 * and META-INF/ASiCArchiveManifest001.xml … 999.xml.  Any other entry under
 * META-INF/ is an extra file. */
bool kc_seal_is_container_entry(const char *name);
/* Whether name is one of the reserved names, which this version cannot
 * check yet (so a dossier holding one does not pass as checked). */
bool kc_seal_is_reserved_entry(const char *name);

/* The ASiC manifest (malloc'd XML) for n entries and their SHA-256. */
char *kc_seal_manifest(const char *const *names, const unsigned char (*sha)[32], size_t n);

/* A detached CMS signature (DER, malloc'd) over data with the key and
 * certificate of opts, signing time t. */
int kc_seal_sign(unsigned char **out, size_t *len, const char *data, size_t dlen,
                 const kc_seal_opts *opts, int64_t t, kc_error *err);

/* The SHA-256 the check computed for an entry, or NULL when there is none. */
typedef const unsigned char *(*kc_seal_digest_fn)(void *ud, const char *name);

/* What the dossier says of itself, which the seal must agree with. */
typedef struct kc_seal_rules {
    const char *const *communes; /* every commune the dossier names (dossier.json, bag-info.txt) */
    size_t ncommunes;
    int64_t made;                /* the dossier's own time (Unix seconds); 0 when unknown */
} kc_seal_rules;

/* Checks the seal: the signature over the manifest (info gets the verdict,
 * as `verify` reports signatures); the signer, who must have the
 * organisation role (vopts->roles, else the certificate) and belong to the
 * agency of every commune in rules; the seal's time (claimed or proven),
 * which must not be before rules->made; then that the manifest lists every
 * entry of names[] with the digest the check computed.  info->valid is true
 * only when all of the signature's checks and these rules pass.  Problems go
 * to fn: "seal" for the signature, the signer and the manifest; "changed",
 * "missing" and "extra" for an entry whose digest differs, that is sealed
 * but absent, or that is not sealed.  Returns 0 when examined. */
int kc_seal_verify(const char *manifest, size_t mlen, const unsigned char *p7s, size_t plen,
                   const char *const *names, size_t n, kc_seal_digest_fn digest, void *dud,
                   const kc_trust *trust, const kc_verify_opts *vopts, const kc_seal_rules *rules,
                   kc_sig_info *info, kc_zr_problem_fn fn, void *ud, kc_error *err);

#endif
