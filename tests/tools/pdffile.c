/* pdffile.c: reading a PDF's classic xref tables and writing incremental updates.
 *
 * kc-testsign only has to read what it signs: cairo's output, its own updates and
 * poppler's (pdfsig -add-signature), all of which use classic xref tables.  It reads
 * the newest section via startxref, follows /Prev, and refuses xref streams and
 * encrypted files with a clear message rather than guessing. */
#include <stdlib.h>
#include <string.h>

#include "testsign.h"

typedef struct {
	long num;
	int gen;
	long off;
} upd_obj;

static bool match(const pdf *d, size_t pos, const char *word)
{
	size_t n = strlen(word);
	return pos + n <= d->len && memcmp(d->data + pos, word, n) == 0;
}

static long find_startxref(const pdf *d)
{
	size_t from = d->len > 2048 ? d->len - 2048 : 0;
	size_t pos = d->len;

	while (pos > from) {
		pos--;
		if (match(d, pos, "startxref")) {
			size_t p = pos + 9;
			pv *v = pv_parse(d->data, d->len, &p);
			long off = -1;
			if (!pv_int(v, &off))
				off = -1;
			pv_free(v);
			return off;
		}
	}
	return -1;
}

/* Reads the xref table at off; entries not yet known are recorded (newer sections are
 * read first, so they win).  Returns the section's trailer, or NULL. */
static pv *read_section(pdf *d, long off)
{
	size_t pos = (size_t)off;
	pv *v = NULL;

	if (off < 0 || (size_t)off >= d->len) {
		ts_error(d->path, "xref offset %ld is outside the file", off);
		return NULL;
	}
	if (!match(d, pos, "xref")) {
		ts_error(d->path, "no classic xref table at offset %ld (xref streams are not "
			 "supported by this test tool)", off);
		return NULL;
	}
	pos += 4;
	for (;;) {
		long first, count;
		pv_free(v);
		v = pv_parse(d->data, d->len, &pos);
		if (v && v->kind == PV_RAW && strcmp(v->raw, "trailer") == 0)
			break;
		if (!pv_int(v, &first) || first < 0)
			goto bad;
		pv_free(v);
		v = pv_parse(d->data, d->len, &pos);
		if (!pv_int(v, &count) || count < 0 || count > 10000000)
			goto bad;
		for (long i = 0; i < count; i++) {
			long eoff, egen;
			pv *a = pv_parse(d->data, d->len, &pos);
			pv *b = pv_parse(d->data, d->len, &pos);
			pv *c = pv_parse(d->data, d->len, &pos);
			bool ok = pv_int(a, &eoff) && pv_int(b, &egen) && c && c->kind == PV_RAW &&
				  (strcmp(c->raw, "n") == 0 || strcmp(c->raw, "f") == 0);
			char type = ok ? c->raw[0] : 0;
			pv_free(a);
			pv_free(b);
			pv_free(c);
			if (!ok)
				goto bad;
			if ((guint)(first + i) >= d->xref->len)
				g_array_set_size(d->xref, (guint)(first + i + 1));
			xref_entry *e = &g_array_index(d->xref, xref_entry, first + i);
			if (!e->type) {
				e->off = eoff;
				e->gen = (int)egen;
				e->type = type;
			}
		}
	}
	pv_free(v);
	v = pv_parse(d->data, d->len, &pos);
	if (!v || v->kind != PV_DICT)
		goto bad;
	return v;
bad:
	pv_free(v);
	ts_error(d->path, "malformed xref section at offset %ld", off);
	return NULL;
}

int pdf_open(pdf **out, const char *path)
{
	pdf *d = g_new0(pdf, 1);
	long off;
	int ret = -1;

	d->path = path;
	d->xref = g_array_new(FALSE, TRUE, sizeof(xref_entry));
	if (ts_read_file(path, &d->data, &d->len) < 0)
		goto out;
	if (d->len < 8 || memcmp(d->data, "%PDF-", 5) != 0) {
		ts_error(path, "not a PDF file");
		goto out;
	}
	d->startxref = off = find_startxref(d);
	if (off < 0) {
		ts_error(path, "no startxref near the end of the file");
		goto out;
	}
	/* Follow /Prev; the bound stops a loop of sections pointing at each other. */
	for (int n = 0; off >= 0; n++) {
		pv *tr;
		if (n > 1000) {
			ts_error(path, "too many xref sections (a /Prev loop?)");
			goto out;
		}
		tr = read_section(d, off);
		if (!tr)
			goto out;
		if (pv_dict_get(tr, "/Encrypt")) {
			ts_error(path, "encrypted PDFs are not supported");
			pv_free(tr);
			goto out;
		}
		if (!pv_int(pv_dict_get(tr, "/Prev"), &off))
			off = -1;
		if (!d->trailer)
			d->trailer = tr;
		else
			pv_free(tr);
	}
	if (!pv_dict_get(d->trailer, "/Root") || pv_dict_get(d->trailer, "/Root")->kind != PV_REF) {
		ts_error(path, "the trailer has no /Root reference");
		goto out;
	}
	*out = d;
	d = NULL;
	ret = 0;
out:
	pdf_free(d);
	return ret;
}

void pdf_free(pdf *d)
{
	if (!d)
		return;
	g_free(d->data);
	g_array_free(d->xref, TRUE);
	pv_free(d->trailer);
	g_free(d);
}

pv *pdf_get(pdf *d, long num)
{
	xref_entry *e;
	size_t pos;
	pv *n = NULL, *g = NULL, *kw = NULL, *v = NULL;
	long vn, vg;

	if (num < 0 || (guint)num >= d->xref->len ||
	    (e = &g_array_index(d->xref, xref_entry, num))->type != 'n') {
		ts_error(d->path, "object %ld is not in the xref table (object streams are not "
			 "supported by this test tool)", num);
		return NULL;
	}
	pos = (size_t)e->off;
	if (e->off < 0 || pos >= d->len)
		goto bad;
	n = pv_parse(d->data, d->len, &pos);
	g = pv_parse(d->data, d->len, &pos);
	kw = pv_parse(d->data, d->len, &pos);
	if (!pv_int(n, &vn) || vn != num || !pv_int(g, &vg) || !kw || kw->kind != PV_RAW ||
	    strcmp(kw->raw, "obj") != 0)
		goto bad;
	v = pv_parse(d->data, d->len, &pos);
	if (!v)
		goto bad;
	goto out;
bad:
	ts_error(d->path, "object %ld at offset %ld does not parse", num, e->off);
out:
	pv_free(n);
	pv_free(g);
	pv_free(kw);
	return v;
}

pv *pdf_deref(pdf *d, const pv *v)
{
	if (!v)
		return NULL;
	return v->kind == PV_REF ? pdf_get(d, v->num) : pv_copy(v);
}

int pdf_first_page(pdf *d, long *num, int *gen)
{
	pv *cat = pdf_get(d, pv_dict_get(d->trailer, "/Root")->num);
	pv *node = NULL;
	const pv *ref;
	int ret = -1;

	if (!cat)
		goto out;
	ref = pv_dict_get(cat, "/Pages");
	/* Down the page tree by the first kid: bounded, since a tree may be cyclic. */
	for (int depth = 0; depth < 64; depth++) {
		if (!ref || ref->kind != PV_REF) {
			ts_error(d->path, "page tree node is not a reference");
			goto out;
		}
		*num = ref->num;
		*gen = ref->gen;
		pv_free(node); /* ref may point into it: use *num from here on */
		ref = NULL;
		node = pdf_get(d, *num);
		if (!node)
			goto out;
		if (pv_is_name(pv_dict_get(node, "/Type"), "/Page")) {
			ret = 0;
			goto out;
		}
		const pv *kids = pv_dict_get(node, "/Kids");
		if (!kids || kids->kind != PV_ARRAY || kids->items->len == 0) {
			ts_error(d->path, "page tree node %ld has no /Kids", *num);
			goto out;
		}
		ref = kids->items->pdata[0];
	}
	ts_error(d->path, "page tree too deep");
out:
	pv_free(cat);
	pv_free(node);
	return ret;
}

void upd_begin(update *u, pdf *d)
{
	long size = 0;

	u->doc = d;
	u->out = g_string_sized_new(d->len + 65536);
	g_string_append_len(u->out, (const char *)d->data, (gssize)d->len);
	/* The update starts on a fresh line; bytes of the old revision stay untouched. */
	if (d->len && d->data[d->len - 1] != '\n' && d->data[d->len - 1] != '\r')
		g_string_append_c(u->out, '\n');
	u->objs = g_array_new(FALSE, FALSE, sizeof(upd_obj));
	if (!pv_int(pv_dict_get(d->trailer, "/Size"), &size) || size < (long)d->xref->len)
		size = (long)d->xref->len;
	u->next_num = size;
}

long upd_new_num(update *u)
{
	return u->next_num++;
}

void upd_obj_start(update *u, long num, int gen)
{
	upd_obj o = { num, gen, (long)u->out->len };

	g_array_append_val(u->objs, o);
	g_string_append_printf(u->out, "%ld %d obj\n", num, gen);
}

void upd_write_obj(update *u, long num, int gen, const pv *v)
{
	upd_obj_start(u, num, gen);
	pv_write(u->out, v);
	g_string_append(u->out, "\nendobj\n");
}

void upd_write_stream(update *u, long num, const char *dict_extra, const char *data, size_t len)
{
	upd_obj_start(u, num, 0);
	g_string_append_printf(u->out, "<< %s/Length %zu >>\nstream\n", dict_extra ? dict_extra : "",
			       len);
	g_string_append_len(u->out, data, (gssize)len);
	g_string_append(u->out, "\nendstream\nendobj\n");
}

static gint cmp_obj(gconstpointer a, gconstpointer b)
{
	const upd_obj *x = a, *y = b;
	return x->num < y->num ? -1 : x->num > y->num;
}

void upd_finish(update *u)
{
	long xref_off = (long)u->out->len;
	pv *tr = pv_copy(u->doc->trailer);
	guint i = 0;
	char buf[32];

	g_array_sort(u->objs, cmp_obj);
	g_string_append(u->out, "xref\n");
	/* One subsection per run of consecutive object numbers. */
	while (i < u->objs->len) {
		guint j = i;
		while (j + 1 < u->objs->len &&
		       g_array_index(u->objs, upd_obj, j + 1).num == g_array_index(u->objs, upd_obj, j).num + 1)
			j++;
		g_string_append_printf(u->out, "%ld %u\n", g_array_index(u->objs, upd_obj, i).num, j - i + 1);
		for (; i <= j; i++) {
			const upd_obj *o = &g_array_index(u->objs, upd_obj, i);
			g_string_append_printf(u->out, "%010ld %05d n\r\n", o->off, o->gen);
		}
	}
	pv_dict_del(tr, "/XRefStm");
	snprintf(buf, sizeof buf, "%ld", u->next_num);
	pv_dict_set(tr, "/Size", pv_new_raw(buf));
	snprintf(buf, sizeof buf, "%ld", u->doc->startxref);
	pv_dict_set(tr, "/Prev", pv_new_raw(buf));
	g_string_append(u->out, "trailer\n");
	pv_write(u->out, tr);
	g_string_append_printf(u->out, "\nstartxref\n%ld\n%%%%EOF\n", xref_off);
	pv_free(tr);
}

void upd_clear(update *u)
{
	if (u->out)
		g_string_free(u->out, TRUE);
	if (u->objs)
		g_array_free(u->objs, TRUE);
	u->out = NULL;
	u->objs = NULL;
}

/* Appends ref to the array held by container[key] (inline, absent, or an indirect
 * array).  Returns 1 when the container itself changed and must be re-written, 0
 * when only the indirect array was (re-written here), -1 on error. */
static int push_to_array(update *u, pv *container, const char *key, pv *ref)
{
	pv *cur = pv_dict_get(container, key), *arr;

	if (!cur) {
		arr = pv_new_array();
		pv_array_push(arr, ref);
		pv_dict_set(container, key, arr);
		return 1;
	}
	if (cur->kind == PV_ARRAY) {
		pv_array_push(cur, ref);
		return 1;
	}
	if (cur->kind == PV_REF) {
		arr = pdf_get(u->doc, cur->num);
		if (!arr || arr->kind != PV_ARRAY) {
			ts_error(u->doc->path, "%s of object is not an array", key);
			pv_free(arr);
			pv_free(ref);
			return -1;
		}
		pv_array_push(arr, ref);
		upd_write_obj(u, cur->num, cur->gen, arr);
		pv_free(arr);
		return 0;
	}
	ts_error(u->doc->path, "%s is neither an array nor a reference", key);
	pv_free(ref);
	return -1;
}

int upd_add_field(update *u, pv *catalog, long root_num, int root_gen, bool sigflags, long field_num)
{
	pv *af = pv_dict_get(catalog, "/AcroForm");
	pv *form = NULL;
	int r, ret = -1;

	if (af && af->kind == PV_REF) {
		/* The AcroForm is its own object: re-write it, the catalog stays as it is. */
		form = pdf_get(u->doc, af->num);
		if (!form || form->kind != PV_DICT)
			goto out;
		if (push_to_array(u, form, "/Fields", pv_new_ref(field_num, 0)) < 0)
			goto out;
		if (sigflags)
			pv_dict_set(form, "/SigFlags", pv_new_raw("3"));
		upd_write_obj(u, af->num, af->gen, form);
		ret = 0;
		goto out;
	}
	if (af && af->kind == PV_DICT) {
		/* Inline in the catalog (poppler makes it so): the catalog is re-written. */
		r = push_to_array(u, af, "/Fields", pv_new_ref(field_num, 0));
		if (r < 0)
			goto out;
		if (sigflags && !pv_is_name(pv_dict_get(af, "/SigFlags"), "3")) {
			pv_dict_set(af, "/SigFlags", pv_new_raw("3"));
			r = 1;
		}
		if (r > 0)
			upd_write_obj(u, root_num, root_gen, catalog);
		ret = 0;
		goto out;
	}
	if (af) {
		ts_error(u->doc->path, "the catalog's /AcroForm is not a dictionary");
		goto out;
	}
	long form_num = upd_new_num(u);
	form = pv_new_dict();
	pv_dict_set(form, "/Fields", pv_new_array());
	pv_array_push(pv_dict_get(form, "/Fields"), pv_new_ref(field_num, 0));
	if (sigflags)
		pv_dict_set(form, "/SigFlags", pv_new_raw("3"));
	upd_write_obj(u, form_num, 0, form);
	pv_dict_set(catalog, "/AcroForm", pv_new_ref(form_num, 0));
	upd_write_obj(u, root_num, root_gen, catalog);
	ret = 0;
out:
	pv_free(form);
	return ret;
}

int upd_add_annot(update *u, pv *page, long page_num, int page_gen, long annot_num)
{
	int r = push_to_array(u, page, "/Annots", pv_new_ref(annot_num, 0));

	if (r < 0)
		return -1;
	if (r > 0)
		upd_write_obj(u, page_num, page_gen, page);
	return 0;
}
