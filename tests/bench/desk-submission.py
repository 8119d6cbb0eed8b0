#!/usr/bin/env python3
"""desk-submission.py --kc KC --trust DIR [--runs N] FILE...: how long the desk
(`kiemchung serve`) takes to analyse one clerk's submission of FILE... (the
outgoing documents): from the upload's answer to the submission's result, on a
fresh data folder each run (the store keeps a file once: a second upload of the
same files would cost less).  Prints the median in seconds.

The desk does more than `verify`: it stores every file, writes the dossier
(`ingest`, synced), reviews it as the district would, and writes the reports
and the database.  tests/bench/run.sh sets it beside `verify --jobs 1` of the
same files (one worker analyses one submission)."""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'cli'))
from serve_client import Client  # noqa: E402

PASSWORD = 'bench-password'


def start(kc, trust, data, log):
    proc = subprocess.Popen([kc, 'serve', '--data', data, '--listen', '127.0.0.1:0', '--no-default-trust',
                             '--trust', trust, '--max-upload', '4G'], stdout=log, stderr=subprocess.STDOUT)
    for _ in range(400):
        log.seek(0)
        for line in log.read().splitlines():
            if 'http://' in line:
                return proc, line[line.index('http://'):].split()[0]
        time.sleep(0.025)
    proc.kill()
    raise SystemExit('desk-submission.py: the desk did not start')


def one_run(kc, trust, files):
    tmp = tempfile.mkdtemp(prefix='kc-desk-bench.')
    proc = None
    try:
        data = os.path.join(tmp, 'data')
        subprocess.run([kc, 'user', 'add', '--data', data, '--role', 'commune', '--commune', 'Xã Thủy An',
                        '--district', 'UBND huyện Phú Vang', 'clerk'], input=PASSWORD + '\n', text=True,
                       check=True, capture_output=True)
        log = open(os.path.join(tmp, 'serve.out'), 'w+')
        proc, base = start(kc, trust, data, log)
        c = Client(base)
        if c.login('clerk', PASSWORD)[0] != 200:
            raise SystemExit('desk-submission.py: cannot log in')
        status, obj = c.submit(2021, [('docs/' + os.path.basename(f), f) for f in files])
        answered = time.monotonic()
        if status != 202:
            raise SystemExit('desk-submission.py: the upload was answered %s' % status)
        sid = json.loads(obj)['id']
        while True:
            status, res = c.json('GET', '/api/submissions/%s' % sid)
            if status != 200 or res.get('status') in ('done', 'failed'):
                break
            time.sleep(0.01)
        took = time.monotonic() - answered
        if res.get('status') != 'done':
            raise SystemExit('desk-submission.py: the submission ended %s' % res.get('status'))
        return took
    finally:
        if proc:
            proc.terminate()
            proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--kc', required=True)
    ap.add_argument('--trust', required=True)
    ap.add_argument('--runs', type=int, default=5)
    ap.add_argument('files', nargs='+')
    a = ap.parse_args()
    one_run(a.kc, a.trust, a.files)  # warm-up: the page cache, as for the other measures
    print('%.4f' % statistics.median(one_run(a.kc, a.trust, a.files) for _ in range(a.runs)))


if __name__ == '__main__':
    main()
