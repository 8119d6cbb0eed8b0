/* docref_spelled.c: a count of documents written in words ("bảy văn bản",
 * "hai mươi mốt văn bản") or with the unit abbreviated ("7 VB").
 *
 * A count was read only as digits before "văn bản", so "5/7 văn bản; bảy văn
 * bản đi đều ký số" or "5 văn bản; 7 VB đi đều ký số" held for 5/7: the words
 * a reader reads as 7 were no figure, and the 5 beside them held (rtnum13).
 * Only counts of documents are read so: criteria 20–22 hold them against the
 * register; "một" alone ("một văn bản hướng dẫn", an article as often as a
 * number) is not read. */
#include <glib.h>
#include <string.h>

#include "docref_internal.h"

/* The digits as words, lower case with their marks (folded, "sáu" would be
 * "sau", after, and "năm" the year's word too). */
static int digit_word(const char *w, bool after_tens)
{
    static const struct {
        const char *word;
        int value;
        bool tens_only; /* "mốt", "tư", "lăm", "nhăm": a unit only after "mươi"/"mười" */
    } words[] = {
        {"một", 1, false}, {"mốt", 1, true},  {"hai", 2, false},  {"ba", 3, false},
        {"bốn", 4, false}, {"tư", 4, true},   {"năm", 5, false},  {"lăm", 5, true},
        {"nhăm", 5, true}, {"sáu", 6, false}, {"bảy", 7, false},  {"bẩy", 7, false},
        {"tám", 8, false}, {"chín", 9, false},
    };
    for (size_t k = 0; k < G_N_ELEMENTS(words); k++)
        if (strcmp(w, words[k].word) == 0 && (after_tens || !words[k].tens_only))
            return words[k].value;
    return -1;
}

/* The unit of a count of documents at t[i]: 2 for "văn bản", 1 for "VB"
 * ("VB" and "vb" as typed, not "Vb": a word's capital), 0 for none. */
size_t kc_docref_document_unit(const kc_tok *t, size_t n, size_t i)
{
    if (i + 1 < n && strcmp(t[i].fold, "van") == 0 && strcmp(t[i + 1].fold, "ban") == 0)
        return 2;
    if (i < n && (strcmp(t[i].raw, "VB") == 0 || strcmp(t[i].raw, "vb") == 0))
        return 1;
    return 0;
}

/* A number from one to 999 written in words at t[i], followed by a unit of
 * documents; returns the words it spans (without the unit), 0 if none. */
size_t kc_docref_spelled_count(const kc_tok *t, size_t n, size_t i, double *value)
{
    char *w[6] = {0};
    size_t m = 0, j = 0;
    int v = 0, d;
    for (; m < G_N_ELEMENTS(w) && i + m < n; m++)
        w[m] = g_utf8_strdown(t[i + m].raw, -1);
    /* Hundreds: "một trăm", then "linh"/"lẻ" and a digit, or the tens. */
    if (j + 1 < m && (d = digit_word(w[j], false)) > 0 && strcmp(w[j + 1], "trăm") == 0) {
        v = 100 * d;
        j += 2;
        if (j + 1 < m && (strcmp(w[j], "linh") == 0 || strcmp(w[j], "lẻ") == 0) &&
            (d = digit_word(w[j + 1], false)) > 0) {
            v += d;
            j += 2;
            goto unit;
        }
    }
    /* Tens: "mười" and a unit ("mười lăm"), a digit and "mươi" ("hai mươi mốt"). */
    if (j < m && strcmp(w[j], "mười") == 0) {
        v += 10;
        j++;
        if (j < m && (d = digit_word(w[j], true)) > 0 && strcmp(w[j], "mốt") != 0)
            v += d, j++;
    } else if (j + 1 < m && (d = digit_word(w[j], false)) > 1 && strcmp(w[j + 1], "mươi") == 0) {
        v += 10 * d;
        j += 2;
        if (j < m && (d = digit_word(w[j], true)) > 0)
            v += d, j++;
    } else if (v == 0 && j < m && (d = digit_word(w[j], false)) > 0) {
        /* "một văn bản" is an article as often as a number, "trong năm văn
         * bản …" the year's documents: neither alone is read. */
        if (d == 1 || d == 5)
            goto none;
        v += d;
        j++;
    }
unit:
    if (v == 0 || !kc_docref_document_unit(t, n, i + j))
        goto none;
    for (size_t k = 0; k < m; k++)
        g_free(w[k]);
    *value = v;
    return j;
none:
    for (size_t k = 0; k < m; k++)
        g_free(w[k]);
    return 0;
}
