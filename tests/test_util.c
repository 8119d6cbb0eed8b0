/* test_util.c: the shared helpers of src/util (util.h): hex, reading files
 * with a bound, listing directories, writing outputs whole, SOURCE_DATE_EPOCH
 * and times in JSON, HTML, JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <errno.h>
#include "json_lib.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include "test_tmpdir.h"
#include "util.h"
#include "memo.h"

/* A scratch directory for the tests that touch files. */
static int dir_setup(void **state)
{
    char *dir = g_strdup("/tmp/kc-test-util-XXXXXX");
    if (!g_mkdtemp(dir))
        return -1;
    *state = dir;
    return 0;
}

static int dir_teardown(void **state)
{
    kc_test_rmtree(*state);
    g_free(*state);
    return 0;
}

static char *put(const char *dir, const char *name, const char *text)
{
    char *path = g_build_filename(dir, name, NULL);
    assert_true(g_file_set_contents(path, text, -1, NULL));
    return path;
}

/* ---- names as Windows and macOS users write them -------------------------------- */

static void test_path_find(void **state)
{
    const char *dir = *state;
    char *sub = g_build_filename(dir, "VanBan", NULL), *found = NULL, *want, *written;
    bool differs = true;
    assert_int_equal(mkdir(sub, 0700), 0);
    /* Saved in NFD ("Quyết" decomposed), asked for in NFC, another case, backslashes. */
    g_free(put(sub, "Quye\xcc\x82\xcc\x81t \xc4\x91i\xcc\xa3nh.pdf", "x"));
    want = g_build_filename(dir, "VanBan", "Quye\xcc\x82\xcc\x81t \xc4\x91i\xcc\xa3nh.pdf", NULL);
    written = g_strdup_printf("%s/vanban\\QUYẾT ĐỊNH.PDF", dir);
    assert_int_equal(kc_path_find(&found, &differs, written, NULL), 0);
    assert_string_equal(found, want);
    assert_true(differs);
    g_free(found);
    g_free(written);
    /* As written: nothing differs. */
    assert_int_equal(kc_path_find(&found, &differs, want, NULL), 0);
    assert_string_equal(found, want);
    assert_false(differs);
    g_free(found);
    /* Two files differing by case only: which one is meant cannot be told. */
    g_free(put(sub, "a.pdf", "1"));
    g_free(put(sub, "A.pdf", "2"));
    written = g_strdup_printf("%s/VanBan/a.PDF", dir);
    kc_error err = {0};
    assert_int_equal(kc_path_find(&found, NULL, written, &err), KC_EIO);
    assert_non_null(strstr(err.message, "upper and lower case"));
    g_free(written);
    written = g_strdup_printf("%s/VanBan/none.pdf", dir);
    assert_int_equal(kc_path_find(&found, NULL, written, NULL), KC_EIO);
    g_free(written);
    g_free(want);
    g_free(sub);
}

/* With a cache: the same answers, each directory listed once (a file added
 * after the first listing is not seen: the cache is for a tree that does not
 * change while one register is read). */
static void test_path_find_cached(void **state)
{
    const char *dir = *state;
    kc_path_cache *cache = kc_path_cache_new();
    char *found = NULL, *written, *want;
    bool differs = false;
    want = put(dir, "Quye\xcc\x82\xcc\x81t.pdf", "x");
    for (int i = 0; i < 3; i++) {
        written = g_strdup_printf("%s/QUYẾT.pdf", dir);
        assert_int_equal(kc_path_find_cached(cache, &found, &differs, written, NULL), 0);
        assert_string_equal(found, want);
        assert_true(differs);
        g_free(found);
        g_free(written);
    }
    g_free(put(dir, "Mo\xcc\x9bi.pdf", "y"));
    written = g_strdup_printf("%s/MỚI.pdf", dir);
    assert_int_equal(kc_path_find_cached(cache, &found, NULL, written, NULL), KC_EIO);
    assert_int_equal(kc_path_find(&found, NULL, written, NULL), KC_EIO); /* "Mơi" is not "Mới" */
    g_free(written);
    written = g_strdup_printf("%s/MƠI.pdf", dir);
    assert_int_equal(kc_path_find_cached(cache, &found, NULL, written, NULL), KC_EIO); /* listed before it was made */
    assert_int_equal(kc_path_find(&found, NULL, written, NULL), 0);
    g_free(found);
    g_free(written);
    kc_path_cache_free(cache);
    g_free(want);
}

/* ---- hex ------------------------------------------------------------------ */

static void test_hex_round_trip(void **state)
{
    unsigned char bytes[256], back[256];
    char hex[513];
    (void)state;
    for (int i = 0; i < 256; i++)
        bytes[i] = (unsigned char)i;
    kc_hex_encode(hex, bytes, sizeof bytes);
    assert_int_equal(strlen(hex), 512);
    assert_memory_equal(hex, "000102", 6);
    assert_string_equal(hex + 500, "fafbfcfdfeff");
    assert_true(kc_hex_decode(back, sizeof back, hex));
    assert_memory_equal(back, bytes, sizeof bytes);
    char *dup = kc_hex_dup(bytes + 0xa0, 3);
    assert_string_equal(dup, "a0a1a2");
    free(dup);
    assert_string_equal(kc_hex_encode(hex, bytes, 0), "");
}

static void test_hex_decode_refuses(void **state)
{
    unsigned char b[2];
    (void)state;
    assert_true(kc_hex_decode(b, 2, "aBcD"));
    assert_int_equal(b[0], 0xab);
    assert_int_equal(b[1], 0xcd);
    assert_false(kc_hex_decode(b, 2, "abc"));   /* too short */
    assert_false(kc_hex_decode(b, 2, "abcde")); /* too long */
    assert_false(kc_hex_decode(b, 2, "abcg"));  /* not a digit */
    assert_false(kc_hex_decode(b, 2, ""));
}

/* ---- kc_file_read ---------------------------------------------------------- */

static void test_file_read(void **state)
{
    const char *dir = *state;
    char *path = put(dir, "a.txt", "xin chào\n"), *buf = NULL;
    size_t len = 0;
    kc_error err = {0};
    assert_int_equal(kc_file_read(&buf, &len, path, 100, &err), 0);
    assert_int_equal(len, strlen("xin chào\n"));
    assert_string_equal(buf, "xin chào\n"); /* NUL-terminated */
    free(buf);
    /* exactly the bound is fine, one byte over is not */
    assert_int_equal(kc_file_read(&buf, NULL, path, len, &err), 0);
    free(buf);
    buf = NULL;
    assert_int_equal(kc_file_read(&buf, &len, path, len - 1, &err), KC_ELIMIT);
    assert_null(buf);
    assert_non_null(strstr(err.message, "a.txt"));
    g_free(path);
    /* an empty file is an empty string */
    path = put(dir, "empty", "");
    assert_int_equal(kc_file_read(&buf, &len, path, 10, &err), 0);
    assert_int_equal(len, 0);
    assert_string_equal(buf, "");
    free(buf);
    g_free(path);
}

static void test_file_read_refuses(void **state)
{
    const char *dir = *state;
    char *fifo = g_build_filename(dir, "pipe.csv", NULL), *missing = g_build_filename(dir, "nothing", NULL);
    char *buf = NULL;
    kc_error err = {0};
    assert_int_equal(mkfifo(fifo, 0600), 0);
    /* a named pipe is refused without waiting for a writer */
    assert_int_equal(kc_file_read(&buf, NULL, fifo, 100, &err), KC_EIO);
    assert_non_null(strstr(err.message, "not a regular file"));
    assert_int_equal(kc_file_read(&buf, NULL, dir, 100, &err), KC_EIO); /* a directory */
    assert_int_equal(kc_file_read(&buf, NULL, missing, 100, &err), KC_EIO);
    assert_non_null(strstr(err.message, "cannot open"));
    assert_null(buf);
    g_free(fifo);
    g_free(missing);
}

/* ---- kc_dir_list ------------------------------------------------------------ */

static bool no_tilde(const char *name, void *ud)
{
    (*(int *)ud)++;
    return name[0] != '~';
}

static void test_dir_list(void **state)
{
    const char *dir = *state;
    const char *names[] = {"b.pdf", "A.pdf", "~$lock.xlsx", ".hidden", "Đ.pdf", "a b.pdf"};
    GPtrArray *got = NULL;
    int calls = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        g_free(put(dir, names[i], "x"));
    char *sub = g_build_filename(dir, "sub", NULL);
    assert_int_equal(mkdir(sub, 0700), 0);
    assert_int_equal(kc_dir_list(&got, dir, no_tilde, &calls, NULL), 0);
    assert_int_equal(calls, 7); /* every entry but "." and ".." was offered */
    /* byte order: upper case, then "." names, then lower case, then UTF-8 */
    const char *want[] = {".hidden", "A.pdf", "a b.pdf", "b.pdf", "sub", "Đ.pdf"};
    assert_int_equal(got->len, G_N_ELEMENTS(want));
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
        assert_string_equal(got->pdata[i], want[i]);
    g_ptr_array_unref(got);
    got = NULL;
    assert_int_equal(kc_dir_list(&got, sub, NULL, NULL, NULL), 0);
    assert_int_equal(got->len, 0);
    g_ptr_array_unref(got);
    kc_error err = {0};
    got = NULL;
    char *missing = g_build_filename(dir, "missing", NULL);
    assert_int_equal(kc_dir_list(&got, missing, NULL, NULL, &err), KC_EIO);
    assert_null(got);
    assert_non_null(strstr(err.message, "cannot open"));
    g_free(missing);
    g_free(sub);
}

/* ---- kc_atomic ---------------------------------------------------------------- */

static size_t dot_files(const char *dir)
{
    GPtrArray *names = NULL;
    size_t n = 0;
    assert_int_equal(kc_dir_list(&names, dir, NULL, NULL, NULL), 0);
    for (guint i = 0; i < names->len; i++)
        n += ((const char *)names->pdata[i])[0] == '.';
    g_ptr_array_unref(names);
    return n;
}

static void test_atomic_write(void **state)
{
    const char *dir = *state;
    char *target = g_build_filename(dir, "báo cáo.html", NULL), *text = NULL;
    kc_atomic *a = NULL;
    kc_error err = {0};
    struct stat st;
    mode_t old = umask(027);

    assert_int_equal(kc_atomic_open(&a, target, &err), 0);
    assert_non_null(strstr(kc_atomic_path(a), "/.báo cáo.html.kc-"));
    fputs("<p>một</p>\n", kc_atomic_stream(a));
    assert_int_equal(access(target, F_OK), -1); /* nothing there until the commit */
    assert_int_equal(kc_atomic_commit(a, false, &err), 0);
    kc_atomic_free(a);
    assert_true(g_file_get_contents(target, &text, NULL, NULL));
    assert_string_equal(text, "<p>một</p>\n");
    g_free(text);
    assert_int_equal(stat(target, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640); /* the umask's mode, not mkstemp's 0600 */

    /* without replace, an existing target stays */
    assert_int_equal(kc_atomic_open(&a, target, &err), 0);
    fputs("hai", kc_atomic_stream(a));
    assert_int_equal(kc_atomic_commit(a, false, &err), KC_EINVAL);
    assert_non_null(strstr(err.message, "already exists"));
    kc_atomic_free(a);
    assert_true(g_file_get_contents(target, &text, NULL, NULL));
    assert_string_equal(text, "<p>một</p>\n");
    g_free(text);

    /* with replace it is replaced; freed uncommitted, nothing changes */
    assert_int_equal(kc_atomic_open(&a, target, &err), 0);
    fputs("ba", kc_atomic_stream(a));
    assert_int_equal(kc_atomic_commit(a, true, &err), 0);
    kc_atomic_free(a);
    assert_int_equal(kc_atomic_open(&a, target, &err), 0);
    fputs("bốn", kc_atomic_stream(a));
    kc_atomic_free(a);
    assert_true(g_file_get_contents(target, &text, NULL, NULL));
    assert_string_equal(text, "ba");
    g_free(text);
    assert_int_equal(dot_files(dir), 0); /* no temporary file left behind */

    /* a writer that replaces the temporary file by name (as libzip does) */
    assert_int_equal(kc_atomic_open(&a, target, &err), 0);
    char *other = g_strconcat(kc_atomic_path(a), ".XXXXXX", NULL);
    assert_true(g_file_set_contents(other, "năm", -1, NULL));
    assert_int_equal(rename(other, kc_atomic_path(a)), 0);
    assert_int_equal(kc_atomic_commit(a, true, &err), 0);
    kc_atomic_free(a);
    assert_true(g_file_get_contents(target, &text, NULL, NULL));
    assert_string_equal(text, "năm");
    assert_int_equal(stat(target, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    g_free(text);
    g_free(other);
    umask(old);
    g_free(target);
}

/* A temporary's name says the boot and PID namespace its number belongs to
 * (lead43: ingest's were named by the number alone, so two runs writing one
 * dossier from two containers could remove each other's).  A dead run's of
 * this namespace is removed; one of another namespace is left whatever its
 * number, unless written before this system started; old names are judged
 * by their number as before. */
static void test_atomic_stale_spaces(void **state)
{
    const char *dir = *state;
    guint32 own = kc_pid_space(), other = own ^ 0x5a5a5a5au;
    char *target = g_build_filename(dir, "out.zip", NULL);
    char *mine_dead = g_strdup_printf("%s/.out.zip.kc-99999999-%08x-AbCdEf", dir, own);
    char *theirs_dead = g_strdup_printf("%s/.out.zip.kc-99999999-%08x-GhIjKl", dir, other);
    char *theirs_old = g_strdup_printf("%s/.out.zip.kc-99999999-%08x-MnOpQr", dir, other);
    char *old_dead = g_strdup_printf("%s/.out.zip.kc-99999999-StUvWx", dir);
    kc_atomic *a = NULL;
    kc_error err = {0};
    struct utimbuf t = {1, 1}; /* 1970: before any boot */

    if (!own)
        skip(); /* /proc says nothing here: the old names are written */
    for (const char *const *f = (const char *const[]){mine_dead, theirs_dead, theirs_old, old_dead, NULL}; *f; f++)
        assert_true(g_file_set_contents(*f, "nửa", -1, NULL));
    assert_int_equal(utime(theirs_old, &t), 0);
    assert_int_equal(kc_atomic_open(&a, target, &err), 0);
    char *want = g_strdup_printf("/.out.zip.kc-%ld-%08x-", (long)getpid(), own);
    assert_non_null(strstr(kc_atomic_path(a), want));
    assert_int_equal(access(mine_dead, F_OK), -1);   /* this namespace, its process gone */
    assert_int_equal(access(theirs_dead, F_OK), 0);   /* another: its number means nothing here */
    assert_int_equal(access(theirs_old, F_OK), -1);  /* another, written before the boot */
    assert_int_equal(access(old_dead, F_OK), -1);    /* a number alone, gone */
    kc_atomic_free(a);
    unlink(theirs_dead);
    g_free(want);
    g_free(target);
    g_free(mine_dead);
    g_free(theirs_dead);
    g_free(theirs_old);
    g_free(old_dead);
}

/* A buffer as a whole file (the revocation cache), and all of a buffer to a descriptor. */
static void test_atomic_write_buffer(void **state)
{
    const char *dir = *state;
    char *target = g_build_filename(dir, "ca.crl", NULL), *text = NULL;
    kc_error err = {0};
    size_t len = 0;
    assert_int_equal(kc_atomic_write(target, "một\0hai", 8, &err), 0);
    assert_int_equal(kc_atomic_write(target, "ba\0bốn", 8, &err), 0); /* replaced */
    assert_int_equal(kc_file_read(&text, &len, target, 64, &err), 0);
    assert_int_equal(len, 8);
    assert_memory_equal(text, "ba\0bốn", 8);
    free(text);
    assert_int_equal(dot_files(dir), 0);
    char *missing = g_build_filename(dir, "no-such-dir", "x", NULL);
    assert_int_equal(kc_atomic_write(missing, "x", 1, &err), KC_EIO);
    g_free(missing);

    int fds[2];
    char buf[8] = {0};
    assert_int_equal(pipe(fds), 0);
    assert_int_equal(kc_write_all(fds[1], "năm", 4), 0);
    assert_int_equal(read(fds[0], buf, sizeof buf), 4);
    assert_string_equal(buf, "năm");
    close(fds[0]);
    assert_int_not_equal(kc_write_all(fds[1], "x", 1), 0); /* no reader: EPIPE (SIGPIPE ignored below) */
    close(fds[1]);
    assert_int_equal(kc_write_all(-1, "x", 1), EBADF);
    g_free(target);
}

static void test_atomic_refuses(void **state)
{
    const char *dir = *state;
    char *target = g_build_filename(dir, "no-such-dir", "out.txt", NULL);
    kc_atomic *a = NULL;
    kc_error err = {0};
    assert_int_equal(kc_atomic_open(&a, target, &err), KC_EIO);
    assert_null(a);
    assert_non_null(strstr(err.message, "cannot create a temporary file"));
    kc_atomic_free(NULL);
    g_free(target);
}

/* ---- SOURCE_DATE_EPOCH ------------------------------------------------------- */

static void test_source_date_epoch(void **state)
{
    int64_t t = 0;
    kc_error err = {0};
    (void)state;
    unsetenv("SOURCE_DATE_EPOCH");
    assert_int_equal(kc_source_date_epoch(&t, &err), 0);
    assert_int_equal(t, -1);
    setenv("SOURCE_DATE_EPOCH", "", 1);
    assert_int_equal(kc_source_date_epoch(&t, &err), 0);
    assert_int_equal(t, -1);
    setenv("SOURCE_DATE_EPOCH", "0", 1);
    assert_int_equal(kc_source_date_epoch(&t, &err), 0);
    assert_int_equal(t, 0);
    setenv("SOURCE_DATE_EPOCH", "1633046400", 1);
    assert_int_equal(kc_source_date_epoch(&t, &err), 0);
    assert_int_equal(t, 1633046400);
    setenv("SOURCE_DATE_EPOCH", "2021-10-01", 1);
    assert_int_equal(kc_source_date_epoch(&t, &err), KC_EINVAL);
    assert_non_null(strstr(err.message, "SOURCE_DATE_EPOCH"));
    setenv("SOURCE_DATE_EPOCH", "-5", 1);
    assert_int_equal(kc_source_date_epoch(&t, &err), KC_EINVAL);
    unsetenv("SOURCE_DATE_EPOCH");
}

static void test_time_iso(void **state)
{
    char buf[32];
    (void)state;
    assert_string_equal(kc_time_iso(buf, 1633046400), "2021-10-01T00:00:00Z");
    assert_string_equal(kc_time_iso(buf, 0), "1970-01-01T00:00:00Z"); /* 0 is a time; callers say when it is none */
    assert_string_equal(kc_time_iso(buf, 253402300799), "9999-12-31T23:59:59Z");
    assert_null(kc_time_iso(buf, 253402300800));
}

/* ---- HTML ------------------------------------------------------------------- */

/* A table people open in Excel: fields quoted where Excel would split them,
 * formulas disarmed, numbers left as numbers; the exact form for files read back. */
static void test_csv_field(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } cases[] = {
        {"12/QĐ-UBND", "12/QĐ-UBND;"},
        {"a;b", "\"a;b\";"},
        {"a,b", "a,b;"},
        {"say \"hi\"", "\"say \"\"hi\"\"\";"},
        {" x", "\" x\";"},
        {"=HYPERLINK(\"http://x\",\"12\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"12\"\")\";"},
        {"+cmd|'/C calc'!A0", "\"'+cmd|'/C calc'!A0\";"},
        {"@SUM(A1)", "\"'@SUM(A1)\";"},
        {"-2+3", "\"'-2+3\";"},
        {"\t=1", "\"'\t=1\";"},
        {"-5", "-5;"},
        {"+84", "+84;"},
        {"-", "-;"},
        {"", ";"},
        /* a part after another Excel's list separator */
        {"12/QĐ-UBND;=2*21;", "\"12/QĐ-UBND;'=2*21;\";"},
        {"15/UBND-VX,=cmd|' /C calc'!A0,x", "15/UBND-VX,'=cmd|' /C calc'!A0,x;"},
        {"a, @SUM(1)", "a,' @SUM(1);"},
        {"a,-5;+84,b", "\"a,-5;+84,b\";"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        GString *s = g_string_new(NULL);
        kc_csv_field(s, cases[i].in, ';', false);
        assert_string_equal(s->str, cases[i].out);
        g_string_free(s, TRUE);
    }
    GString *s = g_string_new(NULL);
    kc_csv_field_exact(s, "=x.pdf", ',', true);
    kc_csv_field(s, NULL, ',', true);
    assert_string_equal(s->str, "=x.pdf\r\n\r\n");
    g_string_free(s, TRUE);
}

static void test_html_escape(void **state)
{
    GString *s = g_string_new(NULL);
    (void)state;
    kc_html_escape(s, "Ủy ban <b>\"A\" & 'B'</b>");
    assert_string_equal(s->str, "Ủy ban &lt;b&gt;&quot;A&quot; &amp; &apos;B&apos;&lt;/b&gt;");
    g_string_truncate(s, 0);
    kc_html_escape(s, NULL);
    assert_string_equal(s->str, "");
    /* control characters as references, tab and newlines kept, bytes that
     * are not UTF-8 passed through (g_markup_escape_text would decode them) */
    kc_html_escape(s, "a\x01\tb\n\x7f\xc2\x85\xc2\x9f\xff\xfe");
    assert_string_equal(s->str, "a&#x1;\tb\n&#x7f;\xc2\x85&#x9f;\xff\xfe");
    /* hidden characters (bidi controls, zero-width ones) written visibly: a
     * reference would reorder or vanish all the same */
    g_string_truncate(s, 0);
    kc_html_escape(s, "09-2021\xe2\x80\xae" "fdp.exe \xe2\x80\x8b\xc2\xad\xef\xbb\xbf");
    assert_string_equal(s->str, "09-2021[U+202E]fdp.exe [U+200B][U+00AD][U+FEFF]");
    /* the same bytes as g_markup_escape_text for the rest of valid UTF-8 */
    for (gunichar c = 1; c < 0x800; c++) {
        if (c >= 0xa0 && kc_char_hidden(c))
            continue;
        char in[16];
        in[g_unichar_to_utf8(c, in)] = '\0';
        char *want = g_markup_escape_text(in, -1);
        g_string_truncate(s, 0);
        kc_html_escape(s, in);
        assert_string_equal(s->str, want);
        g_free(want);
    }
    g_string_free(s, TRUE);
}

/* ---- JSON ------------------------------------------------------------------- */

/* rtzip11: one value to every reader, whatever the writer's spelling. */
static void test_json_member_same(void **state)
{
    (void)state;
    assert_true(kc_json_member_same("{\"r\":[{\"v\":36.0,\"t\":\"a\"}]}", "{\"r\":[{\"t\":\"a\",\"v\":3.6e1}]}", "r", false));
    assert_true(kc_json_member_same("{\"r\":[36]}", "{\"r\":[36.0],\"x\":1}", "r", false));
    assert_false(kc_json_member_same("{\"r\":[{\"v\":650.0}]}", "{\"r\":[{\"v\":652.0}]}", "r", false));
    assert_false(kc_json_member_same("{\"r\":[\"36\"]}", "{\"r\":[36]}", "r", false));
    assert_false(kc_json_member_same("{\"r\":[1,2]}", "{\"r\":[2,1]}", "r", false));
    assert_false(kc_json_member_same("{\"r\":{\"a\":1}}", "{\"r\":{\"a\":1,\"b\":null}}", "r", false));
    assert_false(kc_json_member_same("{\"r\":[]}", "{}", "r", false));
    assert_true(kc_json_member_same("{\"r\":[]}", "{}", "r", true));
    assert_false(kc_json_member_same("{}", "{\"r\":[]}", "r", true));
    assert_true(kc_json_member_same("{}", "{}", "r", false));
    assert_false(kc_json_member_same("not json", "{}", "r", true));
}

static void test_json(void **state)
{
    JsonBuilder *b = json_builder_new();
    (void)state;
    json_builder_begin_object(b);
    kc_json_add_str(b, "name", "Thủy An");
    kc_json_add_str(b, "none", NULL);
    kc_json_add_str(b, "bytes", "a\xff\"b");
    kc_json_add_int(b, "n", -7);
    kc_json_add_bool(b, "ok", true);
    json_builder_end_object(b);
    char *text = kc_json_finish(b, false);
    assert_string_equal(text, "{\"name\":\"Thủy An\",\"none\":null,\"bytes\":\"a\xef\xbf\xbd\\\"b\",\"n\":-7,\"ok\":true}");
    free(text);
    b = json_builder_new();
    json_builder_begin_array(b);
    json_builder_add_int_value(b, 1);
    json_builder_end_array(b);
    text = kc_json_finish(b, true);
    assert_string_equal(text, "[\n  1\n]");
    free(text);

    /* the library's JSON text inside a document the caller builds */
    b = json_builder_new();
    json_builder_begin_object(b);
    kc_json_add_str(b, "dossier", "a.zip");
    assert_true(kc_json_add_members(b, "{\"file\":\"data/x.pdf\",\"status\":\"valid\",\"n\":[1,2]}"));
    assert_false(kc_json_add_members(b, "[1]"));
    assert_false(kc_json_add_members(b, "not json"));
    kc_json_add_json(b, "verdict", "{\"status\":\"invalid\"}");
    kc_json_add_json(b, "broken", "{");
    kc_json_add_json(b, "none", NULL);
    json_builder_end_object(b);
    text = kc_json_finish(b, false);
    assert_string_equal(text, "{\"dossier\":\"a.zip\",\"file\":\"data/x.pdf\",\"status\":\"valid\",\"n\":[1,2],"
                              "\"verdict\":{\"status\":\"invalid\"},\"broken\":null,\"none\":null}");
    free(text);

    /* an object built by hand (kc_json_set_str), and kc_json_text */
    JsonObject *o = json_object_new();
    JsonNode *root = json_node_new(JSON_NODE_OBJECT);
    kc_json_set_str(o, "name", "Thủy An");
    kc_json_set_str(o, "bytes", "a\xff");
    kc_json_set_str(o, "none", NULL);
    json_node_take_object(root, o);
    text = kc_json_text(root, false);
    assert_string_equal(text, "{\"name\":\"Thủy An\",\"bytes\":\"a\xef\xbf\xbd\",\"none\":null}");
    free(text);
}

/* kc_dl_load: the first soname that loads, every symbol found, or why not. */
static void test_dl_load(void **state)
{
    (void)state;
    char why[160] = "";
    const char *(*version)(void) = NULL;
    void *missing = NULL;
    static const char *const zlib[] = {"libkc-no-such-library.so.0", "libz.so.1", NULL};
    const kc_dl_sym ok[] = {{(void **)&version, "zlibVersion"}};
    assert_true(kc_dl_load(zlib, ok, 1, why, sizeof why));
    assert_non_null(version);
    assert_int_equal(version()[0], '1'); /* zlib 1.x */

    const kc_dl_sym bad[] = {{(void **)&version, "zlibVersion"}, {&missing, "kc_no_such_function"}};
    assert_false(kc_dl_load(zlib, bad, 2, why, sizeof why));
    assert_non_null(strstr(why, "kc_no_such_function is missing"));

    static const char *const none[] = {"libkc-no-such-library.so.0", NULL};
    why[0] = '\0';
    assert_false(kc_dl_load(none, ok, 1, why, sizeof why));
    assert_non_null(strstr(why, "libkc-no-such-library.so.0"));
}

/* A memo's key: each input with its length, NULL apart from "" (memo.c). */
static void test_memo_key_part(void **state)
{
    (void)state;
    GString *k = g_string_new(NULL);
    kc_memo_key_part(k, NULL);
    kc_memo_key_part(k, "");
    kc_memo_key_part(k, "abc");
    kc_memo_key_part(k, "UBND xã Thủy An");
    kc_memo_key_part(k, "a|b:c");
    assert_string_equal(k->str, "-|0:|3:abc|18:UBND xã Thủy An|5:a|b:c|");
    g_string_free(k, TRUE);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN); /* kc_write_all to a pipe without a reader */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_path_find, dir_setup, dir_teardown),
        cmocka_unit_test_setup_teardown(test_path_find_cached, dir_setup, dir_teardown),
        cmocka_unit_test(test_hex_round_trip),
        cmocka_unit_test(test_json_member_same),
        cmocka_unit_test(test_hex_decode_refuses),
        cmocka_unit_test_setup_teardown(test_file_read, dir_setup, dir_teardown),
        cmocka_unit_test_setup_teardown(test_file_read_refuses, dir_setup, dir_teardown),
        cmocka_unit_test_setup_teardown(test_dir_list, dir_setup, dir_teardown),
        cmocka_unit_test_setup_teardown(test_atomic_write, dir_setup, dir_teardown),
        cmocka_unit_test_setup_teardown(test_atomic_write_buffer, dir_setup, dir_teardown),
        cmocka_unit_test_setup_teardown(test_atomic_stale_spaces, dir_setup, dir_teardown),
        cmocka_unit_test_setup_teardown(test_atomic_refuses, dir_setup, dir_teardown),
        cmocka_unit_test(test_source_date_epoch),
        cmocka_unit_test(test_time_iso),
        cmocka_unit_test(test_csv_field),
        cmocka_unit_test(test_html_escape),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_dl_load),
        cmocka_unit_test(test_memo_key_part),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
