/* ltv.h (internal): the validation data a dossier keeps, so that its
 * signatures can be checked again decades later, offline (long-term
 * validation, as PAdES-LTV and ASiC-E archives do).
 *
 * It lives in the tag folder validation/ (see ltv_store.c for the layout):
 * index.json, one record per signed document (its digest, the verdict when it
 * went in, and which certificates, CRLs and OCSP responses that verdict rests
 * on), and those objects themselves, DER, each named by its SHA-256 so that
 * one certificate serves every document it signed.  Being tag files, they are
 * listed in tagmanifest-sha256.txt and covered by the seal's manifest like
 * dossier.json.  ltv_collect.c gathers them at ingest, ltv_ingest.c puts them
 * in the archive, ltv_verify.c re-verifies a dossier with them. */
#ifndef KC_LTV_H
#define KC_LTV_H

#include <glib.h>
#include "json_lib.h"
#include <stdbool.h>
#include <stdint.h>

#include "kiemchung/validation.h"
#include "zipio.h"

#define KC_LTV_DIR "validation/"
#define KC_LTV_INDEX "validation/index.json"
#define KC_LTV_FORMAT "kiemchung-validation"
#define KC_LTV_VERSION 1
/* One object of the validation data (a certificate, a CRL or an OCSP
 * response), and what one dossier may load into a trust store: the store's
 * de-duplication is linear, and every CRL stays parsed in memory. */
#define KC_LTV_MAX_BLOB (32u << 20)
#define KC_LTV_MAX_BLOBS 10000
#define KC_LTV_MAX_TOTAL (256u << 20)

typedef enum kc_ltv_kind { KC_LTV_CERT = 0, KC_LTV_CRL = 1, KC_LTV_OCSP = 2 } kc_ltv_kind;

/* ---- ltv_store.c: names and index.json ---- */

/* "validation/certs/<sha256>.cer", ".../crls/<sha256>.crl", ".../ocsp/<sha256>.ors" for der (g_free). */
char *kc_ltv_blob_name(kc_ltv_kind kind, const unsigned char *der, size_t len);
/* Whether name is such a name; *kind and sha (the digest it claims) filled. */
bool kc_ltv_parse_blob_name(const char *name, kc_ltv_kind *kind, unsigned char sha[32]);
/* The bytes (free()) of the object stored in zr as name, only when name is a
 * blob name and they are what it says: their SHA-256, read whole within
 * KC_LTV_MAX_BLOB.  The one reader of validation/ objects (check, ingest
 * --update, seal), so that none reads another object under a name the
 * index vouches for.  KC_EFORMAT (message names it) when absent, not a blob
 * name, or holding other bytes; KC_ELIMIT, KC_EIO, KC_ENOMEM as reading. */
int kc_ltv_read_blob(char **data, size_t *len, kc_ltv_kind *kind, kc_zr *zr, const char *name, kc_error *err);

/* index.json read back: records by document path. */
typedef struct kc_ltv_index kc_ltv_index;
/* KC_EFORMAT (message says what) when it is not a validation index this
 * version reads: not JSON, another format, a record without a path or a
 * digest, a reference that is not a blob name. */
int kc_ltv_index_parse(kc_ltv_index **out, const char *json, size_t len, kc_error *err);
size_t kc_ltv_index_count(const kc_ltv_index *ix);
JsonObject *kc_ltv_index_record(const kc_ltv_index *ix, size_t i);               /* borrowed */
JsonObject *kc_ltv_index_find(const kc_ltv_index *ix, const char *path);         /* borrowed, or NULL */
/* The blob names a record references (certificates, CRLs, OCSP, of its
 * signatures and timestamps), each once, in a fixed order. */
GPtrArray *kc_ltv_record_blobs(JsonObject *record);
void kc_ltv_index_free(kc_ltv_index *ix);

/* index.json for records (JsonObject*, sorted here by path); free(). */
char *kc_ltv_index_write(GPtrArray *records);

/* The validation folder against the digests the check took (entry name → 32
 * bytes) and the payload manifest (path → hex): every record about a payload
 * file of that digest, every object it names present and holding what its
 * name says, nothing else in the folder.  Problems go to fn ("validation"),
 * except for entries known(ud, name) says the check reports already (changed,
 * missing or extra by the manifests or the seal): one finding per problem. */
void kc_ltv_check_folder(kc_zr *zr, GHashTable *digests, GHashTable *manifest,
                         bool (*known)(void *ud, const char *path), kc_zr_problem_fn fn, void *ud);

/* ---- ltv_collect.c: what a verdict rests on ---- */

/* leaf's chain as far as the trust store and extra take it, whatever its
 * validity (new references; at least leaf).  X509 types come with the
 * caller's OpenSSL headers. */
#ifdef HEADER_X509_H
STACK_OF(X509) *kc_ltv_chain(X509 *leaf, STACK_OF(X509) *extra, const kc_trust *trust);
#endif

/* The record of the document verified as v from the file at path (and
 * path.p7s for a detached signature): named `name` ("data/..."), of SHA-256
 * sha; detached is the .p7s entry's name or NULL.  The chain of every
 * signature and timestamp as the trust store builds it, the CRLs of trust
 * that each issuer signed, and what the online source fetched go to blobs
 * (name → GBytes).  *out is a new JsonObject.  0 or KC_ENOMEM. */
int kc_ltv_collect(JsonObject **out, GHashTable *blobs, const kc_verdict *v, const char *path, const char *name,
                   const char *detached, const unsigned char sha[32], const kc_trust *trust, int64_t validated_at,
                   kc_error *err);

/* ---- ltv_ingest.c: dossier_write.c's hooks ---- */

typedef struct kc_ltv_ingest kc_ltv_ingest;
/* Verifies what kc_ingest_validate asked for and carries over the records of
 * an updated dossier's unchanged files (the payload sorted, before writing). */
int kc_ltv_ingest_prepare(kc_ingest *in, kc_error *err);
/* Called with each entry's final bytes, for the tag manifest. */
typedef void (*kc_ltv_tag_fn)(void *ud, const char *name, const void *data, size_t len);
/* Adds validation/ to the archive (after the payload: index.json takes its
 * digests); nothing when no document is signed. */
int kc_ltv_ingest_write(kc_ingest *in, kc_zw *zw, kc_ltv_tag_fn tag, void *ud, kc_error *err);
void kc_ltv_ingest_free(kc_ltv_ingest *l);

/* ---- ltv_verify.c ---- */

/* Streams entry i of zr into a new file at path (mode 0600); *sha gets its
 * SHA-256.  The limits apply as when checking. */
int kc_ltv_extract_entry(kc_zr *zr, size_t i, const char *path, const kc_zip_limits *lim, unsigned char sha[32],
                         kc_error *err);

/* ---- ltv_verify.c ---- */

/* kc_dossier_verify, and with texts the text of each valid PDF (its first and
 * last pages, read from the bytes verified, on the same thread) for
 * kc_dossier_sigs_text: the review compares a document's own number and year
 * with the register row naming it, as index does for files on disk. */
int kc_dossier_verify_reading(kc_dossier_sigs **out, const char *path, const kc_trust *trust,
                              const kc_check_opts *check, const kc_verify_opts *verify, bool texts, kc_error *err);
/* Verdict i's text (borrowed), or NULL: not asked for, not a valid PDF, no text. */
const char *kc_dossier_sigs_text(const kc_dossier_sigs *s, size_t i);
/* Why verdict i's text could not be read (borrowed): poppler cannot open it,
 * or reading it went over the text reader's limits; else NULL. */
const char *kc_dossier_sigs_text_unread(const kc_dossier_sigs *s, size_t i);

#endif
