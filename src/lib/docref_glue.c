/* docref_glue.c: a word that the figure reader takes apart.  Words are split
 * at white space, and a figure typed without its spaces was one word that no
 * figure read: "6/6=100%", "100%(7/7)", "100%văn bản", "đạt7/7" in criterion
 * 20 were held against nothing, while every viewer shows 6/6, 100%, 7/7.
 * Only words made of figures and their glue, or of one figure and letters,
 * or of a ratio and a percentage a list's or a range's sign joins, are taken
 * apart: a symbol ("02/QĐ-UBND", "15/2019QĐ"), a date, a range of days
 * ("6/6–7/7"), a web address's tail ("catid=150") stay whole. */
#include <glib.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "docref_internal.h"

/* A character as a figure reads it (kc_docref_figure_word): the
 * compatibility forms an IME types ("＝", "（", "７", "％") as their ASCII. */
static gunichar figure_char(gunichar c)
{
    gunichar d[4];
    if (kc_docref_is_slash(c))
        return '/';
    if (c == 0x066A)
        return '%';
    return g_unichar_fully_decompose(c, TRUE, d, G_N_ELEMENTS(d)) == 1 ? d[0] : c;
}

/* What glues a ratio to its percentage: "6/6=100%", "100%(6/6)", "6/7≈85,7%". */
static bool is_glue(gunichar c)
{
    c = figure_char(c);
    return c == '=' || c == '(' || c == ')' || c == 0x2248;
}

/* A digit or one of a figure's own signs. */
static bool is_sign(gunichar c)
{
    c = figure_char(c);
    return c < 0x80 && (g_ascii_isdigit((int)c) || c == '/' || c == '%' || c == ',' || c == '.');
}

/* "6/6=100%": figures and glue only, one piece per figure. */
static size_t glued(const char *s, const char *e, kc_piece *piece, size_t max)
{
    bool glue = false, digit = false;
    size_t n = 0;
    for (const char *q = s; q < e; q = g_utf8_next_char(q)) {
        gunichar c = g_utf8_get_char(q);
        if (is_glue(c))
            glue = true;
        else if (!is_sign(c))
            return 0;
        else
            digit |= g_ascii_isdigit((int)figure_char(c)) != 0;
    }
    if (!glue || !digit)
        return 0;
    for (const char *q = s; q < e;) {
        while (q < e && is_glue(g_utf8_get_char(q)))
            q = g_utf8_next_char(q);
        const char *a = q;
        while (q < e && !is_glue(g_utf8_get_char(q)))
            q = g_utf8_next_char(q);
        if (a < q) {
            if (n == max)
                return 0;
            piece[n++] = (kc_piece){a, q};
        }
    }
    return n;
}

/* "QĐ", "TTr": a document type's abbreviation (docref_words.c). */
static bool is_type(const char *s, const char *e)
{
    char *w = g_strndup(s, (size_t)(e - s));
    bool t = kc_docref_type_by_abbrev(w) != NULL;
    g_free(w);
    return t;
}

static bool has_lower(const char *s, const char *e)
{
    for (const char *q = s; q < e; q = g_utf8_next_char(q))
        if (g_unichar_islower(g_utf8_get_char(q)))
            return true;
    return false;
}

/* "100%văn", "Đạt100%", "7/7văn", "đạt7/7": one figure with only letters
 * stuck to it.  A percentage takes any letters; a ratio only a word (a
 * lower-case letter: "15/2019QĐ" is a symbol), and after a word only when
 * its second number is no year ("Số15/2019" is a number of a document). */
static size_t stuck(const char *s, const char *e, kc_piece *piece, size_t max)
{
    const char *a = NULL, *b = NULL;
    char core[32];
    size_t len = 0, n = 0;
    for (const char *q = s; q < e; q = g_utf8_next_char(q)) {
        gunichar c = g_utf8_get_char(q);
        if (is_sign(c)) {
            if (b || len + 1 >= sizeof core)
                return 0; /* a second figure, or no figure's length */
            a = a ? a : q;
            core[len++] = (char)figure_char(c);
        } else if (!g_unichar_isalpha(c)) {
            return 0;
        } else if (a && !b) {
            b = q;
        }
    }
    if (!a)
        return 0;
    b = b ? b : e;
    core[len] = 0;
    if ((a == s && b == e) || max < 3 || !g_ascii_isdigit(core[0]))
        return 0;
    char *slash = strchr(core, '/');
    if (core[len - 1] == '%') {
        if (slash || strchr(core, '%') != core + len - 1)
            return 0;
    } else if (slash && !strchr(slash + 1, '/') && !strchr(core, '%') && g_ascii_isdigit(slash[1]) &&
               g_ascii_isdigit(core[len - 1])) {
        /* Capitals alone after a ratio ("7/7VB") make a symbol only when its
         * second number is a year or they are a type's abbreviation
         * ("15/2019QĐ", "15/19QĐ"): viewers show "7/7VB" as 7/7 văn bản. */
        bool year = strlen(slash + 1) == 4 && atoi(slash + 1) >= 1900 && atoi(slash + 1) < 2200;
        if ((s < a && !has_lower(s, a)) || (s < a && year) ||
            (b < e && !has_lower(b, e) && (s < a || year || is_type(b, e))))
            return 0;
    } else {
        return 0;
    }
    if (s < a)
        piece[n++] = (kc_piece){s, a};
    piece[n++] = (kc_piece){a, b};
    if (b < e)
        piece[n++] = (kc_piece){b, e};
    return n;
}

/* A ratio and its percentage joined by what also separates a list or a range
 * ("6/6,100%", "6/6;100%", "6/6-100%", "100%–6/6"), each side read as its own
 * figure only when one is a ratio and the other a percentage: "6/6–7/7" (a
 * range of days), "6/6/2021,100" and a decimal comma ("85,7%") stay whole,
 * and "5/7,71,4%" is 5/7 and 71,4% (the first comma is the one between). */
static bool is_list_sep(gunichar c)
{
    c = figure_char(c);
    return c == ',' || c == ';' || c == '-' || c == 0x2013 || c == 0x2014 || c == 0x2212;
}

/* What the signs [s, e) read as: 'r' a ratio, 'p' a percentage, 0 neither;
 * *year tells whether a ratio's second number is a year ("15/2019"). */
static int figure_kind(const char *s, const char *e, bool *year)
{
    char core[32], *slash;
    size_t len = 0;
    double v;
    for (const char *q = s; q < e; q = g_utf8_next_char(q)) {
        if (len + 1 >= sizeof core)
            return 0;
        core[len++] = (char)figure_char(g_utf8_get_char(q));
    }
    core[len] = 0;
    if (len < 2 || !g_ascii_isdigit(core[0]))
        return 0;
    if (core[len - 1] == '%') {
        core[len - 1] = 0;
        return !strchr(core, '%') && !strchr(core, '/') && kc_docref_number(core, &v, NULL) ? 'p' : 0;
    }
    if (!(slash = strchr(core, '/')) || strchr(slash + 1, '/') || strchr(core, '%'))
        return 0;
    *slash = 0;
    *year = strlen(slash + 1) == 4 && atoi(slash + 1) >= 1900 && atoi(slash + 1) < 2200;
    return kc_docref_number(core, &v, NULL) && kc_docref_number(slash + 1, &v, NULL) ? 'r' : 0;
}

static bool only_letters(const char *s, const char *e)
{
    for (const char *q = s; q < e; q = g_utf8_next_char(q))
        if (!g_unichar_isalpha(g_utf8_get_char(q)))
            return false;
    return true;
}

static size_t listed(const char *s, const char *e, kc_piece *piece, size_t max)
{
    for (const char *q = s; q < e && max >= 4; q = g_utf8_next_char(q)) {
        if (!is_list_sep(g_utf8_get_char(q)))
            continue;
        const char *r = g_utf8_next_char(q), *a = q, *b = r;
        while (a > s && is_sign(g_utf8_get_char(g_utf8_prev_char(a))))
            a = g_utf8_prev_char(a);
        while (b < e && is_sign(g_utf8_get_char(b)))
            b = g_utf8_next_char(b);
        bool ly = false, ry = false;
        int left = figure_kind(a, q, &ly), right = figure_kind(r, b, &ry);
        /* Letters only around the pair ("đạt6/6,100%văn"), and no word glued
         * to a ratio of a year ("Số15/2019-100%" is a document's number). */
        if (!left || !right || left == right || !only_letters(s, a) || !only_letters(b, e) ||
            (s < a && ly))
            continue;
        size_t n = 0;
        if (s < a)
            piece[n++] = (kc_piece){s, a};
        piece[n++] = (kc_piece){a, q};
        piece[n++] = (kc_piece){r, b};
        if (b < e)
            piece[n++] = (kc_piece){b, e};
        return n;
    }
    return 0;
}

size_t kc_docref_pieces(const char *s, const char *e, kc_piece *piece, size_t max)
{
    size_t n = stuck(s, e, piece, max);
    if (!n)
        n = glued(s, e, piece, max);
    return n ? n : listed(s, e, piece, max);
}
