/* cli_verify_args.c: the options every command that verifies shares, parsed
 * in one place with one set of messages: --trust and --no-default-trust
 * (verify, index, check, extract), and --at, --roles, --leader-title,
 * --allow-weak, --accept-claimed-time and --jobs (verify, index, and the
 * server to come) into a kc_verify_opts, a trust store and the roles. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cli_verify_args_init(cli_verify_args *a)
{
    memset(a, 0, sizeof *a);
    a->trust_paths = cli_strings_new();
    a->leader_titles = cli_strings_new();
    a->jobs = cli_default_jobs();
}

int cli_verify_args_option(cli_verify_args *a, const char *cmd, int c, const char *arg)
{
    char *end = NULL;
    switch (c) {
    case CLI_OPT_TRUST: cli_strings_add(a->trust_paths, arg); return 1;
    case CLI_OPT_NO_DEFAULT_TRUST: a->no_default_trust = true; return 1;
    case CLI_OPT_AT:
        if (!cli_parse_time(arg, &a->opts.at)) {
            cli_error(cmd, _("--at: '%s' is not an ISO 8601 time (e.g. 2021-05-10T08:00:00Z)"), arg);
            return -1;
        }
        return 1;
    case CLI_OPT_ROLES: a->roles_file = arg; return 1;
    case CLI_OPT_LEADER_TITLE: cli_strings_add(a->leader_titles, arg); return 1;
    case CLI_OPT_ALLOW_WEAK: a->opts.allow_weak = true; return 1;
    case CLI_OPT_ACCEPT_CLAIMED_TIME: a->opts.accept_claimed_time = true; return 1;
    case CLI_OPT_JOBS:
        a->jobs = strtol(arg, &end, 10);
        if (!end || *end || a->jobs < 1 || a->jobs > 256) {
            cli_error(cmd, _("--jobs: '%s' is not a number from 1 to 256"), arg);
            return -1;
        }
        return 1;
    default: return 0;
    }
}

int cli_verify_args_load_trust(cli_verify_args *a, const char *cmd)
{
    return cli_load_trust(cmd, &a->trust, (char **)a->trust_paths->pdata, a->trust_paths->len, a->no_default_trust);
}

int cli_verify_args_load(cli_verify_args *a, const char *cmd)
{
    kc_error err = {0};
    if (cli_verify_args_load_trust(a, cmd) != 0)
        return -1;
    if (kc_roles_new(&a->roles, &err) != 0 || (a->roles_file && kc_roles_load(a->roles, a->roles_file, &err) != 0))
        goto fail;
    for (guint i = 0; i < a->leader_titles->len; i++)
        if (kc_roles_add_leader_title(a->roles, CLI_STR(a->leader_titles, i), &err) != 0)
            goto fail;
    a->opts.roles = a->roles;
    return 0;
fail:
    cli_error(cmd, "%s", err.message);
    return -1;
}

void cli_verify_args_clear(cli_verify_args *a)
{
    kc_roles_free(a->roles);
    kc_trust_free(a->trust);
    if (a->trust_paths)
        g_ptr_array_unref(a->trust_paths);
    if (a->leader_titles)
        g_ptr_array_unref(a->leader_titles);
    memset(a, 0, sizeof *a);
}
