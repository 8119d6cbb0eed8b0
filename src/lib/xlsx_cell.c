/* xlsx_cell.c: what one worksheet cell shows, as Excel shows it (see
 * xlsx_sheet.h): a shared or inline string, TRUE/FALSE, a number in General
 * format or through its custom format, a date as dd/mm/yyyy; a formula
 * Excel computes on load as "=" and the formula, one kiemchung computes as
 * its value, and a saved value that is not what its formula computes refused.
 * The rows these cells make up are read in xlsx_sheet.c. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "register_internal.h"
#include "util.h"
#include "xlsx_sheet.h"


/* The cell's value *out as its custom number format shows it: a text section
 * or literal text the cell does not hold ("- UBND huyện Phú Vang; "@), or
 * nothing (;;;).  Dates are shown as dd/mm/yyyy already; TRUE/FALSE and
 * errors as they are. */
static int shown(kc_xml *x, kc_xlsx *s, char **out)
{
    const char *t = s->type;
    bool text = strcmp(t, "s") == 0 || strcmp(t, "inlineStr") == 0 || strcmp(t, "str") == 0;
    bool num = !*t || strcmp(t, "n") == 0;
    if (!(text || num) || s->style < 0 || (size_t)s->style >= s->b.xf_code->len)
        return 0;
    const char *code = g_ptr_array_index(s->b.xf_code, s->style);
    if (!code)
        return 0;
    double d = 0;
    if (num) {
        char *end = NULL;
        d = g_ascii_strtod(*out, &end);
        if (!end || *end ||
            ((size_t)s->style < s->b.xf_date->len && g_array_index(s->b.xf_date, bool, s->style) &&
             kc_xlsx_format_date_for(code, d)))
            return 0; /* a date (shown as dd/mm/yyyy), or no number */
    }
    char *v = kc_xlsx_format_show(code, *out, num, d);
    if (!v)
        return 0;
    if (strlen(v) > KC_XLSX_MAX_TEXT) {
        g_free(v);
        return kc_xml_fail(x, KC_ELIMIT, _("cell %s shows more than %u bytes"), s->ref, KC_XLSX_MAX_TEXT);
    }
    free(*out);
    *out = strdup(v);
    g_free(v);
    return *out ? 0 : kc_xml_oom(x);
}

/* The shared string a cell's value v (an index) names, or NULL. */
static const char *shared_string(const kc_xlsx *s, const char *v)
{
    char *end = NULL;
    unsigned long long i = g_ascii_strtoull(v, &end, 10);
    return *v && end && !*end && g_ascii_isdigit(*v) && i < s->b.strings->len ? g_ptr_array_index(s->b.strings, i) : NULL;
}

/* What the cell just closed shows (malloc'd), or NULL when it shows nothing. */
int kc_xlsx_cell_value(kc_xml *x, kc_xlsx *s, char **out)
{
    const char *v = s->val->str, *t = s->type;
    *out = NULL;
    /* A formula Excel computes as it opens the file: no cached value (openpyxl
     * and hand-made exports write none; an empty one is no number either), or
     * a workbook asking for a full calculation on load.  Its field is "=" and
     * the formula, for the register to compute or refuse, never "" or the
     * stale cached value (a "Nơi nhận" computed as the district read empty). */
    bool on_load = s->has_f && (!s->has_v || s->b.recalc || (!*v && strcmp(t, "str") != 0)), computed = false;
    if (on_load) {
        /* One kiemchung computes is computed here and read as the value Excel
         * saves for it (text; a lone number a number), so that the cell's
         * number format shows it as Excel does: a district computed in a
         * cell formatted ;;; is shown as nothing, =44377 in a date's format
         * as 30/06/2021. */
        char *f = g_strconcat("=", s->formula->str, NULL);
        if (!f)
            return kc_xml_oom(x);
        if (kc_register_csv_formula(f)) {
            bool number = strpbrk(s->formula->str, "\"&") == NULL;
            g_string_assign(s->val, f);
            snprintf(s->type, sizeof s->type, "%s", number ? "n" : "str");
            v = s->val->str;
            computed = true;
        }
        g_free(f);
    }
    if (on_load && !computed) {
        size_t col = s->col;
        g_array_append_val(s->row_formulas, col);
        if (!(*out = g_strconcat("=", s->formula->str, NULL)))
            return kc_xml_oom(x);
        return 0;
    }
    /* A formula kiemchung computes (quoted text and numbers joined by &)
     * whose saved value is not what it computes was not saved by the program
     * that computed it: Excel shows the saved value, or the computed one as
     * soon as it recalculates (a workbook last calculated by another version,
     * calcId 124519, is recalculated on open; F9; any edit).  Neither can be
     * said to be what the register shows: refused. */
    if (s->has_f && !computed) {
        /* A shared string holds the saved text too (Excel writes "str", other
         * programs "s"); a boolean or an error is never what text computes. */
        const char *sv = strcmp(t, "s") == 0 ? shared_string(s, v) : v;
        if (!sv)
            sv = "";
        char *f = g_strconcat("=", s->formula->str, NULL), *saved = g_strdup(sv);
        bool stale = false;
        if (!f || !saved) {
            g_free(f);
            g_free(saved);
            return kc_xml_oom(x);
        }
        if (strcmp(t, "s") != 0)
            kc_xlsx_unescape(saved);
        if (kc_register_csv_formula(f)) {
            if (strcmp(t, "str") == 0 || strcmp(t, "s") == 0 || strcmp(t, "inlineStr") == 0) {
                stale = strcmp(f, saved) != 0;
            } else if (strcmp(t, "b") == 0 || strcmp(t, "e") == 0) {
                stale = true;
            } else {
                char *e1 = NULL, *e2 = NULL;
                double a = g_ascii_strtod(f, &e1), b = g_ascii_strtod(g_strstrip(saved), &e2);
                stale = !*f || !*saved || *e1 || *e2 || a != b;
            }
        }
        if (stale) {
            int rc = kc_xml_fail(x, KC_EFORMAT,
                                 _("cell %s holds a formula computing \"%.60s\" but its saved value is \"%.60s\": "
                                   "Excel shows one or the other as it recalculates; open the register in Excel, "
                                   "press Ctrl+Alt+F9 and save it again"),
                                 s->ref, f, saved);
            g_free(f);
            g_free(saved);
            return rc;
        }
        g_free(f);
        g_free(saved);
    }
    if (strcmp(t, "s") == 0) {
        const char *str = shared_string(s, g_strstrip(s->val->str));
        if (!*v)
            return 0;
        if (!str)
            return kc_xml_fail(x, KC_EFORMAT, _("cell %s refers to shared string %.20s, but the workbook has %zu"),
                               s->ref, v, (size_t)s->b.strings->len);
        *out = g_strdup(str);
    } else if (strcmp(t, "inlineStr") == 0 || strcmp(t, "str") == 0 || strcmp(t, "e") == 0) {
        if ((*out = strdup(v)) != NULL)
            kc_xlsx_unescape(*out);
    } else if (strcmp(t, "b") == 0) {
        if (!*v)
            return 0;
        *out = strdup(strcmp(g_strstrip(s->val->str), "1") == 0 ? "TRUE" : "FALSE");
    } else if (strcmp(t, "d") == 0) { /* an ISO 8601 date (Strict workbooks) */
        int y, m, d;
        if (sscanf(v, "%4d-%2d-%2d", &y, &m, &d) == 3 && g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y)) {
            *out = g_strdup_printf("%02d/%02d/%04d", d, m, y);
        } else {
            *out = strdup(v);
        }
    } else { /* a number, as Excel's General format shows it, or a date */
        char *end = NULL;
        const char *num = g_strstrip(s->val->str);
        double d = g_ascii_strtod(num, &end);
        if (!*num)
            return 0;
        if (!end || *end) {
            *out = strdup(num);
        } else {
            if (s->style >= 0 && (size_t)s->style < s->b.xf_date->len && g_array_index(s->b.xf_date, bool, s->style) &&
                kc_xlsx_format_date_for((size_t)s->style < s->b.xf_code->len
                                            ? g_ptr_array_index(s->b.xf_code, s->style)
                                            : NULL,
                                        d))
                *out = kc_xlsx_serial_date(d, s->b.date1904);
            if (!*out) {
                char buf[G_ASCII_DTOSTR_BUF_SIZE];
                *out = strdup(g_ascii_formatd(buf, sizeof buf, "%.15g", d));
            }
        }
    }
    if (!*out)
        return kc_xml_oom(x);
    return shown(x, s, out);
}
