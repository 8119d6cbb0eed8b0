/* index_output.c: `kiemchung index` results as a readable table (in the style
 * of the commune's evidence report: "Tiêu chí 20 … 12/22 (54,5%)") or as
 * JSON (index_csv.c writes the CSV for Excel, index_html.c the page). */
#include "json_lib.h"
#include <stdlib.h>
#include <string.h>

#include "index.h"

static const struct {
    int number;
    const char *label;
} criteria[] = {
    {20, N_("outgoing documents signed")},
    {21, N_("outgoing documents signed by a leader")},
    {22, N_("documents sent to the reviewing authority, signed")},
};

size_t index_district_totals(const commune *c, size_t n, kc_totals *all, size_t *counted)
{
    size_t all_signed = 0;
    memset(all, 0, sizeof *all);
    *counted = 0;
    for (size_t i = 0; i < n; i++) {
        if (c[i].not_counted)
            continue;
        (*counted)++;
        kc_totals_merge(all, &c[i].totals);
        /* rtnum15: a folder holding only its signed PDFs read 100% and
         * "all signed", the register's unsigned documents never handed in. */
        all_signed += !c[i].check_problems && c[i].totals.documents > 0 && /* rtzip5: a dossier that checks */
                      c[i].totals.signed_docs == c[i].totals.documents && !c[i].no_register;
    }
    return all_signed;
}

char *index_no_register_text(const commune *c, size_t n)
{
    GString *names = g_string_new(NULL);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (c[i].no_register && !c[i].not_counted)
            g_string_append_printf(names, "%s%s", k++ ? ", " : "", c[i].name);
    char *s = k ? g_strdup_printf(ngettext("No register: %s was read from the documents in its folder alone (marked *): "
                                           "the documents it did not hand in, unsigned ones never scanned, are not "
                                           "counted, and it is never counted as all signed",
                                           "No register: %s were read from the documents in their folders alone (marked "
                                           "*): the documents they did not hand in, unsigned ones never scanned, are not "
                                           "counted, and they are never counted as all signed",
                                           k),
                                  names->str)
                : NULL;
    g_string_free(names, TRUE);
    return s;
}

char *index_date_text(const kc_register_row *r)
{
    if (!r->year || !r->month || !r->day)
        return g_strdup(r->date ? r->date : "");
    /* One date format per language: 15/03/2021 in Vietnamese, 2021-03-15 otherwise. */
    return strcmp(cli_lang_code(), "vi") == 0 ? g_strdup_printf("%02d/%02d/%04d", r->day, r->month, r->year)
                                              : g_strdup_printf("%04d-%02d-%02d", r->year, r->month, r->day);
}

const char *index_found_code(kc_found f)
{
    static const char *const codes[] = {NULL, "column", "name", "text", "document"};
    return (unsigned)f < G_N_ELEMENTS(codes) ? codes[f] : NULL;
}

const char *index_found_word(kc_found f)
{
    switch (f) {
    case KC_FOUND_COLUMN: return _("named by the register");
    case KC_FOUND_NAME: return _("found by its file name");
    case KC_FOUND_TEXT: return _("found by the \"Số:\" line of its text");
    case KC_FOUND_DOCUMENT: return _("read from the document");
    default: return _("not found");
    }
}

const char *index_agency_text(const commune *c)
{
    /* A file name gives "xa thuy an", folded and without its marks: the
     * organisation on that commune's own certificate says it as people do. */
    bool from_name = c->agency_from && (!strcmp(c->agency_from, "register") || !strcmp(c->agency_from, "folder"));
    return from_name && c->agency_seen ? c->agency_seen : c->agency;
}

/* Where the commune's name for the agency check came from, in words. */
static const char *agency_from_word(const char *from)
{
    if (!from)
        return "";
    if (strcmp(from, "option") == 0)
        return _("--commune");
    if (strcmp(from, "register") == 0)
        return _("the register's name");
    if (strcmp(from, "dossier") == 0)
        return _("the dossier");
    return _("the folder's name");
}

const char *index_authority_name(const index_opts *o)
{
    return o->authority ? o->authority : _("the district (the province from July 2025)");
}

const char *index_criterion_label(int number)
{
    for (size_t i = 0; i < G_N_ELEMENTS(criteria); i++)
        if (criteria[i].number == number)
            return _(criteria[i].label);
    return "?";
}

/* A string padded with spaces to `width` terminal columns (UTF-8 aware). */
static char *padded(const char *s, size_t width)
{
    GString *g = g_string_new(s);
    for (size_t w = cli_width(s); w < width; w++)
        g_string_append_c(g, ' ');
    return g_string_free(g, FALSE);
}

static void print_criteria(FILE *out, const kc_totals *t)
{
    char pct[16];
    size_t width = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(criteria); i++)
        width = MAX(width, cli_width(_(criteria[i].label)));
    for (size_t i = 0; i < G_N_ELEMENTS(criteria); i++) {
        kc_ratio r = kc_totals_criterion(t, criteria[i].number);
        char *label = padded(_(criteria[i].label), width);
        /* TRANSLATORS: as the commune's report writes it: "Tiêu chí 20  Tỷ lệ … 12/22 (54,5%)". */
        fprintf(out, _("  Criterion %d  %s %zu/%zu (%s)\n"), criteria[i].number, label, r.numerator,
                r.denominator, kc_ratio_format_local(r, pct, sizeof pct));
        g_free(label);
    }
}

/* Signed documents carrying a note (index_row.notes). */
static size_t noted_rows(const commune *c)
{
    size_t n = 0;
    for (size_t i = 0; i < c->n_rows; i++)
        n += c->rows[i].notes != NULL;
    return n;
}

static void print_noted(FILE *out, const char *indent, size_t n)
{
    if (n)
        fprintf(out, ngettext("%s%zu signed document carries a note: it may look different in another viewer "
                              "(see verify)\n",
                              "%s%zu signed documents carry a note: they may look different in another viewer "
                              "(see verify)\n",
                              n),
                indent, n);
}

char *index_noted_text(const commune *c, size_t n)
{
    size_t noted = 0;
    for (size_t i = 0; i < n; i++)
        noted += noted_rows(&c[i]);
    if (!noted)
        return NULL;
    char *s = g_strdup_printf(ngettext("%s%zu signed document carries a note: it may look different in another viewer "
                                       "(see verify)\n",
                                       "%s%zu signed documents carry a note: they may look different in another viewer "
                                       "(see verify)\n",
                                       noted),
                              "", noted);
    return g_strchomp(s);
}

/* What a commune's figures leave out or rest on, one line each. */
static void print_notes(FILE *out, const commune *c, const index_opts *o)
{
    print_noted(out, "  ", noted_rows(c));
    if (c->totals.indeterminate)
        fprintf(out, _("  Indeterminate (certificate expired or revoked since, nothing proves the signing time; not counted as signed): %zu\n"),
                c->totals.indeterminate);
    if (c->totals.other_agency)
        fprintf(out, _("  Signed by another agency (not counted as signed): %zu\n"), c->totals.other_agency);
    if (o->accept_claimed_time)
        fprintf(out, "  %s\n", _("--accept-claimed-time: signing times claimed by the signers were trusted without proof."));
    fprintf(out, _("  Reviewing authority: %s\n"), index_authority_name(o));
    if (c->agency)
        fprintf(out, _("  Signatures count for: %s (from %s); another agency's certificate does not count\n"), index_agency_text(c),
                agency_from_word(c->agency_from));
    if (c->year) {
        fprintf(out, _("  Year: %d\n"), c->year);
        for (guint i = 0; i < c->left_out->len; i++) {
            const kc_register_row *r = c->left_out->pdata[i];
            char *date = index_date_text(r);
            fprintf(out, _("    not counted, dated outside %d: %s  %s  %s\n"), c->year, r->where ? r->where : "",
                    r->number ? r->number : "?", date);
            g_free(date);
        }
        if (c->undated)
            fprintf(out, ngettext("    counted, its date cannot be read: %zu row (see the warnings)\n",
                                  "    counted, their date cannot be read: %zu rows (see the warnings)\n", c->undated),
                    c->undated);
    }
    if (c->searched)
        fprintf(out, _("  No file column: %zu documents found by their file names, %zu by the \"Số:\" line of their text, %zu not found\n"),
                c->found_by[KC_FOUND_NAME], c->found_by[KC_FOUND_TEXT], c->found_by[KC_FOUND_NONE]);
}

static void print_commune(FILE *out, const commune *c, const index_opts *o)
{
    if (c->not_counted) {
        fprintf(out, _("%s: not counted: %s\n"), c->name, c->not_counted);
    } else {
        fprintf(out, ngettext("%s: %zu document (%s)\n", "%s: %zu documents (%s)\n", c->totals.documents), c->name,
                c->totals.documents, c->source);
        print_criteria(out, &c->totals);
    }
    print_notes(out, c, o);
    bool header = false;
    for (size_t i = 0; i < c->n_rows; i++) {
        const index_row *r = &c->rows[i];
        bool ok = strcmp(r->status, "valid") == 0;
        if (ok && !o->verbose)
            continue;
        if (!header) {
            fprintf(out, o->verbose ? _("\n  Documents:\n") : _("\n  Documents not validly signed:\n"));
            header = true;
        }
        char line[24] = "-";
        if (r->reg->line)
            snprintf(line, sizeof line, "%zu", r->reg->line);
        char *why = index_problem_text(r);
        fprintf(out, "  %-8s ", line);
        cli_put_padded(out, r->reg->number ? r->reg->number : "?", 20);
        fputc(' ', out);
        const char *who = r->signers_local ? r->signers_local : r->signers ? r->signers : "";
        if (*who || why) {
            cli_put_padded(out, cli_status_word(r->status), 12);
            fprintf(out, " %s%s%s", who, why ? "  — " : "", why ? why : "");
        } else {
            fputs(cli_status_word(r->status), out);
        }
        /* How a register without a file column led to the document. */
        if (o->verbose && (r->reg->found == KC_FOUND_NAME || r->reg->found == KC_FOUND_TEXT))
            fprintf(out, "  [%s]", index_found_word(r->reg->found));
        fputc('\n', out);
        g_free(why);
    }
    if (c->warnings->len) {
        fprintf(out, _("\n  Warnings:\n"));
        for (size_t i = 0; i < c->warnings->len; i++)
            fprintf(out, "  ! %s\n", CLI_STR(c->warnings, i));
    }
}

char *index_problem_text(const index_row *r)
{
    if (!r->problem)
        return NULL;
    if (r->other_agency)
        /* TRANSLATORS: the certificate that signed belongs to another commune or the district. */
        return g_strdup_printf(_("signed by another agency (%s)"), r->other_agency);
    const char *why = cli_reason_text(r->problem);
    return g_strdup(why ? why : r->problem);
}

void index_print_text(FILE *out, const commune *c, size_t n, const index_opts *o, GPtrArray *notes)
{
    for (guint i = 0; notes && i < notes->len; i++)
        fprintf(out, "! %s\n", CLI_STR(notes, i));
    if (n == 1) {
        print_commune(out, &c[0], o);
        return;
    }
    kc_totals all;
    size_t counted, all_signed = index_district_totals(c, n, &all, &counted);
    char p20[16], p21[16], p22[16];
    cli_put_padded(out, _("Commune"), 28);
    fputc(' ', out);
    cli_put_padded(out, _("Documents"), 10);
    fprintf(out, " %9s %9s %9s\n", "20", "21", "22");
    for (size_t i = 0; i < n; i++) {
        const kc_totals *t = &c[i].totals;
        cli_put_padded(out, c[i].name, 28);
        if (c[i].not_counted) {
            fputs("          ", out);
            cli_put_padded(out, "—", 1);
            fprintf(out, "   %s\n", _("not counted (see below)"));
            continue;
        }
        fprintf(out, " %10zu %9s %9s %9s%s\n", t->documents, kc_ratio_format_local(kc_totals_criterion(t, 20), p20, sizeof p20),
                kc_ratio_format_local(kc_totals_criterion(t, 21), p21, sizeof p21),
                kc_ratio_format_local(kc_totals_criterion(t, 22), p22, sizeof p22), c[i].no_register ? " *" : "");
    }
    cli_put_padded(out, _("Total"), 28);
    fprintf(out, " %10zu %9s %9s %9s\n\n", all.documents, kc_ratio_format_local(kc_totals_criterion(&all, 20), p20, sizeof p20),
            kc_ratio_format_local(kc_totals_criterion(&all, 21), p21, sizeof p21),
            kc_ratio_format_local(kc_totals_criterion(&all, 22), p22, sizeof p22));
    fprintf(out, ngettext("%zu of %zu commune counted\n", "%zu of %zu communes counted\n", n), counted, n);
    kc_ratio share = {all_signed, n};
    fprintf(out, _("Communes whose outgoing documents are all signed (criterion 20): %zu/%zu (%s)\n"), all_signed, n,
            kc_ratio_format_local(share, p20, sizeof p20));
    char *unregistered = index_no_register_text(c, n);
    if (unregistered)
        fprintf(out, "%s\n", unregistered);
    g_free(unregistered);
    if (all.indeterminate)
        fprintf(out, _("Indeterminate documents (not counted as signed): %zu\n"), all.indeterminate);
    if (all.other_agency)
        fprintf(out, _("Documents signed by another agency (not counted as signed): %zu\n"), all.other_agency);
    size_t noted = 0;
    for (size_t i = 0; i < n; i++)
        noted += noted_rows(&c[i]);
    print_noted(out, "", noted);
    fputc('\n', out);
    for (size_t i = 0; i < n; i++) {
        print_commune(out, &c[i], o);
        fputc('\n', out);
    }
}

static void member_ratio(JsonBuilder *b, const char *key, kc_ratio r, const kc_untied_tally *untied)
{
    char text[16];
    json_builder_set_member_name(b, key);
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "numerator");
    json_builder_add_int_value(b, (int64_t)r.numerator);
    json_builder_set_member_name(b, "denominator");
    json_builder_add_int_value(b, (int64_t)r.denominator);
    json_builder_set_member_name(b, "percent");
    int t = kc_ratio_tenths(r);
    if (t < 0)
        json_builder_add_null_value(b);
    else
        json_builder_add_double_value(b, t / 10.0);
    json_builder_set_member_name(b, "text");
    json_builder_add_string_value(b, kc_ratio_format(r, text, sizeof text));
    if (untied) {
        kc_json_add_int(b, "untied", (int64_t)kc_untied_in(untied, atoi(key)));
        /* counted only by staff whose certificate names no office (rtcert19) */
        kc_json_add_int(b, "no_office", (int64_t)kc_untied_no_office_in(untied, atoi(key)));
    }
    json_builder_end_object(b);
}

/* The counts and criteria of t; untied (may be NULL): the documents in each
 * numerator counted by a certificate not tied to the commune (kc_untied). */
static void add_totals(JsonBuilder *b, const kc_totals *t, const kc_untied_tally *untied, const char *district,
                       const char *province)
{
    kc_json_add_int(b, "documents", (int64_t)t->documents);
    kc_json_add_int(b, "signed", (int64_t)t->signed_docs);
    kc_json_add_int(b, "leader_signed", (int64_t)t->leader_signed);
    kc_json_add_int(b, "to_district", (int64_t)t->to_authority);
    kc_json_add_int(b, "to_district_signed", (int64_t)t->to_authority_signed);
    kc_json_add_int(b, "indeterminate", (int64_t)t->indeterminate);
    kc_json_add_int(b, "other_agency", (int64_t)t->other_agency);
    json_builder_set_member_name(b, "criteria");
    json_builder_begin_object(b);
    member_ratio(b, "20", kc_totals_criterion(t, 20), untied);
    member_ratio(b, "21", kc_totals_criterion(t, 21), untied);
    member_ratio(b, "22", kc_totals_criterion(t, 22), untied);
    json_builder_end_object(b);
    char *json = untied ? kc_untied_to_json(untied, district, province) : NULL;
    if (json)
        kc_json_add_json(b, "untied", json);
    free(json);
}

static void add_line(JsonBuilder *b, const kc_register_row *r)
{
    if (r->line)
        kc_json_add_int(b, "line", (int64_t)r->line);
    else
        kc_json_add_str(b, "line", NULL);
}

static void add_row(JsonBuilder *b, const index_row *r)
{
    json_builder_begin_object(b);
    add_line(b, r->reg);
    kc_json_add_str(b, "number", r->reg->number);
    kc_json_add_str(b, "date", r->reg->date);
    kc_json_add_str(b, "file", r->reg->file);
    kc_json_add_str(b, "found", index_found_code(r->reg->found));
    kc_json_add_str(b, "file_written", r->reg->file_written);
    kc_json_add_bool(b, "from_document", r->reg->from_document);
    kc_json_add_str(b, "status", r->status);
    kc_json_add_bool(b, "leader", r->leader);
    kc_json_add_bool(b, "org", r->org);
    kc_json_add_bool(b, "to_district", r->to_authority);
    kc_json_add_str(b, "signers", r->signers);
    kc_json_add_str(b, "problem", r->problem);
    kc_json_add_str(b, "other_agency", r->other_agency);
    json_builder_set_member_name(b, "notes");
    json_builder_begin_array(b);
    for (size_t k = 0; r->notes && r->notes[k]; k++)
        json_builder_add_string_value(b, r->notes[k]);
    json_builder_end_array(b);
    json_builder_set_member_name(b, "warnings");
    json_builder_begin_array(b);
    for (size_t w = 0; w < r->reg->n_warnings; w++)
        json_builder_add_string_value(b, r->reg->warnings[w]);
    if (strcmp(r->status, "missing") == 0)
        json_builder_add_string_value(b, _("the file is missing"));
    json_builder_end_array(b);
    json_builder_end_object(b);
}

static void add_commune(JsonBuilder *b, const commune *c, const index_opts *o)
{
    json_builder_begin_object(b);
    kc_json_add_str(b, "commune", c->name);
    kc_json_add_str(b, "register", c->source);
    kc_json_add_str(b, "authority", o->authority);
    kc_json_add_str(b, "agency", c->agency);
    kc_json_add_str(b, "agency_from", c->agency ? c->agency_from : NULL);
    kc_json_add_bool(b, "accept_claimed_time", o->accept_claimed_time);
    kc_json_add_bool(b, "counted", !c->not_counted);
    kc_json_add_str(b, "not_counted", c->not_counted);
    kc_json_add_bool(b, "no_register", c->no_register);
    if (c->year)
        kc_json_add_int(b, "year", c->year);
    else
        kc_json_add_str(b, "year", NULL);
    kc_json_add_int(b, "undated_counted", (int64_t)c->undated);
    kc_json_add_int(b, "noted", (int64_t)noted_rows(c));
    add_totals(b, &c->totals, &c->untied, c->agency_district, c->agency_province);
    json_builder_set_member_name(b, "left_out");
    json_builder_begin_array(b);
    for (guint i = 0; i < c->left_out->len; i++) {
        const kc_register_row *r = c->left_out->pdata[i];
        json_builder_begin_object(b);
        add_line(b, r);
        kc_json_add_str(b, "number", r->number);
        kc_json_add_str(b, "date", r->date);
        kc_json_add_str(b, "reason", "outside-year");
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "warnings");
    json_builder_begin_array(b);
    for (size_t i = 0; i < c->warnings->len; i++)
        json_builder_add_string_value(b, CLI_STR(c->warnings, i));
    json_builder_end_array(b);
    json_builder_set_member_name(b, "rows");
    json_builder_begin_array(b);
    for (size_t i = 0; i < c->n_rows; i++)
        add_row(b, &c->rows[i]);
    json_builder_end_array(b);
    json_builder_end_object(b);
}

int index_print_json(FILE *out, const commune *c, size_t n, const index_opts *o, GPtrArray *notes)
{
    JsonBuilder *b = json_builder_new();
    if (n == 1 && (!notes || !notes->len)) {
        add_commune(b, &c[0], o);
    } else if (n == 1) {
        /* One commune, and what was said about the folder (a copy counted once). */
        add_commune(b, &c[0], o);
        char *one = kc_json_finish(b, false);
        b = json_builder_new();
        json_builder_begin_object(b);
        kc_json_add_members(b, one);
        free(one);
        json_builder_set_member_name(b, "notes");
        json_builder_begin_array(b);
        for (guint i = 0; i < notes->len; i++)
            json_builder_add_string_value(b, CLI_STR(notes, i));
        json_builder_end_array(b);
        json_builder_end_object(b);
    } else {
        kc_totals all;
        size_t counted, all_signed = index_district_totals(c, n, &all, &counted);
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "communes");
        json_builder_begin_array(b);
        for (size_t i = 0; i < n; i++)
            add_commune(b, &c[i], o);
        json_builder_end_array(b);
        json_builder_set_member_name(b, "totals");
        json_builder_begin_object(b);
        kc_untied_tally untied = {0};
        for (size_t i = 0; i < n; i++)
            kc_untied_merge(&untied, &c[i].untied);
        add_totals(b, &all, &untied, NULL, NULL);
        json_builder_end_object(b);
        kc_json_add_int(b, "communes_counted", (int64_t)counted);
        kc_json_add_int(b, "communes_listed", (int64_t)n);
        kc_json_add_int(b, "communes_all_signed", (int64_t)all_signed);
        member_ratio(b, "district_criterion_20", (kc_ratio){all_signed, n}, NULL);
        json_builder_set_member_name(b, "notes");
        json_builder_begin_array(b);
        for (guint i = 0; notes && i < notes->len; i++)
            json_builder_add_string_value(b, CLI_STR(notes, i));
        json_builder_end_array(b);
        json_builder_end_object(b);
    }
    char *text = kc_json_finish(b, false);
    fprintf(out, "%s\n", text);
    free(text);
    return 0;
}
