/* pdf_sig.c: finding the signature fields of a document and checking each
 * signature dictionary's /ByteRange and /Contents (rule 1 of the brief).
 *
 * Rule 1 is what defeats Universal Signature Forgery and Signature Wrapping:
 * the unsigned gap must hold exactly this dictionary's own hex /Contents, so
 * the bytes a reader takes as the signature are the bytes that were excluded
 * from the hash, and nothing else is left unsigned inside the ranges. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pdf.h"

#define MAX_FIELDS 100000
#define MAX_CONTENTS (1u << 20) /* decoded CMS bytes; the gap may hold twice that in hex */
#define MAX_NAME 1024

typedef struct field_item {
    kc_pdf_obj *obj;
    char *parent_name;
    bool parent_sig; /* /FT /Sig inherited from a parent */
    int depth;
    kc_pdf_obj *ft, *value, *parent; /* inherited /FT and /V, the parent field (for the notes) */
} field_item;

static field_item pop(GArray *stack)
{
    field_item it = g_array_index(stack, field_item, stack->len - 1);
    g_array_set_size(stack, stack->len - 1);
    return it;
}

/* Why the trailer's /Encrypt is read otherwise by viewers, or NULL: such a
 * document is refused, as a catalog that is no dictionary.  Written as an
 * object with a stream: MuPDF takes the stream's dictionary and decrypts
 * every string and stream with it, poppler and pdf.js read no encryption
 * dictionary in a stream and read the file in clear (rtpdf28: a content
 * stream prepared as noise in clear, encrypted for that key, drew a
 * 90.000.000 page in MuPDF alone, poppler and pdf.js the signed 10.000.000;
 * valid, no note).  No writer saves one so.  (rtpdf29) Named under another generation than its object's ("N 1
 * R" for "N 0 obj"), or naming an object that is only a reference to the
 * dictionary: MuPDF reads a reference by its number and follows a chain, and
 * decrypts the document with it; poppler and pdf.js find no dictionary there
 * and read the file in clear (a content stream prepared as noise in clear,
 * encrypted for that key, drew a 90.000.000 page in MuPDF alone, poppler and
 * pdf.js the signed 10.000.000; valid, no note).  A dictionary whose /Filter
 * is not /Standard: poppler, MuPDF and pdf.js all refuse to open the file
 * (they hold no other security handler), so no viewer shows what kiemchung
 * said valid.  An /Encrypt naming no dictionary at all (null, a number, a
 * name, a reference to nothing) is read as none by all three, as here. */
static const char *encrypt_odd(kc_pdf_doc *doc, size_t rev)
{
    kc_pdf_obj *raw = kc_pdf_dict_get(kc_pdf_trailer(doc, rev), "Encrypt"), *enc = kc_pdf_resolve(doc, rev, raw);
    if (enc && enc->type == KC_PDF_STREAM)
        return N_("the encryption dictionary (/Encrypt) is written as an object with a stream: MuPDF "
                  "(SumatraPDF) decrypts the document with it, poppler (Evince) and pdf.js (Firefox) read "
                  "it unencrypted: viewers show different pages");
    if (raw && raw->type == KC_PDF_REF) {
        const kc_xref_entry *e = kc_pdf_entry(doc, rev, raw->u.ref.num);
        kc_pdf_obj *o = kc_pdf_get(doc, rev, raw->u.ref.num, NULL);
        if (e && o && ((e->type == 1 && e->gen != raw->u.ref.gen) || (e->type == 2 && raw->u.ref.gen != 0)))
            return N_("the encryption dictionary (/Encrypt) is named under another generation than its object's "
                      "(N 1 R for N 0 obj): MuPDF (SumatraPDF) decrypts the document with it, poppler (Evince) and "
                      "pdf.js (Firefox) read it unencrypted: viewers show different pages");
        if (o && o->type == KC_PDF_REF)
            return N_("the encryption dictionary (/Encrypt) is named through an object that is only a reference "
                      "to it (N 0 obj M 0 R endobj): MuPDF (SumatraPDF) follows it and decrypts the document, "
                      "poppler (Evince) and pdf.js (Firefox) read it unencrypted: viewers show different pages");
    }
    if (enc && enc->type == KC_PDF_DICT && !kc_pdf_is_name(kc_pdf_resolve(doc, rev, kc_pdf_dict_get(enc, "Filter")),
                                                           "Standard"))
        return N_("the encryption dictionary (/Encrypt) names no standard security handler (/Filter /Standard): "
                  "poppler (Evince), MuPDF (SumatraPDF) and pdf.js (Firefox) do not open the document, so no "
                  "viewer shows what was signed");
    return NULL;
}

/* PDFDocEncoding 0x80-0xA0 (ISO 32000-1 Annex D); the rest above 0xA0 is Latin-1. */
static const gunichar pdfdoc_high[33] = {
    0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044, 0x2039, 0x203A, 0x2212,
    0x2030, 0x201E, 0x201C, 0x201D, 0x2018, 0x2019, 0x201A, 0x2122, 0xFB01, 0xFB02, 0x0141,
    0x0152, 0x0160, 0x0178, 0x017D, 0x0131, 0x0142, 0x0153, 0x0161, 0x017E, 0xFFFD, 0x20AC};

/* The UTF-16 code unit at b, big- or little-endian. */
static gunichar unit16(const unsigned char *b, bool le)
{
    return le ? (gunichar)b[1] << 8 | b[0] : (gunichar)b[0] << 8 | b[1];
}

/* UTF-16 after its 2-byte mark (b, n with the mark) appended to out; a
 * trailing odd byte dropped, lone surrogates and NULs as U+FFFD. */
static void append_utf16(GString *out, const unsigned char *b, size_t n, bool le)
{
    for (size_t i = 2; i + 1 < n; i += 2) {
        gunichar u = unit16(b + i, le);
        if (u >= 0xD800 && u < 0xDC00 && i + 3 < n) {
            gunichar lo = unit16(b + i + 2, le);
            if (lo >= 0xDC00 && lo < 0xE000) {
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
        }
        if ((u >= 0xD800 && u < 0xE000) || u == 0)
            u = 0xFFFD;
        g_string_append_unichar(out, u);
    }
}

/* A PDF text string (a field's /T) as UTF-8 (malloc'd): UTF-16BE after its
 * byte order mark, UTF-8 after its own (PDF 2.0), else PDFDocEncoding; text
 * already in UTF-8 without a mark (as some signing tools write Vietnamese
 * names) is kept.  UTF-16LE after its mark (FF FE, which no standard allows
 * but Windows tools write) is read as pdf.js, poppler and pyHanko read it:
 * taken for PDFDocEncoding it was "ÿþV" and NULs, so that a field lock whose
 * /Fields named VanThu so, or a field so named, locked nothing (rtform13).
 * Never invalid UTF-8: the names go into JSON. */
static char *text_of(const kc_pdf_obj *o, bool guess_utf8)
{
    if (!o || (o->type != KC_PDF_STRING && o->type != KC_PDF_NAME))
        return NULL;
    const unsigned char *b = o->u.str.data;
    size_t n = o->u.str.len;
    GString *out = g_string_sized_new(n);
    if (o->type == KC_PDF_STRING && n >= 2 && b[0] == 0xFE && b[1] == 0xFF) {
        append_utf16(out, b, n, false);
    } else if (o->type == KC_PDF_STRING && n >= 2 && b[0] == 0xFF && b[1] == 0xFE) {
        append_utf16(out, b, n, true);
    } else if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
        g_string_append_len(out, (const char *)b + 3, (gssize)(n - 3));
    } else if (o->type == KC_PDF_NAME || (guess_utf8 && g_utf8_validate((const char *)b, (gssize)n, NULL))) {
        g_string_append_len(out, (const char *)b, (gssize)n);
    } else {
        for (size_t i = 0; i < n; i++)
            g_string_append_unichar(out, b[i] >= 0x80 && b[i] <= 0xA0 ? pdfdoc_high[b[i] - 0x80] : b[i]);
    }
    /* Invalid sequences (a broken UTF-16 or UTF-8 name) and NULs become U+FFFD. */
    char *valid = g_utf8_make_valid(out->str, (gssize)out->len);
    g_string_free(out, TRUE);
    return valid;
}

char *kc_pdf_text(const kc_pdf_obj *o)
{
    return text_of(o, true);
}

/* The same text as viewers read it: a string without a byte order mark is
 * PDFDocEncoding even when its bytes are valid UTF-8 (pdf.js, poppler and
 * pyHanko read the bare UTF-8 of "VănThư" as "VÄ…nThÆ°").  A field lock is
 * matched under both readings (pdf_lock.c): a lock naming "VÄ…nThÆ°" in
 * UTF-16 locked, to pyHanko, a field whose /T was those bare bytes, and
 * nothing to kiemchung (rtform13). */
char *kc_pdf_text_doc(const kc_pdf_obj *o)
{
    return text_of(o, false);
}

/* "parent.own", cut to MAX_NAME bytes (not inside a UTF-8 sequence): a name
 * is for people, and a hostile file nests long names to grow it without end.
 * NULL only when memory runs out. */
static char *join_name(const char *parent, const kc_pdf_obj *t)
{
    char *own = kc_pdf_text(t), *s;
    if (!parent || !*parent)
        s = own ? own : strdup("");
    else if (!own)
        s = strdup(parent);
    else {
        size_t n = strlen(parent) + strlen(own) + 2;
        s = malloc(n);
        if (s)
            snprintf(s, n, "%s.%s", parent, own);
        free(own);
    }
    if (s && strlen(s) > MAX_NAME) {
        size_t k = MAX_NAME;
        while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;
        s[k] = '\0';
    }
    return s;
}

size_t kc_pdf_sig_refs(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *sigdict, kc_pdf_obj *const **items, kc_pdf_obj **one)
{
    kc_pdf_obj *refs = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(sigdict, "Reference"));
    if (refs && refs->type == KC_PDF_ARRAY) {
        *items = refs->u.arr.items;
        return refs->u.arr.n;
    }
    if (refs && refs->type == KC_PDF_DICT) {
        *one = refs;
        *items = one;
        return 1;
    }
    return 0;
}

/* /P of a certification signature's DocMDP transform, 0 when it is none.
 * Every part may be an indirect object, as any PDF value may.  Fail closed:
 * an absent /P is 2 (ISO 32000-1 Table 254), and one present but not the
 * integer 2 or 3 is 1, "no changes allowed", the strictest; so is a
 * /Reference of more than 16 transforms (no signer writes more than two).
 * Of two DocMDP transforms the strictest holds: pyHanko reads the first, a
 * reader that reads the last found "/P 2, then /P 1" allowing nothing, and
 * the organisation's signature after it left the certification valid
 * (rtmdp); a /Reference that is one dictionary, not an array, is read as
 * that one transform. */
static int64_t docmdp_p(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *sigdict)
{
    kc_pdf_obj *one = NULL;
    kc_pdf_obj *const *items = NULL;
    size_t n = kc_pdf_sig_refs(doc, rev, sigdict, &items, &one);
    /* A DocMDP transform past those read would go unseen: no changes. */
    if (n > 16)
        return 1;
    int64_t strictest = 0;
    for (size_t i = 0; i < n; i++) {
        kc_pdf_obj *r = kc_pdf_resolve(doc, rev, items[i]);
        if (!kc_pdf_is_name(kc_pdf_resolve(doc, rev, kc_pdf_dict_get(r, "TransformMethod")), "DocMDP"))
            continue;
        kc_pdf_obj *params = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(r, "TransformParams"));
        kc_pdf_obj *po = kc_pdf_dict_get(params, "P");
        int64_t p = 2;
        if (po && !(kc_pdf_get_int(kc_pdf_resolve(doc, rev, po), &p) && (p == 2 || p == 3)))
            p = 1;
        if (!strictest || p < strictest)
            strictest = p;
    }
    return strictest;
}

static int digits(const char **p, int n, int dflt)
{
    int v = 0;
    for (int i = 0; i < n; i++, (*p)++) {
        if (**p < '0' || **p > '9')
            return i == 0 ? dflt : -1;
        v = v * 10 + (**p - '0');
    }
    return v;
}

/* A PDF date "D:YYYYMMDDHHmmSSOHH'mm'" (ISO 32000-1 §7.9.4; every part after
 * the year optional) as Unix seconds, or 0. */
static int64_t pdf_date(const kc_pdf_obj *o)
{
    char *s = kc_pdf_strdup(o);
    const char *p = s;
    int64_t t = 0;
    if (!s)
        return 0;
    if (p[0] == 'D' && p[1] == ':')
        p += 2;
    int y = digits(&p, 4, -1), mo = digits(&p, 2, 1), d = digits(&p, 2, 1);
    int h = digits(&p, 2, 0), mi = digits(&p, 2, 0), sec = digits(&p, 2, 0);
    int offset = 0;
    if (*p == '+' || *p == '-') {
        int sign = *p++ == '-' ? -1 : 1;
        int oh = digits(&p, 2, 0);
        if (*p == '\'')
            p++;
        int om = digits(&p, 2, 0);
        offset = oh < 0 || om < 0 ? 0 : sign * (oh * 3600 + om * 60);
    }
    if (y > 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && h < 24 && mi >= 0 && mi < 60 &&
        sec >= 0 && sec < 61) {
        GTimeZone *tz = g_time_zone_new_offset(offset);
        GDateTime *dt = g_date_time_new(tz, y, mo, d, h, mi, sec);
        if (dt) {
            t = g_date_time_to_unix(dt);
            g_date_time_unref(dt);
        }
        g_time_zone_unref(tz);
    }
    free(s);
    return t;
}

/* Rule 1: four non-negative integers starting at 0, in order, inside the file,
 * and a gap that is exactly this dictionary's hex /Contents. */
static void check_dictionary(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *sigdict, kc_pdf_sig *sig)
{
    const kc_pdf_src *src = kc_pdf_source(doc);
    kc_pdf_obj *br = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(sigdict, "ByteRange"));
    kc_pdf_obj *contents = kc_pdf_dict_get(sigdict, "Contents");

    if (!contents || contents->type != KC_PDF_STRING || !contents->hex) {
        sig->problem = N_("/Contents is missing or not a hex string");
        goto contents_done;
    }
    if (contents->u.str.len == 0 || contents->u.str.len > MAX_CONTENTS) {
        sig->problem = contents->u.str.len ? N_("/Contents is too large") : N_("/Contents is empty");
        goto contents_done;
    }
    /* DER has its own length; the rest is the signer's zero padding. */
    sig->contents = malloc(contents->u.str.len);
    if (sig->contents) {
        memcpy(sig->contents, contents->u.str.data, contents->u.str.len);
        sig->contents_len = contents->u.str.len;
        sig->contents_ok = true;
    }
contents_done:
    if (!br || br->type != KC_PDF_ARRAY) {
        sig->problem = sig->problem ? sig->problem : N_("/ByteRange is missing");
        return;
    }
    sig->n_byterange = br->u.arr.n;
    if (br->u.arr.n != 4) {
        sig->problem = N_("/ByteRange does not have exactly two ranges");
        return;
    }
    for (int i = 0; i < 4; i++)
        if (!kc_pdf_get_int(br->u.arr.items[i], &sig->byterange[i]) || sig->byterange[i] < 0) {
            sig->problem = N_("/ByteRange holds something other than non-negative integers");
            return;
        }
    int64_t *r = sig->byterange;
    if (r[0] != 0 || r[1] <= 0 || r[2] <= r[1] || r[3] < 0 ||
        (uint64_t)r[2] > src->size || (uint64_t)r[3] > src->size - (uint64_t)r[2]) {
        sig->problem = N_("/ByteRange does not start at 0, overlaps, or reaches past the end of the file");
        return;
    }
    sig->signed_end = (uint64_t)(r[2] + r[3]);
    if (!contents || contents->type != KC_PDF_STRING || !contents->hex)
        return;
    if (contents->raw_start != (uint64_t)r[1] || contents->raw_end != (uint64_t)r[2]) {
        sig->problem = N_("the unsigned gap of /ByteRange is not exactly this signature's /Contents");
        return;
    }
    /* The parser read the string from exactly these bytes ('<', digits and
     * white space, '>'), so the gap need not be read again: it is all hex
     * exactly when the string had no white space. */
    if (contents->hex_ws) {
        sig->problem = N_("the unsigned gap holds more than the hex /Contents");
        return;
    }
    sig->byterange_ok = true;
}

static void add_sig(kc_pdf_doc *doc, size_t rev, kc_pdf_obj *v, const char *name, uint32_t obj_num,
                    uint32_t field_num, GArray *sigs)
{
    g_array_set_size(sigs, sigs->len + 1); /* zeroed */
    kc_pdf_sig *sig = &g_array_index(sigs, kc_pdf_sig, sigs->len - 1);
    sig->field = g_strdup(name ? name : "");
    sig->subfilter = kc_pdf_text(kc_pdf_dict_get(v, "SubFilter"));
    sig->is_doc_timestamp = kc_pdf_is_name(kc_pdf_dict_get(v, "Type"), "DocTimeStamp");
    sig->docmdp_p = (int)docmdp_p(doc, rev, v);
    sig->m_time = pdf_date(kc_pdf_dict_get(v, "M"));
    sig->obj_num = obj_num;
    sig->field_num = field_num;
    sig->n_fields = 1;
    check_dictionary(doc, rev, v, sig);
}

int kc_pdf_find_sigs(kc_pdf_doc *doc, kc_pdf_sig **out, size_t *out_n, kc_error *err)
{
    return kc_pdf_find_sigs_noted(doc, out, out_n, NULL, NULL, err);
}

int kc_pdf_find_sigs_noted(kc_pdf_doc *doc, kc_pdf_sig **out, size_t *out_n, kc_pdf_note **notes, size_t *n_notes,
                           kc_error *err)
{
    kc_pdf_noter *noter = NULL;
    size_t rev = kc_pdf_section_count(doc) - 1;
    GArray *sigs = g_array_new(FALSE, TRUE, sizeof(kc_pdf_sig));
    GArray *stack = g_array_new(FALSE, FALSE, sizeof(field_item));
    GPtrArray *seen_values = g_ptr_array_new(); /* seen_values[s] is sigs[s]'s dictionary */
    GHashTable *seen_fields = g_hash_table_new(g_direct_hash, g_direct_equal);
    size_t visited = 0;
    int rc = 0;

    *out = NULL;
    *out_n = 0;
    if (notes) {
        *notes = NULL;
        *n_notes = 0;
    }
    kc_pdf_obj *root = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(kc_pdf_trailer(doc, rev), "Root"));
    if (!root || root->type != KC_PDF_DICT) {
        rc = kc_error_set(err, KC_EFORMAT, _("the document catalog (/Root) is missing"));
        goto out;
    }
    const char *why = encrypt_odd(doc, rev);
    if (why) {
        rc = kc_error_set(err, KC_EFORMAT, "%s", _(why));
        goto out;
    }
    if (notes)
        noter = kc_pdf_noter_begin(doc, rev, root);
    kc_pdf_obj *form = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(root, "AcroForm"));
    kc_pdf_obj *fields = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(form, "Fields"));
    if (!fields || fields->type != KC_PDF_ARRAY)
        goto out; /* no form: unsigned */
    for (size_t i = fields->u.arr.n; i-- > 0;)
        g_array_append_val(stack, ((field_item){fields->u.arr.items[i], NULL, false, 0, NULL, NULL, NULL}));
    /* Depth-first with an explicit stack.  Each field is entered once (a
     * /Kids cycle, or a field listed under many parents, would otherwise make
     * the walk, and the names it builds, grow without end), at most MAX_FIELDS
     * fields, no deeper than KC_PDF_MAX_DEPTH. */
    while (stack->len > 0) {
        field_item it = pop(stack);
        kc_pdf_obj *f = kc_pdf_resolve(doc, rev, it.obj);
        if (!f || f->type != KC_PDF_DICT || g_hash_table_contains(seen_fields, f) ||
            ++visited > MAX_FIELDS || it.depth > KC_PDF_MAX_DEPTH) {
            free(it.parent_name);
            continue;
        }
        g_hash_table_add(seen_fields, f);
        kc_pdf_obj *ft = kc_pdf_dict_get(f, "FT");
        bool is_sig = ft ? kc_pdf_is_name(ft, "Sig") : it.parent_sig;
        char *name = join_name(it.parent_name, kc_pdf_dict_get(f, "T"));
        free(it.parent_name);
        if (!name) {
            rc = KC_ENOMEM;
            goto out;
        }
        kc_pdf_obj *kids = kc_pdf_resolve(doc, rev, kc_pdf_dict_get(f, "Kids"));
        kc_pdf_obj *v = kc_pdf_dict_get(f, "V");
        kc_pdf_obj *vd = kc_pdf_resolve(doc, rev, v);
        kc_pdf_obj *own_ft = ft ? kc_pdf_resolve(doc, rev, ft) : it.ft, *value = v ? v : it.value;
        kc_pdf_noter_field(noter, it.obj, f, name, own_ft, value, it.parent);
        if (is_sig && vd && vd->type == KC_PDF_DICT) {
            /* One signature dictionary is listed once, however many fields
             * share it; the count tells the coverage rule that it is shared
             * (seen_values[s] is sigs[s]'s dictionary). */
            bool dup = false;
            for (size_t s = 0; s < seen_values->len; s++)
                if (seen_values->pdata[s] == vd) {
                    dup = true;
                    g_array_index(sigs, kc_pdf_sig, s).n_fields++;
                }
            if (!dup) {
                g_ptr_array_add(seen_values, vd);
                add_sig(doc, rev, vd, name, v->type == KC_PDF_REF ? v->u.ref.num : 0,
                        it.obj->type == KC_PDF_REF ? it.obj->u.ref.num : 0, sigs);
            }
        }
        if (kids && kids->type == KC_PDF_ARRAY && it.depth < KC_PDF_MAX_DEPTH) {
            /* No more waiting than can still be visited. */
            size_t room = MAX_FIELDS > visited + stack->len ? MAX_FIELDS - visited - stack->len : 0;
            for (size_t k = kids->u.arr.n < room ? kids->u.arr.n : room; k-- > 0;)
                g_array_append_val(stack, ((field_item){kids->u.arr.items[k], g_strdup(name), is_sig, it.depth + 1,
                                                        own_ft, value, f}));
        }
        free(name);
    }
out:
    if (notes && rc == 0)
        kc_pdf_noter_end(noter, notes, n_notes);
    else if (noter) {
        kc_pdf_note *drop;
        size_t ndrop;
        kc_pdf_noter_end(noter, &drop, &ndrop);
        kc_pdf_notes_free(drop, ndrop);
    }
    while (stack->len > 0)
        free(pop(stack).parent_name);
    g_array_free(stack, TRUE);
    g_ptr_array_unref(seen_values);
    g_hash_table_destroy(seen_fields);
    size_t n = sigs->len;
    kc_pdf_sig *list = (kc_pdf_sig *)(void *)g_array_free(sigs, FALSE);
    if (rc != 0) {
        kc_pdf_sigs_free(list, n);
        return rc;
    }
    *out = list;
    *out_n = n;
    return 0;
}

void kc_pdf_sigs_free(kc_pdf_sig *sigs, size_t n)
{
    for (size_t i = 0; sigs && i < n; i++) {
        free(sigs[i].field);
        free(sigs[i].subfilter);
        free(sigs[i].contents);
    }
    free(sigs);
}
