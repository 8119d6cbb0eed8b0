/* agency_body.c: whether what follows a committee's name names another body
 * rather than the committee's places (agency.h: kc_agency_names_body_after).
 * Split from agency_place.c, which reads the places themselves.
 *
 * The rule: what follows the place a committee is of ("UBND xã Thủy An") may
 * name places only, or nothing.  A body there ("UBND xã Thủy An - Hội Nông
 * dân") makes the field that body's name (rtcert7).  A mark of any kind ends
 * the committee's name, not only a dash or a comma (rtcert8: a colon, a full
 * stop, a middle dot each left the Farmers' Association's chairman a leader),
 * but the full stop of a level's abbreviation ("TP. Huế", "H. Phú Vang"); and
 * with no mark at all, a body's words inside the place's name end it ("UBND xã
 * Thủy An Hội Nông dân"). */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "agency.h"
#include "memo.h"
#include "names.h"
#include "text.h"
#include "util.h"

/* The words that open a body's name, case-folded with their diacritics: a
 * commune's mass organisations, its Party, army and police units, a school,
 * a company, and the agencies' words (roles.c).  "Phòng" is not "Phong
 * Điền": compared with their diacritics, and in a part written without any
 * only the phrases of two words or more.  Not a word a district's name
 * starts with ("trường" of Trường Sa, "trạm" of Trạm Tấu), but "hội" (of
 * Hội An, which a certificate names as "thành phố Hội An"). */
static const char *const body_words[] = {
    "hội", "đoàn", "mặt trận", "công đoàn", "liên đoàn", "hợp tác xã", "htx", "chi bộ", "chi hội", "chi đoàn",
    "đảng bộ", "đảng ủy", "đảng uỷ", "ban", "ban chỉ huy", "quân sự", "đội", "hội đồng", "hđnd", "mttq", "ubmttq",
    "tổ", "nhóm", "bộ phận", "câu lạc bộ", "clb", "công ty", "cty", "doanh nghiệp", "thanh tra", "công an",
    "văn phòng", "phòng", "trung tâm", "sở", "bộ", "cục", "chi cục", "kho bạc", "trạm y tế", "bệnh viện",
    "chi nhánh", "thư viện", "nhà văn hóa", "nhà văn hoá", "đài", "trường tiểu học", "trường thcs", "trường thpt",
    "trường mầm non", "trường mẫu giáo", "trường trung học", "hội nông dân", "hội phụ nữ", "hội liên hiệp",
    "hội cựu chiến binh", "hội chữ thập đỏ", "hội người cao tuổi", "hội khuyến học", "đoàn thanh niên",
    /* the commune police's name before 2020, its board not the committee's
     * ("Trưởng Ban Công an xã", rtcert18: "ban" alone read it as a section);
     * the Fatherland Front's and the Party's commissions, a committee ("ủy
     * ban") that is not the People's */
    "ban công an", "ủy ban mặt trận", "uỷ ban mặt trận", "ủy ban mttq", "uỷ ban mttq", "ủy ban kiểm tra",
    "uỷ ban kiểm tra",
};
/* A body's abbreviation, as bodies write them ("UBND xã Thủy An MTTQ", "Hội
 * CCB", "Đoàn TNCS Hồ Chí Minh") or in lower case ("… mttq", rtcert10): no
 * place's name holds these words (session 29: each left the chairman a
 * leader with no mark before it, as none of its words were in lower case);
 * compared in capitals, the ASCII forms of those with a đ too. */
static const char *const body_capitals[] = {"MTTQ", "UBMTTQ", "MTTQVN", "CCB", "HCCB", "LHPN", "HLHPN", "HPN",
                                            "HND", "HNDVN", "TNCS", "ĐTN", "ĐTNCS", "HTX", "HTXNN", "CLB", "HĐND",
                                            "BCH", "BCHQS", "CĐ", "CTĐ", "HCTĐ", "NCT", "HNCT", "DTN", "DTNCS",
                                            "HDND", "CTD", "HCTD", "CHQS", "BCHQS", "UBKT"};
/* After a level's word, the bodies of that level: "Xã đội", "Huyện đoàn",
 * "Huyện ủy" (not "thành phố Hội An"). */
static const char *const level_bodies[] = {"đoàn", "đội", "ủy", "uỷ"};
static const char *const cf_committee[] = {"ubnd ", "ủy ban nhân dân ", "uỷ ban nhân dân ", "uy ban nhan dan "};
static const char *const cf_levels[] = {"xã ", "phường ", "thị trấn ", "huyện ", "quận ", "thị xã ", "thành phố ",
                                        "tỉnh ", "tp. ", "tp ", "xa ", "phuong ", "thi tran ", "huyen ", "quan ",
                                        "thi xa ", "thanh pho ", "tinh "};
/* A level's word abbreviated with a full stop ("TP. Huế", "TP.Hội An", "H.
 * Phú Vang", "TX. Hương Thủy", "P. 5", "TT. Sịa", "Q. 1", "T. Quảng Nam"):
 * the stop is the word's, not a separator (ratios.c reads the register so). */
static const char *const abbreviations[] = {"tp", "tx", "tt", "h", "q", "p", "x", "t"};
/* The words that may stand in lower case among a place's names: its levels'
 * words ("UBND xã Thủy An huyện Phú Vang"), and "thuộc" (of). */
static const char *const lower_words[] = {"xã", "phường", "thị", "trấn", "huyện", "quận", "thành", "phố", "tỉnh",
                                          "tp", "tp.", "h.", "q.", "tx.", "t.", "p.", "x.", "tt.", "xa", "phuong",
                                          "thi", "tran", "huyen", "quan", "thanh", "pho", "tinh", "thuộc", "thuoc"};

/* Skips a word of list at the start of s; whether one was. */
static bool skip_word(const char **s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (g_str_has_prefix(*s, list[i])) {
            *s += strlen(list[i]);
            return true;
        }
    return false;
}

/* Whether case-folded s opens with word, then its end or a non-letter. */
static bool opens_with(const char *s, const char *word)
{
    size_t n = strlen(word);
    return strncmp(s, word, n) == 0 && (!s[n] || !g_unichar_isalnum(g_utf8_get_char(s + n)));
}

static bool is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

/* Whether s (case-folded, from a word's start) opens with a body's words,
 * min_words of them at least, compared with their diacritics, or folded when
 * s is written without any (ascii). */
static bool opens_with_body(const char *s, bool ascii, size_t min_words)
{
    for (size_t i = 0; i < G_N_ELEMENTS(body_words); i++) {
        size_t words = 1;
        for (const char *p = body_words[i]; *p; p++)
            words += *p == ' ';
        if (words < min_words)
            continue;
        char *bare = ascii ? kc_text_fold(body_words[i]) : NULL;
        bool yes = opens_with(s, ascii ? (bare ? bare : "") : body_words[i]);
        free(bare);
        if (yes)
            return true;
    }
    return false;
}

static bool body_abbreviation(const char *word);

/* Whether s (case-folded, from a word's start) opens with a body's
 * abbreviation standing as a word ("mttq", "hnd", "đtn"). */
static bool opens_with_abbreviation(const char *s)
{
    char *word = g_strndup(s, strcspn(s, " "));
    bool yes = body_abbreviation(word);
    g_free(word);
    return yes;
}

/* Whether one part of a field after its first (case-folded, trimmed) names a body, not a place. */
static bool part_names_body(const char *part)
{
    const char *s = part;
    skip_word(&s, cf_committee, G_N_ELEMENTS(cf_committee));
    /* A body's abbreviation alone after a mark ("UBND xã Thủy An - MTTQ",
     * "… (HND)", "…, DTN"): an ASCII part is compared by phrases only, and
     * body_inside asks from a place's second word on, so the Fatherland
     * Front's chairman was the commune's leader (review36).  No place's name
     * is one of these words (body_abbreviation). */
    if (opens_with_abbreviation(s))
        return true;
    if (skip_word(&s, cf_levels, G_N_ELEMENTS(cf_levels))) { /* without diacritics "Huyen Doan Hung" is a district of Phú Thọ */
        for (size_t i = 0; i < G_N_ELEMENTS(level_bodies); i++)
            if (opens_with(s, level_bodies[i]))
                return true;
        return false;
    }
    /* without diacritics only phrases: folded, "Phong Điền" reads as "phòng" */
    return opens_with_body(s, is_ascii(part), is_ascii(part) ? 2 : 1);
}

static bool among(const char *word, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(word, list[i]) == 0)
            return true;
    return false;
}

/* Whether a word is a body's abbreviation in any case: "UBND xã Thủy An
 * mttq", "… hnd", "… đtn" read as a place's name left the chairman a leader
 * (rtcert10); none is a word of a place's name, in any case. */
static bool body_abbreviation(const char *word)
{
    char *up = g_utf8_strup(word, -1), *nfc = up ? g_utf8_normalize(up, -1, G_NORMALIZE_NFC) : NULL;
    bool yes = nfc && among(nfc, body_capitals, G_N_ELEMENTS(body_capitals));
    g_free(up);
    g_free(nfc);
    return yes;
}

/* Whether a body follows a place's name inside one part, with no mark
 * between ("UBND xã Thủy An Hội Nông dân", "Chủ tịch UBND xã Thủy An Hội Cựu
 * chiến binh"): from the second word of a place's name (after a committee's
 * or a level's word; the first part's own words before its committee are a
 * title's), a body's phrase of two words or more (three without
 * diacritics), or a body's word written with a capital where the place's
 * name starts with one and a word after it is in lower case, which no
 * place's name is ("Thủy An Hội Làm vườn"; "Tân Hội Đông" is a commune,
 * "thành phố Hải Phòng" a city).  orig is the part as written, cf
 * case-folded: folding keeps the word count. */
static bool body_inside(const char *orig, const char *cf, bool first)
{
    char **ow = g_strsplit(orig, " ", -1), **w = g_strsplit(cf, " ", -1);
    size_t n = MIN(g_strv_length(ow), g_strv_length(w));
    bool ascii = is_ascii(cf), yes = false, capital = false;
    size_t offset = 0; /* of word i in cf */
    long pos = 0;      /* the word's place in a place's name; -1 before any */
    /* a committee in the first part: a title's words stand before it */
    if (first && (strstr(cf, "ubnd ") || strstr(cf, "ban nhân dân ") || strstr(cf, "ban nhan dan ")))
        pos = -1;
    for (size_t i = 0; i < n && !yes; i++) {
        /* the words from this one on: cf holds them joined by single spaces */
        const char *tail = cf + offset, *s = tail;
        offset += strlen(w[i]) + 1;
        if (skip_word(&s, cf_committee, G_N_ELEMENTS(cf_committee)) ||
            skip_word(&s, cf_levels, G_N_ELEMENTS(cf_levels))) {
            /* a committee's or a level's words: a place's name follows */
            for (const char *p = tail + strlen(w[i]) + 1; p < s && i + 1 < n; p++)
                if (*p == ' ')
                    offset += strlen(w[++i]) + 1;
            pos = 0;
            continue;
        }
        /* the words from here on written without diacritics ("UBND xã Thủy
         * An Hoi Nong dan"): compared folded, three words at least */
        bool bare = ascii || is_ascii(s);
        if (pos == 0)
            capital = g_unichar_isupper(g_utf8_get_char(ow[i]));
        else if (pos > 0 && (opens_with_body(s, bare, bare ? 3 : 2) || body_abbreviation(ow[i])))
            yes = true;
        if (!yes && pos > 0 && capital && g_unichar_isupper(g_utf8_get_char(ow[i])) && opens_with_body(s, ascii, 1))
            for (size_t k = i + 1; k < n && !yes; k++)
                yes = g_unichar_islower(g_utf8_get_char(ow[k])) && !among(w[k], lower_words, G_N_ELEMENTS(lower_words));
        if (pos >= 0)
            pos++;
    }
    g_strfreev(ow);
    g_strfreev(w);
    return yes;
}

/* Whether the word that ends at end (exclusive) in text is a level's
 * abbreviation that a full stop closes. */
static bool abbreviation_before(const char *text, const char *end)
{
    const char *start = end;
    while (start > text && g_ascii_isalpha(start[-1]))
        start--;
    if (start == end || (start > text && (unsigned char)start[-1] >= 0x80))
        return false;
    char *word = g_ascii_strdown(start, end - start);
    bool yes = among(word, abbreviations, G_N_ELEMENTS(abbreviations));
    g_free(word);
    return yes;
}

static bool names_body_after(const char *value)
{
    char *nf = value && g_utf8_validate(value, -1, NULL) ? g_utf8_normalize(value, -1, G_NORMALIZE_NFKC) : NULL;
    GString *g;
    char **parts;
    bool yes = false;

    if (!nf)
        return false;
    /* As a reader sees it, its case kept (the fold the committee's name is
     * read with, its diacritics kept): a fullwidth comma or a small hyphen is
     * one, a Cyrillic "і" in "Hộі Nông dân" a Latin i, a soft hyphen nothing.
     * Every mark that is no letter, digit or apostrophe ("Ea H'Leo") ends a
     * part ('\x01'), but a level's abbreviation's full stop, which is kept
     * with a space after it ("TP.Hội An" → "TP. Hội An"). */
    g = g_string_sized_new(strlen(nf));
    for (const char *p = nf; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p), to = c >= 0x80 ? kc_name_lookalike(c) : 0;
        GUnicodeType t = g_unichar_type(c);
        if (to)
            c = to;
        /* a zero-width space breaks words where it stands ("Thủy An\u200BHội
         * Nông dân" is drawn "Thủy AnHội", read as two words); the other
         * format characters, the grapheme joiner and the variation
         * selectors draw nothing ("H\u034Fội" is "Hội") */
        if (c == 0x200B) {
            g_string_append_c(g, ' ');
            continue;
        }
        if (t == G_UNICODE_FORMAT || c == 0x034F || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0x180B && c <= 0x180D))
            continue;
        /* a filler (U+3164, U+115F, U+2800, …) draws a blank: "Thủy An\u3164Hội
         * Nông dân" is read "Thủy An Hội Nông dân" (rtcert8) */
        if (g_unichar_isspace(c) || (c >= 0x80 && kc_char_hidden(c))) {
            g_string_append_c(g, ' ');
        } else if (c == '.' && abbreviation_before(g->str, g->str + g->len)) {
            g_string_append(g, ". ");
        } else if (g_unichar_isalnum(c) || t == G_UNICODE_NON_SPACING_MARK || t == G_UNICODE_SPACING_MARK ||
                   t == G_UNICODE_ENCLOSING_MARK || c == '\'' || c == 0x2019 || c == 0x2018) {
            g_string_append_unichar(g, c);
        } else {
            g_string_append_c(g, '\x01');
        }
    }
    g_free(nf);
    parts = g_strsplit(g->str, "\x01", -1);
    g_string_free(g, TRUE);
    bool kiem = false;
    for (size_t i = 0; parts[i] && !yes && !kiem; i++) {
        /* single spaces, as the case fold leaves them, so that words match */
        char **ws = g_strsplit(g_strstrip(parts[i]), " ", -1);
        GString *o = g_string_new(NULL);
        /* up to "kiêm" (concurrently): what follows is another office its
         * holder also has ("Chủ tịch UBND xã Thủy An kiêm Bí thư Đảng ủy
         * xã"), not a body the title's committee names (review33) */
        for (size_t k = 0; ws[k] && !(kiem = strcmp(ws[k], "kiêm") == 0 || strcmp(ws[k], "kiem") == 0); k++)
            if (*ws[k])
                g_string_append_printf(o, "%s%s", o->len ? " " : "", ws[k]);
        g_strfreev(ws);
        char *cf = kc_text_casefold(o->str);
        if (cf && *cf)
            yes = (i > 0 && part_names_body(cf)) || body_inside(o->str, cf, i == 0);
        free(cf);
        g_string_free(o, TRUE);
    }
    g_strfreev(parts);
    return yes;
}

/* ---- what a title says after its committee's place ---------------------------------- */

/* The levels' words a committee's place starts with, case-folded, as
 * commune_unit_end and level_words_at read them. */
static const char *const place_levels[] = {"xã", "phường", "thị", "huyện", "quận", "thành", "tỉnh", "đặc", "tp", "tp.",
                                           "xa", "phuong", "thi", "huyen", "quan", "thanh", "tinh", "dac"};
/* And those that may stand in lower case among a place's names beyond
 * lower_words: "huyện đảo Lý Sơn", "đặc khu Phú Quốc". */
static const char *const place_lower[] = {"đảo", "đặc", "khu", "dao", "dac"};
static const char *const level_second[] = {"trấn", "xã", "phố", "khu", "tran", "xa", "pho"};
/* "kiêm" (concurrently): what follows is another office the chairman also
 * holds ("… kiêm Chỉ huy trưởng Ban Chỉ huy Quân sự xã"), whose own words are
 * in lower case; only these words there still say he no longer is, or only
 * acts as, the chairman ("… kiêm … (nguyên)", review33). */
static const char *const concurrently[] = {"kiêm", "kiem"};
static const char *const not_holder[] = {"nguyên", "nguyen", "tạm", "tam", "nghỉ", "nghi", "hưu", "huu", "cũ"};

static void plain_spaces(char *s);

bool kc_agency_qualified_after(const char *title)
{
    char *nfc = title ? kc_text_nfc(title) : NULL;
    if (!nfc)
        return false;
    plain_spaces(nfc);
    char **w = g_strsplit_set(nfc, " \t", -1);
    size_t n = g_strv_length(w), i = 0;
    bool yes = false, found = false, kiem = false;
    /* the committee's words, then a level's word: the place's name follows */
    for (; i < n && !found; i++) {
        char *cf = kc_text_casefold(w[i]);
        found = cf && (strcmp(cf, "ubnd") == 0 ||
                       ((strcmp(cf, "dân") == 0 || strcmp(cf, "dan") == 0) && i >= 3 &&
                        g_ascii_strcasecmp(w[i - 2], "ban") == 0));
        free(cf);
    }
    while (i < n && !*w[i])
        i++;
    char *level = i < n ? kc_text_casefold(w[i]) : NULL;
    if (level && among(level, place_levels, G_N_ELEMENTS(place_levels)))
        i++;
    free(level);
    while (i < n && !*w[i])
        i++;
    /* and a level's second word: thị trấn, thị xã, thành phố, đặc khu */
    level = i < n ? kc_text_casefold(w[i]) : NULL;
    if (level && among(level, level_second, G_N_ELEMENTS(level_second)))
        i++;
    free(level);
    /* a place's name written with capitals, then a word in lower case */
    if (found && i < n && g_unichar_isupper(g_utf8_get_char(w[i])))
        for (i++; i < n && !yes; i++) {
            const char *p = w[i];
            while (*p && !g_unichar_isalnum(g_utf8_get_char(p)))
                p = g_utf8_next_char(p);
            if (!*p || !g_unichar_islower(g_utf8_get_char(p)))
                continue;
            /* the word without the marks around it ("(nguyên)", "huyện,") */
            GString *word = g_string_new(NULL);
            for (const char *q = p; *q; q = g_utf8_next_char(q)) {
                gunichar c = g_utf8_get_char(q);
                if (!g_unichar_isalnum(c) && c != '.' && !(g_unichar_type(c) == G_UNICODE_NON_SPACING_MARK))
                    break;
                g_string_append_unichar(word, c);
            }
            char *cf = kc_text_casefold(word->str);
            g_string_free(word, TRUE);
            if (cf && among(cf, concurrently, G_N_ELEMENTS(concurrently)))
                kiem = true;
            else if (kiem)
                yes = cf && among(cf, not_holder, G_N_ELEMENTS(not_holder));
            else
                yes = cf && !among(cf, lower_words, G_N_ELEMENTS(lower_words)) &&
                      !among(cf, place_lower, G_N_ELEMENTS(place_lower));
            free(cf);
        }
    g_strfreev(w);
    g_free(nfc);
    return yes;
}

/* ---- a place's level with no mark before it ----------------------------------------- */

/* The level's words that may follow a commune's name with no mark ("UBND xã
 * Thủy An huyện Phú Vang"), case-folded with their diacritics: spelled so,
 * no commune's name holds them ("Tịnh", "Quan", "Huyền" are names' words). */
static const char *const level_spelled[] = {"huyện", "quận", "tỉnh", "thị xã", "thành phố"};
/* Written without diacritics, only in lower case after a name written with
 * capitals, as a level's word is written and a name's never. */
static const char *const level_bare[] = {"huyen", "quan", "tinh", "thi xa", "thanh pho"};

/* How many words from i (cw case-folded, ow as written) a level's word
 * takes (1 or 2), or 0; capital: the name before it starts with a capital. */
static size_t level_words_at(char **cw, char **ow, size_t i, bool capital)
{
    for (size_t l = 0; l < G_N_ELEMENTS(level_spelled); l++) {
        size_t n = strchr(level_spelled[l], ' ') ? 2 : 1;
        if (n == 2 && !cw[i + 1])
            continue;
        char *c = n == 2 ? g_strdup_printf("%s %s", cw[i], cw[i + 1]) : g_strdup(cw[i]);
        char *o = n == 2 ? g_strdup_printf("%s %s", ow[i], ow[i + 1]) : g_strdup(ow[i]);
        bool yes = strcmp(c, level_spelled[l]) == 0 || (capital && strcmp(o, level_bare[l]) == 0);
        g_free(c);
        g_free(o);
        if (yes)
            return n;
    }
    return 0;
}

/* Whether a word as written ends with a mark (a comma, a dash, a bracket):
 * the name ends there, and what follows is read as rtcert7 reads it. */
static bool ends_with_mark(const char *word)
{
    size_t n = strlen(word);
    unsigned char last = n ? (unsigned char)word[n - 1] : 'a';
    return last < 0x80 && !g_ascii_isalnum(last) && last != '.' && last != '\'';
}

/* The index after a committee's and a commune-level unit's words that start
 * at word i ("UBND xã", "Ủy ban nhân dân thị trấn"), or 0. */
static size_t commune_unit_end(char **cw, size_t n, size_t i)
{
    static const char *const ub[] = {"ủy", "uỷ", "uy"};
    size_t k = 0;
    if (strcmp(cw[i], "ubnd") == 0)
        k = i + 1;
    for (size_t u = 0; u < G_N_ELEMENTS(ub) && !k; u++)
        if (strcmp(cw[i], ub[u]) == 0 && i + 3 < n && strcmp(cw[i + 1], "ban") == 0 &&
            (strcmp(cw[i + 2], "nhân") == 0 || strcmp(cw[i + 2], "nhan") == 0) &&
            (strcmp(cw[i + 3], "dân") == 0 || strcmp(cw[i + 3], "dan") == 0))
            k = i + 4;
    if (!k || k >= n)
        return 0;
    if (!strcmp(cw[k], "xã") || !strcmp(cw[k], "xa") || !strcmp(cw[k], "phường") || !strcmp(cw[k], "phuong"))
        return k + 1;
    if (k + 1 < n && (!strcmp(cw[k], "thị") || !strcmp(cw[k], "thi")) &&
        (!strcmp(cw[k + 1], "trấn") || !strcmp(cw[k + 1], "tran")))
        return k + 2;
    return 0;
}

/* s with every space separator (a no-break space U+00A0, U+2007, U+202F
 * …) made an ASCII space, in place where it fits (each is one byte or
 * more): a certificate whose OU reads "UBND xã Thủy An<NBSP>huyện Phú
 * Vang" shows the same words, and read as one word "An<NBSP>huyện" it named
 * the commune "Thủy An huyện Phú Vang", another agency's (0/1). */
static void plain_spaces(char *s)
{
    char *w = s;
    for (const char *r = s; *r;) {
        gunichar c = g_utf8_get_char(r);
        const char *next = g_utf8_next_char(r);
        if ((unsigned char)*r >= 0x80 && g_unichar_type(c) == G_UNICODE_SPACE_SEPARATOR) {
            *w++ = ' ';
        } else {
            memmove(w, r, (size_t)(next - r));
            w += next - r;
        }
        r = next;
    }
    *w = '\0';
}

char *kc_agency_mark_levels(const char *field)
{
    char *nfc = field ? kc_text_nfc(field) : NULL;
    if (!nfc)
        return NULL;
    plain_spaces(nfc);
    /* the words as written (single spaces) and each case-folded: the same count */
    char **split = g_strsplit_set(nfc, " \t", -1);
    char **ow = g_new0(char *, g_strv_length(split) + 2), **cw = g_new0(char *, g_strv_length(split) + 2);
    size_t n = 0;
    for (size_t i = 0; split[i]; i++)
        if (*split[i]) {
            char *c = kc_text_casefold(split[i]);
            ow[n] = g_strdup(split[i]);
            cw[n++] = c ? c : strdup("");
        }
    g_strfreev(split);
    GString *g = g_string_sized_new(strlen(nfc) + 8);
    for (size_t i = 0; i < n;) {
        size_t k = commune_unit_end(cw, n, i);
        if (!k || k >= n) {
            g_string_append_printf(g, "%s%s", g->len ? " " : "", ow[i++]);
            continue;
        }
        for (; i < k; i++)
            g_string_append_printf(g, "%s%s", g->len ? " " : "", ow[i]);
        /* the commune's name: one word at least, up to a mark, or to a
         * level's word with a place after it, before which a comma goes */
        bool capital = g_unichar_isupper(g_utf8_get_char(ow[k]));
        for (size_t start = k; i < n;) {
            size_t lw = i > start ? level_words_at(cw, ow, i, capital) : 0;
            if (lw && i + lw < n) {
                /* and so on for the places after it ("huyện Phú Vang tỉnh Thừa Thiên Huế") */
                g_string_append_c(g, ',');
                for (size_t e = i + lw; i < e; i++)
                    g_string_append_printf(g, " %s", ow[i]);
                start = i;
                capital = g_unichar_isupper(g_utf8_get_char(ow[start]));
                continue;
            }
            g_string_append_printf(g, " %s", ow[i]);
            if (ends_with_mark(ow[i++]))
                break;
        }
    }
    for (size_t i = 0; i < n; i++) {
        g_free(ow[i]);
        free(cw[i]);
    }
    g_free(ow);
    g_free(cw);
    free(nfc);
    return g_string_free(g, FALSE);
}

/* Remembered: the organisation and unit of the same two certificates are
 * read for every document (who may draw after whom, whose commune the
 * certificate is filed under), ~70,000 instructions a value (NFKC, look-alike
 * letters, the parts split and folded), 0.12 million a document.  The answer
 * is a pure function of the value, kept in a small table shared by the
 * threads and emptied when full, as text.c keeps its folds. */
#define BODY_MEMO_ENTRIES 256
#define BODY_MEMO_LEN 1024

static kc_memo body_memo = KC_MEMO_INIT(BODY_MEMO_ENTRIES);

bool kc_agency_names_body_after(const char *value)
{
    int known;
    if (!value || strlen(value) > BODY_MEMO_LEN)
        return names_body_after(value);
    if (kc_memo_int_get(&body_memo, value, &known))
        return known;
    bool yes = names_body_after(value);
    kc_memo_int_put(&body_memo, value, yes);
    return yes;
}

/* Whether a unit's value (an OU) names, from its start, a body that is not a
 * People's Committee: "OU=Công an xã Thủy An", "OU=Hội Nông dân xã Thủy An",
 * "OU=Sở Nội vụ", "OU=Công ty TNHH …" under the committee's O and beside
 * "CN=UBND xã Thủy An" made the organisation certificate the commune's (it
 * sealed the dossier), and "title=Chủ tịch UBND xã Thủy An" under such an
 * OU the commune's leader (rtcert14).  The unit is the body the certificate
 * is of, as the O is when it names a body (roles.c).  The committee's own
 * sections are not other bodies: its office ("Văn phòng"), a board ("Ban
 * …" but the military command's "Ban Chỉ huy"), a section or a team ("Bộ
 * phận", "Tổ", "Nhóm"). */
/* Whether a unit (value as written, cf case-folded from its first word)
 * opens with a body's abbreviation (body_abbreviation), alone or after the
 * board's word ("Ban CHQS"), or with the police's "CA" written in capitals
 * (a word too short to be read in any case). */
static bool unit_abbreviates_body(const char *value, const char *cf)
{
    const char *w = cf;
    if (opens_with(w, "ban"))
        w += strcspn(w, " ") + (w[strcspn(w, " ")] == ' ');
    if (*w && opens_with_abbreviation(w))
        return true;
    while (*value == ' ')
        value++;
    return strncmp(value, "CA", 2) == 0 && (!value[2] || value[2] == ' ' || g_ascii_ispunct(value[2]));
}

bool kc_agency_unit_names_body(const char *value)
{
    static const char *const sections[] = {"văn phòng", "ban", "bộ phận", "tổ", "nhóm"};
    char *cf = value ? kc_text_casefold(value) : NULL;
    const char *s = cf;
    bool yes = false, ascii;
    size_t longest = 0;

    if (!cf)
        return false;
    while (*s == ' ')
        s++;
    ascii = is_ascii(s);
    for (size_t i = 0; i < G_N_ELEMENTS(cf_committee); i++)
        if (g_str_has_prefix(s, cf_committee[i])) {
            free(cf);
            return false; /* a committee: its body after is names_body_after's */
        }
    /* a body by its abbreviation, the board's too: "Ban CHQS xã" is the
     * military command, "CA xã Thủy An" (in capitals) the police, each counted
     * as the committee's section (rtcert17) */
    if (unit_abbreviates_body(value, s)) {
        free(cf);
        return true;
    }
    /* the longest of the bodies' words it opens with decides: "Ban Chỉ huy
     * Quân sự" is a body, "Ban Tiếp công dân" the committee's board */
    for (size_t i = 0; i < G_N_ELEMENTS(body_words); i++) {
        char *bare = ascii ? kc_text_fold(body_words[i]) : NULL;
        const char *w = ascii ? bare : body_words[i];
        bool phrase = strchr(body_words[i], ' ') != NULL;
        if (w && (!ascii || phrase) && opens_with(s, w) && strlen(w) > longest) {
            longest = strlen(w);
            yes = true;
            for (size_t k = 0; k < G_N_ELEMENTS(sections); k++) {
                char *sec = ascii ? kc_text_fold(sections[k]) : NULL;
                if (strcmp(w, ascii ? (sec ? sec : "") : sections[k]) == 0)
                    yes = false;
                free(sec);
            }
        }
        free(bare);
    }
    free(cf);
    return yes;
}

bool kc_agency_phrase_names_body(const char *value)
{
    char *cf = value ? kc_text_casefold(value) : NULL;
    const char *s = cf;
    while (s && *s == ' ')
        s++;
    bool yes = s && opens_with_body(s, is_ascii(s), 2) && kc_agency_unit_names_body(value);
    free(cf);
    return yes;
}
