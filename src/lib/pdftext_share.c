/* pdftext_share.c: a document's text read once for the several readings of
 * one desk submission (kc_textreader_share in kiemchung/textreader.h).
 *
 * The desk reads each signed document's first and last pages twice: index
 * reads the register's files (the row's own number and year), then the
 * review reads the same bytes again from the dossier it made of them.  Each
 * reading costs the reader process about 11 million instructions (poppler's
 * fonts and drawing, our /ActualText and digit-map check), five times what
 * verifying the document costs beyond hashing it.  Here the text is kept,
 * for the calling thread, by the SHA-256 of the very bytes that were read:
 * a path's file is read into memory first and those bytes are sent to the
 * reader, so what the key names is what poppler read, and a file that
 * changes has another key.  Nothing else goes into a text: not the trust
 * store, the time or the revocation data, which the callers apply to what
 * they read.
 *
 * A reading here always asks for both pages and notes the first page's text
 * on the way (the reader shows it to the parent before it reads the last
 * page), so that each later request gets what its own reading would have
 * given: the first page alone when its `enough` says so and the document
 * has more than one page, else both.  A reading that fails is not kept; when
 * the caller would have stopped at the first page, it is read again the
 * caller's own way (the last page may be what failed).  Only in a program
 * whose text is read by the reader process, whose path requests poppler also
 * reads from the file's bytes (textreader_proto.c), so a text read from
 * bytes here is the one a path request gave. */
#include <glib.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "kiemchung/textreader.h"
#include "pdftext.h"
#include "util.h"

/* As the reader maps a file (textreader_proto.c, MAP_MAX): a larger one is
 * read by path there, and is not shared here. */
#define SHARE_DOC_MAX (16u << 20)
/* The texts kept for one submission, in all: 1,500 real documents' first
 * and last pages are a few MB; thousands of crafted pages of 64 MiB of text
 * are read again rather than kept. */
#define SHARE_TEXT_MAX ((size_t)64 << 20)
#define ROOM 32 /* zero bytes after a text (pdftext.c: PCRE2 reads past the end) */

typedef struct {
    char *first; /* the first page's text when the document has more than one page; else NULL */
    char *text;  /* the first and last pages, as kc_pdftext_first_last gives them */
} shared_text;

static _Thread_local GHashTable *shared; /* 32-byte SHA-256 → shared_text */
static _Thread_local size_t shared_size;

static guint key_hash(gconstpointer k)
{
    guint h;
    memcpy(&h, k, sizeof h); /* a digest's bytes are as good as any hash */
    return h;
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, 32) == 0;
}

static void shared_text_free(gpointer p)
{
    shared_text *s = p;
    if (s) {
        free(s->first);
        free(s->text);
        free(s);
    }
}

void kc_textreader_share(bool on)
{
    if (shared)
        g_hash_table_destroy(shared);
    shared = on ? g_hash_table_new_full(key_hash, key_equal, free, shared_text_free) : NULL;
    shared_size = 0;
}

/* A copy of text with the room the callers' patterns need after it. */
static char *copy_text(const char *text)
{
    size_t n = strlen(text);
    char *c = malloc(n + ROOM);
    if (c) {
        memcpy(c, text, n);
        memset(c + n, 0, ROOM);
    }
    return c;
}

/* The reading's `enough`: notes the first page's text, and asks for the
 * last page whatever the first says. */
typedef struct {
    char *first;
    bool oom;
} noting;

static bool note_first(const char *first, void *user)
{
    noting *n = user;
    if (!n->first && !n->oom && !(n->first = copy_text(first)))
        n->oom = true;
    return false;
}

int kc_pdftext_shared_read(char **out, const char *name, const char *path, const void *data, size_t len,
                           const unsigned char *sha256, bool (*enough)(const char *first, void *user), void *user,
                           kc_error *err)
{
    char *bytes = NULL;
    unsigned char key[32];
    noting n = {0};
    shared_text *s = NULL;
    bool own = false; /* s is this call's to free (not in the table) */
    int rc = KC_PDFTEXT_NOT_SHARED;

    if (!shared || !kc_textreader_on())
        return rc;
    if (path) {
        /* What the reader would map of it (a regular file, not empty, not
         * over the bound), read here so that the key is of those bytes. */
        if (kc_file_read(&bytes, &len, path, SHARE_DOC_MAX, NULL) != 0 || len == 0)
            goto out;
        data = bytes;
        sha256 = NULL; /* a path's bytes are hashed as read, whatever was said of the file */
    } else if (len == 0 || len > SHARE_DOC_MAX) {
        goto out;
    }
    if (sha256)
        memcpy(key, sha256, sizeof key);
    else if (EVP_Digest(data, len, key, NULL, EVP_sha256(), NULL) != 1)
        goto out;
    if (!(s = g_hash_table_lookup(shared, key))) {
        char *text = NULL;
        kc_error e = {0};
        rc = kc_pdftext_read_plain(&text, name, NULL, data, len, note_first, &n, &e);
        if (rc == 0 && n.oom) { /* the first page could not be noted: read it the caller's way */
            free(text);
            rc = KC_PDFTEXT_NOT_SHARED;
            goto out;
        }
        if (rc != 0) {
            /* Its own reading would have stopped at the first page, which
             * was read: the last page may be what failed.  Else it is the
             * same reading, and the same failure. */
            if (enough && n.first && enough(n.first, user))
                rc = KC_PDFTEXT_NOT_SHARED;
            else if (err)
                *err = e;
            goto out;
        }
        if (!(s = calloc(1, sizeof *s))) {
            free(text);
            rc = kc_error_oom(err);
            goto out;
        }
        own = true;
        s->text = text;
        s->first = n.first;
        n.first = NULL;
        size_t size = strlen(s->text) + (s->first ? strlen(s->first) : 0);
        unsigned char *k = size <= SHARE_TEXT_MAX - shared_size ? malloc(sizeof key) : NULL;
        if (k) {
            memcpy(k, key, sizeof key);
            g_hash_table_insert(shared, k, s);
            shared_size += size;
            own = false;
        }
    }
    /* What this request's own reading gives (pdftext.c, from_doc). */
    const char *t = s->first && enough && enough(s->first, user) ? s->first : s->text;
    rc = (*out = copy_text(t)) ? 0 : kc_error_oom(err);
out:
    if (own)
        shared_text_free(s);
    free(n.first);
    free(bytes);
    return rc;
}
