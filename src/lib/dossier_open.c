/* dossier_open.c: a dossier read back for `list`: kc_dossier_open reads
 * dossier.json (no hashing: that is kc_dossier_check's, dossier_check.c), and
 * the commune's report stored in the dossier (the read-only accessors are
 * the model's, dossier_model.c).  The
 * archive goes through the same strict reader as everything else, so `list`
 * refuses what `check` refuses, with the same exit status. */
#include <stdlib.h>
#include <string.h>

#include "dossier_model.h"
#include "i18n.h"
#include "util.h"
#include "zipio.h"

/* ---- opening for list ---------------------------------------------------------- */

int kc_dossier_open(kc_dossier **out, const char *path, kc_error *err)
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
        (rc = kc_dm_from_json(d, json, len, err)) != 0)
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
