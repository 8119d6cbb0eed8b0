/* kiemchung/roles.h: who a signer is for the ratios (leader, organisation, person).
 *
 * An explicit roles file wins; otherwise the certificate decides: a title
 * (OID 2.5.4.12) naming a leader makes a leader, a common name naming an agency
 * (UBND, Ủy ban nhân dân, Sở, Phòng, Văn phòng, Trung tâm, ...) makes the
 * organisation, anyone else is a person. */
#ifndef KIEMCHUNG_ROLES_H
#define KIEMCHUNG_ROLES_H

#include <stddef.h>
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum kc_role {
    KC_ROLE_PERSON = 0,
    KC_ROLE_LEADER = 1,
    KC_ROLE_ORG = 2
} kc_role;

typedef struct kc_roles kc_roles;

/* What the classifier looks at; any field may be NULL. */
typedef struct kc_signer_id {
    const char *common_name;
    const char *title;
    const char *organization;
    const char *serial_hex;         /* certificate serial, upper-case hex */
    const char *fingerprint_sha256; /* certificate SHA-256, lower-case hex, no colons */
    const char *issuer;             /* the issuer's CN (else O), as kc_sig_info.issuer */
} kc_signer_id;

int kc_roles_new(kc_roles **out, kc_error *err);

/* Reads a roles file: UTF-8 CSV (',' ';' or tab), one "match,role" per line,
 * where match is a certificate SHA-256 fingerprint, a serial, or a common
 * name, and role is leader, org or person.  '#' starts a comment. */
int kc_roles_load(kc_roles *roles, const char *path, kc_error *err);

/* Adds a title that makes a leader ("Chủ tịch" and "Phó Chủ tịch" are built in). */
int kc_roles_add_leader_title(kc_roles *roles, const char *title, kc_error *err);

kc_role kc_roles_classify(const kc_roles *roles, const kc_signer_id *who);

const char *kc_role_name(kc_role role); /* "leader", "org", "person" */

void kc_roles_free(kc_roles *roles);

#ifdef __cplusplus
}
#endif
#endif
