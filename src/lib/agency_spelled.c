/* agency_spelled.c: a committee's words and a unit's kind or level as clerks
 * abbreviate them ("U.B.N.D", "UBND-xã", "X. Thủy Vân", "TT.Sịa", "H. Phú
 * Vang"), spelled out.  One reading for the desk, which keys communes and
 * districts by it (store_communes.c), and for the library, which reads a
 * certificate's names by it (agency.c): a seal certificate "CN=UBND X. Hiệp
 * Hòa" was the dossier's commune to the desk and another commune to `seal`
 * and `check` (rtdesk13; rtcert13). */
#include <glib.h>
#include <string.h>

#include "agency.h"
#include "text.h"

/* The committee's words as clerks also write them: dotted ("U.B.N.D"), half
 * abbreviated ("Ủy ban ND"), or glued to what follows by a dash, a dot or
 * a colon ("UBND-xã", "UBND.xã"), in the desk also by nothing ("UBNDxã");
 * folded. */
static const char *const committee_spelled[] = {"u.b.n.d.", "u.b.n.d", "uy ban nhan dan", "uy ban nd", "ubnd", NULL};
/* A commune's kind and a district's level abbreviated with a full stop, as
 * the registers and bag-infos write them ("X. Thủy Vân", "TT.Sịa", "P. 5",
 * "H. Phú Vang", "TX. Hương Thủy"): the stop is the word's; folded.  A bare
 * letter only as a word of its own (below). */
static const char *const kind_short[] = {"x.", "p.", "tt.", NULL};
static const char *const kind_long[] = {"xa ", "phuong ", "thi tran "};
static const char *const level_short[] = {"h.", "q.", "tx.", "tp.", NULL};
static const char *const level_long[] = {"huyen ", "quan ", "thi xa ", "thanh pho "};
/* The desk also reads them without the stop, as a word of their own ("X Thủy Vân", "TP Huế":
 * apart until rtdesk14; no unit's name starts with such a lone word, and "Xuân Thủy" or "Hà
 * Tĩnh" are not read so: the space is matched).  So does a certificate's kind
 * (kc_agency_spell_written): a person reads "UBND X Thủy Vân" as the desk does,
 * and a chairman's common name "Trần Văn Hùng - UBND X Thủy Vân" under Thủy An's
 * OU, read as naming no commune, was Thủy Vân's leader counted for Thủy An
 * (review35). */
static const char *const kind_bare[] = {"x ", "p ", "tt ", NULL};
static const char *const level_bare[] = {"h ", "q ", "tx ", "tp ", NULL};
/* the same words as written, for kc_agency_spell_written */
static const char *const kind_written[] = {"xã ", "phường ", "thị trấn "};

/* A separator a clerk puts between the committee's words and the unit's. */
static bool spelled_sep(char c)
{
    return c == ' ' || c == '-' || c == '.' || c == '_' || c == ':';
}

/* The abbreviation of shorts (or, bare, of bares) or the word of longs p starts with: its index, or -1. */
static int unit_at(const char *p, const char *const *shorts, const char *const *bares, const char *const *longs,
                   bool bare, size_t *len)
{
    for (size_t i = 0; shorts[i]; i++) {
        if (g_str_has_prefix(p, shorts[i]) || (bare && bares[i] && g_str_has_prefix(p, bares[i]))) {
            *len = g_str_has_prefix(p, shorts[i]) ? strlen(shorts[i]) : strlen(bares[i]);
            return (int)i;
        }
        if (g_str_has_prefix(p, longs[i])) {
            *len = 0;
            return -2 - (int)i; /* written out already */
        }
    }
    return -1;
}

/* An officer's form or a mailed dossier's bag-info naming "X. Thủy Vân",
 * "UBND-xã Thủy Vân" or "U.B.N.D xã Thủy Vân" was keyed as a commune apart
 * (rtdesk13), a row of the district's table beside Thủy Vân's, which said
 * nothing was sent and its clerk did not read.  Only where the name starts,
 * and only with something after. */
char *kc_agency_spelled_out(const char *f, bool levels, bool bare, kc_agency_spelling *how)
{
    const char *const *shorts = levels ? level_short : kind_short, *const *longs = levels ? level_long : kind_long;
    const char *const *bares = levels ? level_bare : kind_bare;
    GString *g = g_string_new(NULL);
    const char *p = f;
    size_t n = 0;
    kc_agency_spelling h = {false, -1, 0};
    for (size_t i = 0; committee_spelled[i]; i++) {
        size_t c = strlen(committee_spelled[i]);
        const char *q = f + c;
        /* glued to the unit's word ("UBNDxã Thủy Vân") only in the desk (rtdesk14) */
        if (strncmp(f, committee_spelled[i], c) != 0 ||
            !(spelled_sep(*q) || (bare && unit_at(q, shorts, bares, longs, true, &n) != -1)))
            continue;
        while (spelled_sep(*q))
            q++;
        if (*q) {
            g_string_append(g, "ubnd ");
            p = q;
            h.committee = true;
        }
        break;
    }
    int i = unit_at(p, shorts, bares, longs, bare, &n);
    if (i >= 0) {
        const char *q = p + n;
        while (*q == ' ')
            q++;
        if (*q && *q != '.' && *q != '-') {
            g_string_append(g, longs[i]);
            p = q;
            h.unit = i;
        }
    }
    g_string_append(g, p);
    h.rest = (size_t)(p - f);
    if (how)
        *how = h;
    return g_string_free(g, FALSE);
}

/* The byte in written (NFC) at which its fold has given the first n bytes
 * of folded, past the spaces after it; 0 when no prefix folds so. */
static size_t written_at(const char *written, const char *folded, size_t n)
{
    while (n && folded[n - 1] == ' ')
        n--; /* a fold ends with no space */
    for (const char *p = written; *p;) {
        p = g_utf8_next_char(p);
        char *head = g_strndup(written, (gsize)(p - written)), *fh = kc_text_fold(head);
        size_t len = fh ? strlen(fh) : 0;
        bool same = fh && len == n && strncmp(fh, folded, n) == 0;
        g_free(head);
        free(fh);
        if (same) {
            while (*p == ' ')
                p++;
            return (size_t)(p - written);
        }
        if (len > n)
            break;
    }
    return 0;
}

/* Whether folded text opens with the field an office or a centre is named
 * after ("Tài chính - Kế hoạch", "Văn hóa - Thể thao"): "P." and "TT." also
 * abbreviate Phòng and Trung tâm, and "O=TT. Văn hóa - Thể thao huyện Phú
 * Vang" (the district's culture centre) was read as the thị trấn "Văn hóa",
 * its staff counted for it, "OU=P. Tài chính" as a ward (rtcert18).  No
 * ward's or town's name opens with these words ("Dân Chủ", "Nông trường
 * Mộc Châu", "Kinh Bắc" do not). */
static bool names_a_field(const char *f)
{
    static const char *const fields[] = {
        "van hoa", "the thao", "tai chinh", "tu phap", "noi vu", "y te", "giao duc", "lao dong", "tai nguyen",
        "nong nghiep", "kinh te", "ha tang", "quan ly", "dan toc", "cong thuong", "thong tin", "truyen thong",
        "dich vu", "phat trien", "boi duong", "khuyen nong", "hanh chinh", "phuc vu", "ke hoach", "moi truong",
        "dao tao", "day nghe", "to chuc", "thong ke", "ho tro", "dan so", "ke toan", "xuc tien", "tiep cong dan",
        /* the district's and province's centres and offices missing above, each
         * read as a town or a ward of that name (rtcert20): Trung tâm Chính trị,
         * Công nghệ thông tin, Học tập cộng đồng (the commune's own), Kỹ thuật
         * tài nguyên, Nước sạch, Lưu trữ lịch sử, Bảo trợ xã hội, Công tác xã
         * hội, Trợ giúp pháp lý, Phát thanh - Truyền hình, Quy hoạch, Giám định,
         * Kiểm soát bệnh tật, Điều hành, Quan trắc, Khám chữa bệnh; Phòng Công
         * chứng số 1, Thanh tra, Khoa học, Tổng hợp, Nghiệp vụ, Cảnh sát, Văn
         * thư - Lưu trữ, a bank's Phòng Giao dịch.  Not "giong" (TT. Giồng
         * Riềng) nor "kham" (P. Khâm Thiên): towns and wards of those names. */
        "chinh tri", "cong nghe", "hoc tap", "ky thuat", "nuoc sach", "luu tru", "bao tro", "cong tac xa hoi",
        "tro giup", "phat thanh", "quy hoach", "giam dinh", "kiem soat", "dieu hanh", "quan trac", "kham chua benh",
        "kham benh", "cong chung", "thanh tra", "khoa hoc", "tong hop", "nghiep vu", "canh sat", "van thu",
        "giao dich", "dang ky",
        /* the district's land-clearance centre, "TT. Bồi thường …", "TT. Giải phóng mặt
         * bằng …", "TT. Quỹ đất …", still read as a town of that name (rtcert21) */
        "boi thuong", "giai phong mat bang", "quy dat"};
    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
        size_t n = strlen(fields[i]);
        if (strncmp(f, fields[i], n) == 0 && (!f[n] || !g_ascii_isalnum(f[n])))
            return true;
    }
    return false;
}

char *kc_agency_spell_written(const char *written)
{
    char *nfc = written ? kc_text_nfc(written) : NULL, *f = nfc ? kc_text_fold(nfc) : NULL, *out = NULL;
    kc_agency_spelling how;
    char *spelled = f ? kc_agency_spelled_out(f, false, true, &how) : NULL;
    size_t at = 0;
    /* An abbreviated kind ("UBND X. Hiệp Hòa", "TT. Phú Đa", "UBND X Hiệp Hòa") or committee
     * ("U.B.N.D xã Thủy An", "UBND-xã Thủy An"); the committee's words that
     * the readers read already, followed by a space, stay as written. */
    bool read = g_str_has_prefix(f ? f : "", "ubnd ") || g_str_has_prefix(f ? f : "", "uy ban nhan dan ");
    /* a ward's or a town's kind that abbreviates an office's or a centre's word */
    bool office = spelled && how.unit >= 1 && how.rest && names_a_field(f + how.rest);
    if (spelled && !office && (how.unit >= 0 || (how.committee && !read)) && how.rest &&
        (at = written_at(nfc, f, how.rest)) > 0)
        out = g_strconcat(how.committee ? "UBND " : "", how.unit >= 0 ? kind_written[how.unit] : "", nfc + at, NULL);
    g_free(spelled);
    free(f);
    if (!out && written)
        out = g_strdup(written);
    free(nfc);
    return out;
}
