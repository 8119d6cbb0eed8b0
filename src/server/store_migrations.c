/* store_migrations.c: the store's schema, as numbered migrations (store.c
 * runs those a data folder has not had, each in its own transaction). */
#include "server.h"

/* Migrations 7, 8 and 9 merge communes the same way: temp.kc_merge maps each
 * row that joins another (old) to the row it joins (new); the submissions,
 * criteria and clerks move, the old rows go. */
#define MERGE_COMMUNES                                                                                         \
    "UPDATE submissions SET commune_id = (SELECT new FROM kc_merge WHERE old = commune_id)"                    \
    "  WHERE commune_id IN (SELECT old FROM kc_merge);"                                                        \
    "UPDATE criteria SET commune_id = (SELECT new FROM kc_merge WHERE old = commune_id)"                       \
    "  WHERE commune_id IN (SELECT old FROM kc_merge);"                                                        \
    "UPDATE users SET commune_id = (SELECT new FROM kc_merge WHERE old = commune_id)"                          \
    "  WHERE commune_id IN (SELECT old FROM kc_merge);"                                                        \
    "DELETE FROM communes WHERE id IN (SELECT old FROM kc_merge);"                                             \
    "DROP TABLE temp.kc_merge;"

/* Migrations 8 and 9 rekey every commune and district whose stored keys the
 * key functions now read otherwise (the same SQL text, run again when the
 * readings grow): each row whose keys changed joins the commune both its keys
 * now name (the one already keyed so first, else the oldest); a row with none
 * is rekeyed through a unique placeholder and named as its key reads. */
#define REKEY_COMMUNES \
    "CREATE TEMP TABLE kc_merge AS SELECT c.id AS old, (SELECT t.id FROM communes t WHERE " \
    "  kc_authority_key(t.district) = kc_authority_key(c.district) AND kc_commune_key(t.name) = kc_commune_key(c.name)" \
    "  ORDER BY (t.folded <> kc_commune_key(t.name) OR t.dkey <> kc_authority_key(t.district)), t.id LIMIT 1)" \
    "  AS new FROM communes c WHERE c.folded <> kc_commune_key(c.name) OR c.dkey <> kc_authority_key(c.district);" \
    "DELETE FROM kc_merge WHERE old = new OR new IS NULL;" \
    MERGE_COMMUNES \
    "UPDATE communes SET folded = '#' || id WHERE folded <> kc_commune_key(name) OR dkey <> kc_authority_key(district);" \
    "UPDATE communes SET name = kc_commune_name(name), folded = kc_commune_key(name)," \
    "  dkey = kc_authority_key(district) WHERE folded LIKE '#%';"

/* Each migration runs once, in order, in its own transaction; the schema's
 * version is PRAGMA user_version.  Never edit one that shipped: add another. */
const char *const srv_migrations[] = {
    /* 1: the first schema */
    "CREATE TABLE communes ("
    "  id INTEGER PRIMARY KEY, name TEXT NOT NULL, folded TEXT NOT NULL UNIQUE, district TEXT);"
    "CREATE TABLE users ("
    "  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL"
    "  CHECK (role IN ('admin', 'district', 'commune')),"
    "  commune_id INTEGER REFERENCES communes(id), district TEXT, password TEXT NOT NULL,"
    "  created INTEGER NOT NULL);"
    "CREATE TABLE sessions ("
    "  id_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
    "  csrf TEXT NOT NULL, created INTEGER NOT NULL, expires INTEGER NOT NULL);"
    "CREATE TABLE submissions ("
    "  id INTEGER PRIMARY KEY, commune_id INTEGER NOT NULL REFERENCES communes(id),"
    "  year INTEGER NOT NULL, user_id INTEGER REFERENCES users(id), kind TEXT NOT NULL"
    "  CHECK (kind IN ('files', 'dossier')), status TEXT NOT NULL"
    "  CHECK (status IN ('queued', 'running', 'done', 'failed')),"
    "  attempts INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL, finished INTEGER,"
    "  error TEXT, index_json TEXT, findings_json TEXT, missing_json TEXT, check_json TEXT);"
    "CREATE INDEX submissions_commune_year ON submissions(commune_id, year);"
    "CREATE INDEX submissions_status ON submissions(status);"
    /* what was uploaded: the client's name kept as data, the bytes by hash */
    "CREATE TABLE files ("
    "  id INTEGER PRIMARY KEY, submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL, role TEXT NOT NULL,"
    "  UNIQUE (submission_id, name));"
    "CREATE INDEX files_sha ON files(sha256);"
    /* what the analysis made: the dossier, the HTML reports */
    "CREATE TABLE outputs ("
    "  submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL,"
    "  PRIMARY KEY (submission_id, kind));"
    "CREATE INDEX outputs_sha ON outputs(sha256);"
    "CREATE TABLE documents ("
    "  id INTEGER PRIMARY KEY, submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,"
    "  seq INTEGER NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL, verdict TEXT NOT NULL);"
    "CREATE INDEX documents_submission ON documents(submission_id, seq);"
    "CREATE TABLE findings ("
    "  id INTEGER PRIMARY KEY, submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,"
    "  criterion TEXT, code TEXT NOT NULL, message TEXT NOT NULL, place TEXT);"
    "CREATE INDEX findings_submission ON findings(submission_id);"
    /* criteria 20-22 per commune per year: computed (from the register and the
     * documents) and claimed (the report's figures) */
    "CREATE TABLE criteria ("
    "  submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,"
    "  commune_id INTEGER NOT NULL, year INTEGER NOT NULL, number TEXT NOT NULL,"
    "  numerator INTEGER, denominator INTEGER, text TEXT, claimed TEXT,"
    "  PRIMARY KEY (submission_id, number));"
    "CREATE INDEX criteria_commune_year ON criteria(commune_id, year);"
    "CREATE TABLE audit ("
    "  id INTEGER PRIMARY KEY, time INTEGER NOT NULL, user_id INTEGER, user_name TEXT, address TEXT,"
    "  action TEXT NOT NULL, object TEXT, detail TEXT);",
    /* 2: the review library's row for the submission's dossier (review.h:
     * kc_review_row_to_json), and the same without the register's rows,
     * what GET /api/overview lists (read for every commune at each load);
     * NULL for a submission analysed before them, which the overview shows
     * from the stored results as before */
    "ALTER TABLE submissions ADD COLUMN review_json TEXT;"
    "ALTER TABLE submissions ADD COLUMN overview_json TEXT;",
    /* 3: a commune is its name within its district, not its name alone.
     * Commune names repeat across the country (dozens of "Tân Phú"): with the
     * name alone unique, adding the clerk of "Thủy An, huyện Phong Điền"
     * moved "Thủy An, huyện Phú Vang" (its submissions, its clerk) to
     * Phong Điền.  dkey is the district as srv_authority_same reads it (''
     * when none); the table is rebuilt because a UNIQUE column cannot be
     * altered (foreign keys are off while migrating, checked before COMMIT). */
    "CREATE TABLE communes_new ("
    "  id INTEGER PRIMARY KEY, name TEXT NOT NULL, folded TEXT NOT NULL, district TEXT,"
    "  dkey TEXT NOT NULL DEFAULT '', UNIQUE (folded, dkey));"
    "INSERT INTO communes_new (id, name, folded, district, dkey)"
    "  SELECT id, name, folded, district, kc_authority_key(district) FROM communes;"
    "DROP TABLE communes;"
    "ALTER TABLE communes_new RENAME TO communes;",
    /* 4: a district-level unit is its name and its level: huyện Cai Lậy and
     * thị xã Cai Lậy (Tiền Giang), huyện and thành phố Cao Lãnh are two
     * districts of one province, which the key of migration 3 (the name past
     * its level) made one: the officer of one read the other's communes.
     * dkey is now "LEVEL|NAME" ("|NAME" when the name gives no level), as
     * kc_authority_key computes it since (migration 3 too, on a folder that
     * migrates both at once). */
    "UPDATE communes SET dkey = kc_authority_key(district);",
    /* 5: a commune is also its kind when it is named: thị trấn and xã Hiệp
     * Hòa of huyện Đức Hòa are two communes, which the key of migration 1
     * (the name past "Xã", "Phường", "Thị trấn") made one: the clerk of one
     * read the other's submissions.  folded is now "KIND|NAME" ("|NAME" when
     * the name gives no kind). */
    "UPDATE communes SET folded = kc_commune_key(name);",
    /* 6: `user del`: an account is closed, not removed.  Its submissions and
     * the audit name it (who sent what, who refused what), and a name given
     * again to someone else would make them say the wrong person; so the row
     * stays, with the time it was closed, no password and no session. */
    "ALTER TABLE users ADD COLUMN deleted INTEGER;",
    /* 7: a commune named with its committee's words ("UBND xã Thủy Vân", by
     * an officer's form or a mailed dossier's bag-info) is that commune: the
     * key of migration 5 kept the words, so such a name made a commune apart,
     * a row of the district's table whose figures Thủy Vân's own row lacked
     * and which its clerk did not read.  Each such row is merged into the
     * commune its key now names in its district (its submissions, criteria
     * and clerks moved there), the one already keyed so first, else the
     * oldest; a row with none is rekeyed and named past the words.  The keys
     * go through a unique placeholder so no row meets another's old key. */
    "CREATE TEMP TABLE kc_merge AS SELECT c.id AS old, (SELECT t.id FROM communes t WHERE t.dkey = c.dkey AND "
    "  kc_commune_key(t.name) = kc_commune_key(c.name) ORDER BY t.folded <> kc_commune_key(t.name), t.id LIMIT 1)"
    "  AS new FROM communes c WHERE c.folded <> kc_commune_key(c.name);"
    "DELETE FROM kc_merge WHERE old = new OR new IS NULL;"
    MERGE_COMMUNES
    "UPDATE communes SET folded = '#' || id WHERE folded <> kc_commune_key(name);"
    "UPDATE communes SET name = kc_commune_name(name), folded = kc_commune_key(name) WHERE folded LIKE '#%';",
    /* 8: a commune or a district named with abbreviations ("X. Thủy Vân",
     * "UBND-xã Thủy Vân", "U.B.N.D xã Thủy Vân", "TT. Sịa", of "H. Phú
     * Vang"), by an officer's form or a mailed dossier's bag-info, is that
     * commune of that district (rtdesk13): the keys of migrations 4 and 7
     * kept the spellings, so each made a commune apart, as migration 7 says.
     * The same merge as 7, over both keys: each row whose keys changed joins
     * the commune both its keys now name (the one already keyed so first,
     * else the oldest); a row with none is rekeyed and named as its key
     * reads ("Xã Thủy Vân"). */
    REKEY_COMMUNES,
    /* 9: the same abbreviations without their full stop ("X Thủy Vân", "TT
     * Sịa", of "H Phú Vang"), or the committee glued to the unit's word
     * ("UBNDxã Thủy Vân"), are that commune of that district (rtdesk14):
     * migration 8's keys kept them apart.  The same merge as 8. */
    REKEY_COMMUNES,
    /* 10: an audit row counts the same action repeated (srv_audit): how
     * many times, the last when; rows are found by their time */
    "ALTER TABLE audit ADD COLUMN times INTEGER NOT NULL DEFAULT 1;"
    "ALTER TABLE audit ADD COLUMN last INTEGER;"
    "CREATE INDEX audit_time ON audit(time);",
    /* 11: a commune is also its name's marks (kc_commune_marks; "" for a
     * name typed without any): Thủy An and Thúy An of one district are two
     * communes (rtnum19), which the key (folded, dkey), dropping every mark,
     * could not both hold, so the second's clerk was refused and its
     * district's uploads for it too (rtdesk18).  The table is rebuilt as in
     * migration 3 to widen its UNIQUE; no row changes (the old key was
     * stricter).  The rekeying merges above (REKEY_COMMUNES) compare the
     * folded keys alone: one run again must compare the marks too. */
    "CREATE TABLE communes_new ("
    "  id INTEGER PRIMARY KEY, name TEXT NOT NULL, folded TEXT NOT NULL, district TEXT,"
    "  dkey TEXT NOT NULL DEFAULT '', marks TEXT NOT NULL DEFAULT '', UNIQUE (folded, dkey, marks));"
    "INSERT INTO communes_new (id, name, folded, district, dkey, marks)"
    "  SELECT id, name, folded, district, dkey, kc_commune_marks(name) FROM communes;"
    "DROP TABLE communes;"
    "ALTER TABLE communes_new RENAME TO communes;",
    /* 12: which rules of the strict dossier reader a submission was analysed
     * under (recheck.c): 0 for those before this column, whose dossiers are
     * read again at start (rtdesk19: a dossier stored before rtzip17 kept
     * its check "ok" though today's reader refuses it). */
    "ALTER TABLE submissions ADD COLUMN layout_rules INTEGER NOT NULL DEFAULT 0;",
    /* 13: which rules of the signatures' and seals' checks a submission's
     * verdicts were given under (SRV_SIGNATURE_RULES, recheck.c): 0 for those
     * before this column, analysed again at start (rtdesk21: a submission an
     * older verifier judged kept its "valid" verdicts and its figures after
     * the seal and time rules moved, where `verify` and `check` say otherwise
     * today). */
    "ALTER TABLE submissions ADD COLUMN signature_rules INTEGER NOT NULL DEFAULT 0;",
    /* 14: what each document a submission's review counts as signed is known
     * by (kc_twin_keys: its signatures' values, the document under them), so
     * that the overview tells a commune whose figure counts a signed document
     * another commune's submission counts too (rtdesk22: each submission is
     * reviewed alone, and the namesakes of two districts, their certificates
     * naming no district, both counted the same documents, neither told).
     * signatures_kept is 1 for a submission whose keys were stored (0 before
     * this migration: nothing known, said so, never "none shared"). */
    "CREATE TABLE signatures ("
    "  submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,"
    "  key TEXT NOT NULL, row TEXT NOT NULL, PRIMARY KEY (submission_id, key, row));"
    "CREATE INDEX signatures_key ON signatures(key);"
    "ALTER TABLE submissions ADD COLUMN signatures_kept INTEGER NOT NULL DEFAULT 0;",
};
const size_t srv_n_migrations = sizeof srv_migrations / sizeof srv_migrations[0];
