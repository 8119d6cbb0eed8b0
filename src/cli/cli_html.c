/* cli_html.c: the pieces of the HTML reports (verify --html, index --html,
 * list --html): one self-contained page with its CSS inline, no scripts and
 * nothing fetched (a Content-Security-Policy forbids it), that opens offline in
 * any browser and prints on A4; and every output file written whole, through
 * the one atomic writer (util/atomic.c).  Also the words for status codes, roles and reasons that
 * the text and HTML outputs share. */
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

int cli_output_open(const char *cmd, cli_output *o, const char *path)
{
    kc_error err = {0};
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->f = stdout;
        return 0;
    }
    /* Escaped as standard output is: `cat report.txt` shows what it shows. */
    if (kc_atomic_open(&o->a, path, &err) != 0 || !kc_atomic_stream(o->a) ||
        !(o->f = cli_term_file(kc_atomic_stream(o->a)))) {
        cli_error(cmd, "%s", err.code ? err.message : kc_oom_message());
        kc_atomic_free(o->a);
        o->a = NULL;
        return -1;
    }
    return 0;
}

int cli_output_close(const char *cmd, cli_output *o, bool keep)
{
    kc_error err = {0};
    int rc = 0;
    if (!o->f)
        return 0;
    if (o->f == stdout) {
        rc = fflush(stdout) == 0 ? 0 : -1;
    } else if (fclose(o->f) != 0) { /* the escaping stream, into the atomic file's */
        if (keep)
            cli_error(cmd, "%s", g_strerror(errno));
        rc = -1;
    } else if (keep && kc_atomic_commit(o->a, true, &err) != 0) {
        cli_error(cmd, "%s", err.message);
        rc = -1;
    }
    kc_atomic_free(o->a); /* without a commit, nothing is left behind */
    memset(o, 0, sizeof *o);
    return rc;
}

void html_begin(FILE *f, const char *title)
{
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", cli_lang_code());
    /* Nothing may be fetched: the report must read the same offline and in an archive. */
    fputs("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'\">\n",
          f);
    fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n", f);
    fprintf(f, "<meta name=\"generator\" content=\"kiemchung %s\">\n<title>", kc_version());
    kc_html_escape_to(f, title);
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", kc_html_stylesheet);
    kc_html_escape_to(f, title);
    fputs("</h1>\n", f);

    /* SOURCE_DATE_EPOCH makes the page reproducible (a malformed one is ignored here). */
    int64_t sde = -1;
    time_t now = kc_source_date_epoch(&sde, NULL) == 0 && sde >= 0 ? (time_t)sde : time(NULL);
    char when[64];
    cli_time_text(when, sizeof when, (int64_t)now, false);
    fputs("<p class=\"meta\">", f);
    kc_html_escape_to(f, _("Made with kiemchung"));
    fprintf(f, " %s · ", kc_version());
    kc_html_escape_to(f, when);
    fputs("</p>\n", f);
}

void html_end(FILE *f)
{
    fputs("<footer>", f);
    kc_html_escape_to(f, _("A signature counts only when it is intact, its certificate chains to a trusted "
                   "authority at the signing time, and nothing but signing was added to the document "
                   "after it."));
    fputs("</footer>\n</body>\n</html>\n", f);
}

void html_p(FILE *f, const char *cls, const char *text)
{
    if (cls)
        fprintf(f, "<p class=\"%s\">", cls);
    else
        fputs("<p>", f);
    kc_html_escape_to(f, text);
    fputs("</p>\n", f);
}

void html_bar(FILE *f, kc_ratio r)
{
    char text[16];
    int t = kc_ratio_tenths(r);
    const char *level = t < 0 ? "" : t >= 1000 ? "" : t >= 800 ? " mid" : " low";
    fprintf(f, "<span class=\"ratio\"><span class=\"bar%s\" role=\"img\" aria-label=\"%s\">"
               "<span style=\"width:%d.%d%%\"></span></span>%zu/%zu (",
            level, kc_ratio_format_local(r, text, sizeof text), t < 0 ? 0 : t / 10, t < 0 ? 0 : t % 10, r.numerator,
            r.denominator);
    kc_html_escape_to(f, kc_ratio_format_local(r, text, sizeof text));
    fputs(")</span>", f);
}

const char *html_status_class(const char *status)
{
    static const char *const known[] = {"valid", "invalid", "unsigned", "error", "missing", "indeterminate"};
    if (status && strcmp(status, "other-agency") == 0)
        return "invalid"; /* valid, but not the commune's: it does not count */
    if (status && (strcmp(status, "same-document") == 0 || strcmp(status, "other-document") == 0 ||
                   strcmp(status, "outside-year") == 0))
        return "missing"; /* the row's own document was not handed in (or is not of the year) */
    for (size_t i = 0; i < G_N_ELEMENTS(known); i++)
        if (status && strcmp(status, known[i]) == 0)
            return known[i];
    return "error";
}

const char *cli_status_word(const char *status)
{
    if (!status)
        return "?";
    if (strcmp(status, "valid") == 0)
        return _("valid");
    if (strcmp(status, "invalid") == 0)
        return _("not valid");
    if (strcmp(status, "unsigned") == 0)
        return _("unsigned");
    if (strcmp(status, "error") == 0)
        return _("unreadable");
    if (strcmp(status, "missing") == 0)
        return _("file missing");
    if (strcmp(status, "indeterminate") == 0)
        /* TRANSLATORS: a signature that lacks only a proof of when it was made. */
        return _("indeterminate");
    if (strcmp(status, "other-agency") == 0)
        /* TRANSLATORS: validly signed, but with another commune's or the district's certificate. */
        return _("another agency");
    if (strcmp(status, "same-document") == 0)
        /* TRANSLATORS: the row's file is the document of another row of the register. */
        return _("another row's file");
    if (strcmp(status, "other-document") == 0)
        /* TRANSLATORS: the row's file is a document with another number or year. */
        return _("another document");
    if (strcmp(status, "outside-year") == 0)
        /* TRANSLATORS: the row is dated in another year than the dossier's. */
        return _("outside the year");
    return status;
}

const char *cli_time_source_word(kc_time_source src)
{
    switch (src) {
    case KC_TIME_TIMESTAMP: return _("proven by a timestamp");
    case KC_TIME_DOC_TIMESTAMP: return _("proven by a document timestamp");
    case KC_TIME_EXTERNAL: return _("proven outside the document");
    case KC_TIME_CLAIMED: return _("claimed by the signer");
    case KC_TIME_OVERRIDE: return _("given with --at");
    case KC_TIME_NOW: return _("the current time");
    }
    return "?";
}

const char *cli_role_word(kc_role role)
{
    switch (role) {
    case KC_ROLE_LEADER: return _("leader");
    case KC_ROLE_ORG: return _("organisation");
    case KC_ROLE_PERSON: return _("person");
    }
    return "?";
}

const char *cli_reason_text(const char *code)
{
    for (unsigned b = 0; code && b < KC_R_COUNT; b++)
        if (strcmp(code, kc_reason_code(1u << b)) == 0)
            return kc_reason_text(1u << b);
    /* The review's codes (kiemchung/review.h) for a document of a dossier. */
    if (code && strcmp(code, "signed-by-another-agency") == 0)
        return _("signed only with the certificate of another agency, which does not count for this commune");
    if (code && strcmp(code, "missing") == 0)
        return _("the file is not in the dossier");
    if (code && strcmp(code, "same-document") == 0)
        /* TRANSLATORS: the register names for this row the file of another row. */
        return _("the file is another row's document, which counts once");
    if (code && strcmp(code, "other-document") == 0)
        /* TRANSLATORS: the PDF's own "Số:" line or date is not the register row's. */
        return _("the file is another document: its text gives another number or year");
    if (code && strcmp(code, "outside-year") == 0)
        return _("dated outside the year under review: not counted");
    return NULL;
}
