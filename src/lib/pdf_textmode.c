/* pdf_textmode.c: whether a page's content draws its text or shows it to
 * nobody (pdf_actual.c asks, for the pages whose text index reads).
 *
 * Text drawn in render mode 3 (neither filled nor stroked) or 7 (only added
 * to the clip), or any mode with the same low bits (11, 15, -1), is in poppler's text, and MuPDF's and pdf.js's, though no
 * viewer shows it: a heading "Số: 21/BC-UBND ngày 30 tháng 06 năm 2021" so
 * drawn above a page that shows "năm 2020" was read as 2021 (rtpdf19).  An
 * OCR'd scan's text is all drawn so over its image, and is all its text; so
 * only a page that also shows text of its own is judged.  A form XObject
 * drawn while the mode so hides inherits it, and counts as text not shown.
 * The lexer is the content stream's: strings, names, arrays, dictionaries,
 * comments and inline images are skipped whole; each operator ends a run of
 * operands, and Tr takes the last number before it.
 *
 * Text drawn in a filling mode may not show either: in white on the white
 * page, clipped away, under a shape painted after it (rtpdf20).  Drawing
 * the page tells (pdftext_shown.c), at twice the cost of reading its text;
 * so the scan also notes the first thing that may so hide text (may_hide),
 * and a page that draws none (its text black, with no clip, nothing painted
 * after it but thin strokes, no optional content) is not drawn. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "pdf.h"

#define MAX_NUMS 6     /* operands kept: cm's and Tm's six */
#define THIN_STROKE 2.0 /* points: a stroke no wider covers no glyph of a number, nor is a ground for one */
#define LARGE_TEXT 72.0 /* points: a glyph larger is no text of a document but may be a ground (a huge "l") */

static bool is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0;
}

static bool is_delim(unsigned char c)
{
    return strchr("()<>[]{}/%", c) != NULL;
}

/* poppler and MuPDF read a mode by its low bits: bit 0 no fill, bit 1
 * stroke, so "& 3 == 3" draws nothing, whatever else is set; 11, 15 or -1
 * (atkpdf: a heading "năm 2021" in mode 11 over a page showing 2020, read
 * as 2021 without a word) hide text as 3 and 7 do. */
static bool hides(int mode)
{
    return (mode & 3) == 3;
}

/* The operands before an operator: numbers (the last MAX_NUMS), and
 * whether the first was the name /OC (optional content). */
typedef struct operands {
    double num[MAX_NUMS];
    int n;
    bool oc;
    bool named; /* a name came: the first operand is known */
} operands;

static void may_hide(kc_pdf_textmodes *m, const char *why)
{
    if (!m->may_hide)
        m->may_hide = why;
}

static double absd(double v)
{
    return v < 0 ? -v : v;
}

/* A text-showing operator in the current state. */
static void show_text(kc_pdf_textmodes *m)
{
    if (hides(m->st.mode)) {
        m->hidden++;
        return;
    }
    m->shown++;
    m->drew_text = true;
    if (m->st.mode != 0) /* stroked or clipping text: its stroke colour, or a clip for what follows */
        may_hide(m, "text drawn in a render mode other than 0");
    if (!m->st.fill_black)
        may_hide(m, "text drawn in a colour other than black");
    if (m->st.clipped)
        may_hide(m, "text drawn inside a clip");
    if (m->ground)
        may_hide(m, "text drawn over a shape, a line or a picture");
    if (m->st.font_size * m->tm_scale * m->st.scale > LARGE_TEXT)
        may_hide(m, "text drawn larger than 72 points");
}

/* A path filled, a picture or a form drawn: over text drawn before it, or
 * under text drawn after it, unless filled in white. */
static void paint(kc_pdf_textmodes *m, bool white_fill)
{
    if (m->drew_text)
        may_hide(m, "a shape or a picture painted after text");
    if (!white_fill)
        m->ground = true;
}

/* How much a matrix's last six operands enlarge: a bound, |a|+|b| or |c|+|d|. */
static double grows(const operands *o)
{
    const double *a = o->num + o->n - 6;
    double x = absd(a[0]) + absd(a[1]), y = absd(a[2]) + absd(a[3]);
    return x > y ? x : y;
}

/* Whether the last k operands are all v. */
static bool all(const operands *o, int k, double v)
{
    if (o->n < k)
        return false;
    for (int i = o->n - k; i < o->n; i++)
        if (o->num[i] != v)
            return false;
    return true;
}

static void colour(kc_pdf_textmodes *m, const unsigned char *w, size_t k, const operands *o)
{
#define IS(s) (k == sizeof(s) - 1 && memcmp(w, s, k) == 0)
    if (IS("g")) {
        m->st.fill_black = all(o, 1, 0);
        m->st.fill_white = all(o, 1, 1);
    } else if (IS("rg")) {
        m->st.fill_black = all(o, 3, 0);
        m->st.fill_white = all(o, 3, 1);
    } else if (IS("k")) { /* black ink at full: black whatever else is inked */
        m->st.fill_black = o->n >= 4 && o->num[o->n - 1] == 1;
        m->st.fill_white = all(o, 4, 0);
    } else if (IS("sc") || IS("scn")) {
        /* 3 zeros: RGB, ICC RGB, Lab; one zero black only in DeviceGray (Separation: no ink) */
        m->st.fill_black = !o->named && ((o->n == 3 && all(o, 3, 0)) || (o->n == 1 && m->st.gray_space && all(o, 1, 0)) ||
                                         (o->n == 4 && o->num[3] == 1));
        m->st.fill_white = !o->named && ((o->n == 1 && m->st.gray_space && all(o, 1, 1)));
    }
#undef IS
}

static void op(kc_pdf_textmodes *m, const unsigned char *w, size_t k, const operands *o, const char *cs_name)
{
#define IS(s) (k == sizeof(s) - 1 && memcmp(w, s, k) == 0)
    double last = o->n ? o->num[o->n - 1] : 0;
    if (IS("q")) {
        if (m->depth < KC_PDF_TEXTMODE_DEPTH)
            m->saved[m->depth] = m->st;
        m->depth++;
    } else if (IS("Q")) {
        if (m->depth > 0 && --m->depth < KC_PDF_TEXTMODE_DEPTH)
            m->st = m->saved[m->depth];
    } else if (IS("Tr")) {
        if (o->n)
            m->st.mode = (int)last;
    } else if (IS("Tj") || IS("TJ") || IS("'") || IS("\"")) {
        show_text(m);
    } else if (IS("Do")) {
        if (hides(m->st.mode))
            m->hidden++;
        paint(m, false);
    } else if (IS("W") || IS("W*")) {
        m->st.clipped = true;
    } else if (IS("f") || IS("F") || IS("f*")) {
        paint(m, m->st.fill_white);
    } else if (IS("B") || IS("B*") || IS("b") || IS("b*") || IS("sh") || IS("BI")) {
        paint(m, false);
    } else if (IS("S") || IS("s")) {
        if (m->st.line_width * m->st.scale > THIN_STROKE)
            paint(m, false);
    } else if (IS("Tf")) {
        if (o->n)
            m->st.font_size = absd(last);
    } else if (IS("Tm")) {
        if (o->n >= 6)
            m->tm_scale = grows(o);
    } else if (IS("BT")) {
        m->tm_scale = 1;
    } else if (IS("w")) {
        if (o->n)
            m->st.line_width = absd(last);
    } else if (IS("cm")) {
        if (o->n >= 6)
            m->st.scale *= grows(o);
    } else if (IS("cs")) {
        m->st.gray_space = cs_name && strcmp(cs_name, "DeviceGray") == 0;
        m->st.fill_black = m->st.gray_space; /* every space's initial colour: black, but for Separation (no ink) or Indexed */
        m->st.fill_white = false;
    } else if (IS("BDC") || IS("BMC")) {
        if (o->oc)
            may_hide(m, "optional content");
    } else {
        colour(m, w, k, o);
    }
#undef IS
}

void kc_pdf_text_modes(const unsigned char *b, size_t n, kc_pdf_textmodes *m)
{
    size_t p = 0;
    operands o = {0};
    char name[16] = ""; /* the last name, for cs */
    if (!m->started) { /* the initial graphics state: black, no clip, lines 1 wide, no scaling */
        m->st = (kc_pdf_textstate){.fill_black = true, .gray_space = true, .line_width = 1, .scale = 1};
        m->tm_scale = 1;
        m->started = true;
    }
    while (p < n) {
        unsigned char c = b[p];
        if (is_ws(c)) {
            p++;
        } else if (c == '%') {
            while (p < n && b[p] != '\r' && b[p] != '\n')
                p++;
        } else if (c == '(') {
            p = kc_pdf_skip_literal(b, n, p);
            o.n = 0;
            o.named = true;
        } else if (c == '<' && p + 1 < n && b[p + 1] != '<') {
            const unsigned char *gt = memchr(b + p, '>', n - p);
            p = gt ? (size_t)(gt - b) + 1 : n;
            o.n = 0;
            o.named = true;
        } else if (c == '/') {
            size_t s = ++p;
            for (; p < n && !is_ws(b[p]) && !is_delim(b[p]); p++)
                ;
            size_t len = p - s < sizeof name - 1 ? p - s : sizeof name - 1;
            memcpy(name, b + s, len);
            name[len] = 0;
            if (!o.named && o.n == 0)
                o.oc = p - s == 2 && memcmp(b + s, "OC", 2) == 0;
            o.named = true;
            o.n = 0;
        } else if (is_delim(c)) {
            p++;
            o.n = 0;
            o.named = true;
        } else {
            size_t s = p;
            while (p < n && !is_ws(b[p]) && !is_delim(b[p]))
                p++;
            if (g_ascii_isdigit(c) || c == '+' || c == '-' || c == '.') {
                char tmp[32];
                size_t k = p - s < sizeof tmp - 1 ? p - s : sizeof tmp - 1;
                memcpy(tmp, b + s, k);
                tmp[k] = 0;
                if (o.n == MAX_NUMS) {
                    memmove(o.num, o.num + 1, (MAX_NUMS - 1) * sizeof o.num[0]);
                    o.n--;
                }
                /* Tr's operand is read as an integer, as before */
                o.num[o.n++] = strchr(tmp, '.') ? g_ascii_strtod(tmp, NULL) : (double)strtol(tmp, NULL, 10);
                continue;
            }
            if (p - s == 2 && memcmp(b + s, "ID", 2) == 0)
                p = kc_pdf_skip_inline_data(b, n, p);
            else
                op(m, b + s, p - s, &o, name);
            o = (operands){0};
        }
    }
}
