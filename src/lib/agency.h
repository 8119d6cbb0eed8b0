/* agency.h (internal): does a certificate belong to a commune's own agency?
 *
 * The dossier's seal counts only when the commune's People's Committee made
 * it, and criteria 20–22 count a signature for a commune only when its
 * certificate belongs to that commune (a neighbour's organisation certificate
 * does not make a document signed).  Both ask the same question of a
 * certificate's common name and organisation, here.  Names are compared
 * folded (text.h): case, tone marks, NFC/NFD and "Ủy"/"Uỷ" do not matter;
 * the words do ("UBND xã Thủy An Đông" is not Thủy An's). */
#ifndef KC_AGENCY_H
#define KC_AGENCY_H

#include <stdbool.h>

#include "kiemchung/ratios.h"

/* The commune's People's Committee as people write it, e.g. "UBND xã Thủy An"
 * for "Thủy An", "Xã Thủy An" or "UBND xã Thủy An"; a "phường" or "thị trấn"
 * the name gives is kept (malloc'd; NULL when commune names nothing). */
char *kc_agency_of_commune(const char *commune);

/* Whether a certificate field names a People's Committee at all ("UBND …",
 * "Ủy ban nhân dân …", of any level). */
bool kc_agency_names_committee(const char *field);

/* Whether a certificate belongs to a commune's People's Committee is
 * kc_agency_of_signer (ratios.h, defined in agency.c) saying KC_AGENCY_OWN:
 * common_name or organization names "UBND" or "Ủy ban nhân dân", a
 * commune-level unit (xã, phường, thị trấn: the one the commune names, when
 * it names one), then exactly the commune's name, optionally followed by
 * ", …" or " - …" (the district or province).  The seal, the review and
 * index all ask it there. */

/* The commune a file or folder name names: the words after "xã", "phường"
 * or "thị trấn" up to a number ("So-di_xa-Thuy-An_2021.csv" → "xa thuy an"),
 * folded, malloc'd; NULL when it names none. */
char *kc_agency_commune_in_name(const char *name);

#endif
