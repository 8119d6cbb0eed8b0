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

    analysis-limit
                 the desk runs one worker and --max-analysis-time 4; the
                 clerk of Thủy An sends a signature flood
                 (tests/fixtures/make-sig-flood.py: 400 signatures over
                 16 MiB, 6.5 GiB hashed per verification, three of them:
                 under the library's bound on bytes hashed per document,
                 256 times the file and 4 GiB, which refuses 4,000 at once),
                 then the clerk of Hồng Kim an ordinary signed document.
                 The flood fails within a minute with the reason, and the
                 other clerk's is analysed (done, valid) soon after it.
                 Before, the flood held the worker until its three
                 verifications ended (minutes here; days for a file at the
                 upload limit) while every other commune waited.
"""
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

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
    # The worker writes a submission's "analysed" row just after its status
    # turns done (jobs.c), so the log may lack the last one for a moment.
    deadline = time.monotonic() + 30
    order = _analysed(data)
    while not all(sid in order for sid in sent + [mine]) and time.monotonic() < deadline:
        time.sleep(0.1)
        order = _analysed(data)
    say(len(waiting) >= 2, '... while at least two of the officer\'s were still waiting (one worker)',
        'waiting: %s' % waiting)
    say(mine in order and all(sid in order and order.index(mine) < order.index(sid) for sid in waiting),
        '... and the clerk\'s is analysed before every one of them (it waited behind all of them before)',
        'analysed in this order: %s; the clerk\'s %d; still waiting when it came: %s' % (order, mine, waiting))


def step_analysis_limit(url, data):
    clerk, other = login(url, 'clerk'), login(url, 'other')
    tmp = tempfile.mkdtemp()
    flood = os.path.join(tmp, 'flood.pdf')
    subprocess.run([sys.executable, os.path.join(os.environ['KC_SOURCE_ROOT'], 'tests', 'fixtures', 'make-sig-flood.py'),
                    flood, os.path.join(SAMPLES, 'docs', '12-QD-UBND.pdf'), '--sigs', '400', '--pad', '16'], check=True)
    register = ('\ufeffSố, ký hiệu văn bản;Ngày tháng văn bản;Tên loại và trích yếu nội dung văn bản;Người ký;'
                'Nơi nhận văn bản;Đơn vị, người nhận bản lưu;Số lượng bản;Ngày chuyển;Ký nhận;Ghi chú;Tệp\n'
                '40/QĐ-UBND;01/06/2021;Quyết định;Nguyễn Văn An;UBND huyện Phú Vang;Văn phòng;1;01/06/2021;;;'
                'docs/40-QD-UBND.pdf\n').encode()
    start = time.time()
    status, body = clerk.submit(2021, [('docs/40-QD-UBND.pdf', flood), ('so-van-ban-di-2021.csv', register)])
    say(status == 202, 'a signature flood (400 signatures over 16 MiB) and its register are accepted',
        '%d %s' % (status, body[:200]))
    sid = json.loads(body)['id'] if status == 202 else 0
    status, body = other.submit(2021, DOCS[1:2])
    mine = json.loads(body)['id'] if status == 202 else 0
    say(status == 202, '... then the clerk of Hồng Kim sends one signed document', '%d %s' % (status, body[:200]))
    _, sub = clerk.wait(sid, 60)
    took = time.time() - start
    err = sub.get('error') or ''
    say(sub.get('status') == 'failed' and '4' in err and any(w in err for w in ('longer than', 'kéo dài hơn')),
        '... the flood fails within a minute, with the reason (the desk\'s time limit)',
        '%.0f s: %s %s' % (took, sub.get('status'), err[:300]))
    _, theirs = other.wait(mine, 60)
    docs = [d.get('status') for d in theirs.get('documents') or []]
    say(theirs.get('status') == 'done' and docs == ['valid'],
        '... and the other commune\'s document is analysed after it (done, valid): the worker went on',
        '%.0f s: %s %s' % (time.time() - start, theirs.get('status'), docs))
