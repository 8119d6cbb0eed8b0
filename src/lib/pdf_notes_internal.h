/* pdf_notes_internal.h: what pdf_notes.c and the pdf_notes_*.c files share (the
 * noter's state and the helpers both read annotations with). */
#ifndef KC_PDF_NOTES_INTERNAL_H
#define KC_PDF_NOTES_INTERNAL_H

#include <glib.h>

#include "pdf.h"

#define MAX_NOTES 16          /* per document: a form of a thousand hidden widgets says so once each up to here */
#define MAX_PAGE_NODES 200000 /* page tree nodes walked for /Count */
#define MAX_AP_BYTES (64u << 10) /* an appearance larger than this is not compared with /V */
#define MAX_ACTIONS 32        /* actions followed through /Next */

enum {
    F_HIDDEN = 1 << 1,
    F_NOVIEW = 1 << 5,
    FF_PASSWORD = 1 << 13,
    FF_RADIO = 1 << 15,
    FF_PUSHBUTTON = 1 << 16,
    FF_COMBO = 1 << 17
};

struct kc_pdf_noter {
    kc_pdf_doc *doc;
    size_t rev;
    bool dup_keys;          /* the catalog names a key twice as poppler reads otherwise */
    GArray *notes;          /* kc_pdf_note */
    GHashTable *page_of;    /* page object number -> its 1-based index */
    GHashTable *annot_page; /* annotation object number -> the 1-based index of the page listing it */
    GArray *direct_annots;  /* kc_noter_annot: those written inside a page's /Annots, no object of their own */
    bool scripts_noted;     /* field scripts: one note for the form */
    bool redraws;           /* the form's /NeedAppearances is true */
    bool redraw_noted;      /* a redrawn text field: one note for the form */
    bool button_noted;      /* a check box or radio button viewers show otherwise: one note for the form */
    kc_pdf_obj *form_da;    /* the form's /DA and /DR, for fields drawn by the viewer */
    kc_pdf_obj *form_dr;
    GHashTable *fields_seen; /* object numbers the field walk visited */
};

/* Whether annotation flags (/F) hide it from poppler and MuPDF, which read
 * a negative number bit by bit, and from no one to pdf.js, which takes a
 * value that is not a positive integer for no flags (Annotation.setFlags). */
static inline bool kc_noter_hidden_but_pdfjs(int64_t flags)
{
    return flags < 0 && (flags & (F_HIDDEN | F_NOVIEW));
}

/* Adds a note (message g_malloc'd, taken), up to MAX_NOTES a document. */
void kc_noter_note(kc_pdf_noter *nr, const char *code, char *message);
/* The normal appearance a widget or annotation shows (/AP /N, by /AS), or NULL. */
kc_pdf_obj *kc_noter_appearance(kc_pdf_noter *nr, kc_pdf_obj *w);
/* Whether its /Rect has an area. */
bool kc_noter_has_area(kc_pdf_noter *nr, kc_pdf_obj *w);
/* The 1-based index of the page showing widget (its /P, else the page whose
 * /Annots lists widget_ref), 0 when not known. */
size_t kc_noter_page_of(kc_pdf_noter *nr, kc_pdf_obj *widget_ref, kc_pdf_obj *widget);
/* s (UTF-8) cut to 60 characters for a message, g_malloc'd. */
char *kc_noter_shorten(const char *s);
/* "page 2, field “Amount”" or "field “Amount”" (page 0: unknown), g_malloc'd. */
char *kc_noter_where(size_t page, const char *name);
/* Whether widget w, hidden by flags, has an area and an appearance ap that is
 * not empty, which pdf.js draws all the same; the note saying so (at taken). */
bool kc_noter_hidden_drawn(kc_pdf_noter *nr, kc_pdf_obj *w, kc_pdf_obj *ap, int64_t flags);
void kc_noter_note_hidden(kc_pdf_noter *nr, char *at);
/* The keys of table (object numbers as pointers) but those in except (may
 * be NULL), in object order: notes go by the document, not the table. */
GPtrArray *kc_noter_sorted_nums(GHashTable *table, GHashTable *except);

/* An annotation a page lists: the dictionary, its object number (0 when it
 * is written inside the page's /Annots) and the 1-based index of the page. */
typedef struct kc_noter_annot {
    kc_pdf_obj *obj;
    guint num;
    size_t page;
} kc_noter_annot;
/* The annotations the pages list that are dictionaries: the objects in object
 * order, but those whose number is in except (may be NULL), then those written
 * inside an /Annots array, in page order (g_array_free(…, TRUE) frees it).
 * Every note on annotations reads them all: a Stamp /F -1 written inside page
 * 1's /Annots, which pdf.js draws and poppler and MuPDF hide, carried no note
 * where the same Stamp as an object of its own did (rtform16). */
GArray *kc_noter_annots(kc_pdf_noter *nr, GHashTable *except);

/* pdf_notes_actions.c: whether an action (o, with what it chains to by /Next)
 * or additional actions (aa) run a script (Acrobat's built-in formats of the
 * field's own value aside); whether the action o or aa's /O resets the form or
 * hides annotations (/ResetForm, /Hide) on opening, and whether a catalog's
 * /AA does on printing (/WP, /DP) or, page, a page's on being left (/C): PDFium
 * runs all of these by itself. */
bool kc_noter_action_scripts(kc_pdf_noter *nr, kc_pdf_obj *o);
bool kc_noter_aa_scripts(kc_pdf_noter *nr, kc_pdf_obj *aa);
bool kc_noter_opens_form_action(kc_pdf_noter *nr, kc_pdf_obj *o, kc_pdf_obj *aa);
bool kc_noter_later_form_action(kc_pdf_noter *nr, kc_pdf_obj *aa, bool page);

/* pdf_notes_view.c: what the screen, the paper and the viewers' layers show. */
void kc_noter_print_differs(kc_pdf_noter *nr);
/* pdf_notes_popup.c: pop-up notes pdf.js and Acrobat open over the page by themselves (/Open true). */
void kc_noter_open_popups(kc_pdf_noter *nr);
void kc_noter_optional_content(kc_pdf_noter *nr, kc_pdf_obj *root);
/* pdf_notes_states.c: an annotation whose rollover or down appearance (/AP
 * /R, /D) draws otherwise than its normal one (rtform21). */
void kc_noter_other_states(kc_pdf_noter *nr);

/* pdf_notes_value.c: a field's value and what its appearance draws.  The
 * text an appearance stream's operators show (the bytes of its strings); s
 * without white space, NULL when it holds anything but printable ASCII
 * (g_malloc'd); whether shown is value as a built-in number format shows it. */
void kc_noter_shown_text(const unsigned char *b, size_t n, GString *text);
char *kc_noter_plain(const char *s, size_t n);
bool kc_noter_same_digits(const char *value, const char *shown);
/* (rtfold) A value that is not plain ASCII as the plain ASCII it reads as
 * (marks dropped, compatibility forms decomposed, đ as d, no white space),
 * NULL when it holds another character; and its ASCII digits so decomposed
 * (both g_malloc'd). */
char *kc_noter_fold(const char *value);
char *kc_noter_fold_digits(const char *value);
/* value (UTF-8) without white space and without the accented letters
 * WinAnsiEncoding has no code for, as a writer drawing it with a WinAnsi font
 * (iText 5, with the form's Helvetica) draws it: "10.000.000 đồng" as
 * "10.000.000ng"; g_malloc'd. */
char *kc_noter_winansi_kept(const char *value);
/* Whether a value and the text its appearance draws (both UTF-8) read
 * otherwise, as folded ASCII or by their digits (formatted: with a built-in
 * number format's decimals). */
bool kc_noter_reads_otherwise(const char *value, const char *shown, bool formatted);
/* The text appearance ap shows (its strings' bytes, shown, n of them) as
 * UTF-8, when every font its resources (else the form's /DR) hold reads its
 * codes by WinAnsiEncoding or a standard encoding (bytes past ASCII read
 * U+FFFD but in WinAnsi), or when its one font is an embedded Type 0 font
 * (Identity-H) whose /ToUnicode reads its digits as its glyphs draw them
 * (its digits, the rest U+FFFD; *cid set); NULL when the codes are not
 * known so. */
char *kc_noter_ap_read(kc_pdf_noter *nr, kc_pdf_obj *ap, const char *shown, size_t n, bool *cid);
/* The value of key in field f or the nearest field above it (its /Parent
 * chain), resolved, as viewers take /FT, /V, /Opt and /Ff
 * (pdf.js's getInheritableProperty), whichever field lists f in its /Kids. */
kc_pdf_obj *kc_noter_inherited(kc_pdf_noter *nr, kc_pdf_obj *f, const char *key);
/* Whether widget f of field type ft is a push button (/FT /Btn, the
 * PushButton flag of its /Ff) with a caption (/MK /CA): what poppler draws
 * in it when it draws the button itself (no /AP, or /NeedAppearances). */
bool kc_noter_push_caption(kc_pdf_noter *nr, kc_pdf_obj *f, kc_pdf_obj *ft);
/* Whether widget f of field type ft is a combo box (/FT /Ch, the Combo flag
 * of its /Ff or an inherited one). */
bool kc_noter_combo(kc_pdf_noter *nr, kc_pdf_obj *f, kc_pdf_obj *ft);
/* The text pdf.js's form layer shows for widget f's value (inherited as
 * value): a text field's /V, a combo box's selected option's display text
 * (see the file's comment); malloc'd. */
char *kc_noter_value_text(kc_pdf_noter *nr, kc_pdf_obj *f, kc_pdf_obj *value, bool combo);
/* (rtfold) Whether shown (UTF-8), what list box f's appearance draws, is
 * options of its /Opt in order, by their display texts, as pdf.js's list
 * holds them, among them one it selects (/I, else /V) when it selects any
 * (true too when it has no options, or too many to compare);
 * else *listed is every option's display text, joined by ", " (g_malloc'd). */
bool kc_noter_list_draws_options(kc_pdf_noter *nr, kc_pdf_obj *f, const char *shown, char **listed);
/* (rtform15) What pdf.js's form layer shows of text field f's value (UTF-8)
 * when it shows the value (no appearance with text, or a form told to redraw):
 * its first /MaxLen characters, /MaxLen inherited (TextWidgetAnnotationElement
 * slices it, in UTF-16 units); poppler and MuPDF draw it whole.  The part
 * shown, g_malloc'd, or NULL when nothing is cut. */
char *kc_noter_maxlen_cut(kc_pdf_noter *nr, kc_pdf_obj *f, const char *value);
/* (rtform15) The font a text field's appearance stream ap draws with whose
 * /ToUnicode reads a digit otherwise than the glyph drawn (pdf_actual.c's test
 * for page text), in its resources, those of the forms it draws, or /DR when
 * it has none: pdf.js 4 and later show in their form layer the text they
 * extract from the appearance, through that map.  Its name, g_malloc'd, or NULL. */
char *kc_noter_ap_font_misreads(kc_pdf_noter *nr, kc_pdf_obj *ap);
/* (rtform15) Whether appearance stream b draws text that need not show: in
 * a render mode that draws nothing (3, 7: pdf_textmode.c), filled in another
 * colour than black (white on white), or under something painted after it
 * (a white box, a picture, a form).  Its strings are then not what
 * it shows: "90.000.000" so drawn, /V saying the same, and 10.000.000 drawn
 * as shapes read as agreeing, while pdf.js (Firefox) shows 90.000.000. */
bool kc_noter_ap_text_unseen(const unsigned char *b, size_t n);
/* Appends the bytes of the literal string at b[*i] ('(' ... ')'), escapes
 * decoded, to out; *i ends after it (pdf_notes_value.c). */
void kc_noter_literal(const unsigned char *b, size_t n, size_t *i, GString *out);
/* Appends the bytes of the hex string at b[*i] ('<' ... '>') to out; *i
 * ends after it (pdf_notes_value.c). */
void kc_noter_hexstring(const unsigned char *b, size_t n, size_t *i, GString *out);
/* Moves *i past the name at b[*i] (pdf_notes_value.c). */
void kc_noter_skip_name(const unsigned char *b, size_t n, size_t *i);
/* (rtform20, pdf_notes_place.c) Whether the text appearance stream b draws
 * lies where pdf.js's form layer does not show it, in a box (its /BBox, x0 y0
 * x1 y1, normalized) of alignment q (/Q), comb cells (/MaxLen of a comb
 * field, else 0): "outside" the box (clipped by poppler, MuPDF and PDFium),
 * at another "height" than the middle of a single line, not from the first
 * "comb" cell, not at the "left", "right" or "centre" /Q says; "rotated"
 * when its text is drawn rotated or skewed, or the box turned (turned: a
 * /Matrix pdf.js does not turn its input by) and it is inside the box (its
 * place in the box not compared); NULL when in place. */
typedef struct kc_noter_placefont {
    int bytes;         /* 1, or 2: a Type 0 font's codes */
    double width[256]; /* a simple font's advance of each code, in ems (/Widths), < 0 when not given */
} kc_noter_placefont;
/* ... fonts: the names the appearance's /Resources give its fonts ->
 * kc_noter_placefont (may be NULL: every font single-byte, no widths);
 * "outside" too when a glyph lies past the box although the text at
 * ordinary widths fits it (word spacing, a font's /Widths). */
const char *kc_noter_ap_text_misplaced(const unsigned char *b, size_t n, const double box[4], int q, int64_t comb,
                                       bool multiline, bool turned, GHashTable *fonts);
/* (rtform20) Why editable text field f's appearance ap (its decoded stream b)
 * shows its text elsewhere than pdf.js's form layer does: a message to
 * follow "where: ", g_malloc'd, or NULL (read-only, rotated, in place). */
char *kc_noter_field_misplaced(kc_pdf_noter *nr, kc_pdf_obj *f, kc_pdf_obj *ap, const unsigned char *b, size_t n);
/* What three viewers show of check box or radio button widget f (field type
 * ft, value its inherited /V): ticked or chosen (true) or not, each. */
typedef struct {
    bool radio; /* a radio button, else a check box */
    bool pdfjs, poppler, mupdf;
    bool drawn_by_viewers; /* (rtfold) no normal appearance: each viewer draws it itself */
} kc_noter_button;
/* Whether the viewers show f otherwise (false for any other widget); *button
 * is then its on state's name, g_malloc'd, and *shown what each shows. */
bool kc_noter_button_differs(kc_pdf_noter *nr, kc_pdf_obj *f, kc_pdf_obj *ft, kc_pdf_obj *value, char **button,
                             kc_noter_button *shown);

/* pdf_notes_tree.c: a page tree viewers walk alike, or the first thing that
 * makes them not (rtpdf17), each said once:
 *   - a kid written as an object with a stream: MuPDF takes its dictionary
 *     and shows it as a page (or walks it as a node), poppler skips it and
 *     pdf.js opens nothing;
 *   - a node's /Count that is not the pages under it: MuPDF (and pdf.js when
 *     it looks a page up) skips a node by its /Count, poppler walks the tree,
 *     so "page 1" is another page;
 *   - a node whose /Type is not /Pages (MuPDF takes it for a page), a leaf
 *     whose /Type is /Pages (MuPDF for a node), a dictionary with a /Kids
 *     that is not an array (poppler a node without pages, MuPDF a page);
 *   - a page whose /CropBox or /MediaBox (its own or inherited) MuPDF,
 *     poppler and pdf.js read otherwise (kc_pdf_page_boxes). */
typedef struct kc_noter_tree {
    size_t stream_page;    /* the position of a kid written as a stream, 1-based */
    uint32_t count_node;   /* a node below the root whose /Count lies */
    int64_t count_said;
    size_t count_held;
    uint32_t odd_node;     /* a node or leaf MuPDF or poppler takes for the other */
    bool odd_leaf_kids;
    size_t crop_page;      /* a page whose crop box viewers apply otherwise, 1-based */
    size_t media_page;     /* a page whose media box viewers read otherwise, 1-based */
    size_t parent_page;    /* a page inheriting otherwise up its /Parent than down the tree, 1-based */
    size_t null_res_page;  /* a page whose null /Resources poppler skips for the tree's and pdf.js does not */
} kc_noter_tree;
void kc_noter_tree_notes(kc_pdf_noter *nr, const kc_noter_tree *t);
/* Whether page (a leaf the walk reached) inherits anything otherwise up its
 * /Parent chain (MuPDF, pdf.js) than `walked` gives, what the nodes walked
 * down to it give (poppler) for /Resources, /MediaBox, /CropBox, /Rotate. */
bool kc_noter_parent_differs(kc_pdf_noter *nr, kc_pdf_obj *page, kc_pdf_obj *const walked[4]);
/* Whether page names /Resources null (or a reference to nothing) under a
 * node that has some (walked_res, as the walk gives them). */
bool kc_noter_null_resources(kc_pdf_noter *nr, kc_pdf_obj *page, kc_pdf_obj *walked_res);

/* pdf_notes_keys.c: dictionaries poppler reads otherwise (a key named twice
 * among 32 or more): one, and a page's resources with their categories. */
bool kc_noter_poppler_dups(const kc_pdf_obj *d);
bool kc_noter_resources_dups(kc_pdf_noter *nr, kc_pdf_obj *res);
/* The notes "duplicate-key" for the pages' annotations and "object-stream"
 * (kc_pdf_objstm_odd as of the noter's revision), once the pages are walked. */
void kc_noter_structure(kc_pdf_noter *nr);

#endif
