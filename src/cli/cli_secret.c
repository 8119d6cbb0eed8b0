/* cli_secret.c: a token's PIN or a key's passphrase, never from the command
 * line (where `ps` and the shell's history show it to everyone): from a file
 * (--pin-file, --pass-file), from the environment (KIEMCHUNG_PIN,
 * KIEMCHUNG_PASSPHRASE) for scripts, or typed on the terminal without echo.
 *
 * The terminal is /dev/tty, not stdin, so that a script piping data in
 * still asks the person at the keyboard.  Echo is turned off for the line
 * and turned on again afterwards, also when Ctrl-C or a kill ends the
 * program mid-line: a terminal left without echo looks broken to a clerk. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "cli.h"

static volatile sig_atomic_t tty_fd = -1;
static struct termios tty_saved, tty_quiet;

static void restore_and_die(int sig);

/* rtzip18: Ctrl-Z at the prompt stops the program with the terminal as it
 * was (the shell's prompt echoes again), and `fg` hides the typing again:
 * it used to be restored for good, so what was typed after `fg` (or after a
 * Ctrl-Z that stops nothing, in a group no shell controls) was shown.  The
 * signal is unblocked so that raising it stops here, inside the handler. */
static void suspend(void)
{
    struct sigaction sa = {0};
    sigset_t tstp;
    signal(SIGTSTP, SIG_DFL);
    sigemptyset(&tstp);
    sigaddset(&tstp, SIGTSTP);
    sigprocmask(SIG_UNBLOCK, &tstp, NULL);
    raise(SIGTSTP);
    /* resumed (or never stopped) */
    sa.sa_handler = restore_and_die;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTSTP, &sa, NULL);
    if (tty_fd >= 0)
        tcsetattr(tty_fd, TCSAFLUSH, &tty_quiet);
}

static void restore_and_die(int sig)
{
    int saved = errno;
    if (tty_fd >= 0)
        tcsetattr(tty_fd, TCSAFLUSH, &tty_saved);
    if (sig == SIGTSTP) {
        suspend();
        errno = saved;
        return;
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

int cli_read_tty(const char *prompt, char *buf, size_t size)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP};
    struct sigaction sa = {0}, old[5];
    size_t n = 0;
    int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC), rc = 0;
    char c;

    if (fd < 0)
        return -1;
    if (tcgetattr(fd, &tty_saved) != 0) {
        close(fd);
        return -1;
    }
    tty_quiet = tty_saved;
    tty_quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK | ECHONL);
    tty_quiet.c_lflag |= ICANON;
    sa.sa_handler = restore_and_die;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < 5; i++)
        sigaction(sigs[i], &sa, &old[i]);
    tty_fd = fd;
    tcsetattr(fd, TCSAFLUSH, &tty_quiet);
    if (write(fd, prompt, strlen(prompt)) < 0)
        rc = -1;
    for (;;) {
        ssize_t r = read(fd, &c, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0 || c == '\n' || c == '\r')
            break;
        if (n + 1 < size)
            buf[n++] = c;
    }
    buf[n] = '\0';
    c = 0;
    tcsetattr(fd, TCSAFLUSH, &tty_saved);
    tty_fd = -1;
    for (size_t i = 0; i < 5; i++)
        sigaction(sigs[i], &old[i], NULL);
    if (write(fd, "\n", 1) < 0)
        rc = -1;
    close(fd);
    return rc;
}

/* The first line of a file. */
static int read_file(const char *cmd, const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        /* Say why, in the words every other file uses ("No such file …"). */
        cli_error(cmd, _("%s: cannot open: %s"), path, g_strerror(errno));
        return -1;
    }
    if (!fgets(buf, (int)size, f))
        buf[0] = '\0';
    fclose(f);
    buf[strcspn(buf, "\r\n")] = '\0';
    return 0;
}

int cli_secret_ask(void *ud, kc_secret_kind kind, const char *what, char *buf, size_t size)
{
    cli_secret *s = ud;
    const char *file = kind == KC_SECRET_PIN ? s->pin_file : s->pass_file;
    const char *env = getenv(kind == KC_SECRET_PIN ? "KIEMCHUNG_PIN" : "KIEMCHUNG_PASSPHRASE");
    char prompt[600];

    if (file)
        return read_file(s->cmd, file, buf, size);
    if (env) {
        snprintf(buf, size, "%s", env);
        return 0;
    }
    /* TRANSLATORS: what is "the PIN of token …" or "the passphrase of FILE". */
    snprintf(prompt, sizeof prompt, _("Enter %s (not shown): "), what);
    if (cli_read_tty(prompt, buf, size) == 0)
        return 0;
    OPENSSL_cleanse(buf, size);
    cli_error(s->cmd, kind == KC_SECRET_PIN ? _("no terminal to ask the PIN on: give --pin-file FILE or set KIEMCHUNG_PIN")
                                            : _("no terminal to ask the passphrase on: give --pass-file FILE or set KIEMCHUNG_PASSPHRASE"));
    return -1;
}
