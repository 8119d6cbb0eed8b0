/* agency_internal.h: what agency.c and agency_place.c share: the folded words
 * that open a committee's and a commune-level unit's name, and reading them. */
#ifndef KC_AGENCY_INTERNAL_H
#define KC_AGENCY_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "kiemchung/verify.h"

/* A commune-level unit's kinds: xã, phường, thị trấn, and since July 2025 the
 * đặc khu (special zone: Phú Quốc, Côn Đảo, Lý Sơn, …), whose committee is a
 * commune's (rtcert21: "UBND đặc khu Phú Quốc" was another agency to
 * --commune "Đặc khu Phú Quốc", its chairman 0/1). */
#define KC_AGENCY_UNITS 4
extern const char *const kc_agency_committee[2]; /* "ubnd ", "uy ban nhan dan " */
extern const char *const kc_agency_units[KC_AGENCY_UNITS]; /* "xa ", "phuong ", "thi tran ", "dac khu " */

/* Skips a word of list at the start of *s; its index, or -1. */
int kc_agency_skip(const char **s, const char *const *list, size_t n);

/* Whether a folded field names a province by its level's word ("tinh …"). */
bool kc_agency_names_province(const char *field);

/* kc_agency_may_draw_after worked out afresh (agency.c); agency_draw.c
 * remembers its answers.  It reads only each signer's role and the subject
 * fields listed in agency_draw.c's draw_key. */
bool kc_agency_may_draw_after_fresh(const kc_sig_info *earlier, const kc_sig_info *later);

#endif
