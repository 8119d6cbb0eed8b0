/* verify_html.c: `kiemchung verify --html FILE`: one page a district officer
 * can read or print: how many documents are validly signed (with a bar), and
 * every document with its verdict, each signature's signer, role, signing time
 * and, when it does not count, why, in plain words. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "verify_html.h"

struct verify_html {
    GString *rows;
    size_t n, counts[5];
    bool accept_claimed_time; /* some verdict was shaped by --accept-claimed-time */
};

verify_html *verify_html_new(void)
{
    verify_html *h = calloc(1, sizeof *h);
    if (h)
        h->rows = g_string_new(NULL);
    return h;
}

void verify_html_free(verify_html *h)
{
    if (!h)
        return;
    g_string_free(h->rows, TRUE);
    free(h);
}

static void when(char *buf, size_t size, int64_t t)
{
    cli_time_text(buf, size, t, false); /* the user's zone, named */
    if (!t)
        snprintf(buf, size, "—");
}

/* Escapes and frees a string made with g_strdup_printf. */
static void esc_free(GString *g, char *s)
{
    kc_html_escape(g, s);
    g_free(s);
}

static void signature(GString *g, const kc_sig_info *s)
{
    g_string_append(g, "<li><b>");
    kc_html_escape(g, s->signer ? s->signer : _("unknown signer"));
    g_string_append(g, "</b>");
    if (s->title) {
        g_string_append(g, ", ");
        kc_html_escape(g, s->title);
    }
    g_string_append(g, " — ");
    kc_html_escape(g, cli_role_word(s->role));
    char time[40];
    when(time, sizeof time, s->signing_time);
    g_string_append(g, "<br><span class=\"muted\">");
    /* TRANSLATORS: %s is the signing time, "15/03/2021 15:10 (UTC+7)". */
    esc_free(g, g_strdup_printf(_("signed %s"), time));
    g_string_append(g, " (");
    kc_html_escape(g, cli_time_source_word(s->time_source));
    if (s->time_proof) {
        g_string_append(g, ": ");
        kc_html_escape(g, s->time_proof);
    }
    g_string_append(g, ")");
    if (s->issuer) {
        g_string_append(g, " · ");
        /* TRANSLATORS: %s is the certification authority that issued the signer's certificate. */
        esc_free(g, g_strdup_printf(_("issued by %s"), s->issuer));
    }
    g_string_append(g, "</span>");
    if (s->valid) {
        g_string_append(g, " <span class=\"badge valid\">✓</span>");
    } else if (s->indeterminate) {
        g_string_append(g, " <span class=\"badge indeterminate\">?</span><br><span class=\"reason\">");
        kc_html_escape(g, s->detail ? s->detail : kc_reason_text(KC_R_NO_PROOF_OF_TIME));
        g_string_append(g, "</span>");
    } else {
        for (unsigned b = 0; b < KC_R_COUNT; b++)
            if (s->reasons & (1u << b)) {
                g_string_append(g, "<br><span class=\"reason\">✗ ");
                kc_html_escape(g, kc_reason_text(1u << b));
                g_string_append(g, "</span>");
            }
    }
    g_string_append(g, "</li>");
}

void verify_html_add(verify_html *h, const kc_verdict *v)
{
    GString *g = h->rows;
    const char *status = kc_status_name(kc_verdict_status(v));
    char *base = g_path_get_basename(kc_verdict_path(v));
    h->n++;
    h->counts[kc_verdict_status(v)]++;
    h->accept_claimed_time |= kc_verdict_accepts_claimed_time(v);
    g_string_append_printf(g, "<tr><td class=\"num\">%zu</td><td><b>", h->n);
    kc_html_escape(g, base);
    g_string_append(g, "</b><br><span class=\"muted\">");
    kc_html_escape(g, kc_verdict_path(v));
    g_string_append_printf(g, "</span></td><td><span class=\"badge %s\">", html_status_class(status));
    kc_html_escape(g, cli_status_word(status));
    g_string_append(g, "</span>");
    /* Beside the verdict: the signature stays as it is, the document may not look the same everywhere. */
    if (kc_verdict_note_count(v)) {
        g_string_append(g, "<ul class=\"warnings\">");
        for (size_t i = 0; i < kc_verdict_note_count(v); i++) {
            g_string_append(g, "<li>");
            esc_free(g, g_strdup_printf("%s: %s", _("this document may look different in another viewer"),
                                        kc_verdict_note(v, i)->message));
            g_string_append(g, "</li>");
        }
        g_string_append(g, "</ul>");
    }
    g_string_append(g, "</td><td>");
    if (kc_verdict_error(v)) {
        g_string_append(g, "<span class=\"reason\">");
        kc_html_escape(g, kc_verdict_error(v));
        g_string_append(g, "</span>");
    }
    if (kc_verdict_count(v)) {
        g_string_append(g, "<ol>");
        for (size_t i = 0; i < kc_verdict_count(v); i++)
            signature(g, kc_verdict_sig(v, i));
        g_string_append(g, "</ol>");
    } else if (kc_verdict_status(v) == KC_STATUS_UNSIGNED) {
        kc_html_escape(g, _("no signature"));
    }
    for (size_t i = 0; i < kc_verdict_timestamp_count(v); i++) {
        const kc_timestamp_info *t = kc_verdict_timestamp(v, i);
        char at[40];
        when(at, sizeof at, t->gen_time);
        g_string_append(g, "<br><span class=\"muted\">");
        /* TRANSLATORS: %s is the time of a document timestamp; it proves when the document existed. */
        esc_free(g, g_strdup_printf(_("document timestamp %s"), at));
        if (t->tsa) {
            g_string_append(g, " · ");
            kc_html_escape(g, t->tsa);
        }
        g_string_append(g, "</span>");
        g_string_append(g, t->valid ? " <span class=\"badge valid\">✓</span>" : " <span class=\"badge invalid\">✗</span>");
        if (t->detail) {
            g_string_append(g, "<br><span class=\"reason\">");
            kc_html_escape(g, t->detail);
            g_string_append(g, "</span>");
        }
    }
    g_string_append(g, "</td></tr>\n");
    g_free(base);
}

static void count_row(FILE *f, const char *label, const char *cls, size_t n)
{
    fprintf(f, "<tr><td><span class=\"badge %s\">", cls);
    kc_html_escape_to(f, label);
    fprintf(f, "</span></td><td class=\"num\">%zu</td></tr>\n", n);
}

int verify_html_write(const verify_html *h, FILE *f)
{
    html_begin(f, _("Digital signatures on outgoing documents"));
    fputs("<h2>", f);
    kc_html_escape_to(f, _("Summary"));
    fputs("</h2>\n<p>", f);
    kc_html_escape_to(f, _("Documents validly signed:"));
    fputc(' ', f);
    html_bar(f, (kc_ratio){h->counts[KC_STATUS_VALID], h->n});
    fputs("</p>\n<table class=\"counts\" style=\"width:auto\"><thead><tr><th>", f);
    kc_html_escape_to(f, _("Verdict"));
    fputs("</th><th class=\"num\">", f);
    kc_html_escape_to(f, _("Documents"));
    fputs("</th></tr></thead><tbody>\n", f);
    count_row(f, cli_status_word("valid"), "valid", h->counts[KC_STATUS_VALID]);
    count_row(f, cli_status_word("indeterminate"), "indeterminate", h->counts[KC_STATUS_INDETERMINATE]);
    count_row(f, cli_status_word("invalid"), "invalid", h->counts[KC_STATUS_INVALID]);
    count_row(f, cli_status_word("unsigned"), "unsigned", h->counts[KC_STATUS_UNSIGNED]);
    count_row(f, cli_status_word("error"), "error", h->counts[KC_STATUS_ERROR]);
    fputs("</tbody></table>\n", f);
    if (h->counts[KC_STATUS_INDETERMINATE]) {
        fputs("<p>", f);
        kc_html_escape_to(f, _("Indeterminate: the certificate expired or was revoked after signing, and no timestamp proves the signature is older; it does not count as signed."));
        fputs("</p>\n", f);
    }
    if (h->accept_claimed_time) {
        html_p(f, "reason", _("--accept-claimed-time: a signature without a timestamp was checked at the time its signer claims, which an expired or revoked certificate can back-date."));
    }
    fputs("<h2>", f);
    kc_html_escape_to(f, _("Documents"));
    fputs("</h2>\n<table class=\"documents\"><thead><tr><th class=\"num\">#</th><th>", f);
    kc_html_escape_to(f, _("Document"));
    fputs("</th><th>", f);
    kc_html_escape_to(f, _("Verdict"));
    fputs("</th><th>", f);
    kc_html_escape_to(f, _("Signatures: signer, role, time, and why one does not count"));
    fputs("</th></tr></thead>\n<tbody>\n", f);
    fwrite(h->rows->str, 1, h->rows->len, f);
    fputs("</tbody></table>\n", f);
    html_end(f);
    return ferror(f) ? -1 : 0;
}
