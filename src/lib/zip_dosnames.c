/* zip_dosnames.c: the file Windows 7 and 8 Explorer writes for a zip entry's
 * name (rtzip18).
 *
 * Explorer's compressed folders before Windows 10 read every name in the code
 * page of the Windows they run on, whatever the entry's UTF-8 flag: the DOS
 * (OEM) page, 437 on an English Windows, 1258 on a Vietnamese one, where the
 * DOS and the Windows (ANSI) page are one; 850 on a Windows set for the United
 * Kingdom or Western Europe, which English-language installs in Vietnam often
 * are (atkzip: "ể" E1 BB 83 reads "ß╗â" there and "Ỷ" E1 BB B6 "ß╗Â"); 1252 is
 * an English Windows' ANSI page, which some of its tools use instead.  The
 * pages of Windows set for other countries are not read, though they join
 * names too: a dossier is opened in Vietnam, and 852 (Central European) makes
 * "bé" and "bè" one name, 866 (Russian) "HỌP" and "HỬP", pairs honest
 * dossiers hold, which would then be refused for a Windows no district
 * officer runs (rtzip19 read them; taken back, see README "Known limits");
 * nor the double-byte pages (932 Japanese, 936 Chinese).  Each byte of a UTF-8 name past
 * ASCII is then a letter or a sign of that page, and NTFS, which ignores case,
 * takes two names for one file when their letters differ only by case there:
 * "đ" (C4 91) reads "─æ" in code page 437 and "Ē" (C4 92) "─Æ", "Ọ" (E1 BB
 * 8C) and "Ờ" (E1 BB 9C) "á»Œ" and "á»œ" in 1258.  Unpacking such a dossier
 * writes one invoice over the other, which unzip, 7-Zip and Python keep
 * apart.  The tables are the pages' upper halves as Windows maps them (bytes
 * a page leaves undefined to U+0080 + their value, as MultiByteToWideChar
 * does); NTFS's case table is Unicode's simple upper case.
 *
 * Folders join too (rtzip19, atkzip's "not closed"): "data/Hoá Ēơn.pdf/x.pdf"
 * makes a folder that in 437 is the file "data/Hoá đơn.pdf" but for case;
 * Explorer writes whichever comes first and cannot write the other, so one
 * piece of evidence is not unpacked, while unzip and 7-Zip write both.  So
 * each folder above an entry is keyed too, and a file's key met among the
 * folders' (or a folder's among the files') is a join. */
#include <glib.h>
#include <string.h>

#include "zipio.h"

static const gunichar cp437[128] = {
    0x00c7, 0x00fc, 0x00e9, 0x00e2, 0x00e4, 0x00e0, 0x00e5, 0x00e7,
    0x00ea, 0x00eb, 0x00e8, 0x00ef, 0x00ee, 0x00ec, 0x00c4, 0x00c5,
    0x00c9, 0x00e6, 0x00c6, 0x00f4, 0x00f6, 0x00f2, 0x00fb, 0x00f9,
    0x00ff, 0x00d6, 0x00dc, 0x00a2, 0x00a3, 0x00a5, 0x20a7, 0x0192,
    0x00e1, 0x00ed, 0x00f3, 0x00fa, 0x00f1, 0x00d1, 0x00aa, 0x00ba,
    0x00bf, 0x2310, 0x00ac, 0x00bd, 0x00bc, 0x00a1, 0x00ab, 0x00bb,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,
    0x2555, 0x2563, 0x2551, 0x2557, 0x255d, 0x255c, 0x255b, 0x2510,
    0x2514, 0x2534, 0x252c, 0x251c, 0x2500, 0x253c, 0x255e, 0x255f,
    0x255a, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256c, 0x2567,
    0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256b,
    0x256a, 0x2518, 0x250c, 0x2588, 0x2584, 0x258c, 0x2590, 0x2580,
    0x03b1, 0x00df, 0x0393, 0x03c0, 0x03a3, 0x03c3, 0x00b5, 0x03c4,
    0x03a6, 0x0398, 0x03a9, 0x03b4, 0x221e, 0x03c6, 0x03b5, 0x2229,
    0x2261, 0x00b1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00f7, 0x2248,
    0x00b0, 0x2219, 0x00b7, 0x221a, 0x207f, 0x00b2, 0x25a0, 0x00a0,
};

static const gunichar cp850[128] = {
    0x00c7, 0x00fc, 0x00e9, 0x00e2, 0x00e4, 0x00e0, 0x00e5, 0x00e7,
    0x00ea, 0x00eb, 0x00e8, 0x00ef, 0x00ee, 0x00ec, 0x00c4, 0x00c5,
    0x00c9, 0x00e6, 0x00c6, 0x00f4, 0x00f6, 0x00f2, 0x00fb, 0x00f9,
    0x00ff, 0x00d6, 0x00dc, 0x00f8, 0x00a3, 0x00d8, 0x00d7, 0x0192,
    0x00e1, 0x00ed, 0x00f3, 0x00fa, 0x00f1, 0x00d1, 0x00aa, 0x00ba,
    0x00bf, 0x00ae, 0x00ac, 0x00bd, 0x00bc, 0x00a1, 0x00ab, 0x00bb,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x00c1, 0x00c2, 0x00c0,
    0x00a9, 0x2563, 0x2551, 0x2557, 0x255d, 0x00a2, 0x00a5, 0x2510,
    0x2514, 0x2534, 0x252c, 0x251c, 0x2500, 0x253c, 0x00e3, 0x00c3,
    0x255a, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256c, 0x00a4,
    0x00f0, 0x00d0, 0x00ca, 0x00cb, 0x00c8, 0x0131, 0x00cd, 0x00ce,
    0x00cf, 0x2518, 0x250c, 0x2588, 0x2584, 0x00a6, 0x00cc, 0x2580,
    0x00d3, 0x00df, 0x00d4, 0x00d2, 0x00f5, 0x00d5, 0x00b5, 0x00fe,
    0x00de, 0x00da, 0x00db, 0x00d9, 0x00fd, 0x00dd, 0x00af, 0x00b4,
    0x00ad, 0x00b1, 0x2017, 0x00be, 0x00b6, 0x00a7, 0x00f7, 0x00b8,
    0x00b0, 0x00a8, 0x00b7, 0x00b9, 0x00b3, 0x00b2, 0x25a0, 0x00a0,
};

static const gunichar cp1252[128] = {
    0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
    0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
    0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
    0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
    0x00a0, 0x00a1, 0x00a2, 0x00a3, 0x00a4, 0x00a5, 0x00a6, 0x00a7,
    0x00a8, 0x00a9, 0x00aa, 0x00ab, 0x00ac, 0x00ad, 0x00ae, 0x00af,
    0x00b0, 0x00b1, 0x00b2, 0x00b3, 0x00b4, 0x00b5, 0x00b6, 0x00b7,
    0x00b8, 0x00b9, 0x00ba, 0x00bb, 0x00bc, 0x00bd, 0x00be, 0x00bf,
    0x00c0, 0x00c1, 0x00c2, 0x00c3, 0x00c4, 0x00c5, 0x00c6, 0x00c7,
    0x00c8, 0x00c9, 0x00ca, 0x00cb, 0x00cc, 0x00cd, 0x00ce, 0x00cf,
    0x00d0, 0x00d1, 0x00d2, 0x00d3, 0x00d4, 0x00d5, 0x00d6, 0x00d7,
    0x00d8, 0x00d9, 0x00da, 0x00db, 0x00dc, 0x00dd, 0x00de, 0x00df,
    0x00e0, 0x00e1, 0x00e2, 0x00e3, 0x00e4, 0x00e5, 0x00e6, 0x00e7,
    0x00e8, 0x00e9, 0x00ea, 0x00eb, 0x00ec, 0x00ed, 0x00ee, 0x00ef,
    0x00f0, 0x00f1, 0x00f2, 0x00f3, 0x00f4, 0x00f5, 0x00f6, 0x00f7,
    0x00f8, 0x00f9, 0x00fa, 0x00fb, 0x00fc, 0x00fd, 0x00fe, 0x00ff,
};

static const gunichar cp1258[128] = {
    0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
    0x02c6, 0x2030, 0x008a, 0x2039, 0x0152, 0x008d, 0x008e, 0x008f,
    0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
    0x02dc, 0x2122, 0x009a, 0x203a, 0x0153, 0x009d, 0x009e, 0x0178,
    0x00a0, 0x00a1, 0x00a2, 0x00a3, 0x00a4, 0x00a5, 0x00a6, 0x00a7,
    0x00a8, 0x00a9, 0x00aa, 0x00ab, 0x00ac, 0x00ad, 0x00ae, 0x00af,
    0x00b0, 0x00b1, 0x00b2, 0x00b3, 0x00b4, 0x00b5, 0x00b6, 0x00b7,
    0x00b8, 0x00b9, 0x00ba, 0x00bb, 0x00bc, 0x00bd, 0x00be, 0x00bf,
    0x00c0, 0x00c1, 0x00c2, 0x0102, 0x00c4, 0x00c5, 0x00c6, 0x00c7,
    0x00c8, 0x00c9, 0x00ca, 0x00cb, 0x0300, 0x00cd, 0x00ce, 0x00cf,
    0x0110, 0x00d1, 0x0309, 0x00d3, 0x00d4, 0x01a0, 0x00d6, 0x00d7,
    0x00d8, 0x00d9, 0x00da, 0x00db, 0x00dc, 0x01af, 0x0303, 0x00df,
    0x00e0, 0x00e1, 0x00e2, 0x0103, 0x00e4, 0x00e5, 0x00e6, 0x00e7,
    0x00e8, 0x00e9, 0x00ea, 0x00eb, 0x0301, 0x00ed, 0x00ee, 0x00ef,
    0x0111, 0x00f1, 0x0323, 0x00f3, 0x00f4, 0x01a1, 0x00f6, 0x00f7,
    0x00f8, 0x00f9, 0x00fa, 0x00fb, 0x00fc, 0x01b0, 0x20ab, 0x00ff,
};

static const gunichar *const pages[KC_ZIP_DOS_PAGES] = {cp437, cp1258, cp1252, cp850};
static const unsigned numbers[KC_ZIP_DOS_PAGES] = {437, 1258, 1252, 850};

uint32_t kc_zip_dos_char(size_t page, unsigned char b)
{
    return b < 0x80 || page >= KC_ZIP_DOS_PAGES ? b : pages[page][b - 0x80];
}

unsigned kc_zip_dos_page(size_t page)
{
    return page < KC_ZIP_DOS_PAGES ? numbers[page] : 0;
}

/* Each byte as NTFS keys it in each page: the UTF-8 of the simple upper case
 * (g_unichar_toupper, NTFS's case table) of the character the page reads
 * there; an ASCII byte reads alike in every page.  Worked out once, not once a
 * byte of every name: a check of 200,000 entries keyed 800,000 names through
 * g_unichar_toupper and a GString sized three bytes a byte (issue 16). */
typedef struct dos_char {
    unsigned char len;
    char utf8[6];
} dos_char;
static dos_char upper[KC_ZIP_DOS_PAGES][256];

static void upper_init(void)
{
    static gsize ready;
    if (!g_once_init_enter(&ready))
        return;
    for (size_t p = 0; p < KC_ZIP_DOS_PAGES; p++)
        for (unsigned b = 1; b < 256; b++) {
            gunichar c = g_unichar_toupper(b < 0x80 ? b : pages[p][b - 0x80]);
            upper[p][b].len = (unsigned char)g_unichar_to_utf8(c, upper[p][b].utf8);
        }
    g_once_init_leave(&ready, 1);
}

/* The key of name in page, after tag (NULL, or a prefix of its own), into
 * out (its text replaced); false for an ASCII name. */
static bool dos_key_into(GString *out, const char *name, size_t page, const char *tag)
{
    size_t len = 0, size = 0, tlen = tag ? strlen(tag) : 0;
    bool ascii = true;
    char *o;

    for (; name[len]; len++)
        ascii &= (unsigned char)name[len] < 0x80;
    /* An ASCII name reads alike in every page: kc_zr_name_key's case folding
     * already keys it as NTFS does. */
    if (ascii || page >= KC_ZIP_DOS_PAGES)
        return false;
    upper_init();
    if (name[len - 1] == '/') /* a folder "a/" is the file "a" */
        len--;
    const dos_char *t = upper[page];
    for (size_t i = 0; i < len; i++)
        size += t[(unsigned char)name[i]].len;
    g_string_set_size(out, tlen + size);
    o = out->str;
    if (tlen) {
        memcpy(o, tag, tlen);
        o += tlen;
    }
    for (size_t i = 0; i < len; i++) {
        const dos_char *c = &t[(unsigned char)name[i]];
        memcpy(o, c->utf8, c->len);
        o += c->len;
    }
    return true;
}

bool kc_zip_dos_key_in(GString *out, const char *name, size_t page, bool tagged)
{
    char tag[3] = {(char)('0' + page % 10), ':', '\0'};
    G_STATIC_ASSERT(KC_ZIP_DOS_PAGES <= 10);
    return dos_key_into(out, name, page, tagged ? tag : NULL);
}

static char *dos_key(const char *name, size_t page, const char *tag)
{
    GString *s = g_string_new(NULL);
    if (!dos_key_into(s, name, page, tag)) {
        g_string_free(s, TRUE);
        return NULL;
    }
    return g_string_free(s, FALSE);
}

char *kc_zip_dos_key(const char *name, size_t page)
{
    return dos_key(name, page, NULL);
}

/* The same after "page:", as one table may hold every page's keys. */
char *kc_zip_dos_key_tagged(const char *name, size_t page)
{
    char tag[3] = {(char)('0' + page % 10), ':', '\0'};
    return dos_key(name, page, tag);
}

/* What a key in one page stands for: the first entry that has it, and the
 * name (the entry's, or its folder's) that gave the key. */
typedef struct named {
    size_t entry;
    bool is_dir;
    const char *name; /* an entry's (the caller's), or a folder's (in d->text) */
} named;

/* The tables' keys and folder names live in one string chunk and what they
 * stand for in one array (a table's value is its index + 1), freed at once:
 * 200,000 entries made some three million allocations, each freed again
 * (issue 16). */
struct kc_zip_dos {
    GHashTable *files[KC_ZIP_DOS_PAGES];   /* an entry's key → named */
    GHashTable *folders[KC_ZIP_DOS_PAGES]; /* the key of a folder above an entry → named */
    GHashTable *seen;                      /* folders filed already, as written: 200,000 entries in one
                                              folder key it once, not once an entry and page */
    GStringChunk *text;                    /* every key and folder name */
    GArray *named;                         /* every named */
    GString *key, *folder_key, *folder;    /* the key being looked up; a folder's; a folder's name */
};

kc_zip_dos *kc_zip_dos_new(void)
{
    kc_zip_dos *d = g_new0(kc_zip_dos, 1);
    for (size_t p = 0; p < KC_ZIP_DOS_PAGES; p++) {
        d->files[p] = g_hash_table_new(g_str_hash, g_str_equal);
        d->folders[p] = g_hash_table_new(g_str_hash, g_str_equal);
    }
    d->seen = g_hash_table_new(g_str_hash, g_str_equal);
    d->text = g_string_chunk_new(64 * 1024);
    d->named = g_array_new(FALSE, FALSE, sizeof(named));
    d->key = g_string_new(NULL);
    d->folder_key = g_string_new(NULL);
    d->folder = g_string_new(NULL);
    return d;
}

void kc_zip_dos_free(kc_zip_dos *d)
{
    if (!d)
        return;
    for (size_t p = 0; p < KC_ZIP_DOS_PAGES; p++) {
        g_hash_table_destroy(d->files[p]);
        g_hash_table_destroy(d->folders[p]);
    }
    g_hash_table_destroy(d->seen);
    g_string_chunk_free(d->text);
    g_array_free(d->named, TRUE);
    g_string_free(d->key, TRUE);
    g_string_free(d->folder_key, TRUE);
    g_string_free(d->folder, TRUE);
    g_free(d);
}

static const named *named_at(const kc_zip_dos *d, gpointer value)
{
    return value ? &g_array_index(d->named, named, GPOINTER_TO_SIZE(value) - 1) : NULL;
}

/* Files name under key in table unless there (name: an entry's, which
 * outlives d, or a folder's, in d->text); returns what was there, as a copy
 * (the array may move). */
static bool file_under(kc_zip_dos *d, GHashTable *table, const GString *key, size_t entry, bool is_dir,
                       const char *name, named *had)
{
    const named *was = named_at(d, g_hash_table_lookup(table, key->str));
    if (was) {
        *had = *was;
        return true;
    }
    named n = {.entry = entry, .is_dir = is_dir, .name = name};
    g_array_append_val(d->named, n);
    g_hash_table_insert(table, g_string_chunk_insert_len(d->text, key->str, (gssize)key->len),
                        GSIZE_TO_POINTER(d->named->len));
    return false;
}

/* Whether a and b (a file's and a folder's name) differ to NTFS without a
 * code page: then only the page joins them (alike, kc_zr_vet reports them
 * as a file and a folder).  Normalised only here, on a join: rare. */
static bool apart(const char *a, const char *b)
{
    char *x = kc_zr_name_key(a), *y = kc_zr_name_key(b);
    bool differ = x && y && strcmp(x, y) != 0;
    g_free(x);
    g_free(y);
    return differ;
}

/* The folders above name not filed before (now marked seen; borrowed from
 * d->text): a folder filed once was compared then with every file before
 * it, and every later file is compared with it. */
static GPtrArray *new_folders(kc_zip_dos *d, const char *name)
{
    GPtrArray *fresh = g_ptr_array_new();
    for (const char *slash = strchr(name, '/'); slash && slash[1]; slash = strchr(slash + 1, '/')) {
        g_string_truncate(d->folder, 0);
        g_string_append_len(d->folder, name, slash - name);
        if (g_hash_table_contains(d->seen, d->folder->str))
            continue;
        char *folder = g_string_chunk_insert_len(d->text, d->folder->str, (gssize)d->folder->len);
        g_hash_table_add(d->seen, folder);
        g_ptr_array_add(fresh, folder);
    }
    return fresh;
}

/* The new folders above entry i in page p: 1 + the entry of a file one of
 * them joins, else 0; each is filed. */
static size_t add_folders(kc_zip_dos *d, size_t p, size_t i, const GPtrArray *fresh)
{
    size_t join = 0;
    for (guint k = 0; k < fresh->len; k++) {
        const char *folder = fresh->pdata[k];
        named had;
        /* false: an ASCII folder, joined only by case */
        if (!dos_key_into(d->folder_key, folder, p, NULL))
            continue;
        const named *file = named_at(d, g_hash_table_lookup(d->files[p], d->folder_key->str));
        if (!join && file && !file->is_dir && apart(file->name, folder))
            join = file->entry + 1;
        file_under(d, d->folders[p], d->folder_key, i, true, folder, &had);
    }
    return join;
}

size_t kc_zip_dos_add(kc_zip_dos *d, size_t i, const char *name, bool is_dir, unsigned *page, bool *folder)
{
    size_t join = 0;
    GPtrArray *fresh = NULL;
    for (size_t p = 0; p < KC_ZIP_DOS_PAGES; p++) {
        if (!dos_key_into(d->key, name, p, NULL))
            break; /* ASCII: alike in every page, and so are its folders */
        if (!fresh)
            fresh = new_folders(d, name);
        named dir = {0}, had;
        const named *in_folders = is_dir ? NULL : named_at(d, g_hash_table_lookup(d->folders[p], d->key->str));
        if (in_folders)
            dir = *in_folders;
        bool taken = file_under(d, d->files[p], d->key, i, is_dir, name, &had);
        size_t other = add_folders(d, p, i, fresh);
        if (join)
            continue; /* told once, in the first page that joins */
        if (taken) {
            join = had.entry + 1;
            *folder = false;
        } else if (in_folders && apart(dir.name, name)) {
            join = dir.entry + 1;
            *folder = true;
        } else if (other) {
            join = other;
            *folder = true;
        }
        if (join)
            *page = numbers[p];
    }
    if (fresh)
        g_ptr_array_free(fresh, TRUE); /* the array; its folders are d->text's */
    return join;
}
