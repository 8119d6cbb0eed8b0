/* pdf_tail.c: the bytes after a signed revision (rule 4, second half).
 *
 * A verifier that tolerates what viewers repair lets attackers show what it
 * never read.  Our reader looks a few bytes around a startxref that is off,
 * as writers that miscount line ends need; a viewer that finds nothing there
 * rebuilds the cross-reference table by scanning the file for "N G obj" and
 * shows objects that no section lists.  For the unsigned original that
 * tolerance stays.  After a signed revision there is none: every section sits
 * exactly where startxref or /Prev says, every object it lists starts exactly
 * at its offset with its number and generation, and every byte belongs to one
 * of those objects, to a section, to "startxref N", to a comment (%%EOF) or to
 * white space.  No "N G obj" may stand anywhere in those bytes, stream data
 * included, but at the start of an object a section lists there. */
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "i18n.h"
#include "pdf_cover.h"
#include "pdf_doc.h" /* kc_pdf_window: the bytes are read through the document's window */

#define TAIL_SCAN_LIMIT (1u << 20) /* white space after %%EOF read before giving up */
#define CHUNK (64u << 10)

bool kc_cover_only_ws_after(const kc_pdf_src *src, uint64_t off)
{
    if (off >= src->size)
        return true;
    if (src->size - off > TAIL_SCAN_LIMIT)
        return false;
    unsigned char buf[4096];
    while (off < src->size) {
        ssize_t n = kc_pdf_pread(src, buf, sizeof buf, off);
        if (n <= 0)
            return false;
        for (ssize_t i = 0; i < n; i++)
            if (buf[i] != 0 && buf[i] != ' ' && buf[i] != '\r' && buf[i] != '\n' && buf[i] != '\t' && buf[i] != '\f')
                return false;
        off += (uint64_t)n;
    }
    return true;
}

/* The rules after signing below refuse a section written then that one
 * viewer reads rows of and the others do not; one in the signed bytes reads
 * two ways as well, with nothing after it (rtpdf26: a prepared
 * cross-reference stream naming /XRefStm, its row putting the page tree in
 * an object stream, showed MuPDF a page 1 with 90.000.000 in a file signed
 * whole, `valid`, while poppler and pdf.js drew the signed page). */
const char *kc_cover_sections_apart(kc_pdf_doc *doc)
{
    for (size_t k = 0; k < kc_pdf_section_count(doc); k++) {
        const kc_xref_section *sec = kc_pdf_section(doc, k);
        if (sec->is_stream && kc_pdf_dict_get(sec->trailer, "XRefStm"))
            return N_("a cross-reference stream of the document names an /XRefStm, which MuPDF reads as a further "
                      "section and other viewers ignore");
        if (sec->xrefstm_prev)
            return N_("the cross-reference stream a table of the document names by /XRefStm has a /Prev of its own, "
                      "which pdf.js follows to a section other viewers do not read");
    }
    return NULL;
}

/* Whether a section's /Size is one MuPDF or poppler refuses before reading
 * its rows: not a direct integer, negative, or past MuPDF's largest object
 * number (poppler's limit is higher).  Both then rebuild the table by
 * scanning (rtpdf26: "/Size 99999999", a reference or -3 in the trailer of
 * a file signed whole showed MuPDF, and poppler for the first, a page 1
 * hidden in the signed bytes, and was valid).  After a signature the
 * repair is always compared; with nothing after it, such a /Size has it
 * compared too. */
bool kc_cover_sizes_refused(kc_pdf_doc *doc)
{
    enum { MUPDF_MAX_OBJECT = 8388607 };
    for (size_t k = 0; k < kc_pdf_section_count(doc); k++) {
        const kc_pdf_obj *size = kc_pdf_dict_get(kc_pdf_section(doc, k)->trailer, "Size");
        if (size && (size->type != KC_PDF_INT || size->u.i < 0 || size->u.i > MUPDF_MAX_OBJECT))
            return true;
    }
    return false;
}

/* Whether a type-2 entry a viewer reads (the newest of its number) names an
 * object stream whose own newest entry is no object at an offset: none at
 * all, free, itself inside an object stream, 0, or a number past every
 * section's /Size.  MuPDF checks every such entry when it opens the file
 * (pdf_load_xref) and, finding one, repairs the file by scanning it: it then
 * shows objects no section lists.  A file signed whole whose update,
 * prepared before signing, listed an annotation in an object stream that is
 * not there, and held page 1 with a "9" in an object stream no entry names,
 * showed MuPDF 90.000.000 where poppler and pdf.js show 10.000.000, and was
 * `valid`, leader, no note (lead43).  poppler and pdf.js find nothing there
 * and go on. */
bool kc_cover_objstm_missing(kc_pdf_doc *doc)
{
    int64_t size = 0;
    for (size_t k = 0; k < kc_pdf_section_count(doc); k++) {
        const kc_pdf_obj *sz = kc_pdf_dict_get(kc_pdf_section(doc, k)->trailer, "Size");
        if (sz && sz->type == KC_PDF_INT && sz->u.i > size)
            size = sz->u.i;
    }
    size_t last = kc_pdf_section_count(doc) - 1;
    for (size_t i = 0; i < doc->n_history; i++) {
        const kc_xref_entry *e = doc->history[i].entry;
        if (e->type != 2 || (i + 1 < doc->n_history && doc->history[i + 1].num == e->num))
            continue; /* not in an object stream, or an older definition */
        const kc_xref_entry *stm = e->where <= UINT32_MAX ? kc_pdf_entry(doc, last, (uint32_t)e->where) : NULL;
        if (e->where == 0 || (int64_t)e->where >= size || !stm || stm->type != 1)
            return true;
    }
    return false;
}

/* Whether the newest trailer names its catalog or document information
 * under another generation than its entry gives.  poppler then fetches
 * nothing, rebuilds the table by scanning and reads the file as its rebuild
 * does, its catalog from the first trailer in the file (not modelled by the
 * rebuild rules: pdf_rebuild.c takes the last); MuPDF and pdf.js (and this
 * reader) take the object by its number (rtpdf26: "/Root 59 1 R" in the
 * trailer of a file signed whole showed poppler and pdf.js a page 1 hidden
 * in the signed bytes, and was valid).  No writer names them so. */
bool kc_cover_trailer_gen_off(kc_pdf_doc *doc)
{
    static const char *const keys[] = {"Root", "Info"};
    size_t last = kc_pdf_section_count(doc) - 1;
    kc_pdf_obj *t = kc_pdf_trailer(doc, last);
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        const kc_pdf_obj *r = kc_pdf_dict_get(t, keys[i]);
        const kc_xref_entry *e = r && r->type == KC_PDF_REF ? kc_pdf_entry(doc, last, r->u.ref.num) : NULL;
        if (e && ((e->type == 1 && e->gen != r->u.ref.gen) || (e->type == 2 && r->u.ref.gen != 0)))
            return true;
    }
    return false;
}

/* MuPDF (1.21, Debian 12's) looks for "startxref" only in the last 1024 bytes
 * of the file; past them it repairs the file by scanning it and shows objects
 * no cross-reference section lists (an object stream prepared "inert" before
 * signing).  White space appended after signing is no change to our reader,
 * so the distance is checked apart: the keyword must start in that window. */
#define STARTXREF_REACH 1024u

bool kc_cover_startxref_in_reach(const kc_pdf_src *src)
{
    unsigned char buf[STARTXREF_REACH];
    size_t n = src->size < sizeof buf ? (size_t)src->size : sizeof buf;
    if (n < 9 || kc_pdf_pread(src, buf, n, src->size - n) != (ssize_t)n)
        return false;
    for (size_t i = 0; i + 9 <= n; i++)
        if (memcmp(buf + i, "startxref", 9) == 0)
            return true;
    return false;
}

/* What stands after the last "startxref" but its offset's digits and the
 * %%EOF marker: white space, comments, or both.  The
 * refusal names it, as a clerk looking at the file's end finds a long
 * comment, not white space (a few line ends are nobody's cause). */
#define TAIL_CAUSE_BYTES 64u

const char *kc_cover_far_why(const kc_pdf_src *src)
{
    unsigned char buf[4096]; /* pdf_xref.c found startxref in the last 4096 bytes */
    size_t n = src->size < sizeof buf ? (size_t)src->size : sizeof buf, i = n, ws = 0, com = 0;
    if (n >= 9 && kc_pdf_pread(src, buf, n, src->size - n) == (ssize_t)n)
        for (i = n - 9 + 1; i-- > 0 && memcmp(buf + i, "startxref", 9) != 0;)
            ;
    if (i >= n) /* none (pdf_xref.c found one): nothing to name but what follows */
        i = n;
    for (i = i < n ? i + 9 : n; i < n;) {
        if (buf[i] == '%') {
            size_t e = i;
            while (e < n && buf[e] != '\r' && buf[e] != '\n')
                e++;
            if (!(e - i == 5 && memcmp(buf + i, "%%EOF", 5) == 0))
                com += e - i;
            i = e;
        } else {
            ws += buf[i] < '0' || buf[i] > '9'; /* the offset's digits are neither */
            i++;
        }
    }
    if (com >= TAIL_CAUSE_BYTES && ws >= TAIL_CAUSE_BYTES)
        return N_("the file ends with a comment and white space after its last startxref, so long that "
                  "startxref is not in its last 1024 bytes, where MuPDF looks for it: MuPDF then repairs the file "
                  "by scanning it and may show objects no cross-reference section lists");
    if (com >= TAIL_CAUSE_BYTES)
        return N_("the file ends with a comment after its last startxref, so long that startxref is not in its last "
                  "1024 bytes, where MuPDF looks for it: MuPDF then repairs the file by scanning it and may show "
                  "objects no cross-reference section lists");
    return N_("the file ends with so much white space after its last revision that startxref is not in its last 1024 "
              "bytes, where MuPDF looks for it: MuPDF then repairs the file by scanning it and may show objects no "
              "cross-reference section lists");
}

bool kc_cover_startxref_before(const kc_pdf_src *src, uint64_t end, uint64_t *out)
{
    unsigned char buf[256];
    uint64_t start = end > sizeof buf ? end - sizeof buf : 0;
    size_t n = (size_t)(end - start);
    if (end > src->size || kc_pdf_pread(src, buf, n, start) != (ssize_t)n)
        return false;
    while (n > 0 && (buf[n - 1] == '\r' || buf[n - 1] == '\n' || buf[n - 1] == ' '))
        n--;
    if (n < 5 || memcmp(buf + n - 5, "%%EOF", 5) != 0)
        return false;
    size_t i = n - 5;
    while (i >= 9 && memcmp(buf + i - 9, "startxref", 9) != 0)
        i--;
    if (i < 9)
        return false;
    size_t p = kc_pdf_skip_ws(buf, n - 5, i);
    return kc_pdf_read_uint(buf, n - 5, &p, out) && kc_pdf_skip_ws(buf, n - 5, p) == n - 5;
}

/* A stretch of the file an object or a cross-reference table occupies. */
typedef struct region {
    uint64_t start, end;
    uint32_t num;  /* the object's number (tables: 0) */
    bool table;
} region;

static int by_start(const void *a, const void *b)
{
    const region *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* The number and generation of the object header exactly at off. */
static bool header_at(kc_pdf_doc *doc, uint64_t off, uint32_t *num, uint32_t *gen)
{
    size_t got = 0, p = 0;
    uint64_t n = 0, g = 0;
    const unsigned char *buf = kc_pdf_window(doc, off, 64, &got);
    if (!buf || !kc_pdf_read_uint(buf, got, &p, &n) || n > UINT32_MAX ||
        !kc_pdf_read_uint(buf, got, (p = kc_pdf_skip_ws(buf, got, p), &p), &g) || g > UINT32_MAX)
        return false;
    *num = (uint32_t)n;
    *gen = (uint32_t)g;
    return true;
}

static bool add_object(kc_pdf_doc *doc, GArray *regions, uint64_t off, uint32_t num, uint32_t gen, size_t rev,
                       uint64_t signed_end)
{
    region r = {off, 0, num, false};
    if (kc_pdf_object_end(doc, off, num, gen, rev, &r.end, NULL) != 0)
        return false;
    if (off >= signed_end)
        g_array_append_val(regions, r);
    return true;
}

/* The regions sections first.. occupy, sorted, or a reason they cannot. */
static const char *collect(kc_cover *c, uint64_t signed_end, size_t first, GArray *regions)
{
    kc_pdf_doc *doc = c->doc;
    for (size_t k = first; k < kc_pdf_section_count(doc); k++) {
        const kc_xref_section *sec = kc_pdf_section(doc, k);
        uint32_t num, gen;
        if (!sec->exact)
            return N_("a cross-reference section written after signing is not exactly where startxref or /Prev says");
        /* Which of two entries a reader keeps is its own choice. */
        if (sec->dup_entries)
            return N_("a cross-reference section written after signing lists an object twice");
        /* A viewer that refuses a section reads the file by scanning it, and
         * loses every object held in an object stream (a signed Stamp
         * covering the amount, say). */
        if (sec->refused_entries)
            return N_("a cross-reference section written after signing lists an entry viewers refuse (they "
                      "then rebuild the table by scanning the file)");
        /* MuPDF reads a table's entries by position; one that is not 20 bytes
         * makes it repair the file, and its repair takes every object it finds
         * in an object stream: a page an update added "inert" shows. */
        if (sec->loose_entries)
            return N_("a cross-reference table written after signing is not laid out as MuPDF reads it by "
                      "position (entries not 20 bytes each, or a subsection line out of its place or with other "
                      "spaces): it repairs the file and shows objects no table lists");
        /* A stream naming /XRefStm (rows only MuPDF reads: page 1 in a
         * stream an update added "inert"), or a hybrid stream with a /Prev
         * of its own (a section only pdf.js reads), is refused in any
         * section, signed or not, before these rules run
         * (kc_cover_sections_apart). */
        /* pdf.js drops such a section and repairs the file, or numbers a
         * table's objects otherwise. */
        if (sec->pdfjs_misread)
            return N_("a cross-reference section written after signing reads otherwise in pdf.js (an /Index "
                      "that is not an array of pairs, object 0 in use, a subsection from 1 starting with a "
                      "free entry, or an object stream's number past 2^31 - 1)");
        if (sec->is_stream) {
            if (!header_at(doc, sec->offset, &num, &gen) || !add_object(doc, regions, sec->offset, num, gen, k, signed_end))
                return N_("a cross-reference section written after signing is not exactly where startxref or /Prev says");
        } else {
            region r = {sec->offset, sec->trailer->raw_end, 0, true};
            g_array_append_val(regions, r);
            int64_t stm = 0;
            if (kc_pdf_get_int(kc_pdf_dict_get(sec->trailer, "XRefStm"), &stm) && stm > 0 &&
                (!header_at(doc, (uint64_t)stm, &num, &gen) ||
                 !add_object(doc, regions, (uint64_t)stm, num, gen, k, signed_end)))
                return N_("a cross-reference section written after signing is not exactly where startxref or /Prev says");
        }
        for (size_t i = 0; i < sec->n_entries; i++) {
            const kc_xref_entry *e = &sec->entries[i];
            if (e->type != 1)
                continue;
            /* An update's objects come before its section (a stream section
             * lists itself at its own offset): one listed further on is not
             * there yet in that revision, and arrives with a later one. */
            if (e->where > sec->offset)
                return N_("an object listed after signing lies past its cross-reference section");
            if (!add_object(doc, regions, e->where, e->num, e->gen, k, signed_end))
                return N_("an object listed after signing is not exactly where its cross-reference entry says");
        }
    }
    g_array_sort(regions, by_start);
    /* The same object listed twice (an xref stream naming itself) is one region. */
    guint w = 0;
    for (guint i = 0; i < regions->len; i++) {
        region *r = &g_array_index(regions, region, i);
        if (w > 0 && g_array_index(regions, region, w - 1).start == r->start) {
            if (g_array_index(regions, region, w - 1).end != r->end)
                return N_("objects written after signing overlap");
            continue;
        }
        if (w > 0 && r->start < g_array_index(regions, region, w - 1).end)
            return N_("objects written after signing overlap");
        g_array_index(regions, region, w++) = *r;
    }
    g_array_set_size(regions, w);
    return NULL;
}

/* White space and comments from pos on. */
static uint64_t skip_blank(kc_pdf_doc *doc, uint64_t pos, uint64_t size)
{
    bool comment = false;
    while (pos < size) {
        size_t got = 0;
        const unsigned char *b = kc_pdf_window(doc, pos, CHUNK, &got);
        if (!b || got == 0)
            return pos;
        for (size_t i = 0; i < got; i++) {
            unsigned char ch = b[i];
            if (comment) {
                comment = ch != '\n' && ch != '\r';
                continue;
            }
            if (ch == '%')
                comment = true;
            else if (ch != 0 && ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r' && ch != '\f')
                return pos + i;
        }
        pos += got;
    }
    return pos;
}

/* Every byte from signed_end on is in a region, "startxref N", a comment or
 * white space. */
static bool accounted(kc_cover *c, uint64_t pos, const GArray *regions)
{
    uint64_t size = kc_pdf_source(c->doc)->size;
    guint ri = 0;
    for (;;) {
        pos = skip_blank(c->doc, pos, size);
        if (pos >= size)
            return ri == regions->len;
        const region *r = ri < regions->len ? &g_array_index(regions, region, ri) : NULL;
        if (r && r->start < pos)
            return false; /* an object starting inside a comment, or inside what came before */
        if (r && r->start == pos) {
            pos = r->end;
            ri++;
            continue;
        }
        size_t got = 0, p = 9;
        uint64_t sx;
        const unsigned char *b = kc_pdf_window(c->doc, pos, 64, &got);
        if (!b || !kc_pdf_at_keyword(b, got, 0, "startxref") ||
            !kc_pdf_read_uint(b, got, (p = kc_pdf_skip_ws(b, got, p), &p), &sx))
            return false;
        pos += p;
    }
}

static const region *region_at(const GArray *regions, uint64_t off)
{
    guint lo = 0, hi = regions->len;
    while (lo < hi) { /* the last region starting at or before off */
        guint mid = lo + (hi - lo) / 2;
        if (g_array_index(regions, region, mid).start <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? &g_array_index(regions, region, lo - 1) : NULL;
}

/* The scanner's view of the previous tokens: two integers then "obj" with
 * only white space between them is an object header, wherever it stands. */
typedef struct token {
    uint64_t start;
    bool integer, spaced; /* spaced: only white space since the token before */
    uint64_t value;
} token;

static bool token_ok(const GArray *regions, const token *t, const token *t1, const token *t2,
                     const char *text, size_t len)
{
    const region *r = region_at(regions, t->start);
    if ((len == 4 && memcmp(text, "xref", 4) == 0) || (len == 7 && memcmp(text, "trailer", 7) == 0))
        return r && r->table && t->start < r->end;
    if (len == 3 && memcmp(text, "obj", 3) == 0 && t->spaced && t1->integer && t1->spaced && t2->integer) {
        r = region_at(regions, t2->start);
        return r && !r->table && r->start == t2->start && r->num == t2->value;
    }
    return true;
}

/* Character classes (ISO 32000-1 §7.2.2), by table: every byte is asked. */
enum { WS = 1, DELIM = 2 };
static const unsigned char cls[256] = {
    [0] = WS, [9] = WS, [10] = WS, [12] = WS, [13] = WS, [32] = WS,
    ['('] = DELIM, [')'] = DELIM, ['<'] = DELIM, ['>'] = DELIM, ['['] = DELIM,
    [']'] = DELIM, ['{'] = DELIM, ['}'] = DELIM, ['/'] = DELIM, ['%'] = DELIM,
};

/* Past the hex digits from b[i] on, sixteen at a time (a later signature's
 * /Contents is most of what follows a signed revision).  A byte that passes
 * the test (its 0x20 bit set, then in 0-9 or a-f) is never white space or a
 * delimiter, so the byte loop after it sees the same token. */
static size_t skip_hex(const unsigned char *b, size_t i, size_t got)
{
#ifdef __SSE2__
    const __m128i low = _mm_set1_epi8(0x20), d0 = _mm_set1_epi8('0' - 1), d9 = _mm_set1_epi8('9' + 1),
                  la = _mm_set1_epi8('a' - 1), lf = _mm_set1_epi8('f' + 1);
    for (; i + 16 <= got; i += 16) {
        __m128i x = _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(b + i)), low);
        __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(x, d0), _mm_cmpgt_epi8(d9, x));
        __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(x, la), _mm_cmpgt_epi8(lf, x));
        if (_mm_movemask_epi8(_mm_or_si128(digit, letter)) != 0xffff)
            break;
    }
#endif
    return i;
}

/* No unlisted object header, "xref" or "trailer" from pos to the end.  A
 * token's regular characters are skipped in a tight loop once it can no
 * longer be a number or a keyword: most of these bytes are a later
 * signature's hex /Contents. */
static bool no_hidden_objects(kc_cover *c, uint64_t pos, const GArray *regions)
{
    uint64_t size = kc_pdf_source(c->doc)->size;
    token t1 = {0}, t2 = {0}, cur = {0};
    char text[8];
    size_t len = 0;
    bool in_token = false, spaced = true;
    while (pos < size) {
        size_t got = 0, i = 0;
        const unsigned char *b = kc_pdf_window(c->doc, pos, CHUNK, &got);
        if (!b || got == 0)
            return false;
        while (i < got) {
            unsigned char k = cls[b[i]];
            if (k) {
                if (in_token) {
                    if (len <= sizeof text && !token_ok(regions, &cur, &t1, &t2, text, len))
                        return false;
                    t2 = t1;
                    t1 = cur;
                    in_token = false;
                    spaced = true;
                }
                if (k == DELIM)
                    spaced = false;
                i++;
                continue;
            }
            if (!in_token) {
                cur = (token){pos + i, true, spaced, 0};
                len = 0;
                in_token = true;
            }
            for (; i < got && !cls[b[i]] && (cur.integer || len < sizeof text); i++, len++) {
                if (len < sizeof text)
                    text[len] = (char)b[i];
                if (b[i] < '0' || b[i] > '9')
                    cur.integer = false;
                else if (cur.value < UINT64_MAX / 10)
                    cur.value = cur.value * 10 + (uint64_t)(b[i] - '0');
            }
            size_t from = i;
            i = skip_hex(b, i, got);
            while (i < got && !cls[b[i]])
                i++;
            len += i - from;
        }
        pos += got;
    }
    return !in_token || len > sizeof text || token_ok(regions, &cur, &t1, &t2, text, len);
}

bool kc_cover_tail(kc_cover *c, uint64_t signed_end, size_t first)
{
    GArray *regions = g_array_new(FALSE, FALSE, sizeof(region));
    const char *why = collect(c, signed_end, first, regions);
    if (!why && !accounted(c, signed_end, regions))
        why = N_("bytes written after signing are not listed in any cross-reference section");
    if (!why && !no_hidden_objects(c, signed_end, regions))
        why = N_("an object written after signing is not listed in any cross-reference section");
    g_array_free(regions, TRUE);
    return why ? kc_cover_fail(c, why) : true;
}
