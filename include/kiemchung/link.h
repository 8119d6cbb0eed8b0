/* kiemchung/link.h: filing scanned or signed PDFs under the criteria that cite them.
 *
 * A clerk drops every scan in one folder; `ingest --report` hands the PDFs and the
 * parsed report to kc_link_files.  Each PDF's text is read with poppler-glib
 * (first page, and the last; never the pages between): the head of the first
 * page gives its "Số: …" line (number, type, issuer), its date ("…, ngày 07
 * tháng 02 năm 2020") and its title ("QUYẾT ĐỊNH", "HỢP ĐỒNG", "HOÁ ĐƠN …");
 * the whole text, the addresses it shows.  The file is matched against the
 * report's references:
 *
 *   - a numbered document matches on number, type, issuer and year/date (every
 *     field both sides know must agree; "003" = "3");
 *   - an invoice matches a "Hoá đơn … từ tháng 01 đến tháng 9/2021" reference when
 *     its title says invoice and its date falls in the period;
 *   - a URL matches when the page shows that address (a screenshot printed to PDF).
 *
 * A file is filed under every criterion citing the document it matches (one
 * contract backs eleven criteria).  When it matches two different documents
 * equally well, it is ambiguous and filed nowhere; the candidates are listed.
 * References no file matched are "missing". */
#ifndef KIEMCHUNG_LINK_H
#define KIEMCHUNG_LINK_H

#include <stddef.h>
#include "docref.h"
#include "error.h"
#include "report.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum kc_link_status {
    KC_LINK_MATCHED = 0,    /* filed under criteria */
    KC_LINK_AMBIGUOUS = 1,  /* matches several documents equally: filed nowhere */
    KC_LINK_UNMATCHED = 2,  /* read, but cites nothing in the report */
    KC_LINK_UNREADABLE = 3  /* not a PDF poppler can open (error says why) */
} kc_link_status;

/* What was learned about one file.  Borrowed from the result; strings NFC or NULL. */
typedef struct kc_link_file {
    const char *path;         /* as given */
    kc_link_status status;
    const char *error;        /* KC_LINK_UNREADABLE: why */
    const char *number_line;  /* the "Số: …" line as read, or NULL */
    const kc_docref *self;    /* the document the file says it is (from its Số line,
                                 date and title), or NULL */
    const char *title;        /* the document type line and the one after it */
    const char *const *criteria; /* keys of the criteria it is filed under, report order */
    size_t ncriteria;
    const kc_docref *const *matches; /* MATCHED: the report reference(s) it is
                                        (one per distinct document: normally one);
                                        AMBIGUOUS: the candidates */
    size_t nmatches;
} kc_link_file;

/* A document or invoice the report cites that no file matched (web addresses
 * are not listed: they can be checked online).  One entry per distinct
 * document, with every criterion citing it. */
typedef struct kc_link_missing {
    const kc_docref *ref;           /* borrowed from the report (its first citation) */
    const char *const *criteria;    /* keys, report order */
    size_t ncriteria;
} kc_link_missing;

typedef struct kc_link_result kc_link_result;

/* Reads each of the n PDFs and matches it to r's references.
 * Returns 0 whatever the files turn out to be (an unreadable file is a result);
 * KC_EINVAL for NULL arguments, KC_ENOMEM.  r must outlive the result. */
int kc_link_files(kc_link_result **out, const kc_report *r, const char *const *paths, size_t n,
                  kc_error *err);

size_t kc_link_count(const kc_link_result *res);                       /* == n */
const kc_link_file *kc_link_get(const kc_link_result *res, size_t i); /* in the order given */
size_t kc_link_missing_count(const kc_link_result *res);
const kc_link_missing *kc_link_missing_get(const kc_link_result *res, size_t i);
void kc_link_result_free(kc_link_result *res);

const char *kc_link_status_code(kc_link_status s); /* "matched", "ambiguous", ... */

/* What one PDF says it is, without a report (for `list` and tests): *out is a
 * one-element list, or empty when the page has no Số line, date nor document
 * type; *title (when title is not NULL) the type line and the next, or NULL.
 * KC_EFORMAT when the file cannot be read as a PDF. */
int kc_link_read_pdf(kc_docref_list **out, char **title, const char *path, kc_error *err);

#ifdef __cplusplus
}
#endif
#endif
