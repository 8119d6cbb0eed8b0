"""serve_steps_http.py: steps of tests/cli/serve.sh about what browsers, other
sites, proxies and slow or crafted clients send (serve_steps.py runs them by
name, as its own): cross-site (login CSRF), secure-cookie and proxy,
proxy-spelled (behind a TLS proxy), cookie-toss, smuggle (request smuggling), ranges (Range ignored),
methods (every route under every method, rtdesk21),
slow-login, login-variants, slowloris, host (DNS rebinding).  Moved here from
serve_steps.py unchanged."""
import json
import os
import socket
import sqlite3
import time

from serve_steps import (PASSWORD, STILL_OPEN, Client, counts, get_with_fields, login, raw_exchange,
                         refused, say)


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
    # atkdesk (session 38): a clerk reading another commune's submission
    # from a fresh IPv6 address of its /64 each time wrote a read-refused row
    # each time (30 rows); counted by the /64 (review38), the first address kept
    db = sqlite3.connect('file:%s?mode=ro' % os.path.join(data, 'kiemchung.db'), uri=True)
    sid = db.execute("SELECT s.id FROM submissions s WHERE s.commune_id <> "
                     "(SELECT commune_id FROM users WHERE name = 'other') ORDER BY s.id LIMIT 1").fetchone()[0]
    db.close()
    other = Client(url)
    other.request('POST', '/api/login', json.dumps({'user': 'other', 'password': PASSWORD}).encode(),
                  {'Content-Type': 'application/json', 'X-Forwarded-For': '2001:db8:1:2::1'}, csrf=False)
    statuses = set()
    for i in range(30):
        statuses.add(other.request('GET', '/api/submissions/%d' % sid, None,
                                   {'X-Forwarded-For': '2001:db8:1:2::%x' % (i + 1)})[0])
    db = sqlite3.connect('file:%s?mode=ro' % os.path.join(data, 'kiemchung.db'), uri=True)
    rows = db.execute("SELECT address, times FROM audit WHERE action = 'read-refused' AND "
                      "address LIKE '2001:db8:1:2:%'").fetchall()
    db.close()
    say(statuses == {404} and rows == [('2001:db8:1:2::1', 30)],
        'another commune\'s submission read from 30 addresses of one IPv6 /64: 404, one read-refused row counting them',
        '%s %s' % (statuses, rows[:5]))


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


def step_refusal_flood(url, data):
    """A stranger blocked by the limiter goes on sending logins with made-up
    names as fast as they are refused: each refusal wrote an audit row (the
    database grew for as long as he sent, a synchronous write each).  Now one
    row per blocked address (or name) per block; the block itself holds."""
    db = sqlite3.connect('file:%s?mode=ro' % os.path.join(data, 'kiemchung.db'), uri=True)
    rows = lambda: db.execute("SELECT count(*) FROM audit WHERE action = 'login-refused'").fetchone()[0]
    c = Client(url)
    statuses = []
    while len(statuses) < 60 and 429 not in statuses:
        statuses.append(c.login('khach-%d' % len(statuses), 'not-the-password')[0])
    say(429 in statuses, 'made-up names from one address are refused after a while (429)', str(statuses))
    before = rows()
    refused = sum(c.login('khach-lai-%d-%s' % (i, 'x' * 200), 'not-the-password')[0] == 429 for i in range(200))
    after = rows()
    say(refused == 200 and after - before <= 2,
        '200 more refused logins from that address write at most two audit rows (wrote %d)' % (after - before),
        'refused %d, rows %d -> %d' % (refused, before, after))
    status, _ = Client(url).login('clerk', PASSWORD)
    say(status == 429, '... and the address stays blocked, the right password too', str(status))


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


def step_ranges(url, data):
    """Range (rtdesk20): libsoup 3.2 answers a GET with a Range field itself
    (206, multipart/byteranges), copying the file once per range, overlapping
    ones too (CVE-2025-32907, which Debian 12's 3.2.3 lacks): "bytes=0-,0-,…"
    2,000 times, a 6 KB request with no session, made the desk build and send
    18 MB of its 18 KB district.js (a 12 MiB dossier, 24 GB).  The desk sends
    the whole file, once (RFC 9110 14.2: a server may ignore Range)."""
    from urllib.parse import urlparse
    addr = urlparse(url).netloc
    status, whole = get_with_fields(addr, '/js/district.js', [])
    say(status == 200 and len(whole) > 1000, 'district.js without Range: 200, the file', '%d, %d bytes' % (status, len(whole)))
    for label, value in (('2,000 overlapping ranges', 'bytes=' + ','.join(['0-'] * 2000)),
                         ('one range', 'bytes=0-99'), ('a suffix range', 'bytes=-10')):
        status, body = get_with_fields(addr, '/js/district.js', [('Range', value)])
        say(status == 200 and body == whole,
            'district.js asked with %s: 200, the whole file once (before: 206, the file once per range)' % label,
            '%d, %d bytes for %d' % (status, len(body), len(whole)))
    clerk = login(url, 'clerk')
    status, me = clerk.request('GET', '/api/me', None, {'Range': 'bytes=' + ','.join(['0-'] * 500)}, csrf=False)
    say(status == 200 and me.lstrip().startswith(b'{'), 'a session\'s /api/me with 500 ranges: 200, its JSON once',
        '%d %r' % (status, me[:200]))


def step_no_office_shown(url, data):
    """The count beside a figure of documents signed only by staff whose
    certificate names no office (rtcert19: index's and review's "†" and its
    line, "no_office" in their JSON): the API carried it to the desk, whose
    pages showed the figure alone (rtcert20).  The submission's page and the
    district's overview now read it and say it, in both languages."""
    from urllib.parse import urlparse
    addr = urlparse(url).netloc
    files = {}
    for path in ('/js/submission.js', '/js/district.js', '/js/lang/en.js', '/js/lang/vi.js'):
        status, body = get_with_fields(addr, path, [])
        files[path] = body.decode('utf-8', 'replace') if status == 200 else ''
    sub, dist = files['/js/submission.js'], files['/js/district.js']
    say('v.no_office' in sub and "t('sub.no_office'" in sub,
        'the submission\'s page reads a criterion\'s no_office and says it (before: the figure alone)')
    say('v.no_office' in dist and "t('district.no_office'" in dist,
        'the district\'s overview reads a criterion\'s no_office and says it beside the figure (before: nothing)')
    for lang in ('en', 'vi'):
        text = files['/js/lang/%s.js' % lang]
        say("'sub.no_office':" in text and "'district.no_office':" in text and '†' in text,
            'the %s strings hold both sentences, marked † as review marks them' % lang)
    o = login(url, 'officer')
    status, ov = o.json('GET', '/api/overview?year=2021')
    rows = [r for r in ov.get('communes', []) if (r.get('criteria') or {}).get('20', {}).get('text')]
    say(status == 200 and rows and all(isinstance(r['criteria'][k].get('no_office'), int)
                                       for r in rows for k in ('20', '21', '22')),
        'the overview\'s computed rows give no_office for criteria 20-22', json.dumps(ov)[:400])


def method_exchange(addr, method, target, cookie=None, token=None):
    """One request of any method, its status, headers and body as raw bytes
    (http.client does not read a HEAD answer's body: here what was sent is
    what is read)."""
    fields = ['%s %s HTTP/1.1' % (method, target), 'Host: %s' % addr, 'Connection: close', 'Content-Length: 0']
    if cookie:
        fields.append('Cookie: %s' % cookie)
    if token:
        fields.append('X-CSRF-Token: %s' % token)
    host, port = addr.rsplit(':', 1)
    s = socket.create_connection((host, int(port)), timeout=20)
    s.sendall(('\r\n'.join(fields) + '\r\n\r\n').encode())
    got = b''
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
    except socket.timeout:
        pass
    s.close()
    head, _, body = got.partition(b'\r\n\r\n')
    line = head.split(b'\r\n', 1)[0].split()
    return (int(line[1]) if len(line) > 1 and line[1].isdigit() else 0), head.decode('latin-1'), body


def step_methods(url, data, sid):
    """(rtdesk21, held) HEAD, OPTIONS, TRACE, PROPFIND, PUT, DELETE, PATCH and
    a made-up method on every route, with the clerk's session and token:
    nothing but a page's HEAD is answered 2xx, no answer sets a cookie or
    echoes the request (TRACE), a HEAD carries no body, and none ends the
    session, changes a row or lets the submission be read; libsoup's own
    answer to "OPTIONS *" is a 404 with no body."""
    from urllib.parse import urlparse
    addr = urlparse(url).netloc
    clerk = login(url, 'clerk')
    cookie = '; '.join('%s=%s' % (c.name, c.value) for c in clerk.jar)
    before = counts(data)
    routes = ['/', '/index.html', '/js/district.js', '/api/me', '/api/login', '/api/logout', '/api/submissions',
              '/api/submissions/%s' % sid, '/api/submissions/%s/dossier.zip' % sid,
              '/api/submissions/%s/documents/0' % sid, '/api/submissions/%s/verify.html' % sid,
              '/api/overview?year=2021', '/api/communes', '/api/nothing']
    wrong = []
    for method in ('HEAD', 'OPTIONS', 'TRACE', 'PROPFIND', 'PUT', 'DELETE', 'PATCH', 'KCMADEUP'):
        for route in routes:
            status, head, body = method_exchange(addr, method, route, cookie, clerk.csrf)
            page = not route.startswith('/api')
            fine = (status == 200) if method == 'HEAD' and page else (status in (401, 403, 404, 405))
            if (not fine or 'set-cookie' in head.lower() or (method == 'HEAD' and body)
                    or b'X-CSRF-Token' in body or cookie.split('=', 1)[-1].encode() in body):
                wrong.append('%s %s: %d %r' % (method, route, status, (head + body.decode('latin-1'))[:160]))
    say(not wrong, 'every route under HEAD, OPTIONS, TRACE, PROPFIND, PUT, DELETE, PATCH and a made-up method, '
        'with the session and its token: 405, 404 or refused, a page\'s HEAD 200 without a body, no cookie set, '
        'nothing echoed', '; '.join(wrong[:6]))
    status, head, body = method_exchange(addr, 'OPTIONS', '*', cookie)
    say(status == 404 and not body and 'set-cookie' not in head.lower(), '"OPTIONS *" is libsoup\'s 404, no body',
        '%d %r' % (status, head[:200]))
    status, me = clerk.me()
    sub = clerk.json('GET', '/api/submissions/%s' % sid)[1]
    say(status == 200 and me.get('csrf') and sub.get('status') == 'done' and counts(data)['rows'] == before['rows'],
        '... and the session still opens, the submission is still there, no row written', '%d %s' % (status, me))

