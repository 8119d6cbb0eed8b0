/* fuzz_server_path.c: a client's file name (srv_safe_path) and a part's
 * Content-Disposition (srv_parse_disposition), the two parsers every file of
 * an upload goes through.  What srv_safe_path accepts must be a relative
 * path that never leaves its folder, NFC, without control characters, and
 * accepted again unchanged. */
#include <string.h>

#include "fuzz.h"
#include "server.h"

static void check_path(const char *in)
{
    const char *why = NULL;
    char *safe = srv_safe_path(in, &why);
    if (!safe) {
        if (!why)
            abort();
        return;
    }
    char **parts = g_strsplit(safe, "/", -1);
    for (char **c = parts; *c; c++)
        if (!**c || strcmp(*c, ".") == 0 || strcmp(*c, "..") == 0 || strchr(*c, '\\') || strchr(*c, ':'))
            abort();
    g_strfreev(parts);
    char *nfc = g_utf8_normalize(safe, -1, G_NORMALIZE_NFC);
    char *again = srv_safe_path(safe, NULL);
    if (!nfc || strcmp(nfc, safe) != 0 || !again || strcmp(again, safe) != 0)
        abort();
    g_free(nfc);
    g_free(again);
    g_free(safe);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = g_strndup((const char *)data, size), *name = NULL, *file = NULL;
    check_path(s);
    if (srv_parse_disposition(s, &name, &file) && file)
        check_path(file);
    g_free(name);
    g_free(file);
    g_free(s);
    return 0;
}
