/* agency_person.c: whether a person's certificate is filed under a People's
 * Committee, so that its signature can be the commune's own (agency.h).
 *
 * "A signature counts for a commune only if its certificate belongs to that
 * commune's agency" (the brief).  A leader's and the organisation's
 * certificates name their committee, and kc_agency_counts reads which.  A
 * person's was counted whatever it named: a citizen's certificate from a
 * public CA (its CN and an identity number, nothing else), a company's, the
 * Farmers' Association's, the commune's police's, or one whose unit no one
 * can read, each made Thủy An's document signed (rtcert15), and one token
 * bought for the clerk made criterion 20 read 100%.  Such a certificate is
 * no agency's a reader can name.  The commune's staff are filed under the
 * committee as the VGCA writes it (OU=UBND xã Thủy An, O=UBND huyện Phú
 * Vang), or by a title naming it; one filed under the district's or
 * province's committee alone (O=UBND huyện Phú Vang, OU=Văn phòng or none)
 * is the district's staff, and counted for any commune (rtcert16):
 * kc_agency_person_commune says which commune, if any. */
#include <glib.h>
#include <string.h>

#include "agency.h"
#include "kiemchung/roles.h"

#define UNREADABLE "\xef\xbf\xbd" /* U+FFFD: a value cms_signer.c could not read */

/* Whether a value of field (values joined by KC_NAME_VALUE_SEP) names a
 * People's Committee, or (units) names another body: "Công an xã Thủy An",
 * "UBND xã Thủy An - Hội Nông dân". */
static bool any_value(const char *field, bool bodies)
{
    char **values = field ? g_strsplit(field, KC_NAME_VALUE_SEP, -1) : NULL;
    bool yes = false;
    for (size_t i = 0; values && values[i] && !yes; i++)
        yes = bodies ? kc_agency_unit_names_body(values[i]) ||
                           (kc_agency_names_committee(values[i]) && kc_agency_names_body_after(values[i]))
                     : kc_agency_names_committee(values[i]);
    g_strfreev(values);
    return yes;
}

/* Whether a title names a People's Committee after its office's words
 * ("Phó Chủ tịch TT UBND xã Thủy An", "Chuyên viên UBND xã Thủy An") and no
 * body after it ("… (Hội Cựu chiến binh)"). */
static bool title_names_committee(const char *title)
{
    bool yes = false;
    for (const char *p = title; p && *p && !yes; p = strchr(p, ' ') ? strchr(p, ' ') + 1 : NULL)
        yes = kc_agency_names_committee(p);
    return yes && !kc_agency_names_body_after(title);
}

bool kc_agency_person_filed(const kc_sig_info *sig)
{
    bool of_o = sig->organization && *sig->organization;

    /* Under a body no one can read, whose staff he is no one can say.  (His
     * own name unreadable, a minority's name with a mark kiemchung does not
     * read, says nothing of whose staff he is.) */
    if ((of_o && strstr(sig->organization, UNREADABLE)) || (sig->unit && strstr(sig->unit, UNREADABLE)))
        return false;
    /* The O is the body a CA checked: a company, an association, a
     * department, another body beside the committee (a second O). */
    if (of_o && !kc_roles_files_committee(sig->organization))
        return false;
    /* A unit under the committee that is another body: its police, its
     * Farmers' Association (rtcert14's rule for the organisation). */
    if (any_value(sig->unit, true))
        return false;
    /* Filed under a committee (or, in O, a place by its level's word, as the
     * VGCA writes the province): its OU, its O, or its title says which. */
    return of_o || any_value(sig->unit, false) || (sig->title && title_names_committee(sig->title));
}

/* The first value of field (values joined by KC_NAME_VALUE_SEP) naming a
 * commune's committee, or a commune as a place ("Xã Thủy An"), as a
 * committee's name (g_free'd), or NULL. */
static char *commune_value(const char *field)
{
    char **values = field ? g_strsplit(field, KC_NAME_VALUE_SEP, -1) : NULL;
    char *found = NULL;
    for (size_t i = 0; values && values[i] && !found; i++) {
        char *as = kc_agency_place_as_committee(values[i]);
        const char *v = as ? as : values[i];
        if (kc_agency_names_commune(v))
            found = g_strdup(v);
        g_free(as);
    }
    g_strfreev(values);
    return found;
}

char *kc_agency_person_commune(const kc_sig_info *sig)
{
    /* The unit first (the VGCA's OU=UBND xã Thủy An under the district's
     * O), then the O, then a title naming the committee after his office's
     * words ("Chuyên viên UBND xã Thủy An, huyện Phong Điền"). */
    char *found = commune_value(sig->unit);
    if (!found)
        found = commune_value(sig->organization);
    for (const char *p = sig->title; p && *p && !found; p = strchr(p, ' ') ? strchr(p, ' ') + 1 : NULL)
        if (kc_agency_names_committee(p) && kc_agency_names_commune(p))
            found = g_strdup(p);
    return found;
}
