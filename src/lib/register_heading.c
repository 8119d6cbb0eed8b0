/* register_heading.c: a document's own date, read from its heading's place
 * and date ("Thủy An, ngày 30 tháng 06 năm 2020"), beside what
 * register_pdf.c reads after its "Số:" line: a document whose text gives no
 * number is dated by it, and a heading that holds a second place and date of
 * another year than the first one in the text is not the row's year's.  The
 * date pattern is register_pdf.c's (its year is group 1, 3 or 5). */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "register_internal.h"

/* Whether the date matched at start is written after a place and a comma
 * ("Thủy An, ngày …", "Thủy An, 30/06/2020"), as a heading's is; the laws
 * the body cites are dated without one ("Luật … ngày 19 tháng 6 năm 2015"). */
static bool after_place(const char *text, int start)
{
    int p = start;
    if (text[start] == ',')
        return true;
    while (p > 0 && (text[p - 1] == ' ' || text[p - 1] == '\t'))
        p--;
    return p > 1 && text[p - 1] == ',' && (g_ascii_isalpha(text[p - 2]) || ((unsigned char)text[p - 2] & 0x80));
}

/* The year of a date the pattern matched: the last of its groups 1, 3, 5
 * (one alternative's year) that matched, or 0. */
static int match_year(const GMatchInfo *m)
{
    char *y = NULL;
    for (int g = 5; g >= 1 && (!y || !*y); g -= 2) {
        g_free(y);
        y = g_match_info_fetch(m, g);
    }
    int year = y ? atoi(y) : 0;
    g_free(y);
    return year;
}

/* A document whose text gives no number ("Số:" with the number drawn as a
 * picture, or in words) is still dated by its heading's place and date,
 * "Thủy An, ngày 30 tháng 06 năm 2020": the first date written after a place
 * and a comma.  The laws the body cites are dated without one.  True, with
 * *said, when it is of another year than the row. */
bool kc_register_place_date(const GRegex *date, const char *text, int row_year, char **said)
{
    GMatchInfo *m = NULL;
    bool other = false, found = false;
    g_regex_match(date, text, 0, &m);
    while (!found && g_match_info_matches(m)) {
        int start = 0;
        g_match_info_fetch_pos(m, 0, &start, NULL);
        if (after_place(text, start)) {
            int year = match_year(m);
            found = year != 0;
            if (year && year != row_year) {
                other = true;
                *said = g_strdup_printf(_("its text is dated %d, not %d"), year, row_year);
            }
        }
        g_match_info_next(m, NULL);
    }
    g_match_info_free(m);
    return other;
}

bool kc_register_place_date_found(const GRegex *date, const char *text)
{
    GMatchInfo *m = NULL;
    bool found = false;
    g_regex_match(date, text, 0, &m);
    for (; !found && g_match_info_matches(m); g_match_info_next(m, NULL)) {
        int start = 0;
        g_match_info_fetch_pos(m, 0, &start, NULL);
        found = after_place(text, start);
    }
    g_match_info_free(m);
    return found;
}

/* The start of the line before the one at num_start (the number's line). */
static int line_before(const char *text, int num_start)
{
    int lo = num_start;
    for (int lines = 0; lo > 0 && lines < 2; lo--)
        if (text[lo - 1] == '\n' && ++lines == 2)
            break;
    return lo;
}

/* Whether the date matched from start to end stands on a line as a
 * heading's does: nothing after it on its line but spaces or a full stop,
 * and before it nothing, or only a place's capitalised words ("Thủy An
 * ngày 31 tháng 12 năm 2020", the comma left out).  A law the body cites is
 * dated within a sentence ("Luật … ngày 19 tháng 6 năm 2015; Căn cứ …",
 * "Nghị định số 30/2020/NĐ-CP ngày …"): its line holds lower-case words,
 * figures or more text after the year.  rtshown25 skipped any date before
 * the number's line not written "Place, ngày …": a 2020 report whose date
 * stood above its heading, the place on the line above it or its comma left
 * out, was dated by the first date after its number (a 2021 plan it cites)
 * and counted for 2021 without a word (review40). */
static bool heading_line(const char *text, int start, int end)
{
    const char *p = text + end;
    while (*p == ' ' || *p == '\t' || *p == '.')
        p++;
    if (*p && *p != '\n')
        return false;
    int from = start;
    while (from > 0 && text[from - 1] != '\n')
        from--;
    bool word_start = true;
    for (const char *q = text + from; q < text + start; q = g_utf8_next_char(q)) {
        gunichar c = g_utf8_get_char(q);
        if (c == ' ' || c == '\t') {
            word_start = true;
            continue;
        }
        if (g_unichar_isdigit(c) || (word_start && !g_unichar_isupper(c)) || !g_unichar_isalpha(c))
            return false;
        word_start = false;
    }
    return true;
}

/* The first date of text that may be the heading's, its year in *year
 * (0 when none): a date on the number's line or after it, on the line just
 * before (the heading's other column), or before it written after a place
 * and a comma ("Thủy An, ngày …", however poppler orders the columns) or
 * on a line as a heading's date stands (heading_line).  A date further
 * before the number, within a sentence, is a law the body cites: an honest
 * 2021 report whose heading is its last page, behind a body page citing
 * "Luật … ngày 19 tháng 6 năm 2015", was taken for a document of 2015 and
 * refused (rtshown25).  Of places and dates before the number, the nearest
 * it; and a place and date under the number, within the heading's span, is
 * the heading's before any of them: a 2020 report whose date stands three
 * lines under its "Số:" (two "V/v …" lines between), behind a page "Bản sao
 * y … Thủy An, ngày 05 tháng 01 năm 2021", counted for 2021 (atkshown,
 * session 40).  Returns the date's start, or -1: none, or a cover page's and one
 * far under the number disagree (KC_HEADING_FAR_SPAN). */
int kc_register_first_own_date(const GRegex *date, const char *text, int num_start, int *year)
{
    GMatchInfo *m = NULL;
    int found = -1, before = -1, before_year = 0, lo = line_before(text, num_start);
    bool unsure = false;
    *year = 0;
    g_regex_match(date, text, 0, &m);
    for (; g_match_info_matches(m); g_match_info_next(m, NULL)) {
        int start = 0, end = 0;
        g_match_info_fetch_pos(m, 0, &start, &end);
        bool placed = after_place(text, start) || heading_line(text, start, end);
        if (start < lo) {
            if (placed) {
                before = start;
                before_year = match_year(m);
            }
            continue;
        }
        if (before < 0) { /* no place and date before: the first date from the number on */
            *year = match_year(m);
            found = start;
            break;
        }
        if (start > num_start + KC_HEADING_DATE_SPAN) {
            /* Past the heading's span, a place and date of another year than
             * a cover page's far before the number may be the heading's own
             * under a long "V/v …" (rtshown26: a 2020 report whose date stands
             * 231 bytes under its number, behind a page dated "Thủy An, ngày
             * 05 tháng 01 năm 2021", counted for 2021 without a word): neither
             * is taken, and the year is said not compared.  However near the
             * number the cover page's date stands: as its last line, just
             * above the heading's agency and motto, it was taken (review41). */
            if (start > num_start + KC_HEADING_FAR_SPAN)
                break;
            if (placed && match_year(m) != before_year) {
                unsure = true;
                break;
            }
            continue;
        }
        if (!placed)
            continue;
        *year = match_year(m); /* the heading's place and date, under its number */
        found = start;
        break;
    }
    g_match_info_free(m);
    if (unsure)
        return -1;
    if (found < 0 && before >= 0) {
        *year = before_year;
        found = before;
    }
    return found;
}

/* Every place and date on the heading's lines, the number's line and the
 * lines just before and after it (where the place and date stand, beside or
 * under the number, whichever column poppler reads first), must be of the
 * row's year:
 * "Số: 21/BC-UBND ngày 30 tháng 06 năm 2021" above "Thủy An, ngày 30 tháng 06
 * năm 2020" is a document of 2020, though the first date in the text says
 * 2021.  The laws the body cites stand lines further on.  True, with *said,
 * when one is of another year. */
bool kc_register_heading_dates(const GRegex *date, const char *text, int num_start, int num_end, int row_year,
                               char **said)
{
    GMatchInfo *m = NULL;
    bool other = false;
    int lo = line_before(text, num_start), hi = num_end, len = (int)strlen(text);
    for (int lines = 0; hi < len && lines < 2; hi++) /* the end of the line after it */
        if (text[hi] == '\n' && ++lines == 2)
            break;
    g_regex_match_full(date, text, len, lo, 0, &m, NULL);
    while (!other && g_match_info_matches(m)) {
        int start = 0;
        g_match_info_fetch_pos(m, 0, &start, NULL);
        if (start >= hi)
            break;
        int year = match_year(m);
        if (year && year != row_year && after_place(text, start)) {
            other = true;
            *said = g_strdup_printf(_("its text is dated %d, not %d"), year, row_year);
        }
        g_match_info_next(m, NULL);
    }
    g_match_info_free(m);
    return other;
}
