/* dossier_map.c: the map CSV of `kiemchung dossier` (see dossier_ingest.h):
 * one row per citation (criterion, file or folder, reference, kind, note),
 * its headings in English or Vietnamese in any form; each file or folder
 * named is added as dossier_ingest.c adds the folders laid out by criterion. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csv.h"
#include "dossier_ingest.h"
#include "ltv.h"
#include "i18n.h"
#include "report_internal.h"
#include "text.h"
#include "util.h"

enum { COL_CRITERION, COL_FILE, COL_REFERENCE, COL_KIND, COL_NOTE, NCOLS };

/* Which column a header cell names (English, or Vietnamese in any form), or -1. */
static int header_column(const char *cell)
{
    static const struct { const char *name; int col; } names[] = {
        {"criterion", COL_CRITERION}, {"tieu chi", COL_CRITERION}, {"so tieu chi", COL_CRITERION},
        {"stt", COL_CRITERION},       {"file", COL_FILE},          {"tep", COL_FILE},
        {"tap tin", COL_FILE},        {"ten tep", COL_FILE},       {"duong dan", COL_FILE},
        {"reference", COL_REFERENCE}, {"so hieu", COL_REFERENCE},  {"so, ky hieu", COL_REFERENCE},
        {"van ban", COL_REFERENCE},   {"tai lieu", COL_REFERENCE}, {"kind", COL_KIND},
        {"loai", COL_KIND},           {"loai tai lieu", COL_KIND}, {"note", COL_NOTE},
        {"ghi chu", COL_NOTE},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        if (kc_text_equal_folded(cell, names[i].name))
            return names[i].col;
    return -1;
}

static const char *cell(char **fields, size_t n, const int *cols, int col)
{
    return cols[col] >= 0 && (size_t)cols[col] < n ? fields[cols[col]] : "";
}

/* One map row: the file (or every file in a folder) under each criterion of
 * the first cell ("1, 2, 3" for a contract backing three). */
/* What a map's rows name: the files, and the first row that says what to
 * file (a reference, or the kind `--template` writes from the catalog)
 * without naming one. */
typedef struct {
    size_t files;
    size_t unfilled_line;
    char *unfilled_what;
} map_seen;

static int map_row(kc_ingest *in, const char *base_dir, char **fields, size_t n, const int *cols,
                   size_t line, const char *map, size_t *missing, map_seen *seen, kc_error *err)
{
    const char *file = cell(fields, n, cols, COL_FILE);
    char *path = NULL, **keys;
    struct stat st;
    int rc = 0;

    if (!*file) { /* a template row not filled in */
        const char *ref = cell(fields, n, cols, COL_REFERENCE), *kind = cell(fields, n, cols, COL_KIND);
        if (!seen->unfilled_line && (*ref || *kind)) {
            seen->unfilled_line = line;
            seen->unfilled_what = g_strdup(*ref ? ref : kind);
        }
        return 0;
    }
    seen->files++;
    char *written = g_path_is_absolute(file) ? g_strdup(file) : g_build_filename(base_dir, file, NULL);
    bool differs = false;
    /* As Windows and macOS open it: backslashes, another case, NFD for NFC. */
    if (kc_path_find(&path, &differs, written, NULL) != 0 || stat(path, &st) != 0) {
        kc_ingest_notice(in, _("%s, line %zu: %s: %s"), map, line, file, strerror(ENOENT));
        (*missing)++;
        g_free(written);
        g_free(path); /* found but dangling (a link to nothing) */
        return 0;
    }
    size_t bl = strcmp(base_dir, ".") != 0 && g_str_has_prefix(path, base_dir) ? strlen(base_dir) : 0;
    if (differs) /* the name on disk, from the map's folder as the map writes it */
        kc_ingest_notice(in, _("%s, line %zu: %s is named %s on disk (another case or Unicode form): that file was used"),
                         map, line, file, path + (bl && path[bl] == '/' ? bl + 1 : 0));
    g_free(written);
    keys = g_strsplit_set(cell(fields, n, cols, COL_CRITERION), ",; ", -1);
    /* A folder the map names: links inside it stay inside it, as for a tree. */
    char *root = S_ISDIR(st.st_mode) ? realpath(path, NULL) : NULL;
    bool any = false;
    for (char **k = keys; rc == 0 && *k; k++) {
        char *key;
        if (!**k)
            continue;
        if (!(key = kc_dm_key(*k))) {
            kc_ingest_notice(in, _("%s, line %zu: \"%s\" is not a criterion number"), map, line, *k);
            continue;
        }
        kc_citation cite = {key, cell(fields, n, cols, COL_REFERENCE), cell(fields, n, cols, COL_KIND),
                            cell(fields, n, cols, COL_NOTE), "map"};
        any = true;
        if (S_ISDIR(st.st_mode)) {
            if (!kc_ingest_criterion_for(in, key, path))
                rc = kc_error_oom(err);
            else
                rc = kc_ingest_walk(in, path, root ? root : path, &cite, err);
        } else {
            rc = kc_ingest_add_file(in, path, &cite, err);
        }
        free(key);
    }
    if (rc == 0 && !any)
        rc = S_ISDIR(st.st_mode) ? kc_ingest_walk(in, path, root ? root : path, NULL, err) : kc_ingest_add_file(in, path, NULL, err);
    free(root);
    g_strfreev(keys);
    g_free(path);
    return rc;
}

int kc_ingest_add_map(kc_ingest *in, const char *csv_path, kc_error *err)
{
    kc_csv *csv = NULL;
    char **raw, *dir = g_path_get_dirname(csv_path);
    size_t n, line, missing = 0;
    int cols[NCOLS] = {0, 1, 2, 3, 4}, rc;
    bool first = true;
    map_seen seen = {0};
    struct stat st;

    if ((rc = kc_csv_open(&csv, csv_path, err)) != 0)
        goto out;
    if (stat(csv_path, &st) == 0)
        kc_ingest_saw_time(in, st.st_mtime);
    while ((rc = kc_csv_next(csv, &raw, &n, &line, err)) == 1) {
        char **fields = g_new0(char *, n + 1);
        line = kc_csv_record(csv); /* the row Excel shows */
        rc = 0;
        for (size_t i = 0; i < n; i++) {
            char *nfc = kc_text_nfc(raw[i]);
            fields[i] = g_strdup(nfc ? nfc : raw[i]);
            free(nfc);
        }
        if (first) {
            int found[NCOLS] = {-1, -1, -1, -1, -1};
            bool header = false;
            first = false;
            for (size_t i = 0; i < n; i++) {
                int col = header_column(fields[i]);
                if (col >= 0 && found[col] < 0) {
                    found[col] = (int)i;
                    header = true;
                }
            }
            if (header && found[COL_FILE] < 0)
                rc = kc_error_set(err, KC_EFORMAT, _("%s: the header has no \"file\" column"), csv_path);
            else if (header)
                memcpy(cols, found, sizeof cols);
            else
                rc = map_row(in, dir, fields, n, cols, line, csv_path, &missing, &seen, err);
        } else {
            rc = map_row(in, dir, fields, n, cols, line, csv_path, &missing, &seen, err);
        }
        g_strfreev(fields);
        if (rc != 0)
            goto out;
    }
    if (rc < 0)
        goto out;
    if (kc_csv_was_converted(csv))
        kc_ingest_notice(in, _("%s is not UTF-8: read as Windows-1258 (save it as \"CSV UTF-8\" next time)"),
                         csv_path);
    /* newcomer33: a map nobody filled in (the --template output as it came)
     * made a dossier of no files, exit 0, which a clerk took for done.  A map
     * whose rows ask for nothing (a report citing no document) files nothing
     * rightly. */
    if (!seen.files && seen.unfilled_line)
        rc = kc_error_set(err, KC_EFORMAT,
                          _("%s, line %zu: no row of the map names a file (its \"file\" column is empty), so the "
                            "dossier would hold no evidence: write the file of each document in its row (this row asks "
                            "for: %s), or leave out the rows with nothing to file"),
                          csv_path, seen.unfilled_line, seen.unfilled_what);
    else
        rc = missing ? kc_error_set(err, KC_EIO, _("%s: %zu files it names were not found"), csv_path, missing) : 0;
out:
    g_free(seen.unfilled_what);
    kc_csv_free(csv);
    g_free(dir);
    return rc;
}
