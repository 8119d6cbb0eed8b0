/* cms_signer.c: who signed, from the signer's certificate: the subject's
 * names (every value of each attribute, joined, none read past), the marks
 * of a natural person (pseudonym, given name and surname, an identity
 * number), the issuer, serial, fingerprint and validity, and the digest of
 * the signature value that names the signed document (cms_check.c). */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cms_internal.h"
#include "hash.h"
#include "i18n.h"
#include "memo.h"
#include "text.h"
#include "trust_internal.h"
#include "util.h"

/* Replaces *dst with src (taking it); false when src is NULL from a failed
 * allocation (want says whether there was something to allocate). */
bool kc_cms_set_str(char **dst, char *src, bool want)
{
    free(*dst);
    *dst = src;
    return src || !want;
}

/* Whether UTF-8 text holds a control that reorders what is drawn: an
 * embedding, override or isolate, or a direction mark.  "UBND xã Thủy An,
 * \u202Enâd gnôN iộH" is drawn "UBND xã Thủy An, Hội Nông dân" (Pango, GTK,
 * Windows lay text out by the Unicode bidirectional algorithm), and was read
 * in its stored order, a place of unknown words: the Farmers' Association's
 * chairman was Thủy An's leader (rtcert11).  No Vietnamese name needs one. */
static bool reorders(const unsigned char *u, int n)
{
    const char *p = (const char *)u, *end = p + n;
    while (p < end) {
        gunichar c = g_utf8_get_char_validated(p, end - p);
        /* byte by byte where there is no character (an embedded NUL: below) */
        if (c == (gunichar)-1 || c == (gunichar)-2 || c == 0) {
            p++;
            continue;
        }
        if (c == 0x200E || c == 0x200F || c == 0x061C || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069))
            return true;
        p = g_utf8_next_char(p);
    }
    return false;
}

/* The script a character is read in, as a viewer draws it and the fold reads
 * it (text.c): a compatibility form of a Latin letter (ℍ, 𝖧, ™) is Latin,
 * though Unicode gives it no script of its own (Common); a digit or a sign
 * of a script is that script's (a Myanmar or Malayalam digit zero is drawn as
 * an o).  Hangul fillers are drawn as a blank: no script. */
static GUnicodeScript drawn_script(gunichar c)
{
    gunichar d[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
    GUnicodeScript s;
    gsize n;

    if (c < 0x80)
        return g_ascii_isalpha(c) ? G_UNICODE_SCRIPT_LATIN : G_UNICODE_SCRIPT_COMMON;
    if (c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0)
        return G_UNICODE_SCRIPT_COMMON;
    s = g_unichar_get_script(c);
    if (s != G_UNICODE_SCRIPT_COMMON && s != G_UNICODE_SCRIPT_INHERITED)
        return s;
    n = g_unichar_fully_decompose(c, TRUE, d, G_N_ELEMENTS(d));
    for (gsize i = 0; i < n; i++)
        if (d[i] != c && (d[i] < 0x80 ? g_ascii_isalpha(d[i]) : g_unichar_get_script(d[i]) == G_UNICODE_SCRIPT_LATIN))
            return G_UNICODE_SCRIPT_LATIN;
    return s;
}

/* Whether c is a symbol past Latin-1 (a mathematical or other symbol, no
 * script's) standing inside a word, touching a letter or followed by a mark:
 * "Đoà\u2229" (∩ for the n), "Hộ\u2373" (the APL iota ⍳ for the i), "Li\u212E\u0302n"
 * (the estimated sign ℮ for the e), which confusables.txt reads as those
 * letters and no table of the fold lists.  A name has no symbol inside its
 * words; "©", "®" and "°" (Latin-1) and a symbol standing apart stay. */
static bool letter_symbol(gunichar c, gunichar before, gunichar after)
{
    GUnicodeType t = g_unichar_type(c), ta = after ? g_unichar_type(after) : G_UNICODE_UNASSIGNED;
    if (c < 0x100 || (t != G_UNICODE_MATH_SYMBOL && t != G_UNICODE_OTHER_SYMBOL))
        return false;
    return (before && g_unichar_isalpha(before)) || (after && g_unichar_isalpha(after)) ||
           ta == G_UNICODE_NON_SPACING_MARK || ta == G_UNICODE_ENCLOSING_MARK;
}

/* Whether a value writes Latin letters beside characters of another script:
 * "UBND xã Thủy An - \uA4E7ội Nông dân", a Lisu letter for the H, is drawn
 * "… - Hội Nông dân" pixel for pixel (DejaVu Sans, so Pango and GTK), and
 * was read as a place of unknown words: the Farmers' Association's chairman
 * Thủy An's leader, its certificate the organisation that sealed the dossier
 * (rtcert13).  Folding maps the look-alikes it knows (text.c, names.c), but
 * Unicode has look-alikes in more scripts than any table lists (Lisu,
 * Cherokee, Coptic, Cyrillic's rarer letters), and a right-to-left letter
 * reorders the neutral characters around it when drawn.  A Vietnamese name,
 * a minority's included, is written in Latin letters alone; a name wholly
 * in another script stays as it is (it names no committee), as do ASCII
 * digits, marks and punctuation (Common, Inherited: the dashes, quotes and
 * no-break spaces of Vietnamese text) and the Hangul fillers, which are
 * drawn as a blank and read as one (agency_body.c).  Every character counts,
 * not the letters alone: "Đ\u1040àn Thanh niên" (a Myanmar digit zero,
 * which fonts draw as an o) was read as a place, and so was a value whose
 * Latin letters were all mathematical sans-serif ones (drawn as the letters
 * in a sans font, Common in Unicode's scripts) beside a Lisu one, and so
 * is a symbol inside a word (letter_symbol; review35). */
static bool mixes_scripts(const char *v)
{
    bool latin = false, other = false;
    gunichar before = 0;
    if (!g_utf8_validate(v, -1, NULL))
        return false;
    for (const char *p = v; *p && !(latin && other); p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p), after = g_utf8_get_char(g_utf8_next_char(p));
        GUnicodeScript s = drawn_script(c);
        if (s == G_UNICODE_SCRIPT_LATIN)
            latin = true;
        else if ((s != G_UNICODE_SCRIPT_COMMON && s != G_UNICODE_SCRIPT_INHERITED) || letter_symbol(c, before, after))
            other = true;
        before = c;
    }
    return latin && other;
}

/* Whether a character is drawn as nothing at all: Unicode's default-ignorable
 * code points (DerivedCoreProperties.txt), which HarfBuzz (Pango, GTK,
 * Chromium), DirectWrite and Uniscribe draw with no glyph and no advance,
 * but the Hangul fillers, which they draw as a blank (agency_body.c reads
 * them as a space), and the zero-width space, which breaks the words it
 * stands between (read so by text.c and agency_body.c).  The controls that
 * reorder what is drawn are refused before (reorders).  A variation selector
 * of the supplement (U+E0100–E01EF), a Khmer inherent vowel (U+17B4) or a
 * Mongolian selector (U+180F) is a mark, which the body rules read as a
 * blank: "UBND xã Thủy An - H\U000E0100ội Nông dân" is drawn "… - Hội Nông
 * dân" and was read "… - H ội Nông dân", a place, the association's chairman
 * Thủy An's leader (rtcert12). */
static bool draws_nothing(gunichar c)
{
    return c == 0x00AD || c == 0x034F || c == 0x17B4 || c == 0x17B5 || (c >= 0x180B && c <= 0x180F) ||
           c == 0x200C || c == 0x200D || (c >= 0x2060 && c <= 0x206F) || (c >= 0xFE00 && c <= 0xFE0F) ||
           c == 0xFEFF || (c >= 0xFFF0 && c <= 0xFFF8) || (c >= 0x1BCA0 && c <= 0x1BCA3) ||
           (c >= 0x1D173 && c <= 0x1D17A) || (c >= 0xE0000 && c <= 0xE0FFF);
}

/* v without the characters drawn as nothing (draws_nothing), in place, as
 * a reader sees it: every rule then reads the words a viewer draws.  False
 * when nothing is left of a value that held some (a value drawn as nothing is
 * still a value: read as unreadable). */
static bool keep_drawn(char *v)
{
    char *w = v;
    bool had = *v != '\0';
    if (!g_utf8_validate(v, -1, NULL))
        return true;
    for (const char *r = v; *r;) {
        const char *next = g_utf8_next_char(r);
        if (!draws_nothing(g_utf8_get_char(r))) {
            memmove(w, r, (size_t)(next - r));
            w += next - r;
        }
        r = next;
    }
    *w = '\0';
    return !had || *v != '\0';
}

/* Every value of nid in name as UTF-8, joined by "; " (each distinct value
 * once, in the certificate's order), or NULL.  A person reads them all: a
 * title "Chủ tịch" beside a title "Hội Nông dân" (two RDNs or one
 * multi-valued RDN) is the Farmers' Association's chairman, and a common name
 * "UBND xã Thủy An" beside "Trần Văn Hùng" names a person, so the first alone
 * must not make a leader or the organisation (roles.c).  An embedded NUL
 * would cut the string where C stops reading it ("Chủ tịch\0 giả"), so it is
 * replaced. */
char *kc_cms_name_entry(const X509_NAME *name, int nid, bool *nomem)
{
    GPtrArray *values = g_ptr_array_new_with_free_func(g_free);
    char *joined, *out = NULL;

    for (int i = X509_NAME_get_index_by_NID(name, nid, -1); i >= 0;
         i = X509_NAME_get_index_by_NID(name, nid, i)) {
        const ASN1_STRING *data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
        unsigned char *u = NULL;
        int n = ASN1_STRING_to_UTF8(&u, data);
        char *v;

        /* A byte past ASCII in a string of one byte a character (a
         * TeletexString, IA5String, …) has no one reading: OpenSSL takes it as
         * Latin-1, Python's cryptography (and CryptoAPI, by its documentation) as
         * UTF-8 when it is ("OU=UBND xa Thuy An - Hội Nông dân" there, "… -
         * Há»i NÃ´ng dÃ¢n" here: a leader, rtcert9), T.61 as its own code.  It
         * is read as a value no one can read.  UTF8String, BMPString and
         * UniversalString say what their bytes are. */
        if (n >= 0 && ASN1_STRING_type(data) != V_ASN1_UTF8STRING && ASN1_STRING_type(data) != V_ASN1_BMPSTRING &&
            ASN1_STRING_type(data) != V_ASN1_UNIVERSALSTRING)
            for (int k = 0; k < ASN1_STRING_length(data) && n >= 0; k++)
                if (ASN1_STRING_get0_data(data)[k] >= 0x80)
                    n = -1;
        /* and one whose drawing a control reorders has no one reading either */
        if (n > 0 && reorders(u, n))
            n = -1;
        if (n < 0) {
            /* A value that cannot be read is still there: a title no one can
             * read is not "no title" (which lets a common name make the
             * organisation), nor is it skipped to let the next one decide. */
            v = g_strdup("\xef\xbf\xbd"); /* U+FFFD */
            ERR_clear_error();
        } else {
            v = g_malloc((size_t)n + 1);
            for (int k = 0; k < n; k++)
                v[k] = u[k] ? (char)u[k] : '?';
            v[n] = '\0';
            /* drawn as nothing, or in letters that only look like ours
             * (another script's, or Latin's phonetic ones: rtcert14) */
            if (!keep_drawn(v) || mixes_scripts(v) || kc_cms_value_lookalike(v)) {
                g_free(v);
                v = g_strdup("\xef\xbf\xbd");
            }
        }
        OPENSSL_free(u);
        if (g_ptr_array_find_with_equal_func(values, v, g_str_equal, NULL))
            g_free(v);
        else
            g_ptr_array_add(values, v);
    }
    if (values->len) {
        g_ptr_array_add(values, NULL);
        joined = g_strjoinv(KC_NAME_VALUE_SEP, (char **)values->pdata);
        if (!(out = strdup(joined)))
            *nomem = true;
        g_free(joined);
    }
    g_ptr_array_unref(values);
    return out;
}

/* Whether a folded UID or serialNumber value is a tax code of twelve digits
 * ("MST:046085001234", "MST: 046 085 001 234"): since 1 July 2025 a person's,
 * and a household business's, tax code is the personal identification number
 * (Thông tư 86/2024/TT-BTC), while an organisation's stays ten digits, or
 * thirteen for a dependent unit ("MST:3300100001-001").  A citizen's
 * certificate whose common name read "UBND xã Thủy An" was the organisation's
 * by its tax code, and sealed the commune's dossier (rtcert11). */
static bool personal_tax_code(const char *t)
{
    static const char *const words[] = {"mst", "ma so thue"};
    size_t digits = 0, n = 0;

    for (size_t i = 0; i < sizeof words / sizeof *words && !n; i++)
        if (g_ascii_strncasecmp(t, words[i], strlen(words[i])) == 0 && !g_ascii_isalnum(t[strlen(words[i])]))
            n = strlen(words[i]);
    if (!n)
        return false;
    for (t += n; *t == ':' || *t == ' ' || *t == '-' || *t == '='; t++)
        ;
    /* digits, grouped by spaces or dots as people write them, and nothing else */
    for (; *t; t++)
        if (g_ascii_isdigit(*t))
            digits++;
        else if (!(digits && (*t == ' ' || *t == '.') && g_ascii_isdigit(t[1])))
            return false;
    return digits == 12;
}

/* Whether a folded UID or serialNumber value holds, after whatever label,
 * a number of exactly twelve digits, grouped by single spaces or dots as
 * people write them: the personal identification number (the citizen's
 * identity card, since 2024 "căn cước", and the personal tax code).  No
 * organisation's code has twelve: a tax code has ten ("MST:3300100001"), a
 * dependent unit's thirteen ("…-001"), a budget code seven.  Labelled
 * otherwise than the public CAs write it ("Số CCCD: 046085001234", "ID:…",
 * "Mã định danh: …") or spaced ("046 085 001 234"), a citizen's certificate
 * whose common name read "UBND xã Thủy An" sealed the commune's dossier
 * (rtcert14). */
static bool personal_number(const char *t)
{
    size_t digits = 0;
    for (;; t++) {
        if (g_ascii_isdigit(*t)) {
            digits++;
            continue;
        }
        if (digits && (*t == ' ' || *t == '.') && g_ascii_isdigit(t[1]))
            continue; /* "046 085 001 234", "046.085.001.234" */
        if (digits == 12)
            return true;
        digits = 0;
        if (!*t)
            return false;
    }
}

/* What in a subject names a natural person, malloc'd, or NULL: a pseudonym
 * (its common name is then whatever the holder chose), a givenName or
 * surname (ETSI EN 319 412-2 names a natural person so; an organisation's
 * certificate, EN 319 412-3, has neither), or a personal identity number in
 * UID or serialNumber, as the Vietnamese public CAs write them ("CMND:…",
 * "CCCD:…", "HC:…" for a passport) or as ETSI does ("IDCVN-…", "PASVN-…",
 * "PNOVN-…"), or a tax code that is that number (personal_tax_code).  A
 * citizen's certificate whose common name reads "UBND xã Thủy An" is still a
 * citizen's: it sealed the commune's dossier. */
static char *person_mark(const X509_NAME *subj, bool *pseudonym, bool *nomem)
{
    static const struct { int nid; const char *what; } named[] = {
        {NID_pseudonym, "pseudonym"}, {NID_givenName, "givenName"}, {NID_surname, "surname"},
    };
    static const char *const ids[] = {"CMND", "CCCD", "CMT", "HC", "HOCHIEU", "CC", "CAN CUOC", "DDCN", "PASSPORT"};
    static const char *const etsi[] = {"IDC", "PAS", "PNO"};
    char *out = NULL;

    *pseudonym = X509_NAME_get_index_by_NID(subj, NID_pseudonym, -1) >= 0;
    for (size_t i = 0; i < sizeof named / sizeof *named && !out; i++)
        if (X509_NAME_get_index_by_NID(subj, named[i].nid, -1) >= 0)
            out = g_strdup(named[i].what);
    for (int k = 0; k < 2 && !out && !*nomem; k++) {
        char *v = kc_cms_name_entry(subj, k ? NID_serialNumber : NID_userId, nomem);
        char **vals = v ? g_strsplit(v, KC_NAME_VALUE_SEP, -1) : NULL;
        for (size_t i = 0; vals && vals[i] && !out; i++) {
            char *folded = kc_text_fold(vals[i]);
            const char *t = folded ? folded : vals[i];
            size_t n, digits = 0;
            while (*t == ' ')
                t++;
            /* A personal identification number alone: twelve digits, the
             * citizen's identity card's (CCCD, since 2024 "căn cước") and
             * personal tax code; no organisation's code is written so. */
            while (g_ascii_isdigit(t[digits]))
                digits++;
            if ((digits == 12 && !t[digits]) || personal_tax_code(t) || personal_number(t))
                out = g_strdup_printf("%s=%s", k ? "serialNumber" : "UID", vals[i]);
            /* "CMND:191234567", "CCCD 046…", "HC-B1234567": the word, then no letter. */
            for (size_t w = 0; w < sizeof ids / sizeof *ids && !out; w++)
                if (g_ascii_strncasecmp(t, ids[w], (n = strlen(ids[w]))) == 0 && !g_ascii_isalpha(t[n]) && t[n])
                    out = g_strdup_printf("%s=%s", k ? "serialNumber" : "UID", vals[i]);
            /* ETSI EN 319 412-1: three letters, a country, a hyphen. */
            for (size_t w = 0; w < sizeof etsi / sizeof *etsi && !out; w++)
                if (g_ascii_strncasecmp(t, etsi[w], 3) == 0 && g_ascii_isalpha(t[3]) && g_ascii_isalpha(t[4]) &&
                    t[5] == '-')
                    out = g_strdup_printf("%s=%s", k ? "serialNumber" : "UID", vals[i]);
            free(folded);
        }
        g_strfreev(vals);
        free(v);
    }
    if (out) { /* malloc'd, as every other field */
        char *m = strdup(out);
        *nomem = *nomem || !m;
        g_free(out);
        out = m;
    }
    return out;
}

/* The subject's names and those of every directoryName of its
 * subjectAltName, in one name (NULL when memory ran out).  The CA certifies
 * both as the holder's (RFC 5280 4.2.1.6), and a certificate viewer shows
 * both (Windows' Details "Directory Address", openssl x509 -text "DirName:"),
 * but kiemchung read the subject alone: a directoryName naming another body
 * ("OU=Hội Nông dân xã Thủy An", "OU=UBND xã Thủy Vân") under the committee's
 * subject left its certificate the committee's (rtcert10).  Read as more
 * values of the same attributes, it is judged as two titles or two units are
 * (kc_cms_name_entry); one repeating the subject changes nothing.
 *
 * Without such a directoryName (nearly every certificate) the subject itself
 * is the answer and *owned is false: the copy cost as much as reading all the
 * signer's names (X509_NAME_dup encodes and decodes the name; issue 16). */
static bool alt_has_dirname(const GENERAL_NAMES *alt)
{
    for (int i = 0; alt && i < sk_GENERAL_NAME_num(alt); i++)
        if (sk_GENERAL_NAME_value(alt, i)->type == GEN_DIRNAME)
            return true;
    return false;
}

static const X509_NAME *names_with_alt(X509 *x, const X509_NAME *subj, X509_NAME **owned)
{
    GENERAL_NAMES *alt = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
    X509_NAME *all = NULL;
    *owned = NULL;
    if (!alt_has_dirname(alt)) {
        GENERAL_NAMES_free(alt);
        ERR_clear_error();
        return subj;
    }
    all = X509_NAME_dup(subj);
    for (int i = 0; all && alt && i < sk_GENERAL_NAME_num(alt); i++) {
        const GENERAL_NAME *g = sk_GENERAL_NAME_value(alt, i);
        if (g->type != GEN_DIRNAME)
            continue;
        for (int k = 0; all && k < X509_NAME_entry_count(g->d.directoryName); k++)
            if (!X509_NAME_add_entry(all, X509_NAME_get_entry(g->d.directoryName, k), -1, 0)) {
                X509_NAME_free(all);
                all = NULL;
            }
    }
    GENERAL_NAMES_free(alt);
    ERR_clear_error();
    return *owned = all;
}

/* The who-signed fields read from the certificate alone (its names, issuer,
 * serial and validity).  Returns false when memory ran out. */
/* A title typed with a full stop at its end, as a sentence ends ("Chủ
 * tịch.", "Chủ tịch UBND xã Thủy An."), read as written named no office
 * (the office's words end at a space or the end) or a commune "Thủy An."
 * whose name no register writes: the honest chairman a person, 0/1 for his
 * commune's criterion 21 (rtcert21 tried it; lead43).  The stop is dropped
 * at the end of each value, unless it ends an abbreviation of a level or a
 * kind, a word of one or two capitals ("UBND TP.", "H.", "TT.").  Dropping
 * it gives no certificate an office its words do not name. */
static void drop_final_stops(char *t)
{
    size_t sep = strlen(KC_NAME_VALUE_SEP);
    for (char *end = t; end;) {
        char *next = strstr(end, KC_NAME_VALUE_SEP);
        char *e = next ? next : end + strlen(end);
        while (e > end && e[-1] == ' ')
            e--;
        if (e - end >= 2 && e[-1] == '.' && e[-2] != '.') {
            char *w = e - 1;
            while (w > end && w[-1] != ' ')
                w--;
            size_t len = (size_t)(e - 1 - w), caps = 0;
            for (const char *c = w; c < e - 1; c++)
                caps += g_ascii_isupper(*c) ? 1 : 0;
            if (!(len >= 1 && len <= 2 && caps == len)) {
                memmove(e - 1, e, strlen(e) + 1);
                next = next ? next - 1 : NULL;
            }
        }
        end = next ? next + sep : NULL;
    }
}

static bool describe_cert(X509 *x, kc_sig_info *info)
{
    const X509_NAME *iss = X509_get_issuer_name(x);
    X509_NAME *owned = NULL;
    const X509_NAME *subj = names_with_alt(x, X509_get_subject_name(x), &owned);
    BIGNUM *bn = NULL;
    char *hex = NULL, *issuer;
    bool nomem = !subj, ok;

    if (!subj)
        return false;

    kc_cms_set_str(&info->signer, kc_cms_name_entry(subj, NID_commonName, &nomem), false);
    kc_cms_set_str(&info->title, kc_cms_name_entry(subj, NID_title, &nomem), false);
    if (info->title)
        drop_final_stops(info->title);
    kc_cms_set_str(&info->organization, kc_cms_name_entry(subj, NID_organizationName, &nomem), false);
    kc_cms_set_str(&info->province, kc_cms_name_entry(subj, NID_stateOrProvinceName, &nomem), false);
    kc_cms_set_str(&info->unit, kc_cms_name_entry(subj, NID_organizationalUnitName, &nomem), false);
    kc_cms_set_str(&info->locality, kc_cms_name_entry(subj, NID_localityName, &nomem), false);
    kc_cms_set_str(&info->person_mark, person_mark(subj, &info->pseudonym, &nomem), false);
    kc_cms_set_str(&info->street, kc_cms_name_entry(subj, NID_streetAddress, &nomem), false);
    X509_NAME_free(owned);
    issuer = kc_cms_name_entry(iss, NID_commonName, &nomem);
    if (!issuer && !nomem)
        issuer = kc_cms_name_entry(iss, NID_organizationName, &nomem);
    kc_cms_set_str(&info->issuer, issuer, false);
    bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
    hex = bn ? BN_bn2hex(bn) : NULL;
    ok = kc_cms_set_str(&info->serial, hex ? strdup(hex) : NULL, true);
    OPENSSL_free(hex);
    BN_free(bn);
    if (!kc_cms_asn1_time_unix(X509_get0_notBefore(x), &info->cert_not_before))
        info->cert_not_before = 0;
    if (!kc_cms_asn1_time_unix(X509_get0_notAfter(x), &info->cert_not_after))
        info->cert_not_after = 0;
    return ok && !nomem;
}

/* ---- describe_cert's answers, remembered -------------------------------------------
 * A commune signs every document with the same two certificates, and reading
 * a certificate's names (each value converted, checked for controls, scripts
 * and what is drawn, then joined) cost ~50,000 instructions a signature, a
 * thirtieth of what verifying a document costs beyond hashing it (issue 16).
 * Those fields are a function of the certificate's bytes alone, so they are
 * kept by its SHA-256 fingerprint, in a small table shared by the threads and
 * emptied when full (memo.h).  A description is packed as the memos' keys
 * are (each text with its length, NULL apart from ""), then the pseudonym
 * flag and the validity. */
#define DESCRIBED_ENTRIES 256

static kc_memo described = KC_MEMO_INIT(DESCRIBED_ENTRIES);

/* The texts describe_cert fills, in the order they are packed: a field it
 * comes to fill must join this list (and DESCRIBED_TEXTS), or a remembered
 * signer would lack it. */
#define DESCRIBED_TEXTS 10
static void described_texts(kc_sig_info *info, char **f[DESCRIBED_TEXTS])
{
    f[0] = &info->signer, f[1] = &info->title, f[2] = &info->organization, f[3] = &info->province;
    f[4] = &info->unit, f[5] = &info->locality, f[6] = &info->street, f[7] = &info->person_mark;
    f[8] = &info->issuer, f[9] = &info->serial;
}

static void remember_cert(const char *key, kc_sig_info *info)
{
    char **f[DESCRIBED_TEXTS], when[64];
    GString *v = g_string_new(NULL);
    described_texts(info, f);
    for (size_t i = 0; i < DESCRIBED_TEXTS; i++)
        kc_memo_key_part(v, *f[i]);
    snprintf(when, sizeof when, "%c%" PRId64 " %" PRId64, info->pseudonym ? 'P' : 'p', info->cert_not_before,
             info->cert_not_after);
    g_string_append(v, when);
    kc_memo_str_put(&described, key, v->str);
    g_string_free(v, TRUE);
}

/* One packed text from *p (kc_memo_key_part's "LENGTH:TEXT|" or "-|") into
 * *out (malloc'd, or NULL for "-"); false when it is not one. */
static bool unpack_text(const char **p, char **out)
{
    char *end = NULL;
    *out = NULL;
    if ((*p)[0] == '-' && (*p)[1] == '|') {
        *p += 2;
        return true;
    }
    unsigned long long len = g_ascii_strtoull(*p, &end, 10);
    if (end == *p || *end != ':' || strlen(end + 1) < len + 1 || end[1 + len] != '|')
        return false;
    if (!(*out = strndup(end + 1, (size_t)len)))
        return false;
    *p = end + 2 + len;
    return true;
}

/* info's describe_cert fields from what was remembered under key; false
 * (nothing set) when nothing was, or it could not be read back. */
static bool recall_cert(const char *key, kc_sig_info *info)
{
    char *v = kc_memo_str_get(&described, key), *texts[DESCRIBED_TEXTS] = {0}, **f[DESCRIBED_TEXTS];
    const char *p = v;
    size_t n = 0;
    int64_t nb = 0, na = 0;
    char flag = 0;
    int used = 0;
    bool ok = v != NULL;
    while (ok && n < DESCRIBED_TEXTS && (ok = unpack_text(&p, &texts[n])))
        n++;
    ok = ok && sscanf(p, "%c%" SCNd64 " %" SCNd64 "%n", &flag, &nb, &na, &used) == 3 && p[used] == '\0' &&
         (flag == 'P' || flag == 'p');
    described_texts(info, f);
    for (size_t i = 0; i < DESCRIBED_TEXTS; i++)
        if (ok)
            kc_cms_set_str(f[i], texts[i], false);
        else
            free(texts[i]);
    if (ok) {
        info->pseudonym = flag == 'P';
        info->cert_not_before = nb;
        info->cert_not_after = na;
    }
    free(v);
    return ok;
}

/* Fills the who-signed fields.  Returns false when memory ran out. */
bool kc_cms_describe_signer(X509 *x, const kc_cms *cms, const kc_trust *trust, kc_sig_info *info)
{
    unsigned char fp[32];
    bool ok = true;

    /* the fingerprint (lower-case hex) is the memo's key */
    bool have_fp = kc_trust_cert_sha256(trust, x, fp);
    if (have_fp)
        ok = kc_cms_set_str(&info->fingerprint, kc_hex_dup(fp, sizeof fp), true);
    const char *key = have_fp && ok ? info->fingerprint : NULL;
    if (!key || !recall_cert(key, info)) {
        bool read = describe_cert(x, info);
        if (read && key)
            remember_cert(key, info);
        ok = read && ok;
    }
    ok = kc_cms_set_str(&info->digest, strdup(cms->digest_name), true) && ok;
    /* What names the signed document whatever else its file holds: a byte
     * after its end, or an update that changes only its metadata. */
    const ASN1_OCTET_STRING *value = cms->si ? CMS_SignerInfo_get0_signature(cms->si) : NULL;
    if (value && ASN1_STRING_length(value) > 0 &&
        EVP_Digest(ASN1_STRING_get0_data(value), (size_t)ASN1_STRING_length(value), fp, NULL, kc_hash_sha256_md(),
                   NULL))
        ok = kc_cms_set_str(&info->value_sha256, kc_hex_dup(fp, sizeof fp), true) && ok;
    return ok;
}
