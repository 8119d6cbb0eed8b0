/* index_output.c: `kiemchung index` results as a readable table (in the style
 * of the commune's evidence report: "Tiêu chí 20 … 12/22 (54,5%)"), as JSON,
 * or as a per-row CSV for Excel. */
#include <json-glib/json-glib.h>
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

size_t index_district_totals(const commune *c, size_t n, kc_totals *all)
{
    size_t all_signed = 0;
    memset(all, 0, sizeof *all);
    for (size_t i = 0; i < n; i++) {
        kc_totals_merge(all, &c[i].totals);
        all_signed += c[i].totals.documents > 0 && c[i].totals.signed_docs == c[i].totals.documents;
    }
    return all_signed;
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
                r.denominator, kc_ratio_format(r, pct, sizeof pct));
        g_free(label);
    }
}

static void print_commune(FILE *out, const commune *c, const index_opts *o)
{
    fprintf(out, ngettext("%s: %zu document (%s)\n", "%s: %zu documents (%s)\n", c->totals.documents), c->name,
            c->totals.documents, c->source);
    print_criteria(out, &c->totals);
    if (c->totals.indeterminate)
        fprintf(out, _("  Indeterminate (certificate expired or revoked since, nothing proves the signing time; not counted as signed): %zu\n"),
                c->totals.indeterminate);
    if (o->accept_claimed_time)
        fprintf(out, "  %s\n", _("--accept-claimed-time: signing times claimed by the signers were trusted without proof."));
    fprintf(out, _("  Reviewing authority: %s\n"), index_authority_name(o));
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
        const char *why = r->problem ? cli_reason_text(r->problem) : NULL;
        fprintf(out, "  %-8s ", line);
        cli_put_padded(out, r->reg->number ? r->reg->number : "?", 20);
        fputc(' ', out);
        const char *who = r->signers_local ? r->signers_local : r->signers ? r->signers : "";
        if (*who || r->problem) {
            cli_put_padded(out, cli_status_word(r->status), 12);
            fprintf(out, " %s%s%s\n", who, r->problem ? "  — " : "", why ? why : r->problem ? r->problem : "");
        } else {
            fprintf(out, "%s\n", cli_status_word(r->status));
        }
    }
    if (c->warnings->len) {
        fprintf(out, _("\n  Warnings:\n"));
        for (size_t i = 0; i < c->warnings->len; i++)
            fprintf(out, "  ! %s\n", CLI_STR(c->warnings, i));
    }
}

void index_print_text(FILE *out, const commune *c, size_t n, const index_opts *o)
{
    if (n == 1) {
        print_commune(out, &c[0], o);
        return;
    }
    kc_totals all;
    size_t all_signed = index_district_totals(c, n, &all);
    char p20[16], p21[16], p22[16];
    cli_put_padded(out, _("Commune"), 28);
    fputc(' ', out);
    cli_put_padded(out, _("Documents"), 10);
    fprintf(out, " %9s %9s %9s\n", "20", "21", "22");
    for (size_t i = 0; i < n; i++) {
        const kc_totals *t = &c[i].totals;
        cli_put_padded(out, c[i].name, 28);
        fprintf(out, " %10zu %9s %9s %9s\n", t->documents,
                kc_ratio_format(kc_totals_criterion(t, 20), p20, sizeof p20),
                kc_ratio_format(kc_totals_criterion(t, 21), p21, sizeof p21),
                kc_ratio_format(kc_totals_criterion(t, 22), p22, sizeof p22));
    }
    cli_put_padded(out, _("Total"), 28);
    fprintf(out, " %10zu %9s %9s %9s\n\n", all.documents,
            kc_ratio_format(kc_totals_criterion(&all, 20), p20, sizeof p20),
            kc_ratio_format(kc_totals_criterion(&all, 21), p21, sizeof p21),
            kc_ratio_format(kc_totals_criterion(&all, 22), p22, sizeof p22));
    kc_ratio share = {all_signed, n};
    fprintf(out, _("Communes whose outgoing documents are all signed (criterion 20): %zu/%zu (%s)\n"),
            all_signed, n, kc_ratio_format(share, p20, sizeof p20));
    if (all.indeterminate)
        fprintf(out, _("Indeterminate documents (not counted as signed): %zu\n"), all.indeterminate);
    fputc('\n', out);
    for (size_t i = 0; i < n; i++) {
        print_commune(out, &c[i], o);
        fputc('\n', out);
    }
}

static void member_ratio(JsonBuilder *b, const char *key, kc_ratio r)
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
    json_builder_end_object(b);
}

static void add_totals(JsonBuilder *b, const kc_totals *t)
{
    kc_json_add_int(b, "documents", (int64_t)t->documents);
    kc_json_add_int(b, "signed", (int64_t)t->signed_docs);
    kc_json_add_int(b, "leader_signed", (int64_t)t->leader_signed);
    kc_json_add_int(b, "to_district", (int64_t)t->to_authority);
    kc_json_add_int(b, "to_district_signed", (int64_t)t->to_authority_signed);
    kc_json_add_int(b, "indeterminate", (int64_t)t->indeterminate);
    json_builder_set_member_name(b, "criteria");
    json_builder_begin_object(b);
    member_ratio(b, "20", kc_totals_criterion(t, 20));
    member_ratio(b, "21", kc_totals_criterion(t, 21));
    member_ratio(b, "22", kc_totals_criterion(t, 22));
    json_builder_end_object(b);
}

static void add_commune(JsonBuilder *b, const commune *c, const index_opts *o)
{
    json_builder_begin_object(b);
    kc_json_add_str(b, "commune", c->name);
    kc_json_add_str(b, "register", c->source);
    kc_json_add_str(b, "authority", o->authority);
    kc_json_add_bool(b, "accept_claimed_time", o->accept_claimed_time);
    add_totals(b, &c->totals);
    json_builder_set_member_name(b, "warnings");
    json_builder_begin_array(b);
    for (size_t i = 0; i < c->warnings->len; i++)
        json_builder_add_string_value(b, CLI_STR(c->warnings, i));
    json_builder_end_array(b);
    json_builder_set_member_name(b, "rows");
    json_builder_begin_array(b);
    for (size_t i = 0; i < c->n_rows; i++) {
        const index_row *r = &c->rows[i];
        json_builder_begin_object(b);
        if (r->reg->line)
            kc_json_add_int(b, "line", (int64_t)r->reg->line);
        else
            kc_json_add_str(b, "line", NULL);
        kc_json_add_str(b, "number", r->reg->number);
        kc_json_add_str(b, "date", r->reg->date);
        kc_json_add_str(b, "file", r->reg->file);
        kc_json_add_bool(b, "from_document", r->reg->from_document);
        kc_json_add_str(b, "status", r->status);
        kc_json_add_bool(b, "leader", r->leader);
        kc_json_add_bool(b, "org", r->org);
        kc_json_add_bool(b, "to_district", r->to_authority);
        kc_json_add_str(b, "signers", r->signers);
        kc_json_add_str(b, "problem", r->problem);
        json_builder_set_member_name(b, "warnings");
        json_builder_begin_array(b);
        for (size_t w = 0; w < r->reg->n_warnings; w++)
            json_builder_add_string_value(b, r->reg->warnings[w]);
        if (strcmp(r->status, "missing") == 0)
            json_builder_add_string_value(b, _("the file is missing"));
        json_builder_end_array(b);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
}

int index_print_json(FILE *out, const commune *c, size_t n, const index_opts *o)
{
    JsonBuilder *b = json_builder_new();
    if (n == 1) {
        add_commune(b, &c[0], o);
    } else {
        kc_totals all;
        size_t all_signed = index_district_totals(c, n, &all);
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "communes");
        json_builder_begin_array(b);
        for (size_t i = 0; i < n; i++) {
            add_commune(b, &c[i], o);
        }
        json_builder_end_array(b);
        json_builder_set_member_name(b, "totals");
        json_builder_begin_object(b);
        add_totals(b, &all);
        json_builder_end_object(b);
        kc_json_add_int(b, "communes_all_signed", (int64_t)all_signed);
        member_ratio(b, "district_criterion_20", (kc_ratio){all_signed, n});
        json_builder_end_object(b);
    }
    char *text = kc_json_finish(b, false);
    fprintf(out, "%s\n", text);
    free(text);
    return 0;
}

/* A CSV field, quoted when it holds the separator, a quote or a line break. */
static void csv_field(FILE *out, const char *s, char sep, bool last)
{
    s = s ? s : "";
    if (strchr(s, sep) || strchr(s, '"') || strchr(s, '\n') || strchr(s, '\r')) {
        fputc('"', out);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', out);
            fputc(*s, out);
        }
        fputc('"', out);
    } else {
        fputs(s, out);
    }
    fputs(last ? "\r\n" : (char[]){sep, 0}, out);
}

void index_print_csv(FILE *out, const commune *c, size_t n, const index_opts *o)
{
    /* Stable column names, like the JSON keys: scripts read this file too. */
    const char *head[] = {"commune", "line", "number", "date", "file", "status",
                          "leader", "org", "to_district", "signers", "warnings"};
    (void)o;
    fputs("\xEF\xBB\xBF", out); /* the BOM makes Excel read UTF-8 */
    for (size_t i = 0; i < G_N_ELEMENTS(head); i++)
        csv_field(out, head[i], o->csv_sep, i + 1 == G_N_ELEMENTS(head));
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < c[k].n_rows; i++) {
            const index_row *r = &c[k].rows[i];
            char line[24];
            snprintf(line, sizeof line, "%zu", r->reg->line);
            GString *w = g_string_new(NULL);
            for (size_t j = 0; j < r->reg->n_warnings; j++)
                g_string_append_printf(w, "%s%s", j ? "; " : "", r->reg->warnings[j]);
            csv_field(out, c[k].name, o->csv_sep, false);
            csv_field(out, r->reg->line ? line : "", o->csv_sep, false);
            csv_field(out, r->reg->number, o->csv_sep, false);
            csv_field(out, r->reg->date, o->csv_sep, false);
            csv_field(out, r->reg->file, o->csv_sep, false);
            csv_field(out, r->status, o->csv_sep, false);
            csv_field(out, r->leader ? "1" : "0", o->csv_sep, false);
            csv_field(out, r->org ? "1" : "0", o->csv_sep, false);
            csv_field(out, r->to_authority ? "1" : "0", o->csv_sep, false);
            csv_field(out, r->signers, o->csv_sep, false);
            csv_field(out, w->str, o->csv_sep, true);
            g_string_free(w, TRUE);
        }
}
