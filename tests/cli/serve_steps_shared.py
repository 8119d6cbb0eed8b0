"""serve_steps_shared.py: the district's table says which signed documents
another commune's submission of the year counts too (rtdesk22).

The desk reviews each submission alone.  The sample's certificates name Thủy
An's committee and no district (O=UBND xã Thủy An), so Thủy An of huyện Phú
Vang and Thủy An of huyện Phong Điền (namesakes of two districts) each count
the sample's signed documents as their own: before, both rows gave 4/7 and
nothing said the same signatures stood in the other's figure."""
import json

from serve_steps import SAMPLES, login, sample_files, say  # noqa: F401


def overview_row(client, commune, district):
    status, ov = client.json('GET', '/api/overview?year=2021')
    rows = ov.get('communes', []) if status == 200 else []
    return next((r for r in rows if r.get('commune') == commune and r.get('district') == district), None)


def step_shared_signatures(url, data, first):
    admin, officer = login(url, 'quan-tri'), login(url, 'officer')
    pv = overview_row(admin, 'Xã Thủy An', 'UBND huyện Phú Vang') or {}
    shared = pv.get('shared')
    say(pv.get('submission') == int(first) and isinstance(shared, dict) and shared.get('documents') == 0
        and shared.get('communes') == [] and shared.get('unseen') == 0,
        'shared: Thủy An of Phú Vang alone: its row says no signed document shared', json.dumps(shared))

    # The honest look-alike: another commune (Hồng Kim of huyện A Lưới) files
    # the same signed PDFs; Thủy An's certificates are another agency's there,
    # so they raise no figure of Hồng Kim's, and Thủy An's row stays clean.
    other = login(url, 'other')
    status, body = other.submit(2021, sample_files())
    sid = json.loads(body)['id'] if status == 202 else 0
    status, obj = other.wait(sid)
    say(status == 200 and obj.get('status') == 'done', 'shared: Hồng Kim sends the sample\'s files too (done)',
        '%d %s' % (status, json.dumps(obj)[:200]))
    hk = overview_row(admin, 'Xã Hồng Kim', 'UBND huyện A Lưới') or {}
    pv = overview_row(admin, 'Xã Thủy An', 'UBND huyện Phú Vang') or {}
    say(((hk.get('criteria') or {}).get('20') or {}).get('numerator') == 0
        and (hk.get('shared') or {}).get('documents') == 0 and (pv.get('shared') or {}).get('documents') == 0,
        '... another agency\'s signatures count for none of Hồng Kim\'s rows: neither row says shared',
        json.dumps({'hk': hk.get('shared'), 'pv': pv.get('shared')}))

    # The namesake of Phong Điền sends the same files: both count them.
    pd = login(url, 'clerk-pd')
    status, body = pd.submit(2021, sample_files())
    sid = json.loads(body)['id'] if status == 202 else 0
    status, obj = pd.wait(sid)
    say(status == 200 and obj.get('status') == 'done', 'shared: Thủy An of Phong Điền sends the same files (done)',
        '%d %s' % (status, json.dumps(obj)[:200]))
    pd_row = overview_row(admin, 'Xã Thủy An', 'UBND huyện Phong Điền') or {}
    pv = overview_row(admin, 'Xã Thủy An', 'UBND huyện Phú Vang') or {}
    signed = ((pd_row.get('criteria') or {}).get('20') or {}).get('numerator')
    want_rows = sorted(r.get('number') for r in (obj.get('review') or {}).get('rows', [])
                       if r.get('status') == 'valid')
    for name, row in (('Phong Điền', pd_row), ('Phú Vang', pv)):
        sh = row.get('shared') or {}
        say(isinstance(signed, int) and signed > 0 and sh.get('documents') == signed
            and sorted(sh.get('rows') or []) == want_rows and sh.get('communes') == ['Xã Thủy An']
            and sh.get('unseen') == 0,
            'shared: the administrator\'s row of Thủy An of %s says its %s signed documents are counted for the '
            'other Thủy An too, naming them' % (name, signed), json.dumps(sh, ensure_ascii=False))
    # Phú Vang's officer does not read Phong Điền's communes: counted, not named.
    sh = (overview_row(officer, 'Xã Thủy An', 'UBND huyện Phú Vang') or {}).get('shared') or {}
    say(sh.get('documents') == signed and sh.get('communes') == [] and sh.get('unseen') == 1,
        'shared: Phú Vang\'s officer is told of one commune of another district, not its name',
        json.dumps(sh, ensure_ascii=False))
