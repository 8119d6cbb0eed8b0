/* review_json.c: the review as JSON (review.h): one object per commune, the
 * object the desk's GET /api/overview lists, and the whole table for
 * `kiemchung review --json`.  The keys of index --json (documents, signed,
 * criteria "20".."22" with numerator, denominator, percent, text) and of
 * check --json (problems with path, code, message) keep their meaning here. */
#include "json_lib.h"
#include <stdlib.h>
#include <string.h>

#include "review_internal.h"
#include "util.h"

/* numerator, denominator, percent and text of r (null when not computed). */
static void add_ratio(JsonBuilder *b, kc_ratio r, bool computed)
{
    char text[16];
    int tenths = kc_ratio_tenths(r);
    json_builder_set_member_name(b, "numerator");
    computed ? json_builder_add_int_value(b, (int64_t)r.numerator) : json_builder_add_null_value(b);
    json_builder_set_member_name(b, "denominator");
    computed ? json_builder_add_int_value(b, (int64_t)r.denominator) : json_builder_add_null_value(b);
    json_builder_set_member_name(b, "percent");
    computed && tenths >= 0 ? json_builder_add_double_value(b, tenths / 10.0) : json_builder_add_null_value(b);
    kc_json_add_str(b, "text", computed ? kc_ratio_format(r, text, sizeof text) : NULL);
}

/* "20": {...}, "21": ..., "22": ...: the ratios of t, with the row's claims when given. */
static void add_criteria(JsonBuilder *b, const kc_totals *t, bool computed, const kc_review_claim *claims,
                         const kc_untied_tally *untied)
{
    json_builder_set_member_name(b, "criteria");
    json_builder_begin_object(b);
    for (int i = 0; i < 3; i++) {
        char key[4];
        snprintf(key, sizeof key, "%d", KC_REVIEW_CRITERION(i));
        json_builder_set_member_name(b, key);
        json_builder_begin_object(b);
        add_ratio(b, kc_totals_criterion(t, KC_REVIEW_CRITERION(i)), computed);
        /* documents in the numerator counted by a certificate not tied to the commune (kc_untied) */
        json_builder_set_member_name(b, "untied");
        computed ? json_builder_add_int_value(b, (int64_t)kc_untied_in(untied, KC_REVIEW_CRITERION(i)))
                 : json_builder_add_null_value(b);
        /* counted only by staff whose certificate names no office (rtcert19) */
        json_builder_set_member_name(b, "no_office");
        computed ? json_builder_add_int_value(b, (int64_t)kc_untied_no_office_in(untied, KC_REVIEW_CRITERION(i)))
                 : json_builder_add_null_value(b);
        if (claims) {
            const kc_review_claim *c = &claims[i];
            kc_json_add_str(b, "claimed", c->text);
            json_builder_set_member_name(b, "claimed_percent");
            c->text ? json_builder_add_double_value(b, c->percent) : json_builder_add_null_value(b);
            json_builder_set_member_name(b, "claim_holds");
            c->holds < 0 ? json_builder_add_null_value(b) : json_builder_add_boolean_value(b, c->holds == 1);
        }
        json_builder_end_object(b);
    }
    json_builder_end_object(b);
}

/* documents ... other_agency, then criteria: as index --json gives them. */
static void add_counts(JsonBuilder *b, const kc_totals *t, bool computed)
{
    static const char *const keys[] = {"documents", "signed", "leader_signed", "to_district",
                                       "to_district_signed", "indeterminate", "other_agency"};
    const size_t values[] = {t->documents, t->signed_docs, t->leader_signed, t->to_authority,
                             t->to_authority_signed, t->indeterminate, t->other_agency};
    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
        json_builder_set_member_name(b, keys[i]);
        computed ? json_builder_add_int_value(b, (int64_t)values[i]) : json_builder_add_null_value(b);
    }
}

static void add_check(JsonBuilder *b, const kc_review_row *row)
{
    const kc_check *c = row->check;
    json_builder_set_member_name(b, "check");
    if (!c) {
        json_builder_add_null_value(b);
        return;
    }
    json_builder_begin_object(b);
    kc_json_add_bool(b, "ok", row->problems == 0);
    kc_json_add_int(b, "files", (int64_t)kc_check_file_count(c));
    kc_json_add_int(b, "bytes", (int64_t)kc_check_bytes(c));
    json_builder_set_member_name(b, "problems");
    json_builder_begin_array(b);
    for (size_t i = 0; i < kc_check_problem_count(c); i++) {
        const kc_problem *p = kc_check_problem(c, i);
        char *path = kc_review_named(row, p->path), *message = kc_review_named(row, p->message);
        json_builder_begin_object(b);
        kc_json_add_str(b, "path", path);
        kc_json_add_str(b, "code", p->code);
        kc_json_add_str(b, "message", message);
        json_builder_end_object(b);
        g_free(path);
        g_free(message);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
}

static void add_seal(JsonBuilder *b, const kc_review_row *row)
{
    const kc_sig_info *s = row->check ? kc_check_seal(row->check) : NULL;
    const char *what = NULL;
    int64_t proven = row->check ? kc_check_seal_proven_time(row->check, &what) : 0;
    json_builder_set_member_name(b, "seal");
    json_builder_begin_object(b);
    kc_json_add_str(b, "status", row->seal);
    json_builder_set_member_name(b, "valid"); /* as check --json says it; null: not sealed */
    s ? json_builder_add_boolean_value(b, s->valid) : json_builder_add_null_value(b);
    kc_json_add_str(b, "signer", s ? s->signer : NULL);
    kc_json_add_str(b, "organization", s ? s->organization : NULL);
    kc_json_add_time(b, "signing_time", s ? s->signing_time : 0);
    kc_json_add_str(b, "time_source", s ? kc_time_source_name(s->time_source) : NULL);
    kc_json_add_time(b, "proven_time", proven);
    kc_json_add_str(b, "proven_by", proven ? what : NULL);
    /* When that proof needs renewing (seal --renew), as check --json says. */
    kc_json_add_time(b, "renew_by", row->check ? kc_check_seal_renew_by(row->check) : 0);
    json_builder_end_object(b);
}

static bool doc_noted(const kc_review_doc *d)
{
    return d->verdict && kc_verdict_count(d->verdict) && kc_verdict_note_count(d->verdict);
}

size_t kc_review_row_noted(const kc_review_row *row)
{
    size_t n = 0;
    for (size_t i = 0; row->computed && i < row->ndocs; i++)
        n += doc_noted(&row->docs[i]);
    return n;
}

static void add_docs(JsonBuilder *b, const kc_review_row *row)
{
    json_builder_set_member_name(b, "rows");
    json_builder_begin_array(b);
    for (size_t i = 0; i < row->ndocs; i++) {
        const kc_review_doc *d = &row->docs[i];
        json_builder_begin_object(b);
        if (d->row->line)
            kc_json_add_int(b, "line", (int64_t)d->row->line);
        else
            kc_json_add_str(b, "line", NULL);
        kc_json_add_str(b, "number", d->row->number);
        kc_json_add_str(b, "date", d->row->date);
        kc_json_add_str(b, "file", d->row->file);
        kc_json_add_str(b, "entry", d->entry);
        kc_json_add_str(b, "status", d->status);
        kc_json_add_bool(b, "leader", d->leader);
        kc_json_add_bool(b, "org", d->org);
        kc_json_add_bool(b, "to_district", d->to_authority);
        kc_json_add_str(b, "signers", d->signers);
        kc_json_add_str(b, "problem", d->problem);
        json_builder_set_member_name(b, "notes");
        json_builder_begin_array(b);
        for (size_t k = 0; doc_noted(d) && k < kc_verdict_note_count(d->verdict); k++)
            json_builder_add_string_value(b, kc_verdict_note(d->verdict, k)->message);
        json_builder_end_array(b);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
}

static void add_row(JsonBuilder *b, const kc_review_row *row)
{
    json_builder_begin_object(b);
    kc_json_add_str(b, "commune", row->commune);
    kc_json_add_str(b, "district", row->district);
    kc_json_add_str(b, "province", row->province);
    json_builder_set_member_name(b, "year");
    row->year ? json_builder_add_int_value(b, row->year) : json_builder_add_null_value(b);
    kc_json_add_str(b, "dossier", row->dossier);
    if (row->submission)
        kc_json_add_int(b, "submission", row->submission);
    else if (!row->dossier)
        kc_json_add_str(b, "submission", NULL); /* a commune that sent nothing */
    kc_json_add_str(b, "error", row->error);
    kc_json_add_bool(b, "ok", row->ok);
    add_check(b, row);
    add_seal(b, row);
    char *lint = row->lint ? kc_lint_to_json(row->lint, row->report) : NULL;
    kc_json_add_json(b, "lint", lint);
    free(lint);
    json_builder_set_member_name(b, "register");
    if (row->reg) {
        json_builder_begin_object(b);
        kc_json_add_str(b, "path", row->register_entry);
        kc_json_add_str(b, "sheet", kc_register_sheet(row->reg));
        json_builder_set_member_name(b, "warnings");
        json_builder_begin_array(b);
        for (size_t i = 0; i < kc_register_warning_count(row->reg); i++)
            json_builder_add_string_value(b, kc_register_warning(row->reg, i));
        json_builder_end_array(b);
        json_builder_end_object(b);
    } else {
        json_builder_add_null_value(b);
    }
    add_counts(b, &row->totals, row->computed);
    add_criteria(b, &row->totals, row->computed, row->claims, &row->untied);
    char *untied = row->computed ? kc_untied_to_json(&row->untied, row->agency ? row->district : NULL,
                                                         row->agency ? row->province : NULL) : NULL;
    kc_json_add_json(b, "untied", untied);
    free(untied);
    kc_json_add_int(b, "noted", (int64_t)kc_review_row_noted(row));
    json_builder_set_member_name(b, "warnings");
    json_builder_begin_array(b);
    for (size_t i = 0; i < row->nwarnings; i++)
        json_builder_add_string_value(b, row->warnings[i]);
    json_builder_end_array(b);
    add_docs(b, row);
    json_builder_end_object(b);
}

char *kc_review_row_to_json(const kc_review_row *row)
{
    JsonBuilder *b = json_builder_new();
    add_row(b, row);
    return kc_json_finish(b, false);
}

char *kc_review_to_json(const kc_review *r)
{
    JsonBuilder *b = json_builder_new();
    kc_review_sums s;
    kc_review_sum(r, &s);
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "year");
    r->opts.year ? json_builder_add_int_value(b, r->opts.year) : json_builder_add_null_value(b);
    kc_json_add_str(b, "authority", r->opts.authority);
    json_builder_set_member_name(b, "communes");
    json_builder_begin_array(b);
    for (size_t i = 0; i < kc_review_count(r); i++)
        add_row(b, kc_review_get(r, i));
    json_builder_end_array(b);
    json_builder_set_member_name(b, "totals");
    json_builder_begin_object(b);
    add_counts(b, &s.totals, true);
    add_criteria(b, &s.totals, true, NULL, &s.untied);
    char *untied = kc_untied_to_json(&s.untied, NULL, NULL);
    kc_json_add_json(b, "untied", untied);
    free(untied);
    /* The one year the total adds up, and the dossiers of another it leaves out. */
    json_builder_set_member_name(b, "year");
    s.year > 0 ? json_builder_add_int_value(b, s.year) : json_builder_add_null_value(b);
    kc_json_add_int(b, "other_year", (int64_t)s.other_year);
    char *note = kc_review_sums_note(&s);
    kc_json_add_str(b, "note", note);
    g_free(note);
    json_builder_end_object(b);
    kc_json_add_int(b, "communes_counted", (int64_t)s.counted);
    kc_json_add_int(b, "communes_all_signed", (int64_t)s.all_signed);
    kc_json_add_int(b, "dossiers_ok", (int64_t)s.ok);
    json_builder_end_object(b);
    return kc_json_finish(b, false);
}
