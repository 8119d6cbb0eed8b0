/* json.c: every JSON kiemchung prints or stores is built with json-glib and
 * turned into text here, in one way (verify --json, index --json, check
 * --json, lint --json, the report's JSON, dossier.json). */
#include <json-glib/json-glib.h>

#include "util.h"

void kc_json_add_str(JsonBuilder *b, const char *key, const char *val)
{
    json_builder_set_member_name(b, key);
    if (!val) {
        json_builder_add_null_value(b);
    } else if (g_utf8_validate(val, -1, NULL)) {
        json_builder_add_string_value(b, val);
    } else {
        /* A file name in a legacy encoding, or bytes from a document: JSON
         * must stay UTF-8, so invalid sequences become U+FFFD. */
        char *valid = g_utf8_make_valid(val, -1);
        json_builder_add_string_value(b, valid);
        g_free(valid);
    }
}

char *kc_json_finish(JsonBuilder *b, bool pretty)
{
    JsonNode *root = json_builder_get_root(b);
    /* pretty: two spaces a level, members in the order they were added */
    char *text = json_to_string(root, pretty);
    json_node_unref(root);
    g_object_unref(b);
    return text;
}

void kc_json_add_int(JsonBuilder *b, const char *key, int64_t val)
{
    json_builder_set_member_name(b, key);
    json_builder_add_int_value(b, val);
}

void kc_json_add_bool(JsonBuilder *b, const char *key, bool val)
{
    json_builder_set_member_name(b, key);
    json_builder_add_boolean_value(b, val);
}
