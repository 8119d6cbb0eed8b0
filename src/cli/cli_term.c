/* cli_term.c: what kiemchung prints is kiemchung's own text.
 *
 * Its output quotes what others wrote: a signer's name from a certificate
 * anyone can make, a file name, a register's cell, a dossier's report, a
 * message naming a refused zip entry.  Printed as they are, control
 * characters in them are the terminal's commands: a certificate whose common
 * name is "\r", "erase the line", then "x.pdf: valid — (leader)" and "conceal"
 * makes an invalid document's line read as a leader's valid signature and
 * hides the true summary after it.  Escaping at each place that prints would
 * be right until the next place forgets, so standard output and standard
 * error are wrapped once, in main, in streams that write every C0 control
 * but tab and line feed (a carriage return too, unless a line feed follows:
 * CSV lines end in CR LF), DEL and every C1 control (U+0080–U+009F, whose
 * U+009B is a terminal's CSI) as the six characters "\u001B".  That is also
 * how JSON writes them, so a JSON document stays JSON; text is otherwise
 * passed as it is.  The progress bar's own "\r", "erase the line" goes
 * through cli_term_raw_stderr().  A report written to a file (-o FILE) is
 * escaped the same way by cli_term_file(): `cat report.txt` in a terminal
 * is the same as reading standard output.
 *
 * glibc's manual allows assigning stdout and stderr. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

typedef struct {
    int fd;
    FILE *to; /* a file kiemchung writes (-o, --html): the fd is unused */
    /* A byte kept from the end of one write until the next shows what it
     * starts: 0xC2 (a C1 control's first byte) or "\r" (CR LF or not). */
    int held;
} term_out;

static term_out outs[2] = {{STDOUT_FILENO, NULL, -1}, {STDERR_FILENO, NULL, -1}};
static FILE *raw_stderr;
static FILE *guarded[2];

static int put_all(const term_out *t, const char *p, size_t n)
{
    int fd = t->fd;

    if (t->to)
        return n && fwrite(p, 1, n, t->to) != n ? -1 : 0;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static void put_escape(char **o, unsigned c)
{
    *o += sprintf(*o, "\\u%04X", c);
}

/* Escapes buf[0..n) (the held byte, if any, goes first) into out, which has
 * room for 6 bytes per input byte; returns the bytes written and holds a
 * trailing 0xC2 or "\r" unless final. */
static size_t escape(term_out *t, const unsigned char *buf, size_t n, char *out, int final)
{
    char *o = out;
    size_t i = 0;
    int prev = t->held;

    t->held = -1;
    for (;;) {
        int c = prev >= 0 ? prev : (i < n ? buf[i++] : -1);
        prev = -1;
        if (c < 0)
            break;
        int next = i < n ? buf[i] : -1;
        if ((c == 0xC2 || c == '\r') && next < 0 && !final) {
            t->held = c;
            break;
        }
        if (c == 0xC2 && next >= 0x80 && next <= 0x9F) {
            put_escape(&o, (unsigned)next);
            i++;
        } else if (c == '\r' && next == '\n') {
            *o++ = '\r';
        } else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
            put_escape(&o, (unsigned)c);
        } else {
            *o++ = (char)c;
        }
    }
    return (size_t)(o - out);
}

static ssize_t term_write(void *cookie, const char *buf, size_t n)
{
    term_out *t = cookie;
    char stack[6 * 512 + 8];
    size_t done = 0;

    /* In slices, so that the escaped text fits the stack whatever n is. */
    while (done < n) {
        size_t part = n - done < 512 ? n - done : 512;
        size_t len = escape(t, (const unsigned char *)buf + done, part, stack, 0);
        if (put_all(t, stack, len) != 0)
            return done ? (ssize_t)done : -1;
        done += part;
    }
    return (ssize_t)n;
}

/* The byte still held at the end is written as what it is alone. */
void cli_term_finish(void)
{
    char tail[16];

    for (int k = 0; k < 2; k++) {
        if (!guarded[k])
            continue;
        fflush(guarded[k]);
        size_t len = escape(&outs[k], NULL, 0, tail, 1);
        if (len)
            (void)put_all(&outs[k], tail, len);
    }
}

void cli_term_guard(void)
{
    cookie_io_functions_t io = {.write = term_write};
    FILE *out, *err;

    if (guarded[0])
        return;
    fflush(stdout);
    fflush(stderr);
    out = fopencookie(&outs[0], "w", io);
    err = fopencookie(&outs[1], "w", io);
    /* Close-on-exec: `serve` runs kiemchung-desk in this process (execv). */
    int raw = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
    raw_stderr = raw >= 0 ? fdopen(raw, "w") : NULL;
    if (!out || !err || !raw_stderr) {
        /* Out of memory before any work: print nothing rather than print raw. */
        fputs("kiemchung: out of memory\n", stderr);
        exit(KC_EXIT_USAGE);
    }
    /* As glibc buffers a terminal's standard output by lines and standard
     * error not at all. */
    setvbuf(out, NULL, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF, BUFSIZ);
    setvbuf(err, NULL, _IONBF, 0);
    setvbuf(raw_stderr, NULL, _IONBF, 0);
    guarded[0] = stdout = out;
    guarded[1] = stderr = err;
    atexit(cli_term_finish);
}

FILE *cli_term_raw_stderr(void)
{
    return raw_stderr ? raw_stderr : stderr;
}

/* The held byte, written as what it is alone, and the cookie freed. */
static int file_close(void *cookie)
{
    term_out *t = cookie;
    char tail[16];
    size_t len = escape(t, NULL, 0, tail, 1);
    int rc = put_all(t, tail, len);

    free(t);
    return rc;
}

FILE *cli_term_file(FILE *to)
{
    cookie_io_functions_t io = {.write = term_write, .close = file_close};
    term_out *t = calloc(1, sizeof *t);
    FILE *f;

    if (!t)
        return NULL;
    t->fd = -1;
    t->to = to;
    t->held = -1;
    if (!(f = fopencookie(t, "w", io))) {
        free(t);
        return NULL;
    }
    return f;
}
