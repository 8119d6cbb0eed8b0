/* util/i18n.h: gettext for the library's user-visible strings (domain "kiemchung"). */
#ifndef KC_I18N_H
#define KC_I18N_H

#include <glib.h>
#include <libintl.h>

#define KC_TEXTDOMAIN "kiemchung"
#define _(s) dgettext(KC_TEXTDOMAIN, s)
#define N_(s) (s)
/* a message whose English alone is ambiguous ("."), told apart by its context */
#define C_(ctx, s) g_dpgettext2(KC_TEXTDOMAIN, ctx, s)

#endif
