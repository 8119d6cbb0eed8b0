/* kc-testsign.c: the fixture signer: command line, file helpers, detached .p7s.
 *
 *   kc-testsign make-doc OUT.pdf [--number N] [--date D] [--title T] [--recipients R]
 *                        [--body B] [--signer-name S] [--signer-title T] [--pages N] [--pad-kb N]
 *   kc-testsign sign IN.pdf OUT.pdf --cert C.pem --key K.pem [--chain F.pem]...
 *                    [--no-certs-but-signer] [--no-certs] [--md sha256|sha1|sha384|sha512]
 *                    [--time 2021-05-10T08:00:00Z]
 *                    [--subfilter adbe.pkcs7.detached|ETSI.CAdES.detached]
 *                    [--field NAME] [--zero-signature]
 *                    [--revinfo-crl C.der] [--revinfo-ocsp O.der] [--cms-crl C.der]
 *                    [--cms-ocsp O.der]
 *   kc-testsign modify IN.pdf OUT.pdf [--mode content|annot|form|catalog]
 *   kc-testsign detach IN OUT.p7s --cert C.pem --key K.pem [--chain F.pem]... [--md M]
 *                      [--pem] [--time T] [--zero-signature]
 *   kc-testsign sigvalue | tsa-reply | add-token | dts-prepare | set-contents ...
 *                      RFC 3161 timestamps (see tstamp.c)
 *
 * Test tool only: it signs with whatever key it is given and claims whatever time it
 * is told.  Exit 0 on success, 2 with a message naming the file on any error. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* pem.h first: cms.h declares PEM_write_bio_CMS only when pem.h's macros exist. */
#include <openssl/pem.h>
#include <openssl/cms.h>
#include <openssl/err.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>

#include "testsign.h"

void ts_error(const char *file, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "kc-testsign: %s: ", file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int ts_read_file(const char *path, unsigned char **data, size_t *len)
{
	gchar *buf = NULL;
	gsize n = 0;
	GError *err = NULL;

	if (!g_file_get_contents(path, &buf, &n, &err)) {
		ts_error(path, "%s", err->message);
		g_error_free(err);
		return -1;
	}
	*data = (unsigned char *)buf;
	*len = n;
	return 0;
}

int ts_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	int ret = -1;

	if (!f) {
		ts_error(path, "%s", strerror(errno));
		return -1;
	}
	if (fwrite(data, 1, len, f) != len) {
		ts_error(path, "write: %s", strerror(errno));
		goto out;
	}
	ret = 0;
out:
	if (fclose(f) != 0 && ret == 0) {
		ts_error(path, "close: %s", strerror(errno));
		ret = -1;
	}
	return ret;
}

int ts_parse_time(const char *s, time_t *out)
{
	struct tm tm = { 0 };
	int n = 0;

	if (sscanf(s, "%d-%d-%dT%d:%d:%d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
		   &tm.tm_min, &tm.tm_sec, &n) != 6 &&
	    (tm.tm_sec = 0, sscanf(s, "%d-%d-%dT%d:%d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
				   &tm.tm_hour, &tm.tm_min, &n) != 5))
		return -1;
	if (s[n] != '\0' && strcmp(s + n, "Z") != 0)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = timegm(&tm);
	return 0;
}

static int usage(void)
{
	fputs("usage: kc-testsign make-doc OUT.pdf [--number N] [--date D] [--title T]\n"
	      "                   [--recipients 'A;B'] [--body B] [--signer-name S]\n"
	      "                   [--signer-title T] [--pages N] [--pad-kb N]\n"
	      "       kc-testsign sign IN.pdf OUT.pdf --cert C.pem --key K.pem [--chain F.pem]...\n"
	      "                   [--no-certs-but-signer] [--no-certs] [--md sha256|sha1|sha384]\n"
	      "                   [--time 2021-05-10T08:00:00Z] [--subfilter adbe.pkcs7.detached|\n"
	      "                   ETSI.CAdES.detached] [--field NAME] [--zero-signature]\n"
	      "                   [--revinfo-crl C.der] [--revinfo-ocsp O.der] [--cms-crl C.der]\n"
	      "                   [--cms-ocsp O.der]\n"
	      "       kc-testsign modify IN.pdf OUT.pdf [--mode content|annot|form|catalog]\n"
	      "       kc-testsign detach IN OUT.p7s --cert C.pem --key K.pem [--chain F.pem]...\n"
	      "                   [--md M] [--pem] [--time T] [--zero-signature]\n",
	      stderr);
	return 2;
}

/* Options common to sign and detach; returns 1 if argv[*i] was one (consuming its
 * value), 0 if not, -1 on a bad value. */
static int cms_option(struct cms_opts *c, GPtrArray *chain, int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	const char *val = *i + 1 < argc ? argv[*i + 1] : NULL;

	if (strcmp(a, "--no-certs-but-signer") == 0) {
		c->signer_only = true;
		return 1;
	}
	if (strcmp(a, "--no-certs") == 0) {
		c->no_certs = true;
		return 1;
	}
	if (strcmp(a, "--zero-signature") == 0) {
		c->zero_signature = true;
		return 1;
	}
	if (strcmp(a, "--cert") && strcmp(a, "--key") && strcmp(a, "--chain") && strcmp(a, "--md") &&
	    strcmp(a, "--time") && strcmp(a, "--revinfo-crl") && strcmp(a, "--revinfo-ocsp") &&
	    strcmp(a, "--cms-crl") && strcmp(a, "--cms-ocsp"))
		return 0;
	if (!val) {
		ts_error(a, "needs a value");
		return -1;
	}
	(*i)++;
	if (strcmp(a, "--cert") == 0)
		c->cert = val;
	else if (strcmp(a, "--key") == 0)
		c->key = val;
	else if (strcmp(a, "--chain") == 0)
		g_ptr_array_add(chain, (gpointer)val);
	else if (strcmp(a, "--md") == 0)
		c->md = val;
	else if (strcmp(a, "--revinfo-crl") == 0)
		c->revinfo_crl = val;
	else if (strcmp(a, "--revinfo-ocsp") == 0)
		c->revinfo_ocsp = val;
	else if (strcmp(a, "--cms-crl") == 0)
		c->cms_crl = val;
	else if (strcmp(a, "--cms-ocsp") == 0)
		c->cms_ocsp = val;
	else if (ts_parse_time(val, &c->when) < 0) {
		ts_error(val, "--time wants YYYY-MM-DDTHH:MM[:SS][Z] (UTC)");
		return -1;
	}
	return 1;
}

/* detach: a CMS over the whole file, written beside it as DER or PEM. */
static int write_p7s(const char *in_path, const char *out_path, const struct cms_opts *c, bool pem)
{
	unsigned char *data = NULL, *der = NULL;
	size_t len = 0, derlen = 0;
	BIO *in = NULL, *outb = NULL;
	CMS_ContentInfo *cms = NULL;
	const unsigned char *p;
	int ret = 2;

	if (ts_read_file(in_path, &data, &len) < 0)
		goto out;
	in = BIO_new_mem_buf(data, (int)len);
	if (!in || cms_make(c, in, &der, &derlen) < 0)
		goto out;
	if (!pem) {
		if (ts_write_file(out_path, der, derlen) == 0)
			ret = 0;
		goto out;
	}
	p = der;
	cms = d2i_CMS_ContentInfo(NULL, &p, (long)derlen);
	outb = BIO_new_file(out_path, "wb");
	if (!cms || !outb || !PEM_write_bio_CMS(outb, cms)) {
		ts_error(out_path, "cannot write the PEM CMS");
		goto out;
	}
	ret = 0;
out:
	if (outb && BIO_free(outb) != 1 && ret == 0) {
		ts_error(out_path, "write failed");
		ret = 2;
	}
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	OPENSSL_free(der);
	g_free(data);
	return ret;
}

static int cmd_sign(int argc, char **argv, bool detach)
{
	struct sign_opts o = { .subfilter = "adbe.pkcs7.detached" };
	GPtrArray *chain = g_ptr_array_new();
	const char *pos[2] = { NULL, NULL };
	bool pem = false;
	int npos = 0, ret = 2;

	o.cms.when = time(NULL);
	for (int i = 2; i < argc; i++) {
		int r = cms_option(&o.cms, chain, argc, argv, &i);
		if (r < 0)
			goto out;
		if (r > 0)
			continue;
		if (!detach && i + 1 < argc && strcmp(argv[i], "--subfilter") == 0)
			o.subfilter = argv[++i];
		else if (!detach && i + 1 < argc && strcmp(argv[i], "--field") == 0)
			o.field = argv[++i];
		else if (detach && strcmp(argv[i], "--pem") == 0)
			pem = true;
		else if (argv[i][0] != '-' && npos < 2)
			pos[npos++] = argv[i];
		else {
			ts_error(argv[i], "unknown option or extra argument");
			usage();
			goto out;
		}
	}
	if (npos != 2 || !o.cms.cert || !o.cms.key) {
		ts_error(argv[1], "needs IN, OUT, --cert and --key");
		usage();
		goto out;
	}
	if (strcmp(o.subfilter, "adbe.pkcs7.detached") && strcmp(o.subfilter, "ETSI.CAdES.detached")) {
		ts_error(o.subfilter, "unknown --subfilter");
		goto out;
	}
	o.cms.cades = strcmp(o.subfilter, "ETSI.CAdES.detached") == 0;
	o.cms.chain = (const char **)chain->pdata;
	o.cms.nchain = chain->len;
	if (!detach) {
		ret = pdf_sign(pos[0], pos[1], &o) < 0 ? 2 : 0;
		goto out;
	}

	ret = write_p7s(pos[0], pos[1], &o.cms, pem);
out:
	g_ptr_array_free(chain, TRUE);
	return ret;
}

static int cmd_make_doc(int argc, char **argv)
{
	struct doc_opts o = {
		.number = "01/QĐ-UBND",
		.date = "ngày 04 tháng 01 năm 2021",
		.title = "QUYẾT ĐỊNH|Về việc ban hành Kế hoạch ứng dụng công nghệ thông tin năm 2021",
		.recipients = "UBND huyện Phú Vang;Thường trực Đảng ủy, HĐND xã;Lưu: VT",
		.body = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; "
			"Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ "
			"về công tác văn thư; Theo đề nghị của công chức Văn phòng - Thống kê.|"
			"Ủy ban nhân dân xã Thủy An yêu cầu các bộ phận chuyên môn, các thôn "
			"triển khai thực hiện nghiêm túc nội dung văn bản này; trong quá trình "
			"thực hiện nếu có vướng mắc, báo cáo về Ủy ban nhân dân xã để xem xét, "
			"giải quyết.",
		.signer_name = "Nguyễn Văn An",
		.signer_title = "CHỦ TỊCH",
		.pages = 1,
	};
	const char *out = NULL;

	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (a[0] != '-') {
			if (out)
				return usage();
			out = a;
			continue;
		}
		if (!v) {
			ts_error(a, "unknown option or missing value");
			return usage();
		}
		i++;
		if (strcmp(a, "--number") == 0)
			o.number = v;
		else if (strcmp(a, "--date") == 0)
			o.date = v;
		else if (strcmp(a, "--title") == 0)
			o.title = v;
		else if (strcmp(a, "--recipients") == 0)
			o.recipients = v;
		else if (strcmp(a, "--body") == 0)
			o.body = v;
		else if (strcmp(a, "--signer-name") == 0)
			o.signer_name = v;
		else if (strcmp(a, "--signer-title") == 0)
			o.signer_title = v;
		else if (strcmp(a, "--pages") == 0 && (o.pages = atoi(v)) >= 1 && o.pages <= 1000)
			;
		else if (strcmp(a, "--pad-kb") == 0 && (o.pad_kb = atol(v)) >= 0 && o.pad_kb < 4L << 20)
			;
		else {
			ts_error(a, "unknown option or bad value %s", v);
			return usage();
		}
	}
	if (!out)
		return usage();
	return make_doc(out, &o) < 0 ? 2 : 0;
}

static int run(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (strcmp(argv[1], "make-doc") == 0)
		return cmd_make_doc(argc, argv);
	if (strcmp(argv[1], "sign") == 0)
		return cmd_sign(argc, argv, false);
	if (strcmp(argv[1], "detach") == 0)
		return cmd_sign(argc, argv, true);
	if (strcmp(argv[1], "modify") == 0) {
		const char *pos[2] = { NULL, NULL }, *mode = "content";
		int npos = 0;
		for (int i = 2; i < argc; i++) {
			if (strcmp(argv[i], "--mode") == 0 && i + 1 < argc)
				mode = argv[++i];
			else if (argv[i][0] != '-' && npos < 2)
				pos[npos++] = argv[i];
			else
				return usage();
		}
		if (npos != 2)
			return usage();
		return pdf_modify(pos[0], pos[1], mode) < 0 ? 2 : 0;
	}
	int t = tstamp_command(argc, argv);
	if (t >= 0)
		return t;
	ts_error(argv[1], "unknown command");
	return usage();
}

int main(int argc, char **argv)
{
	int ret = run(argc, argv);

	/* Drop cairo's and fontconfig's caches so valgrind shows only our own leaks. */
	cairo_debug_reset_static_data();
	FcFini();
	return ret;
}
