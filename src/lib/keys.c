/* keys.c: opening the sealer's key (see keys.h): from a token (keys_p11.c),
 * a PKCS#12 file, or a PEM key and certificate.
 *
 * What a key file is comes from its bytes, not its name: "-----BEGIN" is PEM
 * (an encrypted key asks for its passphrase through the caller's callback,
 * only if it is encrypted), anything else is tried as PKCS#12.  A .pfx
 * exported by Windows or an old CA tool often uses RC2 or 3DES with SHA-1,
 * which OpenSSL 3 keeps in its legacy provider: it is loaded only when the
 * default one cannot read the file.  Secrets live in stack buffers that are
 * wiped as soon as the key is open. */
#include <glib.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "keys.h"
#include "util.h"

#define SECRET_MAX 256
#define KEYFILE_MAX (1u << 20)

struct kc_signer {
    EVP_PKEY *key;
    X509 *cert;
    STACK_OF(X509) *chain;
    char *module;
    kc_p11 *p11;
};

EVP_PKEY *kc_signer_key(const kc_signer *s) { return s->key; }
X509 *kc_signer_cert(const kc_signer *s) { return s->cert; }
STACK_OF(X509) *kc_signer_chain(const kc_signer *s) { return s->chain; }
const char *kc_signer_module(const kc_signer *s) { return s ? s->module : NULL; }

void kc_signer_free(kc_signer *s)
{
    if (!s)
        return;
    /* The key first: a token's key must go before its module is unloaded. */
    EVP_PKEY_free(s->key);
    X509_free(s->cert);
    sk_X509_pop_free(s->chain, X509_free);
    kc_p11_close(s->p11);
    free(s->module);
    free(s);
}

int kc_signer_ask(const kc_seal_opts *opts, kc_secret_kind kind, const char *what, char *buf,
                  size_t size, kc_error *err)
{
    buf[0] = '\0';
    if (!opts->secret || opts->secret(opts->secret_ud, kind, what, buf, size) != 0) {
        OPENSSL_cleanse(buf, size);
        return kc_error_set(err, KC_EINVAL, _("%s is needed and none was given"), what);
    }
    buf[size - 1] = '\0';
    return 0;
}

/* Certificates of --cert or --chain.  The file is read by the shared reader,
 * as the key is, so a missing or unreadable file says why ("cannot open: No
 * such file or directory") in the same words as --key, not a bare "cannot be
 * read" that leaves a clerk guessing which. */
static int read_certs(STACK_OF(X509) *into, X509 **first, const char *path, kc_error *err)
{
    char *data = NULL;
    size_t len = 0;
    int rc = kc_file_read(&data, &len, path, KEYFILE_MAX, err);
    if (rc != 0)
        return rc;
    BIO *b = BIO_new_mem_buf(data, (int)len);
    X509 *x;
    int before = sk_X509_num(into), n = 0;
    if (!b) {
        g_free(data);
        return kc_error_set(err, KC_ENOMEM, _("out of memory"));
    }
    while ((x = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) {
        if (first && !*first)
            *first = x;
        else
            sk_X509_push(into, x);
        n++;
    }
    ERR_clear_error(); /* the end of the file reads as an error */
    BIO_free(b);
    g_free(data);
    (void)before;
    if (n == 0)
        return kc_error_set(err, KC_EFORMAT, _("%s: no PEM certificate in it"), path);
    return 0;
}

typedef struct pem_ask {
    const kc_seal_opts *opts;
    kc_error *err;
    int rc;
    bool asked;
} pem_ask;

/* OpenSSL's password callback: called only for an encrypted key. */
static int pem_password(char *buf, int size, int rwflag, void *u)
{
    pem_ask *a = u;
    char what[512], secret[SECRET_MAX];
    a->asked = true;
    snprintf(what, sizeof what, _("the passphrase of %s"), a->opts->key);
    if ((a->rc = kc_signer_ask(a->opts, KC_SECRET_PASSPHRASE, what, secret, sizeof secret, a->err)) != 0)
        return -1;
    int n = (int)strlen(secret);
    if (n >= size)
        n = size - 1;
    memcpy(buf, secret, (size_t)n);
    OPENSSL_cleanse(secret, sizeof secret);
    return n;
}

static int open_pem(kc_signer *s, const unsigned char *data, size_t len, const kc_seal_opts *opts, kc_error *err)
{
    BIO *b = BIO_new_mem_buf(data, (int)len);
    pem_ask a = {opts, err, 0, false};
    s->key = b ? PEM_read_bio_PrivateKey(b, NULL, pem_password, &a) : NULL;
    BIO_free(b);
    if (s->key)
        return 0;
    if (a.rc)
        return a.rc;
    if (a.asked)
        return kc_error_set(err, KC_EINVAL, _("%s: the passphrase is wrong"), opts->key);
    return kc_error_set(err, KC_EFORMAT, _("%s: not a private key (PEM, PKCS#12 or a pkcs11: URI)"), opts->key);
}

static PKCS12 *parse_p12(const unsigned char *data, size_t len)
{
    const unsigned char *p = data;
    PKCS12 *p12 = d2i_PKCS12(NULL, &p, (long)len);
    if (p12 && p != data + len) {
        PKCS12_free(p12); /* bytes after the structure: not a plain .p12 */
        p12 = NULL;
    }
    return p12;
}

/* PKCS12_parse, with the legacy provider when the default one cannot decrypt. */
static int p12_unpack(PKCS12 *p12, const char *pass, EVP_PKEY **key, X509 **cert, STACK_OF(X509) **ca)
{
    static OSSL_PROVIDER *legacy, *deflt;
    if (PKCS12_parse(p12, pass, key, cert, ca) == 1)
        return 1;
    ERR_clear_error();
    if (!legacy) {
        legacy = OSSL_PROVIDER_try_load(NULL, "legacy", 1);
        deflt = OSSL_PROVIDER_try_load(NULL, "default", 1);
        (void)deflt;
        if (!legacy)
            return 0;
        return PKCS12_parse(p12, pass, key, cert, ca);
    }
    return 0;
}

static int open_p12(kc_signer *s, PKCS12 *p12, const kc_seal_opts *opts, kc_error *err)
{
    char secret[SECRET_MAX] = "", what[512];
    STACK_OF(X509) *ca = NULL;
    int rc = 0;

    /* Without a passphrase first (an empty one is common), then asked. */
    if (!PKCS12_verify_mac(p12, NULL, 0) && !PKCS12_verify_mac(p12, "", 0)) {
        snprintf(what, sizeof what, _("the passphrase of %s"), opts->key);
        if ((rc = kc_signer_ask(opts, KC_SECRET_PASSPHRASE, what, secret, sizeof secret, err)) != 0)
            goto out;
        if (!PKCS12_verify_mac(p12, secret, -1)) {
            rc = kc_error_set(err, KC_EINVAL, _("%s: the passphrase is wrong"), opts->key);
            goto out;
        }
    }
    ERR_clear_error();
    if (!p12_unpack(p12, PKCS12_verify_mac(p12, NULL, 0) ? NULL : secret, &s->key, &s->cert, &ca) || !s->key) {
        rc = kc_error_set(err, KC_EFORMAT, _("%s: the PKCS#12 file cannot be opened (no key in it, or an algorithm OpenSSL does not have)"),
                          opts->key);
        goto out;
    }
    for (int i = 0; i < sk_X509_num(ca); i++)
        sk_X509_push(s->chain, X509_dup(sk_X509_value(ca, i)));
out:
    sk_X509_pop_free(ca, X509_free);
    OPENSSL_cleanse(secret, sizeof secret);
    ERR_clear_error();
    return rc;
}

int kc_signer_open(kc_signer **out, const kc_seal_opts *opts, kc_error *err)
{
    kc_signer *s = NULL;
    unsigned char *data = NULL; /* the key file, whole (keys and certificates are small) */
    size_t len = 0;
    PKCS12 *p12 = NULL;
    X509 *given = NULL;
    int rc = 0;

    if (!out || !opts || !opts->key)
        return kc_error_set(err, KC_EINVAL, "%s", _("sealing needs a key (--key)"));
    if (!(s = calloc(1, sizeof *s)) || !(s->chain = sk_X509_new_null())) {
        free(s);
        return kc_error_oom(err);
    }
    if (opts->cert && (rc = read_certs(s->chain, &given, opts->cert, err)) != 0)
        goto out;
    if (opts->chain && (rc = read_certs(s->chain, NULL, opts->chain, err)) != 0)
        goto out;
    if (g_ascii_strncasecmp(opts->key, "pkcs11:", 7) == 0) {
        rc = kc_p11_open(&s->p11, &s->key, &s->cert, &s->module, opts, given == NULL, err);
    } else if ((rc = kc_file_read((char **)&data, &len, opts->key, KEYFILE_MAX, err)) == 0) {
        if (len >= 10 && memmem(data, len < 4096 ? len : 4096, "-----BEGIN", 10))
            rc = open_pem(s, data, len, opts, err);
        else if ((p12 = parse_p12(data, len)) != NULL)
            rc = open_p12(s, p12, opts, err);
        else
            rc = kc_error_set(err, KC_EFORMAT, _("%s: not a private key (PEM, PKCS#12 or a pkcs11: URI)"), opts->key);
    }
    if (rc)
        goto out;
    if (given) { /* --cert wins over what the key brought */
        X509_free(s->cert);
        s->cert = given;
        given = NULL;
    }
    if (!s->cert) {
        rc = kc_error_set(err, KC_EINVAL, _("%s brings no certificate: give it with --cert"), opts->key);
        goto out;
    }
    if (X509_check_private_key(s->cert, s->key) != 1) {
        rc = kc_error_set(err, KC_EINVAL, _("the key %s does not belong to the certificate %s"), opts->key,
                          opts->cert ? opts->cert : _("that came with it"));
        goto out;
    }
    *out = s;
    s = NULL;
out:
    if (data)
        OPENSSL_cleanse(data, len);
    g_free(data);
    PKCS12_free(p12);
    X509_free(given);
    kc_signer_free(s);
    ERR_clear_error();
    return rc;
}
