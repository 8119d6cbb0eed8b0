/* p11_uri.c: RFC 7512 PKCS#11 URIs, as token vendors and p11-kit print them:
 *
 *   pkcs11:token=UBND%20x%C3%A3;object=Sign;type=private?module-path=/usr/lib/x.so
 *
 * The path (after "pkcs11:", up to '?') is attributes separated by ';', the
 * query attributes separated by '&'; values are percent-encoded.  The URI
 * comes from the user's command line, so it is parsed strictly: an attribute
 * this reader does not know would narrow the match in another reader and is
 * refused rather than ignored (vendor "x-" attributes excepted), and so is a
 * repeated one.  A pin-value is refused: a PIN given there is on the command
 * line, in the shell's history and in `ps` for every user to read. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "keys.h"

#define URI_MAX 4096

void kc_p11_uri_clear(kc_p11_uri *u)
{
    if (!u)
        return;
    char **text[] = {&u->token, &u->manufacturer, &u->serial, &u->model, &u->slot_description,
                     &u->slot_manufacturer, &u->library_manufacturer, &u->library_description,
                     &u->object, &u->type, &u->module_path, &u->module_name, &u->pin_source};
    for (size_t i = 0; i < G_N_ELEMENTS(text); i++)
        g_free(*text[i]);
    g_free(u->id);
    memset(u, 0, sizeof *u);
}

/* Percent-decodes v[0, n); *len gets the byte count.  NULL on a bad escape. */
static unsigned char *decode(const char *v, size_t n, size_t *len)
{
    unsigned char *out = g_malloc(n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] != '%') {
            out[k++] = (unsigned char)v[i];
            continue;
        }
        if (i + 2 >= n) {
            g_free(out);
            return NULL;
        }
        int hi = g_ascii_xdigit_value(v[i + 1]), lo = g_ascii_xdigit_value(v[i + 2]);
        if (hi < 0 || lo < 0) {
            g_free(out);
            return NULL;
        }
        out[k++] = (unsigned char)(hi << 4 | lo);
        i += 2;
    }
    out[k] = '\0';
    *len = k;
    return out;
}

typedef struct attr {
    const char *name;
    size_t offset;   /* of the char * in kc_p11_uri; (size_t)-1 for the special ones */
    bool query;
} attr;

#define TEXT(field) offsetof(kc_p11_uri, field)
static const attr attrs[] = {
    {"token", TEXT(token), false},
    {"manufacturer", TEXT(manufacturer), false},
    {"serial", TEXT(serial), false},
    {"model", TEXT(model), false},
    {"slot-description", TEXT(slot_description), false},
    {"slot-manufacturer", TEXT(slot_manufacturer), false},
    {"library-manufacturer", TEXT(library_manufacturer), false},
    {"library-description", TEXT(library_description), false},
    {"object", TEXT(object), false},
    {"type", TEXT(type), false},
    {"id", (size_t)-1, false},
    {"slot-id", (size_t)-1, false},
    {"library-version", (size_t)-1, false}, /* accepted, not matched: libp11 does not say */
    {"module-path", TEXT(module_path), true},
    {"module-name", TEXT(module_name), true},
    {"pin-source", TEXT(pin_source), true},
    {"pin-value", (size_t)-1, true},
};

static int one(kc_p11_uri *u, const char *a, size_t n, bool query, GHashTable *seen, kc_error *err)
{
    const char *eq = memchr(a, '=', n);
    size_t nlen = eq ? (size_t)(eq - a) : n, vlen = 0;
    char *name = g_strndup(a, nlen);
    unsigned char *value = NULL;
    int rc = 0;

    if (!eq || nlen == 0) {
        rc = kc_error_set(err, KC_EFORMAT, _("the PKCS#11 URI has \"%.60s\" where an attribute=value belongs"), name);
        goto out;
    }
    if (!(value = decode(eq + 1, n - nlen - 1, &vlen))) {
        rc = kc_error_set(err, KC_EFORMAT, _("the PKCS#11 URI's %s has a bad %%-escape"), name);
        goto out;
    }
    if (g_str_has_prefix(name, "x-"))
        goto out; /* a vendor's own: meaningful to its reader only */
    if (strcmp(name, "pin-value") == 0) { /* wherever it stands */
        rc = kc_error_set(err, KC_EINVAL, "%s", _("the PKCS#11 URI holds the PIN (pin-value): a PIN on the command line can be read by anyone on the machine; use --pin-file or KIEMCHUNG_PIN, or type it when asked"));
        goto out;
    }
    const attr *at = NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(attrs); i++)
        if (strcmp(attrs[i].name, name) == 0 && attrs[i].query == query)
            at = &attrs[i];
    if (!at) {
        rc = kc_error_set(err, KC_EFORMAT, _("the PKCS#11 URI has an attribute kiemchung does not know: %s"), name);
        goto out;
    }
    if (g_hash_table_contains(seen, name)) {
        rc = kc_error_set(err, KC_EFORMAT, _("the PKCS#11 URI gives %s twice"), name);
        goto out;
    }
    g_hash_table_add(seen, g_strdup(name));
    if (strcmp(name, "id") == 0) {
        u->id = value;
        u->id_len = vlen;
        u->has_id = true;
        value = NULL;
    } else if (strcmp(name, "slot-id") == 0) {
        char *end = NULL;
        u->slot_id = strtoul((char *)value, &end, 10);
        if (!vlen || !end || *end || !g_ascii_isdigit(value[0]))
            rc = kc_error_set(err, KC_EFORMAT, _("the PKCS#11 URI's slot-id is not a number: %.40s"), value);
        u->has_slot_id = true;
    } else if (strcmp(name, "library-version") == 0) {
        /* nothing to keep */
    } else if (memchr(value, '\0', vlen) || !g_utf8_validate((char *)value, (gssize)vlen, NULL)) {
        rc = kc_error_set(err, KC_EFORMAT, _("the PKCS#11 URI's %s is not UTF-8 text"), name);
    } else {
        *(char **)((char *)u + at->offset) = (char *)value;
        value = NULL;
    }
out:
    g_free(name);
    g_free(value);
    return rc;
}

static int split(kc_p11_uri *u, const char *s, size_t n, char sep, bool query, GHashTable *seen, kc_error *err)
{
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != sep)
            continue;
        if (i > start) {
            int rc = one(u, s + start, i - start, query, seen, err);
            if (rc)
                return rc;
        }
        start = i + 1;
    }
    return 0;
}

int kc_p11_uri_parse(kc_p11_uri *u, const char *s, kc_error *err)
{
    GHashTable *seen = NULL;
    const char *q;
    size_t n;
    int rc;

    memset(u, 0, sizeof *u);
    if (!s || g_ascii_strncasecmp(s, "pkcs11:", 7) != 0)
        return kc_error_set(err, KC_EFORMAT, "%s", _("not a PKCS#11 URI (pkcs11:…)"));
    n = strlen(s);
    if (n > URI_MAX)
        return kc_error_set(err, KC_EFORMAT, "%s", _("the PKCS#11 URI is too long"));
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x21 || s[i] == 0x7f)
            return kc_error_set(err, KC_EFORMAT, "%s", _("the PKCS#11 URI has a space or a control character (escape it as %20)"));
    s += 7;
    n -= 7;
    q = memchr(s, '?', n);
    seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    rc = split(u, s, q ? (size_t)(q - s) : n, ';', false, seen, err);
    if (rc == 0 && q)
        rc = split(u, q + 1, n - (size_t)(q - s) - 1, '&', true, seen, err);
    g_hash_table_destroy(seen);
    if (rc)
        kc_p11_uri_clear(u);
    return rc;
}
