/* pdf_notes_states.c: an annotation's other appearances, which a viewer
 * draws over the page while the mouse is over it (/AP /R, rollover) or
 * pressed on it (/AP /D, down), in place of the normal one (/AP /N) that
 * poppler, MuPDF and pdf.js draw and print, and that the coverage rules read
 * (rtform21).  Chromium's viewer (PDFium) draws them for a button (check
 * box, radio button, push button: CFFL_Button::OnDraw takes the rollover
 * appearance while the mouse is in it, the down one while it is pressed);
 * Acrobat draws them for widgets and reads them for other annotations (not
 * tried).  A check box whose normal appearance drew nothing over the amount
 * and whose rollover drew 90.000.000 showed that amount to a reader pointing
 * at it in Chrome, valid with no note.
 *
 * Form fillers write a down appearance for buttons (Acrobat's check boxes
 * and push buttons: the same mark or caption on a darker ground): a button's
 * other appearances are compared with its normal one operator by operator,
 * colours set by numbers and a ground filling the box left out, on the same
 * fonts and other named resources (review44: compared by the text they show
 * alone, a rollover showing the caption in render mode 3 over a white
 * ground, 90.000.000 drawn as rectangles, was no note); any other
 * annotation's must be the normal one's stream, or the same bytes on the
 * same resources. */
#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "kiemchung/verify.h"
#include "pdf.h"
#include "pdf_notes_internal.h"

/* The appearance of annotation w under /AP's key (R or D): a stream, or a
 * dictionary of states chosen by /AS, as viewers choose the normal one. */
static kc_pdf_obj *state_stream(kc_pdf_noter *nr, kc_pdf_obj *ap, kc_pdf_obj *w, const char *key)
{
    kc_pdf_obj *s = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(ap, key));
    if (s && s->type == KC_PDF_DICT) {
        kc_pdf_obj *as = kc_pdf_dict_get(w, "AS");
        char *state = as && as->type == KC_PDF_NAME ? kc_pdf_strdup(as) : NULL;
        s = state ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(s, state)) : NULL;
        free(state);
    }
    return s && s->type == KC_PDF_STREAM ? s : NULL;
}

/* Stream s decoded (up to MAX_AP_BYTES), or false. */
static bool decoded(kc_pdf_noter *nr, kc_pdf_obj *s, unsigned char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    return s->stream_len <= MAX_AP_BYTES && kc_pdf_stream_ends(nr->doc, s) &&
           kc_pdf_stream_decode(kc_pdf_source(nr->doc), s, MAX_AP_BYTES, data, len, NULL) == 0;
}

/* The next token of b from *i into tok (a string as "(" and its bytes, a
 * name with its '/'); false at the end. */
static bool next_token(const unsigned char *b, size_t n, size_t *i, GString *tok)
{
    g_string_truncate(tok, 0);
    while (*i < n) {
        if (b[*i] == '%')
            while (*i < n && b[*i] != '\n' && b[*i] != '\r')
                (*i)++;
        else if (g_ascii_isspace(b[*i]) || b[*i] == '\0')
            (*i)++;
        else
            break;
    }
    if (*i >= n)
        return false;
    unsigned char ch = b[*i];
    if (ch == '(') {
        g_string_append_c(tok, '(');
        kc_noter_literal(b, n, i, tok);
    } else if (ch == '<' && *i + 1 < n && b[*i + 1] != '<') {
        g_string_append_c(tok, '(');
        kc_noter_hexstring(b, n, i, tok);
    } else if ((ch == '<' || ch == '>') && *i + 1 < n && b[*i + 1] == ch) {
        g_string_append_len(tok, (const char *)b + *i, 2);
        *i += 2;
    } else if (strchr("[]{}()<>", ch)) {
        g_string_append_c(tok, (char)ch);
        (*i)++;
    } else {
        size_t k = *i + 1;
        while (k < n && !g_ascii_isspace(b[k]) && !strchr("/[]()<>{}%", b[k]))
            k++;
        g_string_append_len(tok, (const char *)b + *i, (gssize)(k - *i));
        *i = k;
    }
    return true;
}

static bool is_number(const char *t, double *v)
{
    char *end;
    *v = g_ascii_strtod(t, &end);
    return *t && (g_ascii_isdigit(*t) || strchr("+-.", *t)) && *end == '\0';
}

static bool is_operator(const char *t)
{
    double v;
    return !strchr("([]{}/<>", *t) && !is_number(t, &v) && strcmp(t, "true") != 0 && strcmp(t, "false") != 0 &&
           strcmp(t, "null") != 0;
}

static bool one_of(const char *t, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(t, *list) == 0)
            return true;
    return false;
}

/* One operator of an appearance, with its operands as written. */
typedef struct {
    char *text;   /* operands and operator */
    char *op;
    bool colour;  /* a colour set by numbers alone */
    bool ground;  /* a rectangle covering 90% of the box */
} mark;

static void mark_clear(gpointer p)
{
    mark *m = p;
    g_free(m->text);
    g_free(m->op);
}

/* The /BBox area of stream s, or 0. */
static double box_area(kc_pdf_noter *nr, kc_pdf_obj *s)
{
    kc_pdf_obj *bb = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(s, "BBox"));
    if (!bb || bb->type != KC_PDF_ARRAY || bb->u.arr.n != 4)
        return 0;
    double c[4] = {0};
    for (int k = 0; k < 4; k++) {
        kc_pdf_obj *x = kc_pdf_resolve(nr->doc, nr->rev, bb->u.arr.items[k]);
        c[k] = x && x->type == KC_PDF_INT ? (double)x->u.i : x && x->type == KC_PDF_REAL ? x->u.r : 0;
    }
    return fabs((c[2] - c[0]) * (c[3] - c[1]));
}

/* What appearance s draws, operator by operator with their operands, in one
 * string, its ground left out: a rectangle covering 90% of the box, filled,
 * and the colours set by numbers just before it (a pressed button's darker
 * ground).  Every other colour stays: white rectangles drawing 90.000.000
 * unseen in the normal appearance and black in the rollover differ only by
 * their colour.  NULL when s cannot be read or holds an inline image (its
 * bytes are no tokens). */
static GString *marks(kc_pdf_noter *nr, kc_pdf_obj *s)
{
    static const char *const colours[] = {"g", "G", "rg", "RG", "k", "K", "sc", "SC", "scn", "SCN", NULL};
    static const char *const fills[] = {"f", "F", "f*", "b", "B", "b*", "B*", NULL};
    unsigned char *data;
    size_t len;
    if (!decoded(nr, s, &data, &len))
        return NULL;
    double box = box_area(nr, s), v;
    GArray *ms = g_array_new(FALSE, TRUE, sizeof(mark));
    g_array_set_clear_func(ms, mark_clear);
    GString *tok = g_string_new(NULL), *args = g_string_new(NULL);
    double nums[4] = {0};
    int nnum = 0, nargs = 0;
    bool named = false, ok = true;
    size_t i = 0;
    while (ok && next_token(data, len, &i, tok)) {
        if (!is_operator(tok->str)) {
            if (!is_number(tok->str, &v))
                named = true;
            else if (nnum < 4)
                nums[nnum++] = v;
            nargs++;
            g_string_append(args, tok->str);
            g_string_append_c(args, ' ');
            continue;
        }
        if (strcmp(tok->str, "BI") == 0 || strcmp(tok->str, "ID") == 0)
            ok = false;
        mark m = {g_strconcat(args->str, tok->str, NULL), g_strdup(tok->str),
                  one_of(tok->str, colours) && !named,
                  strcmp(tok->str, "re") == 0 && nargs == 4 && nnum == 4 && box > 0 &&
                      fabs(nums[2] * nums[3]) >= 0.9 * box};
        g_array_append_val(ms, m);
        g_string_truncate(args, 0);
        nnum = nargs = 0;
        named = false;
    }
    bool *drop = g_new0(bool, ms->len + 1);
    for (guint j = 0; j + 1 < ms->len; j++) {
        mark *m = &g_array_index(ms, mark, j);
        if (!m->ground || !one_of(g_array_index(ms, mark, j + 1).op, fills))
            continue;
        drop[j] = drop[j + 1] = true;
        for (guint c = j; c > 0 && g_array_index(ms, mark, c - 1).colour; c--)
            drop[c - 1] = true;
    }
    GString *out = g_string_new(NULL);
    for (guint j = 0; j < ms->len; j++)
        if (!drop[j]) {
            g_string_append(out, g_array_index(ms, mark, j).text);
            g_string_append_c(out, '\n');
        }
    g_string_append(out, args->str); /* operands left without an operator */
    g_free(drop);
    g_array_free(ms, TRUE);
    g_string_free(tok, TRUE);
    g_string_free(args, TRUE);
    free(data);
    if (!ok) {
        g_string_free(out, TRUE);
        return NULL;
    }
    return out;
}

/* Whether every font, form, image, pattern, shading and graphics state that
 * other names is, under the same name, normal's very object (form fillers
 * give a button's appearances the form's own /DR fonts). */
static bool same_named(kc_pdf_noter *nr, kc_pdf_obj *normal, kc_pdf_obj *other)
{
    static const char *const kinds[] = {"Font", "XObject", "Pattern", "Shading", "ExtGState", "ColorSpace",
                                        "Properties"};
    kc_pdf_obj *rn = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(normal, "Resources"));
    kc_pdf_obj *ro = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(other, "Resources"));
    if (rn == ro)
        return true;
    /* Without its own, PDFium draws it with the page's resources (CPDF_Form falls
     * back to them), whose /Helv may be another font than the normal one's. */
    if (!ro || ro->type != KC_PDF_DICT)
        return !rn || rn->type != KC_PDF_DICT;
    for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++) {
        kc_pdf_obj *so = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(ro, kinds[k]));
        kc_pdf_obj *sn = rn && rn->type == KC_PDF_DICT ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(rn, kinds[k]))
                                                        : NULL;
        if (!so || so->type != KC_PDF_DICT)
            continue;
        for (size_t j = 0; j < so->u.dict.n; j++) {
            kc_pdf_obj *a = kc_pdf_resolve(nr->doc, nr->rev, so->u.dict.vals[j]);
            kc_pdf_obj *b = sn && sn->type == KC_PDF_DICT
                                ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(sn, so->u.dict.keys[j]))
                                : NULL;
            if (!b || a != b)
                return false;
        }
    }
    return true;
}

/* Whether entries key of streams a and b are the same: both missing, the
 * same object by reference, or the same resolved object. */
static bool same_entry(kc_pdf_noter *nr, kc_pdf_obj *a, kc_pdf_obj *b, const char *key)
{
    kc_pdf_obj *x = kc_pdf_dict_get(a, key), *y = kc_pdf_dict_get(b, key);
    if (!x || !y)
        return !x && !y;
    if (x->type == KC_PDF_REF && y->type == KC_PDF_REF)
        return x->u.ref.num == y->u.ref.num && x->u.ref.gen == y->u.ref.gen;
    return kc_pdf_resolve(nr->doc, nr->rev, x) == kc_pdf_resolve(nr->doc, nr->rev, y);
}

/* Whether other draws what normal does (see the file's comment). */
static bool draws_alike(kc_pdf_noter *nr, kc_pdf_obj *normal, kc_pdf_obj *other, bool button)
{
    if (other == normal)
        return true;
    if (!normal)
        return false;
    if (button) {
        if (!same_named(nr, normal, other))
            return false;
        GString *a = marks(nr, normal), *b = marks(nr, other);
        bool alike = a && b && g_string_equal(a, b);
        if (a)
            g_string_free(a, TRUE);
        if (b)
            g_string_free(b, TRUE);
        return alike;
    }
    if (!same_entry(nr, normal, other, "Resources") || !same_entry(nr, normal, other, "BBox") ||
        !same_entry(nr, normal, other, "Matrix"))
        return false;
    unsigned char *a, *b;
    size_t na, nb;
    bool alike = false;
    if (decoded(nr, normal, &a, &na)) {
        if (decoded(nr, other, &b, &nb))
            alike = na == nb && memcmp(a, b, na) == 0;
        free(b);
    }
    free(a);
    return alike;
}

void kc_noter_other_states(kc_pdf_noter *nr)
{
    GArray *annots = kc_noter_annots(nr, NULL);
    for (guint i = 0; i < annots->len && nr->notes->len < MAX_NOTES; i++) {
        const kc_noter_annot *an = &g_array_index(annots, kc_noter_annot, i);
        kc_pdf_obj *w = an->obj;
        kc_pdf_obj *ap = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(w, "AP"));
        if (!ap || ap->type != KC_PDF_DICT || (!kc_pdf_dict_get(ap, "R") && !kc_pdf_dict_get(ap, "D")))
            continue;
        int64_t flags = 0;
        kc_pdf_get_int(kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(w, "F")), &flags);
        if ((flags > 0 && flags <= INT32_MAX && (flags & (F_HIDDEN | F_NOVIEW))) || !kc_noter_has_area(nr, w))
            continue; /* not shown, so not pointed at (pdf_notes_view.c says what hides it otherwise) */
        bool button = kc_pdf_is_name(kc_pdf_dict_get(w, "Subtype"), "Widget") &&
                      kc_pdf_is_name(kc_noter_inherited(nr, w, "FT"), "Btn");
        kc_pdf_obj *normal = kc_noter_appearance(nr, w);
        const char *key = NULL;
        static const char *const keys[] = {"R", "D"};
        for (size_t k = 0; k < G_N_ELEMENTS(keys) && !key; k++) {
            kc_pdf_obj *other = state_stream(nr, ap, w, keys[k]);
            if (other && other->stream_len > 0 && !draws_alike(nr, normal, other, button))
                key = keys[k];
        }
        if (!key)
            continue;
        kc_noter_note(nr, KC_NOTE_HIDDEN_APPEARANCE,
                      g_strdup_printf(strcmp(key, "R") == 0
                                          ? _("page %zu, an annotation's rollover appearance (/AP /R) draws otherwise "
                                              "than its normal one: Chrome (a button) and Acrobat show it while the "
                                              "mouse is over it, poppler, MuPDF and pdf.js never")
                                          : _("page %zu, an annotation's down appearance (/AP /D) draws otherwise "
                                              "than its normal one: Chrome (a button) and Acrobat show it while the "
                                              "mouse presses it, poppler, MuPDF and pdf.js never"),
                                      an->page));
        break; /* once a document */
    }
    g_array_free(annots, TRUE);
}
