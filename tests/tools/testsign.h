/* testsign.h: internals shared by the parts of kc-testsign, the fixture signer.
 *
 * kc-testsign is a test tool, not part of the library: it makes the documents the
 * verifier is tested against, so it must sign exactly the way real signers do
 * (incremental updates, detached CMS over /ByteRange) and also break things on
 * purpose.  Errors are reported to stderr here (a tool may print) and the functions
 * return 0 or -1; main() turns -1 into exit status 2. */
#ifndef KC_TESTSIGN_H
#define KC_TESTSIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <glib.h>
#include <openssl/bio.h>

/* Prints "kc-testsign: FILE: message" to stderr. */
void ts_error(const char *file, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

int ts_read_file(const char *path, unsigned char **data, size_t *len);
int ts_write_file(const char *path, const void *data, size_t len);
/* "2021-05-10T08:00:00Z" (the Z and the seconds optional) → UTC time_t. */
int ts_parse_time(const char *s, time_t *out);

/* ---- PDF objects (pdfobj.c) ---------------------------------------------------- */

typedef enum { PV_RAW, PV_REF, PV_ARRAY, PV_DICT } pv_kind;

/* A parsed PDF object.  Scalars (numbers, names, strings, booleans, null) are kept
 * as the exact token text, so re-writing an object changes nothing but what we
 * changed on purpose. */
typedef struct pv {
	pv_kind kind;
	char *raw;        /* PV_RAW */
	long num;         /* PV_REF */
	int gen;          /* PV_REF */
	GPtrArray *keys;  /* PV_DICT: char * "/Name", parallel to items */
	GPtrArray *items; /* PV_ARRAY, PV_DICT: pv * */
} pv;

pv *pv_parse(const unsigned char *buf, size_t len, size_t *pos);
void pv_free(pv *v);
pv *pv_copy(const pv *v);
pv *pv_new_raw(const char *raw);
pv *pv_new_ref(long num, int gen);
pv *pv_new_array(void);
pv *pv_new_dict(void);
void pv_array_push(pv *a, pv *item);
pv *pv_dict_get(const pv *d, const char *key);
void pv_dict_set(pv *d, const char *key, pv *val); /* takes val */
void pv_dict_del(pv *d, const char *key);
bool pv_is_name(const pv *v, const char *name);
bool pv_int(const pv *v, long *out);
void pv_write(GString *out, const pv *v);
/* A PDF text string: (ASCII) when plain, else <FEFF…> UTF-16BE. */
void pdf_text_string(GString *out, const char *utf8);

/* ---- the file: xref tables and trailers (pdffile.c) ----------------------------- */

typedef struct {
	long off;
	int gen;
	char type; /* 'n' in use, 'f' free, 0 never mentioned */
} xref_entry;

typedef struct pdf {
	const char *path;
	unsigned char *data;
	size_t len;
	long startxref; /* of the newest section: the /Prev of our update */
	GArray *xref;   /* xref_entry, indexed by object number, newest wins */
	pv *trailer;    /* the newest trailer dictionary */
} pdf;

int pdf_open(pdf **out, const char *path);
void pdf_free(pdf *doc);
/* The object numbered num, parsed (caller frees); NULL after an error message. */
pv *pdf_get(pdf *doc, long num);
/* v itself (copied) or, when v is a reference, the object it names. */
pv *pdf_deref(pdf *doc, const pv *v);
/* The first page's object number and generation, following /Kids[0] down. */
int pdf_first_page(pdf *doc, long *num, int *gen);

/* ---- writing an incremental update (pdffile.c) ---------------------------------- */

typedef struct update {
	pdf *doc;
	GString *out;   /* the whole new file: the old bytes, then the update */
	GArray *objs;   /* struct { long num; int gen; long off; } written so far */
	long next_num;  /* next free object number */
} update;

void upd_begin(update *u, pdf *doc);
long upd_new_num(update *u);
/* Records that object num/gen starts here; the caller then writes "... endobj\n". */
void upd_obj_start(update *u, long num, int gen);
void upd_write_obj(update *u, long num, int gen, const pv *v);
void upd_write_stream(update *u, long num, const char *dict_extra, const char *data, size_t len);
/* Appends the xref section, trailer, startxref and %%EOF. */
void upd_finish(update *u);
void upd_clear(update *u);

/* Adds the field reference to the AcroForm's /Fields (creating the AcroForm when the
 * catalog has none) and the widget to the page's /Annots, re-writing whatever
 * objects hold them. */
int upd_add_field(update *u, pv *catalog, long root_num, int root_gen, bool sigflags, long field_num);
int upd_add_annot(update *u, pv *page, long page_num, int page_gen, long annot_num);

/* ---- drawing (makedoc.c) ------------------------------------------------------- */

struct doc_opts {
	const char *number, *date, *title, *recipients, *body;
	const char *signer_name, *signer_title;
	int pages;
	long pad_kb;
};
int make_doc(const char *out_path, const struct doc_opts *o);
/* Appends PDF path operators ("m l c h", no fill) outlining `text` in DejaVu Sans
 * Bold of `size` pt, baseline at y in a y-up space, starting at x (or centred on x):
 * visible text that needs no font resource in the page. */
int text_path_ops(GString *out, const char *text, double size, double x, double y, bool center);

/* ---- CMS (cms.c) --------------------------------------------------------------- */

struct cms_opts {
	const char *cert, *key;
	const char **chain;
	size_t nchain;
	const char *md;      /* sha256 (default), sha1, sha384, sha512 */
	time_t when;
	bool signer_only;    /* ignore --chain: tokens that embed only the signer */
	bool no_certs;       /* no certificates at all */
	bool cades;          /* add ESS signing-certificate-v2, as PAdES requires */
	bool zero_signature; /* overwrite the signature value with zeros */
	const char *revinfo_crl;  /* a DER CRL put into Adobe's signed revocation archive */
	const char *revinfo_ocsp; /* a DER OCSPResponse put there */
	const char *cms_crl;      /* a DER CRL put into the SignedData's crls field */
	const char *cms_ocsp;     /* a DER OCSPResponse put there (RFC 5940's other choice) */
};
/* A DER detached CMS SignedData over everything `content` yields; *der is freed
 * with OPENSSL_free. */
int cms_make(const struct cms_opts *o, BIO *content, unsigned char **der, size_t *derlen);
/* Adobe's RevocationInfoArchival value holding the DER CRL and/or OCSPResponse files. */
int cms_revinfo_value(const char *crl, const char *ocsp, GByteArray **out);
/* The DER OCSPResponse in file put into the crls field of the ContentInfo *der (a
 * signature or a timestamp token) as RFC 5940's other choice; *der is reallocated. */
int cms_add_other_ocsp(unsigned char **der, size_t *len, const char *file);

/* ---- PDF operations (pdfsign.c) ------------------------------------------------ */

struct sign_opts {
	struct cms_opts cms;
	const char *subfilter, *field;
};
int pdf_sign(const char *in, const char *out, const struct sign_opts *o);
int pdf_modify(const char *in, const char *out, const char *mode);

/* ---- timestamps (tstamp.c) ----------------------------------------------------- */

/* sigvalue, tsa-reply, add-token, dts-prepare, set-contents: the exit status, or -1
 * when argv[1] is none of them. */
int tstamp_command(int argc, char **argv);

#endif
