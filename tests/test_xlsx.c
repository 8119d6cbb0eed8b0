/* test_xlsx.c: Excel workbooks read as Excel shows them (xlsx.c,
 * xlsx_sheet.c), as registers (kc_register_load), and hostile ones refused
 * with a message naming the file and the part (ooxml.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiemchung/register.h"
#include "test_ooxml.h"
#include "test_tmpdir.h"
#include "xlsx.h"

static int setup(void **state)
{
    char *dir = g_build_filename(g_get_tmp_dir(), "kc-test-xlsx-XXXXXX", NULL);
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

/* Every row of the sheet as "ROW:a|b|c" lines (a formula Excel computes on load marked "*", a
 * cell shown in an old 8-bit Vietnamese font "@" and the font). */
static char *dump(const char *path, const char *sheet, kc_error *err, int *rc)
{
    kc_xlsx *x = NULL;
    GString *s = g_string_new(NULL);
    char **f;
    size_t n, row;
    *rc = kc_xlsx_open(&x, path, sheet, err);
    while (*rc == 0 && (*rc = kc_xlsx_next(x, &f, &n, &row, err)) == 1) {
        g_string_append_printf(s, "%zu%s%s:", row, kc_xlsx_row_is_label(x) ? "L" : "",
                               kc_xlsx_row_is_hidden(x) ? "H" : "");
        for (size_t i = 0; i < n; i++)
            g_string_append_printf(s, "%s%s%s%s%s", i ? "|" : "", f[i], kc_xlsx_cell_is_formula(x, i + 1) ? "*" : "",
                                   kc_xlsx_cell_font(x, i + 1) ? "@" : "",
                                   kc_xlsx_cell_font(x, i + 1) ? kc_xlsx_cell_font(x, i + 1) : "");
        g_string_append_c(s, '\n');
        *rc = 0;
    }
    kc_xlsx_free(x);
    return g_string_free(s, FALSE);
}

static char *dump_ok(const char *path, const char *sheet)
{
    kc_error err = {0};
    int rc;
    char *s = dump(path, sheet, &err, &rc);
    if (rc != 0)
        fail_msg("%s", err.message);
    return s;
}

static const char styles[] =
    "<numFmts count=\"3\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy;@\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"[$-42A]d mmmm yyyy\"/><numFmt numFmtId=\"166\" formatCode=\"&quot;Số &quot;0\"/>"
    "</numFmts><cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs count=\"6\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/>"
    "<xf numFmtId=\"20\"/><xf numFmtId=\"166\"/></cellXfs>";

static void test_cells_as_excel_shows_them(void **state)
{
    const char *dir = *state;
    char *path = test_workbook(dir, "cells.xlsx",
        "<sheetData>"
        "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"C2\" t=\"s\"><v>1</v></c><c r=\"E2\" t=\"inlineStr\">"
        "<is><r><t>12/</t></r><r><rPr><b/></rPr><t>QĐ-UBND</t></r><rPh><t>phonetic</t></rPh></is></c></row>"
        "<row r=\"5\"><c r=\"A5\" s=\"1\"><v>44270</v></c><c r=\"B5\" s=\"2\"><v>44270.75</v></c>"
        "<c r=\"C5\" s=\"3\"><v>44270</v></c><c r=\"D5\" s=\"4\"><v>0.5</v></c><c r=\"E5\" s=\"5\"><v>12</v></c>"
        "<c r=\"F5\"><v>44270</v></c><c r=\"G5\"><v>0.30000000000000004</v></c></row>"
        "<row r=\"6\"><c r=\"A6\" t=\"b\"><v>1</v></c><c r=\"B6\" t=\"e\"><v>#N/A</v></c>"
        "<c r=\"C6\" t=\"str\"><f>A1&amp;\"x\"</f><v>kết quả</v></c><c r=\"D6\"><f>1+1</f><v>2</v></c>"
        "<c r=\"E6\"><f>NOW()</f></c><c r=\"F6\" t=\"d\"><v>2021-03-15T00:00:00</v></c><c r=\"G6\" s=\"3\"/></row>"
        "<row r=\"7\"><c t=\"s\"><v>2</v></c><c t=\"s\"><v>3</v></c></row>"
        "</sheetData>",
        "<si><t>Số, ký hiệu</t></si><si><r><t xml:space=\"preserve\">Nơi </t></r><r><rPr><b/></rPr><t>nhận</t></r>"
        "<rPh sb=\"0\" eb=\"1\"><t>x</t></rPh></si><si><t>hai_x000D_\ndòng</t></si>"
        "<si><t>Nguye\xcc\x82\xcc\x83n</t></si>",
        styles);
    char *s = dump_ok(path, NULL);
    assert_string_equal(s,
        "2:Số, ký hiệu||Nơi nhận||12/QĐ-UBND\n"
        /* 14 and dd/mm/yyyy and a custom d mmmm yyyy are dates; 20 (h:mm) is a time;
         * "Số "0 is a number, shown after its literal; an unstyled serial stays a number;
         * General shows 15 digits.  A formula without a cached value comes as "=" and
         * the formula (Excel computes it on load; the register computes or refuses it). */
        "5:15/03/2021|15/03/2021|15/03/2021|0.5|Số 12|44270|0.3\n"
        "6:TRUE|#N/A|kết quả|2|=NOW()*|15/03/2021\n"
        "7:hai\r\ndòng|Nguyễn\n");
    g_free(s);
    g_free(path);
}

/* A formula kiemchung computes, without a cached value, is shown through its
 * cell's number format as Excel shows what it computes: a lone number as a
 * number (a date's serial as the date), text in the text section (the
 * district after "- Lưu: VT." was read as "- Lưu: VT." alone). */
static void test_computed_formulas_through_their_format(void **state)
{
    static const char st[] =
        "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy;@\"/>"
        "<numFmt numFmtId=\"166\" formatCode=\"0;-0;0;&quot;- UBND huyện Phú Vang; &quot;@\"/></numFmts>"
        "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\"/></cellStyleXfs>"
        "<cellXfs count=\"3\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"166\"/></cellXfs>";
    char *path = test_workbook(*state, "computed.xlsx",
        "<sheetData><row r=\"1\"><c r=\"A1\" s=\"1\"><f>44270</f></c><c r=\"B1\" s=\"2\" t=\"str\">"
        "<f>\"- Lưu: \"&amp;\"VT.\"</f></c><c r=\"D1\"><f>012&amp;\"/QĐ\"</f></c>"
        "<c r=\"E1\" s=\"2\"><f>CONCATENATE(\"a\")</f></c></row></sheetData>",
        "", st);
    char *s = dump_ok(path, NULL);
    assert_string_equal(s, "1:15/03/2021|- UBND huyện Phú Vang; - Lưu: VT.||12/QĐ|=CONCATENATE(\"a\")*\n");
    g_free(s);
    g_free(path);
}

static void test_dates_1904_and_limits_of_serials(void **state)
{
    char *d = kc_xlsx_serial_date(1, false);
    assert_string_equal(d, "01/01/1900");
    free(d);
    d = kc_xlsx_serial_date(61, false);
    assert_string_equal(d, "01/03/1900"); /* after Lotus's 29 February 1900 */
    free(d);
    d = kc_xlsx_serial_date(0, true);
    assert_string_equal(d, "01/01/1904");
    free(d);
    d = kc_xlsx_serial_date(42808, true);
    assert_string_equal(d, "15/03/2021");
    free(d);
    assert_null(kc_xlsx_serial_date(-1, false));
    assert_null(kc_xlsx_serial_date(0.25, false));
    assert_null(kc_xlsx_serial_date(1e12, false));
    assert_true(kc_xlsx_format_is_date("dd/mm/yyyy"));
    assert_true(kc_xlsx_format_is_date("[$-42A]mmmm yyyy"));
    assert_true(kc_xlsx_format_is_date("mmm"));
    assert_false(kc_xlsx_format_is_date("mm:ss"));
    assert_false(kc_xlsx_format_is_date("[h]:mm"));
    assert_false(kc_xlsx_format_is_date("\"ngày\" 0"));
    assert_false(kc_xlsx_format_is_date("General"));
    assert_false(kc_xlsx_format_is_date("#,##0.00_);[Red](#,##0.00)"));
    (void)state;
}

/* shows CODE TEXT|NUMBER: what kc_xlsx_format_show gives, "=" for the cell as it is. */
static void shows(const char *code, const char *text, double d, const char *want)
{
    char *got = kc_xlsx_format_show(code, text, text == NULL, d);
    if (!want)
        want = "=";
    if (strcmp(got ? got : "=", want) != 0)
        fail_msg("format %s on %s: \"%s\", want \"%s\"", code, text ? text : "a number", got ? got : "=", want);
    g_free(got);
}

static void test_number_formats_show_their_text(void **state)
{
    /* A text section, the fourth or a single one with @, shows its literals around the text. */
    shows("0;-0;0;\"- UBND huyện Phú Vang; \"@", "- Lưu: VT.", 0, "- UBND huyện Phú Vang; - Lưu: VT.");
    shows("\"UBND \"@", "huyện Phú Vang", 0, "UBND huyện Phú Vang");
    shows(";;;\"UBND huyện Phú Vang\"", "Các thôn", 0, "UBND huyện Phú Vang");
    shows(";;;", "UBND huyện Phú Vang", 0, "");
    shows("@", "12/QĐ-UBND", 0, "12/QĐ-UBND");
    shows("\\U\\B\\N\\D\\ @_)", "huyện", 0, "UBND huyện ");
    shows("[Blue]@* ", "x", 0, "x");
    /* Fewer than four sections, the last holding @ (the second or the third):
     * that one is the text's (Gnumeric showed the district, kiemchung read
     * "- Lưu: VT."), and not the numbers'. */
    shows("0;\"- UBND huyện Phú Vang; \"@", "- Lưu: VT.", 0, "- UBND huyện Phú Vang; - Lưu: VT.");
    shows("0;-0;\"- UBND huyện Phú Vang; \"@", "- Lưu: VT.", 0, "- UBND huyện Phú Vang; - Lưu: VT.");
    shows("0;-0;\"UBND \"@", "huyện", 0, "UBND huyện");
    /* Fewer than four sections and no @ in the last: text as it is. */
    shows("0;-0;0", "Các thôn", 0, NULL);
    shows("dd/mm/yyyy;@", "20/04/2021", 0, "20/04/2021"); /* its text section: the text */
    shows("0;\"UBND \"@", NULL, -7, "-7"); /* a negative number: the first section, signed */
    shows("General", "x", 0, NULL);
    /* Numbers: the section by sign; literals around the digits General shows. */
    shows("\"- UBND huyện Phú Vang; - Lưu: VT.\"", NULL, 0, "- UBND huyện Phú Vang; - Lưu: VT.");
    shows("\"Số \"0", NULL, 12, "Số 12");
    shows("0\"/QĐ-UBND\"", NULL, 12, "12/QĐ-UBND");
    shows("0;\"âm\";\"không\"", NULL, -3, "âm");
    shows("0;\"âm\";\"không\"", NULL, 0, "không");
    shows("0;;", NULL, 5, "5");
    shows(";;;", NULL, 5, "");
    shows("\"x\"", NULL, -2, "-x");
    shows("[$₫-42A]#,##0", NULL, 1500, "₫1500");
    shows("0.0%", NULL, 0.714, "0.714");
    /* Conditions pick the section: the first that holds, else the next without one. */
    shows("[>5]\"- Lưu: VT.\";\"- UBND huyện Phú Vang\"", NULL, 1, "- UBND huyện Phú Vang");
    shows("[>5]\"- Lưu: VT.\";\"- UBND huyện Phú Vang\"", NULL, 7, "- Lưu: VT.");
    shows("[Blue][>=10]\"a\";[Red][<=1]\"b\";\"c\"", NULL, 3, "c");
    shows("[Blue][>=10]\"a\";[Red][<=1]\"b\";\"c\"", NULL, 0, "b");
    shows("[Blue][>=10]\"a\";[Red][<=1]\"b\";\"c\"", NULL, 10, "a");
    shows("[=1]\"một\";[<>1]\"khác\"", NULL, 2, "khác");
    shows("[<0]\"âm\";0", NULL, -1, "âm");
    shows("[>5]\"a\";[<0]\"b\"", NULL, 3, NULL);
    /* A date's format: the section the number takes decides whether it is a date. */
    assert_true(kc_xlsx_format_date_for("dd/mm/yyyy", 44000));
    assert_true(kc_xlsx_format_date_for(NULL, -1));
    assert_true(kc_xlsx_format_date_for("dd/mm/yyyy;\"- UBND huyện\"", 44000));
    assert_false(kc_xlsx_format_date_for("dd/mm/yyyy;\"- UBND huyện\"", -1));
    assert_false(kc_xlsx_format_date_for("[>5]dd/mm/yyyy;\"- UBND huyện\"", 1));
    shows("General;General", NULL, 3, NULL);
    shows("", NULL, 3, NULL);
    shows("\"unclosed", "t", 0, NULL);
    /* A code of a thousand @s on a long text stops past the bound (the cell is then refused). */
    char code[1001], text[2001];
    memset(code, '@', 1000);
    code[1000] = '\0';
    memset(text, 'a', 2000);
    text[2000] = '\0';
    char *big = kc_xlsx_format_show(code, text, false, 0);
    assert_true(strlen(big) > KC_XLSX_MAX_TEXT && strlen(big) <= KC_XLSX_MAX_TEXT + 2001);
    g_free(big);
    (void)state;
}

static void test_merged_areas(void **state)
{
    char *path = test_workbook(*state, "merged.xlsx",
        "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>SỔ ĐĂNG KÝ</t></is></c><c r=\"B1\" s=\"1\"/></row>"
        "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>Số</t></is></c><c r=\"B3\" t=\"inlineStr\"><is><t>Bản lưu</t>"
        "</is></c></row><row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>stray</t></is></c><c r=\"B4\" t=\"inlineStr\">"
        "<is><t>Đơn vị</t></is></c><c r=\"C4\" t=\"inlineStr\"><is><t>Số lượng</t></is></c></row>"
        "<row r=\"6\"><c r=\"A6\" t=\"inlineStr\"><is><t>1/QĐ</t></is></c><c r=\"D6\" t=\"inlineStr\"><is><t>Huyện</t>"
        "</is></c></row><row r=\"7\"><c r=\"A7\" t=\"inlineStr\"><is><t>2/QĐ</t></is></c></row>"
        "<row r=\"8\"><c r=\"B8\" t=\"inlineStr\"><is><t>Quý II</t></is></c></row></sheetData>"
        "<mergeCells count=\"5\"><mergeCell ref=\"A1:D1\"/><mergeCell ref=\"A3:A4\"/><mergeCell ref=\"B3:C3\"/>"
        "<mergeCell ref=\"D6:D7\"/><mergeCell ref=\"B8:D8\"/></mergeCells>",
        NULL, NULL);
    char *s = dump_ok(path, NULL);
    assert_string_equal(s,
        "1L:SỔ ĐĂNG KÝ|SỔ ĐĂNG KÝ|SỔ ĐĂNG KÝ|SỔ ĐĂNG KÝ\n"
        "3:Số|Bản lưu|Bản lưu\n"
        "4:Số|Đơn vị|Số lượng\n" /* the covered cell shows the merged value, not what hides under it */
        "6:1/QĐ|||Huyện\n"
        "7:2/QĐ|||Huyện\n"
        "8L:|Quý II|Quý II|Quý II\n");
    g_free(s);
    g_free(path);
}

/* Text beyond ASCII that Excel draws in an old 8-bit Vietnamese font (TCVN3
 * .VnTime, VNI-Times) is not the text the cell holds: the cell says so,
 * through its format's font, a rich run's rFont or a merged area's top cell;
 * ASCII, or runs in a Unicode font, are what they show. */
static void test_old_vietnamese_fonts(void **state)
{
    char *path = test_workbook(*state, "fonts.xlsx",
        "<sheetData><row r=\"1\"><c r=\"A1\" s=\"1\" t=\"s\"><v>0</v></c><c r=\"B1\" s=\"1\" t=\"s\"><v>1</v></c>"
        "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" s=\"1\" t=\"s\"><v>3</v></c><c r=\"E1\" s=\"2\" t=\"inlineStr\">"
        "<is><t>huyeän</t></is></c><c r=\"F1\" t=\"inlineStr\"><is><r><rPr><rFont val=\"VNI-Times\"/></rPr>"
        "<t>x</t></r></is></c><c r=\"G1\" s=\"1\" t=\"s\"><v>0</v></c></row><row r=\"2\"/></sheetData>"
        "<mergeCells count=\"1\"><mergeCell ref=\"G1:G2\"/></mergeCells>",
        "<si><t>huy\xc3\x96n</t></si><si><t>12/UBND-VX</t></si>"
        "<si><r><t>UBND </t></r><r><rPr><rFont val=\".VnTime\"/></rPr><t>huy\xc3\x96n</t></r></si>"
        "<si><r><rPr><rFont val=\"Times New Roman\"/></rPr><t>huyện</t></r></si>",
        "<fonts count=\"3\"><font><name val=\"Times New Roman\"/></font><font><name val=\".VnTime\"/></font>"
        "<font><name val=\"VNI-Times\"/></font></fonts><cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\"/>"
        "<xf numFmtId=\"0\" fontId=\"1\"/><xf numFmtId=\"0\" fontId=\"2\"/></cellXfs>");
    char *s = dump_ok(path, NULL);
    assert_string_equal(s, "1:huyÖn@.VnTime|12/UBND-VX|UBND huyÖn@.VnTime|huyện|huyeän@VNI-Times|x|huyÖn@.VnTime\n"
                           "2:||||||huyÖn@.VnTime\n");
    g_free(s);
    g_free(path);
}

static void test_sheet_by_name_through_relationships(void **state)
{
    const char *dir = *state;
    const char *parts[] = {
        "_rels/.rels", test_pkg_rels_xlsx,
        "xl/workbook.xml", XML_DECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\"><sheets>"
            "<sheet name=\"Ẩn\" sheetId=\"1\" state=\"hidden\" r:id=\"rId9\"/>"
            "<sheet name=\"Năm 2021\" sheetId=\"2\" r:id=\"rId2\"/><sheet name=\"Năm 2020\" sheetId=\"3\" r:id=\"rId1\"/>"
            "<sheet name=\"Biểu đồ\" sheetId=\"4\" r:id=\"rId4\"/></sheets></workbook>",
        "xl/_rels/workbook.xml.rels", XML_DECL "<Relationships xmlns=\"" NS_PR "\">"
            "<Relationship Id=\"rId1\" Type=\"" REL "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
            "<Relationship Id=\"rId2\" Type=\"" REL "worksheet\" Target=\"./worksheets/../worksheets/Sheet2.xml\"/>"
            "<Relationship Id=\"rId9\" Type=\"" REL "worksheet\" Target=\"worksheets/sheet9.xml\"/>"
            "<Relationship Id=\"rId4\" Type=\"" REL "chartsheet\" Target=\"chartsheets/sheet1.xml\"/></Relationships>",
        "xl/worksheets/sheet1.xml", XML_DECL "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\"><c t=\"inlineStr\">"
            "<is><t>2020</t></is></c></row></sheetData></worksheet>",
        "xl/worksheets/sheet2.xml", XML_DECL "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\"><c t=\"inlineStr\">"
            "<is><t>2021</t></is></c></row></sheetData></worksheet>",
        "xl/worksheets/sheet9.xml", XML_DECL "<worksheet xmlns=\"" NS_MAIN "\"><sheetData/></worksheet>",
        "xl/chartsheets/sheet1.xml", XML_DECL "<chartsheet xmlns=\"" NS_MAIN "\"/>",
        NULL,
    };
    char *path = test_zip(dir, "sheets.xlsx", parts);
    char *s = dump_ok(path, NULL); /* the first visible sheet, though its part is sheet2.xml */
    assert_string_equal(s, "1:2021\n");
    g_free(s);
    s = dump_ok(path, "năm 2020"); /* case ignored */
    assert_string_equal(s, "1:2020\n");
    g_free(s);
    s = dump_ok(path, "Na\xcc\x86m 2020"); /* NFD */
    assert_string_equal(s, "1:2020\n");
    g_free(s);
    kc_error err = {0};
    int rc;
    s = dump(path, "2019", &err, &rc);
    assert_int_equal(rc, KC_EFORMAT);
    assert_non_null(strstr(err.message, "sheets.xlsx"));
    assert_non_null(strstr(err.message, "\"Năm 2021\", \"Năm 2020\""));
    g_free(s);
    s = dump(path, "Biểu đồ", &err, &rc);
    assert_int_equal(rc, KC_EFORMAT);
    assert_non_null(strstr(err.message, "chart"));
    g_free(s);
    g_free(path);
}

/* The sheet Excel opens on (the active tab, unless hidden), and rows it hides. */
static void test_active_tab_and_hidden_rows(void **state)
{
    const char *dir = *state;
    char book[512];
    const char *parts[] = {
        "_rels/.rels", test_pkg_rels_xlsx,
        "xl/workbook.xml", book,
        "xl/_rels/workbook.xml.rels", XML_DECL "<Relationships xmlns=\"" NS_PR "\">"
            "<Relationship Id=\"rId1\" Type=\"" REL "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
            "<Relationship Id=\"rId2\" Type=\"" REL "worksheet\" Target=\"worksheets/sheet2.xml\"/>"
            "<Relationship Id=\"rId3\" Type=\"" REL "worksheet\" Target=\"worksheets/sheet3.xml\"/></Relationships>",
        "xl/worksheets/sheet1.xml", XML_DECL "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\"><c t=\"inlineStr\">"
            "<is><t>A</t></is></c></row></sheetData></worksheet>",
        "xl/worksheets/sheet2.xml", XML_DECL "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\"><c t=\"inlineStr\">"
            "<is><t>B</t></is></c></row></sheetData></worksheet>",
        "xl/worksheets/sheet3.xml", XML_DECL "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>"
            "<row r=\"1\"><c t=\"inlineStr\"><is><t>C</t></is></c></row>"
            "<row r=\"2\" hidden=\"1\"><c t=\"inlineStr\"><is><t>h</t></is></c></row>"
            "<row r=\"3\" ht=\"0\" customHeight=\"1\"><c t=\"inlineStr\"><is><t>z</t></is></c></row>"
            "<row r=\"4\" hidden=\"0\"><c t=\"inlineStr\"><is><t>v</t></is></c></row>"
            "</sheetData><autoFilter ref=\"A1:A4\"/></worksheet>",
        NULL,
    };
    static const struct { const char *view, *want; } cases[] = {
        {"<workbookView activeTab=\"2\"/>", "1:C\n2H:h\n3H:z\n4:v\n"}, /* the active tab */
        {"<workbookView activeTab=\"1\"/>", "1:A\n"},                     /* hidden: the first visible */
        {"<workbookView/>", "1:A\n"},                                       /* none: the first */
        {"<workbookView activeTab=\"9\"/>", "1:A\n"},                     /* out of range */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(book, sizeof book,
                 XML_DECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\"><bookViews>%s</bookViews><sheets>"
                          "<sheet name=\"A\" sheetId=\"1\" r:id=\"rId1\"/>"
                          "<sheet name=\"B\" sheetId=\"2\" state=\"hidden\" r:id=\"rId2\"/>"
                          "<sheet name=\"C\" sheetId=\"3\" r:id=\"rId3\"/></sheets></workbook>",
                 cases[i].view);
        char *path = test_zip(dir, "active.xlsx", parts);
        char *s = dump_ok(path, NULL);
        assert_string_equal(s, cases[i].want);
        g_free(s);
        kc_xlsx *x = NULL;
        assert_int_equal(kc_xlsx_open(&x, path, "C", NULL), 0);
        assert_true(kc_xlsx_has_filter(x));
        assert_int_equal(kc_xlsx_other_count(x), 2);
        assert_string_equal(kc_xlsx_other_name(x, 0), "A");
        assert_string_equal(kc_xlsx_other_name(x, 1), "B");
        kc_xlsx_free(x);
        g_free(path);
    }
}

/* rc and a message holding every one of the words. */
static void expect_refused(const char *path, int want, const char *const *words)
{
    kc_error err = {0};
    int rc;
    char *s = dump(path, NULL, &err, &rc);
    g_free(s);
    if (rc != want)
        fail_msg("rc %d, want %d: %s", rc, want, err.message);
    for (size_t i = 0; words[i]; i++)
        if (!strstr(err.message, words[i]))
            fail_msg("\"%s\" not in: %s", words[i], err.message);
}

static void test_hostile_xml(void **state)
{
    const char *dir = *state;
    /* Billion laughs: refused at the DOCTYPE, before any entity is declared. */
    char *path = test_workbook(dir, "laughs.xlsx", "<sheetData/>", NULL, NULL);
    g_free(path);
    const char *laughs[] = {
        "_rels/.rels", test_pkg_rels_xlsx,
        "xl/workbook.xml", XML_DECL "<!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">"
            "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><workbook xmlns=\"" NS_MAIN "\"><sheets><sheet name=\"&c;\"/>"
            "</sheets></workbook>",
        NULL,
    };
    path = test_zip(dir, "laughs.xlsx", laughs);
    expect_refused(path, KC_EFORMAT, (const char *[]){"laughs.xlsx", "xl/workbook.xml", "DOCTYPE", NULL});
    g_free(path);
    /* An external entity in the shared strings. */
    const char *xxe[] = {
        "_rels/.rels", test_pkg_rels_xlsx,
        "xl/workbook.xml", XML_DECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\"><sheets>"
            "<sheet name=\"A\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
        "xl/_rels/workbook.xml.rels", XML_DECL "<Relationships xmlns=\"" NS_PR "\">"
            "<Relationship Id=\"rId1\" Type=\"" REL "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
            "<Relationship Id=\"rId2\" Type=\"" REL "sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>",
        "xl/worksheets/sheet1.xml", XML_DECL "<worksheet xmlns=\"" NS_MAIN "\"><sheetData/></worksheet>",
        "xl/sharedStrings.xml", XML_DECL "<!DOCTYPE sst [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
            "<sst xmlns=\"" NS_MAIN "\"><si><t>&e;</t></si></sst>",
        NULL,
    };
    path = test_zip(dir, "xxe.xlsx", xxe);
    expect_refused(path, KC_EFORMAT, (const char *[]){"xxe.xlsx", "xl/sharedStrings.xml", "DOCTYPE", NULL});
    g_free(path);
    /* An entity without any DTD is simply undefined. */
    path = test_workbook(dir, "entity.xlsx", "<sheetData/>", "<si><t>&e;</t></si>", NULL);
    expect_refused(path, KC_EFORMAT, (const char *[]){"xl/sharedStrings.xml", "not well-formed", NULL});
    g_free(path);
    /* A shared string past the end; a part cut short; rows and cells out of order. */
    path = test_workbook(dir, "range.xlsx", "<sheetData><row r=\"3\"><c r=\"B3\" t=\"s\"><v>7</v></c></row></sheetData>",
                         "<si><t>x</t></si>", NULL);
    expect_refused(path, KC_EFORMAT, (const char *[]){"range.xlsx", "xl/worksheets/sheet1.xml", "B3", "7", "has 1", NULL});
    g_free(path);
    path = test_workbook(dir, "cut.xlsx", "<sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>x", NULL, NULL);
    expect_refused(path, KC_EFORMAT, (const char *[]){"cut.xlsx", "sheet1.xml", NULL});
    g_free(path);
    path = test_workbook(dir, "order.xlsx", "<sheetData><row r=\"5\"/><row r=\"4\"/></sheetData>", NULL, NULL);
    expect_refused(path, KC_EFORMAT, (const char *[]){"row 4 comes after row 5", NULL});
    g_free(path);
    path = test_workbook(dir, "cells.xlsx", "<sheetData><row r=\"1\"><c r=\"C1\"/><c r=\"B1\"/></row></sheetData>", NULL, NULL);
    expect_refused(path, KC_EFORMAT, (const char *[]){"B1", "out of order", NULL});
    g_free(path);
    path = test_workbook(dir, "ref.xlsx", "<sheetData><row r=\"1\"><c r=\"XFE1\"/></row></sheetData>", NULL, NULL);
    expect_refused(path, KC_EFORMAT, (const char *[]){"XFE1", NULL});
    g_free(path);
    path = test_workbook(dir, "wide.xlsx", "<sheetData><row r=\"1\"><c r=\"IW1\" t=\"inlineStr\"><is><t>x</t></is></c>"
                         "</row></sheetData>", NULL, NULL);
    expect_refused(path, KC_ELIMIT, (const char *[]){"IW1", "256", NULL});
    g_free(path);
    /* Nesting, attributes, a long cell. */
    GString *deep = g_string_new("<sheetData>");
    for (int i = 0; i < 200; i++)
        g_string_append(deep, "<x>");
    path = test_workbook(dir, "deep.xlsx", deep->str, NULL, NULL);
    expect_refused(path, KC_ELIMIT, (const char *[]){"nested", NULL});
    g_free(path);
    g_string_assign(deep, "<sheetData><row ");
    for (int i = 0; i < 70; i++)
        g_string_append_printf(deep, "a%d=\"1\" ", i);
    g_string_append(deep, "/></sheetData>");
    path = test_workbook(dir, "attrs.xlsx", deep->str, NULL, NULL);
    expect_refused(path, KC_ELIMIT, (const char *[]){"attributes", NULL});
    g_free(path);
    g_string_assign(deep, "<sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>");
    for (int i = 0; i < 140000; i++)
        g_string_append_c(deep, 'x');
    g_string_append(deep, "</t></is></c></row></sheetData>");
    path = test_workbook(dir, "long.xlsx", deep->str, NULL, NULL);
    expect_refused(path, KC_ELIMIT, (const char *[]){"A1", "longer than", NULL});
    g_free(path);
    /* A zip bomb: 2 MiB of spaces deflate to a few kilobytes. */
    g_string_assign(deep, "<sheetData>");
    for (int i = 0; i < (2 << 20); i++)
        g_string_append_c(deep, ' ');
    g_string_append(deep, "</sheetData>");
    path = test_workbook(dir, "bomb.xlsx", deep->str, NULL, NULL);
    expect_refused(path, KC_ELIMIT, (const char *[]){"bomb.xlsx", "sheet1.xml", "zip bomb", NULL});
    g_free(path);
    g_string_free(deep, TRUE);
}

static void test_not_workbooks(void **state)
{
    const char *dir = *state;
    char *path = g_build_filename(dir, "old.xls", NULL);
    assert_true(g_file_set_contents(path, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 and the rest", -1, NULL));
    expect_refused(path, KC_EFORMAT, (const char *[]){"old.xls", "97-2003", NULL});
    g_free(path);
    path = test_document(dir, "report.xlsx", "<w:p/>", NULL, NULL, NULL);
    expect_refused(path, KC_EFORMAT, (const char *[]){"not an Excel workbook", NULL});
    g_free(path);
    const char *empty[] = {"x.txt", "x", NULL};
    path = test_zip(dir, "empty.xlsx", empty);
    expect_refused(path, KC_EFORMAT, (const char *[]){"empty.xlsx", "not an Excel workbook", NULL});
    g_free(path);
}

/* ---- as a register -------------------------------------------------------------- */

static void test_register_from_workbook(void **state)
{
    const char *dir = *state;
    /* A title, a heading over two rows (merged cells, and "Bản lưu" over two
     * headings), the form's column numbers, a quarter heading across the table,
     * a row with a gap, and a number used twice. */
    char *path = test_workbook(dir, "so-di.xlsx",
        "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
        "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>1</v></c><c r=\"B3\" t=\"s\"><v>2</v></c><c r=\"C3\" t=\"s\"><v>3</v></c>"
        "<c r=\"E3\" t=\"s\"><v>4</v></c><c r=\"F3\" t=\"s\"><v>5</v></c></row>"
        "<row r=\"4\"><c r=\"C4\" t=\"s\"><v>6</v></c><c r=\"D4\" t=\"s\"><v>7</v></c></row>"
        "<row r=\"5\"><c r=\"A5\"><v>1</v></c><c r=\"B5\"><v>2</v></c><c r=\"C5\"><v>3</v></c><c r=\"D5\"><v>4</v></c>"
        "<c r=\"E5\"><v>5</v></c><c r=\"F5\"><v>6</v></c></row>"
        "<row r=\"6\"><c r=\"A6\" t=\"s\"><v>8</v></c><c r=\"B6\" s=\"1\"><v>44270</v></c><c r=\"E6\" t=\"s\"><v>9</v></c>"
        "<c r=\"F6\" t=\"s\"><v>10</v></c></row>"
        "<row r=\"8\"><c r=\"A8\" t=\"s\"><v>11</v></c></row>"
        "<row r=\"9\"><c r=\"A9\" t=\"s\"><v>8</v></c><c r=\"B9\" t=\"s\"><v>12</v></c></row></sheetData>"
        "<mergeCells><mergeCell ref=\"A1:F1\"/><mergeCell ref=\"A3:A4\"/><mergeCell ref=\"B3:B4\"/>"
        "<mergeCell ref=\"C3:D3\"/><mergeCell ref=\"E3:E4\"/><mergeCell ref=\"F3:F4\"/><mergeCell ref=\"A8:F8\"/>"
        "</mergeCells>",
        "<si><t>SỔ ĐĂNG KÝ VĂN BẢN ĐI</t></si><si><t>Số, ký hiệu văn bản</t></si><si><t>Ngày tháng văn bản</t></si>"
        "<si><t>Bản lưu</t></si><si><t>Nơi nhận văn bản</t></si><si><t>Tệp</t></si>"
        "<si><t>Đơn vị, người nhận bản lưu</t></si><si><t>Số lượng bản</t></si><si><t>12/QĐ-UBND</t></si>"
        "<si><t>UBND huyện Phú Vang</t></si><si><t>docs\\12.pdf</t></si><si><t>Quý II</t></si><si><t>ngày 7/4/2021</t></si>",
        "<cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs>");
    kc_register *reg = NULL;
    kc_error err = {0};
    if (kc_register_load(&reg, path, NULL, &err) != 0)
        fail_msg("%s", err.message);
    assert_string_equal(kc_register_sheet(reg), "Sổ đi");
    assert_int_equal(kc_register_count(reg), 2);
    const kc_register_row *r = kc_register_row_at(reg, 0);
    assert_int_equal(r->line, 6);
    assert_string_equal(r->where, "so-di.xlsx, sheet Sổ đi, row 6");
    assert_string_equal(r->number, "12/QĐ-UBND");
    assert_string_equal(r->date, "15/03/2021");
    assert_int_equal(r->month, 3);
    assert_string_equal(r->recipients, "UBND huyện Phú Vang");
    char *want = g_build_filename(dir, "docs", "12.pdf", NULL);
    assert_string_equal(r->file, want);
    g_free(want);
    r = kc_register_row_at(reg, 1);
    assert_int_equal(r->line, 9);
    bool dup = false;
    for (size_t i = 0; i < r->n_warnings; i++)
        dup |= strstr(r->warnings[i], "so-di.xlsx, sheet Sổ đi, row 9: number 12/QĐ-UBND was already used on row 6") != NULL;
    assert_true(dup);
    /* The quarter heading is not a document, and says so; no unknown column. */
    assert_int_equal(kc_register_warning_count(reg), 1);
    assert_non_null(strstr(kc_register_warning(reg, 0), "row 8: \"Quý II\""));
    kc_register_free(reg);
    /* The same through kc_register_load_csv is refused: it is no CSV. */
    assert_int_not_equal(kc_register_load_csv(&reg, path, &err), 0);
    g_free(path);
}

static void test_register_csv_title_and_two_row_heading(void **state)
{
    char *path = g_build_filename(*state, "so-di.csv", NULL);
    assert_true(g_file_set_contents(path,
        "SỔ ĐĂNG KÝ VĂN BẢN ĐI;;;\n;;;\nSố, ký hiệu;Ngày tháng;Bản lưu;\nvăn bản;văn bản;Số lượng bản;Tệp\n"
        "(1);(2);(3);(4)\n5/UBND-VX;07/02/2020;2;a.pdf\n", -1, NULL));
    kc_register *reg = NULL;
    kc_error err = {0};
    if (kc_register_load(&reg, path, "Sheet1", &err) != 0)
        fail_msg("%s", err.message);
    assert_int_equal(kc_register_count(reg), 1);
    const kc_register_row *r = kc_register_row_at(reg, 0);
    assert_string_equal(r->number, "5/UBND-VX");
    assert_int_equal(r->year, 2020);
    assert_string_equal(r->where, "row 6");
    assert_int_equal(r->n_warnings, 0);
    /* The only warning: a CSV has no sheets. */
    assert_int_equal(kc_register_warning_count(reg), 1);
    assert_non_null(strstr(kc_register_warning(reg, 0), "Sheet1"));
    kc_register_free(reg);
    g_free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cells_as_excel_shows_them, setup, teardown),
        cmocka_unit_test_setup_teardown(test_computed_formulas_through_their_format, setup, teardown),
        cmocka_unit_test(test_dates_1904_and_limits_of_serials),
        cmocka_unit_test(test_number_formats_show_their_text),
        cmocka_unit_test_setup_teardown(test_merged_areas, setup, teardown),
        cmocka_unit_test_setup_teardown(test_old_vietnamese_fonts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sheet_by_name_through_relationships, setup, teardown),
        cmocka_unit_test_setup_teardown(test_active_tab_and_hidden_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hostile_xml, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_workbooks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_register_from_workbook, setup, teardown),
        cmocka_unit_test_setup_teardown(test_register_csv_title_and_two_row_heading, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
