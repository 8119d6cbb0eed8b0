/* index_dossier.c: `kiemchung index DOSSIER.zip`: criteria 20–22 from the
 * register and documents inside a dossier, nothing extracted.  The counting
 * is the review's (kiemchung/review.h), the one `kiemchung review` and the
 * desk show: the dossier is checked, its documents verified with the
 * validation data it holds (at the time its timestamped seal proves), and a
 * signature counts only when it is the commune's own.  Here its rows become
 * index's, so every output of index (text, --json, --csv, --html) reads the
 * same as for a register on disk. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"

/* "Nguyễn Văn An (lãnh đạo); UBND xã Thủy An (cơ quan, cơ quan khác)", as index's text and page show signers. */
static char *local_signers(const kc_review_row *row, const kc_verdict *v)
{
    GString *who = g_string_new(NULL);
    for (size_t s = 0; v && s < kc_verdict_count(v); s++) {
        const kc_sig_info *si = kc_verdict_sig(v, s);
        bool own = kc_review_own_signature(row, si);
        g_string_append_printf(who, "%s%s (%s%s%s)", s ? "; " : "", si->signer ? si->signer : "?",
                               cli_role_word(si->role), own ? "" : _(", another agency"),
                               si->valid ? "" : si->indeterminate ? ", ?" : ", ✗");
    }
    return g_string_free(who, who->len == 0);
}

int index_dossier(commune *c, const char *path, cli_verify_args *va, const index_opts *o, const char *sheet)
{
    kc_review_opts ro = {.trust = va->trust, .verify = &va->opts, .authority = o->authority, .allow_unsealed = true,
                         .sheet = sheet};
    kc_error err = {0};
    const kc_review_row *row;

    c->warnings = cli_strings_new();
    c->source = strdup(path);
    if (kc_review_new(&c->review, &ro, &err) != 0 || kc_review_add_dossier(c->review, path, &err) != 0) {
        cli_error("index", "%s", err.message);
        return -1;
    }
    row = kc_review_get(c->review, 0);
    c->name = g_strdup(row->commune);
    if (row->error) {
        cli_error("index", "%s", row->error);
        return -1;
    }
    if (!row->computed) {
        cli_error("index", _("%s: the dossier holds no outgoing register (a CSV or Excel file with the Decree 30 columns)"),
                  path);
        return -1;
    }
    free(c->source);
    c->source = g_strdup_printf("%s: %s", path, row->register_entry);
    for (size_t i = 0; row->check && i < kc_check_problem_count(row->check); i++) {
        const kc_problem *p = kc_check_problem(row->check, i);
        if (strcmp(p->code, "signature") == 0)
            continue; /* the documents' own rows say it */
        char *line = *p->path ? g_strdup_printf("%s: %s", p->path, p->message) : g_strdup(p->message);
        cli_strings_add(c->warnings, line);
        g_free(line);
    }
    for (size_t i = 0; i < row->nwarnings; i++)
        cli_strings_add(c->warnings, row->warnings[i]);
    c->rows = calloc(row->ndocs ? row->ndocs : 1, sizeof *c->rows);
    if (!c->rows)
        return -1;
    for (size_t i = 0; i < row->ndocs; i++) {
        const kc_review_doc *d = &row->docs[i];
        if (o->year && d->row->year != o->year)
            continue;
        index_row *r = &c->rows[c->n_rows++];
        r->reg = d->row;
        r->status = d->status;
        r->leader = d->leader;
        r->org = d->org;
        r->to_authority = d->to_authority;
        r->signers = d->signers ? strdup(d->signers) : NULL;
        r->signers_local = local_signers(row, d->verdict);
        r->problem = d->problem ? strdup(d->problem) : NULL;
        kc_review_doc_add(&c->totals, d);
    }
    return 0;
}
