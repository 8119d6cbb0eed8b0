/* ltv_store.c: the validation/ tag folder of a dossier, its names and its
 * index, and the check that it holds together.
 *
 *   validation/index.json                one record per signed document
 *   validation/certs/<sha256>.cer        certificates (DER)
 *   validation/crls/<sha256>.crl         CRLs (DER)
 *   validation/ocsp/<sha256>.ors         OCSP responses (DER, as the responder sent them)
 *
 * A folder of tag files rather than members of dossier.json: certificates and
 * CRLs are binary and read by every tool as files (openssl x509 -inform DER),
 * one certificate serves every document its holder signed (named by its
 * digest, it is stored once), and dossier.json stays the readable list of
 * evidence.  BagIt allows tag folders; only mimetype and the seal's reserved
 * names live under META-INF/.  index.json is written with sorted records and
 * fixed member order, so the same inputs give the same bytes.
 *
 * A record:
 *   {"path": "data/...", "sha256": "<hex>", "detached": "data/....p7s" (only for
 *    a detached signature), "validated_at": "<ISO 8601>", "status": "valid",
 *    "signatures": [{"field", "signer", "fingerprint", "role", "status",
 *                    "reasons": [codes], "checked_at", "time_source",
 *                    "certificates": [names, signer first], "crls": [names],
 *                    "ocsp": [names]}],
 *    "timestamps": [{"of": "signature"|"document", "field", "tsa",
 *                    "certificates", "crls", "ocsp"}]} */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "dossier_model.h"
#include "json_strict.h"
#include "i18n.h"
#include "ltv.h"
#include "util.h"

#define MAX_DEPTH 32

static const struct {
    const char *dir, *ext, *member;
} kinds[] = {
    [KC_LTV_CERT] = {"validation/certs/", ".cer", "certificates"},
    [KC_LTV_CRL] = {"validation/crls/", ".crl", "crls"},
    [KC_LTV_OCSP] = {"validation/ocsp/", ".ors", "ocsp"},
};

char *kc_ltv_blob_name(kc_ltv_kind kind, const unsigned char *der, size_t len)
{
    unsigned char sha[32];
    char hex[65];

    if (EVP_Digest(der, len, sha, NULL, EVP_sha256(), NULL) != 1)
        return NULL;
    return g_strconcat(kinds[kind].dir, kc_hex_encode(hex, sha, 32), kinds[kind].ext, NULL);
}

/* The 64 hex digits at s (what follows them does not matter), lower case
 * only: the one spelling kiemchung writes, so that one blob has one name. */
static bool parse_hex(const char *s, unsigned char out[32])
{
    char digits[65];
    for (int i = 0; i < 64; i++)
        if (!s[i] || g_ascii_isupper(s[i]))
            return false;
    memcpy(digits, s, 64);
    digits[64] = '\0';
    return kc_hex_decode(out, 32, digits);
}

bool kc_ltv_parse_blob_name(const char *name, kc_ltv_kind *kind, unsigned char sha[32])
{
    for (int k = 0; k < (int)G_N_ELEMENTS(kinds); k++) {
        size_t d = strlen(kinds[k].dir);
        if (strncmp(name, kinds[k].dir, d) != 0 || strlen(name) != d + 64 + strlen(kinds[k].ext) ||
            strcmp(name + d + 64, kinds[k].ext) != 0 || !parse_hex(name + d, sha))
            continue;
        *kind = (kc_ltv_kind)k;
        return true;
    }
    return false;
}

int kc_ltv_read_blob(char **data, size_t *len, kc_ltv_kind *kind, kc_zr *zr, const char *name, kc_error *err)
{
    int64_t at = name ? kc_zr_find(zr, name) : -1;
    unsigned char want[32], have[32];
    char *buf = NULL;
    size_t n = 0;
    int rc;

    *data = NULL;
    *len = 0;
    if (at < 0 || !kc_ltv_parse_blob_name(name, kind, want))
        return kc_error_set(err, KC_EFORMAT, _("%s: no such object of the validation data"), name ? name : "?");
    if ((rc = kc_zr_read_all(&buf, &n, zr, (size_t)at, KC_LTV_MAX_BLOB, err)) != 0)
        return rc;
    /* The name is the digest: an object under another's name would let a
     * record rest on a certificate or CRL it never named. */
    if (EVP_Digest(buf, n, have, NULL, EVP_sha256(), NULL) != 1) {
        free(buf);
        return kc_error_oom(err);
    }
    if (memcmp(want, have, 32) != 0) {
        free(buf);
        return kc_error_set(err, KC_EFORMAT, _("%s does not hold what its name says (its SHA-256 differs)"), name);
    }
    *data = buf;
    *len = n;
    return 0;
}

/* ---- index.json ------------------------------------------------------------------ */

struct kc_ltv_index {
    JsonParser *parser;
    GPtrArray *records;      /* JsonObject*, borrowed from the parser */
    GHashTable *by_path;     /* path → JsonObject* */
};

void kc_ltv_index_free(kc_ltv_index *ix)
{
    if (!ix)
        return;
    if (ix->parser)
        kc_json_unref(ix->parser);
    if (ix->records)
        g_ptr_array_free(ix->records, TRUE);
    if (ix->by_path)
        g_hash_table_destroy(ix->by_path);
    free(ix);
}

size_t kc_ltv_index_count(const kc_ltv_index *ix) { return ix ? ix->records->len : 0; }
JsonObject *kc_ltv_index_record(const kc_ltv_index *ix, size_t i)
{
    return ix && i < ix->records->len ? ix->records->pdata[i] : NULL;
}
JsonObject *kc_ltv_index_find(const kc_ltv_index *ix, const char *path)
{
    return ix ? g_hash_table_lookup(ix->by_path, path) : NULL;
}

static const char *str_member(JsonObject *o, const char *key)
{
    JsonNode *n = json_object_get_member(o, key);
    return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING ? json_node_get_string(n)
                                                                                        : NULL;
}

/* json-glib parses recursively: a deep nest would use up the stack. */
static bool shallow(const char *s, size_t len)
{
    int depth = 0;
    bool in_str = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = false;
        } else if (c == '"') {
            in_str = true;
        } else if (c == '[' || c == '{') {
            if (++depth > MAX_DEPTH)
                return false;
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    return true;
}

/* Every reference of the lists of one signature or timestamp object is a blob
 * name of the right kind. */
static bool refs_ok(JsonObject *o)
{
    for (int k = 0; k < (int)G_N_ELEMENTS(kinds); k++) {
        JsonNode *n = json_object_get_member(o, kinds[k].member);
        if (!n)
            continue;
        if (!JSON_NODE_HOLDS_ARRAY(n))
            return false;
        JsonArray *a = json_node_get_array(n);
        for (guint i = 0; i < json_array_get_length(a); i++) {
            JsonNode *e = json_array_get_element(a, i);
            kc_ltv_kind kind;
            unsigned char sha[32];
            if (!JSON_NODE_HOLDS_VALUE(e) || json_node_get_value_type(e) != G_TYPE_STRING ||
                !kc_ltv_parse_blob_name(json_node_get_string(e), &kind, sha) || (int)kind != k)
                return false;
        }
    }
    return true;
}

static bool list_ok(JsonObject *rec, const char *member)
{
    JsonNode *n = json_object_get_member(rec, member);
    if (!n)
        return true;
    if (!JSON_NODE_HOLDS_ARRAY(n))
        return false;
    JsonArray *a = json_node_get_array(n);
    for (guint i = 0; i < json_array_get_length(a); i++) {
        JsonNode *e = json_array_get_element(a, i);
        if (!JSON_NODE_HOLDS_OBJECT(e) || !refs_ok(json_node_get_object(e)))
            return false;
    }
    return true;
}

/* The members validation/index.json writes as whole numbers (rtzip9). */
static const char *const ltv_whole_numbers[] = {"version", NULL};

int kc_ltv_index_parse(kc_ltv_index **out, const char *json, size_t len, kc_error *err)
{
    kc_ltv_index *ix = calloc(1, sizeof *ix);
    GError *ge = NULL;
    JsonObject *root;
    JsonNode *docs;
    unsigned char sha[32];
    int rc = KC_EFORMAT;

    if (!ix)
        return kc_error_oom(err);
    ix->parser = json_parser_new();
    ix->records = g_ptr_array_new();
    ix->by_path = g_hash_table_new(g_str_hash, g_str_equal);
    if (!shallow(json, len)) {
        kc_error_set(err, rc, "%s", _("nested too deeply"));
        goto out;
    }
    /* rtzip8: JSON as RFC 8259 writes it, as dossier.json (kc_json_strict):
     * json-glib alone takes comments, single quotes and hexadecimal numbers,
     * and reads a lone surrogate escape without the character after it, so an
     * index so written tells another reader other objects for a document.
     * rtzip9: nor a number readers read as others ("version": -(2^64 - 1) is
     * 1 to json-glib alone). */
    kc_json_fault fault;
    if (!kc_json_strict(json, len, ltv_whole_numbers, &fault)) {
        char *number = kc_json_fault_number(&fault, json); /* rtzip9: a number read as others */
        if (number)
            kc_error_set(err, rc, _("byte %zu: %s"), fault.at + 1, number);
        else
            kc_error_set(err, rc,
                         fault.why ? _("byte %zu: a lone UTF-16 surrogate escape, which json-glib and Python read two ways")
                                   : _("byte %zu: not JSON as RFC 8259 writes it (a comment, a text in single quotes, a "
                                       "hexadecimal number), which only json-glib reads"),
                         fault.at + 1);
        g_free(number);
        goto out;
    }
    if (!json_parser_load_from_data(ix->parser, json, (gssize)len, &ge)) {
        kc_error_set(err, rc, "%s", ge ? ge->message : "?");
        goto out;
    }
    if (!JSON_NODE_HOLDS_OBJECT(json_parser_get_root(ix->parser)) ||
        !(root = json_node_get_object(json_parser_get_root(ix->parser))) ||
        g_strcmp0(str_member(root, "format"), KC_LTV_FORMAT) != 0) {
        kc_error_set(err, rc, "%s", _("not kiemchung validation data"));
        goto out;
    }
    if (json_object_get_int_member_with_default(root, "version", 0) != KC_LTV_VERSION) {
        kc_error_set(err, rc, "%s", _("validation data of another version (a newer kiemchung reads it)"));
        goto out;
    }
    docs = json_object_get_member(root, "documents");
    if (!docs || !JSON_NODE_HOLDS_ARRAY(docs)) {
        kc_error_set(err, rc, "%s", _("no list of documents"));
        goto out;
    }
    JsonArray *a = json_node_get_array(docs);
    for (guint i = 0; i < json_array_get_length(a); i++) {
        JsonNode *e = json_array_get_element(a, i);
        JsonObject *rec = JSON_NODE_HOLDS_OBJECT(e) ? json_node_get_object(e) : NULL;
        const char *path = rec ? str_member(rec, "path") : NULL, *hex = rec ? str_member(rec, "sha256") : NULL;
        const char *det = rec ? str_member(rec, "detached") : NULL;
        if (!path || strncmp(path, "data/", 5) != 0 || !g_utf8_validate(path, -1, NULL) || !hex ||
            strlen(hex) != 64 || !parse_hex(hex, sha) || (rec && json_object_has_member(rec, "detached") && !det) ||
            !list_ok(rec, "signatures") || !list_ok(rec, "timestamps")) {
            kc_error_set(err, rc, _("document record %u is not well formed"), i + 1);
            goto out;
        }
        if (g_hash_table_contains(ix->by_path, path)) {
            kc_error_set(err, rc, _("%s has two records"), path);
            goto out;
        }
        g_hash_table_insert(ix->by_path, (gpointer)path, rec);
        g_ptr_array_add(ix->records, rec);
    }
    *out = ix;
    ix = NULL;
    rc = 0;
out:
    if (ge)
        g_error_free(ge);
    kc_ltv_index_free(ix);
    return rc;
}

GPtrArray *kc_ltv_record_blobs(JsonObject *record)
{
    static const char *const lists[] = {"signatures", "timestamps"};
    GPtrArray *names = g_ptr_array_new();
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);

    for (size_t l = 0; l < G_N_ELEMENTS(lists); l++) {
        JsonNode *n = json_object_get_member(record, lists[l]);
        JsonArray *a = n && JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;
        for (guint i = 0; a && i < json_array_get_length(a); i++) {
            JsonNode *e = json_array_get_element(a, i);
            JsonObject *o = JSON_NODE_HOLDS_OBJECT(e) ? json_node_get_object(e) : NULL;
            for (size_t k = 0; o && k < G_N_ELEMENTS(kinds); k++) {
                JsonNode *m = json_object_get_member(o, kinds[k].member);
                JsonArray *refs = m && JSON_NODE_HOLDS_ARRAY(m) ? json_node_get_array(m) : NULL;
                for (guint r = 0; refs && r < json_array_get_length(refs); r++) {
                    const char *name = json_array_get_string_element(refs, r);
                    if (name && g_hash_table_add(seen, (gpointer)name))
                        g_ptr_array_add(names, (gpointer)name);
                }
            }
        }
    }
    g_hash_table_destroy(seen);
    return names;
}

static int cmp_record(gconstpointer a, gconstpointer b)
{
    JsonObject *x = *(JsonObject *const *)a, *y = *(JsonObject *const *)b;
    return g_strcmp0(str_member(x, "path"), str_member(y, "path"));
}

char *kc_ltv_index_write(GPtrArray *records)
{
    JsonObject *root = json_object_new();
    JsonArray *docs = json_array_new();
    JsonNode *node = json_node_new(JSON_NODE_OBJECT);

    g_ptr_array_sort(records, cmp_record);
    json_object_set_string_member(root, "format", KC_LTV_FORMAT);
    json_object_set_int_member(root, "version", KC_LTV_VERSION);
    for (guint i = 0; i < records->len; i++)
        json_array_add_object_element(docs, json_object_ref(records->pdata[i]));
    json_object_set_array_member(root, "documents", docs);
    json_node_take_object(node, root);
    return kc_json_text(node, true);
}

/* ---- the check ---------------------------------------------------------------------- */

/* Every finding here is a "validation" problem. */
#define problemf(fn, ud, path, ...) kc_zr_problemf((fn), (ud), (path), "validation", __VA_ARGS__)

static int cmp_pstr(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void kc_ltv_check_folder(kc_zr *zr, GHashTable *digests, GHashTable *manifest,
                         bool (*known)(void *ud, const char *path), kc_zr_problem_fn fn, void *ud)
{
    int64_t at = kc_zr_find(zr, KC_LTV_INDEX);
    GHashTable *named = g_hash_table_new(g_str_hash, g_str_equal);
    kc_ltv_index *ix = NULL;
    kc_error e = {0};
    char *json = NULL;
    size_t len = 0;

    if (at < 0) {
        /* Objects without their index are no validation data at all. */
        for (size_t i = 0; i < kc_zr_count(zr); i++)
            if (strncmp(kc_zr_get(zr, i)->name, KC_LTV_DIR, strlen(KC_LTV_DIR)) == 0 && !kc_zr_get(zr, i)->is_dir &&
                !known(ud, kc_zr_get(zr, i)->name))
                problemf(fn, ud, kc_zr_get(zr, i)->name, "%s", _("validation data without validation/index.json"));
        goto out;
    }
    /* A changed index is one finding (the manifests' or the seal's): what it
     * now says is not examined further. */
    if (known(ud, KC_LTV_INDEX))
        goto out;
    if (kc_zr_read_all(&json, &len, zr, (size_t)at, KC_TAG_MAX, &e) != 0) {
        problemf(fn, ud, KC_LTV_INDEX, "%s", e.message);
        goto out;
    }
    if (kc_ltv_index_parse(&ix, json, len, &e) != 0) {
        problemf(fn, ud, KC_LTV_INDEX, _("not readable validation data: %s"), e.message);
        goto out;
    }
    for (size_t r = 0; r < kc_ltv_index_count(ix); r++) {
        JsonObject *rec = kc_ltv_index_record(ix, r);
        const char *path = str_member(rec, "path"), *hex = str_member(rec, "sha256");
        const char *listed = g_hash_table_lookup(manifest, path), *det = str_member(rec, "detached");
        /* The payload manifest's digest, not the file's: a changed document is
         * the manifests' finding; a record about other bytes is this one. */
        if (!listed)
            problemf(fn, ud, KC_LTV_INDEX, _("a record about %s, which the dossier does not hold"), path);
        else if (strcmp(listed, hex) != 0)
            problemf(fn, ud, KC_LTV_INDEX, _("the record about %s is about other bytes (another SHA-256)"), path);
        if (det && !g_hash_table_contains(manifest, det))
            problemf(fn, ud, KC_LTV_INDEX, _("a record names the signature %s, which the dossier does not hold"), det);
        GPtrArray *blobs = kc_ltv_record_blobs(rec);
        for (guint b = 0; b < blobs->len; b++)
            g_hash_table_add(named, blobs->pdata[b]);
        g_ptr_array_free(blobs, TRUE);
    }
    GHashTableIter it;
    gpointer key;
    GPtrArray *sorted = g_ptr_array_new();
    g_hash_table_iter_init(&it, named);
    while (g_hash_table_iter_next(&it, &key, NULL))
        g_ptr_array_add(sorted, key);
    g_ptr_array_sort(sorted, cmp_pstr);
    for (guint i = 0; i < sorted->len; i++) {
        const char *name = sorted->pdata[i];
        const unsigned char *have = g_hash_table_lookup(digests, name);
        unsigned char want[32];
        kc_ltv_kind kind;
        if (known(ud, name))
            continue;
        if (!have && kc_zr_find(zr, name) < 0)
            problemf(fn, ud, name, "%s", _("named by the validation data, but missing from the archive"));
        else if (have && kc_ltv_parse_blob_name(name, &kind, want) && memcmp(want, have, 32) != 0)
            problemf(fn, ud, name, "%s", _("does not hold what its name says (its SHA-256 differs)"));
    }
    g_ptr_array_free(sorted, TRUE);
    for (size_t i = 0; i < kc_zr_count(zr); i++) {
        const char *name = kc_zr_get(zr, i)->name;
        if (strncmp(name, KC_LTV_DIR, strlen(KC_LTV_DIR)) == 0 && !kc_zr_get(zr, i)->is_dir &&
            strcmp(name, KC_LTV_INDEX) != 0 && !g_hash_table_contains(named, name) && !known(ud, name))
            problemf(fn, ud, name, "%s", _("in validation/ but named by no record of validation/index.json"));
    }
out:
    kc_ltv_index_free(ix);
    g_hash_table_destroy(named);
    free(json);
}
