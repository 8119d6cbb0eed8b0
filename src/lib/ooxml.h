/* ooxml.h (internal): Office Open XML packages (.xlsx, .docx) read safely.
 *
 * A package is a zip (read with libzip) of XML parts tied together by
 * relationship parts (_rels/.rels, xl/_rels/workbook.xml.rels, ...).  ooxml.c
 * finds parts by name (OPC part names are case-insensitive), follows
 * relationships and streams a part's bytes; ooxml_xml.c feeds them to
 * libxml2's SAX2 push parser with everything the file could abuse turned off
 * or bounded:
 *
 *   - a DOCTYPE is refused the moment the parser meets it, before the
 *     internal subset is read: no entity is ever declared, so no billion
 *     laughs and no external entity (/etc/passwd, http://...); network access
 *     is off (XML_PARSE_NONET) and XML_PARSE_NOENT / DTDLOAD are never set;
 *   - each part has a byte limit on what it inflates to, checked against the
 *     header before reading and on the bytes actually inflated (a header may
 *     lie), and a compression-ratio limit (a zip bomb);
 *   - element nesting, attributes per element and text per callback are
 *     bounded; libxml2's own limits (XML_PARSE_HUGE is never set) stay on.
 *
 * The readers built on it (xlsx.c, xlsx_sheet.c, docx.c) see elements by
 * namespace and local name, so a file written with other prefixes, or in the
 * Strict flavour of the standard, reads the same. */
#ifndef KC_OOXML_H
#define KC_OOXML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kiemchung/error.h"

/* Bounds on what a package may make us read. */
#define KC_OOXML_MAX_PART_SMALL (16u << 20)  /* workbook, styles, relationships, numbering */
#define KC_OOXML_MAX_PART_LARGE (256u << 20) /* a worksheet, the shared strings, document.xml */
#define KC_OOXML_MAX_RATIO 200.0             /* inflated / compressed, for parts over 1 MiB */
#define KC_OOXML_MAX_DEPTH 128               /* nested elements */
#define KC_OOXML_MAX_ATTRS 64                /* attributes of one element */
#define KC_OOXML_MAX_RELS 10000              /* relationships of one part */

/* Namespaces the readers care about; the transitional and Strict URIs of
 * each map to the same value. */
typedef enum kc_ns {
    KC_NS_NONE = 0,  /* no namespace (SpreadsheetML's r="B3", t="s") */
    KC_NS_OTHER,
    KC_NS_SHEET,     /* SpreadsheetML main */
    KC_NS_WORD,      /* WordprocessingML main */
    KC_NS_REL,       /* officeDocument relationships (r:id) */
    KC_NS_PKG_REL,   /* package relationships (_rels/.rels) */
    KC_NS_MC,        /* markup compatibility (mc:AlternateContent) */
    KC_NS_MATH,      /* Office Math (m:oMath, a Word equation) */
} kc_ns;

typedef struct kc_ooxml kc_ooxml;

/* Opens path as a package.  KC_EIO when it cannot be read; KC_EFORMAT when it
 * is not a zip, with a plain-language reason for what it is instead (an Excel
 * 97-2003 .xls or Word .doc, a password-protected file). */
int kc_ooxml_open(kc_ooxml **out, const char *path, kc_error *err);
/* The same from memory (a workbook inside a dossier): data must outlive the
 * package; name (a path) names it in messages. */
int kc_ooxml_open_buffer(kc_ooxml **out, const void *data, size_t len, const char *name, kc_error *err);
void kc_ooxml_free(kc_ooxml *p);
/* The file name shown in messages (the path's last component). */
const char *kc_ooxml_name(const kc_ooxml *p);
/* Whether the package holds a part of that name ("xl/workbook.xml"). */
bool kc_ooxml_has(const kc_ooxml *p, const char *part);

typedef struct kc_ooxml_rel {
    char *id;        /* "rId3" */
    char *type;      /* the type URI's last segment: "worksheet", "hyperlink" */
    char *target;    /* a part name resolved against the source ("xl/worksheets/sheet1.xml"),
                        or for an external target the target as written */
    bool external;
} kc_ooxml_rel;

/* The relationships of part (NULL or "" for the package's own, _rels/.rels).
 * A part without relationships gives none (*n = 0), not an error. */
int kc_ooxml_rels(kc_ooxml_rel **out, size_t *n, kc_ooxml *p, const char *part, kc_error *err);
void kc_ooxml_rels_free(kc_ooxml_rel *rels, size_t n);
const kc_ooxml_rel *kc_ooxml_rel_by_id(const kc_ooxml_rel *rels, size_t n, const char *id);
const kc_ooxml_rel *kc_ooxml_rel_by_type(const kc_ooxml_rel *rels, size_t n, const char *type);

/* ---- a part's bytes ----------------------------------------------------------- */

typedef struct kc_ooxml_part kc_ooxml_part;

/* Opens part for reading: KC_EFORMAT when the package has no such part (or
 * two), KC_ELIMIT when its header declares more than max bytes or a ratio over
 * the limit. */
int kc_ooxml_part_open(kc_ooxml_part **out, kc_ooxml *p, const char *part, uint64_t max, kc_error *err);
/* Bytes read (0 at the end); KC_ELIMIT when the part inflates past what its
 * header declares, KC_EFORMAT when its data is corrupt or shorter. */
int64_t kc_ooxml_part_read(kc_ooxml_part *f, void *buf, size_t n, kc_error *err);
void kc_ooxml_part_close(kc_ooxml_part *f);

/* ---- streaming a part's XML (ooxml_xml.c) --------------------------------------- */

typedef struct kc_xml kc_xml;

/* An element's attributes, NUL-terminated copies valid during the callback. */
typedef struct kc_xml_attrs {
    size_t n;
    kc_ns ns[KC_OOXML_MAX_ATTRS];
    const char *name[KC_OOXML_MAX_ATTRS];
    const char *value[KC_OOXML_MAX_ATTRS];
} kc_xml_attrs;

/* The value of attribute ns:name, or NULL. */
const char *kc_xml_attr(const kc_xml_attrs *a, kc_ns ns, const char *name);

/* Callbacks; any may be NULL.  A nonzero return stops the parse: call
 * kc_xml_fail first so the error says why. */
typedef struct kc_xml_handler {
    int (*start)(kc_xml *x, void *ud, kc_ns ns, const char *name, const kc_xml_attrs *a);
    int (*end)(kc_xml *x, void *ud, kc_ns ns, const char *name);
    int (*text)(kc_xml *x, void *ud, const char *s, size_t len);
} kc_xml_handler;

/* Records "FILE: PART: message" as the parse's error and stops the parser;
 * returns code. */
int kc_xml_fail(kc_xml *x, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int kc_xml_oom(kc_xml *x); /* kc_xml_fail with KC_ENOMEM and the one message */
/* The namespace URI prefix ("" the default) names where the parser stands,
 * or NULL when none is declared: for attributes whose values name
 * namespaces by prefix (mc:Choice's Requires, mc:Ignorable). */
const char *kc_xml_ns_uri(const kc_xml *x, const char *prefix);
/* The part being parsed, for messages. */
const char *kc_xml_part(const kc_xml *x);

/* Opens part for parsing with h (KC_EFORMAT when the package has no such
 * part, KC_ELIMIT when its header declares more than max bytes or a ratio
 * over the limit).  Nothing is parsed until kc_xml_feed. */
int kc_xml_open(kc_xml **out, kc_ooxml *p, const char *part, uint64_t max, const kc_xml_handler *h,
                void *ud, kc_error *err);
/* Parses the next chunk (at most chunk bytes of the inflated part): 1 when
 * more remains, 0 when the part has been read and was well-formed XML,
 * negative on an error (err names the file, the part and the line). */
int kc_xml_feed(kc_xml *x, size_t chunk, kc_error *err);
void kc_xml_free(kc_xml *x);

/* The whole part at once: open, feed to the end, free. */
int kc_ooxml_parse(kc_ooxml *p, const char *part, uint64_t max, const kc_xml_handler *h, void *ud,
                   kc_error *err);

/* Whether the file at path starts like a zip (a package), or like an OLE2
 * compound file (.xls, .doc, or an encrypted package).  Reads 8 bytes. */
bool kc_ooxml_looks_zip(const char *path);
bool kc_ooxml_looks_ole(const char *path);

/* newcomer38: a PDF given where a register or a report was expected (the
 * signed document itself, a slip any newcomer makes) was read as text and
 * refused for its bytes ("line 2: not UTF-8 text", "looks like UTF-16"),
 * which sends the user after an encoding.  When the file starts like a PDF,
 * sets err to a message that says so, naming what was wanted, and returns
 * KC_EFORMAT; else returns 0.  what: "register" or "report". */
int kc_ooxml_refuse_pdf(const char *path, const char *what, kc_error *err);

#endif
