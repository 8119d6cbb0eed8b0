/* keys_p11.c: the sealer's key on a PKCS#11 token, through libp11's PKCS11_*
 * API (not its OpenSSL engine: engines are deprecated in OpenSSL 3, and
 * Debian 12 has no PKCS#11 provider).  libp11 gives an EVP_PKEY whose RSA or
 * EC methods send each signature to the token, so OpenSSL's CMS code signs
 * with it as with any key; the private key never leaves the token.
 *
 * The module: --module, else the URI's module-path (or module-name, looked
 * up where p11-kit installs modules), else p11-kit-proxy, which reaches every
 * token p11-kit knows.  The token: the one slot whose token matches every
 * attribute the URI gives (several matching is an error: sealing with the
 * wrong one would be worse).  The key: the private key matching the URI's
 * object and id (the only one when the URI names none).  The certificate:
 * --cert, else the token's with the key's id, else the token's whose public
 * key is the key's.  A wrong PIN is reported, never retried: tokens lock
 * after a few. */
#include <glib.h>
#include <libp11.h>
#include <openssl/err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "keys.h"
#include "util.h"

#define PIN_MAX 256

struct kc_p11 {
    PKCS11_CTX *ctx;
    PKCS11_SLOT *slots;
    unsigned nslots;
    bool loaded;
};

void kc_p11_close(kc_p11 *p)
{
    if (!p)
        return;
    if (p->slots)
        PKCS11_release_all_slots(p->ctx, p->slots, p->nslots);
    if (p->loaded)
        PKCS11_CTX_unload(p->ctx);
    if (p->ctx)
        PKCS11_CTX_free(p->ctx);
    free(p);
}

static const char *const lib_dirs[] = {
    "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib/i386-linux-gnu",
    "/usr/lib64", "/usr/lib", "/usr/local/lib",
};

static char *find_lib(const char *sub, const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(lib_dirs); i++) {
        char *p = g_build_filename(lib_dirs[i], sub, name, NULL);
        if (access(p, R_OK) == 0)
            return p;
        g_free(p);
    }
    return NULL;
}

/* The module to load, and a sentence saying why it was chosen. */
static int choose_module(char **path, char **why, const kc_seal_opts *opts, const kc_p11_uri *u, kc_error *err)
{
    char *found = NULL;
    if (opts->module) {
        *path = g_strdup(opts->module);
        *why = g_strdup_printf(_("%s (--module)"), opts->module);
        return 0;
    }
    if (u->module_path) {
        *path = g_strdup(u->module_path);
        *why = g_strdup_printf(_("%s (the URI's module-path)"), u->module_path);
        return 0;
    }
    if (u->module_name) {
        char *file = g_strconcat(u->module_name, ".so", NULL);
        if (!strchr(u->module_name, '/'))
            found = find_lib("pkcs11", file);
        g_free(file);
        if (!found)
            return kc_error_set(err, KC_EINVAL, _("no PKCS#11 module called %s is installed: give its library with --module PATH"),
                                u->module_name);
        *path = found;
        *why = g_strdup_printf(_("%s (the URI's module-name)"), found);
        return 0;
    }
    if ((found = find_lib("", "p11-kit-proxy.so")) != NULL) {
        *path = found;
        *why = g_strdup_printf(_("%s (p11-kit-proxy, the default: every token p11-kit knows)"), found);
        return 0;
    }
    return kc_error_set(err, KC_EINVAL, "%s",
                        _("no PKCS#11 module: give the token vendor's library with --module PATH (or install p11-kit-modules, whose p11-kit-proxy reaches every token p11-kit knows)"));
}

static bool same(const char *want, const char *have)
{
    return !want || (have && strcmp(want, have) == 0);
}

static bool token_matches(PKCS11_SLOT *slot, const kc_p11_uri *u)
{
    PKCS11_TOKEN *t = slot->token;
    if (!t)
        return false;
    return same(u->token, t->label) && same(u->manufacturer, t->manufacturer) && same(u->serial, t->serialnr) &&
           same(u->model, t->model) && same(u->slot_description, slot->description) &&
           same(u->slot_manufacturer, slot->manufacturer) &&
           (!u->has_slot_id || PKCS11_get_slotid_from_slot(slot) == u->slot_id);
}

static bool object_matches(const char *label, const unsigned char *id, size_t id_len, const kc_p11_uri *u)
{
    return same(u->object, label) && (!u->has_id || (id_len == u->id_len && memcmp(id, u->id, id_len) == 0));
}

/* The PIN: the URI's pin-source file (RFC 7512), else the caller's callback. */
static int get_pin(char pin[PIN_MAX], const kc_p11_uri *u, PKCS11_TOKEN *t, const kc_seal_opts *opts, kc_error *err)
{
    char what[512];
    if (u->pin_source) {
        const char *path = g_str_has_prefix(u->pin_source, "file:") ? u->pin_source + 5 : u->pin_source;
        gchar *data = NULL;
        gsize n = 0;
        if (!g_file_get_contents(path, &data, &n, NULL))
            return kc_error_set(err, KC_EIO, _("%s: cannot be read"), path);
        n = strcspn(data, "\r\n");
        if (n >= PIN_MAX)
            n = PIN_MAX - 1;
        memcpy(pin, data, n);
        pin[n] = '\0';
        OPENSSL_cleanse(data, strlen(data));
        g_free(data);
        return 0;
    }
    snprintf(what, sizeof what, t->userPinFinalTry ? _("the PIN of token %s (LAST TRY: a wrong PIN now locks the token)")
                                                   : _("the PIN of token %s"), t->label ? t->label : "?");
    return kc_signer_ask(opts, KC_SECRET_PIN, what, pin, PIN_MAX, err);
}

static int find_slot(PKCS11_SLOT **out, kc_p11 *p, const kc_p11_uri *u, const char *uri, kc_error *err)
{
    GString *seen = g_string_new(NULL);
    PKCS11_SLOT *hit = NULL;
    unsigned hits = 0;
    for (unsigned i = 0; i < p->nslots; i++) {
        PKCS11_SLOT *s = &p->slots[i];
        if (!s->token || !s->token->initialized)
            continue;
        g_string_append_printf(seen, "%s\"%s\"", seen->len ? ", " : "", s->token->label ? s->token->label : "");
        if (token_matches(s, u)) {
            hit = s;
            hits++;
        }
    }
    int rc = 0;
    if (hits == 0)
        rc = kc_error_set(err, KC_EINVAL, _("no token matches %s (tokens present: %s)"), uri,
                          seen->len ? seen->str : _("none"));
    else if (hits > 1)
        rc = kc_error_set(err, KC_EINVAL, _("%u tokens match %s: name one with token=…, serial=… or slot-id=…"), hits, uri);
    g_string_free(seen, TRUE);
    *out = hit;
    return rc;
}

static int login(PKCS11_SLOT *slot, const kc_p11_uri *u, const kc_seal_opts *opts, kc_error *err)
{
    PKCS11_TOKEN *t = slot->token;
    char pin[PIN_MAX];
    int in = 0, rc;

    if (t->userPinLocked)
        return kc_error_set(err, KC_EINVAL, _("token %s: its PIN is locked (too many wrong PINs); unblock it with the vendor's tool"),
                            t->label);
    if (!t->loginRequired || (PKCS11_is_logged_in(slot, 0, &in) == 0 && in))
        return 0;
    if ((rc = get_pin(pin, u, t, opts, err)) != 0)
        return rc;
    if (PKCS11_login(slot, 0, pin) != 0)
        rc = kc_error_set(err, KC_EINVAL, _("token %s refused the PIN (a wrong PIN? a few wrong ones lock the token)"),
                          t->label);
    OPENSSL_cleanse(pin, sizeof pin);
    ERR_clear_error();
    return rc;
}

/* The private key the URI names (by the certificate it names, for type=cert). */
static int find_key(PKCS11_KEY **out, PKCS11_TOKEN *t, const kc_p11_uri *u, const char *uri, kc_error *err)
{
    PKCS11_KEY *keys = NULL, *hit = NULL;
    unsigned nkeys = 0, hits = 0;
    bool by_cert = u->type && strcmp(u->type, "cert") == 0;

    if (u->type && !by_cert && strcmp(u->type, "private") != 0)
        return kc_error_set(err, KC_EINVAL, _("%s names a %s object: a seal needs a private key (type=private) or its certificate (type=cert)"),
                            uri, u->type);
    if (by_cert) {
        PKCS11_CERT *certs = NULL;
        unsigned ncerts = 0;
        if (PKCS11_enumerate_certs(t, &certs, &ncerts) != 0)
            ncerts = 0;
        for (unsigned i = 0; i < ncerts; i++)
            if (object_matches(certs[i].label, certs[i].id, certs[i].id_len, u) && (hit = PKCS11_find_key(&certs[i])))
                hits++;
    } else if (PKCS11_enumerate_keys(t, &keys, &nkeys) == 0) {
        for (unsigned i = 0; i < nkeys; i++)
            if (object_matches(keys[i].label, keys[i].id, keys[i].id_len, u)) {
                hit = &keys[i];
                hits++;
            }
    }
    ERR_clear_error();
    *out = hit;
    if (hits == 0)
        return kc_error_set(err, KC_EINVAL, _("token %s has no private key matching %s"), t->label, uri);
    if (hits > 1)
        return kc_error_set(err, KC_EINVAL, _("token %s has %u private keys matching %s: name one with object=… or id=…"),
                            t->label, hits, uri);
    return 0;
}

/* The key's certificate on the token: by id, else by public key. */
static X509 *find_cert(PKCS11_TOKEN *t, PKCS11_KEY *k, EVP_PKEY *key)
{
    PKCS11_CERT *c = PKCS11_find_certificate(k), *certs = NULL;
    unsigned n = 0;
    if (c && c->x509)
        return X509_dup(c->x509);
    if (PKCS11_enumerate_certs(t, &certs, &n) != 0)
        n = 0;
    for (unsigned i = 0; i < n; i++)
        if (certs[i].x509 && EVP_PKEY_eq(X509_get0_pubkey(certs[i].x509), key) == 1)
            return X509_dup(certs[i].x509);
    ERR_clear_error();
    return NULL;
}

int kc_p11_open(kc_p11 **out, EVP_PKEY **key, X509 **cert, char **module, const kc_seal_opts *opts,
                bool want_cert, kc_error *err)
{
    kc_p11_uri u;
    kc_p11 *p = NULL;
    PKCS11_SLOT *slot = NULL;
    PKCS11_KEY *k = NULL;
    char *path = NULL, *why = NULL;
    int rc;

    if ((rc = kc_p11_uri_parse(&u, opts->key, err)) != 0)
        return rc;
    if ((rc = choose_module(&path, &why, opts, &u, err)) != 0)
        goto out;
    if (!(p = calloc(1, sizeof *p)) || !(p->ctx = PKCS11_CTX_new())) {
        rc = kc_error_oom(err);
        goto out;
    }
    if (PKCS11_CTX_load(p->ctx, path) != 0) {
        rc = kc_error_set(err, KC_EINVAL, _("the PKCS#11 module %s cannot be loaded"), path);
        goto out;
    }
    p->loaded = true;
    if (PKCS11_enumerate_slots(p->ctx, &p->slots, &p->nslots) != 0) {
        p->slots = NULL;
        rc = kc_error_set(err, KC_EINVAL, _("the PKCS#11 module %s lists no slots"), path);
        goto out;
    }
    if ((rc = find_slot(&slot, p, &u, opts->key, err)) != 0 || (rc = login(slot, &u, opts, err)) != 0 ||
        (rc = find_key(&k, slot->token, &u, opts->key, err)) != 0)
        goto out;
    if (!(*key = PKCS11_get_private_key(k))) {
        rc = kc_error_set(err, KC_EINVAL, _("token %s: the key cannot be used (unsupported key type?)"), slot->token->label);
        goto out;
    }
    if (want_cert)
        *cert = find_cert(slot->token, k, *key);
    *module = why; /* GLib memory is malloc memory (util.h) */
    why = NULL;
    *out = p;
    p = NULL;
out:
    kc_p11_close(p);
    kc_p11_uri_clear(&u);
    g_free(path);
    g_free(why);
    ERR_clear_error();
    return rc;
}
