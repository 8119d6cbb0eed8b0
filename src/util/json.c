/* json.c: every JSON kiemchung prints or stores is built with json-glib and
 * turned into text here, in one way (verify --json, index --json, check
 * --json, lint --json, the report's JSON, dossier.json). */
#include "json_lib.h"

#include "util.h"

/* val as a JSON string node (null for NULL).  A file name in a legacy
 * encoding, or bytes from a document: JSON must stay UTF-8, so invalid
 * sequences become U+FFFD. */
static JsonNode *string_node(const char *val)
{
    JsonNode *n = json_node_new(val ? JSON_NODE_VALUE : JSON_NODE_NULL);
    if (!val)
        return n;
    if (g_utf8_validate(val, -1, NULL)) {
        json_node_set_string(n, val);
    } else {
        char *valid = g_utf8_make_valid(val, -1);
        json_node_set_string(n, valid);
        g_free(valid);
    }
    return n;
}

void kc_json_add_str(JsonBuilder *b, const char *key, const char *val)
{
    json_builder_set_member_name(b, key);
    json_builder_add_value(b, string_node(val));
}

void kc_json_set_str(JsonObject *o, const char *key, const char *val)
{
    json_object_set_member(o, key, string_node(val));
}

char *kc_json_text(JsonNode *root, bool pretty)
{
    /* pretty: two spaces a level, members in the order they were added */
    char *text = json_to_string(root, pretty);
    json_node_unref(root);
    return text;
}

char *kc_json_finish(JsonBuilder *b, bool pretty)
{
    JsonNode *root = json_builder_get_root(b);
    kc_json_unref(b);
    return kc_json_text(root, pretty);
}

void kc_json_add_int(JsonBuilder *b, const char *key, int64_t val)
{
    json_builder_set_member_name(b, key);
    json_builder_add_int_value(b, val);
}

void kc_json_add_time(JsonBuilder *b, const char *key, int64_t t)
{
    char buf[32];
    kc_json_add_str(b, key, t ? kc_time_iso(buf, t) : NULL);
}

void kc_json_add_bool(JsonBuilder *b, const char *key, bool val)
{
    json_builder_set_member_name(b, key);
    json_builder_add_boolean_value(b, val);
}

/* The library hands its JSON over as text (kc_verdict_to_json): parsed here
 * once more to sit inside a document the command line builds. */
static JsonNode *parse(const char *json)
{
    JsonParser *p = json ? json_parser_new_immutable() : NULL;
    JsonNode *root = p && json_parser_load_from_data(p, json, -1, NULL) ? json_parser_steal_root(p) : NULL;
    if (p)
        kc_json_unref(p);
    return root;
}

void kc_json_add_json(JsonBuilder *b, const char *key, const char *json)
{
    JsonNode *node = parse(json);
    json_builder_set_member_name(b, key);
    if (node)
        json_builder_add_value(b, node); /* takes it */
    else
        json_builder_add_null_value(b);
}

bool kc_json_add_members(JsonBuilder *b, const char *json)
{
    JsonNode *node = parse(json);
    bool ok = node && JSON_NODE_HOLDS_OBJECT(node);
    if (ok) {
        JsonObject *o = json_node_get_object(node);
        GList *names = json_object_get_members(o); /* in their order */
        for (GList *l = names; l; l = l->next) {
            json_builder_set_member_name(b, l->data);
            json_builder_add_value(b, json_node_copy(json_object_get_member(o, l->data)));
        }
        g_list_free(names);
    }
    if (node)
        json_node_unref(node);
    return ok;
}

/* Whether two JSON values are one value to every reader: numbers compared as
 * numbers (36, 36.0 and 3.6e1 alike, as a re-serializer may write them),
 * an object's members in any order, an array's elements in theirs. */
static bool same_node(JsonNode *a, JsonNode *b)
{
    if (JSON_NODE_TYPE(a) != JSON_NODE_TYPE(b))
        return false;
    if (JSON_NODE_HOLDS_NULL(a))
        return true;
    if (JSON_NODE_HOLDS_ARRAY(a)) {
        JsonArray *x = json_node_get_array(a), *y = json_node_get_array(b);
        guint n = json_array_get_length(x);
        if (n != json_array_get_length(y))
            return false;
        for (guint i = 0; i < n; i++)
            if (!same_node(json_array_get_element(x, i), json_array_get_element(y, i)))
                return false;
        return true;
    }
    if (JSON_NODE_HOLDS_OBJECT(a)) {
        JsonObject *x = json_node_get_object(a), *y = json_node_get_object(b);
        bool same = json_object_get_size(x) == json_object_get_size(y);
        GList *names = json_object_get_members(x);
        for (GList *l = names; l && same; l = l->next)
            same = json_object_has_member(y, l->data) &&
                   same_node(json_object_get_member(x, l->data), json_object_get_member(y, l->data));
        g_list_free(names);
        return same;
    }
    GType tx = json_node_get_value_type(a), ty = json_node_get_value_type(b);
    bool nx = tx == G_TYPE_INT64 || tx == G_TYPE_DOUBLE, ny = ty == G_TYPE_INT64 || ty == G_TYPE_DOUBLE;
    if (nx || ny)
        return nx && ny && json_node_get_double(a) == json_node_get_double(b);
    if (tx != ty)
        return false;
    if (tx == G_TYPE_BOOLEAN)
        return json_node_get_boolean(a) == json_node_get_boolean(b);
    return g_strcmp0(json_node_get_string(a), json_node_get_string(b)) == 0;
}

bool kc_json_member_same(const char *a, const char *b, const char *member, bool b_may_lack)
{
    JsonNode *x = parse(a), *y = parse(b);
    JsonObject *ox = x && JSON_NODE_HOLDS_OBJECT(x) ? json_node_get_object(x) : NULL;
    JsonObject *oy = y && JSON_NODE_HOLDS_OBJECT(y) ? json_node_get_object(y) : NULL;
    JsonNode *mx = ox ? json_object_get_member(ox, member) : NULL, *my = oy ? json_object_get_member(oy, member) : NULL;
    bool same = ox && oy && (mx && my ? same_node(mx, my) : !my && (b_may_lack || !mx));
    if (x)
        json_node_unref(x);
    if (y)
        json_node_unref(y);
    return same;
}
