"""serve_steps_seal.py: steps of tests/cli/serve.sh about whose a sealed
dossier is (serve_steps.py runs them by name, as its own):

    kindless-dossier  a dossier naming its commune without its kind (xã,
                      phường, thị trấn), sealed by one of two communes of that
                      name in one district, is that one's only;
    placeless-dossier a dossier naming no district nor province, sealed by a
                      same-name commune of another district, is that one's only.
    unmarked-dossier  (rtdesk20) a sealed dossier whose bag-info names "Xã Thuy
                      An" (the place without its marks) on a desk holding Xã
                      Thủy An and Xã Thúy An is no commune's: the officer's
                      upload is refused naming both, the clerk's too;
    recheck-before    (rtdesk19) the clerk sends the honest sealed dossier
                      (plain-moved.zip) twice: both done, their check ok;
    recheck-swap      with the desk stopped, the first one's dossier made the
                      disc-image polyglot (iso-moved.zip: the same files and
                      seal) as a desk before rtzip17 stored and checked it;
    rechecked         started again, that submission is not served as checked
                      (before: done, check ok, its seal valid, for good) and the
                      audit says why; the honest one is left as it was.  Run
                      again (rtdesk20) with the dossier holding "HỌP" beside
                      "HỜP" (one file to Explorer in code page 1258): its
                      reason names the code page, NEEDLE.
    rules-before      (rtdesk21) the clerk's sample commune, done, 5/7;
    rules-forge       with the desk stopped, the store as the previous schema
                      (12) left it, the submission as an older verifier judged
                      it (every document valid, 7/7);
    rules-rechecked   started again, it is analysed again (signature rules
                      moved): 5/7, the audit says why;
    rules-steady      started once more, a submission analysed by today's
                      verifier is left as it is.
    clock-behind      (session 48) on a desk whose trust folder holds the CA's
                      CRL of 2040 (the clock is behind it), revoking the
                      chairman's certificate as of 2039: the sample commune's
                      documents are judged as of 2040, his signature
                      indeterminate and no leader's, and the submission says so;
                      its dossier is written to OUT.

Either is refused at the upload (403), before any row or blob is written: taken
and failed at its analysis, it was kept on the disk and counted against the
commune's storage and queue until then."""
import hashlib
import json
import os
import shutil
import sqlite3

from serve_steps import criterion, login, sample_files, say


def refused_whole(client, data, path, name, year=2021):
    """Sends the dossier at path as client's submission; returns (status,
    message, nothing_kept): its bytes are in no blob and the client's list of
    submissions did not grow."""
    listed = lambda: len((client.json('GET', '/api/submissions')[1] or {}).get('submissions', []))
    before = listed()
    with open(path, 'rb') as f:
        hexd = hashlib.sha256(f.read()).hexdigest()
    status, body = client.submit(year, [(name, path)])
    try:
        said = json.loads(body).get('error') or ''
    except ValueError:
        said = body.decode('utf-8', 'replace')
    blob = os.path.join(data, 'blobs', hexd[:2], hexd)
    clean = not os.path.exists(blob) and listed() == before
    if status == 202:  # taken all the same: its analysis ends before the next steps count queues
        client.wait(json.loads(body)['id'])
    return status, said, clean


def step_kindless_dossier(url, data, by_tt, by_xa):
    """Thị trấn and xã Hiệp Hòa of huyện Đức Hòa are two communes.  A dossier
    whose bag-info says "Hiệp Hòa" alone reads as either, and the seal check
    takes thị trấn Hiệp Hòa's seal for it (the name it gives is the seal's):
    the clerk of the xã sent the thị trấn's sealed dossier as the xã's, and
    the district's table showed the xã with the thị trấn's valid seal and
    figures.  The seal's certificate says which of the two it is."""
    xa, officer = login(url, 'clerk-xa'), login(url, 'officer-dh')
    status, said, clean = refused_whole(xa, data, by_tt, 'ho-so-hiep-hoa-2021.zip')
    say(status == 403 and clean,
        'thị trấn Hiệp Hòa\'s dossier naming "Hiệp Hòa" alone is refused as xã Hiệp Hòa\'s submission at the upload '
        '(403, no row, no blob)', '%d kept nothing: %s; %s' % (status, clean, said[:300]))
    say('thị trấn' in said, '... saying whose seal it bears', said[:300])
    status, ov = officer.json('GET', '/api/overview?year=2021')
    row = next((r for r in ov.get('communes', []) if r.get('commune') == 'Xã Hiệp Hòa'), {})
    say(status == 200 and (row.get('seal') or {}).get('status') != 'valid',
        '... and the district\'s table shows no valid seal for xã Hiệp Hòa', json.dumps(row, ensure_ascii=False)[:400])
    status, body = xa.submit(2021, [('ho-so-hiep-hoa-2021.zip', by_xa)])
    sid = json.loads(body)['id'] if status == 202 else 0
    sub = xa.wait(sid)[1] if sid else {}
    say(status == 202 and sub.get('status') == 'done',
        'xã Hiệp Hòa\'s own dossier naming "Hiệp Hòa" alone, sealed by its certificate, is its submission (done)',
        '%d %s' % (status, json.dumps(sub, ensure_ascii=False)[:400]))
    status, ov = officer.json('GET', '/api/overview?year=2021')
    row = next((r for r in ov.get('communes', []) if r.get('commune') == 'Xã Hiệp Hòa'), {})
    say(status == 200 and row.get('submission') == sid and (row.get('seal') or {}).get('status') == 'valid',
        '... and the district\'s table shows it with its valid seal', json.dumps(row, ensure_ascii=False)[:400])


def step_placeless_dossier(url, data, by_pd, by_pv):
    """Xã Thủy An of huyện Phú Vang and of huyện Phong Điền are two communes.
    A dossier naming no district nor province passed the upload's rule for
    either (it names no other place), and the seal check takes Phong Điền's
    Thủy An's seal (O=UBND huyện Phong Điền) for it: Phú Vang's clerk sent it
    as its own, and Phú Vang's table showed that valid seal and its figures."""
    clerk, officer, pd = login(url, 'clerk'), login(url, 'officer'), login(url, 'clerk-pd')
    status, said, clean = refused_whole(clerk, data, by_pd, 'ho-so-thuy-an-2021.zip')
    say(status == 403 and clean,
        'Thủy An of Phong Điền\'s sealed dossier naming no district is refused as Thủy An of Phú Vang\'s submission '
        'at the upload (403, no row, no blob)', '%d kept nothing: %s; %s' % (status, clean, said[:300]))
    say('Phong Điền' in said, '... naming the district its seal is of', said[:300])
    status, ov = officer.json('GET', '/api/overview?year=2021')
    row = next((r for r in ov.get('communes', []) if r.get('commune') == 'Xã Thủy An'), {})
    say(status == 200 and 'Phong' not in json.dumps(row.get('seal'), ensure_ascii=False),
        '... and Phú Vang\'s table does not show that seal for its Thủy An', json.dumps(row, ensure_ascii=False)[:400])
    for who, c, path in (('Phong Điền\'s Thủy An, whose seal it bears', pd, by_pd),
                         ('Phú Vang\'s Thủy An, sealed by its own certificate (no district in it)', clerk, by_pv)):
        status, body = c.submit(2021, [('ho-so-thuy-an-2021.zip', path)])
        sid = json.loads(body)['id'] if status == 202 else 0
        sub = c.wait(sid)[1] if sid else {}
        say(status == 202 and sub.get('status') == 'done', 'the dossier naming no district is the submission of %s' % who,
            '%d %s' % (status, json.dumps(sub, ensure_ascii=False)[:400]))


def step_unmarked_dossier(url, data, path):
    """Refused at the upload (held on main): the officer's, as its form's
    "Xã Thuy An" is (upload_store.c names the communes it folds to), and Thủy
    An's clerk's (the dossier names another spelling than the clerk's)."""
    officer, clerk = login(url, 'officer'), login(url, 'clerk')
    _, before = officer.json('GET', '/api/communes')
    status, said, clean = refused_whole(officer, data, path, 'ho-so-thuy-an-2021.zip')
    _, after = officer.json('GET', '/api/communes')
    say(status == 400 and clean and 'Xã Thủy An (UBND huyện Phú Vang)' in said and 'Xã Thúy An (UBND huyện Phú Vang)' in said
        and len(after.get('communes', [])) == len(before.get('communes', [])),
        'the officer\'s sealed dossier naming "Xã Thuy An" is refused (400), naming Xã Thủy An and Xã Thúy An, no '
        'row, no blob, no commune made', '%d kept nothing: %s; %s' % (status, clean, said[:300]))
    status, said, clean = refused_whole(clerk, data, path, 'ho-so-thuy-an-2021.zip')
    say(status in (400, 403) and clean and 'Thuy An' in said,
        '... and so is Thủy An\'s clerk\'s, the dossier naming another spelling, nothing kept',
        '%d kept nothing: %s; %s' % (status, clean, said[:300]))


def step_recheck_before(url, data, honest):
    """Two submissions of the honest sealed dossier, both analysed: ok."""
    clerk = login(url, 'clerk')
    ids = []
    for _ in range(2):
        status, body = clerk.submit(2021, [('ho-so-thuy-an-2021.zip', honest)])
        sid = json.loads(body)['id'] if status == 202 else 0
        sub = clerk.wait(sid)[1] if sid else {}
        ok = sub.get('status') == 'done' and (sub.get('check') or {}).get('ok') is True
        say(ok, 'the honest sealed dossier is a submission, done, its check ok',
            '%d %s' % (status, json.dumps(sub, ensure_ascii=False)[:400]))
        ids.append(sid)
    print('id %d' % ids[0], flush=True)


def step_recheck_swap(url, data, polyglot, sid):
    """With the desk stopped: submission sid's dossier is polyglot's bytes (a
    blob and its files row, as a desk before rtzip17 kept the upload it took
    and found ok), the rest of its stored results left as they are."""
    with open(polyglot, 'rb') as f:
        raw = f.read()
    hexd = hashlib.sha256(raw).hexdigest()
    blob = os.path.join(data, 'blobs', hexd[:2], hexd)
    os.makedirs(os.path.dirname(blob), exist_ok=True)
    shutil.copyfile(polyglot, blob)
    os.chmod(blob, 0o444)
    db = sqlite3.connect(os.path.join(data, 'kiemchung.db'))
    n = db.execute("UPDATE files SET sha256 = ?, size = ? WHERE submission_id = ? AND role = 'dossier'",
                   (hexd, len(raw), int(sid))).rowcount
    db.execute('UPDATE submissions SET layout_rules = 0') if [c for c in db.execute(
        'PRAGMA table_info(submissions)') if c[1] == 'layout_rules'] else None
    db.commit()
    db.close()
    say(n == 1, 'the store holds submission %s\'s dossier as %s, done and checked ok as an older desk left it'
        % (sid, os.path.basename(polyglot)), 'rows %d' % n)


def step_rechecked(url, data, sid, needle='CD001'):
    clerk = login(url, 'clerk')
    status, sub = clerk.wait(sid, 300)
    served = status == 200 and sub.get('status') == 'done' and (sub.get('check') or {}).get('ok') is True
    problems = json.dumps(sub.get('check') or sub.get('error') or '', ensure_ascii=False)
    say(status == 200 and not served and needle in (problems + (sub.get('error') or '')),
        'started again, the stored dossier is analysed again and not served as checked: its check says "%s" '
        '(before: done, check ok)' % needle,
        '%d %s' % (status, json.dumps(sub, ensure_ascii=False)[:600]))
    db = sqlite3.connect('file:%s?mode=ro' % os.path.join(data, 'kiemchung.db'), uri=True)
    audit = db.execute("SELECT object, detail FROM audit WHERE action = 'recheck'").fetchall()
    other = db.execute("SELECT id, status FROM submissions WHERE id <> ?", (int(sid),)).fetchall()
    db.close()
    say(audit == [('submission %s' % sid, audit[0][1] if audit else '')] and needle in audit[0][1],
        '... the audit log says so, once, naming the submission and the reason', repr(audit))
    status, honest = clerk.json('GET', '/api/submissions/%d' % other[0][0]) if other else (0, {})
    say(len(other) == 1 and honest.get('status') == 'done' and (honest.get('check') or {}).get('ok') is True,
        '... and the honest submission beside it is left done, its check ok', repr(other))


def step_rules_before(url, data):
    """(rtdesk21) The clerk's sample commune, analysed: criterion 20 is 5/7,
    25-TB-UBND.pdf invalid."""
    from serve_steps import criterion, sample_files
    clerk = login(url, 'clerk')
    status, body = clerk.submit(2021, sample_files())
    sid = json.loads(body)['id'] if status == 202 else 0
    sub = clerk.wait(sid)[1] if sid else {}
    c20 = criterion(sub, 20)
    say(sub.get('status') == 'done' and (c20.get('numerator'), c20.get('denominator')) == (5, 7),
        'the sample commune is a submission, done, criterion 20 at 5/7', json.dumps(sub, ensure_ascii=False)[:400])
    print('id %d' % sid, flush=True)


def step_rules_forge(url, data, sid):
    """With the desk stopped: the store as a desk of the previous schema (12,
    no signature rules column) left it, its analysis by an older verifier that
    found every document valid (as one before the seal and time rules of
    rttime19 found a document whose seal is older than the timestamp it
    covers): 25-TB-UBND.pdf valid, criterion 20 at 7/7."""
    db = sqlite3.connect(os.path.join(data, 'kiemchung.db'))
    sid = int(sid)
    n = db.execute("UPDATE documents SET status = 'valid' WHERE submission_id = ? AND status <> 'valid'",
                   (sid,)).rowcount
    (index,) = db.execute('SELECT index_json FROM submissions WHERE id = ?', (sid,)).fetchone()
    index = json.loads(index)
    c20 = index['criteria']['20']
    c20.update({'numerator': c20['denominator'], 'text': '100%'})
    db.execute('UPDATE submissions SET index_json = ? WHERE id = ?', (json.dumps(index, ensure_ascii=False), sid))
    db.execute("UPDATE criteria SET numerator = denominator, text = '100%' WHERE submission_id = ? AND number = '20'",
               (sid,))
    if [c for c in db.execute('PRAGMA table_info(submissions)') if c[1] == 'signature_rules']:
        db.execute('ALTER TABLE submissions DROP COLUMN signature_rules')
    if [c for c in db.execute('PRAGMA table_info(submissions)') if c[1] == 'signatures_kept']:  # migration 14
        db.execute('ALTER TABLE submissions DROP COLUMN signatures_kept')
    db.execute('DROP TABLE IF EXISTS signatures')
    db.execute('PRAGMA user_version = 12')
    db.commit()
    db.close()
    say(n >= 2, 'the store holds submission %d as an older verifier judged it: every document valid, 7/7, '
        'schema 12' % sid, 'documents changed %d' % n)


def rechecks(data):
    db = sqlite3.connect('file:%s?mode=ro' % os.path.join(data, 'kiemchung.db'), uri=True)
    rows = db.execute("SELECT object, detail FROM audit WHERE action = 'recheck'").fetchall()
    finished = dict(db.execute('SELECT id, finished FROM submissions').fetchall())
    db.close()
    return rows, finished


def step_rules_rechecked(url, data, sid):
    """Started again: the submission an older verifier judged is analysed
    again (the seal and signature rules moved since), not served as valid."""
    from serve_steps import criterion
    clerk = login(url, 'clerk')
    status, sub = clerk.wait(sid, 300)
    c20 = criterion(sub, 20)
    docs = {d['file']: d['status'] for d in sub.get('documents', [])}
    say(status == 200 and sub.get('status') == 'done' and (c20.get('numerator'), c20.get('denominator')) == (5, 7)
        and docs.get('docs/25-TB-UBND.pdf') == 'invalid',
        'started again, the submission judged under older signature rules is analysed again: 5/7 and '
        '25-TB-UBND.pdf invalid (before: 7/7, every document valid, for good)',
        '%d %s %s' % (status, json.dumps(c20), json.dumps(docs)[:300]))
    rows, finished = rechecks(data)
    say(len(rows) == 1 and rows[0][0] == 'submission %s' % sid and 'signature' in rows[0][1],
        '... the audit log says so, once, naming the submission and the reason', repr(rows))
    # rtdesk22: analysed again after migration 14, its counted documents' keys are stored (5 documents)
    db = sqlite3.connect('file:%s?mode=ro' % os.path.join(data, 'kiemchung.db'), uri=True)
    kept = db.execute('SELECT signatures_kept FROM submissions WHERE id = ?', (int(sid),)).fetchone()
    keyed = db.execute('SELECT count(DISTINCT row) FROM signatures WHERE submission_id = ?', (int(sid),)).fetchone()
    db.close()
    say(kept == (1,) and keyed == (5,),
        '... its 5 counted documents\' signatures are stored for the district\'s table (migration 14)',
        '%r %r' % (kept, keyed))
    print('id %d' % finished.get(int(sid), 0), flush=True)


def step_rules_steady(url, data, sid, finished):
    """Started a third time: a submission today's verifier analysed is not
    analysed again (no new audit row, its finished time kept)."""
    from serve_steps import criterion
    clerk = login(url, 'clerk')
    status, sub = clerk.json('GET', '/api/submissions/%s' % sid)
    rows, now = rechecks(data)
    say(status == 200 and sub.get('status') == 'done' and criterion(sub, 20).get('numerator') == 5
        and len(rows) == 1 and now.get(int(sid)) == int(finished),
        '... and started once more, the submission today\'s verifier analysed is left as it is (one audit row)',
        '%d %s %r %r' % (status, sub.get('status'), rows, now))


def step_clock_behind(url, data, out):
    c = login(url, 'clerk')
    status, body = c.submit(2021, sample_files())
    say(status == 202, 'the sample commune is accepted by the desk whose clock is behind (202)',
        '%d %s' % (status, body[:300]))
    sid = json.loads(body)['id']
    status, sub = c.wait(sid)
    say(sub.get('status') == 'done', 'its analysis ends (done)', json.dumps(sub)[:500])
    notices = (sub.get('check') or {}).get('notices') or []
    say(any('đồng hồ đang chạy chậm' in n and '2040-01-01 00:00:00' in n for n in notices),
        'the submission says the clock is behind the CRL and judges as of 2040-01-01',
        json.dumps(notices, ensure_ascii=False)[:500])
    docs = [d['file'] for d in sub.get('documents', [])]
    seq = docs.index('docs/12-QD-UBND.pdf') if 'docs/12-QD-UBND.pdf' in docs else -1
    status, v = c.json('GET', '/api/submissions/%s/documents/%d' % (sid, seq))
    chair = [g for g in (v or {}).get('signatures', []) if g.get('role') == 'leader']
    say(status == 200 and v.get('leader') is False and chair and chair[0].get('status') == 'indeterminate',
        "docs/12-QD-UBND.pdf: the chairman's signature judged as of the CRL, indeterminate (revoked since "
        "2039, no proof of an older time), not a leader's (before: valid, leader)",
        '%d %s' % (status, json.dumps(v, ensure_ascii=False)[:600]))
    c21 = criterion(sub, 21)
    say((c21.get('numerator'), c21.get('denominator')) == (1, 7),
        'criterion 21 is 1/7, as `kiemchung index` gives with this trust folder (3/7 as of the clock: '
        'his documents counted signed by a leader)', json.dumps(c21, ensure_ascii=False))
    status, zipped = c.request('GET', '/api/submissions/%s/dossier.zip' % sid)
    with open(out, 'wb') as f:
        f.write(zipped)
    say(status == 200 and zipped[:4] == b'PK\x03\x04', 'its dossier downloads', str(status))
