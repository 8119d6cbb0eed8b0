/* ooxml.c: Office Open XML packages read safely (see ooxml.h): parts found by
 * name, relationships followed, and each part streamed through libxml2's SAX2
 * push parser with DTDs refused and every size bounded.
 *
 * Why SAX and not a tree or xmlTextReader: a worksheet can be large, so it is
 * streamed; and only a SAX handler sees the DOCTYPE before its internal subset
 * is parsed, so a hostile file never gets as far as declaring an entity. */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <libxml/parser.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "ooxml.h"
#include "zipio.h"

struct kc_ooxml {
    kc_zr *zr;
    char *name; /* the path's last component, for messages */
};

struct kc_xml {
    kc_ooxml *p;
    char *part;
    const kc_xml_handler *h;
    void *ud;
    xmlParserCtxtPtr ctxt;
    kc_zr_file *f;
    kc_error *err;          /* where callbacks record their error (set while feeding) */
    int rc;                 /* the first error; 0 while none */
    unsigned depth;
    bool started, done;
    kc_xml_attrs attrs;
    GString *scratch;       /* attribute values, NUL-separated */
    char *buf;
};

static void init_once(void)
{
    static gsize once = 0;
    if (g_once_init_enter(&once)) {
        xmlInitParser();
        g_once_init_leave(&once, 1);
    }
}

/* ---- the package ------------------------------------------------------------- */

static bool starts_with_bytes(const char *path, const void *magic, size_t n)
{
    unsigned char h[8];
    struct stat st;
    /* O_NONBLOCK: a named pipe called so-di.xlsx must not hang the look. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    ssize_t got = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? read(fd, h, n) : -1;
    if (fd >= 0)
        close(fd);
    return got == (ssize_t)n && memcmp(h, magic, n) == 0;
}

bool kc_ooxml_looks_zip(const char *path)
{
    return starts_with_bytes(path, "PK\3\4", 4);
}

bool kc_ooxml_looks_ole(const char *path)
{
    return starts_with_bytes(path, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
}

int kc_ooxml_open(kc_ooxml **out, const char *path, kc_error *err)
{
    kc_ooxml *p = NULL;
    int rc;

    init_once();
    if (kc_ooxml_looks_ole(path))
        return kc_error_set(err, KC_EFORMAT,
                            _("%s: an Excel 97-2003 (.xls) or Word 97-2003 (.doc) file, or one protected with a password: open it and save it again as .xlsx or .docx, without a password"),
                            path);
    if (!(p = calloc(1, sizeof *p)))
        return kc_error_set(err, KC_ENOMEM, "%s", _("out of memory"));
    if ((rc = kc_zr_open(&p->zr, path, err)) != 0) {
        free(p);
        return rc;
    }
    if (!(p->name = g_path_get_basename(path))) {
        kc_ooxml_free(p);
        return kc_error_set(err, KC_ENOMEM, "%s", _("out of memory"));
    }
    *out = p;
    return 0;
}

void kc_ooxml_free(kc_ooxml *p)
{
    if (!p)
        return;
    kc_zr_free(p->zr);
    g_free(p->name);
    free(p);
}

const char *kc_ooxml_name(const kc_ooxml *p)
{
    return p->name;
}

/* The entry holding part (OPC part names ignore ASCII case and the leading
 * '/'): its index, -1 when there is none, -2 when two entries match (which one
 * a program reads would then be a matter of chance). */
static int64_t find_part(const kc_ooxml *p, const char *part)
{
    int64_t found = -1;
    while (*part == '/')
        part++;
    for (size_t i = 0; i < kc_zr_count(p->zr); i++) {
        const char *name = kc_zr_get(p->zr, i)->name;
        while (*name == '/')
            name++;
        if (g_ascii_strcasecmp(name, part) == 0) {
            if (found >= 0)
                return -2;
            found = (int64_t)i;
        }
    }
    return found;
}

bool kc_ooxml_has(const kc_ooxml *p, const char *part)
{
    return find_part(p, part) >= 0;
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
        x->rc = kc_error_set(x->err, code, "%s: %s: %s", x->p->name, x->part, msg);
        g_free(msg);
    }
    if (x->ctxt)
        xmlStopParser(x->ctxt);
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

int kc_xml_open(kc_xml **out, kc_ooxml *p, const char *part, uint64_t max, const kc_xml_handler *h,
                void *ud, kc_error *err)
{
    int64_t at = find_part(p, part);
    kc_xml *x = NULL;
    kc_zip_limits lim = {0};
    int rc;

    if (at == -2)
        return kc_error_set(err, KC_EFORMAT, _("%s: refused: two entries are named %s"), p->name, part);
    if (at < 0)
        return kc_error_set(err, KC_EFORMAT, _("%s: the part %s is missing"), p->name, part);
    const kc_zr_entry *e = kc_zr_get(p->zr, (size_t)at);
    if (e->size > max)
        return kc_error_set(err, KC_ELIMIT, _("%s: %s: refused: it inflates to %llu bytes, more than the limit of %llu"),
                            p->name, part, (unsigned long long)e->size, (unsigned long long)max);
    if (e->size >= (1u << 20) && (e->comp_size == 0 || (double)e->size / (double)e->comp_size > KC_OOXML_MAX_RATIO))
        return kc_error_set(err, KC_ELIMIT, _("%s: %s: refused: it inflates %llu bytes to %llu (more than %.0f times): a zip bomb"),
                            p->name, part, (unsigned long long)e->comp_size, (unsigned long long)e->size,
                            KC_OOXML_MAX_RATIO);
    if (!(x = calloc(1, sizeof *x)) || !(x->part = strdup(part)) || !(x->scratch = g_string_new(NULL))) {
        rc = kc_error_set(err, KC_ENOMEM, "%s", _("out of memory"));
        goto fail;
    }
    x->p = p;
    x->h = h;
    x->ud = ud;
    lim.max_entry = max; /* the limit on bytes actually inflated */
    if ((rc = kc_zr_fopen(&x->f, p->zr, (size_t)at, &lim, err)) != 0)
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
    x->ctxt = xmlCreatePushParserCtxt(&sax, x, first, n, x->part);
    if (!x->ctxt)
        return kc_error_set(x->err, KC_ENOMEM, "%s", _("out of memory"));
    /* Never XML_PARSE_NOENT, DTDLOAD, DTDATTR, XINCLUDE or HUGE. */
    xmlCtxtUseOptions(x->ctxt, XML_PARSE_NONET);
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
    xmlGenericErrorFunc old = xmlGenericError;
    void *old_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, silent);
    int rc = feed(x, chunk, err);
    xmlSetGenericErrorFunc(old_ctx, old);
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
        return x->rc = kc_error_set(err, KC_ENOMEM, "%s", _("out of memory"));
    got = kc_zr_fread(x->f, x->buf, chunk, err);
    if (got < 0) {
        /* zip_read.c's message names the entry; say which file it is in. */
        if (err) {
            kc_error tmp = *err;
            kc_error_set(err, tmp.code, "%s: %s", x->p->name, tmp.message);
        }
        return x->rc = (int)got;
    }
    if (!x->started) {
        /* The push parser wants the first bytes at creation (encoding detection). */
        if ((rc = start_parser(x, x->buf, (int)got)) != 0)
            return x->rc = rc;
        if (got > 0 && !x->rc)
            xmlParseChunk(x->ctxt, NULL, 0, 0);
    } else if (got > 0) {
        xmlParseChunk(x->ctxt, x->buf, (int)got, 0);
    }
    if (!x->rc && got == 0) {
        xmlParseChunk(x->ctxt, NULL, 0, 1);
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
            xmlFreeDoc(x->ctxt->myDoc);
        xmlFreeParserCtxt(x->ctxt);
    }
    kc_zr_fclose(x->f);
    if (x->scratch)
        g_string_free(x->scratch, TRUE);
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

/* ---- relationships ----------------------------------------------------------------- */

typedef struct rels_ctx {
    kc_ooxml_rel *rels;
    size_t n;
    const char *dir; /* the source part's folder, "" for the package */
} rels_ctx;

/* target resolved against dir, "." and ".." removed, %XX decoded; malloc'd. */
static char *resolve(const char *dir, const char *target)
{
    char *joined = target[0] == '/' ? g_strdup(target + 1) : g_strconcat(dir, *dir ? "/" : "", target, NULL);
    char *unesc = g_uri_unescape_string(joined, NULL);
    char **segs = g_strsplit(unesc ? unesc : joined, "/", -1);
    GPtrArray *kept = g_ptr_array_new();
    for (char **s = segs; *s; s++) {
        if (!**s || strcmp(*s, ".") == 0)
            continue;
        if (strcmp(*s, "..") == 0) {
            if (kept->len)
                g_ptr_array_remove_index(kept, kept->len - 1);
            continue;
        }
        g_ptr_array_add(kept, *s);
    }
    g_ptr_array_add(kept, NULL);
    char *g = g_strjoinv("/", (char **)kept->pdata);
    char *out = strdup(g);
    g_free(g);
    g_ptr_array_free(kept, TRUE);
    g_strfreev(segs);
    g_free(unesc);
    g_free(joined);
    return out;
}

static int rels_start(kc_xml *x, void *ud, kc_ns ns, const char *name, const kc_xml_attrs *a)
{
    rels_ctx *c = ud;
    if (ns != KC_NS_PKG_REL || strcmp(name, "Relationship") != 0)
        return 0;
    const char *id = kc_xml_attr(a, KC_NS_NONE, "Id"), *type = kc_xml_attr(a, KC_NS_NONE, "Type");
    const char *target = kc_xml_attr(a, KC_NS_NONE, "Target"), *mode = kc_xml_attr(a, KC_NS_NONE, "TargetMode");
    if (!id || !type || !target)
        return 0; /* not usable; nothing can refer to it meaningfully */
    if (c->n == KC_OOXML_MAX_RELS)
        return kc_xml_fail(x, KC_ELIMIT, _("more than %d relationships"), KC_OOXML_MAX_RELS);
    kc_ooxml_rel *grown = realloc(c->rels, (c->n + 1) * sizeof *grown);
    if (!grown)
        return kc_xml_fail(x, KC_ENOMEM, "%s", _("out of memory"));
    c->rels = grown;
    kc_ooxml_rel *r = &c->rels[c->n];
    const char *slash = strrchr(type, '/');
    r->external = mode && strcmp(mode, "External") == 0;
    r->id = strdup(id);
    r->type = strdup(slash ? slash + 1 : type);
    r->target = r->external ? strdup(target) : resolve(c->dir, target);
    c->n++;
    if (!r->id || !r->type || !r->target)
        return kc_xml_fail(x, KC_ENOMEM, "%s", _("out of memory"));
    return 0;
}

int kc_ooxml_rels(kc_ooxml_rel **out, size_t *n, kc_ooxml *p, const char *part, kc_error *err)
{
    static const kc_xml_handler h = {rels_start, NULL, NULL};
    char *dir = NULL, *rels_part = NULL;
    rels_ctx c = {0};
    int rc;

    *out = NULL;
    *n = 0;
    if (!part || !*part) {
        dir = g_strdup("");
        rels_part = g_strdup("_rels/.rels");
    } else {
        const char *slash = strrchr(part, '/');
        dir = slash ? g_strndup(part, (gsize)(slash - part)) : g_strdup("");
        rels_part = g_strdup_printf("%s%s_rels/%s.rels", dir, *dir ? "/" : "", slash ? slash + 1 : part);
    }
    c.dir = dir;
    rc = find_part(p, rels_part) == -1 ? 0 : kc_ooxml_parse(p, rels_part, KC_OOXML_MAX_PART_SMALL, &h, &c, err);
    if (rc == 0) {
        *out = c.rels;
        *n = c.n;
    } else {
        kc_ooxml_rels_free(c.rels, c.n);
    }
    g_free(dir);
    g_free(rels_part);
    return rc;
}

void kc_ooxml_rels_free(kc_ooxml_rel *rels, size_t n)
{
    for (size_t i = 0; rels && i < n; i++) {
        free(rels[i].id);
        free(rels[i].type);
        free(rels[i].target);
    }
    free(rels);
}

const kc_ooxml_rel *kc_ooxml_rel_by_id(const kc_ooxml_rel *rels, size_t n, const char *id)
{
    for (size_t i = 0; id && i < n; i++)
        if (strcmp(rels[i].id, id) == 0)
            return &rels[i];
    return NULL;
}

const kc_ooxml_rel *kc_ooxml_rel_by_type(const kc_ooxml_rel *rels, size_t n, const char *type)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(rels[i].type, type) == 0 && !rels[i].external)
            return &rels[i];
    return NULL;
}
