/* pdf_doc.h (internal): the document's layout, shared by the cross-reference
 * reader (pdf_xref.c) and the object resolver (pdf_resolve.c). */
#ifndef KC_PDF_DOC_H
#define KC_PDF_DOC_H

#include <glib.h>

#include "pdf.h"

#define KC_PDF_MAX_LOAD_DEPTH 4
/* A file no larger than this is read once, whole, when it is opened: its
 * objects and cross-reference sections are parsed from that one read, and
 * the signatures' digests computed from it (kc_pdf_data).  It is the hash's
 * own chunk size, so memory stays what hashing needs anyway. */
#define KC_PDF_WHOLE (1u << 20)

typedef struct kc_objstm {
    unsigned char *data;
    size_t len;
    size_t first;
    size_t n;
    uint64_t *pairs; /* num, offset, num, offset ... */
    kc_pdf_obj **objs; /* parsed objects by index, NULL until asked for */
    bool twice;        /* its header lists a number twice (pdf.js reads the last) */
    bool misread;      /* poppler reads its objects from other offsets (see load_objstm) */
} kc_objstm;

struct kc_pdf_doc {
    kc_pdf_src src;
    kc_arena *arena;
    kc_xref_section **sections; /* chronological */
    size_t n_sections;
    uint64_t tail_end;
    GHashTable *by_offset;    /* uint64 offset -> kc_xref_section*, every section parsed */
    GHashTable *obj_cache;    /* kc_xref_entry* -> kc_pdf_obj* */
    GHashTable *objstm_cache; /* kc_xref_entry* -> kc_objstm* */
    struct kc_entry_at *history; /* every definition, by object number, oldest section first */
    size_t n_history;
    size_t *history_first;       /* numbers 0..history_max + 1 -> their first definition in history, */
    uint32_t history_max;        /* when the numbers are dense (else NULL: a binary search) */
    size_t objstm_bytes;
    bool objstm_misread; /* see kc_pdf_objstm_misread */
    bool objstm_dup;     /* see kc_pdf_objstm_dup */
    bool objstm_slot;    /* see kc_pdf_objstm_slot */
    bool objstm_gen;     /* see kc_pdf_objstm_gen */
    bool read_nearby;    /* see kc_pdf_read_nearby */
    bool chain_misread; /* see kc_pdf_chain_misread */
    /* What a reader that rebuilds the cross-reference table by scanning
     * takes (pdf_rebuild.c): number -> its header, and the catalog of the
     * trailers; made once, when a coverage check first asks. */
    GHashTable *rebuilt;
    uint32_t rebuilt_root;
    GArray *rebuilt_id_roots; /* uint32: the catalog of every trailer with an /ID, in file order */
    GArray *rebuilt_xrefs;    /* uint64: where "/XRef" (not "/XRefStm") stands, in file order */
    GArray *rebuilt_endstreams; /* uint64: where every "endstream" starts, in file order */
    /* kc_cover_repair_finds's answer (pdf_repair_walk.c), a function of the
     * file alone: 0 not asked yet, 1 found, -1 not (why: repair_finds_why). */
    int repair_finds;
    const char *repair_finds_why;
    int load_depth;
    /* The bytes objects and cross-reference sections were last parsed from,
     * [win_off, win_off + win_len): a revision's objects lie side by side,
     * so most reads are served from here without a system call. */
    unsigned char *win;
    uint64_t win_off;
    size_t win_len, win_cap;
};

void kc_pdf_objstm_free(gpointer p);

/* Bytes [off, off+n) of the file (fewer at its end: *got), through the
 * document's read window (n at most KC_PDF_MAX_WINDOW): valid until the next
 * call, so parse them before loading another object.  NULL when the file
 * cannot be read. */
const unsigned char *kc_pdf_window(kc_pdf_doc *doc, uint64_t off, size_t n, size_t *got);

/* Parses the indirect object at offset ("num gen obj ..."); rev resolves an
 * indirect stream /Length (SIZE_MAX: a direct /Length is required). */
int kc_pdf_load_at(kc_pdf_doc *doc, uint64_t offset, uint32_t expect_num, size_t rev,
                   kc_pdf_obj **out, kc_error *err);
/* The object at offset even when it is a stream whose /Length cannot be read
 * (then KC_PDF_STREAM with stream_off set and stream_len 0: its data is not
 * known); NULL when nothing parses there.  What it refers to counts although
 * its data cannot be found. */
kc_pdf_obj *kc_pdf_load_dict_at(kc_pdf_doc *doc, uint64_t offset, uint32_t num);

/* The nearest "xref" or "N G obj" around off (writers that miscount line ends). */
uint64_t kc_pdf_nearby_section(const kc_pdf_src *src, uint64_t off);

int kc_pdf_cmp_entry(const void *a, const void *b);

/* Sorts the entries read in file order (the first of duplicates wins, as a
 * reader sees it) and keeps them with the section (pdf_xref.c). */
int kc_pdf_store_entries(kc_pdf_doc *doc, kc_xref_section *sec, kc_xref_entry *entries, size_t n);
/* Reads the cross-reference stream at offset into sec (pdf_xrefstm.c). */
int kc_pdf_parse_xref_stream(kc_pdf_doc *doc, uint64_t offset, kc_pdf_obj *stream,
                             kc_xref_section *sec, kc_error *err);

/* One definition of an object number: the section that holds it and its entry. */
typedef struct kc_entry_at {
    size_t section;
    const kc_xref_entry *entry;
    uint32_t num; /* entry->num, kept here so that a search reads one array */
} kc_entry_at;

/* Indexes every object number's definitions across the sections, so that
 * "num as of revision rev" is a binary search, not a walk over every
 * section: a file with hundreds of signed revisions stays fast.  Returns 0
 * or KC_ENOMEM. */
int kc_pdf_index_history(kc_pdf_doc *doc);

#endif
