/* title_offices.c: the offices one title holds (agency.h kc_title_offices).
 *
 * A commune's chairman is often its Party committee's deputy secretary as
 * well, and the CA writes both in the one title: "Phó Bí thư Đảng ủy, Chủ
 * tịch UBND xã Thủy An", "… - Chủ tịch …", "… kiêm Chủ tịch …", "…/Chủ tịch
 * …".  Read as one office it opened with the Party's, and the honest
 * chairman was a person of another body, 0/1 for his own commune's criteria
 * 20 and 21 (rtcert19).  What splits a title into offices is only a mark
 * followed by an office's own words; a mark followed by a place or a body
 * ("…, huyện Phú Vang", "… - Hội Nông dân") goes on with the office before
 * it, which the rules of bodies and places then read as before. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "agency.h"
#include "text.h"

/* The marks a CA or a clerk joins two offices with (NFC, as written). */
static const char *const joins[] = {", ", "; ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", " / ", "/", " kiêm ",
                                    " kiem "};

/* The words an office opens with, case-folded with their diacritics
 * ("trưởng", the head, is not "trường", a school), each with the word's end
 * checked; a title written without any diacritics is compared with bare. */
static const char *const heads[] = {"chủ tịch", "phó chủ tịch", "p. chủ tịch", "p.chủ tịch", "pct", "phó ct",
                                    "q. chủ tịch", "quyền chủ tịch", "bí thư", "phó bí thư", "ủy viên", "uỷ viên",
                                    "trưởng", "phó trưởng", "chủ nhiệm", "phó chủ nhiệm", "chỉ huy trưởng",
                                    "chỉ huy phó", "chính trị viên", "giám đốc", "phó giám đốc", "chánh văn phòng"};
static const char *const bare[] = {"chu tich", "pho chu tich", "p. chu tich", "p.chu tich", "pct", "pho ct",
                                   "q. chu tich", "quyen chu tich", "bi thu", "pho bi thu", "uy vien", "pho truong",
                                   "chu nhiem", "pho chu nhiem", "chi huy truong", "chi huy pho", "chinh tri vien",
                                   "giam doc", "pho giam doc", "chanh van phong"};

static bool opens_with(const char *cf, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(list[i]);
        if (strncmp(cf, list[i], len) == 0 && (!cf[len] || cf[len] == ' '))
            return true;
    }
    return false;
}

/* Whether text (as written) opens with an office's words. */
static bool opens_office(const char *text)
{
    char *cf = kc_text_casefold(text);
    bool ascii = true, yes;
    for (const char *q = cf ? cf : ""; *q && ascii; q++)
        ascii = (unsigned char)*q < 0x80;
    yes = cf && (opens_with(cf, heads, G_N_ELEMENTS(heads)) || (ascii && opens_with(cf, bare, G_N_ELEMENTS(bare))));
    free(cf);
    return yes;
}

/* The first join in s, its length in *len, or NULL. */
static const char *next_join(const char *s, size_t *len)
{
    const char *first = NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(joins); i++) {
        const char *at = strstr(s, joins[i]);
        if (at && (!first || at < first || (at == first && strlen(joins[i]) > *len))) {
            first = at;
            *len = strlen(joins[i]);
        }
    }
    return first;
}

char **kc_title_offices(const char *title)
{
    char *nfc = title ? kc_text_nfc(title) : NULL;
    GPtrArray *offices = g_ptr_array_new();
    const char *start = nfc, *s = nfc;
    size_t len = 0;
    /* Only a title that opens with an office is read for more ("Công chức
     * Văn phòng - Thống kê" is one post). */
    for (const char *at; nfc && opens_office(nfc) && (at = next_join(s, &len)); s = at + len)
        if (opens_office(at + len)) {
            g_ptr_array_add(offices, g_strstrip(g_strndup(start, (gsize)(at - start))));
            start = at + len;
        }
    if (!offices->len) {
        free(nfc);
        g_ptr_array_free(offices, TRUE);
        return NULL;
    }
    g_ptr_array_add(offices, g_strstrip(g_strdup(start)));
    g_ptr_array_add(offices, NULL);
    free(nfc);
    return (char **)g_ptr_array_free(offices, FALSE);
}

/* The words an office or a post is written with, case-folded with their
 * diacritics: the offices' heads above, and a civil servant's or an
 * employee's post ("Công chức Tư pháp - Hộ tịch", "Chuyên viên", "Văn thư",
 * "Người hoạt động không chuyên trách"); not a profession alone ("Giáo
 * viên", "Bác sĩ": the school's or the clinic's staff, not the committee's).
 * A title holding none of them names no office: the filler a CA writes in an
 * empty field ("-", ".", "N/A", "Không", "Chưa có") silenced the note beside
 * criterion 20 that a person naming no office counted as the committee's
 * staff (rtcert20). */
static const char *const posts[] = {
    "công chức", "cán bộ", "chuyên viên", "cán sự", "nhân viên", "viên chức", "văn thư", "kế toán", "thủ quỹ",
    "thư ký", "lưu trữ", "thanh tra", "kiểm soát viên", "chánh", "phó", "trưởng", "xã đội", "chuyên trách",
    "văn phòng", "thống kê", "tư pháp", "hộ tịch", "địa chính", "tài chính", "văn hóa", "văn hoá", "xã hội",
    "lãnh đạo", "thủ trưởng", "quản lý", "quản lí", "chỉ huy", "chính trị viên"};

/* Whether cf (case-folded) holds, from a word's start to a word's end, one
 * of list's words, each folded to bare letters first when fold. */
static bool holds_word(const char *cf, const char *const *list, size_t n, bool fold)
{
    for (size_t i = 0; i < n; i++) {
        char *w = fold ? kc_text_fold(list[i]) : g_strdup(list[i]);
        size_t len = w ? strlen(w) : 0;
        bool yes = false;
        for (const char *at = w ? strstr(cf, w) : NULL; at && !yes; at = strstr(at + 1, w)) {
            gunichar before = at > cf ? g_utf8_get_char(g_utf8_prev_char(at)) : ' ';
            gunichar after = at[len] ? g_utf8_get_char(at + len) : ' ';
            yes = !g_unichar_isalnum(before) && !g_unichar_ismark(before) && !g_unichar_isalnum(after) &&
                  !g_unichar_ismark(after);
        }
        if (fold)
            free(w);
        else
            g_free(w);
        if (yes)
            return true;
    }
    return false;
}

/* A title that says its holder holds no office, or no longer holds it, by
 * its first word: "Không phải cán bộ" (not an official), "Không giữ chức
 * vụ", "Chưa là cán bộ" (not yet one), "Nguyên Chủ tịch UBND xã Thủy An"
 * (the former chairman), "Cựu …".  Each held a post's or an office's word
 * and was taken for an office, its document counted as the committee's
 * staff's with no word beside the figure (rtcert21).  "Không chuyên trách",
 * the non-specialised worker's post as offices shorten it, is a post. */
static bool opens_denying(const char *cf, bool ascii)
{
    static const char *const denials[] = {"không", "chưa", "nguyên", "cựu"};
    static const char *const posts_denied[] = {"không chuyên trách"};
    for (size_t i = 0; i < G_N_ELEMENTS(posts_denied); i++) {
        char *w = ascii ? kc_text_fold(posts_denied[i]) : g_strdup(posts_denied[i]);
        size_t n = w ? strlen(w) : 0;
        bool post = w && strncmp(cf, w, n) == 0 && !g_unichar_isalnum(g_utf8_get_char(cf + n));
        if (ascii)
            free(w);
        else
            g_free(w);
        if (post)
            return false;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(denials); i++) {
        char *w = ascii ? kc_text_fold(denials[i]) : g_strdup(denials[i]);
        size_t n = w ? strlen(w) : 0;
        gunichar after = w && strncmp(cf, w, n) == 0 ? g_utf8_get_char(cf + n) : 'x';
        bool yes = !g_unichar_isalnum(after) && !g_unichar_ismark(after);
        if (ascii)
            free(w);
        else
            g_free(w);
        if (yes)
            return true;
    }
    return false;
}

/* Whether every word of cf is one that opens an office and names none by
 * itself: "Phó" (a deputy of what?), "Trưởng", "Phó Trưởng", "Chánh", "P.".
 * Each is among the posts' words above, since "Trưởng Công an xã" and "Phó
 * Chánh Văn phòng" are offices, and alone was taken for an office
 * (rtcert21). */
static bool only_openers(const char *cf)
{
    static const char *const openers[] = {"phó", "trưởng", "chánh", "pho", "truong", "chanh", "p"};
    size_t words = 0;
    const char *p = cf;
    while (*p) {
        const char *start;
        while (*p && !g_unichar_isalnum(g_utf8_get_char(p)))
            p = g_utf8_next_char(p);
        if (!*p)
            break;
        start = p;
        while (*p && (g_unichar_isalnum(g_utf8_get_char(p)) || g_unichar_ismark(g_utf8_get_char(p))))
            p = g_utf8_next_char(p);
        bool opener = false;
        for (size_t i = 0; i < G_N_ELEMENTS(openers) && !opener; i++)
            opener = strlen(openers[i]) == (size_t)(p - start) && strncmp(start, openers[i], (size_t)(p - start)) == 0;
        if (!opener)
            return false;
        words++;
    }
    return words > 0;
}

bool kc_title_names_office(const char *title)
{
    char *cf = title ? kc_text_casefold(title) : NULL;
    bool ascii = true, yes;
    for (const char *q = cf ? cf : ""; *q && ascii; q++)
        ascii = (unsigned char)*q < 0x80;
    if (cf)
        g_strstrip(cf); /* in place: blanks before a denial */
    yes = cf && !opens_denying(cf, ascii) && !only_openers(cf) &&
          (holds_word(cf, heads, G_N_ELEMENTS(heads), ascii) || holds_word(cf, posts, G_N_ELEMENTS(posts), ascii));
    free(cf);
    return yes;
}

bool kc_title_ends_qualified(const char *title)
{
    /* its last bracket's words, or its last dash's, from a lower-case letter:
     * "… kiêm Bí thư Đảng ủy xã (nguyên)", "… - đã nghỉ hưu" */
    const char *open = title ? strrchr(title, '(') : NULL, *dash = title ? g_strrstr(title, " - ") : NULL;
    const char *from = open && (!dash || open > dash) ? open + 1 : dash ? dash + 3 : NULL;
    while (from && *from == ' ')
        from++;
    return from && *from && g_unichar_islower(g_utf8_get_char_validated(from, -1));
}
