/* pdf_dss.c: the revocation data a PDF carries in its document security
 * store, read as revocation evidence.
 *
 * PAdES-LTV (ETSI EN 319 142-1 5.4.2) keeps the CRLs and OCSP responses that
 * validate a document's signatures in the catalog's /DSS: its /CRLs and
 * /OCSPs arrays, and each /VRI entry's /CRL and /OCSP.  Acrobat, vSign and
 * pyHanko write them after a signature (an LTV update) and validate with
 * them; a store of a signer's CA whose CRL in the document lists the
 * chairman's key as compromised was still "valid, leader" here, since only
 * the trust directory's CRLs and a dossier's validation data were read.
 *
 * Every revision's store is read, not only the current one: an update that
 * saves the store again without the CRL (the store may be rewritten after
 * signing) must not hide what an earlier LTV update brought.
 *
 * Whoever added the store, a CRL counts only when the certificate's issuer
 * signed it and a response only when the issuer or its certified responder
 * did (cms_revoke.c, revocation_ocsp.c): evidence can only condemn, so a
 * store can never make a signature better than the trust directory makes
 * it, and its certificates are not read (a chain is the user's business).
 * One exception, which is what LTV is for: the CA's genuine CRL of the
 * signing time speaks of a certificate that has expired since, where the
 * CA's later CRLs no longer do (cms_revbounds.c).
 * Streams that do not decode or parse are not used, as a dossier's.
 *
 * A store larger than the bounds below is not read in part: whichever part
 * were left out, the holder of a compromised key would fill the revision he
 * signs (or a later one) with junk until the CRL that revokes him fell
 * beyond the bounds.  The document is refused instead (KC_ELIMIT). */
#include <glib.h>
#include <openssl/ocsp.h>

#include "pdf.h"
#include "revocation.h"
#include "trust_internal.h"

/* Bounds on what one document may make us parse. */
#define DSS_MAX_ITEMS 512
#define DSS_MAX_VRI 256
#define DSS_MAX_TOTAL (64u << 20)
/* Array and /VRI entries looked at in one revision's store: entries that are
 * no stream, or a stream already read, count as well.  Otherwise one array of
 * millions of zeros named by each of 256 /VRI entries (and again by every
 * revision's catalog) kept verify busy for seconds per 4 MB, hours for more,
 * while DSS_MAX_ITEMS counted nothing.  Real stores hold a few dozen.  Per
 * revision, so that a store filled with nothing in the signed revision
 * cannot use up what a later LTV update's CRL needs. */
#define DSS_MAX_VISITS (64u << 10)

typedef struct dss_reader {
    kc_pdf_doc *doc;
    size_t rev;
    const kc_trust *base;
    kc_trust *trust; /* derived on the first item that parses */
    GHashTable *seen; /* stream data offsets already read (revisions share their streams) */
    size_t items;
    size_t visits;
    uint64_t total;
    bool over;       /* a bound stopped the reading: the store was not read whole */
    GArray *where;   /* kc_dss_where per response added, or NULL */
    int rc;          /* 0 or KC_ENOMEM */
} dss_reader;

static bool derive(dss_reader *r)
{
    if (!r->trust && kc_trust_derive(&r->trust, r->base, NULL) != 0) {
        r->rc = KC_ENOMEM;
        return false;
    }
    return true;
}

/* Whether one more entry may be looked at. */
static bool visit(dss_reader *r)
{
    if (r->visits >= DSS_MAX_VISITS) {
        r->over = true;
        return false;
    }
    r->visits++;
    return true;
}

/* One stream of the store: a DER CRL or OCSPResponse. */
static void one_item(dss_reader *r, kc_pdf_obj *ref, int kind)
{
    kc_pdf_obj *s = kc_pdf_resolve(r->doc, r->rev, ref);
    unsigned char *data = NULL;
    size_t len = 0;

    if (r->rc || !s || s->type != KC_PDF_STREAM || g_hash_table_contains(r->seen, &s->stream_off))
        return;
    if (r->total >= DSS_MAX_TOTAL || ++r->items > DSS_MAX_ITEMS) {
        r->over = true;
        return;
    }
    g_hash_table_add(r->seen, g_memdup2(&s->stream_off, sizeof s->stream_off));
    size_t limit = kind == KC_MATERIAL_CRL ? KC_CRL_MAX : KC_OCSP_MAX;
    if (limit > DSS_MAX_TOTAL - r->total)
        limit = (size_t)(DSS_MAX_TOTAL - r->total);
    int drc = kc_pdf_stream_decode(kc_pdf_source(r->doc), s, limit, &data, &len, NULL);
    /* Too large, or too large for the room the total left: it might have
     * been the CA's CRL. */
    if (drc == KC_ELIMIT || (drc != 0 && limit < (kind == KC_MATERIAL_CRL ? KC_CRL_MAX : KC_OCSP_MAX)))
        r->over = true;
    if (drc != 0)
        goto out;
    r->total += len;
    if (kind == KC_MATERIAL_CRL) {
        X509_CRL *crl = kc_online_parse_crl(data, len);
        /* Nothing proves yet when it was written, as a response (rttime20). */
        kc_dss_where at = {0, s->stream_off, s->stream_off + s->stream_len, KC_MATERIAL_CRL};
        if (crl && derive(r)) {
            size_t had = kc_trust_crl_count(r->trust);
            if (kc_trust_add_crl_at(r->trust, crl, KC_POE_NONE, &at.index) == KC_ENOMEM)
                r->rc = KC_ENOMEM;
            else if (r->where && kc_trust_crl_count(r->trust) > had)
                g_array_append_val(r->where, at); /* new: not the user's, nor an earlier copy */
        }
        X509_CRL_free(crl);
    } else {
        OCSP_BASICRESP *bs = NULL;
        if (kc_ocsp_parse(&bs, data, len, NULL) == 0) {
            if (derive(r)) {
                /* Nothing proves yet when it was written: a document
                 * timestamp over its bytes may (verify_pdf.c, rttime13). */
                kc_dss_where at = {kc_trust_ocsp_count(r->trust), s->stream_off, s->stream_off + s->stream_len,
                                   KC_MATERIAL_OCSP};
                kc_trust_add_ocsp_at(r->trust, bs, KC_POE_NONE);
                if (r->where)
                    g_array_append_val(r->where, at);
            } else
                OCSP_BASICRESP_free(bs);
        }
    }
out:
    free(data);
}

/* Every stream an array of the store names (an array or one reference). */
static void items(dss_reader *r, kc_pdf_obj *dict, const char *key, int kind)
{
    kc_pdf_obj *a = kc_pdf_resolve(r->doc, r->rev, kc_pdf_dict_get(dict, key));
    if (a && a->type == KC_PDF_ARRAY)
        for (size_t i = 0; i < a->u.arr.n && !r->rc && visit(r); i++)
            one_item(r, a->u.arr.items[i], kind);
    else if (a && a->type == KC_PDF_STREAM && visit(r))
        one_item(r, kc_pdf_dict_get(dict, key), kind);
}

/* The store of the revision r->rev, if its catalog has one. */
static void one_store(dss_reader *r)
{
    kc_pdf_obj *trailer = kc_pdf_trailer(r->doc, r->rev);
    kc_pdf_obj *root = trailer ? kc_pdf_resolve(r->doc, r->rev, kc_pdf_dict_get(trailer, "Root")) : NULL;
    kc_pdf_obj *dss = root && root->type == KC_PDF_DICT ? kc_pdf_resolve(r->doc, r->rev, kc_pdf_dict_get(root, "DSS")) : NULL;

    if (!dss || dss->type != KC_PDF_DICT)
        return;
    items(r, dss, "CRLs", KC_MATERIAL_CRL);
    items(r, dss, "OCSPs", KC_MATERIAL_OCSP);
    /* The per-signature entries usually name the same streams; some writers
     * put a response only there. */
    kc_pdf_obj *vri = kc_pdf_resolve(r->doc, r->rev, kc_pdf_dict_get(dss, "VRI"));
    if (vri && vri->type == KC_PDF_DICT && vri->u.dict.n > DSS_MAX_VRI)
        r->over = true;
    for (size_t i = 0; vri && vri->type == KC_PDF_DICT && i < vri->u.dict.n && i < DSS_MAX_VRI && !r->rc && visit(r); i++) {
        kc_pdf_obj *e = kc_pdf_resolve(r->doc, r->rev, vri->u.dict.vals[i]);
        if (e && e->type == KC_PDF_DICT) {
            items(r, e, "CRL", KC_MATERIAL_CRL);
            items(r, e, "OCSP", KC_MATERIAL_OCSP);
        }
    }
}

int kc_pdf_dss_revocation(kc_pdf_doc *doc, const kc_trust *base, kc_trust **out)
{
    return kc_pdf_dss_revocation_where(doc, base, out, NULL);
}

int kc_pdf_dss_revocation_where(kc_pdf_doc *doc, const kc_trust *base, kc_trust **out, GArray *where)
{
    size_t n = kc_pdf_section_count(doc);
    dss_reader r = {doc, 0, base, NULL, NULL, 0, 0, 0, false, where, 0};

    *out = NULL;
    r.seen = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    for (r.rev = 0; r.rev < n && !r.rc && !r.over; r.rev++) {
        r.visits = 0;
        one_store(&r);
    }
    g_hash_table_destroy(r.seen);
    if (r.rc || r.over) {
        kc_trust_free(r.trust);
        return r.rc ? r.rc : KC_ELIMIT;
    }
    *out = r.trust;
    return 0;
}

int64_t kc_dss_where_at(const kc_trust *t, const kc_dss_where *w)
{
    return w->kind == KC_MATERIAL_CRL ? kc_trust_crl_at(t, w->index) : kc_trust_ocsp_at(t, w->index);
}

void kc_dss_where_set_at(kc_trust *t, const kc_dss_where *w, int64_t at)
{
    if (w->kind == KC_MATERIAL_CRL)
        kc_trust_crl_set_at(t, w->index, at);
    else
        kc_trust_ocsp_set_at(t, w->index, at);
}
