/* pdftext.c: page text through poppler-glib (see pdftext.h), in this
 * process or, when the program turned it on, in a reader process with a
 * deadline and a memory limit (textreader.c, which calls kc_pdftext_local).
 *
 * poppler-glib is loaded on first use rather than linked: linked, it and the
 * forty libraries it pulls in (cairo, NSS, X11, ...) cost every run of the
 * program several milliseconds of relocations before main(), more than
 * verifying ten documents, and only reading a document's text needs it. */
#include <glib.h>
#include <math.h>
#include <poppler.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "pdf.h"
#include "pdftext.h"
#include "text.h"
#include "pdftext_shown.h"
#include "util.h"

static struct {
    PopplerDocument *(*document_new_from_gfile)(GFile *, const char *, GCancellable *, GError **);
    PopplerDocument *(*document_new_from_bytes)(GBytes *, const char *, GError **);
    int (*document_get_n_pages)(PopplerDocument *);
    PopplerPage *(*document_get_page)(PopplerDocument *, int);
    char *(*page_get_text)(PopplerPage *);
    gboolean (*page_get_text_layout)(PopplerPage *, PopplerRectangle **, guint *);
    /* GIO and GObject, poppler-glib's own dependencies, found through its
     * handle: linked, they would be loaded by every command. */
    GFile *(*file_new_for_path)(const char *);
    void (*object_unref)(gpointer);
    bool loaded;
    char why[256]; /* dlerror()'s words when it did not load */
} pop;
static pthread_once_t pop_once = PTHREAD_ONCE_INIT;

/* poppler-glib holds poppler's global parameters (its encodings, CMaps and
 * font directories) only while some document is open: a run that reads one
 * document after another built them and freed them again for each (3.4 M
 * and 1.1 M instructions of callgrind's count, 40% of reading a
 * document's first page).  One empty document held for the whole run keeps
 * them; it is let go at exit, before poppler's own destructors run (they were
 * registered when it was loaded, so they run after), and no leak checker
 * counts it. */
static PopplerDocument *keeper;

static void let_go(void)
{
    if (keeper)
        pop.object_unref(keeper);
    keeper = NULL;
}

static void keep_globals(void)
{
    static char pdf[400];
    static const char *const objs[] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1 1] >>",
    };
    size_t off[3], n = (size_t)g_snprintf(pdf, sizeof pdf, "%%PDF-1.4\n");
    for (size_t i = 0; i < 3; i++) {
        off[i] = n;
        n += (size_t)g_snprintf(pdf + n, sizeof pdf - n, "%zu 0 obj\n%s\nendobj\n", i + 1, objs[i]);
    }
    size_t xref = n;
    n += (size_t)g_snprintf(pdf + n, sizeof pdf - n, "xref\n0 4\n0000000000 65535 f \n");
    for (size_t i = 0; i < 3; i++)
        n += (size_t)g_snprintf(pdf + n, sizeof pdf - n, "%010zu 00000 n \n", off[i]);
    n += (size_t)g_snprintf(pdf + n, sizeof pdf - n, "trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
                            xref);
    if (n >= sizeof pdf)
        return;
    GBytes *bytes = g_bytes_new_static(pdf, n);
    keeper = pop.document_new_from_bytes(bytes, NULL, NULL); /* NULL: slower, not wrong */
    g_bytes_unref(bytes);
    if (keeper)
        atexit(let_go);
}

const char *const kc_poppler_sonames[] = {"libpoppler-glib.so.8", "libpoppler-glib.so", NULL};

static void load_poppler(void)
{
    const kc_dl_sym syms[] = {
        {(void **)&pop.document_new_from_gfile, "poppler_document_new_from_gfile"},
        {(void **)&pop.document_new_from_bytes, "poppler_document_new_from_bytes"},
        {(void **)&pop.document_get_n_pages, "poppler_document_get_n_pages"},
        {(void **)&pop.document_get_page, "poppler_document_get_page"},
        {(void **)&pop.page_get_text, "poppler_page_get_text"},
        {(void **)&pop.page_get_text_layout, "poppler_page_get_text_layout"},
        {(void **)&pop.file_new_for_path, "g_file_new_for_path"},
        {(void **)&pop.object_unref, "g_object_unref"},
    };
    pop.loaded = kc_dl_load(kc_poppler_sonames, syms, G_N_ELEMENTS(syms), pop.why, sizeof pop.why);
    if (pop.loaded)
        keep_globals();
}

/* poppler_page_get_text() runs two columns of one line together ("Số:
 * 21/BC-UBNDThủy An, ngày …": the number on the left, the place and date on
 * the right).  The character boxes tell where a wide horizontal gap is; a tab
 * goes there so that the parts stay apart. */
#define COLUMN_GAP 12.0 /* points: wider than any space between words */

/* What reading a document's pages needs besides poppler: which pages show
 * no text of their own (pdf_actual.c), and the first reason found why the
 * figures of a page read are not the ones it shows. */
typedef struct reading {
    const kc_pdf_textless *textless;
    char *why; /* g_malloc'd */
} reading;

/* The digits of a page read must show (pdftext_shown.c), unless the page
 * shows no text at all (an OCR'd scan's layer, read on purpose); the page
 * is drawn only where its content may hide text (pdf_textmode.c), whole
 * when it may hide text anywhere or was not scanned. */
static void check_shown(reading *r, PopplerPage *page, int index, const char *t, PopplerRectangle *boxes, guint n)
{
    size_t no = (size_t)index + 1;
    if (!r->why && !kc_pdf_page_textless(r->textless, no))
        r->why = kc_pdftext_unshown_figures(page, index + 1, t, boxes, n,
                                            kc_pdf_page_plain(r->textless, no) ? kc_pdf_page_geom(r->textless, no) : NULL,
                                            kc_pdf_page_geom(r->textless, no));
}

/* Whether the line of t starting at p opens with "Số" (as a heading's
 * number does) and some other character stands to its left on the page, on
 * the same row (its box's middle within the "S"'s height): a table's cell
 * after another ("1 | Số: 12/BC-UBND | Báo cáo …"), which poppler gives as a
 * line of its own, just as it gives the heading's "Số: 15/BC-UBND" (nothing
 * stands left of a heading's number: it is the left column's).  On a body
 * page in front of the heading such a cell numbered signed report 15 as 12,
 * and row 12 naming it counted signed, 1/1, exit 0 (rtnum24).  at is the
 * index of p's character among boxes. */
static bool cell_after_another(const char *t, const char *p, guint at, const PopplerRectangle *boxes, guint n)
{
    while (*p == ' ') { /* register_own.c allows spaces before it */
        p++;
        at++;
    }
    /* "Số" in any case, composed or not (the text is made NFC after): an
     * "s" and a letter whose first part is an "o"; a line opening so ("Sở
     * …") is rare enough to look at each. */
    gunichar parts[4];
    if ((*p != 'S' && *p != 's') || at >= n ||
        !g_unichar_fully_decompose(g_utf8_get_char(p + 1), FALSE, parts, G_N_ELEMENTS(parts)) ||
        g_unichar_tolower(parts[0]) != 'o')
        return false;
    if (at + 1 >= n)
        return false;
    /* The row runs the way from the "S" to the letter after it: across
     * the page, or down or up it on a page turned by /Rotate (review37's
     * turned pages: an honest heading's "Số:" there has its row's other
     * lines beside it in the boxes' frame, not before it). */
    const PopplerRectangle *s = &boxes[at], *o = &boxes[at + 1];
    double dx = (o->x1 + o->x2 - s->x1 - s->x2) / 2, dy = (o->y1 + o->y2 - s->y1 - s->y2) / 2;
    bool across = fabs(dx) >= fabs(dy), forward = across ? dx > 0 : dy > 0;
    guint i = 0;
    for (const char *q = t; *q && i < n; q = g_utf8_next_char(q), i++) {
        if (*q == ' ' || *q == '\n' || *q == '\t' || *q == '\r' || i == at)
            continue;
        const PopplerRectangle *b = &boxes[i];
        double mid = across ? (b->y1 + b->y2) / 2 : (b->x1 + b->x2) / 2;
        bool in_row = across ? mid > s->y1 && mid < s->y2 : mid > s->x1 && mid < s->x2;
        bool before = across ? (forward ? b->x2 <= s->x1 : b->x1 >= s->x2) : (forward ? b->y2 <= s->y1 : b->y1 >= s->y2);
        if (in_row && before)
            return true;
    }
    return false;
}

static void append_page(GString *text, PopplerDocument *doc, int index, reading *r)
{
    PopplerPage *page = pop.document_get_page(doc, index);
    PopplerRectangle *boxes = NULL;
    guint n_boxes = 0;
    if (!page)
        return;
    char *t = pop.page_get_text(page);
    if (t && pop.page_get_text_layout(page, &boxes, &n_boxes)) {
        check_shown(r, page, index, t, boxes, n_boxes);
        /* The text between two tabs goes in as one run, not a character at
         * a time (15,000 calls for 20 bench documents' first pages). */
        const char *p = t, *run = t;
        for (guint i = 0; *p; i++) {
            if (i > 0 && i < n_boxes && p[0] != '\n' && p[-1] != '\n' &&
                boxes[i].x1 - boxes[i - 1].x2 > COLUMN_GAP) {
                g_string_append_len(text, run, p - run);
                g_string_append_c(text, '\t');
                run = p;
            } else if ((i == 0 || p[-1] == '\n') && cell_after_another(t, p, i, boxes, n_boxes)) {
                /* The line opens with a tab: a column after another, which
                 * register_own.c never takes for the heading's. */
                g_string_append_len(text, run, p - run);
                g_string_append_c(text, '\t');
                run = p;
            }
            p = g_utf8_next_char(p);
        }
        g_string_append_len(text, run, p - run);
        g_string_append_c(text, '\n');
    } else if (t) {
        g_string_append(text, t);
        g_string_append_c(text, '\n');
    }
    g_free(boxes);
    g_free(t);
    pop.object_unref(page);
}

/* A page's text in NFC, with the tabs and the newline append_page adds, or
 * NULL when it is not UTF-8 (then the whole reading fails, as it did when
 * the pages were normalised together).  The page ends in a newline, which
 * composes with nothing: normalising pages one by one gives the bytes that
 * normalising them together gave.  Vietnamese text that a font's ToUnicode
 * map gives precomposed is NFC already (kc_text_nfc_already), and GLib's
 * normalisation of it cost 0.85 M instructions a document for nothing. */
static bool nfc_already(const char *s)
{
    return g_utf8_validate(s, -1, NULL) && kc_text_nfc_already(s);
}

static char *page_text(PopplerDocument *doc, int index, reading *r)
{
    GString *text = g_string_new(NULL);
    append_page(text, doc, index, r);
    if (nfc_already(text->str))
        return g_string_free(text, FALSE);
    char *nfc = g_utf8_normalize(text->str, -1, G_NORMALIZE_NFC);
    g_string_free(text, TRUE);
    return nfc;
}

/* Whether t starts with a year of four figures (19xx or 20xx) that ends there. */
static bool is_year(const char *t)
{
    return (strncmp(t, "19", 2) == 0 || strncmp(t, "20", 2) == 0) && g_ascii_isdigit(t[2]) && g_ascii_isdigit(t[3]) &&
           !g_ascii_isdigit(t[4]);
}

/* Whether the line after the line end at t opens with a date in lower case,
 * "ngày" and figures: a sentence the line broke ("Số: 12/BC-UBND" / "ngày
 * 10 tháng 03 …", a quote), as register_own.c reads it. */
static bool goes_on_with_date(const char *t)
{
    while (*t == '\n' || *t == '\r')
        t++;
    while (*t == ' ' || *t == '\t')
        t++;
    if (strncmp(t, "ngày", strlen("ngày")) != 0)
        return false;
    t += strlen("ngày");
    if (*t != ' ' && *t != '\t')
        return false;
    while (*t == ' ' || *t == '\t')
        t++;
    return g_ascii_isdigit(*t);
}

/* Whether a page's text (NFC) gives a document's number as its heading
 * writes it: "Số", "số" or "SỐ" starting a line (not a column after another:
 * a body table's cell, as register_own.c reads it), then spaces or a colon, digits, spaces, a "/" and the rest of the
 * number ending the line or the column ("Số: 21/BC-UBND", the place and date
 * after a tab), as register_own.c takes a heading's first.  A "Số: N/" inside
 * a sentence ("Căn cứ Báo cáo Số: 12/BC-UBND ngày …") or carried on by one
 * ("Số: 12/BC-UBND ngày … về …", quoted) cites another document: a report of
 * three pages whose first page so cites and whose heading is on its second
 * was read without the second, numbered by the citation (rtnum22, rtnum23).
 * A year may follow the number ("Số: 003/HĐ 2019"), as register_own.c allows. */
static bool gives_number(const char *t)
{
    static const char *const so[] = {"Số", "số", "SỐ"};
    for (size_t k = 0; k < G_N_ELEMENTS(so); k++)
        for (const char *p = strstr(t, so[k]); p; p = strstr(p + 1, so[k])) {
            const char *b = p;
            while (b > t && b[-1] == ' ')
                b--;
            if (b > t && b[-1] != '\n')
                continue; /* inside a line's run of words, or a table's cell after another (rtnum24) */
            const char *q = p + strlen(so[k]);
            while (*q == ' ' || *q == '\t' || *q == ':')
                q++;
            if (!g_ascii_isdigit(*q))
                continue;
            while (g_ascii_isdigit(*q))
                q++;
            while (*q == ' ')
                q++;
            if (*q != '/')
                continue;
            for (q++; *q == ' '; q++) /* "12 / QĐ-UBND" as laid out */
                ;
            while (*q && *q != ' ' && *q != '\t' && *q != '\n')
                q++;
            while (*q == ' ')
                q++;
            if (is_year(q)) /* "Số: 003/HĐ 2019", as contracts write it */
                for (q += 4; *q == ' '; q++)
                    ;
            if (!*q || *q == '\t' || (*q == '\n' && !goes_on_with_date(q)))
                return true;
        }
    return false;
}

/* The first page's text, and the second's after it when the first gives no
 * number (a report's cover page: its "Số: …" heading on page 2): read as the
 * first and last pages alone, a signed decision filed with a cover page for
 * another row's unsigned report gave no number to compare with the row and
 * counted it signed (rtnum19), and a last page citing "Quyết định số 12/
 * QĐ-UBND" gave that number as the document's own. */
static char *first_text(PopplerDocument *doc, int pages, reading *r)
{
    char *first = page_text(doc, 0, r), *second;
    if (!first || pages < 3 || gives_number(first))
        return first;
    if (!(second = page_text(doc, 1, r))) {
        g_free(first);
        return NULL;
    }
    if (!r->why && r->textless->second_why) /* its /ActualText, fonts' maps, invisible text (pdf_actual.c) */
        r->why = g_strdup(r->textless->second_why);
    char *both = g_strconcat(first, second, NULL);
    g_free(first);
    g_free(second);
    return both;
}

/* The text of doc's first page (and second, first_text), and of its last
 * unless enough says the first settles it (see pdftext.h); doc is released. */
static int from_doc(char **out, PopplerDocument *doc, bool (*enough)(const char *first, void *user), void *user,
                    reading *r)
{
    char *first = NULL, *last = NULL;
    int pages = pop.document_get_n_pages(doc);
    if (pages > 0 && !(first = first_text(doc, pages, r)))
        goto oom;
    if (pages > 1 && !(enough && enough(first, user)) && !(last = page_text(doc, pages - 1, r)))
        goto oom;
    pop.object_unref(doc);
    /* Room after the text: GLib's patterns run as PCRE2's compiled code,
     * which reads the subject 16 bytes at a time and may read past its end
     * (inside the block, that is nobody's business; past it, memcheck's). */
    size_t n1 = first ? strlen(first) : 0, n2 = last ? strlen(last) : 0;
    GString *text = g_string_sized_new(n1 + n2 + 32);
    g_string_append_len(text, first ? first : "", (gssize)n1);
    g_string_append_len(text, last ? last : "", (gssize)n2);
    /* the room is zeros, not whatever malloc left there (memcheck) */
    static const char zeros[32];
    g_string_append_len(text, zeros, sizeof zeros);
    g_string_truncate(text, n1 + n2);
    *out = g_string_free(text, FALSE);
    g_free(first);
    g_free(last);
    return 0;
oom:
    pop.object_unref(doc);
    g_free(first);
    return KC_ENOMEM;
}

/* Whether the pages read give other figures than they draw (/ActualText,
 * pdf_actual.c): poppler gives the replacement text and has no switch to
 * give the glyphs, so our own reader looks at the same pages. */
static char *actual_text(const char *path, const void *data, size_t len, kc_pdf_textless *pages)
{
    pages->n = 0;
    if (!path)
        return kc_pdf_actualtext_figures(-1, data, len, pages);
    struct stat st;
    char *why = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
        why = kc_pdf_actualtext_figures(fd, NULL, (uint64_t)st.st_size, pages);
    close(fd);
    return why;
}

int kc_pdftext_local(char **out, char **why, const char *path, const void *data, size_t len,
                     bool (*enough)(const char *first, void *user), void *user)
{
    GError *gerr = NULL;
    PopplerDocument *doc;
    *why = NULL;
    pthread_once(&pop_once, load_poppler);
    if (!pop.loaded) {
        *why = strdup(pop.why);
        return KC_EFORMAT;
    }
    if (path) {
        GFile *file = pop.file_new_for_path(path);
        doc = pop.document_new_from_gfile(file, NULL, NULL, &gerr);
        pop.object_unref(file);
    } else {
        /* The caller keeps data alive until the text is read: no copy of it. */
        GBytes *bytes = g_bytes_new_static(data, len);
        doc = pop.document_new_from_bytes(bytes, NULL, &gerr);
        g_bytes_unref(bytes);
    }
    if (!doc) {
        *why = strdup(gerr ? gerr->message : "?");
        g_clear_error(&gerr);
        return KC_EFORMAT;
    }
    kc_pdf_textless pages = {0};
    char *replaced = actual_text(path, data, len, &pages);
    reading r = {.textless = &pages};
    int rc = replaced ? 0 : from_doc(out, doc, enough, user, &r);
    g_free(pages.second_why);
    if (replaced)
        pop.object_unref(doc);
    else if (rc == 0)
        replaced = r.why;
    else
        g_free(r.why);
    if (replaced) { /* the text is not the page's: not read, and said why */
        free(*out);
        *out = NULL;
        *why = strdup(replaced);
        g_free(replaced);
        return *why ? KC_EFORMAT : KC_ENOMEM;
    }
    return rc;
}

/* In the reader process when the program asked for it (textreader.c), else
 * here; name is for messages. */
static _Thread_local size_t readings;

size_t kc_pdftext_readings(void)
{
    return readings;
}

int kc_pdftext_read_plain(char **out, const char *name, const char *path, const void *data, size_t len,
                          bool (*enough)(const char *first, void *user), void *user, kc_error *err)
{
    readings++;
    char *why = NULL;
    int rc;
    if (kc_textreader_on())
        return kc_textreader_read(out, name, path, data, len, enough, user, err);
    rc = kc_pdftext_local(out, &why, path, data, len, enough, user);
    if (rc == KC_EFORMAT)
        rc = kc_error_set(err, KC_EFORMAT, _("%s: cannot read the document's text: %s"), name, why ? why : "?");
    else if (rc != 0)
        rc = kc_error_oom(err);
    free(why);
    return rc;
}

/* Shared with the thread's other readings of the same bytes when it asked
 * for that (pdftext_share.c), else read; sha256 (or NULL) is data's. */
static int read_text(char **out, const char *name, const char *path, const void *data, size_t len,
                     const unsigned char *sha256, bool (*enough)(const char *first, void *user), void *user,
                     kc_error *err)
{
    int rc = kc_pdftext_shared_read(out, name, path, data, len, sha256, enough, user, err);
    return rc != KC_PDFTEXT_NOT_SHARED ? rc : kc_pdftext_read_plain(out, name, path, data, len, enough, user, err);
}

int kc_pdftext_first_then_last(char **out, const char *path, bool (*enough)(const char *first, void *user), void *user,
                               kc_error *err)
{
    return read_text(out, path, path, NULL, 0, NULL, enough, user, err);
}

int kc_pdftext_first_last(char **out, const char *path, kc_error *err)
{
    return read_text(out, path, path, NULL, 0, NULL, NULL, NULL, err);
}

int kc_pdftext_first_last_bytes(char **out, const char *name, const void *data, size_t len, kc_error *err)
{
    return read_text(out, name, NULL, data, len, NULL, NULL, NULL, err);
}

int kc_pdftext_first_last_bytes_sha256(char **out, const char *name, const void *data, size_t len,
                                       const unsigned char sha256[32], kc_error *err)
{
    return read_text(out, name, NULL, data, len, sha256, NULL, NULL, err);
}
