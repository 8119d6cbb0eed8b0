/* file.c: reading a whole file with a bound, writing all of a buffer, and
 * listing a directory in a stable order.  Only regular files are read: opening a named pipe found in a
 * folder (or given by mistake) would wait for a writer for ever. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "util.h"

int kc_file_read(char **out, size_t *len, const char *path, size_t max, kc_error *err)
{
    struct stat st;
    GByteArray *buf = NULL;
    unsigned char chunk[65536];
    int rc = KC_EIO;
    /* O_NONBLOCK: a FIFO is refused below instead of blocking the open;
     * regular files ignore the flag. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

    if (fd < 0 || fstat(fd, &st) != 0) {
        kc_error_set(err, KC_EIO, _("%s: cannot open: %s"), path, g_strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        kc_error_set(err, KC_EIO, _("%s: cannot open: %s"), path, _("not a regular file"));
        goto out;
    }
    if ((uint64_t)st.st_size > max) {
        rc = kc_error_set(err, KC_ELIMIT, _("%s: larger than %zu bytes"), path, max);
        goto out;
    }
    /* The size is a hint: the file may change while it is read. */
    buf = g_byte_array_sized_new((guint)MIN((uint64_t)st.st_size, (uint64_t)max) + 1);
    for (;;) {
        ssize_t got = read(fd, chunk, sizeof chunk);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            kc_error_set(err, KC_EIO, _("%s: cannot read"), path);
            goto out;
        }
        if (got == 0)
            break;
        if ((size_t)got > max - buf->len) {
            rc = kc_error_set(err, KC_ELIMIT, _("%s: larger than %zu bytes"), path, max);
            goto out;
        }
        g_byte_array_append(buf, chunk, (guint)got);
    }
    if (len)
        *len = buf->len;
    g_byte_array_append(buf, (const guint8 *)"", 1);
    *out = (char *)g_byte_array_free(buf, FALSE);
    buf = NULL;
    rc = 0;
out:
    if (buf)
        g_byte_array_free(buf, TRUE);
    if (fd >= 0)
        close(fd);
    return rc;
}

int kc_write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return w < 0 ? errno : EIO;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int by_name(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int kc_dir_list(GPtrArray **out, const char *dir, bool (*keep)(const char *name, void *ud), void *ud,
                kc_error *err)
{
    GPtrArray *names;
    struct dirent *de;
    DIR *d = opendir(dir);
    if (!d)
        return kc_error_set(err, KC_EIO, _("%s: cannot open: %s"), dir, g_strerror(errno));
    names = g_ptr_array_new_with_free_func(g_free);
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (!keep || keep(de->d_name, ud))
            g_ptr_array_add(names, g_strdup(de->d_name));
    }
    closedir(d);
    /* Byte order, whatever order the file system keeps: the same tree gives
     * the same dossier, the same report, the same trust store. */
    g_ptr_array_sort(names, by_name);
    *out = names;
    return 0;
}
