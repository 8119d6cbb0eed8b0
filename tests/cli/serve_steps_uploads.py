"""serve_steps_uploads.py: steps of tests/cli/serve.sh about what clerks upload
and what the desk keeps (serve_steps.py runs them by name, as its own):
evidence-zips (zips as Windows tools write them), overview-files and
overview-dossier (the overview is `kiemchung review`'s), start-big and
start-slow-upload (the submissions the kills interrupt), text-budget, storage,
district-storage, district-scaled, deleted-exe.  Moved here from
serve_steps.py unchanged."""
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile

from serve_steps import SAMPLES, counts, criterion, login, refused, sample_files, say


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
