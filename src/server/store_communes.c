/* store_communes.c: communes and districts as the store keys them.
 *
 * A commune is its name within its district, and its kind (xã, phường, thị
 * trấn) when one is named; a district its name and its level (huyện, thị xã,
 * thành phố, quận) when one is named: names repeat across the country, and
 * one store may serve several districts.  The keys are folded (as a person
 * reads the name) and are also the SQL functions kc_commune_key and
 * kc_authority_key, which the migrations that rekey the table call.  Beside
 * the folded key a commune keeps its name's marks (kc_commune_marks: ""
 * when typed without any): Thủy An and Thúy An of one district are two
 * communes, each its own row (migration 11; before it the store refused the
 * second, its clerk not added and its district's uploads for it refused).  The
 * communes with a clerk's account (made by the administrator) scale the
 * limits of an officer's account and of a district (upload_store.c). */
#include <string.h>

#include "agency.h"
#include "kiemchung/ratios.h"
#include "server.h"
#include "text.h"

/* s past a leading word of words (folded), once; s itself when none leads. */
static const char *past_word(const char *s, const char *const *words)
{
    for (size_t i = 0; words[i]; i++)
        if (g_str_has_prefix(s, words[i]) && s[strlen(words[i])])
            return s + strlen(words[i]);
    return s;
}

static const char *const committee_words[] = {"ubnd ", "uy ban nhan dan ", NULL};

/* "Xã Hồng Kim", "xa hong kim", "UBND xã Hồng Kim" and "Hồng Kim" are one
 * commune; but the kind of unit is part of it when it is named: a thị trấn
 * and a xã of one name in one district (thị trấn and xã Hiệp Hòa of huyện
 * Đức Hòa) are two.  The key is "KIND|NAME", folded: the kind in front (""
 * when none is named), then the name past it ("" for no name at all; free).
 * The committee's words are read past (rtdesk12): an officer's form or a
 * mailed dossier's bag-info naming "UBND xã Thủy Vân" was keyed as a commune
 * apart, a row of the district's table beside Thủy Vân's (which said
 * nothing was sent) that Thủy Vân's clerk did not read. */
static char *commune_key(const char *name)
{
    char *raw = kc_text_fold(name), *f = raw ? kc_agency_spelled_out(raw, false, true, NULL) : NULL;
    free(raw);
    static const char *const kinds[] = {"xa ", "phuong ", "thi tran ", NULL};
    static const char *const canon[] = {"xa", "phuong", "thi tran"};
    if (!f)
        return NULL;
    const char *kind = "", *named = past_word(f, committee_words), *place = named;
    for (int i = 0; kinds[i]; i++)
        if (g_str_has_prefix(named, kinds[i]) && named[strlen(kinds[i])]) {
            kind = canon[i];
            place = named + strlen(kinds[i]);
            break;
        }
    char *key = *place ? g_strconcat(kind, "|", place, NULL) : g_strdup("");
    g_free(f);
    return key;
}

/* Two keys "KIND|NAME" (commune_key, authority_key) are one unit: the same
 * name, and the same kind unless one of them names none. */
static bool same_with_kind(const char *a, const char *b)
{
    const char *pa = strchr(a, '|'), *pb = strchr(b, '|');
    if (!pa || !pb || !pa[1] || strcmp(pa, pb) != 0)
        return false;
    return pa == a || pb == b || (pa - a == pb - b && strncmp(a, b, (size_t)(pa - a)) == 0);
}

/* A dossier may name its commune "UBND xã Thủy An" as well as "Thủy An".
 * Not "Xã Thúy An", a tone apart, which the key folds away (rtnum19: a clerk
 * of Thủy An sent Thúy An's sealed dossier as Thủy An's, its seal valid for
 * the name its bag-info gives, and the district's table showed it). */
bool srv_commune_same(const char *a, const char *b)
{
    char *ka = a ? commune_key(a) : NULL, *kb = b ? commune_key(b) : NULL;
    bool same = ka && kb && *ka && *kb && same_with_kind(ka, kb) && !kc_commune_spelt_apart(a, b);
    free(ka);
    free(kb);
    return same;
}

/* A name's "KIND|PLACE" key past "UBND" (g_free; NULL for no name), for a
 * certificate's field read against a dossier's commune (pipeline_files.c). */
char *srv_commune_key(const char *name)
{
    return name ? commune_key(name) : NULL;
}

/* The name shown of a name spelled as kc_agency_spelled_out reads it ("X. Thủy Vân",
 * "UBND-xã Thủy Vân"): its kind's word and the place as it was typed,
 * "Xã Thủy Vân", as the commune's clerk and the district's table know it.
 * shown itself when it already reads as its key (g_free; takes shown). */
static char *spelled_display(const char *nfc, char *shown)
{
    static const char *const kinds[] = {"xa", "phuong", "thi tran"}, *const words[] = {"Xã", "Phường", "Thị trấn"};
    char *key = nfc ? commune_key(nfc) : NULL, *seen = kc_text_fold(shown);
    const char *bar = key ? strchr(key, '|') : NULL, *word = NULL, *kind = NULL;
    for (size_t i = 0; bar && i < G_N_ELEMENTS(kinds); i++)
        if ((size_t)(bar - key) == strlen(kinds[i]) && strncmp(key, kinds[i], strlen(kinds[i])) == 0)
            word = words[i], kind = kinds[i];
    char *plain = bar && bar[1] ? (kind ? g_strconcat(kind, " ", bar + 1, NULL) : g_strdup(bar + 1)) : NULL;
    if (plain && seen && strcmp(plain, seen) != 0) {
        /* the place: the shortest end of the name, from a word's start, that folds to the key's */
        for (const char *p = nfc; *p; p = g_utf8_next_char(p)) {
            if (!g_unichar_isalnum(g_utf8_get_char(p)) ||
                (p != nfc && g_unichar_isalnum(g_utf8_get_char(g_utf8_prev_char(p)))))
                continue;
            char *fp = kc_text_fold(p);
            bool hit = fp && strcmp(fp, bar + 1) == 0;
            free(fp);
            if (hit) {
                g_free(shown);
                shown = word ? g_strconcat(word, " ", p, NULL) : g_strdup(p);
                break;
            }
        }
    }
    g_free(plain);
    free(seen);
    g_free(key);
    return shown;
}

/* The name a commune's row keeps and the pages show: the name given, past
 * the committee's words ("UBND xã Thủy Vân" is Xã Thủy Vân, its first letter
 * made a capital), so that the row of a commune first named so reads as the
 * commune.  The name itself when its words cannot be cut as the key reads
 * them (g_free). */
static char *commune_display(const char *nfc)
{
    char *f = nfc ? kc_text_fold(nfc) : NULL;
    const char *rest = f ? past_word(f, committee_words) : NULL;
    char *out = NULL;
    if (rest && rest != f) {
        size_t words = 0;
        for (const char *q = f; q < rest; q++)
            words += *q == ' ';
        const char *p = nfc;
        for (size_t w = 0; w <= words && *p; w++) {
            while (*p && g_unichar_isspace(g_utf8_get_char(p)))
                p = g_utf8_next_char(p);
            while (w < words && *p && !g_unichar_isspace(g_utf8_get_char(p)))
                p = g_utf8_next_char(p);
        }
        char *fp = *p ? kc_text_fold(p) : NULL;
        if (fp && strcmp(fp, rest) == 0) {
            char first[8] = {0};
            g_unichar_to_utf8(g_unichar_totitle(g_utf8_get_char(p)), first);
            out = g_strconcat(first, g_utf8_next_char(p), NULL);
        }
        free(fp);
    }
    free(f);
    return spelled_display(nfc, out ? out : g_strdup(nfc ? nfc : ""));
}

/* "UBND huyện Phú Vang", "huyện Phú Vang" and "Phú Vang" are one authority;
 * so are "UBND tỉnh Thừa Thiên Huế" and "Thừa Thiên Huế".  But the level is
 * part of the unit when it is named: huyện Cai Lậy and thị xã Cai Lậy
 * (Tiền Giang), huyện and thành phố Cao Lãnh, huyện and thị xã Kỳ Anh, tỉnh
 * and thành phố Bắc Ninh are two units each.  The key is "LEVEL|NAME": the
 * level's word as one spelling ("" when none is named), then the folded
 * name past "UBND" and the level ("" for no name at all; g_free). */
static char *authority_key(const char *name)
{
    static const char *const levels[] = {"huyen ", "quan ", "thi xa ", "thanh pho ", "tp. ", "tp ", "tinh ", NULL};
    static const char *const canon[] = {"huyen", "quan", "thi xa", "thanh pho", "thanh pho", "thanh pho", "tinh"};
    char *raw = name ? kc_text_fold(name) : NULL, *f = raw ? kc_agency_spelled_out(raw, true, true, NULL) : NULL;
    free(raw);
    const char *rest = f ? past_word(f, committee_words) : "", *place = past_word(rest, levels);
    const char *level = "";
    for (size_t i = 0; place != rest && levels[i]; i++)
        if (g_str_has_prefix(rest, levels[i])) {
            level = canon[i];
            break;
        }
    char *key = *place ? g_strconcat(level, "|", place, NULL) : g_strdup("");
    g_free(f);
    return key;
}

/* A district's "LEVEL|NAME" key (g_free), for a certificate's field read
 * against a commune's district (pipeline_files.c). */
char *srv_authority_key(const char *name)
{
    return authority_key(name);
}

/* The name of a key, past its level. */
static const char *key_place(const char *key)
{
    const char *bar = strchr(key, '|');
    return bar ? bar + 1 : key;
}

/* One authority: the same name, and the same level unless one of them names
 * none (an administrator's "Cai Lậy" is either; "huyện Cai Lậy" is not
 * "thị xã Cai Lậy"). */
bool srv_authority_same(const char *a, const char *b)
{
    char *ka = authority_key(a), *kb = authority_key(b);
    bool same = same_with_kind(ka, kb);
    g_free(ka);
    g_free(kb);
    return same;
}

/* The store's SQL function of the same (migration 3). */
static void sql_authority_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    char *key = authority_key((const char *)sqlite3_value_text(argv[0]));
    sqlite3_result_text(ctx, key, -1, g_free);
}

/* srv_authority_same in SQL: the communes of one district (the storage
 * limit per district, upload_store.c). */
static void sql_authority_same(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *a = (const char *)sqlite3_value_text(argv[0]), *b = (const char *)sqlite3_value_text(argv[1]);
    sqlite3_result_int(ctx, a && b && srv_authority_same(a, b));
}

/* kc_commune_marks(name): the marks the store keys a commune by beside its
 * folded key ("" for a name typed without any). */
static void sql_commune_marks(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    char *nfc = name ? kc_text_nfc(name) : NULL;
    sqlite3_result_text(ctx, kc_commune_marks(nfc), -1, g_free);
    free(nfc);
}

/* The same of a commune's name (migration 5). */
static void sql_commune_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    char *key = commune_key(name ? name : "");
    if (key)
        sqlite3_result_text(ctx, key, -1, g_free);
    else
        sqlite3_result_error_nomem(ctx);
}

/* commune_display in SQL (migration 7). */
static void sql_commune_name(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    char *nfc = name ? kc_text_nfc(name) : NULL, *shown = nfc ? commune_display(nfc) : NULL;
    free(nfc);
    if (shown)
        sqlite3_result_text(ctx, shown, -1, g_free);
    else
        sqlite3_result_value(ctx, argv[0]);
}

/* A commune (folded "KIND|NAME") is one of the communes of the named level
 * found (leveled): the same name, the same kind unless one names none.  A
 * thị trấn of huyện Cai Lậy does not hide a loose-level xã of that name. */
static bool leveled_beside(const GPtrArray *leveled, const char *folded)
{
    for (guint i = 0; i < leveled->len; i++)
        if (same_with_kind(g_ptr_array_index(leveled, i), folded))
            return true;
    return false;
}

/* The ids of the communes called name (with its kind, or with none, which
 * may be any kind's): in district when one is given (as srv_authority_same
 * reads it: "" none, a district with its level, or with none, which may be
 * any level's), else in any district.  Keys are "KIND|NAME" (commune_key,
 * authority_key).  In one district, a name with its kind is the commune of
 * that kind when there is one, not also a commune named without its kind
 * beside it ("Tân Phú", what an officer's upload named loosely): that one
 * may be either kind's, and taking the name for both made the clerk of xã
 * Tân Phú, once added, ambiguous, or joined to the other kind's.  So too a
 * district with its level: the commune of that level, when there is one, not
 * also one of its name whose district was named without its level ("Cai
 * Lậy", by an administrator's upload of a mailed dossier), either level's. */
static GArray *communes_called(sqlite3 *db, const char *name, const char *district, GArray *apart)
{
    GArray *ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
    char *key = commune_key(name), *dkey = district ? authority_key(district) : NULL;
    sqlite3_stmt *st = NULL;
    if (key && *key) {
        GString *sql = g_string_new("SELECT id, folded, dkey, name FROM communes WHERE ");
        g_string_append(sql, key[0] != '|' ? "(folded = ?1 OR folded = ?4)"
                                           : "substr(folded, instr(folded, '|') + 1) = ?4");
        if (dkey)
            g_string_append(sql, !*dkey            ? " AND dkey = ?2"
                                 : dkey[0] != '|' ? " AND (dkey = ?2 OR dkey = ?3)"
                                                  : " AND dkey <> '' AND substr(dkey, instr(dkey, '|') + 1) = ?3");
        /* the exact level, then the exact kind first: the loose rows after
         * them are left out */
        g_string_append(sql, dkey ? " ORDER BY dkey <> ?2, folded <> ?1, id" : " ORDER BY folded <> ?1, id");
        st = srv_db_prepare(db, sql->str);
        g_string_free(sql, TRUE);
    }
    if (st) {
        const char *place = strchr(key, '|');
        sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, key[0] != '|' ? place : place + 1, -1, SQLITE_TRANSIENT);
        if (dkey)
            sqlite3_bind_text(st, 2, dkey, -1, SQLITE_TRANSIENT);
        if (dkey && *dkey)
            sqlite3_bind_text(st, 3, key_place(dkey) - (dkey[0] == '|' ? 0 : 1), -1, SQLITE_TRANSIENT);
        /* the districts (dkey) holding a commune of the named kind; the
         * communes (folded) of the named level */
        GHashTable *exact = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        GPtrArray *leveled = g_ptr_array_new_with_free_func(g_free);
        bool level = dkey && *dkey && dkey[0] != '|';
        while (sqlite3_step(st) == SQLITE_ROW) {
            int64_t id = sqlite3_column_int64(st, 0);
            const char *folded = (const char *)sqlite3_column_text(st, 1);
            const char *dk = (const char *)sqlite3_column_text(st, 2);
            dk = dk ? dk : "";
            folded = folded ? folded : "";
            /* The key folds every mark away, so "Thúy An" found Thủy An's
             * row: another commune by its tone (rtnum19), not this one; it
             * has a row of its own, or gets one (marks in the key). */
            if (kc_commune_spelt_apart(name, (const char *)sqlite3_column_text(st, 3))) {
                if (apart)
                    g_array_append_val(apart, id);
                continue;
            }
            if (level && strcmp(dk, dkey) == 0)
                g_ptr_array_add(leveled, g_strdup(folded));
            else if (level && leveled_beside(leveled, folded))
                continue; /* a loose-level row beside the commune of the named level */
            if (key[0] != '|' && strcmp(folded, key) == 0)
                g_hash_table_add(exact, g_strdup(dk));
            else if (district && g_hash_table_contains(exact, dk))
                continue; /* a loose row beside the commune of the named kind */
            g_array_append_val(ids, id);
        }
        g_hash_table_unref(exact);
        g_ptr_array_free(leveled, TRUE);
    }
    sqlite3_finalize(st);
    free(key);
    g_free(dkey);
    return ids;
}

int64_t srv_commune_find(sqlite3 *db, const char *name, const char *district)
{
    GArray *ids = communes_called(db, name, district, NULL); /* one spelt apart is another: not found */
    int64_t id = ids->len == 1 ? g_array_index(ids, int64_t, 0) : ids->len > 1 ? SRV_COMMUNE_AMBIGUOUS : 0;
    g_array_free(ids, TRUE);
    return id;
}

/* A commune found for a name that names its kind, or a district that names
 * its level, where the store's row names neither (made by an officer's
 * upload of a mailed dossier naming "Hiệp Hòa" alone, or a clerk added with
 * --district "Cai Lậy"): the row takes them now, as a commune with no
 * district takes the one its clerk is added with.  Left loose, the row stayed
 * either kind's and either level's: the clerks of xã and of thị trấn Hiệp Hòa
 * added after it both joined that one commune and read each other's
 * submissions.  False when the store could not be read or written. */
/* Whether a name's place (its last words, as many as the key's place has)
 * carries a mark: "Xã Thủy An" does, "Xã Thuy An" (typed without them) not. */
static bool place_marked(const char *name, const char *key)
{
    const char *bar = strchr(key, '|');
    size_t n = 1;
    for (const char *p = bar ? bar + 1 : key; *p; p++)
        n += *p == ' ';
    char **w = g_strsplit(name ? name : "", " ", -1);
    size_t len = g_strv_length(w), k = 0;
    bool marked = false;
    for (size_t i = len; i > 0 && k < n; i--) {
        if (!*w[i - 1])
            continue;
        k++;
        for (const char *p = w[i - 1]; *p && !marked; p++)
            marked = (unsigned char)*p >= 0x80;
    }
    g_strfreev(w);
    return marked;
}

/* "NAME (DISTRICT)" of each commune of ids, joined by ", " onto out. */
static void append_names(sqlite3 *db, const GArray *ids, GString *out)
{
    for (guint i = 0; i < ids->len; i++) {
        sqlite3_stmt *st = srv_db_prepare(db, "SELECT name, district FROM communes WHERE id = ?");
        if (st) {
            sqlite3_bind_int64(st, 1, g_array_index(ids, int64_t, i));
            if (sqlite3_step(st) == SQLITE_ROW) {
                const char *n = (const char *)sqlite3_column_text(st, 0), *d = (const char *)sqlite3_column_text(st, 1);
                g_string_append_printf(out, d && *d ? "%s%s (%s)" : "%s%s", out->len ? ", " : "", n ? n : "", d);
            }
        }
        sqlite3_finalize(st);
    }
}

/* The communes a name typed without marks on its place ("Xã Thuy An": the
 * kind's word marked, or nothing marked beside a kind apart) folds to but
 * is spelt apart from, in district (and among the communes with none), when
 * no commune is called so there: "Xã Thủy An (UBND huyện Phú Vang)", or
 * NULL (g_free).  Such a name is another spelling to kc_commune_spelt_apart
 * (Thanh An and Thạnh An of huyện Vĩnh Thạnh are two), so `user add` made a
 * commune of its own beside Thủy An, which no officer meant: its clerk read
 * none of Thủy An's submissions and the district's table had a row more,
 * "not sent" for one of the two whatever was sent (rtdesk19). */
char *srv_commune_unmarked_kin(sqlite3 *db, const char *name, const char *district)
{
    char *key = name ? commune_key(name) : NULL, *nfc = name ? kc_text_nfc(name) : NULL;
    GString *out = g_string_new(NULL);
    const char *where[] = {district, district && *district ? "" : NULL};
    for (size_t i = 0; key && *key && nfc && !place_marked(nfc, key) && i < G_N_ELEMENTS(where); i++) {
        if (i && !where[i])
            break;
        GArray *apart = g_array_new(FALSE, FALSE, sizeof(int64_t)), *ids = communes_called(db, name, where[i], apart);
        bool none = ids->len == 0;
        if (none)
            append_names(db, apart, out);
        g_array_free(ids, TRUE);
        g_array_free(apart, TRUE);
        if (!none || out->len)
            break;
    }
    free(key);
    free(nfc);
    return g_string_free(out, out->len == 0);
}

static bool name_now(sqlite3 *db, int64_t id, const char *nfc, const char *key, const char *dnfc, const char *dkey)
{
    bool kind = false, level = false, marks = false, ok = false;
    sqlite3_stmt *st = srv_db_prepare(db, "SELECT folded, dkey, name FROM communes WHERE id = ?");
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW) {
            const char *f = (const char *)sqlite3_column_text(st, 0), *d = (const char *)sqlite3_column_text(st, 1);
            kind = key[0] != '|' && f && f[0] == '|';
            level = dkey && *dkey && dkey[0] != '|' && d && d[0] == '|';
            /* A row first named without marks ("Xã Thuy An", typed so by
             * the administrator) takes them from the first clerk added with
             * them ("Xã Thủy An"), as it takes its kind: left unmarked it
             * matched either spelling, so Thúy An's clerk, a tone apart,
             * joined Thủy An's commune after rtnum19's refusal (atkroles,
             * session 37), each reading the other's submissions.  Only
             * when the name given keeps the row's kind (or the row has none). */
            marks = f && (key[0] != '|' || f[0] == '|') &&
                    !place_marked((const char *)sqlite3_column_text(st, 2), key) && place_marked(nfc, key);
            ok = true;
        }
    }
    sqlite3_finalize(st);
    if (!ok || !(kind || level || marks))
        return ok;
    if (marks && !kind) {
        st = srv_db_prepare(db, "UPDATE communes SET name = ?1, marks = kc_commune_marks(?1) WHERE id = ?2");
        if (st) {
            sqlite3_bind_text(st, 1, commune_display(nfc), -1, g_free);
            sqlite3_bind_int64(st, 2, id);
        }
        ok = st && sqlite3_step(st) == SQLITE_DONE;
        sqlite3_finalize(st);
        if (!ok || !level)
            return ok;
    }
    st = srv_db_prepare(db, kind && level ? "UPDATE communes SET name = ?1, folded = ?2, district = ?3, dkey = ?4, "
                                            "marks = kc_commune_marks(?1) WHERE id = ?5"
                            : kind        ? "UPDATE communes SET name = ?1, folded = ?2, marks = kc_commune_marks(?1) "
                                            "WHERE id = ?5"
                                          : "UPDATE communes SET district = ?3, dkey = ?4 WHERE id = ?5");
    if (st) {
        sqlite3_bind_text(st, 1, commune_display(nfc), -1, g_free);
        sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, dnfc ? dnfc : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, dkey ? dkey : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 5, id);
    }
    ok = st && sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok;
}

static int64_t insert_commune(sqlite3 *db, const char *nfc, const char *key, const char *dnfc, const char *dkey)
{
    int64_t id = 0;
    sqlite3_stmt *st = srv_db_prepare(db, "INSERT INTO communes (name, folded, district, dkey, marks) "
                                          "VALUES (?1, ?2, ?3, ?4, kc_commune_marks(?1))");
    if (st) {
        sqlite3_bind_text(st, 1, commune_display(nfc), -1, g_free);
        sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
        if (dnfc)
            sqlite3_bind_text(st, 3, dnfc, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, dkey ? dkey : "", -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_DONE)
            id = sqlite3_last_insert_rowid(db);
    }
    sqlite3_finalize(st);
    return id;
}

int64_t srv_commune_ensure(sqlite3 *db, const char *name, const char *district)
{
    char *key = commune_key(name), *nfc = kc_text_nfc(name), *dnfc = district ? kc_text_nfc(district) : NULL;
    char *dkey = dnfc ? authority_key(dnfc) : NULL;
    sqlite3_stmt *st = NULL;
    int64_t id = 0;
    if (!key || !nfc || !*key || (dkey && !*dkey))
        goto out;
    if ((id = srv_commune_find(db, name, dnfc)) != 0) {
        if (id > 0 && !name_now(db, id, nfc, key, dnfc, dkey))
            id = 0;
        goto out;
    }
    /* The district of a commune that had none is named now (the
     * administrator adding its clerk with --district); a district's upload
     * never comes here for such a commune (upload_store.c refuses it). */
    if (dnfc && (id = srv_commune_find(db, name, "")) > 0) {
        if ((st = srv_db_prepare(db, "UPDATE communes SET district = ?, dkey = ? WHERE id = ?"))) {
            sqlite3_bind_text(st, 1, dnfc, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 2, dkey, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(st, 3, id);
            if (sqlite3_step(st) != SQLITE_DONE || !name_now(db, id, nfc, key, NULL, NULL))
                id = 0;
        }
        goto out;
    }
    id = insert_commune(db, nfc, key, dnfc, dkey);
out:
    sqlite3_finalize(st);
    free(key);
    free(nfc);
    free(dnfc);
    g_free(dkey);
    return id;
}

/* An upload does not rename a commune (its name may come from a bag-info
 * whose seal is not checked yet), and a commune an earlier upload named
 * without its kind ("Tân Hiệp") may be either kind's: an upload naming the
 * kind (Xã Tân Hiệp) gets a commune of that kind of its own.  Joined to the
 * loose one, what was sent for xã and for thị trấn Tân Hiệp became one
 * commune's, the district's table showed the last of them in its one row,
 * and the first clerk added for either kind read both kinds' submissions.
 * Only in the loose one's own district (a commune with no district is left
 * as upload_store.c finds it).  The same of a district's level: a commune
 * whose district an upload named "Cai Lậy" is either level's, so the
 * officers of huyện and of thị xã Cai Lậy both sent into it and each read
 * the other's submissions (the loose row is seen by both); an upload naming
 * the level gets a commune of that level of its own. */
int64_t srv_commune_kind_apart(sqlite3 *db, int64_t id, const char *name, const char *district)
{
    char *key = commune_key(name), *nfc = kc_text_nfc(name), *dnfc = district ? kc_text_nfc(district) : NULL;
    char *dkey = dnfc ? authority_key(dnfc) : NULL;
    bool loose = false;
    sqlite3_stmt *st = key && *key && dkey && *dkey
                           ? srv_db_prepare(db, "SELECT folded, dkey FROM communes WHERE id = ?")
                           : NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW) {
            const char *f = (const char *)sqlite3_column_text(st, 0), *d = (const char *)sqlite3_column_text(st, 1);
            bool kind = key[0] != '|' && f && f[0] == '|' && d && *d;
            bool level = dkey[0] != '|' && d && d[0] == '|' && d[1];
            loose = kind || level;
        }
    }
    sqlite3_finalize(st);
    if (loose)
        id = insert_commune(db, nfc, key, dnfc, dkey);
    free(key);
    free(nfc);
    free(dnfc);
    g_free(dkey);
    return id;
}

/* An officer types "Tân Hòa" for the dossier a commune mailed, whose
 * bag-info says "Thị trấn Tân Hòa": taken as the form says, it went to a
 * commune named without its kind, which the first clerk added of either
 * kind takes, the other kind's dossier with it (its seal and figures then
 * shown in that commune's row).  The bag-info's kind is the commune's own
 * word, and its seal is held to it at the analysis. */
const char *srv_commune_fuller(const char *form, const char *meta)
{
    if (!form || !*form)
        return meta;
    if (!meta || !*meta)
        return form;
    char *fk = commune_key(form), *mk = commune_key(meta);
    bool fuller = fk && mk && fk[0] == '|' && mk[0] != '|' && srv_commune_same(form, meta);
    free(fk);
    free(mk);
    return fuller ? meta : form;
}

int srv_store_register_keys(sqlite3 *db)
{
    bool ok = sqlite3_create_function(db, "kc_authority_key", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                      sql_authority_key, NULL, NULL) == SQLITE_OK &&
              sqlite3_create_function(db, "kc_commune_key", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                      sql_commune_key, NULL, NULL) == SQLITE_OK &&
              sqlite3_create_function(db, "kc_commune_name", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                      sql_commune_name, NULL, NULL) == SQLITE_OK &&
              sqlite3_create_function(db, "kc_commune_marks", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                      sql_commune_marks, NULL, NULL) == SQLITE_OK &&
              sqlite3_create_function(db, "kc_authority_same", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                      sql_authority_same, NULL, NULL) == SQLITE_OK;
    return ok ? 0 : KC_EIO;
}

/* The communes that have a clerk's account (closed ones too): of district
 * (as srv_authority_same reads it), or of the whole store when district is
 * NULL.  Only `kiemchung user add`, the administrator, makes such a
 * commune; a commune a district's officer names in an upload has none, so
 * inventing names raises nothing counted here. */
unsigned srv_clerk_communes(sqlite3 *db, const char *district)
{
    unsigned n = 0; /* unreadable: none beyond the floor */
    sqlite3_stmt *st = srv_db_prepare(
        db, "SELECT count(DISTINCT u.commune_id) FROM users u JOIN communes c ON c.id = u.commune_id "
            "WHERE u.role = 'commune' AND (?1 IS NULL OR kc_authority_same(c.district, ?1))");
    if (st) {
        if (district)
            sqlite3_bind_text(st, 1, district, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            n = (unsigned)sqlite3_column_int(st, 0);
    }
    sqlite3_finalize(st);
    return n;
}

/* How many submissions the account may have waiting or analysed at once.
 * A clerk: --max-waiting.  A district's officer (or the administrator)
 * sends for many communes: the sealed dossiers twenty communes mailed, sent
 * one after another in a morning, were refused from the third on.  Its
 * bound grows with the communes of its district (every commune, for the
 * administrator) that have a clerk's account, each commune's own bound
 * still --max-waiting; communes named in uploads count for nothing, so an
 * officer inventing names to get more room still gets none. */
unsigned srv_account_waiting(sqlite3 *db, const srv_user *user, unsigned per)
{
    if (user->role == SRV_ROLE_COMMUNE)
        return per;
    unsigned n = srv_clerk_communes(db, user->role == SRV_ROLE_DISTRICT ? user->district : NULL);
    return per * MAX(1u, MIN(n, 100000u));
}
