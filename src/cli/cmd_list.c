/* cmd_list.c: `kiemchung list`: what a dossier holds, criterion by
 * criterion (evidence, sizes, references), as text, as its own dossier.json,
 * or as the commune's report rebuilt from the copy stored in it, so what
 * was submitted can be read back years later.  What it shows is the
 * dossier's own word, so the dossier is checked first, as `check` checks it
 * (cmd_check.c's output, the same trust options), and the first lines say
 * whether that word holds. */
#include <getopt.h>
#include <glib.h>
#include "json_lib.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *out)
{
    fprintf(out, "%s", _("Usage: kiemchung list [OPTION]... DOSSIER.zip\n"
                         "Show a dossier's criteria and their evidence (files, sizes, references), after\n"
                         "checking it as `kiemchung check` does (every file, the manifests, the seal): the\n"
                         "first lines say whether what follows is what was made and sealed.\n\n"
                         "  --json          print the dossier's dossier.json, with the check as \"checked\"\n"
                         "  --report        rebuild the commune's report stored in the dossier, as text\n"
                         "                  (the check on standard error)\n"
                         "  --html          with --report: as a self-contained HTML page\n"
                         "  --require-seal  fail a dossier that is not sealed, as check does\n"
                         "  -h, --help      show this help\n"));
    cli_verify_usage_titled(out);
    fprintf(out, "%s", _("\nExit status: 0 listed, and the dossier checks; 1 it does not (listed all the same,\n"
                         "saying so) or is no readable dossier; 2 usage or input error (no such file).\n"));
}

static void print_text(const kc_dossier *d)
{
    const kc_dossier_meta *m = kc_dossier_get_meta(d);
    uint64_t total = 0;
    GString *missing = g_string_new(NULL);

    if (m->commune || m->district || m->province || m->year) {
        printf("%s%s%s%s%s", m->commune ? m->commune : "", m->district ? ", " : "",
               m->district ? m->district : "", m->province ? ", " : "", m->province ? m->province : "");
        if (m->year)
            printf(_(", year %d"), m->year);
        putchar('\n');
    }
    char made[48];
    GDateTime *dt = kc_dossier_date(d) ? g_date_time_new_from_iso8601(kc_dossier_date(d), NULL) : NULL;
    if (dt) { /* the date in the language's one form */
        cli_date_text(made, sizeof made, g_date_time_to_unix(dt));
        g_date_time_unref(dt);
    } else {
        snprintf(made, sizeof made, "%.10s", kc_dossier_date(d) ? kc_dossier_date(d) : "-");
    }
    printf(_("Made on %s\n\n"), made);
    for (size_t i = 0; i < kc_dossier_criterion_count(d); i++) {
        const kc_dossier_criterion *c = kc_dossier_get_criterion(d, i);
        const char *num = *c->number ? c->number : "";
        if (!c->nevidence && !c->heading && *c->number)
            g_string_append_printf(missing, "%s%s", missing->len ? ", " : "", c->key);
        printf("%-5s ", num);
        cli_put_padded(stdout, *c->name ? c->name : _("(no name)"), 0);
        putchar('\n');
        for (size_t e = 0; e < c->nevidence; e++) {
            const kc_evidence *ev = &c->evidence[e];
            const kc_dossier_file *f = kc_dossier_get_file(d, ev->file);
            char *size = cli_size_text(f->size);
            printf("        %s  (%s)%s%s\n", f->path + 5, size, *ev->reference ? "  " : "", ev->reference);
            g_free(size);
        }
    }
    printf("\n");
    size_t unfiled = 0;
    for (size_t i = 0; i < kc_dossier_file_count(d); i++) {
        const kc_dossier_file *f = kc_dossier_get_file(d, i);
        total += f->size;
        if (!f->ncitations) {
            if (!unfiled++)
                printf("%s", _("Filed under no criterion:\n"));
            printf("        %s\n", f->path + 5);
        }
    }
    if (missing->len)
        printf(_("Criteria without evidence: %s\n"), missing->str);
    char *size = cli_size_text(total);
    printf(ngettext("%zu file, %s\n", "%zu files, %s\n", kc_dossier_file_count(d)), kc_dossier_file_count(d), size);
    g_free(size);
    g_string_free(missing, TRUE);
}

/* The check, as check prints it, and when it fails that what follows is the
 * dossier's own word. */
static void say_check(FILE *out, const char *path, const kc_check *chk)
{
    cli_print_check(out, path, chk);
    if (kc_check_problem_count(chk))
        fprintf(out, "%s\n", _("  what follows is what the dossier says of itself, which this check does not bear out"));
}

/* dossier.json with the check first: {"checked": check --json's object, …};
 * d NULL: the check alone (a dossier list refuses). */
static void print_json(const char *path, const kc_dossier *d, const kc_check *chk)
{
    char *own = d ? kc_dossier_to_json(d) : NULL, *checked = cli_check_json(path, chk, NULL);
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    kc_json_add_json(b, "checked", checked);
    if (own)
        kc_json_add_members(b, own);
    json_builder_end_object(b);
    char *text = kc_json_finish(b, true);
    fputs(text ? text : "", stdout);
    fputc('\n', stdout);
    free(text);
    free(own);
    free(checked);
}

/* rtzip16: list --json of a dossier it refuses (its zip or its entries, as
 * check refuses them) wrote nothing on standard output, while check --json
 * wrote its object: a JSON reader of list got no document at all.  Now it
 * gets {"checked": check --json's object} and nothing the dossier says of
 * itself.  False when check could not judge the file either. */
static bool print_refused_json(const char *path, cli_verify_args *va, kc_zip_limits *lim, bool require_seal)
{
    kc_check_opts opts = {lim, &va->opts, NULL, require_seal, va->catalog};
    kc_check *chk = NULL;
    kc_error e = {0};
    bool done = false;
    if (cli_verify_args_load(va, "list") == 0 && kc_dossier_check(&chk, path, va->trust, &opts, &e) == 0 &&
        kc_check_problem_count(chk) > 0) {
        print_json(path, NULL, chk);
        done = true;
    }
    kc_check_free(chk);
    return done;
}

int cmd_list(int argc, char **argv)
{
    enum { OPT_JSON = 256, OPT_REPORT, OPT_HTML, OPT_REQUIRE_SEAL };
    static const struct option longopts[] = {
        CLI_VERIFY_LONGOPTS,
        CLI_LIMIT_LONGOPTS,
        {"json", no_argument, NULL, OPT_JSON},
        {"report", no_argument, NULL, OPT_REPORT},
        {"html", no_argument, NULL, OPT_HTML},
        {"require-seal", no_argument, NULL, OPT_REQUIRE_SEAL},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    bool json = false, report = false, html = false, require_seal = false;
    cli_verify_args va;
    kc_zip_limits lim = {0};
    kc_dossier *d = NULL;
    kc_check *chk = NULL;
    kc_report *rep = NULL;
    kc_error err = {0};
    char *text = NULL, *out = NULL;
    size_t len = 0;
    int rc = KC_EXIT_USAGE, c, taken;

    cli_verify_args_init(&va);
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if ((taken = cli_verify_args_option(&va, "list", c, optarg)) == 0)
            taken = cli_limit_option(&lim, "list", c, optarg);
        if (taken < 0)
            goto done;
        if (taken)
            continue;
        switch (c) {
        case OPT_JSON: json = true; break;
        case OPT_REPORT: report = true; break;
        case OPT_HTML: html = true; break;
        case OPT_REQUIRE_SEAL: require_seal = true; break;
        case 'h': usage(stdout); rc = KC_EXIT_OK; goto done;
        default: usage(stderr); goto done;
        }
    }
    if (optind + 1 != argc) {
        cli_error("list", optind >= argc ? _("no dossier given") : _("one dossier at a time"));
        usage(stderr);
        goto done;
    }
    const char *path = argv[optind];
    if (kc_dossier_open_listed(&d, path, &err) != 0)
        goto fail;
    if (cli_verify_args_load(&va, "list") != 0)
        goto done;
    /* rtzip5: what list shows is dossier.json's word; a dossier.json rewritten
     * after sealing (its manifests made to agree) listed as it said, exit 0.
     * It is judged first, by check's code and options. */
    kc_check_opts opts = {&lim, &va.opts, NULL, require_seal, va.catalog};
    if (kc_dossier_check(&chk, path, va.trust, &opts, &err) != 0) {
        cli_error("list", "%s", err.message);
        goto done;
    }
    bool failed = kc_check_problem_count(chk) > 0;
    if (json) {
        print_json(path, d, chk);
    } else if (report) {
        say_check(stderr, path, chk); /* a rebuilt report stays the report alone */
        if (kc_dossier_read_report(&text, &len, d, &err) != 0)
            goto fail;
        if (!text) {
            cli_error("list", _("%s holds no report (it was made without --report)"), path);
            goto done;
        }
        if (kc_report_parse_buffer(&rep, text, len, "report.txt", &err) != 0 ||
            kc_report_render(&out, rep, html ? KC_RENDER_HTML : KC_RENDER_TEXT, &err) != 0)
            goto fail;
        fputs(out, stdout);
    } else {
        say_check(stdout, path, chk);
        putchar('\n');
        print_text(d);
    }
    rc = failed ? KC_EXIT_CHECK_FAILED : KC_EXIT_OK;
    goto done;
fail:
    /* A file that is there but is no readable dossier: the exit status
     * `check` gives it; a file that cannot be opened is an input error. */
    if (err.code == KC_EFORMAT || err.code == KC_ELIMIT) {
        rc = KC_EXIT_CHECK_FAILED;
        if (json && !d)
            print_refused_json(argv[optind], &va, &lim, require_seal);
    }
    cli_error("list", "%s", err.message);
done:
    free(out);
    free(text);
    kc_report_free(rep);
    kc_check_free(chk);
    kc_dossier_free(d);
    cli_verify_args_clear(&va);
    return rc;
}
