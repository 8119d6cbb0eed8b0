/* cmd_review.c: `kiemchung review`: the reviewing authority's table of its
 * communes from the dossiers they sent, one row per commune: the dossier's
 * check and seal, the lint findings of the report inside, criteria 20–22
 * computed from the register and documents inside beside what the report
 * claims, signatures indeterminate or by another agency.  The computation is
 * the library's (kiemchung/review.h), the one the desk (`kiemchung serve`)
 * shows; this file reads the options, finds the dossiers and writes the
 * outputs (text and HTML in review_output.c, CSV, .xlsx and JSON from the
 * library). */
#include <errno.h>
#include <getopt.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "review.h"

#define MAX_DEPTH 16 /* folders inside folders of dossiers */

static void usage(FILE *out)
{
    fprintf(out, "%s", _("Usage: kiemchung review [OPTION]... DIR|DOSSIER.zip...\n"
                         "The reviewing authority's table: one row per commune's dossier (a DIR holds one\n"
                         "dossier per commune, or folders of them), with the dossier's check and seal\n"
                         "(as check --require-seal), the findings of the report inside, criteria 20-22\n"
                         "computed from the outgoing register and documents inside beside the figures the\n"
                         "report claims, and the documents signed with an indeterminate signature or by\n"
                         "another agency's certificate.  Nothing is extracted.\n\n"
                         "  --year YYYY         the year under review: a dossier of another year is flagged\n"
                         "                      and not in the Total (default: the year of most dossiers)\n"
                         "  --district NAME     the reviewing authority as recipients name it (criterion 22)\n"
                         "  --allow-unsealed    an unsealed dossier is not a problem\n"
                         "  --sheet NAME        the register's sheet, when it is an Excel workbook\n"
                         "  --catalog FILE      the criteria catalog for the report's lint; --no-catalog: none\n"
                         "  --json              one JSON object: every commune, the totals\n"
                         "  --csv               the table as CSV (UTF-8 with BOM, opens in Excel)\n"
                         "  --csv-sep C         the CSV separator (default ','; give ';' for Excel in Vietnamese)\n"
                         "  --xlsx FILE         also write the table as an Excel workbook\n"
                         "  --html FILE         also write the table as a page ('-': only the page, on stdout)\n"
                         "  -o, --output FILE   write to FILE (replaced only when complete)\n"
                         "  -v, --verbose       every commune in detail, not only those to review\n"
                         "  --max-size SIZE, --max-ratio N   the archive limits, as for check\n"
                         "  --jobs N            examine N dossiers at a time (default: the number of CPUs)\n"
                         "  -h, --help          show this help\n"));
    cli_verify_usage_titled(out); /* --jobs is above: dossiers, not documents */
    fprintf(out, "%s", _("\nExit status: 0 every dossier checks and every commune's documents are all signed,\n"
                         "1 otherwise, 2 usage or input error (a dossier that cannot be read).\n"));
}

static bool visible(const char *name, void *ud)
{
    (void)ud;
    return name[0] != '.';
}

/* The dossiers under dir, in byte order, folders walked. */
static void collect(const char *dir, GPtrArray *out, int depth)
{
    GPtrArray *names = NULL;
    if (depth > MAX_DEPTH || kc_dir_list(&names, dir, visible, NULL, NULL) != 0)
        return;
    for (guint i = 0; i < names->len; i++) {
        char *p = g_build_filename(dir, names->pdata[i], NULL);
        if (g_file_test(p, G_FILE_TEST_IS_DIR) && !g_file_test(p, G_FILE_TEST_IS_SYMLINK))
            collect(p, out, depth + 1);
        else if (cli_is_dossier(p))
            cli_strings_add(out, p);
        g_free(p);
    }
    g_ptr_array_unref(names);
}

/* The dossiers the arguments name; -1 (said) when one is missing or a folder holds none. */
static int find_dossiers(char **args, int n, GPtrArray *out)
{
    for (int i = 0; i < n; i++) {
        struct stat st;
        if (stat(args[i], &st) != 0) {
            cli_error("review", _("%s: cannot open: %s"), args[i], g_strerror(errno));
            return -1;
        }
        if (!S_ISDIR(st.st_mode)) {
            cli_strings_add(out, args[i]);
            continue;
        }
        guint before = out->len;
        collect(args[i], out, 0);
        if (out->len == before) {
            cli_error("review", _("%s: no dossier in it (a .zip made by kiemchung ingest)"), args[i]);
            return -1;
        }
    }
    return 0;
}

typedef struct outputs {
    bool json, csv;
    char csv_sep;
    const char *output, *html, *xlsx;
} outputs;

static int write_outputs(const kc_review *r, const outputs *w, const review_print_opts *po)
{
    bool html_only = w->html && strcmp(w->html, "-") == 0;
    cli_output out = {0};
    kc_error err = {0};
    int rc = -1;

    if (w->xlsx && kc_review_write_xlsx(r, w->xlsx, &err) != 0) {
        cli_error("review", "%s", err.message);
        return -1;
    }
    if (w->html) {
        cli_output page;
        if (cli_output_open("review", &page, w->html) != 0)
            return -1;
        int wrc = review_print_html(page.f, r, po);
        if (cli_output_close("review", &page, wrc == 0) != 0 || wrc != 0)
            return -1;
    }
    if (html_only)
        return 0;
    if (cli_output_open("review", &out, w->output) != 0)
        return -1;
    if (w->json || w->csv) {
        char *text = w->json ? kc_review_to_json(r) : kc_review_to_csv(r, w->csv_sep);
        fputs(text, out.f);
        if (w->json)
            fputc('\n', out.f);
        free(text);
    } else {
        review_print_text(out.f, r, po);
    }
    rc = ferror(out.f) ? -1 : 0;
    return cli_output_close("review", &out, rc == 0) == 0 ? rc : -1;
}

int cmd_review(int argc, char **argv)
{
    enum { OPT_JSON = 256, OPT_CSV, OPT_CSV_SEP, OPT_XLSX, OPT_HTML, OPT_DISTRICT, OPT_YEAR, OPT_ALLOW_UNSEALED,
           OPT_SHEET, OPT_CATALOG, OPT_NO_CATALOG };
    static const struct option longopts[] = {
        CLI_VERIFY_LONGOPTS, CLI_LIMIT_LONGOPTS, CLI_JOBS_LONGOPTS,
        {"json", no_argument, NULL, OPT_JSON}, {"csv", no_argument, NULL, OPT_CSV},
        {"csv-sep", required_argument, NULL, OPT_CSV_SEP}, {"xlsx", required_argument, NULL, OPT_XLSX},
        {"html", required_argument, NULL, OPT_HTML}, {"district", required_argument, NULL, OPT_DISTRICT},
        {"authority", required_argument, NULL, OPT_DISTRICT}, {"year", required_argument, NULL, OPT_YEAR},
        {"allow-unsealed", no_argument, NULL, OPT_ALLOW_UNSEALED}, {"sheet", required_argument, NULL, OPT_SHEET},
        {"catalog", required_argument, NULL, OPT_CATALOG}, {"no-catalog", no_argument, NULL, OPT_NO_CATALOG},
        {"output", required_argument, NULL, 'o'}, {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
    };
    cli_verify_args va;
    kc_zip_limits lim = {0};
    kc_review_opts ro = {0};
    review_print_opts po = {0};
    outputs w = {.csv_sep = ','};
    const char *catalog_path = NULL;
    bool no_catalog = false;
    kc_catalog *catalog = NULL;
    kc_review *r = NULL;
    GPtrArray *paths = cli_strings_new();
    kc_dossier_events ev;
    cli_events ce;
    kc_error err = {0};
    int rc = KC_EXIT_USAGE, c, taken;

    cli_events_init(&ce, "review", &ev);
    cli_verify_args_init(&va);
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:vh", longopts, NULL)) != -1) {
        char *end = NULL;
        if ((taken = cli_verify_args_option(&va, "review", c, optarg)) == 0)
            taken = cli_limit_option(&lim, "review", c, optarg);
        if (taken < 0)
            goto out;
        if (taken)
            continue;
        switch (c) {
        case OPT_JSON: w.json = true; break;
        case OPT_CSV: w.csv = true; break;
        case OPT_CSV_SEP:
            if (strlen(optarg) != 1) {
                cli_error("review", _("--csv-sep takes one character, such as ';'"));
                goto out;
            }
            w.csv_sep = optarg[0];
            break;
        case OPT_XLSX: w.xlsx = optarg; break;
        case OPT_HTML: w.html = optarg; break;
        case OPT_DISTRICT: ro.authority = po.authority = optarg; break;
        case OPT_YEAR:
            ro.year = po.year = (int)strtol(optarg, &end, 10);
            if (!end || *end || ro.year < 1945 || ro.year > 2200) {
                cli_error("review", _("--year: '%s' is not a year"), optarg);
                goto out;
            }
            break;
        case OPT_ALLOW_UNSEALED: ro.allow_unsealed = true; break;
        case OPT_SHEET: ro.sheet = optarg; break;
        case OPT_CATALOG: catalog_path = optarg; break;
        case OPT_NO_CATALOG: no_catalog = true; break;
        case 'o': w.output = optarg; break;
        case 'v': po.verbose = true; break;
        case 'h': usage(stdout); rc = KC_EXIT_OK; goto out;
        default: usage(stderr); goto out;
        }
    }
    if (w.json && w.csv) {
        cli_error("review", _("--json and --csv cannot be used together"));
        goto out;
    }
    if (w.html && strcmp(w.html, "-") == 0 && (w.json || w.csv || w.output)) {
        cli_error("review", _("--html - writes the page on stdout: it cannot go with --json, --csv or -o"));
        goto out;
    }
    if (optind >= argc) {
        cli_error("review", _("no dossier or directory given"));
        usage(stderr);
        goto out;
    }
    if (find_dossiers(argv + optind, argc - optind, paths) != 0 || cli_verify_args_load(&va, "review") != 0 ||
        (!no_catalog && cli_load_catalog("review", &catalog, catalog_path) != 0))
        goto out;
    ro.trust = va.trust;
    ro.verify = &va.opts;
    ro.limits = &lim;
    ro.catalog = catalog;
    ro.events = &ev;
    if (kc_review_new(&r, &ro, &err) != 0) {
        cli_error("review", "%s", err.message);
        goto out;
    }
    /* One dossier at a time shows its progress; several share the CPUs. */
    if (kc_review_add_dossiers(r, (const char *const *)paths->pdata, paths->len, (unsigned)va.jobs, &err) != 0) {
        cli_events_done(&ce);
        cli_error("review", "%s", err.message);
        goto out;
    }
    cli_events_done(&ce);
    for (size_t i = 0; i < kc_review_count(r); i++)
        if (kc_review_get(r, i)->error)
            cli_error("review", "%s", kc_review_get(r, i)->error);
    if (write_outputs(r, &w, &po) != 0)
        goto out;
    kc_review_sums sums;
    kc_review_sum(r, &sums);
    rc = kc_review_errors(r) ? KC_EXIT_USAGE : sums.ok == sums.rows ? KC_EXIT_OK : KC_EXIT_CHECK_FAILED;
out:
    cli_events_done(&ce);
    kc_review_free(r);
    kc_catalog_free(catalog);
    cli_verify_args_clear(&va);
    g_ptr_array_unref(paths);
    return rc;
}
