/* epoch.c: times.  SOURCE_DATE_EPOCH (reproducible-builds.org), the time that
 * makes outputs reproducible: a dossier's entry times and date, a seal's
 * signing time, the "made on" line of the HTML pages; and the one way a time
 * is written into JSON (dossier.json, verify --json, the validation data). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "i18n.h"
#include "util.h"

int kc_source_date_epoch(int64_t *out, kc_error *err)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    char *end = NULL;
    long long v;

    *out = -1;
    if (!sde || !*sde)
        return 0;
    errno = 0;
    v = strtoll(sde, &end, 10);
    if (errno || !end || *end || v < 0)
        return kc_error_set(err, KC_EINVAL, _("SOURCE_DATE_EPOCH=\"%s\" is not a number of seconds"), sde);
    *out = v;
    return 0;
}

const char *kc_time_iso(char buf[32], int64_t t)
{
    GDateTime *dt = g_date_time_new_from_unix_utc(t);
    char *iso = dt ? g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
    if (iso)
        g_strlcpy(buf, iso, 32);
    g_free(iso);
    if (dt)
        g_date_time_unref(dt);
    return iso ? buf : NULL;
}
