/* test_server_communes.c: which commune and which district a name is, as the
 * server's store keys them (src/server/store_communes.c): a district's level
 * (huyện and thị xã Cai Lậy are two), a commune's kind (xã and thị trấn
 * Hiệp Hòa are two), a loose name given its kind or level later, and the
 * committee's words (UBND xã Thủy Vân is Xã Thủy Vân, migration 7) and
 * their abbreviations (X. Thủy Vân, UBND-xã, of H. Phú Vang: migration 8). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <glib/gstdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server.h"
#include "test_tmpdir.h"
#include "test_store_fx.h" /* fx, setup, teardown, count */

/* A commune named with its committee's words is that commune (rtdesk12).
 * The store below is the one session 31's code made: an officer's uploads
 * for "UBND xã Thủy Vân" and "Ủy ban nhân dân xã Thủy Vân" had made two rows
 * apart from Xã Thủy Vân's, keyed with the words, one of them with a clerk
 * added so; migration 7 merges them into Thủy Vân's, its submissions,
 * criteria and clerk with it, and rekeys the one that has no commune to join
 * (named past the words), another district's namesake kept its own. */
static void test_committee_words(void **state)
{
    fx *f = *state;
    sqlite3 *db;
    reopen_after(f,
                 "INSERT INTO communes (id, name, folded, district, dkey) VALUES "
                 "(1, 'Xã Thủy Vân', 'xa|thuy van', 'UBND huyện Phú Vang', 'huyen|phu vang'), "
                 "(2, 'UBND xã Thủy Vân', '|ubnd xa thuy van', 'UBND huyện Phú Vang', 'huyen|phu vang'), "
                 "(3, 'Ủy ban nhân dân xã Thủy Vân', '|uy ban nhan dan xa thuy van', 'UBND huyện Phú Vang', "
                 "'huyen|phu vang'), "
                 "(4, 'UBND xã Phú An', '|ubnd xa phu an', 'UBND huyện Phú Vang', 'huyen|phu vang'), "
                 "(5, 'UBND xã Thủy Vân', '|ubnd xa thuy van', 'UBND huyện Phong Điền', 'huyen|phong dien');"
                 "INSERT INTO users (name, role, commune_id, password, created) VALUES ('tv2', 'commune', 2, 'x', 1);"
                 "INSERT INTO submissions (id, commune_id, year, kind, status, created) VALUES "
                 "(1, 1, 2020, 'files', 'done', 1), (2, 2, 2021, 'files', 'done', 1), "
                 "(3, 3, 2021, 'files', 'done', 1), (4, 4, 2021, 'files', 'done', 1), "
                 "(5, 5, 2021, 'files', 'done', 1);"
                 "INSERT INTO criteria (submission_id, commune_id, year, number) VALUES (2, 2, 2021, '20'), "
                 "(3, 3, 2021, '21');"
                 "ALTER TABLE submissions DROP COLUMN layout_rules; ALTER TABLE submissions DROP COLUMN signature_rules;"
                 "DROP TABLE signatures; ALTER TABLE submissions DROP COLUMN signatures_kept;"
                 "PRAGMA user_version = 6;"
                 "DROP INDEX audit_time; ALTER TABLE audit DROP COLUMN times; ALTER TABLE audit DROP COLUMN last; ");
    assert_true(srv_store_version(f->st) >= 7);
    assert_int_equal(count(f->st, "SELECT count(*) FROM communes"), 3);
    assert_int_equal(count(f->st, "SELECT count(*) FROM submissions WHERE commune_id = 1"), 3);
    assert_int_equal(count(f->st, "SELECT count(*) FROM criteria WHERE commune_id = 1"), 2);
    assert_int_equal(count(f->st, "SELECT count(*) FROM users WHERE name = 'tv2' AND commune_id = 1"), 1);
    assert_int_equal(count(f->st, "SELECT count(*) FROM communes WHERE id = 1 AND name = 'Xã Thủy Vân' AND "
                                  "folded = 'xa|thuy van'"),
                     1);
    assert_int_equal(count(f->st, "SELECT count(*) FROM communes WHERE id = 4 AND name = 'Xã Phú An' AND "
                                  "folded = 'xa|phu an'"),
                     1);
    assert_int_equal(count(f->st, "SELECT count(*) FROM submissions WHERE id = 4 AND commune_id = 4"), 1);
    assert_int_equal(count(f->st, "SELECT count(*) FROM communes WHERE id = 5 AND name = 'Xã Thủy Vân' AND "
                                  "folded = 'xa|thuy van' AND dkey = 'huyen|phong dien'"),
                     1);
    assert_int_equal(count(f->st, "SELECT count(*) FROM submissions WHERE id = 5 AND commune_id = 5"), 1);
    /* and from now on: the words name the commune, for a find and for an
     * upload's ensure; a commune first named so is kept by its own name */
    db = srv_db_lock(f->st);
    assert_int_equal(srv_commune_find(db, "UBND xã Thủy Vân", "UBND huyện Phú Vang"), 1);
    assert_int_equal(srv_commune_find(db, "Ủy ban nhân dân xã Phú An", "huyện Phú Vang"), 4);
    assert_int_equal(srv_commune_ensure(db, "UBND XÃ THỦY VÂN", "UBND huyện Phú Vang"), 1);
    int64_t hk = srv_commune_ensure(db, "Ủy ban nhân dân xã Hồng Kim", "UBND huyện A Lưới");
    assert_true(hk > 5);
    assert_int_equal(srv_commune_ensure(db, "Xã Hồng Kim", "huyện A Lưới"), hk);
    srv_db_unlock(f->st);
    assert_int_equal(count(f->st, "SELECT count(*) FROM communes WHERE name = 'Xã Hồng Kim' AND folded = 'xa|hong kim'"),
                     1);
    assert_true(srv_commune_same("UBND xã Thủy Vân", "Xã Thủy Vân"));
    assert_false(srv_commune_same("UBND xã Thủy Vân", "Xã Thủy An"));
    assert_false(srv_commune_same("UBND phường Thủy Vân", "Xã Thủy Vân"));
}

/* A commune or a district named with abbreviations is that commune of that
 * district (rtdesk13).  The store below is the one main's binary made before
 * (rows, keys and user_version as it wrote them): an officer of huyện Phú
 * Vang sent for "X. Thủy Vân", "UBND-xã Thủy Vân", "U.B.N.D xã Thủy Vân"
 * and "UBND X.Thủy Vân", each a commune apart that Thủy Vân's clerk did not
 * read; "TT. Tân Hiệp", one apart from both Tân Hiệp; and the administrator
 * added clerks with --district "H. Phú Vang", communes that huyện Phú
 * Vang's officer did not see.  Migration 8 merges each into the commune its
 * keys now name, its submissions, criteria and clerks with it, and rekeys
 * the one with none to join; a thị trấn stays apart from the xã. */
static void test_spellings(void **state)
{
    fx *f = *state;
    sqlite3 *db;
    reopen_after(f,
                 "INSERT INTO communes (id, name, folded, district, dkey) VALUES "
                 "(2, 'Xã Thủy Vân', 'xa|thuy van', 'UBND huyện Phú Vang', 'huyen|phu vang'), "
                 "(3, 'Xã Tân Hiệp', 'xa|tan hiep', 'UBND huyện Châu Thành', 'huyen|chau thanh'), "
                 "(4, 'Thị trấn Tân Hiệp', 'thi tran|tan hiep', 'UBND huyện Châu Thành', 'huyen|chau thanh'), "
                 "(5, 'X. Thủy Vân', '|x. thuy van', 'UBND huyện Phú Vang', 'huyen|phu vang'), "
                 "(6, 'UBND-xã Thủy Vân', '|ubnd-xa thuy van', 'UBND huyện Phú Vang', 'huyen|phu vang'), "
                 "(7, 'U.B.N.D xã Thủy Vân', '|u.b.n.d xa thuy van', 'UBND huyện Phú Vang', 'huyen|phu vang'), "
                 "(8, 'X.Thủy Vân', '|x.thuy van', 'UBND huyện Phú Vang', 'huyen|phu vang'), "
                 "(9, 'TT. Tân Hiệp', '|tt. tan hiep', 'UBND huyện Châu Thành', 'huyen|chau thanh'), "
                 "(10, 'Xã Phú An', 'xa|phu an', 'H. Phú Vang', '|h. phu vang'), "
                 "(11, 'Xã Thủy Vân', 'xa|thuy van', 'H. Phú Vang', '|h. phu vang'), "
                 "(12, 'X. Thủy Vân', '|x. thuy van', 'UBND huyện Phong Điền', 'huyen|phong dien');"
                 "INSERT INTO users (name, role, commune_id, password, created) VALUES "
                 "('thuy-van', 'commune', 2, 'x', 1), ('tv-h', 'commune', 11, 'x', 1), "
                 "('phu-an', 'commune', 10, 'x', 1), ('tt', 'commune', 4, 'x', 1);"
                 "INSERT INTO submissions (id, commune_id, year, kind, status, created) VALUES "
                 "(1, 5, 2021, 'files', 'done', 1), (2, 6, 2021, 'files', 'done', 1), "
                 "(3, 7, 2021, 'files', 'done', 1), (4, 8, 2021, 'files', 'done', 1), "
                 "(5, 9, 2021, 'files', 'done', 1), (6, 12, 2021, 'files', 'done', 1);"
                 "INSERT INTO criteria (submission_id, commune_id, year, number) VALUES (1, 5, 2021, '20'), "
                 "(5, 9, 2021, '20');"
                 "ALTER TABLE submissions DROP COLUMN layout_rules; ALTER TABLE submissions DROP COLUMN signature_rules;"
                 "DROP TABLE signatures; ALTER TABLE submissions DROP COLUMN signatures_kept;"
                 "PRAGMA user_version = 7;"
                 "DROP INDEX audit_time; ALTER TABLE audit DROP COLUMN times; ALTER TABLE audit DROP COLUMN last; ");
    assert_true(srv_store_version(f->st) >= 8);
    assert_int_equal(count(f->st, "SELECT count(*) FROM communes"), 5);
    assert_int_equal(count(f->st, "SELECT count(*) FROM submissions WHERE commune_id = 2"), 4);
    assert_int_equal(count(f->st, "SELECT count(*) FROM criteria WHERE commune_id = 2"), 1);
    assert_int_equal(count(f->st, "SELECT count(*) FROM submissions WHERE id = 5 AND commune_id = 4"), 1);
    assert_int_equal(count(f->st, "SELECT count(*) FROM criteria WHERE submission_id = 5 AND commune_id = 4"), 1);
    assert_int_equal(count(f->st, "SELECT count(*) FROM users WHERE name IN ('thuy-van', 'tv-h') AND commune_id = 2"),
                     2);
    assert_int_equal(count(f->st, "SELECT count(*) FROM communes WHERE id = 10 AND name = 'Xã Phú An' AND "
                                  "dkey = 'huyen|phu vang'"),
                     1);
    assert_int_equal(count(f->st, "SELECT count(*) FROM communes WHERE id = 12 AND name = 'Xã Thủy Vân' AND "
                                  "folded = 'xa|thuy van' AND dkey = 'huyen|phong dien'"),
                     1);
    assert_int_equal(count(f->st, "SELECT count(*) FROM submissions WHERE id = 6 AND commune_id = 12"), 1);
    /* and from now on, for a find, an upload's ensure and a clerk's add */
    db = srv_db_lock(f->st);
    assert_int_equal(srv_commune_find(db, "X. Thủy Vân", "H. Phú Vang"), 2);
    assert_int_equal(srv_commune_find(db, "UBND.xã Thủy Vân", "UBND-huyện Phú Vang"), 2);
    assert_int_equal(srv_commune_find(db, "TT.Tân Hiệp", "huyện Châu Thành"), 4);
    assert_int_equal(srv_commune_ensure(db, "u.b.n.d. X. THỦY VÂN", "UBND huyện Phú Vang"), 2);
    int64_t hk = srv_commune_ensure(db, "X. hồng kim", "UBND huyện A Lưới");
    assert_true(hk > 12);
    assert_int_equal(srv_commune_ensure(db, "Xã Hồng Kim", "huyện A Lưới"), hk);
    int64_t p5 = srv_commune_ensure(db, "P. 5", "TP. Tuy Hòa");
    assert_true(p5 > hk);
    assert_int_equal(srv_commune_ensure(db, "Phường 5", "UBND thành phố Tuy Hòa"), p5);
    srv_db_unlock(f->st);
    assert_int_equal(count(f->st, "SELECT count(*) FROM communes WHERE name = 'Xã hồng kim' AND folded = 'xa|hong kim'"),
                     1);
    assert_int_equal(count(f->st, "SELECT count(*) FROM communes WHERE name = 'Phường 5' AND folded = 'phuong|5'"), 1);
    assert_true(srv_commune_same("X. Thủy Vân", "Xã Thủy Vân"));
    assert_true(srv_commune_same("Ủy ban ND xã Thủy Vân", "Thủy Vân"));
    assert_false(srv_commune_same("TT. Thủy Vân", "Xã Thủy Vân"));
    assert_false(srv_commune_same("P. Thủy Vân", "X. Thủy Vân"));
    assert_false(srv_commune_same("X. Thủy Vân", "Xã Thủy An"));
    assert_true(srv_authority_same("H. Phú Vang", "UBND huyện Phú Vang"));
    assert_true(srv_authority_same("UBND-huyện Phú Vang", "huyện Phú Vang"));
    assert_true(srv_authority_same("TX. Hương Thủy", "UBND thị xã Hương Thủy"));
    assert_true(srv_authority_same("Q.1", "quận 1"));
    assert_false(srv_authority_same("H. Cai Lậy", "TX. Cai Lậy"));
    assert_false(srv_authority_same("H. Phú Vang", "huyện Phong Điền"));
}

/* Two communes of one district a tone or a letter's mark apart (Thạnh An and
 * Thanh An of huyện Vĩnh Thạnh, Cần Thơ): the store keys a commune by its
 * name folded without any mark, so "Xã Thúy An" and "Xã Thủy Ân" found Xã
 * Thủy An's row, their clerks joined to it (each reading the other's
 * submissions) and their dossiers shown in its one row of the overview
 * (rtnum19).  Refused then; since rtdesk18 (migration 11) each is a commune
 * of its own, keyed by its marks beside its folded name.  Where the tone sits
 * and the committee's words still find a commune; a name typed without any
 * mark names either, so it is ambiguous once both are there. */
static void test_marks_apart(void **state)
{
    fx *f = *state;
    sqlite3 *db = srv_db_lock(f->st);
    int64_t ta = srv_commune_ensure(db, "Xã Thủy An", "UBND huyện Phú Vang");
    assert_true(ta > 0);
    assert_int_equal(srv_commune_find(db, "xa thuy an", "Phú Vang"), ta); /* alone: either */
    int64_t tua = srv_commune_ensure(db, "Xã Thúy An", "UBND huyện Phú Vang");
    assert_true(tua > ta);
    assert_int_equal(srv_commune_find(db, "Thủy Ân", "huyện Phú Vang"), 0);
    assert_int_equal(srv_commune_ensure(db, "Xã Thuỷ An", "UBND huyện Phú Vang"), ta);
    assert_int_equal(srv_commune_ensure(db, "UBND xã Thủy An", "huyện Phú Vang"), ta);
    assert_int_equal(srv_commune_ensure(db, "UBND xã Thúy An", "huyện Phú Vang"), tua);
    assert_int_equal(srv_commune_find(db, "Thuý An", "Phú Vang"), tua);
    /* decomposed (NFD), as a Mac's form sends it: the same communes */
    assert_int_equal(srv_commune_ensure(db, "Xa\xcc\x83 Thu\xcc\x81y An", "UBND huyện Phú Vang"), tua);
    assert_int_equal(srv_commune_find(db, "Xa\xcc\x83 Thuy\xcc\x89 An", "huyện Phú Vang"), ta);
    assert_int_equal(srv_commune_find(db, "xa thuy an", "Phú Vang"), SRV_COMMUNE_AMBIGUOUS);
    /* A name written with marks whose own words carry none is spelt so: one
     * district holds Thạnh An and Thanh An (huyện Vĩnh Thạnh, Cần Thơ), and
     * index reads "Xã Thanh An" as the other (kc_commune_same_entry); the
     * desk joined Thanh An's clerk to Thạnh An's commune (review37). */
    assert_int_equal(srv_commune_find(db, "Xã Thuy An", "Phú Vang"), 0);
    int64_t thanh_dot = srv_commune_ensure(db, "Xã Thạnh An", "UBND huyện Vĩnh Thạnh");
    assert_true(thanh_dot > tua);
    assert_int_equal(srv_commune_find(db, "thanh an", "Vĩnh Thạnh"), thanh_dot); /* typed without any mark: either */
    int64_t thanh = srv_commune_ensure(db, "Xã Thanh An", "UBND huyện Vĩnh Thạnh");
    assert_true(thanh > thanh_dot);
    assert_int_equal(srv_commune_ensure(db, "Xã Thanh An", "huyện Vĩnh Thạnh"), thanh);
    assert_int_equal(srv_commune_find(db, "thanh an", "Vĩnh Thạnh"), SRV_COMMUNE_AMBIGUOUS);
    /* another district's Thúy An is its own commune */
    int64_t other = srv_commune_ensure(db, "Xã Thúy An", "UBND huyện Phong Điền");
    assert_true(other > thanh);
    srv_db_unlock(f->st);
    assert_int_equal(count(f->st, "SELECT count(*) FROM communes"), 5);
    assert_int_equal(count(f->st, "SELECT count(*) FROM communes WHERE marks = kc_commune_marks('UBND xã Thuý An')"), 2);
    /* a dossier's bag-info naming the other one is not this commune's */
    assert_false(srv_commune_same("Xã Thúy An", "Xã Thủy An"));
    assert_false(srv_commune_same("UBND xã Thủy Ân", "Thủy An"));
    assert_true(srv_commune_same("UBND xã Thuỷ An", "Xã Thủy An"));
    assert_true(srv_commune_same("Thuy An", "Xã Thủy An"));
    assert_false(srv_commune_same("Xã Thanh An", "Xã Thạnh An"));
    kc_dossier_meta m = {.commune = "Xã Thúy An", .district = "huyện Phú Vang", .year = 2021};
    guint status = 0;
    char *why = srv_dossier_not_for(SRV_LANG_EN, &m, "Xã Thủy An", "UBND huyện Phú Vang", 2021, &status);
    assert_non_null(why);
    assert_int_equal(status, 403);
    assert_non_null(strstr(why, "the dossier is Xã Thúy An's, not Xã Thủy An's"));
    g_free(why);
    m.commune = "Thuỷ An";
    why = srv_dossier_not_for(SRV_LANG_EN, &m, "Xã Thủy An", "UBND huyện Phú Vang", 2021, &status);
    assert_null(why);
}

/* A commune first added without marks ("xa thuy an", as an administrator
 * types it on a keyboard without Vietnamese) matched either spelling, so
 * rtnum19's refusal did not hold: Thủy An's clerk and Thúy An's, a tone
 * apart, both joined it, each reading the other's submissions (atkroles,
 * session 37: seen with `user add` on main).  The row takes the marks of the
 * first clerk added with them; Thúy An's is then a commune of its own
 * (refused before rtdesk18), and where the tone sits and the committee's
 * words still find Thủy An. */
static void test_marks_given_later(void **state)
{
    fx *f = *state;
    sqlite3 *db = srv_db_lock(f->st);
    int64_t ta = srv_commune_ensure(db, "xa thuy an", "UBND huyện Phú Vang");
    assert_true(ta > 0);
    assert_int_equal(srv_commune_ensure(db, "Xã Thủy An", "UBND huyện Phú Vang"), ta);
    int64_t tua = srv_commune_ensure(db, "Xã Thúy An", "UBND huyện Phú Vang");
    assert_true(tua > ta);
    assert_int_equal(srv_commune_ensure(db, "Xã Thuỷ An", "UBND huyện Phú Vang"), ta);
    assert_int_equal(srv_commune_ensure(db, "xa thuy an", "UBND huyện Phú Vang"), SRV_COMMUNE_AMBIGUOUS);
    assert_int_equal(srv_commune_find(db, "UBND xã Thủy An", "huyện Phú Vang"), ta);
    srv_db_unlock(f->st);
    assert_int_equal(count(f->st, "SELECT count(*) FROM communes WHERE name = 'Xã Thủy An'"), 1);
}

/* A name carrying a word that folds away (a soft hyphen, a word joiner or
 * a lone combining mark after it, as a name pasted from a web page or a
 * PDF brings): its marks were not compared at all, so "Xã Thúy An" with a
 * soft hyphen after it was Thủy An's commune (atkdesk, session 38: `user
 * add` joined its clerk to Xã Thủy An on main, each reading the other's
 * submissions).  Such a word is not the name: its marks are read without it,
 * so it is Thúy An's, and Thủy An's own name so written stays Thủy An's. */
static void test_marks_invisible_word(void **state)
{
    fx *f = *state;
    sqlite3 *db = srv_db_lock(f->st);
    int64_t ta = srv_commune_ensure(db, "Xã Thủy An", "UBND huyện Phú Vang");
    assert_true(ta > 0);
    static const char *const odd[] = {"Xã Thúy An \xc2\xad", "Xã Thúy An \xe2\x81\xa0", "Xã Thúy An \xcc\x81",
                                      "\xe2\x81\xa0 Xã Thúy An", "Xã \xc2\xad Thúy An"};
    for (size_t i = 0; i < G_N_ELEMENTS(odd); i++) {
        assert_int_equal(srv_commune_find(db, odd[i], "UBND huyện Phú Vang"), 0);
        assert_false(srv_commune_same(odd[i], "Xã Thủy An"));
    }
    int64_t tua = srv_commune_ensure(db, "Xã Thúy An \xc2\xad", "UBND huyện Phú Vang");
    assert_true(tua > ta);
    assert_int_equal(srv_commune_find(db, "Xã Thúy An", "huyện Phú Vang"), tua);
    assert_int_equal(srv_commune_find(db, "Xã Thủy An \xe2\x81\xa0", "huyện Phú Vang"), ta);
    srv_db_unlock(f->st);
    assert_true(srv_commune_same("Xã Thủy An \xc2\xad", "Xã Thuỷ An"));
}

/* A store made before migration 11: its communes take their marks (a
 * name typed without any, none), its submissions stay theirs, and Thúy An is
 * then a commune beside Thủy An. */
static void test_marks_migrated(void **state)
{
    fx *f = *state;
    reopen_after(f,
                 "INSERT INTO communes (id, name, folded, district, dkey) VALUES "
                 "(2, 'Xã Thủy An', 'xa|thuy an', 'UBND huyện Phú Vang', 'huyen|phu vang'), "
                 "(3, 'xa phu an', 'xa|phu an', 'UBND huyện Phú Vang', 'huyen|phu vang');"
                 "INSERT INTO submissions (id, commune_id, year, kind, status, created) VALUES "
                 "(1, 2, 2021, 'files', 'done', 1);"
                 "ALTER TABLE submissions DROP COLUMN layout_rules; ALTER TABLE submissions DROP COLUMN signature_rules;"
                 "DROP TABLE signatures; ALTER TABLE submissions DROP COLUMN signatures_kept;"
                 "PRAGMA user_version = 10;");
    assert_true(srv_store_version(f->st) >= 11);
    assert_int_equal(count(f->st, "SELECT count(*) FROM communes WHERE id = 2 AND marks = kc_commune_marks('Thuỷ An') "
                                  "AND marks <> ''"), 1);
    assert_int_equal(count(f->st, "SELECT count(*) FROM communes WHERE id = 3 AND marks = ''"), 1);
    assert_int_equal(count(f->st, "SELECT count(*) FROM submissions WHERE commune_id = 2"), 1);
    sqlite3 *db = srv_db_lock(f->st);
    int64_t tua = srv_commune_ensure(db, "Xã Thúy An", "UBND huyện Phú Vang");
    assert_int_equal(srv_commune_find(db, "Xã Thuỷ An", "UBND huyện Phú Vang"), 2);
    srv_db_unlock(f->st);
    assert_true(tua > 3);
}

/* The same abbreviations written without their full stop ("X Thủy Vân",
 * "TT Sịa", "H Phú Vang", "TP Huế") or glued to the committee
 * ("UBNDxã Thủy Vân"), as a form, a bag-info or `user add` also writes
 * them: each was a commune apart (rtdesk14), a row of the district's table
 * beside Thủy Vân's that its clerk did not read, or a district apart whose
 * clerks huyện Phú Vang's officer did not see.  Migration 9 merges them as
 * migration 8 did.  A bare letter is read as the kind only as a word of its
 * own: "Xã Xuân Thủy" stays a commune of its own, and "X Thủy" is not it. */
static void test_bare_spellings(void **state)
{
    fx *f = *state;
    sqlite3 *db;
    reopen_after(f,
                 "INSERT INTO communes (id, name, folded, district, dkey) VALUES "
                 "(2, 'Xã Thủy Vân', 'xa|thuy van', 'UBND huyện Phú Vang', 'huyen|phu vang'), "
                 "(3, 'X Thủy Vân', '|x thuy van', 'UBND huyện Phú Vang', 'huyen|phu vang'), "
                 "(4, 'UBNDxã Thủy Vân', '|ubndxa thuy van', 'UBND huyện Phú Vang', 'huyen|phu vang'), "
                 "(5, 'Xã Phú An', 'xa|phu an', 'H Phú Vang', '|h phu vang'), "
                 "(6, 'Xã Xuân Thủy', 'xa|xuan thuy', 'UBND huyện Phú Vang', 'huyen|phu vang'), "
                 "(7, 'TT Sịa', '|tt sia', 'UBND huyện Quảng Điền', 'huyen|quang dien'), "
                 "(8, 'Thị trấn Sịa', 'thi tran|sia', 'UBND huyện Quảng Điền', 'huyen|quang dien');"
                 "INSERT INTO users (name, role, commune_id, password, created) VALUES "
                 "('thuy-van', 'commune', 2, 'x', 1), ('phu-an', 'commune', 5, 'x', 1), ('sia', 'commune', 8, 'x', 1);"
                 "INSERT INTO submissions (id, commune_id, year, kind, status, created) VALUES "
                 "(1, 3, 2021, 'files', 'done', 1), (2, 4, 2021, 'files', 'done', 1), (3, 7, 2021, 'files', 'done', 1);"
                 "ALTER TABLE submissions DROP COLUMN layout_rules; ALTER TABLE submissions DROP COLUMN signature_rules;"
                 "DROP TABLE signatures; ALTER TABLE submissions DROP COLUMN signatures_kept;"
                 "PRAGMA user_version = 8;"
                 "DROP INDEX audit_time; ALTER TABLE audit DROP COLUMN times; ALTER TABLE audit DROP COLUMN last; ");
    assert_int_equal(srv_store_version(f->st), 14);
    assert_int_equal(count(f->st, "SELECT count(*) FROM communes"), 4);
    assert_int_equal(count(f->st, "SELECT count(*) FROM submissions WHERE commune_id = 2"), 2);
    assert_int_equal(count(f->st, "SELECT count(*) FROM submissions WHERE id = 3 AND commune_id = 8"), 1);
    assert_int_equal(count(f->st, "SELECT count(*) FROM communes WHERE id = 5 AND dkey = 'huyen|phu vang'"), 1);
    assert_int_equal(count(f->st, "SELECT count(*) FROM communes WHERE id = 6 AND folded = 'xa|xuan thuy'"), 1);
    db = srv_db_lock(f->st);
    assert_int_equal(srv_commune_find(db, "X Thủy Vân", "H Phú Vang"), 2);
    assert_int_equal(srv_commune_find(db, "UBNDxã Thủy Vân", "UBNDhuyện Phú Vang"), 2);
    assert_int_equal(srv_commune_find(db, "TT Sịa", "H Quảng Điền"), 8);
    assert_int_equal(srv_commune_find(db, "Xã Xuân Thủy", "UBND huyện Phú Vang"), 6);
    int64_t x = srv_commune_ensure(db, "X Thủy", "UBND huyện Phú Vang");
    assert_true(x > 8);
    assert_int_equal(srv_commune_ensure(db, "Xã Thủy", "huyện Phú Vang"), x);
    srv_db_unlock(f->st);
    assert_true(srv_commune_same("X Thủy Vân", "Xã Thủy Vân"));
    assert_true(srv_commune_same("UBNDxã Thủy Vân", "UBND xã Thủy Vân"));
    assert_false(srv_commune_same("X Thủy", "Xã Xuân Thủy"));
    assert_false(srv_commune_same("TT Thủy Vân", "X Thủy Vân"));
    assert_false(srv_commune_same("Xuân Thủy Vân", "Xã Thủy Vân"));
    assert_true(srv_authority_same("TP Huế", "UBND thành phố Huế"));
    assert_true(srv_authority_same("TX Hương Thủy", "thị xã Hương Thủy"));
    assert_true(srv_authority_same("H Phú Vang", "UBND huyện Phú Vang"));
    assert_false(srv_authority_same("H Cai Lậy", "TX Cai Lậy"));
    assert_false(srv_authority_same("Hà Tĩnh", "huyện Tĩnh"));
}

/* A district-level unit is its name and its level when one is named:
 * huyện Cai Lậy and thị xã Cai Lậy are two districts of Tiền Giang, each
 * with its own communes; "Cai Lậy" alone is either. */
static void test_levels(void **state)
{
    fx *f = *state;
    kc_error err = {0};
    assert_true(srv_authority_same("UBND huyện Phú Vang", "Phú Vang"));
    assert_true(srv_authority_same("huyện Phú Vang", "Ủy ban nhân dân huyện Phú Vang"));
    assert_true(srv_authority_same("TP. Cao Lãnh", "UBND thành phố Cao Lãnh"));
    assert_false(srv_authority_same("UBND huyện Cai Lậy", "UBND thị xã Cai Lậy"));
    assert_false(srv_authority_same("huyện Cao Lãnh", "thành phố Cao Lãnh"));
    assert_false(srv_authority_same("UBND tỉnh Bắc Ninh", "UBND thành phố Bắc Ninh"));
    assert_false(srv_authority_same("", "huyện Phú Vang"));
    assert_int_equal(srv_user_add(f->st, "tx", SRV_ROLE_COMMUNE, "Xã Long Khánh", "UBND thị xã Cai Lậy", false, "password-1",
                                  10, &err),
                     0);
    assert_int_equal(srv_user_add(f->st, "h", SRV_ROLE_COMMUNE, "Xã Long Khánh", "UBND huyện Cai Lậy", false, "password-1",
                                  10, &err),
                     0);
    assert_int_equal(count(f->st, "SELECT count(*) FROM communes"), 2);
    assert_int_equal(count(f->st, "SELECT count(DISTINCT commune_id) FROM users"), 2);
    sqlite3 *db = srv_db_lock(f->st);
    assert_true(srv_commune_find(db, "Long Khánh", "thị xã Cai Lậy") > 0);
    assert_int_equal(srv_commune_find(db, "Long Khánh", "Cai Lậy"), SRV_COMMUNE_AMBIGUOUS);
    assert_int_equal(srv_commune_find(db, "Long Khánh", "thành phố Cai Lậy"), 0);
    srv_db_unlock(f->st);
    /* named without its level, the clerk's district is whichever level names it */
    assert_int_equal(srv_user_add(f->st, "pv", SRV_ROLE_COMMUNE, "Xã Thủy An", "Phú Vang", false, "password-1", 10, &err), 0);
    db = srv_db_lock(f->st);
    int64_t id = srv_commune_find(db, "Thủy An", "UBND huyện Phú Vang");
    assert_true(id > 0);
    assert_int_equal(srv_commune_ensure(db, "Xã Thủy An", "huyện Phú Vang"), id);
    srv_db_unlock(f->st);
    /* a thị trấn and a xã of one name in one district are two communes;
     * the name without its kind is either */
    assert_true(srv_commune_same("UBND xã Hiệp Hòa", "Hiệp Hòa"));
    assert_true(srv_commune_same("Thị trấn Hiệp Hòa", "thi tran hiep hoa"));
    assert_false(srv_commune_same("Thị trấn Hiệp Hòa", "Xã Hiệp Hòa"));
    assert_false(srv_commune_same("Phường An Hòa", "UBND xã An Hòa"));
    assert_int_equal(srv_user_add(f->st, "tt", SRV_ROLE_COMMUNE, "Thị trấn Hiệp Hòa", "UBND huyện Đức Hòa", false, "password-1",
                                  10, &err),
                     0);
    assert_int_equal(srv_user_add(f->st, "xa", SRV_ROLE_COMMUNE, "Xã Hiệp Hòa", "UBND huyện Đức Hòa", false, "password-1", 10,
                                  &err),
                     0);
    assert_int_equal(count(f->st, "SELECT count(*) FROM users u JOIN users v ON u.commune_id = v.commune_id WHERE "
                                  "u.name = 'tt' AND v.name = 'xa'"),
                     0);
    db = srv_db_lock(f->st);
    assert_true(srv_commune_find(db, "Xã Hiệp Hòa", "huyện Đức Hòa") > 0);
    assert_int_equal(srv_commune_find(db, "Hiệp Hòa", "huyện Đức Hòa"), SRV_COMMUNE_AMBIGUOUS);
    assert_int_equal(srv_commune_find(db, "Phường Hiệp Hòa", "huyện Đức Hòa"), 0);
    srv_db_unlock(f->st);
}

/* A commune first named without its kind (an officer's upload of a mailed
 * dossier naming "Hiệp Thạnh" alone) or its district without its level
 * ("Cai Lậy") is either kind's, either level's: the clerks of xã and of
 * thị trấn Hiệp Thạnh added after it both joined that one commune and
 * read each other's submissions (rtdesk9).  The first clerk naming the
 * kind or the level gives it to the commune; the other is a commune of its own. */
static void test_named_later(void **state)
{
    fx *f = *state;
    kc_error err = {0};
    sqlite3 *db = srv_db_lock(f->st);
    int64_t loose = srv_commune_ensure(db, "Hiệp Thạnh", "UBND huyện Châu Thành");
    int64_t lk = srv_commune_ensure(db, "Xã Long Khánh", "Cai Lậy");
    srv_db_unlock(f->st);
    assert_true(loose > 0 && lk > 0);
    const char *const adds[][3] = {{"xa", "Xã Hiệp Thạnh", "UBND huyện Châu Thành"},
                                   {"tt", "Thị trấn Hiệp Thạnh", "UBND huyện Châu Thành"},
                                   {"huyen", "Xã Long Khánh", "UBND huyện Cai Lậy"},
                                   {"thixa", "Xã Long Khánh", "UBND thị xã Cai Lậy"}};
    for (size_t i = 0; i < G_N_ELEMENTS(adds); i++)
        assert_int_equal(srv_user_add(f->st, adds[i][0], SRV_ROLE_COMMUNE, adds[i][1], adds[i][2], false, "password-1", 10,
                                      &err),
                         0);
#define SAME_COMMUNE                                                                                  \
    "SELECT count(*) FROM users u JOIN users v ON u.commune_id = v.commune_id WHERE u.name = '%s' AND v.name = '%s'"
    char *q = g_strdup_printf(SAME_COMMUNE, "tt", "xa");
    assert_int_equal(count(f->st, q), 0);
    g_free(q);
    q = g_strdup_printf(SAME_COMMUNE, "huyen", "thixa");
    assert_int_equal(count(f->st, q), 0);
    g_free(q);
    /* the first keeps the commune named loosely, now with its kind or level */
    assert_int_equal(count(f->st, "SELECT count(*) FROM users u JOIN communes c ON c.id = u.commune_id WHERE "
                                  "u.name = 'xa' AND c.name = 'Xã Hiệp Thạnh'"),
                     1);
    assert_int_equal(count(f->st, "SELECT count(*) FROM users u JOIN communes c ON c.id = u.commune_id WHERE "
                                  "u.name = 'huyen' AND c.district = 'UBND huyện Cai Lậy'"),
                     1);
    db = srv_db_lock(f->st);
    assert_int_equal(srv_commune_find(db, "Xã Hiệp Thạnh", "huyện Châu Thành"), loose);
    assert_int_equal(srv_commune_find(db, "Hiệp Thạnh", "huyện Châu Thành"), SRV_COMMUNE_AMBIGUOUS);
    assert_int_equal(srv_commune_find(db, "Xã Long Khánh", "huyện Cai Lậy"), lk);
    /* an upload naming the kind beside a loose "Tân Phú" gets its own commune,
     * which the name with that kind is from then on (not also the loose one) */
    int64_t tp = srv_commune_ensure(db, "Tân Phú", "UBND huyện Châu Thành");
    int64_t xa = srv_commune_kind_apart(db, tp, "Xã Tân Phú", "UBND huyện Châu Thành");
    assert_true(tp > 0 && xa > 0 && xa != tp);
    assert_int_equal(srv_commune_kind_apart(db, xa, "Xã Tân Phú", "UBND huyện Châu Thành"), xa);
    assert_int_equal(srv_commune_find(db, "Xã Tân Phú", "huyện Châu Thành"), xa);
    assert_int_equal(srv_commune_find(db, "Thị trấn Tân Phú", "huyện Châu Thành"), tp);
    assert_int_equal(srv_commune_find(db, "Tân Phú", "huyện Châu Thành"), SRV_COMMUNE_AMBIGUOUS);
    srv_db_unlock(f->st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_committee_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_spellings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_marks_apart, setup, teardown),
        cmocka_unit_test_setup_teardown(test_marks_given_later, setup, teardown),
        cmocka_unit_test_setup_teardown(test_marks_migrated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_marks_invisible_word, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bare_spellings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_levels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_named_later, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
