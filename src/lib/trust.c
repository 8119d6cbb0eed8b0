/* trust.c: the run's trust store: anchors, intermediates and CRLs.
 *
 * Loaded once per run from certs/ (or the user's --trust paths) and then only
 * read, from as many threads as verify documents.  Self-signed certificates
 * become anchors in an X509_STORE; every other certificate is kept as an
 * intermediate that chains may borrow, because signing tokens often embed only
 * the signer's own certificate; CRLs are kept aside for cms_check.c, which
 * decides revocation itself (see there).  OpenSSL objects leave this file only
 * through trust_internal.h.  Reading the trust files and folders (PEM, DER,
 * bundles, the directory walk) is in trust_files.c. */
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "hash.h"
#include "i18n.h"
#include "kiemchung/validation.h"
#include "trust_internal.h"
#include "util.h"

/* Certificates seen inside signatures, parsed once per run (see kc_trust_cert). */
#define KC_TRUST_MAX_SEEN 4096

struct kc_trust {
    X509_STORE *store;             /* anchors */
    STACK_OF(X509) *anchors;       /* the same anchors, for counting and de-duplication */
    STACK_OF(X509) *intermediates;
    STACK_OF(X509_CRL) *crls;
    GMutex seen_lock;              /* the only state that changes after loading */
    GHashTable *seen;              /* DER (GBytes) -> X509 */
    GHashTable *seen_sha256;       /* X509 held in seen -> its SHA-256 (32 bytes) */
    GHashTable *crl_checked;       /* CRL pointer + issuer key bits (GBytes) -> 1 bad, 2 good */
    GPtrArray *ocsp;               /* OCSP_BASICRESP: responses a dossier holds (validation data) */
    GArray *ocsp_at;               /* int64_t per response: when it is proven to exist (kc_trust_ocsp_at) */
    GArray *crl_at;                /* int64_t per CRL: when it is proven to exist (kc_trust_crl_at) */
    kc_online *online;             /* fetches CRLs and OCSP responses when asked (borrowed), or NULL */
    GHashTable *chains;            /* key (GBytes) -> kc_chain_memo: chain outcomes (under seen_lock) */
    GHashTable *declared;          /* SHA-256 of an anchor's key (hex) -> 1: declared a state root by its
                                      trust directory's state-roots.txt (trust_files.c, cms_anchor.c) */
};

/* A certificate's DER is looked up for every signature of every document:
 * g_bytes_hash reads all of it a byte at a time.  Its length and its last
 * 128 bytes (the issuer's signature over it) tell certificates apart as well;
 * equality still compares every byte. */
static guint der_hash(gconstpointer key)
{
    gsize len = 0;
    const unsigned char *p = g_bytes_get_data((GBytes *)key, &len);
    guint32 h = 2166136261u ^ (guint32)len;
    for (gsize i = len > 128 ? len - 128 : 0; i < len; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

static void memo_free(gpointer p)
{
    kc_chain_memo_clear(p);
    g_free(p);
}

/* The store changed: an outcome learned before may no longer hold. */
static void forget_chains(kc_trust *t)
{
    g_mutex_lock(&t->seen_lock);
    g_hash_table_remove_all(t->chains);
    g_mutex_unlock(&t->seen_lock);
}

int kc_trust_new(kc_trust **out, kc_error *err)
{
    kc_trust *t = NULL;
    int rc = KC_ENOMEM;

    if (!out)
        return kc_error_set(err, KC_EINVAL, "%s", _("no place for the trust store"));
    t = calloc(1, sizeof *t);
    if (!t)
        goto out;
    t->store = X509_STORE_new();
    t->anchors = sk_X509_new_null();
    t->intermediates = sk_X509_new_null();
    t->crls = sk_X509_CRL_new_null();
    g_mutex_init(&t->seen_lock);
    t->seen = g_hash_table_new_full(der_hash, g_bytes_equal, (GDestroyNotify)g_bytes_unref,
                                    (GDestroyNotify)X509_free);
    t->seen_sha256 = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    t->crl_checked = g_hash_table_new_full(g_bytes_hash, g_bytes_equal, (GDestroyNotify)g_bytes_unref, NULL);
    t->ocsp = g_ptr_array_new_with_free_func((GDestroyNotify)OCSP_BASICRESP_free);
    t->ocsp_at = g_array_new(FALSE, FALSE, sizeof(int64_t));
    t->crl_at = g_array_new(FALSE, FALSE, sizeof(int64_t));
    t->chains = g_hash_table_new_full(g_bytes_hash, g_bytes_equal, (GDestroyNotify)g_bytes_unref, memo_free);
    t->declared = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if (!t->store || !t->anchors || !t->intermediates || !t->crls)
        goto out;
    *out = t;
    t = NULL;
    rc = 0;
out:
    kc_trust_free(t);
    if (rc)
        kc_error_oom(err);
    return rc;
}

void kc_trust_free(kc_trust *trust)
{
    if (!trust)
        return;
    X509_STORE_free(trust->store);
    sk_X509_pop_free(trust->anchors, X509_free);
    sk_X509_pop_free(trust->intermediates, X509_free);
    sk_X509_CRL_pop_free(trust->crls, X509_CRL_free);
    g_hash_table_destroy(trust->seen_sha256);
    g_hash_table_destroy(trust->seen);
    g_hash_table_destroy(trust->crl_checked);
    g_ptr_array_free(trust->ocsp, TRUE);
    g_array_free(trust->ocsp_at, TRUE);
    g_array_free(trust->crl_at, TRUE);
    g_hash_table_destroy(trust->chains);
    g_hash_table_destroy(trust->declared);
    g_mutex_clear(&trust->seen_lock);
    free(trust);
}

/* Linear on purpose: sk_X509_find() sorts the stack, and these stacks are
 * later read by several threads at once, so they must never be reordered. */
static bool have_cert(STACK_OF(X509) *sk, X509 *x)
{
    for (int i = 0; i < sk_X509_num(sk); i++)
        if (X509_cmp(sk_X509_value(sk, i), x) == 0)
            return true;
    return false;
}

/* The index of a CRL matching c in sk, or -1. */
static int crl_index(STACK_OF(X509_CRL) *sk, X509_CRL *c)
{
    for (int i = 0; i < sk_X509_CRL_num(sk); i++)
        if (X509_CRL_match(sk_X509_CRL_value(sk, i), c) == 0)
            return i;
    return -1;
}

/* A certificate of the store is often the very one signatures bring: tokens
 * embed their CA, and the agency's signature carries it in every document.
 * Parsing it again costs as much as the first time (OpenSSL 3.0 decodes its
 * public key through a decoder context built afresh, ~1.2 million
 * instructions), so its DER is entered in the certificates seen inside
 * signatures (kc_trust_cert), and a signature's copy is this object.  Not
 * one read as a "TRUSTED CERTIFICATE", whose trust settings (aux) a copy in
 * a signature does not carry.  Best effort: without memory it is parsed. */
static void seen_in_store(kc_trust *t, X509 *x)
{
    unsigned char *der = NULL, fp[SHA256_DIGEST_LENGTH];
    unsigned int fplen = 0;
    int len;

    if (X509_get0_trust_objects(x) || X509_get0_reject_objects(x) || X509_alias_get0(x, NULL) ||
        X509_keyid_get0(x, NULL) || (len = i2d_X509(x, &der)) <= 0)
        return;
    bool have_fp = X509_digest(x, kc_hash_sha256_md(), fp, &fplen) == 1 && fplen == sizeof fp;
    GBytes *key = g_bytes_new(der, (gsize)len);
    OPENSSL_free(der);
    g_mutex_lock(&t->seen_lock);
    if (g_hash_table_size(t->seen) < KC_TRUST_MAX_SEEN && !g_hash_table_contains(t->seen, key) &&
        X509_up_ref(x)) {
        g_hash_table_insert(t->seen, key, x);
        key = NULL;
        if (have_fp)
            g_hash_table_insert(t->seen_sha256, x, g_memdup2(fp, sizeof fp));
    }
    g_mutex_unlock(&t->seen_lock);
    if (key)
        g_bytes_unref(key);
}

/* Takes one reference to x.  Returns 0 or KC_ENOMEM. */
int kc_trust_add_cert(kc_trust *t, X509 *x)
{
    bool anchor;

    forget_chains(t);
    /* Fill OpenSSL's lazily computed extension cache now, single-threaded,
     * instead of during concurrent verifications. */
    X509_check_purpose(x, -1, 0);
    anchor = X509_self_signed(x, 0) == 1;
    if (have_cert(anchor ? t->anchors : t->intermediates, x))
        return 0;
    if (anchor && X509_STORE_add_cert(t->store, x) != 1)
        return KC_ENOMEM;
    if (!X509_up_ref(x))
        return KC_ENOMEM;
    if (!sk_X509_push(anchor ? t->anchors : t->intermediates, x)) {
        X509_free(x);
        return KC_ENOMEM;
    }
    seen_in_store(t, x);
    return 0;
}

int kc_trust_add_crl(kc_trust *t, X509_CRL *c)
{
    return kc_trust_add_crl_at(t, c, KC_POE_UNASKED, NULL);
}

/* A CRL met twice is proven to exist by the earlier of its two proofs (the
 * trust directory's, which asks none, before any). */
int kc_trust_add_crl_at(kc_trust *t, X509_CRL *c, int64_t at, size_t *index)
{
    int have;

    forget_chains(t);
    if ((have = crl_index(t->crls, c)) >= 0) {
        if (at < g_array_index(t->crl_at, int64_t, have))
            g_array_index(t->crl_at, int64_t, have) = at;
        if (index)
            *index = (size_t)have;
        return 0;
    }
    if (!X509_CRL_up_ref(c))
        return KC_ENOMEM;
    if (!sk_X509_CRL_push(t->crls, c)) {
        X509_CRL_free(c);
        return KC_ENOMEM;
    }
    g_array_append_val(t->crl_at, at);
    if (index)
        *index = (size_t)sk_X509_CRL_num(t->crls) - 1;
    return 0;
}

int64_t kc_trust_crl_at(const kc_trust *t, size_t i)
{
    return t && i < t->crl_at->len ? g_array_index(t->crl_at, int64_t, i) : KC_POE_NONE;
}

void kc_trust_crl_set_at(kc_trust *t, size_t i, int64_t at)
{
    if (t && i < t->crl_at->len)
        g_array_index(t->crl_at, int64_t, i) = at;
}

/* ---- anchors declared state roots (state-roots.txt: trust_files.c) ---- */

size_t kc_trust_declare_roots_of(kc_trust *t, const kc_trust *from)
{
    size_t n = 0;
    char hex[65];
    for (int i = 0; t && from && i < sk_X509_num(from->anchors); i++)
        if (kc_cms_anchor_key_sha256(sk_X509_value(from->anchors, i), hex)) {
            g_hash_table_add(t->declared, g_strdup(hex));
            n++;
        }
    if (n)
        forget_chains(t);
    return n;
}

bool kc_trust_root_declared(const kc_trust *t, const char *key_sha256_hex)
{
    return t && key_sha256_hex && g_hash_table_contains(t->declared, key_sha256_hex);
}

bool kc_trust_declares_roots(const kc_trust *t)
{
    return t && g_hash_table_size(t->declared) > 0;
}

size_t kc_trust_anchor_count(const kc_trust *trust)
{
    return trust ? (size_t)sk_X509_num(trust->anchors) : 0;
}

size_t kc_trust_intermediate_count(const kc_trust *trust)
{
    return trust ? (size_t)sk_X509_num(trust->intermediates) : 0;
}

size_t kc_trust_crl_count(const kc_trust *trust)
{
    return trust ? (size_t)sk_X509_CRL_num(trust->crls) : 0;
}

X509_STORE *kc_trust_store(const kc_trust *trust)
{
    return trust ? trust->store : NULL;
}

STACK_OF(X509) *kc_trust_intermediates(const kc_trust *trust)
{
    return trust ? trust->intermediates : NULL;
}

STACK_OF(X509_CRL) *kc_trust_crls(const kc_trust *trust)
{
    return trust ? trust->crls : NULL;
}

/* Every document a person signed carries the same certificates, and with
 * OpenSSL 3.0 decoding one (its public key above all) costs more than hashing
 * a 300 KB document: so each distinct DER is parsed once per run and shared,
 * read-only like the anchors, by every signature and thread. */
X509 *kc_trust_cert(const kc_trust *trust, const unsigned char *der, size_t len)
{
    kc_trust *t = (kc_trust *)trust; /* the cache is the only mutable part, under its lock */
    GBytes *key = g_bytes_new_static(der, len);
    const unsigned char *p = der;
    X509 *x;

    g_mutex_lock(&t->seen_lock);
    x = g_hash_table_lookup(t->seen, key);
    if (x && !X509_up_ref(x))
        x = NULL;
    g_mutex_unlock(&t->seen_lock);
    if (x)
        goto out;
    x = d2i_X509(NULL, &p, (long)len);
    if (!x || p != der + len) {
        X509_free(x);
        x = NULL;
        goto out;
    }
    X509_check_purpose(x, -1, 0); /* fill the extension cache before sharing */
    unsigned char fp[SHA256_DIGEST_LENGTH];
    unsigned int fplen = 0;
    bool have_fp = X509_digest(x, EVP_sha256(), fp, &fplen) == 1 && fplen == sizeof fp;
    g_mutex_lock(&t->seen_lock);
    if (g_hash_table_size(t->seen) < KC_TRUST_MAX_SEEN && !g_hash_table_contains(t->seen, key) &&
        X509_up_ref(x)) {
        g_hash_table_insert(t->seen, g_bytes_new(der, len), x);
        /* x stays alive as long as the store: its address names it. */
        if (have_fp)
            g_hash_table_insert(t->seen_sha256, x, g_memdup2(fp, sizeof fp));
    }
    g_mutex_unlock(&t->seen_lock);
out:
    g_bytes_unref(key);
    return x;
}

bool kc_trust_cert_sha256(const kc_trust *trust, X509 *x, unsigned char out[32])
{
    kc_trust *t = (kc_trust *)trust; /* the cache is the only mutable part, under its lock */
    const unsigned char *known = NULL;
    unsigned int len = 0;

    if (t) {
        g_mutex_lock(&t->seen_lock);
        if ((known = g_hash_table_lookup(t->seen_sha256, x)) != NULL)
            memcpy(out, known, SHA256_DIGEST_LENGTH);
        g_mutex_unlock(&t->seen_lock);
    }
    return known || (X509_digest(x, EVP_sha256(), out, &len) == 1 && len == SHA256_DIGEST_LENGTH);
}

/* Whether crl is, by its address, one of the trust's own CRLs: those live as
 * long as the trust (it holds a reference), so their address names them. */
static bool owns_crl(const kc_trust *t, X509_CRL *crl)
{
    for (int i = 0; i < sk_X509_CRL_num(t->crls); i++)
        if (sk_X509_CRL_value(t->crls, i) == crl)
            return true;
    return false;
}

/* A CRL's signature is checked against each issuer key once per run, not
 * once per signature it is consulted for: an RSA verification each time would
 * cost as much as hashing 30 KB of every document.  Only the trust's own CRLs
 * are remembered, by their address: a document's CRL, freed after it, left
 * its verdict to whatever CRL the next document decoded at that address, and
 * a CRL of the CA's name signed by anyone's key passed as the CA's renewed
 * key's (valid, leader; atktime).  Others are checked each time. */
bool kc_trust_crl_signed_by(const kc_trust *trust, X509_CRL *crl, X509 *issuer)
{
    kc_trust *t = (kc_trust *)trust; /* the cache is the only mutable part, under its lock */
    EVP_PKEY *pkey = X509_get0_pubkey(issuer);
    /* The key's own bits, which X509_pubkey_digest would hash: as exact a
     * key, without a SHA-256 over them twice a document (17 k instructions). */
    ASN1_BIT_STRING *bits = X509_get0_pubkey_bitstr(issuer);

    if (!t || !pkey)
        return pkey && X509_CRL_verify(crl, pkey) == 1;
    if (!bits || !bits->data || bits->length <= 0 || !owns_crl(t, crl))
        return X509_CRL_verify(crl, pkey) == 1;
    size_t klen = sizeof crl + (size_t)bits->length;
    unsigned char *key = g_malloc(klen);
    memcpy(key, &crl, sizeof crl);
    memcpy(key + sizeof crl, bits->data, (size_t)bits->length);
    GBytes *k = g_bytes_new_take(key, klen);
    g_mutex_lock(&t->seen_lock);
    int known = GPOINTER_TO_INT(g_hash_table_lookup(t->crl_checked, k));
    g_mutex_unlock(&t->seen_lock);
    if (!known) {
        known = X509_CRL_verify(crl, pkey) == 1 ? 2 : 1;
        g_mutex_lock(&t->seen_lock);
        if (g_hash_table_size(t->crl_checked) < KC_TRUST_MAX_SEEN) {
            g_hash_table_replace(t->crl_checked, k, GINT_TO_POINTER(known));
            k = NULL;
        }
        g_mutex_unlock(&t->seen_lock);
    }
    if (k)
        g_bytes_unref(k);
    return known == 2;
}

void kc_chain_memo_clear(kc_chain_memo *m)
{
    if (m)
        sk_X509_pop_free(m->chain, X509_free);
}

static bool memo_copy(kc_chain_memo *dst, const kc_chain_memo *src)
{
    *dst = *src;
    dst->chain = src->chain ? X509_chain_up_ref(src->chain) : NULL;
    return dst->chain || !src->chain;
}

bool kc_trust_chain_recall(const kc_trust *trust, const unsigned char *key, size_t klen, kc_chain_memo *out)
{
    kc_trust *t = (kc_trust *)trust; /* the memo is mutable, under its lock */
    GBytes *k = g_bytes_new_static(key, klen);
    bool found = false;

    if (!t)
        return false;
    g_mutex_lock(&t->seen_lock);
    const kc_chain_memo *m = g_hash_table_lookup(t->chains, k);
    found = m && memo_copy(out, m);
    g_mutex_unlock(&t->seen_lock);
    g_bytes_unref(k);
    return found;
}

void kc_trust_chain_remember(const kc_trust *trust, const unsigned char *key, size_t klen, const kc_chain_memo *m)
{
    kc_trust *t = (kc_trust *)trust; /* the memo is mutable, under its lock */
    kc_chain_memo *copy = NULL;

    if (!t || !(copy = g_new0(kc_chain_memo, 1)) || !memo_copy(copy, m)) {
        g_free(copy);
        return;
    }
    g_mutex_lock(&t->seen_lock);
    if (g_hash_table_size(t->chains) < KC_TRUST_MAX_SEEN) {
        g_hash_table_replace(t->chains, g_bytes_new(key, klen), copy);
        copy = NULL;
    }
    g_mutex_unlock(&t->seen_lock);
    memo_free(copy);
}

/* ---- validation data: a dossier's certificates, CRLs and OCSP responses ---- */

/* The dossier's material joins a copy of the user's store, never the other
 * way round: anchors come only from the user (a dossier must not bring its
 * own root), so everything a dossier adds is at most an intermediate. */
int kc_trust_derive(kc_trust **out, const kc_trust *base, kc_error *err)
{
    kc_trust *t = NULL;
    int rc = kc_trust_new(&t, err);

    for (int i = 0; rc == 0 && base && i < sk_X509_num(base->anchors); i++)
        rc = kc_trust_add_cert(t, sk_X509_value(base->anchors, i));
    for (int i = 0; rc == 0 && base && i < sk_X509_num(base->intermediates); i++)
        rc = kc_trust_add_cert(t, sk_X509_value(base->intermediates, i));
    for (int i = 0; rc == 0 && base && i < sk_X509_CRL_num(base->crls); i++)
        rc = kc_trust_add_crl_at(t, sk_X509_CRL_value(base->crls, i), kc_trust_crl_at(base, i), NULL);
    for (guint i = 0; rc == 0 && base && i < base->ocsp->len; i++) {
        OCSP_BASICRESP *copy = ASN1_item_dup(ASN1_ITEM_rptr(OCSP_BASICRESP), base->ocsp->pdata[i]);
        if (!copy)
            rc = KC_ENOMEM;
        else
            kc_trust_add_ocsp_at(t, copy, kc_trust_ocsp_at(base, i));
    }
    if (rc == 0 && base) {
        GHashTableIter it;
        gpointer key;
        g_hash_table_iter_init(&it, base->declared);
        while (g_hash_table_iter_next(&it, &key, NULL))
            g_hash_table_add(t->declared, g_strdup(key));
    }
    if (rc) {
        kc_trust_free(t);
        return rc == KC_ENOMEM ? kc_error_oom(err) : rc;
    }
    t->online = base ? base->online : NULL;
    *out = t;
    return 0;
}

int kc_trust_add_untrusted_der(kc_trust *t, const unsigned char *der, size_t len)
{
    const unsigned char *p = der;
    X509 *x = len <= LONG_MAX ? d2i_X509(NULL, &p, (long)len) : NULL;
    int rc = KC_EFORMAT;

    if (x && p == der + len) {
        X509_check_purpose(x, -1, 0);
        /* A self-signed certificate from a dossier is nobody's anchor. */
        rc = X509_self_signed(x, 0) == 1 ? 0 : kc_trust_add_cert(t, x);
    }
    X509_free(x);
    ERR_clear_error();
    return rc;
}

int kc_trust_add_crl_der(kc_trust *t, const unsigned char *der, size_t len)
{
    return kc_trust_add_crl_der_at(t, der, len, KC_POE_UNASKED, NULL);
}

int kc_trust_add_crl_der_at(kc_trust *t, const unsigned char *der, size_t len, int64_t at, size_t *index)
{
    const unsigned char *p = der;
    X509_CRL *c = len <= LONG_MAX ? d2i_X509_CRL(NULL, &p, (long)len) : NULL;
    int rc = c && p == der + len ? kc_trust_add_crl_at(t, c, at, index) : KC_EFORMAT;

    X509_CRL_free(c);
    ERR_clear_error();
    return rc;
}

void kc_trust_add_ocsp(kc_trust *t, OCSP_BASICRESP *bs)
{
    kc_trust_add_ocsp_at(t, bs, KC_POE_UNASKED);
}

void kc_trust_add_ocsp_at(kc_trust *t, OCSP_BASICRESP *bs, int64_t at)
{
    forget_chains(t);
    g_ptr_array_add(t->ocsp, bs);
    g_array_append_val(t->ocsp_at, at);
}

int64_t kc_trust_ocsp_at(const kc_trust *t, size_t i)
{
    return t && i < t->ocsp_at->len ? g_array_index(t->ocsp_at, int64_t, i) : KC_POE_NONE;
}

void kc_trust_ocsp_set_at(kc_trust *t, size_t i, int64_t at)
{
    if (t && i < t->ocsp_at->len)
        g_array_index(t->ocsp_at, int64_t, i) = at;
}

size_t kc_trust_ocsp_count(const kc_trust *t)
{
    return t ? t->ocsp->len : 0;
}

OCSP_BASICRESP *kc_trust_ocsp(const kc_trust *t, size_t i)
{
    return t && i < t->ocsp->len ? t->ocsp->pdata[i] : NULL;
}

int kc_trust_use_online(kc_trust *trust, kc_online *online, kc_error *err)
{
    if (!trust)
        return kc_error_set(err, KC_EINVAL, "%s", _("no trust store"));
    forget_chains(trust);
    trust->online = online;
    return 0;
}

kc_online *kc_trust_online(const kc_trust *trust)
{
    return trust ? trust->online : NULL;
}
