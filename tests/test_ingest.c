/* test_ingest.c: filing evidence by a map (kc_ingest_add_map): a map CSV as
 * clerks make it in Excel (a BOM, ';', Vietnamese headers in any order, or
 * no header at all), a file cited by several criteria, a folder cited whole,
 * rows left empty, what is not a criterion number, and files that are not
 * there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "test_tmpdir.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "kiemchung/kiemchung.h"

typedef struct fixture {
    char *dir;
    GString *notices;
    kc_dossier_events ev;
    kc_ingest *in;
} fixture;

static void on_notice(void *ud, const char *msg)
{
    g_string_append_printf(ud, "%s\n", msg);
}

static int setup(void **state)
{
    fixture *f = g_new0(fixture, 1);
    kc_error err = {0};
    f->dir = g_strdup("/tmp/kc-ingest-XXXXXX");
    if (!g_mkdtemp(f->dir))
        return -1;
    f->notices = g_string_new(NULL);
    f->ev = (kc_dossier_events){NULL, on_notice, f->notices};
    if (kc_ingest_new(&f->in, &f->ev, &err) != 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    int rc = kc_test_rmtree(f->dir);
    kc_ingest_free(f->in);
    g_string_free(f->notices, TRUE);
    g_free(f->dir);
    g_free(f);
    return rc == 0 ? 0 : -1;
}

static char *put(fixture *f, const char *rel, const char *text)
{
    char *path = g_build_filename(f->dir, rel, NULL), *dir = g_path_get_dirname(path);
    g_mkdir_with_parents(dir, 0755);
    assert_true(g_file_set_contents(path, text, -1, NULL));
    g_free(dir);
    return path;
}

/* The criterion filed under key, or fails the test. */
static const kc_dossier_criterion *crit(const kc_dossier *d, const char *key)
{
    for (size_t i = 0; i < kc_dossier_criterion_count(d); i++)
        if (strcmp(kc_dossier_get_criterion(d, i)->key, key) == 0)
            return kc_dossier_get_criterion(d, i);
    fail_msg("no criterion %s", key);
    return NULL;
}

static const char *file_name(const kc_dossier *d, const kc_evidence *e)
{
    return kc_dossier_get_file(d, e->file)->name;
}

static void test_map_with_header(void **state)
{
    fixture *f = *state;
    kc_error err = {0};
    g_free(put(f, "hs/HĐ 003.pdf", "%PDF-1.4 contract\n"));
    g_free(put(f, "hs/Tiêu chí 8/QĐ 02.pdf", "%PDF-1.4 decision\n"));
    g_free(put(f, "hs/Tiêu chí 8/ảnh.png", "png\n"));
    /* a BOM, ';', the headers in Vietnamese and in another order */
    char *map = put(f, "hs/map.csv",
                    "\xEF\xBB\xBF" "Tệp;Tiêu chí;Ghi chú;Số, ký hiệu;Loại\r\n"
                    "HĐ 003.pdf;1, 2;bản sao;HĐ số: 003/HĐ 2019;hợp đồng\r\n"
                    "Tiêu chí 8;08;;;\r\n"
                    ";5;;;\r\n"); /* a template row left empty */
    if (kc_ingest_add_map(f->in, map, &err) != 0)
        fail_msg("%s", err.message);
    const kc_dossier *d = kc_ingest_dossier(f->in);
    const kc_dossier_criterion *c1 = crit(d, "1"), *c2 = crit(d, "2"), *c8 = crit(d, "8");
    assert_int_equal(c1->nevidence, 1);
    assert_string_equal(file_name(d, &c1->evidence[0]), "HĐ 003.pdf");
    assert_string_equal(c1->evidence[0].reference, "HĐ số: 003/HĐ 2019");
    assert_string_equal(c1->evidence[0].kind, "hợp đồng");
    assert_string_equal(c1->evidence[0].note, "bản sao");
    assert_string_equal(c1->evidence[0].via, "map");
    /* one file, two criteria: stored once */
    assert_int_equal(c2->nevidence, 1);
    assert_int_equal(c2->evidence[0].file, c1->evidence[0].file);
    assert_int_equal(kc_dossier_get_file(d, c1->evidence[0].file)->ncitations, 2);
    /* a folder: everything in it, under 8 ("08" is 8) */
    assert_int_equal(c8->nevidence, 2);
    assert_string_equal(file_name(d, &c8->evidence[0]), "QĐ 02.pdf");
    assert_string_equal(file_name(d, &c8->evidence[1]), "ảnh.png");
    assert_int_equal(kc_dossier_file_count(d), 3);
    assert_string_equal(f->notices->str, "");
    g_free(map);
}

static void test_map_without_header(void **state)
{
    fixture *f = *state;
    kc_error err = {0};
    g_free(put(f, "a.pdf", "%PDF-1.4 a\n"));
    g_free(put(f, "b.pdf", "%PDF-1.4 b\n"));
    /* criterion, file, reference, kind, note: the template's order */
    char *map = put(f, "map.csv", "20,a.pdf,Số: 12/QĐ-UBND,quyết định,\n"
                                  "x1,b.pdf,,,\n");
    assert_int_equal(kc_ingest_add_map(f->in, map, &err), 0);
    const kc_dossier *d = kc_ingest_dossier(f->in);
    const kc_dossier_criterion *c = crit(d, "20");
    assert_int_equal(c->nevidence, 1);
    assert_string_equal(c->evidence[0].reference, "Số: 12/QĐ-UBND");
    /* not a criterion number: said so, and the file is stored filed nowhere */
    assert_non_null(strstr(f->notices->str, "\"x1\" is not a criterion number"));
    assert_int_equal(kc_dossier_file_count(d), 2);
    size_t loose = 0;
    for (size_t i = 0; i < kc_dossier_file_count(d); i++)
        loose += kc_dossier_get_file(d, i)->ncitations == 0;
    assert_int_equal(loose, 1);
    g_free(map);
}

static void test_map_refuses(void **state)
{
    fixture *f = *state;
    kc_error err = {0};
    g_free(put(f, "a.pdf", "%PDF-1.4 a\n"));
    /* files it names that are not there: each said, then an error counting them */
    char *map = put(f, "missing.csv", "criterion,file\n1,a.pdf\n2,không có.pdf\n3,nor this.pdf\n");
    assert_int_equal(kc_ingest_add_map(f->in, map, &err), KC_EIO);
    assert_non_null(strstr(err.message, "2 files it names were not found"));
    assert_non_null(strstr(f->notices->str, "missing.csv, line 3: không có.pdf"));
    g_free(map);
    /* a header without a file column */
    map = put(f, "nofile.csv", "criterion;reference\n1;Số: 1/QĐ\n");
    assert_int_equal(kc_ingest_add_map(f->in, map, &err), KC_EFORMAT);
    assert_non_null(strstr(err.message, "no \"file\" column"));
    g_free(map);
    char *none = g_build_filename(f->dir, "none.csv", NULL);
    assert_int_not_equal(kc_ingest_add_map(f->in, none, &err), 0);
    g_free(none);
}

/* newcomer33, rtzip13: the template as it comes, its "file" column empty,
 * made a dossier of no files; a map whose rows ask for no document still
 * files nothing, rightly. */
static void test_map_unfilled(void **state)
{
    fixture *f = *state;
    kc_error err = {0};
    char *map = put(f, "template.csv", "\xEF\xBB\xBF" "criterion,file,reference,kind,note,criterion_name\n"
                                       "19,,,,,Ứng dụng chữ ký số\n"
                                       "1,,HĐ số: 003/HĐ 2019,Hợp đồng,,Camera\n"
                                       "2,,,contract,,Màn hình tra cứu\n");
    assert_int_equal(kc_ingest_add_map(f->in, map, &err), KC_EFORMAT);
    assert_non_null(strstr(err.message, "template.csv, line 3: no row of the map names a file"));
    assert_non_null(strstr(err.message, "asks for: HĐ số: 003/HĐ 2019"));
    g_free(map);
    map = put(f, "nothing.csv", "criterion,file,reference,kind\n19,,,\n36,,,\n");
    if (kc_ingest_add_map(f->in, map, &err) != 0)
        fail_msg("%s", err.message);
    assert_int_equal(kc_dossier_file_count(kc_ingest_dossier(f->in)), 0);
    g_free(map);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_map_with_header, setup, teardown),
        cmocka_unit_test_setup_teardown(test_map_without_header, setup, teardown),
        cmocka_unit_test_setup_teardown(test_map_refuses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_map_unfilled, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
