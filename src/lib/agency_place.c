/* agency_place.c: the district and province a certificate names, and whether
 * they are a dossier's or another signer's (agency.h: kc_agency_place_differs,
 * kc_agency_same_places, kc_agency_sig_names_place).  Split from agency.c,
 * which reads the commune and its committee; the words both read are in
 * agency_internal.h. */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agency.h"
#include "agency_internal.h"
#include "kiemchung/roles.h"
#include "text.h"

/* ---- the district and province a certificate names ----------------------------- */

/* A place name folded without the word of its level ("huyện Phú Vang" →
 * "phu vang", "Tỉnh Thừa Thiên Huế" → "thua thien hue") nor the committee's
 * ("UBND huyện Phú Vang", as the desk's accounts name a district), malloc'd. */
static const char *const district_words[] = {"huyen ", "quan ", "thi xa ", "thanh pho ", "tp. ", "tp "};
static const char *const province_words[] = {"tinh ", "thanh pho ", "tp. ", "tp "};

/* A field folded for its places: a dash that looks like the hyphen-minus
 * ("UBND xã Thủy An – huyện Phong Điền", U+2010-U+2015, U+2212) is one, and a
 * level abbreviated at the start of a part or after the committee ("H. Phong
 * Điền", "UBND TX.Hương Thủy", "Q.", "TP", "T.") is written out, as
 * ratios.c reads the register: otherwise the district such a certificate names
 * is no district at all, and the namesake commune of another one seals. */
static char *fold_places(const char *written)
{
    static const struct { const char *abbr, *full; } level[] = {
        {"h", "huyen"}, {"tx", "thi xa"}, {"q", "quan"}, {"tp", "thanh pho"}, {"t", "tinh"},
    };
    /* "UBND xã Thủy An huyện Phú Vang": the district a part of its own (rtcert10) */
    char *field = kc_agency_mark_levels(written);
    char *f = field ? kc_text_fold(field) : NULL;
    g_free(field);
    GString *g;
    bool word_start = true;

    if (!f)
        return NULL;
    g = g_string_sized_new(strlen(f));
    for (const char *p = f; *p;) {
        gunichar c = g_utf8_get_char(p);
        if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212) {
            g_string_append_c(g, '-');
            p = g_utf8_next_char(p);
            word_start = true;
            continue;
        }
        if (word_start && *p != ' ')
            for (size_t i = 0; i < G_N_ELEMENTS(level); i++) {
                size_t n = strlen(level[i].abbr);
                if (strncmp(p, level[i].abbr, n) != 0 || (p[n] != '.' && p[n] != ' '))
                    continue;
                g_string_append(g, level[i].full);
                p += n;
                if (*p == '.')
                    p++;
                if (*p && *p != ' ')
                    g_string_append_c(g, ' ');
                break;
            }
        if (!*p)
            break;
        if (word_start && *p != ' ')
            word_start = false;
        if (strchr(",()-;", *p))
            word_start = true;
        g_string_append_c(g, *p);
        p++;
        /* After the committee's name a level follows. */
        if (*p == ' ' && ((g->len == 4 && strcmp(g->str, "ubnd") == 0) ||
                          (g->len >= 5 && strcmp(g->str + g->len - 5, " ubnd") == 0) ||
                          g_str_has_suffix(g->str, "uy ban nhan dan")))
            word_start = true;
    }
    free(f);
    return g_string_free(g, FALSE);
}

/* A field's parts between ',', ';', '(', ')' and '-', each folded as
 * fold_places folds (NULL for no field): every place rule reads a field so. */
static char **place_parts(const char *field)
{
    char *f = field ? fold_places(field) : NULL;
    char **parts = f ? g_strsplit_set(f, ",;()-", -1) : NULL;
    free(f);
    return parts;
}

/* Whether field names a province by its level's word ("UBND tỉnh …", "tỉnh …"). */
bool kc_agency_names_province(const char *field)
{
    char *f = kc_text_fold(field);
    const char *s = f;
    bool yes = false;
    if (f) {
        kc_agency_skip(&s, kc_agency_committee, 2);
        yes = kc_agency_skip(&s, province_words, 1) == 0 && *s;
    }
    free(f);
    return yes;
}

static char *bare_place(const char *text, const char *const *levels, size_t n)
{
    char *f = text ? fold_places(text) : NULL;
    const char *s = f;
    char *out;
    if (!f)
        return NULL;
    kc_agency_skip(&s, kc_agency_committee, 2);
    kc_agency_skip(&s, levels, n);
    out = *s ? strdup(s) : NULL;
    free(f);
    return out;
}

/* Whether two dossiers' districts name one district as a person reads them:
 * "Phú Vang", "huyện Phú Vang", "UBND huyện Phú Vang", "H. Phú Vang" (rtnum18:
 * one commune's dossiers, its district written two ways, were two communes in
 * review's Total).  Neither named: one (the same unknown); one named: two. */
bool kc_agency_same_district(const char *a, const char *b)
{
    bool na = !a || !*a, nb = !b || !*b;
    if (na || nb)
        return na && nb;
    char *x = bare_place(a, district_words, 6), *y = bare_place(b, district_words, 6);
    bool same = x && y && strcmp(x, y) == 0;
    free(x);
    free(y);
    return same;
}

static bool among(const char *place, const char *const *list, size_t n, const char *const *levels, size_t nl)
{
    bool yes = false;
    for (size_t i = 0; i < n && !yes; i++) {
        char *b = bare_place(list[i], levels, nl);
        yes = b && strcmp(b, place) == 0;
        free(b);
    }
    return yes;
}

/* Whether a part that names a place without its level's word ("Phong
 * Điền" after "UBND xã Thủy An (", or a localityName "Phong Điền") is none of
 * the dossier's places: not one of its districts or provinces, nor the
 * commune the part before named (own).  A namesake commune of another
 * district named so sealed the dossier.  (Folded, "Phong Điền" reads as the
 * agency word "phòng": the part is taken as a place whatever it says.) */
/* A hamlet's or a street group's word and its number at the start of a part
 * ("thôn 1", "tổ dân phố 3", "khu phố 2"): an address's own, never a district;
 * the length of the words and the number (with the space after), or 0. */
static size_t hamlet_number(const char *part)
{
    static const char *const hamlet[] = {"thon ", "xom ", "ap ", "ban ", "to dan pho ", "tdp ", "to ", "khu pho ",
                                         "khu ", "khoi ", "buon ", "lang ", "doi ", "cum "};
    const char *s = part;
    if (kc_agency_skip(&s, hamlet, G_N_ELEMENTS(hamlet)) < 0 || !g_ascii_isdigit(*s))
        return 0;
    while (*s && *s != ' ')
        s++;
    while (*s == ' ')
        s++;
    return (size_t)(s - part);
}

static bool bare_differs(const char *part, const char *own, const kc_agency_places *p)
{
    GString *g;
    bool differs;

    /* "Thôn 1 Phong Điền" (a street address or an L without a separator):
     * the hamlet and its number, then the place (rtcert5). */
    part += hamlet_number(part);
    if (!*part || !p->ndistricts || (own && strcmp(part, own) == 0))
        return false;
    /* A dot or an underscore is no mark of a place's name but a typing one:
     * L=Quảng Điền. or L=Quảng_Điền named no place, and the namesake of
     * another district sealed (rtcert4). */
    g = g_string_sized_new(strlen(part));
    for (const char *q = part; *q; q++) {
        /* Nor is any other mark ("Phong·Điền", "Phong Điền!", "«Phong
         * Điền»", "Phong|Điền"): each named no place, and the namesake of
         * another district sealed (rtcert5).  Folded, a Vietnamese letter is
         * ASCII; what is not is no letter of a place's name. */
        char c = g_ascii_isalnum(*q) ? *q : ' ';
        if (g_ascii_isdigit(c) && g->len && g->str[g->len - 1] == ' ') {
            /* A number after the name ("Quảng Điền 2"): the name stands
             * before it, when nothing but numbers follows (rtcert5). */
            const char *r = q;
            while (*r && !g_ascii_isalpha(*r))
                r++;
            if (!*r)
                break;
        }
        if (!g_ascii_isalpha(c) && c != ' ') {
            g_string_free(g, TRUE);
            return false; /* not a place's name: a number inside it */
        }
        if (c != ' ' || (g->len && g->str[g->len - 1] != ' '))
            g_string_append_c(g, c);
    }
    g_strchomp(g->str);
    differs = *g->str && (!own || strcmp(g->str, own) != 0) &&
              !among(g->str, p->districts, p->ndistricts, district_words, 6) &&
              !among(g->str, p->provinces, p->nprovinces, province_words, 4);
    g_string_free(g, TRUE);
    return differs;
}

/* Each part of a common name or organisation ("UBND xã Tân An, huyện Châu
 * Thành, tỉnh Long An"; O "UBND huyện Châu Thành") that names a district or a
 * province must be one the dossier names, when it names any of that level;
 * a later part (or, bare_first, any: a localityName) that names a place
 * without a level's word must be one of them too (bare_differs). */
static bool field_differs_bare(const char *field, const kc_agency_places *p, bool bare_first, const char *commune,
                               bool after_commune);

/* Skips a committee's words at the start of a folded part, and a leader's
 * title before them: "Nguyễn Văn An (Chủ tịch UBND xã Thủy An)" names the
 * committee in its bracket, no place (rtcert10: with --district it was read
 * as a place other than the district, the honest chairman 0/1). */
static void skip_committee(const char **s)
{
    const char *t = *s, *u;
    if (kc_agency_skip(&t, kc_agency_chairs, KC_AGENCY_CHAIRS) >= 0 && (u = t, kc_agency_skip(&u, kc_agency_committee, 2) >= 0))
        *s = u;
    else
        kc_agency_skip(s, kc_agency_committee, 2);
}

static bool field_differs(const char *field, const kc_agency_places *p)
{
    return field_differs_bare(field, p, false, NULL, false);
}

/* Whether a folded part names a commune's committee from any of its words
 * ("chuyen vien ubnd xa thuy an"). */
static bool part_names_commune(const char *part)
{
    bool yes = false;
    for (const char *w = part; w && *w && !yes; w = strchr(w, ' ') ? strchr(w, ' ') + 1 : NULL)
        yes = kc_agency_names_commune(w);
    return yes;
}

/* commune: the commune the certificate's CN, OU or O names, for a field that
 * names none itself ("L=Thôn 1 Thủy An": the hamlet of the commune).
 * after_commune: a part naming no level is read as a place only after a part
 * that named a commune ("Chuyên viên UBND xã Thủy An - Phong Điền"), as a
 * title's or a person's common name writes it: past a dash they name his post
 * ("Công chức Tài chính - Kế toán", "Trần Văn Hùng - Thống kê"), and with the
 * district known "Kế toán" was read as a district other than Phú Vang, the
 * commune's honest civil servant another agency's, 0/1 (rtcert19). */
static bool field_differs_bare(const char *field, const kc_agency_places *p, bool bare_first, const char *commune,
                               bool after_commune)
{
    char **parts = place_parts(field);
    bool differs = false;
    if (!parts)
        return false;
    char *own = NULL;
    bool said_commune = false; /* a part before named a commune's committee, anywhere in it */
    for (size_t i = 0; parts[i] && !differs; i++) {
        char *part = g_strstrip(parts[i]);
        const char *s = part;
        int level;
        /* A value no one can read (cms_signer.c: U+FFFD) may name any place:
         * "L=Ꮋuyện Phong Điền", a Lisu letter for the H, named none, and the
         * namesake of another district sealed (rtcert14). */
        if (strstr(part, "\xef\xbf\xbd") && (p->ndistricts || p->nprovinces)) {
            differs = true;
            continue;
        }
        skip_committee(&s);
        if (!*s)
            continue;
        bool before = said_commune;
        said_commune = said_commune || (after_commune && part_names_commune(part));
        if (kc_agency_skip(&s, kc_agency_units, KC_AGENCY_UNITS) >= 0) {
            if (!own && *s)
                own = g_strdup(s); /* the commune this field names */
            continue;
        }
        const char *rest = s;
        if ((i > 0 || bare_first || hamlet_number(part)) && (!after_commune || own || before) &&
            g_str_equal(s, part) && kc_agency_skip(&rest, district_words, 6) < 0 &&
            kc_agency_skip(&rest, province_words, 1) < 0 && bare_differs(part, own ? own : commune, p)) {
            differs = true;
            continue;
        }
        if ((level = kc_agency_skip(&s, district_words, 6)) >= 0 && *s) {
            bool city = level == 3 || level >= 4; /* thành phố: a district-level or a provincial city */
            bool d = p->ndistricts && among(s, p->districts, p->ndistricts, district_words, 6);
            bool pr = city && p->nprovinces && among(s, p->provinces, p->nprovinces, province_words, 4);
            differs = city ? (p->ndistricts || p->nprovinces) && !d && !pr : p->ndistricts && !d;
        } else if (kc_agency_skip(&s, province_words, 1) >= 0 && *s)
            differs = p->nprovinces && !among(s, p->provinces, p->nprovinces, province_words, 4);
    }
    g_strfreev(parts);
    g_free(own);
    return differs;
}

bool kc_agency_place_differs(const kc_agency_places *p, const char *common_name, const char *organization,
                             const char *province)
{
    char *st = NULL;
    bool differs = field_differs(common_name, p) || field_differs(organization, p);
    if (!differs && province && p->nprovinces && (st = bare_place(province, province_words, 4)))
        differs = !among(st, p->provinces, p->nprovinces, province_words, 4);
    free(st);
    return differs;
}

/* The commune a field names ("UBND xã Thủy An" → "thuy an"), folded, malloc'd, or NULL. */
static char *commune_in(const char *field)
{
    char **parts = place_parts(field), *out = NULL;
    for (size_t i = 0; parts && parts[i] && !out; i++) {
        const char *s = g_strstrip(parts[i]);
        skip_committee(&s);
        if (kc_agency_skip(&s, kc_agency_units, KC_AGENCY_UNITS) >= 0 && *s)
            out = strdup(s);
    }
    g_strfreev(parts);
    return out;
}

/* A title's places, each of its offices apart: "Chủ tịch UBND xã Thủy An,
 * Phó Bí thư Đảng ủy" names no place "Phó Bí thư Đảng ủy" (rtcert19). */
static bool title_differs(const char *title, const kc_agency_places *p)
{
    char **offices = kc_title_offices(title);
    bool differs = !offices && field_differs_bare(title, p, false, NULL, true);
    for (size_t i = 0; offices && offices[i] && !differs; i++)
        differs = field_differs_bare(offices[i], p, false, NULL, true);
    g_strfreev(offices);
    return differs;
}

bool kc_agency_sig_place_differs(const kc_agency_places *p, const kc_sig_info *sig)
{
    /* A title names a post, and so does a person's common name past his
     * own; a leader's or organisation's common name names places. */
    if (kc_agency_place_differs(p, NULL, sig->organization, sig->province) ||
        field_differs_bare(sig->signer, p, false, NULL, sig->role == KC_ROLE_PERSON) || field_differs(sig->unit, p) ||
        title_differs(sig->title, p))
        return true;
    char *own = commune_in(sig->signer);
    if (!own)
        own = commune_in(sig->unit);
    if (!own)
        own = commune_in(sig->organization);
    /* An address names its places after a separator, or after its hamlet's
     * number ("Thôn 1 Phong Điền"). */
    bool differs = field_differs_bare(sig->locality, p, true, own, false) ||
                   field_differs_bare(sig->street, p, false, own, false);
    free(own);
    return differs;
}

/* ---- who may draw after a leader's or an organisation's signature ---------------- */

/* The districts and provinces one field names, folded with their level's
 * word, added to ds and ps.  A city ("thành phố X") may be of either level:
 * it decides nothing here. */
static void places_in(const char *field, GPtrArray *ds, GPtrArray *ps)
{
    char **parts = place_parts(field);
    if (!parts)
        return;
    for (size_t i = 0; parts[i]; i++) {
        const char *s = g_strstrip(parts[i]), *named;
        int level;
        kc_agency_skip(&s, kc_agency_committee, 2);
        named = s;
        if ((level = kc_agency_skip(&s, district_words, 6)) >= 0) {
            if (*s && level < 3)
                g_ptr_array_add(ds, g_strdup(named));
        } else if (kc_agency_skip(&s, province_words, 1) >= 0 && *s) {
            g_ptr_array_add(ps, g_strdup(named));
        }
    }
    g_strfreev(parts);
}

bool kc_agency_same_places(const kc_sig_info *a, const kc_sig_info *b)
{
    GPtrArray *ds = g_ptr_array_new_with_free_func(g_free), *ps = g_ptr_array_new_with_free_func(g_free);
    places_in(a->signer, ds, ps);
    places_in(a->organization, ds, ps);
    places_in(a->unit, ds, ps);
    places_in(a->locality, ds, ps);
    places_in(a->street, ds, ps);
    if (a->province && *a->province)
        g_ptr_array_add(ps, g_strdup(a->province));
    kc_agency_places places = {(const char *const *)ds->pdata, ds->len, (const char *const *)ps->pdata, ps->len};
    bool same = !kc_agency_place_differs(&places, b->signer, b->organization, b->province) &&
                !kc_agency_place_differs(&places, NULL, b->unit, NULL) &&
                !kc_agency_place_differs(&places, b->locality, b->title, NULL) &&
                !kc_agency_place_differs(&places, NULL, b->street, NULL);
    g_ptr_array_unref(ds);
    g_ptr_array_unref(ps);
    return same;
}

/* A field from the word its committee's name starts at ("Nguyễn Văn An (Chủ
 * tịch UBND xã Thủy An huyện Phong Điền)" → "ubnd xã thủy an huyện phong
 * điền)"), case-folded with its diacritics (a level's word is told by them,
 * kc_agency_mark_levels), malloc'd; NULL when it names no committee. */
static char *from_committee(const char *field)
{
    static const char *const committee[] = {"ubnd ", "ủy ban nhân dân ", "uỷ ban nhân dân ", "uy ban nhan dan "};
    char *cf = field ? kc_text_casefold(field) : NULL, *at = NULL, *out = NULL;
    for (size_t c = 0; cf && c < G_N_ELEMENTS(committee) && !at; c++)
        for (char *hit = strstr(cf, committee[c]); hit && !at; hit = strstr(hit + 1, committee[c]))
            at = hit == cf || hit[-1] == ' ' || hit[-1] == '(' ? hit : NULL;
    if (at)
        out = strdup(at);
    free(cf);
    return out;
}

bool kc_agency_districts_disagree(const kc_sig_info *sig)
{
    /* The O a CA checked names the district ("O=UBND huyện Phú Vang"): an OU,
     * title or common name naming the commune of another district ("UBND xã
     * Thủy An huyện Phong Điền") is a namesake's, whichever district the
     * reviewer names, or none (rtcert10).  Districts only: a city ("thành phố
     * Huế") may be the province above, which the O need not name. */
    GPtrArray *ods = g_ptr_array_new_with_free_func(g_free), *ps = g_ptr_array_new_with_free_func(g_free);
    const char *fields[3] = {sig->unit, sig->title, sig->signer};
    bool differs = false;
    places_in(sig->organization, ods, ps);
    for (int f = 0; f < 3 && ods->len && !differs; f++) {
        GPtrArray *ds = g_ptr_array_new_with_free_func(g_free);
        /* A title or a common name from its committee's words on: before
         * them a title's "Q." (acting) or a name's initial is no "quận" */
        char *from = f ? from_committee(fields[f]) : NULL;
        places_in(f ? from : fields[f], ds, ps);
        free(from);
        for (size_t i = 0; i < ds->len && !differs; i++) {
            char *b = bare_place(ds->pdata[i], district_words, 6);
            differs = b && !among(b, (const char *const *)ods->pdata, ods->len, district_words, 6);
            free(b);
        }
        g_ptr_array_unref(ds);
    }
    g_ptr_array_unref(ods);
    g_ptr_array_unref(ps);
    return differs;
}

/* Whether text holds a letter: "ST= " or "L=." names nothing. */
static bool has_letter(const char *text)
{
    for (const char *q = text; q && *q; q = g_utf8_next_char(q))
        if (g_unichar_isalpha(g_utf8_get_char(q)))
            return true;
    return false;
}

/* Whether an ST names a province: letters, and not the country or a filler
 * ("ST=VN", "ST=Việt Nam", "ST=N/A"), which name no place of Vietnam and
 * left such a certificate sealing any namesake's dossier that names only
 * its district (no province for the ST to be compared with). */
static bool st_names_place(const char *st)
{
    static const char *const none[] = {"vn", "vietnam", "na", "none", "null", "unknown", "khong", "khongco"};
    bool yes = has_letter(st);
    char *f = yes ? kc_text_fold(st) : NULL;
    size_t w = 0;
    for (size_t i = 0; f && f[i]; i++)
        if (g_ascii_isalnum(f[i]))
            f[w++] = f[i];
    if (f)
        f[w] = '\0';
    for (size_t i = 0; f && yes && i < G_N_ELEMENTS(none); i++)
        yes = strcmp(f, none[i]) != 0;
    free(f);
    return yes;
}

bool kc_agency_sig_names_place(const kc_sig_info *sig, const kc_agency_places *p)
{
    GPtrArray *ds = g_ptr_array_new_with_free_func(g_free), *ps = g_ptr_array_new_with_free_func(g_free);
    bool yes = st_names_place(sig->province);
    places_in(sig->signer, ds, ps);
    places_in(sig->organization, ds, ps);
    places_in(sig->unit, ds, ps);
    places_in(sig->title, ds, ps);
    places_in(sig->street, ds, ps);
    places_in(sig->locality, ds, ps);
    yes = yes || ds->len || ps->len;
    /* A localityName without its level's word names a place only when it is
     * one of the dossier's ("L=Phú Vang"): "L=Thôn 1" (a hamlet) or the
     * commune's own name names no district, and any other place the place
     * rules refuse. */
    if (!yes && p && sig->locality) {
        char **parts = place_parts(sig->locality);
        for (size_t i = 0; parts && parts[i] && !yes; i++) {
            const char *s = g_strstrip(parts[i]);
            s += hamlet_number(s); /* "Thôn 1 Phú Vang" */
            yes = *s && (among(s, p->districts, p->ndistricts, district_words, 6) ||
                         among(s, p->provinces, p->nprovinces, province_words, 4));
        }
        g_strfreev(parts);
    }
    g_ptr_array_unref(ds);
    g_ptr_array_unref(ps);
    return yes;
}

/* ---- which of the dossier's levels a certificate names ---------------------------- */

/* A part of a field as a bare place's name: a mark reads as a space
 * (bare_differs), malloc'd. */
static char *bare_name(const char *part)
{
    GString *g = g_string_sized_new(strlen(part));
    for (const char *q = part; *q; q++) {
        char c = g_ascii_isalnum(*q) ? *q : ' ';
        if (c != ' ' || (g->len && g->str[g->len - 1] != ' '))
            g_string_append_c(g, c);
    }
    g_strchomp(g->str);
    return g_string_free(g, FALSE);
}

/* The levels one field names, as far as p tells: a district or a province by
 * its level's word, a city ("thành phố X") or a bare name by which of p's
 * places it is. */
static void levels_in(const char *field, const kc_agency_places *p, bool *district, bool *province)
{
    char **parts = place_parts(field);
    if (!parts)
        return;
    for (size_t i = 0; parts[i]; i++) {
        const char *s = g_strstrip(parts[i]);
        int level;
        kc_agency_skip(&s, kc_agency_committee, 2);
        if (!*s || kc_agency_skip(&s, kc_agency_units, KC_AGENCY_UNITS) >= 0)
            continue;
        const char *named = s;
        if ((level = kc_agency_skip(&s, district_words, 6)) >= 0 && *s && level < 3) {
            *district = true;
            continue;
        }
        if (level < 0 && kc_agency_skip(&s, province_words, 1) >= 0 && *s) {
            *province = true;
            continue;
        }
        /* A city, or a name without its level's word: which of p's it is. */
        char *b = bare_name(level >= 0 ? s : named + hamlet_number(named));
        *district |= *b && among(b, p->districts, p->ndistricts, district_words, 6);
        *province |= *b && among(b, p->provinces, p->nprovinces, province_words, 4);
        free(b);
    }
    g_strfreev(parts);
}

void kc_agency_sig_levels(const kc_sig_info *sig, const kc_agency_places *p, bool *district, bool *province)
{
    *district = false;
    *province = st_names_place(sig->province);
    levels_in(sig->signer, p, district, province);
    levels_in(sig->organization, p, district, province);
    levels_in(sig->unit, p, district, province);
    levels_in(sig->title, p, district, province);
    levels_in(sig->street, p, district, province);
    levels_in(sig->locality, p, district, province);
}
