/* fuzz_register.c: the outgoing register as a clerk's CSV: headers mapped by
 * folded name, cells, numbers, dates (Excel serials included), file paths,
 * duplicate numbers; read from a file as `kiemchung index --register` does. */
#include <stdio.h>

#include "fuzz.h"
#include "kiemchung/register.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = fuzz_memfd(data, size);
    char path[64];
    kc_register *reg = NULL;
    kc_error err = {0};

    if (fd < 0)
        return 0;
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    if (kc_register_load_csv(&reg, path, &err) == 0) {
        for (size_t i = 0; i < kc_register_count(reg); i++)
            (void)kc_register_row_at(reg, i);
        for (size_t i = 0; i < kc_register_warning_count(reg); i++)
            (void)kc_register_warning(reg, i);
        kc_register_free(reg);
    }
    close(fd);
    return 0;
}
