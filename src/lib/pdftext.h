/* pdftext.h (internal): the text of a PDF's pages, read with poppler-glib.
 * This is document *content* (for the register and linking), never the
 * signature path, which reads the file structure itself. */
#ifndef KC_PDFTEXT_H
#define KC_PDFTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "kiemchung/error.h"

/* The text of the first page (and of the second after it when the first
 * gives no "Số: N/…": a cover page) and, when the document has more than
 * one, of its last page (where the "Nơi nhận:" block of an outgoing document sits),
 * in NFC, malloc'd.  KC_EFORMAT when poppler cannot open the file, when
 * those pages' text may give other figures than they draw (an /ActualText
 * holding a digit, pdf_actual.c: the caller then reads no number or year
 * from it and says why), or, in a
 * program that turned the reader process on (kiemchung/textreader.h), when
 * reading it went over the deadline or the memory limit or the reader died;
 * err says which. */
int kc_pdftext_first_last(char **out, const char *path, kc_error *err);
/* The same from a document's bytes (a dossier's entry, never extracted),
 * which must stay as they are until it returns; name is for messages. */
int kc_pdftext_first_last_bytes(char **out, const char *name, const void *data, size_t len, kc_error *err);

/* The same, when the caller knows the bytes' SHA-256 (the verifier's own
 * pass over them): a thread that shares its documents' texts
 * (kc_textreader_share) then need not hash them again. */
int kc_pdftext_first_last_bytes_sha256(char **out, const char *name, const void *data, size_t len,
                                       const unsigned char sha256[32], kc_error *err);

/* The same, reading the last page only when the first page's text does not
 * settle what the caller looks for: `enough` (NULL: never) is given the
 * first page's text, in NFC, and says whether it does.  When it does, *out
 * is the first page's text alone, a prefix of what kc_pdftext_first_last
 * gives, which ends in a newline.  A caller whose answer is the same on that
 * prefix as on the whole (register_pdf.c says why its answers are) reads one
 * page of a long document instead of two. */
int kc_pdftext_first_then_last(char **out, const char *path, bool (*enough)(const char *first, void *user), void *user,
                               kc_error *err);

/* What the three above do, always in this process: the file at path, or
 * (path NULL) len bytes at data.  0; KC_EFORMAT when poppler cannot open it,
 * with *why its words (malloc'd, or NULL); KC_ENOMEM.  The text reader's
 * process calls it (textreader_proto.c). */
int kc_pdftext_local(char **out, char **why, const char *path, const void *data, size_t len,
                     bool (*enough)(const char *first, void *user), void *user);

/* The three above without sharing (name is for messages): what
 * kc_pdftext_shared_read calls to read a document it has not seen. */
int kc_pdftext_read_plain(char **out, const char *name, const char *path, const void *data, size_t len,
                          bool (*enough)(const char *first, void *user), void *user, kc_error *err);

/* The names poppler-glib is loaded by (pdftext.c, pdftext_shown.c). */
extern const char *const kc_poppler_sonames[];

/* How many documents the calling thread had poppler read (in this process
 * or the reader's): what sharing saves, for the tests. */
size_t kc_pdftext_readings(void);

/* The reading of a thread that shares its documents' texts
 * (kc_textreader_share, pdftext_share.c): 0 or an error as the three above
 * say, or KC_PDFTEXT_NOT_SHARED when the thread does not share, the
 * document cannot be (a file over 16 MiB, not regular, empty), or it must be
 * read the caller's own way; sha256 (or NULL) is data's. */
#define KC_PDFTEXT_NOT_SHARED 1
int kc_pdftext_shared_read(char **out, const char *name, const char *path, const void *data, size_t len,
                           const unsigned char *sha256, bool (*enough)(const char *first, void *user), void *user,
                           kc_error *err);

/* The child mode (textreader.c): whether kc_textreader_enable() was called,
 * and the three above in the reader process.  Returns 0, KC_EFORMAT (err
 * says why: poppler's words, the deadline, the memory limit, a crash) or
 * KC_ENOMEM. */
bool kc_textreader_on(void);
int kc_textreader_read(char **out, const char *name, const char *path, const void *data, size_t len,
                       bool (*enough)(const char *first, void *user), void *user, kc_error *err);

#endif
