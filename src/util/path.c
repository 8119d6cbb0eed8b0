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

/* A directory's entries by name_key (each a GPtrArray of the names on disk
 * that fold to it): listed once per directory and cache, so that a register
 * of thousands of rows naming missing files in one folder costs one listing,
 * not one per row.  A directory that cannot be listed has an empty table. */
struct kc_path_cache {
    GHashTable *dirs; /* dir -> GHashTable key -> GPtrArray of names */
};

kc_path_cache *kc_path_cache_new(void)
{
    kc_path_cache *c = g_new0(kc_path_cache, 1);
    c->dirs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_hash_table_unref);
    return c;
}

void kc_path_cache_free(kc_path_cache *c)
{
    if (!c)
        return;
    g_hash_table_unref(c->dirs);
    g_free(c);
}

static GHashTable *dir_keys(kc_path_cache *c, const char *dir)
{
    GHashTable *keys = g_hash_table_lookup(c->dirs, dir);
    GPtrArray *names = NULL;
    if (keys)
        return keys;
    keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
    if (kc_dir_list(&names, *dir ? dir : ".", NULL, NULL, NULL) == 0) {
        for (guint i = 0; i < names->len; i++) {
            char *key = name_key(names->pdata[i]);
            GPtrArray *same;
            if (!key)
                continue;
            same = g_hash_table_lookup(keys, key);
            if (!same) {
                same = g_ptr_array_new_with_free_func(g_free);
                g_hash_table_insert(keys, key, same);
            } else {
                g_free(key);
            }
            g_ptr_array_add(same, g_strdup(names->pdata[i]));
        }
        g_ptr_array_unref(names);
    }
    g_hash_table_insert(c->dirs, g_strdup(dir), keys);
    return keys;
}

/* The entry of dir that is name but for case and normalisation: 1 with *out
 * (g_free), 0 when none is, -1 when several are and none is name in NFC. */
static int match_entry(kc_path_cache *c, char **out, const char *dir, const char *name)
{
    char *want = name_key(name), *nfc = g_utf8_normalize(name, -1, G_NORMALIZE_NFC);
    GPtrArray *same = NULL;
    const char *exact = NULL;
    int rc = 0;

    if (!want || !nfc)
        goto out;
    same = g_hash_table_lookup(dir_keys(c, dir), want);
    if (!same)
        goto out;
    /* "Hoá đơn.pdf" saved in NFD beside a file of the same letters in
     * another case: the one that differs only by normalisation wins. */
    for (guint i = 0; i < same->len && !exact; i++) {
        char *entry_nfc = g_utf8_normalize(same->pdata[i], -1, G_NORMALIZE_NFC);
        if (entry_nfc && strcmp(entry_nfc, nfc) == 0)
            exact = same->pdata[i];
        g_free(entry_nfc);
    }
    if (exact || same->len == 1) {
        *out = g_strdup(exact ? exact : same->pdata[0]);
        rc = 1;
    } else {
        rc = -1;
    }
out:
    g_free(want);
    g_free(nfc);
    return rc;
}

int kc_path_find_cached(kc_path_cache *cache, char **out, bool *differs, const char *path, kc_error *err)
{
    kc_path_cache *own = cache ? NULL : kc_path_cache_new();
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
        kc_path_cache_free(own);
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
        m = match_entry(cache ? cache : own, &entry, found->str, *p);
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
    kc_path_cache_free(own);
    return rc;
}

int kc_path_find(char **out, bool *differs, const char *path, kc_error *err)
{
    return kc_path_find_cached(NULL, out, differs, path, err);
}
