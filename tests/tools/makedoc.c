/* makedoc.c: draws kc-testsign's sample outgoing documents with cairo.
 *
 * An A4 page laid out like a commune's văn bản đi (Nghị định 30/2020 shape: issuer and
 * national motto, "Số: …", place and date, title, body, "Nơi nhận:" and the signer's
 * block).  cairo embeds DejaVu Sans subsets with ToUnicode maps, so pdftotext and the
 * indexer read the Vietnamese text back exactly.  cairo writes classic xref tables,
 * which is what kc-testsign's own reader handles. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>

#include "testsign.h"

#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN_L 85.0
#define MARGIN_R 56.0
#define FONT "DejaVu Sans"

enum { LEFT, CENTER, RIGHT };

static void set_font(cairo_t *cr, bool bold, bool italic, double size)
{
	cairo_select_font_face(cr, FONT, italic ? CAIRO_FONT_SLANT_OBLIQUE : CAIRO_FONT_SLANT_NORMAL,
			       bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
}

/* One run of text, so extraction yields it whole ("Số: 12/QĐ-UBND"). */
static void show(cairo_t *cr, double x, double y, int align, const char *text)
{
	cairo_text_extents_t e;

	cairo_text_extents(cr, text, &e);
	if (align == CENTER)
		x -= e.x_advance / 2;
	else if (align == RIGHT)
		x -= e.x_advance;
	cairo_move_to(cr, x, y);
	cairo_show_text(cr, text);
}

/* Greedy word wrap of one paragraph into [x, x+width]; returns the next baseline. */
static double wrap(cairo_t *cr, double x, double y, double width, double leading, int align,
		   const char *text)
{
	char **words = g_strsplit(text, " ", -1);
	GString *line = g_string_new(NULL);
	GString *trial = g_string_new(NULL);
	double cx = align == CENTER ? x + width / 2 : x;

	for (char **w = words; *w; w++) {
		cairo_text_extents_t e;
		if (!**w)
			continue;
		g_string_assign(trial, line->str);
		if (trial->len)
			g_string_append_c(trial, ' ');
		g_string_append(trial, *w);
		cairo_text_extents(cr, trial->str, &e);
		if (e.x_advance > width && line->len) {
			show(cr, cx, y, align, line->str);
			y += leading;
			g_string_assign(line, *w);
		} else {
			g_string_assign(line, trial->str);
		}
	}
	if (line->len) {
		show(cr, cx, y, align, line->str);
		y += leading;
	}
	g_string_free(line, TRUE);
	g_string_free(trial, TRUE);
	g_strfreev(words);
	return y;
}

static void draw_header(cairo_t *cr, const struct doc_opts *o)
{
	const double lx = 150, rx = 400;

	set_font(cr, false, false, 12);
	show(cr, lx, 70, CENTER, "ỦY BAN NHÂN DÂN");
	set_font(cr, true, false, 12);
	show(cr, lx, 86, CENTER, "XÃ THỦY AN");
	set_font(cr, true, false, 11.5);
	show(cr, rx, 70, CENTER, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
	set_font(cr, true, false, 12.5);
	show(cr, rx, 86, CENTER, "Độc lập - Tự do - Hạnh phúc");
	cairo_set_line_width(cr, 0.6);
	cairo_move_to(cr, lx - 30, 91);
	cairo_line_to(cr, lx + 30, 91);
	cairo_move_to(cr, rx - 80, 91);
	cairo_line_to(cr, rx + 80, 91);
	cairo_stroke(cr);

	char *num = g_strconcat("Số: ", o->number, NULL);
	char *date = g_strconcat("Thủy An, ", o->date, NULL);
	set_font(cr, false, false, 12.5);
	show(cr, lx, 116, CENTER, num);
	set_font(cr, false, true, 12.5);
	show(cr, rx, 116, CENTER, date);
	g_free(num);
	g_free(date);
}

/* Title lines are separated by '|' or newlines: the first (the document type) larger. */
static double draw_title(cairo_t *cr, double y, const char *title)
{
	char **lines = g_strsplit_set(title, "|\n", -1);
	double width = PAGE_W - MARGIN_L - MARGIN_R;

	for (char **l = lines; *l; l++) {
		char *t = g_strstrip(g_strdup(*l));
		set_font(cr, true, false, l == lines ? 14 : 13);
		if (*t)
			y = wrap(cr, MARGIN_L, y, width, 18, CENTER, t);
		g_free(t);
	}
	g_strfreev(lines);
	return y + 14;
}

static double draw_body(cairo_t *cr, double y, const char *body)
{
	char **paras = g_strsplit_set(body, "|\n", -1);

	set_font(cr, false, false, 12.5);
	for (char **p = paras; *p; p++) {
		char *t = g_strstrip(g_strdup(*p));
		if (*t)
			y = wrap(cr, MARGIN_L, y, PAGE_W - MARGIN_L - MARGIN_R, 18, LEFT, t) + 4;
		g_free(t);
	}
	g_strfreev(paras);
	return y;
}

/* "Nơi nhận:" on the left, one recipient a line; the signer's block on the right. */
static void draw_footer(cairo_t *cr, double y, const struct doc_opts *o)
{
	char **rcpt = g_strsplit(o->recipients, ";", -1);
	char **titles = g_strsplit(o->signer_title, "|", -1);
	guint n = 0, last = 0;
	double ry = y;

	for (guint i = 0; rcpt[i]; i++) {
		g_strstrip(rcpt[i]);
		if (*rcpt[i])
			last = i, n++;
	}
	set_font(cr, true, true, 11.5);
	show(cr, MARGIN_L, ry, LEFT, "Nơi nhận:");
	set_font(cr, false, false, 10.5);
	for (guint i = 0; n && rcpt[i]; i++) {
		if (!*rcpt[i])
			continue;
		char *line = g_strdup_printf("- %s%s", rcpt[i], i == last ? "." : ";");
		ry += 14;
		show(cr, MARGIN_L, ry, LEFT, line);
		g_free(line);
	}

	set_font(cr, true, false, 12.5);
	show(cr, 420, y, CENTER, "TM. ỦY BAN NHÂN DÂN");
	for (guint i = 0; titles[i]; i++)
		show(cr, 420, y + 16 * (i + 1), CENTER, g_strstrip(titles[i]));
	show(cr, 420, y + 16 * (g_strv_length(titles) + 1) + 60, CENTER, o->signer_name);
	g_strfreev(titles);
	g_strfreev(rcpt);
}

/* Noise cannot be compressed: it makes the file as large as a benchmark wants. */
static void draw_padding(cairo_t *cr, long bytes)
{
	const int w = 256;
	int h = (int)((bytes + 3 * w - 1) / (3 * w));
	cairo_surface_t *img;
	uint64_t x = 0x9e3779b97f4a7c15ull; /* fixed seed: the same options give the same file */
	unsigned char *px;
	int stride;

	if (h < 1)
		h = 1;
	img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cairo_surface_flush(img);
	px = cairo_image_surface_get_data(img);
	stride = cairo_image_surface_get_stride(img);
	for (int r = 0; r < h; r++)
		for (int c = 0; c < w * 4; c++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			px[r * stride + c] = (unsigned char)(x >> 24);
		}
	cairo_surface_mark_dirty(img);
	/* Drawn as a small stamp in the bottom-left corner. */
	cairo_save(cr);
	cairo_translate(cr, 20, PAGE_H - 40);
	cairo_scale(cr, 20.0 / w, 20.0 / h);
	cairo_set_source_surface(cr, img, 0, 0);
	cairo_rectangle(cr, 0, 0, w, h);
	cairo_fill(cr);
	cairo_restore(cr);
	cairo_surface_destroy(img);
}

static cairo_status_t append_cb(void *closure, const unsigned char *data, unsigned int len)
{
	g_string_append_len(closure, (const char *)data, len);
	return CAIRO_STATUS_SUCCESS;
}

static int render(GString *buf, const struct doc_opts *o, long pad_bytes)
{
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(append_cb, buf, PAGE_W, PAGE_H);
	cairo_t *cr = cairo_create(s);
	int d = 0, m = 0, yr = 0, ret = -1;
	double y;

	/* A fixed creation date (the document's own) keeps the output reproducible. */
	if (sscanf(o->date, "ngày %d tháng %d năm %d", &d, &m, &yr) == 3) {
		char iso[32];
		snprintf(iso, sizeof iso, "%04d-%02d-%02dT08:00:00", yr, m, d);
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, iso);
	} else {
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2021-01-04T08:00:00");
	}
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, o->number);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "kc-testsign");

	cairo_set_source_rgb(cr, 0, 0, 0);
	draw_header(cr, o);
	y = draw_title(cr, 160, o->title);
	y = draw_body(cr, y, o->body);
	for (int p = 2; p <= o->pages; p++) {
		char *more = g_strdup_printf("(Trang %d) %s", p, o->body);
		cairo_show_page(cr);
		y = draw_body(cr, 80, more);
		g_free(more);
	}
	draw_footer(cr, y + 20, o);
	if (pad_bytes > 0)
		draw_padding(cr, pad_bytes);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		ts_error("(cairo)", "%s", cairo_status_to_string(cairo_surface_status(s)));
		goto out;
	}
	ret = 0;
out:
	cairo_surface_destroy(s);
	return ret;
}

int make_doc(const char *out_path, const struct doc_opts *o)
{
	GString *buf = g_string_new(NULL);
	long target = o->pad_kb * 1024;
	int ret = -1;

	if (render(buf, o, 0) < 0)
		goto out;
	if (target > (long)buf->len + 1024) {
		/* Second pass: noise for the missing bytes, less the image object's overhead. */
		long missing = target - (long)buf->len - 600;
		g_string_truncate(buf, 0);
		if (render(buf, o, missing) < 0)
			goto out;
	}
	if (ts_write_file(out_path, buf->str, buf->len) < 0)
		goto out;
	ret = 0;
out:
	g_string_free(buf, TRUE);
	return ret;
}

int text_path_ops(GString *out, const char *text, double size, double x, double y, bool center)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
	cairo_t *cr = cairo_create(s);
	cairo_text_extents_t e;
	cairo_path_t *path;
	int ret = -1;

	set_font(cr, true, false, size);
	cairo_text_extents(cr, text, &e);
	if (center)
		x -= e.x_advance / 2;
	cairo_move_to(cr, 0, 0);
	cairo_text_path(cr, text);
	path = cairo_copy_path(cr);
	if (path->status != CAIRO_STATUS_SUCCESS) {
		ts_error("(cairo)", "%s", cairo_status_to_string(path->status));
		goto out;
	}
	/* cairo's y grows downwards; PDF's upwards. */
	for (int i = 0; i < path->num_data; i += path->data[i].header.length) {
		cairo_path_data_t *d = &path->data[i];
		switch (d->header.type) {
		case CAIRO_PATH_MOVE_TO:
			g_string_append_printf(out, "%.2f %.2f m\n", x + d[1].point.x, y - d[1].point.y);
			break;
		case CAIRO_PATH_LINE_TO:
			g_string_append_printf(out, "%.2f %.2f l\n", x + d[1].point.x, y - d[1].point.y);
			break;
		case CAIRO_PATH_CURVE_TO:
			g_string_append_printf(out, "%.2f %.2f %.2f %.2f %.2f %.2f c\n",
					       x + d[1].point.x, y - d[1].point.y, x + d[2].point.x,
					       y - d[2].point.y, x + d[3].point.x, y - d[3].point.y);
			break;
		case CAIRO_PATH_CLOSE_PATH:
			g_string_append(out, "h\n");
			break;
		}
	}
	ret = 0;
out:
	cairo_path_destroy(path);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	return ret;
}
