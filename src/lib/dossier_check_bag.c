/* dossier_check_bag.c: the BagIt tag files of a dossier being checked:
 * bagit.txt, bag-info.txt (Payload-Oxum, the places it names, its date, and
 * the lines BagIt readers read otherwise than kiemchung), the payload and tag
 * manifests as kiemchung writes them, and the files they list that the zip
 * lacks.  Part of kc_dossier_check (dossier_check.c), whose state it shares
 * through dossier_check.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier_check.h"
#include "dossier_model.h"
#include "i18n.h"
#include "text.h"
#include "util.h"
#include "zipio.h"

/* dossier_check.c's problem(), which records a problem once. */
#define problem kc_check_add_internal
#define problemf(c, ...) kc_zr_problemf(problem, (c), __VA_ARGS__)

typedef struct manifest_ctx {
    kc_check *c;
    GHashTable *into;
    const char *name;
} manifest_ctx;

static int put_line(void *ud, const char *path, const char *hex, size_t line)
{
    manifest_ctx *m = ud;
    bool payload = strncmp(path, "data/", 5) == 0, tags = strcmp(m->name, "tagmanifest-sha256.txt") == 0;
    /* Two lines for one file: we would keep one digest, sha256sum -c checks both.
     * A line in the wrong manifest: its digest is compared by neither. */
    if (g_hash_table_contains(m->into, path))
        problemf(m->c, m->name, "bagit", _("%s, line %zu: %s is listed twice"), m->name, line, path);
    else if (tags && (strcmp(path, m->name) == 0 || strncmp(path, "META-INF/", 9) == 0))
        /* rtzip15: the tag manifest listing itself or the seal's files: the check
         * compares neither line (the one changes with its own digest, the other
         * comes after it), so a wrong digest there passed, while bagit-python
         * and sha256sum -c find the bag broken.  kiemchung lists neither. */
        problemf(m->c, m->name, "bagit",
                 _("%s, line %zu: %s is listed, which kiemchung never lists there: the tag manifest lists the tag "
                   "files, not itself nor META-INF/; no check compares that line, while BagIt readers and "
                   "sha256sum -c do"),
                 m->name, line, path);
    else if (payload == tags)
        problemf(m->c, m->name, "bagit", _("%s, line %zu: %s belongs in the other manifest"), m->name, line, path);
    g_hash_table_insert(m->into, g_strdup(path), g_strdup(hex));
    return 0;
}

/* Reads a small tag file, reporting it when it is absent or unreadable. */
char *kc_check_tag_file(check_ctx *x, const char *name, size_t *len, bool required)
{
    kc_error e = {0};
    char *data = NULL;
    int64_t at = kc_zr_find(x->zr, name);
    if (at < 0) {
        if (required)
            problemf(x->c, name, "missing", "%s", _("missing: every dossier has this file"));
        return NULL;
    }
    if (kc_zr_read_all(&data, len, x->zr, (size_t)at, KC_TAG_MAX, &e) != 0)
        problem(x->c, name, e.code == KC_ELIMIT ? "limit" : "corrupt", e.message);
    return data;
}

/* The first line of a manifest (text, len bytes) that is not written as
 * kiemchung writes it, "<64 lowercase hex>  <path>\n", or 0 (rtzip3).  The
 * parser takes any run of spaces or tabs between digest and path, as BagIt
 * allows; sha256sum -c reads the path from the third character after the
 * digest, so with three spaces it looks for " data/…", and after unzipping
 * the manifest check kiemchung passed fails. */
static size_t odd_manifest_line(const char *text, size_t len)
{
    size_t line = 0;
    for (const char *p = text, *end = text + len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        bool ok = nl && n > 66 && p[64] == ' ' && p[65] == ' ' && p[66] != ' ' && p[66] != '\t' &&
                  !memchr(p, '\r', n);
        for (size_t i = 0; ok && i < 64; i++)
            ok = g_ascii_isxdigit(p[i]) && !g_ascii_isupper(p[i]);
        line++;
        if (!ok)
            return line;
        p = nl + 1;
    }
    return 0;
}

/* rtzip7: a NUL byte in a tag file kiemchung reads as text.  kiemchung reads
 * bag-info.txt, bagit.txt and a manifest line as C strings, so up to the NUL;
 * Python's text files, and so bagit-python, read on past it: after
 * "Bag-Software-Agent: kiemchung …\0" the line "District: Phong Điền" was a
 * second district for a BagIt reader and nothing for the check.  kiemchung
 * writes no NUL in them.  Reports it; true when there is one. */
static bool tag_nul(check_ctx *x, const char *name, const char *text, size_t len)
{
    const char *nul = text ? memchr(text, '\0', len) : NULL;
    if (!nul)
        return false;
    size_t line = 1;
    for (const char *p = text; p < nul; p++)
        line += *p == '\n';
    problemf(x->c, name, "bagit",
             _("%s, line %zu: a NUL byte, which kiemchung never writes in a tag file: kiemchung reads the file up to "
               "it, Python's text files and so BagIt readers past it (a label after it is read by them alone)"),
             name, line);
    return true;
}

void kc_check_load_manifest(check_ctx *x, const char *name, GHashTable *into)
{
    size_t len = 0, odd;
    kc_error e = {0};
    char *text = kc_check_tag_file(x, name, &len, true);
    manifest_ctx m = {x->c, into, name};
    (void)tag_nul(x, name, text, len); /* its lines are still read: the files they list are checked */
    if (text && kc_bag_parse_manifest(text, len, name, put_line, &m, &e) != 0)
        problem(x->c, name, "bagit", e.message);
    else if (text && (odd = odd_manifest_line(text, len)))
        problemf(x->c, name, "bagit",
                 _("%s, line %zu: not written \"<sha256>  <path>\" with two spaces and a line feed, as kiemchung "
                   "writes it: readers split such a line their own ways (after three spaces sha256sum -c looks for "
                   "\" data/…\", a BagIt reader for \"data/…\")"),
                 name, odd);
    free(text);
}

static int cmp_pstr(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void kc_check_missing(check_ctx *x, GHashTable *listed, unsigned witness)
{
    GHashTableIter it;
    gpointer key;
    GPtrArray *gone = g_ptr_array_new();
    g_hash_table_iter_init(&it, listed);
    while (g_hash_table_iter_next(&it, &key, NULL))
        if (kc_zr_find(x->zr, key) < 0)
            g_ptr_array_add(gone, key);
    g_ptr_array_sort(gone, cmp_pstr); /* report in a stable order */
    for (guint i = 0; i < gone->len; i++)
        kc_check_found(x, gone->pdata[i], F_MISSING, witness);
    g_ptr_array_free(gone, TRUE);
}

/* A commune (district, province) the dossier names, once (folded), for the
 * seal's rules. */
void kc_check_names_place(GPtrArray *list, const char *place)
{
    if (!place || !*place || !g_utf8_validate(place, -1, NULL))
        return;
    for (guint i = 0; i < list->len; i++)
        if (kc_text_equal_folded(list->pdata[i], place))
            return;
    g_ptr_array_add(list, g_strdup(place));
}

void kc_check_names_commune(check_ctx *x, const char *commune) { kc_check_names_place(x->communes, commune); }

/* The dossier's own time: the latest of dossier.json's and bag-info.txt's. */
void kc_check_made_at(check_ctx *x, const char *iso, bool date_only)
{
    char *full = iso && date_only && strlen(iso) == 10 ? g_strconcat(iso, "T00:00:00Z", NULL) : g_strdup(iso);
    GDateTime *dt = full ? g_date_time_new_from_iso8601(full, NULL) : NULL;
    if (dt) {
        int64_t t = g_date_time_to_unix(dt);
        if (t > x->made)
            x->made = t;
        g_date_time_unref(dt);
    }
    g_free(full);
}

/* bag-info.txt as kiemchung writes it: each label once, each value on its
 * line (rtzip3).  kiemchung reads the first line of a label; BagIt (RFC 8493
 * §2.2.2) lets a label repeat and a value go on over lines that begin with
 * white space, which BagIt readers (and Python's email parser, which reads the
 * same syntax) give as more districts or a longer commune than the seal was
 * judged by.  Reports the first such line. */
/* rtzip6: a line as kiemchung writes it, "Label: value": the label ASCII
 * letters, digits and hyphens, no carriage return but the one before the
 * line feed.  Python's text files and its email parser end a line at a
 * carriage return alone, and bagit-python strips a label of any Unicode space
 * (str.strip) and joins to the value above a line that starts with one
 * (str.isspace: a no-break space, U+3000), where kiemchung read a label it
 * did not know, or no line at all. */
static const char *bag_info_line(const char *p, size_t n)
{
    size_t label = 0;
    for (size_t i = 0; i < n; i++)
        if (p[i] == '\r' && i + 1 < n)
            return _("a carriage return alone, which Python's text files and email parser (and so BagIt readers) "
                     "take for a line break: what follows is a label kiemchung does not read");
    while (label < n && (g_ascii_isalnum(p[label]) || p[label] == '-'))
        label++;
    if (!label || label == n || p[label] != ':')
        return _("not a line \"Label: value\" as kiemchung writes it (the label in ASCII letters, digits and "
                 "hyphens): bagit-python strips a label of any space, a no-break space too, and joins a line "
                 "starting with one to the value above, where kiemchung reads no such label");
    return NULL;
}

static void odd_bag_info(check_ctx *x, const char *text)
{
    GHashTable *labels = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    size_t line = 0;
    const char *why = NULL;
    for (const char *p = text; p && *p;) {
        const char *nl = strchr(p, '\n'), *colon = strchr(p, ':');
        line++;
        if (*p == ' ' || *p == '\t') {
            problemf(x->c, "bag-info.txt", "bagit",
                     _("bag-info.txt, line %zu: a value goes on over a second line, which BagIt readers join to the "
                       "first and kiemchung does not read"),
                     line);
            break;
        }
        if (colon && (!nl || colon < nl)) {
            /* BagIt readers strip the label ("District :" is "District") */
            char *label = g_strchomp(g_ascii_strdown(p, colon - p));
            if (g_hash_table_contains(labels, label)) {
                char *shown = g_strndup(p, (gsize)(colon - p));
                problemf(x->c, "bag-info.txt", "bagit",
                         _("bag-info.txt, line %zu: the label %s again: kiemchung reads the first value, BagIt readers "
                           "every one"),
                         line, shown);
                g_free(shown);
                g_free(label);
                break;
            }
            g_hash_table_add(labels, label);
        }
        if ((why = bag_info_line(p, nl ? (size_t)(nl - p) : strlen(p)))) {
            problemf(x->c, "bag-info.txt", "bagit", _("bag-info.txt, line %zu: %s"), line, why);
            break;
        }
        p = nl ? nl + 1 : NULL;
    }
    g_hash_table_destroy(labels);
}

/* rtzip7: bagit.txt as kiemchung writes it (KC_BAGIT_TXT, unchanged since the
 * first dossier), its lines ended LF or CR LF.  BagIt readers open bag-info.txt
 * and the manifests in the encoding bagit.txt declares: bagit-python hands its
 * Tag-File-Character-Encoding to Python's codecs, where "UTF-7" reads
 * "kiemchung+AAo-District: Phong +ARA-i+HsE-n", one value for kiemchung, as a
 * line break and a District of its own.  The check looked for the two
 * declarations anywhere, so "Comment: Tag-File-Character-Encoding: UTF-8"
 * after a UTF-7 declaration passed it. */
static bool bagit_declaration(const char *text, size_t len)
{
    static const char crlf[] = "BagIt-Version: 1.0\r\nTag-File-Character-Encoding: UTF-8\r\n";
    return (len == strlen(KC_BAGIT_TXT) && memcmp(text, KC_BAGIT_TXT, len) == 0) ||
           (len == sizeof crlf - 1 && memcmp(text, crlf, len) == 0);
}

void kc_check_bag(check_ctx *x)
{
    size_t len = 0;
    char *text = kc_check_tag_file(x, "bagit.txt", &len, true), *oxum = NULL, *value = NULL;
    uint64_t octets = 0, count = 0;

    if (text && !bagit_declaration(text, len))
        problemf(x->c, "bagit.txt", "bagit", "%s",
                 _("not the BagIt declaration kiemchung writes, the two lines \"BagIt-Version: 1.0\" and "
                   "\"Tag-File-Character-Encoding: UTF-8\" and nothing else: BagIt readers open bag-info.txt and the "
                   "manifests in the encoding it declares (in UTF-7, \"+AAo-\" inside a value is a line break), "
                   "kiemchung always in UTF-8"));
    free(text);
    text = kc_check_tag_file(x, "bag-info.txt", &len, true);
    if (text && !tag_nul(x, "bag-info.txt", text, len))
        odd_bag_info(x, text);
    if (text && kc_bag_info_get(&oxum, text, "Payload-Oxum") == 0 && oxum) {
        unsigned long long o = 0, c = 0;
        for (size_t i = 0; i < kc_zr_count(x->zr); i++) {
            const kc_zr_entry *e = kc_zr_get(x->zr, i);
            if (!e->is_dir && strncmp(e->name, "data/", 5) == 0) {
                octets += e->size;
                count++;
            }
        }
        if (sscanf(oxum, "%llu.%llu", &o, &c) != 2 || o != octets || c != count)
            problemf(x->c, "bag-info.txt", "bagit", _("Payload-Oxum says %s, the payload is %llu bytes in %llu files"),
                     oxum, (unsigned long long)octets, (unsigned long long)count);
    } else if (text) {
        problemf(x->c, "bag-info.txt", "bagit", "%s", _("no Payload-Oxum"));
    }
    if (text && kc_bag_info_get(&value, text, "Commune") == 0 && value && g_utf8_validate(value, -1, NULL))
        kc_check_names_commune(x, value);
    free(value);
    value = NULL;
    if (text && kc_bag_info_get(&value, text, "District") == 0)
        kc_check_names_place(x->districts, value);
    free(value);
    value = NULL;
    if (text && kc_bag_info_get(&value, text, "Province") == 0)
        kc_check_names_place(x->provinces, value);
    free(value);
    value = NULL;
    if (text && kc_bag_info_get(&value, text, "Bagging-Date") == 0 && value)
        kc_check_made_at(x, value, true);
    free(value);
    free(oxum);
    free(text);
}


/* rtzip9: the labels of bag-info.txt kiemchung writes from dossier.json and
 * reads no further: Source-Organization (the bag's maker to BagIt readers),
 * Evaluation-Year and External-Description.  The check read the commune,
 * district and province and the date, so a dossier sealed by Thủy An whose
 * Source-Organization said "UBND xã Thủy Thanh", or whose Evaluation-Year
 * said 2020 beside dossier.json's 2021, checked ok while a BagIt reader
 * showed the other commune or year.  Each must be what kiemchung writes from
 * dossier.json (absent when it writes none).
 * rtzip12: and so every other line.  A label kiemchung never writes
 * ("Internal-Sender-Description: … đạt 100% tiêu chí", which BagIt readers
 * show with the bag's description) and a Bagging-Date before dossier.json's
 * date (the latest of the two was the dossier's time, so an earlier one
 * changed nothing the check read) checked ok while a BagIt reader showed
 * them.  Every label present must be one kiemchung writes, with the value
 * it writes from dossier.json (Bag-Software-Agent: kiemchung and a version,
 * the one that wrote the dossier). */
static const char *const written_always[] = {"Source-Organization", "Evaluation-Year", "External-Description"};

/* Whether the value is what kiemchung writes as the software agent:
 * "kiemchung " and a version, one word of letters, digits and . + ~ - _. */
static bool software_agent(const char *value)
{
    static const char me[] = "kiemchung ";
    if (!value || strncmp(value, me, strlen(me)) != 0 || !value[strlen(me)])
        return false;
    for (const char *p = value + strlen(me); *p; p++)
        if (!g_ascii_isalnum(*p) && !strchr(".+~-_", *p))
            return false;
    return true;
}

void kc_check_bag_info_json(check_ctx *x, const kc_dossier *d)
{
    size_t len = 0, line = 0;
    char *text = kc_check_tag_file(x, "bag-info.txt", &len, false), *want = text ? kc_bag_info(d, "") : NULL;
    for (size_t i = 0; want && i < G_N_ELEMENTS(written_always); i++) {
        char *got = NULL, *made = NULL;
        if (kc_bag_info_get(&got, text, written_always[i]) == 0 &&
            kc_bag_info_get(&made, want, written_always[i]) == 0 && g_strcmp0(got, made) != 0)
            problemf(x->c, "bag-info.txt", "bagit",
                     _("bag-info.txt: %s says \"%s\" where kiemchung writes \"%s\" from dossier.json: BagIt readers "
                       "show the one, the check and the seal's rules read the other"),
                     written_always[i], got ? got : "", made ? made : "");
        free(got);
        free(made);
    }
    /* The other lines, label by label (odd_bag_info said what is not a line
     * "Label: value"; a NUL ended the text for this reading, tag_nul said so). */
    for (const char *p = want ? text : NULL; p && *p && p < text + len; line++) {
        const char *nl = strchr(p, '\n'), *colon = strchr(p, ':');
        if (colon && (!nl || colon < nl)) {
            char *label = g_strndup(p, (gsize)(colon - p)), *got = NULL, *made = NULL;
            bool always = false;
            for (size_t i = 0; i < G_N_ELEMENTS(written_always); i++)
                always |= g_ascii_strcasecmp(label, written_always[i]) == 0;
            if (g_ascii_strcasecmp(label, "Payload-Oxum") == 0) {
                /* compared with the payload itself (kc_check_bag) */
            } else if (g_ascii_strcasecmp(label, "Bag-Software-Agent") == 0) {
                if (kc_bag_info_get(&got, text, label) == 0 && !software_agent(got))
                    problemf(x->c, "bag-info.txt", "bagit",
                             _("bag-info.txt: Bag-Software-Agent says \"%s\" where kiemchung writes its name and "
                               "version: BagIt readers show it as the software that made the bag"),
                             got ? got : "");
            } else if (!always && kc_bag_info_get(&made, want, label) == 0 && !made) {
                problemf(x->c, "bag-info.txt", "bagit",
                         _("bag-info.txt, line %zu: a label %s that kiemchung never writes: BagIt readers show it with "
                           "the bag's description, while the check and the seal's rules read none of it"),
                         line + 1, label);
            } else if (!always && kc_bag_info_get(&got, text, label) == 0 && g_strcmp0(got, made) != 0) {
                problemf(x->c, "bag-info.txt", "bagit",
                         _("bag-info.txt: %s says \"%s\" where kiemchung writes \"%s\" from dossier.json: BagIt readers "
                           "show the one, the check and the seal's rules read the other"),
                         label, got ? got : "", made);
            }
            free(got);
            free(made);
            g_free(label);
        }
        p = nl ? nl + 1 : NULL;
    }
    g_free(want);
    free(text);
}
