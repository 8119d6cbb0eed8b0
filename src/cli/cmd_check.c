/* cmd_check.c: `kiemchung check`: is this dossier what was made and sealed?
 * Everything is examined and every failing file reported (not only the
 * first); exit 1 on any failure, so the reviewing authority's scripts can
 * rely on it. */
#include <getopt.h>
#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static void usage(FILE *out)
{
    fprintf(out, _("Usage: kiemchung check [OPTION]... DOSSIER.zip...\n"
                   "Check a dossier: the zip, the BagIt manifests (every file's SHA-256, files missing\n"
                   "or added), dossier.json against the files, and the seal if there is one (by the\n"
                   "organisation's certificate, of the dossier's commune, no older than the dossier).\n\n"
                   "  --trust PATH          also trust the certificates and CRLs in PATH (file or directory)\n"
                   "  --no-default-trust    do not load the installed Vietnamese trust anchors\n"
                   "  --require-seal        fail a dossier that is not sealed (the reviewing side)\n"
                   "  --max-size SIZE       refuse entries inflating beyond SIZE (default 32G)\n"
                   "  --max-ratio N         refuse entries inflating more than N times (default 200)\n"
                   "  --json                one JSON object per dossier\n"
                   "  -h, --help            show this help\n\n"
                   "Exit status: 0 everything holds, 1 a check failed, 2 usage or input error.\n"));
}

static void print_seal(const kc_sig_info *s)
{
    char when[32] = "-";
    time_t t = (time_t)s->signing_time;
    struct tm tm;
    if (s->signing_time && gmtime_r(&t, &tm))
        strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm);
    printf(_("  sealed by %s%s%s on %s (%s): %s\n"), s->signer ? s->signer : _("unknown signer"),
           s->organization && (!s->signer || strcmp(s->organization, s->signer)) ? ", " : "",
           s->organization && (!s->signer || strcmp(s->organization, s->signer)) ? s->organization : "",
           when, s->time_source == KC_TIME_TIMESTAMP ? _("proven by a timestamp") : _("claimed by the signer"),
           s->valid ? _("valid")
           : s->intact && s->trusted && s->reasons == 0 && !s->covers_document
               ? _("NOT VALID: the dossier changed after it was sealed")
               : _("NOT VALID"));
}

/* One object per dossier, built like the verdicts (json-glib, strings kept
 * UTF-8 whatever the entry names hold); time_source spelled by
 * kc_time_source_name, as in verify --json. */
static void print_json(const char *path, const kc_check *c)
{
    JsonBuilder *b = json_builder_new();
    const kc_sig_info *s = kc_check_seal(c);
    json_builder_begin_object(b);
    kc_json_add_str(b, "dossier", path);
    kc_json_add_bool(b, "ok", kc_check_problem_count(c) == 0);
    kc_json_add_int(b, "files", (int64_t)kc_check_file_count(c));
    kc_json_add_int(b, "bytes", (int64_t)kc_check_bytes(c));
    json_builder_set_member_name(b, "problems");
    json_builder_begin_array(b);
    for (size_t i = 0; i < kc_check_problem_count(c); i++) {
        const kc_problem *pr = kc_check_problem(c, i);
        json_builder_begin_object(b);
        kc_json_add_str(b, "path", pr->path);
        kc_json_add_str(b, "code", pr->code);
        kc_json_add_str(b, "message", pr->message);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "seal");
    if (!s) {
        json_builder_add_null_value(b);
    } else {
        json_builder_begin_object(b);
        kc_json_add_bool(b, "valid", s->valid);
        kc_json_add_str(b, "signer", s->signer ? s->signer : "");
        kc_json_add_str(b, "organization", s->organization ? s->organization : "");
        kc_json_add_int(b, "signing_time", s->signing_time);
        /* where signing_time comes from (not checked_at's source, as in verify) */
        kc_json_add_str(b, "time_source", kc_time_source_name(s->time_source == KC_TIME_TIMESTAMP ? KC_TIME_TIMESTAMP
                                                                                                 : KC_TIME_CLAIMED));
        json_builder_end_object(b);
    }
    json_builder_end_object(b);
    char *text = kc_json_finish(b, false);
    printf("%s\n", text);
    free(text);
}

int cmd_check(int argc, char **argv)
{
    enum { OPT_JSON = 256, OPT_REQUIRE_SEAL };
    static const struct option longopts[] = {
        CLI_TRUST_LONGOPTS,
        CLI_LIMIT_LONGOPTS,
        {"json", no_argument, NULL, OPT_JSON},
        {"require-seal", no_argument, NULL, OPT_REQUIRE_SEAL},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    cli_verify_args va;
    bool json = false, require_seal = false;
    kc_zip_limits lim = {0};
    kc_dossier_events ev;
    cli_events ce;
    int rc = KC_EXIT_USAGE, c, taken;

    cli_events_init(&ce, "check", &ev);
    cli_verify_args_init(&va);
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if ((taken = cli_verify_args_option(&va, "check", c, optarg)) == 0)
            taken = cli_limit_option(&lim, "check", c, optarg);
        if (taken < 0)
            goto out;
        if (taken)
            continue;
        switch (c) {
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
    if (cli_verify_args_load_trust(&va, "check") != 0)
        goto out;
    rc = KC_EXIT_OK;
    for (int i = optind; i < argc; i++) {
        kc_check *chk = NULL;
        kc_error err = {0};
        kc_check_opts opts = {&lim, NULL, &ev, require_seal};
        if (kc_dossier_check(&chk, argv[i], va.trust, &opts, &err) != 0) {
            cli_events_done(&ce);
            cli_error("check", "%s", err.message);
            rc = KC_EXIT_USAGE;
            continue;
        }
        cli_events_done(&ce);
        size_t n = kc_check_problem_count(chk);
        if (json) {
            print_json(argv[i], chk);
        } else {
            char *size = cli_size_text(kc_check_bytes(chk));
            if (n)
                printf(_("%s: FAILED, %zu problems\n"), argv[i], n);
            else
                printf(_("%s: ok, %zu files (%s) as they were made\n"), argv[i], kc_check_file_count(chk), size);
            g_free(size);
            cli_print_problems(stdout, chk);
            if (kc_check_seal(chk))
                print_seal(kc_check_seal(chk));
            else if (!n)
                printf("%s", _("  not sealed\n"));
        }
        if (n && rc == KC_EXIT_OK)
            rc = KC_EXIT_CHECK_FAILED;
        kc_check_free(chk);
    }
out:
    cli_events_done(&ce);
    cli_verify_args_clear(&va);
    return rc;
}
