/* cli_i18n.c: the options every command takes (--lang, --quiet), choosing the
 * language of the messages, finding the message catalogs, and lining up
 * columns of UTF-8 text.
 *
 * The language comes from --lang, else from the locale as gettext reads it
 * (LANGUAGE, LC_ALL, LC_MESSAGES, LANG).  Debian ships only the C and C.UTF-8
 * locales until `locales` generates others, so LANG=vi_VN.UTF-8 on a clean
 * machine makes setlocale() fail; we then run in C.UTF-8 and ask gettext for
 * the language through LANGUAGE, which glibc honours in any locale but "C". */
#include <glib.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "kc_config.h"

static bool quiet;
static bool lang_named; /* --lang, or a language in the environment */

bool cli_quiet(void)
{
    return quiet;
}

void cli_set_quiet(bool q)
{
    quiet = q;
}

/* The language part of a locale name: "vi" from "vi_VN.UTF-8", NULL for C/POSIX. */
static char *language_of(const char *locale)
{
    if (!locale || !*locale || strcmp(locale, "C") == 0 || strcmp(locale, "POSIX") == 0 ||
        strncmp(locale, "C.", 2) == 0)
        return NULL;
    size_t n = strcspn(locale, "_.@");
    return n ? g_strndup(locale, n) : NULL;
}

static const char *first_env(const char *const *names)
{
    for (; *names; names++) {
        const char *v = getenv(*names);
        if (v && *v)
            return v;
    }
    return NULL;
}

bool cli_running_uninstalled(void)
{
    static int cached = -1;
    if (cached < 0) {
        char *exe = g_file_read_link("/proc/self/exe", NULL);
        char *root = realpath(KC_BUILD_ROOT, NULL);
        size_t n = root ? strlen(root) : 0;
        cached = exe && root && strncmp(exe, root, n) == 0 && exe[n] == '/';
        g_free(exe);
        free(root);
    }
    return cached;
}

const char *cli_locale_dir(void)
{
    const char *env = getenv("KIEMCHUNG_LOCALEDIR");
    if (env && *env)
        return env;
    return cli_running_uninstalled() ? KC_BUILD_LOCALEDIR : KC_LOCALEDIR;
}

static void use_language(const char *lang)
{
    /* LANGUAGE is ignored in the "C" locale: move to C.UTF-8, which every
     * glibc since 2.35 has built in, so the translation is shown in UTF-8. */
    const char *cur = setlocale(LC_MESSAGES, NULL);
    if (!cur || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0)
        setlocale(LC_ALL, "C.UTF-8");
    setenv("LANGUAGE", lang, 1);
}

int cli_init(int *argc, char **argv)
{
    const char *lang = NULL;
    int out = 1, rc = 0;

    /* --lang and --quiet are taken out wherever they stand (before a "--"),
     * so that `kiemchung verify --lang vi x.pdf` works like `kiemchung --lang vi verify x.pdf`. */
    bool done = false;
    for (int i = 1; i < *argc; i++) {
        const char *a = argv[i];
        if (!done && strcmp(a, "--") == 0)
            done = true;
        if (!done && (strcmp(a, "--quiet") == 0 || (out == 1 && strcmp(a, "-q") == 0))) {
            quiet = true;
            continue;
        }
        if (!done && strncmp(a, "--lang", 6) == 0 && (a[6] == '=' || a[6] == 0)) {
            if (a[6] == '=') {
                lang = a + 7;
            } else if (i + 1 < *argc) {
                lang = argv[++i];
            } else {
                lang = "";
            }
            continue;
        }
        argv[out++] = argv[i];
    }
    argv[out] = NULL;
    *argc = out;

    if (!setlocale(LC_ALL, "")) {
        /* The locale asked for is not installed: keep its language. */
        static const char *const names[] = {"LC_ALL", "LC_MESSAGES", "LANG", NULL};
        char *want = language_of(first_env(names));
        const char *language = getenv("LANGUAGE");
        setlocale(LC_ALL, "C.UTF-8");
        if (want && !(language && *language))
            use_language(want);
        g_free(want);
    } else {
        const char *language = getenv("LANGUAGE");
        if (language && *language)
            use_language(language);
    }
    /* Numbers are written and read the C way (JSON, --at, CSV figures). */
    setlocale(LC_NUMERIC, "C");

    {
        static const char *const names[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", NULL};
        char *named = language_of(first_env(names));
        lang_named = lang != NULL || named != NULL;
        g_free(named);
    }
    if (lang) {
        if (strcmp(lang, "vi") == 0 || strcmp(lang, "en") == 0) {
            use_language(lang);
        } else {
            rc = -1;
        }
    }
    bindtextdomain("kiemchung", cli_locale_dir());
    bind_textdomain_codeset("kiemchung", "UTF-8");
    textdomain("kiemchung");
    if (rc != 0)
        fprintf(stderr, _("kiemchung: --lang takes vi or en, not '%s'\n"), lang);
    return rc;
}

bool cli_lang_named(void)
{
    return lang_named;
}

void cli_use_language(const char *lang)
{
    use_language(lang);
}

const char *cli_lang_code(void)
{
    /* TRANSLATORS: the language code of this translation, for the lang
     * attribute of HTML reports ("vi" for Vietnamese). */
    return _("en");
}

size_t cli_width(const char *s)
{
    if (!s)
        return 0;
    size_t w = 0;
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_iszerowidth(c))
            continue;
        w += g_unichar_iswide(c) ? 2 : 1;
    }
    return w;
}

void cli_put_padded(FILE *out, const char *s, size_t width)
{
    s = s ? s : "";
    fputs(s, out);
    for (size_t w = cli_width(s); w < width; w++)
        fputc(' ', out);
}

/* ---- numbers and times as the user's language writes them -------------------------- */

/* The zone human output shows times in: the machine's, unless it is UTC and
 * nobody chose it (TZ unset: a server never configured), then Vietnam's. */
static GTimeZone *zone(void)
{
    const char *tz = getenv("TZ");
    GTimeZone *local = g_time_zone_new_local();
    GDateTime *now = g_date_time_new_now(local);
    bool utc = now && g_date_time_get_utc_offset(now) == 0;
    if (now)
        g_date_time_unref(now);
    if ((!tz || !*tz) && utc) {
        g_time_zone_unref(local);
        return g_time_zone_new_offset(7 * 3600);
    }
    return local;
}

char *cli_date_text(char *buf, size_t size, int64_t t)
{
    GTimeZone *tz = zone();
    GDateTime *utc = g_date_time_new_from_unix_utc(t), *dt = utc ? g_date_time_to_timezone(utc, tz) : NULL;
    char *s = dt ? g_date_time_format(dt, strcmp(cli_lang_code(), "vi") == 0 ? "%d/%m/%Y" : "%Y-%m-%d") : NULL;
    snprintf(buf, size, "%s", s ? s : "-");
    g_free(s);
    if (dt)
        g_date_time_unref(dt);
    if (utc)
        g_date_time_unref(utc);
    g_time_zone_unref(tz);
    return buf;
}

char *cli_time_text(char *buf, size_t size, int64_t t, bool seconds)
{
    GTimeZone *tz = zone();
    GDateTime *utc = t ? g_date_time_new_from_unix_utc(t) : NULL;
    GDateTime *dt = utc ? g_date_time_to_timezone(utc, tz) : NULL;
    snprintf(buf, size, "-");
    if (dt) {
        int off = (int)(g_date_time_get_utc_offset(dt) / G_TIME_SPAN_MINUTE);
        char zone_name[24];
        if (off == 0)
            snprintf(zone_name, sizeof zone_name, "UTC");
        else if (off % 60)
            snprintf(zone_name, sizeof zone_name, "UTC%c%d:%02d", off < 0 ? '-' : '+', abs(off) / 60, abs(off) % 60);
        else
            snprintf(zone_name, sizeof zone_name, "UTC%c%d", off < 0 ? '-' : '+', abs(off) / 60);
        /* One date format per language: 15/03/2021 in Vietnamese, 2021-03-15 otherwise. */
        bool vi = strcmp(cli_lang_code(), "vi") == 0;
        char *s = g_date_time_format(dt, vi ? (seconds ? "%d/%m/%Y %H:%M:%S" : "%d/%m/%Y %H:%M")
                                            : (seconds ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d %H:%M"));
        if (s)
            snprintf(buf, size, "%s (%s)", s, zone_name);
        g_free(s);
        g_date_time_unref(dt);
    }
    if (utc)
        g_date_time_unref(utc);
    g_time_zone_unref(tz);
    return buf;
}
