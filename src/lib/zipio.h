/* zipio.h (internal): the archive reader (zip_read.c) and writer (zip_write.c).
 *
 * libzip objects stay inside those two files.  The reader vets an archive
 * before anything trusts it (names, duplicates, links, sizes, ratios) and
 * streams entries with the limits enforced on the bytes actually inflated, not
 * on what the headers claim.  The writer streams each source once: SHA-256
 * while libzip computes CRC-32 and compresses the same buffer; it writes into
 * a temporary file beside the target, syncs it and renames it into place. */
#ifndef KC_ZIPIO_H
#define KC_ZIPIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kiemchung/dossier.h"

#define KC_ASIC_MIMETYPE "application/vnd.etsi.asic-e+zip"

/* ---- reader --------------------------------------------------------------- */

typedef struct kc_zr kc_zr;

typedef struct kc_zr_entry {
    char *name;          /* as stored (raw bytes) */
    uint64_t size;       /* declared inflated size */
    uint64_t comp_size;
    uint16_t method;     /* 0 stored, 8 deflated, ... */
    uint32_t mode;       /* Unix mode when the entry says so, else 0 */
    uint32_t dos_time;   /* modification date << 16 | time (MS-DOS fields; both headers agree) */
    bool utf8_flagged;   /* ASCII, or non-ASCII with the zip UTF-8 flag */
    bool is_dir;
} kc_zr_entry;

/* KC_EIO when path cannot be opened, KC_EFORMAT when it is not a readable zip
 * (the message says why). */
int kc_zr_open(kc_zr **out, const char *path, kc_error *err);
/* A zip made by other tools, to be unpacked (the desk's evidence): its layout
 * read as kc_zl_parse_elsewhere says (zip_layout.h); vet it all the same. */
int kc_zr_open_elsewhere(kc_zr **out, const char *path, kc_error *err);
size_t kc_zr_count(const kc_zr *zr);
const kc_zr_entry *kc_zr_get(const kc_zr *zr, size_t i);
/* Index of the first entry called name, or -1. */
int64_t kc_zr_find(const kc_zr *zr, const char *name);
uint64_t kc_zr_archive_size(const kc_zr *zr);

/* name as a file system that folds case and Unicode forms (Windows, macOS)
 * keys it: NFC, case folded, a trailing '/' dropped (g_free; NULL when not
 * valid UTF-8).  Two names of one key are one file there. */
char *kc_zr_name_key(const char *name);

/* name as Windows 7 and 8 Explorer writes it on NTFS, read in code page
 * kc_zip_dos_page(page) whatever its UTF-8 flag and upper-cased (g_free; NULL
 * for an ASCII name, which reads alike in every page).  Two names of one key
 * in one page are one file there (zip_dosnames.c). */
#define KC_ZIP_DOS_PAGES 4
char *kc_zip_dos_key(const char *name, size_t page);
char *kc_zip_dos_key_tagged(const char *name, size_t page); /* "page:key", as g_strdup_printf("%zu:%s") */
/* The key (tagged: "page:key") into out, its text replaced; false, out left
 * as it was, for an ASCII name. */
struct _GString;
bool kc_zip_dos_key_in(struct _GString *out, const char *name, size_t page, bool tagged); /* a GString */
unsigned kc_zip_dos_page(size_t page);
uint32_t kc_zip_dos_char(size_t page, unsigned char b); /* the character byte b reads in page */

/* The names of an archive's entries as Windows 7 and 8 Explorer writes them,
 * entry by entry (kc_zr_vet): kc_zip_dos_add files entry i and returns 1 +
 * the index of an earlier entry that Explorer writes as the same file, or,
 * with *folder set, one of which the one writes a folder and the other a
 * file of one name (rtzip19: "data/Hoá Ēơn.pdf/x.pdf" beside "data/Hoá
 * đơn.pdf" in 437); 0 when none.  *page: the page that joins them.  name
 * is borrowed: it must outlive d (kc_zr_vet: the archive's names). */
typedef struct kc_zip_dos kc_zip_dos;
kc_zip_dos *kc_zip_dos_new(void);
size_t kc_zip_dos_add(kc_zip_dos *d, size_t i, const char *name, bool is_dir, unsigned *page, bool *folder);
void kc_zip_dos_free(kc_zip_dos *d);

/* Fills lim's zero fields with the defaults. */
void kc_zip_limits_resolve(kc_zip_limits *lim, const kc_zip_limits *given);

typedef void (*kc_zr_problem_fn)(void *ud, const char *path, const char *code, const char *message);
/* A problem for fn whose message is printf-style (at most 1023 bytes). */
void kc_zr_problemf(kc_zr_problem_fn fn, void *ud, const char *path, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Checks every name and declared size before anything is read: unsafe names
 * (absolute, "..", ".", empty components, backslashes, drive letters, control
 * characters, invalid UTF-8), symbolic links and special files, duplicates
 * (also after NFC, and a file that is also a directory), and the limits
 * (entry and total size, count, ratio, entries overlapping).  Reports each to
 * fn; returns how many. */
size_t kc_zr_vet(const kc_zr *zr, const kc_zip_limits *lim, kc_zr_problem_fn fn, void *ud);

/* Whether the archive starts the ASiC way: a local header for "mimetype",
 * stored, no extra field, holding exactly KC_ASIC_MIMETYPE.  why gets the reason. */
bool kc_zr_mimetype_ok(const kc_zr *zr, char *why, size_t n);

typedef struct kc_zr_file kc_zr_file;
int kc_zr_fopen(kc_zr_file **out, kc_zr *zr, size_t i, const kc_zip_limits *lim, kc_error *err);
/* Bytes read (0 at the end).  KC_ELIMIT when the entry inflates beyond its
 * declared size or the limit; KC_EFORMAT when its data is corrupt (CRC). */
int64_t kc_zr_fread(kc_zr_file *f, void *buf, size_t n, kc_error *err);
void kc_zr_fclose(kc_zr_file *f);

/* A whole (small) entry in memory, NUL-terminated; KC_ELIMIT over max bytes. */
int kc_zr_read_all(char **out, size_t *len, kc_zr *zr, size_t i, size_t max, kc_error *err);
/* Streams entry i through SHA-256 (sha256 NULL: not hashed, only copied to
 * sink; the CRC is checked either way) and sink when not NULL. */
int kc_zr_hash(unsigned char sha256[32], uint64_t *size, kc_zr *zr, size_t i,
               const kc_zip_limits *lim, int (*sink)(void *ud, const void *buf, size_t n, kc_error *err),
               void *ud, kc_error *err);

void kc_zr_free(kc_zr *zr);

/* ---- writer ---------------------------------------------------------------- */

typedef struct kc_zw kc_zw;

/* Called when an entry's bytes have been read: their SHA-256 and count.  A
 * nonzero return aborts the whole archive with that error. */
typedef int (*kc_zw_done_fn)(void *ud, const unsigned char sha256[32], uint64_t size, kc_error *err);
/* Produces an entry's content (malloc'd) when libzip reaches it, i.e. after
 * every entry before it has been written and its done callback called. */
typedef int (*kc_zw_gen_fn)(void *ud, char **data, size_t *len, kc_error *err);

/* A writer for target: the temporary file is created now, in target's folder.
 * Every entry gets the time mtime (Unix seconds, written as that UTC wall
 * time) and mode 0644.  Fails with KC_EINVAL when target exists and !replace. */
int kc_zw_new(kc_zw **out, const char *target, bool replace, int64_t mtime, kc_error *err);
void kc_zw_set_events(kc_zw *w, const kc_dossier_events *ev, uint64_t total_bytes, size_t total_files);

int kc_zw_add_buffer(kc_zw *w, const char *name, const void *data, size_t len, bool deflate,
                     kc_error *err);
/* A file of the given size (it must not change while read). */
int kc_zw_add_path(kc_zw *w, const char *name, const char *path, uint64_t size, bool deflate,
                   kc_zw_done_fn done, void *ud, kc_error *err);
/* Entry `index` of an open archive, inflated, hashed and compressed again. */
int kc_zw_add_entry(kc_zw *w, const char *name, kc_zr *zr, size_t index, const kc_zip_limits *lim,
                    bool deflate, kc_zw_done_fn done, void *ud, kc_error *err);
int kc_zw_add_lazy(kc_zw *w, const char *name, bool deflate, kc_zw_gen_fn gen, void *ud,
                   kc_error *err);

/* Writes everything, syncs, renames into place and syncs the folder. */
int kc_zw_commit(kc_zw *w, kc_error *err);
/* Frees; an uncommitted archive's temporary files are removed. */
void kc_zw_free(kc_zw *w);

#endif
