/* cli_pool.c: verifies many documents on N threads and hands the verdicts
 * back in input order, so output never depends on --jobs.  The trust store
 * is shared read-only by every thread. */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

typedef struct pool {
    const kc_trust *trust;
    const kc_verify_opts *opts;
    char *const *paths;
    size_t n;
    kc_verdict **verdicts;
    bool *done;
    size_t next, finished; /* finished: in any order, for the progress bar */
    size_t waiting;        /* the document the calling thread sleeps for, or SIZE_MAX */
    cli_after_fn after;    /* run on the verifying thread, or NULL */
    void *user;
    pthread_mutex_t lock;
    pthread_cond_t ready;
} pool;

/* Verifies the next document nobody has taken; false when none is left.  The
 * calling thread is woken only when this is the document it waits for: a
 * wake-up per document cost the two-core batch a fifth more CPU time in
 * context switches. */
static bool take_one(pool *p)
{
    pthread_mutex_lock(&p->lock);
    size_t i = p->next < p->n ? p->next++ : SIZE_MAX;
    pthread_mutex_unlock(&p->lock);
    if (i == SIZE_MAX)
        return false;
    kc_verdict *v = NULL;
    if (kc_verify_file(&v, p->trust, p->paths[i], p->opts, NULL) != 0)
        v = NULL;
    if (p->after)
        p->after(i, v, p->user);
    pthread_mutex_lock(&p->lock);
    p->verdicts[i] = v;
    p->done[i] = true;
    p->finished++;
    if (p->waiting == i)
        pthread_cond_signal(&p->ready);
    pthread_mutex_unlock(&p->lock);
    return true;
}

static void *worker(void *arg)
{
    while (take_one(arg))
        ;
    return NULL;
}

/* One job: no thread, no lock, no hand-off; each verdict goes out as soon as
 * it is made, in the same order and through the same callback. */
static void verify_inline(const kc_trust *trust, const kc_verify_opts *opts, char *const *paths, size_t n,
                          cli_after_fn after, cli_verdict_fn fn, void *user)
{
    cli_progress *bar = cli_progress_new(_("Checking signatures"), n, false);
    bool tty_out = bar && isatty(STDOUT_FILENO);
    for (size_t i = 0; i < n; i++) {
        kc_verdict *v = NULL;
        if (kc_verify_file(&v, trust, paths[i], opts, NULL) != 0)
            v = NULL;
        if (after)
            after(i, v, user);
        if (tty_out)
            cli_progress_clear(bar);
        fn(i, v, user); /* takes ownership of v (NULL when out of memory) */
        cli_progress_set(bar, i + 1);
    }
    cli_progress_free(bar);
}

/* Hands out, in input order, every verdict from *emitted on that is ready;
 * called with the lock held, returns with it held. */
static void emit_ready(pool *p, size_t *emitted, cli_progress *bar, bool tty_out, cli_verdict_fn fn, void *user)
{
    while (*emitted < p->n && p->done[*emitted]) {
        kc_verdict *v = p->verdicts[*emitted];
        p->verdicts[*emitted] = NULL;
        size_t finished = p->finished;
        pthread_mutex_unlock(&p->lock);
        if (tty_out)
            cli_progress_clear(bar);
        fn(*emitted, v, user); /* takes ownership of v (NULL when out of memory) */
        cli_progress_set(bar, finished);
        pthread_mutex_lock(&p->lock);
        (*emitted)++;
    }
}

long cli_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 16 ? 16 : n;
}

int cli_verify_all(const kc_trust *trust, const kc_verify_opts *opts, char *const *paths, size_t n,
                   long jobs, cli_verdict_fn fn, void *user)
{
    return cli_verify_all_then(trust, opts, paths, n, jobs, NULL, fn, user);
}

int cli_verify_all_then(const kc_trust *trust, const kc_verify_opts *opts, char *const *paths, size_t n,
                        long jobs, cli_after_fn after, cli_verdict_fn fn, void *user)
{
    pool p = {.trust = trust, .opts = opts, .paths = paths, .n = n, .after = after, .user = user};
    pthread_t *threads = NULL;
    long started = 0;
    int rc = -1;

    p.verdicts = calloc(n ? n : 1, sizeof *p.verdicts);
    p.done = calloc(n ? n : 1, sizeof *p.done);
    if (jobs < 1)
        jobs = 1;
    if ((size_t)jobs > n)
        jobs = n ? (long)n : 1;
    if (jobs == 1) {
        verify_inline(trust, opts, paths, n, after, fn, user);
        rc = 0;
        goto out;
    }
    /* Without a progress bar (a script, a pipe) the calling thread is one of
     * the jobs: it verifies too, and between its documents hands out whatever
     * is ready, so two jobs use two threads, not two workers and a third that
     * wakes for every verdict.  With a bar (someone watching) it only hands
     * out and moves the bar, which then never waits for a document of its own. */
    threads = calloc((size_t)jobs, sizeof *threads);
    if (!p.verdicts || !p.done || !threads)
        goto out;
    cli_progress *bar = cli_progress_new(_("Checking signatures"), n, false);
    bool tty_out = bar && isatty(STDOUT_FILENO);
    p.waiting = SIZE_MAX;
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.ready, NULL);
    for (; started < (bar ? jobs : jobs - 1); started++)
        if (pthread_create(&threads[started], NULL, worker, &p) != 0)
            break;
    rc = 0;
    size_t emitted = 0;
    bool work_left = !bar || started == 0;
    pthread_mutex_lock(&p.lock);
    while (emitted < n) {
        emit_ready(&p, &emitted, bar, tty_out, fn, user);
        if (emitted == n)
            break;
        if (work_left) {
            pthread_mutex_unlock(&p.lock);
            work_left = take_one(&p);
            pthread_mutex_lock(&p.lock);
            continue;
        }
        /* Nothing left to take: sleep until the next verdict in order is
         * made, waking every 200 ms to move the bar (it counts documents
         * finished in any order) while that one is a slow document. */
        p.waiting = emitted;
        if (!bar) {
            pthread_cond_wait(&p.ready, &p.lock);
        } else {
            size_t finished = p.finished;
            pthread_mutex_unlock(&p.lock);
            cli_progress_set(bar, finished);
            pthread_mutex_lock(&p.lock);
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += 200 * 1000 * 1000;
            if (ts.tv_nsec >= 1000000000L) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000L;
            }
            if (!p.done[emitted])
                pthread_cond_timedwait(&p.ready, &p.lock, &ts);
        }
        p.waiting = SIZE_MAX;
    }
    pthread_mutex_unlock(&p.lock);
    cli_progress_free(bar);
    for (long t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    pthread_mutex_destroy(&p.lock);
    pthread_cond_destroy(&p.ready);
out:
    free(threads);
    free(p.verdicts);
    free(p.done);
    return rc;
}
