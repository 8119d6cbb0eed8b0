/* json_lib.c: json-glib's functions, found in the library on first use
 * (see json_lib.h for why it is not linked). */
#include <stdio.h>
#include <unistd.h>

#define KC_JSON_LIB_TABLE
#include "json_lib.h"
#include "kc_config.h"
#include "util.h"

static kc_json_table table;

static void load_or_stop(void)
{
    static const char *const sonames[] = {KC_JSON_GLIB_SONAME, NULL};
#define KC_JSON_SYM(f) {(void **)&table.f, #f},
    const kc_dl_sym syms[] = {KC_JSON_FUNCTIONS(KC_JSON_SYM)};
#undef KC_JSON_SYM
    char why[256];
    if (!kc_dl_load(sonames, syms, G_N_ELEMENTS(syms), why, sizeof why)) {
        /* What the dynamic loader says and does when a linked library is
         * missing: a broken installation, not an input error. */
        fprintf(stderr, "kiemchung: error while loading shared libraries: %s\n", why);
        fflush(stderr);
        _exit(127);
    }
}

const kc_json_table *kc_json_lib(void)
{
    static gsize loaded;
    if (g_once_init_enter(&loaded)) {
        load_or_stop();
        g_once_init_leave(&loaded, 1);
    }
    return &table;
}
