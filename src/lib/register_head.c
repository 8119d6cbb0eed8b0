/* register_head.c: the register's column headings.
 *
 * Columns are found by name, not position: the Decree 30 headings (Phụ lục
 * IV), the headings the document-management systems (QLVB) and clerks' own
 * workbooks export ("Ngày ban hành", "Số/Ký hiệu", "Trích yếu", "Đơn vị
 * nhận" …), or short English aliases, all folded so case, tone marks and NFD
 * do not matter.  A heading that is none of them but one letter or two away
 * from one ("Tập" for "Tệp") is a typo, which would otherwise make every
 * document unsigned: the nearest heading is returned so the reader can stop
 * and say "did you mean …?". */
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "register_internal.h"
#include "text.h"

/* Headings as written; compared folded.  The first of each column is the
 * one a suggestion shows. */
static const struct {
    const char *name;
    kc_reg_col col;
} headers[] = {
    {"Số, ký hiệu văn bản", KC_COL_NUMBER}, {"Số, ký hiệu", KC_COL_NUMBER}, {"Số ký hiệu", KC_COL_NUMBER},
    {"Số và ký hiệu", KC_COL_NUMBER}, {"Số/Ký hiệu", KC_COL_NUMBER}, {"Số / ký hiệu", KC_COL_NUMBER},
    {"Số, ký hiệu văn bản đi", KC_COL_NUMBER}, {"Số ký hiệu văn bản", KC_COL_NUMBER}, {"Số và ký hiệu văn bản", KC_COL_NUMBER},
    {"Số hiệu", KC_COL_NUMBER}, {"Số hiệu văn bản", KC_COL_NUMBER}, {"Số văn bản", KC_COL_NUMBER},
    {"Số văn bản đi", KC_COL_NUMBER}, {"Số đi", KC_COL_NUMBER}, {"Số", KC_COL_NUMBER}, {"number", KC_COL_NUMBER},
    {"Ký hiệu", KC_COL_SYMBOL}, {"Ký hiệu văn bản", KC_COL_SYMBOL}, {"symbol", KC_COL_SYMBOL},
    {"Ngày tháng văn bản", KC_COL_DATE}, {"Ngày, tháng văn bản", KC_COL_DATE}, {"Ngày văn bản", KC_COL_DATE},
    {"Ngày tháng", KC_COL_DATE}, {"Ngày, tháng", KC_COL_DATE}, {"Ngày tháng năm", KC_COL_DATE},
    {"Ngày ban hành", KC_COL_DATE}, {"Ngày ký", KC_COL_DATE}, {"Ngày", KC_COL_DATE}, {"date", KC_COL_DATE},
    /* and as forms write a date "Ngày, tháng, năm" (commas are read as spaces) */
    {"Ngày tháng năm văn bản", KC_COL_DATE}, {"Ngày tháng năm ban hành", KC_COL_DATE},
    {"Ngày tháng ban hành", KC_COL_DATE}, {"Ngày tháng văn bản đi", KC_COL_DATE}, {"Ngày ban hành văn bản", KC_COL_DATE},
    {"Ngày tháng năm ban hành văn bản", KC_COL_DATE}, {"Ngày/tháng/năm", KC_COL_DATE}, {"Ngày/tháng", KC_COL_DATE},
    {"Ngày ký văn bản", KC_COL_DATE}, {"Ngày tháng ký", KC_COL_DATE},
    {"Tên loại và trích yếu nội dung văn bản", KC_COL_SUMMARY}, {"Tên loại và trích yếu nội dung", KC_COL_SUMMARY},
    {"Tên loại, trích yếu nội dung văn bản", KC_COL_SUMMARY}, {"Trích yếu", KC_COL_SUMMARY},
    {"Trích yếu nội dung", KC_COL_SUMMARY}, {"Trích yếu nội dung văn bản", KC_COL_SUMMARY},
    {"Nội dung", KC_COL_SUMMARY}, {"Tên văn bản", KC_COL_SUMMARY}, {"summary", KC_COL_SUMMARY},
    {"Tên loại", KC_COL_TYPE}, {"Loại văn bản", KC_COL_TYPE}, {"Thể loại", KC_COL_TYPE}, {"type", KC_COL_TYPE},
    {"Người ký", KC_COL_SIGNER}, {"Người ký văn bản", KC_COL_SIGNER}, {"Người ký duyệt", KC_COL_SIGNER},
    {"Lãnh đạo ký", KC_COL_SIGNER}, {"signer", KC_COL_SIGNER},
    {"Nơi nhận văn bản", KC_COL_RECIPIENTS}, {"Nơi nhận", KC_COL_RECIPIENTS}, {"Nơi nhận văn bản đi", KC_COL_RECIPIENTS},
    {"Đơn vị nhận", KC_COL_RECIPIENTS}, {"Cơ quan nhận", KC_COL_RECIPIENTS}, {"Đơn vị, cá nhân nhận", KC_COL_RECIPIENTS},
    {"Nơi gửi đến", KC_COL_RECIPIENTS}, {"recipients", KC_COL_RECIPIENTS},
    {"Tệp", KC_COL_FILE}, {"file", KC_COL_FILE}, {"Tệp tin", KC_COL_FILE}, {"Tệp đính kèm", KC_COL_FILE},
    {"Tệp văn bản", KC_COL_FILE}, {"Tên tệp", KC_COL_FILE}, {"File đính kèm", KC_COL_FILE},
    {"Bản điện tử", KC_COL_FILE}, {"Văn bản điện tử", KC_COL_FILE}, {"Đường dẫn", KC_COL_FILE}, {"path", KC_COL_FILE},
    /* The year of a date column written "11/01" (a book kept per year, a
     * workbook formatted dd/mm saved as CSV): read with it (register.c). */
    {"Năm", KC_COL_YEAR}, {"Năm ban hành", KC_COL_YEAR}, {"Năm văn bản", KC_COL_YEAR}, {"year", KC_COL_YEAR},
    /* The rest of Phụ lục IV and what exports add: known, not needed for the ratios. */
    {"Đơn vị, người nhận bản lưu", KC_COL_KNOWN}, {"Đơn vị người nhận bản lưu", KC_COL_KNOWN},
    {"Bản lưu", KC_COL_KNOWN}, {"Số lượng bản", KC_COL_KNOWN}, {"Số bản", KC_COL_KNOWN},
    {"Ngày chuyển", KC_COL_KNOWN}, {"Ký nhận", KC_COL_KNOWN}, {"Ghi chú", KC_COL_KNOWN}, {"STT", KC_COL_KNOWN},
    {"TT", KC_COL_KNOWN}, {"Số thứ tự", KC_COL_KNOWN}, {"Độ mật", KC_COL_KNOWN}, {"Độ khẩn", KC_COL_KNOWN},
    {"Độ mật, khẩn", KC_COL_KNOWN}, {"Mức độ khẩn", KC_COL_KNOWN}, {"Số tờ", KC_COL_KNOWN}, {"Số trang", KC_COL_KNOWN},
    {"Người soạn thảo", KC_COL_KNOWN}, {"Đơn vị soạn thảo", KC_COL_KNOWN}, {"Trạng thái", KC_COL_KNOWN},
    {"Hồ sơ", KC_COL_KNOWN}, {"Ngày nhập", KC_COL_KNOWN}, {"notes", KC_COL_KNOWN},
};

/* The heading's folded form, without what exports leave around it: a
 * trailing colon or full stop; "/" spaced as a word, and a comma read as a
 * space: forms write a date's heading "Ngày, tháng, năm văn bản", which was
 * no column, so a register so headed read no date at all, and its rows of
 * 2022 counted in 2021's figures (rtnum21: 8/10 for 5/7). */
/* A folded heading with the abbreviations clerks' workbooks use spelt out,
 * word by word: "VB" is "văn bản", "KH" "ký hiệu" ("Số, ký hiệu VB",
 * "Ngày tháng VB", "Số, KH văn bản" named no column: a register so headed
 * read no date, or was no register; rtnum21).  Takes h. */
static char *spelt_out(char *h)
{
    static const char *const abbr[][2] = {{"vb", "van ban"}, {"kh", "ky hieu"}};
    char **w = g_strsplit(h, " ", -1);
    for (size_t i = 0; w[i]; i++)
        for (size_t k = 0; k < G_N_ELEMENTS(abbr); k++)
            if (strcmp(w[i], abbr[k][0]) == 0) {
                g_free(w[i]);
                w[i] = g_strdup(abbr[k][1]);
            }
    char *out = g_strjoinv(" ", w);
    g_strfreev(w);
    g_free(h);
    return out;
}

static char *fold_heading(const char *cell)
{
    char *f = kc_text_fold(cell);
    if (!f)
        return NULL;
    GString *g = g_string_new(NULL);
    for (const char *p = f; *p; p++) {
        if (*p == '/' || *p == ',') {
            while (g->len && g->str[g->len - 1] == ' ')
                g_string_truncate(g, g->len - 1);
            g_string_append(g, *p == '/' ? " / " : " ");
            while (p[1] == ' ')
                p++;
        } else {
            g_string_append_c(g, *p);
        }
    }
    free(f);
    while (g->len && strchr(":. ,/", g->str[g->len - 1]))
        g_string_truncate(g, g->len - 1);
    return spelt_out(g_string_free(g, FALSE));
}

int kc_register_map_header(const char *cell)
{
    char *f = fold_heading(cell);
    int col = -1;
    for (size_t i = 0; f && *f && i < G_N_ELEMENTS(headers) && col < 0; i++) {
        char *h = fold_heading(headers[i].name);
        if (h && strcmp(f, h) == 0)
            col = (int)headers[i].col;
        free(h);
    }
    free(f);
    return col;
}

/* Edit distance (insertions, deletions, substitutions) between a and b, on
 * bytes: the folded forms are ASCII but for letters outside Vietnamese. */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t *row = g_new(size_t, lb + 1);
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            best = MIN(best, row[j - 1] + 1);
            best = MIN(best, up + 1);
            row[j] = best;
            diag = up;
        }
    }
    size_t d = row[lb];
    g_free(row);
    return d;
}

const char *kc_register_nearest_header(const char *cell, kc_reg_col *col)
{
    char *f = fold_heading(cell);
    const char *best = NULL;
    size_t best_d = SIZE_MAX;
    for (size_t i = 0; f && *f && i < G_N_ELEMENTS(headers); i++) {
        char *h = fold_heading(headers[i].name);
        size_t n = h ? strlen(h) : 0;
        /* One letter in a short heading, two in a longer one: "Tập" is
         * "Tệp" and "Ngày ban hàng" "Ngày ban hành", but "Năm" is no "Ngày"
         * and "Colour" nothing. */
        size_t allowed = n <= 4 ? 1 : n <= 12 ? 2 : 3;
        size_t d = h && g_ascii_isalpha(h[0]) ? distance(f, h) : SIZE_MAX;
        if (d > 0 && d <= allowed && d < best_d && strlen(f) > 1) {
            best_d = d;
            best = headers[i].name;
            *col = headers[i].col;
        }
        free(h);
    }
    free(f);
    return best;
}

char **kc_register_second_heading(char **top, size_t ntop, char **bot, size_t nbot)
{
    size_t n = ntop > nbot ? ntop : nbot;
    char **out = g_new0(char *, n + 1);
    bool adds = false;
    for (size_t i = 0; i < n; i++) {
        const char *t = i < ntop ? top[i] : "", *b = i < nbot ? bot[i] : "";
        char *tt = g_strstrip(g_strdup(t)), *bb = g_strstrip(g_strdup(b));
        char *joined = g_strconcat(tt, " ", bb, NULL);
        if (!*bb || kc_text_equal_folded(tt, bb)) {
            out[i] = g_strdup(tt);
        } else if (*tt && kc_register_map_header(joined) >= 0) {
            out[i] = g_strdup(joined);
            adds = true;
        } else if (kc_register_map_header(bb) >= 0) {
            out[i] = g_strdup(bb);
            adds = true;
        }
        g_free(joined);
        g_free(tt);
        g_free(bb);
        if (!out[i]) {
            g_strfreev(out);
            return NULL;
        }
    }
    if (!adds) {
        g_strfreev(out);
        return NULL;
    }
    return out;
}

bool kc_register_numbering_row(char **fields, size_t n)
{
    size_t numbers = 0;
    for (size_t i = 0; i < n; i++) {
        const char *p = fields[i];
        while (*p == ' ')
            p++;
        if (!*p)
            continue;
        bool paren = *p == '(';
        p += paren;
        if (!g_ascii_isdigit(*p))
            return false;
        while (g_ascii_isdigit(*p))
            p++;
        if (paren && *p++ != ')')
            return false;
        while (*p == ' ' || *p == '.')
            p++;
        if (*p)
            return false;
        numbers++;
    }
    return numbers >= 3;
}

/* A subtotal's label (folded): a period's total, "Cộng quý I", "Cộng tháng
 * 3", "Cộng năm 2021" (the "cộng" a period follows, never "Cộng đồng"), or
 * what Excel's Subtotal command writes, the word last: "Quý I Total", "Grand
 * Total", and "Quý I Tổng" in Vietnamese. */
static bool subtotal_label(const char *f)
{
    static const char *const periods[] = {"quy", "thang", "nam", "ky", "dot", "tuan"};
    size_t len = strlen(f);
    for (size_t i = 0; strncmp(f, "cong ", 5) == 0 && i < G_N_ELEMENTS(periods); i++) {
        size_t l = strlen(periods[i]);
        if (strncmp(f + 5, periods[i], l) == 0 && (!f[5 + l] || strchr(" :.", f[5 + l])))
            return true;
    }
    return (len > 6 && strcmp(f + len - 6, " total") == 0) || (len > 5 && strcmp(f + len - 5, " tong") == 0);
}

bool kc_register_footer_row(char **fields, size_t n, const char **label)
{
    static const char *const words[] = {"tong cong", "tong so", "tong", "cong", "nguoi lap", "nguoi ghi so",
                                        "xac nhan"};
    size_t k = 0;
    bool footer = false;
    while (k < n && fields[k][strspn(fields[k], " \t\r\n")] == '\0')
        k++;
    if (k == n)
        return false;
    char *f = kc_text_fold(fields[k]);
    for (size_t i = 0; f && i < G_N_ELEMENTS(words) && !footer; i++) {
        size_t len = strlen(words[i]);
        /* A whole word, and "cộng" alone or before a count: "Cộng: 7", not
         * "Công văn" nor "Cộng đồng" (folded "cong van", "cong dong"). */
        footer = strncmp(f, words[i], len) == 0 && (!f[len] || f[len] == ':' || f[len] == ' ' || f[len] == '.') &&
                 !(f[len] == ' ' && g_ascii_isalpha(f[len + 1]) && strcmp(words[i], "cong") == 0);
    }
    footer = footer || (f && subtotal_label(f));
    /* A document number ("12/QĐ-UBND") is no total, whatever word it follows. */
    for (const char *p = f; footer && p && *p; p++)
        if (g_ascii_isdigit(*p) && p[1] == '/')
            footer = false;
    free(f);
    for (size_t i = k + 1; i < n && footer; i++) /* the others: empty or a count */
        for (const char *p = fields[i]; *p && footer; p++)
            footer = g_ascii_isdigit(*p) || *p == ' ' || *p == '.' || *p == ',';
    if (footer && label)
        *label = fields[k];
    return footer;
}

/* Whether folded text holds a document's number: it starts with figures
 * ("12/QĐ-UBND", "015"), or "Số" and figures ("Số 12/…", "so:12"), or
 * figures, a slash and a letter stand inside it ("Văn bản 12/QĐ-UBND"). */
static bool holds_number(const char *f)
{
    const char *p = f;
    if (strncmp(p, "so", 2) == 0 && !g_ascii_isalpha(p[2]))
        p += 2 + strspn(p + 2, " :.");
    if (g_ascii_isdigit(*f) || g_ascii_isdigit(*p))
        return true;
    for (p = f; *p; p++) {
        if (!g_ascii_isdigit(*p))
            continue;
        const char *q = p + strspn(p, "0123456789");
        q += strspn(q, " ");
        if (*q == '/' && g_ascii_isalpha(q[1 + strspn(q + 1, " ")]))
            return true;
        p = q - 1;
    }
    return false;
}

/* Whether folded text opens as a section heading does: a quarter, a month, a
 * part, a heading or a chapter ("Quý II", "Tháng 9", "Phần II. Văn bản đi",
 * "Mục 2", "Chương I"), or a Roman numeral and a full stop ("II. Văn bản
 * đi").  A document's summary does not ("Báo cáo tổng kết …"). */
static bool opens_section(const char *f)
{
    static const char *const words[] = {"quy ", "thang ", "phan ", "muc ", "chuong "};
    for (size_t i = 0; i < G_N_ELEMENTS(words); i++)
        if (g_str_has_prefix(f, words[i]))
            return true;
    size_t r = strspn(f, "ivx");
    return r > 0 && r <= 4 && f[r] == '.';
}

bool kc_register_section_row(char **fields, size_t n, int number_col, int date_col, int summary_col,
                             const char **label)
{
    size_t k = n, cells = 0;
    int y, m, d;
    for (size_t i = 0; i < n; i++)
        if (fields[i][strspn(fields[i], " \t\r\n")] != '\0' && cells++ == 0)
            k = i;
    /* One cell, where a line of its own is written: the row's first (a
     * line not padded with separators is that cell alone) or the number's;
     * or the summary's, when it opens as a heading does ("Quý II" typed
     * there was a document without number, date or file, counted unsigned:
     * 5/8 for 5/7, said; a summary alone, the number not yet typed, is
     * still a document). */
    if (cells != 1 || (int)k == date_col)
        return false;
    char *f = kc_text_fold(fields[k]);
    if (k != 0 && (int)k != number_col && ((int)k != summary_col || !f || !opens_section(g_strstrip(f)))) {
        free(f);
        return false;
    }
    bool letter = false;
    for (const char *p = f; p && *p && !letter; p++)
        letter = g_ascii_isalpha(*p) != 0;
    /* A month's heading ("Tháng 01/2021", "Tháng 4 năm 2021") reads as a
     * date without its day, which no document's date is: it was counted a
     * document with no file (5/10 for 5/7, atknum2). */
    d = 0;
    bool section = f && letter && !holds_number(g_strstrip(f)) &&
                   (kc_register_parse_date(fields[k], &y, &m, &d) == KC_DATE_UNREAD || d == 0);
    free(f);
    if (section && label)
        *label = fields[k];
    return section;
}

/* Whether Excel reads the cell as a formula: '=' first, or '+', '-' or '@'
 * (which Excel takes as =+…, =-…, a function) before a string, a number, a
 * bracket or a function's name, with a string, '&' or a bracket in it.  A
 * recipients list "- UBND huyện Phú Vang" or a number "-5", "+84" is text
 * or a number to Excel too. */
bool kc_register_csv_is_formula(const char *cell)
{
    const char *p = cell;
    while (*p == ' ')
        p++;
    if (*p == '=')
        return true;
    if (*p != '+' && *p != '-' && *p != '@')
        return false;
    const char *r = p + 1;
    while (*r == ' ')
        r++;
    const char *name = r;
    while (g_ascii_isalpha(*name) || (name > r && (g_ascii_isdigit(*name) || *name == '.')))
        name++;
    bool start = *r == '"' || *r == '(' || g_ascii_isdigit(*r) || (name > r && *name == '(');
    return start && strpbrk(r, "\"&(") != NULL;
}

bool kc_register_csv_formula(char *cell)
{
    const char *p = cell;
    while (*p == ' ')
        p++;
    if (!kc_register_csv_is_formula(cell))
        return true;
    if (*p != '=' && *p != '+')
        return false; /* -"x" is #VALUE!, @ a function: not computed */
    p++;
    /* The value is never longer than the formula: written over it once read whole. */
    char *val = g_malloc(strlen(cell) + 1), *w = val;
    bool term = false, ok = false;
    for (;;) {
        while (*p == ' ')
            p++;
        if (!term && *p == '"') {
            for (p++; *p && !(*p == '"' && p[1] != '"'); p++) {
                if (*p == '"')
                    p++; /* "" is one quote */
                *w++ = *p;
            }
            if (!*p)
                break; /* a string never closed */
            p++;
            term = true;
        } else if (!term && (g_ascii_isdigit(*p) || *p == '.')) {
            /* As Excel shows a number joined to text: its value, so 012 is
             * "12", 1.50 "1.5", .5 "0.5"; two dots, or more digits than
             * Excel keeps (15), are not computed. */
            const char *q = p, *dot = NULL;
            for (; g_ascii_isdigit(*q) || *q == '.'; q++)
                if (*q == '.') {
                    if (dot)
                        break;
                    dot = q;
                }
            if (*q == '.')
                break;
            const char *ib = p, *ie = dot ? dot : q, *fb = dot ? dot + 1 : q, *fe = q;
            while (ib < ie - 1 && *ib == '0')
                ib++;
            while (fe > fb && fe[-1] == '0')
                fe--;
            if (ib == ie && fb == fe)
                break; /* "." alone */
            size_t digits = (size_t)(ie - ib) + (size_t)(fe - fb);
            if (digits > 15)
                break;
            if (ib == ie)
                *w++ = '0';
            for (const char *c = ib; c < ie; c++)
                *w++ = *c;
            if (fe > fb) {
                *w++ = '.';
                for (const char *c = fb; c < fe; c++)
                    *w++ = *c;
            }
            p = q;
            term = true;
        } else if (term && *p == '&') {
            p++;
            term = false;
        } else {
            ok = term && !*p;
            break;
        }
    }
    if (ok) {
        *w = '\0';
        memcpy(cell, val, (size_t)(w - val) + 1);
    }
    g_free(val);
    return ok;
}
