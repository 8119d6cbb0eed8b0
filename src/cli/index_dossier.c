/* index_dossier.c: `kiemchung index DOSSIER.zip`: criteria 20–22 from the
 * register and documents inside a dossier, nothing extracted.  The counting
 * is the review's (kiemchung/review.h), the one `kiemchung review` and the
 * desk show: the dossier is checked, its documents verified with the
 * validation data it holds (at the time its timestamped seal proves), and a
 * signature counts only when it is the commune's own.  Here its rows become
 * index's, with the commune's fields (whose signatures count, the rows left
 * out by --year) filled as index_commune.c fills them for a register on
 * disk, so every output of index (text, --json, --csv, --html) reads the
 * same for both. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"

/* "Nguyễn Văn An (lãnh đạo); UBND xã Khác (cơ quan, ≠)", as index_commune.c
 * marks signers: ≠ a valid signature of another agency. */
static char *signers_text(const kc_review_row *row, const kc_verdict *v, bool local)
{
    GString *who = g_string_new(NULL);
    for (size_t s = 0; v && s < kc_verdict_count(v); s++) {
        const kc_sig_info *si = kc_verdict_sig(v, s);
        bool own = kc_review_own_signature(row, si);
        const char *mark = si->valid ? (own ? "" : ", ≠") : si->indeterminate ? ", ?" : ", ✗";
        g_string_append_printf(who, "%s%s (%s%s)", s ? "; " : "", si->signer ? si->signer : "?",
                               local ? cli_role_word(si->role) : kc_role_name(si->role), mark);
    }
    return g_string_free(who, who->len == 0);
}

/* The other agency whose valid certificate signed d, and the commune's own
 * organisation as its certificate writes it (c->agency_seen). */
static void note_agencies(commune *c, index_row *r, const kc_review_row *row, const kc_verdict *v)
{
    for (size_t s = 0; v && s < kc_verdict_count(v); s++) {
        const kc_sig_info *si = kc_verdict_sig(v, s);
        bool own = kc_review_own_signature(row, si);
        if (!own && si->valid && !r->other_agency)
            r->other_agency = strdup(si->organization && *si->organization ? si->organization
                                                                           : si->signer ? si->signer : "?");
        if (own && row->agency && si->role == KC_ROLE_ORG && si->organization && *si->organization &&
            !c->agency_seen)
            c->agency_seen = strdup(si->organization);
    }
}

int index_dossier(commune *c, const char *path, cli_verify_args *va, const index_opts *o, char **why)
{
    /* rtzip15: the installed catalog, as check, list and review read the dossier:
     * without it a row an older update described by the catalog had its part,
     * group and group title unread, so index found sound (exit 0, no word) a
     * dossier whose criterion 36 was moved to another part, which check fails. */
    kc_review_opts ro = {.trust = va->trust, .verify = &va->opts, .authority = o->authority, .allow_unsealed = true,
                         .sheet = o->sheet, .catalog = va->catalog};
    kc_error err = {0};
    const kc_review_row *row;

    if (kc_review_new(&c->review, &ro, &err) != 0 || kc_review_add_dossier(c->review, path, &err) != 0) {
        *why = g_strdup(err.message);
        return -1;
    }
    row = kc_review_get(c->review, 0);
    free(c->name);
    c->name = g_strdup(row->commune);
    if (row->error) {
        *why = g_strdup(row->error);
        return -1;
    }
    if (!row->computed && row->register_conflict) {
        *why = g_strdup_printf("%s: %s", path, row->register_conflict);
        return 1;
    }
    if (!row->computed && row->register_unread) {
        *why = g_strdup_printf("%s: %s", path, row->register_unread);
        return 1;
    }
    /* A file that is no readable zip (a copy cut short) was said to hold no
     * register, which sent the newcomer to look for one inside; its check's
     * problem says what it is and to copy it again (newcomer42). */
    if (!row->computed && kc_check_archive_problem(row->check)) {
        *why = g_strdup(kc_check_archive_problem(row->check)->message); /* it names the file */
        return 1;
    }
    if (!row->computed) {
        *why = g_strdup_printf(_("%s: the dossier holds no outgoing register (a CSV or Excel file with the Decree 30 columns)"),
                               path);
        return 1;
    }
    char *source = g_strdup_printf("%s: %s", path, row->register_entry);
    free(c->source); /* path may be c->source */
    c->source = source;
    /* Whose signatures count: the commune the dossier names, as the review has it. */
    if (row->agency) {
        c->agency = g_strdup(row->agency);
        c->agency_from = "dossier";
    }
    if (o->commune)
        g_ptr_array_add(c->warnings,
                        g_strdup_printf(_("--commune \"%s\" is not used: a dossier's documents count for the commune it names (%s)"),
                                        o->commune, row->agency ? row->agency : _("none: every agency's signature counts")));
    for (size_t i = 0; row->check && i < kc_check_problem_count(row->check); i++) {
        const kc_problem *p = kc_check_problem(row->check, i);
        if (strcmp(p->code, "signature") == 0)
            continue; /* the documents' own rows say it */
        char *line = *p->path ? g_strdup_printf("%s: %s", p->path, p->message) : g_strdup(p->message);
        c->check_problems++; /* rtzip5: exit 1, and a line of --csv, which has no warnings */
        cli_strings_add(c->warnings, line);
        g_free(line);
    }
    /* rtzip5: a dossier whose seal was stripped, its register cut down and
     * its manifests made to agree, checks clean as "not sealed" (check says
     * so); index gave its 100% without a word. */
    if (row->check && !kc_check_seal(row->check))
        cli_strings_add(c->warnings, _("the dossier is not sealed: nothing shows that its register and documents are "
                                       "the ones the commune filed (kiemchung review and check --require-seal want a "
                                       "seal)"));
    for (size_t i = 0; i < row->nwarnings; i++)
        if (row->warnings[i] != row->untied_said[0] && row->warnings[i] != row->untied_said[1] &&
            row->warnings[i] != row->untied_said[2])
            cli_strings_add(c->warnings, row->warnings[i]); /* those two are said of the rows counted here */
    c->rows = calloc(row->ndocs ? row->ndocs : 1, sizeof *c->rows);
    if (!c->rows) {
        *why = g_strdup(kc_oom_message());
        return -1;
    }
    for (size_t i = 0; i < row->ndocs; i++) {
        const kc_review_doc *d = &row->docs[i];
        if (d->outside_year || (o->year && d->row->year && d->row->year != o->year)) {
            g_ptr_array_add(c->left_out, (gpointer)d->row); /* listed, not counted */
            continue;
        }
        index_row *r = &c->rows[c->n_rows++];
        if (o->year && !d->row->year) {
            c->undated++; /* counted: leaving it out could hide an unsigned document */
            g_ptr_array_add(c->warnings, g_strdup_printf(_("%s: %s: its date cannot be read, so it is counted in %d"),
                                                         d->row->where ? d->row->where : "",
                                                         d->row->number ? d->row->number : "?", o->year));
        }
        c->found_by[d->row->found < 5 ? d->row->found : 0]++;
        r->reg = d->row;
        r->status = d->status;
        r->leader = d->leader;
        r->org = d->org;
        r->to_authority = d->to_authority;
        r->signers = signers_text(row, d->verdict, false);
        r->signers_local = signers_text(row, d->verdict, true);
        r->problem = d->problem ? strdup(d->problem) : NULL;
        r->untied = d->untied;
        r->untied_by = d->untied_by ? strdup(d->untied_by) : NULL;
        note_agencies(c, r, row, d->verdict);
        kc_review_doc_add(&c->totals, d);
    }
    c->agency_district = row->agency ? row->district : NULL; /* the places the review compared */
    c->agency_province = row->agency ? row->province : NULL;
    index_untied(c, true);
    /* Rows of another year than the dossier's are left out as --year leaves them out. */
    index_opts within = *o;
    if (!within.year)
        within.year = row->year;
    c->year = within.year;
    index_finish(c, &within);
    return 0;
}
