/* pdf_resolve.c: objects as of a revision: reading an indirect object at its
 * offset (streams with their data extent), object streams, references. */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pdf_doc.h"

#define FIRST_WINDOW 4096
#define OBJSTM_BASE (UINT64_C(1) << 62)

void kc_pdf_objstm_free(gpointer p)
{
    kc_objstm *s = p;
    if (s) {
        free(s->data);
        free(s->pairs);
        free(s->objs);
        free(s);
    }
}

/* A miss reads at least this much, so the next objects are already there. */
#define WINDOW_BLOCK (32u << 10)
/* A request that runs past the window's end extends it while it stays this
 * small; beyond, the window starts again at the request. */
#define WINDOW_KEEP KC_PDF_WHOLE

const unsigned char *kc_pdf_window(kc_pdf_doc *doc, uint64_t off, size_t n, size_t *got)
{
    static const unsigned char none[1];
    uint64_t size = doc->src.size;
    size_t avail = off < size ? (size_t)(size - off < n ? size - off : n) : 0;
    uint64_t wend = doc->win_off + doc->win_len;

    *got = avail;
    if (avail == 0)
        return none;
    /* Bytes the caller holds (kc_pdf_open_src with data: a dossier's entry,
     * the text reader's mapping): a window is a pointer into them, where it
     * was a copy of the next 32 KB at every move (0.5 M instructions a bench
     * document in pdf_actual.c).  A file read whole has src.mem == win. */
    if (doc->src.mem && doc->src.mem != doc->win)
        return doc->src.mem + off;
    if (doc->win_len && off >= doc->win_off && off + avail <= wend)
        return doc->win + (off - doc->win_off);
    bool extend = doc->win_len && off >= doc->win_off && off <= wend &&
                  off + avail - doc->win_off <= WINDOW_KEEP;
    uint64_t start = extend ? doc->win_off : off;
    size_t keep = extend ? doc->win_len : 0;
    size_t len = (size_t)(off + avail - start);
    if (len < keep + WINDOW_BLOCK)
        len = (size_t)(size - start < keep + WINDOW_BLOCK ? size - start : keep + WINDOW_BLOCK);
    if (len > doc->win_cap) {
        size_t cap = doc->win_cap * 2 > len ? doc->win_cap * 2 : len;
        unsigned char *grown = keep ? realloc(doc->win, cap) : malloc(cap);
        if (!grown)
            return NULL;
        if (!keep)
            free(doc->win);
        doc->win = grown;
        doc->win_cap = cap;
    }
    doc->win_len = keep; /* what stays valid if the read fails */
    doc->win_off = start;
    ssize_t r = kc_pdf_pread(&doc->src, doc->win + keep, len - keep, start + keep);
    if (r < 0 || (size_t)r != len - keep)
        return NULL;
    doc->win_len = len;
    return doc->win + (off - start);
}

const unsigned char *kc_pdf_data(const kc_pdf_doc *doc)
{
    if (doc->src.mem)
        return doc->src.mem; /* the caller's bytes, or the window read whole */
    return doc->win_off == 0 && doc->src.size && doc->win_len == doc->src.size ? doc->win : NULL;
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
uint64_t kc_pdf_nearby_section(const kc_pdf_src *src, uint64_t off)
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

/* Parses "num gen obj" then the object, in a window that grows until it fits.
 * Streams get their data offset and length (resolving an indirect /Length as
 * of revision rev). */
static int load_at(kc_pdf_doc *doc, uint64_t offset, uint32_t expect_num, size_t rev, bool need_length,
                   kc_pdf_obj **out, kc_error *err);

int kc_pdf_load_at(kc_pdf_doc *doc, uint64_t offset, uint32_t expect_num, size_t rev,
                   kc_pdf_obj **out, kc_error *err)
{
    return load_at(doc, offset, expect_num, rev, true, out, err);
}

kc_pdf_obj *kc_pdf_load_dict_at(kc_pdf_doc *doc, uint64_t offset, uint32_t num)
{
    kc_pdf_obj *o = NULL;
    return load_at(doc, offset, num, SIZE_MAX, false, &o, NULL) == 0 ? o : NULL;
}

static int load_at(kc_pdf_doc *doc, uint64_t offset, uint32_t expect_num, size_t rev, bool need_length,
                   kc_pdf_obj **out, kc_error *err)
{
    size_t want = FIRST_WINDOW;
    /* Bytes held in memory (a file read whole, a caller's mapping): a window
     * is only a pointer, so the first try takes the rest of the file, up to
     * the largest window, where growing parsed a signature dictionary's tens
     * of kilobytes of hex three times (4 KiB, 32 KiB, then all of it).  The
     * last try is the same as growing's, so is every outcome. */
    if (doc->src.mem && offset < doc->src.size) {
        uint64_t rest = doc->src.size - offset;
        want = rest > KC_PDF_MAX_WINDOW ? KC_PDF_MAX_WINDOW : rest < FIRST_WINDOW ? FIRST_WINDOW : (size_t)rest;
    }
    for (;;) {
        size_t got = 0;
        const unsigned char *buf = kc_pdf_window(doc, offset, want, &got);
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
                /* The data starts after the end of line that must follow the
                 * keyword.  Without one, readers disagree on where: poppler
                 * skips to the next line (past a first line of operators),
                 * others start right after the keyword; not read. */
                if (q >= got || (buf[q] != '\r' && buf[q] != '\n'))
                    r = KC_PARSE_BAD;
                if (q < got && buf[q] == '\r')
                    q++;
                if (q < got && buf[q] == '\n')
                    q++;
                o->type = KC_PDF_STREAM;
                o->stream_off = offset + q;
            }
        }
        /* Growing: the window keeps what was read, so a bigger try costs
         * only the new bytes, but the parse starts over each time: eight
         * times bigger (4 KiB, 32 KiB, 256 KiB, 2 MiB, 16 MiB, the same
         * last window as doubling) reaches a signature dictionary (its
         * /Contents 32 KB and more) in three tries, not five.  A parse's
         * result is the same in any window that holds the object. */
        if (r == KC_PARSE_MORE && !at_eof && want < KC_PDF_MAX_WINDOW) {
            want *= 8;
            continue;
        }
        if (r != KC_PARSE_OK)
            return kc_error_set(err, r == KC_PARSE_MORE ? KC_ELIMIT : KC_EFORMAT,
                                _("no readable object at offset %llu"), (unsigned long long)offset);
        if (o->type == KC_PDF_STREAM && !need_length) {
            o->stream_len = 0; /* not known: the caller must not read the data */
        } else if (o->type == KC_PDF_STREAM) {
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

int kc_pdf_object_end(kc_pdf_doc *doc, uint64_t offset, uint32_t num, uint32_t gen, size_t rev,
                      uint64_t *end, kc_error *err)
{
    size_t got = 0, p = 0;
    uint64_t n = 0, g = 0;
    kc_pdf_obj *o = NULL;
    const unsigned char *buf = kc_pdf_window(doc, offset, 256, &got);
    /* The header exactly at offset: no white space before it, the right
     * number and generation (a reader that finds another generation there
     * rebuilds the cross-reference table by scanning). */
    if (!buf || !kc_pdf_read_uint(buf, got, &p, &n) || n != num ||
        !kc_pdf_read_uint(buf, got, (p = kc_pdf_skip_ws(buf, got, p), &p), &g) || g != gen ||
        !kc_pdf_at_keyword(buf, got, (p = kc_pdf_skip_ws(buf, got, p)), "obj"))
        goto bad;
    /* The object as parsed for its entry, when that is this one and it was
     * read right after this header (not found nearby): parsing a signature's
     * /Contents twice costs more than the rest. */
    uint64_t body = offset + kc_pdf_skip_ws(buf, got, p + 3);
    const kc_xref_entry *e = kc_pdf_entry(doc, rev, num);
    if (e && e->type == 1 && e->where == offset)
        o = kc_pdf_get(doc, rev, num, NULL);
    if ((!o || o->raw_start != body) && kc_pdf_load_at(doc, offset, num, rev, &o, NULL) != 0)
        goto bad;
    uint64_t at = o->type == KC_PDF_STREAM ? o->stream_off + o->stream_len : o->raw_end;
    buf = kc_pdf_window(doc, at, 256, &got);
    if (!buf)
        goto bad;
    p = 0;
    if (o->type == KC_PDF_STREAM) {
        while (p < got && buf[p] != 0 && strchr(" \t\r\n\f", buf[p])) /* the end of line before the keyword */
            p++;
        if (!kc_pdf_at_keyword(buf, got, p, "endstream"))
            goto bad;
        p += 9;
    }
    p = kc_pdf_skip_ws(buf, got, p);
    if (!kc_pdf_at_keyword(buf, got, p, "endobj"))
        goto bad;
    *end = at + p + 6;
    return 0;
bad:
    return kc_error_set(err, KC_EFORMAT, _("object %u is not exactly at offset %llu"), num,
                        (unsigned long long)offset);
}

static int cmp_history(const void *a, const void *b)
{
    const kc_entry_at *x = a, *y = b;
    if (x->num != y->num)
        return x->num < y->num ? -1 : 1;
    return x->section < y->section ? -1 : x->section > y->section;
}

/* One array sorted by number, then section (a section lists a number at
 * most once): no hash table and no array per object, which the PDF reader
 * paid for every object of every document. */
int kc_pdf_index_history(kc_pdf_doc *doc)
{
    size_t n = 0;
    for (size_t s = 0; s < doc->n_sections; s++)
        n += doc->sections[s]->n_entries;
    free(doc->history);
    free(doc->history_first);
    doc->history_first = NULL;
    doc->n_history = 0;
    doc->history = malloc((n ? n : 1) * sizeof *doc->history);
    if (!doc->history)
        return KC_ENOMEM;
    for (size_t s = 0; s < doc->n_sections; s++) {
        const kc_xref_section *sec = doc->sections[s];
        for (size_t i = 0; i < sec->n_entries; i++)
            doc->history[doc->n_history++] = (kc_entry_at){s, &sec->entries[i], sec->entries[i].num};
    }
    qsort(doc->history, doc->n_history, sizeof *doc->history, cmp_history);
    /* Object numbers are nearly always dense (1 to n): then where a number's
     * definitions start is one array read, not a search (a coverage check
     * asks some six hundred times a document). */
    uint32_t max = doc->n_history ? doc->history[doc->n_history - 1].num : 0;
    if (doc->n_history && max <= 4 * doc->n_history + 1024) {
        doc->history_first = malloc(((size_t)max + 2) * sizeof *doc->history_first);
        if (!doc->history_first)
            return KC_ENOMEM;
        size_t i = 0;
        for (size_t k = 0; k <= (size_t)max + 1; k++) {
            while (i < doc->n_history && doc->history[i].num < k)
                i++;
            doc->history_first[k] = i;
        }
        doc->history_max = max;
    }
    return 0;
}

/* The entry for num as of rev, and the index of the section holding it: the
 * newest definition in a section at or before rev. */
static const kc_xref_entry *entry_at(const kc_pdf_doc *doc, size_t rev, uint32_t num, size_t *where)
{
    if (doc->n_sections == 0 || !doc->history)
        return NULL;
    if (rev >= doc->n_sections)
        rev = doc->n_sections - 1;
    /* The definitions of num: past the last of a smaller number, up to the first of a larger one. */
    size_t lo = 0, hi = doc->n_history, end;
    if (doc->history_first) {
        if (num > doc->history_max)
            return NULL;
        lo = doc->history_first[num];
        end = doc->history_first[(size_t)num + 1];
    } else {
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (doc->history[mid].num < num)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (end = lo; end < doc->n_history && doc->history[end].num == num;)
            end++;
    }
    const kc_entry_at *defs = doc->history + lo;
    size_t n_defs = end - lo;
    /* defs is in section order: find the last one with section <= rev. */
    lo = 0, hi = n_defs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (defs[mid].section <= rev)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return NULL;
    const kc_entry_at *at = &defs[lo - 1];
    if (where)
        *where = at->section;
    return at->entry;
}

const kc_xref_entry *kc_pdf_entry(const kc_pdf_doc *doc, size_t rev, uint32_t num)
{
    return entry_at(doc, rev, num, NULL);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Whether a header of n (number, offset) pairs lists a number twice.  pdf.js
 * (XRef.fetchCompressed) moves an entry's index to where the header last
 * lists its number, while poppler, MuPDF and this reader take the object at
 * the index the entry gives: "7 0 7 40" is object 7 at 0 to them, at 40 to
 * pdf.js. */
static bool lists_twice(const uint64_t *pairs, size_t n)
{
    if (n < 2)
        return false;
    uint64_t *nums = malloc(n * sizeof *nums);
    if (!nums)
        return true; /* fail closed */
    for (size_t i = 0; i < n; i++)
        nums[i] = pairs[2 * i];
    qsort(nums, n, sizeof *nums, cmp_u64);
    bool twice = false;
    for (size_t i = 1; i < n && !twice; i++)
        twice = nums[i] == nums[i - 1];
    free(nums);
    return twice;
}

static int load_objstm(kc_pdf_doc *doc, size_t rev, uint32_t stm_num, kc_objstm **out, kc_error *err)
{
    size_t where = 0;
    const kc_xref_entry *e = entry_at(doc, rev, stm_num, &where);
    if (!e || e->type != 1)
        return kc_error_set(err, KC_EFORMAT, _("object stream %u is missing"), stm_num);
    if (e->gen != 0)
        doc->objstm_gen = true; /* read here and by MuPDF, nothing to poppler and pdf.js */
    kc_objstm *s = g_hash_table_lookup(doc->objstm_cache, e);
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
    if (rc == 0 && (!(s->pairs = malloc(((size_t)n * 2 + 1) * sizeof *s->pairs)) ||
                    !(s->objs = calloc((size_t)n + 1, sizeof *s->objs))))
        rc = KC_ENOMEM;
    size_t p = 0;
    for (int64_t i = 0; rc == 0 && i < 2 * n; i++) {
        p = kc_pdf_skip_ws(s->data, s->len, p);
        if (!kc_pdf_read_uint(s->data, s->len, &p, &s->pairs[i]))
            rc = kc_error_set(err, KC_EFORMAT, _("object stream %u has a bad header"), stm_num);
    }
    if (rc != 0) {
        kc_pdf_objstm_free(s);
        return rc;
    }
    /* The spec reads object i at /First + its offset; poppler reads the
     * header within /First bytes, then the objects in turn from /First, each
     * as long as the next offset says, and drops the whole stream when the
     * offsets go down.  Both agree only on a header that ends by /First, a
     * first offset of 0 and offsets that never go down (and each object
     * ending by the next one's offset: get_in_objstm).  A stream that reads
     * two ways is read the spec's way here and marked: an update that saves
     * a signed object again "unchanged" in one would show poppler another. */
    s->misread = p > (size_t)first || (n > 0 && s->pairs[1] != 0);
    for (int64_t i = 1; i < n; i++)
        if (s->pairs[2 * i + 1] < s->pairs[2 * i - 1])
            s->misread = true;
    if (s->misread)
        doc->objstm_misread = true;
    s->twice = lists_twice(s->pairs, (size_t)n);
    if (s->twice)
        doc->objstm_dup = true;
    s->n = (size_t)n;
    s->first = (size_t)first;
    doc->objstm_bytes += s->len;
    g_hash_table_insert(doc->objstm_cache, (gpointer)e, s);
    *out = s;
    return 0;
}

/* An object inside an object stream, with the stream as of rev: a type-2
 * entry made before its object stream exists reads as nothing until an
 * update adds the stream, exactly as a viewer resolves it.  Parsed objects
 * are cached with the stream's own version, not with the entry. */
static kc_pdf_obj *get_in_objstm(kc_pdf_doc *doc, size_t rev, uint32_t num, const kc_xref_entry *e,
                                 kc_error *err)
{
    kc_objstm *s = NULL;
    kc_pdf_obj *o = NULL;
    if (e->where > UINT32_MAX || load_objstm(doc, rev, (uint32_t)e->where, &s, err) != 0)
        return NULL;
    /* pdf.js (XRef.fetchCompressed) returns the object at the entry's index
     * whatever number the header gives it: object 12 at an index listing 40
     * is nothing to poppler and MuPDF (and us), object 40 to pdf.js. */
    if (e->gen >= s->n || s->pairs[2 * e->gen] != num)
        doc->objstm_slot = true;
    if (e->gen >= s->n || s->pairs[2 * e->gen] != num || s->first + s->pairs[2 * e->gen + 1] >= s->len) {
        kc_error_set(err, KC_EFORMAT, _("object %u is not where its object stream says"), num);
        return NULL;
    }
    if (s->objs[e->gen])
        return s->objs[e->gen];
    size_t p = s->first + (size_t)s->pairs[2 * e->gen + 1];
    /* Objects inside object streams have no file offsets: a base far past
     * any file keeps their raw offsets from matching file bytes. */
    if (kc_pdf_parse_object(doc->arena, s->data, s->len, &p, OBJSTM_BASE, &o) != KC_PARSE_OK) {
        kc_error_set(err, KC_EFORMAT, _("object %u in an object stream is malformed"), num);
        return NULL;
    }
    /* poppler stops reading this object where the next one starts. */
    if (e->gen + 1 < s->n && p > s->first + s->pairs[2 * e->gen + 3])
        doc->objstm_misread = s->misread = true;
    s->objs[e->gen] = o;
    return o;
}

/* The flags above come from what was read; a signed document with nothing
 * after it was never read whole.  Here every type-2 entry of rev, whatever
 * refers to it: a signed page's /Annots naming an object at an index whose
 * header lists another number is nothing to poppler and MuPDF and a Stamp
 * to pdf.js (rtpdf14). */
bool kc_pdf_objstm_odd(kc_pdf_doc *doc, size_t rev, bool *poppler)
{
    *poppler = false;
    for (size_t i = 0; i < doc->n_history; i++) {
        const kc_entry_at *h = &doc->history[i];
        const kc_xref_entry *e = h->entry;
        if (h->section > rev || e->type != 2 || entry_at(doc, rev, h->num, NULL) != e)
            continue;
        /* pdf.js reads the row's fields with 32-bit shifts. */
        if (e->where > INT32_MAX)
            return true;
        const kc_xref_entry *se = entry_at(doc, rev, (uint32_t)e->where, NULL);
        if (se && se->type == 1 && se->gen != 0)
            return true; /* poppler and pdf.js fetch an object stream as generation 0 */
        kc_objstm *s = NULL;
        if (load_objstm(doc, rev, (uint32_t)e->where, &s, NULL) != 0)
            continue; /* nothing to anyone */
        if (e->gen >= s->n || s->pairs[2 * e->gen] != h->num || s->twice)
            return true; /* pdf.js: the object at the index; of a number listed twice, the last */
        /* poppler: the objects from /First on, each as long as the next
         * offset says (a first offset not 0, offsets going down, an object
         * running past the next), rtpdf15: page 1's /Contents array so saved
         * before signing drew the "9" in pdftoppm alone. */
        get_in_objstm(doc, rev, h->num, e, NULL);
        if (s->misread)
            return *poppler = true;
    }
    return false;
}

bool kc_pdf_objstm_misread(const kc_pdf_doc *doc)
{
    return doc->objstm_misread;
}

bool kc_pdf_objstm_dup(const kc_pdf_doc *doc)
{
    return doc->objstm_dup;
}

bool kc_pdf_objstm_slot(const kc_pdf_doc *doc)
{
    return doc->objstm_slot;
}

bool kc_pdf_objstm_gen(const kc_pdf_doc *doc)
{
    return doc->objstm_gen;
}

bool kc_pdf_read_nearby(const kc_pdf_doc *doc)
{
    return doc->read_nearby;
}

kc_pdf_obj *kc_pdf_get(kc_pdf_doc *doc, size_t rev, uint32_t num, kc_error *err)
{
    size_t where = 0;
    const kc_xref_entry *e = entry_at(doc, rev, num, &where);
    if (!e || e->type == 0)
        return NULL;
    kc_pdf_obj *o = e->type == 1 ? g_hash_table_lookup(doc->obj_cache, e) : NULL;
    if (o)
        return o;
    if (doc->load_depth >= KC_PDF_MAX_LOAD_DEPTH) {
        kc_error_set(err, KC_ELIMIT, _("objects refer to each other too deeply"));
        return NULL;
    }
    doc->load_depth++;
    if (e->type == 1) {
        uint64_t near = 0;
        if (kc_pdf_load_at(doc, e->where, num, where, &o, err) != 0 &&
            ((near = kc_pdf_nearby_section(&doc->src, e->where)) == e->where ||
             kc_pdf_load_at(doc, near, num, where, &o, err) != 0))
            o = NULL;
        else if (near)
            doc->read_nearby = true;
    } else {
        o = get_in_objstm(doc, rev, num, e, err);
    }
    doc->load_depth--;
    if (o && e->type == 1)
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
