/* seal.c: the seal of a dossier the ASiC-E way (ETSI EN 319 162-1): the
 * container's own names, the ASiCManifest listing every file with its
 * SHA-256 (written, and read back: the archive manifests of a renewal share
 * its form), and checking the seal: a detached CAdES/CMS signature over that
 * manifest by the commune's certificate, which `openssl cms -verify -binary
 * -content ASiCManifest001.xml` checks too.
 *
 * Checking a seal uses the verifier's own CMS checks (cms_check.c): chain at
 * the time a proof of existence gives (the seal's timestamp, the archive
 * timestamps over it), else now; strong algorithms, key usage, offline CRLs;
 * then the rules a valid signature alone does not give (kc_seal_judge): the
 * organisation's certificate (not an official's), of the commune the dossier
 * names (agency.c), dated no earlier than the dossier.  Making the signature
 * is seal_sign.c's; sealing and renewing, dossier_seal.c's and
 * dossier_renew.c's. */
#include <glib.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agency.h"
#include "cms_check.h"
#include "i18n.h"
#include "seal.h"
#include "util.h"
#include "verdict.h"

#define NS_ASIC "http://uri.etsi.org/02918/v1.2.1#"
#define NS_DS "http://www.w3.org/2000/09/xmldsig#"
#define ALG_SHA256 "http://www.w3.org/2001/04/xmlenc#sha256"

int kc_seal_number(const char *name, const char *stem, const char *ext)
{
    size_t s = strlen(stem);
    if (strncmp(name, stem, s) != 0 || !g_ascii_isdigit(name[s]) || !g_ascii_isdigit(name[s + 1]) ||
        !g_ascii_isdigit(name[s + 2]) || strcmp(name + s + 3, ext) != 0)
        return 0;
    return (name[s] - '0') * 100 + (name[s + 1] - '0') * 10 + (name[s + 2] - '0');
}

bool kc_seal_is_archive_entry(const char *name)
{
    return kc_seal_number(name, "META-INF/timestamp", ".tst") > 0 || strcmp(name, KC_ARCHIVE_MANIFEST) == 0 ||
           kc_seal_number(name, "META-INF/ASiCArchiveManifest", ".xml") > 0;
}

bool kc_seal_is_container_entry(const char *name)
{
    return strcmp(name, "mimetype") == 0 || strcmp(name, KC_SEAL_MANIFEST) == 0 ||
           strcmp(name, KC_SEAL_SIGNATURE) == 0 || kc_seal_is_archive_entry(name);
}

/* ---- the manifest ------------------------------------------------------------ */

char *kc_seal_manifest(const char *const *names, const unsigned char (*sha)[32], size_t n)
{
    return kc_asic_manifest(KC_SEAL_SIGNATURE, "application/pkcs7-signature", names, sha, n);
}

char *kc_asic_manifest(const char *sig_uri, const char *sig_mime, const char *const *names,
                       const unsigned char (*sha)[32], size_t n)
{
    GString *s = g_string_new("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                              "<asic:ASiCManifest xmlns:asic=\"" NS_ASIC "\" xmlns:ds=\"" NS_DS "\">\n");
    char *sig = g_uri_escape_string(sig_uri, "/", FALSE);
    g_string_append_printf(s, "  <asic:SigReference URI=\"%s\" MimeType=\"%s\"/>\n", sig, sig_mime);
    g_free(sig);
    for (size_t i = 0; i < n; i++) {
        /* URIs are percent-encoded (spaces, Vietnamese letters); nothing
         * XML-special survives that. */
        char *uri = g_uri_escape_string(names[i], "/", FALSE);
        char *b64 = g_base64_encode(sha[i], 32);
        g_string_append_printf(s, "  <asic:DataObjectReference URI=\"%s\">\n"
                                  "    <ds:DigestMethod Algorithm=\"" ALG_SHA256 "\"/>\n"
                                  "    <ds:DigestValue>%s</ds:DigestValue>\n"
                                  "  </asic:DataObjectReference>\n", uri, b64);
        g_free(uri);
        g_free(b64);
    }
    g_string_append(s, "</asic:ASiCManifest>\n");
    return g_string_free(s, FALSE);
}

typedef struct parse_ctx {
    GArray *refs;        /* of kc_asic_ref */
    char *sig_uri;
    bool in_value, in_ref, root_ok, alg_ok;
    GString *text;
} parse_ctx;

static const char *local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

static const char *attr(const char **names, const char **values, const char *want)
{
    for (size_t i = 0; names[i]; i++)
        if (strcmp(names[i], want) == 0)
            return values[i];
    return NULL;
}

static void on_start(GMarkupParseContext *ctx, const char *el, const char **an, const char **av,
                     gpointer ud, GError **error)
{
    parse_ctx *p = ud;
    const char *l = local(el);
    if (strcmp(l, "ASiCManifest") == 0) {
        p->root_ok = true;
    } else if (strcmp(l, "SigReference") == 0) {
        const char *uri = attr(an, av, "URI");
        g_free(p->sig_uri);
        p->sig_uri = uri ? g_uri_unescape_string(uri, NULL) : NULL;
    } else if (strcmp(l, "DataObjectReference") == 0) {
        const char *uri = attr(an, av, "URI");
        kc_asic_ref r = {uri ? g_uri_unescape_string(uri, NULL) : NULL, {0}, false};
        g_array_append_val(p->refs, r);
        p->in_ref = true;
        p->alg_ok = false;
    } else if (strcmp(l, "DigestMethod") == 0 && p->in_ref) {
        const char *alg = attr(an, av, "Algorithm");
        p->alg_ok = alg && strcmp(alg, ALG_SHA256) == 0;
    } else if (strcmp(l, "DigestValue") == 0 && p->in_ref) {
        p->in_value = true;
        g_string_truncate(p->text, 0);
    }
}

static void on_end(GMarkupParseContext *ctx, const char *el, gpointer ud, GError **error)
{
    parse_ctx *p = ud;
    const char *l = local(el);
    if (strcmp(l, "DataObjectReference") == 0) {
        p->in_ref = false;
    } else if (strcmp(l, "DigestValue") == 0 && p->in_value) {
        kc_asic_ref *r = &g_array_index(p->refs, kc_asic_ref, p->refs->len - 1);
        gsize n = 0;
        guchar *raw = g_base64_decode(g_strstrip(p->text->str), &n);
        r->sha_ok = p->alg_ok && raw && n == 32;
        if (r->sha_ok)
            memcpy(r->sha, raw, 32);
        g_free(raw);
        p->in_value = false;
    }
}

static void on_text(GMarkupParseContext *ctx, const char *text, gsize len, gpointer ud, GError **error)
{
    parse_ctx *p = ud;
    if (p->in_value)
        g_string_append_len(p->text, text, (gssize)len);
}

void kc_asic_doc_clear(kc_asic_doc *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        g_free(d->refs[i].name);
    g_free(d->refs);
    g_free(d->sig_uri);
    memset(d, 0, sizeof *d);
}

int kc_asic_parse(kc_asic_doc *out, const char *xml, size_t len)
{
    static const GMarkupParser parser = {on_start, on_end, on_text, NULL, NULL};
    parse_ctx p = {g_array_new(FALSE, TRUE, sizeof(kc_asic_ref)), NULL, false, false, false, false, g_string_new(NULL)};
    GMarkupParseContext *ctx = g_markup_parse_context_new(&parser, 0, &p, NULL);
    bool ok = g_markup_parse_context_parse(ctx, xml, (gssize)len, NULL) &&
              g_markup_parse_context_end_parse(ctx, NULL) && p.root_ok;

    g_markup_parse_context_free(ctx);
    g_string_free(p.text, TRUE);
    out->n = p.refs->len;
    out->refs = (kc_asic_ref *)(void *)g_array_free(p.refs, FALSE);
    out->sig_uri = p.sig_uri;
    if (!ok) {
        kc_asic_doc_clear(out);
        return KC_EFORMAT;
    }
    return 0;
}

/* ---- checking -------------------------------------------------------------------- */

static void reasons_sentence(GString *s, const kc_sig_info *info)
{
    if (info->detail) {
        g_string_append(s, info->detail);
        return;
    }
    for (unsigned b = 0; b < KC_R_COUNT; b++)
        if (info->reasons & (1u << b))
            g_string_append_printf(s, "%s%s", s->len ? "; " : "", kc_reason_text(1u << b));
}

static void utc_text(char out[32], int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm) || !strftime(out, 32, "%Y-%m-%d %H:%M:%S UTC", &tm))
        snprintf(out, 32, "%lld", (long long)t);
}

/* The rules a seal must pass beyond its signature: the organisation's
 * certificate, of the dossier's own commune, no older than the dossier.
 * Returns whether all hold; each that does not is reported. */
bool kc_seal_judge(kc_sig_info *info, const kc_seal_rules *rules, const kc_verify_opts *vopts,
                   kc_zr_problem_fn fn, void *ud)
{
    kc_signer_id who = {.common_name = info->signer, .title = info->title, .organization = info->organization,
                        .serial_hex = info->serial, .fingerprint_sha256 = info->fingerprint,
                        .issuer = info->issuer, .unit = info->unit, .person_mark = info->person_mark,
                        .pseudonym = info->pseudonym, .issuer_certain = info->issuer_certain};
    const char *signer = info->signer ? info->signer : _("unknown signer");
    char msg[1024], when[32], made[32];
    bool ok = true;

    info->role = kc_roles_classify(vopts ? vopts->roles : NULL, &who);
    kc_cms_withhold_role(info, vopts ? vopts->roles : NULL, &who);
    if (info->role_withheld == KC_ROLE_ORG) {
        snprintf(msg, sizeof msg, _("the seal was made with the certificate of %s under the trust anchor %s, which is not "
                                    "a state root (the government CA's root, the Vietnam National Root CA, or a root the "
                                    "trust directory declares in its state-roots.txt): that its holder is the committee is "
                                    "that CA's word alone; declare the root if the state's PKI it is, or pin the "
                                    "certificate by fingerprint in a roles file as org"),
                 signer, info->anchor ? info->anchor : "?");
        fn(ud, KC_SEAL_SIGNATURE, "seal", msg);
        ok = false;
    } else if (info->role != KC_ROLE_ORG && info->person_mark) {
        snprintf(msg, sizeof msg, _("the seal was made with the certificate of %s, a natural person's (its subject holds %s), "
                                    "whatever its common name says: only the organisation's own certificate (its People's Committee) can seal a dossier"),
                 signer, info->person_mark);
        fn(ud, KC_SEAL_SIGNATURE, "seal", msg);
        ok = false;
    } else if (info->role != KC_ROLE_ORG && info->signer && !info->title && kc_agency_names_committee(info->signer) &&
               info->organization && *info->organization && !kc_roles_files_committee(info->organization)) {
        snprintf(msg, sizeof msg, _("the seal was made with the certificate of %s, whose organisation (O) is %s, neither a "
                                    "People's Committee nor a place: the certificate is that body's, whatever its common name says; only the "
                                    "organisation's own certificate (its People's Committee) can seal a dossier"),
                 signer, info->organization);
        fn(ud, KC_SEAL_SIGNATURE, "seal", msg);
        ok = false;
    } else if (info->role != KC_ROLE_ORG) {
        snprintf(msg, sizeof msg, _("the seal was made with the certificate of %s%s%s, a person's: only the organisation's own certificate (its People's Committee) can seal a dossier"),
                 signer, info->title ? ", " : "", info->title ? info->title : "");
        fn(ud, KC_SEAL_SIGNATURE, "seal", msg);
        ok = false;
    }
    /* A dossier that names no commune cannot say whose its seal is, and every
     * agency's signature on its documents counts for it: the reviewing side
     * would read a valid seal on evidence that is nobody's. */
    if (rules && !rules->ncommunes) {
        snprintf(msg, sizeof msg, _("the dossier names no commune (bag-info.txt, dossier.json): nothing says that the sealer, "
                                    "%s, is its commune, and every agency's signature on its documents would count (`kiemchung ingest "
                                    "--update --commune NAME -o DOSSIER.zip` names it; seal it then)"),
                 signer);
        fn(ud, KC_SEAL_SIGNATURE, "seal", msg);
        ok = false;
    }
    for (size_t i = 0; rules && i < rules->ncommunes; i++)
        if (kc_agency_of_signer(rules->communes[i], false, info->signer, kc_agency_committee_field(info)) != KC_AGENCY_OWN) {
            char *agency = kc_agency_of_commune(rules->communes[i]);
            snprintf(msg, sizeof msg, _("the seal was made by %s, which is not the dossier's commune (%s)"), signer,
                     agency ? agency : rules->communes[i]);
            free(agency);
            fn(ud, KC_SEAL_SIGNATURE, "seal", msg);
            ok = false;
            break;
        }
    for (size_t i = 0; ok && rules && i < rules->ncommunes; i++) {
        char *other = NULL;
        if (kc_agency_files_other_commune(rules->communes[i], false, info, &other) &&
            kc_agency_names_body_after(other)) {
            /* "OU=UBND xã Thủy An - Hội Nông dân" (rtcert7) */
            snprintf(msg, sizeof msg, _("the seal was made by %s, whose certificate's organisation (O) or unit (OU) "
                                        "names a body after the committee's name (%s), not a place: the certificate is "
                                        "that body's, whatever its common name says"),
                     signer, other);
            fn(ud, KC_SEAL_SIGNATURE, "seal", msg);
            ok = false;
        } else if (other) {
            snprintf(msg, sizeof msg, _("the seal was made by %s, whose certificate's organisation (O) or unit (OU) "
                                        "names another commune's committee (%s): the certificate is that committee's, "
                                        "whatever its common name says"),
                     signer, other);
            fn(ud, KC_SEAL_SIGNATURE, "seal", msg);
            ok = false;
        }
        g_free(other);
    }
    /* The commune's name alone does not say whose certificate it is: "xã Tân
     * An" is the name of communes in a dozen provinces. */
    if (ok && rules && rules->ncommunes && kc_agency_sig_place_differs(&rules->places, info)) {
        snprintf(msg, sizeof msg, _("the seal was made by %s%s%s, of another district or province than the dossier's"),
                 signer, info->province ? ", " : "", info->province ? info->province : "");
        fn(ud, KC_SEAL_SIGNATURE, "seal", msg);
        ok = false;
    }
    /* Its O naming one district and its OU another ("O=UBND huyện Phú Vang,
     * OU=UBND xã Thủy An huyện Phong Điền"): a namesake's, whatever district
     * the dossier names, or none (rtcert10). */
    if (ok && rules && rules->ncommunes && kc_agency_districts_disagree(info)) {
        snprintf(msg, sizeof msg, _("the seal was made by %s, whose certificate names another district in its unit "
                                    "(OU), title or common name than in its organisation (O) (%s): it is not the "
                                    "dossier's commune's certificate"),
                 signer, info->organization);
        fn(ud, KC_SEAL_SIGNATURE, "seal", msg);
        ok = false;
    }
    /* Naming no place at all ("CN=UBND xã Thủy An", no ST, L, street or
     * district), the certificate is that of any namesake commune, of any
     * district or province: nothing in it ties it to the dossier's.  The
     * clerk's roles file may name this very certificate (fingerprint, or
     * serial and issuer) as the commune's. */
    if (ok && rules && rules->ncommunes && (rules->places.ndistricts || rules->places.nprovinces) &&
        !kc_agency_sig_names_place(info, &rules->places) && !(vopts && kc_roles_names_certificate(vopts->roles, &who))) {
        snprintf(msg, sizeof msg, _("the seal was made by %s, whose certificate names no district or province (no ST, L or "
                                    "street address, no place in its CN, O or OU): it cannot be told from the namesake "
                                    "communes of other districts and provinces; if it is the commune's own, name its "
                                    "fingerprint as org in a roles file (--roles)"),
                 signer);
        fn(ud, KC_SEAL_SIGNATURE, "seal", msg);
        ok = false;
    }
    /* A certificate that names its district and no province ("L=huyện Châu
     * Thành": six provinces have one) is compared with nothing that tells
     * the namesakes apart when the dossier names its province: kiemchung has
     * no table of which district lies in which province.  So a dossier that
     * names its province takes only a certificate that names one (which the
     * rule above compares), or the one the roles file names. */
    if (ok && rules && rules->ncommunes && rules->places.nprovinces &&
        !(vopts && kc_roles_names_certificate(vopts->roles, &who))) {
        bool d = false, pr = false;
        kc_agency_sig_levels(info, &rules->places, &d, &pr);
        if (!pr) {
            snprintf(msg, sizeof msg, _("the seal was made by %s, whose certificate names no province (no ST, no "
                                        "\"tỉnh …\"), while the dossier names its province (%s): a district's name is "
                                        "shared by districts of other provinces, so nothing tells this commune from its "
                                        "namesakes there; if it is the commune's own, name its fingerprint as org in a "
                                        "roles file (--roles)"),
                     signer, rules->places.provinces[0]);
            fn(ud, KC_SEAL_SIGNATURE, "seal", msg);
            ok = false;
        }
    }
    if (rules && rules->made) {
        /* The signer's claim and a proof alike: a seal older than the dossier
         * was made for something else, or back-dated. */
        int64_t t = info->signing_time && info->signing_time < rules->made ? info->signing_time
                    : info->time_source == KC_TIME_TIMESTAMP && info->checked_at < rules->made ? info->checked_at : 0;
        if (t) {
            utc_text(when, t);
            utc_text(made, rules->made);
            snprintf(msg, sizeof msg, _("the seal is dated %s, before the dossier was made (%s): a seal cannot be older than what it seals"),
                     when, made);
            fn(ud, KC_SEAL_SIGNATURE, "seal", msg);
            ok = false;
        }
    }
    return ok;
}

int kc_seal_verify(const char *manifest, size_t mlen, const unsigned char *p7s, size_t plen,
                   const char *const *names, size_t n, kc_seal_digest_fn digest, void *dud,
                   const kc_trust *trust, const kc_verify_opts *vopts, const kc_seal_rules *rules,
                   kc_sig_info *info, kc_zr_problem_fn fn, void *ud, kc_error *err)
{
    kc_asic_doc doc = {0};
    GHashTable *listed = g_hash_table_new(g_str_hash, g_str_equal);
    kc_cms *cms = NULL;
    kc_error e = {0};
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    char msg[1024];
    int rc = 0;

    kc_sig_info_clear(info);
    info->kind = KC_SIG_DETACHED;
    /* The signature first: everything else rests on the manifest being what
     * the commune signed. */
    if (kc_cms_parse(&cms, p7s, plen, &e) != 0) {
        snprintf(msg, sizeof msg, _("the seal is not a CMS signature: %s"), e.message);
        fn(ud, KC_SEAL_SIGNATURE, "seal", msg);
    } else {
        const EVP_MD *alg = EVP_get_digestbyname(kc_cms_digest_name(cms));
        if (!alg || EVP_Digest(manifest, mlen, md, &mdlen, alg, NULL) != 1)
            mdlen = 0;
        if ((rc = kc_cms_check(cms, md, mdlen, trust, vopts, info, err)) != 0)
            goto out;
        info->covers_document = true; /* coverage is the manifest's, checked below */
        info->valid = info->intact && info->trusted && info->reasons == 0;
        if (!info->valid) {
            GString *s = g_string_new(NULL);
            reasons_sentence(s, info);
            snprintf(msg, sizeof msg, _("the seal's signature is not valid: %s"), s->str);
            fn(ud, KC_SEAL_SIGNATURE, "seal", msg);
            g_string_free(s, TRUE);
        }
        /* Who sealed, and when, matter only once a certificate was found. */
        if (info->fingerprint && !kc_seal_judge(info, rules, vopts, fn, ud))
            info->valid = false;
    }
    if (kc_asic_parse(&doc, manifest, mlen) != 0) {
        fn(ud, KC_SEAL_MANIFEST, "seal", _("the seal's manifest is not an ASiC manifest"));
        goto out;
    }
    if (doc.sig_uri && strcmp(doc.sig_uri, KC_SEAL_SIGNATURE) != 0)
        fn(ud, KC_SEAL_MANIFEST, "seal", _("the seal's manifest names another signature file"));
    for (size_t i = 0; i < doc.n; i++) {
        kc_asic_ref *r = &doc.refs[i];
        const unsigned char *have = r->name ? digest(dud, r->name) : NULL;
        const char *name = r->name ? r->name : "?";
        if (!r->sha_ok) {
            fn(ud, name, "seal", _("the seal lists it without a SHA-256 digest"));
            continue;
        }
        g_hash_table_add(listed, (gpointer)name);
        if (!have)
            fn(ud, name, "missing", _("sealed, but missing from the archive"));
        else if (memcmp(have, r->sha, 32) != 0)
            fn(ud, name, "changed", _("changed after sealing: its SHA-256 is not the sealed one"));
    }
    for (size_t i = 0; i < n; i++)
        if (!g_hash_table_contains(listed, names[i]))
            fn(ud, names[i], "extra", _("added after sealing: the seal does not cover it"));
out:
    kc_asic_doc_clear(&doc);
    g_hash_table_destroy(listed);
    kc_cms_free(cms);
    return rc;
}
