/* dossier_json_members.c: the members of dossier.json's inner objects (a
 * criterion, one of its evidence, a file, the report) are those kiemchung
 * writes (rtzip12), as rtzip11 holds its top to them (dossier_json.c).
 *
 * kiemchung reads the members it knows and leaves the others: a dossier
 * sealed by the commune whose criterion 21 said "result": "Đạt: 100% … (Sở
 * TT&TT đã thẩm định)", or whose unsigned September invoice said "signature":
 * {"status": "valid", "role": "leader"}, checked ok, and `list --json` even
 * wrote the criterion's member again under its "checked": ok.  A JSON reader
 * takes such a member for the dossier's word, which no check reads.  The
 * members are those any kiemchung has written (the report's description of a
 * criterion, the catalog's, the citations, the files): older dossiers, which
 * hold fewer, stay readable. */
#include "json_lib.h"
#include <string.h>

#include "dossier_model.h"
#include "i18n.h"
#include "util.h"

static const char *const criterion_members[] = {
    "key", "number", "name", "claimed", "heading", "evidence",                 /* dossier_json.c */
    "parent", "part", "group", "group_title", "subgroup", "unit", "line", "references", /* the report's */
    "expects",                                                                  /* the catalog's */
    NULL};
static const char *const evidence_members[] = {"file", "reference", "kind", "note", "via", NULL};
static const char *const file_members[] = {"path", "name", "size", "sha256", "media_type", "criteria", "also_named",
                                           NULL};
static const char *const report_members[] = {"file", "name", "original", NULL};

/* The first member of o not in known, or NULL. */
static const char *stranger(JsonObject *o, const char *const *known)
{
    const char *found = NULL;
    GList *members = o ? json_object_get_members(o) : NULL;
    for (GList *m = members; m && !found; m = m->next) {
        size_t k = 0;
        while (known[k] && strcmp(known[k], m->data) != 0)
            k++;
        if (!known[k])
            found = m->data; /* owned by o, which outlives the list */
    }
    g_list_free(members);
    return found;
}

static JsonObject *element_object(JsonArray *a, guint i)
{
    JsonNode *n = json_array_get_element(a, i);
    return n && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

static JsonArray *member_array(JsonObject *o, const char *name)
{
    JsonNode *n = o ? json_object_get_member(o, name) : NULL;
    return n && JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;
}

static const char *member_text(JsonObject *o, const char *name)
{
    JsonNode *n = o ? json_object_get_member(o, name) : NULL;
    return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING ? json_node_get_string(n)
                                                                                         : "?";
}

int kc_dm_json_members(struct _JsonObject *root, kc_error *err)
{
    const char *s;
    JsonArray *crit = member_array(root, "criteria"), *files = member_array(root, "files");
    JsonNode *rn = json_object_get_member(root, "report");
    for (guint i = 0; crit && i < json_array_get_length(crit); i++) {
        JsonObject *c = element_object(crit, i);
        if ((s = stranger(c, criterion_members)))
            return kc_error_set(err, KC_EFORMAT,
                                _("dossier.json: criterion %s has a member \"%s\" that kiemchung never writes: JSON "
                                  "readers take it for the dossier's word (list --json writes it again), which no "
                                  "check reads"),
                                member_text(c, "key"), s);
        JsonArray *ev = member_array(c, "evidence");
        for (guint e = 0; ev && e < json_array_get_length(ev); e++)
            if ((s = stranger(element_object(ev, e), evidence_members)))
                return kc_error_set(err, KC_EFORMAT,
                                    _("dossier.json: the evidence %s of criterion %s has a member \"%s\" that "
                                      "kiemchung never writes: JSON readers take it for the dossier's word, which "
                                      "no check reads"),
                                    member_text(element_object(ev, e), "file"), member_text(c, "key"), s);
    }
    for (guint i = 0; files && i < json_array_get_length(files); i++)
        if ((s = stranger(element_object(files, i), file_members)))
            return kc_error_set(err, KC_EFORMAT,
                                _("dossier.json: the file %s has a member \"%s\" that kiemchung never writes: JSON "
                                  "readers take it for the dossier's word, which no check reads"),
                                member_text(element_object(files, i), "path"), s);
    if (rn && JSON_NODE_HOLDS_OBJECT(rn) && (s = stranger(json_node_get_object(rn), report_members)))
        return kc_error_set(err, KC_EFORMAT,
                            _("dossier.json: \"report\" has a member \"%s\" that kiemchung never writes: JSON readers "
                              "take it for the dossier's word, which no check reads"),
                            s);
    return 0;
}
