/* path.c: finding a file the way Windows and macOS users name it.
 *
 * A register, a map or a report names its files as the clerk typed them on a
 * Windows PC: "VanBanDi\12-qd-ubnd.pdf" for VanBanDi/12-QD-UBND.pdf, or in
 * NFD (Unikey's "tổ hợp", macOS) for a file saved in NFC, or the other way.
 * Windows and macOS open such names; Linux does not, and a ratio would fall
 * to 0% over a name that prints identically.  So each component that does not
 * exist as written is looked up in its directory ignoring case and Unicode
 * normalisation, and the caller is told when the name on disk differs. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"
#include "util.h"

/* The form two names are compared in: case folded, NFC (NULL: not UTF-8). */
static char *name_key(const char *name)
{
    char *folded, *nfc;
    if (!g_utf8_validate(name, -1, NULL))
        return NULL;
    folded = g_utf8_casefold(name, -1);
    nfc = folded ? g_utf8_normalize(folded, -1, G_NORMALIZE_NFC) : NULL;
    g_free(folded);
    return nfc;
}

/* The entry of dir that is name but for case and normalisation: 1 with *out
 * (g_free), 0 when none is, -1 when several are and none is name in NFC. */
static int match_entry(char **out, const char *dir, const char *name)
{
    GPtrArray *names = NULL;
    char *want = name_key(name), *nfc = g_utf8_normalize(name, -1, G_NORMALIZE_NFC);
    const char *exact = NULL, *first = NULL;
    size_t matches = 0;
    int rc = 0;

    if (!want || !nfc || kc_dir_list(&names, *dir ? dir : ".", NULL, NULL, NULL) != 0)
        goto out;
    for (guint i = 0; i < names->len; i++) {
        const char *entry = names->pdata[i];
        char *key = name_key(entry), *entry_nfc;
        if (!key || strcmp(key, want) != 0) {
            g_free(key);
            continue;
        }
        g_free(key);
        matches++;
        first = first ? first : entry;
        /* "Hoá đơn.pdf" saved in NFD beside a file of the same letters in
         * another case: the one that differs only by normalisation wins. */
        entry_nfc = g_utf8_normalize(entry, -1, G_NORMALIZE_NFC);
        if (entry_nfc && strcmp(entry_nfc, nfc) == 0 && !exact)
            exact = entry;
        g_free(entry_nfc);
    }
    if (exact || matches == 1) {
        *out = g_strdup(exact ? exact : first);
        rc = 1;
    } else if (matches > 1) {
        rc = -1;
    }
out:
    if (names)
        g_ptr_array_unref(names);
    g_free(want);
    g_free(nfc);
    return rc;
}

int kc_path_find(char **out, bool *differs, const char *path, kc_error *err)
{
    struct stat st;
    char *written = g_strdup(path);
    GString *found = NULL;
    char **parts = NULL;
    int rc = 0;

    /* Excel and Windows Explorer write backslashes. */
    for (char *p = written; *p; p++)
        if (*p == '\\')
            *p = '/';
    if (differs)
        *differs = false;
    if (stat(written, &st) == 0) {
        *out = written;
        return 0;
    }
    found = g_string_new(written[0] == '/' ? "/" : "");
    parts = g_strsplit(written, "/", -1);
    for (char **p = parts; *p; p++) {
        char *entry = NULL;
        int m;
        if (!**p || strcmp(*p, ".") == 0)
            continue;
        size_t at = found->len;
        if (at && found->str[at - 1] != '/')
            g_string_append_c(found, '/');
        g_string_append(found, *p);
        if (strcmp(*p, "..") == 0 || lstat(found->str, &st) == 0)
            continue;
        g_string_truncate(found, at);
        m = match_entry(&entry, found->str, *p);
        if (m <= 0) {
            rc = m < 0 ? kc_error_set(err, KC_EIO, _("%s: several files have this name but for upper and lower case"),
                                      path)
                       : kc_error_set(err, KC_EIO, _("%s: cannot open: %s"), path, g_strerror(ENOENT));
            goto out;
        }
        if (at && found->str[at - 1] != '/')
            g_string_append_c(found, '/');
        g_string_append(found, entry);
        g_free(entry);
    }
    if (differs)
        *differs = strcmp(found->str, written) != 0;
    *out = g_string_free(found, FALSE);
    found = NULL;
out:
    if (found)
        g_string_free(found, TRUE);
    g_strfreev(parts);
    g_free(written);
    return rc;
}
