/* cmd_ingest.c: `kiemchung ingest`: a commune's evidence into one dossier
 * (zip, BagIt bag and ASiC-E container) from folders laid out by criterion,
 * a map CSV, and the commune's report; or, with --template, a map to fill in.
 *
 * The library does the work (dossier.h); this file reads options, shows
 * progress and notices, and ends with what the dossier holds and which
 * criteria still lack evidence (a list, not an error). */
#include <getopt.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void usage(FILE *out)
{
    fprintf(out, _("Usage: kiemchung ingest [OPTION]... -o DOSSIER.zip [SOURCE]...\n"
                   "       kiemchung ingest --template [--report REPORT.txt|.docx] [--csv-sep C] -o MAP.csv\n"
                   "Put a commune's evidence into one dossier that anyone can open and check: a zip\n"
                   "that is a BagIt bag and an ASiC-E container, with dossier.json and index.html.\n\n"
                   "SOURCE is a folder laid out by criterion, SOURCE/<number>[ any name]/<files>;\n"
                   "files elsewhere in it are stored, and with --report filed by the documents\n"
                   "they are (their \"Số: ...\" line, date and title).\n\n"
                   "  -o, --output FILE   the dossier (or with --template, the map) to write\n"
                   "  --report FILE       the commune's evidence report (text, or the Word .docx, which\n"
                   "                      is kept too): criteria, references, figures\n"
                   "  --map FILE          a CSV of criterion, file, reference, kind, note\n"
                   "  --catalog FILE      the criteria catalog (default: the installed %s)\n"
                   "  --no-catalog        no catalog: criteria are only those cited\n"
                   "  --commune NAME      the commune (xã, phường, thị trấn)\n"
                   "  --district NAME     the district that reviews it (up to 2024)\n"
                   "  --province NAME     the province (which reviews it since July 2025)\n"
                   "  --year YYYY         the year evaluated\n"
                   "  --force             replace DOSSIER.zip if it exists\n"
                   "  --update            add or replace evidence in DOSSIER.zip, keeping the rest\n"
                   "  --template          write a map CSV prefilled with the criteria instead (headings in\n"
                   "                      the language of the messages)\n"
                   "  --csv-sep C         the template's separator (default ','; give ';' for Excel in Vietnamese)\n"
                   "  -h, --help          show this help\n\n"
                   "The dossier's bytes depend only on the inputs: its time is $SOURCE_DATE_EPOCH, or\n"
                   "else the newest modification time of the inputs.\n"
                   "Exit status: 0 written, 2 usage or input error.\n"),
            KC_CATALOG_DEFAULT_FILE);
    fprintf(out, "%s", _("\nEvery signed document (a PDF with signatures, a FILE with FILE.p7s beside it) is\n"
                         "verified, and what its verdict rests on (certificate chains, CRLs, the verdict) is\n"
                         "kept in the dossier's validation/ folder, so that `kiemchung check --signatures`\n"
                         "can verify it again decades later.  The time of that verification is\n"
                         "$SOURCE_DATE_EPOCH when set, else now.\n"
                         "  --no-validation     do not verify the signed documents nor keep validation data\n"));
    cli_verify_usage(out, false);
}

static void summary(const kc_dossier *d, const char *path)
{
    uint64_t bytes = 0;
    size_t cited = 0, unfiled = 0;
    GString *missing = g_string_new(NULL);

    for (size_t i = 0; i < kc_dossier_file_count(d); i++) {
        bytes += kc_dossier_get_file(d, i)->size;
        unfiled += kc_dossier_get_file(d, i)->ncitations == 0;
    }
    for (size_t i = 0; i < kc_dossier_criterion_count(d); i++) {
        const kc_dossier_criterion *c = kc_dossier_get_criterion(d, i);
        bool sub = !*c->number; /* a sub-row shares its criterion's evidence */
        if (c->nevidence)
            cited++;
        else if (!c->heading && !sub)
            g_string_append_printf(missing, "%s%s", missing->len ? ", " : "", c->key);
    }
    char *size = cli_size_text(bytes);
    size_t nfiles = kc_dossier_file_count(d);
    char *files = g_strdup_printf(ngettext("%zu file", "%zu files", nfiles), nfiles);
    char *crits = g_strdup_printf(ngettext("evidence for %zu criterion", "evidence for %zu criteria", cited), cited);
    /* TRANSLATORS: the dossier, "N files", its size, "evidence for N criteria". */
    printf(_("%s: %s (%s), %s\n"), path, files, size, crits);
    g_free(files);
    g_free(crits);
    g_free(size);
    if (unfiled)
        printf(_("Files filed under no criterion: %zu (see \"unfiled\" in dossier.json)\n"), unfiled);
    if (missing->len)
        printf(_("Criteria without evidence: %s\n"), missing->str);
    g_string_free(missing, TRUE);
}

int cmd_ingest(int argc, char **argv)
{
    enum { OPT_REPORT = 256, OPT_MAP, OPT_CATALOG, OPT_NO_CATALOG, OPT_COMMUNE, OPT_DISTRICT,
           OPT_PROVINCE, OPT_YEAR, OPT_FORCE, OPT_UPDATE, OPT_TEMPLATE, OPT_NO_VALIDATION, OPT_CSV_SEP };
    static const struct option longopts[] = {
        CLI_VERIFY_LONGOPTS,
        {"no-validation", no_argument, NULL, OPT_NO_VALIDATION},
        {"output", required_argument, NULL, 'o'},
        {"report", required_argument, NULL, OPT_REPORT},
        {"map", required_argument, NULL, OPT_MAP},
        {"catalog", required_argument, NULL, OPT_CATALOG},
        {"no-catalog", no_argument, NULL, OPT_NO_CATALOG},
        {"commune", required_argument, NULL, OPT_COMMUNE},
        {"district", required_argument, NULL, OPT_DISTRICT},
        {"province", required_argument, NULL, OPT_PROVINCE},
        {"year", required_argument, NULL, OPT_YEAR},
        {"force", no_argument, NULL, OPT_FORCE},
        {"update", no_argument, NULL, OPT_UPDATE},
        {"template", no_argument, NULL, OPT_TEMPLATE},
        {"csv-sep", required_argument, NULL, OPT_CSV_SEP},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *output = NULL, *report = NULL, *catalog_path = NULL;
    GPtrArray *maps = cli_strings_new();
    bool no_catalog = false, force = false, update = false, template = false, validation = true;
    char csv_sep = ',';
    cli_verify_args va;
    kc_dossier_meta meta = {0};
    kc_catalog *catalog = NULL;
    kc_ingest *in = NULL;
    kc_dossier_events ev;
    cli_events ce;
    kc_error err = {0};
    int rc = KC_EXIT_USAGE, c;

    cli_events_init(&ce, "ingest", &ev);
    cli_verify_args_init(&va);
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        int taken = cli_verify_args_option(&va, "ingest", c, optarg);
        if (taken < 0)
            goto out;
        if (taken)
            continue;
        switch (c) {
        case OPT_NO_VALIDATION: validation = false; break;
        case 'o': output = optarg; break;
        case OPT_REPORT: report = optarg; break;
        case OPT_MAP: cli_strings_add(maps, optarg); break;
        case OPT_CATALOG: catalog_path = optarg; break;
        case OPT_NO_CATALOG: no_catalog = true; break;
        case OPT_COMMUNE: meta.commune = optarg; break;
        case OPT_DISTRICT: meta.district = optarg; break;
        case OPT_PROVINCE: meta.province = optarg; break;
        case OPT_YEAR: {
            char *end = NULL;
            long y = strtol(optarg, &end, 10);
            if (!end || *end || y < 1990 || y > 2200) {
                cli_error("ingest", _("--year: '%s' is not a year"), optarg);
                goto out;
            }
            meta.year = (int)y;
            break;
        }
        case OPT_FORCE: force = true; break;
        case OPT_UPDATE: update = true; break;
        case OPT_TEMPLATE: template = true; break;
        case OPT_CSV_SEP:
            if (strlen(optarg) != 1) {
                cli_error("ingest", _("--csv-sep takes one character, such as ';'"));
                goto out;
            }
            csv_sep = optarg[0];
            break;
        case 'h': usage(stdout); rc = KC_EXIT_OK; goto out;
        default: usage(stderr); goto out;
        }
    }
    if (!output) {
        cli_error("ingest", _("no output given (-o DOSSIER.zip)"));
        usage(stderr);
        goto out;
    }
    if (force && update) {
        cli_error("ingest", _("--force and --update exclude each other"));
        goto out;
    }
    if (!template && optind >= argc && !maps->len && !update) {
        cli_error("ingest", _("no evidence given: a SOURCE folder or --map"));
        usage(stderr);
        goto out;
    }
    if (!force && !update && access(output, F_OK) == 0) {
        cli_error("ingest", _("%s already exists (use --force to replace it, --update to add to it)"), output);
        goto out;
    }
    if (update && access(output, F_OK) != 0) {
        cli_error("ingest", _("%s: no dossier to update"), output);
        goto out;
    }
    if (!no_catalog && !report && cli_load_catalog("ingest", &catalog, catalog_path) != 0)
        goto out;
    if (template) {
        kc_template_opts to = {.replace = force, .sep = csv_sep, .translated = true};
        if (kc_ingest_template_write(output, catalog, report, &to, &err) != 0) {
            cli_error("ingest", "%s", err.message);
            goto out;
        }
        /* The next command names the commune and year: without them the dossier
         * names no commune, and seal (rightly) refuses it. */
        printf(_("%s: a map to fill in (column \"file\"), then: kiemchung ingest --map %s --commune NAME --year YYYY "
                 "-o DOSSIER.zip\n"),
               output, output);
        rc = KC_EXIT_OK;
        goto out;
    }
    if (validation && cli_verify_args_load(&va, "ingest") != 0)
        goto out;
    if (kc_ingest_new(&in, &ev, &err) != 0 || (update && kc_ingest_load(in, output, &err) != 0) ||
        (validation && kc_ingest_validate(in, va.trust, &va.opts, &err) != 0) ||
        kc_ingest_set_meta(in, &meta, &err) != 0 ||
        (catalog && kc_ingest_use_catalog(in, catalog, &err) != 0) ||
        (report && kc_ingest_use_report(in, report, &err) != 0))
        goto fail;
    for (int i = optind; i < argc; i++)
        if (kc_ingest_add_tree(in, argv[i], &err) != 0)
            goto fail;
    for (guint i = 0; i < maps->len; i++)
        if (kc_ingest_add_map(in, CLI_STR(maps, i), &err) != 0)
            goto fail;
    kc_write_opts wo = {.replace = force || update};
    if (kc_ingest_write(in, output, &wo, &err) != 0)
        goto fail;
    cli_events_done(&ce);
    summary(kc_ingest_dossier(in), output);
    rc = KC_EXIT_OK;
    goto out;
fail:
    cli_events_done(&ce);
    cli_error("ingest", "%s", err.message);
out:
    cli_events_done(&ce);
    kc_ingest_free(in);
    kc_catalog_free(catalog);
    g_ptr_array_unref(maps);
    cli_verify_args_clear(&va);
    return rc;
}
