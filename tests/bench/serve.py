#!/usr/bin/env python3
"""serve.py: the load benchmark of `kiemchung serve` (issue 15).

    python3 tests/bench/serve.py [--clients N] [--submissions M] [--extra K] [--quick]

Starts the server (the build tree's binary) on a free loopback port with a
fresh data folder and the test PKI, makes N commune accounts, then N clients
at once (bounded: at most 16, loopback only) each upload M submissions of
the sample commune (register, documents, report, evidence) plus K more
signed documents, and wait for their results.  Meanwhile one reader loads
pages as an officer would (a submission, the list, the district's overview)
and times each.  Prints, and writes to $KC_BUILD_ROOT/bench-serve/RESULTS.md:

  - the p50/p99/max latency of those page loads while verification runs;
  - uploads: their p50/p99 time to the 202;
  - throughput: documents verified per second, from the first upload to the
    last result;
  - the count: every upload is in the database (its submission done, every
    file a row) and on disk (every blob a row names there with its size, no
    blob no row names).

Exit status 0 when every submission ended and the count holds, 1 otherwise.
--quick: 2 clients, 1 submission each, no extra documents (a smoke run)."""
import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(SRC, 'tests', 'cli'))
from serve_client import Client, blobs_against_rows, collect  # noqa: E402

BUILD = os.environ.get('KC_BUILD_ROOT', os.path.join(SRC, 'build'))
KC = os.path.join(BUILD, 'src', 'cli', 'kiemchung')
SAMPLES = os.path.join(SRC, 'samples')
PASSWORD = 'bench-password'


def pct(values, p):
    if not values:
        return float('nan')
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


def start(data):
    out = open(os.path.join(data, '..', 'serve.out'), 'w+')
    proc = subprocess.Popen([KC, 'serve', '--data', data, '--listen', '127.0.0.1:0', '--no-default-trust',
                             '--trust', os.path.join(SRC, 'certs', 'test', 'trust'), '--max-upload', '2G'],
                            stdout=out, stderr=subprocess.STDOUT)
    for _ in range(200):
        out.seek(0)
        for line in out.read().splitlines():
            if 'http://' in line:
                return proc, line[line.index('http://'):].split()[0]
        time.sleep(0.05)
    proc.kill()
    raise SystemExit('the server did not start')


def user_add(data, name, *args):
    subprocess.run([KC, 'user', 'add', '--data', data] + list(args) + [name], input=PASSWORD + '\n',
                   text=True, check=True, capture_output=True)


def submission_files(extra):
    files = collect(SAMPLES, [os.path.join(SAMPLES, p) for p in
                              ('so-van-ban-di-2021.csv', 'docs', 'report-2021.txt', 'evidence')])
    pdfs = sorted(f for f in os.listdir(os.path.join(SAMPLES, 'docs')) if f.endswith('.pdf'))
    for i in range(extra):
        name = pdfs[i % len(pdfs)]
        files.append(('them/%05d-%s' % (i, name), os.path.join(SAMPLES, 'docs', name)))
    return [(n, open(p, 'rb').read()) for n, p in files]


def integrity(data):
    db = sqlite3.connect('file:%s?mode=ro' % os.path.join(data, 'kiemchung.db'), uri=True)
    missing, extra = blobs_against_rows(data, db)
    subs = db.execute('SELECT status, count(*) FROM submissions GROUP BY status').fetchall()
    files = db.execute('SELECT count(*) FROM files').fetchone()[0]
    docs = db.execute('SELECT count(*) FROM documents').fetchone()[0]
    db.close()
    return dict(subs), files, docs, missing, extra


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--clients', type=int, default=8)
    ap.add_argument('--submissions', type=int, default=2)
    ap.add_argument('--extra', type=int, default=200)
    ap.add_argument('--quick', action='store_true')
    a = ap.parse_args()
    if a.quick:
        a.clients, a.submissions, a.extra = 2, 1, 0
    a.clients = max(1, min(a.clients, 16))
    tmp = tempfile.mkdtemp(prefix='kc-bench-serve-')
    data = os.path.join(tmp, 'data')
    try:
        for i in range(a.clients):
            user_add(data, 'xa-%02d' % i, '--role', 'commune', '--commune', 'Xã Bench %02d' % i,
                     '--district', 'UBND huyện Phú Vang')
        user_add(data, 'officer', '--role', 'district', '--district', 'UBND huyện Phú Vang')
        proc, url = start(data)
        files = submission_files(a.extra)
        upload_bytes = sum(len(b) for _, b in files)
        upload_times, ids, errors = [], [], []
        lock = threading.Lock()
        done = threading.Event()

        def client(i):
            c = Client(url)
            if c.login('xa-%02d' % i, PASSWORD)[0] != 200:
                errors.append('login xa-%02d' % i)
                return
            mine = []
            for _ in range(a.submissions):
                t = time.time()
                status, body = c.submit(2021, files)
                while status == 429 and mine:  # a commune has at most two waiting: wait for one
                    c.wait(mine[-2] if len(mine) > 1 else mine[-1], 3600)
                    t = time.time()
                    status, body = c.submit(2021, files)
                with lock:
                    upload_times.append(time.time() - t)
                if status != 202:
                    errors.append('upload %d %s' % (status, body[:200]))
                    continue
                mine.append(json.loads(body)['id'])
            with lock:
                ids.extend(mine)
            for sid in mine:
                status, sub = c.wait(sid, 3600)
                if sub.get('status') != 'done':
                    errors.append('submission %s: %s' % (sid, sub.get('status')))

        page_times = []
        officer = Client(url)
        officer.login('officer', PASSWORD)

        def reader():
            pages = ['/api/overview?year=2021', '/api/submissions', '/']
            k = 0
            while not done.is_set():
                with lock:
                    some = list(ids)
                path = pages[k % len(pages)] if not some or k % 4 else '/api/submissions/%s' % some[k % len(some)]
                t = time.time()
                status, _ = officer.request('GET', path)
                page_times.append(time.time() - t)
                k += 1
                time.sleep(0.05)

        t0 = time.time()
        threads = [threading.Thread(target=client, args=(i,)) for i in range(a.clients)]
        r = threading.Thread(target=reader)
        r.start()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.time() - t0
        done.set()
        r.join()
        proc.terminate()
        proc.wait(30)
        subs, nfiles, ndocs, missing, extra = integrity(data)
        expected = a.clients * a.submissions
        ok = (not errors and subs.get('done', 0) == expected and nfiles == expected * len(files)
              and not missing and not extra)
        lines = [
            '# kiemchung serve: load benchmark',
            '',
            'Written by `python3 tests/bench/serve.py%s` on %s.' % (
                ' --quick' if a.quick else ' --clients %d --submissions %d --extra %d' % (
                    a.clients, a.submissions, a.extra), time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())),
            '',
            '- Machine: %d CPUs, load average %s at the end; the server with its default workers.' % (
                os.cpu_count(), ' '.join('%.2f' % x for x in os.getloadavg())),
            '- %d clients at once on loopback, %d submissions each: %d files (%.1f MB) a submission, '
            'the sample commune plus %d signed documents.' % (a.clients, a.submissions, len(files),
                                                             upload_bytes / 1e6, a.extra),
            '',
            '| measure | value |',
            '|---|---|',
            '| page loads while verification runs (%d): p50 | %.1f ms |' % (len(page_times), 1000 * pct(page_times, 50)),
            '| page loads: p99 | %.1f ms |' % (1000 * pct(page_times, 99)),
            '| page loads: max | %.1f ms |' % (1000 * max(page_times or [0])),
            '| uploads to their 202: p50 / p99 | %.0f / %.0f ms |' % (1000 * pct(upload_times, 50),
                                                                       1000 * pct(upload_times, 99)),
            '| documents verified | %d in %.1f s: %.1f documents/s |' % (ndocs, wall, ndocs / wall if wall else 0),
            '| submissions done | %d of %d |' % (subs.get('done', 0), expected),
            '| files in the database | %d (want %d) |' % (nfiles, expected * len(files)),
            '| blobs missing or of the wrong size / not named by a row | %d / %d |' % (len(missing), len(extra)),
            '',
            'Result: %s.' % ('every upload is in the database and on disk' if ok else 'FAILED: %s' % errors[:5]),
        ]
        text = '\n'.join(lines) + '\n'
        print(text)
        out = os.path.join(BUILD, 'bench-serve')
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, 'RESULTS.md'), 'w') as f:
            f.write(text)
        return 0 if ok else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
