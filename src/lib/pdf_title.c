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

/* A stream object's dictionary counts: MuPDF takes it wherever it asks for a
 * dictionary, and showed the /Title of new document information written as
 * an object with a stream (mutool info, mupdf-gl's title bar) that poppler,
 * pdf.js and this rule skipped. */
static bool dict_like(const kc_pdf_obj *o)
{
    return o && (o->type == KC_PDF_DICT || o->type == KC_PDF_STREAM);
}

/* The title viewers show in their title bar, their tab (pdf.js takes the
 * XMP dc:title first) and the document's properties: what rev's /Info says,
 * and every dc:title element of the catalog's XMP as written ("?" when that
 * stream cannot be read).  Signers rewrite the metadata's dates and producer,
 * never the title. */
#define MAX_XMP ((size_t)4 << 20)
static kc_pdf_obj *info_dict(kc_cover *c, size_t rev)
{
    kc_pdf_obj *info = kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(kc_pdf_trailer(c->doc, rev), "Info"));
    return dict_like(info) ? info : NULL;
}

static kc_pdf_obj *info_title(kc_cover *c, size_t rev)
{
    kc_pdf_obj *info = info_dict(c, rev);
    return info ? kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(info, "Title")) : NULL;
}

static kc_pdf_obj *xmp_stream(kc_cover *c, size_t rev)
{
    kc_pdf_obj *root = kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(kc_pdf_trailer(c->doc, rev), "Root"));
    return dict_like(root) ? kc_pdf_resolve(c->doc, rev, kc_pdf_dict_get(root, "Metadata")) : NULL;
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

/* Which rdf:RDF pdf.js reads its titles from, as its XML parser
 * (SimpleXMLParser, MetadataParser) finds it: the document's node is the
 * first node of the outermost list left at the end (text before the first
 * '<' dropped; an end tag with nothing open empties that list; an element
 * left open makes its children the list), and rdf:RDF is that node or its
 * first child so named.  A stray end tag after x:xmpmeta, or a letter
 * before it, leaves pdf.js no title at all, and the same XMP saved again
 * without them shows one.  Returns whether one is read, its bytes in
 * [*from, *to).  With target (a start tag's offset + 1), that element is
 * the document's and its rdf:RDF is looked for; without, *from is set to
 * the document's element's offset + 1 (0 when none). */
#define PDFJS_DEPTH 4096
static bool xml_ws(char ch)
{
    return ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t';
}

static bool pdfjs_walk(const char *s, size_t n, size_t target, size_t *from, size_t *to)
{
    size_t *first = g_new0(size_t, PDFJS_DEPTH + 1); /* per open list: its first node's offset + 1, or 0 */
    bool *text = g_new0(bool, PDFJS_DEPTH + 1);     /* that node is text */
    size_t depth = 0, inside = 0, rdf_depth = 0, i = 0;
    bool ok = false;
    *from = *to = 0;
    while (i < n && s[i] != '<')
        i++;
    while (i < n) {
        size_t j = i + 1;
        const char *q;
        bool node = false, is_text = false, opens = false;
        if (s[i] != '<') {
            while (j < n && s[j] != '<')
                j++;
            for (size_t k = i; k < j && !node; k++)
                node = is_text = !xml_ws(s[k]);
        } else if (j < n && s[j] == '/') {
            if (!(q = memchr(s + j, '>', n - j)))
                goto out;
            if (depth == 0) {
                first[0] = 0;
            } else {
                if (rdf_depth && depth == rdf_depth && !*to)
                    *to = (size_t)(q - s) + 1;
                if (inside && depth == inside)
                    inside = 0;
                depth--;
            }
            j = (size_t)(q - s) + 1;
        } else if (j < n && s[j] == '?') {
            size_t p = j + 1;
            while (p + 1 < n && !(s[p] == '?' && s[p + 1] == '>'))
                p++;
            if (p + 1 >= n)
                goto out;
            j = p + 2;
        } else if (j < n && s[j] == '!') {
            const char *stop = NULL;
            size_t skip = 0;
            if (n - j >= 3 && memcmp(s + j + 1, "--", 2) == 0)
                stop = g_strstr_len(s + j + 3, (gssize)(n - j - 3), "-->"), skip = 3;
            else if (n - j >= 8 && memcmp(s + j + 1, "[CDATA[", 7) == 0)
                stop = g_strstr_len(s + j + 8, (gssize)(n - j - 8), "]]>"), skip = 3, node = is_text = true;
            else if (n - j >= 8 && memcmp(s + j + 1, "DOCTYPE", 7) == 0) {
                const char *br = memchr(s + j + 8, '[', n - j - 8);
                stop = memchr(s + j + 8, '>', n - j - 8), skip = 1;
                if (stop && br && stop > br)
                    stop = g_strstr_len(s + j + 8, (gssize)(n - j - 8), "]>"), skip = 2;
            }
            if (!stop)
                goto out; /* unterminated, or a malformed element: pdf.js reads nothing */
            j = (size_t)(stop - s) + skip;
        } else {
            size_t p = j, name = j;
            while (p < n && !xml_ws(s[p]) && s[p] != '>' && s[p] != '/')
                p++;
            size_t name_len = p - name;
            while (p < n && xml_ws(s[p]))
                p++;
            while (p < n && s[p] != '>' && s[p] != '/' && s[p] != '?') {
                while (p < n && xml_ws(s[p]))
                    p++;
                while (p < n && !xml_ws(s[p]) && s[p] != '=')
                    p++;
                while (p < n && xml_ws(s[p]))
                    p++;
                if (p >= n || s[p] != '=')
                    goto out;
                for (p++; p < n && xml_ws(s[p]); p++)
                    ;
                if (p >= n || (s[p] != '"' && s[p] != '\''))
                    goto out;
                const char *end = memchr(s + p + 1, s[p], n - p - 1);
                if (!end)
                    goto out;
                for (p = (size_t)(end - s) + 1; p < n && xml_ws(s[p]); p++)
                    ;
            }
            bool closed = n - p >= 2 && s[p] == '/' && s[p + 1] == '>';
            if (!closed && (p >= n || s[p] != '>'))
                goto out;
            node = true;
            opens = !closed;
            bool rdf = name_len == 7 && g_ascii_strncasecmp(s + name, "rdf:rdf", 7) == 0;
            /* The document's element itself, or the first of its children so named. */
            if (target && !rdf_depth && ((i + 1 == target && rdf) || (inside && depth == inside && rdf))) {
                *from = i;
                rdf_depth = depth + 1;
                if (closed)
                    *to = p + 2;
            }
            if (target && i + 1 == target && !closed)
                inside = depth + 1;
            j = p + (closed ? 2 : 1);
        }
        if (node && !first[depth]) {
            first[depth] = i + 1;
            text[depth] = is_text;
        }
        if (opens) {
            if (depth == PDFJS_DEPTH)
                goto out;
            depth++;
            first[depth] = 0;
        }
        i = j;
    }
    if (!target) {
        *from = first[depth] && !text[depth] ? first[depth] : 0;
        ok = *from != 0;
    } else {
        ok = rdf_depth && *to;
    }
out:
    g_free(first);
    g_free(text);
    return ok;
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
    size_t doc_el = 0, rdf_from = 0, rdf_to = 0;
    bool read = pdfjs_walk(p, len, 0, &doc_el, &rdf_to) && pdfjs_walk(p, len, doc_el, &rdf_from, &rdf_to);
    for (; end - p >= 8; p++) {
        if ((*p | 0x20) != 'd' || g_ascii_strncasecmp(p, "dc:title", 8) != 0)
            continue;
        if (!t)
            t = g_string_new(NULL);
        else
            g_string_append_c(t, '\n');
        const char *at = p > (const char *)data && p[-1] == '<' ? p - 1 : p;
        open_elements(&scan, at, end, stack);
        /* Whether it sits in the rdf:RDF pdf.js reads (pdfjs_walk). */
        size_t off = (size_t)(at - (const char *)data);
        g_string_append(t, read && off >= rdf_from && off < rdf_to ? "read " : "unread ");
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

/* The titles without whether pdf.js reads each ("read " or "unread "). */
static char *unmarked(const char *titles)
{
    GString *out = g_string_new(NULL);
    for (const char *line = titles; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        const char *stop = strchr(line, '\n');
        const char *from = g_str_has_prefix(line, "read ") ? line + 5 : g_str_has_prefix(line, "unread ") ? line + 7 : line;
        g_string_append_len(out, from, stop ? stop - from + 1 : (gssize)strlen(from));
    }
    return g_string_free(out, FALSE);
}

bool kc_cover_title_kept(kc_cover *c)
{
    /* A rewritten document information dictionary naming a key twice has two
     * titles: poppler sorts a dictionary of 32 keys or more and takes the
     * value its sort leaves first (pdfinfo and Evince's title bar showed the
     * contract of 90.000.000 đồng), the others, and info_title, the last.  No
     * signer writes a key twice; unchanged, it is the signed bytes' matter. */
    kc_pdf_obj *ib = info_dict(c, c->before), *ia = info_dict(c, c->after);
    if (ia && ia->dup_keys && !kc_pdf_obj_equal(c->doc, ib, ia))
        return kc_cover_fail(c, N_("the document information (/Info) was rewritten after signing naming a key twice "
                                   "(poppler may show another of its titles than other viewers do)"));
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
    if (!same && xb && xa) {
        char *ub = unmarked(xb), *ua = unmarked(xa);
        if (strcmp(ub, ua) == 0)
            kc_cover_fail(c, N_("the XMP metadata was saved again after signing with the same title, but where "
                                "pdf.js reads it otherwise (a stray end tag, text before the first element, or no "
                                "rdf:RDF where pdf.js looks for it, added or taken away): Firefox's tab now shows "
                                "another title than it did when the document was signed"));
        g_free(ub);
        g_free(ua);
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
        /* xb is one line per dc:title, "read|unread elements/\ttext": each must say it. */
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
