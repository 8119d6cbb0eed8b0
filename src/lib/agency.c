/* agency.c: which People's Committee a certificate belongs to (agency.h).
 *
 * Everything is compared folded (kc_text_fold: lower case, no tone marks,
 * đ → d, single spaces), word by word: the People's Committee ("UBND",
 * "Ủy ban nhân dân"), the commune-level unit (xã, phường, thị trấn), then the
 * commune's own name, which must end there or be followed by a separator
 * before the district or province; that name is then compared with its
 * diacritics too, unless either side was typed without any mark
 * (kc_agency_spelt_alike, the rule the desk and index's entries follow). */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agency.h"
#include "agency_internal.h"
#include "memo.h"
#include "names.h"
#include "kiemchung/roles.h"
#include "text.h"

const char *const kc_agency_committee[2] = {"ubnd ", "uy ban nhan dan "};
const char *const kc_agency_units[KC_AGENCY_UNITS] = {"xa ", "phuong ", "thi tran ", "dac khu "};
const char *const kc_agency_chairs[KC_AGENCY_CHAIRS] = {"pho chu tich thuong truc ", "pho chu tich ", "chu tich ",
                                                        "p. chu tich ", "p.chu tich ", "pho ct ", "pct "};
static const char *const unit_words[KC_AGENCY_UNITS] = {"xã", "phường", "thị trấn", "đặc khu"};

/* Skips a word of list at the start of s; its index, or -1. */
int kc_agency_skip(const char **s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strncmp(*s, list[i], strlen(list[i])) == 0) {
            *s += strlen(list[i]);
            return (int)i;
        }
    return -1;
}

typedef struct commune {
    char *text;        /* as given, its kind spelled out (kc_agency_spell_written) */
    char *folded;      /* owns the string name points into */
    const char *name;  /* "thuy an" */
    int unit;          /* index in units, or -1 when not given */
    char *spelled;     /* the name case-folded with its diacritics ("thủy an"), or NULL */
    char *typed;       /* as typed: "X. Thanh An" carries no mark, "Xã Thanh An" does */
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

/* Frees what parse_commune made. */
static void commune_clear(commune *c)
{
    g_free(c->text);
    free(c->folded);
    g_free(c->spelled);
    g_free(c->typed);
}

/* text read as a commune's name; "X. Hiệp Hòa" is "xã Hiệp Hòa", as the desk
 * reads it.  Cleared by commune_clear, whatever it returns. */
static bool parse_commune(commune *c, const char *text)
{
    const char *s;
    c->text = kc_agency_spell_written(text);
    c->typed = g_strdup(text);
    c->folded = c->text ? kc_text_fold(c->text) : NULL;
    if (!c->folded)
        return false;
    s = c->folded;
    kc_agency_skip(&s, kc_agency_committee, 2);
    c->unit = kc_agency_skip(&s, kc_agency_units, KC_AGENCY_UNITS);
    c->name = s;
    c->spelled = *s ? spelled_words(c->text, words_between(c->folded, s), SIZE_MAX) : NULL;
    return *s != '\0';
}

/* The unit a field names ("ubnd xa thuy an, huyen phu vang" → unit 0, "thuy
 * an"), in a new string; NULL when it names no commune-level People's
 * Committee. */
static char *named_unit(const char *written, int *unit, char **spelled)
{
    /* "UBND X. Hiệp Hòa" is "UBND xã Hiệp Hòa", as the desk reads it (a seal
     * certificate so named was another commune's to `seal`, rtcert13); "UBND
     * xã Thủy An huyện Phú Vang" is Thủy An's, of Phú Vang (rtcert10) */
    char *spelt = kc_agency_spell_written(written);
    char *field = kc_agency_mark_levels(spelt);
    char *f = field ? kc_text_fold(field) : NULL, *name = NULL;
    const char *s = f;
    if (!f) {
        g_free(spelt);
        g_free(field);
        return NULL;
    }
    if (kc_agency_skip(&s, kc_agency_committee, 2) >= 0 && (*unit = kc_agency_skip(&s, kc_agency_units, KC_AGENCY_UNITS)) >= 0) {
        /* The name ends at the end, or at a separator before the district or province. */
        size_t n = 0;
        while (s[n] && s[n] != ',' && strncmp(s + n, " -", 2) != 0 && strncmp(s + n, " (", 2) != 0 &&
               strncmp(s + n, " \xe2\x80\x93", 4) != 0 /* en dash */)
            n++;
        name = n ? strndup(s, n) : NULL;
        /* "UBND xã Thủy An - Hội Nông dân" names the Farmers' Association
         * under the committee's name: what follows the name may be its
         * places, not a body (rtcert7). */
        if (name && kc_agency_names_body_after(spelt)) {
            free(name);
            name = NULL;
        }
        if (name && spelled)
            *spelled = spelled_words(field, words_between(f, s), words_between(name, name + n) + 1);
    }
    free(f);
    g_free(field);
    g_free(spelt);
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
               ((strcmp(name, c->name) == 0 && kc_agency_spelt_alike(spelled, field, c->spelled, c->typed)) ||
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
    commune_clear(&c);
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

static kc_memo of_signer_memo = KC_MEMO_INIT(OF_SIGNER_ENTRIES);

kc_agency_match kc_agency_of_signer(const char *commune_text, bool from_name, const char *common_name,
                                    const char *organization)
{
    GString *k = g_string_new(from_name ? "n|" : "o|");
    kc_memo_key_part(k, commune_text);
    kc_memo_key_part(k, common_name);
    kc_memo_key_part(k, organization);
    int known;
    kc_agency_match m;
    if (k->len > OF_SIGNER_KEY_MAX)
        m = of_signer(commune_text, from_name, common_name, organization);
    else if (kc_memo_int_get(&of_signer_memo, k->str, &known))
        m = (kc_agency_match)known;
    else
        kc_memo_int_put(&of_signer_memo, k->str, (int)(m = of_signer(commune_text, from_name, common_name, organization)));
    g_string_free(k, TRUE);
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

/* Whether a field names a commune-level People's Committee (UBND xã …), of any commune. */
static bool names_commune(const char *field)
{
    int unit = -1;
    char *name = named_unit(field, &unit, NULL);
    bool yes = name != NULL;
    free(name);
    return yes;
}

char *kc_agency_place_as_committee(const char *value)
{
    /* The places kc_roles_files_committee takes for a commune in an O (its
     * folded prefixes): "Xã Thủy Vân" is Thủy Vân, whose committee a public
     * CA checked; read as "UBND xã Thủy Vân" it is compared as one. */
    /* Its kind as clerks and CAs abbreviate it ("X. Thủy An", "P. 5", "TT.
     * Phú Đa"), read as the desk and a committee's name are read
     * (kc_agency_spell_written): the clerk filed under "O=X. Thủy An" was
     * filed under no commune, 0/1 for Thủy An (rtcert17). */
    static const char *const units[] = {"xa ", "phuong ", "thi tran ", "dac khu "};
    char *spelt = value ? kc_agency_spell_written(value) : NULL;
    char *f = spelt ? kc_text_fold(spelt) : NULL, *as = NULL;
    for (size_t i = 0; f && !as && i < G_N_ELEMENTS(units); i++)
        if (g_str_has_prefix(f, units[i]) && f[strlen(units[i])])
            as = g_strconcat("UBND ", spelt, NULL);
    free(f);
    g_free(spelt);
    return as;
}

bool kc_agency_names_commune(const char *field)
{
    return names_commune(field);
}

bool kc_agency_files_other_commune(const char *commune_text, bool from_name, const kc_sig_info *sig, char **other)
{
    /* A CA checks the O (a public CA's rule; the VGCA's files the commune
     * under it): "CN=UBND xã Thủy An" under "O=UBND xã Thủy Vân" is Thủy Vân's
     * committee's certificate, its CN the text it wrote, and so is one whose OU
     * names Thủy Vân's committee under the district's O (rtcert6: each counted
     * as Thủy An's and sealed its dossier).  Every value of O and OU that names
     * a commune's committee must name this one. */
    const char *fields[2] = {sig->organization, sig->unit};
    bool yes = false;
    if (other)
        *other = NULL;
    for (int f = 0; f < 2 && !yes && commune_text; f++) {
        char **values = fields[f] ? g_strsplit(fields[f], KC_NAME_VALUE_SEP, -1) : NULL;
        /* and so is the body one names after the committee's name ("OU=UBND
         * xã Thủy An - Hội Nông dân", rtcert7) */
        for (size_t i = 0; values && values[i] && !yes; i++) {
            /* and a commune named as a place, by its kind's word ("O=Xã Thủy
             * Vân"), which vouches for the committee a CN, OU or title names
             * as a committee in O does: "CN=UBND xã Thủy An" under it sealed
             * Thủy An's dossier, its chairman led Thủy An (rtcert16) */
            char *as = kc_agency_place_as_committee(values[i]);
            const char *v = as ? as : values[i];
            if ((names_commune(v) && kc_agency_of_signer(commune_text, from_name, v, NULL) != KC_AGENCY_OWN) ||
                (kc_agency_names_committee(v) && kc_agency_names_body_after(v))) {
                yes = true;
                if (other)
                    *other = g_strdup(values[i]);
            }
            g_free(as);
        }
        g_strfreev(values);
    }
    return yes;
}

/* Whether a leader's common name names a commune's committee other than
 * commune_text's, wherever in it ("Nguyễn Văn A - UBND xã Thủy Vân", "Chủ
 * tịch UBND xã Thủy Vân"): viewers show the common name as the signer, so
 * his OU naming Thủy An does not make him Thủy An's (rtcert9). */
static bool name_names_other_commune(const char *commune_text, bool from_name, const char *common_name)
{
    char *cf = common_name ? kc_text_casefold(common_name) : NULL;
    char **w = cf ? g_strsplit(cf, " ", -1) : NULL;
    bool yes = false;
    for (size_t i = 0; w && w[i] && !yes; i++) {
        char *tail = g_strjoinv(" ", w + i), *cut = strpbrk(tail, ");]}");
        if (cut) /* "(Chủ tịch UBND xã Thủy An)": the name ends at its bracket */
            *cut = '\0';
        yes = names_commune(tail) && kc_agency_of_signer(commune_text, from_name, tail, NULL) != KC_AGENCY_OWN;
        g_free(tail);
    }
    g_strfreev(w);
    free(cf);
    return yes;
}

bool kc_agency_text_names_other_commune(const char *commune_text, const char *text)
{
    return name_names_other_commune(commune_text, false, text);
}

/* Whether a person's certificate files him under commune_text's committee
 * (kc_agency_person_commune).  Filed under the district's or province's
 * committee alone (O=UBND huyện Phú Vang, no OU, or OU=Văn phòng: the
 * district's office) he is the district's staff, and made any of its
 * communes' documents signed (criterion 20, rtcert16); filed by his title
 * alone ("Chuyên viên UBND xã Thủy An, huyện Phong Điền", no O) he was of
 * no known agency, so the places his title names were never compared with
 * the reviewer's district: *m becomes OWN for kc_agency_counts_at. */
static bool person_of_commune(const char *commune_text, bool from_name, const kc_sig_info *sig, kc_agency_match *m)
{
    char *committee = kc_agency_person_commune(sig);
    kc_agency_match k = committee ? kc_agency_of_signer(commune_text, from_name, committee, NULL) : KC_AGENCY_UNKNOWN;
    g_free(committee);
    if (k == KC_AGENCY_OWN && *m == KC_AGENCY_UNKNOWN)
        *m = KC_AGENCY_OWN;
    return k == KC_AGENCY_OWN;
}

bool kc_agency_counts(const char *commune_text, bool from_name, const kc_sig_info *sig, kc_agency_match *match)
{
    /* Under a root that is not the state's, "OU=UBND xã Thủy An" is what a
     * bank's customer CA wrote for whoever asked: it ties a person to no
     * commune, as it makes no leader (cms_anchor.c; rtcert22: a person so
     * filed made Thủy An's document signed, criterion 20 1/1). */
    if (commune_text && sig->subject_unvouched) {
        if (match)
            *match = KC_AGENCY_OTHER;
        return false;
    }
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
    /* An organisation whose own name is an agency's and not this commune's
     * committee ("Sở Nội vụ tỉnh Thừa Thiên Huế", "Công an xã Thủy An") is
     * that agency (kc_agency_committee_field), which seal already refused;
     * naming no commune's committee it was read as of no known agency and
     * counted, a province department's signature making Thủy An's document
     * signed (rtcert14). */
    if (m == KC_AGENCY_UNKNOWN && commune_text && sig->role == KC_ROLE_ORG && !kc_agency_committee_field(sig))
        m = KC_AGENCY_OTHER;
    /* A person's certificate filed under no People's Committee (a citizen's,
     * a company's, the Farmers' Association's, one no one can read) is no
     * agency's a reader can name: it made any commune's document signed
     * (rtcert15, agency_person.c). */
    bool person_elsewhere = commune_text && sig->role == KC_ROLE_PERSON &&
                            (!kc_agency_person_filed(sig) || name_names_other_commune(commune_text, from_name, sig->title) ||
                             !person_of_commune(commune_text, from_name, sig, &m));
    if (person_elsewhere)
        m = KC_AGENCY_OTHER; /* and one whose title files him under another commune ("Chuyên viên UBND xã Thủy Vân") */
    if (m == KC_AGENCY_OWN && (kc_agency_files_other_commune(commune_text, from_name, sig, NULL) ||
                               kc_agency_districts_disagree(sig) ||
                               (sig->role == KC_ROLE_LEADER && name_names_other_commune(commune_text, from_name, sig->signer))))
        m = KC_AGENCY_OTHER;
    if (match)
        *match = m;
    /* "A signature counts for a commune only if its certificate belongs to
     * that commune's agency" (the brief): a leader's or organisation's of
     * another agency never does, nor a person's whose certificate files him
     * under another commune's committee (Thủy An's clerk signing Thủy Bằng's
     * document), nor one filed under no committee at all, nor one filed
     * only under a district's or province's committee (its staff, rtcert16:
     * person_of_commune). */
    return !(m == KC_AGENCY_OTHER && (sig->role == KC_ROLE_ORG || sig->role == KC_ROLE_LEADER ||
                                      names_commune(kc_agency_committee_field(sig)) || names_commune(sig->signer) ||
                                      person_elsewhere));
}

bool kc_agency_counts_at(const char *commune_text, const char *district, const char *province, bool from_name,
                         const kc_sig_info *sig, kc_agency_match *match)
{
    kc_agency_match m;
    bool counts = kc_agency_counts(commune_text, from_name, sig, &m);
    /* An authority named as the district that is a province ("UBND tỉnh
     * Thừa Thiên Huế": since July 2025 communes report to it) is the province. */
    if (district && !(province && *province) && kc_agency_names_province(district)) {
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

/* The places an authority's district and province name: a district that is a
 * province ("UBND tỉnh Thừa Thiên Huế") is the province. */
static kc_agency_places authority_places(const char **d, const char **p)
{
    if (*d && !(*p && **p) && kc_agency_names_province(*d)) {
        *p = *d;
        *d = NULL;
    }
    return (kc_agency_places){d, *d && **d ? 1 : 0, p, *p && **p ? 1 : 0};
}

bool kc_agency_sig_tied(const kc_sig_info *sig, const char *district, const char *province)
{
    const char *d[1] = {district}, *p[1] = {province};
    kc_agency_places places = authority_places(d, p);
    return kc_agency_sig_names_place(sig, &places);
}

bool kc_agency_sig_names_level(const kc_sig_info *sig, const char *district, const char *province,
                               bool *of_province)
{
    const char *d[1] = {district}, *p[1] = {province};
    kc_agency_places places = authority_places(d, p);
    bool dn = false, pn = false;
    if (of_province)
        *of_province = !places.ndistricts && places.nprovinces;
    if (!places.ndistricts && !places.nprovinces)
        return true;
    kc_agency_sig_levels(sig, &places, &dn, &pn);
    return (places.ndistricts && dn) || (places.nprovinces && pn);
}

bool kc_agency_names_committee(const char *field)
{
    char *f = field ? kc_text_fold(field) : NULL;
    const char *s = f;
    bool yes = f && kc_agency_skip(&s, kc_agency_committee, 2) >= 0;
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
        else if (strcmp(w[i], "dac") == 0 && w[i + 1] && strcmp(w[i + 1], "khu") == 0)
            unit = 3, i++;
        if (unit < 0)
            continue;
        GString *g = g_string_new(NULL);
        for (size_t k = i + 1; w[k] && (!*w[k] || !g_ascii_isdigit(w[k][0])); k++)
            if (*w[k])
                g_string_append_printf(g, "%s%s", g->len ? " " : "", w[k]);
        if (g->len)
            out = g_strdup_printf("%s%s", kc_agency_units[unit], g->str); /* units end with a space */
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

    if (!commune_text || !parse_commune(&c, commune_text) || !(nfc = kc_text_nfc(c.text)))
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
    commune_clear(&c);
    free(nfc);
    return out;
}

/* The commune's committee a field names, without what may follow it ("UBND
 * xã Thủy An - huyện Phú Vang"), or NULL when it names none (a district's,
 * or nothing). */
static char *commune_named(const char *field)
{
    char *found = kc_agency_mark_levels(field);
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
    static const char *const spelled[] = {"phó chủ tịch thường trực ", "phó chủ tịch ", "chủ tịch ", "p. chủ tịch ",
                                          "p.chủ tịch ", "phó ct ", "pct "};
    /* Up to "kiêm" (concurrently): another office its holder also has
     * follows ("Chủ tịch UBND xã Thủy An kiêm Bí thư Đảng ủy xã"), not the
     * committee's place (review33; in lower case only, as roles.c reads it). */
    /* Of a title holding several offices, the chairman's ("Phó Bí thư Đảng
     * ủy, Chủ tịch UBND xã Thủy Vân": Thủy Vân's; rtcert19), as roles.c read it. */
    char *office = sig->role == KC_ROLE_LEADER ? kc_title_leader_office(sig->title) : NULL;
    char *head = sig->role == KC_ROLE_LEADER && sig->title ? kc_text_nfc(office ? office : sig->title) : NULL,
         *kiem = NULL;
    g_free(office);
    if (head && !(kiem = strstr(head, " kiêm ")))
        kiem = strstr(head, " kiem ");
    if (kiem)
        *kiem = '\0';
    *folded = head ? kc_text_casefold(head) : NULL;
    g_free(head);
    for (int pass = 0; pass < 2 && *folded; pass++) {
        /* the spelled heads first, then the folded ones (kc_agency_chairs):
         * on the first pass a head typed without diacritics still matches */
        for (size_t i = 0; pass == 0 && i < G_N_ELEMENTS(spelled); i++)
            if (g_str_has_prefix(*folded, spelled[i]))
                return *folded + strlen(spelled[i]);
        for (size_t i = 0; i < KC_AGENCY_CHAIRS; i++)
            if (g_str_has_prefix(*folded, kc_agency_chairs[i]))
                return *folded + strlen(kc_agency_chairs[i]);
        if (pass == 0) {
            char *f = kc_text_fold(*folded);
            free(*folded);
            *folded = f;
        }
    }
    return NULL;
}

bool kc_agency_may_draw_after_fresh(const kc_sig_info *earlier, const kc_sig_info *later)
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
        /* and an O or OU naming another commune's committee makes it that one's */
        ok = ok && (!own || !kc_agency_files_other_commune(own, false, later, NULL));
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
