/* pdf_xrefstm.c: a cross-reference stream (PDF 1.5): its /W widths, its
 * /Index ranges and its decoded rows, read into a section.  The classic
 * table, the hybrid's /XRefStm and the /Prev chain are in pdf_xref.c. */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pdf_doc.h"

static uint64_t read_field(const unsigned char *p, int64_t w)
{
    uint64_t v = 0;
    for (int64_t i = 0; i < w; i++)
        v = v << 8 | p[i];
    return v;
}

/* An xref stream (PDF 1.5): /W widths, /Index ranges, decoded rows. */
int kc_pdf_parse_xref_stream(kc_pdf_doc *doc, uint64_t offset, kc_pdf_obj *stream,
                              kc_xref_section *sec, kc_error *err)
{
    unsigned char *data = NULL;
    size_t len = 0, n = 0;
    kc_xref_entry *entries = NULL;
    int64_t w[3] = {0, 0, 0}, size = 0;
    int rc;

    if (!kc_pdf_is_name(kc_pdf_dict_get(stream, "Type"), "XRef"))
        return kc_error_set(err, KC_EFORMAT, _("startxref points at an object that is not a cross-reference stream"));
    kc_pdf_obj *W = kc_pdf_dict_get(stream, "W");
    if (!W || W->type != KC_PDF_ARRAY || W->u.arr.n != 3 ||
        !kc_pdf_get_int(W->u.arr.items[0], &w[0]) || !kc_pdf_get_int(W->u.arr.items[1], &w[1]) ||
        !kc_pdf_get_int(W->u.arr.items[2], &w[2]) || w[0] < 0 || w[1] < 0 || w[2] < 0 ||
        w[0] > 4 || w[1] > 8 || w[2] > 4)
        return kc_error_set(err, KC_EFORMAT, _("bad /W in the cross-reference stream at %llu"),
                            (unsigned long long)offset);
    if (!kc_pdf_get_int(kc_pdf_dict_get(stream, "Size"), &size) || size < 0 || size > KC_PDF_MAX_OBJECTS)
        return kc_error_set(err, KC_EFORMAT, _("bad /Size in the cross-reference stream at %llu"),
                            (unsigned long long)offset);
    rc = kc_pdf_stream_decode(&doc->src, stream, KC_PDF_MAX_INFLATE, &data, &len, err);
    if (rc != 0)
        return rc;
    size_t row = (size_t)(w[0] + w[1] + w[2]);
    kc_pdf_obj *index = kc_pdf_dict_get(stream, "Index");
    /* pdf.js resolves an indirect /Index, and drops the section on anything
     * but an array of pairs (an odd count, a number): this reader and
     * poppler read the pairs there are, or [0 /Size]. */
    if (index && (index->type != KC_PDF_ARRAY || index->u.arr.n % 2 != 0))
        sec->pdfjs_misread = true;
    size_t nranges = index && index->type == KC_PDF_ARRAY ? index->u.arr.n / 2 : 1;
    size_t pos = 0;
    if (row == 0) {
        rc = kc_error_set(err, KC_EFORMAT, _("bad /W in the cross-reference stream at %llu"),
                          (unsigned long long)offset);
        goto out;
    }
    entries = malloc((len / row + 1) * sizeof *entries);
    if (!entries) {
        rc = KC_ENOMEM;
        goto out;
    }
    for (size_t r = 0; r < nranges; r++) {
        int64_t start = 0, count = size;
        if (index && index->type == KC_PDF_ARRAY &&
            (!kc_pdf_get_int(index->u.arr.items[2 * r], &start) ||
             !kc_pdf_get_int(index->u.arr.items[2 * r + 1], &count) || start < 0 || count < 0 ||
             start + count > KC_PDF_MAX_OBJECTS)) {
            rc = kc_error_set(err, KC_EFORMAT, _("bad /Index in the cross-reference stream at %llu"),
                              (unsigned long long)offset);
            goto out;
        }
        for (int64_t i = 0; i < count; i++, pos += row) {
            if (pos + row > len) {
                rc = kc_error_set(err, KC_EFORMAT, _("cross-reference stream at %llu is shorter than its /Index"),
                                  (unsigned long long)offset);
                goto out;
            }
            const unsigned char *p = data + pos;
            kc_xref_entry *e = &entries[n++];
            e->num = (uint32_t)(start + i);
            /* The whole field: a type 257 (/W [2 ...]) is no type 1, which
             * its low byte alone would make it (poppler refuses the row). */
            uint64_t type = w[0] == 0 ? 1 : read_field(p, w[0]);
            e->type = type > 2 ? 3 : (uint8_t)type;
            e->where = read_field(p + w[0], w[1]);
            e->gen = (uint32_t)read_field(p + w[0] + w[1], w[2]);
            /* Unknown types are null objects (§7.5.8.3); poppler instead
             * refuses the whole section, as it does a generation past an int
             * (but object 0's 0xFFFFFFFF) or an offset past an off_t, and
             * rebuilds the table by scanning, which finds no object inside
             * an object stream. */
            if (e->type > 2 || (e->gen > INT32_MAX && !(e->num == 0 && e->gen == UINT32_MAX)) ||
                e->where > INT64_MAX)
                sec->refused_entries = true;
            if (e->type > 2)
                e->type = 0;
            if (e->num == 0 && e->type != 0)
                sec->pdfjs_misread = true; /* pdf.js then drops every table it reads after it */
            /* pdf.js reads each field with 32-bit shifts: an object stream
             * numbered 2^32 + N, none to poppler, MuPDF and us, is stream N
             * to it (and one past 2^31 - 1 a negative number). */
            if (e->type == 2 && e->where > INT32_MAX)
                sec->pdfjs_misread = true;
            if (e->type == 1 && e->where == 0)
                e->type = 0;
        }
    }
    sec->trailer = stream;
    sec->is_stream = true;
    rc = kc_pdf_store_entries(doc, sec, entries, n);
out:
    free(data);
    free(entries);
    return rc;
}
