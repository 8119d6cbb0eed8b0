/* fuzz_dossier.c: the dossier reader on an archive from anyone: the zip's
 * structure (zip_layout.c: end records, ZIP64, central directory, local
 * headers, extra fields), the entries (names, sizes, the limits, inflating
 * with CRC), bag-info.txt and dossier.json (kc_dossier_open and every
 * accessor, the stored report), then the whole check (kc_dossier_check:
 * BagIt manifests and hashes, dossier.json against the payload, the seal
 * and its rules against the test trust store); and the same bytes as a zip
 * made elsewhere (the desk's evidence: kc_zr_open_elsewhere, vetted, every
 * entry inflated).  The seeds include one archive per attack class of
 * tests/fixtures/make-dossier-attacks.sh. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "kc_config.h"
#include "kiemchung/dossier.h"
#include "zipio.h"

static kc_trust *trust;

static void no_problem(void *ud, const char *path, const char *code, const char *message)
{
    (void)ud;
    (void)path;
    (void)code;
    (void)message;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    trust = fuzz_test_trust("fuzz_dossier");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = fuzz_memfd(data, size);
    char path[64];
    kc_dossier *d = NULL;
    kc_check *c = NULL;
    kc_error err = {0};
    /* Small limits: a fuzzer's archive should not inflate for long. */
    kc_zip_limits lim = {.max_entry = 1u << 20, .max_total = 4u << 20, .max_entries = 1000};
    kc_verify_opts vopts = {.now = 1900000000};
    kc_check_opts copts = {.limits = &lim, .verify = &vopts, .require_seal = size & 1};

    if (fd < 0)
        return 0;
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    if (kc_dossier_open(&d, path, &err) == 0) {
        const kc_dossier_meta *m = kc_dossier_get_meta(d);
        (void)m;
        (void)kc_dossier_date(d);
        for (size_t i = 0; i < kc_dossier_criterion_count(d); i++) {
            const kc_dossier_criterion *cr = kc_dossier_get_criterion(d, i);
            for (size_t k = 0; cr && k < cr->nevidence; k++)
                (void)kc_dossier_get_file(d, cr->evidence[k].file);
        }
        for (size_t i = 0; i < kc_dossier_file_count(d); i++)
            (void)kc_dossier_get_file(d, i);
        char *report = NULL;
        size_t len = 0;
        if (kc_dossier_read_report(&report, &len, d, &err) == 0)
            free(report);
        free(kc_dossier_to_json(d));
        kc_dossier_free(d);
    }
    if (kc_dossier_check(&c, path, trust, &copts, &err) == 0) {
        for (size_t i = 0; i < kc_check_problem_count(c); i++)
            (void)kc_check_problem(c, i);
        (void)kc_check_seal(c);
        kc_check_free(c);
    }
    kc_zr *zr = NULL;
    if (kc_zr_open_elsewhere(&zr, path, &err) == 0) {
        if (kc_zr_vet(zr, &lim, no_problem, NULL) == 0)
            for (size_t i = 0; i < kc_zr_count(zr); i++) {
                unsigned char sha[32];
                uint64_t n = 0;
                kc_error e = {0};
                if (!kc_zr_get(zr, i)->is_dir)
                    (void)kc_zr_hash(sha, &n, zr, i, &lim, NULL, NULL, &e);
            }
        kc_zr_free(zr);
    }
    close(fd);
    return 0;
}
