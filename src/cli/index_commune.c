/* index_commune.c: what `kiemchung index` counts for one commune, and which
 * communes a folder holds (cmd_index.c runs them; cmd_lint.c too, to hold a
 * report's claims against the register).
 *
 * Nothing is dropped without a word: a row dated outside --year is listed as
 * left out, a row whose date cannot be read is counted and said, a document
 * signed only with another agency's certificate is "signed by another
 * agency", and in a district folder every commune is a row, counted or not
 * (with the reason), a backup copy of a register counted once.  One
 * document handed in under several rows or files counts once: index_same.c. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <stdio.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include "index.h"

bool index_is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

void index_warn(commune *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_ptr_array_add(c->warnings, g_strdup_vprintf(fmt, ap));
    va_end(ap);
}

void index_commune_init(commune *c, const char *name, const char *source)
{
    memset(c, 0, sizeof *c);
    c->name = g_strdup(name);
    c->source = g_strdup(source);
    c->warnings = cli_strings_new();
    c->left_out = g_ptr_array_new();
}

void index_commune_free(commune *c)
{
    for (size_t i = 0; i < c->n_rows; i++) {
        free(c->rows[i].signers);
        free(c->rows[i].signers_local);
        free(c->rows[i].problem);
        free(c->rows[i].other_agency);
        free(c->rows[i].other_document);
        free(c->rows[i].text_unread);
        free(c->rows[i].untied_by);
        free(c->rows[i].other_committee);
        g_free(c->rows[i].signed_after);
        g_strfreev(c->rows[i].values);
        g_strfreev(c->rows[i].notes);
    }
    free(c->rows);
    kc_register_free(c->reg);
    kc_review_free(c->review);
    if (c->warnings)
        g_ptr_array_unref(c->warnings);
    if (c->left_out)
        g_ptr_array_unref(c->left_out);
    free(c->name);
    free(c->source);
    free(c->agency);
    free(c->agency_seen);
    free(c->not_counted);
}

/* Whose signatures count: --commune, else the commune a name says (the
 * register's, then its folder's). */
static void choose_agency(commune *c, const char *path, const index_opts *o)
{
    if (o->commune) {
        c->agency = g_strdup(o->commune);
        c->agency_from = o->commune_from_dossier ? "dossier" : "option";
        /* Its places: the desk's, else the reviewing authority --district
         * names, which is the commune's own district (or, since July 2025,
         * province): "UBND xã Thủy An, tỉnh Quảng Trị" is another commune. */
        c->agency_district = o->commune_district ? o->commune_district : o->commune_province ? NULL : o->authority;
        c->agency_province = o->commune_province;
        return;
    }
    char *base = g_path_get_basename(path), *parent = g_path_get_dirname(path);
    char *pbase = g_path_get_basename(parent), *dot = strrchr(base, '.');
    if (dot && dot != base && !index_is_dir(path))
        *dot = '\0'; /* "xa-thuy-an.csv": the name, not the extension */
    if ((c->agency = kc_commune_in_name(base)) != NULL)
        c->agency_from = index_is_dir(path) ? "folder" : "register";
    else if ((c->agency = kc_commune_in_name(pbase)) != NULL)
        c->agency_from = "folder";
    g_free(base);
    g_free(parent);
    g_free(pbase);
    /* A commune its register's or folder's name gives is the reviewing
     * authority's too ("index --district 'UBND huyện Phú Vang' huyen/": a
     * folder per commune of Phú Vang), and its places are compared as the
     * option's are: Thủy An of huyện Phong Điền's chairman (OU=UBND xã Thủy
     * An, O=UBND huyện Phong Điền) counted for Phú Vang's "Xã Thủy An/"
     * folder, 0/1 with --commune (rtcert16). */
    if (c->agency) {
        c->agency_district = o->commune_district ? o->commune_district : o->commune_province ? NULL : o->authority;
        c->agency_province = o->commune_province;
    }
}

/* Loads the register of one commune: a CSV or workbook, or the PDFs under a
 * directory.  0, or -1 with *why the reason it cannot be counted. */
int index_load(commune *c, const char *path, const index_opts *o, char **why)
{
    kc_error err = {0};
    GPtrArray *docs = NULL;
    int rc = -1;

    choose_agency(c, path, o);
    if (!index_is_dir(path)) {
        if (kc_register_load(&c->reg, path, o->sheet, &err) != 0) {
            *why = g_strdup(err.message);
            goto out;
        }
        if (!kc_register_has_file_column(c->reg)) {
            /* Each document found in the register's folder by its number. */
            char *dir = o->documents ? g_strdup(o->documents) : g_path_get_dirname(path);
            char *paths[] = {dir};
            docs = cli_strings_new();
            if (cli_collect_documents("index", paths, 1, docs) == 0)
                kc_register_find_documents(c->reg, (const char *const *)docs->pdata, docs->len, NULL);
            c->searched = true;
            index_warn(c, _("%s has no file column: each document was looked for in %s by its number"), path, dir);
            g_free(dir);
        }
    } else {
        char *paths[] = {(char *)path};
        docs = cli_strings_new();
        if (cli_collect_documents("index", paths, 1, docs) != 0 ||
            kc_register_from_documents(&c->reg, (const char *const *)docs->pdata, docs->len, &err) != 0) {
            *why = g_strdup(err.message[0] ? err.message : _("cannot be read"));
            goto out;
        }
        if (docs->len)
            index_warn(c, _("%s: no register file: %zu documents were read from their text"), path, (size_t)docs->len);
        c->no_register = docs->len > 0;
    }
    for (size_t i = 0; i < kc_register_warning_count(c->reg); i++)
        index_warn(c, "%s", kc_register_warning(c->reg, i));
    rc = 0;
out:
    if (docs)
        g_ptr_array_unref(docs);
    return rc;
}

typedef struct collect {
    commune *c;
    size_t *row_of; /* verdict index → row index */
    const kc_roles *roles; /* the verify options' roles file, or NULL */
} collect;

/* A signature under an anchor that is not a state root (a bank's customer
 * CA, a ministry's own, that the district added for other signatures) makes
 * no leader nor organisation, and ties no person to the commune: its subject
 * is what that CA wrote (cms_anchor.c, kc_agency_counts; rtcert22).  Said once
 * a row, so that the 0 is not a silent one. */
static void warn_other_anchor(const collect *k, index_row *row, const kc_sig_info *si)
{
    if (row->anchor_said || !si->valid || !si->subject_unvouched ||
        (!k->c->agency && si->role_withheld == KC_ROLE_PERSON))
        return;
    row->anchor_said = true;
    index_warn(k->c,
               si->role_withheld == KC_ROLE_LEADER
                   ? _("%s: %s: not counted as signed by a leader (%s): its certificate chains to the trust anchor %s, "
                       "which is not a state root (the government CA's root, the Vietnam National Root CA, or a root "
                       "the trust directory declares in its state-roots.txt), and that CA may write any subject; "
                       "declare the root if it is the state's, or pin the commune's own certificates by fingerprint "
                       "in a roles file")
                   : si->role_withheld == KC_ROLE_ORG
                   ? _("%s: %s: not counted as signed by the organisation (%s): its certificate chains to the trust "
                       "anchor %s, which is not a state root (the government CA's root, the Vietnam National Root CA, "
                       "or a root the trust directory declares in its state-roots.txt), and that CA may write any "
                       "subject; declare the root if it is the state's, or pin the commune's own certificates by "
                       "fingerprint in a roles file")
                   : _("%s: %s: not counted as signed by the commune's people (%s): its certificate chains to the "
                       "trust anchor %s, which is not a state root (the government CA's root, the Vietnam National Root "
                       "CA, or a root the trust directory declares in its state-roots.txt), and that CA may write any "
                       "subject; declare the root if it is the state's, or pin the commune's own certificates by "
                       "fingerprint in a roles file"),
               row->reg->where ? row->reg->where : "", row->reg->number ? row->reg->number : "?",
               si->signer ? si->signer : "?", si->anchor ? si->anchor : "?");
}

static void take_verdict(size_t i, kc_verdict *v, void *user)
{
    collect *k = user;
    commune *c = k->c;
    index_row *row = &c->rows[k->row_of[i]];
    bool own_valid = false, entry_own = false;
    if (!v) {
        row->status = "error";
        row->problem = strdup(kc_oom_message());
        return;
    }
    row->status = kc_status_name(kc_verdict_status(v));
    GString *who = g_string_new(NULL), *local = g_string_new(NULL);
    bool tied_seen = false;
    for (size_t s = 0; s < kc_verdict_count(v); s++) {
        const kc_sig_info *si = kc_verdict_sig(v, s);
        /* A name taken from a file or folder may run on after the commune's. */
        bool from_name = c->agency_from && (!strcmp(c->agency_from, "register") || !strcmp(c->agency_from, "folder"));
        kc_agency_match m;
        bool other = !kc_agency_counts_at(c->agency, c->agency_district, c->agency_province, from_name, si, &m);
        if (si->valid && other && !row->other_agency)
            row->other_agency = strdup(si->organization && *si->organization ? si->organization
                                                                             : si->signer ? si->signer : "?");
        if (m == KC_AGENCY_OWN && si->role == KC_ROLE_ORG && si->organization && *si->organization && !c->agency_seen)
            c->agency_seen = strdup(si->organization); /* "UBND xã Thủy An" for "xa thuy an" */
        warn_other_anchor(k, row, si);
        if (si->valid && !other) {
            own_valid = true;
            /* No commune to check against: whose committee it was made for, when
             * that is not the one the commune's entry reads as. */
            if (!c->agency) {
                char *whose = kc_commune_entry_other_committee(c->name, si);
                entry_own |= !whose; /* one of its own (or a person's) is enough */
                if (!row->other_committee)
                    row->other_committee = whose;
                else
                    free(whose);
            }
            row->named_own |= m == KC_AGENCY_OWN;
            row->leader |= si->role == KC_ROLE_LEADER;
            row->org |= si->role == KC_ROLE_ORG;
            /* Counted as the commune's by a certificate that names no
             * district or province (that one first), or not the level the
             * figures are for: any namesake commune's counts the same. */
            kc_untied u = kc_agency_untied(c->agency, c->agency_district, c->agency_province, k->roles, si, m);
            if (kc_untied_note(&row->untied, &tied_seen, u)) {
                free(row->untied_by);
                row->untied_by = strdup(si->signer ? si->signer : "?");
            }
        }
        const char *mark = si->valid ? (other ? ", ≠" : "") : si->indeterminate ? ", ?" : ", ✗";
        g_string_append_printf(who, "%s%s (%s%s)", s ? "; " : "", si->signer ? si->signer : "?", kc_role_name(si->role),
                               mark);
        g_string_append_printf(local, "%s%s (%s%s)", s ? "; " : "", si->signer ? si->signer : "?",
                               cli_role_word(si->role), mark);
        if (!si->valid && !row->problem) {
            for (unsigned b = 0; b < KC_R_COUNT; b++)
                if (si->reasons & (1u << b)) {
                    row->problem = strdup(kc_reason_code(1u << b));
                    break;
                }
        }
    }
    if (entry_own) {
        free(row->other_committee);
        row->other_committee = NULL;
    }
    if (strcmp(row->status, "valid") == 0 && !own_valid) {
        /* Valid, but only by another commune's or the district's certificate. */
        row->status = "other-agency";
        free(row->problem);
        row->problem = strdup("signed-by-another-agency");
    }
    if (kc_verdict_error(v) && !row->problem)
        row->problem = strdup(kc_verdict_error(v));
    if (row->text_unread && !row->other_document) /* counted by its signature alone, and said so */
        index_warn(c, _("%s: %s: its own number and year were not checked: %s"),
              row->reg->where ? row->reg->where : "", index_shown_file(c, row->reg),
              row->text_unread);
    if (row->other_document) { /* signed, but not the row's document (other_document) */
        const kc_register_row *r = row->reg;
        row->status = "other-document";
        row->leader = row->org = false;
        free(row->problem);
        row->problem = strdup("other-document");
        index_warn(c, _("%s: %s is another document (%s): this row counts as not signed"), r->where ? r->where : "",
              index_shown_file(c, r), row->other_document);
    }
    if (strcmp(row->status, "valid") == 0) {
        kc_register_row as_of = *row->reg; /* a slip of the year: judged in its heading's */
        if (row->text_year)
            as_of.year = c->year;
        row->signed_after = kc_register_row_signed_after(&as_of, v);
    }
    if (kc_verdict_count(v) && kc_verdict_note_count(v)) { /* beside the figure, never in it */
        row->notes = g_new0(char *, kc_verdict_note_count(v) + 1);
        for (size_t n = 0; n < kc_verdict_note_count(v); n++)
            row->notes[n] = g_strdup(kc_verdict_note(v, n)->message);
    }
    row->values = kc_twin_keys(v); /* what index_same.c and the district know it by */
    row->signers = g_string_free(who, who->len == 0); /* NULL when unsigned */
    row->signers_local = g_string_free(local, local->len == 0);
    kc_verdict_free(v);
}

/* The recipients of every row, one name each ("UBND huyện Phú Vang", "Lưu: VT"), distinct. */
static char *recipients_seen(const commune *c)
{
    GString *g = g_string_new(NULL);
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    size_t shown = 0, more = 0;
    for (size_t i = 0; i < c->n_rows; i++) {
        if (!c->rows[i].reg->recipients)
            continue;
        char **parts = g_strsplit_set(c->rows[i].reg->recipients, "\n;", -1);
        for (char **p = parts; *p; p++) {
            char *name = g_strstrip(*p);
            while (*name == '-' || *name == '+' || *name == ' ' || *name == '*')
                name++;
            size_t n = strlen(name);
            while (n && (name[n - 1] == '.' || name[n - 1] == ',' || name[n - 1] == ' '))
                name[--n] = '\0';
            if (!*name || g_hash_table_contains(seen, name))
                continue;
            g_hash_table_add(seen, g_strdup(name));
            if (shown < 12)
                g_string_append_printf(g, "%s\"%s\"", shown++ ? ", " : "", name);
            else
                more++;
        }
        g_strfreev(parts);
    }
    if (more)
        g_string_append_printf(g, ngettext(" and %zu more", " and %zu more", more), more);
    g_hash_table_destroy(seen);
    return g_string_free(g, FALSE);
}

/* Why a commune with nothing to count is not counted, in one sentence saying what to do. */
static char *empty_reason(const commune *c, const index_opts *o)
{
    size_t rows = c->n_rows + c->left_out->len; /* every row of the register (a dossier's too) */
    if (rows == 0 && index_is_dir(c->source))
        return g_strdup_printf(_("%s: no documents found (PDFs, or files with a .p7s signature beside them): put the signed outgoing documents there, or give the register"),
                               c->source);
    if (rows == 0)
        return g_strdup_printf(_("%s: the register lists no documents, only its headings: fill in one row per outgoing document (or give the sheet that holds them with --sheet)"),
                               c->source);
    int lo = 0, hi = 0;
    for (guint i = 0; i < c->left_out->len; i++) {
        const kc_register_row *r = c->left_out->pdata[i];
        lo = !lo || r->year < lo ? r->year : lo;
        hi = r->year > hi ? r->year : hi;
    }
    return lo == hi ? g_strdup_printf(_("%s: no document is dated %d; its %zu rows are dated %d: give --year %d, or the register of %d"),
                                      c->source, c->year, rows, lo, lo, c->year)
                    : g_strdup_printf(_("%s: no document is dated %d; its %zu rows are dated %d to %d: check --year, or give the register of %d"),
                                      c->source, c->year, rows, lo, hi, c->year);
}

/* A row's file as the register writes it: relative to the register's folder. */
const char *index_shown_file(const commune *c, const kc_register_row *r)
{
    const char *f = r->file_written ? r->file_written : r->file;
    char *dir = g_path_get_dirname(c->source);
    size_t n = strlen(dir);
    if (strcmp(dir, ".") != 0 && strncmp(f, dir, n) == 0 && f[n] == '/')
        f += n + 1;
    g_free(dir);
    return f;
}

/* A row's file that is another document: its own "Số:" line or date says
 * another number or year than the row (an old signed PDF, or another row's,
 * given for an unsigned document).  Read on the verifying thread, and only
 * for a document that verified: one that is not signed counts as not signed
 * whatever it is, and reading a document's text costs more than verifying
 * it.  A scan without text is not judged.  Rows found by their text already
 * agree with it. */
static void other_document(size_t i, const kc_verdict *v, void *user)
{
    collect *k = user;
    index_row *row = &k->c->rows[k->row_of[i]];
    kc_register_row as_of = *row->reg; /* borrowed, never freed */
    const kc_register_row *r = &as_of;
    char *said = NULL;
    if (!v || kc_verdict_status(v) != KC_STATUS_VALID)
        return;
    if (row->text_year) /* its register date a slip: judged in the year its heading gives */
        as_of.year = k->c->year;
    /* Its text's number or year, else signed in an earlier year than the
     * row's date: an old signed document whatever its text says (a scan has
     * none). */
    if (((r->found == KC_FOUND_COLUMN || r->found == KC_FOUND_NAME) &&
         kc_register_row_other_document_why(r, &said, &row->text_unread)) ||
        kc_register_row_signed_before(r, v, &said))
        row->other_document = said;
}

/* A row whose recipients say "Như trên" (as above), copied from the
 * document's "Nơi nhận" block, names its addressees only on the document's
 * "Kính gửi:" line: an unsigned letter to the district so registered left
 * criterion 22 without it.  That line, read from the row's own PDF, counts;
 * when it cannot be read (no file, a scan), the row is named in a warning. */
static void as_above(commune *c, index_row *row, const index_opts *o)
{
    const kc_register_row *r = row->reg;
    char *to = NULL;
    bool own = !row->status || (strcmp(row->status, "same-document") != 0 && strcmp(row->status, "other-document") != 0);
    if (own && r->file && access(r->file, R_OK) == 0)
        to = kc_register_row_addressees(r);
    if (to && kc_recipients_name_authority(to, o->authority, r->year, r->month)) {
        row->to_authority = true;
        for (char *p = to; *p; p++)
            if (*p == '\n')
                *p = ' ';
        index_warn(c, _("%s: %s: its recipients say \"Như trên\" (as above), and its document's \"Kính gửi:\" line names %s: it counts as sent to the reviewing authority"),
              r->where ? r->where : "", r->number ? r->number : "?", to);
    } else if (!to) {
        index_warn(c, _("%s: %s: its recipients say \"Như trên\" (as above), and no \"Kính gửi:\" line can be read from its document: criterion 22 does not count it; write the addressees in the register"),
              r->where ? r->where : "", r->number ? r->number : "?");
    }
    free(to);
}

void index_untied(commune *c, bool say)
{
    memset(&c->untied, 0, sizeof c->untied);
    for (size_t i = 0; i < c->n_rows; i++) {
        const index_row *row = &c->rows[i];
        if (strcmp(row->status, "valid") == 0 && (row->leader || row->org || row->untied == KC_UNTIED_NO_OFFICE))
            kc_untied_add(&c->untied, row->untied, row->reg->where, row->reg->number, row->untied_by, row->leader,
                          row->to_authority);
    }
    for (int k = 0; k < 3; k++) {
        if (c->untied_said[k])
            g_ptr_array_remove(c->warnings, c->untied_said[k]); /* frees it */
        char *said = !say ? NULL : k < 2 ? kc_untied_warning(&c->untied, k, c->agency_district, c->agency_province)
                                         : kc_untied_office_warning(&c->untied);
        c->untied_said[k] = said;
        if (c->untied_said[k])
            g_ptr_array_add(c->warnings, c->untied_said[k]);
    }
}

void index_total(commune *c)
{
    memset(&c->totals, 0, sizeof c->totals);
    for (size_t i = 0; i < c->n_rows; i++) {
        const index_row *row = &c->rows[i];
        kc_totals_add(&c->totals, strcmp(row->status, "valid") == 0, row->leader, row->to_authority);
        if (strcmp(row->status, "indeterminate") == 0)
            kc_totals_add_indeterminate(&c->totals);
        if (strcmp(row->status, "other-agency") == 0)
            kc_totals_add_other_agency(&c->totals);
    }
    index_untied(c, true);
}

/* The year most of a register's dated rows are dated: *best of *dated rows,
 * in *years years; 0 when none is dated, -1 when two years tie. */
int index_register_year(const kc_register *reg, size_t *best, size_t *dated_out, unsigned *years)
{
    size_t n = reg ? kc_register_count(reg) : 0, dated = 0;
    int *y = g_new0(int, n + 1);
    for (size_t i = 0; i < n; i++)
        dated += (y[i] = kc_register_row_at(reg, i)->year) != 0;
    int year = kc_years_most(y, n, best, years);
    g_free(y);
    if (dated_out)
        *dated_out = dated;
    return year;
}

/* The year a register without --year is counted for.  Criteria 20-22 are a
 * year's, and a register dated in several years is not one year's: signed
 * documents of 2022 added to 2021's register raised its figures with nothing
 * said.  The year most of its dated rows are dated, then, the others listed
 * as --year lists them, and said; 0 when its rows are of one year (or none is
 * dated): every row counts, as before.  Two years tied: -1, not counted. */
static int usual_year(commune *c)
{
    size_t dated = 0, best = 0;
    unsigned years = 0;
    int year = index_register_year(c->reg, &best, &dated, &years);
    if (years < 2)
        return 0;
    if (year < 0) {
        c->not_counted = g_strdup_printf(_("%s: its rows are dated in %u years, and no year holds most of them: a register "
                                           "is one year's; give --year, or the register of one year"),
                                         c->source, years);
        return -1;
    }
    index_warn(c, _("%s: its rows are dated in %u years: the figures are for %d, the year most of them are dated (%zu of "
                    "%zu), and the rows of other years are not counted; give --year to count another year"),
               c->source, years, year, best, dated);
    return year;
}

int index_count(commune *c, const kc_trust *trust, const kc_verify_opts *vo, long jobs, const index_opts *o)
{
    size_t n = kc_register_count(c->reg);
    c->year = o->year ? o->year : usual_year(c);
    if (c->year < 0) {
        c->year = 0;
        return 0; /* not_counted says why */
    }
    GPtrArray *files = cli_strings_new();
    collect k = {c, calloc(n ? n : 1, sizeof(size_t)), vo ? vo->roles : NULL};
    c->rows = calloc(n ? n : 1, sizeof *c->rows);
    if (!c->rows || !k.row_of) {
        g_ptr_array_unref(files);
        free(k.row_of);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const kc_register_row *r = kc_register_row_at(c->reg, i);
        if (c->year && r->year && r->year != c->year) {
            /* Its own document headed in the year counted: the register's date is
             * a slip (last year's typed in), and left out it hid an unsigned
             * document of the year (rtnum18; kc_register_row_text_dated). */
            if (!kc_register_row_text_dated(r, c->year)) {
                g_ptr_array_add(c->left_out, (gpointer)r); /* listed, not counted */
                continue;
            }
            index_warn(c, _("%s: %s is dated %s in the register, but its document is headed %d: counted in %d"),
                       r->where ? r->where : "", r->number, r->date ? r->date : "?", c->year, c->year);
        }
        index_row *row = &c->rows[c->n_rows++];
        row->text_year = c->year && r->year && r->year != c->year;
        row->reg = r;
        c->found_by[r->found < 5 ? r->found : 0]++;
        for (size_t w = 0; w < r->n_warnings; w++)
            index_warn(c, "%s", r->warnings[w]);
        if (c->year && !r->year) {
            /* Counted: leaving it out could hide an unsigned document. */
            c->undated++;
            index_warn(c, _("%s: %s: its date cannot be read, so it is counted in %d"), r->where ? r->where : "",
                  r->number ? r->number : "?", c->year);
        }
        if (!r->file || access(r->file, R_OK) != 0) {
            row->status = "missing";
            if (r->file)
                index_warn(c, _("%s: %s: the file is missing; the document counts as not signed"), r->where ? r->where : "",
                      r->file);
            continue;
        }
    }
    if (index_same_documents(c) != 0) {
        g_ptr_array_unref(files);
        free(k.row_of);
        return -1;
    }
    for (size_t i = 0; i < c->n_rows; i++) {
        if (c->rows[i].status)
            continue; /* missing, or another row's document */
        k.row_of[files->len] = i;
        cli_strings_add(files, c->rows[i].reg->file);
    }
    int rc = cli_verify_all_then(trust, vo, (char **)files->pdata, files->len, jobs, other_document, take_verdict, &k);
    index_same_signatures(c);
    size_t late = 0;
    const index_row *first_late = NULL;
    for (size_t i = 0; i < c->n_rows; i++)
        if (c->rows[i].signed_after && strcmp(c->rows[i].status, "valid") == 0 && !late++)
            first_late = &c->rows[i];
    if (late)
        index_warn(c, ngettext("%zu document counted as signed was signed only after the year of its date (the first: %s, %s, signed on %s): it was not signed when it went out",
                          "%zu documents counted as signed were signed only after the year of their date (the first: %s, %s, signed on %s): they were not signed when they went out",
                          late),
              late, first_late->reg->where ? first_late->reg->where : "",
              first_late->reg->number ? first_late->reg->number : "?", first_late->signed_after);
    for (size_t i = 0; i < c->n_rows; i++) {
        index_row *row = &c->rows[i];
        row->to_authority = row->reg->recipients &&
                            kc_recipients_name_authority(row->reg->recipients, o->authority, row->reg->year,
                                                         row->reg->month);
        /* "UBND hyện Phú Vang": sent there all the same (criterion 22's
         * denominator), with a word said; unsigned documents so addressed
         * left 22 at 100% (rtnum17). */
        if (!row->to_authority && kc_recipients_misspell_authority(row->reg->recipients, o->authority,
                                                                   row->reg->year, row->reg->month)) {
            row->to_authority = true;
            index_warn(c, _("%s: its recipients (%s) name the reviewing authority with a word misspelt: counted as sent to it"),
                       row->reg->where ? row->reg->where : "", row->reg->recipients);
        }
        if (!row->to_authority && !row->reg->from_document && kc_register_row_as_above(row->reg))
            as_above(c, row, o);
    }
    index_total(c);
    index_finish(c, o);
    g_ptr_array_unref(files);
    free(k.row_of);
    return rc;
}

void index_finish(commune *c, const index_opts *o)
{
    size_t to_authority = 0;
    for (size_t i = 0; i < c->n_rows; i++)
        to_authority += c->rows[i].to_authority;
    if (o->authority && c->n_rows && !to_authority) {
        char *seen = recipients_seen(c);
        index_warn(c, *seen ? _("--district \"%s\" names none of the recipients, so criterion 22 has nothing to count; the recipients are %s")
                       : _("--district \"%s\" names none of the recipients, so criterion 22 has nothing to count; the register names no recipients%s"),
              o->authority, seen);
        g_free(seen);
    }
    if (c->left_out->len) {
        const kc_register_row *r = c->left_out->pdata[0];
        char *date = index_date_text(r); /* the language's one form, as in the list */
        index_warn(c, ngettext("%zu row is dated outside %d and not counted (the first: %s, %s)",
                          "%zu rows are dated outside %d and not counted (the first: %s, %s)", c->left_out->len),
              (size_t)c->left_out->len, c->year, r->where ? r->where : "", date);
        g_free(date);
    }
    if (c->n_rows == 0)
        c->not_counted = empty_reason(c, o);
}
