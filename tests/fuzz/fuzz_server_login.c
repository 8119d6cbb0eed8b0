/* fuzz_server_login.c: the body of POST /api/login (srv_parse_login): JSON
 * with "user" and "password" strings; anything else is refused, and what is
 * accepted is bounded. */
#include <string.h>

#include "fuzz.h"
#include "server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *user = NULL, *password = NULL;
    /* in a buffer of exactly its size, as the server's body buffer holds it */
    char *body = g_memdup2(data, size);
    if (srv_parse_login(body, size, &user, &password)) {
        if (!user || !password || !*user || strlen(user) > 256 || strlen(password) > 256)
            abort();
    } else if (user || password) {
        abort();
    }
    g_free(user);
    g_free(password);
    g_free(body);
    return 0;
}
