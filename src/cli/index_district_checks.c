/* index_district_checks.c: what a district's index asks of its communes
 * together, once each commune's rows are counted (index_district.c finds the
 * communes): one signed document counted by one commune alone, signatures
 * and entries naming another commune's committee, and the year the district
 * is read for. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"

/* Where a signature value was first counted as signed. */
typedef struct {
    size_t commune, row;
} holder;

/* Files each signature value of a row under (commune in, row) unless an earlier
 * row holds it already: the first holder keeps the document. */
static void remember_first(GHashTable *first, char **values, size_t in, size_t row)
{
    for (char **v = values; *v; v++)
        if (!g_hash_table_contains(first, *v)) {
            holder *a = g_new(holder, 1);
            a->commune = in;
            a->row = row;
            g_hash_table_insert(first, *v, a);
        }
}

/* One signed document, many communes.  Folder names such as "01-thuy-an"
 * say no commune, so any agency's signature counts for each, and three
 * communes handing in the same signed PDFs (a copy, or the same file under
 * another path) each counted them as their own: a signature is made once,
 * for one document of one commune.  The commune whose own agency's
 * certificate signed it (its folder naming it: "xa-thuy-an") keeps it, else
 * the first where it counts as signed; any other row holding a signature
 * value so counted counts as not signed.  A row not counted as signed stays
 * as it is. */
void index_district_same_signatures(commune *c, size_t n, GPtrArray *notes)
{
    GHashTable *first = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free); /* value → holder */
    /* A document whose certificate names a commune's own agency is that
     * commune's, wherever it sorts: its values are taken first. */
    for (size_t i = 0; i < n; i++)
        for (size_t r = 0; r < c[i].n_rows && !c[i].not_counted; r++) {
            const index_row *row = &c[i].rows[r];
            if (!row->named_own || !row->values || !row->status || strcmp(row->status, "valid") != 0)
                continue;
            remember_first(first, row->values, i, r);
        }
    for (size_t i = 0; i < n; i++) {
        size_t *shared = g_new0(size_t, n + 1), changed = 0; /* per earlier commune: rows shared */
        for (size_t r = 0; r < c[i].n_rows; r++) {
            index_row *row = &c[i].rows[r];
            const holder *same = NULL;
            bool again = false; /* the same document signed again, not the same signature */
            if (c[i].not_counted || !row->values || !row->status || strcmp(row->status, "valid") != 0)
                continue;
            for (char **v = row->values; *v && !same; v++) {
                const holder *a = g_hash_table_lookup(first, *v);
                if (a && a->commune != i) {
                    same = a;
                    again = g_str_has_prefix(*v, KC_TWIN_ORIGINAL);
                }
            }
            if (same) {
                const commune *fc = &c[same->commune];
                const kc_register_row *f = fc->rows[same->row].reg, *rr = row->reg;
                row->status = "same-document";
                row->leader = row->org = false;
                free(row->problem);
                row->problem = strdup("same-document");
                g_ptr_array_add(c[i].warnings,
                                g_strdup_printf(again ? _("%s%s%s is %s's document (%s, %s) signed again: one signed document counts once in the district, so this row counts as not signed")
                                                      : _("%s%s%s holds the signature of %s's document (%s, %s): one signed document counts once in the district, so this row counts as not signed"),
                                                rr->where ? rr->where : "", rr->where && *rr->where ? ": " : "",
                                                rr->file_written ? rr->file_written : rr->file,
                                                fc->name, f->where ? f->where : "", f->number ? f->number : "?"));
                shared[same->commune]++;
                changed++;
                continue;
            }
            remember_first(first, row->values, i, r);
        }
        for (size_t k = 0; k < n; k++) /* the first commune, or the one whose certificate it names */
            if (k != i && shared[k])
                g_ptr_array_add(notes, g_strdup_printf(ngettext("%s and %s hand in %zu signed document with the same signature: it counts once, for %s",
                                                                "%s and %s hand in %zu signed documents with the same signatures: they count once, for %s",
                                                                shared[k]),
                                                       c[k].name, c[i].name, shared[k], c[k].name));
        if (changed)
            index_total(&c[i]);
        g_free(shared);
    }
    g_hash_table_destroy(first);
}

/* A folder named "01-thuy-an" says no commune's kind, so no certificate is
 * another agency's for it (kc_agency_counts with no commune), and a commune
 * whose documents only Thủy Thanh's certificate signed read 100%, among the
 * communes whose documents are all signed, with nothing said (rtnum20).  The
 * figures stay as the rule counts them (the folder may well be Thủy Thanh's);
 * the warning beside them says whose certificate signed and what to do. */
static void warn_entry_other(commune *c)
{
    size_t count = 0;
    const index_row *first = NULL;
    for (size_t r = 0; r < c->n_rows; r++) {
        const index_row *row = &c->rows[r];
        if (!row->other_committee || !row->status || strcmp(row->status, "valid") != 0)
            continue;
        if (!first)
            first = row;
        count++;
    }
    if (!first)
        return;
    g_ptr_array_add(c->warnings,
                    g_strdup_printf(ngettext("%zu document counted as signed was signed by the certificate of %s (the first: %s, %s), which is not %s: the name says no commune (xã, phường, thị trấn), so every agency's signature counts for it; name its folder or register after the commune (\"Xã …\") or give --commune, and another agency's signature will not count",
                                             "%zu documents counted as signed were signed by the certificate of %s (the first: %s, %s), which is not %s: the name says no commune (xã, phường, thị trấn), so every agency's signature counts for it; name its folder or register after the commune (\"Xã …\") or give --commune, and another agency's signature will not count",
                                             count),
                                    count, first->other_committee, first->reg->where ? first->reg->where : "",
                                    first->reg->number ? first->reg->number : "?", c->name));
}

/* A register given alone naming no commune, every document counted as signed
 * signed by one commune's committee (Thủy Thanh's): the register reads as
 * that commune's, and one of Thủy Bằng's whose documents Thủy Thanh's
 * certificate signed read 1/1, 100%, with nothing said (rtnum21; the Known
 * limit rtnum20 left).  Nothing in the signatures tells the two apart, but
 * the register's own "Người ký" column may: a row counted as signed whose
 * cell names another commune's committee ("UBND xã Thủy Bằng") is said, with
 * what to do.  The figures stay as the rule counts them; a register naming
 * its signers by their names alone (or the signing committee) says nothing. */
static void warn_signer_other(commune *c, const char *committee)
{
    size_t count = 0;
    const index_row *first = NULL;
    char *named = NULL;
    for (size_t r = 0; r < c->n_rows; r++) {
        const index_row *row = &c->rows[r];
        if (!row->other_committee || !row->status || strcmp(row->status, "valid") != 0)
            continue;
        char *other = kc_commune_signer_other(row->reg->signer, committee);
        if (!other)
            continue;
        if (!first) {
            first = row;
            named = other;
        } else {
            free(other);
        }
        count++;
    }
    if (!first)
        return;
    g_ptr_array_add(c->warnings,
                    g_strdup_printf(ngettext("%zu document counted as signed was signed by the certificate of %s, but the register names %s as its signer (the first: %s, %s): its name says no commune, so every agency's signature counts; give --commune (or name the register after the commune, \"so-di-xa-…\") and another agency's signature will not count",
                                             "%zu documents counted as signed were signed by the certificate of %s, but the register names %s as their signer (the first: %s, %s): its name says no commune, so every agency's signature counts; give --commune (or name the register after the commune, \"so-di-xa-…\") and another agency's signature will not count",
                                             count),
                                    count, committee, named, first->reg->where ? first->reg->where : "",
                                    first->reg->number ? first->reg->number : "?"));
    free(named);
}

/* A register given alone ("so-di.csv" names no commune): its documents signed
 * for two communes' committees or more (Thủy An's own, and Thủy Thanh's
 * borrowed for the unsigned ones) each counted, with nothing said (rtnum20).
 * One register is one commune's: the committees are named, with what to do. */
static void warn_committees(commune *c)
{
    GPtrArray *seen = g_ptr_array_new(); /* one name per committee (borrowed) */
    for (size_t r = 0; r < c->n_rows; r++) {
        const index_row *row = &c->rows[r];
        bool known = false;
        if (!row->other_committee || !row->status || strcmp(row->status, "valid") != 0)
            continue;
        for (guint k = 0; k < seen->len && !known; k++)
            known = kc_commune_same_entry(seen->pdata[k], row->other_committee);
        if (!known)
            g_ptr_array_add(seen, row->other_committee);
    }
    if (seen->len >= 2) {
        GString *names = g_string_new(NULL);
        for (guint k = 0; k < seen->len; k++)
            g_string_append_printf(names, "%s%s", k ? ", " : "", (const char *)seen->pdata[k]);
        g_ptr_array_add(c->warnings,
                        g_strdup_printf(_("the documents counted as signed were signed by the certificates of %u communes' committees (%s): a register is one commune's, and its name says no commune, so every agency's signature counts; give --commune (or name the register after the commune, \"so-di-xa-…\") and another agency's signature will not count"),
                                        seen->len, names->str));
        g_string_free(names, TRUE);
    } else if (seen->len == 1) {
        warn_signer_other(c, seen->pdata[0]);
    }
    g_ptr_array_free(seen, TRUE);
}

void index_other_committees(commune *c, size_t n, bool district)
{
    for (size_t i = 0; i < n; i++) {
        if (c[i].not_counted || c[i].agency || c[i].review)
            continue;
        if (district)
            warn_entry_other(&c[i]);
        else
            warn_committees(&c[i]);
    }
}

/* A commune's year for the district's tally: the year most of its register's
 * rows are dated; 0 when it has none (or is not counted).  A district's
 * communes are folders and registers: a dossier is indexed alone. */
static int commune_year(const commune *c)
{
    if (c->not_counted || c->review)
        return 0;
    int y = index_register_year(c->reg, NULL, NULL, NULL);
    return y > 0 ? y : 0;
}

/* A district's total is one year's: communes each handing in one year's
 * register, 2020's beside 2021's, were each counted whole with no --year and
 * their figures added up as if of one year, with nothing said.  The year most
 * communes are for is the district's, then, said in a note; a commune of
 * another year is not counted (its reason names the year to give).  0: one
 * year, or --year given; -1: two years as many communes each, none counted. */
int index_district_year(commune *c, size_t n, int given, GPtrArray *notes)
{
    int *y = g_new0(int, n + 1);
    size_t best = 0, counted = 0;
    unsigned years = 0;
    for (size_t i = 0; i < n && !given; i++)
        counted += (y[i] = commune_year(&c[i])) != 0;
    int year = kc_years_most(y, n, &best, &years);
    bool tie = year < 0;
    g_free(y);
    if (years < 2)
        return 0;
    if (tie)
        g_ptr_array_add(notes, g_strdup_printf(_("the communes' documents are of %u years, and no year holds most communes: "
                                                 "a district's figures are one year's; give --year"),
                                               years));
    else
        g_ptr_array_add(notes, g_strdup_printf(_("the communes' documents are of %u years: the figures are for %d, the year "
                                                 "of most communes (%zu of %zu); the communes of other years are not "
                                                 "counted; give --year to count another year"),
                                               years, year, best, counted));
    return tie ? -1 : year;
}
