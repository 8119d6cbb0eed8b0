/* ratios.c: the arithmetic of criteria 20–22 and who counts as the reviewing
 * authority in a "Nơi nhận" block (see kiemchung/ratios.h). */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agency.h"
#include "i18n.h"
#include "kiemchung/ratios.h"
#include "text.h"

int kc_ratio_tenths(kc_ratio r)
{
    if (r.denominator == 0)
        return -1;
    unsigned long long n = r.numerator, d = r.denominator;
    unsigned long long t = (n * 1000 + d / 2) / d;
    /* 1999/2000 would round to 100,0%: say 99,9% unless every one counts. */
    if (t >= 1000 && n < d)
        t = 999;
    return (int)t;
}

char *kc_ratio_format(kc_ratio r, char *buf, size_t size)
{
    int t = kc_ratio_tenths(r);
    if (t < 0)
        snprintf(buf, size, "—");
    else
        snprintf(buf, size, "%d,%d%%", t / 10, t % 10);
    return buf;
}

const char *kc_decimal_separator(void)
{
    /* TRANSLATORS: your language's decimal separator, as in "71,4%" or
     * "53,1 kB" (Vietnamese: a comma). */
    const char *s = C_("decimal separator", ".");
    return *s ? s : ".";
}

char *kc_size_format_local(uint64_t bytes, char *buf, size_t size)
{
    char *t = g_format_size(bytes);
    const char *sep = kc_decimal_separator();
    size_t n = 0, seplen = strlen(sep);
    for (const char *p = t; *p && size > 0; p++) {
        const char *add = *p == '.' ? sep : p;
        size_t len = *p == '.' ? seplen : 1;
        if (n + len >= size)
            break;
        memcpy(buf + n, add, len);
        n += len;
    }
    if (size > 0)
        buf[n] = '\0';
    g_free(t);
    return buf;
}

char *kc_ratio_format_local(kc_ratio r, char *buf, size_t size)
{
    int t = kc_ratio_tenths(r);
    if (t < 0)
        snprintf(buf, size, "—");
    else
        snprintf(buf, size, "%d%s%d%%", t / 10, kc_decimal_separator(), t % 10);
    return buf;
}

void kc_totals_add(kc_totals *t, bool is_signed, bool by_leader, bool to_authority)
{
    t->documents++;
    t->signed_docs += is_signed;
    t->leader_signed += is_signed && by_leader;
    t->to_authority += to_authority;
    t->to_authority_signed += to_authority && is_signed;
}

void kc_totals_add_indeterminate(kc_totals *t)
{
    t->indeterminate++;
}

void kc_totals_add_other_agency(kc_totals *t)
{
    t->other_agency++;
}

char *kc_commune_in_name(const char *name)
{
    return kc_agency_commune_in_name(name);
}

void kc_totals_merge(kc_totals *into, const kc_totals *t)
{
    into->other_agency += t->other_agency;
    into->documents += t->documents;
    into->signed_docs += t->signed_docs;
    into->leader_signed += t->leader_signed;
    into->to_authority += t->to_authority;
    into->to_authority_signed += t->to_authority_signed;
    into->indeterminate += t->indeterminate;
}

kc_ratio kc_totals_criterion(const kc_totals *t, int criterion)
{
    switch (criterion) {
    case 20: return (kc_ratio){t->signed_docs, t->documents};
    case 21: return (kc_ratio){t->leader_signed, t->documents};
    case 22: return (kc_ratio){t->to_authority_signed, t->to_authority};
    }
    return (kc_ratio){0, 0};
}

/* Clerks abbreviate the committee's level after "UBND": "UBND H. Phú Vang",
 * "UBND TX.Hương Thủy", "UBND TP Huế", "UBND T. Thừa Thiên Huế".  Written out,
 * so that the unsigned documents sent to "UBND H. Phú Vang" still count for
 * criterion 22.  An abbreviation is a word of its own: a dot, a space or the
 * end follows it. */
static char *expand_levels(const char *f)
{
    static const struct { const char *abbr, *full; } level[] = {
        {"h", "huyen"}, {"tx", "thi xa"}, {"q", "quan"}, {"tp", "thanh pho"}, {"t", "tinh"},
    };
    GString *g = g_string_new(NULL);
    const char *p = f, *hit;
    while ((hit = strstr(p, "ubnd ")) != NULL) {
        const char *w = hit + 5;
        g_string_append_len(g, p, w - p);
        p = w;
        for (size_t i = 0; i < G_N_ELEMENTS(level); i++) {
            size_t n = strlen(level[i].abbr);
            if (strncmp(w, level[i].abbr, n) != 0 || (w[n] && w[n] != '.' && w[n] != ' '))
                continue;
            g_string_append(g, level[i].full);
            p = w + n;
            if (*p == '.')
                p++;
            if (*p && *p != ' ')
                g_string_append_c(g, ' ');
            break;
        }
    }
    g_string_append(g, p);
    return g_string_free(g, FALSE);
}

/* "ubnd" as a reader takes it: "U.B.N.D", "Ủy ban ND", and the committee
 * glued to its level by a dash, a dot or nothing ("UBND-huyện Phú Vang",
 * "UBND.huyện", "UBNDhuyện") are "ubnd " and the level, as "UBND huyện" is:
 * read as they were, an unsigned document to "UBND-huyện Phú Vang" left
 * criterion 22 while every reader sees the district. */
static char *spaced_committee(const char *f)
{
    static const char *const glued[] = {"huyen", "thi xa", "quan", "tinh", "thanh pho", "tp", "tx", "h.", "q.", "t.",
                                        "h ", "q ", "t "};
    static const struct { const char *from; } spelt[] = {{"u.b.n.d."}, {"u.b.n.d"}, {"uy ban nd"}, {"u ban nd"}};
    GString *g = g_string_new(NULL);
    for (const char *p = f; *p;) {
        bool start = p == f || !g_ascii_isalnum(p[-1]);
        size_t n = 0;
        for (size_t i = 0; start && !n && i < G_N_ELEMENTS(spelt); i++)
            if (strncmp(p, spelt[i].from, strlen(spelt[i].from)) == 0 && !g_ascii_isalnum(p[strlen(spelt[i].from)]))
                n = strlen(spelt[i].from);
        if (!n && start && strncmp(p, "ubnd", 4) == 0)
            n = 4;
        if (!n) {
            g_string_append_c(g, *p++);
            continue;
        }
        g_string_append(g, "ubnd");
        p += n;
        const char *w = p;
        while (*w == '-' || *w == '.' || *w == '_' || *w == ' ' || *w == ':' || *w == '/')
            w++;
        bool level = false;
        for (size_t i = 0; i < G_N_ELEMENTS(glued) && !level; i++)
            level = strncmp(w, glued[i], strlen(glued[i])) == 0;
        /* a separator, or a level glued on: one space, as "UBND huyện" */
        if ((w > p && g_ascii_isalpha(*w)) || (w == p && level)) {
            g_string_append_c(g, ' ');
            p = w;
        }
    }
    return g_string_free(g, FALSE);
}

/* Folds and writes "Ủy ban nhân dân" as "ubnd", as clerks do, so either
 * spelling matches the other. */
static char *fold_committee(const char *s)
{
    char *f = kc_text_fold(s);
    if (!f)
        return NULL;
    const char *longform = "uy ban nhan dan";
    size_t lf = strlen(longform);
    char *hit;
    while ((hit = strstr(f, longform)) != NULL) {
        memcpy(hit, "ubnd", 4);
        memmove(hit + 4, hit + lf, strlen(hit + lf) + 1);
    }
    char *spaced = spaced_committee(f);
    char *x = expand_levels(spaced);
    g_free(spaced);
    free(f);
    f = x ? strdup(x) : NULL;
    g_free(x);
    return f;
}

static bool contains_any(const char *folded, const char *const *needles)
{
    for (size_t i = 0; needles[i]; i++)
        if (strstr(folded, needles[i]))
            return true;
    return false;
}

/* "UBND thành phố …" before the two-tier reform: a city under a province
 * (Huế until 2025, Hội An, Đà Lạt, …) was a district-level unit, whose
 * committee reviewed its communes as a district's did; a centrally-run city
 * was a province, above the district.  So the city counts as the reviewing
 * authority unless it is one of those run from the centre at that date (Huế
 * became one on 1 January 2025), or names no city at all ("UBND thành phố"
 * alone, as a commune of the city writes it: its own city). */
static bool district_level_city(const char *folded, int year)
{
    static const struct { const char *name; int from; } central[] = {
        {"ha noi", 0}, {"ho chi minh", 0}, {"hcm", 0}, {"hai phong", 0}, {"da nang", 0}, {"can tho", 0},
        {"hue", 2025},
    };
    static const char city[] = "ubnd thanh pho";
    for (const char *p = folded; (p = strstr(p, city)) != NULL;) {
        p += sizeof city - 1;
        if (*p && *p != ' ' && *p != '.' && *p != ',' && *p != ';' && *p != '\n' && *p != '\r')
            continue; /* "ubnd thanh phone…": not the word */
        const char *w = p;
        while (*w == ' ' || *w == '.')
            w++;
        bool is_central = false;
        for (size_t i = 0; i < G_N_ELEMENTS(central) && !is_central; i++) {
            size_t n = strlen(central[i].name);
            is_central = strncmp(w, central[i].name, n) == 0 && !g_ascii_isalnum(w[n]) &&
                         (!central[i].from || !year || year >= central[i].from);
        }
        if (!is_central)
            return true;
    }
    return false;
}

bool kc_recipients_name_authority(const char *recipients, const char *authority, int year, int month)
{
    static const char *const district[] = {"ubnd huyen", "ubnd thi xa", "ubnd quan", NULL};
    static const char *const province[] = {"ubnd tinh", "ubnd thanh pho", NULL};
    bool found = false;
    char *r = fold_committee(recipients);
    if (!r)
        return false;
    if (authority && *authority) {
        char *a = fold_committee(authority);
        found = a && *a && strstr(r, a) != NULL;
        free(a);
    } else {
        /* The two-tier reform took effect on 1 July 2025. */
        bool after_reform = year > 2025 || (year == 2025 && month >= 7);
        found = contains_any(r, after_reform ? province : district) || (!after_reform && district_level_city(r, year));
    }
    free(r);
    return found;
}

/* Whether a folded word is one keystroke from a word of the authority's name:
 * one letter changed, added, dropped, or two swapped ("hyen", "huyne").  Words
 * under four letters are left exact ("xa", "quan" would meet too much). */
static bool one_off(const char *w, size_t n, const char *t, size_t m)
{
    if (m < 4 || (n > m ? n - m : m - n) > 1 || (n == m && strncmp(w, t, n) == 0))
        return false;
    size_t i = 0;
    while (i < n && i < m && w[i] == t[i])
        i++;
    if (n == m) /* a letter changed, or two swapped */
        return strncmp(w + i + 1, t + i + 1, n - i - 1) == 0 ||
               (i + 1 < n && w[i] == t[i + 1] && w[i + 1] == t[i] && strncmp(w + i + 2, t + i + 2, n - i - 2) == 0);
    return n > m ? strncmp(w + i + 1, t + i, m - i) == 0 : strncmp(w + i, t + i + 1, n - i) == 0;
}

/* Whether the folded text holds the words of `name` in a row, exactly but one
 * word one keystroke off. */
static bool near_words(char *const *words, char *const *name)
{
    for (size_t i = 0; words[i]; i++) {
        size_t k = 0, off = 0;
        for (; name[k] && words[i + k] && off <= 1; k++)
            if (strcmp(words[i + k], name[k]) != 0)
                off += one_off(words[i + k], strlen(words[i + k]), name[k], strlen(name[k])) ? 1 : 2;
        if (!name[k] && off == 1)
            return true;
    }
    return false;
}

bool kc_recipients_misspell_authority(const char *recipients, const char *authority, int year, int month)
{
    static const char *const district[] = {"ubnd huyen", "ubnd thi xa", "ubnd quan", NULL};
    static const char *const province[] = {"ubnd tinh", "ubnd thanh pho", NULL};
    if (!recipients || kc_recipients_name_authority(recipients, authority, year, month))
        return false;
    char *r = fold_committee(recipients), *a = authority && *authority ? fold_committee(authority) : NULL;
    char **words = r ? g_regex_split_simple("[^a-z0-9]+", r, 0, 0) : NULL;
    bool after_reform = year > 2025 || (year == 2025 && month >= 7), near = false;
    const char *const *names = after_reform ? province : district;
    const char *one[] = {a, NULL};
    if (a)
        names = one;
    for (size_t i = 0; words && names[i] && !near; i++) {
        char **name = g_regex_split_simple("[^a-z0-9]+", names[i], 0, 0);
        near = name[0] && *name[0] && near_words(words, name);
        g_strfreev(name);
    }
    g_strfreev(words);
    free(r);
    free(a);
    return near;
}
