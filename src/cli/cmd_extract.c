/* cmd_extract.c: `kiemchung extract`: unpack a dossier (or any zip) into a
 * folder, never outside it.  A zip slip, a link, a repeated name or a zip
 * bomb refuses the whole archive before anything is written. */
#include <getopt.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static void usage(FILE *out)
{
    fprintf(out, _("Usage: kiemchung extract [OPTION]... DOSSIER.zip -C DIR\n"
                   "Unpack a dossier into DIR (made when missing) and check each evidence file against\n"
                   "the manifest on the way.  Nothing is ever written outside DIR nor over an existing\n"
                   "file; archives with absolute paths, \"..\", backslashes, drive letters, links,\n"
                   "repeated names or entries beyond the limits are refused whole.\n\n"
                   "  -C, --directory DIR   where to unpack\n"
                   "  --max-size SIZE       refuse entries inflating beyond SIZE (default 32G)\n"
                   "  --max-ratio N         refuse entries inflating more than N times (default 200)\n"
                   "  -h, --help            show this help\n\n"
                   "Exit status: 0 unpacked and intact, 1 refused or a file failed its check,\n"
                   "2 usage or input error.\n"));
}

int cmd_extract(int argc, char **argv)
{
    enum { OPT_MAX_SIZE = 256, OPT_MAX_RATIO };
    static const struct option longopts[] = {
        {"directory", required_argument, NULL, 'C'},
        {"max-size", required_argument, NULL, OPT_MAX_SIZE},
        {"max-ratio", required_argument, NULL, OPT_MAX_RATIO},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *dir = NULL;
    kc_zip_limits lim = {0};
    kc_check *res = NULL;
    kc_error err = {0};
    kc_dossier_events ev;
    cli_events ce;
    int rc = KC_EXIT_USAGE, c;

    cli_events_init(&ce, "extract", &ev);
    optind = 1;
    while ((c = getopt_long(argc, argv, "C:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'C': dir = optarg; break;
        case OPT_MAX_SIZE:
            if (!cli_parse_size(optarg, &lim.max_entry)) {
                cli_error("extract", _("--max-size: '%s' is not a size (e.g. 500M, 4G)"), optarg);
                goto out;
            }
            break;
        case OPT_MAX_RATIO:
            lim.max_ratio = g_ascii_strtod(optarg, NULL);
            if (lim.max_ratio < 1) {
                cli_error("extract", _("--max-ratio: '%s' is not a number above 1"), optarg);
                goto out;
            }
            break;
        case 'h': usage(stdout); rc = KC_EXIT_OK; goto out;
        default: usage(stderr); goto out;
        }
    }
    if (optind + 1 != argc || !dir) {
        cli_error("extract", !dir ? _("no folder given (-C DIR)") : _("one dossier at a time"));
        usage(stderr);
        goto out;
    }
    kc_extract_opts opts = {&lim, &ev};
    if (kc_dossier_extract(&res, argv[optind], dir, &opts, &err) != 0) {
        cli_events_done(&ce);
        cli_error("extract", "%s", err.message);
        goto out;
    }
    cli_events_done(&ce);
    if (kc_check_problem_count(res)) {
        printf(_("%s: %zu problems\n"), argv[optind], kc_check_problem_count(res));
        cli_print_problems(stdout, res);
        rc = KC_EXIT_CHECK_FAILED;
    } else {
        printf(_("%s: unpacked into %s\n"), argv[optind], dir);
        rc = KC_EXIT_OK;
    }
out:
    cli_events_done(&ce);
    kc_check_free(res);
    return rc;
}
