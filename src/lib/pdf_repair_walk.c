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

/* The first "endstream" in b[0..n), or NULL.  memchr for its 'e' then a
 * compare: in compressed data an 'e' comes once in 256 bytes, and memchr's
 * vector loop reads those at a fraction of memmem's cost (the walk scans
 * every stream whose /Length is indirect: 6% of a bench verify with memmem). */
static const unsigned char *find_endstream(const unsigned char *b, size_t n)
{
    const unsigned char *p = b, *end = b + n;
    while ((size_t)(end - p) >= 9 && (p = memchr(p, 'e', (size_t)(end - p) - 8)) != NULL) {
        if (memcmp(p, "endstream", 9) == 0)
            return p;
        p++;
    }
    return NULL;
}

/* Where the first "endstream" at or after from ends (just past it), or the
 * end of the file: MuPDF's repair scans for it byte by byte. */
static uint64_t after_endstream(kc_pdf_doc *doc, uint64_t from)
{
    uint64_t size = doc->src.size;
    while (from < size) {
        size_t got = 0;
        const unsigned char *b = kc_pdf_window(doc, from, WALK_WINDOW, &got);
        if (!b || got < 9)
            return size;
        const unsigned char *hit = find_endstream(b, got);
        if (hit)
            return from + (uint64_t)(hit - b) + 9;
        if (from + got >= size)
            return size;
        from += got - 8; /* a keyword split across two windows */
    }
    return size;
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

/* MuPDF's repair walk (pdf_repair_xref): from the "%PDF" it finds in the
 * first kilobyte, the file as tokens, strings not read as strings; a comment
 * runs to the end of its line, a dictionary is read whole (a trailer's, with
 * its strings), and every "obj" keyword, whatever stands before it (a number
 * it then ignores too), starts an object read as object_extent says.  Fills
 * `reached` with the offset of every "obj" keyword it lexes -> where what it
 * skipped last before it ends: a header whose number lies before that was
 * not read as one.  cached: "obj" offset -> the table's object there.
 * *encrypt: the encryption dictionary MuPDF's repaired trailer ends with: the
 * last /Encrypt of a dictionary between objects (a trailer's) or of an object
 * whose /Type is /XRef (a name escape, /X#52ef, is the same name), kept when
 * later ones name none. */
static void walk(kc_pdf_doc *doc, GHashTable *cached, GHashTable *reached, kc_pdf_obj **encrypt)
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
            uint64_t *key = g_new(uint64_t, 1), *val = g_new(uint64_t, 1);
            *key = at;
            *val = seg;
            g_hash_table_replace(reached, key, val);
            kc_pdf_obj *v = NULL, *enc = NULL;
            pos = object_extent(doc, at, g_hash_table_lookup(cached, &at), &v);
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

bool kc_cover_repair_finds(kc_cover *c)
{
    kc_pdf_doc *doc = c->doc;
    size_t last = kc_pdf_section_count(doc) - 1;
    if (!doc->rebuilt)
        return kc_cover_fail(c, N_("the document cannot be read whole"));
    /* The objects the newest table lists where the scan found their header. */
    GHashTable *cached = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    GHashTable *listed = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, doc->rebuilt);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        const kc_xref_entry *e = kc_pdf_entry(doc, last, GPOINTER_TO_UINT(key));
        if (!e || e->type != 1)
            continue;
        uint64_t x = kc_cover_header_offset(doc, e), at = obj_keyword(doc, x);
        uint64_t *k = g_new(uint64_t, 1);
        *k = x;
        g_hash_table_replace(listed, k, GUINT_TO_POINTER(1));
        kc_pdf_obj *o = at ? kc_pdf_get(doc, last, GPOINTER_TO_UINT(key), NULL) : NULL;
        if (o) {
            k = g_new(uint64_t, 1);
            *k = at;
            g_hash_table_replace(cached, k, o);
        }
    }
    GHashTable *reached = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
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
    g_hash_table_iter_init(&it, listed);
    while (ok && g_hash_table_iter_next(&it, &key, NULL)) {
        uint64_t x = *(uint64_t *)key, at = obj_keyword(doc, x);
        const uint64_t *seg = at ? g_hash_table_lookup(reached, &at) : NULL;
        size_t got = 0;
        const unsigned char *b = x > 0 ? kc_pdf_window(doc, x - 1, 1, &got) : NULL;
        /* Its "obj" lexed as one, its number after white space and after
         * whatever MuPDF skipped before ("endobj4 0 obj" is one keyword to
         * it, "/A4" one name). */
        if (!seg || *seg > x || !b || got != 1 || !walk_ws(b[0]))
            ok = kc_cover_fail(c, N_("an object the cross-reference table lists lies where a viewer that repairs "
                                     "the file (MuPDF) does not find it (inside another object's stream data or "
                                     "string, a comment, a dictionary between objects): it would show another "
                                     "copy of it, or none"));
    }
    g_hash_table_destroy(reached);
    g_hash_table_destroy(listed);
    g_hash_table_destroy(cached);
    return ok;
}
