/* fuzz_pdf.c: the PDF structure reader as the verifier drives it: the tail
 * and cross-reference chain (kc_pdf_open), the signature fields and rule 1
 * (kc_pdf_find_sigs), and coverage (kc_pdf_check_coverage) for every
 * signature whose byte range is sound; then a few objects of each revision,
 * so object streams and references are reached even without signatures;
 * and the first and last page's text sources (kc_pdf_actualtext_figures:
 * /ActualText, the fonts' maps, a Type 0 font's TrueType program). */
#include <glib.h>
#include <stdbool.h>
#include <stdlib.h>

#include "fuzz.h"
#include "pdf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = fuzz_memfd(data, size);
    kc_pdf_doc *doc = NULL;
    kc_pdf_sig *sigs = NULL;
    size_t n = 0;
    kc_error err = {0};

    if (fd < 0)
        return 0;
    if (kc_pdf_open(&doc, fd, size, &err) != 0)
        goto out;
    kc_pdf_note *notes = NULL;
    size_t n_notes = 0;
    /* With the notes (pdf_notes.c): the page tree, actions, appearance streams. */
    if (kc_pdf_find_sigs_noted(doc, &sigs, &n, &notes, &n_notes, &err) == 0) {
        kc_pdf_notes_free(notes, n_notes);
        /* Every signature taken as verified, so that the rules for what a
         * later signature may show are reached too. */
        kc_pdf_verified *ok = calloc(n ? n : 1, sizeof *ok);
        for (size_t i = 0; ok && i < n; i++)
            ok[i] = (kc_pdf_verified){sigs[i].obj_num, sigs[i].field_num, sigs[i].signed_end, true};
        for (size_t i = 0; ok && i < n; i++) {
            bool covers = false;
            const char *why = NULL;
            if (sigs[i].byterange_ok)
                kc_pdf_check_coverage(doc, &sigs[i], ok, n, &covers, &why, &err);
        }
        free(ok);
    }
    /* Objects as of each revision (bounded: the reader caches what it parses). */
    for (size_t rev = 0; rev < kc_pdf_section_count(doc) && rev < 8; rev++) {
        const kc_xref_section *s = kc_pdf_section(doc, rev);
        for (size_t i = 0; i < s->n_entries && i < 64; i++) {
            kc_pdf_obj *o = kc_pdf_get(doc, rev, s->entries[i].num, NULL);
            kc_pdf_resolve(doc, rev, kc_pdf_dict_get(o, "Parent"));
        }
    }
    g_free(kc_pdf_actualtext_figures(-1, data, size, NULL));
out:
    kc_pdf_sigs_free(sigs, n);
    kc_pdf_close(doc);
    close(fd);
    return 0;
}
