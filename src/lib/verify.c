/* verify.c: the verdict on one document: finds its signatures (embedded in a
 * PDF, or a detached FILE.p7s beside it), hashes every signed range in one
 * pass, checks each CMS, the coverage of each PDF signature, and the roles.
 * The signatures embedded in a PDF are examined in verify_pdf.c; this file
 * holds the entry points, detached signatures and how a result is settled. */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cms_check.h"
#include "kiemchung/ratios.h"
#include "hash.h"
#include "i18n.h"
#include "pdf.h"
#include "text.h"
#include "util.h"
#include "verdict.h"
#include "verify_internal.h"

void kc_verify_deadline(unsigned seconds)
{
    kc_hash_deadline(seconds);
}

bool kc_verify_deadline_passed(void)
{
    return kc_hash_deadline_passed();
}

int kc_verify_fail_doc(kc_verdict *v, const char *msg)
{
    v->status = KC_STATUS_ERROR;
    free(v->error);
    v->error = strdup(msg);
    return v->error ? 0 : KC_ENOMEM;
}

void kc_verify_set_detail(kc_sig_info *info, const char *msg)
{
    if (!info->detail && msg)
        info->detail = strdup(msg);
}

/* The signer's role, from the certificate alone. */
void kc_verify_classify(kc_sig_info *info, const kc_roles *roles)
{
    /* A serial means something only with its issuer. */
    kc_signer_id who = {info->signer, info->title, info->organization, info->serial, info->fingerprint,
                        info->issuer, info->unit, info->person_mark, info->pseudonym, info->issuer_certain};
    info->role = kc_roles_classify(roles, &who);
    kc_cms_withhold_role(info, roles, &who);
}

/* Validity and the flags that follow from the reasons. */
void kc_verify_settle_sig(kc_sig_info *info)
{
    if (info->reasons & (KC_R_BYTERANGE | KC_R_CONTENTS | KC_R_DIGEST_MISMATCH | KC_R_BAD_SIGNATURE |
                         KC_R_WEAK_ALGORITHM | KC_R_UNSUPPORTED | KC_R_NO_SIGNER_CERT))
        info->intact = false;
    info->valid = info->intact && info->trusted && info->covers_document && info->reasons == 0;
    /* Valid but for a proof of its time: neither valid nor invalid. */
    info->indeterminate = info->intact && info->covers_document &&
                          info->reasons == KC_R_NO_PROOF_OF_TIME;
}

/* Role, validity, and the flags that follow from the reasons. */
static void finish_sig(kc_sig_info *info, const kc_roles *roles)
{
    kc_verify_classify(info, roles);
    kc_verify_settle_sig(info);
}


/* The detached signature of a document: the file p7s names, or (kc_verify_fd)
 * bytes the caller holds, data (len bytes; p7s then only names it). */
typedef struct detached {
    const char *p7s;
    const void *data;
    size_t len;
} detached;

/* buf (*len bytes and a NUL, malloc'd; taken) as DER: PEM ("-----BEGIN
 * ...-----") decoded, DER as it is; NULL with *why when the PEM is malformed. */
static unsigned char *p7s_der(char *buf, size_t *len, const char *name, char **why)
{
    if (*len > 11 && memcmp(buf, "-----BEGIN ", 11) == 0) {
        char *body = strchr(buf, '\n');
        char *end = body ? strstr(body, "-----END ") : NULL;
        gsize dlen = 0;
        guchar *der = NULL;
        if (end) {
            *end = '\0';
            der = g_base64_decode(body, &dlen);
        }
        free(buf);
        if (!dlen) {
            g_free(der);
            *why = g_strdup_printf(_("%s: malformed PEM"), name);
            return NULL;
        }
        *len = dlen;
        return der;
    }
    return (unsigned char *)buf;
}

unsigned char *kc_verify_read_p7s(const char *p7s, size_t *len, char **why)
{
    char *buf = NULL;
    if (kc_file_read(&buf, len, p7s, KC_P7S_MAX, NULL) != 0 || *len == 0) {
        *why = g_strdup_printf(_("%s: cannot read the detached signature"), p7s);
        free(buf);
        return NULL;
    }
    return p7s_der(buf, len, p7s, why);
}

/* d's signature as DER: the bytes the caller holds, else the file. */
static unsigned char *load_p7s(const detached *d, size_t *len, char **why)
{
    char *buf;
    if (!d->data)
        return kc_verify_read_p7s(d->p7s, len, why);
    if (d->len == 0 || d->len > KC_P7S_MAX) {
        *why = g_strdup_printf(_("%s: cannot read the detached signature"), d->p7s);
        return NULL;
    }
    buf = g_malloc(d->len + 1);
    memcpy(buf, d->data, d->len);
    buf[d->len] = '\0'; /* as kc_file_read ends it: the PEM search relies on it */
    *len = d->len;
    return p7s_der(buf, len, d->p7s, why);
}

/* The detached signature p7s over the file open at fd (size bytes; mem: all
 * of them already read, or NULL). */
static int verify_detached(kc_verdict *v, int fd, uint64_t size, const unsigned char *mem, const detached *p7s,
                           const kc_trust *trust, const kc_verify_opts *opts, const kc_roles *roles)
{
    size_t len = 0;
    char *why = NULL;
    kc_cms *cms = NULL;
    kc_error e = {0};
    int rc = 0;
    kc_sig_info sig = {0}, *info = &sig;
    info->kind = KC_SIG_DETACHED;
    info->covers_document = true; /* a detached signature is over every byte */
    unsigned char *der = load_p7s(p7s, &len, &why);
    if (!der) {
        info->reasons |= KC_R_CONTENTS;
        kc_verify_set_detail(info, why);
        goto out;
    }
    rc = kc_cms_parse_shared(&cms, der, len, trust, &e);
    if (rc == KC_ENOMEM)
        goto out;
    if (rc != 0) {
        rc = 0;
        info->reasons |= KC_R_CONTENTS;
        kc_verify_set_detail(info, e.message);
        goto out;
    }
    kc_hash_job job = {.md_name = kc_cms_digest_name(cms), .off = {0}, .len = {size}, .n_ranges = 1};
    kc_hash_job *jobs[] = {&job};
    rc = mem ? kc_hash_ranges_mem(mem, size, jobs, 1, &e) : kc_hash_ranges(fd, size, jobs, 1, &e);
    if (rc != 0) {
        rc = rc == KC_ENOMEM ? rc : kc_verify_fail_doc(v, e.message);
        goto out;
    }
    info->signed_bytes = size;
    if (!job.ok) {
        info->reasons |= KC_R_UNSUPPORTED;
        kc_verify_set_detail(info, _("unknown digest algorithm"));
    } else {
        rc = kc_cms_check(cms, job.digest, job.digest_len, trust, opts, info, &e);
    }
out:
    finish_sig(info, roles);
    kc_verdict_take_sig(v, info);
    kc_cms_free(cms);
    free(der);
    g_free(why);
    return rc;
}

/* "%PDF-" in the first 1024 bytes, where viewers look for it: from the
 * file's bytes when they are read already (mem, size of them), else read. */
static bool looks_like_pdf(int fd, const unsigned char *mem, uint64_t size)
{
    unsigned char head[1024];
    ssize_t n = mem ? (ssize_t)(size < sizeof head ? size : sizeof head) : pread(fd, head, sizeof head, 0);
    return n >= 8 && memmem(mem ? mem : head, (size_t)n, "%PDF-", 5) != NULL;
}

/* What kc_verify_file and kc_verify_fd share: the document open at fd
 * (negative: it could not be opened, for the reason why), named name in the
 * verdict, with its detached signature p7s (NULL: none). */
static int examine(kc_verdict **out, const kc_trust *trust, const char *name, int fd, const char *why,
                   const detached *p7s, const kc_verify_opts *opts, kc_hash_job *whole, kc_error *err)
{
    static const kc_verify_opts defaults = {0};
    kc_verdict *v = NULL;
    kc_roles *own_roles = NULL;
    unsigned char *mem = NULL;
    int rc = KC_ENOMEM;
    struct stat st;

    v = kc_verdict_new(name);
    opts = opts ? opts : &defaults;
    v->accept_claimed_time = opts->accept_claimed_time;
    const kc_roles *roles = opts->roles;
    if (!roles) {
        if (kc_roles_new(&own_roles, err) != 0)
            goto out;
        roles = own_roles;
    }
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        char *msg = g_strdup_printf(_("%s: cannot open: %s"), name, fd < 0 ? why : _("not a regular file"));
        rc = kc_verify_fail_doc(v, msg);
        g_free(msg);
        goto done;
    }
    /* A small file is read once, here, whole: the PDF reader parses it and
     * the signatures are hashed from these bytes, and the header is looked
     * for in them (a system call a document fewer, issue 16). */
    mem = kc_pdf_read_whole(fd, (uint64_t)st.st_size);
    bool is_pdf = looks_like_pdf(fd, mem, (uint64_t)st.st_size);
    rc = 0;
    if (whole)
        whole->len[0] = (uint64_t)st.st_size;
    if (is_pdf)
        rc = kc_verify_pdf(v, fd, (uint64_t)st.st_size, mem, trust, opts, roles, whole);
    if (rc == 0 && p7s && v->status != KC_STATUS_ERROR)
        rc = verify_detached(v, fd, (uint64_t)st.st_size, mem, p7s, trust, opts, roles);
    if (rc == 0 && !is_pdf && !p7s)
        rc = kc_verify_fail_doc(v, _("not a PDF, and no detached signature (.p7s) beside it"));
done:
    if (rc != 0)
        goto out;
    kc_verdict_settle(v);
    *out = v;
    v = NULL;
out:
    free(mem);
    kc_roles_free(own_roles);
    kc_verdict_free(v);
    return rc == KC_ENOMEM ? kc_error_oom(err) : rc;
}

int kc_verify_file(kc_verdict **out, const kc_trust *trust, const char *path,
                   const kc_verify_opts *opts, kc_error *err)
{
    if (!out || !trust || !path)
        return kc_error_set(err, KC_EINVAL, "kc_verify_file: NULL argument");
    /* O_NONBLOCK: opening a FIFO (a "document.pdf" that is a named pipe in a
     * folder being walked) would otherwise wait for a writer for ever; it is
     * refused as not a regular file, and regular files ignore the flag. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    const char *why = fd < 0 ? g_strerror(errno) : NULL;
    char *p7s = g_strconcat(path, ".p7s", NULL);
    detached det = {p7s, NULL, 0};
    int rc = examine(out, trust, path, fd, why, fd >= 0 && access(p7s, F_OK) == 0 ? &det : NULL, opts, NULL, err);
    if (fd >= 0)
        close(fd);
    g_free(p7s);
    return rc;
}

/* kc_verify_fd's body; whole (NULL: none) is one more hash job of the pass. */
static int examine_fd(kc_verdict **out, const kc_trust *trust, const char *name, int fd, const void *p7s,
                      size_t p7s_len, const kc_verify_opts *opts, kc_hash_job *whole, kc_error *err)
{
    char *p7s_name = g_strconcat(name, ".p7s", NULL);
    detached det = {p7s_name, p7s, p7s_len};
    int rc = examine(out, trust, name, fd, NULL, p7s ? &det : NULL, opts, whole, err);
    g_free(p7s_name);
    return rc;
}

int kc_verify_fd(kc_verdict **out, const kc_trust *trust, const char *name, int fd, const void *p7s,
                 size_t p7s_len, const kc_verify_opts *opts, kc_error *err)
{
    if (!out || !trust || !name || fd < 0)
        return kc_error_set(err, KC_EINVAL, "kc_verify_fd: NULL argument");
    return examine_fd(out, trust, name, fd, p7s, p7s_len, opts, NULL, err);
}

int kc_verify_fd_sha256(kc_verdict **out, const kc_trust *trust, const char *name, int fd, const void *p7s,
                        size_t p7s_len, const kc_verify_opts *opts, unsigned char sha256[32], bool *hashed,
                        kc_error *err)
{
    if (!out || !trust || !name || fd < 0 || !sha256 || !hashed)
        return kc_error_set(err, KC_EINVAL, "kc_verify_fd_sha256: NULL argument");
    kc_hash_job whole = {.md_name = "sha256", .off = {0}, .len = {0}, .n_ranges = 1};
    int rc = examine_fd(out, trust, name, fd, p7s, p7s_len, opts, &whole, err);
    *hashed = rc == 0 && whole.ok && whole.digest_len == 32;
    if (*hashed)
        memcpy(sha256, whole.digest, 32);
    return rc;
}
