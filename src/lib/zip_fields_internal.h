/* zip_fields_internal.h (internal): an entry's extra fields and attributes
 * (zip_fields.c), read for zip_layout.c. */
#ifndef KC_ZIP_FIELDS_INTERNAL_H
#define KC_ZIP_FIELDS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zip_layout.h"

/* Little-endian fields, as the zip format stores every number. */
static inline uint16_t le16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t le64(const unsigned char *p) { return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32; }

typedef struct extra {
    const unsigned char *z64; /* the ZIP64 block's data, or NULL */
    uint16_t z64_len;
    uint16_t other;           /* the id of a block that is refused */
} extra;

/* The blocks of an extra field of len bytes at p, for the entry called name
 * (nlen bytes): NULL when they are acceptable, a reason otherwise ("" with
 * x->other set for a block a dossier never has). */
const char *kc_zf_parse_extra(const unsigned char *p, size_t len, extra *x, bool elsewhere, const unsigned char *name,
                              size_t nlen);
/* A directory record's 64-bit values from its ZIP64 block: NULL or a reason. */
const char *kc_zf_central_zip64(const extra *x, uint64_t *usize, uint64_t *csize, uint64_t *offset);
/* Why readers would take entry e for another kind of file than its name says, or NULL. */
const char *kc_zf_attributes(const kc_zl_entry *e, bool dir, bool elsewhere);

#endif
