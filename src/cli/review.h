/* review.h: what `kiemchung review` prints (review_output.c) of the table the
 * library computes (kiemchung/review.h), for cmd_review.c. */
#ifndef KC_CLI_REVIEW_H
#define KC_CLI_REVIEW_H

#include <stdio.h>

#include "cli.h"

typedef struct review_print_opts {
    const char *authority;  /* --district, or NULL for the default */
    int year;               /* --year, 0 = any */
    bool verbose;           /* every commune in detail, not only those to review */
} review_print_opts;

/* The table, the totals, then each commune to review in detail. */
void review_print_text(FILE *out, const kc_review *r, const review_print_opts *o);
/* The same as a self-contained page (cli_html.c), printable on A4. */
int review_print_html(FILE *out, const kc_review *r, const review_print_opts *o);

#endif
