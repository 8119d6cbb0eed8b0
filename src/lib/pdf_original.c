/* pdf_original.c: where the document a signature was appended to ends.
 *
 * Signing appends a revision to the file it signs: a signed PDF's first bytes
 * are the document as it was before (the scan, the file Word exported), and
 * every file made by signing that one document again starts with the very
 * same bytes, whatever the signatures after them.  Two register rows whose
 * files share them hold one document signed twice (a paper scan signed a
 * second time and filed for an unsigned row): the figures count it once
 * (verify_pdf.c hashes those bytes in its one pass; index and review compare
 * the digests as they compare signature values). */
#include <string.h>

#include "pdf.h"
#include "pdf_cover.h"

/* How far back from the signature's /Contents the end of the revision before
 * it is looked for: a signing revision holds the signature's dictionary, its
 * field, widget and appearance (a seal's picture at most); a revision before
 * it further off than this is not looked for (the signature then has no
 * original, as one made in the file's first revision). */
#define ORIGINAL_SCAN_MAX (16u << 20)

uint64_t kc_pdf_unsigned_len(kc_pdf_doc *doc, const kc_pdf_sig *sig)
{
    const kc_pdf_src *src = kc_pdf_source(doc);
    const kc_xref_section *sec = NULL;
    uint64_t sx = 0;
    int64_t prev = -1;
    if (!sig->byterange_ok || sig->byterange[1] <= 0 || !kc_cover_startxref_before(src, sig->signed_end, &sx))
        return 0;
    /* The section the signature's revision ends with (section 0, the file's
     * first, has nothing before it), and the one before, which it names. */
    for (size_t k = 1; k < kc_pdf_section_count(doc) && !sec; k++)
        if (kc_pdf_section(doc, k)->offset == sx)
            sec = kc_pdf_section(doc, k);
    if (!sec || !sec->trailer || !kc_pdf_get_int(kc_pdf_dict_get(sec->trailer, "Prev"), &prev) || prev < 0)
        return 0;
    /* The earlier revision ends with its own "startxref <Prev> %%EOF": the
     * last such end before the signature's /Contents, after the section it
     * names (a linearized document's startxref names its first page's table,
     * near its start; its end is still the last "%%EOF" naming it). */
    const uint64_t contents = (uint64_t)sig->byterange[1];
    const uint64_t floor = (uint64_t)prev;
    unsigned char buf[65536 + 8];
    uint64_t hi = contents, scanned = 0;
    while (hi > floor && scanned < ORIGINAL_SCAN_MAX) {
        uint64_t lo = hi - floor > 65536 ? hi - 65536 : floor;
        /* 4 bytes past hi, so that a "%%EOF" across two windows is seen */
        size_t want = (size_t)(hi - lo) + (hi + 4 <= contents ? 4 : (size_t)(contents - hi));
        if (kc_pdf_pread(src, buf, want, lo) != (ssize_t)want)
            return 0;
        for (size_t i = want >= 5 ? want - 5 + 1 : 0; i-- > 0;) {
            if (memcmp(buf + i, "%%EOF", 5) != 0)
                continue;
            uint64_t end = lo + i + 5, v = 0;
            unsigned char c;
            /* its line end belongs to it: the update starts after */
            while (end < contents && kc_pdf_pread(src, &c, 1, end) == 1 && (c == '\r' || c == '\n'))
                end++;
            if (kc_cover_startxref_before(src, end, &v) && v == (uint64_t)prev)
                return end;
        }
        scanned += hi - lo;
        hi = lo;
    }
    return 0;
}
