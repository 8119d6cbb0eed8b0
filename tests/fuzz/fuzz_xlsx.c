/* fuzz_xlsx.c: an Excel workbook as `kiemchung index` reads one: the package
 * (relationships, workbook, shared strings, styles), the worksheet streamed
 * row by row with its merged areas, and the register built on the rows. */
#include <stdio.h>

#include "fuzz_ooxml.h"
#include "kiemchung/register.h"
#include "xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = fuzz_package(data, size);
    char path[64];
    kc_register *reg = NULL;
    kc_xlsx *x = NULL;
    kc_error err = {0};

    if (fd < 0)
        return 0;
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    if (kc_register_load_xlsx(&reg, path, NULL, &err) == 0) {
        for (size_t i = 0; i < kc_register_count(reg); i++)
            (void)kc_register_row_at(reg, i);
        for (size_t i = 0; i < kc_register_warning_count(reg); i++)
            (void)kc_register_warning(reg, i);
        kc_register_free(reg);
    }
    /* The rows themselves, of a sheet chosen by name. */
    if (kc_xlsx_open(&x, path, "Năm 2020", &err) == 0) {
        char **f;
        size_t n, row;
        while (kc_xlsx_next(x, &f, &n, &row, &err) == 1)
            (void)kc_xlsx_row_is_label(x);
        kc_xlsx_free(x);
    }
    close(fd);
    return 0;
}
