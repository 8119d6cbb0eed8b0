/* verify_html.h: the HTML report of `kiemchung verify --html`, gathered one
 * verdict at a time (in output order) and written at the end. */
#ifndef KC_CLI_VERIFY_HTML_H
#define KC_CLI_VERIFY_HTML_H

#include <stdio.h>

#include "cli.h"

typedef struct verify_html verify_html;

verify_html *verify_html_new(void); /* NULL when out of memory */
void verify_html_add(verify_html *h, const kc_verdict *v);
int verify_html_write(const verify_html *h, FILE *f);
void verify_html_free(verify_html *h);

#endif
