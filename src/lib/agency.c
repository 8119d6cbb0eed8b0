/* agency.c: which People's Committee a certificate belongs to (agency.h).
 *
 * Everything is compared folded (kc_text_fold: lower case, no tone marks,
 * đ → d, single spaces), word by word: the People's Committee ("UBND",
 * "Ủy ban nhân dân"), the commune-level unit (xã, phường, thị trấn), then the
 * commune's own name, which must end there or be followed by a separator
 * before the district or province; that name is then compared with its
 * diacritics too, when both sides write them (same_spelling). */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agency.h"
#include "names.h"
#include "kiemchung/roles.h"
#include "text.h"

static const char *const committee[] = {"ubnd ", "uy ban nhan dan "};
static const char *const units[] = {"xa ", "phuong ", "thi tran "};
static const char *const unit_words[] = {"xã", "phường", "thị trấn"};

/* Skips a word of list at the start of s; its index, or -1. */
static int skip(const char **s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strncmp(*s, list[i], strlen(list[i])) == 0) {
            *s += strlen(list[i]);
            return (int)i;
        }
    return -1;
}

typedef struct commune {
    char *folded;      /* owns the string name points into */
    const char *name;  /* "thuy an" */
    int unit;          /* index in units, or -1 when not given */
    char *spelled;     /* the name case-folded with its diacritics ("thủy an"), or NULL */
} commune;

/* Words (single spaces, as folding leaves them) in [from, to). */
static size_t words_between(const char *from, const char *to)
{
    size_t n = 0;
    for (const char *p = from; p < to; p++)
        n += *p == ' ';
    return n;
}

/* The words [from, from + n) of text case-folded with their diacritics (folding
 * keeps the word count), the last cut at a comma; NULL when there are none. */
static char *spelled_words(const char *text, size_t from, size_t n)
{
    char *cf = kc_text_casefold(text), *cut;
    char **w = cf ? g_strsplit(cf, " ", -1) : NULL;
    GString *g = g_string_new(NULL);

    size_t len = w ? g_strv_length(w) : 0;

    for (size_t i = from; i < len && i - from < n; i++)
        g_string_append_printf(g, "%s%s", g->len ? " " : "", w[i]);
    if ((cut = strchr(g->str, ',')))
        g_string_truncate(g, (gsize)(cut - g->str));
    g_strfreev(w);
    free(cf);
    return g_string_free(g, g->len == 0);
}

/* Whether two names that fold alike are spelled alike: "Thúy An" is another
 * commune than "Thủy An", though folding makes both "thuy an".  A name
 * written without diacritics ("Thuy An") matches either; where the tone
 * mark sits ("Thuỷ", "Thủy") is style (kc_name_skeleton). */
static bool same_spelling(const char *a, const char *b)
{
    bool ascii_a = true, ascii_b = true, same;
    char *sa, *sb;

    for (const char *p = a; p && *p; p++)
        ascii_a &= (unsigned char)*p < 0x80;
    for (const char *p = b; p && *p; p++)
        ascii_b &= (unsigned char)*p < 0x80;
    if (!a || !b || ascii_a || ascii_b)
        return true;
    sa = kc_name_skeleton(a);
    sb = kc_name_skeleton(b);
    same = sa && sb && strcmp(sa, sb) == 0;
    g_free(sa);
    g_free(sb);
    return same;
}

static bool parse_commune(commune *c, const char *text)
{
    const char *s;
    c->folded = kc_text_fold(text);
    if (!c->folded)
        return false;
    s = c->folded;
    skip(&s, committee, 2);
    c->unit = skip(&s, units, 3);
    c->name = s;
    c->spelled = *s ? spelled_words(text, words_between(c->folded, s), SIZE_MAX) : NULL;
    return *s != '\0';
}

/* The unit a field names ("ubnd xa thuy an, huyen phu vang" → unit 0, "thuy
 * an"), in a new string; NULL when it names no commune-level People's
 * Committee. */
static char *named_unit(const char *field, int *unit, char **spelled)
{
    char *f = field ? kc_text_fold(field) : NULL, *name = NULL;
    const char *s = f;
    if (!f)
        return NULL;
    if (skip(&s, committee, 2) >= 0 && (*unit = skip(&s, units, 3)) >= 0) {
        /* The name ends at the end, or at a separator before the district or province. */
        size_t n = 0;
        while (s[n] && s[n] != ',' && strncmp(s + n, " -", 2) != 0 && strncmp(s + n, " (", 2) != 0 &&
               strncmp(s + n, " \xe2\x80\x93", 4) != 0 /* en dash */)
            n++;
        name = n ? strndup(s, n) : NULL;
        if (name && spelled)
            *spelled = spelled_words(field, words_between(f, s), words_between(name, name + n) + 1);
    }
    free(f);
    return name;
}

/* Whether field names c's committee: exactly, or when c came from a file
 * name (runs_on), as the first words of it ("thuy an" for "thuy an so di"). */
static bool names(const commune *c, const char *field, bool runs_on)
{
    int unit = -1;
    char *spelled = NULL, *name = named_unit(field, &unit, &spelled);
    size_t n = name ? strlen(name) : 0;
    bool yes = name && (c->unit < 0 || unit == c->unit) &&
               ((strcmp(name, c->name) == 0 && same_spelling(spelled, c->spelled)) ||
                (runs_on && strncmp(c->name, name, n) == 0 && c->name[n] == ' '));
    free(name);
    g_free(spelled);
    return yes;
}

static kc_agency_match of_signer(const char *commune_text, bool from_name, const char *common_name,
                                 const char *organization)
{
    commune c = {0};
    kc_agency_match m = KC_AGENCY_UNKNOWN;
    if (commune_text && parse_commune(&c, commune_text)) {
        if (names(&c, common_name, from_name) || names(&c, organization, from_name))
            m = KC_AGENCY_OWN;
        else if (kc_agency_names_committee(common_name) || kc_agency_names_committee(organization))
            m = KC_AGENCY_OTHER;
    }
    free(c.folded);
    g_free(c.spelled);
    return m;
}

/* Remembered: a commune signs every document with the same two certificates,
 * so verify asks the same few questions for every document (a signer's and
 * each later signer's agency, ~40,000 instructions each: the folds and word
 * parsing above).  The answer is a pure function of the four inputs, kept in
 * a small table shared by the threads and emptied when full, as text.c keeps
 * its folds.  The key holds every input with its length, NULL apart from "". */
#define OF_SIGNER_ENTRIES 256
#define OF_SIGNER_KEY_MAX 1024

static struct {
    GMutex lock;
    GHashTable *done; /* key -> GINT_TO_POINTER(match + 1) */
} of_signer_memo;

static void key_part(GString *k, const char *s)
{
    if (s)
        g_string_append_printf(k, "%zu:%s|", strlen(s), s);
    else
        g_string_append(k, "-|");
}

kc_agency_match kc_agency_of_signer(const char *commune_text, bool from_name, const char *common_name,
                                    const char *organization)
{
    GString *k = g_string_new(from_name ? "n|" : "o|");
    key_part(k, commune_text);
    key_part(k, common_name);
    key_part(k, organization);
    if (k->len > OF_SIGNER_KEY_MAX) {
        g_string_free(k, TRUE);
        return of_signer(commune_text, from_name, common_name, organization);
    }
    g_mutex_lock(&of_signer_memo.lock);
    gpointer known = of_signer_memo.done ? g_hash_table_lookup(of_signer_memo.done, k->str) : NULL;
    g_mutex_unlock(&of_signer_memo.lock);
    if (known) {
        g_string_free(k, TRUE);
        return (kc_agency_match)(GPOINTER_TO_INT(known) - 1);
    }
    kc_agency_match m = of_signer(commune_text, from_name, common_name, organization);
    g_mutex_lock(&of_signer_memo.lock);
    if (!of_signer_memo.done)
        of_signer_memo.done = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if (g_hash_table_size(of_signer_memo.done) >= OF_SIGNER_ENTRIES)
        g_hash_table_remove_all(of_signer_memo.done);
    g_hash_table_replace(of_signer_memo.done, g_string_free(k, FALSE), GINT_TO_POINTER((int)m + 1));
    g_mutex_unlock(&of_signer_memo.lock);
    return m;
}

const char *kc_agency_committee_field(const kc_sig_info *sig)
{
    /* An organisation whose own name is an agency's is that agency, whatever
     * body its O names above it: "CN=Công an xã Thủy An, O=UBND xã Thủy An"
     * is the commune's police, "Trạm y tế xã …" its health station, not its
     * People's Committee (which alone seals its dossiers and draws over its
     * chairman's signature).  An organisation by the roles file alone (a
     * person's name) is the O's. */
    if (sig->role == KC_ROLE_ORG && sig->signer && kc_roles_names_agency(sig->signer))
        return NULL;
    return sig->unit && kc_agency_names_committee(sig->unit) ? sig->unit : sig->organization;
}

static const char *title_committee(const kc_sig_info *sig, char **folded);
static bool names_province(const char *field);

/* Whether a field names a commune-level People's Committee (UBND xã …), of any commune. */
static bool names_commune(const char *field)
{
    int unit = -1;
    char *name = named_unit(field, &unit, NULL);
    bool yes = name != NULL;
    free(name);
    return yes;
}

bool kc_agency_counts(const char *commune_text, bool from_name, const kc_sig_info *sig, kc_agency_match *match)
{
    kc_agency_match m = commune_text ? kc_agency_of_signer(commune_text, from_name, sig->signer,
                                                           kc_agency_committee_field(sig))
                                     : KC_AGENCY_UNKNOWN;
    /* A leader whose title names another committee ("Chủ tịch UBND xã Thủy
     * Vân") leads that one, whatever else his certificate names or leaves
     * out: with no O at all he counted as Thủy An's leader. */
    if (sig->role == KC_ROLE_LEADER) {
        char *folded = NULL;
        const char *named = title_committee(sig, &folded);
        kc_agency_match t = named && kc_agency_names_committee(named) ?
                            kc_agency_of_signer(commune_text, from_name, named, NULL) : KC_AGENCY_UNKNOWN;
        /* Named by his title alone, he is the commune's as far as names
         * tell: kc_agency_counts_at then reads the places it names.  His
         * title naming the commune while his O names only the district's or
         * province's committee above it ("Chủ tịch UBND xã Thủy An", O=UBND
         * huyện Phú Vang, no OU: how a CA files a commune official under
         * its district) is the commune's too; an O or OU naming another
         * commune's committee keeps him another agency's. */
        if (m != KC_AGENCY_OTHER && (t == KC_AGENCY_OTHER || (t == KC_AGENCY_OWN && m == KC_AGENCY_UNKNOWN)))
            m = t;
        else if (m == KC_AGENCY_OTHER && t == KC_AGENCY_OWN && !names_commune(sig->signer) &&
                 !names_commune(sig->unit) && !names_commune(sig->organization))
            m = KC_AGENCY_OWN;
        free(folded);
    }
    if (match)
        *match = m;
    /* "A signature counts for a commune only if its certificate belongs to
     * that commune's agency" (the brief): a leader's or organisation's of
     * another agency never does, nor a person's whose certificate files him
     * under another commune's committee (Thủy An's clerk signing Thủy Bằng's
     * document).  A person filed only under a district's or province's
     * committee is not told apart from the commune's own staff: counted. */
    return !(m == KC_AGENCY_OTHER && (sig->role == KC_ROLE_ORG || sig->role == KC_ROLE_LEADER ||
                                      names_commune(kc_agency_committee_field(sig)) || names_commune(sig->signer)));
}

bool kc_agency_counts_at(const char *commune_text, const char *district, const char *province, bool from_name,
                         const kc_sig_info *sig, kc_agency_match *match)
{
    kc_agency_match m;
    bool counts = kc_agency_counts(commune_text, from_name, sig, &m);
    /* An authority named as the district that is a province ("UBND tỉnh
     * Thừa Thiên Huế": since July 2025 communes report to it) is the province. */
    if (district && !(province && *province) && names_province(district)) {
        province = district;
        district = NULL;
    }
    const char *d[1] = {district}, *p[1] = {province};
    kc_agency_places places = {d, district && *district ? 1 : 0, p, province && *province ? 1 : 0};
    if (m == KC_AGENCY_OWN && (places.ndistricts || places.nprovinces) && kc_agency_sig_place_differs(&places, sig)) {
        m = KC_AGENCY_OTHER;
        counts = false; /* the namesake commune's, whoever signed */
    }
    if (match)
        *match = m;
    return counts;
}

bool kc_agency_names_committee(const char *field)
{
    char *f = field ? kc_text_fold(field) : NULL;
    const char *s = f;
    bool yes = f && skip(&s, committee, 2) >= 0;
    free(f);
    return yes;
}

char *kc_agency_commune_in_name(const char *name)
{
    char *f = name ? kc_text_fold(name) : NULL, *out = NULL;
    if (!f)
        return NULL;
    /* "xa-thuy-an", "So_di_xa_Thuy_An_2021": separators are spaces. */
    for (char *p = f; *p; p++)
        if (*p == '-' || *p == '_' || *p == '.' || *p == '+')
            *p = ' ';
    char **w = g_strsplit(f, " ", -1);
    for (size_t i = 0; w[i] && !out; i++) {
        int unit = -1;
        if (strcmp(w[i], "xa") == 0)
            unit = 0;
        else if (strcmp(w[i], "phuong") == 0)
            unit = 1;
        else if (strcmp(w[i], "thi") == 0 && w[i + 1] && strcmp(w[i + 1], "tran") == 0)
            unit = 2, i++;
        if (unit < 0)
            continue;
        GString *g = g_string_new(NULL);
        for (size_t k = i + 1; w[k] && (!*w[k] || !g_ascii_isdigit(w[k][0])); k++)
            if (*w[k])
                g_string_append_printf(g, "%s%s", g->len ? " " : "", w[k]);
        if (g->len)
            out = g_strdup_printf("%s%s", units[unit], g->str); /* units end with a space */
        g_string_free(g, TRUE);
    }
    g_strfreev(w);
    free(f);
    return out;
}

char *kc_agency_of_commune(const char *commune_text)
{
    commune c = {0};
    char *nfc = NULL, *out = NULL;
    const char *name;
    size_t skipped;

    if (!commune_text || !parse_commune(&c, commune_text) || !(nfc = kc_text_nfc(commune_text)))
        goto out;
    /* The name as written: drop as many leading words as the folded form
     * lost to "UBND" and the unit (folding keeps the word count). */
    skipped = 0;
    for (const char *p = c.folded; p < c.name; p++)
        skipped += *p == ' ';
    name = nfc;
    while (*name == ' ')
        name++;
    for (size_t w = 0; w < skipped && name; w++) {
        name = strchr(name, ' ');
        while (name && *name == ' ')
            name++;
    }
    if (name && *name) {
        size_t len = strlen(name) + 32;
        if ((out = malloc(len)))
            snprintf(out, len, "UBND %s %s", unit_words[c.unit >= 0 ? c.unit : 0], name);
    }
out:
    free(c.folded);
    g_free(c.spelled);
    free(nfc);
    return out;
}

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
static char *fold_places(const char *field)
{
    static const struct { const char *abbr, *full; } level[] = {
        {"h", "huyen"}, {"tx", "thi xa"}, {"q", "quan"}, {"tp", "thanh pho"}, {"t", "tinh"},
    };
    char *f = field ? kc_text_fold(field) : NULL;
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

/* Whether field names a province by its level's word ("UBND tỉnh …", "tỉnh …"). */
static bool names_province(const char *field)
{
    char *f = kc_text_fold(field);
    const char *s = f;
    bool yes = false;
    if (f) {
        skip(&s, committee, 2);
        yes = skip(&s, province_words, 1) == 0 && *s;
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
    skip(&s, committee, 2);
    skip(&s, levels, n);
    out = *s ? strdup(s) : NULL;
    free(f);
    return out;
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
static bool bare_differs(const char *part, const char *own, const kc_agency_places *p)
{
    if (!*part || !p->ndistricts || (own && strcmp(part, own) == 0))
        return false;
    for (const char *q = part; *q; q++)
        if (!g_ascii_isalpha(*q) && *q != ' ')
            return false; /* not a place's name: digits, marks */
    return !among(part, p->districts, p->ndistricts, district_words, 6) &&
           !among(part, p->provinces, p->nprovinces, province_words, 4);
}

/* Each part of a common name or organisation ("UBND xã Tân An, huyện Châu
 * Thành, tỉnh Long An"; O "UBND huyện Châu Thành") that names a district or a
 * province must be one the dossier names, when it names any of that level;
 * a later part (or, bare_first, any: a localityName) that names a place
 * without a level's word must be one of them too (bare_differs). */
static bool field_differs_bare(const char *field, const kc_agency_places *p, bool bare_first);

static bool field_differs(const char *field, const kc_agency_places *p)
{
    return field_differs_bare(field, p, false);
}

static bool field_differs_bare(const char *field, const kc_agency_places *p, bool bare_first)
{
    char *f = field ? fold_places(field) : NULL;
    bool differs = false;
    if (!f)
        return false;
    for (char *c = f; *c; c++)
        if (*c == ',' || *c == '(' || *c == ')' || *c == ';')
            *c = '-';
    char **parts = g_strsplit(f, "-", -1);
    char *own = NULL;
    for (size_t i = 0; parts[i] && !differs; i++) {
        char *part = g_strstrip(parts[i]);
        const char *s = part;
        int level;
        skip(&s, committee, 2);
        if (!*s)
            continue;
        if (skip(&s, units, 3) >= 0) {
            if (!own && *s)
                own = g_strdup(s); /* the commune this field names */
            continue;
        }
        const char *rest = s;
        if ((i > 0 || bare_first) && g_str_equal(s, part) && skip(&rest, district_words, 6) < 0 &&
            skip(&rest, province_words, 1) < 0 && bare_differs(part, own, p)) {
            differs = true;
            continue;
        }
        if ((level = skip(&s, district_words, 6)) >= 0 && *s) {
            bool city = level == 3 || level >= 4; /* thành phố: a district-level or a provincial city */
            bool d = p->ndistricts && among(s, p->districts, p->ndistricts, district_words, 6);
            bool pr = city && p->nprovinces && among(s, p->provinces, p->nprovinces, province_words, 4);
            differs = city ? (p->ndistricts || p->nprovinces) && !d && !pr : p->ndistricts && !d;
        } else if (skip(&s, province_words, 1) >= 0 && *s)
            differs = p->nprovinces && !among(s, p->provinces, p->nprovinces, province_words, 4);
    }
    g_strfreev(parts);
    g_free(own);
    free(f);
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

bool kc_agency_sig_place_differs(const kc_agency_places *p, const kc_sig_info *sig)
{
    return kc_agency_place_differs(p, sig->signer, sig->organization, sig->province) ||
           field_differs(sig->unit, p) || field_differs_bare(sig->locality, p, true) || field_differs(sig->title, p) ||
           field_differs(sig->street, p); /* an address: its places by their level's word only */
}

/* ---- who may draw after a leader's or an organisation's signature ---------------- */

/* The districts and provinces one field names, folded with their level's
 * word, added to ds and ps.  A city ("thành phố X") may be of either level:
 * it decides nothing here. */
static void places_in(const char *field, GPtrArray *ds, GPtrArray *ps)
{
    char *f = field ? fold_places(field) : NULL;
    if (!f)
        return;
    for (char *c = f; *c; c++)
        if (*c == ',' || *c == '(' || *c == ')' || *c == ';')
            *c = '-';
    char **parts = g_strsplit(f, "-", -1);
    for (size_t i = 0; parts[i]; i++) {
        const char *s = g_strstrip(parts[i]), *named;
        int level;
        skip(&s, committee, 2);
        named = s;
        if ((level = skip(&s, district_words, 6)) >= 0) {
            if (*s && level < 3)
                g_ptr_array_add(ds, g_strdup(named));
        } else if (skip(&s, province_words, 1) >= 0 && *s) {
            g_ptr_array_add(ps, g_strdup(named));
        }
    }
    g_strfreev(parts);
    free(f);
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
        char *f = fold_places(sig->locality);
        char **parts = f ? g_strsplit_set(f, ",;()-", -1) : NULL;
        for (size_t i = 0; parts && parts[i] && !yes; i++) {
            const char *s = g_strstrip(parts[i]);
            yes = *s && (among(s, p->districts, p->ndistricts, district_words, 6) ||
                         among(s, p->provinces, p->nprovinces, province_words, 4));
        }
        g_strfreev(parts);
        free(f);
    }
    g_ptr_array_unref(ds);
    g_ptr_array_unref(ps);
    return yes;
}

/* The commune's committee a field names, without what may follow it ("UBND
 * xã Thủy An - huyện Phú Vang"), or NULL when it names none (a district's,
 * or nothing). */
static char *commune_named(const char *field)
{
    char *found = field ? g_strdup(field) : NULL;
    char *cut = found ? strpbrk(found, ",(") : NULL;
    if (cut)
        *cut = '\0';
    if (found && (cut = strstr(found, " - ")))
        *cut = '\0';
    if (found && kc_agency_of_signer(found, false, found, NULL) != KC_AGENCY_OWN) {
        g_free(found);
        found = NULL;
    }
    return found;
}

/* The committee a leader's title names ("Chủ tịch UBND xã Thủy An" → "ubnd
 * xa thuy an", folded, pointing into *folded), or NULL. */
static const char *title_committee(const kc_sig_info *sig, char **folded)
{
    /* Case-folded with its diacritics first, so that the commune's name is
     * compared spelled ("Chủ tịch UBND xã Thúy An" is not Thủy An's); a title
     * a roles file or --leader-title made a leader's may be written without. */
    static const char *const heads[] = {"phó chủ tịch ", "chủ tịch ", "pho chu tich ", "chu tich "};
    *folded = sig->role == KC_ROLE_LEADER && sig->title ? kc_text_casefold(sig->title) : NULL;
    for (int pass = 0; pass < 2 && *folded; pass++) {
        for (size_t i = 0; i < G_N_ELEMENTS(heads); i++)
            if (g_str_has_prefix(*folded, heads[i]))
                return *folded + strlen(heads[i]);
        if (pass == 0) {
            char *f = kc_text_fold(*folded);
            free(*folded);
            *folded = f;
        }
    }
    return NULL;
}

bool kc_agency_may_draw_after(const kc_sig_info *earlier, const kc_sig_info *later)
{
    /* What names a committee: an organisation's CN; a leader's OU or O
     * (kc_agency_committee_field) and title ("Chủ tịch UBND xã Thủy An",
     * whose O may name the district) — earlier's and later's alike. */
    char *title = NULL, *later_title = NULL;
    const char *named[2] = {earlier->role == KC_ROLE_ORG ? earlier->signer : kc_agency_committee_field(earlier),
                            title_committee(earlier, &title)};
    const char *later_committee = kc_agency_committee_field(later), *later_named = title_committee(later, &later_title);
    bool ok = kc_agency_same_places(earlier, later), some_commune = false;
    for (int k = 0; k < 2 && ok; k++) {
        char *own = commune_named(named[k]);
        some_commune |= own != NULL;
        ok = !own || kc_agency_of_signer(own, false, later->signer, later_committee) == KC_AGENCY_OWN ||
             (later_named && kc_agency_of_signer(own, false, later_named, NULL) == KC_AGENCY_OWN);
        g_free(own);
    }
    /* A district's committee (no commune named): later names a People's
     * Committee at all (a company branch, "Chi nhánh …", an organisation to
     * the roles, names none).  Nothing named: the roles and places decide. */
    if (ok && !some_commune && (kc_agency_names_committee(named[0]) || kc_agency_names_committee(named[1])))
        ok = kc_agency_names_committee(later->signer) || kc_agency_names_committee(later_committee) ||
             kc_agency_names_committee(later_named);
    free(title);
    free(later_title);
    return ok;
}
