/* zip_read_internal.h (internal): the open archive that zip_read.c (opening,
 * vetting names and sizes) and zip_stream.c (reading entries) share. */
#ifndef KC_ZIP_READ_INTERNAL_H
#define KC_ZIP_READ_INTERNAL_H

#include <glib.h>
#include <stdint.h>

#include "zip_layout.h"
#include "zipio.h"

struct kc_zr {
    int fd;
    char *path;
    uint64_t archive_size;
    kc_zl zl;
    kc_zr_entry *entries;
    size_t n;
    GHashTable *by_name;     /* name → index + 1 */
};

#endif
