/* pdfobj.c: a small PDF object parser and writer for kc-testsign.
 *
 * Just enough to read a catalog, a page, an AcroForm or an array, change a key and
 * write the object back.  Scalars keep their exact token text, so a re-written
 * object differs from the old one only where we changed it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testsign.h"

static bool is_ws(unsigned char c)
{
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static bool is_delim(unsigned char c)
{
	return strchr("()<>[]{}/%", c) != NULL && c != 0;
}

static void skip_ws(const unsigned char *b, size_t len, size_t *pos)
{
	while (*pos < len) {
		if (is_ws(b[*pos])) {
			(*pos)++;
		} else if (b[*pos] == '%') { /* comment to end of line */
			while (*pos < len && b[*pos] != '\n' && b[*pos] != '\r')
				(*pos)++;
		} else {
			break;
		}
	}
}

static void pv_free_cb(gpointer p)
{
	pv_free(p);
}

pv *pv_new_raw(const char *raw)
{
	pv *v = g_new0(pv, 1);
	v->kind = PV_RAW;
	v->raw = g_strdup(raw);
	return v;
}

pv *pv_new_ref(long num, int gen)
{
	pv *v = g_new0(pv, 1);
	v->kind = PV_REF;
	v->num = num;
	v->gen = gen;
	return v;
}

pv *pv_new_array(void)
{
	pv *v = g_new0(pv, 1);
	v->kind = PV_ARRAY;
	v->items = g_ptr_array_new_with_free_func(pv_free_cb);
	return v;
}

pv *pv_new_dict(void)
{
	pv *v = g_new0(pv, 1);
	v->kind = PV_DICT;
	v->items = g_ptr_array_new_with_free_func(pv_free_cb);
	v->keys = g_ptr_array_new_with_free_func(g_free);
	return v;
}

void pv_free(pv *v)
{
	if (!v)
		return;
	g_free(v->raw);
	if (v->items)
		g_ptr_array_free(v->items, TRUE);
	if (v->keys)
		g_ptr_array_free(v->keys, TRUE);
	g_free(v);
}

pv *pv_copy(const pv *v)
{
	pv *c;

	switch (v->kind) {
	case PV_RAW:
		return pv_new_raw(v->raw);
	case PV_REF:
		return pv_new_ref(v->num, v->gen);
	case PV_ARRAY:
		c = pv_new_array();
		for (guint i = 0; i < v->items->len; i++)
			pv_array_push(c, pv_copy(v->items->pdata[i]));
		return c;
	case PV_DICT:
	default:
		c = pv_new_dict();
		for (guint i = 0; i < v->items->len; i++)
			pv_dict_set(c, v->keys->pdata[i], pv_copy(v->items->pdata[i]));
		return c;
	}
}

void pv_array_push(pv *a, pv *item)
{
	g_ptr_array_add(a->items, item);
}

static int dict_index(const pv *d, const char *key)
{
	if (!d || d->kind != PV_DICT)
		return -1;
	for (guint i = 0; i < d->keys->len; i++)
		if (strcmp(d->keys->pdata[i], key) == 0)
			return (int)i;
	return -1;
}

pv *pv_dict_get(const pv *d, const char *key)
{
	int i = dict_index(d, key);
	return i < 0 ? NULL : d->items->pdata[i];
}

void pv_dict_set(pv *d, const char *key, pv *val)
{
	int i = dict_index(d, key);

	if (i >= 0) {
		pv_free(d->items->pdata[i]);
		d->items->pdata[i] = val;
		return;
	}
	g_ptr_array_add(d->keys, g_strdup(key));
	g_ptr_array_add(d->items, val);
}

void pv_dict_del(pv *d, const char *key)
{
	int i = dict_index(d, key);

	if (i >= 0) {
		g_ptr_array_remove_index(d->keys, (guint)i);
		g_ptr_array_remove_index(d->items, (guint)i);
	}
}

bool pv_is_name(const pv *v, const char *name)
{
	return v && v->kind == PV_RAW && strcmp(v->raw, name) == 0;
}

bool pv_int(const pv *v, long *out)
{
	char *end;

	if (!v || v->kind != PV_RAW || !v->raw[0])
		return false;
	*out = strtol(v->raw, &end, 10);
	return *end == '\0';
}

/* A literal string "( … )" with balanced parentheses and backslash escapes. */
static bool scan_literal(const unsigned char *b, size_t len, size_t *pos)
{
	int depth = 0;

	for (; *pos < len; (*pos)++) {
		unsigned char c = b[*pos];
		if (c == '\\') {
			(*pos)++;
		} else if (c == '(') {
			depth++;
		} else if (c == ')' && --depth == 0) {
			(*pos)++;
			return true;
		}
	}
	return false;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* The regular-character token at *pos (number, keyword, or a name's body). */
static char *scan_regular(const unsigned char *b, size_t len, size_t *pos)
{
	size_t start = *pos;

	while (*pos < len && !is_ws(b[*pos]) && !is_delim(b[*pos]))
		(*pos)++;
	return g_strndup((const char *)b + start, *pos - start);
}

pv *pv_parse(const unsigned char *b, size_t len, size_t *pos)
{
	pv *v = NULL, *item = NULL;
	size_t start;

	skip_ws(b, len, pos);
	if (*pos >= len)
		return NULL;
	start = *pos;
	if (b[*pos] == '<' && *pos + 1 < len && b[*pos + 1] == '<') {
		*pos += 2;
		v = pv_new_dict();
		for (;;) {
			char *key;
			skip_ws(b, len, pos);
			if (*pos + 1 < len && b[*pos] == '>' && b[*pos + 1] == '>') {
				*pos += 2;
				return v;
			}
			if (*pos >= len || b[*pos] != '/')
				goto fail;
			(*pos)++;
			key = scan_regular(b, len, pos);
			item = pv_parse(b, len, pos);
			if (!item) {
				g_free(key);
				goto fail;
			}
			g_ptr_array_add(v->keys, g_strconcat("/", key, NULL));
			g_ptr_array_add(v->items, item);
			g_free(key);
		}
	}
	if (b[*pos] == '[') {
		(*pos)++;
		v = pv_new_array();
		for (;;) {
			skip_ws(b, len, pos);
			if (*pos < len && b[*pos] == ']') {
				(*pos)++;
				return v;
			}
			item = pv_parse(b, len, pos);
			if (!item)
				goto fail;
			pv_array_push(v, item);
		}
	}
	if (b[*pos] == '(') {
		if (!scan_literal(b, len, pos))
			return NULL;
		goto raw;
	}
	if (b[*pos] == '<') {
		while (*pos < len && b[*pos] != '>')
			(*pos)++;
		if (*pos >= len)
			return NULL;
		(*pos)++;
		goto raw;
	}
	if (b[*pos] == '/') {
		(*pos)++;
		g_free(scan_regular(b, len, pos));
		goto raw;
	}
	if (is_delim(b[*pos]))
		return NULL;
	{
		/* A number or keyword; "N G R" is a reference. */
		char *tok = scan_regular(b, len, pos);
		if (all_digits(tok)) {
			size_t p = *pos;
			char *gen = NULL, *r = NULL;
			bool ref = false;
			skip_ws(b, len, &p);
			gen = scan_regular(b, len, &p);
			if (all_digits(gen)) {
				skip_ws(b, len, &p);
				r = scan_regular(b, len, &p);
				ref = strcmp(r, "R") == 0;
			}
			if (ref) {
				v = pv_new_ref(atol(tok), atoi(gen));
				*pos = p;
			}
			g_free(gen);
			g_free(r);
		}
		g_free(tok);
		if (v)
			return v;
		if (*pos == start)
			return NULL;
	}
raw:
	v = g_new0(pv, 1);
	v->kind = PV_RAW;
	v->raw = g_strndup((const char *)b + start, *pos - start);
	return v;
fail:
	pv_free(v);
	return NULL;
}

void pv_write(GString *out, const pv *v)
{
	switch (v->kind) {
	case PV_RAW:
		g_string_append(out, v->raw);
		break;
	case PV_REF:
		g_string_append_printf(out, "%ld %d R", v->num, v->gen);
		break;
	case PV_ARRAY:
		g_string_append_c(out, '[');
		for (guint i = 0; i < v->items->len; i++) {
			if (i)
				g_string_append_c(out, ' ');
			pv_write(out, v->items->pdata[i]);
		}
		g_string_append_c(out, ']');
		break;
	case PV_DICT:
		g_string_append(out, "<<");
		for (guint i = 0; i < v->items->len; i++) {
			g_string_append_printf(out, " %s ", (const char *)v->keys->pdata[i]);
			pv_write(out, v->items->pdata[i]);
		}
		g_string_append(out, " >>");
		break;
	}
}

void pdf_text_string(GString *out, const char *utf8)
{
	bool plain = true;
	gunichar2 *u16;
	glong n = 0;

	for (const char *p = utf8; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e || strchr("()\\", *p))
			plain = false;
	if (plain) {
		g_string_append_printf(out, "(%s)", utf8);
		return;
	}
	/* Non-ASCII text strings are UTF-16BE with a byte order mark (PDF 32000 7.9.2.2). */
	u16 = g_utf8_to_utf16(utf8, -1, NULL, &n, NULL);
	g_string_append(out, "<FEFF");
	for (glong i = 0; u16 && i < n; i++)
		g_string_append_printf(out, "%04X", (unsigned)u16[i]);
	g_string_append_c(out, '>');
	g_free(u16);
}
