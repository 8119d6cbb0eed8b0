/* index_district.c: which communes a folder given to `kiemchung index` holds.
 *
 * A folder with one register (CSV or workbook) is a commune, and so is a
 * folder of documents without any register.  Otherwise it is a district:
 * every register beside the others and every sub-folder is a commune, and
 * each is a row of the result, counted or not: a sub-folder with only
 * documents is read from their text, one with nothing is listed as empty,
 * one with several different registers is listed with their names.  A backup
 * copy beside a register ("so-di - Copy.csv", "so-di (1).xlsx": same bytes, or
 * the same numbers and dates) is one register, said once. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"

bool index_is_register_name(const char *name)
{
    size_t n = strlen(name);
    /* "~$so-di.xlsx" is the lock file Excel keeps beside an open workbook. */
    return name[0] != '.' && ((n > 4 && g_ascii_strcasecmp(name + n - 4, ".csv") == 0) ||
                              (n > 5 && g_ascii_strcasecmp(name + n - 5, ".xlsx") == 0 && strncmp(name, "~$", 2) != 0));
}

/* A register saved by Excel as text (so-di.txt: "Unicode Text", UTF-16 with
 * a BOM, or "Text (Tab delimited)" in the PC's code page; .tsv) is a register
 * the CSV reader reads: left out, the commune's folder was read from its
 * signed PDFs alone (5/5, 100%, where the register lists 7).  A .txt counts
 * when it starts with a UTF-16 BOM or reads as a register (its headings and
 * at least one row): notes beside the documents stay notes. */
static bool text_register(const char *dir, const char *name)
{
    size_t n = strlen(name);
    if (!dir || name[0] == '.' ||
        !((n > 4 && (g_ascii_strcasecmp(name + n - 4, ".txt") == 0 || g_ascii_strcasecmp(name + n - 4, ".tsv") == 0))))
        return false;
    char *p = g_build_filename(dir, name, NULL);
    unsigned char b[2] = {0, 0};
    FILE *f = g_file_test(p, G_FILE_TEST_IS_REGULAR) ? fopen(p, "rb") : NULL;
    size_t head = f ? fread(b, 1, 2, f) : 0;
    bool yes = head == 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF));
    /* rtnew6b: a NUL byte anywhere: UTF-16 without a BOM (or no text at all),
     * which a note typed in Notepad never is; a register the reader cannot
     * read must stop the run with its reason, not leave the folder's PDFs
     * counted alone (a BOM-less UTF-16 whose byte order cannot be told). */
    char chunk[4096];
    yes = yes || memchr(b, 0, head) != NULL;
    for (size_t got = head; !yes && got > 0;) {
        got = fread(chunk, 1, sizeof chunk, f);
        yes = memchr(chunk, 0, got) != NULL;
    }
    if (f)
        fclose(f);
    kc_register *reg = NULL;
    if (!yes && f && kc_register_load(&reg, p, NULL, NULL) == 0)
        yes = kc_register_count(reg) > 0;
    kc_register_free(reg);
    g_free(p);
    return yes;
}

/* ud: the folder the name is in, or NULL (the name alone decides). */
static bool register_name(const char *name, void *ud)
{
    return index_is_register_name(name) || text_register(ud, name);
}

/* Whether a file's name, not hidden nor an Office lock file ("~$…"), ends
 * with one of the n extensions (any case). */
static bool has_extension(const char *name, const char *const *ext, size_t n_ext)
{
    size_t n = strlen(name);
    if (name[0] == '.' || strncmp(name, "~$", 2) == 0)
        return false;
    for (size_t i = 0; i < n_ext; i++) {
        size_t e = strlen(ext[i]);
        if (n > e && g_ascii_strcasecmp(name + n - e, ext[i]) == 0)
            return true;
    }
    return false;
}

/* A workbook kiemchung does not read ("so-di.xls", Excel 97-2003; "so-di.ods",
 * LibreOffice): a register all the same. */
static bool foreign_register_name(const char *name, void *ud)
{
    /* rtnew4: Excel's other save formats a register may be in: a macro-enabled
     * workbook or a template (.xlsm, .xltx, .xltm, .xlt), SYLK, DIF and
     * space-delimited text (.slk, .dif, .prn) */
    static const char *const ext[] = {".xls", ".xlsb", ".ods", ".fods", ".numbers", ".et", ".xlsm", ".xltx",
                                      ".xltm", ".xlt", ".slk", ".dif", ".prn"};
    (void)ud;
    return has_extension(name, ext, G_N_ELEMENTS(ext));
}

/* A Word document (rtnum17): communes keep the register as a Word table too. */
static bool word_name(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && strncmp(name, "~$", 2) != 0 && n > 5 && g_ascii_strcasecmp(name + n - 5, ".docx") == 0;
}

/* A word processor's file kiemchung cannot read at all (Word 97-2003 .doc,
 * a macro-enabled .docm, a template, RTF, OpenDocument .odt, WPS Writer's
 * .wps): many communes keep the register so.  Unread, the folder was read
 * from its PDFs alone, the register's unsigned rows left out (review36). */
static bool unread_word_name(const char *name)
{
    static const char *const ext[] = {".doc", ".docm", ".dot", ".dotx", ".dotm", ".rtf", ".odt", ".fodt", ".wps", ".wpt"};
    return has_extension(name, ext, G_N_ELEMENTS(ext));
}

/* Whether the file at p could be the register: a readable .docx headed as
 * one (kc_register_in_word); one kiemchung cannot read, unless a signature
 * beside it (.p7s) makes it a signed document. */
static bool word_register_at(const char *name, const char *p)
{
    if (word_name(name))
        return kc_register_in_word(p);
    char *sig = g_strconcat(p, ".p7s", NULL);
    bool signed_doc = g_file_test(sig, G_FILE_TEST_IS_REGULAR);
    g_free(sig);
    return !signed_doc;
}

/* Why a folder holding such a workbook and no register that can be read is
 * not counted (g_free), or NULL.  Its documents' text is not read instead:
 * the register may list documents the folder does not hold (the unsigned
 * ones, never scanned), and the figure over the PDFs alone would be higher
 * than the register's without a word. */
static bool not_hidden(const char *name, void *ud);

/* The first such workbook in dir or the folders below it (a commune's
 * "2021/so-di.xls"), at most three levels down, as a path from dir (g_free). */
static char *foreign_below(const char *dir, int depth)
{
    GPtrArray *names = NULL;
    char *found = NULL;
    if (depth > 3 || kc_dir_list(&names, dir, not_hidden, NULL, NULL) != 0)
        return NULL;
    for (guint i = 0; i < names->len && !found; i++)
        if (foreign_register_name(names->pdata[i], NULL) || word_name(names->pdata[i]) ||
            unread_word_name(names->pdata[i])) {
            char *p = g_build_filename(dir, names->pdata[i], NULL);
            /* A Word document is a register only when a table of it is
             * headed as one: a signed .docx beside its .p7s is a document. */
            if (g_file_test(p, G_FILE_TEST_IS_REGULAR) &&
                (foreign_register_name(names->pdata[i], NULL) || word_register_at(names->pdata[i], p)))
                found = g_strdup(names->pdata[i]);
            g_free(p);
        }
    for (guint i = 0; i < names->len && !found; i++) {
        char *sub = g_build_filename(dir, names->pdata[i], NULL), *inner;
        if (index_is_dir(sub) && !g_file_test(sub, G_FILE_TEST_IS_SYMLINK) && (inner = foreign_below(sub, depth + 1))) {
            found = g_build_filename(names->pdata[i], inner, NULL);
            g_free(inner);
        }
        g_free(sub);
    }
    g_ptr_array_unref(names);
    return found;
}

/* Why a commune's register at dir/name (a file kiemchung cannot read as one) is not counted,
 * and what to do: for a commune's folder and for a register handed in as a file alike. */
static char *foreign_why(const char *dir, const char *name)
{
    char *why = NULL;
    if (name && word_name(name))
        why = g_strdup_printf(_("%s: %s is an outgoing register kept in a Word table, which kiemchung does not read as a "
                                "register: copy the table into Excel and save it as an Excel workbook (.xlsx) or CSV beside "
                                "the documents, then run again; the documents' text is not read instead, since the register "
                                "may list documents the folder does not hold"),
                              dir, name);
    else if (name && unread_word_name(name))
        why = g_strdup_printf(_("%s: %s is a word processor's file kiemchung cannot read (Word 97-2003 .doc, .rtf, "
                                "OpenDocument .odt, WPS .wps) and no signature is beside it: it may be the outgoing "
                                "register kept in a table; save it as a Word document (.docx), or copy the table into an "
                                "Excel workbook (.xlsx) or CSV beside the documents, then run again; the documents' text "
                                "is not read instead, since the register may list documents the folder does not hold"),
                              dir, name);
    else if (name)
        why = g_strdup_printf(_("%s: %s is a workbook kiemchung cannot read (Excel 97-2003 .xls, .xlsb, or OpenDocument .ods): "
                                "open it and save it as an Excel workbook (.xlsx) or CSV, then run again; the documents' text "
                                "is not read instead, since the register may list documents the folder does not hold"),
                              dir, name);
    return why;
}

static char *foreign_register(const char *dir)
{
    char *name = foreign_below(dir, 1), *why = foreign_why(dir, name);
    g_free(name);
    return why;
}

static bool not_hidden(const char *name, void *ud)
{
    (void)ud;
    return name[0] != '.';
}

/* The numbers and dates of a register, one line each, or NULL when it
 * cannot be read: two registers with the same are one. */
char *index_register_key(const char *path)
{
    kc_register *reg = NULL;
    if (kc_register_load(&reg, path, NULL, NULL) != 0)
        return NULL;
    GString *g = g_string_new(NULL);
    for (size_t i = 0; i < kc_register_count(reg); i++) {
        const kc_register_row *r = kc_register_row_at(reg, i);
        g_string_append_printf(g, "%s|%d-%d-%d\n", r->number ? r->number : "", r->year, r->month, r->day);
    }
    kc_register_free(reg);
    return g_string_free(g, FALSE);
}

static bool same_bytes(const char *a, const char *b)
{
    char *da = NULL, *db = NULL;
    gsize la = 0, lb = 0;
    bool same = g_file_get_contents(a, &da, &la, NULL) && g_file_get_contents(b, &db, &lb, NULL) && la == lb &&
                memcmp(da, db, la) == 0;
    g_free(da);
    g_free(db);
    return same;
}

/* Whether a file name looks like a copy Windows or Office made. */
static bool copy_name(const char *path)
{
    char *base = g_path_get_basename(path), *f = g_utf8_casefold(base, -1);
    bool copy = strstr(f, "copy") || strstr(f, "bản sao") || strstr(f, "ba\xcc\x89n sao") || strstr(f, "(1)") ||
                strstr(f, "(2)") || strstr(f, "(3)") || strstr(f, "sao chép");
    g_free(base);
    g_free(f);
    return copy;
}

/* The registers directly inside dir, sorted, added to out (a copy of one
 * already there is left out too), a workbook left out when the CSV exported
 * from it is there, a copy left out with a note in notes. */
static void list_registers(const char *dir, GPtrArray *out, GPtrArray *notes)
{
    GPtrArray *names = NULL, *all = cli_strings_new();
    if (kc_dir_list(&names, dir, register_name, (void *)dir, NULL) == 0) {
        for (guint i = 0; i < names->len; i++) {
            char *p = g_build_filename(dir, names->pdata[i], NULL);
            if (!index_is_dir(p))
                g_ptr_array_add(all, p);
            else
                g_free(p);
        }
        g_ptr_array_unref(names);
    }
    GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
    for (guint k = 0; k < out->len; k++) /* those of other folders, already listed */
        g_ptr_array_add(keys, index_register_key(CLI_STR(out, k)));
    for (guint i = 0; i < all->len; i++) {
        const char *path = CLI_STR(all, i);
        size_t len = strlen(path);
        bool dropped = false;
        char *key = index_register_key(path);
        /* so-di.xlsx beside so-di.csv: the CSV exported from it is one register
         * with it when their numbers and dates agree; when they do not (an old
         * export), they are two registers, and the commune says so. */
        if (len > 5 && g_ascii_strcasecmp(path + len - 5, ".xlsx") == 0)
            for (guint k = 0; k < all->len && !dropped; k++) {
                const char *csv = CLI_STR(all, k);
                if (strlen(csv) != len - 1 || g_ascii_strncasecmp(csv, path, len - 5) != 0 ||
                    g_ascii_strcasecmp(csv + len - 5, ".csv") != 0)
                    continue;
                char *csv_key = index_register_key(csv);
                if ((dropped = key && csv_key && *key && strcmp(key, csv_key) == 0)) {
                    char *wb = g_path_get_basename(path), *cb = g_path_get_basename(csv);
                    g_ptr_array_add(notes, g_strdup_printf(_("%s: %s holds the numbers and dates of %s, exported from it: counted once, as %s"),
                                                           dir, wb, cb, cb));
                    g_free(wb);
                    g_free(cb);
                }
                g_free(csv_key);
            }
        if (dropped) {
            g_free(key);
            continue;
        }
        for (guint k = 0; k < out->len && !dropped; k++) {
            const char *kept = CLI_STR(out, k);
            bool bytes = same_bytes(kept, path);
            if (!bytes && !(key && keys->pdata[k] && strcmp(key, keys->pdata[k]) == 0 && *key))
                continue;
            /* Keep the original, drop the copy, whichever sorts first. */
            bool keep_new = copy_name(kept) && !copy_name(path);
            char *cb = g_path_get_basename(keep_new ? kept : path), *ob = g_path_get_basename(keep_new ? path : kept);
            g_ptr_array_add(notes, g_strdup_printf(bytes ? _("%s: %s is a copy of %s (the same bytes): counted once, as %s")
                                                         : _("%s: %s is a copy of %s (the same numbers and dates): counted once, as %s"),
                                                   dir, cb, ob, ob));
            g_free(cb);
            g_free(ob);
            if (keep_new) {
                g_free(out->pdata[k]);
                out->pdata[k] = g_strdup(path);
            }
            dropped = true;
        }
        if (dropped) {
            g_free(key);
            continue;
        }
        cli_strings_add(out, path);
        g_ptr_array_add(keys, key);
    }
    g_ptr_array_unref(keys);
    g_ptr_array_unref(all);
}

static bool has_documents(const char *dir)
{
    GPtrArray *docs = cli_strings_new();
    char *paths[] = {(char *)dir};
    bool any = cli_collect_documents("index", paths, 1, docs) == 0 && docs->len > 0;
    g_ptr_array_unref(docs);
    return any;
}

/* Whether a register of regs names a file inside dir. */
static bool holds_files_of(const char *dir, GPtrArray *regs)
{
    bool yes = false;
    size_t n = strlen(dir);
    for (guint i = 0; i < regs->len && !yes; i++) {
        kc_register *reg = NULL;
        if (kc_register_load(&reg, CLI_STR(regs, i), NULL, NULL) != 0)
            continue;
        for (size_t k = 0; k < kc_register_count(reg) && !yes; k++) {
            const char *f = kc_register_row_at(reg, k)->file;
            yes = f && strncmp(f, dir, n) == 0 && f[n] == '/';
        }
        kc_register_free(reg);
    }
    return yes;
}

static commune *add(GArray *communes, const char *name, const char *source)
{
    g_array_set_size(communes, communes->len + 1);
    commune *c = &g_array_index(communes, commune, communes->len - 1);
    index_commune_init(c, name, source);
    return c;
}

static char *stem(const char *path)
{
    char *base = g_path_get_basename(path), *dot = strrchr(base, '.');
    if (dot && dot != base)
        *dot = '\0';
    return base;
}

/* Whether a register of regs bears the same name as name but for its extension: the
 * workbook a commune saved its CSV from ("thuy-an.xls" beside "thuy-an.csv"), one commune. */
static bool stem_among(const char *name, GPtrArray *regs)
{
    char *s = stem(name);
    bool same = false;
    for (guint i = 0; i < regs->len && !same; i++) {
        char *r = stem(CLI_STR(regs, i));
        same = g_utf8_collate(s, r) == 0;
        g_free(r);
    }
    g_free(s);
    return same;
}

/* The registers in the folders below dir (a commune's "2021/so-di.csv"), at
 * most three levels down, copies left out with a note. */
static void registers_below(const char *dir, int depth, GPtrArray *out, GPtrArray *notes)
{
    GPtrArray *names = NULL;
    if (depth > 3 || kc_dir_list(&names, dir, not_hidden, NULL, NULL) != 0)
        return;
    for (guint i = 0; i < names->len; i++) {
        char *sub = g_build_filename(dir, names->pdata[i], NULL);
        if (index_is_dir(sub) && !g_file_test(sub, G_FILE_TEST_IS_SYMLINK)) {
            list_registers(sub, out, notes);
            registers_below(sub, depth + 1, out, notes);
        }
        g_free(sub);
    }
    g_ptr_array_unref(names);
}

bool index_discover(const char *path, GArray *communes, GPtrArray *notes)
{
    GPtrArray *regs = cli_strings_new(), *names = NULL, *subs = g_ptr_array_new_with_free_func(g_free);
    bool district = false;

    if (!index_is_dir(path)) {
        char *s = stem(path);
        add(communes, s, path);
        g_free(s);
        goto out;
    }
    list_registers(path, regs, notes);
    if (kc_dir_list(&names, path, not_hidden, NULL, NULL) != 0)
        names = g_ptr_array_new();
    for (guint i = 0; i < names->len; i++) {
        char *sub = g_build_filename(path, names->pdata[i], NULL);
        if (index_is_dir(sub))
            g_ptr_array_add(subs, sub);
        else
            g_free(sub);
    }
    /* A district: registers side by side, or a sub-folder holding one. */
    district = regs->len > 1;
    for (guint i = 0; i < subs->len && !district && regs->len == 0; i++) {
        GPtrArray *inner = cli_strings_new(), *ignored = cli_strings_new();
        list_registers(subs->pdata[i], inner, ignored);
        district = inner->len > 0;
        g_ptr_array_unref(inner);
        g_ptr_array_unref(ignored);
    }
    if (!district) {
        char *base = g_path_get_basename(path);
        commune *c = add(communes, regs->len ? "" : base, regs->len ? CLI_STR(regs, 0) : path);
        if (regs->len) {
            g_free(c->name);
            c->name = stem(CLI_STR(regs, 0));
        } else if ((c->not_counted = foreign_register(path)) != NULL) {
            c->unreadable = true;
        }
        g_free(base);
        goto out;
    }
    for (guint i = 0; i < regs->len; i++) {
        char *s = stem(CLI_STR(regs, i));
        add(communes, s, CLI_STR(regs, i));
        g_free(s);
    }
    for (guint i = 0; i < names->len; i++) {
        char *p = g_build_filename(path, names->pdata[i], NULL);
        if (index_is_dir(p) || register_name(names->pdata[i], (void *)path)) {
            /* a commune's folder or register: below, and above */
        } else if (foreign_register_name(names->pdata[i], NULL) && g_file_test(p, G_FILE_TEST_IS_REGULAR) &&
                   !stem_among(names->pdata[i], regs)) {
            /* A commune's register handed in as a workbook kiemchung cannot read (.xls, .ods):
             * a commune, not counted, with what to do; a note under the table left it out of
             * the communes listed, a district of two shown as its one other commune (newcomer40). */
            char *s = stem(names->pdata[i]);
            commune *c = add(communes, s, p);
            c->not_counted = foreign_why(path, names->pdata[i]);
            c->unreadable = true;
            g_free(s);
        } else {
            g_ptr_array_add(notes, g_strdup_printf(_("%s: neither a register nor a commune's folder: not counted"), p));
        }
        g_free(p);
    }
    for (guint i = 0; i < subs->len; i++) {
        const char *sub = subs->pdata[i];
        if (holds_files_of(sub, regs)) {
            /* "docs/" beside one CSV per commune: their documents, not a commune. */
            continue;
        }
        char *name = g_path_get_basename(sub);
        GPtrArray *inner = cli_strings_new();
        list_registers(sub, inner, notes);
        if (inner->len == 0) {
            /* Not beside the documents but in a folder of the year: that register,
             * said, rather than the documents' text with the register unseen. */
            registers_below(sub, 1, inner, notes);
            if (inner->len == 1)
                g_ptr_array_add(notes, g_strdup_printf(_("%s: its register is in a sub-folder: %s"), sub,
                                                       CLI_STR(inner, 0) + strlen(sub) + 1));
        }
        commune *c = add(communes, name, inner->len == 1 ? CLI_STR(inner, 0) : sub);
        if (inner->len > 1) {
            GString *list = g_string_new(NULL);
            for (guint k = 0; k < inner->len; k++) /* "so-di.csv", "2020/so-di.csv": from sub */
                g_string_append_printf(list, "%s%s", k ? ", " : "", CLI_STR(inner, k) + strlen(sub) + 1);
            c->not_counted = g_strdup_printf(_("%s holds %zu different registers (%s): keep one per commune, or give one with --register"),
                                             sub, (size_t)inner->len, list->str);
            g_string_free(list, TRUE);
        } else if (inner->len == 0 && (c->not_counted = foreign_register(sub)) != NULL) {
            c->unreadable = true;
        } else if (inner->len == 0 && !has_documents(sub)) {
            c->not_counted = g_strdup_printf(_("%s: no register and no documents: put the commune's register (CSV or Excel) or its signed documents there"),
                                             sub);
        }
        g_ptr_array_unref(inner);
        g_free(name);
    }
out:
    if (names)
        g_ptr_array_unref(names);
    g_ptr_array_unref(subs);
    g_ptr_array_unref(regs);
    return district;
}
