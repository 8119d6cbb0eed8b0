/* kiemchung/register.h: the outgoing-documents register (sổ đăng ký văn bản
 * đi, Decree 30/2020 Phụ lục IV) as the clerk keeps it in Excel (the workbook
 * itself, or exported as CSV), or as rebuilt from the documents themselves
 * when there is no register. */
#ifndef KIEMCHUNG_REGISTER_H
#define KIEMCHUNG_REGISTER_H

#include <stdbool.h>
#include <stddef.h>
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kc_register kc_register;

/* How a row's electronic copy was found. */
typedef enum kc_found {
    KC_FOUND_NONE = 0,   /* not found: file is NULL, or names what is not there */
    KC_FOUND_COLUMN,     /* the register's file column names it */
    KC_FOUND_NAME,       /* no file column: a file named after the number (12-QD-UBND.pdf) */
    KC_FOUND_TEXT,       /* no file column: a PDF whose "Số:" line is the number */
    KC_FOUND_DOCUMENT    /* the row was read from the document itself */
} kc_found;

/* One document of the register.  Strings are UTF-8 (NFC) or NULL. */
typedef struct kc_register_row {
    size_t line;          /* the row number Excel shows (a CSV's quoted cell over two
                             lines is one row); 0 when read from a PDF */
    char *number;         /* as written: "12/QĐ-UBND" */
    long serial;          /* 12; 0 when the number has none */
    char *symbol;         /* "QĐ-UBND" */
    char *date;           /* as written */
    int year, month, day; /* 0 when the date could not be read */
    char *type;           /* "Quyết định", or the type abbreviation of the number */
    char *summary;        /* trích yếu */
    char *signer;         /* người ký */
    char *recipients;     /* nơi nhận */
    char *file;           /* the electronic copy: a path usable from the current directory, or NULL */
    bool from_document;   /* read from the PDF's text rather than a register row */
    char **warnings;      /* plain-language warnings about this row */
    size_t n_warnings;
    char *where;          /* the row in words, for messages: "row 4", or in a workbook
                             "so-di.xlsx, sheet Sổ đi, row 12"; NULL when read from a PDF */
    kc_found found;       /* how file was found */
    char *file_written;   /* the file as the register names it, when the file found on disk
                             is named otherwise (case, NFC/NFD, backslashes); else NULL */
} kc_register_row;

/* Reads a register CSV.  Headers are the Decree 30 column names or the
 * aliases number, date, type, summary, signer, recipients, file, in any
 * order, case, with or without diacritics; file paths are relative to the
 * CSV.  Fails (KC_EIO, KC_EFORMAT) only when the register as a whole cannot
 * be read; row problems become warnings. */
int kc_register_load_csv(kc_register **out, const char *path, kc_error *err);

/* Reads one sheet of an Excel workbook (.xlsx) the same way: sheet is its
 * name (compared in NFC, ignoring case), or NULL for the sheet Excel opens the
 * workbook on (its active tab; else the first visible sheet): then another
 * sheet that reads as a register of the same year is named in a warning.
 * Cells read as Excel shows them (dates as dd/mm/yyyy); a merged cell's value
 * covers its whole area; file paths are relative to the workbook.  KC_EFORMAT
 * names the file and the part when the workbook cannot be read (or lists its
 * sheets when none has that name); KC_ELIMIT when it exceeds a bound. */
int kc_register_load_xlsx(kc_register **out, const char *path, const char *sheet, kc_error *err);

/* Either, by the file's content: a workbook (or an old .xls, refused with a
 * message saying how to save it) or a CSV, for which sheet is ignored with a
 * warning. */
int kc_register_load(kc_register **out, const char *path, const char *sheet, kc_error *err);

/* The same over bytes in memory (a register inside a dossier): a workbook or
 * a CSV by its content; name is its path as messages show it and the folder
 * file paths are relative to ("data/20/so-di.csv": files "data/20/..."). */
int kc_register_load_buffer(kc_register **out, const char *data, size_t len, const char *name, const char *sheet,
                            kc_error *err);

/* Whether the register has a column naming each document's file. */
bool kc_register_has_file_column(const kc_register *reg);
/* Whether the Word document (.docx) at path holds a table headed as an
 * outgoing register is (its number, date and another column): a register kept
 * in Word, which kiemchung does not read as one (register_word.c). */
bool kc_register_in_word(const char *path);

/* For a register without a file column: finds each row's document among
 * paths (the PDFs of the register's folder, say) by its number and symbol,
 * first by file name ("12-QD-UBND.pdf", "12_QĐ-UBND.pdf", "So 12 QD-UBND.pdf"),
 * then by the "Số:" line of the PDFs no name matched (poppler).  Sets file
 * and found (KC_FOUND_NAME or KC_FOUND_TEXT); a row no document answers, or
 * two answer, keeps file NULL with a warning saying so. */
int kc_register_find_documents(kc_register *reg, const char *const *paths, size_t n, kc_error *err);

/* Builds a register from PDFs: each document's text (poppler) gives its
 * number ("Số: 12/QĐ-UBND"), date and recipients ("Nơi nhận:"). */
int kc_register_from_documents(kc_register **out, const char *const *paths, size_t n, kc_error *err);

/* Whether the PDF a row names is another document than the row says: its
 * text (poppler, first and last page) gives a "Số:" number other than the
 * row's, or a date ("ngày … tháng … năm …") of another year.  *said then
 * says which, in words (free).  A row without a file or number, a file that
 * is not a PDF, and a PDF whose text gives neither (a scan) are not judged:
 * false. */
bool kc_register_row_other_document(const kc_register_row *row, char **said);
/* The same; and when the PDF's text cannot be read (poppler cannot open it,
 * or reading it went over the text reader's deadline or memory limit, or
 * crashed it: kiemchung/textreader.h), *unread says why (free), else NULL. */
bool kc_register_row_other_document_why(const kc_register_row *row, char **said, char **unread);
/* The same judgement of a document's text already read (kc_pdftext: its
 * first and last pages, NFC), for a document that is no file on disk (a
 * dossier's entry).  A row without a number and a NULL text: false. */
bool kc_register_text_other_document(const kc_register_row *row, const char *text, char **said);
/* Whether a row's PDF (its text, with the row's number on its "Số:" line)
 * dates itself in year by the heading date beside that line, every such date
 * of that year: a row typed with another year than its document's ("30/06/2020"
 * for a report headed "ngày 30 tháng 06 năm 2021").  No file, a scan, no
 * number line or no date beside it: false. */
bool kc_register_row_text_dated(const kc_register_row *row, int year);
/* The same over a document's text already read (a dossier's entry). */
bool kc_register_text_dated(const kc_register_row *row, const char *text, int year);
/* Whether a document's text, whose "Số:" number is the row's, gives no date
 * in figures beside it ("năm hai nghìn không trăm hai mươi", "năm MMXX",
 * "năm 2 0 2 0"), so that its year was not compared with the row's: why
 * (free), or NULL (its year was read, or there is no number to go by). */
char *kc_register_text_year_unread(const kc_register_row *row, const char *text);
/* Whether the signed document a row names was signed in an earlier year
 * than the row's date, more than a month before it (its latest valid
 * signature, by a trusted timestamp or the signer's own claimed time): an old
 * signed document, a scan without text too, given for the row.  *said then
 * says when, in words (free).  A row without a full date, or signatures
 * without a time: false. */
struct kc_verdict;
bool kc_register_row_signed_before(const kc_register_row *row, const struct kc_verdict *v, char **said);
/* When a row's document was first validly signed ("2022-01-10", g_free)
 * if that was only after the year of its date ended (Vietnam's time): a
 * document of 2021 signed in 2022 was not signed when it went out.  It still
 * counts as signed (criterion 20 asks for a valid signature), but the figure
 * says how many were so signed.  NULL otherwise, or without times. */
char *kc_register_row_signed_after(const kc_register_row *row, const struct kc_verdict *v);
/* Whether a row's recipients say "Như trên" (as above): a công văn lists
 * its addressees so, in its "Nơi nhận" block, under the "Kính gửi:" line
 * they stand on, and clerks copy the block into the register as it is. */
bool kc_register_row_as_above(const kc_register_row *row);
/* The addressees of the "Kính gửi:" line of a row's PDF (its text, first and
 * last page), one a line (free), or NULL: no file, not a PDF, no text (a
 * scan), no such line. */
char *kc_register_row_addressees(const kc_register_row *row);
/* The same from a document's text already read (a dossier's entry). */
char *kc_register_text_addressees(const char *text);

/* One number, one document.  Decree 30 numbers an agency's documents once a
 * year ("15/QĐ-UBND" names one document of 2021), so rows of one year that
 * hold one number are one document however the number is written: spaces,
 * a trailing dot, leading zeros, "Số" before it, case and diacritics
 * ("015 /QĐ-UBND.", "số 15/qđ-ubnd").  A commune that files a signed
 * document again under such a spelling (the same Word file saved to PDF and
 * signed again: other bytes, other signatures) must not count it twice.
 * kc_numbers remembers the rows counted as signed, by year and number. */
typedef struct kc_numbers kc_numbers;
kc_numbers *kc_numbers_new(void);
/* The earlier row remembered with row's number in row's year (or either
 * without a year: its date could not be read), or NULL: then row is
 * remembered (a row without a number never is). */
const kc_register_row *kc_numbers_take(kc_numbers *n, const kc_register_row *row);
void kc_numbers_free(kc_numbers *n);

/* The year most of n years are (0s, unknown, left out): *best of them and
 * *nyears distinct years (each may be NULL); 0 when none is known, -1 when
 * two years are as many.  Figures are a year's: one count decides it for a
 * register's rows, a district's communes (index) and a review's dossiers. */
int kc_years_most(const int *years, size_t n, size_t *best, unsigned *nyears);

/* Twins: rows of one register that are one document, which counts once, for
 * the first row counted as signed (twins.c).  `index` and `review` both ask
 * this one routine, in the register's order, so they never disagree.  A row
 * counted as signed is the twin of an earlier one when their files hold one
 * signature value (a copy with bytes appended, an update of its metadata:
 * KC_TWIN_SIGNATURE), one document under their signatures (a scan signed
 * twice: KC_TWIN_SIGNED_AGAIN), or, failing both, one number in one year
 * (kc_numbers_take: KC_TWIN_NUMBER). */
typedef enum kc_twin { KC_TWIN_NONE, KC_TWIN_SIGNATURE, KC_TWIN_SIGNED_AGAIN, KC_TWIN_NUMBER } kc_twin;
typedef struct kc_twins kc_twins;
/* Before a key from an original_sha256 (verify.h) in kc_twin_keys. */
#define KC_TWIN_ORIGINAL "original:"
kc_twins *kc_twins_new(void);
/* What a verdict's document is known by: its intact signatures' values
 * (value_sha256) and, after KC_TWIN_ORIGINAL, the documents they were
 * appended to; a NULL-ended array, never NULL (free each and it, or
 * g_strfreev).  v NULL: none. */
char **kc_twin_keys(const struct kc_verdict *v);
/* Whether row, counted as signed, with its keys (NULL: none) is a twin of
 * an earlier row taken: then *first (may be NULL) is that row; else the row
 * is remembered by its keys and number and KC_TWIN_NONE comes back. */
kc_twin kc_twins_take(kc_twins *t, const kc_register_row *row, const char *const *keys,
                      const kc_register_row **first);
/* The warning for a twin (free), naming row (its file shown as `file`) and
 * the first row (by its place, else first_file); NULL for KC_TWIN_NONE. */
char *kc_twin_warning(kc_twin twin, const kc_register_row *row, const char *file, const kc_register_row *first,
                      const char *first_file);
void kc_twins_free(kc_twins *t);

size_t kc_register_count(const kc_register *reg);
const kc_register_row *kc_register_row_at(const kc_register *reg, size_t i);
/* Warnings about the register as a whole (unknown columns, encoding). */
size_t kc_register_warning_count(const kc_register *reg);
const char *kc_register_warning(const kc_register *reg, size_t i);
const char *kc_register_path(const kc_register *reg);
/* The sheet read from a workbook, or NULL for a CSV or documents. */
const char *kc_register_sheet(const kc_register *reg);

void kc_register_free(kc_register *reg);

#ifdef __cplusplus
}
#endif
#endif
