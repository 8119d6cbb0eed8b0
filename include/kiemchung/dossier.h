/* kiemchung/dossier.h: evidence dossiers, one zip anyone can open and check.
 *
 * A dossier is at once a BagIt bag (RFC 8493) and an ASiC-E container (ETSI EN
 * 319 162-1): `mimetype` first and stored, `bagit.txt`, the evidence under
 * `data/` (each file once, however many criteria cite it, under the clerk's own
 * name in NFC UTF-8), `manifest-sha256.txt`, `bag-info.txt`, `dossier.json`
 * (criteria → evidence), `index.html` (the same as a page), `report.txt` (the
 * commune's report when one was given), `tagmanifest-sha256.txt`, and once
 * sealed `META-INF/ASiCManifest001.xml` with a CMS signature over it in
 * `META-INF/signature001.p7s`.
 *
 * Building (kc_ingest_*) reads every evidence byte once: SHA-256, CRC-32 and
 * compression in the same pass, memory bounded whatever the file sizes.  The
 * archive is written to a temporary file in the target directory, synced and
 * renamed; the bytes depend only on the inputs (see kc_ingest_write). */
#ifndef KIEMCHUNG_DOSSIER_H
#define KIEMCHUNG_DOSSIER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "catalog.h"
#include "error.h"
#include "trust.h"
#include "verify.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --- what the library tells the caller while it works ------------------- */

typedef struct kc_progress {
    const char *phase;      /* "hashing", "writing", "checking", "extracting" (stable) */
    uint64_t bytes_done, bytes_total;
    size_t files_done, files_total;
    const char *current;    /* the entry being read, or NULL */
} kc_progress;

typedef struct kc_dossier_events {
    /* Called often (every few MiB and per file); the caller throttles. */
    void (*progress)(void *ud, const kc_progress *p);
    /* Warnings and remarks in plain words (translated), e.g. a file that is
     * not under a numbered folder.  Never an error: those are returned. */
    void (*notice)(void *ud, const char *message);
    void *ud;
} kc_dossier_events;

/* --- the dossier as read back --------------------------------------------- */

typedef struct kc_dossier_meta {
    const char *commune;    /* NULL when not given */
    const char *district;   /* the reviewing authority up to 2024 */
    const char *province;   /* the reviewing authority since July 2025 */
    int year;               /* 0 when not given */
} kc_dossier_meta;

/* One citation of a payload file by a criterion.  Strings "" when empty. */
typedef struct kc_evidence {
    size_t file;            /* index for kc_dossier_get_file() */
    const char *reference;  /* "Số: 02/QĐ-UBND ngày 07/02/2020", as given */
    const char *kind;       /* "contract", "decision", "invoice", ... as given */
    const char *note;
    const char *via;        /* "folder", "map", "report" (auto-linked), "update" */
} kc_evidence;

typedef struct kc_dossier_criterion {
    const char *key;        /* what evidence is filed under: "1", "8", "5.1" */
    const char *number;     /* as written in the report ("" for a sub-row) */
    const char *name;       /* "" when no report or catalog names it */
    const char *claimed;    /* the report's evidence cell, "" without a report */
    bool heading;           /* carries no evidence of its own (e.g. 19) */
    const kc_evidence *evidence;
    size_t nevidence;
} kc_dossier_criterion;

typedef struct kc_dossier_file {
    const char *path;       /* "data/Hợp đồng 003.pdf" (NFC) */
    const char *name;       /* the clerk's name for it as found (NFC) */
    uint64_t size;
    const char *sha256;     /* lower-case hex */
    const char *media_type; /* "application/pdf", ... */
    size_t ncitations;      /* criteria citing it; 0 = stored but filed nowhere */
} kc_dossier_file;

typedef struct kc_dossier kc_dossier;

/* Reads bag-info.txt and dossier.json of the dossier at path (no hashing: see
 * kc_dossier_check for that).  KC_EIO when it cannot be read, KC_EFORMAT when
 * it is not a kiemchung dossier, KC_ELIMIT when its tag files are too large. */
int kc_dossier_open(kc_dossier **out, const char *path, kc_error *err);
/* kc_dossier_open, and the dossier's entries judged by the rules check
 * applies to them (names, modes, kinds, dates): KC_EFORMAT naming the first
 * problem when one fails, so what `list` shows is what `check` judged. */
int kc_dossier_open_listed(kc_dossier **out, const char *path, kc_error *err);

const kc_dossier_meta *kc_dossier_get_meta(const kc_dossier *d);
const char *kc_dossier_date(const kc_dossier *d);  /* "2021-10-01T00:00:00Z" */
size_t kc_dossier_criterion_count(const kc_dossier *d);
const kc_dossier_criterion *kc_dossier_get_criterion(const kc_dossier *d, size_t i); /* borrowed */
size_t kc_dossier_file_count(const kc_dossier *d);
const kc_dossier_file *kc_dossier_get_file(const kc_dossier *d, size_t i);          /* borrowed */
/* The report stored in the dossier (malloc'd, NUL-terminated) and its length;
 * *out NULL when the dossier was built without one. */
int kc_dossier_read_report(char **out, size_t *len, const kc_dossier *d, kc_error *err);
/* dossier.json as stored (malloc'd). */
char *kc_dossier_to_json(const kc_dossier *d);
void kc_dossier_free(kc_dossier *d);

/* --- building ---------------------------------------------------------------- */

typedef struct kc_ingest kc_ingest;

int kc_ingest_new(kc_ingest **out, const kc_dossier_events *events, kc_error *err);

/* Commune, district, province, year: NULL / 0 fields leave what is there. */
int kc_ingest_set_meta(kc_ingest *in, const kc_dossier_meta *meta, kc_error *err);

/* The criteria, their names and what to expect, from a catalog (borrowed only
 * during the call).  Without a report, criteria without evidence are those of
 * the catalog. */
int kc_ingest_use_catalog(kc_ingest *in, const kc_catalog *catalog, kc_error *err);

/* The commune's report (the format of commune-report-2021.txt): criteria,
 * their references and claimed figures; it is stored in the dossier as
 * report.txt.  Loose PDFs found by kc_ingest_add_tree are then matched to the
 * report's references (link.h) and filed under every criterion citing them. */
int kc_ingest_use_report(kc_ingest *in, const char *path, kc_error *err);

/* A folder laid out by criterion: SOURCE/<number>[ any name]/<files, any depth>.
 * Hidden files and Office lock files are skipped; files elsewhere are stored
 * but filed nowhere (a notice says so) unless the report links them. */
int kc_ingest_add_tree(kc_ingest *in, const char *dir, kc_error *err);

/* A map CSV (criterion, file, reference, kind, note; a header row; ',' or ';'),
 * file paths relative to the map's own folder. */
int kc_ingest_add_map(kc_ingest *in, const char *csv_path, kc_error *err);

/* One file cited by one criterion (criterion NULL: stored, filed nowhere). */
typedef struct kc_citation {
    const char *criterion, *reference, *kind, *note, *via;
} kc_citation;
int kc_ingest_add_file(kc_ingest *in, const char *path, const kc_citation *cite, kc_error *err);

/* For --update: starts from an existing dossier, keeping its evidence,
 * citations, criteria and report.  Files added afterwards under a name the
 * dossier already has replace that file (its citations are kept).  The old
 * bytes are re-hashed while they are copied: a damaged dossier is refused. */
int kc_ingest_load(kc_ingest *in, const char *dossier_path, kc_error *err);

typedef struct kc_write_opts {
    bool replace;            /* overwrite an existing file (--force, --update) */
    int64_t time;            /* the dossier's time: 0 = $SOURCE_DATE_EPOCH, else the
                                newest modification time of the inputs */
} kc_write_opts;

/* Writes the dossier to path.  KC_EINVAL (message says so) when path exists
 * and !replace.  Afterwards the accessors below describe what was written. */
int kc_ingest_write(kc_ingest *in, const char *path, const kc_write_opts *opts, kc_error *err);

/* The dossier as built so far (valid until the next kc_ingest_* call). */
const kc_dossier *kc_ingest_dossier(const kc_ingest *in);
void kc_ingest_free(kc_ingest *in);

/* Writes a map CSV (UTF-8 with a BOM, for Excel) with one row per criterion of
 * the catalog (or of the report at report_path when not NULL). */
int kc_ingest_write_template(const char *path, const kc_catalog *catalog, const char *report_path,
                             bool replace, kc_error *err);
/* The same, with the separator (',' by default; ';' for Excel in Vietnamese)
 * and, with translated, the headings in the language of the messages
 * ("Tiêu chí", "Tệp", …: the map reader knows both). */
typedef struct kc_template_opts {
    bool replace;
    char sep;
    bool translated;
} kc_template_opts;
int kc_ingest_template_write(const char *path, const kc_catalog *catalog, const char *report_path,
                             const kc_template_opts *opts, kc_error *err);

/* --- checking ------------------------------------------------------------------ */

typedef struct kc_zip_limits {
    uint64_t max_entry;      /* bytes one entry may inflate to (0 = 32 GiB) */
    uint64_t max_total;      /* bytes all entries together (0 = 256 GiB) */
    uint64_t max_entries;    /* 0 = 1,000,000 */
    double max_ratio;        /* inflated/compressed above this is a bomb (0 = 200) */
    uint64_t ratio_floor;    /* entries smaller than this skip the ratio test (0 = 1 MiB) */
} kc_zip_limits;

typedef struct kc_problem {
    const char *path;        /* the entry ("" for the archive as a whole) */
    const char *code;        /* stable: "zip", "not-dossier", "mimetype", "unsafe-name",
                                "duplicate", "symlink", "limit", "corrupt", "changed",
                                "missing", "extra", "bagit", "dossier-json", "seal",
                                "unsealed", "exists" (extract), "validation" (validation/:
                                see validation.h), "signature" (kc_dossier_verify) */
    const char *message;     /* plain words, translated */
} kc_problem;

typedef struct kc_check kc_check;

typedef struct kc_check_opts {
    const kc_zip_limits *limits;     /* NULL = defaults */
    const kc_verify_opts *verify;    /* for the seal; NULL = defaults */
    const kc_dossier_events *events; /* progress; NULL = none */
    bool require_seal;               /* an unsealed dossier is a problem ("unsealed") */
    const kc_catalog *catalog;       /* the criteria catalog an update by a kiemchung before
                                        rtzip13 named rows by (rtzip14); NULL = none */
} kc_check_opts;

/* Checks everything: the zip's layout (one archive for every reader: see
 * zip_layout.h), its names and limits, mimetype, BagIt (bagit.txt,
 * Payload-Oxum, every manifest and tag-manifest hash, missing and extra
 * files), dossier.json against the payload, the validation data (validation.h:
 * every record about a payload file of that digest, every object it names
 * present and what its name says, nothing else there), and the seal if present (against
 * trust, which may be NULL when there is none): a valid signature by the
 * organisation's certificate, of the commune the dossier names, no older than
 * the dossier.  A file that the manifests, dossier.json and the seal all find
 * changed (or missing, or extra) is one problem.  Only mimetype,
 * META-INF/ASiCManifest001.xml, META-INF/signature001.p7s and the names
 * reserved for a timestamp or renewal of the seal are container files; any
 * other entry under META-INF/ is an extra file.  Returns 0 when the dossier
 * was examined, whatever it holds (problems are the result); KC_EIO when the
 * file cannot be opened, KC_ENOMEM. */
int kc_dossier_check(kc_check **out, const char *path, const kc_trust *trust,
                     const kc_check_opts *opts, kc_error *err);
size_t kc_check_problem_count(const kc_check *c);
const kc_problem *kc_check_problem(const kc_check *c, size_t i); /* borrowed */
size_t kc_check_file_count(const kc_check *c);   /* payload files hashed */
uint64_t kc_check_bytes(const kc_check *c);      /* payload bytes hashed */
/* The seal's signature, or NULL when the dossier is not sealed. */
const kc_sig_info *kc_check_seal(const kc_check *c);
void kc_check_free(kc_check *c);

/* --- extracting and sealing ------------------------------------------------------ */

typedef struct kc_extract_opts {
    const kc_zip_limits *limits;     /* NULL = defaults */
    const kc_dossier_events *events;
    const kc_trust *trust;           /* for the seal; NULL = none (a seal is then not valid) */
    const kc_verify_opts *verify;    /* for the seal; NULL = defaults */
    bool require_seal;               /* refuse an unsealed dossier (as check --require-seal) */
    bool force;                      /* unpack a dossier that fails its check (not an unsafe archive) */
    const kc_catalog *catalog;       /* as kc_check_opts's; NULL = none */
    bool scratch;                    /* dir is a scratch copy a crash may lose (the desk's work
                                        tree, removed at its start): nothing flushed (syncfs,
                                        the folders' fsync), which waits for every other write
                                        of the file system; the files still go in by rename */
} kc_extract_opts;

/* Checks the dossier as kc_dossier_check does, then unpacks it under dir
 * (created when missing), never outside it.  Nothing is written when the
 * archive is unsafe (a layout other tools read differently, an absolute
 * path, a ".." component, a backslash, a drive letter, a link, a repeated
 * name, entries beyond the limits: --force does not change that), nor when
 * the check finds any other problem (a broken seal; a changed, missing or
 * extra file; not a dossier) unless force.  Existing files are never
 * overwritten; each file written is compared with the digest the check took.
 * The check's problems and the extraction's are returned in *out. */
int kc_dossier_extract(kc_check **out, const char *path, const char *dir,
                       const kc_extract_opts *opts, kc_error *err);
/* Whether kc_dossier_extract unpacked the files (false: refused, nothing written). */
bool kc_check_unpacked(const kc_check *c);
/* The problem saying the check found no zip to read at all (a copy cut short,
 * not a zip, beyond the limits: nothing inside, the seal included, was read),
 * or NULL.  Borrowed: lives as long as c. */
const kc_problem *kc_check_archive_problem(const kc_check *c);

/* What the library asks for when a key needs it: a token's PIN, or the
 * passphrase of a .p12/.pfx file or an encrypted PEM key. */
typedef enum kc_secret_kind { KC_SECRET_PIN = 0, KC_SECRET_PASSPHRASE = 1 } kc_secret_kind;
/* Writes the secret and a NUL into buf (size bytes); returns 0, or nonzero
 * when there is none (the library then says so).  what names it, translated:
 * "the PIN of token UBND xã Thủy An".  Asked once: a wrong PIN is not retried,
 * since tokens lock after a few. */
typedef int (*kc_secret_fn)(void *ud, kc_secret_kind kind, const char *what, char *buf, size_t size);

typedef struct kc_seal_result kc_seal_result;

typedef struct kc_seal_opts {
    const char *cert;        /* PEM signer certificate; NULL when the key brings one (.p12, token) */
    const char *key;         /* a PEM key (encrypted or not), a .p12/.pfx file, or a pkcs11: URI */
    const char *chain;       /* PEM intermediates to embed, or NULL */
    int64_t time;            /* signing time: 0 = $SOURCE_DATE_EPOCH, else now */
    const kc_dossier_events *events;
    /* Tokens, refusals and timestamps (issue 14). */
    const char *module;      /* the PKCS#11 module for a pkcs11: key; NULL: the URI's
                                module-path, else p11-kit-proxy */
    kc_secret_fn secret;     /* asked for a PIN or passphrase; NULL: none can be given */
    void *secret_ud;
    const kc_trust *trust;   /* what the certificate must chain to (and the TSA's) */
    const kc_verify_opts *verify; /* roles, leader titles, --at, --allow-weak; NULL = defaults */
    bool force;              /* seal despite what `check` would reject; the result's
                                warnings say what */
    const char *tsa;         /* an RFC 3161 timestamp authority's URL, or NULL */
    bool renew;              /* add an archive timestamp over the seal (needs tsa) */
    /* Called once the dossier is written, with what was done (borrowed for the call). */
    void (*done)(void *ud, const kc_seal_result *result);
    void *done_ud;
    const kc_catalog *catalog; /* for the check a renewal needs: as kc_check_opts's */
} kc_seal_opts;

/* What sealing did, for the seal's report. */
struct kc_seal_result {
    const kc_sig_info *seal;      /* the seal as `check` reads it: signer, certificate
                                     validity, time and where it comes from */
    const char *module;           /* the PKCS#11 module used and why, or NULL */
    const char *const *warnings;  /* what --force let through; a dossier naming no commune */
    size_t nwarnings;
    int64_t timestamp;            /* the genTime of the timestamp added (0: none) */
    const char *tsa;              /* its authority, or NULL */
    const char *timestamp_file;   /* --renew: "META-INF/timestamp002.tst"; NULL otherwise */
    int64_t renew_by;             /* when the timestamp added stops proving unless renewed
                                     before: its authority's certificate ends (0: none, unknown) */
    size_t crls_added;            /* seal: CRLs current at the sealing time added to the records
                                     of validation/ (seal3), as references */
    size_t crls_stored;           /* ... of which new files under validation/crls/ */
};

/* Checks the dossier (refusing a damaged one: KC_EFORMAT naming the first
 * problem) and the signer: a certificate that is expired or not yet valid,
 * not for signing, not chaining to opts->trust, or that `check` would reject
 * as the dossier's sealer (a person's, another commune's, dated before the
 * dossier) is refused (KC_EINVAL) unless opts->force.  Then rewrites the
 * dossier with META-INF/ASiCManifest001.xml listing every file's SHA-256 and
 * META-INF/signature001.p7s, a detached CMS signature over that manifest
 * (verifiable with `openssl cms -verify -binary -content ...`), carrying an
 * RFC 3161 timestamp over its signature value when opts->tsa is set (CAdES-T).
 * A previous seal is replaced (a renewed one only with force: its archive
 * timestamps go with it).
 *
 * With opts->renew: the seal is kept and an archive timestamp added over it
 * (ETSI EN 319 162-1 Annex A.7): META-INF/ASiCArchiveManifest.xml, listing
 * every file, the seal's manifest and signature, and the earlier archive
 * manifests and timestamps (the previous ASiCArchiveManifest.xml renamed
 * ASiCArchiveManifestNNN.xml), and META-INF/timestampNNN.tst over it.  The
 * dossier must check clean first.  Nothing is written when anything fails. */
int kc_dossier_seal(const char *path, const kc_seal_opts *opts, kc_error *err);

/* The time the seal is proven to have existed: the earliest of its own
 * timestamp (CAdES-T) and the archive timestamps over it that verify against
 * the trust store; 0 when the dossier is not sealed, its seal is not valid,
 * or nothing proves its time.  *what (may be NULL) gets what proves it
 * ("timestamp by Kiemchung Test TSA", "archive timestamp META-INF/timestamp001.tst …").
 * Every file the seal covers existed then: this is the proof of existence
 * (kc_verify_opts.poe) for the signed documents inside. */
int64_t kc_check_seal_proven_time(const kc_check *c, const char **what);

/* The date by which the seal must be renewed (kiemchung seal --renew) for
 * its proven time to hold: when the certificate of the timestamp authority
 * that vouches for all the rest (the newest archive timestamp that proves,
 * else the seal's own timestamp) or of an authority above it ends.  After
 * that, nothing proves that token older than its authority's end, and it
 * proves nothing.  0 when kc_check_seal_proven_time is 0 or the date is
 * unknown. */
int64_t kc_check_seal_renew_by(const kc_check *c);

/* How many archive timestamps renew the seal (seal --renew); *newest (may be
 * NULL) the newest one's time (0 when it proves nothing); *note (may be NULL)
 * why one of them proves nothing (its authority untrusted or revoked since: a
 * renewal is due), or NULL. */
size_t kc_check_archive_timestamps(const kc_check *c, int64_t *newest, const char **note);

#ifdef __cplusplus
}
#endif
#endif
