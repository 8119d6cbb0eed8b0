/* zip_layout.h (internal): the zip's structure, read strictly (zip_layout.c).
 *
 * A zip can be read in more than one way: from the first consistent end
 * record or the last, through its central directory or its local headers,
 * with or without a ZIP64 record, a Unicode-path extra field or a data
 * descriptor, taking an entry's kind (file, folder, link) from the bits the
 * system that made it uses or from an extra field.  Tools differ, so an
 * attacker can show unzip and 7-Zip one file while a checker reads another.
 * kc_zl_parse accepts only the archives that every reader reads the same way: the end record (or the ZIP64 record,
 * locator and end record) is the last bytes of the file with no comment; the
 * central directory ends where that starts and begins where the last entry's
 * data ends; local headers follow one another from offset 0 in directory
 * order and agree with the directory; every byte belongs to exactly one
 * entry, the directory or the end records; every entry is made by Unix with
 * the mode its name says, and carries no extra field but ZIP64.  The reader
 * (zip_read.c) then reads entries only through the offsets found here. */
#ifndef KC_ZIP_LAYOUT_H
#define KC_ZIP_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kiemchung/error.h"

#define KC_ZL_NAME_MAX 1024  /* bytes in an entry name */
#define KC_ZL_DEPTH_MAX 64   /* components in an entry name */

typedef struct kc_zl_entry {
    const char *name;        /* NUL-terminated (a name holding NUL is refused); in the arena */
    uint32_t name_len;
    uint16_t made_by;        /* "version made by": the high byte is the system (3 = Unix) */
    uint16_t flags;          /* general-purpose bits (11: UTF-8) */
    uint16_t method;         /* 0 stored, 8 deflated: nothing else is accepted */
    uint16_t version_needed; /* "version needed to extract": 4.5 at most, system 0 */
    uint32_t dos_time;       /* modification date << 16 | time, MS-DOS fields, as both headers give it */
    uint32_t crc;
    uint32_t ext_attr;       /* external attributes (Unix mode << 16 when made on Unix) */
    uint64_t comp_size, size;
    uint64_t header_offset;  /* the local header */
    uint64_t data_offset;    /* the first byte of the entry's data */
} kc_zl_entry;

typedef struct kc_zl {
    kc_zl_entry *entries;
    size_t n;
    char *names;             /* every name, NUL-terminated, one after another */
    uint64_t cd_offset, cd_size;
    bool zip64;
} kc_zl;

/* Parses the archive open on fd (file_size bytes).  KC_EFORMAT when it is not
 * a zip or not laid out strictly (the message, a sentence without the file
 * name, says where), KC_ELIMIT when a name is longer or deeper than the
 * limits above, KC_EIO when fd cannot be read, KC_ENOMEM. */
int kc_zl_parse(kc_zl *out, int fd, uint64_t file_size, kc_error *err);
/* The same for a zip made by other tools (evidence a clerk zipped with
 * Windows Explorer, 7-Zip or macOS, sent to the desk), which is unpacked, not
 * kept: extra fields, comments, data descriptors (checked against the
 * directory), other systems' attributes and later versions are let through;
 * the layout itself (no byte outside an entry, the headers agreeing on name,
 * method and sizes, no encryption, stored or deflated only) stays strict. */
int kc_zl_parse_elsewhere(kc_zl *out, int fd, uint64_t file_size, kc_error *err);
void kc_zl_clear(kc_zl *zl);

/* Why a reader of another format (libarchive's ISO 9660 reader: bsdtar; GNU tar) would
 * take the file open on fd (size bytes) for one of its own, or NULL; *at is
 * the offset of the bytes that make it so (zip_formats.c).  kc_zl_parse refuses such
 * a file, naming the entry that holds those bytes; the writer refuses to make
 * one. */
const char *kc_zl_other_format(int fd, uint64_t size, uint64_t *at);

#endif
