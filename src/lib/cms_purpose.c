/* cms_purpose.c: whether a signature is one made to sign a document: by a
 * certificate that signs documents, over a document's data.
 *
 * Key usage (digitalSignature or nonRepudiation, cms_check.c) says what a key
 * may do, not what it is for.  A trusted key that signs something else for
 * anyone who asks makes signatures an attacker can carry over into a
 * document's CMS:
 * - a timestamp authority signs a TSTInfo for every request (signed
 *   attributes and all: the TSTInfo becomes the "document");
 * - an OCSP responder signs responses, a TLS server its handshakes;
 * - a certificate authority signs certificates and CRLs, a plain PKCS#1
 *   signature over the to-be-signed DER, which is exactly what a CMS signature
 *   without signed attributes is.  The Vietnam National Root CA's key usage
 *   (like pyHanko's test CAs') includes digitalSignature, so the key-usage rule
 *   alone lets any certificate it issued become a file "signed" by the root.
 * So a signer's extended key usage, when present, must name a use that signs
 * documents, and a certificate authority's certificate never signs one.  Both
 * fail as KC_R_KEY_USAGE, each with its own sentence.
 *
 * Keys that do sign documents sign other protocols' CMS too: a code-signing
 * key's Authenticode signatures are over an SpcIndirectDataContent, a
 * recipient's S/MIME key signs receipts.  Such content carried out as the
 * "document" is the signer's statement about something else, so a document's
 * signature must be over id-data, as its content-type attribute must say
 * (KC_R_BAD_SIGNATURE). */
#include <stdio.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cms_internal.h"
#include "i18n.h"
#include "trust_internal.h"

/* Extended key usages that sign documents or messages: any, S/MIME, TLS
 * client (the usual pair on signing tokens), code signing, Microsoft
 * Document Signing, Adobe Authentic Documents Trust, id-kp-documentSigning
 * (RFC 9336). */
static const char *const signing_ekus[] = {
    "2.5.29.37.0",            /* anyExtendedKeyUsage */
    "1.3.6.1.5.5.7.3.4",      /* emailProtection */
    "1.3.6.1.5.5.7.3.2",      /* clientAuth */
    "1.3.6.1.5.5.7.3.3",      /* codeSigning */
    "1.3.6.1.4.1.311.10.3.12", /* Microsoft Document Signing */
    "1.2.840.113583.1.1.5",   /* Adobe Authentic Documents Trust */
    "1.3.6.1.5.5.7.3.36",     /* id-kp-documentSigning */
};

/* The uses that name documents or messages themselves: a certificate that
 * also answers TLS handshakes as a server counts as a signer's only with one
 * of them (clientAuth, which signing tokens carry, is on web servers'
 * certificates too). */
static const char *const document_ekus[] = {
    "2.5.29.37.0",             /* anyExtendedKeyUsage */
    "1.3.6.1.5.5.7.3.4",       /* emailProtection */
    "1.3.6.1.4.1.311.10.3.12", /* Microsoft Document Signing */
    "1.2.840.113583.1.1.5",    /* Adobe Authentic Documents Trust */
    "1.3.6.1.5.5.7.3.36",      /* id-kp-documentSigning */
};
static const char *const server_eku[] = {"1.3.6.1.5.5.7.3.1"}; /* serverAuth */

/* Whether the certificate is a certificate authority's: basicConstraints
 * cA TRUE, or a key usage that allows signing certificates. */
static bool is_ca(X509 *x)
{
    uint32_t flags = X509_get_extension_flags(x), ku = X509_get_key_usage(x);

    if ((flags & EXFLAG_BCONS) && (flags & EXFLAG_CA))
        return true;
    return ku != UINT32_MAX && (ku & KU_KEY_CERT_SIGN);
}

bool kc_cms_eku_allows(X509 *x, const char *const *oids, size_t n, char *what, size_t size)
{
    int crit = -1;
    EXTENDED_KEY_USAGE *eku = X509_get_ext_d2i(x, NID_ext_key_usage, &crit, NULL);
    bool ok = false;

    what[0] = '\0';
    if (!eku) {
        /* -1: no such extension.  Twice (-2) or unreadable: no use is certain. */
        if (crit == -1)
            return true;
        snprintf(what, size, "?");
        return false;
    }
    for (int i = 0; i < sk_ASN1_OBJECT_num(eku) && !ok; i++) {
        ASN1_OBJECT *o = sk_ASN1_OBJECT_value(eku, i);
        char oid[80], name[80];
        size_t used = strlen(what);

        OBJ_obj2txt(oid, sizeof oid, o, 1);
        for (size_t k = 0; k < n; k++)
            if (strcmp(oid, oids[k]) == 0)
                ok = true;
        OBJ_obj2txt(name, sizeof name, o, 0);
        if (used + 2 < size)
            snprintf(what + used, size - used, "%s%s", used ? ", " : "", name);
    }
    EXTENDED_KEY_USAGE_free(eku);
    return ok;
}

/* The extended key usage: absent, or naming a signing use; and when it
 * names serverAuth (the key of a web server, which whoever runs the server
 * holds: a commune's site's certificate names the committee, with clientAuth
 * beside serverAuth as public CAs issue them), also a use for documents. */
static bool eku_signs(X509 *x, char *what, size_t size)
{
    char unused[256];
    if (!kc_cms_eku_allows(x, signing_ekus, sizeof signing_ekus / sizeof *signing_ekus, what, size))
        return false;
    /* (No extension: both allow, and it signs.) */
    return !kc_cms_eku_allows(x, server_eku, 1, unused, sizeof unused) ||
           kc_cms_eku_allows(x, document_ekus, sizeof document_ekus / sizeof *document_ekus, unused, sizeof unused);
}

bool kc_cms_purpose_problem(X509 *signer, char *why, size_t size)
{
    char what[256];

    if (is_ca(signer)) {
        snprintf(why, size, "%s",
                 _("The signer's certificate is a certification authority's: its key signs certificates and "
                   "revocation lists, which anyone can carry over as a signature, not documents."));
        return true;
    }
    if (!eku_signs(signer, what, sizeof what)) {
        snprintf(why, size,
                 _("The signer's certificate is meant for %s (extended key usage), not for signing documents: "
                   "that key signs for anyone who asks, and its signatures can be carried over."),
                 what);
        return true;
    }
    return false;
}

void kc_cms_check_purpose(X509 *signer, kc_sig_info *info)
{
    char why[512];

    if (kc_cms_purpose_problem(signer, why, sizeof why))
        kc_cms_fail(info, KC_R_KEY_USAGE, "%s", why);
}

void kc_cms_check_chain_purpose(STACK_OF(X509) *chain, kc_sig_info *info)
{
    char what[256];

    /* RFC 5280 leaves an authority's extended key usage undefined; every
     * relying party that reads it (Windows, Mozilla, OpenSSL given a purpose)
     * reads it as a limit on what the authority issues, and a sub-CA made for
     * TLS checks only who controls a domain. */
    for (int i = 1; i < sk_X509_num(chain); i++) {
        X509 *ca = sk_X509_value(chain, i);
        char name[256] = "?";

        if (eku_signs(ca, what, sizeof what))
            continue;
        if (X509_NAME_get_text_by_NID(X509_get_subject_name(ca), NID_commonName, name, sizeof name) < 0)
            snprintf(name, sizeof name, "?");
        kc_cms_fail(info, KC_R_KEY_USAGE,
             _("The certification authority \"%s\" of the signer's chain issues only for %s (extended key usage), "
               "not for signing documents: a certificate it issued does not sign documents either."),
             name, what);
        return;
    }
}

/* The first certificate of list other than signer that is a certification
 * authority's and holds signer's public key, or NULL. */
static X509 *ca_with_key(STACK_OF(X509) *list, X509 *signer, EVP_PKEY *key)
{
    for (int i = 0; i < sk_X509_num(list); i++) {
        X509 *x = sk_X509_value(list, i);
        EVP_PKEY *k = X509_get0_pubkey(x);
        if (x != signer && X509_cmp(x, signer) != 0 && is_ca(x) && k && EVP_PKEY_eq(k, key) == 1)
            return x;
    }
    return NULL;
}

void kc_cms_check_shared_key(X509 *signer, STACK_OF(X509) *chain, const kc_trust *trust, kc_sig_info *info)
{
    EVP_PKEY *key = X509_get0_pubkey(signer);
    STACK_OF(X509) *anchors = NULL;
    X509 *ca;
    char name[256] = "?";

    if (!key)
        return;
    /* The chain first; the store's intermediates and anchors for a CA the
     * signer's chain does not pass through (its key in another's leaf). */
    ca = ca_with_key(chain, signer, key);
    if (!ca && trust)
        ca = ca_with_key(kc_trust_intermediates(trust), signer, key);
    if (!ca && trust && (anchors = X509_STORE_get1_all_certs(kc_trust_store(trust))))
        ca = ca_with_key(anchors, signer, key);
    if (ca) {
        if (X509_NAME_get_text_by_NID(X509_get_subject_name(ca), NID_commonName, name, sizeof name) < 0)
            snprintf(name, sizeof name, "?");
        kc_cms_fail(info, KC_R_KEY_USAGE,
             _("The signer's certificate holds the key of the certification authority \"%s\": that key signs "
               "certificates and revocation lists, which anyone can carry over as a signature, not documents."),
             name);
    }
    sk_X509_pop_free(anchors, X509_free);
}

void kc_cms_check_content_type(const kc_cms *cms, kc_sig_info *info)
{
    const ASN1_OBJECT *etype = CMS_get0_eContentType(cms->ci), *ctype;
    char oid[80] = "?";

    if (OBJ_obj2nid(etype) != NID_pkcs7_data) {
        if (etype)
            OBJ_obj2txt(oid, sizeof oid, etype, 1);
    } else if (CMS_signed_get_attr_count(cms->si) > 0) {
        /* Exactly one content-type attribute with one value, the encapsulated
         * type (RFC 5652 11.1); one that is missing is said by cms_check.c. */
        if (CMS_signed_get_attr_by_NID(cms->si, NID_pkcs9_contentType, -1) < 0)
            return;
        ctype = CMS_signed_get0_data_by_OBJ(cms->si, OBJ_nid2obj(NID_pkcs9_contentType), -3, V_ASN1_OBJECT);
        if (ctype && OBJ_cmp(ctype, etype) == 0)
            return;
        if (ctype)
            OBJ_obj2txt(oid, sizeof oid, ctype, 1);
    } else {
        return;
    }
    kc_cms_fail(info, KC_R_BAD_SIGNATURE,
         _("The signature is over another kind of content (%s) than a document's data: "
           "another protocol's signature carried over."), oid);
}
