/* sfnt.c: see sfnt.h. */
#include <string.h>

#include "sfnt.h"

bool kc_sfnt_be16(const unsigned char *b, size_t n, size_t at, uint32_t *v)
{
    if (at > n || n - at < 2)
        return false;
    *v = (uint32_t)b[at] << 8 | b[at + 1];
    return true;
}

bool kc_sfnt_be32(const unsigned char *b, size_t n, size_t at, uint32_t *v)
{
    if (at > n || n - at < 4)
        return false;
    *v = (uint32_t)b[at] << 24 | (uint32_t)b[at + 1] << 16 | (uint32_t)b[at + 2] << 8 | b[at + 3];
    return true;
}

bool kc_sfnt_table(const unsigned char *f, size_t n, const char *tag, const unsigned char **t, size_t *tn)
{
    uint32_t count, off, len;
    if (!kc_sfnt_be16(f, n, 4, &count))
        return false;
    for (uint32_t i = 0; i < count; i++) {
        size_t rec = 12 + 16 * (size_t)i;
        if (rec + 16 > n)
            return false;
        if (memcmp(f + rec, tag, 4) != 0)
            continue;
        if (!kc_sfnt_be32(f, n, rec + 8, &off) || !kc_sfnt_be32(f, n, rec + 12, &len) || off > n || n - off < len)
            return false;
        *t = f + off;
        *tn = len;
        return true;
    }
    return false;
}
