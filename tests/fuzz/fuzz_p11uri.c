/* fuzz_p11uri.c: the RFC 7512 PKCS#11 URI of `seal --key pkcs11:…`, which the
 * user types or pastes from a vendor's tool (kc_p11_uri_parse): attributes,
 * percent-escapes, ids, slot numbers, the PIN refusal. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The URI is a C string (an argv entry). */
    char *s = malloc(size + 8);
    kc_p11_uri u;
    kc_error err = {0};

    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    if (kc_p11_uri_parse(&u, s, &err) == 0)
        kc_p11_uri_clear(&u);
    /* The same bytes after the scheme, as a URI always starts. */
    memcpy(s, "pkcs11:", 7);
    memcpy(s + 7, data, size);
    s[size + 7] = '\0';
    if (kc_p11_uri_parse(&u, s, &err) == 0)
        kc_p11_uri_clear(&u);
    free(s);
    return 0;
}
