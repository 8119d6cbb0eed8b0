/* hash.c: one sequential read of a file feeding every signature's digest.
 *
 * Verification is bound by hashing the signed bytes, so each byte is read
 * once and, where jobs share a prefix starting at offset 0, hashed once: a
 * shared context per algorithm runs up to the longest first range and is
 * copied (EVP_MD_CTX_copy_ex) into each job's own context where that job's
 * first range ends.  The prefixes are nested (the document a signature was
 * appended to, the leader's signed bytes, the document the organisation
 * signed, the organisation's signed bytes, the whole file): each is hashed
 * once, where sharing only the shortest hashed every longer one again from
 * there (index and the desk, which ask for the originals and the whole
 * file, hashed ~10% more than the file on the bench's documents). */
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hash.h"
#include "i18n.h"

#define CHUNK (1u << 20)

/* The calling thread's deadline (kc_verify_deadline), CLOCK_MONOTONIC
 * nanoseconds, 0: none.  Hashing is checked against it between jobs of every
 * chunk: the one loop whose work a file can multiply (each of thousands of
 * signatures parting from the others at its own gap hashes the rest of the
 * file again: a 100 MB file cost hours), so a desk's submission ends when its
 * time is up instead of holding a worker while every other commune waits. */
static _Thread_local int64_t deadline_ns;

static int64_t monotonic_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

void kc_hash_deadline(unsigned seconds)
{
    deadline_ns = seconds ? monotonic_ns() + (int64_t)seconds * 1000000000 : 0;
}

bool kc_hash_deadline_passed(void)
{
    return deadline_ns && monotonic_ns() >= deadline_ns;
}

typedef struct group {
    const EVP_MD *md;
    EVP_MD_CTX *shared;
    uint64_t prefix; /* the shortest first range: what the bound on work counts as shared */
    size_t next;     /* the first of its jobs in fork order not yet given the shared state */
    size_t last;     /* one past its last job in fork order */
} group;

typedef struct job_state {
    EVP_MD_CTX *ctx;
    size_t group;
    uint64_t fork; /* where the job takes the shared state: its first range's end (0: none shared) */
} job_state;

/* The bytes fed to digests by this thread's last kc_hash_ranges (tests). */
static _Thread_local uint64_t fed;

uint64_t kc_hash_last_fed(void)
{
    return fed;
}

/* The usual digests, fetched from the provider once per process: looked up
 * by name and initialised the legacy way, each document would pay for a
 * fetch (a locked method-store search) per context. */
static const char *const common_names[] = {"sha256", "sha384", "sha512", "sha224", "sha1"};
static EVP_MD *common_mds[sizeof common_names / sizeof common_names[0]];
static pthread_once_t common_once = PTHREAD_ONCE_INIT;

static void fetch_common(void)
{
    for (size_t i = 0; i < sizeof common_names / sizeof common_names[0]; i++)
        common_mds[i] = EVP_MD_fetch(NULL, common_names[i], NULL);
}

static const EVP_MD *digest_by_name(const char *name)
{
    pthread_once(&common_once, fetch_common);
    for (size_t i = 0; i < sizeof common_names / sizeof common_names[0]; i++)
        if (common_mds[i] && strcmp(name, common_names[i]) == 0)
            return common_mds[i];
    return EVP_get_digestbyname(name);
}

const EVP_MD *kc_hash_sha256_md(void)
{
    return digest_by_name("sha256");
}

static uint64_t min_u64(uint64_t a, uint64_t b) { return a < b ? a : b; }
static uint64_t max_u64(uint64_t a, uint64_t b) { return a > b ? a : b; }

/* Feeds the part of [lo, hi) of the chunk (which starts at base) that lies in the job's ranges. */
static int feed_job(EVP_MD_CTX *ctx, const kc_hash_job *job, const unsigned char *buf,
                    uint64_t base, uint64_t lo, uint64_t hi)
{
    for (size_t r = 0; r < job->n_ranges; r++) {
        uint64_t a = max_u64(lo, job->off[r]), b = min_u64(hi, job->off[r] + job->len[r]);
        if (a < b && !EVP_DigestUpdate(ctx, buf + (a - base), (size_t)(b - a)))
            return -1;
        fed += a < b ? b - a : 0;
    }
    return 0;
}

/* Bytes hashed for one document at most: HASH_PASSES times the file and
 * HASH_SLACK more.  Each signature whose ranges part from the others' at its
 * own gap hashes the rest of the file once more, and a file holds a few
 * hundred signatures per megabyte: the work grows with the
 * square of the size (a 15 MB file of 2,000 signatures: 30 GB; one at the
 * desk's upload limit: days), for verify, index and review as for the desk,
 * whose time limit (--max-analysis-time) only stops it.  A real document
 * signed by a whole council hashes the file a few dozen times (a signature
 * and its original revision each), far under the bound; past it the
 * document is refused before a byte is read, its signatures not judged
 * (an error, never valid). */
#define HASH_PASSES 256
#define HASH_SLACK ((uint64_t)4 << 30)

static int within_budget(kc_hash_job *const *jobs, size_t n, const job_state *st, const group *groups,
                         size_t n_groups, uint64_t size, kc_error *err)
{
    /* Counted as when only the shortest first range was shared: an upper
     * bound of what is hashed now, kept so that what it refuses stays what
     * it was.  The shared prefixes once, then each job past its group's. */
    uint64_t total = 0;
    for (size_t g = 0; g < n_groups; g++)
        total += groups[g].prefix;
    for (size_t i = 0; i < n; i++) {
        if (st[i].group == SIZE_MAX)
            continue;
        uint64_t prefix = groups[st[i].group].prefix;
        for (size_t r = 0; r < jobs[i]->n_ranges; r++) {
            uint64_t a = max_u64(jobs[i]->off[r], prefix), b = jobs[i]->off[r] + jobs[i]->len[r];
            if (b > a)
                total += b - a;
        }
    }
    uint64_t budget = HASH_SLACK + (size > (UINT64_MAX - HASH_SLACK) / HASH_PASSES ? UINT64_MAX - HASH_SLACK
                                                                                   : size * HASH_PASSES);
    if (total <= budget)
        return 0;
    return kc_error_set(err, KC_ELIMIT,
                        _("its signatures would need %llu MiB hashed, more than kiemchung hashes for one document "
                          "(%d times its size and %llu MiB more: %llu MiB): a signature flood, so its signatures "
                          "are not judged"),
                        (unsigned long long)(total >> 20), HASH_PASSES, (unsigned long long)(HASH_SLACK >> 20),
                        (unsigned long long)(budget >> 20));
}

/* Fork order: by group, then by where the job takes the shared state (qsort
 * takes no argument for the states: this thread's, as verify hashes on several). */
static _Thread_local const job_state *sort_states;

static int by_fork(const void *pa, const void *pb)
{
    const job_state *a = &sort_states[*(const size_t *)pa], *b = &sort_states[*(const size_t *)pb];
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    return a->fork < b->fork ? -1 : a->fork > b->fork;
}

/* Runs group g's shared context from pos to `to` over the chunk (which starts
 * at base; NULL when to == pos), giving its state to each job whose first
 * range ends on the way, in order.  Past its last job it hashes nothing. */
static int advance(group *g, const size_t *order, job_state *st, const unsigned char *chunk, uint64_t base,
                   uint64_t pos, uint64_t to)
{
    while (g->next < g->last) {
        job_state *j = &st[order[g->next]];
        uint64_t stop = min_u64(j->fork, to);
        if (stop > pos) {
            if (!EVP_DigestUpdate(g->shared, chunk + (pos - base), (size_t)(stop - pos)))
                return -1;
            fed += stop - pos;
            pos = stop;
        }
        if (j->fork > to)
            break;
        if (!EVP_MD_CTX_copy_ex(j->ctx, g->shared))
            return -1;
        g->next++;
    }
    return 0;
}

/* The file is read from fd in chunks, or taken from data when the caller
 * already holds all of it. */
static int hash_ranges(int fd, const unsigned char *data, uint64_t size, kc_hash_job *const *jobs, size_t n,
                       kc_error *err)
{
    group *groups = calloc(n ? n : 1, sizeof *groups);
    job_state *st = calloc(n ? n : 1, sizeof *st);
    size_t *order = calloc(n ? n : 1, sizeof *order);
    unsigned char *buf = data ? NULL : malloc(CHUNK);
    size_t n_groups = 0, n_order = 0;
    uint64_t end = 0;
    int rc = KC_ENOMEM;

    fed = 0;
    if (!groups || !st || !order || (!data && !buf))
        goto out;
    for (size_t i = 0; i < n; i++) {
        jobs[i]->ok = false;
        const EVP_MD *md = digest_by_name(jobs[i]->md_name ? jobs[i]->md_name : "");
        if (!md) {
            st[i].group = SIZE_MAX;
            continue;
        }
        size_t g = 0;
        while (g < n_groups && groups[g].md != md)
            g++;
        uint64_t first = jobs[i]->n_ranges && jobs[i]->off[0] == 0 ? jobs[i]->len[0] : 0;
        if (g == n_groups) {
            groups[g] = (group){.md = md, .prefix = first};
            n_groups++;
        } else {
            groups[g].prefix = min_u64(groups[g].prefix, first);
        }
        st[i].group = g;
        st[i].fork = first;
        order[n_order++] = i;
        for (size_t r = 0; r < jobs[i]->n_ranges; r++)
            end = max_u64(end, jobs[i]->off[r] + jobs[i]->len[r]);
    }
    if (end > size) {
        rc = kc_error_set(err, KC_EINVAL, _("a signed range reaches past the end of the file"));
        goto out;
    }
    if ((rc = within_budget(jobs, n, st, groups, n_groups, size, err)) != 0)
        goto out;
    rc = KC_ENOMEM;
    sort_states = st;
    qsort(order, n_order, sizeof *order, by_fork);
    for (size_t k = 0; k < n_order; k++) {
        group *g = &groups[st[order[k]].group];
        if (k == 0 || st[order[k - 1]].group != st[order[k]].group)
            g->next = k;
        g->last = k + 1;
    }
    for (size_t g = 0; g < n_groups; g++) {
        if (!(groups[g].shared = EVP_MD_CTX_new()) || !EVP_DigestInit_ex(groups[g].shared, groups[g].md, NULL))
            goto crypto;
    }
    for (size_t i = 0; i < n; i++)
        if (st[i].group != SIZE_MAX && !(st[i].ctx = EVP_MD_CTX_new()))
            goto out;
    if (!data)
        posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);

    for (uint64_t base = 0;; base += CHUNK) {
        /* The jobs whose first range ends where this chunk starts (or that
         * share nothing, at 0) take the shared state before anything else. */
        for (size_t g = 0; g < n_groups; g++)
            if (advance(&groups[g], order, st, NULL, base, base, base) != 0)
                goto crypto;
        if (base >= end)
            break;
        size_t want = (size_t)min_u64(CHUNK, end - base);
        size_t got = data ? want : 0;
        const unsigned char *chunk = data ? data + base : buf;
        while (got < want) {
            ssize_t r = pread(fd, buf + got, want - got, (off_t)(base + got));
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0) {
                rc = kc_error_set(err, KC_EIO, _("read error while hashing: %s"),
                                  r < 0 ? strerror(errno) : _("unexpected end of file"));
                goto out;
            }
            got += (size_t)r;
        }
        uint64_t hi = base + want;
        for (size_t g = 0; g < n_groups; g++)
            if (advance(&groups[g], order, st, chunk, base, base, hi) != 0)
                goto crypto;
        /* Each job that has its shared state hashes the rest of its own
         * ranges: from where it took that state, or the chunk's start. */
        for (size_t i = 0; i < n; i++) {
            size_t g = st[i].group;
            if (g == SIZE_MAX || st[i].fork > hi)
                continue;
            if (kc_hash_deadline_passed()) {
                rc = kc_error_set(err, KC_ELIMIT, "%s", _("the time allowed for this analysis ran out"));
                goto out;
            }
            uint64_t lo = max_u64(base, st[i].fork);
            if (lo < hi && feed_job(st[i].ctx, jobs[i], chunk, base, lo, hi) != 0)
                goto crypto;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (st[i].group == SIZE_MAX)
            continue;
        if (!EVP_DigestFinal_ex(st[i].ctx, jobs[i]->digest, &jobs[i]->digest_len))
            goto crypto;
        jobs[i]->ok = true;
    }
    rc = 0;
    goto out;
crypto:
    rc = kc_error_set(err, KC_ECRYPTO, _("the digest computation failed"));
out:
    for (size_t g = 0; groups && g < n_groups; g++)
        EVP_MD_CTX_free(groups[g].shared);
    for (size_t i = 0; st && i < n; i++)
        EVP_MD_CTX_free(st[i].ctx);
    free(groups);
    free(st);
    free(order);
    free(buf);
    return rc;
}

int kc_hash_ranges(int fd, uint64_t size, kc_hash_job *const *jobs, size_t n, kc_error *err)
{
    return hash_ranges(fd, NULL, size, jobs, n, err);
}

int kc_hash_sha256_fd(int fd, uint64_t size, unsigned char out[32], kc_error *err)
{
    kc_hash_job job = {.md_name = "sha256", .off = {0}, .len = {size}, .n_ranges = 1};
    kc_hash_job *jobs[] = {&job};
    int rc = hash_ranges(fd, NULL, size, jobs, 1, err);
    if (rc == 0 && (!job.ok || job.digest_len != 32))
        rc = kc_error_set(err, KC_ECRYPTO, "%s", _("SHA-256 is not available"));
    if (rc == 0)
        memcpy(out, job.digest, 32);
    return rc;
}

int kc_hash_ranges_mem(const unsigned char *data, uint64_t size, kc_hash_job *const *jobs, size_t n, kc_error *err)
{
    return hash_ranges(-1, data, size, jobs, n, err);
}
