/* pdf_actual.h (internal): the scan of the pages whose text index reads
 * (pdf_actual.c), shared with what it asks of their annotations
 * (pdf_actual_annots.c). */
#ifndef KC_PDF_ACTUAL_H
#define KC_PDF_ACTUAL_H

#include <glib.h>

#include "pdf.h"
#include "pdf_doc.h"

/* Resources a name is looked up in: the page's, a form's inside it, an
 * annotation's appearance, each form inside that (MAX_FORM_DEPTH deep). */
#define KC_ACTUAL_MAX_RES 16

typedef struct kc_actual_scan {
    kc_pdf_doc *doc;
    size_t rev;
    GHashTable *seen; /* streams and property dictionaries already scanned */
    int forms;
    kc_pdf_textmodes modes; /* the page being scanned: text drawn or shown to nobody */
    kc_pdf_textless *pages; /* or NULL: which pages show text */
    char *why; /* set once: what was found */
    /* The resources names are looked up in, the innermost last: a form's
     * own, then the page's (or an outer form's), as poppler's GfxResources
     * chain them (atkshown2: a form whose /Resources lack the font its TJ
     * pile names draws with the page's font of that name in poppler). */
    kc_pdf_obj *res[KC_ACTUAL_MAX_RES];
    size_t n_res;
    unsigned res_gen; /* changes with res: what named was filled from */
    GHashTable *codes; /* font → its kc_pdf_fontcodes, made once a document (font_codes) */
    GHashTable *named; /* a font's name, looked up in res as of named_gen → what font_codes gave for it */
    unsigned named_gen;
    bool need_appearances; /* the catalog's /AcroForm says /NeedAppearances true */
} kc_actual_scan;

/* The named entry of a resource category ("Font", "XObject", "ExtGState")
 * looked up as poppler does: in the innermost resources first, then each
 * outer one; NULL when none names it.  *dup (may be NULL) is set when a
 * dictionary on the way names a key twice (readers disagree on which wins). */
kc_pdf_obj *kc_actual_lookup(kc_actual_scan *s, const char *cat, const char *name, bool *dup);
/* Pushes a form's or an appearance's own resources (NULL, or no
 * dictionary: none, its names are the outer ones'); false when too deep. */
bool kc_actual_push_res(kc_actual_scan *s, kc_pdf_obj *res);
void kc_actual_pop_res(kc_actual_scan *s);
/* The k-th number of an array, false when it is none. */
bool kc_actual_num_at(kc_actual_scan *s, kc_pdf_obj *arr, size_t k, double *out);
/* A form's (or an appearance's) /BBox by its /Matrix, the bounding box of
 * the corners, in *box, and that matrix in m (the identity when it has
 * none); false when /BBox is not four numbers or /Matrix not six, where
 * viewers differ. */
bool kc_actual_form_box(kc_actual_scan *s, kc_pdf_obj *form, kc_pdf_box *box, double m[6]);
/* The box a named XObject paints (pdf_textmode.c's xobject_box callback). */
bool kc_actual_xobject_box(void *ud, const char *name, kc_pdf_box *out);

/* pdf_actual_annots.c: the annotations of a page drawn over some area, kept
 * as covers of the page's text (true: over the whole page, or not known). */
bool kc_actual_covering_annots(kc_actual_scan *s, kc_pdf_obj *node);
/* What the appearances of a page's annotations paint over its text, read as
 * what the page paints after its text is (a "0" drawn over a "1" a white box
 * hides): added to s->modes.geom's drawn and pieces. */
void kc_actual_annots_drawn(kc_actual_scan *s, kc_pdf_obj *node);

#endif
