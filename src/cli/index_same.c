/* index_same.c: one document counts once in `kiemchung index` (see index.h):
 * rows naming one file (by path, case, link or a copy of its bytes), rows
 * whose files hold one signature value (a copy with bytes appended, an
 * update of its metadata) and rows of one year with one number are one
 * document (kc_twins_take, as review decides), counted for the first row only.
 * index_count (index_commune.c) runs them before and after the verdicts. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <stdio.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include "index.h"

/* The SHA-256 of a file's bytes, hex (g_free), or NULL when they cannot be
 * read: of all of them (whole), or of a sample, its first and last 4 KiB.
 * Files of one size are many in a register (a commune's documents share one
 * layout) and hashing each whole cost more than verifying it; the sample
 * tells nearly all of them apart for two small reads (a signed document's
 * last update holds its own offsets, /ID and signature), and files whose
 * samples differ differ, so only those whose samples agree are read whole. */
static char *file_digest(const char *path, int64_t size, bool whole)
{
    enum { SAMPLE = 4096 };
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    unsigned char buf[65536], sha[32];
    char *hex = NULL;
    bool ok = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1;
    int fd = ok ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    ok = fd >= 0;
    if (ok && (whole || size <= 2 * SAMPLE)) {
        ssize_t n;
        while (ok && (n = read(fd, buf, sizeof buf)) != 0)
            ok = n > 0 && EVP_DigestUpdate(md, buf, (size_t)n) == 1;
    } else if (ok) {
        ok = pread(fd, buf, SAMPLE, 0) == SAMPLE && pread(fd, buf + SAMPLE, SAMPLE, size - SAMPLE) == SAMPLE &&
             EVP_DigestUpdate(md, buf, 2 * SAMPLE) == 1;
    }
    if (ok && EVP_DigestFinal_ex(md, sha, NULL) == 1) {
        hex = g_malloc(2 * sizeof sha + 1);
        for (size_t i = 0; i < sizeof sha; i++)
            snprintf(hex + 2 * i, 3, "%02x", sha[i]);
    }
    if (fd >= 0)
        close(fd);
    EVP_MD_CTX_free(md);
    return hex;
}

/* One document, many rows.  A clerk who points every row at the one signed
 * PDF (by the same path, another case, a link, or a copy of its bytes under
 * another name) has one signed document, not many: the first row naming it
 * counts it, each later one counts as not signed, with a warning naming both.
 * Files are compared by device and inode, then, when two have the same size,
 * by their bytes (SHA-256: of a sample first, of all of them when the
 * samples agree), so only likely copies are read whole.  -1 when out of
 * memory. */
int index_same_documents(commune *c)
{
    GHashTable *by_inode = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GHashTable *by_size = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free,
                                                (GDestroyNotify)g_ptr_array_unref);
    char **digest = g_new0(char *, c->n_rows + 1), **sample = g_new0(char *, c->n_rows + 1);
    for (size_t i = 0; i < c->n_rows; i++) {
        index_row *row = &c->rows[i];
        struct stat st;
        if (row->status || stat(row->reg->file, &st) != 0)
            continue;
        char *inode = g_strdup_printf("%ju:%ju", (uintmax_t)st.st_dev, (uintmax_t)st.st_ino);
        gpointer first = g_hash_table_lookup(by_inode, inode);
        size_t same = first ? GPOINTER_TO_SIZE(first) : 0; /* row index + 1 */
        gint64 size = (gint64)st.st_size;
        GPtrArray *sized = g_hash_table_lookup(by_size, &size);
        for (guint k = 0; !same && sized && k < sized->len; k++) {
            size_t j = GPOINTER_TO_SIZE(sized->pdata[k]) - 1;
            if (!sample[j])
                sample[j] = file_digest(c->rows[j].reg->file, size, false);
            if (!sample[i])
                sample[i] = file_digest(row->reg->file, size, false);
            if (sample[i] && sample[j] && strcmp(sample[i], sample[j]) != 0)
                continue; /* different bytes: not the same file */
            if (!digest[j])
                digest[j] = file_digest(c->rows[j].reg->file, size, true);
            if (!digest[i])
                digest[i] = file_digest(row->reg->file, size, true);
            if (digest[i] && digest[j] && strcmp(digest[i], digest[j]) == 0)
                same = j + 1;
        }
        if (same) {
            const kc_register_row *f = c->rows[same - 1].reg, *r = row->reg;
            row->status = "same-document";
            row->problem = strdup("same-document");
            index_warn(c, _("%s: %s is already the document of %s (%s): one document counts once, so this row counts as not signed"),
                  r->where ? r->where : "", index_shown_file(c, r), f->where ? f->where : "",
                  f->number ? f->number : "?");
            g_free(inode);
            continue;
        }
        g_hash_table_insert(by_inode, inode, GSIZE_TO_POINTER(i + 1));
        if (!sized) {
            sized = g_ptr_array_new();
            g_hash_table_insert(by_size, g_memdup2(&size, sizeof size), sized);
        }
        g_ptr_array_add(sized, GSIZE_TO_POINTER(i + 1));
    }
    for (size_t i = 0; i < c->n_rows; i++) {
        g_free(digest[i]);
        g_free(sample[i]);
    }
    g_free(digest);
    g_free(sample);
    g_hash_table_destroy(by_inode);
    g_hash_table_destroy(by_size);
    return 0;
}

/* One signed document, many files.  A copy with a byte more after its end,
 * or an update that changes only its metadata, is another file (same_documents
 * tells them apart) but the same signed document to every viewer; so is the
 * same document signed again, and a row of one year whose number is an
 * earlier one's however written ("015 /QĐ-UBND."): the rules are
 * kc_twins_take's, which review asks too, so both count a commune alike.
 * The first such row that counts as signed keeps it; each later one that
 * would count too counts as not signed, with a warning naming both (a row
 * not counted as signed, an indeterminate one say, stays as it is).  Runs
 * after the verdicts, in the register's order. */
void index_same_signatures(commune *c)
{
    kc_twins *twins = kc_twins_new();
    for (size_t i = 0; i < c->n_rows; i++) {
        index_row *row = &c->rows[i];
        const kc_register_row *first = NULL, *r = row->reg;
        if (!row->status || strcmp(row->status, "valid") != 0)
            continue;
        kc_twin twin = kc_twins_take(twins, r, (const char *const *)row->values, &first);
        if (twin == KC_TWIN_NONE)
            continue;
        row->status = "missing";
        row->leader = row->org = false;
        free(row->problem);
        row->problem = strdup("same-document");
        g_ptr_array_add(c->warnings, kc_twin_warning(twin, r, index_shown_file(c, r), first, index_shown_file(c, first)));
    }
    kc_twins_free(twins);
}

/* Whether two entries of one commune hand in the same register: the same
 * numbers and dates (a copy of the folder, or the register sent again). */
static bool same_register(const commune *a, const commune *b)
{
    if (a->not_counted || b->not_counted || index_is_dir(a->source) || index_is_dir(b->source))
        return false;
    char *ka = index_register_key(a->source), *kb = index_register_key(b->source);
    bool same = ka && kb && *ka && strcmp(ka, kb) == 0;
    g_free(ka);
    g_free(kb);
    return same;
}

/* One commune, two entries.  A district's folders are named as each clerk
 * named them ("Thủy An", "UBND xã Thủy An", "xa-thuy-an", NFD): counted as two
 * communes, the commune's unsigned documents counted twice (its signed ones
 * once, by the rule of one signature) and the communes one more, with nothing
 * said.  The same register in both is a copy: counted once, as the entry
 * naming the commune's unit (whose name then says whose signatures count).
 * Two that differ leave the reviewer to say which is the commune's: one row,
 * not counted, naming both, as two registers in one folder are. */
void index_district_same_communes(GArray *communes, GPtrArray *notes)
{
    for (guint i = 0; i < communes->len; i++)
        for (guint j = i + 1; j < communes->len;) {
            commune *a = &g_array_index(communes, commune, i), *b = &g_array_index(communes, commune, j);
            if (!kc_commune_same_entry(a->name, b->name)) {
                j++;
                continue;
            }
            char *unit_a = kc_commune_in_name(a->name), *unit_b = kc_commune_in_name(b->name);
            if (same_register(a, b)) {
                bool keep_b = unit_b && !unit_a; /* "UBND xã Thủy An" over "Thủy An" */
                g_ptr_array_add(notes, g_strdup_printf(_("%s and %s name one commune and hand in the same register "
                                                         "(the same numbers and dates): counted once, as %s"),
                                                       a->name, b->name, keep_b ? b->name : a->name));
                if (keep_b) { /* b takes a's place in the list */
                    commune moved = *b;
                    *b = *a;
                    *a = moved;
                }
            } else {
                char *why = g_strdup_printf(_("%s and %s name one commune and hand in different registers (or one "
                                              "without): a commune counts once; keep one folder or register per "
                                              "commune"),
                                            a->source, b->source);
                free(a->not_counted);
                a->not_counted = why;
                a->unreadable = false;
            }
            free(unit_a);
            free(unit_b);
            index_commune_free(&g_array_index(communes, commune, j));
            g_array_remove_index(communes, j);
        }
}
