"""serve_steps_queue.py: steps of tests/cli/serve.sh about the analysis queue
(serve_steps.py runs them by name, as its own):

    fair-queue   the desk runs one worker; the officer of huyện Phú Vang
                 sends six submissions at once (two for each commune of its
                 district that has a clerk: the dossiers they mailed), then
                 the clerk of Hồng Kim (huyện A Lưới) sends one.  The clerk's
                 is analysed before every one of the officer's that was still
                 waiting when it arrived: the queue takes turns between
                 accounts.  First come, first served, it waited behind all of
                 them (a province's officer sends two hundred).
"""
import json
import os
import sqlite3

from serve_steps import SAMPLES, login, say

DOCS = [('docs/' + n, os.path.join(SAMPLES, 'docs', n)) for n in sorted(os.listdir(os.path.join(SAMPLES, 'docs')))]


def _analysed(data):
    """The submissions in the order the worker ended them (the audit log)."""
    db = sqlite3.connect('file:%s?mode=ro' % os.path.join(data, 'kiemchung.db'), uri=True)
    rows = db.execute("SELECT object FROM audit WHERE action = 'analysed' ORDER BY id").fetchall()
    db.close()
    return [int(r[0].split()[-1]) for r in rows if r[0] and r[0].startswith('submission ')]


def step_fair_queue(url, data):
    officer, clerk = login(url, 'officer'), login(url, 'other')
    sent = []
    for commune in ('Xã Thủy An', 'Xã Thủy Vân', 'Xã Phú An') * 2:
        status, body = officer.submit(2021, DOCS, {'commune': commune})
        say(status == 202, 'the officer of huyện Phú Vang sends the documents for %s' % commune,
            '%d %s' % (status, body[:200]))
        if status == 202:
            sent.append(json.loads(body)['id'])
    status, body = clerk.submit(2021, DOCS[:1])
    mine = json.loads(body)['id'] if status == 202 else 0
    say(status == 202, '... then the clerk of Hồng Kim sends one document', '%d %s' % (status, body[:200]))
    waiting = [sid for sid in sent if officer.json('GET', '/api/submissions/%d' % sid)[1].get('status') == 'queued']
    for sid in sent + [mine]:
        (officer if sid != mine else clerk).wait(sid, 600)
    order = _analysed(data)
    say(len(waiting) >= 2, '... while at least two of the officer\'s were still waiting (one worker)',
        'waiting: %s' % waiting)
    say(mine in order and all(sid in order and order.index(mine) < order.index(sid) for sid in waiting),
        '... and the clerk\'s is analysed before every one of them (it waited behind all of them before)',
        'analysed in this order: %s; the clerk\'s %d; still waiting when it came: %s' % (order, mine, waiting))
