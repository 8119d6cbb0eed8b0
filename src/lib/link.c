/* link.c: filing PDFs under the criteria whose references they match (see
 * kiemchung/link.h).
 *
 * Only the first page (and the last, where pdftext.c reads the "Nơi nhận:"
 * block) is read: an official document says what it is at the top, in the
 * Nghị định 30/2020 layout: "Số: 02/QĐ-UBND", the place and date, then the type
 * in capitals ("QUYẾT ĐỊNH") and the trích yếu.  The report's references are
 * first grouped into distinct documents (one contract cited by eleven criteria
 * is one document), then each file is scored against each; every field both
 * sides know must agree, and a tie between two documents is ambiguity, never a
 * guess. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "docref_internal.h"
#include "i18n.h"
#include "kiemchung/link.h"
#include "pdftext.h"
#include "text.h"
#include "util.h"

#define HEAD_LINES 20 /* where the Số line, the date and the title are looked for */

typedef struct doc {
    const kc_docref *ref;     /* first citation */
    GPtrArray *keys;          /* criteria citing it (borrowed), report order, no repeats */
} doc;

typedef struct file {
    kc_link_file pub;
    char *path, *error, *number_line, *title;
    kc_docref_list *self;     /* 0 or 1 element */
    kc_docref_list *page;     /* everything the first page cites (for URLs) */
    GPtrArray *criteria;      /* borrowed keys: pub.criteria shows them */
    GPtrArray *matches;       /* borrowed references: pub.matches shows them */
} file;

struct kc_link_result {
    file *files;
    size_t n;
    GArray *docs;             /* doc */
    GArray *missing;          /* kc_link_missing */
};

#define DOC(res, d) (&g_array_index((res)->docs, doc, (d)))

const char *kc_link_status_code(kc_link_status s)
{
    switch (s) {
    case KC_LINK_MATCHED: return "matched";
    case KC_LINK_AMBIGUOUS: return "ambiguous";
    case KC_LINK_UNMATCHED: return "unmatched";
    case KC_LINK_UNREADABLE: return "unreadable";
    }
    return "?";
}

/* Whether every letter of line is a capital ("QUYẾT ĐỊNH"). */
static bool all_caps(const char *line)
{
    int letters = 0;
    for (const char *p = line; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_islower(c))
            return false;
        letters += g_unichar_isalpha(c) != 0;
    }
    return letters >= 2;
}

/* The type a capitals line names at its start, or NULL. */
static const kc_doctype *title_type(const char *line)
{
    kc_tok *t = NULL;
    size_t n = 0, len = 0;
    const kc_doctype *type = NULL;
    if (all_caps(line) && kc_docref_tokenize(&t, &n, line) == 0 && n > 0)
        type = kc_docref_type_by_name(t, 0, n, &len);
    kc_docref_toks_free(t, n);
    return type;
}

/* Reads what the first page says the document is into f->self and f->title. */
static int read_self(file *f, const char *text, kc_error *err)
{
    char **lines = g_strsplit(text, "\n", -1);
    const kc_doctype *type = NULL;
    kc_docref self = {0};
    bool have = false, dated = false;
    int rc = 0;

    for (int i = 0; lines[i] && i < HEAD_LINES; i++) {
        char *line = g_strstrip(lines[i]);
        if (!*line)
            continue;
        if (!f->number_line && (kc_text_has_prefix_folded(line, "số:") || kc_text_has_prefix_folded(line, "số "))) {
            kc_docref_list *l = NULL;
            f->number_line = strdup(line);
            for (char *t = f->number_line; t && *t; t++)
                if (*t == '\t')
                    *t = ' ';
            if ((rc = kc_docref_parse(&l, line, err)) != 0)
                goto out;
            const kc_docref *r = kc_docref_get(l, 0);
            if (r && (r->kind == KC_DOCREF_DOCUMENT || r->kind == KC_DOCREF_INVOICE)) {
                kc_docref *m = (kc_docref *)r; /* moved out of l */
                self = *m;
                memset(m, 0, sizeof *m);
                have = true;
                dated = self.date.year != 0;
            } else {
                /* "Số: 0000125" (an invoice) has no ký hiệu: keep the number. */
                const char *p = line + strcspn(line, ":") + 1;
                while (*p == ' ')
                    p++;
                size_t dl = strspn(p, "0123456789");
                if (dl > 0 && dl < 16) {
                    self.number = strndup(p, dl);
                    self.symbol = strndup(p, dl);
                    have = true;
                }
            }
            kc_docref_list_free(l);
            /* The place and date often share the Số line ("Số: 0000125 <tab> Thủy An, ngày …"). */
            if (!dated && kc_date_parse(&self.date, line) && self.date.day)
                dated = true;
            continue;
        }
        /* The place and date come before the title; dates below it are the body's. */
        if (!dated && !type && strstr(line, "ng") && kc_date_parse(&self.date, line) && self.date.day) {
            dated = true;
            continue;
        }
        if (!type && (type = title_type(line))) {
            const char *next = lines[i + 1] ? g_strstrip(lines[i + 1]) : "";
            f->title = *next ? g_strconcat(line, " — ", next, NULL) : g_strdup(line);
        }
    }
    if (!dated)
        memset(&self.date, 0, sizeof self.date);
    if (type) {
        /* The title settles what the number line leaves open. */
        if (type->invoice)
            self.kind = KC_DOCREF_INVOICE;
        if (!self.type && type->abbrev && !type->invoice) {
            self.type = strdup(type->abbrev);
            free(self.type_name);
            self.type_name = strdup(type->name);
        }
        if (!self.type_name)
            self.type_name = strdup(type->name);
        have = true;
    }
    if (have || dated) {
        if (!self.text)
            self.text = strdup(f->number_line ? f->number_line : f->title ? f->title : "");
        if ((rc = kc_docref_list_push(f->self, &self)) != 0)
            kc_error_oom(err);
    }
out:
    kc_docref_clear(&self);
    g_strfreev(lines);
    return rc;
}

static bool same_number(const char *a, const char *b)
{
    if (!a || !b)
        return false;
    while (*a == '0' && a[1])
        a++;
    while (*b == '0' && b[1])
        b++;
    return strcmp(a, b) == 0;
}

static long month_index(const kc_date *d)
{
    return (long)d->year * 12 + (d->month ? d->month - 1 : 0);
}

/* How well the file's own reference s fits the report's d: 0 not at all. */
static int score_doc(const kc_docref *s, const kc_docref *d)
{
    int score = 0;
    if (s->kind != d->kind)
        return 0;
    if (d->kind == KC_DOCREF_INVOICE) {
        score = 4;
        if (d->number && s->number && !same_number(d->number, s->number))
            return 0;
        if (d->number && s->number)
            score += 10;
        if (d->to.year) {
            if (!s->date.year || month_index(&s->date) < month_index(&d->from) ||
                month_index(&s->date) > month_index(&d->to))
                return 0;
            score += 4;
        }
        if (d->date.year && !(s->date.year == d->date.year && s->date.month == d->date.month &&
                               s->date.day == d->date.day))
            return 0;
        return score;
    }
    if (!same_number(s->number, d->number))
        return 0;
    score = 10;
    if ((s->type || d->type) && (!s->type || !d->type || strcmp(s->type, d->type) != 0))
        return 0;
    score += s->type ? 5 : 0;
    if (s->issuer && d->issuer) {
        if (!kc_text_equal_folded(s->issuer, d->issuer))
            return 0;
        score += 3;
    }
    int ys = kc_docref_year(s), yd = kc_docref_year(d);
    if (ys && yd) {
        if (ys != yd)
            return 0;
        score += 2;
    }
    if (s->date.day && d->date.day) {
        if (s->date.month != d->date.month || s->date.day != d->date.day)
            return 0;
        score += 4;
    }
    return score;
}

static void add_key(GPtrArray *keys, const char *key)
{
    for (guint i = 0; i < keys->len; i++)
        if (strcmp(keys->pdata[i], key) == 0)
            return;
    g_ptr_array_add(keys, (char *)key);
}

/* Groups the report's references into distinct documents. */
static void collect_docs(kc_link_result *res, const kc_report *r)
{
    for (size_t i = 0; i < kc_report_count(r); i++) {
        const kc_criterion *c = kc_report_get(r, i);
        for (size_t k = 0; k < kc_docref_count(c->refs); k++) {
            const kc_docref *ref = kc_docref_get(c->refs, k);
            size_t d = 0;
            if (ref->kind == KC_DOCREF_FIGURE)
                continue;
            while (d < res->docs->len && !kc_docref_same(DOC(res, d)->ref, ref))
                d++;
            if (d == res->docs->len) {
                doc add = {ref, g_ptr_array_new()};
                g_array_append_val(res->docs, add);
            }
            if (*c->key)
                add_key(DOC(res, d)->keys, c->key);
        }
    }
}

static void match_file(kc_link_result *res, file *f, bool *used)
{
    const kc_docref *self = kc_docref_get(f->self, 0);
    int best = 0;

    for (size_t d = 0; self && d < res->docs->len; d++) {
        int s = DOC(res, d)->ref->kind == KC_DOCREF_URL ? 0 : score_doc(self, DOC(res, d)->ref);
        if (s > best) {
            best = s;
            g_ptr_array_set_size(f->matches, 0);
        }
        if (s > 0 && s == best)
            g_ptr_array_add(f->matches, (void *)DOC(res, d)->ref);
    }
    if (best == 0) {
        /* No document: a screenshot backs every address it shows. */
        g_ptr_array_set_size(f->matches, 0);
        for (size_t d = 0; d < res->docs->len; d++) {
            if (DOC(res, d)->ref->kind != KC_DOCREF_URL)
                continue;
            for (size_t k = 0; k < kc_docref_count(f->page); k++) {
                const kc_docref *u = kc_docref_get(f->page, k);
                if (u->kind == KC_DOCREF_URL && kc_docref_same(u, DOC(res, d)->ref)) {
                    g_ptr_array_add(f->matches, (void *)DOC(res, d)->ref);
                    break;
                }
            }
        }
    } else if (f->matches->len > 1) {
        f->pub.status = KC_LINK_AMBIGUOUS;
        return;
    }
    f->pub.status = f->matches->len ? KC_LINK_MATCHED : KC_LINK_UNMATCHED;
    for (size_t m = 0; m < f->matches->len; m++)
        for (size_t d = 0; d < res->docs->len; d++)
            if (DOC(res, d)->ref == f->matches->pdata[m]) {
                used[d] = true;
                for (size_t k = 0; k < DOC(res, d)->keys->len; k++)
                    add_key(f->criteria, DOC(res, d)->keys->pdata[k]);
            }
}

static int read_file(file *f, kc_error *err)
{
    kc_error why = {0};
    char *text = NULL;
    int rc = 0;

    /* pdftext.c keeps poppler to itself; an unreadable file is a result here. */
    if (kc_pdftext_first_last(&text, f->path, &why) != 0) {
        if (why.code == KC_ENOMEM)
            return kc_error_set(err, KC_ENOMEM, "%s", why.message);
        f->pub.status = KC_LINK_UNREADABLE;
        f->error = strdup(why.message);
        return f->error ? 0 : kc_error_oom(err);
    }
    if ((rc = read_self(f, text, err)) == 0)
        rc = kc_docref_parse(&f->page, text, err);
    free(text);
    return rc;
}

int kc_link_files(kc_link_result **out, const kc_report *r, const char *const *paths, size_t n, kc_error *err)
{
    kc_link_result *res = NULL;
    bool *used = NULL;
    int rc = 0;

    if (!out || !r || (n && !paths))
        return kc_error_set(err, KC_EINVAL, "%s", _("no report or files to link"));
    res = g_new0(kc_link_result, 1);
    res->files = g_new0(file, n + 1);
    res->docs = g_array_new(FALSE, FALSE, sizeof(doc));
    res->missing = g_array_new(FALSE, FALSE, sizeof(kc_link_missing));
    collect_docs(res, r);
    used = g_new0(bool, res->docs->len + 1);
    for (size_t i = 0; i < n; i++) {
        file *f = &res->files[i];
        res->n++;
        f->path = g_strdup(paths[i]);
        f->self = kc_docref_list_new();
        f->criteria = g_ptr_array_new();
        f->matches = g_ptr_array_new();
        if ((rc = read_file(f, err)) != 0)
            goto fail;
        if (f->pub.status != KC_LINK_UNREADABLE)
            match_file(res, f, used);
        f->pub.path = f->path;
        f->pub.error = f->error;
        f->pub.number_line = f->number_line;
        f->pub.title = f->title;
        f->pub.self = kc_docref_get(f->self, 0);
        f->pub.criteria = (const char *const *)f->criteria->pdata;
        f->pub.ncriteria = f->criteria->len;
        f->pub.matches = (const kc_docref *const *)f->matches->pdata;
        f->pub.nmatches = f->matches->len;
    }
    for (size_t d = 0; d < res->docs->len; d++) {
        if (used[d] || DOC(res, d)->ref->kind == KC_DOCREF_URL)
            continue;
        kc_link_missing m = {DOC(res, d)->ref, (const char *const *)DOC(res, d)->keys->pdata, DOC(res, d)->keys->len};
        g_array_append_val(res->missing, m);
    }
    free(used);
    *out = res;
    return 0;
fail:
    free(used);
    kc_link_result_free(res);
    return rc;
}

size_t kc_link_count(const kc_link_result *res)
{
    return res ? res->n : 0;
}

const kc_link_file *kc_link_get(const kc_link_result *res, size_t i)
{
    return res && i < res->n ? &res->files[i].pub : NULL;
}

size_t kc_link_missing_count(const kc_link_result *res)
{
    return res ? res->missing->len : 0;
}

const kc_link_missing *kc_link_missing_get(const kc_link_result *res, size_t i)
{
    return res && i < res->missing->len ? &g_array_index(res->missing, kc_link_missing, i) : NULL;
}

void kc_link_result_free(kc_link_result *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->n; i++) {
        file *f = &res->files[i];
        free(f->path);
        free(f->error);
        free(f->number_line);
        free(f->title);
        kc_docref_list_free(f->self);
        kc_docref_list_free(f->page);
        if (f->criteria)
            g_ptr_array_unref(f->criteria);
        if (f->matches)
            g_ptr_array_unref(f->matches);
    }
    for (size_t d = 0; d < res->docs->len; d++)
        g_ptr_array_unref(DOC(res, d)->keys);
    free(res->files);
    g_array_free(res->docs, TRUE);
    g_array_free(res->missing, TRUE);
    free(res);
}

int kc_link_read_pdf(kc_docref_list **out, char **title, const char *path, kc_error *err)
{
    file f = {0};
    int rc;

    if (!out || !path)
        return kc_error_set(err, KC_EINVAL, "%s", _("no PDF given"));
    f.path = (char *)path;
    if (!(f.self = kc_docref_list_new()))
        return kc_error_oom(err);
    if ((rc = read_file(&f, err)) == 0 && f.pub.status == KC_LINK_UNREADABLE)
        rc = kc_error_set(err, KC_EFORMAT, "%s: %s", path, f.error);
    if (rc == 0) {
        *out = f.self;
        f.self = NULL;
        if (title) {
            *title = f.title;
            f.title = NULL;
        }
    }
    kc_docref_list_free(f.self);
    kc_docref_list_free(f.page);
    free(f.error);
    free(f.number_line);
    free(f.title);
    return rc;
}
