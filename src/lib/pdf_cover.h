/* pdf_cover.h (internal): the state of one coverage check (rule 4), shared
 * by the files that make it up:
 *
 *   pdf_diff.c     the walk over every object a later revision redefines,
 *                  and what signers may rewrite (catalog, pages, metadata, DSS);
 *   pdf_refs.c     what the signed document and each later revision refer to;
 *   pdf_visible.c  what can be seen: signature fields and widgets, and the
 *                  verified signatures that alone may bring them;
 *   pdf_form.c     the interactive form (/Fields, /DA, /DR, /NeedAppearances);
 *   pdf_tail.c     the bytes after the signed revision, read as a viewer that
 *                  rebuilds a broken cross-reference table would read them;
 *   pdf_rebuild.c  the whole file, read that way;
 *   pdf_repair.c   the whole file as MuPDF's repair reads it, object streams
 *                  included;
 *   pdf_repair_walk.c  which headers that repair reaches at all;
 *   pdf_equal.c    whether an object a later revision rewrote is the same. */
#ifndef KC_PDF_COVER_H
#define KC_PDF_COVER_H

#include <glib.h>

#include "pdf.h"

#define KC_COVER_MAX_HOPS 16 /* /Parent chains, /Kids depth */

/* Deep comparison of two objects (streams: dictionaries and raw bytes);
 * references compare by number, not by content (pdf_equal.c). */
bool kc_pdf_obj_equal(const kc_pdf_doc *doc, const kc_pdf_obj *a, const kc_pdf_obj *b);

typedef struct kc_cover {
    kc_pdf_doc *doc;
    size_t before, after;     /* the revisions compared: after = before + 1 */
    uint32_t root, info_before, acroform, dss, metadata;
    bool field_signed;        /* the signature field being compared already had a value */
    size_t signed_rev;        /* the revision the signature covers */
    uint64_t signed_end;      /* where its signed bytes end */
    /* Object numbers something refers to: the signed revision's objects and
     * trailer, the object streams its type-2 entries name, and the same of
     * every later revision already judged.  A number in here that an update
     * defines for the first time brings content in without changing any
     * object that refers to it. */
    GHashTable *refs;
    GHashTable *ref_counts;   /* number -> references to it in signed_rev (see pdf_refs.c) */
    /* Numbers referred to otherwise than as an /Annots or /Fields value, by
     * the same objects as refs: arrays among them may not grow. */
    GHashTable *other_use;
    /* Numbers the signed revision lists that our parser cannot read (a
     * dictionary key that is not a name, say): poppler may read them, and
     * what they refer to is then unknown to refs. */
    GArray *unreadable;
    /* Numbers type-2 entries of the signed revision and of each later one
     * name as their object stream: rewriting one rewrites every object in it. */
    GHashTable *objstms;
    /* The signed revision's /Info, /Metadata and /DSS: only those (or objects
     * made after signing) may be rewritten as what they are. */
    uint32_t signed_info, signed_metadata, signed_dss;
    /* Verified signature number -> its kc_cover_license: what a later
     * signature that verified may show. */
    GHashTable *licenses;
    GHashTable *claimed;      /* verified signature number -> the field that shows it */
    const char *why;          /* the first rule broken (a msgid) */
    /* Something refers to an object with another generation than its own
     * (see kc_cover_ref_gen_differs in pdf_rebuild.c). */
    bool other_gen;
    /* The signed revision holds a script (a /JS): see walk_object in pdf_refs.c. */
    bool scripts;
    /* The field locks of the signature checked (pdf_lock.c), NULL when none;
     * its field's /Lock asks for no changes at all (/P 1). */
    GPtrArray *locks;
    bool lock_no_changes;
} kc_cover;

typedef struct kc_cover_license {
    uint32_t field;           /* the one field whose /V the signature is */
    size_t rev;               /* the revision its signed bytes end with */
    bool may_draw;            /* kc_pdf_verified.may_draw */
} kc_cover_license;

/* Records why coverage fails (the first reason wins); returns false. */
bool kc_cover_fail(kc_cover *c, const char *why);
uint32_t kc_cover_ref_num(const kc_pdf_obj *o);

/* Compares two dictionaries key by key; each key whose values differ goes to
 * check.  A dictionary naming a key twice may not change at all. */
typedef bool (*kc_cover_key_check)(kc_cover *c, const char *key, kc_pdf_obj *old_val, kc_pdf_obj *new_val);
bool kc_cover_dict_diff(kc_cover *c, kc_pdf_obj *o, kc_pdf_obj *n, kc_cover_key_check check);

/* ---- pdf_refs.c ---- */

/* Whether a cross-reference stream of a section up to rev sits at where. */
bool kc_cover_is_section_at(kc_pdf_doc *doc, size_t rev, uint64_t where);
/* Adds the numbers o refers to (not into other objects) to counts, or when
 * counts is NULL to set; with other, also those referred to otherwise than
 * as an /Annots or /Fields value.  stack is scratch space. */
void kc_cover_collect_refs(kc_pdf_obj *o, GHashTable *set, GHashTable *counts, GHashTable *other, GPtrArray *stack);
/* How many references to num the objects of the signed revision hold. */
size_t kc_cover_refs_to(kc_cover *c, uint32_t num);
/* What section s refers to joins c->refs (and c->other_use, c->objstms). */
void kc_cover_add_section_refs(kc_cover *c, size_t s, GPtrArray *stack);
/* Every number the signed revision rev refers to joins c->refs; false when
 * it lists an object past its signed bytes or one that runs past them. */
bool kc_cover_signed_refs(kc_cover *c, size_t rev);

/* ---- pdf_visible.c ---- */

/* A signature field (/FT /Sig, itself or inherited), or one of its widgets;
 * nothing whose /Subtype is another annotation type. */
bool kc_cover_is_sig(kc_cover *c, size_t rev, kc_pdf_obj *o);
/* An array (/Fields, /Annots, or an indirect array) may only gain signature
 * fields or widgets, and what they show must come with a new signature. */
bool kc_cover_list_grows(kc_cover *c, kc_pdf_obj *old_val, kc_pdf_obj *new_val);
/* An existing signature field or widget (object num) redefined by c->after. */
bool kc_cover_sig_changed(kc_cover *c, uint32_t num, kc_pdf_obj *o, kc_pdf_obj *n);

/* ---- pdf_lock.c ---- */

/* Reads the field locks of sig (its /Reference's FieldMDP transforms, its
 * field's /Lock) as of c->signed_rev into c->locks and c->lock_no_changes. */
void kc_cover_read_locks(kc_cover *c, const kc_pdf_sig *sig);
void kc_cover_locks_free(kc_cover *c);
/* Whether those locks name the field (its fully qualified name as of
 * c->before; is_new: of c->after, a field c->after adds, which /All and
 * /Exclude lock as they lock the fields there were). */
bool kc_cover_locked(kc_cover *c, kc_pdf_obj *field, bool is_new);

/* ---- pdf_form.c ---- */

/* The interactive form dictionary before (NULL: there was none) and after. */
bool kc_cover_acroform(kc_cover *c, kc_pdf_obj *o, kc_pdf_obj *n);
/* pdf_title.c: whether revision c->after keeps the title (/Info, XMP) c->before shows. */
bool kc_cover_title_kept(kc_cover *c);

/* ---- pdf_tail.c ---- */

/* True when the bytes from off to the end of the file are only white space. */
bool kc_cover_only_ws_after(const kc_pdf_src *src, uint64_t off);
/* Whether "startxref" starts in the file's last 1024 bytes, where MuPDF
 * looks for it (past them it repairs the file). */
bool kc_cover_startxref_in_reach(const kc_pdf_src *src);
/* Why startxref is out of that reach, in words naming what pushed it out:
 * white space, a comment, or both (a message to translate). */
const char *kc_cover_far_why(const kc_pdf_src *src);
/* Why some section of the file, signed or not, has rows one viewer reads and
 * the others do not (a stream naming /XRefStm, MuPDF's; a hybrid stream's own
 * /Prev, pdf.js's), or NULL. */
const char *kc_cover_sections_apart(kc_pdf_doc *doc);
/* Whether some trailer's /Size is one MuPDF or poppler refuses (they then
 * rebuild the table by scanning). */
bool kc_cover_sizes_refused(kc_pdf_doc *doc);
/* Whether an entry a viewer reads names an object stream that is not an
 * object at an offset (MuPDF then repairs the file when it opens it). */
bool kc_cover_objstm_missing(kc_pdf_doc *doc);
/* Whether the newest trailer names /Root or /Info under another generation
 * than its entry gives (poppler then fetches nothing and rebuilds). */
bool kc_cover_trailer_gen_off(kc_pdf_doc *doc);
/* The startxref the revision ending at `end` names ("startxref N %%EOF"
 * just before it, after optional line ends). */
bool kc_cover_startxref_before(const kc_pdf_src *src, uint64_t end, uint64_t *out);
/* Sections first..last sit exactly at their offsets, every object they list
 * is exactly where they say, and every byte from signed_end to the end of the
 * file belongs to one of them (objects, cross-reference sections, startxref,
 * comments, white space); no "N G obj" in those bytes goes unlisted. */
bool kc_cover_tail(kc_cover *c, uint64_t signed_end, size_t first);

/* ---- pdf_rebuild.c ---- */

/* What the scan of the whole file found for one object number (the values of
 * kc_pdf_doc.rebuilt): where the header's number starts, as poppler keeps it
 * (the last one, unless its generation is lower than the one before) and as
 * MuPDF's repair keeps it (the last one). */
typedef struct kc_rebuilt {
    uint64_t off;       /* where the header's number starts (poppler's: the highest generation) */
    uint32_t gen;
    uint64_t last;      /* the last header found, whatever its generation (MuPDF's repair) */
    uint32_t first_gen; /* the generation of the first header found (pdf.js's) */
    uint32_t count;     /* headers found for the number */
    bool unplain;       /* one of them is not one pdf.js's scan finds (see plain_header) */
} kc_rebuilt;

/* Where every "endstream" of the file starts (anywhere: in stream data and
 * strings too), in file order, as the scan that rebuilds the table found them
 * (pdf_rebuild.c; made when first asked, with the rest of the scan); NULL
 * when the file cannot be read.  MuPDF's repair ends a stream at the first
 * one after its data starts (pdf_repair_walk.c). */
const GArray *kc_cover_endstreams(kc_pdf_doc *doc);

/* Where our reader finds the header of the object entry e (type 1) lists. */
uint64_t kc_cover_header_offset(kc_pdf_doc *doc, const kc_xref_entry *e);
/* Whether the newest entry of some object number (type 1) lands on no
 * header of that number and generation: viewers that fetch it rebuild the
 * table by scanning the file. */
bool kc_cover_entry_off(kc_pdf_doc *doc);

/* A viewer that rebuilds the cross-reference table by scanning the file
 * reads the same objects and catalog as the table (for every number c->refs
 * holds: call it once c->refs is complete). */
bool kc_cover_rebuild_agrees(kc_cover *c);
/* The file starts with a linearization dictionary whose /L is its length:
 * viewers then read it from the table after that object, not from startxref. */
bool kc_cover_read_as_linearized(kc_pdf_doc *doc);
/* Whether the reference ref names, as of rev, another generation than its
 * object's (pdf_rebuild.c; pdf_refs.c asks it of every reference an object
 * of the signed revision, or of a later one, holds). */
bool kc_cover_ref_gen_differs(kc_cover *c, size_t rev, const kc_pdf_obj *ref);

/* ---- pdf_repair.c ---- */

/* A viewer that repairs the file as MuPDF does (every "N G obj" it finds,
 * then every object in every object stream among them) reads, for every
 * number c->refs holds or the table lists, an object some revision from the
 * signed one on has (call it after kc_cover_rebuild_agrees, which made the
 * scan). */
bool kc_cover_repair_agrees(kc_cover *c);

/* ---- pdf_repair_walk.c ---- */

/* Every object the newest table lists stands where MuPDF's repair reaches
 * it: not inside another object's stream data or strings, a comment or a
 * dictionary between objects (call it after kc_cover_rebuild_agrees, which
 * made the scan). */
bool kc_cover_repair_finds(kc_cover *c);

#endif
