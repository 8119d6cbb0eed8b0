/* csv.c: the streaming CSV reader (see csv.h).
 *
 * A byte-at-a-time state machine over a 64 KiB buffer: simple enough to
 * fuzz, and memory is bounded by the record limits, never by the file
 * (but for UTF-16 text, converted whole, up to UTF16_MAX). */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "i18n.h"
#include "text.h"

#define BUF (64u * 1024u)

struct kc_csv {
    int fd;                 /* -1 when reading from memory */
    const char *mem;
    size_t mem_len, mem_pos;
    char *owned;            /* mem, when it is UTF-16 input converted to UTF-8 */
    unsigned char buf[BUF];
    size_t pos, len;
    bool eof;
    char sep;
    size_t line;            /* current line (1-based) */
    size_t records;         /* records returned so far: the row Excel shows the last one on */
    GString *record;        /* the current record's bytes, fields NUL-separated */
    size_t *starts;         /* offsets of fields in record */
    char **fields;
    size_t n_fields;
    int converted;
    char *path;
    bool started;
    /* look-ahead used by separator detection */
    int pending;
};

static int fill(kc_csv *c)
{
    if (c->eof)
        return 0;
    if (c->fd < 0) {
        size_t n = c->mem_len - c->mem_pos < BUF ? c->mem_len - c->mem_pos : BUF;
        if (n) /* data may be NULL when len is 0 */
            memcpy(c->buf, c->mem + c->mem_pos, n);
        c->mem_pos += n;
        c->pos = 0;
        c->len = n;
        c->eof = n == 0;
        return (int)(n > 0);
    }
    ssize_t r = read(c->fd, c->buf, BUF);
    if (r < 0)
        return -1;
    c->pos = 0;
    c->len = (size_t)r;
    c->eof = r == 0;
    return (int)(r > 0);
}

/* The next byte, or -1 at the end, -2 on a read error. */
static int next_byte(kc_csv *c)
{
    if (c->pending >= 0) {
        int b = c->pending;
        c->pending = -1;
        return b;
    }
    if (c->pos == c->len) {
        int r = fill(c);
        if (r <= 0)
            return r < 0 ? -2 : -1;
    }
    return c->buf[c->pos++];
}

/* Whether byte b, beside a quoted field, is separator sep or a line's edge
 * (-1). */
static bool fences(int b, char sep)
{
    return b < 0 || b == '\n' || b == '\r' || b == (unsigned char)sep;
}

/* The separators outside quotes on the line from i (counts[3]), and the
 * quoted fields each separator fences (fenced[3], may be NULL: a field
 * whose opening quote follows it or starts the line and whose closing quote
 * precedes it or ends the line, one side at least being it); returns where
 * the next line starts, or len when the line runs to the end. */
static size_t count_line_fenced(const kc_csv *c, size_t i, size_t counts[3], size_t fenced[3])
{
    const char seps[3] = {',', ';', '\t'};
    bool quoted = false;
    int before = -1; /* the byte before the open quote, -1 at the line's start */
    size_t start = i;
    counts[0] = counts[1] = counts[2] = 0;
    if (fenced)
        fenced[0] = fenced[1] = fenced[2] = 0;
    for (; i < c->len; i++) {
        unsigned char b = c->buf[i];
        if (b == '"' && quoted && i + 1 < c->len && c->buf[i + 1] == '"') {
            i++; /* "" inside quotes: a quote, the field goes on */
        } else if (b == '"') {
            int after = i + 1 < c->len ? c->buf[i + 1] : -1;
            if (quoted && fenced)
                for (int k = 0; k < 3; k++)
                    fenced[k] += fences(before, seps[k]) && fences(after, seps[k]) &&
                                 (before == (unsigned char)seps[k] || after == (unsigned char)seps[k]);
            if (!quoted)
                before = i > start ? c->buf[i - 1] : -1;
            quoted = !quoted;
        } else if (!quoted && (b == '\n' || b == '\r'))
            break;
        else if (!quoted)
            for (int k = 0; k < 3; k++)
                counts[k] += b == (unsigned char)seps[k];
    }
    while (i < c->len && (c->buf[i] == '\n' || c->buf[i] == '\r'))
        i++;
    return i;
}

static size_t count_line(const kc_csv *c, size_t i, size_t counts[3])
{
    return count_line_fenced(c, i, counts, NULL);
}

/* Lines looked at to choose the separator: enough rows to outvote a line or
 * two of one cell, few enough to stay within the first buffer. */
#define SNIFF_LINES 8
/* Lines above the table that may stand for its first: a register's title
 * and preamble (the committee, "SỔ ĐĂNG KÝ VĂN BẢN ĐI", the year, who keeps
 * it, "Bắt đầu ngày …"), as register.c looks for the headings. */
#define SNIFF_FIRSTS 20

/* How many of the SNIFF_LINES - 1 lines after the one whose counts are
 * first hold each separator as many times as it does (agree[3]); returns
 * where the line after it starts.  A line cut by a full buffer's end may
 * not be whole: it does not vote. */
static size_t agreement(const kc_csv *c, size_t next, const size_t first[3], size_t agree[3])
{
    size_t line[3], after = next;
    agree[0] = agree[1] = agree[2] = 0;
    for (int n = 1; n < SNIFF_LINES && next < c->len; n++) {
        size_t end = count_line(c, next, line);
        if (end >= c->len && c->len == BUF)
            break;
        next = end;
        for (int k = 0; k < 3; k++)
            agree[k] += first[k] && line[k] == first[k];
    }
    return after;
}

/* The separator the line's counts hold most (',' on a tie, ';' before a tab). */
static int most(const size_t counts[3])
{
    if (counts[1] > counts[0] && counts[1] >= counts[2])
        return 1;
    if (counts[2] > counts[0] && counts[2] > counts[1])
        return 2;
    return 0;
}

/* Looks at the first line (outside quotes) to choose the separator, and at
 * the lines after it: the separator a table's lines hold alike, as many as
 * the first line, is the table's; of two, the one most lines hold alike,
 * then the one the first line holds most.  A heading's own commas ("Số, ký
 * hiệu văn bản;Ngày, tháng, năm văn bản;Tên loại, trích yếu;Người ký;Nơi
 * nhận": four commas, four semicolons) made ',' the separator on the first
 * line alone, and a ';' register read as one column (0/1, rtnum21).  The
 * second line alone is not enough either: a section line of one cell not
 * padded with separators ("Quý I (tháng 1, 2, 3)") holds the headings' two
 * commas, and ',' won over the ten ';' every row holds (0/15, atknum).
 * The first line may be a title or a preamble's, above the table and not
 * padded with separators ("SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM 2021", no ';'; "Thủy
 * An, ngày 05 tháng 01 năm 2021", one comma): each of the first lines that
 * holds a separator is tried as the table's first, the earliest with the
 * most lines agreeing deciding; read from the title alone, the register
 * was one column of ',' cells, 0/14 for 5/7 (rtnum22).  A line's choice
 * weighs the lines agreeing by the separators it holds: a preamble of eight
 * lines each holding one ',' ("UBND huyện Phú Vang, tỉnh …", "Thủy An, ngày
 * …") had seven lines agreeing, as many as a table's heading of nine ';'
 * followed by seven rows, and being earlier won: 0/14 (rtnum23).  A table's
 * line splits into as many cells as the register has columns, a preamble's
 * into two.  When no line agrees with any, the first line holding a
 * separator decides as before. */
static void detect_separator(kc_csv *c)
{
    const char seps[3] = {',', ';', '\t'};
    size_t first[3], agree[3], best_score = 0;
    int best = -1, fallback = -1;
    if (c->pos == c->len)
        fill(c);
    /* Skip a UTF-8 BOM. */
    if (c->len - c->pos >= 3 && memcmp(c->buf + c->pos, "\xEF\xBB\xBF", 3) == 0)
        c->pos += 3;
    size_t at = c->pos, fenced[3], fenced_all[3] = {0, 0, 0};
    for (int tried = 0; tried < SNIFF_FIRSTS && at < c->len; tried++) {
        size_t next = count_line_fenced(c, at, first, fenced);
        if (next >= c->len && c->len == BUF)
            break;
        for (int k = 0; k < 3; k++)
            fenced_all[k] += fenced[k];
        at = agreement(c, next, first, agree);
        if (!first[0] && !first[1] && !first[2])
            continue; /* a title's line: no separator to agree with */
        if (fallback < 0)
            fallback = most(first);
        /* this line's choice: the most separators held alike by the lines
         * agreeing (counts are under a buffer's size: no overflow), then the
         * most lines agreeing */
        int k_best = -1;
        for (int k = 0; k < 3; k++)
            if (agree[k] && (k_best < 0 || agree[k] * first[k] > agree[k_best] * first[k_best] ||
                             (agree[k] * first[k] == agree[k_best] * first[k_best] && agree[k] > agree[k_best])))
                k_best = k;
        /* an earlier line keeps a tie: the first line decides as before */
        if (k_best >= 0 && agree[k_best] * first[k_best] > best_score) {
            best_score = agree[k_best] * first[k_best];
            best = k_best;
        }
    }
    /* A quoted field fenced by one separator alone (a quote opening after
     * it, closing before it) names it: a writer quotes a field because it
     * holds the separator.  A ',' register whose every row's recipients
     * are listed with ';' ("UBND huyện; Văn phòng; Công an xã; …", five
     * ';' not quoted, as ',' is not their separator) weighed five ';' times
     * seven rows over the heading's four ',' times seven, and was read with
     * ';': no heading found, refused (atknum3).  Fields fenced by two
     * separators leave it to the weighing. */
    int fence = -1, fencing = 0;
    for (int k = 0; k < 3; k++)
        if (fenced_all[k]) {
            fence = k;
            fencing++;
        }
    if (fencing == 1)
        best = fence;
    c->sep = seps[best >= 0 ? best : fallback >= 0 ? fallback : 0];
}

static kc_csv *csv_new(void)
{
    kc_csv *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->fd = -1;
    c->pending = -1;
    c->line = 1;
    c->record = g_string_sized_new(256);
    c->starts = malloc(KC_CSV_MAX_FIELDS * sizeof *c->starts);
    c->fields = malloc((KC_CSV_MAX_FIELDS + 1) * sizeof *c->fields);
    if (!c->starts || !c->fields) {
        kc_csv_free(c);
        return NULL;
    }
    return c;
}

/* Excel's "Unicode Text" (Save As … *.txt, the one text format that kept
 * Vietnamese in older Excel) and some exports are UTF-16 with a BOM, tab
 * separated: read as UTF-8 once converted, never as bytes (no heading found,
 * or in a commune folder no register and its PDFs read alone). */
#define UTF16_MAX (128u * 1024u * 1024u)

static bool utf16_bom(const unsigned char *b, size_t n)
{
    return n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF));
}

/* rtnum8: UTF-16 written without its BOM (.NET's UnicodeEncoding without a
 * preamble, a web export) read as bytes gave no heading, and in a commune's
 * folder no register at all: its PDFs were read alone, 5/5 where the
 * register lists 7.  Text kiemchung reads as bytes (UTF-8, Windows-1258)
 * holds no NUL; UTF-16 of a register, mostly ASCII headings and figures,
 * holds one in every other byte.  rtnew6b: not only there: a register typed
 * with Unikey's "tổ hợp" (NFD) holds U+0300, the grave, "\0\x03" in
 * UTF-16LE, a NUL at an even offset, and a first line of letters above
 * U+00FF (CJK, precomposed Vietnamese) holds none for a quarter of 4 KiB;
 * either made the file bytes again, and the folder's PDFs were read alone.
 * So a NUL beside an ASCII character, a tab or a line break (what a
 * register's figures, numbers and separators are made of) tells UTF-16,
 * anywhere in the file (a first line of 2,048 letters above U+00FF holds
 * none), and the side those NULs sit on its byte order.  Both sides is
 * refused, not guessed: a line of U+3000 (the ideographic space, "\0\x30"
 * in UTF-16LE, an ASCII '0' to the other order) tipped a count. */
static bool ascii_text(unsigned char c)
{
    return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c < 0x7f);
}

/* Adds the code units of b (n even) that look like ASCII in UTF-16LE to
 * *le, in UTF-16BE to *be. */
static void utf16_count(const unsigned char *b, size_t n, size_t *le, size_t *be)
{
    for (size_t i = 0; i + 1 < n; i += 2) {
        *le += b[i + 1] == 0 && ascii_text(b[i]);
        *be += b[i] == 0 && ascii_text(b[i + 1]);
    }
}

/* 'L', 'B', '?' (both: no order told) or 0 (no UTF-16: bytes). */
static char utf16_order(size_t le, size_t be)
{
    if (le && be)
        return '?';
    return le ? 'L' : be ? 'B' : 0;
}

static int utf16_unordered(const char *name, kc_error *err)
{
    return kc_error_set(err, KC_EFORMAT,
                        _("%s: the file looks like UTF-16 text without a byte order mark, but its NUL bytes "
                          "sit on both sides of its characters, so whether it is little- or big-endian cannot "
                          "be told: save it with a byte order mark (Excel's \"Unicode Text\") or as \"CSV UTF-8\""),
                        name);
}

/* from: "UTF-16LE" or "UTF-16BE" when the data has no BOM, else NULL. */
static int utf16_to_mem(kc_csv *c, const char *data, size_t len, const char *from, const char *name, kc_error *err)
{
    GError *ge = NULL;
    size_t skip = from ? 0 : 2;
    if (!from)
        from = (unsigned char)data[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
    gsize w = 0;
    char *u = g_convert(data + skip, (gssize)(len - skip), "UTF-8", from, NULL, &w, &ge);
    if (!u) {
        int rc = kc_error_set(err, KC_EFORMAT, from && skip == 0 ? _("%s: the file looks like UTF-16 text without a byte order mark (a NUL in every other byte) but cannot be read as such: %s") : _("%s: the file says it is UTF-16 text but cannot be read as such: %s"),
                              name, ge ? ge->message : "?");
        g_clear_error(&ge);
        return rc;
    }
    c->owned = u;
    c->mem = u;
    c->mem_len = w;
    c->mem_pos = 0;
    return 0;
}

int kc_csv_open(kc_csv **out, const char *path, kc_error *err)
{
    kc_csv *c = csv_new();
    if (!c)
        return KC_ENOMEM;
    c->fd = open(path, O_RDONLY | O_CLOEXEC);
    c->path = strdup(path);
    if (c->fd < 0) {
        int rc = kc_error_set(err, KC_EIO, _("%s: cannot open: %s"), path, g_strerror(errno));
        kc_csv_free(c);
        return rc;
    }
    unsigned char head[4096];
    ssize_t got = pread(c->fd, head, sizeof head, 0);
    size_t le = 0, be = 0;
    bool bom = got >= 2 && utf16_bom(head, 2);
    for (off_t at = 0; !bom && got > 0 && at < (off_t)UTF16_MAX; at += got, got = pread(c->fd, head, sizeof head, at))
        utf16_count(head, (size_t)got & ~(size_t)1, &le, &be);
    char nul = bom ? 0 : utf16_order(le, be);
    if (nul == '?') {
        int rc = utf16_unordered(path, err);
        kc_csv_free(c);
        return rc;
    }
    if (bom || nul) {
        struct stat st;
        char *data = NULL;
        size_t len = 0;
        int rc = 0;
        if (fstat(c->fd, &st) != 0 || (uint64_t)st.st_size > UTF16_MAX)
            rc = kc_error_set(err, KC_ELIMIT, _("%s: UTF-16 text over %u MiB"), path, UTF16_MAX >> 20);
        else if (!g_file_get_contents(path, &data, &len, NULL))
            rc = kc_error_set(err, KC_EIO, _("%s: cannot open: %s"), path, g_strerror(errno));
        else if (len > UTF16_MAX)
            rc = kc_error_set(err, KC_ELIMIT, _("%s: UTF-16 text over %u MiB"), path, UTF16_MAX >> 20);
        else
            rc = utf16_to_mem(c, data, len, nul == 'L' ? "UTF-16LE" : nul == 'B' ? "UTF-16BE" : NULL, path, err);
        g_free(data);
        close(c->fd);
        c->fd = -1;
        if (rc != 0) {
            kc_csv_free(c);
            return rc;
        }
    }
    detect_separator(c);
    *out = c;
    return 0;
}

int kc_csv_open_mem(kc_csv **out, const char *data, size_t len, kc_error *err)
{
    kc_csv *c = csv_new();
    if (!c)
        return KC_ENOMEM;
    c->mem = data;
    c->mem_len = len;
    c->path = strdup("(memory)");
    size_t le = 0, be = 0;
    bool bom = utf16_bom((const unsigned char *)data, len);
    if (!bom)
        utf16_count((const unsigned char *)data, (len < UTF16_MAX ? len : UTF16_MAX) & ~(size_t)1, &le, &be);
    char nul = bom ? 0 : utf16_order(le, be);
    if (nul == '?') {
        int rc = utf16_unordered(c->path, err);
        kc_csv_free(c);
        return rc;
    }
    if (bom || nul) {
        int rc = len > UTF16_MAX ? kc_error_set(err, KC_ELIMIT, _("%s: UTF-16 text over %u MiB"), c->path, UTF16_MAX >> 20)
                                 : utf16_to_mem(c, data, len, nul == 'L' ? "UTF-16LE" : nul == 'B' ? "UTF-16BE" : NULL,
                                                c->path, err);
        if (rc != 0) {
            kc_csv_free(c);
            return rc;
        }
    }
    detect_separator(c);
    *out = c;
    return 0;
}

char kc_csv_separator(const kc_csv *csv) { return csv->sep; }
int kc_csv_was_converted(const kc_csv *csv) { return csv->converted; }

static int too_long(kc_csv *c, size_t line, kc_error *err, const char *what)
{
    return kc_error_set(err, KC_ELIMIT, _("%s:%zu: %s"), c->path, line, what);
}

/* Makes sure every field is UTF-8 in NFC; Windows-1258 input is converted. */
static int normalise_fields(kc_csv *c, size_t line, kc_error *err)
{
    for (size_t i = 0; i < c->n_fields; i++) {
        const char *f = c->record->str + c->starts[i];
        if (!g_utf8_validate(f, -1, NULL)) {
            gchar *conv = g_convert(f, -1, "UTF-8", "WINDOWS-1258", NULL, NULL, NULL);
            if (!conv)
                return kc_error_set(err, KC_EFORMAT,
                                    _("%s:%zu: field %zu is not UTF-8 text (save the sheet as \"CSV UTF-8\")"),
                                    c->path, line, i + 1);
            c->converted = 1;
            /* Rebuild the record with the converted field at the end. */
            size_t at = c->record->len;
            g_string_append(c->record, conv);
            g_string_append_c(c->record, '\0');
            c->starts[i] = at;
            g_free(conv);
        }
    }
    for (size_t i = 0; i < c->n_fields; i++) {
        const char *f = c->record->str + c->starts[i];
        /* UTF-8 by now: a field NFC leaves as it is (text.c's quick check)
         * skips GLib's normalisation, 75,000 instructions a bench row */
        if (kc_text_nfc_already(f))
            continue;
        gchar *nfc = g_utf8_normalize(f, -1, G_NORMALIZE_NFC);
        if (nfc && strcmp(nfc, f) != 0) {
            size_t at = c->record->len;
            g_string_append(c->record, nfc);
            g_string_append_c(c->record, '\0');
            c->starts[i] = at;
        }
        g_free(nfc);
    }
    for (size_t i = 0; i < c->n_fields; i++)
        c->fields[i] = c->record->str + c->starts[i];
    c->fields[c->n_fields] = NULL;
    return 0;
}

int kc_csv_next(kc_csv *c, char ***fields, size_t *n, size_t *line, kc_error *err)
{
    enum { START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED } st = START;
    size_t start_line = c->line, field_len = 0;
    int b;
    g_string_truncate(c->record, 0);
    c->n_fields = 0;
    c->starts[c->n_fields++] = 0;
    bool any = false;

    for (;;) {
        b = next_byte(c);
        if (b == -2)
            return kc_error_set(err, KC_EIO, _("%s: read error"), c->path);
        if (b == -1) {
            if (st == QUOTED)
                return kc_error_set(err, KC_EFORMAT, _("%s:%zu: a quoted field is not closed"), c->path, start_line);
            if (!any)
                return 0;
            break;
        }
        any = true;
        if (st == QUOTED) {
            if (b == '"') {
                st = QUOTE_IN_QUOTED;
                continue;
            }
            if (b == '\n')
                c->line++;
        } else {
            if (st == QUOTE_IN_QUOTED && b == '"') {
                st = QUOTED; /* "" is a quote */
            } else if (b == '"' && st == START) {
                st = QUOTED;
                continue;
            } else if (b == (unsigned char)c->sep) {
                g_string_append_c(c->record, '\0');
                if (c->n_fields == KC_CSV_MAX_FIELDS)
                    return too_long(c, start_line, err, _("too many fields"));
                c->starts[c->n_fields++] = c->record->len;
                field_len = 0;
                st = START;
                continue;
            } else if (b == '\r') {
                int nb = next_byte(c);
                if (nb != '\n' && nb >= 0)
                    c->pending = nb;
                c->line++;
                break;
            } else if (b == '\n') {
                c->line++;
                break;
            } else {
                st = UNQUOTED;
            }
        }
        if (++field_len > KC_CSV_MAX_FIELD)
            return too_long(c, start_line, err, _("a field is longer than 64 KiB"));
        if (c->record->len >= KC_CSV_MAX_RECORD)
            return too_long(c, start_line, err, _("a record is longer than 1 MiB"));
        g_string_append_c(c->record, (char)b);
    }
    g_string_append_c(c->record, '\0');
    int rc = normalise_fields(c, start_line, err);
    if (rc != 0)
        return rc;
    *fields = c->fields;
    *n = c->n_fields;
    *line = start_line;
    c->records++;
    return 1;
}

size_t kc_csv_record(const kc_csv *c)
{
    return c->records;
}

void kc_csv_free(kc_csv *c)
{
    if (!c)
        return;
    if (c->fd >= 0)
        close(c->fd);
    if (c->record)
        g_string_free(c->record, TRUE);
    free(c->starts);
    free(c->fields);
    free(c->path);
    g_free(c->owned);
    free(c);
}
