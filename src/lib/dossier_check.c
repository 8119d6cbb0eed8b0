/* dossier_check.c: kc_dossier_check, which examines everything and reports
 * every failing file, not only the first: the zip's layout and names,
 * mimetype, BagIt (bagit.txt, Payload-Oxum, each manifest and tag-manifest
 * hash, missing and extra files), dossier.json against the payload, and the
 * seal when there is one, with its rules (seal.c).
 *
 * Every entry is streamed once; the digests computed then serve all the
 * comparisons, the seal's included.  What the manifests, dossier.json and the
 * seal each say of one file is gathered first and reported as one finding
 * naming the file (a changed file is one line, not three).  The BagIt tag
 * files (bagit.txt, bag-info.txt, the two manifests) are read and checked in
 * dossier_check_bag.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cms_internal.h" /* kc_cms_fmt_time */
#include "dossier_check.h"
#include "dossier_model.h"
#include "i18n.h"
#include "ltv.h"
#include "seal.h"
#include "text.h"
#include "trust_internal.h"
#include "util.h"
#include "verdict.h"
#include "zipio.h"


static void problem(void *ud, const char *path, const char *code, const char *message)
{
    kc_check *c = ud;
    size_t plen = path ? strlen(path) : 0;
    /* Readers name the entry in their messages; the problem names it already. */
    if (plen && strncmp(message, path, plen) == 0 && strncmp(message + plen, ": ", 2) == 0)
        message += plen + 2;
    /* A tag file that cannot be read is met twice (read, then hashed): once is enough. */
    char *key = g_strdup_printf("%s\n%s\n%s", path ? path : "", code, message);
    if (!c->seen)
        c->seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if (g_hash_table_contains(c->seen, key)) {
        g_free(key);
        return;
    }
    g_hash_table_add(c->seen, key);
    kc_problem p = {g_strdup(path ? path : ""), code, g_strdup(message)};
    g_array_append_val(c->p, p);
}

#define problemf(c, ...) kc_zr_problemf(problem, (c), __VA_ARGS__)

#define PROBLEM(c, i) (&g_array_index((c)->p, kc_problem, (i)))

size_t kc_check_problem_count(const kc_check *c) { return c ? c->p->len : 0; }
const kc_problem *kc_check_problem(const kc_check *c, size_t i) { return c && i < c->p->len ? PROBLEM(c, i) : NULL; }
size_t kc_check_file_count(const kc_check *c) { return c ? c->files : 0; }
uint64_t kc_check_bytes(const kc_check *c) { return c ? c->bytes : 0; }
const kc_sig_info *kc_check_seal(const kc_check *c) { return c && c->sealed ? &c->seal : NULL; }
bool kc_check_unpacked(const kc_check *c) { return c && c->unpacked; }

const kc_problem *kc_check_archive_problem(const kc_check *c)
{
    /* The archive's own problem names no entry (dossier_check.c's open). */
    for (size_t i = 0; c && i < kc_check_problem_count(c); i++) {
        const kc_problem *p = kc_check_problem(c, i);
        if (!*p->path && (strcmp(p->code, "zip") == 0 || strcmp(p->code, "limit") == 0))
            return p;
    }
    return NULL;
}

int64_t kc_check_seal_proven_time(const kc_check *c, const char **what)
{
    bool ok = c && c->sealed && c->seal.valid && c->seal_proven;
    if (what)
        *what = ok ? c->seal_proof : NULL;
    return ok ? c->seal_proven : 0;
}

int64_t kc_check_seal_renew_by(const kc_check *c)
{
    return kc_check_seal_proven_time(c, NULL) ? c->seal_renew_by : 0;
}

size_t kc_check_archive_timestamps(const kc_check *c, int64_t *newest, const char **note)
{
    if (newest)
        *newest = c ? c->archive_newest : 0;
    if (note)
        *note = c ? c->archive_note : NULL;
    return c ? c->archive_count : 0;
}
void kc_check_set_unpacked_internal(kc_check *c) { c->unpacked = true; }

void kc_check_free(kc_check *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->p->len; i++) {
        free((char *)PROBLEM(c, i)->path);
        free((char *)PROBLEM(c, i)->message);
    }
    g_array_free(c->p, TRUE);
    if (c->seen)
        g_hash_table_destroy(c->seen);
    kc_sig_info_clear(&c->seal);
    g_free(c->seal_proof);
    g_free(c->archive_note);
    free(c);
}

kc_check *kc_check_new_internal(void)
{
    kc_check *c = g_new0(kc_check, 1);
    c->p = g_array_new(FALSE, FALSE, sizeof(kc_problem));
    return c;
}
void kc_check_add_internal(void *c, const char *path, const char *code, const char *message)
{
    problem(c, path, code, message);
}

/* ---- findings: one per file ------------------------------------------------------ */

static finding *finding_for(check_ctx *x, const char *path)
{
    finding *f = g_hash_table_lookup(x->findings, path);
    if (!f) {
        f = g_new0(finding, 1);
        f->path = g_strdup(path);
        g_hash_table_insert(x->findings, f->path, f);
        g_ptr_array_add(x->order, f);
    }
    return f;
}

void kc_check_found(check_ctx *x, const char *path, int kind, unsigned witness)
{
    finding_for(x, path)->said[kind] |= witness;
}

static void witnesses(GString *s, unsigned w)
{
    static const struct { unsigned bit; const char *name; } names[] = {
        {W_MANIFEST, "manifest-sha256.txt"}, {W_TAGMANIFEST, "tagmanifest-sha256.txt"},
        {W_JSON, "dossier.json"}, {W_SEAL, NULL}};
    g_string_truncate(s, 0);
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        if (w & names[i].bit)
            g_string_append_printf(s, "%s%s", s->len ? ", " : "", names[i].name ? names[i].name : _("the seal"));
}

static void report_findings(check_ctx *x)
{
    GString *w = g_string_new(NULL);
    for (guint i = 0; i < x->order->len; i++) {
        finding *f = x->order->pdata[i];
        /* The seal vouches for the dossier only as it was sealed. */
        if ((f->said[F_CHANGED] | f->said[F_MISSING] | f->said[F_EXTRA]) & W_SEAL) {
            x->c->seal.covers_document = false;
            x->c->seal.valid = false;
        }
        if (f->foreign) {
            problemf(x->c, f->path, "extra", "%s",
                     _("an extra file under META-INF/: only the seal's manifest and signature belong there"));
        } else if (f->stray) {
            problemf(x->c, f->path, "extra", "%s",
                     _("an extra file outside data/: evidence belongs under data/, where the manifest lists it, "
                       "and nothing else but the dossier's own files stands beside it"));
        } else if (f->said[F_MISSING]) {
            witnesses(w, f->said[F_MISSING]);
            problemf(x->c, f->path, "missing", _("missing: listed in %s but not in the archive"), w->str);
        } else if (f->said[F_CHANGED]) {
            witnesses(w, f->said[F_CHANGED]);
            problemf(x->c, f->path, "changed", _("changed: its SHA-256 is not the one recorded in %s"), w->str);
        } else if (f->said[F_EXTRA]) {
            witnesses(w, f->said[F_EXTRA]);
            problemf(x->c, f->path, "extra", _("added after the dossier was made: not listed in %s"), w->str);
        }
    }
    g_string_free(w, TRUE);
}

/* ---- the check ------------------------------------------------------------------ */

static const unsigned char *digest_of(void *ud, const char *name)
{
    return g_hash_table_lookup(((check_ctx *)ud)->digest, name);
}

/* Streams every entry once, comparing against the manifests as it goes. */
static void hash_entries(check_ctx *x, const kc_check_opts *opts)
{
    const kc_dossier_events *ev = opts ? opts->events : NULL;
    uint64_t total = 0, done = 0;
    size_t n = kc_zr_count(x->zr);

    for (size_t i = 0; i < n; i++)
        total += kc_zr_get(x->zr, i)->size;
    for (size_t i = 0; i < n; i++) {
        const kc_zr_entry *e = kc_zr_get(x->zr, i);
        unsigned char sha[32];
        uint64_t size = 0;
        kc_error err = {0};
        char hex[65];
        bool payload = strncmp(e->name, "data/", 5) == 0;

        if (e->is_dir) /* a problem already (kc_check_entry_fields) */
            continue;
        if (kc_zr_hash(sha, &size, x->zr, i, opts ? opts->limits : NULL, NULL, NULL, &err) != 0) {
            problem(x->c, e->name, err.code == KC_ELIMIT ? "limit" : "corrupt", err.message);
            continue;
        }
        g_hash_table_insert(x->digest, g_strdup(e->name), g_memdup2(sha, 32));
        kc_hex_encode(hex, sha, 32);
        done += size;
        if (payload) {
            const char *want = g_hash_table_lookup(x->manifest, e->name);
            x->c->files++;
            x->c->bytes += size;
            if (!want)
                kc_check_found(x, e->name, F_EXTRA, W_MANIFEST);
            else if (strcmp(want, hex) != 0)
                kc_check_found(x, e->name, F_CHANGED, W_MANIFEST);
        } else if (strncmp(e->name, "META-INF/", 9) == 0 && !kc_seal_is_container_entry(e->name)) {
            finding_for(x, e->name)->foreign = true;
        } else if (strncmp(e->name, "META-INF/", 9) != 0 && !kc_bag_is_own_file(e->name)) {
            /* Listed in the tag manifest or not: a "Mở hồ sơ.exe" or a folder of
             * "paid invoices" beside data/ is shown to whoever unzips the
             * dossier, and is evidence no manifest and no check reads. */
            finding_for(x, e->name)->stray = true;
        } else if (!kc_seal_is_container_entry(e->name) && strcmp(e->name, "tagmanifest-sha256.txt") != 0) {
            const char *want = g_hash_table_lookup(x->tags, e->name);
            if (!want)
                kc_check_found(x, e->name, F_EXTRA, W_TAGMANIFEST);
            else if (strcmp(want, hex) != 0)
                kc_check_found(x, e->name, F_CHANGED, W_TAGMANIFEST);
        }
        if (ev && ev->progress) {
            kc_progress p = {"checking", done, total, i + 1, n, e->name};
            ev->progress(ev->ud, &p);
        }
    }
}

/* index.html is the page the reviewer opens: it must be the page dossier.json
 * describes (dossier_html.c), not one with other claims, a script or a link
 * elsewhere, which shows the district what no check reads. */
static void check_html(check_ctx *x, kc_dossier *d)
{
    size_t len = 0;
    char *html = NULL;
    int64_t at = kc_zr_find(x->zr, "index.html");
    kc_error e = {0};
    if (at < 0 || kc_zr_read_all(&html, &len, x->zr, (size_t)at, KC_TAG_MAX, &e) != 0)
        return; /* missing or unreadable: the tag manifest says so */
    d->report_docx_old = kc_zr_find(x->zr, KC_REPORT_DOCX_ENTRY) >= 0; /* as the page says it */
    if (!kc_dm_html_matches(d, html, len))
        problemf(x->c, "index.html", "index-html", "%s",
                 _("index.html is not the page kiemchung writes from dossier.json: what the reviewer reads "
                   "in a browser is not what the dossier describes"));
    free(html);
}

/* dossier.json must describe exactly the payload, with the same digests. */
static void check_json(check_ctx *x)
{
    size_t len = 0;
    char *json = kc_check_tag_file(x, "dossier.json", &len, true);
    kc_dossier *d = NULL;
    kc_error e = {0};

    if (!json)
        return;
    if (kc_dm_new(&d, &e) != 0 || kc_dm_from_json(d, json, len, &e) != 0) {
        problem(x->c, "dossier.json", "dossier-json", e.message);
        goto out;
    }
    kc_check_names_commune(x, d->meta.commune);
    kc_check_names_place(x->districts, d->meta.district);
    kc_check_names_place(x->provinces, d->meta.province);
    kc_check_made_at(x, d->date, false);
    kc_check_entry_times(x->c, x->zr, d->date, x->findings);
    for (size_t i = 0; i < d->files->len; i++) {
        const kc_dm_file *f = &KC_DM_FILE(d, i);
        const unsigned char *sha = g_hash_table_lookup(x->digest, f->pub.path);
        int64_t at = kc_zr_find(x->zr, f->pub.path);
        if (at < 0)
            kc_check_found(x, f->pub.path, F_MISSING, W_JSON);
        else if (sha && (memcmp(sha, f->sha, 32) != 0 || kc_zr_get(x->zr, (size_t)at)->size != f->pub.size))
            kc_check_found(x, f->pub.path, F_CHANGED, W_JSON);
    }
    for (size_t i = 0; i < kc_zr_count(x->zr); i++) {
        const kc_zr_entry *z = kc_zr_get(x->zr, i);
        if (!z->is_dir && strncmp(z->name, "data/", 5) == 0 && kc_dm_find_path(d, z->name) < 0)
            kc_check_found(x, z->name, F_EXTRA, W_JSON);
    }
    check_html(x, d);
    kc_check_report(x, d);
    kc_check_bag_info_json(x, d);
out:
    kc_dossier_free(d);
    free(json);
}

/* The seal's findings on one file join the manifests'; the rest are its own. */
static void seal_problem(void *ud, const char *path, const char *code, const char *message)
{
    check_ctx *x = ud;
    if (strcmp(code, "changed") == 0)
        kc_check_found(x, path, F_CHANGED, W_SEAL);
    else if (strcmp(code, "missing") == 0)
        kc_check_found(x, path, F_MISSING, W_SEAL);
    else if (strcmp(code, "extra") == 0)
        kc_check_found(x, path, F_EXTRA, W_SEAL);
    else
        problem(x->c, path, code, message);
}

static void check_seal(check_ctx *x, const kc_trust *trust, const kc_check_opts *opts)
{
    size_t mlen = 0, plen = 0;
    char *manifest = NULL, *p7s = NULL;
    GPtrArray *names = g_ptr_array_new();
    kc_error e = {0};
    bool has_m = kc_zr_find(x->zr, KC_SEAL_MANIFEST) >= 0, has_s = kc_zr_find(x->zr, KC_SEAL_SIGNATURE) >= 0;
    kc_seal_rules rules = {.communes = (const char *const *)x->communes->pdata, .ncommunes = x->communes->len,
                           .made = x->made,
                           .places = {(const char *const *)x->districts->pdata, x->districts->len,
                                      (const char *const *)x->provinces->pdata, x->provinces->len}};
    kc_verify_opts v = opts && opts->verify ? *opts->verify : (kc_verify_opts){0};
    kc_archive_result ar = {0};

    if (!has_m && !has_s) {
        for (size_t i = 0; i < kc_zr_count(x->zr); i++)
            if (kc_seal_is_archive_entry(kc_zr_get(x->zr, i)->name))
                problemf(x->c, kc_zr_get(x->zr, i)->name, "seal", "%s",
                         _("an archive timestamp in a dossier that is not sealed: it renews nothing"));
        if (opts && opts->require_seal)
            problemf(x->c, "", "unsealed", "%s", _("not sealed: the reviewing side accepts only a sealed dossier (--require-seal)"));
        goto out;
    }
    x->c->sealed = true;
    manifest = kc_check_tag_file(x, KC_SEAL_MANIFEST, &mlen, true);
    p7s = kc_check_tag_file(x, KC_SEAL_SIGNATURE, &plen, true);
    if (!manifest || !p7s)
        goto out;
    for (size_t i = 0; i < kc_zr_count(x->zr); i++) {
        const kc_zr_entry *z = kc_zr_get(x->zr, i);
        if (!z->is_dir && !kc_seal_is_container_entry(z->name))
            g_ptr_array_add(names, z->name);
    }
    /* The archive timestamps first: what they prove is the seal's proof of
     * existence, so its certificate is judged at that time. */
    kc_seal_check_archive(&ar, x->zr, (const char *const *)names->pdata, names->len, digest_of, x, trust, &v,
                          seal_problem, x);
    x->c->archive_count = ar.count;
    x->c->archive_newest = ar.newest;
    g_free(x->c->seal_proof);
    x->c->seal_proven = kc_seal_proof(&x->c->seal_proof, &x->c->seal_renew_by, (const unsigned char *)p7s, plen, &ar,
                                      trust, &v);
    x->c->archive_note = ar.note[0] ? g_strdup(ar.note) : NULL; /* the seal's token's too */
    if (x->c->seal_proven && (!v.poe || x->c->seal_proven < v.poe)) {
        v.poe = x->c->seal_proven;
        v.poe_source = x->c->seal_proof;
    }
    /* rttime17: the seal's signer is spoken of by the CRLs the renewals
     * kept in the tokens, as the documents are (ltv_verify.c): a commune
     * that sealed with a stale CRL at hand, renewed with the CA's CRL of
     * 2030, kept a valid seal after its certificate ended. */
    kc_trust *joined = NULL;
    uint64_t total = 0;
    if (trust && kc_trust_derive(&joined, trust, NULL) == 0) {
        kc_seal_trust_token_crls(x->zr, joined, &total);
        kc_seal_trust_own_crls((const unsigned char *)p7s, plen, joined, &total);
    }
    if (kc_seal_verify(manifest, mlen, (const unsigned char *)p7s, plen, (const char *const *)names->pdata,
                       names->len, digest_of, x, joined ? joined : trust, &v, &rules, &x->c->seal, seal_problem, x,
                       &e) != 0)
        problem(x->c, KC_SEAL_SIGNATURE, "seal", e.message);
    kc_trust_free(joined);
out:
    g_ptr_array_free(names, TRUE);
    free(manifest);
    free(p7s);
}

/* rttime16: `check --at` a time before the seal was made.  The seal's
 * certificate was judged then (valid at a date its signer had not yet
 * signed, or "not yet valid": NOT VALID for an honest dossier), the
 * documents at the seal's time or at --at by turns, and the output said
 * "checked now".  A seal speaks of nothing before it exists (its timestamp
 * proves existence at its genTime, its signer claims the signing time):
 * refused, exit 2, naming the time to check at or after.  Its time is the
 * one the seal's verification took (its token's genTime when that proves,
 * else its signer's claim). */
static int at_before_seal(const kc_check *c, const char *path, const kc_check_opts *opts, kc_error *err)
{
    int64_t at = opts && opts->verify ? opts->verify->at : 0;
    int64_t made = c->sealed ? c->seal.signing_time : 0;
    char a[32], m[32];

    if (!at || !made || at >= made)
        return 0;
    kc_cms_fmt_time(at, a);
    kc_cms_fmt_time(made, m);
    return kc_error_set(err, KC_EINVAL,
                        _("%s: --at %s is before the time of its seal (%s): a seal speaks of nothing before it "
                          "existed, so the dossier can be checked only at or after that time (or without --at)"),
                        path, a, m);
}

static void vet_problem(void *ud, const char *path, const char *code, const char *message)
{
    check_ctx *x = ud;
    problem(x->c, path, code, message);
}

/* Whether the manifests or the seal already found path changed, missing or extra. */
static bool known_finding(void *ud, const char *path)
{
    finding *f = g_hash_table_lookup(((check_ctx *)ud)->findings, path);
    return f && (f->foreign || f->said[F_CHANGED] || f->said[F_MISSING] || f->said[F_EXTRA]);
}

static void free_finding(gpointer p)
{
    finding *f = p;
    g_free(f->path);
    g_free(f);
}

int kc_check_run_internal(kc_check **out, GHashTable **digests, const char *path, const kc_trust *trust,
                          const kc_check_opts *opts, kc_error *err)
{
    check_ctx x = {0};
    kc_error e = {0};
    int rc, refused = 0;

    if (digests)
        *digests = NULL;
    if (!out || !path)
        return kc_error_set(err, KC_EINVAL, "%s", _("no dossier given"));
    x.c = kc_check_new_internal();
    x.catalog = opts ? opts->catalog : NULL;
    rc = kc_zr_open(&x.zr, path, &e);
    if (rc == KC_EFORMAT || rc == KC_ELIMIT) {
        problem(x.c, "", rc == KC_ELIMIT ? "limit" : "zip", e.message);
        goto done;
    }
    if (rc != 0) {
        kc_check_free(x.c);
        return kc_error_set(err, rc, "%s", e.message);
    }
    x.digest = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    /* The entries' layout, names, modes and kinds: the reading list shares (rtzip4). */
    if (!kc_check_archive_internal(x.c, x.zr, opts ? opts->limits : NULL))
        goto done;
    x.manifest = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    x.tags = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    x.findings = g_hash_table_new(g_str_hash, g_str_equal);
    x.order = g_ptr_array_new_with_free_func(free_finding);
    x.communes = g_ptr_array_new_with_free_func(g_free);
    x.districts = g_ptr_array_new_with_free_func(g_free);
    x.provinces = g_ptr_array_new_with_free_func(g_free);
    kc_check_bag(&x);
    kc_check_load_manifest(&x, "manifest-sha256.txt", x.manifest);
    kc_check_load_manifest(&x, "tagmanifest-sha256.txt", x.tags);
    hash_entries(&x, opts);
    kc_check_missing(&x, x.manifest, W_MANIFEST);
    kc_check_missing(&x, x.tags, W_TAGMANIFEST);
    check_json(&x);
    check_seal(&x, trust, opts);
    if ((refused = at_before_seal(x.c, path, opts, err)) != 0)
        goto done;
    kc_ltv_check_folder(x.zr, x.digest, x.manifest, known_finding, vet_problem, &x); /* validation/ (ltv_store.c) */
    report_findings(&x);
done:
    if (digests && x.digest) {
        *digests = x.digest;
        x.digest = NULL;
    }
    if (x.digest)
        g_hash_table_destroy(x.digest);
    if (x.manifest)
        g_hash_table_destroy(x.manifest);
    if (x.tags)
        g_hash_table_destroy(x.tags);
    if (x.findings)
        g_hash_table_destroy(x.findings);
    if (x.order)
        g_ptr_array_free(x.order, TRUE);
    if (x.communes)
        g_ptr_array_free(x.communes, TRUE);
    if (x.districts)
        g_ptr_array_free(x.districts, TRUE);
    if (x.provinces)
        g_ptr_array_free(x.provinces, TRUE);
    kc_zr_free(x.zr);
    if (refused) {
        kc_check_free(x.c);
        return refused;
    }
    *out = x.c;
    return 0;
}

int kc_dossier_check(kc_check **out, const char *path, const kc_trust *trust,
                     const kc_check_opts *opts, kc_error *err)
{
    return kc_check_run_internal(out, NULL, path, trust, opts, err);
}
