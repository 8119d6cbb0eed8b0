/* pdf_refs.c: what the signed document refers to, for the coverage check
 * (rule 4, pdf_diff.c).
 *
 * An object an update adds is inert until something refers to it, so the
 * walk needs every number the signed revision (and each later one already
 * judged) refers to: collected here in file order, with what that reading
 * also learns (objects past the signed bytes, scripts, references to another
 * generation), and how often the signed revision refers to one number, which
 * tells metadata that is only metadata from an object doing another job. */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pdf_cover.h"
#include "pdf_doc.h" /* kc_pdf_load_dict_at */

bool kc_cover_is_section_at(kc_pdf_doc *doc, size_t rev, uint64_t where)
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

static void walk_object(kc_cover *c, size_t rev, kc_pdf_obj *o, bool scripts, GPtrArray *stack);

/* Adds the numbers o refers to (through arrays and dictionaries, not into
 * other objects) to counts (number -> count) or, when counts is NULL, to set;
 * with `other`, also those referred to otherwise than as the value of an
 * /Annots or /Fields key (see check_object: only such arrays may grow).  An
 * explicit stack of the arrays and dictionaries still to read, no recursion;
 * references and other values are taken where they stand (a font's /Widths
 * is hundreds of numbers, none of which needs the stack). */
void kc_cover_collect_refs(kc_pdf_obj *o, GHashTable *set, GHashTable *counts, GHashTable *other, GPtrArray *stack)
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
size_t kc_cover_refs_to(kc_cover *c, uint32_t num)
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
                if (e && e->type == 1 && kc_cover_is_section_at(doc, rev, e->where))
                    continue;
                kc_cover_collect_refs(kc_pdf_get(doc, rev, n, NULL), NULL, c->ref_counts, NULL, stack);
            }
        }
        g_ptr_array_free(stack, TRUE);
        g_hash_table_destroy(seen);
    }
    return GPOINTER_TO_SIZE(g_hash_table_lookup(c->ref_counts, GUINT_TO_POINTER(num)));
}

/* What section s (judged, or signed) refers to joins c->refs: its objects as
 * of s, its trailer, and the object streams its type-2 entries name. */
void kc_cover_add_section_refs(kc_cover *c, size_t s, GPtrArray *stack)
{
    const kc_xref_section *sec = kc_pdf_section(c->doc, s);
    for (size_t i = 0; i < sec->n_entries; i++) {
        const kc_xref_entry *e = &sec->entries[i];
        if (e->type == 2 && e->where <= UINT32_MAX) {
            g_hash_table_add(c->refs, GUINT_TO_POINTER((uint32_t)e->where));
            g_hash_table_add(c->objstms, GUINT_TO_POINTER((uint32_t)e->where));
        }
        if (e->num != 0 && e->type != 0) {
            walk_object(c, s, kc_pdf_get(c->doc, s, e->num, NULL), false, stack);
        }
    }
    walk_object(c, s, sec->trailer, false, stack);
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

/* The script question (walk_object): whether an object, or a dictionary
 * inside it (not through references: each object is asked in turn), is an
 * action with a script (/JS: JavaScript, or a rendition's; not a built-in
 * format, see builtin_format).  Viewers run a document's scripts by themselves (the
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

/* The three questions kc_cover_signed_refs and kc_cover_add_section_refs ask
 * of every object, answered in one walk of it: the numbers it refers to join
 * c->refs and c->other_use (as kc_cover_collect_refs adds them, in the same
 * order), whether one of its references names another generation
 * (kc_cover_ref_gen_differs) and, with scripts, whether a dictionary in it
 * holds a script (above).  Three walks of each object of the signed
 * revision were 3.4% of verify's processor time (issue 16, session 42); a
 * question answered yes is not asked again, as the `||` of the three calls
 * left it. */
static void walk_object(kc_cover *c, size_t rev, kc_pdf_obj *o, bool scripts, GPtrArray *stack)
{
    if (!o)
        return;
    if (o->type == KC_PDF_REF) {
        g_hash_table_add(c->other_use, GUINT_TO_POINTER(o->u.ref.num));
        g_hash_table_add(c->refs, GUINT_TO_POINTER(o->u.ref.num));
        c->other_gen = c->other_gen || kc_cover_ref_gen_differs(c, rev, o);
        return;
    }
    if (!is_container(o))
        return;
    g_ptr_array_set_size(stack, 0);
    g_ptr_array_add(stack, o);
    while (stack->len > 0) {
        kc_pdf_obj *x = g_ptr_array_remove_index_fast(stack, stack->len - 1);
        bool arr = x->type == KC_PDF_ARRAY;
        if (scripts && !arr && !c->scripts) {
            kc_pdf_obj *js = kc_pdf_dict_get(x, "JS");
            c->scripts = js && !kc_pdf_builtin_format(js);
        }
        size_t n = arr ? x->u.arr.n : x->u.dict.n;
        for (size_t k = 0; k < n; k++) {
            kc_pdf_obj *v = arr ? x->u.arr.items[k] : x->u.dict.vals[k];
            if (v->type == KC_PDF_REF) {
                if (arr || !list_key(x->u.dict.keys[k]))
                    g_hash_table_add(c->other_use, GUINT_TO_POINTER(v->u.ref.num));
                g_hash_table_add(c->refs, GUINT_TO_POINTER(v->u.ref.num));
                c->other_gen = c->other_gen || kc_cover_ref_gen_differs(c, rev, v);
            } else if (is_container(v)) {
                g_ptr_array_add(stack, v);
            }
        }
    }
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
bool kc_cover_signed_refs(kc_cover *c, size_t rev)
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
        walk_object(c, rev, o, true, stack);
    }
    walk_object(c, rev, kc_pdf_trailer(doc, rev), false, stack); /* /Root, /Info */
    g_ptr_array_free(stack, TRUE);
    g_array_free(order, TRUE);
    g_hash_table_destroy(seen);
    return ok;
}
