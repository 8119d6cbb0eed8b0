/* cmd_user.c: `kiemchung user add|passwd|del|list`: the desk's accounts, made on the
 * server's machine (the first admin too).  The password is typed twice
 * without echo on a terminal, or read from the first line of standard input
 * when that is not a terminal (scripts); never from the command line, where
 * `ps` and the shell's history would show it. */
#include <getopt.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "server.h"

static void usage(FILE *out)
{
    fprintf(out, _("Usage: kiemchung user add --data DIR --role ROLE [--commune NAME] [--district NAME] USER\n"
                   "       kiemchung user list --data DIR\n"
                   "       kiemchung user passwd --data DIR USER\n"
                   "       kiemchung user del --data DIR USER\n"
                   "Accounts of the desk (kiemchung serve).  ROLE is admin (everything), district (the\n"
                   "communes of its district or province: --district names the authority, e.g.\n"
                   "\"UBND huyện Phú Vang\") or commune (its own commune only: --commune \"Xã Hồng Kim\",\n"
                   "and --district the commune's authority).  The password is asked without echo on a\n"
                   "terminal, or read from the first line of standard input.  passwd gives USER a new\n"
                   "password (asked the same way) and ends every session USER has open.  del closes the\n"
                   "account: it ends its sessions and no password opens it again; its submissions and the\n"
                   "audit log keep its name, which no new account may take.\n\n"
                   "  --data DIR          the server's folder (default kiemchung-data)\n"
                   "  -h, --help          show this help\n"));
    fprintf(out, _("  --new-commune       add: the commune named without marks on its place is indeed\n"
                   "                      another than the communes of the district its name folds to\n"
                   "                      (Xã Thanh An beside Xã Thạnh An); else such a name is refused\n"));
}

static int read_password(char *buf, size_t size)
{
    char again[256];
    if (!isatty(STDIN_FILENO)) {
        if (!fgets(buf, (int)size, stdin))
            return -1;
        buf[strcspn(buf, "\r\n")] = 0;
        return 0;
    }
    if (cli_read_tty(_("Password (not shown): "), buf, size) != 0 ||
        cli_read_tty(_("The same password again: "), again, sizeof again) != 0)
        return -1;
    int rc = strcmp(buf, again) == 0 ? 0 : -2;
    OPENSSL_cleanse(again, sizeof again);
    return rc;
}

/* Whether USER's commune belongs to a district.  A commune with none is no
 * district's: only the administrator sees its submissions (see the security
 * model), which an administrator who left out --district does not expect. */
static bool commune_has_district(srv_store *st, const char *user)
{
    sqlite3 *db = srv_db_lock(st);
    sqlite3_stmt *q = srv_db_prepare(db, "SELECT COALESCE(u.district, c.district) FROM users u "
                                         "LEFT JOIN communes c ON c.id = u.commune_id WHERE u.name = ?1");
    bool has = true; /* unreadable: say nothing rather than something wrong */
    if (q) {
        sqlite3_bind_text(q, 1, user, -1, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_ROW) {
            const unsigned char *d = sqlite3_column_text(q, 0);
            has = d && *d;
        }
    }
    sqlite3_finalize(q);
    srv_db_unlock(st);
    return has;
}

/* One account a line, its fields between tabs, under a heading that names
 * them (the role as --role takes it; the district is the officer's own
 * authority or the commune's; an account `user del` closed says so last). */
/* Whether DATA already holds a desk.  Only `user add` starts one (the first account):
 * opening the store makes its folders and database, so `user list --data TYPO` used to make
 * an empty desk at the typo and list no accounts, exit 0, as if the desk had no users. */
static bool desk_exists(const char *data)
{
    char *db = g_build_filename(data, "kiemchung.db", NULL);
    bool there = g_file_test(db, G_FILE_TEST_IS_REGULAR);
    g_free(db);
    if (!there)
        cli_error("user", _("%s: no desk here (no kiemchung.db): check --data; `kiemchung user add` starts a desk"),
                  data);
    return there;
}

static int list(srv_store *st)
{
    sqlite3 *db = srv_db_lock(st);
    sqlite3_stmt *q = srv_db_prepare(db, "SELECT u.name, u.role, c.name, COALESCE(u.district, c.district), u.deleted "
                                         "FROM users u LEFT JOIN communes c ON c.id = u.commune_id ORDER BY u.name");
    printf("%s\t%s\t%s\t%s\t%s\n", _("account"), _("role"), _("commune"), _("district"), _("state"));
    while (q && sqlite3_step(q) == SQLITE_ROW) {
        const char *commune = (const char *)sqlite3_column_text(q, 2);
        const char *district = (const char *)sqlite3_column_text(q, 3);
        printf("%s\t%s\t%s\t%s\t%s\n", (const char *)sqlite3_column_text(q, 0),
               (const char *)sqlite3_column_text(q, 1), commune ? commune : "", district ? district : "",
               sqlite3_column_type(q, 4) == SQLITE_NULL ? _("in use") : _("deleted"));
    }
    sqlite3_finalize(q);
    srv_db_unlock(st);
    return KC_EXIT_OK;
}

int cmd_user(int argc, char **argv)
{
    enum { OPT_DATA = 256, OPT_ROLE, OPT_COMMUNE, OPT_DISTRICT, OPT_NEW_COMMUNE };
    static const struct option longopts[] = {
        {"data", required_argument, NULL, OPT_DATA},
        {"role", required_argument, NULL, OPT_ROLE},
        {"commune", required_argument, NULL, OPT_COMMUNE},
        {"district", required_argument, NULL, OPT_DISTRICT},
        {"authority", required_argument, NULL, OPT_DISTRICT},
        {"new-commune", no_argument, NULL, OPT_NEW_COMMUNE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *data = "kiemchung-data", *commune = NULL, *district = NULL, *role_name = NULL;
    srv_role role = SRV_ROLE_COMMUNE;
    bool new_commune = false;
    srv_store *st = NULL;
    kc_error err = {0};
    char password[256] = "";
    int rc = KC_EXIT_USAGE, c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DATA: data = optarg; break;
        case OPT_ROLE: role_name = optarg; break;
        case OPT_COMMUNE: commune = optarg; break;
        case OPT_DISTRICT: district = optarg; break;
        case OPT_NEW_COMMUNE: new_commune = true; break;
        case 'h': usage(stdout); return KC_EXIT_OK;
        default: usage(stderr); return KC_EXIT_USAGE;
        }
    }
    const char *verb = optind < argc ? argv[optind++] : NULL;
    bool add = verb && strcmp(verb, "add") == 0, passwd = verb && strcmp(verb, "passwd") == 0;
    bool del = verb && strcmp(verb, "del") == 0;
    if (!verb || (!add && !passwd && !del && strcmp(verb, "list") != 0) ||
        ((add || passwd || del) && optind + 1 != argc) || (!add && !passwd && !del && optind != argc)) {
        usage(stderr);
        return KC_EXIT_USAGE;
    }
    if (add && (!role_name || !srv_role_parse(role_name, &role))) {
        cli_error("user", _("--role takes admin, district or commune"));
        return KC_EXIT_USAGE;
    }
    if (add && role == SRV_ROLE_COMMUNE && !commune) {
        cli_error("user", _("a commune user needs --commune NAME"));
        return KC_EXIT_USAGE;
    }
    if (add && role == SRV_ROLE_DISTRICT && !district) {
        cli_error("user", _("a district user needs --district NAME (the reviewing authority)"));
        return KC_EXIT_USAGE;
    }
    if (add || passwd) {
        int r = read_password(password, sizeof password);
        if (r != 0) {
            cli_error("user", r == -2 ? _("the two passwords differ") : _("no password given"));
            goto out;
        }
        /* Judged here, before srv_store_open makes the desk: a first `user add` refused
         * for its password left an empty desk behind, which `user list` then took for a
         * desk with no accounts (srv_user_add judges it again). */
        if (strlen(password) < SRV_PASSWORD_MIN) {
            cli_error("user", "%s", _("the password must have at least 8 characters"));
            goto out;
        }
    }
    if (!add && !desk_exists(data)) {
        rc = KC_EXIT_USAGE;
        goto out;
    }
    if (srv_store_open(&st, data, false, &err) != 0) {
        cli_error("user", "%s", err.message);
        goto out;
    }
    if (del) {
        if (srv_user_delete(st, argv[optind], &err) != 0) {
            cli_error("user", "%s", err.message);
            goto out;
        }
        srv_audit(st, NULL, "command line", "user-del", argv[optind], NULL);
        printf(_("%s: user %s deleted: its sessions are ended; its submissions and the audit log keep its name\n"),
               data, argv[optind]);
        rc = KC_EXIT_OK;
        goto out;
    }
    if (passwd) {
        if (srv_user_set_password(st, argv[optind], password, 0, &err) != 0) {
            cli_error("user", "%s", err.message);
            goto out;
        }
        srv_audit(st, NULL, "command line", "password-change", argv[optind], NULL);
        printf(_("%s: user %s has a new password; its sessions are ended\n"), data, argv[optind]);
        rc = KC_EXIT_OK;
        goto out;
    }
    if (!add) {
        rc = list(st);
        goto out;
    }
    if (srv_user_add(st, argv[optind], role, commune, district, new_commune, password, 0, &err) != 0) {
        cli_error("user", "%s", err.message);
        goto out;
    }
    srv_audit(st, NULL, "command line", "user-add", argv[optind], srv_role_name(role));
    printf(_("%s: user %s (%s) added\n"), data, argv[optind], srv_role_name(role));
    if (role == SRV_ROLE_COMMUNE && !cli_quiet() && !commune_has_district(st, argv[optind]))
        fprintf(stderr, _("kiemchung user: note: %s belongs to no district (no --district): no district's officer sees "
                          "its submissions, only the administrator\n"),
                commune);
    rc = KC_EXIT_OK;
out:
    OPENSSL_cleanse(password, sizeof password);
    srv_store_close(st);
    return rc;
}
