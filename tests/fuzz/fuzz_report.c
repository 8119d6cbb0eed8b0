/* fuzz_report.c: the commune's report (kc_report_parse_buffer) as it comes in
 * a dossier or from the clerk, then everything built on it: lint (without and
 * with the Huế catalog), the text and HTML tables, and the JSON. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "kiemchung/catalog.h"
#include "kiemchung/report.h"

static kc_catalog *catalog;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    kc_error err = {0};
    if (kc_catalog_load(&catalog, KC_FUZZ_SOURCE_ROOT "/src/data/" KC_CATALOG_DEFAULT_FILE, &err) != 0) {
        fprintf(stderr, "fuzz_report: catalog: %s\n", err.message);
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kc_report *r = NULL;
    kc_lint *lint = NULL;
    kc_error err = {0};
    char *s = NULL;

    if (kc_report_parse_buffer(&r, (const char *)data, size, "fuzz", &err) != 0)
        return 0;
    for (size_t i = 0; i < kc_report_count(r); i++)
        kc_report_find(r, kc_report_get(r, i)->number);
    for (int with = 0; with < 2; with++) {
        if (kc_report_lint(&lint, r, with ? catalog : NULL, &err) == 0) {
            s = kc_lint_to_json(lint, r);
            free(s);
            kc_lint_free(lint);
        }
    }
    if (kc_report_render(&s, r, KC_RENDER_TEXT, &err) == 0)
        free(s);
    if (kc_report_render(&s, r, KC_RENDER_HTML, &err) == 0)
        free(s);
    s = kc_report_to_json(r);
    free(s);
    kc_report_free(r);
    return 0;
}
