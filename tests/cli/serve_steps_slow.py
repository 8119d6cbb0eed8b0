"""serve_steps_slow.py: steps of tests/cli/serve.sh about requests that come
slowly and logins that come often (serve_steps.py runs them by name, as its
own).  serve.sh starts the desk for them with KC_TEST_REQUEST_SECONDS=2: the
headers' deadline and the body's grace are 2 s instead of 30 s.

    request-deadline  headers sent a byte every 0.3 s, and a login's body so
                      (each byte well inside the 60 s a read may wait): the
                      desk kept each connection for as long as the client
                      sent; now 408 within the deadline, the connection
                      closed.  Headers in two pieces and a body of 60 KiB in
                      six pieces over 4 s (an office line) are answered as
                      before (the login's 400 for a body that large).
    login-loop        a script logging in with the right password again and
                      again: a session and an audit row each time, without
                      bound; now the account keeps its 20 newest sessions
                      (the oldest end), and the same action of the account
                      from the same address within ten minutes is one audit
                      row counting them (times): logins, logouts, forged tokens.
    slow-download     a dossier of 12 MiB downloaded by a client that never
                      reads, and by one that reads a byte every 0.25 s (a
                      receive window of a few bytes, each read well inside the
                      60 s a connection may stay silent): the answer had no
                      deadline, so each held its connection, the file mapped,
                      for as long as it liked; now the answer's body must go at
                      8 KiB/s after its grace (2 s here, twice), or the
                      connection is reset.  A client that waits a second, then
                      reads at full speed, gets the whole dossier.
    passwd-race       logins with a clerk's old password in a loop (four at
                      a time) while `user passwd` changes it: a login whose
                      password was checked before the change opened its
                      session after it, which outlived the change; now none
                      does."""
import json
import os
import socket
import sqlite3
import subprocess
import time
import urllib.parse

from serve_steps import PASSWORD, SAMPLES, Client, say


def _answer(sk, seconds):
    """What the desk answered within seconds (b'' when nothing)."""
    sk.settimeout(seconds)
    got = b''
    try:
        while True:
            chunk = sk.recv(4096)
            if not chunk:
                break
            got += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    return got


def _drip(url, head, body, most=12.0, every=0.3):
    """Sends head whole or a byte at a time (when body is None: the head's
    last 40 bytes so), then body a byte at a time, until the desk answers or
    most seconds pass.  Returns (seconds, the answer's first line)."""
    u = urllib.parse.urlsplit(url)
    sk = socket.create_connection((u.hostname, u.port), timeout=5)
    started = time.time()
    slow = body if body is not None else head[-40:]
    sk.sendall(head if body is not None else head[:-40])
    got = b''
    for i in range(len(slow)):
        if time.time() - started > most:
            break
        try:
            sk.sendall(slow[i:i + 1])
        except OSError:
            break
        got = _answer(sk, every)
        if got:
            break
    if not got:
        got = _answer(sk, 1)
    sk.close()
    return time.time() - started, got.split(b'\r\n', 1)[0].decode('latin-1')


def step_request_deadline(url, data):
    host = urllib.parse.urlsplit(url).netloc
    head = ('GET /index.html HTTP/1.1\r\nHost: %s\r\nX-Filler: %s\r\n\r\n' % (host, 'a' * 60)).encode()
    took, line = _drip(url, head, None)
    say(' 408 ' in line + ' ' and took < 8, 'headers sent a byte every 0.3 s: 408 within the deadline (%.1f s)' % took,
        '%r after %.1f s' % (line, took))
    login = json.dumps({'user': 'clerk', 'password': 'not-the-password'}).encode()
    head = ('POST /api/login HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n'
            % (host, len(login) + 200)).encode()
    took, line = _drip(url, head, login + b' ' * 200)
    say(' 408 ' in line + ' ' and took < 8, "a login's body sent a byte every 0.3 s: 408 within the deadline (%.1f s)"
        % took, '%r after %.1f s' % (line, took))
    # look-alikes: headers in two pieces, a body of 60 KiB over 4 s
    u = urllib.parse.urlsplit(url)
    sk = socket.create_connection((u.hostname, u.port), timeout=5)
    sk.sendall(b'GET /index.html HTTP/1.1\r\n')
    time.sleep(1)
    sk.sendall(('Host: %s\r\n\r\n' % host).encode())
    line = _answer(sk, 10).split(b'\r\n', 1)[0]
    sk.close()
    say(b' 200 ' in line, 'headers sent in two pieces a second apart are answered (200)', repr(line))
    body = login[:-1] + b' ' * 61440 + b'}'
    sk = socket.create_connection((u.hostname, u.port), timeout=5)
    sk.sendall(('POST /api/login HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n'
                % (host, len(body))).encode())
    started = time.time()
    piece = len(body) // 6 + 1
    for i in range(0, len(body), piece):
        sk.sendall(body[i:i + piece])
        time.sleep(0.7)
    line = _answer(sk, 30).split(b'\r\n', 1)[0]
    sk.close()
    # the login's own answer (400: a login body is at most a few KiB), not 408
    say(b' 400 ' in line, "a 60 KiB body sent in six pieces over %.1f s is read whole and answered by the login (400, "
        "not 408)" % (time.time() - started), repr(line))


def _fetch_slowly(url, path, cookie, first, seconds):
    """GETs path on a socket whose receive buffer is a few KiB, reads it as
    first says ('never': nothing; 'byte': a byte every 0.25 s; 'gprs': 1250
    bytes every 0.25 s, 5 kB/s, a 2G line's 40 kbit/s; 'pause': nothing) for
    seconds, then as fast as it comes for up to 20 s more.
    Returns (the body's Content-Length, the body's bytes read, how it
    ended: 'end', 'reset' or 'timeout')."""
    u = urllib.parse.urlsplit(url)
    sk = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sk.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sk.settimeout(10)
    sk.connect((u.hostname, u.port))
    sk.sendall(('GET %s HTTP/1.1\r\nHost: %s\r\nCookie: %s\r\n\r\n' % (path, u.netloc, cookie)).encode())
    got = bytearray()  # a few KiB a read: bytes += would copy the whole each time
    end = time.time() + seconds
    while time.time() < end:
        if first in ('byte', 'gprs'):
            try:
                got += sk.recv(1 if first == 'byte' else 1250)
            except OSError:
                break
        time.sleep(0.25)
    how = 'timeout'
    sk.settimeout(20)
    try:
        while True:
            chunk = sk.recv(1 << 16)
            if not chunk:
                how = 'end'
                break
            got += chunk
    except ConnectionResetError:
        how = 'reset'
    except socket.timeout:
        pass
    sk.close()
    head, _, body = bytes(got).partition(b'\r\n\r\n')
    length = -1
    for line in head.split(b'\r\n'):
        if line.lower().startswith(b'content-length:'):
            length = int(line.split(b':', 1)[1])
    return length, len(body), how


def step_slow_download(url, data):
    c = Client(url)
    status, _ = c.login('clerk-pd', PASSWORD)
    big = os.urandom(12 << 20)  # random: the dossier's deflate cannot shrink it
    status, body = c.submit(2021, [('so-van-ban-di-2021.csv', os.path.join(SAMPLES, 'so-van-ban-di-2021.csv')),
                                   ('evidence/Ghi hình buổi họp.mp4', big)])
    sid = json.loads(body)['id'] if status == 202 else 0
    status, sub = c.wait(sid) if sid else (status, {})
    path = '/api/submissions/%s/dossier.zip' % sid
    status, whole = c.request('GET', path)
    say(status == 200 and len(whole) > len(big), 'a submission of 12 MiB of evidence: its dossier downloads whole '
        '(%d bytes)' % len(whole), '%d %d %s' % (status, len(whole), json.dumps(sub)[:300]))
    cookie = '; '.join('%s=%s' % (k.name, k.value) for k in c.jar)
    started = time.time()
    length, read, how = _fetch_slowly(url, path, cookie, 'never', 9)
    say(how != 'timeout' and not (length > 0 and read == length),
        'a client that never reads its answer: the connection is ended midway (%s after %d of %d bytes)'
        % (how, read, length), '%s after %d of %d bytes, %.1f s' % (how, read, length, time.time() - started))
    length, read, how = _fetch_slowly(url, path, cookie, 'byte', 9)
    say(how != 'timeout' and not (length > 0 and read == length),
        'a client reading a byte every 0.25 s: the connection is ended midway (%s after %d of %d bytes)'
        % (how, read, length), '%s after %d of %d bytes' % (how, read, length))
    # rtdesk19: an honest client on a 2G line (GPRS, 40 kbit/s: 5 kB/s) was
    # reset as a trickle (8 KiB/s on average), its 20 MB dossier never came
    length, read, how = _fetch_slowly(url, path, cookie, 'gprs', 9)
    say(length == len(whole) and read == length and how == 'end',
        'a client reading at 5 kB/s (a 2G line) for 9 s, then faster, gets the whole dossier (reset before)',
        '%s after %d of %d bytes' % (how, read, length))
    length, read, how = _fetch_slowly(url, path, cookie, 'pause', 1)
    say(length == len(whole) and read == length and how == 'end',
        'a client that waits a second, then reads at full speed, gets the whole dossier',
        '%s after %d of %d bytes' % (how, read, length))
    status, _ = Client(url).login('clerk-pd', PASSWORD)
    say(status == 200, '... and the desk answers on', str(status))


def step_login_loop(url, data):
    user = 'vong-lap'
    first = Client(url)
    status, _ = first.login(user, PASSWORD)
    statuses = [status]
    last = None
    for _ in range(29):
        last = Client(url)
        statuses.append(last.login(user, PASSWORD)[0])
    say(statuses == [200] * 30, 'a script logs in 30 times with the right password', str(statuses))
    db = sqlite3.connect('file:%s?mode=ro' % os.path.join(data, 'kiemchung.db'), uri=True)
    sessions = db.execute('SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.name = ?',
                          (user,)).fetchone()[0]
    rows = db.execute("SELECT count(*), sum(times) FROM audit a JOIN users u ON u.id = a.user_id "
                      "WHERE a.action = 'login' AND u.name = ?", (user,)).fetchone()
    db.close()
    say(sessions == 20, 'the account keeps its 20 newest sessions, not 30', str(sessions))
    say(first.me()[0] == 401 and last.me()[0] == 200, '... the first has ended (401), the last is open (200)',
        '%s %s' % (first.me()[0], last.me()[0]))
    say(tuple(rows) == (1, 30),
        '30 logins from one address in ten minutes are one audit row counting them', str(rows))
    status, _ = Client(url).login('clerk', PASSWORD)
    say(status == 200, "another account's login is its own row and session", str(status))
    # logging out in the loop too, and a forged token sent again and again
    for _ in range(10):
        c = Client(url)
        c.login(user, PASSWORD)
        token, c.csrf = c.csrf, 'f' * 64
        c.json('POST', '/api/logout', {})
        c.csrf = token
        c.json('POST', '/api/logout', {})
    db = sqlite3.connect('file:%s?mode=ro' % os.path.join(data, 'kiemchung.db'), uri=True)
    rows = db.execute("SELECT action, count(*), sum(times) FROM audit WHERE user_name = ? GROUP BY action ORDER BY action",
                      (user,)).fetchall()
    db.close()
    say(rows == [('csrf-refused', 1, 10), ('login', 1, 40), ('logout', 1, 10)],
        '10 logins, logouts and forged tokens more: still one row each, counting them', str(rows))
    # atkdesk (session 38): the refused POST's path was the row's object, so
    # a script sending a forged token to a fresh path each time (a path of
    # 60 KB under /api/submissions) wrote a row of 60 KB each time
    c = Client(url)
    c.login(user, PASSWORD)
    c.csrf = 'f' * 64
    for i in range(10):
        path = '/api/submissions/%d/%s' % (i, 'x' * 20000) if i % 2 else '/api/submissionsX%d' % i
        c.request('POST', path, b'{}', {'Content-Type': 'application/json'})
    db = sqlite3.connect('file:%s?mode=ro' % os.path.join(data, 'kiemchung.db'), uri=True)
    rows = db.execute("SELECT object, count(*), sum(times), max(length(object)) FROM audit WHERE user_name = ? AND "
                      "action = 'csrf-refused' GROUP BY object ORDER BY object", (user,)).fetchall()
    db.close()
    say(rows == [('/api/logout', 1, 10, 11), ('/api/submissions', 1, 10, 16)],
        '10 forged tokens to 10 paths of up to 20 KB: one row naming /api/submissions, counting them', str(rows)[:300])


def step_passwd_race(url, data, kc):
    """A thief holding a clerk's old password logs in again and again (a
    script) while the administrator changes it: a login whose password was
    checked (scrypt, a fraction of a second) before `user passwd` committed
    opened its session after, and that session outlived the change that
    was meant to end them all (12 hours).  Now a session opens only if the
    password checked is still the account's: such a login gets 401."""
    import threading
    user = 'doi-mat-khau-2'
    stop = threading.Event()
    opened = []  # (client, when its answer came)
    lock = threading.Lock()

    def loop():
        while not stop.is_set():
            c = Client(url)
            status, _ = c.login(user, PASSWORD)
            if status == 200:
                with lock:
                    opened.append((c, time.time()))
    threads = [threading.Thread(target=loop) for _ in range(4)]
    for t in threads:
        t.start()
    time.sleep(1.5)
    r = subprocess.run([kc, 'user', 'passwd', '--data', data, user], input=b'new-password-9\n', capture_output=True)
    changed = time.time()
    time.sleep(1.5)
    stop.set()
    for t in threads:
        t.join()
    say(r.returncode == 0, 'kiemchung user passwd while a script logs in with the old password in a loop',
        '%d %s' % (r.returncode, r.stderr.decode()[:200]))
    alive = [round(w - changed, 2) for c, w in opened if c.me()[0] == 200]
    say(len(opened) > 0 and not alive, 'no session the old password opened outlives the change (%d opened before)'
        % len(opened), 'alive, answered at (s after the change): %s' % alive)
    status, _ = Client(url).login(user, 'new-password-9')
    say(status == 200, '... and the new password logs in', str(status))
