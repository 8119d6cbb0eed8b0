/* pipeline.h: what pipeline.c and pipeline_files.c share (private to the
 * server): one submission's analysis in progress. */
#ifndef KC_SERVER_PIPELINE_H
#define KC_SERVER_PIPELINE_H

#include "server.h"
#include "verify_html.h"

typedef struct job {
    srv *s;
    srv_sub sub;
    char *work, *tree, *prefix; /* prefix: tree + "/", taken out of every path shown */
    GPtrArray *names;            /* every file under tree, relative, sorted */
    char *reg, *report;          /* chosen from the tree, or NULL */
    kc_verify_opts vo;
    srv_results r;
    verify_html *vh;
    GHashTable *verdicts;        /* path → page_verdict: the page's, reused by ingest */
    GPtrArray *notices;
    kc_review *review;           /* the dossier's review (srv_pipeline_review), or NULL */
    kc_dossier_events review_events; /* its progress (borrowed by the review's options) */
    double review_from, review_to; /* the progress it goes through */
    unsigned limit;              /* seconds the analysis may take (kc_verify_deadline) */
    uint64_t files, bytes;       /* the submission's files (a dossier's once unpacked), stored bytes */
    gint64 started;              /* g_get_monotonic_time() at the start */
} job;

/* A document's verdict on the submission's page, and whether it was made
 * with the detached signature beside it (path.p7s), so that the dossier's
 * validation data can rest on it instead of verifying the file again. */
typedef struct page_verdict {
    kc_verdict *v;
    bool with_p7s;
} page_verdict;

/* text with the work tree's path taken out (no path of the server's disk in
 * what a page shows) */
char *srv_pipeline_strip(const job *j, const char *text);
void srv_pipeline_progress(job *j, double p);
/* every file under root/rel (relative to root, sorted; links left out) added to out */
void srv_pipeline_walk(GPtrArray *out, const char *root, const char *rel);
int srv_pipeline_lay_out_files(job *j, kc_error *err);
int srv_pipeline_lay_out_dossier(job *j, kc_error *err);
/* The review library's row for the dossier at path (the store's blob),
 * j->review and j->r.review_json set; NULL and err set when it cannot be
 * made (out of memory). */
const kc_review_row *srv_pipeline_review(job *j, const char *path, kc_error *err);
/* The analysis's time limit set for this thread (kc_verify_deadline), from
 * the stored files; raised once a dossier's files are known (j->names). */
void srv_pipeline_clock_start(job *j);
void srv_pipeline_clock_files(job *j);
/* Whether the time is up: err then says so, as the page shows it. */
bool srv_pipeline_out_of_time(job *j, kc_error *err);
/* the documents (relative names) added to docs; j->reg and j->report chosen */
void srv_pipeline_classify(job *j, GPtrArray *docs);
/* progress from `from` to `to` as they go */
void srv_pipeline_verify_documents(job *j, GPtrArray *docs, double from, double to);

#endif
