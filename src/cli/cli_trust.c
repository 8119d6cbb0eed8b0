/* cli_trust.c: the trust options of `verify` (--trust, --no-default-trust,
 * --at, --roles, --leader-title, --allow-weak) for the dossier commands
 * (ingest, seal, check, extract), so that the same store, roles and time
 * decide everywhere: the seal `seal` makes is the seal `check` accepts. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "cli_trust.h"

int cli_trust_option(cli_trust_opts *t, const char *cmd, int c, const char *arg)
{
    switch (c) {
    case CLI_OPT_TRUST: cli_list_add(&t->paths, arg); return 1;
    case CLI_OPT_NO_DEFAULT_TRUST: t->no_default = true; return 1;
    case CLI_OPT_AT:
        if (!cli_parse_time(arg, &t->verify.at)) {
            cli_error(cmd, _("--at: '%s' is not an ISO 8601 time (e.g. 2021-05-10T08:00:00Z)"), arg);
            return -1;
        }
        return 1;
    case CLI_OPT_ROLES: t->roles_file = arg; return 1;
    case CLI_OPT_LEADER_TITLE: cli_list_add(&t->leader_titles, arg); return 1;
    case CLI_OPT_ALLOW_WEAK: t->verify.allow_weak = true; return 1;
    default: return 0;
    }
}

int cli_trust_load(cli_trust_opts *t, const char *cmd)
{
    kc_error err = {0};
    if (cli_load_trust(cmd, &t->trust, t->paths.items, t->paths.n, t->no_default) != 0)
        return -1;
    if (kc_roles_new(&t->roles, &err) != 0 || (t->roles_file && kc_roles_load(t->roles, t->roles_file, &err) != 0)) {
        cli_error(cmd, "%s", err.message);
        return -1;
    }
    for (size_t i = 0; i < t->leader_titles.n; i++)
        if (kc_roles_add_leader_title(t->roles, t->leader_titles.items[i], &err) != 0) {
            cli_error(cmd, "%s", err.message);
            return -1;
        }
    t->verify.roles = t->roles;
    return 0;
}

void cli_trust_usage(FILE *out)
{
    fputs(_("  --trust PATH          also trust the certificates and CRLs in PATH (file or directory)\n"
            "  --no-default-trust    do not load the installed Vietnamese trust anchors\n"
            "  --at TIME             check certificates at TIME (ISO 8601), a time you vouch for\n"
            "  --roles FILE          signer roles (CSV: fingerprint, serial:HEX issuer:NAME or name;\n"
            "                        leader|org|person)\n"
            "  --leader-title TITLE  another exact title that makes a leader\n"
            "  --allow-weak          accept SHA-1 and RSA keys under 2048 bits\n"), out);
}

void cli_trust_opts_clear(cli_trust_opts *t)
{
    kc_trust_free(t->trust);
    kc_roles_free(t->roles);
    cli_list_clear(&t->paths);
    cli_list_clear(&t->leader_titles);
}
