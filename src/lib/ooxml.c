/* ooxml.c: Office Open XML packages (see ooxml.h): the zip opened with
 * libzip, parts found by name and streamed with their sizes bounded, and the
 * relationships that tie the parts together.  The XML inside a part is read
 * by ooxml_xml.c.
 *
 * Why libzip directly and not the dossier reader (zip_read.c): a dossier is
 * refused unless its layout is the one kiemchung writes, while a workbook or
 * a report comes from Excel, Word, LibreOffice or WPS, whose zips differ (data
 * descriptors, other flags).  Here only the parts we read matter, and each is
 * bounded on its declared size, its compression ratio and the bytes that
 * actually come out, so a lying header or a zip bomb stops at the limit.
 * The layout is still vetted first, as for a clerk's zipped evidence
 * (kc_zl_parse_elsewhere), so that libzip reads the package every other
 * reader reads (rtzip10). */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "i18n.h"
#include "ooxml.h"
#include "util.h"
#include "zip_layout.h"

#define MAX_ENTRIES 100000 /* entries in a package: Office writes dozens */

struct kc_ooxml {
    zip_t *za;
    char *name; /* the path's last component, for messages */
};

struct kc_ooxml_part {
    zip_file_t *zf;
    const char *file;
    char *part;
    uint64_t size, got;
};

/* ---- the package ------------------------------------------------------------- */

static bool starts_with_bytes(const char *path, const void *magic, size_t n)
{
    unsigned char h[8];
    struct stat st;
    /* O_NONBLOCK: a named pipe called so-di.xlsx must not hang the look. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    ssize_t got = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? read(fd, h, n) : -1;
    if (fd >= 0)
        close(fd);
    return got == (ssize_t)n && memcmp(h, magic, n) == 0;
}

/* An OLE compound file: Office 97-2003, or any file protected with a password. */
static const char ole_magic[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

static int refuse_ole(const char *what, kc_error *err)
{
    return kc_error_set(err, KC_EFORMAT,
                        _("%s: an Excel 97-2003 (.xls) or Word 97-2003 (.doc) file, or one protected with a password: open it and save it again as .xlsx or .docx, without a password"),
                        what);
}

bool kc_ooxml_looks_zip(const char *path)
{
    return starts_with_bytes(path, "PK\3\4", 4);
}

bool kc_ooxml_looks_ole(const char *path)
{
    return starts_with_bytes(path, ole_magic, 8);
}

int kc_ooxml_refuse_pdf(const char *path, const char *what, kc_error *err)
{
    if (!starts_with_bytes(path, "%PDF-", 5))
        return 0;
    if (strcmp(what, "register") == 0)
        return kc_error_set(err, KC_EFORMAT,
                            _("%s: a PDF document, not a register: give the outgoing register (a .csv or .xlsx "
                              "file) or the folder that holds it"),
                            path);
    return kc_error_set(err, KC_EFORMAT,
                        _("%s: a PDF document, not a report: give the evidence report as a .docx or .txt file"), path);
}


/* name as a part name to compare: ASCII case folded, %XX escapes decoded
 * (g_free).  A zip item's name is its part's name percent-encoded (ECMA-376
 * part 2, annex B), and LibreOffice decodes it: an entry word/%64ocument.xml
 * was the report it showed, whatever its place, beside word/document.xml. */
static char *part_key(const char *name)
{
    size_t len = strlen(name);
    char *key = g_malloc(len + 1), *k = key;
    for (size_t i = 0; i < len; i++) {
        int hi, lo;
        if (name[i] == '%' && i + 2 < len && (hi = g_ascii_xdigit_value(name[i + 1])) >= 0 &&
            (lo = g_ascii_xdigit_value(name[i + 2])) >= 0) {
            *k++ = g_ascii_tolower((char)(hi << 4 | lo));
            i += 2;
        } else {
            *k++ = g_ascii_tolower(name[i]);
        }
    }
    *k = '\0';
    return key;
}

/* Two entries naming one part: OPC part names ignore ASCII case and the
 * leading '/' (ECMA-376 part 2, 6.2.2.3: a package holding equivalent names
 * is not to be read), and LibreOffice reads the names percent-decoded;
 * libzip's names are bytes.  With word/document.xml and WORD/DOCUMENT.XML in
 * one report, LibreOffice showed the one listed first (with
 * word/%64ocument.xml, that one in either place) while kiemchung read the
 * other or found no document; with a second styles part, kiemchung read the
 * report without its styles.  Which part a program takes is then a matter of
 * chance: refused at the open, naming both.  Folder entries hold no part.
 * Returns 0, or the error set. */
static int refuse_equivalent_names(const kc_ooxml *p, zip_int64_t n, const char *what, kc_error *err)
{
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    int rc = 0;
    for (zip_int64_t i = 0; i < n && rc == 0; i++) {
        const char *name = zip_get_name(p->za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
        if (!name)
            continue;
        while (*name == '/')
            name++;
        size_t len = strlen(name);
        if (len == 0 || name[len - 1] == '/')
            continue;
        char *folded = part_key(name);
        const char *before = g_hash_table_lookup(seen, folded);
        if (before)
            rc = kc_error_set(err, KC_EFORMAT,
                              _("%s: refused: its entries %s and %s name one part (part names ignore case and %%XX escapes): "
                                "Word and LibreOffice could read either"),
                              what, before, name);
        else
            g_hash_table_insert(seen, folded, (gpointer)name);
        if (before)
            g_free(folded);
    }
    g_hash_table_destroy(seen);
    return rc;
}

/* The package p->za, once libzip has opened it (za NULL: zerr says why not):
 * what both openers share.  p is freed on failure. */
static int opened(kc_ooxml **out, kc_ooxml *p, int zerr, const char *what, kc_error *err)
{
    if (!p->za) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        int rc = zerr == ZIP_ER_INCONS
                     ? kc_error_set(err, KC_EFORMAT, _("%s: refused: the archive is inconsistent (its headers disagree, so tools would read it differently)"), what)
                     : kc_error_set(err, zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ ? KC_EIO : KC_EFORMAT,
                                    _("%s: not a readable zip archive (%s)"), what, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        kc_ooxml_free(p);
        return rc;
    }
    zip_int64_t n = zip_get_num_entries(p->za, 0);
    if (n < 0 || n > MAX_ENTRIES) {
        char *msg = g_strdup_printf(_("the archive holds %zu entries, more than the limit of %llu"), (size_t)(n < 0 ? 0 : n),
                                    (unsigned long long)MAX_ENTRIES);
        int rc = kc_error_set(err, KC_ELIMIT, "%s: %s", what, msg);
        g_free(msg);
        kc_ooxml_free(p);
        return rc;
    }
    int rc = refuse_equivalent_names(p, n, what, err);
    if (rc != 0) {
        kc_ooxml_free(p);
        return rc;
    }
    *out = p;
    return 0;
}

/* rtzip10: the package laid out so that every reader reads the same parts.
 * libzip takes the first end record whose comment reaches the end of the
 * file; Python's zipfile, unzip, bsdtar and LibreOffice take the last one.
 * A report.docx whose first archive held the report as report.txt says it
 * and whose comment held a second one saying 652/652 and 100% was compared
 * with report.txt through libzip and passed the check, while LibreOffice
 * Writer and python-docx showed the other.  The layout of a zip made by
 * other tools (zip_layout.h: no byte outside an entry, the headers agreeing,
 * a comment that holds no second end record) is what Word, Excel,
 * LibreOffice and WPS write; anything else is refused.  Run once libzip has
 * opened the package (what is no zip keeps libzip's message); fd is read,
 * not closed; a file that is not regular is not vetted. */
static int vet_layout(int fd, const char *what, kc_error *err)
{
    struct stat st;
    kc_zl zl = {0};
    kc_error e = {0};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    if (kc_zl_parse_elsewhere(&zl, fd, (uint64_t)st.st_size, &e) == 0) {
        kc_zl_clear(&zl);
        return 0;
    }
    if (e.code == KC_EIO || e.code == KC_ENOMEM)
        return kc_error_set(err, e.code, "%s: %s", what, e.message);
    return kc_error_set(err, KC_EFORMAT,
                        _("%s: %s (Word, Excel, LibreOffice and Python's zipfile could read another document "
                          "in it than kiemchung reads)"),
                        what, e.message);
}

int kc_ooxml_open(kc_ooxml **out, const char *path, kc_error *err)
{
    kc_ooxml *p = NULL;
    int zerr = 0;

    if (kc_ooxml_looks_ole(path))
        return refuse_ole(path, err);
    if (!(p = calloc(1, sizeof *p)) || !(p->name = g_path_get_basename(path))) {
        free(p);
        return kc_error_oom(err);
    }
    /* One descriptor for libzip and the layout check, so that both read the
     * same file (a path opened twice could name another file the second
     * time).  libzip owns the duplicate it is given; the layout check reads
     * with pread, so the offset the two share is left alone. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), zfd = fd >= 0 ? fcntl(fd, F_DUPFD_CLOEXEC, 0) : -1;
    if (zfd < 0) {
        int rc = kc_error_set(err, KC_EIO, _("%s: cannot be read: %s"), path, g_strerror(errno));
        if (fd >= 0)
            close(fd);
        kc_ooxml_free(p);
        return rc;
    }
    /* CHECKCONS: local and central headers must agree (data descriptors allowed). */
    if (!(p->za = zip_fdopen(zfd, ZIP_RDONLY | ZIP_CHECKCONS, &zerr)))
        close(zfd); /* libzip keeps it only once open */
    int rc = opened(out, p, zerr, path, err);
    if (rc == 0 && (rc = vet_layout(fd, path, err)) != 0) {
        kc_ooxml_free(*out);
        *out = NULL;
    }
    close(fd);
    return rc;
}

int kc_ooxml_open_buffer(kc_ooxml **out, const void *data, size_t len, const char *name, kc_error *err)
{
    kc_ooxml *p = NULL;
    zip_source_t *src = NULL;
    zip_error_t ze;
    int zerr = 0;

    if (len >= 8 && memcmp(data, ole_magic, 8) == 0)
        return refuse_ole(name, err);
    if (!(p = calloc(1, sizeof *p)) || !(p->name = g_path_get_basename(name))) {
        free(p);
        return kc_error_oom(err);
    }
    zip_error_init(&ze);
    if ((src = zip_source_buffer_create(data, len, 0, &ze)) != NULL &&
        !(p->za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze)))
        zip_source_free(src); /* the archive owns it once open */
    zerr = zip_error_code_zip(&ze);
    zip_error_fini(&ze);
    int rc = opened(out, p, zerr ? zerr : ZIP_ER_MEMORY, name, err), fd = -1;
    if (rc != 0)
        return rc;
    /* the layout parser reads a file: the bytes go to an anonymous one */
    if ((fd = memfd_create("kiemchung-package", MFD_CLOEXEC)) < 0 || kc_write_all(fd, data, len) != 0)
        rc = kc_error_set(err, KC_EIO, _("%s: cannot be read: %s"), name, g_strerror(errno));
    else
        rc = vet_layout(fd, name, err);
    if (rc != 0) {
        kc_ooxml_free(*out);
        *out = NULL;
    }
    if (fd >= 0)
        close(fd);
    return rc;
}

void kc_ooxml_free(kc_ooxml *p)
{
    if (!p)
        return;
    if (p->za)
        zip_discard(p->za);
    g_free(p->name);
    free(p);
}

const char *kc_ooxml_name(const kc_ooxml *p)
{
    return p->name;
}

/* The entry holding part (OPC part names ignore ASCII case and the leading
 * '/'): its index, -1 when there is none, -2 when two entries match (which one
 * a program reads would then be a matter of chance). */
static int64_t find_part(const kc_ooxml *p, const char *part)
{
    int64_t found = -1;
    zip_int64_t n = zip_get_num_entries(p->za, 0);
    while (*part == '/')
        part++;
    for (zip_int64_t i = 0; i < n; i++) {
        const char *name = zip_get_name(p->za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
        while (name && *name == '/')
            name++;
        if (name && g_ascii_strcasecmp(name, part) == 0) {
            if (found >= 0)
                return -2;
            found = (int64_t)i;
        }
    }
    return found;
}

bool kc_ooxml_has(const kc_ooxml *p, const char *part)
{
    return find_part(p, part) >= 0;
}

/* ---- a part, streamed ----------------------------------------------------------- */

int kc_ooxml_part_open(kc_ooxml_part **out, kc_ooxml *p, const char *part, uint64_t max, kc_error *err)
{
    int64_t at = find_part(p, part);
    kc_ooxml_part *f = NULL;
    zip_stat_t st;

    if (at == -2)
        return kc_error_set(err, KC_EFORMAT, _("%s: refused: two entries are named %s"), p->name, part);
    if (at < 0)
        return kc_error_set(err, KC_EFORMAT, _("%s: the part %s is missing"), p->name, part);
    zip_stat_init(&st);
    if (zip_stat_index(p->za, (zip_uint64_t)at, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
        !(st.valid & ZIP_STAT_COMP_SIZE)) {
        char *msg = g_strdup_printf(_("%s: cannot be read: %s"), part, zip_strerror(p->za));
        int rc = kc_error_set(err, KC_EFORMAT, "%s: %s", p->name, msg);
        g_free(msg);
        return rc;
    }
    if (st.size > max)
        return kc_error_set(err, KC_ELIMIT, _("%s: %s: refused: it inflates to %llu bytes, more than the limit of %llu"),
                            p->name, part, (unsigned long long)st.size, (unsigned long long)max);
    if (st.size >= (1u << 20) && (st.comp_size == 0 || (double)st.size / (double)st.comp_size > KC_OOXML_MAX_RATIO))
        return kc_error_set(err, KC_ELIMIT, _("%s: %s: refused: it inflates %llu bytes to %llu (more than %.0f times): a zip bomb"),
                            p->name, part, (unsigned long long)st.comp_size, (unsigned long long)st.size,
                            KC_OOXML_MAX_RATIO);
    if (!(f = calloc(1, sizeof *f)) || !(f->part = strdup(part))) {
        free(f);
        return kc_error_oom(err);
    }
    f->file = p->name;
    f->size = st.size;
    if (!(f->zf = zip_fopen_index(p->za, (zip_uint64_t)at, 0))) {
        /* Encrypted, or a method libzip cannot inflate. */
        char *msg = g_strdup_printf(_("%s: cannot be read: %s"), part, zip_strerror(p->za));
        int rc = kc_error_set(err, KC_EFORMAT, "%s: %s", p->name, msg);
        g_free(msg);
        kc_ooxml_part_close(f);
        return rc;
    }
    *out = f;
    return 0;
}

/* "FILE: PART: message" from one of the zip reader's messages about an entry. */
static int64_t part_error(kc_ooxml_part *f, int code, char *msg, kc_error *err)
{
    kc_error_set(err, code, "%s: %s", f->file, msg);
    g_free(msg);
    return code;
}

int64_t kc_ooxml_part_read(kc_ooxml_part *f, void *buf, size_t n, kc_error *err)
{
    zip_int64_t got = zip_fread(f->zf, buf, n);
    if (got < 0) {
        zip_error_t *ze = zip_file_get_error(f->zf);
        int code = zip_error_code_zip(ze);
        return part_error(f, code == ZIP_ER_READ ? KC_EIO : KC_EFORMAT,
                          g_strdup_printf(_("%s: %s"), f->part,
                                          code == ZIP_ER_CRC ? _("the data is corrupt (CRC mismatch)") : zip_error_strerror(ze)),
                          err);
    }
    f->got += (uint64_t)got;
    if (f->got > f->size)
        return part_error(f, KC_ELIMIT,
                          g_strdup_printf(_("%s: refused: inflates to more than the %llu bytes it declares (a zip bomb)"),
                                          f->part, (unsigned long long)f->size),
                          err);
    if (got == 0 && f->got != f->size)
        return part_error(f, KC_EFORMAT,
                          g_strdup_printf(_("%s: the data is %llu bytes, not the %llu it declares"), f->part,
                                          (unsigned long long)f->got, (unsigned long long)f->size),
                          err);
    return got;
}

void kc_ooxml_part_close(kc_ooxml_part *f)
{
    if (!f)
        return;
    if (f->zf)
        zip_fclose(f->zf);
    free(f->part);
    free(f);
}

/* ---- relationships ----------------------------------------------------------------- */

typedef struct rels_ctx {
    GArray *rels;    /* kc_ooxml_rel */
    const char *dir; /* the source part's folder, "" for the package */
} rels_ctx;

/* target resolved against dir, "." and ".." removed, %XX decoded; malloc'd. */
static char *resolve(const char *dir, const char *target)
{
    char *joined = target[0] == '/' ? g_strdup(target + 1) : g_strconcat(dir, *dir ? "/" : "", target, NULL);
    char *unesc = g_uri_unescape_string(joined, NULL);
    char **segs = g_strsplit(unesc ? unesc : joined, "/", -1);
    GPtrArray *kept = g_ptr_array_new();
    for (char **s = segs; *s; s++) {
        if (!**s || strcmp(*s, ".") == 0)
            continue;
        if (strcmp(*s, "..") == 0) {
            if (kept->len)
                g_ptr_array_remove_index(kept, kept->len - 1);
            continue;
        }
        g_ptr_array_add(kept, *s);
    }
    g_ptr_array_add(kept, NULL);
    char *out = g_strjoinv("/", (char **)kept->pdata);
    g_ptr_array_free(kept, TRUE);
    g_strfreev(segs);
    g_free(unesc);
    g_free(joined);
    return out;
}

static int rels_start(kc_xml *x, void *ud, kc_ns ns, const char *name, const kc_xml_attrs *a)
{
    rels_ctx *c = ud;
    if (ns != KC_NS_PKG_REL || strcmp(name, "Relationship") != 0)
        return 0;
    const char *id = kc_xml_attr(a, KC_NS_NONE, "Id"), *type = kc_xml_attr(a, KC_NS_NONE, "Type");
    const char *target = kc_xml_attr(a, KC_NS_NONE, "Target"), *mode = kc_xml_attr(a, KC_NS_NONE, "TargetMode");
    if (!id || !type || !target)
        return 0; /* not usable; nothing can refer to it meaningfully */
    if (c->rels->len == KC_OOXML_MAX_RELS)
        return kc_xml_fail(x, KC_ELIMIT, _("more than %d relationships"), KC_OOXML_MAX_RELS);
    const char *slash = strrchr(type, '/');
    kc_ooxml_rel r = {.external = mode && strcmp(mode, "External") == 0};
    r.id = g_strdup(id);
    r.type = g_strdup(slash ? slash + 1 : type);
    r.target = r.external ? g_strdup(target) : resolve(c->dir, target);
    g_array_append_val(c->rels, r);
    return 0;
}

int kc_ooxml_rels(kc_ooxml_rel **out, size_t *n, kc_ooxml *p, const char *part, kc_error *err)
{
    static const kc_xml_handler h = {rels_start, NULL, NULL};
    char *dir = NULL, *rels_part = NULL;
    rels_ctx c = {g_array_new(FALSE, FALSE, sizeof(kc_ooxml_rel)), NULL};
    int rc;

    *out = NULL;
    *n = 0;
    if (!part || !*part) {
        dir = g_strdup("");
        rels_part = g_strdup("_rels/.rels");
    } else {
        const char *slash = strrchr(part, '/');
        dir = slash ? g_strndup(part, (gsize)(slash - part)) : g_strdup("");
        rels_part = g_strdup_printf("%s%s_rels/%s.rels", dir, *dir ? "/" : "", slash ? slash + 1 : part);
    }
    c.dir = dir;
    rc = find_part(p, rels_part) == -1 ? 0 : kc_ooxml_parse(p, rels_part, KC_OOXML_MAX_PART_SMALL, &h, &c, err);
    *n = c.rels->len;
    *out = (kc_ooxml_rel *)(void *)g_array_free(c.rels, FALSE);
    if (rc != 0) {
        kc_ooxml_rels_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    g_free(dir);
    g_free(rels_part);
    return rc;
}

void kc_ooxml_rels_free(kc_ooxml_rel *rels, size_t n)
{
    for (size_t i = 0; rels && i < n; i++) {
        free(rels[i].id);
        free(rels[i].type);
        free(rels[i].target);
    }
    free(rels);
}

const kc_ooxml_rel *kc_ooxml_rel_by_id(const kc_ooxml_rel *rels, size_t n, const char *id)
{
    for (size_t i = 0; id && i < n; i++)
        if (strcmp(rels[i].id, id) == 0)
            return &rels[i];
    return NULL;
}

const kc_ooxml_rel *kc_ooxml_rel_by_type(const kc_ooxml_rel *rels, size_t n, const char *type)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(rels[i].type, type) == 0 && !rels[i].external)
            return &rels[i];
    return NULL;
}
