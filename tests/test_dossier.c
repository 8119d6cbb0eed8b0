/* test_dossier.c: the dossier model and its life cycle through the library:
 * criterion keys and payload names, building from folders, storing identical
 * files once, reading back, checking (changed, missing, extra), updating,
 * sealing, and refusing a damaged dossier. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "test_tmpdir.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <zip.h>

#include "dossier_model.h"
#include "kiemchung/kiemchung.h"

typedef struct fixture {
    char dir[64];
    GString *notices;
    kc_dossier_events ev;
} fixture;

static void on_notice(void *ud, const char *msg)
{
    g_string_append_printf(ud, "%s\n", msg);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/kc-dossier-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    f->notices = g_string_new(NULL);
    f->ev = (kc_dossier_events){NULL, on_notice, f->notices};
    setenv("SOURCE_DATE_EPOCH", "1633046400", 1);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    int rc = kc_test_rmtree(f->dir);
    g_string_free(f->notices, TRUE);
    free(f);
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

/* A folder: 01 and 02 cite the same contract under two names, 20 has a
 * note; a loose file is filed nowhere. */
static char *make_tree(fixture *f)
{
    g_free(put(f, "src/01 Camera/HĐ 003.pdf", "%PDF-1.4 contract 003\n"));
    g_free(put(f, "src/02 Màn hình/Hợp đồng.pdf", "%PDF-1.4 contract 003\n"));
    g_free(put(f, "src/02 Màn hình/khác.pdf", "%PDF-1.4 contract 004\n")); /* same size, other bytes */
    g_free(put(f, "src/20 Chữ ký số/ghi chú.txt", "100% ký số\n"));
    g_free(put(f, "src/rời.txt", "loose\n"));
    return g_build_filename(f->dir, "src", NULL);
}

static char *build(fixture *f, const char *name)
{
    kc_ingest *in = NULL;
    kc_error err = {0};
    char *tree = make_tree(f), *out = g_build_filename(f->dir, name, NULL);
    kc_dossier_meta meta = {"Thủy An", "Phú Vang", "Thừa Thiên Huế", 2021};
    assert_int_equal(kc_ingest_new(&in, &f->ev, &err), 0);
    assert_int_equal(kc_ingest_set_meta(in, &meta, &err), 0);
    assert_int_equal(kc_ingest_add_tree(in, tree, &err), 0);
    if (kc_ingest_write(in, out, NULL, &err) != 0)
        fail_msg("%s", err.message);
    kc_ingest_free(in);
    g_free(tree);
    return out;
}

static kc_check *check(const char *path)
{
    kc_check *c = NULL;
    kc_error err = {0};
    assert_int_equal(kc_dossier_check(&c, path, NULL, NULL, &err), 0);
    return c;
}

static bool has_problem(const kc_check *c, const char *path, const char *code)
{
    for (size_t i = 0; i < kc_check_problem_count(c); i++)
        if (strcmp(kc_check_problem(c, i)->code, code) == 0 && strcmp(kc_check_problem(c, i)->path, path) == 0)
            return true;
    return false;
}

/* One finding per file: the manifests, dossier.json and the seal agree on one line. */
static size_t problems_of(const kc_check *c, const char *path)
{
    size_t n = 0;
    for (size_t i = 0; i < kc_check_problem_count(c); i++)
        n += strcmp(kc_check_problem(c, i)->path, path) == 0;
    return n;
}

static const char *message_of(const kc_check *c, const char *path)
{
    for (size_t i = 0; i < kc_check_problem_count(c); i++)
        if (strcmp(kc_check_problem(c, i)->path, path) == 0)
            return kc_check_problem(c, i)->message;
    return "";
}

/* ---- the model ------------------------------------------------------------------ */

static void test_keys(void **state)
{
    static const char *const cases[][2] = {{"01 Camera", "1"}, {"20", "20"}, {"5.01 Máy", "5.1"},
                                           {"007", "7"}, {"0", "0"}, {" 12-x", "12"}};
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *k = kc_dm_key(cases[i][0]);
        assert_string_equal(k, cases[i][1]);
        free(k);
    }
    assert_null(kc_dm_key("Khác"));
    assert_null(kc_dm_key(""));
}

static void test_payload_names(void **state)
{
    kc_dossier *d = NULL;
    size_t i;
    assert_int_equal(kc_dm_new(&d, NULL), 0);
    static const char *const cases[][2] = {
        {"Hợp đồng: số 3?.pdf", "data/Hợp đồng_ số 3_.pdf"},
        {"CON.txt", "data/_CON.txt"},
        {"com1", "data/_com1"},
        {"COM\xc2\xb9.pdf", "data/_COM\xc2\xb9.pdf"}, /* superscript 1: a serial port too */
        {"NUL .txt", "data/_NUL .txt"},
        {"conin$.txt", "data/_conin$.txt"},
        {"Quye\xcc\x82\xcc\x81t định.pdf", "data/Quyết định.pdf"}, /* NFD in, NFC out */
        {"trailing. . ", "data/trailing"},
        {"a.pdf", "data/a.pdf"},
        {"a.pdf", "data/a (2).pdf"},
        {"A.PDF", "data/A (3).PDF"}, /* differs only in case: distinct on Windows too */
        /* names that show a person another name (names.c) */
        {"Hoá đơn.pdf.lnk", "data/Hoá đơn.pdf.lnk_"},        /* Explorer hides .lnk */
        {"Tin bài.URL", "data/Tin bài.URL_"},
        {"Hoá đơn.pdf.exe", "data/Hoá đơn.pdf.exe_"},        /* Explorer hides .exe by default */
        {"Hoá đơn.pdf.chm", "data/Hoá đơn.pdf.chm_"},        /* compiled HTML Help, its scripts run */
        {"Báo cáo.xlsx.xll", "data/Báo cáo.xlsx.xll_"},      /* an Excel add-in: a DLL Excel loads */
        {"Hoá đơn.pdf.docm", "data/Hoá đơn.pdf.docm_"},      /* rtzip4: Word runs its macros */
        {"Hoá đơn.pdf.iso", "data/Hoá đơn.pdf.iso_"},        /* Explorer mounts the image */
        {"Sổ đi.pdf.xlsb", "data/Sổ đi.pdf.xlsb_"},          /* a binary workbook holds VBA too */
        {"Hoá đơn.pdf.dot", "data/Hoá đơn.pdf.dot_"},        /* an Office 97 template, its macros */
        {"Hoá đơn.pdf.html", "data/Hoá đơn.pdf.html_"},      /* a page, its scripts run */
        {"Cổng DVC.html", "data/Cổng DVC.html"},             /* a page not dressed as another document */
        {"Hoá đơn.pdf.xlsb", "data/Hoá đơn.pdf.xlsb_"},      /* rtnew4: a binary workbook's VBA */
        {"Hoá đơn.pdf.SLK", "data/Hoá đơn.pdf.SLK_"},        /* SYLK: Excel runs its DDE command */
        {"Hoá đơn.pdf.search-ms", "data/Hoá đơn.pdf.search-ms_"}, /* a remote folder shown as local */
        {"Sổ đăng ký.xlsb", "data/Sổ đăng ký.xlsb"},         /* a workbook not dressed as another document */
        {"Hoá đơn.PDF   .scr", "data/Hoá đơn.PDF   .scr_"},
        {"Biên lai\xe2\x80\xa4pdf.exe", "data/Biên lai\xe2\x80\xa4pdf.exe_"}, /* rtnew5: U+2024 one dot leader */
        {"Phiếu thu\xef\xbc\x8epdf.exe", "data/Phiếu thu\xef\xbc\x8epdf.exe_"}, /* U+FF0E, a wide full stop */
        {"Giấy mời.pdf\xc2\xa0.exe", "data/Giấy mời.pdf .exe_"}, /* a no-break space (a space once ingested) */
        {"Biên lai\xdc\x82pdf.exe", "data/Biên lai\xdc\x82pdf.exe_"}, /* rtnew6b: U+0702, NFKC keeps it */
        {"Phiếu thu\xea\x93\xb8pdf.exe", "data/Phiếu thu\xea\x93\xb8pdf.exe_"}, /* U+A4F8 Lisu tone mya ti */
        {"Giấy mời\xc2\xb7pdf.scr", "data/Giấy mời\xc2\xb7pdf.scr_"}, /* U+00B7 middle dot */
        {"Hoá đơn.pdf.accdb", "data/Hoá đơn.pdf.accdb_"},    /* Access runs its AutoExec macro */
        {"Hoá đơn.pdf.rdp", "data/Hoá đơn.pdf.rdp_"},        /* connects, sharing the clerk's drives */
        {"cài đặt.exe", "data/cài đặt.exe"},                 /* a program, not dressed as a document */
        {"Hoá đơn \xe2\x80\xae" "fdp.exe", "data/Hoá đơn fdp.exe"}, /* U+202E dropped */
        {"HOAON~1.PDF", "data/HOAON-1.PDF"},                /* a Windows short name */
        {"Báo cáo~1 năm.pdf", "data/Báo cáo~1 năm.pdf"},     /* not one */
        {"Hoá đơn.pdf", "data/Hoá đơn.pdf"},
        {"Hóa đơn.pdf", "data/Hóa đơn (2).pdf"},             /* the tone mark elsewhere */
        {"Hoá\xe2\x80\x8b đơn.pdf", "data/Hoá đơn (3).pdf"},    /* U+200B */
        {"H\xd0\xbe\xc3\xa1 đơn.pdf", "data/Hoá đơn (4).pdf"},  /* a Cyrillic o, made Latin */
        {"\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0.pdf", "data/\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0.pdf"}, /* all Cyrillic: kept */
        {"Hoa\xc2\xa0đơn.pdf", "data/Hoa đơn.pdf"},          /* a no-break space */
    };
    for (size_t k = 0; k < G_N_ELEMENTS(cases); k++) {
        assert_int_equal(kc_dm_file_add(d, &i, cases[k][0], "/nowhere", 1), 0);
        assert_string_equal(KC_DM_FILE(d, i).pub.path, cases[k][1]);
    }
    GString *longname = g_string_new(NULL);
    for (int k = 0; k < 100; k++)
        g_string_append(longname, "đ");
    g_string_append(longname, ".pdf");
    assert_int_equal(kc_dm_file_add(d, &i, longname->str, "/nowhere", 1), 0);
    assert_true(strlen(KC_DM_FILE(d, i).pub.path) <= 5 + 180);
    assert_true(g_str_has_suffix(KC_DM_FILE(d, i).pub.path, "đ.pdf"));
    assert_true(g_utf8_validate(KC_DM_FILE(d, i).pub.path, -1, NULL));
    g_string_free(longname, TRUE);
    bool deflate;
    assert_string_equal(kc_dm_media_type("x.PDF", &deflate), "application/pdf");
    assert_false(deflate);
    assert_string_equal(kc_dm_media_type("x.csv", &deflate), "text/csv");
    assert_true(deflate);
    kc_dossier_free(d);
}

static void test_bag_paths(void **state)
{
    char *e = kc_bag_encode_path("data/100%\r\nx");
    assert_string_equal(e, "data/100%25%0D%0Ax");
    char *back = kc_bag_decode_path(e);
    assert_string_equal(back, "data/100%\r\nx");
    free(e);
    free(back);
}

static void test_json_rejects_what_is_not_a_dossier(void **state)
{
    static const char *const bad[] = {
        "not json", "[]", "{\"format\":\"other\"}",
        "{\"format\":\"kiemchung-dossier\",\"criteria\":[],\"files\":[{\"path\":\"../x\",\"sha256\":\"00\"}]}",
        "{\"format\":\"kiemchung-dossier\",\"files\":[],\"criteria\":[{\"key\":\"1\",\"evidence\":[{\"file\":\"data/x\"}]}]}",
        "{\"format\":\"kiemchung-dossier\",\"format_version\":99,\"files\":[],\"criteria\":[]}",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        kc_dossier *d = NULL;
        kc_error err = {0};
        assert_int_equal(kc_dm_new(&d, NULL), 0);
        assert_int_equal(kc_dm_from_json(d, bad[i], strlen(bad[i]), &err), KC_EFORMAT);
        assert_true(err.message[0] != '\0');
        kc_dossier_free(d);
    }
}

/* rtzip8: a lone UTF-16 surrogate escape is no Unicode character: Python's
 * json keeps it, json-glib drops the character after it (a claim read two
 * ways), so dossier.json is refused, naming it; a pair is one character to
 * every reader and is read. */
/* The free space extract compares with the files: root may take the blocks
 * ext4 keeps for it (f_bfree), anyone else only f_bavail (lead43: as root on
 * a disk whose free space was those blocks alone, a dossier was refused). */
static void test_free_bytes_for_root(void **state)
{
    (void)state;
    struct statvfs v = {0};
    v.f_frsize = 4096;
    v.f_bfree = 1000;
    v.f_bavail = 0;
    assert_int_equal(kc_extract_free_bytes(&v, false), 0);
    assert_int_equal(kc_extract_free_bytes(&v, true), 4096000);
    v.f_bavail = 950;
    assert_int_equal(kc_extract_free_bytes(&v, false), 3891200);
}

/* rtzip, session 44: a FAT32 disk (msdos or vfat, statfs's 0x4d44) holds no
 * file over 4 GiB - 1, which extract says before the first byte; exFAT
 * (0x2011bab0), ext4 (0xef53), NTFS (ntfs3 0x7366746e) and tmpfs hold any.
 * No FAT32 disk is mounted in the tests (no loop device in their container). */
static void test_file_max_fat(void **state)
{
    (void)state;
    assert_true(kc_extract_file_max(0x4d44) == 0xffffffffu);
    assert_true(kc_extract_file_max(0x2011bab0) == UINT64_MAX);
    assert_true(kc_extract_file_max(0xef53) == UINT64_MAX);
    assert_true(kc_extract_file_max(0x7366746e) == UINT64_MAX);
    assert_true(kc_extract_file_max(0x01021994) == UINT64_MAX);
    /* ingest's dossier on a disk that is no FAT32 one: any size is let be */
    kc_error err = {0};
    assert_int_equal(kc_ingest_room("/tmp/no-such-dossier.zip", UINT64_MAX, &err), 0);
}

static void test_json_lone_surrogate(void **state)
{
    static const char *const lone[] = {
        "\\udc009/HĐ",      /* a low surrogate alone */
        "003\\ud83d9/HĐ",   /* a high one followed by a character */
        "003\\ud83d",       /* a high one at the end of the text */
        "\\ud83d\\u0041",   /* a high one followed by another escape */
        "\\udcc4\\ud83d",   /* a pair in the wrong order */
        "\\uD83D\\uD83D",   /* two high ones, capital digits */
    };
    (void)state;
    for (size_t i = 0; i < G_N_ELEMENTS(lone); i++) {
        char *json = g_strdup_printf("{\"format\":\"kiemchung-dossier\",\"commune\":\"Thủy An\",\"criteria\":[{"
                                     "\"key\":\"1\",\"claimed\":\"%s\"}],\"files\":[]}",
                                     lone[i]);
        kc_dossier *d = NULL;
        kc_error err = {0};
        assert_int_equal(kc_dm_new(&d, NULL), 0);
        assert_int_equal(kc_dm_from_json(d, json, strlen(json), &err), KC_EFORMAT);
        assert_non_null(strstr(err.message, "UTF-16 surrogate"));
        kc_dossier_free(d);
        g_free(json);
    }
    static const char pair[] = "{\"format\":\"kiemchung-dossier\",\"commune\":\"Th\\u1ee7y An \\ud83d\\udcc4\","
                               "\"criteria\":[],\"files\":[]}";
    kc_dossier *d = NULL;
    kc_error err = {0};
    assert_int_equal(kc_dm_new(&d, NULL), 0);
    assert_int_equal(kc_dm_from_json(d, pair, strlen(pair), &err), 0);
    kc_dossier_free(d);
}

/* rtzip18 after reading: the code-page keys of the files read from
 * dossier.json are made only when a file is first added (issue 16), from
 * every file filed by then, and kept after; a name Windows 7 Explorer would
 * write over a stored file's gets another, before and after. */
static void test_dos_names_after_reading(void **state)
{
    kc_dossier *d = NULL;
    size_t i;
    (void)state;
    assert_int_equal(kc_dm_new(&d, NULL), 0);
    assert_int_equal(kc_dm_file_add_stored(d, &i, "data/Hoá đơn.pdf", NULL, 1, NULL), 0);
    assert_int_equal(kc_dm_file_add_stored(d, &i, "data/HỌP.pdf", NULL, 1, NULL), 0);
    /* đ and Ē one letter but for case in 437; Ọ and Ờ in 1258 */
    assert_int_equal(kc_dm_file_add(d, &i, "Hoá Ēơn.pdf", "/nowhere", 1), 0);
    assert_string_equal(KC_DM_FILE(d, i).pub.path, "data/Hoá Ēơn (2).pdf");
    assert_int_equal(kc_dm_file_add(d, &i, "HỜP.pdf", "/nowhere", 1), 0);
    assert_string_equal(KC_DM_FILE(d, i).pub.path, "data/HỜP (2).pdf");
    assert_int_equal(kc_dm_file_add_stored(d, &i, "data/Biên bản Ọ.pdf", NULL, 1, NULL), 0);
    assert_int_equal(kc_dm_file_add(d, &i, "Biên bản Ờ.pdf", "/nowhere", 1), 0);
    assert_string_equal(KC_DM_FILE(d, i).pub.path, "data/Biên bản Ờ (2).pdf");
    assert_int_equal(kc_dm_file_add(d, &i, "Biên bản Ợ.pdf", "/nowhere", 1), 0); /* apart in every page */
    assert_string_equal(KC_DM_FILE(d, i).pub.path, "data/Biên bản Ợ.pdf");
    kc_dossier_free(d);
}

/* A member named twice is refused at any depth (the members the text writes
 * against those the parsed objects keep, issue 16), and a text whose strings
 * hold colons, escaped quotes and backslashes, or whose objects are empty,
 * is read. */
static void test_json_names_twice_anywhere(void **state)
{
    static const char *const twice[] = {
        "{\"format\":\"kiemchung-dossier\",\"year\":2022,\"year\":2021,\"criteria\":[],\"files\":[]}",
        "{\"format\":\"kiemchung-dossier\",\"criteria\":[{\"key\":\"1\",\"key\":\"2\"}],\"files\":[]}",
        "{\"format\":\"kiemchung-dossier\",\"criteria\":[{\"key\":\"1\",\"x\":[{},{\"a:\":{\"b\":1,\"b\":2}}]}],"
        "\"files\":[]}",
        "{\"format\":\"kiemchung-dossier\",\"commune\":\"a\\\":\",\"commune\":\"b\",\"criteria\":[],\"files\":[]}",
    };
    (void)state;
    for (size_t i = 0; i < G_N_ELEMENTS(twice); i++) {
        kc_dossier *d = NULL;
        kc_error err = {0};
        assert_int_equal(kc_dm_new(&d, NULL), 0);
        assert_int_equal(kc_dm_from_json(d, twice[i], strlen(twice[i]), &err), KC_EFORMAT);
        assert_non_null(strstr(err.message, " twice"));
        kc_dossier_free(d);
    }
    static const char once[] = "{\"format\":\"kiemchung-dossier\",\"commune\":\"Th\\\": \\\\\\\":x:\\\\\","
                               "\"district\":\"{\\\"a\\\":1}\",\"criteria\":[],\"files\":[]}";
    kc_dossier *d = NULL;
    kc_error err = {0};
    assert_int_equal(kc_dm_new(&d, NULL), 0);
    assert_int_equal(kc_dm_from_json(d, once, strlen(once), &err), 0);
    kc_dossier_free(d);
}

/* rtzip11: a top member kiemchung never writes ("checked" replaced list
 * --json's check), and the members it writes from the criteria and reads no
 * further ("unfiled", a file's "criteria") saying otherwise, are refused; as
 * written, or left out, they are read. */
#define ZEROS "0000000000000000000000000000000000000000000000000000000000000000"
#define FILE_A(criteria) "{\"path\":\"data/a.pdf\",\"sha256\":\"" ZEROS "\"" criteria "}"
static void test_json_derived_members(void **state)
{
    static const char *const bad[] = {
        "{\"format\":\"kiemchung-dossier\",\"criteria\":[],\"files\":[],\"checked\":{\"ok\":true}}",
        "{\"format\":\"kiemchung-dossier\",\"criteria\":[],\"files\":[" FILE_A(",\"criteria\":[\"20\"]") "]}",
        "{\"format\":\"kiemchung-dossier\",\"criteria\":[],\"files\":[" FILE_A("") "],\"unfiled\":[]}",
        "{\"format\":\"kiemchung-dossier\",\"criteria\":[],\"files\":[" FILE_A("") "],\"unfiled\":\"data/a.pdf\"}",
    };
    static const char *const good[] = {
        "{\"format\":\"kiemchung-dossier\",\"criteria\":[],\"files\":[" FILE_A(",\"criteria\":[]") "],"
        "\"unfiled\":[\"data/a.pdf\"],\"without_evidence\":[]}",
        "{\"format\":\"kiemchung-dossier\",\"criteria\":[{\"key\":\"20\",\"evidence\":[{\"file\":\"data/a.pdf\"}]}],"
        "\"files\":[" FILE_A(",\"criteria\":[\"20\"]") "],\"unfiled\":[],\"without_evidence\":[]}",
        "{\"format\":\"kiemchung-dossier\",\"criteria\":[],\"files\":[" FILE_A("") "]}",
    };
    (void)state;
    for (size_t i = 0; i < G_N_ELEMENTS(bad) + G_N_ELEMENTS(good); i++) {
        const char *json = i < G_N_ELEMENTS(bad) ? bad[i] : good[i - G_N_ELEMENTS(bad)];
        kc_dossier *d = NULL;
        kc_error err = {0};
        assert_int_equal(kc_dm_new(&d, NULL), 0);
        assert_int_equal(kc_dm_from_json(d, json, strlen(json), &err), i < G_N_ELEMENTS(bad) ? KC_EFORMAT : 0);
        if (i == 0)
            assert_non_null(strstr(err.message, "\"checked\""));
        kc_dossier_free(d);
    }
}

/* index.html must be the page dossier.json describes, as the version its
 * footer names wrote it: kiemchung 0.1.0 wrote two stylesheets (before and
 * after every page shared kc_html_stylesheet), and a dossier made with
 * either must still check; any other page must not. */
static void test_html_as_written_before(void **state)
{
    static const char json[] = "{\"format\":\"kiemchung-dossier\",\"commune\":\"Thủy An\",\"criteria\":[],\"files\":[]}";
    static const char old_style[] =
        "<style>"
        "body{font-family:system-ui,'Segoe UI',Arial,sans-serif;margin:2em auto;max-width:70em;"
        "padding:0 1em;color:#222;line-height:1.4}"
        "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}"
        "table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.3em .5em;"
        "vertical-align:top;text-align:left}th{background:#f0f0f0}td.n{text-align:right;white-space:nowrap}"
        ".muted{color:#777}.missing{color:#a00}code{font-size:.85em;word-break:break-all}"
        "ul{margin:0;padding-left:1.2em}"
        "</style>";
    kc_dossier *d = NULL;
    kc_error err = {0};
    (void)state;
    assert_int_equal(kc_dm_new(&d, NULL), 0);
    assert_int_equal(kc_dm_from_json(d, json, strlen(json), &err), 0);
    char *page = kc_dm_to_html(d);
    assert_true(kc_dm_html_matches(d, page, strlen(page)));

    const char *a = strstr(page, "<style>"), *b = strstr(page, "</style>");
    assert_non_null(a);
    assert_non_null(b);
    GString *older = g_string_new_len(page, a - page);
    g_string_append(older, old_style);
    g_string_append(older, b + strlen("</style>"));
    assert_true(kc_dm_html_matches(d, older->str, older->len));

    /* the old stylesheet under another version's footer is not that version's page */
    char *other = g_strdup(older->str), *v = strstr(other, KC_HTML_MADE_BY "0.1.0");
    assert_non_null(v);
    v[strlen(KC_HTML_MADE_BY) + 4] = '9';
    assert_false(kc_dm_html_matches(d, other, strlen(other)));
    /* nor is the old page with anything added */
    g_string_replace(older, "</style>", "</style><script>alert(1)</script>", 1);
    assert_false(kc_dm_html_matches(d, older->str, older->len));

    g_free(other);
    g_string_free(older, TRUE);
    free(page);
    kc_dossier_free(d);
}

/* ---- the life cycle ---------------------------------------------------------------- */

static void test_build_and_read_back(void **state)
{
    fixture *f = *state;
    char *out = build(f, "d.zip");
    kc_dossier *d = NULL;
    kc_error err = {0};

    assert_non_null(strstr(f->notices->str, "stored once"));
    assert_non_null(strstr(f->notices->str, "filed under no criterion"));
    assert_int_equal(kc_dossier_open(&d, out, &err), 0);
    assert_string_equal(kc_dossier_get_meta(d)->commune, "Thủy An");
    assert_string_equal(kc_dossier_date(d), "2021-10-01T00:00:00Z");
    assert_int_equal(kc_dossier_file_count(d), 4); /* HĐ 003 once, khác, ghi chú, rời */
    const kc_dossier_file *first = kc_dossier_get_file(d, 0);
    assert_string_equal(first->path, "data/HĐ 003.pdf");
    assert_int_equal(first->ncitations, 2);
    const kc_dossier_criterion *c2 = NULL;
    for (size_t i = 0; i < kc_dossier_criterion_count(d); i++)
        if (strcmp(kc_dossier_get_criterion(d, i)->key, "2") == 0)
            c2 = kc_dossier_get_criterion(d, i);
    assert_non_null(c2);
    assert_int_equal(c2->nevidence, 2);
    assert_string_equal(c2->evidence[0].via, "folder");
    char *report = NULL;
    assert_int_equal(kc_dossier_read_report(&report, NULL, d, &err), 0);
    assert_null(report); /* built without one */
    kc_dossier_free(d);

    kc_check *c = check(out);
    assert_int_equal(kc_check_problem_count(c), 0);
    assert_int_equal(kc_check_file_count(c), 4);
    assert_null(kc_check_seal(c));
    kc_check_free(c);
    g_free(out);
}

static void test_same_inputs_same_bytes(void **state)
{
    fixture *f = *state;
    char *a = build(f, "a.zip"), *b = build(f, "b.zip"), *da = NULL, *db = NULL;
    gsize la = 0, lb = 0;
    assert_true(g_file_get_contents(a, &da, &la, NULL));
    assert_true(g_file_get_contents(b, &db, &lb, NULL));
    assert_int_equal(la, lb);
    assert_memory_equal(da, db, la);
    g_free(da);
    g_free(db);
    g_free(a);
    g_free(b);
}

/* Replaces one entry's bytes with libzip (keeping the manifests as they are). */
static void tamper(const char *path, const char *name, const char *data, bool remove, const char *add)
{
    int zerr = 0;
    zip_t *za = zip_open(path, 0, &zerr);
    assert_non_null(za);
    zip_int64_t i = zip_name_locate(za, name, 0);
    assert_true(i >= 0);
    if (remove)
        assert_int_equal(zip_delete(za, (zip_uint64_t)i), 0);
    else
        assert_int_equal(zip_file_replace(za, (zip_uint64_t)i, zip_source_buffer(za, data, strlen(data), 0), 0), 0);
    if (add) {
        zip_int64_t n = zip_file_add(za, add, zip_source_buffer(za, "x", 1, 0), ZIP_FL_ENC_UTF_8);
        assert_true(n >= 0);
        /* libzip's default is 0666, which check refuses on its own (rtzip3): the
         * file added is the finding here, not its mode */
        assert_int_equal(zip_file_set_external_attributes(za, (zip_uint64_t)n, 0, ZIP_OPSYS_UNIX,
                                                          (zip_uint32_t)0100644 << 16), 0);
    }
    assert_int_equal(zip_close(za), 0);
}

static void test_check_reports_every_failing_file(void **state)
{
    fixture *f = *state;
    char *out = build(f, "t.zip");
    tamper(out, "data/khác.pdf", "%PDF-1.4 contract 005\n", false, NULL);
    tamper(out, "data/rời.txt", NULL, true, "data/thêm.txt");
    kc_check *c = check(out);
    assert_true(has_problem(c, "data/khác.pdf", "changed"));
    assert_true(has_problem(c, "data/rời.txt", "missing"));
    assert_true(has_problem(c, "data/thêm.txt", "extra"));
    assert_true(has_problem(c, "bag-info.txt", "bagit")); /* Payload-Oxum no longer holds */
    /* The manifest and dossier.json both notice each file: one line each, naming both. */
    assert_int_equal(problems_of(c, "data/khác.pdf"), 1);
    assert_int_equal(problems_of(c, "data/rời.txt"), 1);
    assert_int_equal(problems_of(c, "data/thêm.txt"), 1);
    assert_non_null(strstr(message_of(c, "data/khác.pdf"), "manifest-sha256.txt, dossier.json"));
    assert_non_null(strstr(message_of(c, "data/rời.txt"), "manifest-sha256.txt, dossier.json"));
    assert_non_null(strstr(message_of(c, "data/thêm.txt"), "manifest-sha256.txt, dossier.json"));
    kc_check_free(c);
    g_free(out);
}

static void test_update_keeps_and_refuses_damage(void **state)
{
    fixture *f = *state;
    char *out = build(f, "u.zip"), *more = NULL;
    kc_ingest *in = NULL;
    kc_error err = {0};
    kc_write_opts replace = {.replace = true};

    g_free(put(f, "more/15 Kỹ năng/chứng chỉ.pdf", "%PDF-1.4 certificate\n"));
    more = g_build_filename(f->dir, "more", NULL);
    assert_int_equal(kc_ingest_new(&in, &f->ev, &err), 0);
    assert_int_equal(kc_ingest_load(in, out, &err), 0);
    assert_int_equal(kc_ingest_add_tree(in, more, &err), 0);
    assert_int_equal(kc_ingest_write(in, out, &replace, &err), 0);
    assert_int_equal(kc_dossier_file_count(kc_ingest_dossier(in)), 5);
    kc_ingest_free(in);
    kc_check *c = check(out);
    assert_int_equal(kc_check_problem_count(c), 0);
    kc_check_free(c);

    /* Same size, other bytes: only re-hashing the old copy can tell. */
    tamper(out, "data/khác.pdf", "%PDF-1.4 contract 009\n", false, NULL);
    char *before = NULL, *after = NULL;
    gsize lb = 0, la = 0;
    assert_true(g_file_get_contents(out, &before, &lb, NULL));
    assert_int_equal(kc_ingest_new(&in, &f->ev, &err), 0);
    assert_int_equal(kc_ingest_load(in, out, &err), 0);
    assert_int_equal(kc_ingest_add_tree(in, more, &err), 0);
    assert_int_equal(kc_ingest_write(in, out, &replace, &err), KC_EFORMAT);
    assert_non_null(strstr(err.message, "damaged"));
    kc_ingest_free(in);
    assert_true(g_file_get_contents(out, &after, &la, NULL));
    assert_int_equal(la, lb); /* the dossier is left as it was */
    assert_memory_equal(before, after, la);
    g_free(before);
    g_free(after);
    g_free(more);
    g_free(out);
}

static void test_seal_and_check(void **state)
{
    fixture *f = *state;
    const char *root = getenv("KC_SOURCE_ROOT");
    char *out = build(f, "s.zip"), *cert, *key, *ca, *trustdir, *leaderkey;
    kc_trust *trust = NULL;
    kc_error err = {0};
    if (!root)
        skip();
    cert = g_build_filename(root, "certs/test/org.pem", NULL);
    key = g_build_filename(root, "certs/test/org.key", NULL);
    ca = g_build_filename(root, "certs/test/ca.pem", NULL);
    leaderkey = g_build_filename(root, "certs/test/leader.key", NULL);
    trustdir = g_build_filename(root, "certs/test/trust", NULL);
    assert_int_equal(kc_trust_new(&trust, &err), 0);
    assert_int_equal(kc_trust_add_path(trust, trustdir, &err), 0);
    kc_seal_opts wrong = {.cert = cert, .key = leaderkey, .trust = trust};
    assert_int_equal(kc_dossier_seal(out, &wrong, &err), KC_EINVAL);
    kc_seal_opts opts = {.cert = cert, .key = key, .chain = ca, .trust = trust};
    if (kc_dossier_seal(out, &opts, &err) != 0)
        fail_msg("%s", err.message);
    kc_check *c = NULL;
    assert_int_equal(kc_dossier_check(&c, out, trust, NULL, &err), 0);
    assert_int_equal(kc_check_problem_count(c), 0);
    assert_non_null(kc_check_seal(c));
    assert_true(kc_check_seal(c)->valid);
    assert_string_equal(kc_check_seal(c)->signer, "UBND xã Thủy An");
    assert_int_equal(kc_check_seal(c)->signing_time, 1633046400);
    kc_check_free(c);
    /* Without the test CA the seal does not count. */
    c = check(out);
    assert_true(has_problem(c, "META-INF/signature001.p7s", "seal"));
    kc_check_free(c);
    /* A file changed after sealing is named. */
    tamper(out, "data/ghi chú.txt", "0% ký số\n", false, NULL);
    assert_int_equal(kc_dossier_check(&c, out, trust, NULL, &err), 0);
    assert_true(has_problem(c, "data/ghi chú.txt", "changed"));
    assert_int_equal(problems_of(c, "data/ghi chú.txt"), 1);
    assert_non_null(strstr(message_of(c, "data/ghi chú.txt"), "manifest-sha256.txt, dossier.json, the seal"));
    kc_check_free(c);
    /* ... and such a dossier is not sealed again. */
    assert_int_equal(kc_dossier_seal(out, &opts, &err), KC_EFORMAT);
    kc_trust_free(trust);
    g_free(cert);
    g_free(key);
    g_free(ca);
    g_free(leaderkey);
    g_free(trustdir);
    g_free(out);
}

static void test_extract_round_trip(void **state)
{
    fixture *f = *state;
    char *out = build(f, "e.zip"), *dir = g_build_filename(f->dir, "x", NULL), *file, *text = NULL;
    kc_check *c = NULL;
    kc_error err = {0};
    assert_int_equal(kc_dossier_extract(&c, out, dir, NULL, &err), 0);
    assert_int_equal(kc_check_problem_count(c), 0);
    kc_check_free(c);
    file = g_build_filename(dir, "data", "ghi chú.txt", NULL);
    assert_true(g_file_get_contents(file, &text, NULL, NULL));
    assert_string_equal(text, "100% ký số\n");
    assert_int_equal(kc_dossier_extract(&c, out, dir, NULL, &err), 0);
    assert_true(has_problem(c, "data/ghi chú.txt", "exists"));
    kc_check_free(c);
    g_free(text);
    g_free(file);
    g_free(dir);
    g_free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_payload_names),
        cmocka_unit_test(test_bag_paths),
        cmocka_unit_test(test_json_rejects_what_is_not_a_dossier),
        cmocka_unit_test(test_json_lone_surrogate),
        cmocka_unit_test(test_json_names_twice_anywhere),
        cmocka_unit_test(test_dos_names_after_reading),
        cmocka_unit_test(test_free_bytes_for_root),
        cmocka_unit_test(test_file_max_fat),
        cmocka_unit_test(test_json_derived_members),
        cmocka_unit_test(test_html_as_written_before),
        cmocka_unit_test_setup_teardown(test_build_and_read_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_inputs_same_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_reports_every_failing_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_update_keeps_and_refuses_damage, setup, teardown),
        cmocka_unit_test_setup_teardown(test_seal_and_check, setup, teardown),
        cmocka_unit_test_setup_teardown(test_extract_round_trip, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
