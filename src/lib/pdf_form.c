/* pdf_form.c: the interactive form after a signature (rule 4).
 *
 * Signing adds its field to /Fields, may set /SigFlags, and may add the font
 * of its appearance to the default resources /DR.  The rest of the form
 * dictionary decides what a reader shows in text fields whenever it draws
 * them itself: the default appearance /DA (font, size, colour: white text on
 * white is nothing), the fonts /DR names (a /Differences array that maps "1"
 * to nothing), and /NeedAppearances, which tells the reader to redraw every
 * field from those.  So /DA and /NeedAppearances may not change, and /DR may
 * only gain names: every name it had keeps an equal object. */
#include <string.h>

#include "i18n.h"
#include "pdf_cover.h"

#define DEEP_DEPTH 12        /* nesting followed when comparing across references */
#define DEEP_BUDGET 100000   /* objects compared for one /DR */

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
        return dr_keeps(c, ov, nv, 0, &budget) ||
               kc_cover_fail(c, N_("the form's default resources (/DR) were changed after signing"));
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
