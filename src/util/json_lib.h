/* json_lib.h: json-glib, loaded when JSON is first read or written.
 *
 * json-glib brings GObject, GIO and the libraries behind GIO (mount, blkid,
 * selinux, ffi, gmodule): linked, every kiemchung process mapped and
 * relocated them at start-up, a third of the start-up of a one-document
 * `verify`, which writes no JSON (issue 16: the start-up is paid once per
 * batch, so it weighs on the ratio to `openssl dgst` of a commune's 200
 * documents).  A file that uses json-glib includes this header instead of
 * <json-glib/json-glib.h>: the types and constants are json-glib's own, and
 * each function used is called through a table filled on first use, under
 * its own name (the macros below), so call sites read as json-glib's manual
 * writes them.  A json-glib function not listed here fails to link: add it to
 * KC_JSON_FUNCTIONS and a macro below.
 *
 * libjson-glib-1.0.so.0 is a dependency of the package, as a linked library
 * was; if it cannot be loaded, the process stops as the dynamic loader stops
 * a program whose library is missing (a message naming it, exit 127). */
#ifndef KC_JSON_LIB_H
#define KC_JSON_LIB_H

#include <json-glib/json-glib.h>

#define KC_JSON_FUNCTIONS(X) \
    X(json_array_add_object_element) \
    X(json_array_add_string_element) \
    X(json_array_get_element) \
    X(json_array_get_length) \
    X(json_array_get_object_element) \
    X(json_array_get_string_element) \
    X(json_array_new) \
    X(json_builder_add_boolean_value) \
    X(json_builder_add_double_value) \
    X(json_builder_add_int_value) \
    X(json_builder_add_null_value) \
    X(json_builder_add_string_value) \
    X(json_builder_add_value) \
    X(json_builder_begin_array) \
    X(json_builder_begin_object) \
    X(json_builder_end_array) \
    X(json_builder_end_object) \
    X(json_builder_get_root) \
    X(json_builder_new) \
    X(json_builder_set_member_name) \
    X(json_from_string) \
    X(json_node_copy) \
    X(json_node_get_array) \
    X(json_node_get_boolean) \
    X(json_node_get_double) \
    X(json_node_get_int) \
    X(json_node_get_node_type) \
    X(json_node_get_object) \
    X(json_node_get_string) \
    X(json_node_get_value_type) \
    X(json_node_new) \
    X(json_node_set_string) \
    X(json_node_take_object) \
    X(json_node_unref) \
    X(json_object_get_array_member) \
    X(json_object_get_boolean_member) \
    X(json_object_get_int_member) \
    X(json_object_get_int_member_with_default) \
    X(json_object_get_member) \
    X(json_object_get_members) \
    X(json_object_get_null_member) \
    X(json_object_get_object_member) \
    X(json_object_get_size) \
    X(json_object_get_string_member) \
    X(json_object_get_string_member_with_default) \
    X(json_object_has_member) \
    X(json_object_iter_init) \
    X(json_object_iter_next) \
    X(json_object_new) \
    X(json_object_ref) \
    X(json_object_remove_member) \
    X(json_object_set_array_member) \
    X(json_object_set_int_member) \
    X(json_object_set_member) \
    X(json_object_set_string_member) \
    X(json_object_unref) \
    X(json_parser_get_root) \
    X(json_parser_load_from_data) \
    X(json_parser_new) \
    X(json_parser_new_immutable) \
    X(json_parser_steal_root) \
    X(json_to_string) \
    X(g_object_unref) \
    X(g_signal_connect_data)

#define KC_JSON_MEMBER(f) __typeof__(f) *f;
typedef struct kc_json_table {
    KC_JSON_FUNCTIONS(KC_JSON_MEMBER)
} kc_json_table;
#undef KC_JSON_MEMBER

/* The table, loaded on the first call (thread-safe). */
const kc_json_table *kc_json_lib(void);

/* Releases a JsonParser, JsonBuilder or JsonGenerator (GObjects). */
#define kc_json_unref (kc_json_lib()->g_object_unref)

/* json_lib.c names the table's members itself. */
#ifndef KC_JSON_LIB_TABLE
#define json_array_add_object_element (kc_json_lib()->json_array_add_object_element)
#define json_array_add_string_element (kc_json_lib()->json_array_add_string_element)
#define json_array_get_element (kc_json_lib()->json_array_get_element)
#define json_array_get_length (kc_json_lib()->json_array_get_length)
#define json_array_get_object_element (kc_json_lib()->json_array_get_object_element)
#define json_array_get_string_element (kc_json_lib()->json_array_get_string_element)
#define json_array_new (kc_json_lib()->json_array_new)
#define json_builder_add_boolean_value (kc_json_lib()->json_builder_add_boolean_value)
#define json_builder_add_double_value (kc_json_lib()->json_builder_add_double_value)
#define json_builder_add_int_value (kc_json_lib()->json_builder_add_int_value)
#define json_builder_add_null_value (kc_json_lib()->json_builder_add_null_value)
#define json_builder_add_string_value (kc_json_lib()->json_builder_add_string_value)
#define json_builder_add_value (kc_json_lib()->json_builder_add_value)
#define json_builder_begin_array (kc_json_lib()->json_builder_begin_array)
#define json_builder_begin_object (kc_json_lib()->json_builder_begin_object)
#define json_builder_end_array (kc_json_lib()->json_builder_end_array)
#define json_builder_end_object (kc_json_lib()->json_builder_end_object)
#define json_builder_get_root (kc_json_lib()->json_builder_get_root)
#define json_builder_new (kc_json_lib()->json_builder_new)
#define json_builder_set_member_name (kc_json_lib()->json_builder_set_member_name)
#define json_from_string (kc_json_lib()->json_from_string)
#define json_node_copy (kc_json_lib()->json_node_copy)
#define json_node_get_array (kc_json_lib()->json_node_get_array)
#define json_node_get_boolean (kc_json_lib()->json_node_get_boolean)
#define json_node_get_double (kc_json_lib()->json_node_get_double)
#define json_node_get_int (kc_json_lib()->json_node_get_int)
#define json_node_get_node_type (kc_json_lib()->json_node_get_node_type)
#define json_node_get_object (kc_json_lib()->json_node_get_object)
#define json_node_get_string (kc_json_lib()->json_node_get_string)
#define json_node_get_value_type (kc_json_lib()->json_node_get_value_type)
#define json_node_new (kc_json_lib()->json_node_new)
#define json_node_set_string (kc_json_lib()->json_node_set_string)
#define json_node_take_object (kc_json_lib()->json_node_take_object)
#define json_node_unref (kc_json_lib()->json_node_unref)
#define json_object_get_array_member (kc_json_lib()->json_object_get_array_member)
#define json_object_get_boolean_member (kc_json_lib()->json_object_get_boolean_member)
#define json_object_get_int_member (kc_json_lib()->json_object_get_int_member)
#define json_object_get_int_member_with_default (kc_json_lib()->json_object_get_int_member_with_default)
#define json_object_get_member (kc_json_lib()->json_object_get_member)
#define json_object_get_members (kc_json_lib()->json_object_get_members)
#define json_object_get_null_member (kc_json_lib()->json_object_get_null_member)
#define json_object_get_object_member (kc_json_lib()->json_object_get_object_member)
#define json_object_get_size (kc_json_lib()->json_object_get_size)
#define json_object_get_string_member (kc_json_lib()->json_object_get_string_member)
#define json_object_get_string_member_with_default (kc_json_lib()->json_object_get_string_member_with_default)
#define json_object_has_member (kc_json_lib()->json_object_has_member)
#define json_object_iter_init (kc_json_lib()->json_object_iter_init)
#define json_object_iter_next (kc_json_lib()->json_object_iter_next)
#define json_object_new (kc_json_lib()->json_object_new)
#define json_object_ref (kc_json_lib()->json_object_ref)
#define json_object_remove_member (kc_json_lib()->json_object_remove_member)
#define json_object_set_array_member (kc_json_lib()->json_object_set_array_member)
#define json_object_set_int_member (kc_json_lib()->json_object_set_int_member)
#define json_object_set_member (kc_json_lib()->json_object_set_member)
#define json_object_set_string_member (kc_json_lib()->json_object_set_string_member)
#define json_object_unref (kc_json_lib()->json_object_unref)
#define json_parser_get_root (kc_json_lib()->json_parser_get_root)
#define json_parser_load_from_data (kc_json_lib()->json_parser_load_from_data)
#define json_parser_new (kc_json_lib()->json_parser_new)
#define json_parser_new_immutable (kc_json_lib()->json_parser_new_immutable)
#define json_parser_steal_root (kc_json_lib()->json_parser_steal_root)
#define json_to_string (kc_json_lib()->json_to_string)
/* GObject's, for a parser's signals: g_signal_connect() expands to it. */
#define g_signal_connect_data (kc_json_lib()->g_signal_connect_data)
#endif

#endif
