/* agency_entry.c: whether two entries of a district (the folders or the
 * registers' names a district hands to `index`) name one commune.
 *
 * A district officer collects the communes' registers as they come: one
 * clerk's folder is "Thủy An", the same commune's second sending
 * "UBND xã Thủy An", "xa-thuy-an" or "Thủy An" typed in NFD.  Read as two
 * communes, its unsigned documents counted twice and the district's count of
 * communes (the denominator of "communes whose documents are all signed")
 * grew by one, with nothing said (rtnum18).  A person reads those names as
 * one commune: the committee's words, the unit's kind, a leading number
 * ("01-") and a trailing year are not the name, nor are case, Unicode form or
 * where the tone mark sits ("Thủy" and "Thuỷ").  The letters' own marks are
 * ("Thủy Ân" is not "Thủy An"), and so is the tone itself: one district can
 * hold two communes a tone apart (Thạnh An and Thanh An of huyện Vĩnh Thạnh,
 * Cần Thơ), so "Thúy An" is not "Thủy An" (rtnum19: read as one, the two
 * communes' folders made one row, not counted, the district's count of
 * communes one less).  Unless one of the two names was typed without any
 * mark (a folder "xa-thuy-an" names either).  The marks are compared as
 * kc_name_skeleton reads a word, as agency.c compares a certificate's
 * commune with the dossier's. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "kiemchung/ratios.h"
#include "agency.h"
#include "names.h"
#include "text.h"

/* One entry's name read as words: the unit's kind ("" when none is named)
 * and the name folded, and with its marks, each word's tone marks at its end
 * (NULL when the two readings do not split alike).  A name typed in ASCII
 * alone ("xa-thuy-an") carries no marks to compare. */
typedef struct entry {
    const char *kind;
    char *folded;
    char *marked;
} entry;

static char **words(const char *s);

/* s's words case folded with all their marks, each word's tone marks moved
 * to its end (kc_name_skeleton), which old and new spellings place on
 * different vowels ("Thủy", "Thuỷ"); NULL when s cannot be read. */
static char **marked_words(const char *s)
{
    char *c = kc_text_casefold(s);
    char **w = c ? words(c) : NULL;
    free(c);
    for (size_t i = 0; w && w[i]; i++) {
        char *k = kc_name_skeleton(w[i]);
        g_free(w[i]);
        w[i] = k;
    }
    return w;
}

/* s's words, separators ("-", "_", ".", "+") read as spaces. */
static char **words(const char *s)
{
    char *t = g_strdup(s);
    for (char *p = t; *p; p++)
        if (*p == '-' || *p == '_' || *p == '.' || *p == '+')
            *p = ' ';
    char **w = g_strsplit_set(t, " ", -1), **out = g_new0(char *, g_strv_length(w) + 1);
    size_t n = 0;
    for (size_t i = 0; w[i]; i++)
        if (*w[i])
            out[n++] = g_strdup(w[i]);
    g_strfreev(w);
    g_free(t);
    return out;
}

static bool digits(const char *w)
{
    for (const char *p = w; *p; p++)
        if (!g_ascii_isdigit(*p))
            return false;
    return *w != '\0';
}

/* The words from..to of w joined, or NULL when w is NULL or none. */
static char *join(char **w, size_t from, size_t to)
{
    if (!w || from >= to)
        return NULL;
    GString *g = g_string_new(NULL);
    for (size_t i = from; i < to; i++)
        g_string_append_printf(g, "%s%s", g->len ? " " : "", w[i]);
    return g_string_free(g, FALSE);
}

/* The marked words w less those that fold to nothing (a soft hyphen, a word
 * joiner, a lone combining mark: what a name pasted from a web page or a
 * PDF brings), which the folded reading does not have; n the folded words.
 * Read as they were (the marks not compared at all when the two readings
 * did not split alike), "Xã Thúy An" with a soft hyphen after it was Thủy
 * An's commune at the desk, its clerk reading Thủy An's submissions
 * (atkdesk, session 38).  When the readings still split otherwise ("Thúy‥An":
 * one word marked, two folded), every marked word is kept: the marks are
 * compared whole, so the name is another commune's unless it is spelt alike,
 * never one its marks do not match (takes w). */
static char **past_folding_away(char **w, size_t n)
{
    GPtrArray *kept = g_ptr_array_new();
    for (size_t i = 0; w[i]; i++) {
        char *f = kc_text_fold(w[i]);
        char **fw = f ? words(f) : NULL;
        if (fw && fw[0])
            g_ptr_array_add(kept, g_strdup(w[i]));
        g_strfreev(fw);
        free(f);
    }
    g_ptr_array_add(kept, NULL);
    char **out = (char **)g_ptr_array_free(kept, FALSE);
    if (g_strv_length(out) == n) {
        g_strfreev(w);
        return out;
    }
    g_strfreev(out);
    return w;
}

/* Reads name as an entry: from the unit's word when it has one ("So-di xã
 * Thủy An 2021"), else past a leading number and the committee's words
 * ("01 UBND Thủy An"); the name ends before a number (a year).  false when
 * no name is left. */
static bool read_entry(entry *e, const char *name)
{
    char *f = kc_text_fold(name);
    char **fw = f ? words(f) : NULL, **mw = marked_words(name);
    size_t n = fw ? g_strv_length(fw) : 0, start = 0, end;
    memset(e, 0, sizeof *e);
    e->kind = "";
    if (mw && g_strv_length(mw) != n)
        mw = past_folding_away(mw, n);
    for (size_t i = 0; i < n && !*e->kind; i++)
        if (strcmp(fw[i], "xa") == 0 || strcmp(fw[i], "phuong") == 0 ||
            (strcmp(fw[i], "thi") == 0 && i + 1 < n && strcmp(fw[i + 1], "tran") == 0) ||
            (strcmp(fw[i], "dac") == 0 && i + 1 < n && strcmp(fw[i + 1], "khu") == 0)) {
            /* a special zone (đặc khu) is a commune-level unit since July 2025 (rtcert21) */
            e->kind = fw[i][0] == 'x' ? "xa" : fw[i][0] == 'p' ? "phuong" : fw[i][0] == 't' ? "thi tran" : "dac khu";
            start = i + (fw[i][0] == 't' || fw[i][0] == 'd' ? 2 : 1);
        }
    if (!*e->kind) {
        while (start < n && digits(fw[start]))
            start++;
        if (start < n && strcmp(fw[start], "ubnd") == 0)
            start++;
        else if (start + 3 < n && !strcmp(fw[start], "uy") && !strcmp(fw[start + 1], "ban") &&
                 !strcmp(fw[start + 2], "nhan") && !strcmp(fw[start + 3], "dan"))
            start += 4;
    }
    for (end = start; end < n && !digits(fw[end]); end++)
        ;
    e->folded = join(fw, start, end);
    /* the name's words as read when the two readings split alike, else all
     * its marked words (past_folding_away) */
    e->marked = mw && g_strv_length(mw) == n ? join(mw, start, end) : mw ? join(mw, 0, g_strv_length(mw)) : NULL;
    g_strfreev(fw);
    g_strfreev(mw);
    free(f);
    return e->folded != NULL;
}

static void entry_clear(entry *e)
{
    g_free(e->folded);
    g_free(e->marked);
}

static bool ascii(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p >= 0x80)
            return false;
    return true;
}

bool kc_agency_spelt_alike(const char *name_a, const char *text_a, const char *name_b, const char *text_b)
{
    /* One rule for the desk, index's entries and a certificate's commune
     * (rtcert17: agency.c asked whether the name's own words carried marks,
     * so a certificate "UBND xã Thạnh An" counted for "Xã Thanh An", the
     * other commune of huyện Vĩnh Thạnh, and back, where the desk and index
     * read them apart since review37). */
    if (!name_a || !name_b || !text_a || !text_b || ascii(text_a) || ascii(text_b))
        return true;
    char *sa = kc_name_skeleton(name_a), *sb = kc_name_skeleton(name_b);
    bool same = sa && sb && strcmp(sa, sb) == 0;
    g_free(sa);
    g_free(sb);
    return same;
}

bool kc_commune_same_entry(const char *a, const char *b)
{
    entry ea, eb;
    bool ra = a && read_entry(&ea, a), rb = b && read_entry(&eb, b), same = false;
    if (ra && rb && strcmp(ea.folded, eb.folded) == 0 &&
        (!*ea.kind || !*eb.kind || strcmp(ea.kind, eb.kind) == 0)) /* a thị trấn and a xã of one name are two */
        same = kc_agency_spelt_alike(ea.marked, a, eb.marked, b);
    if (ra)
        entry_clear(&ea);
    if (rb)
        entry_clear(&eb);
    return same;
}

char *kc_commune_entry_other_committee(const char *name, const kc_sig_info *sig)
{
    if (!sig || !sig->valid || (sig->role != KC_ROLE_LEADER && sig->role != KC_ROLE_ORG))
        return NULL;
    /* the commune's committee it is filed under: its OU (the VGCA files a
     * commune's official under the district's O), else its O, else (an
     * organisation's) its own name */
    const char *const fields[] = {sig->unit, sig->organization, sig->role == KC_ROLE_ORG ? sig->signer : NULL};
    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++)
        if (fields[i] && kc_agency_names_commune(fields[i]))
            return kc_commune_same_entry(name, fields[i]) ? NULL : strdup(fields[i]);
    return NULL;
}

/* The register's own word on who signed (its "Người ký" cell) against the
 * committee whose certificates signed: a register given alone naming no
 * commune counts every agency's signature, so a commune's register whose
 * documents another commune's committee signed read as that commune's with
 * nothing said (rtnum21).  The cell, when it names a commune's committee
 * ("UBND xã Thủy Bằng", "Chủ tịch UBND xã Thủy Bằng"), tells: read as a
 * leader's common name is (agency.c), it must be the signing committee's.  A person's
 * name, or a cell naming no commune, tells nothing. */
char *kc_commune_signer_other(const char *signer, const char *committee)
{
    if (!signer || !committee || !kc_agency_text_names_other_commune(committee, signer))
        return NULL;
    return strdup(signer);
}

char *kc_commune_marks(const char *name)
{
    entry e;
    if (!name || !read_entry(&e, name))
        return g_strdup("");
    /* what kc_commune_spelt_apart compares: a name typed in ASCII has none */
    char *marks = g_strdup(e.marked && !ascii(name) ? e.marked : "");
    entry_clear(&e);
    return marks;
}

bool kc_commune_spelt_apart(const char *a, const char *b)
{
    entry ea, eb;
    bool ra = a && read_entry(&ea, a), rb = b && read_entry(&eb, b), apart = false;
    /* As kc_commune_same_entry reads them: a name typed without any mark
     * names either, but one written with marks ("Xã Thanh An") is spelt so,
     * its own words unmarked or not: Thanh An and Thạnh An are two communes
     * of huyện Vĩnh Thạnh, and the desk joined the one's clerk to the
     * other's commune (review37). */
    if (ra && rb && strcmp(ea.folded, eb.folded) == 0)
        apart = ea.marked && eb.marked && !kc_agency_spelt_alike(ea.marked, a, eb.marked, b);
    if (ra)
        entry_clear(&ea);
    if (rb)
        entry_clear(&eb);
    return apart;
}
