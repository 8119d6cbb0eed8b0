"""serve_steps_conn.py: steps of tests/cli/serve.sh about connections
(serve_steps.py runs them by name, as its own):

    connections  300 requests from one address, each on a connection of its
                 own that the client closes once answered (a browser's over a
                 working day, an office behind one router; or a page of
                 another site loading 300 images from the desk): the desk
                 still answers the next, and a login from that address.

The desk holds at most 256 connections per address at once (slowloris).  It
counted a connection until libsoup finalized its socket, which libsoup 3.2
never did: the 256th connection from an address, however long after the others
had closed, locked that address out for good (every later connection shut
unanswered) until the desk was restarted.

    raw-errors   requests libsoup answers itself, before any handler of the
                 desk runs (a line that is no request line, an unknown
                 Transfer-Encoding, an Expect it does not know, HTTP/3.0 on
                 a plain socket): each answer still carries the desk's
                 Content-Security-Policy (frame-ancestors 'none') and nosniff,
                 as every other answer does; and an upload whose declared size
                 is over the limit, sent with Expect: 100-continue, is refused
                 (413) before its body is asked for (no 100 Continue).

    cookie-plant another app of the desk's host (another port, or a sibling
                 subdomain with Domain=) sets kc_session to the attacker's
                 session in a logged-out clerk's browser: GET /api/me answered
                 the page the attacker's account with its token, and the
                 clerk's upload went into it (a login CSRF without a form).
                 The token is told only to a page sending it already (kept
                 from its login in the desk's own storage, which no other
                 site writes); the clerk's own page still gets it.

    early-answer a request refused from its headers (an upload or a logout
                 without a session, a login declaring 100 MB, a GET with a
                 body) while its client goes on sending: answered at once,
                 before its body, and the connection closed after a few
                 bytes more; a chunked login or a clerk's chunked upload
                 past its limit the same.  libsoup read the whole declared
                 body first (a gigabyte a stranger announced) and a chunked
                 one for as long as the client sent, never answering.  A
                 clerk's login of a few bytes is still answered as before.

    burst        60 logins sent at once from one address (an office opening
                 the desk at eight o'clock; a browser opens six connections):
                 every connection answered (200, or 429 past the limiter's
                 count), none reset.  libsoup left GLib's listen backlog of
                 10: while scrypt's threads held the CPU the queue overflowed
                 and 16 to 28 of 60 ended in "connection reset"."""
import http.client
import json
import select
import socket
import threading
import time
import urllib.parse

from serve_steps import STILL_OPEN, login, raw_exchange, say


def step_connections(url, data):
    u = urllib.parse.urlsplit(url)
    answered, refused = 0, []
    for i in range(300):
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        try:
            conn.request('GET', '/api/me')
            conn.getresponse().read()
            answered += 1
        except (OSError, http.client.HTTPException) as e:
            refused.append((i, type(e).__name__))
        finally:
            conn.close()
    say(answered == 300, '300 requests from one address, one connection each, closed when answered: all answered',
        '%d answered; first refused: %s' % (answered, refused[:3]))
    try:
        login(url, 'clerk')
        ok, why = True, ''
    except (OSError, SystemExit, http.client.HTTPException) as e:
        ok, why = False, repr(e)[:200]
    say(ok, '... and a clerk at that address still logs in after them', why)


def step_raw_errors(url, data):
    u = urllib.parse.urlsplit(url)
    host = u.netloc.encode()
    for what, req in (('a line that is no request line', b'GARBAGE\r\n\r\n'),
                      ('Transfer-Encoding: gzip', b'POST /api/login HTTP/1.1\r\nHost: %s\r\n'
                                                  b'Transfer-Encoding: gzip\r\n\r\n' % host),
                      ('Expect: 200-ok', b'POST /api/login HTTP/1.1\r\nHost: %s\r\nExpect: 200-ok\r\n'
                                         b'Content-Length: 2\r\n\r\n{}' % host),
                      ('HTTP/3.0', b'GET / HTTP/3.0\r\nHost: %s\r\n\r\n' % host)):
        got = raw_exchange(u, req)
        head = got.split(b'\r\n\r\n', 1)[0].lower()
        status = got.split(b' ', 2)[1] if got.startswith(b'HTTP/') else b'?'
        say(status.startswith(b'4') or status.startswith(b'5'), 'libsoup answers %s itself: %s' % (what, status.decode()),
            got[:200])
        say(b"frame-ancestors 'none'" in head and b'x-content-type-options: nosniff' in head,
            '... with the desk\'s Content-Security-Policy and nosniff', got[:400])
    c = login(url, 'clerk')
    csrf = c.me()[1].get('csrf')
    cookie = '; '.join('%s=%s' % (k.name, k.value) for k in c.jar)
    req = ('POST /api/submissions HTTP/1.1\r\nHost: %s\r\nCookie: %s\r\nX-CSRF-Token: %s\r\n'
           'Content-Type: multipart/form-data; boundary=x\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n'
           % (u.netloc, cookie, csrf, 1 << 40)).encode()
    got = raw_exchange(u, req, 20)
    say(got.startswith(b'HTTP/1.1 413') and b'100 Continue' not in got and not got.endswith(STILL_OPEN),
        'an upload declaring 1 TiB with Expect: 100-continue is refused (413) before its body is asked for',
        got[:300])


def step_cookie_plant(url, data):
    u = urllib.parse.urlparse(url)
    attacker = login(url, 'other')
    sid = next(k.value for k in attacker.jar if k.name == 'kc_session')

    def me(token):
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
        conn.request('GET', '/api/me', headers={'Cookie': 'kc_session=' + sid, 'X-CSRF-Token': token})
        r = conn.getresponse()
        body = r.read()
        conn.close()
        return r.status, json.loads(body or b'{}')
    status, obj = me('')
    say(status == 200 and 'csrf' not in obj and obj.get('user') == 'other',
        'a browser holding only a session another site planted gets its account from /api/me, not its token',
        '%d %s' % (status, obj))
    status, obj = me('0' * 64)
    say(status == 200 and 'csrf' not in obj, '... nor with a token of another session', '%d %s' % (status, obj))
    status, obj = me(attacker.csrf)
    say(status == 200 and obj.get('csrf') == attacker.csrf,
        '... while the page that logged in, sending its token, gets it back', '%d %s' % (status, obj))


def send_until_answered(u, head, chunked, most=256 << 20, seconds=20):
    """Sends HEAD, then body bytes as fast as the desk takes them, until it
    answers and closes, MOST bytes were sent or SECONDS went by: the bytes
    sent, the answer's first line, whether the connection was closed."""
    s = socket.create_connection((u.hostname, u.port), timeout=seconds)
    s.sendall(head)
    piece = b'x' * 65536
    if chunked:
        piece = b'10000\r\n' + piece + b'\r\n'
    sent, got, closed, t0 = 0, b'', False, time.time()
    while time.time() - t0 < seconds and not closed:
        r, w, _ = select.select([s], [s] if sent < most else [], [], 0.5)
        if r:
            try:
                b = s.recv(65536)
            except OSError:
                b = b''
            got += b
            closed = not b
        elif w:
            try:
                sent += s.send(piece)
            except OSError:
                sent = sent  # the desk shut the connection: its answer is read next
    s.close()
    return sent, got.split(b'\r\n', 1)[0].decode('latin-1'), closed


def step_early_answer(url, data):
    u = urllib.parse.urlsplit(url)
    host = u.netloc
    form = 'Content-Type: multipart/form-data; boundary=x\r\n'
    rows = (('an upload without a session declaring 1 GiB', 'POST /api/submissions', form + 'Content-Length: %d\r\n' % (1 << 30), False, '403'),
            ('a chunked upload without a session', 'POST /api/submissions', form + 'Transfer-Encoding: chunked\r\n', True, '403'),
            ('a login declaring 100 MB', 'POST /api/login', 'Content-Type: application/json\r\nContent-Length: 104857600\r\n', False, '413'),
            ('a chunked login that never ends', 'POST /api/login', 'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n', True, '413'),
            ('a chunked logout without a session', 'POST /api/logout', 'Transfer-Encoding: chunked\r\n', True, '413'),
            ('a GET of a page with a chunked body', 'GET /', 'Transfer-Encoding: chunked\r\n', True, '413'))
    c = login(url, 'clerk')
    cookie = '; '.join('%s=%s' % (k.name, k.value) for k in c.jar)
    rows += (('a clerk\'s chunked upload past --max-upload', 'POST /api/submissions',
              form + 'Cookie: %s\r\nX-CSRF-Token: %s\r\nTransfer-Encoding: chunked\r\n' % (cookie, c.csrf), True, '413'),)
    for what, line, fields, chunked, status in rows:
        head = ('%s HTTP/1.1\r\nHost: %s\r\n%s\r\n' % (line, host, fields)).encode()
        sent, answer, closed = send_until_answered(u, head, chunked)
        # the socket buffers of both ends take some megabytes before the desk reads a byte
        say(answer.startswith('HTTP/1.1 ' + status) and closed and sent < (48 << 20),
            '%s: answered %s before its body, the connection closed (%d MB sent)' % (what, status, sent >> 20),
            'sent %d bytes; answer %r; closed %s' % (sent, answer, closed))
    try:
        login(url, 'clerk')
        ok, why = True, ''
    except (OSError, SystemExit, http.client.HTTPException) as e:
        ok, why = False, repr(e)[:200]
    say(ok, '... and a clerk\'s login of a few bytes is answered as before', why)


def step_burst(url, data, n='60'):
    u = urllib.parse.urlsplit(url)
    n = int(n)
    start, got = threading.Barrier(n), []

    def one():
        start.wait()
        try:
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
            conn.request('POST', '/api/login', json.dumps({'user': 'clerk', 'password': 'password-ok'}),
                         {'Content-Type': 'application/json'})
            r = conn.getresponse()
            r.read()
            conn.close()
            got.append(r.status)
        except (OSError, http.client.HTTPException) as e:
            got.append(type(e).__name__)
    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    answered = sum(g in (200, 429) for g in got)
    say(answered == n, '%d logins sent at once from one address: each answered (200 or 429), none reset' % n,
        str({g: got.count(g) for g in set(got)}))
