/* cli_dossier.c: what the dossier commands (ingest, check, list, extract,
 * seal) share: the library's progress and notices turned into a progress bar
 * and lines on stderr, sizes and the archive limits on the command line
 * (--max-size, --max-ratio), and printing a check's problems.  Their JSON is
 * built with json-glib like every other (util/json.c). */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *phase_label(const char *phase)
{
    if (strcmp(phase, "hashing") == 0)
        return _("Looking for duplicates");
    if (strcmp(phase, "writing") == 0)
        return _("Writing");
    if (strcmp(phase, "checking") == 0)
        return _("Checking");
    if (strcmp(phase, "extracting") == 0)
        return _("Extracting");
    return phase;
}

static void on_progress(void *ud, const kc_progress *p)
{
    cli_events *e = ud;
    if (!e->phase || strcmp(e->phase, p->phase) != 0) {
        cli_progress_free(e->bar);
        e->bar = cli_progress_new(phase_label(p->phase), p->bytes_total, true);
        e->phase = p->phase;
    }
    cli_progress_set(e->bar, p->bytes_done);
}

static void on_notice(void *ud, const char *message)
{
    cli_events *e = ud;
    if (cli_quiet())
        return;
    cli_progress_clear(e->bar);
    fprintf(stderr, "kiemchung %s: %s\n", e->cmd, message);
}

void cli_events_init(cli_events *e, const char *cmd, kc_dossier_events *out)
{
    memset(e, 0, sizeof *e);
    e->cmd = cmd;
    out->progress = on_progress;
    out->notice = on_notice;
    out->ud = e;
}

void cli_events_done(cli_events *e)
{
    cli_progress_free(e->bar);
    e->bar = NULL;
    e->phase = NULL;
}

bool cli_parse_size(const char *s, uint64_t *out)
{
    char *end = NULL;
    double v = g_ascii_strtod(s, &end);
    uint64_t mult = 1;
    if (!end || end == s || v <= 0)
        return false;
    switch (g_ascii_toupper(*end)) {
    case '\0': break;
    case 'K': mult = 1ull << 10; break;
    case 'M': mult = 1ull << 20; break;
    case 'G': mult = 1ull << 30; break;
    case 'T': mult = 1ull << 40; break;
    default: return false;
    }
    if (*end && end[1] && !(g_ascii_toupper(end[1]) == 'B' && !end[2]) &&
        !(g_ascii_toupper(end[1]) == 'I' && g_ascii_toupper(end[2]) == 'B' && !end[3]))
        return false;
    if (v * (double)mult > 1.8e19)
        return false;
    *out = (uint64_t)(v * (double)mult);
    return true;
}

int cli_limit_option(kc_zip_limits *lim, const char *cmd, int c, const char *arg)
{
    switch (c) {
    case CLI_OPT_MAX_SIZE:
        if (!cli_parse_size(arg, &lim->max_entry)) {
            cli_error(cmd, _("--max-size: '%s' is not a size (e.g. 500M, 4G)"), arg);
            return -1;
        }
        return 1;
    case CLI_OPT_MAX_RATIO:
        lim->max_ratio = g_ascii_strtod(arg, NULL);
        if (lim->max_ratio < 1) {
            cli_error(cmd, _("--max-ratio: '%s' is not a number above 1"), arg);
            return -1;
        }
        return 1;
    default: return 0;
    }
}

void cli_print_problems(FILE *out, const kc_check *c)
{
    for (size_t i = 0; i < kc_check_problem_count(c); i++) {
        const kc_problem *p = kc_check_problem(c, i);
        fprintf(out, "  ✗ %s%s%s [%s]\n", p->path, *p->path ? ": " : "", p->message, p->code);
    }
}

char *cli_size_text(uint64_t bytes)
{
    char buf[64];
    return g_strdup(kc_size_format_local(bytes, buf, sizeof buf));
}
