/* pdf_rebuild.c: what a viewer that rebuilds the cross-reference table reads
 * (rule 4, with pdf_tail.c).
 *
 * A viewer that cannot resolve a reference rebuilds the cross-reference table
 * by scanning the whole file for "N G obj" (poppler does, on the first object
 * it fails to fetch, whenever the newest section is a table): each number
 * then goes to the last header found for it (of a generation at least as
 * high as the one before), and the catalog to the last trailer naming
 * another.  The trigger is cheap: a trailer /Info that names nothing, a
 * reference of the wrong generation, in an update written after signing or
 * in the document itself.  What it uncovers was prepared before signing: a
 * second body of the page's content stream that no section lists, hidden in
 * the signed bytes, which the signer's viewer never showed.
 *
 * So once a signature has later revisions, the document must read the same
 * both ways: every number the scan finds is the object the table lists for
 * it, at the same place and generation; the scan finds nothing for a number
 * the table leaves free or compressed while something refers to it; and it
 * finds every object the table lists and something refers to.  The scan is
 * made once per document and kept (a document with several signatures asks
 * again).  It over-approximates the viewers' (any "N G obj" after a
 * delimiter, not only at the start of a line, with white space or comments
 * between the tokens as MuPDF's lexer reads them, "+N" too): a header a
 * viewer would not take can only make the check stricter, never let a hidden
 * one through.
 *
 * The other way viewers read a file: as linearized.  When the first object
 * is a linearization dictionary whose /L is the file's length, poppler (and
 * Adobe Reader, for fast display) reads the file from the cross-reference
 * table right after that object, not from startxref.  A document prepared
 * with /L set to the length it will have once signed (and padded with white
 * space) shows, from that table, a page its signer never saw.
 *
 * pdf.js (Firefox's viewer, and many portals') repairs otherwise
 * (XRef.indexObjects): it finds a header only at the start of a line and keeps
 * the generation it found first, takes the first trailer with an /ID, reads
 * any object saying /XRef as a cross-reference stream, and keeps objects by
 * number alone, whatever generation a reference names.  Those readings are
 * checked here too. */
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define KC_SCAN_AVX2 1
#include <immintrin.h>
/* What the processor offers, as glibc's loader read it at start-up (2.33 and
 * later).  __builtin_cpu_supports brings in libgcc's constructor, which asks
 * the processor again with some fifteen CPUID instructions in every process
 * that loads the library; in a virtual machine each one traps to the
 * hypervisor (about 35 us on the benchmark's machine: half a millisecond of
 * every start-up, a tenth of `kiemchung --version`'s time, issue 16).  Both
 * say a feature is there only when the operating system saves its registers. */
#if defined(__GLIBC__) && defined(__has_include)
#if __has_include(<sys/platform/x86.h>)
#include <sys/platform/x86.h>
#define KC_CPU_AVX512BW() CPU_FEATURE_ACTIVE(AVX512BW)
#define KC_CPU_AVX2() CPU_FEATURE_ACTIVE(AVX2)
#endif
#endif
#ifndef KC_CPU_AVX2
#define KC_CPU_AVX512BW() __builtin_cpu_supports("avx512bw")
#define KC_CPU_AVX2() __builtin_cpu_supports("avx2")
#endif
#endif

#include "i18n.h"
#include "pdf_cover.h"
#include "pdf_doc.h"

#define SCAN_CHUNK (1u << 20)
#define LOOKBACK 1024u     /* a header spans at most two of a viewer's 256-byte lines */
#define MAX_NUM 0x7fffff00u /* a viewer's object numbers are ints */
#define TRAILER_WINDOW 65536

static bool ws(unsigned char ch)
{
    return ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t' || ch == '\f' || ch == 0;
}

static bool digit(unsigned char ch) { return ch >= '0' && ch <= '9'; }

/* Where the token before b[q) may end, as MuPDF's lexer skips white space
 * and comments: after the white space alone (only when there is some:
 * `sep` false), and, when the line it stops on holds a '%', before each one
 * (a comment, unless it stands in a string: both are tried), over as many as
 * `lines` comment lines.  Returns how many of at most max it found. */
static size_t token_ends(const unsigned char *b, size_t q, bool sep, size_t *ends, size_t max, int lines)
{
    size_t n = 0, e = q;
    while (e > 0 && ws(b[e - 1]))
        e--;
    if (e == 0 || max == 0)
        return 0; /* the window starts here: see scan() */
    if (sep || e < q)
        ends[n++] = e;
    size_t ls = e;
    while (ls > 0 && b[ls - 1] != '\n' && b[ls - 1] != '\r')
        ls--;
    for (size_t p = e; lines > 0 && p-- > ls && n < max;)
        if (b[p] == '%')
            n += token_ends(b, p, true, ends + n, max - n, lines - 1);
    return n;
}

/* The integer (MuPDF reads "+5" as 5) ending at b[e): where it starts, or
 * SIZE_MAX. */
static size_t int_before(const unsigned char *b, size_t e, uint64_t *v)
{
    size_t q = e;
    while (q > 0 && digit(b[q - 1]) && e - q < 10)
        q--;
    if (q == e || (q > 0 && digit(b[q - 1])))
        return SIZE_MAX;
    *v = 0;
    for (size_t i = q; i < e; i++)
        *v = *v * 10 + (uint64_t)(b[i] - '0');
    return q > 0 && b[q - 1] == '+' ? q - 1 : q;
}

/* Reads backwards from b[at], the 'o' of "obj", over "N G " (white space or
 * comments between them, as MuPDF's lexer reads them): false unless the
 * header is complete within b[0..at) and N stands after a delimiter (or
 * "endobj", after which a viewer also looks). */
static bool header_before(const unsigned char *b, size_t at, bool at_file_start, size_t *start,
                          uint64_t *num, uint64_t *gen)
{
    size_t ge[8], ne[8];
    size_t ng = token_ends(b, at, false, ge, 8, 4);
    for (size_t i = 0; i < ng; i++) {
        uint64_t g = 0, n = 0;
        size_t gs = int_before(b, ge[i], &g);
        if (gs == SIZE_MAX || gs == 0)
            continue;
        size_t nn = token_ends(b, gs, false, ne, 8, 4);
        for (size_t k = 0; k < nn; k++) {
            size_t q = int_before(b, ne[k], &n);
            if (q == SIZE_MAX || (q == 0 && !at_file_start))
                continue; /* the window starts inside what may be a header: see scan() */
            if (q > 0 && !ws(b[q - 1]) && !strchr("()<>[]{}/%", b[q - 1]) &&
                !(q >= 6 && memcmp(b + q - 6, "endobj", 6) == 0))
                continue;
            if (n == 0 || n > MAX_NUM || g > MAX_NUM)
                continue;
            *start = q;
            *num = n;
            *gen = g;
            return true;
        }
    }
    return false;
}

/* Whether pdf.js's repair (XRef.indexObjects) finds the header whose number
 * starts at b[q] and whose "obj" at b[at]: it reads the file a line at a
 * time from where the last object ended, and takes a line for a header only
 * when it starts "N G obj" (spaces between, no word character after), after
 * white space at the start of a line or after "endobj" and one more byte.
 * poppler (and the scan above) also find one glued to "endobj", split over
 * lines, after NULs, a delimiter or other words. */
static bool plain_header(const unsigned char *b, size_t got, size_t q, size_t at, bool at_file_start)
{
    for (size_t i = q; i < at; i++)
        if (!digit(b[i]) && b[i] != ' ' && b[i] != '\t')
            return false;
    if (at + 3 < got && (g_ascii_isalnum(b[at + 3]) || b[at + 3] == '_'))
        return false;
    size_t p = q;
    while (p > 0 && (b[p - 1] == ' ' || b[p - 1] == '\t'))
        p--;
    if (p == 0)
        return at_file_start;
    if (b[p - 1] == '\n' || b[p - 1] == '\r')
        return true;
    return p < q && p >= 7 && ws(b[p - 1]) == false && memcmp(b + p - 6, "endobj", 6) == 0;
}

static void take_header(GHashTable *t, uint32_t num, uint32_t gen, uint64_t off, bool plain)
{
    kc_rebuilt *r = g_hash_table_lookup(t, GUINT_TO_POINTER(num));
    if (!r) {
        r = g_new0(kc_rebuilt, 1);
        r->first_gen = gen;
        g_hash_table_insert(t, GUINT_TO_POINTER(num), r);
    }
    r->count++;
    r->unplain = r->unplain || !plain;
    r->last = off; /* MuPDF's repair: the last header, whatever its generation */
    if (r->count > 1 && gen < r->gen)
        return; /* poppler's: a lower generation does not replace a higher one */
    r->off = off;
    r->gen = gen;
}

/* One chunk's candidates, in file order: every "obj" whose 'j' is at or
 * after obj_from (a header when header_before agrees), and every "trailer"
 * that starts at or after tr_from.  Both are found by their first and last
 * bytes, sixteen positions at a time: in compressed data one position in
 * 65,536 passes that filter, where a 'j' alone (memchr's way) stops the scan
 * every 256 bytes, and this scan, made for every document with two
 * signatures, cost as much as the rest of the coverage check. */
typedef struct scan_ctx {
    kc_pdf_doc *doc;
    const unsigned char *b;
    uint64_t from;
    size_t obj_from;
    size_t got; /* bytes at b */
    GArray *trailers;
    size_t xref_from, xref_to; /* the chunk proper, for at_xref */
} scan_ctx;

static void at_obj(const scan_ctx *s, size_t k)
{
    size_t hs;
    uint64_t num, gen;
    if (k + 2 >= s->obj_from && s->b[k + 1] == 'b' && header_before(s->b, k, s->from == 0, &hs, &num, &gen))
        take_header(s->doc->rebuilt, (uint32_t)num, (uint32_t)gen, s->from + hs,
                    plain_header(s->b, s->got, hs, k, s->from == 0));
}

/* "/XRef" and a byte below '@' (not "/XRefStm"): an object pdf.js's repair
 * reads as a cross-reference stream, whatever else it is. */
static void at_xref(const scan_ctx *s, size_t k)
{
    if (k >= s->xref_from && k < s->xref_to && k + 5 < s->got && memcmp(s->b + k, "/XRef", 5) == 0 &&
        s->b[k + 5] < 64) {
        uint64_t off = s->from + k;
        g_array_append_val(s->doc->rebuilt_xrefs, off);
    }
}

static void at_trailer(const scan_ctx *s, size_t k)
{
    if (memcmp(s->b + k, "trailer", 7) == 0) {
        uint64_t off = s->from + k; /* found once: those ending before the chunk were not */
        g_array_append_val(s->trailers, off);
    }
}

/* "endstream" whose 'd' is at b[k], anywhere (in a stream's data or a string
 * too), found once: when it ends in this chunk proper (one that ended before
 * was found in the previous chunk).  Where MuPDF's repair ends a stream whose
 * /Length it does not take (pdf_repair_walk.c): kept here, in file order, so
 * that the walk does not read every stream's data again to find it. */
static void at_endstream(const scan_ctx *s, size_t k)
{
    if (k >= 2 && k + 7 <= s->got && k + 7 > s->xref_from && memcmp(s->b + k - 2, "endstream", 9) == 0) {
        uint64_t off = s->from + k - 2;
        g_array_append_val(s->doc->rebuilt_endstreams, off);
    }
}

#ifdef KC_SCAN_AVX2
/* The four filters on the thirty-two positions from b[k], each a bit per
 * position ("endstream" by its 'd' and its 'm', six bytes on: the loads the
 * others make). */
__attribute__((target("avx2"))) static inline __m256i filter_avx2(const unsigned char *b, size_t k, unsigned *mo,
                                                                   unsigned *mt, unsigned *mx, unsigned *md)
{
    __m256i v0 = _mm256_loadu_si256((const __m256i *)(const void *)(b + k));
    __m256i v2 = _mm256_loadu_si256((const __m256i *)(const void *)(b + k + 2));
    __m256i v4 = _mm256_loadu_si256((const __m256i *)(const void *)(b + k + 4));
    __m256i v6 = _mm256_loadu_si256((const __m256i *)(const void *)(b + k + 6));
    __m256i ho = _mm256_and_si256(_mm256_cmpeq_epi8(v0, _mm256_set1_epi8('o')), _mm256_cmpeq_epi8(v2, _mm256_set1_epi8('j')));
    __m256i ht = _mm256_and_si256(_mm256_cmpeq_epi8(v0, _mm256_set1_epi8('t')), _mm256_cmpeq_epi8(v6, _mm256_set1_epi8('r')));
    __m256i hx = _mm256_and_si256(_mm256_cmpeq_epi8(v0, _mm256_set1_epi8('/')), _mm256_cmpeq_epi8(v4, _mm256_set1_epi8('f')));
    __m256i hd = _mm256_and_si256(_mm256_cmpeq_epi8(v0, _mm256_set1_epi8('d')), _mm256_cmpeq_epi8(v6, _mm256_set1_epi8('m')));
    if (mo) {
        *mo = (unsigned)_mm256_movemask_epi8(ho);
        *mt = (unsigned)_mm256_movemask_epi8(ht);
        *mx = (unsigned)_mm256_movemask_epi8(hx);
        *md = (unsigned)_mm256_movemask_epi8(hd);
    }
    return _mm256_or_si256(_mm256_or_si256(ho, ht), _mm256_or_si256(hx, hd));
}

/* The candidates among the thirty-two positions from b[k], in the order the
 * scan has always taken them (headers, trailers, "/XRef"): kept out of the
 * loop, which then holds its constants in registers and stops only here. */
__attribute__((target("avx2"), noinline)) static void hits_avx2(const scan_ctx *s, size_t k)
{
    unsigned mo, mt, mx, md;
    filter_avx2(s->b, k, &mo, &mt, &mx, &md);
    for (; mo; mo &= mo - 1)
        at_obj(s, k + (size_t)__builtin_ctz(mo));
    for (; mt; mt &= mt - 1)
        at_trailer(s, k + (size_t)__builtin_ctz(mt));
    for (; mx; mx &= mx - 1)
        at_xref(s, k + (size_t)__builtin_ctz(mx));
    for (; md; md &= md - 1)
        at_endstream(s, k + (size_t)__builtin_ctz(md));
}

/* The same filter sixty-four positions at a time, where the processor has
 * AVX2 (asked once, at run time: the build targets plain x86-64): one test
 * for all three patterns, the rare block with a candidate handed to
 * hits_avx2.  Returns where it stopped. */
__attribute__((target("avx2"))) static size_t scan_avx2(const scan_ctx *s, size_t k, size_t got)
{
    const unsigned char *b = s->b;
    for (; k + 64 + 6 <= got; k += 64) {
        __m256i lo = filter_avx2(b, k, NULL, NULL, NULL, NULL), hi = filter_avx2(b, k + 32, NULL, NULL, NULL, NULL);
        if (_mm256_testz_si256(lo, lo) && _mm256_testz_si256(hi, hi))
            continue;
        hits_avx2(s, k);
        hits_avx2(s, k + 32);
    }
    for (; k + 32 + 6 <= got; k += 32)
        hits_avx2(s, k);
    return k;
}

/* The same test on the same sixty-four positions where the processor has
 * AVX-512BW: each pair is one compare and one compare under its mask (the
 * second byte looked at only where the first matched), the four ORed in mask
 * registers: about a third of the instructions of the two AVX2 halves.  The
 * scan was the largest of verify's own costs on a small document (5% of its
 * samples); it waits on memory, so its samples fell by some 28%, not two
 * thirds (tests/bench/RESULTS.md, session 39).  Returns the first block from
 * b[k] with a candidate, or where the blocks end: no call in the loop, so its
 * eight constants stay in registers. */
__attribute__((target("avx512bw"))) static size_t next_block_avx512(const unsigned char *b, size_t k, size_t got)
{
    const __m512i o = _mm512_set1_epi8('o'), j = _mm512_set1_epi8('j'), t = _mm512_set1_epi8('t'),
                  r = _mm512_set1_epi8('r'), sl = _mm512_set1_epi8('/'), f = _mm512_set1_epi8('f'),
                  d = _mm512_set1_epi8('d'), m = _mm512_set1_epi8('m');
    for (; k + 64 + 6 <= got; k += 64) {
        __m512i v0 = _mm512_loadu_si512((const void *)(b + k)), v2 = _mm512_loadu_si512((const void *)(b + k + 2)),
                v4 = _mm512_loadu_si512((const void *)(b + k + 4)), v6 = _mm512_loadu_si512((const void *)(b + k + 6));
        __mmask64 hit = _mm512_mask_cmpeq_epi8_mask(_mm512_cmpeq_epi8_mask(v0, o), v2, j) |
                        _mm512_mask_cmpeq_epi8_mask(_mm512_cmpeq_epi8_mask(v0, t), v6, r) |
                        _mm512_mask_cmpeq_epi8_mask(_mm512_cmpeq_epi8_mask(v0, sl), v4, f) |
                        _mm512_mask_cmpeq_epi8_mask(_mm512_cmpeq_epi8_mask(v0, d), v6, m);
        if (hit)
            break;
    }
    return k;
}

/* A block with a candidate goes to hits_avx2 as the AVX2 loop sends it (the
 * same halves, in the same order), so the headers, trailers and "endstream"s
 * found, and the order they are taken in, are the same; scan_avx2 then does
 * the tail.  Only reached after a run-time check of the processor. */
static size_t scan_avx512(const scan_ctx *s, size_t k, size_t got)
{
    for (;;) {
        k = next_block_avx512(s->b, k, got);
        if (k + 64 + 6 > got)
            return k;
        hits_avx2(s, k);
        hits_avx2(s, k + 32);
        k += 64;
    }
}
#endif

static void scan_chunk(const scan_ctx *s, size_t k, size_t got)
{
    const unsigned char *b = s->b;
#ifdef KC_SCAN_AVX2
    if (KC_CPU_AVX512BW())
        k = scan_avx512(s, k, got);
    if (KC_CPU_AVX2())
        k = scan_avx2(s, k, got);
#endif
#ifdef __SSE2__
    const __m128i o = _mm_set1_epi8('o'), j = _mm_set1_epi8('j'), t = _mm_set1_epi8('t'), r = _mm_set1_epi8('r'),
                  sl = _mm_set1_epi8('/'), f = _mm_set1_epi8('f'), d = _mm_set1_epi8('d'), m = _mm_set1_epi8('m');
    for (; k + 16 + 6 <= got; k += 16) {
        __m128i v0 = _mm_loadu_si128((const __m128i *)(const void *)(b + k));
        __m128i v2 = _mm_loadu_si128((const __m128i *)(const void *)(b + k + 2));
        __m128i v4 = _mm_loadu_si128((const __m128i *)(const void *)(b + k + 4));
        __m128i v6 = _mm_loadu_si128((const __m128i *)(const void *)(b + k + 6));
        unsigned mo = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(v0, o), _mm_cmpeq_epi8(v2, j)));
        unsigned mt = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(v0, t), _mm_cmpeq_epi8(v6, r)));
        unsigned mx = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(v0, sl), _mm_cmpeq_epi8(v4, f)));
        unsigned md = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(v0, d), _mm_cmpeq_epi8(v6, m)));
        for (; mo; mo &= mo - 1)
            at_obj(s, k + (size_t)__builtin_ctz(mo));
        for (; mt; mt &= mt - 1)
            at_trailer(s, k + (size_t)__builtin_ctz(mt));
        for (; mx; mx &= mx - 1)
            at_xref(s, k + (size_t)__builtin_ctz(mx));
        for (; md; md &= md - 1)
            at_endstream(s, k + (size_t)__builtin_ctz(md));
    }
#endif
    for (; k + 2 < got; k++) {
        if (b[k] == 'o' && b[k + 2] == 'j')
            at_obj(s, k);
        if (k + 7 <= got && b[k] == 't' && b[k + 6] == 'r')
            at_trailer(s, k);
        if (b[k] == '/')
            at_xref(s, k);
        if (k + 7 <= got && b[k] == 'd' && b[k + 6] == 'm')
            at_endstream(s, k);
    }
}

/* The scan: every header and every trailer's catalog, in file order. */
static bool scan(kc_pdf_doc *doc)
{
    uint64_t size = doc->src.size;
    GArray *trailers = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    doc->rebuilt = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    doc->rebuilt_root = 0;
    if (!doc->rebuilt_id_roots)
        doc->rebuilt_id_roots = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    g_array_set_size(doc->rebuilt_id_roots, 0);
    if (!doc->rebuilt_xrefs)
        doc->rebuilt_xrefs = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    g_array_set_size(doc->rebuilt_xrefs, 0);
    if (!doc->rebuilt_endstreams)
        doc->rebuilt_endstreams = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    g_array_set_size(doc->rebuilt_endstreams, 0);
    for (uint64_t start = 0; start < size; start += SCAN_CHUNK) {
        uint64_t from = start > LOOKBACK ? start - LOOKBACK : 0;
        size_t want = (size_t)(start - from) + SCAN_CHUNK, got = 0;
        const unsigned char *b = kc_pdf_window(doc, from, want, &got);
        if (!b) {
            /* Not a half-made table a later question would take for the scan. */
            g_hash_table_destroy(doc->rebuilt);
            doc->rebuilt = NULL;
            g_array_free(trailers, TRUE);
            return false;
        }
        size_t lo = (size_t)(start - from);
        /* Headers whose 'j' is in this chunk proper (an "obj" needs two bytes
         * before it); trailers that end in it (those that ended before were
         * found in the previous chunk). */
        size_t end = lo + SCAN_CHUNK < got ? lo + SCAN_CHUNK : got;
        scan_ctx sc = {doc, b, from, lo > 2 ? lo : 2, got, trailers, lo, end};
        scan_chunk(&sc, lo >= 6 ? lo - 6 : 0, got);
    }
    /* Each trailer whose /Root names another catalog than the one taken so far
     * replaces it (parsed after the scan: reading moves the window). */
    for (guint i = 0; i < trailers->len; i++) {
        uint64_t off = g_array_index(trailers, uint64_t, i) + 7;
        size_t got = 0, p = 0;
        const unsigned char *b = kc_pdf_window(doc, off, TRAILER_WINDOW, &got);
        kc_pdf_obj *t = NULL;
        if (b && kc_pdf_parse_object(doc->arena, b, got, (p = kc_pdf_skip_ws(b, got, 0), &p), off, &t) == KC_PARSE_OK) {
            uint32_t root = kc_cover_ref_num(kc_pdf_dict_get(t, "Root"));
            if (root && root != doc->rebuilt_root)
                doc->rebuilt_root = root;
            if (t->type == KC_PDF_DICT && kc_pdf_dict_get(t, "ID"))
                g_array_append_val(doc->rebuilt_id_roots, root);
        }
    }
    g_array_free(trailers, TRUE);
    return true;
}

const GArray *kc_cover_endstreams(kc_pdf_doc *doc)
{
    if (!doc->rebuilt && !scan(doc))
        return NULL;
    return doc->rebuilt_endstreams;
}

/* Whether b[0..got) (the bytes at e's offset) starts, after white space
 * (which every reader skips), with "num gen obj" of e's number: *skip is
 * that white space, *gen the generation.  Unless the window ends where the
 * file does (eof), "obj" must not be its last bytes: the byte after it is
 * what tells "obj" from "objx", a command viewers do not take for a header
 * (they then rebuild, and read the last body of the number they find). */
static bool header_in(const unsigned char *b, size_t got, bool eof, const kc_xref_entry *e, size_t *skip,
                      uint64_t *gen)
{
    size_t p = kc_pdf_skip_ws(b, got, 0);
    uint64_t n = 0;
    *skip = p;
    if (!kc_pdf_read_uint(b, got, &p, &n) || n != e->num)
        return false;
    p = kc_pdf_skip_ws(b, got, p);
    if (!kc_pdf_read_uint(b, got, &p, gen))
        return false;
    p = kc_pdf_skip_ws(b, got, p);
    return kc_pdf_at_keyword(b, got, p, "obj") && (eof || p + 3 < got);
}

/* The same, read at e's offset; *at is where the header starts. */
static bool header_at(kc_pdf_doc *doc, const kc_xref_entry *e, uint64_t *at, uint64_t *gen)
{
    size_t got = 0, skip = 0;
    const unsigned char *b = kc_pdf_window(doc, e->where, 256, &got);
    if (!b || !header_in(b, got, e->where + got >= doc->src.size, e, &skip, gen))
        return false;
    *at = e->where + skip;
    return true;
}

/* Where our reader finds the header of the object entry e lists: at its
 * offset (after white space), else nearby (pdf_resolve.c's tolerance). */
uint64_t kc_cover_header_offset(kc_pdf_doc *doc, const kc_xref_entry *e)
{
    uint64_t at = 0, g = 0;
    return header_at(doc, e, &at, &g) ? at : kc_pdf_nearby_section(&doc->src, e->where);
}

/* rtpdf24: poppler, pdf.js and MuPDF rebuild the table by scanning the file
 * as soon as they fetch an object whose entry does not land on its own
 * header (another number, another generation, nothing), and then read the
 * last body of that number they find.  pdf_resolve.c's nearby tolerance
 * flags only the objects this reader fetches; a font program's entry one
 * byte off, with a second body of it hidden later in the signed bytes, was
 * `valid` while poppler and MuPDF drew page 1 in another font.  So every
 * entry a viewer may fetch (the newest of each number) is checked, 64
 * bytes each (about 0.1 % of a bench document's instructions); one that is
 * off only makes the rebuild be compared (repaired_as_signed, pdf_diff.c). */
bool kc_cover_entry_off(kc_pdf_doc *doc)
{
    const unsigned char *data = kc_pdf_data(doc);
    uint64_t size = kc_pdf_source(doc)->size;
    unsigned char buf[64];
    for (size_t i = 0; i < doc->n_history; i++) {
        const kc_xref_entry *e = doc->history[i].entry;
        const unsigned char *b = buf;
        size_t got = 0, skip = 0;
        uint64_t g = 0;
        if (e->type != 1 || (i + 1 < doc->n_history && doc->history[i + 1].num == e->num))
            continue; /* free, in an object stream, or an older definition no viewer fetches */
        /* The bytes in memory, or 64 read (not a 32 KB window: the entries
         * go by number, not by offset, in a file too big to read whole);
         * more white space than that before a header only costs the check
         * below. */
        if (e->where >= size)
            return true;
        got = size - e->where < sizeof buf ? (size_t)(size - e->where) : sizeof buf;
        if (data) {
            b = data + e->where;
        } else {
            ssize_t r = kc_pdf_pread(kc_pdf_source(doc), buf, got, e->where);
            got = r > 0 ? (size_t)r : 0;
        }
        if (!header_in(b, got, e->where + got >= size, e, &skip, &g) || g != e->gen)
            return true;
    }
    return false;
}

/* Whether the reference ref names an object, as of rev, with another
 * generation than the one its cross-reference entry gives (or any but 0 to
 * one inside an object stream).  Such a reference is null to poppler and to this reader; MuPDF
 * reads the object all the same, and so does pdf.js once it has read the
 * object under its own generation (it keeps objects by number alone), which
 * an update can arrange: an invisible signature widget whose /AP names a
 * Stamp that page 1's /Annots names under another generation, first. */
bool kc_cover_ref_gen_differs(kc_cover *c, size_t rev, const kc_pdf_obj *ref)
{
    const kc_xref_entry *e = kc_pdf_entry(c->doc, rev, ref->u.ref.num);
    return e && ((e->type == 1 && e->gen != ref->u.ref.gen) || (e->type == 2 && ref->u.ref.gen != 0));
}

bool kc_cover_read_as_linearized(kc_pdf_doc *doc)
{
    size_t got = 0, p = 0;
    uint64_t num, gen;
    int64_t len = 0;
    kc_pdf_obj *lin = NULL;
    const unsigned char *b = kc_pdf_window(doc, 0, 1024, &got);
    if (!b || (p = kc_pdf_skip_ws(b, got, 0), !kc_pdf_read_uint(b, got, &p, &num)) ||
        (p = kc_pdf_skip_ws(b, got, p), !kc_pdf_read_uint(b, got, &p, &gen)) ||
        !kc_pdf_at_keyword(b, got, (p = kc_pdf_skip_ws(b, got, p)), "obj"))
        return false;
    /* The header within the first kilobyte, but the dictionary read whole, as
     * poppler reads it: one padded past that kilobyte is still a
     * linearization dictionary to poppler, which then finds no end of the
     * object there and rebuilds the table by scanning the file. */
    if (kc_pdf_load_at(doc, 0, UINT32_MAX, SIZE_MAX, &lin, NULL) != 0 || lin->type != KC_PDF_DICT)
        return false;
    kc_pdf_obj *flag = kc_pdf_dict_get(lin, "Linearized");
    bool positive = flag && ((flag->type == KC_PDF_INT && flag->u.i > 0) || (flag->type == KC_PDF_REAL && flag->u.r > 0));
    /* pdf.js reads numbers as doubles and takes any that is a whole number
     * for an integer (Number.isInteger): /L written "87241.0" (or with more
     * zeros than a double keeps) is the file's length to it. */
    kc_pdf_obj *l = kc_pdf_dict_get(lin, "L");
    double off = l && l->type == KC_PDF_REAL ? l->u.r - (double)doc->src.size : 2.0;
    return positive && ((kc_pdf_get_int(l, &len) && len > 0 && (uint64_t)len == doc->src.size) ||
                        (off > -1.0 && off < 1.0));
}

/* Whether every "/XRef" the scan found (see scan) lies in a cross-reference
 * stream of the chain (its dictionary, or within 4 KiB of its header), or in
 * the stream a table's /XRefStm names: pdf.js's repair reads any other
 * object that says it, a stream with a /W, as a cross-reference stream too,
 * in file order, and keeps the first entry it finds for each number. */
static bool xrefs_are_sections(kc_pdf_doc *doc, size_t last)
{
    for (guint i = 0; i < doc->rebuilt_xrefs->len; i++) {
        uint64_t off = g_array_index(doc->rebuilt_xrefs, uint64_t, i);
        bool inside = false;
        for (size_t k = 0; !inside && k <= last; k++) {
            const kc_xref_section *sec = kc_pdf_section(doc, k);
            int64_t stm = 0;
            uint64_t at = sec->offset;
            if (!sec->is_stream && !(kc_pdf_get_int(kc_pdf_dict_get(sec->trailer, "XRefStm"), &stm) && stm > 0))
                continue;
            if (!sec->is_stream)
                at = (uint64_t)stm;
            uint64_t end = at + 4096;
            if (sec->is_stream && sec->trailer && sec->trailer->raw_end > end)
                end = sec->trailer->raw_end;
            inside = off >= at && off < end;
        }
        if (!inside)
            return false;
    }
    return true;
}

bool kc_cover_rebuild_agrees(kc_cover *c)
{
    kc_pdf_doc *doc = c->doc;
    size_t last = kc_pdf_section_count(doc) - 1;
    GHashTableIter it;
    gpointer key, val;

    if (!doc->rebuilt && !scan(doc))
        return kc_cover_fail(c, N_("the document cannot be read whole"));
    g_hash_table_iter_init(&it, doc->rebuilt);
    while (g_hash_table_iter_next(&it, &key, &val)) {
        uint32_t num = GPOINTER_TO_UINT(key);
        const kc_rebuilt *r = val;
        const kc_xref_entry *e = kc_pdf_entry(doc, last, num);
        if (e && e->type == 1) {
            if (r->gen != e->gen || r->off != kc_cover_header_offset(doc, e))
                return kc_cover_fail(c, N_("a viewer that rebuilds the cross-reference table would read another "
                                           "object than the one the table lists (hidden in the file)"));
            /* pdf.js's repair keeps the generation of the first header it
             * finds for a number, and finds fewer headers than poppler. */
            if (r->count > 1 && (r->first_gen != e->gen || r->unplain))
                return kc_cover_fail(c, N_("pdf.js's repair would read another object than the one the table lists "
                                           "(an older body of another generation, or a header it does not find)"));
        } else if (g_hash_table_contains(c->refs, key)) {
            return kc_cover_fail(c, N_("a viewer that rebuilds the cross-reference table would read an object "
                                       "the table does not list (hidden in the file)"));
        }
    }
    g_hash_table_iter_init(&it, c->refs);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        const kc_xref_entry *e = kc_pdf_entry(doc, last, GPOINTER_TO_UINT(key));
        if (e && e->type == 1 && !g_hash_table_contains(doc->rebuilt, key) &&
            kc_pdf_get(doc, last, GPOINTER_TO_UINT(key), NULL))
            return kc_cover_fail(c, N_("a viewer that rebuilds the cross-reference table would lose an object "
                                       "the table lists"));
    }
    if (!xrefs_are_sections(doc, last))
        return kc_cover_fail(c, N_("an object that is not one of the document's cross-reference sections says "
                                   "/XRef, and pdf.js's repair reads it as one"));
    /* Not checked: pdf.js's repair reads the cross-reference streams in file
     * order and keeps the first entry it finds for an object inside an object
     * stream (the oldest, where readers of the chain take the newest).
     * Adobe Reader saves every object it updates in a new object stream, so
     * a two-signature file of its making reads older objects there too (its
     * page without the later widget); telling that from a prepared Stamp
     * hidden then shown (pdfjs-moved-*) needs what it draws.  The repair
     * needs a trigger: those found are refused (pdf_xref.c, pdf_tail.c). */
    uint32_t root = kc_cover_ref_num(kc_pdf_dict_get(kc_pdf_trailer(doc, last), "Root"));
    if (doc->rebuilt_root && doc->rebuilt_root != root)
        return kc_cover_fail(c, N_("a viewer that rebuilds the cross-reference table would take another "
                                   "document catalog (a trailer hidden in the file)"));
    /* pdf.js's repair (XRef.indexObjects) takes the first trailer, in file
     * order, that has an /ID (and names a catalog with a page tree), not the
     * last; with no trailer to take, the first cross-reference stream.  A
     * document prepared with an older trailer naming another catalog shows
     * that one's pages once something after signing makes pdf.js repair it. */
    for (guint i = 0; i < doc->rebuilt_id_roots->len; i++)
        if (g_array_index(doc->rebuilt_id_roots, uint32_t, i) != root)
            return kc_cover_fail(c, N_("a trailer with an /ID names another document catalog, which pdf.js "
                                       "takes when it repairs the file"));
    for (size_t k = 0; k <= last; k++) {
        const kc_xref_section *sec = kc_pdf_section(doc, k);
        uint32_t r = kc_cover_ref_num(kc_pdf_dict_get(sec->trailer, "Root"));
        if (sec->is_stream && r && r != root)
            return kc_cover_fail(c, N_("an older cross-reference stream names another document catalog, which "
                                       "pdf.js takes when it repairs the file"));
    }
    return true;
}
