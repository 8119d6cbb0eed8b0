/* docref_internal.h (internal): what the reference parser, the report parser,
 * lint and the PDF linker share: words of a cell with their offsets, the table
 * of document types, and building reference lists. */
#ifndef KC_DOCREF_INTERNAL_H
#define KC_DOCREF_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "kiemchung/docref.h"
#include "kiemchung/ratios.h"

struct kc_docref_list {
    GArray *items;   /* kc_docref: KC_DOCREF_AT */
};
#define KC_DOCREF_AT(list, i) g_array_index((list)->items, kc_docref, (i))

/* One white-space separated word of an NFC text.  raw is the word without the
 * punctuation around it ("2019," → "2019", "(EBH)" → "EBH"); fold its folded
 * form (text.h); colon tells whether a ':' followed ("Số:"). */
typedef struct kc_tok {
    size_t start, end; /* byte offsets of raw in the text */
    char *raw;
    char *fold;
    bool colon;
} kc_tok;

/* Splits nfc into words.  Returns 0, or KC_ENOMEM. */
int kc_docref_tokenize(kc_tok **out, size_t *n, const char *nfc);
void kc_docref_toks_free(kc_tok *toks, size_t n);

/* nfc without the characters no viewer draws where they stand (a soft
 * hyphen, joiners, a byte-order mark: docref_words.c); *at gets each kept
 * byte's offset in nfc, and nfc's length at the end.  NULL when out of memory;
 * free both. */
char *kc_docref_drawn(const char *nfc, size_t **at);

/* The first control in text that makes a viewer draw what follows it in
 * another order than it is stored (an embedding, override or isolate:
 * "\u202E%001" is drawn 100%), or the right-to-left mark or letter that
 * digits follow with no letter between ("\u200F%\u200F100" is drawn 100%,
 * review31), or 0 (docref_words.c, rtnum13). */
unsigned int kc_docref_reorders(const char *text);

/* The words a figure reader takes the word [s, e) apart into ("6/6=100%" →
 * "6/6", "100%"; "đạt100%văn" → "đạt", "100%", "văn"): returns how many were
 * put in piece (at most max), 0 when the word stays whole (docref_glue.c). */
typedef struct kc_piece {
    const char *s, *e;
} kc_piece;
#define KC_PIECES_MAX 16
size_t kc_docref_pieces(const char *s, const char *e, kc_piece *piece, size_t max);

/* A type of document: canonical abbreviation (NULL for a công văn) and name. */
typedef struct kc_doctype {
    const char *abbrev;
    const char *name;
    bool invoice; /* hoá đơn: a KC_DOCREF_INVOICE */
} kc_doctype;

/* The type whose abbreviation raw is ("QĐ", "Qđ", "QD" when unambiguous). */
const kc_doctype *kc_docref_type_by_abbrev(const char *raw);

/* The type whose name starts at toks[i] ("Quyết định", "Thông tư liên tịch",
 * "Công văn", "Hoá đơn"); *len gets the number of words it spans. */
const kc_doctype *kc_docref_type_by_name(const kc_tok *toks, size_t i, size_t n, size_t *len);

/* A date starting at toks[i]; returns the number of words it spans, 0 if none.
 * allow_partial admits "tháng 01" (no year) and "năm 2021" (year only). */
size_t kc_docref_date_at(const kc_tok *toks, size_t i, size_t n, bool allow_partial, kc_date *d);

/* Parses "99,7" / "1.234" / "650" into *v; *decimals gets the digits after a
 * decimal comma or point.  Whole string must be a number. */
bool kc_docref_number(const char *s, double *v, int *decimals);
/* A word as a figure reads it (NFKC, the fraction and division slashes as
 * "/"); g_free it. */
char *kc_docref_figure_word(const char *raw);

/* A slash as a figure reads it: the fraction and division slashes, and the
 * diagonals and big solidus that fonts draw as "/" though no compatibility
 * form makes them one ("7╱7", "7⟋7", "6⧸6" were no figure: rtnum12). */
static inline int kc_docref_is_slash(unsigned int c)
{
    return c == 0x2044 || c == 0x2215 || c == 0x2571 || c == 0x27CB || c == 0x29F8;
}

/* Whether d is an exact count of documents ("7 văn bản", not "Trên 5 văn
 * bản"): in 20–22, the register's signed or total count (rtnum12). */
bool kc_docref_counts_documents(const kc_docref *d);

/* The unit of a count of documents at t[i]: the words it spans ("văn bản" 2,
 * "VB" 1), 0 if none; a number of documents in words at t[i] ("bảy", "hai mươi
 * mốt"), the words it spans before its unit, 0 if none (docref_spelled.c). */
size_t kc_docref_document_unit(const kc_tok *t, size_t n, size_t i);
size_t kc_docref_spelled_count(const kc_tok *t, size_t n, size_t i, double *value);

/* What the words of nfc around the count at t[first] (its unit ending before
 * t[after]) say it counts (docref_said.c). */
kc_count_said kc_docref_count_said(const char *nfc, const kc_tok *t, size_t n, size_t first, size_t after);
/* Whether the count of documents d, in criterion 20 + k's claim, is the count
 * of the register (got: criteria 20, 21, 22) that its words say it is. */
bool kc_docref_count_holds(const kc_docref *d, int k, const kc_ratio got[3]);

/* Appends a copy of ref to list (taking ownership of ref's strings). */
int kc_docref_list_push(kc_docref_list *list, kc_docref *ref);
kc_docref_list *kc_docref_list_new(void);
void kc_docref_clear(kc_docref *ref);

/* The year a document reference is of: its date's, else its symbol's, else 0. */
int kc_docref_year(const kc_docref *ref);

#endif
