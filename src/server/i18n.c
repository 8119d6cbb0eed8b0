/* i18n.c: the server's messages in the language of each request.
 *
 * The command line chooses one language per process (gettext reads it from
 * the environment), but a server answers a Vietnamese clerk and an English
 * reader at once, from several threads.  So the server's own sentences
 * (errors, refusals) are marked N_() like every message and translated in
 * src/po/vi.po, and at start the Vietnamese catalog (the same kiemchung.mo
 * gettext reads) is loaded into a table once; srv_msg looks a msgid up for
 * the request's language.  English is the msgid itself.
 *
 * What the library writes while a submission is analysed (register warnings,
 * lint findings) is produced on the workers in the server's language (--lang,
 * Vietnamese by default) and stored as such; the codes beside them (reason
 * codes, finding codes, statuses) are the same in every language. */
#include <stdint.h>
#include <string.h>

#include "server.h"

static GHashTable *vi_table; /* msgid → msgstr, filled once */

static uint32_t word(const unsigned char *p, bool swap)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return swap ? GUINT32_SWAP_LE_BE(v) : v;
}

/* A GNU .mo file: magic, revision, count, offsets of the two tables of
 * (length, offset) pairs.  Our own build output, but read with every bound
 * checked all the same. */
static void load_mo(const char *path)
{
    gchar *data = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &data, &len, NULL) || len < 28)
        goto out;
    const unsigned char *d = (const unsigned char *)data;
    uint32_t magic;
    memcpy(&magic, d, 4);
    bool swap = magic == 0xde120495u;
    if (!swap && magic != 0x950412deu)
        goto out;
    uint32_t n = word(d + 8, swap), orig = word(d + 12, swap), trans = word(d + 16, swap);
    if (n > len / 16 || orig > len - 8ull * n || trans > len - 8ull * n)
        goto out;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t ol = word(d + orig + 8 * i, swap), oo = word(d + orig + 8 * i + 4, swap);
        uint32_t tl = word(d + trans + 8 * i, swap), to = word(d + trans + 8 * i + 4, swap);
        if (oo > len || ol >= len - oo || to > len || tl >= len - to || ol == 0)
            continue; /* out of bounds, or the header entry */
        /* msgid and msgstr are NUL-terminated; a plural's forms follow the first NUL */
        g_hash_table_replace(vi_table, g_strndup(data + oo, strnlen(data + oo, ol)),
                             g_strndup(data + to, strnlen(data + to, tl)));
    }
out:
    g_free(data);
}

void srv_i18n_init(const char *localedir)
{
    if (vi_table)
        return;
    vi_table = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    char *path = g_build_filename(localedir, "vi", "LC_MESSAGES", KC_TEXTDOMAIN ".mo", NULL);
    load_mo(path);
    g_free(path);
}

const char *srv_msg(srv_lang lang, const char *msgid)
{
    const char *t;
    if (lang == SRV_LANG_EN || !vi_table || !(t = g_hash_table_lookup(vi_table, msgid)) || !*t)
        return msgid;
    return t;
}

static srv_lang lang_code(const char *s, size_t n, bool *known)
{
    *known = true;
    if (n >= 2 && g_ascii_strncasecmp(s, "vi", 2) == 0 && (n == 2 || s[2] == '-' || s[2] == '_'))
        return SRV_LANG_VI;
    if (n >= 2 && g_ascii_strncasecmp(s, "en", 2) == 0 && (n == 2 || s[2] == '-' || s[2] == '_'))
        return SRV_LANG_EN;
    *known = false;
    return SRV_LANG_VI;
}

srv_lang srv_request_lang(SoupServerMessage *msg)
{
    SoupMessageHeaders *h = soup_server_message_get_request_headers(msg);
    char *cookies = srv_request_cookies(msg);
    char *cookie = srv_cookie_get(cookies, "lang");
    g_free(cookies);
    bool known = false;
    srv_lang l = SRV_LANG_VI;
    if (cookie)
        l = lang_code(cookie, strlen(cookie), &known);
    g_free(cookie);
    if (known)
        return l;
    /* Accept-Language: the first of vi or en in the order given (weights
     * are rarely more than that order, and a tie goes to Vietnamese). */
    const char *al = soup_message_headers_get_one(h, "Accept-Language");
    if (al && strlen(al) < 1024) {
        char **items = g_strsplit(al, ",", 32);
        for (char **it = items; *it && !known; it++) {
            const char *s = *it;
            while (*s == ' ')
                s++;
            l = lang_code(s, strcspn(s, ";, "), &known);
        }
        g_strfreev(items);
    }
    return known ? l : SRV_LANG_VI;
}
