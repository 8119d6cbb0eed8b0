/* roles_file.c: the roles file a clerk keeps (`--roles FILE`): one line per
 * certificate or person, "fingerprint", "serial:HEX issuer:NAME" or a common
 * name, then the role; read whole, bounded, every bad line named with its
 * number.  What a rule matches is roles.c's. */
#include <ctype.h>
#include <errno.h>
#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "roles_internal.h"
#include "text.h"
#include "util.h"

static bool parse_role(const char *text, kc_role *role)
{
    static const struct { const char *name; kc_role role; } names[] = {
        {"leader", KC_ROLE_LEADER},   {"lanh dao", KC_ROLE_LEADER},
        {"org", KC_ROLE_ORG},         {"organization", KC_ROLE_ORG},
        {"organisation", KC_ROLE_ORG}, {"to chuc", KC_ROLE_ORG},
        {"person", KC_ROLE_PERSON},   {"ca nhan", KC_ROLE_PERSON},
    };
    char *f = kc_text_fold(text);
    bool ok = false;

    for (size_t i = 0; f && i < sizeof names / sizeof *names && !ok; i++)
        if (strcmp(f, names[i].name) == 0) {
            *role = names[i].role;
            ok = true;
        }
    free(f);
    return ok;
}

/* Splits one line into fields.  The separator is the first ',', ';' or tab
 * outside quotes (spreadsheets export all three); a field may be quoted with
 * "" for a quote inside.  Returns the field count, or -1 for an unterminated
 * quote or text after a closing quote, -2 for too many or too long fields. */
static int split_line(const char *line, char fields[][KC_ROLES_MAX_FIELD], int max)
{
    char sep = 0;
    int n = 0;
    const char *p = line;

    for (;;) {
        size_t len = 0;
        bool quoted = false;

        if (n == max)
            return -2;
        while (*p == ' ')
            p++;
        if (*p == '"') {
            quoted = true;
            for (p++;; p++) {
                if (*p == '\0')
                    return -1;
                if (*p == '"' && p[1] == '"')
                    p++;
                else if (*p == '"')
                    break;
                if (len + 1 >= KC_ROLES_MAX_FIELD)
                    return -2;
                fields[n][len++] = *p;
            }
            p++;
            while (*p == ' ')
                p++;
        }
        for (; *p && (sep ? *p != sep : (*p != ',' && *p != ';' && *p != '\t')); p++) {
            if (quoted) {
                if (*p != ' ' && *p != '\r')
                    return -1;
                continue;
            }
            if (len + 1 >= KC_ROLES_MAX_FIELD)
                return -2;
            fields[n][len++] = *p;
        }
        while (!quoted && len > 0 && (fields[n][len - 1] == ' ' || fields[n][len - 1] == '\r'))
            len--;
        fields[n][len] = '\0';
        n++;
        if (!*p)
            return n;
        sep = *p++;
    }
}

/* An ASCII keyword ("serial:") at the start of s or after a space, any case. */
static const char *find_key(const char *s, const char *key)
{
    size_t n = strlen(key);
    for (const char *p = s; *p; p++)
        if ((p == s || p[-1] == ' ') && g_ascii_strncasecmp(p, key, n) == 0)
            return p;
    return NULL;
}

/* The value after key in s, up to the other keyword or the end, trimmed. */
static char *key_value(const char *s, const char *key, const char *other)
{
    const char *v = find_key(s, key), *o = find_key(s, other), *end;
    if (!v)
        return NULL;
    v += strlen(key);
    end = o && o > v ? o : v + strlen(v);
    while (v < end && *v == ' ')
        v++;
    while (end > v && end[-1] == ' ')
        end--;
    return g_strndup(v, (gsize)(end - v));
}

/* One "match" field (see kiemchung/roles.h for the forms).  Returns 0,
 * KC_ENOMEM, or KC_EFORMAT with a message naming path:lineno. */
static int add_rule(kc_roles *roles, const char *match, kc_role role, const char *path, size_t lineno,
                    kc_error *err)
{
    rule r = {.role = role};
    char *hex = NULL, *serial = NULL, *issuer = NULL;
    int rc = KC_ENOMEM;

    if (g_ascii_strncasecmp(match, "name:", 5) == 0) {
        r.kind = MATCH_CN;
        r.key = kc_text_casefold(match + 5);
    } else if (find_key(match, "serial:") == match || find_key(match, "issuer:") == match) {
        serial = key_value(match, "serial:", "issuer:");
        issuer = key_value(match, "issuer:", "serial:");
        r.kind = MATCH_ISSUER_SERIAL;
        r.key = serial ? kc_roles_normal_hex(serial, true) : NULL;
        r.issuer = issuer && *issuer ? kc_text_casefold(issuer) : NULL;
        if (!r.key || !r.issuer || !*r.issuer) {
            rc = kc_error_set(err, KC_EFORMAT,
                              _("%s:%zu: write a serial with its issuer: serial:HEX issuer:NAME (the issuer as reports show it)"),
                              path, lineno);
            goto out;
        }
    } else {
        const char *m = g_ascii_strncasecmp(match, "sha256:", 7) == 0 ? match + 7 : match;
        hex = kc_roles_normal_hex(m, false);
        if (hex && strlen(hex) == 64) {
            r.kind = MATCH_FINGERPRINT;
            r.key = hex;
            hex = NULL;
        } else if (hex || m != match) {
            rc = kc_error_set(err, KC_EFORMAT,
                              _("%s:%zu: \"%s\" looks like a serial number alone, which another CA may issue too: "
                                "write serial:HEX issuer:NAME, or better the certificate's SHA-256 fingerprint "
                                "(or name:%s if it is a name)"),
                              path, lineno, match, match);
            goto out;
        } else {
            r.kind = MATCH_CN;
            r.key = kc_text_casefold(match);
        }
    }
    if (!r.key)
        goto out;
    if (!*r.key) {
        rc = kc_error_set(err, KC_EFORMAT, _("%s:%zu: the certificate to match is empty"), path, lineno);
        goto out;
    }
    g_array_append_val(roles->rules, r);
    kc_memo_forget(&roles->memo);
    memset(&r, 0, sizeof r);
    rc = 0;
out:
    if (rc == KC_ENOMEM)
        kc_error_oom(err);
    free(hex);
    g_free(serial);
    g_free(issuer);
    free(r.key);
    free(r.issuer);
    return rc;
}

static int read_all(const char *path, char **out, size_t *len, kc_error *err)
{
    int rc = kc_file_read(out, len, path, KC_ROLES_MAX_FILE, err);
    if (rc == KC_ELIMIT)
        kc_error_set(err, KC_ELIMIT, _("%s: too large for a roles file"), path);
    return rc;
}

/* One line of the roles file; lineno only for messages.  *header tells
 * whether a header line may still come (only before the first rule). */
static int load_line(kc_roles *roles, char *line, const char *path, size_t lineno,
                     bool *header, kc_error *err)
{
    char fields[3][KC_ROLES_MAX_FIELD];
    kc_role role;
    char *p = line;
    int n;

    while (*p == ' ' || *p == '\t' || *p == '\r')
        p++;
    if (*p == '\0' || *p == '#')
        return 0;
    if (!g_utf8_validate(p, -1, NULL))
        return kc_error_set(err, KC_EFORMAT, _("%s:%zu: not UTF-8 text"), path, lineno);
    n = split_line(p, fields, 3);
    if (n == -1)
        return kc_error_set(err, KC_EFORMAT, _("%s:%zu: a quoted field is not closed properly"),
                            path, lineno);
    if (n != 2)
        return kc_error_set(err, KC_EFORMAT,
                            _("%s:%zu: expected two fields, a certificate and a role"), path,
                            lineno);
    if (*header) {
        *header = false;
        if (kc_text_equal_folded(fields[0], "match") && kc_text_equal_folded(fields[1], "role"))
            return 0;
    }
    if (!*fields[0])
        return kc_error_set(err, KC_EFORMAT, _("%s:%zu: the certificate to match is empty"),
                            path, lineno);
    if (!parse_role(fields[1], &role))
        return kc_error_set(err, KC_EFORMAT,
                            _("%s:%zu: unknown role \"%s\" (leader, org or person)"), path,
                            lineno, fields[1]);
    return add_rule(roles, fields[0], role, path, lineno, err);
}

int kc_roles_load(kc_roles *roles, const char *path, kc_error *err)
{
    char *buf = NULL, *p, *end;
    size_t len = 0, lineno = 0;
    bool header = true;
    int rc;

    if (!roles || !path)
        return kc_error_set(err, KC_EINVAL, "%s", _("no roles or path"));
    rc = read_all(path, &buf, &len, err);
    if (rc)
        goto out;
    if (memchr(buf, '\0', len)) {
        rc = kc_error_set(err, KC_EFORMAT, _("%s: not a text file"), path);
        goto out;
    }
    /* Excel writes "CSV UTF-8" with a byte order mark. */
    p = buf;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    end = buf + len;
    while (p < end && rc == 0) {
        char *nl = memchr(p, '\n', (size_t)(end - p));

        if (nl)
            *nl = '\0';
        lineno++;
        rc = load_line(roles, p, path, lineno, &header, err);
        p = nl ? nl + 1 : end;
    }
out:
    free(buf);
    return rc;
}

/* Whether a rule names a certificate by its issuer and serial: only such a
 * rule asks whether the issuer is certain (cms_chain.c's issuer_certain, a
 * walk of the trust store's names for every signature, ~18,000 instructions
 * each with the test store), so without one it is not worked out (issue 16). */
bool kc_roles_names_issuers(const kc_roles *roles)
{
    for (guint i = 0; roles && i < roles->rules->len; i++)
        if (g_array_index(roles->rules, rule, i).kind == MATCH_ISSUER_SERIAL)
            return true;
    return false;
}
