/* seal_refresh.c: `seal` brings the documents' revocation data in
 * validation/ up to the sealing time (seal3).
 *
 * `ingest` keeps the CRLs the trust directory held then.  Offline with an old
 * directory, a CRL of a signer's CA may already be past its nextUpdate: once
 * the signer's certificate has expired, such a CRL no longer speaks of him at
 * the seal's proven time (cms_revbounds.c, rttime10), and a document without
 * its own timestamp turns `indeterminate` decades later, although the commune
 * held the CA's current CRL when it sealed.  EU DSS reads an archive
 * timestamp (here the seal and its token) as covering the validation data
 * present when it was made, and extends a signature's data before it
 * timestamps it (the -LT step before -LTA); so does `seal`: the CRLs at hand
 * (the trust directory, and with --online what the distribution points
 * serve) of every chain a record names, current at the sealing time and not
 * in the record yet, are added to that signature's or timestamp's "crls" and
 * stored under validation/crls/, index.json and the tag manifest rewritten,
 * all before the seal's manifest is made, so the seal covers them.
 *
 * The layout of index.json does not change (a record's "crls" lists what its
 * verdict may rest on), so older kiemchung reads a refreshed dossier and a
 * dossier sealed before stays as it was.  When nothing is to be added, the
 * dossier's bytes are copied unchanged.  `seal --renew` cannot rewrite
 * validation/, which the seal covers: it keeps what this finds at its time
 * in the token it covers instead (dossier_renew.c, rttime17). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "cms_internal.h"
#include "dossier_model.h"
#include "i18n.h"
#include "ltv.h"
#include "seal.h"
#include "seal_refresh.h"
#include "util.h"

struct kc_seal_refresh {
    kc_ltv_index *ix;
    GHashTable *blobs;   /* new validation/crls/ name → GBytes */
    GPtrArray *names;    /* those names, sorted */
    char *index;         /* the new index.json */
    size_t index_len;
    char *tags;          /* the new tagmanifest-sha256.txt */
    size_t tags_len;
    size_t added;        /* references added to records */
    GPtrArray *stale;    /* documents left with only stale CRLs of their signer's CA */
    char *stale_ca;      /* the first such CA's name */
    char *bad;           /* why the first object not what its name says was refused */
    /* Many documents share a chain (one chairman signs them all): what a
     * chain gets, and whether a chain with a list of CRLs is left stale,
     * are worked out once (a chain is built and each CRL's signature
     * checked per chain, not per document). */
    GHashTable *chains;  /* the certificates' names, joined → chain_memo */
    GHashTable *verdicts; /* those and the CRLs' names, joined → GINT_TO_POINTER(1 + stale) */
};

typedef struct chain_memo {
    X509 *leaf;          /* NULL when the dossier does not hold it */
    X509 *issuer;        /* leaf's issuer in its chain, NULL when none was built */
    GPtrArray *names;    /* validation/crls/ names of the CRLs at hand current at t */
    GPtrArray *ders;     /* their DER (GBytes) */
} chain_memo;

static void chain_memo_free(gpointer p)
{
    chain_memo *m = p;
    X509_free(m->leaf);
    X509_free(m->issuer);
    g_ptr_array_free(m->names, TRUE);
    g_ptr_array_free(m->ders, TRUE);
    g_free(m);
}

void kc_seal_refresh_free(kc_seal_refresh *r)
{
    if (!r)
        return;
    kc_ltv_index_free(r->ix);
    if (r->blobs)
        g_hash_table_destroy(r->blobs);
    if (r->names)
        g_ptr_array_free(r->names, TRUE);
    free(r->index);
    g_free(r->tags);
    if (r->stale)
        g_ptr_array_free(r->stale, TRUE);
    if (r->chains)
        g_hash_table_destroy(r->chains);
    if (r->verdicts)
        g_hash_table_destroy(r->verdicts);
    g_free(r->stale_ca);
    g_free(r->bad);
    free(r);
}

/* The bytes of the validation object name, read as check reads them
 * (kc_ltv_read_blob): an object under another's name (the tag manifest made
 * to agree) would have the seal fetch CRLs for a chain the record never
 * named and vouch for a folder check then finds wrong; the first such name
 * makes kc_seal_refresh_new refuse.  One the dossier lacks is let be, as
 * before: check reports it. */
static char *read_blob(kc_seal_refresh *r, kc_zr *zr, const char *name, size_t *len)
{
    char *der = NULL;
    kc_ltv_kind kind;
    kc_error e = {0};

    if (!name || kc_zr_find(zr, name) < 0)
        return NULL;
    if (kc_ltv_read_blob(&der, len, &kind, zr, name, &e) != 0 && !r->bad)
        r->bad = g_strdup(e.message);
    return der;
}

/* The certificate stored in the dossier as name, or NULL. */
static X509 *read_cert(kc_seal_refresh *r, kc_zr *zr, const char *name)
{
    size_t len = 0;
    char *der = read_blob(r, zr, name, &len);
    const unsigned char *p = (const unsigned char *)der;
    X509 *x = der ? d2i_X509(NULL, &p, (long)len) : NULL;

    free(der);
    return x;
}

/* Whether the JSON array holds the string s. */
static bool names_string(JsonArray *a, const char *s)
{
    for (guint i = 0; i < json_array_get_length(a); i++)
        if (g_strcmp0(json_array_get_string_element(a, i), s) == 0)
            return true;
    return false;
}

/* Whether crl, of x's issuer's name, speaks of x at t as a checker will read
 * it (kc_seal_crl_speaks): the CRL of another root's CA of the same name,
 * current when sealed, was taken as the CA's, and seal said nothing was
 * missing for a dossier that turns indeterminate once the signer's
 * certificate ends (atktime).  Without a chain (issuer NULL) the name and
 * the dates are all there is to go by. */
static bool current_for(X509_CRL *crl, X509 *x, X509 *issuer, const kc_trust *trust, int64_t t)
{
    if (!issuer)
        return X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_issuer_name(x)) == 0 && kc_seal_crl_current(crl, t) &&
               kc_cms_crl_covers(crl, x);
    return kc_seal_crl_speaks(crl, x, issuer, trust, t);
}

/* After the refresh: whether the object's CRLs (refs, stored in the dossier
 * or added now) hold one of leaf's issuer, and whether one of them is
 * current at t.  A record with CRLs of the CA, none current when sealed,
 * is one whose document turns indeterminate once its signer's certificate
 * ends (cms_revbounds.c); one with none at all is judged offline, where
 * missing data is no failure. */
static void issuer_coverage(kc_seal_refresh *r, JsonArray *refs, const chain_memo *m, const kc_trust *trust,
                            kc_zr *zr, int64_t t, bool *any, bool *current)
{
    *any = *current = false;
    for (guint i = 0; refs && i < json_array_get_length(refs) && !*current; i++) {
        const char *name = json_array_get_string_element(refs, i);
        GBytes *b = name ? g_hash_table_lookup(r->blobs, name) : NULL;
        char *der = NULL;
        size_t len = 0;
        const unsigned char *p = NULL;
        gsize n = 0;

        if (b) {
            p = g_bytes_get_data(b, &n);
            len = n;
        } else if ((der = read_blob(r, zr, name, &len))) {
            p = (const unsigned char *)der;
        }
        X509_CRL *crl = p ? d2i_X509_CRL(NULL, &p, (long)len) : NULL;
        if (crl && X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_issuer_name(m->leaf)) == 0) {
            *any = true;
            *current = current_for(crl, m->leaf, m->issuer, trust, t);
        }
        X509_CRL_free(crl);
        free(der);
    }
    ERR_clear_error();
}

/* The names of a JSON array of strings, joined by new lines (g_free). */
static char *joined(JsonArray *a)
{
    GString *g = g_string_new(NULL);
    for (guint i = 0; a && i < json_array_get_length(a); i++) {
        const char *e = json_array_get_string_element(a, i);
        g_string_append(g, e ? e : "");
        g_string_append_c(g, '\n');
    }
    return g_string_free(g, FALSE);
}

/* Notes the document when its signer's CA has CRLs in its record but none
 * current at t (seal_refresh's warning).  key: the chain's. */
static void note_stale(kc_seal_refresh *r, JsonObject *o, const char *key, const char *path, const chain_memo *m,
                       const kc_trust *trust, kc_zr *zr, int64_t t)
{
    JsonNode *ln = json_object_get_member(o, "crls");
    JsonArray *refs = ln && JSON_NODE_HOLDS_ARRAY(ln) ? json_node_get_array(ln) : NULL;
    char *list = joined(refs), *vkey = g_strconcat(key, "\n", list, NULL);
    gpointer seen = g_hash_table_lookup(r->verdicts, vkey);
    bool any, current, stale;

    g_free(list);
    if (seen) {
        stale = GPOINTER_TO_INT(seen) == 2;
        g_free(vkey);
    } else {
        issuer_coverage(r, refs, m, trust, zr, t, &any, &current);
        stale = any && !current;
        g_hash_table_insert(r->verdicts, vkey, GINT_TO_POINTER(1 + stale));
    }
    if (!stale)
        return;
    if (!r->stale_ca) {
        bool nomem = false;
        char *cn = kc_cms_name_entry(X509_get_issuer_name(m->leaf), NID_commonName, &nomem);
        r->stale_ca = g_strdup(cn ? cn : "?");
        free(cn);
    }
    if (!r->stale->len || strcmp(g_ptr_array_index(r->stale, r->stale->len - 1), path) != 0)
        g_ptr_array_add(r->stale, g_strdup(path));
}

/* What the chain named by certs (signer first) gets: its leaf, and the CRLs
 * at hand of its issuers current at t (the trust directory's, --online's). */
static chain_memo *chain_for(kc_seal_refresh *r, JsonArray *certs, const char *key, kc_zr *zr,
                             const kc_trust *trust, int64_t t)
{
    chain_memo *m = g_hash_table_lookup(r->chains, key);
    STACK_OF(X509) *extra;
    STACK_OF(X509_CRL) *crls;

    if (m)
        return m;
    m = g_new0(chain_memo, 1);
    m->names = g_ptr_array_new_with_free_func(g_free);
    m->ders = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
    g_hash_table_insert(r->chains, g_strdup(key), m);
    if (!(extra = sk_X509_new_null()))
        return m;
    for (guint i = 0; certs && i < json_array_get_length(certs); i++) {
        X509 *x = read_cert(r, zr, json_array_get_string_element(certs, i));
        if (!x)
            continue;
        if (!m->leaf)
            m->leaf = x;
        else if (!sk_X509_push(extra, x))
            X509_free(x);
    }
    crls = m->leaf ? kc_seal_chain_crls(m->leaf, extra, trust, t) : NULL;
    if (m->leaf) { /* the issuer the checker will hold the CRLs to (current_for) */
        STACK_OF(X509) *chain = kc_ltv_chain(m->leaf, extra, trust);
        if (sk_X509_num(chain) > 1 && X509_up_ref(sk_X509_value(chain, 1)))
            m->issuer = sk_X509_value(chain, 1);
        sk_X509_pop_free(chain, X509_free);
    }
    for (int i = 0; crls && i < sk_X509_CRL_num(crls); i++) {
        unsigned char *der = NULL;
        int n = i2d_X509_CRL(sk_X509_CRL_value(crls, i), &der);
        char *name = n > 0 ? kc_ltv_blob_name(KC_LTV_CRL, der, (size_t)n) : NULL;
        if (name) {
            g_ptr_array_add(m->names, name);
            g_ptr_array_add(m->ders, g_bytes_new(der, (gsize)n));
        }
        OPENSSL_free(der);
    }
    sk_X509_CRL_pop_free(crls, X509_CRL_free);
    sk_X509_pop_free(extra, X509_free);
    ERR_clear_error();
    return m;
}

/* The CRLs at hand current at t of the chain one signature or timestamp
 * object names (its "certificates", signer first), added to its "crls". */
static int refresh_object(kc_seal_refresh *r, JsonObject *o, const char *path, kc_zr *zr, const kc_trust *trust,
                          int64_t t, kc_error *err)
{
    JsonNode *cn = json_object_get_member(o, "certificates");
    JsonArray *certs = cn && JSON_NODE_HOLDS_ARRAY(cn) ? json_node_get_array(cn) : NULL;
    char *key = joined(certs);
    chain_memo *m = chain_for(r, certs, key, zr, trust, t);

    (void)err;
    for (guint i = 0; m->leaf && i < m->names->len; i++) {
        const char *name = m->names->pdata[i];
        JsonNode *ln = json_object_get_member(o, "crls");
        if (!ln || !JSON_NODE_HOLDS_ARRAY(ln)) {
            json_object_set_array_member(o, "crls", json_array_new());
            ln = json_object_get_member(o, "crls");
        }
        if (names_string(json_node_get_array(ln), name))
            continue;
        json_array_add_string_element(json_node_get_array(ln), name);
        r->added++;
        /* Stored once, however many records name it; one the dossier
         * holds already (another record's) is not written again. */
        if (kc_zr_find(zr, name) < 0 && !g_hash_table_contains(r->blobs, name)) {
            g_hash_table_insert(r->blobs, g_strdup(name), g_bytes_ref(m->ders->pdata[i]));
            g_ptr_array_add(r->names, g_strdup(name));
        }
    }
    if (m->leaf)
        note_stale(r, o, key, path, m, trust, zr, t);
    g_free(key);
    return 0;
}

static int refresh_list(kc_seal_refresh *r, JsonObject *rec, const char *member, kc_zr *zr, const kc_trust *trust,
                        int64_t t, kc_error *err)
{
    JsonNode *n = json_object_get_member(rec, member);
    JsonArray *a = n && JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;
    int rc = 0;

    for (guint i = 0; rc == 0 && a && i < json_array_get_length(a); i++) {
        JsonNode *e = json_array_get_element(a, i);
        if (JSON_NODE_HOLDS_OBJECT(e))
            rc = refresh_object(r, json_node_get_object(e), json_object_get_string_member(rec, "path"), zr, trust,
                                t, err);
    }
    return rc;
}

static int put_tag(void *ud, const char *path, const char *hex, size_t line)
{
    (void)line;
    g_hash_table_insert(ud, g_strdup(path), g_strdup(hex));
    return 0;
}

static int cmp_pstr(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The tag manifest as ingest writes it (sorted by name), with index.json's
 * new digest and a line for each new CRL. */
static int rewrite_tags(kc_seal_refresh *r, kc_zr *zr, kc_error *err)
{
    GHashTable *tags = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    int64_t at = kc_zr_find(zr, "tagmanifest-sha256.txt");
    unsigned char sha[32];
    char hex[65], *text = NULL;
    size_t len = 0;
    int rc;

    if (at < 0) {
        rc = kc_error_set(err, KC_EFORMAT, "%s", _("it has no tagmanifest-sha256.txt"));
        goto out;
    }
    if ((rc = kc_zr_read_all(&text, &len, zr, (size_t)at, KC_TAG_MAX, err)) != 0 ||
        (rc = kc_bag_parse_manifest(text, len, "tagmanifest-sha256.txt", put_tag, tags, err)) != 0)
        goto out;
    EVP_Digest(r->index, r->index_len, sha, NULL, EVP_sha256(), NULL);
    g_hash_table_insert(tags, g_strdup(KC_LTV_INDEX), g_strdup(kc_hex_encode(hex, sha, 32)));
    for (guint i = 0; i < r->names->len; i++) {
        gsize n = 0;
        const void *p = g_bytes_get_data(g_hash_table_lookup(r->blobs, r->names->pdata[i]), &n);
        EVP_Digest(p, n, sha, NULL, EVP_sha256(), NULL);
        g_hash_table_insert(tags, g_strdup(r->names->pdata[i]), g_strdup(kc_hex_encode(hex, sha, 32)));
    }
    GPtrArray *keys = g_ptr_array_new();
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, tags);
    while (g_hash_table_iter_next(&it, &key, NULL))
        g_ptr_array_add(keys, key);
    g_ptr_array_sort(keys, cmp_pstr);
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < keys->len; i++)
        g_string_append_printf(s, "%s  %s\n", (char *)g_hash_table_lookup(tags, keys->pdata[i]),
                               (char *)keys->pdata[i]);
    g_ptr_array_free(keys, TRUE);
    r->tags_len = s->len;
    r->tags = g_string_free(s, FALSE);
out:
    free(text);
    g_hash_table_destroy(tags);
    return rc;
}

int kc_seal_refresh_new(kc_seal_refresh **out, kc_zr *zr, GHashTable *expect, const kc_trust *trust, int64_t t,
                        bool renewal, GPtrArray *warnings, kc_error *err)
{
    int64_t at = kc_zr_find(zr, KC_LTV_INDEX);
    kc_seal_refresh *r = NULL;
    unsigned char sha[32];
    char hex[65], *json = NULL;
    size_t len = 0;
    GPtrArray *records = NULL;
    int rc = 0;

    *out = NULL;
    if (at < 0 || !trust)
        return 0;
    if (!(r = calloc(1, sizeof *r)))
        return kc_error_oom(err);
    r->blobs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_bytes_unref);
    r->names = g_ptr_array_new_with_free_func(g_free);
    r->stale = g_ptr_array_new_with_free_func(g_free);
    r->chains = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, chain_memo_free);
    r->verdicts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if ((rc = kc_zr_read_all(&json, &len, zr, (size_t)at, KC_TAG_MAX, err)) != 0)
        goto out;
    /* The index rewritten is the one the tag manifest vouches for: a changed
     * one would otherwise come out under a fresh digest and the seal. */
    EVP_Digest(json, len, sha, NULL, EVP_sha256(), NULL);
    if (g_strcmp0(g_hash_table_lookup(expect, KC_LTV_INDEX), kc_hex_encode(hex, sha, 32)) != 0) {
        rc = kc_error_set(err, KC_EFORMAT, _("%s is not what its tag manifest records (run kiemchung check)"),
                          KC_LTV_INDEX);
        goto out;
    }
    if ((rc = kc_ltv_index_parse(&r->ix, json, len, err)) != 0)
        goto out;
    for (size_t i = 0; rc == 0 && i < kc_ltv_index_count(r->ix); i++) {
        JsonObject *rec = kc_ltv_index_record(r->ix, i);
        if ((rc = refresh_list(r, rec, "signatures", zr, trust, t, err)) == 0)
            rc = refresh_list(r, rec, "timestamps", zr, trust, t, err);
    }
    if (rc == 0 && r->bad)
        rc = kc_error_set(err, KC_EFORMAT, _("%s (run kiemchung check)"), r->bad);
    if (rc == 0 && r->stale->len && warnings && !renewal)
        g_ptr_array_add(warnings,
                        g_strdup_printf(_("no CRL of %s current now is at hand (--trust, --online) for %s (%u signed "
                                          "documents in all): validation/ holds only CRLs of it past their next "
                                          "update, so once the signers' certificates end these documents are "
                                          "indeterminate; bring the CA's current CRL into the trust directory, or "
                                          "--online, and seal again"),
                                        r->stale_ca, (char *)r->stale->pdata[0], r->stale->len));
    else if (rc == 0 && r->stale->len && warnings)
        g_ptr_array_add(warnings,
                        g_strdup_printf(_("no CRL of %s current now is at hand (--trust, --online) for %s (%u signed "
                                          "documents in all), nor one current when it was sealed: once the signers' "
                                          "certificates end these documents are indeterminate; bring the CA's "
                                          "current CRL into the trust directory, or --online, and renew again"),
                                        r->stale_ca, (char *)r->stale->pdata[0], r->stale->len));
    if (rc != 0 || !r->added)
        goto out;
    g_ptr_array_sort(r->names, cmp_pstr);
    records = g_ptr_array_new();
    for (size_t i = 0; i < kc_ltv_index_count(r->ix); i++)
        g_ptr_array_add(records, kc_ltv_index_record(r->ix, i));
    if (!(r->index = kc_ltv_index_write(records))) {
        rc = kc_error_oom(err);
        goto out;
    }
    r->index_len = strlen(r->index);
    if ((rc = rewrite_tags(r, zr, err)) != 0)
        goto out;
    *out = r;
    r = NULL;
out:
    if (records)
        g_ptr_array_free(records, TRUE);
    free(json);
    kc_seal_refresh_free(r);
    return rc;
}

size_t kc_seal_refresh_added(const kc_seal_refresh *r) { return r ? r->added : 0; }
size_t kc_seal_refresh_new_count(const kc_seal_refresh *r) { return r ? r->names->len : 0; }
const char *kc_seal_refresh_new_name(const kc_seal_refresh *r, size_t i) { return r->names->pdata[i]; }

const void *kc_seal_refresh_blob(const kc_seal_refresh *r, const char *name, size_t *len)
{
    GBytes *b = r ? g_hash_table_lookup(r->blobs, name) : NULL;
    gsize n = 0;
    const void *p = b ? g_bytes_get_data(b, &n) : NULL;
    *len = n;
    return p;
}

const char *kc_seal_refresh_replaced(const kc_seal_refresh *r, const char *name, size_t *len)
{
    if (!r)
        return NULL;
    if (strcmp(name, KC_LTV_INDEX) == 0) {
        *len = r->index_len;
        return r->index;
    }
    if (strcmp(name, "tagmanifest-sha256.txt") == 0) {
        *len = r->tags_len;
        return r->tags;
    }
    return NULL;
}
