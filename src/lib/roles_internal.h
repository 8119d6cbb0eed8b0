/* roles_internal.h: the roles file's rules as roles.c matches them and
 * roles_file.c reads them. */
#ifndef KC_ROLES_INTERNAL_H
#define KC_ROLES_INTERNAL_H

#include <glib.h>
#include <stdbool.h>

#include "kiemchung/roles.h"
#include "memo.h"

#define KC_ROLES_MAX_FILE (4u << 20)
#define KC_ROLES_MAX_FIELD 1024

typedef enum match_kind { MATCH_FINGERPRINT, MATCH_ISSUER_SERIAL, MATCH_CN } match_kind;

#define ROLES_MEMO_ENTRIES 256 /* signers whose role is remembered (roles_memo.c) */

typedef struct rule {
    match_kind kind;
    char *key;    /* normalised hex (fingerprint, serial) or case-folded CN */
    char *issuer; /* case-folded issuer name, for MATCH_ISSUER_SERIAL */
    kc_role role;
} rule;

struct kc_roles {
    GPtrArray *titles; /* --leader-title: exact titles, case-folded */
    GArray *rules;     /* rule, in the file's order */
    kc_memo memo;      /* classifications remembered (roles_memo.c), the only */
                       /* state that changes once the roles are read */
};

/* roles.c: the hex digits of s without colons or spaces, upper case, leading
 * zeros dropped when strip_zeros (a serial); NULL when s holds anything else. */
char *kc_roles_normal_hex(const char *s, bool strip_zeros);

/* roles.c: kc_roles_classify's answer worked out afresh (roles_memo.c
 * remembers it). */
kc_role kc_roles_classify_fresh(const kc_roles *roles, const kc_signer_id *who);

/* roles_file.c: whether a rule names a certificate by issuer and serial (the
 * only rules kc_signer_id.issuer_certain decides); false for NULL roles. */
bool kc_roles_names_issuers(const kc_roles *roles);


#endif
