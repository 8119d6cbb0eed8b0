/* docref.c: reading the references and figures out of a free-text evidence cell.
 *
 * One pass over the words of the cell, in this order at each word: a web
 * address; a type of document ("Quyết định", "HĐ" before "số") that the next
 * số/ký hiệu will be of; a số/ký hiệu ("02/QĐ-UBND", "09/2015/QĐ-TTg",
 * "003/HĐ 2019", "160/VHTT-CNTT") with the date that follows it; a period
 * ("từ tháng 01 đến tháng 9/2021") for the invoice or document before it; any
 * other date (consumed so "9/2021" is never a ratio); then figures: ratios,
 * percentages, counts with a unit.  Whatever is left is free text. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "docref_internal.h"
#include "i18n.h"
#include "text.h"
#include "util.h"

/* How far (in words) a date may follow its số/ký hiệu: "Số: 02/QĐ-UBND Thủy
 * An, ngày 07 tháng 02 năm 2020" puts the place name in between. */
#define DATE_WINDOW 6
/* How far a period may follow its invoice: "Hoá đơn thanh toán từ tháng ...". */
#define PERIOD_WINDOW 8

/* Units a count may have ("36 Máy", "04 lần"), folded. */
static const char *const units[] = {
    "may tinh", "may scan", "ho so", "van ban", "thu tuc", "dich vu", "can bo", "cong chuc",
    "thiet bi", "don vi", "tai khoan", "hoc vien", "may", "bo", "chiec", "cai", "nguoi", "lan",
    "tthc", "dvc", "cbcc", "phong", "diem", "camera", "trang", "xa", "luot", "buoi", "lop",
};

typedef struct parser {
    const char *nfc;
    kc_tok *t;
    size_t n;
    bool *used;
    kc_docref_list *list;
    /* a type named but not yet given its số/ký hiệu */
    const kc_doctype *pending;
    size_t pending_start, pending_end; /* tokens [start, end) */
    /* the last reference pushed and the token it ended at */
    long last;
    size_t last_end;
    /* each byte of nfc's offset in the cell's NFC form (before what is not
     * drawn was taken out), and that form's length at [strlen(nfc)] */
    size_t *at;
} parser;

void kc_docref_clear(kc_docref *r)
{
    if (!r)
        return;
    free(r->text);
    free(r->type);
    free(r->type_name);
    free(r->number);
    free(r->symbol);
    free(r->issuer);
    free(r->url);
    free(r->unit);
    memset(r, 0, sizeof *r);
}

int kc_docref_list_push(kc_docref_list *list, kc_docref *ref)
{
    g_array_append_vals(list->items, ref, 1);
    memset(ref, 0, sizeof *ref);
    return 0;
}

size_t kc_docref_count(const kc_docref_list *list)
{
    return list ? list->items->len : 0;
}

const kc_docref *kc_docref_get(const kc_docref_list *list, size_t i)
{
    return list && i < list->items->len ? &KC_DOCREF_AT(list, i) : NULL;
}

void kc_docref_list_free(kc_docref_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->items->len; i++)
        kc_docref_clear(&KC_DOCREF_AT(list, i));
    g_array_free(list->items, TRUE);
    free(list);
}

/* The text of tokens [a, b) as written, white space made single spaces. */
static char *span(const parser *p, size_t a, size_t b)
{
    const char *from = p->nfc + p->t[a].start, *end = p->nfc + p->t[b - 1].end;
    char *s = malloc((size_t)(end - from) + 1), *o = s;
    bool sp = false;
    if (!s)
        return NULL;
    /* Copied into a separate buffer: rewriting in place would move the lead
     * byte of the character being read. */
    for (const char *q = from; q < end;) {
        const char *next = g_utf8_next_char(q);
        if (g_unichar_isspace(g_utf8_get_char(q))) {
            sp = true;
        } else {
            if (sp)
                *o++ = ' ';
            sp = false;
            memcpy(o, q, (size_t)(next - q));
            o += next - q;
        }
        q = next;
    }
    *o = 0;
    return s;
}

static bool is_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!g_ascii_isdigit(*s))
            return false;
    return true;
}

static bool is_year(const char *s)
{
    return strlen(s) == 4 && is_digits(s) && atoi(s) >= 1900 && atoi(s) < 2200;
}

/* A ký hiệu's letters: "QĐ-UBND", "VHTT-CNTT", "TT-BTTTT", "UBND-VX". */
static bool symbol_letters(const char *s)
{
    if (!g_unichar_isupper(g_utf8_get_char(s)))
        return false;
    for (; *s; s = g_utf8_next_char(s)) {
        gunichar c = g_utf8_get_char(s);
        if (!g_unichar_isalnum(c) && c != '-' && c != '.' && c != '&' && c != '_')
            return false;
    }
    return true;
}

/* Fills number, symbol, type, issuer and symbol_year from one word such as
 * "09/2015/QĐ-TTg"; false when the word is not a số/ký hiệu. */
static bool parse_symbol(const char *raw, kc_docref *r)
{
    char **parts = g_strsplit(raw, "/", 4);
    guint np = g_strv_length(parts);
    bool ok = false;
    const char *rest = NULL;
    int year = 0;

    if (np == 2 && is_digits(parts[0]) && strlen(parts[0]) <= 6 && symbol_letters(parts[1]))
        rest = parts[1];
    else if (np == 3 && is_digits(parts[0]) && strlen(parts[0]) <= 6 && is_year(parts[1]) &&
             symbol_letters(parts[2]))
        rest = parts[2], year = atoi(parts[1]);
    if (rest) {
        char *dash = strchr(rest, '-');
        char *head = dash ? strndup(rest, (size_t)(dash - rest)) : strdup(rest);
        const kc_doctype *t = head ? kc_docref_type_by_abbrev(head) : NULL;
        if (t) {
            r->type = strdup(t->abbrev);
            r->type_name = strdup(t->name);
            if (dash && is_year(dash + 1))
                year = atoi(dash + 1);
            else if (dash && dash[1])
                r->issuer = strdup(dash + 1);
        } else {
            r->issuer = strdup(rest); /* a công văn: "12/UBND-VX" */
        }
        free(head);
        r->number = strdup(parts[0]);
        r->symbol = strdup(raw);
        r->symbol_year = year;
        ok = true;
    }
    g_strfreev(parts);
    return ok;
}

static bool is_url(const char *raw)
{
    if (g_ascii_strncasecmp(raw, "http://", 7) == 0 || g_ascii_strncasecmp(raw, "https://", 8) == 0 ||
        g_ascii_strncasecmp(raw, "www.", 4) == 0)
        return true;
    /* A bare host ("taisancong.thuathienhue.gov.vn/…"): ASCII labels, a
     * top-level domain of letters, at least one dot. */
    size_t host = strcspn(raw, "/");
    int dots = 0;
    const char *last = raw;
    for (size_t i = 0; i < host; i++) {
        char c = raw[i];
        if (c == '.') {
            if (i == 0 || raw[i - 1] == '.')
                return false;
            dots++;
            last = raw + i + 1;
        } else if (!g_ascii_isalnum(c) && c != '-') {
            return false;
        }
    }
    size_t tld = (size_t)(raw + host - last);
    if (dots < 1 || tld < 2 || tld > 6)
        return false;
    for (const char *q = last; q < raw + host; q++)
        if (!g_ascii_isalpha(*q))
            return false;
    return true;
}

/* A path the clerk separated from its host by a space ("…gov.vn/ login.aspx?…"). */
static bool url_tail(const char *raw)
{
    if (strstr(raw, "://") || is_url(raw))
        return false;
    for (const char *q = raw; *q; q++)
        if ((unsigned char)*q >= 0x80)
            return false;
    return strchr(raw, '?') || strchr(raw, '=') || g_str_has_suffix(raw, ".aspx") ||
           g_str_has_suffix(raw, ".php") || g_str_has_suffix(raw, ".html") || g_str_has_suffix(raw, ".htm");
}

static int push(parser *p, kc_docref *r, size_t a, size_t b)
{
    int rc;
    if (!(r->text = span(p, a, b))) {
        kc_docref_clear(r);
        return KC_ENOMEM;
    }
    r->offset = p->at[p->t[a].start];
    for (size_t k = a; k < b; k++)
        p->used[k] = true;
    if ((rc = kc_docref_list_push(p->list, r)) != 0) {
        kc_docref_clear(r);
        return rc;
    }
    p->last = (long)p->list->items->len - 1;
    p->last_end = b;
    return 0;
}

/* Extends the last reference to end at token b (a date or period joined it). */
static int extend_last(parser *p, size_t b)
{
    kc_docref *r = &KC_DOCREF_AT(p->list, p->last);
    size_t a = 0;
    while (a < p->n && p->at[p->t[a].start] != r->offset)
        a++;
    char *text = span(p, a, b);
    if (!text)
        return KC_ENOMEM;
    free(r->text);
    r->text = text;
    for (size_t k = p->last_end; k < b; k++)
        p->used[k] = true;
    p->last_end = b;
    return 0;
}

/* Words that start something else: the date window stops at them. */
static bool starts_other(const parser *p, size_t j)
{
    size_t len;
    if (strcmp(p->t[j].fold, "so") == 0 || kc_docref_type_by_name(p->t, j, p->n, &len))
        return true;
    for (const char *q = p->t[j].raw; *q; q++)
        if (g_ascii_isdigit(*q))
            return true;
    return false;
}

static int document(parser *p, size_t i, kc_docref *r)
{
    size_t a = i, b = i + 1;
    int rc;

    if (p->pending && p->pending->invoice && i - p->pending_end <= 2 && p->last >= 0 &&
        KC_DOCREF_AT(p->list, p->last).kind == KC_DOCREF_INVOICE) {
        /* "Hoá đơn số 0001234/HĐGTGT": the number of the invoice already listed. */
        kc_docref *inv = &KC_DOCREF_AT(p->list, p->last);
        free(inv->number);
        free(inv->symbol);
        inv->number = r->number;
        inv->symbol = r->symbol;
        r->number = r->symbol = NULL;
        kc_docref_clear(r);
        p->pending = NULL;
        rc = extend_last(p, i + 1);
        return rc == 0 ? 1 : rc;
    }
    if (p->pending && i - p->pending_end <= 2) {
        a = p->pending_start;
        /* The symbol's own type wins; a name in front covers the công văn and
         * the "Hợp đồng số 15" that has none. */
        if (!r->type && p->pending->abbrev) {
            r->type = strdup(p->pending->abbrev);
            free(r->type_name);
            r->type_name = strdup(p->pending->name);
        } else if (!r->type && !r->type_name) {
            r->type_name = strdup(p->pending->name);
        }
        if (p->pending->invoice)
            r->kind = KC_DOCREF_INVOICE;
    } else if (i > 0 && !p->used[i - 1] && strcmp(p->t[i - 1].fold, "so") == 0) {
        a = i - 1;
    }
    p->pending = NULL;
    if (!r->type && !r->type_name && r->kind == KC_DOCREF_DOCUMENT)
        r->type_name = strdup("Công văn");
    /* "003/HĐ 2019": the year after a space. */
    if (!r->symbol_year && b < p->n && is_year(p->t[b].raw) && !(b + 1 < p->n && p->t[b + 1].raw[0] == '/')) {
        r->symbol_year = atoi(p->t[b].raw);
        char *sym = g_strconcat(r->symbol, " ", p->t[b].raw, NULL);
        free(r->symbol);
        r->symbol = sym;
        b++;
    }
    for (size_t j = b; j < p->n && j < b + DATE_WINDOW; j++) {
        kc_date d = {0};
        size_t len = kc_docref_date_at(p->t, j, p->n, false, &d);
        if (len && d.month) {
            r->date = d;
            b = j + len;
            break;
        }
        if (starts_other(p, j))
            break;
    }
    rc = push(p, r, a, b);
    return rc == 0 ? (int)(b - i) : rc;
}

/* "từ tháng 01 đến tháng 9/2021" at i; returns words spanned, 0 if none. */
static size_t period_at(const parser *p, size_t i, kc_date *from, kc_date *to)
{
    size_t a, b;
    if (strcmp(p->t[i].fold, "tu") != 0 || i + 1 >= p->n)
        return 0;
    if (!(a = kc_docref_date_at(p->t, i + 1, p->n, true, from)))
        return 0;
    if (i + 1 + a >= p->n || strcmp(p->t[i + 1 + a].fold, "den") != 0)
        return 0;
    if (i + 2 + a >= p->n || !(b = kc_docref_date_at(p->t, i + 2 + a, p->n, true, to)) || !to->year)
        return 0;
    if (!from->year) /* "từ tháng 01 đến tháng 9/2021": the year is said once */
        from->year = from->month > to->month ? to->year - 1 : to->year;
    return 2 + a + b;
}

/* "650 / 652", "650/ 652", "650 /652": a ratio over two or three words, as
 * it is typed with spaces.  Returns the words after i it spans, 0 if none. */
static size_t spaced_ratio(const parser *p, size_t i, const char *w, kc_docref *r)
{
    char *next = i + 1 < p->n && !p->used[i + 1] ? kc_docref_figure_word(p->t[i + 1].raw) : NULL;
    char *third = i + 2 < p->n && !p->used[i + 2] ? kc_docref_figure_word(p->t[i + 2].raw) : NULL;
    size_t wl = strlen(w), n = 0;
    char *num = wl > 1 && w[wl - 1] == '/' ? g_strndup(w, wl - 1) : g_strdup(w);
    if (num && kc_docref_number(num, &r->numerator, NULL) && next) {
        if (wl > 1 && w[wl - 1] == '/' && kc_docref_number(next, &r->denominator, NULL))
            n = 1;
        else if (next[0] == '/' && next[1] && kc_docref_number(next + 1, &r->denominator, NULL))
            n = 1;
        else if (strcmp(next, "/") == 0 && third && kc_docref_number(third, &r->denominator, NULL))
            n = 2;
    }
    g_free(num);
    g_free(next);
    g_free(third);
    return n;
}

static int figure(parser *p, size_t i)
{
    const kc_tok *t = &p->t[i];
    kc_docref r = {.kind = KC_DOCREF_FIGURE};
    char *raw = kc_docref_figure_word(t->raw), *pct = i + 1 < p->n ? kc_docref_figure_word(p->t[i + 1].raw) : NULL;
    size_t b = i + 1, len = strlen(raw), spaced, uw, spelled;
    char *slash = strchr(raw, '/');
    int dec = 0, out = 0;

    if (len > 1 && raw[len - 1] == '%') {
        char *num = strndup(raw, len - 1);
        bool ok = num && kc_docref_number(num, &r.value, &dec);
        free(num);
        if (!ok)
            goto out;
        r.figure = KC_FIGURE_PERCENT;
    } else if ((spaced = spaced_ratio(p, i, raw, &r)) > 0) {
        r.figure = KC_FIGURE_RATIO;
        b += spaced;
    } else if (slash && !strchr(slash + 1, '/')) {
        char *num = strndup(raw, (size_t)(slash - raw));
        bool ok = num && kc_docref_number(num, &r.numerator, NULL) &&
                  kc_docref_number(slash + 1, &r.denominator, NULL);
        free(num);
        if (!ok)
            goto out;
        r.figure = KC_FIGURE_RATIO;
    } else if (kc_docref_number(raw, &r.value, &dec)) {
        if (b < p->n && pct && strcmp(pct, "%") == 0) {
            r.figure = KC_FIGURE_PERCENT;
            b++;
        } else if ((uw = kc_docref_document_unit(p->t, p->n, b)) > 0 && !p->used[b]) {
            r.figure = KC_FIGURE_COUNT; /* "7 văn bản", "7 VB" (rtnum13) */
            r.unit = uw == 2 ? g_strconcat(p->t[b].raw, " ", p->t[b + 1].raw, NULL) : g_strdup(p->t[b].raw);
            b += uw;
            r.said = kc_docref_count_said(p->nfc, p->t, p->n, i, b);
        } else {
            /* A count needs its unit: "36 Máy", "04 lần". */
            for (size_t u = 0; u < G_N_ELEMENTS(units) && !r.figure; u++) {
                size_t words = strchr(units[u], ' ') ? 2 : 1;
                if (b + words > p->n || p->used[b])
                    continue;
                char *w = words == 2 ? g_strconcat(p->t[b].fold, " ", p->t[b + 1].fold, NULL)
                                     : g_strdup(p->t[b].fold);
                size_t wl = strlen(w);
                if (wl && w[wl - 1] == '/') /* "lần/ ngày" */
                    w[wl - 1] = 0;
                if (strcmp(w, units[u]) == 0) {
                    r.figure = KC_FIGURE_COUNT;
                    r.unit = words == 2 ? g_strconcat(p->t[b].raw, " ", p->t[b + 1].raw, NULL)
                                        : g_strdup(p->t[b].raw);
                    if (r.unit[strlen(r.unit) - 1] == '/')
                        r.unit[strlen(r.unit) - 1] = 0;
                    b += words;
                    r.said = kc_docref_count_said(p->nfc, p->t, p->n, i, b);
                }
                g_free(w);
            }
            if (!r.figure)
                goto out;
        }
    } else if ((spelled = kc_docref_spelled_count(p->t, p->n, i, &r.value)) > 0 &&
               (uw = kc_docref_document_unit(p->t, p->n, i + spelled)) > 0) {
        r.figure = KC_FIGURE_COUNT; /* "bảy văn bản" (rtnum13) */
        b = i + spelled;
        r.unit = uw == 2 ? g_strconcat(p->t[b].raw, " ", p->t[b + 1].raw, NULL) : g_strdup(p->t[b].raw);
        b += uw;
        r.said = kc_docref_count_said(p->nfc, p->t, p->n, i, b);
    } else {
        goto out;
    }
    r.decimals = dec;
    if (i > 0) {
        const char *prev = p->t[i - 1].fold;
        if (strcmp(prev, "tren") == 0 || strcmp(prev, "hon") == 0 || strcmp(prev, "vuot") == 0)
            r.bound = 1;
        else if (strcmp(prev, "duoi") == 0)
            r.bound = -1;
    }
    int rc = push(p, &r, r.bound ? i - 1 : i, b);
    out = rc == 0 ? (int)(b - i) : rc;
    if (rc == 0) {
        /* "04 lần/ ngày": the slash belongs to the rate, not to the count. */
        char *text = KC_DOCREF_AT(p->list, p->list->items->len - 1).text;
        size_t tl = strlen(text);
        if (tl > 1 && text[tl - 1] == '/')
            text[tl - 1] = 0;
    }
out:
    g_free(raw);
    g_free(pct);
    return out;
}

static int url(parser *p, size_t i)
{
    kc_docref r = {.kind = KC_DOCREF_URL};
    size_t b = i + 1;
    GString *u = g_string_new(p->t[i].raw);
    if (g_str_has_suffix(u->str, "/") && b < p->n && url_tail(p->t[b].raw))
        g_string_append(u, p->t[b++].raw);
    if (g_ascii_strncasecmp(u->str, "http://", 7) != 0 && g_ascii_strncasecmp(u->str, "https://", 8) != 0)
        g_string_prepend(u, "http://");
    r.url = g_string_free(u, FALSE);
    int rc = push(p, &r, i, b);
    return rc == 0 ? (int)(b - i) : rc;
}

/* One step at word i: returns the words consumed (>= 1), or a negative KC_E*. */
static int step(parser *p, size_t i)
{
    const kc_tok *t = &p->t[i];
    size_t len = 0;
    kc_date d = {0}, to = {0};
    const kc_doctype *type;

    if (is_url(t->raw))
        return url(p, i);
    if ((type = kc_docref_type_by_name(p->t, i, p->n, &len)) ||
        ((type = kc_docref_type_by_abbrev(t->raw)) && i + 1 < p->n && strcmp(p->t[i + 1].fold, "so") == 0 &&
         (len = 1))) {
        p->pending = type;
        p->pending_start = i;
        p->pending_end = i + len;
        if (type->invoice) {
            /* An invoice need not have a number: it is a reference already. */
            kc_docref r = {.kind = KC_DOCREF_INVOICE, .type_name = strdup(type->name)};
            int rc = push(p, &r, i, i + len);
            return rc == 0 ? (int)len : rc;
        }
        return (int)len;
    }
    kc_docref r = {0};
    if (parse_symbol(t->raw, &r))
        return document(p, i, &r);
    kc_docref_clear(&r);
    /* "Hợp đồng số 15", "Hoá đơn số 0001234": a bare number after số. */
    if (p->pending && i >= 1 && strcmp(p->t[i - 1].fold, "so") == 0 && i - p->pending_end <= 1 &&
        (is_digits(t->raw) || (strchr(t->raw, '/') && is_year(strchr(t->raw, '/') + 1)))) {
        if (p->pending->invoice && p->last >= 0 && KC_DOCREF_AT(p->list, p->last).kind == KC_DOCREF_INVOICE) {
            kc_docref *inv = &KC_DOCREF_AT(p->list, p->last);
            free(inv->number);
            inv->number = strdup(t->raw);
            p->pending = NULL;
            int rc = extend_last(p, i + 1);
            return rc == 0 ? 1 : rc;
        }
        r.number = strndup(t->raw, strcspn(t->raw, "/"));
        r.symbol = strdup(t->raw);
        if (strchr(t->raw, '/'))
            r.symbol_year = atoi(strchr(t->raw, '/') + 1);
        return document(p, i, &r);
    }
    if ((len = period_at(p, i, &d, &to))) {
        if (p->last >= 0 && i - p->last_end <= PERIOD_WINDOW) {
            kc_docref *last = &KC_DOCREF_AT(p->list, p->last);
            if (last->kind != KC_DOCREF_URL && last->kind != KC_DOCREF_FIGURE) {
                last->from = d;
                last->to = to;
                int rc = extend_last(p, i + len);
                return rc == 0 ? (int)len : rc;
            }
        }
        for (size_t k = i; k < i + len; k++)
            p->used[k] = true;
        return (int)len;
    }
    if ((len = kc_docref_date_at(p->t, i, p->n, true, &d))) {
        for (size_t k = i; k < i + len; k++)
            p->used[k] = true;
        return (int)len;
    }
    int f = figure(p, i);
    return f == 0 ? 1 : f;
}

int kc_docref_parse(kc_docref_list **out, const char *text, kc_error *err)
{
    parser p = {.last = -1};
    char *nfc = NULL, *shown = NULL;
    int rc = 0;

    if (!out || !text)
        return kc_error_set(err, KC_EINVAL, "%s", _("no text to parse"));
    if (!(nfc = kc_text_nfc(text))) {
        rc = kc_error_set(err, KC_EFORMAT, "%s", _("the text is not valid UTF-8"));
        goto out;
    }
    if (!(shown = kc_docref_drawn(nfc, &p.at))) {
        rc = kc_error_oom(err);
        goto out;
    }
    p.nfc = shown;
    if (!(p.list = kc_docref_list_new()) || kc_docref_tokenize(&p.t, &p.n, shown) != 0 ||
        !(p.used = calloc(p.n + 1, sizeof *p.used))) {
        rc = kc_error_oom(err);
        goto out;
    }
    for (size_t i = 0; i < p.n;) {
        if (p.used[i]) {
            i++;
            continue;
        }
        int k = step(&p, i);
        if (k < 0) {
            rc = kc_error_oom(err);
            goto out;
        }
        i += (size_t)k;
    }
    *out = p.list;
    p.list = NULL;
out:
    kc_docref_list_free(p.list);
    kc_docref_toks_free(p.t, p.n);
    free(p.used);
    free(p.at);
    free(shown);
    free(nfc);
    return rc;
}
