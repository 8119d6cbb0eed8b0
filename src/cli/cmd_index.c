/* cmd_index.c: `kiemchung index`: criteria 20–22 computed from the outgoing
 * register and the documents themselves, for a commune or a whole district
 * (the options and the run; index_commune.c counts, index_district.c finds
 * the communes, index_output.c and index_html.c print). */
#include <getopt.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "index.h"

static void usage(FILE *out)
{
    fprintf(out, _("Usage: kiemchung index [OPTION]... [--register FILE.csv|FILE.xlsx | DIR]\n"
                   "Compute criteria 20-22 (signed outgoing documents) from the outgoing register\n"
                   "(sổ đăng ký văn bản đi: the Excel workbook, or exported from Excel as CSV) and the\n"
                   "documents it lists.\n\n"
                   "  --register PATH     the register (CSV or workbook), or a directory: one register in\n"
                   "                      it makes a commune; several registers or sub-directories with\n"
                   "                      a register make a district (one commune each); none at all:\n"
                   "                      the register is rebuilt from the PDFs' text (number, date,\n"
                   "                      Nơi nhận)\n"
                   "  --sheet NAME        the register's sheet in an Excel workbook (.xlsx; default: the\n"
                   "                      sheet Excel opens it on, else the first visible one)\n"
                   "  --district NAME     the reviewing authority as recipients name it, e.g.\n"
                   "                      \"UBND huyện Phú Vang\" or, since July 2025, \"UBND tỉnh …\"\n"
                   "                      (default: the district before 1 July 2025, the province after)\n"
                   "  --year YYYY         count only documents dated in that year (the others are listed\n"
                   "                      as left out; those whose date cannot be read are counted)\n"
                   "  --commune NAME      the commune whose agency must sign, e.g. \"Xã Thủy An\" (default:\n"
                   "                      the one the register's or its folder's name says, as\n"
                   "                      \"so-di-xa-thuy-an.csv\"): a signature by another agency's\n"
                   "                      certificate does not count\n"
                   "  --documents DIR     where the documents of a register without a file column are\n"
                   "                      (default: the register's folder); each is found by its number\n"
                   "  --json              one JSON object with the ratios and every row\n"
                   "  --csv               the per-row table and the criteria as CSV for Excel (UTF-8 with\n"
                   "                      BOM), in the language of the messages\n"
                   "  --csv-sep C         the CSV separator (default ','; give ';' for Excel in Vietnamese)\n"
                   "  --html FILE         also write a report page for a browser or printing: the criteria\n"
                   "                      with bars and every document ('-': only the page, on stdout)\n"
                   "  -o, --output FILE   write to FILE (replaced only when complete)\n"
                   "  -v, --verbose       list every document, not only those not signed\n"
                   "  -h, --help          show this help\n"));
    fprintf(out, "%s", _("\nThe documents are verified as `kiemchung verify` does; indeterminate documents,\n"
                         "whose signing time nothing proves, are counted apart and never as signed:\n"));
    cli_verify_usage(out, true);
    fprintf(out, "%s", _("\nA dossier (DOSSIER.zip, made by kiemchung ingest) is read inside, nothing extracted: its\n"
                         "register and documents, verified with the validation data it holds.\n"));
    fprintf(out, "%s", _("\nExit status: 0 every document signed, 1 some are not (or nothing could be counted),\n"
                         "2 usage or input error.\n"));
}

int cmd_index(int argc, char **argv)
{
    enum { OPT_REGISTER = 256, OPT_JSON, OPT_CSV, OPT_CSV_SEP, OPT_DISTRICT, OPT_YEAR, OPT_HTML, OPT_SHEET, OPT_COMMUNE,
           OPT_DOCUMENTS };
    static const struct option longopts[] = {
        CLI_VERIFY_LONGOPTS, CLI_JOBS_LONGOPTS, {"register", required_argument, NULL, OPT_REGISTER},
        {"json", no_argument, NULL, OPT_JSON}, {"csv", no_argument, NULL, OPT_CSV},
        {"html", required_argument, NULL, OPT_HTML},
        {"csv-sep", required_argument, NULL, OPT_CSV_SEP}, {"district", required_argument, NULL, OPT_DISTRICT},
        {"authority", required_argument, NULL, OPT_DISTRICT}, {"year", required_argument, NULL, OPT_YEAR},
        {"commune", required_argument, NULL, OPT_COMMUNE}, {"documents", required_argument, NULL, OPT_DOCUMENTS},
        {"output", required_argument, NULL, 'o'}, {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'}, {"sheet", required_argument, NULL, OPT_SHEET}, {NULL, 0, NULL, 0},
    };
    GArray *communes = g_array_new(FALSE, TRUE, sizeof(commune));
    GPtrArray *notes = cli_strings_new();
    cli_verify_args va;
    const char *reg_path = NULL, *output = NULL, *html_path = NULL;
    index_opts io = {.csv_sep = ','};
    bool json = false, csv = false, district;
    cli_output out = {0};
    int rc = KC_EXIT_USAGE, c, taken;

    cli_verify_args_init(&va);
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:vh", longopts, NULL)) != -1) {
        char *end = NULL;
        if ((taken = cli_verify_args_option(&va, "index", c, optarg)) < 0)
            goto out;
        if (taken)
            continue;
        switch (c) {
        case OPT_REGISTER: reg_path = optarg; break;
        case OPT_SHEET: io.sheet = optarg; break;
        case OPT_JSON: json = true; break;
        case OPT_CSV: csv = true; break;
        case OPT_HTML: html_path = optarg; break;
        case OPT_COMMUNE: io.commune = optarg; break;
        case OPT_DOCUMENTS: io.documents = optarg; break;
        case OPT_CSV_SEP:
            if (strlen(optarg) != 1) {
                cli_error("index", _("--csv-sep takes one character, such as ';'"));
                goto out;
            }
            io.csv_sep = optarg[0];
            break;
        case OPT_DISTRICT: io.authority = optarg; break;
        case OPT_YEAR:
            io.year = (int)strtol(optarg, &end, 10);
            if (!end || *end || io.year < 1945 || io.year > 2200) {
                cli_error("index", _("--year: '%s' is not a year"), optarg);
                goto out;
            }
            break;
        case 'o': output = optarg; break;
        case 'v': io.verbose = true; break;
        case 'h': usage(stdout); rc = KC_EXIT_OK; goto out;
        default: usage(stderr); goto out;
        }
    }
    if (json && csv) {
        cli_error("index", _("--json and --csv cannot be used together"));
        goto out;
    }
    bool html_only = html_path && strcmp(html_path, "-") == 0;
    if (html_only && (json || csv || output)) {
        cli_error("index", _("--html - writes the page on stdout: it cannot go with --json, --csv or -o"));
        goto out;
    }
    if (optind < argc && !reg_path)
        reg_path = argv[optind++];
    if (optind < argc || !reg_path) {
        cli_error("index", reg_path ? _("one register or directory at a time") : _("no register or directory given"));
        usage(stderr);
        goto out;
    }
    if (access(reg_path, R_OK) != 0) {
        cli_error("index", _("%s: cannot open: %s"), reg_path, g_strerror(errno));
        goto out;
    }
    if (io.documents && !index_is_dir(io.documents)) {
        cli_error("index", _("--documents: %s is not a folder"), io.documents);
        goto out;
    }
    if (cli_verify_args_load(&va, "index") != 0)
        goto out;
    io.accept_claimed_time = va.opts.accept_claimed_time;
    district = index_discover(reg_path, communes, notes);
    if (district)
        index_district_same_communes(communes, notes);
    for (guint i = 0; i < communes->len; i++) {
        commune *cm = &g_array_index(communes, commune, i);
        char *why = NULL;
        if (cm->not_counted)
            continue;
        if (cli_is_dossier(cm->source)) { /* read inside, nothing extracted (index_dossier.c) */
            if (index_dossier(cm, cm->source, &va, &io, &why) != 0) {
                cli_error("index", "%s", why);
                g_free(why);
                goto out;
            }
            continue;
        }
        if (index_load(cm, cm->source, &io, &why) != 0) {
            if (!district) { /* one unreadable register stops the run: exit 2 */
                cli_error("index", "%s", why);
                g_free(why);
                goto out;
            }
            cm->not_counted = why; /* in a district, the others are still counted */
            continue;
        }
    }
    /* A district's figures are one year's: its communes' registers are
     * counted for the year most of them are for, as if given --year. */
    index_opts counted_io = io;
    int year = district ? index_district_year((commune *)(void *)communes->data, communes->len, io.year, notes) : 0;
    if (year > 0)
        counted_io.year = year;
    for (guint i = 0; i < communes->len; i++) {
        commune *cm = &g_array_index(communes, commune, i);
        if (cm->not_counted || cm->review || !cm->reg)
            continue;
        if (year < 0) {
            cm->not_counted = g_strdup_printf(_("%s: the district's communes are of several years, no year holding most "
                                                "of them: give --year"),
                                              cm->source);
            continue;
        }
        if (index_count(cm, va.trust, &va.opts, va.jobs, &counted_io) != 0) {
            cli_error("index", "%s", kc_oom_message());
            goto out;
        }
    }
    commune *all = (commune *)(void *)communes->data;
    size_t n = communes->len;
    if (district)
        index_district_same_signatures(all, n, notes);
    index_other_committees(all, n, district);
    /* -o FILE is written whole, like the page: stdout otherwise. */
    if (!html_only && cli_output_open("index", &out, output) != 0)
        goto out;
    if (html_path) {
        cli_output page;
        if (cli_output_open("index", &page, html_path) != 0)
            goto out;
        int wrc = index_print_html(page.f, all, n, &io, notes);
        if (cli_output_close("index", &page, wrc == 0) != 0 || wrc != 0)
            goto out;
    }
    if (html_only) {
        /* the page was the output */
    } else if (json) {
        if (index_print_json(out.f, all, n, &io, notes) != 0)
            goto out;
    } else if (csv) {
        index_print_csv(out.f, all, n, &io);
    } else {
        index_print_text(out.f, all, n, &io, notes);
    }
    if (cli_output_close("index", &out, true) != 0)
        goto out;
    rc = KC_EXIT_OK;
    for (size_t i = 0; i < n; i++)
        if (all[i].not_counted || all[i].totals.signed_docs < all[i].totals.documents || all[i].check_problems)
            rc = KC_EXIT_CHECK_FAILED;
    /* Nothing to count is never 0/0 and success: one sentence says what to do. */
    if (n == 1 && all[0].not_counted) {
        cli_error("index", "%s", all[0].not_counted);
        if (all[0].unreadable)
            rc = KC_EXIT_USAGE; /* an unreadable register stops the run, as a file given alone does */
    }
out:
    cli_output_close("index", &out, false); /* after an error: nothing half written stays */
    for (guint i = 0; i < communes->len; i++)
        index_commune_free(&g_array_index(communes, commune, i));
    g_array_free(communes, TRUE);
    g_ptr_array_unref(notes);
    cli_verify_args_clear(&va);
    return rc;
}
