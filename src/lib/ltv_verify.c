/* ltv_verify.c: kc_dossier_verify, the signatures of a dossier checked again
 * years later with what the dossier itself holds (check --signatures, verify
 * DOSSIER.zip).
 *
 * The trust is the user's store joined by the dossier's validation data:
 * its certificates only ever as intermediates (a dossier cannot bring its own
 * root: a self-signed certificate from it is dropped), its CRLs and OCSP
 * responses for the revocation rules.  None of that can make a signature
 * valid that the user's anchors would not: a forged intermediate does not
 * chain, a forged CRL or response is not signed by the issuer; what
 * tampering can do is leave data out, which the manifests and the seal catch.
 *
 * The dossier is checked first (kc_check_run_internal, with the same trust
 * for its seal); when the seal is valid and timestamped, its proven time is
 * a proof of existence for every document it covers (all of data/): the
 * verifier then checks each chain at that time, so certificates long expired
 * or revoked later for a harmless reason do not matter, and a compromise
 * still does.  Each document is streamed out of the archive into an
 * anonymous file (a memfd, or a temporary file without a name: nothing is
 * extracted to disk), its bytes compared with the digest the check took, and
 * verified from that descriptor exactly as `verify` would (kc_verify_fd). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <openssl/evp.h>

#include "dossier_model.h"
#include "hash.h"
#include "i18n.h"
#include "ltv.h"
#include "pdftext.h"
#include "revocation.h"
#include "seal.h"
#include "trust_internal.h"
#include "util.h"
#include "verdict.h"

struct kc_dossier_sigs {
    kc_check *check;
    GPtrArray *verdicts;    /* kc_verdict* */
    GArray *recorded;       /* int: kc_status, or -1 without a record */
    GPtrArray *texts;       /* char*: a valid PDF's first and last pages, or NULL (read only when asked) */
    GPtrArray *unread;      /* char*: why a valid PDF's text could not be read, or NULL */
    bool want_texts;
    int64_t poe;
    char *poe_source;
    size_t certs, crls, ocsp;
};

void kc_dossier_sigs_free(kc_dossier_sigs *s)
{
    if (!s)
        return;
    kc_check_free(s->check);
    if (s->verdicts)
        g_ptr_array_free(s->verdicts, TRUE);
    if (s->recorded)
        g_array_free(s->recorded, TRUE);
    if (s->texts)
        g_ptr_array_free(s->texts, TRUE);
    if (s->unread)
        g_ptr_array_free(s->unread, TRUE);
    free(s->poe_source);
    free(s);
}

const kc_check *kc_dossier_sigs_check(const kc_dossier_sigs *s) { return s ? s->check : NULL; }
size_t kc_dossier_sigs_count(const kc_dossier_sigs *s) { return s ? s->verdicts->len : 0; }
const kc_verdict *kc_dossier_sigs_verdict(const kc_dossier_sigs *s, size_t i)
{
    return s && i < s->verdicts->len ? s->verdicts->pdata[i] : NULL;
}
bool kc_dossier_sigs_has_record(const kc_dossier_sigs *s, size_t i)
{
    return s && i < s->recorded->len && g_array_index(s->recorded, int, i) >= 0;
}
const char *kc_dossier_sigs_text(const kc_dossier_sigs *s, size_t i)
{
    return s && s->texts && i < s->texts->len ? s->texts->pdata[i] : NULL;
}
const char *kc_dossier_sigs_text_unread(const kc_dossier_sigs *s, size_t i)
{
    return s && s->unread && i < s->unread->len ? s->unread->pdata[i] : NULL;
}
kc_status kc_dossier_sigs_recorded(const kc_dossier_sigs *s, size_t i)
{
    return kc_dossier_sigs_has_record(s, i) ? (kc_status)g_array_index(s->recorded, int, i) : KC_STATUS_ERROR;
}
int64_t kc_dossier_sigs_poe(const kc_dossier_sigs *s, const char **source)
{
    if (source)
        *source = s ? s->poe_source : NULL;
    return s ? s->poe : 0;
}
void kc_dossier_sigs_material(const kc_dossier_sigs *s, size_t *certs, size_t *crls, size_t *ocsp)
{
    *certs = s ? s->certs : 0;
    *crls = s ? s->crls : 0;
    *ocsp = s ? s->ocsp : 0;
}

/* ---- streaming an entry out ------------------------------------------------------ */

static int write_all(void *ud, const void *buf, size_t n, kc_error *err)
{
    int e = kc_write_all(*(int *)ud, buf, n);
    return e ? kc_error_set(err, KC_EIO, _("cannot write a temporary file: %s"), g_strerror(e)) : 0;
}

int kc_ltv_extract_entry(kc_zr *zr, size_t i, const char *path, const kc_zip_limits *lim, unsigned char sha[32],
                         kc_error *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    uint64_t size = 0;
    int rc;

    if (fd < 0)
        return kc_error_set(err, KC_EIO, _("%s: %s"), path, g_strerror(errno));
    rc = kc_zr_hash(sha, &size, zr, i, lim, write_all, &fd, err);
    if (close(fd) != 0 && rc == 0)
        rc = kc_error_set(err, KC_EIO, _("%s: %s"), path, g_strerror(errno));
    return rc;
}

/* ---- the dossier's validation data as trust material ------------------------------ */

#define add_problem(c, ...) kc_zr_problemf(kc_check_add_internal, (c), __VA_ARGS__)

/* One object named by the index, added to trust when it holds what its name
 * says and parses as its kind.  Problems are kept for the check's list. */
static void load_blob(kc_dossier_sigs *r, kc_zr *zr, const char *name, kc_trust *trust, GPtrArray *later,
                      uint64_t *total)
{
    char *data = NULL;
    size_t len = 0;
    kc_ltv_kind kind;
    int rc = KC_EFORMAT;

    /* Absent or not what the name says: the folder check (ltv_store.c) and
     * the manifests report it; it is simply not used. */
    if (kc_ltv_read_blob(&data, &len, &kind, zr, name, NULL) != 0)
        goto out;
    *total += len;
    switch (kind) {
    case KC_LTV_CERT:
        if ((rc = kc_trust_add_untrusted_der(trust, (unsigned char *)data, len)) == 0)
            r->certs++;
        break;
    case KC_LTV_CRL:
        if ((rc = kc_trust_add_crl_der(trust, (unsigned char *)data, len)) == 0)
            r->crls++;
        break;
    case KC_LTV_OCSP: {
        OCSP_BASICRESP *bs = NULL;
        if ((rc = kc_ocsp_parse(&bs, (unsigned char *)data, len, NULL)) == 0) {
            /* Proven to exist only by the seal (ocsp_proof, below). */
            kc_trust_add_ocsp_at(trust, bs, KC_POE_NONE);
            r->ocsp++;
        }
        break;
    }
    }
    if (rc == KC_EFORMAT)
        g_ptr_array_add(later, g_strdup(name));
out:
    free(data);
}

/* The index (or NULL) and a store holding the user's trust and the objects. */
static int load_material(kc_dossier_sigs *r, kc_zr *zr, const kc_trust *base, kc_trust **trust,
                         size_t *first_ocsp, size_t *first_crl, kc_ltv_index **index, GPtrArray *unreadable, bool *over,
                         kc_error *err)
{
    int64_t at = kc_zr_find(zr, KC_LTV_INDEX);
    uint64_t total = 0;
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    char *json = NULL;
    size_t len = 0;
    int rc;

    *index = NULL;
    if ((rc = kc_trust_derive(trust, base, err)) != 0)
        goto out;
    *first_ocsp = kc_trust_ocsp_count(*trust);
    *first_crl = kc_trust_crl_count(*trust);
    if (at < 0 || kc_zr_read_all(&json, &len, zr, (size_t)at, KC_TAG_MAX, NULL) != 0 ||
        kc_ltv_index_parse(index, json, len, NULL) != 0)
        goto out; /* reported by the folder check */
    for (size_t i = 0; i < kc_ltv_index_count(*index) && !*over; i++) {
        GPtrArray *names = kc_ltv_record_blobs(kc_ltv_index_record(*index, i));
        for (guint k = 0; k < names->len && !*over; k++) {
            if (!g_hash_table_add(seen, names->pdata[k]))
                continue;
            /* Beyond the bounds, the rest is not loaded: documents that need
             * it will not verify, and the check says why. */
            *over = g_hash_table_size(seen) > KC_LTV_MAX_BLOBS || total > KC_LTV_MAX_TOTAL;
            if (!*over)
                load_blob(r, zr, names->pdata[k], *trust, unreadable, &total);
        }
        g_ptr_array_free(names, TRUE);
    }
    if (!*over)
        kc_seal_trust_token_crls(zr, *trust, &total);
out:
    g_hash_table_destroy(seen);
    free(json);
    return rc;
}

/* ---- the documents ------------------------------------------------------------------ */

static bool ends_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && g_ascii_strcasecmp(s + n - m, suffix) == 0;
}

/* When the responses of validation/ (those of the store from `first` on)
 * are proven to exist: at the seal's proven time, since the seal's manifest
 * lists every file of validation/; never, without a valid timestamped seal.
 * An expired delegated responder's "good" vouches only when that is before
 * the responder's end (revocation_ocsp.c): whoever finds its key later
 * writes "good, 2023" for the chairman who left office and seals the dossier
 * again (rttime14, as rttime13 for a /DSS). */
static void ocsp_proof(kc_trust *joined, size_t first, int64_t poe)
{
    for (size_t i = first; joined && i < kc_trust_ocsp_count(joined); i++)
        kc_trust_ocsp_set_at(joined, i, poe ? poe : KC_POE_NONE);
}

/* The same for the CRLs of validation/ and of the seal's tokens (those of the
 * store from `first` on; one the user's trust directory also holds keeps its
 * place before): a CRL whose signer's certificate has ended speaks only when
 * proven to exist before that end (cms_revbounds.c), and whoever finds an
 * ended CA's key writes its CRL "of 2023" and seals the dossier again
 * (rttime20).  The seal's own check, before, reads them as before. */
static void crl_proof(kc_trust *joined, size_t first, int64_t poe)
{
    for (size_t i = first; joined && i < kc_trust_crl_count(joined); i++)
        kc_trust_crl_set_at(joined, i, poe ? poe : KC_POE_NONE);
}

/* The proof of existence the seal gives: its timestamp's time, when the seal
 * is valid (the dossier is as it was sealed) and timestamped. */
static void seal_proof(kc_dossier_sigs *r)
{
    const kc_sig_info *seal = kc_check_seal(r->check);
    const char *what = NULL;
    /* The seal's own timestamp, or the archive timestamps that renew it:
     * whichever proves the earliest time. */
    int64_t proven = kc_check_seal_proven_time(r->check, &what);
    if (!seal || !seal->valid || !proven)
        return;
    r->poe = proven;
    r->poe_source = what ? g_strdup(what)
                         : g_strdup_printf(_("the dossier's seal, timestamped by %s"),
                                           seal->time_proof ? seal->time_proof : _("a timestamp authority"));
}

static kc_status status_named(const char *s)
{
    static const kc_status all[] = {KC_STATUS_VALID, KC_STATUS_INVALID, KC_STATUS_UNSIGNED, KC_STATUS_ERROR,
                                    KC_STATUS_INDETERMINATE};
    for (size_t i = 0; i < G_N_ELEMENTS(all); i++)
        if (g_strcmp0(s, kc_status_name(all[i])) == 0)
            return all[i];
    return KC_STATUS_ERROR;
}

/* Why the verdict is not valid, in one sentence: its best signature's. */
static const char *why_not(const kc_verdict *v)
{
    const kc_sig_info *best = NULL;
    for (size_t i = 0; i < kc_verdict_count(v); i++) {
        const kc_sig_info *s = kc_verdict_sig(v, i);
        if (!best || (s->indeterminate && !best->indeterminate))
            best = s;
    }
    if (kc_verdict_status(v) == KC_STATUS_ERROR)
        return kc_verdict_error(v);
    if (!best)
        return _("the document has no signature");
    if (best->detail)
        return best->detail;
    for (unsigned b = 0; b < KC_R_COUNT; b++)
        if (best->reasons & (1u << b))
            return kc_reason_text(1u << b);
    return "?";
}

static void judge(kc_dossier_sigs *r, const char *name, const kc_verdict *v, int recorded)
{
    kc_status st = kc_verdict_status(v);
    const char *then = recorded == KC_STATUS_VALID ? _(" (it was valid when it went into the dossier)") : "";
    if (st == KC_STATUS_VALID || (st == KC_STATUS_UNSIGNED && recorded < 0))
        return;
    if (st == KC_STATUS_ERROR && recorded < 0)
        return; /* a file named .pdf that is none: evidence, not a signature */
    if (st == KC_STATUS_INDETERMINATE)
        add_problem(r->check, name, "signature", _("the signature is indeterminate: %s%s"), why_not(v), then);
    else if (st == KC_STATUS_UNSIGNED)
        add_problem(r->check, name, "validation", "%s",
                    _("the validation data records a signature, but the document has none"));
    else
        add_problem(r->check, name, "signature", _("the signature is not valid: %s%s"), why_not(v), then);
}

/* An anonymous file for an entry of size bytes: a memfd when it is small
 * enough to hold in memory, else a file in the temporary folder that has no
 * name (O_TMPFILE, or one removed at once).  Either way nothing of the
 * dossier appears on disk under a name, and it is gone with the descriptor. */
#define MEMFD_MAX (64u << 20)
static int anonymous_file(uint64_t size, kc_error *err)
{
    const char *dir = g_get_tmp_dir();
    int fd = size <= MEMFD_MAX ? memfd_create("kiemchung-entry", MFD_CLOEXEC) : -1;
    if (fd < 0)
        fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0) {
        char *tmpl = g_build_filename(dir, "kiemchung-XXXXXX", NULL);
        if ((fd = g_mkstemp_full(tmpl, O_RDWR | O_CLOEXEC, 0600)) >= 0)
            g_unlink(tmpl);
        g_free(tmpl);
    }
    if (fd < 0)
        return kc_error_set(err, KC_EIO, _("cannot write a temporary file: %s"), g_strerror(errno));
    return fd;
}

/* Whether bytes are those the check hashed for the entry called name. */
static bool as_checked(GHashTable *digests, const char *name, const void *bytes, size_t len)
{
    const unsigned char *want = g_hash_table_lookup(digests, name);
    unsigned char sha[32];
    return want && EVP_Digest(bytes, len, sha, NULL, EVP_sha256(), NULL) == 1 && memcmp(want, sha, 32) == 0;
}

/* The text of a valid PDF (first and last pages), read from the very bytes
 * that were verified (fd, size bytes), for the review to compare the
 * document's own "Số:" line and year with the register row naming it.  NULL
 * when it is not asked for, not valid (an unsigned document counts as not
 * signed whatever it says, and reading text costs more than verifying), or
 * poppler cannot read it (a scan reads as no text: not judged).  *why says
 * why it could not be read (poppler, or the text reader's limits), or NULL.
 * sha256 is the bytes' (the verifier's pass): the desk, which read the same
 * document's text for index, shares it by that digest (pdftext_share.c). */
static char *valid_text(const kc_dossier_sigs *r, const char *name, int fd, uint64_t size,
                        const unsigned char sha256[32], const kc_verdict *v, char **why)
{
    char *text = NULL;
    kc_error e = {0};
    void *map;
    *why = NULL;
    if (!r->want_texts || kc_verdict_status(v) != KC_STATUS_VALID || !ends_ci(name, ".pdf") || size == 0 ||
        size > SIZE_MAX)
        return NULL;
    if ((map = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED)
        return NULL;
    if (kc_pdftext_first_last_bytes_sha256(&text, name, map, (size_t)size, sha256, &e) != 0) {
        text = NULL;
        if (e.code == KC_EFORMAT)
            *why = strdup(e.message);
    }
    munmap(map, (size_t)size);
    return text;
}

/* Verifies entry i (and its .p7s entry det, or -1) from an anonymous file.
 * The entry is copied out once; its digest, which must be the one the check
 * took (the archive is read twice: what is verified must be what was
 * checked), comes from the verifier's own pass over the signed bytes. */
static int verify_entry(kc_dossier_sigs *r, kc_zr *zr, size_t i, int64_t det, GHashTable *digests,
                        const kc_trust *trust, const kc_verify_opts *opts, const kc_check_opts *copts, int recorded,
                        kc_error *err)
{
    const kc_zr_entry *entry = kc_zr_get(zr, i);
    const char *name = entry->name;
    const unsigned char *want = digests ? g_hash_table_lookup(digests, name) : NULL;
    unsigned char sha[32];
    bool hashed = false;
    char *p7s = NULL;
    size_t p7s_len = 0;
    uint64_t size = 0;
    kc_verdict *v = NULL;
    kc_error e = {0};
    int rc = 0, fd = anonymous_file(entry->size, err);

    if (fd < 0)
        return KC_EIO;
    /* The detached signature is small: read whole, up to the size the
     * verifier accepts (KC_P7S_MAX). */
    if (!want)
        goto out; /* the check did not hash it: nothing to say about it */
    if (kc_zr_hash(NULL, &size, zr, i, copts ? copts->limits : NULL, write_all, &fd, &e) != 0)
        goto out; /* the check reported what is wrong with the entry */
    if (det >= 0 && (rc = kc_zr_read_all(&p7s, &p7s_len, zr, (size_t)det, KC_P7S_MAX, &e)) != 0) {
        if (rc != KC_ELIMIT) {
            rc = 0;
            goto out; /* as above */
        }
        /* Larger than any signature: the verifier says it cannot read it. */
        rc = 0;
        p7s = strdup("");
        p7s_len = SIZE_MAX;
    }
    if (det >= 0 && p7s_len != SIZE_MAX && !as_checked(digests, kc_zr_get(zr, (size_t)det)->name, p7s, p7s_len))
        goto out; /* its signature is not the one the check hashed */
    if ((rc = kc_verify_fd_sha256(&v, trust, name, fd, p7s, p7s_len, opts, sha, &hashed, err)) != 0)
        goto out;
    if ((!hashed && kc_hash_sha256_fd(fd, size, sha, &e) != 0) || memcmp(want, sha, 32) != 0)
        goto out; /* not the bytes the check hashed: nothing to say about them (the verdict goes) */
    judge(r, name, v, recorded);
    char *why = NULL;
    g_ptr_array_add(r->texts, valid_text(r, name, fd, size, sha, v, &why));
    g_ptr_array_add(r->unread, why);
    g_ptr_array_add(r->verdicts, v);
    g_array_append_val(r->recorded, recorded);
    v = NULL;
out:
    kc_verdict_free(v);
    free(p7s);
    close(fd);
    return rc;
}

static int verify_documents(kc_dossier_sigs *r, kc_zr *zr, kc_ltv_index *index, GHashTable *digests,
                            const kc_trust *trust, const kc_verify_opts *opts, const kc_check_opts *copts,
                            kc_error *err)
{
    int rc = 0;

    for (size_t i = 0; rc == 0 && i < kc_zr_count(zr); i++) {
        const kc_zr_entry *e = kc_zr_get(zr, i);
        if (e->is_dir || strncmp(e->name, "data/", 5) != 0)
            continue;
        if (ends_ci(e->name, ".p7s")) {
            char *base = g_strndup(e->name, strlen(e->name) - 4);
            bool sig = kc_zr_find(zr, base) >= 0;
            g_free(base);
            if (sig)
                continue; /* FILE's signature, verified with FILE */
        }
        char *p7s = g_strconcat(e->name, ".p7s", NULL);
        int64_t det = kc_zr_find(zr, p7s);
        g_free(p7s);
        JsonObject *rec = kc_ltv_index_find(index, e->name);
        if (!ends_ci(e->name, ".pdf") && det < 0 && !rec)
            continue;
        int recorded = rec ? (int)status_named(json_object_get_string_member_with_default(rec, "status", "")) : -1;
        rc = verify_entry(r, zr, i, det, digests, trust, opts, copts, recorded, err);
    }
    return rc;
}

static void ignore(void *ud, const char *path, const char *code, const char *message)
{
    (void)ud, (void)path, (void)code, (void)message;
}

int kc_dossier_verify(kc_dossier_sigs **out, const char *path, const kc_trust *trust, const kc_check_opts *check,
                      const kc_verify_opts *verify, kc_error *err)
{
    return kc_dossier_verify_reading(out, path, trust, check, verify, false, err);
}

int kc_dossier_verify_reading(kc_dossier_sigs **out, const char *path, const kc_trust *trust,
                              const kc_check_opts *check, const kc_verify_opts *verify, bool texts, kc_error *err)
{
    static const kc_verify_opts defaults = {0};
    kc_dossier_sigs *r = calloc(1, sizeof *r);
    kc_trust *joined = NULL;
    kc_ltv_index *index = NULL;
    kc_zr *zr = NULL;
    GHashTable *digests = NULL;
    GPtrArray *unreadable = g_ptr_array_new_with_free_func(g_free);
    kc_verify_opts opts = verify ? *verify : defaults;
    bool over = false;
    size_t first_ocsp = 0, first_crl = 0;
    int rc;

    if (!out || !path || !trust) {
        rc = kc_error_set(err, KC_EINVAL, "%s", _("no dossier or trust store given"));
        goto out;
    }
    if (!r) {
        rc = kc_error_oom(err);
        goto out;
    }
    r->verdicts = g_ptr_array_new_with_free_func((GDestroyNotify)kc_verdict_free);
    r->recorded = g_array_new(FALSE, FALSE, sizeof(int));
    r->texts = g_ptr_array_new_with_free_func(free);
    r->unread = g_ptr_array_new_with_free_func(free);
    r->want_texts = texts;
    /* The material first, so the seal too is checked with it. */
    if (kc_zr_open(&zr, path, NULL) == 0 && kc_zr_vet(zr, check ? check->limits : NULL, ignore, NULL) > 0) {
        kc_zr_free(zr); /* unsafe: only the check looks at it, and says why */
        zr = NULL;
    }
    if (zr && (rc = load_material(r, zr, trust, &joined, &first_ocsp, &first_crl, &index, unreadable, &over, err)) != 0)
        goto out;
    if ((rc = kc_check_run_internal(&r->check, &digests, path, joined ? joined : trust, check, err)) != 0)
        goto out;
    if (over)
        add_problem(r->check, KC_LTV_INDEX, "limit",
                    _("more validation data than one dossier may bring (%u objects, %u MiB): the rest was not used"),
                    (unsigned)KC_LTV_MAX_BLOBS, (unsigned)(KC_LTV_MAX_TOTAL >> 20));
    for (guint i = 0; i < unreadable->len; i++)
        add_problem(r->check, unreadable->pdata[i], "validation", "%s",
                    _("validation data that does not parse as what its folder says (certificate, CRL, OCSP response)"));
    seal_proof(r);
    ocsp_proof(joined, first_ocsp, r->poe);
    crl_proof(joined, first_crl, r->poe);
    if (r->poe && !opts.poe) {
        opts.poe = r->poe;
        opts.poe_source = r->poe_source;
    }
    if (zr && digests)
        rc = verify_documents(r, zr, index, digests, joined, &opts, check, err);
out:
    if (digests)
        g_hash_table_destroy(digests);
    g_ptr_array_free(unreadable, TRUE);
    kc_ltv_index_free(index);
    kc_trust_free(joined);
    kc_zr_free(zr);
    if (rc == 0) {
        *out = r;
        r = NULL;
    }
    kc_dossier_sigs_free(r);
    return rc;
}
