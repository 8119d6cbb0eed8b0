/* docx.c: word/document.xml walked with SAX and written out in the report's
 * tab-separated text form (the mapping is in docx.h).
 *
 * Paragraphs, runs, links and fields are handled here as they stream by; the
 * cells and rows of tables go to docx_table.c, which buffers each table until
 * it closes, because only the whole table says whether it holds criteria (a
 * header row "STT  TIÊU CHÍ ...", or numbered rows) or is a layout table
 * around a signature block.  Nested tables fold into the cell that holds them. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "docx.h"
#include "i18n.h"
#include "util.h"

/* What the elements on the stack are, as far as the walk cares. */
enum kind { K_OTHER, K_P, K_PPR, K_NUMPR, K_R, K_RPR, K_T, K_INSTR, K_TRPR, K_TCPR, K_HYPERLINK, K_FLD, K_MR, K_MT };

/* Text as markup: the report's markup characters escaped, tabs and control
 * characters made spaces (a tab would start a new cell). */
static void append_escaped(GString *s, const char *t, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c == '&')
            g_string_append(s, "&amp;");
        else if (c == '<')
            g_string_append(s, "&lt;");
        else if (c == '>')
            g_string_append(s, "&gt;");
        else if (c == '"')
            g_string_append(s, "&quot;");
        else if (c < 0x20 || c == 0x7F)
            g_string_append_c(s, ' ');
        else
            g_string_append_c(s, (char)c);
    }
}

/* ---- paragraphs, cells, rows ----------------------------------------------------- */

static int end_paragraph(kc_xml *x, kc_docx_walker *w)
{
    long num_id = w->num_id, ilvl = w->ilvl;
    char *label = NULL;
    int rc = 0;

    w->in_p = false;
    if (!w->has_numpr && !kc_docx_style_numbering(w->pr, w->pstyle, &num_id, &ilvl))
        num_id = -1;
    if (num_id > 0)
        label = kc_docx_number(w->pr, num_id, ilvl < 0 ? 0 : ilvl);
    GString *m = g_string_new(NULL);
    if (label) {
        append_escaped(m, label, strlen(label));
        if (w->pm->len)
            g_string_append_c(m, ' ');
    }
    g_string_append(m, w->pm->str);
    free(label);
    kc_docx_para p = {g_string_free(m, FALSE), w->vis > 0 && w->bold_vis == w->vis};
    if (strlen(p.markup) > KC_DOCX_MAX_LINE) {
        rc = kc_xml_fail(x, KC_ELIMIT, _("a paragraph longer than %u bytes"), KC_DOCX_MAX_LINE);
    } else if (w->level > 0 && w->in_cell) {
        if (!w->cell.p)
            w->cell.p = g_array_new(FALSE, FALSE, sizeof(kc_docx_para));
        g_array_append_val(w->cell.p, p);
        p.markup = NULL;
    } else if (w->level == 0) {
        char *place = g_strdup_printf(_("paragraph %zu"), ++w->paras);
        rc = kc_docx_emit_para(x, w, &p, place);
        g_free(place);
    }
    g_free(p.markup);
    free(w->pstyle);
    w->pstyle = NULL;
    return rc;
}

/* ---- SAX ------------------------------------------------------------------------- */

/* The URL of a HYPERLINK field instruction: HYPERLINK "https://..." \l "x". */
static char *field_url(const char *instr)
{
    while (*instr == ' ')
        instr++;
    if (g_ascii_strncasecmp(instr, "HYPERLINK", 9) != 0)
        return NULL;
    const char *q = strchr(instr, '"'), *e = q ? strchr(q + 1, '"') : NULL;
    return e && e > q + 1 ? g_strndup(q + 1, (gsize)(e - q - 1)) : NULL;
}

static void open_link(kc_docx_walker *w, const char *href)
{
    g_string_append(w->pm, "<a href=\"");
    append_escaped(w->pm, href, strlen(href));
    g_string_append(w->pm, "\">");
    w->opened[w->depth] = true;
}

static long word_long(const kc_xml_attrs *a, const char *name, long dflt, long max)
{
    const char *v = kc_xml_attr(a, KC_NS_WORD, name);
    char *end = NULL;
    long n = v ? strtol(v, &end, 10) : dflt;
    return !v || !end || *end || n < 0 || n > max ? dflt : n;
}

/* Hidden text (w:vanish) is neither shown nor printed by Word or LibreOffice:
 * read, it let a report show "7/7, đạt 100%" while lint held the register's
 * 5/7, written hidden before it, against the register. */
static bool run_hidden(const kc_docx_walker *w)
{
    return kc_docx_hidden(w->pr, w->pstyle, w->r_style_vanish, w->r_vanish);
}

/* Markup compatibility (ECMA-376 part 3): of an mc:AlternateContent Word shows
 * the first mc:Choice whose Requires it understands, else the mc:Fallback.
 * Left out whole, a report's "100%" put in a Choice that Word shows was never
 * held against the register.  These are the namespaces Word 2010 and later
 * understand (LibreOffice takes w14's Choice too). */
static bool word_knows(const char *uri)
{
    static const char *const known[] = {
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "http://schemas.openxmlformats.org/officeDocument/2006/math",
        "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
        "http://schemas.openxmlformats.org/drawingml/2006/main",
        "http://schemas.openxmlformats.org/drawingml/2006/picture",
        "urn:schemas-microsoft-com:vml",
        "urn:schemas-microsoft-com:office:office",
        "urn:schemas-microsoft-com:office:word",
        "http://schemas.microsoft.com/office/word/2006/wordml",
        "http://schemas.microsoft.com/office/word/2010/wordml",
        "http://schemas.microsoft.com/office/word/2012/wordml",
        "http://schemas.microsoft.com/office/word/2015/wordml/symex",
        "http://schemas.microsoft.com/office/word/2016/wordml/cid",
        "http://schemas.microsoft.com/office/word/2018/wordml",
        "http://schemas.microsoft.com/office/word/2018/wordml/cex",
        "http://schemas.microsoft.com/office/word/2020/wordml/sdtdatahash",
        "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
        "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
        "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
        "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
        "http://schemas.microsoft.com/office/word/2010/wordprocessingInk",
        "http://schemas.microsoft.com/office/drawing/2010/main",
    };
    for (size_t i = 0; uri && i < G_N_ELEMENTS(known); i++)
        if (strcmp(uri, known[i]) == 0)
            return true;
    return false;
}

/* Whether Word takes the mc:Choice whose Requires is req: every prefix it
 * names must be declared and understood. */
static bool choice_taken(const kc_xml *x, const char *req)
{
    char **prefixes = g_strsplit_set(req ? req : "", " \t\r\n", -1);
    bool any = false, all = true;
    for (char **p = prefixes; *p && all; p++)
        if (**p) {
            any = true;
            all = word_knows(kc_xml_ns_uri(x, *p));
        }
    g_strfreev(prefixes);
    return any && all;
}

/* Whether child name of an mc:AlternateContent is the branch Word shows. */
static bool alt_branch_shown(kc_xml *x, kc_docx_walker *w, const char *name, const kc_xml_attrs *a)
{
    bool *taken = &w->alt_taken[w->depth - 1];
    bool shown = !*taken && ((strcmp(name, "Choice") == 0 && choice_taken(x, kc_xml_attr(a, KC_NS_NONE, "Requires"))) ||
                             strcmp(name, "Fallback") == 0);
    *taken |= shown;
    return shown;
}

/* Text a run shows, added to the paragraph's markup, its bold runs <b>. */
static int run_text(kc_xml *x, kc_docx_walker *w, const char *s, size_t len)
{
    if (w->pm->len + len > KC_DOCX_MAX_LINE)
        return kc_xml_fail(x, KC_ELIMIT, _("a paragraph longer than %u bytes"), KC_DOCX_MAX_LINE);
    int bold = w->r_bold >= 0 ? w->r_bold : w->r_style_bold >= 0 ? w->r_style_bold : kc_docx_style_bold(w->pr, w->pstyle, 'p');
    /* libxml2 hands text over in pieces: bold pieces that meet are one <b>. */
    if (bold > 0 && w->bold_end && w->pm->len == w->bold_end)
        g_string_truncate(w->pm, w->pm->len - 4);
    else if (bold > 0)
        g_string_append(w->pm, "<b>");
    append_escaped(w->pm, s, len);
    if (bold > 0) {
        g_string_append(w->pm, "</b>");
        w->bold_end = w->pm->len;
    }
    for (const char *p = s; p < s + len; p = g_utf8_next_char(p))
        if (!g_unichar_isspace(g_utf8_get_char(p))) {
            w->vis++;
            w->bold_vis += bold > 0;
        }
    return 0;
}

/* Fonts whose symbols are pictures (a ticked box, a folder, a hand), not the
 * letters or digits at their places. */
static bool picture_font(const char *font)
{
    static const char *const fonts[] = {"Wingdings", "Webdings", "Marlett", "ZapfDingbats", "Zapf Dingbats",
                                        "Monotype Sorts", "MS Outlook", "Bookshelf Symbol"};
    for (size_t i = 0; font && i < G_N_ELEMENTS(fonts); i++)
        if (g_ascii_strncasecmp(font, fonts[i], strlen(fonts[i])) == 0)
            return true;
    return false;
}

/* A symbol (w:sym, Insert > Symbol) is a character Word and LibreOffice draw
 * like any other: left unread, a report's "7/7 …, đạt 100%" written with its
 * digits as symbols showed 100% and lint held no figure against the register.
 * w:char is a Unicode code point, or, for a symbol font, U+F000 plus the
 * font's own code: Symbol and the text fonts draw digits, '/', '%', ',' and
 * '.' at their ASCII places, so those places are read as such; the picture
 * fonts' and the rest of the private use area as nothing, as numbering's
 * bullets are. */
static int sym_text(kc_xml *x, kc_docx_walker *w, const kc_xml_attrs *a)
{
    const char *v = kc_xml_attr(a, KC_NS_WORD, "char");
    char *end = NULL, buf[8];
    unsigned long c = v && *v ? strtoul(v, &end, 16) : 0;
    if (!end || *end || c == 0 || c > 0x10FFFF)
        return 0;
    if (c >= 0xF020 && c <= 0xF07E && strchr("0123456789%/,. ", (int)(c - 0xF000)) &&
        !picture_font(kc_xml_attr(a, KC_NS_WORD, "font")))
        c -= 0xF000;
    else if ((c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000 || !g_unichar_validate((gunichar)c))
        return 0;
    return run_text(x, w, buf, (size_t)g_unichar_to_utf8((gunichar)c, buf));
}

/* An equation (Insert > Equation, m:oMath) is drawn in the line like text:
 * left unread, a report's "7/7 …, đạt 100%" written as an equation, or its
 * 7/7 as a built-up fraction, showed 100% and lint held no figure against
 * the register.  Its runs' text (m:t) is read in order, a fraction's
 * numerator followed by '/' (see doc_end), as a person reads "7 over 7". */
static unsigned char math_start(kc_docx_walker *w, unsigned parent, const char *name)
{
    if (strcmp(name, "oMathPara") == 0 && w->in_p)
        g_string_append(w->pm, "<br>"); /* a display equation: a line of its own */
    if (strcmp(name, "r") == 0) {
        /* its formatting is Office Math's own: hidden only as its paragraph is */
        w->r_bold = w->r_style_bold = w->r_vanish = w->r_style_vanish = -1;
        return K_MR;
    }
    return strcmp(name, "t") == 0 && parent == K_MR && w->in_p ? K_MT : K_OTHER;
}

static bool skipped(const char *name)
{
    static const char *const names[] = {"drawing", "pict", "object", "txbxContent", "moveFrom", "sdtPr",
                                        "footnoteReference", "endnoteReference", "commentReference"};
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

static int doc_start(kc_xml *x, void *ud, kc_ns ns, const char *name, const kc_xml_attrs *a)
{
    kc_docx_walker *w = ud;
    unsigned parent = w->kind[w->depth];
    unsigned char kind = K_OTHER;
    int rc = 0;

    w->depth++;
    w->opened[w->depth] = false;
    w->alt[w->depth] = w->alt_taken[w->depth] = false;
    if (w->depth == 1 && (ns != KC_NS_WORD || strcmp(name, "document") != 0))
        return kc_xml_fail(x, KC_EFORMAT, "%s", _("not a Word document (an Excel workbook, or another kind of file?)"));
    if (!w->skip && ns == KC_NS_MC && strcmp(name, "AlternateContent") == 0) {
        /* transparent: its branch is read as if it stood in its place */
        w->alt[w->depth] = true;
        w->kind[w->depth] = parent;
        return 0;
    }
    if (!w->skip && w->alt[w->depth - 1] && ns == KC_NS_MC && alt_branch_shown(x, w, name, a)) {
        w->kind[w->depth] = parent;
        return 0;
    }
    if (w->skip || w->alt[w->depth - 1] || (ns == KC_NS_WORD && skipped(name))) {
        if (!w->skip)
            w->skip = w->depth;
        w->kind[w->depth] = K_OTHER;
        return 0;
    }
    if (ns == KC_NS_MATH) {
        w->kind[w->depth] = math_start(w, parent, name);
        return 0;
    }
    if (ns != KC_NS_WORD) {
        w->kind[w->depth] = K_OTHER;
        return 0;
    }
    /* Word and LibreOffice draw the imported document where it stands: read
     * around, "7/7 …, đạt 100%" so imported was never held (rtnum13). */
    if (strcmp(name, "altChunk") == 0)
        return kc_xml_fail(x, KC_EFORMAT, "%s",
                           _("it imports another document (w:altChunk), which Word shows in its place and kiemchung "
                             "does not read: open it in Word and save it, which writes that text into the report"));
    if (strcmp(name, "p") == 0) {
        if (w->in_p && (rc = end_paragraph(x, w)) != 0) /* a paragraph in a paragraph: close the outer */
            return rc;
        kind = K_P;
        w->in_p = true;
        w->has_numpr = false;
        w->num_id = w->ilvl = -1;
        w->vis = w->bold_vis = 0;
        w->bold_end = 0;
        g_string_truncate(w->pm, 0);
    } else if (strcmp(name, "pPr") == 0 && parent == K_P) {
        kind = K_PPR;
    } else if (strcmp(name, "pStyle") == 0 && parent == K_PPR) {
        const char *v = kc_xml_attr(a, KC_NS_WORD, "val");
        free(w->pstyle);
        w->pstyle = v ? strdup(v) : NULL;
    } else if (strcmp(name, "numPr") == 0 && parent == K_PPR) {
        kind = K_NUMPR;
        w->has_numpr = true;
    } else if (strcmp(name, "numId") == 0 && parent == K_NUMPR) {
        w->num_id = word_long(a, "val", -1, 1000000);
    } else if (strcmp(name, "ilvl") == 0 && parent == K_NUMPR) {
        w->ilvl = word_long(a, "val", 0, 8);
    } else if (strcmp(name, "r") == 0) {
        kind = K_R;
        w->r_bold = w->r_style_bold = w->r_vanish = w->r_style_vanish = -1;
    } else if (strcmp(name, "rPr") == 0 && parent == K_R) {
        kind = K_RPR;
    } else if (strcmp(name, "b") == 0 && parent == K_RPR) {
        const char *v = kc_xml_attr(a, KC_NS_WORD, "val");
        w->r_bold = !v || !strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "on");
    } else if (strcmp(name, "vanish") == 0 && parent == K_RPR) {
        const char *v = kc_xml_attr(a, KC_NS_WORD, "val");
        w->r_vanish = !v || !strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "on");
    } else if (strcmp(name, "rStyle") == 0 && parent == K_RPR) {
        w->r_style_bold = kc_docx_style_bold(w->pr, kc_xml_attr(a, KC_NS_WORD, "val"), 'c');
        w->r_style_vanish = kc_docx_style_vanish(w->pr, kc_xml_attr(a, KC_NS_WORD, "val"), 'c');
    } else if (strcmp(name, "t") == 0 && (parent == K_R || parent == K_MR) && w->in_p) {
        kind = K_T;
    } else if (parent == K_R && w->in_p && run_hidden(w) && strcmp(name, "fldChar") && strcmp(name, "instrText")) {
        /* hidden text: nothing of the run is shown, its tabs and breaks neither
         * (a field's characters and instructions still make the field) */
    } else if (parent == K_R && w->in_p && (!strcmp(name, "tab") || !strcmp(name, "ptab"))) {
        g_string_append_c(w->pm, ' ');
    } else if (parent == K_R && w->in_p && (!strcmp(name, "br") || !strcmp(name, "cr"))) {
        g_string_append(w->pm, "<br>");
    } else if (parent == K_R && w->in_p && !strcmp(name, "noBreakHyphen")) {
        g_string_append_c(w->pm, '-');
    } else if (parent == K_R && w->in_p && !strcmp(name, "sym")) {
        rc = sym_text(x, w, a);
    } else if (strcmp(name, "instrText") == 0 && parent == K_R) {
        kind = K_INSTR;
    } else if (strcmp(name, "fldChar") == 0 && w->in_p) {
        const char *t = kc_xml_attr(a, KC_NS_WORD, "fldCharType");
        if (t && !strcmp(t, "begin")) {
            if (w->nfld < KC_DOCX_MAX_FIELDS) {
                w->fld[w->nfld].result = w->fld[w->nfld].link = false;
                g_string_truncate(w->fld[w->nfld++].instr, 0);
            } else {
                w->fld_over++;
            }
        } else if (t && !strcmp(t, "separate") && w->nfld && !w->fld_over) {
            char *url = field_url(w->fld[w->nfld - 1].instr->str);
            w->fld[w->nfld - 1].result = true;
            if (url) {
                open_link(w, url);
                w->opened[w->depth] = false; /* closed by the field's end, not this element's */
                w->fld[w->nfld - 1].link = true;
            }
            g_free(url);
        } else if (t && !strcmp(t, "end")) {
            if (w->fld_over)
                w->fld_over--;
            else if (w->nfld && w->fld[--w->nfld].link)
                g_string_append(w->pm, "</a>");
        }
    } else if (strcmp(name, "hyperlink") == 0 && w->in_p) {
        const kc_ooxml_rel *r = kc_ooxml_rel_by_id(w->rels, w->nrels, kc_xml_attr(a, KC_NS_REL, "id"));
        if (r && r->external)
            open_link(w, r->target);
    } else if (strcmp(name, "fldSimple") == 0 && w->in_p) {
        char *url = field_url(kc_xml_attr(a, KC_NS_WORD, "instr") ? kc_xml_attr(a, KC_NS_WORD, "instr") : "");
        if (url)
            open_link(w, url);
        g_free(url);
    } else if (strcmp(name, "tbl") == 0) {
        if (w->in_p && (rc = end_paragraph(x, w)) != 0)
            return rc;
        if (++w->level == 1)
            w->tables++;
    } else if (strcmp(name, "tr") == 0 && w->level == 1) {
        kc_docx_row_clear(&w->row);
        w->gridcol = 0;
    } else if (strcmp(name, "trPr") == 0 && w->level == 1) {
        kind = K_TRPR;
    } else if (strcmp(name, "gridBefore") == 0 && parent == K_TRPR) {
        for (long k = word_long(a, "val", 0, KC_DOCX_MAX_COLS); k > 0 && rc == 0; k--) {
            kc_docx_cell empty = {0};
            rc = kc_docx_add_cell(x, w, &empty);
            w->gridcol++;
        }
    } else if (strcmp(name, "tc") == 0 && w->level == 1) {
        kc_docx_cell_clear(&w->cell);
        w->in_cell = true;
        w->span = 1;
        w->vmerge = 0;
    } else if (strcmp(name, "tcPr") == 0 && w->level == 1) {
        kind = K_TCPR;
    } else if (strcmp(name, "gridSpan") == 0 && parent == K_TCPR) {
        w->span = word_long(a, "val", 1, KC_DOCX_MAX_COLS);
    } else if (strcmp(name, "vMerge") == 0 && parent == K_TCPR) {
        const char *v = kc_xml_attr(a, KC_NS_WORD, "val");
        w->vmerge = v && !strcmp(v, "restart") ? 1 : 2;
    }
    w->kind[w->depth] = kind;
    return rc;
}

static int doc_end(kc_xml *x, void *ud, kc_ns ns, const char *name)
{
    kc_docx_walker *w = ud;
    int rc = 0;
    bool was_skip = w->skip != 0;
    if (w->opened[w->depth] && w->in_p)
        g_string_append(w->pm, "</a>");
    w->opened[w->depth] = false;
    if (w->skip == w->depth)
        w->skip = 0;
    w->depth--;
    if (!was_skip && ns == KC_NS_MATH && strcmp(name, "num") == 0 && w->in_p && !run_hidden(w))
        return run_text(x, w, "/", 1); /* a fraction: numerator / denominator */
    if (!was_skip && ns == KC_NS_MATH && strcmp(name, "oMathPara") == 0 && w->in_p)
        g_string_append(w->pm, "<br>");
    if (was_skip || ns != KC_NS_WORD)
        return 0;
    if (strcmp(name, "p") == 0 && w->in_p)
        rc = end_paragraph(x, w);
    else if (strcmp(name, "tc") == 0 && w->level == 1 && w->in_cell)
        rc = kc_docx_end_cell(x, w);
    else if (strcmp(name, "tr") == 0 && w->level == 1)
        rc = kc_docx_end_row(x, w);
    else if (strcmp(name, "tbl") == 0 && w->level > 0 && --w->level == 0)
        rc = kc_docx_emit_table(x, w);
    return rc;
}

static int doc_text(kc_xml *x, void *ud, const char *s, size_t len)
{
    kc_docx_walker *w = ud;
    unsigned k = w->kind[w->depth];
    if (w->skip)
        return 0;
    if (k == K_INSTR && w->nfld && !w->fld_over) {
        if (w->fld[w->nfld - 1].instr->len + len > 4096)
            return kc_xml_fail(x, KC_ELIMIT, "%s", _("a field instruction longer than 4096 bytes"));
        g_string_append_len(w->fld[w->nfld - 1].instr, s, (gssize)len);
        return 0;
    }
    if ((k != K_T && k != K_MT) || run_hidden(w))
        return 0;
    if (!memmem(s, len, "\xEF\x80", 2))
        return run_text(x, w, s, len);
    /* A symbol font's codes typed as text (U+F030–U+F039 for its digits,
     * U+F025 '%', U+F02F '/'): Word draws Symbol's digits there, LibreOffice
     * a digit in any font; unread, "7/7 …, đạt 100%" so typed held
     * no figure.  Read as the ASCII places they stand for (see sym_text); in a
     * picture font Word draws pictures there, and a figure read from them is
     * one too many, not one missed. */
    GString *t = g_string_sized_new(len);
    for (size_t i = 0; i < len; i++) {
        const unsigned char *u = (const unsigned char *)s + i;
        if (i + 2 < len && u[0] == 0xEF && u[1] == 0x80 && u[2] >= 0xA0 && strchr("0123456789%/,. ", u[2] - 0x80)) {
            g_string_append_c(t, (char)(u[2] - 0x80));
            i += 2;
        } else {
            g_string_append_c(t, (char)u[0]);
        }
    }
    int rc = run_text(x, w, t->str, t->len);
    g_string_free(t, TRUE);
    return rc;
}

/* ---- the document ------------------------------------------------------------------ */

int kc_docx_to_text(kc_docx_text *out, const char *path, kc_error *err)
{
    static const kc_xml_handler h = {doc_start, doc_end, doc_text};
    kc_ooxml *p = NULL;
    kc_ooxml_rel *prels = NULL, *rels = NULL;
    size_t nprels = 0, nrels = 0;
    kc_docx_walker w;
    int rc;

    memset(out, 0, sizeof *out);
    memset(&w, 0, sizeof w);
    w.out = g_string_new(NULL);
    w.places = g_ptr_array_new();
    w.pm = g_string_new(NULL);
    for (int i = 0; i < KC_DOCX_MAX_FIELDS; i++)
        w.fld[i].instr = g_string_new(NULL);
    if ((rc = kc_ooxml_open(&p, path, err)) != 0 || (rc = kc_ooxml_rels(&prels, &nprels, p, NULL, err)) != 0)
        goto out;
    const kc_ooxml_rel *main = kc_ooxml_rel_by_type(prels, nprels, "officeDocument");
    const char *part = main ? main->target : "word/document.xml";
    if (!kc_ooxml_has(p, part)) {
        rc = kc_error_set(err, KC_EFORMAT, _("%s: not a Word document (no %s in it)"), kc_ooxml_name(p), part);
        goto out;
    }
    if ((rc = kc_ooxml_rels(&rels, &nrels, p, part, err)) != 0 ||
        (rc = kc_docx_props_load(&w.pr, p, rels, nrels, err)) != 0)
        goto out;
    w.rels = rels;
    w.nrels = nrels;
    if ((rc = kc_ooxml_parse(p, part, KC_OOXML_MAX_PART_LARGE, &h, &w, err)) != 0)
        goto out;
    out->len = w.out->len;
    out->nplaces = w.places->len;
    out->text = g_string_free(w.out, FALSE);
    out->places = (char **)g_ptr_array_free(w.places, FALSE);
    w.out = NULL;
    w.places = NULL;
out:
    if (w.out)
        g_string_free(w.out, TRUE);
    if (w.places) {
        for (size_t i = 0; i < w.places->len; i++)
            free(g_ptr_array_index(w.places, i));
        g_ptr_array_free(w.places, TRUE);
    }
    g_string_free(w.pm, TRUE);
    for (int i = 0; i < KC_DOCX_MAX_FIELDS; i++)
        g_string_free(w.fld[i].instr, TRUE);
    kc_docx_rows_clear(&w);
    kc_docx_row_clear(&w.row);
    kc_docx_cell_clear(&w.cell);
    for (int i = 0; i < KC_DOCX_MAX_COLS; i++)
        kc_docx_cell_clear(&w.vm[i]);
    free(w.pstyle);
    kc_docx_props_free(w.pr);
    kc_ooxml_rels_free(prels, nprels);
    kc_ooxml_rels_free(rels, nrels);
    kc_ooxml_free(p);
    return rc;
}

void kc_docx_text_clear(kc_docx_text *t)
{
    if (!t)
        return;
    g_free(t->text);
    for (size_t i = 0; i < t->nplaces; i++)
        free(t->places[i]);
    g_free(t->places);
    memset(t, 0, sizeof *t);
}
