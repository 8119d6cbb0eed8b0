/* util.h: the small helpers every layer shares (the library, the command
 * line, the tests), written once: src/util/ is a static library linked
 * whole into libkiemchung, which the kiemchung binary links (as libgit2's
 * src/util and curl's curlx).  It depends on GLib and the public error
 * convention only.
 *
 * ---- The allocator rule ---------------------------------------------------
 *
 * GLib's g_malloc is the C library's malloc (since GLib 2.46 there is no
 * other allocator behind it, and meson.build requires GLib >= 2.68), so
 * memory from g_malloc, g_strdup, g_strdup_printf, g_string_free(s, FALSE),
 * json-glib's generators and the like may be released with free(), and
 * memory from malloc with g_free().  What the library hands its callers is
 * freed with free() or the type's kc_<type>_free, as the public headers say;
 * nothing is copied from GLib memory into malloc memory only to change who
 * may free it.
 *
 * When memory runs out, g_malloc and the GLib containers (GString, GArray,
 * GPtrArray, GHashTable) abort the process, as the rest of the GLib stack
 * loaded with poppler and json-glib does.  Code that allocates with malloc
 * (the PDF reader's arena, buffers sized by the input) checks the result and
 * returns KC_ENOMEM through kc_error_oom(). */
#ifndef KC_UTIL_H
#define KC_UTIL_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kiemchung/error.h"

#if !GLIB_CHECK_VERSION(2, 68, 0)
#error "kiemchung needs GLib 2.68 or later (g_malloc is malloc; g_memdup2)"
#endif

/* ---- errors (error.c) ---------------------------------------------------- */

/* Records KC_ENOMEM with the one translated "out of memory" message in err
 * (which may be NULL); returns KC_ENOMEM. */
int kc_error_oom(kc_error *err);
/* That message, for what reports it outside a kc_error. */
const char *kc_oom_message(void);

/* ---- hexadecimal (hex.c) ------------------------------------------------- */

/* The n bytes as lower-case hex in out, which holds 2n + 1 chars; returns out. */
char *kc_hex_encode(char *out, const unsigned char *bytes, size_t n);
/* The same in a new string (free()). */
char *kc_hex_dup(const unsigned char *bytes, size_t n);
/* Exactly 2n hex digits (either case) into n bytes; false when hex is
 * anything else (out is then partly written). */
bool kc_hex_decode(unsigned char *out, size_t n, const char *hex);

/* ---- files and directories (file.c) ---------------------------------------- */

/* The regular file at path, whole, in a new buffer (free()) with a NUL after
 * its *len bytes (len may be NULL).  KC_EIO when it cannot be opened (or is
 * not a regular file: a named pipe would block) or read; KC_ELIMIT when it
 * holds more than max bytes. */
int kc_file_read(char **out, size_t *len, const char *path, size_t max, kc_error *err);

/* All n bytes of buf to fd, again after EINTR and short writes: 0, or the
 * errno of the failure. */
int kc_write_all(int fd, const void *buf, size_t n);

/* The names in dir ("." and ".." left out) for which keep(name, ud) holds
 * (keep NULL: all), sorted in byte order, in a new array of strings
 * (g_ptr_array_unref frees it all).  KC_EIO when dir cannot be opened. */
int kc_dir_list(GPtrArray **out, const char *dir, bool (*keep)(const char *name, void *ud), void *ud,
                kc_error *err);

/* ---- names as Windows and macOS users write them (path.c) ------------------ */

/* The file path names, found the way Windows and macOS open it: backslashes
 * are separators, and a component that does not exist as written is matched
 * in its directory ignoring case and Unicode normalisation (NFC/NFD).  *out
 * is the path on disk (g_free); *differs (may be NULL) says whether it is not
 * the path as written, so the caller can say which file was used.  KC_EIO
 * when nothing matches, or several entries match a component and none of them
 * differs only by normalisation. */
int kc_path_find(char **out, bool *differs, const char *path, kc_error *err);

/* The same with the directory listings kept in cache across calls (one
 * listing per directory, not one per name): for a caller resolving many
 * names in a tree that does not change meanwhile (a register's rows). */
typedef struct kc_path_cache kc_path_cache;
kc_path_cache *kc_path_cache_new(void);
void kc_path_cache_free(kc_path_cache *cache);
int kc_path_find_cached(kc_path_cache *cache, char **out, bool *differs, const char *path, kc_error *err);

/* ---- writing an output whole (atomic.c) ------------------------------------ */

/* Every output file is written through one kc_atomic: a temporary file
 * ".NAME.kc-PID-XXXXXX" beside the target (stale ones of dead runs are
 * removed first), with the mode the umask allows, synced and renamed over
 * the target on commit, the directory synced; freed uncommitted, it leaves
 * nothing behind. */
typedef struct kc_atomic kc_atomic;
int kc_atomic_open(kc_atomic **out, const char *target, kc_error *err);
FILE *kc_atomic_stream(kc_atomic *a);           /* a stdio stream on the file (NULL when out of memory) */
const char *kc_atomic_path(const kc_atomic *a); /* the temporary file, for writers that write by name */
/* Closes, syncs and renames over the target; with !replace an existing
 * target is kept and KC_EINVAL returned. */
int kc_atomic_commit(kc_atomic *a, bool replace, kc_error *err);
void kc_atomic_free(kc_atomic *a); /* NULL-safe; removes the temporary file unless committed */
/* The writer's process id of a temporary file named prefix + "PID-…"
 * (kc_atomic's ".NAME.kc-", extract's ".kc-extract-"), 0 when name is not
 * such a name; *gone is true when that process no longer exists, or when the
 * file was last modified (mtime, Unix seconds; -1 unknown) before the system
 * started (a run killed by SIGKILL or a power cut left it: whoever writes
 * there next may remove it), false when it may still be writing. */
long kc_temp_writer(const char *name, const char *prefix, int64_t mtime, bool *gone);
/* Whether a file last modified at mtime (Unix seconds; -1 unknown) was so
 * before this system started (/proc/stat's btime, two seconds of slack):
 * whatever process wrote it then is gone. */
bool kc_before_boot(int64_t mtime);
/* Where this process's number means something: a hash of the boot id and
 * the PID namespace (never 0), or 0 when /proc does not say. */
guint32 kc_pid_space(void);
/* Renames tmp to target, both relative to dirfd (AT_FDCWD: to the working
 * folder), unless target exists: -1 with errno EEXIST then, and tmp stays. */
int kc_rename_noreplace_at(int dirfd, const char *tmp, const char *target);
/* len bytes as the whole of target, through a kc_atomic (replacing it). */
int kc_atomic_write(const char *target, const void *data, size_t len, kc_error *err);

/* ---- Ctrl-C while writing (interrupt.c) ------------------------------------- */

/* SIGINT, SIGTERM or SIGHUP (when at their default) remove every held
 * temporary file and end the process with the signal.  hold/release: a
 * kc_atomic's temporary file (slot, or -1).  defer/resume bracket a write
 * whose own temporary file only its writer can remove (zip_close): the
 * signal is noted, kc_interrupt_pending tells the writer to stop, and
 * resume removes the held files and dies of it.  extract defers around its
 * whole unpacking, so that a signal takes back every file it wrote. */
int kc_interrupt_hold(const char *path);
void kc_interrupt_release(int slot);
bool kc_interrupt_pending(void);
void kc_interrupt_defer(void);
void kc_interrupt_resume(void);

/* ---- times (epoch.c) --------------------------------------------------------- */

/* The time SOURCE_DATE_EPOCH gives, in *out (-1 when it is unset or empty;
 * 0 is a time); KC_EINVAL when it is not a number of seconds. */
int kc_source_date_epoch(int64_t *out, kc_error *err);
/* t as every JSON kiemchung writes holds a time, "2021-05-10T08:00:00Z", in
 * buf; returns buf, or NULL when t is outside the years 1-9999. */
const char *kc_time_iso(char buf[32], int64_t t);

/* ---- HTML pages (html.c) ----------------------------------------------------- */

/* text (NULL: nothing) escaped for HTML text and attribute values: & < > " '
 * and control characters as references; any bytes accepted. */
void kc_html_escape(GString *out, const char *text);
/* Whether c draws nothing or reorders the text after it (bidi controls,
 * zero-width characters, the soft hyphen, variation selectors, unassigned
 * and private code points): escaped visibly in pages, refused in names. */
bool kc_char_hidden(gunichar c);
void kc_html_escape_to(FILE *f, const char *text);
/* The stylesheet of every page, to go inside <style> (ends with a newline). */
extern const char kc_html_stylesheet[];

/* ---- CSV for Excel (csvout.c) ------------------------------------------------ */

/* Appends field s (NULL: empty) to out, quoted when it holds sep, a quote, a line break or a space at either end, then sep,
 * or CRLF when it is the last of its line.  Text Excel would run as a formula
 * ("=…", "+…", "-…", "@…" that is not a number) gets a leading apostrophe:
 * for tables people open. */
void kc_csv_field(GString *out, const char *s, char sep, bool last);
/* The same without the apostrophe, and quoted when it holds any separator
 * (',', ';', tab): for files kiemchung reads back (the dossier's map), where
 * the text must stay as it is. */
void kc_csv_field_exact(GString *out, const char *s, char sep, bool last);

/* ---- libraries loaded when first needed (dl.c) --------------------------------- */

/* A function to find in a library: where its address goes, and its name. */
typedef struct kc_dl_sym {
    void **fn;
    const char *name;
} kc_dl_sym;
/* Loads the first of sonames (a NULL-terminated list) that loads and finds
 * every symbol of syms; false, with why (dlerror's words, or the missing
 * name) filled, when it cannot.  For libraries only some commands need
 * (poppler-glib, libxml2, libsoup): linked, they cost every start-up. */
bool kc_dl_load(const char *const *sonames, const kc_dl_sym *syms, size_t n_syms, char *why, size_t why_len);

/* ---- JSON (json.c) ------------------------------------------------------------- */
/* kc_json_strict, whether a text is JSON that every reader reads alike: json_strict.h. */

typedef struct _JsonBuilder JsonBuilder; /* as json-glib declares them */
typedef struct _JsonNode JsonNode;
typedef struct _JsonObject JsonObject;

/* A member holding val: null for NULL, invalid UTF-8 made U+FFFD. */
void kc_json_add_str(JsonBuilder *b, const char *key, const char *val);
void kc_json_add_int(JsonBuilder *b, const char *key, int64_t val);
void kc_json_add_bool(JsonBuilder *b, const char *key, bool val);
/* A time (Unix seconds) as ISO 8601 UTC, "2021-03-15T08:00:00Z"; null for 0. */
void kc_json_add_time(JsonBuilder *b, const char *key, int64_t t);
/* The same string member in an object built by hand (the validation data's
 * records, which are filled in later). */
void kc_json_set_str(JsonObject *o, const char *key, const char *val);
/* A member holding the JSON document json (the text of one of the
 * library's *_to_json), parsed; null when json is NULL or not JSON. */
void kc_json_add_json(JsonBuilder *b, const char *key, const char *json);
/* Every member of the JSON object json, in its order, added to the object b
 * is building; false when json is not an object. */
bool kc_json_add_members(JsonBuilder *b, const char *json);
/* Whether the objects a and b (JSON texts) hold one value as member, or
 * neither holds it (or b does not, when b_may_lack): numbers compared as
 * numbers, members in any order. */
bool kc_json_member_same(const char *a, const char *b, const char *member, bool b_may_lack);
/* The document root, as text (free(); no final newline), root unreffed;
 * pretty: two spaces a level. */
char *kc_json_text(JsonNode *root, bool pretty);
/* The document b built, as text (free(); no final newline), b freed; pretty:
 * two spaces a level. */
char *kc_json_finish(JsonBuilder *b, bool pretty);

#endif
