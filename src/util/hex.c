/* hex.c: bytes as lower-case hexadecimal and back (digests in manifests,
 * certificate fingerprints). */
#include <stdbool.h>
#include <stddef.h>

#include "util.h"

static const char digits[] = "0123456789abcdef";

char *kc_hex_encode(char *out, const unsigned char *bytes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 0x0f];
    }
    out[2 * n] = '\0';
    return out;
}

char *kc_hex_dup(const unsigned char *bytes, size_t n)
{
    return kc_hex_encode(g_malloc(2 * n + 1), bytes, n);
}

bool kc_hex_decode(unsigned char *out, size_t n, const char *hex)
{
    for (size_t i = 0; i < n; i++) {
        int hi = hex[2 * i] ? g_ascii_xdigit_value(hex[2 * i]) : -1;
        int lo = hi >= 0 && hex[2 * i + 1] ? g_ascii_xdigit_value(hex[2 * i + 1]) : -1;
        if (lo < 0)
            return false;
        out[i] = (unsigned char)(hi << 4 | lo);
    }
    return hex[2 * n] == '\0';
}
