/* index_csv.c: `kiemchung index --csv`: the register's rows with their
 * verdicts and the criteria, for Excel, in the language of the messages.
 *
 * In English the headings are the stable column names scripts read (as the
 * JSON keys) and values are codes ("valid", 1/0); in Vietnamese a clerk
 * opening the file sees "Kết quả: hợp lệ", "Lý do", "có".  Either way each
 * row says why it does not count, and the criteria follow the rows, after a
 * blank line, as the report writes them ("Tiêu chí 20 … 5/7 … 71,4%", the
 * decimal separator of the language). */
#include <stdlib.h>
#include <string.h>

#include "index.h"

/* TRANSLATORS: "column|…" are the headings of `index --csv`; translate the
 * part after the bar (which the English output keeps as it is, for scripts). */
static const char *const head[] = {
    N_("column|commune"), N_("column|line"), N_("column|number"), N_("column|date"), N_("column|file"),
    N_("column|found"), N_("column|status"), N_("column|leader"), N_("column|org"), N_("column|to_district"),
    N_("column|signers"), N_("column|reason"), N_("column|warnings"),
};

/* A "context|text" message: its translation, or the text after the bar. */
static const char *heading(const char *msgid)
{
    const char *t = _(msgid);
    const char *bar = t == msgid || strncmp(t, "column|", 7) == 0 ? strchr(t, '|') : NULL;
    return bar ? bar + 1 : t;
}

/* A CSV field as kc_csv_field writes it (quoted, formulas disarmed). */
static void field(FILE *out, const char *s, char sep, bool last)
{
    GString *f = g_string_new(NULL);
    kc_csv_field(f, s, sep, last);
    fwrite(f->str, 1, f->len, out);
    g_string_free(f, TRUE);
}

static bool vietnamese(void)
{
    return strcmp(cli_lang_code(), "vi") == 0;
}

static const char *flag(bool b)
{
    return vietnamese() ? (b ? _("yes") : "") : b ? "1" : "0";
}

static void row(FILE *out, const commune *c, const index_row *r, char sep)
{
    char line[24] = "";
    bool vi = vietnamese();
    if (r->reg->line)
        snprintf(line, sizeof line, "%zu", r->reg->line);
    GString *w = g_string_new(NULL);
    for (size_t j = 0; j < r->reg->n_warnings; j++)
        g_string_append_printf(w, "%s%s", j ? "; " : "", r->reg->warnings[j]);
    char *date = vi ? index_date_text(r->reg) : g_strdup(r->reg->date ? r->reg->date : "");
    char *why = index_problem_text(r);
    if (!why && strcmp(r->status, "missing") == 0)
        why = g_strdup(r->reg->file ? _("the file is missing") : _("no file for this document"));
    field(out, c->name, sep, false);
    field(out, line, sep, false);
    field(out, r->reg->number, sep, false);
    field(out, date, sep, false);
    field(out, r->reg->file, sep, false);
    field(out, vi ? (r->reg->found ? index_found_word(r->reg->found) : "") : index_found_code(r->reg->found), sep,
          false);
    field(out, vi ? cli_status_word(r->status) : r->status, sep, false);
    field(out, flag(r->leader), sep, false);
    field(out, flag(r->org), sep, false);
    field(out, flag(r->to_authority), sep, false);
    field(out, vi ? r->signers_local : r->signers, sep, false);
    field(out, why, sep, false);
    field(out, w->str, sep, true);
    g_free(why);
    g_free(date);
    g_string_free(w, TRUE);
}

/* The criteria of one commune (or the total), after the rows. */
static void criteria(FILE *out, const char *name, const kc_totals *t, char sep)
{
    static const int numbers[] = {20, 21, 22};
    for (size_t i = 0; i < G_N_ELEMENTS(numbers); i++) {
        kc_ratio r = kc_totals_criterion(t, numbers[i]);
        char *crit = g_strdup_printf(_("Criterion %d"), numbers[i]), *ratio = g_strdup_printf("%zu/%zu", r.numerator, r.denominator);
        char pct[16];
        field(out, name, sep, false);
        field(out, crit, sep, false);
        field(out, index_criterion_label(numbers[i]), sep, false);
        field(out, ratio, sep, false);
        field(out, kc_ratio_format_local(r, pct, sizeof pct), sep, true);
        g_free(crit);
        g_free(ratio);
    }
    /* What the criteria did not count as signed, and why, under them. */
    const struct { size_t n; const char *label; } apart[] = {
        {t->indeterminate, N_("Indeterminate (not counted as signed)")},
        {t->other_agency, N_("Signed by another agency (not counted as signed)")},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(apart); i++) {
        if (!apart[i].n)
            continue;
        char *count = g_strdup_printf("%zu", apart[i].n);
        field(out, name, sep, false);
        field(out, _(apart[i].label), sep, false);
        field(out, "", sep, false);
        field(out, count, sep, false);
        field(out, "", sep, true);
        g_free(count);
    }
}

void index_print_csv(FILE *out, const commune *c, size_t n, const index_opts *o)
{
    char sep = o->csv_sep;
    fputs("\xEF\xBB\xBF", out); /* the BOM makes Excel read UTF-8 */
    for (size_t i = 0; i < G_N_ELEMENTS(head); i++)
        field(out, heading(head[i]), sep, i + 1 == G_N_ELEMENTS(head));
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < c[k].n_rows; i++)
            row(out, &c[k], &c[k].rows[i], sep);
    fputs("\r\n", out);
    for (size_t k = 0; k < n; k++) {
        if (c[k].not_counted) {
            field(out, c[k].name, sep, false);
            field(out, _("not counted"), sep, false);
            field(out, c[k].not_counted, sep, true);
            continue;
        }
        criteria(out, c[k].name, &c[k].totals, sep);
        /* rtzip5: the commune's warnings are not in the CSV; a dossier that
         * fails its check gave figures (a register cut down after sealing:
         * 100%) and not a word beside them. */
        if (c[k].check_problems) {
            char *why = g_strdup_printf(ngettext("the dossier fails its check (%zu problem): these figures may not be "
                                                 "the dossier's as it was filed; kiemchung check names it",
                                                 "the dossier fails its check (%zu problems): these figures may not be "
                                                 "the dossier's as it was filed; kiemchung check names each",
                                                 c[k].check_problems),
                                        c[k].check_problems);
            field(out, c[k].name, sep, false);
            field(out, _("dossier check"), sep, false);
            field(out, why, sep, true);
            g_free(why);
        }
    }
    if (n > 1) {
        kc_totals all;
        size_t counted;
        index_district_totals(c, n, &all, &counted);
        criteria(out, _("Total"), &all, sep);
    }
}
