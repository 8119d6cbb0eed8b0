/* dossier_entry.c: one entry of a dossier as every reader unpacks it: its
 * name flagged UTF-8, its mode (readable by all, changeable by no one else,
 * no program, no setuid), and a name every system can write and everyone
 * sees (no part over 255 bytes, no path over 200 characters, no hidden
 * part), dated as kiemchung dates every entry.  kiemchung's writer makes
 * none of what these refuse; a dossier that holds one unpacks, for someone,
 * to other files than were checked.  kc_check_archive_internal is the one
 * reading of the entries that check and list share (rtzip4), so `list`
 * never shows a dossier `check` refuses for its entries. */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "dossier_model.h"
#include "i18n.h"
#include "zipio.h"

/* The longest part of an entry name in bytes, and the longest name in UTF-16
 * units, that every system unpacks (rtzip3; see kc_check_run_internal). */
#define KC_NAME_PART_MAX 255
#define KC_NAME_UNITS_MAX 200

/* The first part of name that starts with a dot, into buf: kiemchung's
 * writer never stores a hidden file (ingest skips them), and after unpacking
 * one is out of sight, though programs read it (a folder's .git/config names
 * commands git runs, and a shell prompt or editor runs git in the folder it
 * shows).  "." and ".." parts are refused by the zip reader before this. */
static bool hidden_part(const char *name, char *buf, size_t n)
{
    for (const char *p = name; p; p = strchr(p, '/') ? strchr(p, '/') + 1 : NULL) {
        if (*p == '.') {
            size_t len = strcspn(p, "/");
            snprintf(buf, n, "%.*s", (int)len, p);
            return true;
        }
    }
    return false;
}

#define problemf(c, ...) kc_zr_problemf(kc_check_add_internal, (c), __VA_ARGS__)

void kc_check_entry_fields(kc_check *c, const kc_zr_entry *ze)
{
    unsigned perm = ze->mode & 07777u;
    if (!ze->utf8_flagged)
        problemf(c, ze->name, "zip", "%s",
                 _("a non-ASCII name without the zip UTF-8 flag: other tools will garble it"));
    /* unzip gives the file it writes the entry's mode: 0000 is a file no
     * one may open, 04755 one that runs with its owner's rights. */
    if ((perm & 07000u) || (perm & 0444u) != 0444u)
        problemf(c, ze->name, "zip",
                 _("the entry's mode is %04o: unzip writes a file that not everyone may read, or one that runs "
                   "with its owner's rights (setuid, setgid, sticky); kiemchung writes 0644"),
                 perm);
    /* rtzip3: and gives no one else the right to change the file, nor
     * makes a program of it: unzip and bsdtar write 0777 as it says,
     * Python's zipfile 0644, so one sealed dossier unpacks to evidence
     * anyone on the archive's machine may rewrite, or not. */
    else if (perm & 0133u)
        problemf(c, ze->name, "zip",
                 _("the entry's mode is %04o: unzip writes a file that others may change, or a program, where "
                   "Python's zipfile writes 0644; no seal covers the mode, and kiemchung writes 0644"),
                 perm);
    /* rtzip3: a name that can be unpacked.  Linux and macOS hold at most
     * 255 bytes in one part of a path (unzip, 7-Zip, Python and extract
     * fail with "File name too long"), and Windows Explorer unpacks no
     * path over 260 characters (MAX_PATH), of which a usual folder
     * (C:\Users\…\Downloads\ho-so-2021\) takes some 60: ingest writes
     * names of at most 180 bytes under data/. */
    size_t part = 0, longest = 0;
    char hidden[KC_NAME_PART_MAX + 1];
    for (const char *p = ze->name; *p; p++) {
        part = *p == '/' ? 0 : part + 1;
        longest = part > longest ? part : longest;
    }
    /* The writer makes no folder entries: an empty folder named
     * "Hoá đơn đã thanh toán đủ/" is a message every reader shows. */
    if (ze->is_dir)
        problemf(c, ze->name, "extra", "%s",
                 _("a folder entry: kiemchung writes none, and unzip, 7-Zip and Explorer show its name as an "
                   "(empty) folder of the dossier though no manifest and no seal covers it"));
    glong units = 0;
    gunichar2 *wide = g_utf8_to_utf16(ze->name, -1, NULL, &units, NULL);
    g_free(wide);
    if (longest > KC_NAME_PART_MAX)
        problemf(c, ze->name, "unsafe-name",
                 _("refused: a part of the name is %zu bytes long: Linux and macOS hold at most %d bytes in one, "
                   "so unzip, 7-Zip, Python and extract cannot write the file"),
                 longest, KC_NAME_PART_MAX);
    else if (hidden_part(ze->name, hidden, sizeof hidden))
        problemf(c, ze->name, "unsafe-name",
                 _("refused: \"%s\" is hidden (its name starts with a dot): ingest never stores one, ls and "
                   "Explorer do not show it, and one such as .git holds settings that run programs for whoever "
                   "works in the unpacked folder"),
                 hidden);
    else if (units > KC_NAME_UNITS_MAX)
        problemf(c, ze->name, "unsafe-name",
                 _("refused: the name is %ld characters long: Windows Explorer unpacks no path over 260 characters, "
                   "and a usual folder (…\\Downloads\\ho-so-2021\\) leaves %d to the names in a dossier"),
                 (long)units, KC_NAME_UNITS_MAX);
}

/* An archive holding none of a dossier's own files is not one: one sentence
 * says so, instead of a "missing" line for each. */
static bool looks_like_dossier(kc_zr *zr)
{
    static const char *const own[] = {"mimetype", "bagit.txt", "manifest-sha256.txt", "dossier.json"};
    for (size_t i = 0; i < G_N_ELEMENTS(own); i++)
        if (kc_zr_find(zr, own[i]) >= 0)
            return true;
    return false;
}

bool kc_check_archive_internal(kc_check *c, kc_zr *zr, const kc_zip_limits *lim)
{
    char why[256];
    size_t before = kc_check_problem_count(c);
    /* An archive over the limits is not streamed at all: that is what a zip
     * bomb wants. */
    kc_zr_vet(zr, lim, kc_check_add_internal, c);
    for (size_t i = before; i < kc_check_problem_count(c); i++)
        if (strcmp(kc_check_problem(c, i)->code, "limit") == 0)
            return false;
    if (!looks_like_dossier(zr)) {
        problemf(c, "", "not-dossier", "%s",
                 _("this zip archive is not a kiemchung dossier: it holds none of a dossier's own files (mimetype, bagit.txt, manifest-sha256.txt, dossier.json)"));
        return false;
    }
    if (!kc_zr_mimetype_ok(zr, why, sizeof why))
        kc_check_add_internal(c, "mimetype", "mimetype", why);
    for (size_t i = 0; i < kc_zr_count(zr); i++)
        kc_check_entry_fields(c, kc_zr_get(zr, i));
    return true;
}

#define DOS_EPOCH 315532800 /* 1980-01-01, the earliest time a zip header holds (zip_write.c) */

/* The Unix time of an MS-DOS date and time read as UTC (the writer stores the
 * UTC wall clock), -1 when the fields are no time; at gets it as text. */
static int64_t dos_unix(uint32_t dt, char at[32])
{
    unsigned d = dt >> 16, t = dt & 0xffffu;
    unsigned y = 1980 + (d >> 9), mo = (d >> 5) & 15, day = d & 31, h = t >> 11, mi = (t >> 5) & 63, s = (t & 31) * 2;
    GDateTime *g = g_date_time_new_utc((gint)y, (gint)mo, (gint)day, (gint)h, (gint)mi, (gdouble)s);
    int64_t u = g ? g_date_time_to_unix(g) : -1;
    if (g)
        g_date_time_unref(g);
    snprintf(at, 32, "%04u-%02u-%02u %02u:%02u:%02u", y, mo, day, h, mi, s);
    return u;
}

/* kiemchung dates every entry alike, at the dossier's time (or, sealed by an
 * older version, at the seal's), so a reader's "date modified" can never be
 * older than the dossier: an entry dated before it, or otherwise than the
 * others, had its date changed after the dossier was written, to show an
 * archivist evidence older than anything the seal proves. */
void kc_check_entry_times(kc_check *c, kc_zr *zr, const char *date, GHashTable *skip)
{
    GDateTime *dt = date ? g_date_time_new_from_iso8601(date, NULL) : NULL;
    int64_t made = dt ? g_date_time_to_unix(dt) : -1;
    size_t n = kc_zr_count(zr);
    char at[32], others[32];

    if (dt)
        g_date_time_unref(dt);
    if (made >= 0 && made < DOS_EPOCH)
        made = DOS_EPOCH;
    made -= made > 0 ? made % 2 : 0; /* DOS times count in steps of two seconds */
    if (n)
        dos_unix(kc_zr_get(zr, 0)->dos_time, others);
    for (size_t i = 0; i < n; i++) {
        const kc_zr_entry *e = kc_zr_get(zr, i);
        int64_t t = dos_unix(e->dos_time, at);
        /* A file already found changed or added (skip) is one line: a tool
         * that rewrote it (libzip, zipfile) dated it anew. */
        if (g_hash_table_contains(skip, e->name))
            continue;
        if (t < 0 || (made >= 0 && t < made))
            problemf(c, e->name, "zip",
                     _("the entry is dated %s, before the dossier was made (%s): unzip, 7-Zip and Explorer show "
                       "a date no seal proves; kiemchung dates every entry at the dossier's time"),
                     at, date);
        else if (e->dos_time != kc_zr_get(zr, 0)->dos_time)
            problemf(c, e->name, "zip",
                     _("the entry is dated %s, the dossier's first entry %s: kiemchung dates every entry alike, "
                       "so this date was changed after the dossier was written"),
                     at, others);
    }
}
