#!/usr/bin/env python3
"""serve_steps.py: the steps of tests/cli/serve.sh that talk to the server.

    serve_steps.py STEP URL DATA [ARG]...

Each step prints one line per check, "ok NAME" or "notok NAME: why", which
serve.sh turns into TAP; DATA is the server's folder, read (never written)
to count what a refused request must not have written:

    rows    submissions + files rows in the store
    blobs   files under DATA/blobs
    temps   files under DATA/tmp and DATA/work

Steps: main, no-paths, abuse, list-limit, inflight, integrity, resumed; in files of
their own, which main() runs by name as its own: cross-site, secure-cookie, proxy,
proxy-spelled, cookie-toss, smuggle, slow-login, login-variants, slowloris, host
(serve_steps_http.py); no-district, admin-no-district, dossier, foreign-dossier,
same-name, level, kind, passwd, user-del (serve_steps_accounts.py); evidence-zips,
overview-files, overview-dossier, start-big, start-slow-upload, text-budget, storage,
district-storage, district-scaled, deleted-exe (serve_steps_uploads.py);
kindless-dossier (serve_steps_seal.py); connections (serve_steps_conn.py);
request-deadline, login-loop, passwd-race (serve_steps_slow.py); shared-signatures
(serve_steps_shared.py); the steps of
serve_steps_names.py and serve_steps_queue.py."""
import io
import json
import os
import socket
import sqlite3
import sys
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_client import Client, blobs_against_rows, collect  # noqa: E402

SAMPLES = os.path.join(os.environ['KC_SOURCE_ROOT'], 'samples')
PASSWORD = 'password-ok'


def say(ok, name, why=''):
    print(('ok %s' % name) if ok else ('notok %s: %s' % (name, why)), flush=True)


def counts(data, busy=()):
    """busy: ids of submissions being analysed meanwhile, whose work
    folders (DATA/work/ID) fill and empty on their own schedule, and whose
    outputs pass through DATA/tmp into DATA/blobs before their rows commit: with
    any busy, the blobs and DATA/tmp are not counted (a loaded machine analysed
    one between the two counts); the rows and the other work folders still are,
    and refusals with nothing busy count every file."""
    db = sqlite3.connect('file:%s?mode=ro' % os.path.join(data, 'kiemchung.db'), uri=True)
    rows = db.execute('SELECT (SELECT count(*) FROM submissions) + (SELECT count(*) FROM files)').fetchone()[0]
    db.close()

    skip = [os.path.join(data, 'work', str(i)) for i in busy]

    def files(sub):
        return sum(len(fs) for d, _, fs in os.walk(os.path.join(data, sub))
                   if not any(d == k or d.startswith(k + os.sep) for k in skip))
    if busy:
        return {'rows': rows, 'blobs': None, 'temps': files('work')}
    return {'rows': rows, 'blobs': files('blobs'), 'temps': files('tmp') + files('work')}


def sample_files():
    return collect(SAMPLES, [os.path.join(SAMPLES, p) for p in
                             ('so-van-ban-di-2021.csv', 'docs', 'report-2021.txt', 'evidence')])


def login(url, user):
    c = Client(url)
    status, obj = c.login(user, PASSWORD)
    if status != 200:
        raise SystemExit('notok login %s: %d %s' % (user, status, obj))
    return c


def refused_timing(url, client, sid, pairs=60):
    """rtdesk23: GET another commune's submission sid and an id that does not
    exist in turn, each on a fresh connection, the order alternated; how many
    of the pairs answered the existing one slower.  On main before rtdesk23,
    145 of 150 (its audit row's synchronous write, and the whole row read
    before the refusal); by chance, about half."""
    import http.client
    host = url.split('//', 1)[1].rstrip('/')
    cookie = '; '.join('%s=%s' % (k.name, k.value) for k in client.jar)

    def once(i):
        conn = http.client.HTTPConnection(host, timeout=60)
        t0 = time.perf_counter()
        conn.request('GET', '/api/submissions/%d' % i, headers={'Cookie': cookie})
        r = conn.getresponse()
        r.read()
        dt = time.perf_counter() - t0
        conn.close()
        return dt if r.status == 404 else float('inf')

    slower = 0
    for k in range(pairs):
        none = sid + 200000 + k
        if k % 2:
            a = once(sid)
            b = once(none)
        else:
            b = once(none)
            a = once(sid)
        slower += a > b
    return slower, pairs


def criterion(sub, n):
    return ((sub.get('index') or {}).get('criteria') or {}).get(str(n)) or {}


def step_main(url, data, out):
    c = login(url, 'clerk')
    status, body = c.submit(2021, sample_files())
    say(status == 202, 'the sample commune is accepted (202)', '%d %s' % (status, body[:300]))
    sid = json.loads(body)['id']
    status, sub = c.wait(sid)
    say(sub.get('status') == 'done', 'its analysis ends (done)', json.dumps(sub)[:500])
    said = json.dumps(sub, ensure_ascii=False)
    say(data not in said, 'its answer names no path of the server\'s disk (notices included)',
        said[max(0, said.find(data) - 100):said.find(data) + 200])
    c20 = criterion(sub, 20)
    say((c20.get('numerator'), c20.get('denominator'), c20.get('text')) == (5, 7, '71,4%'),
        'criterion 20 is 5/7 (71,4%)', json.dumps(c20))
    notices = (sub.get('check') or {}).get('notices') or []
    say(not any('đồng hồ' in n for n in notices), 'a desk whose clock is right says nothing of it',
        json.dumps(notices, ensure_ascii=False)[:300])
    docs = {d['file']: d['status'] for d in sub.get('documents', [])}
    say(docs.get('docs/25-TB-UBND.pdf') == 'invalid' and docs.get('docs/12-QD-UBND.pdf') == 'valid',
        'each document has its verify --json verdict', json.dumps(docs)[:400])
    say(isinstance(sub.get('findings'), list) and len(sub['findings']) > 0 and 'code' in sub['findings'][0],
        'the report\'s lint findings', json.dumps(sub.get('findings'))[:300])
    say(any(m.get('criterion') == '15' for m in sub.get('missing', [])), 'the criteria still without evidence',
        json.dumps(sub.get('missing'))[:300])
    status, data_ = c.request('GET', '/api/submissions/%s/dossier.zip' % sid)
    with open(out, 'wb') as f:
        f.write(data_)
    say(status == 200 and data_[:4] == b'PK\x03\x04', 'the dossier downloads', str(status))
    for page in ('verify.html', 'index.html', 'report.html'):
        status, html = c.request('GET', '/api/submissions/%s/%s' % (sid, page))
        say(status == 200 and b'<html' in html[:400].lower() and data.encode() not in html,
            'the report %s, without the server\'s paths' % page, str(status))
    o = login(url, 'officer')
    status, ov = o.json('GET', '/api/overview?year=2021')
    row = next((r for r in ov.get('communes', []) if r.get('commune') == 'Xã Thủy An'), {})
    say(status == 200 and row.get('submission') == sid and row['criteria']['20']['text'] == '71,4%',
        'the district sees the commune in the year\'s table', json.dumps(ov)[:400])
    status, _ = c.json('GET', '/api/overview?year=2021')
    say(status == 403, 'a commune user gets 403 for the overview', str(status))
    print('id %s' % sid)


def step_no_paths(url, data):
    """A loose file and no report: ingest's notice about the files outside
    numbered folders is about the work tree itself, and names none of the
    server's paths either."""
    c = login(url, 'other')
    status, body = c.submit(2021, [('docs/03-KH-UBND.pdf', os.path.join(SAMPLES, 'docs', '03-KH-UBND.pdf'))])
    status, sub = c.wait(json.loads(body)['id']) if status == 202 else (status, {})
    said = json.dumps(sub, ensure_ascii=False)
    say(sub.get('status') == 'done' and (sub.get('check') or {}).get('notices') and data not in said,
        'a submission\'s notices name no path of the server\'s disk',
        said[max(0, said.find(data) - 100):said.find(data) + 200] if data in said else said[:300])


def unwritten(before, after):
    """Nothing written between the two counts: the same rows and blobs, and no
    more temporary files (one can go meanwhile: an earlier upload's spool,
    removed after its reply on a loaded machine, is not a write)."""
    return (after['rows'] == before['rows'] and after['blobs'] == before['blobs']
            and after['temps'] <= before['temps'])


def refused(name, data, before, status, want, body=b'', busy=()):
    after = counts(data, busy)
    say(status == want and unwritten(before, after), name,
        'status %d (want %d), before %s after %s %s' % (status, want, before, after, body[:200]))


def step_abuse(url, data, sid):
    c = login(url, 'clerk')
    other = login(url, 'other')
    pdf = os.path.join(SAMPLES, 'docs', '03-KH-UBND.pdf')
    before = counts(data)
    status, body = c.submit(2021, [('../../etc/cron.d/x.pdf', pdf)])
    refused('a "../" name is refused (400), nothing written', data, before, status, 400, body)
    status, body = c.submit(2021, [('big.pdf', b'\0' * (4 << 20))])
    refused('an upload over the limit is refused (413), nothing written', data, before, status, 413, body)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('MinhChung/zeros.pdf', b'\0' * (200 << 20))
    status, body = c.submit(2021, [('MinhChung.zip', bomb.getvalue())])
    refused('a zip bomb (200 MiB in %d KiB) is refused (413), nothing written' % (len(bomb.getvalue()) >> 10),
            data, before, status, 413, body)
    climb = io.BytesIO()
    with zipfile.ZipFile(climb, 'w') as z:
        z.writestr('../../x.pdf', b'%PDF-1.4')
    status, body = c.submit(2021, [('a.zip', climb.getvalue())])
    refused('a zip entry with "../" is refused (400), nothing written', data, before, status, 400, body)
    real = c.csrf
    c.csrf = '0' * 64
    status, body = c.submit(2021, [('docs/03-KH-UBND.pdf', pdf)])
    refused('a forged CSRF token is refused (403), nothing written', data, before, status, 403, body)
    c.csrf = other.csrf
    status, body = c.submit(2021, [('docs/03-KH-UBND.pdf', pdf)])
    refused('another session\'s CSRF token is refused (403), nothing written', data, before, status, 403, body)
    c.csrf = real
    status, _ = other.json('GET', '/api/submissions/%s' % sid)
    refused('another commune\'s clerk gets 404 for the submission', data, before, status, 404)
    status, _ = other.request('GET', '/api/submissions/%s/dossier.zip' % sid)
    refused('... and for its dossier', data, before, status, 404)
    status, _ = other.json('GET', '/api/submissions/%d' % (int(sid) + 100000))
    db = sqlite3.connect('file:%s?mode=ro' % os.path.join(data, 'kiemchung.db'), uri=True)
    rows = db.execute("SELECT user_name, times, detail FROM audit WHERE action = 'read-refused' ORDER BY id").fetchall()
    db.close()
    # rtdesk18: the attempts were in no audit row (a clerk reading through
    # the others' ids left no trace); one row counts both, none for the
    # clerk's own reads.  rtdesk23: an id that does not exist has its row
    # too (its own detail): written for the others' ids alone, the write's
    # time told them from the ids that do not exist
    say(status == 404 and rows == [('other', 2, "another commune's or district's submission"),
                                   ('other', 1, 'a submission that does not exist')],
        '... both written in the audit log, one read-refused row counting them, and an id that does not exist in one of its own',
        '%d %s' % (status, rows))
    slower, pairs = refused_timing(url, other, int(sid))
    say(slower < pairs * 3 // 4,
        'another commune\'s submission is answered no slower than an id that does not exist '
        '(%d of %d pairs slower)' % (slower, pairs),
        'the time tells which ids hold the others\' submissions: %d of %d pairs slower' % (slower, pairs))
    anon = Client(url)
    status, _ = anon.request('POST', '/api/submissions', b'x', {'Content-Type': 'multipart/form-data; boundary=x'},
                             csrf=False)
    refused('no session: 403, nothing written', data, before, status, 403)


def step_refusal_codes(url, data):
    """rtdesk19: a refused upload's audit row kept the sentence the clerk was
    answered, in the request's language, so one refusal sent by a Vietnamese
    browser and an English one made two rows that read differently (the log
    grouped by them).  The row keeps a code and the name, in no language."""
    c = login(url, 'clerk')
    pdf = os.path.join(SAMPLES, 'docs', '03-KH-UBND.pdf')
    said = []
    for lang in ('vi', 'en'):
        status, body = c.submit(2021, [('docs/hai-lan.pdf', pdf), ('docs/hai-lan.pdf', pdf)],
                                headers={'Accept-Language': lang})
        said.append('%d %s' % (status, body.decode('utf-8', 'replace')[:160]))
    db = sqlite3.connect('file:%s?mode=ro' % os.path.join(data, 'kiemchung.db'), uri=True)
    rows = db.execute("SELECT detail, times FROM audit WHERE action = 'submit-refused' AND user_name = 'clerk' "
                      "AND detail LIKE '%hai-lan.pdf%'").fetchall()
    db.close()
    say(said[0].startswith('400 ') and said[1].startswith('400 ') and said[0] != said[1]
        and rows == [('form-refused: docs/hai-lan.pdf: the same file name twice in one submission', 2)],
        'a file name twice, refused to a Vietnamese browser and to an English one (400, each in its language): one '
        'audit row, its code and the message\'s id, counting both (before: two rows, each sentence in its language)',
        '%s; %s' % (said, rows))


def step_many_parts(url, data):
    """rtdesk19: libsoup's multipart parser makes an object for every part of
    the form at once, about 190 bytes each, so a body of empty fields (a few
    bytes a part) took twenty times its size in memory before --max-files was
    asked (20 MB of them: 448 MiB; the default --max-upload, 1 GiB, the
    machine's memory), and ignored fields beside one file were taken (202).
    The parts are counted first: more than --max-files and a few fields, 413,
    nothing parsed, nothing written; so is a part whose headers (a header
    object a line) run past 16 KiB."""
    c = login(url, 'clerk')
    before = counts(data)
    field = b'--B\r\nContent-Disposition: form-data; name="x"\r\n\r\n\r\n'
    body = (b'--B\r\nContent-Disposition: form-data; name="year"\r\n\r\n2021\r\n' + field * ((2 << 20) // len(field))
            + b'--B\r\nContent-Disposition: form-data; name="file"; filename="docs/a.pdf"\r\n\r\n%PDF-1.4\r\n--B--\r\n')
    status, answer = c.request('POST', '/api/submissions', body, {'Content-Type': 'multipart/form-data; boundary=B'})
    refused('a form of %d empty fields beside one file (2 MiB) is refused before it is parsed (413; taken, 202, '
            'before), nothing written' % ((2 << 20) // len(field)), data, before, status, 413, answer)
    line = b'X: y\r\n'
    body = (b'--B\r\nContent-Disposition: form-data; name="year"\r\n\r\n2021\r\n--B\r\n' + line * ((2 << 20) // len(line))
            + b'Content-Disposition: form-data; name="file"; filename="docs/a.pdf"\r\n\r\n%PDF-1.4\r\n--B--\r\n')
    status, answer = c.request('POST', '/api/submissions', body, {'Content-Type': 'multipart/form-data; boundary=B'})
    refused('a file whose part has 2 MiB of header lines is refused before it is parsed (413; taken, 202, before: '
            '20 MB of them took 321 MiB and 20 s), nothing written', data, before, status, 413, answer)


def step_list_limit(url, data, first):
    """A clerk's list of its submissions is its own, whatever the others
    sent: the list was the 5000 newest submissions of every commune, filtered
    after the limit, so 5000 of a neighbour's (a script sending submission
    after submission, or a province's years; written here straight into the
    store, then removed) left the clerk's list, and the officer's, empty."""
    db = sqlite3.connect(os.path.join(data, 'kiemchung.db'), timeout=60)
    with db:
        cur = db.execute("INSERT INTO communes (name, folded, district, dkey) VALUES "
                         "('Xã Ồn Ào', 'xa|on ao', 'UBND huyện Ồn Ào', 'huyen|on ao')")
        commune = cur.lastrowid
        db.executemany("INSERT INTO submissions (commune_id, year, kind, status, created, error) "
                       "VALUES (?, 2021, 'files', 'failed', strftime('%s', 'now'), 'x')", [(commune,)] * 5001)
    try:
        for user in ('clerk', 'officer'):
            status, obj = login(url, user).json('GET', '/api/submissions')
            ids = [x.get('id') for x in obj.get('submissions', [])]
            say(status == 200 and int(first) in ids,
                '%s\'s list holds its submission after 5000 newer ones of another district' % user,
                '%d %s' % (status, ids[:5]))
    finally:
        with db:
            db.execute('DELETE FROM submissions WHERE commune_id = ?', (commune,))
            db.execute('DELETE FROM communes WHERE id = ?', (commune,))
        db.close()


STILL_OPEN = b'(still open)'


def raw_exchange(u, data, wait=10):
    """Sends DATA on a connection of its own to the desk at U (urlsplit) and reads
    until the desk closes it: the bytes answered, ending in STILL_OPEN when the
    connection was still open after WAIT seconds of silence."""
    s = socket.create_connection((u.hostname, u.port), timeout=wait)
    s.sendall(data)
    got = b''
    try:
        while True:
            b = s.recv(65536)
            if not b:
                break
            got += b
    except socket.timeout:
        got += STILL_OPEN
    s.close()
    return got


def get_with_fields(addr, path, fields):
    """A GET sending the header fields as listed, a name repeated as often as
    it comes (http.client's dict of headers holds each name once); the status
    and body."""
    import http.client
    conn = http.client.HTTPConnection(addr, timeout=60)
    conn.putrequest('GET', path, skip_host=any(n.lower() == 'host' for n, _ in fields))
    for name, value in fields:
        conn.putheader(name, value)
    conn.endheaders()
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r.status, body


def step_inflight(url, data):
    """Uploads at once: the queue and storage limits are counted when an
    upload is committed, after its body was spooled and its blobs written,
    so one clerk's script sending hundreds at once (1 GiB each) filled the
    disk before any was refused.  An account sends two at a time; the third
    is refused before its body (429 instead of 100 Continue)."""
    host, port = url.split('//', 1)[1].rstrip('/').rsplit(':', 1)
    c = login(url, 'other')
    cookie = '; '.join('%s=%s' % (k.name, k.value) for k in c.jar)
    boundary = 'kcinflight'
    head = ('--%s\r\nContent-Disposition: form-data; name="year"\r\n\r\n2021\r\n--%s\r\n'
            'Content-Disposition: form-data; name="file"; filename="slow.pdf"\r\n\r\n' % (boundary, boundary))

    def start(expect=False):
        sock = socket.create_connection((host, int(port)), timeout=30)
        sock.sendall(('POST /api/submissions HTTP/1.1\r\nHost: %s:%s\r\nCookie: %s\r\nX-CSRF-Token: %s\r\n'
                      'Content-Type: multipart/form-data; boundary=%s\r\nContent-Length: %d\r\n%s\r\n'
                      % (host, port, cookie, c.csrf, boundary, len(head) + (2 << 20) + 50,
                         'Expect: 100-continue\r\n' if expect else '')).encode())
        if not expect:
            sock.sendall(head.encode() + b'x' * 65536)
        return sock

    slow = [start(), start()]
    time.sleep(0.5)
    third = start(expect=True)
    try:
        answer = third.recv(4096)
    except OSError as e:
        answer = str(e).encode()
    third.close()
    say(answer.startswith(b'HTTP/1.1 429'), 'a third upload while the account sends two is refused before its body '
        '(429)', answer[:200])
    for sock in slow:
        sock.close()
    time.sleep(0.5)
    status, body = c.submit(2021, [('docs/12-QD-UBND.pdf', os.path.join(SAMPLES, 'docs', '12-QD-UBND.pdf'))])
    say(status == 202, '... and once those are gone (the connections closed), the account sends again',
        '%d %s' % (status, body[:200]))
    if status == 202:
        c.wait(json.loads(body)['id'], 120)


def step_integrity(url, data):
    """Every blob a row names is there with its size; no blob, row or temporary file is orphaned."""
    db = sqlite3.connect('file:%s?mode=ro' % os.path.join(data, 'kiemchung.db'), uri=True)
    missing, extra = blobs_against_rows(data, db)
    orphans = db.execute('SELECT count(*) FROM files WHERE submission_id NOT IN (SELECT id FROM submissions)') \
        .fetchone()[0]
    db.close()
    temps = counts(data)['temps']
    say(not missing and not extra and not orphans and temps == 0,
        'no orphan row, blob or temporary file; every named blob whole',
        'missing %s extra %s orphan rows %d temps %d' % (missing[:3], extra[:3], orphans, temps))


def step_resumed(url, data, sid, first):
    c = login(url, 'clerk')
    status, sub = c.wait(sid, 300)
    say(sub.get('status') == 'done' and len(sub.get('documents', [])) > 0,
        'the interrupted submission was resumed and ended', json.dumps(sub)[:300])
    status, old = c.json('GET', '/api/submissions/%s' % first)
    say(old.get('status') == 'done' and criterion(old, 20).get('text') == '71,4%',
        'the submission committed before the kills is intact', json.dumps(old)[:300])


def main(argv):
    step, url, data = argv[1], argv[2], argv[3]
    name = 'step_' + step.replace('-', '_')
    if name not in globals():  # steps kept in their own files (serve_steps_seal.py, _names, _conn, _queue, ...)
        import serve_steps_accounts
        import serve_steps_conn
        import serve_steps_http
        import serve_steps_names
        import serve_steps_queue
        import serve_steps_seal
        import serve_steps_shared
        import serve_steps_slow
        import serve_steps_uploads
        for mod in (serve_steps_seal, serve_steps_names, serve_steps_conn, serve_steps_queue,
                    serve_steps_http, serve_steps_accounts, serve_steps_uploads, serve_steps_slow,
                    serve_steps_shared):
            globals().update({k: v for k, v in vars(mod).items() if k.startswith('step_')})
    fn = globals()[name]
    fn(url, data, *argv[4:])


if __name__ == '__main__':
    main(sys.argv)
