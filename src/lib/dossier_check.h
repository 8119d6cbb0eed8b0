/* dossier_check.h (internal): what dossier_check.c and dossier_check_bag.c
 * share while checking one dossier: the check's result, the per-file
 * findings, and the context of one run. */
#ifndef KC_DOSSIER_CHECK_H
#define KC_DOSSIER_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include "dossier_model.h"
#include "zipio.h"

struct kc_check {
    GArray *p;               /* kc_problem, strings owned */
    GHashTable *seen;        /* "path\ncode\nmessage" of every problem: each is said once */
    size_t files;
    uint64_t bytes;
    kc_sig_info seal;
    bool sealed;
    int64_t seal_proven;     /* see kc_check_seal_proven_time */
    char *seal_proof;
    int64_t seal_renew_by;   /* see kc_check_seal_renew_by */
    size_t archive_count;    /* archive timestamps over the seal */
    int64_t archive_newest;
    char *archive_note;
    bool unpacked;           /* extract wrote the files */
};

/* Who records a file: each may find it changed, missing or not listed. */
enum { W_MANIFEST = 1, W_TAGMANIFEST = 2, W_JSON = 4, W_SEAL = 8 };
enum { F_CHANGED, F_MISSING, F_EXTRA, F_KINDS };

typedef struct finding {
    char *path;
    unsigned said[F_KINDS];  /* witnesses of each kind */
    bool foreign;            /* an entry under META-INF/ that is no container file */
    bool stray;              /* outside data/ and META-INF/, and none of the dossier's own files */
} finding;

typedef struct check_ctx {
    kc_check *c;
    kc_zr *zr;
    GHashTable *digest;      /* entry name → 32 bytes, for every entry hashed */
    GHashTable *manifest;    /* path → hex */
    GHashTable *tags;        /* tag file → hex */
    GHashTable *findings;    /* path → finding */
    GPtrArray *order;        /* findings in the order first found */
    GPtrArray *communes;     /* the communes the dossier names (owned strings) */
    GPtrArray *districts;    /* its districts and provinces, likewise */
    GPtrArray *provinces;
    int64_t made;            /* the dossier's own time, 0 when unknown */
    const kc_catalog *catalog; /* kc_check_opts's, or NULL */
} check_ctx;

/* Records that witness found path changed, missing or extra (kind). */
void kc_check_found(check_ctx *x, const char *path, int kind, unsigned witness);

/* dossier_check_bag.c */
char *kc_check_tag_file(check_ctx *x, const char *name, size_t *len, bool required);
void kc_check_load_manifest(check_ctx *x, const char *name, GHashTable *into);
void kc_check_missing(check_ctx *x, GHashTable *listed, unsigned witness);
void kc_check_names_place(GPtrArray *list, const char *place);
void kc_check_names_commune(check_ctx *x, const char *commune);
void kc_check_made_at(check_ctx *x, const char *iso, bool date_only);
void kc_check_bag(check_ctx *x);
void kc_check_bag_info_json(check_ctx *x, const kc_dossier *d);

/* dossier_check_report.c: report.txt, dossier.json's claims and report.docx
 * must be one report (rtzip9). */
void kc_check_report(check_ctx *x, const kc_dossier *d);

#endif
