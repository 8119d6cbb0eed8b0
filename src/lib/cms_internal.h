/* cms_internal.h (internal): what cms_check.c and cms_time.c share. */
#ifndef KC_CMS_INTERNAL_H
#define KC_CMS_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <openssl/cms.h>
#include <openssl/evp.h>

#include "cms_check.h"

struct kc_cms {
    CMS_ContentInfo *ci;
    CMS_SignerInfo *si; /* borrowed from ci */
    const EVP_MD *md;   /* the content digest */
    char digest_name[32];
};

/* d2i_CMS_ContentInfo with the certificates shared through the trust store
 * (cms_der.c); *used is the length of the DER parsed.  NULL when that path
 * does not apply or fails: parse the ordinary way then. */
CMS_ContentInfo *kc_cms_d2i_shared(const kc_trust *trust, const unsigned char *der, size_t len,
                                   size_t *used);

/* Records a reason; the first problem found also becomes the detail sentence. */
void kc_cms_fail(kc_sig_info *info, unsigned bit, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void kc_cms_fmt_time(int64_t t, char buf[32]);
bool kc_cms_asn1_time_unix(const ASN1_TIME *t, int64_t *out);

/* Decides checked_at, time_source and signing_time (see verify.h); *proven is
 * the timestamp's time when one verified against the trust store, else 0. */
void kc_cms_choose_time(const kc_cms *cms, const kc_trust *trust, const kc_verify_opts *opts,
                        kc_sig_info *info, int64_t *proven);

#endif
