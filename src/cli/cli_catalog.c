/* cli_catalog.c: finding and loading the criteria catalog for the subcommands
 * (lint, ingest), the way cli_util.c finds the trust anchors: the
 * KIEMCHUNG_CRITERIA environment variable (a file or a directory), the
 * installed datadir/kiemchung/criteria, or the source tree's src/data when
 * running uninstalled. */
#include <stdlib.h>
#include <sys/stat.h>

#include <glib.h>

#include "cli.h"
#include "kc_config.h"

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *cli_default_criteria_dir(void)
{
    const char *env = getenv("KIEMCHUNG_CRITERIA");
    if (env && *env && is_dir(env))
        return env;
    /* Like the trust anchors: the build tree's binary reads the source tree. */
    return cli_running_uninstalled() ? KC_SOURCE_CRITERIA_DIR : KC_CRITERIA_DIR;
}

/* The default catalog's file (g_free): KIEMCHUNG_CRITERIA when it names the
 * file itself, else the default catalog in the criteria directory. */
static char *default_catalog_path(void)
{
    const char *env = getenv("KIEMCHUNG_CRITERIA");
    if (env && *env && !is_dir(env))
        return g_strdup(env);
    return g_build_filename(cli_default_criteria_dir(), KC_CATALOG_DEFAULT_FILE, NULL);
}

int cli_load_catalog(const char *cmd, kc_catalog **out, const char *path)
{
    kc_error err = {0};
    char *def = path ? NULL : default_catalog_path();
    int rc = kc_catalog_load(out, path ? path : def, &err);
    if (rc != 0)
        cli_error(cmd, "%s", err.message);
    g_free(def);
    return rc == 0 ? 0 : -1;
}

/* rtzip14: the catalog an update by a kiemchung before rtzip13 named a
 * dossier's rows by, for check, list, extract and verify of such a dossier:
 * the default one (KIEMCHUNG_CRITERIA likewise), loaded quietly.  NULL when
 * there is none: check then holds those rows' names to report.txt's and
 * leaves their parts and groups unread, as rtzip13 did. */
kc_catalog *cli_quiet_catalog(void)
{
    kc_catalog *cat = NULL;
    kc_error err = {0};
    char *def = default_catalog_path();
    if (kc_catalog_load(&cat, def, &err) != 0)
        cat = NULL;
    g_free(def);
    return cat;
}
