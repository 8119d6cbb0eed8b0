/* report_json.c: a verdict as one JSON object (the `verify --json` schema).
 * Keys and reason codes are stable; texts are not part of the schema. */
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "verdict.h"

static void add_str(JsonBuilder *b, const char *key, const char *val)
{
    json_builder_set_member_name(b, key);
    if (!val) {
        json_builder_add_null_value(b);
    } else if (g_utf8_validate(val, -1, NULL)) {
        json_builder_add_string_value(b, val);
    } else {
        /* A file name in a legacy encoding, or bytes from the document: JSON
         * must stay UTF-8, so invalid sequences become U+FFFD. */
        char *valid = g_utf8_make_valid(val, -1);
        json_builder_add_string_value(b, valid);
        g_free(valid);
    }
}

static void add_bool(JsonBuilder *b, const char *key, bool val)
{
    json_builder_set_member_name(b, key);
    json_builder_add_boolean_value(b, val);
}

static void add_time(JsonBuilder *b, const char *key, int64_t t)
{
    char buf[32];
    struct tm tm;
    time_t tt = (time_t)t;
    if (t == 0 || !gmtime_r(&tt, &tm)) {
        add_str(b, key, NULL);
        return;
    }
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    add_str(b, key, buf);
}

static void add_sig(JsonBuilder *b, const kc_sig_info *s)
{
    json_builder_begin_object(b);
    add_str(b, "kind", s->kind == KC_SIG_PDF ? "pdf" : "detached");
    add_str(b, "field", s->field);
    add_str(b, "subfilter", s->subfilter);
    add_str(b, "signer", s->signer);
    add_str(b, "title", s->title);
    add_str(b, "organization", s->organization);
    add_str(b, "issuer", s->issuer);
    add_str(b, "serial", s->serial);
    add_str(b, "fingerprint", s->fingerprint);
    add_str(b, "role", kc_role_name(s->role));
    add_time(b, "signing_time", s->signing_time);
    add_time(b, "checked_at", s->checked_at);
    add_str(b, "time_source", kc_time_source_name(s->time_source));
    add_str(b, "time_proof", s->time_proof);
    add_str(b, "time_note", s->time_note);
    add_str(b, "digest", s->digest);
    json_builder_set_member_name(b, "signed_bytes");
    json_builder_add_int_value(b, (gint64)s->signed_bytes);
    add_bool(b, "intact", s->intact);
    add_bool(b, "trusted", s->trusted);
    add_bool(b, "covers_document", s->covers_document);
    add_str(b, "status", s->valid ? "valid" : s->indeterminate ? "indeterminate" : "invalid");
    json_builder_set_member_name(b, "reasons");
    json_builder_begin_array(b);
    for (unsigned i = 0; i < KC_R_COUNT; i++)
        if (s->reasons & (1u << i))
            json_builder_add_string_value(b, kc_reason_code(1u << i));
    json_builder_end_array(b);
    add_str(b, "detail", s->detail);
    json_builder_end_object(b);
}

/* A document timestamp: a proof of time, not a signer (never in the ratios). */
static void add_timestamp(JsonBuilder *b, const kc_timestamp_info *t)
{
    json_builder_begin_object(b);
    add_str(b, "field", t->field);
    add_str(b, "tsa", t->tsa);
    add_time(b, "time", t->gen_time);
    add_str(b, "digest", t->digest);
    json_builder_set_member_name(b, "signed_bytes");
    json_builder_add_int_value(b, (gint64)t->signed_bytes);
    add_bool(b, "covers_document", t->covers_document);
    add_str(b, "status", t->valid ? "valid" : "invalid");
    json_builder_set_member_name(b, "proves_signatures");
    json_builder_add_int_value(b, (gint64)t->proves);
    add_str(b, "detail", t->detail);
    json_builder_end_object(b);
}

char *kc_verdict_to_json(const kc_verdict *v)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    add_str(b, "file", v->path);
    add_str(b, "status", kc_status_name(v->status));
    add_bool(b, "leader", kc_verdict_has_role(v, KC_ROLE_LEADER));
    add_bool(b, "org", kc_verdict_has_role(v, KC_ROLE_ORG));
    add_str(b, "error", v->error);
    json_builder_set_member_name(b, "signatures");
    json_builder_begin_array(b);
    for (size_t i = 0; i < v->n_sigs; i++)
        add_sig(b, &v->sigs[i]);
    json_builder_end_array(b);
    json_builder_set_member_name(b, "timestamps");
    json_builder_begin_array(b);
    for (size_t i = 0; i < v->n_timestamps; i++)
        add_timestamp(b, &v->timestamps[i]);
    json_builder_end_array(b);
    add_bool(b, "accept_claimed_time", v->accept_claimed_time);
    json_builder_end_object(b);

    JsonNode *root = json_builder_get_root(b);
    JsonGenerator *gen = json_generator_new();
    json_generator_set_root(gen, root);
    char *out = json_generator_to_data(gen, NULL);
    g_object_unref(gen);
    json_node_unref(root);
    g_object_unref(b);
    return out;
}
