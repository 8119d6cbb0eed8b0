/* cmd_extract.c: `kiemchung extract`: check a dossier as `check` does, then
 * unpack it into a folder, never outside it.  An unsafe archive (a layout
 * other tools read differently, a zip slip, a link, a repeated name, a zip
 * bomb) is refused whole before anything is written; one that fails its
 * check (a broken seal, a changed, missing or extra file) too, unless
 * --force. */
#include <getopt.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static void usage(FILE *out)
{
    fprintf(out, _("Usage: kiemchung extract [OPTION]... DOSSIER.zip -C DIR\n"
                   "Check a dossier as `kiemchung check` does, then unpack it into DIR (made when\n"
                   "missing).  A dossier that fails its check (a broken seal; a changed, missing or\n"
                   "extra file; not a dossier at all) is not unpacked unless --force.  Nothing is ever\n"
                   "written outside DIR nor over an existing file; archives that other tools would\n"
                   "read differently, with absolute paths, \"..\", backslashes, drive letters, links,\n"
                   "repeated names or entries beyond the limits are refused whole, --force or not.\n\n"
                   "  -C, --directory DIR   where to unpack\n"
                   "  --force               unpack even when the check fails (the problems are listed)\n"
                   "  --require-seal        refuse a dossier that is not sealed\n"
                   "  --max-size SIZE       refuse entries inflating beyond SIZE (default 32G)\n"
                   "  --max-ratio N         refuse entries inflating more than N times (default 200)\n"
                   "  -h, --help            show this help\n"));
    cli_verify_usage_titled(out);
    fprintf(out, "%s", _("\nExit status: 0 checked and unpacked, 1 refused or a check failed (with --force:\n"
                         "unpacked anyway), 2 usage or input error.\n"));
}

int cmd_extract(int argc, char **argv)
{
    enum { OPT_FORCE = 256, OPT_REQUIRE_SEAL };
    static const struct option longopts[] = {
        CLI_VERIFY_LONGOPTS,
        {"directory", required_argument, NULL, 'C'},
        {"force", no_argument, NULL, OPT_FORCE},
        {"require-seal", no_argument, NULL, OPT_REQUIRE_SEAL},
        CLI_LIMIT_LONGOPTS,
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *dir = NULL;
    kc_zip_limits lim = {0};
    kc_check *res = NULL;
    kc_error err = {0};
    cli_verify_args va;
    bool force = false, require_seal = false;
    kc_dossier_events ev;
    cli_events ce;
    int rc = KC_EXIT_USAGE, c, taken;

    cli_events_init(&ce, "extract", &ev);
    cli_verify_args_init(&va);
    optind = 1;
    while ((c = getopt_long(argc, argv, "C:h", longopts, NULL)) != -1) {
        if ((taken = cli_verify_args_option(&va, "extract", c, optarg)) == 0)
            taken = cli_limit_option(&lim, "extract", c, optarg);
        if (taken < 0)
            goto out;
        if (taken)
            continue;
        switch (c) {
        case 'C': dir = optarg; break;
        case OPT_FORCE: force = true; break;
        case OPT_REQUIRE_SEAL: require_seal = true; break;
        case 'h': usage(stdout); rc = KC_EXIT_OK; goto out;
        default: usage(stderr); goto out;
        }
    }
    if (optind + 1 != argc || !dir) {
        cli_error("extract", !dir ? _("no folder given (-C DIR)") : _("one dossier at a time"));
        usage(stderr);
        goto out;
    }
    if (cli_verify_args_load(&va, "extract") != 0)
        goto out;
    kc_extract_opts opts = {&lim, &ev, va.trust, &va.opts, require_seal, force, va.catalog, false};
    if (kc_dossier_extract(&res, argv[optind], dir, &opts, &err) != 0) {
        cli_events_done(&ce);
        cli_error("extract", "%s", err.message);
        goto out;
    }
    cli_events_done(&ce);
    size_t n = kc_check_problem_count(res);
    if (!kc_check_unpacked(res)) {
        printf(ngettext("%s: refused, nothing was unpacked: %zu problem\n", "%s: refused, nothing was unpacked: %zu problems\n", n),
               argv[optind], n);
        cli_print_problems(stdout, res);
        rc = KC_EXIT_CHECK_FAILED;
    } else if (n) {
        /* Without --force, the check passed: each problem is an entry that
         * could not be written (a file already there, bytes changed since). */
        if (force)
            printf(ngettext("%s: unpacked into %s despite %zu problem (--force)\n",
                            "%s: unpacked into %s despite %zu problems (--force)\n", n),
                   argv[optind], dir, n);
        else
            printf(ngettext("%s: unpacked into %s but for %zu entry it could not write\n",
                            "%s: unpacked into %s but for %zu entries it could not write\n", n),
                   argv[optind], dir, n);
        cli_print_problems(stdout, res);
        rc = KC_EXIT_CHECK_FAILED;
    } else {
        printf(_("%s: checked and unpacked into %s\n"), argv[optind], dir);
        if (kc_check_seal(res))
            printf(_("  sealed by %s\n"), kc_check_seal(res)->signer ? kc_check_seal(res)->signer : _("unknown signer"));
        rc = KC_EXIT_OK;
    }
out:
    cli_events_done(&ce);
    kc_check_free(res);
    cli_verify_args_clear(&va);
    return rc;
}
