/* test_register.c: reading the outgoing register: headers by name in any
 * spelling, Excel's date forms, paths relative to the CSV, row warnings; and
 * a register rebuilt from the documents' own text when there is none. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kiemchung/kiemchung.h"
#include "register_internal.h"

static char *write_tmp(const char *text)
{
    char *path = g_build_filename(g_get_tmp_dir(), "kc-test-register-XXXXXX.csv", NULL);
    int fd = g_mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static kc_register *load(const char *text, char **path)
{
    kc_register *reg = NULL;
    kc_error err = {0};
    *path = write_tmp(text);
    if (kc_register_load_csv(&reg, *path, &err) != 0)
        fail_msg("%s", err.message);
    return reg;
}

static void test_nfd_uppercase_headers_and_dates(void **state)
{
    (void)state;
    char *path;
    /* NFD, upper case, a trailing colon; an Excel serial date (44270 = 2021-03-15). */
    kc_register *reg = load("SO\xCC\x82\xCC\x81, KY\xCC\x81 HIE\xCC\x82\xCC\xA3U VA\xCC\x86N BA\xCC\x89N:;"
                            "NGÀY THÁNG VĂN BẢN;Tệp\n"
                            "12/QĐ-UBND;44270;sub\\12.pdf\n"
                            "13/QĐ-UBND;ngày 7 tháng 2 năm 2020;/abs/13.pdf\n"
                            "14/UBND-VX;14/5/2019;x.pdf\n",
                            &path);
    assert_int_equal(kc_register_count(reg), 3);
    const kc_register_row *r = kc_register_row_at(reg, 0);
    assert_string_equal(r->number, "12/QĐ-UBND");
    assert_int_equal(r->serial, 12);
    assert_string_equal(r->symbol, "QĐ-UBND");
    assert_string_equal(r->type, "QĐ");
    assert_int_equal(r->year, 2021);
    assert_int_equal(r->month, 3);
    assert_int_equal(r->day, 15);
    char *dir = g_path_get_dirname(path);
    char *want = g_build_filename(dir, "sub", "12.pdf", NULL);
    assert_string_equal(r->file, want); /* backslashes from Windows, relative to the CSV */
    r = kc_register_row_at(reg, 1);
    assert_int_equal(r->year, 2020);
    assert_int_equal(r->month, 2);
    assert_string_equal(r->file, "/abs/13.pdf");
    r = kc_register_row_at(reg, 2);
    assert_null(r->type); /* a công văn has no type abbreviation */
    assert_int_equal(r->day, 14);
    g_free(dir);
    g_free(want);
    kc_register_free(reg);
    unlink(path);
    g_free(path);
}

/* Headings as forms and clerks' workbooks write them (rtnum21): a date's
 * "Ngày, tháng, năm", the abbreviations VB and KH; each was no column, so
 * no row was dated (or the register had no number column). */
static void test_headings_as_written(void **state)
{
    (void)state;
    static const char *const heads[] = {
        "Số, ký hiệu văn bản;Ngày, tháng, năm văn bản;Người ký;Nơi nhận;Tệp\n", "Số và ký hiệu văn bản;Ngày tháng năm ban hành;Người ký;Nơi nhận;Tệp\n",
        "Số, ký hiệu VB;Ngày tháng VB;Người ký;Nơi nhận;Tệp\n", "Số, KH văn bản;Ngày/tháng/năm;Người ký;Nơi nhận;Tệp\n", "Số VB;Ngày ký văn bản;Người ký;Nơi nhận;Tệp\n",
        "Số ký hiệu;Ngày, tháng, năm ban hành văn bản;Người ký;Nơi nhận;Tệp\n"};
    for (size_t i = 0; i < G_N_ELEMENTS(heads); i++) {
        char *path, *csv = g_strconcat(heads[i], "12/QĐ-UBND;15/03/2021;An;UBND huyện Phú Vang;12.pdf\n", NULL);
        kc_register *reg = load(csv, &path);
        assert_int_equal(kc_register_count(reg), 1);
        const kc_register_row *r = kc_register_row_at(reg, 0);
        if (!r->number || strcmp(r->number, "12/QĐ-UBND") != 0 || r->year != 2021)
            fail_msg("%s: %s, %d", heads[i], r->number ? r->number : "(none)", r->year);
        kc_register_free(reg);
        unlink(path);
        g_free(path);
        g_free(csv);
    }
}

static void test_warnings_name_lines(void **state)
{
    (void)state;
    char *path;
    kc_register *reg = load("number,date,file,Màu\n1/QĐ-UBND,01/01/2021,a.pdf,x\n\n"
                            "1/QĐ-UBND,02/01/2021,b.pdf,x\n2/QĐ-UBND,someday,,x\n",
                            &path);
    assert_int_equal(kc_register_count(reg), 3); /* the blank line is skipped */
    assert_int_equal(kc_register_warning_count(reg), 1);
    assert_non_null(strstr(kc_register_warning(reg, 0), "Màu"));
    const kc_register_row *dup = kc_register_row_at(reg, 1);
    assert_int_equal(dup->line, 4);
    assert_int_equal(dup->n_warnings, 1);
    assert_non_null(strstr(dup->warnings[0], "row 2")); /* the rows Excel shows */
    const kc_register_row *bad = kc_register_row_at(reg, 2);
    assert_int_equal(bad->n_warnings, 2); /* the date, and no file */
    assert_non_null(strstr(bad->warnings[0], "someday"));
    assert_null(bad->file);
    kc_register_free(reg);
    unlink(path);
    g_free(path);
}

static void test_not_a_register(void **state)
{
    (void)state;
    char *path = write_tmp("a,b\n1,2\n");
    kc_register *reg = NULL;
    kc_error err = {0};
    assert_int_equal(kc_register_load_csv(&reg, path, &err), KC_EFORMAT);
    assert_non_null(strstr(err.message, path));
    assert_null(reg);
    unlink(path);
    g_free(path);
    assert_int_equal(kc_register_load_csv(&reg, "/nonexistent/so-di.csv", &err), KC_EIO);
}

/* "Tập" for "Tệp": a typo of a needed column stops, naming the nearest heading. */
static void test_typo_stops(void **state)
{
    (void)state;
    char *path = write_tmp("Số, ký hiệu văn bản;Ngày ban hành;Tập\n1/QĐ-UBND;01/01/2021;a.pdf\n");
    kc_register *reg = NULL;
    kc_error err = {0};
    assert_int_equal(kc_register_load_csv(&reg, path, &err), KC_EFORMAT);
    assert_non_null(strstr(err.message, "unknown column \"Tập\": did you mean Tệp?"));
    assert_non_null(strstr(err.message, "row 1"));
    unlink(path);
    g_free(path);
    /* A column the ratios do not need, or one already there: a warning only. */
    reg = load("Số;Ký hiệu;Ngày;Tệp;Nơi nhận;Ghi chu\xcc\x81;Tap\n12;QĐ-UBND;02/01/2021;a.pdf;x;;\n", &path);
    assert_int_equal(kc_register_warning_count(reg), 1);
    assert_non_null(strstr(kc_register_warning(reg, 0), "\"Tap\" is ignored (did you mean Tệp?)"));
    /* "Số" 12 and "Ký hiệu" QĐ-UBND in two columns make one number. */
    assert_string_equal(kc_register_row_at(reg, 0)->number, "12/QĐ-UBND");
    assert_int_equal(kc_register_row_at(reg, 0)->serial, 12);
    kc_register_free(reg);
    unlink(path);
    g_free(path);
}

/* Dates as every export writes them, and the register deciding day or month first. */
static void test_dates_every_form(void **state)
{
    (void)state;
    char *path;
    kc_register *reg = load("Số, ký hiệu;Ngày tháng;Tệp\n"
                            "1/QĐ;15/03/2021;a\n2/QĐ;44270;a\n3/QĐ;20/9/21;a\n4/QĐ;2021-04-02 08:00:00;a\n"
                            "5/QĐ;ngày 17 tháng 3 năm 2021;a\n6/QĐ;31/02/2021;a\n7/QĐ;03/04/2021;a\n",
                            &path);
    static const int want[][3] = {{2021, 3, 15}, {2021, 3, 15}, {2021, 9, 20}, {2021, 4, 2}, {2021, 3, 17}, {0, 0, 0},
                                  {2021, 4, 3}};
    for (size_t i = 0; i < 7; i++) {
        const kc_register_row *r = kc_register_row_at(reg, i);
        assert_int_equal(r->year, want[i][0]);
        assert_int_equal(r->month, want[i][1]);
        assert_int_equal(r->day, want[i][2]);
    }
    kc_register_free(reg);
    unlink(path);
    g_free(path);
    /* An English export: 3/30/2021 shows the month comes first, so 03/04/2021 is 4 March. */
    reg = load("Số, ký hiệu;Ngày tháng;Tệp\n1/QĐ;3/30/2021;a\n2/QĐ;03/04/2021;a\n", &path);
    assert_int_equal(kc_register_row_at(reg, 0)->day, 30);
    assert_int_equal(kc_register_row_at(reg, 1)->month, 3);
    assert_int_equal(kc_register_row_at(reg, 1)->day, 4);
    assert_int_equal(kc_register_warning_count(reg), 1);
    assert_non_null(strstr(kc_register_warning(reg, 0), "month first"));
    kc_register_free(reg);
    unlink(path);
    g_free(path);
}

/* A quoted cell over three lines is one row: rows are numbered as Excel shows them. */
static void test_rows_as_excel_shows_them(void **state)
{
    (void)state;
    char *path;
    kc_register *reg = load("Số, ký hiệu;Nơi nhận;Tệp\n1/QĐ;\"- A;\n- B;\n- C\";a\n\n2/QĐ;x;b\n", &path);
    assert_int_equal(kc_register_row_at(reg, 0)->line, 2);
    assert_int_equal(kc_register_row_at(reg, 1)->line, 4); /* the blank row is row 3 */
    assert_string_equal(kc_register_row_at(reg, 1)->where, "row 4");
    kc_register_free(reg);
    unlink(path);
    g_free(path);
}

/* No file column: each document found by its number in file names. */
static void test_find_documents(void **state)
{
    (void)state;
    char *path;
    kc_register *reg = load("Số;Ký hiệu;Ngày ban hành\n12;QĐ-UBND;15/03/2021\n3;KH-UBND;11/01/2021\n"
                            "5;UBND;01/02/2021\n7;TB-UBND;01/02/2021\n",
                            &path);
    assert_false(kc_register_has_file_column(reg));
    const char *files[] = {"/d/112-QD-UBND.pdf", "/d/12_QĐ-UBND.pdf", "/d/So 03 KH-UBND 2021.pdf",
                           "/d/05-UBND-VX.pdf", "/d/7-TB-UBND.pdf", "/d/VB 7 tb-ubnd.pdf"};
    assert_int_equal(kc_register_find_documents(reg, files, 6, NULL), 0);
    assert_string_equal(kc_register_row_at(reg, 0)->file, "/d/12_QĐ-UBND.pdf"); /* never 112 */
    assert_int_equal(kc_register_row_at(reg, 0)->found, KC_FOUND_NAME);
    assert_string_equal(kc_register_row_at(reg, 1)->file, "/d/So 03 KH-UBND 2021.pdf");
    assert_null(kc_register_row_at(reg, 2)->file); /* 5/UBND is not 5/UBND-VX */
    assert_null(kc_register_row_at(reg, 3)->file); /* two files answer: none is taken */
    assert_non_null(strstr(kc_register_row_at(reg, 3)->warnings[0], "2 files answer"));
    kc_register_free(reg);
    unlink(path);
    g_free(path);
}

/* No register: each PDF read for its "Số:" line, its date and its "Nơi nhận"
 * block (the sample documents), a file that is no PDF said so, and a number
 * two documents claim said twice. */
static void test_from_documents(void **state)
{
    const char *root = getenv("KC_SOURCE_ROOT");
    (void)state;
    if (!root)
        skip();
    const char *names[] = {"12-QD-UBND.pdf", "30-QD-UBND.pdf", "18-GM-UBND.docx", "12-QD-UBND.pdf"};
    char *paths[4];
    for (int i = 0; i < 4; i++)
        paths[i] = g_build_filename(root, "samples", "docs", names[i], NULL);
    kc_register *reg = NULL;
    kc_error err = {0};
    if (kc_register_from_documents(&reg, (const char *const *)paths, 4, &err) != 0)
        fail_msg("%s", err.message);
    assert_int_equal(kc_register_count(reg), 4);
    const kc_register_row *r = kc_register_row_at(reg, 0);
    assert_true(r->from_document);
    assert_string_equal(r->file, paths[0]);
    assert_string_equal(r->number, "12/QĐ-UBND");
    assert_int_equal(r->serial, 12);
    assert_string_equal(r->type, "QĐ");
    assert_int_equal(r->year, 2021);
    assert_int_equal(r->month, 3);
    assert_int_equal(r->day, 15);
    assert_non_null(r->recipients);
    assert_true(kc_recipients_name_authority(r->recipients, NULL, r->year, r->month));
    r = kc_register_row_at(reg, 1);
    assert_string_equal(r->number, "30/QĐ-UBND");
    assert_int_equal(r->month, 9);
    assert_false(r->recipients && kc_recipients_name_authority(r->recipients, NULL, r->year, r->month));
    /* not a PDF: a row all the same (it is a document of the folder), with a warning */
    r = kc_register_row_at(reg, 2);
    assert_null(r->number);
    assert_true(r->n_warnings >= 1);
    assert_non_null(strstr(r->warnings[0], "not a PDF"));
    /* the same number twice */
    r = kc_register_row_at(reg, 3);
    assert_string_equal(r->number, "12/QĐ-UBND");
    assert_int_equal(r->n_warnings, 1);
    assert_non_null(strstr(r->warnings[0], "number 12/QĐ-UBND is used by another document too"));
    assert_int_equal(kc_register_row_at(reg, 0)->n_warnings, 0);
    kc_register_free(reg);
    for (int i = 0; i < 4; i++)
        g_free(paths[i]);
    /* nothing to read is an empty register, not an error */
    assert_int_equal(kc_register_from_documents(&reg, NULL, 0, &err), 0);
    assert_int_equal(kc_register_count(reg), 0);
    kc_register_free(reg);
}

/* formula CELL WANT: kc_register_csv_formula on CELL gives WANT (NULL: refused, CELL unchanged). */
static void formula(const char *cell, const char *want)
{
    char *c = g_strdup(cell);
    bool ok = kc_register_csv_formula(c);
    if (want ? !ok || strcmp(c, want) != 0 : ok || strcmp(c, cell) != 0)
        fail_msg("%s: %s \"%s\", want %s", cell, ok ? "computed" : "refused", c, want ? want : "refused");
    g_free(c);
}

static void test_csv_cells_excel_computes(void **state)
{
    formula("=\"21/BC-UBND\"", "21/BC-UBND");
    formula(" = \"- UBND \" & \"huyện Phú Vang\"", "- UBND huyện Phú Vang");
    formula("=\"Công văn \"\"khẩn\"\"\"", "Công văn \"khẩn\"");
    formula("=12&\"/QĐ-UBND\"", "12/QĐ-UBND");
    /* rtnew4: a number joined to text is shown by its value, as Excel shows it */
    formula("=012&\"/QĐ-UBND\"", "12/QĐ-UBND");
    formula("=\"Số \"&1.50", "Số 1.5");
    formula("=\"a\"&.5&\"b\"", "a0.5b");
    formula("=5.&\"\"", "5");
    formula("=000&\"\"", "0");
    formula("=1.2.3&\"\"", NULL);
    formula("=.&\"a\"", NULL);
    formula("=1234567890123456&\"\"", NULL);
    formula("=\"\"", "");
    formula("UBND huyện Phú Vang", "UBND huyện Phú Vang");
    formula("- UBND huyện", "- UBND huyện");
    formula("=CONCATENATE(\"UBND \",\"huyện\")", NULL);
    formula("=A1", NULL);
    formula("=\"unclosed", NULL);
    formula("=\"a\"&", NULL);
    formula("=\"a\" \"b\"", NULL);
    formula("=", NULL);
    /* Excel reads a cell starting with + before an expression as =+… */
    formula("+\"- UBND huy\"&\"ện Phú Vang\"", "- UBND huyện Phú Vang");
    formula("+CONCATENATE(\"UBND \",\"huyện\")", NULL);
    formula("-\"x\"&\"y\"", NULL);
    formula("@SUM(1)", NULL);
    formula("-5", "-5");
    formula("+84 912 345 678", "+84 912 345 678");
    formula("- Lưu: VT, \"Văn phòng\"", "- Lưu: VT, \"Văn phòng\"");
    formula("-UBND (huyện)", "-UBND (huyện)");
    (void)state;
}

/* One number of one year is one document, however written (kc_numbers_take). */
static void test_numbers_one_document(void **state)
{
    static const struct {
        const char *number;
        int year;
        int same_as; /* the earlier row it is, or -1 */
    } rows[] = {
        {"15/QĐ-UBND", 2021, -1},   {"015 /QĐ-UBND.", 2021, 0}, {"Số 15/qđ-ubnd", 2021, 0},
        {"Số15/QD-UBND", 2021, 0},  {"15/TB-UBND", 2021, -1},   {"150/QĐ-UBND", 2021, -1},
        {"15/QĐ-UBND", 2020, -1},   {"15/QĐ-UBND", 0, 0},       {"QĐ-UBND", 2021, -1},
        {"so 15 / QĐ - UBND", 2021, 0}, {"1/5/QĐ-UBND", 2021, -1},
        /* review35: the dashes Word puts for a typed "-" (en dash, em dash), a
         * non-breaking hyphen, a fullwidth solidus, a no-break space: one
         * number still (an en dash read as a letter made "15/qd–ubnd" another) */
        {"15/QĐ\u2013UBND", 2021, 0}, {"15/QĐ \u2014 UBND", 2021, 0}, {"15/QĐ\u2011UBND", 2021, 0},
        {"15\uFF0FQĐ-UBND", 2021, 0}, {"Số\u00A015/QĐ-UBND", 2021, 0}, {"15/QĐ\u2212UBND", 2021, 0},
        {"15/QĐ\u2013UBND-VP", 2021, -1},
    };
    enum { N = sizeof rows / sizeof rows[0] };
    kc_register_row r[N];
    kc_numbers *n = kc_numbers_new();
    int wrong = 0;
    memset(r, 0, sizeof r);
    for (size_t i = 0; i < N; i++) {
        r[i].number = (char *)rows[i].number;
        r[i].year = rows[i].year;
        const kc_register_row *f = kc_numbers_take(n, &r[i]);
        if (f != (rows[i].same_as < 0 ? NULL : &r[rows[i].same_as])) {
            print_error("row %zu \"%s\": read as %s\n", i, rows[i].number, f ? "another row's" : "a number apart");
            wrong++;
        }
    }
    kc_numbers_free(n);
    assert_int_equal(wrong, 0);
    (void)state;
}

/* An undated row hides no duplicate of a dated year: "1/QĐ-UBND" on rows 2
 * (no date) and 3 said nothing of row 4, the same number in the same year
 * as row 3 (kc_numbers_take returned the undated row, and row 3 was not kept). */
static void test_duplicates_after_undated(void **state)
{
    (void)state;
    char *path;
    kc_register *reg = load("number,date,file\n1/QĐ-UBND,,a.pdf\n1/QĐ-UBND,01/02/2021,b.pdf\n"
                            "1/QĐ-UBND,03/02/2021,c.pdf\n",
                            &path);
    const kc_register_row *r = kc_register_row_at(reg, 2);
    bool said = false;
    for (size_t i = 0; i < r->n_warnings; i++)
        said = said || strstr(r->warnings[i], "already used on row 3") != NULL;
    assert_true(said);
    kc_register_free(reg);
    unlink(path);
    g_free(path);
}

/* A row's number written with Word's en dash is its PDF's "Số: 15/QĐ-UBND"
 * (kc_register_text_other_document splits numbers as kc_numbers_take does):
 * it was another document, the honest row counted as not signed (review35);
 * another serial stays another document. */
static void test_text_number_dashes(void **state)
{
    static const char text[] = "ỦY BAN NHÂN DÂN\nXÃ THỦY AN\nSố: 15/QĐ-UBND\nThủy An, ngày 15 tháng 03 năm 2021\n"
                               "QUYẾT ĐỊNH\n";
    static const struct {
        const char *number;
        bool other;
    } rows[] = {
        {"15/QĐ-UBND", false}, {"15/QĐ\u2013UBND", false}, {"15 \u2014 QĐ \u2014 UBND", false},
        {"16/QĐ\u2013UBND", true},
    };
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        kc_register_row r;
        char *said = NULL;
        memset(&r, 0, sizeof r);
        r.number = (char *)rows[i].number;
        r.date = (char *)"15/03/2021";
        r.year = 2021;
        r.month = 3;
        r.day = 15;
        if (kc_register_text_other_document(&r, text, &said) != rows[i].other)
            fail_msg("row %zu \"%s\": %s", i, rows[i].number, said ? said : "the same document");
        g_free(said);
    }
}

/* Twins (kc_twins_take), the one routine index and review ask: the same
 * signature value, the same document signed again, the same number of a
 * year, in that order; the first row stays the one named. */
static void test_twins_one_document(void **state)
{
    static const char *const none[] = {NULL}, *const a[] = {"aa", KC_TWIN_ORIGINAL "d1", NULL},
                             *const a_copy[] = {"aa", NULL}, *const b_again[] = {"bb", KC_TWIN_ORIGINAL "d1", NULL},
                             *const c[] = {"cc", KC_TWIN_ORIGINAL "d2", NULL}, *const d1[] = {"d1", NULL},
                             *const e[] = {"ee", KC_TWIN_ORIGINAL "d3", NULL};
    static const struct {
        const char *number;
        int year;
        const char *const *keys;
        kc_twin twin;
        int first; /* the earlier row it is, or -1 */
    } rows[] = {
        {"15/QĐ-UBND", 2021, a, KC_TWIN_NONE, -1},
        {"16/QĐ-UBND", 2021, a_copy, KC_TWIN_SIGNATURE, 0},   /* a copy with bytes appended */
        {"17/QĐ-UBND", 2021, b_again, KC_TWIN_SIGNED_AGAIN, 0}, /* one scan signed twice */
        {"015 /QĐ-UBND.", 2021, c, KC_TWIN_NUMBER, 0},      /* saved to PDF again, signed apart */
        {"16/QĐ-UBND", 2021, c, KC_TWIN_SIGNATURE, 0},     /* a twin's copy: the first row's twin (review36) */
        {"15/QĐ-UBND", 2020, e, KC_TWIN_NONE, -1},          /* another year's 15: a new document */
        {"18/QĐ-UBND", 2021, e, KC_TWIN_SIGNATURE, 5},     /* keys remembered from the row kept */
        {"19/QĐ-UBND", 2021, d1, KC_TWIN_NONE, -1},         /* a value is not a document's digest */
        {"20/QĐ-UBND", 2021, NULL, KC_TWIN_NONE, -1},
        {"20/QĐ-UBND", 2021, none, KC_TWIN_NUMBER, 8},     /* no signature value: the number still */
        {NULL, 2021, none, KC_TWIN_NONE, -1},
    };
    enum { N = sizeof rows / sizeof rows[0] };
    kc_register_row r[N];
    kc_twins *t = kc_twins_new();
    memset(r, 0, sizeof r);
    for (size_t i = 0; i < N; i++) {
        const kc_register_row *f = &r[0];
        r[i].number = (char *)rows[i].number;
        r[i].year = rows[i].year;
        r[i].where = (char *)"row";
        assert_int_equal(kc_twins_take(t, &r[i], rows[i].keys, &f), rows[i].twin);
        if (rows[i].first < 0) {
            assert_null(f);
            assert_null(kc_twin_warning(KC_TWIN_NONE, &r[i], "x.pdf", &r[0], NULL));
        } else {
            assert_ptr_equal(f, &r[rows[i].first]);
            char *w = kc_twin_warning(rows[i].twin, &r[i], "x.pdf", f, "y.pdf");
            assert_non_null(strstr(w, "counts as not signed"));
            g_free(w);
        }
    }
    char **keys = kc_twin_keys(NULL);
    assert_non_null(keys);
    assert_null(keys[0]);
    g_strfreev(keys);
    kc_twins_free(t);
    kc_twins_free(NULL);
    (void)state;
}

/* One count of years (kc_years_most) for rows, communes and dossiers. */
static void test_years_most(void **state)
{
    const int some[] = {2021, 0, 2020, 2021, 2022, 2021}, tie[] = {2020, 2021, 0}, none[] = {0, 0};
    size_t best = 9;
    unsigned years = 9;
    assert_int_equal(kc_years_most(some, 6, &best, &years), 2021);
    assert_int_equal(best, 3);
    assert_int_equal(years, 3);
    assert_int_equal(kc_years_most(tie, 3, NULL, &years), -1);
    assert_int_equal(years, 2);
    assert_int_equal(kc_years_most(none, 2, &best, &years), 0);
    assert_int_equal(best, 0);
    assert_int_equal(years, 0);
    assert_int_equal(kc_years_most(NULL, 0, NULL, NULL), 0);
    (void)state;
}

/* The heading's date when poppler's text gives it lines before "Số:"
 * (drawn above the motto): on a line of its own, after a place on the line
 * above, or after a place whose comma is left out, it is the heading's; a
 * law the body cites, within a sentence, is not (review40, rtshown25). */
static void test_first_own_date_on_its_line(void **state)
{
    (void)state;
    GRegex *date = g_regex_new("ngày\\s+[0-9]{1,2}\\s+tháng\\s+[0-9]{1,2}\\s+năm\\s+([0-9]{4})",
                               G_REGEX_CASELESS, 0, NULL);
    static const struct {
        const char *text;
        int year;
    } cases[] = {
        {"Thủy An,\nngày 31 tháng 12 năm 2020\nỦY BAN NHÂN DÂN\nXÃ THỦY AN\n\nSố: 1/BC-UBND\n"
         "Thực hiện Kế hoạch ngày 05 tháng 01 năm 2021 của xã.\n", 2020},
        {"Thủy An ngày 31 tháng 12 năm 2020\nỦY BAN NHÂN DÂN\nXÃ THỦY AN\n\nSố: 1/BC-UBND\n"
         "Thực hiện Kế hoạch ngày 05 tháng 01 năm 2021 của xã.\n", 2020},
        {"ngày 31 tháng 12 năm 2020.\nA\nB\nSố: 1/BC-UBND\nngày 05 tháng 01 năm 2021 x\n", 2020},
        /* the body's laws on a page before the heading: not the heading's */
        {"Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm\n2015; Căn cứ Nghị định số "
         "30/2020/NĐ-CP ngày 05 tháng 3 năm 2020\ncủa Chính phủ.\nA\nB\nSố: 1/BC-UBND\n"
         "Thủy An, ngày 31 tháng 12 năm 2021\n", 2021},
        {"Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020\nA\nB\nSố: 1/BC-UBND\n"
         "Thủy An, ngày 31 tháng 12 năm 2021\n", 2021},
        {"Luật Đất đai ngày 29 tháng 11 năm 2013\nA\nB\nSố: 1/BC-UBND\nThủy An, ngày 31 tháng 12 năm 2021\n",
         2021},
    };
    assert_non_null(date);
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        int year = 0, num = (int)(strstr(cases[i].text, "Số:") - cases[i].text);
        assert_true(kc_register_first_own_date(date, cases[i].text, num, &year) >= 0);
        assert_int_equal(year, cases[i].year);
    }
    g_regex_unref(date);
}

/* (rtshown26, review41) A place and date 200-800 bytes under the number of
 * another year than a cover page's before it: the year is unsure (-1),
 * whether the cover page's date stands far before the number or just above
 * its heading (its last line, the heading's agency and motto between). */
static void test_first_own_date_far_under(void **state)
{
    (void)state;
    GRegex *date = g_regex_new("ngày\\s+[0-9]{1,2}\\s+tháng\\s+[0-9]{1,2}\\s+năm\\s+([0-9]{4})",
                               G_REGEX_CASELESS, 0, NULL);
    const char *vv = "V/v báo cáo tình hình thực hiện\nkế hoạch chuyển đổi số\nvà cải cách hành chính\n"
                     "trên địa bàn xã Thủy An\nvà định hướng nhiệm vụ\nnăm tiếp theo của xã\n"
                     "và các đề xuất kiến nghị\n";
    const char *pad = "Nơi nhận: UBND huyện Phú Vang; Lưu: VT.\nCHỦ TỊCH\nNguyễn Văn An\n"
                      "Bản sao này có giá trị như bản chính theo quy định của pháp luật hiện hành.\n";
    static const struct {
        bool far; /* the cover page's signer and note between its date and the heading */
        const char *own; /* the heading's year */
        int want, year;
    } cases[] = {{true, "2020", -1, 0}, {false, "2020", -1, 0},
                 {false, "2021", 37, 2021}}; /* an honest copy of the same year: read */
    assert_non_null(date);
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *text = g_strconcat("Bản sao y bản chính. Thủy An, ngày 05 tháng 01 năm 2021\n", cases[i].far ? pad : "",
                                 "ỦY BAN NHÂN DÂN\nXÃ THỦY AN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                                 "Độc lập - Tự do - Hạnh phúc\nSố: 90/BC-UBND\n", vv,
                                 "Thủy An, ngày 31 tháng 12 năm ", cases[i].own, "\nBÁO CÁO\n", NULL);
        int year = 0, num = (int)(strstr(text, "Số:") - text);
        int got = kc_register_first_own_date(date, text, num, &year);
        if (got != cases[i].want)
            fail_msg("case %zu: %d (year %d), want %d", i, got, year, cases[i].want);
        assert_int_equal(year, cases[i].year);
        g_free(text);
    }
    g_regex_unref(date);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nfd_uppercase_headers_and_dates),
        cmocka_unit_test(test_warnings_name_lines),
        cmocka_unit_test(test_headings_as_written),
        cmocka_unit_test(test_not_a_register),
        cmocka_unit_test(test_typo_stops),
        cmocka_unit_test(test_dates_every_form),
        cmocka_unit_test(test_rows_as_excel_shows_them),
        cmocka_unit_test(test_find_documents),
        cmocka_unit_test(test_from_documents),
        cmocka_unit_test(test_csv_cells_excel_computes),
        cmocka_unit_test(test_numbers_one_document),
        cmocka_unit_test(test_duplicates_after_undated),
        cmocka_unit_test(test_text_number_dashes),
        cmocka_unit_test(test_twins_one_document),
        cmocka_unit_test(test_years_most),
        cmocka_unit_test(test_first_own_date_on_its_line),
        cmocka_unit_test(test_first_own_date_far_under),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
