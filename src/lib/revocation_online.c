/* revocation_online.c: revocation from the network (verify --online, ingest
 * --online): a certificate's CRL distribution points and its OCSP responder
 * (RFC 5280 §4.2.1.13, the AIA id-ad-ocsp of §4.2.2.1), through the
 * project's one HTTP client (http.c).
 *
 * Offline stays the default: nothing here runs unless the caller attaches a
 * kc_online to its trust store.  What is fetched is untrusted bytes until a
 * signature says otherwise: a CRL counts only when the certificate's issuer
 * signed it, an OCSP response only when the issuer or its delegated
 * responder did (revocation_ocsp.c).  Both are then judged by cms_revoke.c
 * like the trust directory's CRLs.  A network failure changes nothing but is
 * remembered, so the caller can say that offline rules applied.
 *
 * Every URL is fetched at most once per run (failures included), and kept in
 * a cache directory ($XDG_CACHE_HOME/kiemchung/revocation) until the answer's
 * own nextUpdate, so a batch of a thousand documents by three signers costs
 * three requests, and a second run none.  What was used stays in memory for
 * the validation data (kc_online_material). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "cms_internal.h"
#include "http.h"
#include "i18n.h"
#include "kiemchung/validation.h"
#include "revocation.h"
#include "util.h"

#define MAX_URLS 4              /* distribution points or responders tried per certificate */
#define OCSP_TIMEOUT 10         /* seconds: a slow responder must not stall a batch */

typedef struct answer {
    GBytes *der;                /* what the server sent (or the cache held); NULL: nothing usable */
    X509_CRL *crl;              /* parsed, for a CRL */
    OCSP_BASICRESP *ocsp;       /* parsed, for an OCSP response */
} answer;

struct kc_online {
    GMutex lock;                /* verifications run on several threads */
    char *cache;                /* the cache directory, or NULL for none */
    GHashTable *answers;        /* key (URL, or URL + certificate id) → answer */
    GPtrArray *failures;        /* messages, each once */
    size_t fetched;             /* answers that came from the network */
};

static void answer_free(gpointer p)
{
    answer *a = p;
    if (a->der)
        g_bytes_unref(a->der);
    X509_CRL_free(a->crl);
    OCSP_BASICRESP_free(a->ocsp);
    g_free(a);
}

int kc_online_new(kc_online **out, const char *cache_dir, kc_error *err)
{
    kc_online *o = g_new0(kc_online, 1);

    g_mutex_init(&o->lock);
    o->cache = cache_dir ? g_strdup(cache_dir) : g_build_filename(g_get_user_cache_dir(), "kiemchung", "revocation", NULL);
    if (g_mkdir_with_parents(o->cache, 0700) != 0) {
        g_free(o->cache); /* no cache: every run asks again, nothing else changes */
        o->cache = NULL;
    }
    o->answers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, answer_free);
    o->failures = g_ptr_array_new_with_free_func(g_free);
    *out = o;
    (void)err;
    return 0;
}

void kc_online_free(kc_online *o)
{
    if (!o)
        return;
    g_hash_table_destroy(o->answers);
    g_ptr_array_free(o->failures, TRUE);
    g_free(o->cache);
    g_mutex_clear(&o->lock);
    g_free(o);
}

size_t kc_online_failure_count(const kc_online *o) { return o ? o->failures->len : 0; }
const char *kc_online_failure(const kc_online *o, size_t i)
{
    return o && i < o->failures->len ? o->failures->pdata[i] : NULL;
}
size_t kc_online_fetch_count(const kc_online *o) { return o ? o->fetched : 0; }

static void failed(kc_online *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void failed(kc_online *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    for (guint i = 0; i < o->failures->len; i++)
        if (strcmp(o->failures->pdata[i], msg) == 0) {
            g_free(msg);
            return;
        }
    g_ptr_array_add(o->failures, msg);
}

/* ---- parsing what servers send ----------------------------------------------- */

/* A CRL as DER (RFC 5280 §4.2.1.13 says DER over HTTP), or PEM, nothing after it. */
X509_CRL *kc_online_parse_crl(const unsigned char *data, size_t len)
{
    const unsigned char *p = data;
    X509_CRL *crl = NULL;

    if (!data || !len || len > KC_CRL_MAX)
        return NULL;
    crl = d2i_X509_CRL(NULL, &p, (long)len);
    if (crl && p != data + len) {
        X509_CRL_free(crl);
        crl = NULL;
    }
    if (!crl && len > 11 && memcmp(data, "-----BEGIN ", 11) == 0) {
        BIO *b = BIO_new_mem_buf(data, (int)len);
        crl = b ? PEM_read_bio_X509_CRL(b, NULL, NULL, NULL) : NULL;
        BIO_free(b);
    }
    ERR_clear_error();
    return crl;
}

/* When an answer stops being current: its nextUpdate (0 when it has none). */
static int64_t next_update(const answer *a, X509 *cert, X509 *issuer)
{
    int64_t t = 0;
    if (a->crl && X509_CRL_get0_nextUpdate(a->crl))
        kc_cms_asn1_time_unix(X509_CRL_get0_nextUpdate(a->crl), &t);
    if (a->ocsp && cert && issuer) {
        OCSP_CERTID *id = OCSP_cert_to_id(EVP_sha1(), cert, issuer);
        ASN1_GENERALIZEDTIME *rev = NULL, *thisupd = NULL, *nextupd = NULL;
        int status, why;
        if (id && OCSP_resp_find_status(a->ocsp, id, &status, &why, &rev, &thisupd, &nextupd) == 1 && nextupd)
            kc_cms_asn1_time_unix(nextupd, &t);
        OCSP_CERTID_free(id);
    }
    ERR_clear_error();
    return t;
}

static bool parse_answer(answer *a, bool is_crl)
{
    gsize n = 0;
    const unsigned char *d = g_bytes_get_data(a->der, &n);
    if (is_crl)
        return (a->crl = kc_online_parse_crl(d, n)) != NULL;
    return kc_ocsp_parse(&a->ocsp, d, n, NULL) == 0;
}

/* ---- the cache ----------------------------------------------------------------- */

static char *cache_path(const kc_online *o, const char *key, bool is_crl)
{
    char *h = g_compute_checksum_for_string(G_CHECKSUM_SHA256, key, -1);
    char *name = g_strconcat(h, is_crl ? ".crl" : ".ors", NULL);
    char *path = g_build_filename(o->cache, name, NULL);
    g_free(h);
    g_free(name);
    return path;
}

/* The cached answer for key, while it is current. */
static answer *from_cache(const kc_online *o, const char *key, bool is_crl, X509 *cert, X509 *issuer, int64_t now)
{
    char *path, *data = NULL;
    size_t len = 0;
    answer *a;

    if (!o->cache)
        return NULL;
    path = cache_path(o, key, is_crl);
    if (kc_file_read(&data, &len, path, is_crl ? KC_CRL_MAX : KC_OCSP_MAX, NULL) != 0) {
        g_free(path);
        return NULL;
    }
    a = g_new0(answer, 1);
    a->der = g_bytes_new_take(data, len);
    int64_t until = parse_answer(a, is_crl) ? next_update(a, cert, issuer) : 0;
    if (until <= now) { /* stale, or no nextUpdate (then never cached: see store) */
        answer_free(a);
        a = NULL;
        g_unlink(path);
    }
    g_free(path);
    return a;
}

static void to_cache(const kc_online *o, const char *key, bool is_crl, const answer *a, X509 *cert, X509 *issuer)
{
    gsize n = 0;
    const void *d = g_bytes_get_data(a->der, &n);
    if (!o->cache || next_update(a, cert, issuer) == 0)
        return; /* an answer without nextUpdate says newer news is always there */
    char *path = cache_path(o, key, is_crl);
    kc_atomic_write(path, d, n, NULL); /* a cache: not written, fetched again next time */
    g_free(path);
}

/* ---- fetching ------------------------------------------------------------------ */

/* The answer for key, fetched once per run: from memory, the cache or url.
 * Called with the lock held. */
static answer *get(kc_online *o, const char *key, const char *url, bool is_crl, const unsigned char *req,
                   size_t reqlen, X509 *cert, X509 *issuer)
{
    int64_t now = (int64_t)time(NULL);
    kc_http_opts hopts = {.timeout = is_crl ? 0 : OCSP_TIMEOUT, .deadline = is_crl ? 0 : 3 * OCSP_TIMEOUT,
                          .max_body = is_crl ? KC_CRL_MAX : KC_OCSP_MAX,
                          .accept = is_crl ? "application/pkix-crl" : "application/ocsp-response"};
    kc_http_response *resp = NULL;
    kc_error e = {0};
    answer *a = g_hash_table_lookup(o->answers, key);

    if (a)
        return a->der ? a : NULL;
    if (!(a = from_cache(o, key, is_crl, cert, issuer, now))) {
        a = g_new0(answer, 1);
        int rc = is_crl ? kc_http_get(&resp, url, &hopts, &e)
                        : kc_http_post(&resp, url, "application/ocsp-request", req, reqlen, &hopts, &e);
        if (rc != 0) {
            failed(o, "%s", e.message);
        } else {
            o->fetched++;
            a->der = g_bytes_new(resp->body, resp->len);
            if (!parse_answer(a, is_crl)) {
                failed(o, is_crl ? _("%s: the answer is not a CRL") : _("%s: the answer is not an OCSP response"), url);
                g_bytes_unref(a->der);
                a->der = NULL;
            } else {
                to_cache(o, key, is_crl, a, cert, issuer);
            }
        }
        kc_http_response_free(resp);
    }
    g_hash_table_insert(o->answers, g_strdup(key), a);
    return a->der ? a : NULL;
}

static bool is_http(const char *url)
{
    return g_str_has_prefix(url, "http://") || g_str_has_prefix(url, "https://");
}

/* The http(s) URIs of cert's CRL distribution points (full names only). */
static GPtrArray *crl_urls(X509 *cert)
{
    GPtrArray *urls = g_ptr_array_new_with_free_func(g_free);
    STACK_OF(DIST_POINT) *dps = X509_get_ext_d2i(cert, NID_crl_distribution_points, NULL, NULL);

    for (int i = 0; i < sk_DIST_POINT_num(dps) && urls->len < MAX_URLS; i++) {
        DIST_POINT *dp = sk_DIST_POINT_value(dps, i);
        if (!dp->distpoint || dp->distpoint->type != 0)
            continue;
        GENERAL_NAMES *names = dp->distpoint->name.fullname;
        for (int k = 0; k < sk_GENERAL_NAME_num(names) && urls->len < MAX_URLS; k++) {
            GENERAL_NAME *gn = sk_GENERAL_NAME_value(names, k);
            if (gn->type != GEN_URI)
                continue;
            char *u = g_strndup((const char *)ASN1_STRING_get0_data(gn->d.uniformResourceIdentifier),
                                (gsize)ASN1_STRING_length(gn->d.uniformResourceIdentifier));
            if (is_http(u) && strlen(u) == (size_t)ASN1_STRING_length(gn->d.uniformResourceIdentifier))
                g_ptr_array_add(urls, u);
            else
                g_free(u);
        }
    }
    sk_DIST_POINT_pop_free(dps, DIST_POINT_free);
    ERR_clear_error();
    return urls;
}

/* The http(s) OCSP responders of cert's authority information access. */
static GPtrArray *ocsp_urls(X509 *cert)
{
    GPtrArray *urls = g_ptr_array_new_with_free_func(g_free);
    STACK_OF(OPENSSL_STRING) *list = X509_get1_ocsp(cert);
    for (int i = 0; i < sk_OPENSSL_STRING_num(list) && urls->len < MAX_URLS; i++)
        if (is_http(sk_OPENSSL_STRING_value(list, i)))
            g_ptr_array_add(urls, g_strdup(sk_OPENSSL_STRING_value(list, i)));
    X509_email_free(list);
    return urls;
}

/* The OCSP request for cert (SHA-1 CertID, no nonce: RFC 5019, so answers
 * can be cached) as DER, and its key in the answers table. */
static unsigned char *ocsp_request(X509 *cert, X509 *issuer, const char *url, size_t *len, char **key)
{
    OCSP_REQUEST *req = OCSP_REQUEST_new();
    OCSP_CERTID *id = OCSP_cert_to_id(EVP_sha1(), cert, issuer);
    unsigned char *der = NULL, *copy = NULL;
    int n;

    if (req && id && OCSP_request_add0_id(req, id)) {
        id = NULL; /* the request owns it */
        if ((n = i2d_OCSP_REQUEST(req, &der)) > 0) {
            copy = g_memdup2(der, (gsize)n);
            *len = (size_t)n;
            char *h = g_compute_checksum_for_data(G_CHECKSUM_SHA256, der, (gsize)n);
            *key = g_strconcat(url, " ", h, NULL);
            g_free(h);
        }
    }
    OPENSSL_free(der);
    OCSP_CERTID_free(id);
    OCSP_REQUEST_free(req);
    ERR_clear_error();
    return copy;
}

bool kc_online_revocation(kc_online *o, const kc_trust *trust, X509 *cert, X509 *issuer, int64_t *when,
                          long *reason)
{
    GPtrArray *crls = crl_urls(cert), *responders = ocsp_urls(cert);
    bool revoked = false;

    g_mutex_lock(&o->lock);
    /* Every listing of every answer counts, the worst deciding, as for the
     * trust directory's CRLs (cms_revoke.c): a CRL listing the chairman as
     * affiliationChanged and then keyCompromise, or one whose entry gives an
     * invalidity date, means the same fetched as stored.  Stops only once a
     * compromise condemns. */
    for (guint i = 0; i < crls->len && !(revoked && kc_cms_reason_is_compromise(*reason)); i++) {
        answer *a = get(o, crls->pdata[i], crls->pdata[i], true, NULL, 0, cert, issuer);
        /* Signed by the issuer, or by the same CA's new key after a rollover
         * (RFC 5280 6.3.3), as a stored CRL may be. */
        if (!a || X509_NAME_cmp(X509_CRL_get_issuer(a->crl), X509_get_issuer_name(cert)) != 0 ||
            (X509_CRL_verify(a->crl, X509_get0_pubkey(issuer)) != 1 &&
             !kc_cms_crl_signed_by_namesake(trust, a->crl, issuer)))
            continue;
        kc_cms_crl_listings(a->crl, cert, &revoked, when, reason);
    }
    for (guint i = 0; i < responders->len && !(revoked && kc_cms_reason_is_compromise(*reason)); i++) {
        size_t len = 0;
        char *key = NULL;
        int64_t w = 0;
        long r = -1;
        unsigned char *req = ocsp_request(cert, issuer, responders->pdata[i], &len, &key);
        answer *a = req ? get(o, key, responders->pdata[i], false, req, len, cert, issuer) : NULL;
        if (a && kc_ocsp_status(a->ocsp, cert, issuer, &w, &r) == KC_OCSP_REVOKED)
            kc_cms_revocation_keep_worse(&revoked, when, reason, w, r);
        g_free(req);
        g_free(key);
    }
    g_mutex_unlock(&o->lock);
    g_ptr_array_free(crls, TRUE);
    g_ptr_array_free(responders, TRUE);
    ERR_clear_error();
    return revoked;
}

void kc_online_material(kc_online *o, const kc_trust *trust, X509 *cert, X509 *issuer, kc_material_fn fn,
                        void *ud)
{
    GPtrArray *crls = crl_urls(cert), *responders = ocsp_urls(cert);
    int64_t when;
    long reason;

    g_mutex_lock(&o->lock);
    for (guint i = 0; i < crls->len; i++) {
        answer *a = g_hash_table_lookup(o->answers, crls->pdata[i]);
        gsize n = 0;
        if (a && a->crl && X509_NAME_cmp(X509_CRL_get_issuer(a->crl), X509_get_issuer_name(cert)) == 0 &&
            (X509_CRL_verify(a->crl, X509_get0_pubkey(issuer)) == 1 ||
             (trust && kc_cms_crl_signed_by_namesake(trust, a->crl, issuer)))) {
            const unsigned char *d = g_bytes_get_data(a->der, &n);
            fn(ud, KC_MATERIAL_CRL, d, n);
        }
    }
    for (guint i = 0; i < responders->len; i++) {
        size_t len = 0;
        char *key = NULL;
        unsigned char *req = ocsp_request(cert, issuer, responders->pdata[i], &len, &key);
        answer *a = key ? g_hash_table_lookup(o->answers, key) : NULL;
        gsize n = 0;
        if (a && a->ocsp && kc_ocsp_status(a->ocsp, cert, issuer, &when, &reason) != KC_OCSP_NONE) {
            const unsigned char *d = g_bytes_get_data(a->der, &n);
            fn(ud, KC_MATERIAL_OCSP, d, n);
        }
        g_free(req);
        g_free(key);
    }
    g_mutex_unlock(&o->lock);
    g_ptr_array_free(crls, TRUE);
    g_ptr_array_free(responders, TRUE);
    ERR_clear_error();
}
