/* pdf_notes_value.c: what a form field's value shows, beside what its
 * appearance draws (the note "field-value", driven by pdf_notes.c).
 *
 * poppler and MuPDF draw a field's signed appearance stream; pdf.js's form
 * layer (Firefox, and the portals that embed it) draws an HTML control
 * holding the field's value instead: a text field's /V, a combo box's
 * drop-down list with the option its value selects.  Which option that is
 * pdf.js reads from the widget's /I (the selected indices) when it has one,
 * ignoring /V, else from /V matched against each option's export value; and
 * the list shows the option's display text (the second of an /Opt pair
 * [(1) (10.000.000)]), the last one selected when several are, or nothing
 * when none is.  A combo box whose /V and appearance both say 10.000.000
 * and whose /I selects "90.000.000" shows 90.000.000 in Firefox alone.
 *
 * A radio button is drawn by poppler and MuPDF from its appearance state
 * /AS; pdf.js's form layer selects it when its group's value /V names its
 * button value, the first state of its /AP /N other than /Off, whatever its
 * /AS says: a group whose /V says "Dong y" while the buttons' states draw
 * "Khong dong y" chosen reads "approved" in Firefox alone. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "pdf.h"
#include "pdf_notes_internal.h"

#define MAX_OPTIONS 10000 /* options of one choice field looked at */


/* Appends the bytes of the literal string at buf[*i] ('(' ... ')'), escapes
 * decoded, to out; *i ends after it. */
void kc_noter_literal(const unsigned char *b, size_t n, size_t *i, GString *out)
{
    int depth = 0;
    for (size_t k = *i; k < n; k++) {
        unsigned char ch = b[k];
        if (ch == '\\' && k + 1 < n) {
            unsigned char e = b[++k];
            if (e >= '0' && e <= '7') {
                unsigned v = 0;
                for (int d = 0; d < 3 && k < n && b[k] >= '0' && b[k] <= '7'; d++, k++)
                    v = v * 8 + (b[k] - '0');
                k--;
                g_string_append_c(out, (char)v);
            } else if (e == 'n' || e == 'r' || e == 't' || e == 'b' || e == 'f')
                g_string_append_c(out, ' ');
            else if (e != '\r' && e != '\n')
                g_string_append_c(out, (char)e);
            continue;
        }
        if (ch == '(' && depth++ == 0)
            continue;
        if (ch == ')' && --depth == 0) {
            *i = k + 1;
            return;
        }
        g_string_append_c(out, (char)ch);
    }
    *i = n;
}

/* Appends the bytes of the hex string at b[*i] ('<' ... '>'), an odd last
 * digit read as followed by 0 as the PDF reference says, to out; *i ends
 * after it.  Anything not a hex digit inside is skipped, as viewers do. */
void kc_noter_hexstring(const unsigned char *b, size_t n, size_t *i, GString *out)
{
    size_t k = *i + 1;
    int hi = -1;
    for (; k < n && b[k] != '>'; k++) {
        if (!g_ascii_isxdigit(b[k]))
            continue;
        int d = g_ascii_xdigit_value(b[k]);
        if (hi < 0)
            hi = d;
        else
            g_string_append_c(out, (char)(hi << 4 | d)), hi = -1;
    }
    if (hi >= 0)
        g_string_append_c(out, (char)(hi << 4));
    *i = k + 1;
}

/* Moves *i past the name at b[*i] ('/' and its regular characters). */
void kc_noter_skip_name(const unsigned char *b, size_t n, size_t *i)
{
    size_t k = *i + 1;
    while (k < n && !g_ascii_isspace(b[k]) && !strchr("/[]()<>{}%", b[k]))
        k++;
    *i = k;
}

/* The text an appearance stream's operators show (Tj, ', ", TJ), as the
 * bytes of its strings: the font's codes, which are the characters for the
 * simple fonts form writers use.  Strings not shown (operands of other
 * operators) are dropped. */
void kc_noter_shown_text(const unsigned char *b, size_t n, GString *text)
{
    GString *pending = g_string_new(NULL);
    size_t i = 0;
    while (i < n) {
        unsigned char ch = b[i];
        if (ch == '%') {
            while (i < n && b[i] != '\n' && b[i] != '\r')
                i++;
        } else if (ch == '(') {
            kc_noter_literal(b, n, &i, pending);
        } else if (ch == '<' && i + 1 < n && b[i + 1] != '<') {
            kc_noter_hexstring(b, n, &i, pending);
        } else if (ch == '[' || ch == ']' || g_ascii_isspace(ch) || ch == '<' || ch == '>' || ch == '/' ||
                   ch == '{' || ch == '}' || ch == ')' || g_ascii_isdigit(ch) || ch == '-' || ch == '+' ||
                   ch == '.') {
            /* operands: numbers, names (skipped whole), delimiters */
            if (ch == '/')
                kc_noter_skip_name(b, n, &i);
            else
                i++;
        } else {
            size_t s = i;
            while (i < n && !g_ascii_isspace(b[i]) && !strchr("/[]()<>{}%", b[i]))
                i++;
            size_t len = i - s;
            bool shows = (len == 2 && (memcmp(b + s, "Tj", 2) == 0 || memcmp(b + s, "TJ", 2) == 0)) ||
                         (len == 1 && (b[s] == '\'' || b[s] == '"'));
            if (shows)
                g_string_append_len(text, pending->str, (gssize)pending->len);
            g_string_truncate(pending, 0);
        }
    }
    g_string_free(pending, TRUE);
}

/* s without white space; NULL when it holds anything but printable ASCII
 * (then what a font's codes show is not known without its encoding). */
char *kc_noter_plain(const char *s, size_t n)
{
    char *out = g_malloc(n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\f')
            continue;
        if (ch < 0x21 || ch > 0x7E) {
            g_free(out);
            return NULL;
        }
        out[k++] = (char)ch;
    }
    out[k] = '\0';
    return out;
}

/* Whether shown is value as a built-in number format shows it: the same
 * digits, perhaps followed by the zeros of decimals. */
bool kc_noter_same_digits(const char *value, const char *shown)
{
    GString *a = g_string_new(NULL), *b = g_string_new(NULL);
    for (const char *p = value; *p; p++)
        if (g_ascii_isdigit(*p))
            g_string_append_c(a, *p);
    for (const char *p = shown; *p; p++)
        if (g_ascii_isdigit(*p))
            g_string_append_c(b, *p);
    bool same = b->len >= a->len && memcmp(a->str, b->str, a->len) == 0;
    for (size_t i = a->len; same && i < b->len; i++)
        same = b->str[i] == '0';
    g_string_free(a, TRUE);
    g_string_free(b, TRUE);
    return same;
}

kc_pdf_obj *kc_noter_inherited(kc_pdf_noter *nr, kc_pdf_obj *f, const char *key)
{
    for (int hop = 0; f && f->type == KC_PDF_DICT && hop < KC_PDF_MAX_DEPTH; hop++) {
        kc_pdf_obj *v = kc_pdf_dict_get(f, key);
        if (v)
            return kc_pdf_resolve(nr->doc, nr->rev, v);
        f = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(f, "Parent"));
    }
    return NULL;
}

bool kc_noter_push_caption(kc_pdf_noter *nr, kc_pdf_obj *f, kc_pdf_obj *ft)
{
    int64_t ff = 0;
    if (!kc_pdf_is_name(ft, "Btn") || !kc_pdf_get_int(kc_noter_inherited(nr, f, "Ff"), &ff) || !(ff & FF_PUSHBUTTON))
        return false;
    kc_pdf_obj *mk = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(f, "MK"));
    kc_pdf_obj *ca = mk && mk->type == KC_PDF_DICT ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(mk, "CA")) : NULL;
    return ca && ca->type == KC_PDF_STRING && ca->u.str.len > 0;
}

bool kc_noter_combo(kc_pdf_noter *nr, kc_pdf_obj *f, kc_pdf_obj *ft)
{
    int64_t ff = 0;
    if (!kc_pdf_is_name(ft, "Ch"))
        return false;
    kc_pdf_get_int(kc_noter_inherited(nr, f, "Ff"), &ff);
    return (ff & FF_COMBO) != 0;
}

/* Option i of /Opt: its export value and its display text (a pair, or one
 * string for both), malloc'd, NULL when it is no text. */
static void option(kc_pdf_noter *nr, kc_pdf_obj *item, char **exported, char **displayed)
{
    kc_pdf_obj *o = kc_pdf_resolve(nr->doc, nr->rev, item);
    kc_pdf_obj *e = o, *d = o;
    if (o && o->type == KC_PDF_ARRAY) {
        e = o->u.arr.n > 0 ? kc_pdf_resolve(nr->doc, nr->rev, o->u.arr.items[0]) : NULL;
        d = o->u.arr.n > 1 ? kc_pdf_resolve(nr->doc, nr->rev, o->u.arr.items[1]) : NULL;
    }
    *exported = kc_pdf_text(e);
    *displayed = kc_pdf_text(d);
}

/* Whether /I of widget f selects option i (pdf.js takes /I only when it is a
 * non-empty array, and then only its integers within the options). */
static bool index_selects(kc_pdf_noter *nr, kc_pdf_obj *ix, size_t i)
{
    for (size_t k = 0; k < ix->u.arr.n; k++) {
        kc_pdf_obj *x = kc_pdf_resolve(nr->doc, nr->rev, ix->u.arr.items[k]);
        if (x && x->type == KC_PDF_INT && x->u.i == (int64_t)i)
            return true;
    }
    return false;
}

char *kc_noter_value_text(kc_pdf_noter *nr, kc_pdf_obj *f, kc_pdf_obj *value, bool combo)
{
    kc_pdf_obj *v = kc_pdf_resolve(nr->doc, nr->rev, value);
    char *vtext = v && v->type == KC_PDF_STRING ? kc_pdf_text(v) : strdup("");
    kc_pdf_obj *opt = combo ? kc_noter_inherited(nr, f, "Opt") : NULL;
    if (!vtext || !opt || opt->type != KC_PDF_ARRAY || opt->u.arr.n == 0)
        return vtext; /* no options: pdf.js lists the value itself */
    kc_pdf_obj *ix = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(f, "I"));
    if (ix && (ix->type != KC_PDF_ARRAY || ix->u.arr.n == 0))
        ix = NULL;
    /* The export values /I selects, when it does: pdf.js then matches them
     * against every option as it matches /V. */
    GPtrArray *chosen = g_ptr_array_new_with_free_func(free);
    size_t n = opt->u.arr.n < MAX_OPTIONS ? opt->u.arr.n : MAX_OPTIONS;
    for (size_t i = 0; i < n; i++) {
        char *e = NULL, *d = NULL;
        option(nr, opt->u.arr.items[i], &e, &d);
        if (ix ? index_selects(nr, ix, i) : false)
            g_ptr_array_add(chosen, e ? e : strdup(""));
        else
            free(e);
        free(d);
    }
    if (!ix && v && v->type == KC_PDF_STRING)
        g_ptr_array_add(chosen, strdup(vtext));
    for (size_t k = 0; !ix && v && v->type == KC_PDF_ARRAY && k < v->u.arr.n && k < MAX_OPTIONS; k++) {
        char *t = kc_pdf_text(kc_pdf_resolve(nr->doc, nr->rev, v->u.arr.items[k]));
        if (t)
            g_ptr_array_add(chosen, t);
    }
    /* The drop-down list shows the last option selected, or nothing. */
    char *shown = strdup("");
    for (size_t i = 0; shown && i < n; i++) {
        char *e = NULL, *d = NULL;
        option(nr, opt->u.arr.items[i], &e, &d);
        bool hit = false;
        for (guint k = 0; e && !hit && k < chosen->len; k++)
            hit = strcmp(e, chosen->pdata[k]) == 0;
        if (hit) {
            free(shown);
            shown = d ? d : strdup("");
            d = NULL;
        }
        free(e);
        free(d);
    }
    g_ptr_array_free(chosen, TRUE);
    free(vtext);
    return shown;
}

/* (rtfold) A list box: pdf.js's form layer (Firefox) puts an HTML list over
 * it (ChoiceWidgetElement, a <select> of as many rows as options) holding
 * every option's display text, whatever its appearance draws; poppler and
 * MuPDF draw the appearance.  A read-only list box offering "90.000.000"
 * whose appearance drew 10.000.000 was not compared (valid, no note).  An
 * appearance drawing options in order from any one (/TI scrolls the list)
 * draws what the list holds, when they hold one it selects; options past
 * MAX_LIST_OPTIONS are not compared. */
#define MAX_LIST_OPTIONS 200

bool kc_noter_list_draws_options(kc_pdf_noter *nr, kc_pdf_obj *f, const char *shown, char **listed)
{
    *listed = NULL;
    kc_pdf_obj *opt = kc_noter_inherited(nr, f, "Opt");
    if (!opt || opt->type != KC_PDF_ARRAY || opt->u.arr.n == 0 || opt->u.arr.n > MAX_LIST_OPTIONS)
        return true;
    size_t n = opt->u.arr.n;
    char **shownby = g_new0(char *, n);
    bool *selected = g_new0(bool, n), any = false;
    GString *all = g_string_new(NULL);
    /* The options the list selects, which the browser scrolls into view: /I's
     * indices when it has some, else those whose export value /V (a string,
     * or an array of them) names.  A list of 10.000.000 and 90.000.000 whose
     * /I selects 90.000.000, in a box one row high, shows 90.000.000 (pdf.js's
     * <select> in Chromium) where its appearance draws 10.000.000. */
    kc_pdf_obj *ix = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(f, "I"));
    if (ix && (ix->type != KC_PDF_ARRAY || ix->u.arr.n == 0))
        ix = NULL;
    kc_pdf_obj *v = kc_noter_inherited(nr, f, "V");
    for (size_t i = 0; i < n; i++) {
        char *e = NULL, *d = NULL;
        option(nr, opt->u.arr.items[i], &e, &d);
        shownby[i] = g_strdup(d ? d : "");
        g_string_append_printf(all, "%s%s", i ? ", " : "", shownby[i]);
        if (ix) {
            selected[i] = index_selects(nr, ix, i);
        } else if (e && v && v->type == KC_PDF_STRING) {
            char *t = kc_pdf_text(v);
            selected[i] = t && strcmp(t, e) == 0;
            free(t);
        } else for (size_t k = 0; e && v && v->type == KC_PDF_ARRAY && k < v->u.arr.n && !selected[i]; k++) {
            char *t = kc_pdf_text(kc_pdf_resolve(nr->doc, nr->rev, v->u.arr.items[k]));
            selected[i] = t && strcmp(t, e) == 0;
            free(t);
        }
        any = any || selected[i];
        free(e);
        free(d);
    }
    bool drawn = false;
    for (size_t k = 0; !drawn && k < n; k++) {
        GString *run = g_string_new(NULL);
        bool holds = false; /* the run holds a selected option */
        for (size_t j = k; !drawn && j < n; j++) {
            g_string_append(run, shownby[j]);
            holds = holds || selected[j];
            drawn = (holds || !any) && !kc_noter_reads_otherwise(run->str, shown, false);
        }
        g_string_free(run, TRUE);
    }
    for (size_t i = 0; i < n; i++)
        g_free(shownby[i]);
    g_free(shownby);
    g_free(selected);
    if (!drawn)
        *listed = g_string_free(all, FALSE);
    else
        g_string_free(all, TRUE);
    return drawn;
}

/* pdf.js's check box (ButtonWidgetAnnotation._processCheckBox, pdf.js 5):
 * its value v is /AS when /AS is a name or a string, else the inherited /V; its export
 * value the value itself when /N has it or has no state but /Off, else the
 * first state that is not /Off; ticked when the two are the same. */
static bool pdfjs_check_box_ticked(const kc_pdf_obj *n, const char *v)
{
    if (!v || strcmp(v, "Off") == 0)
        return false;
    if (kc_pdf_dict_get(n, v))
        return true;
    for (size_t i = 0; i < n->u.dict.n; i++)
        if (strcmp(n->u.dict.keys[i], "Off") != 0)
            return false; /* another state is the export value */
    return true;
}

bool kc_noter_button_differs(kc_pdf_noter *nr, kc_pdf_obj *f, kc_pdf_obj *ft, kc_pdf_obj *value, char **button,
                             kc_noter_button *shown)
{
    int64_t ff = 0;
    *button = NULL;
    if (!kc_pdf_is_name(ft, "Btn"))
        return false;
    kc_pdf_get_int(kc_noter_inherited(nr, f, "Ff"), &ff);
    if (ff & FF_PUSHBUTTON)
        return false;
    shown->radio = (ff & FF_RADIO) != 0;
    kc_pdf_obj *ap = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(f, "AP"));
    kc_pdf_obj *n = ap && ap->type == KC_PDF_DICT ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(ap, "N")) : NULL;
    if (!n || n->type != KC_PDF_DICT) {
        /* (rtfold) A check box without a normal appearance: poppler and
         * MuPDF draw it themselves, a tick whenever /AS names a state other
         * than /Off (/MK /CA or not, whatever /V says), while pdf.js's form
         * layer shows an HTML check box that is never ticked (its export
         * value is unknown): "Da duyet" ticked in pdftoppm and mutool,
         * empty in Firefox, and no note.  A radio button so drawn: MuPDF
         * chooses it by its /AS, poppler only when its group's /V names that
         * state too (FormFieldButton::getState), pdf.js never (its button
         * value is unknown): "Khong dong y" chosen in mutool, and in
         * pdftoppm when /V says Khong, none in Firefox. */
        kc_pdf_obj *as = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(f, "AS"));
        if (n || !as || as->type != KC_PDF_NAME || kc_pdf_is_name(as, "Off"))
            return false; /* an /N that is one stream: not measured */
        char *state = kc_pdf_strdup(as);
        shown->pdfjs = false;
        shown->poppler = shown->mupdf = shown->drawn_by_viewers = true;
        if (shown->radio) {
            char *vtext = kc_pdf_text(kc_pdf_resolve(nr->doc, nr->rev, value));
            shown->poppler = vtext && state && strcmp(vtext, state) == 0;
            free(vtext);
        }
        *button = g_utf8_make_valid(state ? state : "?", -1);
        free(state);
        return true;
    }
    const char *on = NULL;
    for (size_t i = 0; !on && i < n->u.dict.n; i++)
        if (strcmp(n->u.dict.keys[i], "Off") != 0)
            on = n->u.dict.keys[i];
    kc_pdf_obj *as = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(f, "AS"));
    char *state = as && as->type == KC_PDF_NAME ? kc_pdf_strdup(as) : NULL;
    if (shown->radio) {
        /* pdf.js: the direct parent's /V when it is a name, else the value
         * the widget inherits (its own /V first); chosen when it names the
         * button's first state other than /Off. */
        kc_pdf_obj *parent = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(f, "Parent"));
        kc_pdf_obj *pv = parent && parent->type == KC_PDF_DICT
                             ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(parent, "V")) : NULL;
        char *vtext = kc_pdf_text(pv && pv->type == KC_PDF_NAME ? pv : kc_pdf_resolve(nr->doc, nr->rev, value));
        shown->pdfjs = on && vtext && strcmp(vtext, on) == 0;
        free(vtext);
    } else {
        /* A check box: /AS first (pdf.js 5; Mozilla bug 1722036), which
         * pdf.js decodes written as a string too, "(Yes)": ticked, while
         * poppler and MuPDF take no state from it (session 49). */
        bool as_read = as && (as->type == KC_PDF_NAME || as->type == KC_PDF_STRING);
        char *vtext = kc_pdf_text(as_read ? as : kc_pdf_resolve(nr->doc, nr->rev, value));
        shown->pdfjs = pdfjs_check_box_ticked(n, vtext);
        free(vtext);
    }
    /* poppler and MuPDF: the state /AS names, on when it is not /Off and /N
     * draws it.  Without /AS, poppler draws /N's only state when it has one
     * (Annot::initialize), MuPDF nothing (both seen drawing: session 49). */
    if (state) {
        kc_pdf_obj *drawn = strcmp(state, "Off") != 0 ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(n, state)) : NULL;
        shown->poppler = shown->mupdf = drawn && drawn->type == KC_PDF_STREAM;
    } else {
        kc_pdf_obj *only = n->u.dict.n == 1 && strcmp(n->u.dict.keys[0], "Off") != 0
                               ? kc_pdf_resolve(nr->doc, nr->rev, n->u.dict.vals[0]) : NULL;
        shown->poppler = only && only->type == KC_PDF_STREAM;
        shown->mupdf = false;
    }
    free(state);
    if (shown->pdfjs == shown->poppler && shown->pdfjs == shown->mupdf)
        return false;
    *button = g_utf8_make_valid(on ? on : "Off", -1); /* a name's bytes, shown in a message */
    return true;
}

/* /MaxLen as pdf.js reads it (Number.isInteger: 6 or 6.0), 0 for none. */
static int64_t max_len(kc_pdf_obj *o)
{
    if (o && o->type == KC_PDF_INT && o->u.i > 0)
        return o->u.i;
    if (o && o->type == KC_PDF_REAL && o->u.r >= 1 && o->u.r <= 1e15 && o->u.r == (double)(int64_t)o->u.r)
        return (int64_t)o->u.r;
    return 0;
}

char *kc_noter_maxlen_cut(kc_pdf_noter *nr, kc_pdf_obj *f, const char *value)
{
    int64_t limit = max_len(kc_noter_inherited(nr, f, "MaxLen"));
    if (!value || limit == 0 || !g_utf8_validate(value, -1, NULL))
        return NULL;
    /* JavaScript's String.slice counts UTF-16 units: a character past
     * U+FFFF is two. */
    int64_t units = 0;
    for (const char *p = value; *p; p = g_utf8_next_char(p)) {
        int w = g_utf8_get_char(p) > 0xFFFF ? 2 : 1;
        if (units + w > limit)
            return g_strndup(value, (gsize)(p - value));
        units += w;
    }
    return NULL;
}

/* The first font of resources res (a /Font dictionary's) whose /ToUnicode
 * reads a digit otherwise than its glyph; its /BaseFont, g_malloc'd, or NULL. */
static char *fonts_misread(kc_pdf_noter *nr, kc_pdf_obj *res)
{
    kc_pdf_obj *fonts = res && res->type == KC_PDF_DICT ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(res, "Font")) : NULL;
    for (size_t i = 0; fonts && fonts->type == KC_PDF_DICT && i < fonts->u.dict.n && i < MAX_OPTIONS; i++) {
        kc_pdf_obj *font = kc_pdf_resolve(nr->doc, nr->rev, fonts->u.dict.vals[i]);
        char *why = kc_pdf_font_figures(nr->doc, nr->rev, font);
        if (why) {
            g_free(why);
            char *name = kc_pdf_text(kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(font, "BaseFont")));
            char *out = g_strdup(name ? name : fonts->u.dict.keys[i]);
            free(name);
            return out;
        }
    }
    return NULL;
}

char *kc_noter_ap_font_misreads(kc_pdf_noter *nr, kc_pdf_obj *ap)
{
    kc_pdf_obj *res = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(ap, "Resources"));
    if (!res || res->type != KC_PDF_DICT)
        return fonts_misread(nr, nr->form_dr); /* a stream without resources: pdf.js takes /DR's */
    char *name = fonts_misread(nr, res);
    /* The forms it draws (one level: a field's appearance is written flat). */
    kc_pdf_obj *xo = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(res, "XObject"));
    for (size_t i = 0; !name && xo && xo->type == KC_PDF_DICT && i < xo->u.dict.n && i < MAX_OPTIONS; i++) {
        kc_pdf_obj *form = kc_pdf_resolve(nr->doc, nr->rev, xo->u.dict.vals[i]);
        if (form && form->type == KC_PDF_STREAM && form != ap)
            name = fonts_misread(nr, kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(form, "Resources")));
    }
    return name;
}

bool kc_noter_ap_text_unseen(const unsigned char *b, size_t n)
{
    kc_pdf_textmodes m;
    memset(&m, 0, sizeof m);
    kc_pdf_text_modes(b, n, &m);
    return m.hidden > 0 || m.unblack > 0 || m.painted_after > 0;
}
