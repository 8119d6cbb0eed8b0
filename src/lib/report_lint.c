/* report_lint.c: the claims of a report the district would question.
 *
 * Each check is what a reviewer does by hand: recompute a claimed percentage
 * from its ratio (650/652 = 99,69 %, so "99,7%" holds and "100%" would not);
 * compare the service level a criterion asks about with the one its evidence
 * names (criterion 18 asks for level 4, its evidence says level 3); notice a
 * number that was skipped, a criterion marked as not done ("Đang học", "chưa
 * lắp đặt") or left without evidence; and, with a catalog, evidence of the
 * wrong kind, unknown numbers and renamed criteria.  Codes are stable (the
 * JSON of `kiemchung lint`); messages are plain words and translated. */
#include <glib.h>
#include <limits.h>
#include "json_lib.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docref_internal.h"
#include "i18n.h"
#include "report_internal.h"
#include "text.h"
#include "util.h"

struct kc_lint {
    GArray *f;       /* kc_finding, strings owned */
    size_t criteria; /* numbered criteria of the report */
};

/* Phrases (folded) by which an evidence cell says the criterion is not met. */
static const char *const not_met[] = {
    "dang hoc", "dang dao tao", "dang lap dat", "dang trien khai", "dang xay dung", "dang hoan thien",
    "dang cho", "chua lap dat", "chua co", "chua thuc hien", "chua trien khai", "chua dat",
    "chua hoan thanh", "chua dang ky", "chua su dung", "chua ap dung", "chua ky so", "chua cung cap",
    "chua duoc", "khong co", "khong thuc hien", "khong dat", "khong su dung",
};

#define FINDING(l, i) (&g_array_index((l)->f, kc_finding, (i)))

static char *quote_of(const kc_criterion *c);

void kc_lint_free(kc_lint *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->f->len; i++) {
        free((char *)FINDING(l, i)->criterion);
        free((char *)FINDING(l, i)->message);
    }
    g_array_free(l->f, TRUE);
    free(l);
}

size_t kc_lint_count(const kc_lint *l)
{
    return l ? l->f->len : 0;
}

const kc_finding *kc_lint_get(const kc_lint *l, size_t i)
{
    return l && i < l->f->len ? FINDING(l, i) : NULL;
}

static int add(kc_lint *l, const char *criterion, const char *code, unsigned line, char *message)
{
    /* code: static strings */
    kc_finding f = {.criterion = g_strdup(criterion ? criterion : ""), .code = code, .message = message, .line = line};
    if (!message) {
        g_free((char *)f.criterion);
        return KC_ENOMEM;
    }
    g_array_append_val(l->f, f);
    return 0;
}

/* The service levels named after "mức độ" ("mức độ 3 và 4" → bits 3 and 4). */
static unsigned levels(const char *text)
{
    char *f = kc_text_fold(text);
    unsigned bits = 0;
    for (const char *p = f; p && (p = strstr(p, "muc do")) != NULL;) {
        p += 6;
        for (;;) {
            while (*p == ' ' || *p == ',' || *p == '/' || *p == '-')
                p++;
            if (g_ascii_isdigit(*p) && !g_ascii_isdigit(p[1])) {
                bits |= 1u << (*p - '0');
                p++;
            } else if (strncmp(p, "va ", 3) == 0 && g_ascii_isdigit(p[3])) {
                p += 3;
            } else {
                break;
            }
        }
    }
    free(f);
    return bits;
}

static char *levels_text(unsigned bits)
{
    GString *s = g_string_new(NULL);
    for (unsigned k = 0; k < 10; k++)
        if (bits & (1u << k))
            g_string_append_printf(s, "%s%u", s->len ? ", " : "", k);
    return g_string_free(s, FALSE);
}

/* The decimal separator of the messages' language: ',' in Vietnamese. */
static char decimal_sep(void)
{
    /* TRANSLATORS: one half as a decimal number, written as your language
     * writes it: this tells the decimal separator ("0,5" in Vietnamese). */
    const char *half = _("0.5");
    return strlen(half) == 3 && half[1] != '5' ? half[1] : '.';
}

/* "99.7" (or "99,7" in Vietnamese): a computed percentage in a message. */
static char *fmt_percent(double v, int decimals)
{
    char *s = g_strdup_printf("%.*f", decimals, v);
    for (char *p = s; *p; p++)
        if (*p == '.')
            *p = decimal_sep();
    return s;
}

/* Percentages are non-negative and small: truncation toward zero is floor, and
 * the library need not link libm for it. */
static double floor_pos(double x)
{
    return x < 0 ? -(double)(long long)(-x) : (double)(long long)x;
}

static bool near(double a, double b)
{
    return a - b < 1e-9 && b - a < 1e-9;
}

static bool percent_holds(const kc_docref *ratio, const kc_docref *pc)
{
    double exact = ratio->numerator / ratio->denominator * 100.0;
    double scale = 1;
    for (int d = 0; d < pc->decimals && d < 9; d++)
        scale *= 10;
    if (pc->bound > 0)
        return exact >= pc->value;
    if (pc->bound < 0)
        return exact < pc->value;
    /* "100%" claims every one and "0%" none: rounding must not make them true. */
    if (pc->value == 100.0 || pc->value == 0.0)
        return exact == pc->value;
    double rounded = floor_pos(exact * scale + 0.5) / scale;
    double truncated = floor_pos(exact * scale + 1e-9) / scale;
    return near(rounded, pc->value) || near(truncated, pc->value);
}

static int check_figures(kc_lint *l, const kc_criterion *c)
{
    size_t n = kc_docref_count(c->refs);
    unsigned int bidi = kc_docref_reorders(c->evidence); /* "5/7 \u202E%001\u202C" is drawn 5/7 100% */
    if (bidi && add(l, c->number, "reordered-text", c->line,
                    g_strdup_printf(_("criterion %s: the evidence holds U+%04X, which makes a viewer draw the text after "
                                      "it in another order than it is read: its figures are not held as shown"),
                                    c->key, bidi)))
        return KC_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const kc_docref *r = kc_docref_get(c->refs, i);
        if (r->kind != KC_DOCREF_FIGURE || r->figure != KC_FIGURE_RATIO)
            continue;
        if (r->denominator == 0 || r->numerator > r->denominator) {
            int rc = add(l, c->number, "ratio-invalid", c->line,
                         g_strdup_printf(_("criterion %s: the ratio %s is impossible (%s)"), c->key, r->text,
                                         r->denominator == 0 ? _("nothing to divide by") : _("more than all")));
            if (rc)
                return rc;
        }
    }
    for (size_t i = 0; i < n; i++) {
        const kc_docref *pc = kc_docref_get(c->refs, i), *ratio = NULL;
        if (pc->kind != KC_DOCREF_FIGURE || pc->figure != KC_FIGURE_PERCENT)
            continue;
        /* The ratio a percentage sums up is the nearest one before it, or else after. */
        const kc_docref *before = NULL, *after = NULL;
        for (size_t k = 0; k < n; k++) {
            const kc_docref *r = kc_docref_get(c->refs, k);
            if (r->kind != KC_DOCREF_FIGURE || r->figure != KC_FIGURE_RATIO || r->denominator == 0)
                continue;
            if (k < i)
                before = r;
            else if (k > i && !after)
                after = r;
        }
        ratio = before ? before : after;
        if (!ratio || ratio->numerator > ratio->denominator || percent_holds(ratio, pc))
            continue;
        double exact = ratio->numerator / ratio->denominator * 100.0;
        char *want = fmt_percent(exact, pc->decimals > 2 ? pc->decimals : pc->decimals + 2);
        int rc = add(l, c->number, "ratio-mismatch", c->line,
                     g_strdup_printf(_("criterion %s: %s is %s%%, not %s"), c->key, ratio->text, want, pc->text));
        g_free(want);
        if (rc)
            return rc;
    }
    return 0;
}

static bool has_kind(const kc_criterion *c, unsigned expects)
{
    for (size_t i = 0; i < kc_docref_count(c->refs); i++) {
        const kc_docref *r = kc_docref_get(c->refs, i);
        if (r->kind == KC_DOCREF_DOCUMENT && r->type && !strcmp(r->type, "HĐ") && (expects & KC_EXPECT_CONTRACT))
            return true;
        if (r->kind == KC_DOCREF_DOCUMENT && r->type && !strcmp(r->type, "QĐ") && (expects & KC_EXPECT_DECISION))
            return true;
        if (r->kind == KC_DOCREF_DOCUMENT && (expects & KC_EXPECT_DOCUMENT))
            return true;
        if (r->kind == KC_DOCREF_INVOICE && (expects & KC_EXPECT_INVOICE))
            return true;
        if (r->kind == KC_DOCREF_URL && (expects & KC_EXPECT_URL))
            return true;
        if (r->kind == KC_DOCREF_FIGURE && (expects & KC_EXPECT_FIGURE))
            return true;
        if (r->kind == KC_DOCREF_FIGURE && r->figure == KC_FIGURE_RATIO && (expects & KC_EXPECT_RATIO))
            return true;
    }
    return false;
}

/* Names compared on letters and digits only: spacing and punctuation vary. */
static char *name_key(const char *s)
{
    char *f = kc_text_fold(s), *o = f;
    for (const char *p = f; p && *p; p++)
        if (g_ascii_isalnum(*p))
            *o++ = *p;
    if (o)
        *o = 0;
    return f;
}

static int check_criterion(kc_lint *l, const kc_criterion *c, const kc_catalog *cat)
{
    const kc_catalog_entry *e = cat ? kc_catalog_find(cat, c->key) : NULL;
    char *quote = NULL;
    int rc = 0;

    if (cat && *c->number && !e) {
        if ((rc = add(l, c->number, "not-in-catalog", c->line,
                      g_strdup_printf(_("criterion %s is not in the catalog (%s)"), c->number, kc_catalog_name(cat)))))
            goto out;
    }
    if (e && *c->number) {
        char *a = name_key(c->name), *b = name_key(e->name);
        bool differ = a && b && strcmp(a, b) != 0;
        free(a);
        free(b);
        if (differ && (rc = add(l, c->number, "name-mismatch", c->line,
                                g_strdup_printf(_("criterion %s is named \"%s\" in the catalog"), c->number, e->name))))
            goto out;
    }
    if (c->heading || (e && (e->expects & KC_EXPECT_NONE) && !*c->evidence))
        goto out;
    if (!*c->evidence) {
        rc = add(l, c->number, "no-evidence", c->line, g_strdup_printf(_("criterion %s has no evidence"), c->key));
        goto out;
    }
    quote = quote_of(c);
    char *f = kc_text_fold(c->evidence);
    for (size_t i = 0; f && i < G_N_ELEMENTS(not_met); i++) {
        const char *hit = strstr(f, not_met[i]);
        if (hit && (hit == f || hit[-1] == ' ') && (hit[strlen(not_met[i])] == 0 || !g_ascii_isalnum(hit[strlen(not_met[i])]))) {
            rc = add(l, c->number, "not-met", c->line,
                     g_strdup_printf(_("criterion %s is not met: the evidence says \"%s\""), c->key, quote));
            free(f);
            goto out;
        }
    }
    free(f);
    unsigned want = levels(c->name), got = levels(c->evidence);
    if (want && got && want != got) {
        char *w = levels_text(want), *g = levels_text(got);
        rc = add(l, c->number, "evidence-mismatch", c->line,
                 g_strdup_printf(_("criterion %s asks about level %s, but its evidence speaks of level %s: \"%s\""),
                                 c->key, w, g, quote));
        g_free(w);
        g_free(g);
        if (rc)
            goto out;
    }
    if ((rc = check_figures(l, c)))
        goto out;
    if (e && e->expects && !(e->expects & (KC_EXPECT_TEXT | KC_EXPECT_NONE)) && !has_kind(c, e->expects)) {
        char kinds[128];
        rc = add(l, c->number, "evidence-kind", c->line,
                 g_strdup_printf(_("criterion %s expects evidence of kind %s, and \"%s\" gives none"), c->key,
                                 kc_catalog_expects_format(e->expects, kinds, sizeof kinds), quote));
    }
out:
    g_free(quote);
    return rc;
}

/* The integer part of "5.1"; -1 for an empty number. */
static long major(const char *number)
{
    return *number ? strtol(number, NULL, 10) : -1;
}

/* The numbers between prev and m the report skips: a short gap named number
 * by number ("26"), a long one (a typo such as 99 for 9) once, so it does
 * not bury the rest.  A number the catalog itself leaves out (26 in the 2021
 * set) is not missing. */
static int skipped(kc_lint *l, const kc_criterion *c, long prev, long m, const kc_catalog *cat)
{
    GArray *gap = g_array_new(FALSE, FALSE, sizeof(long));
    int rc = 0;
    for (long k = prev + 1; k < m; k++) {
        char num[24];
        snprintf(num, sizeof num, "%ld", k);
        if (!cat || kc_catalog_find(cat, num))
            g_array_append_val(gap, k);
    }
    if (gap->len > 0 && gap->len <= 3) {
        for (guint i = 0; i < gap->len && !rc; i++) {
            long k = g_array_index(gap, long, i);
            char num[24];
            snprintf(num, sizeof num, "%ld", k);
            rc = add(l, num, "skipped-number", c->line,
                     g_strdup_printf(_("criterion %ld is missing: the numbers go from %ld to %ld"), k, prev, m));
        }
    } else if (gap->len > 3) {
        long first = g_array_index(gap, long, 0), last = g_array_index(gap, long, gap->len - 1);
        char num[24];
        snprintf(num, sizeof num, "%ld", first);
        rc = add(l, num, "skipped-number", c->line,
                 g_strdup_printf(_("criteria %ld to %ld are missing: the numbers jump from %ld to %ld"), first, last,
                                 prev, m));
    }
    g_array_free(gap, TRUE);
    return rc;
}

/* Findings sorted by their line, stably (those of no line last): a check
 * across criteria reports at the later one, among that row's findings. */
static void in_report_order(kc_lint *l)
{
    for (guint i = 1; i < l->f->len; i++) {
        kc_finding f = *FINDING(l, i);
        unsigned key = f.line ? f.line : UINT_MAX;
        guint j = i;
        while (j > 0 && (FINDING(l, j - 1)->line ? FINDING(l, j - 1)->line : UINT_MAX) > key) {
            *FINDING(l, j) = *FINDING(l, j - 1);
            j--;
        }
        *FINDING(l, j) = f;
    }
}

/* The first ratio a criterion's evidence gives ("03/652"), or NULL. */
static const kc_docref *first_ratio(const kc_criterion *c)
{
    for (size_t i = 0; i < kc_docref_count(c->refs); i++) {
        const kc_docref *r = kc_docref_get(c->refs, i);
        if (r->kind == KC_DOCREF_FIGURE && r->figure == KC_FIGURE_RATIO && r->denominator > 0)
            return r;
    }
    return NULL;
}

/* Where a criterion is, in a message: "line 66", or in a Word report "table 4, row 9". */
static char *place_of(const kc_report *r, unsigned line)
{
    const char *p = kc_report_place(r, line);
    return p ? g_strdup(p) : g_strdup_printf(_("line %u"), line);
}

/* The evidence cell as quoted in a message: its first 80 characters (never
 * half a letter). */
static char *quote_of(const kc_criterion *c)
{
    glong n = g_utf8_strlen(c->evidence, -1);
    char *head = g_utf8_substring(c->evidence, 0, MIN(n, 80));
    char *q = g_strdup_printf("%s%s", head, n > 80 ? "…" : "");
    g_free(head);
    return q;
}

/* Figures that count the same quantity (the catalog says which) must agree:
 * the denominator of 35 is the numerator of 32, the denominators of 27, 32
 * and 34 the year's applications.  A disagreement quotes both lines. */
static int check_same_counts(kc_lint *l, const kc_report *r, const kc_catalog *cat)
{
    typedef struct seen {
        char *quantity; /* folded */
        double value;
        const kc_criterion *c;
    } seen;
    GArray *seen_q = g_array_new(FALSE, FALSE, sizeof(seen));
    int rc = 0;
    for (size_t i = 0; cat && i < r->crit->len && !rc; i++) {
        const kc_criterion *c = &KC_REPORT_CRIT(r, i);
        const kc_catalog_entry *e = *c->number ? kc_catalog_find(cat, c->number) : NULL;
        const kc_docref *ratio = e ? first_ratio(c) : NULL;
        if (!ratio)
            continue;
        const char *names[2] = {e->numerator, e->denominator};
        double values[2] = {ratio->numerator, ratio->denominator};
        for (int k = 0; k < 2 && !rc; k++) {
            char *q = names[k] ? kc_text_fold(names[k]) : NULL;
            const seen *prior = NULL;
            for (guint s = 0; q && s < seen_q->len && !prior; s++)
                if (strcmp(g_array_index(seen_q, seen, s).quantity, q) == 0)
                    prior = &g_array_index(seen_q, seen, s);
            if (q && !prior) {
                seen add_q = {q, values[k], c};
                g_array_append_val(seen_q, add_q);
                continue;
            }
            if (prior && prior->value != values[k]) {
                char *here = place_of(r, c->line), *there = place_of(r, prior->c->line);
                char *qa = quote_of(prior->c), *qb = quote_of(c);
                rc = add(l, c->number, "figures-disagree", c->line,
                         g_strdup_printf(_("criteria %s and %s count the same %s but disagree: %g at %s (\"%s\"), %g at %s (\"%s\")"),
                                         prior->c->number, c->number, names[k], prior->value, there, qa, values[k],
                                         here, qb));
                g_free(here);
                g_free(there);
                g_free(qa);
                g_free(qb);
            }
            free(q);
        }
    }
    for (guint s = 0; s < seen_q->len; s++)
        free(g_array_index(seen_q, seen, s).quantity);
    g_array_free(seen_q, TRUE);
    return rc;
}

int kc_report_lint(kc_lint **out, const kc_report *r, const kc_catalog *cat, kc_error *err)
{
    kc_lint *l = NULL;
    long prev = 0;
    int rc = 0;

    if (!out || !r)
        return kc_error_set(err, KC_EINVAL, "%s", _("no report to lint"));
    l = g_new0(kc_lint, 1);
    l->f = g_array_new(FALSE, FALSE, sizeof(kc_finding));
    for (size_t i = 0; i < r->crit->len; i++) {
        const kc_criterion *c = &KC_REPORT_CRIT(r, i);
        long m = major(c->number);
        if (m >= 0 && !strchr(c->number, '.')) {
            l->criteria++;
            bool dup = false;
            for (size_t k = 0; k < i && !dup; k++)
                dup = strcmp(KC_REPORT_CRIT(r, k).number, c->number) == 0;
            if (dup) {
                if ((rc = add(l, c->number, "duplicate-number", c->line,
                              g_strdup_printf(_("criterion %s appears twice"), c->number))))
                    goto fail;
            } else if ((rc = skipped(l, c, prev, m, cat))) {
                goto fail;
            } else {
                if (m > prev)
                    prev = m;
            }
        } else if (m >= 0) {
            l->criteria++; /* "5.1": a numbered criterion outside the integer sequence */
        }
        if ((rc = check_criterion(l, c, cat)))
            goto fail;
    }
    if ((rc = check_same_counts(l, r, cat)))
        goto fail;
    in_report_order(l);
    /* Criteria the catalog has after the report's last number. */
    for (size_t i = 0; cat && i < kc_catalog_count(cat); i++) {
        const kc_catalog_entry *e = kc_catalog_get(cat, i);
        if (major(e->number) > prev && !strchr(e->number, '.') && !kc_report_find(r, e->number) &&
            (rc = add(l, e->number, "skipped-number", 0,
                      g_strdup_printf(_("criterion %s (%s) is missing from the report"), e->number, e->name))))
            goto fail;
    }
    *out = l;
    return 0;
fail:
    kc_lint_free(l);
    return kc_error_oom(err);
}

char *kc_lint_to_json(const kc_lint *l, const kc_report *r)
{
    JsonBuilder *b = json_builder_new();

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "criteria");
    json_builder_add_int_value(b, l ? (gint64)l->criteria : 0);
    json_builder_set_member_name(b, "findings");
    json_builder_begin_array(b);
    for (size_t i = 0; l && i < l->f->len; i++) {
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "criterion");
        json_builder_add_string_value(b, FINDING(l, i)->criterion);
        json_builder_set_member_name(b, "code");
        json_builder_add_string_value(b, FINDING(l, i)->code);
        json_builder_set_member_name(b, "message");
        json_builder_add_string_value(b, FINDING(l, i)->message);
        if (kc_report_place(r, FINDING(l, i)->line)) { /* a Word report: "table 2, row 5" */
            json_builder_set_member_name(b, "place");
            json_builder_add_string_value(b, kc_report_place(r, FINDING(l, i)->line));
        }
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    return kc_json_finish(b, false);
}

/* rtzip5: `lint DOSSIER.zip` read the report and the register a dossier
 * holds and said nothing of its check: a dossier whose register was changed
 * after sealing (then left unread, as not what the manifest lists) or taken
 * out lost its register-mismatch findings and was "nothing flagged", exit 0. */
int kc_lint_add_dossier_problem(kc_lint *l, const char *path, const char *message, kc_error *err)
{
    if (!l || !message)
        return kc_error_set(err, KC_EINVAL, "%s", _("no report to lint"));
    char *text = path && *path
                     ? g_strdup_printf(_("the dossier fails its check (%s: %s): what lint read from it may not be what "
                                         "was filed; kiemchung check names every problem"),
                                       path, message)
                     : g_strdup_printf(_("the dossier fails its check (%s): what lint read from it may not be what was "
                                         "filed; kiemchung check names every problem"),
                                       message);
    return add(l, "", "dossier-check", 0, text) ? kc_error_oom(err) : 0;
}

/* What the register shows for criteria 20–22 against what the report
 * claims: every ratio the claim gives must be the register's, and every
 * percentage must hold for the register's ratio as a claimed percentage must
 * for its own (rounded as written; "100%" only when every document counts).
 * Holding only the first ratio let "5/7 văn bản; 7/7 văn bản đi đều ký số,
 * đạt 100%" pass: the 5/7 agreed, the 100% was held against its own 7/7.
 * A count of documents is the signed, unsigned or total one; alone, the signed:
 * "7 văn bản đi đều ký số" was held against nothing (rtnum12); one whose words
 * say what it counts, that count (rtnum13, docref_said.c). */
int kc_report_lint_register(kc_lint *l, const kc_report *r, const kc_ratio got[3], const char *source,
                            kc_error *err)
{
    static const char *const numbers[] = {"20", "21", "22"};
    if (!l || !r || !got)
        return kc_error_set(err, KC_EINVAL, "%s", _("no report to lint"));
    for (int k = 0; k < 3; k++) {
        const kc_criterion *c = kc_report_find(r, numbers[k]);
        const kc_docref *wrong = NULL;
        if (!c)
            continue;
        kc_docref computed = {.kind = KC_DOCREF_FIGURE, .figure = KC_FIGURE_RATIO,
                              .numerator = (double)got[k].numerator, .denominator = (double)got[k].denominator};
        const kc_docref *count = NULL;
        bool share = false, signed_counted = false;
        for (size_t i = 0; i < kc_docref_count(c->refs) && !wrong; i++) {
            const kc_docref *d = kc_docref_get(c->refs, i);
            if (d->kind != KC_DOCREF_FIGURE)
                continue;
            share |= d->figure != KC_FIGURE_COUNT;
            if (d->figure == KC_FIGURE_RATIO && d->denominator > 0 &&
                (d->numerator != computed.numerator || d->denominator != computed.denominator))
                wrong = d;
            else if (d->figure == KC_FIGURE_PERCENT && !(got[k].denominator > 0 && percent_holds(&computed, d)))
                wrong = d;
            else if (kc_docref_counts_documents(d) && !kc_docref_count_holds(d, k, got))
                wrong = d; /* "2 văn bản ký tay", "7 văn bản đều ký số": what its words say (rtnum13) */
            else if (kc_docref_counts_documents(d)) {
                count = count ? count : d;
                signed_counted |= d->value == computed.numerator;
            }
        }
        if (!wrong && count && !share && !signed_counted)
            wrong = count;
        if (!wrong)
            continue; /* no figure, or every one holds */
        char ratio[16], *quote = quote_of(c);
        kc_ratio_format(got[k], ratio, sizeof ratio);
        for (char *p = ratio; *p; p++)
            if (*p == ',')
                *p = decimal_sep();
        int rc = add(l, c->number, "register-mismatch", c->line,
                     g_strdup_printf(_("criterion %s claims %s (\"%s\"), but the register %s gives %zu/%zu (%s)"),
                                     c->number, wrong->text, quote, source, got[k].numerator,
                                     got[k].denominator, ratio));
        g_free(quote);
        if (rc)
            return kc_error_oom(err);
    }
    in_report_order(l);
    return 0;
}
