/* pdf_repair_walk.c: which headers MuPDF's repair reaches at all (rule 4,
 * with pdf_rebuild.c and pdf_repair.c).
 *
 * pdf_rebuild.c's scan finds every "N G obj" in the file, inside a stream's
 * data or a string too, as poppler's rebuild and pdf.js's repair find them.
 * MuPDF's repair (pdf_repair_xref) does not: it lexes the file from its
 * "%PDF" as tokens, and once it meets a header it reads that object as
 * pdf_repair_obj reads it, so what lies inside the object is never seen:
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

static int by_offset(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
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
        const unsigned char *hit = memmem(b, got, "endstream", 9);
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

/* How far MuPDF's repair reads the object whose header is at h, as
 * pdf_repair_obj reads it: what lies before the returned offset is never
 * taken for a header.  The end of the file when the object cannot be read
 * (what MuPDF skips then is not known). */
static uint64_t object_extent(kc_pdf_doc *doc, size_t last, uint64_t h)
{
    uint64_t size = doc->src.size, at = 0;
    kc_pdf_obj *o = NULL;
    /* The table's own copy is in the object cache (a signature dictionary's
     * tens of kilobytes of hex are not parsed twice); another is read here. */
    size_t got = 0, p = 0;
    uint64_t num = 0;
    const unsigned char *b = kc_pdf_window(doc, h, 64, &got);
    if (b && (p = kc_pdf_skip_ws(b, got, 0), kc_pdf_read_uint(b, got, &p, &num)) && num <= UINT32_MAX) {
        const kc_xref_entry *e = kc_pdf_entry(doc, last, (uint32_t)num);
        if (e && e->type == 1 && kc_cover_header_offset(doc, e) == h)
            o = kc_pdf_get(doc, last, (uint32_t)num, NULL);
    }
    if (!o)
        o = kc_pdf_load_dict_at(doc, h, UINT32_MAX);
    if (!o)
        return size;
    if (o->type == KC_PDF_STREAM) {
        /* A direct /Length whose end "endstream" follows (after white space
         * and comments) is skipped whole; otherwise MuPDF scans for it. */
        kc_pdf_obj *lo = kc_pdf_dict_get(o, "Length");
        uint64_t kw = 0;
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
    b = kc_pdf_window(doc, at, 1, &got);
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

/* MuPDF's repair between objects, from *cur up to h: white space and tokens
 * (strings are not read as strings there), comments to the end of their
 * line, and dictionaries (a trailer's), read whole with their strings.  True
 * when a comment or a dictionary reaches past h, which MuPDF then never
 * takes for a header; *cur is left where the walk goes on. */
static bool gap_hides(kc_pdf_doc *doc, uint64_t *cur, uint64_t h)
{
    uint64_t pos = *cur;
    while (pos < h) {
        size_t got = 0, want = h - pos < WALK_WINDOW ? (size_t)(h - pos) : WALK_WINDOW, i = 0;
        const unsigned char *b = kc_pdf_window(doc, pos, want, &got);
        if (!b || got == 0)
            break;
        while (i < got && b[i] != '%' && b[i] != '<')
            i++;
        if (i == got) {
            pos += got;
            continue;
        }
        uint64_t at = pos + i;
        if (b[i] == '%') {
            pos = line_end(doc, at);
        } else {
            size_t tg = 0, p = 0;
            kc_pdf_obj *d = NULL;
            const unsigned char *t = kc_pdf_window(doc, at, KC_PDF_MAX_WINDOW, &tg);
            if (!t || tg < 2 || t[1] != '<') {
                pos = at + 1; /* a lone '<' is an error token to MuPDF there, not a string */
                continue;
            }
            if (kc_pdf_parse_object(doc->arena, t, tg, &p, at, &d) != KC_PARSE_OK)
                pos = doc->src.size; /* what MuPDF skips then is not known */
            else
                pos = at + p;
        }
        if (pos > h) {
            *cur = pos;
            return true;
        }
    }
    *cur = pos > *cur ? pos : *cur;
    return false;
}

/* The headers MuPDF's repair reaches, as a set of offsets. */
static GHashTable *reached(kc_pdf_doc *doc)
{
    size_t last = kc_pdf_section_count(doc) - 1;
    GHashTable *seen = g_hash_table_new(g_int64_hash, g_int64_equal);
    GArray *heads = doc->rebuilt_heads;
    g_array_sort(heads, by_offset);
    /* MuPDF starts after the "%PDF-X.Y" it finds in the first kilobyte. */
    uint64_t cur = 0;
    size_t got = 0;
    const unsigned char *b = kc_pdf_window(doc, 0, 1024, &got);
    const unsigned char *pdf = b && got >= 4 ? memmem(b, got, "%PDF", 4) : NULL;
    if (pdf)
        cur = (uint64_t)(pdf - b) + 8;
    for (guint i = 0; i < heads->len; i++) {
        uint64_t *h = &g_array_index(heads, uint64_t, i);
        if (i > 0 && *h == g_array_index(heads, uint64_t, i - 1))
            continue;
        if (*h < cur || gap_hides(doc, &cur, *h))
            continue; /* inside what MuPDF read as something else */
        g_hash_table_add(seen, h);
        uint64_t end = object_extent(doc, last, *h);
        cur = end > *h ? end : *h + 1;
    }
    return seen;
}

bool kc_cover_repair_finds(kc_cover *c)
{
    kc_pdf_doc *doc = c->doc;
    size_t last = kc_pdf_section_count(doc) - 1;
    if (!doc->rebuilt || !doc->rebuilt_heads)
        return kc_cover_fail(c, N_("the document cannot be read whole"));
    GHashTable *seen = reached(doc);
    GHashTableIter it;
    gpointer key;
    bool ok = true;
    g_hash_table_iter_init(&it, doc->rebuilt);
    while (ok && g_hash_table_iter_next(&it, &key, NULL)) {
        const kc_xref_entry *e = kc_pdf_entry(doc, last, GPOINTER_TO_UINT(key));
        if (!e || e->type != 1)
            continue;
        uint64_t x = kc_cover_header_offset(doc, e);
        size_t got = 0;
        const unsigned char *b = x > 0 ? kc_pdf_window(doc, x - 1, 1, &got) : NULL;
        /* The header's number after white space, where MuPDF's lexer starts
         * a token ("endobj4 0 obj" is one keyword to it, "/A4" one name). */
        if (!g_hash_table_contains(seen, &x) || !b || got != 1 || !walk_ws(b[0]))
            ok = kc_cover_fail(c, N_("an object the cross-reference table lists lies where a viewer that repairs "
                                     "the file (MuPDF) does not find it (inside another object's stream data or "
                                     "string, a comment, a dictionary between objects): it would show another "
                                     "copy of it, or none"));
    }
    g_hash_table_destroy(seen);
    return ok;
}
