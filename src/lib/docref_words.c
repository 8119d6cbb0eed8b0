/* docref_words.c: the vocabulary of document references: words with offsets,
 * the document types of Nghị định 30/2020 Phụ lục III (and the legal ones a
 * report cites), dates in the forms clerks write, numbers with a decimal comma,
 * the reference list itself, and when two references name the same document.
 * docref.c puts these together. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docref_internal.h"
#include "text.h"

/* Phụ lục III abbreviations, then copies, then the legal documents a report
 * cites as its basis ("Thông tư số 03/2014/TT-BTTTT"), then the names that
 * have no abbreviation.  Order matters only for names sharing a prefix: the
 * longer comes first ("Thông tư liên tịch" before "Thông tư"). */
static const kc_doctype types[] = {
    {"NQ", "Nghị quyết", false},       {"QĐ", "Quyết định", false},
    {"CT", "Chỉ thị", false},          {"QC", "Quy chế", false},
    {"QyĐ", "Quy định", false},        {"TC", "Thông cáo", false},
    {"TB", "Thông báo", false},        {"HD", "Hướng dẫn", false},
    {"CTr", "Chương trình", false},    {"KH", "Kế hoạch", false},
    {"PA", "Phương án", false},        {"ĐA", "Đề án", false},
    {"DA", "Dự án", false},            {"BC", "Báo cáo", false},
    {"BB", "Biên bản", false},         {"TTr", "Tờ trình", false},
    {"HĐ", "Hợp đồng", false},         {"CĐ", "Công điện", false},
    {"BGN", "Bản ghi nhớ", false},     {"BTT", "Bản thỏa thuận", false},
    {"GUQ", "Giấy ủy quyền", false},   {"GM", "Giấy mời", false},
    {"GGT", "Giấy giới thiệu", false}, {"GNP", "Giấy nghỉ phép", false},
    {"PG", "Phiếu gửi", false},        {"PC", "Phiếu chuyển", false},
    {"PB", "Phiếu báo", false},        {"SY", "Bản sao y", false},
    {"TrS", "Bản trích sao", false},   {"SL", "Bản sao lục", false},
    {"TTLT", "Thông tư liên tịch", false},
    {"NĐ", "Nghị định", false},        {"TT", "Thông tư", false},
    {NULL, "Công văn", false},         {NULL, "Hoá đơn", true},
    {NULL, "Hóa đơn", true},
};
#define N_TYPES (sizeof types / sizeof types[0])

/* Punctuation that clings to words without being part of them. */
static bool lead_punct(gunichar c)
{
    return c == '(' || c == '[' || c == '"' || c == '\'' || c == 0x201C || c == 0x2018 ||
           c == '-' || c == 0x2013 || c == '*' || c == 0x2022;
}

static bool trail_punct(gunichar c)
{
    return c == ',' || c == ';' || c == ':' || c == '.' || c == ')' || c == ']' || c == '"' ||
           c == '\'' || c == 0x201D || c == 0x2019 || c == '!' || c == '?' || c == '*';
}

static int add_tok(GArray *toks, const char *nfc, const char *s, const char *e, bool colon)
{
    g_array_set_size(toks, toks->len + 1); /* zeroed */
    kc_tok *t = &g_array_index(toks, kc_tok, toks->len - 1);
    t->start = (size_t)(s - nfc);
    t->end = (size_t)(e - nfc);
    t->colon = colon;
    t->raw = g_strndup(s, (size_t)(e - s));
    return (t->fold = kc_text_fold(t->raw)) ? 0 : KC_ENOMEM;
}

void kc_docref_toks_free(kc_tok *toks, size_t n)
{
    for (size_t i = 0; toks && i < n; i++) {
        free(toks[i].raw);
        free(toks[i].fold);
    }
    free(toks);
}

int kc_docref_tokenize(kc_tok **out, size_t *n, const char *nfc)
{
    GArray *toks = g_array_new(FALSE, TRUE, sizeof(kc_tok));
    const char *p = nfc;
    int rc = KC_ENOMEM;

    while (*p) {
        while (*p && g_unichar_isspace(g_utf8_get_char(p)))
            p = g_utf8_next_char(p);
        if (!*p)
            break;
        const char *s = p, *e;
        while (*p && !g_unichar_isspace(g_utf8_get_char(p)))
            p = g_utf8_next_char(p);
        e = p;
        while (s < e && lead_punct(g_utf8_get_char(s)))
            s = g_utf8_next_char(s);
        bool colon = false;
        while (e > s) {
            const char *prev = g_utf8_prev_char(e);
            gunichar c = g_utf8_get_char(prev);
            if (!trail_punct(c))
                break;
            /* "tra cứu?…" vs an URL's query: a '?' or '.' inside a word stays. */
            colon |= c == ':';
            e = prev;
        }
        if (s == e)
            continue;
        kc_piece piece[KC_PIECES_MAX];
        size_t np = kc_docref_pieces(s, e, piece, KC_PIECES_MAX);
        if (!np && add_tok(toks, nfc, s, e, colon))
            goto out;
        /* One word per figure, each with its own offsets: "6/6=100%" reads
         * as "6/6" and "100%", as every viewer shows them. */
        for (size_t k = 0; k < np; k++)
            if (add_tok(toks, nfc, piece[k].s, piece[k].e, colon && piece[k].e == e))
                goto out;
    }
    *n = toks->len;
    *out = (kc_tok *)(void *)g_array_free(toks, FALSE);
    return 0;
out:
    *n = toks->len;
    kc_docref_toks_free((kc_tok *)(void *)g_array_free(toks, FALSE), *n);
    *n = 0;
    return rc;
}

/* A character no viewer draws where it stands: a soft hyphen (drawn only
 * at a line's end), the zero-width space, joiners and non-joiners, the word
 * joiner, a byte-order mark, the invisible operators and the other format
 * characters.  "1\u00AD00%" and "7\u2060/7" are shown as 100% and 7/7, and
 * were no figure.  The controls that reorder text (embeddings, overrides,
 * isolates, direction marks) and the prepended marks that are drawn (the
 * Arabic number sign) are kept: taking them out would not give what is
 * shown. */
static bool not_drawn(gunichar c)
{
    if (c == 0x200B)
        return true;
    if (g_unichar_type(c) != G_UNICODE_FORMAT)
        return false;
    return !(c == 0x200E || c == 0x200F || c == 0x061C || (c >= 0x202A && c <= 0x202E) ||
             (c >= 0x2066 && c <= 0x2069) || (c >= 0x0600 && c <= 0x0605) || c == 0x06DD ||
             c == 0x070F || c == 0x08E2 || c == 0x110BD || c == 0x110CD);
}

/* Whether c is a strong right-to-left character (bidi class R or AL): the
 * marks U+200F and U+061C, and the letters of the scripts written so. */
static bool strong_rtl(gunichar c)
{
    if (c == 0x200F || c == 0x061C)
        return true;
    if (!g_unichar_isalpha(c))
        return false;
    switch (g_unichar_get_script(c)) {
    case G_UNICODE_SCRIPT_HEBREW: case G_UNICODE_SCRIPT_ARABIC: case G_UNICODE_SCRIPT_SYRIAC:
    case G_UNICODE_SCRIPT_THAANA: case G_UNICODE_SCRIPT_NKO: case G_UNICODE_SCRIPT_SAMARITAN:
    case G_UNICODE_SCRIPT_MANDAIC: case G_UNICODE_SCRIPT_ADLAM: case G_UNICODE_SCRIPT_HANIFI_ROHINGYA:
        return true;
    default:
        return false;
    }
}

/* The controls, and a right-to-left character before a digit with no
 * left-to-right letter between (review31: "đạt \u200F%\u200F100", marks
 * alone, is drawn "đạt 100%" by fribidi, the Unicode bidirectional algorithm
 * pango-view and GTK lay text out with: digits after a right-to-left
 * character stand at a level of their own, and the % between the marks
 * moves past them).  The marks a web page leaves beside words ("(\u200Ftheo
 * sổ\u200E)") turn nothing around: a letter stands between them and any
 * digit. */
unsigned int kc_docref_reorders(const char *text)
{
    gunichar rtl = 0; /* the last strong character, when right-to-left */
    for (const char *q = text; q && *q; q = g_utf8_next_char(q)) {
        gunichar c = g_utf8_get_char(q);
        if ((c >= 0x202A && c <= 0x202E && c != 0x202C) || (c >= 0x2066 && c <= 0x2068))
            return c;
        if (strong_rtl(c))
            rtl = c;
        else if (g_unichar_isalpha(c) || c == 0x200E || c == '\n' || c == 0x2029)
            rtl = 0; /* a letter (or a paragraph's end) ends its hold */
        else if (rtl && g_unichar_isdigit(c))
            return rtl;
    }
    return 0;
}

char *kc_docref_drawn(const char *nfc, size_t **at)
{
    size_t n = strlen(nfc), o = 0;
    char *s = malloc(n + 1);
    size_t *map = malloc((n + 1) * sizeof *map);
    if (!s || !map) {
        free(s);
        free(map);
        return NULL;
    }
    for (const char *q = nfc; *q;) {
        const char *next = g_utf8_next_char(q);
        if (!not_drawn(g_utf8_get_char(q)))
            for (; q < next; q++, o++) {
                s[o] = *q;
                map[o] = (size_t)(q - nfc);
            }
        q = next;
    }
    s[o] = 0;
    map[o] = n;
    *at = map;
    return s;
}

/* The types' folded names (split into words) and upper-cased and folded
 * abbreviations, computed once: every word of every cell is compared with
 * them, and folding is the expensive part.  Immutable after the first call
 * (g_once), so the parser stays thread-safe. */
typedef struct type_key {
    char **words;  /* folded name, one word each */
    size_t nwords;
    char *up;      /* upper-cased abbreviation, or NULL */
    char *fold;    /* folded abbreviation, or NULL */
} type_key;

static const type_key *type_keys(void)
{
    static type_key keys[N_TYPES];
    static gsize done = 0;
    if (g_once_init_enter(&done)) {
        for (size_t i = 0; i < N_TYPES; i++) {
            char *f = kc_text_fold(types[i].name);
            keys[i].words = g_strsplit(f ? f : "", " ", -1);
            keys[i].nwords = g_strv_length(keys[i].words);
            free(f);
            if (types[i].abbrev) {
                keys[i].up = g_utf8_strup(types[i].abbrev, -1);
                keys[i].fold = kc_text_fold(types[i].abbrev);
            }
        }
        g_once_init_leave(&done, 1);
    }
    return keys;
}

const kc_doctype *kc_docref_type_by_abbrev(const char *raw)
{
    const type_key *keys = type_keys();
    const kc_doctype *folded_match = NULL;
    int folded_hits = 0;
    char *up = NULL, *fold = NULL;

    /* Abbreviations are short capitals: anything else is not one (and need not be folded). */
    if (!raw || !*raw || strlen(raw) > 12 || !g_utf8_validate(raw, -1, NULL) ||
        !g_unichar_isupper(g_utf8_get_char(raw)))
        return NULL;
    up = g_utf8_strup(raw, -1);
    fold = kc_text_fold(raw);
    for (size_t i = 0; i < N_TYPES; i++) {
        if (!keys[i].up)
            continue;
        /* Upper-cased comparison keeps HD (Hướng dẫn) apart from HĐ (Hợp đồng). */
        if (strcmp(keys[i].up, up) == 0) {
            folded_match = &types[i];
            folded_hits = 1;
            break;
        }
        /* A clerk without a Vietnamese keyboard writes "QD": accept it when only
         * one abbreviation folds that way. */
        if (fold && keys[i].fold && strcmp(keys[i].fold, fold) == 0) {
            folded_match = &types[i];
            folded_hits++;
        }
    }
    g_free(up);
    free(fold);
    return folded_hits == 1 ? folded_match : NULL;
}

const kc_doctype *kc_docref_type_by_name(const kc_tok *toks, size_t i, size_t n, size_t *len)
{
    const type_key *keys = type_keys();
    for (size_t k = 0; k < N_TYPES; k++) {
        size_t w = 0;
        if (i + keys[k].nwords > n)
            continue;
        while (w < keys[k].nwords && strcmp(toks[i + w].fold, keys[k].words[w]) == 0)
            w++;
        if (w == keys[k].nwords && w > 0) {
            *len = w;
            return &types[k];
        }
    }
    return NULL;
}

const char *kc_docref_type_canonical(const char *written)
{
    const kc_doctype *t = kc_docref_type_by_abbrev(written);
    if (t)
        return t->abbrev;
    for (size_t i = 0; i < N_TYPES; i++)
        if (types[i].abbrev && kc_text_equal_folded(types[i].name, written))
            return types[i].abbrev;
    return NULL;
}

const char *kc_docref_type_name(const char *abbrev)
{
    for (size_t i = 0; abbrev && i < N_TYPES; i++)
        if (types[i].abbrev && strcmp(types[i].abbrev, abbrev) == 0)
            return types[i].name;
    return NULL;
}

static bool all_digits(const char *s, size_t min, size_t max)
{
    size_t n = strlen(s);
    if (n < min || n > max)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!g_ascii_isdigit(s[i]))
            return false;
    return true;
}

static bool valid_date(int y, int m, int d)
{
    if (y < 1900 || y > 2199 || m < 0 || m > 12 || d < 0 || d > 31 || (d && !m))
        return false;
    return !d || g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y);
}

/* "14/5/2019", "07-02-2020", "07.02.2020", "2020-02-07" as one word. */
static bool dmy_word(const char *s, kc_date *d)
{
    char **parts = NULL;
    bool ok = false;
    char sep = strchr(s, '/') ? '/' : strchr(s, '-') ? '-' : '.';
    char seps[2] = {sep, 0};

    parts = g_strsplit(s, seps, 4);
    if (g_strv_length(parts) == 3 && all_digits(parts[0], 1, 4) && all_digits(parts[1], 1, 2) &&
        all_digits(parts[2], 1, 4)) {
        int a = atoi(parts[0]), b = atoi(parts[1]), c = atoi(parts[2]);
        if (strlen(parts[0]) == 4 && sep == '-' && valid_date(a, b, c) && c)
            *d = (kc_date){a, b, c}, ok = true;
        else if (strlen(parts[2]) == 4 && valid_date(c, b, a) && a)
            *d = (kc_date){c, b, a}, ok = true;
    }
    g_strfreev(parts);
    return ok;
}

/* "9/2021" or "09-2021": a month of a year. */
static bool my_word(const char *s, kc_date *d)
{
    char **parts = g_strsplit_set(s, "/-.", 3);
    bool ok = g_strv_length(parts) == 2 && all_digits(parts[0], 1, 2) && all_digits(parts[1], 4, 4) &&
              valid_date(atoi(parts[1]), atoi(parts[0]), 0) && atoi(parts[0]) > 0;
    if (ok)
        *d = (kc_date){atoi(parts[1]), atoi(parts[0]), 0};
    g_strfreev(parts);
    return ok;
}

size_t kc_docref_date_at(const kc_tok *t, size_t i, size_t n, bool allow_partial, kc_date *d)
{
    kc_date tmp = {0};
    if (i >= n)
        return 0;
    const char *w = t[i].fold;

    if (strcmp(w, "ngay") == 0 && i + 1 < n) {
        const char *a = t[i + 1].raw;
        if (dmy_word(a, &tmp)) {
            *d = tmp;
            return 2;
        }
        /* ngày 27 tháng 9 năm 2021 */
        if (i + 5 < n && all_digits(a, 1, 2) && strcmp(t[i + 2].fold, "thang") == 0 &&
            all_digits(t[i + 3].raw, 1, 2) && strcmp(t[i + 4].fold, "nam") == 0 &&
            all_digits(t[i + 5].raw, 4, 4) &&
            valid_date(atoi(t[i + 5].raw), atoi(t[i + 3].raw), atoi(a)) && atoi(a) > 0) {
            *d = (kc_date){atoi(t[i + 5].raw), atoi(t[i + 3].raw), atoi(a)};
            return 6;
        }
        /* ngày 27 tháng 9/2021 */
        if (i + 3 < n && all_digits(a, 1, 2) && strcmp(t[i + 2].fold, "thang") == 0 &&
            my_word(t[i + 3].raw, &tmp) && valid_date(tmp.year, tmp.month, atoi(a)) && atoi(a) > 0) {
            tmp.day = atoi(a);
            *d = tmp;
            return 4;
        }
        return 0;
    }
    if (dmy_word(t[i].raw, &tmp)) {
        *d = tmp;
        return 1;
    }
    if (strcmp(w, "thang") == 0 && i + 1 < n) {
        if (my_word(t[i + 1].raw, &tmp)) {
            *d = tmp;
            return 2;
        }
        if (all_digits(t[i + 1].raw, 1, 2) && atoi(t[i + 1].raw) >= 1 && atoi(t[i + 1].raw) <= 12) {
            if (i + 3 < n && strcmp(t[i + 2].fold, "nam") == 0 && all_digits(t[i + 3].raw, 4, 4) &&
                valid_date(atoi(t[i + 3].raw), atoi(t[i + 1].raw), 0)) {
                *d = (kc_date){atoi(t[i + 3].raw), atoi(t[i + 1].raw), 0};
                return 4;
            }
            if (allow_partial) {
                *d = (kc_date){0, atoi(t[i + 1].raw), 0};
                return 2;
            }
        }
        return 0;
    }
    if (allow_partial && strcmp(w, "nam") == 0 && i + 1 < n && all_digits(t[i + 1].raw, 4, 4) &&
        valid_date(atoi(t[i + 1].raw), 0, 0)) {
        *d = (kc_date){atoi(t[i + 1].raw), 0, 0};
        return 2;
    }
    return 0;
}

bool kc_date_parse(kc_date *out, const char *text)
{
    kc_tok *toks = NULL;
    size_t n = 0;
    bool found = false;
    char *nfc = kc_text_nfc(text);

    if (!out || !nfc || kc_docref_tokenize(&toks, &n, nfc) != 0)
        goto out;
    for (size_t i = 0; i < n && !found; i++) {
        kc_date d = {0};
        if (kc_docref_date_at(toks, i, n, true, &d) && d.year) {
            *out = d;
            found = true;
        }
    }
out:
    kc_docref_toks_free(toks, n);
    free(nfc);
    return found;
}

const char *kc_date_format(const kc_date *d, char *buf, size_t size)
{
    if (!buf || size == 0)
        return "";
    if (!d || !d->year)
        buf[0] = 0;
    else if (!d->month)
        snprintf(buf, size, "%04d", d->year);
    else if (!d->day)
        snprintf(buf, size, "%04d-%02d", d->year, d->month);
    else
        snprintf(buf, size, "%04d-%02d-%02d", d->year, d->month, d->day);
    return buf;
}

/* A word as a figure reads it: compatibility forms folded (NFKC: "１００％",
 * "７／７", "﹪" are what Word shows as 100% and 7/7), and the fraction and
 * division slashes, which fonts draw as "/", made one.  A claim written so
 * was no figure: "100％" in criterion 20 was never held against the register. */
char *kc_docref_figure_word(const char *raw)
{
    char *k = g_utf8_normalize(raw, -1, G_NORMALIZE_ALL_COMPOSE);
    GString *s = g_string_new(NULL);
    for (const char *q = k ? k : ""; *q; q = g_utf8_next_char(q)) {
        gunichar c = g_utf8_get_char(q);
        if (kc_docref_is_slash(c))
            g_string_append_c(s, '/');
        else if (c == 0x066A)
            g_string_append_c(s, '%');
        else
            g_string_append_unichar(s, c);
    }
    g_free(k);
    return g_string_free(s, FALSE);
}

bool kc_docref_number(const char *s, double *v, int *decimals)
{
    size_t n = strlen(s), digits = 0, after = 0;
    int seps = 0;
    char buf[64];

    if (n == 0 || n >= sizeof buf)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (g_ascii_isdigit(s[i])) {
            buf[i] = s[i];
            digits++;
            after += seps > 0;
        } else if ((s[i] == ',' || s[i] == '.') && i > 0 && i + 1 < n && seps == 0) {
            buf[i] = '.';
            seps++;
        } else {
            return false;
        }
    }
    buf[n] = 0;
    /* "1.234" with three digits after a point is a thousands separator in
     * Vietnamese writing; "99,7" and "1,5" are decimals. */
    if (seps && after == 3 && strchr(s, '.')) {
        memmove(strchr(buf, '.'), strchr(buf, '.') + 1, strlen(strchr(buf, '.')));
        after = 0;
    }
    *v = g_ascii_strtod(buf, NULL);
    if (decimals)
        *decimals = (int)after;
    return digits > 0;
}

bool kc_docref_counts_documents(const kc_docref *d)
{
    char *unit = d && d->kind == KC_DOCREF_FIGURE && d->figure == KC_FIGURE_COUNT && !d->bound && d->unit
                     ? kc_text_fold(d->unit) : NULL;
    bool yes = unit && (strcmp(unit, "van ban") == 0 || strcmp(unit, "vb") == 0);
    free(unit);
    return yes;
}

kc_docref_list *kc_docref_list_new(void)
{
    kc_docref_list *list = g_new0(kc_docref_list, 1);
    list->items = g_array_new(FALSE, FALSE, sizeof(kc_docref));
    return list;
}

int kc_docref_year(const kc_docref *r)
{
    return r->date.year ? r->date.year : r->symbol_year ? r->symbol_year : r->to.year;
}

/* Numbers compare as integers ("003" = "3"), since clerks pad them as they like. */
static bool same_number(const char *a, const char *b)
{
    if (!a || !b)
        return !a && !b;
    while (*a == '0' && a[1])
        a++;
    while (*b == '0' && b[1])
        b++;
    return strcmp(a, b) == 0;
}

static bool same_date(const kc_date *a, const kc_date *b)
{
    return !a->year || !b->year || (a->year == b->year && (!a->month || !b->month ||
           (a->month == b->month && (!a->day || !b->day || a->day == b->day))));
}

/* An address without its scheme, "www." or final '/', folded. */
static char *url_key(const char *u)
{
    const char *p = strstr(u, "://");
    p = p ? p + 3 : u;
    if (g_ascii_strncasecmp(p, "www.", 4) == 0)
        p += 4;
    char *k = g_ascii_strdown(p, -1);
    size_t n = strlen(k);
    while (n && k[n - 1] == '/')
        k[--n] = 0;
    return k;
}

bool kc_docref_same(const kc_docref *a, const kc_docref *b)
{
    if (!a || !b || a->kind != b->kind)
        return false;
    switch (a->kind) {
    case KC_DOCREF_DOCUMENT:
    case KC_DOCREF_INVOICE: {
        if (!same_number(a->number, b->number))
            return false;
        if ((a->type || b->type) && (!a->type || !b->type || strcmp(a->type, b->type) != 0))
            return false;
        if (a->issuer && b->issuer && !kc_text_equal_folded(a->issuer, b->issuer))
            return false;
        int ya = kc_docref_year(a), yb = kc_docref_year(b);
        if (ya && yb && ya != yb)
            return false;
        return same_date(&a->date, &b->date) && same_date(&a->from, &b->from) && same_date(&a->to, &b->to);
    }
    case KC_DOCREF_URL: {
        char *ka = url_key(a->url), *kb = url_key(b->url);
        bool eq = strcmp(ka, kb) == 0;
        g_free(ka);
        g_free(kb);
        return eq;
    }
    case KC_DOCREF_FIGURE:
        return a->figure == b->figure && a->value == b->value && a->numerator == b->numerator &&
               a->denominator == b->denominator;
    }
    return false;
}
