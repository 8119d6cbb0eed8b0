/* xlsx_write.c: one sheet written as an Excel workbook (see xlsx_write.h).
 *
 * The worksheet's XML grows as cells are added; strings go to the shared
 * strings table once each (Excel's own way, which every reader takes, where
 * inline strings are refused by some older ones).  The parts are written
 * in the order Excel writes them, each element in the order the schema
 * (ECMA-376 Part 1, 18.3.1.99 worksheet) demands: Excel calls a file whose
 * elements are out of order corrupt and "repairs" it. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "util.h"
#include "xlsx_write.h"
#include "zipio.h"

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG "http://schemas.openxmlformats.org/package/2006/relationships"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define MAX_SHEET_NAME 31 /* characters: Excel's limit */

/* Cell formats (styles.xml's cellXfs, by index). */
enum { XF_DEFAULT = 0, XF_HEADER = 1, XF_PERCENT = 2, XF_WHOLE = 3 };

struct kc_xlsw {
    char *name;             /* the sheet's name */
    GString *rows;          /* <row>...</row> so far */
    unsigned nrows, col;    /* rows started; the next cell's column (0-based) */
    unsigned ncols;         /* the widest row */
    unsigned header_row;    /* the first row holding headings (1-based), 0 none yet */
    unsigned table_end;     /* the table's last row (kc_xlsw_end_table), 0 = the last row */
    bool open;              /* a <row> is open */
    GPtrArray *strings;     /* shared strings, in order */
    GHashTable *string_ix;  /* string -> index + 1 */
    GArray *widths;         /* double per column, 0 = default */
};

/* "A", "Z", "AA", ...: Excel's name of column col (0-based). */
static void column_name(char out[8], unsigned col)
{
    char tmp[8];
    size_t n = 0;
    col++;
    while (col && n < sizeof tmp - 1) {
        tmp[n++] = (char)('A' + (col - 1) % 26);
        col = (col - 1) / 26;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

/* text for XML character data or an attribute: & < > " escaped; characters
 * XML 1.0 cannot hold at all (controls other than tab and line breaks) as
 * Excel writes them, _xHHHH_, and a literal "_xHHHH_" protected as
 * _x005F_xHHHH_ so that a reader does not decode it. */
static void xml_text(GString *out, const char *text)
{
    char *valid = g_utf8_make_valid(text ? text : "", -1);
    for (const char *p = valid; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '&')
            g_string_append(out, "&amp;");
        else if (c == '<')
            g_string_append(out, "&lt;");
        else if (c == '>')
            g_string_append(out, "&gt;");
        else if (c == '"')
            g_string_append(out, "&quot;");
        else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            g_string_append_printf(out, "_x%04X_", c);
        else if (c == '_' && p[1] == 'x' && g_ascii_isxdigit(p[2]) && g_ascii_isxdigit(p[3]) &&
                 g_ascii_isxdigit(p[4]) && g_ascii_isxdigit(p[5]) && p[6] == '_')
            g_string_append(out, "_x005F_");
        else
            g_string_append_c(out, (char)c);
    }
    g_free(valid);
}

kc_xlsw *kc_xlsw_new(const char *name)
{
    kc_xlsw *w = g_new0(kc_xlsw, 1);
    GString *clean = g_string_new(NULL);
    char *valid = g_utf8_make_valid(name && *name ? name : "Sheet1", -1);
    glong chars = 0;
    for (const char *p = valid; *p && chars < MAX_SHEET_NAME; p = g_utf8_next_char(p), chars++) {
        gunichar c = g_utf8_get_char(p);
        /* Excel refuses these in a sheet's name, and an apostrophe at either end. */
        if (c < 0x20 || strchr("[]:*?/\\", (int)(c < 0x80 ? c : 'x')))
            g_string_append_c(clean, ' ');
        else
            g_string_append_unichar(clean, c);
    }
    g_free(valid);
    while (clean->len && (clean->str[0] == '\'' || clean->str[0] == ' '))
        g_string_erase(clean, 0, 1);
    while (clean->len && (clean->str[clean->len - 1] == '\'' || clean->str[clean->len - 1] == ' '))
        g_string_truncate(clean, clean->len - 1);
    if (!clean->len)
        g_string_assign(clean, "Sheet1");
    w->name = g_string_free(clean, FALSE);
    w->rows = g_string_new(NULL);
    w->strings = g_ptr_array_new_with_free_func(g_free);
    w->string_ix = g_hash_table_new(g_str_hash, g_str_equal);
    w->widths = g_array_new(FALSE, TRUE, sizeof(double));
    return w;
}

void kc_xlsw_free(kc_xlsw *w)
{
    if (!w)
        return;
    g_free(w->name);
    g_string_free(w->rows, TRUE);
    g_hash_table_destroy(w->string_ix);
    g_ptr_array_unref(w->strings);
    g_array_free(w->widths, TRUE);
    g_free(w);
}

static void close_row(kc_xlsw *w)
{
    if (w->open)
        g_string_append(w->rows, "</row>");
    w->open = false;
}

void kc_xlsw_row(kc_xlsw *w)
{
    close_row(w);
    w->nrows++;
    w->col = 0;
    w->open = true;
    g_string_append_printf(w->rows, "<row r=\"%u\">", w->nrows);
}

/* Opens a cell at the next column: <c r="B3" s=".." t=".."> */
static void cell_begin(kc_xlsw *w, int xf, const char *type)
{
    char col[8];
    if (!w->open)
        kc_xlsw_row(w);
    column_name(col, w->col);
    g_string_append_printf(w->rows, "<c r=\"%s%u\"", col, w->nrows);
    if (xf)
        g_string_append_printf(w->rows, " s=\"%d\"", xf);
    if (type)
        g_string_append_printf(w->rows, " t=\"%s\"", type);
    g_string_append_c(w->rows, '>');
    w->col++;
    if (w->col > w->ncols)
        w->ncols = w->col;
}

static void string_cell(kc_xlsw *w, const char *text, int xf)
{
    if (!text || !*text) {
        if (!xf) {
            kc_xlsw_blank(w);
            return;
        }
        cell_begin(w, xf, NULL); /* an empty heading keeps its shading */
        g_string_append(w->rows, "</c>");
        return;
    }
    char *valid = g_utf8_make_valid(text, -1);
    guint ix = GPOINTER_TO_UINT(g_hash_table_lookup(w->string_ix, valid));
    if (!ix) {
        g_ptr_array_add(w->strings, valid);
        ix = w->strings->len;
        g_hash_table_insert(w->string_ix, valid, GUINT_TO_POINTER(ix));
    } else {
        g_free(valid);
    }
    cell_begin(w, xf, "s");
    g_string_append_printf(w->rows, "<v>%u</v></c>", ix - 1);
}

void kc_xlsw_header(kc_xlsw *w, const char *text)
{
    if (!w->header_row)
        w->header_row = w->open ? w->nrows : w->nrows + 1;
    string_cell(w, text, XF_HEADER);
}

void kc_xlsw_text(kc_xlsw *w, const char *text)
{
    string_cell(w, text, XF_DEFAULT);
}

static void number_cell(kc_xlsw *w, double v, int xf)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    cell_begin(w, xf, NULL);
    /* Fifteen significant digits, as Excel keeps them, with a '.' whatever
     * the locale (SpreadsheetML's xsd:double): 0.714, not 0.71399999999999997. */
    g_string_append_printf(w->rows, "<v>%s</v></c>", g_ascii_formatd(buf, sizeof buf, "%.15g", v));
}

void kc_xlsw_number(kc_xlsw *w, double value)
{
    number_cell(w, value, value == (double)(long long)value ? XF_WHOLE : XF_DEFAULT);
}

void kc_xlsw_percent(kc_xlsw *w, double fraction)
{
    number_cell(w, fraction, XF_PERCENT);
}

void kc_xlsw_blank(kc_xlsw *w)
{
    if (!w->open)
        kc_xlsw_row(w);
    w->col++; /* a column skipped in the XML is an empty cell */
    if (w->col > w->ncols)
        w->ncols = w->col;
}

void kc_xlsw_end_table(kc_xlsw *w)
{
    w->table_end = w->nrows;
}

void kc_xlsw_width(kc_xlsw *w, unsigned col, double chars)
{
    if (col >= w->widths->len)
        g_array_set_size(w->widths, col + 1);
    g_array_index(w->widths, double, col) = chars;
}

/* ---- the parts --------------------------------------------------------------------- */

static char *content_types(void)
{
    return g_strdup(XML_DECL
                    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                    "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/"
                    "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                    "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/"
                    "vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                    "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/"
                    "vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
                    "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/"
                    "vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
                    "</Types>");
}

static char *package_rels(void)
{
    return g_strdup(XML_DECL "<Relationships xmlns=\"" NS_PKG "\">"
                    "<Relationship Id=\"rId1\" Type=\"" NS_REL "/officeDocument\" Target=\"xl/workbook.xml\"/>"
                    "</Relationships>");
}

static char *workbook_rels(void)
{
    return g_strdup(XML_DECL "<Relationships xmlns=\"" NS_PKG "\">"
                    "<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                    "<Relationship Id=\"rId2\" Type=\"" NS_REL "/styles\" Target=\"styles.xml\"/>"
                    "<Relationship Id=\"rId3\" Type=\"" NS_REL "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
                    "</Relationships>");
}

/* The table's area, "A1:Q5" (from the heading row), or NULL when empty. */
static char *table_ref(const kc_xlsw *w, bool absolute)
{
    char last[8];
    unsigned top = w->header_row ? w->header_row : 1, bottom = w->table_end ? w->table_end : w->nrows;
    if (!w->nrows || !w->ncols || top > bottom)
        return NULL;
    column_name(last, w->ncols - 1);
    return absolute ? g_strdup_printf("$A$%u:$%s$%u", top, last, bottom)
                    : g_strdup_printf("A%u:%s%u", top, last, bottom);
}

static char *workbook(const kc_xlsw *w)
{
    GString *s = g_string_new(XML_DECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\">"
                                       "<bookViews><workbookView/></bookViews><sheets><sheet name=\"");
    xml_text(s, w->name);
    g_string_append(s, "\" sheetId=\"1\" r:id=\"rId1\"/></sheets>");
    char *ref = w->header_row ? table_ref(w, true) : NULL;
    if (ref) {
        /* The AutoFilter's range, as Excel records it: a hidden name. */
        GString *quoted = g_string_new("'");
        for (const char *p = w->name; *p; p++)
            p[0] == '\'' ? g_string_append(quoted, "''") : g_string_append_c(quoted, *p);
        g_string_append_printf(quoted, "'!%s", ref);
        g_string_append(s, "<definedNames><definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"0\" hidden=\"1\">");
        xml_text(s, quoted->str);
        g_string_append(s, "</definedName></definedNames>");
        g_string_free(quoted, TRUE);
    }
    g_free(ref);
    g_string_append(s, "</workbook>");
    return g_string_free(s, FALSE);
}

static char *styles(void)
{
    return g_strdup(XML_DECL "<styleSheet xmlns=\"" NS_MAIN "\">"
                    "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"0.0%\"/></numFmts>"
                    "<fonts count=\"2\">"
                    "<font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
                    "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>"
                    "<fills count=\"3\"><fill><patternFill patternType=\"none\"/></fill>"
                    "<fill><patternFill patternType=\"gray125\"/></fill>"
                    "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFDDEBF7\"/><bgColor indexed=\"64\"/>"
                    "</patternFill></fill></fills>"
                    "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
                    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
                    "<cellXfs count=\"4\">"
                    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
                    "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" "
                    "applyFill=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>"
                    "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
                    "<xf numFmtId=\"1\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
                    "</cellXfs>"
                    "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
                    "</styleSheet>");
}

static char *shared_strings(const kc_xlsw *w)
{
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, XML_DECL "<sst xmlns=\"" NS_MAIN "\" count=\"%u\" uniqueCount=\"%u\">",
                           w->strings->len, w->strings->len);
    for (guint i = 0; i < w->strings->len; i++) {
        const char *t = w->strings->pdata[i];
        size_t n = strlen(t);
        /* Spaces at either end are kept only when the element says so. */
        bool keep = n && (g_ascii_isspace(t[0]) || g_ascii_isspace(t[n - 1]));
        g_string_append(s, keep ? "<si><t xml:space=\"preserve\">" : "<si><t>");
        xml_text(s, t);
        g_string_append(s, "</t></si>");
    }
    g_string_append(s, "</sst>");
    return g_string_free(s, FALSE);
}

static char *worksheet(kc_xlsw *w)
{
    GString *s = g_string_new(XML_DECL "<worksheet xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\">");
    char *ref = table_ref(w, false);
    char *all = NULL;
    if (w->nrows && w->ncols) {
        char last[8];
        column_name(last, w->ncols - 1);
        all = g_strdup_printf("A1:%s%u", last, w->nrows);
    }
    g_string_append_printf(s, "<dimension ref=\"%s\"/>", all ? all : "A1");
    g_string_append(s, "<sheetViews><sheetView workbookViewId=\"0\">");
    if (w->header_row && w->header_row < w->nrows)
        /* The headings stay in view while the rows scroll. */
        g_string_append_printf(s, "<pane ySplit=\"%u\" topLeftCell=\"A%u\" activePane=\"bottomLeft\" state=\"frozen\"/>"
                                  "<selection pane=\"bottomLeft\" activeCell=\"A%u\" sqref=\"A%u\"/>",
                               w->header_row, w->header_row + 1, w->header_row + 1, w->header_row + 1);
    g_string_append(s, "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>");
    bool cols = false;
    for (guint i = 0; i < w->widths->len; i++) {
        double width = g_array_index(w->widths, double, i);
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        if (width <= 0)
            continue;
        if (!cols)
            g_string_append(s, "<cols>");
        cols = true;
        g_string_append_printf(s, "<col min=\"%u\" max=\"%u\" width=\"%s\" customWidth=\"1\"/>", i + 1, i + 1,
                               g_ascii_dtostr(buf, sizeof buf, width));
    }
    if (cols)
        g_string_append(s, "</cols>");
    close_row(w);
    g_string_append(s, "<sheetData>");
    g_string_append_len(s, w->rows->str, (gssize)w->rows->len);
    g_string_append(s, "</sheetData>");
    if (ref && w->header_row)
        g_string_append_printf(s, "<autoFilter ref=\"%s\"/>", ref);
    /* Printed on A4 (paperSize 9), landscape, one page wide. */
    g_string_append(s, "<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" "
                       "footer=\"0.3\"/><pageSetup paperSize=\"9\" orientation=\"landscape\"/></worksheet>");
    g_free(ref);
    g_free(all);
    return g_string_free(s, FALSE);
}

int kc_xlsw_write(kc_xlsw *w, const char *path, kc_error *err)
{
    char *bodies[6] = {0};
    const char *names[] = {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                           "xl/styles.xml", "xl/sharedStrings.xml"};
    int64_t when = -1;
    kc_zw *zw = NULL;
    int rc;

    if ((rc = kc_source_date_epoch(&when, err)) != 0)
        return rc;
    if (when < 0)
        when = (int64_t)time(NULL);
    bodies[0] = content_types();
    bodies[1] = package_rels();
    bodies[2] = workbook(w);
    bodies[3] = workbook_rels();
    bodies[4] = styles();
    bodies[5] = shared_strings(w);
    char *sheet = worksheet(w);
    if ((rc = kc_zw_new(&zw, path, true, when, err)) != 0)
        goto out;
    for (size_t i = 0; i < G_N_ELEMENTS(names) && rc == 0; i++) {
        rc = kc_zw_add_buffer(zw, names[i], bodies[i], strlen(bodies[i]), true, err);
        if (i == 3 && rc == 0) /* Excel's order: the sheet after the workbook's relationships */
            rc = kc_zw_add_buffer(zw, "xl/worksheets/sheet1.xml", sheet, strlen(sheet), true, err);
    }
    if (rc == 0)
        rc = kc_zw_commit(zw, err);
out:
    kc_zw_free(zw);
    for (size_t i = 0; i < G_N_ELEMENTS(bodies); i++)
        g_free(bodies[i]);
    g_free(sheet);
    return rc;
}
