/* cmd_lint.c: `kiemchung lint`: the claims of a commune's evidence report that
 * the reviewing authority would question, before the report is sent.
 *
 * Findings come from kc_report_lint (report_lint.c): codes are stable, the
 * messages plain words.  Exit 1 when anything is flagged, so a script (or the
 * clerk's batch file) can stop before building the dossier. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static void usage(FILE *out)
{
    fprintf(out, _("Usage: kiemchung lint [OPTION]... REPORT.txt|REPORT.docx\n"
                   "Check a commune's evidence report (tab-separated tables as clerks write them, or\n"
                   "the Word document itself):\n"
                   "claimed percentages against their ratios (650/652 = 99,7%%), the service level\n"
                   "each criterion asks about against its evidence, skipped numbers, criteria marked\n"
                   "as not done (\"Đang học\", \"chưa lắp đặt\") or without evidence, and, against the\n"
                   "criteria catalog, the kind of evidence each criterion expects.\n\n"
                   "  --catalog FILE   the criteria catalog (default: the installed %s)\n"
                   "  --no-catalog     check without a catalog\n"
                   "  --json           print {\"criteria\": N, \"findings\": [{\"criterion\", \"code\", \"message\"}...]}\n"
                   "  -h, --help       show this help\n\n"
                   "Codes: ratio-mismatch, ratio-invalid, evidence-mismatch, evidence-kind, skipped-number,\n"
                   "duplicate-number, not-met, no-evidence, not-in-catalog, name-mismatch.\n"
                   "Exit status: 0 nothing flagged, 1 something flagged, 2 usage or input error.\n"),
            KC_CATALOG_DEFAULT_FILE);
}

int cmd_lint(int argc, char **argv)
{
    enum { OPT_CATALOG = 256, OPT_NO_CATALOG, OPT_JSON };
    static const struct option longopts[] = {
        {"catalog", required_argument, NULL, OPT_CATALOG},
        {"no-catalog", no_argument, NULL, OPT_NO_CATALOG},
        {"json", no_argument, NULL, OPT_JSON},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *catalog_path = NULL;
    bool no_catalog = false, json = false;
    kc_report *report = NULL;
    kc_catalog *catalog = NULL;
    kc_lint *lint = NULL;
    kc_error err = {0};
    int rc = KC_EXIT_USAGE, c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_CATALOG: catalog_path = optarg; break;
        case OPT_NO_CATALOG: no_catalog = true; break;
        case OPT_JSON: json = true; break;
        case 'h': usage(stdout); rc = KC_EXIT_OK; goto out;
        default: usage(stderr); goto out;
        }
    }
    if (optind + 1 != argc) {
        cli_error("lint", optind >= argc ? _("no report given") : _("one report at a time"));
        usage(stderr);
        goto out;
    }
    const char *path = argv[optind];
    if (kc_report_parse_file(&report, path, &err) != 0) {
        cli_error("lint", "%s", err.message);
        goto out;
    }
    if (!no_catalog && cli_load_catalog("lint", &catalog, catalog_path) != 0)
        goto out;
    if (kc_report_lint(&lint, report, catalog, &err) != 0) {
        cli_error("lint", "%s", err.message);
        goto out;
    }
    size_t n = kc_lint_count(lint);
    if (json) {
        char *s = kc_lint_to_json(lint, report);
        if (!s) {
            cli_error("lint", "%s", kc_oom_message());
            goto out;
        }
        puts(s);
        free(s);
    } else {
        size_t numbered = 0;
        for (size_t i = 0; i < kc_report_count(report); i++)
            numbered += *kc_report_get(report, i)->number != 0;
        for (size_t i = 0; i < n; i++) {
            const kc_finding *f = kc_lint_get(lint, i);
            const char *place = kc_report_place(report, f->line);
            if (place) /* a Word report: where the row is in the document */
                printf("%s: %s: %s: %s\n", path, place, f->code, f->message);
            else if (f->line)
                printf("%s:%u: %s: %s\n", path, f->line, f->code, f->message);
            else
                printf("%s: %s: %s\n", path, f->code, f->message);
        }
        if (n == 0)
            printf(_("%s: %zu criteria, nothing flagged\n"), path, numbered);
        else
            printf(_("%s: %zu criteria, %zu findings\n"), path, numbered, n);
    }
    rc = n ? KC_EXIT_CHECK_FAILED : KC_EXIT_OK;
out:
    kc_lint_free(lint);
    kc_catalog_free(catalog);
    kc_report_free(report);
    return rc;
}
