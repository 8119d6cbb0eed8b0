/* xlsx.c: an Excel workbook's structure (see xlsx.h): which part is the sheet
 * asked for (xl/workbook.xml and its relationships), the shared strings, and
 * which cell formats are dates and which custom formats the cells use
 * (xl/styles.xml).  The rows themselves are
 * streamed by xlsx_sheet.c. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "text.h"
#include "util.h"
#include "xlsx.h"

/* ---- small helpers --------------------------------------------------------------- */

static bool is_true(const char *v)
{
    return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "on") == 0);
}

void kc_xlsx_unescape(char *s)
{
    char *w = s;
    for (const char *p = s; *p;) {
        if (p[0] == '_' && p[1] == 'x' && g_ascii_isxdigit(p[2]) && g_ascii_isxdigit(p[3]) &&
            g_ascii_isxdigit(p[4]) && g_ascii_isxdigit(p[5]) && p[6] == '_') {
            gunichar c = (gunichar)(g_ascii_xdigit_value(p[2]) << 12 | g_ascii_xdigit_value(p[3]) << 8 |
                                    g_ascii_xdigit_value(p[4]) << 4 | g_ascii_xdigit_value(p[5]));
            p += 7;
            if (c >= 0xD800 && c <= 0xDFFF)
                continue; /* half a surrogate pair is no character */
            if (c == 0)
                c = ' ';
            w += g_unichar_to_utf8(c, w); /* at most 3 bytes for 7 read */
            continue;
        }
        *w++ = *p++;
    }
    *w = '\0';
    for (char *p = s; *p; p++)
        if (((unsigned char)*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || *p == 0x7F)
            *p = ' ';
}

char *kc_xlsx_serial_date(double serial, bool date1904)
{
    if (!(serial >= 0 && serial < 2958466.0)) /* also false for NaN */
        return NULL;
    long days = (long)serial;
    GDate *d;
    if (date1904) {
        d = g_date_new_dmy(1, G_DATE_JANUARY, 1904);
    } else {
        if (days < 1)
            return NULL; /* a time of day, not a date */
        if (days == 60)
            return strdup("29/02/1900"); /* Lotus 1-2-3's leap day, which Excel keeps */
        /* Serial 1 is 1 January 1900; past the phantom 29 February, one day less. */
        d = g_date_new_dmy(31, G_DATE_DECEMBER, 1899);
        if (days > 60)
            days--;
    }
    g_date_add_days(d, (guint)days);
    char *out = NULL;
    if (g_date_valid(d) && g_date_get_year(d) <= 9999)
        out = g_strdup_printf("%02d/%02d/%04d", g_date_get_day(d), g_date_get_month(d), g_date_get_year(d));
    g_date_free(d);
    return out;
}

bool kc_xlsx_format_is_date(const char *code)
{
    bool m = false, hs = false;
    for (const char *p = code; *p && *p != ';'; p++) {
        switch (*p) {
        case '"': /* literal text */
            p = strchr(p + 1, '"');
            if (!p)
                return false;
            break;
        case '\\': case '_': case '*': /* an escaped, padding or repeated character */
            if (p[1])
                p++;
            break;
        case '[': { /* [Red], [$-42A], [h] (elapsed hours: a duration, not a date) */
            const char *end = strchr(p, ']');
            if (!end)
                return false;
            if (p[1] == 'h' || p[1] == 'H' || p[1] == 's' || p[1] == 'S' || p[1] == 'm' || p[1] == 'M')
                hs = true;
            p = end;
            break;
        }
        case 'd': case 'D': case 'y': case 'Y':
            return true;
        case 'm': case 'M':
            m = true;
            break;
        case 'h': case 'H': case 's': case 'S':
            hs = true;
            break;
        default:
            break;
        }
    }
    return m && !hs; /* "mm/yyyy" returned above; "mmm" alone is a month, "mm:ss" a time */
}

static bool builtin_date(long id)
{
    /* ECMA-376 18.8.30: 14-17 and 22 everywhere; 27-36 and 50-58 are the
     * East Asian date formats.  18-21 and 45-47 are times of day. */
    return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

/* ---- xl/workbook.xml --------------------------------------------------------------- */

typedef struct sheet {
    char *name, *rid;
    bool hidden;
} sheet;

typedef struct book_ctx {
    kc_xlsx_book *b;
    GArray *sheets;  /* sheet */
    bool root_seen;
    long active;     /* the first workbookView's activeTab: the sheet Excel opens on (-1: none) */
} book_ctx;

#define SHEET(c, i) (&g_array_index((c)->sheets, sheet, (i)))

static int book_start(kc_xml *x, void *ud, kc_ns ns, const char *name, const kc_xml_attrs *a)
{
    book_ctx *c = ud;
    if (!c->root_seen && (ns != KC_NS_SHEET || strcmp(name, "workbook") != 0))
        return kc_xml_fail(x, KC_EFORMAT, "%s", _("not an Excel workbook (a Word document, or another kind of file?)"));
    c->root_seen = true;
    if (ns != KC_NS_SHEET)
        return 0;
    if (strcmp(name, "workbookPr") == 0) {
        c->b->date1904 = is_true(kc_xml_attr(a, KC_NS_NONE, "date1904"));
    } else if (strcmp(name, "calcPr") == 0) {
        /* XlsxWriter writes it with a cached 0 for every formula: Excel shows
         * what it computes, never that 0. */
        c->b->recalc = is_true(kc_xml_attr(a, KC_NS_NONE, "fullCalcOnLoad"));
    } else if (strcmp(name, "workbookView") == 0 && c->active < 0) {
        const char *tab = kc_xml_attr(a, KC_NS_NONE, "activeTab");
        char *end = NULL;
        long t = tab ? strtol(tab, &end, 10) : 0; /* absent: the first tab */
        c->active = tab && (!end || *end || t < 0) ? 0 : t;
    } else if (strcmp(name, "sheet") == 0) {
        const char *n = kc_xml_attr(a, KC_NS_NONE, "name"), *rid = kc_xml_attr(a, KC_NS_REL, "id");
        const char *state = kc_xml_attr(a, KC_NS_NONE, "state");
        if (!n || !rid)
            return kc_xml_fail(x, KC_EFORMAT, "%s", _("a sheet without a name or relationship"));
        if (c->sheets->len == KC_XLSX_MAX_SHEETS)
            return kc_xml_fail(x, KC_ELIMIT, _("more than %d sheets"), KC_XLSX_MAX_SHEETS);
        sheet add = {kc_text_nfc(n), g_strdup(rid), state && strcmp(state, "visible") != 0};
        g_array_append_val(c->sheets, add);
        if (!add.name)
            return kc_xml_oom(x);
    }
    return 0;
}

/* The sheet asked for: its name in NFC ignoring case; *named: how many bear
 * it (Excel keeps "Năm 2021" in NFD beside the same in NFC as two tabs, and a
 * hidden one beside the one it shows).  None asked for: the one Excel opens
 * on (the active tab, when it is visible), since that is the sheet the clerk
 * sees and means; else the first visible. */
static const sheet *choose(const book_ctx *c, const char *want, size_t *named)
{
    if (!want) {
        if (c->active >= 0 && (size_t)c->active < c->sheets->len && !SHEET(c, c->active)->hidden)
            return SHEET(c, c->active);
        for (size_t i = 0; i < c->sheets->len; i++)
            if (!SHEET(c, i)->hidden)
                return SHEET(c, i);
        return c->sheets->len ? SHEET(c, 0) : NULL;
    }
    char *w = kc_text_nfc(want), *wf = w ? g_utf8_casefold(w, -1) : NULL;
    const sheet *found = NULL;
    for (size_t i = 0; wf && i < c->sheets->len; i++) {
        char *f = g_utf8_casefold(SHEET(c, i)->name, -1);
        if (strcmp(f, wf) == 0 && !(*named)++)
            found = SHEET(c, i);
        g_free(f);
    }
    free(w);
    g_free(wf);
    return found;
}

/* ---- old 8-bit Vietnamese fonts ---------------------------------------------------------- */

/* TCVN3 (ABC: .VnTime, .VnArial, .VnTimeH …), VNI (VNI-Times, VNI-Helve …)
 * and VPS (VPS Times …) fonts place Vietnamese letters at the codes of
 * Latin-1 ones: a register typed before Unicode keeps "huyÖn" in the cell
 * and Excel draws "huyện" with the font. */
bool kc_xlsx_font_is_legacy(const char *name)
{
    static const char *const prefix[] = {".Vn", "VNI-", "VNI ", "VPS ", "VPS-"};
    if (!name)
        return false;
    while (*name == ' ')
        name++;
    for (size_t i = 0; i < G_N_ELEMENTS(prefix); i++)
        if (g_ascii_strncasecmp(name, prefix[i], strlen(prefix[i])) == 0)
            return true;
    return false;
}

void kc_xlsx_runs_start(kc_xlsx_runs *r, const char *name, const kc_xml_attrs *a)
{
    if (strcmp(name, "r") == 0) {
        r->in_run = true;
        r->run_named = false;
        r->run_font[0] = '\0';
    } else if (strcmp(name, "rFont") == 0 && r->in_run) {
        const char *v = kc_xml_attr(a, KC_NS_NONE, "val");
        r->run_named = r->rich = true;
        snprintf(r->run_font, sizeof r->run_font, "%s", v ? v : "");
    }
}

void kc_xlsx_runs_end(kc_xlsx_runs *r, const char *name)
{
    if (strcmp(name, "r") == 0)
        r->in_run = false;
}

void kc_xlsx_runs_text(kc_xlsx_runs *r, const char *t, size_t len)
{
    bool ascii = true;
    for (size_t i = 0; i < len && ascii; i++)
        ascii = !(t[i] & 0x80);
    if (ascii)
        return;
    if (!r->in_run || !r->run_named)
        r->plain = true;
    else if (!r->legacy && kc_xlsx_font_is_legacy(r->run_font))
        r->legacy = g_strdup(r->run_font);
}

void kc_xlsx_runs_reset(kc_xlsx_runs *r)
{
    g_free(r->legacy);
    memset(r, 0, sizeof *r);
}

const char *kc_xlsx_runs_font(const kc_xlsx_runs *r, const char *cell_font)
{
    return r->legacy ? r->legacy : r->plain ? cell_font : NULL;
}

/* ---- xl/sharedStrings.xml ------------------------------------------------------------ */

typedef struct sst_ctx {
    kc_xlsx_book *b;
    bool in_si;
    unsigned in_t, in_rph; /* inside <t>; inside a phonetic run, whose text is not shown */
    GString *s;
    kc_xlsx_runs runs;     /* the fonts of the string's runs */
} sst_ctx;

static int sst_start(kc_xml *x, void *ud, kc_ns ns, const char *name, const kc_xml_attrs *a)
{
    sst_ctx *c = ud;
    if (ns != KC_NS_SHEET)
        return 0;
    if (strcmp(name, "si") == 0) {
        if (c->b->strings->len == KC_XLSX_MAX_STRINGS)
            return kc_xml_fail(x, KC_ELIMIT, _("more than %d shared strings"), KC_XLSX_MAX_STRINGS);
        c->in_si = true;
        g_string_truncate(c->s, 0);
        kc_xlsx_runs_reset(&c->runs);
    } else if (c->in_si && !c->in_rph && (strcmp(name, "r") == 0 || strcmp(name, "rFont") == 0)) {
        kc_xlsx_runs_start(&c->runs, name, a);
    } else if (strcmp(name, "rPh") == 0) {
        c->in_rph++;
    } else if (strcmp(name, "t") == 0 && c->in_si) {
        c->in_t++;
    }
    return 0;
}

static int sst_end(kc_xml *x, void *ud, kc_ns ns, const char *name)
{
    sst_ctx *c = ud;
    if (ns != KC_NS_SHEET)
        return 0;
    if (strcmp(name, "rPh") == 0 && c->in_rph) {
        c->in_rph--;
    } else if (strcmp(name, "t") == 0 && c->in_t) {
        c->in_t--;
    } else if (strcmp(name, "r") == 0) {
        kc_xlsx_runs_end(&c->runs, name);
    } else if (strcmp(name, "si") == 0 && c->in_si) {
        kc_xlsx_book *b = c->b;
        c->in_si = false;
        char *text = g_strdup(c->s->str);
        kc_xlsx_unescape(text);
        /* Only rich strings whose runs name a font say more than the cell's font. */
        if (c->runs.legacy || (c->runs.rich && !c->runs.plain)) {
            if (!b->string_font)
                b->string_font = g_hash_table_new_full(NULL, NULL, NULL, g_free);
            g_hash_table_replace(b->string_font, GUINT_TO_POINTER(b->strings->len),
                                 g_strdup(c->runs.legacy ? c->runs.legacy : ""));
        }
        g_ptr_array_add(b->strings, text);
    }
    return 0;
}

static int sst_text(kc_xml *x, void *ud, const char *s, size_t len)
{
    sst_ctx *c = ud;
    if (!c->in_si || !c->in_t || c->in_rph)
        return 0;
    if (c->s->len + len > KC_XLSX_MAX_TEXT)
        return kc_xml_fail(x, KC_ELIMIT, _("shared string %zu is longer than %u bytes"), (size_t)c->b->strings->len,
                           KC_XLSX_MAX_TEXT);
    g_string_append_len(c->s, s, (gssize)len);
    kc_xlsx_runs_text(&c->runs, s, len);
    return 0;
}

/* ---- xl/theme/theme1.xml: the fonts of a font scheme ----------------------------------- */

/* A cell font with <scheme val="minor"/> is drawn by Excel in the theme's
 * minor font, whatever its <name> says (LibreOffice draws the name): an old
 * 8-bit font there is one too.  Any typeface of the scheme counts (latin, or
 * a script's). */
typedef struct theme_ctx {
    kc_xlsx_book *b;
    int in; /* 1 inside minorFont, 2 inside majorFont */
} theme_ctx;

static int theme_start(kc_xml *x, void *ud, kc_ns ns, const char *name, const kc_xml_attrs *a)
{
    theme_ctx *c = ud;
    (void)x;
    (void)ns;
    if (strcmp(name, "minorFont") == 0 || strcmp(name, "majorFont") == 0) {
        c->in = name[1] == 'i' ? 1 : 2;
    } else if (c->in) {
        const char *t = kc_xml_attr(a, KC_NS_NONE, "typeface");
        char **slot = &c->b->theme_font[c->in - 1];
        if (!*slot && kc_xlsx_font_is_legacy(t))
            *slot = g_strndup(t, 63);
    }
    return 0;
}

static int theme_end(kc_xml *x, void *ud, kc_ns ns, const char *name)
{
    theme_ctx *c = ud;
    (void)x;
    (void)ns;
    if (strcmp(name, "minorFont") == 0 || strcmp(name, "majorFont") == 0)
        c->in = 0;
    return 0;
}

/* ---- xl/styles.xml -------------------------------------------------------------------- */

typedef struct styles_ctx {
    kc_xlsx_book *b;
    GHashTable *custom_dates; /* numFmtId of a custom date format */
    GHashTable *codes;        /* numFmtId + 1 -> its format code (borrowed from the table's own copies) */
    GPtrArray *fonts;         /* per font of <fonts>: its name when an old 8-bit Vietnamese one, or NULL */
    bool in_xfs, in_fonts, in_font;
} styles_ctx;

static int styles_start(kc_xml *x, void *ud, kc_ns ns, const char *name, const kc_xml_attrs *a)
{
    styles_ctx *c = ud;
    if (ns != KC_NS_SHEET)
        return 0;
    if (strcmp(name, "numFmt") == 0) {
        const char *id = kc_xml_attr(a, KC_NS_NONE, "numFmtId"), *code = kc_xml_attr(a, KC_NS_NONE, "formatCode");
        long n = id ? strtol(id, NULL, 10) : -1;
        if (n >= 0 && n < KC_XLSX_MAX_STYLES && code && kc_xlsx_format_is_date(code))
            g_hash_table_add(c->custom_dates, GINT_TO_POINTER((int)n + 1));
        /* Every custom code, dates too: a text section or literal text shows what
         * the cell does not hold (xlsx_format.c). */
        if (n >= 0 && n < KC_XLSX_MAX_STYLES && code && strlen(code) <= 1024)
            g_hash_table_replace(c->codes, GINT_TO_POINTER((int)n + 1), g_strdup(code));
    } else if (strcmp(name, "fonts") == 0) {
        c->in_fonts = true;
    } else if (strcmp(name, "font") == 0 && c->in_fonts) {
        if (c->fonts->len == KC_XLSX_MAX_STYLES)
            return kc_xml_fail(x, KC_ELIMIT, _("more than %d fonts"), KC_XLSX_MAX_STYLES);
        c->in_font = true;
        g_ptr_array_add(c->fonts, NULL);
    } else if (strcmp(name, "name") == 0 && c->in_font) {
        const char *v = kc_xml_attr(a, KC_NS_NONE, "val");
        if (kc_xlsx_font_is_legacy(v) && !c->fonts->pdata[c->fonts->len - 1])
            c->fonts->pdata[c->fonts->len - 1] = g_strndup(v, 63);
    } else if (strcmp(name, "scheme") == 0 && c->in_font) {
        const char *v = kc_xml_attr(a, KC_NS_NONE, "val");
        const char *t = !v ? NULL : strcmp(v, "minor") == 0 ? c->b->theme_font[0]
                                  : strcmp(v, "major") == 0 ? c->b->theme_font[1] : NULL;
        if (t && !c->fonts->pdata[c->fonts->len - 1])
            c->fonts->pdata[c->fonts->len - 1] = g_strdup(t);
    } else if (strcmp(name, "cellXfs") == 0) {
        c->in_xfs = true;
    } else if (strcmp(name, "xf") == 0 && c->in_xfs) {
        kc_xlsx_book *b = c->b;
        if (b->xf_date->len == KC_XLSX_MAX_STYLES)
            return kc_xml_fail(x, KC_ELIMIT, _("more than %d cell formats"), KC_XLSX_MAX_STYLES);
        const char *id = kc_xml_attr(a, KC_NS_NONE, "numFmtId");
        long n = id ? strtol(id, NULL, 10) : 0;
        bool date = builtin_date(n) ||
                    (n >= 0 && n < KC_XLSX_MAX_STYLES && g_hash_table_contains(c->custom_dates, GINT_TO_POINTER((int)n + 1)));
        g_array_append_val(b->xf_date, date);
        const char *code = n >= 0 && n < KC_XLSX_MAX_STYLES ? g_hash_table_lookup(c->codes, GINT_TO_POINTER((int)n + 1)) : NULL;
        g_ptr_array_add(b->xf_code, code ? g_strdup(code) : NULL);
        /* The cell's font is its format's (Excel writes fontId on every xf). */
        const char *fid = kc_xml_attr(a, KC_NS_NONE, "fontId");
        long f = fid ? strtol(fid, NULL, 10) : 0;
        const char *font = f >= 0 && (size_t)f < c->fonts->len ? c->fonts->pdata[f] : NULL;
        g_ptr_array_add(b->xf_font, font ? g_strdup(font) : NULL);
    }
    return 0;
}

static int styles_end(kc_xml *x, void *ud, kc_ns ns, const char *name)
{
    styles_ctx *c = ud;
    (void)x;
    if (ns == KC_NS_SHEET && strcmp(name, "cellXfs") == 0)
        c->in_xfs = false;
    else if (ns == KC_NS_SHEET && strcmp(name, "fonts") == 0)
        c->in_fonts = false;
    else if (ns == KC_NS_SHEET && strcmp(name, "font") == 0)
        c->in_font = false;
    return 0;
}

/* ---- the book ---------------------------------------------------------------------------- */

static int no_sheet(kc_error *err, const char *file, const char *want, const book_ctx *c)
{
    GString *names = g_string_new(NULL);
    for (size_t i = 0; i < c->sheets->len; i++)
        g_string_append_printf(names, "%s\"%s\"", i ? ", " : "", SHEET(c, i)->name);
    int rc = want ? kc_error_set(err, KC_EFORMAT, _("%s: no sheet is named \"%s\"; the workbook's sheets are %s"),
                                 file, want, names->len ? names->str : "-")
                  : kc_error_set(err, KC_EFORMAT, _("%s: the workbook has no sheet"), file);
    g_string_free(names, TRUE);
    return rc;
}

int kc_xlsx_book_load(kc_xlsx_book *b, kc_ooxml *pkg, const char *want, kc_error *err)
{
    static const kc_xml_handler book_h = {book_start, NULL, NULL};
    static const kc_xml_handler sst_h = {sst_start, sst_end, sst_text};
    static const kc_xml_handler styles_h = {styles_start, styles_end, NULL};
    static const kc_xml_handler theme_h = {theme_start, theme_end, NULL};
    kc_ooxml_rel *rels = NULL;
    size_t nrels = 0;
    book_ctx bc = {b, g_array_new(FALSE, FALSE, sizeof(sheet)), false, -1};
    const kc_ooxml_rel *r;
    char *book_part = NULL;
    int rc;

    memset(b, 0, sizeof *b);
    b->strings = g_ptr_array_new_with_free_func(g_free);
    b->xf_date = g_array_new(FALSE, FALSE, sizeof(bool));
    b->xf_code = g_ptr_array_new_with_free_func(g_free);
    b->xf_font = g_ptr_array_new_with_free_func(g_free);
    b->pkg = pkg;
    const char *file = kc_ooxml_name(b->pkg);
    /* The workbook is whatever the package's officeDocument relationship names. */
    if ((rc = kc_ooxml_rels(&rels, &nrels, b->pkg, NULL, err)) != 0)
        goto out;
    r = kc_ooxml_rel_by_type(rels, nrels, "officeDocument");
    book_part = strdup(r ? r->target : "xl/workbook.xml");
    kc_ooxml_rels_free(rels, nrels);
    rels = NULL;
    nrels = 0;
    if (!book_part) {
        rc = kc_error_oom(err);
        goto out;
    }
    if (!kc_ooxml_has(b->pkg, book_part) && kc_ooxml_has(b->pkg, "content.xml") && kc_ooxml_has(b->pkg, "mimetype")) {
        /* LibreOffice's own format: say what to do, not only what it is not. */
        rc = kc_error_set(err, KC_EFORMAT, _("%s: an OpenDocument spreadsheet (.ods, LibreOffice or WPS), which kiemchung does not read: open it and save it as an Excel workbook (.xlsx) or CSV"),
                          file);
        goto out;
    }
    if (!kc_ooxml_has(b->pkg, book_part)) {
        rc = kc_error_set(err, KC_EFORMAT, _("%s: not an Excel workbook (no %s in it)"), file, book_part);
        goto out;
    }
    if ((rc = kc_ooxml_parse(b->pkg, book_part, KC_OOXML_MAX_PART_SMALL, &book_h, &bc, err)) != 0 ||
        (rc = kc_ooxml_rels(&rels, &nrels, b->pkg, book_part, err)) != 0)
        goto out;
    size_t named = 0;
    const sheet *s = choose(&bc, want, &named);
    if (named > 1) { /* which one the reviewer means, only the tabs Excel shows say */
        rc = kc_error_set(err, KC_EFORMAT, _("%s: %zu sheets are named \"%s\" (a hidden one, or one typed in another "
                                             "Unicode form): rename all but the register's and run again"),
                          file, named, want);
        goto out;
    }
    if (!s) {
        rc = no_sheet(err, file, want, &bc);
        goto out;
    }
    r = kc_ooxml_rel_by_id(rels, nrels, s->rid);
    if (!r || r->external || !kc_ooxml_has(b->pkg, r->target)) {
        rc = kc_error_set(err, KC_EFORMAT, _("%s: the part of sheet \"%s\" is missing"), file, s->name);
        goto out;
    }
    if (strcmp(r->type, "worksheet") != 0) {
        rc = kc_error_set(err, KC_EFORMAT, _("%s: sheet \"%s\" is a chart or a macro sheet, not a table"), file, s->name);
        goto out;
    }
    if (!(b->sheet_name = strdup(s->name)) || !(b->sheet_part = strdup(r->target))) {
        rc = kc_error_oom(err);
        goto out;
    }
    /* The other sheets, for the register to tell whether one of them reads
     * as a register too. */
    b->others = g_ptr_array_new_with_free_func(g_free);
    for (size_t i = 0; i < bc.sheets->len; i++)
        if (SHEET(&bc, i) != s)
            g_ptr_array_add(b->others, g_strdup(SHEET(&bc, i)->name));
    if ((r = kc_ooxml_rel_by_type(rels, nrels, "sharedStrings")) && kc_ooxml_has(b->pkg, r->target)) {
        sst_ctx sc = {b, false, 0, 0, g_string_new(NULL), {0}};
        rc = kc_ooxml_parse(b->pkg, r->target, KC_OOXML_MAX_PART_LARGE, &sst_h, &sc, err);
        g_string_free(sc.s, TRUE);
        kc_xlsx_runs_reset(&sc.runs);
        if (rc != 0)
            goto out;
    }
    if ((r = kc_ooxml_rel_by_type(rels, nrels, "theme")) && !r->external && kc_ooxml_has(b->pkg, r->target)) {
        theme_ctx tc = {b, 0};
        if ((rc = kc_ooxml_parse(b->pkg, r->target, KC_OOXML_MAX_PART_SMALL, &theme_h, &tc, err)) != 0)
            goto out;
    }
    if ((r = kc_ooxml_rel_by_type(rels, nrels, "styles")) && kc_ooxml_has(b->pkg, r->target)) {
        styles_ctx stc = {b, g_hash_table_new(NULL, NULL), g_hash_table_new_full(NULL, NULL, NULL, g_free),
                          g_ptr_array_new_with_free_func(g_free), false, false, false};
        rc = kc_ooxml_parse(b->pkg, r->target, KC_OOXML_MAX_PART_SMALL, &styles_h, &stc, err);
        g_hash_table_destroy(stc.custom_dates);
        g_hash_table_destroy(stc.codes);
        g_ptr_array_unref(stc.fonts);
        if (rc != 0)
            goto out;
    }
out:
    for (size_t i = 0; i < bc.sheets->len; i++) {
        free(SHEET(&bc, i)->name);
        free(SHEET(&bc, i)->rid);
    }
    g_array_free(bc.sheets, TRUE);
    kc_ooxml_rels_free(rels, nrels);
    free(book_part);
    if (rc != 0)
        kc_xlsx_book_clear(b);
    return rc;
}

void kc_xlsx_book_clear(kc_xlsx_book *b)
{
    kc_ooxml_free(b->pkg);
    free(b->sheet_name);
    free(b->sheet_part);
    if (b->strings)
        g_ptr_array_unref(b->strings);
    if (b->xf_date)
        g_array_free(b->xf_date, TRUE);
    if (b->xf_code)
        g_ptr_array_unref(b->xf_code);
    if (b->xf_font)
        g_ptr_array_unref(b->xf_font);
    if (b->string_font)
        g_hash_table_destroy(b->string_font);
    g_free(b->theme_font[0]);
    g_free(b->theme_font[1]);
    if (b->others)
        g_ptr_array_unref(b->others);
    memset(b, 0, sizeof *b);
}
