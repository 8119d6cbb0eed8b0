/* hash.h (internal): digests of byte ranges of one file in a single pass. */
#ifndef KC_HASH_H
#define KC_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kiemchung/error.h"

#define KC_HASH_MAX_RANGES 2

typedef struct kc_hash_job {
    const char *md_name;                /* in: "sha256", ... */
    uint64_t off[KC_HASH_MAX_RANGES];   /* in: ranges in increasing order */
    uint64_t len[KC_HASH_MAX_RANGES];
    size_t n_ranges;
    unsigned char digest[64];           /* out */
    unsigned int digest_len;
    bool ok;                            /* out: false when the algorithm is unknown */
} kc_hash_job;

/* Reads the file once, front to back, and computes the digest of each of the
 * n jobs (pointers, so the jobs may live in the callers' own records).  Jobs
 * with the same algorithm share the hashing of their prefixes from offset 0
 * (the leader's signed bytes are a prefix of the organisation's): one
 * context hashes up to the longest first range and is copied where each
 * job's first range ends. */
int kc_hash_ranges(int fd, uint64_t size, kc_hash_job *const *jobs, size_t n, kc_error *err);
/* The SHA-256 of bytes [0, size) of fd: KC_ECRYPTO when the digest is not
 * available, KC_EIO when the file is shorter. */
int kc_hash_sha256_fd(int fd, uint64_t size, unsigned char out[32], kc_error *err);
/* SHA-256 fetched from the provider once per process (an EVP_MD *): EVP_sha256()
 * makes every EVP_Digest over it fetch it again, a locked method-store search
 * of ~10,000 instructions, twice a signature in verify. */
const struct evp_md_st *kc_hash_sha256_md(void);
/* The same over a file already in memory, data[0, size). */
int kc_hash_ranges_mem(const unsigned char *data, uint64_t size, kc_hash_job *const *jobs, size_t n,
                       kc_error *err);
/* The calling thread's deadline, seconds from now (0: none), and whether it
 * has passed: past it, kc_hash_ranges fails with KC_ELIMIT (kc_verify_deadline). */
void kc_hash_deadline(unsigned seconds);
bool kc_hash_deadline_passed(void);
/* The bytes the calling thread's last kc_hash_ranges (or _mem) fed to its
 * digests, every context counted: what a test holds the sharing to. */
uint64_t kc_hash_last_fed(void);

#endif
