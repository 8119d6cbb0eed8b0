/* pdf_fontink.h: an embedded TrueType program's own advances, ink widths and
 * cmap (pdf_fontink.c), for pdf_fontwidth.c. */
#ifndef KC_PDF_FONTINK_H
#define KC_PDF_FONTINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pdf.h"

typedef struct kc_pdf_fontink {
    unsigned char *prog; /* the decoded program (NULL: none read) */
    size_t n;
    const unsigned char *hmtx, *loca, *glyf, *cmap;
    size_t hmtx_n, loca_n, glyf_n, cmap_n;
    uint32_t upem, nlong;
    bool long_loca;
} kc_pdf_fontink;

/* Reads the /FontFile2 of the font descriptor desc (else a /FontFile3 of
 * /Subtype /OpenType); false when there is none
 * or it has no head, hhea and hmtx tables (fi then holds nothing). */
bool kc_pdf_fontink_open(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *desc, kc_pdf_fontink *fi);
void kc_pdf_fontink_close(kc_pdf_fontink *fi);
/* Glyph gid's advance by hmtx, in thousandths of an em. */
bool kc_pdf_fontink_advance(const kc_pdf_fontink *fi, uint32_t gid, double *out);
/* How wide the ink glyph gid's outline draws is (its points' x extent), in
 * thousandths of an em; false for an empty or unreadable glyph. */
bool kc_pdf_fontink_width(const kc_pdf_fontink *fi, uint32_t gid, double *out);
/* Where glyph gid's ink reaches from its origin, left and right, in
 * thousandths of an em: its outline placed at its hmtx left side bearing
 * (FreeType) or at its points, whichever reaches farther. */
bool kc_pdf_fontink_reach(const kc_pdf_fontink *fi, uint32_t gid, double *left, double *right);
/* Whether glyph gid draws no figure: no outline, or a simple outline lower
 * than 0.15 em or narrower than 0.02 em (a line, a hairline). */
bool kc_pdf_fontink_blank(const kc_pdf_fontink *fi, uint32_t gid);
/* The glyph the cmap gives character ch (unicode: a (3,1) or (0,x) format 4
 * subtable) or code ch (a (3,0) subtable at 0xF000 + ch or ch, a (1,0) one);
 * 0 when none. */
uint32_t kc_pdf_fontink_glyph(const kc_pdf_fontink *fi, bool unicode, uint32_t ch);

#endif
