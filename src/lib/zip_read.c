/* zip_read.c: the archive reader: opens a zip through the strict layout
 * parser (zip_layout.c), vets every name and declared size before anything is
 * trusted, and streams entries with zlib, the limits enforced on the bytes
 * actually inflated (a header may lie) and every CRC checked.
 *
 * check, list, extract, seal and --update all read through here, so a zip
 * slip, a zip bomb or an archive that other tools would read differently is
 * refused the same way everywhere.  libzip only writes (zip_write.c): reading
 * through its own choice of end record would let it read another archive
 * than the one the layout parser vetted.  Reading an entry's bytes is
 * zip_stream.c's. */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "i18n.h"
#include "names.h"
#include "util.h"
#include "zip_layout.h"
#include "zip_read_internal.h"
#include "zipio.h"

void kc_zip_limits_resolve(kc_zip_limits *lim, const kc_zip_limits *given)
{
    static const kc_zip_limits zero = {0};
    if (!given)
        given = &zero;
    lim->max_entry = given->max_entry ? given->max_entry : (uint64_t)32 << 30;
    lim->max_total = given->max_total ? given->max_total : (uint64_t)256 << 30;
    lim->max_entries = given->max_entries ? given->max_entries : 1000000;
    lim->max_ratio = given->max_ratio > 0 ? given->max_ratio : 200.0;
    lim->ratio_floor = given->ratio_floor ? given->ratio_floor : (uint64_t)1 << 20;
}

static bool ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

/* The systems whose entries unzip 6 (unix/unix.c) reads a Unix mode from,
 * making a symbolic link of one whose mode says so: Unix (3), VMS (2), Atari
 * (5), BeOS (16) and AtheOS (30).  A zip from elsewhere made by one of them
 * with a link's mode is a file to 7-Zip, bsdtar and Python, a link to
 * unzip, so its mode is vetted as a Unix entry's. */
static bool mode_host(unsigned host)
{
    return host == 3 || host == 2 || host == 5 || host == 16 || host == 30;
}

static int open_zip(kc_zr **out, const char *path, bool elsewhere, kc_error *err);

/* rtzip4: whether an archive the strict reader refused is, read as a zip
 * made elsewhere, a dossier (it holds dossier.json) unpacked and zipped
 * again (a clerk's "Send to > Compressed folder", 7-Zip): such a program
 * rewrites every entry, the mimetype too, which a tampered dossier keeps as
 * kiemchung wrote it (first, at offset 0, no extra field, made by Unix).  The refusal then says so, in words a clerk can
 * act on, not only which header field the other program wrote. */
static const char *first_finding(char *buf, size_t n, const char *message)
{
    char refused[64];
    snprintf(refused, sizeof refused, _("refused: %s"), ""); /* the layout's prefix, in the reader's language */
    const char *m = g_str_has_prefix(message, refused) ? message + strlen(refused) : message;
    const char *colon = strstr(m, ": ");
    size_t len = colon && strstr(colon + 2, ": ") ? (size_t)(strstr(colon + 2, ": ") - m) : strlen(m);
    if (len >= n) {
        len = n - 1;
        while (len && ((unsigned char)m[len] & 0xc0) == 0x80)
            len--;
    }
    memcpy(buf, m, len);
    buf[len] = '\0';
    return buf;
}

static bool zipped_again(int fd, uint64_t size)
{
    kc_zl zl = {0};
    kc_error e = {0};
    bool found = false;
    if (kc_zl_parse_elsewhere(&zl, fd, size, &e) != 0)
        return false;
    const kc_zl_entry *m = zl.n ? &zl.entries[0] : NULL;
    bool as_written = m && strcmp(m->name, "mimetype") == 0 && m->header_offset == 0 &&
                      m->data_offset == 30 + 8 && (m->made_by >> 8) == 3;
    for (size_t i = 0; i < zl.n && !found && !as_written; i++) {
        const char *n = zl.entries[i].name, *slash = strrchr(n, '/');
        /* at the top, or under the one folder the program zipped */
        found = strcmp(slash ? slash + 1 : n, "dossier.json") == 0 && (!slash || !memchr(n, '/', (size_t)(slash - n)));
    }
    kc_zl_clear(&zl);
    return found;
}

/* rtzip6: whether the data of z, a stored entry with a data descriptor (a
 * zip made elsewhere, streamed to a pipe by Python's zipfile or Info-ZIP's
 * zip), holds a descriptor before its end: "PK\7\10" followed by the CRC-32 of
 * the bytes before it.  A reader that streams the archive (libarchive from a
 * pipe, `cat x.zip | bsdtar -x`) cannot know where stored data ends and stops
 * there, so it writes a shorter file than the one the directory (kiemchung,
 * unzip, 7-Zip, Python) gives.  Any other "PK\7\10" (an inner zip's own
 * descriptor) is data: a streaming reader reads on past it too.  The CRC is
 * carried along the data once; a chunk is read with the 7 bytes after it, the
 * last of which are the real descriptor's. */
static bool planted_descriptor(int fd, const kc_zl_entry *z, bool *io_error)
{
    enum { CHUNK = 1 << 16 };
    unsigned char *buf = malloc(CHUNK + 7);
    uint32_t crc = (uint32_t)crc32(0L, Z_NULL, 0);
    bool found = false;
    *io_error = !buf;
    for (uint64_t pos = 0; buf && pos < z->comp_size && !found;) {
        size_t n = z->comp_size - pos < CHUNK ? (size_t)(z->comp_size - pos) : CHUNK, got = 0, last = 0;
        while (got < n + 7) {
            ssize_t k = pread(fd, buf + got, n + 7 - got, (off_t)(z->data_offset + pos + got));
            if (k < 0 && errno == EINTR)
                continue;
            if (k <= 0)
                break;
            got += (size_t)k;
        }
        if (got < n + 7) { /* the layout parser saw the descriptor there */
            *io_error = true;
            break;
        }
        for (size_t j = 0; j < n && !found; j++) {
            if (memcmp(buf + j, "PK\7\10", 4) != 0)
                continue;
            crc = (uint32_t)crc32(crc, buf + last, (uInt)(j - last));
            last = j;
            found = (uint32_t)(buf[j + 4] | buf[j + 5] << 8 | buf[j + 6] << 16 | (uint32_t)buf[j + 7] << 24) == crc;
        }
        crc = (uint32_t)crc32(crc, buf + last, (uInt)(n - last));
        pos += n;
    }
    free(buf);
    return found;
}

int kc_zr_open(kc_zr **out, const char *path, kc_error *err)
{
    return open_zip(out, path, false, err);
}

int kc_zr_open_elsewhere(kc_zr **out, const char *path, kc_error *err)
{
    return open_zip(out, path, true, err);
}

static int open_zip(kc_zr **out, const char *path, bool elsewhere, kc_error *err)
{
    kc_zr *zr = NULL;
    struct stat st;
    kc_error e = {0};
    int rc = KC_ENOMEM;

    if (!out || !path)
        return kc_error_set(err, KC_EINVAL, "%s", _("no archive given"));
    if (!(zr = calloc(1, sizeof *zr)))
        goto out;
    /* O_NONBLOCK: a named pipe called .zip must not hang the open. */
    if ((zr->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0) {
        rc = kc_error_set(err, KC_EIO, _("%s: cannot open: %s"), path, g_strerror(errno));
        goto out;
    }
    if (fstat(zr->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        rc = kc_error_set(err, KC_EIO, _("%s: cannot open: %s"), path, _("not a regular file"));
        goto out;
    }
    if (!(zr->path = strdup(path)))
        goto out;
    zr->archive_size = (uint64_t)st.st_size;
    if ((rc = (elsewhere ? kc_zl_parse_elsewhere : kc_zl_parse)(&zr->zl, zr->fd, zr->archive_size, &e)) != 0) {
        if (rc == KC_EFORMAT && !elsewhere && zipped_again(zr->fd, zr->archive_size)) {
            char first[160];
            rc = kc_error_set(err, rc,
                              _("%s: refused: a dossier unpacked and zipped again by another program (Windows' \"Send "
                                "to\", 7-Zip), which writes its own headers: kiemchung reads a dossier only as ingest "
                                "and seal wrote it. Check the sealed file as it was sent, or ingest the unpacked folder "
                                "again and seal it (%s)"),
                              path, first_finding(first, sizeof first, e.message));
        }
        else
            rc = kc_error_set(err, rc, _("%s: %s"), path, e.message);
        goto out;
    }
    for (size_t i = 0; elsewhere && i < zr->zl.n; i++) {
        const kc_zl_entry *z = &zr->zl.entries[i];
        bool io_error = false;
        if (z->method == 0 && (z->flags & (1u << 3)) && planted_descriptor(zr->fd, z, &io_error)) {
            rc = kc_error_set(err, KC_EFORMAT,
                              _("%s: refused: %s: the stored entry's data holds a data descriptor before its end: a "
                                "reader that streams the zip (bsdtar from a pipe) stops there and writes a shorter "
                                "file than the one read here"),
                              path, z->name);
            goto out;
        }
        if (io_error) {
            rc = kc_error_set(err, KC_EIO, _("%s: %s"), path, strerror(errno ? errno : EIO));
            goto out;
        }
    }
    rc = KC_ENOMEM;
    if (zr->zl.n && !(zr->entries = calloc(zr->zl.n, sizeof *zr->entries)))
        goto out;
    zr->by_name = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; i < zr->zl.n; i++) {
        const kc_zl_entry *z = &zr->zl.entries[i];
        kc_zr_entry *en = &zr->entries[i];
        en->name = (char *)z->name;
        en->size = z->size;
        en->comp_size = z->comp_size;
        en->method = z->method;
        en->dos_time = z->dos_time;
        /* A non-ASCII name without the UTF-8 flag reads as CP437 elsewhere. */
        en->utf8_flagged = (z->flags & (1u << 11)) || ascii(z->name);
        /* rtzip8: unzip takes a link from the Unix mode of an entry made by
         * VMS, Atari, BeOS or AtheOS too (7-Zip, bsdtar and Python write a
         * file): the vetting must see it (a dossier's are Unix entries). */
        if (mode_host(z->made_by >> 8))
            en->mode = z->ext_attr >> 16;
        en->is_dir = z->name_len && z->name[z->name_len - 1] == '/';
        if (g_hash_table_contains(zr->by_name, en->name)) {
            rc = kc_error_set(err, KC_EFORMAT, _("%s: refused: two entries have the same name"), path);
            goto out;
        }
        g_hash_table_insert(zr->by_name, en->name, GSIZE_TO_POINTER(i + 1));
        zr->n++;
    }
    *out = zr;
    zr = NULL;
    rc = 0;
out:
    if (rc == KC_ENOMEM)
        kc_error_oom(err);
    kc_zr_free(zr);
    return rc;
}

size_t kc_zr_count(const kc_zr *zr) { return zr ? zr->n : 0; }
const kc_zr_entry *kc_zr_get(const kc_zr *zr, size_t i) { return zr && i < zr->n ? &zr->entries[i] : NULL; }
uint64_t kc_zr_archive_size(const kc_zr *zr) { return zr ? zr->archive_size : 0; }

int64_t kc_zr_find(const kc_zr *zr, const char *name)
{
    gpointer v = zr && name ? g_hash_table_lookup(zr->by_name, name) : NULL;
    return v ? (int64_t)GPOINTER_TO_SIZE(v) - 1 : -1;
}

void kc_zr_free(kc_zr *zr)
{
    if (!zr)
        return;
    if (zr->fd >= 0)
        close(zr->fd);
    if (zr->by_name)
        g_hash_table_destroy(zr->by_name);
    kc_zl_clear(&zr->zl);
    free(zr->entries);
    free(zr->path);
    free(zr);
}

/* ---- vetting ------------------------------------------------------------- */

/* CON, PRN, AUX, NUL, CONIN$, CONOUT$, COM1-9, LPT1-9 (also with a
 * superscript ¹, ² or ³), with or without an extension and with spaces
 * before it ("NUL .pdf"): Windows opens the device, not a file. */
static bool windows_device(const char *c, size_t len)
{
    static const char *const devs[] = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "COM", "LPT"};
    size_t stem = 0;
    while (stem < len && c[stem] != '.')
        stem++;
    while (stem > 0 && c[stem - 1] == ' ')
        stem--;
    for (size_t i = 0; i < G_N_ELEMENTS(devs); i++) {
        size_t n = strlen(devs[i]);
        if (stem < n || g_ascii_strncasecmp(c, devs[i], n) != 0)
            continue;
        if (i < 6 ? stem == n
                  : (stem == n + 1 && c[n] >= '1' && c[n] <= '9') ||
                        (stem == n + 2 && (unsigned char)c[n] == 0xc2 &&
                         ((unsigned char)c[n + 1] == 0xb9 || (unsigned char)c[n + 1] == 0xb2 ||
                          (unsigned char)c[n + 1] == 0xb3)))
            return true;
    }
    return false;
}

/* Whether Windows would write a name component as another name, or not at
 * all: a trailing dot or space is dropped ("hoá đơn.pdf." becomes the
 * invoice next to it), ':' opens a stream of another file, a device name
 * opens the device.  kiemchung's writer never makes such names (see
 * dossier_model.c); a dossier holding one shows the district, who unzips on
 * Windows, another file than the one checked. */
static bool windows_renames(const char *c, size_t len)
{
    if (len == 0 || (len <= 2 && c[0] == '.' && c[len - 1] == '.'))
        return false; /* the empty and dot components are refused apart */
    if (c[len - 1] == '.' || c[len - 1] == ' ' || windows_device(c, len))
        return true;
    for (size_t i = 0; i < len; i++)
        if (strchr("<>:\"|?*", c[i]))
            return true;
    return false;
}

/* Why name must not be written to disk, or NULL when it is safe; buf (n
 * bytes) holds a reason that names what it found. */
static const char *unsafe_name(const char *name, bool is_dir, char *buf, size_t n)
{
    size_t len = strlen(name);
    if (len == 0)
        return _("the name is empty");
    if (!g_utf8_validate(name, (gssize)len, NULL))
        return _("the name is not UTF-8 but in an older code page, as Windows Explorer on a Vietnamese Windows "
                 "writes names, so every program shows it garbled: zip the files with 7-Zip, which writes UTF-8 "
                 "names, or send them without zipping");
    if (name[0] == '/')
        return _("the name is an absolute path");
    if (strchr(name, '\\'))
        return _("the name contains a backslash (a Windows path separator)");
    if (g_ascii_isalpha(name[0]) && name[1] == ':')
        return _("the name starts with a drive letter");
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return _("the name contains a control character");
    /* Components: no "..", no ".", no empty ones (except a directory's final '/'). */
    const char *c = name;
    for (;;) {
        const char *slash = strchr(c, '/');
        size_t clen = slash ? (size_t)(slash - c) : strlen(c);
        bool last = !slash || (is_dir && slash[1] == '\0');
        if (clen == 2 && c[0] == '.' && c[1] == '.')
            return _("the name climbs out of the folder (\"..\")");
        if (clen == 1 && c[0] == '.')
            return _("the name has a \".\" component");
        if (clen == 0 && !(is_dir && !slash))
            return _("the name has an empty component (\"//\")");
        if (windows_renames(c, clen))
            return _("Windows would write the name as another (a trailing dot or space, a device name such as "
                     "CON, or one of < > : \" | ? *)");
        const char *deceives = kc_name_deceives(c, clen, buf, n);
        if (deceives)
            return deceives;
        if (!slash || last)
            break;
        c = slash + 1;
    }
    return NULL;
}

/* A name or a prefix of one, pointing into a name kept elsewhere: the
 * folders of every entry are tabled without copying each prefix, so memory
 * stays linear in the total name bytes however deep the names go. */
typedef struct span {
    const char *p;
    size_t len;
    guint hash;
} span;

static guint span_hash(gconstpointer k) { return ((const span *)k)->hash; }
static gboolean span_equal(gconstpointer a, gconstpointer b)
{
    const span *x = a, *y = b;
    return x->len == y->len && memcmp(x->p, y->p, x->len) == 0;
}

/* djb2, as g_str_hash, so a prefix's hash is a step of the whole name's. */
static guint hash_step(guint h, unsigned char c) { return (h << 5) + h + c; }

typedef struct vet_ctx {
    kc_zr_problem_fn fn;
    void *ud;
    size_t problems;
} vet_ctx;

void kc_zr_problemf(kc_zr_problem_fn fn, void *ud, const char *path, const char *code, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fn(ud, path, code, msg);
}

/* The vet's problems are counted, and go to the caller's fn when there is one. */
static void counted(void *ud, const char *path, const char *code, const char *message)
{
    vet_ctx *v = ud;
    if (v->fn)
        v->fn(v->ud, path, code, message);
    v->problems++;
}
#define report(v, ...) kc_zr_problemf(counted, (v), __VA_ARGS__)

/* Adds the folders above name (NFC, len bytes) to dirs, from the deepest up,
 * stopping at the first one already there: its own parents are too. */
static void add_parents(GHashTable *dirs, GPtrArray *spans, const char *name, size_t len)
{
    guint hashes[KC_ZL_DEPTH_MAX + 1];
    size_t ends[KC_ZL_DEPTH_MAX + 1], k = 0;
    guint h = 5381;
    for (size_t i = 0; i < len; i++) {
        if (name[i] == '/' && k < G_N_ELEMENTS(ends)) {
            ends[k] = i;
            hashes[k++] = h;
        }
        h = hash_step(h, (unsigned char)name[i]);
    }
    while (k-- > 0) {
        span probe = {name, ends[k], hashes[k]};
        if (g_hash_table_contains(dirs, &probe))
            break;
        span *s = g_new(span, 1);
        *s = probe;
        g_ptr_array_add(spans, s);
        g_hash_table_add(dirs, s);
    }
}

static span *whole(GPtrArray *spans, const char *name)
{
    span *s = g_new(span, 1);
    guint h = 5381;
    s->p = name;
    s->len = strlen(name);
    for (size_t i = 0; i < s->len; i++)
        h = hash_step(h, (unsigned char)name[i]);
    s->hash = h;
    g_ptr_array_add(spans, s);
    return s;
}

char *kc_zr_name_key(const char *name)
{
    char *nfc = g_utf8_normalize(name, -1, G_NORMALIZE_NFC);
    char *key = nfc ? g_utf8_casefold(nfc, -1) : NULL;
    size_t len = key ? strlen(key) : 0;
    if (len && key[len - 1] == '/') /* a folder "a/" is the file "a" */
        key[len - 1] = '\0';
    g_free(nfc);
    return key;
}

/* Whether a and b are one name to a file system (kc_zr_name_key). */
static bool same_name(const char *a, const char *b)
{
    char *x = kc_zr_name_key(a), *y = kc_zr_name_key(b);
    bool same = x && y && strcmp(x, y) == 0;
    g_free(x);
    g_free(y);
    return same;
}

/* Whether a and b are one name once their spaces are gone (rtzip3): the
 * skeleton read them alike for their spaces alone. */
static bool same_but_spaces(const char *a, const char *b)
{
    GString *x = g_string_new(NULL), *y = g_string_new(NULL);
    for (const char *p = a; *p; p++)
        if (*p != ' ')
            g_string_append_c(x, *p);
    for (const char *p = b; *p; p++)
        if (*p != ' ')
            g_string_append_c(y, *p);
    bool same = same_name(x->str, y->str);
    g_string_free(x, TRUE);
    g_string_free(y, TRUE);
    return same;
}

/* rtzip18: entry i's name as Windows 7 and 8 Explorer writes it, in each
 * code page it may read names in (zip_dosnames.c); a name an earlier entry's
 * already has there is reported: unpacking writes the one file over the
 * other; and (rtzip19) a file that is there a folder of another's, or the
 * reverse: only the one unpacked first is written. */
static void dos_duplicate(vet_ctx *v, kc_zip_dos *dos, const kc_zr *zr, size_t i)
{
    unsigned page = 0;
    bool folder = false;
    size_t had = kc_zip_dos_add(dos, i, zr->entries[i].name, zr->entries[i].is_dir, &page, &folder);
    if (had && !folder)
        report(v, zr->entries[i].name, "duplicate",
               _("refused: Windows Explorer on Windows 7 and 8, which reads a zip's names in the code page of "
                 "its Windows whatever their UTF-8 flag, writes this entry and \"%s\" as one file (code page "
                 "%u, case ignored): the one unpacked last replaces the other"),
               zr->entries[had - 1].name, page);
    else if (had)
        report(v, zr->entries[i].name, "duplicate",
               _("refused: Windows Explorer on Windows 7 and 8, which reads a zip's names in the code page of "
                 "its Windows whatever their UTF-8 flag, gives a folder of this entry or of \"%s\" the name of "
                 "the other's file (code page %u, case ignored): only the one unpacked first is written"),
               zr->entries[had - 1].name, page);
}

size_t kc_zr_vet(const kc_zr *zr, const kc_zip_limits *given, kc_zr_problem_fn fn, void *ud)
{
    kc_zip_limits lim;
    vet_ctx v = {fn, ud, 0};
    GPtrArray *nfc = g_ptr_array_new_with_free_func(g_free);   /* per entry, NULL when unsafe */
    GPtrArray *spans = g_ptr_array_new_with_free_func(g_free);
    GHashTable *names = g_hash_table_new(span_hash, span_equal); /* span → 1 file, 2 folder */
    GHashTable *dirs = g_hash_table_new(span_hash, span_equal);  /* every folder above an entry */
    GHashTable *folders = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free); /* skeletons */
    kc_zip_dos *dos = kc_zip_dos_new(); /* names as Windows 7 Explorer writes them */
    uint64_t total = 0;

    kc_zip_limits_resolve(&lim, given);
    if (zr->n > lim.max_entries)
        report(&v, "", "limit", _("the archive holds %zu entries, more than the limit of %llu"),
               zr->n, (unsigned long long)lim.max_entries);
    for (size_t i = 0; i < zr->n; i++) {
        const kc_zr_entry *e = &zr->entries[i];
        char buf[512];
        const char *why = unsafe_name(e->name, e->is_dir, buf, sizeof buf);
        unsigned type = e->mode & S_IFMT;

        g_ptr_array_add(nfc, NULL);
        if (why) {
            report(&v, e->name, "unsafe-name", _("refused: %s"), why);
            continue;
        }
        if (type == S_IFLNK)
            report(&v, e->name, "symlink", "%s", _("refused: the entry is a symbolic link"));
        else if (type && type != S_IFREG && type != S_IFDIR)
            report(&v, e->name, "symlink", "%s", _("refused: the entry is a special file (device, pipe or socket)"));
        if (e->size > lim.max_entry)
            report(&v, e->name, "limit", _("refused: the entry inflates to %llu bytes, more than the limit of %llu"),
                   (unsigned long long)e->size, (unsigned long long)lim.max_entry);
        else if (e->size >= lim.ratio_floor &&
                 (e->comp_size == 0 || (double)e->size / (double)e->comp_size > lim.max_ratio))
            report(&v, e->name, "limit", _("refused: the entry inflates %llu bytes to %llu (more than %.0f times): a zip bomb"),
                   (unsigned long long)e->comp_size, (unsigned long long)e->size, lim.max_ratio);
        total += e->size;

        /* Duplicates as a file system would see them: NFC (macOS), case
         * folded (Windows, macOS: "INDEX.HTML" is index.html there), and "a"
         * both a file and the folder of "a/b" (checked once every folder is
         * known); and as a person sees them (the skeleton: "Hoà" is "Hòa",
         * a Cyrillic "о" an "o"), who opens the one the index names. */
        char *n = kc_name_skeleton_cached(folders, e->name);
        size_t len = strlen(n);
        if (e->is_dir && len && n[len - 1] == '/')
            n[--len] = '\0';
        nfc->pdata[i] = n;
        span *s = whole(spans, n);
        guint kind = e->is_dir ? 2 : 1, had = GPOINTER_TO_UINT(g_hash_table_lookup(names, s));
        bool dup = (had & 3) == 1 || (had && kind == 1);
        if (!dup)
            dos_duplicate(&v, dos, zr, i);
        if (dup) {
            const char *other = zr->entries[(had >> 2) - 1].name;
            if (same_name(other, e->name))
                report(&v, e->name, "duplicate", "%s", _("refused: another entry has the same name"));
            else if (same_but_spaces(other, e->name))
                report(&v, e->name, "duplicate",
                       _("refused: the name reads the same as \"%s\" but for its spaces (doubled, at the start or "
                         "end, or before the extension): index.html and Windows Explorer show the two names alike"),
                       other);
            else
                report(&v, e->name, "duplicate", _("refused: the name reads the same as \"%s\" (tone marks placed "
                                                   "elsewhere, a letter of another alphabet, a hidden character)"),
                       other);
        }
        if (!had || kind == 1)
            g_hash_table_insert(names, s, GUINT_TO_POINTER((guint)(i + 1) << 2 | kind));
        add_parents(dirs, spans, n, len);
    }
    for (size_t i = 0; i < zr->n; i++) {
        const char *n = nfc->pdata[i];
        if (!n || zr->entries[i].is_dir)
            continue;
        span probe = {n, strlen(n), whole(spans, n)->hash};
        if (g_hash_table_contains(dirs, &probe))
            report(&v, zr->entries[i].name, "duplicate", _("refused: \"%s\" is both a file and a folder"),
                   zr->entries[i].name);
    }
    if (total > lim.max_total)
        report(&v, "", "limit", _("refused: the entries inflate to %llu bytes together, more than the limit of %llu"),
               (unsigned long long)total, (unsigned long long)lim.max_total);
    g_hash_table_destroy(names);
    g_hash_table_destroy(dirs);
    g_hash_table_destroy(folders);
    kc_zip_dos_free(dos);
    g_ptr_array_free(spans, TRUE);
    g_ptr_array_free(nfc, TRUE);
    return v.problems;
}

bool kc_zr_mimetype_ok(const kc_zr *zr, char *why, size_t n)
{
    static const char want[] = KC_ASIC_MIMETYPE;
    unsigned char h[30 + 8 + sizeof want - 1];
    ssize_t got = pread(zr->fd, h, sizeof h, 0);
    bool ok = false;

    /* The local header fields are little-endian at fixed offsets. */
    if (got != (ssize_t)sizeof h || memcmp(h, "PK\3\4", 4) != 0 || h[26] != 8 || h[27] != 0 ||
        memcmp(h + 30, "mimetype", 8) != 0)
        snprintf(why, n, "%s", _("the archive does not start with the \"mimetype\" entry"));
    else if (h[8] != 0 || h[9] != 0)
        snprintf(why, n, "%s", _("\"mimetype\" is compressed; it must be stored"));
    else if (h[28] != 0 || h[29] != 0)
        snprintf(why, n, "%s", _("\"mimetype\" has an extra field; it must have none"));
    else if (memcmp(h + 38, want, sizeof want - 1) != 0 || h[18] != sizeof want - 1 || h[19] || h[20] || h[21])
        snprintf(why, n, _("\"mimetype\" must hold exactly \"%s\""), want);
    else
        ok = true;
    return ok;
}
