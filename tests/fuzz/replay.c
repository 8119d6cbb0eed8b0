/* replay.c: runs a fuzz target's LLVMFuzzerTestOneInput over files, without
 * libFuzzer, as a TAP test.
 *
 *   replay_<name> PATH...   each PATH a file or a directory of files (sorted)
 *
 * Built with the ordinary compiler for every build, so the committed corpus
 * (seeds and every crash ever found) replays in `meson test`; under the
 * sanitizer build a regression shows up as a sanitizer report.  A crash ends
 * the program, which meson reports as a failed test. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Targets without set-up need not define it. */
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

static unsigned n_run, n_bad;

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    long len = -1;
    if (f && fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc(len ? (size_t)len : 1)) && fread(buf, 1, (size_t)len, f) == (size_t)len) {
        /* Print first: when the target crashes, the log names the input. */
        printf("# %s (%ld bytes)\n", path, len);
        fflush(stdout);
        LLVMFuzzerTestOneInput(buf, (size_t)len);
        printf("ok %u - %s\n", ++n_run, path);
    } else {
        printf("not ok %u - %s: cannot read\n", ++n_run, path);
        n_bad++;
    }
    fflush(stdout);
    free(buf);
    if (f)
        fclose(f);
}

static void run_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        run_file(path);
        return;
    }
    DIR *d = opendir(path);
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **grown = realloc(names, cap * sizeof *grown);
            if (!grown)
                abort();
            names = grown;
        }
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        if (!(names[n] = malloc(len)))
            abort();
        snprintf(names[n++], len, "%s/%s", path, e->d_name);
    }
    if (d)
        closedir(d);
    else
        printf("# cannot open directory %s\n", path);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        run_file(names[i]);
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv)
{
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++)
        run_path(argv[i]);
    if (n_run == 0) {
        printf("1..0 # SKIP no corpus files\n");
        return 0;
    }
    printf("1..%u\n", n_run);
    return n_bad ? 1 : 0;
}
