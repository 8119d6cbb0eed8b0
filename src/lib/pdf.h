/* pdf.h (internal): the PDF structure reader behind the signature checks.
 *
 * No library exposes what a signature verifier needs (the byte offsets of a
 * signature's /Contents, the revisions and which objects each one changed), so
 * this is our own reader.  It parses only what it is asked for: the file's
 * tail, the cross-reference sections along the /Prev chain, and the objects a
 * caller resolves; never the page trees or content streams.  Every size, count
 * and depth an attacker controls is bounded. */
#ifndef KC_PDF_H
#define KC_PDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include "kiemchung/error.h"

/* Bounds on attacker-controlled input. */
#define KC_PDF_MAX_DEPTH 64               /* nesting of arrays and dictionaries */
#define KC_PDF_MAX_SECTIONS 4096          /* cross-reference sections in the /Prev chain */
#define KC_PDF_MAX_OBJECTS (8u << 20)     /* object numbers */
#define KC_PDF_MAX_WINDOW (16u << 20)     /* bytes read to parse one object */
#define KC_PDF_MAX_INFLATE (256u << 20)   /* decoded bytes of an xref or object stream */
#define KC_PDF_MAX_OBJSTM_N 1000000       /* objects in one object stream */

/* ---- objects (pdf_obj.c) ---------------------------------------------- */

typedef enum kc_pdf_type {
    KC_PDF_NULL, KC_PDF_BOOL, KC_PDF_INT, KC_PDF_REAL, KC_PDF_STRING,
    KC_PDF_NAME, KC_PDF_ARRAY, KC_PDF_DICT, KC_PDF_REF, KC_PDF_STREAM
} kc_pdf_type;

typedef struct kc_pdf_obj kc_pdf_obj;
struct kc_pdf_obj {
    kc_pdf_type type;
    bool hex;              /* a string written as <hex> */
    bool hex_ws;           /* ... with white space among its digits */
    bool dup_keys;         /* a dictionary naming a key twice (readers disagree on which wins) */
    uint64_t raw_start;    /* file offset of the token(s), when parsed from the file */
    uint64_t raw_end;
    union {
        bool b;
        int64_t i;
        double r;
        struct { unsigned char *data; size_t len; } str; /* strings and names (no '/') */
        struct { kc_pdf_obj **items; size_t n; } arr;
        struct { const char **keys; kc_pdf_obj **vals; size_t n; } dict;
        struct { uint32_t num; uint32_t gen; } ref;
    } u;
    /* KC_PDF_STREAM: u.dict holds the stream dictionary */
    uint64_t stream_off;   /* file offset of the first data byte */
    uint64_t stream_len;   /* raw (encoded) length */
};

/* Objects live in an arena and die with it. */
typedef struct kc_arena kc_arena;
kc_arena *kc_arena_new(void);
void kc_arena_free(kc_arena *a);

/* The arena's blocks are visible so that kc_arena_alloc inlines: the parser
 * allocates an object per token (a font's /Widths is hundreds of numbers),
 * and a call plus a memset of a size unknown to the compiler each time was a
 * tenth of the coverage check. */
struct kc_arena_block {
    struct kc_arena_block *next;
    size_t used, cap;
    max_align_t data[];
};
struct kc_arena {
    struct kc_arena_block *head;
};
void *kc_arena_alloc_block(kc_arena *a, size_t n); /* a new block holding n zeroed bytes */

/* n zeroed bytes that live as long as the arena; NULL when out of memory. */
static inline void *kc_arena_alloc(kc_arena *a, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
    struct kc_arena_block *b = a->head;
    if (!b || b->cap - b->used < n)
        return kc_arena_alloc_block(a, n);
    void *p = (char *)b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

kc_pdf_obj *kc_pdf_dict_get(const kc_pdf_obj *dict, const char *key); /* dicts and streams */
bool kc_pdf_is_name(const kc_pdf_obj *o, const char *name);
bool kc_pdf_get_int(const kc_pdf_obj *o, int64_t *out);
/* A copy of a string or name as a NUL-terminated malloc'd string (may hold NULs for strings). */
char *kc_pdf_strdup(const kc_pdf_obj *o);

/* ---- the parser (pdf_lex.c) ------------------------------------------- */

typedef enum kc_parse_result { KC_PARSE_OK = 0, KC_PARSE_MORE = 1, KC_PARSE_BAD = 2 } kc_parse_result;

/* Parses one direct object from buf[*pos..len).  base is the file offset of
 * buf[0] (for raw_start/raw_end).  KC_PARSE_MORE: the buffer ended inside the
 * object (read a bigger window and retry). */
kc_parse_result kc_pdf_parse_object(kc_arena *a, const unsigned char *buf, size_t len,
                                    size_t *pos, uint64_t base, kc_pdf_obj **out);

/* Skips white space and comments. */
size_t kc_pdf_skip_ws(const unsigned char *buf, size_t len, size_t pos);
/* Reads an unsigned decimal integer token; false when there is none. */
bool kc_pdf_read_uint(const unsigned char *buf, size_t len, size_t *pos, uint64_t *out);
/* Past the literal string at buf[pos] ('('), as viewers read a content
 * stream: nested parentheses, backslash escapes; len when unclosed. */
size_t kc_pdf_skip_literal(const unsigned char *buf, size_t len, size_t pos);
/* The same, *closed false when the string runs to len unclosed (poppler
 * reads it on into a page's next content stream). */
size_t kc_pdf_skip_literal_closed(const unsigned char *buf, size_t len, size_t pos, bool *closed);
/* Past an inline image's data, from pos (after its "ID"): to after the first
 * "EI" between white space (NUL too), where viewers end it; len if none. */
size_t kc_pdf_skip_inline_data(const unsigned char *buf, size_t len, size_t pos);
/* The name at d[i] (its '/') as poppler's lexer reads it, "#" and one hex
 * digit taking the byte after them (pdf_lex.c); g_free it. */
char *kc_pdf_poppler_name(const unsigned char *d, size_t n, size_t i);
/* Whether poppler reads the name at d[i] on past where MuPDF and pdf.js end
 * it ("#" and one hex digit, then a byte that is none: pdf_lex.c). */
bool kc_pdf_name_half_escape(const unsigned char *d, size_t n, size_t i);
/* True when buf[pos..] starts with keyword kw followed by a delimiter or the end. */
bool kc_pdf_at_keyword(const unsigned char *buf, size_t len, size_t pos, const char *kw);

/* ---- the file (pdf_file.c) -------------------------------------------- */

typedef struct kc_pdf_src {
    int fd;
    uint64_t size;
    const unsigned char *mem; /* the whole file, when the reader holds it (kc_pdf_open), or NULL */
} kc_pdf_src;

/* Reads up to n bytes at off; returns the count (short only at end of file), or -1. */
ssize_t kc_pdf_pread(const kc_pdf_src *src, void *buf, size_t n, uint64_t off);

/* ---- filters (pdf_filter.c) ------------------------------------------- */

/* Decodes a stream's data (FlateDecode with PNG/TIFF predictors, or none)
 * into a malloc'd buffer bounded by `limit`. */
int kc_pdf_stream_decode(const kc_pdf_src *src, const kc_pdf_obj *stream, size_t limit,
                         unsigned char **out, size_t *out_len, kc_error *err);

/* ---- the document: revisions and objects (pdf_xref.c) ----------------- */

typedef struct kc_xref_entry {
    uint32_t num;
    uint8_t type;   /* 0 free, 1 at an offset, 2 inside an object stream */
    uint32_t gen;   /* for type 2: the index inside the object stream */
    uint64_t where; /* offset (type 1) or the object stream's number (type 2) */
} kc_xref_entry;

typedef struct kc_xref_section {
    uint64_t offset;        /* of the "xref" keyword or the xref stream object */
    bool is_stream;
    bool exact;             /* found at exactly its offset (and so is a hybrid's /XRefStm),
                               not nearby where a reader's tolerance looked */
    bool dup_entries;       /* listed an object number twice (the first is kept) */
    bool refused_entries;   /* listed an entry poppler will not read (a stream's type above 2, a
                               generation above 2^31 - 1): it then rebuilds the table by scanning */
    bool loose_entries;     /* a table whose entries are not 20 bytes each, one after the other
                               after a subsection line, or whose subsection lines MuPDF reads
                               otherwise (one not right after the entries before it, or after
                               "xref" past a comment; one not "start count" with single spaces):
                               MuPDF reads them by position, fails, and repairs the file */
    bool pdfjs_misread;     /* a section pdf.js reads otherwise: a stream's /Index that is not a
                               direct array of pairs, or object 0 in use (it drops the section and,
                               if nothing else is left, repairs the file); a table subsection
                               "1 N" whose first entry is free (it numbers it from 0); a stream's
                               row naming an object stream past 2^31 - 1 (it reads the fields with
                               32-bit shifts: 2^32 + N is stream N) */
    bool xrefstm_prev;      /* a table whose /XRefStm stream has a /Prev other than the table's:
                               pdf.js reads the section it names too, poppler and MuPDF do not */
    bool dup_keys;          /* its trailer (or xref stream, or a hybrid's /XRefStm stream) names a
                               key twice: poppler takes the first of a large dictionary's, others
                               the last */
    kc_pdf_obj *trailer;    /* the trailer (or xref stream) dictionary */
    kc_xref_entry *entries; /* sorted by num, unique */
    size_t n_entries;
} kc_xref_section;

typedef struct kc_pdf_doc kc_pdf_doc;

/* Reads the file's tail and the cross-reference chain. */
int kc_pdf_open(kc_pdf_doc **out, int fd, uint64_t size, kc_error *err);
void kc_pdf_close(kc_pdf_doc *doc);
/* The same from the file's bytes (data, size bytes, fd unused) when data is
 * not NULL; they must stay as they are until the document is closed. */
int kc_pdf_open_src(kc_pdf_doc **out, int fd, const void *data, uint64_t size, kc_error *err);

/* Whether a stream's data, as long as its /Length says, ends at its
 * "endstream" (viewers read on to it, kc_pdf_stream_decode stops there;
 * pdf_filter.c). */
bool kc_pdf_stream_ends(kc_pdf_doc *doc, const kc_pdf_obj *st);

/* pdf_textmode.c: text-showing operators counted by whether they draw (text
 * render modes other than 3 and 7) or show nothing (3, 7), and forms drawn in
 * those modes, over one or more content streams read in turn (state kept
 * across them; a form's own content starts from mode 0, the caller's). */
#define KC_PDF_TEXTMODE_DEPTH 64
/* Where on a page something may hide text (shown21): boxes in the page's
 * default user space (x right, y up, before /Rotate and /UserUnit).  covers:
 * what is painted after text (a cover) or under it (a ground: text of its
 * colour does not show), and the annotations drawn over the page; clips:
 * the rectangular clips text was drawn in.  A digit whose box meets no cover
 * and lies wholly inside every clip need not be drawn to know it shows (when
 * nothing else may hide it: kc_pdf_textmodes.may_hide). */
#define KC_PDF_MAX_COVERS 256 /* more: the page may hide text anywhere */
#define KC_PDF_MAX_CLIPS 32
typedef struct kc_pdf_box {
    double x1, y1, x2, y2; /* x1 <= x2, y1 <= y2 */
} kc_pdf_box;
typedef struct kc_pdf_geom {
    kc_pdf_box covers[KC_PDF_MAX_COVERS], clips[KC_PDF_MAX_CLIPS];
    kc_pdf_box thin[KC_PDF_MAX_COVERS]; /* thin strokes without joins: they hide only what they cross */
    size_t n_covers, n_clips, n_thin;
    /* rtshown25: what may draw a figure of its own over a digit once text
     * was shown: a filled path with curves not in white, a picture, a form
     * (a "0" drawn as a path over a "1" a white box hides: the box holds
     * the path's edges, so the drawing took the "1" for shown).  Anywhere:
     * more than kept, or a box not followed. */
    kc_pdf_box drawn[KC_PDF_MAX_COVERS];
    size_t n_drawn;
    bool drawn_anywhere;
    /* rtshown26: what is painted after text piece by piece, in any colour:
     * each subpath of a path filled or stroked, a picture or a form, a
     * shading's rectangular clip (a "0" of four filled rectangles over a
     * white-boxed "1", a "1" of one bar, a white bar making an 8 a 3).
     * More than kept: drawn_anywhere. */
    kc_pdf_box pieces[KC_PDF_MAX_COVERS];
    bool stroked[KC_PDF_MAX_COVERS]; /* the piece is a stroke's: its box is no area it fills */
    size_t n_pieces;
} kc_pdf_geom;
/* (pdf_overdraw.c, as the two below) Whether a digit's own box (default
 * user space) lies mostly under something g says may draw a figure over it
 * (rtshown25). */
bool kc_pdf_geom_drawn_over(const kc_pdf_geom *g, const kc_pdf_box *own);
/* Whether a glyph's box (default user space) may not show: its box grown
 * for ink past it (grown) meets a cover or is not wholly inside every clip
 * of g, or the box itself (own) meets a thin stroke. */
bool kc_pdf_geom_may_hide(const kc_pdf_geom *g, const kc_pdf_box *grown, const kc_pdf_box *own);
/* A box (in the space a matrix maps from, corners in any order) by the
 * matrix [a b c d e f]: the bounding box of its four corners. */
kc_pdf_box kc_pdf_box_by_matrix(const double *m, kc_pdf_box in);
/* What q saves and Q restores of the state the scan follows. */
typedef struct kc_pdf_textstate {
    int mode;
    bool fill_black;  /* the fill colour is black (0 g, 0 0 0 rg, ... 1 k) */
    bool fill_white;  /* or white (1 g, 1 1 1 rg, 0 0 0 0 k): a ground black text shows on */
    bool gray_space;  /* the fill colour space is /DeviceGray, where "0 sc" is black */
    bool rgb_space;   /* /DeviceRGB, where "0 0 0 sc" is black */
    bool cmyk_space;  /* /DeviceCMYK, where "... 1 sc" is black */
    bool fill_pattern; /* a pattern (/P0 scn): a shape filled so holds the pattern's own drawing */
    bool clipped;     /* a clip (W, W*) is set */
    double line_width, scale; /* w, and a bound of how much cm enlarges */
    double font_size;         /* Tf's */
    double miter;             /* M's: how far past half its width a stroke's corner may reach */
    double hscale;            /* Tz's, of 1: how much glyphs are widened (a text state q saves) */
    double char_spacing;      /* Tc's (or "'s second operand), in unscaled text space units */
    double word_spacing;      /* Tw's (or "'s first operand): added to each single-byte space, as Tc */
    bool soft_mask;           /* a graphics state's /SMask is in force (gs) */
    const struct kc_pdf_fontcodes *font; /* Tf's font: which of its codes read as figures (NULL: 0x30-0x39) */
    double ctm[6];            /* the current transformation matrix (cm's, from the default user space) */
    bool clip_box;            /* the clip is clip (a rectangle under an unrotated matrix), not unknown */
    kc_pdf_box clip;
} kc_pdf_textstate;
typedef struct kc_pdf_textmodes {
    kc_pdf_textstate st;
    int depth;
    kc_pdf_textstate saved[KC_PDF_TEXTMODE_DEPTH];
    unsigned long shown, hidden;
    /* rtshown22: text-showing operators whose glyphs are squeezed or sheared
     * flat, a line no one reads (counted among shown) */
    unsigned long flat;
    /* rtshown23: of shown, those whose glyphs character spacing piles on
     * one another (Tc below -0.25 of the font size: a blot no one reads) */
    unsigned long piled;
    /* rtshown24: of shown, TJ arrays that move back more than a quarter of an
     * em between two strings a digit ends or begins ("[(2) 400 (0) …] TJ") */
    unsigned long tj_piled;
    /* rtshown27: of shown, those drawing a figure whose width in its font
     * (/Widths, /W) is under 0.3 em: the next glyph is drawn over it */
    unsigned long narrow;
    /* rtshown23: of shown, those drawn while a soft mask is in force */
    unsigned long masked;
    /* rtpdf25: names that poppler reads on past where MuPDF and pdf.js end
     * them (kc_pdf_name_half_escape): what follows is drawn otherwise */
    unsigned long half_names;
    unsigned long unblack; /* of shown: text filled in another colour than black (white on white is nothing) */
    unsigned long painted_after; /* shapes, pictures, forms or strokes painted once text was shown (covers) */
    /* rtpdf20: the first thing drawn that may keep text drawn in a filling
     * mode from showing (a clip, a fill colour other than black, painting
     * after text, optional content), which only drawing the page tells
     * (pdftext_shown.c); NULL when the page draws none (its text black,
     * nothing drawn over it).  A static English phrase. */
    const char *may_hide;
    bool drew_text; /* a text-showing operator came: what is painted after it may cover it */
    double tm_scale; /* how much the text matrix enlarges (Tm; 1 from BT) */
    double tm[4];    /* the text matrix's a b c d (Tm; the identity from BT) */
    bool started;   /* st was set up (kc_pdf_text_modes does it on first use) */
    /* shown21: the path being built (its bounding box in default user
     * space, whether it is one rectangle), and where what is painted lies. */
    kc_pdf_box path;
    int path_parts;  /* m and re operators in it */
    bool path_rect;  /* the last part was a re, under an unrotated matrix */
    bool path_joins; /* two segments meet in it (or h closes it): a stroke's miter may reach past its caps */
    /* A curve (c, v, y) is in it (rtshown25), or a subpath of more than
     * OUTLINE_SEGMENTS straight ones (atkshown: a "0" flattened to a
     * polygon): a glyph's outline may be. */
    bool path_outline;
    int sub_segments; /* segments of the current subpath */
    /* rtshown26: the current subpath's box (default user space), and where
     * the path's pieces begin in geom.pieces (taken back if it is not painted) */
    kc_pdf_box sub;
    bool sub_open, path_started;
    size_t pieces_mark;
    bool anywhere_mark;
    bool clip_pending; /* W or W* came: the path clips once ended */
    bool in_form;    /* a form's own content: its Do's box stands for all it paints */
    /* The last stream read ended inside a comment, a string or an inline
     * image, or with operands pending, which poppler (reading a page's
     * streams as one) carries into the next: that one may not be read as
     * poppler reads it (kc_pdf_text_modes then has the page drawn). */
    bool open_end;
    kc_pdf_geom geom;
    /* The box a named XObject paints, in the space of the matrix it is drawn
     * with (an image: the unit square; a form: its /BBox by its /Matrix);
     * false when not known.  NULL: never known. */
    bool (*xobject_box)(void *ud, const char *name, kc_pdf_box *out);
    /* rtshown23: whether the named graphics state sets a soft mask (1), takes
     * it away (/SMask /None: 0) or leaves it (-1, or not known).  NULL:
     * never known. */
    int (*gs_soft_mask)(void *ud, const char *name);
    /* rtshown25: which codes of the page's font of that name read as
     * figures (pdf_fontmap.c), for the piles of pdf_textpile.c; NULL when
     * not known (then bytes 0x30-0x39, as the standard encodings put them).
     * NULL: never known. */
    const struct kc_pdf_fontcodes *(*font_codes)(void *ud, const char *name);
    void *ud;
} kc_pdf_textmodes;
void kc_pdf_text_modes(const unsigned char *b, size_t n, kc_pdf_textmodes *m);
/* Sets m's initial graphics state (black, no clip, lines 1 wide) under the
 * matrix ctm, as kc_pdf_text_modes does on first use under the identity:
 * an annotation's appearance is drawn under the matrix that fits it into its
 * /Rect (pdf_actual_annots.c). */
void kc_pdf_text_modes_start(kc_pdf_textmodes *m, const double *ctm);
/* Glyphs moved back more than this much of an em (Tc, a TJ array's shifts)
 * pile on one another: a blot no one reads (rtshown23, rtshown24). */
#define KC_PDF_PILED_EM 0.25

/* A TJ array being read (pdf_textpile.c): where its last string drawing
 * glyphs left it, and whether it piled figures. */
/* (pdf_fontmap.c) Which codes of a font some reader takes for a figure: a
 * simple font's 0x30-0x39 and those its /Differences or /ToUnicode read as
 * digits, a Type 0 font's two-byte codes its /ToUnicode so reads; any, when
 * that cannot be told (a Type 0 font without a map, or with a CMap of its
 * own).  Made by kc_pdf_font_codes, freed with g_free. */
typedef struct kc_pdf_fontcodes {
    int bytes; /* 1, or 2 (a Type 0 font's codes) */
    bool any;  /* every code may read as a figure */
    unsigned char digit[8192]; /* a bit per code */
    /* rtshown27: a bit per figure code whose width (/Widths, /W) is so small
     * that the next glyph is drawn over it (pdf_fontwidth.c) */
    unsigned char narrow[8192];
    bool narrow_any;
} kc_pdf_fontcodes;
kc_pdf_fontcodes *kc_pdf_font_codes(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *font);
/* Marks in f the figure codes of font whose width piles the next glyph on
 * them (pdf_fontwidth.c; kc_pdf_font_codes asks). */
void kc_pdf_font_narrow(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *font, kc_pdf_fontcodes *f);
/* Whether the code at s[i..] is one of f's narrow figures. */
bool kc_pdf_code_narrow(const kc_pdf_fontcodes *f, const unsigned char *s, size_t n, size_t i);
/* Whether the code at s[i..] (of a string n bytes long) reads as a figure in f
 * (NULL: a byte 0x30-0x39). */
bool kc_pdf_code_digit(const kc_pdf_fontcodes *f, const unsigned char *s, size_t n, size_t i);

typedef struct kc_pdf_tj_array {
    bool open;      /* inside a TJ array's brackets */
    const kc_pdf_fontcodes *font; /* the font the strings are shown in (NULL: figures at 0x30-0x39) */
    bool glyph;     /* a string drew glyphs since it opened */
    bool digit_end; /* that string's last byte is a digit's */
    double back;    /* thousandths of an em moved back since that string */
    bool piled;     /* a pile met: counted at its TJ */
    bool space_digit; /* a string of this operator's holds a space beside a figure (any string, in an array or not) */
    bool narrow;      /* a string of this operator's holds a figure its font's width piles the next glyph on */
    kc_arena *arena; /* the strings decoded (kc_pdf_tj_end frees it) */
} kc_pdf_tj_array;

/* The string b[s..e) (with its delimiters; hex when written "<…>") met
 * inside the TJ array a, or outside one (a->open false: only space_digit is
 * noted, for Tw). */
void kc_pdf_tj_string(kc_pdf_tj_array *a, const unsigned char *b, size_t s, size_t e, bool hex);
/* What reading TJ arrays kept, freed once a stream is read. */
void kc_pdf_tj_end(kc_pdf_tj_array *a);
/* How poppler, MuPDF and pdf.js cut a page, given its /CropBox and /MediaBox
 * (each the page's own value or the one it inherits, unresolved; NULL when
 * none): alike, or not because of the one named (pdf_box.c). */
typedef enum { KC_PDF_BOXES_ALIKE, KC_PDF_BOXES_MEDIA, KC_PDF_BOXES_CROP } kc_pdf_boxes;
kc_pdf_boxes kc_pdf_page_boxes(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *crop, kc_pdf_obj *media);
/* The pages kc_pdf_actualtext_figures looked at (numbered from 1, as
 * poppler counts them) that show no text of their own: every glyph drawn in a
 * mode that draws nothing, as an OCR'd scan's text layer is (pdftext_shown.c
 * does not draw those). */
#define KC_PDF_SCANNED_PAGES 4 /* the first, the second (after a cover page), the /Count-th, the last */
typedef struct kc_pdf_textless {
    size_t page[KC_PDF_SCANNED_PAGES];
    bool shows[KC_PDF_SCANNED_PAGES]; /* whether page[i] shows text */
    bool may_hide[KC_PDF_SCANNED_PAGES]; /* whether it draws what may hide text anywhere (kc_pdf_textmodes) */
    kc_pdf_geom geom[KC_PDF_SCANNED_PAGES]; /* else where (shown21) */
    size_t n;
    char *second_why; /* g_malloc'd or NULL: why page 2's figures need not be the ones it shows (its reader says it) */
} kc_pdf_textless;
/* Whether kc_pdf_textless t says page shows no text: false when it was not looked at. */
bool kc_pdf_page_textless(const kc_pdf_textless *t, size_t page);
/* Whether t says page draws its text black with nothing that may hide it:
 * false when it was not looked at. */
bool kc_pdf_page_plain(const kc_pdf_textless *t, size_t page);
/* Where on a plain page something may hide text; NULL when not looked at. */
const kc_pdf_geom *kc_pdf_page_geom(const kc_pdf_textless *t, size_t page);
/* Whether the text of the document's first or last page may give other
 * figures than the page draws (pdf_actual.c): why, g_malloc'd, or NULL;
 * pages (or NULL) says which of them show text. */
char *kc_pdf_actualtext_figures(int fd, const void *data, uint64_t size, kc_pdf_textless *pages);
/* Shared by pdf_actual.c and pdf_cidfont.c: the digit a glyph name draws
 * ("zero", "uni0031"), KC_PDF_GLYPH_OTHER for another standard name,
 * KC_PDF_GLYPH_UNKNOWN for a name that says nothing ("g12"); the first code
 * below limit of a ToUnicode CMap for which wrong() holds, given the digit
 * its destination reads as (-1 none, -3 digits and more), or -1, or -2 when
 * the map is too large to walk. */
enum { KC_PDF_GLYPH_UNKNOWN = -1, KC_PDF_GLYPH_OTHER = -2 };
int kc_pdf_glyph_name_digit(const char *n);
int kc_pdf_tounicode_first(const unsigned char *cm, size_t n, uint32_t limit,
                           bool (*wrong)(const void *ud, uint32_t c, int dest), const void *ud);
/* (rtform15) Whether a font's /ToUnicode reads its digits otherwise than it
 * draws them, by pdf_actual.c's test of the pages' fonts (a field's
 * appearance stream is text pdf.js's form layer shows): why, g_malloc'd, or NULL. */
char *kc_pdf_font_figures(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *font);
/* (pdf_fontmap.c) The same of a font of page (named in what is said):
 * why, g_malloc'd, or NULL; *type3 (or NULL) set when it is a Type 3 font,
 * whose procedures may draw anything on the page. */
char *kc_pdf_font_check(kc_pdf_doc *doc, size_t rev, size_t page, kc_pdf_obj *font, bool *type3);
/* (pdf_notes_view.c) Whether viewers show the document's optional content
 * differently (the verdict's optional-content note): the note's message,
 * untranslated (N_), or NULL. */
const char *kc_pdf_optional_content_differs(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *root);
/* Whether a Type 0 font's /ToUnicode (tu) reads its digits as its font
 * program draws them (pdf_cidfont.c): why not, g_malloc'd, or NULL. */
char *kc_pdf_type0_figures(kc_pdf_doc *doc, size_t rev, size_t page, kc_pdf_obj *font, kc_pdf_obj *tu);
/* The same for a symbolic TrueType font without an encoding (its codes drawn
 * through its program's own cmap). */
char *kc_pdf_symbolic_figures(kc_pdf_doc *doc, size_t rev, size_t page, kc_pdf_obj *font, kc_pdf_obj *tu);

const kc_pdf_src *kc_pdf_source(const kc_pdf_doc *doc);
kc_arena *kc_pdf_arena(kc_pdf_doc *doc);

/* Sections in chronological order: 0 is the oldest. */
size_t kc_pdf_section_count(const kc_pdf_doc *doc);
const kc_xref_section *kc_pdf_section(const kc_pdf_doc *doc, size_t i);
/* Whether any section's trailer (or cross-reference stream, or a hybrid's
 * /XRefStm stream) names a key twice: readers then disagree on which /Root or
 * /Prev the file has (poppler takes another value among 32 keys or more). */
bool kc_pdf_any_trailer_dup(const kc_pdf_doc *doc);

/* The whole file when the reader holds it in memory (files up to 1 MiB, or
 * the bytes given to kc_pdf_open_src), else NULL: hash from it rather than
 * reading the file again. */
const unsigned char *kc_pdf_data(const kc_pdf_doc *doc);
/* A file of size bytes (at most what the reader reads whole when it opens
 * one) read at once, malloc'd, for kc_pdf_open_src; NULL when larger, empty
 * or not read in full. */
unsigned char *kc_pdf_read_whole(int fd, uint64_t size);

/* Where the reader found the last %%EOF, and whether anything but white space follows it. */
uint64_t kc_pdf_tail_end(const kc_pdf_doc *doc);

/* Follows the chain that starts at the cross-reference section at `offset`
 * and returns its section offsets, newest first (for comparing the chain a
 * signature saw with the current one).  Caller frees *out. */
int kc_pdf_chain_at(kc_pdf_doc *doc, uint64_t offset, uint64_t **out, size_t *n, kc_error *err);

/* The object `num` as it stands after section `rev` (inclusive), with
 * references left unresolved; NULL when it is free or absent.  Parsed
 * objects are cached per entry. */
kc_pdf_obj *kc_pdf_get(kc_pdf_doc *doc, size_t rev, uint32_t num, kc_error *err);

/* Whether an object stream read so far reads otherwise in poppler, which
 * takes its objects one after the other from /First, each as long as the
 * next offset says (see pdf_resolve.c): a first offset that is not 0,
 * offsets that go down, a header running past /First, an object running past
 * the next one's offset. */
bool kc_pdf_objstm_misread(const kc_pdf_doc *doc);
/* Whether an object stream read so far lists a number twice in its header:
 * pdf.js reads the last object listed under it, other readers the one at the
 * index the cross-reference entry gives. */
bool kc_pdf_objstm_dup(const kc_pdf_doc *doc);
/* Whether a type-2 entry read so far names an index of its object stream
 * whose header lists another number there, or no object at all: poppler
 * finds nothing there (it checks the number), MuPDF looks the number up in
 * the header, pdf.js takes whatever object sits at that index. */
bool kc_pdf_objstm_slot(const kc_pdf_doc *doc);
/* Whether an object stream read so far has another generation than 0:
 * poppler and pdf.js fetch an object stream as generation 0 (the standard
 * says it is), find nothing, and poppler then rebuilds the table by scanning
 * (losing every object inside object streams) while pdf.js refuses the file;
 * MuPDF reads it. */
bool kc_pdf_objstm_gen(const kc_pdf_doc *doc);
/* Whether a cross-reference section, or an object read so far, was found
 * only near where startxref, /Prev or its entry says (kc_pdf_nearby_section:
 * a writer that miscounted line ends): viewers do not look nearby, they
 * rebuild the table, each its own way. */
bool kc_pdf_read_nearby(const kc_pdf_doc *doc);
/* Whether viewers read the chain of sections otherwise than this reader:
 * the last startxref followed by anything but spaces, tabs and line ends
 * before its digits (a comment, a form feed, a NUL: poppler, MuPDF or pdf.js
 * read the offset 0), or a table's /Prev given as a reference (poppler
 * follows it as an offset, as we do; pdf.js stops there and MuPDF fails):
 * they then rebuild the table, each its own way. */
bool kc_pdf_chain_misread(const kc_pdf_doc *doc);
/* Whether a type-2 entry of rev, read or not, reads otherwise in pdf.js: an
 * index whose header lists another number (or none), an object stream whose
 * header lists a number twice, past 2^31 - 1 or of another generation than 0;
 * or in poppler (*poppler set): its object stream's offsets do not follow one
 * another from /First (loads its object streams and parses their objects). */
bool kc_pdf_objstm_odd(kc_pdf_doc *doc, size_t rev, bool *poppler);
/* The xref entry that defines num as of rev, or NULL. */
const kc_xref_entry *kc_pdf_entry(const kc_pdf_doc *doc, size_t rev, uint32_t num);
/* Follows o if it is a reference (one level; chains of references are followed
 * up to a small bound), as of rev. */
kc_pdf_obj *kc_pdf_resolve(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *o);
/* The trailer as of rev (the newest trailer at or before it that has /Root). */
kc_pdf_obj *kc_pdf_trailer(const kc_pdf_doc *doc, size_t rev);

/* Where the indirect object "num gen obj" that starts exactly at offset ends:
 * just after its "endobj" (a stream's data is skipped by its /Length, resolved
 * as of rev, and must be followed by "endstream").  No tolerance: KC_EFORMAT
 * when the header, the object or the keywords are not exactly there. */
int kc_pdf_object_end(kc_pdf_doc *doc, uint64_t offset, uint32_t num, uint32_t gen, size_t rev,
                      uint64_t *end, kc_error *err);

/* ---- signatures (pdf_sig.c) ------------------------------------------- */

typedef struct kc_pdf_sig {
    char *field;            /* full field name */
    char *subfilter;
    bool is_doc_timestamp;  /* /Type /DocTimeStamp */
    int docmdp_p;           /* /P of a certification signature, 0 when none */
    int64_t byterange[4];
    size_t n_byterange;     /* how many numbers /ByteRange had (-1 sentinel: not an array) */
    bool byterange_ok;      /* rule 1: four integers framing exactly /Contents */
    bool contents_ok;       /* /Contents is a hex string holding DER */
    const char *problem;    /* why not ok (untranslated msgid) */
    unsigned char *contents; /* decoded /Contents, malloc'd */
    size_t contents_len;
    uint64_t signed_end;    /* byterange[2] + byterange[3] */
    int64_t m_time;         /* /M as Unix seconds (the signer's claim), 0 when absent */
    uint32_t obj_num;       /* the signature dictionary's object number, 0 when direct */
    uint32_t field_num;     /* the object number of the (first) field whose /V it is, 0 when direct */
    unsigned n_fields;      /* how many signature fields have it as their /V */
} kc_pdf_sig;

/* Every signature field with a value in the document as it stands (through
 * /Root /AcroForm /Fields, with /Kids); caller frees with kc_pdf_sigs_free. */
int kc_pdf_find_sigs(kc_pdf_doc *doc, kc_pdf_sig **out, size_t *n, kc_error *err);
/* The transforms of signature dictionary sigdict's /Reference as of rev: the
 * items of an array, or a dictionary written alone, which no standard allows
 * but a reader may take for the one transform (then *one holds it).  Returns
 * how many, *items pointing at them (borrowed). */
size_t kc_pdf_sig_refs(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *sigdict, kc_pdf_obj *const **items, kc_pdf_obj **one);
void kc_pdf_sigs_free(kc_pdf_sig *sigs, size_t n);
/* How many bytes the document held before the revision holding sig was
 * appended (its earlier revisions, which every file made by signing that
 * document again starts with: pdf_original.c), or 0 when sig came in the
 * file's first revision or that end cannot be told. */
uint64_t kc_pdf_unsigned_len(kc_pdf_doc *doc, const kc_pdf_sig *sig);

/* Like kc_pdf_find_sigs, and the notes on how viewers may read the document
 * otherwise (pdf_notes.c), taken in the same walk over the fields: *notes
 * (n_notes) is the caller's, freed with kc_pdf_notes_free. */
typedef struct kc_pdf_note {
    const char *code;  /* KC_NOTE_* of kiemchung/verify.h (static) */
    char *message;     /* translated, g_malloc'd */
} kc_pdf_note;
int kc_pdf_find_sigs_noted(kc_pdf_doc *doc, kc_pdf_sig **out, size_t *n, kc_pdf_note **notes, size_t *n_notes,
                           kc_error *err);
void kc_pdf_notes_free(kc_pdf_note *notes, size_t n);

/* ---- notes (pdf_notes.c), driven by the field walk of pdf_sig.c ------- */

typedef struct kc_pdf_noter kc_pdf_noter;
/* The catalog's notes (XFA, scripts) and the page tree's (/Count, page
 * scripts, which page lists which annotation). */
kc_pdf_noter *kc_pdf_noter_begin(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *root);
/* One node of the field tree (ref as listed, f resolved), its full name, its
 * field type and value as inherited, and its parent (NULL at the top). */
void kc_pdf_noter_field(kc_pdf_noter *nr, kc_pdf_obj *ref, kc_pdf_obj *f, const char *name, kc_pdf_obj *ft,
                        kc_pdf_obj *value, kc_pdf_obj *parent);
/* Hands over the notes and frees the noter (NULL-safe). */
void kc_pdf_noter_end(kc_pdf_noter *nr, kc_pdf_note **out, size_t *n);

/* A PDF text string (UTF-16BE, UTF-8 or PDFDocEncoding) as UTF-8, malloc'd. */
char *kc_pdf_text(const kc_pdf_obj *o);
/* The same, a string without a byte order mark always read as PDFDocEncoding (as viewers do). */
char *kc_pdf_text_doc(const kc_pdf_obj *o);
/* Acrobat's built-in formats with literal arguments (AFNumber_Format(2, ...)):
 * a function of the field's own value (pdf_refs.c). */
bool kc_pdf_builtin_format(const kc_pdf_obj *js);

/* ---- coverage (pdf_diff.c) -------------------------------------------- */

/* A later signature that verified (intact, and trusted by the CMS check),
 * held by exactly one field: the only thing the coverage rule lets draw on a
 * page after an earlier signature is the widget of that field, made in the
 * update this signature signs. */
typedef struct kc_pdf_verified {
    uint32_t num;        /* its signature dictionary's object number */
    uint32_t field_num;  /* the field whose /V it is */
    uint64_t signed_end; /* where its signed bytes end */
    /* Whether its signer may draw on the page after the signature being
     * judged (verify.c: the same agency's leader or organisation after a
     * leader's or organisation's signature; anyone after a person's). */
    bool may_draw;
} kc_pdf_verified;

/* Decides whether a signature whose signed bytes end at signed_end covers the
 * document as it stands: every later revision may only do what signing does,
 * and what can be seen may only come with a signature in `verified`
 * (n_verified entries, may be 0).  Returns 0 and sets *covers; *why (static
 * msgid) says what broke coverage. */
int kc_pdf_check_coverage(kc_pdf_doc *doc, const kc_pdf_sig *sig, const kc_pdf_verified *verified,
                          size_t n_verified, bool *covers, const char **why, kc_error *err);

#endif
