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
 * CSV lines end in CR LF), DEL, every C1 control (U+0080–U+009F, whose
 * U+009B is a terminal's CSI) and the bidi controls as the six characters
 * "\u001B".  That is also
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
    /* Bytes kept from the end of one write until the next shows what they
     * start: the first bytes of a C1 or bidi control, or "\r" (CR LF or not). */
    unsigned char held[2];
    size_t n_held;
} term_out;

static term_out outs[2] = {{STDOUT_FILENO, NULL, {0}, 0}, {STDERR_FILENO, NULL, {0}, 0}};
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

/* The code point of the control starting at p[0..n) that is escaped, with its
 * length in *len (NUL's is 0: a control too); NONE when p starts none; MORE
 * when p[0..n) may start one that the next bytes would finish.  Besides C0,
 * DEL and C1, the bidi controls (U+061C, U+200E–U+200F, U+202A–U+202E,
 * U+2066–U+2069): a terminal that reorders them draws U+202E "fdp.exe" as
 * "exe.pdf", or a name backwards. */
#define NONE (-1)
#define MORE (-2)

static long control_at(const unsigned char *p, size_t n, size_t *len)
{
    *len = 1;
    if (p[0] == '\r') {
        if (n < 2)
            return MORE; /* at the very end, escape() writes it escaped */
        return p[1] == '\n' ? NONE : '\r';
    }
    if ((p[0] < 0x20 && p[0] != '\t' && p[0] != '\n') || p[0] == 0x7F)
        return p[0];
    if (p[0] != 0xC2 && p[0] != 0xD8 && p[0] != 0xE2)
        return NONE;
    if (n < 2)
        return MORE;
    *len = 2;
    if (p[0] == 0xC2)
        return p[1] >= 0x80 && p[1] <= 0x9F ? p[1] : NONE;
    if (p[0] == 0xD8)
        return p[1] == 0x9C ? 0x061C : NONE;
    if (p[1] != 0x80 && p[1] != 0x81)
        return NONE;
    if (n < 3)
        return MORE;
    *len = 3;
    long cp = 0x2000 + ((long)(p[1] & 0x3F) << 6) + (p[2] & 0x3F);
    if ((p[2] & 0xC0) != 0x80)
        return NONE;
    bool bidi = cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
    return bidi ? cp : NONE;
}

/* Escapes the held bytes, then buf[0..n), into out, which has room for 6
 * bytes per input byte; returns the bytes written and holds a trailing
 * beginning of a control unless final. */
static size_t escape(term_out *t, const unsigned char *buf, size_t n, char *out, int final)
{
    unsigned char in[2 + 512];
    size_t m = t->n_held;

    memcpy(in, t->held, m);
    if (n)
        memcpy(in + m, buf, n); /* n ≤ 512: term_write's slices */
    m += n;
    t->n_held = 0;

    char *o = out;
    for (size_t i = 0; i < m;) {
        size_t len;
        long cp = control_at(in + i, m - i, &len);
        if (cp == MORE && !final) {
            memcpy(t->held, in + i, m - i);
            t->n_held = m - i;
            break;
        }
        if (cp == MORE)
            cp = in[i] == '\r' ? '\r' : NONE; /* the last bytes written: nothing follows */
        if (cp != NONE) {
            put_escape(&o, (unsigned)cp);
            i += len;
        } else {
            *o++ = (char)in[i++]; /* ordinary text, or an unfinished sequence at the end */
        }
    }
    return (size_t)(o - out);
}

static ssize_t term_write(void *cookie, const char *buf, size_t n)
{
    term_out *t = cookie;
    char stack[6 * (512 + 2) + 8];
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

/* The bytes still held at the end are written as what they are alone. */
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

/* The held bytes, written as what they are alone, and the cookie freed. */
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
    if (!(f = fopencookie(t, "w", io))) {
        free(t);
        return NULL;
    }
    return f;
}
