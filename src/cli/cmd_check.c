/* cmd_check.c: `kiemchung check`: is this dossier what was made and sealed?
 * Everything is examined and every failing file reported (not only the
 * first); exit 1 on any failure, so the reviewing authority's scripts can
 * rely on it. */
#include <getopt.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static void usage(FILE *out)
{
    fprintf(out, "%s", _("Usage: kiemchung check [OPTION]... DOSSIER.zip...\n"
                         "Check a dossier: the zip, the BagIt manifests (every file's SHA-256, files missing\n"
                         "or added), dossier.json against the files, the validation data, and the seal if\n"
                         "there is one (by the organisation's certificate, of the dossier's commune, no older\n"
                         "than the dossier) with its timestamp and the archive timestamps that renew it.\n"
                         "With --signatures, also verify every signed document inside\n"
                         "again, offline, with the validation data the dossier holds, at the time its\n"
                         "timestamped seal proves: a dossier sealed in 2021 still checks in 2040.\n\n"
                         "  --signatures          verify the signatures of the documents inside too\n"
                         "  --require-seal        fail a dossier that is not sealed (the reviewing side)\n"
                         "  --max-size SIZE       refuse entries inflating beyond SIZE (default 32G)\n"
                         "  --max-ratio N         refuse entries inflating more than N times (default 200)\n"
                         "  --json                one JSON object per dossier\n"
                         "  -v, --verbose         with --signatures, the time each signature was checked at\n"
                         "  -h, --help            show this help\n"));
    fprintf(out, "%s", cli_verify_usage());
    fprintf(out, "%s", _("\nExit status: 0 everything holds, 1 a check failed, 2 usage or input error.\n"));
}

static void utc(char out[32], int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    snprintf(out, 32, "-");
    if (t && gmtime_r(&tt, &tm))
        strftime(out, 32, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

static void print_seal(const kc_check *c)
{
    const kc_sig_info *s = kc_check_seal(c);
    const char *what = NULL, *note = NULL;
    int64_t proven = kc_check_seal_proven_time(c, &what), newest = 0;
    size_t renewed = kc_check_archive_timestamps(c, &newest, &note);
    char when[32], until[32], at[32], checked[32];

    utc(when, s->signing_time);
    utc(until, s->cert_not_after);
    utc(checked, s->checked_at);
    printf(_("  sealed by %s%s%s on %s (%s): %s\n"), s->signer ? s->signer : _("unknown signer"),
           s->organization && (!s->signer || strcmp(s->organization, s->signer)) ? ", " : "",
           s->organization && (!s->signer || strcmp(s->organization, s->signer)) ? s->organization : "",
           when, s->time_source == KC_TIME_TIMESTAMP ? _("proven by a timestamp") : _("claimed by the signer"),
           s->valid ? _("valid")
           : s->intact && s->trusted && s->reasons == 0 && !s->covers_document
               ? _("NOT VALID: the dossier changed after it was sealed")
               : _("NOT VALID"));
    if (s->cert_not_after)
        printf(_("  the seal's certificate was checked at %s (%s%s%s); it is valid until %s\n"), checked,
               cli_time_source_word(s->time_source), s->time_proof ? ": " : "", s->time_proof ? s->time_proof : "",
               until);
    if (proven) {
        utc(at, proven);
        printf(_("  the seal, and every file it covers, existed at %s: proven by %s\n"), at, what);
    }
    if (renewed) {
        utc(at, newest);
        printf(ngettext("  renewed by %zu archive timestamp, the newest at %s\n",
                        "  renewed by %zu archive timestamps, the newest at %s\n", renewed),
               renewed, at);
    }
    if (note)
        printf(_("  note: %s\n"), note);
}

static void print_json(const char *path, const kc_check *c, const kc_dossier_sigs *sigs)
{
    char *p = cli_json_str(path);
    printf("{\"dossier\":%s,\"ok\":%s,\"files\":%zu,\"bytes\":%llu,\"problems\":[", p,
           kc_check_problem_count(c) ? "false" : "true", kc_check_file_count(c),
           (unsigned long long)kc_check_bytes(c));
    g_free(p);
    for (size_t i = 0; i < kc_check_problem_count(c); i++) {
        const kc_problem *pr = kc_check_problem(c, i);
        char *a = cli_json_str(pr->path), *b = cli_json_str(pr->code), *m = cli_json_str(pr->message);
        printf("%s{\"path\":%s,\"code\":%s,\"message\":%s}", i ? "," : "", a, b, m);
        g_free(a);
        g_free(b);
        g_free(m);
    }
    printf("]");
    if (sigs) {
        char *j = cli_dossier_sigs_json(sigs);
        printf(",\"signatures\":%s", j);
        g_free(j);
    }
    printf(",\"seal\":");
    const kc_sig_info *s = kc_check_seal(c);
    if (!s) {
        printf("null}\n");
        return;
    }
    const char *what = NULL, *note = NULL;
    int64_t proven = kc_check_seal_proven_time(c, &what), newest = 0;
    size_t renewed = kc_check_archive_timestamps(c, &newest, &note);
    char *signer = cli_json_str(s->signer), *org = cli_json_str(s->organization), *proof = cli_json_str(what);
    char *why = cli_json_str(note);
    printf("{\"valid\":%s,\"signer\":%s,\"organization\":%s,\"signing_time\":%lld,\"time_source\":\"%s\","
           "\"checked_at\":%lld,\"certificate_not_after\":%lld,\"proven_time\":%lld,\"proven_by\":%s,"
           "\"archive_timestamps\":%zu,\"newest_archive_timestamp\":%lld,\"archive_note\":%s}}\n",
           s->valid ? "true" : "false", signer, org, (long long)s->signing_time,
           kc_time_source_name(s->time_source), (long long)s->checked_at, (long long)s->cert_not_after,
           (long long)proven, proven ? proof : "null", renewed, (long long)newest, note ? why : "null");
    g_free(why);
    g_free(signer);
    g_free(org);
    g_free(proof);
}

int cmd_check(int argc, char **argv)
{
    enum { OPT_MAX_SIZE = 256, OPT_MAX_RATIO, OPT_JSON, OPT_REQUIRE_SEAL, OPT_SIGNATURES };
    static const struct option longopts[] = {
        CLI_VERIFY_OPTIONS,
        {"signatures", no_argument, NULL, OPT_SIGNATURES},
        {"verbose", no_argument, NULL, 'v'},
        {"max-size", required_argument, NULL, OPT_MAX_SIZE},
        {"max-ratio", required_argument, NULL, OPT_MAX_RATIO},
        {"json", no_argument, NULL, OPT_JSON},
        {"require-seal", no_argument, NULL, OPT_REQUIRE_SEAL},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    cli_verify_args va = {0};
    bool json = false, require_seal = false, signatures = false, verbose = false;
    kc_zip_limits lim = {0};
    kc_dossier_events ev;
    cli_events ce;
    int rc = KC_EXIT_USAGE, c;

    cli_events_init(&ce, "check", &ev);
    optind = 1;
    while ((c = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
        int vo = cli_verify_option("check", &va, c, optarg);
        if (vo < 0)
            goto out;
        if (vo > 0)
            continue;
        switch (c) {
        case OPT_SIGNATURES: signatures = true; break;
        case 'v': verbose = true; break;
        case OPT_MAX_SIZE:
            if (!cli_parse_size(optarg, &lim.max_entry)) {
                cli_error("check", _("--max-size: '%s' is not a size (e.g. 500M, 4G)"), optarg);
                goto out;
            }
            break;
        case OPT_MAX_RATIO:
            lim.max_ratio = g_ascii_strtod(optarg, NULL);
            if (lim.max_ratio < 1) {
                cli_error("check", _("--max-ratio: '%s' is not a number above 1"), optarg);
                goto out;
            }
            break;
        case OPT_JSON: json = true; break;
        case OPT_REQUIRE_SEAL: require_seal = true; break;
        case 'h': usage(stdout); rc = KC_EXIT_OK; goto out;
        default: usage(stderr); goto out;
        }
    }
    if (optind >= argc) {
        cli_error("check", _("no dossier given"));
        usage(stderr);
        goto out;
    }
    if (cli_verify_load("check", &va) != 0)
        goto out;
    rc = KC_EXIT_OK;
    for (int i = optind; i < argc; i++) {
        kc_check *own = NULL;
        kc_dossier_sigs *sigs = NULL;
        const kc_check *chk = NULL;
        kc_error err = {0};
        kc_check_opts opts = {&lim, &va.opts, &ev, require_seal};
        if (signatures ? kc_dossier_verify(&sigs, argv[i], va.trust, &opts, &va.opts, &err) != 0
                       : kc_dossier_check(&own, argv[i], va.trust, &opts, &err) != 0) {
            cli_events_done(&ce);
            cli_error("check", "%s", err.message);
            rc = KC_EXIT_USAGE;
            continue;
        }
        chk = sigs ? kc_dossier_sigs_check(sigs) : own;
        cli_events_done(&ce);
        size_t n = kc_check_problem_count(chk);
        if (json) {
            print_json(argv[i], chk, sigs);
        } else {
            char *size = cli_size_text(kc_check_bytes(chk));
            if (n)
                printf(_("%s: FAILED, %zu problems\n"), argv[i], n);
            else
                printf(_("%s: ok, %zu files (%s) as they were made\n"), argv[i], kc_check_file_count(chk), size);
            g_free(size);
            cli_print_problems(stdout, chk);
            if (kc_check_seal(chk))
                print_seal(chk);
            else if (!n)
                printf("%s", _("  not sealed\n"));
            if (sigs)
                cli_print_dossier_sigs(stdout, sigs, verbose);
        }
        if (n && rc == KC_EXIT_OK)
            rc = KC_EXIT_CHECK_FAILED;
        kc_check_free(own);
        kc_dossier_sigs_free(sigs);
    }
out:
    cli_events_done(&ce);
    cli_verify_args_clear(&va);
    return rc;
}
