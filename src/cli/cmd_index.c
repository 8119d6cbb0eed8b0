/* cmd_index.c: `kiemchung index`: criteria 20–22 computed from the outgoing
 * register and the documents themselves, for a commune or a whole district. */
#include <getopt.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "index.h"

static void usage(FILE *out)
{
    fprintf(out, _("Usage: kiemchung index [OPTION]... [--register FILE.csv|FILE.xlsx | DIR]\n"
                   "Compute criteria 20-22 (signed outgoing documents) from the outgoing register\n"
                   "(sổ đăng ký văn bản đi: the Excel workbook, or exported from Excel as CSV) and the\n"
                   "documents it lists.\n\n"
                   "  --register PATH     the register (CSV or workbook), or a directory: one register in\n"
                   "                      it makes a commune; several registers or sub-directories with\n"
                   "                      a register make a district (one commune each); none at all:\n"
                   "                      the register is rebuilt from the PDFs' text (number, date,\n"
                   "                      Nơi nhận)\n"
                   "  --sheet NAME        the register's sheet in an Excel workbook (.xlsx; default: the\n"
                   "                      first visible sheet)\n"
                   "  --district NAME     the reviewing authority as recipients name it, e.g.\n"
                   "                      \"UBND huyện Phú Vang\" or, since July 2025, \"UBND tỉnh …\"\n"
                   "                      (default: the district before 1 July 2025, the province after)\n"
                   "  --year YYYY         count only documents dated in that year\n"
                   "  --json              one JSON object with the ratios and every row\n"
                   "  --csv               the per-row table as CSV (UTF-8 with BOM, opens in Excel)\n"
                   "  --csv-sep C         the CSV separator (default ',', ';' for Excel in Vietnamese)\n"
                   "  --html FILE         also write a report page for a browser or printing: the criteria\n"
                   "                      with bars and every document ('-': only the page, on stdout)\n"
                   "  -o, --output FILE   write to FILE (replaced only when complete)\n"
                   "  -v, --verbose       list every document, not only those not signed\n"
                   "  -h, --help          show this help\n"));
    fprintf(out, "%s", _("\nThe documents are verified as `kiemchung verify` does; indeterminate documents,\n"
                         "whose signing time nothing proves, are counted apart and never as signed:\n"));
    cli_verify_usage(out, true);
    fprintf(out, "%s", _("\nA dossier (DOSSIER.zip, made by kiemchung ingest) is read inside, nothing extracted: its\n"
                         "register and documents, verified with the validation data it holds.\n"));
    fprintf(out, "%s", _("\nExit status: 0 every document signed, 1 some are not, 2 usage or input error.\n"));
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool has_csv_suffix(const char *name)
{
    size_t n = strlen(name);
    /* "~$so-di.xlsx" is the lock file Excel keeps beside an open workbook. */
    return (n > 4 && g_ascii_strcasecmp(name + n - 4, ".csv") == 0) ||
           (n > 5 && g_ascii_strcasecmp(name + n - 5, ".xlsx") == 0 && strncmp(name, "~$", 2) != 0);
}

static bool register_name(const char *name, void *ud)
{
    (void)ud;
    return name[0] != '.' && has_csv_suffix(name);
}

static bool not_hidden(const char *name, void *ud)
{
    (void)ud;
    return name[0] != '.';
}

/* The CSV files and workbooks directly inside dir, sorted. */
static int list_csv(const char *dir, GPtrArray *out)
{
    GPtrArray *names = NULL, *all = cli_strings_new();
    if (kc_dir_list(&names, dir, register_name, NULL, NULL) != 0) {
        g_ptr_array_unref(all);
        return -1;
    }
    for (guint i = 0; i < names->len; i++) {
        char *p = g_build_filename(dir, names->pdata[i], NULL);
        if (!is_dir(p))
            g_ptr_array_add(all, p);
        else
            g_free(p);
    }
    g_ptr_array_unref(names);
    for (guint i = 0; i < all->len; i++) {
        /* so-di.xlsx beside so-di.csv: the CSV was exported from it, one register. */
        const char *path = CLI_STR(all, i);
        size_t len = strlen(path);
        bool exported = false;
        if (len > 5 && g_ascii_strcasecmp(path + len - 5, ".xlsx") == 0)
            for (guint k = 0; k < all->len && !exported; k++)
                exported = strlen(CLI_STR(all, k)) == len - 1 && g_ascii_strncasecmp(CLI_STR(all, k), path, len - 5) == 0 &&
                           g_ascii_strcasecmp(CLI_STR(all, k) + len - 5, ".csv") == 0;
        if (!exported)
            cli_strings_add(out, path);
    }
    g_ptr_array_unref(all);
    return 0;
}

static void commune_free(commune *c)
{
    for (size_t i = 0; i < c->n_rows; i++) {
        free(c->rows[i].signers);
        free(c->rows[i].signers_local);
        free(c->rows[i].problem);
    }
    free(c->rows);
    kc_register_free(c->reg);
    kc_review_free(c->review);
    if (c->warnings)
        g_ptr_array_unref(c->warnings);
    free(c->name);
    free(c->source);
}

static void warn(commune *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(commune *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_ptr_array_add(c->warnings, g_strdup_vprintf(fmt, ap));
    va_end(ap);
}

/* Loads the register of one commune: a CSV or workbook, or the PDFs under a directory. */
static int load_commune(commune *c, const char *path, const char *sheet)
{
    kc_error err = {0};
    c->warnings = cli_strings_new();
    c->source = strdup(path);
    if (!is_dir(path)) {
        char *base = g_path_get_basename(path), *dot = strrchr(base, '.');
        c->name = dot && dot != base ? g_strndup(base, (gsize)(dot - base)) : g_strdup(base);
        g_free(base);
        if (kc_register_load(&c->reg, path, sheet, &err) != 0) {
            cli_error("index", "%s", err.message);
            return -1;
        }
    } else {
        GPtrArray *docs = cli_strings_new();
        char *paths[] = {(char *)path};
        c->name = g_path_get_basename(path);
        int rc = cli_collect_documents("index", paths, 1, docs);
        if (rc == 0 && (rc = kc_register_from_documents(&c->reg, (const char *const *)docs->pdata, docs->len, &err)) != 0)
            cli_error("index", "%s", err.message);
        g_ptr_array_unref(docs);
        if (rc != 0)
            return -1;
        warn(c, _("%s: no register file: %zu documents were read from their text"), path,
             kc_register_count(c->reg));
    }
    for (size_t i = 0; i < kc_register_warning_count(c->reg); i++)
        warn(c, "%s", kc_register_warning(c->reg, i));
    return 0;
}

typedef struct collect {
    commune *c;
    size_t *row_of; /* verdict index → row index */
} collect;

static void take_verdict(size_t i, kc_verdict *v, void *user)
{
    collect *k = user;
    index_row *row = &k->c->rows[k->row_of[i]];
    if (!v) {
        row->status = "error";
        row->problem = strdup(kc_oom_message());
        return;
    }
    row->status = kc_status_name(kc_verdict_status(v));
    row->leader = kc_verdict_has_role(v, KC_ROLE_LEADER);
    row->org = kc_verdict_has_role(v, KC_ROLE_ORG);
    GString *who = g_string_new(NULL), *local = g_string_new(NULL);
    for (size_t s = 0; s < kc_verdict_count(v); s++) {
        const kc_sig_info *si = kc_verdict_sig(v, s);
        g_string_append_printf(who, "%s%s (%s%s)", s ? "; " : "", si->signer ? si->signer : "?",
                               kc_role_name(si->role), si->valid ? "" : si->indeterminate ? ", ?" : ", ✗");
        g_string_append_printf(local, "%s%s (%s%s)", s ? "; " : "", si->signer ? si->signer : "?",
                               cli_role_word(si->role), si->valid ? "" : si->indeterminate ? ", ?" : ", ✗");
        if (!si->valid && !row->problem) {
            for (unsigned b = 0; b < KC_R_COUNT; b++)
                if (si->reasons & (1u << b)) {
                    row->problem = strdup(kc_reason_code(1u << b));
                    break;
                }
        }
    }
    if (kc_verdict_error(v) && !row->problem)
        row->problem = strdup(kc_verdict_error(v));
    row->signers = g_string_free(who, who->len == 0); /* NULL when unsigned */
    row->signers_local = g_string_free(local, local->len == 0);
    kc_verdict_free(v);
}

/* Verifies every listed file and adds up the criteria. */
static int index_commune(commune *c, const kc_trust *trust, const kc_verify_opts *vo, long jobs,
                         const index_opts *o)
{
    size_t n = kc_register_count(c->reg);
    GPtrArray *files = cli_strings_new();
    collect k = {c, calloc(n ? n : 1, sizeof(size_t))};
    c->rows = calloc(n ? n : 1, sizeof *c->rows);
    if (!c->rows || !k.row_of) {
        g_ptr_array_unref(files);
        free(k.row_of);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const kc_register_row *r = kc_register_row_at(c->reg, i);
        if (o->year && r->year != o->year)
            continue;
        index_row *row = &c->rows[c->n_rows++];
        row->reg = r;
        for (size_t w = 0; w < r->n_warnings; w++)
            warn(c, "%s", r->warnings[w]);
        if (!r->file || access(r->file, R_OK) != 0) {
            row->status = "missing";
            if (r->file)
                warn(c, _("%s: %s: the file is missing; the document counts as not signed"),
                     r->where ? r->where : "", r->file);
            continue;
        }
        k.row_of[files->len] = c->n_rows - 1;
        cli_strings_add(files, r->file);
    }
    int rc = cli_verify_all(trust, vo, (char **)files->pdata, files->len, jobs, take_verdict, &k);
    for (size_t i = 0; i < c->n_rows; i++) {
        index_row *row = &c->rows[i];
        row->to_authority = row->reg->recipients &&
                            kc_recipients_name_authority(row->reg->recipients, o->authority, row->reg->year,
                                                         row->reg->month);
        kc_totals_add(&c->totals, strcmp(row->status, "valid") == 0, row->leader, row->to_authority);
        if (strcmp(row->status, "indeterminate") == 0)
            kc_totals_add_indeterminate(&c->totals);
    }
    g_ptr_array_unref(files);
    free(k.row_of);
    return rc;
}

/* What PATH holds: one commune (a CSV, or a directory of documents) or a district. */
static void find_communes(const char *path, GPtrArray *out)
{
    GPtrArray *csvs;
    if (!is_dir(path)) {
        cli_strings_add(out, path);
        return;
    }
    csvs = cli_strings_new();
    list_csv(path, csvs);
    for (guint i = 0; i < csvs->len; i++)
        cli_strings_add(out, CLI_STR(csvs, i));
    if (csvs->len != 1) {
        /* Sub-directories that hold a register are communes too. */
        GPtrArray *names = NULL, *subs = cli_strings_new();
        if (kc_dir_list(&names, path, not_hidden, NULL, NULL) != 0)
            names = g_ptr_array_new();
        for (guint i = 0; i < names->len; i++) {
            char *sub = g_build_filename(path, names->pdata[i], NULL);
            GPtrArray *inner = cli_strings_new();
            if (is_dir(sub) && list_csv(sub, inner) == 0 && inner->len == 1)
                cli_strings_add(subs, CLI_STR(inner, 0));
            g_ptr_array_unref(inner);
            g_free(sub);
        }
        g_ptr_array_unref(names);
        cli_strings_sort(subs); /* by path: "A b/x.csv" before "A/x.csv" */
        for (guint i = 0; i < subs->len; i++)
            cli_strings_add(out, CLI_STR(subs, i));
        g_ptr_array_unref(subs);
    }
    if (out->len == 0)
        cli_strings_add(out, path); /* no register anywhere: read the documents */
    g_ptr_array_unref(csvs);
}

int cmd_index(int argc, char **argv)
{
    enum { OPT_REGISTER = 256, OPT_JSON, OPT_CSV, OPT_CSV_SEP, OPT_DISTRICT, OPT_YEAR, OPT_HTML, OPT_SHEET };
    static const struct option longopts[] = {
        CLI_VERIFY_LONGOPTS, CLI_JOBS_LONGOPTS, {"register", required_argument, NULL, OPT_REGISTER},
        {"json", no_argument, NULL, OPT_JSON}, {"csv", no_argument, NULL, OPT_CSV},
        {"html", required_argument, NULL, OPT_HTML},
        {"csv-sep", required_argument, NULL, OPT_CSV_SEP}, {"district", required_argument, NULL, OPT_DISTRICT},
        {"authority", required_argument, NULL, OPT_DISTRICT}, {"year", required_argument, NULL, OPT_YEAR},
        {"output", required_argument, NULL, 'o'}, {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'}, {"sheet", required_argument, NULL, OPT_SHEET}, {NULL, 0, NULL, 0},
    };
    const char *sheet = NULL;
    GPtrArray *sources = cli_strings_new();
    cli_verify_args va;
    const char *reg_path = NULL, *output = NULL, *html_path = NULL;
    index_opts io = {.csv_sep = ','};
    bool json = false, csv = false;
    commune *communes = NULL;
    size_t n_communes = 0;
    cli_output out = {0};
    int rc = KC_EXIT_USAGE, c, taken;

    cli_verify_args_init(&va);
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:vh", longopts, NULL)) != -1) {
        char *end = NULL;
        if ((taken = cli_verify_args_option(&va, "index", c, optarg)) < 0)
            goto out;
        if (taken)
            continue;
        switch (c) {
        case OPT_REGISTER: reg_path = optarg; break;
        case OPT_SHEET: sheet = optarg; break;
        case OPT_JSON: json = true; break;
        case OPT_CSV: csv = true; break;
        case OPT_HTML: html_path = optarg; break;
        case OPT_CSV_SEP:
            if (strlen(optarg) != 1) {
                cli_error("index", _("--csv-sep takes one character, such as ';'"));
                goto out;
            }
            io.csv_sep = optarg[0];
            break;
        case OPT_DISTRICT: io.authority = optarg; break;
        case OPT_YEAR:
            io.year = (int)strtol(optarg, &end, 10);
            if (!end || *end || io.year < 1945 || io.year > 2200) {
                cli_error("index", _("--year: '%s' is not a year"), optarg);
                goto out;
            }
            break;
        case 'o': output = optarg; break;
        case 'v': io.verbose = true; break;
        case 'h': usage(stdout); rc = KC_EXIT_OK; goto out;
        default: usage(stderr); goto out;
        }
    }
    if (json && csv) {
        cli_error("index", _("--json and --csv cannot be used together"));
        goto out;
    }
    bool html_only = html_path && strcmp(html_path, "-") == 0;
    if (html_only && (json || csv || output)) {
        cli_error("index", _("--html - writes the page on stdout: it cannot go with --json, --csv or -o"));
        goto out;
    }
    if (optind < argc && !reg_path)
        reg_path = argv[optind++];
    if (optind < argc || !reg_path) {
        cli_error("index", reg_path ? _("one register or directory at a time") : _("no register or directory given"));
        usage(stderr);
        goto out;
    }
    if (access(reg_path, R_OK) != 0) {
        cli_error("index", _("%s: cannot read: %s"), reg_path, g_strerror(errno));
        goto out;
    }
    if (cli_verify_args_load(&va, "index") != 0)
        goto out;
    io.accept_claimed_time = va.opts.accept_claimed_time;
    find_communes(reg_path, sources);
    communes = g_new0(commune, sources->len);
    for (guint i = 0; i < sources->len; i++) {
        if (cli_is_dossier(CLI_STR(sources, i))) { /* read inside, nothing extracted (index_dossier.c) */
            if (index_dossier(&communes[n_communes++], CLI_STR(sources, i), &va, &io, sheet) != 0)
                goto out;
            continue;
        }
        if (load_commune(&communes[n_communes++], CLI_STR(sources, i), sheet) != 0)
            goto out; /* an unreadable register stops the run: exit 2 */
        /* In a district, a register inside a commune's folder is named by the folder. */
        char *parent = g_path_get_dirname(CLI_STR(sources, i));
        if (sources->len > 1 && !g_str_equal(parent, reg_path) && is_dir(reg_path)) {
            free(communes[n_communes - 1].name);
            communes[n_communes - 1].name = g_path_get_basename(parent);
        }
        g_free(parent);
        if (index_commune(&communes[n_communes - 1], va.trust, &va.opts, va.jobs, &io) != 0) {
            cli_error("index", "%s", kc_oom_message());
            goto out;
        }
    }
    /* -o FILE is written whole, like the page: stdout otherwise. */
    if (!html_only && cli_output_open("index", &out, output) != 0)
        goto out;
    if (html_path) {
        cli_output page;
        if (cli_output_open("index", &page, html_path) != 0)
            goto out;
        int wrc = index_print_html(page.f, communes, n_communes, &io);
        if (cli_output_close("index", &page, wrc == 0) != 0 || wrc != 0)
            goto out;
    }
    if (html_only) {
        /* the page was the output */
    } else if (json) {
        if (index_print_json(out.f, communes, n_communes, &io) != 0)
            goto out;
    } else if (csv) {
        index_print_csv(out.f, communes, n_communes, &io);
    } else {
        index_print_text(out.f, communes, n_communes, &io);
    }
    if (cli_output_close("index", &out, true) != 0)
        goto out;
    rc = KC_EXIT_OK;
    for (size_t i = 0; i < n_communes; i++)
        if (communes[i].totals.signed_docs < communes[i].totals.documents)
            rc = KC_EXIT_CHECK_FAILED;
out:
    cli_output_close("index", &out, false); /* after an error: nothing half written stays */
    for (size_t i = 0; i < n_communes; i++)
        commune_free(&communes[i]);
    free(communes);
    cli_verify_args_clear(&va);
    g_ptr_array_unref(sources);
    return rc;
}
