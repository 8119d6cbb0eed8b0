/* verdict.c: the verdict object, statuses and the stable reason codes. */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "verdict.h"

/* Stable codes: scripts and the JSON output rely on them; never rename. */
static const struct {
    const char *code;
    const char *text;
} reasons[KC_R_COUNT] = {
    {"byterange", N_("the signed byte ranges are malformed or do not frame the signature")},
    {"contents", N_("the signature value is missing or is not a CMS signature")},
    {"digest-mismatch", N_("the signed bytes were changed")},
    {"bad-signature", N_("the signature value does not verify")},
    {"weak-algorithm", N_("a weak algorithm (MD5, SHA-1 or a short key) was used")},
    {"untrusted", N_("the signer's certificate does not chain to a trusted authority")},
    {"expired", N_("a certificate had expired at the signing time")},
    {"not-yet-valid", N_("a certificate was not yet valid at the signing time")},
    {"revoked", N_("a certificate was revoked")},
    {"key-usage", N_("the certificate may not be used for signing")},
    {"modified-after-signing", N_("the document was modified after signing")},
    {"signing-time-in-future", N_("the signing time is in the future")},
    {"chain", N_("the certificate chain is broken")},
    {"no-signer-cert", N_("the signer's certificate is missing")},
    {"unsupported", N_("this kind of signature is not supported")},
    {"bad-timestamp", N_("the timestamp does not verify")},
    {"no-proof-of-time", N_("the certificate expired or was revoked since, and nothing proves the signature is older")},
};

static int bit_index(unsigned bit)
{
    for (int i = 0; i < KC_R_COUNT; i++)
        if (bit == (1u << i))
            return i;
    return -1;
}

const char *kc_reason_code(unsigned bit)
{
    int i = bit_index(bit);
    return i < 0 ? NULL : reasons[i].code;
}

const char *kc_reason_text(unsigned bit)
{
    int i = bit_index(bit);
    return i < 0 ? NULL : _(reasons[i].text);
}

const char *kc_status_name(kc_status status)
{
    switch (status) {
    case KC_STATUS_VALID: return "valid";
    case KC_STATUS_INVALID: return "invalid";
    case KC_STATUS_UNSIGNED: return "unsigned";
    case KC_STATUS_ERROR: return "error";
    case KC_STATUS_INDETERMINATE: return "indeterminate";
    }
    return "error";
}

const char *kc_time_source_name(kc_time_source source)
{
    switch (source) {
    case KC_TIME_CLAIMED: return "claimed";
    case KC_TIME_TIMESTAMP: return "timestamp";
    case KC_TIME_OVERRIDE: return "at";
    case KC_TIME_DOC_TIMESTAMP: return "document-timestamp";
    case KC_TIME_EXTERNAL: return "external";
    case KC_TIME_NOW: return "now";
    }
    return "now";
}

kc_verdict *kc_verdict_new(const char *path)
{
    kc_verdict *v = g_new0(kc_verdict, 1);
    v->path = g_strdup(path);
    v->sigs = g_array_new(FALSE, TRUE, sizeof(kc_sig_info));
    v->timestamps = g_array_new(FALSE, TRUE, sizeof(kc_timestamp_info));
    return v;
}

void kc_verdict_take_sig(kc_verdict *v, const kc_sig_info *s)
{
    g_array_append_vals(v->sigs, s, 1);
}

void kc_verdict_take_timestamp(kc_verdict *v, const kc_timestamp_info *t)
{
    g_array_append_vals(v->timestamps, t, 1);
}

#define SIG(v, i) (&g_array_index((v)->sigs, kc_sig_info, (i)))
#define TIMESTAMP(v, i) (&g_array_index((v)->timestamps, kc_timestamp_info, (i)))

/* valid > indeterminate > invalid: the best signature decides. */
void kc_verdict_settle(kc_verdict *v)
{
    if (v->status == KC_STATUS_ERROR)
        return;
    v->status = v->sigs->len ? KC_STATUS_INVALID : KC_STATUS_UNSIGNED;
    for (size_t i = 0; i < v->sigs->len; i++)
        if (SIG(v, i)->indeterminate && v->status == KC_STATUS_INVALID)
            v->status = KC_STATUS_INDETERMINATE;
    for (size_t i = 0; i < v->sigs->len; i++)
        if (SIG(v, i)->valid)
            v->status = KC_STATUS_VALID;
}

kc_status kc_verdict_status(const kc_verdict *v) { return v->status; }
const char *kc_verdict_path(const kc_verdict *v) { return v->path; }
const char *kc_verdict_error(const kc_verdict *v) { return v->error; }
size_t kc_verdict_count(const kc_verdict *v) { return v->sigs->len; }

const kc_sig_info *kc_verdict_sig(const kc_verdict *v, size_t i)
{
    return i < v->sigs->len ? SIG(v, i) : NULL;
}

size_t kc_verdict_timestamp_count(const kc_verdict *v) { return v->timestamps->len; }
bool kc_verdict_accepts_claimed_time(const kc_verdict *v) { return v->accept_claimed_time; }

const kc_timestamp_info *kc_verdict_timestamp(const kc_verdict *v, size_t i)
{
    return i < v->timestamps->len ? TIMESTAMP(v, i) : NULL;
}

size_t kc_verdict_note_count(const kc_verdict *v) { return v->notes ? v->notes->len : 0; }

const kc_note *kc_verdict_note(const kc_verdict *v, size_t i)
{
    return v->notes && i < v->notes->len ? &g_array_index(v->notes, kc_note, i) : NULL;
}

void kc_verdict_take_note(kc_verdict *v, const char *code, char *message)
{
    if (!v->notes)
        v->notes = g_array_new(FALSE, TRUE, sizeof(kc_note));
    kc_note n = {code, message};
    g_array_append_val(v->notes, n);
}

bool kc_verdict_has_role(const kc_verdict *v, kc_role role)
{
    for (size_t i = 0; i < v->sigs->len; i++)
        if (SIG(v, i)->valid && SIG(v, i)->role == role)
            return true;
    return false;
}

void kc_sig_info_clear(kc_sig_info *s)
{
    free(s->field);
    free(s->subfilter);
    free(s->signer);
    free(s->title);
    free(s->organization);
    free(s->province);
    free(s->unit);
    free(s->locality);
    free(s->person_mark);
    free(s->street);
    free(s->anchor);
    free(s->issuer);
    free(s->serial);
    free(s->fingerprint);
    free(s->digest);
    free(s->detail);
    free(s->time_proof);
    free(s->time_note);
    free(s->value_sha256);
    free(s->original_sha256);
    memset(s, 0, sizeof *s);
}

void kc_timestamp_info_clear(kc_timestamp_info *t)
{
    free(t->field);
    free(t->tsa);
    free(t->digest);
    free(t->detail);
    memset(t, 0, sizeof *t);
}

void kc_verdict_free(kc_verdict *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->sigs->len; i++)
        kc_sig_info_clear(SIG(v, i));
    g_array_free(v->sigs, TRUE);
    for (size_t i = 0; i < v->timestamps->len; i++)
        kc_timestamp_info_clear(TIMESTAMP(v, i));
    g_array_free(v->timestamps, TRUE);
    for (size_t i = 0; v->notes && i < v->notes->len; i++)
        free(g_array_index(v->notes, kc_note, i).message);
    if (v->notes)
        g_array_free(v->notes, TRUE);
    free(v->path);
    free(v->error);
    free(v);
}
