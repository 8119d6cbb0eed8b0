/* pdf_file.c: positioned reads from the document (never the whole file, unless
 * the reader already holds it). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pdf.h"
#include "pdf_doc.h" /* KC_PDF_WHOLE */

ssize_t kc_pdf_pread(const kc_pdf_src *src, void *buf, size_t n, uint64_t off)
{
    size_t done = 0;
    if (off >= src->size)
        return 0;
    if (n > src->size - off)
        n = (size_t)(src->size - off);
    /* A small file is read whole once: its later reads are copies, a system
     * call each saved (the tail, the sections, each signature's gap), and
     * every check reads the bytes that were hashed. */
    if (src->mem) {
        memcpy(buf, src->mem + off, n);
        return (ssize_t)n;
    }
    while (done < n) {
        ssize_t r = pread(src->fd, (char *)buf + done, n - done, (off_t)(off + done));
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (r == 0)
            break;
        done += (size_t)r;
    }
    return (ssize_t)done;
}

unsigned char *kc_pdf_read_whole(int fd, uint64_t size)
{
    if (size == 0 || size > KC_PDF_WHOLE)
        return NULL;
    unsigned char *buf = malloc((size_t)size);
    kc_pdf_src src = {.fd = fd, .size = size};
    if (buf && kc_pdf_pread(&src, buf, (size_t)size, 0) != (ssize_t)size) {
        free(buf); /* changed under us, or unreadable: the caller reads as before */
        buf = NULL;
    }
    return buf;
}
