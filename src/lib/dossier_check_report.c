/* dossier_check_report.c: the commune's report inside a dossier being
 * checked (rtzip9).  A dossier holds its report up to three times: report.txt
 * (the text form, which `list --report`, lint and review read: criteria
 * 20-22's claims come from it), each criterion's cell copied into
 * dossier.json as "claimed" (which index.html shows the reviewer in a
 * browser), and with a Word report, report.docx as handed in (what Word
 * shows).  kiemchung writes the three from one reading; a dossier whose
 * report.docx claimed 652/652 and 100% where report.txt and the page said
 * 650/652 and 99,7% (or whose report.txt said otherwise than the page) was
 * sealed by the commune and checked ok, so the district read one figure and
 * kiemchung vouched for another.  Part of kc_dossier_check (dossier_check.c),
 * whose state it shares through dossier_check.h. */
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dossier_check.h"
#include "dossier_model.h"
#include "i18n.h"
#include "json_lib.h"
#include "kiemchung/report.h"
#include "report_internal.h"
#include "util.h"
#include "zipio.h"

#define problemf(c, ...) kc_zr_problemf(kc_check_add_internal, (c), __VA_ARGS__)

/* criterion key and number → the non-empty claims of its rows, in order */
static void add_claim(GHashTable *t, const char *key, const char *number, const char *claimed)
{
    if (!claimed || !*claimed)
        return;
    char *tag = g_strconcat(key, "\n", number ? number : "", NULL);
    GPtrArray *a = g_hash_table_lookup(t, tag);
    if (!a) {
        a = g_ptr_array_new();
        g_hash_table_insert(t, tag, a);
    } else {
        g_free(tag);
    }
    g_ptr_array_add(a, (gpointer)claimed);
}

static GHashTable *claims_new(void)
{
    return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
}

/* The first claim of `a` (at key and number `tag`) that `b` does not make
 * alike, into *ours and *theirs ("" when one side has none); false when
 * they agree. */
static bool first_difference(GHashTable *a, GHashTable *b, const char **tag, const char **ours, const char **theirs)
{
    GHashTableIter it;
    gpointer k, v;
    const char *best = NULL;
    g_hash_table_iter_init(&it, a);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        GPtrArray *x = v, *y = g_hash_table_lookup(b, k);
        for (guint i = 0; i < x->len || (y && i < y->len); i++) {
            const char *p = i < x->len ? x->pdata[i] : "", *q = y && i < y->len ? y->pdata[i] : "";
            if (strcmp(p, q) == 0)
                continue;
            if (!best || strcmp(k, best) < 0) { /* the same criterion named whatever the table's order */
                best = k;
                *ours = p;
                *theirs = q;
            }
            break;
        }
    }
    *tag = best;
    return best != NULL;
}

/* report.txt's claims against dossier.json's, criterion by criterion. */
static void same_claims(check_ctx *x, const kc_dossier *d, const kc_report *rep)
{
    GHashTable *in_report = claims_new(), *in_json = claims_new();
    for (size_t i = 0; i < kc_report_count(rep); i++) {
        const kc_criterion *c = kc_report_get(rep, i);
        char *k = kc_dm_key(c->key);
        if (k) /* ingest describes no row it cannot number */
            add_claim(in_report, k, c->number, c->evidence);
        free(k);
    }
    for (size_t i = 0; i < d->crit->len; i++)
        add_claim(in_json, KC_DM_CRIT(d, i).pub.key, KC_DM_CRIT(d, i).pub.number, KC_DM_CRIT(d, i).pub.claimed);
    const char *tag = NULL, *said = NULL, *shown = NULL;
    bool differ = first_difference(in_report, in_json, &tag, &said, &shown);
    if (!differ && first_difference(in_json, in_report, &tag, &shown, &said))
        differ = true;
    if (differ) {
        const char *nl = strchr(tag, '\n');
        char *number = nl && nl[1] ? g_strdup(nl + 1) : g_strndup(tag, nl ? (gsize)(nl - tag) : strlen(tag));
        problemf(x->c, KC_REPORT_ENTRY, "report",
                 _("report.txt: criterion %s says \"%s\" where dossier.json and index.html say \"%s\": list --report, "
                   "lint and review read the one, the reviewer's browser shows the other"),
                 number, said, shown);
        g_free(number);
    }
    g_hash_table_destroy(in_report);
    g_hash_table_destroy(in_json);
}

/* review32: a row of dossier.json that no row of report.txt was paired with
 * (seen: how many report rows each key and number had) carries no figures or
 * documents of its own: only a claim gives them, and ingest keeps none for a
 * criterion the report does not have.  Criterion 34 a second time, without a
 * claim, its "references" 652/652 and 100%, sealed by the commune, checked ok
 * while a reader keying the criteria by "key" (the last row wins) read 100%. */
static void unpaired_references(check_ctx *x, const kc_dossier *d, GHashTable *seen)
{
    GHashTable *met = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (size_t j = 0; j < d->crit->len; j++) {
        const kc_dm_crit *dc = &KC_DM_CRIT(d, j);
        const char *number = dc->pub.number ? dc->pub.number : "";
        char *tag = g_strconcat(dc->pub.key, "\n", number, NULL);
        guint nth = GPOINTER_TO_UINT(g_hash_table_lookup(met, tag));
        bool paired = nth < GPOINTER_TO_UINT(g_hash_table_lookup(seen, tag));
        g_hash_table_insert(met, tag, GUINT_TO_POINTER(nth + 1));
        /* none, or an empty list, is what ingest writes for such a row */
        if (!paired && dc->detail && !kc_json_member_same("{\"references\": []}", dc->detail, "references", true)) {
            problemf(x->c, "dossier.json", "report",
                     _("dossier.json: criterion %s: a row report.txt does not have carries \"references\" (the figures and "
                       "documents JSON readers read), which only a claim of the report gives: a reader that keys the "
                       "criteria by \"key\" reads them in place of the report's"),
                     *number ? number : dc->pub.key);
            break;
        }
    }
    g_hash_table_destroy(met);
}

/* rtzip11: the figures and references ingest parsed from each claim, which
 * dossier.json gives JSON readers (criterion 34's ratio as numerator 650,
 * denominator 652), must be those report.txt's claim reads as: a dossier
 * sealed by the commune whose criterion 34 said 650/652 and 99,7% in its
 * claim, report.txt and page, and numerator 652 and 100 per cent in its
 * "references", checked ok, so a reader of the figures read 100%.  Rows are
 * paired by key and number, in order; a row without "references" is not
 * compared. */
/* rtzip12: a row that needs no evidence (a heading) is a row the report reads
 * as one.  "heading" was never compared: a dossier sealed by the commune whose
 * 21 criteria without evidence were marked headings ("without_evidence"
 * emptied as kiemchung writes it from them, the page made again) checked ok
 * while index.html, list and the desk named no criterion without evidence.
 * A row marked so is flagged once; the other way (a heading shown as a
 * criterion without evidence) hides nothing. */
static bool heading_not_in_report(check_ctx *x, const kc_dm_crit *row, const kc_criterion *c)
{
    if (!row || !row->pub.heading || c->heading)
        return false;
    problemf(x->c, "dossier.json", "report",
             _("dossier.json: criterion %s is marked a heading, a row that needs no evidence, where report.txt reads "
               "it as a criterion (\"%s\"): index.html, list and the desk leave it out of the criteria without "
               "evidence"),
             c->number && *c->number ? c->number : c->key, c->evidence ? c->evidence : "");
    return true;
}

/* rtzip12: every row of the report that ingest describes has its row in
 * dossier.json (ingest never drops one; an update keeps them).  A row without
 * a claim was compared with nothing: criterion 36, claimless and without
 * evidence, taken out of dossier.json (and "without_evidence"), the page made
 * again and sealed by the commune, checked ok while index.html, list and the
 * desk showed no criterion 36 at all, so none without evidence there. */
static bool row_left_out(check_ctx *x, const kc_dm_crit *row, const kc_criterion *c)
{
    if (row)
        return false;
    problemf(x->c, "dossier.json", "report",
             _("dossier.json: has no row for criterion %s of report.txt (\"%s\"): index.html, list and the desk do "
               "not show it, nor that it has no evidence"),
             c->number && *c->number ? c->number : c->key, c->name ? c->name : "");
    return true;
}

/* The member `member` of the JSON object `json` as JSON text ("null" when
 * it has none), for a message (g_free). */
static char *member_shown(const char *json, const char *member)
{
    JsonNode *root = json_from_string(json ? json : "{}", NULL);
    JsonObject *o = root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
    JsonNode *m = o ? json_object_get_member(o, member) : NULL;
    char *text = m ? kc_json_text(json_node_copy(m), false) : NULL;
    char *shown = g_strdup(text ? text : "null");
    free(text);
    if (root)
        json_node_unref(root);
    return shown;
}

/* rtzip14: the catalog's description of the report row c, as an update by a
 * kiemchung before rtzip13 wrote it (kc_dm_catalog_detail: its part, group,
 * group title and expects), when `detail` is one: it bears that catalog's
 * expects for c's number, and dossier.json names that catalog (its "# name:"
 * line, which that update wrote).  NULL (no catalog given, another catalog, a
 * row the catalog does not have, other expects) otherwise; *entry is the
 * catalog's row.  g_free. */
static char *catalog_detail(const check_ctx *x, const kc_dossier *d, const kc_criterion *c, const char *detail,
                            const kc_catalog_entry **entry)
{
    char expects[128];
    const kc_catalog_entry *e = x->catalog && c->number && *c->number ? kc_catalog_find(x->catalog, c->number) : NULL;
    *entry = NULL;
    if (!e || g_strcmp0(d->catalog_name, kc_catalog_name(x->catalog)) != 0)
        return NULL;
    char *want = kc_dm_catalog_detail(e->part, e->group, e->group_title,
                                      kc_catalog_expects_format(e->expects, expects, sizeof expects));
    if (!want || !kc_json_member_same(want, detail, "expects", false)) {
        free(want);
        return NULL;
    }
    *entry = e;
    return want;
}

/* rtzip13: the rest of a row's description is what report.txt's row says
 * too: its name (which index.html, list and the desk show beside the claim),
 * and the members ingest copies from the report (the unit responsible, the
 * part and group it is scored in, its line).  Never compared before: a dossier
 * sealed by the commune whose criterion 36 (antivirus software, claim "Đã
 * đăng ký nhưng bộ phận cung cấp dịch vụ chưa lắp đặt") was named "Đăng ký sử
 * dụng phần mềm diệt virus có bản quyền" and its unit the provider's, the page
 * made again, checked ok: the page read the claim as the criterion met, and
 * another's to answer for.  `want` is the row's detail as ingest writes it. */
static bool description_differs(check_ctx *x, const kc_dossier *d, const kc_dm_crit *row, const kc_criterion *c,
                                 const char *want)
{
    static const char *const members[] = {"unit", "part", "group", "group_title", "subgroup", "parent", "line", NULL};
    const char *number = c->number && *c->number ? c->number : c->key, *detail = row->detail ? row->detail : "{}";
    /* The catalog's mark ("expects"): an update by a kiemchung before rtzip13
     * described the report's rows by the catalog (its name, part, group and
     * group title; no unit, line or figures), and dossiers so made were
     * sealed.  rtzip14: such a row keeps checking when its name, part and
     * groups are each the report's or the catalog's for the same criterion
     * number (the official wording that update wrote, from the catalog the
     * dossier names, the row bearing its expects): so the mark lets a row take
     * no words but those two sources'.  A caller that has no catalog (or
     * not the dossier's: `index DOSSIER.zip`, the desk's overview) reads a
     * marked row's part and groups not at all, as rtzip13 did.  A member only
     * the report gives may be absent, and else must be the report's. */
    bool catalog = !kc_json_member_same("{}", detail, "expects", false);
    const kc_catalog_entry *entry = NULL;
    char *official = catalog ? catalog_detail(x, d, c, detail, &entry) : NULL;
    bool reports_name = g_strcmp0(row->pub.name, c->name ? c->name : "") == 0, differs = true;
    /* a catalog this check does not have: its words cannot be told; say what mends the name */
    bool unknown = catalog && d->catalog_name &&
                   (!x->catalog || strcmp(d->catalog_name, kc_catalog_name(x->catalog)) != 0);
    /* a mark that is not the catalog's own for this number, or in a dossier
     * naming no catalog (that update named the one it used), was written by
     * no update: the row is held to the report whole (its unit, line and
     * parent may not be left out either) */
    catalog = catalog && (official || unknown);
    if (!reports_name && !(entry && g_strcmp0(row->pub.name, entry->name) == 0)) {
        if (unknown)
            problemf(x->c, "dossier.json", "report",
                     _("dossier.json: criterion %s is named \"%s\" by the criteria catalog where report.txt (line %u) "
                       "names it \"%s\", as an update by an older kiemchung wrote it: kiemchung ingest --update "
                       "describes it by its report again (then seal it again)"),
                     number, row->pub.name, c->line, c->name ? c->name : "");
        else
            problemf(x->c, "dossier.json", "report",
                     _("dossier.json: criterion %s is named \"%s\" where report.txt (line %u) names it \"%s\": "
                       "index.html, list and the desk show the one, list --report, lint and review read the other"),
                     number, row->pub.name, c->line, c->name ? c->name : "");
        goto out;
    }
    for (size_t k = 0; members[k]; k++) {
        bool catalogs = k >= 1 && k <= 3; /* part, group, group_title */
        if ((catalogs && unknown) || kc_json_member_same(want, detail, members[k], catalog && !catalogs) ||
            (catalogs && official && kc_json_member_same(official, detail, members[k], false)))
            continue;
        char *said = member_shown(want, members[k]), *shown = member_shown(detail, members[k]);
        problemf(x->c, "dossier.json", "report",
                 _("dossier.json: criterion %s: its \"%s\" is %s where report.txt (line %u) says %s: list --json and "
                   "JSON readers read the one, list --report, lint and review read the other"),
                 number, members[k], shown, c->line, said);
        g_free(said);
        g_free(shown);
        goto out;
    }
    differs = false;
out:
    free(official);
    return differs;
}

static void same_references(check_ctx *x, const kc_dossier *d, const kc_report *rep)
{
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    bool differ = false, heading = false, left_out = false, described = false;
    for (size_t i = 0; i < kc_report_count(rep); i++) {
        const kc_criterion *c = kc_report_get(rep, i);
        char *k = kc_dm_key(c->key);
        if (!k)
            continue;
        char *tag = g_strconcat(k, "\n", c->number ? c->number : "", NULL);
        guint nth = GPOINTER_TO_UINT(g_hash_table_lookup(seen, tag)), met = 0;
        const kc_dm_crit *row = NULL;
        for (size_t j = 0; j < d->crit->len && !row; j++) {
            const kc_dm_crit *dc = &KC_DM_CRIT(d, j);
            if (strcmp(dc->pub.key, k) == 0 && g_strcmp0(dc->pub.number, c->number ? c->number : "") == 0 &&
                met++ == nth)
                row = dc;
        }
        g_hash_table_insert(seen, tag, GUINT_TO_POINTER(nth + 1));
        if (!heading)
            heading = heading_not_in_report(x, row, c);
        if (!left_out)
            left_out = row_left_out(x, row, c);
        char *want = row ? kc_report_criterion_detail(c) : NULL;
        /* none at all (an update by a kiemchung before rtzip13 kept the claims, not their figures) is no misreading
         * of them; description_differs names such a row */
        differ = want && !kc_json_member_same(want, row->detail ? row->detail : "{}", "references", true);
        if (want && !differ && !described)
            described = description_differs(x, d, row, c, want);
        free(want);
        free(k);
        if (differ) {
            problemf(x->c, "dossier.json", "report",
                     _("dossier.json: criterion %s: its \"references\" (the figures and documents JSON readers read) are "
                       "not what its claim \"%s\" reads as: index.html, list --report, lint and review read the claim"),
                     c->number && *c->number ? c->number : c->key, c->evidence ? c->evidence : "");
            break;
        }
    }
    if (!differ)
        unpaired_references(x, d, seen);
    g_hash_table_destroy(seen);
}

/* The 1-based line where two texts first differ. */
static size_t first_other_line(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t line = 1;
    for (size_t i = 0; i < alen && i < blen && a[i] == b[i]; i++)
        line += a[i] == '\n';
    return line;
}

/* report.docx read now as ingest read it: its text form must be report.txt. */
static void same_docx(check_ctx *x, const char *text, size_t len)
{
    int64_t at = kc_zr_find(x->zr, KC_REPORT_DOCX_ENTRY);
    char *docx = NULL, *tmp = NULL, *again = NULL;
    size_t dlen = 0, alen = 0;
    bool converted = false;
    kc_error e = {0};
    if (at < 0)
        return;
    if (kc_zr_read_all(&docx, &dlen, x->zr, (size_t)at, KC_TAG_MAX, &e) != 0)
        return; /* the tag manifest and the hashing say why */
    /* the Word reader reads a file (libzip), as ingest read the one handed in */
    int fd = g_file_open_tmp("kiemchung-report-XXXXXX.docx", &tmp, NULL);
    if (fd < 0 || kc_write_all(fd, docx, dlen) != 0) {
        problemf(x->c, KC_REPORT_DOCX_ENTRY, "report", "%s",
                 _("report.docx: cannot be compared with report.txt (no temporary file)"));
        goto out;
    }
    if (kc_report_read_text(&again, &alen, &converted, tmp, &e) != 0 || !converted)
        problemf(x->c, KC_REPORT_DOCX_ENTRY, "report",
                 _("report.docx: not a Word report kiemchung reads (%s), so not the report report.txt is the text of"),
                 e.message[0] ? e.message : "?");
    else if (alen != len || memcmp(again, text, len) != 0)
        problemf(x->c, KC_REPORT_DOCX_ENTRY, "report",
                 _("report.docx: Word shows another report than report.txt, from line %zu of report.txt on: the "
                   "reviewer reads the one in Word, list --report, lint and review read the other"),
                 first_other_line(text, len, again, alen));
out:
    if (fd >= 0)
        close(fd);
    if (tmp)
        g_unlink(tmp);
    g_free(tmp);
    free(again);
    free(docx);
}

/* review32: a dossier without report.txt names no report and holds no claim
 * and no figures, as ingest writes one made without a report: report.txt
 * taken out of a dossier sealed by the commune (its name left in dossier.json,
 * or emptied and the page made again), criterion 34's "references" saying
 * 652/652 and 100% beside its claim of 650/652 and 99,7%, was compared with
 * nothing and checked ok. */
static void claims_without_report(check_ctx *x, const kc_dossier *d)
{
    if (d->report_name) {
        problemf(x->c, "dossier.json", "report",
                 _("dossier.json: names the report %s, which the dossier does not hold (report.txt): its claims and "
                   "their figures are compared with nothing"),
                 d->report_name);
        return;
    }
    for (size_t i = 0; i < d->crit->len; i++) {
        const kc_dm_crit *c = &KC_DM_CRIT(d, i);
        if ((c->pub.claimed && *c->pub.claimed) ||
            (c->detail && !kc_json_member_same("{\"references\": []}", c->detail, "references", true))) {
            problemf(x->c, "dossier.json", "report",
                     _("dossier.json: criterion %s: a claim or \"references\" without report.txt, the report they come "
                       "from: kiemchung writes them only from a report it keeps in the dossier"),
                     c->pub.number && *c->pub.number ? c->pub.number : c->pub.key);
            return;
        }
    }
}

void kc_check_report(check_ctx *x, const kc_dossier *d)
{
    int64_t at = kc_zr_find(x->zr, KC_REPORT_ENTRY);
    char *text = NULL;
    size_t len = 0;
    kc_report *rep = NULL;
    kc_error e = {0};
    if (at < 0) {
        if (kc_zr_find(x->zr, KC_REPORT_DOCX_ENTRY) >= 0)
            problemf(x->c, KC_REPORT_DOCX_ENTRY, "report", "%s",
                     _("report.docx without report.txt: kiemchung always writes its text form beside it"));
        else
            claims_without_report(x, d);
        return;
    }
    if (kc_zr_read_all(&text, &len, x->zr, (size_t)at, KC_TAG_MAX, &e) != 0)
        return; /* the tag manifest and the hashing say why */
    if (kc_report_parse_buffer(&rep, text, len, KC_REPORT_ENTRY, &e) != 0)
        problemf(x->c, KC_REPORT_ENTRY, "report", _("report.txt: not a report kiemchung reads: %s"), e.message);
    else {
        same_claims(x, d, rep);
        same_references(x, d, rep);
    }
    same_docx(x, text, len);
    kc_report_free(rep);
    free(text);
}
