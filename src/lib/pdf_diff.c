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
 * is judged in pdf_visible.c, the form in pdf_form.c, the bytes the
 * cross-reference sections do not explain in pdf_tail.c, and what the signed
 * document refers to in pdf_refs.c (see pdf_cover.h). */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pdf_cover.h"

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
    return was && was->type == 1 && kc_cover_is_section_at(c->doc, c->before, was->where) && e->type == 1 &&
           kc_cover_is_section_at(c->doc, c->after, e->where) &&
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
    kc_cover_collect_refs(enc, set, NULL, NULL, stack);
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
        kc_cover_collect_refs(o, fresh, NULL, NULL, stack);
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
        plain_info(n) && kc_cover_refs_to(c, e->num) == 0) /* only the trailer names it */
        return true;
    if (e->num == c->metadata && is_xmp(o) && is_xmp(n) &&
        (!signed_obj || (e->num == c->signed_metadata && kc_cover_refs_to(c, e->num) == 1))) /* only the catalog's /Metadata refers to it */
        return true;
    /* The DSS too only while it is nothing else: a signed optional content
     * membership dictionary (/Type /OCMD) the catalog also names as its /DSS
     * would show what it hid once "the DSS" is saved as /Type /DSS. */
    if (e->num == c->dss && (!signed_obj || (e->num == c->signed_dss && kc_cover_refs_to(c, e->num) == 1)))
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

/* The tables a coverage check fills. */
static void cover_tables_new(kc_cover *c)
{
    c->refs = g_hash_table_new(g_direct_hash, g_direct_equal);
    c->other_use = g_hash_table_new(g_direct_hash, g_direct_equal);
    c->claimed = g_hash_table_new(g_direct_hash, g_direct_equal);
    c->licenses = g_hash_table_new(g_direct_hash, g_direct_equal);
    c->unreadable = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    c->objstms = g_hash_table_new(g_direct_hash, g_direct_equal);
}

static void cover_tables_free(kc_cover *c)
{
    g_hash_table_destroy(c->refs);
    g_hash_table_destroy(c->other_use);
    g_hash_table_destroy(c->claimed);
    g_hash_table_destroy(c->licenses);
    g_array_free(c->unreadable, TRUE);
    g_hash_table_destroy(c->objstms);
    if (c->ref_counts)
        g_hash_table_destroy(c->ref_counts);
}

/* Nothing follows the signature, but viewers rebuild the file as it was
 * signed: a section or an object stands only near where the table says
 * (pdf_resolve.c looks nearby, viewers do not), so each reads it by its own
 * repair: poppler the last header of each number, pdf.js the first trailer
 * with an /ID, MuPDF what its walk finds.  A document prepared so (rtpdf23:
 * the page tree's entry one byte off, an older trailer with an /ID naming
 * another catalog) showed Firefox another page than poppler and MuPDF, and
 * was valid.  What those repairs read must be what was signed, as when a
 * revision follows. */
static bool repaired_as_signed(kc_pdf_doc *doc, const kc_pdf_sig *sig, const char **why)
{
    kc_cover c = {.doc = doc};
    size_t last = kc_pdf_section_count(doc) - 1;
    cover_tables_new(&c);
    c.signed_rev = last;
    c.signed_end = sig->signed_end;
    bool ok = kc_cover_signed_refs(&c, last) && kc_cover_rebuild_agrees(&c) && kc_cover_repair_agrees(&c) &&
              kc_cover_repair_finds(&c);
    *why = ok ? NULL : c.why;
    cover_tables_free(&c);
    return ok;
}

/* Whether a viewer repairs the file as signed because one of its tables
 * reads otherwise to it: entries not 20 bytes each or subsection lines out
 * of their place (MuPDF reads them by position: rtpdf26), a section pdf.js
 * drops or numbers otherwise.  After signing
 * such a table is refused outright (kc_pdf_check_coverage); with nothing
 * after the signature the repair must read what was signed (rtpdf25: a
 * prepared loose table and a second body of page 1's content hidden in the
 * signed bytes, `valid`, showed MuPDF another page). */
static bool tables_repaired(kc_pdf_doc *doc)
{
    for (size_t k = 0; k < kc_pdf_section_count(doc); k++)
        if (kc_pdf_section(doc, k)->loose_entries || kc_pdf_section(doc, k)->pdfjs_misread)
            return true;
    return false;
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
    /* Which catalog, which /Prev, which rows: a trailer (or cross-reference
     * stream) naming a key twice answers two ways.  poppler sorts a dictionary
     * of 32 keys or more and takes the value its sort leaves first, MuPDF,
     * pdf.js and this reader the last: "/Root 40 0 R ... /Root 1 0 R" in an
     * update shows poppler a catalog the update added "inert"; a second /Prev
     * in a trailer prepared before signing leads poppler to a section no rule
     * read, with no change after signing at all.  So any section of the file,
     * whether or not a revision follows. */
    if (kc_pdf_any_trailer_dup(doc)) {
        *why = N_("a cross-reference section's trailer names a key twice (poppler may read another of its "
                  "values than other viewers do: another /Root or /Prev is another document)");
        return 0;
    }
    if ((*why = kc_cover_sections_apart(doc)) != NULL)
        return 0;
    if (kc_cover_trailer_gen_off(doc)) {
        *why = N_("the trailer names the catalog or the document information under another generation than its "
                  "cross-reference entry gives (poppler then reads nothing there and rebuilds the table, MuPDF and "
                  "pdf.js read the object)");
        return 0;
    }
    if (kc_cover_only_ws_after(src, end)) {
        *covers = kc_cover_startxref_in_reach(src);
        if (!*covers)
            *why = kc_cover_far_why(src);
        else if (kc_pdf_read_nearby(doc) || kc_pdf_chain_misread(doc) || kc_cover_entry_off(doc) ||
                 tables_repaired(doc) || kc_cover_sizes_refused(doc) || kc_cover_objstm_missing(doc))
            *covers = repaired_as_signed(doc, sig, why);
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
            *why = N_("a cross-reference table of the signed document is not laid out as MuPDF reads it by "
                      "position (entries not 20 bytes each, or a subsection line out of its place or with other "
                      "spaces): it repairs the file and shows objects no table lists");
            return 0;
        }
    /* Likewise a signed section pdf.js drops (it then repairs the file) or
     * numbers otherwise. */
    for (size_t k = 0; same && k < m; k++)
        if (kc_pdf_section(doc, k)->pdfjs_misread) {
            *why = N_("a cross-reference section of the signed document reads otherwise in pdf.js (an /Index "
                      "that is not an array of pairs, object 0 in use, a subsection from 1 starting with a "
                      "free entry, or an object stream's number past 2^31 - 1)");
            return 0;
        }
    if (!kc_cover_only_ws_after(src, kc_pdf_tail_end(doc))) {
        *why = N_("bytes after the last revision are not covered");
        return 0;
    }
    if (!kc_cover_startxref_in_reach(src)) {
        *why = kc_cover_far_why(src);
        return 0;
    }
    cover_tables_new(&c);
    kc_cover_license *lic = place_verified(&c, verified, n_verified);
    if (!lic) {
        cover_tables_free(&c);
        return KC_ENOMEM;
    }
    c.signed_rev = m - 1;
    c.signed_end = end;
    kc_pdf_obj *signed_root = kc_pdf_resolve(doc, c.signed_rev,
                                             kc_pdf_dict_get(kc_pdf_trailer(doc, c.signed_rev), "Root"));
    c.signed_info = kc_cover_ref_num(kc_pdf_dict_get(kc_pdf_trailer(doc, c.signed_rev), "Info"));
    c.signed_metadata = kc_cover_ref_num(kc_pdf_dict_get(signed_root, "Metadata"));
    c.signed_dss = kc_cover_ref_num(kc_pdf_dict_get(signed_root, "DSS"));
    kc_cover_read_locks(&c, sig);
    GPtrArray *stack = g_ptr_array_new();
    bool ok = kc_cover_signed_refs(&c, m - 1);
    /* A field lock's /P 1 is a certification's: nothing may follow. */
    if (ok && c.lock_no_changes)
        ok = kc_cover_fail(&c, N_("the signature's field lock (/Lock /P 1) allows no changes, yet the document changed"));
    ok = ok && kc_cover_tail(&c, end, m);
    for (size_t k = m; ok && k < n; k++) {
        ok = check_revision(&c, k);
        if (ok)
            kc_cover_add_section_refs(&c, k, stack);
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
    /* An object no one else can read that pdf.js reads: a new annotation's
     * /Subtype, say, nothing to us (a hidden annotation) and a /Widget that
     * pdf.js draws whatever its flags say. */
    if (ok && kc_pdf_objstm_slot(doc))
        ok = kc_cover_fail(&c, N_("a cross-reference entry names a place in an object stream that holds another "
                                  "object (pdf.js reads that object, poppler and MuPDF nothing)"));
    if (ok && kc_pdf_objstm_gen(doc))
        ok = kc_cover_fail(&c, N_("an object stream has another generation than 0 (poppler and pdf.js look for it "
                                  "under 0 and find nothing: poppler then loses every object in object streams, "
                                  "pdf.js does not open the file)"));
    /* Whatever makes MuPDF repair the file, what it then shows must be what
     * was checked above (pdf_repair.c). */
    ok = ok && kc_cover_repair_agrees(&c);
    /* ... and what it reads at all: a listed object it never finds leaves it
     * another copy, or none (pdf_repair_walk.c). */
    ok = ok && kc_cover_repair_finds(&c);
    *covers = ok;
    *why = ok ? NULL : c.why;
    g_ptr_array_free(stack, TRUE);
    kc_cover_locks_free(&c);
    cover_tables_free(&c);
    free(lic);
    return 0;
}
