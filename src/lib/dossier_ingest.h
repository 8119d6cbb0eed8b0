/* dossier_ingest.h (internal): the state of one ingest, shared by
 * dossier_ingest.c (gathering sources: folders, a map, a report, a catalog,
 * the dossier being updated) and dossier_write.c (deduplicating, linking,
 * writing). */
#ifndef KC_DOSSIER_INGEST_H
#define KC_DOSSIER_INGEST_H

#include "dossier_model.h"
#include "kiemchung/report.h"
#include "zipio.h"

struct kc_ingest {
    kc_dossier *d;
    kc_dossier_events ev;
    kc_report *report;         /* for linking loose PDFs; NULL without a report */
    bool have_criteria;        /* a report or catalog named the criteria */
    GArray *loose;             /* size_t: files found outside numbered folders */
    GHashTable *by_inode;      /* "dev:ino" of a source → file index + 1 */
    kc_zr *old;                /* the dossier being updated, or NULL */
    int64_t newest;            /* newest modification time among the inputs */
    bool linked;
    struct kc_ltv_ingest *ltv; /* validation data (ltv_ingest.c), or NULL */
};

/* A notice to the caller (printf-style, already translated). */
void kc_ingest_notice(kc_ingest *in, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Shared by dossier_ingest.c and dossier_map.c: the newest file time seen;
 * the criterion key files its evidence under (created; NULL on ENOMEM;
 * where names the source in a notice); a folder's files added under cite
 * (NULL: by the folders' criteria), root bounding where links may lead. */
void kc_ingest_saw_time(kc_ingest *in, int64_t t);
kc_dm_crit *kc_ingest_criterion_for(kc_ingest *in, const char *key, const char *where);
int kc_ingest_walk(kc_ingest *in, const char *dir, const char *root, const kc_citation *cite, kc_error *err);

#endif
