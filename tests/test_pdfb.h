/* test_pdfb.h: the unit tests' tiny PDF writer (objects, xref sections, a
 * signature placeholder patched to sign what precedes its /Contents) and the
 * fixture that opens its bytes with the structure reader; for test_pdf.c,
 * test_pdf_visible.c and test_pdf_notes.c. */
#ifndef KC_TEST_PDFB_H
#define KC_TEST_PDFB_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pdf.h"

/* ---- a tiny PDF writer for the tests ---------------------------------- */

typedef struct pdfb {
    GString *s;
    uint64_t off[32];
    int nums[32];
    int n;          /* objects in the current revision */
    uint64_t last_xref;
} pdfb;

static inline void obj(pdfb *b, int num, const char *body)
{
    b->nums[b->n++] = num;
    b->off[num] = b->s->len;
    g_string_append_printf(b->s, "%d 0 obj\n%s\nendobj\n", num, body);
}

/* Ends a revision: an xref table for the objects written since the last one. */
static inline void revision(pdfb *b, const char *trailer_extra)
{
    uint64_t xref = b->s->len;
    g_string_append(b->s, "xref\n0 1\n0000000000 65535 f \n");
    for (int i = 0; i < b->n; i++)
        g_string_append_printf(b->s, "%d 1\n%010llu 00000 n \n", b->nums[i],
                               (unsigned long long)b->off[b->nums[i]]);
    g_string_append_printf(b->s, "trailer\n<< /Size 32 /Root 1 0 R %s", trailer_extra ? trailer_extra : "");
    if (b->last_xref)
        g_string_append_printf(b->s, " /Prev %llu", (unsigned long long)b->last_xref);
    g_string_append_printf(b->s, " >>\nstartxref\n%llu\n%%%%EOF\n", (unsigned long long)xref);
    b->last_xref = xref;
    b->n = 0;
}

/* Patches the last signature placeholder so that it signs everything
 * written so far except its /Contents. */
static inline void seal(pdfb *b)
{
    char *br = g_strrstr(b->s->str, "/ByteRange [0 0000000000 0000000000 0000000000]");
    assert_non_null(br);
    char *c = strstr(br, "/Contents <");
    assert_non_null(br);
    assert_non_null(c);
    size_t a = (size_t)(c - b->s->str) + 10, e = a;
    while (b->s->str[e] != '>')
        e++;
    e++;
    char tmp[64];
    snprintf(tmp, sizeof tmp, "[0 %010zu %010zu %010zu]", a, e, b->s->len - e);
    memcpy(br + 11, tmp, strlen(tmp));
}

static const char *const SIGDICT =
    "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached "
    "/ByteRange [0 0000000000 0000000000 0000000000] /Contents <3082000000000000> >>";

typedef struct fixture {
    char path[64];
    int fd;
    kc_pdf_doc *doc;
    kc_pdf_sig *sigs;
    size_t n;
} fixture;

static inline int setup(void **state)
{
    *state = calloc(1, sizeof(fixture));
    return 0;
}

static inline int teardown(void **state)
{
    fixture *f = *state;
    kc_pdf_sigs_free(f->sigs, f->n);
    kc_pdf_close(f->doc);
    if (f->fd > 0) {
        close(f->fd);
        unlink(f->path);
    }
    free(f);
    return 0;
}

static inline int open_bytes(fixture *f, const char *data, size_t len, kc_error *err)
{
    strcpy(f->path, "/tmp/kc-test-pdf-XXXXXX");
    f->fd = mkstemp(f->path);
    assert_int_equal(write(f->fd, data, len), (ssize_t)len);
    return kc_pdf_open(&f->doc, f->fd, len, err);
}

#endif
