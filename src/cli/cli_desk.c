/* cli_desk.c: `kiemchung serve` and `kiemchung user` run kiemchung-desk.
 *
 * The desk (src/server) needs libsoup and SQLite, and loading them with the
 * fifteen libraries libsoup pulls in cost every other command a few
 * milliseconds at start-up; a batch of 200 documents verifies in about 120.
 * So the server lives in a second program, and this one replaces itself with
 * it (execv: the same process, so a service manager's PID and signals reach
 * the server) with the command line exactly as given. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "kc_config.h"

#define DESK "kiemchung-desk"

static char **given; /* argv as main received it */

void cli_desk_keep_argv(int argc, char **argv)
{
    given = calloc((size_t)argc + 1, sizeof *given);
    for (int i = 0; given && i < argc; i++)
        given[i] = argv[i];
}

/* kiemchung-desk beside the running program (the build tree, or an
 * installation that keeps both together), else in KC_LIBEXECDIR; a program
 * running from its build tree never takes an installed desk, which could be
 * of another version. */
static char *desk_path(void)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        char *slash = strrchr(self, '/');
        if (slash) {
            char *beside = g_strdup_printf("%.*s/%s", (int)(slash - self), self, DESK);
            if (access(beside, X_OK) == 0 || cli_running_uninstalled())
                return beside;
            g_free(beside);
        }
    }
    return g_build_filename(KC_LIBEXECDIR, DESK, NULL);
}

int cli_desk_run(int argc, char **argv)
{
    (void)argc;
    /* main.c names the program in argv[0] ("kiemchung serve") for getopt's messages. */
    if (g_str_has_prefix(argv[0], "kiemchung "))
        argv[0] += strlen("kiemchung ");
    if (!given) {
        cli_error(argv[0], "%s", kc_oom_message());
        return KC_EXIT_USAGE;
    }
    char *path = desk_path();
    given[0] = path;
    cli_term_finish();
    fflush(NULL);
    execv(path, given);
    int e = errno;
    /* A build tree can hold kiemchung without the desk (a target list that
     * names only the first, as samples/demo.sh once did): say how to make it. */
    if (e == ENOENT && cli_running_uninstalled())
        cli_error(argv[0], _("cannot start %s: %s (this build has not made kiemchung-desk yet: "
                             "`ninja -C %s` makes it)"),
                  path, g_strerror(e), KC_BUILD_ROOT);
    else
        cli_error(argv[0], _("cannot start %s: %s (kiemchung-desk is built and installed with kiemchung)"),
                  path, g_strerror(e));
    g_free(path);
    return KC_EXIT_USAGE;
}
