/* trust_files.c: reading the trust files and folders into the trust store.
 *
 * A --trust path is a file or a directory.  A file may be PEM (a bundle of
 * certificates and CRLs, with comments or "Bag Attributes" around them) or
 * one DER certificate or CRL; a directory is read one level deep, in name
 * order, skipping the notes and keys that trust folders collect.  What is
 * found goes into the store through kc_trust_add_cert and kc_trust_add_crl
 * (trust.c, see trust_internal.h), the only way in to struct kc_trust. */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <glib.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "i18n.h"
#include "trust_internal.h"
#include "util.h"

/* A trust file larger than this is not a certificate bundle. */
#define KC_TRUST_MAX_FILE (16u << 20)

static int read_file(const char *path, unsigned char **buf, size_t *len, kc_error *err)
{
    int rc = kc_file_read((char **)buf, len, path, KC_TRUST_MAX_FILE, err);
    if (rc == KC_ELIMIT)
        kc_error_set(err, KC_ELIMIT, _("%s: too large for a certificate file"), path);
    return rc;
}

/* Whether the bytes look like PEM: a "-----BEGIN " line anywhere, as bundles
 * often start with comments or "Bag Attributes" text. */
static bool looks_pem(const unsigned char *buf, size_t len)
{
    static const char tag[] = "-----BEGIN ";
    size_t n = sizeof tag - 1;

    for (size_t i = 0; i + n <= len; i++)
        if (buf[i] == '-' && memcmp(buf + i, tag, n) == 0)
            return true;
    return false;
}

/* Adds what one PEM buffer holds; *found counts certificates and CRLs. */
static int add_pem(kc_trust *t, const unsigned char *buf, size_t len, size_t *found)
{
    BIO *bio = NULL;
    STACK_OF(X509_INFO) *infos = NULL;
    int rc = KC_EFORMAT;

    bio = BIO_new_mem_buf(buf, (int)len);
    if (!bio) {
        rc = KC_ENOMEM;
        goto out;
    }
    infos = PEM_X509_INFO_read_bio(bio, NULL, NULL, NULL);
    if (!infos)
        goto out;
    rc = 0;
    for (int i = 0; i < sk_X509_INFO_num(infos) && rc == 0; i++) {
        X509_INFO *xi = sk_X509_INFO_value(infos, i);

        /* Private keys that happen to sit in a bundle are ignored: a trust
         * store has no use for them. */
        if (xi->x509) {
            rc = kc_trust_add_cert(t, xi->x509);
            (*found)++;
        }
        if (xi->crl && rc == 0) {
            rc = kc_trust_add_crl(t, xi->crl);
            (*found)++;
        }
    }
out:
    sk_X509_INFO_pop_free(infos, X509_INFO_free);
    BIO_free(bio);
    return rc;
}

/* DER holds one object whose length ends it; anything after it but trailing
 * white space (an editor's newline) means it is not what we think. */
static bool der_consumed(const unsigned char *p, const unsigned char *end)
{
    for (; p < end; p++)
        if (*p != '\n' && *p != '\r' && *p != ' ' && *p != '\t' && *p != 0)
            return false;
    return true;
}

static int add_der(kc_trust *t, const unsigned char *buf, size_t len, size_t *found)
{
    const unsigned char *p = buf;
    X509 *x = NULL;
    X509_CRL *c = NULL;
    int rc = 0;

    if (len > (size_t)LONG_MAX)
        return KC_EFORMAT;
    x = d2i_X509(NULL, &p, (long)len);
    if (x && der_consumed(p, buf + len)) {
        rc = kc_trust_add_cert(t, x);
        (*found)++;
        goto out;
    }
    p = buf;
    c = d2i_X509_CRL(NULL, &p, (long)len);
    if (c && der_consumed(p, buf + len)) {
        rc = kc_trust_add_crl(t, c);
        (*found)++;
    }
out:
    X509_free(x);
    X509_CRL_free(c);
    return rc;
}

/* Adds one file.  In a directory (explicit == false) a file holding nothing
 * usable is skipped: trust directories collect notes and keys beside the
 * certificates.  A file the user named is an error instead. */
static int add_file(kc_trust *t, const char *path, bool explicit, kc_error *err)
{
    unsigned char *buf = NULL;
    size_t len = 0, found = 0;
    int rc;

    rc = read_file(path, &buf, &len, err);
    if (rc)
        goto out;
    rc = looks_pem(buf, len) ? add_pem(t, buf, len, &found) : add_der(t, buf, len, &found);
    ERR_clear_error();
    if (rc == KC_ENOMEM) {
        kc_error_oom(err);
        goto out;
    }
    if (rc == 0 && found > 0)
        goto out;
    if (!explicit) {
        rc = 0;
        goto out;
    }
    rc = kc_error_set(err, KC_EFORMAT, _("%s: holds no certificate or CRL"), path);
out:
    free(buf);
    return rc;
}

static bool ends_with_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* Files a trust directory commonly holds beside its certificates. */
static bool skipped_name(const char *name)
{
    return name[0] == '.' || strncasecmp(name, "README", 6) == 0 ||
           ends_with_ci(name, ".md") || ends_with_ci(name, ".txt") ||
           ends_with_ci(name, ".key");
}

static bool usable_name(const char *name, void *ud)
{
    (void)ud;
    return !skipped_name(name);
}

/* The directory's state-roots.txt, if it has one: the roots of this
 * directory under which a role read from a certificate's subject (a leader's
 * title, the committee's name) counts, beside the built-in state roots
 * (cms_anchor.c).  A CA a district adds for other signatures (a bank's, a
 * ministry's) writes any subject its customer asks for; only the user can
 * say that a root of their own (the older G1 government root, a province's
 * PKI, the test PKI) checks an official's subject as the state's CAs do.
 * One file name of the directory a line; '#' starts a comment.  A line
 * naming no root certificate of the directory is an error, not a silent
 * nothing: the user meant a root to count. */
#define KC_STATE_ROOTS_FILE "state-roots.txt"

static int read_state_roots(kc_trust *t, const char *dir, kc_error *err)
{
    char *path = g_strdup_printf("%s/%s", dir, KC_STATE_ROOTS_FILE), *text = NULL;
    size_t len = 0, line = 0;
    struct stat st;
    int rc = 0;

    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        goto out; /* none: only the built-in roots */
    if ((rc = kc_file_read(&text, &len, path, 1u << 20, err)) != 0)
        goto out;
    for (char *p = text, *nl; rc == 0 && p && *p; p = nl ? nl + 1 : NULL) {
        nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        line++;
        char *hash = strchr(p, '#');
        if (hash)
            *hash = '\0';
        char *name = g_strstrip(p);
        if (!*name)
            continue;
        char *file = g_strdup_printf("%s/%s", dir, name);
        kc_trust *one = NULL;
        struct stat fs;
        if (strchr(name, '/') || skipped_name(name) || stat(file, &fs) != 0 || !S_ISREG(fs.st_mode))
            rc = kc_error_set(err, KC_EFORMAT,
                              _("%s, line %zu: %s is not a certificate file of this trust directory (give the file "
                                "name of a root certificate the directory holds)"),
                              path, line, name);
        else if ((rc = kc_trust_new(&one, err)) == 0 && (rc = add_file(one, file, true, err)) == 0 &&
                 kc_trust_declare_roots_of(t, one) == 0)
            rc = kc_error_set(err, KC_EFORMAT,
                              _("%s, line %zu: %s holds no root certificate (self-signed): only a root is declared "
                                "a state root, its intermediates follow it"),
                              path, line, name);
        kc_trust_free(one);
        g_free(file);
    }
out:
    free(text);
    g_free(path);
    return rc;
}

/* Every regular file directly inside dir, in name order so that runs are
 * reproducible whatever order the file system lists them in. */
static int add_dir(kc_trust *t, const char *dir, kc_error *err)
{
    GPtrArray *names = NULL;
    int rc = kc_dir_list(&names, dir, usable_name, NULL, err);
    for (guint i = 0; rc == 0 && i < names->len; i++) {
        char *path = g_strdup_printf("%s/%s", dir, (const char *)names->pdata[i]);
        struct stat st;
        /* stat, not lstat: a symlink to a certificate (as in /etc/ssl/certs)
         * counts; subdirectories and devices do not. */
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
            rc = add_file(t, path, false, err);
        g_free(path);
    }
    if (names)
        g_ptr_array_unref(names);
    if (rc == 0)
        rc = read_state_roots(t, dir, err);
    return rc;
}

int kc_trust_add_path(kc_trust *trust, const char *path, kc_error *err)
{
    struct stat st;

    if (!trust || !path)
        return kc_error_set(err, KC_EINVAL, "%s", _("no trust store or path"));
    if (stat(path, &st) != 0)
        return kc_error_set(err, KC_EIO, _("%s: cannot open: %s"), path, strerror(errno));
    if (S_ISDIR(st.st_mode))
        return add_dir(trust, path, err);
    return add_file(trust, path, true, err);
}
