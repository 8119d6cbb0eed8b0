/* pdf_notes_keys.c: a signed dictionary that names a key twice, which poppler
 * reads otherwise than the other viewers (the note "duplicate-key").
 *
 * poppler keeps a dictionary's entries as read and, once it holds 32 or more,
 * sorts them (not stably) and finds a key by binary search: of a key named
 * twice it takes the value its sort leaves first, where MuPDF, pdf.js and this
 * reader take the last.  A catalog naming /Pages twice, a page naming
 * /Contents twice, a font resource named twice, prepared before signing, show
 * poppler another page than the others from the same signed bytes.  Smaller
 * dictionaries poppler searches from the end, as everyone else does. */
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
