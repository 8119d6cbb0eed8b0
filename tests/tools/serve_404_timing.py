#!/usr/bin/env python3
"""Timing probe (rtdesk23): does a 404 for another commune's submission take
longer than a 404 for an id that does not exist?  Starts `kiemchung serve` on
a fresh data folder, a clerk uploads one PDF, another commune's clerk reads
its id and ids that do not exist in turn (fresh connection each, order
alternated), N pairs (env N, 200).  SAME=1 times two missing ids (the bias
of the method itself).

    python3 tests/tools/serve_404_timing.py build/src/cli/kiemchung .

main before rtdesk23: 145 of 150 pairs slower; after: 79 of 150."""
import os, subprocess, sys, tempfile, time, re, statistics, http.client
sys.path.insert(0, os.path.join(sys.argv[2], 'tests/cli'))
from serve_client import Client
kc, src = sys.argv[1], sys.argv[2]
tmp = tempfile.mkdtemp(prefix='rtdesk-probe.')
data = os.path.join(tmp, 'data')
def add(*a):
    subprocess.run([kc, 'user', 'add', '--data', data] + list(a), input=b'password-ok\n', check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
add('--role', 'commune', '--commune', 'Xã Thủy An', '--district', 'UBND huyện Phú Vang', 'clerk')
add('--role', 'commune', '--commune', 'Xã Hồng Kim', '--district', 'UBND huyện A Lưới', 'other')
srv = subprocess.Popen([kc, 'serve', '--data', data, '--listen', '127.0.0.1:0', '--no-default-trust', '--trust',
                        os.path.join(src, 'certs/test/trust')], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
line = srv.stdout.readline().decode()
url = re.search(r'(http:\S+)', line).group(1)
try:
    c = Client(url); c.login('clerk', 'password-ok')
    st, body = c.submit(2021, [('docs/03-KH-UBND.pdf', os.path.join(src, 'samples/docs/03-KH-UBND.pdf'))])
    sid = int(__import__('json').loads(body)['id'])
    c.wait(sid)
    o = Client(url); o.login('other', 'password-ok')
    cookie = '; '.join('%s=%s' % (k.name, k.value) for k in o.jar)
    host = url.split('//')[1].rstrip('/')
    def t(i):
        conn = http.client.HTTPConnection(host)
        t0 = time.perf_counter()
        conn.request('GET', '/api/submissions/%d' % i, headers={'Cookie': cookie})
        r = conn.getresponse(); r.read()
        dt = time.perf_counter() - t0
        conn.close()
        assert r.status == 404, r.status
        return dt
    a, b = [], []
    if os.environ.get("SAME"):
        sid = sid + 500000
    for k in range(int(os.environ.get('N', '200'))):
        if k % 2:
            a.append(t(sid)); b.append(t(sid + 1000 + k))
        else:
            b.append(t(sid + 1000 + k)); a.append(t(sid))
    wins = sum(1 for x, y in zip(a, b) if x > y)
    for name, xs in (('another commune\'s', a), ('does not exist', b)):
        xs.sort()
        print('%-18s p10 %.2f p50 %.2f p90 %.2f ms' % (name, xs[len(xs)//10]*1e3, statistics.median(xs)*1e3, xs[len(xs)*9//10]*1e3))
    print('pairs where the existing one was slower: %d of %d' % (wins, len(a)))
finally:
    srv.kill(); srv.wait()
