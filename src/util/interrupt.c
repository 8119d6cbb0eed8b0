/* interrupt.c: Ctrl-C (SIGINT), Ctrl-\ (SIGQUIT), SIGTERM or SIGHUP while an output is being
 * written leaves nothing behind: the rule is "nothing half-written on
 * failure", and an interrupted 1.5 GB ingest used to leave 180 MB of hidden
 * temporary files beside its target.
 *
 * The temporary files of open kc_atomic writers are held in fixed slots the
 * handler can read (no allocation, no locks: only unlink, signal and raise,
 * which are async-signal-safe).  While libzip writes its own temporary file
 * (zip_close, whose name we are not told) the handler only notes the signal:
 * libzip's cancel callback (zip_write.c) then stops it, libzip removes its
 * file, and kc_interrupt_resume removes ours and ends the process with the
 * signal, so the shell sees 130 for Ctrl-C.
 *
 * Installed only over a default disposition: an ignored signal (nohup, a
 * background job) stays ignored and a handler someone else set (the
 * server's GLib handlers, the passphrase prompt's) stays theirs.  Handlers
 * are reset by exec, so the text reader's children (posix_spawn, SIGTERM
 * set to default there) are not affected; no signal is ever blocked. */
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define SLOTS 32

static char slot_path[SLOTS][PATH_MAX];
static volatile sig_atomic_t slot_used[SLOTS];
static volatile sig_atomic_t pending;   /* the signal received, 0 if none */
static volatile sig_atomic_t deferring; /* writers inside zip_close */
static pthread_mutex_t slot_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t installed = PTHREAD_ONCE_INIT;

/* Async-signal-safe: removes every held temporary file, then dies of sig. */
static void remove_and_die(int sig)
{
    for (int i = 0; i < SLOTS; i++)
        if (__atomic_load_n(&slot_used[i], __ATOMIC_SEQ_CST))
            unlink(slot_path[i]);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void on_signal(int sig)
{
    __atomic_store_n(&pending, sig, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&deferring, __ATOMIC_SEQ_CST) == 0)
        remove_and_die(sig);
}

/* SIGXFSZ (a write past `ulimit -f`) caught and let be: the write then fails
 * with EFBIG, as on a full disk, and the writer takes back what it made.  Its
 * default ends the process mid-file instead (atkzip2: extract left mimetype,
 * bagit.txt and a cut-short data/.kc-extract-*, ingest its temporary files).
 * A handler, not SIG_IGN, since exec resets a handler but keeps an ignore. */
static void on_file_size(int sig)
{
    (void)sig;
}

/* Sets handler for sig unless someone set another (see the file's comment). */
static void take_over(int sig, const struct sigaction *sa)
{
    struct sigaction cur;
    if (sigaction(sig, NULL, &cur) == 0 && !(cur.sa_flags & SA_SIGINFO) && cur.sa_handler == SIG_DFL)
        sigaction(sig, sa, NULL);
}

static void install(void)
{
    /* SIGQUIT (Ctrl-\) too: the terminal's other key to stop a program
     * (atkzip2: it left extract's files behind as SIGKILL does). */
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
    struct sigaction sa = {0}, fsz = {0};
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART; /* a deferred signal must not fail a write with EINTR */
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < G_N_ELEMENTS(sigs); i++)
        sigaddset(&sa.sa_mask, sigs[i]);
    for (size_t i = 0; i < G_N_ELEMENTS(sigs); i++)
        take_over(sigs[i], &sa);
    fsz.sa_handler = on_file_size;
    fsz.sa_flags = SA_RESTART;
    sigemptyset(&fsz.sa_mask);
    take_over(SIGXFSZ, &fsz);
}

int kc_interrupt_hold(const char *path)
{
    pthread_once(&installed, install);
    if (strlen(path) >= PATH_MAX)
        return -1;
    pthread_mutex_lock(&slot_lock);
    int slot = -1;
    for (int i = 0; i < SLOTS && slot < 0; i++)
        if (!slot_used[i])
            slot = i;
    if (slot >= 0) {
        strcpy(slot_path[slot], path);
        __atomic_store_n(&slot_used[slot], 1, __ATOMIC_SEQ_CST);
    }
    pthread_mutex_unlock(&slot_lock);
    return slot; /* -1: more writers than slots; that one is only removed as before */
}

void kc_interrupt_release(int slot)
{
    if (slot < 0 || slot >= SLOTS)
        return;
    pthread_mutex_lock(&slot_lock);
    __atomic_store_n(&slot_used[slot], 0, __ATOMIC_SEQ_CST);
    pthread_mutex_unlock(&slot_lock);
}

bool kc_interrupt_pending(void)
{
    return __atomic_load_n(&pending, __ATOMIC_SEQ_CST) != 0;
}

void kc_interrupt_defer(void)
{
    /* Installed here too: extract defers with no temporary file held yet
     * (it takes back every file it wrote, which no slot could list). */
    pthread_once(&installed, install);
    __atomic_add_fetch(&deferring, 1, __ATOMIC_SEQ_CST);
}

void kc_interrupt_resume(void)
{
    if (__atomic_sub_fetch(&deferring, 1, __ATOMIC_SEQ_CST) == 0) {
        int sig = __atomic_load_n(&pending, __ATOMIC_SEQ_CST);
        if (sig)
            remove_and_die(sig);
    }
}
