/* upload_store.c: an accepted upload's second half, on the slow pool: the
 * zips inside vetted (the dossier reader's checks and the limits `extract`
 * enforces) before anything is written, then the blobs, then the submission
 * and its files in one transaction; on the main loop, 202 and the queue.
 * A refusal at any step leaves no row, and no blob that no row names
 * (srv_blob_release removes what this request alone wrote). */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "server.h"
#include "text.h"
#include "zipio.h"

/* ---- storing ------------------------------------------------------------------------------ */

typedef struct stored {
    char *name;
    char hex[65];
    uint64_t size;
    const char *role; /* "file", "dossier" */
} stored;

typedef struct upload {
    srv *s;
    SoupServerMessage *msg;
    srv_session *ss;
    srv_lang lang;
    SoupMessageHeaders *headers;
    const char *spool; /* the body, as spooled (upload.c); removed with msg */
    GMappedFile *body;
    srv_form *form;
    GArray *files;     /* of stored */
    GHashTable *names; /* their names case-folded: one name once, zips' entries included */
    char *zip_tmp;     /* a zip part written out for the zip reader */
    int64_t id;        /* the submission, once committed */
    guint status;
    char *error;       /* the sentence of a refusal */
    char *refusal;     /* its code in the audit log (fail) */
} upload;

static void stored_clear(gpointer p)
{
    g_free(((stored *)p)->name);
}

/* The first refusal: its status, its sentence (in the request's language)
 * and what the audit log keeps of it, a code and what it is about (a file's
 * or a commune's name, a message's id: never the request's language),
 * "commune-storage" or "not-a-commune: Xã Thuy An".  The audit kept the
 * sentence, in the language of whoever was refused, so one log read in two
 * languages and one refusal made a row for each (rtdesk19). */
static void fail(upload *u, guint status, const char *code, const char *subject, char *sentence)
{
    if (!u->error) {
        u->status = status;
        u->error = sentence;
        u->refusal = subject ? g_strdup_printf("%s: %s", code, subject) : g_strdup(code);
    } else {
        g_free(sentence);
    }
}

typedef struct vet {
    upload *u;
    const char *zip;
} vet;

static void zip_problem(void *ud, const char *path, const char *code, const char *message)
{
    vet *v = ud;
    guint status = strcmp(code, "limit") == 0 ? SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE : SOUP_STATUS_BAD_REQUEST;
    fail(v->u, status, "zip-refused", v->zip,
         g_strdup_printf("%s: %s%s%s", v->zip, path && *path ? path : "", path && *path ? ": " : "", message));
}

static kc_zip_limits zip_limits(const srv_limits *l)
{
    kc_zip_limits z = {.max_entry = l->max_file, .max_total = l->max_upload * 4, .max_entries = l->max_files};
    return z;
}

/* Writes p to a temporary file and opens it with the dossier's zip reader:
 * strictly when it is a dossier (or says it is: its first entry the
 * mimetype), else as a zip made elsewhere, since a clerk's evidence comes
 * zipped by Windows Explorer, 7-Zip or macOS, whose zips carry extra fields,
 * DOS attributes or data descriptors a dossier never has.  Either way every
 * name, kind and size is vetted before a byte is stored. */
static kc_zr *open_zip(upload *u, const srv_part *p)
{
    kc_error err = {0};
    kc_zr *zr = NULL;
    g_free(u->zip_tmp);
    u->zip_tmp = g_build_filename(srv_store_dir(u->s->store), "tmp", "zip-XXXXXX", NULL);
    int fd = g_mkstemp_full(u->zip_tmp, O_RDWR | O_CLOEXEC, 0600);
    bool ok = fd >= 0 && write(fd, p->data, p->len) == (ssize_t)p->len;
    if (fd >= 0)
        close(fd);
    if (!ok)
        fail(u, SOUP_STATUS_INTERNAL_SERVER_ERROR, "store-failed", NULL,
             g_strdup(srv_msg(u->lang, N_("the server could not store a file"))));
    else if (kc_zr_open(&zr, u->zip_tmp, &err) != 0) {
        kc_error other = {0};
        char why[128];
        bool made_elsewhere = kc_zr_open_elsewhere(&zr, u->zip_tmp, &other) == 0;
        if (!made_elsewhere || kc_zr_mimetype_ok(zr, why, sizeof why)) {
            /* the reader's sentence starts with the temporary file's path,
             * which is the server's business, not the clerk's */
            const char *m = (made_elsewhere ? &err : &other)->message;
            size_t n = strlen(u->zip_tmp);
            if (strncmp(m, u->zip_tmp, n) == 0 && strncmp(m + n, ": ", 2) == 0)
                m += n + 2;
            fail(u, SOUP_STATUS_BAD_REQUEST, "zip-refused", p->name, g_strdup_printf("%s: %s", p->name, m));
            kc_zr_free(zr);
            zr = NULL;
            g_unlink(u->zip_tmp); /* nothing left behind by a refused zip */
        }
    }
    return zr;
}

static void close_zip(upload *u, kc_zr *zr)
{
    kc_zr_free(zr);
    if (u->zip_tmp)
        g_unlink(u->zip_tmp);
}

/* Pass one: each zip vetted, a dossier told from evidence, counts checked. */
static void vet_zips(upload *u)
{
    kc_zip_limits lim = zip_limits(&u->s->cfg.limits);
    uint64_t files = u->form->parts->len;
    for (guint i = 0; i < u->form->parts->len && !u->error; i++) {
        srv_part *p = &g_array_index(u->form->parts, srv_part, i);
        if (!p->zip)
            continue;
        kc_zr *zr = open_zip(u, p);
        if (!zr)
            break;
        char why[128];
        if (kc_zr_mimetype_ok(zr, why, sizeof why)) {
            p->zip = false;
            p->dossier = true;
            if (u->form->parts->len != 1)
                fail(u, SOUP_STATUS_BAD_REQUEST, "dossier-not-alone", p->name,
                     g_strdup_printf("%s: %s", p->name,
                                     srv_msg(u->lang, N_("a sealed dossier is submitted alone, without other files"))));
        } else {
            vet v = {u, p->name};
            kc_zr_vet(zr, &lim, zip_problem, &v);
            files += kc_zr_count(zr);
        }
        close_zip(u, zr);
    }
    if (!u->error && files > u->s->cfg.limits.max_files)
        fail(u, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-many-files", NULL,
             g_strdup(srv_msg(u->lang, N_("too many files in one submission"))));
}

/* Commits w (always consumed) as the file name. */
static bool keep_blob(upload *u, const char *name, srv_blob_writer *w, const char *role)
{
    kc_error err = {0};
    stored st = {.name = g_strdup(name), .role = role};
    bool created;
    char *key = g_utf8_casefold(name, -1);
    if (!g_hash_table_add(u->names, key)) {
        g_free(st.name);
        srv_blob_abort(w);
        fail(u, SOUP_STATUS_BAD_REQUEST, "same-name-twice", name,
             g_strdup_printf("%s: %s", name, srv_msg(u->lang, N_("the same file name twice in one submission"))));
        return false;
    }
    if (srv_blob_commit(w, st.hex, &st.size, &created, &err) != 0) {
        g_free(st.name);
        fail(u, SOUP_STATUS_INTERNAL_SERVER_ERROR, "store-failed", NULL, g_strdup(err.message));
        return false;
    }
    g_array_append_val(u->files, st);
    return true;
}

static void store_zip_entries(upload *u, const srv_part *p)
{
    kc_zip_limits lim = zip_limits(&u->s->cfg.limits);
    kc_error err = {0};
    kc_zr *zr = open_zip(u, p);
    char *dir = g_path_get_dirname(p->name), buf[1 << 16];
    for (size_t i = 0; zr && i < kc_zr_count(zr) && !u->error; i++) {
        const kc_zr_entry *e = kc_zr_get(zr, i);
        if (e->is_dir)
            continue;
        char *joined = strcmp(dir, ".") == 0 ? g_strdup(e->name) : g_strconcat(dir, "/", e->name, NULL);
        const char *why = NULL;
        char *safe = srv_safe_path(joined, &why);
        srv_blob_writer *w = NULL;
        kc_zr_file *zf = NULL;
        int64_t n;
        if (!safe) {
            fail(u, SOUP_STATUS_BAD_REQUEST, "zip-entry-refused", p->name,
                 g_strdup_printf("%s: %s: %s", p->name, e->name, srv_msg(u->lang, why)));
        } else if (srv_blob_begin(&w, u->s->store, &err) != 0 || kc_zr_fopen(&zf, zr, i, &lim, &err) != 0) {
            fail(u, SOUP_STATUS_BAD_REQUEST, "zip-refused", p->name, g_strdup_printf("%s: %s", p->name, err.message));
        } else {
            while ((n = kc_zr_fread(zf, buf, sizeof buf, &err)) > 0)
                if (srv_blob_write(w, buf, (size_t)n, &err) != 0)
                    break;
            if (n < 0 || err.code)
                fail(u, err.code == KC_ELIMIT ? SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE : SOUP_STATUS_BAD_REQUEST,
                     "zip-entry-refused", p->name,
                     g_strdup_printf("%s: %s: %s", p->name, e->name, err.message));
            else {
                keep_blob(u, safe, w, "file");
                w = NULL; /* consumed */
            }
        }
        kc_zr_fclose(zf);
        srv_blob_abort(w);
        g_free(safe);
        g_free(joined);
    }
    close_zip(u, zr);
    g_free(dir);
}

/* Pass two: the blobs. */
static void store_blobs(upload *u)
{
    kc_error err = {0};
    for (guint i = 0; i < u->form->parts->len && !u->error; i++) {
        srv_part *p = &g_array_index(u->form->parts, srv_part, i);
        if (p->zip) {
            store_zip_entries(u, p);
            continue;
        }
        srv_blob_writer *w = NULL;
        if (srv_blob_begin(&w, u->s->store, &err) != 0 || srv_blob_write(w, p->data, p->len, &err) != 0) {
            srv_blob_abort(w);
            fail(u, SOUP_STATUS_INTERNAL_SERVER_ERROR, "store-failed", NULL, g_strdup(err.message));
            break;
        }
        keep_blob(u, p->name, w, p->dossier ? "dossier" : "file");
    }
}


/* The commune the submission is for: a commune user's own; for a district
 * or admin user the form's field 'commune', else the dossier's bag-info.  A
 * commune is its name within its district: a district user's is the one of
 * its own district (a new name becomes one, beside a same-name commune of
 * another district; a commune with no district is not its); an admin's the
 * one of the district the dossier names, else the only one of that name. */
static int64_t commune_for(upload *u, sqlite3 *db, const kc_dossier_meta *meta)
{
    const srv_user *who = &u->ss->user;
    if (who->role == SRV_ROLE_COMMUNE)
        return who->commune_id;
    const char *name = srv_commune_fuller(u->form->commune, meta->commune);
    if (!name || !*name) {
        fail(u, SOUP_STATUS_BAD_REQUEST, "no-commune", NULL,
             g_strdup(srv_msg(u->lang, N_("name the commune (the form's field 'commune')"))));
        return 0;
    }
    const char *district = who->role == SRV_ROLE_DISTRICT ? who->district
                           : meta->district && *meta->district ? meta->district
                                                               : NULL;
    int64_t id = srv_commune_find(db, name, district);
    if (id == 0 && who->role == SRV_ROLE_DISTRICT && srv_commune_find(db, name, "") > 0) {
        /* A commune with no district yet (its clerk added without
         * --district) is no district's: taking it would make it this
         * district's, its clerk's submissions with it. */
        fail(u, SOUP_STATUS_FORBIDDEN, "commune-without-district", name,
             g_strdup_printf("%s: %s", name,
                             srv_msg(u->lang, N_("this commune has no district yet: the administrator names it "
                                                 "(kiemchung user add --district)"))));
        return 0;
    }
    /* An admin's upload of a dossier naming its district, for a commune with
     * no district yet, is that commune's as it stands: srv_commune_ensure
     * would write the bag-info's district on it (the word of whoever made
     * the file, before its seal is even checked), and that district's
     * officer would read its clerk's submissions from then on.  A commune's
     * district is named by the administrator (kiemchung user add
     * --district). */
    if (id == 0 && who->role == SRV_ROLE_ADMIN && district && (id = srv_commune_find(db, name, "")) < 0)
        id = 0;
    /* An officer's own district holds several communes called so: a name
     * typed without its marks (Thủy An and Thúy An) or its kind (xã and thị
     * trấn Tân Phú).  Told to name the district, which is its own already,
     * the officer could not tell what to write. */
    if (id == SRV_COMMUNE_AMBIGUOUS && who->role == SRV_ROLE_DISTRICT) {
        fail(u, SOUP_STATUS_BAD_REQUEST, "commune-ambiguous", name,
             g_strdup_printf("%s: %s", name,
                             srv_msg(u->lang, N_("several communes of your district have this name (a mark apart, "
                                                 "as Thủy An and Thúy An, or of another kind, xã or thị trấn): "
                                                 "write it with its marks and its kind"))));
        return 0;
    }
    if (id == SRV_COMMUNE_AMBIGUOUS) {
        fail(u, SOUP_STATUS_BAD_REQUEST, "commune-ambiguous", name,
             g_strdup_printf("%s: %s", name,
                             srv_msg(u->lang, N_("several communes have this name: send a dossier naming its "
                                                 "district, or sign in as its district's officer"))));
        return 0;
    }
    id = id > 0 ? srv_commune_kind_apart(db, id, name, district) : id; /* not a loose one's (store_communes.c) */
    /* "Xã Thuy An", its place typed without marks, beside Xã Thủy An: made a
     * commune of its own (as `user add` did), a row of the district's table
     * holding the officer's upload while Thủy An's row said nothing was sent
     * (rtdesk19).  A commune whose real name has none (Xã Thanh An beside
     * Xã Thạnh An) is added first by the administrator (--new-commune). */
    char *kin = id == 0 ? srv_commune_unmarked_kin(db, name, district) : NULL;
    if (kin) {
        fail(u, SOUP_STATUS_BAD_REQUEST, "commune-unmarked", name,
             g_strdup_printf(srv_msg(u->lang, N_("%s: the commune's name is written without its marks and reads as "
                                                 "another commune than %s: write it with its marks (a commune whose "
                                                 "name has none is added first by the administrator: kiemchung user "
                                                 "add --new-commune)")),
                             name, kin));
        g_free(kin);
        return 0;
    }
    if (id == 0)
        id = srv_commune_ensure(db, name, district);
    if (id <= 0)
        fail(u, SOUP_STATUS_BAD_REQUEST, "not-a-commune", name,
             g_strdup_printf("%s: %s", name, srv_msg(u->lang, N_("not a commune's name"))));
    return id;
}

/* The commune's name and district as the store has them (g_free). */
static void commune_names(sqlite3 *db, int64_t id, char **name, char **district)
{
    sqlite3_stmt *st = srv_db_prepare(db, "SELECT name, district FROM communes WHERE id = ?");
    *name = *district = NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW) {
            *name = g_strdup((const char *)sqlite3_column_text(st, 0));
            *district = g_strdup((const char *)sqlite3_column_text(st, 1));
        }
    }
    sqlite3_finalize(st);
}

/* Submissions waiting or being analysed at once, of one commune (column
 * "commune_id") or sent by one account ("user_id").  Workers take
 * submissions in the order they came; without a bound one clerk's script
 * queued thousands (each up to the upload limit, on the disk until
 * analysed) and every other commune's waited behind them.  A clerk who
 * sends again after a mistake needs two.  Per commune alone, a district's
 * officer, who may name a new commune of the district in an upload (a
 * sealed dossier mailed by a commune with no clerk's account), got two more
 * slots with every commune invented: the account's bound closes that. */
static unsigned unfinished(sqlite3 *db, const char *column, int64_t id, unsigned full)
{
    unsigned n = full; /* unreadable: as if full */
    char *sql = g_strdup_printf("SELECT count(*) FROM submissions WHERE %s = ? AND status IN ('queued', 'running')",
                                column);
    sqlite3_stmt *st = srv_db_prepare(db, sql);
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW)
            n = (unsigned)sqlite3_column_int(st, 0);
    }
    sqlite3_finalize(st);
    g_free(sql);
    return n;
}

/* Whether this upload's files, with what the commune's submissions keep
 * already (each file once: the store keeps one blob per content), stay
 * within the limit per commune.  Without one, a clerk's script sent 1 GiB
 * after 1 GiB of distinct bytes, each kept for good, until the disk was
 * full and no commune's upload or analysis could be written.  What the
 * commune keeps is its files and what their analyses made (the dossier,
 * the reports), and a submission of files is counted with the dossier it
 * will make (every file once more): counting the files alone, one file sent
 * again and again was counted once while each analysis kept a new dossier
 * holding it.  With district set (commune 0), the same over every commune
 * of that district (as srv_authority_same reads it): a district's officer
 * may name new communes of the district in an upload, and each new one came
 * with its own limit. */
static bool within_storage(upload *u, sqlite3 *db, int64_t commune, const char *district, bool dossier,
                           uint64_t limit)
{
    GHashTable *fresh = g_hash_table_new(g_str_hash, g_str_equal);
    uint64_t total = 0;
    bool ok = false;
    for (guint i = 0; i < u->files->len; i++) {
        stored *f = &g_array_index(u->files, stored, i);
        if (!dossier)
            total += f->size; /* in the dossier the analysis will make */
        if (g_hash_table_insert(fresh, f->hex, f))
            total += f->size;
    }
    /* A district's communes first, then their submissions by the index:
     * kc_authority_same over every file row of the store was 868,000 calls,
     * the whole files table read under the database lock at every upload
     * (10 districts of 200 communes, 7 years). */
    sqlite3_stmt *st = srv_db_prepare(
        db, district ? "SELECT f.sha256, f.size FROM files f JOIN submissions s ON s.id = f.submission_id "
                       "WHERE s.commune_id IN (SELECT id FROM communes WHERE kc_authority_same(district, ?2)) "
                       "UNION SELECT o.sha256, o.size FROM outputs o JOIN submissions s ON s.id = o.submission_id "
                       "WHERE s.commune_id IN (SELECT id FROM communes WHERE kc_authority_same(district, ?2))"
                     : "SELECT f.sha256, f.size FROM files f JOIN submissions s "
                       "ON s.id = f.submission_id WHERE s.commune_id = ?1 "
                       "UNION SELECT o.sha256, o.size FROM outputs o JOIN submissions s "
                       "ON s.id = o.submission_id WHERE s.commune_id = ?1");
    if (!st)
        goto out;
    if (district)
        sqlite3_bind_text(st, 2, district, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(st, 1, commune);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *hex = (const char *)sqlite3_column_text(st, 0);
        stored *f = hex ? g_hash_table_lookup(fresh, hex) : NULL;
        if (f) { /* kept already: not counted twice */
            total -= f->size;
            g_hash_table_remove(fresh, hex);
        }
        total += (uint64_t)MAX(0, sqlite3_column_int64(st, 1));
    }
    ok = rc == SQLITE_DONE && total <= limit;
out:
    sqlite3_finalize(st);
    g_hash_table_unref(fresh);
    return ok;
}

/* The submission and its files, in one transaction. */
static void commit_rows(upload *u)
{
    kc_dossier_meta meta = {0};
    kc_dossier *d = NULL;
    kc_check *chk = NULL;
    bool dossier = u->files->len == 1 && strcmp(g_array_index(u->files, stored, 0).role, "dossier") == 0;
    if (dossier) {
        kc_error err = {0};
        char *path = srv_blob_path(u->s->store, g_array_index(u->files, stored, 0).hex);
        kc_zip_limits zl = zip_limits(&u->s->cfg.limits);
        kc_check_opts co = {.limits = &zl, .catalog = u->s->cfg.catalog};
        /* The seal's certificate tells two communes apart that the bag-info
         * alone does not (srv_seal_not_for): read here, outside the store's
         * lock, and without trust, since whose it is needs no chain; taken
         * and refused at its analysis, another commune's dossier was kept
         * and counted against this one's storage and queue until then. */
        if (kc_dossier_open(&d, path, &err) == 0) {
            meta = *kc_dossier_get_meta(d);
            kc_dossier_check(&chk, path, NULL, &co, &err);
        }
        /* an unreadable one is still reviewed: the review says what is wrong */
        g_free(path);
    }
    int year = u->form->year ? u->form->year : meta.year;
    sqlite3 *db = srv_db_lock(u->s->store);
    sqlite3_stmt *st = NULL;
    int64_t commune = 0;
    if (srv_db_begin(db) != 0) {
        fail(u, SOUP_STATUS_SERVICE_UNAVAILABLE, "busy", NULL,
             g_strdup(srv_msg(u->lang, N_("the server is busy: try again"))));
        goto unlock;
    }
    if (!srv_session_open(db, u->ss))
        fail(u, SOUP_STATUS_UNAUTHORIZED, "session-ended", NULL,
             g_strdup(srv_msg(u->lang, N_("your session ended while the files were being sent (logged out, a new "
                                          "password or the account closed): nothing was kept; sign in and send "
                                          "them again"))));
    else if (!year)
        fail(u, SOUP_STATUS_BAD_REQUEST, "no-year", NULL,
             g_strdup(srv_msg(u->lang, N_("the year is missing (the form's field 'year')"))));
    else
        commune = commune_for(u, db, &meta);
    char *cname = NULL, *cdistrict = NULL;
    if (!u->error)
        commune_names(db, commune, &cname, &cdistrict);
    if (!u->error && d) { /* an unreadable one is reviewed as such: the review says what is wrong */
        char *why;
        guint status;
        if ((why = srv_dossier_not_for(u->lang, &meta, cname, cdistrict, year, &status)) ||
            (why = srv_seal_not_for(u->lang, kc_check_seal(chk), &meta, cname, cdistrict)))
            fail(u, status, "dossier-not-the-commune-s", NULL, why); /* 403 for the seal's: another commune's */
    }
    const srv_limits *lim = &u->s->cfg.limits;
    if (!u->error && unfinished(db, "commune_id", commune, lim->max_waiting) >= lim->max_waiting)
        fail(u, SRV_STATUS_TOO_MANY_REQUESTS, "commune-waiting", NULL,
             g_strdup_printf(srv_msg(u->lang, N_("this commune already has %d submissions waiting or being analysed: "
                                                 "wait until one of them is done, then submit again")),
                             (int)lim->max_waiting));
    unsigned mine = u->error ? 0 : srv_account_waiting(db, &u->ss->user, lim->max_waiting);
    if (!u->error && unfinished(db, "user_id", u->ss->user.id, mine) >= mine)
        fail(u, SRV_STATUS_TOO_MANY_REQUESTS, "account-waiting", NULL,
             g_strdup_printf(srv_msg(u->lang, N_("you already have %d submissions waiting or being analysed (of "
                                                 "any commune): wait until one of them is done, then submit "
                                                 "again")),
                             (int)mine));
    if (!u->error && !within_storage(u, db, commune, NULL, dossier, lim->max_commune))
        fail(u, SOUP_STATUS_INSUFFICIENT_STORAGE, "commune-storage", NULL,
             g_strdup_printf(srv_msg(u->lang, N_("this commune's stored files would take more than %llu MiB, the "
                                                 "server's limit for one commune: tell the administrator")),
                             (unsigned long long)(lim->max_commune >> 20)));
    /* By default what its clerks' communes would keep (a fixed 200G was a
     * province's 40-100+ since July 2025); invented communes bring none. */
    uint64_t district_limit = lim->max_district;
    if (!u->error && cdistrict && *cdistrict && !district_limit) {
        uint64_t n = MAX(1u, srv_clerk_communes(db, cdistrict));
        district_limit = lim->max_commune > UINT64_MAX / n ? UINT64_MAX : lim->max_commune * n;
    }
    if (!u->error && cdistrict && *cdistrict && !within_storage(u, db, 0, cdistrict, dossier, district_limit))
        fail(u, SOUP_STATUS_INSUFFICIENT_STORAGE, "district-storage", NULL,
             g_strdup_printf(srv_msg(u->lang, N_("the stored files of %s's communes would take more than %llu MiB, "
                                                 "the server's limit for one district: tell the administrator")),
                             cdistrict, (unsigned long long)(district_limit >> 20)));
    g_free(cname);
    g_free(cdistrict);
    if (u->error)
        goto rollback;
    st = srv_db_prepare(db, "INSERT INTO submissions (commune_id, year, user_id, kind, status, created) "
                            "VALUES (?, ?, ?, ?, 'queued', strftime('%s', 'now'))");
    if (!st)
        goto broken;
    sqlite3_bind_int64(st, 1, commune);
    sqlite3_bind_int(st, 2, year);
    sqlite3_bind_int64(st, 3, u->ss->user.id);
    sqlite3_bind_text(st, 4, dossier ? "dossier" : "files", -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto broken;
    u->id = sqlite3_last_insert_rowid(db);
    sqlite3_finalize(st);
    st = srv_db_prepare(db, "INSERT INTO files (submission_id, name, sha256, size, role) VALUES (?, ?, ?, ?, ?)");
    for (guint i = 0; st && i < u->files->len; i++) {
        const stored *f = &g_array_index(u->files, stored, i);
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, u->id);
        sqlite3_bind_text(st, 2, f->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, f->hex, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, (int64_t)f->size);
        sqlite3_bind_text(st, 5, f->role, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto broken;
    }
    if (!st || srv_db_commit(db) != 0)
        goto broken;
    goto unlock;
broken:
    fail(u, SOUP_STATUS_INTERNAL_SERVER_ERROR, "store-failed", NULL,
         g_strdup_printf("%s: %s", srv_msg(u->lang, N_("the submission could not be stored")), sqlite3_errmsg(db)));
rollback:
    u->id = 0;
    srv_db_rollback(db);
unlock:
    sqlite3_finalize(st);
    srv_db_unlock(u->s->store);
    kc_check_free(chk);
    kc_dossier_free(d);
}

static void store_upload(gpointer p)
{
    upload *u = p;
    srv_form *f = NULL;
    GError *gerr = NULL;
    u->body = g_mapped_file_new(u->spool, FALSE, &gerr);
    if (!u->body) {
        fail(u, SOUP_STATUS_INTERNAL_SERVER_ERROR, "body-unreadable", NULL, g_strdup(gerr->message));
        g_error_free(gerr);
        return;
    }
    GBytes *all = g_mapped_file_get_bytes(u->body);
    gsize n = g_bytes_get_size(all);
    GBytes *body = g_bytes_new_from_bytes(all, 2, n >= 3 ? n - 3 : 0);
    g_bytes_unref(all);
    u->form = f = srv_form_parse(u->headers, body, &u->s->cfg.limits);
    g_bytes_unref(body);
    guint status;
    char *why = srv_form_error(f, u->lang, &status);
    if (why) {
        char *code = srv_form_error(f, SRV_LANG_EN, &status); /* its msgid: the same whoever was answered */
        fail(u, status, "form-refused", code, why);
        g_free(code);
        return;
    }
    vet_zips(u);
    if (!u->error)
        store_blobs(u);
    if (!u->error)
        commit_rows(u);
    for (guint i = 0; i < u->files->len; i++)
        srv_blob_release(u->s->store, g_array_index(u->files, stored, i).hex, u->error != NULL);
}

static void upload_free(upload *u)
{
    g_array_unref(u->files);
    g_hash_table_unref(u->names);
    srv_form_free(u->form);
    if (u->body)
        g_mapped_file_unref(u->body);
    g_free(u->zip_tmp);
    g_free(u->error);
    g_free(u->refusal);
    g_free(u);
}

static void upload_done(gpointer p)
{
    upload *u = p;
    char object[32];
    srv_upload_spool_remove(u->msg); /* read and done with: gone before the answer */
    if (u->error) {
        srv_audit(u->s->store, &u->ss->user, srv_peer(u->msg), "submit-refused", NULL, u->refusal);
        srv_reply_error_text(u->msg, u->status, u->error);
        u->error = NULL;
    } else {
        g_snprintf(object, sizeof object, "submission %" G_GINT64_FORMAT, u->id);
        char *detail = g_strdup_printf("%u files", u->files->len);
        srv_audit(u->s->store, &u->ss->user, srv_peer(u->msg), "submit", object, detail);
        g_free(detail);
        JsonBuilder *b = json_builder_new();
        json_builder_begin_object(b);
        kc_json_add_int(b, "id", u->id);
        json_builder_end_object(b);
        srv_reply_json(u->msg, SOUP_STATUS_ACCEPTED, kc_json_finish(b, false));
        srv_jobs_queue(u->s->jobs, u->id);
    }
    upload_free(u);
}

void srv_upload_store(srv *s, SoupServerMessage *msg, srv_session *ss, const char *spool_path)
{
    upload *u = g_new0(upload, 1);
    u->s = s;
    u->msg = msg;
    u->ss = ss;
    u->lang = srv_request_lang(msg);
    u->spool = spool_path;
    u->headers = soup_server_message_get_request_headers(msg);
    u->files = g_array_new(FALSE, TRUE, sizeof(stored));
    u->names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_array_set_clear_func(u->files, stored_clear);
    srv_defer(s, msg, store_upload, upload_done, u);
}
