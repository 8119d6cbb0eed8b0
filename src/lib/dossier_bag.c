/* dossier_bag.c: the BagIt side of a dossier (RFC 8493): manifest-sha256.txt,
 * bag-info.txt, and reading manifests back for check.
 *
 * Manifest lines are "<sha256>  <path>" with two spaces, as sha256sum writes
 * them, so `sha256sum -c manifest-sha256.txt` also works after unzipping;
 * paths percent-encode CR, LF and '%' as the RFC requires.  Tag files are
 * written in fixed English labels and never translated: the bytes of a
 * dossier must not depend on the locale of the machine that made it. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier_model.h"
#include "i18n.h"
#include "ltv.h"

char *kc_bag_encode_path(const char *path)
{
    GString *s = g_string_new(NULL);
    for (const char *p = path; *p; p++) {
        if (*p == '\r')
            g_string_append(s, "%0D");
        else if (*p == '\n')
            g_string_append(s, "%0A");
        else if (*p == '%')
            g_string_append(s, "%25");
        else
            g_string_append_c(s, *p);
    }
    return g_string_free(s, FALSE);
}

char *kc_bag_decode_path(const char *path)
{
    GString *s = g_string_new(NULL);
    for (const char *p = path; *p; p++) {
        if (p[0] == '%' && p[1] && p[2]) {
            if (g_ascii_strncasecmp(p + 1, "0D", 2) == 0) {
                g_string_append_c(s, '\r');
                p += 2;
                continue;
            }
            if (g_ascii_strncasecmp(p + 1, "0A", 2) == 0) {
                g_string_append_c(s, '\n');
                p += 2;
                continue;
            }
            if (strncmp(p + 1, "25", 2) == 0) {
                g_string_append_c(s, '%');
                p += 2;
                continue;
            }
        }
        g_string_append_c(s, *p);
    }
    return g_string_free(s, FALSE);
}

char *kc_bag_manifest(const kc_dossier *d)
{
    GString *s = g_string_sized_new(d->files->len * 100 + 1);
    for (size_t i = 0; i < d->files->len; i++) {
        char *path = kc_bag_encode_path(KC_DM_FILE(d, i).pub.path);
        g_string_append_printf(s, "%s  %s\n", KC_DM_FILE(d, i).hex, path ? path : "");
        free(path);
    }
    return g_string_free(s, FALSE);
}

/* A bag-info value on one line (labels and values may not span lines here). */
static void info_line(GString *s, const char *label, const char *value)
{
    if (!value || !*value)
        return;
    g_string_append_printf(s, "%s: ", label);
    for (const char *p = value; *p; p++)
        g_string_append_c(s, *p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p);
    g_string_append_c(s, '\n');
}

static void human_size(char *buf, size_t n, uint64_t bytes)
{
    static const char *const units[] = {"B", "KB", "MB", "GB", "TB"};
    double v = (double)bytes;
    unsigned u = 0;
    while (v >= 1000 && u + 1 < G_N_ELEMENTS(units)) {
        v /= 1000;
        u++;
    }
    snprintf(buf, n, u ? "%.1f %s" : "%.0f %s", v, units[u]);
}

char *kc_bag_info(const kc_dossier *d, const char *software)
{
    GString *s = g_string_new(NULL);
    uint64_t octets = 0;
    char buf[64], year[16] = "";

    for (size_t i = 0; i < d->files->len; i++)
        octets += KC_DM_FILE(d, i).pub.size;
    if (d->meta.year)
        snprintf(year, sizeof year, "%d", d->meta.year);
    info_line(s, "Source-Organization", d->meta.commune);
    info_line(s, "Commune", d->meta.commune);
    info_line(s, "District", d->meta.district);
    info_line(s, "Province", d->meta.province);
    info_line(s, "Evaluation-Year", year);
    if (d->date && strlen(d->date) >= 10) {
        snprintf(buf, sizeof buf, "%.10s", d->date);
        info_line(s, "Bagging-Date", buf);
    }
    {
        GString *desc = g_string_new("Tài liệu kiểm chứng Chính quyền điện tử");
        if (d->meta.commune)
            g_string_append_printf(desc, " – %s", d->meta.commune);
        if (d->meta.year)
            g_string_append_printf(desc, " – năm %d", d->meta.year);
        info_line(s, "External-Description", desc->str);
        g_string_free(desc, TRUE);
    }
    snprintf(buf, sizeof buf, "%llu.%zu", (unsigned long long)octets, (size_t)d->files->len);
    info_line(s, "Payload-Oxum", buf);
    human_size(buf, sizeof buf, octets);
    info_line(s, "Bag-Size", buf);
    info_line(s, "Bag-Software-Agent", software);
    return g_string_free(s, FALSE);
}

int kc_bag_parse_manifest(const char *text, size_t len, const char *name,
                          int (*fn)(void *ud, const char *path, const char *hex, size_t line),
                          void *ud, kc_error *err)
{
    const char *p = text, *end = text + len;
    size_t line = 0;
    int rc = 0;

    while (p < end && rc == 0) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        char *l = g_strndup(p, n), *sp, *path;
        line++;
        p = nl ? nl + 1 : end;
        if (n && l[n - 1] == '\r')
            l[n - 1] = '\0';
        if (!*l) {
            g_free(l);
            continue;
        }
        /* "checksum<whitespace>path": 64 hex digits, then the rest is the path. */
        sp = l + strcspn(l, " \t");
        bool hex_ok = sp - l == 64;
        for (char *h = l; hex_ok && h < sp; h++)
            hex_ok = g_ascii_isxdigit(*h);
        while (*sp == ' ' || *sp == '\t')
            *sp++ = '\0';
        if (!hex_ok || !*sp) {
            rc = kc_error_set(err, KC_EFORMAT, _("%s, line %zu: not \"<sha256> <path>\""), name, line);
            g_free(l);
            break;
        }
        for (char *h = l; *h; h++)
            *h = g_ascii_tolower(*h);
        path = kc_bag_decode_path(sp);
        rc = path ? fn(ud, path, l, line) : KC_ENOMEM;
        free(path);
        g_free(l);
    }
    return rc;
}

int kc_bag_info_get(char **out, const char *text, const char *label)
{
    size_t n = strlen(label);
    *out = NULL;
    for (const char *p = text; p && *p;) {
        const char *nl = strchr(p, '\n');
        if (g_ascii_strncasecmp(p, label, n) == 0 && p[n] == ':') {
            const char *v = p + n + 1;
            while (*v == ' ' || *v == '\t')
                v++;
            size_t len = nl ? (size_t)(nl - v) : strlen(v);
            while (len && (v[len - 1] == '\r' || v[len - 1] == ' '))
                len--;
            *out = strndup(v, len);
            return *out ? 0 : KC_ENOMEM;
        }
        p = nl ? nl + 1 : NULL;
    }
    return 0;
}

bool kc_bag_is_own_file(const char *name)
{
    static const char *const own[] = {"mimetype", "bagit.txt", "bag-info.txt", "manifest-sha256.txt",
                                      "tagmanifest-sha256.txt", "dossier.json", "index.html", KC_REPORT_ENTRY,
                                      KC_REPORT_DOCX_ENTRY};
    kc_ltv_kind kind;
    unsigned char sha[32];
    for (size_t i = 0; i < G_N_ELEMENTS(own); i++)
        if (strcmp(name, own[i]) == 0)
            return true;
    /* The validation data (ltv_store.c): its index and the objects it names,
     * each checked by kc_ltv_check_folder.  Any other name under validation/
     * is a stray file like any other. */
    return strcmp(name, KC_LTV_INDEX) == 0 || kc_ltv_parse_blob_name(name, &kind, sha);
}
