/* index.h: what `kiemchung index` computes for one commune, shared by the
 * command (cmd_index.c), the counting (index_commune.c, index_district.c),
 * its output formats (index_output.c, index_html.c) and `kiemchung lint`,
 * which holds a report's claims against it. */
#ifndef KC_CLI_INDEX_H
#define KC_CLI_INDEX_H

#include <stdio.h>

#include "cli.h"

typedef struct index_row {
    const kc_register_row *reg; /* borrowed from the commune's register */
    const char *status;         /* valid, indeterminate, invalid, unsigned, error, missing,
                                   other-agency (valid only by another agency's certificate) */
    bool leader, org, to_authority; /* leader, org: a valid signature of the commune's own */
    char *signers;              /* "Nguyễn Văn An (leader); UBND xã … (org)" or NULL */
    char *signers_local;        /* the same in the user's language, with reasons (text, HTML) */
    char *problem;              /* why not valid (a reason code), or NULL */
    char *other_agency;         /* the other agency whose certificate signed it, or NULL */
    char *other_document;       /* what its signed file's own text says when that is another
                                   document's number or year (set on the verifying thread), or NULL */
    char *text_unread;          /* why its valid PDF's text could not be read, so that its own number
                                   and year went unchecked (set on the verifying thread), or NULL */
    char **values;              /* kc_twin_keys (register.h): its intact signatures' value_sha256, and
                                   KC_TWIN_ORIGINAL followed by their original_sha256 (a strv), or NULL */
    char *signed_after;         /* the day it was first signed when that is after its year, or NULL */
    bool named_own;             /* a valid signature's certificate names the commune's own agency */
    bool anchor_said;           /* a role under an anchor beside the state's roots was said (rtcert21) */
    bool text_year;             /* dated in another year by the register, counted in the year its
                                   document's heading gives (kc_register_row_text_dated) */
    kc_untied untied;           /* the leader's or organisation's certificate that counted it names no
                                   district or province, or not the level of the one the figures are
                                   for (ratios.h: any namesake commune's counts the same) */
    char *untied_by;            /* that certificate's signer, or NULL */
    char *other_committee;      /* no commune known: the commune's committee a valid leader's or
                                   organisation's certificate was made for when that is not the one
                                   the commune's entry reads as (kc_commune_entry_other_committee), or NULL */
    char **notes;               /* a signed document's notes (verify.h kc_note messages: it may look
                                   different in another viewer), a strv, or NULL */
} index_row;

typedef struct commune {
    char *name;                 /* the register's stem or the sub-directory */
    char *source;               /* the register path, or the directory read */
    kc_register *reg;
    index_row *rows;            /* the rows counted */
    size_t n_rows;
    kc_totals totals;
    GPtrArray *warnings;        /* register-level and row warnings, in order */
    kc_review *review;          /* index DOSSIER.zip: the review that owns the rows' register */
    char *agency;               /* the commune whose agency must sign, or NULL when unknown */
    const char *agency_district, *agency_province; /* its places when known (index_opts), or NULL */
    const char *agency_from;    /* "option", "register", "folder", "dossier" */
    char *agency_seen;          /* the organisation on the first certificate of that agency, or NULL */
    char *not_counted;          /* why the commune could not be counted, or NULL */
    bool unreadable;            /* not_counted: its register cannot be read (exit 2 alone) */
    int year;                   /* the year counted: --year, the dossier's, or the year most of
                                   its rows are dated when they are dated in several (index_count);
                                   0: every row */
    GPtrArray *left_out;        /* const kc_register_row *: dated outside year, not counted */
    size_t undated;             /* with --year: rows counted though their date cannot be read */
    size_t found_by[5];         /* counted rows by kc_found */
    bool searched;              /* no file column: documents were looked for by number */
    bool no_register;           /* no register: its documents were read from their text, so the
                                   documents it did not hand in (the unsigned, never scanned) are not
                                   among them: in a district, never "all signed", and said beside
                                   its figures */
    size_t check_problems;      /* index DOSSIER.zip: what the dossier's check found (signatures aside) */
    kc_untied_tally untied;     /* the documents counted so (kc_untied), said beside the figures */
    char *untied_said[3];       /* the warnings saying so (owned by warnings), or NULL */
} commune;

typedef struct index_opts {
    const char *authority;      /* --district / --authority, or NULL for the default */
    int year;                   /* --year, 0 = every year */
    bool verbose;
    bool accept_claimed_time;   /* --accept-claimed-time shaped the verdicts: say so */
    char csv_sep;
    const char *commune;        /* --commune: whose agency must sign */
    bool commune_from_dossier;  /* commune is the dossier's (the desk's dossier submissions) */
    const char *commune_district; /* its district and province when known (the desk's), or NULL */
    const char *commune_province;
    const char *documents;      /* --documents: where a register without a file column's are */
    const char *sheet;          /* --sheet */
} index_opts;

/* index_commune.c */
bool index_is_dir(const char *p);
void index_commune_init(commune *c, const char *name, const char *source);
void index_commune_free(commune *c);
/* Reads the commune's register (or its documents' text): 0, or -1 with *why (g_free). */
int index_load(commune *c, const char *path, const index_opts *o, char **why);
/* Verifies every counted document and adds up the criteria; a commune left
 * with nothing to count gets not_counted.  -1 when out of memory. */
int index_count(commune *c, const kc_trust *trust, const kc_verify_opts *vo, long jobs, const index_opts *o);
/* Adds up the criteria of c's rows, their statuses settled (index_count, and
 * again after index_district_same_signatures). */
void index_total(commune *c);
/* The documents counted by a certificate that does not tie them to the
 * commune (ratios.h kc_untied) into c->untied, and with say the library's
 * sentences among the warnings, replacing those of an earlier count. */
void index_untied(commune *c, bool say);
/* A warning in c's list (index_commune.c). */
void index_warn(commune *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A row's file as the register writes it: relative to the register's folder. */
const char *index_shown_file(const commune *c, const kc_register_row *r);
/* Before the verdicts: a row whose file is an earlier row's (same inode, or
 * the same bytes) counts as not signed (same-document).  -1 when out of
 * memory.  After them: a valid row holding an earlier valid row's signature
 * value counts as not signed too (index_same.c). */
int index_same_documents(commune *c);
void index_same_signatures(commune *c);
/* A district: one signed document (the same signature value) handed in by
 * several communes counts once, for the commune whose own agency's
 * certificate signed it, else the first (in their order) where it counts as
 * signed; each later row counts as not signed
 * (same-document), with a warning in its commune and a note naming the
 * communes that share them.  Totals are added up again. */
void index_district_same_signatures(commune *c, size_t n, GPtrArray *notes);
/* A commune whose name says no commune (a folder "01-thuy-an", a register
 * "so-di.csv"), so that every agency's signature counts for it: in a district
 * (district true), when its documents counted as signed were signed for
 * another commune's committee than the one its name reads as; alone, when
 * they were signed for two communes' committees or more (one register is one
 * commune's): a warning in it saying for whom and what to do.  After
 * index_district_same_signatures. */
void index_other_committees(commune *c, size_t n, bool district);
/* Without --year (given 0), a district whose communes are of several years
 * (the year most of each register's rows are dated): the year of most
 * communes, said in notes; 0 when they are of one year; -1 when no year
 * holds most of them (said).  Runs after the registers are read, before
 * they are counted. */
int index_district_year(commune *c, size_t n, int given, GPtrArray *notes);
/* The year most of a register's dated rows are dated (*best of *dated, in
 * *years years; each may be NULL); 0 when none is dated, -1 on a tie. */
int index_register_year(const kc_register *reg, size_t *best, size_t *dated, unsigned *years);
/* After the rows are counted (index_count, index_dossier): the notes on
 * criterion 22's recipients and the rows left out by --year, and
 * not_counted when nothing was left to count. */
void index_finish(commune *c, const index_opts *o);

/* index_district.c: the communes path holds, appended to communes (an array
 * of commune, each initialised; those already known not to count have
 * not_counted), and notes about copies and stray files.  True for a district. */
bool index_discover(const char *path, GArray *communes, GPtrArray *notes);
/* The numbers and dates of the register at path, one line each (g_free), or
 * NULL when it cannot be read: two registers with the same are one. */
char *index_register_key(const char *path);
/* A district whose entries name one commune twice ("Thủy An" beside "UBND xã
 * Thủy An", kc_commune_same_entry): one row for it, not two (index_same.c).
 * Runs after index_discover, before the registers are read. */
void index_district_same_communes(GArray *communes, GPtrArray *notes);

/* "N signed documents carry a note: …" over the n communes c (no newline;
 * g_free), or NULL when none does: beside the figures, never in them. */
char *index_noted_text(const commune *c, size_t n);

/* Output: one commune, or a district of several. */
void index_print_text(FILE *out, const commune *c, size_t n, const index_opts *o, GPtrArray *notes);
int index_print_json(FILE *out, const commune *c, size_t n, const index_opts *o, GPtrArray *notes);
void index_print_csv(FILE *out, const commune *c, size_t n, const index_opts *o);
int index_print_html(FILE *out, const commune *c, size_t n, const index_opts *o, GPtrArray *notes); /* index_html.c */
/* A dossier's register and documents as commune c, initialised, counted as
 * the review counts them (index_dossier.c): 0; 1 when the dossier holds no
 * register, -1 when it cannot be read, both with *why (g_free). */
int index_dossier(commune *c, const char *path, cli_verify_args *va, const index_opts *o, char **why);
const char *index_criterion_label(int number); /* translated: "outgoing documents signed" */
const char *index_authority_name(const index_opts *o);
const char *index_found_word(kc_found f);      /* translated: "by its file name" */
const char *index_found_code(kc_found f);      /* "column", "name", "text", "document", or NULL */
bool index_is_register_name(const char *name); /* "so-di.csv", "Sổ đi.XLSX"; not "~$…" nor ".…" */
const char *index_agency_text(const commune *c); /* whose signatures count, as people write it */
char *index_date_text(const kc_register_row *r); /* the date in the language's one form, else as written (g_free) */
char *index_problem_text(const index_row *r);  /* why a row does not count, in words, or NULL (g_free) */
/* A district's total over its counted communes, how many communes have every
 * document signed (the district's criterion 20), and how many were counted. */
size_t index_district_totals(const commune *c, size_t n, kc_totals *all, size_t *counted);
/* The sentence saying which communes of a district were read without a
 * register (g_free), or NULL when none was. */
char *index_no_register_text(const commune *c, size_t n);

#endif
