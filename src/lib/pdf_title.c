/* pdf_title.c: the title viewers show, kept by a metadata rewrite (rule 4).
 *
 * Signers rewrite the document information and the XMP metadata after
 * signing (Adobe Reader its dates and producer), and rule 4 lets them.  The
 * title is another matter: Evince shows /Info /Title in its title bar,
 * Firefox's pdf.js the XMP dc:title (first) in its tab, every viewer both in
 * the document's properties; a rewrite saying "Hợp đồng … 90.000.000 đồng"
 * made the chairman sign another document there.  So the title may not be
 * added or changed after signing (only dropped, and the XMP title only where
 * the /Info /Title pdf.js then shows says the same). */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pdf_cover.h"
#include "pdf_doc.h"

/* The title viewers show in their title bar, their tab (pdf.js takes the
 * XMP dc:title first) and the document's properties: what rev's /Info says,
 * and every dc:title element of the catalog's XMP as written ("?" when that
 * stream cannot be read).  Signers rewrite the metadata's dates and producer,
 * never the title. */
#define MAX_XMP ((size_t)4 << 20)
static kc_pdf_obj *info_title(kc_cover *c, size_t rev)
{
    kc_pdf_obj *info = kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(kc_pdf_trailer(c->doc, rev), "Info"));
    return info && info->type == KC_PDF_DICT ? kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(info, "Title")) : NULL;
}

static kc_pdf_obj *xmp_stream(kc_cover *c, size_t rev)
{
    kc_pdf_obj *root = kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(kc_pdf_trailer(c->doc, rev), "Root"));
    return root && root->type == KC_PDF_DICT ? kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(root, "Metadata"))
                                             : NULL;
}

/* The elements open at `to`, read from *scan on (which moves on), as pdf.js's
 * XML parser opens and closes them: comments, CDATA sections, processing
 * instructions and declarations hold no element; a tag's quoted values may
 * hold '>'.  Names lowercased, as pdf.js compares them. */
#define MAX_DEPTH 64
static void open_elements(const char **scan, const char *to, const char *end, GPtrArray *stack)
{
    const char *q = *scan;
    while (q < to && (q = memchr(q, '<', (size_t)(to - q))) != NULL) {
        const char *close = NULL;
        if (end - q >= 4 && memcmp(q, "<!--", 4) == 0)
            close = g_strstr_len(q + 4, end - q - 4, "-->");
        else if (end - q >= 9 && memcmp(q, "<![CDATA[", 9) == 0)
            close = g_strstr_len(q + 9, end - q - 9, "]]>");
        else if (end - q >= 2 && (q[1] == '?' || q[1] == '!'))
            close = memchr(q, '>', (size_t)(end - q));
        if (close || (end - q >= 2 && (q[1] == '?' || q[1] == '!'))) {
            q = close ? close + 1 : end;
            continue;
        }
        bool ending = end - q >= 2 && q[1] == '/';
        const char *n = q + 1 + ending, *ne = n;
        while (ne < end && !g_ascii_isspace(*ne) && *ne != '/' && *ne != '>')
            ne++;
        char quote = 0;
        for (q = ne; q < end && (quote || *q != '>'); q++)
            if (quote ? *q == quote : (*q == '"' || *q == '\''))
                quote = quote ? 0 : *q;
        bool empty = q > ne && q[-1] == '/';
        if (ending && stack->len)
            g_ptr_array_set_size(stack, stack->len - 1);
        else if (!ending && !empty && stack->len < MAX_DEPTH)
            g_ptr_array_add(stack, g_ascii_strdown(n, ne - n));
        else if (!ending && !empty)
            g_ptr_array_add(stack, g_strdup("?"));
        if (q < end)
            q++;
    }
    *scan = q && q > *scan ? q : to;
}

static char *xmp_title(kc_cover *c, size_t rev)
{
    kc_pdf_obj *xmp = xmp_stream(c, rev);
    unsigned char *data = NULL;
    size_t len = 0;
    if (!xmp || xmp->type != KC_PDF_STREAM)
        return NULL;
    /* pdf.js reads the XMP only from a stream saying /Type /Metadata
     * /Subtype /XML, in UTF-8 (below): a signed XMP without them showed no
     * title in Firefox's tab (the /Info one instead), and the same XMP saved
     * again with them showed its "…: 90.000.000 đồng".  Such a stream has no
     * title that is shown, so a title it gains later is a title added. */
    if (!kc_pdf_is_name(kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(xmp, "Type")), "Metadata") ||
        !kc_pdf_is_name(kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(xmp, "Subtype")), "XML"))
        return NULL;
    /* An encrypted document's XMP is encrypted too (unless its /V 4 or 5
     * dictionary says /EncryptMetadata false), and kiemchung does not
     * decrypt: pdf.js does, and a new stream encrypted with the document's
     * key put "Hợp đồng … 90.000.000 đồng" in Firefox's tab.  Its title is
     * then the stream's bytes as written: saved again unchanged it is kept,
     * otherwise it is said to be changed. */
    kc_pdf_obj *enc = kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(kc_pdf_trailer(c->doc, rev), "Encrypt"));
    kc_pdf_obj *em = enc && enc->type == KC_PDF_DICT ? kc_pdf_dict_get(enc, "EncryptMetadata") : NULL;
    if (enc && !(em && em->type == KC_PDF_BOOL && !em->u.b)) {
        if (xmp->stream_len > MAX_XMP)
            return g_strdup("?");
        data = malloc(xmp->stream_len ? xmp->stream_len : 1);
        if (!data || kc_pdf_pread(kc_pdf_source(c->doc), data, xmp->stream_len, xmp->stream_off) !=
                         (ssize_t)xmp->stream_len) {
            free(data);
            return g_strdup("?");
        }
        char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, xmp->stream_len);
        char *t = g_strconcat("encrypted ", sum, NULL);
        g_free(sum);
        free(data);
        return t;
    }
    if (kc_pdf_stream_decode(kc_pdf_source(c->doc), xmp, MAX_XMP, &data, &len, NULL) != 0)
        return g_strdup("?");
    if (!g_utf8_validate((const char *)data, (gssize)len, NULL)) {
        free(data);
        return NULL;
    }
    /* Every dc:title element's text without its markup and white space (a
     * writer that saves the same title again lays its rdf:Alt out as it
     * likes), or an attribute's quoted value, one per line.  Every one, in
     * any case: pdf.js lowercases element names (<dc:Title> is its
     * "dc:title") and keeps the last of several, Firefox's tab shows it. */
    GString *t = NULL;
    const char *p = (const char *)data, *end = (const char *)data + len, *scan = p;
    /* Each title is read with the elements it sits in: pdf.js reads a
     * dc:title only in an rdf:Description of an rdf:RDF that is the
     * document's element or its child, so the same title moved there from
     * elsewhere (x:xmpmeta/x:wrap/rdf:RDF) was shown only after signing. */
    GPtrArray *stack = g_ptr_array_new_with_free_func(g_free);
    for (; end - p >= 8; p++) {
        if ((*p | 0x20) != 'd' || g_ascii_strncasecmp(p, "dc:title", 8) != 0)
            continue;
        if (!t)
            t = g_string_new(NULL);
        else
            g_string_append_c(t, '\n');
        open_elements(&scan, p > (const char *)data && p[-1] == '<' ? p - 1 : p, end, stack);
        for (guint i = 0; i < stack->len; i++)
            g_string_append_printf(t, "%s/", (const char *)stack->pdata[i]);
        g_string_append_c(t, '\t');
        p += 8;
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
            p++;
        char quote = 0;
        if (p < end && *p == '=') {
            for (p++; p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'); p++)
                ;
            quote = p < end ? *p++ : 0;
        }
        bool tag = false;
        for (; p < end && t->len < 65536; p++) {
            /* A CDATA section is text to pdf.js's XML parser (Firefox's tab
             * showed "…<![CDATA[: 90.000.000 đồng]]>" as the amount), not
             * markup: its bytes count, without white space; a comment is
             * nothing to it, whatever '>' it holds. */
            if (!quote && !tag && end - p >= 9 && memcmp(p, "<![CDATA[", 9) == 0) {
                const char *q = g_strstr_len(p + 9, end - p - 9, "]]>");
                for (p += 9; p < (q ? q : end) && t->len < 65536; p++)
                    if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
                        g_string_append_c(t, *p);
                if (!q)
                    break;
                p = q + 2;
                continue;
            }
            if (!quote && !tag && end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
                const char *q = g_strstr_len(p + 4, end - p - 4, "-->");
                if (!q)
                    break;
                p = q + 2;
                continue;
            }
            if (quote ? *p == quote
                      : (*p == '<' && end - p > 10 && g_ascii_strncasecmp(p, "</dc:title", 10) == 0))
                break;
            if (!quote && (*p == '<' || *p == '>')) {
                tag = *p == '<';
                continue;
            }
            if (!tag && (quote || (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')))
                g_string_append_c(t, *p);
        }
        /* p is at the closing quote or "</dc:title", past it next turn. */
        if (p < end && !quote)
            p += 9;
    }
    free(data);
    g_ptr_array_free(stack, TRUE);
    /* Titles cut at 64 KiB compared equal while what followed differed (a
     * long dc:title outside rdf:RDF, which pdf.js does not read, then the
     * one it shows): read as undecoded, the stream as written decides. */
    if (t && t->len >= 65536) {
        g_string_free(t, TRUE);
        return g_strdup("?");
    }
    return t ? g_string_free(t, FALSE) : NULL;
}

bool kc_cover_title_kept(kc_cover *c)
{
    kc_pdf_obj *tb = info_title(c, c->before), *ta = info_title(c, c->after);
    if (ta && (!tb || !kc_pdf_obj_equal(c->doc, tb, ta)))
        return false;
    /* The XMP is decoded only when this revision names another stream or
     * saves it again: a file of many small updates would decode it (up to
     * 4 MiB) twice per update. */
    uint32_t mb = kc_cover_ref_num(kc_pdf_dict_get(kc_pdf_resolve(c->doc, c->before, kc_pdf_dict_get(
                      kc_pdf_trailer(c->doc, c->before), "Root")), "Metadata"));
    uint32_t ma = kc_cover_ref_num(kc_pdf_dict_get(kc_pdf_resolve(c->doc, c->after, kc_pdf_dict_get(
                      kc_pdf_trailer(c->doc, c->after), "Root")), "Metadata"));
    const kc_xref_section *sec = kc_pdf_section(c->doc, c->after);
    bool saved = mb != ma || !mb;
    for (size_t i = 0; !saved && i < sec->n_entries; i++)
        saved = sec->entries[i].num == ma;
    if (!saved && mb)
        return true;
    char *xb = xmp_title(c, c->before), *xa = xmp_title(c, c->after);
    bool same = !xa || (xb && strcmp(xb, xa) == 0);
    /* Two streams kiemchung cannot decode (two filters chained, over 4 MiB,
     * titles over 64 KiB)
     * both read "?", while poppler, MuPDF and pdf.js decode them: a new one
     * saying ": 90.000.000 đồng" passed for the signed one.  Unread, the
     * stream must be the signed one as written. */
    if (same && xa && strcmp(xa, "?") == 0 && !kc_pdf_obj_equal(c->doc, xmp_stream(c, c->before),
                                                                 xmp_stream(c, c->after))) {
        same = false;
        kc_cover_fail(c, N_("the XMP metadata was added or rewritten after signing in a form kiemchung does not "
                            "read (chained filters, over 4 MiB, or titles over 64 KiB): its title, which pdf.js shows in the "
                            "browser's tab, cannot be compared with the signed one"));
    }
    if (!same && g_str_has_prefix(xa, "encrypted "))
        kc_cover_fail(c, N_("the XMP metadata of an encrypted document was added or rewritten after signing: its "
                            "title, which pdf.js shows in the browser's tab, cannot be read without decrypting "
                            "it, so it is not taken for the signed one"));
    /* Dropped, the XMP title leaves pdf.js (Firefox's tab) the /Info /Title,
     * which a prepared document may have made another one: the contract of
     * 90.000.000 đồng beside the decision's XMP title.  Only the same text
     * (white space aside, as xmp_title reads it) may take its place. */
    if (same && xb && !xa && ta) {
        char *it = kc_pdf_text(ta);
        GString *flat = g_string_new(NULL);
        for (const char *q = it ? it : ""; *q; q++)
            if (*q != ' ' && *q != '\t' && *q != '\r' && *q != '\n')
                g_string_append_c(flat, *q);
        /* xb is one line per dc:title, "elements/\ttext": each must say it. */
        same = true;
        for (const char *line = xb; same && line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
            const char *text = strchr(line, '\t'), *stop = strchr(line, '\n');
            size_t n = stop ? (size_t)(stop - line) : strlen(line);
            same = text && text < line + n && (size_t)(line + n - text - 1) == flat->len &&
                   memcmp(text + 1, flat->str, flat->len) == 0;
        }
        g_string_free(flat, TRUE);
        free(it);
        if (!same)
            kc_cover_fail(c, N_("the XMP title was dropped after signing: pdf.js (Firefox's tab) now shows the "
                                "document information's /Title instead, another title"));
    }
    g_free(xb);
    g_free(xa);
    return same;
}
