/* seal_archive.c: checking the archive timestamps of a renewed seal
 * (dossier_renew.c writes them; ETSI EN 319 162-1 Annex A.7).
 *
 * The chain runs from the newest manifest (META-INF/ASiCArchiveManifest.xml)
 * back through the renamed ones (ASiCArchiveManifestNNN.xml, newest number
 * first).  Each manifest must reference, with their SHA-256 as they are now,
 * every file the seal covers, the seal's manifest and signature, and every
 * older archive manifest and its timestamp; its own timestamp (its
 * SigReference) must be an RFC 3161 token over the manifest's bytes that
 * proves (timestamp.c).  The newest is judged as any timestamp is; each
 * older one with the proof the newer one gives: it existed at the newer
 * genTime, so its authority's revocation after that, even for a compromised
 * key, no longer matters.  That is what lets a dossier outlive its TSA.
 * A token that is not over its manifest is a problem (someone changed it);
 * one whose authority is no longer trusted only proves nothing, which the
 * result notes: the older ones stand on their own, and a renewal is due.
 *
 * What the chain proves: every file the seal covers, and the seal's
 * signature itself, existed at the oldest proving genTime.  dossier_check.c
 * hands that to the seal's check as a proof of existence. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dossier_model.h"
#include "i18n.h"
#include "seal.h"
#include "timestamp.h"
#include "zipio.h"

typedef struct arlink {
    const char *name;        /* the manifest */
    int number;              /* 0 for the newest */
    char *xml;
    size_t len;
    kc_asic_doc doc;
    bool parsed;
} arlink;

static int by_number(const void *a, const void *b)
{
    return ((const arlink *)a)->number - ((const arlink *)b)->number;
}

/* Does doc reference name with its digest as it is now? */
static const kc_asic_ref *find_ref(const kc_asic_doc *doc, const char *name)
{
    for (size_t i = 0; i < doc->n; i++)
        if (doc->refs[i].name && strcmp(doc->refs[i].name, name) == 0)
            return &doc->refs[i];
    return NULL;
}

/* Checks that l covers every name in want[0, n) and that each of its
 * references is what the archive holds now; false when any is not. */
static bool covers(const arlink *l, const char *const *want, size_t n, kc_seal_digest_fn digest, void *dud,
                   kc_zr_problem_fn fn, void *ud)
{
    bool ok = true;
    for (size_t i = 0; i < l->doc.n; i++) {
        const kc_asic_ref *r = &l->doc.refs[i];
        const unsigned char *have = r->name ? digest(dud, r->name) : NULL;
        if (!r->name || !r->sha_ok) {
            kc_zr_problemf(fn, ud, l->name, "seal", "%s", _("the archive manifest lists a file without a SHA-256 digest"));
            ok = false;
        } else if (!have) {
            kc_zr_problemf(fn, ud, r->name, "missing", "%s", _("timestamped by an archive timestamp, but missing from the archive"));
            ok = false;
        } else if (memcmp(have, r->sha, 32) != 0) {
            kc_zr_problemf(fn, ud, r->name, "changed", "%s", _("changed after it was timestamped: its SHA-256 is not the one the archive timestamp covers"));
            ok = false;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (!find_ref(&l->doc, want[i])) {
            kc_zr_problemf(fn, ud, l->name, "seal", _("the archive timestamp does not cover %s"), want[i]);
            ok = false;
        }
    return ok;
}

void kc_seal_check_archive(kc_archive_result *out, kc_zr *zr, const char *const *sealed, size_t nsealed,
                           kc_seal_digest_fn digest, void *dud, const kc_trust *trust,
                           const kc_verify_opts *vopts, kc_zr_problem_fn fn, void *ud)
{
    static const kc_verify_opts defaults = {0};
    const kc_verify_opts *opts = vopts ? vopts : &defaults;
    GArray *links = g_array_new(FALSE, TRUE, sizeof(arlink));
    GPtrArray *want = g_ptr_array_new(), *tsts = g_ptr_array_new();
    GHashTable *used = g_hash_table_new(g_str_hash, g_str_equal);
    int64_t now = opts->now ? opts->now : (int64_t)time(NULL), proven = 0, later = 0, later_latest = 0;
    bool newest = false;

    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < kc_zr_count(zr); i++) {
        const char *name = kc_zr_get(zr, i)->name;
        int k = kc_seal_number(name, "META-INF/ASiCArchiveManifest", ".xml");
        if (k > 0 || strcmp(name, KC_ARCHIVE_MANIFEST) == 0) {
            arlink l = {name, k ? k : 1000, NULL, 0, {0}, false};
            newest |= k == 0;
            g_array_append_val(links, l);
        } else if (kc_seal_number(name, "META-INF/timestamp", ".tst") > 0) {
            g_ptr_array_add(tsts, (gpointer)name);
        }
    }
    if (!links->len && !tsts->len)
        goto out;
    if (!newest) {
        kc_zr_problemf(fn, ud, links->len ? g_array_index(links, arlink, 0).name : (char *)tsts->pdata[0], "seal", "%s",
            _("archive timestamps without META-INF/ASiCArchiveManifest.xml, the newest archive manifest"));
        goto out;
    }
    g_array_sort(links, by_number); /* oldest first, the newest (1000) last */
    for (size_t i = 0; i < nsealed; i++)
        g_ptr_array_add(want, (gpointer)sealed[i]);
    g_ptr_array_add(want, (gpointer)KC_SEAL_MANIFEST);
    g_ptr_array_add(want, (gpointer)KC_SEAL_SIGNATURE);
    /* Read every manifest; each must cover the seal and all that is older. */
    for (guint i = 0; i < links->len; i++) {
        arlink *l = &g_array_index(links, arlink, i);
        int64_t at = kc_zr_find(zr, l->name);
        kc_error e = {0};
        if (kc_zr_read_all(&l->xml, &l->len, zr, (size_t)at, KC_TAG_MAX, &e) != 0)
            kc_zr_problemf(fn, ud, l->name, "corrupt", "%s", e.message);
        else if (kc_asic_parse(&l->doc, l->xml, l->len) != 0)
            kc_zr_problemf(fn, ud, l->name, "seal", "%s", _("not an ASiC archive manifest"));
        else if (!l->doc.sig_uri || kc_seal_number(l->doc.sig_uri, "META-INF/timestamp", ".tst") == 0 ||
                 kc_zr_find(zr, l->doc.sig_uri) < 0 || g_hash_table_contains(used, l->doc.sig_uri))
            kc_zr_problemf(fn, ud, l->name, "seal", _("the archive manifest's timestamp (%s) is missing or another manifest's"),
                l->doc.sig_uri ? l->doc.sig_uri : "-");
        else
            l->parsed = covers(l, (const char *const *)want->pdata, want->len, digest, dud, fn, ud);
        if (l->doc.sig_uri)
            g_hash_table_add(used, l->doc.sig_uri);
        g_ptr_array_add(want, (gpointer)l->name);
        if (l->doc.sig_uri)
            g_ptr_array_add(want, l->doc.sig_uri);
    }
    for (guint i = 0; i < tsts->len; i++)
        if (!g_hash_table_contains(used, tsts->pdata[i]))
            kc_zr_problemf(fn, ud, tsts->pdata[i], "seal", "%s", _("a timestamp that no archive manifest names"));
    /* The tokens, newest first: each newer one that proves vouches for the older. */
    out->count = links->len;
    for (guint i = links->len; i-- > 0;) {
        arlink *l = &g_array_index(links, arlink, i);
        char *tok_der = NULL;
        size_t tlen = 0;
        kc_ts_token *tok = NULL;
        kc_ts_result res;
        kc_error e = {0};
        if (!l->parsed) {
            later = 0;
            continue;
        }
        if (kc_zr_read_all(&tok_der, &tlen, zr, (size_t)kc_zr_find(zr, l->doc.sig_uri), 1u << 20, &e) != 0 ||
            kc_ts_parse(&tok, (unsigned char *)tok_der, tlen, &e) != 0) {
            kc_zr_problemf(fn, ud, l->doc.sig_uri, "seal", _("not an RFC 3161 timestamp: %s"), e.message);
            free(tok_der);
            later = 0;
            continue;
        }
        /* The newer token vouches for this one as far as it proves: its
         * genTime plus its accuracy ("23:00 ± a day" may have been written
         * the next day, after this one's TSA was compromised). */
        kc_ts_check_proven(tok, (const unsigned char *)l->xml, l->len, NULL, 0, trust, opts, now,
                           later ? later_latest : 0, &res);
        /* Its TSA expired (or retired) by now: it proves its time only if
         * the newer one (or the caller's --at) shows it existed before
         * that; the newest must so be made while its TSA is valid, or anyone
         * who got the expired key could write a renewal dated before it.
         * And the CRLs of its CA must still speak of it at that proof
         * (rttime11): a compromised TSA dropped from its CA's later CRLs
         * proves nothing; the newer renewal kept the CRLs of its time in
         * this token (seal_revdata.c). */
        int64_t vouched = kc_ts_earliest(later ? later_latest : 0, kc_ts_earliest(opts->at, opts->poe));
        kc_ts_require_poe(&res, now, vouched);
        kc_seal_unspoken_note(out->note, sizeof out->note, &res, l->doc.sig_uri, vouched);
        bool signed_ok = kc_ts_signature_ok(tok);
        kc_ts_free(tok);
        free(tok_der);
        if (res.state == KC_TS_BAD || !signed_ok) {
            kc_zr_problemf(fn, ud, l->doc.sig_uri, "seal", _("not a timestamp over its archive manifest: %s"),
                res.state == KC_TS_BAD ? res.why : _("its signature does not verify"));
            later = 0;
            continue;
        }
        if (res.state != KC_TS_PROVES) {
            /* Not tampering: its authority is untrusted, revoked, weak.  It
             * proves nothing, the older ones stand on their own, and the
             * check says why (a renewal is due). */
            if (!out->note[0] && i + 1 == links->len)
                snprintf(out->note, sizeof out->note, _("the newest archive timestamp, %s, proves nothing: %s (renew the seal: kiemchung seal --renew --tsa URL)"),
                         l->doc.sig_uri, res.why);
            else if (!out->note[0])
                snprintf(out->note, sizeof out->note, _("%s proves nothing: %s"), l->doc.sig_uri, res.why);
            later = 0;
            continue;
        }
        if (later && res.gen_time > later) {
            kc_zr_problemf(fn, ud, l->doc.sig_uri, "seal", "%s", _("the archive timestamp is newer than the one that renews it"));
            later = 0;
            continue;
        }
        if (i + 1 == links->len) {
            out->newest = res.gen_time;
            snprintf(out->newest_tsa, sizeof out->newest_tsa, "%s", res.tsa);
        }
        /* A link that proves with nothing newer vouching for it (the
         * newest, or the first below a broken one) proves only until its
         * authority's certificate ends (kc_ts_require_poe), unless renewed
         * before: that date is what the archivist must know in advance. */
        if (!later && res.tsa_expires && (!out->renew_by || res.tsa_expires < out->renew_by))
            out->renew_by = res.tsa_expires;
        later = res.gen_time;
        later_latest = res.latest;
        proven = res.latest; /* what it proves: genTime plus its accuracy */
        snprintf(out->what, sizeof out->what, _("archive timestamp %s by %s"), l->doc.sig_uri,
                 res.tsa[0] ? res.tsa : "?");
    }
    out->poe = proven;
out:
    for (guint i = 0; i < links->len; i++) {
        arlink *l = &g_array_index(links, arlink, i);
        free(l->xml);
        kc_asic_doc_clear(&l->doc);
    }
    g_array_free(links, TRUE);
    g_ptr_array_free(want, TRUE);
    g_ptr_array_free(tsts, TRUE);
    g_hash_table_destroy(used);
}

int64_t kc_seal_proof(char **what, int64_t *renew_by, const unsigned char *p7s, size_t plen,
                      kc_archive_result *ar, const kc_trust *trust, const kc_verify_opts *vopts)
{
    char tsa[160];
    int64_t expires = 0,
            t = kc_seal_token_time(p7s, plen, trust, vopts, ar->poe, tsa, &expires, ar->note, sizeof ar->note);
    *what = NULL;
    /* rtzip15: a proof earlier than the signing time the seal claims proves
     * nothing, as verify rules for any signature (cms_time.c): the seal's own
     * line said its timestamp "proves nothing", yet the token's 2021 became
     * the proven time of every document inside a seal claiming 2026. */
    if (kc_seal_before_claim(p7s, plen, t))
        t = 0;
    if (kc_seal_before_claim(p7s, plen, ar->poe)) {
        *renew_by = 0;
        return 0;
    }
    /* atkdoss: an archive timestamp dated before the seal's own token, which
     * its manifest covers, contradicts it (one of the two clocks is wrong),
     * as a renewal older than what it renews does in the chain above: it
     * proves nothing, and the token's own time stands.  It used to become
     * the seal's proven time, a month earlier than the token the dossier
     * holds, and the seal's certificate was judged then. */
    if (t && ar->poe && t > ar->poe) {
        if (!ar->note[0])
            snprintf(ar->note, sizeof ar->note, "%s",
                     _("the archive timestamps prove nothing: one is dated before the seal's timestamp that it "
                       "covers (a timestamp authority's clock is wrong)"));
        *renew_by = expires;
        *what = g_strdup_printf(_("the seal's timestamp by %s"), tsa[0] ? tsa : "?");
        return t;
    }
    /* The archive chain, when it proves, vouches for the seal's own token
     * too: its newest link is then what must be renewed in time. */
    *renew_by = ar->poe ? ar->renew_by : t ? expires : 0;
    if (t && (!ar->poe || t <= ar->poe)) {
        *what = ar->poe ? g_strdup_printf(_("the seal's timestamp by %s, kept by %s"), tsa[0] ? tsa : "?", ar->what)
                        : g_strdup_printf(_("the seal's timestamp by %s"), tsa[0] ? tsa : "?");
        return t;
    }
    if (ar->poe)
        *what = g_strdup(ar->what);
    return ar->poe;
}
