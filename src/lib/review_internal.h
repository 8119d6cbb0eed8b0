/* review_internal.h (internal): what the review's files share (review.h):
 * review.c computes a row from a dossier (review_register.c finds its register,
 * review_files.c the files its
 * register names), review_rows.c holds the table and
 * reads the report's claims, review_json.c and review_table.c write it. */
#ifndef KC_REVIEW_INTERNAL_H
#define KC_REVIEW_INTERNAL_H

#include <glib.h>

#include "kiemchung/review.h"
#include "kiemchung/validation.h"
#include "zipio.h"

/* A claimed figure's numbers (docref.h), kept to judge it once the ratio is known. */
typedef struct kc_review_figure {
    bool ratio;                /* "650/652"; else a percentage, or a count when count */
    bool count;                /* "7 văn bản": the register's signed or total count */
    double numerator, denominator, value;
    int decimals, bound;       /* decimals written; +1 "over", -1 "under", 0 exact */
    kc_count_said said;        /* a count: what its words say it counts (docref_said.c) */
    const char *text;          /* as written, in the row's pool */
} kc_review_figure;
/* The figures of one claim kept to judge: every one must hold (rtnum12). */
#define KC_REVIEW_FIGURES 8

/* A row and what it owns; pub's pointers point into it. */
typedef struct kc_review_row_priv {
    kc_review_row pub;
    char *path;                /* where the dossier is read from */
    char *dossier, *commune, *district, *province, *error, *register_entry;
    const char *named;         /* commune when the dossier names it, else NULL (any agency counts) */
    kc_dossier_sigs *sigs;     /* the check and the verdicts */
    kc_report *report;
    kc_lint *lint;
    kc_register *reg;
    bool ambiguous_register;   /* two registers list different documents: nothing computed */
    char *conflict;            /* the warning that says so */
    char *unread;              /* why a CSV or workbook filed under criteria 20-22 was not read as the register */
    GArray *docs;              /* kc_review_doc */
    GPtrArray *warnings;       /* char * */
    GPtrArray *pool;           /* other strings the row points to */
    kc_review_figure figures[3][KC_REVIEW_FIGURES];
    size_t nfigures[3];
    bool reordered[3];         /* the claim's cell holds a control that reorders what is drawn */
} kc_review_row_priv;

struct kc_review {
    kc_review_opts opts;
    GPtrArray *rows;           /* kc_review_row_priv * */
    GHashTable *signed_by;     /* a signature value → the first dossier's row counting it (kc_review_shared) */
};

/* The dossier's payload files, indexed for what a register row names (review_files.c). */
typedef struct kc_review_files {
    const kc_dossier *d;
    GHashTable *exact;   /* path -> index + 1 */
    GHashTable *base;    /* last component -> index + 1, 0 when two share it */
    GHashTable *folded;  /* case-folded path and last component -> index + 1, 0 when shared */
} kc_review_files;
void kc_review_files_init(kc_review_files *f, const kc_dossier *d);
void kc_review_files_clear(kc_review_files *f);
/* The payload file (its index in d) a register row's file names, or -1;
 * *renamed when found only in another case or normalisation. */
int64_t kc_review_files_find(const kc_review_files *f, const char *file, bool *renamed);
/* The addressees on the "Kính gửi:" line of the PDF at entry of the dossier
 * at path (its text read by poppler from its bytes, nothing extracted), one a
 * line (free), or NULL: not a PDF, no text, no such line, or unreadable. */
char *kc_review_files_addressees(const char *path, const char *entry);
/* Whether the PDF entry of the dossier at path is headed in year, with r's
 * number (kc_register_text_dated): r's date a slip of the year. */
bool kc_review_files_dated(const char *path, const char *entry, const kc_register_row *r, int year);
/* A row whose recipients say "Như trên" (as above) names them on its
 * document's "Kính gửi:" line, as index reads a file on disk: *to_authority
 * set when that line, read from entry (NULL: none), names the authority;
 * returns the warning that says what was read, or that nothing could be
 * (g_free). */
char *kc_review_files_as_above(const char *path, const char *entry, const kc_register_row *r, const char *authority,
                               bool *to_authority);

kc_review_row_priv *kc_review_row_new(void); /* empty: no dossier, seal "none", no claims */
/* A row for the dossier at path, not examined yet, called name (NULL: path). */
kc_review_row_priv *kc_review_row_of(const char *path, const char *name);
/* s (may be NULL) with the dossier's path said as the row's name
 * (kc_review_add_dossier_as), malloc'd: for the check's messages, which the
 * row does not own. */
char *kc_review_named(const kc_review_row *row, const char *s);
/* Examines p's dossier with o and makes its public view (review.c); safe on
 * several threads at once, each with its own row. */
void kc_review_examine(kc_review_row_priv *p, const kc_review_opts *o);
void kc_review_row_free(kc_review_row_priv *p);
/* The row's documents counted by a certificate that does not tie them to its
 * commune (pub.untied) and the sentences among its warnings (review_rows.c). */
void kc_review_untied(kc_review_row_priv *p);
/* p, just added to r: a document counted as signed whose signature an
 * earlier dossier of another commune counts already is not signed here. */
void kc_review_shared(kc_review *r, kc_review_row_priv *p);
/* Whether two rows are dossiers of one commune, as each names it with its
 * district (a dossier sent again); false when either names none. */
bool kc_review_same_commune(const kc_review_row *a, const kc_review_row *b);
/* Whether two rows count a signed document with one signature value. */
bool kc_review_share_signed(const kc_review_row *a, const kc_review_row *b);
/* review_same.c: what a signed document is known by (an intact signature's
 * value, k 0; the document it was appended to, k 1), or NULL (the district's
 * shared documents, kc_review_shared); and a row counted as signed whose
 * document an earlier row already counts (kc_twins_take: the same signature,
 * the same document signed again, or the same number in one year) made to
 * count as not signed, with a warning. */
const char *kc_review_sig_key(const kc_sig_info *si, int k);
void kc_review_same_signature(kc_review_row_priv *p, kc_review_doc *doc, kc_twins *twins);
/* The report's claims for 20-22 into p->pub.claims and p->figures: from the
 * report inside, else from dossier.json's copy of its cells (d). */
void kc_review_claims(kc_review_row_priv *p, const kc_dossier *d);
/* Whether each claim holds against the computed ratios (pub.claims[].holds). */
void kc_review_judge_claims(kc_review_row_priv *p);
/* The stable code of a criterion's column for output: 20, 21, 22 → 0, 1, 2. */
#define KC_REVIEW_CRITERION(i) (20 + (i))

/* Finds the dossier's outgoing register (review_register.c): p->reg and
 * p->register_entry, or neither with a warning (p->conflict when two
 * registers list different documents). */
void kc_review_find_register(kc_review_row_priv *p, const kc_dossier *d, kc_zr *zr, const kc_review_opts *o);

#endif
