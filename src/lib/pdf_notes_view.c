/* pdf_notes_view.c: notes on what the screen and the paper show otherwise
 * (the verdict's notes, with pdf_notes.c): an annotation printed and not
 * shown, or shown and not printed, and optional content whose /Usage says
 * otherwise than its default state.  Viewers differ on these with nothing
 * changed after signing, so they are notes, never a status. */
#include <glib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "kiemchung/verify.h"
#include "pdf.h"
#include "pdf_notes_internal.h"

/* Whether the array list names the object ref names (by number). */
static bool lists(kc_pdf_noter *nr, kc_pdf_obj *list, uint32_t num)
{
    list = kc_pdf_resolve(nr->doc, nr->rev, list);
    for (size_t i = 0; list && list->type == KC_PDF_ARRAY && i < list->u.arr.n; i++)
        if (list->u.arr.items[i]->type == KC_PDF_REF && list->u.arr.items[i]->u.ref.num == num)
            return true;
    return false;
}

/* A state of a group's /Usage (/View /ViewState, /Print /PrintState): 1 on,
 * 0 off, -1 none. */
static int usage_state(kc_pdf_noter *nr, kc_pdf_obj *usage, const char *what, const char *key)
{
    kc_pdf_obj *u = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(usage, what));
    kc_pdf_obj *st = u && u->type == KC_PDF_DICT ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(u, key)) : NULL;
    return kc_pdf_is_name(st, "ON") ? 1 : kc_pdf_is_name(st, "OFF") ? 0 : -1;
}

/* The configurations viewers open a document with: /OCProperties /OCGs (the
 * groups viewers know), /D (poppler, pdf.js, Acrobat, MuPDF from 1.25) and
 * mu, the one MuPDF up to 1.24 opens with (Debian 12 ships 1.21, and
 * SumatraPDF was built on it): the first of /Configs when that is a
 * non-empty array (a first item that is no dictionary: every group on),
 * else /D. */
typedef struct {
    kc_pdf_obj *d, *groups;
    bool base_on;
    kc_pdf_obj *mu;
    bool mu_base_on;
    const char *why; /* the note's message once one is found */
} oc_config;

/* A group's state in the default configuration (/BaseState, then /ON, then
 * /OFF, as poppler, pdf.js and MuPDF read them): 1 on, 0 off, -1 a group
 * /OCGs does not list. */
static int group_state(kc_pdf_noter *nr, const oc_config *oc, uint32_t num)
{
    if (!lists(nr, oc->groups, num))
        return -1;
    int on = oc->base_on;
    if (oc->d && lists(nr, kc_pdf_dict_get(oc->d, "ON"), num))
        on = 1;
    if (oc->d && lists(nr, kc_pdf_dict_get(oc->d, "OFF"), num))
        on = 0;
    return on;
}

/* Whether two objects are the same name. */
static bool same_name(const kc_pdf_obj *a, const kc_pdf_obj *b)
{
    return a && b && a->type == KC_PDF_NAME && b->type == KC_PDF_NAME && a->u.str.len == b->u.str.len &&
           memcmp(a->u.str.data, b->u.str.data, a->u.str.len) == 0;
}

/* Whether the intent name (NULL: View) is in MuPDF's set, the /Intent of
 * the configuration cfg it opened with (View without one). */
static bool intent_in(kc_pdf_noter *nr, kc_pdf_obj *cfg, kc_pdf_obj *name)
{
    if (name ? kc_pdf_is_name(name, "All") : false)
        return true;
    kc_pdf_obj *set = cfg ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(cfg, "Intent")) : NULL;
    if (!set)
        return name ? kc_pdf_is_name(name, "View") : true;
    for (size_t i = 0; i < (set->type == KC_PDF_ARRAY ? set->u.arr.n : 1); i++) {
        kc_pdf_obj *it = set->type == KC_PDF_ARRAY ? kc_pdf_resolve(nr->doc, nr->rev, set->u.arr.items[i]) : set;
        if (kc_pdf_is_name(it, "All") || (name ? same_name(it, name) : kc_pdf_is_name(it, "View")))
            return true;
    }
    return false;
}

/* Whether MuPDF, opened with the configuration cfg, hides the group g for
 * its /Intent: a group whose intent is not among the configuration's
 * (/Intent /Design, with none in /D) is hidden by MuPDF (and so SumatraPDF);
 * poppler and pdf.js ignore intents. */
static bool intent_hides_in(kc_pdf_noter *nr, kc_pdf_obj *cfg, kc_pdf_obj *g)
{
    kc_pdf_obj *in = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(g, "Intent"));
    if (in && in->type == KC_PDF_NAME)
        return !intent_in(nr, cfg, in);
    if (in && in->type == KC_PDF_ARRAY) {
        for (size_t i = 0; i < in->u.arr.n; i++)
            if (intent_in(nr, cfg, kc_pdf_resolve(nr->doc, nr->rev, in->u.arr.items[i])))
                return false;
        return true;
    }
    return !intent_in(nr, cfg, NULL);
}

/* Whether a MuPDF hides g for its intent: from 1.25 by /D's, before by the
 * first of /Configs' (the first alternate configuration may name /Design
 * where /D names none). */
static bool intent_hides(kc_pdf_noter *nr, const oc_config *oc, kc_pdf_obj *g)
{
    return intent_hides_in(nr, oc->d, g) || intent_hides_in(nr, oc->mu, g);
}

/* A visibility expression (/VE) as poppler and pdf.js both read it: 1
 * shown, 0 hidden, -1 a shape they read otherwise (an operator other than
 * /And, /Or, /Not, a /Not of other than one operand, an operator alone, an
 * operand neither a listed group nor an expression, nested past pdf.js's 10: poppler
 * shows what pdf.js negates, and takes an empty /Or as false where pdf.js
 * shows it). */
static int expression(kc_pdf_noter *nr, const oc_config *oc, kc_pdf_obj *e, int depth)
{
    kc_pdf_obj *a = kc_pdf_resolve(nr->doc, nr->rev, e);
    if (depth >= 10 || !a || a->type != KC_PDF_ARRAY || a->u.arr.n < 2)
        return -1;
    kc_pdf_obj *op = kc_pdf_resolve(nr->doc, nr->rev, a->u.arr.items[0]);
    bool and = kc_pdf_is_name(op, "And"), or = kc_pdf_is_name(op, "Or"), not = kc_pdf_is_name(op, "Not");
    if (!(and || or || not) || (not && a->u.arr.n != 2))
        return -1;
    int r = and;
    for (size_t i = 1; i < a->u.arr.n; i++) {
        kc_pdf_obj *it = a->u.arr.items[i];
        int v = it->type == KC_PDF_REF ? group_state(nr, oc, it->u.ref.num) : -1;
        if (v < 0)
            v = expression(nr, oc, it, depth + 1);
        if (v < 0)
            return -1;
        r = not ? !v : and ? (r && v) : (r || v);
    }
    return r;
}

/* Whether the viewers agree on a membership dictionary (/Type /OCMD).  MuPDF
 * shows whatever has a /VE; poppler and pdf.js evaluate it (expression()).
 * Without one, /OCGs must be one listed group or an array of references to
 * listed groups (a group /OCProperties does not list is neither on nor off
 * to poppler, on to MuPDF, and shows the content to pdf.js; a direct
 * dictionary poppler skips), and a /P other than the four policies shows
 * to poppler what the others take as AnyOn. */
static bool member_agrees(kc_pdf_noter *nr, const oc_config *oc, kc_pdf_obj *m)
{
    kc_pdf_obj *ve = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(m, "VE"));
    if (ve && ve->type == KC_PDF_ARRAY)
        return expression(nr, oc, ve, 0) == 1;
    kc_pdf_obj *raw = kc_pdf_dict_get(m, "OCGs"), *ocgs = kc_pdf_resolve(nr->doc, nr->rev, raw);
    kc_pdf_obj *p = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(m, "P"));
    if (!ocgs)
        return true;
    /* One listed group named alone: the three read it alike. */
    if (raw->type == KC_PDF_REF && group_state(nr, oc, raw->u.ref.num) >= 0)
        return !(p && p->type == KC_PDF_NAME && !kc_pdf_is_name(p, "AnyOn") && !kc_pdf_is_name(p, "AllOn") &&
                 !kc_pdf_is_name(p, "AnyOff") && !kc_pdf_is_name(p, "AllOff"));
    if (ocgs->type != KC_PDF_ARRAY)
        return false;
    if (p && p->type == KC_PDF_NAME && !kc_pdf_is_name(p, "AnyOn") && !kc_pdf_is_name(p, "AllOn") &&
        !kc_pdf_is_name(p, "AnyOff") && !kc_pdf_is_name(p, "AllOff"))
        return false;
    for (size_t i = 0; i < ocgs->u.arr.n; i++)
        if (ocgs->u.arr.items[i]->type != KC_PDF_REF || group_state(nr, oc, ocgs->u.arr.items[i]->u.ref.num) < 0)
            return false;
    return true;
}

/* One group or membership dictionary: sets oc->why when viewers show it
 * otherwise.  A group /OCGs does not list is shown by poppler and pdf.js
 * whatever it says; MuPDF still applies its /Usage and /Intent. */
static void judge_oc(kc_pdf_noter *nr, oc_config *oc, uint32_t num, kc_pdf_obj *o)
{
    if (kc_pdf_is_name(kc_pdf_dict_get(o, "Type"), "OCMD")) {
        if (!member_agrees(nr, oc, o))
            oc->why = N_("content is shown or hidden by an optional content membership dictionary (/OCMD) that "
                         "poppler, pdf.js and MuPDF evaluate differently (a visibility expression /VE, a group "
                         "/OCGs does not list, an unknown policy): viewers show different pages");
        return;
    }
    if (!kc_pdf_is_name(kc_pdf_dict_get(o, "Type"), "OCG"))
        return;
    int listed = num ? group_state(nr, oc, num) : -1, on = listed < 0 ? 1 : listed;
    if (on && intent_hides(nr, oc, o)) {
        oc->why = N_("an optional content group (a layer) whose /Intent is not the viewer's (View) is hidden by "
                     "MuPDF and shown by poppler and pdf.js: viewers show different pages");
        return;
    }
    kc_pdf_obj *usage = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(o, "Usage"));
    if (!usage || usage->type != KC_PDF_DICT)
        return;
    int view = usage_state(nr, usage, "View", "ViewState"), print = usage_state(nr, usage, "Print", "PrintState");
    if ((view >= 0 && view != on) || (print >= 0 && print != on))
        oc->why = on ? N_("an optional content group (a layer) that is on by default is turned off for viewing or "
                          "printing by its /Usage: poppler shows it, pdf.js, MuPDF and Acrobat hide it, so "
                          "viewers show different pages")
                     : N_("an optional content group (a layer) that is off by default is turned on for viewing or "
                          "printing by its /Usage: viewers that apply it (MuPDF, Acrobat) show it, poppler and "
                          "pdf.js do not, so viewers show different pages");
}

/* The configuration MuPDF up to 1.24 opens with (oc->mu), and the note when
 * it sets a listed group otherwise than /D: its pdf_read_ocg selects the
 * first of /Configs, while poppler, pdf.js, Acrobat (and MuPDF from 1.25)
 * open with /D.  A /D that turns the group drawing "9" on beside a first
 * alternate configuration with /BaseState /OFF showed 90.000.000 in poppler
 * and Firefox and 10.000.000 in MuPDF 1.21, with no note.  An empty array,
 * or a /Configs that is no array, leaves /D (mutool 1.21 draws so).  (A
 * second alternate
 * configuration is one a reader picks by hand, like a layer toggled: no
 * note.) */
static void alternate_config(kc_pdf_noter *nr, oc_config *oc, kc_pdf_obj *ocp)
{
    oc->mu = oc->d;
    oc->mu_base_on = oc->base_on;
    kc_pdf_obj *configs = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(ocp, "Configs"));
    if (!configs || configs->type != KC_PDF_ARRAY || configs->u.arr.n == 0)
        return;
    kc_pdf_obj *first = kc_pdf_resolve(nr->doc, nr->rev, configs->u.arr.items[0]);
    oc->mu = first && first->type == KC_PDF_DICT ? first : NULL;
    oc->mu_base_on = !(oc->mu && kc_pdf_is_name(kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(oc->mu, "BaseState")), "OFF"));
    /* Each group's two states from sets of numbers (group_state() per group
     * would read the lists once a group: quadratic in a document's layers). */
    GHashTable *sets[4];
    kc_pdf_obj *cfgs[2] = {oc->d, oc->mu};
    for (int k = 0; k < 4; k++) {
        sets[k] = g_hash_table_new(g_direct_hash, g_direct_equal);
        kc_pdf_obj *l = cfgs[k / 2] ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(cfgs[k / 2], k % 2 ? "OFF" : "ON"))
                                    : NULL;
        for (size_t i = 0; l && l->type == KC_PDF_ARRAY && i < l->u.arr.n; i++)
            if (l->u.arr.items[i]->type == KC_PDF_REF)
                g_hash_table_add(sets[k], GUINT_TO_POINTER(l->u.arr.items[i]->u.ref.num));
    }
    for (size_t i = 0; i < oc->groups->u.arr.n && !oc->why; i++) {
        kc_pdf_obj *g = oc->groups->u.arr.items[i];
        if (g->type != KC_PDF_REF)
            continue;
        gpointer key = GUINT_TO_POINTER(g->u.ref.num);
        bool d_on = g_hash_table_contains(sets[1], key) ? false : g_hash_table_contains(sets[0], key) || oc->base_on;
        bool mu_on = g_hash_table_contains(sets[3], key) ? false : g_hash_table_contains(sets[2], key) || oc->mu_base_on;
        if (d_on != mu_on)
            oc->why = N_("a layer (optional content group) is on in the document's default configuration (/D) and "
                         "off in the first of its alternate ones (/Configs), or the other way round: MuPDF up to "
                         "1.24 (and SumatraPDF built on it) opens the document with the first of /Configs, "
                         "poppler, pdf.js and Acrobat with /D, so viewers show different pages");
    }
    for (int k = 0; k < 4; k++)
        g_hash_table_destroy(sets[k]);
}

/* judge_oc on o and the dictionaries it holds directly (a page's resources
 * name their /Properties inline, an annotation its /OC), bounded. */
static void walk_oc(kc_pdf_noter *nr, oc_config *oc, uint32_t num, kc_pdf_obj *o, int depth, size_t *budget)
{
    if (!o || oc->why || depth > 6 || (*budget)-- == 0)
        return;
    if (o->type == KC_PDF_DICT || o->type == KC_PDF_STREAM) {
        judge_oc(nr, oc, num, o);
        for (size_t i = 0; i < o->u.dict.n && !oc->why; i++)
            walk_oc(nr, oc, 0, o->u.dict.vals[i], depth + 1, budget);
    } else if (o->type == KC_PDF_ARRAY) {
        for (size_t i = 0; i < o->u.arr.n && !oc->why; i++)
            walk_oc(nr, oc, 0, o->u.arr.items[i], depth + 1, budget);
    }
}

/* Whether every viewer shows what a membership dictionary marks, once
 * member_agrees() says they read it alike: a /VE they agree on is on; else
 * its /OCGs by its /P (AnyOn when none). */
static bool member_shown(kc_pdf_noter *nr, const oc_config *oc, kc_pdf_obj *m)
{
    kc_pdf_obj *ve = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(m, "VE"));
    if (ve && ve->type == KC_PDF_ARRAY)
        return true;
    kc_pdf_obj *raw = kc_pdf_dict_get(m, "OCGs"), *ocgs = kc_pdf_resolve(nr->doc, nr->rev, raw);
    kc_pdf_obj *p = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(m, "P"));
    if (!ocgs)
        return true;
    bool any_on = false, all_on = true, one = ocgs->type != KC_PDF_ARRAY; /* a group, or an array of them */
    size_t n = one ? 1 : ocgs->u.arr.n;
    for (size_t i = 0; i < n; i++) {
        kc_pdf_obj *g = one ? raw : ocgs->u.arr.items[i];
        bool on = group_state(nr, oc, g->u.ref.num) == 1;
        any_on = any_on || on;
        all_on = all_on && on;
    }
    if (kc_pdf_is_name(p, "AllOn"))
        return all_on;
    if (kc_pdf_is_name(p, "AnyOff"))
        return !all_on;
    if (kc_pdf_is_name(p, "AllOff"))
        return !any_on;
    return any_on;
}

/* Optional content written inline in a content stream, "/OC << /Type /OCMD
 * /OCGs [g] >> BDC": the standard asks for the name of a /Properties entry
 * there, and poppler takes only a name (it draws what the span holds
 * whatever the dictionary says), while pdf.js and MuPDF evaluate the
 * dictionary (MuPDF takes an inline /OCG equal to a listed group for it).
 * A span over a group that is off drew 90.000.000 in poppler and 10.000.000
 * in pdf.js and MuPDF, with no note: walk_oc() reads objects, not content.
 * Let be: what all three show (a membership dictionary they read alike that
 * is on), and inline properties that are no optional content (a tagged
 * PDF's "/P << /MCID 0 >> BDC").  Every stream of the revision is read (a
 * content stream is known by where it is used, not by its dictionary), in a
 * bounded number of decoded bytes; content this reader cannot decode or that
 * is past the bound is said as unknown (an image's codec aside). */
#define MAX_OC_CONTENT ((size_t)256 << 20) /* decoded bytes read for a document */

static bool image_codec(kc_pdf_obj *f)
{
    static const char *const codecs[] = {"DCTDecode", "DCT", "JPXDecode", "JBIG2Decode", "CCITTFaxDecode", "CCF"};
    if (f && f->type == KC_PDF_ARRAY)
        f = f->u.arr.n ? f->u.arr.items[f->u.arr.n - 1] : NULL;
    for (size_t i = 0; f && i < sizeof codecs / sizeof *codecs; i++)
        if (kc_pdf_is_name(f, codecs[i]))
            return true;
    return false;
}

/* Sets oc->why when the span's properties d (an inline dictionary) is
 * optional content that viewers show otherwise. */
static void judge_inline(kc_pdf_noter *nr, oc_config *oc, kc_pdf_obj *d)
{
    kc_pdf_obj *type = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(d, "Type"));
    bool ocmd = kc_pdf_is_name(type, "OCMD");
    if (!ocmd && !kc_pdf_is_name(type, "OCG"))
        return;
    if (ocmd && member_agrees(nr, oc, d) && member_shown(nr, oc, d))
        return;
    oc->why = N_("a content stream marks a span as optional content written inline (\"/OC << ... >> BDC\", which "
                 "the standard does not allow): poppler draws what the span holds whatever the dictionary says, "
                 "pdf.js and MuPDF evaluate it and may hide it, so viewers show different pages");
}

#define DELIMS " \t\r\n\f()<>[]{}/%" /* white space (NUL aside) and delimiters */

/* The content operators of b: a dictionary right after the name /OC and
 * right before the operator BDC (its two operands: the tag, then the
 * properties).  The stream is read token by token as viewers read it
 * (strings whole, an inline image's data to its EI); only such a dictionary,
 * and a name with a #-escape (/O#43 is /OC), go through the parser: a page
 * is millions of tokens, and its objects cost an allocation each. */
/* The objects parsed out of a content stream go to an arena of their own,
 * renewed every 4096 (a stream of a million "/OC <<>>"); false when memory
 * ran out. */
static bool fresh_arena(kc_arena **a, size_t *parsed)
{
    if (++*parsed <= 4096)
        return true;
    kc_arena_free(*a);
    *a = kc_arena_new();
    *parsed = 0;
    return *a != NULL;
}

static void scan_inline(kc_pdf_noter *nr, oc_config *oc, const unsigned char *b, size_t n)
{
    kc_arena *a = kc_arena_new();
    bool after_oc = false;
    size_t p = 0, parsed = 0;
    while (a && !oc->why) {
        p = kc_pdf_skip_ws(b, n, p);
        if (p >= n)
            break;
        unsigned char c = b[p];
        bool oc_before = after_oc;
        after_oc = false;
        if (c == '(') {
            p = kc_pdf_skip_literal(b, n, p);
            continue;
        }
        if (c == '<' && (p + 1 >= n || b[p + 1] != '<')) {
            const unsigned char *gt = memchr(b + p, '>', n - p);
            p = gt ? (size_t)(gt - b) + 1 : n;
            continue;
        }
        if (c == '[' || c == ']' || c == '{' || c == '}' || c == '<' || c == '>') {
            if (c == '<' && oc_before) {
                if (!fresh_arena(&a, &parsed))
                    break;
                kc_pdf_obj *o = NULL;
                size_t q = p;
                if (kc_pdf_parse_object(a, b, n, &q, 0, &o) == KC_PARSE_OK && o && o->type == KC_PDF_DICT &&
                    kc_pdf_at_keyword(b, n, kc_pdf_skip_ws(b, n, q), "BDC"))
                    judge_inline(nr, oc, o);
            }
            p += (c == '<' || c == '>') && p + 1 < n && b[p + 1] == c ? 2 : 1;
            continue;
        }
        /* A number, a name, an operator: its regular characters. */
        size_t e = p + 1;
        while (e < n && b[e] != 0 && !strchr(DELIMS, b[e]))
            e++;
        if (c == '/') {
            after_oc = e - p == 3 && memcmp(b + p, "/OC", 3) == 0;
            if (memchr(b + p, '#', e - p)) {
                kc_pdf_obj *o = NULL;
                size_t q = p;
                if (!fresh_arena(&a, &parsed))
                    break;
                after_oc = kc_pdf_parse_object(a, b, n, &q, 0, &o) == KC_PARSE_OK && kc_pdf_is_name(o, "OC");
            }
        } else if (e - p == 2 && memcmp(b + p, "ID", 2) == 0) {
            e = kc_pdf_skip_inline_data(b, n, e); /* to its "EI" */
        }
        p = e;
    }
    if (a)
        kc_arena_free(a);
}

static void scan_stream_oc(kc_pdf_noter *nr, oc_config *oc, kc_pdf_obj *st, size_t *budget)
{
    unsigned char *data = NULL;
    size_t len = 0;
    int rc = *budget ? kc_pdf_stream_decode(kc_pdf_source(nr->doc), st, *budget, &data, &len, NULL) : KC_ELIMIT;
    if (rc != 0) {
        if (rc == KC_ELIMIT || !image_codec(kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(st, "Filter"))))
            oc->why = N_("a content stream of the document cannot be read here (a filter this reader does not "
                         "decode, or more than it reads), so whether it marks optional content inline (\"/OC << "
                         "... >> BDC\"), which poppler draws and pdf.js and MuPDF may hide, is not known");
        return;
    }
    *budget -= len < *budget ? len : *budget;
    if (!kc_pdf_stream_ends(nr->doc, st)) { /* viewers read on past what was decoded */
        oc->why = N_("a content stream of the document has a /Length that does not end at its endstream: "
                     "viewers read it up to the endstream, this reader by its /Length, so whether it marks "
                     "optional content inline (\"/OC << ... >> BDC\"), which poppler draws and pdf.js and MuPDF "
                     "may hide, is not known");
        free(data);
        return;
    }
    /* Content with no "BDC", or no "OC" nor a name's #-escape (/O#43), marks
     * no span /OC: read at memmem's speed (an image, most pages). */
    if (memmem(data, len, "BDC", 3) && (memmem(data, len, "OC", 2) || memchr(data, '#', len)))
        scan_inline(nr, oc, data, len);
    free(data);
}

/* Optional content viewers show otherwise with nothing changed after
 * signing.  poppler shows a group as /D sets it (/BaseState, then /ON, then
 * /OFF), while pdf.js hides a group that is on whose /View /ViewState (or,
 * printing, /Print /PrintState) is /OFF, and MuPDF and Acrobat apply the
 * usage too (and MuPDF shows a group that is off whose usage turns it on);
 * MuPDF hides a group whose /Intent is not View; and membership
 * dictionaries (/OCMD) with a visibility expression or an odd /OCGs or /P
 * are evaluated three ways (member_agrees).  The chairman who signs in
 * Firefox sees 10.000.000; Evince shows the "9" the page draws inside the
 * group.  Every object of the revision is looked at (a membership
 * dictionary may sit in any resources, and a group need not be listed),
 * only when the document has optional content at all: without
 * /OCProperties /OCGs every viewer shows everything. */
#define MAX_OC_NODES ((size_t)4 << 20)
static const char *oc_differs(kc_pdf_noter *nr, kc_pdf_obj *root)
{
    kc_pdf_obj *ocp = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(root, "OCProperties"));
    if (!ocp || ocp->type != KC_PDF_DICT)
        return NULL;
    oc_config oc = {kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(ocp, "D")),
                    kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(ocp, "OCGs")), true, NULL, true, NULL};
    if (!oc.groups || oc.groups->type != KC_PDF_ARRAY)
        return NULL;
    if (oc.d && oc.d->type != KC_PDF_DICT)
        oc.d = NULL;
    oc.base_on = !(oc.d && kc_pdf_is_name(kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(oc.d, "BaseState")), "OFF"));
    alternate_config(nr, &oc, ocp);
    GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    size_t budget = MAX_OC_NODES, content = MAX_OC_CONTENT;
    for (size_t s = 0; s < kc_pdf_section_count(nr->doc) && !oc.why && budget; s++) {
        const kc_xref_section *sec = kc_pdf_section(nr->doc, s);
        for (size_t i = 0; i < sec->n_entries && !oc.why && budget; i++) {
            uint32_t num = sec->entries[i].num;
            if (g_hash_table_contains(seen, GUINT_TO_POINTER(num)))
                continue;
            g_hash_table_add(seen, GUINT_TO_POINTER(num));
            const kc_xref_entry *e = kc_pdf_entry(nr->doc, nr->rev, num);
            if (!e || e->type == 0)
                continue;
            kc_pdf_obj *o = kc_pdf_get(nr->doc, nr->rev, num, NULL);
            walk_oc(nr, &oc, num, o, 0, &budget);
            if (o && o->type == KC_PDF_STREAM && !oc.why)
                scan_stream_oc(nr, &oc, o, &content);
        }
    }
    g_hash_table_destroy(seen);
    return oc.why;
}

void kc_noter_optional_content(kc_pdf_noter *nr, kc_pdf_obj *root)
{
    const char *why = oc_differs(nr, root);
    if (why)
        kc_noter_note(nr, KC_NOTE_OPTIONAL_CONTENT, g_strdup(_(why))); /* one note for the document */
}

/* rtshown23: the same judgement for index, whose text (poppler's) holds
 * what poppler shows: a heading "năm 2021" in a group /D leaves on and its
 * /Usage turns off on screen is in poppler's text and on no Firefox page. */
const char *kc_pdf_optional_content_differs(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *root)
{
    kc_pdf_noter nr = {.doc = doc, .rev = rev};
    return oc_differs(&nr, root);
}

/* Whether viewers draw an annotation of subtype st that has no /AP
 * themselves: poppler makes the appearance of these from their own
 * dictionary (a FreeText's /Contents in its /DA, a Square's /Rect and /IC),
 * and prints it: a FreeText saying "9" over the amount, NoView and Print,
 * was on the paper and on no screen, with no note.  (An icon, a link's
 * border: nothing over the page's text.) */
static bool drawn_without_ap(kc_pdf_obj *st)
{
    static const char *const drawn[] = {"FreeText", "Square", "Circle", "Line", "Polygon", "PolyLine",
                                        "Ink", "Highlight", "Underline", "Squiggly", "StrikeOut"};
    for (size_t i = 0; i < sizeof drawn / sizeof *drawn; i++)
        if (kc_pdf_is_name(st, drawn[i]))
            return true;
    return false;
}

/* Whether annotation a's /F is what poppler reads as no flags while MuPDF
 * reads flags from it: a real (/F 2.0: MuPDF takes its integer part, pdf.js
 * the number, an integer) or an integer beyond 32 bits (/F 4294967298, 2^32 +
 * 2: MuPDF and pdf.js its low 32 bits, Hidden).  *other: those flags. */
static bool flags_beyond_poppler(kc_pdf_noter *nr, kc_pdf_obj *a, int64_t *other)
{
    kc_pdf_obj *f = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(a, "F"));
    if (f && f->type == KC_PDF_REAL && f->u.r > INT32_MIN && f->u.r < INT32_MAX) {
        *other = (int32_t)f->u.r;
        return true;
    }
    if (f && f->type == KC_PDF_INT && (f->u.i > INT32_MAX || f->u.i < INT32_MIN)) {
        *other = (int32_t)(uint32_t)(uint64_t)f->u.i;
        return true;
    }
    return false;
}

/* Adds note `code` on an annotation: fmt takes its page (%zu) and its
 * subtype's name (%s). */
static void note_annot(kc_pdf_noter *nr, const char *code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void note_annot(kc_pdf_noter *nr, const char *code, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    kc_noter_note(nr, code, g_strdup_vprintf(fmt, args));
    va_end(args);
}

/* Annotations the printed page and the screen show otherwise: poppler,
 * MuPDF and pdf.js draw on screen what /F does not hide (NoView: with
 * ToggleNoView too, which only Acrobat reads, to show it while the pointer
 * is over it) and print only what says Print.  A Stamp drawing "9" over the
 * amount with /F NoView Print ToggleNoView (292) was shown by none of the
 * three and printed by poppler, with no note.
 * A Stamp drawing "9" over the amount with /F NoView Print shows 10.000.000
 * to the chairman who signs and prints 90.000.000 (and the other way round:
 * without Print, the screen shows what the paper does not).  Hidden is
 * neither, and hidden-appearance's business (so is a widget NoView hides).
 * Only an annotation that draws
 * something: an area and a non-empty appearance, or none and a subtype
 * viewers draw themselves (drawn_without_ap). */
void kc_noter_print_differs(kc_pdf_noter *nr)
{
    enum { F_INVISIBLE = 1 << 0, F_PRINT = 1 << 2 };
    GArray *annots = kc_noter_annots(nr, NULL);
    for (guint i = 0; i < annots->len && nr->notes->len < MAX_NOTES; i++) {
        kc_pdf_obj *a = g_array_index(annots, kc_noter_annot, i).obj;
        size_t page = g_array_index(annots, kc_noter_annot, i).page;
        int64_t flags = 0;
        kc_pdf_get_int(kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(a, "F")), &flags);
        if (flags > INT32_MAX || flags < INT32_MIN)
            flags = 0; /* poppler reads flags only from a 32-bit integer */
        bool shown = !(flags & F_NOVIEW), printed = flags & F_PRINT;
        kc_pdf_obj *ap = kc_noter_appearance(nr, a);
        kc_pdf_obj *st = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(a, "Subtype"));
        char sub[64] = "?"; /* the subtype's name, for the messages */
        if (st && st->type == KC_PDF_NAME)
            g_snprintf(sub, sizeof sub, "%.*s", (int)MIN(st->u.str.len, sizeof sub - 1), (const char *)st->u.str.data);
        /* Invisible (/F 1) is for subtypes a viewer does not know, and
         * poppler and pdf.js (which drops the flag from every subtype it
         * knows) draw a Stamp so flagged; MuPDF (and so SumatraPDF, common
         * on office PCs) hides it: a Stamp drawing "9" over the amount with
         * /F 5 showed 10.000.000 there and 90.000.000 everywhere else. */
        bool draws = (ap ? ap->stream_len > 0 : drawn_without_ap(st)) && kc_noter_has_area(nr, a);
        /* (rtform16) poppler reads no flags from a real or an integer beyond
         * 32 bits and draws the annotation; MuPDF reads Hidden there and
         * hides it.  A signature widget drawing "9" over the amount with /F
         * 4294967298 showed 90.000.000 in pdftoppm and 10.000.000 in mutool,
         * noted as drawn by pdf.js alone; a Stamp with /F 2.0, as printed
         * and not shown. */
        int64_t other = 0;
        if (draws && flags_beyond_poppler(nr, a, &other) && (other & (F_HIDDEN | F_NOVIEW))) {
            note_annot(nr, KC_NOTE_HIDDEN_APPEARANCE,
                       _("page %zu, an annotation (%s) whose flags (/F) are a real or an integer beyond 32 bits is "
                         "drawn by poppler, which reads no flags there, and hidden by MuPDF (SumatraPDF), which reads "
                         "them as Hidden or NoView: viewers show different pages"),
                       page, sub);
            continue;
        }
        /* pdf.js takes flags that are not a positive integer for none
         * (Annotation.setFlags), poppler and MuPDF read a negative /F bit by
         * bit: a Stamp drawing "9" over the amount with /F -1 was Hidden to
         * them and drawn by Firefox, 90.000.000, with no note (rtmdp).  A
         * widget so flagged is the field walk's (hidden-appearance). */
        if (kc_noter_hidden_but_pdfjs(flags) && draws && !kc_pdf_is_name(st, "Widget")) {
            note_annot(nr, KC_NOTE_HIDDEN_APPEARANCE,
                       _("page %zu, an annotation (%s) whose flags (/F) are a negative number is hidden by poppler and "
                         "MuPDF and drawn by pdf.js (Firefox), which reads such flags as none: viewers show different "
                         "pages"),
                       page, sub);
            continue;
        }
        if ((flags & F_INVISIBLE) && !(flags & F_HIDDEN) && (shown || printed) && draws) {
            note_annot(nr, KC_NOTE_HIDDEN_APPEARANCE,
                       _("page %zu, an annotation (%s) flagged Invisible (/F 1) is hidden by MuPDF (SumatraPDF) and "
                         "drawn by poppler and pdf.js (Firefox): viewers show different pages"),
                       page, sub);
            continue;
        }
        /* A widget NoView hides pdf.js draws on screen all the same: that is
         * hidden-appearance's note. */
        if ((flags & F_HIDDEN) || ((flags & F_NOVIEW) && kc_pdf_is_name(st, "Widget")) || shown == printed || !draws)
            continue;
        if (printed)
            note_annot(nr, KC_NOTE_PRINT,
                       _("page %zu, an annotation (%s) is printed but not shown on screen (/F Print with NoView): the "
                         "printed page is not the page viewers show"),
                       page, sub);
        else
            note_annot(nr, KC_NOTE_PRINT,
                       _("page %zu, an annotation (%s) is shown on screen but not printed (its /F lacks Print): the "
                         "printed page is not the page viewers show"),
                       page, sub);
    }
    g_array_free(annots, TRUE);
}
