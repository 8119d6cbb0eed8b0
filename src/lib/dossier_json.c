/* dossier_json.c: dossier.json, the machine-readable half of a dossier:
 * criteria → evidence (with the report's references and claimed figures),
 * and every payload file with its size, SHA-256 and the criteria citing it.
 *
 * json-glib stays in this file.  The output is pretty-printed with members
 * in a fixed order, so the same dossier always gives the same bytes. */
#include "json_lib.h"
#include <stdlib.h>
#include <string.h>

#include "dossier_model.h"
#include "i18n.h"
#include "json_strict.h"
#include "kc_config.h"
#include "util.h"

/* Members this file writes itself; a report's own members of those names are
 * not copied over them ("evidence" in the report's JSON is the cell text,
 * which dossier.json calls "claimed"). */
static bool own_member(const char *name)
{
    static const char *const own[] = {"key", "number", "name", "claimed", "heading", "evidence"};
    for (size_t i = 0; i < G_N_ELEMENTS(own); i++)
        if (strcmp(name, own[i]) == 0)
            return true;
    return false;
}

/* dossier.json has "" where a value is missing. */
static void add_str(JsonBuilder *b, const char *member, const char *value)
{
    kc_json_add_str(b, member, value ? value : "");
}

static void add_criterion(JsonBuilder *b, const kc_dossier *d, const kc_dm_crit *c)
{
    json_builder_begin_object(b);
    add_str(b, "key", c->pub.key);
    add_str(b, "number", c->pub.number);
    add_str(b, "name", c->pub.name);
    add_str(b, "claimed", c->pub.claimed);
    json_builder_set_member_name(b, "heading");
    json_builder_add_boolean_value(b, c->pub.heading);
    if (c->detail) {
        JsonNode *node = json_from_string(c->detail, NULL);
        if (node && JSON_NODE_HOLDS_OBJECT(node)) {
            JsonObject *o = json_node_get_object(node);
            GList *members = json_object_get_members(o);
            for (GList *m = members; m; m = m->next) {
                if (own_member(m->data))
                    continue;
                json_builder_set_member_name(b, m->data);
                json_builder_add_value(b, json_node_copy(json_object_get_member(o, m->data)));
            }
            g_list_free(members);
        }
        if (node)
            json_node_unref(node);
    }
    json_builder_set_member_name(b, "evidence");
    json_builder_begin_array(b);
    for (size_t i = 0; i < c->pub.nevidence; i++) {
        const kc_evidence *e = &c->pub.evidence[i];
        json_builder_begin_object(b);
        add_str(b, "file", KC_DM_FILE(d, e->file).pub.path);
        add_str(b, "reference", e->reference);
        add_str(b, "kind", e->kind);
        add_str(b, "note", e->note);
        add_str(b, "via", e->via);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
}

static void add_file(JsonBuilder *b, const kc_dossier *d, size_t i)
{
    const kc_dm_file *f = &KC_DM_FILE(d, i);
    json_builder_begin_object(b);
    add_str(b, "path", f->pub.path);
    add_str(b, "name", f->pub.name);
    json_builder_set_member_name(b, "size");
    json_builder_add_int_value(b, (gint64)f->pub.size);
    add_str(b, "sha256", f->hex);
    add_str(b, "media_type", f->pub.media_type);
    json_builder_set_member_name(b, "criteria");
    json_builder_begin_array(b);
    for (size_t c = 0; c < d->crit->len; c++)
        for (size_t e = 0; e < KC_DM_CRIT(d, c).pub.nevidence; e++)
            if (KC_DM_CRIT(d, c).pub.evidence[e].file == i) {
                json_builder_add_string_value(b, KC_DM_CRIT(d, c).pub.key);
                break;
            }
    json_builder_end_array(b);
    if (f->aliases && f->aliases->len) {
        json_builder_set_member_name(b, "also_named");
        json_builder_begin_array(b);
        for (guint a = 0; a < f->aliases->len; a++)
            json_builder_add_string_value(b, f->aliases->pdata[a]);
        json_builder_end_array(b);
    }
    json_builder_end_object(b);
}

int kc_dm_to_json(kc_dossier *d, char **out, size_t *len, kc_error *err)
{
    JsonBuilder *b = json_builder_new();
    char *text;

    json_builder_begin_object(b);
    add_str(b, "format", KC_DOSSIER_FORMAT);
    json_builder_set_member_name(b, "format_version");
    json_builder_add_int_value(b, KC_DOSSIER_FORMAT_VERSION);
    add_str(b, "generator", "kiemchung " KC_VERSION);
    if (d->meta.commune)
        add_str(b, "commune", d->meta.commune);
    if (d->meta.district)
        add_str(b, "district", d->meta.district);
    if (d->meta.province)
        add_str(b, "province", d->meta.province);
    if (d->meta.year) {
        json_builder_set_member_name(b, "year");
        json_builder_add_int_value(b, d->meta.year);
    }
    add_str(b, "date", d->date);
    if (d->catalog_name)
        add_str(b, "catalog", d->catalog_name);
    if (d->report_name) {
        json_builder_set_member_name(b, "report");
        json_builder_begin_object(b);
        add_str(b, "file", KC_REPORT_ENTRY);
        add_str(b, "name", d->report_name);
        if (d->report_docx_src || d->report_docx_old)
            add_str(b, "original", KC_REPORT_DOCX_ENTRY);
        json_builder_end_object(b);
    }
    json_builder_set_member_name(b, "criteria");
    json_builder_begin_array(b);
    for (size_t i = 0; i < d->crit->len; i++)
        add_criterion(b, d, &KC_DM_CRIT(d, i));
    json_builder_end_array(b);
    json_builder_set_member_name(b, "files");
    json_builder_begin_array(b);
    for (size_t i = 0; i < d->files->len; i++)
        add_file(b, d, i);
    json_builder_end_array(b);
    json_builder_set_member_name(b, "without_evidence");
    json_builder_begin_array(b);
    for (size_t i = 0; i < d->crit->len; i++)
        if (!KC_DM_CRIT(d, i).pub.nevidence && kc_dm_crit_needs_evidence(d, i))
            json_builder_add_string_value(b, KC_DM_CRIT(d, i).pub.key);
    json_builder_end_array(b);
    json_builder_set_member_name(b, "unfiled");
    json_builder_begin_array(b);
    for (size_t i = 0; i < d->files->len; i++)
        if (!KC_DM_FILE(d, i).pub.ncitations)
            json_builder_add_string_value(b, KC_DM_FILE(d, i).pub.path);
    json_builder_end_array(b);
    json_builder_end_object(b);
    text = kc_json_finish(b, true);
    if (!text)
        return kc_error_oom(err);
    /* A final newline, like every other tag file. */
    free(d->json);
    d->json = g_strconcat(text, "\n", NULL);
    g_free(text);
    *out = g_strdup(d->json);
    *len = strlen(d->json);
    return 0;
}

char *kc_dm_catalog_detail(const char *part, const char *group, const char *group_title,
                           const char *expects)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    add_str(b, "part", part);
    add_str(b, "group", group);
    add_str(b, "group_title", group_title);
    add_str(b, "expects", expects);
    json_builder_end_object(b);
    return kc_json_finish(b, false);
}

/* ---- reading ------------------------------------------------------------------- */

static const char *get_str(JsonObject *o, const char *member)
{
    JsonNode *n = json_object_get_member(o, member);
    return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING
               ? json_node_get_string(n) : NULL;
}

/* Type-checked getters: json-glib's own warn on stderr for the wrong type,
 * and dossier.json comes from outside. */
static JsonArray *get_array(JsonObject *o, const char *member)
{
    JsonNode *n = o ? json_object_get_member(o, member) : NULL;
    return n && JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;
}

static JsonObject *get_object(JsonObject *o, const char *member)
{
    JsonNode *n = o ? json_object_get_member(o, member) : NULL;
    return n && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

static gint64 get_int(JsonObject *o, const char *member)
{
    JsonNode *n = o ? json_object_get_member(o, member) : NULL;
    return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_INT64 ? json_node_get_int(n) : 0;
}

static bool get_bool(JsonObject *o, const char *member)
{
    JsonNode *n = o ? json_object_get_member(o, member) : NULL;
    return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_BOOLEAN && json_node_get_boolean(n);
}

static const char *array_str(JsonArray *a, guint i)
{
    JsonNode *n = json_array_get_element(a, i);
    return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING ? json_node_get_string(n) : NULL;
}

static char *object_without_own(JsonObject *o)
{
    JsonObject *copy = json_object_new();
    JsonNode *node = json_node_new(JSON_NODE_OBJECT);
    GList *members = json_object_get_members(o);
    for (GList *m = members; m; m = m->next)
        if (!own_member(m->data))
            json_object_set_member(copy, m->data, json_node_copy(json_object_get_member(o, m->data)));
    g_list_free(members);
    json_node_take_object(node, copy);
    return kc_json_text(node, false);
}

static int read_files(kc_dossier *d, JsonArray *files, kc_error *err)
{
    for (guint i = 0; i < json_array_get_length(files); i++) {
        JsonNode *n = json_array_get_element(files, i);
        JsonObject *o = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
        const char *path = o ? get_str(o, "path") : NULL, *sha = o ? get_str(o, "sha256") : NULL;
        size_t idx;
        if (!path || strncmp(path, "data/", 5) != 0 || !sha || kc_dm_find_path(d, path) >= 0)
            return kc_error_set(err, KC_EFORMAT, _("dossier.json: file %u has no path under data/, no sha256, or a repeated path"), i + 1);
        if (kc_dm_file_add_stored(d, &idx, path, get_str(o, "name"),
                                  (uint64_t)get_int(o, "size"), sha) != 0)
            return kc_error_set(err, KC_EFORMAT, _("dossier.json: %s: bad sha256"), path);
        JsonArray *also = get_array(o, "also_named");
        for (guint a = 0; also && a < json_array_get_length(also); a++)
            if (array_str(also, a) && kc_dm_add_alias(&KC_DM_FILE(d, idx), array_str(also, a)) != 0)
                return kc_error_oom(err);
    }
    return 0;
}

static int read_criteria(kc_dossier *d, JsonArray *crit, kc_error *err)
{
    for (guint i = 0; i < json_array_get_length(crit); i++) {
        JsonNode *n = json_array_get_element(crit, i);
        JsonObject *o = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
        const char *key = o ? get_str(o, "key") : NULL;
        kc_dm_crit *c;
        if (!key || !*key)
            return kc_error_set(err, KC_EFORMAT, _("dossier.json: criterion %u has no key"), i + 1);
        char *detail = object_without_own(o);
        if (!(c = kc_dm_crit_new(d, key)) ||
            kc_dm_crit_describe(c, get_str(o, "number"), get_str(o, "name"), get_str(o, "claimed"),
                                get_bool(o, "heading"),
                                strcmp(detail, "{}") ? detail : NULL, (int)i) != 0) {
            g_free(detail);
            return kc_error_oom(err);
        }
        g_free(detail);
        JsonArray *ev = get_array(o, "evidence");
        for (guint e = 0; ev && e < json_array_get_length(ev); e++) {
            JsonNode *en = json_array_get_element(ev, e);
            JsonObject *eo = JSON_NODE_HOLDS_OBJECT(en) ? json_node_get_object(en) : NULL;
            const char *file = eo ? get_str(eo, "file") : NULL;
            int64_t idx = file ? kc_dm_find_path(d, file) : -1;
            if (idx < 0)
                return kc_error_set(err, KC_EFORMAT, _("dossier.json: criterion %s cites \"%s\", which is not among its files"),
                                    key, file ? file : "?");
            kc_citation cite = {key, get_str(eo, "reference"), get_str(eo, "kind"), get_str(eo, "note"), get_str(eo, "via")};
            if (kc_dm_cite(d, c, (size_t)idx, &cite) != 0)
                return kc_error_oom(err);
        }
    }
    return 0;
}

/* ---- what kiemchung writes and reads no further (rtzip11) ------------------------- */

/* The members dossier.json has ever had at its top.  `list --json` writes
 * them after its check, as "checked", and json-glib's builder kept the
 * dossier's own "checked" in place of the check's: a dossier whose seal was
 * broken and whose dossier.json said {"checked": {"ok": true, …}} came out of
 * list --json "ok", its seal "valid", for Python and jq. */
static const char *const top_members[] = {"format", "format_version", "generator", "commune", "district",
                                          "province", "year", "date", "catalog", "report", "criteria",
                                          "files", "without_evidence", "unfiled"};

static bool strings_are(JsonNode *n, GPtrArray *want)
{
    JsonArray *a = n && JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;
    if (!a || json_array_get_length(a) != want->len)
        return false;
    for (guint i = 0; i < want->len; i++)
        if (g_strcmp0(array_str(a, i), want->pdata[i]) != 0)
            return false;
    return true;
}

static int not_derived(const char *member, kc_error *err)
{
    return kc_error_set(err, KC_EFORMAT,
                        _("dossier.json: %s is not what kiemchung writes from the criteria and files it describes: a "
                          "JSON reader reads it, while kiemchung, index.html and list read the criteria's evidence"),
                        member);
}

/* "without_evidence", "unfiled" and each file's "criteria" are written from
 * the criteria's evidence and never read back, so a dossier sealed with them
 * emptied told a JSON reader that every criterion had its evidence while
 * index.html listed 21 without: each must be what kiemchung writes, when
 * present (kiemchung always writes them). */
static int check_derived(const kc_dossier *d, JsonObject *root, JsonArray *files, kc_error *err)
{
    GPtrArray *want = g_ptr_array_new();
    int rc = 0;
    GList *members = json_object_get_members(root);
    for (GList *m = members; m && rc == 0; m = m->next) {
        size_t k = 0;
        while (k < G_N_ELEMENTS(top_members) && strcmp(m->data, top_members[k]) != 0)
            k++;
        if (k == G_N_ELEMENTS(top_members))
            rc = kc_error_set(err, KC_EFORMAT,
                              _("dossier.json: a member \"%s\" that kiemchung never writes: list --json writes the "
                                "dossier's members after its own check (\"checked\"), and a JSON reader takes it for "
                                "the dossier's word, which no check reads"),
                              (const char *)m->data);
    }
    g_list_free(members);
    if (rc == 0 && json_object_has_member(root, "without_evidence")) {
        for (size_t i = 0; i < d->crit->len; i++)
            if (!KC_DM_CRIT(d, i).pub.nevidence && kc_dm_crit_needs_evidence(d, i))
                g_ptr_array_add(want, (gpointer)KC_DM_CRIT(d, i).pub.key);
        if (!strings_are(json_object_get_member(root, "without_evidence"), want))
            rc = not_derived("\"without_evidence\"", err);
    }
    if (rc == 0 && json_object_has_member(root, "unfiled")) {
        g_ptr_array_set_size(want, 0);
        for (size_t i = 0; i < d->files->len; i++)
            if (!KC_DM_FILE(d, i).pub.ncitations)
                g_ptr_array_add(want, (gpointer)KC_DM_FILE(d, i).pub.path);
        if (!strings_are(json_object_get_member(root, "unfiled"), want))
            rc = not_derived("\"unfiled\"", err);
    }
    for (guint i = 0; rc == 0 && i < json_array_get_length(files); i++) {
        JsonObject *o = json_node_get_object(json_array_get_element(files, i)); /* read_files took it */
        if (!json_object_has_member(o, "criteria"))
            continue;
        g_ptr_array_set_size(want, 0);
        for (size_t c = 0; c < d->crit->len; c++)
            for (size_t e = 0; e < KC_DM_CRIT(d, c).pub.nevidence; e++)
                if (KC_DM_CRIT(d, c).pub.evidence[e].file == i) {
                    g_ptr_array_add(want, (gpointer)KC_DM_CRIT(d, c).pub.key);
                    break;
                }
        if (!strings_are(json_object_get_member(o, "criteria"), want)) {
            char *what = g_strdup_printf(_("the criteria of %s"), KC_DM_FILE(d, i).pub.path);
            rc = not_derived(what, err);
            g_free(what);
        }
    }
    g_ptr_array_free(want, TRUE);
    return rc;
}

/* ---- one reading for every JSON reader (rtzip3) -------------------------------- */

/* json-glib keeps the last of two members of one name, as Python does, and
 * cJSON and RapidJSON the first; it reads a string up to an escaped NUL,
 * Python to its end; it takes a byte order mark that Python's json refuses.
 * kiemchung writes none of them, so a dossier.json holding one was written to
 * be read two ways, and is refused: the members the text writes are
 * counted, and compared with what the objects keep.  rtzip6: GLib's scanner,
 * under json-glib, also takes comments, texts in single quotes and
 * hexadecimal numbers, which those readers refuse: the text must be JSON as
 * RFC 8259 writes it (kc_json_strict) before json-glib reads it.  rtzip8: and
 * no lone UTF-16 surrogate escape, which json-glib reads without the
 * character after it.  rtzip9: and no number readers read as others
 * ("year": -(2^64 - 2021) was 2021 to json-glib alone), nor a real number in
 * the members kiemchung writes as whole numbers (whole_numbers). */
static const char *const whole_numbers[] = {"format_version", "year", "size", "line", "bound", NULL};

/* The members the text writes: every ':' outside a string, in a text
 * kc_json_strict has accepted (RFC 8259 has no other place for one). */
static size_t members_written(const char *s, size_t len)
{
    size_t n = 0, i = 0;
    while (i < len) {
        const char *q = memchr(s + i, '"', len - i);
        size_t end = q ? (size_t)(q - s) : len;
        for (; i < end; i++)
            n += s[i] == ':';
        if (!q)
            break;
        /* The string's end: the first quote after an even run of
         * backslashes (each pair one backslash; an odd one escapes it). */
        for (i = end + 1;;) {
            const char *c = i < len ? memchr(s + i, '"', len - i) : NULL;
            if (!c)
                return n;
            size_t at = (size_t)(c - s), k = at;
            while (k > i && s[k - 1] == '\\')
                k--;
            i = at + 1;
            if ((at - k) % 2 == 0)
                break;
        }
    }
    return n;
}

/* The members the parsed tree keeps, every object's at every depth
 * (kc_json_strict bounds the depth). */
static size_t members_kept(JsonNode *node)
{
    size_t n = 0;
    JsonNodeType type = json_node_get_node_type(node);
    if (type == JSON_NODE_OBJECT) {
        JsonObjectIter it;
        JsonNode *v;
        JsonObject *o = json_node_get_object(node);
        n = json_object_get_size(o);
        json_object_iter_init(&it, o);
        while (json_object_iter_next(&it, NULL, &v))
            n += members_kept(v);
    } else if (type == JSON_NODE_ARRAY) {
        JsonArray *a = json_node_get_array(node);
        for (guint i = 0, k = json_array_get_length(a); i < k; i++)
            n += members_kept(json_array_get_element(a, i));
    }
    return n;
}

/* Whether some object meets more members than it keeps: a name given twice
 * (json-glib keeps one member a name).  Each object keeps at most what it
 * meets, so the totals are equal only when no object lost one.  (This was
 * json-glib's "object-member" signal counted per object: a signal emission
 * and a hash table update for each of a 200,000-entry dossier's 1.4 million
 * members, issue 16.) */
static bool twice_named(JsonParser *p, const char *json, size_t len)
{
    return members_written(json, len) != members_kept(json_parser_get_root(p));
}

/* The member named twice in the text of the object: the first name that
 * appears twice at one level, found by a scan of the raw text (only run when
 * the count says there is one). */
static char *first_twice(const char *s, size_t len)
{
    GPtrArray *levels = g_ptr_array_new_with_free_func((GDestroyNotify)g_hash_table_destroy);
    GPtrArray *is_obj = g_ptr_array_new(); /* per level: object (1) or array (0) */
    char *found = NULL;
    bool want_key = false;
    for (size_t i = 0; i < len && !found; i++) {
        char c = s[i];
        if (c == '{' || c == '[') {
            g_ptr_array_add(levels, g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL));
            g_ptr_array_add(is_obj, GUINT_TO_POINTER(c == '{'));
            want_key = c == '{';
        } else if ((c == '}' || c == ']') && levels->len) {
            g_ptr_array_remove_index(levels, levels->len - 1);
            g_ptr_array_remove_index(is_obj, is_obj->len - 1);
            want_key = false;
        } else if (c == ',') {
            want_key = is_obj->len && GPOINTER_TO_UINT(is_obj->pdata[is_obj->len - 1]);
        } else if (c == '"') {
            size_t j = i + 1;
            while (j < len && s[j] != '"')
                j += s[j] == '\\' ? 2 : 1;
            if (want_key && levels->len) {
                char *name = g_strndup(s + i + 1, j > i + 1 && j <= len ? j - i - 1 : 0);
                GHashTable *keys = levels->pdata[levels->len - 1];
                if (g_hash_table_contains(keys, name))
                    found = name;
                else
                    g_hash_table_add(keys, name);
                want_key = false;
            }
            i = j;
        }
    }
    g_ptr_array_free(levels, TRUE);
    g_ptr_array_free(is_obj, TRUE);
    return found;
}

/* Whether the text holds an escaped NUL ("\u0000"), the backslash itself not escaped. */
static bool escaped_nul(const char *s, size_t len)
{
    for (size_t i = 0; i + 6 <= len; i++) {
        if (s[i] != '\\')
            continue;
        if (s[i + 1] == '\\') {
            i++;
            continue;
        }
        if ((s[i + 1] == 'u' || s[i + 1] == 'U') && strncmp(s + i + 2, "0000", 4) == 0)
            return true;
    }
    return false;
}

int kc_dm_from_json(kc_dossier *d, const char *json, size_t len, kc_error *err)
{
    JsonParser *p = json_parser_new();
    GError *ge = NULL;
    JsonObject *root;
    int rc = KC_EFORMAT;

    if (len >= 3 && memcmp(json, "\xef\xbb\xbf", 3) == 0) {
        kc_error_set(err, KC_EFORMAT, "%s",
                     _("dossier.json: it begins with a byte order mark, which kiemchung never writes and Python's json "
                       "refuses: another reader could not read the dossier"));
        goto out;
    }
    kc_json_fault fault;
    if (!kc_json_strict(json, len, whole_numbers, &fault)) {
        size_t at = fault.at, line = 1;
        for (size_t i = 0; i < at; i++)
            line += json[i] == '\n';
        char *number = kc_json_fault_number(&fault, json);
        if (number) /* rtzip9: a number read as other numbers, named with its member */
            kc_error_set(err, KC_EFORMAT, _("dossier.json: byte %zu (line %zu): %s"), at + 1, line, number);
        else if (fault.why) /* rtzip8: "surrogate" */
            kc_error_set(err, KC_EFORMAT,
                         _("dossier.json: byte %zu (line %zu): a lone UTF-16 surrogate escape (\\ud800 to \\udfff "
                           "not in a pair), which is no Unicode character: Python's json keeps it, json-glib drops "
                           "the character after it, so the text is read two ways"),
                         at + 1, line);
        else
            kc_error_set(err, KC_EFORMAT,
                         _("dossier.json: byte %zu (line %zu): not JSON as RFC 8259 writes it (a comment, a text in "
                           "single quotes, a hexadecimal number): json-glib reads it, Python's json, jq and a "
                           "browser refuse the file, so another reader could not read the dossier"),
                         at + 1, line);
        g_free(number);
        goto out;
    }
    if (!json_parser_load_from_data(p, json, (gssize)len, &ge)) {
        kc_error_set(err, KC_EFORMAT, _("dossier.json: %s"), ge ? ge->message : "?");
        goto out;
    }
    if (twice_named(p, json, len)) {
        char *name = first_twice(json, len);
        kc_error_set(err, KC_EFORMAT,
                     _("dossier.json: an object names \"%s\" twice: kiemchung and Python read the last value, other "
                       "readers (cJSON, RapidJSON) the first"),
                     name ? name : "?");
        g_free(name);
        goto out;
    }
    if (escaped_nul(json, len)) {
        kc_error_set(err, KC_EFORMAT, "%s",
                     _("dossier.json: a text holds a NUL character (\\u0000): kiemchung reads it up to there, Python and "
                       "a browser to its end"));
        goto out;
    }
    if (!JSON_NODE_HOLDS_OBJECT(json_parser_get_root(p)) ||
        !(root = json_node_get_object(json_parser_get_root(p))) ||
        g_strcmp0(get_str(root, "format"), KC_DOSSIER_FORMAT) != 0) {
        kc_error_set(err, KC_EFORMAT, "%s", _("dossier.json: not a kiemchung dossier description"));
        goto out;
    }
    if (get_int(root, "format_version") > KC_DOSSIER_FORMAT_VERSION) {
        kc_error_set(err, KC_EFORMAT, "%s", _("dossier.json: written by a newer kiemchung; update this one"));
        goto out;
    }
    if (kc_dm_set_str((char **)&d->meta.commune, get_str(root, "commune")) != 0 ||
        kc_dm_set_str((char **)&d->meta.district, get_str(root, "district")) != 0 ||
        kc_dm_set_str((char **)&d->meta.province, get_str(root, "province")) != 0 ||
        kc_dm_set_str(&d->date, get_str(root, "date")) != 0 ||
        kc_dm_set_str(&d->catalog_name, get_str(root, "catalog")) != 0) {
        kc_error_set(err, KC_EFORMAT, "%s", _("dossier.json: a text is not valid UTF-8"));
        goto out;
    }
    /* rtzip7: json-glib reads a number to 64 bits and the year was cast to an
     * int: "year" : 4294969317 (2^32 + 2021) was 2021 for kiemchung (its list,
     * its index.html, the desk's filing) and 4294969317 for every other reader.
     * kiemchung writes a whole number from 1 to 9999, or no year at all. */
    JsonNode *yn = json_object_get_member(root, "year");
    gint64 year = get_int(root, "year");
    if (yn && (year < 1 || year > 9999)) {
        char *shown = json_to_string(yn, FALSE);
        kc_error_set(err, KC_EFORMAT,
                     _("dossier.json: the year %s is not a year as kiemchung writes it (a whole number from 1 to "
                       "9999): kiemchung would read another year than other readers, or none"),
                     shown ? shown : "?");
        g_free(shown);
        goto out;
    }
    d->meta.year = (int)year;
    {
        JsonObject *r = get_object(root, "report");
        if (r && kc_dm_set_str(&d->report_name, get_str(r, "name") ? get_str(r, "name") : KC_REPORT_ENTRY) != 0)
            goto out;
    }
    JsonArray *files = get_array(root, "files");
    JsonArray *crit = get_array(root, "criteria");
    if (!files || !crit) {
        kc_error_set(err, KC_EFORMAT, "%s", _("dossier.json: no \"files\" or \"criteria\""));
        goto out;
    }
    if ((rc = read_files(d, files, err)) != 0 || (rc = read_criteria(d, crit, err)) != 0 ||
        (rc = check_derived(d, root, files, err)) != 0 || (rc = kc_dm_json_members(root, err)) != 0)
        goto out;
    free(d->json);
    if (!(d->json = strndup(json, len))) {
        rc = kc_error_oom(err);
        goto out;
    }
    rc = 0;
out:
    if (ge)
        g_error_free(ge);
    kc_json_unref(p);
    return rc;
}
