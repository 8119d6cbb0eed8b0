/* pdf_notes_field.c: the notes on one form field (kc_pdf_noter_field), read
 * as the signature walk meets it: its scripts, a widget hidden from some
 * viewers and not others, a radio button or combo box pdf.js shows chosen
 * otherwise, a field viewers draw themselves from its value (no appearance,
 * /NeedAppearances, a /DA font that renames glyphs or none), its value cut to
 * /MaxLen, and a text field's value against the text its appearance draws,
 * how it reads it and where (pdf_notes_value.c, pdf_notes_place.c).  Split
 * from pdf_notes.c, which keeps the noter, the page walk and the document's
 * own notes. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "kiemchung/verify.h"
#include "pdf.h"
#include "pdf_notes_internal.h"

/* The appearance string of field f: its own /DA, a parent's, else the
 * form's (NULL when none has one). */
static kc_pdf_obj *field_da(kc_pdf_noter *nr, kc_pdf_obj *f)
{
    kc_pdf_obj *da = NULL;
    for (int hop = 0; f && f->type == KC_PDF_DICT && !da && hop < KC_PDF_MAX_DEPTH; hop++) {
        da = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(f, "DA"));
        f = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(f, "Parent"));
    }
    return da ? da : nr->form_da;
}

/* Whether the appearance string of field f names a font of the form's /DR
 * whose /Encoding renames glyphs (/Differences): poppler draws a field it
 * draws itself with that encoding ("1" drawn as "nine"), MuPDF with its own
 * Helvetica, pdf.js's form layer in the browser's font. */
/* Whether /DR's font `name` has an encoding that renames glyphs (/Differences). */
static bool font_renames(kc_pdf_noter *nr, kc_pdf_obj *fonts, const char *name)
{
    kc_pdf_obj *font = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(fonts, name));
    kc_pdf_obj *enc = font && font->type == KC_PDF_DICT
                          ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(font, "Encoding")) : NULL;
    kc_pdf_obj *diff = enc && enc->type == KC_PDF_DICT
                           ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(enc, "Differences")) : NULL;
    return diff && diff->type == KC_PDF_ARRAY && diff->u.arr.n > 0;
}

static bool da_font_renames(kc_pdf_noter *nr, kc_pdf_obj *f)
{
    kc_pdf_obj *da = field_da(nr, f);
    kc_pdf_obj *fonts = nr->form_dr && nr->form_dr->type == KC_PDF_DICT
                            ? kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(nr->form_dr, "Font")) : NULL;
    if (!da || da->type != KC_PDF_STRING || !fonts || fonts->type != KC_PDF_DICT)
        return false;
    const unsigned char *d = da->u.str.data;
    size_t n = da->u.str.len;
    bool renames = false;
    for (size_t i = 0; i < n && !renames; i++) {
        if (d[i] != '/')
            continue;
        size_t e = i + 1;
        while (e < n && d[e] && !strchr(" \t\r\n\f()<>[]{}/%", d[e]))
            e++;
        GString *name = g_string_new(NULL); /* #xx escapes decoded, as poppler reads names */
        for (size_t k = i + 1; k < e; k++) {
            int hi = k + 2 < e ? g_ascii_xdigit_value((char)d[k + 1]) : -1;
            int lo = k + 2 < e ? g_ascii_xdigit_value((char)d[k + 2]) : -1;
            if (d[k] == '#' && hi >= 0 && lo >= 0) {
                g_string_append_c(name, (char)(hi << 4 | lo));
                k += 2;
            } else {
                g_string_append_c(name, (char)d[k]);
            }
        }
        /* rtpdf24: and as poppler's lexer reads it, "#" and one hex digit
         * taking the next byte ("/F#3X" is /F0 to poppler alone, which drew
         * a renaming /F0 with no note). */
        char *pop = memchr(d + i, '#', e - i) ? kc_pdf_poppler_name(d, n, i) : NULL;
        renames = font_renames(nr, fonts, name->str) || (pop && font_renames(nr, fonts, pop));
        g_free(pop);
        g_string_free(name, TRUE);
        i = e - 1;
    }
    return renames;
}

/* Whether poppler finds no font to draw field f with: its appearance string
 * is missing, not a string, or
 * sets no font ("Tf").  poppler then draws nothing ("Missing 'Tf' operator in
 * field's DA string"), while MuPDF draws the value with its own Helvetica,
 * and pdf.js, printing (or with /NeedAppearances), with "/Helvetica 0 Tf"
 * (rtform13). */
static bool da_sets_no_font(kc_pdf_noter *nr, kc_pdf_obj *f)
{
    /* An encrypted document's /DA is an encrypted string, which kiemchung
     * does not decrypt: whether it sets a font is not known, and saying it
     * sets none would be false (pdf_form.c refuses a /DR change there). */
    if (kc_pdf_dict_get(kc_pdf_trailer(nr->doc, nr->rev), "Encrypt"))
        return false;
    kc_pdf_obj *da = field_da(nr, f);
    return !da || da->type != KC_PDF_STRING ||
           !g_strstr_len((const char *)da->u.str.data, (gssize)da->u.str.len, "Tf");
}

/* Whether pdf.js's form layer shows text field f as a password (dots): its
 * /Ff, the first up its /Parent chain, with the Password flag, read as
 * pdf.js reads it, a negative number as no flags at all.  Reading /Ff -1 as
 * every flag let a field whose /V (90.000.000) is not what its appearance
 * draws (10.000.000) pass as a password field, compared with nothing, while
 * Firefox shows it as an ordinary field, editable, holding /V (rtmdp). */
static bool pdfjs_password(kc_pdf_noter *nr, kc_pdf_obj *f)
{
    int64_t ff = 0;
    kc_pdf_get_int(kc_noter_inherited(nr, f, "Ff"), &ff);
    return ff > 0 && (ff & FF_PASSWORD);
}

/* (rtform15) A text field whose value pdf.js's form layer shows cut to its
 * /MaxLen (kc_noter_maxlen_cut): Firefox showed "10.000" of a field without an
 * appearance that poppler and MuPDF draw as 10.000.000, and no note said so. */
static void note_maxlen(kc_pdf_noter *nr, kc_pdf_obj *ref, kc_pdf_obj *f, const char *name, kc_pdf_obj *value)
{
    if (pdfjs_password(nr, f))
        return; /* asterisks, however many */
    char *v = kc_noter_value_text(nr, f, value, false), *cut = kc_noter_maxlen_cut(nr, f, v);
    if (cut) {
        char *at = kc_noter_where(kc_noter_page_of(nr, ref, f), name), *vs = kc_noter_shorten(v), *cs = kc_noter_shorten(cut);
        kc_noter_note(nr, KC_NOTE_FIELD_VALUE,
             g_strdup_printf(_("%s: pdf.js (Firefox) shows only “%s” of the field's value “%s”, as many characters as "
                               "its /MaxLen allows, while poppler and MuPDF draw the whole value"),
                             at, cs, vs));
        g_free(at);
        g_free(vs);
        g_free(cs);
    }
    g_free(cut);
    free(v);
}

/* (rtform15) A text field whose appearance draws with a font whose /ToUnicode
 * reads a digit otherwise than its glyph: pdf.js 4 and later put the text
 * they extract from the appearance in their form layer (unless it is the
 * value), so Firefox showed 90.000.000 where poppler and MuPDF draw the
 * glyphs of 10.000.000, and /V said 10.000.000 too: no note. */
static void note_ap_misread(kc_pdf_noter *nr, kc_pdf_obj *ref, kc_pdf_obj *f, const char *name, kc_pdf_obj *ap)
{
    char *font = kc_noter_ap_font_misreads(nr, ap);
    if (!font)
        return;
    char *at = kc_noter_where(kc_noter_page_of(nr, ref, f), name);
    kc_noter_note(nr, KC_NOTE_FIELD_VALUE,
         g_strdup_printf(_("%s: the field's appearance draws with the font %s, whose /ToUnicode reads a digit otherwise "
                           "than the glyph drawn: pdf.js (Firefox) shows the text so read in its form layer, poppler "
                           "and MuPDF the glyphs"),
                         at, font));
    g_free(at);
    g_free(font);
}

/* The note of a check box or radio button that viewers show otherwise. */
static char *button_note(const char *at, const char *on, const kc_noter_button *b)
{
    if (b->drawn_by_viewers && b->radio)
        return g_strdup_printf(_("%s: the radio button “%s” has no appearance of its own (/AP /N): MuPDF draws it "
                                 "chosen, as its appearance state (/AS) says, poppler %s, while pdf.js (Firefox) shows "
                                 "it not chosen"),
                               at, on, b->poppler ? C_("radio button", "chosen") : C_("radio button", "not chosen"));
    if (b->drawn_by_viewers)
        return g_strdup_printf(_("%s: the check box “%s” has no appearance of its own (/AP /N): poppler and MuPDF "
                                 "draw it ticked, as its appearance state (/AS) says, while pdf.js (Firefox) shows it "
                                 "empty"),
                               at, on);
    if (b->radio && b->poppler == b->mupdf)
        return b->pdfjs ? g_strdup_printf(_("%s: pdf.js (Firefox) shows the radio button “%s” chosen, since its group's "
                                            "value (/V) names it, while its appearance state (/AS) draws it not chosen, "
                                            "as poppler and MuPDF show it"),
                                          at, on)
                        : g_strdup_printf(_("%s: pdf.js (Firefox) shows the radio button “%s” not chosen, since its "
                                            "group's value (/V) does not name it, while its appearance state (/AS) draws "
                                            "it chosen, as poppler and MuPDF show it"),
                                          at, on);
    /* A check box (pdf.js reads its /AS first) or a button without /AS,
     * which poppler draws from its only appearance and MuPDF does not. */
    const char *yes = b->radio ? C_("radio button", "chosen") : C_("check box", "ticked"),
               *no = b->radio ? C_("radio button", "not chosen") : C_("check box", "empty");
    return b->radio ? g_strdup_printf(_("%s: viewers show the radio button “%s” otherwise: pdf.js (Firefox) %s, poppler %s, "
                                        "MuPDF %s (its value /V and its appearance state /AS do not say the same, or "
                                        "it has no /AS)"),
                                      at, on, b->pdfjs ? yes : no, b->poppler ? yes : no, b->mupdf ? yes : no)
                    : g_strdup_printf(_("%s: viewers show the check box “%s” otherwise: pdf.js (Firefox) %s, poppler %s, "
                                        "MuPDF %s (its value /V and its appearance state /AS do not say the same, or "
                                        "it has no /AS)"),
                                      at, on, b->pdfjs ? yes : no, b->poppler ? yes : no, b->mupdf ? yes : no);
}

void kc_pdf_noter_field(kc_pdf_noter *nr, kc_pdf_obj *ref, kc_pdf_obj *f, const char *name, kc_pdf_obj *ft,
                        kc_pdf_obj *value, kc_pdf_obj *parent)
{
    if (!nr)
        return;
    /* What a widget shows it takes up its own /Parent chain, in every viewer,
     * not from the field whose /Kids listed it here: a widget listed under
     * "SoTien" (10.000.000) whose /Parent is "SoTien2" (90.000.000) shows
     * 90.000.000 in pdf.js's form layer. */
    ft = kc_noter_inherited(nr, f, "FT");
    value = kc_noter_inherited(nr, f, "V");
    /* Scripts of the field (its own /AA, a widget's /A or /AA), once for the form. */
    kc_pdf_obj *field = kc_pdf_dict_get(f, "T") || !parent ? f : parent; /* a pure widget's field is its parent */
    if (!nr->scripts_noted && (kc_noter_aa_scripts(nr, kc_pdf_dict_get(f, "AA")) || kc_noter_action_scripts(nr, kc_pdf_dict_get(f, "A")))) {
        nr->scripts_noted = true;
        char *at = kc_noter_where(kc_noter_page_of(nr, ref, f), name);
        kc_noter_note(nr, KC_NOTE_JAVASCRIPT,
             g_strdup_printf(_("%s runs a script (JavaScript) when it is shown or changed: a viewer that runs it "
                               "may show another value than the page's"),
                             at));
        g_free(at);
    }
    if (ref && ref->type == KC_PDF_REF)
        g_hash_table_add(nr->fields_seen, GUINT_TO_POINTER(ref->u.ref.num));
    bool widget = kc_pdf_is_name(kc_pdf_dict_get(f, "Subtype"), "Widget") || kc_pdf_dict_get(f, "Rect");
    if (!widget)
        return;
    kc_pdf_obj *ap = kc_noter_appearance(nr, f);
    int64_t flags = 0;
    kc_pdf_get_int(kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(f, "F")), &flags);
    /* Flags beyond 32 bits are none to poppler, which draws the widget, and
     * Hidden to MuPDF: kc_noter_print_differs says so (rtform16; the field
     * walk said poppler drew nothing). */
    if (flags > INT32_MAX || flags < INT32_MIN)
        flags = 0;
    /* pdf.js takes a negative /F for no flags, poppler and MuPDF read its
     * bits: a text field /F -1 without an appearance, /V 90.000.000, was
     * nothing to them and 90.000.000 in Firefox's form layer (rtmdp). */
    if (kc_noter_hidden_but_pdfjs(flags) && kc_noter_has_area(nr, f)) {
        char *at = kc_noter_where(kc_noter_page_of(nr, ref, f), name);
        kc_noter_note(nr, KC_NOTE_HIDDEN_APPEARANCE,
             g_strdup_printf(_("%s: a widget whose flags (/F) are a negative number is hidden by poppler and MuPDF "
                               "and shown by pdf.js (Firefox), which reads such flags as none"),
                             at));
        g_free(at);
        return;
    }
    if (kc_noter_hidden_drawn(nr, f, ap, flags)) {
        char *at = kc_noter_where(kc_noter_page_of(nr, ref, f), name);
        kc_noter_note_hidden(nr, at);
        return; /* what it draws is the note; its value is beside the point */
    }
    char *button = NULL;
    kc_noter_button viewers = {0};
    bool differs = !(flags & (F_HIDDEN | F_NOVIEW)) && !nr->button_noted && kc_noter_has_area(nr, f) &&
                   kc_noter_button_differs(nr, f, ft, value, &button, &viewers);
    if (differs) {
        char *at = kc_noter_where(kc_noter_page_of(nr, ref, f), name), *on = kc_noter_shorten(button);
        nr->button_noted = true;
        kc_noter_note(nr, KC_NOTE_FIELD_VALUE, button_note(at, on, &viewers));
        g_free(at);
        g_free(on);
    }
    g_free(button);
    /* A text or choice field without an appearance: each viewer draws it from its value. */
    kc_pdf_obj *shown_v = kc_pdf_resolve(nr->doc, nr->rev, value);
    bool drawn_text = kc_pdf_is_name(ft, "Tx") || kc_pdf_is_name(ft, "Ch"); /* a combo box too */
    bool bare = drawn_text && !(flags & (F_HIDDEN | F_NOVIEW)) && !ap && !nr->redraw_noted && shown_v &&
                shown_v->type == KC_PDF_STRING && shown_v->u.str.len > 0;
    bool renames = bare && da_font_renames(nr, f);
    if (renames || (bare && kc_noter_has_area(nr, f) && da_sets_no_font(nr, f))) {
        char *at = kc_noter_where(kc_noter_page_of(nr, ref, f), name);
        nr->redraw_noted = true;
        kc_noter_note(nr, KC_NOTE_FIELD_REDRAWN,
             renames ? g_strdup_printf(_("%s: viewers draw this field themselves from its value (it has no appearance): "
                                         "poppler with its appearance string's font, whose encoding renames glyphs "
                                         "(/Differences), MuPDF and pdf.js with their own fonts, and they may show "
                                         "different text"),
                                       at)
                     : g_strdup_printf(_("%s: viewers draw this field themselves from its value (it has no appearance), "
                                         "but no appearance string (/DA) gives it a font: poppler draws nothing, MuPDF "
                                         "and pdf.js draw its value with a Helvetica of their own"),
                                       at));
        g_free(at);
    }
    /* pdf.js shows the value itself (not an appearance's text) without an
     * appearance or when told to redraw, cut to /MaxLen. */
    if (kc_pdf_is_name(ft, "Tx") && !(flags & (F_HIDDEN | F_NOVIEW)) && (!ap || nr->redraws) &&
        kc_noter_has_area(nr, f))
        note_maxlen(nr, ref, f, name, value);
    /* (rtform17) Told to redraw, poppler draws a push button from its
     * caption (/MK /CA) with /DA, whatever its signed appearance draws:
     * 90.000.000 in pdftoppm where MuPDF and pdf.js drew 10.000.000, no note. */
    if (nr->redraws && !nr->redraw_noted && ap && !(flags & (F_HIDDEN | F_NOVIEW)) && kc_noter_has_area(nr, f) &&
        kc_noter_push_caption(nr, f, ft)) {
        char *at = kc_noter_where(kc_noter_page_of(nr, ref, f), name);
        nr->redraw_noted = true;
        kc_noter_note(nr, KC_NOTE_FIELD_REDRAWN,
             g_strdup_printf(_("%s: the form asks viewers to redraw its fields (/NeedAppearances): poppler draws this "
                               "push button from its caption (/MK /CA), MuPDF and pdf.js the appearance that was "
                               "signed, and they may show different text"),
                             at));
        g_free(at);
    }
    /* (rtfold) A push button without an appearance: poppler and MuPDF draw
     * its caption (/MK /CA) themselves, pdf.js nothing at all: a caption
     * "90.000.000" after "Số tiền (đồng):" in pdftoppm and mutool, blank in
     * pdf.js's viewer, and no note. */
    if (!ap && !nr->redraw_noted && !(flags & (F_HIDDEN | F_NOVIEW)) && kc_noter_has_area(nr, f) &&
        kc_noter_push_caption(nr, f, ft)) {
        char *at = kc_noter_where(kc_noter_page_of(nr, ref, f), name);
        nr->redraw_noted = true;
        kc_noter_note(nr, KC_NOTE_FIELD_REDRAWN,
             g_strdup_printf(_("%s: a push button without an appearance: poppler and MuPDF draw its caption (/MK /CA) "
                               "themselves, pdf.js (Firefox) draws nothing there"),
                             at));
        g_free(at);
    }
    bool combo = kc_noter_combo(nr, f, ft); /* pdf.js shows the option its value selects */
    if (!drawn_text || (flags & (F_HIDDEN | F_NOVIEW)) || !ap)
        return;
    /* Password is a text field's flag: the same bit on a choice field is no
     * flag to pdf.js, which lists its options as ever (rtform17: a combo box
     * so flagged skipped every comparison below). */
    if (kc_pdf_is_name(ft, "Tx") && pdfjs_password(nr, f))
        return; /* drawn as asterisks by everyone */
    /* Told to redraw, poppler redraws a choice field (combo or list box) from
     * its value as it does a text field (rtform17: a read-only combo box whose
     * signed appearance draws 10.000.000 in Helvetica, its /DA naming a /DR
     * font whose /Differences draws "1" as "nine", showed 90.000.000 in
     * pdftoppm, 10.000.000 in MuPDF, and no note said so). */
    if (nr->redraws && !nr->redraw_noted) {
        char *at = kc_noter_where(kc_noter_page_of(nr, ref, f), name);
        nr->redraw_noted = true;
        kc_noter_note(nr, KC_NOTE_FIELD_REDRAWN,
             g_strdup_printf(_("%s: the form asks viewers to redraw its fields (/NeedAppearances): poppler and pdf.js "
                               "draw this one from its value with its appearance string's font (/DA, /DR), MuPDF the "
                               "appearance that was signed, and they may show different text"),
                             at));
        g_free(at);
    }
    /* A list box: pdf.js lists every option, whatever its value; what the
     * appearance draws is compared with the options (rtfold). */
    bool list = !kc_pdf_is_name(ft, "Tx") && !combo;
    /* poppler, MuPDF and pdf.js draw a stream up to its "endstream" whatever
     * its /Length says; reading it by /Length would compare /V with part of
     * what they draw (rtpdf19: "10.000.000" within the /Length, a white box
     * and "90.000.000" after it, no note).  Said as not compared. */
    if (!kc_pdf_stream_ends(nr->doc, ap)) {
        char *at = kc_noter_where(kc_noter_page_of(nr, ref, f), name);
        kc_noter_note(nr, KC_NOTE_FIELD_VALUE,
             g_strdup_printf(_("%s: the field's appearance stream has a /Length that does not end at its endstream: "
                               "poppler and MuPDF draw it up to the endstream, this reader reads it by its /Length, "
                               "so whether it draws the value (/V) pdf.js (Firefox) shows was not compared"),
                             at));
        g_free(at);
        return;
    }
    char *vtext = kc_noter_value_text(nr, f, value, combo);
    char *vplain = vtext ? kc_noter_plain(vtext, strlen(vtext)) : NULL;
    unsigned char *data = NULL;
    size_t len = 0;
    if (vtext && ap->stream_len <= MAX_AP_BYTES &&
        kc_pdf_stream_decode(kc_pdf_source(nr->doc), ap, MAX_AP_BYTES, &data, &len, NULL) == 0) {
        GString *shown = g_string_new(NULL);
        kc_noter_shown_text(data, len, shown);
        /* (rtform15) Text no one sees is no part of what it draws.  Not for a
         * list box (rtfold): a writer may draw its selected row's text white
         * on a dark highlight, which is seen; its rows are compared as drawn. */
        if (!list && kc_noter_ap_text_unseen(data, len)) {
            char *at = kc_noter_where(kc_noter_page_of(nr, ref, f), name);
            kc_noter_note(nr, KC_NOTE_FIELD_VALUE,
                 g_strdup_printf(_("%s: the field's appearance draws text that need not show (in a render mode that "
                                   "draws nothing, in another colour than black, or under something painted after "
                                   "it): poppler and MuPDF show what "
                                   "else it draws, pdf.js (Firefox) that text or the value (/V), so what it shows was "
                                   "not compared"),
                                 at));
            g_free(at);
            g_string_free(shown, TRUE);
            free(data);
            g_free(vplain);
            free(vtext);
            return;
        }
        char *splain = kc_noter_plain(shown->str, shown->len);
        kc_pdf_obj *aa = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(field, "AA"));
        bool formatted = aa && aa->type == KC_PDF_DICT && kc_pdf_dict_get(aa, "F");
        char *read = NULL; /* the appearance's text as UTF-8, when not plain ASCII */
        bool cid = false;  /* read from a Type 0 font's digits */
        bool value_differs = !list && splain && vplain && strcmp(vplain, splain) != 0 &&
                             !(formatted && *vplain && kc_noter_same_digits(vplain, splain));
        char *listed = NULL;
        if (list) {
            read = splain ? g_strndup(shown->str, shown->len) : kc_noter_ap_read(nr, ap, shown->str, shown->len, &cid);
            if (read && !kc_noter_list_draws_options(nr, f, read, &listed)) {
                char *at = kc_noter_where(kc_noter_page_of(nr, ref, f), name), *ls = kc_noter_shorten(listed),
                     *ss = kc_noter_shorten(read);
                kc_noter_note(nr, KC_NOTE_FIELD_VALUE,
                     g_strdup_printf(_("%s: the list box in pdf.js (Firefox) lists its options, “%s”, but its "
                                       "appearance draws “%s”, which poppler and MuPDF show"),
                                     at, ls, ss));
                g_free(at);
                g_free(ls);
                g_free(ss);
            }
            g_free(listed);
        } else if (!splain || !vplain) {
            /* (rtfold) A value or an appearance's text that is not plain
             * ASCII: read as the ASCII it shows, or by its digits, when the
             * appearance's fonts say how its codes read (pdf_notes_fold.c). */
            read = splain ? g_strndup(shown->str, shown->len) : kc_noter_ap_read(nr, ap, shown->str, shown->len, &cid);
            value_differs = read && kc_noter_reads_otherwise(vtext, read, formatted);
        }
        if (value_differs) {
            char *at = kc_noter_where(kc_noter_page_of(nr, ref, f), name), *vs = kc_noter_shorten(vtext), *ss = kc_noter_shorten(read ? read : shown->str);
            kc_noter_note(nr, KC_NOTE_FIELD_VALUE,
                 combo ? g_strdup_printf(_("%s: the combo box's drop-down list in pdf.js (Firefox) shows “%s”, the "
                                           "option its value (/V, or its selected indices /I) selects, but its "
                                           "appearance draws “%s”, which poppler and MuPDF show"),
                                         at, vs, ss)
                       : g_strdup_printf(_("%s: the field's value is “%s” but its appearance draws “%s”: pdf.js (Firefox) "
                                           "shows the value, poppler and MuPDF the appearance"),
                                         at, vs, ss));
            g_free(at);
            g_free(vs);
            g_free(ss);
        }
        /* Only when the appearance shows text: else pdf.js shows the value.
         * (rtfold) Text that is not plain ASCII too, read by its fonts: a
         * no-break space (byte 0xA0) after 90.000.000 drawn past the box
         * kept both checks away (valid, no note; pdf.js showed 90.000.000). */
        char *inked = !splain && read ? kc_noter_winansi_kept(read) : NULL; /* without white space */
        bool ap_text = splain ? *splain != '\0' : inked && *inked && !cid; /* a Type 0 font's: not placed */
        g_free(inked);
        if (!combo && !list && !nr->redraws && ap_text && kc_noter_has_area(nr, f))
            note_ap_misread(nr, ref, f, name, ap);
        /* (rtform20) ... and where pdf.js shows it (pdf_notes_place.c). */
        char *misplaced = !combo && !list && !nr->redraws && ap_text && kc_noter_has_area(nr, f)
                              ? kc_noter_field_misplaced(nr, f, ap, data, len)
                              : NULL;
        if (misplaced) {
            char *at = kc_noter_where(kc_noter_page_of(nr, ref, f), name);
            kc_noter_note(nr, KC_NOTE_FIELD_VALUE, g_strdup_printf("%s: %s", at, misplaced));
            g_free(at);
            g_free(misplaced);
        }
        g_free(splain);
        g_free(read);
        g_string_free(shown, TRUE);
    }
    free(data);
    g_free(vplain);
    free(vtext);
}
