#!/usr/bin/env python3
"""serve_steps.py: the steps of tests/cli/serve.sh that talk to the server.

    serve_steps.py STEP URL DATA [ARG]...

Each step prints one line per check, "ok NAME" or "notok NAME: why", which
serve.sh turns into TAP; DATA is the server's folder, read (never written)
to count what a refused request must not have written:

    rows    submissions + files rows in the store
    blobs   files under DATA/blobs
    temps   files under DATA/tmp and DATA/work

Steps: main, abuse, list-limit, cookie-toss, inflight, admin-no-district, secure-cookie, proxy, proxy-spelled, user-del, deleted-exe, storage, district-storage, district-scaled, host, text-budget, cross-site, smuggle, no-district, level, kind, passwd, slowloris, slow-login, login-variants, dossier, foreign-dossier, start-big, start-slow-upload,
integrity, resumed; kindless-dossier (serve_steps_seal.py); connections (serve_steps_conn.py)."""
import io
import json
import os
import shutil
import socket
import sqlite3
import struct
import subprocess
import sys
import tempfile
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
    anon = Client(url)
    status, _ = anon.request('POST', '/api/submissions', b'x', {'Content-Type': 'multipart/form-data; boundary=x'},
                             csrf=False)
    refused('no session: 403, nothing written', data, before, status, 403)


def step_cross_site(url, data):
    """Login CSRF: a form of another site posting the login as text/plain
    that reads as JSON ({"user":…,"x":"="}) would log the clerk's browser
    into the attacker's account.  The login takes only application/json, and
    no POST is taken that the browser says another site sent."""
    body = json.dumps({'user': 'clerk', 'password': PASSWORD, 'x': '='}).encode()
    for kind in ('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'):
        c = Client(url)
        status, answer = c.request('POST', '/api/login', body, {'Content-Type': kind}, csrf=False)
        say(status == 415 and not list(c.jar), 'a login sent as %s is refused (415), no session' % kind.split(';')[0],
            '%d %s' % (status, answer[:200]))
    for site in ('cross-site', 'same-site'):
        c = Client(url)
        status, answer = c.request('POST', '/api/login', body,
                                   {'Content-Type': 'application/json', 'Sec-Fetch-Site': site}, csrf=False)
        say(status == 403 and not list(c.jar), 'a login the browser says is %s is refused (403), no session' % site,
            '%d %s' % (status, answer[:200]))
    c = Client(url)
    status, _ = c.request('POST', '/api/login', body,
                          {'Content-Type': 'application/json; charset=utf-8', 'Sec-Fetch-Site': 'same-origin'},
                          csrf=False)
    say(status == 200, 'the desk\'s own page logs in (same-origin, application/json)', str(status))
    clerk = login(url, 'clerk')
    before = counts(data)
    boundary = 'kcx'
    form = ('--%s\r\nContent-Disposition: form-data; name="year"\r\n\r\n2021\r\n--%s\r\nContent-Disposition: '
            'form-data; name="file"; filename="a.pdf"\r\n\r\n%%PDF-1.4\r\n--%s--\r\n' % (boundary, boundary, boundary))
    status, answer = clerk.request('POST', '/api/submissions', form.encode(),
                                   {'Content-Type': 'multipart/form-data; boundary=' + boundary,
                                    'Sec-Fetch-Site': 'cross-site'})
    refused('an upload another site sends, with the session and its token, is refused (403), nothing written',
            data, before, status, 403, answer)


def step_secure_cookie(url, data):
    """Behind a TLS proxy (the README's advice beyond the office network) the
    session cookie must be Secure: without it the browser sends it again in
    clear to any http:// address of the host (a link, a typed address, a
    network attacker's redirect), and whoever reads it holds the session.
    The proxy says so in X-Forwarded-Proto (Caddy, Traefik, nginx as usually
    set up) or Forwarded (RFC 7239)."""
    import http.client
    host = url.split('//', 1)[1].rstrip('/')
    body = json.dumps({'user': 'clerk', 'password': PASSWORD})

    last = {}  # the last answer's JSON: a login's token (GET /api/me tells it only to its holder)

    def cookie(path, headers, payload=body):
        conn = http.client.HTTPConnection(host, timeout=60)
        conn.request('POST', path, payload, dict({'Content-Type': 'application/json'}, **headers))
        r = conn.getresponse()
        answer = r.read()
        conn.close()
        last.clear()
        last.update(json.loads(answer or b'{}') if answer.startswith(b'{') else {})
        return r.status, r.getheader('Set-Cookie') or ''

    # Over HTTPS the cookie is __Host-kc_session (Secure, Path=/, no
    # Domain): a browser takes no cookie of that name from another site of
    # the domain, so a tossed kc_session cannot shadow it nor lock the clerk
    # out (two kc_session values open neither session).
    https = {'X-Forwarded-Proto': 'https'}
    for name, headers in (('X-Forwarded-Proto: https', https),
                          ('Forwarded: proto=https', {'Forwarded': 'for=192.0.2.7;proto=https;host=desk'})):
        status, set_cookie = cookie('/api/login', headers)
        attrs = [a.strip().lower() for a in set_cookie.split(';')]
        say(status == 200 and 'secure' in attrs and 'path=/' in attrs and set_cookie.startswith('__Host-kc_session=')
            and not any(a.startswith('domain') for a in attrs),
            'a login through a TLS proxy (%s) sets a Secure __Host-kc_session, Path=/, no Domain' % name,
            '%d %s' % (status, set_cookie))
    host_sid, host_token = set_cookie.split(';')[0], last.get('csrf', '')
    status, set_cookie = cookie('/api/login', {})
    say(status == 200 and 'secure' not in set_cookie.lower() and set_cookie.startswith('kc_session='),
        '... and a login over plain HTTP (the office network) a kc_session that plain HTTP keeps', set_cookie)
    sid, token = set_cookie.split(';')[0], last.get('csrf', '')
    theirs = cookie('/api/login', {}, json.dumps({'user': 'other', 'password': PASSWORD}))[1].split(';')[0]

    def me(headers):
        conn = http.client.HTTPConnection(host, timeout=60)
        conn.request('GET', '/api/me', headers=headers)
        r = conn.getresponse()
        answer = r.read()
        conn.close()
        return r.status, json.loads(answer or b'{}')

    status, who = me(dict(https, Cookie='%s; lang=vi; %s; %s' % (theirs, sid, host_sid)))
    say(status == 200 and who.get('user') == 'clerk',
        '... through the proxy, two tossed kc_session beside the clerk\'s __Host- cookie: the clerk\'s session (200)',
        '%d %s' % (status, who))
    status, who = me(dict(https, Cookie=theirs))
    say(status == 401, '... and a kc_session alone is not read over HTTPS (401)', '%d %s' % (status, who))
    status, who = me({'Cookie': '__Host-' + sid})
    say(status == 401, '... nor a __Host-kc_session over plain HTTP (401)', '%d %s' % (status, who))
    status, set_cookie = cookie('/api/logout', dict(https, Cookie=host_sid, **{'X-CSRF-Token': host_token}), '')
    say(status == 200 and set_cookie.startswith('__Host-kc_session=;') and 'secure' in set_cookie.lower()
        and 'path=/' in set_cookie.lower() and 'max-age=0' in set_cookie.lower(),
        '... and the logout through the proxy clears the __Host- cookie as it was set', '%d %s' % (status, set_cookie))
    status, who = me(dict(https, Cookie=host_sid))
    say(status == 401, '... and its session is over (401)', '%d %s' % (status, who))
    status, set_cookie = cookie('/api/logout', {'Cookie': sid, 'X-CSRF-Token': token}, '')
    say(status == 200 and set_cookie.startswith('kc_session=;') and 'max-age=0' in set_cookie.lower(),
        '... the logout over plain HTTP clears kc_session', '%d %s' % (status, set_cookie))


def step_proxy(url, data):
    """Behind a TLS proxy (the server runs with --proxy 127.0.0.1
    --login-attempts 1: five failures refuse an address) every request comes
    from the proxy's address: one stranger's wrong guesses under made-up
    names refused every clerk's login, and the audit log named the proxy for
    all.  The proxy's X-Forwarded-For is believed; anyone else's is not."""
    import http.client
    host, port = url.split('//', 1)[1].rstrip('/').rsplit(':', 1)

    def login_as(user, password, xff=None, source='127.0.0.1'):
        conn = http.client.HTTPConnection(host, int(port), timeout=60, source_address=(source, 0))
        headers = {'Content-Type': 'application/json'}
        if xff:
            headers['X-Forwarded-For'] = xff
        conn.request('POST', '/api/login', json.dumps({'user': user, 'password': password}), headers)
        status = conn.getresponse().status
        conn.close()
        return status

    stranger = [login_as('khong-co-%d' % i, 'sai-mat-khau', '203.0.113.9') for i in range(6)]
    say(stranger[-1] == 429, 'a stranger\'s guesses through the proxy are refused after five (429)', str(stranger))
    status = login_as('clerk', PASSWORD, '192.0.2.1, 198.51.100.4')
    say(status == 200, '... while a clerk through the same proxy logs in (200)', str(status))
    db = sqlite3.connect('file:%s?mode=ro' % os.path.join(data, 'kiemchung.db'), uri=True)
    rows = db.execute("SELECT address FROM audit WHERE action = 'login' ORDER BY id DESC LIMIT 1").fetchall()
    db.close()
    say(rows == [('198.51.100.4',)], '... and the audit log names the clerk\'s address the proxy saw', str(rows))
    spoofed = [login_as('khong-co-x%d' % i, 'sai-mat-khau', '198.51.100.%d' % i, '127.0.0.2') for i in range(6)]
    say(spoofed[-1] == 429, 'another machine\'s X-Forwarded-For is not believed: refused after five (429)',
        str(spoofed))


def step_proxy_spelled(url, data):
    """--proxy as the administrator types it: the server listens on ::1 and
    runs with --proxy 0:0:0:0:0:0:0:1 --login-attempts 1.  Compared as
    text with the peer libsoup spells "::1", the proxy was never known, and a
    stranger's guesses through it refused the clerk's login again."""
    import http.client
    port = int(url.rstrip('/').rsplit(':', 1)[1])

    def login_as(user, password, xff):
        conn = http.client.HTTPConnection('::1', port, timeout=60)
        conn.request('POST', '/api/login', json.dumps({'user': user, 'password': password}),
                     {'Content-Type': 'application/json', 'X-Forwarded-For': xff})
        status = conn.getresponse().status
        conn.close()
        return status

    stranger = [login_as('khong-co-%d' % i, 'sai-mat-khau', '203.0.113.9') for i in range(6)]
    say(stranger[-1] == 429, 'through a proxy named 0:0:0:0:0:0:0:1, a stranger\'s guesses are refused after five '
        '(429)', str(stranger))
    status = login_as('clerk', PASSWORD, '198.51.100.4')
    say(status == 200, '... while a clerk through the same proxy logs in (200)', str(status))


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


def step_cookie_toss(url, data):
    """Cookie tossing: another site under the same domain (a sibling
    subdomain) sets its own kc_session (Domain=, or a longer Path), holding
    a session of the attacker's account; the browser sends it before the
    clerk's own (older, or its path longer), and the desk took the first: the
    clerk worked, and uploaded, in the attacker's account (a login CSRF)."""
    import http.client
    host = url.split('//', 1)[1].rstrip('/')

    def session(user):
        c = login(url, user)
        return next(ck.value for ck in c.jar if ck.name == 'kc_session'), c.csrf

    mine, my_token = session('clerk')
    theirs, their_token = session('other')
    for order in ((theirs, mine), (mine, theirs)):
        conn = http.client.HTTPConnection(host, timeout=60)
        conn.request('GET', '/api/me', headers={'Cookie': 'kc_session=%s; lang=vi; kc_session=%s' % order})
        r = conn.getresponse()
        body = r.read()
        conn.close()
        say(r.status == 401, 'a request with two session cookies (%s first) opens neither (401)'
            % ('the tossed one' if order[0] == theirs else 'its own'), '%d %s' % (r.status, body[:200]))

    # An HTTP/2 browser sends its cookies as separate fields (RFC 9113
    # 8.2.3), which a proxy speaking HTTP/1.1 to the desk may pass on
    # unjoined; the desk read the last field alone: the clerk's session in
    # the first was not found, and a tossed one in the other field was taken.
    def two_fields(first, second):
        return get_with_fields(host, '/api/me', [('Cookie', first), ('Cookie', second)])

    status, body = two_fields('kc_session=%s' % mine, 'lang=vi')
    say(status == 200 and b'"clerk"' in body, 'the session cookie in the first of two Cookie fields is read (200)',
        '%d %s' % (status, body[:200]))
    for order in ((theirs, mine), (mine, theirs)):
        status, body = two_fields('kc_session=%s' % order[0], 'kc_session=%s' % order[1])
        say(status == 401, 'two session cookies in two Cookie fields (%s first) open neither (401)'
            % ('the tossed one' if order[0] == theirs else 'its own'), '%d %s' % (status, body[:200]))
    before = counts(data)
    boundary = 'kct'
    form = ('--%s\r\nContent-Disposition: form-data; name="year"\r\n\r\n2021\r\n--%s\r\nContent-Disposition: '
            'form-data; name="file"; filename="a.pdf"\r\n\r\n%%PDF-1.4\r\n--%s--\r\n' % (boundary, boundary, boundary))
    conn = http.client.HTTPConnection(host, timeout=60)
    conn.request('POST', '/api/submissions', form.encode(),
                 {'Cookie': 'kc_session=%s; kc_session=%s' % (theirs, mine), 'X-CSRF-Token': their_token,
                  'Content-Type': 'multipart/form-data; boundary=' + boundary})
    r = conn.getresponse()
    body = r.read()
    conn.close()
    refused('... nor an upload with the tossed session\'s token (403), nothing written', data, before, r.status, 403,
            body)


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


def step_smuggle(url, data):
    """Request smuggling: a request with both Content-Length and
    Transfer-Encoding, and a second request after its last chunk.  libsoup
    reads the chunks; a proxy in front going by Content-Length would take the
    second request for the first one's body.  One answer (400), and the
    connection closed, so the second is never read as a request."""
    import re
    from urllib.parse import urlparse
    u = urlparse(url)
    # the desk's own address as Host: another name is refused (421) before the lengths are read
    second = b'GET /api/me HTTP/1.1\r\nHost: %s\r\n\r\n' % u.netloc.encode()
    for order in (('Content-Length: 4', 'Transfer-Encoding: chunked'),
                  ('Transfer-Encoding: chunked', 'Content-Length: %d' % (5 + len(second)))):
        head = ('POST /api/login HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n%s\r\n%s\r\n\r\n'
                % ((u.netloc,) + order))
        got = raw_exchange(u, head.encode() + b'0\r\n\r\n' + second)
        answers = re.findall(rb'HTTP/1\.1 (\d+)', got)
        say(answers == [b'400'] and not got.endswith(STILL_OPEN),
            'both %s and %s: one answer, 400, and the connection closed' % (order[0].split(':')[0], order[1].split(':')[0]),
            got[-300:])
    # Two Content-Length values: libsoup went by the last one and kept the
    # connection, so a proxy going by the first took the second request out
    # of the first one's body (or the other way round).
    body = b'{}' + second
    for lengths in ((2, len(body)), (len(body), 2)):
        head = ('POST /api/login HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n'
                'Content-Length: %d\r\nContent-Length: %d\r\n\r\n' % ((u.netloc,) + lengths))
        got = raw_exchange(u, head.encode() + body)
        answers = re.findall(rb'HTTP/1\.1 (\d+)', got)
        say(answers == [b'400'] and not got.endswith(STILL_OPEN),
            'Content-Length %d and %d: one answer, 400, and the connection closed' % lengths, got[-300:])


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


def step_slow_login(url, data):
    c = Client(url)
    times = []
    last = None
    for _ in range(5):
        t = time.time()
        last, _ = c.login('officer', 'not-the-password')
        times.append(time.time() - t)
    # Each answer costs scrypt's time, which a loaded machine stretches and
    # varies (0.48 s and 0.59 s seen for the first, undelayed one), so
    # differences between answers flake.  A delay is a sleep: an answer can
    # never come sooner than it, however loaded the machine, and an idle one
    # answers an undelayed guess in a fraction of the 2 s of the fourth.
    say(times[1] >= 0.45 and times[2] >= 0.95 and times[3] >= 1.95 and last == 429,
        'wrong passwords in a loop are slowed, then refused (429)',
        'times %s, last %s' % (['%.2f' % t for t in times], last))
    status, _ = c.login('officer', PASSWORD)
    say(status == 429, 'the right password too, while the name is refused', str(status))
    status, _ = Client(url).login('clerk', PASSWORD)
    say(status == 200, 'another user at the same address still logs in', str(status))


def step_login_variants(url, data):
    """A name is counted as the account it opens: "thủy-vân" typed decomposed
    (NFD, as macOS and Unikey may send it) or partly so, or in capitals, is
    the same name to the limiter, not a fresh count of guesses."""
    import unicodedata
    name = 'thủy-vân'
    c = Client(url)
    first = [c.login(name, 'not-the-password')[0] for _ in range(5)]
    say(first[:4] == [401] * 4 and first[4] == 429, 'wrong passwords for "thủy-vân" are refused (429)', str(first))
    for variant in (unicodedata.normalize('NFD', name), name.replace('ủ', 'u\u0309'), name.upper()):
        status, _ = c.login(variant, 'not-the-password')
        say(status == 429, 'the same name as %r is refused too, not counted afresh' % variant.encode(), str(status))
    status, _ = c.login(unicodedata.normalize('NFD', name), PASSWORD)
    say(status == 429, '... and its right password too', str(status))


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


def step_slowloris(url, data):
    """Slow clients: 340 connections from one address, each with half a
    request's headers and then silence (slowloris).  libsoup closes none, so
    they held every descriptor the server may open (320 here: serve.sh
    starts it so; 1024 under a service manager) and the desk answered no one.
    One address holds at most 256 connections: the rest are closed at once,
    and another address is answered."""
    import urllib.parse
    host = urllib.parse.urlsplit(url)
    socks = []
    n = 340  # more than the 320 descriptors serve.sh gives the server
    for _ in range(n):
        try:
            sk = socket.create_connection((host.hostname, host.port), timeout=5, source_address=('127.0.0.2', 0))
            sk.sendall(b'POST /api/submissions HTTP/1.1\r\nHost: x\r\n')
            socks.append(sk)
        except OSError:
            break
    time.sleep(1)
    closed = 0
    for sk in socks:
        sk.setblocking(False)
        try:
            closed += sk.recv(10) == b''
        except BlockingIOError:
            pass
        except OSError:
            closed += 1
    say(len(socks) == n and closed >= n - 256, 'of %d silent connections from one address, all but 256 are closed' % n,
        '%d opened, %d closed' % (len(socks), closed))
    started = time.time()
    try:
        import urllib.request
        with urllib.request.urlopen(url.rstrip('/') + '/index.html', timeout=5) as r:
            status = r.status
    except Exception as e:  # noqa: BLE001 (any failure is the finding)
        status = str(e)
    say(status == 200, '... and another address is answered meanwhile (%.1f s)' % (time.time() - started), str(status))
    for sk in socks:
        sk.close()


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


class _Pipe(io.RawIOBase):
    """A stream zipfile cannot seek: it writes data descriptors, as Java,
    macOS's Archive Utility and streaming zippers do."""
    def __init__(self):
        self.buf = io.BytesIO()
    def writable(self):
        return True
    def write(self, b):
        return self.buf.write(b)


def _windows_zip(pdf, descriptor=True):
    """A zip as Windows tools write one: entries made by MS-DOS/NTFS with the
    archive attribute, an NTFS time-stamp extra field, an entry comment, an
    archive comment, and (streamed) data descriptors."""
    out = _Pipe() if descriptor else io.BytesIO()
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        z.comment = b'Minh chung 2021'
        for name in ('MinhChung/Hóa đơn tháng 9.pdf', 'MinhChung/Kế hoạch.pdf'):
            zi = zipfile.ZipInfo(name, (2021, 9, 30, 10, 0, 0))
            zi.create_system = 0
            zi.external_attr = 0x20
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.extra = struct.pack('<HHI HH', 0x000a, 32, 0, 1, 24) + b'\1' * 24
            zi.comment = 'bản gốc'.encode()
            with open(pdf, 'rb') as f:
                z.writestr(zi, f.read())
    return (out.buf if descriptor else out).getvalue()


def step_evidence_zips(url, data):
    """A clerk's evidence zipped on Windows (Explorer, 7-Zip), by Info-ZIP or
    streamed (data descriptors): the desk refused every such zip for carrying
    what a dossier never has (extra fields, DOS attributes, comments, data
    descriptors); a dossier is still read strictly."""
    c = login(url, 'thủy-vân')
    pdf = os.path.join(SAMPLES, 'docs', '03-KH-UBND.pdf')
    made = [('windows.zip', _windows_zip(pdf)), ('windows-seekable.zip', _windows_zip(pdf, False))]
    tmp = tempfile.mkdtemp()
    try:
        os.makedirs(os.path.join(tmp, 'MinhChung'))
        shutil.copy(pdf, os.path.join(tmp, 'MinhChung', 'Hóa đơn tháng 9.pdf'))
        shutil.copy(pdf, os.path.join(tmp, 'MinhChung', 'Kế hoạch.pdf'))
        for tool, argv in (('Info-ZIP zip', ['zip', '-q', '-r']), ('7-Zip', ['7z', 'a', '-bd', '-tzip']),
                           ('7-Zip (7zz)', ['7zz', 'a', '-bd', '-tzip'])):
            if shutil.which(argv[0]):
                target = os.path.join(tmp, 'out-%d.zip' % len(made))
                subprocess.run(argv + [target, 'MinhChung'], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
                with open(target, 'rb') as f:
                    made.append((tool, f.read()))
    finally:
        shutil.rmtree(tmp)
    for what, blob in made:
        status, body = c.submit(2021, [('MinhChung.zip', blob)])
        sid = json.loads(body)['id'] if status == 202 else 0
        names = []
        if sid:
            c.wait(sid)
            st, sub = c.json('GET', '/api/submissions/%s' % sid)
            names = sorted(f.get('name') for f in sub.get('files', []))
        say(status == 202 and names == ['MinhChung/Hóa đơn tháng 9.pdf', 'MinhChung/Kế hoạch.pdf'],
            'evidence zipped as %s is taken, its two files by their names (202)' % what,
            '%d %s %s' % (status, body[:300], names))
    # a data descriptor that lies about its entry is refused, nothing written
    bad = bytearray(_windows_zip(pdf))
    at = bad.find(b'PK\x07\x08')
    bad[at + 4] ^= 0xff
    before = counts(data)
    status, body = c.submit(2021, [('MinhChung.zip', bytes(bad))])
    refused('a zip whose data descriptor gives another CRC than its directory is refused (400), nothing written',
            data, before, status, 400, body)
    say(b'CRC' in body and data.encode() not in body and b'/tmp' not in body,
        '... saying so, without the server\'s paths', body[:300])


def step_overview_is_review(url, data, review, sid, what):
    """The overview's row for the sample commune is `kiemchung review --json`'s
    row for the same dossier (downloaded, or sent): the criteria computed and
    claimed, other_agency, indeterminate, the check's verdict, the seal."""
    with open(review, encoding='utf-8') as f:
        want = json.load(f)['communes'][0]
    o = login(url, 'officer')
    status, ov = o.json('GET', '/api/overview?year=2021')
    row = next((r for r in ov.get('communes', []) if r.get('commune') == 'Xã Thủy An'), {})
    say(status == 200 and row.get('submission') == int(sid), '%s: the overview lists submission %s' % (what, sid),
        json.dumps(row)[:300])
    for key in ('criteria', 'other_agency', 'indeterminate', 'documents', 'signed', 'ok', 'warnings'):
        say(row.get(key) == want.get(key), '%s: the overview\'s %s is review --json\'s' % (what, key),
            '%s != %s' % (json.dumps(row.get(key))[:400], json.dumps(want.get(key))[:400]))
    say(row.get('check_ok') == want['check']['ok'] and (row.get('check') or {}).get('ok') == want['check']['ok'],
        '%s: the overview\'s check is review --json\'s (%s)' % (what, want['check']['ok']),
        json.dumps(row.get('check'))[:400])
    # (the server writes its messages in its language, --lang: the codes compared)
    def lint(r):
        return [(f.get('criterion'), f.get('code'), f.get('line')) for f in (r.get('lint') or {}).get('findings', [])]
    say(row.get('findings') == len(lint(want)) and lint(row) == lint(want) and len(lint(row)) > 0,
        '%s: the findings are review --json\'s lint (%d)' % (what, row.get('findings') or 0),
        '%s != %s' % (json.dumps(row.get('lint'))[:300], json.dumps(want.get('lint'))[:300]))
    say((row.get('seal') or {}).get('status') == want['seal']['status'],
        '%s: the seal is review --json\'s (%s)' % (what, want['seal']['status']), json.dumps(row.get('seal')))
    say(data.encode() not in json.dumps(row, ensure_ascii=False).encode(), '%s: no path of the server\'s disk' % what)
    status, sub = o.json('GET', '/api/submissions/%s' % sid)
    rows = [(d.get('number'), d.get('status'), d.get('problem')) for d in (sub.get('review') or {}).get('rows', [])]
    wrows = [(d.get('number'), d.get('status'), d.get('problem')) for d in want.get('rows', [])]
    say(status == 200 and rows == wrows and len(rows) == 7,
        '%s: the submission\'s review holds the register\'s rows, as review --json' % what,
        '%s != %s' % (rows, wrows))
    return row


def step_overview_files(url, data, review, sid):
    row = step_overview_is_review(url, data, review, sid, 'a clerk\'s upload')
    # the register of the sample: 25-TB-UBND.pdf modified after signing, one
    # unsigned, every signature Thủy An's own; the report claims 100%
    say(row.get('other_agency') == 0 and row['criteria']['20']['claim_holds'] is False
        and row.get('check_ok') is True and row.get('invalid') == 1,
        'a clerk\'s upload: other_agency 0, the claimed 100% not borne out, the check ok, one document invalid',
        json.dumps({k: row.get(k) for k in ('other_agency', 'criteria')})[:400])
    absent = next((r for r in json.loads(login(url, 'officer').request('GET', '/api/overview?year=2021')[1])
                   ['communes'] if r.get('commune') != 'Xã Thủy An'), None)
    say(absent is None or (absent.get('submission') is None and absent.get('seal') is None
                           and absent['criteria']['20']['text'] is None),
        'a commune that sent nothing: no submission, no seal, nothing computed', json.dumps(absent)[:300])


def step_overview_dossier(url, data, review, sid):
    row = step_overview_is_review(url, data, review, sid, 'a sealed dossier')
    # check --signatures exits 0 on it: the dossier checks; its document
    # 25-TB-UBND.pdf is not validly signed, and shows as a document
    say(row.get('check_ok') is True and row['seal']['status'] == 'valid',
        'a sealed dossier holding an invalid document: its check is ok, its seal valid',
        json.dumps({k: row.get(k) for k in ('check_ok', 'check', 'seal')})[:600])
    say(row.get('invalid') == 1 and row.get('kind') == 'dossier',
        '... and the document shows as invalid (a document\'s verdict, not the check\'s)',
        json.dumps({k: row.get(k) for k in ('invalid', 'valid', 'verified', 'kind')}))


def step_start_big(url, data, n):
    """Submits n copies of the sample documents (the verification to kill)."""
    c = login(url, 'clerk')
    docs = [f for f in sorted(os.listdir(os.path.join(SAMPLES, 'docs'))) if f.endswith('.pdf')]
    files = [('many/%04d-%s' % (i, docs[i % len(docs)]), os.path.join(SAMPLES, 'docs', docs[i % len(docs)]))
             for i in range(int(n))]
    status, body = c.submit(2021, files)
    say(status == 202, 'a submission of %s documents is accepted' % n, '%d %s' % (status, body[:200]))
    sid = json.loads(body)['id']
    end = time.time() + 120
    while time.time() < end:
        _, sub = c.json('GET', '/api/submissions/%s' % sid)
        if sub.get('status') == 'running' and sub.get('progress', 0) > 0.05:
            break
        time.sleep(0.05)
    say(sub.get('status') == 'running' and sub.get('progress', 0) < 1,
        'its verification runs (progress %.2f)' % sub.get('progress', 0), json.dumps(sub)[:200])
    print('id %s' % sid)


def step_start_slow_upload(url, data):
    """Sends a body slowly, forever: the server is killed in the middle."""
    import http.client
    from urllib.parse import urlparse
    c = login(url, 'clerk')
    u = urlparse(url)
    conn = http.client.HTTPConnection(u.hostname, u.port)
    boundary = 'kcslow'
    head = ('--%s\r\nContent-Disposition: form-data; name="year"\r\n\r\n2021\r\n--%s\r\n'
            'Content-Disposition: form-data; name="file"; filename="slow.pdf"\r\n\r\n' % (boundary, boundary))
    total = 3 << 20
    conn.putrequest('POST', '/api/submissions')
    conn.putheader('Content-Type', 'multipart/form-data; boundary=' + boundary)
    conn.putheader('Content-Length', str(len(head) + total + 50))
    conn.putheader('X-CSRF-Token', c.csrf)
    conn.putheader('Cookie', '; '.join('%s=%s' % (k.name, k.value) for k in c.jar))
    conn.endheaders()
    conn.send(head.encode())
    print('sending', flush=True)
    try:
        for _ in range(total // 65536):
            conn.send(b'x' * 65536)
            time.sleep(0.05)
    except OSError:
        pass  # the server died: that was the point


def step_text_budget(url, data, testsign, certs, seconds, budget):
    """Text bombs (tests/fixtures/make-text-bomb.py): small signed PDFs whose
    text poppler reads in minutes, each read up to its deadline twice (the
    index, then the review).  Six of them, all listed in the register, held
    the worker for 6 x 2 x the deadline; 20,000 in one submission (the file
    limit), days, while every other commune's submission waited.  With a
    budget per submission the analysis ends soon after it is spent, the
    documents after it counted by their signatures, each with the reason."""
    c = login(url, 'clerk')
    tmp = tempfile.mkdtemp()
    bomb = os.path.join(os.environ['KC_SOURCE_ROOT'], 'tests', 'fixtures', 'make-text-bomb.py')
    files, rows = [], []
    for i in range(6):
        out = os.path.join(tmp, '%d.pdf' % i)
        subprocess.run([sys.executable, bomb, out, '--words', str(200000 + i), '--sign', testsign, certs], check=True)
        files.append(('docs/%02d-QD-UBND.pdf' % i, out))
        rows.append('%02d/QĐ-UBND;01/06/2021;Quyết định;Nguyễn Văn An;UBND huyện Phú Vang;Văn phòng;1;01/06/2021;;;'
                    'docs/%02d-QD-UBND.pdf\n' % (i + 1, i))
    files.append(('so-van-ban-di-2021.csv', ('\ufeffSố, ký hiệu văn bản;Ngày tháng văn bản;Tên loại và trích yếu '
                                             'nội dung văn bản;Người ký;Nơi nhận văn bản;Đơn vị, người nhận bản lưu;'
                                             'Số lượng bản;Ngày chuyển;Ký nhận;Ghi chú;Tệp\n'
                                             + ''.join(rows)).encode()))
    start = time.time()
    status, body = c.submit(2021, files)
    say(status == 202, 'a submission of six text bombs and their register is accepted', '%d %s' % (status, body[:200]))
    # While it holds the one worker: a commune has at most two submissions
    # waiting or analysed at once (a script queued thousands, each up to the
    # upload limit, and every other commune's waited behind them).
    small = [('docs/12-QD-UBND.pdf', os.path.join(SAMPLES, 'docs', '12-QD-UBND.pdf'))]
    second, second_body = c.submit(2021, small)
    # The first is being analysed meanwhile: its work folder fills as the
    # worker unpacks it (under ASan on CI it did so between the two counts).
    busy = [json.loads(b)['id'] for b in (body, second_body) if b.startswith(b'{"id"')]
    before = counts(data, busy)
    third, said = c.submit(2021, small)
    refused('... a third one while two wait: 429, nothing written', data, before, third, 429, said, busy)
    say(second == 202 and b'2' in said, '... the second was taken, the third told why',
        '%d %s' % (second, said[:200]))
    # Another commune's text bombs (and the first officer's below): the
    # worker takes turns between accounts (jobs.c), so these are analysed
    # next and hold the worker while the officers' limits below are counted
    # (small ones were done at once on a loaded machine).
    o = login(url, 'other')
    status, other = o.submit(2021, files)
    say(status == 202, '... another commune still submits meanwhile', '%d %s' % (status, other[:200]))
    busy += [json.loads(other)['id']] if other.startswith(b'{"id"') else []
    # A district's officer may name a new commune of the district in an
    # upload (a mailed dossier of a commune with no clerk): bounded per
    # commune alone, each commune invented came with two more slots.
    nd = login(url, 'officer-nd')
    invented = [nd.submit(2021, files if i == 1 else small, {'commune': 'Xã Bịa %d' % i}) for i in (1, 2)]
    busy += [json.loads(b)['id'] for _, b in invented if b.startswith(b'{"id"')]
    before = counts(data, busy)
    third, said = nd.submit(2021, small, {'commune': 'Xã Bịa 3'})
    refused('... an officer\'s third submission while two wait, into a commune invented for it: 429, nothing '
            'written', data, before, third, 429, said, busy)
    say([st for st, _ in invented] == [202, 202] and b'2' in said and
        any(w in said.decode('utf-8', 'replace') for w in ('you already', 'bạn đã')),
        '... the officer\'s first two were taken, the third told why (the account\'s limit)',
        '%s %s' % ([st for st, _ in invented], said[:200]))
    # But a district's officer sends for many communes (the sealed dossiers
    # twenty communes mailed, one after another): its account's bound grows
    # with the communes of its district that have a clerk's account (Phú
    # Vang: Thủy An, Thủy Vân, Phú An: 3 x 2), each commune's still 2, and
    # communes it invents add nothing.
    pv = login(url, 'officer')
    real = [pv.submit(2021, small, {'commune': name}) for name in ('Xã Thủy Vân', 'Xã Thủy Vân', 'Xã Phú An')]
    busy += [json.loads(b)['id'] for _, b in real if b.startswith(b'{"id"')]
    say([st for st, _ in real] == [202, 202, 202],
        '... an officer of a district with three clerks\' communes has three waiting, two in one commune (the '
        'account\'s 2 before)', '%s' % [(st, b[:160]) for st, b in real])
    before = counts(data, busy)
    third, said = pv.submit(2021, small, {'commune': 'Xã Thủy Vân'})
    refused('... but not a third in one commune: 429, nothing written', data, before, third, 429, said, busy)
    made = [pv.submit(2021, small, {'commune': 'Xã Bịa PV %d' % i}) for i in (1, 2, 3)]
    busy += [json.loads(b)['id'] for _, b in made if b.startswith(b'{"id"')]
    before = counts(data, busy)
    over, said = pv.submit(2021, small, {'commune': 'Xã Bịa PV 4'})
    refused('... and its seventh, into communes invented for it, not at all: 429, nothing written', data, before,
            over, 429, said, busy)
    say([st for st, _ in made] == [202, 202, 202] and b'6' in said,
        '... the account\'s bound is 3 x 2, whatever it invents', '%s %s' % ([st for st, _ in made], said[:200]))
    status, sub = c.wait(json.loads(body)['id'], 300)
    took = time.time() - start
    for client, answer in ([(c, second_body), (o, other)] + [(nd, b) for _, b in invented]
                           + [(pv, b) for _, b in real + made]):  # none left running
        if answer.startswith(b'{"id"'):
            client.wait(json.loads(answer)['id'], 120)
    shutil.rmtree(tmp, ignore_errors=True)
    bound = float(budget) + 2 * float(seconds) + 5
    say(sub.get('status') == 'done' and took < bound,
        'its analysis ends within the budget and a deadline (%.1f s, under %.0f s; 6 x 2 x %s s without it)'
        % (took, bound, seconds), json.dumps(sub)[:300])
    warnings = (sub.get('index') or {}).get('warnings') or []
    spent = [w for w in warnings if ('%s s' % budget in w or '%s giây' % budget in w) and 'docs/05-QD-UBND.pdf' in w]
    c20 = criterion(sub, 20)
    say(spent and c20.get('numerator') == 6,
        'the documents after the budget are counted by their signatures, with the reason',
        json.dumps(warnings, ensure_ascii=False)[:600] + json.dumps(c20))


def step_storage(url, data):
    """What one commune's submissions keep is bounded (the server runs with
    --max-commune-storage 4M): without it a clerk's script sent 1 GiB after
    1 GiB of distinct bytes, each kept for good, until the disk was full.
    A file the commune keeps already is counted once; the dossier and the
    reports each analysis makes are counted too (a file sent again and again,
    counted once, made a new dossier holding it each time)."""
    c = login(url, 'clerk-tx')
    first, second = os.urandom(1200 << 10), os.urandom(1200 << 10)
    status, body = c.submit(2021, [('evidence/bien-ban-1.bin', first)])
    say(status == 202, 'a commune\'s first 1.2 MB are kept', '%d %s' % (status, body[:200]))
    c.wait(json.loads(body)['id'], 120)  # its work tree gone: the counts stand still
    before = counts(data)
    status, body = c.submit(2021, [('evidence/bien-ban-2.bin', second)])
    refused('... 1.2 MB more (and the dossier made of them), over its 4 MB: 507, nothing written', data, before,
            status, 507, body)
    say(b'4 MiB' in body, '... and the clerk is told the limit', body[:300])
    status, body = c.submit(2021, [('evidence/bien-ban-1-lai.bin', first)])
    say(status == 202, '... the same file sent again is counted once', '%d %s' % (status, body[:200]))
    if status == 202:
        c.wait(json.loads(body)['id'], 120)
    before = counts(data)
    status, body = c.submit(2021, [('evidence/bien-ban-1-lan-3.bin', first)])
    refused('... but each analysis\'s dossier is kept and counted: sent a third time, 507', data, before, status, 507,
            body)


def step_district_storage(url, data):
    """What one district's communes keep is bounded (the server runs with
    --max-commune-storage 4M --max-district-storage 7M): a district's officer
    may name new communes of the district in an upload, and with a limit per
    commune alone each commune invented came with 4 MB more, until the disk
    was full."""
    nd = login(url, 'officer-nd')
    for i in (1, 2):
        status, body = nd.submit(2021, [('evidence/bien-ban.bin', os.urandom(1200 << 10))],
                                 {'commune': 'Xã Mới %d' % i})
        say(status == 202, 'an officer\'s 1.2 MB into a commune it names (%d) are kept' % i,
            '%d %s' % (status, body[:200]))
        if status == 202:
            nd.wait(json.loads(body)['id'], 120)
    before = counts(data)
    status, body = nd.submit(2021, [('evidence/bien-ban.bin', os.urandom(1200 << 10))], {'commune': 'Xã Mới 3'})
    refused('... a third commune invented, under its own 4 MB but over the district\'s 7 MB: 507, nothing written',
            data, before, status, 507, body)
    say(b'7 MiB' in body and 'Nam Đông'.encode() in body, '... and the officer is told the district\'s limit',
        body[:300])


def step_district_scaled(url, data):
    """What one district's communes keep, by default (the server runs with
    --max-commune-storage 4M alone): the commune's limit times the
    district's communes that have a clerk's account.  A fixed 200G was
    shared by every commune under one authority, since July 2025 a
    province's 40 to 100 or more; communes an officer invents count for
    nothing (huyện Hương Trà: two clerks, 8 MB; huyện Nam Đông: none, 4 MB,
    which its invented communes of district-storage hold already)."""
    ht = login(url, 'officer-ht')
    for name in ('Xã Hương Toàn', 'Xã Hương Vân', 'Xã Bịa HT 1'):
        status, body = ht.submit(2021, [('evidence/bien-ban.bin', os.urandom(1200 << 10))], {'commune': name})
        say(status == 202, 'an officer\'s 1.2 MB into %s are kept (past one commune\'s 4 MB in the district)' % name,
            '%d %s' % (status, body[:200]))
        if status == 202:
            ht.wait(json.loads(body)['id'], 120)
    before = counts(data)
    status, body = ht.submit(2021, [('evidence/bien-ban.bin', os.urandom(1200 << 10))], {'commune': 'Xã Bịa HT 2'})
    refused('... a fourth 1.2 MB, over two clerks\' communes\' 8 MB: 507, nothing written (200G before)', data,
            before, status, 507, body)
    say(b'8 MiB' in body, '... and the officer is told the district\'s limit', body[:300])
    nd = login(url, 'officer-nd')
    before = counts(data)
    status, body = nd.submit(2021, [('evidence/bien-ban.bin', os.urandom(1200 << 10))], {'commune': 'Xã Mới 4'})
    refused('... a district with no clerk\'s account keeps one commune\'s 4 MB, whatever it invents: 507', data,
            before, status, 507, body)


def step_host(url, data, mode):
    """DNS rebinding: a page of attacker.example, whose name then resolves to
    the desk's address, talks to the desk as its own origin (Sec-Fetch-Site
    same-origin, no CORS): the desk answered, the login included.  The
    browser still names attacker.example in Host.  Checked when --host names
    the desk's names, or when it listens on loopback (mode "loopback": the
    tests' server; "named": with --host desk.example.gov.vn; "proxy": on
    loopback behind --proxy 127.0.0.1, no --host, whose requests pass)."""
    import http.client
    addr = url.split('//', 1)[1].rstrip('/')
    port = addr.rsplit(':', 1)[1]

    def ask(host, method='GET', path='/api/me', body=None):
        conn = http.client.HTTPConnection(addr, timeout=60)
        headers = {'Host': host}
        if body is not None:
            headers['Content-Type'] = 'application/json'
        conn.request(method, path, body, headers)
        r = conn.getresponse()
        answer = r.read()
        conn.close()
        return r.status, r.getheader('Set-Cookie'), answer

    refused_names = ['rebind.example:' + port, 'rebind.example.', 'localhost.rebind.example',
                     '127.0.0.1.nip.io:' + port]
    passed_names = ['127.0.0.1:' + port, 'localhost:' + port, 'LOCALHOST', '[::1]:' + port]
    if mode == 'named':
        passed_names += ['desk.example.gov.vn:443', 'DESK.example.gov.vn.']
    if mode == 'proxy':
        passed_names, refused_names = passed_names + refused_names, []
    for host in refused_names:
        status, _, answer = ask(host)
        say(status == 421 and b'--host' in answer, 'a request naming Host %s is refused (421)' % host,
            '%d %s' % (status, answer[:200]))
    if refused_names:
        status, cookie, answer = ask(refused_names[0], 'POST', '/api/login',
                                     json.dumps({'user': 'clerk', 'password': PASSWORD}))
        say(status == 421 and not cookie, '... and a login through it opens no session (421)',
            '%d %s %s' % (status, cookie, answer[:200]))
        status, _, answer = ask(refused_names[0], 'GET', '/')
        say(status == 421, '... nor is the page served (421)', '%d' % status)
    # Two Host fields: the desk checked the last, a proxy in front may route
    # by the first (RFC 9112 3.2 asks a 400).
    for first, second in ((refused_names or ['rebind.example'])[0], passed_names[0]), \
            (passed_names[0], (refused_names or ['rebind.example'])[0]):
        status, answer = get_with_fields(addr, '/api/me', [('Host', first), ('Host', second)])
        say(status == 400, 'a request with two Host fields (%s, %s) is refused (400)' % (first, second),
            '%d %s' % (status, answer[:200]))
    for host in passed_names:
        status, _, answer = ask(host)
        say(status == 401, 'a request naming Host %s is answered (%s: 401 without a session)' % (host, mode),
            '%d %s' % (status, answer[:200]))


def step_deleted_exe(url, data):
    """The desk runs from a program that was deleted since it started (a
    package upgrade replaces it): its text readers still start, and no
    document's text is left out (they were started from the path, which
    named nothing, "/proc/self/exe (deleted)")."""
    c = login(url, 'clerk')
    status, body = c.submit(2021, sample_files())
    say(status == 202, 'a submission to a desk whose program was deleted is accepted', '%d %s' % (status, body[:200]))
    status, sub = c.wait(json.loads(body)['id'])
    said = [w for w in (sub.get('index') or {}).get('warnings', []) if 'đọc chữ' in w or 'text reader' in w]
    say(sub.get('status') == 'done' and not said and criterion(sub, 20).get('text') == '71,4%',
        '... its documents\' text is read (no reader failed to start)', json.dumps(said or sub, ensure_ascii=False)[:400])


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
    if name not in globals():  # steps kept in their own files (serve_steps_seal.py, _names, _conn, _queue)
        import serve_steps_conn
        import serve_steps_names
        import serve_steps_queue
        import serve_steps_seal
        for mod in (serve_steps_seal, serve_steps_names, serve_steps_conn, serve_steps_queue):
            globals().update({k: v for k, v in vars(mod).items() if k.startswith('step_')})
    fn = globals()[name]
    fn(url, data, *argv[4:])


if __name__ == '__main__':
    main(sys.argv)
