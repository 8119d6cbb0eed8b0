/* cms_anchor.c: the trust anchor a signer's chain ends in, and whether it is
 * a root of the Vietnamese state's PKI.
 *
 * Roles are read from the subject (roles.c, agency*.c), and a subject is only
 * as good as the CA that checked it: the government CA (Ban Cơ yếu Chính phủ)
 * issues officials' and agencies' certificates on their agency's request, and
 * the public CAs under the Vietnam National Root CA are licensed and check an
 * organisation's papers.  A CA a district drops into its trust directory for
 * other signatures (a bank's customer CA, a ministry's own) may write any
 * subject it is asked for, and `OU=UBND xã Thủy An, title=Chủ tịch` under it
 * made Thủy An's leader (README Known limits, rtcert20).  The role is kept
 * (the test PKI, the older G1 root, a province's own CA are anchors the user
 * chose too, and nothing tells them from a bank's), but each signature says
 * which anchor its chain ends in and whether that anchor is one of these
 * roots, which `verify` prints beside a role read so, and `index` says of
 * each document so counted when the store also holds the state's roots
 * (kc_trust_holds_state_root: rtcert21). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "cms_check.h"
#include "cms_internal.h"
#include "trust_internal.h"

/* SHA-256 of the DER SubjectPublicKeyInfo of the state's roots, as shipped in
 * certs/: the key, not the certificate, so that a root re-issued with its key
 * (a new validity) is still the root.  `openssl x509 -noout -pubkey | openssl
 * pkey -pubin -outform DER | openssl dgst -sha256`. */
static const char *const state_roots[] = {
    /* RootCA chuyên dùng Chính phủ G2 (certs/vgca-root-g2.pem) */
    "e1badc253923c7c373bad711bf7cfe9b6fd5e5da0a763826cbb780c5ef6a19a4",
    /* Vietnam National Root CA (certs/vietnam-national-root-ca.pem) */
    "36f628fb6aa8bc08df916a608bb459df8a8d84998e65e371b1be6b14f12ae804",
};

bool kc_cms_anchor_key_sha256(X509 *x, char hex[65])
{
    unsigned char *der = NULL, md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    int len = x ? i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x), &der) : -1;
    bool ok = false;

    if (len <= 0)
        return false;
    if (EVP_Digest(der, (size_t)len, md, &mdlen, EVP_sha256(), NULL) == 1 && mdlen == 32) {
        for (unsigned int i = 0; i < mdlen; i++)
            snprintf(hex + 2 * i, 3, "%02x", md[i]);
        ok = true;
    }
    OPENSSL_free(der);
    return ok;
}

bool kc_cms_anchor_is_state_root(X509 *x)
{
    char hex[65];
    bool yes = false;

    if (!kc_cms_anchor_key_sha256(x, hex))
        return false;
    for (size_t i = 0; i < G_N_ELEMENTS(state_roots) && !yes; i++)
        yes = strcmp(hex, state_roots[i]) == 0;
    return yes;
}

/* A built-in root, or one the trust directory declares (state-roots.txt). */
static bool counts_for_roles(const kc_trust *trust, X509 *x)
{
    char hex[65];
    return kc_cms_anchor_is_state_root(x) ||
           (kc_cms_anchor_key_sha256(x, hex) && kc_trust_root_declared(trust, hex));
}

/* Whether x is one of the store's anchors (the user's self-signed
 * certificates): the chain reached it, not merely stopped there. */
static bool is_anchor(const kc_trust *trust, X509 *x)
{
    X509_STORE *store = trust ? kc_trust_store(trust) : NULL;
    bool yes = false;
    if (!store || X509_STORE_lock(store) != 1) /* the desk's workers share the store */
        return false;
    STACK_OF(X509_OBJECT) *objs = X509_STORE_get0_objects(store);
    for (int i = 0; i < sk_X509_OBJECT_num(objs) && !yes; i++) {
        X509 *a = X509_OBJECT_get0_X509(sk_X509_OBJECT_value(objs, i));
        yes = a && X509_cmp(a, x) == 0;
    }
    X509_STORE_unlock(store);
    return yes;
}

/* The anchor's name as reports show a CA: its CN, else its O, else the whole name. */
static char *anchor_name(X509 *x)
{
    X509_NAME *n = X509_get_subject_name(x);
    static const int nids[] = {NID_commonName, NID_organizationName};
    for (size_t i = 0; i < G_N_ELEMENTS(nids); i++) {
        int at = X509_NAME_get_index_by_NID(n, nids[i], -1);
        unsigned char *utf8 = NULL;
        int len = at >= 0 ? ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(n, at))) : -1;
        if (len > 0 && g_utf8_validate((const char *)utf8, len, NULL) && !memchr(utf8, 0, (size_t)len)) {
            char *s = strndup((const char *)utf8, (size_t)len);
            OPENSSL_free(utf8);
            return s;
        }
        OPENSSL_free(utf8);
    }
    char *o = X509_NAME_oneline(n, NULL, 0), *s = o ? strdup(o) : NULL;
    OPENSSL_free(o);
    return s;
}

bool kc_trust_holds_state_root(const kc_trust *trust)
{
    X509_STORE *store = trust ? kc_trust_store(trust) : NULL;
    bool yes = false;
    if (!store || X509_STORE_lock(store) != 1)
        return false;
    STACK_OF(X509_OBJECT) *objs = X509_STORE_get0_objects(store);
    for (int i = 0; i < sk_X509_OBJECT_num(objs) && !yes; i++)
        yes = kc_cms_anchor_is_state_root(X509_OBJECT_get0_X509(sk_X509_OBJECT_value(objs, i)));
    X509_STORE_unlock(store);
    return yes;
}

void kc_cms_note_anchor(STACK_OF(X509) *chain, const kc_trust *trust, kc_sig_info *info)
{
    int n = sk_X509_num(chain);
    X509 *top = n > 0 ? sk_X509_value(chain, n - 1) : NULL;

    free(info->anchor);
    info->anchor = NULL;
    info->anchor_state = false;
    if (!top || !is_anchor(trust, top))
        return;
    info->anchor = anchor_name(top);
    info->anchor_state = counts_for_roles(trust, top);
}

/* The subject is the CA's word: a bank's customer CA, a ministry's own, that
 * a district drops into its trust directory for other signatures writes
 * "OU=UBND xã Thủy An, title=Chủ tịch" for whoever asks, and that made Thủy
 * An's leader and organisation (rtcert20, said but counted since rtcert21).
 * A chain that reached no anchor is not trusted and counts for nothing
 * anyway; its role is left as read, for the reports. */
void kc_cms_withhold_role(kc_sig_info *info, const kc_roles *roles, const kc_signer_id *who)
{
    info->role_withheld = KC_ROLE_PERSON;
    info->subject_unvouched = !info->anchor_state && (info->anchor || info->trusted) &&
                              !(roles && kc_roles_names_certificate(roles, who));
    if ((info->role != KC_ROLE_LEADER && info->role != KC_ROLE_ORG) || !info->subject_unvouched)
        return;
    info->role_withheld = info->role;
    info->role = KC_ROLE_PERSON;
}
