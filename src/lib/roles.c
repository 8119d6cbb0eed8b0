/* roles.c: who a signer is for criteria 20–22 (leader, organisation, person).
 *
 * Criterion 21 counts documents signed by a leader, so the role decides a ratio the province
 * scores, and a wrong "leader" is as bad as a forged signature.  A roles file the clerk keeps
 * wins: certificate fingerprints (safest), issuer + serial (a serial alone names nothing: another
 * CA may issue the same number), or common names compared with their diacritics ("Nguyễn Văn Ân"
 * is not "Nguyễn Văn An").  Otherwise the certificate decides: a title (OID 2.5.4.12) that is
 * exactly Chủ tịch or Phó Chủ tịch, optionally of the People's Committee ("Chủ tịch UBND xã Thủy
 * An"), makes a leader ("Chủ tịch Công đoàn xã" does not), and, without a title, a common name
 * naming an agency makes the organisation.  Titles and names compare after NFC and case folding
 * only (kc_text_casefold); agency words, typed every which way, after full folding (kc_text_fold). */
#include <ctype.h>
#include <errno.h>
#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agency.h"
#include "i18n.h"
#include "kiemchung/roles.h"
#include "names.h"
#include "text.h"
#include "roles_internal.h"
#include "util.h"

/* The words that start an agency's name, case-folded with their diacritics
 * (both tone placements of "ủy"/"uỷ"), and compared so: folded without them,
 * "Bàn Văn Hùng" (a Dao family name), "Bồ Văn Tài" and "Đặng Uy Vũ" read as
 * "Ban …", "Bộ …" and "Đảng ủy …", and a person's certificate became the
 * organisation's, which seals.  A name written without any diacritics ("UBND
 * xa Thuy An", as some certificates are) is compared with the words without
 * them. */
static const char *const agency_words[] = {
    "ubnd", "ủy ban nhân dân", "uỷ ban nhân dân", "ủy ban", "uỷ ban", "hđnd", "hội đồng nhân dân",
    "sở", "phòng", "văn phòng", "trung tâm", "công an", "bộ", "cục", "chi cục", "tổng cục", "ban",
    "đảng ủy", "đảng uỷ", "kho bạc", "trạm y tế", "bệnh viện", "chi nhánh",
};

/* The built-in leader titles and what may follow them, case-folded NFC with
 * diacritics: "chủ tịch" [ubnd|ủy ban nhân dân <level> <place>] ("ủy"/"uỷ"
 * alike); the deputy's also as offices abbreviate it, read as the full title
 * (rtcert11: the honest deputy was a person), as agency*.c read heads. */
/* A standing deputy ("Phó Chủ tịch Thường trực") is a deputy: the heads
 * with it come first, so that what follows them is read as the committee. */
static const char *const leader_heads[] = {"phó chủ tịch thường trực", "chủ tịch", "phó chủ tịch", "p. chủ tịch",
                                           "p.chủ tịch", "phó ct", "pct"};
static const char *const committees[] = {"ubnd", "ủy ban nhân dân", "uỷ ban nhân dân"};
/* A district's level abbreviated as registers and an O write it ("UBND H. Phú
 * Vang", "TX. Hương Thủy", "TP.Huế", "Q. 3"; agency_spelled.c reads them so
 * in O and OU): in a title the district's chairman was a person, the row
 * naming his common name as the other agency (rtcert19).  "tp." first. */
static const char *const levels[] = {"xã", "phường", "thị trấn", "đặc khu", "huyện", "quận", "thị xã",
                                     "thành phố", "tp.", "tp", "tỉnh", "h.", "tx.", "q."};

/* The letters of Vietnamese, case-folded, beyond ASCII: a title holding any
 * other letter or mark (a combining stroke, a Cyrillic look-alike) is not one
 * Vietnamese writes. */
static const char vietnamese_letters[] =
    "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ";

void kc_roles_free(kc_roles *roles)
{
    if (!roles)
        return;
    g_ptr_array_unref(roles->titles);
    for (size_t i = 0; i < roles->rules->len; i++) {
        free(g_array_index(roles->rules, rule, i).key);
        free(g_array_index(roles->rules, rule, i).issuer);
    }
    g_array_free(roles->rules, TRUE);
    kc_memo_free(&roles->memo);
    free(roles);
}

int kc_roles_add_leader_title(kc_roles *roles, const char *title, kc_error *err)
{
    char *folded = NULL;

    if (!roles || !title)
        return kc_error_set(err, KC_EINVAL, "%s", _("no roles or title"));
    folded = kc_text_casefold(title);
    if (!folded)
        return kc_error_set(err, KC_EINVAL, "%s", _("a leader title is not valid UTF-8"));
    if (!*folded) {
        free(folded);
        return kc_error_set(err, KC_EINVAL, "%s", _("a leader title is empty"));
    }
    g_ptr_array_add(roles->titles, folded);
    kc_memo_forget(&roles->memo);
    return 0;
}

int kc_roles_new(kc_roles **out, kc_error *err)
{
    kc_roles *r;

    if (!out)
        return kc_error_set(err, KC_EINVAL, "%s", _("no place for the roles"));
    r = g_new0(kc_roles, 1);
    r->titles = g_ptr_array_new_with_free_func(g_free);
    r->rules = g_array_new(FALSE, FALSE, sizeof(rule));
    kc_memo_init(&r->memo, ROLES_MEMO_ENTRIES);
    *out = r;
    return 0;
}

/* Whether folded s starts with folded word followed by the end or a
 * non-letter: "so" must match "so tu phap" but not "son la". */
static bool starts_with_word(const char *s, const char *word)
{
    size_t n = strlen(word);
    unsigned char next;

    if (strncmp(s, word, n) != 0)
        return false;
    next = (unsigned char)s[n];
    return next == '\0' || (next < 0x80 && !isalnum(next));
}

/* Hex digits of s without colons or spaces, upper case, leading zeros dropped
 * when strip_zeros (serials are integers; "00AB" and "AB" are one serial).
 * NULL when s holds anything else. */
char *kc_roles_normal_hex(const char *s, bool strip_zeros)
{
    char *out = malloc(strlen(s) + 2), *q = out;

    if (!out)
        return NULL;
    for (const char *p = s; *p; p++) {
        if (*p == ':' || *p == ' ')
            continue;
        if (!isxdigit((unsigned char)*p)) {
            free(out);
            return NULL;
        }
        *q++ = (char)toupper((unsigned char)*p);
    }
    *q = '\0';
    if (q == out) {
        free(out);
        return NULL;
    }
    if (strip_zeros) {
        char *p = out;
        while (p[0] == '0' && p[1])
            p++;
        memmove(out, p, strlen(p) + 1);
    }
    return out;
}

/* Whether a value of field (values joined by KC_NAME_VALUE_SEP) names a
 * People's Committee. */
static bool any_committee(const char *field)
{
    char **values = field ? g_strsplit(field, KC_NAME_VALUE_SEP, -1) : NULL;
    bool yes = false;
    for (size_t i = 0; values && values[i] && !yes; i++)
        yes = kc_agency_names_committee(values[i]);
    g_strfreev(values);
    return yes;
}

/* Whether a title names a People's Committee of a place in its words ("Q.
 * Chủ tịch UBND xã Thủy An"). */
static bool names_a_place(const char *body);

static bool title_names_committee(const char *title)
{
    char *f = title ? kc_text_fold(title) : NULL;
    bool yes = false;
    for (const char *p = f; p && *p && !yes; p = strchr(p, ' ') ? strchr(p, ' ') + 1 : NULL)
        yes = kc_agency_names_committee(p) && names_a_place(p);
    free(f);
    /* what follows the committee's name read with its diacritics (rtcert7): "- Phòng
     * Tư pháp" is a body, "- Phong Điền" a place */
    return yes && !kc_agency_names_body_after(title) && !kc_agency_qualified_after(title);
}

/* Whether the certificate names a People's Committee anywhere a body is
 * named: its CN, O, OU, or its title past "Chủ tịch"/"Phó Chủ tịch". */
static bool names_some_committee(const kc_signer_id *who)
{
    char *t = who->title ? kc_text_fold(who->title) : NULL;
    bool yes = any_committee(who->common_name) || any_committee(who->organization) || any_committee(who->unit);
    for (size_t i = 0; t && !yes && i < KC_AGENCY_CHAIRS; i++)
        if (g_str_has_prefix(t, kc_agency_chairs[i]))
            yes = kc_agency_names_committee(t + strlen(kc_agency_chairs[i]));
    free(t);
    return yes;
}

/* Whether the certificate is of no company or association: its O, when it
 * has one, is a People's Committee or a place (kc_roles_files_committee).  A public CA
 * checks the O and takes the title, OU and CN as the company writes them: a
 * title "Chủ tịch UBND xã Thủy An" under "O=Công ty TNHH …" is the company's
 * text, not the committee's chairman. */
static bool of_state_body(const kc_signer_id *who)
{
    return !who->organization || !*who->organization || kc_roles_files_committee(who->organization);
}

/* The roles file: the most specific match wins (fingerprint, then issuer +
 * serial, then common name), whatever the line order.  A name is many
 * people's ("Nguyễn Văn An"): a name line makes a leader or the organisation
 * only of a certificate that names a People's Committee (whose commune the
 * agency rules then check); a citizen's namesake, or the Farmers'
 * Association's (O=Hội Nông dân xã …), counted as the chairman.  Nor the org of a natural
 * person's (person_mark): "UBND xã Thủy An,org" made a citizen's seal (rtcert11). */
static const rule *match_file(const kc_roles *roles, const kc_signer_id *who)
{
    /* No roles file (the usual run): nothing to fold or look up. */
    if (roles->rules->len == 0)
        return NULL;
    char *fpr = who->fingerprint_sha256 ? kc_roles_normal_hex(who->fingerprint_sha256, false) : NULL;
    char *serial = who->serial_hex ? kc_roles_normal_hex(who->serial_hex, true) : NULL;
    char *issuer = who->issuer ? kc_text_casefold(who->issuer) : NULL;
    char *cn = who->common_name ? kc_text_casefold(who->common_name) : NULL;
    const rule *found = NULL;
    /* Whether the certificate names a People's Committee of a state body:
     * worked out (~0.2 million instructions) only when a name line that
     * asks it matches; -1 until then. */
    int of_committee = -1;

    for (int pass = 0; pass < 3 && !found; pass++)
        for (size_t i = 0; i < roles->rules->len && !found; i++) {
            const rule *r = &g_array_index(roles->rules, rule, i);
            if (pass == 0 && r->kind == MATCH_FINGERPRINT && fpr && strcmp(r->key, fpr) == 0)
                found = r;
            else if (pass == 1 && r->kind == MATCH_ISSUER_SERIAL && serial && issuer && who->issuer_certain &&
                     strcmp(r->key, serial) == 0 && strcmp(r->issuer, issuer) == 0)
                found = r;
            else if (pass == 2 && r->kind == MATCH_CN && cn && !who->pseudonym && strcmp(r->key, cn) == 0 &&
                     !(r->role == KC_ROLE_ORG && who->person_mark)) {
                if (r->role != KC_ROLE_PERSON && of_committee < 0)
                    of_committee = names_some_committee(who) && of_state_body(who);
                if (r->role == KC_ROLE_PERSON || of_committee == 1)
                    found = r; /* a pseudonym's common name is whatever its holder chose */
            }
        }
    free(fpr);
    free(serial);
    free(issuer);
    free(cn);
    return found;
}

bool kc_roles_names_certificate(const kc_roles *roles, const kc_signer_id *who)
{
    const rule *r = roles && who ? match_file(roles, who) : NULL;
    return r && r->kind != MATCH_CN;
}

/* s (case-folded) begins with the words of phrase: returns what follows,
 * past one space, or NULL. */
static const char *after_phrase(const char *s, const char *phrase)
{
    size_t n = strlen(phrase);
    if (strncmp(s, phrase, n) != 0 || (s[n] != '\0' && s[n] != ' '))
        return NULL;
    return s[n] ? s + n + 1 : s + n;
}

/* After a level's word or abbreviation at s, or NULL: an abbreviation's full
 * stop may be followed by the name with no space ("TP.Huế", "H.Phú Vang"). */
static const char *after_level(const char *s, const char *level)
{
    size_t n = strlen(level);
    if (n && level[n - 1] == '.' && strncmp(s, level, n) == 0 && s[n] && s[n] != ' ')
        return s + n;
    return after_phrase(s, level);
}

static bool vietnamese_text(const char *t)
{
    for (const char *p = t; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        char one[8] = {0};
        if (c < 0x80) {
            if (!isalnum((int)c) && !strchr(" .,-()/", (int)c))
                return false;
            continue;
        }
        g_unichar_to_utf8(c, one);
        if (!strstr(vietnamese_letters, one))
            return false;
    }
    return true;
}

typedef enum leader_title { NOT_LEADER, LEADER_ALONE, LEADER_OF_COMMITTEE } leader_title;

/* Chủ tịch or Phó Chủ tịch, alone or of the People's Committee of a place
 * ("Chủ tịch UBND xã Thủy An", "Phó Chủ tịch Ủy ban nhân dân tỉnh"), and
 * nothing else: "Chủ tịch Công đoàn xã" and "Phó Chủ tịch Hội Nông dân" lead
 * other bodies, whose documents criterion 21 does not count. */
static leader_title leader_of_committee(const char *rest);

static leader_title builtin_leader_title(const char *t)
{
    if (!vietnamese_text(t))
        return NOT_LEADER;
    for (size_t h = 0; h < sizeof leader_heads / sizeof *leader_heads; h++) {
        const char *rest = after_phrase(t, leader_heads[h]);
        if (!rest)
            continue;
        if (!*rest)
            return LEADER_ALONE;
        /* The commune's kind as clerks abbreviate it ("Chủ tịch UBND X. Thủy
         * An", "… TT.Sịa"), spelled out as a certificate's O, OU and CN are
         * read (kc_agency_spell_written): the chairman so titled was a person,
         * criterion 21 0/1 for his own commune (rtcert18). */
        char *spelt = kc_agency_spell_written(rest), *cf = spelt ? kc_text_casefold(spelt) : NULL;
        leader_title lt = leader_of_committee(cf ? cf : rest);
        free(cf);
        g_free(spelt);
        if (lt != NOT_LEADER)
            return lt;
    }
    return NOT_LEADER;
}

char *kc_title_leader_office(const char *title)
{
    char **offices = kc_title_offices(title), *found = NULL;
    for (size_t i = 0; offices && offices[i] && !found; i++) {
        char *cf = kc_text_casefold(offices[i]);
        if (cf && builtin_leader_title(cf) != NOT_LEADER)
            found = g_strdup(offices[i]);
        free(cf);
    }
    g_strfreev(offices);
    return found;
}

/* What follows a leader's head (case-folded): the People's Committee of a
 * place, or of none. */
static leader_title leader_of_committee(const char *rest)
{
    const char *place;
    for (size_t c = 0; c < sizeof committees / sizeof *committees; c++) {
        if (!(place = after_phrase(rest, committees[c])))
            continue;
        /* "Chủ tịch UBND" or "Chủ tịch UBND xã" names no place: of
         * which committee is the OU's or O's to say, as for "Chủ tịch"
         * alone (naming none, he was a leader counted for every commune). */
        if (!*place)
            return LEADER_ALONE;
        for (size_t l = 0; l < sizeof levels / sizeof *levels; l++) {
            const char *name = after_level(place, levels[l]);
            /* "Chủ tịch UBND xã Thủy An - Hội Nông dân" chairs the body
             * named after the committee's name, not the committee: what
             * follows it may name its places only (rtcert7). */
            if (name && *name && kc_agency_names_body_after(name))
                return NOT_LEADER;
            if (name)
                return *name ? LEADER_OF_COMMITTEE : LEADER_ALONE;
        }
    }
    return NOT_LEADER;
}

/* Whether a committee's name (kc_agency_names_committee) goes on to name a
 * place, not only a level: "UBND xã" or "Ủy ban nhân dân huyện" is a
 * committee of no commune, and its chairman a leader counted for any. */
static bool names_a_place(const char *body)
{
    static const char *const bare[] = {"xa", "phuong", "thi tran", "dac khu", "huyen", "quan", "thi xa",
                                       "thanh pho", "tp.", "tp", "tinh", ""};
    char *f = kc_text_fold(body);
    const char *rest = f;
    bool yes = f != NULL;
    if (f && strncmp(rest, "ubnd ", 5) == 0)
        rest += 5;
    else if (f && strncmp(rest, "uy ban nhan dan ", 16) == 0)
        rest += 16;
    for (size_t i = 0; f && i < sizeof bare / sizeof *bare && yes; i++)
        yes = strcmp(rest, bare[i]) != 0;
    free(f);
    return yes;
}

/* Whether folded text names a company anywhere, as a word: "Công ty" and
 * its abbreviations, the legal forms (TNHH, cổ phần) and their English ones
 * (JSC, Co., Ltd).  A company's branch or representative office ("Chi nhánh
 * Cty TNHH …", "Văn phòng đại diện … Co., Ltd") starts with an agency's word,
 * and a company may be named after a place ("Thành phố Xanh JSC"): none is a
 * state body, and their O made the certificate's CN "UBND xã Thủy An" the
 * committee's organisation.  And in the spellings the word test alone
 * misses: run together ("CtyTNHH", "CtyCP", "TNHHMTV": an abbreviation
 * at a word's start, which no Vietnamese word begins with), joined by a dash
 * or an underscore ("Công-ty", "Công_ty"), or dotted letter by letter
 * ("C.T.Y", "T.N.H.H"): "Xã Thủy An CtyTNHH" was a state body, its
 * CN=UBND xã Thủy An sealed the commune's dossier. */
static bool marks_company(const char *f);

static bool names_company(const char *f)
{
    static const char *const heads[] = {"cty", "tnhh", "ctcp", "congty", "dntn"};
    char *spaced = strdup(f), *undotted = strdup(f);
    bool yes = spaced && undotted && marks_company(f);
    size_t k = 0;

    for (size_t i = 0; spaced && undotted && f[i]; i++) {
        if (f[i] == '-' || f[i] == '_')
            spaced[i] = ' ';
        /* a dot between two letters goes: "c.t.y" is "cty"; so does a slash,
         * as Vietnamese handwriting abbreviates Công ty: "C/ty" (rtcert5) */
        if (!((f[i] == '.' || f[i] == '/') && i > 0 && isalpha((unsigned char)f[i - 1]) &&
              isalpha((unsigned char)f[i + 1])))
            undotted[k++] = f[i];
    }
    if (undotted)
        undotted[k] = '\0';
    yes = yes || (spaced && undotted && (marks_company(spaced) || marks_company(undotted)));
    for (size_t i = 0; spaced && !yes && i < sizeof heads / sizeof *heads; i++)
        for (const char *p = strstr(spaced, heads[i]); p && !yes; p = strstr(p + 1, heads[i]))
            yes = p == spaced || !isalnum((unsigned char)p[-1]);
    free(spaced);
    free(undotted);
    return yes;
}

/* Whether folded text holds a company's word (marks), as a word: a digit may
 * follow it ("Cty1"), a letter may not ("Incheon" is no Inc.). */
static bool marks_company(const char *f)
{
    /* and the other spellings real names use: CTCP (công ty cổ phần), TMCP
     * (a joint-stock bank), "Công ti", "CôngTy", a group (tập đoàn), a
     * cooperative (HTX), Inc., LLC. */
    static const char *const marks[] = {"cong ty", "cty", "tnhh", "co phan", "jsc", "ltd", "company",
                                        "corp", "corporation", "dntn", "doanh nghiep tu nhan", "dn tu nhan",
                                        "ctcp", "tmcp", "cong ti", "congty", "tap doan", "htx", "hop tac xa",
                                        "inc", "llc", "hop danh", "c.ty", "c. ty", "limited", "plc", "co.",
                                        "xi nghiep", "lien doanh", "ho kinh doanh", "group",
                                        /* "C ty" spaced, the legal form in words (rtcert5) */
                                        "c ty", "trach nhiem huu han"};
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
        size_t n = strlen(marks[i]);
        for (const char *p = strstr(f, marks[i]); p; p = strstr(p + 1, marks[i]))
            if ((p == f || !isalnum((unsigned char)p[-1])) && !isalpha((unsigned char)p[n]))
                return true;
    }
    return false;
}

/* Whether a value that starts with a level's word ("Tỉnh", "Huyện", "Quận")
 * goes on to name a body of that level, not a place: the Youth Union
 * ("Huyện Đoàn Phú Vang"), the Party committee ("Huyện ủy"), an association
 * ("Tỉnh Hội Phụ nữ"), the military command ("Tỉnh đội").  Case-folded with
 * diacritics: "Huyện Đoan Hùng" is a district of Phú Thọ. */
static bool level_body(const char *value)
{
    static const char *const lvl[] = {"tỉnh ", "huyện ", "quận ", "tinh ", "huyen ", "quan "};
    static const char *const body[] = {"đoàn", "ủy", "uỷ", "hội", "đội", "uy", "hoi", "doi"};
    /* as a reader sees it: "Huyện ðoàn" (a small eth) is the Youth Union (rtcert8) */
    GString *seen = g_string_new(NULL);
    if (value && g_utf8_validate(value, -1, NULL)) /* once, not at every character */
        for (const char *p = value; *p; p = g_utf8_next_char(p)) {
            gunichar c = g_utf8_get_char(p), to = c >= 0x80 ? kc_name_lookalike(c) : 0;
            g_string_append_unichar(seen, to ? to : c);
        }
    char *cf = kc_text_casefold(seen->str);
    g_string_free(seen, TRUE);
    bool yes = false;
    for (size_t i = 0; cf && i < sizeof lvl / sizeof *lvl && !yes; i++)
        for (size_t k = 0; g_str_has_prefix(cf, lvl[i]) && k < sizeof body / sizeof *body && !yes; k++)
            yes = starts_with_word(cf + strlen(lvl[i]), body[k]);
    free(cf);
    return yes;
}

/* Whether every value of an O is a state body (agency), a People's Committee
 * (committee) or a place by its level's word, naming no company. */
static bool every_value(const char *org, bool agency)
{
    static const char *const places[] = {"tinh ", "thanh pho ", "tp ", "tp. ", "huyen ", "quan ", "thi xa ",
                                         "xa ", "phuong ", "thi tran "};
    char **values = g_strsplit(org, KC_NAME_VALUE_SEP, -1);
    bool yes = values[0] != NULL;
    for (size_t i = 0; values[i] && yes; i++) {
        /* a commune's kind read as clerks abbreviate it: "O=X. Thủy An" is xã
         * Thủy An, as "O=Xã Thủy An" is (rtcert17) */
        char *spelt = kc_agency_spell_written(values[i]), *sf = spelt ? kc_text_fold(spelt) : NULL;
        char *f = kc_text_fold(values[i]);
        bool place = false, body;
        for (size_t k = 0; sf && k < sizeof places / sizeof *places && !place; k++)
            place = g_str_has_prefix(sf, places[k]) && sf[strlen(places[k])];
        free(sf);
        g_free(spelt);
        /* and nothing but places after it: "Huyện Phú Vang - Hội Nông dân" is the association (rtcert8) */
        place = place && !level_body(values[i]) && !kc_agency_names_body_after(values[i]);
        body = agency ? kc_roles_names_agency(values[i])
                      : f && ((kc_agency_names_committee(values[i]) && !kc_agency_names_body_after(values[i])) ||
                              strcmp(f, "ubnd") == 0 || strcmp(f, "uy ban nhan dan") == 0);
        yes = f && (place || body) && !names_company(f);
        free(f);
    }
    g_strfreev(values);
    return yes;
}

/* Whether an organisation (O) is a state body or a place, every value of
 * it: an agency's name (UBND, Sở, Phòng, Công an, …: kc_roles_names_agency)
 * or a place by its level's word ("Tỉnh Thừa Thiên Huế"), naming no company
 * (names_company).  A company or an association in O is the body the
 * certificate is of (the legal person a public CA checked). */
bool kc_roles_state_body(const char *org)
{
    return every_value(org, true);
}

/* Whether an O is one a People's Committee's certificate is filed under: a
 * committee ("UBND huyện Phú Vang", "UBND" alone) or a place by its level's
 * word ("Tỉnh Thừa Thiên Huế", as the VGCA writes the province), naming no
 * company.  Any other body in O is the body the certificate is of, and its
 * OU, title or CN naming "UBND xã Thủy An" is a name that body gave (rtcert6):
 * a private notary's or lawyer's office ("Văn phòng công chứng …", "Văn phòng
 * luật sư …"), a private clinic ("Phòng khám …"), a language centre ("Trung
 * tâm …") start with an agency's word, the district's Youth Union ("Huyện
 * Đoàn …") or Party committee ("Huyện ủy …") with a level's, and each made a
 * leader or the commune's organisation, which sealed its dossier.  Even a
 * state body that is not a People's Committee (a Sở, the People's Council)
 * does not vouch for a committee's name: its certificates are its own. */
bool kc_roles_files_committee(const char *org)
{
    return every_value(org, false);
}

/* A title "Chủ tịch" alone says "chairman", not of what: the body is the
 * certificate's unit (OU) or, without one, its organisation (O), as the VGCA
 * writes them ("OU=UBND xã Thủy An, O=UBND huyện Phú Vang"), and it must be a
 * People's Committee (every value of it).  Otherwise he chairs something
 * else: the Farmers' Association ("O=Hội Nông dân xã Thủy An"), the People's
 * Council (HĐND), a company; or, naming no body at all, nothing the
 * certificate says, and a leader of no agency counted for every commune. */
static bool chairs_the_committee(const kc_signer_id *who)
{
    const char *body = who->unit && *who->unit ? who->unit : who->organization;
    char **values;
    bool yes = true;

    if (!body || !*body)
        return false;
    /* The OU is a unit of the O: under a company or an association it is
     * theirs, whatever it is called. */
    if (body == who->unit && who->organization && *who->organization && !kc_roles_files_committee(who->organization))
        return false;
    values = g_strsplit(body, KC_NAME_VALUE_SEP, -1);
    /* "OU=UBND xã Thủy An - Hội Nông dân" is the Farmers' Association the
     * committee's name is followed by, not the committee (rtcert7). */
    for (size_t i = 0; values[i] && yes; i++)
        yes = kc_agency_names_committee(values[i]) && names_a_place(values[i]) &&
              !kc_agency_names_body_after(values[i]);
    g_strfreev(values);
    return yes;
}

/* Whether a value of the unit (OU) names a body other than a People's
 * Committee (kc_agency_unit_names_body): the certificate is that unit's, as
 * it is the O's body's when the O names one (rtcert14).  So does a unit no
 * one can read (U+FFFD, cms_signer.c), which may be any body's: U+202E "nâd
 * gnôN iộH" is drawn "Hội Nông dân", and beside CN=UBND xã Thủy An or a
 * title naming the committee it was read as no body's, the organisation
 * and the leader (rtcert15). */
static bool unit_is_body(const kc_signer_id *who)
{
    char **values = who->unit ? g_strsplit(who->unit, KC_NAME_VALUE_SEP, -1) : NULL;
    bool yes = false;
    for (size_t i = 0; values && values[i] && !yes; i++)
        yes = kc_agency_unit_names_body(values[i]) || strstr(values[i], "\xef\xbf\xbd");
    g_strfreev(values);
    return yes;
}

/* Whether s is ASCII up to its first n bytes (or its end). */
static bool ascii_prefix(const char *s, size_t n)
{
    for (size_t i = 0; i < n && s[i]; i++)
        if ((unsigned char)s[i] >= 0x80)
            return false;
    return true;
}

bool kc_roles_names_agency(const char *common_name)
{
    char *cf = common_name ? kc_text_casefold(common_name) : NULL, *f = common_name ? kc_text_fold(common_name) : NULL;
    bool yes = false;

    for (size_t i = 0; cf && f && i < sizeof agency_words / sizeof *agency_words && !yes; i++) {
        char *bare = kc_text_fold(agency_words[i]);
        yes = starts_with_word(cf, agency_words[i]) ||
              (bare && ascii_prefix(cf, strlen(bare)) && starts_with_word(f, bare));
        free(bare);
    }
    free(cf);
    free(f);
    return yes;
}

kc_role kc_roles_classify_fresh(const kc_roles *roles, const kc_signer_id *who)
{
    char *title = NULL, *office = NULL;
    kc_role role = KC_ROLE_PERSON;

    if (!who)
        return KC_ROLE_PERSON;
    if (roles) {
        const rule *r = match_file(roles, who);
        if (r)
            return r->role;
    }
    /* A pseudonym names no one its title could be checked against: a leader
     * signs in his own name (a roles file's fingerprint still says who it is). */
    if (who->pseudonym)
        goto out;
    /* A title holding several offices ("Phó Bí thư Đảng ủy, Chủ tịch UBND xã
     * Thủy An") is read by its chairman's office, if one is (rtcert19). */
    office = kc_title_leader_office(who->title);
    const char *written = office ? office : who->title;
    title = written ? kc_text_casefold(written) : NULL;
    if (title && *title) {
        leader_title lt = builtin_leader_title(title);
        /* "… (nguyên)", rtcert12; after his other office too, as "… kiêm Bí thư
         * Đảng ủy xã (nguyên)" writes it (review33) */
        if (lt == LEADER_OF_COMMITTEE && (kc_agency_qualified_after(written) ||
                                          (office && kc_title_ends_qualified(who->title))))
            lt = NOT_LEADER;
        if ((lt == LEADER_OF_COMMITTEE && of_state_body(who)) || (lt == LEADER_ALONE && chairs_the_committee(who)))
            role = KC_ROLE_LEADER;
        /* A title --leader-title adds ("Q. Chủ tịch", the acting chairman)
         * says, as "Chủ tịch" alone does, of which body only when it names a
         * People's Committee of a place; else the OU or O must: the Farmers'
         * Association's acting chairman, or a citizen's certificate so
         * titled, counted as the commune's leader. */
        for (size_t i = 0; roles && i < roles->titles->len && role == KC_ROLE_PERSON; i++)
            if (strcmp(title, roles->titles->pdata[i]) == 0 &&
                ((title_names_committee(who->title) && of_state_body(who)) || chairs_the_committee(who)))
                role = KC_ROLE_LEADER;
        /* His common name is what viewers show as the signer ("Ký bởi: Nguyễn
         * Văn A - Hội Nông dân"): a body it names, past a mark, inside it or as
         * a second CN, makes him that body's chairman, whatever his title, OU
         * and O say (rtcert9); one read as no one draws it (U+FFFD: cms_signer.c), any (rtcert11). */
        if (role == KC_ROLE_LEADER && (kc_agency_names_body_after(who->common_name) ||
                                       (who->common_name && strstr(who->common_name, "\xef\xbf\xbd"))))
            role = KC_ROLE_PERSON;
        /* "title=Chủ tịch UBND xã Thủy An" in the unit "Hội Nông dân xã Thủy
         * An" or "Sở Nội vụ": that unit's, whatever the title says (rtcert14) */
        if (role == KC_ROLE_LEADER && unit_is_body(who))
            role = KC_ROLE_PERSON;
        goto out; /* a person with a title is never the organisation */
    }
    /* Several common names ("UBND xã Thủy An" and "Trần Văn Hùng"): a person
     * of the committee, whose certificate could otherwise seal its dossiers.
     * A natural person's certificate (a pseudonym, a given name and surname,
     * an identity card's number) is a person's, whatever its common name says:
     * "CN=UBND xã Thủy An" beside a pseudonym sealed the commune's dossier. */
    if (who->common_name && !who->person_mark && !strstr(who->common_name, KC_NAME_VALUE_SEP) &&
        kc_roles_names_agency(who->common_name) &&
        (!who->organization || !*who->organization || kc_roles_files_committee(who->organization) ||
         !kc_agency_names_committee(who->common_name)) &&
        !(kc_agency_names_committee(who->common_name) && unit_is_body(who)))
        role = KC_ROLE_ORG; /* a company's branch stays an organisation: of no committee */
out:
    free(title);
    g_free(office);
    return role;
}

const char *kc_role_name(kc_role role)
{
    switch (role) {
    case KC_ROLE_LEADER:
        return "leader";
    case KC_ROLE_ORG:
        return "org";
    default:
        return "person";
    }
}
