/* cmd_lint.c: `kiemchung lint`: the claims of a commune's evidence report that
 * the reviewing authority would question, before the report is sent.
 *
 * Findings come from kc_report_lint (report_lint.c): codes are stable, the
 * messages plain words.  With the outgoing register (--register, or the one a
 * dossier holds when the report is read from the dossier), the claims for
 * criteria 20–22 are held against what `kiemchung index` computes from it.
 * Exit 1 when anything is flagged, so a script (or the clerk's batch file)
 * can stop before building the dossier. */
#include <getopt.h>
#include "json_lib.h"
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"

static void usage(FILE *out)
{
    fprintf(out, _("Usage: kiemchung lint [OPTION]... REPORT.txt|REPORT.docx|DOSSIER.zip\n"
                   "Check a commune's evidence report (tab-separated tables as clerks write them, or\n"
                   "the Word document itself, or the report a dossier holds):\n"
                   "claimed percentages against their ratios (650/652 = 99,7%%), the service level\n"
                   "each criterion asks about against its evidence, skipped numbers, criteria marked\n"
                   "as not done (\"Đang học\", \"chưa lắp đặt\") or without evidence, and, against the\n"
                   "criteria catalog, the kind of evidence each criterion expects and figures that\n"
                   "count the same thing in two criteria.\n\n"
                   "  --catalog FILE   the criteria catalog (default: the installed %s)\n"
                   "  --no-catalog     check without a catalog\n"
                   "  --register FILE  the outgoing register (CSV or workbook): the claims for criteria\n"
                   "                   20-22 are compared with what `kiemchung index` computes from it\n"
                   "                   (a dossier's own register is used without this option)\n"
                   "  --sheet, --commune, --district, --year, --documents   as for `kiemchung index`\n"
                   "  --json           print {\"criteria\": N, \"findings\": [{\"criterion\", \"code\", \"message\"}...]}\n"
                   "  -h, --help       show this help\n\n"
                   "Codes: ratio-mismatch, ratio-invalid, evidence-mismatch, evidence-kind, skipped-number,\n"
                   "duplicate-number, not-met, no-evidence, not-in-catalog, name-mismatch, figures-disagree,\n"
                   "register-mismatch, reordered-text.\n"
                   "Exit status: 0 nothing flagged, 1 something flagged, 2 usage or input error.\n"),
            KC_CATALOG_DEFAULT_FILE);
    fprintf(out, "%s", _("\nWith a register, its documents are verified as `kiemchung verify` does:\n"));
    cli_verify_usage(out, true);
}

/* The report a dossier holds, and the year it is for (0: it does not say). */
static int read_dossier(kc_report **report, int *year, const char *path)
{
    kc_dossier *d = NULL;
    kc_error err = {0};
    char *text = NULL;
    size_t len = 0;
    int rc = -1;

    if (kc_dossier_open(&d, path, &err) != 0 || kc_dossier_read_report(&text, &len, d, &err) != 0) {
        cli_error("lint", "%s", err.message);
        goto out;
    }
    if (!text) {
        cli_error("lint", _("%s: the dossier holds no report (build it with ingest --report)"), path);
        goto out;
    }
    char *name = g_strdup_printf("%s: report.txt", path);
    int prc = kc_report_parse_buffer(report, text, len, name, &err);
    g_free(name);
    if (prc != 0) {
        cli_error("lint", "%s", err.message);
        goto out;
    }
    *year = kc_dossier_get_meta(d)->year;
    rc = 0;
out:
    free(text);
    kc_dossier_free(d);
    return rc;
}

/* Criteria 20–22 from the register (reg_path), or from the one the dossier
 * holds (as `index DOSSIER.zip` counts it: index_dossier.c), held against the
 * report's claims: 0, 1 when the register has nothing to count (said), 2
 * when the dossier holds no register (nothing to hold the claims against),
 * -1 on an input error. */
static int lint_register(kc_lint *lint, const kc_report *report, const char *reg_path, const char *dossier,
                         const index_opts *io, cli_verify_args *va, kc_ratio got[3])
{
    commune c;
    char *why = NULL, *shown = NULL;
    kc_error err = {0};
    int rc = -1, lr;

    index_commune_init(&c, "", reg_path ? reg_path : dossier);
    if (reg_path) {
        if (index_load(&c, reg_path, io, &why) != 0) {
            cli_error("lint", "%s", why);
            goto out;
        }
        if (index_count(&c, va->trust, &va->opts, va->jobs, io) != 0) {
            cli_error("lint", "%s", kc_oom_message());
            goto out;
        }
        shown = g_path_get_basename(reg_path);
    } else {
        lr = index_dossier(&c, dossier, va, io, &why);
        /* rtzip5: what the dossier's check found (the documents' own
         * signatures aside, which the register's figures say) is a finding:
         * a register changed or taken out after sealing is left unread, and
         * its claims were then held against nothing, "nothing flagged". */
        const kc_review_row *row = c.review ? kc_review_get(c.review, 0) : NULL;
        size_t before = kc_lint_count(lint);
        for (size_t i = 0; lr >= 0 && row && row->check && i < kc_check_problem_count(row->check); i++) {
            const kc_problem *p = kc_check_problem(row->check, i);
            if (strcmp(p->code, "signature") != 0 && kc_lint_add_dossier_problem(lint, p->path, p->message, &err) != 0) {
                cli_error("lint", "%s", err.message);
                goto out;
            }
        }
        /* A seal that is not valid for no file's sake (another commune's, a
         * person's certificate): said once. */
        const kc_sig_info *seal = lr >= 0 && row && row->check ? kc_check_seal(row->check) : NULL;
        if (seal && !seal->valid && kc_lint_count(lint) == before &&
            kc_lint_add_dossier_problem(lint, "META-INF/signature001.p7s",
                                        _("the seal is not valid (kiemchung check says why)"), &err) != 0) {
            cli_error("lint", "%s", err.message);
            goto out;
        }
        if (lr != 0) {
            if (lr < 0)
                cli_error("lint", "%s", why);
            rc = lr < 0 ? -1 : 2;
            goto out;
        }
        shown = g_path_get_basename(kc_review_get(c.review, 0)->register_entry);
    }
    if (c.not_counted) {
        cli_error("lint", "%s", c.not_counted);
        rc = 1;
        goto out;
    }
    for (int k = 0; k < 3; k++)
        got[k] = kc_totals_criterion(&c.totals, 20 + k);
    if (kc_report_lint_register(lint, report, got, shown, &err) != 0) {
        cli_error("lint", "%s", err.message);
        goto out;
    }
    rc = 0;
out:
    g_free(why);
    g_free(shown);
    index_commune_free(&c);
    return rc;
}

int cmd_lint(int argc, char **argv)
{
    enum { OPT_CATALOG = 256, OPT_NO_CATALOG, OPT_JSON, OPT_REGISTER, OPT_SHEET, OPT_COMMUNE, OPT_DISTRICT, OPT_YEAR,
           OPT_DOCUMENTS };
    static const struct option longopts[] = {
        CLI_VERIFY_LONGOPTS, CLI_JOBS_LONGOPTS,
        {"catalog", required_argument, NULL, OPT_CATALOG},
        {"no-catalog", no_argument, NULL, OPT_NO_CATALOG},
        {"json", no_argument, NULL, OPT_JSON},
        {"register", required_argument, NULL, OPT_REGISTER},
        {"sheet", required_argument, NULL, OPT_SHEET},
        {"commune", required_argument, NULL, OPT_COMMUNE},
        {"district", required_argument, NULL, OPT_DISTRICT},
        {"year", required_argument, NULL, OPT_YEAR},
        {"documents", required_argument, NULL, OPT_DOCUMENTS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *catalog_path = NULL, *reg_path = NULL;
    bool no_catalog = false, json = false, compared = false;
    kc_report *report = NULL;
    kc_catalog *catalog = NULL;
    kc_lint *lint = NULL;
    kc_error err = {0};
    cli_verify_args va;
    index_opts io = {.csv_sep = ','};
    int dossier_year = 0;
    kc_ratio got[3] = {{0, 0}, {0, 0}, {0, 0}};
    int rc = KC_EXIT_USAGE, c, taken;

    cli_verify_args_init(&va);
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        char *end = NULL;
        if ((taken = cli_verify_args_option(&va, "lint", c, optarg)) < 0)
            goto out;
        if (taken)
            continue;
        switch (c) {
        case OPT_CATALOG: catalog_path = optarg; break;
        case OPT_NO_CATALOG: no_catalog = true; break;
        case OPT_JSON: json = true; break;
        case OPT_REGISTER: reg_path = optarg; break;
        case OPT_SHEET: io.sheet = optarg; break;
        case OPT_COMMUNE: io.commune = optarg; break;
        case OPT_DISTRICT: io.authority = optarg; break;
        case OPT_DOCUMENTS: io.documents = optarg; break;
        case OPT_YEAR:
            io.year = (int)strtol(optarg, &end, 10);
            if (!end || *end || io.year < 1945 || io.year > 2200) {
                cli_error("lint", _("--year: '%s' is not a year"), optarg);
                goto out;
            }
            break;
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
    bool dossier = cli_is_dossier(path);
    if ((reg_path || dossier) && cli_verify_args_load(&va, "lint") != 0)
        goto out;
    if (dossier) {
        if (read_dossier(&report, &dossier_year, path) != 0)
            goto out;
        if (!reg_path && !io.year)
            io.year = dossier_year; /* its own register is counted for its year */
    } else if (kc_report_parse_file(&report, path, &err) != 0) {
        cli_error("lint", "%s", err.message);
        goto out;
    }
    if (!no_catalog && cli_load_catalog("lint", &catalog, catalog_path) != 0)
        goto out;
    if (kc_report_lint(&lint, report, catalog, &err) != 0) {
        cli_error("lint", "%s", err.message);
        goto out;
    }
    if (reg_path || dossier) {
        int lr = lint_register(lint, report, reg_path, reg_path ? NULL : path, &io, &va, got);
        if (lr < 0)
            goto out;
        if (lr == 1) {
            rc = KC_EXIT_CHECK_FAILED;
            goto out;
        }
        compared = lr == 0;
    }
    size_t n = kc_lint_count(lint);
    if (json) {
        char *s = kc_lint_to_json(lint, report);
        if (!s) {
            cli_error("lint", "%s", kc_oom_message());
            goto out;
        }
        if (compared) {
            /* What the register gave, beside the findings. */
            JsonBuilder *b = json_builder_new();
            json_builder_begin_object(b);
            kc_json_add_members(b, s);
            json_builder_set_member_name(b, "register");
            json_builder_begin_object(b);
            for (int k = 0; k < 3; k++) {
                char key[4], text[16];
                snprintf(key, sizeof key, "%d", 20 + k);
                json_builder_set_member_name(b, key);
                json_builder_begin_object(b);
                kc_json_add_int(b, "numerator", (int64_t)got[k].numerator);
                kc_json_add_int(b, "denominator", (int64_t)got[k].denominator);
                kc_json_add_str(b, "text", kc_ratio_format(got[k], text, sizeof text));
                json_builder_end_object(b);
            }
            json_builder_end_object(b);
            json_builder_end_object(b);
            free(s);
            s = kc_json_finish(b, false);
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
        if (compared) {
            char p[3][16];
            printf(_("%s: the register gives criterion 20 %zu/%zu (%s), 21 %zu/%zu (%s), 22 %zu/%zu (%s)\n"), path,
                   got[0].numerator, got[0].denominator, kc_ratio_format_local(got[0], p[0], sizeof p[0]), got[1].numerator,
                   got[1].denominator, kc_ratio_format_local(got[1], p[1], sizeof p[1]), got[2].numerator, got[2].denominator,
                   kc_ratio_format_local(got[2], p[2], sizeof p[2]));
        }
        char *crits = g_strdup_printf(ngettext("%zu criterion", "%zu criteria", numbered), numbered);
        if (n == 0)
            /* TRANSLATORS: the report, "N criteria". */
            printf(_("%s: %s, nothing flagged\n"), path, crits);
        else
            /* TRANSLATORS: the report, "N criteria", then the number of findings. */
            printf(ngettext("%s: %s, %zu finding\n", "%s: %s, %zu findings\n", n), path, crits, n);
        g_free(crits);
    }
    rc = n ? KC_EXIT_CHECK_FAILED : KC_EXIT_OK;
out:
    kc_lint_free(lint);
    kc_catalog_free(catalog);
    kc_report_free(report);
    cli_verify_args_clear(&va);
    return rc;
}
