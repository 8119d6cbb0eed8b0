/* cli_progress.c: a one-line progress bar on stderr for long runs (verify of a
 * directory, index, ingest).  It appears only on a terminal, only after the
 * work has taken a second, and never with --quiet, so pipes, logs and quick
 * runs see nothing extra. */
#include <glib.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"

struct cli_progress {
    char *label;
    uint64_t total, done;
    bool bytes, drawn, utf8;
    gint64 start, last, delay; /* microseconds */
};

cli_progress *cli_progress_new(const char *label, uint64_t total, bool bytes)
{
    const char *term = getenv("TERM");
    if (cli_quiet() || !isatty(STDERR_FILENO) || (term && strcmp(term, "dumb") == 0))
        return NULL;
    cli_progress *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->label = g_strdup(label);
    p->total = total;
    p->bytes = bytes;
    p->start = g_get_monotonic_time();
    p->delay = G_USEC_PER_SEC;
    const char *after = getenv("KIEMCHUNG_PROGRESS_AFTER");
    if (after && *after)
        p->delay = (gint64)(g_ascii_strtod(after, NULL) * G_USEC_PER_SEC);
    p->utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
    return p;
}

static int columns(void)
{
    struct winsize ws;
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
        return ws.ws_col;
    return 80;
}

static char *amount(const cli_progress *p, uint64_t n)
{
    return p->bytes ? cli_size_text(n) : g_strdup_printf("%" G_GUINT64_FORMAT, n);
}

static void draw(cli_progress *p, gint64 now)
{
    double frac = p->total ? (double)p->done / (double)p->total : 0;
    if (frac > 1)
        frac = 1;
    char *done = amount(p, p->done), *total = amount(p, p->total);
    GString *tail = g_string_new(NULL);
    g_string_printf(tail, " %s/%s %3d%%", done, total, (int)(frac * 100));
    gint64 elapsed = now - p->start;
    if (p->done > 0 && p->done < p->total) {
        gint64 left = (gint64)((double)elapsed * (double)(p->total - p->done) / (double)p->done) / G_USEC_PER_SEC;
        char clock[32];
        snprintf(clock, sizeof clock, "%" G_GINT64_FORMAT ":%02d", left / 60, (int)(left % 60));
        g_string_append(tail, "  ");
        /* TRANSLATORS: the time a progress bar expects the work still to take, as m:ss. */
        g_string_append_printf(tail, _("%s left"), clock);
    }
    int width = columns() - (int)cli_width(p->label) - (int)cli_width(tail->str) - 4;
    if (width > 40)
        width = 40;
    GString *line = g_string_new("\r");
    g_string_append(line, p->label);
    if (width >= 10) {
        int full = (int)(frac * width + 0.5);
        g_string_append(line, " [");
        for (int i = 0; i < width; i++)
            g_string_append(line, i < full ? (p->utf8 ? "█" : "#") : (p->utf8 ? "░" : "."));
        g_string_append_c(line, ']');
    }
    g_string_append(line, tail->str);
    g_string_append(line, "\033[K");
    fputs(line->str, cli_term_raw_stderr());
    p->drawn = true;
    p->last = now;
    g_string_free(line, TRUE);
    g_string_free(tail, TRUE);
    g_free(done);
    g_free(total);
}

void cli_progress_set(cli_progress *p, uint64_t done)
{
    if (!p)
        return;
    p->done = done;
    gint64 now = g_get_monotonic_time();
    if (now - p->start < p->delay)
        return;
    if (p->drawn && now - p->last < G_USEC_PER_SEC / 10 && done < p->total)
        return;
    draw(p, now);
}

void cli_progress_clear(cli_progress *p)
{
    if (!p || !p->drawn)
        return;
    fputs("\r\033[K", cli_term_raw_stderr());
    p->drawn = false;
}

void cli_progress_free(cli_progress *p)
{
    if (!p)
        return;
    cli_progress_clear(p);
    g_free(p->label);
    free(p);
}
