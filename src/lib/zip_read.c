/* zip_read.c: the archive reader: opens a zip with libzip, vets every name
 * and declared size before anything is trusted, and streams entries with the
 * limits enforced on the bytes actually inflated (a header may lie).
 *
 * check, list, extract, seal and --update all read through here, so a zip
 * slip or a zip bomb is refused the same way everywhere. */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "i18n.h"
#include "zipio.h"

struct kc_zr {
    zip_t *za;
    char *path;
    uint64_t archive_size;
    kc_zr_entry *entries;
    size_t n;
};

struct kc_zr_file {
    zip_file_t *zf;
    const kc_zr_entry *e;
    kc_zip_limits lim;
    uint64_t got;
};

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

int kc_zr_open(kc_zr **out, const char *path, kc_error *err)
{
    kc_zr *zr = NULL;
    struct stat st;
    int zerr = 0, rc = KC_ENOMEM;
    zip_int64_t n;

    if (!out || !path)
        return kc_error_set(err, KC_EINVAL, "%s", _("no archive given"));
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        rc = kc_error_set(err, KC_EIO, _("%s: %s"), path,
                          errno ? strerror(errno) : _("not a regular file"));
        goto out;
    }
    if (!(zr = calloc(1, sizeof *zr)) || !(zr->path = strdup(path)))
        goto out;
    zr->archive_size = (uint64_t)st.st_size;
    /* CHECKCONS: local and central headers must agree, or the archive is
     * read differently by different tools. */
    zr->za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
    if (!zr->za) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        if (zerr == ZIP_ER_EXISTS) /* libzip meets a repeated name while reading the directory */
            rc = kc_error_set(err, KC_EFORMAT, _("%s: refused: two entries have the same name"), path);
        else if (zerr == ZIP_ER_INCONS)
            rc = kc_error_set(err, KC_EFORMAT, _("%s: refused: the archive is inconsistent (its headers disagree, so tools would read it differently)"), path);
        else
            rc = kc_error_set(err, zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ ? KC_EIO : KC_EFORMAT,
                              _("%s: not a readable zip archive (%s)"), path, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        goto out;
    }
    n = zip_get_num_entries(zr->za, 0);
    if (n < 0) {
        rc = kc_error_set(err, KC_EFORMAT, _("%s: not a readable zip archive"), path);
        goto out;
    }
    if (n > 0 && !(zr->entries = calloc((size_t)n, sizeof *zr->entries)))
        goto out;
    for (zip_int64_t i = 0; i < n; i++) {
        kc_zr_entry *e = &zr->entries[zr->n];
        zip_stat_t zs;
        zip_uint8_t opsys;
        zip_uint32_t attr;
        const char *raw = zip_get_name(zr->za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
        const char *strict;

        zip_stat_init(&zs);
        if (!raw || zip_stat_index(zr->za, (zip_uint64_t)i, 0, &zs) != 0) {
            rc = kc_error_set(err, KC_EFORMAT, _("%s: entry %lld cannot be read: %s"), path,
                              (long long)i, zip_strerror(zr->za));
            goto out;
        }
        if (!(e->name = strdup(raw)))
            goto out;
        zr->n++;
        /* A non-ASCII name without the UTF-8 flag reads as CP437 elsewhere. */
        strict = zip_get_name(zr->za, (zip_uint64_t)i, ZIP_FL_ENC_STRICT);
        e->utf8_flagged = strict && strcmp(strict, e->name) == 0;
        e->size = zs.size;
        e->comp_size = zs.comp_size;
        e->method = zs.comp_method;
        if (zip_file_get_external_attributes(zr->za, (zip_uint64_t)i, 0, &opsys, &attr) == 0 &&
            opsys == ZIP_OPSYS_UNIX)
            e->mode = attr >> 16;
        e->is_dir = e->name[0] && e->name[strlen(e->name) - 1] == '/';
    }
    *out = zr;
    zr = NULL;
    rc = 0;
out:
    if (rc == KC_ENOMEM)
        kc_error_set(err, rc, "%s", _("out of memory"));
    kc_zr_free(zr);
    return rc;
}

size_t kc_zr_count(const kc_zr *zr) { return zr ? zr->n : 0; }
const kc_zr_entry *kc_zr_get(const kc_zr *zr, size_t i) { return zr && i < zr->n ? &zr->entries[i] : NULL; }
uint64_t kc_zr_archive_size(const kc_zr *zr) { return zr ? zr->archive_size : 0; }

int64_t kc_zr_find(const kc_zr *zr, const char *name)
{
    for (size_t i = 0; zr && name && i < zr->n; i++)
        if (strcmp(zr->entries[i].name, name) == 0)
            return (int64_t)i;
    return -1;
}

void kc_zr_free(kc_zr *zr)
{
    if (!zr)
        return;
    if (zr->za)
        zip_discard(zr->za);
    for (size_t i = 0; i < zr->n; i++)
        free(zr->entries[i].name);
    free(zr->entries);
    free(zr->path);
    free(zr);
}

/* ---- vetting ------------------------------------------------------------- */

/* Why name must not be written to disk, or NULL when it is safe. */
static const char *unsafe_name(const char *name, bool is_dir)
{
    size_t len = strlen(name);
    if (len == 0)
        return _("the name is empty");
    if (!g_utf8_validate(name, (gssize)len, NULL))
        return _("the name is not valid UTF-8");
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
        if (!slash || last)
            break;
        c = slash + 1;
    }
    return NULL;
}

size_t kc_zr_vet(const kc_zr *zr, const kc_zip_limits *given, kc_zr_problem_fn fn, void *ud)
{
    kc_zip_limits lim;
    GHashTable *files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GHashTable *dirs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    uint64_t total = 0, floor_bytes = 0;
    size_t problems = 0;
    char msg[512];

    kc_zip_limits_resolve(&lim, given);
#define REPORT(path, code, ...) do { snprintf(msg, sizeof msg, __VA_ARGS__); \
        fn(ud, path, code, msg); problems++; } while (0)
    if (zr->n > lim.max_entries)
        REPORT("", "limit", _("the archive holds %zu entries, more than the limit of %llu"),
               zr->n, (unsigned long long)lim.max_entries);
    for (size_t i = 0; i < zr->n; i++) {
        const kc_zr_entry *e = &zr->entries[i];
        const char *why = unsafe_name(e->name, e->is_dir);
        unsigned type = e->mode & S_IFMT;

        /* What a local header and its name take at least: overlapping entries
         * (the "better zip bomb") need more than the archive holds. */
        floor_bytes += 30 + strlen(e->name) + e->comp_size;
        if (why) {
            REPORT(e->name, "unsafe-name", _("refused: %s"), why);
            continue;
        }
        if (type == S_IFLNK)
            REPORT(e->name, "symlink", "%s", _("refused: the entry is a symbolic link"));
        else if (type && type != S_IFREG && type != S_IFDIR)
            REPORT(e->name, "symlink", "%s", _("refused: the entry is a special file (device, pipe or socket)"));
        if (e->size > lim.max_entry)
            REPORT(e->name, "limit", _("refused: the entry inflates to %llu bytes, more than the limit of %llu"),
                   (unsigned long long)e->size, (unsigned long long)lim.max_entry);
        else if (e->size >= lim.ratio_floor &&
                 (e->comp_size == 0 || (double)e->size / (double)e->comp_size > lim.max_ratio))
            REPORT(e->name, "limit", _("refused: the entry inflates %llu bytes to %llu (more than %.0f times): a zip bomb"),
                   (unsigned long long)e->comp_size, (unsigned long long)e->size, lim.max_ratio);
        total += e->size;

        /* Duplicates as a file system would see them: NFC, and "a" both a
         * file and the folder of "a/b". */
        char *nfc = g_utf8_normalize(e->name, -1, G_NORMALIZE_NFC);
        size_t len = strlen(nfc);
        if (e->is_dir)
            nfc[--len] = '\0';
        if (g_hash_table_contains(files, nfc) || (e->is_dir ? false : g_hash_table_contains(dirs, nfc)))
            REPORT(e->name, "duplicate", "%s", _("refused: another entry has the same name"));
        for (char *s = strchr(nfc, '/'); s; s = strchr(s + 1, '/')) {
            char *dir = g_strndup(nfc, (gsize)(s - nfc));
            if (g_hash_table_contains(files, dir))
                REPORT(e->name, "duplicate", _("refused: \"%s\" is both a file and a folder"), dir);
            g_hash_table_add(dirs, dir);
        }
        if (e->is_dir)
            g_hash_table_add(dirs, nfc);
        else
            g_hash_table_add(files, nfc);
    }
    if (total > lim.max_total)
        REPORT("", "limit", _("refused: the entries inflate to %llu bytes together, more than the limit of %llu"),
               (unsigned long long)total, (unsigned long long)lim.max_total);
    if (floor_bytes > zr->archive_size)
        REPORT("", "limit", "%s", _("refused: the entries overlap one another (a zip bomb)"));
#undef REPORT
    g_hash_table_destroy(files);
    g_hash_table_destroy(dirs);
    return problems;
}

bool kc_zr_mimetype_ok(const kc_zr *zr, char *why, size_t n)
{
    static const char want[] = KC_ASIC_MIMETYPE;
    unsigned char h[30 + 8 + sizeof want - 1];
    int fd = open(zr->path, O_RDONLY | O_CLOEXEC);
    ssize_t got = fd >= 0 ? pread(fd, h, sizeof h, 0) : -1;
    bool ok = false;

    if (fd >= 0)
        close(fd);
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

/* ---- streaming ------------------------------------------------------------ */

int kc_zr_fopen(kc_zr_file **out, kc_zr *zr, size_t i, const kc_zip_limits *lim, kc_error *err)
{
    kc_zr_file *f = NULL;
    if (!zr || i >= zr->n)
        return kc_error_set(err, KC_EINVAL, "%s", _("no such entry"));
    if (!(f = calloc(1, sizeof *f)))
        return kc_error_set(err, KC_ENOMEM, "%s", _("out of memory"));
    f->e = &zr->entries[i];
    kc_zip_limits_resolve(&f->lim, lim);
    f->zf = zip_fopen_index(zr->za, i, 0);
    if (!f->zf) {
        int rc = kc_error_set(err, KC_EFORMAT, _("%s: cannot be read: %s"), f->e->name,
                              zip_strerror(zr->za));
        free(f);
        return rc;
    }
    *out = f;
    return 0;
}

int64_t kc_zr_fread(kc_zr_file *f, void *buf, size_t n, kc_error *err)
{
    zip_int64_t got = zip_fread(f->zf, buf, n);
    if (got < 0) {
        zip_error_t *ze = zip_file_get_error(f->zf);
        int code = zip_error_code_zip(ze);
        return kc_error_set(err, code == ZIP_ER_READ ? KC_EIO : KC_EFORMAT, _("%s: %s"), f->e->name,
                            code == ZIP_ER_CRC ? _("the data is corrupt (CRC mismatch)")
                                               : zip_error_strerror(ze));
    }
    f->got += (uint64_t)got;
    if (f->got > f->e->size)
        return kc_error_set(err, KC_ELIMIT, _("%s: refused: inflates to more than the %llu bytes it declares (a zip bomb)"),
                            f->e->name, (unsigned long long)f->e->size);
    if (f->got > f->lim.max_entry)
        return kc_error_set(err, KC_ELIMIT, _("%s: refused: inflates to more than the limit of %llu bytes"),
                            f->e->name, (unsigned long long)f->lim.max_entry);
    if (got == 0 && f->got != f->e->size)
        return kc_error_set(err, KC_EFORMAT, _("%s: the data is %llu bytes, not the %llu it declares"),
                            f->e->name, (unsigned long long)f->got, (unsigned long long)f->e->size);
    return got;
}

void kc_zr_fclose(kc_zr_file *f)
{
    if (!f)
        return;
    zip_fclose(f->zf);
    free(f);
}

int kc_zr_read_all(char **out, size_t *len, kc_zr *zr, size_t i, size_t max, kc_error *err)
{
    kc_zr_file *f = NULL;
    char *buf = NULL;
    size_t have = 0;
    int rc;

    if (i >= zr->n)
        return kc_error_set(err, KC_EINVAL, "%s", _("no such entry"));
    if (zr->entries[i].size > max)
        return kc_error_set(err, KC_ELIMIT, _("%s: %llu bytes, more than the %zu expected at most"),
                            zr->entries[i].name, (unsigned long long)zr->entries[i].size, max);
    if ((rc = kc_zr_fopen(&f, zr, i, NULL, err)) != 0)
        return rc;
    rc = KC_ENOMEM;
    if (!(buf = malloc((size_t)zr->entries[i].size + 1)))
        goto out;
    for (;;) {
        char chunk[16384];
        int64_t got = kc_zr_fread(f, chunk, sizeof chunk, err);
        if (got < 0) {
            rc = (int)got;
            goto out;
        }
        if (got == 0)
            break;
        memcpy(buf + have, chunk, (size_t)got); /* fread bounds got by the declared size */
        have += (size_t)got;
    }
    buf[have] = '\0';
    *out = buf;
    buf = NULL;
    if (len)
        *len = have;
    rc = 0;
out:
    if (rc == KC_ENOMEM)
        kc_error_set(err, rc, "%s", _("out of memory"));
    free(buf);
    kc_zr_fclose(f);
    return rc;
}

int kc_zr_hash(unsigned char sha256[32], uint64_t *size, kc_zr *zr, size_t i,
               const kc_zip_limits *lim, int (*sink)(void *ud, const void *buf, size_t n, kc_error *err),
               void *ud, kc_error *err)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    kc_zr_file *f = NULL;
    unsigned char *buf = malloc(1 << 16);
    uint64_t total = 0;
    int rc = KC_ENOMEM;

    if (!md || !buf || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
        kc_error_set(err, rc, "%s", _("out of memory"));
        goto out;
    }
    if ((rc = kc_zr_fopen(&f, zr, i, lim, err)) != 0)
        goto out;
    for (;;) {
        int64_t got = kc_zr_fread(f, buf, 1 << 16, err);
        if (got <= 0) {
            rc = (int)got;
            break;
        }
        EVP_DigestUpdate(md, buf, (size_t)got);
        total += (uint64_t)got;
        if (sink && (rc = sink(ud, buf, (size_t)got, err)) != 0)
            break;
    }
    if (rc == 0) {
        EVP_DigestFinal_ex(md, sha256, NULL);
        if (size)
            *size = total;
    }
out:
    kc_zr_fclose(f);
    EVP_MD_CTX_free(md);
    free(buf);
    return rc;
}
