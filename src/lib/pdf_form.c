/* pdf_form.c: the interactive form after a signature (rule 4).
 *
 * Signing adds its field to /Fields, may set /SigFlags, and may add the font
 * of its appearance to the default resources /DR.  The rest of the form
 * dictionary decides what a reader shows in text fields whenever it draws
 * them itself: the default appearance /DA (font, size, colour: white text on
 * white is nothing), the fonts /DR names (a /Differences array that maps "1"
 * to nothing), and /NeedAppearances, which tells the reader to redraw every
 * field from those.  So /DA and /NeedAppearances may not change, and /DR may
 * only gain names: every name it had keeps an equal object, and no name it
 * gains (a font, an XObject, ...) is one a signed /DA already names (drawn
 * with a fallback, or not at all, then), nor one that a signed appearance
 * stream without resources of its own uses: /DR is the resources of the
 * fields' appearance streams (ISO 32000 Table 224, pdf-issues 92), and a
 * reader that takes it for them (Acrobat) draws such a stream with what /DR
 * gains. */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pdf_cover.h"

#define DEEP_DEPTH 12        /* nesting followed when comparing across references */
#define DEEP_BUDGET 100000   /* objects compared for one /DR */
#define MAX_BARE_BYTES (16u << 20) /* decoded bytes of appearance streams read for their names, in all */
#define MAX_BARE_APS 1000            /* such streams read for one signature */
#define MAX_BARE_NAMES 100000        /* names ("/" bytes) taken from them, in all */
#define MAX_AP_STATES 64       /* appearance states read under one /N, /R or /D */

/* signed_da_names' value for the /ZaDb of a button, not of a /DA. */
static const char button_font[] = "button";
/* Its value for /Helvetica, pdf.js's default appearance (below). */
static const char default_font[] = "default";
/* Its value for a name a signed appearance stream without /Resources uses. */
static const char bare_appearance[] = "bare";
/* A key standing for every name: such a stream that could not be read (a
 * filter not decoded here, too long, too many), so that what it uses is
 * unknown.  A name written so (/#7Funread) only makes more names signed. */
static const char unread_names[] = "\x7funread";

/* Whether a (as of before) and b (as of after) are the same, following
 * references: a resource re-pointed at an equal copy is still the same.  The
 * same reference on both sides is equal here: if that object changed, its
 * own change is judged where it changed. */
static bool deep_equal(kc_cover *c, kc_pdf_obj *a, kc_pdf_obj *b, int depth, size_t *budget)
{
    if (a && b && a->type == KC_PDF_REF && b->type == KC_PDF_REF && a->u.ref.num == b->u.ref.num)
        return true;
    a = kc_pdf_resolve(c->doc, c->before, a);
    b = kc_pdf_resolve(c->doc, c->after, b);
    if (!a || !b)
        return a == b;
    if (depth >= DEEP_DEPTH || *budget == 0 || a->type != b->type || a->type == KC_PDF_STREAM)
        return kc_pdf_obj_equal(c->doc, a, b); /* references by number, stream bytes compared */
    (*budget)--;
    if (a->type == KC_PDF_ARRAY) {
        if (a->u.arr.n != b->u.arr.n)
            return false;
        for (size_t i = 0; i < a->u.arr.n; i++)
            if (!deep_equal(c, a->u.arr.items[i], b->u.arr.items[i], depth + 1, budget))
                return false;
        return true;
    }
    if (a->type == KC_PDF_DICT) {
        if (a->u.dict.n != b->u.dict.n || a->dup_keys || b->dup_keys)
            return kc_pdf_obj_equal(c->doc, a, b);
        for (size_t i = 0; i < a->u.dict.n; i++) {
            kc_pdf_obj *other = kc_pdf_dict_get(b, a->u.dict.keys[i]);
            if (!other || !deep_equal(c, a->u.dict.vals[i], other, depth + 1, budget))
                return false;
        }
        return true;
    }
    return kc_pdf_obj_equal(c->doc, a, b);
}

/* /DR (level 0) and its categories (/Font, /XObject ..., level 1) may gain
 * names; every name that was there keeps an equal value. */
static bool dr_keeps(kc_cover *c, kc_pdf_obj *ov, kc_pdf_obj *nv, int level, size_t *budget)
{
    kc_pdf_obj *o = kc_pdf_resolve(c->doc, c->before, ov), *n = kc_pdf_resolve(c->doc, c->after, nv);
    if (!o)
        return true; /* nothing was there */
    if (level < 2 && o->type == KC_PDF_DICT && n && n->type == KC_PDF_DICT && !o->dup_keys && !n->dup_keys) {
        if (kc_cover_ref_num(ov) && kc_cover_ref_num(ov) == kc_cover_ref_num(nv))
            return true; /* the same object: judged where it changed */
        for (size_t i = 0; i < o->u.dict.n; i++)
            if (!dr_keeps(c, o->u.dict.vals[i], kc_pdf_dict_get(n, o->u.dict.keys[i]), level + 1, budget))
                return false;
        return true;
    }
    return deep_equal(c, ov, nv, 0, budget);
}

/* Adds the names in d (a default appearance string "/F9 12 Tf 0 g", or a
 * content stream) to names, as written, with #xx escapes decoded and as
 * poppler reads them, with the value `why` (NULL: the name itself).  Names
 * inside a content stream's strings or inline images count too: more names,
 * never fewer. */
static void add_names(GHashTable *names, const unsigned char *d, size_t n, const char *why)
{
    for (size_t i = 0; i < n; i++) {
        if (d[i] != '/')
            continue;
        size_t e = i + 1;
        while (e < n && !strchr(" \t\r\n\f()<>[]{}/%", d[e]) && d[e] != 0)
            e++;
        GString *raw = g_string_new_len((const char *)d + i + 1, (gssize)(e - i - 1)), *dec = g_string_new(NULL);
        for (size_t k = 0; k < raw->len; k++) {
            int hi = k + 2 < raw->len ? g_ascii_xdigit_value(raw->str[k + 1]) : -1;
            int lo = k + 2 < raw->len ? g_ascii_xdigit_value(raw->str[k + 2]) : -1;
            if (raw->str[k] == '#' && hi >= 0 && lo >= 0) {
                g_string_append_c(dec, (char)(hi << 4 | lo));
                k += 2;
            } else {
                g_string_append_c(dec, raw->str[k]);
            }
        }
        char *r = g_string_free(raw, FALSE), *x = g_string_free(dec, FALSE);
        char *pop = memchr(d + i, '#', e - i) ? kc_pdf_poppler_name(d, n, i) : g_strdup(x);
        if (!why) {
            g_hash_table_add(names, r);
            g_hash_table_add(names, x);
            g_hash_table_add(names, pop);
        } else {
            /* A name a /DA says keeps its own reason. */
            if (!g_hash_table_contains(names, r))
                g_hash_table_insert(names, g_strdup(r), (gpointer)why);
            if (!g_hash_table_contains(names, x))
                g_hash_table_insert(names, g_strdup(x), (gpointer)why);
            if (!g_hash_table_contains(names, pop))
                g_hash_table_insert(names, g_strdup(pop), (gpointer)why);
            g_free(r);
            g_free(x);
            g_free(pop);
        }
        i = e - 1;
    }
}

static void add_da_names(GHashTable *names, const kc_pdf_obj *da)
{
    add_names(names, da->u.str.data, da->u.str.len, NULL);
}

/* What is left to read of appearance streams without /Resources: a signed
 * document of many such streams, each inflating to megabytes of names,
 * would otherwise cost minutes whenever /DR gains a name. */
typedef struct bare_budget {
    unsigned streams;
    size_t bytes, names;
} bare_budget;

/* Adds the names appearance stream s uses when it has no /Resources
 * dictionary of its own (a reader may then take /DR for it); one that cannot
 * be read (past the budget too) stands for every name. */
static void add_bare_stream_names(kc_cover *c, GHashTable *names, kc_pdf_obj *s, bare_budget *left)
{
    s = kc_pdf_resolve(c->doc, c->signed_rev, s);
    if (!s || s->type != KC_PDF_STREAM)
        return;
    kc_pdf_obj *res = kc_pdf_resolve(c->doc, c->signed_rev, kc_pdf_dict_get(s, "Resources"));
    if (res && res->type == KC_PDF_DICT)
        return;
    unsigned char *data = NULL;
    size_t len = 0;
    if (left->streams == 0 || left->bytes == 0 ||
        kc_pdf_stream_decode(kc_pdf_source(c->doc), s, left->bytes, &data, &len, NULL) != 0) {
        g_hash_table_insert(names, g_strdup(unread_names), (gpointer)bare_appearance);
        free(data);
        return;
    }
    left->streams--;
    left->bytes -= len < left->bytes ? len : left->bytes;
    size_t slashes = 0;
    for (size_t i = 0; i < len; i++)
        slashes += data[i] == '/';
    if (slashes > left->names) {
        left->names = 0;
        g_hash_table_insert(names, g_strdup(unread_names), (gpointer)bare_appearance);
        free(data);
        return;
    }
    left->names -= slashes;
    add_names(names, data, len, bare_appearance);
    free(data);
}

/* The same for every appearance stream of annotation x's /AP: /N, /R and
 * /D, each a stream or a dictionary of appearance states. */
static void add_bare_ap_names(kc_cover *c, GHashTable *names, kc_pdf_obj *x, bare_budget *left)
{
    kc_pdf_obj *ap = kc_pdf_resolve(c->doc, c->signed_rev, kc_pdf_dict_get(x, "AP"));
    if (!ap || ap->type != KC_PDF_DICT)
        return;
    static const char *const kinds[] = {"N", "R", "D"};
    for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++) {
        kc_pdf_obj *v = kc_pdf_resolve(c->doc, c->signed_rev, kc_pdf_dict_get(ap, kinds[k]));
        if (v && v->type == KC_PDF_STREAM)
            add_bare_stream_names(c, names, v, left);
        for (size_t i = 0; v && v->type == KC_PDF_DICT && i < v->u.dict.n; i++) {
            if (i >= MAX_AP_STATES) {
                g_hash_table_insert(names, g_strdup(unread_names), (gpointer)bare_appearance);
                break;
            }
            add_bare_stream_names(c, names, v->u.dict.vals[i], left);
        }
    }
}

/* The value of `key` that widget w has or inherits up its /Parent chain, as
 * of the signed revision: through a parent written as an object with a
 * stream too (MuPDF reads its dictionary), so that more names, never fewer,
 * count as signed.  NULL when none has it. */
static kc_pdf_obj *inherited(kc_cover *c, kc_pdf_obj *w, const char *key)
{
    for (int hop = 0; w && (w->type == KC_PDF_DICT || w->type == KC_PDF_STREAM) && hop < KC_COVER_MAX_HOPS; hop++) {
        kc_pdf_obj *v = kc_pdf_dict_get(w, key);
        if (v)
            return kc_pdf_resolve(c->doc, c->signed_rev, v);
        w = kc_pdf_resolve(c->doc, c->signed_rev, kc_pdf_dict_get(w, "Parent"));
    }
    return NULL;
}

/* Whether widget w belongs to a button field (/FT /Btn, its own or inherited). */
static bool is_button(kc_cover *c, kc_pdf_obj *w)
{
    return kc_pdf_is_name(inherited(c, w, "FT"), "Btn");
}

/* Whether a non-empty string, as pdf.js reads a /DA (anything else is ""). */
static bool some_text(const kc_pdf_obj *o)
{
    return o && o->type == KC_PDF_STRING && o->u.str.len > 0;
}

/* Whether pdf.js draws text widget w (a text field or a choice field) with
 * a default appearance of its own, "/Helvetica 0 Tf 0 g": when neither it,
 * a parent nor the form has a /DA (pdf.js takes the first /DA up the chain,
 * else the form's, and anything but a non-empty string is none).  It looks
 * /Helvetica up in the form's /DR, so that a /DR gaining /Helvetica after
 * signing, a Helvetica whose /Differences draws "1" as "nine", had Firefox
 * print 90.000.000 in a signed field of a form told to redraw its fields
 * (rtform13); no /DA names it, and the rule looked only at /DA names. */
static bool draws_with_default(kc_cover *c, kc_pdf_obj *w, kc_pdf_obj *form)
{
    kc_pdf_obj *ft = inherited(c, w, "FT");
    if (!kc_pdf_is_name(ft, "Tx") && !kc_pdf_is_name(ft, "Ch"))
        return false;
    kc_pdf_obj *da = inherited(c, w, "DA");
    if (!da && form && form->type == KC_PDF_DICT)
        da = kc_pdf_resolve(c->doc, c->signed_rev, kc_pdf_dict_get(form, "DA"));
    return !some_text(da);
}

/* Every name a default appearance string of the signed revision holds: the
 * form's, each field's and widget's, a FreeText annotation's; every name an
 * appearance stream without /Resources uses (any annotation's); /ZaDb when it
 * has a button field, and /Helvetica when it has a text or choice field that
 * pdf.js draws with its own default appearance.  Made when first asked (only
 * when /DR gains a name). */
static GHashTable *signed_da_names(kc_cover *c)
{
    kc_pdf_obj *root = kc_pdf_resolve(c->doc, c->signed_rev, kc_pdf_dict_get(kc_pdf_trailer(c->doc, c->signed_rev), "Root"));
    kc_pdf_obj *form = root && root->type == KC_PDF_DICT
                           ? kc_pdf_resolve(c->doc, c->signed_rev, kc_pdf_dict_get(root, "AcroForm")) : NULL;
    kc_pdf_obj *na = form && form->type == KC_PDF_DICT
                         ? kc_pdf_resolve(c->doc, c->signed_rev, kc_pdf_dict_get(form, "NeedAppearances")) : NULL;
    bool redraws = na && na->type == KC_PDF_BOOL && na->u.b; /* poppler reads only a boolean there */
    GHashTable *names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    GPtrArray *stack = g_ptr_array_new();
    bare_budget bare_left = {MAX_BARE_APS, MAX_BARE_BYTES, MAX_BARE_NAMES};
    for (size_t s = 0; s <= c->signed_rev; s++) {
        const kc_xref_section *sec = kc_pdf_section(c->doc, s);
        for (size_t i = 0; i < sec->n_entries; i++) {
            uint32_t num = sec->entries[i].num;
            if (num == 0 || g_hash_table_contains(seen, GUINT_TO_POINTER(num)))
                continue;
            g_hash_table_add(seen, GUINT_TO_POINTER(num));
            kc_pdf_obj *o = kc_pdf_get(c->doc, c->signed_rev, num, NULL);
            if (o)
                g_ptr_array_add(stack, o);
            while (stack->len > 0) {
                kc_pdf_obj *x = g_ptr_array_remove_index_fast(stack, stack->len - 1);
                if (x->type == KC_PDF_ARRAY) {
                    for (size_t k = 0; k < x->u.arr.n; k++)
                        g_ptr_array_add(stack, x->u.arr.items[k]);
                } else if (x->type == KC_PDF_DICT || x->type == KC_PDF_STREAM) {
                    kc_pdf_obj *da = kc_pdf_resolve(c->doc, c->signed_rev, kc_pdf_dict_get(x, "DA"));
                    if (da && da->type == KC_PDF_STRING)
                        add_da_names(names, da);
                    add_bare_ap_names(c, names, x, &bare_left);
                    /* poppler draws a check box or radio button without an
                     * appearance (or every one, told to by /NeedAppearances)
                     * with /DR's /ZaDb, whatever its /DA says. */
                    bool widget = kc_pdf_is_name(kc_pdf_resolve(c->doc, c->signed_rev, kc_pdf_dict_get(x, "Subtype")), "Widget");
                    if (widget && (!kc_pdf_dict_get(x, "AP") || redraws) && is_button(c, x) && !g_hash_table_contains(names, "ZaDb"))
                        g_hash_table_insert(names, g_strdup("ZaDb"), (gpointer)button_font);
                    if (widget && !g_hash_table_contains(names, "Helvetica") && draws_with_default(c, x, form))
                        g_hash_table_insert(names, g_strdup("Helvetica"), (gpointer)default_font);
                    for (size_t k = 0; k < x->u.dict.n; k++)
                        g_ptr_array_add(stack, x->u.dict.vals[k]);
                }
            }
        }
    }
    g_ptr_array_free(stack, TRUE);
    g_hash_table_destroy(seen);
    return names;
}

/* A dictionary of /DR (a category such as /Font or /XObject) as of rev. */
static kc_pdf_obj *dr_dict(kc_cover *c, size_t rev, kc_pdf_obj *d)
{
    d = kc_pdf_resolve(c->doc, rev, d);
    return d && d->type == KC_PDF_DICT ? d : NULL;
}

/* A name /DR gains, in any category, must not be one a signed /DA already
 * names.  A field without an appearance that a viewer drew with a fallback
 * font when it was signed is drawn with the new font after (a /Differences
 * that draws "1" as "nine"); and poppler writes the whole /DA into the
 * appearance it makes, with /DR as its resources, so "/Helv 12 Tf 0 g /X9 Do"
 * draws nothing for an /X9 nothing defines when signed, and a "9" over the
 * amount once /DR gains the XObject /X9 (an /ExtGState or /ColorSpace of that
 * name changes the text the same way). */
static bool dr_new_names_unused(kc_cover *c, kc_pdf_obj *ov, kc_pdf_obj *nv)
{
    kc_pdf_obj *o = dr_dict(c, c->before, ov), *n = dr_dict(c, c->after, nv);
    GHashTable *names = NULL;
    bool ok = true;
    for (size_t k = 0; ok && n && k < n->u.dict.n; k++) {
        const char *cat = n->u.dict.keys[k];
        kc_pdf_obj *oc = o ? dr_dict(c, c->before, kc_pdf_dict_get(o, cat)) : NULL;
        kc_pdf_obj *nc = dr_dict(c, c->after, n->u.dict.vals[k]);
        for (size_t i = 0; ok && nc && i < nc->u.dict.n; i++) {
            if (oc && kc_pdf_dict_get(oc, nc->u.dict.keys[i]))
                continue;
            /* /DefaultGray, /DefaultRGB, /DefaultCMYK are named by no /DA and
             * used by every one: poppler paints a /DA's "0 g" (or rg, k) in
             * such a colour space of its resources, /DR, so one mapping black
             * to white made a signed field's 10.000.000 vanish. */
            if (strcmp(cat, "ColorSpace") == 0 && g_str_has_prefix(nc->u.dict.keys[i], "Default")) {
                ok = kc_cover_fail(c, N_("the form's default resources (/DR) gained a default colour space "
                                         "(/DefaultGray, /DefaultRGB, /DefaultCMYK), in which viewers paint every "
                                         "colour an appearance string of the signed document sets"));
                continue;
            }
            /* An encrypted document's appearance strings are encrypted too:
             * which names they use cannot be read here, and a text field's
             * /DA (/F9 12 Tf 0 g) was drawn with the /F9 an update added. */
            if (kc_pdf_dict_get(kc_pdf_trailer(c->doc, c->before), "Encrypt")) {
                ok = kc_cover_fail(c, N_("the form's default resources (/DR) of an encrypted document gained a "
                                         "resource: its appearance strings are encrypted, so whether they name it "
                                         "cannot be checked"));
                continue;
            }
            if (!names)
                names = signed_da_names(c);
            gpointer why = g_hash_table_lookup(names, nc->u.dict.keys[i]);
            if (!why && g_hash_table_contains(names, unread_names)) {
                ok = kc_cover_fail(c, N_("the form's default resources (/DR) gained a resource while an appearance "
                                         "stream of the signed document without resources of its own cannot be read: "
                                         "whether it uses that name cannot be checked"));
                continue;
            }
            if (!why)
                continue;
            if (why == (gpointer)bare_appearance) {
                ok = kc_cover_fail(c, N_("the form's default resources (/DR) gained a resource that an appearance "
                                         "stream of the signed document uses without resources of its own: a reader "
                                         "that draws such a stream with /DR (Acrobat) shows it otherwise"));
            } else if (why == (gpointer)button_font) {
                if (strcmp(cat, "Font") == 0)
                    ok = kc_cover_fail(c, N_("the form's default resources (/DR) gained /ZaDb, the font poppler draws "
                                             "the signed document's check boxes and radio buttons without an appearance with"));
            } else if (why == (gpointer)default_font) {
                if (strcmp(cat, "Font") == 0)
                    ok = kc_cover_fail(c, N_("the form's default resources (/DR) gained /Helvetica, the font pdf.js draws "
                                             "the signed document's text fields without a default appearance (/DA) with"));
            } else {
                ok = kc_cover_fail(c, strcmp(cat, "Font") == 0
                                      ? N_("the form's default resources (/DR) gained a font that an appearance string "
                                           "of the signed document names")
                                      : N_("the form's default resources (/DR) gained a resource (an XObject, a graphics "
                                           "state, a colour space) that an appearance string of the signed document names"));
            }
        }
    }
    if (names)
        g_hash_table_destroy(names);
    return ok;
}

static bool acroform_key(kc_cover *c, const char *key, kc_pdf_obj *ov, kc_pdf_obj *nv)
{
    if (strcmp(key, "Fields") == 0) {
        /* The same indirect array is judged where that object changed. */
        if (kc_cover_ref_num(ov) && kc_cover_ref_num(ov) == kc_cover_ref_num(nv))
            return true;
        return kc_cover_list_grows(c, ov, nv);
    }
    if (strcmp(key, "SigFlags") == 0)
        return true;
    if (strcmp(key, "DR") == 0) {
        size_t budget = DEEP_BUDGET;
        if (!dr_keeps(c, ov, nv, 0, &budget))
            return kc_cover_fail(c, N_("the form's default resources (/DR) were changed after signing"));
        return dr_new_names_unused(c, ov, nv);
    }
    if (strcmp(key, "DA") == 0)
        return kc_cover_fail(c, N_("the form's default appearance (/DA) was changed after signing"));
    if (strcmp(key, "NeedAppearances") == 0)
        return kc_cover_fail(c, N_("the form was told to redraw its fields (/NeedAppearances) after signing"));
    return kc_cover_fail(c, N_("the interactive form was changed after signing beyond adding a signature"));
}

bool kc_cover_acroform(kc_cover *c, kc_pdf_obj *o, kc_pdf_obj *n)
{
    static kc_pdf_obj empty = {.type = KC_PDF_DICT};
    o = o ? o : &empty;
    if (!n || n->type != KC_PDF_DICT || o->type != KC_PDF_DICT)
        return kc_cover_fail(c, N_("the interactive form was removed or replaced after signing"));
    return kc_cover_dict_diff(c, o, n, acroform_key);
}
