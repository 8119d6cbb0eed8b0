/* kiemchung/textreader.h: reading documents' text in a child process with
 * limits.
 *
 * The library reads a PDF's first and last pages through poppler (the
 * register's own-number check, linking, the review's "Kính gửi:" line).  A
 * small crafted page can cost poppler minutes and gigabytes, or crash it.
 * A program that calls kc_textreader_enable() has every such reading done by
 * a persistent reader process (the program itself, re-executed with the
 * hidden argument "__text-reader") with a memory limit and a deadline per
 * document; a document over either, or one that kills the reader, reads as
 * unreadable with the reason, like a PDF poppler cannot open.  Without it,
 * the text is read in the calling process, without limits. */
#ifndef KIEMCHUNG_TEXTREADER_H
#define KIEMCHUNG_TEXTREADER_H

#include <stdbool.h>

#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The hidden argument that makes the program a text reader. */
#define KC_TEXTREADER_ARG "__text-reader"

/* Turns the child mode on for the whole process.  The program must pass
 * argv to kc_textreader_main when argv[1] is KC_TEXTREADER_ARG.  KC_EIO when
 * the program cannot find itself (/proc/self/exe): then the text is read in
 * process, as without the call. */
int kc_textreader_enable(kc_error *err);

/* The reader's main: answers requests on descriptor 3 until it closes.
 * Returns the exit status. */
int kc_textreader_main(int argc, char **argv);

/* A budget of reading time for the documents the calling thread reads next
 * (the desk sets one per submission): the readings' wall times are summed,
 * a document's deadline never passes what is left, and once it is spent
 * every further document's text is left out at once, with the reason, as a
 * document over its deadline is.  Without it a submission of thousands of
 * small crafted documents, each read up to its deadline, held a worker for
 * days.  0 ends the budget (the default: none).  KC_TEST_TEXT_BUDGET (tests
 * only) replaces the seconds given; 0 there means none. */
void kc_textreader_budget(unsigned seconds);

/* Whether the documents the calling thread reads next share their text
 * (the desk: one submission, whose documents index reads and then the
 * review reads again from the dossier made of them): a document's first and
 * last pages are read once, kept by the SHA-256 of the bytes read, and each
 * later reading of the same bytes gets what its own reading would have.
 * Only where the reader process is on (kc_textreader_enable); true empties
 * what was kept, false forgets it and stops sharing. */
void kc_textreader_share(bool on);

/* Kills and reaps every reader (also run at exit); the next reading starts
 * a fresh one. */
void kc_textreader_stop_all(void);

#ifdef __cplusplus
}
#endif
#endif
