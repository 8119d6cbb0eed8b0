/* pdf_notes_keys.c: the signed structure read otherwise by one viewer: a
 * dictionary that names a key twice, which poppler reads otherwise than the
 * other viewers (the note "duplicate-key"); an entry into an object stream
 * that pdf.js reads otherwise (the note "object-stream"); an annotation or
 * a page's resources written as an object with a stream, which MuPDF alone
 * takes (the note "stream-dictionary"); optional content properties so
 * written, which MuPDF alone applies (the note "optional-content").
 *
 * poppler keeps a dictionary's entries as read and, once it holds 32 or more,
 * sorts them (not stably) and finds a key by binary search: of a key named
 * twice it takes the value its sort leaves first, where MuPDF, pdf.js and this
 * reader take the last.  A catalog naming /Pages twice, a page naming
 * /Contents twice, a font resource named twice, prepared before signing, show
 * poppler another page than the others from the same signed bytes.  Smaller
 * dictionaries poppler searches from the end, as everyone else does. */
#include <string.h>

#include "i18n.h"
#include "kiemchung/verify.h"
#include "pdf.h"
#include "pdf_notes_internal.h"

#define RESOURCE_KINDS 16 /* /Font, /XObject, /ExtGState ...: the categories looked into */

bool kc_noter_poppler_dups(const kc_pdf_obj *d)
{
    return d && d->type == KC_PDF_DICT && d->dup_keys && d->u.dict.n >= 32;
}

bool kc_noter_resources_dups(kc_pdf_noter *nr, kc_pdf_obj *res)
{
    res = kc_pdf_resolve(nr->doc, nr->rev, res);
    if (kc_noter_poppler_dups(res))
        return true;
    for (size_t i = 0; res && res->type == KC_PDF_DICT && i < res->u.dict.n && i < RESOURCE_KINDS; i++)
        if (kc_noter_poppler_dups(kc_pdf_resolve(nr->doc, nr->rev, res->u.dict.vals[i])))
            return true;
    return false;
}

/* An annotation on a page, its /AP or a state dictionary of it: a Stamp
 * naming /AP twice among forty keys, prepared before signing, drew the "9"
 * over the amount in pdftoppm alone (rtpdf14).  The annotations are the
 * pages' /Annots the noter collected. */
static bool annots_dups(kc_pdf_noter *nr)
{
    GArray *annots = kc_noter_annots(nr, NULL);
    bool dups = false;
    for (guint k = 0; k < annots->len && !dups; k++) {
        kc_pdf_obj *a = g_array_index(annots, kc_noter_annot, k).obj;
        kc_pdf_obj *ap = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(a, "AP"));
        dups = kc_noter_poppler_dups(a) || kc_noter_poppler_dups(ap);
        for (size_t i = 0; !dups && ap && ap->type == KC_PDF_DICT && i < ap->u.dict.n && i < RESOURCE_KINDS; i++)
            dups = kc_noter_poppler_dups(kc_pdf_resolve(nr->doc, nr->rev, ap->u.dict.vals[i])); /* /N << /On … >> */
    }
    g_array_free(annots, TRUE);
    return dups;
}

/* Whether a note of that code was already made. */
static bool noted(const kc_pdf_noter *nr, const char *code)
{
    for (guint i = 0; i < nr->notes->len; i++)
        if (strcmp(g_array_index(nr->notes, kc_pdf_note, i).code, code) == 0)
            return true;
    return false;
}

/* Whether any dictionary or stream the catalog reaches, through any key and
 * any depth, names a key twice among 32 or more.  The walks above look only
 * where a page, its resources' categories and its annotations are: a font's
 * /FontFile2 or /ToUnicode, a form XObject's /Resources, /BBox or /Matrix (an
 * appearance stream's too), a field's parent or its /MK said two things
 * unseen; a Stamp's appearance naming /Resources twice, prepared before
 * signing, drew the "9" over the amount in pdftoppm alone (rtpdf15).  Every
 * object is read once; MAX_REACHED bounds a hostile document.
 *
 * Only what can lead further (a reference, a dictionary, a stream, an array)
 * goes on the stack, in the order it always went: a font's /Widths or a
 * /Rect is hundreds of numbers a document, and pushing and popping each
 * through GLib was a sixth of the walk (issue 16). */
#define MAX_REACHED 200000
typedef struct walk_stack {
    kc_pdf_obj **v;
    size_t n, cap;
    kc_pdf_obj *local[256];
} walk_stack;

/* Aborts when out of memory, as the GPtrArray it replaces did. */
static void walk_push(walk_stack *s, kc_pdf_obj *o)
{
    if (o->type != KC_PDF_REF && o->type != KC_PDF_DICT && o->type != KC_PDF_STREAM && o->type != KC_PDF_ARRAY)
        return;
    if (s->n == s->cap) {
        kc_pdf_obj **v = g_new(kc_pdf_obj *, s->cap * 2);
        memcpy(v, s->v, s->n * sizeof *v);
        if (s->v != s->local)
            g_free(s->v);
        s->v = v;
        s->cap *= 2;
    }
    s->v[s->n++] = o;
}

/* Whether reference r names its object under another generation than the
 * entry of its number gives (an object-stream entry: any but 0).  MuPDF
 * reads a reference by its number alone; poppler and pdf.js find nothing
 * there. */
static bool other_generation(const kc_pdf_noter *nr, const kc_pdf_obj *r)
{
    const kc_xref_entry *e = kc_pdf_entry(nr->doc, nr->rev, r->u.ref.num);
    return e && ((e->type == 1 && e->gen != r->u.ref.gen) || (e->type == 2 && r->u.ref.gen != 0));
}

/* What the walk from the catalog found: a dictionary naming a key twice
 * among 32 or more; a reference of another generation than its object's
 * (rtpdf27: a Stamp saved "N 0 obj" that page 1's /Annots names "N 1 R" was
 * drawn over the amount by MuPDF alone, and the signature was valid without
 * a word); and an object that is itself only a reference ("N 0 obj M 0 R
 * endobj": MuPDF follows it to M, as this reader does, poppler and pdf.js
 * take it for no dictionary: a Stamp so named, rtpdf27 again); and
 * /Resources written as an object with a stream anywhere (a form's, an
 * appearance's: MuPDF takes its dictionary, poppler and pdf.js none, and a
 * Stamp's appearance painting /X9 from them drew a "9" in MuPDF alone).  Each
 * reference is asked before its number is skipped as seen: the same number
 * named twice, once rightly, is still named wrongly once. */
typedef struct reached {
    bool dup, gen, chain, stream_res, stream_font, stream_entry, stream_colour, inner_colour;
} reached;

/* Whether o names a /Font dictionary one of whose fonts is an object with a
 * stream: MuPDF and pdf.js take its dictionary and draw the text, poppler
 * draws none (rtpdf27: a "9" drawn with such a font showed in MuPDF and
 * Firefox, not in Evince nor in the text index reads). */
static bool font_stream(kc_pdf_noter *nr, kc_pdf_obj *o)
{
    kc_pdf_obj *fonts = kc_pdf_dict_get(o, "Font") ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(o, "Font"))
                                                   : NULL;
    for (size_t i = 0; fonts && fonts->type == KC_PDF_DICT && i < fonts->u.dict.n; i++) {
        kc_pdf_obj *f = kc_pdf_resolve(nr->doc, nr->rev, fonts->u.dict.vals[i]);
        if (f && f->type == KC_PDF_STREAM)
            return true;
    }
    return false;
}

/* Whether resources res (a dictionary) hold a category written as an object
 * with a stream, or a graphics state so written: MuPDF takes the stream's
 * dictionary, poppler and pdf.js none (atkpdf3: an /XObject category so
 * written naming a form that draws a "9" over the amount was drawn by MuPDF
 * alone; a graphics state /G9 so written saying /ca 0 hid, in MuPDF alone,
 * the "9" it was set before; so did a state's soft mask /SMask so written
 * whose group paints nothing; valid, no note).  Of the entries of the
 * colour spaces, patterns and shadings, see colour_entry_stream. */
static bool resource_entry_stream(kc_pdf_noter *nr, kc_pdf_obj *res)
{
    static const char *const categories[] = {"Font", "XObject", "ExtGState", "ColorSpace",
                                             "Pattern", "Shading", "Properties"};
    for (size_t c = 0; res && res->type == KC_PDF_DICT && c < G_N_ELEMENTS(categories); c++) {
        kc_pdf_obj *cat = kc_pdf_dict_get(res, categories[c]) ? kc_pdf_resolve(nr->doc, nr->rev,
                                                                               kc_pdf_dict_get(res, categories[c]))
                                                              : NULL;
        if (cat && cat->type == KC_PDF_STREAM)
            return true;
        if (c != 2 || !cat || cat->type != KC_PDF_DICT)
            continue;
        for (size_t i = 0; i < cat->u.dict.n; i++) { /* /ExtGState's states, and their soft masks */
            kc_pdf_obj *gs = kc_pdf_resolve(nr->doc, nr->rev, cat->u.dict.vals[i]);
            kc_pdf_obj *mask = gs && gs->type == KC_PDF_DICT && kc_pdf_dict_get(gs, "SMask")
                                   ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(gs, "SMask"))
                                   : NULL;
            if ((gs && gs->type == KC_PDF_STREAM) || (mask && mask->type == KC_PDF_STREAM))
                return true;
        }
    }
    return false;
}

/* Whether resources res (a dictionary) name a colour space written as an
 * object with a stream, or a pattern so written that is not a tiling pattern
 * (/PatternType 1, which is a stream by the standard): MuPDF reads such a
 * colour space as an ICC profile's stream named directly and takes the
 * pattern's dictionary, as does pdf.js; poppler refuses both (rtpdf28: a "9"
 * stroked in a one-component /C9 so written, the stroke colour white before,
 * was drawn by MuPDF and pdf.js, 910.000.000, not by poppler, 10.000.000; a
 * shading pattern so written filling a box over the amount hid it in MuPDF
 * and pdf.js alone; valid, no note).  An ICC profile's stream named in its
 * array ([/ICCBased N 0 R]) is the standard's and read alike; a shading
 * (/Shading) written as a stream, whatever its type, was drawn by all three
 * (rtpdf28, held), and is not asked. */
static bool colour_entry_stream(kc_pdf_noter *nr, kc_pdf_obj *res)
{
    static const char *const categories[] = {"ColorSpace", "Pattern"};
    for (size_t c = 0; res && res->type == KC_PDF_DICT && c < G_N_ELEMENTS(categories); c++) {
        kc_pdf_obj *cat = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(res, categories[c]));
        if (!cat || cat->type != KC_PDF_DICT)
            continue;
        for (size_t i = 0; i < cat->u.dict.n; i++) {
            kc_pdf_obj *e = kc_pdf_resolve(nr->doc, nr->rev, cat->u.dict.vals[i]);
            if (!e || e->type != KC_PDF_STREAM)
                continue;
            int64_t type = 0;
            if (c == 0 || !kc_pdf_get_int(kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(e, "PatternType")), &type) ||
                type != 1)
                return true;
        }
    }
    return false;
}

/* (rtpdf29) Whether colour space cs holds an object with a stream where
 * the standard wants another colour space (an /Indexed base, a /Separation
 * or /DeviceN alternate, a /DeviceN's /Colorants, a /Pattern space's
 * underlying one, an ICC profile's /Alternate) or a dictionary (/CalGray,
 * /CalRGB, /Lab); cs itself so written too when top
 * (an image's, a shading's, a transparency group's /ColorSpace).  poppler
 * refuses the whole colour space, MuPDF reads the stream as an ICC profile's
 * named directly (its /Alternate), pdf.js as DeviceGray: a "9" stroked in
 * such an /Indexed, /Separation, /DeviceN, /Pattern or /CalGray space after
 * a white stroke colour, an image "9" or a shading over the amount so
 * coloured, were drawn by MuPDF and pdf.js and not by poppler; an ICC
 * profile whose /Alternate is so written (its /Alternate inverting) hid the
 * "9" in MuPDF alone; a type 4 tint transform as a dictionary made MuPDF
 * draw nothing of the page; valid, no note.  A profile's own stream
 * ([/ICCBased N 0 R]) is the standard's and read alike. */
#define MAX_COLOUR_DEPTH 8 /* an /Indexed of a /Pattern of … written directly */

/* The colour spaces and resources' /ColorSpace categories already asked,
 * by object number: each is asked once a walk (a cycle of references, and a
 * /Colorants or category shared by thousands, would otherwise cost their
 * product).  Two tables: an object asked as one must still be asked as the
 * other. */
typedef struct colour_seen {
    GHashTable *spaces, *categories;
} colour_seen;

static bool colour_space_odd(kc_pdf_noter *nr, colour_seen *seen, kc_pdf_obj *cs, int depth)
{
    if (cs && cs->type == KC_PDF_REF && !g_hash_table_add(seen->spaces, GUINT_TO_POINTER(cs->u.ref.num)))
        return false; /* asked already, or being asked up this chain */
    cs = kc_pdf_resolve(nr->doc, nr->rev, cs);
    if (!cs || depth > MAX_COLOUR_DEPTH)
        return false;
    if (cs->type == KC_PDF_STREAM)
        return true;
    if (cs->type != KC_PDF_ARRAY || cs->u.arr.n < 2)
        return false;
    kc_pdf_obj *family = kc_pdf_resolve(nr->doc, nr->rev, cs->u.arr.items[0]);
    kc_pdf_obj *arg = kc_pdf_resolve(nr->doc, nr->rev, cs->u.arr.items[1]);
    if (kc_pdf_is_name(family, "ICCBased"))
        return arg && arg->type == KC_PDF_STREAM && kc_pdf_dict_get(arg, "Alternate") &&
               colour_space_odd(nr, seen, kc_pdf_dict_get(arg, "Alternate"), depth + 1);
    if (kc_pdf_is_name(family, "CalGray") || kc_pdf_is_name(family, "CalRGB") || kc_pdf_is_name(family, "Lab"))
        return arg && arg->type == KC_PDF_STREAM;
    if (kc_pdf_is_name(family, "Indexed") || kc_pdf_is_name(family, "I") || kc_pdf_is_name(family, "Pattern"))
        return colour_space_odd(nr, seen, cs->u.arr.items[1], depth + 1);
    if ((!kc_pdf_is_name(family, "Separation") && !kc_pdf_is_name(family, "DeviceN")) || cs->u.arr.n < 3)
        return false;
    if (colour_space_odd(nr, seen, cs->u.arr.items[2], depth + 1))
        return true;
    kc_pdf_obj *attrs = cs->u.arr.n > 4 ? kc_pdf_resolve(nr->doc, nr->rev, cs->u.arr.items[4]) : NULL;
    kc_pdf_obj *colorants = attrs && attrs->type == KC_PDF_DICT
                                ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(attrs, "Colorants")) : NULL;
    kc_pdf_obj *process = attrs && attrs->type == KC_PDF_DICT
                              ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(attrs, "Process")) : NULL;
    for (size_t i = 0; colorants && colorants->type == KC_PDF_DICT && i < colorants->u.dict.n; i++)
        if (colour_space_odd(nr, seen, colorants->u.dict.vals[i], depth + 1))
            return true;
    return process && process->type == KC_PDF_DICT &&
           colour_space_odd(nr, seen, kc_pdf_dict_get(process, "ColorSpace"), depth + 1);
}

/* Whether dictionary o names such a colour space: its /ColorSpace or /CS
 * (an image's, a shading's, a transparency group's), or, /ColorSpace being
 * a resources' category, one of its entries that is an array (an entry
 * itself written as a stream is colour_entry_stream's, noted as before). */
static bool inner_colour(kc_pdf_noter *nr, colour_seen *seen, kc_pdf_obj *o)
{
    /* A function of a kind that is a stream by the standard (0, sampled; 4,
     * PostScript) written as a dictionary: MuPDF draws nothing of the page
     * ("object is not a stream"), poppler and pdf.js refuse the function, or
     * pdf.js paints a shading of it grey (rtpdf29: a /Separation's tint
     * transform, a shading's /Function over the amount; valid, no note).
     * Every function is a dictionary or stream the walk reaches. */
    int64_t kind = -1;
    if (o->type == KC_PDF_DICT &&
        kc_pdf_get_int(kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(o, "FunctionType")), &kind) &&
        (kind == 0 || kind == 4))
        return true;
    kc_pdf_obj *raw = kc_pdf_dict_get(o, "ColorSpace"), *cs = kc_pdf_resolve(nr->doc, nr->rev, raw);
    if (cs && cs->type == KC_PDF_DICT) {
        if (raw->type == KC_PDF_REF && !g_hash_table_add(seen->categories, GUINT_TO_POINTER(raw->u.ref.num)))
            return false; /* a category many resources share, asked once */
        for (size_t i = 0; i < cs->u.dict.n; i++) {
            kc_pdf_obj *e = kc_pdf_resolve(nr->doc, nr->rev, cs->u.dict.vals[i]);
            if (e && e->type == KC_PDF_ARRAY && colour_space_odd(nr, seen, cs->u.dict.vals[i], 0))
                return true;
        }
    } else if (cs && (cs->type != KC_PDF_STREAM || kc_pdf_dict_get(o, "Subtype") || kc_pdf_dict_get(o, "ShadingType")) &&
               colour_space_odd(nr, seen, raw, 0)) {
        return true; /* a stream as resources' whole category is resource_entry_stream's */
    }
    kc_pdf_obj *group_cs = kc_pdf_dict_get(o, "CS");
    return group_cs && colour_space_odd(nr, seen, group_cs, 0);
}

static reached reached_walk(kc_pdf_noter *nr, bool want_dup)
{
    kc_pdf_obj *root = kc_pdf_dict_get(kc_pdf_trailer(nr->doc, nr->rev), "Root");
    walk_stack stack = {.v = stack.local, .cap = sizeof stack.local / sizeof stack.local[0]};
    GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    size_t count = 0;
    colour_seen colours = {g_hash_table_new(g_direct_hash, g_direct_equal), g_hash_table_new(g_direct_hash, g_direct_equal)};
    reached r = {false, false, false, false, false, false, false, false};
    if (root)
        walk_push(&stack, root);
    while ((!r.dup || !r.gen || !r.chain || !r.stream_res || !r.stream_font || !r.stream_entry || !r.stream_colour ||
            !r.inner_colour) &&
           stack.n > 0) {
        kc_pdf_obj *o = stack.v[--stack.n];
        if (o->type == KC_PDF_REF) {
            r.gen = r.gen || other_generation(nr, o);
            if (!g_hash_table_add(seen, GUINT_TO_POINTER(o->u.ref.num)) || ++count > MAX_REACHED)
                continue;
            o = kc_pdf_get(nr->doc, nr->rev, o->u.ref.num, NULL);
            if (!o)
                continue;
            if (o->type == KC_PDF_REF) {
                r.chain = true;
                walk_push(&stack, o);
                continue;
            }
        }
        if (o->type == KC_PDF_DICT || o->type == KC_PDF_STREAM) {
            r.dup = r.dup || (want_dup && o->dup_keys && o->u.dict.n >= 32);
            if (!r.stream_res && kc_pdf_dict_get(o, "Resources")) {
                kc_pdf_obj *res = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(o, "Resources"));
                r.stream_res = res && res->type == KC_PDF_STREAM;
            }
            if (!r.stream_entry && kc_pdf_dict_get(o, "Resources"))
                r.stream_entry = resource_entry_stream(nr, kc_pdf_resolve(nr->doc, nr->rev,
                                                                          kc_pdf_dict_get(o, "Resources")));
            if (!r.stream_colour && kc_pdf_dict_get(o, "Resources"))
                r.stream_colour = colour_entry_stream(nr, kc_pdf_resolve(nr->doc, nr->rev,
                                                                         kc_pdf_dict_get(o, "Resources")));
            r.stream_font = r.stream_font || font_stream(nr, o);
            r.inner_colour = r.inner_colour || inner_colour(nr, &colours, o);
            for (size_t i = o->u.dict.n; i-- > 0;)
                walk_push(&stack, o->u.dict.vals[i]);
        } else if (o->type == KC_PDF_ARRAY) {
            for (size_t i = o->u.arr.n; i-- > 0;)
                walk_push(&stack, o->u.arr.items[i]);
        }
    }
    if (stack.v != stack.local)
        g_free(stack.v);
    g_hash_table_destroy(seen);
    g_hash_table_destroy(colours.spaces);
    g_hash_table_destroy(colours.categories);
    return r;
}

/* The page of the first annotation (in object order) that MuPDF alone draws:
 * one written as an object with a stream, or whose /AP is one holding /N,
 * with an area and not flagged Hidden.  MuPDF takes a stream object's
 * dictionary wherever it asks for a dictionary, and draws a Stamp so written
 * over the amount (90.000.000 in mutool draw and SumatraPDF); poppler and
 * pdf.js skip an annotation that is not a dictionary, and an appearance
 * dictionary too (poppler then draws its own "Draft" stamp, pdf.js nothing)
 * (rtpdf16).  0 when there is none. */
static bool stream_annot(kc_pdf_noter *nr, kc_pdf_obj *a)
{
    kc_pdf_obj *ap = a ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(a, "AP")) : NULL;
    if (!a || (a->type != KC_PDF_STREAM && !(ap && ap->type == KC_PDF_STREAM && kc_pdf_dict_get(ap, "N"))))
        return false;
    int64_t flags = 0;
    kc_pdf_get_int(kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(a, "F")), &flags);
    return !(flags & F_HIDDEN) && kc_noter_has_area(nr, a);
}

static size_t stream_annot_page(kc_pdf_noter *nr)
{
    GPtrArray *nums = kc_noter_sorted_nums(nr->annot_page, NULL);
    size_t page = 0;
    for (guint i = 0; i < nums->len && i < MAX_PAGE_NODES && !page; i++)
        if (stream_annot(nr, kc_pdf_get(nr->doc, nr->rev, GPOINTER_TO_UINT(nums->pdata[i]), NULL)))
            page = GPOINTER_TO_SIZE(g_hash_table_lookup(nr->annot_page, nums->pdata[i]));
    g_ptr_array_free(nums, TRUE);
    /* (rtform16) A Stamp written inside /Annots whose /AP is such a stream. */
    for (guint i = 0; i < nr->direct_annots->len && !page; i++) {
        const kc_noter_annot *an = &g_array_index(nr->direct_annots, kc_noter_annot, i);
        if (stream_annot(nr, an->obj))
            page = an->page;
    }
    return page;
}

/* The first page (in object order) whose /Resources are written as an object
 * with a stream: MuPDF takes its dictionary, and drew an XObject it names
 * that the page's content paints (a "9" over the amount); poppler takes a
 * /Resources that is no dictionary for none and inherits the page tree's,
 * pdf.js uses none (rtpdf16).  0 when there is none. */
static size_t stream_resources_page(kc_pdf_noter *nr)
{
    GPtrArray *nums = kc_noter_sorted_nums(nr->page_of, NULL);
    size_t page = 0;
    for (guint i = 0; i < nums->len && i < MAX_PAGE_NODES && !page; i++) {
        kc_pdf_obj *p = kc_pdf_get(nr->doc, nr->rev, GPOINTER_TO_UINT(nums->pdata[i]), NULL);
        kc_pdf_obj *res = p ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(p, "Resources")) : NULL;
        if (res && res->type == KC_PDF_STREAM)
            page = GPOINTER_TO_SIZE(g_hash_table_lookup(nr->page_of, nums->pdata[i]));
    }
    g_ptr_array_free(nums, TRUE);
    return page;
}

/* Whether the catalog's optional content properties are written as an
 * object with a stream: MuPDF reads its dictionary, and hides the "9" a page
 * draws inside a group its /D turns off (10.000.000); poppler and pdf.js take
 * a document whose /OCProperties is no dictionary for one without optional
 * content and draw every group (90.000.000).  Only with groups listed. */
static bool stream_oc_properties(kc_pdf_noter *nr)
{
    kc_pdf_obj *root = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(kc_pdf_trailer(nr->doc, nr->rev), "Root"));
    kc_pdf_obj *ocp = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(root, "OCProperties"));
    kc_pdf_obj *groups = ocp && ocp->type == KC_PDF_STREAM
                             ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(ocp, "OCGs")) : NULL;
    return groups && groups->type == KC_PDF_ARRAY && groups->u.arr.n > 0;
}

/* rtpdf13 refuses the object-stream tricks in what follows a signature
 * (pdf_diff.c); in the signed bytes themselves, prepared before signing,
 * the signature holds and the reader is told: a Stamp in page 1's /Annots
 * at an index whose header lists another number is drawn by pdf.js alone,
 * page 1's /Contents in a stream whose offsets go down by pdftoppm alone. */
void kc_noter_structure(kc_pdf_noter *nr)
{
    if (annots_dups(nr))
        kc_noter_note(nr, KC_NOTE_DUP_KEY,
             g_strdup(_("an annotation or its appearance dictionary names a key twice among 32 or more: poppler "
                        "reads another of its values than other viewers, and may draw another appearance")));
    reached r = reached_walk(nr, !noted(nr, KC_NOTE_DUP_KEY));
    if (r.dup)
        kc_noter_note(nr, KC_NOTE_DUP_KEY,
             g_strdup(_("a dictionary the document holds (a font, a form XObject or appearance stream, a field or "
                        "its /MK) names a key twice among 32 or more: poppler reads another of its values than other "
                        "viewers, and may draw something else")));
    /* The document information's title is what pdfinfo, Evince's title bar
     * and every viewer's properties show: a /Title named twice among forty
     * keys, prepared before signing, showed poppler a contract's title and
     * the others the decision's (rtpdf15; rewritten so after signing, it is
     * modified-after-signing: pdf_title.c). */
    kc_pdf_obj *info = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(kc_pdf_trailer(nr->doc, nr->rev), "Info"));
    if (kc_noter_poppler_dups(info))
        kc_noter_note(nr, KC_NOTE_DUP_KEY,
             g_strdup(_("the document information (/Info) names a key twice among 32 or more: poppler shows another "
                        "of its values (another title) than other viewers do")));
    size_t page = stream_resources_page(nr);
    if (page)
        kc_noter_note(nr, KC_NOTE_STREAM_DICT,
             g_strdup_printf(_("page %zu: its resources (/Resources) are written as an object with a stream: MuPDF "
                               "(SumatraPDF) takes them, poppler those of the page tree, pdf.js (Firefox) none: viewers "
                               "show different pages"),
                             page));
    page = stream_annot_page(nr);
    if (page)
        kc_noter_note(nr, KC_NOTE_STREAM_DICT,
             g_strdup_printf(_("page %zu, an annotation or its appearance dictionary (/AP) written as an object with a "
                               "stream: MuPDF (SumatraPDF) takes its dictionary and draws it, poppler and pdf.js "
                               "(Firefox) do not: viewers show different pages"),
                             page));
    if (stream_oc_properties(nr))
        kc_noter_note(nr, KC_NOTE_OPTIONAL_CONTENT,
             g_strdup(_("the document's optional content properties (/OCProperties) are written as an object with "
                        "a stream: MuPDF (SumatraPDF) reads them and hides the layers they turn off, poppler and "
                        "pdf.js (Firefox) ignore them and show every layer")));
    if (r.gen)
        kc_noter_note(nr, KC_NOTE_REFERENCE,
             g_strdup(_("something the document holds refers to an object under another generation than its own "
                        "(N 1 R for N 0 obj): MuPDF (SumatraPDF) reads the object and draws it, poppler (Evince) and "
                        "pdf.js (Firefox) read nothing there: viewers may show different pages")));
    if (r.stream_res && !noted(nr, KC_NOTE_STREAM_DICT))
        kc_noter_note(nr, KC_NOTE_STREAM_DICT,
             g_strdup(_("resources (/Resources) the document holds, of a form XObject, an appearance stream or a "
                        "page, are written as an object with a stream: MuPDF (SumatraPDF) takes their dictionary and "
                        "draws what they name, poppler (Evince) and pdf.js (Firefox) do not: viewers show different "
                        "pages")));
    if (r.stream_font)
        kc_noter_note(nr, KC_NOTE_STREAM_DICT,
             g_strdup(_("a font the document's resources name (/Font) is written as an object with a stream: MuPDF "
                        "(SumatraPDF) and pdf.js (Firefox) take its dictionary and draw its text, poppler (Evince) "
                        "draws none: viewers show different pages")));
    if (r.stream_entry)
        kc_noter_note(nr, KC_NOTE_STREAM_DICT,
             g_strdup(_("resources the document holds name a category (/XObject, /ExtGState …), a graphics "
                        "state or its soft mask written as an object with a stream: MuPDF (SumatraPDF) takes its dictionary and draws "
                        "by it, poppler (Evince) and pdf.js (Firefox) do not: viewers show different pages")));
    if (r.stream_colour)
        kc_noter_note(nr, KC_NOTE_STREAM_DICT,
             g_strdup(_("resources the document holds name a colour space, or a pattern other than a tiling one, "
                        "written as an object with a stream: MuPDF (SumatraPDF) and pdf.js (Firefox) draw by it, "
                        "poppler (Evince) does not: viewers show different pages")));
    if (r.inner_colour)
        kc_noter_note(nr, KC_NOTE_STREAM_DICT,
             g_strdup(_("a colour space the document holds (of an image, a shading, a transparency group or its "
                        "resources) is written as an object with a stream, or holds one where another colour space "
                        "or a dictionary goes (an /Indexed base, a /Separation or /DeviceN alternate, a /Pattern "
                        "space's underlying one, an ICC profile's /Alternate, a /CalRGB's parameters), or a function "
                        "of kind 0 or 4 (a tint transform, a shading's) written as a dictionary: poppler (Evince) "
                        "refuses it, MuPDF (SumatraPDF) and pdf.js (Firefox) each read it their own way: viewers "
                        "show different pages")));
    if (r.chain)
        kc_noter_note(nr, KC_NOTE_REFERENCE,
             g_strdup(_("an object the document holds is itself only a reference to another (N 0 obj M 0 R endobj): "
                        "MuPDF (SumatraPDF) follows it to that object and draws it, poppler (Evince) and pdf.js "
                        "(Firefox) do not: viewers may show different pages")));
    bool poppler = false, odd = kc_pdf_objstm_odd(nr->doc, nr->rev, &poppler);
    if (odd && poppler)
        kc_noter_note(nr, KC_NOTE_OBJSTM,
             g_strdup(_("an entry of the cross-reference table names an object in an object stream whose offsets "
                        "poppler reads otherwise (a first offset other than 0, offsets going down, an object running "
                        "past the next one's offset): poppler may show another object than pdf.js and MuPDF do")));
    else if (odd)
        kc_noter_note(nr, KC_NOTE_OBJSTM,
             g_strdup(_("an entry of the cross-reference table names a place in an object stream that pdf.js "
                        "reads otherwise (another object at that index, a number listed twice, a stream numbered past "
                        "2^31 - 1 or of another generation than 0): pdf.js may show an object poppler and MuPDF do not")));
}
