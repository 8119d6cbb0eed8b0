/* pdf_repair_walk.c: which headers MuPDF's repair reaches at all (rule 4,
 * with pdf_rebuild.c and pdf_repair.c).
 *
 * pdf_rebuild.c's scan finds every "N G obj" in the file, inside a stream's
 * data or a string too, as poppler's rebuild and pdf.js's repair find them.
 * MuPDF's repair (pdf_repair_xref) does not: it lexes the file from its
 * "%PDF" as tokens, and once it meets an "obj" keyword (whatever stands
 * before it: "0 0 obj", whose number it then ignores, too, which no scan
 * takes for a header) it reads the object as pdf_repair_obj reads it, so
 * what lies inside the object is never seen:
 * a stream's data (to where its direct /Length ends, when "endstream"
 * follows there, else to the first "endstream" after its data starts), the
 * strings of its value; between objects, a comment and a dictionary
 * (a trailer's, strings inside it) are skipped the same way.  A document
 * prepared with page 1's signed content listed at a header inside the data of
 * a stream nothing refers to, and its content with the "9" as an unlisted
 * object just before that stream, reads the same to every viewer of the
 * table and to every scan that takes the last header (poppler's, pdf.js's):
 * MuPDF's repair never sees the listed copy and takes the "9".  Any update
 * that makes MuPDF repair (a trailer /Size it refuses, and more) then shows
 * it, the signature still "covering the document" (rtpdf22).
 *
 * So once a signature has later revisions, every object the newest table
 * lists must stand where MuPDF's repair walk reaches it, as a header it
 * lexes (white space before its number).  The walk over-approximates what
 * MuPDF skips (an object it cannot read, junk between a value and its
 * "endobj", a dictionary between objects it cannot read: the rest of the
 * file), so an honest document is refused only where it is malformed; never
 * the other way, which would let a listed copy hide. */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pdf_cover.h"
#include "pdf_doc.h"

#define WALK_WINDOW 65536u

static bool walk_ws(unsigned char ch)
{
    return ch == 0 || ch == '\t' || ch == '\n' || ch == '\f' || ch == '\r' || ch == ' ';
}

/* Where the first "endstream" at or after from ends (just past it), or the
 * end of the file: MuPDF's repair scans for it byte by byte.  The scan that
 * rebuilds the table (pdf_rebuild.c) has kept where every "endstream" of the
 * file starts, in file order, so this is a search of that list, not a second
 * read of the stream's data (which cost 2% of a bench verify). */
static uint64_t after_endstream(kc_pdf_doc *doc, uint64_t from)
{
    const GArray *ends = kc_cover_endstreams(doc);
    guint lo = 0, hi = ends ? ends->len : 0;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (g_array_index(ends, uint64_t, mid) < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    return ends && lo < ends->len ? g_array_index(ends, uint64_t, lo) + 9 : doc->src.size;
}

/* Where the token after white space and comments at `at` starts, and
 * whether it is the keyword kw. */
static bool keyword_at(kc_pdf_doc *doc, uint64_t at, const char *kw, uint64_t *start)
{
    size_t got = 0;
    const unsigned char *b = kc_pdf_window(doc, at, 4096, &got);
    if (!b)
        return false;
    size_t p = kc_pdf_skip_ws(b, got, 0);
    *start = at + p;
    return kc_pdf_at_keyword(b, got, p, kw);
}

static bool walk_delim(unsigned char ch)
{
    return ch && strchr("()<>[]{}/%", ch);
}

/* How far MuPDF's repair reads the object whose value starts after the
 * "obj" keyword at obj_at, as pdf_repair_obj reads it: what lies before the
 * returned offset is never taken for a header.  cached: the table's own copy
 * (a signature dictionary's tens of kilobytes of hex are not parsed twice),
 * or NULL.  The end of the file when the value cannot be read (what MuPDF
 * skips then is not known). */
static uint64_t object_extent(kc_pdf_doc *doc, uint64_t obj_at, kc_pdf_obj *cached, kc_pdf_obj **value)
{
    uint64_t size = doc->src.size, at = 0, kw = 0;
    kc_pdf_obj *o = cached, st;
    size_t got = 0, p = 0;
    if (!o) {
        const unsigned char *t = kc_pdf_window(doc, obj_at + 3, KC_PDF_MAX_WINDOW, &got);
        if (!t || kc_pdf_parse_object(doc->arena, t, got, (p = kc_pdf_skip_ws(t, got, 0), &p), obj_at + 3, &o) !=
                      KC_PARSE_OK)
            return size;
    }
    *value = o;
    if (o->type == KC_PDF_DICT && keyword_at(doc, o->raw_end, "stream", &at)) {
        /* MuPDF's data start: one byte after the keyword, two for CR LF. */
        const unsigned char *b = kc_pdf_window(doc, at + 6, 2, &got);
        uint64_t data = at + 6 + (b && got >= 1 ? 1 : 0) + (b && got == 2 && b[0] == '\r' && b[1] == '\n' ? 1 : 0);
        st = (kc_pdf_obj){.type = KC_PDF_STREAM, .u.dict = o->u.dict, .stream_off = data};
        o = &st;
    }
    if (o->type == KC_PDF_STREAM) {
        /* A direct /Length whose end "endstream" follows (after white space
         * and comments) is skipped whole; otherwise MuPDF scans for it. */
        kc_pdf_obj *lo = kc_pdf_dict_get(o, "Length");
        if (lo && lo->type == KC_PDF_INT && lo->u.i > 0 && (uint64_t)lo->u.i <= size - o->stream_off &&
            keyword_at(doc, o->stream_off + (uint64_t)lo->u.i, "endstream", &kw))
            return kw + 9;
        return after_endstream(doc, o->stream_off);
    }
    /* After the value: its "endobj", or the next header's number (an object
     * without "endobj"); "stream" after a value that is no dictionary is
     * skipped to its "endstream"; anything else is lexed with its strings,
     * which may hide what follows. */
    if (keyword_at(doc, o->raw_end, "endobj", &at))
        return at + 6;
    const unsigned char *b = kc_pdf_window(doc, at, 1, &got);
    if (b && got == 1 && ((b[0] >= '0' && b[0] <= '9') || b[0] == '+' || b[0] == '-' || b[0] == '.'))
        return at;
    if (keyword_at(doc, o->raw_end, "stream", &at))
        return after_endstream(doc, at + 6);
    return size;
}

/* Where the line holding offset at ends (its '\r' or '\n'), or the end of
 * the file. */
static uint64_t line_end(kc_pdf_doc *doc, uint64_t at)
{
    uint64_t size = doc->src.size;
    while (at < size) {
        size_t got = 0, k = 0;
        const unsigned char *b = kc_pdf_window(doc, at, WALK_WINDOW, &got);
        if (!b || got == 0)
            return size;
        while (k < got && b[k] != '\n' && b[k] != '\r')
            k++;
        if (k < got)
            return at + k;
        at += got;
    }
    return size;
}

/* Where the "obj" of the header at x stands (our reader's "N G obj"), or 0. */
static uint64_t obj_keyword(kc_pdf_doc *doc, uint64_t x)
{
    size_t got = 0, p = 0;
    uint64_t n = 0, g = 0;
    const unsigned char *b = kc_pdf_window(doc, x, 4096, &got);
    if (!b || !kc_pdf_read_uint(b, got, &p, &n) || !kc_pdf_read_uint(b, got, (p = kc_pdf_skip_ws(b, got, p), &p), &g) ||
        !kc_pdf_at_keyword(b, got, (p = kc_pdf_skip_ws(b, got, p)), "obj"))
        return 0;
    return x + p;
}

/* An offset and what is kept for it, in arrays sorted by offset: the walk
 * meets headers in file order, so it appends, and a lookup is a binary
 * search (the hash tables of uint64 keys these replaced allocated every key
 * and cost as much as the walk itself). */
typedef struct at_obj {
    uint64_t at;
    kc_pdf_obj *obj;
} at_obj;
typedef struct at_seg {
    uint64_t at, seg;
} at_seg;
/* A header the newest table lists: where its number starts, its "obj" (0: none). */
typedef struct listed_hdr {
    uint64_t x, obj;
} listed_hdr;

static gint cmp_at(gconstpointer a, gconstpointer b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The last element of the sorted array a (of elements whose first member is
 * their uint64 offset) at offset at, or NULL: the last, as the tables it
 * replaced kept the last value given for a key. */
static const void *find_at(const GArray *a, uint64_t at)
{
    guint lo = 0, hi = a->len, size = g_array_get_element_size((GArray *)a);
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (*(const uint64_t *)(const void *)(a->data + (size_t)mid * size) <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    const void *e = lo > 0 ? a->data + (size_t)(lo - 1) * size : NULL;
    return e && *(const uint64_t *)e == at ? e : NULL;
}

/* MuPDF's repair walk (pdf_repair_xref): from the "%PDF" it finds in the
 * first kilobyte, the file as tokens, strings not read as strings; a comment
 * runs to the end of its line, a dictionary is read whole (a trailer's, with
 * its strings), and every "obj" keyword, whatever stands before it (a number
 * it then ignores too), starts an object read as object_extent says.  Fills
 * `reached` with the offset of every "obj" keyword it lexes and where what it
 * skipped last before it ends (at_seg, in file order): a header whose number
 * lies before that was not read as one.  cached: "obj" offset and the
 * table's object there (at_obj, sorted).
 * *encrypt: the encryption dictionary MuPDF's repaired trailer ends with: the
 * last /Encrypt of a dictionary between objects (a trailer's) or of an object
 * whose /Type is /XRef (a name escape, /X#52ef, is the same name), kept when
 * later ones name none. */
static void walk(kc_pdf_doc *doc, const GArray *cached, GArray *reached, kc_pdf_obj **encrypt)
{
    uint64_t size = doc->src.size, pos = 0, seg;
    size_t got = 0;
    const unsigned char *b = kc_pdf_window(doc, 0, 1024, &got);
    const unsigned char *pdf = b && got >= 4 ? memmem(b, got, "%PDF", 4) : NULL;
    if (pdf)
        pos = (uint64_t)(pdf - b) + 8;
    seg = pos;
    while (pos < size) {
        size_t i = 0;
        b = kc_pdf_window(doc, pos, WALK_WINDOW, &got);
        if (!b || got == 0)
            break;
        while (i < got && b[i] != '%' && b[i] != '<' && b[i] != 'o')
            i++;
        if (i == got) {
            pos += got;
            continue;
        }
        uint64_t at = pos + i;
        if (b[i] == 'o') {
            /* "obj" as a token of its own: a delimiter or white space on
             * both sides ("endobj" is another keyword). */
            const unsigned char *k = kc_pdf_window(doc, at > 0 ? at - 1 : 0, 5, &got);
            size_t o = at > 0 ? 1 : 0;
            bool token = k && got >= o + 3 && memcmp(k + o, "obj", 3) == 0 &&
                         (o == 0 || walk_ws(k[0]) || walk_delim(k[0])) &&
                         (got == o + 3 || walk_ws(k[o + 3]) || walk_delim(k[o + 3]));
            if (!token) {
                pos = at + 1;
                continue;
            }
            at_seg r = {at, seg}; /* at grows: the array stays sorted */
            g_array_append_val(reached, r);
            const at_obj *c = find_at(cached, at);
            kc_pdf_obj *v = NULL, *enc = NULL;
            pos = object_extent(doc, at, c ? c->obj : NULL, &v);
            if (pos <= at)
                pos = at + 3;
            if (v && (v->type == KC_PDF_DICT || v->type == KC_PDF_STREAM) &&
                kc_pdf_is_name(kc_pdf_dict_get(v, "Type"), "XRef") && (enc = kc_pdf_dict_get(v, "Encrypt")))
                *encrypt = enc;
        } else if (b[i] == '%') {
            pos = line_end(doc, at);
        } else {
            size_t p = 0;
            kc_pdf_obj *d = NULL;
            const unsigned char *t = kc_pdf_window(doc, at, KC_PDF_MAX_WINDOW, &got);
            if (!t || got < 2 || t[1] != '<') {
                pos = at + 1; /* a lone '<' is an error token to MuPDF there, not a string */
                continue;
            }
            pos = kc_pdf_parse_object(doc->arena, t, got, &p, at, &d) == KC_PARSE_OK ? at + p : size;
            if (d && d->type == KC_PDF_DICT && kc_pdf_dict_get(d, "Encrypt"))
                *encrypt = kc_pdf_dict_get(d, "Encrypt");
        }
        seg = pos;
    }
}

/* kc_cover_repair_finds() worked out: c serves for its document and its
 * message alone. */
static bool finds(kc_cover *c)
{
    kc_pdf_doc *doc = c->doc;
    size_t last = kc_pdf_section_count(doc) - 1;
    /* The objects the newest table lists where the scan found their header:
     * listed, each header's offset and its "obj" (0: none there); cached,
     * the table's object at that "obj". */
    guint n = g_hash_table_size(doc->rebuilt);
    GArray *cached = g_array_sized_new(FALSE, FALSE, sizeof(at_obj), n);
    GArray *listed = g_array_sized_new(FALSE, FALSE, sizeof(listed_hdr), n);
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, doc->rebuilt);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        const kc_xref_entry *e = kc_pdf_entry(doc, last, GPOINTER_TO_UINT(key));
        if (!e || e->type != 1)
            continue;
        uint64_t x = kc_cover_header_offset(doc, e), at = obj_keyword(doc, x);
        listed_hdr l = {x, at};
        g_array_append_val(listed, l);
        kc_pdf_obj *o = at ? kc_pdf_get(doc, last, GPOINTER_TO_UINT(key), NULL) : NULL;
        if (o) {
            at_obj k = {at, o};
            g_array_append_val(cached, k);
        }
    }
    g_array_sort(cached, cmp_at); /* stable: of two at one offset, the later still wins */
    GArray *reached = g_array_sized_new(FALSE, FALSE, sizeof(at_seg), n + 16);
    kc_pdf_obj *encrypt = NULL, *want = kc_pdf_dict_get(kc_pdf_trailer(doc, last), "Encrypt");
    walk(doc, cached, reached, &encrypt);
    /* An /Encrypt that only the repair finds (an object nothing refers to
     * that says /Type /X#52ef, after signing) has MuPDF decrypt every signed
     * stream with a key of the update's choosing. */
    bool ok = (!encrypt && !want) || (encrypt && want && kc_pdf_obj_equal(doc, encrypt, want)) ||
              kc_cover_fail(c, N_("a viewer that repairs the file (MuPDF) would take an encryption dictionary that "
                                  "no trailer the document is read by names, found in an object that says it is a "
                                  "cross-reference stream or in a dictionary between objects, and decrypt every "
                                  "stream with it"));
    for (guint i = 0; ok && i < listed->len; i++) {
        uint64_t x = g_array_index(listed, listed_hdr, i).x, at = g_array_index(listed, listed_hdr, i).obj;
        const at_seg *r = at ? find_at(reached, at) : NULL;
        size_t got = 0;
        const unsigned char *b = x > 0 ? kc_pdf_window(doc, x - 1, 1, &got) : NULL;
        /* Its "obj" lexed as one, its number after white space and after
         * whatever MuPDF skipped before ("endobj4 0 obj" is one keyword to
         * it, "/A4" one name). */
        if (!r || r->seg > x || !b || got != 1 || !walk_ws(b[0]))
            ok = kc_cover_fail(c, N_("an object the cross-reference table lists lies where a viewer that repairs "
                                     "the file (MuPDF) does not find it (inside another object's stream data or "
                                     "string, a comment, a dictionary between objects): it would show another "
                                     "copy of it, or none"));
    }
    g_array_free(reached, TRUE);
    g_array_free(listed, TRUE);
    g_array_free(cached, TRUE);
    return ok;
}

/* The walk reads the newest table and the scan's headers, both made once a
 * document, and asks nothing of the signature being checked: its answer is
 * the file's.  Every coverage check of a document asked it again, and
 * `index` (the same-document key, verify_pdf.c's orig_settle) makes three
 * such checks of a two-signature document, not one: 0.43 M instructions a
 * document (tests/bench/RESULTS.md, session 41).  The objects it loads stay
 * in the document's cache, so a second walk would load, and answer, the
 * same. */
bool kc_cover_repair_finds(kc_cover *c)
{
    kc_pdf_doc *doc = c->doc;
    if (!doc->rebuilt)
        return kc_cover_fail(c, N_("the document cannot be read whole"));
    if (!doc->repair_finds) {
        kc_cover alone = {.doc = doc};
        doc->repair_finds = finds(&alone) ? 1 : -1;
        doc->repair_finds_why = alone.why;
    }
    return doc->repair_finds > 0 || kc_cover_fail(c, doc->repair_finds_why);
}
