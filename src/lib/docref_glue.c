/* docref_glue.c: a word that the figure reader takes apart.  Words are split
 * at white space, and a figure typed without its spaces was one word that no
 * figure read: "6/6=100%", "100%(7/7)", "100%văn bản", "đạt7/7" in criterion
 * 20 were held against nothing, while every viewer shows 6/6, 100%, 7/7.
 * Only words made of figures and their glue, or of one figure and letters,
 * are taken apart: a symbol ("02/QĐ-UBND", "15/2019QĐ"), a date, a web
 * address's tail ("catid=150") stay whole. */
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
    if (c == 0x2044 || c == 0x2215)
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
        int den = atoi(slash + 1);
        if ((s < a && !has_lower(s, a)) || (b < e && !has_lower(b, e)) ||
            (s < a && strlen(slash + 1) == 4 && den >= 1900 && den < 2200))
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

size_t kc_docref_pieces(const char *s, const char *e, kc_piece *piece, size_t max)
{
    size_t n = stuck(s, e, piece, max);
    return n ? n : glued(s, e, piece, max);
}
