/* register_pdf.c: a register rebuilt from the documents themselves, for a
 * commune that keeps no register file: each PDF's text gives its number
 * ("Số: 12/QĐ-UBND"), its date ("…, ngày 07 tháng 02 năm 2020") and its
 * recipients (the "Nơi nhận:" block). */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "kiemchung/verify.h"
#include "pdftext.h"
#include "register_internal.h"
#include "text.h"
#include "util.h"

#define MAX_RECIPIENT_LINES 12

typedef struct patterns {
    GRegex *number, *date, *recipients, *addressees;
} patterns;

static int compile(patterns *p, kc_error *err)
{
    GRegexCompileFlags f = G_REGEX_CASELESS | G_REGEX_OPTIMIZE;
    p->number = g_regex_new("(?:Số|SỐ|số)\\s*:?\\s*([0-9]+\\s*/\\s*[^\\s,;]+)", f, 0, NULL);
    p->date = g_regex_new("ngày\\s+([0-9]{1,2})\\s+tháng\\s+([0-9]{1,2})\\s+năm\\s+([0-9]{4})", f, 0, NULL);
    p->recipients = g_regex_new("Nơi\\s+nhận\\s*:?", f, 0, NULL);
    p->addressees = g_regex_new("Kính\\s+gửi\\s*:?", f, 0, NULL);
    if (!p->number || !p->date || !p->recipients || !p->addressees)
        return kc_error_oom(err);
    return 0;
}

static void release(patterns *p)
{
    if (p->number)
        g_regex_unref(p->number);
    if (p->date)
        g_regex_unref(p->date);
    if (p->recipients)
        g_regex_unref(p->recipients);
    if (p->addressees)
        g_regex_unref(p->addressees);
}

static char *group(GMatchInfo *m, int i)
{
    return g_match_info_fetch(m, i);
}

/* Whether a line is an item of a list: "- …", "+ …", or as Word writes a
 * list (its AutoFormat makes "- " an en dash; bullets come out as •, ·, ◦,
 * ●, ▪, or Symbol's bullet in the private use area). */
static bool list_item(const char *line)
{
    static const gunichar marks[] = {0x2010, 0x2012, 0x2013, 0x2014, 0x2212, 0x2022, 0x00B7, 0x2219,
                                     0x25E6, 0x25CF, 0x25AA, 0x25A0, 0x2023, 0x2043, 0xF0A7, 0xF0B7};
    if (*line == '-' || *line == '+' || *line == '*')
        return true;
    gunichar c = g_utf8_get_char_validated(line, -1);
    for (size_t i = 0; i < G_N_ELEMENTS(marks); i++)
        if (c == marks[i])
            return true;
    return false;
}

/* The lines after the first match of re, one per line, NULL when none.
 * Blank lines before the first are passed over and the first after it ends
 * the block; with items_only, each line after the match's own must be a
 * list item (list_item), the first other ending the block. */
static char *block_after(const GRegex *re, const char *text, bool items_only)
{
    GMatchInfo *m = NULL;
    char *out = NULL;
    if (g_regex_match(re, text, 0, &m)) {
        int end = 0;
        g_match_info_fetch_pos(m, 0, NULL, &end);
        GString *block = g_string_new(NULL);
        gchar **lines = g_strsplit(text + end, "\n", MAX_RECIPIENT_LINES + 1);
        for (int i = 0; lines[i] && i < MAX_RECIPIENT_LINES; i++) {
            char *line = g_strstrip(lines[i]);
            if (items_only && i > 0 && !list_item(line))
                break; /* a letter's body */
            if (!*line) {
                if (block->len)
                    break;
                continue;
            }
            if (block->len)
                g_string_append_c(block, '\n');
            g_string_append(block, line);
        }
        g_strfreev(lines);
        out = g_string_free(block, block->len == 0); /* NULL when empty */
    }
    g_match_info_free(m);
    return out;
}

/* The lines after "Nơi nhận:" up to the first blank line. */
static char *recipients_block(const patterns *p, const char *text)
{
    return block_after(p->recipients, text, false);
}

/* Whom a công văn is addressed to: the rest of its "Kính gửi:" line and the
 * "- …" lines under it (or "– …", "• …": list_item).  Its "Nơi nhận:" block
 * lists them only as "Như trên" (as above), as Decree 30 has it written, so
 * without them a letter to the district would not count as sent to the
 * district.  NULL when none. */
static char *addressees(const patterns *p, const char *text)
{
    return block_after(p->addressees, text, true);
}

/* A document's own number: its "Số:" line, written with the colon, before
 * any "số 30/2020/NĐ-CP" a body page in front of the heading cites (an
 * honest report whose heading is its last page was read as the decree,
 * dated 2015: rtshown25); without one, the first "Số …" as before. */
static bool own_number(const patterns *p, const char *text, GMatchInfo **m)
{
    if (kc_register_own_line(kc_register_own_patterns(), text, m))
        return true;
    g_match_info_free(*m);
    *m = NULL;
    return g_regex_match(p->number, text, 0, m);
}

static int read_document(kc_register *reg, const patterns *p, const char *path, bool identity_only)
{
    kc_register_row *row = NULL;
    char *text = NULL;
    kc_error e = {0};
    GMatchInfo *m = NULL;
    if (kc_register_add_row(reg, &row) != 0)
        return KC_ENOMEM;
    row->from_document = true;
    row->found = KC_FOUND_DOCUMENT;
    if (!(row->file = strdup(path)))
        return KC_ENOMEM;
    if (!g_str_has_suffix(path, ".pdf") && !g_str_has_suffix(path, ".PDF"))
        return kc_register_row_warn(row, _("%s: not a PDF: its number, date and recipients cannot be read"), path);
    /* poppler would wait for ever on a named pipe called "x.pdf". */
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR))
        return kc_register_row_warn(row, _("%s: cannot open: %s"), path, _("not a regular file"));
    /* The first page settles the number only when it holds the "Số:" line
     * own_number takes first: a body page citing "Nghị định số 30/2020/NĐ-CP
     * ngày … 2015" settled it with the loose pattern, and a register's row
     * was looked for (register_find.c) under the decree's number and year
     * while the folder read the heading's (session 40). */
    const kc_own_patterns *own = kc_register_own_patterns();
    kc_own_patterns fp = {p->number, p->date, NULL, NULL, NULL, NULL};
    if (own) {
        fp = *own;
        fp.date = p->date; /* the first page settles it with this reader's date */
    }
    int rc = identity_only ? kc_pdftext_first_then_last(&text, path, kc_register_own_enough, &fp, &e)
                           : kc_pdftext_first_last(&text, path, &e);
    if (rc == KC_ENOMEM)
        return rc;
    if (rc != 0)
        return kc_register_row_warn(row, "%s", e.message);
    int num_start = -1, year = 0;
    /* The identity read (a register's row looked for by its number) takes
     * only a heading's "Số:" line: a citation inside a sentence, on a page
     * in front of a heading that is not read (a report of three pages, its
     * heading on the second), gave the report to the row it cites
     * (rtnum22); a row no document answers says so.  Nor a line quoting it
     * ("Số: 12/BC-UBND ngày … về …", the heading on a page not read: a
     * report of four pages went to row 12, rtnum23). */
    GMatchInfo *h = NULL;
    bool heading_form = !identity_only || !own || kc_register_own_alone(own, text, &h);
    g_match_info_free(h);
    if (!heading_form) {
        /* no number */
    } else if (own_number(p, text, &m)) {
        char *n = group(m, 1);
        g_match_info_fetch_pos(m, 0, &num_start, NULL);
        /* "12 / QĐ-UBND" as laid out → "12/QĐ-UBND" */
        if (n) {
            char *w = n;
            for (char *r = n; *r; r++)
                if (*r != ' ')
                    *w++ = *r;
            *w = '\0';
        }
        row->number = n;
    }
    g_match_info_free(m);
    m = NULL;
    /* The heading's date, not a law a body page before it cites (rtshown25). */
    int date_start = kc_register_first_own_date(p->date, text, num_start, &year);
    if (date_start >= 0 && g_regex_match_full(p->date, text, -1, date_start, 0, &m, NULL)) {
        row->date = group(m, 0);
        char *d = group(m, 1), *mo = group(m, 2), *y = group(m, 3);
        row->day = d ? atoi(d) : 0;
        row->month = mo ? atoi(mo) : 0;
        row->year = y ? atoi(y) : 0;
        free(d);
        free(mo);
        free(y);
    }
    g_match_info_free(m);
    row->recipients = recipients_block(p, text);
    char *to = addressees(p, text);
    if (to) {
        char *both = row->recipients ? g_strconcat(to, "\n", row->recipients, NULL) : g_strdup(to);
        free(row->recipients);
        row->recipients = both;
        g_free(to);
    }
    free(text);
    if (kc_register_row_set_number(row) != 0)
        return KC_ENOMEM;
    if (!row->number && kc_register_row_warn(row, _("%s: no \"Số: …\" line found in the text"), path) != 0)
        return KC_ENOMEM;
    if (!row->year && kc_register_row_warn(row, _("%s: no date (\"ngày … tháng … năm …\") found"), path) != 0)
        return KC_ENOMEM;
    if (!row->recipients && kc_register_row_warn(row, _("%s: no \"Nơi nhận:\" block found"), path) != 0)
        return KC_ENOMEM;
    return 0;
}

int kc_register_pdf_row(kc_register_row *row, const char *path)
{
    patterns p = {0};
    kc_register *reg = kc_register_new_internal("");
    kc_register_row *got = NULL;
    int rc = compile(&p, NULL);
    if (rc == 0 && (rc = read_document(reg, &p, path, true)) == 0 && (got = &g_array_index(reg->rows, kc_reg_row, 0).pub)) {
        /* Only what identifies the document: its number and date. */
        row->number = got->number;
        row->symbol = got->symbol;
        row->serial = got->serial;
        row->year = got->year;
        got->number = got->symbol = NULL;
    }
    release(&p);
    kc_register_free(reg);
    return rc;
}

/* The folded words of a number, digits without leading zeros, split as
 * number_key splits them (kc_register_number_char): "Số 03/KH–UBND" → so 3
 * kh ubnd. */
static char **number_words(const char *s)
{
    char *f = kc_text_fold(s);
    GPtrArray *w = g_ptr_array_new();
    for (char *p = f ? f : ""; *p;) {
        if (!kc_register_number_char(p)) {
            p = g_utf8_next_char(p);
            continue;
        }
        char *start = p;
        while (*p && kc_register_number_char(p))
            p = g_utf8_next_char(p);
        while (g_ascii_isdigit(*start) && *start == '0' && start + 1 < p && g_ascii_isdigit(start[1]))
            start++;
        g_ptr_array_add(w, g_strndup(start, (gsize)(p - start)));
    }
    g_ptr_array_add(w, NULL);
    free(f);
    return (char **)g_ptr_array_free(w, FALSE);
}

/* Whether the words of the text's number end the row's, after words in
 * front of them ("12/QĐ-UBND" in "Số 12/QD-UBND", "VB 12/QĐ-UBND"), never
 * before more: the row's "15/BC-UBND-VP" (the office's report) is not the
 * committee's "Số: 15/BC-UBND", which counted signed for it (rtnum22), nor
 * "12/UBND-VX" a "12/UBND". */
static bool same_number(const char *text, const char *row)
{
    char **t = number_words(text), **r = number_words(row);
    size_t nt = g_strv_length(t), nr = g_strv_length(r);
    bool same = false;
    if (nt && nt <= nr) {
        size_t i = nr - nt, k = 0;
        while (k < nt && strcmp(t[k], r[i + k]) == 0)
            k++;
        same = k == nt;
    }
    g_strfreev(t);
    g_strfreev(r);
    return same;
}

bool kc_register_row_other_document(const kc_register_row *row, char **said)
{
    return kc_register_row_other_document_why(row, said, NULL);
}

bool kc_register_row_other_document_why(const kc_register_row *row, char **said, char **unread)
{
    const kc_own_patterns *pats = kc_register_own_patterns();
    char *text = NULL;
    kc_error e = {0};
    bool other;
    *said = NULL;
    if (unread)
        *unread = NULL;
    /* The first page settles both when it holds both (kc_register_own_enough). */
    if (!pats || !row->file || !row->number || (!g_str_has_suffix(row->file, ".pdf") && !g_str_has_suffix(row->file, ".PDF")) ||
        !g_file_test(row->file, G_FILE_TEST_IS_REGULAR))
        return false;
    if (kc_pdftext_first_then_last(&text, row->file, kc_register_own_enough, (void *)pats, &e) != 0) {
        if (unread && e.code == KC_EFORMAT)
            *unread = strdup(e.message);
        return false;
    }
    other = kc_register_text_other_document(row, text, said);
    if (!other && unread)
        *unread = kc_register_text_year_unread(row, text);
    free(text);
    return other;
}

/* Judges text for row (see kc_register_text_other_document); *no_year is
 * set when the number agrees but no heading date stands beside it. */
static bool judge_text(const kc_register_row *row, const char *text, char **said, bool *no_year);

bool kc_register_text_other_document(const kc_register_row *row, const char *text, char **said)
{
    bool no_year = false;
    return judge_text(row, text, said, &no_year);
}

/* rtnum18: last year's date typed on a row left its unsigned document out of
 * the year (5/5 for 5/7).  Judged as if the row were dated in year. */
bool kc_register_text_dated(const kc_register_row *row, const char *text, int year)
{
    kc_register_row as_of = *row; /* borrowed: nothing of it is freed */
    char *said = NULL;
    bool no_year = true; /* stays so without the row's number in the text */
    as_of.year = year;
    if (!row->number || !text || year <= 0)
        return false;
    bool other = judge_text(&as_of, text, &said, &no_year);
    g_free(said);
    return !other && !no_year;
}

bool kc_register_row_text_dated(const kc_register_row *row, int year)
{
    const kc_own_patterns *pats = kc_register_own_patterns();
    char *text = NULL;
    kc_error e = {0};
    bool pdf = row->file && (g_str_has_suffix(row->file, ".pdf") || g_str_has_suffix(row->file, ".PDF"));
    if (!pats || !pdf || !g_file_test(row->file, G_FILE_TEST_IS_REGULAR) ||
        kc_pdftext_first_then_last(&text, row->file, kc_register_own_enough, (void *)pats, &e) != 0)
        return false;
    bool dated = kc_register_text_dated(row, text, year);
    free(text);
    return dated;
}

static int row_year(const kc_register_row *row);

/* Whether text holds a letter: a scan's is empty (judged by its signing
 * time alone, as before). */
static bool has_letters(const char *text)
{
    for (const char *p = text; *p; p++)
        if (g_ascii_isalpha(*p))
            return true;
    return false;
}

char *kc_register_text_year_unread(const kc_register_row *row, const char *text)
{
    const kc_own_patterns *pats = kc_register_own_patterns();
    char *said = NULL;
    bool no_year = false;
    bool other = judge_text(row, text, &said, &no_year);
    g_free(said);
    /* rtshown24: the pages read (the first, the second after a first with no
     * number, the last) give neither the number nor the heading's place and
     * date: a 2020 report whose heading stands on page 3 of 4, behind two
     * cover pages, counted for a 2021 row without a word.  Its heading is on
     * a page not read: said, as a heading without a date is. */
    /* rtnum22: the text gives a "Số:" only inside a sentence, as one cites
     * another document ("Căn cứ Báo cáo Số: 12/BC-UBND …"): its own heading
     * is on a page not read, and the number compared may be the one cited.
     * rtnum23: so when its only "Số:" lines are carried on by a sentence, a
     * report quoted at a line's start ("Số: 12/BC-UBND ngày … về …") on a
     * body page in front of a heading on a page not read (the third of
     * four): row 12 naming report 15 counted signed, 1/1, without a word. */
    if (!other && pats && row->number && has_letters(text) && !g_regex_match(pats->alone, text, 0, NULL) &&
        g_regex_match(pats->number, text, 0, NULL))
        return strdup(_("its text gives a \"Số: …\" only inside a sentence, as a document cites another: its own "
                        "heading, on a page that is not read, was not compared with the row"));
    if (!other && pats && row->number && row_year(row) && has_letters(text) &&
        !g_regex_match(pats->number, text, 0, NULL) && !kc_register_place_date_found(pats->date, text))
        return strdup(_("the pages of its text that are read (the first, the second after a first without a number, "
                        "and the last) give no \"Số: …\" line and no place and date (\"Thủy An, ngày …\"): its "
                        "heading, on another page or not in its text, was not compared with the row"));
    if (other || !no_year)
        return NULL;
    return strdup(_("its text gives no date in figures (\"ngày … tháng … năm …\") beside its \"Số:\" line, so its "
                    "year was not compared with the row's"));
}

/* The row's year, or when its date cannot be read (30/02/2021, 2021-13-01:
 * a typo, or written so) the one year its cell holds in four figures, or 0.
 * rtnum8: such a row counted as signed whatever year its document's text
 * gave (a signed decision of 2020 for the row "30/02/2021": 100%, only "its
 * date cannot be read" beside it). */
static int row_year(const kc_register_row *row)
{
    int year = 0, found = 0;
    if (row->year || !row->date)
        return row->year;
    for (const char *p = row->date; *p;) {
        if (!g_ascii_isdigit(*p)) {
            p++;
            continue;
        }
        const char *q = p;
        while (g_ascii_isdigit(*q))
            q++;
        if (q - p == 4 && atoi(p) >= 1900 && atoi(p) <= 2100) {
            year = atoi(p);
            found++;
        }
        p = q;
    }
    return found == 1 ? year : 0;
}

static bool judge_text(const kc_register_row *row, const char *text, char **said, bool *no_year)
{
    const kc_own_patterns *pats = kc_register_own_patterns();
    const int ry = row_year(row);
    GMatchInfo *m = NULL;
    char *number = NULL;
    bool other = false;
    int num_start = -1, num_end = -1, start = -1, year = 0;
    *said = NULL;
    if (!row->number || !text)
        return false;
    if (!pats)
        return false;
    if (kc_register_own_line(pats, text, &m)) {
        number = g_match_info_fetch(m, 1);
        g_match_info_fetch_pos(m, 0, &num_start, &num_end);
        if (number) {
            char *w = number; /* "12 / QĐ-UBND" as laid out → "12/QĐ-UBND" */
            for (char *r = number; *r; r++)
                if (!g_ascii_isspace(*r))
                    *w++ = *r;
            *w = '\0';
        }
    }
    g_match_info_free(m);
    m = NULL;
    if (!number) { /* a scan, or a heading the text does not give: judged by its place and date alone */
        if (ry)
            other = kc_register_place_date(pats->date, text, ry, said);
        goto out;
    }
    char *sans = kc_register_number_sans_year(row->number, ry);
    bool same = same_number(number, row->number) || (sans && same_number(number, sans));
    g_free(sans);
    if (!same) {
        other = true;
        *said = g_strdup_printf(_("its text is numbered %s, not %s"), number, row->number);
        goto out;
    }
    *no_year = ry != 0;
    start = ry ? kc_register_first_own_date(pats->date, text, num_start, &year) : -1;
    if (start >= 0) {
        if (start <= num_end + KC_HEADING_DATE_SPAN && year)
            *no_year = false;
        if (start <= num_end + KC_HEADING_DATE_SPAN && year && year != ry) {
            other = true;
            *said = g_strdup_printf(_("its text is dated %d, not %d"), year, ry);
        }
    }
    if (!other && ry)
        other = kc_register_heading_dates(pats->date, text, num_start, num_end, ry, said);
out:
    g_match_info_free(m);
    g_free(number);
    return other;
}

/* When a signature was made, as far as the document tells: a trusted
 * timestamp's time, else the time the signer claims; 0 when neither. */
static int64_t made_at(const kc_sig_info *si)
{
    if (si->time_source == KC_TIME_TIMESTAMP || si->time_source == KC_TIME_DOC_TIMESTAMP)
        return si->checked_at;
    return si->signing_time;
}

bool kc_register_row_signed_before(const kc_register_row *row, const kc_verdict *v, char **said)
{
    int64_t latest = 0;
    /* A date that cannot be read (30/02/2021) is judged by the year its cell
     * holds, from its first day: the earliest the row can be (rtnum8). */
    const int year = row_year(row), month = row->year ? row->month : 1, day = row->year ? row->day : 1;
    *said = NULL;
    if (!v || !year || !month || !day)
        return false;
    for (size_t i = 0; i < kc_verdict_count(v); i++) {
        const kc_sig_info *si = kc_verdict_sig(v, i);
        if (si->valid && made_at(si) > latest)
            latest = made_at(si);
    }
    if (!latest)
        return false; /* no time to go by: not judged */
    /* Vietnam's dates: a signature at 23:30 on 31 December (UTC+7) is of that year. */
    GTimeZone *vn = g_time_zone_new_offset(7 * 3600);
    GDateTime *made = g_date_time_new_from_unix_utc(latest), *local = made ? g_date_time_to_timezone(made, vn) : NULL;
    GDateTime *date = g_date_time_new(vn, year, month, day, 0, 0, 0);
    bool before = false;
    if (local && date && g_date_time_get_year(local) < year &&
        g_date_time_difference(date, local) > (GTimeSpan)31 * G_TIME_SPAN_DAY) {
        before = true;
        *said = g_strdup_printf(_("it was signed on %04d-%02d-%02d, before the year of its date, %d"),
                                g_date_time_get_year(local), g_date_time_get_month(local),
                                g_date_time_get_day_of_month(local), year);
    }
    if (date)
        g_date_time_unref(date);
    if (local)
        g_date_time_unref(local);
    if (made)
        g_date_time_unref(made);
    g_time_zone_unref(vn);
    return before;
}

char *kc_register_row_signed_after(const kc_register_row *row, const kc_verdict *v)
{
    int64_t earliest = 0;
    char *when = NULL;
    if (!v || !row->year)
        return NULL;
    for (size_t i = 0; i < kc_verdict_count(v); i++) {
        const kc_sig_info *si = kc_verdict_sig(v, i);
        if (!si->valid)
            continue;
        if (!made_at(si))
            return NULL; /* a signature without a time: nothing to say */
        if (!earliest || made_at(si) < earliest)
            earliest = made_at(si);
    }
    if (!earliest)
        return NULL;
    GTimeZone *vn = g_time_zone_new_offset(7 * 3600);
    GDateTime *made = g_date_time_new_from_unix_utc(earliest), *local = made ? g_date_time_to_timezone(made, vn) : NULL;
    if (local && g_date_time_get_year(local) > row->year)
        when = g_strdup_printf("%04d-%02d-%02d", g_date_time_get_year(local), g_date_time_get_month(local),
                               g_date_time_get_day_of_month(local));
    if (local)
        g_date_time_unref(local);
    if (made)
        g_date_time_unref(made);
    g_time_zone_unref(vn);
    return when;
}

int kc_register_from_documents(kc_register **out, const char *const *paths, size_t n, kc_error *err)
{
    patterns p = {0};
    kc_register *reg = kc_register_new_internal("");
    int rc = compile(&p, err);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = read_document(reg, &p, paths[i], false);
    if (rc == 0)
        rc = kc_register_check_duplicates(reg);
    if (rc == 0) {
        *out = reg;
        reg = NULL;
    }
    release(&p);
    kc_register_free(reg);
    return rc == KC_ENOMEM ? kc_error_oom(err) : rc;
}

bool kc_register_row_as_above(const kc_register_row *row)
{
    char *f = row->recipients ? kc_text_fold(row->recipients) : NULL;
    bool yes = f && strstr(f, "nhu tren") != NULL;
    free(f);
    return yes;
}

char *kc_register_text_addressees(const char *text)
{
    patterns p = {0};
    char *to = NULL, *m = NULL;
    if (text && compile(&p, NULL) == 0)
        to = addressees(&p, text);
    release(&p);
    if (to) { /* malloc'd for the caller, like the other strings of a row */
        m = strdup(to);
        g_free(to);
    }
    return m;
}

char *kc_register_row_addressees(const kc_register_row *row)
{
    char *text = NULL, *to = NULL;
    if (!row->file || (!g_str_has_suffix(row->file, ".pdf") && !g_str_has_suffix(row->file, ".PDF")) ||
        !g_file_test(row->file, G_FILE_TEST_IS_REGULAR))
        return NULL;
    if (kc_pdftext_first_last(&text, row->file, NULL) == 0 && text)
        to = kc_register_text_addressees(text);
    free(text);
    return to;
}
