/* pdf_repair.c: what MuPDF reads when it repairs a file (rule 4, with
 * pdf_rebuild.c and pdf_tail.c).
 *
 * MuPDF (mutool, SumatraPDF, many mobile viewers) repairs a file whenever
 * something in it does not parse to its liking: a table entry that is not 20
 * bytes, a trailer /Size that is a reference, negative or past any object
 * number, an /XRefStm that is not an offset, an object that is not where its
 * entry says, a /Parent cycle, and more with every release.  Closing those
 * triggers one at a time leaves the next one open.  What a repair shows is
 * the same whatever set it off (source/pdf/pdf-repair.c): every "N G obj" in
 * the file, the last one winning whatever its generation; then, in the order
 * of their numbers, every object stream among them (/Type /ObjStm), each
 * object it holds replacing what was found for its number.  Up to MuPDF
 * 1.25 it always replaces; from 1.26 only a copy not later in the file than
 * its stream.  So an update after signing (or one prepared before) adds an
 * object stream that no type-2 entry names, holding another page 1: inert to
 * a reader of the cross-reference chain, the page a repairing viewer shows.
 *
 * So once a signature has later revisions, the document must read the same
 * repaired, in both of MuPDF's ways: for every number something refers to or
 * the newest table lists, the object a repair takes is one the document has
 * had from the signed revision on (at the same offset, or at the same place
 * of the same object stream).  An honest update saving an object again later
 * in the file passes: the newer MuPDF takes the later copy, the older one the
 * signed copy.  The top-level headers come from pdf_rebuild.c's scan, which
 * finds more than MuPDF does (never fewer): a header it would not take can
 * only make the check stricter. */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pdf_cover.h"
#include "pdf_doc.h"

#define MU_MAX_NUM 8388607 /* PDF_MAX_OBJECT_NUMBER: numbers past it are skipped */

/* What a repair ends with for one number: found at the top level ('n', at the
 * header offset `at`), inside object stream `stm` at index `idx` ('o'), or
 * lost ('f'). */
typedef struct mu_entry {
    char type;
    uint64_t at;
    uint32_t stm, idx;
} mu_entry;

/* One object stream a repair reads: its number, its header offset, and the
 * numbers its header lists as MuPDF lexes them (with the loop index MuPDF
 * records for each). */
typedef struct mu_stream {
    uint32_t num;
    uint64_t at;
    GArray *objs; /* uint32_t pairs: number, index */
} mu_stream;

static int by_num(const void *a, const void *b)
{
    const mu_stream *x = a, *y = b;
    return (x->num > y->num) - (x->num < y->num);
}

static bool mu_white(unsigned char ch)
{
    return ch == 0 || ch == '\t' || ch == '\n' || ch == '\f' || ch == '\r' || ch == ' ';
}

static bool mu_delim(unsigned char ch)
{
    return ch && strchr("()<>[]{}/%", ch);
}

static bool digit(unsigned char ch) { return ch >= '0' && ch <= '9'; }

/* The next token of b from *p as MuPDF's lexer reads it, when it is an
 * integer (white space and comments skipped; "+5" is 5; "12-3" is 12, the
 * rest skipped; a '.' makes a real, any other character a keyword). */
static bool mu_int(const unsigned char *b, size_t len, size_t *p, int64_t *out)
{
    size_t i = *p;
    for (;;) {
        while (i < len && mu_white(b[i]))
            i++;
        if (i >= len || b[i] != '%')
            break;
        while (i < len && b[i] != '\r' && b[i] != '\n')
            i++;
    }
    if (i >= len || !(digit(b[i]) || b[i] == '+' || b[i] == '-' || b[i] == '.'))
        return false;
    bool neg = b[i] == '-', other = b[i] == '.', cut = false;
    int64_t v = digit(b[i]) ? b[i] - '0' : 0;
    i++;
    while (neg && i < len && b[i] == '-')
        i++;
    for (; i < len && !mu_white(b[i]) && !mu_delim(b[i]); i++) {
        if (b[i] == '-')
            cut = true;
        else if (!digit(b[i]))
            other = true;
        else if (!cut && v <= INT32_MAX)
            v = v * 10 + (b[i] - '0');
    }
    *p = i;
    *out = neg ? -v : v;
    return !other;
}

/* The numbers object stream o's header lists, read as pdf_repair_obj_stm
 * reads them: /N times an integer (the number; a bad one is skipped without
 * reading its offset) and an integer (the offset), stopping at the first
 * token that is not an integer. */
static GArray *header_objs(const kc_pdf_obj *o, const unsigned char *data, size_t len)
{
    GArray *objs = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    /* An indirect /N may resolve otherwise in MuPDF's repaired table: every
     * pair is then read, as many as MuPDF could. */
    kc_pdf_obj *no = kc_pdf_dict_get(o, "N");
    int64_t count = no && no->type == KC_PDF_INT ? no->u.i : no && no->type == KC_PDF_REAL ? (int64_t)no->u.r
                    : no && no->type == KC_PDF_REF ? KC_PDF_MAX_OBJSTM_N : 0;
    size_t p = 0;
    for (int64_t i = 0; i < count && i < KC_PDF_MAX_OBJSTM_N; i++) {
        int64_t n = 0, ofs = 0;
        if (!mu_int(data, len, &p, &n))
            break;
        if (n < 0 || n >= MU_MAX_NUM)
            continue;
        uint32_t pair[2] = {(uint32_t)n, (uint32_t)i};
        g_array_append_vals(objs, pair, 2);
        if (!mu_int(data, len, &p, &ofs))
            break;
    }
    return objs;
}

/* An object our parser refuses may still be an object stream to MuPDF's:
 * "ObjStm" (or a name escape, /Obj#53tm) in the bytes after its header. */
static bool may_be_objstm(kc_pdf_doc *doc, uint64_t at)
{
    size_t got = 0;
    const unsigned char *b = kc_pdf_window(doc, at, 4096, &got);
    if (!b)
        return true;
    for (size_t i = 0; i < got; i++)
        if (b[i] == '#' || (b[i] == 'O' && i + 6 <= got && memcmp(b + i, "ObjStm", 6) == 0))
            return true;
    return false;
}

/* The object streams among the last headers the scan found, with what they
 * hold; NULL (and *why) when one cannot be read: what a repair shows is then
 * unknown. */
static GArray *object_streams(kc_pdf_doc *doc, const char **why)
{
    size_t last = kc_pdf_section_count(doc) - 1, budget = KC_PDF_MAX_INFLATE;
    GArray *out = g_array_new(FALSE, FALSE, sizeof(mu_stream));
    GHashTableIter it;
    gpointer key, val;
    g_hash_table_iter_init(&it, doc->rebuilt);
    while (g_hash_table_iter_next(&it, &key, &val)) {
        uint32_t num = GPOINTER_TO_UINT(key);
        const kc_rebuilt *r = val;
        const kc_xref_entry *e = kc_pdf_entry(doc, last, num);
        bool listed = e && e->type == 1 && (e->where == r->last || kc_cover_header_offset(doc, e) == r->last);
        /* The table's own copy is in the object cache; another is read here. */
        kc_pdf_obj *o = listed ? kc_pdf_get(doc, last, num, NULL) : kc_pdf_load_dict_at(doc, r->last, num);
        if (!o && may_be_objstm(doc, r->last)) {
            *why = N_("an object stream that a viewer repairing the file would read cannot be read");
            break;
        }
        /* MuPDF resolves an indirect /Type with the table its repair made,
         * which may give another object than ours: any such stream is read. */
        kc_pdf_obj *type = o ? kc_pdf_dict_get(o, "Type") : NULL;
        if (!o || o->type != KC_PDF_STREAM ||
            !(kc_pdf_is_name(type, "ObjStm") || (type && type->type == KC_PDF_REF)))
            continue;
        kc_objstm *cached = listed ? g_hash_table_lookup(doc->objstm_cache, e) : NULL;
        unsigned char *data = NULL;
        size_t len = 0;
        if (!cached && (!listed && kc_pdf_load_at(doc, r->last, num, last, &o, NULL) != 0)) {
            *why = N_("an object stream that a viewer repairing the file would read cannot be read");
            break;
        }
        if (!cached && kc_pdf_stream_decode(kc_pdf_source(doc), o, budget, &data, &len, NULL) != 0) {
            *why = N_("an object stream that a viewer repairing the file would read cannot be read");
            break;
        }
        budget -= len;
        mu_stream s = {num, r->last, header_objs(o, cached ? cached->data : data, cached ? cached->len : len)};
        free(data);
        g_array_append_val(out, s);
    }
    if (*why) {
        for (guint i = 0; i < out->len; i++)
            g_array_free(g_array_index(out, mu_stream, i).objs, TRUE);
        g_array_free(out, TRUE);
        return NULL;
    }
    g_array_sort(out, by_num);
    return out;
}

/* What a repair has for num so far: a replacement, else the scan's last header. */
static mu_entry mu_get(const kc_pdf_doc *doc, GHashTable *repl, uint32_t num)
{
    mu_entry *m = g_hash_table_lookup(repl, GUINT_TO_POINTER(num));
    if (m)
        return *m;
    const kc_rebuilt *r = g_hash_table_lookup(doc->rebuilt, GUINT_TO_POINTER(num));
    return r ? (mu_entry){'n', r->last, 0, 0} : (mu_entry){'f', 0, 0, 0};
}

/* Where MuPDF 1.26's entry_offset places num: its header, or its stream's;
 * -1 when its stream is not at the top level. */
static int64_t mu_offset(const kc_pdf_doc *doc, GHashTable *repl, uint32_t num)
{
    mu_entry m = mu_get(doc, repl, num);
    if (m.type == 'o')
        m = mu_get(doc, repl, m.stm);
    return m.type == 'n' ? (int64_t)m.at : m.type == 'f' ? 0 : -1;
}

/* pdf_repair_obj_stms: replacements of the scan's table, for MuPDF up to 1.25
 * (newer false: every object an object stream holds replaces) or from 1.26. */
static GHashTable *repair(const kc_pdf_doc *doc, const GArray *streams, bool newer)
{
    GHashTable *repl = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    for (guint i = 0; i < streams->len; i++) {
        const mu_stream *s = &g_array_index(streams, mu_stream, i);
        /* A stream whose own number an earlier one replaced is not read. */
        if (mu_get(doc, repl, s->num).type != 'n')
            continue;
        for (guint k = 0; k + 1 < s->objs->len; k += 2) {
            uint32_t n = g_array_index(s->objs, uint32_t, k);
            mu_entry cur = mu_get(doc, repl, n);
            if (newer && cur.type != 'f') {
                int64_t there = mu_offset(doc, repl, n);
                if (there >= 0 && there > mu_offset(doc, repl, s->num))
                    continue;
            }
            mu_entry *m = g_new(mu_entry, 1);
            *m = (mu_entry){'o', 0, s->num, g_array_index(s->objs, uint32_t, k + 1)};
            g_hash_table_insert(repl, GUINT_TO_POINTER(n), m);
        }
    }
    /* An object whose stream is not at the top level is lost. */
    GHashTableIter it;
    gpointer key, val;
    g_hash_table_iter_init(&it, repl);
    while (g_hash_table_iter_next(&it, &key, &val)) {
        mu_entry *m = val;
        if (m->type == 'o' && mu_get(doc, repl, m->stm).type != 'n')
            m->type = 'f';
    }
    return repl;
}

/* Some revision from the signed one on resolves num to what the repair took. */
static bool had(kc_cover *c, GHashTable *repl, uint32_t num, const mu_entry *m)
{
    kc_pdf_doc *doc = c->doc;
    size_t n = kc_pdf_section_count(doc);
    uint64_t stm_at = m->type == 'o' ? mu_get(doc, repl, m->stm).at : 0;
    for (size_t r = n; r-- > c->signed_rev;) {
        const kc_xref_entry *e = kc_pdf_entry(doc, r, num);
        if (!e)
            return false;
        if (m->type == 'n' && e->type == 1 && (e->where == m->at || kc_cover_header_offset(doc, e) == m->at))
            return true;
        if (m->type == 'o' && e->type == 2 && e->where == m->stm && e->gen == m->idx) {
            const kc_xref_entry *s = kc_pdf_entry(doc, r, m->stm);
            if (s && s->type == 1 && (s->where == stm_at || kc_cover_header_offset(doc, s) == stm_at))
                return true;
        }
    }
    return false;
}

/* Every number the repair replaced that matters (something refers to it, or
 * the newest table lists it) is an object the document had. */
static bool agrees(kc_cover *c, GHashTable *repl)
{
    size_t last = kc_pdf_section_count(c->doc) - 1;
    GHashTableIter it;
    gpointer key, val;
    g_hash_table_iter_init(&it, repl);
    while (g_hash_table_iter_next(&it, &key, &val)) {
        uint32_t num = GPOINTER_TO_UINT(key);
        const kc_xref_entry *e = kc_pdf_entry(c->doc, last, num);
        if ((!e || e->type == 0) && !g_hash_table_contains(c->refs, key))
            continue;
        if (!had(c, repl, num, val))
            return false;
    }
    return true;
}

bool kc_cover_repair_agrees(kc_cover *c)
{
    kc_pdf_doc *doc = c->doc;
    const char *why = NULL;
    if (!doc->rebuilt)
        return kc_cover_fail(c, N_("the document cannot be read whole"));
    /* The top level alone: the scan's last header, whatever its generation
     * (poppler's choice, the highest generation, is pdf_rebuild.c's). */
    GHashTableIter it;
    gpointer key, val;
    GHashTable *none = g_hash_table_new(g_direct_hash, g_direct_equal);
    g_hash_table_iter_init(&it, doc->rebuilt);
    while (!why && g_hash_table_iter_next(&it, &key, &val)) {
        const kc_rebuilt *r = val;
        const kc_xref_entry *e = kc_pdf_entry(doc, kc_pdf_section_count(doc) - 1, GPOINTER_TO_UINT(key));
        mu_entry m = {'n', r->last, 0, 0};
        if (r->last != r->off && ((e && e->type != 0) || g_hash_table_contains(c->refs, key)) &&
            !had(c, none, GPOINTER_TO_UINT(key), &m))
            why = N_("a viewer that repairs the file would read another object than the one the table lists "
                     "(an object of a lower generation saved after it)");
    }
    g_hash_table_destroy(none);
    GArray *streams = why ? NULL : object_streams(doc, &why);
    for (int newer = 0; streams && !why && newer < 2; newer++) {
        GHashTable *repl = repair(doc, streams, newer);
        if (!agrees(c, repl))
            why = N_("a viewer that repairs the file (MuPDF) would take an object from an object stream the "
                     "cross-reference table does not point to (it shows what was never signed)");
        g_hash_table_destroy(repl);
    }
    for (guint i = 0; streams && i < streams->len; i++)
        g_array_free(g_array_index(streams, mu_stream, i).objs, TRUE);
    if (streams)
        g_array_free(streams, TRUE);
    return why ? kc_cover_fail(c, why) : true;
}
