/* pdf_diff.c: does a signature cover the document as it stands? (rule 4)
 *
 * Every revision appended after the signed bytes may do only what signing
 * does: add signature fields and their widgets and appearances, extend the
 * AcroForm's /Fields and a page's /Annots with them, set /SigFlags and /DR,
 * add DSS and document-timestamp data, and rewrite the document metadata
 * (/Info, XMP), as Adobe Reader does when it signs.  Anything else (page
 * content, re-pointed objects, overlays, other annotations or form values)
 * means the document was modified after signing.  This is what defeats the
 * Incremental Saving and Shadow attacks.
 *
 * The walk is per changed object: a new object number is inert until an
 * existing object (or the trailer) refers to it, and every existing object
 * that changed must be one whose change signing explains. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pdf.h"

#define MAX_PARENT_HOPS 16
#define TAIL_SCAN_LIMIT (1u << 20)

typedef struct ctx {
    kc_pdf_doc *doc;
    size_t before, after; /* revisions compared */
    uint32_t root, info_before, info_after, acroform, dss, metadata;
    bool field_signed; /* the signature field being compared already had a value */
    GHashTable *signed_refs; /* object numbers the signed revision refers to */
    size_t signed_rev;       /* the revision the signature covers */
    GHashTable *ref_counts;  /* number -> references to it in signed_rev (see refs_to) */
    const char *why;
} ctx;

static uint32_t ref_num(const kc_pdf_obj *o)
{
    return o && o->type == KC_PDF_REF ? o->u.ref.num : 0;
}

static bool violation(ctx *c, const char *why)
{
    if (!c->why)
        c->why = why;
    return false;
}

/* A signature field, or a widget whose field (itself or a parent) is one. */
static bool is_sig_field_or_widget(ctx *c, size_t rev, kc_pdf_obj *o)
{
    o = kc_pdf_resolve(c->doc, rev, o);
    for (int hop = 0; o && o->type == KC_PDF_DICT && hop < MAX_PARENT_HOPS; hop++) {
        kc_pdf_obj *ft = kc_pdf_dict_get(o, "FT");
        if (ft)
            return kc_pdf_is_name(ft, "Sig");
        o = kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(o, "Parent"));
    }
    return false;
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

/* A signature field or widget added after signing is what a later signer
 * writes: it must hold a signature by the last revision, or show nothing
 * (no appearance, or a rectangle of no area).  An empty field with an
 * appearance is only a picture laid over the signed page (the Sneaky
 * Signature Attack on certified documents, Mainka et al. 2021). */
static bool signed_or_invisible(ctx *c, kc_pdf_obj *item)
{
    size_t last = kc_pdf_section_count(c->doc) - 1;
    kc_pdf_obj *w = kc_pdf_resolve(c->doc, last, item), *f = w;
    for (int hop = 0; f && f->type == KC_PDF_DICT && hop < MAX_PARENT_HOPS; hop++) {
        kc_pdf_obj *v = kc_pdf_resolve(c->doc, last, kc_pdf_dict_get(f, "V"));
        if (v && v->type == KC_PDF_DICT)
            return true;
        f = kc_pdf_resolve(c->doc, last, kc_pdf_dict_get(f, "Parent"));
    }
    if (!w || w->type != KC_PDF_DICT || !kc_pdf_dict_get(w, "AP"))
        return true;
    kc_pdf_obj *r = kc_pdf_resolve(c->doc, last, kc_pdf_dict_get(w, "Rect"));
    double v[4];
    if (!r || r->type != KC_PDF_ARRAY || r->u.arr.n != 4)
        return false;
    for (int i = 0; i < 4; i++) {
        kc_pdf_obj *x = r->u.arr.items[i];
        if (x->type != KC_PDF_INT && x->type != KC_PDF_REAL)
            return false;
        v[i] = x->type == KC_PDF_INT ? (double)x->u.i : x->u.r;
    }
    return v[0] == v[2] || v[1] == v[3];
}

/* An array (/Fields, /Annots) may only gain signature fields or widgets. */
static bool only_sig_items_added(ctx *c, kc_pdf_obj *old_val, kc_pdf_obj *new_val)
{
    kc_pdf_obj *o = kc_pdf_resolve(c->doc, c->before, old_val);
    kc_pdf_obj *n = kc_pdf_resolve(c->doc, c->after, new_val);
    if (!n)
        return o ? violation(c, N_("a form or annotation list was removed after signing")) : true;
    if (n->type != KC_PDF_ARRAY || (o && o->type != KC_PDF_ARRAY))
        return violation(c, N_("a form or annotation list was replaced after signing"));
    /* Items are nearly always references: those are looked up in sets, so
     * that lists of many thousand annotations cost no more than reading them. */
    GHashTable *in_old = ref_set(o), *in_new = ref_set(n);
    bool ok = true;
    for (size_t i = 0; ok && o && i < o->u.arr.n; i++)
        if (!has_item(c->doc, n, in_new, o->u.arr.items[i]))
            ok = violation(c, N_("a form field or annotation was removed after signing"));
    for (size_t i = 0; ok && i < n->u.arr.n; i++) {
        kc_pdf_obj *item = n->u.arr.items[i];
        if (o && has_item(c->doc, o, in_old, item))
            continue;
        if (!is_sig_field_or_widget(c, c->after, item))
            ok = violation(c, N_("a form field or annotation other than a signature was added after signing"));
        else if (!signed_or_invisible(c, item))
            ok = violation(c, N_("an empty signature field with an appearance was added after signing"));
    }
    g_hash_table_destroy(in_old);
    g_hash_table_destroy(in_new);
    return ok;
}

typedef bool (*key_check)(ctx *c, const char *key, kc_pdf_obj *old_val, kc_pdf_obj *new_val);

/* Compares two dictionaries key by key; keys whose values differ go to check. */
/* A key -> value table for a large dictionary (NULL for a small one, where
 * kc_pdf_dict_get's scan is cheaper): a hostile dictionary of a million keys
 * must not cost a million squared lookups. */
static GHashTable *dict_index(const kc_pdf_obj *d)
{
    if (d->u.dict.n <= 32)
        return NULL;
    GHashTable *t = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; i < d->u.dict.n; i++) /* the last duplicate wins, as in kc_pdf_dict_get */
        g_hash_table_insert(t, (gpointer)d->u.dict.keys[i], d->u.dict.vals[i]);
    return t;
}

static kc_pdf_obj *dict_at(GHashTable *index, const kc_pdf_obj *d, const char *key)
{
    return index ? g_hash_table_lookup(index, key) : kc_pdf_dict_get(d, key);
}

static bool dict_diff(ctx *c, kc_pdf_obj *o, kc_pdf_obj *n, key_check check)
{
    GHashTable *io = dict_index(o), *in = dict_index(n);
    bool ok = true;
    for (int pass = 0; ok && pass < 2; pass++) {
        kc_pdf_obj *a = pass ? n : o;
        for (size_t i = 0; ok && i < a->u.dict.n; i++) {
            const char *key = a->u.dict.keys[i];
            if (pass && dict_at(io, o, key))
                continue; /* compared in the first pass */
            kc_pdf_obj *ov = dict_at(io, o, key), *nv = dict_at(in, n, key);
            if (!kc_pdf_obj_equal(c->doc, ov, nv) && !check(c, key, ov, nv))
                ok = false;
        }
    }
    if (io)
        g_hash_table_destroy(io);
    if (in)
        g_hash_table_destroy(in);
    return ok;
}

static bool acroform_key(ctx *c, const char *key, kc_pdf_obj *ov, kc_pdf_obj *nv)
{
    if (strcmp(key, "Fields") == 0) {
        /* The same indirect array is judged where that object changed. */
        if (ref_num(ov) && ref_num(ov) == ref_num(nv))
            return true;
        return only_sig_items_added(c, ov, nv);
    }
    if (strcmp(key, "SigFlags") == 0 || strcmp(key, "DR") == 0 || strcmp(key, "DA") == 0)
        return true;
    return violation(c, N_("the interactive form was changed after signing beyond adding a signature"));
}

static bool check_acroform(ctx *c, kc_pdf_obj *o, kc_pdf_obj *n)
{
    static kc_pdf_obj empty = {.type = KC_PDF_DICT};
    o = o ? o : &empty;
    if (!n || n->type != KC_PDF_DICT || o->type != KC_PDF_DICT)
        return violation(c, N_("the interactive form was removed or replaced after signing"));
    return dict_diff(c, o, n, acroform_key);
}

static bool catalog_key(ctx *c, const char *key, kc_pdf_obj *ov, kc_pdf_obj *nv)
{
    if (strcmp(key, "AcroForm") == 0) {
        if (ref_num(ov) && ref_num(ov) == ref_num(nv))
            return true;
        return check_acroform(c, kc_pdf_resolve(c->doc, c->before, ov), kc_pdf_resolve(c->doc, c->after, nv));
    }
    if (strcmp(key, "Metadata") == 0 || strcmp(key, "DSS") == 0 || strcmp(key, "Extensions") == 0)
        return true;
    return violation(c, N_("the document catalog was changed after signing"));
}

static bool page_key(ctx *c, const char *key, kc_pdf_obj *ov, kc_pdf_obj *nv)
{
    if (strcmp(key, "Annots") == 0) {
        if (ref_num(ov) && ref_num(ov) == ref_num(nv))
            return true;
        return only_sig_items_added(c, ov, nv);
    }
    return violation(c, N_("a page was changed after signing"));
}

static bool sig_field_key(ctx *c, const char *key, kc_pdf_obj *ov, kc_pdf_obj *nv)
{
    /* A field signed before stays as it was: a new appearance on it would
     * show the reader whatever the attacker likes inside its rectangle. */
    if (c->field_signed)
        return violation(c, N_("a signed signature field or its appearance was changed after signing"));
    /* Signing fills an empty field's value and redraws its appearance. */
    if (strcmp(key, "V") == 0)
        return !ov || ov->type == KC_PDF_NULL ? true
                   : violation(c, N_("an existing signature value was replaced after signing"));
    if (strcmp(key, "AP") == 0 || strcmp(key, "AS") == 0 || strcmp(key, "MK") == 0 ||
        strcmp(key, "F") == 0 || strcmp(key, "DA") == 0 || strcmp(key, "Lock") == 0 ||
        strcmp(key, "SV") == 0)
        return true;
    return violation(c, N_("a signature field was changed after signing"));
}

/* Only text: what a document information dictionary holds (Title, Author,
 * dates, Producer, /Trapped).  One holding references, arrays or dictionaries
 * is doing another job too, e.g. a page's resources a prepared document names
 * as its /Info so that a later "metadata" rewrite changes the page. */
static bool plain_info(const kc_pdf_obj *o)
{
    if (!o || o->type != KC_PDF_DICT)
        return false;
    for (size_t i = 0; i < o->u.dict.n; i++) {
        kc_pdf_type t = o->u.dict.vals[i]->type;
        if (t != KC_PDF_STRING && t != KC_PDF_NAME && t != KC_PDF_NULL && t != KC_PDF_BOOL &&
            t != KC_PDF_INT && t != KC_PDF_REAL)
            return false;
    }
    return true;
}

static bool is_section_at(kc_pdf_doc *doc, size_t rev, uint64_t where)
{
    for (size_t s = 0; s <= rev; s++)
        if (kc_pdf_section(doc, s)->is_stream && kc_pdf_section(doc, s)->offset == where)
            return true;
    return false;
}

/* How many references to num the objects of the signed revision hold;
 * cross-reference streams do not count (their dictionary is the trailer,
 * which names /Info).  The counts are made once per signature, on the first
 * question, with one walk over the signed revision's objects (explicit stack):
 * asking per revision would make a file of many small updates cost the number
 * of updates times the number of objects. */
static size_t refs_to(ctx *c, uint32_t num)
{
    if (!c->ref_counts) {
        kc_pdf_doc *doc = c->doc;
        size_t rev = c->signed_rev;
        GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
        GPtrArray *stack = g_ptr_array_new();
        c->ref_counts = g_hash_table_new(g_direct_hash, g_direct_equal);
        for (size_t s = 0; s <= rev; s++) {
            const kc_xref_section *sec = kc_pdf_section(doc, s);
            for (size_t i = 0; i < sec->n_entries; i++) {
                uint32_t n = sec->entries[i].num;
                if (n == 0 || g_hash_table_contains(seen, GUINT_TO_POINTER(n)))
                    continue;
                g_hash_table_add(seen, GUINT_TO_POINTER(n));
                const kc_xref_entry *e = kc_pdf_entry(doc, rev, n);
                if (e && e->type == 1 && is_section_at(doc, rev, e->where))
                    continue;
                kc_pdf_obj *o = kc_pdf_get(doc, rev, n, NULL);
                if (o)
                    g_ptr_array_add(stack, o);
                while (stack->len > 0) {
                    kc_pdf_obj *x = g_ptr_array_remove_index_fast(stack, stack->len - 1);
                    if (x->type == KC_PDF_REF) {
                        gpointer k = GUINT_TO_POINTER(x->u.ref.num);
                        g_hash_table_insert(c->ref_counts, k,
                                            GSIZE_TO_POINTER(GPOINTER_TO_SIZE(g_hash_table_lookup(c->ref_counts, k)) + 1));
                    } else if (x->type == KC_PDF_ARRAY) {
                        for (size_t k = 0; k < x->u.arr.n; k++)
                            g_ptr_array_add(stack, x->u.arr.items[k]);
                    } else if (x->type == KC_PDF_DICT || x->type == KC_PDF_STREAM) {
                        for (size_t k = 0; k < x->u.dict.n; k++)
                            g_ptr_array_add(stack, x->u.dict.vals[k]);
                    }
                }
            }
        }
        g_ptr_array_free(stack, TRUE);
        g_hash_table_destroy(seen);
    }
    return GPOINTER_TO_SIZE(g_hash_table_lookup(c->ref_counts, GUINT_TO_POINTER(num)));
}

/* An XMP metadata stream. */
static bool is_xmp(const kc_pdf_obj *o)
{
    return o && o->type == KC_PDF_STREAM && kc_pdf_is_name(kc_pdf_dict_get(o, "Type"), "Metadata") &&
           kc_pdf_is_name(kc_pdf_dict_get(o, "Subtype"), "XML");
}

/* Whether num was, in the signed document, the object of one of its
 * cross-reference streams (a writer may reuse that number).  Judged by where
 * the object is, not by its /Type: a prepared page content stream may call
 * itself /XRef. */
static bool is_xref_stream_object(ctx *c, uint32_t num)
{
    const kc_xref_entry *e = kc_pdf_entry(c->doc, c->before, num);
    return e && e->type == 1 && is_section_at(c->doc, c->before, e->where);
}

static bool dss_key(ctx *c, const char *key, kc_pdf_obj *ov, kc_pdf_obj *nv)
{
    (void)ov;
    (void)nv;
    if (strcmp(key, "Certs") == 0 || strcmp(key, "OCSPs") == 0 || strcmp(key, "CRLs") == 0 ||
        strcmp(key, "VRI") == 0 || strcmp(key, "Type") == 0)
        return true;
    return violation(c, N_("the document security store was changed beyond validation data"));
}

/* Whether the field of this field or widget (itself or a parent) had a value
 * in the signed revision. */
static bool was_signed(ctx *c, kc_pdf_obj *o)
{
    for (int hop = 0; o && o->type == KC_PDF_DICT && hop < MAX_PARENT_HOPS; hop++) {
        kc_pdf_obj *v = kc_pdf_dict_get(o, "V");
        if (v)
            return v->type != KC_PDF_NULL;
        o = kc_pdf_resolve(c->doc, c->before, kc_pdf_dict_get(o, "Parent"));
    }
    return false;
}

/* Judges one object number that revision `after` redefines. */
static bool check_object(ctx *c, const kc_xref_entry *e)
{
    kc_pdf_obj *o = kc_pdf_get(c->doc, c->before, e->num, NULL);
    if (!o) {
        /* A new object is inert unless something points to it, and what
         * changed is judged here.  But a number the signed document already
         * referred to, dangling then (free or absent, so read as null), would
         * bring content in without touching a signed object. */
        if (e->type != 0 && g_hash_table_contains(c->signed_refs, GUINT_TO_POINTER(e->num)))
            return violation(c, N_("an object the signed document refers to was added after signing"));
        return true;
    }
    if (e->type == 0)
        return violation(c, N_("an object of the signed document was deleted after signing"));
    kc_pdf_obj *n = kc_pdf_get(c->doc, c->after, e->num, NULL);
    if (!n)
        return violation(c, N_("an object changed after signing cannot be read"));
    if (kc_pdf_obj_equal(c->doc, o, n))
        return true; /* saved again unchanged */
    bool dicts = (o->type == KC_PDF_DICT) && (n->type == KC_PDF_DICT);
    /* What signers rewrite: the document information and the catalog's XMP
     * metadata, each only while it is nothing else (no other object refers to it,
 * and see plain_info: a page's content stream could claim to be XMP), and the
     * validation data of the DSS. */
    if (e->num == c->info_before && plain_info(o) && plain_info(n) &&
        refs_to(c, e->num) == 0) /* only the trailer names it */
        return true;
    if (e->num == c->metadata && is_xmp(o) && is_xmp(n) &&
        (!kc_pdf_get(c->doc, c->signed_rev, e->num, NULL) || /* made after signing */
         refs_to(c, e->num) == 1)) /* only the catalog's /Metadata refers to it */
        return true;
    if (e->num == c->dss)
        return dicts ? dict_diff(c, o, n, dss_key)
                     : violation(c, N_("the document security store was replaced after signing"));
    if (is_xref_stream_object(c, e->num))
        return true; /* a reused cross-reference stream number is bookkeeping, not content */
    if (e->num == c->root)
        return dicts ? dict_diff(c, o, n, catalog_key) : violation(c, N_("the document catalog was replaced after signing"));
    if (e->num == c->acroform)
        return check_acroform(c, o, n);
    if (dicts && kc_pdf_is_name(kc_pdf_dict_get(o, "Type"), "Page"))
        return dict_diff(c, o, n, page_key);
    if (dicts && is_sig_field_or_widget(c, c->before, o)) {
        if (!is_sig_field_or_widget(c, c->after, n))
            return violation(c, N_("a signature field was turned into something else after signing"));
        c->field_signed = was_signed(c, o);
        return dict_diff(c, o, n, sig_field_key);
    }
    if (o->type == KC_PDF_ARRAY)
        return only_sig_items_added(c, o, n); /* an indirect /Fields or /Annots */
    return violation(c, N_("content of the signed document was changed after signing"));
}

static bool check_revision(ctx *c, size_t k)
{
    kc_pdf_obj *tb = kc_pdf_trailer(c->doc, k - 1), *ta = kc_pdf_trailer(c->doc, k);
    c->before = k - 1;
    c->after = k;
    c->root = ref_num(kc_pdf_dict_get(tb, "Root"));
    if (!c->root || c->root != ref_num(kc_pdf_dict_get(ta, "Root")))
        return violation(c, N_("the document catalog was replaced after signing"));
    if (kc_pdf_dict_get(ta, "Encrypt") && !kc_pdf_dict_get(tb, "Encrypt"))
        return violation(c, N_("encryption was added after signing"));
    c->info_before = ref_num(kc_pdf_dict_get(tb, "Info"));
    c->info_after = ref_num(kc_pdf_dict_get(ta, "Info"));
    kc_pdf_obj *root = kc_pdf_get(c->doc, c->before, c->root, NULL);
    c->acroform = ref_num(kc_pdf_dict_get(root, "AcroForm"));
    c->dss = ref_num(kc_pdf_dict_get(root, "DSS"));
    c->metadata = ref_num(kc_pdf_dict_get(root, "Metadata"));
    const kc_xref_section *s = kc_pdf_section(c->doc, k);
    for (size_t i = 0; i < s->n_entries; i++) {
        if (s->entries[i].num == 0)
            continue;
        if (!check_object(c, &s->entries[i]))
            return false;
    }
    return true;
}

typedef struct placed {
    uint64_t where; /* file offset; objects in object streams after every offset */
    uint32_t num;
} placed;

static int by_place(const void *a, const void *b)
{
    const placed *x = a, *y = b;
    return x->where < y->where ? -1 : x->where > y->where ? 1 : (x->num > y->num) - (x->num < y->num);
}

/* Every object number referred to by an object of revision rev (dictionaries
 * and arrays, not content streams), walked with an explicit stack.  Objects
 * are loaded in file order, not number order, so that the document's read
 * window serves them one after the other instead of jumping about. */
static GHashTable *referenced_numbers(kc_pdf_doc *doc, size_t rev)
{
    GHashTable *refs = g_hash_table_new(g_direct_hash, g_direct_equal);
    GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    GPtrArray *stack = g_ptr_array_new();
    GArray *order = g_array_new(FALSE, FALSE, sizeof(placed));
    for (size_t s = 0; s <= rev; s++) {
        const kc_xref_section *sec = kc_pdf_section(doc, s);
        for (size_t i = 0; i < sec->n_entries; i++) {
            uint32_t num = sec->entries[i].num;
            if (num == 0 || g_hash_table_contains(seen, GUINT_TO_POINTER(num)))
                continue;
            g_hash_table_add(seen, GUINT_TO_POINTER(num));
            const kc_xref_entry *e = kc_pdf_entry(doc, rev, num);
            placed p = {e && e->type == 1 ? e->where : UINT64_MAX, num};
            g_array_append_val(order, p);
        }
    }
    g_array_sort(order, by_place);
    for (guint i = 0; i < order->len; i++) {
        kc_pdf_obj *o = kc_pdf_get(doc, rev, g_array_index(order, placed, i).num, NULL);
        if (o)
            g_ptr_array_add(stack, o);
        while (stack->len > 0) {
            kc_pdf_obj *x = g_ptr_array_remove_index_fast(stack, stack->len - 1);
            if (x->type == KC_PDF_REF)
                g_hash_table_add(refs, GUINT_TO_POINTER(x->u.ref.num));
            else if (x->type == KC_PDF_ARRAY)
                for (size_t k = 0; k < x->u.arr.n; k++)
                    g_ptr_array_add(stack, x->u.arr.items[k]);
            else if (x->type == KC_PDF_DICT || x->type == KC_PDF_STREAM)
                for (size_t k = 0; k < x->u.dict.n; k++)
                    g_ptr_array_add(stack, x->u.dict.vals[k]);
        }
    }
    /* The trailer refers too (/Root, /Info). */
    kc_pdf_obj *t = kc_pdf_trailer(doc, rev);
    for (size_t k = 0; t && k < t->u.dict.n; k++)
        if (t->u.dict.vals[k]->type == KC_PDF_REF)
            g_hash_table_add(refs, GUINT_TO_POINTER(t->u.dict.vals[k]->u.ref.num));
    g_ptr_array_free(stack, TRUE);
    g_array_free(order, TRUE);
    g_hash_table_destroy(seen);
    return refs;
}

/* True when the bytes from off to the end of the file are only white space. */
static bool only_ws_after(const kc_pdf_src *src, uint64_t off)
{
    if (off >= src->size)
        return true;
    if (src->size - off > TAIL_SCAN_LIMIT)
        return false;
    unsigned char buf[4096];
    while (off < src->size) {
        ssize_t n = kc_pdf_pread(src, buf, sizeof buf, off);
        if (n <= 0)
            return false;
        for (ssize_t i = 0; i < n; i++)
            if (buf[i] != 0 && buf[i] != ' ' && buf[i] != '\r' && buf[i] != '\n' && buf[i] != '\t' && buf[i] != '\f')
                return false;
        off += (uint64_t)n;
    }
    return true;
}

/* The startxref the signed revision ends with: "startxref N %%EOF" just
 * before signed_end (after optional line ends). */
static bool signed_startxref(const kc_pdf_src *src, uint64_t end, uint64_t *out)
{
    unsigned char buf[256];
    uint64_t start = end > sizeof buf ? end - sizeof buf : 0;
    size_t n = (size_t)(end - start);
    if (kc_pdf_pread(src, buf, n, start) != (ssize_t)n)
        return false;
    while (n > 0 && (buf[n - 1] == '\r' || buf[n - 1] == '\n' || buf[n - 1] == ' '))
        n--;
    if (n < 5 || memcmp(buf + n - 5, "%%EOF", 5) != 0)
        return false;
    size_t i = n - 5;
    while (i >= 9 && memcmp(buf + i - 9, "startxref", 9) != 0)
        i--;
    if (i < 9)
        return false;
    size_t p = kc_pdf_skip_ws(buf, n - 5, i);
    return kc_pdf_read_uint(buf, n - 5, &p, out) && kc_pdf_skip_ws(buf, n - 5, p) == n - 5;
}

int kc_pdf_check_coverage(kc_pdf_doc *doc, const kc_pdf_sig *sig, bool *covers,
                          const char **why, kc_error *err)
{
    const kc_pdf_src *src = kc_pdf_source(doc);
    uint64_t end = sig->signed_end, sx = 0, *chain = NULL;
    size_t m = 0, n = kc_pdf_section_count(doc);
    ctx c = {.doc = doc};

    *covers = false;
    *why = NULL;
    if (only_ws_after(src, end)) {
        *covers = true;
        return 0;
    }
    if (!signed_startxref(src, end, &sx)) {
        *why = N_("bytes after the signed range are not a complete incremental update");
        return 0;
    }
    if (sig->docmdp_p == 1) {
        *why = N_("the document was certified with no changes allowed, yet changed");
        return 0;
    }
    kc_error local;
    if (kc_pdf_chain_at(doc, sx, &chain, &m, &local) != 0) {
        *why = N_("the signed revision's cross-reference chain cannot be read");
        return 0;
    }
    /* The current chain must be the signed chain plus sections after it. */
    bool same = m < n;
    for (size_t i = 0; same && i < m; i++)
        same = kc_pdf_section(doc, m - 1 - i)->offset == chain[i];
    for (size_t k = m; same && k < n; k++)
        same = kc_pdf_section(doc, k)->offset >= end;
    free(chain);
    if (!same) {
        *why = N_("the cross-reference chain was rewritten after signing");
        return 0;
    }
    if (!only_ws_after(src, kc_pdf_tail_end(doc))) {
        *why = N_("bytes after the last revision are not covered");
        return 0;
    }
    c.signed_refs = referenced_numbers(doc, m - 1);
    c.signed_rev = m - 1;
    *covers = true;
    for (size_t k = m; k < n && *covers; k++)
        if (!check_revision(&c, k)) {
            *why = c.why;
            *covers = false;
        }
    g_hash_table_destroy(c.signed_refs);
    if (c.ref_counts)
        g_hash_table_destroy(c.ref_counts);
    (void)err;
    return 0;
}
