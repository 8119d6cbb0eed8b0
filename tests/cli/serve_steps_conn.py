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
                 site writes); the clerk's own page still gets it."""
import http.client
import json
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
