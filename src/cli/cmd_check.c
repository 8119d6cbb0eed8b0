/* cmd_check.c: `kiemchung check`: is this dossier what was made and sealed?
 * Everything is examined and every failing file reported (not only the
 * first); exit 1 on any failure, so the reviewing authority's scripts can
 * rely on it. */
#include <getopt.h>
#include <glib.h>
#include "json_lib.h"
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
    cli_verify_usage_titled(out);
    fprintf(out, "%s", _("\nExit status: 0 everything holds, 1 a check failed, 2 usage or input error.\n"));
}

static void print_seal(FILE *out, const kc_check *c)
{
    const kc_sig_info *s = kc_check_seal(c);
    const char *what = NULL, *note = NULL;
    int64_t proven = kc_check_seal_proven_time(c, &what), newest = 0;
    size_t renewed = kc_check_archive_timestamps(c, &newest, &note);
    char when[48], until[48], at[48], checked[48]; /* in the user's zone, named */

    cli_time_text(when, sizeof when, s->signing_time, true);
    cli_time_text(until, sizeof until, s->cert_not_after, true);
    cli_time_text(checked, sizeof checked, s->checked_at, true);
    fprintf(out, _("  sealed by %s%s%s on %s (%s): %s\n"), s->signer ? s->signer : _("unknown signer"),
           s->organization && (!s->signer || strcmp(s->organization, s->signer)) ? ", " : "",
           s->organization && (!s->signer || strcmp(s->organization, s->signer)) ? s->organization : "",
           /* rttime17: with --at the chain's time is the caller's, yet the
            * time shown is still the seal's token's ("claimed" before). */
           when, s->signing_time_proven ? _("proven by a timestamp") : _("claimed by the signer"),
           s->valid ? _("valid")
           : s->intact && s->trusted && s->reasons == 0 && !s->covers_document
               ? _("NOT VALID: the dossier changed after it was sealed")
               : _("NOT VALID"));
    if (s->cert_not_after)
        fprintf(out, _("  the seal's certificate was checked at %s (%s%s%s); it is valid until %s\n"), checked,
               cli_time_source_word(s->time_source), s->time_proof ? ": " : "", s->time_proof ? s->time_proof : "",
               until);
    /* A seal timestamp that proves nothing (its TSA expired since and no
     * archive timestamp renewed it in time, revoked, untrusted) is why the
     * seal was checked now: say so, or the clerk only sees "claimed". */
    if (s->time_note && s->time_source != KC_TIME_TIMESTAMP)
        fprintf(out, _("  the seal's timestamp proves nothing: %s\n"), s->time_note);
    if (proven) {
        cli_time_text(at, sizeof at, proven, true);
        fprintf(out, _("  the seal, and every file it covers, existed at %s: proven by %s\n"), at, what);
    }
    if (renewed) {
        cli_time_text(at, sizeof at, newest, true);
        fprintf(out, ngettext("  renewed by %zu archive timestamp, the newest at %s\n",
                        "  renewed by %zu archive timestamps, the newest at %s\n", renewed),
               renewed, at);
    }
    /* The newest proof holds only while its authority's certificate does
     * (kc_ts_require_poe): the archivist must renew before that date, and
     * learns it here, not when the check has already stopped proving. */
    int64_t due = kc_check_seal_renew_by(c), now = (int64_t)time(NULL);
    if (due > now) {
        cli_time_text(at, sizeof at, due, true);
        fprintf(out, due - now < (int64_t)366 * 86400
                         ? _("  renew the seal soon, before %s, when the certificate of the timestamp authority that "
                             "proves it ends: after that it proves nothing (kiemchung seal --renew --tsa URL)\n")
                         : _("  renew the seal before %s, when the certificate of the timestamp authority that "
                             "proves it ends: after that it proves nothing (kiemchung seal --renew --tsa URL)\n"),
                at);
    }
    if (note)
        fprintf(out, _("  note: %s\n"), note);
}

void cli_print_check(FILE *out, const char *path, const kc_check *chk)
{
    size_t n = kc_check_problem_count(chk);
    char *size = cli_size_text(kc_check_bytes(chk));
    if (n)
        fprintf(out, ngettext("%s: FAILED, %zu problem\n", "%s: FAILED, %zu problems\n", n), path, n);
    else
        fprintf(out, ngettext("%s: ok, %zu file (%s) as it was made\n", "%s: ok, %zu files (%s) as they were made\n",
                              kc_check_file_count(chk)),
                path, kc_check_file_count(chk), size);
    g_free(size);
    cli_print_problems(out, chk);
    if (kc_check_seal(chk))
        print_seal(out, chk);
    else if (!n)
        fprintf(out, "%s", _("  not sealed\n"));
}

/* One object per dossier, built like the verdicts (json-glib, strings kept
 * UTF-8 whatever the entry names hold); time_source spelled by
 * kc_time_source_name, as in verify --json. */
char *cli_check_json(const char *path, const kc_check *c, const kc_dossier_sigs *sigs)
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
    if (sigs)
        cli_dossier_sigs_json(b, sigs);
    json_builder_set_member_name(b, "seal");
    if (!s) {
        json_builder_add_null_value(b);
    } else {
        const char *what = NULL, *note = NULL;
        int64_t proven = kc_check_seal_proven_time(c, &what), newest = 0;
        size_t renewed = kc_check_archive_timestamps(c, &newest, &note);
        json_builder_begin_object(b);
        kc_json_add_bool(b, "valid", s->valid);
        kc_json_add_str(b, "signer", s->signer ? s->signer : "");
        kc_json_add_str(b, "organization", s->organization ? s->organization : "");
        kc_json_add_int(b, "signing_time", s->signing_time);
        kc_json_add_str(b, "time_source", kc_time_source_name(s->time_source));
        kc_json_add_str(b, "time_note", s->time_note);
        kc_json_add_int(b, "checked_at", s->checked_at);
        kc_json_add_int(b, "certificate_not_after", s->cert_not_after);
        kc_json_add_int(b, "proven_time", proven);
        kc_json_add_str(b, "proven_by", proven ? (what ? what : "") : NULL);
        kc_json_add_int(b, "archive_timestamps", (int64_t)renewed);
        kc_json_add_int(b, "newest_archive_timestamp", newest);
        kc_json_add_str(b, "archive_note", note);
        kc_json_add_int(b, "renew_by", kc_check_seal_renew_by(c));
        json_builder_end_object(b);
    }
    json_builder_end_object(b);
    return kc_json_finish(b, false);
}

static void print_json(const char *path, const kc_check *c, const kc_dossier_sigs *sigs)
{
    char *text = cli_check_json(path, c, sigs);
    printf("%s\n", text);
    free(text);
}

int cmd_check(int argc, char **argv)
{
    enum { OPT_JSON = 256, OPT_REQUIRE_SEAL, OPT_SIGNATURES };
    static const struct option longopts[] = {
        CLI_VERIFY_LONGOPTS,
        CLI_LIMIT_LONGOPTS,
        {"signatures", no_argument, NULL, OPT_SIGNATURES},
        {"verbose", no_argument, NULL, 'v'},
        {"json", no_argument, NULL, OPT_JSON},
        {"require-seal", no_argument, NULL, OPT_REQUIRE_SEAL},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    cli_verify_args va;
    bool json = false, require_seal = false, signatures = false, verbose = false;
    kc_zip_limits lim = {0};
    kc_dossier_events ev;
    cli_events ce;
    int rc = KC_EXIT_USAGE, c, taken;

    cli_events_init(&ce, "check", &ev);
    cli_verify_args_init(&va);
    optind = 1;
    while ((c = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
        if ((taken = cli_verify_args_option(&va, "check", c, optarg)) == 0)
            taken = cli_limit_option(&lim, "check", c, optarg);
        if (taken < 0)
            goto out;
        if (taken)
            continue;
        switch (c) {
        case OPT_SIGNATURES: signatures = true; break;
        case 'v': verbose = true; break;
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
    if (cli_verify_args_load(&va, "check") != 0)
        goto out;
    rc = KC_EXIT_OK;
    for (int i = optind; i < argc; i++) {
        kc_check *own = NULL;
        kc_dossier_sigs *sigs = NULL;
        const kc_check *chk = NULL;
        kc_error err = {0};
        kc_check_opts opts = {&lim, &va.opts, &ev, require_seal, va.catalog};
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
            cli_print_check(stdout, argv[i], chk);
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
