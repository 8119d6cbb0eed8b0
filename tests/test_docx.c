/* test_docx.c: Word reports read into the report model (docx.c,
 * docx_props.c, report_docx.c): the text form they become, merged cells,
 * automatic numbering, links, places in messages, and hostile documents. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docx.h"
#include "kiemchung/register.h"
#include "kiemchung/report.h"
#include "ooxml.h"
#include "test_ooxml.h"
#include "test_tmpdir.h"

static int setup(void **state)
{
    char *dir = g_build_filename(g_get_tmp_dir(), "kc-test-docx-XXXXXX", NULL);
    if (!g_mkdtemp(dir))
        return -1;
    *state = dir;
    return 0;
}

static int teardown(void **state)
{
    kc_test_rmtree(*state);
    g_free(*state);
    return 0;
}

#define P(x) "<w:p>" x "</w:p>"
#define R(x) "<w:r><w:t xml:space=\"preserve\">" x "</w:t></w:r>"
#define RB(x) "<w:r><w:rPr><w:b/></w:rPr><w:t>" x "</w:t></w:r>"
#define TC(x) "<w:tc>" x "</w:tc>"
#define TCP(pr, x) "<w:tc><w:tcPr>" pr "</w:tcPr>" x "</w:tc>"
#define NUM P("<w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"3\"/></w:numPr></w:pPr>")

static const char numbering[] =
    "<w:abstractNum w:abstractNumId=\"7\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
    "<w:lvlText w:val=\"%1\"/></w:lvl><w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"lowerLetter\"/>"
    "<w:lvlText w:val=\"%1.%2)\"/></w:lvl></w:abstractNum>"
    "<w:abstractNum w:abstractNumId=\"8\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"upperRoman\"/>"
    "<w:lvlText w:val=\"%1.\"/></w:lvl></w:abstractNum>"
    "<w:abstractNum w:abstractNumId=\"9\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"bullet\"/>"
    "<w:lvlText w:val=\"\xef\x82\xb7\"/></w:lvl></w:abstractNum>"
    "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"7\"/></w:num>"
    "<w:num w:numId=\"4\"><w:abstractNumId w:val=\"8\"/></w:num>"
    "<w:num w:numId=\"5\"><w:abstractNumId w:val=\"8\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"9\"/>"
    "</w:lvlOverride></w:num><w:num w:numId=\"6\"><w:abstractNumId w:val=\"9\"/></w:num>";

static const char styles[] =
    "<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"26\"/></w:rPr></w:rPrDefault></w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Tieude\"><w:rPr><w:b/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Tieude2\"><w:basedOn w:val=\"Tieude\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Nhom\"><w:pPr><w:numPr><w:numId w:val=\"4\"/></w:numPr></w:pPr></w:style>"
    "<w:style w:type=\"character\" w:styleId=\"Dam\"><w:rPr><w:b w:val=\"1\"/></w:rPr></w:style>";

static const char rels[] =
    "<Relationship Id=\"rId7\" Type=\"" REL "hyperlink\" Target=\"https://dichvucong.gov.vn/?a=1&amp;b=2\" "
    "TargetMode=\"External\"/>";

/* A report as Word writes one: a title in a bold style, a layout table, and a
 * criteria table with merged and numbered cells. */
static const char body[] =
    P("<w:pPr><w:pStyle w:val=\"Tieude2\"/></w:pPr>" R("BÁO CÁO"))
    "<w:tbl><w:tr>" TC(P(RB("UBND XÃ THỦY AN")) P(R("Số: 15/BC-UBND"))) TC(P(RB("CỘNG HÒA"))) "</w:tr></w:tbl>"
    P(R("Kính gửi: ") "<w:r><w:rPr><w:rStyle w:val=\"Dam\"/></w:rPr><w:t>UBND huyện</w:t></w:r>")
    P("<w:pPr><w:rPr><w:b/></w:rPr></w:pPr>" R("Đoạn có dấu đoạn đậm nhưng chữ thường"))
    "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
    "<w:tr><w:trPr><w:tblHeader/></w:trPr>" TC(P(R("STT"))) TC(P(R("TIÊU CHÍ"))) TC(P(R("Đơn vị chủ trì")))
    TC(P(R("Nội dung thực hiện"))) "</w:tr>"
    "<w:tr>" TC(P("<w:pPr><w:pStyle w:val=\"Nhom\"/></w:pPr>")) TCP("<w:gridSpan w:val=\"3\"/>", P(RB("CƠ SỞ HẠ TẦNG")))
    "</w:tr>"
    "<w:tr>" TCP("<w:vMerge w:val=\"restart\"/>", NUM) TC(P(R("Tỷ lệ &amp; &lt;máy&gt; tính"))) TCP("<w:vMerge w:val=\"restart\"/>",
    P(R("UBND các xã"))) TC(P(R("HĐ số: 003/HĐ 2019") "<w:r><w:br/></w:r>" R("ngày 14/5/2019")) P(R("dòng hai"))) "</w:tr>"
    "<w:tr>" TCP("<w:vMerge/>", P("")) TC(P(R("Màn hình"))) TCP("<w:vMerge/>", P("")) TC(P(R("Số: 02/QĐ-UBND")))
    "</w:tr>"
    "<w:tr>" TC(NUM) TC(P(R("Tra cứu"))) TC(P(R("UBND"))) TC(P("<w:hyperlink r:id=\"rId7\">" R("Cổng DVC") "</w:hyperlink>"
    R("\tvà ") "<w:fldSimple w:instr=\" HYPERLINK &quot;http://a.vn/x&quot; \">" R("a.vn") "</w:fldSimple>")) "</w:tr>"
    "<w:tr>" TC(NUM) TC(P(R("Ký số"))) TC(P(R("UBND"))) TC(P(
    "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> HYPERLINK \"https://b.vn/\" "
    "</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>" R("trang b") "<w:r><w:fldChar "
    "w:fldCharType=\"end\"/></w:r>" "<w:del><w:r><w:delText>xoá</w:delText></w:r></w:del>"
    "<w:r><w:drawing><w:t>hình</w:t></w:drawing></w:r>" R(" 100% đạt"))) "</w:tr>"
    "</w:tbl>"
    P(R("Hết"));

static void test_text_form(void **state)
{
    char *path = test_document(*state, "bao-cao.docx", body, styles, numbering, rels);
    kc_docx_text t;
    kc_error err = {0};
    if (kc_docx_to_text(&t, path, &err) != 0)
        fail_msg("%s", err.message);
    assert_string_equal(t.text,
        "**<b>BÁO CÁO</b>**\n"
        "**<b>UBND XÃ THỦY AN</b>**\n"
        "Số: 15/BC-UBND\n"
        "**<b>CỘNG HÒA</b>**\n"
        "\n"
        "Kính gửi: <b>UBND huyện</b>\n"
        "Đoạn có dấu đoạn đậm nhưng chữ thường\n"
        "\n"
        "STT\tTIÊU CHÍ\tĐơn vị chủ trì\tNội dung thực hiện\n"
        "I.\t<b>CƠ SỞ HẠ TẦNG</b>\t\t\n"
        "1\tTỷ lệ &amp; &lt;máy&gt; tính\tUBND các xã\tHĐ số: 003/HĐ 2019<br>ngày 14/5/2019<br>dòng hai\n"
        "\tMàn hình\tUBND các xã\tSố: 02/QĐ-UBND\n"
        "2\tTra cứu\tUBND\t<a href=\"https://dichvucong.gov.vn/?a=1&amp;b=2\">Cổng DVC</a> và "
        "<a href=\"http://a.vn/x\">a.vn</a>\n"
        "3\tKý số\tUBND\t<a href=\"https://b.vn/\">trang b</a> 100% đạt\n"
        "\n"
        "Hết\n");
    assert_int_equal(t.nplaces, 16);
    assert_string_equal(t.places[0], "paragraph 1");
    assert_string_equal(t.places[1], "table 1, row 1");
    assert_null(t.places[4]);
    assert_string_equal(t.places[10], "table 2, row 3");
    kc_docx_text_clear(&t);

    /* The same through the report parser. */
    kc_report *r = NULL;
    if (kc_report_parse_file(&r, path, &err) != 0)
        fail_msg("%s", err.message);
    assert_int_equal(kc_report_count(r), 4);
    const kc_criterion *c = kc_report_get(r, 0);
    assert_string_equal(c->number, "1");
    assert_string_equal(c->group, "I");
    assert_string_equal(c->group_title, "CƠ SỞ HẠ TẦNG");
    assert_string_equal(c->name, "Tỷ lệ & <máy> tính");
    assert_string_equal(c->evidence, "HĐ số: 003/HĐ 2019 ngày 14/5/2019 dòng hai");
    assert_string_equal(kc_report_place(r, c->line), "table 2, row 3");
    c = kc_report_get(r, 1);
    assert_string_equal(c->number, ""); /* the merged number cell: a sub-row of 1 */
    assert_string_equal(c->key, "1");
    assert_string_equal(c->unit, "UBND các xã"); /* the merged unit cell's text */
    c = kc_report_get(r, 2);
    assert_string_equal(c->number, "2");
    assert_non_null(strstr(c->evidence, "(https://dichvucong.gov.vn/?a=1&b=2)"));
    assert_non_null(kc_report_find(r, "3"));
    assert_null(strstr(kc_report_get(r, 3)->evidence, "xoá"));
    assert_null(strstr(kc_report_get(r, 3)->evidence, "hình"));
    kc_report_free(r);
    g_free(path);
}

static void test_numbering(void **state)
{
    const char *b =
        P("<w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"3\"/></w:numPr></w:pPr>" R("một"))
        P("<w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"3\"/></w:numPr></w:pPr>" R("a"))
        P("<w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"3\"/></w:numPr></w:pPr>" R("b"))
        P("<w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"3\"/></w:numPr></w:pPr>" R("hai"))
        P("<w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"3\"/></w:numPr></w:pPr>" R("a lại"))
        P("<w:pPr><w:pStyle w:val=\"Nhom\"/></w:pPr>" R("nhóm"))
        P("<w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"5\"/></w:numPr></w:pPr>" R("chín"))
        P("<w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"6\"/></w:numPr></w:pPr>" R("chấm"))
        P("<w:pPr><w:pStyle w:val=\"Nhom\"/><w:numPr><w:numId w:val=\"0\"/></w:numPr></w:pPr>" R("bỏ số"));
    char *path = test_document(*state, "so.docx", b, styles, numbering, NULL);
    kc_docx_text t;
    kc_error err = {0};
    if (kc_docx_to_text(&t, path, &err) != 0)
        fail_msg("%s", err.message);
    assert_string_equal(t.text, "1 một\n1.a) a\n1.b) b\n2 hai\n2.a) a lại\nI. nhóm\nIX. chín\nchấm\nbỏ số\n");
    kc_docx_text_clear(&t);
    g_free(path);
}

#define SYM(font, c) "<w:r><w:sym w:font=\"" font "\" w:char=\"" c "\"/></w:r>"
#define MATH(x) "<m:oMath xmlns:m=\"http://schemas.openxmlformats.org/officeDocument/2006/math\">" x "</m:oMath>"
#define MR(x) "<m:r><m:t>" x "</m:t></m:r>"

/* rtnum10: symbols and equations are read as Word draws them; left unread, a
 * report's figures written so were no figures at all. */
static void test_symbols_and_equations(void **state)
{
    const char *b =
        P(R("a ") SYM("Times New Roman", "0037") SYM("Symbol", "F02F") SYM("Symbol", "F037") SYM("Arial", "0025"))
        P(R("b") SYM("Wingdings", "F0FE") SYM("Wingdings", "F038") SYM("Webdings", "F031") SYM("Symbol", "F061")
          SYM("Symbol", "E001") SYM("Symbol", "zz") SYM("Symbol", "") "<w:r><w:sym w:font=\"Symbol\"/></w:r>"
          "<w:r><w:rPr><w:vanish/></w:rPr><w:sym w:font=\"Symbol\" w:char=\"0039\"/></w:r>" R("c"))
        P(R("d ") MATH(MR("1+") "<m:f><m:num>" MR("5") "</m:num><m:den>" MR("7") "</m:den></m:f>"
          "<m:r><w:t>=x</w:t></m:r>"))
        P("<w:r><w:rPr><w:vanish/></w:rPr><w:t>e</w:t></w:r>" MATH(MR("2")));
    char *path = test_document(*state, "sym.docx", b, styles, numbering, NULL);
    kc_docx_text t;
    kc_error err = {0};
    if (kc_docx_to_text(&t, path, &err) != 0)
        fail_msg("%s", err.message);
    assert_string_equal(t.text, "a 7/7%\nbc\nd 1+5/7=x\n2\n");
    kc_docx_text_clear(&t);
    g_free(path);
}

static void expect_refused(const char *path, int want, const char *const *words)
{
    kc_report *r = NULL;
    kc_error err = {0};
    int rc = kc_report_parse_file(&r, path, &err);
    kc_report_free(r);
    if (rc != want)
        fail_msg("rc %d, want %d: %s", rc, want, err.message);
    for (size_t i = 0; words[i]; i++)
        if (!strstr(err.message, words[i]))
            fail_msg("\"%s\" not in: %s", words[i], err.message);
}

static void test_hostile_and_wrong_documents(void **state)
{
    const char *dir = *state;
    const char *laughs[] = {
        "_rels/.rels", test_pkg_rels_docx,
        "word/document.xml", XML_DECL "<!DOCTYPE d [<!ENTITY a \"aaaaaaaaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>"
            "<w:document xmlns:w=\"" NS_W "\"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>",
        NULL,
    };
    char *path = test_zip(dir, "laughs.docx", laughs);
    expect_refused(path, KC_EFORMAT, (const char *[]){"laughs.docx", "word/document.xml", "DOCTYPE", NULL});
    g_free(path);
    const char *xxe[] = {
        "_rels/.rels", test_pkg_rels_docx,
        "word/document.xml", XML_DECL "<!DOCTYPE d SYSTEM \"http://example.invalid/d.dtd\">"
            "<w:document xmlns:w=\"" NS_W "\"><w:body/></w:document>",
        NULL,
    };
    path = test_zip(dir, "xxe.docx", xxe);
    expect_refused(path, KC_EFORMAT, (const char *[]){"DOCTYPE", NULL});
    g_free(path);
    path = test_document(dir, "cut.docx", "<w:p><w:r><w:t>STT", NULL, NULL, NULL);
    expect_refused(path, KC_EFORMAT, (const char *[]){"cut.docx", "word/document.xml", NULL});
    g_free(path);
    path = test_workbook(dir, "book.docx", "<sheetData/>", NULL, NULL);
    expect_refused(path, KC_EFORMAT, (const char *[]){"not a Word document", NULL});
    g_free(path);
    path = test_document(dir, "wide.docx", "<w:tbl><w:tr>" TCP("<w:gridSpan w:val=\"60\"/>", P(R("1")))
                         TCP("<w:gridSpan w:val=\"10\"/>", P(R("x"))) "</w:tr></w:tbl>", NULL, NULL, NULL);
    expect_refused(path, KC_ELIMIT, (const char *[]){"64 columns", NULL});
    g_free(path);
    GString *big = g_string_new("<w:p><w:r><w:t>");
    for (int i = 0; i < 70000; i++)
        g_string_append_c(big, 'x');
    g_string_append(big, "</w:t></w:r></w:p>");
    path = test_document(dir, "long.docx", big->str, NULL, NULL, NULL);
    expect_refused(path, KC_ELIMIT, (const char *[]){"long.docx", "longer than", NULL});
    g_free(path);
    g_string_free(big, TRUE);
    path = g_build_filename(dir, "old.doc", NULL);
    assert_true(g_file_set_contents(path, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, NULL));
    expect_refused(path, KC_EFORMAT, (const char *[]){"old.doc", "97-2003", NULL});
    g_free(path);
    /* A row the parser refuses is named by its place in the document. */
    path = test_document(dir, "bad.docx", "<w:tbl><w:tr>" TC(P(R("STT"))) TC(P(R("TIÊU CHÍ"))) TC(P(R("Đơn vị")))
                         "</w:tr><w:tr>" TC(P(R("1"))) TC(P(R("a"))) TC(P(R("b"))) "</w:tr><w:tr>" TC(P(R("Ghi chú")))
                         TC(P(R("a"))) TC(P(R("b"))) "</w:tr></w:tbl>", NULL, NULL, NULL);
    expect_refused(path, KC_EFORMAT, (const char *[]){"bad.docx", "table 1, row 3", "Ghi chú", NULL});
    g_free(path);
}

/* rtzip10: a document whose archive comment holds a second archive, its end
 * record claiming a one-byte comment it lacks.  libzip took the first archive
 * (its comment reaches the end of the file, the second's does not), Python's
 * zipfile, unzip, bsdtar and LibreOffice the last: the report kiemchung read
 * was not the one they show.  Refused from a file and from memory alike; the
 * first archive alone is read. */
static uint32_t le32_at(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* Two entries naming one part, their names differing in case only (OPC part
 * names ignore it) or in a %XX escape: LibreOffice showed the one listed first,
 * WORD/DOCUMENT.XML saying 652/652 (word/%64ocument.xml wherever it stood),
 * while kiemchung found no document or read the other; a second styles part
 * made kiemchung read a report without its styles.  Refused at the open. */
static void test_equivalent_part_names(void **state)
{
    const char *dir = *state;
    const char *doc = XML_DECL "<w:document xmlns:w=\"" NS_W "\"><w:body><w:p><w:r><w:t>650/652</w:t></w:r></w:p>"
                      "</w:body></w:document>";
    const char *evil = XML_DECL "<w:document xmlns:w=\"" NS_W "\"><w:body><w:p><w:r><w:t>652/652</w:t></w:r></w:p>"
                       "</w:body></w:document>";
    const char *styles_xml = XML_DECL "<w:styles xmlns:w=\"" NS_W "\"/>";
    char *two_docs = test_zip(dir, "two-docs.docx",
                              (const char *[]){"WORD/DOCUMENT.XML", evil, "[Content_Types].xml", test_content_types,
                                               "_rels/.rels", test_pkg_rels_docx, "word/document.xml", doc, NULL});
    expect_refused(two_docs, KC_EFORMAT,
                   (const char *[]){"two-docs.docx: refused: ", "WORD/DOCUMENT.XML and word/document.xml", NULL});
    char *two_styles = test_zip(dir, "two-styles.docx",
                                (const char *[]){"[Content_Types].xml", test_content_types, "_rels/.rels",
                                                 test_pkg_rels_docx, "word/document.xml", doc, "word/styles.xml",
                                                 styles_xml, "/Word/Styles.xml", styles_xml, NULL});
    expect_refused(two_styles, KC_EFORMAT, (const char *[]){"word/styles.xml and Word/Styles.xml", NULL});
    /* a name percent-encoded (LibreOffice decodes it, and showed that one) */
    char *escaped = test_zip(dir, "escaped.docx",
                             (const char *[]){"[Content_Types].xml", test_content_types, "_rels/.rels",
                                              test_pkg_rels_docx, "word/document.xml", doc, "word/%64ocument.xml",
                                              evil, NULL});
    expect_refused(escaped, KC_EFORMAT, (const char *[]){"word/document.xml and word/%64ocument.xml", NULL});
    g_free(escaped);
    /* folders of either case hold no part: the package is read */
    char *folders = test_zip(dir, "folders.docx",
                             (const char *[]){"word/", "", "WORD/", "", "[Content_Types].xml", test_content_types,
                                              "_rels/.rels", test_pkg_rels_docx, "word/document.xml", doc, NULL});
    kc_ooxml *pkg = NULL;
    kc_error err = {0};
    assert_int_equal(kc_ooxml_open(&pkg, folders, &err), 0);
    kc_ooxml_free(pkg);
    g_free(two_docs);
    g_free(two_styles);
    g_free(folders);
}

static void test_second_end_record(void **state)
{
    const char *dir = *state;
    char *first = test_document(dir, "first.docx", P(R("650/652")), NULL, NULL, NULL);
    char *second = test_document(dir, "second.docx", P(R("652/652")), NULL, NULL, NULL), *a = NULL, *b = NULL;
    gsize na = 0, nb = 0;
    assert_true(g_file_get_contents(first, &a, &na, NULL) && g_file_get_contents(second, &b, &nb, NULL));
    unsigned char *ua = (unsigned char *)a, *ub = (unsigned char *)b;
    assert_memory_equal(ua + na - 22, "PK\5\6", 4);
    assert_memory_equal(ub + nb - 22, "PK\5\6", 4);
    /* second's offsets moved past first, its end record claiming a comment */
    uint32_t n = ub[nb - 12] | ub[nb - 11] << 8, cd = le32_at(ub + nb - 6);
    for (uint32_t i = 0, p = cd; i < n; i++) {
        put32(ub + p + 42, le32_at(ub + p + 42) + (uint32_t)na);
        p += 46 + (ub[p + 28] | ub[p + 29] << 8) + (ub[p + 30] | ub[p + 31] << 8) + (ub[p + 32] | ub[p + 33] << 8);
    }
    put32(ub + nb - 6, cd + (uint32_t)na);
    ub[nb - 2] = 1;
    ua[na - 2] = (unsigned char)(nb & 0xff);
    ua[na - 1] = (unsigned char)(nb >> 8);
    GByteArray *both = g_byte_array_new();
    g_byte_array_append(both, ua, (guint)na);
    g_byte_array_append(both, ub, (guint)nb);
    char *path = g_build_filename(dir, "two-ends.docx", NULL);
    assert_true(g_file_set_contents(path, (const char *)both->data, both->len, NULL));

    kc_ooxml *pkg = NULL;
    kc_error err = {0};
    assert_int_equal(kc_ooxml_open(&pkg, path, &err), KC_EFORMAT);
    assert_null(pkg);
    assert_non_null(strstr(err.message, "two-ends.docx: refused: "));
    assert_non_null(strstr(err.message, "another end record"));
    assert_int_equal(kc_ooxml_open_buffer(&pkg, both->data, both->len, "so-di.xlsx", &err), KC_EFORMAT);
    assert_null(pkg);
    assert_non_null(strstr(err.message, "so-di.xlsx: refused: "));
    expect_refused(path, KC_EFORMAT, (const char *[]){"two-ends.docx", "another end record", NULL});
    /* the first archive as it was (its comment length put back) is read */
    ua[na - 2] = ua[na - 1] = 0;
    assert_int_equal(kc_ooxml_open_buffer(&pkg, ua, na, "first.docx", &err), 0);
    kc_ooxml_free(pkg);
    g_byte_array_free(both, TRUE);
    g_free(a);
    g_free(b);
    g_free(path);
    g_free(first);
    g_free(second);
}

/* A register kept as a Word table (kc_register_in_word, rtnum17): a row of a
 * table naming the register's number, date and another column, whether the
 * table is written as the criteria table's tab-joined rows or paragraph by
 * paragraph; a letter whose table names no column, a heading in a paragraph
 * and a file that is no Word document are not. */
static void test_register_in_word(void **state)
{
    const char *dir = *state;
    static const char head[] = XML_DECL "<w:document xmlns:w=\"" NS_W "\"><w:body>";
    static const char tail[] = "</w:body></w:document>";
    const char *bodies[][2] = {
        {"yes", "<w:tbl><w:tr>" TC(P(R("Số, ký hiệu văn bản"))) TC(P(R("Ngày tháng văn bản")))
                    TC(P(R("Tên loại và trích yếu nội dung văn bản"))) "</w:tr><w:tr>" TC(P(R("12/QĐ-UBND")))
                    TC(P(R("15/03/2021"))) TC(P(R("QĐ"))) "</w:tr></w:tbl>"},
        {"yes", P(R("SỔ ĐĂNG KÝ VĂN BẢN ĐI")) "<w:tbl><w:tr>" TC(P(R("Số")) P(R("ký hiệu"))) TC(P(R("Ngày tháng")))
                    TC(P(R("Nơi nhận"))) "</w:tr></w:tbl>"},
        {"no", P(R("Số, ký hiệu văn bản")) P(R("Ngày tháng văn bản")) P(R("Nơi nhận"))},
        {"no", "<w:tbl><w:tr>" TC(P(R("Nơi nhận:"))) TC(P(R("CHỦ TỊCH"))) "</w:tr></w:tbl>"},
        {"no", "<w:tbl><w:tr>" TC(P(R("Số, ký hiệu văn bản"))) TC(P(R("Nơi nhận"))) "</w:tr></w:tbl>"},
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        char *doc = g_strconcat(head, bodies[i][1], tail, NULL);
        const char *parts[] = {"_rels/.rels", test_pkg_rels_docx, "word/document.xml", doc, NULL};
        char *path = test_zip(dir, "so-di.docx", parts);
        if (kc_register_in_word(path) != (strcmp(bodies[i][0], "yes") == 0))
            fail_msg("body %zu: %s", i, bodies[i][1]);
        g_free(path);
        g_free(doc);
    }
    char *notdocx = g_build_filename(dir, "x.docx", NULL);
    g_assert(g_file_set_contents(notdocx, "not a zip", -1, NULL));
    assert_false(kc_register_in_word(notdocx));
    g_free(notdocx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_text_form, setup, teardown),
        cmocka_unit_test_setup_teardown(test_numbering, setup, teardown),
        cmocka_unit_test_setup_teardown(test_symbols_and_equations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hostile_and_wrong_documents, setup, teardown),
        cmocka_unit_test_setup_teardown(test_second_end_record, setup, teardown),
        cmocka_unit_test_setup_teardown(test_equivalent_part_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_register_in_word, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
