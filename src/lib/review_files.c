/* review_files.c: the payload file of a dossier that a register row names
 * (review_internal.h): by its path made an entry name, by its own name
 * (ingest stores each file under it), and failing both as Windows and macOS
 * would open it, in another case or Unicode form. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "kiemchung/ratios.h"
#include "kiemchung/register.h"
#include "pdftext.h"
#include "review_internal.h"
#include "text.h"
#include "zipio.h"

/* A register's file path made an entry name: NFC, "/" only, "." and empty
 * components dropped, ".." taken back; NULL when it climbs out or is absolute. */
static char *entry_name(const char *file)
{
    char *nfc = kc_text_nfc(file);
    GPtrArray *parts = g_ptr_array_new();
    char **comp = NULL;
    char *out = NULL;
    bool bad = !nfc || g_path_is_absolute(nfc) || (g_ascii_isalpha(nfc[0]) && nfc[1] == ':');
    if (!bad) {
        comp = g_strsplit(nfc, "/", -1);
        for (char **c = comp; *c && !bad; c++) {
            if (!**c || strcmp(*c, ".") == 0)
                continue;
            if (strcmp(*c, "..") == 0) {
                if (!parts->len)
                    bad = true;
                else
                    g_ptr_array_set_size(parts, parts->len - 1);
            } else {
                g_ptr_array_add(parts, *c);
            }
        }
    }
    if (!bad && parts->len) {
        g_ptr_array_add(parts, NULL);
        out = g_strjoinv("/", (char **)parts->pdata);
    }
    g_ptr_array_free(parts, TRUE);
    g_strfreev(comp);
    free(nfc);
    return out;
}

static void add_unique(GHashTable *h, char *key, size_t i)
{
    if (!key)
        return;
    gpointer old = NULL;
    if (g_hash_table_lookup_extended(h, key, NULL, &old) && GPOINTER_TO_SIZE(old) != i + 1)
        g_hash_table_insert(h, key, GSIZE_TO_POINTER(0));
    else
        g_hash_table_insert(h, key, GSIZE_TO_POINTER(i + 1));
}

static const char *last_component(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

void kc_review_files_init(kc_review_files *f, const kc_dossier *d)
{
    f->d = d;
    f->exact = g_hash_table_new(g_str_hash, g_str_equal);
    f->base = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
    f->folded = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
    for (size_t i = 0; d && i < kc_dossier_file_count(d); i++) {
        const char *path = kc_dossier_get_file(d, i)->path;
        g_hash_table_insert(f->exact, (char *)path, GSIZE_TO_POINTER(i + 1));
        add_unique(f->base, strdup(last_component(path)), i);
        add_unique(f->folded, kc_text_casefold(path), i);
        add_unique(f->folded, kc_text_casefold(last_component(path)), i);
    }
}

void kc_review_files_clear(kc_review_files *f)
{
    g_hash_table_destroy(f->exact);
    g_hash_table_destroy(f->base);
    g_hash_table_destroy(f->folded);
}

static gsize lookup(GHashTable *h, const char *key)
{
    return key ? GPOINTER_TO_SIZE(g_hash_table_lookup(h, key)) : 0;
}

/* The payload file a register row names.  Ingest stores each file under its
 * own name in data/, whatever folder the clerk kept it in, so the name
 * finds it as well as the path ("docs/12-QD-UBND.pdf" is data/12-QD-UBND.pdf).
 * Failing both, the same path or name in another case or normalisation, as
 * Windows would find it: *renamed is then set, for a warning.  -1 when none. */
int64_t kc_review_files_find(const kc_review_files *f, const char *file, bool *renamed)
{
    char *name = entry_name(file), *path_key = NULL, *base_key = NULL;
    const char *base = name ? last_component(name) : last_component(file);
    gsize at = name ? lookup(f->exact, name) : 0;
    *renamed = false;
    if (!at)
        at = lookup(f->base, base);
    if (!at) {
        path_key = name ? kc_text_casefold(name) : NULL;
        base_key = kc_text_casefold(base);
        at = lookup(f->folded, path_key);
        if (!at)
            at = lookup(f->folded, base_key);
        *renamed = at != 0;
    }
    free(path_key);
    free(base_key);
    g_free(name);
    return (int64_t)at - 1;
}

/* A document read whole to find its "Kính gửi:" line: what an outgoing
 * document's PDF is, a scan of a few pages included. */
#define ADDRESSEES_PDF_MAX (64u << 20)

/* The text of a PDF entry of the dossier at path (its first and last pages,
 * free), or NULL when it is no PDF or cannot be read. */
static char *entry_text(const char *path, const char *entry)
{
    kc_zr *zr = NULL;
    char *data = NULL, *text = NULL;
    size_t len = 0;
    int64_t at;
    size_t n = entry ? strlen(entry) : 0;
    if (n < 5 || g_ascii_strcasecmp(entry + n - 4, ".pdf") != 0 || kc_zr_open(&zr, path, NULL) != 0)
        return NULL;
    if ((at = kc_zr_find(zr, entry)) < 0 || kc_zr_read_all(&data, &len, zr, (size_t)at, ADDRESSEES_PDF_MAX, NULL) != 0 ||
        kc_pdftext_first_last_bytes(&text, entry, data, len, NULL) != 0) {
        free(text);
        text = NULL;
    }
    free(data);
    kc_zr_free(zr);
    return text;
}

char *kc_review_files_addressees(const char *path, const char *entry)
{
    char *text = entry_text(path, entry), *to = text ? kc_register_text_addressees(text) : NULL;
    free(text);
    return to;
}

bool kc_review_files_dated(const char *path, const char *entry, const kc_register_row *r, int year)
{
    char *text = entry_text(path, entry);
    bool dated = text && kc_register_text_dated(r, text, year);
    free(text);
    return dated;
}

char *kc_review_files_as_above(const char *path, const char *entry, const kc_register_row *r, const char *authority,
                               bool *to_authority)
{
    char *to = entry ? kc_review_files_addressees(path, entry) : NULL, *w;
    *to_authority = to && kc_recipients_name_authority(to, authority, r->year, r->month);
    for (char *c = to; c && *c; c++)
        if (*c == '\n')
            *c = ' ';
    if (to)
        w = *to_authority ? g_strdup_printf(_("%s: %s: its recipients say \"Như trên\" (as above), and its document's \"Kính gửi:\" line names %s: it counts as sent to the reviewing authority"),
                                            r->where ? r->where : "", r->number ? r->number : "?", to)
                          : NULL;
    else
        w = g_strdup_printf(_("%s: %s: its recipients say \"Như trên\" (as above), and no \"Kính gửi:\" line can be read from its document: criterion 22 does not count it; write the addressees in the register"),
                            r->where ? r->where : "", r->number ? r->number : "?");
    free(to);
    return w;
}