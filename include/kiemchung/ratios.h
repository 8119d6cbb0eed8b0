/* kiemchung/ratios.h: criteria 20–22 over a commune's outgoing documents.
 *
 * 20 signed: documents with a valid signature that covers them as they stand;
 * 21 leader-signed: such a signature by a leader;
 * 22 signed, sent to the reviewing authority: among documents whose
 *    recipients include it (the district People's Committee until the July
 *    2025 reform, the province since), those that are signed. */
#ifndef KIEMCHUNG_RATIOS_H
#define KIEMCHUNG_RATIOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "verify.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kc_ratio {
    size_t numerator;
    size_t denominator;
} kc_ratio;

/* The percentage in tenths, rounded half up as the report writes it
 * (650/652 → 997, "99,7%"); never 1000 unless every document counts, so a
 * single unsigned document is never shown as 100%.  -1 when the denominator is 0. */
int kc_ratio_tenths(kc_ratio r);

/* "99,7%" (Vietnamese decimal comma), or "—" when there is nothing to count.
 * Writes at most size bytes into buf and returns buf. */
char *kc_ratio_format(kc_ratio r, char *buf, size_t size);
/* The same in the language of the messages: "99,7%" in Vietnamese, "99.7%"
 * in English (the decimal separator is a translation), for tables people read;
 * kc_ratio_format stays the report's form, which JSON and the lint compare. */
char *kc_ratio_format_local(kc_ratio r, char *buf, size_t size);
/* The decimal separator of the language of the messages ("," in Vietnamese),
 * a translation: the one place percentages and sizes take it from. */
const char *kc_decimal_separator(void);
/* A size as GLib's g_format_size writes it ("401.9 kB"), with the decimal
 * separator of the language of the messages ("401,9 kB" in Vietnamese): GLib
 * writes the C locale's point whatever the language.  Writes at most size
 * bytes into buf and returns buf. */
char *kc_size_format_local(uint64_t bytes, char *buf, size_t size);

typedef struct kc_totals {
    size_t documents;
    size_t signed_docs;
    size_t leader_signed;
    size_t to_authority;
    size_t to_authority_signed;
    /* Documents whose best signature is indeterminate (no proof of its
     * time): counted apart, never as signed; not part of any ratio. */
    size_t indeterminate;
    /* Documents whose valid signatures are all another agency's (the
     * certificate names another People's Committee): not signed for this
     * commune, counted apart; not part of any ratio's numerator. */
    size_t other_agency;
} kc_totals;

/* One document's contribution. */
void kc_totals_add(kc_totals *t, bool is_signed, bool by_leader, bool to_authority);
/* Notes that a document (already added as not signed) is indeterminate. */
void kc_totals_add_indeterminate(kc_totals *t);
/* Notes that a document (already added as not signed) was signed only by another agency. */
void kc_totals_add_other_agency(kc_totals *t);
/* Adds every count of t into into (a district's total of its communes). */
void kc_totals_merge(kc_totals *into, const kc_totals *t);

kc_ratio kc_totals_criterion(const kc_totals *t, int criterion); /* 20, 21 or 22 */

/* Does a "Nơi nhận" (recipients) text name the reviewing authority?
 * authority: an exact name ("UBND huyện Phú Vang", "UBND tỉnh Thừa Thiên Huế"),
 * compared folded (case, diacritics, "Ủy ban nhân dân" = "UBND"); NULL means
 * the default for the document's date: the district People's Committee
 * (UBND huyện / thị xã, with or without its name) before 1 July 2025, the
 * province or centrally-run city (UBND tỉnh / thành phố) from then on.
 * year 0 (date unknown) takes the district. */
bool kc_recipients_name_authority(const char *recipients, const char *authority, int year, int month);
/* Whether recipients that do not name the authority would, but for one word
 * one keystroke off ("UBND hyện Phú Vang", "UBND huyệ Phú Vang"): a document
 * sent there all the same, which criterion 22 must count, and say. */
bool kc_recipients_misspell_authority(const char *recipients, const char *authority, int year, int month);

/* Whose a signature is, for a commune: criteria 20–22 count a signature for
 * a commune only when its certificate belongs to that commune's People's
 * Committee (a neighbour's organisation certificate does not make the
 * commune's document signed). */
typedef enum kc_agency_match {
    KC_AGENCY_UNKNOWN = 0, /* the certificate names no People's Committee (a person's), or no commune given */
    KC_AGENCY_OWN,         /* it names the commune's own */
    KC_AGENCY_OTHER        /* it names another: "signed by another agency" */
} kc_agency_match;

/* commune: as the user names it ("Xã Thủy An", "UBND xã Thủy An", "Thủy An"),
 * matched word for word; with from_name, taken from a file or folder name
 * (kc_commune_in_name), whose words may run on after the commune's name
 * ("xa thuy an so di").  common_name and organization: the certificate's CN
 * and O (either may be NULL). */
kc_agency_match kc_agency_of_signer(const char *commune, bool from_name, const char *common_name,
                                    const char *organization);

/* Whether sig counts for the commune in criteria 20-22: every signature but an
 * organisation's or a leader's whose certificate names another People's
 * Committee (a person's certificate names none, so it counts); commune NULL:
 * every one.  The one rule of `index`, `index DOSSIER.zip`, `review` and the
 * desk.  *match (may be NULL) gets kc_agency_of_signer's answer. */
bool kc_agency_counts(const char *commune, bool from_name, const kc_sig_info *sig, kc_agency_match *match);

/* The same where the commune's district or province is known too (a
 * dossier's, the desk's account's; either may be NULL): many communes share
 * a name ("xã Tân An" in a dozen provinces), so a committee certificate of
 * the commune's name that names another district or province (its CN or O,
 * "huyện Phong Điền"; its stateOrProvinceName) is another agency's. */
bool kc_agency_counts_at(const char *commune, const char *district, const char *province, bool from_name,
                         const kc_sig_info *sig, kc_agency_match *match);

/* Whether a signer's certificate names a district or province at all (its ST,
 * a place by its level's word in CN, O, OU, title, L or street, or an L that
 * is district or province, when given): one that names none ("CN=UBND xã
 * Thủy An" and nothing else) counts for every commune of that name, since no
 * register ties a certificate to one of the namesakes; index says so beside
 * the figure. */
bool kc_agency_sig_tied(const kc_sig_info *sig, const char *district, const char *province);

/* Whether a signer's certificate names the level of a place that district or
 * province (when either is given) names: "ST=Quảng Trị" and no district names
 * no district, so a namesake commune's chairman of another province is not
 * told apart from the commune's when the figures are for "huyện Phú Vang".  A
 * district named as a province ("UBND tỉnh …") is the province, as in
 * kc_agency_counts_at; *of_province (may be NULL) says whether the level
 * compared is the province alone. */
bool kc_agency_sig_names_level(const kc_sig_info *sig, const char *district, const char *province,
                               bool *of_province);

/* Why a signature that counts for a commune does not tie its document to
 * that commune: no register ties a certificate to one of the namesake
 * communes ("xã Tân An" is a dozen), so a leader's or organisation's
 * certificate of the commune's name counts the same for each of them unless
 * it names the commune's district or province (the level the figures are
 * for), or the roles file names that very certificate.  One judgement, one
 * tally and one sentence (agency_untied.c) for every figure that counts
 * such signatures: index, index DOSSIER.zip, review and the desk. */
typedef enum kc_untied {
    KC_TIED = 0,            /* tied, pinned, or nothing to tie: a person's, another agency's,
                               or no commune given (every agency counts) */
    KC_UNTIED_NO_PLACE,     /* the certificate names no district or province at all */
    KC_UNTIED_NO_DISTRICT,  /* it names places, but no district, and the figures are for one */
    KC_UNTIED_NO_PROVINCE,  /* the same of the province */
    KC_UNTIED_NO_OFFICE     /* a person's certificate filed under the commune's committee that names
                               no office (no title): any token bought in the committee's name counts
                               as its staff's (rtcert19); said beside criterion 20, not "untied" */
} kc_untied;

/* Whether sig, a valid signature counted for commune (match: what
 * kc_agency_counts_at said of it), is tied to it.  district, province: the
 * commune's, when known (either may be NULL); roles (may be NULL): the
 * roles file, whose naming of the certificate by fingerprint or issuer and
 * serial is the clerk's word that it is the commune's own. */
kc_untied kc_agency_untied(const char *commune, const char *district, const char *province, const kc_roles *roles,
                           const kc_sig_info *sig, kc_agency_match match);

/* Folds one counted signature's kc_untied u into its document's *doc (KC_TIED
 * to start, with *tied_seen false): a certificate naming no place first, then
 * one leaving out the level, then a staff member's naming no office, which
 * any signature that counts and is tied clears (the document is then counted
 * for that one).  Returns whether u became the document's: its signer is the
 * one the sentence names.  The one rule of index, review and the desk. */
bool kc_untied_note(kc_untied *doc, bool *tied_seen, kc_untied u);

/* The documents of a commune (or of several) counted as signed by such a
 * certificate: how many, how many of each figure's numerator, and the first
 * of each kind for the sentence. */
typedef struct kc_untied_first {
    size_t documents;
    const char *where, *number, *signer; /* the first's (borrowed: they must outlive the tally) */
} kc_untied_first;
typedef struct kc_untied_tally {
    kc_untied_first no_place;   /* KC_UNTIED_NO_PLACE */
    kc_untied_first no_level;   /* KC_UNTIED_NO_DISTRICT or _NO_PROVINCE */
    bool of_province;           /* no_level's first left out the province */
    size_t in_criterion[3];     /* of both, those in the numerators of 20, 21, 22 */
    kc_untied_first no_office;  /* KC_UNTIED_NO_OFFICE: apart from the two above */
    size_t no_office_in[3];     /* of those, the ones in the numerators of 20, 21, 22 */
} kc_untied_tally;

/* Adds a document counted as signed for criterion 20 (why: its kc_untied;
 * KC_TIED adds nothing); leader: counted for 21 too; to_authority: for 22. */
void kc_untied_add(kc_untied_tally *t, kc_untied why, const char *where, const char *number, const char *signer,
                   bool leader, bool to_authority);
/* Adds every count of t into into (a district's line). */
void kc_untied_merge(kc_untied_tally *into, const kc_untied_tally *t);
/* Documents in the tally, and those in criterion 20, 21 or 22's numerator. */
size_t kc_untied_count(const kc_untied_tally *t);
size_t kc_untied_in(const kc_untied_tally *t, int criterion);
/* The documents counted only by staff whose certificate names no office, in
 * criterion 20, 21 or 22's numerator (0 for 21: a person is no leader). */
size_t kc_untied_no_office_in(const kc_untied_tally *t, int criterion);
/* The sentence beside the figures for them (translated, malloc'd), or NULL. */
char *kc_untied_office_warning(const kc_untied_tally *t);
/* The warning that goes beside the figures (translated, malloc'd), or NULL:
 * no_level false for the certificates that name no place, true for those
 * that leave out the level of district or province (the figures' place, said
 * in the sentence; without either, no sentence for them). */
char *kc_untied_warning(const kc_untied_tally *t, bool no_level, const char *district, const char *province);
/* The tally as JSON (malloc'd), the "untied" object of index --json, review
 * --json and the desk: {"documents", "no_place", "no_level", "level":
 * "district"|"province"|null (what no_level's certificates leave out),
 * "criteria": {"20": n, "21": n, "22": n} (those in each numerator),
 * "warnings": kc_untied_warning's sentences, with district and province, then
 * kc_untied_office_warning's; "no_office": the documents counted only by staff
 * naming no office, "no_office_criteria": {"20": n, "21": n, "22": n}}. */
char *kc_untied_to_json(const kc_untied_tally *t, const char *district, const char *province);

/* The commune a file or folder name names, from the word xã, phường or thị
 * trấn to a number ("So-di_xa-Thuy-An_2021.csv" → "xa thuy an", folded;
 * malloc'd), or NULL. */
char *kc_commune_in_name(const char *name);

/* Whether two entries of a district (folders, or registers' names) name one
 * commune as a person reads them: "Thủy An", "UBND xã Thủy An", "01-Thuỷ An"
 * and "xa-thuy-an" do; "Thủy Ân", "Thúy An" and "Thủy An" do not (their marks differ),
 * nor a xã and a thị trấn of one name.  false when either names nothing. */
bool kc_commune_same_entry(const char *a, const char *b);

/* The commune's committee a valid leader's or organisation's signature was
 * made for (its certificate's OU or O, "UBND xã Thủy Thanh"), when that is
 * not the commune a district's entry name reads as (kc_commune_same_entry): a
 * folder "01-thuy-an" says no commune's kind, so index counts every agency's
 * signature for it, and one whose documents Thủy Thanh's certificate signed
 * read 100% with nothing said (rtnum20).  malloc'd, or NULL: the entry's own
 * commune, a person's certificate, a district's or no committee at all. */
char *kc_commune_entry_other_committee(const char *name, const kc_sig_info *sig);

/* The commune's committee a register's "Người ký" cell names ("UBND xã Thủy
 * Bằng"), when it is not committee, the one whose certificates signed
 * (rtnum21); malloc'd, or NULL: the same committee, a person's name, a cell
 * naming no commune's committee. */
char *kc_commune_signer_other(const char *signer, const char *committee);

/* Whether two names that read alike without their marks are two communes by
 * them: both written with marks, which differ past where a tone mark sits
 * ("Thúy An" and "Thủy An", "Thủy Ân" and "Thủy An"; not "Thuỷ An" and "Thủy
 * An", nor "Thuy An" and either; but "Xã Thanh An" and "Xã Thạnh An", a
 * name written with marks being spelt so).  false when either names nothing. */
bool kc_commune_spelt_apart(const char *a, const char *b);

/* The marks kc_commune_spelt_apart compares, as one string (g_free): the
 * name's words past its kind or committee, case folded, each word's tone
 * marks at its end ("thủy an" for "UBND xã Thuỷ An"); "" for a name typed
 * without any mark, or one naming nothing.  Two names alike without their
 * marks are spelt apart exactly when both give a mark string and these
 * differ: the desk's store keys a commune by it beside its folded name. */
char *kc_commune_marks(const char *name);

#ifdef __cplusplus
}
#endif
#endif
