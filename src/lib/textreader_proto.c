/* textreader_proto.c: the text reader's protocol (textreader.h), both sides.
 *
 * The parent's half, kc_textreader_read_reply, parses what another process
 * says: a reader that crashed half-way, or one a crafted page has taken over.
 * So it trusts nothing: every frame's type must be one expected at that
 * point, every length is checked against a fixed limit before anything is
 * allocated, and the text must be UTF-8 without NUL, as poppler's is.  It is
 * fuzzed (tests/fuzz/fuzz_textreader.c) over any byte stream.
 *
 * The reader's half, kc_textreader_serve_one, reads requests from its parent,
 * which it trusts, and answers with kc_pdftext_local. */
#include <fcntl.h>
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pdftext.h"
#include "textreader.h"

#define ROOM 32 /* zero bytes after a text (pdftext.c: PCRE2 reads past the end) */

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* One frame whose payload is a then b (either may be empty). */
static int send_frame(const kc_textreader_io *io, char type, const void *a, size_t alen, const void *b, size_t blen)
{
    unsigned char h[5];
    if (alen > UINT32_MAX - blen)
        return -1;
    h[0] = (unsigned char)type;
    put32(h + 1, (uint32_t)(alen + blen));
    if (io->write(io->ctx, h, sizeof h) != 0 || (alen && io->write(io->ctx, a, alen) != 0) ||
        (blen && io->write(io->ctx, b, blen) != 0))
        return -1;
    return 0;
}

static int read_header(const kc_textreader_io *io, char *type, uint32_t *len)
{
    unsigned char h[5];
    if (io->read(io->ctx, h, sizeof h) != 0)
        return -1;
    *type = (char)h[0];
    *len = get32(h + 1);
    return 0;
}

int kc_textreader_send_request(const kc_textreader_io *io, const char *path, const void *data, size_t len, bool ask)
{
    const char mode = ask ? 1 : 0;
    if (path)
        return send_frame(io, 'P', &mode, 1, path, strlen(path));
    return send_frame(io, 'B', &mode, 1, data, len);
}

/* A payload of len bytes (len already checked against its limit) with room
 * after it, which must be UTF-8 without NUL.  NULL, with *broken set when
 * the bytes are at fault rather than memory. */
static char *read_text(const kc_textreader_io *io, uint32_t len, bool *broken)
{
    char *t = malloc((size_t)len + ROOM);
    *broken = false;
    if (!t)
        return NULL;
    if (io->read(io->ctx, t, len) != 0 || !g_utf8_validate(t, (gssize)len, NULL)) {
        free(t);
        *broken = true;
        return NULL;
    }
    memset(t + len, 0, ROOM);
    return t;
}

int kc_textreader_read_reply(char **text, char **why, const kc_textreader_io *io, bool ask,
                             bool (*enough)(const char *first, void *user), void *user)
{
    bool asked = false, broken;
    char type;
    uint32_t len;
    *text = *why = NULL;
    for (;;) {
        if (read_header(io, &type, &len) != 0)
            return KC_TEXTREADER_BROKEN;
        switch (type) {
        case 'F': { /* the first page, once, and only when asked for */
            if (!ask || asked || len > KC_TEXTREADER_TEXT_MAX)
                return KC_TEXTREADER_BROKEN;
            char *first = read_text(io, len, &broken);
            if (!first)
                return broken ? KC_TEXTREADER_BROKEN : KC_TEXTREADER_NOMEM;
            bool done = enough && enough(first, user);
            free(first);
            asked = true;
            if (send_frame(io, done ? 'Y' : 'N', NULL, 0, NULL, 0) != 0)
                return KC_TEXTREADER_BROKEN;
            break;
        }
        case 'T':
            if (len > KC_TEXTREADER_TEXT_MAX)
                return KC_TEXTREADER_BROKEN;
            if (!(*text = read_text(io, len, &broken)))
                return broken ? KC_TEXTREADER_BROKEN : KC_TEXTREADER_NOMEM;
            return KC_TEXTREADER_TEXT;
        case 'E':
            if (len > KC_TEXTREADER_WHY_MAX)
                return KC_TEXTREADER_BROKEN;
            if (!(*why = read_text(io, len, &broken)))
                return broken ? KC_TEXTREADER_BROKEN : KC_TEXTREADER_NOMEM;
            return KC_TEXTREADER_UNREADABLE;
        case 'M':
            return len == 0 ? KC_TEXTREADER_MEMORY : KC_TEXTREADER_BROKEN;
        default:
            return KC_TEXTREADER_BROKEN;
        }
    }
}

/* The reader's side of 'F': sends the first page and waits for the answer. */
typedef struct {
    const kc_textreader_io *io;
    bool failed; /* the parent's answer did not come: give up the request */
} asking;

static bool ask_parent(const char *first, void *user)
{
    asking *a = user;
    char type;
    uint32_t len;
    if (a->failed)
        return true;
    if (send_frame(a->io, 'F', first, strlen(first), NULL, 0) != 0 || read_header(a->io, &type, &len) != 0 ||
        len != 0 || (type != 'Y' && type != 'N')) {
        a->failed = true;
        return true; /* read no more: the answer is thrown away */
    }
    return type == 'Y';
}

/* The file a 'P' request names, mapped, when it is a regular file of at
 * most MAP_MAX bytes; NULL otherwise (then poppler opens it by its path, as
 * before).  poppler reading a file by its path goes through a stream that
 * refills 256 bytes at a time with pread (about 170 system calls for a bench
 * document of 360 KB), and pdf_actual.c then read the whole file once more
 * (kc_pdf_open_src from the descriptor): both now read the same mapped
 * bytes, poppler through its memory stream, which parses the same way.  The
 * bound keeps the mapping from eating into the address-space limit poppler
 * has (textreader.c).  A file cut short while mapped kills this process with
 * SIGBUS, which the parent takes as a reader that died (the text unread), as
 * it takes any crash here: only the reader maps. */
#define MAP_MAX (16u << 20)

static void *map_file(const char *path, size_t *len)
{
    struct stat st;
    void *map = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && (uint64_t)st.st_size <= MAP_MAX) {
        map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (map == MAP_FAILED)
            map = NULL;
        else
            *len = (size_t)st.st_size;
    }
    close(fd);
    return map;
}

int kc_textreader_serve_one(const kc_textreader_io *io)
{
    char type, *req = NULL, *text = NULL, *why = NULL, *path = NULL;
    uint32_t len;
    int rc = -1;
    unsigned char h[5];
    /* The end of the stream between requests is the parent letting go. */
    if (io->read(io->ctx, h, 1) != 0)
        return 1;
    if (io->read(io->ctx, h + 1, 4) != 0)
        return -1;
    type = (char)h[0];
    len = get32(h + 1);
    if ((type != 'P' && type != 'B') || len < 1)
        return -1;
    if (!(req = malloc((size_t)len + 1))) {
        /* the bytes are still in the stream: answer, then stop (the parent
         * may see the stream close before it reads the answer) */
        send_frame(io, 'M', NULL, 0, NULL, 0);
        return -2;
    }
    if (io->read(io->ctx, req, len) != 0)
        goto out;
    req[len] = '\0';
    asking a = {io, false};
    bool ask = req[0] == 1;
    if (type == 'P')
        path = req + 1;
    size_t map_len = 0;
    void *map = path ? map_file(path, &map_len) : NULL;
    int r = map ? kc_pdftext_local(&text, &why, NULL, map, map_len, ask ? ask_parent : NULL, &a)
                : kc_pdftext_local(&text, &why, path, req + 1, (size_t)len - 1, ask ? ask_parent : NULL, &a);
    if (map)
        munmap(map, map_len);
    if (a.failed)
        goto out;
    if (r == 0 && strlen(text) > KC_TEXTREADER_TEXT_MAX) {
        static const char over[] = "the page's text is over 64 MiB";
        rc = send_frame(io, 'E', over, sizeof over - 1, NULL, 0);
    } else if (r == 0)
        rc = send_frame(io, 'T', text, strlen(text), NULL, 0);
    else if (r == KC_EFORMAT) {
        /* poppler's words, at most the limit, cut at a character */
        char *valid = g_utf8_make_valid(why ? why : "?", -1);
        size_t n = strlen(valid);
        if (n > KC_TEXTREADER_WHY_MAX)
            n = (size_t)(g_utf8_find_prev_char(valid, valid + KC_TEXTREADER_WHY_MAX + 1) - valid);
        rc = send_frame(io, 'E', valid, n, NULL, 0);
        g_free(valid);
    } else
        rc = send_frame(io, 'M', NULL, 0, NULL, 0);
out:
    free(req);
    free(text);
    free(why);
    return rc;
}
