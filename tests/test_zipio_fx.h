/* test_zipio_fx.h: the fixture of the archive tests (test_zipio.c,
 * test_zipio_elsewhere.c): a scratch directory removed by teardown, path_in,
 * write_file, and collect, which gathers what kc_zr_vet finds.
 * Include after cmocka.h, glib.h and test_tmpdir.h. */
#ifndef KC_TEST_ZIPIO_FX_H
#define KC_TEST_ZIPIO_FX_H

typedef struct fixture {
    char dir[64];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/kc-zipio-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    int rc = kc_test_rmtree(f->dir);
    free(f);
    return rc == 0 ? 0 : -1;
}

static char *path_in(fixture *f, const char *name)
{
    return g_build_filename(f->dir, name, NULL);
}

static void write_file(const char *path, const void *data, size_t len)
{
    assert_true(g_file_set_contents(path, data, (gssize)len, NULL));
}

typedef struct codes {
    char list[8192];
} codes;

static void collect(void *ud, const char *path, const char *code, const char *message)
{
    codes *c = ud;
    g_strlcat(c->list, message, sizeof c->list); /* its own line, before "code:path" */
    g_strlcat(c->list, "\n", sizeof c->list);
    g_strlcat(c->list, code, sizeof c->list);
    g_strlcat(c->list, ":", sizeof c->list);
    g_strlcat(c->list, path, sizeof c->list);
    g_strlcat(c->list, "\n", sizeof c->list);
}

#endif
