/* kiemchung/report.h: the commune's evidence report, read as clerks write it.
 *
 * The report ("Báo cáo số liệu, tài liệu kiểm chứng", see
 * samples/report-2021.txt) is text with tab-separated tables: header rows
 * ("STT  TIÊU CHÍ  Đơn vị chủ trì thực hiện  Nội dung thực hiện") repeated
 * wherever a page broke, group rows ("<b>II</b>  <b>CÁC TIÊU CHÍ VỀ ...</b>"),
 * sub-group rows in bold without a number, criterion rows, sub-rows that
 * continue the criterion above without a number of their own, <b>/<i>/<a href>
 * markup and HTML entities, and free text between the tables.  The parser reads
 * the file line by line; text may be NFC or NFD, lines may end in CRLF.
 *
 * Each criterion keeps its number as written, where it sits (part, group,
 * sub-group), its name, responsible unit, evidence cells (markup removed) and
 * the references and figures parsed from them (docref.h).
 *
 * Also here: lint (claims that do not hold), and the report rebuilt as a text
 * or HTML table (for `kiemchung list --report`). */
#ifndef KIEMCHUNG_REPORT_H
#define KIEMCHUNG_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include "catalog.h"
#include "docref.h"
#include "ratios.h"
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One criterion row of the report.  Everything is borrowed from the report and
 * lives as long as it; strings are NFC UTF-8, never NULL ("" when empty) unless
 * said otherwise. */
typedef struct kc_criterion {
    const char *number;      /* as written: "20", "5.1"; "" for a sub-row */
    const char *key;         /* what evidence is filed under: the number, or for a
                                sub-row the number of the criterion it continues */
    const char *parent;      /* for a sub-row, that criterion's number; else NULL */
    const char *part;        /* the bold title above the table ("1. Nhóm tiêu chí ...") */
    const char *group;       /* "I", "II", ...; "" before the first group row */
    const char *group_title; /* "CÁC TIÊU CHÍ VỀ CƠ SỞ HẠ TẦNG THÔNG TIN" */
    const char *subgroup;    /* "Ứng dụng chữ ký số"; "" when none */
    const char *name;
    const char *unit;        /* Đơn vị chủ trì; "" when the table has no such column */
    const char *const *cells;/* the evidence cells (every column after the unit) */
    size_t ncells;
    const char *evidence;    /* the non-empty cells joined by " " */
    const kc_docref_list *refs; /* references and figures parsed from evidence */
    bool heading;            /* a numbered row with only a bold name: its
                                sub-criteria carry the evidence (e.g. 19) */
    unsigned line;           /* 1-based line in the report file */
} kc_criterion;

typedef struct kc_report kc_report;

/* Reads the report at path.  Returns 0 with *out the report; KC_EIO when it
 * cannot be read; KC_EFORMAT with the line number in the message ("line 17: ...")
 * for invalid UTF-8, control characters, a table row that is not a header,
 * group, sub-group or criterion row, or a file with no criteria table;
 * KC_ELIMIT for a line over 64 KiB or more than 100000 lines. */
int kc_report_parse_file(kc_report **out, const char *path, kc_error *err);

/* The same over a buffer (e.g. the report stored in a dossier); name is used in
 * messages only. */
int kc_report_parse_buffer(kc_report **out, const char *data, size_t len, const char *name,
                           kc_error *err);

/* kc_report_parse_file also reads a Word document (.docx, told by its content):
 * its paragraphs and evaluation tables (merged cells, automatic numbering,
 * bold runs, hyperlinks) become the text form above and are parsed as such.
 * Errors then name the place in the document ("table 2, row 5"), and so does
 * this: for a report read from a Word document, where the criterion or finding
 * at `line` sits in it; NULL for a text report. */
const char *kc_report_place(const kc_report *r, unsigned line);

const char *kc_report_title(const kc_report *r); /* the bold title lines joined, or "" */
size_t kc_report_count(const kc_report *r);       /* criteria, sub-rows included */
const kc_criterion *kc_report_get(const kc_report *r, size_t i); /* borrowed */
/* The first criterion whose number (or, failing that, key) is number. */
const kc_criterion *kc_report_find(const kc_report *r, const char *number);
void kc_report_free(kc_report *r);

/* --- lint ------------------------------------------------------------------
 * Stable codes (the JSON of `kiemchung lint`):
 *   ratio-mismatch   a claimed percentage differs from its ratio (650/652 = 99,7% holds)
 *   ratio-invalid    a ratio over 1 or with a zero denominator
 *   evidence-mismatch the evidence speaks of another level than the criterion
 *                    (criterion 18 asks for level 4, its evidence says level 3)
 *   evidence-kind    the catalog expects a kind of evidence the cell does not give
 *   skipped-number   a number missing from the sequence (26)
 *   duplicate-number a number used twice
 *   not-met          the evidence says it is not done ("Đang học", "chưa lắp đặt")
 *   no-evidence      a criterion without evidence
 *   not-in-catalog   a number the catalog does not know
 *   name-mismatch    a name that differs from the catalog's
 *   figures-disagree two criteria give different figures for what the catalog
 *                    says is the same count (the denominators of 27, 32, 34)
 *   register-mismatch a claim for criteria 20–22 that the register does not
 *                    support (kc_report_lint_register)
 *   reordered-text   the evidence holds a control that makes viewers draw what
 *                    follows it in another order than it is read ("\u202E%001")
 * A number the catalog itself leaves out (26 in the 2021 set) is not a
 * skipped-number. */
typedef struct kc_finding {
    const char *criterion;   /* as written in the report; "" when none */
    const char *code;        /* stable, see above */
    const char *message;     /* plain words, translated */
    unsigned line;           /* report line, 0 when none */
} kc_finding;

typedef struct kc_lint kc_lint;

/* Lints r, against catalog when not NULL (evidence-kind, not-in-catalog,
 * name-mismatch and headings need it).  Findings come in report order. */
int kc_report_lint(kc_lint **out, const kc_report *r, const kc_catalog *catalog, kc_error *err);
/* Holds the report's claims for criteria 20, 21 and 22 against got[0..2],
 * what the register gives (kiemchung index), adding a register-mismatch
 * finding for each claimed figure the register does not support; source
 * names the register in the messages. */
int kc_report_lint_register(kc_lint *l, const kc_report *r, const kc_ratio got[3], const char *source,
                            kc_error *err);
/* rtzip5: a problem the dossier's check found (path and message as check
 * says them), as a dossier-check finding: a report or register read from a
 * dossier that fails its check may not be the one it was made with. */
int kc_lint_add_dossier_problem(kc_lint *l, const char *path, const char *message, kc_error *err);
size_t kc_lint_count(const kc_lint *l);
const kc_finding *kc_lint_get(const kc_lint *l, size_t i); /* borrowed */
/* {"criteria": N, "findings": [{"criterion", "code", "message", "line"}...]} (malloc'd) */
char *kc_lint_to_json(const kc_lint *l, const kc_report *r);
void kc_lint_free(kc_lint *l);

/* --- output ---------------------------------------------------------------- */
typedef enum kc_render_format {
    KC_RENDER_TEXT = 0, /* aligned plain text for a terminal */
    KC_RENDER_HTML = 1  /* a self-contained page that opens in any browser */
} kc_render_format;

/* The report's tables rebuilt (parts, groups, criteria with unit and evidence).
 * *out is malloc'd UTF-8. */
int kc_report_render(char **out, const kc_report *r, kc_render_format fmt, kc_error *err);

/* The criteria as JSON (malloc'd): [{"number", "key", "parent", "part", "group",
 * "group_title", "subgroup", "name", "unit", "evidence", "line", "references":
 * [{"kind": "document"|"invoice"|"url"|"figure", "text", "type", "number",
 * "symbol", "issuer", "date", "from", "to", "url", "figure", "numerator",
 * "denominator", "value", "unit"}...]}...], dates as "2019-05-14"/"2021-09". */
char *kc_report_to_json(const kc_report *r);

#ifdef __cplusplus
}
#endif
#endif
