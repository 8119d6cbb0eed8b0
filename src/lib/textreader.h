/* textreader.h (internal): the text reader's protocol (textreader_proto.c)
 * and its use by pdftext.c (textreader.c).
 *
 * Over one stream socket, frames of a type byte, a payload length (four
 * bytes, big-endian) and the payload:
 *   parent → reader  'P' mode path       read the PDF at path
 *                    'B' mode bytes      read the PDF made of these bytes
 *                    'Y' / 'N' (empty)   the answer to 'F': enough / read on
 *   reader → parent  'F' text            the first page (mode 1 only, once)
 *                    'T' text            the answer: the text, in NFC
 *                    'E' reason          poppler cannot open it: its words
 *                    'M' (empty)         the reader ran out of memory
 * mode 0 reads the first and the last page; mode 1 reads the first, sends it
 * in 'F' and reads the last only on 'N' (kc_pdftext_first_then_last). */
#ifndef KC_TEXTREADER_INTERNAL_H
#define KC_TEXTREADER_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "kiemchung/textreader.h"

/* What a reply may hold.  A page's text is a few kilobytes, a heavy one a
 * few hundred (40,000 words): more than 64 MiB is a broken reader. */
#define KC_TEXTREADER_TEXT_MAX (64u << 20)
#define KC_TEXTREADER_WHY_MAX 4096u

/* The transport: read and write exactly n bytes, 0, or -1 when they could
 * not be (end of stream, deadline, error: the transport keeps which). */
typedef struct {
    int (*read)(void *ctx, void *buf, size_t n);
    int (*write)(void *ctx, const void *buf, size_t n);
    void *ctx;
} kc_textreader_io;

enum {
    KC_TEXTREADER_TEXT = 0,       /* *text: the document's text */
    KC_TEXTREADER_UNREADABLE = 1, /* *why: poppler's words (may be NULL) */
    KC_TEXTREADER_MEMORY = 2,     /* the reader ran out of memory */
    KC_TEXTREADER_BROKEN = -1,    /* transport failed, or a malformed reply */
    KC_TEXTREADER_NOMEM = -2,     /* this process ran out of memory */
};

/* Sends one request: the file at path, or (path NULL) len bytes at data;
 * ask: mode 1.  0 or -1. */
int kc_textreader_send_request(const kc_textreader_io *io, const char *path, const void *data, size_t len, bool ask);

/* Reads the reader's reply to one request, answering its 'F' with enough
 * (ask only).  Everything it reads is checked: frame types and their order,
 * lengths against the limits above (nothing is allocated beyond them), text
 * valid UTF-8 without NUL.  The text, malloc'd, has 32 zero bytes of room
 * after its end (pdftext.c says why).  Returns a KC_TEXTREADER_* above. */
int kc_textreader_read_reply(char **text, char **why, const kc_textreader_io *io, bool ask,
                             bool (*enough)(const char *first, void *user), void *user);

/* The reader's side: answers one request.  0 when answered, 1 at the end of
 * the stream, -1 when the stream broke or made no sense, -2 when the request
 * did not fit in memory (answered 'M'; the stream is then out of step). */
int kc_textreader_serve_one(const kc_textreader_io *io);

/* The environment a reader is started with (g_strfreev): env's variables, and
 * GLIBC_TUNABLES with a larger cache of freed blocks first (textreader.c
 * says why), the user's own tunables after it so that theirs win. */
char **kc_textreader_environ(char *const *env);

#endif
