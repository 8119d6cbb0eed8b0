/* fuzz_docref.c: the references and figures of one evidence cell
 * (kc_docref_parse), dates (kc_date_parse), type names, and the comparison of
 * every pair of references found. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kiemchung/docref.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A cell is a C string: the report parser hands over NUL-terminated text. */
    char *text = malloc(size + 1);
    kc_docref_list *list = NULL;
    kc_error err = {0};
    kc_date d;
    char buf[16];

    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    if (kc_date_parse(&d, text))
        kc_date_format(&d, buf, sizeof buf);
    if (kc_docref_type_canonical(text))
        kc_docref_type_name(kc_docref_type_canonical(text));
    if (kc_docref_parse(&list, text, &err) == 0) {
        size_t n = kc_docref_count(list);
        for (size_t i = 0; i < n && i < 32; i++) {
            const kc_docref *a = kc_docref_get(list, i);
            kc_date_format(&a->date, buf, sizeof buf);
            kc_date_format(&a->from, buf, sizeof buf);
            kc_date_format(&a->to, buf, sizeof buf);
            for (size_t j = 0; j < n && j < 32; j++)
                kc_docref_same(a, kc_docref_get(list, j));
        }
        kc_docref_list_free(list);
    }
    free(text);
    return 0;
}
