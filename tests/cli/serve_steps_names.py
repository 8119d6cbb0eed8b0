"""serve_steps_names.py: steps of tests/cli/serve.sh about which commune a
name is (serve_steps.py runs them by name, as its own):

    loose-name   an officer's upload naming "Tân Hiệp" alone (what a commune
                 mailed, before either commune has a clerk) makes one without
                 its kind; the clerks of xã and of thị trấn Tân Hiệp that the
                 administrator adds afterwards (serve.sh, between the two
                 halves) are two communes, not that one shared;
    loose-after  the second half: neither clerk reads the other's submissions;
                 the first one added keeps the commune, what was sent for it
                 before with it (the honest case: its own clerk added later);
    kinds-apart  after a commune "Tân Phú" named without its kind, the officer
                 sends for "Xã Tân Phú", then for "Thị trấn Tân Phú": two
                 communes of their own, not the loose one (each upload had
                 joined it: one row, the thị trấn's figures last);
    kinds-after  the clerks of xã and of thị trấn Tân Phú added afterwards
                 each read their own commune's submission alone, and the
                 district's table shows each beside the loose "Tân Phú";
    kind-bag     after a loose "Tân Hòa", the officer sends for "Tân Hòa" a
                 dossier whose bag-info names "Thị trấn Tân Hòa": the thị
                 trấn's submission (it had gone to the loose one, which the
                 clerk of xã Tân Hòa added later took, the thị trấn's dossier
                 with it); kind-bag-after checks that clerk's view.

    level-apart  after the administrator sent a mailed dossier whose bag-info
                 names its district "Cai Lậy" without its level (a commune
                 either level's), the officers of huyện and of thị xã Cai Lậy
                 each send for that commune's name: each its own district's
                 commune, neither reads the other's (both had joined the loose
                 one); level-apart-after checks the clerk of the thị xã's
                 commune added afterwards.

    marks-apart  Xã Thúy An's clerk, added beside Xã Thủy An of one district
                 (refused before: the store keyed both alike), and the
                 officer's upload for "Xã Thúy An" (400 before): a commune of
                 its own, neither clerk reading the other's submissions;
                 "UBND xã Thuỷ An" (the tone elsewhere) is still Thủy An's.

    unmarked-upload  (rtdesk19) the officer of huyện Phú Vang sends for "Xã Thuy
                 An" (the kind's word marked, the place not): refused (400),
                 naming Xã Thủy An and Xã Thúy An (before: a third commune made,
                 a row of its own holding the upload, nothing in Thủy An's).

    committee    the officer of huyện Phú Vang sends for "UBND xã Thủy Vân" and
                 "Ủy ban nhân dân xã Thủy Vân" (the committee's words, as a
                 form or a mailed dossier's bag-info writes them): Thủy Vân's
                 submissions, which its clerk lists and its row of the
                 district's table shows (before: two rows apart, Thủy Vân's
                 "not sent", its clerk reading neither); the officer of huyện
                 Phong Điền's "UBND xã Thủy An" is its own Thủy An's, not Phú
                 Vang's (the legitimate look-alike); committee-bag: the sealed
                 dossier whose bag-info names "UBND xã Thủy An" (as `ingest
                 --commune` writes the committee's name), sent by the officer
                 without naming a commune, is Thủy An's, listed by its clerk.

    spellings    the officer of huyện Phú Vang sends for "X. Thủy Vân",
                 "UBND-xã Thủy Vân", "U.B.N.D xã Thủy Vân" and "UBND X.Thủy
                 Vân" (as registers and bag-infos abbreviate), "X Thủy Vân"
                 and "UBNDxã Thủy Vân" (no stop, no space: rtdesk14), and for "Xã Thủy
                 Vân" decomposed (NFD) and in capitals with doubled spaces: all
                 Thủy Vân's, which its clerk lists and its one row of the
                 district's table shows (each abbreviation made a commune apart
                 before, a row of its own that its clerk did not read); the
                 look-alike: the officer of huyện Châu Thành's "TT. Tân Hiệp"
                 is thị trấn Tân Hiệp's, not xã Tân Hiệp's.

A thị trấn and a xã of one name in one district are two communes (as thị trấn
and xã Hiệp Hòa of huyện Đức Hòa; here Tân Hiệp of huyện Châu Thành, whose
officer sends first).  A commune named without its kind is either kind's: the
two clerks both joined it, and each read (and uploaded into) the other's
submissions."""
import json
import os

from serve_steps import SAMPLES, login, say

DOC = ('docs/03-KH-UBND.pdf', os.path.join(SAMPLES, 'docs', '03-KH-UBND.pdf'))


def step_loose_name(url, data):
    officer = login(url, 'officer-ct')
    status, body = officer.submit(2021, [DOC], {'commune': 'Tân Hiệp'})
    sid = json.loads(body)['id'] if status == 202 else 0
    say(status == 202, 'the officer of huyện Châu Thành sends a document for "Tân Hiệp", named without its kind',
        '%d %s' % (status, body[:200]))
    if sid:
        officer.wait(sid)


def step_loose_after(url, data):
    xa, tt = login(url, 'clerk-th-xa'), login(url, 'clerk-th-tt')
    status, body = xa.submit(2021, [DOC])
    sid = json.loads(body)['id'] if status == 202 else 0
    say(status == 202, 'the clerk of xã Tân Hiệp, added after it, sends a document', '%d %s' % (status, body[:200]))
    if sid:
        xa.wait(sid)
    status, obj = xa.json('GET', '/api/submissions')
    users = sorted(s.get('user') for s in obj.get('submissions', []))
    say(status == 200 and users == ['clerk-th-xa', 'officer-ct'],
        '... and lists it beside what the officer sent for "Tân Hiệp" before (the commune it was given)',
        json.dumps(obj, ensure_ascii=False)[:300])
    status, _ = tt.json('GET', '/api/submissions/%s' % sid)
    say(status == 404, '... which the clerk of thị trấn Tân Hiệp, added after it too, gets 404 for', str(status))
    status, obj = tt.json('GET', '/api/submissions')
    say(status == 200 and obj.get('submissions') == [], '... and lists nothing of xã Tân Hiệp nor of "Tân Hiệp"',
        json.dumps(obj, ensure_ascii=False)[:300])
    me = [c.json('GET', '/api/me')[1].get('commune') for c in (xa, tt)]
    say(me == ['Xã Tân Hiệp', 'Thị trấn Tân Hiệp'], '... each clerk\'s commune named with its own kind',
        json.dumps(me, ensure_ascii=False))
    status, obj = login(url, 'officer-ct').json('GET', '/api/overview?year=2021')
    names = sorted(r.get('commune') for r in obj.get('communes', []) if 'Tân Hiệp' in (r.get('commune') or ''))
    say(names == ['Thị trấn Tân Hiệp', 'Xã Tân Hiệp'], '... and the district\'s table has a row for each',
        json.dumps(names, ensure_ascii=False))


def _send(client, commune):
    status, body = client.submit(2021, [DOC], {'commune': commune})
    sid = json.loads(body)['id'] if status == 202 else 0
    if sid:
        client.wait(sid)
    return status, body, sid


def step_kinds_apart(url, data):
    """Before the fix the officer's uploads naming xã and thị trấn Tân Phú
    both went to the commune "Tân Phú" an earlier upload had named without its
    kind: the xã's clerk, added later, read the thị trấn's submission, and the
    xã's row of the table showed the thị trấn's (the last sent)."""
    officer = login(url, 'officer-ct')
    ids = {}
    for commune in ('Tân Phú', 'Xã Tân Phú', 'Thị trấn Tân Phú'):
        status, body, ids[commune] = _send(officer, commune)
        say(status == 202, 'the officer of huyện Châu Thành sends a document for "%s"' % commune,
            '%d %s' % (status, body[:200]))
    status, obj = officer.json('GET', '/api/submissions')
    where = {s.get('id'): s.get('commune') for s in obj.get('submissions', [])}
    got = [where.get(ids[c]) for c in ('Tân Phú', 'Xã Tân Phú', 'Thị trấn Tân Phú')]
    say(got == ['Tân Phú', 'Xã Tân Phú', 'Thị trấn Tân Phú'],
        '... each is the submission of the commune it names with its kind, not of the loose "Tân Phú"',
        json.dumps(got, ensure_ascii=False))
    status, body, sid = _send(officer, 'Tân Phú')
    say(status == 400, '... and "Tân Phú" alone, now three communes\' name, is refused (400)',
        '%d %s' % (status, body[:200]))
    print('id %s,%s,%s' % (ids['Tân Phú'], ids['Xã Tân Phú'], ids['Thị trấn Tân Phú']))


def step_kinds_after(url, data, ids):
    loose, xa_id, tt_id = (int(i) for i in ids.split(','))
    xa, tt = login(url, 'clerk-tp-xa'), login(url, 'clerk-tp-tt')
    for who, clerk, own, other in (('xã', xa, xa_id, tt_id), ('thị trấn', tt, tt_id, xa_id)):
        status, obj = clerk.json('GET', '/api/submissions')
        listed = sorted(s.get('id') for s in obj.get('submissions', []))
        say(status == 200 and listed == [own], 'the clerk of %s Tân Phú, added after, lists its commune\'s '
            'submission alone' % who, json.dumps(obj, ensure_ascii=False)[:300])
        status, _ = clerk.json('GET', '/api/submissions/%d' % other)
        say(status == 404, '... and gets 404 for the other kind\'s', str(status))
        status, _ = clerk.json('GET', '/api/submissions/%d' % loose)
        say(status == 404, '... and for what was sent for "Tân Phú" alone (either kind\'s)', str(status))
    status, obj = login(url, 'officer-ct').json('GET', '/api/overview?year=2021')
    rows = sorted((r.get('commune'), r.get('submission')) for r in obj.get('communes', [])
                  if 'Tân Phú' in (r.get('commune') or ''))
    say(rows == [('Thị trấn Tân Phú', tt_id), ('Tân Phú', loose), ('Xã Tân Phú', xa_id)],
        '... and the district\'s table shows each commune with its own submission',
        json.dumps(rows, ensure_ascii=False))


def step_marks_apart(url, data):
    """Xã Thủy An and Xã Thúy An of huyện Phú Vang, a tone apart: two
    communes (as Thạnh An and Thanh An of huyện Vĩnh Thạnh).  The store keyed a
    commune by its name without its marks, so it could not hold the second:
    `user add` refused its clerk (serve.sh), and the officer's upload for it was
    refused (400).  Each is its own commune now, whose clerk reads its own
    submissions alone; the tone's place (Thuỷ, Thủy) is still one commune."""
    sac, clerk, officer = login(url, 'clerk-thuy-sac'), login(url, 'clerk'), login(url, 'officer')
    status, body = sac.submit(2021, [DOC])
    own = json.loads(body)['id'] if status == 202 else 0
    if own:
        sac.wait(own)
    say(status == 202, 'the clerk of Xã Thúy An sends a document', '%d %s' % (status, body[:200]))
    status, body, sent = _send(officer, 'Xã Thúy An')
    say(status == 202, 'the officer of huyện Phú Vang sends a document for "Xã Thúy An" (400 before)',
        '%d %s' % (status, body[:200]))
    status, body, old_tone = _send(officer, 'UBND xã Thuỷ An')
    say(status == 202, '... and one for "UBND xã Thuỷ An" (the tone on the y: Thủy An)', '%d %s' % (status, body[:200]))
    _, mine = sac.json('GET', '/api/submissions')
    _, theirs = clerk.json('GET', '/api/submissions')
    mine = {s.get('id'): s.get('commune') for s in mine.get('submissions', [])}
    theirs = {s.get('id'): s.get('commune') for s in theirs.get('submissions', [])}
    say(own in mine and sent in mine and old_tone not in mine and set(mine.values()) == {'Xã Thúy An'},
        '... the clerk of Xã Thúy An lists its own and the officer\'s for it, nothing of Thủy An\'s',
        json.dumps(mine, ensure_ascii=False))
    say(old_tone in theirs and own not in theirs and sent not in theirs and set(theirs.values()) == {'Xã Thủy An'},
        '... the clerk of Xã Thủy An lists the one for "UBND xã Thuỷ An", nothing of Thúy An\'s',
        json.dumps(theirs, ensure_ascii=False))
    status, _ = clerk.json('GET', '/api/submissions/%s' % own)
    status2, _ = sac.json('GET', '/api/submissions/%s' % old_tone)
    say(status == 404 and status2 == 404, '... and each gets 404 for the other\'s', '%d %d' % (status, status2))
    status, body, _ = _send(officer, 'xa thuy an')
    said = body.decode('utf-8', 'replace')
    say(status == 400 and 'đủ dấu' in said, '... "xa thuy an", typed without marks, now both communes\' name: refused '
        '(400), saying to write its marks (not to name the district, the officer\'s own)', '%d %s' % (status, said[:300]))
    status, obj = officer.json('GET', '/api/overview?year=2021')
    rows = {r.get('commune'): r.get('submission') for r in obj.get('communes', [])
            if r.get('commune') in ('Xã Thủy An', 'Xã Thúy An')}
    say(status == 200 and len(rows) == 2 and rows.get('Xã Thúy An') in (own, sent),
        '... and the district\'s table has a row for each, Thúy An\'s showing its own submission',
        json.dumps(rows, ensure_ascii=False))


def step_kind_bag(url, data, dossier):
    officer = login(url, 'officer-ct')
    status, body, loose = _send(officer, 'Tân Hòa')
    say(status == 202, 'the officer of huyện Châu Thành sends a document for "Tân Hòa", named without its kind',
        '%d %s' % (status, body[:200]))
    status, body = officer.submit(2021, [('tan-hoa.zip', dossier)], {'commune': 'Tân Hòa'})
    sid = json.loads(body)['id'] if status == 202 else 0
    say(status == 202, '... then, for "Tân Hòa" too, a dossier whose bag-info names "Thị trấn Tân Hòa" (202)',
        '%d %s' % (status, body[:200]))
    if sid:
        officer.wait(sid)  # nothing left running for the steps after
    status, obj = officer.json('GET', '/api/submissions')
    where = {s.get('id'): s.get('commune') for s in obj.get('submissions', [])}
    say(where.get(sid) == 'Thị trấn Tân Hòa' and where.get(loose) == 'Tân Hòa',
        '... which is the submission of thị trấn Tân Hòa, as its bag-info says, not of the loose "Tân Hòa"',
        json.dumps([where.get(loose), where.get(sid)], ensure_ascii=False))
    print('id %s,%s' % (loose, sid))


def step_kind_bag_after(url, data, ids):
    loose, sid = (int(i) for i in ids.split(','))
    xa = login(url, 'clerk-th2-xa')
    status, _ = xa.json('GET', '/api/submissions/%d' % sid)
    say(status == 404, 'the clerk of xã Tân Hòa, added after, gets 404 for the thị trấn\'s dossier', str(status))
    status, obj = xa.json('GET', '/api/submissions')
    listed = sorted(s.get('id') for s in obj.get('submissions', []))
    say(listed == [loose], '... and lists what was sent for "Tân Hòa" alone (the commune it took), nothing else',
        json.dumps(listed))


MPT = 'Xã Mỹ Phước Tây'


def step_level_apart(url, data, dossier):
    admin, huyen, thixa = login(url, 'quan-tri'), login(url, 'officer-cl'), login(url, 'officer-txcl')
    status, body = admin.submit(2021, [('my-phuoc-tay.zip', dossier)])
    loose = json.loads(body)['id'] if status == 202 else 0
    say(status == 202, 'the administrator sends a dossier of %s naming its district "Cai Lậy" without its level' % MPT,
        '%d %s' % (status, body[:200]))
    if loose:
        admin.wait(loose)
    status, body, sid_h = _send(huyen, MPT)
    say(status == 202, 'the officer of huyện Cai Lậy sends a document for "%s"' % MPT, '%d %s' % (status, body[:200]))
    status, body, sid_t = _send(thixa, MPT)
    say(status == 202, 'the officer of thị xã Cai Lậy sends one for "%s" too' % MPT, '%d %s' % (status, body[:200]))
    status, _ = thixa.json('GET', '/api/submissions/%s' % sid_h)
    say(sid_h and status == 404, '... and gets 404 for the huyện\'s (another district\'s commune)', str(status))
    status, _ = huyen.json('GET', '/api/submissions/%s' % sid_t)
    say(sid_t and status == 404, '... as the officer of huyện Cai Lậy gets for the thị xã\'s', str(status))
    status, obj = thixa.json('GET', '/api/submissions')
    listed = sorted(s.get('id') for s in obj.get('submissions', []))
    say(status == 200 and sid_t in listed and loose in listed and sid_h not in listed, '... whose list holds its '
        'own and the administrator\'s (a district named without its level is either\'s), not the huyện\'s',
        json.dumps(listed))
    status, body, again = _send(huyen, MPT)
    status2, ov = huyen.json('GET', '/api/overview?year=2021')
    rows = sorted((r.get('district'), r.get('submission')) for r in ov.get('communes', []) if r.get('commune') == MPT)
    say(status == 202 and rows == sorted([('Cai Lậy', loose), ('UBND huyện Cai Lậy', again)]),
        '... and its next upload for "%s" is its own commune\'s again: the table has it beside the loose one' % MPT,
        '%d %s' % (status, json.dumps(rows, ensure_ascii=False)))
    print('id %s,%s,%s' % (loose, sid_h, sid_t))


def step_level_apart_after(url, data, ids):
    loose, sid_h, sid_t = (int(i) for i in ids.split(','))
    clerk = login(url, 'clerk-mpt-tx')
    status, obj = clerk.json('GET', '/api/submissions')
    listed = sorted(s.get('id') for s in obj.get('submissions', []))
    say(status == 200 and listed == [sid_t], 'the clerk of %s, thị xã Cai Lậy, added after, lists the thị xã '
        'officer\'s submission alone' % MPT, json.dumps(listed))
    for sid, what in ((sid_h, 'the huyện\'s'), (loose, 'the administrator\'s, of "Cai Lậy"')):
        status, _ = clerk.json('GET', '/api/submissions/%d' % sid)
        say(status == 404, '... and gets 404 for %s' % what, str(status))


def step_committee(url, data):
    officer, clerk = login(url, 'officer'), login(url, 'thủy-vân')
    ids = []
    for name in ('UBND xã Thủy Vân', 'Ủy ban nhân dân xã Thủy Vân'):
        status, body, sid = _send(officer, name)
        say(status == 202, 'the officer of huyện Phú Vang sends a document for "%s"' % name,
            '%d %s' % (status, body[:200]))
        ids.append(sid)
    status, obj = clerk.json('GET', '/api/submissions')
    mine = {s.get('id'): s.get('commune') for s in obj.get('submissions', [])}
    say(all(i and mine.get(i) == 'Xã Thủy Vân' for i in ids),
        '... both are Xã Thủy Vân\'s submissions, which its clerk lists (a commune apart before)',
        json.dumps(obj, ensure_ascii=False)[:400])
    status, obj = officer.json('GET', '/api/overview?year=2021')
    rows = [r for r in obj.get('communes', []) if 'Thủy Vân' in (r.get('commune') or '')]
    say(status == 200 and [(r.get('commune'), r.get('submission')) for r in rows] == [('Xã Thủy Vân', ids[-1])],
        '... and the district\'s table has one row for Thủy Vân, showing the last of them (three rows before, '
        'Thủy Vân\'s with nothing sent)', json.dumps([(r.get('commune'), r.get('submission')) for r in rows],
                                                     ensure_ascii=False))
    # the look-alike: another district's officer naming its own commune so
    pd = login(url, 'officer-pd')
    status, body, sid = _send(pd, 'UBND xã Thủy An')
    say(status == 202, 'the officer of huyện Phong Điền sends a document for "UBND xã Thủy An"',
        '%d %s' % (status, body[:200]))
    status, obj = login(url, 'clerk-pd').json('GET', '/api/submissions')
    say(sid in [s.get('id') for s in obj.get('submissions', [])],
        '... Thủy An of huyện Phong Điền\'s, which its clerk lists', json.dumps(obj, ensure_ascii=False)[:300])
    status, _ = login(url, 'clerk').json('GET', '/api/submissions/%s' % sid)
    say(status == 404, '... and the clerk of Thủy An of huyện Phú Vang gets 404 for', str(status))


def step_committee_bag(url, data, dossier):
    officer, clerk = login(url, 'officer'), login(url, 'clerk')
    status, body = officer.submit(2021, [('ho-so-ubnd-thuy-an-2021.zip', dossier)])
    sid = json.loads(body)['id'] if status == 202 else 0
    say(status == 202, 'the officer of huyện Phú Vang sends the sealed dossier whose bag-info names "UBND xã Thủy An"',
        '%d %s' % (status, body[:200]))
    sub = officer.wait(sid)[1] if sid else {}
    say(sub.get('commune') == 'Xã Thủy An' and sub.get('status') == 'done' and
        ((sub.get('check') or {}).get('seal') or {}).get('valid') is True,
        '... Xã Thủy An\'s submission, its seal valid (a commune "UBND xã Thủy An" apart before)',
        json.dumps({k: sub.get(k) for k in ('commune', 'status', 'error')}, ensure_ascii=False))
    status, obj = clerk.json('GET', '/api/submissions')
    say(sid and sid in [s.get('id') for s in obj.get('submissions', [])], '... which the clerk of Thủy An lists',
        json.dumps(obj, ensure_ascii=False)[:300])


def step_spellings(url, data):
    import unicodedata
    officer, clerk = login(url, 'officer'), login(url, 'thủy-vân')
    names = ('X. Thủy Vân', 'UBND-xã Thủy Vân', 'U.B.N.D xã Thủy Vân', 'UBND X.Thủy Vân', 'X Thủy Vân',
             'UBNDxã Thủy Vân', unicodedata.normalize('NFD', 'Xã Thủy Vân'), 'XÃ  THỦY   VÂN')
    ids = []
    for name in names:
        status, body, sid = _send(officer, name)
        say(status == 202, 'the officer of huyện Phú Vang sends a document for "%s"' % name,
            '%d %s' % (status, body[:200]))
        ids.append(sid)
    status, obj = clerk.json('GET', '/api/submissions')
    mine = {s.get('id'): s.get('commune') for s in obj.get('submissions', [])}
    for name, sid in zip(names, ids):
        say(sid and mine.get(sid) == 'Xã Thủy Vân',
            '... "%s" is Xã Thủy Vân\'s submission, which its clerk lists (a commune apart before)' % name,
            json.dumps(mine.get(sid), ensure_ascii=False))
    status, obj = officer.json('GET', '/api/overview?year=2021')
    rows = [(r.get('commune'), r.get('submission')) for r in obj.get('communes', [])
            if 'thủy vân' in unicodedata.normalize('NFC', r.get('commune') or '').casefold()]
    say(status == 200 and rows == [('Xã Thủy Vân', ids[-1])],
        '... and the district\'s table has one row for Thủy Vân, showing the last of them (a row for each '
        'abbreviation before)', json.dumps(rows, ensure_ascii=False))
    # the look-alike: the abbreviated kind keeps thị trấn and xã apart
    ct = login(url, 'officer-ct')
    status, body, sid = _send(ct, 'TT. Tân Hiệp')
    say(status == 202, 'the officer of huyện Châu Thành sends a document for "TT. Tân Hiệp"',
        '%d %s' % (status, body[:200]))
    status, obj = login(url, 'clerk-th-tt').json('GET', '/api/submissions')
    say(sid and sid in [s.get('id') for s in obj.get('submissions', [])],
        '... thị trấn Tân Hiệp\'s, which its clerk lists', json.dumps(obj, ensure_ascii=False)[:300])
    status, _ = login(url, 'clerk-th-xa').json('GET', '/api/submissions/%s' % sid)
    say(status == 404, '... and the clerk of xã Tân Hiệp gets 404 for it', str(status))


def step_unmarked_upload(url, data):
    officer = login(url, 'officer')
    _, before = officer.json('GET', '/api/communes')
    status, body, _ = _send(officer, 'Xã Thuy An')
    said = body.decode('utf-8', 'replace')
    _, after = officer.json('GET', '/api/communes')
    names = sorted(c.get('commune') for c in after.get('communes', []))
    say(status == 400 and 'Xã Thủy An (UBND huyện Phú Vang)' in said and 'Xã Thúy An (UBND huyện Phú Vang)' in said
        and len(after.get('communes', [])) == len(before.get('communes', [])) and 'Xã Thuy An' not in names,
        'the officer\'s upload for "Xã Thuy An" (marks on the kind alone) is refused (400), naming Xã Thủy An and Xã '
        'Thúy An, no commune made (before: 202 into a third commune)', '%d %s; %s' % (status, said[:300], names))
