/* cmd_seal.c: `kiemchung seal`: sign a dossier with the commune's
 * certificate, the ASiC-E way (META-INF/ASiCManifest001.xml and a CMS
 * signature over it in META-INF/signature001.p7s).  A dossier whose files no
 * longer match its manifests is refused. */
#include <getopt.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static void usage(FILE *out)
{
    fprintf(out, _("Usage: kiemchung seal DOSSIER.zip --cert CERT --key KEY [--chain FILE]\n"
                   "Seal a dossier with the commune's organisation certificate: a manifest of every\n"
                   "file's SHA-256 and a CMS signature over it, which `kiemchung check` verifies, and\n"
                   "`openssl cms -verify -binary -content ASiCManifest001.xml` too.  A previous seal\n"
                   "is replaced.\n\n"
                   "  --cert FILE     the signer's certificate (PEM)\n"
                   "  --key FILE      its private key (PEM, not password-protected)\n"
                   "  --chain FILE    intermediate certificates to include (PEM)\n"
                   "  -h, --help      show this help\n\n"
                   "The signing time is $SOURCE_DATE_EPOCH when set, else now.\n"
                   "Exit status: 0 sealed, 2 usage or input error (including a damaged dossier).\n"));
}

int cmd_seal(int argc, char **argv)
{
    enum { OPT_CERT = 256, OPT_KEY, OPT_CHAIN };
    static const struct option longopts[] = {
        {"cert", required_argument, NULL, OPT_CERT},
        {"key", required_argument, NULL, OPT_KEY},
        {"chain", required_argument, NULL, OPT_CHAIN},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    kc_seal_opts opts = {0};
    kc_dossier_events ev;
    cli_events ce;
    kc_error err = {0};
    int rc = KC_EXIT_USAGE, c;

    cli_events_init(&ce, "seal", &ev);
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_CERT: opts.cert = optarg; break;
        case OPT_KEY: opts.key = optarg; break;
        case OPT_CHAIN: opts.chain = optarg; break;
        case 'h': usage(stdout); rc = KC_EXIT_OK; goto out;
        default: usage(stderr); goto out;
        }
    }
    if (optind + 1 != argc || !opts.cert || !opts.key) {
        cli_error("seal", optind >= argc ? _("no dossier given") : !opts.cert || !opts.key
                                               ? _("--cert and --key are needed")
                                               : _("one dossier at a time"));
        usage(stderr);
        goto out;
    }
    opts.events = &ev;
    if (kc_dossier_seal(argv[optind], &opts, &err) != 0) {
        cli_events_done(&ce);
        cli_error("seal", "%s", err.message);
        goto out;
    }
    cli_events_done(&ce);
    printf(_("%s: sealed (check it with: kiemchung check %s)\n"), argv[optind], argv[optind]);
    rc = KC_EXIT_OK;
out:
    cli_events_done(&ce);
    return rc;
}
