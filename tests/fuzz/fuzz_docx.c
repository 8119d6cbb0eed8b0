/* fuzz_docx.c: a Word report as `kiemchung lint` reads one: the package, the
 * styles and numbering, document.xml turned into the report's text form, then
 * parsed, linted (without and with the Huế catalog) and rendered. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_ooxml.h"
#include "kiemchung/catalog.h"
#include "kiemchung/report.h"

static kc_catalog *catalog;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    kc_error err = {0};
    if (kc_catalog_load(&catalog, KC_FUZZ_SOURCE_ROOT "/src/data/" KC_CATALOG_DEFAULT_FILE, &err) != 0) {
        fprintf(stderr, "fuzz_docx: catalog: %s\n", err.message);
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = fuzz_package(data, size);
    char path[64];
    kc_report *r = NULL;
    kc_lint *lint = NULL;
    kc_error err = {0};
    char *s = NULL;

    if (fd < 0)
        return 0;
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    if (kc_report_parse_file(&r, path, &err) != 0) {
        close(fd);
        return 0;
    }
    for (size_t i = 0; i < kc_report_count(r); i++)
        (void)kc_report_place(r, kc_report_get(r, i)->line);
    for (int with = 0; with < 2; with++) {
        if (kc_report_lint(&lint, r, with ? catalog : NULL, &err) == 0) {
            s = kc_lint_to_json(lint, r);
            free(s);
            kc_lint_free(lint);
        }
    }
    if (kc_report_render(&s, r, KC_RENDER_TEXT, &err) == 0)
        free(s);
    s = kc_report_to_json(r);
    free(s);
    kc_report_free(r);
    close(fd);
    return 0;
}
