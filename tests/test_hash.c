/* test_hash.c: one-pass range hashing equals hashing each range on its own,
 * across chunk boundaries and with shared prefixes of any length. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <fcntl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hash.h"

#define SIZE ((3u << 20) + 17u) /* crosses the 1 MiB read chunk three times */

typedef struct fixture {
    char path[64];
    int fd;
    unsigned char *data;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    strcpy(f->path, "/tmp/kc-test-hash-XXXXXX");
    f->fd = mkstemp(f->path);
    f->data = malloc(SIZE);
    srand(7);
    for (size_t i = 0; i < SIZE; i++)
        f->data[i] = (unsigned char)rand();
    assert_int_equal(write(f->fd, f->data, SIZE), SIZE);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    close(f->fd);
    unlink(f->path);
    free(f->data);
    free(f);
    return 0;
}

static void expect_digest(const fixture *f, const kc_hash_job *job)
{
    unsigned char md[64];
    unsigned int len = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    assert_true(EVP_DigestInit_ex(ctx, EVP_get_digestbyname(job->md_name), NULL));
    for (size_t r = 0; r < job->n_ranges; r++)
        EVP_DigestUpdate(ctx, f->data + job->off[r], job->len[r]);
    EVP_DigestFinal_ex(ctx, md, &len);
    EVP_MD_CTX_free(ctx);
    assert_true(job->ok);
    assert_int_equal(job->digest_len, len);
    assert_memory_equal(job->digest, md, len);
}

static void test_two_signatures_share_prefix(void **state)
{
    fixture *f = *state;
    /* The leader signs a prefix of what the organisation signs. */
    kc_hash_job jobs[3] = {
        {.md_name = "sha256", .off = {0, 1500000}, .len = {1400000, 100000}, .n_ranges = 2},
        {.md_name = "sha256", .off = {0, 3000000}, .len = {2900000, SIZE - 3000000}, .n_ranges = 2},
        {.md_name = "sha1", .off = {0, 2000000}, .len = {1048576, 10}, .n_ranges = 2},
    };
    assert_int_equal(kc_hash_ranges(f->fd, SIZE, ((kc_hash_job *[]){&jobs[0], &jobs[1], &jobs[2]}), 3, NULL), 0);
    for (int i = 0; i < 3; i++)
        expect_digest(f, &jobs[i]);
}

/* What index and the desk ask of a document signed twice: the document each
 * signature was appended to, each signature's ranges and the whole file.
 * Their first ranges are nested prefixes: each byte before the longest is
 * hashed once, then each job its own second range; a fork on a chunk's
 * boundary and two jobs forking at one offset included.  Sharing only the
 * shortest prefix hashed every longer one again from there. */
static void test_nested_prefixes_hashed_once(void **state)
{
    fixture *f = *state;
    const uint64_t mib = 1u << 20;
    kc_hash_job jobs[6] = {
        {.md_name = "sha256", .off = {0}, .len = {900000}, .n_ranges = 1},                          /* original */
        {.md_name = "sha256", .off = {0, 1000000}, .len = {990000, 40000}, .n_ranges = 2},          /* leader */
        {.md_name = "sha256", .off = {0}, .len = {mib}, .n_ranges = 1},                             /* its document */
        {.md_name = "sha256", .off = {0, mib + 50000}, .len = {mib, 2 * mib - 50000}, .n_ranges = 2}, /* same fork */
        {.md_name = "sha256", .off = {0, 2500000}, .len = {2400000, SIZE - 2500000}, .n_ranges = 2}, /* org */
        {.md_name = "sha256", .off = {0}, .len = {SIZE}, .n_ranges = 1},                            /* whole */
    };
    kc_hash_job *ptrs[6] = {&jobs[5], &jobs[2], &jobs[4], &jobs[0], &jobs[3], &jobs[1]}; /* any order */
    uint64_t own = 40000 + (2 * mib - 50000) + (SIZE - 2500000);
    assert_int_equal(kc_hash_ranges(f->fd, SIZE, ptrs, 6, NULL), 0);
    for (int i = 0; i < 6; i++)
        expect_digest(f, &jobs[i]);
    assert_int_equal(kc_hash_last_fed(), SIZE + own);
    /* The same from memory. */
    assert_int_equal(kc_hash_ranges_mem(f->data, SIZE, ptrs, 6, NULL), 0);
    for (int i = 0; i < 6; i++)
        expect_digest(f, &jobs[i]);
    assert_int_equal(kc_hash_last_fed(), SIZE + own);
    /* Without the whole file, the shared context stops at the organisation's first range. */
    assert_int_equal(kc_hash_ranges(f->fd, SIZE, ptrs + 1, 5, NULL), 0);
    for (int i = 0; i < 5; i++)
        expect_digest(f, &jobs[i]);
    assert_int_equal(kc_hash_last_fed(), 2400000 + own);
}

static void test_whole_file_and_empty_prefix(void **state)
{
    fixture *f = *state;
    kc_hash_job jobs[2] = {
        {.md_name = "sha256", .off = {0}, .len = {SIZE}, .n_ranges = 1},
        {.md_name = "sha384", .off = {5}, .len = {100}, .n_ranges = 1},
    };
    assert_int_equal(kc_hash_ranges(f->fd, SIZE, ((kc_hash_job *[]){&jobs[0], &jobs[1]}), 2, NULL), 0);
    expect_digest(f, &jobs[0]);
    expect_digest(f, &jobs[1]);
}

static void test_unknown_algorithm_and_bad_range(void **state)
{
    fixture *f = *state;
    kc_hash_job job = {.md_name = "no-such-digest", .off = {0}, .len = {10}, .n_ranges = 1};
    assert_int_equal(kc_hash_ranges(f->fd, SIZE, ((kc_hash_job *[]){&job}), 1, NULL), 0);
    assert_false(job.ok);
    kc_hash_job past = {.md_name = "sha256", .off = {0}, .len = {SIZE + 1}, .n_ranges = 1};
    kc_error err = {0};
    assert_int_equal(kc_hash_ranges(f->fd, SIZE, ((kc_hash_job *[]){&past}), 1, &err), KC_EINVAL);
    assert_non_null(strstr(err.message, "past the end"));
}

/* The desk's deadline (kc_verify_deadline): past it hashing stops with
 * KC_ELIMIT, on this thread; ended, the same jobs hash again. */
static void test_deadline(void **state)
{
    fixture *f = *state;
    kc_hash_job job = {.md_name = "sha256", .off = {0}, .len = {SIZE}, .n_ranges = 1};
    kc_error err = {0};
    kc_hash_deadline(1);
    assert_false(kc_hash_deadline_passed());
    assert_int_equal(kc_hash_ranges(f->fd, SIZE, ((kc_hash_job *[]){&job}), 1, NULL), 0);
    expect_digest(f, &job);
    usleep(1100000);
    assert_true(kc_hash_deadline_passed());
    assert_int_equal(kc_hash_ranges(f->fd, SIZE, ((kc_hash_job *[]){&job}), 1, &err), KC_ELIMIT);
    assert_false(job.ok);
    assert_non_null(strstr(err.message, "time"));
    kc_hash_deadline(0);
    assert_false(kc_hash_deadline_passed());
    assert_int_equal(kc_hash_ranges(f->fd, SIZE, ((kc_hash_job *[]){&job}), 1, NULL), 0);
    expect_digest(f, &job);
}

/* A signature flood: each job parts from the others at its own gap near the
 * start, so each hashes the rest of the file again.  2,000 of them over this
 * 3 MiB file (6 GiB) pass 256 times the file and 4 GiB: refused before a
 * byte is read; 40 (120 MiB) are hashed, each digest right. */
static void flood(size_t n, kc_hash_job *jobs, kc_hash_job **ptrs)
{
    for (size_t i = 0; i < n; i++) {
        jobs[i] = (kc_hash_job){.md_name = "sha256", .off = {0, 1001 + 2 * i}, .len = {1000 + 2 * i, 0},
                                .n_ranges = 2};
        jobs[i].len[1] = SIZE - jobs[i].off[1];
        ptrs[i] = &jobs[i];
    }
}

static void test_flood_bound(void **state)
{
    fixture *f = *state;
    size_t n = 2000;
    kc_hash_job *jobs = calloc(n, sizeof *jobs), **ptrs = calloc(n, sizeof *ptrs);
    kc_error err = {0};
    flood(n, jobs, ptrs);
    assert_int_equal(kc_hash_ranges(f->fd, SIZE, ptrs, n, &err), KC_ELIMIT);
    assert_non_null(strstr(err.message, "signature flood"));
    assert_false(jobs[0].ok);
    flood(40, jobs, ptrs);
    assert_int_equal(kc_hash_ranges(f->fd, SIZE, ptrs, 40, NULL), 0);
    expect_digest(f, &jobs[0]);
    expect_digest(f, &jobs[39]);
    free(jobs);
    free(ptrs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_two_signatures_share_prefix, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nested_prefixes_hashed_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_whole_file_and_empty_prefix, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_algorithm_and_bad_range, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deadline, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flood_bound, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
