/* clock_floor.c: the earliest the real time can be (clock_floor.h).
 *
 * A PC whose clock is years behind took an ended TSA's token for a running
 * one: asked in 2034 (the PC saying 2031-03), LTV Test TSA 2025, ended
 * 2031-06-30, answered a token of 2031-01-01, and `seal --renew` kept it,
 * while `check` on any right clock finds that archive timestamp proving
 * nothing (rttime22).  Nothing in the token tells the real time (whoever
 * holds the ended key writes what it likes), but the archivist's CRLs do:
 * a CRL of the CA's, issued on 2034-05-01, was not written in 2031.  Only a
 * CRL signed by an anchor, or by a CA certificate an anchor signed, counts:
 * anyone may add a certificate and a CRL of his own to the store, and a
 * floor they set could only refuse more, yet no stranger sets it.  The
 * floor is read where the clock decides alone whether a TSA has ended (a
 * token asked for now, tsa.c), never to accept what the clock refuses. */
#include <openssl/err.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>

#include "cms_internal.h"
#include "clock_floor.h"
#include "trust_internal.h"

/* Whether one of the anchors signed x (its issuer's name, its key). */
static bool anchor_signed(STACK_OF(X509_OBJECT) *objs, X509 *x)
{
    for (int i = 0; i < sk_X509_OBJECT_num(objs); i++) {
        X509 *a = X509_OBJECT_get0_X509(sk_X509_OBJECT_value(objs, i));
        if (a && X509_NAME_cmp(X509_get_subject_name(a), X509_get_issuer_name(x)) == 0 &&
            X509_verify(x, X509_get0_pubkey(a)) == 1)
            return true;
    }
    return false;
}

/* Whether crl is signed by an anchor, or by a CA certificate among the
 * intermediates that an anchor signed. */
static bool vouched(STACK_OF(X509_OBJECT) *objs, STACK_OF(X509) *inter, X509_CRL *crl)
{
    for (int i = 0; i < sk_X509_OBJECT_num(objs); i++) {
        X509 *a = X509_OBJECT_get0_X509(sk_X509_OBJECT_value(objs, i));
        if (a && X509_NAME_cmp(X509_get_subject_name(a), X509_CRL_get_issuer(crl)) == 0 &&
            X509_CRL_verify(crl, X509_get0_pubkey(a)) == 1)
            return true;
    }
    for (int i = 0; i < sk_X509_num(inter); i++) {
        X509 *c = sk_X509_value(inter, i);
        if (X509_check_ca(c) && X509_NAME_cmp(X509_get_subject_name(c), X509_CRL_get_issuer(crl)) == 0 &&
            X509_CRL_verify(crl, X509_get0_pubkey(c)) == 1 && anchor_signed(objs, c))
            return true;
    }
    return false;
}

int64_t kc_clock_floor(const kc_trust *trust, char *issuer, size_t size)
{
    X509_STORE *store = trust ? kc_trust_store(trust) : NULL;
    STACK_OF(X509_CRL) *crls = trust ? kc_trust_crls(trust) : NULL;
    STACK_OF(X509) *inter = trust ? kc_trust_intermediates(trust) : NULL;
    X509_CRL *best = NULL;
    int64_t floor = 0;

    if (issuer && size)
        issuer[0] = '\0';
    if (!store || !crls || X509_STORE_lock(store) != 1) /* the desk's workers share the store */
        return 0;
    STACK_OF(X509_OBJECT) *objs = X509_STORE_get0_objects(store);
    for (int i = 0; i < sk_X509_CRL_num(crls); i++) {
        X509_CRL *crl = sk_X509_CRL_value(crls, i);
        int64_t at = 0;
        if (kc_cms_asn1_time_unix(X509_CRL_get0_lastUpdate(crl), &at) && at > floor && vouched(objs, inter, crl)) {
            floor = at;
            best = crl;
        }
    }
    X509_STORE_unlock(store);
    if (best && issuer && size) {
        bool nomem = false;
        char *cn = kc_cms_name_entry(X509_CRL_get_issuer(best), NID_commonName, &nomem);
        if (!cn)
            cn = kc_cms_name_entry(X509_CRL_get_issuer(best), NID_organizationName, &nomem);
        snprintf(issuer, size, "%s", cn ? cn : "?");
        free(cn);
    }
    ERR_clear_error();
    return floor;
}

int64_t kc_trust_clock_floor(const kc_trust *trust, char *issuer, size_t size)
{
    return kc_clock_floor(trust, issuer, size);
}
