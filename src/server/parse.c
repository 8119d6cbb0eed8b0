/* parse.c: every parser of what a client sends that the server does not
 * hand to a library: file names in multipart parts (Content-Disposition and
 * the path in it), the login's JSON body, query strings and cookies.  Each is
 * small, bounded, allocation-checked by GLib, and fuzzed (tests/fuzz/
 * fuzz_server_*.c); none of them touches the disk.
 *
 * A client's file name is data: srv_safe_path makes it a relative path the
 * dossier may show ("docs/12-QD-UBND.pdf"), or refuses it, and the bytes are
 * stored by their hash whatever the name. */
#include "json_lib.h"
#include <stdlib.h>
#include <string.h>

#include "server.h"

#define PATH_MAX_BYTES 1024
#define COMPONENT_MAX_BYTES 255
#define DEPTH_MAX 64

char *srv_safe_path(const char *name, const char **why)
{
    const char *dummy;
    char *nfc = NULL, **parts = NULL;
    GString *out = NULL;
    if (!why)
        why = &dummy;
    *why = NULL;
    if (!name || !*name) {
        *why = N_("a file without a name");
        return NULL;
    }
    if (strlen(name) > PATH_MAX_BYTES || !g_utf8_validate(name, -1, NULL)) {
        *why = strlen(name) > PATH_MAX_BYTES ? N_("a file name longer than 1024 bytes")
                                             : N_("a file name that is not UTF-8 text");
        return NULL;
    }
    nfc = g_utf8_normalize(name, -1, G_NORMALIZE_NFC);
    if (!nfc) {
        *why = N_("a file name that is not UTF-8 text");
        return NULL;
    }
    for (char *p = nfc; *p; p++)
        if (*p == '\\') /* a Windows path: the same folders */
            *p = '/';
    const char *start = nfc;
    while (g_str_has_prefix(start, "./"))
        start += 2;
    if (*start == '/') {
        *why = N_("an absolute path");
        goto fail;
    }
    if (!*start) { /* "./" names no file */
        *why = N_("a file without a name");
        goto fail;
    }
    parts = g_strsplit(start, "/", DEPTH_MAX + 2);
    if (g_strv_length(parts) > DEPTH_MAX) {
        *why = N_("a path more than 64 folders deep");
        goto fail;
    }
    out = g_string_new(NULL);
    for (char **c = parts; *c; c++) {
        size_t len = strlen(*c);
        if (len == 0 || strcmp(*c, ".") == 0) {
            *why = N_("an empty folder name in a path");
            goto fail;
        }
        if (strcmp(*c, "..") == 0) {
            *why = N_("a path that leads out of its folder (..)");
            goto fail;
        }
        if (len > COMPONENT_MAX_BYTES) {
            *why = N_("a file or folder name longer than 255 bytes");
            goto fail;
        }
        for (const unsigned char *p = (const unsigned char *)*c; *p; p++)
            if (*p < 0x20 || *p == 0x7f || *p == ':') {
                *why = *p == ':' ? N_("a ':' in a file name (a drive letter or an alternate stream)")
                                 : N_("a control character in a file name");
                goto fail;
            }
        if (out->len)
            g_string_append_c(out, '/');
        g_string_append(out, *c);
    }
    g_strfreev(parts);
    g_free(nfc);
    return g_string_free(out, FALSE);
fail:
    g_strfreev(parts);
    g_free(nfc);
    if (out)
        g_string_free(out, TRUE);
    return NULL;
}

/* ---- Content-Disposition --------------------------------------------------------------- */

static const char *skip_ws(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* A token or a quoted string at *p; *p moves past it.  In a quoted string
 * only \" and \\ are escapes: browsers send a Windows path's backslashes as
 * they are (the HTML standard's encoding escapes only ", CR and LF, as %22,
 * %0D, %0A). */
static char *value_at(const char **p)
{
    const char *s = *p;
    GString *v = g_string_new(NULL);
    if (*s == '"') {
        for (s++; *s && *s != '"'; s++) {
            if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
                s++;
            g_string_append_c(v, *s);
        }
        if (*s != '"') {
            g_string_free(v, TRUE);
            return NULL; /* unterminated */
        }
        s++;
    } else {
        while (*s && *s != ';' && *s != ' ' && *s != '\t')
            g_string_append_c(v, *s++);
    }
    *p = s;
    return g_string_free(v, FALSE);
}

/* RFC 5987: UTF-8'lang'percent-encoded.  Other charsets are not taken. */
static char *ext_value(const char *v)
{
    if (g_ascii_strncasecmp(v, "UTF-8'", 6) != 0)
        return NULL;
    const char *q = strchr(v + 6, '\'');
    if (!q)
        return NULL;
    char *s = g_uri_unescape_string(q + 1, NULL);
    if (s && (!g_utf8_validate(s, -1, NULL) || !*s)) {
        g_free(s);
        return NULL;
    }
    return s;
}

bool srv_parse_disposition(const char *value, char **name, char **filename)
{
    const char *p = value ? skip_ws(value) : NULL;
    char *plain = NULL, *star = NULL;
    *name = *filename = NULL;
    if (!p || g_ascii_strncasecmp(p, "form-data", 9) != 0)
        return false;
    p += 9;
    for (;;) {
        p = skip_ws(p);
        if (!*p)
            break;
        if (*p != ';')
            goto bad;
        p = skip_ws(p + 1);
        const char *eq = p + strcspn(p, "=;");
        if (*eq != '=' || eq == p || eq - p > 32)
            goto bad;
        char *key = g_ascii_strdown(p, eq - p);
        g_strstrip(key);
        p = skip_ws(eq + 1);
        char *v = value_at(&p);
        if (!v) {
            g_free(key);
            goto bad;
        }
        char **slot = strcmp(key, "name") == 0 ? name : strcmp(key, "filename") == 0 ? &plain
                                                    : strcmp(key, "filename*") == 0  ? &star
                                                                                     : NULL;
        if (slot && !*slot)
            *slot = v;
        else
            g_free(v);
        g_free(key);
    }
    if (star) {
        char *decoded = ext_value(star);
        if (decoded) {
            g_free(plain);
            plain = decoded;
        }
    }
    g_free(star);
    *filename = plain;
    return true;
bad:
    g_free(plain);
    g_free(star);
    g_free(*name);
    *name = NULL;
    return false;
}

/* ---- the login body --------------------------------------------------------------------- */

static char *member_string(JsonObject *o, const char *key)
{
    JsonNode *n = json_object_get_member(o, key);
    if (!n || !JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_STRING)
        return NULL;
    const char *s = json_node_get_string(n);
    return s && strlen(s) <= 256 ? g_strdup(s) : NULL;
}

bool srv_parse_login(const char *body, size_t len, char **user, char **password)
{
    JsonParser *p = NULL;
    bool ok = false;
    *user = *password = NULL;
    if (!body || len == 0 || len > 4096 || memchr(body, 0, len))
        return false;
    p = json_parser_new_immutable();
    if (json_parser_load_from_data(p, body, (gssize)len, NULL)) {
        JsonNode *root = json_parser_get_root(p);
        if (root && JSON_NODE_HOLDS_OBJECT(root)) {
            JsonObject *o = json_node_get_object(root);
            *user = member_string(o, "user");
            *password = member_string(o, "password");
            ok = *user && *password && **user;
        }
    }
    kc_json_unref(p);
    if (!ok) {
        g_free(*user);
        if (*password)
            memset(*password, 0, strlen(*password));
        g_free(*password);
        *user = *password = NULL;
    }
    return ok;
}

/* ---- query strings, cookies, ids -------------------------------------------------------- */

char *srv_query_get(const char *query, const char *key)
{
    char *found = NULL;
    if (!query || strlen(query) > 8192)
        return NULL;
    char **pairs = g_strsplit(query, "&", 256);
    for (char **p = pairs; *p && !found; p++) {
        char *eq = strchr(*p, '=');
        size_t klen = eq ? (size_t)(eq - *p) : strlen(*p);
        if (klen != strlen(key) || strncmp(*p, key, klen) != 0)
            continue;
        char *v = g_strdup(eq ? eq + 1 : "");
        for (char *c = v; *c; c++)
            if (*c == '+')
                *c = ' ';
        found = g_uri_unescape_string(v, NULL); /* NULL for %00 or a broken escape */
        g_free(v);
        if (found && !g_utf8_validate(found, -1, NULL)) {
            g_free(found);
            found = NULL;
        }
    }
    g_strfreev(pairs);
    return found;
}

int srv_parse_year(const char *s)
{
    if (!s || strlen(s) != 4)
        return 0;
    for (int i = 0; i < 4; i++)
        if (!g_ascii_isdigit(s[i]))
            return 0;
    int y = atoi(s);
    return y >= 1990 && y <= 2200 ? y : 0;
}

/* Every Cookie field of the request joined by "; ", or NULL when none came.
 * An HTTP/2 browser sends its cookies as separate fields (RFC 9113 8.2.3)
 * and a proxy that speaks HTTP/1.1 to the desk may pass them on unjoined;
 * libsoup's soup_message_headers_get_one gives only the last.  Read so, the
 * clerk's session in an earlier field was not found (logged out at every
 * request), and a second kc_session tossed by another site of the domain in
 * another field was never seen, so srv_cookie_twice could not refuse it. */
unsigned srv_header_fields(SoupMessageHeaders *h, const char *name)
{
    SoupMessageHeadersIter it;
    const char *n, *v;
    unsigned count = 0;
    soup_message_headers_iter_init(&it, h);
    while (soup_message_headers_iter_next(&it, &n, &v))
        count += g_ascii_strcasecmp(n, name) == 0;
    return count;
}

char *srv_request_cookies(SoupServerMessage *msg)
{
    SoupMessageHeadersIter it;
    const char *name, *value;
    GString *all = NULL;
    soup_message_headers_iter_init(&it, soup_server_message_get_request_headers(msg));
    while (soup_message_headers_iter_next(&it, &name, &value)) {
        if (g_ascii_strcasecmp(name, "Cookie") != 0)
            continue;
        if (!all)
            all = g_string_new(value);
        else
            g_string_append_printf(all, "; %s", value);
    }
    return all ? g_string_free(all, FALSE) : NULL;
}

char *srv_cookie_get(const char *header, const char *name)
{
    char *found = NULL;
    bool twice = false;
    if (!header || strlen(header) > 8192)
        return NULL;
    /* Every pair (the header is at most 8 KiB): split into 128 pieces at
     * most, the last piece held the rest unsplit, and a site of the domain
     * that sent 127 cookies before the site's own hid it there ("x=1;
     * kc_session=…" is cookie x), its own tossed one then taken alone. */
    char **pairs = g_strsplit(header, ";", 0);
    for (char **p = pairs; *p && !twice; p++) {
        char *c = g_strstrip(*p), *eq = strchr(c, '=');
        if (!eq || (size_t)(eq - c) != strlen(name) || strncmp(c, name, (size_t)(eq - c)) != 0)
            continue;
        char *v = eq + 1;
        size_t n = strlen(v);
        if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
            v[n - 1] = 0;
            v++;
        }
        /* Two values of one name: a cookie another site of the same domain
         * set (Domain=, or a longer Path) beside this site's own.  The
         * browser sends the other first when it is older or its path longer,
         * and taking it made the clerk work in the session that site chose
         * (a login CSRF by "cookie tossing"): neither is taken. */
        if (found && strcmp(found, v) != 0)
            twice = true;
        else if (!found)
            found = g_strdup(v);
    }
    g_strfreev(pairs);
    if (twice) {
        g_free(found);
        found = NULL;
    }
    return found;
}

bool srv_cookie_twice(const char *header, const char *name)
{
    char *one = srv_cookie_get(header, name);
    bool twice = false;
    if (!one && header && strlen(header) <= 8192) {
        char *key = g_strconcat(name, "=", NULL);
        char **pairs = g_strsplit(header, ";", 0);
        for (char **p = pairs; *p && !twice; p++)
            twice = g_str_has_prefix(g_strstrip(*p), key);
        g_strfreev(pairs);
        g_free(key);
    }
    g_free(one);
    return twice;
}

bool srv_session_id_ok(const char *id)
{
    if (!id || strlen(id) != 64)
        return false;
    for (int i = 0; i < 64; i++)
        if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f')))
            return false;
    return true;
}
