/* docref_said.c: what the words around a count of documents say it counts, and
 * whether it holds for the register's criteria 20–22.
 *
 * A count was held against the register's signed, unsigned or total count
 * whatever its words said, so "5 văn bản; 7 văn bản đi đều ký số" held for
 * 5/7: the 7 is the total, yet the sentence says all 7 are signed (rtnum13).
 * A count that the words right after it ("7 văn bản đi đều được ký số", "2
 * văn bản chưa ký số", "3 văn bản do lãnh đạo ký số") or right before it
 * ("đã ký số 5 văn bản", "lãnh đạo ký số 3 văn bản") say is signed, unsigned,
 * or signed by a leader or not must be that count; a count whose words say
 * nothing of it is held as before. */
#include <glib.h>
#include <string.h>

#include "docref_internal.h"

/* How far the words saying what a count counts may run from it. */
#define SAID_WINDOW 7

/* Words that may stand between a count and the verb that says what it counts
 * ("7 văn bản đi đều đã được ký số", "6 văn bản gửi UBND huyện đều ký số"),
 * folded; and those saying the documents carry the signature ("7 văn bản đi
 * mang / sử dụng / dùng chữ ký số", review31). Any other word ends the
 * sentence's hold on the count. */
static const char *const between[] = {
    "di", "deu", "da", "duoc", "co", "do", "lanh", "dao", "chu", "tich", "pho", "bang", "chua",
    "khong", "tat", "ca", "toan", "bo", "trong", "nay", "thuc", "hien", "gui", "len", "ubnd", "huyen",
    "tinh", "cua", "nguoi", "mang", "su", "dung",
};

static bool is_between(const char *fold)
{
    for (size_t k = 0; k < G_N_ELEMENTS(between); k++)
        if (strcmp(fold, between[k]) == 0)
            return true;
    return false;
}

/* Nothing but spaces and a colon between words a and b of nfc: "ký số 5 văn
 * bản", "ký số: 5 văn bản" name the 5, "ký số, 2 văn bản" does not. */
static bool glued(const char *nfc, const kc_tok *a, const kc_tok *b)
{
    for (const char *q = nfc + a->end; q < nfc + b->start; q = g_utf8_next_char(q))
        if (*q != ':' && !g_unichar_isspace(g_utf8_get_char(q)))
            return false;
    return true;
}

/* Whether the folded words from t[i] are the phrase p (words apart by single spaces). */
static bool phrase_at(const kc_tok *t, size_t n, size_t i, const char *p, size_t *end)
{
    char **w = g_strsplit(p, " ", -1);
    size_t k = 0;
    while (w[k] && i + k < n && strcmp(t[i + k].fold, w[k]) == 0)
        k++;
    bool yes = w[k] == NULL;
    g_strfreev(w);
    if (yes)
        *end = i + k;
    return yes;
}

/* The verb "ký" at t[i] and what follows it: 2 for "ký số" / "ký điện tử" (the
 * signature counted), or its means named after "bằng" ("ký bằng chữ ký số",
 * "… chữ ký điện tử", "… chứng thư số": review31, they said nothing, so "7 văn
 * bản đi được ký bằng chữ ký số" held as the total of 5/7); 1 for "ký tay",
 * "ký bằng tay" (by hand); 0 for "ký" alone or by other means; *after gets
 * the word after the verb. -1 when t[i] is no "ký". */
static int verb_at(const kc_tok *t, size_t n, size_t i, size_t *after)
{
    static const char *const digital[] = {"so", "dien tu", "bang chu ky so", "bang chu ky dien tu",
                                          "bang chung thu so"};
    static const char *const by_hand[] = {"tay", "bang tay"};
    if (strcmp(t[i].fold, "ky") != 0 && strcmp(t[i].fold, "ki") != 0)
        return -1;
    for (size_t k = 0; k < G_N_ELEMENTS(digital); k++)
        if (phrase_at(t, n, i + 1, digital[k], after))
            return 2;
    for (size_t k = 0; k < G_N_ELEMENTS(by_hand); k++)
        if (phrase_at(t, n, i + 1, by_hand[k], after))
            return 1;
    return *after = i + 1, 0;
}

static kc_count_said classify(int verb, bool negated, bool leader)
{
    if (negated)
        return leader ? KC_SAID_NOT_LEADER : KC_SAID_UNSIGNED;
    if (verb == 1)
        return leader ? KC_SAID_NOTHING : KC_SAID_UNSIGNED; /* "2 văn bản ký tay" */
    if (verb == 2)
        return leader ? KC_SAID_LEADER : KC_SAID_SIGNED;
    return KC_SAID_NOTHING; /* "3 văn bản lãnh đạo ký": on paper or not, it does not say */
}

/* The modifiers in t[a, b): a negation ("chưa", "không") and a leader
 * ("lãnh đạo", "chủ tịch"). */
static void modifiers(const kc_tok *t, size_t a, size_t b, bool *negated, bool *leader)
{
    for (size_t j = a; j < b; j++) {
        *negated |= strcmp(t[j].fold, "chua") == 0 || strcmp(t[j].fold, "khong") == 0;
        *leader |= j + 1 < b && ((strcmp(t[j].fold, "lanh") == 0 && strcmp(t[j + 1].fold, "dao") == 0) ||
                                 (strcmp(t[j].fold, "chu") == 0 && strcmp(t[j + 1].fold, "tich") == 0));
    }
}

kc_count_said kc_docref_count_said(const char *nfc, const kc_tok *t, size_t n, size_t first, size_t after)
{
    bool negated = false, leader = false;
    size_t next;
    /* After: "7 văn bản đi đều ký số", unless the verb takes a number of its
     * own ("7 văn bản đi, đã ký số 5 văn bản": the 5 is the signed one). */
    for (size_t j = after; j < n && j < after + SAID_WINDOW; j++) {
        int verb = verb_at(t, n, j, &next);
        if (verb >= 0) {
            if (next < n && g_ascii_isdigit(t[next].raw[0]) && glued(nfc, &t[next - 1], &t[next]))
                break;
            modifiers(t, after, j, &negated, &leader);
            return classify(verb, negated, leader);
        }
        if (!is_between(t[j].fold))
            break;
    }
    /* Before: "đã ký số 5 văn bản", "lãnh đạo ký số: 3 văn bản". */
    for (size_t v = first; v-- > 0 && v + 4 >= first;) {
        int verb = verb_at(t, n, v, &next);
        if (verb < 0)
            continue;
        if (next != first || !glued(nfc, &t[first - 1], &t[first]))
            break;
        size_t a = v;
        while (a > 0 && v - a < SAID_WINDOW && is_between(t[a - 1].fold) && glued(nfc, &t[a - 1], &t[a]))
            a--;
        modifiers(t, a, v, &negated, &leader);
        return classify(verb, negated, leader);
    }
    return KC_SAID_NOTHING;
}

/* The register's count each word names in criterion k's cell (0 for 20): the
 * year's signed and unsigned documents, the leader's and the others', and in
 * 22 those sent to the reviewing authority; a count that says nothing of
 * itself is its criterion's signed, unsigned or total count. */
bool kc_docref_count_holds(const kc_docref *d, int k, const kc_ratio got[3])
{
    double v = d->value;
    const kc_ratio *own = &got[k], *all = &got[0], *lead = &got[1];
#define IS(x) (v == (double)(x))
    switch (d->said) {
    case KC_SAID_SIGNED:
        return IS(all->numerator) || (k == 2 && IS(own->numerator));
    case KC_SAID_UNSIGNED:
        return IS(all->denominator - all->numerator) || (k == 2 && IS(own->denominator - own->numerator));
    case KC_SAID_LEADER: /* in 22, the leader's among those sent is not counted: held as before */
        if (k != 2 || IS(lead->numerator))
            return IS(lead->numerator);
        break;
    case KC_SAID_NOT_LEADER:
        if (k != 2 || IS(lead->denominator - lead->numerator))
            return IS(lead->denominator - lead->numerator);
        break;
    case KC_SAID_NOTHING:
        break;
    }
    return IS(own->numerator) || IS(own->denominator) || IS(own->denominator - own->numerator);
#undef IS
}
