/* pdf_filter.c: decoding the streams the structure reader needs (xref and
 * object streams): FlateDecode with PNG or TIFF predictors, bounded output. */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "i18n.h"
#include "pdf.h"
#include "pdf_doc.h"

static int inflate_stream(const kc_pdf_src *src, const kc_pdf_obj *stream, size_t limit,
                          unsigned char **out, size_t *out_len, kc_error *err)
{
    enum { CHUNK = 64 * 1024 };
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    unsigned char *in = malloc(CHUNK);
    size_t cap = 64 * 1024, n = 0;
    unsigned char *buf = malloc(cap);
    int rc = KC_ENOMEM, zrc = Z_OK;
    bool started = false;

    if (!in || !buf)
        goto out;
    if (inflateInit(&zs) != Z_OK)
        goto out;
    started = true;
    for (uint64_t done = 0; done < stream->stream_len && zrc != Z_STREAM_END;) {
        size_t want = stream->stream_len - done < CHUNK ? (size_t)(stream->stream_len - done) : CHUNK;
        ssize_t got = kc_pdf_pread(src, in, want, stream->stream_off + done);
        if (got <= 0) {
            rc = kc_error_set(err, KC_EFORMAT, _("stream data past the end of the file"));
            goto out;
        }
        done += (uint64_t)got;
        zs.next_in = in;
        zs.avail_in = (uInt)got;
        while (zs.avail_in > 0 && zrc != Z_STREAM_END) {
            if (n == cap) {
                if (cap >= limit) {
                    rc = kc_error_set(err, KC_ELIMIT, _("a stream decodes to more than %zu bytes"), limit);
                    goto out;
                }
                size_t ncap = cap * 2 > limit ? limit : cap * 2;
                unsigned char *grown = realloc(buf, ncap);
                if (!grown)
                    goto out;
                buf = grown;
                cap = ncap;
            }
            zs.next_out = buf + n;
            zs.avail_out = (uInt)(cap - n);
            zrc = inflate(&zs, Z_NO_FLUSH);
            n = cap - zs.avail_out;
            if (zrc != Z_OK && zrc != Z_STREAM_END && zrc != Z_BUF_ERROR) {
                rc = kc_error_set(err, KC_EFORMAT, _("corrupt compressed stream"));
                goto out;
            }
        }
    }
    *out = buf;
    *out_len = n;
    buf = NULL;
    rc = 0;
out:
    if (started)
        inflateEnd(&zs);
    free(in);
    free(buf);
    return rc;
}

static int paeth(int a, int b, int c)
{
    int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
    if (pa <= pb && pa <= pc)
        return a;
    return pb <= pc ? b : c;
}

/* Undoes a PNG (10-15) or TIFF (2) predictor in place; rows of `columns` samples. */
static int unpredict(unsigned char *data, size_t *len, int64_t predictor, int64_t colors,
                     int64_t bpc, int64_t columns, kc_error *err)
{
    if (predictor <= 1)
        return 0;
    /* Only TIFF (2) and PNG (10-15) are read alike: poppler reads 3-9 as rows
     * without a tag byte and anything past 15 as PNG, MuPDF every other value
     * as no predictor (and refuses other component sizes), pdf.js neither.  A
     * cross-reference stream after signing with /Predictor 5 listed page 1
     * where it was signed to us and inside a stream added "inert" to poppler
     * and MuPDF, which drew the "9". */
    if (predictor != 2 && (predictor < 10 || predictor > 15))
        return kc_error_set(err, KC_EFORMAT,
                            _("a structure stream's /Predictor %lld is neither TIFF (2) nor PNG (10-15): viewers "
                              "read its rows in different ways"),
                            (long long)predictor);
    if (bpc != 1 && bpc != 2 && bpc != 4 && bpc != 8 && bpc != 16)
        return kc_error_set(err, KC_EFORMAT,
                            _("a structure stream's /BitsPerComponent %lld is not 1, 2, 4, 8 or 16: viewers read "
                              "its rows in different ways"),
                            (long long)bpc);
    if (colors < 1 || colors > 32 || bpc < 1 || bpc > 16 || columns < 1 || columns > (1 << 24))
        return kc_error_set(err, KC_EFORMAT, _("bad predictor parameters"));
    size_t bpp = (size_t)((colors * bpc + 7) / 8);
    size_t row = (size_t)((colors * bpc * columns + 7) / 8);
    if (predictor == 2) {
        if (bpc != 8)
            return kc_error_set(err, KC_EFORMAT, _("unsupported TIFF predictor"));
        for (size_t r = 0; r + row <= *len; r += row)
            for (size_t i = bpp; i < row; i++)
                data[r + i] = (unsigned char)(data[r + i] + data[r + i - bpp]);
        return 0;
    }
    /* PNG: each row starts with its filter type byte.  No whole row, no output
     * (and no row buffer: /Columns may claim a row of a gigabyte). */
    if (*len < row + 1) {
        *len = 0;
        return 0;
    }
    unsigned char *prev = calloc(1, row);
    if (!prev)
        return KC_ENOMEM;
    size_t in = 0, outp = 0;
    while (in + row + 1 <= *len) {
        int type = data[in];
        unsigned char *cur = data + in + 1;
        for (size_t i = 0; i < row; i++) {
            int left = i >= bpp ? cur[i - bpp] : 0;
            int up = prev[i];
            int ul = i >= bpp ? prev[i - bpp] : 0;
            int v = cur[i];
            switch (type) {
            case 0: break;
            case 1: v += left; break;
            case 2: v += up; break;
            case 3: v += (left + up) / 2; break;
            case 4: v += paeth(left, up, ul); break;
            default:
                free(prev);
                return kc_error_set(err, KC_EFORMAT, _("bad PNG predictor row type %d"), type);
            }
            cur[i] = (unsigned char)v;
        }
        memcpy(prev, cur, row);
        memmove(data + outp, cur, row);
        outp += row;
        in += row + 1;
    }
    free(prev);
    *len = outp;
    return 0;
}

int kc_pdf_stream_decode(const kc_pdf_src *src, const kc_pdf_obj *stream, size_t limit,
                         unsigned char **out, size_t *out_len, kc_error *err)
{
    const kc_pdf_obj *filter = kc_pdf_dict_get(stream, "Filter");
    const kc_pdf_obj *parms = kc_pdf_dict_get(stream, "DecodeParms");
    /* Viewers read the abbreviations /F and /DP when the full keys are
     * absent (pdf.js even before them), apply a /DecodeParms array only to a
     * /Filter array and a dictionary only to a single /Filter name (else no
     * predictor at all): a cross-reference stream after signing so written
     * listed page 1 where it was signed to us and in a stream added "inert"
     * to poppler, MuPDF and pdf.js. */
    if (kc_pdf_dict_get(stream, "F") || kc_pdf_dict_get(stream, "DP") ||
        (parms && parms->type == KC_PDF_ARRAY && (!filter || filter->type != KC_PDF_ARRAY)) ||
        (parms && parms->type == KC_PDF_DICT && filter && filter->type == KC_PDF_ARRAY))
        return kc_error_set(err, KC_EFORMAT,
                            _("a structure stream's filter and decode parameters are written in a way viewers read "
                              "differently (/F, /DP, or an array beside a single filter or a dictionary beside an "
                              "array)"));
    if (filter && filter->type == KC_PDF_ARRAY) {
        if (filter->u.arr.n > 1)
            return kc_error_set(err, KC_EFORMAT, _("chained stream filters are not supported here"));
        filter = filter->u.arr.n ? filter->u.arr.items[0] : NULL;
    }
    if (parms && parms->type == KC_PDF_ARRAY)
        parms = parms->u.arr.n ? parms->u.arr.items[0] : NULL;
    /* Decode parameters are not resolved here: an indirect one (or an
     * indirect /Predictor) would be read as none, where poppler resolves it
     * and undoes a predictor, so that an object stream reads as other objects
     * to it.  Not read. */
    static const char *const parm_keys[] = {"Predictor", "Colors", "BitsPerComponent", "Columns"};
    bool indirect = parms && parms->type != KC_PDF_DICT && parms->type != KC_PDF_NULL;
    for (size_t i = 0; !indirect && parms && parms->type == KC_PDF_DICT && i < 4; i++) {
        const kc_pdf_obj *v = kc_pdf_dict_get(parms, parm_keys[i]);
        indirect = v && v->type != KC_PDF_INT;
    }
    if (indirect)
        return kc_error_set(err, KC_EFORMAT, _("a structure stream's decode parameters are not direct integers"));

    if (!filter) {
        if (stream->stream_len > limit)
            return kc_error_set(err, KC_ELIMIT, _("a stream is larger than %zu bytes"), limit);
        unsigned char *buf = malloc(stream->stream_len ? stream->stream_len : 1);
        if (!buf)
            return KC_ENOMEM;
        if (kc_pdf_pread(src, buf, stream->stream_len, stream->stream_off) != (ssize_t)stream->stream_len) {
            free(buf);
            return kc_error_set(err, KC_EFORMAT, _("stream data past the end of the file"));
        }
        *out = buf;
        *out_len = stream->stream_len;
        return 0;
    }
    if (!kc_pdf_is_name(filter, "FlateDecode") && !kc_pdf_is_name(filter, "Fl"))
        return kc_error_set(err, KC_EFORMAT, _("unsupported filter for a structure stream"));

    int rc = inflate_stream(src, stream, limit, out, out_len, err);
    if (rc != 0)
        return rc;
    int64_t predictor = 1, colors = 1, bpc = 8, columns = 1;
    kc_pdf_get_int(kc_pdf_dict_get(parms, "Predictor"), &predictor);
    kc_pdf_get_int(kc_pdf_dict_get(parms, "Colors"), &colors);
    kc_pdf_get_int(kc_pdf_dict_get(parms, "BitsPerComponent"), &bpc);
    kc_pdf_get_int(kc_pdf_dict_get(parms, "Columns"), &columns);
    rc = unpredict(*out, out_len, predictor, colors, bpc, columns, err);
    if (rc != 0) {
        free(*out);
        *out = NULL;
    }
    return rc;
}

/* Whether a stream's data, as long as its /Length says, ends where its
 * "endstream" is (after an end of line).  poppler, MuPDF and pdf.js read a
 * stream whose /Length falls short of its "endstream" (or runs past it) up
 * to the "endstream" they find, and so draw and read what follows the
 * /Length bytes; this reader stops there: an /ActualText past them was
 * poppler's text and no part of what pdf_actual.c read (rtpdf17), an inline
 * /OC span past them drawn by poppler and hidden by MuPDF and pdf.js with no
 * note from pdf_notes_view.c (rtpdf18). */
bool kc_pdf_stream_ends(kc_pdf_doc *doc, const kc_pdf_obj *st)
{
    size_t got = 0, p = 0;
    const unsigned char *buf = kc_pdf_window(doc, st->stream_off + st->stream_len, 256, &got);
    if (!buf)
        return false;
    while (p < got && buf[p] != 0 && strchr(" \t\r\n\f", buf[p]))
        p++;
    return kc_pdf_at_keyword(buf, got, p, "endstream");
}
