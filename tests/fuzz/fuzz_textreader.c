/* fuzz_textreader.c: the parent's parser of a text reader's reply
 * (kc_textreader_read_reply), over any byte stream a crashed or hostile
 * reader could send.  The first byte chooses the mode (first+last, or asking
 * after the first page, with enough answering yes or no); the rest is what
 * the reader "says".  Whatever comes back must be one of the documented
 * results, a text must be NUL-free UTF-8 of at most the limit followed by 32
 * zero bytes, and the answers written back must be whole 'Y'/'N' frames. */
#include <glib.h>
#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "textreader.h"

typedef struct {
    const uint8_t *data;
    size_t size, off, written;
} stream;

static int mem_read(void *ctx, void *buf, size_t n)
{
    stream *s = ctx;
    if (n > s->size - s->off)
        return -1;
    memcpy(buf, s->data + s->off, n);
    s->off += n;
    return 0;
}

static int mem_write(void *ctx, const void *buf, size_t n)
{
    stream *s = ctx;
    const uint8_t *b = buf;
    if (n != 5 || (b[0] != 'Y' && b[0] != 'N') || b[1] || b[2] || b[3] || b[4])
        abort(); /* only empty answers go back */
    s->written++;
    return 0;
}

static bool yes(const char *first, void *user)
{
    (void)user;
    if (!g_utf8_validate(first, -1, NULL))
        abort();
    return true;
}

static bool no(const char *first, void *user)
{
    (void)user;
    if (!g_utf8_validate(first, -1, NULL))
        abort();
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = NULL, *why = NULL;
    if (size < 1)
        return 0;
    stream s = {data + 1, size - 1, 0, 0};
    kc_textreader_io io = {mem_read, mem_write, &s};
    bool ask = data[0] & 1;
    int rc = kc_textreader_read_reply(&text, &why, &io, ask, data[0] & 2 ? yes : no, NULL);
    switch (rc) {
    case KC_TEXTREADER_TEXT: {
        size_t n = strlen(text);
        static const char zeros[32];
        if (why || n > KC_TEXTREADER_TEXT_MAX || !g_utf8_validate(text, -1, NULL) || memcmp(text + n, zeros, 32) != 0)
            abort();
        break;
    }
    case KC_TEXTREADER_UNREADABLE:
        if (text || !why || strlen(why) > KC_TEXTREADER_WHY_MAX || !g_utf8_validate(why, -1, NULL))
            abort();
        break;
    case KC_TEXTREADER_MEMORY:
    case KC_TEXTREADER_BROKEN:
    case KC_TEXTREADER_NOMEM:
        if (text || why)
            abort();
        break;
    default:
        abort();
    }
    if (s.written > (ask ? 1u : 0u))
        abort();
    free(text);
    free(why);
    return 0;
}
