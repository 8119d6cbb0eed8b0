/* dossier_model.h (internal): a dossier in memory: metadata, criteria with
 * their citations, payload files.  Built by ingest (dossier_ingest.c), read
 * back from dossier.json (dossier_json.c) and turned into the tag files
 * (dossier_bag.c, dossier_html.c).  The public kc_dossier_* accessors read
 * it directly. */
#ifndef KC_DOSSIER_MODEL_H
#define KC_DOSSIER_MODEL_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "kiemchung/dossier.h"
#include "zipio.h"

#define KC_DOSSIER_FORMAT "kiemchung-dossier"
#define KC_DOSSIER_FORMAT_VERSION 1
#define KC_REPORT_ENTRY "report.txt"
#define KC_REPORT_DOCX_ENTRY "report.docx" /* a Word report as handed in, beside its text form */
#define KC_TAG_MAX (64u << 20) /* a tag file larger than this is not ours */
/* Past this many citations a criterion (or names, a file) looks them up in a
 * table: a dossier.json citing 200,000 files under one criterion must not
 * take 200,000² steps to read. */
#define KC_DM_INDEX_FROM 16

typedef struct kc_dm_file {
    kc_dossier_file pub;     /* strings owned (malloc'd) */
    char *hex;               /* pub.sha256 points here; "" until hashed */
    unsigned char sha[32];
    bool hashed;
    bool deflate;            /* text and unknown types; PDFs, images, archives stored */
    char *src;               /* the file on disk, or NULL */
    int64_t old_index;       /* its entry in the dossier being updated, or -1 */
    GPtrArray *aliases;      /* other names the same bytes were found under; NULL until one is */
    GHashTable *alias_set;   /* the aliases, once there are many (lookups stay O(1)) */
} kc_dm_file;

typedef struct kc_dm_crit {
    kc_dossier_criterion pub; /* strings owned; pub.evidence and pub.nevidence show `evidence` */
    GArray *evidence;         /* kc_evidence, strings owned; NULL until the first citation */
    char *detail;            /* the report's or catalog's description (a JSON object) or NULL */
    int rank;                /* position in the report or catalog; -1 when only cited */
    GHashTable *cited;       /* file index + 1 → evidence index + 1, once there are many;
                                dropped whenever citations move (sort, merge, compact) */
} kc_dm_crit;

struct kc_dossier {
    kc_dossier_meta meta;    /* strings owned */
    char *date;              /* ISO 8601, UTC */
    int64_t time;
    char *report_name;       /* the report's own file name, or NULL */
    char *report_text;       /* its bytes (a Word report's text form) when building */
    size_t report_len;
    char *report_docx_src;   /* a Word report handed in: stored as report.docx too, or NULL */
    int64_t report_docx_old; /* or report.docx of the dossier being updated: its entry + 1; 0 none */
    char *catalog_name;
    GArray *crit;            /* kc_dm_crit: KC_DM_CRIT(d, i) */
    GArray *files;           /* kc_dm_file: KC_DM_FILE(d, i) */
    GHashTable *by_path;     /* payload path as a person reads it (kc_name_skeleton) → index + 1 */
    GHashTable *folders;     /* folder → its skeleton, for by_path's keys */
    GHashTable *by_sha;      /* hex → index + 1 */
    GHashTable *by_dos;      /* "page:name" as Windows 7 Explorer writes a payload path (kc_dm_dos_add) */
    GStringChunk *dos_text;  /* by_dos's keys, freed at once (issue 16: 800,000 keys for 200,000 files) */
    GString *dos_key;        /* the key kc_dm_dos_add is making */
    bool dos_made;           /* by_dos holds every file's keys (made when first needed: dos_taken) */
    char *json;              /* dossier.json as last read or written */
    char *archive;           /* the dossier's file when opened */
};

#define KC_DM_CRIT(d, i) g_array_index((d)->crit, kc_dm_crit, (i))
#define KC_DM_FILE(d, i) g_array_index((d)->files, kc_dm_file, (i))

int kc_dm_new(kc_dossier **out, kc_error *err);

/* Replaces a metadata string (NULL or "" clears it when force). */
int kc_dm_set_str(char **field, const char *value);

/* "01" → "1", "5.01" → "5.1", "20 " → "20"; NULL when s does not start with a digit. */
char *kc_dm_key(const char *s);

/* The criterion evidence under key is filed with (the numbered row, not a
 * sub-row sharing the key), created at the end when create. */
kc_dm_crit *kc_dm_crit_get(kc_dossier *d, const char *key, bool create);
/* A new row for key, even when one exists (sub-rows share their key). */
kc_dm_crit *kc_dm_crit_new(kc_dossier *d, const char *key);
/* Whether row i only continues a numbered row of the same key. */
bool kc_dm_crit_is_subrow(const kc_dossier *d, size_t i);
/* A criterion's "without evidence" status counts: not a heading, not a sub-row. */
bool kc_dm_crit_needs_evidence(const kc_dossier *d, size_t i);
int kc_dm_crit_describe(kc_dm_crit *c, const char *number, const char *name, const char *claimed,
                        bool heading, const char *detail_json, int rank);

/* Files file under c (once: a repeated citation only fills empty fields). */
int kc_dm_cite(kc_dossier *d, kc_dm_crit *c, size_t file, const kc_citation *cite);

/* A new payload file for the clerk's name: the payload path is the name made
 * safe for every file system, in NFC, unique (case-insensitively) in data/. */
int kc_dm_file_add(kc_dossier *d, size_t *index, const char *name, const char *src, uint64_t size);
/* "data/<name made safe>": the path a new file of that name would get first. */
char *kc_dm_payload_path(const char *name);
/* Adds a file read from dossier.json under exactly its stored path. */
int kc_dm_file_add_stored(kc_dossier *d, size_t *index, const char *path, const char *name,
                          uint64_t size, const char *sha_hex);
void kc_dm_file_set_sha(kc_dossier *d, size_t i, const unsigned char sha[32]);
int64_t kc_dm_find_sha(const kc_dossier *d, const unsigned char sha[32]);
int64_t kc_dm_find_path(const kc_dossier *d, const char *path);
int kc_dm_add_alias(kc_dm_file *f, const char *name);
/* The key d->by_path files a payload path under: two names are one when a
 * person reads them alike (dossier_files.c; d's folder cache may grow). */
char *kc_dm_fold_key(kc_dossier *d, const char *path);
/* Files path under the names Windows 7 and 8 Explorer would write it as
 * (zip_dosnames.c), so that no later file is given one of them. */
void kc_dm_dos_add(kc_dossier *d, const char *path);

/* Moves from's citations to into (which gets from's names as aliases). */
int kc_dm_merge_file(kc_dossier *d, size_t from, size_t into);
/* Drops the files flagged in drop[nfiles], re-pointing citations. */
void kc_dm_compact(kc_dossier *d, const bool *drop);

/* Media type and whether to deflate, from the file name. */
const char *kc_dm_media_type(const char *name, bool *deflate);

/* Files sorted by payload path (citations follow), criteria in report or
 * catalog order with the others after them by number. */
void kc_dm_sort(kc_dossier *d);

/* ---- dossier_check.c: kc_check is also extract's result ---- */
kc_check *kc_check_new_internal(void);
/* A kc_zr_problem_fn: ud is the kc_check. */
void kc_check_add_internal(void *c, const char *path, const char *code, const char *message);
/* dossier_entry.c: the problems of one entry's header fields and name; and
 * of the entries' dates against the dossier's (ISO 8601), but for the names
 * in skip (already found changed or added). */
void kc_check_entry_fields(kc_check *c, const kc_zr_entry *ze);
void kc_check_entry_times(kc_check *c, kc_zr *zr, const char *date, GHashTable *skip);
/* The rules on the archive's entries that check and list share: the layout
 * and names (kc_zr_vet), the mimetype, each entry's fields, mode, kind and
 * name; false when nothing more may be read (over the limits, or no dossier). */
bool kc_check_archive_internal(kc_check *c, kc_zr *zr, const kc_zip_limits *lim);
void kc_check_set_unpacked_internal(kc_check *c);
/* kc_dossier_check, also handing back the SHA-256 of every entry it hashed
 * (entry name → 32 bytes; NULL when nothing was; destroy with
 * g_hash_table_destroy), so extract can compare what it writes with what was
 * checked. */
int kc_check_run_internal(kc_check **out, GHashTable **digests, const char *path, const kc_trust *trust,
                          const kc_check_opts *opts, kc_error *err);

/* dossier_room.c: extract and the disk (session 42).  The problem's code
 * for a write that failed with errno (a full disk or quota "disk-full", a
 * file over what the disk or process may write "too-large", FAT32's 4 GiB or
 * ulimit -f, any other "cannot-write": the folder's or disk's, never the
 * dossier's "corrupt"); the problem itself, saying what to do, naming what the dossier's
 * files take (need); and whether the disk holding dirfd has need bytes free
 * (else a "disk-full" problem naming dir, before anything is written). */
const char *kc_extract_write_code(int errnum);
void kc_extract_write_problem(kc_check *res, const char *name, int errnum, uint64_t need);
/* The bytes of the disk described by vfs that a process may write: the
 * blocks free to anyone, or to root (privileged) those kept for root too. */
struct statvfs;
uint64_t kc_extract_free_bytes(const struct statvfs *vfs, bool privileged);
bool kc_extract_room(int dirfd, const char *dir, uint64_t need, kc_check *res);
/* The largest file a file system of type f_type (statfs) holds (FAT32's
 * 4 GiB - 1; UINT64_MAX for one with no bound a dossier reaches); and whether
 * each of zr's files fits the disk holding dirfd (else a "too-large" problem
 * naming it, before anything is written). */
uint64_t kc_extract_file_max(long f_type);
bool kc_extract_files_fit(int dirfd, const char *dir, kc_zr *zr, kc_check *res);
/* And ingest's dossier at path, at least least bytes: 0, or an error before
 * the first byte when its disk is FAT32 and least is over 4 GiB - 1. */
int kc_ingest_room(const char *path, uint64_t least, kc_error *err);

/* dossier_temps.c: extract's temporary files (session 42).  One opened in
 * parent, O_EXCL, its name in *tmp; -1 with errno.  And whose a file named
 * so in a folder is (st its lstat): none of ours, a run that is gone (remove
 * it), one that may be running here (*pid), or one of another boot,
 * container or machine sharing the folder, which cannot be asked. */
#define KC_EXTRACT_TEMP_PREFIX ".kc-extract-"
struct stat;
typedef enum { KC_TEMP_NOT_OURS, KC_TEMP_GONE, KC_TEMP_LIVE, KC_TEMP_ELSEWHERE } kc_temp_whose;
int kc_extract_temp_open(int parent, char **tmp);
kc_temp_whose kc_extract_temp_judge(const char *name, const struct stat *st, long *pid);

/* ---- dossier_json.c ---- */
/* dossier.json for d (malloc'd, also kept in d->json). */
int kc_dm_to_json(kc_dossier *d, char **out, size_t *len, kc_error *err);
/* Fills an empty d from dossier.json. */
int kc_dm_from_json(kc_dossier *d, const char *json, size_t len, kc_error *err);
/* ---- dossier_json_members.c ---- */
/* KC_EFORMAT when a criterion, a citation, a file or the report of dossier.json
 * (its top object, root) holds a member kiemchung never writes. */
struct _JsonObject;
int kc_dm_json_members(struct _JsonObject *root, kc_error *err);
/* The catalog's description of a criterion as a JSON object (malloc'd). */
char *kc_dm_catalog_detail(const char *part, const char *group, const char *group_title,
                           const char *expects);

/* ---- dossier_bag.c ---- */
/* The BagIt tag files for d (malloc'd). */
char *kc_bag_manifest(const kc_dossier *d);
char *kc_bag_info(const kc_dossier *d, const char *software);
/* "path" as a manifest writes it (RFC 8493: CR, LF and % percent-encoded). */
char *kc_bag_encode_path(const char *path);
char *kc_bag_decode_path(const char *path);
/* Calls fn for each "<sha256> <path>" line (hex lower-cased, path decoded). */
int kc_bag_parse_manifest(const char *text, size_t len, const char *name,
                          int (*fn)(void *ud, const char *path, const char *hex, size_t line),
                          void *ud, kc_error *err);
/* The value of a bag-info label (malloc'd), or *out NULL when absent. */
int kc_bag_info_get(char **out, const char *text, const char *label);
#define KC_BAGIT_TXT "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
/* One of the files kiemchung writes beside data/ and META-INF/. */
bool kc_bag_is_own_file(const char *name);

/* ---- dossier_html.c ---- */
char *kc_dm_to_html(const kc_dossier *d);
/* The same page as kiemchung `version` wrote it (the footer names it): what
 * check compares a dossier's index.html with. */
char *kc_dm_to_html_by(const kc_dossier *d, const char *version);
#define KC_HTML_MADE_BY "Lập bằng kiemchung "
/* Whether html is the page d describes, as the version its footer names wrote it. */
bool kc_dm_html_matches(const kc_dossier *d, const char *html, size_t len);

#endif
