/* fuzz_server_form.c: an upload's form as the server reads it (form.c:
 * libsoup's multipart parser, each part's Content-Disposition, each file's
 * name made safe), over the body laid out as srv_upload_early spools it: two
 * bytes before it and a NUL after it.  The input's first line is the
 * boundary, the rest the body. */
#include <string.h>

#include "fuzz.h"
#include "server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size < 80 ? size : 80);
    if (!nl || nl == data)
        return 0;
    char *boundary = g_strndup((const char *)data, (gsize)(nl - data));
    const uint8_t *body = nl + 1;
    size_t len = size - (size_t)(body - data);
    /* exactly the bytes, in a buffer of their own size: the sanitizers see any overrun */
    char *buf = g_malloc(len + 3);
    memcpy(buf, "\r\n", 2);
    memcpy(buf + 2, body, len);
    buf[len + 2] = 0;
    GBytes *all = g_bytes_new_take(buf, len + 3), *b = g_bytes_new_from_bytes(all, 2, len);
    SoupMessageHeaders *h = soup_message_headers_new(SOUP_MESSAGE_HEADERS_REQUEST);
    GHashTable *params = g_hash_table_new(g_str_hash, g_str_equal);
    g_hash_table_insert(params, "boundary", boundary);
    soup_message_headers_set_content_type(h, "multipart/form-data", params);
    g_hash_table_unref(params);
    srv_limits lim = {.max_upload = 1 << 20, .max_files = 50, .max_file = 1 << 16};
    srv_form *f = srv_form_parse(h, b, &lim);
    guint status = 0;
    char *why = srv_form_error(f, SRV_LANG_EN, &status);
    if (!why) {
        for (guint i = 0; i < f->parts->len; i++) {
            const srv_part *p = &g_array_index(f->parts, srv_part, i);
            /* what was accepted is safe: relative, no ".." or empty folder, no '\\' */
            if (!p->name || !*p->name || p->name[0] == '/' || strchr(p->name, '\\'))
                abort();
            char **parts = g_strsplit(p->name, "/", -1);
            for (char **c = parts; *c; c++)
                if (!**c || strcmp(*c, "..") == 0 || strcmp(*c, ".") == 0)
                    abort();
            g_strfreev(parts);
            for (const char *c = p->name; *c; c++)
                if ((unsigned char)*c < 0x20)
                    abort();
        }
    } else if (status < 400 || status > 499) {
        abort();
    }
    g_free(why);
    srv_form_free(f);
    soup_message_headers_unref(h);
    g_bytes_unref(b);
    g_bytes_unref(all);
    g_free(boundary);
    return 0;
}
