/* kc-bench-verify.c: the benchmark's stand-in for the server (issue 16): one
 * submission of documents verified through the library entry point a server
 * uses, kc_verify_file() with one trust store loaded at start and shared by
 * its worker threads, each verdict turned into the JSON a response carries.
 *
 *   kc-bench-verify [--jobs N] [--trust PATH]... FILE...
 *
 * Prints "N documents, V valid, S s" (S: the submission alone, after the
 * trust store is loaded) and exits 0 when every document was examined and
 * valid, 1 otherwise, 2 on usage errors.  tests/bench/run.sh compares the
 * whole process's time with `kiemchung verify` on the same files. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kiemchung/kiemchung.h"

typedef struct submission {
    const kc_trust *trust;
    char **paths;
    size_t n;
    atomic_size_t next, valid, failed;
} submission;

static void *worker(void *arg)
{
    submission *s = arg;
    for (size_t i; (i = atomic_fetch_add(&s->next, 1)) < s->n;) {
        kc_verdict *v = NULL;
        if (kc_verify_file(&v, s->trust, s->paths[i], NULL, NULL) != 0) {
            atomic_fetch_add(&s->failed, 1);
            continue;
        }
        char *json = kc_verdict_to_json(v);
        if (!json)
            atomic_fetch_add(&s->failed, 1);
        else if (kc_verdict_status(v) == KC_STATUS_VALID)
            atomic_fetch_add(&s->valid, 1);
        free(json);
        kc_verdict_free(v);
    }
    return NULL;
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    kc_trust *trust = NULL;
    kc_error err = {0};
    long jobs = 1;
    int i = 1, rc = 2;

    if (kc_trust_new(&trust, &err) != 0)
        goto out;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        if (strcmp(argv[i], "--jobs") == 0 && i + 1 < argc) {
            jobs = strtol(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--trust") == 0 && i + 1 < argc) {
            if (kc_trust_add_path(trust, argv[++i], &err) != 0) {
                fprintf(stderr, "kc-bench-verify: %s\n", err.message);
                goto out;
            }
        } else {
            break;
        }
    }
    if (i >= argc || jobs < 1 || jobs > 64) {
        fprintf(stderr, "usage: kc-bench-verify [--jobs N] [--trust PATH]... FILE...\n");
        goto out;
    }
    submission s = {.trust = trust, .paths = argv + i, .n = (size_t)(argc - i)};
    pthread_t threads[64];
    long started = 0;
    double t0 = seconds();
    while (started < jobs && pthread_create(&threads[started], NULL, worker, &s) == 0)
        started++;
    if (started == 0)
        worker(&s);
    for (long t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    double t1 = seconds();
    printf("%zu documents, %zu valid, %.3f s\n", s.n, (size_t)s.valid, t1 - t0);
    rc = s.valid == s.n && s.failed == 0 ? 0 : 1;
out:
    kc_trust_free(trust);
    return rc;
}
