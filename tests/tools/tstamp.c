/* tstamp.c: RFC 3161 timestamps for the fixtures: the TSA's reply at a chosen
 * time, tokens attached to a PDF signature, and document timestamps.
 *
 *   kc-testsign sigvalue IN.pdf OUT.bin [--nth N]
 *       the signature value of the Nth signature (1 = first in the file; default the
 *       last): what an id-aa-signatureTimeStampToken is over (`openssl ts -query -data`)
 *   kc-testsign tsa-reply QUERY.tsq TOKEN.der --cert C.pem --key K.pem --time T
 *                         [--md sha256|sha1] [--chain F.pem] [--resp]
 *                         [--crl C.der] [--revinfo-ocsp O.der] [--cms-ocsp O.der]
 *       the TimeStampToken a TSA would answer QUERY with, with genTime T
 *       (`openssl ts -reply` cannot back-date, and the fixtures need 2021);
 *       with --resp, the whole TimeStampResp (what a TSA sends over HTTP);
 *       --crl puts a DER CRL into the token's crls field, --revinfo-ocsp an OCSP
 *       response into an unsigned adbe-revocationInfoArchival attribute of its
 *       signer, --cms-ocsp one into its crls field as RFC 5940's other choice;
 *       --ess-cert C2.pem names C2, not C, in the token's ESS signing-certificate-v2
 *   kc-testsign add-token IN.pdf OUT.pdf TOKEN.der... [--nth N]
 *       each token appended, as its own unsigned attribute, to the SignerInfo of the
 *       Nth signature; /Contents is rewritten in place (the byte ranges do not change)
 *   kc-testsign dts-prepare IN.pdf OUT.pdf BYTES.bin
 *       appends a document timestamp field (/Type /DocTimeStamp, /SubFilter
 *       /ETSI.RFC3161) whose /Contents is left zero, and writes the bytes it covers
 *   kc-testsign set-contents IN.pdf OUT.pdf DER [--nth N]
 *       DER put into the Nth signature's /Contents (the token of dts-prepare)
 *
 * sigvalue and add-token also take a detached signature (a DER .p7s, such as a
 * dossier's META-INF/signature001.p7s) instead of a PDF: the token is then
 * added to its only SignerInfo and OUT is the new .p7s.
 *
 * The unsigned attributes are not signed, so adding a token keeps the signature
 * valid: this is what PAdES-T signers do. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/pem.h>
#include <openssl/ts.h>

#include "testsign.h"

#define DTS_BYTES 16384
#define BR_WIDTH 40

/* The Nth "/ByteRange [a b c d]" of the file (nth 0: the last): the hex
 * /Contents lies in [r1 + 1, r2 - 1). */
static int find_range(const char *path, const unsigned char *d, size_t len, int nth, long r[4])
{
	int seen = 0, found = 0;

	for (size_t i = 0; i + 11 < len; i++) {
		if (memcmp(d + i, "/ByteRange", 10) != 0)
			continue;
		long v[4];
		char buf[96];
		size_t n = len - i - 10 < sizeof buf - 1 ? len - i - 10 : sizeof buf - 1;
		memcpy(buf, d + i + 10, n);
		buf[n] = '\0';
		if (sscanf(buf, " [ %ld %ld %ld %ld", &v[0], &v[1], &v[2], &v[3]) != 4 || v[2] == 0)
			continue;
		seen++;
		if (nth == 0 || seen == nth) {
			memcpy(r, v, sizeof v);
			found = 1;
			if (nth)
				break;
		}
	}
	if (!found)
		ts_error(path, "no signature number %d", nth);
	return found ? 0 : -1;
}

static unsigned char *unhex(const unsigned char *h, size_t n, size_t *out)
{
	unsigned char *b = malloc(n / 2 + 1);
	for (size_t i = 0; b && i + 1 < n; i += 2)
		b[i / 2] = (unsigned char)(g_ascii_xdigit_value((gchar)h[i]) << 4 |
					   g_ascii_xdigit_value((gchar)h[i + 1]));
	*out = n / 2;
	return b;
}

/* Writes der into the /Contents hex of [r1, r2), zero padded; -1 if too big. */
static int put_contents(const char *path, unsigned char *d, const long r[4], const unsigned char *der, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t room = (size_t)(r[2] - r[1] - 2);

	if (2 * n > room) {
		ts_error(path, "%zu bytes do not fit /Contents (%zu)", n, room / 2);
		return -1;
	}
	memset(d + r[1] + 1, '0', room);
	for (size_t i = 0; i < n; i++) {
		d[r[1] + 1 + 2 * i] = (unsigned char)hex[der[i] >> 4];
		d[r[1] + 2 + 2 * i] = (unsigned char)hex[der[i] & 15];
	}
	return 0;
}

static int is_pdf(const unsigned char *d, size_t len)
{
	return len >= 5 && memcmp(d, "%PDF-", 5) == 0;
}

/* The CMS in the Nth signature's /Contents (trailing zeros dropped), or the
 * whole file when it is a DER signature rather than a PDF. */
static CMS_ContentInfo *read_cms(const char *path, const unsigned char *d, size_t len, int nth, long r[4])
{
	size_t n = 0;
	unsigned char *der;
	const unsigned char *p;
	CMS_ContentInfo *cms;

	if (!is_pdf(d, len)) {
		p = d;
		cms = d2i_CMS_ContentInfo(NULL, &p, (long)len);
		if (!cms)
			ts_error(path, "neither a PDF nor a DER CMS signature");
		return cms;
	}
	if (find_range(path, d, len, nth, r) < 0)
		return NULL;
	der = unhex(d + r[1] + 1, (size_t)(r[2] - r[1] - 2), &n);
	p = der;
	cms = der ? d2i_CMS_ContentInfo(NULL, &p, (long)n) : NULL;
	if (!cms)
		ts_error(path, "the signature's /Contents is not a CMS");
	free(der);
	return cms;
}

static int opt_nth(int argc, char **argv, int *i, int *nth)
{
	if (strcmp(argv[*i], "--nth") != 0 || *i + 1 >= argc)
		return 0;
	*nth = atoi(argv[++*i]);
	return 1;
}

static int cmd_sigvalue(int argc, char **argv)
{
	const char *pos[2] = {NULL, NULL};
	int npos = 0, nth = 0, ret = 2;
	unsigned char *d = NULL;
	size_t len = 0;
	long r[4];
	CMS_ContentInfo *cms = NULL;

	for (int i = 2; i < argc; i++)
		if (!opt_nth(argc, argv, &i, &nth) && npos < 2)
			pos[npos++] = argv[i];
	if (npos != 2 || ts_read_file(pos[0], &d, &len) < 0 || !(cms = read_cms(pos[0], d, len, nth, r)))
		goto out;
	CMS_SignerInfo *si = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0);
	ASN1_OCTET_STRING *sig = si ? CMS_SignerInfo_get0_signature(si) : NULL;
	if (sig && ts_write_file(pos[1], sig->data, (size_t)sig->length) == 0)
		ret = 0;
out:
	CMS_ContentInfo_free(cms);
	g_free(d);
	return ret;
}

static int fixed_time(TS_RESP_CTX *ctx, void *data, long *sec, long *usec)
{
	(void)ctx;
	*sec = (long)*(time_t *)data;
	*usec = 0;
	return 1;
}

/* A token signed by a certificate that OpenSSL's TSA code refuses (no critical
 * timeStamping EKU, self-made): the TSTInfo is built here and signed with CMS,
 * with the ESS signing-certificate-v2 a verifier expects, so that only the
 * verifier's own rules reject it. */
static unsigned char *forged_token(BIO *q, X509 *x, EVP_PKEY *k, const EVP_MD *md, time_t when,
				   ASN1_OBJECT *policy, X509 *ess_for, int *outlen)
{
	TS_REQ *req = d2i_TS_REQ_bio(q, NULL);
	TS_TST_INFO *tst = TS_TST_INFO_new();
	ASN1_INTEGER *serial = ASN1_INTEGER_new();
	ASN1_GENERALIZEDTIME *gt = ASN1_GENERALIZEDTIME_set(NULL, when);
	/* ess_for: the certificate the ESS attribute names, another than the signer's
	 * with --ess-cert (rttime14: which certificate signed must be the one named). */
	ESS_SIGNING_CERT_V2 *sc = OSSL_ESS_signing_cert_v2_new_init(EVP_sha256(), ess_for ? ess_for : x, NULL, 0);
	unsigned char *der = NULL, *ess = NULL, *out = NULL;
	CMS_ContentInfo *cms = NULL;
	BIO *content = NULL;
	int n, esslen;

	if (!req || !tst || !serial || !gt || !sc)
		goto out;
	ASN1_INTEGER_set(serial, 1);
	TS_TST_INFO_set_version(tst, 1);
	TS_TST_INFO_set_policy_id(tst, policy);
	TS_TST_INFO_set_msg_imprint(tst, TS_REQ_get_msg_imprint(req));
	TS_TST_INFO_set_serial(tst, serial);
	TS_TST_INFO_set_time(tst, gt);
	if ((n = i2d_TS_TST_INFO(tst, &der)) <= 0 || !(content = BIO_new_mem_buf(der, n)))
		goto out;
	cms = CMS_sign(NULL, NULL, NULL, NULL, CMS_PARTIAL | CMS_BINARY | CMS_NOSMIMECAP);
	if (!cms || !CMS_set1_eContentType(cms, OBJ_nid2obj(NID_id_smime_ct_TSTInfo)))
		goto out;
	CMS_SignerInfo *si = CMS_add1_signer(cms, x, k, md, CMS_BINARY | CMS_NOSMIMECAP | CMS_PARTIAL);
	if (!si || (esslen = i2d_ESS_SIGNING_CERT_V2(sc, &ess)) <= 0 ||
	    !CMS_signed_add1_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, V_ASN1_SEQUENCE, ess, esslen) ||
	    !CMS_final(cms, content, NULL, CMS_BINARY))
		goto out;
	*outlen = i2d_CMS_ContentInfo(cms, &out);
out:
	OPENSSL_free(ess);
	OPENSSL_free(der);
	ESS_SIGNING_CERT_V2_free(sc);
	ASN1_GENERALIZEDTIME_free(gt);
	ASN1_INTEGER_free(serial);
	TS_TST_INFO_free(tst);
	TS_REQ_free(req);
	CMS_ContentInfo_free(cms);
	BIO_free(content);
	return out;
}

/* The revocation data a TSA (or whoever handles its token) may put beside its
 * signature: a CRL in the crls field, an OCSP response in an unsigned
 * adbe-revocationInfoArchival attribute.  Neither is covered by the TSA's signature. */
static int token_revinfo(PKCS7 *p7, const char *crl, const char *ocsp)
{
	PKCS7_SIGNER_INFO *si = sk_PKCS7_SIGNER_INFO_value(PKCS7_get_signer_info(p7), 0);
	ASN1_OBJECT *obj = OBJ_txt2obj("1.2.840.113583.1.1.8", 1);
	unsigned char *d = NULL;
	size_t len = 0;
	GByteArray *v = NULL;
	X509_CRL *c = NULL;
	int ret = -1;

	if (crl) {
		if (ts_read_file(crl, &d, &len) < 0)
			goto out;
		const unsigned char *p = d;
		if (!(c = d2i_X509_CRL(NULL, &p, (long)len)) || !PKCS7_add_crl(p7, c)) {
			ts_error(crl, "cannot put the CRL into the token");
			goto out;
		}
	}
	if (ocsp && (!si || !obj || cms_revinfo_value(NULL, ocsp, &v) < 0 ||
		     !X509at_add1_attr_by_OBJ(&si->unauth_attr, obj, V_ASN1_SEQUENCE, v->data, (int)v->len))) {
		ts_error(ocsp, "cannot put the OCSP response into the token");
		goto out;
	}
	ret = 0;
out:
	if (v)
		g_byte_array_free(v, TRUE);
	X509_CRL_free(c);
	ASN1_OBJECT_free(obj);
	g_free(d);
	return ret;
}

static int cmd_tsa_reply(int argc, char **argv)
{
	const char *pos[2] = {NULL, NULL}, *cert = NULL, *key = NULL, *md = "sha256", *chain = NULL;
	const char *crl = NULL, *rocsp = NULL, *cocsp = NULL, *esscert = NULL;
	X509 *ess_for = NULL;
	time_t when = 0;
	long accuracy = 0, accuracy_ms = 0;
	int npos = 0, ret = 2;
	BIO *q = NULL, *b = NULL;
	X509 *x = NULL;
	EVP_PKEY *k = NULL;
	STACK_OF(X509) *extra = NULL;
	TS_RESP_CTX *ctx = TS_RESP_CTX_new();
	TS_RESP *resp = NULL;
	ASN1_OBJECT *policy = OBJ_txt2obj("1.3.6.1.4.1.99999.1", 1);
	unsigned char *der = NULL;
	int n = 0, whole = 0;

	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (a[0] != '-' && npos < 2) {
			pos[npos++] = a;
			continue;
		}
		if (strcmp(a, "--resp") == 0) {
			whole = 1;
			continue;
		}
		if (!v)
			goto usage;
		i++;
		if (strcmp(a, "--cert") == 0)
			cert = v;
		else if (strcmp(a, "--key") == 0)
			key = v;
		else if (strcmp(a, "--md") == 0)
			md = v;
		else if (strcmp(a, "--chain") == 0)
			chain = v;
		else if (strcmp(a, "--accuracy") == 0)
			accuracy = strtol(v, NULL, 10);
		else if (strcmp(a, "--accuracy-ms") == 0)
			accuracy_ms = strtol(v, NULL, 10);
		else if (strcmp(a, "--crl") == 0)
			crl = v;
		else if (strcmp(a, "--revinfo-ocsp") == 0)
			rocsp = v;
		else if (strcmp(a, "--cms-ocsp") == 0)
			cocsp = v;
		else if (strcmp(a, "--ess-cert") == 0)
			esscert = v;
		else if (strcmp(a, "--time") != 0 || ts_parse_time(v, &when) < 0)
			goto usage;
	}
	if (npos != 2 || !cert || !key || !when)
		goto usage;
	if (!(b = BIO_new_file(cert, "r")) || !(x = PEM_read_bio_X509(b, NULL, NULL, NULL))) {
		ts_error(cert, "cannot read the TSA certificate");
		goto out;
	}
	BIO_free(b);
	if (!(b = BIO_new_file(key, "r")) || !(k = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL))) {
		ts_error(key, "cannot read the TSA key");
		goto out;
	}
	BIO_free(b);
	b = NULL;
	if (chain) {
		X509 *c;
		BIO *cb = BIO_new_file(chain, "r");
		extra = sk_X509_new_null();
		while (cb && (c = PEM_read_bio_X509(cb, NULL, NULL, NULL)) != NULL)
			sk_X509_push(extra, c);
		BIO_free(cb);
		ERR_clear_error();
		TS_RESP_CTX_set_certs(ctx, extra);
	}
	if (!(q = BIO_new_file(pos[0], "rb"))) {
		ts_error(pos[0], "cannot open the query");
		goto out;
	}
	if (esscert && (!(b = BIO_new_file(esscert, "r")) || !(ess_for = PEM_read_bio_X509(b, NULL, NULL, NULL)))) {
		ts_error(esscert, "cannot read the certificate to name");
		goto out;
	}
	BIO_free(b);
	b = NULL;
	if (ess_for || X509_check_purpose(x, X509_PURPOSE_TIMESTAMP_SIGN, 0) != 1) {
		der = forged_token(q, x, k, EVP_get_digestbyname(md), when, policy, ess_for, &n);
		if (!der || n <= 0) {
			ts_error(pos[0], "cannot make the token");
			goto out;
		}
		ret = ts_write_file(pos[1], der, (size_t)n) < 0 ? 2 : 0;
		goto out;
	}
	TS_RESP_CTX_set_signer_cert(ctx, x);
	TS_RESP_CTX_set_signer_key(ctx, k);
	TS_RESP_CTX_set_signer_digest(ctx, EVP_get_digestbyname(md));
	TS_RESP_CTX_set_def_policy(ctx, policy);
	TS_RESP_CTX_add_md(ctx, EVP_md5());
	TS_RESP_CTX_add_md(ctx, EVP_sha1());
	TS_RESP_CTX_add_md(ctx, EVP_sha256());
	TS_RESP_CTX_add_md(ctx, EVP_sha512());
	TS_RESP_CTX_set_time_cb(ctx, fixed_time, &when);
	/* The token's accuracy in seconds (RFC 3161 2.4.2), when asked: genTime ± it. */
	if (accuracy > 0 || accuracy_ms > 0)
		TS_RESP_CTX_set_accuracy(ctx, (int)accuracy, (int)accuracy_ms, 0);
	/* ESS signing-certificate (v1, SHA-1) for SHA-1 tokens, v2 otherwise. */
	TS_RESP_CTX_set_ess_cert_id_digest(ctx, strcmp(md, "sha1") == 0 ? EVP_sha1() : EVP_sha256());
	resp = TS_RESP_create_response(ctx, q);
	if (!resp || ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(resp))) != 0 ||
	    token_revinfo(TS_RESP_get_token(resp), crl, rocsp) < 0 ||
	    (n = whole ? i2d_TS_RESP(resp, &der) : i2d_PKCS7(TS_RESP_get_token(resp), &der)) <= 0) {
		ts_error(pos[0], "the TSA refused the query");
		goto out;
	}
	size_t dn = (size_t)n;
	if (cocsp && (whole || cms_add_other_ocsp(&der, &dn, cocsp) < 0))
		goto out;
	ret = ts_write_file(pos[1], der, dn) < 0 ? 2 : 0;
	goto out;
usage:
	ts_error("tsa-reply", "usage: tsa-reply QUERY.tsq TOKEN.der --cert C --key K --time T [--md M] [--chain F] [--accuracy SECS] [--accuracy-ms MS] [--resp] [--crl C.der] [--revinfo-ocsp O.der] [--cms-ocsp O.der] [--ess-cert C2.pem]");
out:
	OPENSSL_free(der);
	TS_RESP_free(resp);
	TS_RESP_CTX_free(ctx);
	sk_X509_pop_free(extra, X509_free);
	ASN1_OBJECT_free(policy);
	BIO_free(q);
	BIO_free(b);
	X509_free(x);
	X509_free(ess_for);
	EVP_PKEY_free(k);
	return ret;
}

static int cmd_add_token(int argc, char **argv)
{
	const char *pos[16];
	int npos = 0, nth = 0, ret = 2;
	unsigned char *d = NULL, *der = NULL;
	size_t len = 0;
	long r[4];
	CMS_ContentInfo *cms = NULL;
	int n;

	for (int i = 2; i < argc; i++)
		if (!opt_nth(argc, argv, &i, &nth) && npos < 16)
			pos[npos++] = argv[i];
	if (npos < 3 || ts_read_file(pos[0], &d, &len) < 0 || !(cms = read_cms(pos[0], d, len, nth, r)))
		goto out;
	CMS_SignerInfo *si = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0);
	for (int t = 2; t < npos; t++) {
		unsigned char *tok = NULL;
		size_t tlen = 0;
		if (ts_read_file(pos[t], &tok, &tlen) < 0)
			goto out;
		int ok = CMS_unsigned_add1_attr_by_txt(si, "1.2.840.113549.1.9.16.2.14", V_ASN1_SEQUENCE,
						      tok, (int)tlen);
		g_free(tok);
		if (!ok) {
			ts_error(pos[t], "cannot add the token");
			goto out;
		}
	}
	if ((n = i2d_CMS_ContentInfo(cms, &der)) <= 0)
		goto out;
	if (!is_pdf(d, len)) {
		ret = ts_write_file(pos[1], der, (size_t)n) < 0 ? 2 : 0;
		goto out;
	}
	if (put_contents(pos[0], d, r, der, (size_t)n) < 0)
		goto out;
	ret = ts_write_file(pos[1], d, len) < 0 ? 2 : 0;
out:
	OPENSSL_free(der);
	CMS_ContentInfo_free(cms);
	g_free(d);
	return ret;
}

static int cmd_set_contents(int argc, char **argv)
{
	const char *pos[3] = {NULL, NULL, NULL};
	int npos = 0, nth = 0, ret = 2;
	unsigned char *d = NULL, *der = NULL;
	size_t len = 0, dlen = 0;
	long r[4];

	for (int i = 2; i < argc; i++)
		if (!opt_nth(argc, argv, &i, &nth) && npos < 3)
			pos[npos++] = argv[i];
	if (npos != 3 || ts_read_file(pos[0], &d, &len) < 0 || ts_read_file(pos[2], &der, &dlen) < 0 ||
	    find_range(pos[0], d, len, nth, r) < 0 || put_contents(pos[0], d, r, der, dlen) < 0)
		goto out;
	ret = ts_write_file(pos[1], d, len) < 0 ? 2 : 0;
out:
	g_free(der);
	g_free(d);
	return ret;
}

/* A document timestamp field, invisible, added as signing adds a signature. */
static int cmd_dts_prepare(int argc, char **argv)
{
	pdf *doc = NULL;
	update u = {0};
	pv *catalog = NULL, *page = NULL, *field = NULL;
	long root_num, page_num, field_num, sig_num;
	int root_gen, page_gen, ret = 2;
	size_t br_at, contents_at, b;
	char br[BR_WIDTH + 1];

	if (argc != 5) {
		ts_error("dts-prepare", "usage: dts-prepare IN.pdf OUT.pdf BYTES.bin");
		return 2;
	}
	if (pdf_open(&doc, argv[2]) < 0)
		goto out;
	const pv *root = pv_dict_get(doc->trailer, "/Root");
	root_num = root->num;
	root_gen = root->gen;
	if (!(catalog = pdf_get(doc, root_num)) || pdf_first_page(doc, &page_num, &page_gen) < 0 ||
	    !(page = pdf_get(doc, page_num)))
		goto out;
	upd_begin(&u, doc);
	field_num = upd_new_num(&u);
	sig_num = upd_new_num(&u);
	if (upd_add_field(&u, catalog, root_num, root_gen, true, field_num) < 0 ||
	    upd_add_annot(&u, page, page_num, page_gen, field_num) < 0)
		goto out;
	field = pv_new_dict();
	pv_dict_set(field, "/Type", pv_new_raw("/Annot"));
	pv_dict_set(field, "/Subtype", pv_new_raw("/Widget"));
	pv_dict_set(field, "/FT", pv_new_raw("/Sig"));
	pv_dict_set(field, "/Rect", pv_new_raw("[0 0 0 0]"));
	pv_dict_set(field, "/F", pv_new_raw("132"));
	pv_dict_set(field, "/P", pv_new_ref(page_num, page_gen));
	pv_dict_set(field, "/T", pv_new_raw("(DauThoiGian)"));
	pv_dict_set(field, "/V", pv_new_ref(sig_num, 0));
	upd_write_obj(&u, field_num, 0, field);
	upd_obj_start(&u, sig_num, 0);
	g_string_append(u.out, "<< /Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161\n/ByteRange ");
	br_at = u.out->len;
	g_string_append_printf(u.out, "%-*s\n/Contents ", BR_WIDTH, "[0 0 0 0]");
	contents_at = u.out->len;
	g_string_append_c(u.out, '<');
	for (int i = 0; i < 2 * DTS_BYTES; i++)
		g_string_append_c(u.out, '0');
	g_string_append(u.out, "> >>\nendobj\n");
	upd_finish(&u);
	b = contents_at + 2 * DTS_BYTES + 2;
	int n = snprintf(br, sizeof br, "[0 %zu %zu %zu]", contents_at, b, u.out->len - b);
	memset(br + n, ' ', (size_t)(BR_WIDTH - n));
	memcpy(u.out->str + br_at, br, BR_WIDTH);
	GString *covered = g_string_new_len(u.out->str, (gssize)contents_at);
	g_string_append_len(covered, u.out->str + b, (gssize)(u.out->len - b));
	if (ts_write_file(argv[4], covered->str, covered->len) == 0 &&
	    ts_write_file(argv[3], u.out->str, u.out->len) == 0)
		ret = 0;
	g_string_free(covered, TRUE);
out:
	upd_clear(&u);
	pv_free(field);
	pv_free(page);
	pv_free(catalog);
	pdf_free(doc);
	return ret;
}

int tstamp_command(int argc, char **argv)
{
	if (strcmp(argv[1], "sigvalue") == 0)
		return cmd_sigvalue(argc, argv);
	if (strcmp(argv[1], "tsa-reply") == 0)
		return cmd_tsa_reply(argc, argv);
	if (strcmp(argv[1], "add-token") == 0)
		return cmd_add_token(argc, argv);
	if (strcmp(argv[1], "set-contents") == 0)
		return cmd_set_contents(argc, argv);
	if (strcmp(argv[1], "dts-prepare") == 0)
		return cmd_dts_prepare(argc, argv);
	return -1;
}
