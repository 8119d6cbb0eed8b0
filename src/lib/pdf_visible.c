/* pdf_visible.c: what can be seen after a signature (rule 4, first half).
 *
 * A viewer draws every annotation of a page's /Annots inside its /Rect,
 * from its /AP or, without one, from its own dictionary (FreeText, Square,
 * a widget's /MK and /DA): "no appearance" does not mean invisible.  So
 * after a signature, something that can be seen (a non-zero /Rect that the
 * /F flags do not hide) may arrive only as the widget of a new signature
 * field, without a parent, whose /V is a signature dictionary made in the
 * same update, held by no other field, that verifies (intact and trusted:
 * verify.c passes those in) and whose signed bytes reach that update.  An
 * existing empty signature field may be signed the same way.  Anything else
 * a reader would see, however signature-like its dictionary, is an overlay
 * (the Sneaky Signature Attack and its kin, Mainka et al. 2021).
 *
 * Rendering the signed revision and the current one and comparing them
 * outside the new widgets would be a second line of defence, but poppler
 * takes about 12 ms to draw one page twice at 20 dpi, against well under a
 * millisecond to verify a whole document; the structural rule stands alone. */
#include <string.h>

#include "i18n.h"
#include "pdf_cover.h"

#define MAX_KIDS_SEEN 1000 /* widgets looked at under one field before it counts as visible */

bool kc_cover_is_sig(kc_cover *c, size_t rev, kc_pdf_obj *o)
{
    o = kc_pdf_resolve(c->doc, rev, o);
    for (int hop = 0; o && o->type == KC_PDF_DICT && hop < KC_COVER_MAX_HOPS; hop++) {
        /* /FT /Sig counts only on a widget or a bare field: a FreeText or
         * Square annotation that says /FT /Sig is still drawn as what it is. */
        kc_pdf_obj *st = kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(o, "Subtype"));
        if (st && !kc_pdf_is_name(st, "Widget"))
            return false;
        kc_pdf_obj *ft = kc_pdf_dict_get(o, "FT");
        if (ft)
            return kc_pdf_is_name(kc_pdf_resolve(c->doc, rev, ft), "Sig");
        o = kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(o, "Parent"));
    }
    return false;
}

static bool number(kc_cover *c, size_t rev, kc_pdf_obj *o, double *out)
{
    o = kc_pdf_resolve(c->doc, rev, o);
    if (o && o->type == KC_PDF_INT)
        *out = (double)o->u.i;
    else if (o && o->type == KC_PDF_REAL)
        *out = o->u.r;
    else
        return false;
    return true;
}

/* Whether o is read as a dictionary by some viewer: MuPDF takes a stream
 * object's dictionary wherever it asks for a dictionary (a widget in a page's
 * /Annots, a field's /Kids or /Parent), and draws a text widget written as
 * an object with a stream; poppler and pdf.js skip it.  The walks that look
 * for what can be seen or run read both, or a stream widget under an empty
 * signature field showed the "9" its /V was given after signing. */
static bool dict_like(const kc_pdf_obj *o)
{
    return o && (o->type == KC_PDF_DICT || o->type == KC_PDF_STREAM);
}

/* Whether an annotation dictionary can be seen: a /Rect of non-zero area
 * (its numbers may be indirect, as viewers resolve them) not hidden by /F
 * (Hidden, or NoView without Print, and without ToggleNoView, which shows it
 * when the pointer passes over it).  A dictionary with neither /Subtype nor
 * /Rect is a bare field, not drawn; an annotation whose /Rect cannot be read
 * counts as seen.  With flags_hide false the flags hide nothing on a widget:
 * pdf.js with its forms on (Firefox's viewer, and the portals that embed it)
 * draws a signature widget's appearance on the page whatever its /F says
 * (its widgets are all "viewable"; Hidden and NoView only hide the HTML of a
 * text or choice field), as the tables of rule 4 must then read it. */
static bool visible(kc_cover *c, size_t rev, kc_pdf_obj *d, bool flags_hide)
{
    kc_pdf_obj *r = kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(d, "Rect"));
    if (!kc_pdf_dict_get(d, "Rect") && !kc_pdf_dict_get(d, "Subtype"))
        return false;
    int64_t f = 0;
    kc_pdf_get_int(kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(d, "F")), &f);
    /* poppler takes flags only from a 32-bit integer: /F 4294967298 (2^32 +
     * 2) is Hidden to 64 bits and no flags at all, so drawn, to it. */
    if (f > INT32_MAX || f < INT32_MIN)
        f = 0;
    /* pdf.js takes flags that are not a positive integer for none
     * (Annotation.setFlags): an annotation of no /Subtype saying /FT /Sig,
     * /F -1 (Hidden to poppler and MuPDF), painted the "9" over the amount
     * in Firefox after signing and passed as a hidden signature field (rtmdp). */
    if (f < 0)
        f = 0;
    bool widget = kc_pdf_is_name(kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(d, "Subtype")), "Widget");
    if ((flags_hide || !widget) && ((f & 2) || ((f & 32) && !(f & 4) && !(f & 256))))
        return false;
    double v[4];
    if (!r || r->type != KC_PDF_ARRAY || r->u.arr.n != 4)
        return true;
    for (int i = 0; i < 4; i++)
        if (!number(c, rev, r->u.arr.items[i], &v[i]))
            return true;
    return !(v[0] == v[2] || v[1] == v[3]); /* NaN is not equal: seen */
}

/* Whether test holds for field f or a field or widget under its /Kids, as
 * of rev (bounded: past the bound, or deeper than KC_COVER_MAX_HOPS, it
 * holds, since what was not read may be what the caller looks for). */
typedef bool (*kid_test)(kc_cover *c, size_t rev, kc_pdf_obj *d, const void *arg);

static bool any_in_tree(kc_cover *c, size_t rev, kc_pdf_obj *f, kid_test test, const void *arg)
{
    kc_pdf_obj *stack[KC_COVER_MAX_HOPS * 4];
    int depth[KC_COVER_MAX_HOPS * 4];
    size_t top = 0, seen = 0;
    stack[top] = f;
    depth[top++] = 0;
    while (top > 0) {
        kc_pdf_obj *d = kc_pdf_resolve(c->doc, rev, stack[--top]);
        int dp = depth[top];
        if (!dict_like(d))
            continue;
        if (++seen > MAX_KIDS_SEEN || test(c, rev, d, arg))
            return true;
        kc_pdf_obj *kids = kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(d, "Kids"));
        if (!kids || kids->type != KC_PDF_ARRAY)
            continue;
        if (dp + 1 >= KC_COVER_MAX_HOPS || kids->u.arr.n > sizeof stack / sizeof *stack - top)
            return true;
        for (size_t i = 0; i < kids->u.arr.n; i++) {
            stack[top] = kids->u.arr.items[i];
            depth[top++] = dp + 1;
        }
    }
    return false;
}

static bool visible_test(kc_cover *c, size_t rev, kc_pdf_obj *d, const void *flags_hide)
{
    return visible(c, rev, d, *(const bool *)flags_hide);
}

/* Whether a field shows anything: itself as a widget, or any widget under
 * its /Kids (past the bounds it counts as seen); flags_hide as for
 * visible(). */
static bool shows(kc_cover *c, size_t rev, kc_pdf_obj *f, bool flags_hide)
{
    return any_in_tree(c, rev, f, visible_test, &flags_hide);
}

/* The verified signature `sig` (an object number) may show field `field`
 * in the revision being judged: its dictionary is new in this update, it
 * verified, the one field holding it is this one, its signed bytes reach
 * this update, and no other field has shown it.  Claims it for the field. */
static bool licensed(kc_cover *c, uint32_t sig, uint32_t field);

/* licensed(), and its signer one who may draw after the signature judged: a
 * verified signature of anyone (a citizen's certificate chains to the
 * national root) could otherwise paint over a leader's text in its own
 * widget, and nothing structural tells a seal from a forged amount. */
static bool licensed_to_draw(kc_cover *c, uint32_t sig, uint32_t field, bool changed, bool flag_hidden)
{
    if (!licensed(c, sig, field))
        return kc_cover_fail(c, flag_hidden ? N_("a signature field hidden by its flags, whose appearance pdf.js (Firefox) draws on "
                                                 "the page all the same, was added or changed after signing without a new "
                                                 "signature that verifies")
                                : changed ? N_("a visible signature field was changed after signing without a new signature that verifies")
                                        : N_("a visible signature field was added after signing without a new signature that verifies"));
    const kc_cover_license *lic = g_hash_table_lookup(c->licenses, GUINT_TO_POINTER(sig));
    if (!lic->may_draw)
        return kc_cover_fail(c, N_("a visible signature by someone outside the signer's agency was added after "
                                   "signing: what it draws could cover or change the signed page"));
    return true;
}

static bool licensed(kc_cover *c, uint32_t sig, uint32_t field)
{
    const kc_xref_entry *was = kc_pdf_entry(c->doc, c->before, sig);
    kc_pdf_obj *d = kc_pdf_get(c->doc, c->after, sig, NULL);
    if (!sig || !field || (was && was->type != 0) || !d || d->type != KC_PDF_DICT)
        return false;
    const kc_cover_license *lic = g_hash_table_lookup(c->licenses, GUINT_TO_POINTER(sig));
    if (!lic || lic->field != field || lic->rev < c->after)
        return false;
    gpointer by = g_hash_table_lookup(c->claimed, GUINT_TO_POINTER(sig));
    if (by && GPOINTER_TO_UINT(by) != field)
        return false;
    g_hash_table_insert(c->claimed, GUINT_TO_POINTER(sig), GUINT_TO_POINTER(field));
    return true;
}

/* Whether field or widget w, a widget or field under its /Kids, or a field
 * above it (/Parent) has an action (/A, /AA).  Viewers take a widget's actions
 * with its parents' (pdf.js's collectActions), and pdf.js, as Firefox opens a
 * document, runs the Format script of every field the form's /Fields lead to,
 * kids included: a hidden text widget under a new, empty signature field set
 * a signed field to 90.000.000.  Past the bounds it counts as having one. */
static bool action_test(kc_cover *c, size_t rev, kc_pdf_obj *d, const void *unused)
{
    (void)c, (void)rev, (void)unused;
    return kc_pdf_dict_get(d, "A") || kc_pdf_dict_get(d, "AA");
}

static bool carries_action(kc_cover *c, kc_pdf_obj *w)
{
    kc_pdf_obj *p = w;
    for (int hop = 0; dict_like(p); hop++) {
        if (hop >= KC_COVER_MAX_HOPS || action_test(c, c->after, p, NULL))
            return true;
        p = kc_pdf_resolve(c->doc, c->after, kc_pdf_dict_get(p, "Parent"));
    }
    return any_in_tree(c, c->after, w, action_test, NULL);
}

/* Whether signature dictionary v is a document timestamp: /Type /DocTimeStamp,
 * or /SubFilter /ETSI.RFC3161, which verify_pdf.c takes for one whatever its
 * /Type says.  Both read as written, as pdf_sig.c reads them for verification
 * (review34: a /Type referring to /DocTimeStamp made the organisation's CMS
 * signature, verified and counted as one, a timestamp that a lock lets by). */
static bool doc_timestamp(kc_pdf_obj *v)
{
    return kc_pdf_is_name(kc_pdf_dict_get(v, "Type"), "DocTimeStamp") ||
           kc_pdf_is_name(kc_pdf_dict_get(v, "SubFilter"), "ETSI.RFC3161");
}

/* Whether d holds a signature value (/V) that the locks of the signature
 * checked forbid: not when *dts_free and it is a document timestamp. */
static bool locked_value(kc_cover *c, size_t rev, kc_pdf_obj *d, const void *dts_free)
{
    kc_pdf_obj *v = kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(d, "V"));
    return v && !(*(const bool *)dts_free && doc_timestamp(v)) && kc_cover_locked(c, d, true);
}

/* One item a list (/Fields, /Annots) gained after signing. */
static bool new_item(kc_cover *c, kc_pdf_obj *item)
{
    kc_pdf_obj *w = kc_pdf_resolve(c->doc, c->after, item);
    if (!w || w->type != KC_PDF_DICT || !kc_cover_is_sig(c, c->after, w))
        return kc_cover_fail(c, N_("a form field or annotation other than a signature was added after signing"));
    if (w->dup_keys)
        return kc_cover_fail(c, N_("a signature field that names a key twice was added after signing"));
    /* Signing writes no actions: one on an invisible field could still run
     * script that changes what the page shows. */
    if (carries_action(c, w))
        return kc_cover_fail(c, N_("a signature field added after signing carries an action"));
    /* A field the lock of the signature checked names (every field, for /All
     * and /Exclude), made and signed now, its value on it or on a widget or
     * field under its /Kids (which need be on no page); not an archiving
     * tool's invisible document timestamp in a field of its own (pyHanko: an
     * LTA update).  Past the tree's bounds any_in_tree holds: only with a
     * lock to break does that say anything. */
    bool dts_free = !shows(c, c->after, w, false);
    if (c->locks && any_in_tree(c, c->after, w, locked_value, &dts_free))
        return kc_cover_fail(c, N_("a signature field that this signature's field lock (FieldMDP, /Lock) names "
                                   "was signed after it: the lock is broken"));
    if (!shows(c, c->after, w, false))
        return true;
    bool flag_hidden = !shows(c, c->after, w, true);
    uint32_t num = kc_cover_ref_num(item);
    const kc_xref_entry *was = kc_pdf_entry(c->doc, c->before, num);
    if (!num || (was && was->type != 0) || kc_pdf_dict_get(w, "Parent") || kc_pdf_dict_get(w, "Kids") ||
        !kc_pdf_is_name(kc_pdf_resolve(c->doc, c->after, kc_pdf_dict_get(w, "FT")), "Sig") ||
        !kc_pdf_is_name(kc_pdf_resolve(c->doc, c->after, kc_pdf_dict_get(w, "Subtype")), "Widget"))
        return kc_cover_fail(c, N_("something visible was added after signing that is not the widget of a new signature field"));
    return licensed_to_draw(c, kc_cover_ref_num(kc_pdf_dict_get(w, "V")), num, false, flag_hidden);
}

static bool array_has(const kc_pdf_doc *doc, const kc_pdf_obj *arr, const kc_pdf_obj *item)
{
    for (size_t i = 0; i < arr->u.arr.n; i++)
        if (kc_pdf_obj_equal(doc, arr->u.arr.items[i], item))
            return true;
    return false;
}

/* The object numbers an array refers to (NULL-safe: an empty set). */
static GHashTable *ref_set(const kc_pdf_obj *arr)
{
    GHashTable *set = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (size_t i = 0; arr && i < arr->u.arr.n; i++)
        if (arr->u.arr.items[i]->type == KC_PDF_REF)
            g_hash_table_add(set, GUINT_TO_POINTER(arr->u.arr.items[i]->u.ref.num));
    return set;
}

static bool has_item(const kc_pdf_doc *doc, const kc_pdf_obj *arr, GHashTable *refs, const kc_pdf_obj *item)
{
    if (item->type == KC_PDF_REF)
        return g_hash_table_contains(refs, GUINT_TO_POINTER(item->u.ref.num));
    return array_has(doc, arr, item);
}

bool kc_cover_list_grows(kc_cover *c, kc_pdf_obj *old_val, kc_pdf_obj *new_val)
{
    kc_pdf_obj *o = kc_pdf_resolve(c->doc, c->before, old_val);
    kc_pdf_obj *n = kc_pdf_resolve(c->doc, c->after, new_val);
    if (!n)
        return o ? kc_cover_fail(c, N_("a form or annotation list was removed after signing")) : true;
    if (n->type != KC_PDF_ARRAY || (o && o->type != KC_PDF_ARRAY))
        return kc_cover_fail(c, N_("a form or annotation list was replaced after signing"));
    /* Items are nearly always references: those are looked up in sets, so
     * that lists of many thousand annotations cost no more than reading them. */
    GHashTable *in_old = ref_set(o), *in_new = ref_set(n);
    bool ok = true;
    for (size_t i = 0; ok && o && i < o->u.arr.n; i++)
        if (!has_item(c->doc, n, in_new, o->u.arr.items[i]))
            ok = kc_cover_fail(c, N_("a form field or annotation was removed after signing"));
    for (size_t i = 0; ok && i < n->u.arr.n; i++)
        if (!o || !has_item(c->doc, o, in_old, n->u.arr.items[i]))
            ok = new_item(c, n->u.arr.items[i]);
    /* What was there keeps its order and is listed once: viewers draw a
     * page's annotations in the order of /Annots, the last on top, so two
     * signed Stamps over the amount (a "9", then a "1" over it) show the
     * "9" once their order is reversed, or the first is listed again. */
    for (size_t i = 0, j = 0; ok && o && i < n->u.arr.n; i++)
        if (has_item(c->doc, o, in_old, n->u.arr.items[i]) &&
            (j >= o->u.arr.n || !kc_pdf_obj_equal(c->doc, o->u.arr.items[j++], n->u.arr.items[i])))
            ok = kc_cover_fail(c, N_("a form or annotation list was reordered after signing, or lists an item again "
                                     "(viewers draw a page's annotations in that order, the last on top)"));
    g_hash_table_destroy(in_old);
    g_hash_table_destroy(in_new);
    return ok;
}

static bool sig_field_key(kc_cover *c, const char *key, kc_pdf_obj *ov, kc_pdf_obj *nv)
{
    (void)nv;
    /* A field signed before stays as it was: a new appearance on it would
     * show the reader whatever the attacker likes inside its rectangle. */
    if (c->field_signed)
        return kc_cover_fail(c, N_("a signed signature field or its appearance was changed after signing"));
    /* Signing fills an empty field's value and redraws its appearance
     * (which kc_cover_sig_changed then lets through only with a signature). */
    if (strcmp(key, "V") == 0)
        return !ov || ov->type == KC_PDF_NULL ? true
                   : kc_cover_fail(c, N_("an existing signature value was replaced after signing"));
    if (strcmp(key, "AP") == 0 || strcmp(key, "AS") == 0 || strcmp(key, "MK") == 0 ||
        strcmp(key, "F") == 0 || strcmp(key, "DA") == 0 || strcmp(key, "Lock") == 0 ||
        strcmp(key, "SV") == 0)
        return true;
    return kc_cover_fail(c, N_("a signature field was changed after signing"));
}

/* Whether the field of this field or widget (itself or a parent) had a value
 * in the revision before. */
static bool was_signed(kc_cover *c, kc_pdf_obj *o)
{
    for (int hop = 0; o && o->type == KC_PDF_DICT && hop < KC_COVER_MAX_HOPS; hop++) {
        kc_pdf_obj *v = kc_pdf_dict_get(o, "V");
        if (v)
            return kc_pdf_resolve(c->doc, c->before, v) != NULL;
        o = kc_pdf_resolve(c->doc, c->before, kc_pdf_dict_get(o, "Parent"));
    }
    return false;
}

/* Whether dictionary d names field `num` above it (its /Parent, or a
 * parent's), as of revision `after`; a chain longer than the bound does
 * (viewers may walk further than we read). */
static bool names_parent(kc_cover *c, kc_pdf_obj *d, uint32_t num)
{
    for (int hop = 0; dict_like(d); hop++) {
        kc_pdf_obj *p = kc_pdf_dict_get(d, "Parent");
        if (!p)
            return false;
        if (kc_cover_ref_num(p) == num || hop >= KC_COVER_MAX_HOPS)
            return true;
        d = kc_pdf_resolve(c->doc, c->after, p);
    }
    return false;
}

/* Whether a dictionary of revision `after` that can be seen names field
 * `num` above it: a widget takes /FT, /V and /DA from there by walking
 * /Parent, in poppler, MuPDF and pdf.js alike, whether or not the field lists
 * it among its /Kids.  A text widget on the page under an empty signature
 * field that does not list it looked, down the /Kids, like no part of the
 * field: filling the field's /V ("signing it") then wrote a "9" before the
 * signed 10.000.000.  Every object of the revision is looked at, and the
 * dictionaries inside it (MuPDF draws a widget written directly in a page's
 * /Annots); a signature field changes once per signature. */
static bool shown_under(kc_cover *c, uint32_t num, bool flags_hide)
{
    GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    GPtrArray *stack = g_ptr_array_new();
    bool found = false;
    for (size_t s = 0; !found && s <= c->after; s++) {
        const kc_xref_section *sec = kc_pdf_section(c->doc, s);
        for (size_t i = 0; !found && i < sec->n_entries; i++) {
            uint32_t k = sec->entries[i].num;
            if (k == 0 || k == num || !g_hash_table_add(seen, GUINT_TO_POINTER(k)))
                continue;
            kc_pdf_obj *o = kc_pdf_get(c->doc, c->after, k, NULL);
            if (o)
                g_ptr_array_add(stack, o);
            while (stack->len > 0) {
                kc_pdf_obj *x = g_ptr_array_remove_index_fast(stack, stack->len - 1);
                if (x->type == KC_PDF_ARRAY) {
                    for (size_t j = 0; j < x->u.arr.n; j++)
                        g_ptr_array_add(stack, x->u.arr.items[j]);
                } else if (dict_like(x)) {
                    if (names_parent(c, x, num) && visible(c, c->after, x, flags_hide)) {
                        found = true;
                        break;
                    }
                    for (size_t j = 0; j < x->u.dict.n; j++)
                        g_ptr_array_add(stack, x->u.dict.vals[j]);
                }
            }
        }
    }
    g_ptr_array_free(stack, TRUE);
    g_hash_table_destroy(seen);
    return found;
}

bool kc_cover_sig_changed(kc_cover *c, uint32_t num, kc_pdf_obj *o, kc_pdf_obj *n)
{
    if (!kc_cover_is_sig(c, c->after, n))
        return kc_cover_fail(c, N_("a signature field was turned into something else after signing"));
    c->field_signed = was_signed(c, o);
    if (!kc_cover_dict_diff(c, o, n, sig_field_key))
        return false;
    /* An empty field signed now that the signature checked had locked: the
     * lock is broken (ISO 32000-2 12.8.2.4, pyHanko), however honest the new signature.
     * (pyHanko lets an invisible document timestamp fill a locked field;
     * archiving tools add their own field, so none is excepted here.) */
    if (!c->field_signed && kc_pdf_resolve(c->doc, c->after, kc_pdf_dict_get(n, "V")) && kc_cover_locked(c, o, false))
        return kc_cover_fail(c, N_("a signature field that this signature's field lock (FieldMDP, /Lock) names "
                                   "was signed after it: the lock is broken"));
    if (!shows(c, c->after, n, false) && !shown_under(c, num, false))
        return true;
    bool flag_hidden = !shows(c, c->after, n, true) && !shown_under(c, num, true);
    /* Something changed on a field that can be seen: only its own signing
     * does that, by a new signature that verifies.  Find the field (the
     * dictionary with /FT) and its value. */
    uint32_t field = num;
    kc_pdf_obj *f = n;
    for (int hop = 0; f && !kc_pdf_dict_get(f, "FT") && hop < KC_COVER_MAX_HOPS; hop++) {
        field = kc_cover_ref_num(kc_pdf_dict_get(f, "Parent"));
        f = kc_pdf_resolve(c->doc, c->after, kc_pdf_dict_get(f, "Parent"));
    }
    if (!f || f->type != KC_PDF_DICT)
        return kc_cover_fail(c, N_("a visible signature field was changed after signing without a new signature that verifies"));
    return licensed_to_draw(c, kc_cover_ref_num(kc_pdf_dict_get(f, "V")), field, true, flag_hidden);
}
