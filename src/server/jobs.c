/* jobs.c: the worker threads that analyse submissions, never the request
 * that uploaded them.
 *
 * A submission is a row in state queued; a worker marks it running (one more
 * attempt), runs the pipeline and marks it done (with its results, in one
 * transaction) or failed.  Progress lives in memory: it is only of use while
 * the server that computes it runs.  At start every submission still queued
 * or running (the server was stopped or killed) is queued again, unless it
 * has already been attempted three times: then it is marked failed, so that
 * one file that crashes the analysis cannot crash the server at every start.
 *
 * Workers run at a lower priority (nice 10) than the thread that answers
 * pages, so a page loads quickly while thousands of documents are verified.
 *
 * The queue takes turns between accounts (start-time fair queueing, each
 * submission one unit): a submission's tag is the later of the tag being
 * analysed when it came and the one after its account's previous
 * submission, and the lowest tag goes first (the older of equal ones).  In
 * arrival order, a district's officer sending the dossiers its communes
 * mailed (two per commune with a clerk's account: a province's hundred
 * communes, two hundred submissions) held every worker until the last of
 * them was analysed, and a clerk's upload sent meanwhile waited behind all
 * of them (rtdesk13); and no account waits for ever behind later ones. */
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "server.h"

#define MAX_ATTEMPTS 3

struct srv_jobs {
    srv *s;
    GThreadPool *pool;
    GMutex lock;
    GHashTable *progress; /* id → double* */
    GHashTable *tag;      /* id → its tag (gsize) while queued or running */
    GHashTable *next;     /* account → the tag after its last submission's */
    gsize now;            /* the tag of the submission analysed last started */
    gint stopping;
};

/* The account a submission was sent by (its commune's, negated, when the
 * row names none): whose turn it takes. */
static int64_t account_of(srv_jobs *j, int64_t id)
{
    int64_t who = 0;
    sqlite3 *db = srv_db_lock(j->s->store);
    sqlite3_stmt *st = srv_db_prepare(db, "SELECT coalesce(user_id, -commune_id) FROM submissions WHERE id = ?");
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW)
            who = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    srv_db_unlock(j->s->store);
    return who;
}

/* The pool's order, the lower tag first, then the older (called with the
 * pool's queue locked; j->lock is never held while pushing). */
static gint by_tag(gconstpointer a, gconstpointer b, gpointer user)
{
    srv_jobs *j = user;
    int64_t ia = (int64_t)GPOINTER_TO_SIZE(a), ib = (int64_t)GPOINTER_TO_SIZE(b);
    g_mutex_lock(&j->lock);
    gsize ta = GPOINTER_TO_SIZE(g_hash_table_lookup(j->tag, &ia)), tb = GPOINTER_TO_SIZE(g_hash_table_lookup(j->tag, &ib));
    g_mutex_unlock(&j->lock);
    return ta != tb ? (ta < tb ? -1 : 1) : (ia < ib ? -1 : ia > ib);
}

static void set_progress(srv_jobs *j, int64_t id, double p, bool remove)
{
    g_mutex_lock(&j->lock);
    if (remove) {
        g_hash_table_remove(j->progress, &id);
    } else {
        double *v = g_hash_table_lookup(j->progress, &id);
        if (!v) {
            int64_t *k = g_new(int64_t, 1);
            *k = id;
            v = g_new(double, 1);
            g_hash_table_insert(j->progress, k, v);
        }
        *v = p < 0 ? 0 : p > 1 ? 1 : p;
    }
    g_mutex_unlock(&j->lock);
}

void srv_jobs_set_progress(srv_jobs *j, int64_t submission, double p)
{
    set_progress(j, submission, p, false);
}

double srv_jobs_progress(srv_jobs *j, int64_t submission)
{
    double p = -1;
    g_mutex_lock(&j->lock);
    double *v = g_hash_table_lookup(j->progress, &submission);
    if (v)
        p = *v;
    g_mutex_unlock(&j->lock);
    return p;
}

bool srv_jobs_stopping(srv_jobs *j)
{
    return g_atomic_int_get(&j->stopping) != 0;
}

static void run(gpointer data, gpointer user)
{
    srv_jobs *j = user;
    int64_t id = (int64_t)GPOINTER_TO_SIZE(data);
    kc_error err = {0};
    g_mutex_lock(&j->lock);
    j->now = MAX(j->now, GPOINTER_TO_SIZE(g_hash_table_lookup(j->tag, &id)));
    g_hash_table_remove(j->tag, &id);
    g_mutex_unlock(&j->lock);
    if (srv_jobs_stopping(j))
        return; /* still queued in the store: the next start takes it */
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
    srv_sub_set_status(j->s->store, id, "running", NULL, true);
    set_progress(j, id, 0, false);
    int rc = srv_pipeline_run(j->s, id, &err);
    char object[48];
    g_snprintf(object, sizeof object, "submission %" G_GINT64_FORMAT, id);
    if (rc != 0 && srv_jobs_stopping(j)) {
        srv_sub_set_status(j->s->store, id, "queued", NULL, false); /* interrupted, not failed */
    } else if (rc != 0) {
        srv_sub_set_status(j->s->store, id, "failed", err.message, false);
        srv_audit(j->s->store, NULL, "worker", "analysis-failed", object, err.message);
    } else {
        srv_audit(j->s->store, NULL, "worker", "analysed", object, NULL);
    }
    set_progress(j, id, 0, true);
}

int srv_jobs_start(srv_jobs **out, srv *s, kc_error *err)
{
    srv_jobs *j = g_new0(srv_jobs, 1);
    unsigned n = s->cfg.workers;
    GError *gerr = NULL;
    if (n == 0)
        n = CLAMP(g_get_num_processors(), 1, 4);
    j->s = s;
    g_mutex_init(&j->lock);
    j->progress = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
    j->tag = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    j->next = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    j->pool = g_thread_pool_new(run, j, (gint)n, FALSE, &gerr);
    if (!j->pool) {
        kc_error_set(err, KC_EIO, "%s", gerr->message);
        g_error_free(gerr);
        g_hash_table_unref(j->progress);
        g_hash_table_unref(j->tag);
        g_hash_table_unref(j->next);
        g_free(j);
        return KC_EIO;
    }
    g_thread_pool_set_sort_function(j->pool, by_tag, j);
    *out = j;
    return 0;
}

void srv_jobs_stop(srv_jobs *j)
{
    if (!j)
        return;
    g_atomic_int_set(&j->stopping, 1);
    g_thread_pool_free(j->pool, TRUE, TRUE); /* queued ones dropped (still queued in the store) */
    g_hash_table_unref(j->progress);
    g_hash_table_unref(j->tag);
    g_hash_table_unref(j->next);
    g_mutex_clear(&j->lock);
    g_free(j);
}

void srv_jobs_queue(srv_jobs *j, int64_t submission)
{
    int64_t who = account_of(j, submission);
    g_mutex_lock(&j->lock);
    gsize tag = MAX(j->now, GPOINTER_TO_SIZE(g_hash_table_lookup(j->next, &who)));
    g_hash_table_insert(j->next, g_memdup2(&who, sizeof who), GSIZE_TO_POINTER(tag + 1));
    g_hash_table_insert(j->tag, g_memdup2(&submission, sizeof submission), GSIZE_TO_POINTER(tag));
    g_mutex_unlock(&j->lock);
    g_thread_pool_push(j->pool, GSIZE_TO_POINTER((gsize)submission), NULL);
}

size_t srv_jobs_recover(srv_jobs *j)
{
    GArray *ids = g_array_new(FALSE, FALSE, sizeof(int64_t)), *dead = g_array_new(FALSE, FALSE, sizeof(int64_t));
    sqlite3 *db = srv_db_lock(j->s->store);
    sqlite3_stmt *st = srv_db_prepare(db, "SELECT id, attempts FROM submissions WHERE status IN ('queued', 'running') "
                                          "ORDER BY id");
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        g_array_append_val(sqlite3_column_int(st, 1) >= MAX_ATTEMPTS ? dead : ids, id);
    }
    sqlite3_finalize(st);
    srv_db_unlock(j->s->store);
    for (guint i = 0; i < dead->len; i++)
        srv_sub_set_status(j->s->store, g_array_index(dead, int64_t, i), "failed",
                           _("the analysis stopped three times before it ended (the server was stopped or a file "
                             "made it fail): submit the files again, or tell the administrator"),
                           false);
    for (guint i = 0; i < ids->len; i++) {
        srv_sub_set_status(j->s->store, g_array_index(ids, int64_t, i), "queued", NULL, false);
        srv_jobs_queue(j, g_array_index(ids, int64_t, i));
    }
    size_t n = ids->len;
    g_array_unref(ids);
    g_array_unref(dead);
    return n;
}
