/* kiemchung/review.h: the reviewing authority's table of its communes, one
 * computation for the command line (`kiemchung review`, `index DOSSIER.zip`)
 * and the desk (`kiemchung serve`: GET /api/overview, the .xlsx and CSV
 * exports).
 *
 * For each commune's dossier, without extracting anything to disk:
 *   - the dossier checked as `check --require-seal` checks it (the zip, the
 *     manifests, every file, the validation data, the seal);
 *   - its documents verified again with what it holds (kc_dossier_verify: the
 *     validation data, at the time its timestamped seal proves);
 *   - the evidence report inside linted (report.h);
 *   - criteria 20–22 computed from the outgoing register inside (a CSV or an
 *     Excel workbook under data/) and the documents it lists, a signature
 *     counting only when its certificate belongs to the commune's own People's
 *     Committee; documents whose best signature is indeterminate, or valid
 *     but by another agency's certificate, counted apart;
 *   - beside each, the figure the report claims ("100% văn bản đi đều ký số")
 *     and whether the register bears it out;
 *   - the commune, district, province and year from bag-info.txt and
 *     dossier.json. */
#ifndef KIEMCHUNG_REVIEW_H
#define KIEMCHUNG_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "catalog.h"
#include "dossier.h"
#include "error.h"
#include "ratios.h"
#include "register.h"
#include "report.h"
#include "trust.h"
#include "validation.h"
#include "verify.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kc_review_opts {
    const kc_trust *trust;          /* required: for the seal and the documents */
    const kc_verify_opts *verify;   /* roles, --at, ...; NULL = defaults */
    const kc_zip_limits *limits;    /* NULL = defaults */
    const kc_catalog *catalog;      /* to lint the report against; NULL = without one */
    const char *authority;          /* the reviewing authority as recipients name it
                                       ("UBND huyện Phú Vang"); NULL = by each document's
                                       date: the district before July 2025, the province after */
    int year;                       /* the year under review: a dossier of another year
                                       is flagged; 0 = any */
    bool allow_unsealed;            /* an unsealed dossier is not a problem (a plain
                                       `check`); by default it is (`check --require-seal`) */
    const char *sheet;              /* the register's sheet in a workbook; NULL = the first visible */
    const kc_dossier_events *events;/* progress while checking; NULL = none */
} kc_review_opts;

/* One document of a commune's register. */
typedef struct kc_review_doc {
    const kc_register_row *row;     /* the register's row (number, date, recipients, file) */
    const char *entry;              /* the dossier's entry its file names ("data/…"), or NULL */
    const char *status;             /* "valid" (signed for this commune), "indeterminate",
                                       "other-agency" (validly signed, but only by another
                                       agency's certificates), "invalid", "unsigned", "error"
                                       (not a document, or a file the dossier's check
                                       rejects), "missing" (no file, or not in the dossier),
                                       "same-document" (another row's entry, counted once),
                                       "other-document" (a signed PDF whose own "Số:" line or
                                       year is not the row's), "outside-year" (dated in another
                                       year than the dossier's: listed, not counted) */
    bool counted;                   /* signed for criterion 20 */
    bool leader, org;               /* such a signature by a leader, by the organisation */
    bool to_authority;              /* its recipients name the reviewing authority (22) */
    const char *signers;            /* "Nguyễn Văn An (leader); UBND xã Thủy An (organisation)",
                                       in the JSON's words; NULL when unsigned */
    const char *problem;            /* why it does not count: a reason code of verify.h,
                                       "signed-by-another-agency", "missing", or a sentence;
                                       NULL when it counts */
    const kc_verdict *verdict;      /* the verdict, or NULL when not verified */
    bool outside_year;              /* dated in another year than the dossier's (or
                                       kc_review_opts.year): in no total */
    kc_untied untied;               /* counted by a leader's or organisation's certificate that
                                       does not tie it to the commune (ratios.h), or KC_TIED */
    const char *untied_by;          /* that certificate's signer, or NULL */
} kc_review_doc;

/* What the report claims for a criterion. */
typedef struct kc_review_claim {
    const char *text;               /* the figure as written ("100%", "650/652"); NULL: no claim */
    double percent;                 /* that figure as a percentage */
    int holds;                      /* 1 the register bears it out, 0 it does not, -1 nothing
                                       to compare it with (no register, or no claim) */
} kc_review_claim;

/* One commune.  Everything is borrowed from the kc_review holding it. */
typedef struct kc_review_row {
    const char *dossier;            /* the path given (or the name, kc_review_add_dossier_as);
                                       NULL for a commune that sent nothing */
    const char *commune;            /* as the dossier names it, else the file's name */
    const char *agency;             /* the commune whose certificates count: the one the
                                       dossier names; NULL when it names none (any counts) */
    const char *district, *province;/* NULL when the dossier does not say */
    int year;                       /* 0 when the dossier does not say */
    int64_t submission;             /* the desk's submission id (kc_review_set_submission); 0 none */
    const char *error;              /* why the dossier could not be examined at all, or NULL */
    /* the dossier's check */
    const kc_check *check;          /* problems and seal (NULL with error or no dossier);
                                       includes the documents' "signature" problems */
    size_t problems;                /* the check's problems, the documents' signatures aside */
    const char *seal;               /* "valid", "invalid", "none" */
    /* the report */
    const kc_report *report;        /* NULL when the dossier holds none */
    const kc_lint *lint;            /* its findings; NULL without a report */
    /* criteria 20-22 */
    const char *register_entry;     /* "data/20 Chữ ký số/so-van-ban-di-2021.csv", or NULL */
    const kc_register *reg;         /* NULL when the dossier holds no register */
    const kc_review_doc *docs;      /* one per register row */
    size_t ndocs;
    bool computed;                  /* a register was read: totals and docs mean something */
    const char *register_conflict;  /* not computed because two registers list different documents: the warning saying so */
    const char *register_unread;    /* a CSV or workbook filed under criteria 20-22 not read as the register: why (among warnings) */
    kc_totals totals;               /* other_agency: documents signed only by other agencies'
                                       certificates */
    kc_review_claim claims[3];      /* what the report claims for 20, 21, 22 */
    const char *const *warnings;    /* about the register, the year, the report: plain words */
    size_t nwarnings;
    kc_untied_tally untied;         /* the documents counted by a certificate that does not tie
                                       them to the commune (kc_untied), in each figure */
    const char *untied_said[3];     /* kc_untied_warning's sentences for them (among warnings,
                                       beside the figures), or NULL */
    bool ok;                        /* the dossier checks (and is sealed, unless allowed) and
                                       every document of its register counts as signed */
} kc_review_row;

typedef struct kc_review kc_review;

/* A table to fill; opts is copied (what it points to is borrowed for the
 * table's life). */
int kc_review_new(kc_review **out, const kc_review_opts *opts, kc_error *err);

/* Examines the dossier at path and appends its row.  A dossier that fails its
 * check, or holds no register, is a row that says so; one that cannot be
 * opened at all is a row with error set.  Returns 0, or KC_ENOMEM / KC_EINVAL. */
int kc_review_add_dossier(kc_review *r, const char *path, kc_error *err);
/* The same for a dossier the row calls name (its "dossier", and the commune
 * when the dossier names none): a file kept under another name, such as the
 * desk's content-addressed store, whose path then appears nowhere in the row
 * (name replaces it in the messages too).  NULL name: path. */
int kc_review_add_dossier_as(kc_review *r, const char *path, const char *name, kc_error *err);
/* The same for n dossiers, examined on up to jobs threads at once (the
 * opts' events are not called then), their rows appended in the order given. */
int kc_review_add_dossiers(kc_review *r, const char *const *paths, size_t n, unsigned jobs, kc_error *err);
/* Whether a signature on one of row's documents counts for the commune the
 * dossier names: kc_agency_counts (ratios.h), the rule `index` applies.  For
 * a drill-down that marks each signer. */
bool kc_review_own_signature(const kc_review_row *row, const kc_sig_info *sig);
/* The dossier's check and every signed document's verdict behind row, as
 * kc_dossier_verify gives them (`check --signatures`), for a caller that
 * shows each document too (the desk's worker), so that it need not verify
 * them again; NULL when the dossier could not be examined (error set) or
 * for a commune that sent nothing.  Borrowed from the kc_review holding
 * row; paths in its messages are the path given, not the name. */
const kc_dossier_sigs *kc_review_sigs(const kc_review_row *row);
/* A row for a commune that sent nothing (the desk lists every commune). */
int kc_review_add_missing(kc_review *r, const char *commune, int year, kc_error *err);
/* The desk's submission id for row i, shown as "submission" in its JSON. */
void kc_review_set_submission(kc_review *r, size_t i, int64_t id);

size_t kc_review_count(const kc_review *r);
const kc_review_row *kc_review_get(const kc_review *r, size_t i); /* borrowed */
/* The district's line under the table: what every output of the table
 * (text, page, JSON, CSV, .xlsx) and the desk's overview sum up. */
typedef struct kc_review_sums {
    kc_totals totals;               /* over the rows that have a register (other_agency:
                                       their documents signed only by another agency) */
    size_t counted;                 /* rows that have a register (computed) */
    size_t all_signed;              /* of those, communes with every document signed
                                       (the district's own criterion 20: all_signed/counted) */
    size_t ok;                      /* rows ok */
    size_t rows;                    /* every row */
    kc_untied_tally untied;         /* over the rows that have a register */
    int year;                       /* the one year summed: --year, else the year of most rows
                                       that have a register when they are of several; 0: every
                                       row (of one year, or none says); -1: several years, none
                                       of most rows: nothing summed */
    size_t other_year;              /* rows with a register of another year, not summed */
    const kc_review_row *first_other; /* the first of them (borrowed), or NULL */
    size_t again;                   /* rows with a register of a commune and year another row
                                       sums (a dossier sent again, a copy), not summed: of them
                                       all, the one whose seal is proven the latest is summed, else
                                       the first given */
    const kc_review_row *first_again, *again_of; /* the first of them and the row summed instead */
} kc_review_sums;
/* A district's total is one year's: a dossier of 2020 beside 2021's added
 * its documents to the total, with --year 2021 too, so rows of another year
 * than out->year are left out of every sum but ok and rows (out->other_year).
 * A commune counts once: of its dossiers of a year (sent again, or a copy),
 * the one whose seal is proven the latest is summed, else the first given;
 * the others are left out too (out->again). */
void kc_review_sum(const kc_review *r, kc_review_sums *out);
/* The sentence beside the total when it leaves rows of another year out, or
 * adds none up (free), or NULL. */
char *kc_review_sums_note(const kc_review_sums *s);
/* Rows whose dossier could not be examined at all (error set). */
size_t kc_review_errors(const kc_review *r);
void kc_review_free(kc_review *r);

/* Adds document d to t as a row's totals count it: signed for 20 when it
 * counts, by a leader for 21, sent to the authority for 22, indeterminate
 * or signed only by another agency apart (for a caller that counts a
 * subset, e.g. one year's documents). */
void kc_review_doc_add(kc_totals *t, const kc_review_doc *d);
/* A row's check and seal in a table's words (translated): "ok", "2 problems",
 * "not submitted", "cannot be read" (malloc'd); "valid", "not valid", "none",
 * or "" when there is no dossier to speak of. */
char *kc_review_check_text(const kc_review_row *row);
const char *kc_review_seal_text(const kc_review_row *row);

/* ---- output (review_json.c, review_table.c) ------------------------------------
 *
 * One row as JSON (malloc'd), the object GET /api/overview lists:
 *   {"commune", "district", "province", "year", "dossier", "submission" (only when
 *    set, or null for a commune that sent nothing), "error", "ok",
 *    "check": {"ok", "files", "bytes", "problems": [{"path", "code", "message"}]} | null,
 *    "seal": {"status": "valid"|"invalid"|"none", "valid" (null: none), "signer", "organization",
 *             "signing_time", "time_source", "proven_time", "proven_by"},
 *    "lint": {"criteria", "findings": [{"criterion", "code", "message", "line"}]} | null,
 *    "register": {"path", "sheet", "warnings": [...]} | null,
 *    "documents", "signed", "leader_signed", "to_district", "to_district_signed",
 *    "indeterminate", "other_agency" (null when not computed),
 *    "criteria": {"20": C, "21": C, "22": C}, with C = {"numerator", "denominator",
 *      "percent", "text" (null/"—" when not computed), "claimed", "claimed_percent",
 *      "claim_holds" (true/false, null when there is nothing to compare)},
 *    "warnings": [...],
 *    "noted": signed documents carrying a note (kc_review_row_noted),
 *    "rows": [{"line", "number", "date", "file", "entry", "status", "leader", "org",
 *              "to_district", "signers", "problem", "notes": [messages]}]}
 * Times are ISO 8601 UTC ("2021-06-01T09:05:00Z") or null. */
char *kc_review_row_to_json(const kc_review_row *row);
/* How many of the row's signed documents carry a note (kc_verdict_note:
 * they may look different in another viewer); beside the figures, never in
 * them. */
size_t kc_review_row_noted(const kc_review_row *row);
/* The table: {"year": Y|null, "authority", "communes": [rows], "totals": {"documents",
 * ..., "other_agency", "criteria": {...}}, "communes_counted", "communes_all_signed",
 * "dossiers_ok"} (malloc'd). */
char *kc_review_to_json(const kc_review *r);
/* The table for Excel: one line per commune, headings in the user's language
 * (translated), UTF-8 with a BOM, fields separated by sep, CRLF (malloc'd). */
char *kc_review_to_csv(const kc_review *r, char sep);
/* The same as a workbook (.xlsx) written to path (replaced, whole or not at
 * all): numbers as numbers, percentages as percentages, the headings frozen
 * and filterable. */
int kc_review_write_xlsx(const kc_review *r, const char *path, kc_error *err);

#ifdef __cplusplus
}
#endif
#endif
