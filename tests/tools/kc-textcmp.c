/* kc-textcmp.c: the old and the new way of reading a document's own number
 * and date, side by side, over every PDF named on the command line (and the
 * PDFs under every folder named), for tests/cli/textcmp.sh.
 *
 * The old way read the first and the last page with poppler
 * (kc_pdftext_first_last, unchanged) and ran the patterns over that text; it
 * is written out here as it stood in register_pdf.c, and today's rules are
 * run over the same text (what the old rules found, they must find too).  The new way is the
 * library's: kc_register_row_other_document and kc_register_pdf_row, which
 * read the last page only when the first does not settle the answer.  For
 * each document, rows that reach every branch are judged both ways: the
 * number the text gives with a year one off the text's (the year is judged
 * only when the date stands within 200 bytes of the number), a number the
 * text cannot give, and the text's own number and year.  Any difference is
 * printed and makes the exit status 1. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiemchung/register.h"
#include "pdftext.h"
#include "register_internal.h"

#define HEADING_DATE_SPAN 200 /* register_pdf.c's */

static GRegex *own_number, *own_date, *row_date, *heading_number;

/* The year own_date matched: groups 1, 3 or 5, one alternative's. */
static char *date_year(const GMatchInfo *m)
{
    char *y = NULL;
    for (int g = 5; g >= 1 && (!y || !*y); g -= 2) {
        g_free(y);
        y = g_match_info_fetch(m, g);
    }
    return y;
}
static int differences, documents, judged, multipage, read_now;

/* The old kc_register_row_other_document over the old text.  The rows given
 * here have either the text's own number (same_number is then true) or one
 * no text holds (then false), so its word comparison is not needed. */
static bool old_other(const char *text, const char *number, int year, bool text_number, char **said)
{
    GMatchInfo *m = NULL;
    char *found = NULL;
    int num_end = -1;
    bool other = false;
    *said = NULL;
    if (g_regex_match(own_number, text, 0, &m)) {
        found = g_match_info_fetch(m, 1);
        g_match_info_fetch_pos(m, 0, NULL, &num_end);
        char *w = found;
        for (char *r = found; *r; r++)
            if (!g_ascii_isspace(*r))
                *w++ = *r;
        *w = '\0';
    }
    g_match_info_free(m);
    m = NULL;
    if (!found)
        return false;
    if (!text_number) {
        *said = g_strdup_printf("its text is numbered %s, not %s", found, number);
        g_free(found);
        return true;
    }
    if (year && g_regex_match(own_date, text, 0, &m)) {
        int start = 0;
        char *y = date_year(m);
        g_match_info_fetch_pos(m, 0, &start, NULL);
        int ty = y ? atoi(y) : 0;
        g_free(y);
        if (start <= num_end + HEADING_DATE_SPAN && ty && ty != year) {
            other = true;
            *said = g_strdup_printf("its text is dated %d, not %d", ty, year);
        }
    }
    g_match_info_free(m);
    g_free(found);
    return other;
}

/* The text's own number (stripped as the old code did) and the year of its
 * heading's date, or NULL / 0: the old kc_register_pdf_row before
 * kc_register_row_set_number.  The year was its first date's; the rules
 * have grown since (the heading's date, not a law a page before it cites, nor
 * a cover page's: rtshown25, review40, atkshown) and the number is the
 * "Số:" line with its colon first (rtshown25), so the old text is judged by
 * today's rules and only the reading differs.  Since rtnum22 a document
 * looked for by its number is numbered only by a heading's "Số:" line, one
 * starting a line or a column (a citation inside a sentence numbers none),
 * and since rtnum23 ending it too (below). */
static void old_row(const char *text, char **number, int *year)
{
    GMatchInfo *m = NULL;
    int num_start = -1;
    *number = NULL;
    *year = 0;
    /* Since rtnum23 only a line whose number ends it, or runs on into the
     * place and date (register_own.c's alone; since rtnum24 its runon, in
     * pages that give no place and date), numbers a document looked for:
     * one the sentence carries on ("Số: 12/BC-UBND ngày … về …") is a quote. */
    const kc_own_patterns *own = kc_register_own_patterns();
    if (own ? kc_register_own_alone(own, text, &m) : g_regex_match(heading_number, text, 0, &m)) {
        char *n = g_match_info_fetch(m, 1), *w = n;
        g_match_info_fetch_pos(m, 0, &num_start, NULL);
        for (char *r = n; *r; r++)
            if (*r != ' ')
                *w++ = *r;
        *w = '\0';
        *number = n;
    }
    g_match_info_free(m);
    kc_register_first_own_date(row_date, text, num_start, year);
}

static void differ(const char *path, const char *what, const char *old, const char *new)
{
    printf("DIFFERENT %s: %s: old %s, new %s\n", path, what, old ? old : "(none)", new ? new : "(none)");
    differences++;
}

static void judge(const char *path, const char *text, const char *number, int year, bool text_number)
{
    kc_register_row row = {0};
    char *old_said = NULL, *new_said = NULL;
    row.file = (char *)path;
    row.number = (char *)number;
    row.year = year;
    /* The rules have grown since (the heading's place and date, register_pdf.c):
     * what the old rules found other, they still do; the old text is then
     * judged by today's rules, so that only the reading differs. */
    char *rules_said = NULL;
    bool r = old_other(text, number, year, text_number, &rules_said);
    bool o = kc_register_text_other_document(&row, text, &old_said);
    bool n = kc_register_row_other_document(&row, &new_said);
    char *what = g_strdup_printf("row %s %d", number, year);
    /* ... or say they no longer read its year (rtshown26: a cover page's
     * date and one far under the number disagree): not taken as its own */
    char *unread = r && !o ? kc_register_text_year_unread(&row, text) : NULL;
    if (r && !o && !unread)
        differ(path, what, rules_said, "its own (today's rules over the old text)");
    free(unread);
    g_free(rules_said);
    if (o != n || g_strcmp0(old_said, new_said) != 0)
        differ(path, what, old_said ? old_said : (o ? "other" : "its own"), new_said ? new_said : (n ? "other" : "its own"));
    judged++;
    g_free(what);
    g_free(old_said);
    g_free(new_said);
}

static bool always(const char *first, void *user)
{
    (void)first;
    (void)user;
    return true;
}

static void compare(const char *path)
{
    char *text = NULL, *number = NULL, *year_s = NULL;
    int year = 0;
    kc_error e = {0};
    documents++;
    if (kc_pdftext_first_last(&text, path, &e) != 0) {
        /* The old way could not read the first and last pages.  When the first
         * page alone reads (a page tree whose /Count lies, so that the "last
         * page" is not there: coverage's note-tree-count fixtures), the new
         * way judges from it, as it is meant to: counted apart, not a
         * difference.  Otherwise the new way must read nothing either. */
        char *first = NULL;
        kc_error e2 = {0};
        if (kc_pdftext_first_then_last(&first, path, always, NULL, &e2) == 0) {
            read_now++;
            free(first);
            return;
        }
        kc_register_row row = {.file = (char *)path, .number = "1/QĐ-UBND", .year = 2021};
        char *said = NULL;
        if (kc_register_row_other_document(&row, &said))
            differ(path, "unreadable", "not judged", said);
        g_free(said);
        return;
    }
    /* The old reading normalised the text to NFC as a whole; pdftext.c now
     * leaves a page alone when NFC would not change it (nfc_already, kc_text_nfc_already). */
    char *nfc = g_utf8_normalize(text, -1, G_NORMALIZE_NFC);
    if (!nfc || strcmp(nfc, text) != 0)
        differ(path, "text in NFC", nfc, text);
    g_free(nfc);

    /* Documents of more than one page: the first page alone is less. */
    char *first = NULL;
    if (kc_pdftext_first_then_last(&first, path, always, NULL, &e) == 0 && strcmp(first, text) != 0)
        multipage++;
    free(first);

    /* kc_register_pdf_row: the number and the year of the first date. */
    kc_register_row old = {0}, new = {0};
    old_row(text, &old.number, &old.year);
    if (kc_register_row_set_number(&old) != 0 || kc_register_pdf_row(&new, path) != 0) {
        differ(path, "pdf_row", "read", "out of memory");
    } else {
        if (g_strcmp0(old.number, new.number) != 0 || g_strcmp0(old.symbol, new.symbol) != 0 || old.serial != new.serial)
            differ(path, "number", old.number, new.number);
        if (old.year != new.year) {
            char a[16], b[16];
            snprintf(a, sizeof a, "%d", old.year);
            snprintf(b, sizeof b, "%d", new.year);
            differ(path, "year", a, b);
        }
    }

    /* kc_register_row_other_document: the text's number with its year one
     * off, with its own year, and a number no text gives. */
    GMatchInfo *m = NULL;
    if (g_regex_match(own_number, text, 0, &m)) {
        char *n = g_match_info_fetch(m, 1), *w = n;
        for (char *r = n; *r; r++)
            if (!g_ascii_isspace(*r))
                *w++ = *r;
        *w = '\0';
        number = n;
    }
    g_match_info_free(m);
    m = NULL;
    if (g_regex_match(own_date, text, 0, &m))
        year_s = date_year(m);
    g_match_info_free(m);
    year = year_s ? atoi(year_s) : 2021;
    if (number) {
        judge(path, text, number, year + 1, true);
        judge(path, text, number, year, true);
    }
    judge(path, text, "987654/XYZ-ABC", year, false);

    free(old.number);
    free(old.symbol);
    free(old.type);
    free(new.number);
    free(new.symbol);
    g_free(number);
    g_free(year_s);
    free(text);
}

static void walk(const char *path)
{
    if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
        if (g_str_has_suffix(path, ".pdf") || g_str_has_suffix(path, ".PDF"))
            compare(path);
        return;
    }
    GDir *d = g_dir_open(path, 0, NULL);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while (d && (name = g_dir_read_name(d)))
        g_ptr_array_add(names, g_build_filename(path, name, NULL));
    if (d)
        g_dir_close(d);
    for (guint i = 0; i < names->len; i++)
        if (!g_file_test(names->pdata[i], G_FILE_TEST_IS_SYMLINK))
            walk(names->pdata[i]);
    g_ptr_array_unref(names);
}

int main(int argc, char **argv)
{
    GRegexCompileFlags f = G_REGEX_CASELESS | G_REGEX_OPTIMIZE;
    if (argc < 2) {
        fputs("usage: kc-textcmp PDF|DIR...\n", stderr);
        return 2;
    }
    /* The patterns as register_pdf.c has them. */
    own_number = g_regex_new("(?:^|\\s)số\\s*:\\s*([0-9]+\\s*/\\s*[^\\s,;]+)", f, 0, NULL);
    /* the date forms register_pdf.c reads (Decree 30's words, or figures) */
    own_date = g_regex_new("ngày\\s+[0-9]{1,2}\\s+tháng\\s+[0-9]{1,2}\\s+năm\\s+([0-9]{4})"
                           "|ngày\\s+[0-9]{1,2}\\s*([/.-])\\s*[0-9]{1,2}\\s*\\2\\s*([0-9]{4})(?![0-9])"
                           "|,\\s*[0-9]{1,2}\\s*([/.-])\\s*[0-9]{1,2}\\s*\\4\\s*([0-9]{4})(?![0-9])",
                           f, 0, NULL);
    heading_number = g_regex_new("(?m)^[ ]*số\\s*:\\s*([0-9]+\\s*/\\s*[^\\s,;]+)", f, 0, NULL);
    row_date = g_regex_new("ngày\\s+([0-9]{1,2})\\s+tháng\\s+([0-9]{1,2})\\s+năm\\s+([0-9]{4})", f, 0, NULL);
    for (int i = 1; i < argc; i++)
        walk(argv[i]);
    printf("%d documents (%d of more than one page, %d unreadable the old way and read by their first page), "
           "%d rows judged both ways, %d differences\n",
           documents, multipage, read_now, judged, differences);
    return differences ? 1 : 0;
}
