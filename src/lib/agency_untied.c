/* agency_untied.c: documents counted for a commune by a certificate that does
 * not tie them to it (ratios.h kc_untied).  A leader's or organisation's
 * certificate naming the commune but no district or province counts for
 * every namesake commune ("xã Tân An" is a dozen): the figures stay as
 * counted (nothing in the register says whose the certificate is), but each
 * figure holding such documents says so beside it.  The judgement, the tally
 * and the sentence are here once, for index (a register on disk), index
 * DOSSIER.zip, review and the desk, which showed the same figures without it. */
#include "json_lib.h"
#include <stdlib.h>
#include <string.h>

#include "agency.h"
#include "i18n.h"
#include "kiemchung/ratios.h"
#include "util.h"

/* Whether the roles file names this very certificate (by fingerprint, or
 * issuer and serial): the clerk's word that it is the commune's own. */
static bool pinned(const kc_roles *roles, const kc_sig_info *si)
{
    kc_signer_id who = {.common_name = si->signer, .title = si->title, .organization = si->organization,
                        .serial_hex = si->serial, .fingerprint_sha256 = si->fingerprint, .issuer = si->issuer,
                        .unit = si->unit, .person_mark = si->person_mark, .pseudonym = si->pseudonym,
                        .issuer_certain = si->issuer_certain};
    return roles && kc_roles_names_certificate(roles, &who);
}

/* Whether a person's certificate names an office: a title holding an
 * office's or a post's words.  A person filed under the commune's committee
 * with none counts as its staff (README Known limits): the police chief's
 * token, a teacher's, a private person's bought in the committee's name each
 * made its document signed with no word.  Any title was taken for one: "-",
 * " ", "N/A", "Không" (none), "Chưa có" (not yet) silenced the note
 * (rtcert20). */
static bool names_office(const kc_sig_info *sig)
{
    return kc_title_names_office(sig->title);
}

kc_untied kc_agency_untied(const char *commune, const char *district, const char *province, const kc_roles *roles,
                           const kc_sig_info *sig, kc_agency_match match)
{
    bool of_province = false;
    if (!commune || !sig || match != KC_AGENCY_OWN)
        return KC_TIED;
    /* A person's certificate names no committee's place to tie; one naming no
     * office is said beside criterion 20 (rtcert19), unless the roles file
     * names that very certificate. */
    if (sig->role == KC_ROLE_PERSON)
        return names_office(sig) || pinned(roles, sig) ? KC_TIED : KC_UNTIED_NO_OFFICE;
    if (sig->role != KC_ROLE_LEADER && sig->role != KC_ROLE_ORG)
        return KC_TIED;
    if (kc_agency_sig_tied(sig, district, province)) {
        if (kc_agency_sig_names_level(sig, district, province, &of_province))
            return KC_TIED;
        return pinned(roles, sig) ? KC_TIED : of_province ? KC_UNTIED_NO_PROVINCE : KC_UNTIED_NO_DISTRICT;
    }
    return pinned(roles, sig) ? KC_TIED : KC_UNTIED_NO_PLACE;
}

/* How much a document's kc_untied says: the one saying most is kept. */
static int weight(kc_untied u)
{
    return u == KC_UNTIED_NO_PLACE ? 3 : u == KC_UNTIED_NO_DISTRICT || u == KC_UNTIED_NO_PROVINCE ? 2
                                                                  : u == KC_UNTIED_NO_OFFICE ? 1 : 0;
}

bool kc_untied_note(kc_untied *doc, bool *tied_seen, kc_untied u)
{
    if (u == KC_TIED) {
        *tied_seen = true;
        if (*doc == KC_UNTIED_NO_OFFICE)
            *doc = KC_TIED; /* another signature that names its office or place counts it */
        return false;
    }
    if ((u == KC_UNTIED_NO_OFFICE && *tied_seen) || weight(u) <= weight(*doc))
        return false;
    *doc = u;
    return true;
}

void kc_untied_add(kc_untied_tally *t, kc_untied why, const char *where, const char *number, const char *signer,
                   bool leader, bool to_authority)
{
    if (why == KC_TIED)
        return;
    if (why == KC_UNTIED_NO_OFFICE) {
        kc_untied_first *f = &t->no_office;
        if (!f->documents++) {
            f->where = where;
            f->number = number;
            f->signer = signer;
        }
        t->no_office_in[0]++;
        t->no_office_in[1] += leader;
        t->no_office_in[2] += to_authority;
        return;
    }
    kc_untied_first *f = why == KC_UNTIED_NO_PLACE ? &t->no_place : &t->no_level;
    if (!f->documents++) {
        f->where = where;
        f->number = number;
        f->signer = signer;
        if (why != KC_UNTIED_NO_PLACE)
            t->of_province = why == KC_UNTIED_NO_PROVINCE;
    }
    t->in_criterion[0]++;
    t->in_criterion[1] += leader;
    t->in_criterion[2] += to_authority;
}

static void merge_first(kc_untied_first *into, const kc_untied_first *f)
{
    if (!into->documents && f->documents)
        *into = *f;
    else
        into->documents += f->documents;
}

void kc_untied_merge(kc_untied_tally *into, const kc_untied_tally *t)
{
    if (!into->no_level.documents && t->no_level.documents)
        into->of_province = t->of_province;
    merge_first(&into->no_place, &t->no_place);
    merge_first(&into->no_level, &t->no_level);
    merge_first(&into->no_office, &t->no_office);
    for (int k = 0; k < 3; k++) {
        into->in_criterion[k] += t->in_criterion[k];
        into->no_office_in[k] += t->no_office_in[k];
    }
}

size_t kc_untied_count(const kc_untied_tally *t)
{
    return t ? t->no_place.documents + t->no_level.documents : 0;
}

size_t kc_untied_in(const kc_untied_tally *t, int criterion)
{
    return t && criterion >= 20 && criterion <= 22 ? t->in_criterion[criterion - 20] : 0;
}

size_t kc_untied_no_office_in(const kc_untied_tally *t, int criterion)
{
    return t && criterion >= 20 && criterion <= 22 ? t->no_office_in[criterion - 20] : 0;
}

char *kc_untied_office_warning(const kc_untied_tally *t)
{
    const kc_untied_first *f = &t->no_office;
    if (!f->documents)
        return NULL;
    return g_strdup_printf(
        dngettext(KC_TEXTDOMAIN,
                  "%zu document counted as signed for criterion 20 was so signed only by a person whose certificate, "
                  "filed under the commune's committee, names no office (the first: %s, %s, %s): any certificate "
                  "issued in the committee's name counts so, a village head's or a token bought for the clerk; if it "
                  "is the commune's staff, name its fingerprint in a roles file (--roles)",
                  "%zu documents counted as signed for criterion 20 were so signed only by people whose certificates, "
                  "filed under the commune's committee, name no office (the first: %s, %s, %s): any certificate "
                  "issued in the committee's name counts so, a village head's or a token bought for the clerk; if "
                  "they are the commune's staff, name their fingerprints in a roles file (--roles)",
                  f->documents),
        f->documents, f->where ? f->where : "", f->number ? f->number : "?", f->signer ? f->signer : "?");
}

char *kc_untied_warning(const kc_untied_tally *t, bool no_level, const char *district, const char *province)
{
    const kc_untied_first *f = no_level ? &t->no_level : &t->no_place;
    const char *where = f->where ? f->where : "", *number = f->number ? f->number : "?",
               *signer = f->signer ? f->signer : "?";
    if (!f->documents || (no_level && !(district && *district) && !(province && *province)))
        return NULL; /* no place to name (a district's line: each commune's says it) */
    if (!no_level)
        return g_strdup_printf(
            dngettext(KC_TEXTDOMAIN,
                      "%zu document counted as signed by the commune's leader or organisation was so signed by a certificate "
                      "that names no district or province (the first: %s, %s, %s): it is not tied to this commune, and the "
                      "namesake communes' certificates would count the same; if it is the commune's own, name its "
                      "fingerprint in a roles file (--roles)",
                      "%zu documents counted as signed by the commune's leader or organisation were so signed by "
                      "certificates that name no district or province (the first: %s, %s, %s): they are not tied to this "
                      "commune, and the namesake communes' certificates would count the same; if they are the commune's "
                      "own, name their fingerprints in a roles file (--roles)",
                      f->documents),
            f->documents, where, number, signer);
    return g_strdup_printf(
        dngettext(KC_TEXTDOMAIN,
                  "%zu document counted as signed by the commune's leader or organisation was so signed by a certificate "
                  "that names no %s, while the figures are for %s (the first: %s, %s, %s): nothing compared its "
                  "places with it, and a namesake commune's certificate would count the same; if it is the "
                  "commune's own, name its fingerprint in a roles file (--roles)",
                  "%zu documents counted as signed by the commune's leader or organisation were so signed by "
                  "certificates that name no %s, while the figures are for %s (the first: %s, %s, %s): nothing "
                  "compared their places with it, and a namesake commune's certificates would count the same; if "
                  "they are the commune's own, name their fingerprints in a roles file (--roles)",
                  f->documents),
        f->documents, t->of_province ? _("province") : _("district"),
        district && *district ? district : province, where, number, signer);
}

/* {"20": N, "21": N, "22": N}, each criterion's count by COUNT, under NAME. */
static void add_criteria(JsonBuilder *b, const char *name, const kc_untied_tally *t,
                         size_t (*count)(const kc_untied_tally *, int))
{
    json_builder_set_member_name(b, name);
    json_builder_begin_object(b);
    for (int k = 20; k <= 22; k++) {
        char key[4];
        snprintf(key, sizeof key, "%d", k);
        kc_json_add_int(b, key, (int64_t)count(t, k));
    }
    json_builder_end_object(b);
}

char *kc_untied_to_json(const kc_untied_tally *t, const char *district, const char *province)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    kc_json_add_int(b, "documents", (int64_t)kc_untied_count(t));
    kc_json_add_int(b, "no_place", (int64_t)t->no_place.documents);
    kc_json_add_int(b, "no_level", (int64_t)t->no_level.documents);
    kc_json_add_str(b, "level", !t->no_level.documents ? NULL : t->of_province ? "province" : "district");
    add_criteria(b, "criteria", t, kc_untied_in);
    kc_json_add_int(b, "no_office", (int64_t)t->no_office.documents);
    add_criteria(b, "no_office_criteria", t, kc_untied_no_office_in);
    json_builder_set_member_name(b, "warnings");
    json_builder_begin_array(b);
    for (int k = 0; k < 3; k++) {
        char *said = k < 2 ? kc_untied_warning(t, k, district, province) : kc_untied_office_warning(t);
        if (said)
            json_builder_add_string_value(b, said);
        g_free(said);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    return kc_json_finish(b, false);
}
