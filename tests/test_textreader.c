/* test_textreader.c: the text reader's protocol (src/lib/textreader.h).
 *
 * Both sides over a socketpair, the reader's side on a thread running
 * kc_textreader_serve_one with the real poppler reading (a sample decision:
 * first+last pages, the first page alone when enough says so, the bytes of a
 * document, bytes poppler refuses; a path, which the reader reads from the
 * file's mapped bytes, of a file poppler refuses and of a page whose
 * /ActualText replaces its figures), giving what kc_pdftext_local gives in
 * process; and the parent's parser on replies made by hand: each kind, and
 * the malformed ones it must refuse without reading further.  The limits
 * themselves (deadline, kill, memory) are tested end to end in
 * tests/cli/index.sh and review.sh, where the program re-executes itself. */
#include <errno.h>
#include <glib.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include <glib/gstdio.h>
#include <openssl/evp.h>

#include "kiemchung/textreader.h"
#include "pdftext.h"
#include "textreader.h"

/* ---- a plain blocking transport on a descriptor */

static int fd_read(void *ctx, void *buf, size_t n)
{
    int fd = *(int *)ctx;
    for (char *p = buf; n;) {
        ssize_t r = read(fd, p, n);
        if (r <= 0)
            return -1;
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

static int fd_write(void *ctx, const void *buf, size_t n)
{
    int fd = *(int *)ctx;
    for (const char *p = buf; n;) {
        ssize_t r = send(fd, p, n, MSG_NOSIGNAL);
        if (r < 0)
            return -1;
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

typedef struct {
    int fd[2];
    pthread_t thread;
    int served; /* requests answered */
} pair;

static void *serve(void *arg)
{
    pair *p = arg;
    kc_textreader_io io = {fd_read, fd_write, &p->fd[1]};
    int rc;
    while ((rc = kc_textreader_serve_one(&io)) == 0)
        p->served++;
    return NULL;
}

static int setup(void **state)
{
    pair *p = calloc(1, sizeof *p);
    if (!p || socketpair(AF_UNIX, SOCK_STREAM, 0, p->fd) != 0 || pthread_create(&p->thread, NULL, serve, p) != 0)
        return -1;
    *state = p;
    return 0;
}

static int teardown(void **state)
{
    pair *p = *state;
    close(p->fd[0]); /* the reader's side sees the end of the stream */
    pthread_join(p->thread, NULL);
    close(p->fd[1]);
    free(p);
    return 0;
}

static char *sample(const char *name)
{
    const char *root = getenv("KC_SOURCE_ROOT");
    return g_build_filename(root ? root : ".", "samples", "docs", name, NULL);
}

static bool counting_no(const char *first, void *user)
{
    (*(int *)user)++;
    assert_non_null(strstr(first, "first page"));
    assert_null(strstr(first, "last page"));
    return false;
}

/* A two-page PDF (Helvetica text "first page", "last page") in a temporary
 * file: the samples have one page each. */
static char *two_pages(void)
{
    static const char *const objs[] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 5 0 R /Resources << /Font << /F1 7 0 R >> >> >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 6 0 R /Resources << /Font << /F1 7 0 R >> >> >>",
        "<< /Length 41 >>\nstream\nBT /F1 12 Tf 20 200 Td (first page) Tj ET\nendstream",
        "<< /Length 40 >>\nstream\nBT /F1 12 Tf 20 200 Td (last page) Tj ET\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    };
    GString *pdf = g_string_new("%PDF-1.4\n");
    size_t off[7];
    for (size_t i = 0; i < 7; i++) {
        off[i] = pdf->len;
        g_string_append_printf(pdf, "%zu 0 obj\n%s\nendobj\n", i + 1, objs[i]);
    }
    size_t xref = pdf->len;
    g_string_append(pdf, "xref\n0 8\n0000000000 65535 f \n");
    for (size_t i = 0; i < 7; i++)
        g_string_append_printf(pdf, "%010zu 00000 n \n", off[i]);
    g_string_append_printf(pdf, "trailer\n<< /Size 8 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);
    char *path = NULL;
    int fd = g_file_open_tmp("kc-textreader-XXXXXX.pdf", &path, NULL);
    assert_true(fd >= 0);
    close(fd);
    assert_true(g_file_set_contents(path, pdf->str, (gssize)pdf->len, NULL));
    g_string_free(pdf, TRUE);
    return path;
}

/* A temporary file holding len bytes at data. */
static char *tmp_file(const char *data, size_t len)
{
    char *path = NULL;
    int fd = g_file_open_tmp("kc-textreader-XXXXXX.pdf", &path, NULL);
    assert_true(fd >= 0);
    close(fd);
    assert_true(g_file_set_contents(path, data, (gssize)len, NULL));
    return path;
}

/* A one-page PDF drawing "2020" inside a span whose /ActualText reads 2021
 * (pdf_actual.c refuses its text), in a temporary file. */
static char *actual_text_page(void)
{
    static const char content[] = "/Span << /ActualText (2021) >> BDC BT /F1 12 Tf 20 200 Td (2020) Tj ET EMC";
    char *objs[4] = {
        g_strdup("<< /Type /Catalog /Pages 2 0 R >>"),
        g_strdup("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        g_strdup("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"),
        g_strdup_printf("<< /Length %zu >>\nstream\n%s\nendstream", sizeof content - 1, content),
    };
    GString *pdf = g_string_new("%PDF-1.4\n");
    size_t off[5];
    for (size_t i = 0; i < 5; i++) {
        off[i] = pdf->len;
        g_string_append_printf(pdf, "%zu 0 obj\n%s\nendobj\n", i + 1,
                               i < 4 ? objs[i] : "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    }
    size_t xref = pdf->len;
    g_string_append(pdf, "xref\n0 6\n0000000000 65535 f \n");
    for (size_t i = 0; i < 5; i++)
        g_string_append_printf(pdf, "%010zu 00000 n \n", off[i]);
    g_string_append_printf(pdf, "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);
    char *path = tmp_file(pdf->str, pdf->len);
    g_string_free(pdf, TRUE);
    for (size_t i = 0; i < 4; i++)
        g_free(objs[i]);
    return path;
}

static bool plain_no(const char *first, void *user)
{
    (*(int *)user)++;
    (void)first;
    return false;
}

static bool counting_yes(const char *first, void *user)
{
    (*(int *)user)++;
    (void)first;
    return true;
}

/* What the reader answers is what kc_pdftext_local gives here. */
static void ask(pair *p, const char *path, const void *data, size_t len, bool (*enough)(const char *, void *),
                int *calls, int want, char **text, char **why)
{
    kc_textreader_io io = {fd_read, fd_write, &p->fd[0]};
    assert_int_equal(kc_textreader_send_request(&io, path, data, len, enough != NULL), 0);
    int rc = kc_textreader_read_reply(text, why, &io, enough != NULL, enough, calls);
    if (rc != want)
        fail_msg("%s: %d, not %d (%s)", path ? path : "bytes", rc, want, *why ? *why : "");
}

static void paths_and_modes(void **state)
{
    pair *p = *state;
    char *path = sample("12-QD-UBND.pdf"), *text = NULL, *why = NULL, *local = NULL, *lwhy = NULL;
    int calls = 0, lcalls = 0;

    ask(p, path, NULL, 0, NULL, NULL, KC_TEXTREADER_TEXT, &text, &why);
    assert_int_equal(kc_pdftext_local(&local, &lwhy, path, NULL, 0, NULL, NULL), 0);
    assert_string_equal(text, local);
    assert_non_null(strstr(text, "12/QĐ-UBND"));
    free(text);
    free(local);

    /* asking: enough says no, the last page follows; yes, the first alone */
    g_free(path);
    path = two_pages();
    ask(p, path, NULL, 0, counting_no, &calls, KC_TEXTREADER_TEXT, &text, &why);
    assert_int_equal(kc_pdftext_local(&local, &lwhy, path, NULL, 0, counting_no, &lcalls), 0);
    assert_string_equal(text, local);
    assert_int_equal(calls, 1);
    assert_non_null(strstr(text, "last page"));
    free(text);
    free(local);
    calls = lcalls = 0;
    ask(p, path, NULL, 0, counting_yes, &calls, KC_TEXTREADER_TEXT, &text, &why);
    assert_int_equal(kc_pdftext_local(&local, &lwhy, path, NULL, 0, counting_yes, &lcalls), 0);
    assert_string_equal(text, local);
    assert_int_equal(calls, 1);
    assert_string_equal(text, "first page\n");
    free(text);
    free(local);
    unlink(path);
    g_free(path);
    path = sample("12-QD-UBND.pdf");

    /* the bytes of the document */
    gchar *bytes = NULL;
    gsize n = 0;
    assert_true(g_file_get_contents(path, &bytes, &n, NULL));
    ask(p, NULL, bytes, n, NULL, NULL, KC_TEXTREADER_TEXT, &text, &why);
    assert_non_null(strstr(text, "12/QĐ-UBND"));
    free(text);
    g_free(bytes);

    /* what poppler refuses: its words, as in process, and the reader goes on */
    assert_int_equal(kc_pdftext_local(&local, &lwhy, "/nonexistent/x.pdf", NULL, 0, NULL, NULL), KC_EFORMAT);
    ask(p, "/nonexistent/x.pdf", NULL, 0, NULL, NULL, KC_TEXTREADER_UNREADABLE, &text, &why);
    assert_null(text);
    assert_string_equal(why, lwhy);
    free(why);
    free(lwhy);
    why = lwhy = NULL;
    static const char garbage[] = "%PDF-1.4\ngarbage, no objects, no trailer";
    local = NULL;
    int lrc = kc_pdftext_local(&local, &lwhy, NULL, garbage, sizeof garbage - 1, NULL, NULL);
    ask(p, NULL, garbage, sizeof garbage - 1, NULL, NULL, lrc == 0 ? KC_TEXTREADER_TEXT : KC_TEXTREADER_UNREADABLE,
        &text, &why);
    free(text);
    free(why);
    free(local);
    free(lwhy);
    ask(p, path, NULL, 0, NULL, NULL, KC_TEXTREADER_TEXT, &text, &why);
    free(text);
    g_free(path);

    /* A path is read from the file's mapped bytes in the reader: what poppler
     * refuses there, and a page whose /ActualText replaces its figures, are
     * said in the words kc_pdftext_local gives for the path in process. */
    const char *cases[2] = {NULL, NULL};
    char *paths[2] = {tmp_file(garbage, sizeof garbage - 1), actual_text_page()};
    for (size_t i = 0; i < 2; i++) {
        local = lwhy = text = why = NULL;
        cases[i] = paths[i];
        assert_int_equal(kc_pdftext_local(&local, &lwhy, cases[i], NULL, 0, NULL, NULL), KC_EFORMAT);
        ask(p, cases[i], NULL, 0, NULL, NULL, KC_TEXTREADER_UNREADABLE, &text, &why);
        assert_null(text);
        assert_non_null(why);
        assert_string_equal(why, lwhy);
        if (i == 1)
            assert_non_null(strstr(why, "2021"));
        free(why);
        free(lwhy);
        free(local);
        unlink(paths[i]);
        g_free(paths[i]);
    }
}

/* ---- the parent's parser on replies made by hand */

typedef struct {
    GByteArray *in;
    size_t off;
    GByteArray *out;
} mem;

static int mem_read(void *ctx, void *buf, size_t n)
{
    mem *m = ctx;
    if (n > m->in->len - m->off)
        return -1;
    memcpy(buf, m->in->data + m->off, n);
    m->off += n;
    return 0;
}

static int mem_write(void *ctx, const void *buf, size_t n)
{
    g_byte_array_append(((mem *)ctx)->out, buf, (guint)n);
    return 0;
}

static void frame(GByteArray *b, char type, const char *payload, size_t n)
{
    guint8 h[5] = {(guint8)type, (guint8)(n >> 24), (guint8)(n >> 16), (guint8)(n >> 8), (guint8)n};
    g_byte_array_append(b, h, 5);
    if (n)
        g_byte_array_append(b, (const guint8 *)payload, (guint)n);
}

static int parse(mem *m, bool asking, bool yes, char **text, char **why)
{
    kc_textreader_io io = {mem_read, mem_write, m};
    int calls = 0;
    m->off = 0;
    g_byte_array_set_size(m->out, 0);
    return kc_textreader_read_reply(text, why, &io, asking, yes ? counting_yes : plain_no, &calls);
}

static void replies(void **state)
{
    (void)state;
    mem m = {g_byte_array_new(), 0, g_byte_array_new()};
    char *text = NULL, *why = NULL;
    static const char zeros[32];

    frame(m.in, 'T', "Số: 1/QĐ\n", strlen("Số: 1/QĐ\n"));
    assert_int_equal(parse(&m, false, false, &text, &why), KC_TEXTREADER_TEXT);
    assert_string_equal(text, "Số: 1/QĐ\n");
    assert_memory_equal(text + strlen(text), zeros, 32); /* room for PCRE2 */
    free(text);

    /* asked: 'F' is answered with 'N' (or 'Y'), then 'T' */
    g_byte_array_set_size(m.in, 0);
    frame(m.in, 'F', "Số: 1\n", strlen("Số: 1\n"));
    frame(m.in, 'T', "Số: 1\nlast\n", strlen("Số: 1\nlast\n"));
    assert_int_equal(parse(&m, true, false, &text, &why), KC_TEXTREADER_TEXT);
    assert_int_equal(m.out->len, 5);
    assert_int_equal(m.out->data[0], 'N');
    free(text);
    assert_int_equal(parse(&m, true, true, &text, &why), KC_TEXTREADER_TEXT);
    assert_int_equal(m.out->data[0], 'Y');
    free(text);

    g_byte_array_set_size(m.in, 0);
    frame(m.in, 'E', "PDF document is damaged", 23);
    assert_int_equal(parse(&m, false, false, &text, &why), KC_TEXTREADER_UNREADABLE);
    assert_string_equal(why, "PDF document is damaged");
    free(why);
    why = NULL;

    g_byte_array_set_size(m.in, 0);
    frame(m.in, 'M', NULL, 0);
    assert_int_equal(parse(&m, false, false, &text, &why), KC_TEXTREADER_MEMORY);

    /* refused: nothing comes back, nothing leaks */
    static const struct {
        char type;
        const char *payload;
        size_t len;
        bool asking;
    } bad[] = {
        {'T', "\xc3\x28", 2, false},   /* not UTF-8 */
        {'T', "a\0b", 3, false},       /* a NUL inside */
        {'F', "first", 5, false},      /* the first page, not asked for */
        {'M', "x", 1, false},          /* memory with a payload */
        {'X', "hello", 5, false},      /* no such frame */
        {'Y', NULL, 0, false},         /* the parent's frame */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        g_byte_array_set_size(m.in, 0);
        frame(m.in, bad[i].type, bad[i].payload, bad[i].len);
        assert_int_equal(parse(&m, bad[i].asking, false, &text, &why), KC_TEXTREADER_BROKEN);
        assert_null(text);
        assert_null(why);
    }
    /* over the limits: refused on the header, before reading or allocating */
    guint8 huge[] = {'T', 0xff, 0xff, 0xff, 0xff};
    g_byte_array_set_size(m.in, 0);
    g_byte_array_append(m.in, huge, 5);
    assert_int_equal(parse(&m, false, false, &text, &why), KC_TEXTREADER_BROKEN);
    assert_int_equal(m.off, 5);
    g_byte_array_set_size(m.in, 0);
    char *long_why = g_strnfill(KC_TEXTREADER_WHY_MAX + 1, 'x');
    frame(m.in, 'E', long_why, KC_TEXTREADER_WHY_MAX + 1);
    assert_int_equal(parse(&m, false, false, &text, &why), KC_TEXTREADER_BROKEN);
    assert_int_equal(m.off, 5);
    g_free(long_why);
    /* two first pages; a reply cut short; nothing at all */
    g_byte_array_set_size(m.in, 0);
    frame(m.in, 'F', "a", 1);
    frame(m.in, 'F', "b", 1);
    assert_int_equal(parse(&m, true, false, &text, &why), KC_TEXTREADER_BROKEN);
    g_byte_array_set_size(m.in, 0);
    frame(m.in, 'T', "abcdef", 6);
    g_byte_array_set_size(m.in, m.in->len - 2);
    assert_int_equal(parse(&m, false, false, &text, &why), KC_TEXTREADER_BROKEN);
    g_byte_array_set_size(m.in, 0);
    assert_int_equal(parse(&m, true, false, &text, &why), KC_TEXTREADER_BROKEN);
    assert_null(text);

    g_byte_array_free(m.in, TRUE);
    g_byte_array_free(m.out, TRUE);
}

/* ---- a submission's documents read once (kc_textreader_share, pdftext_share.c) */

static bool yes(const char *first, void *user)
{
    (void)first, (void)user;
    return true;
}

/* What kc_pdftext_local gives for path, asked the way enough says. */
static char *local(const char *path, bool (*enough)(const char *, void *))
{
    char *text = NULL, *why = NULL;
    assert_int_equal(kc_pdftext_local(&text, &why, path, NULL, 0, enough, NULL), 0);
    assert_null(why);
    return text;
}

/* Reads path one way (0: first then last, enough saying yes; 1: first and
 * last by path; 2: by its bytes; 3: by its bytes and their SHA-256), checks
 * the text is want and that `read` more documents went to poppler. */
static void read_as(const char *path, int how, const char *want, size_t read)
{
    size_t before = kc_pdftext_readings();
    char *text = NULL, *data = NULL;
    size_t len = 0;
    unsigned char sha[32];
    kc_error e = {0};
    int rc;
    assert_true(g_file_get_contents(path, &data, &len, NULL));
    g_assert(EVP_Digest(data, len, sha, NULL, EVP_sha256(), NULL) == 1);
    rc = how == 0   ? kc_pdftext_first_then_last(&text, path, yes, NULL, &e)
         : how == 1 ? kc_pdftext_first_last(&text, path, &e)
         : how == 2 ? kc_pdftext_first_last_bytes(&text, path, data, len, &e)
                    : kc_pdftext_first_last_bytes_sha256(&text, path, data, len, sha, &e);
    assert_int_equal(rc, 0);
    assert_string_equal(text, want);
    assert_int_equal(kc_pdftext_readings() - before, read);
    free(text);
    g_free(data);
}

static void shared_once(void **state)
{
    (void)state;
    char *two = two_pages(), *other = sample("12-QD-UBND.pdf"), *actual = actual_text_page();
    char *first = local(two, yes), *both = local(two, NULL), *other_text = local(other, NULL);
    char *data = NULL, *why = NULL, *copy = NULL;
    size_t len = 0;
    kc_error e = {0};
    assert_null(strstr(first, "last page"));
    assert_non_null(strstr(both, "last page"));
    assert_int_equal(kc_textreader_enable(NULL), 0);

    kc_textreader_share(true);
    /* index's reading (the first page settles it) reads both pages, and
     * gives the first alone, as its own reading would */
    read_as(two, 0, first, 1);
    /* the review's, by path, by bytes, by bytes and digest: not read again */
    read_as(two, 1, both, 0);
    read_as(two, 2, both, 0);
    read_as(two, 3, both, 0);
    read_as(two, 0, first, 0);
    /* the same bytes under another name are the same document */
    assert_true(g_file_get_contents(two, &data, &len, NULL));
    copy = tmp_file(data, len);
    read_as(copy, 1, both, 0);
    g_free(data);
    /* other bytes at the same path are another document */
    assert_true(g_file_get_contents(other, &data, &len, NULL));
    assert_true(g_file_set_contents(copy, data, (gssize)len, NULL));
    g_free(data);
    read_as(copy, 1, other_text, 1);
    read_as(other, 2, other_text, 0);
    /* a document whose text is refused is not kept: each reading says why */
    for (int i = 0; i < 2; i++) {
        size_t before = kc_pdftext_readings();
        assert_int_equal(kc_pdftext_first_last(&why, actual, &e), KC_EFORMAT);
        assert_null(why);
        assert_non_null(strstr(e.message, "ActualText"));
        assert_int_equal(kc_pdftext_readings() - before, 1);
    }
    /* a new submission keeps nothing of the last; without sharing each
     * reading reads */
    kc_textreader_share(true);
    read_as(two, 1, both, 1);
    kc_textreader_share(false);
    read_as(two, 1, both, 1);
    read_as(two, 1, both, 1);

    kc_textreader_stop_all();
    g_unlink(two);
    g_unlink(copy);
    g_unlink(actual);
    g_free(two);
    g_free(copy);
    g_free(actual);
    g_free(other);
    free(first);
    free(both);
    free(other_text);
}

/* The reader's environment: every variable kept, the cache of freed blocks
 * added, and a user's GLIBC_TUNABLES kept after it (glibc keeps the last of
 * a tunable named twice, so the user's setting wins). */
static void reader_environment(void **state)
{
    (void)state;
    char *none[] = {"LANG=vi_VN.UTF-8", "PATH=/usr/bin", NULL};
    char **e = kc_textreader_environ(none);
    assert_int_equal(g_strv_length(e), 3);
    assert_string_equal(e[0], "LANG=vi_VN.UTF-8");
    assert_string_equal(e[1], "PATH=/usr/bin");
    assert_string_equal(e[2], "GLIBC_TUNABLES=glibc.malloc.tcache_count=1000");
    g_strfreev(e);
    char *user[] = {"GLIBC_TUNABLES=glibc.malloc.tcache_count=3:glibc.malloc.check=3", "HOME=/root", NULL};
    e = kc_textreader_environ(user);
    assert_int_equal(g_strv_length(e), 2);
    assert_string_equal(e[0], "GLIBC_TUNABLES=glibc.malloc.tcache_count=1000:glibc.malloc.tcache_count=3:glibc.malloc.check=3");
    assert_string_equal(e[1], "HOME=/root");
    g_strfreev(e);
    e = kc_textreader_environ(NULL);
    assert_int_equal(g_strv_length(e), 1);
    g_strfreev(e);
}

int main(int argc, char **argv)
{
    /* shared_once turns the reader process on: this program, run again */
    if (argc > 1 && strcmp(argv[1], KC_TEXTREADER_ARG) == 0)
        return kc_textreader_main(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(paths_and_modes, setup, teardown),
        cmocka_unit_test(replies),
        cmocka_unit_test(shared_once),
        cmocka_unit_test(reader_environment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
