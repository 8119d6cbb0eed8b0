/* fuzz_server_query.c: a query string (srv_query_get, srv_parse_year) and a
 * Cookie header (srv_cookie_get, srv_session_id_ok), the rest of what a
 * request carries that the server parses itself. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = g_strndup((const char *)data, size);
    static const char *const keys[] = {"year", "lang", "kc_session", ""};
    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
        char *v = srv_query_get(s, keys[i]);
        if (v && !g_utf8_validate(v, -1, NULL))
            abort();
        int y = srv_parse_year(v);
        if (y && (y < 1990 || y > 2200))
            abort();
        g_free(v);
        char *c = srv_cookie_get(s, keys[i]);
        if (c && srv_session_id_ok(c) && strlen(c) != 64)
            abort();
        g_free(c);
    }
    g_free(s);
    return 0;
}
