/* pdf_equal.c: deep comparison of two PDF objects, which tells the coverage
 * check (pdf_diff.c, pdf_form.c) a re-saved object from a changed one.  It
 * reads stream bytes through the document, so it lives beside the coverage
 * check rather than in the object model (pdf_obj.c), which then depends on
 * nothing above it. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_cover.h"

/* Compares the raw bytes of two streams in chunks (they may be large). */
static bool stream_bytes_equal(const kc_pdf_src *src, const kc_pdf_obj *a, const kc_pdf_obj *b)
{
    if (a->stream_len != b->stream_len)
        return false;
    if (a->stream_off == b->stream_off)
        return true;
    enum { CHUNK = 64 * 1024 };
    unsigned char *ba = malloc(CHUNK), *bb = malloc(CHUNK);
    bool same = ba && bb;
    for (uint64_t done = 0; same && done < a->stream_len;) {
        size_t n = a->stream_len - done < CHUNK ? (size_t)(a->stream_len - done) : CHUNK;
        if (kc_pdf_pread(src, ba, n, a->stream_off + done) != (ssize_t)n ||
            kc_pdf_pread(src, bb, n, b->stream_off + done) != (ssize_t)n ||
            memcmp(ba, bb, n) != 0)
            same = false;
        done += n;
    }
    free(ba);
    free(bb);
    return same;
}

/* Dictionaries with more keys than this are compared through a hash table:
 * key by key lookups would make a hostile dictionary of a million keys cost
 * a million squared. */
#define SMALL_DICT 32

static bool dict_equal(const kc_pdf_doc *doc, const kc_pdf_obj *a, const kc_pdf_obj *b)
{
    if (a->u.dict.n != b->u.dict.n)
        return false;
    /* A repeated key: equal only to the very same list of keys and values.
     * Looking each key of one up in the other would take << /A 1 /B 2 /A 1 >>
     * for << /A 1 /B 2 /C 3 >>, and a reader that keeps the first of two
     * values sees another dictionary than one that keeps the last. */
    if (a->dup_keys || b->dup_keys) {
        for (size_t i = 0; i < a->u.dict.n; i++)
            if (strcmp(a->u.dict.keys[i], b->u.dict.keys[i]) != 0 ||
                !kc_pdf_obj_equal(doc, a->u.dict.vals[i], b->u.dict.vals[i]))
                return false;
        return true;
    }
    /* Otherwise the same count of distinct keys, each found in the other,
     * makes the key sets equal both ways. */
    GHashTable *index = NULL;
    if (b->u.dict.n > SMALL_DICT) {
        index = g_hash_table_new(g_str_hash, g_str_equal);
        for (size_t i = 0; i < b->u.dict.n; i++) /* the last duplicate wins, as in kc_pdf_dict_get */
            g_hash_table_insert(index, (gpointer)b->u.dict.keys[i], b->u.dict.vals[i]);
    }
    bool same = true;
    for (size_t i = 0; same && i < a->u.dict.n; i++) {
        kc_pdf_obj *other = index ? g_hash_table_lookup(index, a->u.dict.keys[i])
                                  : kc_pdf_dict_get(b, a->u.dict.keys[i]);
        same = other && kc_pdf_obj_equal(doc, a->u.dict.vals[i], other);
    }
    if (index)
        g_hash_table_destroy(index);
    return same;
}

/* Recursion here is bounded by KC_PDF_MAX_DEPTH, which the parser enforces. */
bool kc_pdf_obj_equal(const kc_pdf_doc *doc, const kc_pdf_obj *a, const kc_pdf_obj *b)
{
    if (!a || !b)
        return a == b;
    /* 1 and 1.0 are not the same to a reader: /F, /Rotate, /Count and
     * other integers are read only as integers (poppler ignores /F 2.0, so a
     * hidden annotation saved again as 2.0 shows). */
    if (a->type != b->type)
        return false;
    switch (a->type) {
    case KC_PDF_NULL: return true;
    case KC_PDF_BOOL: return a->u.b == b->u.b;
    case KC_PDF_INT: return a->u.i == b->u.i;
    case KC_PDF_REAL: return a->u.r == b->u.r;
    case KC_PDF_STRING:
    case KC_PDF_NAME:
        return a->u.str.len == b->u.str.len && memcmp(a->u.str.data, b->u.str.data, a->u.str.len) == 0;
    case KC_PDF_REF: return a->u.ref.num == b->u.ref.num && a->u.ref.gen == b->u.ref.gen;
    case KC_PDF_ARRAY:
        if (a->u.arr.n != b->u.arr.n)
            return false;
        for (size_t i = 0; i < a->u.arr.n; i++)
            if (!kc_pdf_obj_equal(doc, a->u.arr.items[i], b->u.arr.items[i]))
                return false;
        return true;
    case KC_PDF_DICT: return dict_equal(doc, a, b);
    case KC_PDF_STREAM:
        return dict_equal(doc, a, b) && stream_bytes_equal(kc_pdf_source(doc), a, b);
    }
    return false;
}
