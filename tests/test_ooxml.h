/* test_ooxml.h: small Office packages written for a test (test_xlsx.c,
 * test_docx.c): a zip of named parts, made with libzip in the fixture's
 * scratch directory, and the parts every workbook or document needs. */
#ifndef KC_TEST_OOXML_H
#define KC_TEST_OOXML_H

#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PR "http://schemas.openxmlformats.org/package/2006/relationships"
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

/* Writes dir/name holding the parts (name, content, name, content, ..., NULL);
 * returns the path (g_free).  A NULL content skips its part. */
static inline char *test_zip(const char *dir, const char *name, const char *const *parts)
{
    char *path = g_build_filename(dir, name, NULL);
    int zerr = 0;
    zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    if (!za)
        abort();
    for (size_t i = 0; parts[i]; i += 2) {
        if (!parts[i + 1])
            continue;
        zip_source_t *src = zip_source_buffer(za, parts[i + 1], strlen(parts[i + 1]), 0);
        if (!src || zip_file_add(za, parts[i], src, ZIP_FL_ENC_UTF_8) < 0)
            abort();
    }
    if (zip_close(za) != 0)
        abort();
    return path;
}

static const char test_pkg_rels_xlsx[] =
    XML_DECL "<Relationships xmlns=\"" NS_PR "\"><Relationship Id=\"rId1\" Type=\"" REL "officeDocument\" "
    "Target=\"xl/workbook.xml\"/></Relationships>";
static const char test_pkg_rels_docx[] =
    XML_DECL "<Relationships xmlns=\"" NS_PR "\"><Relationship Id=\"rId1\" Type=\"" REL "officeDocument\" "
    "Target=\"word/document.xml\"/></Relationships>";
static const char test_content_types[] =
    XML_DECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default "
    "Extension=\"xml\" ContentType=\"application/xml\"/></Types>";

/* A workbook of one sheet "Sổ đi" (part sheet1.xml) with optional shared
 * strings and styles. */
static inline char *test_workbook(const char *dir, const char *name, const char *sheet_data, const char *sst,
                                  const char *styles)
{
    char *sheet = g_strconcat(XML_DECL "<worksheet xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\">", sheet_data,
                              "</worksheet>", NULL);
    char *sst_xml = sst ? g_strconcat(XML_DECL "<sst xmlns=\"" NS_MAIN "\">", sst, "</sst>", NULL) : NULL;
    char *styles_xml = styles ? g_strconcat(XML_DECL "<styleSheet xmlns=\"" NS_MAIN "\">", styles, "</styleSheet>", NULL)
                              : NULL;
    const char *parts[] = {
        "[Content_Types].xml", test_content_types,
        "_rels/.rels", test_pkg_rels_xlsx,
        "xl/workbook.xml", XML_DECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\"><sheets>"
                           "<sheet name=\"Sổ đi\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
        "xl/_rels/workbook.xml.rels", XML_DECL "<Relationships xmlns=\"" NS_PR "\">"
                           "<Relationship Id=\"rId1\" Type=\"" REL "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                           "<Relationship Id=\"rId2\" Type=\"" REL "sharedStrings\" Target=\"sharedStrings.xml\"/>"
                           "<Relationship Id=\"rId3\" Type=\"" REL "styles\" Target=\"/xl/styles.xml\"/>"
                           "</Relationships>",
        "xl/worksheets/sheet1.xml", sheet,
        "xl/sharedStrings.xml", sst_xml,
        "xl/styles.xml", styles_xml,
        NULL,
    };
    char *path = test_zip(dir, name, parts);
    g_free(sheet);
    g_free(sst_xml);
    g_free(styles_xml);
    return path;
}

/* A Word document whose body is body, with optional styles, numbering and
 * extra relationships (Relationship elements). */
static inline char *test_document(const char *dir, const char *name, const char *body, const char *styles,
                                  const char *numbering, const char *rels)
{
    char *doc = g_strconcat(XML_DECL "<w:document xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R "\" "
                            "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>",
                            body, "</w:body></w:document>", NULL);
    char *drels = g_strconcat(XML_DECL "<Relationships xmlns=\"" NS_PR "\">"
                              "<Relationship Id=\"rId1\" Type=\"" REL "styles\" Target=\"styles.xml\"/>"
                              "<Relationship Id=\"rId2\" Type=\"" REL "numbering\" Target=\"numbering.xml\"/>",
                              rels ? rels : "", "</Relationships>", NULL);
    char *st = styles ? g_strconcat(XML_DECL "<w:styles xmlns:w=\"" NS_W "\">", styles, "</w:styles>", NULL) : NULL;
    char *num = numbering ? g_strconcat(XML_DECL "<w:numbering xmlns:w=\"" NS_W "\">", numbering, "</w:numbering>", NULL)
                          : NULL;
    const char *parts[] = {
        "[Content_Types].xml", test_content_types,
        "_rels/.rels", test_pkg_rels_docx,
        "word/document.xml", doc,
        "word/_rels/document.xml.rels", drels,
        "word/styles.xml", st,
        "word/numbering.xml", num,
        NULL,
    };
    char *path = test_zip(dir, name, parts);
    g_free(doc);
    g_free(drels);
    g_free(st);
    g_free(num);
    return path;
}

#endif
