/* pdf_doc.h (internal): the document's layout, shared by the cross-reference
 * reader (pdf_xref.c) and the object resolver (pdf_resolve.c). */
#ifndef KC_PDF_DOC_H
#define KC_PDF_DOC_H

#include <glib.h>

#include "pdf.h"

#define KC_PDF_MAX_LOAD_DEPTH 4

typedef struct kc_objstm {
    unsigned char *data;
    size_t len;
    size_t first;
    size_t n;
    uint64_t *pairs; /* num, offset, num, offset ... */
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
    size_t objstm_bytes;
    int load_depth;
};

void kc_pdf_objstm_free(gpointer p);

/* Reads [off, off+n) into a malloc'd buffer; *got is the count read. */
unsigned char *kc_pdf_read_window(const kc_pdf_src *src, uint64_t off, size_t n, size_t *got);

/* Parses the indirect object at offset ("num gen obj ..."); rev resolves an
 * indirect stream /Length (SIZE_MAX: a direct /Length is required). */
int kc_pdf_load_at(kc_pdf_doc *doc, uint64_t offset, uint32_t expect_num, size_t rev,
                   kc_pdf_obj **out, kc_error *err);

/* The nearest "xref" or "N G obj" around off (writers that miscount line ends). */
uint64_t kc_pdf_nearby_section(const kc_pdf_src *src, uint64_t off);

int kc_pdf_cmp_entry(const void *a, const void *b);

#endif
