/* report_docx.c: the commune's report as a Word document (.docx).
 *
 * docx.c turns the document into the report's text form; report.c parses
 * that as it parses a .txt report; the report keeps, for each line of the
 * text, the place in the document it came from, so lint and errors can say
 * "table 2, row 5" to someone who has only ever seen the Word file.  The same
 * text is what a dossier stores as report.txt beside the original .docx. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "docx.h"
#include "i18n.h"
#include "ooxml.h"
#include "report_internal.h"
#include "util.h"

int kc_report_parse_docx(kc_report **out, const char *path, kc_error *err)
{
    kc_docx_text t;
    int rc = kc_docx_to_text(&t, path, err);
    if (rc != 0)
        return rc;
    rc = kc_report_parse_text(out, t.text, t.len, path, t.places, t.nplaces, err);
    if (rc == 0) {
        /* The places move into the report. */
        (*out)->places = t.places;
        (*out)->nplaces = t.nplaces;
        t.places = NULL;
        t.nplaces = 0;
    }
    kc_docx_text_clear(&t);
    return rc;
}

int kc_report_read_text(char **text, size_t *len, bool *converted, const char *path, kc_error *err)
{
    *text = NULL;
    *converted = false;
    if (kc_ooxml_looks_zip(path) || kc_ooxml_looks_ole(path)) {
        kc_docx_text t;
        int rc = kc_docx_to_text(&t, path, err);
        if (rc != 0)
            return rc;
        *text = malloc(t.len + 1);
        if (*text) {
            memcpy(*text, t.text, t.len + 1);
            *len = t.len;
            *converted = true;
        }
        kc_docx_text_clear(&t);
        return *text ? 0 : kc_error_oom(err);
    }
    gchar *g = NULL;
    gsize n = 0;
    if (!g_file_get_contents(path, &g, &n, NULL))
        return kc_error_set(err, KC_EIO, _("%s: cannot be read"), path);
    *text = malloc(n + 1);
    if (*text) {
        memcpy(*text, g, n + 1);
        *len = n;
    }
    g_free(g);
    return *text ? 0 : kc_error_oom(err);
}

const char *kc_report_place(const kc_report *r, unsigned line)
{
    return r && line >= 1 && line <= r->nplaces ? r->places[line - 1] : NULL;
}
