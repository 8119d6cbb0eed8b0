/* kiemchung/catalog.h: the evaluation criteria as data.
 *
 * A catalog lists, for one province and year, each criterion's number, part
 * (readiness, results, province-specific), group, name and the kind of evidence
 * it expects.  It is a tab-separated text file installed with the program
 * (datadir/kiemchung/criteria/criteria-hue-2021.tsv, from src/data/), so
 * another province or year is a new file, not new code:
 *
 *   # name: Thừa Thiên Huế, cấp xã, 2021 (QĐ 1784/QĐ-UBND ngày 13/08/2018)
 *   number	part	group	group_title	name	evidence
 *   1	readiness	I	Các tiêu chí về cơ sở hạ tầng thông tin	Hệ thống Camera ...	contract
 *
 * evidence is a comma-separated set of: contract, decision, document, invoice,
 * url, figure, ratio, text; "none" marks a heading whose sub-criteria carry the
 * evidence (criterion 19).  Two optional columns, numerator and denominator,
 * name in words the quantity a ratio criterion's numerator or denominator
 * counts when another criterion counts it too: criteria naming the same
 * quantity must give the same figure (in the 2021 set the denominator of 35
 * is the numerator of 32, and the denominators of 27, 32 and 34 are the
 * year's number of applications). */
#ifndef KIEMCHUNG_CATALOG_H
#define KIEMCHUNG_CATALOG_H

#include <stddef.h>
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Kinds of evidence a criterion expects (a bit set). */
enum {
    KC_EXPECT_CONTRACT = 1u << 0, /* HĐ */
    KC_EXPECT_DECISION = 1u << 1, /* QĐ */
    KC_EXPECT_DOCUMENT = 1u << 2, /* any other numbered document */
    KC_EXPECT_INVOICE = 1u << 3,
    KC_EXPECT_URL = 1u << 4,
    KC_EXPECT_FIGURE = 1u << 5,   /* a count or a percentage */
    KC_EXPECT_RATIO = 1u << 6,    /* "x/y" */
    KC_EXPECT_TEXT = 1u << 7,     /* a statement in words */
    KC_EXPECT_NONE = 1u << 8      /* a heading: no evidence of its own */
};

typedef struct kc_catalog_entry {
    const char *number;      /* "20", "5.1" */
    const char *part;        /* "readiness", "results", "specific" (stable keys) */
    const char *group;       /* "I", "II", ... */
    const char *group_title;
    const char *name;
    unsigned expects;        /* KC_EXPECT_* */
    const char *numerator;   /* the quantity its ratio's numerator counts, or NULL */
    const char *denominator; /* the quantity its ratio's denominator counts, or NULL */
} kc_catalog_entry;

typedef struct kc_catalog kc_catalog;

/* Reads a catalog file.  KC_EIO when it cannot be read, KC_EFORMAT (naming the
 * line) when a line is malformed or a number repeats. */
int kc_catalog_load(kc_catalog **out, const char *path, kc_error *err);

/* The file name of the default catalog inside the installed criteria directory. */
#define KC_CATALOG_DEFAULT_FILE "criteria-hue-2021.tsv"

const char *kc_catalog_name(const kc_catalog *c); /* the "# name:" line, or "" */
size_t kc_catalog_count(const kc_catalog *c);
const kc_catalog_entry *kc_catalog_get(const kc_catalog *c, size_t i); /* borrowed */
const kc_catalog_entry *kc_catalog_find(const kc_catalog *c, const char *number);
void kc_catalog_free(kc_catalog *c);

/* "contract,invoice" for a KC_EXPECT_* set, into buf. */
const char *kc_catalog_expects_format(unsigned expects, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
