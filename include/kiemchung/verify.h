/* kiemchung/verify.h: verdicts on signed documents (PDF, or any file with a
 * detached CMS signature beside it).
 *
 * A signature counts only when every check passes (fail closed): the signature
 * dictionary is well formed, the digest and the signature verify with strong
 * algorithms, the signer chains to a trust anchor at the time a proof of
 * existence gives (an RFC 3161 timestamp, a document timestamp, the caller's
 * --at or poe; without one, now: a claimed signing time proves nothing), and
 * the signature covers the document as it stands (nothing but signing was
 * appended after it).  Each failure has its own reason bit with a stable code.
 * A signature that lacks only a proof of its time (its certificate expired or
 * was revoked since) is indeterminate, neither valid nor invalid. */
#ifndef KIEMCHUNG_VERIFY_H
#define KIEMCHUNG_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "roles.h"
#include "trust.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum kc_status {
    KC_STATUS_VALID = 0,    /* at least one signature is valid */
    KC_STATUS_INVALID = 1,  /* signatures, none valid */
    KC_STATUS_UNSIGNED = 2, /* a readable document without signatures */
    KC_STATUS_ERROR = 3,    /* not readable as a document */
    KC_STATUS_INDETERMINATE = 4 /* none valid, the best lacks only a proof of its time */
} kc_status;

typedef enum kc_sig_kind { KC_SIG_PDF = 0, KC_SIG_DETACHED = 1 } kc_sig_kind;

/* Where the time the chain was checked at came from. */
typedef enum kc_time_source {
    KC_TIME_NOW = 0,       /* no signing time: checked at the current time */
    KC_TIME_CLAIMED = 1,   /* the CMS signingTime: the signer's word only */
    KC_TIME_TIMESTAMP = 2, /* a trusted RFC 3161 timestamp proves it */
    KC_TIME_OVERRIDE = 3,  /* the caller's --at */
    KC_TIME_DOC_TIMESTAMP = 4, /* a trusted document timestamp over the signature's revision */
    KC_TIME_EXTERNAL = 5   /* the caller's proof of existence (opts->poe, e.g. a sealed dossier) */
} kc_time_source;

/* "now", "claimed", "timestamp", "at", "document-timestamp", "external": the
 * JSON spelling (stable). */
const char *kc_time_source_name(kc_time_source source);

/* Reasons a signature is not valid; a signature may have several. */
enum {
    KC_R_BYTERANGE = 1u << 0,       /* /ByteRange malformed or not framing /Contents */
    KC_R_CONTENTS = 1u << 1,        /* /Contents missing or not a CMS SignedData */
    KC_R_DIGEST_MISMATCH = 1u << 2, /* signed bytes do not match messageDigest */
    KC_R_BAD_SIGNATURE = 1u << 3,   /* the signature value does not verify */
    KC_R_WEAK_ALGORITHM = 1u << 4,  /* MD5, SHA-1, RSA under 2048 bits */
    KC_R_UNTRUSTED = 1u << 5,       /* no chain to a trust anchor */
    KC_R_EXPIRED = 1u << 6,         /* a chain certificate expired before the time used */
    KC_R_NOT_YET_VALID = 1u << 7,   /* ... or was not yet valid then */
    KC_R_REVOKED = 1u << 8,         /* revoked by a CRL in the trust directory */
    KC_R_KEY_USAGE = 1u << 9,       /* key usage lacks digitalSignature and nonRepudiation */
    KC_R_MODIFIED = 1u << 10,       /* the document was changed after this signature */
    KC_R_FUTURE_TIME = 1u << 11,    /* the signing time is later than now */
    KC_R_CHAIN = 1u << 12,          /* the chain is broken otherwise (e.g. a non-CA issuer) */
    KC_R_NO_SIGNER_CERT = 1u << 13, /* the signer's certificate is not in the CMS nor the store */
    KC_R_UNSUPPORTED = 1u << 14,    /* a signature format this verifier does not accept */
    KC_R_BAD_TIMESTAMP = 1u << 15,  /* a timestamp is present but does not verify */
    KC_R_NO_PROOF_OF_TIME = 1u << 16 /* expired or revoked since, and nothing proves it is older */
};
#define KC_R_COUNT 17

const char *kc_reason_code(unsigned bit); /* stable code, e.g. "modified-after-signing" */
const char *kc_reason_text(unsigned bit); /* plain words, translated */

/* Everything learned about one signature.  Strings are UTF-8 or NULL. */
typedef struct kc_sig_info {
    kc_sig_kind kind;
    char *field;        /* the PDF field name (/T), NULL for detached */
    char *subfilter;    /* e.g. "adbe.pkcs7.detached" */
    char *signer;       /* subject CN */
    char *title;        /* subject title, OID 2.5.4.12 */
    char *organization; /* subject O */
    char *issuer;       /* issuer CN */
    char *serial;       /* upper-case hex */
    char *fingerprint;  /* SHA-256 of the certificate, lower-case hex */
    kc_role role;
    int64_t signing_time;        /* Unix seconds; 0 when the CMS has none */
    int64_t checked_at;          /* the time the chain was checked at */
    kc_time_source time_source;
    char *digest;                /* "sha256", "sha1", ... */
    uint64_t signed_bytes;       /* bytes the signature covers */
    bool intact;                 /* digest and signature verify, algorithms strong, dictionary sound */
    bool trusted;                /* chain, validity at the time used, key usage, revocation */
    bool covers_document;        /* nothing but signing was added after it */
    bool valid;                  /* all three */
    uint32_t reasons;            /* KC_R_* bits, 0 when valid */
    char *detail;                /* a sentence on the first failure, or NULL */
    /* Proof of existence (EN 319 102-1).  indeterminate: the signature is
     * intact, covers the document, and would be valid but for
     * KC_R_NO_PROOF_OF_TIME (its certificate expired or was revoked since,
     * and nothing proves it was made before). */
    bool indeterminate;
    char *time_proof;            /* what proves checked_at: the TSA, the document timestamp's
                                    field, the caller's poe_source; NULL without a proof */
    char *time_note;             /* why a timestamp that is present proves nothing, or NULL */
    int64_t cert_not_before;     /* the signer's certificate's validity (Unix seconds); 0 when */
    int64_t cert_not_after;      /* no certificate was found */
    char *province;              /* subject ST (stateOrProvinceName), or NULL */
    char *unit;                  /* subject OU (organizationalUnitName), or NULL: where the VGCA
                                    names a commune's committee whose district O names */
    char *value_sha256;          /* SHA-256 of the signature value (lower-case hex), or NULL: two
                                    files holding one signature value are one signed document,
                                    whatever bytes they differ by */
    char *locality;              /* subject L (localityName), or NULL: "huyện Phong Điền" says
                                    whose commune of a shared name the certificate is */
    char *person_mark;           /* what in the subject names a natural person ("pseudonym",
                                    "givenName", "UID=CMND:…"), or NULL: such a certificate is
                                    never the organisation's (kc_signer_id.person_mark) */
    bool pseudonym;              /* the subject holds a pseudonym (OID 2.5.4.65): its names are
                                    the holder's choice */
    char *street;                /* subject street (streetAddress), or NULL: "Thôn 1, xã Thủy An,
                                    huyện Phong Điền" names a district as L does */
    char *original_sha256;       /* SHA-256 of the bytes the document held before the revision holding
                                    this signature was appended (lower-case hex), or NULL when it came in
                                    the file's first revision: two files starting with those bytes are
                                    one document signed twice, whatever their signatures */
    bool issuer_certain;         /* the issuer is a CA of the trust store and the only one there
                                    of its name (asked only with a roles file): a roles file's
                                    serial:… issuer:… line may match */
    bool signing_time_proven;    /* signing_time is the genTime of a timestamp over the signature
                                    that proves, not the signer's claim (whatever time_source
                                    says: with --at the chain is checked at the caller's time) */
    char *anchor;                /* the trust anchor the signer's chain ends in (its CN, else its
                                    O, else its whole name), or NULL when the chain reaches none */
    bool anchor_state;           /* that anchor's key is the government CA's root (VGCA, Ban Cơ
                                    yếu Chính phủ) or the Vietnam National Root CA's, whose CAs
                                    check an official's or an agency's subject: under any other
                                    anchor a role read from the subject is the subject's word
                                    alone (said by verify; rtcert21); true too for a root the
                                    trust directory declares in its state-roots.txt */
    kc_role role_withheld;       /* KC_ROLE_LEADER or KC_ROLE_ORG: the role the subject gives,
                                    not counted because the chain ends in an anchor that is not a
                                    state root (role is then KC_ROLE_PERSON; rtcert22); else
                                    KC_ROLE_PERSON */
    bool subject_unvouched;      /* the chain ends in an anchor that is not a state root and no
                                    roles file line names this very certificate: what its subject
                                    says of a committee (O, OU, title) is that CA's word alone, and
                                    ties the signer to no commune (kc_agency_counts; rtcert22) */
} kc_sig_info;

/* A document timestamp (/SubFilter /ETSI.RFC3161): not a signer, never
 * counted in the ratios, but a proof that every revision it covers existed
 * at gen_time. */
typedef struct kc_timestamp_info {
    char *field;                 /* the PDF field name */
    char *tsa;                   /* the TSA's subject CN */
    int64_t gen_time;            /* the token's genTime, Unix seconds; 0 when unreadable */
    char *digest;                /* the messageImprint algorithm, "sha256" */
    uint64_t signed_bytes;
    bool covers_document;        /* nothing but signing was added after it */
    bool valid;                  /* it proves: verifies, trusted TSA, strong, covers */
    size_t proves;               /* how many of the document's signatures it proves */
    char *detail;                /* why it proves nothing, or NULL */
} kc_timestamp_info;

typedef struct kc_verify_opts {
    int64_t at;          /* check chains at this time (Unix seconds) instead; 0 = off */
    int64_t now;         /* the current time; 0 = time(NULL).  Tests pin it. */
    const kc_roles *roles; /* NULL = built-in rules only */
    bool allow_weak;     /* accept SHA-1 and short RSA (never MD5) */
    /* A proof of existence from outside the document (e.g. the dossier's
     * timestamped seal): every signature existed at poe (Unix seconds; 0 =
     * none).  poe_source says what proves it and is shown in the reports. */
    int64_t poe;
    const char *poe_source;
    /* The old, weaker rule: with no proof of existence the signer's claimed
     * time (signingTime, /M) is the time the chain is checked at. */
    bool accept_claimed_time;
    /* Leave out each signature's original_sha256 (the bytes it was appended
     * to, which index and review compare to count one document signed twice
     * once) and the coverage pass that settles it: `verify`, which counts
     * nothing, sets it (a pass of about a million instructions a signature). */
    bool no_original;
} kc_verify_opts;

typedef struct kc_verdict kc_verdict;

/* Examines every signature of the document at path (a PDF, or any file with
 * path.p7s beside it).  Returns 0 when the document was examined, whatever the
 * verdict (a document that is not a PDF is a verdict with status ERROR);
 * KC_ENOMEM or KC_EINVAL when it could not be.  A change that judges a file
 * otherwise raises SRV_SIGNATURE_RULES (src/server/server.h), so that the
 * desk analyses again what it stored under the old rules. */
int kc_verify_file(kc_verdict **out, const kc_trust *trust, const char *path,
                   const kc_verify_opts *opts, kc_error *err);

/* The same for a document the caller holds open, e.g. an entry of a dossier
 * streamed into a memfd: fd is a regular file, read with pread (its offset
 * is neither used nor moved), name is what the verdict calls it, and p7s
 * (p7s_len bytes, DER or PEM; NULL: none) its detached signature. */
int kc_verify_fd(kc_verdict **out, const kc_trust *trust, const char *name, int fd, const void *p7s,
                 size_t p7s_len, const kc_verify_opts *opts, kc_error *err);

/* A deadline for the calling thread's verifications, seconds from now (the
 * desk sets one per submission; 0 ends it, the default: none): past it,
 * hashing a document's signed bytes stops and kc_verify_file answers KC_ELIMIT
 * (the time allowed for this analysis ran out).  A file can make its own
 * hashing cost grow with the square of its size (thousands of signatures,
 * each leaving out its own gap near the start), so that one submission held
 * a worker for days.  kc_verify_deadline_passed says whether it has passed. */
void kc_verify_deadline(unsigned seconds);
bool kc_verify_deadline_passed(void);

kc_status kc_verdict_status(const kc_verdict *v);
const char *kc_status_name(kc_status status); /* "valid", "invalid", "unsigned", "error", "indeterminate" */
const char *kc_verdict_path(const kc_verdict *v);
const char *kc_verdict_error(const kc_verdict *v); /* why the status is ERROR, else NULL */
bool kc_verdict_has_role(const kc_verdict *v, kc_role role); /* a valid signature with that role */
size_t kc_verdict_count(const kc_verdict *v);
const kc_sig_info *kc_verdict_sig(const kc_verdict *v, size_t i); /* borrowed */
/* The document timestamps (none for detached signatures); borrowed. */
size_t kc_verdict_timestamp_count(const kc_verdict *v);
const kc_timestamp_info *kc_verdict_timestamp(const kc_verdict *v, size_t i);
/* Whether opts->accept_claimed_time shaped this verdict (reports say so). */
bool kc_verdict_accepts_claimed_time(const kc_verdict *v);
void kc_verdict_free(kc_verdict *v);

/* A note on the document beside its verdict: something that makes it read
 * differently in different viewers although nothing changed after signing
 * (a hidden widget that pdf.js draws, a text field whose value is not what
 * its appearance shows, an XFA form, a wrong page count, scripts).  A note
 * never changes a signature's status: valid still means the bytes are as
 * signed.  code is stable (the KC_NOTE_* strings), message plain words,
 * translated, naming the page and field. */
typedef struct kc_note {
    const char *code; /* static */
    char *message;
} kc_note;

#define KC_NOTE_HIDDEN_APPEARANCE "hidden-appearance" /* a hidden widget with an appearance */
#define KC_NOTE_FIELD_VALUE "field-value"             /* a field's value (text, option, radio) is not its /AP */
#define KC_NOTE_XFA "xfa"                             /* the form holds an XFA form */
#define KC_NOTE_PAGE_COUNT "page-count"               /* /Pages /Count is not the tree's pages */
#define KC_NOTE_JAVASCRIPT "javascript"               /* the document holds scripts viewers run */
#define KC_NOTE_FIELD_REDRAWN "field-redrawn"         /* /NeedAppearances: a text field redrawn from /V and /DA */
#define KC_NOTE_PRINT "print-differs"                /* an annotation printed and not shown, or shown and not printed */
#define KC_NOTE_OPTIONAL_CONTENT "optional-content" /* a layer's /Usage says otherwise than its default state */
#define KC_NOTE_DUP_KEY "duplicate-key"            /* a dictionary the catalog reaches, or /Info, names a key twice */
#define KC_NOTE_OBJSTM "object-stream"            /* an entry into an object stream pdf.js or poppler reads otherwise */
#define KC_NOTE_STREAM_DICT "stream-dictionary" /* an annotation or page resources written as an object with a stream */
#define KC_NOTE_PAGE_BOX "page-box"              /* a /CropBox MuPDF, poppler and pdf.js apply otherwise */
#define KC_NOTE_PORTFOLIO "portfolio"            /* a /Collection: Acrobat shows embedded files, not the pages */
#define KC_NOTE_REFERENCE "reference"          /* a reference MuPDF follows and poppler and pdf.js do not */
#define KC_NOTE_PAGE_INHERIT "page-inherit"      /* a page inheriting otherwise in one viewer than another */

size_t kc_verdict_note_count(const kc_verdict *v);
const kc_note *kc_verdict_note(const kc_verdict *v, size_t i); /* borrowed */

/* One JSON object (no newline) in the schema of `verify --json`; caller frees. */
char *kc_verdict_to_json(const kc_verdict *v);

#ifdef __cplusplus
}
#endif
#endif
