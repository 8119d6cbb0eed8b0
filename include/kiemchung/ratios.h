/* kiemchung/ratios.h: criteria 20–22 over a commune's outgoing documents.
 *
 * 20 signed: documents with a valid signature that covers them as they stand;
 * 21 leader-signed: such a signature by a leader;
 * 22 signed, sent to the reviewing authority: among documents whose
 *    recipients include it (the district People's Committee until the July
 *    2025 reform, the province since), those that are signed. */
#ifndef KIEMCHUNG_RATIOS_H
#define KIEMCHUNG_RATIOS_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kc_ratio {
    size_t numerator;
    size_t denominator;
} kc_ratio;

/* The percentage in tenths, rounded half up as the report writes it
 * (650/652 → 997, "99,7%"); never 1000 unless every document counts, so a
 * single unsigned document is never shown as 100%.  -1 when the denominator is 0. */
int kc_ratio_tenths(kc_ratio r);

/* "99,7%" (Vietnamese decimal comma), or "—" when there is nothing to count.
 * Writes at most size bytes into buf and returns buf. */
char *kc_ratio_format(kc_ratio r, char *buf, size_t size);

typedef struct kc_totals {
    size_t documents;
    size_t signed_docs;
    size_t leader_signed;
    size_t to_authority;
    size_t to_authority_signed;
    /* Documents whose best signature is indeterminate (no proof of its
     * time): counted apart, never as signed; not part of any ratio. */
    size_t indeterminate;
} kc_totals;

/* One document's contribution. */
void kc_totals_add(kc_totals *t, bool is_signed, bool by_leader, bool to_authority);
/* Notes that a document (already added as not signed) is indeterminate. */
void kc_totals_add_indeterminate(kc_totals *t);
/* Adds every count of t into into (a district's total of its communes). */
void kc_totals_merge(kc_totals *into, const kc_totals *t);

kc_ratio kc_totals_criterion(const kc_totals *t, int criterion); /* 20, 21 or 22 */

/* Does a "Nơi nhận" (recipients) text name the reviewing authority?
 * authority: an exact name ("UBND huyện Phú Vang", "UBND tỉnh Thừa Thiên Huế"),
 * compared folded (case, diacritics, "Ủy ban nhân dân" = "UBND"); NULL means
 * the default for the document's date: the district People's Committee
 * (UBND huyện / thị xã, with or without its name) before 1 July 2025, the
 * province or centrally-run city (UBND tỉnh / thành phố) from then on.
 * year 0 (date unknown) takes the district. */
bool kc_recipients_name_authority(const char *recipients, const char *authority, int year, int month);

#ifdef __cplusplus
}
#endif
#endif
