/* cli_verifyopts.c: the verify options the dossier commands take too
 * (ingest, check, extract), so that the same trust store and rules decide
 * everywhere: --trust, --no-default-trust, --at, --roles, --leader-title,
 * --allow-weak, --accept-claimed-time.  Each command lists CLI_VERIFY_OPTIONS
 * in its getopt table, hands unknown option codes to cli_verify_option, and
 * calls cli_verify_load once the options are read. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char *cli_verify_usage(void)
{
    return _("  --trust PATH          also trust the certificates and CRLs in PATH (file or directory)\n"
             "  --no-default-trust    do not load the installed Vietnamese trust anchors\n"
             "  --at TIME             check certificates at TIME (ISO 8601), a time you vouch for\n"
             "  --accept-claimed-time without a timestamp, trust the signing time the signer claims\n"
             "  --roles FILE          signer roles (CSV: fingerprint, serial:HEX issuer:NAME or name;\n"
             "                        leader|org|person)\n"
             "  --leader-title TITLE  another exact title that makes a leader\n"
             "  --allow-weak          accept SHA-1 and RSA keys under 2048 bits\n"
             "  --online              also ask the certificates' CRL distribution points and OCSP\n"
             "                        responders (cached in $XDG_CACHE_HOME/kiemchung)\n");
}

int cli_verify_option(const char *cmd, cli_verify_args *a, int c, const char *arg)
{
    switch (c) {
    case CLI_OPT_TRUST:
        cli_list_add(&a->trust_paths, arg);
        return 1;
    case CLI_OPT_NO_DEFAULT_TRUST:
        a->no_default = true;
        return 1;
    case CLI_OPT_AT:
        if (!cli_parse_time(arg, &a->opts.at)) {
            cli_error(cmd, _("--at: '%s' is not an ISO 8601 time (e.g. 2021-05-10T08:00:00Z)"), arg);
            return -1;
        }
        return 1;
    case CLI_OPT_ROLES:
        a->roles_file = arg;
        return 1;
    case CLI_OPT_LEADER_TITLE:
        cli_list_add(&a->leader_titles, arg);
        return 1;
    case CLI_OPT_ALLOW_WEAK:
        a->opts.allow_weak = true;
        return 1;
    case CLI_OPT_CLAIMED_TIME:
        a->opts.accept_claimed_time = true;
        return 1;
    case CLI_OPT_ONLINE:
        a->online = true;
        return 1;
    default:
        return 0;
    }
}

int cli_verify_load(const char *cmd, cli_verify_args *a)
{
    kc_error err = {0};

    a->cmd = cmd;
    if (cli_load_trust(cmd, &a->trust, a->trust_paths.items, a->trust_paths.n, a->no_default) != 0)
        return -1;
    if (kc_roles_new(&a->roles, &err) != 0 || (a->roles_file && kc_roles_load(a->roles, a->roles_file, &err) != 0))
        goto fail;
    for (size_t i = 0; i < a->leader_titles.n; i++)
        if (kc_roles_add_leader_title(a->roles, a->leader_titles.items[i], &err) != 0)
            goto fail;
    a->opts.roles = a->roles;
    if (a->online && (kc_online_new(&a->source, NULL, &err) != 0 || kc_trust_use_online(a->trust, a->source, &err) != 0))
        goto fail;
    return 0;
fail:
    cli_error(cmd, "%s", err.message);
    return -1;
}

void cli_online_report(const char *cmd, const kc_online *o)
{
    for (size_t i = 0; !cli_quiet() && i < kc_online_failure_count(o); i++)
        fprintf(stderr, _("kiemchung %s: online: %s (offline rules applied)\n"), cmd, kc_online_failure(o, i));
}

void cli_verify_args_clear(cli_verify_args *a)
{
    /* What the network did not answer is said once, when the command ends. */
    if (a->source)
        cli_online_report(a->cmd, a->source);
    kc_trust_free(a->trust);
    kc_online_free(a->source);
    kc_roles_free(a->roles);
    cli_list_clear(&a->trust_paths);
    cli_list_clear(&a->leader_titles);
    memset(a, 0, sizeof *a);
}
