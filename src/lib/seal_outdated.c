/* seal_outdated.c: whether a sealed dossier's files are still the ones its
 * seal records, asked before the seal is replaced (`seal`) or dropped
 * (`ingest --update`).
 *
 * rtzip14: the seal is the only witness of a file changed after sealing when
 * the bag's manifests and dossier.json were made to agree with it.  `seal`
 * replaced such a seal without a word and `ingest --update` dropped it with a
 * notice ("seal it again"): the September invoice swapped in a dossier the
 * commune had sealed came out under a new valid seal, and `check` said ok.
 * The digests are compared, and the old signature must be over the manifest
 * as it is; whom the certificate names and whether it is still trusted are
 * `check`'s (a seal is made again because its certificate ends). */
#include <glib.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cms_check.h"
#include "dossier_model.h"
#include "i18n.h"
#include "seal.h"
#include "util.h"
#include "verdict.h"
#include "zipio.h"

static int put_digest(void *ud, const char *path, const char *hex, size_t line)
{
    (void)line;
    g_hash_table_insert(ud, g_strdup(path), g_strdup(hex));
    return 0;
}

/* The digests the bag's manifests give now: path → hex.  NULL when a
 * manifest cannot be read (the caller's own checks say why). */
static GHashTable *bag_digests(kc_zr *zr)
{
    static const char *const manifests[] = {"manifest-sha256.txt", "tagmanifest-sha256.txt"};
    GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    for (size_t m = 0; m < G_N_ELEMENTS(manifests); m++) {
        int64_t at = kc_zr_find(zr, manifests[m]);
        char *text = NULL;
        size_t len = 0;
        kc_error e = {0};
        bool ok = at >= 0 && kc_zr_read_all(&text, &len, zr, (size_t)at, KC_TAG_MAX, &e) == 0 &&
                  kc_bag_parse_manifest(text, len, manifests[m], put_digest, t, &e) == 0;
        free(text);
        if (!ok) {
            g_hash_table_destroy(t);
            return NULL;
        }
    }
    return t;
}

/* The tag manifest lists the others, which are compared themselves; the
 * seal leaves mimetype out (its one content is check's). */
static bool not_compared(const char *name)
{
    return strcmp(name, "tagmanifest-sha256.txt") == 0 || strcmp(name, "mimetype") == 0;
}

/* Whether the seal's signature is over the manifest xml as it is now (the
 * signer's certificate, its trust and time aside): a manifest rewritten to
 * the changed files' digests breaks it. */
static bool signed_as_is(kc_zr *zr, const char *xml, size_t len)
{
    int64_t at = kc_zr_find(zr, KC_SEAL_SIGNATURE);
    char *p7s = NULL;
    size_t plen = 0;
    kc_cms *cms = NULL;
    kc_sig_info info = {0};
    kc_error e = {0};
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    bool intact = false;
    if (at >= 0 && kc_zr_read_all(&p7s, &plen, zr, (size_t)at, KC_TAG_MAX, &e) == 0 &&
        kc_cms_parse(&cms, (const unsigned char *)p7s, plen, &e) == 0) {
        const EVP_MD *alg = EVP_get_digestbyname(kc_cms_digest_name(cms));
        if (alg && EVP_Digest(xml, len, md, &mdlen, alg, NULL) == 1 &&
            kc_cms_check(cms, md, mdlen, NULL, NULL, &info, &e) == 0)
            /* a weak algorithm is a reason to seal again, not a sign of change */
            intact = !(info.reasons & (KC_R_DIGEST_MISMATCH | KC_R_BAD_SIGNATURE | KC_R_NO_SIGNER_CERT |
                                       KC_R_UNSUPPORTED));
    }
    kc_sig_info_clear(&info);
    kc_cms_free(cms);
    free(p7s);
    return intact;
}

bool kc_seal_outdated(kc_zr *zr, char *what, size_t size)
{
    int64_t at = kc_zr_find(zr, KC_SEAL_MANIFEST);
    char *xml = NULL, hex[65];
    size_t len = 0;
    kc_asic_doc doc = {0};
    kc_error e = {0};
    GHashTable *now = NULL, *sealed = g_hash_table_new(g_str_hash, g_str_equal);
    bool outdated = false;

    what[0] = '\0';
    /* The seal's signature kept and its manifest taken out (atkseal): what it
     * recorded is gone, as when the manifest is rewritten; `check` fails such
     * a dossier, and sealing it again would put a valid seal over whatever
     * changed.  A seal stripped whole is check --require-seal's to find. */
    if (at < 0 && kc_zr_find(zr, KC_SEAL_SIGNATURE) >= 0) {
        snprintf(what, size, "%s", KC_SEAL_MANIFEST);
        outdated = true;
        goto out;
    }
    if (at < 0 || !(now = bag_digests(zr)))
        goto out;
    if (kc_zr_read_all(&xml, &len, zr, (size_t)at, KC_TAG_MAX, &e) != 0 || kc_asic_parse(&doc, xml, len) != 0 ||
        !signed_as_is(zr, xml, len)) {
        snprintf(what, size, "%s", KC_SEAL_MANIFEST);
        outdated = true;
        goto out;
    }
    for (size_t i = 0; i < doc.n && !outdated; i++) {
        const kc_asic_ref *r = &doc.refs[i];
        const char *want = r->name ? g_hash_table_lookup(now, r->name) : NULL;
        if (r->name)
            g_hash_table_add(sealed, r->name);
        if (r->name && not_compared(r->name))
            continue;
        outdated = !want || !r->sha_ok || strcmp(want, kc_hex_encode(hex, r->sha, 32)) != 0;
        if (outdated)
            snprintf(what, size, "%s", r->name ? r->name : KC_SEAL_MANIFEST);
    }
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, now);
    while (!outdated && g_hash_table_iter_next(&it, &key, NULL))
        if (!not_compared(key) && !g_hash_table_contains(sealed, key)) { /* added since */
            snprintf(what, size, "%s", (const char *)key);
            outdated = true;
        }
out:
    if (now)
        g_hash_table_destroy(now);
    g_hash_table_destroy(sealed);
    kc_asic_doc_clear(&doc);
    free(xml);
    return outdated;
}
