/* dossier_files.c: the dossier's payload files (see dossier_model.h): the
 * clerk's names made safe and unique as payload paths, lookups by path and by
 * SHA-256, the names a file was also handed in under, and media types.  The
 * criteria citing these files, and their order, are dossier_model.c's.
 *
 * Payload names are the clerk's own names, but a dossier is unzipped on
 * Windows too: characters Windows forbids become '_', reserved device names
 * get a prefix, and two names that differ only in case are made distinct. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier_model.h"
#include "names.h"
#include "text.h"
#include "util.h"
#include "zipio.h"

#define NAME_MAX_BYTES 180 /* leaves room for "data/" and a deep extract folder under MAX_PATH */

/* The device names Windows opens instead of a file (zip_read.c refuses
 * them in an archive): also with a superscript digit (COM¹), spaces before
 * the extension ("NUL .txt"), and the console's CONIN$ and CONOUT$. */
static bool reserved_device(const char *name)
{
    static const char *const devs[] = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "COM", "LPT"};
    size_t stem = strcspn(name, ".");
    while (stem > 0 && name[stem - 1] == ' ')
        stem--;
    for (size_t i = 0; i < G_N_ELEMENTS(devs); i++) {
        size_t n = strlen(devs[i]);
        if (stem < n || g_ascii_strncasecmp(name, devs[i], n) != 0)
            continue;
        if (stem == n && i < 6)
            return true;
        if (stem == n + 1 && i >= 6 && g_ascii_isdigit(name[n]))
            return true;
        const unsigned char *sup = (const unsigned char *)name + n; /* ¹ ² ³: C2 B9, C2 B2, C2 B3 */
        if (stem == n + 2 && i >= 6 && sup[0] == 0xc2 && (sup[1] == 0xb9 || sup[1] == 0xb2 || sup[1] == 0xb3))
            return true;
    }
    return false;
}

/* The clerk's name made safe for Windows, macOS and Linux, NFC, bounded. */
static GString *safe_name(const char *name)
{
    char *nfc = g_utf8_validate(name, -1, NULL) ? g_utf8_normalize(name, -1, G_NORMALIZE_NFC)
                                                : g_utf8_make_valid(name, -1);
    GString *s = g_string_new(NULL);
    /* What a person reads, first: no hidden character, no alphabet passing
     * for another, no extension Explorer hides, no short name (names.h). */
    char *plain = kc_name_plain(nfc);
    g_free(nfc);
    nfc = plain;
    for (const char *p = nfc; *p; p = g_utf8_next_char(p)) {
        gunichar ch = g_utf8_get_char(p);
        /* ASCII only: strchr takes the low byte, so "о" (U+043E) was '>' */
        if (ch < 0x20 || ch == 0x7f || (ch < 0x80 && strchr("<>:\"/\\|?*", (int)ch)))
            g_string_append_c(s, '_');
        else
            g_string_append_unichar(s, ch);
    }
    g_free(nfc);
    while (s->len && (s->str[s->len - 1] == '.' || s->str[s->len - 1] == ' '))
        g_string_truncate(s, s->len - 1);
    while (s->len && s->str[0] == ' ')
        g_string_erase(s, 0, 1);
    if (!s->len || strcmp(s->str, ".") == 0 || strcmp(s->str, "..") == 0)
        g_string_assign(s, "_");
    if (reserved_device(s->str))
        g_string_prepend_c(s, '_');
    if (s->len > NAME_MAX_BYTES) {
        const char *dot = strrchr(s->str, '.');
        size_t ext = dot && strlen(dot) <= 10 ? strlen(dot) : 0;
        char *tail = g_strdup(s->str + s->len - ext);
        const char *cut = g_utf8_find_prev_char(s->str, s->str + NAME_MAX_BYTES - ext + 1);
        g_string_truncate(s, (gsize)(cut - s->str));
        g_string_append(s, tail);
        g_free(tail);
    }
    return s;
}

/* Two payload names are one when a person reads them alike (hoà, hòa; a
 * Cyrillic "о"), which covers what Windows and macOS take for one file (case,
 * NFC). */
char *kc_dm_fold_key(kc_dossier *d, const char *path)
{
    return kc_name_skeleton_cached(d->folders, path);
}

void kc_dm_dos_add(kc_dossier *d, const char *path)
{
    if (!d->dos_made)
        return; /* made whole when first asked (dos_taken) */
    for (size_t p = 0; p < KC_ZIP_DOS_PAGES; p++) {
        if (!kc_zip_dos_key_in(d->dos_key, path, p, true))
            return;
        if (!g_hash_table_contains(d->by_dos, d->dos_key->str)) /* the keys live in d->dos_text */
            g_hash_table_add(d->by_dos, g_string_chunk_insert_len(d->dos_text, d->dos_key->str, (gssize)d->dos_key->len));
    }
}

/* by_dos is made when a file is first added under a name of kiemchung's
 * choosing (dos_taken), from every file filed by then, and kept up to date
 * after: reading a dossier (check, list, update's start) asks nothing of it,
 * and keying its 200,000 paths in four pages was 6% of check's time (issue 16). */
static void dos_make(kc_dossier *d)
{
    if (d->dos_made)
        return;
    d->dos_made = true;
    for (size_t i = 0; i < d->files->len; i++)
        kc_dm_dos_add(d, KC_DM_FILE(d, i).pub.path);
}

/* rtzip18: whether Windows 7 and 8 Explorer would write path as a file
 * already filed (check refuses such a dossier: kc_zr_vet). */
static bool dos_taken(kc_dossier *d, const char *path)
{
    bool taken = false;
    dos_make(d);
    for (size_t p = 0; p < KC_ZIP_DOS_PAGES && !taken; p++) {
        char *key = kc_zip_dos_key_tagged(path, p);
        if (!key)
            return false;
        taken = g_hash_table_contains(d->by_dos, key);
        g_free(key);
    }
    return taken;
}

static int push_file(kc_dossier *d, size_t *index, char *path, const char *name, uint64_t size)
{
    kc_dm_file *f;
    g_array_set_size(d->files, d->files->len + 1); /* zeroed */
    f = &KC_DM_FILE(d, d->files->len - 1);
    f->old_index = -1;
    f->pub.path = path;
    f->pub.name = g_utf8_validate(name, -1, NULL) ? g_utf8_normalize(name, -1, G_NORMALIZE_NFC) : g_utf8_make_valid(name, -1);
    f->pub.size = size;
    f->hex = g_malloc0(65);
    f->pub.sha256 = f->hex;
    f->pub.media_type = kc_dm_media_type(path, &f->deflate);
    g_hash_table_insert(d->by_path, kc_dm_fold_key(d, path), GSIZE_TO_POINTER(d->files->len));
    kc_dm_dos_add(d, path);
    *index = d->files->len - 1;
    return 0;
}

char *kc_dm_payload_path(const char *name)
{
    GString *base = safe_name(name);
    char *path = g_strconcat("data/", base->str, NULL);
    g_string_free(base, TRUE);
    return path;
}

int kc_dm_file_add(kc_dossier *d, size_t *index, const char *name, const char *src, uint64_t size)
{
    GString *base = safe_name(name);
    const char *dot = strrchr(base->str, '.');
    size_t stem = dot && dot != base->str ? (size_t)(dot - base->str) : base->len;
    char *path = NULL, *key = NULL;
    int rc;

    for (unsigned n = 1;; n++) {
        g_free(path);
        g_free(key);
        path = n == 1 ? g_strconcat("data/", base->str, NULL)
                      : g_strdup_printf("data/%.*s (%u)%s", (int)stem, base->str, n, base->str + stem);
        key = kc_dm_fold_key(d, path);
        if (!g_hash_table_contains(d->by_path, key) && !dos_taken(d, path))
            break;
    }
    g_free(key);
    g_string_free(base, TRUE);
    if ((rc = push_file(d, index, path, name, size)) != 0) {
        free(path);
        return KC_ENOMEM;
    }
    if (src && !(KC_DM_FILE(d, *index).src = strdup(src)))
        return KC_ENOMEM;
    return 0;
}

int kc_dm_file_add_stored(kc_dossier *d, size_t *index, const char *path, const char *name,
                          uint64_t size, const char *sha_hex)
{
    char *owned = strdup(path);
    unsigned char sha[32];
    if (!owned || push_file(d, index, owned, name && *name ? name : path + 5, size) != 0) {
        free(owned);
        return KC_ENOMEM;
    }
    if (sha_hex && strlen(sha_hex) == 64) {
        if (!kc_hex_decode(sha, sizeof sha, sha_hex))
            return KC_EFORMAT;
        kc_dm_file_set_sha(d, *index, sha);
    }
    return 0;
}

void kc_dm_file_set_sha(kc_dossier *d, size_t i, const unsigned char sha[32])
{
    kc_dm_file *f = &KC_DM_FILE(d, i);
    memcpy(f->sha, sha, 32);
    kc_hex_encode(f->hex, sha, 32);
    f->hashed = true;
    if (!g_hash_table_contains(d->by_sha, f->hex))
        g_hash_table_insert(d->by_sha, g_strdup(f->hex), GSIZE_TO_POINTER(i + 1));
}

int64_t kc_dm_find_sha(const kc_dossier *d, const unsigned char sha[32])
{
    char hex[65];
    gpointer v = g_hash_table_lookup(d->by_sha, kc_hex_encode(hex, sha, 32));
    return v ? (int64_t)GPOINTER_TO_SIZE(v) - 1 : -1;
}

int64_t kc_dm_find_path(const kc_dossier *d, const char *path)
{
    /* The folder cache is no part of the dossier's value: a lookup may fill it. */
    char *key = kc_dm_fold_key((kc_dossier *)d, path);
    gpointer v = g_hash_table_lookup(d->by_path, key);
    g_free(key);
    return v ? (int64_t)GPOINTER_TO_SIZE(v) - 1 : -1;
}

static bool has_alias(kc_dm_file *f, const char *nfc)
{
    if (!f->aliases)
        return false;
    if (f->aliases->len < KC_DM_INDEX_FROM) {
        for (guint i = 0; i < f->aliases->len; i++)
            if (strcmp(f->aliases->pdata[i], nfc) == 0)
                return true;
        return false;
    }
    if (!f->alias_set) {
        f->alias_set = g_hash_table_new(g_str_hash, g_str_equal);
        for (guint i = 0; i < f->aliases->len; i++)
            g_hash_table_add(f->alias_set, f->aliases->pdata[i]);
    }
    return g_hash_table_contains(f->alias_set, nfc);
}

int kc_dm_add_alias(kc_dm_file *f, const char *name)
{
    char *nfc = g_utf8_normalize(name, -1, G_NORMALIZE_NFC);
    if (!nfc || strcmp(nfc, f->pub.name) == 0 || has_alias(f, nfc)) {
        g_free(nfc);
        return 0;
    }
    if (!f->aliases)
        f->aliases = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(f->aliases, nfc);
    if (f->alias_set)
        g_hash_table_add(f->alias_set, nfc);
    return 0;
}

const char *kc_dm_media_type(const char *name, bool *deflate)
{
    /* Already compressed formats are stored: deflating them again costs time
     * and gains nothing.  Text and unknown formats are deflated. */
    static const struct { const char *ext, *type; bool deflate; } types[] = {
        {"pdf", "application/pdf", false},      {"jpg", "image/jpeg", false},
        {"jpeg", "image/jpeg", false},          {"png", "image/png", false},
        {"gif", "image/gif", false},            {"tif", "image/tiff", false},
        {"tiff", "image/tiff", false},          {"webp", "image/webp", false},
        {"heic", "image/heic", false},          {"bmp", "image/bmp", true},
        {"p7s", "application/pkcs7-signature", false},
        {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", false},
        {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false},
        {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", false},
        {"odt", "application/vnd.oasis.opendocument.text", false},
        {"ods", "application/vnd.oasis.opendocument.spreadsheet", false},
        {"zip", "application/zip", false},      {"rar", "application/vnd.rar", false},
        {"7z", "application/x-7z-compressed", false}, {"gz", "application/gzip", false},
        {"mp3", "audio/mpeg", false},           {"mp4", "video/mp4", false},
        {"doc", "application/msword", true},    {"xls", "application/vnd.ms-excel", true},
        {"txt", "text/plain", true},            {"csv", "text/csv", true},
        {"htm", "text/html", true},             {"html", "text/html", true},
        {"xml", "application/xml", true},       {"json", "application/json", true},
        {"md", "text/markdown", true},
    };
    const char *dot = strrchr(name, '.');
    if (dot && !strchr(dot, '/'))
        for (size_t i = 0; i < G_N_ELEMENTS(types); i++)
            if (g_ascii_strcasecmp(dot + 1, types[i].ext) == 0) {
                *deflate = types[i].deflate;
                return types[i].type;
            }
    *deflate = true;
    return "application/octet-stream";
}
