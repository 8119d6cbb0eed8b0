/* fuzz_csv.c: the streaming CSV reader (kc_csv_open_mem, kc_csv_next) over
 * every record, as the register and the ingest map read their files. */
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kc_csv *csv = NULL;
    kc_error err = {0};
    char **fields;
    size_t n, line;

    if (kc_csv_open_mem(&csv, (const char *)data, size, &err) != 0)
        return 0;
    kc_csv_separator(csv);
    /* Stop at the first error, as callers do: the reader's state after one is unspecified. */
    while (kc_csv_next(csv, &fields, &n, &line, &err) == 1) {
        for (size_t i = 0; i < n; i++)
            if (strlen(fields[i]) > KC_CSV_MAX_FIELD * 4) /* NFC or Windows-1258 may grow a field */
                abort();
        if (fields[n] != NULL)
            abort();
    }
    kc_csv_was_converted(csv);
    kc_csv_free(csv);
    return 0;
}
