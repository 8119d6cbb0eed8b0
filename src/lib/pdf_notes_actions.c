/* pdf_notes_actions.c: the actions a viewer runs by itself that the verdict's
 * notes are about (with pdf_notes.c): scripts, and the form actions that are
 * no scripts (/ResetForm, /Hide) that PDFium runs when the document or a page
 * opens, when it prints, or when a page is left.  Split from pdf_notes.c
 * (past 800 lines) when rtform19 added the print and page-close ones. */
#include <glib.h>

#include "pdf.h"
#include "pdf_notes_internal.h"

/* What an action dictionary does that a note is about (one_script, one_form_action). */
typedef bool (*action_test)(kc_pdf_noter *nr, kc_pdf_obj *action);

/* Whether the action o, or one it chains to with /Next (a dictionary or an
 * array of them), passes test.  *budget bounds the actions looked at (/Next
 * may loop). */
static bool chain_any(kc_pdf_noter *nr, kc_pdf_obj *o, int *budget, action_test test)
{
    o = kc_pdf_resolve(nr->doc, nr->rev, o);
    if (!o || (*budget)-- <= 0)
        return false;
    if (o->type == KC_PDF_ARRAY) {
        for (size_t i = 0; i < o->u.arr.n; i++)
            if (chain_any(nr, o->u.arr.items[i], budget, test))
                return true;
        return false;
    }
    if (o->type != KC_PDF_DICT)
        return false;
    return test(nr, o) || chain_any(nr, kc_pdf_dict_get(o, "Next"), budget, test);
}

/* A script that is not one of Acrobat's built-in formats of the field's own value. */
static bool one_script(kc_pdf_noter *nr, kc_pdf_obj *action)
{
    kc_pdf_obj *js = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(action, "JS"));
    return js && !kc_pdf_builtin_format(js);
}

bool kc_noter_action_scripts(kc_pdf_noter *nr, kc_pdf_obj *o)
{
    int budget = MAX_ACTIONS;
    return chain_any(nr, o, &budget, one_script);
}

/* Whether the action changes what the form shows without a script:
 * /ResetForm (the fields' defaults, /DV, or nothing) or /Hide (annotations
 * hidden or shown).  PDFium (Chrome, Edge) runs such an action when it is the
 * document's /OpenAction or a page's open action, as it runs any action
 * that is no script there (CPDFSDK_ActionHandler::DoAction_NoJs); poppler,
 * MuPDF and pdf.js do not.  rtform18: a text field whose /V and appearance
 * say 10.000.000, its /DV 90.000.000, the catalog's /OpenAction a
 * /ResetForm: Chromium showed 90.000.000, valid with no note. */
static bool one_form_action(kc_pdf_noter *nr, kc_pdf_obj *action)
{
    kc_pdf_obj *st = kc_pdf_resolve(nr->doc, nr->rev, kc_pdf_dict_get(action, "S"));
    return kc_pdf_is_name(st, "ResetForm") || kc_pdf_is_name(st, "Hide");
}

/* Whether the open action of additional actions aa (a page's /O) or the
 * action o changes what the form shows (one_form_action). */
bool kc_noter_opens_form_action(kc_pdf_noter *nr, kc_pdf_obj *o, kc_pdf_obj *aa)
{
    int budget = MAX_ACTIONS;
    aa = kc_pdf_resolve(nr->doc, nr->rev, aa);
    if (aa && aa->type == KC_PDF_DICT && chain_any(nr, kc_pdf_dict_get(aa, "O"), &budget, one_form_action))
        return true;
    budget = MAX_ACTIONS;
    return chain_any(nr, o, &budget, one_form_action);
}

/* Whether an additional-actions dictionary (/AA) holds a script. */
bool kc_noter_aa_scripts(kc_pdf_noter *nr, kc_pdf_obj *aa)
{
    aa = kc_pdf_resolve(nr->doc, nr->rev, aa);
    if (!aa || aa->type != KC_PDF_DICT)
        return false;
    for (size_t i = 0; i < aa->u.dict.n && i < MAX_ACTIONS; i++)
        if (kc_noter_action_scripts(nr, aa->u.dict.vals[i]))
            return true;
    return false;
}

/* Whether additional actions aa (a catalog's or a page's /AA) hold, under
 * one of the keys PDFium runs by itself after opening, an action that
 * changes what the form shows (one_form_action): the catalog's /WP and /DP,
 * which Chromium's viewer runs before and after printing
 * (PDFiumEngine::PrintBegin, PrintEnd: FORM_DoDocumentAAction), and a page's
 * /C, which it runs when that page stops being the one most shown, as the
 * reader scrolls on (PDFiumEngine::SetCurrentPage: FORM_DoPageAAction).
 * rtform19: a text field whose /V and appearance say 10.000.000, its /DV
 * 90.000.000, the catalog's /AA /WP a /ResetForm: Chrome prints 90.000.000
 * and shows it from then on, valid with no note. */
bool kc_noter_later_form_action(kc_pdf_noter *nr, kc_pdf_obj *aa, bool page)
{
    static const char *const doc_keys[] = {"WP", "DP"}, *const page_keys[] = {"C"};
    const char *const *keys = page ? page_keys : doc_keys;
    size_t n = page ? G_N_ELEMENTS(page_keys) : G_N_ELEMENTS(doc_keys);
    aa = kc_pdf_resolve(nr->doc, nr->rev, aa);
    if (!aa || aa->type != KC_PDF_DICT)
        return false;
    for (size_t i = 0; i < n; i++) {
        int budget = MAX_ACTIONS;
        if (chain_any(nr, kc_pdf_dict_get(aa, keys[i]), &budget, one_form_action))
            return true;
    }
    return false;
}
