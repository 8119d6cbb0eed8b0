/* seal_run.c: what sealing and renewing share (see seal_run.h): reading
 * what the dossier says of itself, opening and vetting the signer, keeping
 * the warnings --force let through, describing the seal that was made and
 * handing the result to the caller. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "cms_check.h"
#include "cms_internal.h" /* kc_cms_fmt_time */
#include "dossier_check.h" /* kc_check_names_place: a place once, folded */
#include "dossier_model.h"
#include "i18n.h"
#include "seal_run.h"
#include "text.h"
#include "util.h"
#include "verdict.h"

int kc_seal_run_new(kc_seal_run **out, const kc_seal_opts *opts, kc_error *err)
{
    kc_seal_run *r = calloc(1, sizeof *r);
    if (!r)
        return kc_error_oom(err);
    r->opts = opts;
    r->communes = g_ptr_array_new_with_free_func(g_free);
    r->districts = g_ptr_array_new_with_free_func(g_free);
    r->provinces = g_ptr_array_new_with_free_func(g_free);
    r->warnings = g_ptr_array_new_with_free_func(g_free);
    *out = r;
    return 0;
}

void kc_seal_run_free(kc_seal_run *r)
{
    if (!r)
        return;
    kc_signer_free(r->signer);
    g_ptr_array_free(r->communes, TRUE);
    g_ptr_array_free(r->districts, TRUE);
    g_ptr_array_free(r->provinces, TRUE);
    g_ptr_array_free(r->warnings, TRUE);
    kc_sig_info_clear(&r->info);
    free(r);
}

static void first_problem(void *ud, const char *path, const char *code, const char *message)
{
    char *first = ud;
    if (!first[0])
        snprintf(first, 512, "%s%s%s", path, *path ? ": " : "", message);
}

int kc_seal_preflight(kc_zr *zr, char *first, size_t n)
{
    char buf[512] = "";
    if (kc_zr_vet(zr, NULL, first_problem, buf) > 0 || !kc_zr_mimetype_ok(zr, buf, sizeof buf)) {
        snprintf(first, n, "%s", buf);
        return -1;
    }
    return 0;
}

static void names_commune(kc_seal_run *r, const char *commune) { kc_check_names_place(r->communes, commune); }

static int64_t iso_time(const char *iso, bool date_only)
{
    char *full = iso && date_only && strlen(iso) == 10 ? g_strconcat(iso, "T00:00:00Z", NULL) : g_strdup(iso);
    GDateTime *dt = full ? g_date_time_new_from_iso8601(full, NULL) : NULL;
    int64_t t = dt ? g_date_time_to_unix(dt) : 0;
    if (dt)
        g_date_time_unref(dt);
    g_free(full);
    return t;
}

/* The same reading as dossier_check.c's, so seal and check agree. */
void kc_seal_run_learn(kc_seal_run *r, kc_zr *zr, int64_t *mtime)
{
    char *text = NULL, *value = NULL;
    size_t len = 0;
    kc_dossier *d = NULL;
    int64_t at = kc_zr_find(zr, "dossier.json"), t;

    *mtime = 0;
    if (at >= 0 && kc_dm_new(&d, NULL) == 0 && kc_zr_read_all(&text, &len, zr, (size_t)at, KC_TAG_MAX, NULL) == 0 &&
        kc_dm_from_json(d, text, len, NULL) == 0) {
        names_commune(r, d->meta.commune);
        kc_check_names_place(r->districts, d->meta.district);
        kc_check_names_place(r->provinces, d->meta.province);
        *mtime = r->made = iso_time(d->date, false);
    }
    kc_dossier_free(d);
    free(text);
    text = NULL;
    if ((at = kc_zr_find(zr, "bag-info.txt")) >= 0 && kc_zr_read_all(&text, &len, zr, (size_t)at, KC_TAG_MAX, NULL) == 0) {
        if (kc_bag_info_get(&value, text, "Commune") == 0)
            names_commune(r, value);
        free(value);
        value = NULL;
        if (kc_bag_info_get(&value, text, "District") == 0)
            kc_check_names_place(r->districts, value);
        free(value);
        value = NULL;
        if (kc_bag_info_get(&value, text, "Province") == 0)
            kc_check_names_place(r->provinces, value);
        free(value);
        value = NULL;
        if (kc_bag_info_get(&value, text, "Bagging-Date") == 0 && (t = iso_time(value, true)) > r->made)
            r->made = t;
        free(value);
    }
    free(text);
}

static void collect(void *ud, const char *path, const char *code, const char *message)
{
    g_ptr_array_add(ud, g_strdup(message));
}

int kc_seal_run_vet(kc_seal_run *r, int64_t t, kc_error *err)
{
    const kc_seal_opts *opts = r->opts;
    kc_seal_rules rules = {.communes = (const char *const *)r->communes->pdata, .ncommunes = r->communes->len,
                           .made = r->made,
                           .places = {(const char *const *)r->districts->pdata, r->districts->len,
                                      (const char *const *)r->provinces->pdata, r->provinces->len}};
    GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
    kc_sig_info info = {0};
    int rc;

    if ((rc = kc_signer_open(&r->signer, opts, err)) != 0 ||
        (rc = kc_seal_vet(&info, r->signer, opts->trust, opts->verify, &rules, t, collect, problems, err)) != 0)
        goto out;
    if (problems->len && !opts->force) {
        GString *s = g_string_new(NULL);
        for (guint i = 0; i < problems->len; i++)
            g_string_append_printf(s, "%s%s", i ? "; " : "", (char *)problems->pdata[i]);
        rc = kc_error_set(err, KC_EINVAL, _("refusing to seal: %s (kiemchung check would reject this seal; --force seals anyway)"),
                          s->str);
        g_string_free(s, TRUE);
        goto out;
    }
    for (guint i = 0; i < problems->len; i++)
        g_ptr_array_add(r->warnings, g_strdup_printf(_("sealed despite this (--force): %s"), (char *)problems->pdata[i]));
out:
    kc_sig_info_clear(&info);
    g_ptr_array_free(problems, TRUE);
    return rc;
}

int kc_seal_run_describe(kc_seal_run *r, const char *manifest, size_t mlen, const unsigned char *p7s,
                         size_t plen, kc_error *err)
{
    kc_cms *cms = NULL;
    unsigned char md[32];
    int rc;

    kc_sig_info_clear(&r->info);
    r->info.kind = KC_SIG_DETACHED;
    if ((rc = kc_cms_parse(&cms, p7s, plen, err)) != 0)
        return rc;
    EVP_Digest(manifest, mlen, md, NULL, EVP_sha256(), NULL);
    if ((rc = kc_cms_check(cms, md, sizeof md, r->opts->trust, r->opts->verify, &r->info, err)) == 0) {
        r->info.covers_document = true;
        r->info.valid = r->info.intact && r->info.trusted && r->info.reasons == 0;
        r->described = true;
    }
    kc_cms_free(cms);
    return rc;
}

/* rtzip16: the seal as `check` will judge it once a token is in it.  The
 * signer was vetted at the sealing time, or at the time --at vouches for;
 * but the token the TSA returns proves a time of its own, and check (without
 * --at) judges the seal's certificate at that time.  A certificate that ended
 * on 2022-01-01, vetted with --at 2021-12-01 (or SOURCE_DATE_EPOCH of then)
 * and timestamped today, was sealed with exit 0 and no word while check
 * found the seal NOT VALID (expired).  The Known limits said so (atkdoss). */
int kc_seal_run_vet_token(kc_seal_run *r, const char *manifest, size_t mlen, const unsigned char *p7s, size_t plen,
                          kc_error *err)
{
    kc_verify_opts v = r->opts->verify ? *r->opts->verify : (kc_verify_opts){0};
    kc_sig_info info = {0};
    kc_cms *cms = NULL;
    unsigned char md[32];
    char tsa[160], when[32], from[32], to[32];
    int rc;

    if (!r->ts_time)
        return 0;
    v.at = 0; /* check judges the seal by its own proof of time, not the sealer's word */
    v.poe = kc_seal_token_time(p7s, plen, r->opts->trust, &v, 0, tsa, NULL, NULL, 0);
    v.poe_source = v.poe ? _("the seal's timestamp") : NULL;
    if ((rc = kc_cms_parse(&cms, p7s, plen, err)) != 0)
        return rc;
    EVP_Digest(manifest, mlen, md, NULL, EVP_sha256(), NULL);
    rc = kc_cms_check(cms, md, sizeof md, r->opts->trust, &v, &info, err);
    kc_cms_free(cms);
    if (rc != 0 || (info.intact && info.trusted && info.reasons == 0)) {
        kc_sig_info_clear(&info);
        return rc;
    }
    GString *why = g_string_new(NULL);
    for (unsigned b = 0; b < KC_R_COUNT; b++)
        if (info.reasons & (1u << b))
            g_string_append_printf(why, "%s%s", why->len ? "; " : "", kc_reason_text(1u << b));
    kc_cms_fmt_time(r->ts_time, when);
    kc_cms_fmt_time(info.cert_not_before, from);
    kc_cms_fmt_time(info.cert_not_after, to);
    char *msg = g_strdup_printf(_("the seal's timestamp says %s, and kiemchung check judges the seal's certificate at "
                                  "that time, whatever --at or SOURCE_DATE_EPOCH said: the certificate of %s, valid "
                                  "from %s to %s, would make the seal NOT VALID (%s)"),
                                when, info.signer ? info.signer : "?", from, to, why->len ? why->str : "?");
    if (r->opts->force) {
        g_ptr_array_add(r->warnings, g_strdup_printf(_("sealed despite this (--force): %s"), msg));
    } else {
        rc = kc_error_set(err, KC_EINVAL, _("refusing to seal: %s (kiemchung check would reject this seal; --force seals anyway)"),
                          msg);
    }
    g_free(msg);
    g_string_free(why, TRUE);
    kc_sig_info_clear(&info);
    return rc;
}

void kc_seal_run_done(kc_seal_run *r, const kc_sig_info *seal, const char *timestamp_file)
{
    if (!r->opts->done)
        return;
    kc_seal_result res = {
        .seal = seal ? seal : r->described ? &r->info : NULL,
        .module = kc_signer_module(r->signer),
        .warnings = (const char *const *)r->warnings->pdata,
        .nwarnings = r->warnings->len,
        .timestamp = r->ts_time,
        .tsa = r->tsa[0] ? r->tsa : NULL,
        .timestamp_file = timestamp_file,
        .renew_by = r->ts_time ? r->ts_expires : 0,
        .crls_added = r->crls_added,
        .crls_stored = r->crls_stored,
    };
    r->opts->done(r->opts->done_ud, &res);
}
