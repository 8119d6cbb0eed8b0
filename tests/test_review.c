/* test_review.c: the reviewing authority's table (kiemchung/review.h) through
 * the library, on dossiers built here with kc_ingest and kc_dossier_seal from
 * the samples and the test PKI: a sealed commune whose report claims figures
 * that hold and one that does not, a commune whose documents carry another
 * agency's signatures, a dossier without a register, a broken one, a path
 * that is no dossier, a commune that sent nothing; the JSON the desk lists,
 * the CSV; and the .xlsx writer (xlsx_write.c) read back by the workbook
 * reader (xlsx.h) and by Python's zipfile and minidom. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "test_tmpdir.h"

#include <glib.h>
#include "json_lib.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kiemchung/kiemchung.h"
#include "xlsx.h"
#include "xlsx_write.h"

typedef struct fixture {
    char dir[64];
    const char *root;
    kc_trust *trust;
    kc_verify_opts vo;
} fixture;

static int setup(void **state)
{
    const char *root = getenv("KC_SOURCE_ROOT");
    fixture *f;
    kc_error err = {0};
    char *trustdir;
    int rc;
    if (!root) {
        fprintf(stderr, "KC_SOURCE_ROOT is not set (meson test sets it)\n");
        return -1;
    }
    f = calloc(1, sizeof *f);
    f->root = root;
    strcpy(f->dir, "/tmp/kc-review-XXXXXX");
    trustdir = g_build_filename(f->root, "certs/test/trust", NULL);
    rc = !mkdtemp(f->dir) || kc_trust_new(&f->trust, &err) != 0 || kc_trust_add_path(f->trust, trustdir, &err) != 0;
    g_free(trustdir);
    if (rc) {
        kc_trust_free(f->trust);
        free(f);
        return -1;
    }
    setenv("SOURCE_DATE_EPOCH", "1633046400", 1);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    int rc = kc_test_rmtree(f->dir);
    kc_trust_free(f->trust);
    free(f);
    return rc == 0 ? 0 : -1;
}

static char *at(fixture *f, const char *rel)
{
    return g_build_filename(f->dir, rel, NULL);
}

static void put(fixture *f, const char *rel, const char *data, gssize len)
{
    char *path = at(f, rel), *dir = g_path_get_dirname(path);
    g_mkdir_with_parents(dir, 0755);
    assert_true(g_file_set_contents(path, data, len, NULL));
    g_free(dir);
    g_free(path);
}

/* samples/docs/NAME copied to REL. */
static void copy_sample(fixture *f, const char *name, const char *rel)
{
    char *src = g_build_filename(f->root, "samples/docs", name, NULL), *data = NULL;
    gsize len = 0;
    assert_true(g_file_get_contents(src, &data, &len, NULL));
    put(f, rel, data, (gssize)len);
    g_free(data);
    g_free(src);
}

static const char *const sample_docs[] = {"03-KH-UBND.pdf", "12-QD-UBND.pdf", "15-UBND-VX.pdf", "18-GM-UBND.docx",
                                          "18-GM-UBND.docx.p7s", "21-BC-UBND.pdf", "25-TB-UBND.pdf", "30-QD-UBND.pdf"};

/* A dossier of commune under f->dir/name: tree/ holds "20 Chữ ký số/" with the
 * sample register and documents (when with_register), and report (text) when
 * not NULL; sealed with certs/test/seal_as.pem when not NULL. */
static char *dossier(fixture *f, const char *name, const char *commune, bool with_register, const char *report,
                     const char *seal_as)
{
    char *tree = g_strdup_printf("%s/tree-%s", f->dir, name), *out = at(f, name), *rel;
    kc_dossier_meta meta = {commune, "Phú Vang", "Thừa Thiên Huế", 2021};
    kc_ingest *in = NULL;
    kc_error err = {0};

    for (size_t i = 0; i < G_N_ELEMENTS(sample_docs); i++) {
        rel = g_strdup_printf("tree-%s/20 Chữ ký số/docs/%s", name, sample_docs[i]);
        copy_sample(f, sample_docs[i], rel);
        g_free(rel);
    }
    if (with_register) {
        char *csv = g_build_filename(f->root, "samples/so-van-ban-di-2021.csv", NULL), *data = NULL;
        gsize len = 0;
        assert_true(g_file_get_contents(csv, &data, &len, NULL));
        rel = g_strdup_printf("tree-%s/20 Chữ ký số/so-di.csv", name);
        put(f, rel, data, (gssize)len);
        g_free(rel);
        g_free(data);
        g_free(csv);
    }
    assert_int_equal(kc_ingest_new(&in, NULL, &err), 0);
    assert_int_equal(kc_ingest_set_meta(in, &meta, &err), 0);
    if (report) {
        rel = g_strdup_printf("report-%s.txt", name);
        put(f, rel, report, -1);
        char *path = at(f, rel);
        if (kc_ingest_use_report(in, path, &err) != 0)
            fail_msg("%s", err.message);
        g_free(path);
        g_free(rel);
    }
    assert_int_equal(kc_ingest_add_tree(in, tree, &err), 0);
    if (kc_ingest_write(in, out, NULL, &err) != 0)
        fail_msg("%s", err.message);
    kc_ingest_free(in);
    if (seal_as) {
        char *cert = g_strdup_printf("%s/certs/test/%s.pem", f->root, seal_as);
        char *key = g_strdup_printf("%s/certs/test/%s.key", f->root, seal_as);
        char *ca = g_strdup_printf("%s/certs/test/ca.pem", f->root);
        kc_seal_opts so = {.cert = cert, .key = key, .chain = ca, .trust = f->trust};
        if (kc_dossier_seal(out, &so, &err) != 0)
            fail_msg("%s", err.message);
        g_free(cert);
        g_free(key);
        g_free(ca);
    }
    g_free(tree);
    return out;
}

static kc_review *review(fixture *f, bool allow_unsealed)
{
    kc_review *r = NULL;
    kc_error err = {0};
    kc_review_opts o = {.trust = f->trust, .verify = &f->vo, .allow_unsealed = allow_unsealed};
    assert_int_equal(kc_review_new(&r, &o, &err), 0);
    return r;
}

static const kc_review_row *add(kc_review *r, const char *path)
{
    kc_error err = {0};
    assert_int_equal(kc_review_add_dossier(r, path, &err), 0);
    return kc_review_get(r, kc_review_count(r) - 1);
}

static const kc_review_doc *doc(const kc_review_row *row, const char *number)
{
    for (size_t i = 0; i < row->ndocs; i++)
        if (g_strcmp0(row->docs[i].row->number, number) == 0)
            return &row->docs[i];
    fail_msg("no document %s", number);
    return NULL;
}

static void assert_ratio(const kc_review_row *row, int criterion, size_t num, size_t den)
{
    kc_ratio q = kc_totals_criterion(&row->totals, criterion);
    if (q.numerator != num || q.denominator != den)
        fail_msg("criterion %d: %zu/%zu, wanted %zu/%zu", criterion, q.numerator, q.denominator, num, den);
}

/* The report's rows for 20-22: a ratio and percentage that hold, a bound that
 * holds, a 100% that does not. */
static const char report_claims[] =
    "<b>BÁO CÁO SỐ LIỆU, TÀI LIỆU KIỂM CHỨNG</b>\n"
    "STT\tTIÊU CHÍ\tĐơn vị chủ trì thực hiện\tNội dung thực hiện\n"
    "20\tTỷ lệ UBND cấp xã sử dụng chữ ký số\tUBND xã\t5/7 văn bản đi được ký số, đạt 71,4%\n"
    "21\tTỷ lệ Lãnh đạo cấp xã sử dụng chữ ký số\tUBND xã\tTrên 40% văn bản đi do lãnh đạo ký số\n"
    "22\tTỷ lệ văn bản gửi UBND cấp huyện được ký số\tUBND xã\t100% văn bản gửi huyện được ký số\n";

/* ---- one commune ------------------------------------------------------------------ */

static void test_sealed_commune(void **state)
{
    fixture *f = *state;
    char *path = dossier(f, "an.zip", "Thủy An", true, report_claims, "org");
    kc_review *r = review(f, false);
    const kc_review_row *row = add(r, path);

    assert_null(row->error);
    assert_string_equal(row->commune, "Thủy An");
    assert_int_equal(row->year, 2021);
    assert_string_equal(row->seal, "valid");
    assert_int_equal(row->problems, 0);
    assert_true(row->computed);
    assert_string_equal(row->register_entry, "data/so-di.csv");
    assert_int_equal(row->ndocs, 7);
    assert_ratio(row, 20, 5, 7);
    assert_ratio(row, 21, 3, 7);
    assert_ratio(row, 22, 4, 6);
    assert_int_equal(row->totals.other_agency, 0);
    /* The figures the report claims, judged against the register. */
    assert_string_equal(row->claims[0].text, "5/7");
    assert_int_equal(row->claims[0].holds, 1);
    assert_int_equal(row->claims[1].holds, 1);
    assert_int_equal(row->claims[2].holds, 0);
    assert_true(row->claims[2].percent == 100.0);
    /* Documents: found by their names in data/, the detached signature too. */
    assert_string_equal(doc(row, "12/QĐ-UBND")->entry, "data/12-QD-UBND.pdf");
    assert_true(doc(row, "12/QĐ-UBND")->counted && doc(row, "12/QĐ-UBND")->leader);
    assert_string_equal(doc(row, "18/GM-UBND")->status, "valid");
    assert_string_equal(doc(row, "21/BC-UBND")->status, "unsigned");
    assert_string_equal(doc(row, "25/TB-UBND")->status, "invalid");
    assert_string_equal(doc(row, "25/TB-UBND")->problem, "modified-after-signing");
    assert_false(doc(row, "30/QĐ-UBND")->to_authority);
    assert_non_null(row->lint);
    assert_false(row->ok); /* two documents are not signed */
    for (size_t s = 0; s < kc_verdict_count(doc(row, "12/QĐ-UBND")->verdict); s++)
        assert_true(kc_review_own_signature(row, kc_verdict_sig(doc(row, "12/QĐ-UBND")->verdict, s)));
    kc_review_free(r);
    g_free(path);
}

static void test_other_agency(void **state)
{
    fixture *f = *state;
    /* Thủy Thanh's register, Thủy An's signatures: none counts. */
    char *path = dossier(f, "thanh.zip", "Thủy Thanh", true, NULL, NULL);
    kc_review *r = review(f, true), *strict = review(f, false);
    const kc_review_row *row = add(r, path), *sealed = add(strict, path);

    assert_string_equal(row->seal, "none");
    assert_int_equal(row->problems, 0); /* allowed unsealed */
    assert_int_equal(sealed->problems, 1); /* --require-seal: "unsealed" */
    assert_ratio(row, 20, 0, 7);
    assert_ratio(row, 21, 0, 7);
    assert_int_equal(row->totals.other_agency, 5);
    assert_string_equal(doc(row, "12/QĐ-UBND")->status, "other-agency");
    assert_string_equal(doc(row, "12/QĐ-UBND")->problem, "signed-by-another-agency");
    assert_non_null(strstr(doc(row, "12/QĐ-UBND")->signers, "another agency"));
    assert_false(doc(row, "12/QĐ-UBND")->leader);
    assert_false(kc_review_own_signature(row, kc_verdict_sig(doc(row, "03/KH-UBND")->verdict, 0)));
    assert_null(row->lint);
    assert_null(row->claims[0].text);
    assert_int_equal(row->claims[0].holds, -1);
    kc_review_sums s;
    kc_review_sum(r, &s);
    assert_int_equal(s.totals.other_agency, 5);
    assert_int_equal(s.counted, 1);
    assert_int_equal(s.totals.signed_docs, 0);
    kc_review_free(r);
    kc_review_free(strict);
    g_free(path);
}

static void test_no_register_and_broken(void **state)
{
    fixture *f = *state;
    char *plain = dossier(f, "plain.zip", "Thủy An", false, NULL, NULL);
    char *sealed = dossier(f, "sealed.zip", "Thủy An", true, NULL, "org");
    char *broken = at(f, "broken.zip"), *data = NULL, *where;
    gsize len = 0;
    kc_review *r = review(f, true);

    const kc_review_row *row = add(r, plain);
    assert_false(row->computed);
    assert_int_equal(row->ndocs, 0);
    assert_true(row->nwarnings >= 1);
    assert_non_null(strstr(row->warnings[row->nwarnings - 1], "no outgoing register"));
    assert_false(row->ok);

    /* One byte of a stored, signed document changed: the check finds it, the
     * document no longer counts and the seal breaks. */
    assert_true(g_file_get_contents(sealed, &data, &len, NULL));
    where = memmem(data, len, "data/30-QD-UBND.pdf", 19);
    assert_non_null(where);
    where = memmem(where + 19, len - (gsize)(where + 19 - data), "%PDF", 4);
    assert_non_null(where);
    where[600] ^= 0x20;
    assert_true(g_file_set_contents(broken, data, (gssize)len, NULL));
    row = add(r, broken);
    assert_true(row->problems > 0);
    assert_string_equal(row->seal, "invalid");
    assert_string_equal(doc(row, "30/QĐ-UBND")->status, "error");
    assert_false(doc(row, "30/QĐ-UBND")->counted);
    assert_ratio(row, 20, 4, 7);

    /* A path that is no file at all is a row saying why. */
    row = add(r, "/nonexistent/ho-so.zip");
    assert_non_null(row->error);
    assert_string_equal(row->commune, "ho-so");
    assert_int_equal(kc_review_errors(r), 1);

    /* Dossiers the caller keeps under other names (the desk's store): the
     * row says the name, never the file's path, even in its messages. */
    kc_error e2 = {0};
    char *notzip = at(f, "blobs/3f/9a0c"), *json;
    put(f, "blobs/3f/9a0c", "not a zip", -1);
    assert_int_equal(kc_review_add_dossier_as(r, notzip, "Thủy Vân 2021.zip", &e2), 0);
    row = kc_review_get(r, kc_review_count(r) - 1);
    assert_string_equal(row->dossier, "Thủy Vân 2021.zip");
    assert_string_equal(row->commune, "Thủy Vân 2021");
    assert_false(row->ok);
    json = kc_review_row_to_json(row);
    assert_null(strstr(json, f->dir));
    free(json);
    assert_int_equal(kc_review_add_dossier_as(r, broken, "an.zip", &e2), 0);
    json = kc_review_row_to_json(kc_review_get(r, kc_review_count(r) - 1));
    assert_null(strstr(json, f->dir));
    assert_non_null(strstr(json, "\"dossier\":\"an.zip\""));
    free(json);
    g_free(notzip);
    kc_review *named = review(f, true);
    assert_int_equal(kc_review_add_dossier_as(named, "/nonexistent/ho-so.zip", "gửi qua thư.zip", &e2), 0);
    row = kc_review_get(named, 0);
    assert_non_null(row->error);
    assert_null(strstr(row->error, "/nonexistent"));
    assert_string_equal(row->commune, "gửi qua thư");
    assert_null(kc_review_sigs(row)); /* nothing checked, nothing verified */
    kc_review_free(named);
    /* the check and the verdicts behind a row, for the desk's worker */
    row = kc_review_get(r, 0);
    assert_non_null(kc_review_sigs(row));
    assert_ptr_equal(kc_dossier_sigs_check(kc_review_sigs(row)), row->check);

    /* The district's line: only the broken dossier's register counts, and
     * once (added again as an.zip, it is one commune's dossier of one year:
     * rtnum17); a commune that sent nothing is a row, never ok. */
    kc_error err = {0};
    kc_review_sums s;
    assert_int_equal(kc_review_add_missing(r, "Thủy Vân", 2021, &err), 0);
    assert_null(kc_review_sigs(kc_review_get(r, kc_review_count(r) - 1)));
    kc_review_sum(r, &s);
    assert_int_equal(s.rows, 6);
    assert_int_equal(s.counted, 1);
    assert_int_equal(s.ok, 0);
    assert_int_equal(s.all_signed, 0);
    assert_int_equal(s.totals.documents, 7);
    assert_int_equal(s.totals.signed_docs, 4);
    assert_int_equal(s.again, 1);
    assert_int_equal(s.year, 0);
    assert_string_equal(s.first_again->dossier, "an.zip");
    char *note = kc_review_sums_note(&s);
    assert_non_null(strstr(note, "1 dossier is of a commune and year the total adds up already, and is not added again (an.zip, as "));
    g_free(note);
    g_free(data);
    g_free(plain);
    g_free(sealed);
    g_free(broken);
    kc_review_free(r);
}

/* ---- the table: JSON and CSV --------------------------------------------------------- */

static JsonObject *parse(JsonParser *p, const char *json)
{
    assert_true(json_parser_load_from_data(p, json, -1, NULL));
    return json_node_get_object(json_parser_get_root(p));
}

static void test_json_and_csv(void **state)
{
    fixture *f = *state;
    char *path = dossier(f, "an.zip", "Thủy An", true, report_claims, "org");
    kc_review *r = review(f, false);
    kc_error err = {0};
    JsonParser *p = json_parser_new();

    add(r, path);
    assert_int_equal(kc_review_add_missing(r, "Thủy Bằng", 2021, &err), 0);
    kc_review_set_submission(r, 0, 42);

    char *row_json = kc_review_row_to_json(kc_review_get(r, 0));
    JsonObject *o = parse(p, row_json);
    assert_string_equal(json_object_get_string_member(o, "commune"), "Thủy An");
    assert_int_equal(json_object_get_int_member(o, "submission"), 42);
    assert_string_equal(json_object_get_string_member(json_object_get_object_member(o, "seal"), "status"), "valid");
    JsonObject *c20 = json_object_get_object_member(json_object_get_object_member(o, "criteria"), "20");
    assert_int_equal(json_object_get_int_member(c20, "numerator"), 5);
    assert_string_equal(json_object_get_string_member(c20, "text"), "71,4%");
    assert_string_equal(json_object_get_string_member(c20, "claimed"), "5/7");
    assert_true(json_object_get_boolean_member(c20, "claim_holds"));
    assert_int_equal(json_array_get_length(json_object_get_array_member(o, "rows")), 7);
    assert_true(json_object_get_boolean_member(json_object_get_object_member(o, "check"), "ok"));
    free(row_json);

    char *all = kc_review_to_json(r);
    o = parse(p, all);
    JsonArray *communes = json_object_get_array_member(o, "communes");
    assert_int_equal(json_array_get_length(communes), 2);
    JsonObject *missing = json_array_get_object_element(communes, 1);
    assert_true(json_object_get_null_member(missing, "submission"));
    assert_true(json_object_get_null_member(missing, "check"));
    assert_true(json_object_get_null_member(json_object_get_object_member(
        json_object_get_object_member(missing, "criteria"), "21"), "numerator"));
    assert_int_equal(json_object_get_int_member(o, "communes_counted"), 1);
    assert_int_equal(json_object_get_int_member(json_object_get_object_member(o, "totals"), "documents"), 7);
    free(all);

    char *csv = kc_review_to_csv(r, ';');
    assert_memory_equal(csv, "\xEF\xBB\xBF" "Commune;Year;", 16);
    assert_non_null(strstr(csv, "\r\nThủy An;2021;an.zip;ok;valid;"));
    assert_non_null(strstr(csv, ";71.4%;5/7;42.9%;")); /* the language of the messages: English here */
    assert_non_null(strstr(csv, "\r\nThủy Bằng;2021;;not submitted;;"));
    free(csv);
    kc_json_unref(p);
    kc_review_free(r);
    g_free(path);
}

/* ---- the .xlsx writer ------------------------------------------------------------------ */

/* Every part of the package parses with Python's zipfile and minidom, the
 * reading the brief asks any consumer to manage; skipped without Python. */
static void python_parses(const char *xlsx)
{
    char *cmd = g_strdup_printf("python3 -c 'import sys, zipfile, xml.dom.minidom as m; z = zipfile.ZipFile(sys.argv[1]); "
                                "assert z.testzip() is None; [m.parseString(z.read(n)) for n in z.namelist()]' '%s'",
                                xlsx);
    int rc = system("python3 -c '' 2>/dev/null") == 0 ? system(cmd) : 0;
    g_free(cmd);
    assert_int_equal(rc, 0);
}

static void next_row(kc_xlsx *x, char ***fields, size_t *n, size_t want_row)
{
    size_t row = 0;
    kc_error err = {0};
    if (kc_xlsx_next(x, fields, n, &row, &err) != 1)
        fail_msg("no row %zu: %s", want_row, err.message);
    assert_int_equal(row, want_row);
}

static void test_xlsx_round_trip(void **state)
{
    fixture *f = *state;
    char *path = at(f, "t.xlsx"), **fields = NULL;
    size_t n = 0;
    kc_xlsx *x = NULL;
    kc_error err = {0};
    kc_xlsw *w = kc_xlsw_new("Năm 2021: [tổng]/hợp*");

    kc_xlsw_row(w);
    kc_xlsw_header(w, "Xã");
    kc_xlsw_header(w, "Tỷ lệ");
    kc_xlsw_header(w, "Ghi chú");
    kc_xlsw_row(w);
    kc_xlsw_text(w, "A & B <c> \"d\"");
    kc_xlsw_percent(w, 0.714);
    kc_xlsw_text(w, "tab\there, bell\a, _x0041_ as text");
    kc_xlsw_row(w);
    kc_xlsw_text(w, "  spaces kept  ");
    kc_xlsw_blank(w);
    kc_xlsw_number(w, 12);
    kc_xlsw_row(w);
    kc_xlsw_text(w, "A & B <c> \"d\""); /* a shared string used twice */
    kc_xlsw_number(w, 2.5);
    kc_xlsw_end_table(w);
    kc_xlsw_row(w);
    kc_xlsw_text(w, "tổng");
    if (kc_xlsw_write(w, path, &err) != 0)
        fail_msg("%s", err.message);
    kc_xlsw_free(w);

    python_parses(path);
    /* Read back as a register is read: the sheet by its cleaned name. */
    if (kc_xlsx_open(&x, path, "Năm 2021   tổng  hợp", &err) != 0)
        fail_msg("%s", err.message);
    next_row(x, &fields, &n, 1);
    assert_int_equal(n, 3);
    assert_string_equal(fields[0], "Xã");
    assert_string_equal(fields[2], "Ghi chú");
    next_row(x, &fields, &n, 2);
    assert_string_equal(fields[0], "A & B <c> \"d\"");
    assert_string_equal(fields[1], "0.714");
    assert_string_equal(fields[2], "tab\there, bell , _x0041_ as text"); /* a control character reads as a space */
    next_row(x, &fields, &n, 3);
    assert_string_equal(fields[0], "  spaces kept  ");
    assert_string_equal(fields[1], "");
    assert_string_equal(fields[2], "12");
    next_row(x, &fields, &n, 4);
    assert_string_equal(fields[0], "A & B <c> \"d\"");
    assert_string_equal(fields[1], "2.5");
    next_row(x, &fields, &n, 5); /* after the table */
    assert_string_equal(fields[0], "tổng");
    kc_xlsx_free(x);
    g_free(path);
}

static void test_review_xlsx(void **state)
{
    fixture *f = *state;
    char *path = dossier(f, "an.zip", "Thủy An", true, report_claims, "org");
    char *xlsx = at(f, "review.xlsx"), **fields = NULL, *bytes = NULL, *again = NULL;
    size_t n = 0;
    gsize len = 0, len2 = 0;
    kc_xlsx *x = NULL;
    kc_error err = {0};
    kc_review *r = review(f, false);

    add(r, path);
    assert_int_equal(kc_review_write_xlsx(r, xlsx, &err), 0);
    python_parses(xlsx);
    /* The same table, the same bytes (SOURCE_DATE_EPOCH). */
    assert_true(g_file_get_contents(xlsx, &bytes, &len, NULL));
    assert_int_equal(kc_review_write_xlsx(r, xlsx, &err), 0);
    assert_true(g_file_get_contents(xlsx, &again, &len2, NULL));
    assert_true(len == len2 && memcmp(bytes, again, len) == 0);
    if (kc_xlsx_open(&x, xlsx, NULL, &err) != 0)
        fail_msg("%s", err.message);
    next_row(x, &fields, &n, 1);
    assert_int_equal(n, 17);
    assert_string_equal(fields[0], "Commune");
    assert_string_equal(fields[7], "Criterion 20 (register)");
    next_row(x, &fields, &n, 2);
    assert_string_equal(fields[0], "Thủy An");
    assert_string_equal(fields[1], "2021");
    assert_string_equal(fields[3], "ok");
    assert_string_equal(fields[6], "7");
    assert_string_equal(fields[7], "0.714");   /* 71,4%: a percentage, as the report rounds */
    assert_string_equal(fields[8], "0.714285714285714"); /* the claim 5/7 as a fraction */
    assert_string_equal(fields[11], "0.667");
    assert_string_equal(fields[12], "1");      /* the claim 100% */
    assert_string_equal(fields[15], "to review");
    kc_xlsx_free(x);
    g_free(bytes);
    g_free(again);
    g_free(xlsx);
    g_free(path);
    kc_review_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sealed_commune, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_agency, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_register_and_broken, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_and_csv, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xlsx_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_review_xlsx, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
