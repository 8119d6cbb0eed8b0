/* cli_util.c: helpers shared by the subcommands (messages, trust, times, walking trees). */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "kc_config.h"

void cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "kiemchung %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* Whether path is a directory the walk has not entered yet (by device and
 * inode, so through symbolic links too).  Entering each directory once is
 * what ends a walk through links to "." or "..": two such links would
 * otherwise multiply the paths at every level.  *dir (may be NULL): whether
 * it is a directory at all, entered or not, from the same stat. */
static bool is_new_dir(GHashTable *seen, const char *path, bool *dir)
{
    struct stat st;
    bool d = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
    if (dir)
        *dir = d;
    if (!d)
        return false;
    char *key = g_strdup_printf("%ju:%ju", (uintmax_t)st.st_dev, (uintmax_t)st.st_ino);
    if (g_hash_table_contains(seen, key)) {
        g_free(key);
        return false;
    }
    g_hash_table_add(seen, key);
    return true;
}

const char *cli_default_certs_dir(void)
{
    const char *env = getenv("KIEMCHUNG_CERTS");
    if (env && *env)
        return env;
    /* The build tree's binary uses the source tree's anchors, the installed
     * one only its own: neither picks up the other's. */
    return cli_running_uninstalled() ? KC_SOURCE_CERTS_DIR : KC_CERTS_DIR;
}

int cli_load_trust(const char *cmd, kc_trust **out, char **paths, size_t n, bool no_default)
{
    kc_trust *trust = NULL;
    kc_error err = {0};
    if (kc_trust_new(&trust, &err) != 0)
        goto fail;
    if (!no_default && kc_trust_add_path(trust, cli_default_certs_dir(), &err) != 0)
        goto fail;
    for (size_t i = 0; i < n; i++)
        if (kc_trust_add_path(trust, paths[i], &err) != 0) {
            /* newcomer41: "PATH: cannot open" alone reads as the dossier
             * or document being missing; an archivist whose trust folder
             * moved must learn it is --trust's, and what to give it. */
            cli_error(cmd, _("the trust directory (--trust): %s; give the file or folder of the "
                             "certificates and CRLs to trust"), err.message);
            kc_trust_free(trust);
            return -1;
        }
    *out = trust;
    return 0;
fail:
    cli_error(cmd, "%s", err.message);
    kc_trust_free(trust);
    return -1;
}

bool cli_parse_time(const char *s, int64_t *out)
{
    GDateTime *dt = NULL;
    if (strlen(s) == 10) {
        char *full = g_strconcat(s, "T00:00:00Z", NULL);
        dt = g_date_time_new_from_iso8601(full, NULL);
        g_free(full);
    } else {
        GTimeZone *utc = g_time_zone_new_utc();
        dt = g_date_time_new_from_iso8601(s, utc);
        g_time_zone_unref(utc);
    }
    if (!dt)
        return false;
    *out = g_date_time_to_unix(dt);
    g_date_time_unref(dt);
    return true;
}

const char *cli_utc(char buf[32], int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!t || !gmtime_r(&tt, &tm) || !strftime(buf, 32, "%Y-%m-%d %H:%M:%S UTC", &tm))
        snprintf(buf, 32, "-");
    return buf;
}

GPtrArray *cli_strings_new(void)
{
    return g_ptr_array_new_with_free_func(g_free);
}

void cli_strings_add(GPtrArray *l, const char *s)
{
    g_ptr_array_add(l, g_strdup(s));
}

static bool has_suffix_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && g_ascii_strcasecmp(s + n - k, suffix) == 0;
}

static int cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void cli_strings_sort(GPtrArray *l)
{
    g_ptr_array_sort(l, cmp_str);
}

static bool not_hidden(const char *name, void *ud)
{
    (void)ud;
    return name[0] != '.';
}

/* Walks a tree with an explicit stack of directories (no recursion on depth),
 * each directory once (see is_new_dir). */
static void walk(const char *top, GPtrArray *out)
{
    GPtrArray *dirs = cli_strings_new();
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if (is_new_dir(seen, top, NULL))
        cli_strings_add(dirs, top);
    while (dirs->len > 0) {
        char *dir = g_ptr_array_steal_index(dirs, dirs->len - 1);
        GPtrArray *names = NULL;
        if (kc_dir_list(&names, dir, not_hidden, NULL, NULL) != 0)
            names = g_ptr_array_new(); /* unreadable: nothing found in it */
        /* One stat a name (a system call a document, issue 16): which are
         * directories, kept for the second loop. */
        bool *is_dir = g_new0(bool, names->len ? names->len : 1);
        /* Sub-directories are pushed in reverse so they pop in sorted order. */
        for (guint i = names->len; i-- > 0;) {
            char *path = g_build_filename(dir, names->pdata[i], NULL);
            if (is_new_dir(seen, path, &is_dir[i]))
                g_ptr_array_add(dirs, path);
            else
                g_free(path);
        }
        for (guint i = 0; i < names->len; i++) {
            char *path = g_build_filename(dir, names->pdata[i], NULL);
            char *p7s = g_strconcat(path, ".p7s", NULL);
            if (!is_dir[i] && !has_suffix_ci(path, ".p7s") &&
                (has_suffix_ci(path, ".pdf") || access(p7s, F_OK) == 0))
                cli_strings_add(out, path);
            g_free(p7s);
            g_free(path);
        }
        g_free(is_dir);
        g_ptr_array_unref(names);
        g_free(dir);
    }
    g_ptr_array_unref(dirs);
    g_hash_table_destroy(seen);
}

int cli_collect_documents(const char *cmd, char **paths, size_t n, GPtrArray *out)
{
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            /* One wording for a path that cannot be opened, whichever
             * command: "cannot open: " and the system's reason (a folder
             * the user may not enter is not said to be missing). */
            cli_error(cmd, _("%s: cannot open: %s"), paths[i], g_strerror(errno));
            return -1;
        }
        if (S_ISDIR(st.st_mode)) {
            walk(paths[i], out);
            continue;
        }
        /* newcomer38: a file the user named but may not read is an input
         * error (exit 2, as a missing one), said before anything is checked;
         * it was an "ERROR" document and exit 1, the path said twice.  One
         * met while walking a folder stays a document that cannot be read.
         * O_NONBLOCK: a named pipe must not hang the look. */
        int fd = open(paths[i], O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0 && errno == EACCES) {
            cli_error(cmd, _("%s: cannot open: %s"), paths[i], g_strerror(errno));
            return -1;
        }
        if (fd >= 0)
            close(fd);
        cli_strings_add(out, paths[i]);
    }
    return 0;
}
