/* pdf_actual.c: whether a page's text, as a text extractor gives it, may say
 * other figures than the page draws.
 *
 * A marked-content span may carry /ActualText, "the text these glyphs stand
 * for": poppler, MuPDF and pdf.js give it instead of the glyphs drawn inside
 * the span.  "/Span <</ActualText (2021)>> BDC (2020) Tj EMC" draws 2020 on
 * the page and reads as 2021, so a signed 2020 decision read for a 2021
 * register row.  poppler-glib has no switch to read the glyphs instead, so
 * the pages whose text is read (the first and the last, pdftext.c) are
 * scanned here with our own reader: their content streams, the form
 * XObjects they draw and the marked-content properties their resources name.
 * An /ActualText that holds a digit makes the page's figures (a number, a
 * date) not the page's own: the caller does not read them (fail closed) and
 * says why.  /ActualText without digits (Word's and LibreOffice's ligatures,
 * soft hyphens, bullets) changes no figure and is let be.  A content stream
 * this reader cannot decode is not judged either way: the text is then not
 * trusted for figures.  Every count and size is bounded. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pdf.h"

#define MAX_PAGE_NODES 100000   /* page tree nodes walked to find the first and last page */
#define MAX_STREAM (32u << 20)  /* decoded bytes of one content stream */
#define MAX_FORMS 256           /* form XObjects scanned for one document */
#define MAX_FORM_DEPTH 8        /* forms inside forms */

typedef struct scan {
    kc_pdf_doc *doc;
    size_t rev;
    GHashTable *seen; /* streams and property dictionaries already scanned */
    int forms;
    char *why; /* set once: what was found */
} scan;

static bool has_digit(const char *s)
{
    for (; s && *s; s = g_utf8_next_char(s))
        if (g_unichar_isdigit(g_utf8_get_char(s)))
            return true;
    return false;
}

static void found(scan *s, size_t page, const kc_pdf_obj *value)
{
    char *t = kc_pdf_text(value);
    if (!s->why && has_digit(t))
        s->why = g_strdup_printf(_("page %zu draws glyphs whose text is replaced by /ActualText \"%s\": the "
                                   "figures it reads (a number, a year) need not be the ones the page shows"),
                                 page, t);
    free(t);
}

/* Every "/ActualText <string>" in decoded content bytes. */
static void scan_bytes(scan *s, size_t page, const unsigned char *b, size_t n)
{
    static const char key[] = "ActualText";
    const unsigned char *p = b, *end = b + n;
    while (!s->why && p < end) {
        const unsigned char *hit = memmem(p, (size_t)(end - p), key, sizeof key - 1);
        if (!hit)
            break;
        size_t pos = (size_t)(hit - b) + sizeof key - 1;
        kc_pdf_obj *o = NULL;
        pos = kc_pdf_skip_ws(b, n, pos);
        if (kc_pdf_parse_object(kc_pdf_arena(s->doc), b, n, &pos, 0, &o) == KC_PARSE_OK && o)
            found(s, page, o);
        else if (!s->why) /* cut off or not a string: not read, so not trusted */
            s->why = g_strdup_printf(_("page %zu has an /ActualText this reader cannot read: the figures its "
                                       "text gives need not be the ones the page shows"),
                                     page);
        p = hit + sizeof key - 1;
    }
}

static void scan_stream(scan *s, size_t page, kc_pdf_obj *st)
{
    unsigned char *data = NULL;
    size_t len = 0;
    if (!st || st->type != KC_PDF_STREAM || g_hash_table_contains(s->seen, st))
        return;
    g_hash_table_add(s->seen, st);
    if (kc_pdf_stream_decode(kc_pdf_source(s->doc), st, MAX_STREAM, &data, &len, NULL) != 0) {
        if (!s->why)
            s->why = g_strdup_printf(_("page %zu has content this reader cannot decode, so whether its text "
                                       "replaces the figures it draws (/ActualText) is not known"),
                                     page);
        return;
    }
    scan_bytes(s, page, data, len);
    free(data);
}

static void scan_resources(scan *s, size_t page, kc_pdf_obj *res, int depth);

/* A form XObject draws content of its own, which the page's text takes in. */
static void scan_form(scan *s, size_t page, kc_pdf_obj *form, int depth)
{
    if (!form || form->type != KC_PDF_STREAM || g_hash_table_contains(s->seen, form) ||
        !kc_pdf_is_name(kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(form, "Subtype")), "Form"))
        return;
    if (++s->forms > MAX_FORMS || depth > MAX_FORM_DEPTH) {
        if (!s->why)
            s->why = g_strdup_printf(_("page %zu draws more forms than this reader follows, so whether its text "
                                       "replaces the figures it draws (/ActualText) is not known"),
                                     page);
        return;
    }
    scan_stream(s, page, form);
    scan_resources(s, page, kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(form, "Resources")), depth + 1);
}

static void scan_resources(scan *s, size_t page, kc_pdf_obj *res, int depth)
{
    if (!res || res->type != KC_PDF_DICT || s->why)
        return;
    /* "/Span /P0 BDC" takes its properties, /ActualText among them, from here. */
    kc_pdf_obj *props = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(res, "Properties"));
    for (size_t i = 0; props && props->type == KC_PDF_DICT && i < props->u.dict.n && !s->why; i++) {
        kc_pdf_obj *p = kc_pdf_resolve(s->doc, s->rev, props->u.dict.vals[i]);
        if (p && p->type == KC_PDF_DICT && !g_hash_table_contains(s->seen, p)) {
            g_hash_table_add(s->seen, p);
            kc_pdf_obj *at = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(p, "ActualText"));
            if (at)
                found(s, page, at);
        }
    }
    kc_pdf_obj *xo = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(res, "XObject"));
    for (size_t i = 0; xo && xo->type == KC_PDF_DICT && i < xo->u.dict.n && !s->why; i++)
        scan_form(s, page, kc_pdf_resolve(s->doc, s->rev, xo->u.dict.vals[i]), depth);
}

static void scan_page(scan *s, size_t page, kc_pdf_obj *node, kc_pdf_obj *res)
{
    kc_pdf_obj *c = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(node, "Contents"));
    if (c && c->type == KC_PDF_ARRAY) {
        for (size_t i = 0; i < c->u.arr.n && !s->why; i++)
            scan_stream(s, page, kc_pdf_resolve(s->doc, s->rev, c->u.arr.items[i]));
    } else {
        scan_stream(s, page, c);
    }
    scan_resources(s, page, res, 0);
}

/* The first and the last page (as the page tree orders them), each with the
 * resources it has or inherits. */
static void scan_pages(scan *s, kc_pdf_obj *pages_ref)
{
    typedef struct { kc_pdf_obj *ref, *res; } item;
    GArray *stack = g_array_new(FALSE, FALSE, sizeof(item));
    GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    item first = {0}, last = {0};
    size_t pages = 0, nodes = 0;
    g_array_append_val(stack, ((item){pages_ref, NULL}));
    while (stack->len > 0 && nodes++ < MAX_PAGE_NODES) {
        item it = g_array_index(stack, item, stack->len - 1);
        g_array_set_size(stack, stack->len - 1);
        kc_pdf_obj *node = kc_pdf_resolve(s->doc, s->rev, it.ref);
        if (!node || node->type != KC_PDF_DICT || g_hash_table_contains(seen, node))
            continue;
        g_hash_table_add(seen, node);
        kc_pdf_obj *res = kc_pdf_dict_get(node, "Resources") ? kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(node, "Resources")) : it.res;
        kc_pdf_obj *kids = kc_pdf_resolve(s->doc, s->rev, kc_pdf_dict_get(node, "Kids"));
        if (!kc_pdf_is_name(kc_pdf_dict_get(node, "Type"), "Page") && kids && kids->type == KC_PDF_ARRAY) {
            for (size_t k = kids->u.arr.n; k-- > 0;)
                g_array_append_val(stack, ((item){kids->u.arr.items[k], res}));
            continue;
        }
        if (++pages == 1)
            first = (item){(kc_pdf_obj *)node, res};
        last = (item){(kc_pdf_obj *)node, res};
    }
    g_array_free(stack, TRUE);
    g_hash_table_destroy(seen);
    if (first.ref)
        scan_page(s, 1, first.ref, first.res);
    if (pages > 1 && !s->why)
        scan_page(s, pages, last.ref, last.res);
}

char *kc_pdf_actualtext_figures(int fd, const void *data, uint64_t size)
{
    kc_pdf_doc *doc = NULL;
    scan s = {0};
    if (kc_pdf_open_src(&doc, fd, data, size, NULL) != 0)
        return NULL; /* not a file this reader reads: poppler's text alone */
    s.doc = doc;
    s.rev = kc_pdf_section_count(doc) ? kc_pdf_section_count(doc) - 1 : 0;
    s.seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    kc_pdf_obj *trailer = kc_pdf_trailer(doc, s.rev);
    kc_pdf_obj *root = trailer ? kc_pdf_resolve(doc, s.rev, kc_pdf_dict_get(trailer, "Root")) : NULL;
    if (root && root->type == KC_PDF_DICT)
        scan_pages(&s, kc_pdf_dict_get(root, "Pages"));
    g_hash_table_destroy(s.seen);
    kc_pdf_close(doc);
    return s.why;
}
