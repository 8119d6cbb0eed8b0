/* keys.h (internal): the sealer's key and certificate, wherever the commune
 * keeps them: a PKCS#11 token (a USB token, named by an RFC 7512 pkcs11:
 * URI, reached through libp11), a PKCS#12 file (.p12/.pfx, with its
 * certificate and chain), or a PEM key (passphrase-protected or not) with a
 * PEM certificate.  PINs and passphrases come from the caller's secret
 * callback (the terminal, a file, the environment), never from an argument.
 *
 * OpenSSL objects go only to seal.c, which signs with them; the key of a
 * token stays on the token (libp11 gives an EVP_PKEY whose RSA or EC
 * methods ask the token to sign). */
#ifndef KC_KEYS_H
#define KC_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "kiemchung/dossier.h"

/* ---- RFC 7512 pkcs11: URIs (p11_uri.c) ------------------------------------------ */

typedef struct kc_p11_uri {
    /* path attributes; NULL when absent */
    char *token, *manufacturer, *serial, *model;        /* the token */
    char *slot_description, *slot_manufacturer;         /* its slot */
    char *library_manufacturer, *library_description;   /* the module */
    char *object, *type;                                /* the object: its label, "private", "cert" ... */
    unsigned char *id;                                  /* CKA_ID, id_len bytes */
    size_t id_len;
    bool has_id, has_slot_id;
    unsigned long slot_id;
    /* query attributes */
    char *module_path, *module_name, *pin_source;
} kc_p11_uri;

/* Parses "pkcs11:token=…;object=…?module-path=…".  Percent-escapes are
 * decoded; an unknown attribute (other than x-…), a repeated one, a bad
 * escape or text that is not UTF-8 is KC_EFORMAT; a pin-value (a PIN on the
 * command line) is KC_EINVAL.  u is cleared first; free with clear. */
int kc_p11_uri_parse(kc_p11_uri *u, const char *s, kc_error *err);
void kc_p11_uri_clear(kc_p11_uri *u);

/* ---- the signer (keys.c, keys_p11.c) -------------------------------------------- */

typedef struct kc_signer kc_signer;

/* Opens what opts names: opts->key is a pkcs11: URI, a PKCS#12 file, or a
 * PEM key; opts->cert the certificate when the key does not bring one (a
 * token's certificate is the URI's object's, or the one with the key's id);
 * opts->chain more intermediates.  The key must belong to the certificate.
 * KC_EIO (cannot read), KC_EFORMAT (not a key), KC_EINVAL (no PIN or
 * passphrase, a wrong one, no such object, nothing matching). */
int kc_signer_open(kc_signer **out, const kc_seal_opts *opts, kc_error *err);
EVP_PKEY *kc_signer_key(const kc_signer *s);              /* borrowed */
X509 *kc_signer_cert(const kc_signer *s);                 /* borrowed */
STACK_OF(X509) *kc_signer_chain(const kc_signer *s);      /* borrowed, maybe empty */
/* The PKCS#11 module that was loaded and why it was chosen, or NULL. */
const char *kc_signer_module(const kc_signer *s);
void kc_signer_free(kc_signer *s);

/* keys_p11.c: the token's part of kc_signer_open.  Fills *key, *cert (when
 * the token has it and want_cert) and *module; the returned handle keeps the
 * module loaded while the key is used (free with kc_p11_close). */
typedef struct kc_p11 kc_p11;
int kc_p11_open(kc_p11 **out, EVP_PKEY **key, X509 **cert, char **module, const kc_seal_opts *opts,
                bool want_cert, kc_error *err);
void kc_p11_close(kc_p11 *p);

/* Asks opts->secret for a PIN or passphrase into buf (NUL-terminated);
 * KC_EINVAL naming what when there is no callback or it gives up. */
int kc_signer_ask(const kc_seal_opts *opts, kc_secret_kind kind, const char *what, char *buf,
                  size_t size, kc_error *err);

#endif
