/* cmd_seal.c: `kiemchung seal`: sign a dossier with the commune's
 * certificate, the ASiC-E way (META-INF/ASiCManifest001.xml and a CMS
 * signature over it in META-INF/signature001.p7s), with the key where the
 * commune keeps it (a USB token, a .p12/.pfx file, a PEM key), timestamped
 * by a TSA; or renew a sealed dossier with an archive timestamp.  A dossier
 * whose files no longer match its manifests is refused, and so is a
 * certificate that `check` would reject, unless --force (then the report
 * says what was let through). */
#include <getopt.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static void usage(FILE *out)
{
    fprintf(out, "%s", _("Usage: kiemchung seal DOSSIER.zip --key KEY [--cert CERT] [OPTION]...\n"
                         "       kiemchung seal DOSSIER.zip --renew --tsa URL [OPTION]...\n"
                         "Seal a dossier with the commune's organisation certificate: a manifest of every\n"
                         "file's SHA-256 and a CMS signature over it, which `kiemchung check` verifies, and\n"
                         "`openssl cms -verify -binary -content ASiCManifest001.xml` too.  A previous seal\n"
                         "is replaced.  A certificate that is expired, not for signing, not trusted, or\n"
                         "that check would reject (a person's, another commune's) is refused.\n\n"
                         "  --key KEY        the key: 'pkcs11:token=…;object=…' (a USB token), a .p12/.pfx\n"
                         "                   file, or a PEM key (passphrase-protected or not)\n"
                         "  --cert FILE      the certificate (PEM), when the key does not bring it\n"
                         "  --chain FILE     intermediate certificates to include (PEM)\n"
                         "  --module PATH    the token's PKCS#11 library (default: p11-kit-proxy)\n"
                         "  --pin-file FILE  the token's PIN, from the first line of FILE (or $KIEMCHUNG_PIN;\n"
                         "                   else it is asked on the terminal, not shown)\n"
                         "  --pass-file FILE the key's passphrase, the same way ($KIEMCHUNG_PASSPHRASE)\n"
                         "  --tsa URL        timestamp the seal at this RFC 3161 authority\n"
                         "  --renew          add an archive timestamp over the seal (with --tsa), so the\n"
                         "                   dossier outlives the certificates and the authority\n"
                         "  --force          seal even what check would reject (the report says what)\n"));
    cli_verify_usage_titled(out);
    fprintf(out, "%s", _("  -h, --help       show this help\n\n"
                         "The signing time is $SOURCE_DATE_EPOCH when set, else now.\n"
                         "Exit status: 0 sealed, 2 usage or input error (a damaged dossier, a certificate\n"
                         "that cannot seal, a wrong PIN, a timestamp authority that fails).\n"));
}

static void print_time(const char *label, int64_t t)
{
    char buf[48];
    printf("  %s: %s\n", label, cli_time_text(buf, sizeof buf, t, true));
}

/* The seal's report: who sealed, with what, when and on what proof, and
 * what --force let through. */
/* arg as a shell reads it back: as it is when it holds nothing the shell
 * reads otherwise, else quoted (g_free). */
static char *shell_word(const char *arg)
{
    if (*arg && strspn(arg, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:=@%+-,") == strlen(arg))
        return g_strdup(arg);
    return g_shell_quote(arg);
}

typedef struct reporter {
    const char *path;
    cli_events *ce;
    const cli_verify_args *va; /* the trust the seal was checked with, for the hint */
} reporter;

static void report(void *ud, const kc_seal_result *r)
{
    reporter *rp = ud;
    const char *path = rp->path;
    const kc_sig_info *s = r->seal;

    cli_events_done(rp->ce); /* the progress bar goes before the report */
    if (r->timestamp_file)
        printf(_("%s: seal renewed with an archive timestamp (%s)\n"), path, r->timestamp_file);
    else
        printf(_("%s: sealed\n"), path);
    if (s) {
        printf("  %s: %s%s%s\n", _("sealed by"), s->signer ? s->signer : _("unknown signer"),
               s->organization && (!s->signer || strcmp(s->organization, s->signer)) ? ", " : "",
               s->organization && (!s->signer || strcmp(s->organization, s->signer)) ? s->organization : "");
        print_time(_("certificate valid until"), s->cert_not_after);
        print_time(_("signing time"), s->signing_time);
    }
    if (r->module)
        printf("  %s: %s\n", _("PKCS#11 module"), r->module);
    if (r->timestamp) {
        print_time(_("timestamp"), r->timestamp);
        printf("  %s: %s\n", _("timestamp authority"), r->tsa ? r->tsa : "?");
        /* The date kiemchung check will name too: told when the seal is
         * made, so that the archivist can plan the renewal. */
        if (r->renew_by)
            print_time(_("renew before (seal --renew)"), r->renew_by);
    }
    /* What the seal now covers beyond what ingest kept (seal_refresh.c). */
    if (r->crls_added)
        printf(_("  validation data brought up to the sealing time: CRLs current now added to the records of "
                 "validation/index.json: %zu (new files under validation/crls/: %zu)\n"),
               r->crls_added, r->crls_stored);
    for (size_t i = 0; i < r->nwarnings; i++)
        printf(_("  warning: %s\n"), r->warnings[i]);
    /* With the trust options given here: the seal was checked against them,
     * and run without, the command printed may fail where the seal did not. */
    GString *cmd = g_string_new(NULL);
    if (rp->va->no_default_trust)
        g_string_append(cmd, " --no-default-trust");
    for (guint i = 0; rp->va->trust_paths && i < rp->va->trust_paths->len; i++) {
        char *q = shell_word(rp->va->trust_paths->pdata[i]);
        g_string_append_printf(cmd, " --trust %s", q);
        g_free(q);
    }
    char *q = shell_word(path);
    g_string_append_printf(cmd, " %s", q);
    g_free(q);
    printf(_("  check it with: kiemchung check%s\n"), cmd->str);
    g_string_free(cmd, TRUE);
}

int cmd_seal(int argc, char **argv)
{
    enum { OPT_CERT = 256, OPT_KEY, OPT_CHAIN, OPT_MODULE, OPT_PIN_FILE, OPT_PASS_FILE, OPT_TSA, OPT_RENEW, OPT_FORCE };
    static const struct option longopts[] = {
        {"cert", required_argument, NULL, OPT_CERT},
        {"key", required_argument, NULL, OPT_KEY},
        {"chain", required_argument, NULL, OPT_CHAIN},
        {"module", required_argument, NULL, OPT_MODULE},
        {"pin-file", required_argument, NULL, OPT_PIN_FILE},
        {"pass-file", required_argument, NULL, OPT_PASS_FILE},
        {"tsa", required_argument, NULL, OPT_TSA},
        {"renew", no_argument, NULL, OPT_RENEW},
        {"force", no_argument, NULL, OPT_FORCE},
        CLI_VERIFY_LONGOPTS,
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    kc_seal_opts opts = {0};
    cli_verify_args va;
    cli_secret secret = {"seal", NULL, NULL};
    kc_dossier_events ev;
    cli_events ce;
    kc_error err = {0};
    int rc = KC_EXIT_USAGE, c, t;

    cli_events_init(&ce, "seal", &ev);
    cli_verify_args_init(&va);
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if ((t = cli_verify_args_option(&va, "seal", c, optarg)) != 0) {
            if (t < 0)
                goto out;
            continue;
        }
        switch (c) {
        case OPT_CERT: opts.cert = optarg; break;
        case OPT_KEY: opts.key = optarg; break;
        case OPT_CHAIN: opts.chain = optarg; break;
        case OPT_MODULE: opts.module = optarg; break;
        case OPT_PIN_FILE: secret.pin_file = optarg; break;
        case OPT_PASS_FILE: secret.pass_file = optarg; break;
        case OPT_TSA: opts.tsa = optarg; break;
        case OPT_RENEW: opts.renew = true; break;
        case OPT_FORCE: opts.force = true; break;
        case 'h': usage(stdout); rc = KC_EXIT_OK; goto out;
        default: usage(stderr); goto out;
        }
    }
    const char *why = optind >= argc ? _("no dossier given")
                      : optind + 1 != argc ? _("one dossier at a time")
                      : opts.renew && !opts.tsa ? _("--renew needs --tsa URL")
                      : !opts.renew && !opts.key ? _("--key is needed")
                      : opts.renew && (opts.key || opts.cert) ? _("--renew adds a timestamp, not a signature: no --key or --cert")
                      : NULL;
    if (why) {
        cli_error("seal", "%s", why);
        usage(stderr);
        goto out;
    }
    if (cli_verify_args_load(&va, "seal") != 0)
        goto out;
    opts.events = &ev;
    opts.secret = cli_secret_ask;
    opts.secret_ud = &secret;
    opts.trust = va.trust;
    opts.verify = &va.opts;
    opts.catalog = va.catalog;
    reporter rp = {argv[optind], &ce, &va};
    opts.done = report;
    opts.done_ud = &rp;
    if (opts.renew)
        opts.key = NULL;
    if (kc_dossier_seal(argv[optind], &opts, &err) != 0) {
        cli_events_done(&ce);
        cli_error("seal", "%s", err.message);
        goto out;
    }
    cli_events_done(&ce);
    rc = KC_EXIT_OK;
out:
    cli_events_done(&ce);
    cli_verify_args_clear(&va);
    return rc;
}
