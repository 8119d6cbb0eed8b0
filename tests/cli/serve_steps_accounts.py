"""serve_steps_accounts.py: steps of tests/cli/serve.sh about accounts, the
district a commune belongs to and whose a dossier is (serve_steps.py runs them
by name, as its own): no-district, admin-no-district, dossier,
foreign-dossier, same-name, level, kind, passwd, user-del.  Moved here from
serve_steps.py unchanged."""
import json
import os
import sqlite3
import subprocess
import time

from serve_steps import PASSWORD, SAMPLES, Client, counts, criterion, login, refused, say


def step_no_district(url, data):
    """A commune whose clerk was added without --district belongs to no
    district: a district's officer naming it in an upload made it theirs
    (the store wrote their district on it), its clerk's submissions with it."""
    lb, officer = login(url, 'loc-binh'), login(url, 'officer')
    status, body = lb.submit(2021, [('docs/03-KH-UBND.pdf', os.path.join(SAMPLES, 'docs', '03-KH-UBND.pdf'))])
    sid = json.loads(body)['id'] if status == 202 else 0
    say(status == 202, 'the clerk of a commune with no district sends a document', '%d %s' % (status, body[:200]))
    lb.wait(sid)
    before = counts(data)
    status, body = officer.submit(2021, [('docs/03-KH-UBND.pdf', os.path.join(SAMPLES, 'docs', '03-KH-UBND.pdf'))],
                                  {'commune': 'Xã Lộc Bình'})
    refused('a district officer naming that commune is refused (403), nothing written', data, before, status, 403, body)
    status, _ = officer.json('GET', '/api/submissions/%s' % sid)
    say(status == 404, '... and still gets 404 for its clerk\'s submission', str(status))


def step_admin_no_district(url, data, dossier):
    """A dossier naming Xã Lộc Bình (whose clerk was added without
    --district) and huyện Phong Điền, uploaded by the administrator (sent by
    mail, made by anyone: its seal is checked only later): the store wrote
    the bag-info's district on the commune, and from then on Phong Điền's
    officer read and listed Lộc Bình's clerk's submissions."""
    lb, admin, pd = login(url, 'loc-binh'), login(url, 'quan-tri'), login(url, 'officer-pd')
    status, obj = lb.json('GET', '/api/submissions')
    mine = [x['id'] for x in obj.get('submissions', [])]
    status, body = admin.submit(2021, [('ho-so-loc-binh.zip', dossier)])
    say(status == 202, 'the administrator uploads a dossier of Lộc Bình naming huyện Phong Điền', '%d %s'
        % (status, body[:200]))
    if status == 202:
        admin.wait(json.loads(body)['id'], 300)
    seen = [pd.json('GET', '/api/submissions/%s' % i)[0] for i in mine]
    say(mine and seen == [404] * len(mine), '... Phong Điền\'s officer still gets 404 for its clerk\'s submissions',
        '%s %s' % (mine, seen))
    status, ov = pd.json('GET', '/api/overview?year=2021')
    names = [r.get('commune') for r in ov.get('communes', [])]
    say(status == 200 and 'Xã Lộc Bình' not in names, '... nor lists the commune in its table', str(names))
    status, me = lb.me()
    say(status == 200 and not me.get('district'), '... and the commune still has no district', str(me))


def step_dossier(url, data, sealed):
    o = login(url, 'officer')
    status, body = o.submit(2021, [('ho-so-thuy-an-2021.zip', sealed)])
    say(status == 202, 'the district uploads a sealed dossier (202)', '%d %s' % (status, body[:300]))
    sid = json.loads(body)['id']
    status, sub = o.wait(sid)
    check = sub.get('check') or {}
    codes = {p.get('code') for p in check.get('problems', [])}
    # the sample's 25-TB-UBND.pdf is not validly signed: check --signatures says so
    say(sub.get('status') == 'done' and sub.get('kind') == 'dossier' and codes == {'signature'}
        and (check.get('seal') or {}).get('valid') is True,
        'it gets the same review: its check and its seal', json.dumps(check)[:600])
    say(criterion(sub, 20).get('text') == '71,4%', 'criterion 20 computed from the register inside',
        json.dumps(sub.get('index'))[:300])
    print('id %s' % sid)


def step_foreign_dossier(url, data, sealed, elsewhere, nameless):
    """A sealed dossier is the submission of the commune and year it names,
    of the district it names: another commune's (even validly sealed by that
    commune), another year's, or a same-name commune's of another district is
    refused, nothing written; the overview would show it as this commune's."""
    clerk, other, officer = login(url, 'clerk'), login(url, 'other'), login(url, 'officer')
    before = counts(data)
    status, body = other.submit(2021, [('ho-so-thuy-an-2021.zip', sealed)])
    refused('another commune\'s clerk sending Thủy An\'s sealed dossier is refused (403), nothing written',
            data, before, status, 403, body)
    say(b'Th\xe1\xbb\xa7y An' in body, '... naming the commune the dossier is of', body[:300])
    status, body = clerk.submit(2022, [('ho-so-thuy-an-2021.zip', sealed)])
    refused('the 2021 dossier sent as 2022 is refused (400), nothing written', data, before, status, 400, body)
    say(b'2021' in body and b'2022' in body, '... naming both years', body[:300])
    status, body = officer.submit(2021, [('ho-so-thuy-an-2021.zip', sealed)], {'commune': 'Xã Phú Mậu'})
    refused('the district sending Thủy An\'s dossier as Phú Mậu\'s is refused (403), nothing written',
            data, before, status, 403, body)
    status, body = clerk.submit(2021, [('ho-so-thuy-an-2021.zip', elsewhere)])
    refused('Thủy An of huyện Phong Điền\'s dossier, sealed by its certificate, is refused for Thủy An of '
            'Phú Vang (403), nothing written', data, before, status, 403, body)
    say(b'Phong' in body, '... naming the district the dossier is of', body[:300])
    status, body = clerk.submit(2021, [('ho-so-2021.zip', nameless)])
    refused('a sealed dossier naming no commune (whose documents would count whoever signed them) is refused '
            '(400), nothing written', data, before, status, 400, body)


def step_same_name(url, data, first, elsewhere):
    """Commune names repeat across the country: the clerk of Thủy An of huyện
    Phong Điền, added beside Thủy An of huyện Phú Vang, has a commune of its
    own.  With the name alone as the key the store moved Phú Vang's Thủy An
    (its clerk's submissions with it) to Phong Điền: Phong Điền's clerk and
    officer read Phú Vang's submission and Phú Vang's officer lost it."""
    clerk, officer = login(url, 'clerk'), login(url, 'officer')
    pd, officer_pd = login(url, 'clerk-pd'), login(url, 'officer-pd')
    status, _ = pd.json('GET', '/api/submissions/%s' % first)
    say(status == 404, "Phong Điền's Thủy An clerk gets 404 for Phú Vang's Thủy An submission", str(status))
    status, _ = officer_pd.json('GET', '/api/submissions/%s' % first)
    say(status == 404, "... and so does Phong Điền's officer", str(status))
    status, _ = officer.json('GET', '/api/submissions/%s' % first)
    say(status == 200, "Phú Vang's officer still reads it", str(status))
    status, body = pd.submit(2021, [('ho-so-thuy-an-2021.zip', elsewhere)])
    sid = json.loads(body)['id'] if status == 202 else 0
    say(status == 202, "Phong Điền's Thủy An sends its own sealed dossier (202)", '%d %s' % (status, body[:300]))
    status, _ = officer_pd.json('GET', '/api/submissions/%s' % sid)
    say(status == 200, "... Phong Điền's officer reads it", str(status))
    status, _ = clerk.json('GET', '/api/submissions/%s' % sid)
    s2, _ = officer.json('GET', '/api/submissions/%s' % sid)
    say(status == 404 and s2 == 404, "... Phú Vang's Thủy An clerk and officer get 404", '%d %d' % (status, s2))
    status, ov = officer_pd.json('GET', '/api/overview?year=2021')
    rows = ov.get('communes', []) if status == 200 else []
    say(status == 200 and [r.get('district') for r in rows] == ['UBND huyện Phong Điền'],
        "Phong Điền's officer's table lists its own Thủy An only", json.dumps(ov)[:300])


def step_level(url, data):
    """A district-level unit is its name and its level: huyện Cai Lậy and thị
    xã Cai Lậy (Tiền Giang), huyện and thành phố Cao Lãnh, huyện and thị xã
    Kỳ Anh are two districts of one province.  The store read the authority
    past its level, so the officer of huyện Cai Lậy read, and uploaded into,
    the communes of thị xã Cai Lậy."""
    tx, officer = login(url, 'clerk-tx'), login(url, 'officer-cl')
    status, body = tx.submit(2021, [('docs/03-KH-UBND.pdf', os.path.join(SAMPLES, 'docs', '03-KH-UBND.pdf'))])
    sid = json.loads(body)['id'] if status == 202 else 0
    say(status == 202, "the clerk of Mỹ Hạnh Đông, thị xã Cai Lậy, sends a document", '%d %s' % (status, body[:200]))
    tx.wait(sid)
    status, _ = officer.json('GET', '/api/submissions/%s' % sid)
    say(status == 404, "the officer of huyện Cai Lậy gets 404 for it", str(status))
    status, obj = officer.json('GET', '/api/communes')
    say(status == 200 and obj.get('communes') == [], "... lists no commune of thị xã Cai Lậy", json.dumps(obj)[:300])
    status, ov = officer.json('GET', '/api/overview?year=2021')
    say(status == 200 and ov.get('communes') == [], "... and has none in its table", json.dumps(ov)[:300])
    status, body = officer.submit(2021, [('docs/03-KH-UBND.pdf', os.path.join(SAMPLES, 'docs', '03-KH-UBND.pdf'))],
                                  {'commune': 'Xã Mỹ Hạnh Đông'})
    other = json.loads(body)['id'] if status == 202 else 0
    status, _ = tx.json('GET', '/api/submissions/%s' % other)
    say(other and status == 404, "... whose upload naming Mỹ Hạnh Đông is a commune of its own district's, not "
        "thị xã Cai Lậy's (its clerk gets 404)", str(status))
    status, obj = tx.json('GET', '/api/submissions')
    ids = [x.get('id') for x in obj.get('submissions', [])] if status == 200 else None
    say(ids == [sid], "... and the clerk's list holds only its own submission", json.dumps(obj)[:300])


def step_kind(url, data):
    """A commune is also its kind when it is named: a thị trấn and a xã of
    one name in one district (as thị trấn and xã Hiệp Hòa of huyện Đức Hòa)
    are two communes.  The store read the name past "Xã", "Phường" and
    "Thị trấn", so the second clerk added joined the first's commune and read
    (and uploaded into) its submissions."""
    tt, xa = login(url, 'clerk-tt'), login(url, 'clerk-xa')
    status, body = tt.submit(2021, [('docs/03-KH-UBND.pdf', os.path.join(SAMPLES, 'docs', '03-KH-UBND.pdf'))])
    sid = json.loads(body)['id'] if status == 202 else 0
    say(status == 202, "the clerk of thị trấn Hiệp Hòa sends a document", '%d %s' % (status, body[:200]))
    tt.wait(sid)
    status, _ = xa.json('GET', '/api/submissions/%s' % sid)
    say(status == 404, "the clerk of xã Hiệp Hòa of the same district gets 404 for it", str(status))
    status, obj = xa.json('GET', '/api/submissions')
    say(status == 200 and obj.get('submissions') == [], "... and lists none", json.dumps(obj)[:300])
    status, obj = xa.json('GET', '/api/me')
    say(status == 200 and obj.get('commune') == 'Xã Hiệp Hòa', "... whose commune is its own", json.dumps(obj)[:300])


def step_passwd(url, data, kc):
    """A clerk's password seen by someone else (or a clerk who left): the
    administrator had no way to change it, and a session opened with it
    stayed open for 12 hours whatever was done to the account.  `kiemchung
    user passwd` changes it while the server runs and ends every session of
    the account."""
    thief = login(url, 'doi-mat-khau')
    token = thief.me()[1].get('csrf')
    r = subprocess.run([kc, 'user', 'passwd', '--data', data, 'doi-mat-khau'], input=b'new-password-9\n',
                       capture_output=True)
    say(r.returncode == 0, 'kiemchung user passwd changes the password while the server runs',
        '%d %s' % (r.returncode, r.stderr.decode()[:200]))
    status, _ = thief.json('GET', '/api/me')
    say(status == 401, "the session opened with the old password is ended (401)", str(status))
    thief.csrf = token
    status, _ = thief.json('POST', '/api/logout', {})
    say(status == 403, "... and its token changes nothing (403)", str(status))
    status, _ = Client(url).login('doi-mat-khau', PASSWORD)
    say(status == 401, "the old password opens nothing", str(status))
    status, _ = Client(url).login('doi-mat-khau', 'new-password-9')
    say(status == 200, "the new one logs in", str(status))
    db = sqlite3.connect('file:%s?mode=ro' % os.path.join(data, 'kiemchung.db'), uri=True)
    n = db.execute("SELECT count(*) FROM audit WHERE action = 'password-change' AND object = 'doi-mat-khau'").fetchone()[0]
    db.close()
    say(n == 1, "the audit log records the change", str(n))


def step_user_del(url, data, kc):
    """A clerk who left: `kiemchung user del` closes the account while the
    server runs (there was none: `user passwd` to a password nobody knew was
    the only way).  Nothing is lost: the submission it sent stays, analysed
    and shown with its name, and the audit keeps who did what; the name is
    not given to a new account."""
    gone = login(url, 'nghi-viec')
    status, body = gone.submit(2021, [('evidence/bien-ban.txt', b'bien ban hop\n')])
    say(status == 202, 'the clerk who will leave sends a submission', '%d %s' % (status, body[:200]))
    sid = json.loads(body)['id'] if status == 202 else 0
    token = gone.me()[1].get('csrf')
    gone.wait(sid, 120)  # the commune's queue empty again: the next one is refused for its session only
    # an upload under way when the account is closed: its headers came with
    # a live session, its body ends after the account is gone
    import http.client
    from urllib.parse import urlparse
    u = urlparse(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    boundary = 'kcdel'
    body = ('--%s\r\nContent-Disposition: form-data; name="year"\r\n\r\n2021\r\n--%s\r\n'
            'Content-Disposition: form-data; name="file"; filename="evidence/sau-khi-nghi.txt"\r\n\r\n'
            'sent by a clerk who left\r\n--%s--\r\n' % (boundary, boundary, boundary)).encode()
    conn.putrequest('POST', '/api/submissions')
    conn.putheader('Content-Type', 'multipart/form-data; boundary=' + boundary)
    conn.putheader('Content-Length', str(len(body)))
    conn.putheader('X-CSRF-Token', gone.csrf)
    conn.putheader('Cookie', '; '.join('%s=%s' % (k.name, k.value) for k in gone.jar))
    conn.endheaders()
    conn.send(body[:40])
    time.sleep(0.5)
    before = counts(data)
    r = subprocess.run([kc, 'user', 'del', '--data', data, 'nghi-viec'], capture_output=True)
    say(r.returncode == 0, 'kiemchung user del closes the account while the server runs',
        '%d %s' % (r.returncode, r.stderr.decode()[:200]))
    conn.send(body[40:])
    resp = conn.getresponse()
    said = resp.read()
    after = counts(data)  # its spool file was there before, in DATA/tmp: rows and blobs are compared
    say(resp.status == 401 and (after['rows'], after['blobs'], after['temps']) == (before['rows'], before['blobs'], 0),
        '... an upload whose body ended after it: 401, nothing kept', 'status %d, before %s after %s %s'
        % (resp.status, before, after, said[:200]))
    conn.close()
    status, _ = gone.json('GET', '/api/me')
    say(status == 401, "its session is ended (401)", str(status))
    gone.csrf = token
    status, _ = gone.json('POST', '/api/logout', {})
    say(status == 403, "... and its token changes nothing (403)", str(status))
    status, _ = Client(url).login('nghi-viec', PASSWORD)
    say(status == 401, "its password opens nothing (401)", str(status))
    o = login(url, 'officer')
    status, sub = o.wait(sid, 120)
    say(sub.get('user') == 'nghi-viec' and sub.get('status') == 'done',
        "its submission stays, analysed, with its name", json.dumps(sub)[:300])
    r = subprocess.run([kc, 'user', 'add', '--data', data, '--role', 'commune', '--commune', 'Xã Phú An',
                        '--district', 'UBND huyện Phú Vang', 'nghi-viec'], input=b'password-ok\n', capture_output=True)
    say(r.returncode == 2 and b'nghi-viec' in r.stderr, "its name is not given to a new account (exit 2)",
        '%d %s' % (r.returncode, r.stderr.decode()[:200]))
    r = subprocess.run([kc, 'user', 'passwd', '--data', data, 'nghi-viec'], input=b'new-password-9\n',
                       capture_output=True)
    say(r.returncode != 0, "nor a new password", '%d %s' % (r.returncode, r.stdout.decode()[:200]))
    r = subprocess.run([kc, 'user', 'list', '--data', data], capture_output=True)
    line = [x for x in r.stdout.decode().splitlines() if x.startswith('nghi-viec\t')]
    say(len(line) == 1 and line[0].count('\t') == 4, "user list shows it, deleted", repr(line))
    db = sqlite3.connect('file:%s?mode=ro' % os.path.join(data, 'kiemchung.db'), uri=True)
    acts = [a for (a,) in db.execute("SELECT action FROM audit WHERE user_name = 'nghi-viec' OR object = 'nghi-viec' "
                                     "ORDER BY id")]
    db.close()
    say('login' in acts and 'user-del' in acts and any(a.startswith('submi') for a in acts),
        "the audit log keeps its login, its submission and its deletion", repr(acts))
