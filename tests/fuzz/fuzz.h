/* fuzz.h: what the fuzz targets share.
 *
 * Each tests/fuzz/fuzz_<name>.c defines LLVMFuzzerTestOneInput (and may define
 * LLVMFuzzerInitialize).  With -Dfuzzing=true (clang) they link against
 * libFuzzer; in every build they also link against replay.c, which feeds the
 * committed corpus tests/fuzz/corpus/<name>/ through the same function as a
 * unit test, so every seed and every crash ever found replays on each run. */
#ifndef KC_FUZZ_H
#define KC_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kc_config.h"
#include "kiemchung/trust.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The input as an anonymous file: the readers under test take a descriptor
 * or a path (/proc/self/fd/N), as they do for real files.  -1 on failure. */
static inline int fuzz_memfd(const uint8_t *data, size_t size)
{
    int fd = memfd_create("kc-fuzz", MFD_CLOEXEC);
    size_t done = 0;
    if (fd < 0)
        return -1;
    while (done < size) {
        ssize_t n = write(fd, data + done, size - done);
        if (n <= 0) {
            close(fd);
            return -1;
        }
        done += (size_t)n;
    }
    return fd;
}

/* The test PKI's trust directory (certs/test/trust), loaded once per
 * fuzzer process; aborts naming the target when it cannot be read. */
static inline kc_trust *fuzz_test_trust(const char *target)
{
    kc_trust *trust = NULL;
    kc_error err = {0};
    if (kc_trust_new(&trust, &err) != 0 ||
        kc_trust_add_path(trust, KC_SOURCE_CERTS_DIR "/test/trust", &err) != 0) {
        fprintf(stderr, "%s: trust store: %s\n", target, err.message);
        abort();
    }
    return trust;
}

#endif
