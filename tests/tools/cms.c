/* cms.c: the detached CMS SignedData that kc-testsign puts into PDFs and .p7s files.
 *
 * Made with OpenSSL's CMS API the way PDF signers make it: detached, binary content,
 * signed attributes (contentType, signingTime, messageDigest; plus ESS
 * signing-certificate-v2 for ETSI.CAdES.detached), no S/MIME capabilities.  The
 * signing time is whatever the caller says, so fixtures can claim 2021 or the future. */
#include <string.h>

#include <glib.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "testsign.h"

static void ossl_error(const char *file, const char *what)
{
	unsigned long e = ERR_get_error();
	char buf[256] = "";

	if (e)
		ERR_error_string_n(e, buf, sizeof buf);
	ts_error(file, "%s%s%s", what, e ? ": " : "", buf);
	ERR_clear_error();
}

static X509 *load_cert(const char *path)
{
	BIO *b = BIO_new_file(path, "r");
	X509 *x = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;

	if (!x)
		ossl_error(path, "cannot read a PEM certificate");
	BIO_free(b);
	return x;
}

/* Every certificate of a PEM file (a chain file may hold several). */
static int load_certs(const char *path, STACK_OF(X509) *into)
{
	BIO *b = BIO_new_file(path, "r");
	X509 *x;
	int n = 0;

	if (!b) {
		ossl_error(path, "cannot open");
		return -1;
	}
	while ((x = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) {
		if (!sk_X509_push(into, x)) {
			X509_free(x);
			break;
		}
		n++;
	}
	ERR_clear_error(); /* the read that ended the loop */
	BIO_free(b);
	if (n == 0) {
		ts_error(path, "no PEM certificate in the file");
		return -1;
	}
	return 0;
}

static EVP_PKEY *load_key(const char *path)
{
	BIO *b = BIO_new_file(path, "r");
	EVP_PKEY *k = b ? PEM_read_bio_PrivateKey(b, NULL, NULL, NULL) : NULL;

	if (!k)
		ossl_error(path, "cannot read a PEM private key");
	BIO_free(b);
	return k;
}

/* ESS signing-certificate-v2 (RFC 5035), which binds the signer certificate to the
 * signature; PAdES (ETSI.CAdES.detached) requires it. */
static int add_signing_cert_v2(CMS_SignerInfo *si, X509 *cert, const EVP_MD *md, const char *file)
{
	ESS_SIGNING_CERT_V2 *sc = OSSL_ESS_signing_cert_v2_new_init(md, cert, NULL, 1);
	unsigned char *der = NULL;
	int len, ret = -1;

	if (!sc || (len = i2d_ESS_SIGNING_CERT_V2(sc, &der)) <= 0 ||
	    !CMS_signed_add1_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, V_ASN1_SEQUENCE,
					 der, len)) {
		ossl_error(file, "cannot add the signing-certificate-v2 attribute");
		goto out;
	}
	ret = 0;
out:
	OPENSSL_free(der);
	ESS_SIGNING_CERT_V2_free(sc);
	return ret;
}

/* DER tag and length of a body of n bytes, at out (at most 6 bytes). */
static size_t der_head(unsigned char *out, unsigned char tag, size_t n)
{
	size_t k = 0;

	out[k++] = tag;
	if (n < 0x80) {
		out[k++] = (unsigned char)n;
	} else {
		int bytes = n > 0xFFFFFF ? 4 : n > 0xFFFF ? 3 : n > 0xFF ? 2 : 1;
		out[k++] = (unsigned char)(0x80 | bytes);
		for (int b = bytes - 1; b >= 0; b--)
			out[k++] = (unsigned char)(n >> (8 * b));
	}
	return k;
}

/* Appends [tag] EXPLICIT SEQUENCE { file's DER } to buf. */
static int add_wrapped(GByteArray *buf, unsigned char tag, const char *file)
{
	unsigned char *data = NULL, h[12];
	size_t len = 0, k;

	if (ts_read_file(file, &data, &len) < 0)
		return -1;
	k = der_head(h, tag, len + der_head(h, 0x30, len));
	g_byte_array_append(buf, h, (guint)k);
	k = der_head(h, 0x30, len);
	g_byte_array_append(buf, h, (guint)k);
	g_byte_array_append(buf, data, (guint)len);
	g_free(data);
	return 0;
}

/* Adobe's adbe-revocationInfoArchival attribute value (1.2.840.113583.1.1.8, PDF 1.7
 * 12.8.3.3.2), as Acrobat writes it when it signs: RevocationInfoArchival ::= SEQUENCE {
 * crl [0] EXPLICIT SEQUENCE OF CRL OPTIONAL, ocsp [1] EXPLICIT SEQUENCE OF OCSPResponse
 * OPTIONAL, ... }.  In *out, a GByteArray the caller frees. */
int cms_revinfo_value(const char *crl, const char *ocsp, GByteArray **out)
{
	GByteArray *body = g_byte_array_new(), *all = g_byte_array_new();
	unsigned char h[12];

	*out = NULL;
	if ((crl && add_wrapped(body, 0xA0, crl) < 0) || (ocsp && add_wrapped(body, 0xA1, ocsp) < 0)) {
		g_byte_array_free(body, TRUE);
		g_byte_array_free(all, TRUE);
		return -1;
	}
	size_t k = der_head(h, 0x30, body->len);
	g_byte_array_append(all, h, (guint)k);
	g_byte_array_append(all, body->data, body->len);
	g_byte_array_free(body, TRUE);
	*out = all;
	return 0;
}

static int add_revinfo(CMS_SignerInfo *si, const struct cms_opts *o)
{
	GByteArray *all = NULL;
	ASN1_OBJECT *obj = OBJ_txt2obj("1.2.840.113583.1.1.8", 1);
	int ret = -1;

	if (cms_revinfo_value(o->revinfo_crl, o->revinfo_ocsp, &all) < 0)
		goto out;
	if (!obj || !CMS_signed_add1_attr_by_OBJ(si, obj, V_ASN1_SEQUENCE, all->data, (int)all->len)) {
		ossl_error(o->cert, "cannot add adbe-revocationInfoArchival");
		goto out;
	}
	ret = 0;
out:
	ASN1_OBJECT_free(obj);
	if (all)
		g_byte_array_free(all, TRUE);
	return ret;
}

/* The DER element at *p (before end): its start in *at, contents in *body and *n; *p
 * moves past it.  -1 when it is not well formed. */
static int der_next(const unsigned char **p, const unsigned char *end, const unsigned char **at,
		    const unsigned char **body, long *n)
{
	int tag, cls;
	*at = *p;
	const unsigned char *q = *p;
	int r = ASN1_get_object(&q, n, &tag, &cls, end - *p);
	if ((r & 0x80) || (r & 0x01) || *n > end - q)
		return -1;
	*body = q;
	*p = q + *n;
	return 0;
}

/* tag+length+body appended to buf. */
static void der_put(GByteArray *buf, unsigned char tag, const unsigned char *body, size_t n)
{
	unsigned char h[12];
	size_t k = der_head(h, tag, n);
	g_byte_array_append(buf, h, (guint)k);
	g_byte_array_append(buf, body, (guint)n);
}

/* The DER OCSPResponse in `file` put into the crls field of the ContentInfo *der
 * (a CMS signature or a timestamp token) as RFC 5940's other choice:
 * other [1] IMPLICIT SEQUENCE { id-ri-ocsp-response, OCSPResponse }, after the
 * CRLs already there.  OpenSSL writes no such choice; CAdES-LT writers do. *der is
 * replaced (OPENSSL_free'd), both lengths rewritten. */
int cms_add_other_ocsp(unsigned char **der, size_t *len, const char *file)
{
	static const unsigned char oid[] = {0x06, 0x08, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x10, 0x02};
	const unsigned char *p = *der, *end = *der + *len, *at, *body, *ct, *sd, *sdbody;
	unsigned char *data = NULL, *res;
	GByteArray *item = g_byte_array_new(), *sdnew = g_byte_array_new(), *tmp = g_byte_array_new(),
		   *ci = g_byte_array_new();
	long n, ctn, sdn;
	size_t dlen = 0;
	int ret = -1;
	bool done = false;

	if (ts_read_file(file, &data, &dlen) < 0)
		goto out;
	g_byte_array_append(tmp, oid, sizeof oid);
	g_byte_array_append(tmp, data, (guint)dlen);
	der_put(item, 0xA1, tmp->data, tmp->len);
	g_byte_array_set_size(tmp, 0);
	/* ContentInfo { contentType, [0] { SignedData { ... } } } */
	if (der_next(&p, end, &at, &body, &n) < 0)
		goto bad;
	p = body;
	end = body + n;
	const unsigned char *ctat;
	if (der_next(&p, end, &ctat, &ct, &ctn) < 0 || der_next(&p, end, &at, &body, &n) < 0)
		goto bad;
	const unsigned char *ctend = ct + ctn;
	p = body;
	end = body + n;
	if (der_next(&p, end, &sd, &sdbody, &sdn) < 0)
		goto bad;
	p = sdbody;
	end = sdbody + sdn;
	while (p < end) {
		const unsigned char *ebody;
		long en;
		if (der_next(&p, end, &at, &ebody, &en) < 0)
			goto bad;
		if (*at == 0xA1) { /* the crls field: one more choice at its end */
			g_byte_array_append(tmp, ebody, (guint)en);
			g_byte_array_append(tmp, item->data, item->len);
			der_put(sdnew, 0xA1, tmp->data, tmp->len);
			done = true;
		} else if (*at == 0x31 && p == end && !done) { /* signerInfos: a crls field before it */
			der_put(sdnew, 0xA1, item->data, item->len);
			g_byte_array_append(sdnew, at, (guint)(p - at));
			done = true;
		} else {
			g_byte_array_append(sdnew, at, (guint)(p - at));
		}
	}
	if (!done)
		goto bad;
	g_byte_array_set_size(tmp, 0);
	der_put(tmp, 0x30, sdnew->data, sdnew->len);
	g_byte_array_set_size(item, 0);
	g_byte_array_append(item, ctat, (guint)(ctend - ctat));
	der_put(item, 0xA0, tmp->data, tmp->len);
	der_put(ci, 0x30, item->data, item->len);
	if (!(res = OPENSSL_malloc(ci->len)))
		goto out;
	memcpy(res, ci->data, ci->len);
	OPENSSL_free(*der);
	*der = res;
	*len = ci->len;
	ret = 0;
	goto out;
bad:
	ts_error(file, "the SignedData to put the OCSP response in is not as expected");
out:
	g_free(data);
	g_byte_array_free(item, TRUE);
	g_byte_array_free(sdnew, TRUE);
	g_byte_array_free(tmp, TRUE);
	g_byte_array_free(ci, TRUE);
	return ret;
}

/* A DER CRL into the SignedData's crls field (RevocationInfoChoices), which no
 * signature covers. */
static int add_cms_crl(CMS_ContentInfo *cms, const char *file)
{
	unsigned char *data = NULL;
	size_t len = 0;
	int ret = -1;

	if (ts_read_file(file, &data, &len) < 0)
		return -1;
	const unsigned char *p = data;
	X509_CRL *crl = d2i_X509_CRL(NULL, &p, (long)len);
	if (!crl || !CMS_add1_crl(cms, crl))
		ossl_error(file, "cannot add the CRL to the SignedData");
	else
		ret = 0;
	X509_CRL_free(crl);
	g_free(data);
	return ret;
}

int cms_make(const struct cms_opts *o, BIO *content, unsigned char **der, size_t *derlen)
{
	X509 *cert = NULL;
	EVP_PKEY *key = NULL;
	STACK_OF(X509) *chain = sk_X509_new_null();
	CMS_ContentInfo *cms = NULL;
	CMS_SignerInfo *si;
	ASN1_TIME *t = NULL;
	const EVP_MD *md;
	unsigned char *p = NULL;
	unsigned int flags = CMS_BINARY | CMS_NOSMIMECAP;
	int len, ret = -1;

	md = EVP_get_digestbyname(o->md ? o->md : "sha256");
	if (!md) {
		ts_error(o->cert, "unknown digest %s", o->md);
		goto out;
	}
	if (!chain || !(cert = load_cert(o->cert)) || !(key = load_key(o->key)))
		goto out;
	if (!o->signer_only && !o->no_certs)
		for (size_t i = 0; i < o->nchain; i++)
			if (load_certs(o->chain[i], chain) < 0)
				goto out;
	if (o->no_certs)
		flags |= CMS_NOCERTS;

	cms = CMS_sign(NULL, NULL, NULL, NULL, CMS_PARTIAL | CMS_DETACHED | CMS_BINARY);
	if (!cms) {
		ossl_error(o->cert, "CMS_sign");
		goto out;
	}
	si = CMS_add1_signer(cms, cert, key, md, flags);
	if (!si) {
		ossl_error(o->cert, "the key does not fit the certificate or cannot sign");
		goto out;
	}
	for (int i = 0; i < sk_X509_num(chain); i++)
		if (!CMS_add1_cert(cms, sk_X509_value(chain, i))) {
			ossl_error(o->cert, "CMS_add1_cert");
			goto out;
		}
	/* Our own signingTime; OpenSSL adds "now" only when none is present. */
	t = ASN1_TIME_set(NULL, o->when);
	if (!t || !CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, t->type, t, -1)) {
		ossl_error(o->cert, "cannot add signingTime");
		goto out;
	}
	if (o->cades && add_signing_cert_v2(si, cert, md, o->cert) < 0)
		goto out;
	if ((o->revinfo_crl || o->revinfo_ocsp) && add_revinfo(si, o) < 0)
		goto out;
	if (o->cms_crl && add_cms_crl(cms, o->cms_crl) < 0)
		goto out;
	if (!CMS_final(cms, content, NULL, CMS_BINARY | CMS_DETACHED)) {
		ossl_error(o->cert, "CMS_final");
		goto out;
	}
	if (o->zero_signature) {
		/* Same length, all zeros: well-formed DER whose signature cannot verify. */
		ASN1_OCTET_STRING *sig = CMS_SignerInfo_get0_signature(si);
		memset(sig->data, 0, (size_t)sig->length);
	}
	len = i2d_CMS_ContentInfo(cms, &p);
	if (len <= 0) {
		ossl_error(o->cert, "cannot encode the CMS");
		goto out;
	}
	*der = p;
	*derlen = (size_t)len;
	p = NULL;
	if (o->cms_ocsp && cms_add_other_ocsp(der, derlen, o->cms_ocsp) < 0)
		goto out;
	ret = 0;
out:
	OPENSSL_free(p);
	ASN1_TIME_free(t);
	CMS_ContentInfo_free(cms);
	sk_X509_pop_free(chain, X509_free);
	X509_free(cert);
	EVP_PKEY_free(key);
	return ret;
}
