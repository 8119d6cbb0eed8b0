#!/usr/bin/env python3
"""desk-count.py KC TRUST REGDIR N OUT: the instructions of one desk submission, which a
shared machine does not disturb as it does wall time.  The first N rows of the bench
register (REGDIR/so-van-ban-di.csv, as make-corpus.sh makes it, and their documents)
are submitted to `KC serve` run under callgrind with its text readers
(--trace-children), the clock frozen (count.sh says why); once the submission is done
each process is dumped (callgrind_control -d: the readers are killed at exit, before
they could write) into OUT/cg.PID.1, and the submission's result into OUT/result.json.
Read them with `callgrind_annotate --inclusive=yes`."""
import json, os, shutil, subprocess, sys, tempfile, time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'cli'))
from serve_client import Client
kc, trust, regdir, n, out = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
os.makedirs(out, exist_ok=True)
lines = open(os.path.join(regdir, 'so-van-ban-di.csv'), encoding='utf-8').read().splitlines()
csv = '\n'.join(lines[:n + 1]) + '\n'
files = [('so-van-ban-di.csv', csv.encode())]
for l in lines[1:n + 1]:
    f = l.rsplit(',', 1)[1]
    files.append((f, os.path.join(regdir, f)))
tmp = tempfile.mkdtemp(prefix='kc-desk-count.')
data = os.path.join(tmp, 'data')
subprocess.run([kc, 'user', 'add', '--data', data, '--role', 'commune', '--commune', 'Xã Thủy An',
                '--district', 'UBND huyện Phú Vang', 'clerk'], input='pw-pw-pw-pw\n', text=True, check=True,
               capture_output=True)
log = open(os.path.join(tmp, 'serve.out'), 'w+')
frozen = time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())
proc = subprocess.Popen(['faketime', '-f', frozen, 'valgrind', '--tool=callgrind', '--trace-children=yes',
                         '--callgrind-out-file=' + out + '/cg.%p', kc, 'serve', '--data', data, '--listen',
                         '127.0.0.1:0', '--no-default-trust', '--trust', trust, '--max-upload', '4G'],
                        stdout=log, stderr=subprocess.STDOUT)
base = None
for _ in range(4000):
    log.seek(0)
    for line in log.read().splitlines():
        if 'http://' in line:
            base = line[line.index('http://'):].split()[0]
    if base: break
    time.sleep(0.05)
c = Client(base)
assert c.login('clerk', 'pw-pw-pw-pw')[0] == 200
status, obj = c.submit(2021, files)
assert status == 202, (status, obj)
sid = json.loads(obj)['id']
st, res = c.wait(sid, 3000)
print(res.get('status'))
r = c.json('GET', '/api/submissions/%s' % sid)[1]
json.dump(r, open(out + '/result.json', 'w'), ensure_ascii=False, indent=1)
todo, kids = [str(proc.pid)], []
while todo:
    p = todo.pop()
    kids.append(p)
    todo += subprocess.run(['pgrep', '-P', p], capture_output=True, text=True).stdout.split()
for p in kids:
    subprocess.run(['callgrind_control', '-d', p], capture_output=True)
time.sleep(2)
proc.terminate(); proc.wait()
shutil.rmtree(tmp, ignore_errors=True)
