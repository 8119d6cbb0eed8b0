/* ooxml_xml.c: one part of an Office package streamed through libxml2's SAX2
 * push parser (see ooxml.h), with DTDs refused and every size bounded.
 *
 * Why SAX and not a tree or xmlTextReader: a worksheet can be large, so it is
 * streamed; and only a SAX handler sees the DOCTYPE before its internal subset
 * is parsed, so a hostile file never gets as far as declaring an entity.
 *
 * libxml2 is loaded when the first workbook or Word report is read, not when
 * the program starts: with the ICU libraries it pulls in, it cost every
 * `kiemchung verify` a millisecond and a half of start-up for nothing. */
#include <glib.h>
#include <libxml/parser.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "kc_config.h"
#include "ooxml.h"
#include "util.h"

struct kc_xml {
    kc_ooxml *p;
    char *part;
    const kc_xml_handler *h;
    void *ud;
    xmlParserCtxtPtr ctxt;
    kc_ooxml_part *f;
    kc_error *err;          /* where callbacks record their error (set while feeding) */
    int rc;                 /* the first error; 0 while none */
    unsigned depth;
    bool started, done;
    kc_xml_attrs attrs;
    GString *scratch;       /* attribute values, NUL-separated */
    GPtrArray *ns_decl;     /* the prefixes in scope: prefix ("" the default), URI, innermost last */
    GArray *ns_count;       /* guint: the pairs each open element declared */
    char *buf;
};

/* Namespace declarations in scope at once: a part declaring more is refused. */
#define NS_DECL_MAX 4096

/* The libxml2 functions used, found in the library once loaded. */
static struct {
    bool loaded;
    char why[160];
    void (*init_parser)(void);
    void (*stop_parser)(xmlParserCtxtPtr);
    xmlParserCtxtPtr (*create_push)(xmlSAXHandlerPtr, void *, const char *, int, const char *);
    int (*use_options)(xmlParserCtxtPtr, int);
    int (*parse_chunk)(xmlParserCtxtPtr, const char *, int, int);
    void (*free_doc)(xmlDocPtr);
    void (*free_ctxt)(xmlParserCtxtPtr);
    void (*set_generic_error)(void *, xmlGenericErrorFunc);
    xmlGenericErrorFunc *(*generic_error)(void);
    void **(*generic_error_context)(void);
} lx;

static void load_libxml2(void)
{
    static const char *const sonames[] = {KC_LIBXML2_SONAME, NULL};
    const kc_dl_sym syms[] = {
        {(void **)&lx.init_parser, "xmlInitParser"},
        {(void **)&lx.stop_parser, "xmlStopParser"},
        {(void **)&lx.create_push, "xmlCreatePushParserCtxt"},
        {(void **)&lx.use_options, "xmlCtxtUseOptions"},
        {(void **)&lx.parse_chunk, "xmlParseChunk"},
        {(void **)&lx.free_doc, "xmlFreeDoc"},
        {(void **)&lx.free_ctxt, "xmlFreeParserCtxt"},
        {(void **)&lx.set_generic_error, "xmlSetGenericErrorFunc"},
        /* xmlGenericError and its context are per thread: these return the thread's. */
        {(void **)&lx.generic_error, "__xmlGenericError"},
        {(void **)&lx.generic_error_context, "__xmlGenericErrorContext"},
    };
    lx.loaded = kc_dl_load(sonames, syms, G_N_ELEMENTS(syms), lx.why, sizeof lx.why);
    if (lx.loaded)
        lx.init_parser();
}

static bool init_once(void)
{
    static gsize once = 0;
    if (g_once_init_enter(&once)) {
        load_libxml2();
        g_once_init_leave(&once, 1);
    }
    return lx.loaded;
}

/* ---- the parser --------------------------------------------------------------- */

static kc_ns ns_of(const xmlChar *uri)
{
    static const struct {
        const char *uri;
        kc_ns ns;
    } known[] = {
        {"http://schemas.openxmlformats.org/spreadsheetml/2006/main", KC_NS_SHEET},
        {"http://purl.oclc.org/ooxml/spreadsheetml/main", KC_NS_SHEET},
        {"http://schemas.openxmlformats.org/wordprocessingml/2006/main", KC_NS_WORD},
        {"http://purl.oclc.org/ooxml/wordprocessingml/main", KC_NS_WORD},
        {"http://schemas.openxmlformats.org/officeDocument/2006/relationships", KC_NS_REL},
        {"http://purl.oclc.org/ooxml/officeDocument/relationships", KC_NS_REL},
        {"http://schemas.openxmlformats.org/package/2006/relationships", KC_NS_PKG_REL},
        {"http://schemas.openxmlformats.org/markup-compatibility/2006", KC_NS_MC},
        {"http://schemas.openxmlformats.org/officeDocument/2006/math", KC_NS_MATH},
        {"http://purl.oclc.org/ooxml/officeDocument/math", KC_NS_MATH},
    };
    if (!uri)
        return KC_NS_NONE;
    for (size_t i = 0; i < G_N_ELEMENTS(known); i++)
        if (strcmp((const char *)uri, known[i].uri) == 0)
            return known[i].ns;
    return KC_NS_OTHER;
}

const char *kc_xml_attr(const kc_xml_attrs *a, kc_ns ns, const char *name)
{
    for (size_t i = 0; i < a->n; i++)
        if (a->ns[i] == ns && strcmp(a->name[i], name) == 0)
            return a->value[i];
    return NULL;
}

const char *kc_xml_ns_uri(const kc_xml *x, const char *prefix)
{
    for (guint i = x->ns_decl->len; i >= 2; i -= 2)
        if (strcmp(g_ptr_array_index(x->ns_decl, i - 2), prefix) == 0)
            return g_ptr_array_index(x->ns_decl, i - 1);
    return NULL;
}

const char *kc_xml_part(const kc_xml *x)
{
    return x->part;
}

int kc_xml_fail(kc_xml *x, int code, const char *fmt, ...)
{
    if (x->rc == 0) {
        va_list ap;
        va_start(ap, fmt);
        char *msg = g_strdup_vprintf(fmt, ap);
        va_end(ap);
        x->rc = kc_error_set(x->err, code, "%s: %s: %s", kc_ooxml_name(x->p), x->part, msg);
        g_free(msg);
    }
    if (x->ctxt)
        lx.stop_parser(x->ctxt);
    return x->rc;
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int nns,
                     const xmlChar **nsdecl, int nattrs, int ndefaulted, const xmlChar **attrs)
{
    kc_xml *x = ctx;
    (void)prefix;
    (void)nns;
    (void)nsdecl;
    (void)ndefaulted;
    if (x->rc)
        return;
    if (++x->depth > KC_OOXML_MAX_DEPTH) {
        kc_xml_fail(x, KC_ELIMIT, _("elements nested more than %d deep"), KC_OOXML_MAX_DEPTH);
        return;
    }
    if (nattrs > KC_OOXML_MAX_ATTRS) {
        kc_xml_fail(x, KC_ELIMIT, _("an element with more than %d attributes"), KC_OOXML_MAX_ATTRS);
        return;
    }
    /* The prefixes in scope, for attributes that name namespaces by prefix
     * (mc:Choice Requires="w14"): libxml2 resolves only element and attribute names. */
    if (x->ns_decl->len / 2 + (guint)nns > NS_DECL_MAX) {
        kc_xml_fail(x, KC_ELIMIT, _("more than %d namespace declarations in scope"), NS_DECL_MAX);
        return;
    }
    for (int i = 0; i < nns; i++) {
        g_ptr_array_add(x->ns_decl, g_strdup(nsdecl[2 * i] ? (const char *)nsdecl[2 * i] : ""));
        g_ptr_array_add(x->ns_decl, g_strdup(nsdecl[2 * i + 1] ? (const char *)nsdecl[2 * i + 1] : ""));
    }
    guint declared = (guint)nns;
    g_array_append_val(x->ns_count, declared);
    /* libxml2 gives each value as a [start, end) slice: copy them NUL-terminated.
     * Without entity substitution it writes an '&' of the value as "&#38;"
     * (so the value could be serialised again): turn that back into '&'. */
    g_string_truncate(x->scratch, 0);
    size_t offs[KC_OOXML_MAX_ATTRS];
    for (int i = 0; i < nattrs; i++) {
        const xmlChar **a = attrs + 5 * i;
        offs[i] = x->scratch->len;
        for (const xmlChar *v = a[3]; v < a[4]; v++) {
            g_string_append_c(x->scratch, (char)*v);
            if (*v == '&' && a[4] - v >= 5 && memcmp(v, "&#38;", 5) == 0)
                v += 4;
        }
        g_string_append_c(x->scratch, '\0');
    }
    x->attrs.n = (size_t)nattrs;
    for (int i = 0; i < nattrs; i++) {
        const xmlChar **a = attrs + 5 * i;
        x->attrs.ns[i] = ns_of(a[2]);
        x->attrs.name[i] = (const char *)a[0];
        x->attrs.value[i] = x->scratch->str + offs[i];
    }
    if (x->h->start && x->h->start(x, x->ud, ns_of(uri), (const char *)local, &x->attrs) != 0 && !x->rc)
        kc_xml_fail(x, KC_EFORMAT, "%s", _("cannot be read"));
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    kc_xml *x = ctx;
    (void)prefix;
    if (x->rc)
        return;
    x->depth--;
    if (x->ns_count->len) {
        guint n = g_array_index(x->ns_count, guint, x->ns_count->len - 1);
        g_array_set_size(x->ns_count, x->ns_count->len - 1);
        g_ptr_array_set_size(x->ns_decl, (gint)(x->ns_decl->len - 2 * n));
    }
    if (x->h->end && x->h->end(x, x->ud, ns_of(uri), (const char *)local) != 0 && !x->rc)
        kc_xml_fail(x, KC_EFORMAT, "%s", _("cannot be read"));
}

static void on_text(void *ctx, const xmlChar *s, int len)
{
    kc_xml *x = ctx;
    if (x->rc || len <= 0)
        return;
    if (x->h->text && x->h->text(x, x->ud, (const char *)s, (size_t)len) != 0 && !x->rc)
        kc_xml_fail(x, KC_EFORMAT, "%s", _("cannot be read"));
}

/* Called as soon as "<!DOCTYPE name ..." has been read, before its internal
 * subset: stopping here means no entity is ever declared or expanded. */
static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
    (void)name;
    (void)ext;
    (void)sys;
    kc_xml_fail(ctx, KC_EFORMAT, "%s",
                _("refused: the part has a DOCTYPE (Office never writes one; it is how entity expansion and external-entity attacks begin)"));
}

static void on_error(void *ctx, xmlErrorPtr e)
{
    kc_xml *x = ctx;
    if (!e || e->level < XML_ERR_ERROR || x->rc)
        return;
    if (e->code == XML_ERR_DOCUMENT_END && x->depth > 0) {
        /* What the push parser says when the data stops inside an element. */
        kc_xml_fail(x, KC_EFORMAT, "%s", _("the part ends in the middle of its XML (truncated)"));
        return;
    }
    char *msg = g_strstrip(g_strdup(e->message ? e->message : "?"));
    kc_xml_fail(x, KC_EFORMAT, _("line %d: not well-formed XML: %s"), e->line, msg);
    g_free(msg);
}

int kc_xml_oom(kc_xml *x)
{
    return kc_xml_fail(x, KC_ENOMEM, "%s", kc_oom_message());
}

int kc_xml_open(kc_xml **out, kc_ooxml *p, const char *part, uint64_t max, const kc_xml_handler *h,
                void *ud, kc_error *err)
{
    kc_xml *x = NULL;
    int rc;

    if (!init_once())
        return kc_error_set(err, KC_EIO, _("cannot read %s: libxml2 cannot be loaded (%s)"), part, lx.why);
    if (!(x = calloc(1, sizeof *x)) || !(x->part = strdup(part)) || !(x->scratch = g_string_new(NULL)) ||
        !(x->ns_decl = g_ptr_array_new_with_free_func(g_free)) || !(x->ns_count = g_array_new(FALSE, FALSE, sizeof(guint)))) {
        rc = kc_error_oom(err);
        goto fail;
    }
    x->p = p;
    x->h = h;
    x->ud = ud;
    if ((rc = kc_ooxml_part_open(&x->f, p, part, max, err)) != 0)
        goto fail;
    *out = x;
    return 0;
fail:
    kc_xml_free(x);
    return rc;
}

static int start_parser(kc_xml *x, const char *first, int n)
{
    static xmlSAXHandler sax;
    static gsize once = 0;
    if (g_once_init_enter(&once)) {
        memset(&sax, 0, sizeof sax);
        sax.initialized = XML_SAX2_MAGIC;
        sax.startElementNs = on_start;
        sax.endElementNs = on_end;
        sax.characters = on_text;
        sax.cdataBlock = on_text;
        sax.ignorableWhitespace = on_text;
        sax.internalSubset = on_doctype;
        sax.serror = on_error;
        /* No entityDecl, getEntity, resolveEntity, externalSubset: without a
         * DTD only the five predefined entities and character references exist. */
        g_once_init_leave(&once, 1);
    }
    x->ctxt = lx.create_push(&sax, x, first, n, x->part);
    if (!x->ctxt)
        return kc_error_oom(x->err);
    /* Never XML_PARSE_NOENT, DTDLOAD, DTDATTR, XINCLUDE or HUGE. */
    lx.use_options(x->ctxt, XML_PARSE_NONET);
    x->started = true;
    return 0;
}

/* libxml2 reports some errors (encodings, I/O) outside the parser's own
 * handler, through the thread's generic error function, which prints to
 * stderr by default: silenced while we parse, restored after. */
static void silent(void *ctx, const char *fmt, ...)
{
    (void)ctx;
    (void)fmt;
}

static int feed(kc_xml *x, size_t chunk, kc_error *err);

int kc_xml_feed(kc_xml *x, size_t chunk, kc_error *err)
{
    xmlGenericErrorFunc old = *lx.generic_error();
    void *old_ctx = *lx.generic_error_context();
    lx.set_generic_error(NULL, silent);
    int rc = feed(x, chunk, err);
    lx.set_generic_error(old_ctx, old);
    return rc;
}

static int feed(kc_xml *x, size_t chunk, kc_error *err)
{
    int64_t got;
    int rc;

    if (x->rc)
        return x->rc;
    if (x->done)
        return 0;
    x->err = err;
    if (!x->buf && !(x->buf = malloc(chunk)))
        return x->rc = kc_error_oom(err);
    got = kc_ooxml_part_read(x->f, x->buf, chunk, err);
    if (got < 0)
        return x->rc = (int)got;
    if (!x->started) {
        /* The push parser wants the first bytes at creation (encoding detection). */
        if ((rc = start_parser(x, x->buf, (int)got)) != 0)
            return x->rc = rc;
        if (got > 0 && !x->rc)
            lx.parse_chunk(x->ctxt, NULL, 0, 0);
    } else if (got > 0) {
        lx.parse_chunk(x->ctxt, x->buf, (int)got, 0);
    }
    if (!x->rc && got == 0) {
        lx.parse_chunk(x->ctxt, NULL, 0, 1);
        x->done = true;
        if (!x->rc && !x->ctxt->wellFormed)
            kc_xml_fail(x, KC_EFORMAT, "%s", _("not well-formed XML"));
    }
    if (!x->rc && x->ctxt->wellFormed == 0)
        kc_xml_fail(x, KC_EFORMAT, "%s", _("not well-formed XML"));
    x->err = NULL;
    if (x->rc)
        return x->rc;
    return x->done ? 0 : 1;
}

void kc_xml_free(kc_xml *x)
{
    if (!x)
        return;
    if (x->ctxt) {
        if (x->ctxt->myDoc)
            lx.free_doc(x->ctxt->myDoc);
        lx.free_ctxt(x->ctxt);
    }
    kc_ooxml_part_close(x->f);
    if (x->scratch)
        g_string_free(x->scratch, TRUE);
    if (x->ns_decl)
        g_ptr_array_free(x->ns_decl, TRUE);
    if (x->ns_count)
        g_array_free(x->ns_count, TRUE);
    free(x->buf);
    free(x->part);
    free(x);
}

int kc_ooxml_parse(kc_ooxml *p, const char *part, uint64_t max, const kc_xml_handler *h, void *ud,
                   kc_error *err)
{
    kc_xml *x = NULL;
    int rc = kc_xml_open(&x, p, part, max, h, ud, err);
    while (rc == 0 && (rc = kc_xml_feed(x, 1u << 16, err)) == 1)
        rc = 0;
    kc_xml_free(x);
    return rc;
}
