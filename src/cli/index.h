/* index.h: what `kiemchung index` computes for one commune, shared by the
 * command (cmd_index.c) and its output formats (index_output.c). */
#ifndef KC_CLI_INDEX_H
#define KC_CLI_INDEX_H

#include <stdio.h>

#include "cli.h"

typedef struct index_row {
    const kc_register_row *reg; /* borrowed from the commune's register */
    const char *status;         /* valid, indeterminate, invalid, unsigned, error, missing */
    bool leader, org, to_authority;
    char *signers;              /* "Nguyễn Văn An (leader); UBND xã … (org)" or NULL */
    char *signers_local;        /* the same in the user's language, with reasons (text, HTML) */
    char *problem;              /* why not valid, or NULL */
} index_row;

typedef struct commune {
    char *name;                 /* the register's stem or the sub-directory */
    char *source;               /* the register path, or the directory read */
    kc_register *reg;
    index_row *rows;
    size_t n_rows;
    kc_totals totals;
    GPtrArray *warnings;        /* register-level and row warnings, in order */
    kc_review *review;          /* index DOSSIER.zip: the review that owns the rows' register */
} commune;

typedef struct index_opts {
    const char *authority;      /* --district / --authority, or NULL for the default */
    int year;                   /* --year, 0 = every year */
    bool verbose;
    bool accept_claimed_time;   /* --accept-claimed-time shaped the verdicts: say so */
    char csv_sep;
} index_opts;

/* Output: one commune, or a district of several. */
void index_print_text(FILE *out, const commune *c, size_t n, const index_opts *o);
int index_print_json(FILE *out, const commune *c, size_t n, const index_opts *o);
void index_print_csv(FILE *out, const commune *c, size_t n, const index_opts *o);
int index_print_html(FILE *out, const commune *c, size_t n, const index_opts *o); /* index_html.c */
/* A dossier's register and documents as commune c (index_dossier.c); -1 said. */
int index_dossier(commune *c, const char *path, cli_verify_args *va, const index_opts *o, const char *sheet);
const char *index_criterion_label(int number); /* translated: "outgoing documents signed" */
const char *index_authority_name(const index_opts *o);
/* A district's total over its communes, and how many communes have every
 * document signed (the district's criterion 20). */
size_t index_district_totals(const commune *c, size_t n, kc_totals *all);

#endif
