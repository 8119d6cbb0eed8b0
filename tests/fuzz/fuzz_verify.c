/* fuzz_verify.c: the whole verdict on one document (kc_verify_file): the PDF
 * reader, CMS parsing and checking, one-pass hashing of the byte ranges,
 * coverage and roles, as `kiemchung verify` runs them, against the test trust
 * store (loaded once, as the command does). */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "kc_config.h"
#include "kiemchung/verify.h"

static kc_trust *trust;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    trust = fuzz_test_trust("fuzz_verify");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = fuzz_memfd(data, size);
    char path[64];
    kc_verdict *v = NULL;
    kc_error err = {0};
    /* A fixed "now" keeps runs reproducible. */
    kc_verify_opts opts = {.now = 1900000000};

    if (fd < 0)
        return 0;
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    if (kc_verify_file(&v, trust, path, &opts, &err) == 0) {
        char *json = kc_verdict_to_json(v);
        free(json);
        kc_verdict_free(v);
    }
    close(fd);
    return 0;
}
