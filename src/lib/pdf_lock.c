/* pdf_lock.c: field locks (FieldMDP, ISO 32000-2 12.8.2.4 and 12.7.5.5), the
 * fields a signature forbids to change once it is made (rule 4).
 *
 * Any later change of a field's value is refused whatever a lock says
 * (pdf_diff.c), except signing an empty signature field.  A signature whose
 * lock names that field (/Action /All, /Include naming it, /Exclude naming
 * neither it nor an ancestor) was broken by that later signature (ISO 32000-2 12.8.2.4;
 * pyHanko's diff rules refuse it): it no longer covers the document, however
 * honest the later signer.  So is a signature field made later and signed,
 * visible or not: /All locks "all fields in the document", and pyHanko takes
 * a signature put in a new field for a change of that field, so that reading
 * /All and /Exclude only for the fields there were let anyone sign after a
 * lock of every field (pdf_visible.c excepts an invisible document timestamp,
 * as pyHanko does).
 * The lock is read where readers find it: the signature dictionary's
 * /Reference (a /FieldMDP transform, what Acrobat records when it signs) and
 * the signed field's own /Lock; either one locking the field is enough.  A
 * /Lock's /P (PDF 2.0) is the DocMDP permission the signing sets: 1, "no
 * changes at all", is read as a certification's /P 1 is.  Names are matched
 * under both readings of a text string without a byte order mark (bare
 * UTF-8, PDFDocEncoding), so that no reader finds a field locked that this
 * one does not. */
#include <glib.h>
#include <string.h>

#include "i18n.h"
#include "pdf_cover.h"

#define MAX_REFS 16     /* /Reference entries read, as docmdp_p in pdf_sig.c */
#define MAX_NAMES 4096  /* /Fields entries read from one lock */

enum { LOCK_ALL, LOCK_INCLUDE, LOCK_EXCLUDE };

/* What some reader takes for a dictionary: MuPDF reads a stream object's
 * dictionary wherever it asks for one (pdf_visible.c), so a parent's name or
 * a /Lock written so still counts: reading more locks more. */
static bool dict_like(const kc_pdf_obj *o)
{
    return o && (o->type == KC_PDF_DICT || o->type == KC_PDF_STREAM);
}

/* A field name under each reading of its text strings: kiemchung's (bare
 * UTF-8 kept, as some Vietnamese signing tools write names) and viewers'
 * (PDFDocEncoding, kc_pdf_text_doc), which differ only for bare bytes that
 * are valid UTF-8 and not ASCII. */
enum { READ_UTF8, READ_DOC, READINGS };

typedef struct lock {
    int action;
    GPtrArray *names[READINGS]; /* UTF-8, each name under each reading */
} lock;

static void lock_free(gpointer p)
{
    lock *l = p;
    for (int r = 0; r < READINGS; r++)
        g_ptr_array_free(l->names[r], TRUE);
    g_free(l);
}

/* One lock from a /Lock or /TransformParams dictionary.  An /Action that is
 * none of the three locks every field (fail closed: no reader can say which
 * fields it spares). */
static void add_lock(kc_cover *c, kc_pdf_obj *d)
{
    size_t rev = c->signed_rev;
    if (!dict_like(d))
        return;
    lock *l = g_new0(lock, 1);
    for (int r = 0; r < READINGS; r++)
        l->names[r] = g_ptr_array_new_with_free_func(free);
    kc_pdf_obj *a = kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(d, "Action"));
    l->action = kc_pdf_is_name(a, "Include") ? LOCK_INCLUDE : kc_pdf_is_name(a, "Exclude") ? LOCK_EXCLUDE : LOCK_ALL;
    kc_pdf_obj *f = kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(d, "Fields"));
    /* Names past what is read could be the one an /Include locks.  An
     * /Include or /Exclude without a /Fields array (ISO 32000-2 Table 257
     * requires one) says no field: pyHanko refuses to read such a lock at
     * all, and here it locked nothing (rtform17, lock-nofields): every
     * field, as for an /Action no reader knows. */
    if (!f || f->type != KC_PDF_ARRAY || f->u.arr.n > MAX_NAMES)
        l->action = LOCK_ALL;
    for (size_t i = 0; f && f->type == KC_PDF_ARRAY && i < f->u.arr.n && i < MAX_NAMES; i++) {
        kc_pdf_obj *t = kc_pdf_resolve(c->doc, rev, f->u.arr.items[i]);
        char *s = kc_pdf_text(t), *doc = kc_pdf_text_doc(t);
        if (s && doc) {
            g_ptr_array_add(l->names[READ_UTF8], s);
            g_ptr_array_add(l->names[READ_DOC], doc);
        } else {
            /* An /Include entry that is no text string nor name (a
             * reference to the field's own dictionary, a number) could be
             * some reader's way of naming any field: every field
             * (rtform17, lock-fieldref: it locked none; pyHanko cannot
             * read it).  An /Exclude entry so written frees nothing. */
            if (l->action == LOCK_INCLUDE)
                l->action = LOCK_ALL;
            free(s);
            free(doc);
        }
    }
    if (!c->locks)
        c->locks = g_ptr_array_new_with_free_func(lock_free);
    g_ptr_array_add(c->locks, l);
}

/* A lock without /Action: every field (add_lock). */
static kc_pdf_obj lock_all_fields = {.type = KC_PDF_DICT};

void kc_cover_read_locks(kc_cover *c, const kc_pdf_sig *sig)
{
    size_t rev = c->signed_rev;
    kc_pdf_obj *field = sig->field_num ? kc_pdf_get(c->doc, rev, sig->field_num, NULL) : NULL;
    kc_pdf_obj *v = sig->obj_num ? kc_pdf_get(c->doc, rev, sig->obj_num, NULL)
                                 : kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(field, "V"));
    /* A /Reference that is one dictionary is read as that transform
     * (kc_pdf_sig_refs): a reader that takes it so finds the lock. */
    kc_pdf_obj *one = NULL;
    kc_pdf_obj *const *items = NULL;
    size_t n = kc_pdf_sig_refs(c->doc, rev, v, &items, &one);
    /* More transforms than are read: one past them could lock anything. */
    if (n > MAX_REFS)
        add_lock(c, &lock_all_fields);
    for (size_t i = 0; i < n && i < MAX_REFS; i++) {
        kc_pdf_obj *r = kc_pdf_resolve(c->doc, rev, items[i]);
        if (!kc_pdf_is_name(kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(r, "TransformMethod")), "FieldMDP"))
            continue;
        /* A FieldMDP transform without parameters to read locks something
         * no reader can name: every field (rtform17, lock-noparams: it
         * locked nothing; pyHanko refuses to read it). */
        kc_pdf_obj *params = kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(r, "TransformParams"));
        add_lock(c, dict_like(params) ? params : &lock_all_fields);
    }
    if (!dict_like(field))
        return;
    kc_pdf_obj *lk = kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(field, "Lock"));
    add_lock(c, lk);
    kc_pdf_obj *p = dict_like(lk) ? kc_pdf_dict_get(lk, "P") : NULL;
    int64_t pv = 0;
    if (p && !(kc_pdf_get_int(kc_pdf_resolve(c->doc, rev, p), &pv) && (pv == 2 || pv == 3)))
        c->lock_no_changes = true;
}

void kc_cover_locks_free(kc_cover *c)
{
    if (c->locks)
        g_ptr_array_free(c->locks, TRUE);
    c->locks = NULL;
}

/* The fully qualified name of field o as of revision rev: the partial
 * names (/T) up its /Parent chain, joined by dots, under `reading`. */
static char *full_name(kc_cover *c, size_t rev, kc_pdf_obj *o, int reading)
{
    GPtrArray *parts = g_ptr_array_new_with_free_func(free);
    for (int hop = 0; dict_like(o) && hop < KC_COVER_MAX_HOPS; hop++) {
        kc_pdf_obj *to = kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(o, "T"));
        char *t = reading == READ_DOC ? kc_pdf_text_doc(to) : kc_pdf_text(to);
        if (t)
            g_ptr_array_insert(parts, 0, t);
        o = kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(o, "Parent"));
    }
    g_ptr_array_add(parts, NULL);
    char *s = g_strjoinv(".", (char **)parts->pdata);
    g_ptr_array_free(parts, TRUE);
    return s;
}

/* Whether an /Include name `listed` takes in the field `name` (fully
 * qualified) whose own partial name is `own`, once both are NFC: any leading
 * part of its name, as pyHanko matches (FieldMDPSpec.is_locked: startswith,
 * no period needed), so that an ancestor's name covers its kids and "Van"
 * locks "VanThu" (rtform16: a lock naming "Van" or "Ky.Van" let the
 * organisation sign "VanThu" or "Ky.VanThu", and the chairman's signature
 * stayed valid where pyHanko calls it broken), "Signature1" locks
 * "Signature10", and the empty name "()" locks every field, as every name
 * starts with it (rtform17: it locked none here); or its partial name (ISO
 * 32000 means the full name; a reader may not).  Wider than a reader that
 * compares the strings as written: that only locks more. */
static bool takes_in(const char *listed, const char *name, const char *own)
{
    char *a = g_utf8_normalize(listed, -1, G_NORMALIZE_NFC), *b = g_utf8_normalize(name, -1, G_NORMALIZE_NFC);
    char *t = own ? g_utf8_normalize(own, -1, G_NORMALIZE_NFC) : NULL;
    bool r = a && b && (g_str_has_prefix(b, a) || (t && strcmp(a, t) == 0));
    g_free(t);
    g_free(a);
    g_free(b);
    return r;
}

/* Whether lock l names the field called `name` under each reading: for
 * /Include, when some reading of a listed name takes it in under some
 * reading (locking more); for /Exclude, when some listed name is its very
 * name under every reading, as written and as viewers read it (only the very
 * name frees a field from /Exclude, whoever reads it). */
static bool lock_names(const lock *l, char *const name[READINGS])
{
    if (l->action == LOCK_INCLUDE) {
        for (int r = 0; r < READINGS; r++)
            for (int q = 0; q < READINGS; q++) {
                const char *own = strrchr(name[q], '.') ? strrchr(name[q], '.') + 1 : name[q];
                for (guint j = 0; j < l->names[r]->len; j++)
                    if (takes_in(g_ptr_array_index(l->names[r], j), name[q], own))
                        return true;
            }
        return false;
    }
    for (guint j = 0; j < l->names[READ_UTF8]->len; j++) {
        bool every = true;
        for (int r = 0; r < READINGS && every; r++)
            every = strcmp(g_ptr_array_index(l->names[r], j), name[r]) == 0;
        if (every)
            return true;
    }
    return false;
}

/* Whether /Exclude lock l frees field: a listed name that is the field's
 * very name or an ancestor's (rtform18: excluding a field with kids excludes
 * its kids, as pyHanko reads "non-terminal field in/exclusions", so that
 * /Exclude [(Ky)] leaves Ky.VanThu free to sign; it locked it here).  Only
 * an ancestor with a partial name (/T) of its own counts, so that the empty
 * name frees nothing through a parent without one: pyHanko's startswith
 * frees every field for (), and "Signature10" for "Signature1", which an
 * /Exclude does not name here (stricter: it only locks more). */
static bool excluded(kc_cover *c, size_t rev, const lock *l, kc_pdf_obj *field)
{
    kc_pdf_obj *o = field;
    bool freed = false;
    for (int hop = 0; !freed && dict_like(o) && hop < KC_COVER_MAX_HOPS; hop++) {
        kc_pdf_obj *t = kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(o, "T"));
        if (hop == 0 || (t && t->type == KC_PDF_STRING && t->u.str.len > 0)) {
            char *name[READINGS];
            for (int r = 0; r < READINGS; r++)
                name[r] = full_name(c, rev, o, r);
            freed = lock_names(l, name);
            for (int r = 0; r < READINGS; r++)
                g_free(name[r]);
        }
        o = kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(o, "Parent"));
    }
    return freed;
}

bool kc_cover_locked(kc_cover *c, kc_pdf_obj *field, bool is_new)
{
    if (!c->locks)
        return false;
    size_t rev = is_new ? c->after : c->before;
    char *name[READINGS];
    for (int r = 0; r < READINGS; r++)
        name[r] = full_name(c, rev, field, r);
    bool locked = false;
    for (guint i = 0; !locked && i < c->locks->len; i++) {
        const lock *l = g_ptr_array_index(c->locks, i);
        locked = l->action == LOCK_ALL || (l->action == LOCK_INCLUDE ? lock_names(l, name) : !excluded(c, rev, l, field));
    }
    for (int r = 0; r < READINGS; r++)
        g_free(name[r]);
    return locked;
}
