/* cmd_serve.c: `kiemchung serve`: the commune's and the district's desk in a
 * browser.  Reads the options (the verify options every checking command
 * takes, applied to every submission), opens the data folder (created on the
 * first start) and serves until Ctrl+C or SIGTERM; the server itself is
 * src/server/. */
#include <getopt.h>
#include <glib-unix.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "server.h"

static void usage(FILE *out)
{
    fprintf(out, _("Usage: kiemchung serve [--data DIR] [--listen ADDRESS:PORT] [OPTION]...\n"
                   "The desk in a browser: commune clerks upload their register, documents and evidence\n"
                   "and see what to fix; the district sees every commune's year in one table.\n\n"
                   "  --data DIR          the server's folder (database, stored files; default:\n"
                   "                      kiemchung-data), created on the first start\n"
                   "  --listen ADDR:PORT  where to listen (default 127.0.0.1:8080; 0.0.0.0:8080 for the\n"
                   "                      office network; port 0: any free port)\n"
                   "  --workers N         submissions checked at once (default: one per CPU, at most 4)\n"
                   "  --max-upload SIZE   the largest upload (default 1G), e.g. 500M\n"
                   "  --max-files N       the most files in one submission (default 20000)\n"
                   "  --max-commune-storage SIZE  the most one commune's submissions keep (default 20G)\n"
                   "  --max-district-storage SIZE  the most one district's communes keep (default: the\n"
                   "                      commune's limit times its communes with a clerk's account)\n"
                   "  --max-waiting N     submissions waiting or being checked at once, per commune and\n"
                   "                      per account (a district's officer's or the administrator's:\n"
                   "                      N times the communes with a clerk's account, its district's);\n"
                   "                      uploads being sent at once, per account (default 2)\n"
                   "  --max-analysis-time SECONDS  the longest one submission's analysis may take, then it\n"
                   "                      fails and the worker goes on (default: 5 minutes, 0.1 s more\n"
                   "                      per file and 1 s more per 10 MB)\n"
                   "  --secure-cookie     the session cookie only over HTTPS, named __Host-kc_session\n"
                   "                      (behind a TLS proxy that sends no X-Forwarded-Proto; with it,\n"
                   "                      the cookie is so anyway)\n"
                   "  --proxy ADDRESS     the TLS proxy in front: its requests are counted (failed\n"
                   "                      logins) and logged by the browser's address (X-Forwarded-For)\n"
                   "  --host NAME         a name the desk is opened by (repeatable); with it, or when\n"
                   "                      listening on loopback, a request naming another host (DNS\n"
                   "                      rebinding) is refused; IP addresses and localhost always pass\n"
                   "  --district NAME     the reviewing authority as recipients name it (as for index)\n"
                   "  --login-attempts N  failed logins (per user, per address) before the login is\n"
                   "                      refused for 15 minutes (default 10; slowed after a third)\n"
                   "  -h, --help          show this help\n\n"
                   "Accounts: kiemchung user add --data DIR --role admin|district|commune ... NAME.\n"
                   "The verify options below apply to every submission:\n"));
    cli_verify_usage(out, false);
}

/* A name a browser sends as Host: ASCII letters, digits, '-' and '.'
 * (an international name in its xn-- form), or an IP literal. */
static bool host_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (g_hostname_is_ip_address(name))
        return true;
    if (n == 0 || n > 253 || name[0] == '.' || name[0] == '-')
        return false;
    for (const char *p = name; *p; p++)
        if (!g_ascii_isalnum(*p) && *p != '-' && *p != '.')
            return false;
    return true;
}

static gboolean on_signal(gpointer loop)
{
    g_main_loop_quit(loop);
    return G_SOURCE_CONTINUE;
}

static bool has_users(srv *s)
{
    sqlite3 *db = srv_db_lock(s->store);
    sqlite3_stmt *st = srv_db_prepare(db, "SELECT EXISTS (SELECT 1 FROM users)");
    bool any = st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    srv_db_unlock(s->store);
    return any;
}

int cmd_serve(int argc, char **argv)
{
    enum { OPT_DATA = 256, OPT_LISTEN, OPT_WORKERS, OPT_MAX_UPLOAD, OPT_MAX_FILES, OPT_MAX_COMMUNE, OPT_DISTRICT, OPT_LOGIN,
           OPT_MAX_DISTRICT, OPT_MAX_WAITING, OPT_MAX_ANALYSIS, OPT_SECURE_COOKIE, OPT_PROXY, OPT_HOST };
    static const struct option longopts[] = {
        CLI_VERIFY_LONGOPTS,
        {"data", required_argument, NULL, OPT_DATA},
        {"listen", required_argument, NULL, OPT_LISTEN},
        {"workers", required_argument, NULL, OPT_WORKERS},
        {"max-upload", required_argument, NULL, OPT_MAX_UPLOAD},
        {"max-files", required_argument, NULL, OPT_MAX_FILES},
        {"max-commune-storage", required_argument, NULL, OPT_MAX_COMMUNE},
        {"max-district-storage", required_argument, NULL, OPT_MAX_DISTRICT},
        {"max-waiting", required_argument, NULL, OPT_MAX_WAITING},
        {"max-analysis-time", required_argument, NULL, OPT_MAX_ANALYSIS},
        {"secure-cookie", no_argument, NULL, OPT_SECURE_COOKIE},
        {"proxy", required_argument, NULL, OPT_PROXY},
        {"host", required_argument, NULL, OPT_HOST},
        {"district", required_argument, NULL, OPT_DISTRICT},
        {"authority", required_argument, NULL, OPT_DISTRICT},
        {"login-attempts", required_argument, NULL, OPT_LOGIN},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    srv_config cfg = {0};
    cli_verify_args va;
    kc_catalog *catalog = NULL;
    srv *s = NULL;
    kc_error err = {0};
    int rc = KC_EXIT_USAGE, c;
    char *end = NULL;
    GPtrArray *hosts = g_ptr_array_new_with_free_func(g_free);

    srv_limits_default(&cfg.limits);
    cli_verify_args_init(&va);
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        int taken = cli_verify_args_option(&va, "serve", c, optarg);
        if (taken < 0)
            goto out;
        if (taken)
            continue;
        switch (c) {
        case OPT_DATA: cfg.data_dir = optarg; break;
        case OPT_LISTEN: cfg.listen = optarg; break;
        case OPT_DISTRICT: cfg.authority = optarg; break;
        case OPT_SECURE_COOKIE: cfg.secure_cookie = true; break;
        case OPT_PROXY:
            if (!g_hostname_is_ip_address(optarg)) {
                cli_error("serve", _("--proxy: '%s' is not an IP address (the proxy's, e.g. 127.0.0.1)"), optarg);
                goto out;
            }
            cfg.proxy = optarg;
            break;
        case OPT_HOST:
            if (!host_name_ok(optarg)) {
                cli_error("serve", _("--host: '%s' is not a host name (e.g. desk.example.gov.vn)"), optarg);
                goto out;
            }
            g_ptr_array_add(hosts, g_strdup(optarg));
            break;
        case OPT_WORKERS:
            cfg.workers = (unsigned)strtoul(optarg, &end, 10);
            if (!end || *end || cfg.workers < 1 || cfg.workers > 64) {
                cli_error("serve", _("--workers: '%s' is not a number from 1 to 64"), optarg);
                goto out;
            }
            break;
        case OPT_MAX_UPLOAD:
            if (!cli_parse_size(optarg, &cfg.limits.max_upload) || cfg.limits.max_upload < 1024) {
                cli_error("serve", _("--max-upload: '%s' is not a size (e.g. 500M, 2G)"), optarg);
                goto out;
            }
            cfg.limits.max_file = MIN(cfg.limits.max_file, cfg.limits.max_upload);
            break;
        case OPT_MAX_FILES:
            cfg.limits.max_files = strtoull(optarg, &end, 10);
            if (!end || *end || cfg.limits.max_files < 1) {
                cli_error("serve", _("--max-files: '%s' is not a number"), optarg);
                goto out;
            }
            break;
        case OPT_MAX_COMMUNE:
            if (!cli_parse_size(optarg, &cfg.limits.max_commune) || cfg.limits.max_commune < 1024) {
                cli_error("serve", _("--max-commune-storage: '%s' is not a size (e.g. 500M, 2G)"), optarg);
                goto out;
            }
            break;
        case OPT_MAX_DISTRICT:
            if (!cli_parse_size(optarg, &cfg.limits.max_district) || cfg.limits.max_district < 1024) {
                cli_error("serve", _("--max-district-storage: '%s' is not a size (e.g. 50G, 1T)"), optarg);
                goto out;
            }
            break;
        case OPT_MAX_WAITING:
            cfg.limits.max_waiting = (unsigned)strtoul(optarg, &end, 10);
            if (!end || *end || cfg.limits.max_waiting < 1 || cfg.limits.max_waiting > 100) {
                cli_error("serve", _("--max-waiting: '%s' is not a number from 1 to 100"), optarg);
                goto out;
            }
            break;
        case OPT_MAX_ANALYSIS:
            cfg.limits.max_analysis = (unsigned)strtoul(optarg, &end, 10);
            if (!end || *end || cfg.limits.max_analysis < 1 || cfg.limits.max_analysis > 7 * 86400) {
                cli_error("serve", _("--max-analysis-time: '%s' is not a number of seconds from 1 to 604800"), optarg);
                goto out;
            }
            break;
        case OPT_LOGIN:
            cfg.limits.login_block = (unsigned)strtoul(optarg, &end, 10);
            if (!end || *end || cfg.limits.login_block < 1 || cfg.limits.login_block > 1000) {
                cli_error("serve", _("--login-attempts: '%s' is not a number from 1 to 1000"), optarg);
                goto out;
            }
            cfg.limits.login_slow = cfg.limits.login_block / 3;
            break;
        case 'h': usage(stdout); rc = KC_EXIT_OK; goto out;
        default: usage(stderr); goto out;
        }
    }
    if (optind < argc) {
        cli_error("serve", _("unexpected argument '%s'"), argv[optind]);
        goto out;
    }
    /* Before any thread: the language of what the analysis writes (Vietnamese
     * unless --lang or the environment names one), no progress bars from the
     * workers, the server's own messages in both languages. */
    if (!cli_lang_named())
        cli_use_language("vi");
    cli_set_quiet(true);
    srv_i18n_init(cli_locale_dir());
    if (cli_verify_args_load(&va, "serve") != 0 || cli_load_catalog("serve", &catalog, NULL) != 0)
        goto out;
    if (hosts->len) {
        g_ptr_array_add(hosts, NULL);
        cfg.hosts = (char **)hosts->pdata;
    }
    cfg.trust = va.trust;
    cfg.verify = &va.opts;
    cfg.catalog = catalog;
    if (srv_new(&s, &cfg, &err) != 0 || srv_listen(s, &err) != 0) {
        cli_error("serve", "%s", err.message);
        goto out;
    }
    printf(_("kiemchung: the desk is open at %s — open that address in a browser\n"), s->url);
    printf(_("kiemchung: data in %s; Ctrl+C stops the server\n"), cfg.data_dir ? cfg.data_dir : "kiemchung-data");
    if (!has_users(s))
        printf(_("kiemchung: no account yet; make the first one with:\n"
                 "  kiemchung user add --data %s --role admin NAME\n"),
               cfg.data_dir ? cfg.data_dir : "kiemchung-data");
    fflush(stdout);
    GMainLoop *loop = g_main_loop_new(NULL, FALSE);
    g_unix_signal_add(SIGINT, on_signal, loop);
    g_unix_signal_add(SIGTERM, on_signal, loop);
    g_main_loop_run(loop);
    g_main_loop_unref(loop);
    rc = KC_EXIT_OK;
out:
    srv_free(s);
    kc_catalog_free(catalog);
    cli_verify_args_clear(&va);
    g_ptr_array_unref(hosts);
    return rc;
}
