/* register_own.c: which "Số:" line of a document's text is its own number's
 * (register_pdf.c reads the number and the date beside it): the heading's,
 * not one the body quotes or cites.  The patterns are compiled once for the
 * run and shared by the verifying threads. */
#include <glib.h>

#include "register_internal.h"

/* The patterns of a document's own number and date.  The document's own
 * number line has its colon ("Số: 12/QĐ-UBND"); the laws the body cites do
 * not ("Nghị định số 30/2020/NĐ-CP"). */
const kc_own_patterns *kc_register_own_patterns(void)
{
    static kc_own_patterns pats;
    static gsize done;
    if (g_once_init_enter(&done)) {
        GRegexCompileFlags f = G_REGEX_CASELESS | G_REGEX_OPTIMIZE;
        pats.number = g_regex_new("(?:^|\\s)số\\s*:\\s*([0-9]+\\s*/\\s*[^\\s,;]+)", f, 0, NULL);
        /* The same at the start of a line: the heading's, not a citation
         * inside a sentence.  Not after a tab (pdftext.c puts one where a
         * line's columns part, and at the start of a line whose "Số" has
         * another cell left of it on the page): the heading's number is its
         * row's first column, and a later one is a body table's cell quoting
         * another document ("1 | Số: 12/BC-UBND | Báo cáo …"): on a body page
         * in front of the heading it numbered signed report 15 as 12, and row
         * 12 naming it counted signed, 1/1, exit 0 (rtnum24). */
        pats.heading = g_regex_new("(?m)^[ ]*số\\s*:\\s*([0-9]+\\s*/\\s*[^\\s,;]+)", f, 0, NULL);
        /* Preferred to it: one whose number ends its line or its column, as
         * a heading's does (Decree 30 sets it in a column of its own, the
         * place and date in the next, after pdftext.c's tab), or is followed
         * by that place and date (a capital, then "…, ngày" or a date in
         * figures, "…, 20/03/2021": columns closer than pdftext.c's gap).  A body page in front of the heading that
         * quotes a report on a line of its own ("Số: 12/BC-UBND ngày 10
         * tháng 03 năm 2021 về …", or "…, ngày …", or "… về việc …": the
         * sentence carries on after the number) was taken for the heading:
         * signed report 15 was counted for row 12, 1/1, exit 0 (atknum2,
         * rtnum23).  Since this is preferred wherever it stands, a heading
         * run on into a date in figures ("Số: 15/BC-UBND Thủy An,
         * 20/03/2021") lost to a quote under it in the body whose number
         * ended its line: row 12 naming report 15 counted signed, 1/1, and
         * row 15 naming it another document (atknum3).  The number is
         * possessive, so that the lookahead cannot be passed by giving back
         * a letter.  A year may follow the number on its line, as contracts
         * write it ("Số: 003/HĐ 2019", the place and date in the next
         * column): such a heading gave no number to a register's row looked
         * for by its number (rtnum23's rule; "file missing", the sample
         * contract) while a folder read numbered it by the looser pattern.
         * A number ending its line whose next line goes on with the date
         * in lower case ("Số: 12/BC-UBND" / "ngày 10 tháng 03 năm 2021 về
         * …") is a quote the line broke, not a heading (a heading's date
         * opens with the place, "Thủy An, ngày …"): on a body page in front
         * of the heading it numbered signed report 15 as 12, and row 12
         * naming it counted signed (lead43).  Only "ngày" and figures: a
         * heading's subject may go on in lower case under its number when
         * poppler gives its "V/v" elsewhere (shown/124, 175). */
        pats.alone = g_regex_new("(?m)^[ ]*số\\s*:\\s*([0-9]+\\s*/\\s*[^\\s,;]++)"
                                 "(?=(?:[ ]+(?:19|20)[0-9]{2})?[ ]*(?:\\t|$(?![\\r\\n]+[ \\t]*(?-i:ngày)[ \\t]+[0-9]))|[ ]+(?-i:\\p{Lu})[^\\t\\n,]{0,40},[ ]*"
                                 "(?:ngày|[0-9]{1,2}[ ]*([/.-])[ ]*[0-9]{1,2}[ ]*\\2[ ]*[0-9]{4}(?![0-9])))",
                                 f, 0, NULL);
        /* A heading run on into its date with no place ("Số: 15/BC-UBND
         * ngày 20 tháng 03 năm 2021") or a place in lower case ("… thủy An,
         * ngày …", "… xã Thủy An, 20/03/2021") lost to a quote under it
         * whose number ended its line: row 12 naming report 15 counted
         * signed, 1/1, and row 15 naming it another document (rtnum24).
         * Such a line is a heading's when its date ends the line or the
         * column and the next line does not carry the sentence on in lower
         * case (a quote's "… năm 2021" / "về …"), but only in pages that
         * give no place and date as a heading's column does ("Thủy An, ngày
         * …" starting a line or a column, placed below): a run-on line over
         * a real heading so dated is a forged one (shown/runon, rtnum23).
         * A place holds no figure: "Số: 15/BC-UBND thủy An, ngày …" is not
         * one. */
        pats.runon = g_regex_new("(?m)^[ ]*số\\s*:\\s*([0-9]+\\s*/\\s*[^\\s,;]++)"
                                 "(?=[ ]+(?:[^\\t\\n,0-9]{1,40},[ ]*)?(?:ngày[ ]+)?"
                                 "(?:[0-9]{1,2}[ ]+tháng[ ]+[0-9]{1,2}[ ]+năm[ ]+[0-9]{4}"
                                 "|[0-9]{1,2}[ ]*([/.-])[ ]*[0-9]{1,2}[ ]*\\2[ ]*[0-9]{4})"
                                 "[ ]*(?:\\t|$(?![\\r\\n]+[ \\t]*(?-i:\\p{Ll}))))",
                                 f, 0, NULL);
        pats.placed = g_regex_new("(?m)(?:^|\\t)[ ]*(?-i:\\p{Lu})[^\\t\\n,0-9]{0,40},[ ]*"
                                  "(?:ngày[ ]+[0-9]|[0-9]{1,2}[ ]*([/.-])[ ]*[0-9]{1,2}[ ]*\\1[ ]*[0-9]{4}(?![0-9]))",
                                  f, 0, NULL);
        /* The heading's date as Decree 30 writes it ("ngày 30 tháng 6 năm
         * 2020"), or as documents also write it: "ngày 30/6/2020", "ngày
         * 30-6-2020", "ngày 30.6.2020", or after the place alone ("Thủy An,
         * 30/06/2020").  The year is the last group that matched. */
        pats.date = g_regex_new("ngày\\s+[0-9]{1,2}\\s+tháng\\s+[0-9]{1,2}\\s+năm\\s+([0-9]{4})"
                                "|ngày\\s+[0-9]{1,2}\\s*([/.-])\\s*[0-9]{1,2}\\s*\\2\\s*([0-9]{4})(?![0-9])"
                                "|,\\s*[0-9]{1,2}\\s*([/.-])\\s*[0-9]{1,2}\\s*\\4\\s*([0-9]{4})(?![0-9])",
                                f, 0, NULL);
        /* GLib on PCRE2 may compile a pattern's machine code on its first
         * match, writing to the GRegex (newer versions do): matched once
         * here, before any thread shares it, later matches with the same
         * options only read it. */
        if (pats.number && pats.date && pats.heading && pats.alone && pats.runon && pats.placed) {
            g_regex_match(pats.runon, "", 0, NULL);
            g_regex_match(pats.placed, "", 0, NULL);
            g_regex_match(pats.number, "", 0, NULL);
            g_regex_match(pats.date, "", 0, NULL);
            g_regex_match(pats.heading, "", 0, NULL);
            g_regex_match(pats.alone, "", 0, NULL);
        }
        g_once_init_leave(&done, 1);
    }
    return pats.number && pats.date && pats.heading && pats.alone && pats.runon && pats.placed ? &pats : NULL;
}

/* The first line of text in a heading's form: one alone matches, or one
 * runon matches when no line of text is placed and dated as a heading's
 * column is (register_own.c's patterns above), whichever comes first. */
bool kc_register_own_alone(const kc_own_patterns *own, const char *text, GMatchInfo **m)
{
    GMatchInfo *r = NULL;
    if (!own->alone || !own->runon || !own->placed) /* not compiled: the loosest there is */
        return g_regex_match(own->heading ? own->heading : own->number, text, 0, m);
    bool a = g_regex_match(own->alone, text, 0, m);
    if (!g_regex_match(own->placed, text, 0, NULL) && g_regex_match(own->runon, text, 0, &r)) {
        int as = 0, rs = 0;
        if (a)
            g_match_info_fetch_pos(*m, 0, &as, NULL);
        g_match_info_fetch_pos(r, 0, &rs, NULL);
        if (!a || rs < as) {
            g_match_info_free(*m);
            *m = r;
            return true;
        }
    }
    g_match_info_free(r);
    return a;
}

bool kc_register_own_enough(const char *text, void *user)
{
    const kc_own_patterns *f = user;
    /* A page whose only "Số:" stands inside a sentence ("Căn cứ Báo cáo Số:
     * 12/BC-UBND ngày …": another document cited), or starts a line the
     * sentence carries on ("Số: 12/BC-UBND ngày … về …", quoted), does not
     * settle it: the heading may be on the page read after it. */
    GMatchInfo *m = NULL;
    bool found = kc_register_own_alone(f, text, &m);
    g_match_info_free(m);
    return found && g_regex_match(f->date, text, 0, NULL);
}

/* The first that starts a line or a column and ends it (the heading's),
 * then the first that starts one (before any written inside a sentence,
 * which cites another document: "Căn cứ Báo cáo Số: 12/BC-UBND ngày …" on a
 * page in front of the heading was looked for, and counted, as 12/BC-UBND's,
 * and in a register's row of 15 read as another document: rtnum22), then
 * the first with its colon. */
bool kc_register_own_line(const kc_own_patterns *own, const char *text, GMatchInfo **m)
{
    const GRegex *order[2];
    if (!own)
        return false;
    if (kc_register_own_alone(own, text, m))
        return true;
    g_match_info_free(*m);
    *m = NULL;
    order[0] = own->heading;
    order[1] = own->number;
    for (size_t i = 0; i < G_N_ELEMENTS(order); i++) {
        if (order[i] && g_regex_match(order[i], text, 0, m))
            return true;
        g_match_info_free(*m);
        *m = NULL;
    }
    return false;
}
