/* api_overview_shared.c: beside a commune's figures in the district's table,
 * the signed documents another commune's submission of the year counts too.
 *
 * The desk reviews each submission alone (`review` of several dossiers counts
 * a signed document once in the district, kc_review_shared), so where a
 * certificate ties a document to no one commune (the namesakes of two
 * districts, their certificates naming no district: rtnum21), both communes'
 * figures counted the same signature and neither row said so (rtdesk22).
 * The worker stores what each counted document is known by (kc_twin_keys:
 * its signatures' values, the document under them; migration 14) and the
 * overview compares them here.  A document counted twice within one
 * submission is already counted once there (the review's "same-document"). */
#include <string.h>

#include "server.h"

/* "shared": null when the submission's keys were never stored (analysed
 * before migration 14, or its dossier could not be reviewed: nothing known,
 * never said as "none"); else {"documents": how many of its counted rows
 * another commune's finished submission of the year counts too, "rows":
 * their numbers, "communes": those communes the user may see, "unseen": how
 * many others (another district's, which a district's officer does not
 * read: counted, not named)}. */
void srv_overview_add_shared(JsonBuilder *b, sqlite3 *db, const srv_user *u, int64_t sub, int64_t commune, int year)
{
    json_builder_set_member_name(b, "shared");
    sqlite3_stmt *st = srv_db_prepare(db, "SELECT signatures_kept FROM submissions WHERE id = ? AND status = 'done'");
    bool kept = false;
    if (st) {
        sqlite3_bind_int64(st, 1, sub);
        kept = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
    }
    sqlite3_finalize(st);
    if (!kept) {
        json_builder_add_null_value(b);
        return;
    }
    st = srv_db_prepare(db, "SELECT DISTINCT a.row, c.id, c.name, c.district FROM signatures a "
                            "JOIN signatures o ON o.key = a.key AND o.submission_id != a.submission_id "
                            "JOIN submissions so ON so.id = o.submission_id "
                            "JOIN communes c ON c.id = so.commune_id "
                            "WHERE a.submission_id = ? AND so.status = 'done' AND so.year = ? AND so.commune_id != ? "
                            "ORDER BY a.row, c.name");
    GHashTable *rows = g_hash_table_new(g_str_hash, g_str_equal); /* borrowed from the array below */
    GPtrArray *row_names = g_ptr_array_new_with_free_func(g_free), *seen = g_ptr_array_new_with_free_func(g_free);
    size_t unseen = 0;
    if (st) {
        sqlite3_bind_int64(st, 1, sub);
        sqlite3_bind_int(st, 2, year);
        sqlite3_bind_int64(st, 3, commune);
    }
    GArray *idv = g_array_new(FALSE, FALSE, sizeof(int64_t)); /* the communes met, each said once */
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        const char *row = (const char *)sqlite3_column_text(st, 0);
        int64_t id = sqlite3_column_int64(st, 1);
        if (row && !g_hash_table_contains(rows, row)) {
            char *copy = g_strdup(row);
            g_ptr_array_add(row_names, copy);
            g_hash_table_add(rows, copy);
        }
        bool known = false;
        for (guint i = 0; i < idv->len && !known; i++)
            known = g_array_index(idv, int64_t, i) == id;
        if (known)
            continue;
        g_array_append_val(idv, id);
        const char *district = (const char *)sqlite3_column_text(st, 3);
        if (srv_user_sees_commune(u, id, district))
            g_ptr_array_add(seen, g_strdup((const char *)sqlite3_column_text(st, 2)));
        else
            unseen++;
    }
    sqlite3_finalize(st);
    json_builder_begin_object(b);
    kc_json_add_int(b, "documents", (int64_t)row_names->len);
    json_builder_set_member_name(b, "rows");
    json_builder_begin_array(b);
    for (guint i = 0; i < row_names->len; i++)
        json_builder_add_string_value(b, row_names->pdata[i]);
    json_builder_end_array(b);
    json_builder_set_member_name(b, "communes");
    json_builder_begin_array(b);
    for (guint i = 0; i < seen->len; i++)
        json_builder_add_string_value(b, seen->pdata[i]);
    json_builder_end_array(b);
    kc_json_add_int(b, "unseen", (int64_t)unseen);
    json_builder_end_object(b);
    g_array_unref(idv);
    g_hash_table_destroy(rows);
    g_ptr_array_unref(row_names);
    g_ptr_array_unref(seen);
}
