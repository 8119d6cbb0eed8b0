/* cli_revalidate.c: what `check --signatures` and `verify DOSSIER.zip` say
 * about the signatures inside a dossier: at which time they were checked and
 * what proves it (the dossier's timestamped seal, or nothing), what
 * validation data the dossier brought, and one line per signed document. */
#include <fcntl.h>
#include <glib.h>
#include "json_lib.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

bool cli_is_dossier(const char *path)
{
    static const char asic[] = "mimetypeapplication/vnd.etsi.asic-e+zip";
    unsigned char head[30 + sizeof asic];
    struct stat st;
    size_t n = strlen(path);
    ssize_t got = 0;
    /* O_NONBLOCK and a regular file only: a FIFO named x.zip must not hang verify. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
        (got = pread(fd, head, sizeof head - 1, 0)) < 4 || memcmp(head, "PK\3\4", 4) != 0) {
        if (fd >= 0)
            close(fd);
        return false;
    }
    close(fd);
    /* An ASiC container ("mimetype" first, our type), or a zip its user calls
     * one; a .docx or .odt with a .p7s beside it is a signed document. */
    return (n > 4 && g_ascii_strcasecmp(path + n - 4, ".zip") == 0) ||
           (got == (ssize_t)sizeof head - 1 && memcmp(head + 30, asic, sizeof asic - 1) == 0);
}

static bool signed_doc(const kc_dossier_sigs *s, size_t i)
{
    kc_status st = kc_verdict_status(kc_dossier_sigs_verdict(s, i));
    return kc_dossier_sigs_has_record(s, i) || (st != KC_STATUS_UNSIGNED && st != KC_STATUS_ERROR);
}

void cli_print_dossier_sigs(FILE *out, const kc_dossier_sigs *s, bool verbose)
{
    const char *source = NULL;
    int64_t poe = kc_dossier_sigs_poe(s, &source);
    size_t certs, crls, ocsp, counts[5] = {0}, n = 0;
    char when[48]; /* in the user's zone, named */

    kc_dossier_sigs_material(s, &certs, &crls, &ocsp);
    cli_time_text(when, sizeof when, poe, true);
    if (poe)
        fprintf(out, _("  signatures checked at %s, %s\n"), when, source);
    else
        fprintf(out, "%s", _("  signatures checked now: nothing proves when the documents existed (the seal is missing, "
                             "not valid or not timestamped)\n"));
    fprintf(out, _("  validation data in the dossier: certificates %zu, CRLs %zu, OCSP responses %zu\n"), certs, crls,
            ocsp);
    for (size_t i = 0; i < kc_dossier_sigs_count(s); i++) {
        const kc_verdict *v = kc_dossier_sigs_verdict(s, i);
        kc_status st = kc_verdict_status(v);
        if (!signed_doc(s, i))
            continue;
        n++;
        counts[st]++;
        fprintf(out, "    %s %s: %s", st == KC_STATUS_VALID ? "✓" : "✗", kc_verdict_path(v),
                cli_status_word(kc_status_name(st)));
        for (size_t k = 0; k < kc_verdict_count(v); k++) {
            const kc_sig_info *sig = kc_verdict_sig(v, k);
            fprintf(out, "%s %s (%s%s)", k ? ";" : " —", sig->signer ? sig->signer : _("unknown signer"),
                    cli_role_word(sig->role),
                    sig->valid ? "" : sig->indeterminate ? _(", indeterminate") : _(", not valid"));
        }
        fputc('\n', out);
        if (kc_dossier_sigs_has_record(s, i) && kc_dossier_sigs_recorded(s, i) != st)
            fprintf(out, _("      when it went into the dossier: %s\n"),
                    cli_status_word(kc_status_name(kc_dossier_sigs_recorded(s, i))));
        else if (!kc_dossier_sigs_has_record(s, i))
            fprintf(out, "%s", _("      the dossier holds no validation data for it\n"));
        for (size_t k = 0; verbose && k < kc_verdict_count(v); k++) {
            const kc_sig_info *sig = kc_verdict_sig(v, k);
            cli_time_text(when, sizeof when, sig->checked_at, true);
            fprintf(out, _("      %s: certificates checked at %s (%s)\n"), sig->signer ? sig->signer : "?", when,
                    cli_time_source_word(sig->time_source));
        }
    }
    fprintf(out,
            ngettext("  %zu signed document: %zu valid, %zu indeterminate, %zu not valid\n",
                     "  %zu signed documents: %zu valid, %zu indeterminate, %zu not valid\n", n),
            n, counts[KC_STATUS_VALID], counts[KC_STATUS_INDETERMINATE],
            n - counts[KC_STATUS_VALID] - counts[KC_STATUS_INDETERMINATE]);
}

void cli_dossier_sigs_json(JsonBuilder *b, const kc_dossier_sigs *s)
{
    const char *source = NULL;
    int64_t poe = kc_dossier_sigs_poe(s, &source);
    size_t certs, crls, ocsp;

    kc_dossier_sigs_material(s, &certs, &crls, &ocsp);
    json_builder_set_member_name(b, "signatures");
    json_builder_begin_object(b);
    kc_json_add_time(b, "poe", poe);
    kc_json_add_str(b, "poe_source", poe ? (source ? source : "") : NULL);
    json_builder_set_member_name(b, "material");
    json_builder_begin_object(b);
    kc_json_add_int(b, "certificates", (int64_t)certs);
    kc_json_add_int(b, "crls", (int64_t)crls);
    kc_json_add_int(b, "ocsp", (int64_t)ocsp);
    json_builder_end_object(b);
    json_builder_set_member_name(b, "documents");
    json_builder_begin_array(b);
    for (size_t i = 0; i < kc_dossier_sigs_count(s); i++) {
        if (!signed_doc(s, i))
            continue;
        char *v = kc_verdict_to_json(kc_dossier_sigs_verdict(s, i));
        json_builder_begin_object(b);
        kc_json_add_str(b, "recorded", kc_dossier_sigs_has_record(s, i)
                                           ? kc_status_name(kc_dossier_sigs_recorded(s, i)) : NULL);
        kc_json_add_json(b, "verdict", v);
        json_builder_end_object(b);
        free(v);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
}
