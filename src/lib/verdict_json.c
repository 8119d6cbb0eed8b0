/* verdict_json.c: a verdict as one JSON object (the `verify --json` schema).
 * Keys and reason codes are stable; texts are not part of the schema. */
#include "json_lib.h"
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "verdict.h"

static void add_sig(JsonBuilder *b, const kc_sig_info *s)
{
    json_builder_begin_object(b);
    kc_json_add_str(b, "kind", s->kind == KC_SIG_PDF ? "pdf" : "detached");
    kc_json_add_str(b, "field", s->field);
    kc_json_add_str(b, "subfilter", s->subfilter);
    kc_json_add_str(b, "signer", s->signer);
    kc_json_add_str(b, "title", s->title);
    kc_json_add_str(b, "organization", s->organization);
    kc_json_add_str(b, "issuer", s->issuer);
    kc_json_add_str(b, "serial", s->serial);
    kc_json_add_str(b, "fingerprint", s->fingerprint);
    kc_json_add_str(b, "role", kc_role_name(s->role));
    kc_json_add_str(b, "anchor", s->anchor);
    kc_json_add_bool(b, "anchor_state", s->anchor_state);
    if (s->role_withheld != KC_ROLE_PERSON)
        kc_json_add_str(b, "role_withheld", kc_role_name(s->role_withheld));
    kc_json_add_time(b, "signing_time", s->signing_time);
    kc_json_add_time(b, "checked_at", s->checked_at);
    kc_json_add_str(b, "time_source", kc_time_source_name(s->time_source));
    kc_json_add_str(b, "time_proof", s->time_proof);
    kc_json_add_str(b, "time_note", s->time_note);
    kc_json_add_str(b, "digest", s->digest);
    kc_json_add_int(b, "signed_bytes", (int64_t)s->signed_bytes);
    kc_json_add_bool(b, "intact", s->intact);
    kc_json_add_bool(b, "trusted", s->trusted);
    kc_json_add_bool(b, "covers_document", s->covers_document);
    kc_json_add_str(b, "status", s->valid ? "valid" : s->indeterminate ? "indeterminate" : "invalid");
    json_builder_set_member_name(b, "reasons");
    json_builder_begin_array(b);
    for (unsigned i = 0; i < KC_R_COUNT; i++)
        if (s->reasons & (1u << i))
            json_builder_add_string_value(b, kc_reason_code(1u << i));
    json_builder_end_array(b);
    kc_json_add_str(b, "detail", s->detail);
    json_builder_end_object(b);
}

/* A document timestamp: a proof of time, not a signer (never in the ratios). */
static void add_timestamp(JsonBuilder *b, const kc_timestamp_info *t)
{
    json_builder_begin_object(b);
    kc_json_add_str(b, "field", t->field);
    kc_json_add_str(b, "tsa", t->tsa);
    kc_json_add_time(b, "time", t->gen_time);
    kc_json_add_str(b, "digest", t->digest);
    kc_json_add_int(b, "signed_bytes", (int64_t)t->signed_bytes);
    kc_json_add_bool(b, "covers_document", t->covers_document);
    kc_json_add_str(b, "status", t->valid ? "valid" : "invalid");
    kc_json_add_int(b, "proves_signatures", (int64_t)t->proves);
    kc_json_add_str(b, "detail", t->detail);
    json_builder_end_object(b);
}

char *kc_verdict_to_json(const kc_verdict *v)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    kc_json_add_str(b, "file", v->path);
    kc_json_add_str(b, "status", kc_status_name(v->status));
    kc_json_add_bool(b, "leader", kc_verdict_has_role(v, KC_ROLE_LEADER));
    kc_json_add_bool(b, "org", kc_verdict_has_role(v, KC_ROLE_ORG));
    kc_json_add_str(b, "error", v->error);
    json_builder_set_member_name(b, "signatures");
    json_builder_begin_array(b);
    for (size_t i = 0; i < kc_verdict_count(v); i++)
        add_sig(b, kc_verdict_sig(v, i));
    json_builder_end_array(b);
    json_builder_set_member_name(b, "timestamps");
    json_builder_begin_array(b);
    for (size_t i = 0; i < kc_verdict_timestamp_count(v); i++)
        add_timestamp(b, kc_verdict_timestamp(v, i));
    json_builder_end_array(b);
    kc_json_add_bool(b, "accept_claimed_time", v->accept_claimed_time);
    json_builder_set_member_name(b, "notes");
    json_builder_begin_array(b);
    for (size_t i = 0; i < kc_verdict_note_count(v); i++) {
        const kc_note *n = kc_verdict_note(v, i);
        json_builder_begin_object(b);
        kc_json_add_str(b, "code", n->code);
        kc_json_add_str(b, "message", n->message);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    return kc_json_finish(b, false);
}
