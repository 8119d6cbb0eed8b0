/* pdf_diff.c: does a signature cover the document as it stands? (rule 4)
 *
 * Every revision appended after the signed bytes may do only what signing
 * does: add signature fields and their widgets and appearances, extend the
 * AcroForm's /Fields and a page's /Annots with them, set /SigFlags and add to
 * /DR, add DSS and document-timestamp data, and rewrite the document metadata
 * (/Info, XMP), as Adobe Reader does when it signs.  Anything else (page
 * content, re-pointed objects, overlays, other annotations or form values)
 * means the document was modified after signing.  This is what defeats the
 * Incremental Saving and Shadow attacks.
 *
 * The walk is per changed object: a new object number is inert until an
 * existing object (or the trailer) refers to it, and every existing object
 * that changed must be one whose change signing explains.  What can be seen
 * is judged in pdf_visible.c, the form in pdf_form.c, and the bytes the
 * cross-reference sections do not explain in pdf_tail.c (see pdf_cover.h). */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pdf_cover.h"
#include "pdf_doc.h" /* kc_pdf_load_dict_at */

uint32_t kc_cover_ref_num(const kc_pdf_obj *o)
{
    return o && o->type == KC_PDF_REF ? o->u.ref.num : 0;
}

bool kc_cover_fail(kc_cover *c, const char *why)
{
    if (!c->why)
        c->why = why;
    return false;
}

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

bool kc_cover_dict_diff(kc_cover *c, kc_pdf_obj *o, kc_pdf_obj *n, kc_cover_key_check check)
{
    /* Which of two values a reader takes is not ours to guess: a signed
     * << /A 1 /B 2 /A 1 >> must not "equal" a later << /A 1 /B 2 /C 3 >>. */
    if (o->dup_keys || n->dup_keys)
        return kc_cover_fail(c, N_("a dictionary that names a key twice was changed after signing"));
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

static bool catalog_key(kc_cover *c, const char *key, kc_pdf_obj *ov, kc_pdf_obj *nv)
{
    if (strcmp(key, "AcroForm") == 0) {
        if (kc_cover_ref_num(ov) && kc_cover_ref_num(ov) == kc_cover_ref_num(nv))
            return true; /* the same object: judged where that object changed */
        return kc_cover_acroform(c, kc_pdf_resolve(c->doc, c->before, ov), kc_pdf_resolve(c->doc, c->after, nv));
    }
    if (strcmp(key, "Metadata") == 0 || strcmp(key, "DSS") == 0 || strcmp(key, "Extensions") == 0)
        return true;
    return kc_cover_fail(c, N_("the document catalog was changed after signing"));
}

static bool page_key(kc_cover *c, const char *key, kc_pdf_obj *ov, kc_pdf_obj *nv)
{
    if (strcmp(key, "Annots") == 0) {
        if (kc_cover_ref_num(ov) && kc_cover_ref_num(ov) == kc_cover_ref_num(nv))
            return true;
        return kc_cover_list_grows(c, ov, nv);
    }
    return kc_cover_fail(c, N_("a page was changed after signing"));
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

/* Whether a reference held under key is one that signing may extend: a
 * page's /Annots, the form's /Fields. */
static bool list_key(const char *key)
{
    return strcmp(key, "Annots") == 0 || strcmp(key, "Fields") == 0;
}

static void add_ref(GHashTable *set, GHashTable *counts, uint32_t num)
{
    gpointer k = GUINT_TO_POINTER(num);
    if (counts)
        g_hash_table_insert(counts, k, GSIZE_TO_POINTER(GPOINTER_TO_SIZE(g_hash_table_lookup(counts, k)) + 1));
    else
        g_hash_table_add(set, k);
}

static bool is_container(const kc_pdf_obj *o)
{
    return o->type == KC_PDF_ARRAY || o->type == KC_PDF_DICT || o->type == KC_PDF_STREAM;
}

/* Adds the numbers o refers to (through arrays and dictionaries, not into
 * other objects) to counts (number -> count) or, when counts is NULL, to set;
 * with `other`, also those referred to otherwise than as the value of an
 * /Annots or /Fields key (see check_object: only such arrays may grow).  An
 * explicit stack of the arrays and dictionaries still to read, no recursion;
 * references and other values are taken where they stand (a font's /Widths
 * is hundreds of numbers, none of which needs the stack). */
static void collect_refs(kc_pdf_obj *o, GHashTable *set, GHashTable *counts, GHashTable *other, GPtrArray *stack)
{
    if (!o)
        return;
    if (o->type == KC_PDF_REF) {
        if (other)
            g_hash_table_add(other, GUINT_TO_POINTER(o->u.ref.num));
        add_ref(set, counts, o->u.ref.num);
        return;
    }
    if (!is_container(o))
        return;
    g_ptr_array_add(stack, o);
    while (stack->len > 0) {
        kc_pdf_obj *x = g_ptr_array_remove_index_fast(stack, stack->len - 1);
        bool arr = x->type == KC_PDF_ARRAY;
        size_t n = arr ? x->u.arr.n : x->u.dict.n;
        for (size_t k = 0; k < n; k++) {
            kc_pdf_obj *v = arr ? x->u.arr.items[k] : x->u.dict.vals[k];
            if (v->type == KC_PDF_REF) {
                if (other && (arr || !list_key(x->u.dict.keys[k])))
                    g_hash_table_add(other, GUINT_TO_POINTER(v->u.ref.num));
                add_ref(set, counts, v->u.ref.num);
            } else if (is_container(v)) {
                g_ptr_array_add(stack, v);
            }
        }
    }
}

/* How many references to num the objects of the signed revision hold;
 * cross-reference streams do not count (their dictionary is the trailer,
 * which names /Info).  The counts are made once per signature, on the first
 * question, with one walk over the signed revision's objects: asking per
 * revision would make a file of many small updates cost the number of
 * updates times the number of objects. */
static size_t refs_to(kc_cover *c, uint32_t num)
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
                collect_refs(kc_pdf_get(doc, rev, n, NULL), NULL, c->ref_counts, NULL, stack);
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

/* Whether a writer reused the number of one of the signed document's
 * cross-reference streams for its own: bookkeeping, not content, when the
 * number was a cross-reference stream before (judged by where the object is,
 * not by its /Type: a prepared page content stream may call itself /XRef),
 * is one again now, and nothing refers to it: a signed object pointing at
 * that number would show whatever the update puts there. */
static bool xref_number_reused(kc_cover *c, const kc_xref_entry *e)
{
    const kc_xref_entry *was = kc_pdf_entry(c->doc, c->before, e->num);
    return was && was->type == 1 && is_section_at(c->doc, c->before, was->where) && e->type == 1 &&
           is_section_at(c->doc, c->after, e->where) &&
           !g_hash_table_contains(c->refs, GUINT_TO_POINTER(e->num));
}

static bool dss_key(kc_cover *c, const char *key, kc_pdf_obj *ov, kc_pdf_obj *nv)
{
    (void)ov;
    (void)nv;
    if (strcmp(key, "Certs") == 0 || strcmp(key, "OCSPs") == 0 || strcmp(key, "CRLs") == 0 ||
        strcmp(key, "VRI") == 0 || strcmp(key, "Type") == 0)
        return true;
    return kc_cover_fail(c, N_("the document security store was changed beyond validation data"));
}

/* Whether num is the encryption dictionary the trailer of rev names, or an
 * object it reaches (an indirect crypt filter, /CF << /StdCF 7 0 R >>).  The
 * standard handler's dictionaries hold only names, numbers and strings, as
 * the document information does; a trailer naming one as both made its
 * "metadata rewrite" (another /O and /U, another /CFM) change the key or the
 * cipher every signed stream is decrypted with, and a stream prepared as
 * noise then drew another page. */
static bool encrypt_reaches(kc_cover *c, size_t rev, uint32_t num)
{
    kc_pdf_obj *enc = kc_pdf_dict_get(kc_pdf_trailer(c->doc, rev), "Encrypt");
    if (!enc)
        return false;
    GHashTable *set = g_hash_table_new(g_direct_hash, g_direct_equal);
    GPtrArray *stack = g_ptr_array_new();
    GArray *todo = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    collect_refs(enc, set, NULL, NULL, stack);
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, set);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        uint32_t n = GPOINTER_TO_UINT(key);
        g_array_append_val(todo, n);
    }
    /* Bounded: an encryption dictionary and its crypt filters are a handful
     * of objects; past 64, every number still collected is answered. */
    for (guint i = 0; i < todo->len && i < 64; i++) {
        kc_pdf_obj *o = kc_pdf_get(c->doc, rev, g_array_index(todo, uint32_t, i), NULL);
        GHashTable *fresh = g_hash_table_new(g_direct_hash, g_direct_equal);
        collect_refs(o, fresh, NULL, NULL, stack);
        g_hash_table_iter_init(&it, fresh);
        while (g_hash_table_iter_next(&it, &key, NULL)) {
            uint32_t n = GPOINTER_TO_UINT(key);
            if (g_hash_table_add(set, key))
                g_array_append_val(todo, n);
        }
        g_hash_table_destroy(fresh);
    }
    bool found = g_hash_table_contains(set, GUINT_TO_POINTER(num));
    g_hash_table_destroy(set);
    g_ptr_array_free(stack, TRUE);
    g_array_free(todo, TRUE);
    return found;
}

/* Judges one object number that revision `after` redefines. */
static bool check_object(kc_cover *c, const kc_xref_entry *e)
{
    kc_pdf_obj *o = kc_pdf_get(c->doc, c->before, e->num, NULL);
    if (!o) {
        /* A new object is inert unless something points to it, and what
         * changed is judged here.  But a number something already referred
         * to, dangling then (free, absent, or in an object stream that did
         * not exist yet, so read as null), would bring content in without
         * touching a signed object. */
        if (e->type != 0 && g_hash_table_contains(c->refs, GUINT_TO_POINTER(e->num)))
            return kc_cover_fail(c, N_("an object the signed document refers to was added after signing"));
        return true;
    }
    if (e->type == 0)
        return kc_cover_fail(c, N_("an object of the signed document was deleted after signing"));
    kc_pdf_obj *n = kc_pdf_get(c->doc, c->after, e->num, NULL);
    if (!n)
        return kc_cover_fail(c, N_("an object changed after signing cannot be read"));
    /* A reference "N G R" resolves only to generation G (readers ignore it
     * inside object streams): a signed reference that named another
     * generation, and so showed nothing, would show the object once it is
     * saved again under that generation. */
    const kc_xref_entry *was = kc_pdf_entry(c->doc, c->before, e->num);
    if (was && (was->type == 1 ? was->gen : 0) != (e->type == 1 ? e->gen : 0))
        return kc_cover_fail(c, N_("an object's generation number was changed after signing"));
    if (kc_pdf_obj_equal(c->doc, o, n))
        return true; /* saved again unchanged */
    /* The objects inside an object stream change with it, without an entry
     * that would have them judged: a stream that also says it is XMP
     * metadata (poppler reads /N and /First, not /Type) would pass as a
     * metadata rewrite. */
    if (g_hash_table_contains(c->objstms, GUINT_TO_POINTER(e->num)))
        return kc_cover_fail(c, N_("an object stream of the signed document was changed after signing"));
    bool dicts = (o->type == KC_PDF_DICT) && (n->type == KC_PDF_DICT);
    /* What signers rewrite: the document information and the catalog's XMP
     * metadata, each only while it is nothing else (no other object refers to
     * it, and see plain_info: a page's content stream could claim to be XMP),
     * and the validation data of the DSS. */
    /* Each only as what it was when signed, or made after signing: an update
     * that points /Metadata (or /DSS, /Info) at a signed object first, page
     * content dressed as XMP, would make the next one's rewrite "metadata". */
    bool signed_obj = kc_pdf_get(c->doc, c->signed_rev, e->num, NULL) != NULL;
    if (encrypt_reaches(c, c->before, e->num) || encrypt_reaches(c, c->after, e->num))
        return kc_cover_fail(c, N_("the document's encryption dictionary was changed after signing (also named as "
                                   "the document information): viewers would decrypt the signed page content with "
                                   "another key"));
    if (e->num == c->info_before && (!signed_obj || e->num == c->signed_info) && plain_info(o) &&
        plain_info(n) && refs_to(c, e->num) == 0) /* only the trailer names it */
        return true;
    if (e->num == c->metadata && is_xmp(o) && is_xmp(n) &&
        (!signed_obj || (e->num == c->signed_metadata && refs_to(c, e->num) == 1))) /* only the catalog's /Metadata refers to it */
        return true;
    /* The DSS too only while it is nothing else: a signed optional content
     * membership dictionary (/Type /OCMD) the catalog also names as its /DSS
     * would show what it hid once "the DSS" is saved as /Type /DSS. */
    if (e->num == c->dss && (!signed_obj || (e->num == c->signed_dss && refs_to(c, e->num) == 1)))
        return dicts ? kc_cover_dict_diff(c, o, n, dss_key)
                     : kc_cover_fail(c, N_("the document security store was replaced after signing"));
    if (xref_number_reused(c, e))
        return true;
    if (e->num == c->root)
        return dicts ? kc_cover_dict_diff(c, o, n, catalog_key)
                     : kc_cover_fail(c, N_("the document catalog was replaced after signing"));
    if (e->num == c->acroform)
        return kc_cover_acroform(c, o, n);
    if (dicts && kc_pdf_is_name(kc_pdf_dict_get(o, "Type"), "Page"))
        return kc_cover_dict_diff(c, o, n, page_key);
    if (dicts && kc_cover_is_sig(c, c->before, o))
        return kc_cover_sig_changed(c, e->num, o, n);
    /* An indirect /Fields or /Annots, and nothing else: a prepared page tree's
     * /Kids, or an optional content /ON list, "gaining a signature field" would
     * gain a page or turn a layer on. */
    if (o->type == KC_PDF_ARRAY)
        return !g_hash_table_contains(c->other_use, GUINT_TO_POINTER(e->num))
                   ? kc_cover_list_grows(c, o, n)
                   : kc_cover_fail(c, N_("an array other than a page's annotations or the form's fields was changed after signing"));
    return kc_cover_fail(c, N_("content of the signed document was changed after signing"));
}

/* The first element of an array (a direct /ID), or NULL. */
static kc_pdf_obj *first_item(kc_pdf_obj *a)
{
    return a && a->type == KC_PDF_ARRAY && a->u.arr.n > 0 ? a->u.arr.items[0] : NULL;
}

static bool check_revision(kc_cover *c, size_t k)
{
    /* The trailer a viewer reads is this section's own: one without /Root
     * would make it look for the catalog elsewhere (or rebuild), so it must
     * name the signed catalog itself rather than inherit it. */
    kc_pdf_obj *tb = kc_pdf_trailer(c->doc, k - 1), *ta = kc_pdf_section(c->doc, k)->trailer;
    c->before = k - 1;
    c->after = k;
    c->root = kc_cover_ref_num(kc_pdf_dict_get(tb, "Root"));
    if (!kc_pdf_dict_get(ta, "Root"))
        return kc_cover_fail(c, N_("a trailer written after signing does not name the document catalog"));
    if (!c->root || c->root != kc_cover_ref_num(kc_pdf_dict_get(ta, "Root")))
        return kc_cover_fail(c, N_("the document catalog was replaced after signing"));
    if (kc_pdf_dict_get(ta, "Encrypt") && !kc_pdf_dict_get(tb, "Encrypt"))
        return kc_cover_fail(c, N_("encryption was added after signing"));
    /* A reader decrypts with the newest trailer's /Encrypt and the first
     * element of its /ID: another key (or none) shows other page content. */
    if (kc_pdf_dict_get(tb, "Encrypt") &&
        (!kc_pdf_obj_equal(c->doc, kc_pdf_dict_get(tb, "Encrypt"), kc_pdf_dict_get(ta, "Encrypt")) ||
         !kc_pdf_obj_equal(c->doc, first_item(kc_pdf_dict_get(tb, "ID")), first_item(kc_pdf_dict_get(ta, "ID")))))
        return kc_cover_fail(c, N_("the document's encryption was changed after signing"));
    c->info_before = kc_cover_ref_num(kc_pdf_dict_get(tb, "Info"));
    kc_pdf_obj *root = kc_pdf_get(c->doc, c->before, c->root, NULL);
    c->acroform = kc_cover_ref_num(kc_pdf_dict_get(root, "AcroForm"));
    c->dss = kc_cover_ref_num(kc_pdf_dict_get(root, "DSS"));
    c->metadata = kc_cover_ref_num(kc_pdf_dict_get(root, "Metadata"));
    if (!kc_cover_title_kept(c))
        return kc_cover_fail(c, N_("the document's title (/Info /Title or the XMP dc:title), which viewers show in "
                                   "their title bar and its properties, was changed after signing"));
    const kc_xref_section *s = kc_pdf_section(c->doc, k);
    for (size_t i = 0; i < s->n_entries; i++) {
        if (s->entries[i].num == 0)
            continue;
        if (!check_object(c, &s->entries[i]))
            return false;
    }
    return true;
}

/* What section s (judged, or signed) refers to joins c->refs: its objects as
 * of s, its trailer, and the object streams its type-2 entries name. */
static void add_section_refs(kc_cover *c, size_t s, GPtrArray *stack)
{
    const kc_xref_section *sec = kc_pdf_section(c->doc, s);
    for (size_t i = 0; i < sec->n_entries; i++) {
        const kc_xref_entry *e = &sec->entries[i];
        if (e->type == 2 && e->where <= UINT32_MAX) {
            g_hash_table_add(c->refs, GUINT_TO_POINTER((uint32_t)e->where));
            g_hash_table_add(c->objstms, GUINT_TO_POINTER((uint32_t)e->where));
        }
        if (e->num != 0 && e->type != 0) {
            kc_pdf_obj *o = kc_pdf_get(c->doc, s, e->num, NULL);
            collect_refs(o, c->refs, NULL, c->other_use, stack);
            c->other_gen = c->other_gen || kc_cover_other_generation(c, s, o, stack);
        }
    }
    collect_refs(sec->trailer, c->refs, NULL, c->other_use, stack);
    c->other_gen = c->other_gen || kc_cover_other_generation(c, s, sec->trailer, stack);
}

/* Where signed object o ends as a reader may take it.  A stream: its data by
 * its /Length, an indirect one resolved both as of the signed revision and as
 * of the newest section (a reader resolves it with the newest table; our
 * object cache, once per entry, with the section that holds the stream: a
 * later unsigned update could redefine it before signing); UINT64_MAX when
 * that length cannot be read, as a reader then reads to an "endstream" it
 * finds or to the end of the file.  Anything else: its last token. */
static uint64_t object_end(kc_cover *c, size_t rev, const kc_pdf_obj *o)
{
    if (o->type != KC_PDF_STREAM)
        return o->raw_end;
    const kc_pdf_obj *lo = kc_pdf_dict_get(o, "Length");
    if (!lo || lo->type != KC_PDF_REF)
        return o->stream_off + o->stream_len;
    uint64_t end = 0;
    size_t revs[2] = {rev, kc_pdf_section_count(c->doc) - 1};
    for (size_t k = 0; k < 2; k++) {
        int64_t len = -1;
        if (!kc_pdf_get_int(kc_pdf_get(c->doc, revs[k], lo->u.ref.num, NULL), &len) || len < 0 ||
            (uint64_t)len > UINT64_MAX - o->stream_off)
            return UINT64_MAX;
        if (o->stream_off + (uint64_t)len > end)
            end = o->stream_off + (uint64_t)len;
    }
    return end;
}

typedef struct placed {
    uint64_t where; /* file offset; objects in object streams after every offset */
    uint32_t num;
    const kc_xref_entry *e; /* its entry as of the signed revision, or NULL */
} placed;

/* Whether o, or a dictionary inside it (not through references: each object
 * is asked in turn), is an action with a script (/JS: JavaScript, or a
 * rendition's; not a built-in format, see builtin_format).  Viewers run a document's scripts by themselves (the
 * document's, a page's or a field's on opening, a Format or Calculate script
 * whenever they show a field), and a script reads what signing may still
 * change: pdf.js (Firefox) gives scripts the document information as
 * this.info, and the fields as this.getField.  A script that shows the
 * information's /Subject in the amount's field shows what the next
 * "metadata rewrite" writes there. */
/* A field's number, date or special format as Acrobat writes it
 * (AFNumber_Format(2, 0, 0, 0, "", true)), or its range check
 * (AFRange_Validate(true, 0, true, 100), run only on a value typed in): a
 * built-in function of the field's own value, with literal arguments only,
 * which reads nothing an update may change. */
bool kc_pdf_builtin_format(const kc_pdf_obj *js)
{
    static const char pattern[] =
        "^\\s*AF((Number|Percent|Date|Time|Special)_(Format|Keystroke)(Ex)?|Range_Validate)\\s*\\(\\s*"
        "((-?[0-9.]+|\"[^\"\\\\]*\"|'[^'\\\\]*'|true|false)(\\s*,\\s*(-?[0-9.]+|\"[^\"\\\\]*\"|'[^'\\\\]*'|true|false))*)?"
        "\\s*\\)\\s*;?\\s*$";
    if (js->type != KC_PDF_STRING || js->u.str.len > 512 || memchr(js->u.str.data, 0, js->u.str.len))
        return false;
    char *text = g_strndup((const char *)js->u.str.data, js->u.str.len);
    bool ok = g_regex_match_simple(pattern, text, 0, 0);
    g_free(text);
    return ok;
}

static bool holds_script(kc_pdf_obj *o, GPtrArray *stack)
{
    if (!o || !is_container(o))
        return false;
    bool found = false;
    g_ptr_array_set_size(stack, 0);
    g_ptr_array_add(stack, o);
    while (stack->len > 0 && !found) {
        kc_pdf_obj *x = g_ptr_array_remove_index_fast(stack, stack->len - 1);
        bool arr = x->type == KC_PDF_ARRAY;
        kc_pdf_obj *js = arr ? NULL : kc_pdf_dict_get(x, "JS");
        if (js && !kc_pdf_builtin_format(js))
            found = true;
        size_t n = arr ? x->u.arr.n : x->u.dict.n;
        for (size_t k = 0; k < n && !found; k++) {
            kc_pdf_obj *v = arr ? x->u.arr.items[k] : x->u.dict.vals[k];
            if (is_container(v))
                g_ptr_array_add(stack, v);
        }
    }
    g_ptr_array_set_size(stack, 0);
    return found;
}

static int by_place(const void *a, const void *b)
{
    const placed *x = a, *y = b;
    return x->where < y->where ? -1 : x->where > y->where ? 1 : (x->num > y->num) - (x->num < y->num);
}

/* Every object number referred to by an object of revision rev (dictionaries
 * and arrays, not content streams), the object streams its type-2 entries
 * name, and the trailer's references.  Objects are loaded in file order, not
 * number order, so that the document's read window serves them one after the
 * other instead of jumping about.  False when the signed revision lists an
 * object at an offset past its signed bytes that now holds one (nothing was
 * there when it was signed, so the signer saw nothing), or one that runs past
 * them. */
static bool signed_refs(kc_cover *c, size_t rev)
{
    bool ok = true;
    kc_pdf_doc *doc = c->doc;
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
            if (e && e->type == 2 && e->where <= UINT32_MAX) {
                g_hash_table_add(c->refs, GUINT_TO_POINTER((uint32_t)e->where));
                g_hash_table_add(c->objstms, GUINT_TO_POINTER((uint32_t)e->where));
            }
            if (e && e->type == 1 && e->where >= c->signed_end && kc_pdf_get(doc, rev, num, NULL))
                ok = kc_cover_fail(c, N_("the signed document lists an object that lies past its signed bytes"));
            placed p = {e && e->type == 1 ? e->where : UINT64_MAX, num, e};
            g_array_append_val(order, p);
        }
    }
    g_array_sort(order, by_place);
    for (guint i = 0; i < order->len; i++) {
        const placed *p = &g_array_index(order, placed, i);
        kc_pdf_obj *o = kc_pdf_get(doc, rev, p->num, NULL);
        const kc_xref_entry *e = p->e;
        uint64_t end = o && p->where != UINT64_MAX ? object_end(c, rev, o) : 0;
        /* Listed, there (a type-2 entry's object stream exists), and still
         * not read: see kc_pdf_check_coverage. */
        if (!o && e && (e->type == 1 || (e->type == 2 && e->where <= UINT32_MAX &&
                                         kc_pdf_get(doc, rev, (uint32_t)e->where, NULL))))
            g_array_append_val(c->unreadable, p->num);
        /* One that cannot be read still refers to what its dictionary names
         * (a stream whose indirect /Length names a number nothing defined
         * showed no data when signed, and all an update appends once that
         * number is defined); a stream among them has no end we can vouch for. */
        if (!o && p->where < c->signed_end && (o = kc_pdf_load_dict_at(doc, p->where, p->num)))
            end = o->type == KC_PDF_STREAM ? UINT64_MAX : o->raw_end;
        /* A signed object that ends past the signed bytes (a stream whose
         * /Length reached beyond the file when it was signed) takes in what an
         * update appends: a page's operators drawn after the signed ones. */
        if (end > c->signed_end && ok)
            ok = kc_cover_fail(c, N_("an object of the signed document runs past its signed bytes"));
        collect_refs(o, c->refs, NULL, c->other_use, stack);
        c->other_gen = c->other_gen || kc_cover_other_generation(c, rev, o, stack);
        c->scripts = c->scripts || holds_script(o, stack);
    }
    collect_refs(kc_pdf_trailer(doc, rev), c->refs, NULL, c->other_use, stack); /* /Root, /Info */
    c->other_gen = c->other_gen || kc_cover_other_generation(c, rev, kc_pdf_trailer(doc, rev), stack);
    g_ptr_array_free(stack, TRUE);
    g_array_free(order, TRUE);
    g_hash_table_destroy(seen);
    return ok;
}

/* The verified signatures as licenses, each with the revision its bytes end
 * with: the section its "startxref N %%EOF" names.  One whose bytes end
 * elsewhere signs no revision and licenses nothing. */
static kc_cover_license *place_verified(kc_cover *c, const kc_pdf_verified *verified, size_t n_verified)
{
    const kc_pdf_src *src = kc_pdf_source(c->doc);
    size_t n = kc_pdf_section_count(c->doc);
    kc_cover_license *lic = calloc(n_verified ? n_verified : 1, sizeof *lic);
    for (size_t i = 0; lic && i < n_verified; i++) {
        uint64_t sx = 0;
        gpointer key = GUINT_TO_POINTER(verified[i].num);
        if (!kc_cover_startxref_before(src, verified[i].signed_end, &sx) ||
            g_hash_table_contains(c->licenses, key))
            continue;
        for (size_t k = 0; k < n; k++)
            if (kc_pdf_section(c->doc, k)->offset == sx) {
                lic[i] = (kc_cover_license){verified[i].field_num, k, verified[i].may_draw};
                g_hash_table_insert(c->licenses, key, &lic[i]);
                break;
            }
    }
    return lic;
}

int kc_pdf_check_coverage(kc_pdf_doc *doc, const kc_pdf_sig *sig, const kc_pdf_verified *verified,
                          size_t n_verified, bool *covers, const char **why, kc_error *err)
{
    const kc_pdf_src *src = kc_pdf_source(doc);
    uint64_t end = sig->signed_end, sx = 0, *chain = NULL;
    size_t m = 0, n = kc_pdf_section_count(doc);
    kc_cover c = {.doc = doc};

    (void)err;
    *covers = false;
    *why = NULL;
    /* Signing appends to a file, which then no longer has a linearized
     * file's length; one that has it again reads two ways. */
    if (kc_cover_read_as_linearized(doc)) {
        *why = N_("viewers take the document for a linearized file, and read it from another "
                  "cross-reference table than the one startxref names");
        return 0;
    }
    if (kc_cover_only_ws_after(src, end)) {
        *covers = true;
        return 0;
    }
    if (!kc_cover_startxref_before(src, end, &sx)) {
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
    /* A signed table MuPDF cannot read makes it repair the file, and its
     * repair takes every object it finds in an object stream, one an update
     * adds as "inert" too (pdf_tail.c judges the tables after signing). */
    for (size_t k = 0; same && k < m; k++)
        if (kc_pdf_section(doc, k)->loose_entries) {
            *why = N_("a cross-reference table of the signed document has entries that are not 20 bytes each (a "
                      "viewer that reads them by position repairs the file and shows objects no table lists)");
            return 0;
        }
    /* Likewise a signed section pdf.js drops (it then repairs the file) or
     * numbers otherwise. */
    for (size_t k = 0; same && k < m; k++)
        if (kc_pdf_section(doc, k)->pdfjs_misread) {
            *why = N_("a cross-reference section of the signed document reads otherwise in pdf.js (an /Index "
                      "that is not an array of pairs, object 0 in use, or a subsection from 1 starting with a "
                      "free entry)");
            return 0;
        }
    if (!kc_cover_only_ws_after(src, kc_pdf_tail_end(doc))) {
        *why = N_("bytes after the last revision are not covered");
        return 0;
    }
    c.refs = g_hash_table_new(g_direct_hash, g_direct_equal);
    c.other_use = g_hash_table_new(g_direct_hash, g_direct_equal);
    c.claimed = g_hash_table_new(g_direct_hash, g_direct_equal);
    c.licenses = g_hash_table_new(g_direct_hash, g_direct_equal);
    c.unreadable = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    c.objstms = g_hash_table_new(g_direct_hash, g_direct_equal);
    kc_cover_license *lic = place_verified(&c, verified, n_verified);
    if (!lic) {
        g_array_free(c.unreadable, TRUE);
        g_hash_table_destroy(c.objstms);
        g_hash_table_destroy(c.refs);
        g_hash_table_destroy(c.other_use);
        g_hash_table_destroy(c.claimed);
        g_hash_table_destroy(c.licenses);
        return KC_ENOMEM;
    }
    c.signed_rev = m - 1;
    c.signed_end = end;
    kc_pdf_obj *signed_root = kc_pdf_resolve(doc, c.signed_rev,
                                             kc_pdf_dict_get(kc_pdf_trailer(doc, c.signed_rev), "Root"));
    c.signed_info = kc_cover_ref_num(kc_pdf_dict_get(kc_pdf_trailer(doc, c.signed_rev), "Info"));
    c.signed_metadata = kc_cover_ref_num(kc_pdf_dict_get(signed_root, "Metadata"));
    c.signed_dss = kc_cover_ref_num(kc_pdf_dict_get(signed_root, "DSS"));
    GPtrArray *stack = g_ptr_array_new();
    bool ok = signed_refs(&c, m - 1);
    ok = ok && kc_cover_tail(&c, end, m);
    for (size_t k = m; ok && k < n; k++) {
        ok = check_revision(&c, k);
        if (ok)
            add_section_refs(&c, k, stack);
    }
    ok = ok && kc_cover_rebuild_agrees(&c);
    /* A signed object our parser cannot read, that something refers to: a
     * viewer that recovers from what stopped us (poppler skips a dictionary
     * key that is not a name) follows references we never saw, and an object
     * an update adds for one of them looked new and inert. */
    for (guint i = 0; ok && i < c.unreadable->len; i++)
        if (g_hash_table_contains(c.refs, GUINT_TO_POINTER(g_array_index(c.unreadable, uint32_t, i))))
            ok = kc_cover_fail(&c, N_("an object of the signed document that something refers to cannot be read, "
                                      "so what it shows is unknown"));
    /* Every object of the signed revision and of each later one was read
     * above: an object stream among them that poppler reads otherwise could
     * make an object "saved again unchanged" show something else. */
    if (ok && kc_pdf_objstm_misread(doc))
        ok = kc_cover_fail(&c, N_("an object stream reads differently in another viewer (its offsets do not "
                                  "follow one another from /First)"));
    if (ok && c.other_gen)
        ok = kc_cover_fail(&c, N_("something refers to an object with another generation than its own (poppler "
                                  "reads nothing there, MuPDF the object, pdf.js the object once it has read it)"));
    /* Nothing structural tells what a script shows from what it showed when
     * signed: it may read anything an update may still change. */
    if (ok && c.scripts)
        ok = kc_cover_fail(&c, N_("the signed document holds scripts (JavaScript) that viewers run by themselves, "
                                  "and what they show can depend on what was added after signing (the document "
                                  "information, a new field)"));
    if (ok && kc_pdf_objstm_dup(doc))
        ok = kc_cover_fail(&c, N_("an object stream lists an object's number twice (pdf.js reads the last "
                                  "object listed under it, other viewers the first)"));
    /* Whatever makes MuPDF repair the file, what it then shows must be what
     * was checked above (pdf_repair.c). */
    ok = ok && kc_cover_repair_agrees(&c);
    *covers = ok;
    *why = ok ? NULL : c.why;
    g_ptr_array_free(stack, TRUE);
    g_hash_table_destroy(c.refs);
    g_hash_table_destroy(c.other_use);
    g_hash_table_destroy(c.claimed);
    g_hash_table_destroy(c.licenses);
    g_array_free(c.unreadable, TRUE);
    g_hash_table_destroy(c.objstms);
    free(lic);
    if (c.ref_counts)
        g_hash_table_destroy(c.ref_counts);
    return 0;
}
