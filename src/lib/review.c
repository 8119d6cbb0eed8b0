/* review.c: the reviewing authority's table of its communes (review.h): one
 * row per commune's dossier, computed from the dossier alone.
 *
 * The dossier is checked and its documents verified in one pass
 * (kc_dossier_verify, the engine of `check --signatures`): entries are
 * streamed into anonymous files, never extracted, and each signature is
 * judged at the time the dossier's timestamped seal proves, with the
 * validation data it holds.  The register and the report are read from the
 * archive into memory, and only when their bytes are those the dossier's
 * manifests list.  A document counts for criteria 20–22 only when its
 * register row names a file the dossier holds and the check does not reject,
 * and a valid signature on it comes from a certificate of the commune's own
 * People's Committee (agency.h): a neighbour's organisation certificate does
 * not make a document signed. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "agency.h"
#include "i18n.h"
#include "kiemchung/review.h"
#include "ltv.h"
#include "review_internal.h"
#include "text.h"
#include "util.h"
#include "zipio.h"


void kc_review_row_free(kc_review_row_priv *p)
{
    if (!p)
        return;
    g_free(p->path);
    g_free(p->dossier);
    g_free(p->commune);
    g_free(p->district);
    g_free(p->province);
    g_free(p->error);
    g_free(p->register_entry);
    g_free(p->conflict);
    g_free(p->unread);
    kc_dossier_sigs_free(p->sigs);
    kc_lint_free(p->lint);
    kc_report_free(p->report);
    kc_register_free(p->reg);
    if (p->docs)
        g_array_free(p->docs, TRUE);
    g_ptr_array_unref(p->warnings);
    g_ptr_array_unref(p->pool);
    g_free(p);
}

kc_review_row_priv *kc_review_row_new(void)
{
    kc_review_row_priv *p = g_new0(kc_review_row_priv, 1);
    p->warnings = g_ptr_array_new_with_free_func(g_free);
    p->pool = g_ptr_array_new_with_free_func(g_free);
    p->pub.seal = "none";
    for (int i = 0; i < 3; i++)
        p->pub.claims[i].holds = -1;
    return p;
}

/* Keeps s (malloc'd) for the row's life; returns it. */
static const char *keep(kc_review_row_priv *p, char *s)
{
    if (s)
        g_ptr_array_add(p->pool, s);
    return s;
}

static void warn(kc_review_row_priv *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(kc_review_row_priv *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_ptr_array_add(p->warnings, g_strdup_vprintf(fmt, ap));
    va_end(ap);
}

/* ---- one document ----------------------------------------------------------------------- */

bool kc_review_own_signature(const kc_review_row *row, const kc_sig_info *sig)
{
    const kc_review_row_priv *p = (const kc_review_row_priv *)row; /* pub comes first */
    /* The dossier's district and province: a same-name commune elsewhere is another agency. */
    return kc_agency_counts_at(p->named, p->named ? p->district : NULL, p->named ? p->province : NULL, false, sig, NULL);
}

/* Which signatures count for the commune the dossier names: valid (or
 * indeterminate) and, by kc_agency_counts, not an organisation's or a
 * leader's of another People's Committee (without a name, any). */
static void judge(kc_review_row_priv *p, kc_review_doc *doc, const kc_verdict *v, const kc_roles *roles)
{
    bool own_valid = false, own_indeterminate = false, other = false;
    GString *who = g_string_new(NULL);
    const char *reason = NULL;
    bool tied_seen = false;

    for (size_t s = 0; s < kc_verdict_count(v); s++) {
        const kc_sig_info *si = kc_verdict_sig(v, s);
        kc_agency_match m;
        const char *district = p->named ? p->district : NULL, *province = p->named ? p->province : NULL;
        bool own = kc_agency_counts_at(p->named, district, province, false, si, &m); /* kc_review_own_signature */
        if (own && si->valid) {
            own_valid = true;
            doc->leader |= si->role == KC_ROLE_LEADER;
            doc->org |= si->role == KC_ROLE_ORG;
            /* index's rule: one naming no place at all first */
            kc_untied u = kc_agency_untied(p->named, district, province, roles, si, m);
            if (kc_untied_note(&doc->untied, &tied_seen, u)) {
                doc->untied_by = si->signer ? si->signer : "?"; /* the verdict's, which the row keeps */
            }
        }
        own_indeterminate |= own && si->indeterminate;
        other |= !own && (si->valid || si->indeterminate);
        g_string_append_printf(who, "%s%s (%s%s%s)", s ? "; " : "", si->signer ? si->signer : "?",
                               kc_role_name(si->role), own ? "" : ", another agency",
                               si->valid ? "" : si->indeterminate ? ", ?" : ", ✗");
        for (unsigned b = 0; !si->valid && !reason && b < KC_R_COUNT; b++)
            if (si->reasons & (1u << b))
                reason = kc_reason_code(1u << b);
    }
    doc->signers = keep(p, g_string_free(who, who->len == 0)); /* NULL when unsigned */
    doc->counted = own_valid;
    if (own_valid) {
        doc->status = "valid";
    } else if (own_indeterminate) {
        doc->status = "indeterminate";
        doc->problem = kc_reason_code(KC_R_NO_PROOF_OF_TIME);
    } else if (other) {
        doc->status = "other-agency";
        doc->problem = "signed-by-another-agency";
    } else {
        doc->status = kc_status_name(kc_verdict_status(v));
        doc->problem = kc_verdict_error(v) ? keep(p, g_strdup(kc_verdict_error(v))) : reason;
    }
    if (!own_valid) {
        doc->leader = false;
        doc->org = false;
    }
}

void kc_review_doc_add(kc_totals *t, const kc_review_doc *d)
{
    kc_totals_add(t, d->counted, d->leader, d->to_authority);
    if (strcmp(d->status, "indeterminate") == 0)
        kc_totals_add_indeterminate(t);
    else if (strcmp(d->status, "other-agency") == 0)
        kc_totals_add_other_agency(t);
}

/* The check's problem about entry (the documents' signatures aside), or NULL. */
static const kc_problem *entry_problem(const kc_check *c, const char *entry)
{
    for (size_t i = 0; i < kc_check_problem_count(c); i++) {
        const kc_problem *pr = kc_check_problem(c, i);
        if (strcmp(pr->path, entry) == 0 && strcmp(pr->code, "signature") && strcmp(pr->code, "validation"))
            return pr;
    }
    return NULL;
}

/* A row whose entry is another signed document: its own "Số:" line or the
 * date beside it says another number or year than the row (an old signed
 * PDF, or another row's, filed under the unsigned one's name), as index
 * judges a file on disk (kc_register_text_other_document).  The text was
 * read on the verifying pass, from the bytes verified, and only for a valid
 * PDF.  A scan without text is judged by its signing time alone: signed in
 * an earlier year than the row's date (kc_register_row_signed_before), and
 * so is one whose text could not be read (unread: why), with a warning. */
static void other_document(kc_review_row_priv *p, kc_review_doc *doc, const char *text, const char *unread)
{
    const kc_register_row *r = doc->row;
    char *said = NULL;
    if (doc->counted && !text && unread)
        warn(p, _("%s: %s: its own number and year were not checked: %s"), r->where ? r->where : "", r->file, unread);
    char *no_year = doc->counted && text ? kc_register_text_year_unread(r, text) : NULL;
    if (no_year) /* counted by its signature and number, and said so */
        warn(p, _("%s: %s: its own number and year were not checked: %s"), r->where ? r->where : "", r->file, no_year);
    free(no_year);
    if (!doc->counted || ((!text || !kc_register_text_other_document(r, text, &said)) &&
                          !kc_register_row_signed_before(r, doc->verdict, &said)))
        return;
    doc->status = "other-document";
    doc->problem = "other-document";
    doc->counted = doc->leader = doc->org = false;
    warn(p, _("%s: %s is another document (%s): this row counts as not signed"), r->where ? r->where : "", r->file,
         said);
    g_free(said);
}

static void count_documents(kc_review_row_priv *p, const kc_dossier *d, const kc_review_opts *o)
{
    const kc_check *chk = kc_dossier_sigs_check(p->sigs);
    GHashTable *verdicts = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTable *texts = g_hash_table_new(g_str_hash, g_str_equal); /* an entry → its text (valid PDFs) */
    GHashTable *unread = g_hash_table_new(g_str_hash, g_str_equal); /* an entry → why its text is not read */
    GHashTable *taken = g_hash_table_new(g_str_hash, g_str_equal); /* a file's digest → the first row naming it */
    kc_twins *twins = kc_twins_new(); /* the rows counted as signed, by signature and number */
    kc_review_files f;
    size_t n = kc_register_count(p->reg), outside = 0, late = 0;
    const kc_register_row *first_outside = NULL, *first_late = NULL;
    char *late_on = NULL;
    /* The year under review: the dossier's, else the one asked for. */
    int year = p->pub.year ? p->pub.year : o->year;

    kc_review_files_init(&f, d);
    for (size_t i = 0; i < kc_dossier_sigs_count(p->sigs); i++) {
        const kc_verdict *v = kc_dossier_sigs_verdict(p->sigs, i);
        g_hash_table_insert(verdicts, (char *)kc_verdict_path(v), (gpointer)v);
        if (kc_dossier_sigs_text(p->sigs, i))
            g_hash_table_insert(texts, (char *)kc_verdict_path(v), (gpointer)kc_dossier_sigs_text(p->sigs, i));
        if (kc_dossier_sigs_text_unread(p->sigs, i))
            g_hash_table_insert(unread, (char *)kc_verdict_path(v), (gpointer)kc_dossier_sigs_text_unread(p->sigs, i));
    }
    p->docs = g_array_sized_new(FALSE, TRUE, sizeof(kc_review_doc), (guint)n);
    g_array_set_size(p->docs, (guint)n);
    for (size_t i = 0; i < n; i++) {
        kc_review_doc *doc = &g_array_index(p->docs, kc_review_doc, i);
        const kc_register_row *r = kc_register_row_at(p->reg, i);
        const char *where = r->where ? r->where : "";
        bool renamed = false;
        int64_t at = r->file ? kc_review_files_find(&f, r->file, &renamed) : -1;
        const kc_problem *bad = NULL;
        const char *id = NULL; /* the file's digest (d's), once found */
        doc->row = r;
        for (size_t w = 0; w < r->n_warnings; w++)
            warn(p, "%s", r->warnings[w]);
        doc->to_authority = r->recipients && kc_recipients_name_authority(r->recipients, o->authority, r->year, r->month);
        if (!doc->to_authority && kc_recipients_misspell_authority(r->recipients, o->authority, r->year, r->month)) {
            doc->to_authority = true; /* "UBND hyện Phú Vang": sent there all the same, and said */
            warn(p, _("%s: its recipients (%s) name the reviewing authority with a word misspelt: counted as sent to it"),
                 where, r->recipients);
        }
        char *above = !doc->to_authority && kc_register_row_as_above(r) /* "Như trên": its "Kính gửi:" line */
                          ? kc_review_files_as_above(p->path, at >= 0 ? kc_dossier_get_file(d, (size_t)at)->path : NULL, r,
                                                     o->authority, &doc->to_authority)
                          : NULL;
        if (above)
            g_ptr_array_add(p->warnings, above);
        if (year && r->year && r->year != year && at >= 0 &&
            kc_review_files_dated(p->path, kc_dossier_get_file(d, (size_t)at)->path, r, year)) {
            /* Its own document headed in the year under review: the register's
             * date a slip, judged in that year, as index does (rtnum18). */
            kc_register_row *as_of = g_memdup2(r, sizeof *r);
            as_of->year = year;
            g_ptr_array_add(p->pool, as_of); /* lives as long as the row */
            warn(p, _("%s: %s is dated %s in the register, but its document is headed %d: counted in %d"), where,
                 r->number, r->date ? r->date : "?", year, year);
            doc->row = r = as_of;
        }
        if (year && r->year && r->year != year) {
            /* Another year's document (signed documents of 2022 added to
             * 2021's register raise its figures): listed, never counted.  A
             * date that cannot be read is counted, as index does. */
            doc->outside_year = true;
            doc->status = "outside-year";
            doc->problem = "outside-year";
            doc->to_authority = false;
            first_outside = first_outside ? first_outside : r;
            outside++;
            continue;
        }
        if (at < 0) {
            doc->status = "missing";
            doc->problem = "missing";
            if (r->file)
                warn(p, _("%s: %s is not in the dossier; the document counts as not signed"), where, r->file);
        } else {
            const kc_dossier_file *df = kc_dossier_get_file(d, (size_t)at);
            /* One document, many rows: the bytes (or the entry) a row
             * before named count once; this row counts as not signed. */
            id = df->sha256 && *df->sha256 ? df->sha256 : df->path;
            gpointer first = g_hash_table_lookup(taken, id);
            doc->entry = keep(p, g_strdup(df->path)); /* d goes, the row stays */
            if (renamed)
                warn(p, _("%s: %s was found in the dossier as %s"), where, r->file, doc->entry);
            doc->verdict = g_hash_table_lookup(verdicts, doc->entry);
            if (first) {
                const kc_register_row *fr = first;
                doc->status = "same-document";
                doc->problem = "same-document";
                doc->verdict = NULL;
                warn(p, _("%s: %s is already the document of %s (%s): one document counts once, so this row counts as not signed"),
                     where, r->file, fr->where ? fr->where : "", fr->number ? fr->number : "?");
            } else if ((bad = entry_problem(chk, doc->entry)) != NULL) {
                doc->status = "error";
                doc->problem = bad->message;
            } else if (doc->verdict) {
                judge(p, doc, doc->verdict, o->verify ? o->verify->roles : NULL);
                other_document(p, doc, g_hash_table_lookup(texts, doc->entry), g_hash_table_lookup(unread, doc->entry));
                kc_review_same_signature(p, doc, twins);
                char *after = doc->counted ? kc_register_row_signed_after(r, doc->verdict) : NULL;
                if (after && !late++) {
                    first_late = r;
                    late_on = after;
                    after = NULL;
                }
                g_free(after);
            } else {
                doc->status = "error";
                doc->problem = _("not a PDF, and no detached signature (.p7s) beside it");
            }
        }
        if (id && !g_hash_table_contains(taken, id))
            g_hash_table_insert(taken, (gpointer)id, (gpointer)r);
        kc_review_doc_add(&p->pub.totals, doc);
    }
    if (outside)
        warn(p, dngettext(KC_TEXTDOMAIN, "%zu row of the register is dated outside %d, the year under review, and is not counted (the first: %s, %s)",
                         "%zu rows of the register are dated outside %d, the year under review, and are not counted (the first: %s, %s)",
                         outside),
             outside, year, first_outside->where ? first_outside->where : "", first_outside->number ? first_outside->number : "?");
    if (late)
        warn(p, dngettext(KC_TEXTDOMAIN, "%zu document counted as signed was signed only after the year of its date (the first: %s, %s, signed on %s): it was not signed when it went out",
                          "%zu documents counted as signed were signed only after the year of their date (the first: %s, %s, signed on %s): they were not signed when they went out",
                          late),
             late, first_late->where ? first_late->where : "", first_late->number ? first_late->number : "?", late_on);
    g_free(late_on);
    kc_review_files_clear(&f);
    g_hash_table_destroy(verdicts);
    g_hash_table_destroy(texts);
    g_hash_table_destroy(unread);
    g_hash_table_destroy(taken);
    kc_twins_free(twins);
}

/* ---- a row ---------------------------------------------------------------------------------- */

/* The report inside, linted; criteria 20-22's claims from it (or from
 * dossier.json's copy of its cells when the report itself is not there). */
static void read_report(kc_review_row_priv *p, const kc_dossier *d, const kc_review_opts *o)
{
    char *text = NULL;
    size_t len = 0;
    kc_error e = {0};
    if (kc_dossier_read_report(&text, &len, d, &e) != 0) {
        warn(p, _("the report inside cannot be read: %s"), e.message);
    } else if (text && kc_report_parse_buffer(&p->report, text, len, "report.txt", &e) != 0) {
        warn(p, _("the report inside cannot be read: %s"), e.message);
    } else if (p->report && kc_report_lint(&p->lint, p->report, o->catalog, &e) != 0) {
        warn(p, _("the report inside cannot be read: %s"), e.message);
    }
    free(text);
    kc_review_claims(p, d);
}

static char *file_stem(const char *path)
{
    char *base = g_path_get_basename(path), *dot = strrchr(base, '.');
    if (dot && dot != base)
        *dot = '\0';
    return base;
}

static void examine(kc_review_row_priv *p, const char *path, const kc_review_opts *o)
{
    const kc_check_opts copts = {o->limits, o->verify, o->events, !o->allow_unsealed, o->catalog};
    const kc_check *chk;
    kc_dossier *d = NULL;
    kc_zr *zr = NULL;
    kc_error e = {0};

    if (kc_dossier_verify_reading(&p->sigs, path, o->trust, &copts, o->verify, true, &e) != 0) {
        p->error = g_strdup(e.message);
        return;
    }
    chk = kc_dossier_sigs_check(p->sigs);
    for (size_t i = 0; i < kc_check_problem_count(chk); i++)
        p->pub.problems += strcmp(kc_check_problem(chk, i)->code, "signature") != 0;
    if (kc_check_seal(chk))
        p->pub.seal = kc_check_seal(chk)->valid ? "valid" : "invalid";
    if (kc_dossier_open(&d, path, &e) != 0) {
        warn(p, "%s", e.message); /* the check says what is wrong with it */
        return;
    }
    const kc_dossier_meta *m = kc_dossier_get_meta(d);
    if (m->commune && *m->commune) {
        g_free(p->commune);
        p->commune = g_strdup(m->commune);
        p->named = p->commune;
    }
    p->district = m->district && *m->district ? g_strdup(m->district) : NULL;
    p->province = m->province && *m->province ? g_strdup(m->province) : NULL;
    p->pub.year = m->year;
    if (o->year && m->year && m->year != o->year)
        warn(p, _("the dossier is for %d, not %d"), m->year, o->year);
    else if (o->year && !m->year)
        warn(p, _("the dossier does not say its year (%d is under review)"), o->year);
    read_report(p, d, o);
    if (kc_zr_open(&zr, path, &e) == 0)
        kc_review_find_register(p, d, zr, o);
    if (p->reg) {
        for (size_t i = 0; i < kc_register_warning_count(p->reg); i++)
            warn(p, "%s", kc_register_warning(p->reg, i));
        count_documents(p, d, o);
        p->pub.computed = true;
        kc_review_judge_claims(p);
    } else if (!p->ambiguous_register) {
        warn(p, "%s", _("the dossier holds no outgoing register (a CSV or Excel file with the Decree 30 columns): criteria 20-22 cannot be computed"));
    }
    kc_zr_free(zr);
    kc_dossier_free(d);
}

/* The public view of p, once its private parts are final. */
static void publish(kc_review_row_priv *p)
{
    kc_review_row *r = &p->pub;
    r->dossier = p->dossier;
    r->commune = p->commune;
    r->agency = p->named;
    r->district = p->district;
    r->province = p->province;
    r->error = p->error;
    r->check = p->sigs ? kc_dossier_sigs_check(p->sigs) : NULL;
    r->report = p->report;
    r->lint = p->lint;
    r->register_entry = p->register_entry;
    r->register_conflict = p->conflict;
    r->register_unread = p->unread;
    r->reg = p->reg;
    r->docs = p->docs ? (const kc_review_doc *)p->docs->data : NULL;
    r->ndocs = p->docs ? p->docs->len : 0;
    kc_review_untied(p);
    r->warnings = (const char *const *)p->warnings->pdata;
    r->nwarnings = p->warnings->len;
    r->ok = !r->error && r->check && r->problems == 0 && r->computed && r->totals.documents > 0 &&
            r->totals.signed_docs == r->totals.documents;
}

kc_review_row_priv *kc_review_row_of(const char *path, const char *name)
{
    kc_review_row_priv *p = kc_review_row_new();
    p->path = g_strdup(path);
    p->dossier = g_strdup(name ? name : path);
    p->commune = file_stem(p->dossier);
    return p;
}

/* s with every path in it said as name: what a row shows never holds the
 * file it was read from when the caller named it otherwise (the desk's
 * store). */
static char *as_named(char *s, const char *path, const char *name)
{
    if (!s || !*path || strcmp(path, name) == 0 || !strstr(s, path))
        return s;
    char **parts = g_strsplit(s, path, -1);
    char *out = g_strjoinv(name, parts);
    g_strfreev(parts);
    g_free(s);
    return out;
}

char *kc_review_named(const kc_review_row *row, const char *s)
{
    const kc_review_row_priv *p = (const kc_review_row_priv *)row; /* pub comes first */
    return p->path ? as_named(g_strdup(s), p->path, p->dossier) : g_strdup(s);
}

void kc_review_examine(kc_review_row_priv *p, const kc_review_opts *o)
{
    examine(p, p->path, o);
    p->error = as_named(p->error, p->path, p->dossier);
    for (guint i = 0; i < p->warnings->len; i++)
        p->warnings->pdata[i] = as_named(p->warnings->pdata[i], p->path, p->dossier);
    publish(p);
    if (o->year && p->pub.year != o->year)
        p->pub.ok = false; /* another year's dossier, or one that does not say */
}

int kc_review_add_dossier(kc_review *r, const char *path, kc_error *err)
{
    return kc_review_add_dossier_as(r, path, NULL, err);
}

int kc_review_add_dossier_as(kc_review *r, const char *path, const char *name, kc_error *err)
{
    if (!r || !path)
        return kc_error_set(err, KC_EINVAL, "%s", _("no dossier given"));
    kc_review_row_priv *p = kc_review_row_of(path, name);
    kc_review_examine(p, &r->opts);
    g_ptr_array_add(r->rows, p);
    kc_review_shared(r, p);
    return 0;
}

/* ---- across dossiers -------------------------------------------------------------------- */

typedef struct shared_first {
    const kc_review_row_priv *p;
    const kc_register_row *row;
} shared_first;

/* Whether a and b are dossiers of one commune (a dossier sent again). */
static bool same_commune(const kc_review_row_priv *a, const kc_review_row_priv *b);

bool kc_review_same_commune(const kc_review_row *a, const kc_review_row *b)
{
    return same_commune((const kc_review_row_priv *)a, (const kc_review_row_priv *)b);
}

/* Whether two rows count one signed document: a signature is made once, so
 * two dossiers sharing one are the same commune's (a dossier sent again, or a
 * copy), never two namesake communes' (the province's two "Xã Phú An"). */
bool kc_review_share_signed(const kc_review_row *a, const kc_review_row *b)
{
    const kc_review_row_priv *x = (const kc_review_row_priv *)a, *y = (const kc_review_row_priv *)b;
    GHashTable *keys = g_hash_table_new(g_str_hash, g_str_equal);
    bool shared = false;
    for (int pass = 0; pass < 2 && !shared; pass++) {
        const kc_review_row_priv *p = pass ? y : x;
        for (guint i = 0; p->docs && i < p->docs->len && !shared; i++) {
            const kc_review_doc *doc = &g_array_index(p->docs, kc_review_doc, i);
            for (size_t s = 0; doc->counted && doc->verdict && s < kc_verdict_count(doc->verdict) && !shared; s++) {
                const char *key = kc_review_sig_key(kc_verdict_sig(doc->verdict, s), 0);
                if (key && pass)
                    shared = g_hash_table_contains(keys, key);
                else if (key)
                    g_hash_table_add(keys, (gpointer)key);
            }
        }
    }
    g_hash_table_destroy(keys);
    return shared;
}

/* One commune of one district, its name read as a person reads it
 * (kc_commune_same_entry): rtnum18 saw "Thủy An", "Thuỷ An", "Xã Thủy An"
 * and "UBND xã Thủy An", one commune's dossier sent four times, counted as
 * four communes (28 documents for 7), the names compared letter for letter;
 * so were "Phú Vang" and "huyện Phú Vang" as its district. */
static bool same_commune(const kc_review_row_priv *a, const kc_review_row_priv *b)
{
    return a->named && b->named && kc_agency_same_district(a->district, b->district) &&
           kc_commune_same_entry(a->named, b->named);
}

/* One signed document, several communes' dossiers: a signature is made once,
 * for one document of one commune, but a person's certificate that names no
 * commune's committee (a district official's) counts for any commune, so the
 * same signed PDF filed by two communes made two signed documents in the
 * district's total, as index of a district tree no longer does.  The first
 * dossier counting it keeps it (another commune's leader or organisation
 * certificate is another agency's already); a later one counts the row as
 * not signed, with a warning naming the first. */
void kc_review_shared(kc_review *r, kc_review_row_priv *p)
{
    bool changed = false;
    for (guint i = 0; p->docs && i < p->docs->len; i++) {
        kc_review_doc *doc = &g_array_index(p->docs, kc_review_doc, i);
        const kc_verdict *v = doc->verdict;
        const shared_first *first = NULL;
        if (!doc->counted || !v)
            continue;
        for (size_t s = 0; s < kc_verdict_count(v) && !first; s++)
            for (int k = 0; k < 2 && !first; k++) {
                const char *key = kc_review_sig_key(kc_verdict_sig(v, s), k);
                const shared_first *f = key ? g_hash_table_lookup(r->signed_by, key) : NULL;
                if (f && f->p != p && !same_commune(f->p, p))
                    first = f;
            }
        if (!first) {
            for (size_t s = 0; s < kc_verdict_count(v); s++)
                for (int k = 0; k < 2; k++) {
                    const char *key = kc_review_sig_key(kc_verdict_sig(v, s), k);
                    if (key && !g_hash_table_contains(r->signed_by, key)) {
                        shared_first *f = g_new(shared_first, 1);
                        f->p = p;
                        f->row = doc->row;
                        g_hash_table_insert(r->signed_by, (gpointer)key, f);
                    }
                }
            continue;
        }
        const kc_register_row *row = doc->row, *fr = first->row;
        doc->status = "same-document";
        doc->problem = "same-document";
        doc->counted = doc->leader = doc->org = false;
        doc->verdict = NULL;
        warn(p, _("%s: %s holds the signature of a document %s already counts (%s, %s): one signed document counts "
                  "once in the district, so this row counts as not signed"),
             row->where ? row->where : "", row->file ? row->file : "", first->p->commune ? first->p->commune : "",
             fr->where ? fr->where : "", fr->number ? fr->number : "?");
        changed = true;
    }
    if (!changed)
        return;
    memset(&p->pub.totals, 0, sizeof p->pub.totals);
    for (guint i = 0; i < p->docs->len; i++) {
        const kc_review_doc *doc = &g_array_index(p->docs, kc_review_doc, i);
        if (!doc->outside_year)
            kc_review_doc_add(&p->pub.totals, doc);
    }
    kc_review_judge_claims(p);
    publish(p);
    if (r->opts.year && p->pub.year != r->opts.year)
        p->pub.ok = false;
}
