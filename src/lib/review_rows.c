/* review_rows.c: the review's table (review.h): its rows, communes that sent
 * nothing, the totals, and the figures the reports claim for criteria 20–22
 * judged against what the registers give. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "docref_internal.h"
#include "i18n.h"
#include "review_internal.h"
#include "util.h"

int kc_review_new(kc_review **out, const kc_review_opts *opts, kc_error *err)
{
    if (!out || !opts || !opts->trust)
        return kc_error_set(err, KC_EINVAL, "%s", _("no trust store given"));
    kc_review *r = g_new0(kc_review, 1);
    r->opts = *opts;
    r->rows = g_ptr_array_new_with_free_func((GDestroyNotify)kc_review_row_free);
    r->signed_by = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
    *out = r;
    return 0;
}

void kc_review_free(kc_review *r)
{
    if (!r)
        return;
    g_hash_table_destroy(r->signed_by); /* its keys are the rows' */
    g_ptr_array_unref(r->rows);
    g_free(r);
}

typedef struct batch {
    kc_review_opts opts;       /* without events: their callbacks run on one thread */
} batch;

static void examine_one(gpointer row, gpointer ud)
{
    kc_review_examine(row, &((batch *)ud)->opts);
}

int kc_review_add_dossiers(kc_review *r, const char *const *paths, size_t n, unsigned jobs, kc_error *err)
{
    batch b;
    GPtrArray *rows;
    GThreadPool *pool;
    if (!r || (n && !paths))
        return kc_error_set(err, KC_EINVAL, "%s", _("no dossier given"));
    if (jobs <= 1 || n <= 1) {
        for (size_t i = 0; i < n; i++)
            kc_review_add_dossier(r, paths[i], err);
        return 0;
    }
    b.opts = r->opts;
    b.opts.events = NULL;
    rows = g_ptr_array_new();
    /* Each dossier on its own thread (the trust store is shared read-only,
     * as verify --jobs shares it); the rows keep the order given. */
    pool = g_thread_pool_new(examine_one, &b, (gint)(jobs < n ? jobs : n), TRUE, NULL);
    for (size_t i = 0; i < n; i++) {
        kc_review_row_priv *p = kc_review_row_of(paths[i], NULL);
        g_ptr_array_add(rows, p);
        if (!pool)
            kc_review_examine(p, &b.opts);
        else
            g_thread_pool_push(pool, p, NULL);
    }
    if (pool)
        g_thread_pool_free(pool, FALSE, TRUE); /* waits for every row */
    for (guint i = 0; i < rows->len; i++) {
        g_ptr_array_add(r->rows, rows->pdata[i]);
        kc_review_shared(r, rows->pdata[i]); /* in the order given, as one by one */
    }
    g_ptr_array_free(rows, TRUE);
    return 0;
}

int kc_review_add_missing(kc_review *r, const char *commune, int year, kc_error *err)
{
    if (!r || !commune)
        return kc_error_set(err, KC_EINVAL, "%s", _("no commune given"));
    kc_review_row_priv *p = kc_review_row_new();
    p->commune = g_strdup(commune);
    p->pub.commune = p->commune;
    p->pub.year = year;
    p->pub.warnings = (const char *const *)p->warnings->pdata;
    g_ptr_array_add(r->rows, p);
    return 0;
}

const kc_dossier_sigs *kc_review_sigs(const kc_review_row *row)
{
    return row ? ((const kc_review_row_priv *)row)->sigs : NULL; /* pub comes first */
}

void kc_review_set_submission(kc_review *r, size_t i, int64_t id)
{
    if (r && i < r->rows->len)
        ((kc_review_row_priv *)r->rows->pdata[i])->pub.submission = id;
}

size_t kc_review_count(const kc_review *r)
{
    return r ? r->rows->len : 0;
}

const kc_review_row *kc_review_get(const kc_review *r, size_t i)
{
    return r && i < r->rows->len ? &((kc_review_row_priv *)r->rows->pdata[i])->pub : NULL;
}

/* The year a review's total is for: --year, else the year most of the rows
 * that have a register are for when they are of several; 0 when they are of
 * one year (or none says), -1 when two years hold as many rows each. */
static int sums_year(const kc_review *r)
{
    if (r->opts.year)
        return r->opts.year;
    size_t n = kc_review_count(r);
    int *y = g_new0(int, n + 1);
    unsigned years = 0;
    for (size_t i = 0; i < n; i++)
        y[i] = kc_review_get(r, i)->computed ? kc_review_get(r, i)->year : 0;
    int year = kc_years_most(y, n, NULL, &years);
    g_free(y);
    return years < 2 ? 0 : year;
}

/* The time a row's seal is proven to have existed, 0 when nothing proves it. */
static int64_t sealed_at(const kc_review_row *row)
{
    return row->check ? kc_check_seal_proven_time(row->check, NULL) : 0;
}

/* Whether a row is of the year summed (year as kc_review_sums.year). */
static bool of_year(const kc_review_row *row, int year)
{
    return row->computed && !(year && (year < 0 || (row->year && row->year != year)));
}

/* The row summed instead of row i, of the same commune and year, or NULL.  A
 * commune counts once, and the dossier that counts is its last word: the one
 * whose seal is proven the latest (a dossier sent again after the district
 * asked for corrections), else the first given.  rtnum18: the first given
 * counted, and the order was the files' names ("thuy-an (1).zip", "thuy-an-
 * lan-2.zip" sort before "thuy-an.zip"), whichever the commune sent last. */
static const kc_review_row *counted_instead(const kc_review *r, size_t i, int year)
{
    const kc_review_row *row = kc_review_get(r, i);
    size_t w = i; /* the row of the commune and year that counts */
    int64_t w_at = sealed_at(row);
    for (size_t j = 0; j < kc_review_count(r); j++) {
        const kc_review_row *e = kc_review_get(r, j);
        if (j == i || !of_year(e, year) || e->year != row->year || !kc_review_same_commune(e, row) ||
            !kc_review_share_signed(e, row))
            continue;
        int64_t t = sealed_at(e);
        if (t > w_at || (t == w_at && j < w)) {
            w = j;
            w_at = t;
        }
    }
    return w == i ? NULL : kc_review_get(r, w);
}

void kc_review_sum(const kc_review *r, kc_review_sums *out)
{
    memset(out, 0, sizeof *out);
    out->rows = kc_review_count(r);
    out->year = sums_year(r);
    for (size_t i = 0; i < out->rows; i++) {
        const kc_review_row *row = kc_review_get(r, i);
        out->ok += row->ok;
        if (!row->computed)
            continue;
        /* Another year's register (a dossier of 2020 under --year 2021, or
         * beside the district's 2021 dossiers): not the total's year.  A
         * dossier that does not say its year was read for --year's. */
        if (out->year && (out->year < 0 || (row->year && row->year != out->year))) {
            if (!out->other_year++)
                out->first_other = row;
            continue;
        }
        /* This commune's dossier of this year, summed in its stead: named
         * alike and holding one of its signed documents (namesake communes
         * of one province sign nothing in common). */
        const kc_review_row *before = counted_instead(r, i, out->year);
        if (before) {
            if (!out->again++) {
                out->first_again = row;
                out->again_of = before;
            }
            continue;
        }
        out->counted++;
        kc_totals_merge(&out->totals, &row->totals);
        kc_untied_merge(&out->untied, &row->untied);
        /* rtzip5: a commune counts for the district's criterion 20 only by a
         * dossier that checks: one whose register was cut down after sealing
         * (its row "to review") gave 1/1, 100%, on the district's line. */
        out->all_signed += row->problems == 0 && row->totals.documents > 0 &&
                           row->totals.signed_docs == row->totals.documents;
    }
}

static const char *row_name(const kc_review_row *row)
{
    return row->dossier ? row->dossier : row->commune ? row->commune : "?";
}

char *kc_review_sums_note(const kc_review_sums *s)
{
    GString *note = g_string_new(NULL);
    if (s->year < 0)
        g_string_append(note, _("the dossiers are of several years, and no year holds most of them: the total adds none of "
                                "them up; give --year"));
    if (s->other_year && s->year > 0) { /* with no year, every row is "another year's" */
        const kc_review_row *f = s->first_other;
        g_string_append_printf(note, dngettext(KC_TEXTDOMAIN,
                                               "the total is %d's: %zu dossier of another year is not added to it (%s, %d)",
                                               "the total is %d's: %zu dossiers of another year are not added to it (the "
                                               "first: %s, %d)",
                                               s->other_year),
                               s->year, s->other_year, row_name(f), f->year);
    }
    if (s->again) {
        const kc_review_row *f = s->first_again, *o = s->again_of;
        if (note->len)
            g_string_append(note, "; ");
        g_string_append_printf(note, dngettext(KC_TEXTDOMAIN,
                                               "%zu dossier is of a commune and year the total adds up already, and is "
                                               "not added again (%s, as %s: %s, %d)",
                                               "%zu dossiers are of a commune and year the total adds up already, and are "
                                               "not added again (the first: %s, as %s: %s, %d)",
                                               s->again),
                               s->again, row_name(f), row_name(o), f->commune ? f->commune : "?", f->year);
        /* Which one counts, and why (counted_instead). */
        char when[32];
        if (sealed_at(o) > sealed_at(f))
            g_string_append_printf(note, _("; the total adds %s, whose seal is proven the latest (%s)"), row_name(o),
                                   kc_time_iso(when, sealed_at(o)));
        /* rtnum19: an unsealed dossier sent after the sealed one lost to it
         * with the sentence above alone, which reads as if it were older. */
        if (sealed_at(o) > sealed_at(f) && !sealed_at(f))
            g_string_append_printf(note, _(", while no seal proves when %s was made: a dossier sent later unsealed "
                                           "(or sealed without a timestamp) is not taken for the commune's last word"),
                                   row_name(f));
        else if (sealed_at(o) <= sealed_at(f))
            g_string_append_printf(note, _("; no seal proves which was sent last: the total adds the first given, %s"),
                                   row_name(o));
    }
    return g_string_free(note, note->len == 0);
}

size_t kc_review_errors(const kc_review *r)
{
    size_t n = 0;
    for (size_t i = 0; i < kc_review_count(r); i++)
        n += kc_review_get(r, i)->error != NULL;
    return n;
}

/* The documents counted by a certificate that does not tie them to the
 * commune, and the library's sentences saying so among the warnings (those
 * of an earlier count replaced: kc_review_shared may uncount a document). */
void kc_review_untied(kc_review_row_priv *p)
{
    kc_untied_tally *t = &p->pub.untied;
    memset(t, 0, sizeof *t);
    for (guint i = 0; p->docs && i < p->docs->len; i++) {
        const kc_review_doc *d = &g_array_index(p->docs, kc_review_doc, i);
        if (d->counted && !d->outside_year)
            kc_untied_add(t, d->untied, d->row->where, d->row->number, d->untied_by, d->leader, d->to_authority);
    }
    for (int k = 0; k < 3; k++) {
        if (p->pub.untied_said[k])
            g_ptr_array_remove(p->warnings, (gpointer)p->pub.untied_said[k]); /* frees it */
        p->pub.untied_said[k] = k < 2 ? kc_untied_warning(t, k, p->named ? p->district : NULL,
                                                          p->named ? p->province : NULL)
                                      : kc_untied_office_warning(t);
        if (p->pub.untied_said[k])
            g_ptr_array_add(p->warnings, (gpointer)p->pub.untied_said[k]);
    }
}

/* ---- claims ------------------------------------------------------------------------- */

/* The figure a cell claims for a ratio criterion: a ratio ("650/652") when it
 * gives one, which says more than the percentage beside it, else the first
 * percentage ("100% văn bản đi đều ký số"), else the first count of documents.
 * Every ratio, percentage and count of documents is kept to be judged: showing
 * only the first let "5/7 văn bản; 7/7 văn bản đi đều ký số, đạt 100%" hold
 * in the table (rtnum12), as it once did in lint. */
static int rank(const kc_review_figure *f)
{
    return f->ratio ? 0 : f->count ? 2 : 1;
}

/* The figure shown for claim i while none is found wrong: the first ratio, else
 * the first percentage, else the first count; NULL when the cell has none. */
static const kc_review_figure *shown_figure(const kc_review_row_priv *p, int i)
{
    const kc_review_figure *shown = NULL;
    for (size_t k = 0; k < p->nfigures[i]; k++)
        if (!shown || rank(&p->figures[i][k]) < rank(shown))
            shown = &p->figures[i][k];
    return shown;
}

static void take_claim(kc_review_row_priv *p, int i, const kc_docref_list *refs)
{
    size_t *n = &p->nfigures[i];
    for (size_t k = 0; k < kc_docref_count(refs) && *n < KC_REVIEW_FIGURES; k++) {
        const kc_docref *f = kc_docref_get(refs, k);
        if (f->kind != KC_DOCREF_FIGURE || !((f->figure == KC_FIGURE_RATIO && f->denominator > 0) ||
                                             f->figure == KC_FIGURE_PERCENT || kc_docref_counts_documents(f)))
            continue;
        kc_review_figure *fig = &p->figures[i][(*n)++];
        char *text = g_strdup(f->text ? f->text : "");
        g_ptr_array_add(p->pool, text);
        *fig = (kc_review_figure){.ratio = f->figure == KC_FIGURE_RATIO, .count = f->figure == KC_FIGURE_COUNT,
                                  .numerator = f->numerator, .denominator = f->denominator, .value = f->value,
                                  .decimals = f->decimals, .bound = f->bound, .said = f->said, .text = text};
        if (fig->ratio)
            fig->value = 100.0 * f->numerator / f->denominator;
    }
    /* A count's share needs the register: it is shown once judged. */
    const kc_review_figure *shown = shown_figure(p, i);
    if (shown && !shown->count) {
        p->pub.claims[i].text = shown->text;
        p->pub.claims[i].percent = shown->value;
    }
}

void kc_review_claims(kc_review_row_priv *p, const kc_dossier *d)
{
    for (int i = 0; i < 3; i++) {
        char key[4];
        snprintf(key, sizeof key, "%d", KC_REVIEW_CRITERION(i));
        if (p->report) {
            const kc_criterion *c = kc_report_find(p->report, key);
            take_claim(p, i, c ? c->refs : NULL);
            p->reordered[i] = c && kc_docref_reorders(c->evidence);
            continue;
        }
        for (size_t k = 0; d && k < kc_dossier_criterion_count(d); k++) {
            const kc_dossier_criterion *c = kc_dossier_get_criterion(d, k);
            kc_docref_list *refs = NULL;
            if (strcmp(c->key, key) != 0 || !c->claimed || !*c->claimed)
                continue;
            if (kc_docref_parse(&refs, c->claimed, NULL) == 0)
                take_claim(p, i, refs);
            p->reordered[i] = kc_docref_reorders(c->claimed);
            kc_docref_list_free(refs);
            break;
        }
    }
}

static bool near(double a, double b)
{
    return a - b < 1e-6 && b - a < 1e-6;
}

/* Whether figure f holds for r: a ratio when it is the same fraction; a
 * percentage when r rounds to it as the report rounds (half up, to the
 * decimals written, and never to 100 unless every document counts), or lies
 * beyond it for "Trên 90%" / "Dưới 10%"; a count when it is the count its
 * words say, of claim i or of got's others ("2 văn bản ký tay": the unsigned;
 * "7 văn bản đều ký số": the signed, not the total: rtnum13). */
static int holds(const kc_review_figure *f, int i, const kc_ratio got[3])
{
    kc_ratio r = got[i];
    if (r.denominator == 0)
        return -1;
    if (f->count) {
        kc_docref d = {.kind = KC_DOCREF_FIGURE, .figure = KC_FIGURE_COUNT, .value = f->value, .said = f->said};
        return kc_docref_count_holds(&d, i, got);
    }
    if (f->ratio)
        return near(f->numerator * (double)r.denominator, f->denominator * (double)r.numerator);
    double exact = 100.0 * (double)r.numerator / (double)r.denominator;
    if (f->bound > 0)
        return exact > f->value;
    if (f->bound < 0)
        return exact < f->value;
    if (f->value >= 100.0)
        return r.numerator == r.denominator;
    double scale = 1;
    for (int d = 0; d < f->decimals && d < 6; d++)
        scale *= 10;
    /* Half up; the value is positive, so truncating is the floor. */
    double rounded = (double)(long long)(exact * scale + 0.5) / scale;
    if (r.numerator < r.denominator && rounded >= 100.0)
        rounded = 100.0 - 1.0 / scale;
    return near(rounded, f->value);
}

/* A claim holds when every figure in it does, and counts alone give the
 * signed one; the table shows the first that does not ("7/7", not "5/7"). */
void kc_review_judge_claims(kc_review_row_priv *p)
{
    kc_ratio got[3];
    for (int i = 0; i < 3; i++)
        got[i] = kc_totals_criterion(&p->pub.totals, KC_REVIEW_CRITERION(i));
    for (int i = 0; i < 3; i++) {
        kc_ratio r = got[i];
        const kc_review_figure *wrong = NULL, *first_count = NULL, *signed_count = NULL;
        bool share = false;
        const kc_review_figure *shown = shown_figure(p, i);
        int verdict = 1;
        if (!shown)
            continue;
        p->pub.claims[i].text = shown->text; /* judged again when the totals change */
        p->pub.claims[i].percent = !shown->count ? shown->value
                                   : r.denominator ? 100.0 * shown->value / (double)r.denominator : 0;
        for (size_t k = 0; k < p->nfigures[i]; k++) {
            const kc_review_figure *f = &p->figures[i][k];
            int h = holds(f, i, got);
            verdict = h < verdict ? h : verdict;
            wrong = !wrong && h == 0 ? f : wrong;
            share |= !f->count;
            first_count = f->count && !first_count ? f : first_count;
            signed_count = f->count && !signed_count && near(f->value, (double)r.numerator) ? f : signed_count;
        }
        if (!wrong && verdict == 1 && !share && !signed_count) {
            wrong = first_count;
            verdict = 0;
        }
        /* "5/7 \u202E%001\u202C" is drawn "5/7 100%": what is read is not what is shown (rtnum13). */
        if (p->reordered[i] && verdict == 1)
            verdict = 0;
        p->pub.claims[i].holds = verdict;
        if (wrong) {
            p->pub.claims[i].text = wrong->text;
            p->pub.claims[i].percent = wrong->count ? 100.0 * wrong->value / (double)r.denominator : wrong->value;
        } else if (!share && signed_count && r.denominator) { /* counts alone: the signed one, its share */
            p->pub.claims[i].text = signed_count->text;
            p->pub.claims[i].percent = 100.0 * (double)r.numerator / (double)r.denominator;
        }
    }
}
