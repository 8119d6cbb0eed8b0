/* kiemchung/docref.h: the document references and figures clerks write in an
 * evidence cell.
 *
 * "HĐ số: 003/HĐ 2019 ngày 14/5/2019", "Số: 02/QĐ-UBND ngày 07/02/2020",
 * "Quyết định Số 123/QĐ-UBND ngày 19/8/2021", "công văn Số 160/VHTT-CNTT ngày 27
 * tháng 9 năm 2021", "Hoá đơn thanh toán từ tháng 01 đến tháng 9/2021", URLs,
 * and figures ("650/652", "03/03", "99,7%", "36 Máy") become a list of kc_docref.
 * The parser never fails on words it does not understand: free text is simply
 * not a reference.  Input may be NFC or NFD; every string out is NFC. */
#ifndef KIEMCHUNG_DOCREF_H
#define KIEMCHUNG_DOCREF_H

#include <stdbool.h>
#include <stddef.h>
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum kc_docref_kind {
    KC_DOCREF_DOCUMENT = 0, /* a numbered document: contract, decision, công văn, ... */
    KC_DOCREF_INVOICE = 1,  /* invoices ("Hoá đơn"), usually over a period */
    KC_DOCREF_URL = 2,      /* a web address */
    KC_DOCREF_FIGURE = 3    /* a claimed figure: ratio, percentage or count */
} kc_docref_kind;

typedef enum kc_figure_kind {
    KC_FIGURE_NONE = 0,
    KC_FIGURE_RATIO = 1,   /* "650/652": numerator / denominator */
    KC_FIGURE_PERCENT = 2, /* "99,7%" */
    KC_FIGURE_COUNT = 3    /* "36 Máy": value and unit */
} kc_figure_kind;

/* What the words around a count of documents say it counts (docref_said.c):
 * "7 văn bản đều ký số", "2 văn bản chưa ký số", "3 văn bản do lãnh đạo ký số",
 * "4 văn bản không do lãnh đạo ký số"; nothing for "7 văn bản đi". */
typedef enum kc_count_said {
    KC_SAID_NOTHING = 0,
    KC_SAID_SIGNED = 1,
    KC_SAID_UNSIGNED = 2,
    KC_SAID_LEADER = 3,
    KC_SAID_NOT_LEADER = 4
} kc_count_said;

/* A calendar date as far as it is known: day 0 means "the whole month", month 0
 * "the whole year", year 0 "no date". */
typedef struct kc_date {
    int year, month, day;
} kc_date;

/* One reference or figure.  Strings are NFC UTF-8, owned by the list that holds
 * the reference; NULL when the text does not say. */
typedef struct kc_docref {
    kc_docref_kind kind;
    char *text;       /* the words as written (tags and extra spaces removed) */
    size_t offset;    /* byte offset of text in the NFC form of the parsed cell */

    /* KC_DOCREF_DOCUMENT (type/number/symbol also for numbered invoices) */
    char *type;       /* canonical abbreviation ("HĐ", "QĐ", "TT"), NULL for a công văn */
    char *type_name;  /* its name ("Hợp đồng", "Quyết định", "Công văn") */
    char *number;     /* "003", "02", "123": as written */
    char *symbol;     /* the whole số, ký hiệu: "003/HĐ 2019", "02/QĐ-UBND" */
    char *issuer;     /* what follows the type: "UBND", "TTg", "VHTT-CNTT" */
    int symbol_year;  /* a year inside the symbol ("09/2015/QĐ-TTg", "003/HĐ 2019"), else 0 */
    kc_date date;     /* "ngày 14/5/2019" */

    /* KC_DOCREF_INVOICE: the period covered ("từ tháng 01 đến tháng 9/2021") */
    kc_date from, to;

    /* KC_DOCREF_URL */
    char *url;        /* as written, with "http://" added when the clerk left it out */

    /* KC_DOCREF_FIGURE */
    kc_figure_kind figure;
    double numerator, denominator; /* KC_FIGURE_RATIO */
    double value;                  /* the percentage, or the count */
    int decimals;                  /* decimals written: "99,7%" → 1 */
    char *unit;                    /* KC_FIGURE_COUNT: "Máy" */
    kc_count_said said;            /* KC_FIGURE_COUNT: what its words say it counts */
    int bound;                     /* 0 exact, +1 "Trên/Hơn 90%", -1 "Dưới 90%" */
} kc_docref;

typedef struct kc_docref_list kc_docref_list;

/* Parses one free-text cell (UTF-8, NFC or NFD).  Returns 0 with *out a list,
 * possibly empty; KC_EFORMAT when text is not valid UTF-8, KC_ENOMEM. */
int kc_docref_parse(kc_docref_list **out, const char *text, kc_error *err);

size_t kc_docref_count(const kc_docref_list *list);
/* Borrowed: lives as long as list. NULL when i is out of range. */
const kc_docref *kc_docref_get(const kc_docref_list *list, size_t i);
void kc_docref_list_free(kc_docref_list *list);

/* Parses a date written "ngày 07 tháng 02 năm 2020", "ngày 14/5/2019",
 * "07/02/2020", "07-02-2020", "2020-02-07", "tháng 9/2021" or "năm 2021"
 * somewhere in text; returns true and the first date found. */
bool kc_date_parse(kc_date *out, const char *text);

/* The canonical abbreviation ("QĐ") for a type as written: an abbreviation in
 * any case ("Qđ"), or without its Vietnamese letters when that is unambiguous
 * ("QD"; but "HD" stays Hướng dẫn, never Hợp đồng), or a name ("quyết định",
 * "HỢP ĐỒNG"), in NFC or NFD.  NULL for anything else, and for names without an
 * abbreviation (công văn, hoá đơn). */
const char *kc_docref_type_canonical(const char *written);
/* The Vietnamese name of a canonical abbreviation ("QĐ" → "Quyết định"), or NULL. */
const char *kc_docref_type_name(const char *abbrev);

/* Whether two references name the same document: same kind, type, number (as an
 * integer: "003" = "3"), issuer and year/date where both say.  Figures and URLs
 * compare by value. */
bool kc_docref_same(const kc_docref *a, const kc_docref *b);

/* "2019-05-14", "2021-09", "2021" or "" into buf (at least 11 bytes). */
const char *kc_date_format(const kc_date *d, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
