/* form.c: the form of an upload read and checked, before anything is
 * written: libsoup's multipart parser over the spooled body, then each part's
 * Content-Disposition (srv_parse_disposition: libsoup's own would strip the
 * folders of "docs/12-QD-UBND.pdf"), each file's name made safe
 * (srv_safe_path) or refused, sizes, counts and names given twice.  Fuzzed
 * (tests/fuzz/fuzz_server_form.c). */
#include <string.h>

#include "server.h"

static void part_clear(gpointer p)
{
    g_free(((srv_part *)p)->name);
}

void srv_form_free(srv_form *f)
{
    if (!f)
        return;
    g_array_unref(f->parts);
    g_free(f->commune);
    g_free(f->error);
    g_free(f->about);
    g_free(f);
}

static bool refuse(srv_form *f, guint status, const char *msgid, const char *about)
{
    if (!f->error) {
        f->status = status;
        f->error = g_strdup(msgid);
        f->about = g_strdup(about);
    }
    return false;
}

char *srv_form_error(const srv_form *f, srv_lang lang, guint *status)
{
    if (!f->error)
        return NULL;
    *status = f->status;
    const char *m = srv_msg(lang, f->error);
    return f->about ? g_strdup_printf("%s: %s", f->about, m) : g_strdup(m);
}

/* Fields a form has beside its files: year, commune, and a few a page may
 * add and the parser ignores. */
#define FORM_FIELDS 16
/* The most a part's headers may take: a Content-Disposition with a long
 * name, a Content-Type, what browsers add. */
#define PART_HEADERS_MAX (16 * 1024)

/* How many parts the body holds (at most limit are counted), counted by
 * their delimiters before libsoup parses it, and whether one's headers run
 * longer than PART_HEADERS_MAX.  soup_multipart_new_from_message makes an
 * object for every part, and one of every header line of each, all at once:
 * about 190 bytes a part, so a body of empty parts (a few bytes each) took
 * twenty times its size in memory before --max-files was asked (20 MB of
 * them, 2.3 million parts: 448 MiB), and a part of 20 MB of header lines
 * 321 MiB and 20 s; at the default --max-upload of 1 GiB, the machine's
 * memory (rtdesk19). */
static uint64_t parts_in(SoupMessageHeaders *headers, GBytes *body, uint64_t limit, bool *long_headers)
{
    GHashTable *params = NULL;
    const char *type = soup_message_headers_get_content_type(headers, &params);
    const char *boundary = type && params ? g_hash_table_lookup(params, "boundary") : NULL;
    uint64_t n = 0;
    *long_headers = false;
    if (boundary && *boundary) {
        char *delim = g_strconcat("--", boundary, NULL);
        size_t dl = strlen(delim), len;
        const char *start = g_bytes_get_data(body, &len), *p = start, *end = start + len;
        while (p && n <= limit && !*long_headers && (size_t)(end - p) >= dl &&
               (p = memmem(p, (size_t)(end - p), delim, dl))) {
            bool line = p == start || (p - start >= 2 && p[-2] == '\r' && p[-1] == '\n');
            p += dl;
            if (!line) /* the boundary's text inside a part, not a delimiter (RFC 2046: CRLF before it) */
                continue;
            n++;
            size_t room = MIN((size_t)(end - p), (size_t)PART_HEADERS_MAX);
            /* the closing delimiter ("--" after it) has no headers */
            *long_headers = !(room >= 2 && p[0] == '-' && p[1] == '-') && !memmem(p, room, "\r\n\r\n", 4) &&
                            (size_t)(end - p) > (size_t)PART_HEADERS_MAX;
        }
        g_free(delim);
    }
    if (params)
        g_hash_table_destroy(params);
    return n;
}

srv_form *srv_form_parse(SoupMessageHeaders *headers, GBytes *body, const srv_limits *lim)
{
    srv_form *f = g_new0(srv_form, 1);
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    f->parts = g_array_new(FALSE, TRUE, sizeof(srv_part));
    g_array_set_clear_func(f->parts, part_clear);
    uint64_t most = lim->max_files + FORM_FIELDS + 1; /* the closing delimiter too */
    SoupMultipart *mp = NULL;
    bool long_headers;
    if (parts_in(headers, body, most, &long_headers) > most) {
        refuse(f, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, N_("too many parts in the form: more than the files this "
                                                            "server accepts in one submission"),
               NULL);
        goto out;
    }
    if (long_headers) {
        refuse(f, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, N_("a part of the form has headers longer than 16 KiB"), NULL);
        goto out;
    }
    mp = soup_multipart_new_from_message(headers, body);
    if (!mp) {
        refuse(f, SOUP_STATUS_BAD_REQUEST, N_("the form could not be read (multipart/form-data)"), NULL);
        goto out;
    }
    for (int i = 0; i < soup_multipart_get_length(mp) && !f->error; i++) {
        SoupMessageHeaders *ph;
        GBytes *pb;
        char *name = NULL, *filename = NULL;
        if (!soup_multipart_get_part(mp, i, &ph, &pb) ||
            !srv_parse_disposition(soup_message_headers_get_one(ph, "Content-Disposition"), &name, &filename)) {
            refuse(f, SOUP_STATUS_BAD_REQUEST, N_("the form could not be read (multipart/form-data)"), NULL);
            continue;
        }
        gsize len;
        const char *data = g_bytes_get_data(pb, &len);
        if (!filename && name && strcmp(name, "year") == 0) {
            char *y = g_strndup(data, MIN(len, 16));
            if (!(f->year = srv_parse_year(g_strstrip(y))))
                refuse(f, SOUP_STATUS_BAD_REQUEST, N_("the year is not a year (e.g. 2024)"), NULL);
            g_free(y);
        } else if (!filename && name && strcmp(name, "commune") == 0) {
            g_free(f->commune);
            f->commune = len < 256 && g_utf8_validate(data, (gssize)len, NULL) ? g_strndup(data, len) : NULL;
            if (!f->commune)
                refuse(f, SOUP_STATUS_BAD_REQUEST, N_("the commune's name is not text"), NULL);
        } else if (filename && *filename) {
            const char *why = NULL;
            char *safe = srv_safe_path(filename, &why);
            char *key = safe ? g_utf8_casefold(safe, -1) : NULL;
            if (!safe)
                refuse(f, SOUP_STATUS_BAD_REQUEST, why, filename);
            else if (g_hash_table_contains(seen, key))
                refuse(f, SOUP_STATUS_BAD_REQUEST, N_("the same file name twice in one submission"), safe);
            else if (len > lim->max_file)
                refuse(f, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, N_("the file is larger than this server accepts"),
                       safe);
            else if ((uint64_t)f->parts->len + 1 > lim->max_files)
                refuse(f, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, N_("too many files in one submission"), NULL);
            if (!f->error) {
                srv_part p = {.name = safe, .data = data, .len = len};
                p.zip = g_str_has_suffix(key, ".zip");
                g_array_append_val(f->parts, p);
                g_hash_table_add(seen, key);
                key = NULL;
                safe = NULL;
            }
            g_free(key);
            g_free(safe);
        }
        /* other fields (a file input left empty) are ignored */
        g_free(name);
        g_free(filename);
    }
    if (!f->error && f->parts->len == 0)
        refuse(f, SOUP_STATUS_BAD_REQUEST, N_("the submission holds no file"), NULL);
out:
    if (mp)
        soup_multipart_free(mp);
    g_hash_table_unref(seen);
    return f;
}
