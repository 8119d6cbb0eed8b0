"""serve_steps_names.py: steps of tests/cli/serve.sh about which commune a
name is (serve_steps.py runs them by name, as its own):

    loose-name   an officer's upload naming "Tân Hiệp" alone (what a commune
                 mailed, before either commune has a clerk) makes one without
                 its kind; the clerks of xã and of thị trấn Tân Hiệp that the
                 administrator adds afterwards (serve.sh, between the two
                 halves) are two communes, not that one shared;
    loose-after  the second half: neither clerk reads the other's submissions;
                 the first one added keeps the commune, what was sent for it
                 before with it (the honest case: its own clerk added later).

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
