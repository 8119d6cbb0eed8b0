/* cmd_verify.c: `kiemchung verify`: verdicts on signed documents, one line
 * (or one JSON object) per document, in the order found, whatever --jobs. */
#include <getopt.h>
#include <glib.h>
#include "json_lib.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "verify_html.h"

static void usage(FILE *out)
{
    fprintf(out, "%s", _("Usage: kiemchung verify [OPTION]... PATH...\n"
                         "Check the digital signatures on outgoing documents: PDFs, or any file with a\n"
                         "detached signature FILE.p7s beside it.  Directories are walked recursively.\n\n"));
    cli_verify_usage(out, true);
    fprintf(out, "%s", _("  --json                one JSON object per document per line\n"
                         "  --html FILE           also write a report page for a browser or printing ('-': only the page, on stdout)\n"
                         "  -v, --verbose         show every signature and the reasons\n"
                         "  -h, --help            show this help\n\n"
                         "A signature whose certificate expired or was revoked since, with no timestamp or\n"
                         "--at proving it is older, is indeterminate: not valid, not invalid.\n\n"
                         "Exit status: 0 every document valid, 1 any not valid, 2 usage or input error.\n"));
    fprintf(out, "%s", _("\nA dossier (DOSSIER.zip) is checked as `kiemchung check` does, and every document\n"
                         "inside it verified with the validation data it holds, at the time its timestamped\n"
                         "seal proves.\n"));
}

static const char *status_word(kc_status s)
{
    switch (s) {
    case KC_STATUS_VALID: return _("valid");
    case KC_STATUS_INVALID: return _("INVALID");
    case KC_STATUS_UNSIGNED: return _("unsigned");
    case KC_STATUS_ERROR: return _("ERROR");
    case KC_STATUS_INDETERMINATE: return _("INDETERMINATE");
    }
    return "?";
}

static const char *role_word(kc_role r)
{
    switch (r) {
    case KC_ROLE_LEADER: return _("leader");
    case KC_ROLE_ORG: return _("organisation");
    case KC_ROLE_PERSON: return _("person");
    }
    return "?";
}

static void print_time(const char *label, int64_t t)
{
    char buf[48];
    printf("      %s: %s\n", label, cli_time_text(buf, sizeof buf, t, true));
}

static void print_human(const kc_verdict *v, bool verbose)
{
    size_t width = 0; /* the widest status word, so paths line up in any language */
    for (int st = KC_STATUS_VALID; st <= KC_STATUS_INDETERMINATE; st++)
        if (cli_width(status_word((kc_status)st)) > width)
            width = cli_width(status_word((kc_status)st));
    cli_put_padded(stdout, status_word(kc_verdict_status(v)), width);
    printf(" %s", kc_verdict_path(v));
    if (kc_verdict_status(v) == KC_STATUS_ERROR)
        printf(" — %s", kc_verdict_error(v));
    for (size_t i = 0; i < kc_verdict_count(v); i++) {
        const kc_sig_info *s = kc_verdict_sig(v, i);
        printf("%s %s (%s%s%s)", i ? ";" : " —", s->signer ? s->signer : _("unknown signer"),
               role_word(s->role), s->valid ? "" : s->indeterminate ? _(", indeterminate") : _(", not valid"),
               s->role_withheld == KC_ROLE_LEADER ? _(", a leader only by a root that is not the state's: -v")
               : s->role_withheld == KC_ROLE_ORG  ? _(", the organisation only by a root that is not the state's: -v")
                                                  : "");
    }
    putchar('\n');
    /* One line per note, with or without -v: the signature stays as it is,
     * but whoever opens the file in another viewer may see something else. */
    for (size_t i = 0; i < kc_verdict_note_count(v); i++)
        printf("  ! %s: %s\n", _("this document may look different in another viewer"), kc_verdict_note(v, i)->message);
    if (!verbose)
        return;
    for (size_t i = 0; i < kc_verdict_count(v); i++) {
        const kc_sig_info *s = kc_verdict_sig(v, i);
        printf(_("  signature %zu: %s%s%s\n"), i + 1, s->kind == KC_SIG_PDF ? _("PDF field ") : _("detached"),
               s->field ? s->field : "", s->subfilter ? "" : "");
        printf("      %s: %s%s%s\n", _("signer"), s->signer ? s->signer : "-",
               s->title ? ", " : "", s->title ? s->title : "");
        if (s->organization)
            printf("      %s: %s\n", _("organisation"), s->organization);
        if (s->issuer)
            printf("      %s: %s\n", _("issued by"), s->issuer);
        if (s->anchor)
            printf("      %s: %s\n", _("trust anchor"), s->anchor);
        /* A role under a CA the user added is the subject's word alone: not
         * counted, and said why (cms_anchor.c; rtcert21, rtcert22). */
        if (s->role_withheld != KC_ROLE_PERSON)
            printf("      ! %s\n", s->role_withheld == KC_ROLE_LEADER
                                        ? _("a leader by the certificate's subject, not counted: this trust anchor is "
                                            "not a state root (the government CA's root, the Vietnam National Root CA, "
                                            "or a root the trust directory declares in its state-roots.txt), and such "
                                            "a CA may write any subject; declare the root if it is the state's, or pin "
                                            "the certificate by fingerprint in a roles file")
                                        : _("the organisation by the certificate's subject, not counted: this trust "
                                            "anchor is not a state root (the government CA's root, the Vietnam National "
                                            "Root CA, or a root the trust directory declares in its state-roots.txt), "
                                            "and such a CA may write any subject; declare the root if it is the "
                                            "state's, or pin the certificate by fingerprint in a roles file"));
        print_time(_("signing time"), s->signing_time);
        print_time(_("certificates checked at"), s->checked_at);
        printf("      %s: %s%s%s\n", _("time source"), cli_time_source_word(s->time_source),
               s->time_proof ? ": " : "", s->time_proof ? s->time_proof : "");
        if (s->time_note)
            printf("      %s: %s\n", _("timestamp"), s->time_note);
        printf("      %s: %s   %s: %s   %s: %s   %s: %s\n", _("digest"), s->digest ? s->digest : "-",
               _("intact"), s->intact ? _("yes") : _("no"), _("trusted"), s->trusted ? _("yes") : _("no"),
               _("covers the document"), s->covers_document ? _("yes") : _("no"));
        for (unsigned b = 0; b < KC_R_COUNT; b++)
            if (s->reasons & (1u << b))
                printf("      ✗ %s (%s)\n", kc_reason_text(1u << b), kc_reason_code(1u << b));
        /* No anchor at all: the detail is the reason's own words again, and
         * printed under it they read twice (newcomer42). */
        if (s->detail && strcmp(s->detail, _("The signer's certificate does not chain to a trusted authority.")) != 0)
            printf("      %s\n", s->detail);
    }
    for (size_t i = 0; i < kc_verdict_timestamp_count(v); i++) {
        const kc_timestamp_info *t = kc_verdict_timestamp(v, i);
        /* TRANSLATORS: a document timestamp proves when the document existed; it is not a signer. */
        printf(_("  document timestamp %zu: PDF field %s (not a signature: proves the time of the revisions it covers)\n"),
               i + 1, t->field ? t->field : "");
        if (t->tsa)
            printf("      %s: %s\n", _("timestamp authority"), t->tsa);
        print_time(_("time"), t->gen_time);
        printf("      %s: %s   %s: %s   %s: %zu\n", _("valid"), t->valid ? _("yes") : _("no"),
               _("covers the document"), t->covers_document ? _("yes") : _("no"),
               _("signatures it proves"), t->proves);
        if (t->detail)
            printf("      %s\n", t->detail);
    }
    if (kc_verdict_accepts_claimed_time(v))
        printf("  %s\n", _("--accept-claimed-time: the signers' claimed times were trusted as the signing times."));
}

typedef struct printer {
    bool json, verbose, text; /* text: false when the page goes to stdout */
    verify_html *html;
    size_t counts[5];
    size_t noted;             /* signed documents carrying a note */
    int rc;
    const char *dossier;      /* the dossier the verdicts come from, or NULL */
    size_t unreadable;        /* dossiers that are no readable zip: said as such */
} printer;

static void print_verdict(printer *pr, const kc_verdict *v)
{
    pr->counts[kc_verdict_status(v)]++;
    if (kc_verdict_count(v) > 0 && kc_verdict_note_count(v) > 0)
        pr->noted++;
    if (kc_verdict_status(v) != KC_STATUS_VALID)
        pr->rc = KC_EXIT_CHECK_FAILED;
    if (pr->html)
        verify_html_add(pr->html, v);
    if (!pr->text) {
        /* only the HTML page, written at the end */
    } else if (pr->json) {
        char *line = kc_verdict_to_json(v);
        if (line && pr->dossier) {
            /* a document inside a dossier: the dossier's path first */
            JsonBuilder *b = json_builder_new();
            json_builder_begin_object(b);
            kc_json_add_str(b, "dossier", pr->dossier);
            kc_json_add_members(b, line);
            json_builder_end_object(b);
            free(line);
            line = kc_json_finish(b, false);
        }
        if (line)
            puts(line);
        free(line);
    } else {
        print_human(v, pr->verbose);
    }
    fflush(stdout);
}

static void print_one(size_t i, kc_verdict *v, void *user)
{
    printer *pr = user;
    (void)i;
    if (!v) {
        cli_error("verify", "%s", kc_oom_message());
        pr->rc = KC_EXIT_CHECK_FAILED;
        return;
    }
    print_verdict(pr, v);
    kc_verdict_free(v);
}

/* A dossier: its check, then every document inside with its validation data. */
static size_t verify_dossier(printer *pr, const char *path, const kc_trust *trust, const kc_verify_opts *opts,
                             const kc_catalog *catalog)
{
    kc_dossier_sigs *s = NULL;
    kc_error err = {0};
    kc_check_opts copts = {NULL, opts, NULL, false, catalog};
    size_t n;

    if (kc_dossier_verify(&s, path, trust, &copts, opts, &err) != 0) {
        cli_error("verify", "%s", err.message);
        pr->rc = KC_EXIT_CHECK_FAILED;
        return 0;
    }
    const kc_check *c = kc_dossier_sigs_check(s);
    const char *source = NULL;
    kc_dossier_sigs_poe(s, &source);
    if (kc_check_problem_count(c)) {
        pr->rc = KC_EXIT_CHECK_FAILED;
        cli_error("verify",
                  ngettext("%s: the dossier fails its check (%zu problem; kiemchung check tells more)",
                           "%s: the dossier fails its check (%zu problems; kiemchung check tells more)",
                           kc_check_problem_count(c)),
                  path, kc_check_problem_count(c));
        if (!pr->json && pr->text)
            cli_print_problems(stderr, c);
    }
    /* A file that is no readable zip (a copy cut short) holds nothing to
     * verify: its problem says so and to copy it again.  Saying beside it
     * "a dossier; nothing proves when its documents existed" and "no
     * documents found: check the folder" sent the newcomer elsewhere
     * (newcomer42). */
    if (kc_check_archive_problem(c)) {
        pr->unreadable++;
        kc_dossier_sigs_free(s);
        return 0;
    }
    if (!pr->json && pr->text && source)
        printf(_("%s: a dossier; when its documents existed is proven by %s\n"), path, source);
    else if (!pr->json && pr->text)
        printf(_("%s: a dossier; nothing proves when its documents existed (its seal is missing, not valid or not "
                 "timestamped): checked now\n"), path);
    pr->dossier = path;
    n = kc_dossier_sigs_count(s);
    for (size_t i = 0; i < n; i++)
        print_verdict(pr, kc_dossier_sigs_verdict(s, i));
    pr->dossier = NULL;
    kc_dossier_sigs_free(s);
    return n;
}

int cmd_verify(int argc, char **argv)
{
    enum { OPT_JSON = 256, OPT_HTML };
    static const struct option longopts[] = {
        CLI_VERIFY_LONGOPTS,
        CLI_JOBS_LONGOPTS,
        {"json", no_argument, NULL, OPT_JSON},
        {"html", required_argument, NULL, OPT_HTML},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    GPtrArray *docs = cli_strings_new(), *dossiers = cli_strings_new(), *others = cli_strings_new();
    cli_verify_args va;
    const char *html_path = NULL;
    bool json = false, verbose = false;
    printer pr = {0};
    int rc = KC_EXIT_USAGE, c, taken;

    cli_verify_args_init(&va);
    optind = 1;
    while ((c = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
        if ((taken = cli_verify_args_option(&va, "verify", c, optarg)) < 0)
            goto out;
        if (taken)
            continue;
        switch (c) {
        case OPT_JSON: json = true; break;
        case OPT_HTML: html_path = optarg; break;
        case 'v': verbose = true; break;
        case 'h': usage(stdout); rc = KC_EXIT_OK; goto out;
        default: usage(stderr); goto out;
        }
    }
    if (optind >= argc) {
        cli_error("verify", _("no document given"));
        usage(stderr);
        goto out;
    }
    for (int i = optind; i < argc; i++)
        cli_strings_add(cli_is_dossier(argv[i]) ? dossiers : others, argv[i]);
    if (others->len && cli_collect_documents("verify", (char **)others->pdata, others->len, docs) != 0)
        goto out;
    if (cli_verify_args_load(&va, "verify") != 0)
        goto out;
    va.opts.no_original = true; /* only index and review count a document signed twice once */

    pr.json = json;
    pr.verbose = verbose;
    pr.text = !html_path || strcmp(html_path, "-") != 0;
    if (html_path && !(pr.html = verify_html_new())) {
        cli_error("verify", "%s", kc_oom_message());
        goto out;
    }
    if (cli_verify_all(va.trust, &va.opts, (char **)docs->pdata, docs->len, va.jobs, print_one, &pr) != 0) {
        cli_error("verify", "%s", kc_oom_message());
        goto out;
    }
    size_t total = docs->len;
    for (guint i = 0; i < dossiers->len; i++)
        total += verify_dossier(&pr, CLI_STR(dossiers, i), va.trust, &va.opts, va.catalog);
    rc = pr.rc;
    if (total == 0 && pr.unreadable)
        rc = KC_EXIT_CHECK_FAILED; /* each unreadable dossier said why */
    else if (total == 0) {
        /* Nothing checked is no success: say what to do. */
        cli_error("verify", _("%s: no documents found (PDFs, or files with a .p7s signature beside them): check the folder, or name the documents"),
                  argv[optind]);
        rc = KC_EXIT_CHECK_FAILED;
    }
    if (!json && pr.text && pr.counts[KC_STATUS_INDETERMINATE])
        printf(ngettext("%zu document: %zu valid, %zu indeterminate, %zu invalid, %zu unsigned, %zu unreadable\n",
                        "%zu documents: %zu valid, %zu indeterminate, %zu invalid, %zu unsigned, %zu unreadable\n",
                        total),
               total, pr.counts[KC_STATUS_VALID], pr.counts[KC_STATUS_INDETERMINATE], pr.counts[KC_STATUS_INVALID],
               pr.counts[KC_STATUS_UNSIGNED], pr.counts[KC_STATUS_ERROR]);
    else if (!json && pr.text)
        printf(ngettext("%zu document: %zu valid, %zu invalid, %zu unsigned, %zu unreadable\n",
                        "%zu documents: %zu valid, %zu invalid, %zu unsigned, %zu unreadable\n", total),
               total, pr.counts[KC_STATUS_VALID], pr.counts[KC_STATUS_INVALID], pr.counts[KC_STATUS_UNSIGNED],
               pr.counts[KC_STATUS_ERROR]);
    if (!json && pr.text && pr.noted)
        printf(ngettext("%zu signed document carries a note: it may look different in another viewer (see above)\n",
                        "%zu signed documents carry a note: they may look different in another viewer (see above)\n",
                        pr.noted),
               pr.noted);
    if (!json && pr.text && va.opts.accept_claimed_time)
        printf("%s\n", _("--accept-claimed-time: a signature without a timestamp was checked at the time its signer claims, "
                         "which an expired or revoked certificate can back-date."));
    if (pr.html) {
        cli_output page;
        if (cli_output_open("verify", &page, html_path) != 0) {
            rc = KC_EXIT_USAGE;
            goto out;
        }
        int wrc = verify_html_write(pr.html, page.f);
        if (cli_output_close("verify", &page, wrc == 0) != 0 || wrc != 0)
            rc = KC_EXIT_USAGE;
    }
out:
    verify_html_free(pr.html);
    cli_verify_args_clear(&va);
    g_ptr_array_unref(docs);
    g_ptr_array_unref(dossiers);
    g_ptr_array_unref(others);
    return rc;
}
