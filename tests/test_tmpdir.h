/* test_tmpdir.h: a scratch directory for a test fixture, removed with
 * everything in it by teardown (nftw, depth first, links not followed). */
#ifndef KC_TEST_TMPDIR_H
#define KC_TEST_TMPDIR_H

#include <ftw.h>
#include <stdio.h>

static int kc_test_remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Removes dir and its contents; 0, or -1 when something could not be removed. */
static inline int kc_test_rmtree(const char *dir)
{
    return nftw(dir, kc_test_remove_one, 16, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : -1;
}

#endif
