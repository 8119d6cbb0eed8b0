/* error.c: the kc_error convention (see kiemchung/error.h), the one
 * out-of-memory message, and the version string. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kc_config.h"
#include "kiemchung/kiemchung.h"
#include "i18n.h"
#include "util.h"

int kc_error_set(kc_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        err->code = code;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return code;
}

void kc_error_clear(kc_error *err)
{
    if (err) {
        err->code = 0;
        err->message[0] = '\0';
    }
}

const char *kc_oom_message(void)
{
    return _("out of memory");
}

int kc_error_oom(kc_error *err)
{
    return kc_error_set(err, KC_ENOMEM, "%s", kc_oom_message());
}

const char *kc_version(void)
{
    return KC_VERSION;
}
