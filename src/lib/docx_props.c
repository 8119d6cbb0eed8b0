/* docx_props.c: what a Word document's styles and numbering add to its text
 * (see docx.h): which styles are bold or hidden, and the numbers Word shows in front
 * of numbered paragraphs.  The criteria of a report are often numbered by
 * Word itself, so without this the STT column would read empty.
 *
 * Counters follow Word: one per list definition (w:abstractNum) and level; a
 * paragraph counts at its level and restarts the levels below it; a list
 * instance (w:num) with a w:startOverride restarts there the first time it
 * is used. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "docx.h"
#include "i18n.h"
#include "util.h"

#define LEVELS 9

typedef struct style {
    char *based_on;
    char type;             /* 'p' paragraph (w:type absent too), 'c' character, 'o' table or numbering */
    int bold;              /* -1: not said */
    int vanish;            /* hidden text (w:vanish): -1 not said */
    long num_id, level;    /* -1: no numbering */
} style;

typedef struct lvl {
    long start;
    char *fmt, *text;      /* w:numFmt, w:lvlText ("%1.") */
} lvl;

typedef struct abstract_num {
    lvl lvls[LEVELS];
    long count[LEVELS];
    bool started[LEVELS];
} abstract_num;

typedef struct num {
    long abstract;
    long start_override[LEVELS]; /* -1: none */
    bool used;
} num;

struct kc_docx_props {
    GHashTable *styles;    /* styleId → style */
    int default_bold;
    int default_vanish;
    GHashTable *abstracts; /* id → abstract_num */
    GHashTable *nums;      /* id → num */
};

typedef struct ctx {
    kc_docx_props *pr;
    style *cur_style;
    bool in_rpr_default, in_rpr, in_ppr, in_override;
    unsigned in_change;    /* inside w:rPrChange or w:pPrChange: the formatting before a tracked change */
    abstract_num *cur_abs;
    num *cur_num;
    long cur_level;
} ctx;

static void style_free(void *p)
{
    style *s = p;
    free(s->based_on);
    free(s);
}

static void abstract_free(void *p)
{
    abstract_num *a = p;
    for (int i = 0; i < LEVELS; i++) {
        free(a->lvls[i].fmt);
        free(a->lvls[i].text);
    }
    free(a);
}

static long num_attr(const kc_xml_attrs *a, const char *name, long dflt)
{
    const char *v = kc_xml_attr(a, KC_NS_WORD, name);
    char *end = NULL;
    long n = v ? strtol(v, &end, 10) : dflt;
    return v && (!end || *end || n < 0 || n > 1000000) ? dflt : n;
}

static int on_off(const kc_xml_attrs *a)
{
    const char *v = kc_xml_attr(a, KC_NS_WORD, "val");
    return !v || strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "on") == 0;
}

static int styles_start(kc_xml *x, void *ud, kc_ns ns, const char *name, const kc_xml_attrs *a)
{
    ctx *c = ud;
    if (ns != KC_NS_WORD)
        return 0;
    /* What a tracked change replaced is not the style's formatting: read, a
     * style once hidden (w:rPrChange holding w:vanish) hid the claims Word shows. */
    if (strcmp(name, "rPrChange") == 0 || strcmp(name, "pPrChange") == 0)
        c->in_change++;
    if (c->in_change)
        return 0;
    if (strcmp(name, "rPrDefault") == 0) {
        c->in_rpr_default = true;
    } else if (strcmp(name, "style") == 0) {
        const char *id = kc_xml_attr(a, KC_NS_WORD, "styleId");
        if (!id)
            return 0;
        if (g_hash_table_size(c->pr->styles) >= KC_DOCX_MAX_STYLES)
            return kc_xml_fail(x, KC_ELIMIT, _("more than %d styles"), KC_DOCX_MAX_STYLES);
        style *s = calloc(1, sizeof *s);
        char *key = strdup(id);
        if (!s || !key) {
            free(s);
            free(key);
            return kc_xml_oom(x);
        }
        const char *type = kc_xml_attr(a, KC_NS_WORD, "type");
        s->bold = s->vanish = -1;
        s->num_id = s->level = -1;
        s->type = !type || !strcmp(type, "paragraph") ? 'p' : !strcmp(type, "character") ? 'c' : 'o';
        g_hash_table_replace(c->pr->styles, key, s);
        c->cur_style = s;
    } else if (strcmp(name, "basedOn") == 0 && c->cur_style) {
        const char *v = kc_xml_attr(a, KC_NS_WORD, "val");
        free(c->cur_style->based_on);
        c->cur_style->based_on = v ? strdup(v) : NULL;
    } else if (strcmp(name, "rPr") == 0) {
        c->in_rpr = true;
    } else if (strcmp(name, "pPr") == 0) {
        c->in_ppr = true;
    } else if (strcmp(name, "b") == 0 && c->in_rpr) {
        if (c->cur_style)
            c->cur_style->bold = on_off(a);
        else if (c->in_rpr_default)
            c->pr->default_bold = on_off(a);
    } else if (strcmp(name, "vanish") == 0 && c->in_rpr) {
        if (c->cur_style)
            c->cur_style->vanish = on_off(a);
        else if (c->in_rpr_default)
            c->pr->default_vanish = on_off(a);
    } else if (strcmp(name, "numId") == 0 && c->in_ppr && c->cur_style) {
        c->cur_style->num_id = num_attr(a, "val", -1);
        if (c->cur_style->level < 0)
            c->cur_style->level = 0;
    } else if (strcmp(name, "ilvl") == 0 && c->in_ppr && c->cur_style) {
        c->cur_style->level = num_attr(a, "val", 0);
    }
    return 0;
}

static int styles_end(kc_xml *x, void *ud, kc_ns ns, const char *name)
{
    ctx *c = ud;
    (void)x;
    if (ns != KC_NS_WORD)
        return 0;
    if ((strcmp(name, "rPrChange") == 0 || strcmp(name, "pPrChange") == 0) && c->in_change)
        c->in_change--;
    if (c->in_change)
        return 0;
    if (strcmp(name, "style") == 0)
        c->cur_style = NULL;
    else if (strcmp(name, "rPrDefault") == 0)
        c->in_rpr_default = false;
    else if (strcmp(name, "rPr") == 0)
        c->in_rpr = false;
    else if (strcmp(name, "pPr") == 0)
        c->in_ppr = false;
    return 0;
}

static int numbering_start(kc_xml *x, void *ud, kc_ns ns, const char *name, const kc_xml_attrs *a)
{
    ctx *c = ud;
    kc_docx_props *pr = c->pr;
    if (ns != KC_NS_WORD)
        return 0;
    if (g_hash_table_size(pr->abstracts) + g_hash_table_size(pr->nums) >= KC_DOCX_MAX_LISTS)
        return kc_xml_fail(x, KC_ELIMIT, _("more than %d list definitions"), KC_DOCX_MAX_LISTS);
    if (strcmp(name, "abstractNum") == 0) {
        long id = num_attr(a, "abstractNumId", -1);
        abstract_num *an = id >= 0 ? calloc(1, sizeof *an) : NULL;
        if (id >= 0 && !an)
            return kc_xml_oom(x);
        if (an)
            g_hash_table_replace(pr->abstracts, GINT_TO_POINTER((int)id + 1), an);
        c->cur_abs = an;
    } else if (strcmp(name, "num") == 0) {
        long id = num_attr(a, "numId", -1);
        num *n = id >= 0 ? calloc(1, sizeof *n) : NULL;
        if (id >= 0 && !n)
            return kc_xml_oom(x);
        if (n) {
            n->abstract = -1;
            for (int i = 0; i < LEVELS; i++)
                n->start_override[i] = -1;
            g_hash_table_replace(pr->nums, GINT_TO_POINTER((int)id + 1), n);
        }
        c->cur_num = n;
    } else if (strcmp(name, "abstractNumId") == 0 && c->cur_num) {
        c->cur_num->abstract = num_attr(a, "val", -1);
    } else if (strcmp(name, "lvlOverride") == 0 && c->cur_num) {
        c->in_override = true;
        c->cur_level = num_attr(a, "ilvl", -1);
    } else if (strcmp(name, "startOverride") == 0 && c->cur_num && c->in_override && c->cur_level >= 0 &&
               c->cur_level < LEVELS) {
        c->cur_num->start_override[c->cur_level] = num_attr(a, "val", 0);
    } else if (strcmp(name, "lvl") == 0 && c->cur_abs && !c->in_override) {
        c->cur_level = num_attr(a, "ilvl", -1);
        if (c->cur_level >= 0 && c->cur_level < LEVELS)
            c->cur_abs->lvls[c->cur_level].start = 1;
    } else if (c->cur_abs && !c->in_override && c->cur_level >= 0 && c->cur_level < LEVELS) {
        lvl *l = &c->cur_abs->lvls[c->cur_level];
        const char *v = kc_xml_attr(a, KC_NS_WORD, "val");
        char **slot = strcmp(name, "numFmt") == 0 ? &l->fmt : strcmp(name, "lvlText") == 0 ? &l->text : NULL;
        if (strcmp(name, "start") == 0)
            l->start = num_attr(a, "val", 1);
        if (slot && v) {
            free(*slot);
            if (!(*slot = strdup(v)))
                return kc_xml_oom(x);
        }
    }
    return 0;
}

static int numbering_end(kc_xml *x, void *ud, kc_ns ns, const char *name)
{
    ctx *c = ud;
    (void)x;
    if (ns != KC_NS_WORD)
        return 0;
    if (strcmp(name, "abstractNum") == 0)
        c->cur_abs = NULL;
    else if (strcmp(name, "num") == 0)
        c->cur_num = NULL;
    else if (strcmp(name, "lvlOverride") == 0)
        c->in_override = false;
    else if (strcmp(name, "lvl") == 0 && !c->in_override)
        c->cur_level = -1;
    return 0;
}

void kc_docx_props_free(kc_docx_props *pr)
{
    if (!pr)
        return;
    if (pr->styles)
        g_hash_table_destroy(pr->styles);
    if (pr->abstracts)
        g_hash_table_destroy(pr->abstracts);
    if (pr->nums)
        g_hash_table_destroy(pr->nums);
    free(pr);
}

int kc_docx_props_load(kc_docx_props **out, kc_ooxml *p, const kc_ooxml_rel *rels, size_t nrels, kc_error *err)
{
    static const kc_xml_handler styles_h = {styles_start, styles_end, NULL};
    static const kc_xml_handler numbering_h = {numbering_start, numbering_end, NULL};
    kc_docx_props *pr = calloc(1, sizeof *pr);
    const kc_ooxml_rel *r;
    int rc = 0;

    if (!pr)
        return kc_error_oom(err);
    pr->styles = g_hash_table_new_full(g_str_hash, g_str_equal, free, style_free);
    pr->abstracts = g_hash_table_new_full(NULL, NULL, NULL, abstract_free);
    pr->nums = g_hash_table_new_full(NULL, NULL, NULL, free);
    ctx c = {.pr = pr, .cur_level = -1};
    if ((r = kc_ooxml_rel_by_type(rels, nrels, "styles")) && kc_ooxml_has(p, r->target))
        rc = kc_ooxml_parse(p, r->target, KC_OOXML_MAX_PART_SMALL, &styles_h, &c, err);
    if (rc == 0 && (r = kc_ooxml_rel_by_type(rels, nrels, "numbering")) && kc_ooxml_has(p, r->target))
        rc = kc_ooxml_parse(p, r->target, KC_OOXML_MAX_PART_SMALL, &numbering_h, &c, err);
    if (rc != 0) {
        kc_docx_props_free(pr);
        return rc;
    }
    *out = pr;
    return 0;
}

/* The style and those it is based on, at most 16 deep (a loop ends there).
 * Only a style of the type asked for: a paragraph that names a character
 * style (or a run a paragraph style) gets none of it in Word or LibreOffice,
 * which both showed such a paragraph "hidden" by a character style's w:vanish
 * (rtnum10: lint left its "7/7 …, đạt 100%" out as hidden); nor does a style
 * based on one of another type. */
static const style *find_style(const kc_docx_props *pr, const char *id, int hop, char type)
{
    const style *s = id && hop < 16 ? g_hash_table_lookup(pr->styles, id) : NULL;
    return s && s->type == type ? s : NULL;
}

int kc_docx_style_bold(const kc_docx_props *pr, const char *id, char type)
{
    int hop = 0;
    for (const style *s = find_style(pr, id, hop, type); s; s = find_style(pr, s->based_on, ++hop, type))
        if (s->bold >= 0)
            return s->bold;
    return pr->default_bold ? 1 : -1;
}

int kc_docx_style_vanish(const kc_docx_props *pr, const char *id, char type)
{
    int hop = 0;
    for (const style *s = find_style(pr, id, hop, type); s; s = find_style(pr, s->based_on, ++hop, type))
        if (s->vanish >= 0)
            return s->vanish;
    return -1;
}

/* w:vanish is one of Word's toggle properties (ECMA-376 17.7.3): set in a
 * style it toggles what the levels below it said (so a hidden character style
 * on a run of a hidden paragraph style shows it), set directly on the run it
 * is what it says.  LibreOffice shows and hides such runs as Word does. */
bool kc_docx_hidden(const kc_docx_props *pr, const char *pstyle, int rstyle_vanish, int direct)
{
    if (direct >= 0)
        return direct > 0;
    bool hidden = pr->default_vanish > 0;
    hidden ^= kc_docx_style_vanish(pr, pstyle, 'p') > 0;
    hidden ^= rstyle_vanish > 0;
    return hidden;
}

bool kc_docx_style_numbering(const kc_docx_props *pr, const char *id, long *num_id, long *level)
{
    int hop = 0;
    for (const style *s = find_style(pr, id, hop, 'p'); s; s = find_style(pr, s->based_on, ++hop, 'p'))
        if (s->num_id >= 0) {
            *num_id = s->num_id;
            *level = s->level >= 0 ? s->level : 0;
            return true;
        }
    return false;
}

static void format_counter(GString *out, long n, const char *fmt)
{
    static const struct { int v; const char *s; } roman[] = {
        {1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"},
        {50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}};
    fmt = fmt ? fmt : "decimal";
    bool upper = strncmp(fmt, "upper", 5) == 0;
    if ((strcmp(fmt, "upperRoman") == 0 || strcmp(fmt, "lowerRoman") == 0) && n > 0 && n < 4000) {
        for (size_t i = 0; i < G_N_ELEMENTS(roman); i++)
            for (; n >= roman[i].v; n -= roman[i].v)
                for (const char *p = roman[i].s; *p; p++)
                    g_string_append_c(out, upper ? *p : g_ascii_tolower(*p));
    } else if ((strcmp(fmt, "upperLetter") == 0 || strcmp(fmt, "lowerLetter") == 0) && n > 0 && n <= 780) {
        /* Word's way: A..Z, then AA..ZZ, AAA... */
        for (long k = 0; k <= (n - 1) / 26; k++)
            g_string_append_c(out, (char)((upper ? 'A' : 'a') + (n - 1) % 26));
    } else if (strcmp(fmt, "decimalZero") == 0) {
        g_string_append_printf(out, "%02ld", n);
    } else {
        g_string_append_printf(out, "%ld", n);
    }
}

char *kc_docx_number(kc_docx_props *pr, long num_id, long level)
{
    num *n = num_id > 0 && num_id <= 1000000 ? g_hash_table_lookup(pr->nums, GINT_TO_POINTER((int)num_id + 1)) : NULL;
    abstract_num *an = n && n->abstract >= 0 ? g_hash_table_lookup(pr->abstracts, GINT_TO_POINTER((int)n->abstract + 1)) : NULL;
    if (!an || level < 0 || level >= LEVELS)
        return NULL;
    if (!n->used) {
        /* The list restarts here: the next paragraph at that level shows the override. */
        n->used = true;
        for (int i = 0; i < LEVELS; i++)
            if (n->start_override[i] >= 0) {
                an->count[i] = n->start_override[i] - 1;
                an->started[i] = true;
            }
    }
    an->count[level] = an->started[level] ? an->count[level] + 1 : an->lvls[level].start;
    an->started[level] = true;
    for (int i = (int)level + 1; i < LEVELS; i++)
        an->started[i] = false;
    const lvl *l = &an->lvls[level];
    if (!l->text || (l->fmt && strcmp(l->fmt, "none") == 0))
        return NULL;
    GString *out = g_string_new(NULL);
    for (const char *p = l->text; *p; p++) {
        if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
            int k = p[1] - '1';
            format_counter(out, an->started[k] ? an->count[k] : an->lvls[k].start, an->lvls[k].fmt);
            p++;
        } else {
            gunichar c = g_utf8_get_char_validated(p, -1);
            const char *next = g_utf8_next_char(p);
            /* Symbol-font bullets are private-use characters: shown as nothing. */
            if (c != (gunichar)-1 && c != (gunichar)-2 && !(c >= 0xE000 && c <= 0xF8FF))
                g_string_append_len(out, p, next - p);
            p = next - 1;
        }
    }
    return g_string_free(out, out->len == 0); /* NULL when nothing is shown */
}
