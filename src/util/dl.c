/* dl.c: a library loaded when it is first needed (see util.h).
 *
 * Each library named here is one that a few commands need and every command
 * would load at start-up if it were linked: poppler-glib and the forty
 * libraries behind it (text of a document), libxml2 with ICU (workbooks,
 * Word reports), libsoup and fifteen more (--online, timestamps).  The
 * caller keeps a table of function pointers and calls through it. */
#include <dlfcn.h>
#include <glib.h>

#include "util.h"

bool kc_dl_load(const char *const *sonames, const kc_dl_sym *syms, size_t n_syms, char *why, size_t why_len)
{
    void *h = NULL;
    const char *soname = NULL;
    for (size_t i = 0; !h && sonames[i]; i++) {
        soname = sonames[i];
        h = dlopen(soname, RTLD_LAZY | RTLD_LOCAL);
    }
    if (!h) {
        const char *e = dlerror();
        g_strlcpy(why, e ? e : "cannot be loaded", why_len);
        return false;
    }
    for (size_t i = 0; i < n_syms; i++) {
        /* POSIX's way to turn dlsym's object pointer into a function pointer. */
        if (!(*syms[i].fn = dlsym(h, syms[i].name))) {
            g_snprintf(why, why_len, "%s: %s is missing", soname, syms[i].name);
            return false; /* the handle stays: other tables may hold it */
        }
    }
    return true;
}
