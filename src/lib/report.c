/* report.c: reading the commune's evidence report (see kiemchung/report.h).
 *
 * Line by line, never the whole file at once: each line is checked (UTF-8, no
 * control characters), put in NFC, and classified.  A line with tabs is a table
 * row: a header row ("STT  TIÊU CHÍ  ...") tells which column holds what, since
 * the last table of the 2021 report has "Đơn vị phối hợp" where the others have
 * "Nội dung thực hiện"; a row whose first cell is a number is a criterion, a
 * roman numeral a group, an empty first cell either a sub-group (only a bold
 * name) or a sub-row continuing the criterion above.  A line without tabs is
 * free text, or a bold part title ("**1. Nhóm tiêu chí ...**"); inside a table
 * (no blank line since its last row) it is an error, as is a row whose first
 * cell is none of the above: the message names the line. */
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "docref_internal.h"
#include "i18n.h"
#include "ooxml.h"
#include "report_internal.h"
#include "text.h"
#include "util.h"

#define MAX_LINE (64 * 1024)
#define MAX_LINES 100000

typedef struct cell {
    char *text; /* markup removed, white space collapsed, NFC */
    bool bold;  /* every visible character was inside <b> */
} cell;

typedef struct builder {
    kc_report *r;
    const char *name;
    unsigned line;
    char *const *places;   /* where each line came from in a Word document, or NULL */
    size_t nplaces;
    bool in_table, have_header, seen_text;
    int col_unit;          /* -1: the table has no unit column */
    bool *evidence_col;    /* per column of the header */
    size_t ncols;
    GString *title;
    char *part, *group, *group_title, *subgroup;
    long last_numbered;
} builder;

/* The current line in a message: "line 17", or for a Word document "table 2, row 5" (g_free). */
static char *where(const builder *b)
{
    if (b->places && b->line >= 1 && b->line <= b->nplaces && b->places[b->line - 1])
        return g_strdup(b->places[b->line - 1]);
    return g_strdup_printf(_("line %u"), b->line);
}

static void cells_free(cell *c, size_t n)
{
    for (size_t i = 0; c && i < n; i++)
        free(c[i].text);
    free(c);
}

/* --- the model ----------------------------------------------------------------- */

static void item_clear(kc_report_item *it)
{
    free(it->label);
    free(it->text);
    for (size_t i = 0; i < it->ncells; i++)
        free(it->cells[i]);
    free(it->cells);
}

static void crit_clear(kc_criterion *c)
{
    free((char *)c->number);
    free((char *)c->key);
    free((char *)c->parent);
    free((char *)c->part);
    free((char *)c->group);
    free((char *)c->group_title);
    free((char *)c->subgroup);
    free((char *)c->name);
    free((char *)c->unit);
    free((char *)c->evidence);
    for (size_t i = 0; i < c->ncells; i++)
        free((char *)c->cells[i]);
    free((void *)c->cells);
    kc_docref_list_free((kc_docref_list *)c->refs);
}

static kc_report *report_new(void)
{
    kc_report *r = g_new0(kc_report, 1);
    r->crit = g_array_new(FALSE, TRUE, sizeof(kc_criterion));
    r->items = g_array_new(FALSE, TRUE, sizeof(kc_report_item));
    return r;
}

void kc_report_free(kc_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->crit->len; i++)
        crit_clear(&KC_REPORT_CRIT(r, i));
    for (size_t i = 0; i < r->items->len; i++)
        item_clear(&KC_REPORT_ITEM(r, i));
    for (size_t i = 0; i < r->nplaces; i++)
        free(r->places[i]);
    free(r->places);
    g_array_free(r->crit, TRUE);
    g_array_free(r->items, TRUE);
    free(r->title);
    free(r);
}

static kc_report_item *add_item(kc_report *r, kc_item_kind kind)
{
    g_array_set_size(r->items, r->items->len + 1); /* zeroed */
    kc_report_item *it = &KC_REPORT_ITEM(r, r->items->len - 1);
    it->kind = kind;
    return it;
}

static char *dup0(const char *s)
{
    return strdup(s ? s : "");
}

/* --- rows -------------------------------------------------------------------- */

/* Length of a roman numeral group label at the start of s ("IV", "II."), 0 if none. */
static size_t roman_len(const char *s)
{
    static const char *const numerals[] = {"XII", "XI", "X", "IX", "VIII", "VII", "VI", "V", "IV", "III", "II", "I"};
    for (size_t i = 0; i < G_N_ELEMENTS(numerals); i++) {
        size_t k = strlen(numerals[i]);
        if (strncmp(s, numerals[i], k) == 0 && (s[k] == 0 || s[k] == '.' || s[k] == ' '))
            return k;
    }
    return 0;
}

static bool is_header(const cell *c, size_t n)
{
    return n >= 2 && kc_report_cells_are_header(c[0].text, c[1].text);
}

static int set_header(builder *b, const cell *c, size_t n, kc_error *err)
{
    kc_report_item *it = add_item(b->r, KC_ITEM_HEADER);
    bool *ev = calloc(n, sizeof *ev);
    if (!it || !ev || !(it->cells = calloc(n, sizeof *it->cells))) {
        free(ev);
        return kc_error_oom(err);
    }
    b->col_unit = -1;
    for (size_t k = 0; k < n; k++) {
        if (!(it->cells[k] = strdup(c[k].text))) {
            free(ev);
            return kc_error_oom(err);
        }
        it->ncells++;
        char *f = kc_text_fold(c[k].text);
        bool unit = f && (strstr(f, "chu tri") || (g_str_has_prefix(f, "don vi") && !strstr(f, "phoi hop")));
        if (k >= 2 && unit && b->col_unit < 0)
            b->col_unit = (int)k;
        else if (k >= 2)
            ev[k] = true;
        free(f);
    }
    it->crit = b->col_unit >= 0 ? (size_t)b->col_unit : SIZE_MAX;
    free(b->evidence_col);
    b->evidence_col = ev;
    b->ncols = n;
    b->have_header = b->in_table = true;
    return 0;
}

static const char *cell_at(const cell *c, size_t n, size_t k)
{
    return k < n ? c[k].text : "";
}

static int add_criterion(builder *b, const cell *c, size_t n, const char *number, kc_error *err)
{
    kc_report *r = b->r;
    GString *ev = g_string_new(NULL);
    kc_criterion *cr;
    size_t ncells = 0;
    int rc = KC_ENOMEM;

    g_array_set_size(r->crit, r->crit->len + 1); /* zeroed; from here crit_clear owns what is allocated */
    cr = &KC_REPORT_CRIT(r, r->crit->len - 1);
    const char *parent = NULL;
    if (!*number && b->last_numbered >= 0)
        parent = KC_REPORT_CRIT(r, b->last_numbered).number;
    /* Every column after the unit is evidence, and so is any column past the
     * header's (a clerk's extra cell is kept, not dropped). */
    const char **cells = calloc(n + 1, sizeof *cells);
    if (!cells)
        goto out;
    cr->cells = cells;
    for (size_t k = 2; k < n; k++) {
        if ((int)k == b->col_unit || (k < b->ncols && !b->evidence_col[k]))
            continue;
        if (!(cells[ncells] = strdup(c[k].text)))
            goto out;
        cr->ncells = ++ncells;
        if (*c[k].text)
            g_string_append_printf(ev, "%s%s", ev->len ? " " : "", c[k].text);
    }
    cr->number = strdup(number);
    cr->key = strdup(*number ? number : parent ? parent : "");
    cr->parent = parent ? strdup(parent) : NULL;
    cr->part = dup0(b->part);
    cr->group = dup0(b->group);
    cr->group_title = dup0(b->group_title);
    cr->subgroup = dup0(b->subgroup);
    cr->name = dup0(cell_at(c, n, 1));
    cr->unit = dup0(b->col_unit >= 0 ? cell_at(c, n, (size_t)b->col_unit) : "");
    cr->evidence = strdup(ev->str);
    cr->line = b->line;
    cr->heading = n > 1 && c[1].bold && !*cr->unit && !*cr->evidence;
    if (!cr->number || !cr->key || (parent && !cr->parent) || !cr->part || !cr->group ||
        !cr->group_title || !cr->subgroup || !cr->name || !cr->unit || !cr->evidence)
        goto out;
    kc_docref_list *refs = NULL;
    if ((rc = kc_docref_parse(&refs, cr->evidence, err)) != 0)
        goto out;
    cr->refs = refs;
    if (*number)
        b->last_numbered = (long)(r->crit->len - 1);
    kc_report_item *it = add_item(r, KC_ITEM_CRITERION);
    if (!it) {
        rc = KC_ENOMEM;
        goto out;
    }
    it->crit = r->crit->len - 1;
    rc = 0;
out:
    g_string_free(ev, TRUE);
    if (rc == KC_ENOMEM)
        kc_error_oom(err);
    return rc;
}

static int set_context(char **slot, const char *text, kc_error *err)
{
    free(*slot);
    if (!(*slot = strdup(text)))
        return kc_error_oom(err);
    return 0;
}

static int add_text_item(builder *b, kc_item_kind kind, const char *label, const char *text, kc_error *err)
{
    kc_report_item *it = add_item(b->r, kind);
    if (!it || !(it->text = strdup(text)) || (label && !(it->label = strdup(label))))
        return kc_error_oom(err);
    return 0;
}

static int table_row(builder *b, const cell *c, size_t n, kc_error *err)
{
    const char *first = c[0].text;
    bool rest_empty = true;
    int rc;

    for (size_t k = 1; k < n; k++)
        rest_empty &= !*c[k].text;
    if (is_header(c, n))
        return set_header(b, c, n, err);
    if (!b->have_header) {
        /* Tabs in the free text before any table (a signature block): text. */
        if (!kc_report_cell_is_number(first) && !roman_len(first))
            return 0;
        b->col_unit = 2;
        b->ncols = 0;
    }
    b->in_table = true;
    if (kc_report_cell_is_number(first)) {
        char *num = strndup(first, strlen(first) - (first[strlen(first) - 1] == '.'));
        if (!num)
            return kc_error_oom(err);
        rc = add_criterion(b, c, n, num, err);
        free(num);
        return rc;
    }
    size_t rl = roman_len(first);
    if (rl && (first[rl] == 0 || first[rl] == '.' || (first[rl] == ' ' && rest_empty))) {
        /* "I  <title>" or "III ĐÁNH GIÁ ..." in one cell. */
        char *label = strndup(first, rl);
        const char *title = first[rl] == 0 || (first[rl] == '.' && !first[rl + 1]) ? cell_at(c, n, 1)
                                                                                 : first + rl + 1;
        while (*title == ' ' || *title == '.')
            title++;
        rc = label ? 0 : kc_error_oom(err);
        if (!rc && !(rc = set_context(&b->group, label, err)) && !(rc = set_context(&b->group_title, title, err)) &&
            !(rc = set_context(&b->subgroup, "", err)))
            rc = add_text_item(b, KC_ITEM_GROUP, label, title, err);
        free(label);
        return rc;
    }
    if (!*first) {
        bool data = false;
        for (size_t k = 2; k < n; k++)
            data |= *c[k].text != 0;
        if (data)
            return add_criterion(b, c, n, "", err);
        if (n > 1 && *c[1].text) {
            if ((rc = set_context(&b->subgroup, c[1].text, err)) != 0)
                return rc;
            return add_text_item(b, KC_ITEM_SUBGROUP, NULL, c[1].text, err);
        }
        return 0;
    }
    if (rest_empty) { /* "<b>Ứng dụng các phần mềm nội bộ cơ bản</b>" in the first column */
        if ((rc = set_context(&b->subgroup, first, err)) != 0)
            return rc;
        return add_text_item(b, KC_ITEM_SUBGROUP, NULL, first, err);
    }
    char *at = where(b);
    rc = kc_error_set(err, KC_EFORMAT, _("%s: %s: '%.40s' is not a criterion number, group or header (the first cell of a table row)"),
                      b->name, at, first);
    g_free(at);
    return rc;
}

/* A markdown bold line "**...**" (a trailing "  " line break allowed): its text. */
static char *bold_line(const char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n < 5 || strncmp(s, "**", 2) != 0 || strncmp(s + n - 2, "**", 2) != 0)
        return NULL;
    return strndup(s + 2, n - 4);
}

static int text_line(builder *b, const char *line, kc_error *err)
{
    bool bold;
    char *plain = kc_report_decode_cell(line, &bold), *title = bold_line(line);
    int rc = 0;

    if (!plain) {
        rc = kc_error_oom(err);
        goto out;
    }
    if (!*plain) {
        b->in_table = false;
        goto out;
    }
    if (title) {
        char *t = kc_report_decode_cell(title, &bold);
        b->in_table = false;
        if (!b->seen_text && b->r->items->len == 0) {
            g_string_append_printf(b->title, "%s%s", b->title->len ? " " : "", t);
        } else {
            /* A new part: the groups of the previous one do not carry over. */
            rc = set_context(&b->part, t, err);
            if (!rc && !(rc = set_context(&b->group, "", err)) && !(rc = set_context(&b->group_title, "", err)) &&
                !(rc = set_context(&b->subgroup, "", err)))
                rc = add_text_item(b, KC_ITEM_PART, NULL, t, err);
        }
        free(t);
        goto out;
    }
    if (b->in_table) {
        char *at = where(b);
        rc = kc_error_set(err, KC_EFORMAT, _("%s: %s: text without tabs inside a table (a row has its cells separated by tabs; leave a blank line after the table)"),
                          b->name, at);
        g_free(at);
        goto out;
    }
    b->seen_text = true;
    rc = add_text_item(b, KC_ITEM_TEXT, NULL, plain, err);
out:
    free(plain);
    free(title);
    return rc;
}

/* One line, without its end of line. */
static int feed(builder *b, char *line, size_t len, kc_error *err)
{
    char *nfc = NULL;
    char **parts = NULL;
    cell *cells = NULL;
    size_t n = 0;
    int rc = 0;

    b->line++;
    if (b->line > MAX_LINES)
        return kc_error_set(err, KC_ELIMIT, _("%s: more than %d lines"), b->name, MAX_LINES);
    if (len && line[len - 1] == '\r')
        line[--len] = 0;
    if (b->line == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0)
        line += 3, len -= 3;
    const char *bad = NULL;
    if (memchr(line, 0, len) || !g_utf8_validate(line, (gssize)len, &bad))
        return kc_error_set(err, KC_EFORMAT, _("%s: line %u: not UTF-8 text (byte %zu)"), b->name, b->line,
                            bad ? (size_t)(bad - line) + 1 : len);
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)line[i] < 0x20 && line[i] != '\t') || line[i] == 0x7F)
            return kc_error_set(err, KC_EFORMAT, _("%s: line %u: control character 0x%02X"), b->name, b->line,
                                (unsigned)(unsigned char)line[i]);
    if (!(nfc = kc_text_nfc(line)))
        return kc_error_oom(err);
    if (!strchr(nfc, '\t')) {
        rc = text_line(b, nfc, err);
        goto out;
    }
    parts = g_strsplit(nfc, "\t", -1);
    n = g_strv_length(parts);
    if (!(cells = calloc(n, sizeof *cells))) {
        rc = kc_error_oom(err);
        goto out;
    }
    for (size_t k = 0; k < n; k++)
        if (!(cells[k].text = kc_report_decode_cell(parts[k], &cells[k].bold))) {
            rc = kc_error_oom(err);
            goto out;
        }
    rc = table_row(b, cells, n, err);
out:
    cells_free(cells, n);
    g_strfreev(parts);
    free(nfc);
    return rc;
}

static int finish(builder *b, kc_report **out, kc_error *err)
{
    if (b->r->crit->len == 0)
        return kc_error_set(err, KC_EFORMAT, _("%s: no criteria table (a header row \"STT<tab>TIÊU CHÍ<tab>...\" and numbered rows)"),
                            b->name);
    if (!(b->r->title = strdup(b->title->str)))
        return kc_error_oom(err);
    *out = b->r;
    b->r = NULL;
    return 0;
}

static void builder_done(builder *b)
{
    kc_report_free(b->r);
    g_string_free(b->title, TRUE);
    free(b->evidence_col);
    free(b->part);
    free(b->group);
    free(b->group_title);
    free(b->subgroup);
}

static int builder_init(builder *b, const char *name, kc_error *err)
{
    memset(b, 0, sizeof *b);
    b->name = name ? name : "report";
    b->last_numbered = -1;
    b->col_unit = -1;
    b->title = g_string_new(NULL);
    if (!(b->r = report_new()) || set_context(&b->part, "", err) || set_context(&b->group, "", err) ||
        set_context(&b->group_title, "", err) || set_context(&b->subgroup, "", err))
        return kc_error_oom(err);
    return 0;
}

int kc_report_parse_file(kc_report **out, const char *path, kc_error *err)
{
    builder b;
    FILE *f = NULL;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int rc;

    if (!out || !path)
        return kc_error_set(err, KC_EINVAL, "%s", _("no report given"));
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        return kc_error_set(err, KC_EIO, _("%s: cannot open: %s"), path, _("not a regular file"));
    if (kc_ooxml_looks_zip(path) || kc_ooxml_looks_ole(path))
        return kc_report_parse_docx(out, path, err); /* by content: a .docx whatever its name */
    if ((rc = kc_ooxml_refuse_pdf(path, "report", err)) != 0)
        return rc;
    if ((rc = builder_init(&b, path, err)) != 0)
        goto out;
    if (!(f = fopen(path, "rb"))) {
        rc = kc_error_set(err, KC_EIO, _("%s: cannot open: %s"), path, g_strerror(errno));
        goto out;
    }
    while ((len = getline(&line, &cap, f)) >= 0) {
        if (len > MAX_LINE) {
            rc = kc_error_set(err, KC_ELIMIT, _("%s: line %u: longer than %d bytes"), path, b.line + 1, MAX_LINE);
            goto out;
        }
        if (len && line[len - 1] == '\n')
            line[--len] = 0;
        if ((rc = feed(&b, line, (size_t)len, err)) != 0)
            goto out;
    }
    if (ferror(f)) {
        rc = kc_error_set(err, KC_EIO, _("%s: read error"), path);
        goto out;
    }
    rc = finish(&b, out, err);
out:
    if (f)
        fclose(f);
    free(line);
    builder_done(&b);
    return rc;
}

int kc_report_parse_buffer(kc_report **out, const char *data, size_t len, const char *name, kc_error *err)
{
    return kc_report_parse_text(out, data, len, name, NULL, 0, err);
}

int kc_report_parse_text(kc_report **out, const char *data, size_t len, const char *name, char *const *places,
                         size_t nplaces, kc_error *err)
{
    builder b;
    char *line = NULL;
    int rc;

    if (!out || (!data && len))
        return kc_error_set(err, KC_EINVAL, "%s", _("no report given"));
    if ((rc = builder_init(&b, name, err)) != 0)
        goto out;
    b.places = places;
    b.nplaces = nplaces;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t ll = nl ? (size_t)(nl - (data + pos)) : len - pos;
        if (ll > MAX_LINE) {
            rc = kc_error_set(err, KC_ELIMIT, _("%s: line %u: longer than %d bytes"), b.name, b.line + 1, MAX_LINE);
            goto out;
        }
        free(line);
        /* memcpy, not strndup: a NUL inside the line must reach feed() to be refused. */
        if ((line = malloc(ll + 1)) != NULL) {
            memcpy(line, data + pos, ll);
            line[ll] = 0;
        }
        if (!line) {
            rc = kc_error_oom(err);
            goto out;
        }
        if ((rc = feed(&b, line, ll, err)) != 0)
            goto out;
        pos += ll + 1;
    }
    rc = finish(&b, out, err);
out:
    free(line);
    builder_done(&b);
    return rc;
}

const char *kc_report_title(const kc_report *r)
{
    return r && r->title ? r->title : "";
}

size_t kc_report_count(const kc_report *r)
{
    return r ? r->crit->len : 0;
}

const kc_criterion *kc_report_get(const kc_report *r, size_t i)
{
    return r && i < r->crit->len ? &KC_REPORT_CRIT(r, i) : NULL;
}

const kc_criterion *kc_report_find(const kc_report *r, const char *number)
{
    for (size_t i = 0; r && number && i < r->crit->len; i++)
        if (strcmp(KC_REPORT_CRIT(r, i).number, number) == 0)
            return &KC_REPORT_CRIT(r, i);
    for (size_t i = 0; r && number && i < r->crit->len; i++)
        if (strcmp(KC_REPORT_CRIT(r, i).key, number) == 0)
            return &KC_REPORT_CRIT(r, i);
    return NULL;
}
