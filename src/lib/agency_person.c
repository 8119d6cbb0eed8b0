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
#include "text.h"

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

/* Whether cf (case-folded, from a word's start) opens with a village's or a
 * street group's word: "Thôn Dương Nổ", "Tổ dân phố 3".  A village is the
 * residents' own community, not a body of the committee: its head
 * ("Trưởng thôn") is elected by them, and no commune staff are filed under it
 * (atkroles, session 37: "OU=Thôn Dương Nổ" under O=UBND xã Thủy An counted as
 * Thủy An's staff).  "Bản" (a village of the north) is told from the board
 * "Ban" only by its mark, so only a name written with marks is read for it. */
static bool opens_with_village(const char *cf)
{
    static const char *const village[] = {"thôn", "xóm", "ấp", "bản", "buôn", "làng", "sóc", "plei", "tổ dân phố",
                                          "khu phố", "tdp", "khóm", "khoóm"};
    static const char *const bare[] = {"thon", "xom", "ap", "buon", "lang", "soc", "plei", "to dan pho", "khu pho",
                                       "tdp", "khom"};
    bool ascii = true;
    for (const char *q = cf; *q && ascii; q++)
        ascii = (unsigned char)*q < 0x80;
    const char *const *list = ascii ? bare : village;
    size_t n = ascii ? G_N_ELEMENTS(bare) : G_N_ELEMENTS(village);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(list[i]);
        if (strncmp(cf, list[i], len) == 0 && (!cf[len] || cf[len] == ' ' || g_ascii_ispunct(cf[len]) ||
                                                g_ascii_isdigit(cf[len])))
            return true;
    }
    return false;
}

/* Whether a title's office is of another body than the committee, or of a
 * village: past the words of the office ("Chủ tịch", "Phó Bí thư", "Trưởng")
 * it names the body, as an OU would ("Chủ tịch Hội Nông dân", "Chủ tịch HĐND
 * xã", "Trưởng Công an xã", "Bí thư Đảng ủy", "Trưởng thôn").  Under
 * "O=UBND xã Thủy An" each counted as the committee's staff (atkroles, session
 * 37), though the same body in the OU did not (rtcert15).  A title naming the
 * committee after the office ("Phó Chủ tịch UBND xã …") or a section of it
 * ("Chánh Văn phòng", "Trưởng Ban Tiếp công dân") is the committee's. */
static bool title_office_elsewhere(const char *title)
{
    static const char *const office[] = {"pho chu tich thuong truc ", "pho chu tich ", "chu tich ", "q. chu tich ",
                                         "quyen chu tich ", "pho bi thu thuong truc ", "pho bi thu ", "bi thu ",
                                         "chi huy truong ", "chi huy pho ", "pho truong ", "truong ", "pho ",
                                         "uy vien ", "chanh ", "can bo "};
    /* the military command's own offices, whatever follows: its commander,
     * deputy and commissar ("Chỉ huy trưởng", "Chỉ huy trưởng BCHQS xã",
     * "Xã đội trưởng", "Chính trị viên"), the head of another body than the
     * committee as "Trưởng Công an xã" is (rtcert17); and the offices no
     * People's Committee has, whatever follows: a Party's or the Youth
     * Union's secretary ("Bí thư", "Phó Bí thư Thường trực"), the chairman of
     * the Party's inspection commission or of a cooperative ("Chủ nhiệm
     * UBKT", "Chủ nhiệm HTX").  Each alone under O=UBND xã Thủy An counted
     * as the committee's staff, 1/1 (rtcert18). */
    static const char *const command[] = {"chi huy truong", "chi huy pho", "pho chi huy truong", "chinh tri vien",
                                          "xa doi truong", "xa doi pho", "bi thu", "pho bi thu", "chu nhiem",
                                          "pho chu nhiem"};
    char *f = kc_text_fold(title), *cf = kc_text_casefold(title), *nfc = kc_text_nfc(title);
    char **words = cf ? g_strsplit(cf, " ", -1) : NULL;
    /* the words as written, for an abbreviation read only in capitals ("Trưởng CA xã") */
    char **written = nfc ? g_strsplit_set(g_strstrip(nfc), " ", -1) : NULL;
    const char *s = f;
    size_t skipped = 0, nwords = words ? g_strv_length(words) : 0;
    bool yes = false, more = true;
    for (size_t i = 0; s && i < G_N_ELEMENTS(command) && !yes; i++)
        yes = g_str_has_prefix(s, command[i]) && (!s[strlen(command[i])] || s[strlen(command[i])] == ' ');
    /* Folding keeps the words (agency.c): count those of the office. */
    while (s && more) {
        more = false;
        for (size_t i = 0; i < G_N_ELEMENTS(office) && !more; i++)
            if (g_str_has_prefix(s, office[i])) {
                for (const char *q = office[i]; *q; q++)
                    skipped += *q == ' ';
                s += strlen(office[i]);
                more = true;
            }
    }
    char **fwords = f ? g_strsplit(f, " ", -1) : NULL;
    bool aligned = fwords && g_strv_length(fwords) == nwords;
    g_strfreev(fwords);
    if (!yes && aligned && skipped < nwords) {
        bool as_written = written && g_strv_length(written) == nwords;
        char *rest = g_strjoinv(" ", (as_written ? written : words) + skipped);
        char *rest_cf = kc_text_casefold(rest);
        yes = kc_agency_unit_names_body(rest) || (rest_cf && opens_with_village(rest_cf));
        free(rest_cf);
        g_free(rest);
    }
    /* A body named past a profession's words ("Giáo viên Trường Tiểu học
     * Thủy An", "Bác sĩ Trạm y tế xã"): the school's or the health station's
     * staff, where the same body as the OU was not the committee's, counted
     * 1/1 (rtcert18).  A body's phrase only, from a word in capitals: "Công
     * chức Văn hóa - Xã hội" (a commune civil servant's post) names none. */
    for (size_t i = 1; !yes && written && i < g_strv_length(written); i++)
        if (g_unichar_isupper(g_utf8_get_char(written[i]))) {
            char *rest = g_strjoinv(" ", written + i);
            yes = kc_agency_phrase_names_body(rest);
            g_free(rest);
        }
    g_strfreev(words);
    g_strfreev(written);
    g_free(nfc);
    free(f);
    free(cf);
    return yes;
}

/* Whether a common name says, past a mark, an office of another body, as a
 * title would ("Trần Văn Hùng - Trưởng Công an xã", "… (Chỉ huy trưởng
 * BCHQS)"): viewers show it as the signer, and under "O=UBND xã Thủy An"
 * the police chief so named counted as the committee's staff (rtcert17).
 * "Nguyễn Văn An (Chủ tịch UBND xã Thủy An)" names the committee. */
static bool name_office_elsewhere(const char *cn)
{
    static const char *const marks[] = {" - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", "(", ", "};
    bool yes = false;
    for (size_t i = 0; cn && i < G_N_ELEMENTS(marks) && !yes; i++)
        for (const char *p = strstr(cn, marks[i]); p && !yes; p = strstr(p + 1, marks[i])) {
            char *part = g_strdup(p + strlen(marks[i]));
            g_strdelimit(part, "()", ' ');
            yes = title_office_elsewhere(g_strstrip(part));
            g_free(part);
        }
    return yes;
}

/* Whether any value of a unit (values joined by KC_NAME_VALUE_SEP) is a
 * village's (opens_with_village). */
static bool unit_of_village(const char *unit)
{
    char **values = unit ? g_strsplit(unit, KC_NAME_VALUE_SEP, -1) : NULL;
    bool yes = false;
    for (size_t i = 0; values && values[i] && !yes; i++) {
        char *cf = kc_text_casefold(values[i]);
        yes = cf && opens_with_village(cf);
        free(cf);
    }
    g_strfreev(values);
    return yes;
}

bool kc_agency_person_filed(const kc_sig_info *sig)
{
    bool of_o = sig->organization && *sig->organization;

    /* Under a body no one can read, whose staff he is no one can say.  (His
     * own name unreadable, a minority's name with a mark kiemchung does not
     * read, says nothing of whose staff he is.) */
    if ((of_o && strstr(sig->organization, UNREADABLE)) || (sig->unit && strstr(sig->unit, UNREADABLE)))
        return false;
    /* Nor under an office no one can read: "Chủ tịch Hội Nоng dân" with a
     * Cyrillic о, drawn as the Farmers' Association's chairman, was read as
     * unreadable and counted as the committee's staff (rtcert17). */
    if (sig->title && strstr(sig->title, UNREADABLE))
        return false;
    /* The O is the body a CA checked: a company, an association, a
     * department, another body beside the committee (a second O). */
    if (of_o && !kc_roles_files_committee(sig->organization))
        return false;
    /* A unit under the committee that is another body: its police, its
     * Farmers' Association (rtcert14's rule for the organisation). */
    if (any_value(sig->unit, true) || unit_of_village(sig->unit))
        return false;
    /* Nor a title whose office is another body's or a village's. */
    if (sig->title && title_office_elsewhere(sig->title))
        return false;
    if (name_office_elsewhere(sig->signer))
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
