/* pdf_xref.c: the document's revisions: the tail, the cross-reference chain
 * (tables, streams, hybrids) and objects resolved as of any revision.
 *
 * Sections are kept in chronological order (the /Prev chain reversed), so the
 * state after section k is sections 0..k with the newest entry winning. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pdf.h"

#define TAIL_WINDOW 4096
#define FIRST_WINDOW 4096
#define MAX_LOAD_DEPTH 4
#define OBJSTM_BASE (UINT64_C(1) << 62)

typedef struct objstm {
    unsigned char *data;
    size_t len;
    size_t first;
    size_t n;
    uint64_t *pairs; /* num, offset, num, offset ... */
} objstm;

struct kc_pdf_doc {
    kc_pdf_src src;
    kc_arena *arena;
    kc_xref_section **sections; /* chronological */
    size_t n_sections;
    uint64_t tail_end;
    GHashTable *by_offset;    /* uint64 offset -> kc_xref_section*, every section parsed */
    GHashTable *obj_cache;    /* kc_xref_entry* -> kc_pdf_obj* */
    GHashTable *objstm_cache; /* kc_xref_entry* -> objstm* */
    size_t objstm_bytes;
    int load_depth;
};

static void objstm_free(gpointer p)
{
    objstm *s = p;
    if (s) {
        free(s->data);
        free(s->pairs);
        free(s);
    }
}

const kc_pdf_src *kc_pdf_source(const kc_pdf_doc *doc) { return &doc->src; }
kc_arena *kc_pdf_arena(kc_pdf_doc *doc) { return doc->arena; }
size_t kc_pdf_section_count(const kc_pdf_doc *doc) { return doc->n_sections; }
const kc_xref_section *kc_pdf_section(const kc_pdf_doc *doc, size_t i) { return doc->sections[i]; }
uint64_t kc_pdf_tail_end(const kc_pdf_doc *doc) { return doc->tail_end; }

/* Reads [off, off+n) into a malloc'd buffer; *got is the count read. */
static unsigned char *read_window(const kc_pdf_src *src, uint64_t off, size_t n, size_t *got)
{
    unsigned char *buf = malloc(n ? n : 1);
    if (!buf)
        return NULL;
    ssize_t r = kc_pdf_pread(src, buf, n, off);
    if (r < 0) {
        free(buf);
        return NULL;
    }
    *got = (size_t)r;
    return buf;
}

static const unsigned char *rmemmem(const unsigned char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = n >= k ? n - k + 1 : 0; i-- > 0;)
        if (memcmp(hay + i, needle, k) == 0)
            return hay + i;
    return NULL;
}

/* Finds startxref and the %%EOF after it in the last bytes of the file. */
static int read_tail(kc_pdf_doc *doc, uint64_t *startxref, kc_error *err)
{
    uint64_t size = doc->src.size;
    size_t want = size < TAIL_WINDOW ? (size_t)size : TAIL_WINDOW;
    uint64_t base = size - want;
    size_t got = 0;
    unsigned char *buf = read_window(&doc->src, base, want, &got);
    int rc = KC_EFORMAT;
    if (!buf)
        return kc_error_set(err, KC_EIO, _("cannot read the end of the file"));
    const unsigned char *sx = rmemmem(buf, got, "startxref");
    if (!sx) {
        kc_error_set(err, KC_EFORMAT, _("no startxref at the end of the file (truncated?)"));
        goto out;
    }
    size_t p = kc_pdf_skip_ws(buf, got, (size_t)(sx - buf) + 9);
    if (!kc_pdf_read_uint(buf, got, &p, startxref)) {
        kc_error_set(err, KC_EFORMAT, _("startxref is not followed by an offset"));
        goto out;
    }
    const unsigned char *eof = memmem(buf + p, got - p, "%%EOF", 5);
    if (!eof) {
        kc_error_set(err, KC_EFORMAT, _("no %%%%EOF after startxref (truncated?)"));
        goto out;
    }
    size_t e = (size_t)(eof - buf) + 5;
    if (e < got && buf[e] == '\r')
        e++;
    if (e < got && buf[e] == '\n')
        e++;
    doc->tail_end = base + e;
    rc = 0;
out:
    free(buf);
    return rc;
}

static int cmp_entry(const void *a, const void *b)
{
    const kc_xref_entry *x = a, *y = b;
    return x->num < y->num ? -1 : x->num > y->num;
}

static gint cmp_entry_data(gconstpointer a, gconstpointer b, gpointer unused)
{
    (void)unused;
    return cmp_entry(a, b);
}

/* Sorts entries by number and keeps the first of duplicates (the one a reader sees). */
static void sort_entries(kc_xref_entry *e, size_t *n)
{
    if (*n == 0)
        return;
    /* g_qsort_with_data is stable, so the first of duplicates stays first. */
    g_qsort_with_data(e, (gint)*n, sizeof *e, cmp_entry_data, NULL);
    size_t w = 1;
    for (size_t i = 1; i < *n; i++)
        if (e[i].num != e[w - 1].num)
            e[w++] = e[i];
    *n = w;
}

static int parse_section(kc_pdf_doc *doc, uint64_t offset, kc_xref_section **out, kc_error *err);

/* A classic table: "xref", subsections "start count" and 20-byte entries, "trailer" <<...>>. */
static int parse_table(kc_pdf_doc *doc, uint64_t offset, const unsigned char *buf, size_t len,
                       bool at_eof, kc_xref_section *sec, kc_error *err)
{
    size_t p = kc_pdf_skip_ws(buf, len, 4);
    size_t cap = 0, n = 0;
    kc_xref_entry *entries = NULL;
    int rc = KC_EFORMAT;
    for (;;) {
        p = kc_pdf_skip_ws(buf, len, p);
        if (p >= len) {
            rc = at_eof ? kc_error_set(err, KC_EFORMAT, _("cross-reference table at %llu is cut short"),
                                       (unsigned long long)offset)
                        : 1;
            goto out;
        }
        if (kc_pdf_at_keyword(buf, len, p, "trailer"))
            break;
        uint64_t start, count;
        if (!kc_pdf_read_uint(buf, len, &p, &start) ||
            !kc_pdf_read_uint(buf, len, (p = kc_pdf_skip_ws(buf, len, p), &p), &count)) {
            rc = p >= len && !at_eof ? 1 : kc_error_set(err, KC_EFORMAT,
                     _("malformed cross-reference table at %llu"), (unsigned long long)offset);
            goto out;
        }
        if (start + count > KC_PDF_MAX_OBJECTS || n + count > KC_PDF_MAX_OBJECTS) {
            rc = kc_error_set(err, KC_ELIMIT, _("cross-reference table at %llu lists too many objects"),
                              (unsigned long long)offset);
            goto out;
        }
        if (n + count > cap) {
            size_t ncap = (n + count) * 2;
            kc_xref_entry *grown = realloc(entries, ncap * sizeof *grown);
            if (!grown) {
                rc = KC_ENOMEM;
                goto out;
            }
            entries = grown;
            cap = ncap;
        }
        for (uint64_t i = 0; i < count; i++) {
            uint64_t off, gen;
            p = kc_pdf_skip_ws(buf, len, p);
            if (p + 18 > len) {
                rc = at_eof ? kc_error_set(err, KC_EFORMAT, _("cross-reference table at %llu is cut short"),
                                           (unsigned long long)offset)
                            : 1;
                goto out;
            }
            if (!kc_pdf_read_uint(buf, len, &p, &off) ||
                !kc_pdf_read_uint(buf, len, (p = kc_pdf_skip_ws(buf, len, p), &p), &gen) ||
                (p = kc_pdf_skip_ws(buf, len, p)) >= len || (buf[p] != 'n' && buf[p] != 'f')) {
                rc = kc_error_set(err, KC_EFORMAT, _("malformed entry in the cross-reference table at %llu"),
                                  (unsigned long long)offset);
                goto out;
            }
            kc_xref_entry *e = &entries[n++];
            e->num = (uint32_t)(start + i);
            e->type = buf[p] == 'n' ? 1 : 0;
            e->gen = (uint32_t)gen;
            e->where = off;
            p++;
            /* Object 0 and in-use entries pointing at offset 0 are not objects. */
            if (e->type == 1 && off == 0)
                e->type = 0;
        }
    }
    p += 7;
    kc_pdf_obj *trailer = NULL;
    kc_parse_result r = kc_pdf_parse_object(doc->arena, buf, len, &p, offset, &trailer);
    if (r == KC_PARSE_MORE && !at_eof) {
        rc = 1;
        goto out;
    }
    if (r != KC_PARSE_OK || trailer->type != KC_PDF_DICT) {
        rc = kc_error_set(err, KC_EFORMAT, _("malformed trailer after the cross-reference table at %llu"),
                          (unsigned long long)offset);
        goto out;
    }
    sort_entries(entries, &n);
    sec->trailer = trailer;
    sec->entries = kc_arena_alloc(doc->arena, (n ? n : 1) * sizeof *entries);
    if (!sec->entries) {
        rc = KC_ENOMEM;
        goto out;
    }
    memcpy(sec->entries, entries, n * sizeof *entries);
    sec->n_entries = n;
    rc = 0;
out:
    free(entries);
    return rc;
}

static uint64_t read_field(const unsigned char *p, int64_t w)
{
    uint64_t v = 0;
    for (int64_t i = 0; i < w; i++)
        v = v << 8 | p[i];
    return v;
}

/* An xref stream (PDF 1.5): /W widths, /Index ranges, decoded rows. */
static int parse_xref_stream(kc_pdf_doc *doc, uint64_t offset, kc_pdf_obj *stream,
                             kc_xref_section *sec, kc_error *err)
{
    unsigned char *data = NULL;
    size_t len = 0, n = 0;
    kc_xref_entry *entries = NULL;
    int64_t w[3] = {0, 0, 0}, size = 0;
    int rc;

    if (!kc_pdf_is_name(kc_pdf_dict_get(stream, "Type"), "XRef"))
        return kc_error_set(err, KC_EFORMAT, _("startxref points at an object that is not a cross-reference stream"));
    kc_pdf_obj *W = kc_pdf_dict_get(stream, "W");
    if (!W || W->type != KC_PDF_ARRAY || W->u.arr.n != 3 ||
        !kc_pdf_get_int(W->u.arr.items[0], &w[0]) || !kc_pdf_get_int(W->u.arr.items[1], &w[1]) ||
        !kc_pdf_get_int(W->u.arr.items[2], &w[2]) || w[0] < 0 || w[1] < 0 || w[2] < 0 ||
        w[0] > 4 || w[1] > 8 || w[2] > 4)
        return kc_error_set(err, KC_EFORMAT, _("bad /W in the cross-reference stream at %llu"),
                            (unsigned long long)offset);
    if (!kc_pdf_get_int(kc_pdf_dict_get(stream, "Size"), &size) || size < 0 || size > KC_PDF_MAX_OBJECTS)
        return kc_error_set(err, KC_EFORMAT, _("bad /Size in the cross-reference stream at %llu"),
                            (unsigned long long)offset);
    rc = kc_pdf_stream_decode(&doc->src, stream, KC_PDF_MAX_INFLATE, &data, &len, err);
    if (rc != 0)
        return rc;
    size_t row = (size_t)(w[0] + w[1] + w[2]);
    kc_pdf_obj *index = kc_pdf_dict_get(stream, "Index");
    size_t nranges = index && index->type == KC_PDF_ARRAY ? index->u.arr.n / 2 : 1;
    size_t pos = 0;
    if (row == 0) {
        rc = kc_error_set(err, KC_EFORMAT, _("bad /W in the cross-reference stream at %llu"),
                          (unsigned long long)offset);
        goto out;
    }
    entries = malloc((len / row + 1) * sizeof *entries);
    if (!entries) {
        rc = KC_ENOMEM;
        goto out;
    }
    for (size_t r = 0; r < nranges; r++) {
        int64_t start = 0, count = size;
        if (index && index->type == KC_PDF_ARRAY &&
            (!kc_pdf_get_int(index->u.arr.items[2 * r], &start) ||
             !kc_pdf_get_int(index->u.arr.items[2 * r + 1], &count) || start < 0 || count < 0 ||
             start + count > KC_PDF_MAX_OBJECTS)) {
            rc = kc_error_set(err, KC_EFORMAT, _("bad /Index in the cross-reference stream at %llu"),
                              (unsigned long long)offset);
            goto out;
        }
        for (int64_t i = 0; i < count; i++, pos += row) {
            if (pos + row > len) {
                rc = kc_error_set(err, KC_EFORMAT, _("cross-reference stream at %llu is shorter than its /Index"),
                                  (unsigned long long)offset);
                goto out;
            }
            const unsigned char *p = data + pos;
            kc_xref_entry *e = &entries[n++];
            e->num = (uint32_t)(start + i);
            e->type = w[0] == 0 ? 1 : (uint8_t)read_field(p, w[0]);
            e->where = read_field(p + w[0], w[1]);
            e->gen = (uint32_t)read_field(p + w[0] + w[1], w[2]);
            if (e->type > 2)
                e->type = 0; /* unknown types are null objects (§7.5.8.3) */
            if (e->type == 1 && e->where == 0)
                e->type = 0;
        }
    }
    sort_entries(entries, &n);
    sec->trailer = stream;
    sec->is_stream = true;
    sec->entries = kc_arena_alloc(doc->arena, (n ? n : 1) * sizeof *entries);
    if (!sec->entries) {
        rc = KC_ENOMEM;
        goto out;
    }
    memcpy(sec->entries, entries, n * sizeof *entries);
    sec->n_entries = n;
    rc = 0;
out:
    free(data);
    free(entries);
    return rc;
}

/* Parses "num gen obj" then the object, in a window that grows until it fits.
 * Streams get their data offset and length (resolving an indirect /Length as
 * of revision rev). */
static int load_at(kc_pdf_doc *doc, uint64_t offset, uint32_t expect_num, size_t rev,
                   kc_pdf_obj **out, kc_error *err)
{
    size_t want = FIRST_WINDOW;
    for (;;) {
        size_t got = 0;
        unsigned char *buf = read_window(&doc->src, offset, want, &got);
        if (!buf)
            return kc_error_set(err, KC_EIO, _("cannot read object at offset %llu"), (unsigned long long)offset);
        bool at_eof = got < want;
        size_t p = 0;
        uint64_t num, gen;
        kc_pdf_obj *o = NULL;
        kc_parse_result r = KC_PARSE_BAD;
        p = kc_pdf_skip_ws(buf, got, p);
        if (kc_pdf_read_uint(buf, got, &p, &num) &&
            kc_pdf_read_uint(buf, got, (p = kc_pdf_skip_ws(buf, got, p), &p), &gen) &&
            kc_pdf_at_keyword(buf, got, (p = kc_pdf_skip_ws(buf, got, p)), "obj") &&
            (expect_num == UINT32_MAX || num == expect_num)) {
            p += 3;
            r = kc_pdf_parse_object(doc->arena, buf, got, &p, offset, &o);
        }
        if (r == KC_PARSE_OK && (o->type == KC_PDF_DICT)) {
            size_t q = kc_pdf_skip_ws(buf, got, p);
            if (q + 7 > got && !at_eof) {
                r = KC_PARSE_MORE;
            } else if (kc_pdf_at_keyword(buf, got, q, "stream")) {
                q += 6;
                if (q < got && buf[q] == '\r')
                    q++;
                if (q < got && buf[q] == '\n')
                    q++;
                o->type = KC_PDF_STREAM;
                o->stream_off = offset + q;
            }
        }
        free(buf);
        if (r == KC_PARSE_MORE && !at_eof && want < KC_PDF_MAX_WINDOW) {
            want *= 4;
            continue;
        }
        if (r != KC_PARSE_OK)
            return kc_error_set(err, r == KC_PARSE_MORE ? KC_ELIMIT : KC_EFORMAT,
                                _("no readable object at offset %llu"), (unsigned long long)offset);
        if (o->type == KC_PDF_STREAM) {
            kc_pdf_obj *lo = kc_pdf_dict_get(o, "Length");
            int64_t length = -1;
            if (lo && lo->type == KC_PDF_REF && rev != SIZE_MAX)
                lo = kc_pdf_get(doc, rev, lo->u.ref.num, err);
            if (!kc_pdf_get_int(lo, &length) || length < 0 ||
                (uint64_t)length > doc->src.size - o->stream_off)
                return kc_error_set(err, KC_EFORMAT, _("stream at offset %llu has a bad /Length"),
                                    (unsigned long long)offset);
            o->stream_len = (uint64_t)length;
        }
        *out = o;
        return 0;
    }
}

/* True when buf[p..] is "num gen obj". */
static bool at_obj_header(const unsigned char *buf, size_t len, size_t p)
{
    uint64_t a, b;
    return kc_pdf_read_uint(buf, len, &p, &a) &&
           kc_pdf_read_uint(buf, len, (p = kc_pdf_skip_ws(buf, len, p), &p), &b) &&
           kc_pdf_at_keyword(buf, len, kc_pdf_skip_ws(buf, len, p), "obj");
}

/* Writers that miscount line ends leave startxref a few bytes off; readers
 * look nearby, and so do we: the nearest "xref" or "N G obj" within a small
 * window around off, else off itself. */
static uint64_t nearby_section(const kc_pdf_src *src, uint64_t off)
{
    enum { SLACK = 64 };
    unsigned char buf[2 * SLACK + 32];
    uint64_t base = off > SLACK ? off - SLACK : 0;
    ssize_t n = kc_pdf_pread(src, buf, sizeof buf, base);
    if (n <= 0)
        return off;
    size_t len = (size_t)n, at = (size_t)(off - base);
    if (at < len && (kc_pdf_at_keyword(buf, len, at, "xref") || at_obj_header(buf, len, at)))
        return off;
    for (size_t d = 1; d <= SLACK; d++) {
        size_t cand[2] = {at >= d ? at - d : SIZE_MAX, at + d};
        for (int k = 0; k < 2; k++) {
            size_t p = cand[k];
            if (p >= len || (p > 0 && !strchr(" \t\r\n\f", buf[p - 1]) && buf[p - 1] != 0))
                continue;
            if (kc_pdf_at_keyword(buf, len, p, "xref") || at_obj_header(buf, len, p))
                return base + p;
        }
    }
    return off;
}

static int parse_section(kc_pdf_doc *doc, uint64_t offset, kc_xref_section **out, kc_error *err)
{
    kc_xref_section *sec = g_hash_table_lookup(doc->by_offset, &offset);
    if (sec) {
        *out = sec;
        return 0;
    }
    if (offset >= doc->src.size)
        return kc_error_set(err, KC_EFORMAT, _("cross-reference offset %llu is past the end of the file"),
                            (unsigned long long)offset);
    sec = kc_arena_alloc(doc->arena, sizeof *sec);
    uint64_t *key = kc_arena_alloc(doc->arena, sizeof *key);
    if (!sec || !key)
        return KC_ENOMEM;
    sec->offset = offset;
    uint64_t at = nearby_section(&doc->src, offset);
    size_t want = 64 * 1024;
    int rc;
    for (;;) {
        size_t got = 0;
        unsigned char *buf = read_window(&doc->src, at, want, &got);
        if (!buf)
            return kc_error_set(err, KC_EIO, _("cannot read the cross-reference section at %llu"),
                                (unsigned long long)offset);
        bool is_table = kc_pdf_at_keyword(buf, got, 0, "xref");
        rc = is_table ? parse_table(doc, at, buf, got, got < want || want >= KC_PDF_MAX_WINDOW, sec, err) : -100;
        free(buf);
        if (rc == 1) {
            want *= 4;
            continue;
        }
        if (rc != -100)
            break;
        kc_pdf_obj *stream = NULL;
        rc = load_at(doc, at, UINT32_MAX, SIZE_MAX, &stream, err);
        if (rc == 0 && stream->type != KC_PDF_STREAM)
            rc = kc_error_set(err, KC_EFORMAT, _("no cross-reference table or stream at offset %llu"),
                              (unsigned long long)offset);
        if (rc == 0)
            rc = parse_xref_stream(doc, offset, stream, sec, err);
        break;
    }
    if (rc != 0)
        return rc;
    /* Hybrid files: a table whose trailer names an xref stream with the rest. */
    int64_t xrefstm;
    if (!sec->is_stream && kc_pdf_get_int(kc_pdf_dict_get(sec->trailer, "XRefStm"), &xrefstm) &&
        xrefstm > 0 && (uint64_t)xrefstm != offset) {
        kc_xref_section *extra = NULL;
        rc = parse_section(doc, (uint64_t)xrefstm, &extra, err);
        if (rc != 0)
            return rc;
        size_t n = sec->n_entries + extra->n_entries;
        kc_xref_entry *merged = kc_arena_alloc(doc->arena, (n ? n : 1) * sizeof *merged);
        if (!merged)
            return KC_ENOMEM;
        memcpy(merged, sec->entries, sec->n_entries * sizeof *merged);
        memcpy(merged + sec->n_entries, extra->entries, extra->n_entries * sizeof *merged);
        sort_entries(merged, &n); /* the table's entries come first and win */
        sec->entries = merged;
        sec->n_entries = n;
    }
    *key = offset;
    g_hash_table_insert(doc->by_offset, key, sec);
    *out = sec;
    return 0;
}

int kc_pdf_chain_at(kc_pdf_doc *doc, uint64_t offset, uint64_t **out, size_t *n, kc_error *err)
{
    size_t cap = 8, count = 0;
    uint64_t *offs = malloc(cap * sizeof *offs);
    if (!offs)
        return KC_ENOMEM;
    int rc = 0;
    for (;;) {
        for (size_t i = 0; i < count; i++)
            if (offs[i] == offset) {
                rc = kc_error_set(err, KC_EFORMAT, _("the /Prev chain loops back to offset %llu"),
                                  (unsigned long long)offset);
                goto out;
            }
        if (count == KC_PDF_MAX_SECTIONS) {
            rc = kc_error_set(err, KC_ELIMIT, _("more than %d cross-reference sections"), KC_PDF_MAX_SECTIONS);
            goto out;
        }
        kc_xref_section *sec = NULL;
        rc = parse_section(doc, offset, &sec, err);
        if (rc != 0)
            goto out;
        if (count == cap) {
            uint64_t *grown = realloc(offs, (cap *= 2) * sizeof *offs);
            if (!grown) {
                rc = KC_ENOMEM;
                goto out;
            }
            offs = grown;
        }
        offs[count++] = offset;
        int64_t prev;
        if (!kc_pdf_get_int(kc_pdf_dict_get(sec->trailer, "Prev"), &prev))
            break;
        if (prev < 0) {
            rc = kc_error_set(err, KC_EFORMAT, _("negative /Prev offset"));
            goto out;
        }
        offset = (uint64_t)prev;
    }
out:
    if (rc != 0) {
        free(offs);
        return rc;
    }
    *out = offs;
    *n = count;
    return 0;
}

static guint u64_hash(gconstpointer p) { return g_int64_hash(p); }
static gboolean u64_equal(gconstpointer a, gconstpointer b) { return g_int64_equal(a, b); }

int kc_pdf_open(kc_pdf_doc **out, int fd, uint64_t size, kc_error *err)
{
    kc_pdf_doc *doc = calloc(1, sizeof *doc);
    uint64_t *chain = NULL;
    size_t n = 0;
    int rc = KC_ENOMEM;
    if (!doc)
        return KC_ENOMEM;
    doc->src.fd = fd;
    doc->src.size = size;
    doc->arena = kc_arena_new();
    doc->by_offset = g_hash_table_new(u64_hash, u64_equal);
    doc->obj_cache = g_hash_table_new(g_direct_hash, g_direct_equal);
    doc->objstm_cache = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, objstm_free);
    if (!doc->arena)
        goto out;

    unsigned char head[1024];
    ssize_t got = kc_pdf_pread(&doc->src, head, sizeof head, 0);
    if (got < 8 || !memmem(head, (size_t)got, "%PDF-", 5)) {
        rc = kc_error_set(err, KC_EFORMAT, _("not a PDF file (no %%PDF- header)"));
        goto out;
    }
    uint64_t startxref = 0;
    rc = read_tail(doc, &startxref, err);
    if (rc != 0)
        goto out;
    rc = kc_pdf_chain_at(doc, startxref, &chain, &n, err);
    if (rc != 0)
        goto out;
    doc->sections = kc_arena_alloc(doc->arena, n * sizeof *doc->sections);
    if (!doc->sections) {
        rc = KC_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        doc->sections[n - 1 - i] = g_hash_table_lookup(doc->by_offset, &chain[i]);
    doc->n_sections = n;
    *out = doc;
    doc = NULL;
    rc = 0;
out:
    free(chain);
    kc_pdf_close(doc);
    return rc;
}

void kc_pdf_close(kc_pdf_doc *doc)
{
    if (!doc)
        return;
    if (doc->by_offset)
        g_hash_table_destroy(doc->by_offset);
    if (doc->obj_cache)
        g_hash_table_destroy(doc->obj_cache);
    if (doc->objstm_cache)
        g_hash_table_destroy(doc->objstm_cache);
    kc_arena_free(doc->arena);
    free(doc);
}

static const kc_xref_entry *find_entry(const kc_xref_section *s, uint32_t num)
{
    kc_xref_entry key = {.num = num};
    return bsearch(&key, s->entries, s->n_entries, sizeof key, cmp_entry);
}

/* The entry for num as of rev, and the index of the section holding it. */
static const kc_xref_entry *entry_at(const kc_pdf_doc *doc, size_t rev, uint32_t num, size_t *where)
{
    if (doc->n_sections == 0)
        return NULL;
    if (rev >= doc->n_sections)
        rev = doc->n_sections - 1;
    for (size_t s = rev + 1; s-- > 0;) {
        const kc_xref_entry *e = find_entry(doc->sections[s], num);
        if (e) {
            if (where)
                *where = s;
            return e;
        }
    }
    return NULL;
}

const kc_xref_entry *kc_pdf_entry(const kc_pdf_doc *doc, size_t rev, uint32_t num)
{
    return entry_at(doc, rev, num, NULL);
}

static int load_objstm(kc_pdf_doc *doc, size_t rev, uint32_t stm_num, objstm **out, kc_error *err)
{
    size_t where = 0;
    const kc_xref_entry *e = entry_at(doc, rev, stm_num, &where);
    if (!e || e->type != 1)
        return kc_error_set(err, KC_EFORMAT, _("object stream %u is missing"), stm_num);
    objstm *s = g_hash_table_lookup(doc->objstm_cache, e);
    if (s) {
        *out = s;
        return 0;
    }
    kc_pdf_obj *stream = kc_pdf_get(doc, rev, stm_num, err);
    int64_t n = 0, first = 0;
    if (!stream || stream->type != KC_PDF_STREAM ||
        !kc_pdf_get_int(kc_pdf_dict_get(stream, "N"), &n) ||
        !kc_pdf_get_int(kc_pdf_dict_get(stream, "First"), &first) ||
        n < 0 || n > KC_PDF_MAX_OBJSTM_N || first < 0)
        return kc_error_set(err, KC_EFORMAT, _("object stream %u is malformed"), stm_num);
    s = calloc(1, sizeof *s);
    if (!s)
        return KC_ENOMEM;
    int rc = kc_pdf_stream_decode(&doc->src, stream, KC_PDF_MAX_INFLATE, &s->data, &s->len, err);
    if (rc == 0 && doc->objstm_bytes + s->len > KC_PDF_MAX_INFLATE)
        rc = kc_error_set(err, KC_ELIMIT, _("object streams decode to more than %u bytes"), KC_PDF_MAX_INFLATE);
    if (rc == 0 && !(s->pairs = malloc(((size_t)n * 2 + 1) * sizeof *s->pairs)))
        rc = KC_ENOMEM;
    size_t p = 0;
    for (int64_t i = 0; rc == 0 && i < 2 * n; i++) {
        p = kc_pdf_skip_ws(s->data, s->len, p);
        if (!kc_pdf_read_uint(s->data, s->len, &p, &s->pairs[i]))
            rc = kc_error_set(err, KC_EFORMAT, _("object stream %u has a bad header"), stm_num);
    }
    if (rc != 0) {
        objstm_free(s);
        return rc;
    }
    s->n = (size_t)n;
    s->first = (size_t)first;
    doc->objstm_bytes += s->len;
    g_hash_table_insert(doc->objstm_cache, (gpointer)e, s);
    *out = s;
    return 0;
}

kc_pdf_obj *kc_pdf_get(kc_pdf_doc *doc, size_t rev, uint32_t num, kc_error *err)
{
    size_t where = 0;
    const kc_xref_entry *e = entry_at(doc, rev, num, &where);
    if (!e || e->type == 0)
        return NULL;
    kc_pdf_obj *o = g_hash_table_lookup(doc->obj_cache, e);
    if (o)
        return o;
    if (doc->load_depth >= MAX_LOAD_DEPTH) {
        kc_error_set(err, KC_ELIMIT, _("objects refer to each other too deeply"));
        return NULL;
    }
    doc->load_depth++;
    if (e->type == 1) {
        uint64_t near = 0;
        if (load_at(doc, e->where, num, where, &o, err) != 0 &&
            ((near = nearby_section(&doc->src, e->where)) == e->where ||
             load_at(doc, near, num, where, &o, err) != 0))
            o = NULL;
    } else {
        objstm *s = NULL;
        if (e->where > UINT32_MAX || load_objstm(doc, where, (uint32_t)e->where, &s, err) != 0) {
            o = NULL;
        } else if (e->gen >= s->n || s->pairs[2 * e->gen] != num ||
                   s->first + s->pairs[2 * e->gen + 1] >= s->len) {
            kc_error_set(err, KC_EFORMAT, _("object %u is not where its object stream says"), num);
            o = NULL;
        } else {
            size_t p = s->first + (size_t)s->pairs[2 * e->gen + 1];
            /* Objects inside object streams have no file offsets: a base far
             * past any file keeps their raw offsets from matching file bytes. */
            if (kc_pdf_parse_object(doc->arena, s->data, s->len, &p, OBJSTM_BASE, &o) != KC_PARSE_OK) {
                kc_error_set(err, KC_EFORMAT, _("object %u in an object stream is malformed"), num);
                o = NULL;
            }
        }
    }
    doc->load_depth--;
    if (o)
        g_hash_table_insert(doc->obj_cache, (gpointer)e, o);
    return o;
}

kc_pdf_obj *kc_pdf_resolve(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *o)
{
    for (int i = 0; i < 8 && o && o->type == KC_PDF_REF; i++)
        o = kc_pdf_get(doc, rev, o->u.ref.num, NULL);
    return o && o->type == KC_PDF_REF ? NULL : o;
}

kc_pdf_obj *kc_pdf_trailer(const kc_pdf_doc *doc, size_t rev)
{
    if (doc->n_sections == 0)
        return NULL;
    if (rev >= doc->n_sections)
        rev = doc->n_sections - 1;
    for (size_t s = rev + 1; s-- > 0;)
        if (kc_pdf_dict_get(doc->sections[s]->trailer, "Root"))
            return doc->sections[s]->trailer;
    return NULL;
}
