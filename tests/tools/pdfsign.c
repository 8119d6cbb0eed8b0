/* pdfsign.c: signing a PDF, and changing one after it was signed.
 *
 * Signing appends an incremental update, the way Acrobat, VGCA's signer and poppler
 * do: a signature field that is its own widget (added to the AcroForm's /Fields and
 * the first page's /Annots), a signature dictionary whose /ByteRange and /Contents are
 * placeholders, a new xref section with /Prev, trailer and %%EOF.  The placeholders
 * are then patched in place: the byte ranges are everything but the /Contents hex
 * string, and the CMS signs exactly those bytes.  Earlier revisions are never touched,
 * so an earlier signature's range still ends where its revision ended.
 *
 * pdf_modify appends updates a signer would never write (new page content, an
 * annotation, a form value, a catalog change): what the verifier must call
 * "modified after signing". */
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "testsign.h"

#define CONTENTS_BYTES 16384 /* room for a CMS with a few certificates */
#define BR_WIDTH 40          /* "[0 a b c]" padded with spaces to this width */

static void pdf_date(char *buf, size_t n, time_t when)
{
	struct tm tm;

	gmtime_r(&when, &tm);
	strftime(buf, n, "D:%Y%m%d%H%M%S+00'00'", &tm);
}

/* The widget's name: the caller's, else Signature<n+1> for n fields so far. */
static char *field_name(pdf *doc, const pv *catalog, const char *given)
{
	pv *form, *fields;
	guint n = 0;

	if (given)
		return g_strdup(given);
	form = pdf_deref(doc, pv_dict_get(catalog, "/AcroForm"));
	fields = form ? pdf_deref(doc, pv_dict_get(form, "/Fields")) : NULL;
	if (fields && fields->kind == PV_ARRAY)
		n = fields->items->len;
	pv_free(fields);
	pv_free(form);
	return g_strdup_printf("Signature%u", n + 1);
}

static int load_root(pdf *doc, pv **catalog, long *root_num, int *root_gen)
{
	const pv *root = pv_dict_get(doc->trailer, "/Root");

	*root_num = root->num;
	*root_gen = root->gen;
	*catalog = pdf_get(doc, root->num);
	if (!*catalog || (*catalog)->kind != PV_DICT) {
		ts_error(doc->path, "the catalog is not a dictionary");
		return -1;
	}
	return 0;
}

static pv *load_page(pdf *doc, long *num, int *gen)
{
	pv *page;

	if (pdf_first_page(doc, num, gen) < 0)
		return NULL;
	page = pdf_get(doc, *num);
	if (page && page->kind != PV_DICT) {
		ts_error(doc->path, "page object %ld is not a dictionary", *num);
		pv_free(page);
		page = NULL;
	}
	return page;
}

/* Hashes and signs the two ranges around the /Contents placeholder, then fills it. */
static int fill_signature(GString *f, size_t contents_at, size_t br_at, const struct sign_opts *o,
			  const char *path)
{
	size_t b = contents_at + 2 * CONTENTS_BYTES + 2; /* past '<' hex '>' */
	char br[BR_WIDTH + 1];
	unsigned char *der = NULL;
	size_t derlen = 0;
	BIO *bio = NULL;
	int n, ret = -1;

	n = snprintf(br, sizeof br, "[0 %zu %zu %zu]", contents_at, b, f->len - b);
	if (n < 0 || n > BR_WIDTH) {
		ts_error(path, "byte range does not fit its placeholder");
		goto out;
	}
	memset(br + n, ' ', (size_t)(BR_WIDTH - n));
	memcpy(f->str + br_at, br, BR_WIDTH);

	/* Exactly the signed bytes, in order: [0, a) then [b, end).  A memory BIO
	 * holds at most ~1.5 GB, so the benchmark's 2 GB document goes through a
	 * temporary file instead. */
	if (f->len > (1u << 30)) {
		FILE *tf = tmpfile();
		if (!tf || fwrite(f->str, 1, contents_at, tf) != contents_at ||
		    fwrite(f->str + b, 1, f->len - b, tf) != f->len - b || fflush(tf) != 0) {
			ts_error(path, "cannot write a temporary file");
			if (tf)
				fclose(tf);
			goto out;
		}
		rewind(tf);
		bio = BIO_new_fp(tf, BIO_CLOSE);
		if (!bio) {
			fclose(tf);
			ts_error(path, "out of memory");
			goto out;
		}
	} else {
		bio = BIO_new(BIO_s_mem());
		if (!bio || BIO_write(bio, f->str, (int)contents_at) != (int)contents_at ||
		    BIO_write(bio, f->str + b, (int)(f->len - b)) != (int)(f->len - b)) {
			ts_error(path, "out of memory");
			goto out;
		}
	}
	if (cms_make(&o->cms, bio, &der, &derlen) < 0)
		goto out;
	if (derlen > CONTENTS_BYTES) {
		ts_error(path, "the CMS (%zu bytes) does not fit /Contents (%d bytes)", derlen,
			 CONTENTS_BYTES);
		goto out;
	}
	for (size_t i = 0; i < derlen; i++) {
		static const char hex[] = "0123456789ABCDEF";
		f->str[contents_at + 1 + 2 * i] = hex[der[i] >> 4];
		f->str[contents_at + 2 + 2 * i] = hex[der[i] & 15];
	}
	ret = 0;
out:
	OPENSSL_free(der);
	BIO_free(bio);
	return ret;
}

int pdf_sign(const char *in, const char *out, const struct sign_opts *o)
{
	pdf *doc = NULL;
	update u = { 0 };
	pv *catalog = NULL, *page = NULL, *field = NULL;
	long root_num, page_num, field_num, sig_num;
	int root_gen, page_gen, ret = -1;
	char *name = NULL, date[40];
	size_t br_at, contents_at;

	if (pdf_open(&doc, in) < 0 || load_root(doc, &catalog, &root_num, &root_gen) < 0)
		goto out;
	if (!(page = load_page(doc, &page_num, &page_gen)))
		goto out;
	name = field_name(doc, catalog, o->field);
	upd_begin(&u, doc);
	field_num = upd_new_num(&u);
	sig_num = upd_new_num(&u);

	if (upd_add_field(&u, catalog, root_num, root_gen, true, field_num) < 0 ||
	    upd_add_annot(&u, page, page_num, page_gen, field_num) < 0)
		goto out;

	/* The field and its widget in one dictionary, invisible (Rect 0 0 0 0), printed
	 * and locked (F 132 = Print | Locked), as most signers make them. */
	field = pv_new_dict();
	pv_dict_set(field, "/Type", pv_new_raw("/Annot"));
	pv_dict_set(field, "/Subtype", pv_new_raw("/Widget"));
	pv_dict_set(field, "/FT", pv_new_raw("/Sig"));
	pv_dict_set(field, "/Rect", pv_new_raw("[0 0 0 0]"));
	pv_dict_set(field, "/F", pv_new_raw("132"));
	pv_dict_set(field, "/P", pv_new_ref(page_num, page_gen));
	GString *t = g_string_new(NULL);
	pdf_text_string(t, name);
	pv_dict_set(field, "/T", pv_new_raw(t->str));
	g_string_free(t, TRUE);
	pv_dict_set(field, "/V", pv_new_ref(sig_num, 0));
	upd_write_obj(&u, field_num, 0, field);

	pdf_date(date, sizeof date, o->cms.when);
	upd_obj_start(&u, sig_num, 0);
	g_string_append_printf(u.out, "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /%s /M (%s)\n"
			       "/ByteRange ", o->subfilter, date);
	br_at = u.out->len;
	g_string_append_printf(u.out, "%-*s\n/Contents ", BR_WIDTH, "[0 0 0 0]");
	contents_at = u.out->len;
	g_string_append_c(u.out, '<');
	for (int i = 0; i < 2 * CONTENTS_BYTES; i++)
		g_string_append_c(u.out, '0');
	g_string_append(u.out, "> >>\nendobj\n");
	upd_finish(&u);

	if (fill_signature(u.out, contents_at, br_at, o, in) < 0)
		goto out;
	if (ts_write_file(out, u.out->str, u.out->len) < 0)
		goto out;
	ret = 0;
out:
	upd_clear(&u);
	pv_free(field);
	pv_free(page);
	pv_free(catalog);
	g_free(name);
	pdf_free(doc);
	return ret;
}

static double media_height(const pv *page)
{
	const pv *mb = pv_dict_get(page, "/MediaBox");
	double h = 841.89;

	if (mb && mb->kind == PV_ARRAY && mb->items->len == 4) {
		const pv *top = mb->items->pdata[3];
		if (top->kind == PV_RAW)
			sscanf(top->raw, "%lf", &h);
	}
	return h;
}

/* Page content: the old streams wrapped in q … Q, then a new one drawing ĐÃ SỬA. */
static int modify_content(update *u, pv *page, long page_num, int page_gen)
{
	const pv *cur = pv_dict_get(page, "/Contents");
	GString *s = g_string_new("Q q 0.8 0 0 rg\n");
	pv *arr = pv_new_array();
	long q_num = upd_new_num(u), mark_num = upd_new_num(u);
	int ret = -1;

	if (text_path_ops(s, "ĐÃ SỬA", 96, 297, media_height(page) / 2, true) < 0)
		goto out;
	g_string_append(s, "f Q\n");
	upd_write_stream(u, q_num, NULL, "q", 1);
	upd_write_stream(u, mark_num, NULL, s->str, s->len);
	pv_array_push(arr, pv_new_ref(q_num, 0));
	if (cur && cur->kind == PV_ARRAY)
		for (guint i = 0; i < cur->items->len; i++)
			pv_array_push(arr, pv_copy(cur->items->pdata[i]));
	else if (cur)
		pv_array_push(arr, pv_copy(cur));
	pv_array_push(arr, pv_new_ref(mark_num, 0));
	pv_dict_set(page, "/Contents", arr);
	arr = NULL;
	upd_write_obj(u, page_num, page_gen, page);
	ret = 0;
out:
	pv_free(arr);
	g_string_free(s, TRUE);
	return ret;
}

/* A visible annotation (FreeText, or a filled text field) with its appearance. */
static int add_visible(update *u, pv *catalog, long root_num, int root_gen, pv *page,
		       long page_num, int page_gen, bool form)
{
	GString *ap = g_string_new("0.8 0 0 rg\n");
	pv *a = pv_new_dict();
	long a_num = upd_new_num(u), ap_num = upd_new_num(u);
	GString *txt = g_string_new(NULL);
	int ret = -1;

	if (text_path_ops(ap, "ĐÃ SỬA", 24, 4, 8, false) < 0)
		goto out;
	g_string_append(ap, "f\n");
	upd_write_stream(u, ap_num, "/Type /XObject /Subtype /Form /BBox [0 0 200 36] ", ap->str, ap->len);
	pdf_text_string(txt, "ĐÃ SỬA");
	pv_dict_set(a, "/Type", pv_new_raw("/Annot"));
	if (form) {
		pv_dict_set(a, "/Subtype", pv_new_raw("/Widget"));
		pv_dict_set(a, "/FT", pv_new_raw("/Tx"));
		pv_dict_set(a, "/T", pv_new_raw("(ghi_chu)"));
		pv_dict_set(a, "/V", pv_new_raw(txt->str));
		pv_dict_set(a, "/DA", pv_new_raw("(/Helv 12 Tf 0 g)"));
	} else {
		pv_dict_set(a, "/Subtype", pv_new_raw("/FreeText"));
		pv_dict_set(a, "/Contents", pv_new_raw(txt->str));
		pv_dict_set(a, "/DA", pv_new_raw("(/Helv 12 Tf 1 0 0 rg)"));
	}
	pv_dict_set(a, "/Rect", pv_new_raw("[300 600 500 636]"));
	pv_dict_set(a, "/F", pv_new_raw("4"));
	pv_dict_set(a, "/P", pv_new_ref(page_num, page_gen));
	pv_dict_set(a, "/AP", pv_new_dict());
	pv_dict_set(pv_dict_get(a, "/AP"), "/N", pv_new_ref(ap_num, 0));
	upd_write_obj(u, a_num, 0, a);
	if (form && upd_add_field(u, catalog, root_num, root_gen, false, a_num) < 0)
		goto out;
	if (upd_add_annot(u, page, page_num, page_gen, a_num) < 0)
		goto out;
	ret = 0;
out:
	g_string_free(txt, TRUE);
	g_string_free(ap, TRUE);
	pv_free(a);
	return ret;
}

int pdf_modify(const char *in, const char *out, const char *mode)
{
	pdf *doc = NULL;
	update u = { 0 };
	pv *catalog = NULL, *page = NULL;
	long root_num, page_num;
	int root_gen, page_gen, ret = -1;

	if (strcmp(mode, "content") && strcmp(mode, "annot") && strcmp(mode, "form") &&
	    strcmp(mode, "catalog")) {
		ts_error(in, "unknown --mode %s (content, annot, form, catalog)", mode);
		goto out;
	}
	if (pdf_open(&doc, in) < 0 || load_root(doc, &catalog, &root_num, &root_gen) < 0)
		goto out;
	if (!(page = load_page(doc, &page_num, &page_gen)))
		goto out;
	upd_begin(&u, doc);
	if (strcmp(mode, "content") == 0) {
		if (modify_content(&u, page, page_num, page_gen) < 0)
			goto out;
	} else if (strcmp(mode, "catalog") == 0) {
		/* An /OpenAction: a catalog change no signer makes. */
		pv *act = pv_new_array();
		pv_array_push(act, pv_new_ref(page_num, page_gen));
		pv_array_push(act, pv_new_raw("/Fit"));
		pv_dict_set(catalog, "/OpenAction", act);
		upd_write_obj(&u, root_num, root_gen, catalog);
	} else if (add_visible(&u, catalog, root_num, root_gen, page, page_num, page_gen,
			       strcmp(mode, "form") == 0) < 0) {
		goto out;
	}
	upd_finish(&u);
	if (ts_write_file(out, u.out->str, u.out->len) < 0)
		goto out;
	ret = 0;
out:
	upd_clear(&u);
	pv_free(page);
	pv_free(catalog);
	pdf_free(doc);
	return ret;
}
