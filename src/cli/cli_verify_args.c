/* cli_verify_args.c: the options every command that verifies shares, parsed
 * in one place with one set of messages: --trust, --no-default-trust, --at,
 * --roles, --leader-title, --allow-weak, --accept-claimed-time and --online
 * (verify, index, ingest, check, extract, seal, and the server to come), and
 * --jobs (verify, index), into a kc_verify_opts, a trust store, the roles
 * and, with --online, the source that asks CRL distribution points and OCSP
 * responders. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

void cli_verify_args_init(cli_verify_args *a)
{
    memset(a, 0, sizeof *a);
    a->trust_paths = cli_strings_new();
    a->leader_titles = cli_strings_new();
    a->jobs = cli_default_jobs();
}

void cli_verify_usage(FILE *out, bool jobs)
{
    fprintf(out, "%s",
            _("  --trust PATH          also trust the certificates and CRLs in PATH (file or directory)\n"
              "  --no-default-trust    do not load the installed Vietnamese trust anchors\n"
              "  --at TIME             check certificates at TIME (ISO 8601), a time you vouch for\n"
              "  --accept-claimed-time without a timestamp, trust the signing time the signer claims\n"
              "                        (weaker: an expired or revoked certificate can claim an old time)\n"
              "  --roles FILE          signer roles (CSV: fingerprint, serial:HEX issuer:NAME or name;\n"
              "                        leader|org|person)\n"
              "  --leader-title TITLE  another exact title that makes a leader (besides Chủ tịch,\n"
              "                        Phó Chủ tịch, alone or of the People's Committee)\n"
              "  --allow-weak          accept SHA-1 and RSA keys under 2048 bits\n"
              "  --online              also ask the certificates' CRL distribution points and OCSP\n"
              "                        responders (cached in $XDG_CACHE_HOME/kiemchung); offline is\n"
              "                        the default\n"));
    if (jobs)
        fprintf(out, "%s", _("  --jobs N              verify N documents at a time (default: the number of CPUs)\n"));
}

/* The shared block after a command's own options and its -h: a heading says
 * what the options are about, where the command's text before it does not. */
void cli_verify_usage_titled(FILE *out)
{
    fprintf(out, "%s", _("\nHow signatures are checked (as `kiemchung verify` checks them):\n"));
    cli_verify_usage(out, false);
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
    case CLI_OPT_ONLINE: a->online = true; return 1;
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

/* A PC whose clock is behind (a flat CMOS battery, a clock set back) took a
 * certificate that has expired since for a running one: a chairman's document
 * of 2030, his certificate ended 2031-12-31, no timestamp, was `valid` on a
 * clock saying 2031-03-01 while the trust directory's CRL of his CA, issued
 * 2034-05-01, shows the real time is later (session 47; on a right clock,
 * indeterminate).  Only seal's new timestamp read that floor (rttime22).
 * Every command that judges signatures now takes the floor as now when the
 * clock is behind it, and says so: a later now only ends certificates and
 * their CAs' trust sooner and counts revocations sooner, and what it admits
 * (a claimed time or a token no longer "in the future") is earlier than a
 * time the CA itself wrote.  seal keeps its own rule and message (tsa.c),
 * ingest judges at the dossier's own time (ltv_ingest.c), the desk asks
 * cli_judge_time for each submission (src/server/pipeline.c). */
int64_t cli_judge_time(const kc_trust *trust, int64_t now, char **why)
{
    char issuer[128] = "", clock[32], floor_s[32];
    int64_t floor = kc_trust_clock_floor(trust, issuer, sizeof issuer);
    struct tm tm;
    *why = NULL;
    if (floor <= now)
        return now;
    time_t t = (time_t)now;
    strftime(clock, sizeof clock, "%Y-%m-%d %H:%M:%S", gmtime_r(&t, &tm));
    t = (time_t)floor;
    strftime(floor_s, sizeof floor_s, "%Y-%m-%d %H:%M:%S", gmtime_r(&t, &tm));
    *why = g_strdup_printf(_("this computer's clock says %s (UTC), but the CRL of %s at hand was issued on %s: the "
                             "clock is behind; signatures are judged as of %s. Set the clock right."),
                           clock, issuer[0] ? issuer : "?", floor_s, floor_s);
    return floor;
}

static void judge_at_floor(cli_verify_args *a, const char *cmd)
{
    char *why = NULL;
    if (a->opts.now || strcmp(cmd, "seal") == 0 || strcmp(cmd, "ingest") == 0 || strcmp(cmd, "serve") == 0)
        return;
    int64_t at = cli_judge_time(a->trust, (int64_t)time(NULL), &why);
    if (!why) /* the clock is not behind: now stays 0, the clock read wherever a verdict is made */
        return;
    a->opts.now = at;
    fprintf(stderr, _("kiemchung %s: warning: %s\n"), cmd, why);
    g_free(why);
}

int cli_verify_args_load(cli_verify_args *a, const char *cmd)
{
    kc_error err = {0};
    a->cmd = cmd;
    if (cli_load_trust(cmd, &a->trust, (char **)a->trust_paths->pdata, a->trust_paths->len, a->no_default_trust) != 0)
        return -1;
    if (kc_roles_new(&a->roles, &err) != 0 || (a->roles_file && kc_roles_load(a->roles, a->roles_file, &err) != 0))
        goto fail;
    for (guint i = 0; i < a->leader_titles->len; i++)
        if (kc_roles_add_leader_title(a->roles, CLI_STR(a->leader_titles, i), &err) != 0)
            goto fail;
    a->opts.roles = a->roles;
    a->catalog = cli_quiet_catalog();
    if (a->online && (kc_online_new(&a->source, NULL, &err) != 0 || kc_trust_use_online(a->trust, a->source, &err) != 0))
        goto fail;
    judge_at_floor(a, cmd);
    return 0;
fail:
    cli_error(cmd, "%s", err.message);
    return -1;
}

void cli_verify_args_clear(cli_verify_args *a)
{
    /* What the network did not answer is said once, when the command ends. */
    for (size_t i = 0; a->source && !cli_quiet() && i < kc_online_failure_count(a->source); i++)
        fprintf(stderr, _("kiemchung %s: online: %s (offline rules applied)\n"), a->cmd,
                kc_online_failure(a->source, i));
    kc_roles_free(a->roles);
    kc_trust_free(a->trust);
    kc_online_free(a->source);
    kc_catalog_free(a->catalog);
    if (a->trust_paths)
        g_ptr_array_unref(a->trust_paths);
    if (a->leader_titles)
        g_ptr_array_unref(a->leader_titles);
    memset(a, 0, sizeof *a);
}
