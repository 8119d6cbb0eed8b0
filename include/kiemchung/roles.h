/* kiemchung/roles.h: who a signer is for the ratios (leader, organisation, person).
 *
 * An explicit roles file wins; otherwise the certificate decides: a title
 * (OID 2.5.4.12) that is a leader's (see kc_roles_add_leader_title) makes a
 * leader, a common name naming an agency
 * (UBND, Ủy ban nhân dân, Sở, Phòng, Văn phòng, Trung tâm, ...) makes the
 * organisation, anyone else is a person. */
#ifndef KIEMCHUNG_ROLES_H
#define KIEMCHUNG_ROLES_H

#include <stdbool.h>
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

/* Several values of one name attribute (two titles, two common names) are
 * given joined by this, each once: a certificate holding several titles is
 * a leader only when the joined text is a leader title (it never is for the
 * built-in ones), and one holding several common names is never the
 * organisation. */
#define KC_NAME_VALUE_SEP "; "

/* What the classifier looks at; any field may be NULL. */
typedef struct kc_signer_id {
    const char *common_name;
    const char *title;
    const char *organization;
    const char *serial_hex;         /* certificate serial, upper-case hex */
    const char *fingerprint_sha256; /* certificate SHA-256, lower-case hex, no colons */
    const char *issuer;             /* the issuer's CN (else O), as kc_sig_info.issuer */
    const char *unit;               /* organizationalUnitName (OU): whose chairman a title
                                     * "Chủ tịch" alone is, before O */
    const char *person_mark;        /* what names a natural person (a pseudonym, givenName,
                                     * surname, a personal identity number in UID or
                                     * serialNumber), or NULL: never the organisation */
    bool pseudonym;                 /* the names are the holder's choice: never a leader by
                                     * title, never matched by a roles file's name */
    bool issuer_certain;            /* issuer names the trust store's one CA of that name, the
                                     * signer's own: only then may serial + issuer match */
} kc_signer_id;

int kc_roles_new(kc_roles **out, kc_error *err);

/* Reads a roles file: UTF-8 CSV (',' ';' or tab), one "match,role" per line,
 * role being leader, org or person, and match one of:
 *   - the certificate's SHA-256 fingerprint (64 hex digits, colons allowed,
 *     optionally "sha256:" first): the safest, it names one certificate;
 *   - "serial:HEX issuer:NAME": a serial together with its issuer's name as
 *     the reports show it (kc_sig_info.issuer), compared after NFC and case
 *     folding; a serial alone is refused, since another CA may issue it too;
 *   - a common name, or "name:TEXT", compared after NFC and case folding
 *     with its diacritics ("Nguyễn Văn Ân" is not "Nguyễn Văn An"); a name
 *     makes a leader or the organisation only of a certificate that names a
 *     People's Committee (CN, O, OU or title), never of a pseudonym's.
 * '#' starts a comment.  Errors name path:line. */
int kc_roles_load(kc_roles *roles, const char *path, kc_error *err);

/* Adds a title that makes a leader when the certificate's title is exactly
 * it (after NFC and case folding) and it, else the OU, else the O, names a
 * People's Committee of a place, as for "Chủ tịch" alone.  Built in: "Chủ tịch" and "Phó Chủ tịch",
 * alone or followed by the People's Committee of a place ("Chủ tịch UBND xã
 * Thủy An", "Phó Chủ tịch Ủy ban nhân dân huyện …"), and nothing else. */
int kc_roles_add_leader_title(kc_roles *roles, const char *title, kc_error *err);

kc_role kc_roles_classify(const kc_roles *roles, const kc_signer_id *who);

const char *kc_role_name(kc_role role); /* "leader", "org", "person" */

/* Whether a common name names an agency (what makes a certificate without a
 * title the organisation's): it starts with UBND, Ủy ban nhân dân, Sở, Phòng,
 * Văn phòng, Công an, Trạm y tế, … spelled with their diacritics, or without
 * any diacritics at all; "Bàn Văn Hùng" is a person. */
bool kc_roles_names_agency(const char *common_name);

/* Whether an organisation (O, values joined by KC_NAME_VALUE_SEP) is a state
 * body (an agency's name, no company's) or a place by its level's word.  A
 * certificate whose O is anything else (a company, an association) is not
 * the organisation of a People's Committee its CN names, and its OU names no
 * committee a title chairs. */
bool kc_roles_state_body(const char *org);

/* Whether an organisation (O) is one a People's Committee's certificate is
 * filed under: every value a committee ("UBND huyện Phú Vang") or a place by
 * its level's word ("Tỉnh Thừa Thiên Huế"), no company.  Only under such an O
 * (or none) does a certificate's CN, OU or title naming a committee make it
 * that committee's organisation or leader: any other body, a state one too
 * (a Sở, a private notary's "Văn phòng công chứng …", the Youth Union's
 * "Huyện Đoàn …"), is the body the certificate is of. */
bool kc_roles_files_committee(const char *org);

/* Whether the roles file names this very certificate (by its fingerprint, or
 * its serial and issuer), not only its name: the clerk's word for a
 * certificate whose subject alone cannot say whose it is. */
bool kc_roles_names_certificate(const kc_roles *roles, const kc_signer_id *who);

void kc_roles_free(kc_roles *roles);

#ifdef __cplusplus
}
#endif
#endif
