/* csv.h (internal): a small streaming CSV reader for what Excel and clerks
 * write: UTF-8 with or without a BOM, ',' ';' or TAB separated (detected from
 * the first line), quoted fields holding separators, quotes ("") and line
 * breaks, CRLF or LF.  Every length an input controls is bounded. */
#ifndef KC_CSV_H
#define KC_CSV_H

#include <stddef.h>
#include "kiemchung/error.h"

#define KC_CSV_MAX_FIELD (64u * 1024u)  /* bytes in one field */
#define KC_CSV_MAX_RECORD (1u << 20)    /* bytes in one record */
#define KC_CSV_MAX_FIELDS 256           /* fields in one record */

typedef struct kc_csv kc_csv;

/* Opens a file for reading (streaming, 64 KiB at a time). */
int kc_csv_open(kc_csv **out, const char *path, kc_error *err);
/* Reads from memory (the fuzzer's entry point); data must outlive the reader. */
int kc_csv_open_mem(kc_csv **out, const char *data, size_t len, kc_error *err);

/* The next record: 1 with *fields (borrowed until the next call) and *n set,
 * 0 at the end, negative on a malformed or oversized record (err names the
 * line).  *line is the line the record starts on (1-based). */
int kc_csv_next(kc_csv *csv, char ***fields, size_t *n, size_t *line, kc_error *err);

/* The number of the record kc_csv_next returned last, counting blank ones:
 * the row Excel shows it on (a quoted cell over two lines is one row). */
size_t kc_csv_record(const kc_csv *csv);

char kc_csv_separator(const kc_csv *csv);
/* True when a record was not valid UTF-8 and was read as Windows-1258
 * (Excel's "CSV" on a Vietnamese Windows), so callers can warn. */
int kc_csv_was_converted(const kc_csv *csv);

void kc_csv_free(kc_csv *csv);

#endif
