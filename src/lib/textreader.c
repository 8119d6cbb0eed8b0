/* textreader.c: documents' text read in a child process with limits
 * (kiemchung/textreader.h), the parent's side and the reader's main.
 *
 * Why a process: poppler's text extraction is quadratic in the words drawn
 * at one spot (a signed 3 KB page of 40,000 words took 8 s and 126 MB, larger
 * ones minutes), and a crash in it on a crafted page took the whole program
 * with it, the desk included.  No byte budget bounds a quadratic cost without
 * refusing heavy real pages; a deadline and an address-space limit do.
 *
 * Why a pool of persistent readers: starting the program again costs a few
 * milliseconds (the dynamic linker, poppler's globals), more than verifying
 * a document, and `index` reads the text of every valid PDF.  So a caller
 * takes an idle reader, or starts one when none is idle (at most one per
 * thread reading at once), and gives it back after the answer; a reader that
 * overran, crashed or answered nonsense is killed and reaped, and the next
 * document gets a fresh one.
 *
 * The reader is this program re-executed (posix_spawn: the desk has threads,
 * so no fork without exec), its socket on descriptor 3. */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <limits.h>
#include <malloc.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "i18n.h"
#include "pdftext.h"
#include "textreader.h"
#include "util.h"

extern char **environ;

/* The deadline per document, wall time.  The heaviest real pages of the
 * samples and corpora take well under a second (README "Speed"); 10 s leaves
 * room for a loaded machine and a slow disk, and bounds what one crafted file
 * costs a district's `index`.  The address-space limit: the heaviest real
 * scan page needed about 100 MB of poppler (see README "Bad input"); 1 GiB
 * leaves room and still stops a page from taking the machine's memory. */
#define DEADLINE_S 10u
#define LIMIT_MIB 1024u

/* Under AddressSanitizer the reader reserves terabytes of shadow address
 * space at start: an address-space limit would stop it before main. */
#if defined(__SANITIZE_ADDRESS__)
#define KC_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KC_ASAN 1
#endif
#endif

/* The reader's exit status when it ran out of memory. */
#define EXIT_MEMORY 70

typedef struct {
    pid_t pid;
    int fd; /* our end of the socket */
} reader;

static struct {
    pthread_mutex_t lock;
    bool on;
    char *exe;
    int exe_fd;         /* the program itself, opened at start (O_PATH), or -1 */
    dev_t exe_dev;      /* and what it was then, to tell whether exe still names it */
    ino_t exe_ino;
    unsigned seconds, mib;
    GPtrArray *all;  /* every reader not yet reaped, idle or busy */
    GPtrArray *idle; /* those waiting for a request */
} tr = {.lock = PTHREAD_MUTEX_INITIALIZER, .exe_fd = -1, .seconds = DEADLINE_S, .mib = LIMIT_MIB};

/* The calling thread's budget (kc_textreader_budget): microseconds of
 * reading left, or -1 for none; and its size, for the message. */
static _Thread_local gint64 budget_left = -1;
static _Thread_local unsigned budget_size;

bool kc_textreader_on(void)
{
    pthread_mutex_lock(&tr.lock);
    bool on = tr.on;
    pthread_mutex_unlock(&tr.lock);
    return on;
}

/* ---- the parent's transport: every byte within the document's deadline */

enum { WIRE_OK, WIRE_EOF, WIRE_LATE, WIRE_ERROR };

typedef struct {
    int fd;
    gint64 deadline; /* g_get_monotonic_time() */
    int state;
} wire;

static int wire_wait(wire *w, short events)
{
    gint64 left = w->deadline - g_get_monotonic_time();
    if (left <= 0) {
        w->state = WIRE_LATE;
        return -1;
    }
    struct pollfd p = {.fd = w->fd, .events = events};
    int r = poll(&p, 1, (int)((left + 999) / 1000));
    if (r < 0 && errno != EINTR) {
        w->state = WIRE_ERROR;
        return -1;
    }
    return 0; /* ready, interrupted, or late: the caller tries again, and the next wait says */
}

static int wire_read(void *ctx, void *buf, size_t n)
{
    wire *w = ctx;
    for (char *p = buf; n;) {
        ssize_t r = recv(w->fd, p, n, MSG_DONTWAIT);
        if (r > 0) {
            p += r;
            n -= (size_t)r;
        } else if (r == 0) {
            w->state = WIRE_EOF;
            return -1;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
            if (wire_wait(w, POLLIN) != 0)
                return -1;
        } else {
            w->state = errno == ECONNRESET ? WIRE_EOF : WIRE_ERROR;
            return -1;
        }
    }
    return 0;
}

/* MSG_NOSIGNAL: a reader that died makes the write fail, never SIGPIPE. */
static int wire_write(void *ctx, const void *buf, size_t n)
{
    wire *w = ctx;
    for (const char *p = buf; n;) {
        ssize_t r = send(w->fd, p, n, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (r >= 0) {
            p += r;
            n -= (size_t)r;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
            if (wire_wait(w, POLLOUT) != 0)
                return -1;
        } else {
            w->state = errno == EPIPE || errno == ECONNRESET ? WIRE_EOF : WIRE_ERROR;
            return -1;
        }
    }
    return 0;
}

/* ---- the pool */

static void reap(pid_t pid, int *status)
{
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    if (status)
        *status = st;
}

/* Kills a reader and reaps it; *status is how it ended (its own death, when
 * it died before the kill).  Taken out of tr.all first, so kc_textreader_stop_all
 * never signals a pid reaped here. */
static void drop(reader *r, int *status)
{
    pthread_mutex_lock(&tr.lock);
    g_ptr_array_remove_fast(tr.all, r);
    pthread_mutex_unlock(&tr.lock);
    kill(r->pid, SIGKILL);
    reap(r->pid, status);
    close(r->fd);
    g_free(r);
}

/* What the reader is started from: the path, while it still names the
 * program that runs (valgrind runs what the path names: its own executable
 * is valgrind's), else the program opened at start.  A desk running for
 * weeks outlives a package upgrade that deletes or replaces its file:
 * started from the path it found nothing ("/proc/self/exe (deleted)") or
 * another version, and every document's text was left out.  execve resolves
 * /proc/self/fd/N before it closes the close-on-exec descriptor. */
static const char *program(char *buf, size_t len)
{
    struct stat st;
    if (tr.exe_fd < 0 || (stat(tr.exe, &st) == 0 && st.st_dev == tr.exe_dev && st.st_ino == tr.exe_ino))
        return tr.exe;
    g_snprintf(buf, len, "/proc/self/fd/%d", tr.exe_fd);
    return buf;
}

/* The program opened by path (O_PATH: nothing is read), else /proc/self/exe
 * itself; on a descriptor above 3, which the reader's socket takes. */
static void open_program(const char *self)
{
    struct stat st;
    int fd = open(self, O_PATH | O_CLOEXEC);
    if (fd < 0)
        fd = open("/proc/self/exe", O_PATH | O_CLOEXEC);
    if (fd >= 0 && fd < 4) {
        int high = fcntl(fd, F_DUPFD_CLOEXEC, 4);
        close(fd);
        fd = high;
    }
    if (fd >= 0 && fstat(fd, &st) != 0) {
        close(fd);
        fd = -1;
    }
    if (tr.exe_fd >= 0)
        close(tr.exe_fd);
    tr.exe_fd = fd;
    if (fd >= 0) {
        tr.exe_dev = st.st_dev;
        tr.exe_ino = st.st_ino;
    }
}

/* glibc's per-thread cache of freed blocks made larger in the reader
 * (kc_textreader_environ, textreader.h): poppler frees a page's thousands of
 * objects and allocates as many again for the next document; with 7 blocks
 * a size kept (glibc's default) most went through the shared bins and their
 * consolidation: the larger cache took 0.48 million instructions of the
 * reader's 11 a bench document (tests/bench/RESULTS.md, session 36), at a
 * few hundred KB more of its memory.  GLIBC_TUNABLES is read only when a
 * program starts, so it is set here, not by mallopt in the reader. */
#define READER_TUNABLES "glibc.malloc.tcache_count=1000"

char **kc_textreader_environ(char *const *env)
{
    size_t n = 0, k = 0;
    bool set = false;
    while (env && env[n])
        n++;
    char **out = g_new0(char *, n + 2);
    for (size_t i = 0; i < n; i++) {
        if (g_str_has_prefix(env[i], "GLIBC_TUNABLES=")) {
            /* the user's after ours: of a tunable named twice, glibc keeps the last */
            out[k++] = g_strconcat("GLIBC_TUNABLES=" READER_TUNABLES ":", env[i] + 15, NULL);
            set = true;
        } else {
            out[k++] = g_strdup(env[i]);
        }
    }
    if (!set)
        out[k++] = g_strdup("GLIBC_TUNABLES=" READER_TUNABLES);
    return out;
}

static reader *spawn(char *why, size_t why_len)
{
    int sv[2], err = 0;
    reader *r = NULL;
    pid_t pid;
    char mib[16];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        g_strlcpy(why, g_strerror(errno), why_len);
        return NULL;
    }
    /* dup2 onto itself would keep close-on-exec: the reader would lose it */
    if (sv[1] == 3) {
        int d = fcntl(sv[1], F_DUPFD_CLOEXEC, 4);
        close(sv[1]);
        if ((sv[1] = d) < 0) {
            g_strlcpy(why, g_strerror(errno), why_len);
            close(sv[0]);
            return NULL;
        }
    }
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    sigset_t none;
    sigemptyset(&none);
    posix_spawn_file_actions_init(&fa);
    posix_spawnattr_init(&at);
    /* Its stdout is not ours (a report may be written there); its stderr is,
     * for poppler's complaints, as when it read in process. */
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, sv[1], 3);
    /* a thread's blocked signals (the desk's) are not the reader's, nor
     * an ignored SIGTERM, with which kc_textreader_stop_all ends it */
    sigset_t term;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    posix_spawnattr_setsigmask(&at, &none);
    posix_spawnattr_setsigdefault(&at, &term);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    g_snprintf(mib, sizeof mib, "%u", tr.mib);
    char *argv[] = {tr.exe, KC_TEXTREADER_ARG, mib, NULL};
    char by_fd[32];
    char **env = kc_textreader_environ(environ);
    err = posix_spawn(&pid, program(by_fd, sizeof by_fd), &fa, &at, argv, env);
    g_strfreev(env);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    close(sv[1]);
    if (err != 0) {
        g_strlcpy(why, g_strerror(err), why_len);
        close(sv[0]);
        return NULL;
    }
    r = g_new(reader, 1);
    r->pid = pid;
    r->fd = sv[0];
    pthread_mutex_lock(&tr.lock);
    g_ptr_array_add(tr.all, r);
    pthread_mutex_unlock(&tr.lock);
    return r;
}

/* An idle reader that is still there, else a new one.  An idle reader has
 * nothing to say: one whose socket is readable or hung up has died (killed
 * from outside, or its parent thread's end) and is reaped. */
static reader *take(char *why, size_t why_len)
{
    for (;;) {
        reader *r = NULL;
        pthread_mutex_lock(&tr.lock);
        if (tr.idle->len)
            r = g_ptr_array_steal_index_fast(tr.idle, tr.idle->len - 1);
        pthread_mutex_unlock(&tr.lock);
        if (!r)
            return spawn(why, why_len);
        struct pollfd p = {.fd = r->fd, .events = POLLIN | POLLRDHUP};
        if (poll(&p, 1, 0) == 0)
            return r;
        drop(r, NULL);
    }
}

static void give_back(reader *r)
{
    pthread_mutex_lock(&tr.lock);
    g_ptr_array_add(tr.idle, r);
    pthread_mutex_unlock(&tr.lock);
}

void kc_textreader_stop_all(void)
{
    pthread_mutex_lock(&tr.lock);
    if (!tr.all) {
        pthread_mutex_unlock(&tr.lock);
        return;
    }
    /* Idle readers are ended and reaped here; a busy one is only killed:
     * the thread using it sees its socket close and reaps it (drop).  An
     * idle reader waits on its socket and ends at once on SIGTERM, or on the
     * end of the stream; SIGTERM rather than SIGKILL lets a tool that runs
     * it (valgrind's callgrind, memcheck) write its findings.  The socket is
     * closed before the wait: a program started with SIGTERM ignored (and
     * so its readers) waited here for ever, and `timeout` could not end it. */
    while (tr.idle->len) {
        reader *r = g_ptr_array_steal_index_fast(tr.idle, tr.idle->len - 1);
        g_ptr_array_remove_fast(tr.all, r);
        kill(r->pid, SIGTERM);
        close(r->fd);
        reap(r->pid, NULL);
        g_free(r);
    }
    for (guint i = 0; i < tr.all->len; i++)
        kill(((reader *)tr.all->pdata[i])->pid, SIGKILL);
    pthread_mutex_unlock(&tr.lock);
}

/* A number from a test harness's environment (tests/meson.build), else def. */
static unsigned test_setting(const char *name, unsigned def)
{
    const char *v = getenv(name);
    char *end;
    if (!v || !*v)
        return def;
    unsigned long n = strtoul(v, &end, 10);
    return *end || n > 100000 ? def : (unsigned)n;
}

void kc_textreader_budget(unsigned seconds)
{
    seconds = test_setting("KC_TEST_TEXT_BUDGET", seconds);
    budget_size = seconds;
    budget_left = seconds ? (gint64)seconds * G_USEC_PER_SEC : -1;
}

int kc_textreader_enable(kc_error *err)
{
    char self[PATH_MAX];
    /* The path, not /proc/self/exe itself: under valgrind the process's own
     * executable is valgrind's, and only readlink is made to say ours. */
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return kc_error_set(err, KC_EIO, _("cannot find the running program: %s"), g_strerror(errno));
    self[n] = '\0';
    pthread_mutex_lock(&tr.lock);
    if (!tr.all) {
        tr.all = g_ptr_array_new();
        tr.idle = g_ptr_array_new();
        atexit(kc_textreader_stop_all);
    }
    g_free(tr.exe);
    tr.exe = g_strdup(self);
    open_program(self);
    /* For the test harness only (README "Bad input"): valgrind runs the
     * reader fifty times slower, and its address space is valgrind's. */
    tr.seconds = test_setting("KC_TEST_TEXT_SECONDS", DEADLINE_S);
    tr.mib = test_setting("KC_TEST_TEXT_MIB", LIMIT_MIB);
    tr.on = true;
    pthread_mutex_unlock(&tr.lock);
    return 0;
}

int kc_textreader_read(char **out, const char *name, const char *path, const void *data, size_t len,
                       bool (*enough)(const char *first, void *user), void *user, kc_error *err)
{
    char why[256], *text = NULL, *said = NULL;
    int status = 0, rc;
    if (!path && len >= UINT32_MAX)
        return kc_error_set(err, KC_EFORMAT, _("%s: cannot read the document's text: %s"), name,
                            _("the document is larger than 4 GiB"));
    if (budget_left == 0)
        return kc_error_set(err, KC_EFORMAT,
                            _("the text of %s is left out: reading the documents' text took %u s in all, the "
                              "submission's budget"),
                            name, budget_size);
    reader *r = take(why, sizeof why);
    if (!r)
        return kc_error_set(err, KC_EFORMAT, _("reading the text of %s: cannot start the text reader: %s; it is left out"),
                            name, why);
    gint64 start = g_get_monotonic_time(), allowed = (gint64)tr.seconds * G_USEC_PER_SEC;
    bool by_budget = budget_left > 0 && budget_left < allowed;
    if (by_budget)
        allowed = budget_left;
    wire w = {.fd = r->fd, .deadline = start + allowed};
    kc_textreader_io io = {wire_read, wire_write, &w};
    rc = kc_textreader_send_request(&io, path, data, len, enough != NULL) == 0
             ? kc_textreader_read_reply(&text, &said, &io, enough != NULL, enough, user)
             : KC_TEXTREADER_BROKEN;
    if (budget_left > 0)
        budget_left = MAX(0, budget_left - (g_get_monotonic_time() - start));
    switch (rc) {
    case KC_TEXTREADER_TEXT:
        give_back(r);
        *out = text;
        return 0;
    case KC_TEXTREADER_UNREADABLE:
        give_back(r);
        rc = kc_error_set(err, KC_EFORMAT, _("%s: cannot read the document's text: %s"), name, said ? said : "?");
        free(said);
        return rc;
    case KC_TEXTREADER_NOMEM:
        drop(r, NULL);
        return kc_error_oom(err);
    case KC_TEXTREADER_MEMORY:
        drop(r, NULL);
        break;
    default:
        drop(r, &status);
        if (w.state == WIRE_LATE && by_budget)
            return kc_error_set(err, KC_EFORMAT,
                                _("the text of %s is left out: reading the documents' text took %u s in all, the "
                                  "submission's budget"),
                                name, budget_size);
        if (w.state == WIRE_LATE)
            return kc_error_set(err, KC_EFORMAT, _("reading the text of %s took longer than %u s; it is left out"), name,
                                tr.seconds);
        if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_MEMORY)
            break;
        if (WIFSIGNALED(status))
            return kc_error_set(err, KC_EFORMAT,
                                _("reading the text of %s: the text reader stopped (signal %d); it is left out"), name,
                                WTERMSIG(status));
        return kc_error_set(err, KC_EFORMAT, _("reading the text of %s: the text reader gave no valid answer; it is left out"),
                            name);
    }
    return kc_error_set(err, KC_EFORMAT, _("reading the text of %s needed more than %u MiB of memory; it is left out"),
                        name, tr.mib);
}

/* ---- the reader */

static int reader_fd = 3;
static size_t limit_bytes, page_bytes;

static int plain_read(void *ctx, void *buf, size_t n)
{
    (void)ctx;
    for (char *p = buf; n;) {
        ssize_t r = read(reader_fd, p, n);
        if (r > 0) {
            p += r;
            n -= (size_t)r;
        } else if (r < 0 && errno == EINTR)
            continue;
        else
            return -1;
    }
    return 0;
}

static int plain_write(void *ctx, const void *buf, size_t n)
{
    (void)ctx;
    for (const char *p = buf; n;) {
        ssize_t r = send(reader_fd, p, n, MSG_NOSIGNAL);
        if (r >= 0) {
            p += r;
            n -= (size_t)r;
        } else if (errno != EINTR)
            return -1;
    }
    return 0;
}

/* poppler, GLib and C++ abort when an allocation fails.  Whether an abort
 * (or a fault) was that is guessed from errno and the address space in use
 * (async-signal-safe reads only); the parent then says "memory", else it
 * says which signal. */
static void on_fatal(int sig)
{
    int e = errno;
    bool memory = e == ENOMEM;
    char buf[64];
    int fd = open("/proc/self/statm", O_RDONLY);
    if (!memory && fd >= 0) {
        ssize_t n = read(fd, buf, sizeof buf - 1);
        size_t pages = 0;
        for (ssize_t i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; i++)
            pages = pages * 10 + (size_t)(buf[i] - '0');
        memory = pages * page_bytes + (64u << 20) >= limit_bytes;
    }
    if (fd >= 0)
        close(fd);
    if (memory)
        _exit(EXIT_MEMORY);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* The parent gone (killed with -9, say) closes its end: the reader leaves
 * at once, even in the middle of a page.  Not PR_SET_PDEATHSIG, which fires
 * when the *thread* that started the reader ends, and readers outlive the
 * verifying threads that started them. */
static void *watch_parent(void *arg)
{
    (void)arg;
    struct pollfd p = {.fd = reader_fd, .events = POLLRDHUP};
    while (poll(&p, 1, -1) < 0 && errno == EINTR)
        ;
    _exit(0);
}

int kc_textreader_main(int argc, char **argv)
{
    unsigned long mib = argc > 2 ? strtoul(argv[2], NULL, 10) : LIMIT_MIB;
    struct rlimit none = {0, 0};
    pthread_t watcher;
    int rc;
    setrlimit(RLIMIT_CORE, &none); /* a crafted page's crash leaves no core file */
    /* One document after another: poppler builds a page's fonts, objects and
     * text (a few hundred KB) and frees them all.  With glibc's defaults the
     * freed top of the heap went back to the kernel after each document and
     * blocks over 128 KB were mapped and unmapped each time, so every
     * document faulted the same memory in again: 107 page faults a bench
     * document against 9 with these (tests/bench/RESULTS.md), half the
     * reader's time.  Blocks over 1 MiB are still mapped and freed memory
     * over 4 MiB still given back, so a heavy page's memory does not stay;
     * the address-space limit below counts all of it as before. */
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
    mallopt(M_TRIM_THRESHOLD, 4 << 20);
#ifndef KC_ASAN
    if (mib > 0) {
        struct rlimit as = {(rlim_t)mib << 20, (rlim_t)mib << 20};
        struct sigaction sa = {.sa_handler = on_fatal};
        limit_bytes = (size_t)mib << 20;
        page_bytes = (size_t)sysconf(_SC_PAGESIZE);
        setrlimit(RLIMIT_AS, &as);
        sigaction(SIGABRT, &sa, NULL);
        sigaction(SIGSEGV, &sa, NULL);
        sigaction(SIGBUS, &sa, NULL);
    }
#endif
#ifdef SYS_close_range
    /* descriptors the parent left open without close-on-exec */
    syscall(SYS_close_range, 4u, ~0u, 0u);
#endif
    if (fcntl(reader_fd, F_GETFD) < 0)
        return 2;
    if (pthread_create(&watcher, NULL, watch_parent, NULL) == 0)
        pthread_detach(watcher);
    kc_textreader_io io = {plain_read, plain_write, NULL};
    while ((rc = kc_textreader_serve_one(&io)) == 0)
        ;
    return rc == 1 ? 0 : rc == -2 ? EXIT_MEMORY : 1;
}
