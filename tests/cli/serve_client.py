#!/usr/bin/env python3
"""serve_client.py: a small client of `kiemchung serve`'s JSON API for the
tests and the benchmark (Python's standard library only: urllib, no
requests).

    python3 serve_client.py URL login USER PASSWORD          -> prints the JSON, keeps the cookie in $KC_COOKIES (its token in $KC_COOKIES.csrf)
    python3 serve_client.py URL submit YEAR ROOT PATH...     -> uploads PATH (files or folders, names relative to ROOT)
    python3 serve_client.py URL wait ID [SECONDS]            -> polls until done or failed, prints the submission
    python3 serve_client.py URL get PATH [OUT]               -> GET, body to OUT or stdout; exit 1 unless 2xx
    python3 serve_client.py URL post PATH JSON               -> POST with the CSRF token

Every command prints the HTTP status on stderr as "status N"."""
import http.cookiejar
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid


class Client:
    def __init__(self, base, cookies=None):
        self.base = base.rstrip('/')
        self.jar = http.cookiejar.MozillaCookieJar(cookies) if cookies else http.cookiejar.CookieJar()
        if cookies and os.path.exists(cookies):
            self.jar.load(cookies, ignore_discard=True, ignore_expires=True)
        self.cookies = cookies
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.csrf = None
        # the login's token, kept beside the cookies: GET /api/me tells it
        # only to a client sending it already
        if cookies and os.path.exists(cookies + '.csrf'):
            with open(cookies + '.csrf') as f:
                self.csrf = f.read().strip() or None

    def save(self):
        if self.cookies:
            self.jar.save(self.cookies, ignore_discard=True, ignore_expires=True)
            with open(self.cookies + '.csrf', 'w') as f:
                f.write(self.csrf or '')

    def request(self, method, path, body=None, headers=None, csrf=True):
        headers = dict(headers or {})
        if method != 'GET' and csrf and self.csrf:
            headers['X-CSRF-Token'] = self.csrf
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)
        try:
            with self.opener.open(req, timeout=600) as r:
                status, data = r.status, r.read()
        except urllib.error.HTTPError as e:
            status, data = e.code, e.read()
        self.save()
        return status, data

    def json(self, method, path, obj=None, csrf=True):
        body = json.dumps(obj).encode() if obj is not None else None
        status, data = self.request(method, path, body, {'Content-Type': 'application/json'} if body else {}, csrf)
        try:
            return status, json.loads(data) if data else {}
        except ValueError:
            return status, {'raw': data.decode('utf-8', 'replace')}

    def login(self, user, password):
        status, obj = self.json('POST', '/api/login', {'user': user, 'password': password}, csrf=False)
        if status == 200:
            self.csrf = obj.get('csrf')
            self.save()
        return status, obj

    def me(self):
        """The session's account; its token too when this client holds it
        (the server tells it only to one sending it)."""
        status, data = self.request('GET', '/api/me', None, {'X-CSRF-Token': self.csrf or ''})
        try:
            return status, json.loads(data) if data else {}
        except ValueError:
            return status, {'raw': data.decode('utf-8', 'replace')}

    def submit(self, year, files, fields=None, headers=None):
        """files: [(name as the server should see it, bytes or path)]"""
        boundary = uuid.uuid4().hex
        parts = []
        for k, v in dict({'year': str(year)}, **(fields or {})).items():
            parts.append(('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
                          % (boundary, k, v)).encode())
        for name, content in files:
            if isinstance(content, str):
                with open(content, 'rb') as f:
                    content = f.read()
            quoted = name.replace('"', '%22').replace('\r', '%0D').replace('\n', '%0A')
            head = ('--%s\r\nContent-Disposition: form-data; name="file"; filename="%s"\r\n'
                    'Content-Type: application/octet-stream\r\n\r\n' % (boundary, quoted))
            parts.append(head.encode() + content + b'\r\n')
        parts.append(('--%s--\r\n' % boundary).encode())
        return self.request('POST', '/api/submissions', b''.join(parts),
                            dict({'Content-Type': 'multipart/form-data; boundary=' + boundary}, **(headers or {})))

    def wait(self, sid, seconds=300):
        end = time.time() + seconds
        while True:
            status, obj = self.json('GET', '/api/submissions/%s' % sid)
            if status != 200 or obj.get('status') in ('done', 'failed') or time.time() > end:
                return status, obj
            time.sleep(0.2)


def collect(root, paths):
    out = []
    for p in paths:
        if os.path.isdir(p):
            for d, _, fs in sorted(os.walk(p)):
                for f in sorted(fs):
                    full = os.path.join(d, f)
                    out.append((os.path.relpath(full, root), full))
        else:
            out.append((os.path.relpath(p, root), p))
    return out


def blobs_against_rows(data, db):
    """The store's blobs against the rows that name them (files and outputs,
    db an open sqlite3 connection to DIR/kiemchung.db): the hashes named but
    absent or of another size, and the blobs no row names."""
    named = dict(db.execute('SELECT sha256, size FROM files UNION SELECT sha256, size FROM outputs').fetchall())
    on_disk = {}
    for d, _, fs in os.walk(os.path.join(data, 'blobs')):
        for f in fs:
            on_disk[f] = os.path.getsize(os.path.join(d, f))
    missing = [s for s in named if on_disk.get(s) != named[s]]
    extra = [s for s in on_disk if s not in named]
    return missing, extra


def main(argv):
    c = Client(argv[1], os.environ.get('KC_COOKIES'))
    cmd, args = argv[2], argv[3:]
    if cmd == 'login':
        status, obj = c.login(args[0], args[1])
        print(json.dumps(obj, ensure_ascii=False))
    elif cmd == 'submit':
        status, data = c.submit(args[0], collect(args[1], args[2:]))
        print(data.decode('utf-8', 'replace'))
    elif cmd == 'wait':
        status, obj = c.wait(args[0], float(args[1]) if len(args) > 1 else 300)
        print(json.dumps(obj, ensure_ascii=False))
    elif cmd == 'get':
        status, data = c.request('GET', args[0])
        if len(args) > 1:
            with open(args[1], 'wb') as f:
                f.write(data)
        else:
            sys.stdout.write(data.decode('utf-8', 'replace'))
    elif cmd == 'post':
        status, obj = c.json('POST', args[0], json.loads(args[1]) if len(args) > 1 else {})
        print(json.dumps(obj, ensure_ascii=False))
    else:
        sys.exit('unknown command ' + cmd)
    print('status %d' % status, file=sys.stderr)
    return 0 if 200 <= status < 300 else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
