/* dossier_open.c: a dossier read back for `list`: kc_dossier_open reads
 * dossier.json (no hashing: that is kc_dossier_check's, dossier_check.c), and
 * the commune's report stored in the dossier (the read-only accessors are
 * the model's, dossier_model.c).  The
 * archive goes through the same strict reader as everything else, and its
 * entries through the rules check applies to them (their names, modes,
 * kinds and dates: kc_check_archive_internal, dossier_entry.c), so `list`
 * (kc_dossier_open_listed) refuses what `check` refuses for its entries, with
 * the same exit status: before rtzip4 it listed a shortcut, a hidden .git/config, a file anyone
 * may rewrite or an empty folder named as a message as filed evidence. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "dossier_model.h"
#include "i18n.h"
#include "util.h"
#include "zipio.h"

/* ---- opening for list ---------------------------------------------------------- */

/* The entries judged as check judges them; the first problem refuses the
 * dossier, with the count of the others (check names each). */
static int vet_entries(kc_zr *zr, const char *path, const char *date, kc_error *err)
{
    kc_check *c = kc_check_new_internal();
    GHashTable *none = g_hash_table_new(g_str_hash, g_str_equal);
    int rc = 0;

    if (kc_check_archive_internal(c, zr, NULL))
        kc_check_entry_times(c, zr, date, none);
    size_t n = kc_check_problem_count(c);
    if (n) {
        const kc_problem *p = kc_check_problem(c, 0);
        char *more = n > 1 ? g_strdup_printf(ngettext("; %zu more problem: kiemchung check names it",
                                                      "; %zu more problems: kiemchung check names each", n - 1),
                                             n - 1)
                           : g_strdup("");
        rc = kc_error_set(err, KC_EFORMAT, _("%s: refused, as check refuses it: %s%s%s [%s]%s"), path, p->path,
                          *p->path ? ": " : "", p->message, p->code, more);
        g_free(more);
    }
    g_hash_table_destroy(none);
    kc_check_free(c);
    return rc;
}

static int open_dossier(kc_dossier **out, const char *path, bool listed, kc_error *err)
{
    kc_zr *zr = NULL;
    kc_dossier *d = NULL;
    char *json = NULL;
    size_t len = 0;
    int64_t at;
    int rc;

    if (!out || !path)
        return kc_error_set(err, KC_EINVAL, "%s", _("no dossier given"));
    if ((rc = kc_zr_open(&zr, path, err)) != 0 || (rc = kc_dm_new(&d, err)) != 0)
        goto out;
    if ((at = kc_zr_find(zr, "dossier.json")) < 0) {
        rc = kc_error_set(err, KC_EFORMAT, _("%s is not a kiemchung dossier (no dossier.json)"), path);
        goto out;
    }
    if ((rc = kc_zr_read_all(&json, &len, zr, (size_t)at, KC_TAG_MAX, err)) != 0 ||
        (rc = kc_dm_from_json(d, json, len, err)) != 0 ||
        (listed && (rc = vet_entries(zr, path, d->date, err)) != 0))
        goto out;
    if (!(d->archive = strdup(path))) {
        rc = kc_error_oom(err);
        goto out;
    }
    *out = d;
    d = NULL;
out:
    kc_dossier_free(d);
    kc_zr_free(zr);
    free(json);
    return rc;
}

int kc_dossier_open(kc_dossier **out, const char *path, kc_error *err)
{
    return open_dossier(out, path, false, err);
}

int kc_dossier_open_listed(kc_dossier **out, const char *path, kc_error *err)
{
    return open_dossier(out, path, true, err);
}

int kc_dossier_read_report(char **out, size_t *len, const kc_dossier *d, kc_error *err)
{
    kc_zr *zr = NULL;
    int64_t at;
    int rc;
    *out = NULL;
    if (!d || !d->archive)
        return kc_error_set(err, KC_EINVAL, "%s", _("no dossier given"));
    if ((rc = kc_zr_open(&zr, d->archive, err)) != 0)
        return rc;
    if ((at = kc_zr_find(zr, KC_REPORT_ENTRY)) >= 0)
        rc = kc_zr_read_all(out, len, zr, (size_t)at, KC_TAG_MAX, err);
    kc_zr_free(zr);
    return rc;
}
