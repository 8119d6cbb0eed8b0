/* submission.js: one submission as both desks show it (the clerk's result,
 * the district's drill-down): criteria 20–22 as the report writes them, each
 * outgoing document's verdict with the reason in plain words and what to do,
 * the report's lint findings, the criteria still without evidence, and the
 * downloads.  Input: the answer of GET /api/submissions/{id}, whose "index"
 * is `index --json`, "documents" `verify --json` objects and "findings"
 * `lint --json` findings (README). */
import { t, has, when } from './i18n.js';
import { h, badge } from './ui.js';
import { dossierUrl } from './api.js';

const PROBLEM = new Set(['invalid', 'indeterminate', 'unsigned', 'error', 'missing']);

function base(path) {
  return String(path || '').split(/[\\/]/).pop();
}

/* The register's rows joined to the verifier's documents by file name (the
 * full path first, then the bare name), then the documents no row names. */
function joinRows(sub) {
  const rows = (sub.index && sub.index.rows) || [];
  const docs = sub.documents || [];
  const byPath = new Map();
  const byBase = new Map();
  for (const d of docs) {
    byPath.set(d.file, d);
    if (!byBase.has(base(d.file))) byBase.set(base(d.file), d);
  }
  const used = new Set();
  const out = [];
  for (const r of rows) {
    let d = r.file ? byPath.get(r.file) : undefined;
    if (!d && r.file) d = byBase.get(base(r.file));
    if (d) used.add(d);
    out.push({ row: r, doc: d || null, status: r.status || (d && d.status) || 'missing' });
  }
  for (const d of docs) if (!used.has(d)) out.push({ row: null, doc: d, status: d.status });
  /* What needs doing first, in register order; then the rest. */
  return [...out.filter((i) => PROBLEM.has(i.status)), ...out.filter((i) => !PROBLEM.has(i.status))];
}

/* Reason codes of a document: its row's problem, its signatures' reasons. */
function reasonsOf(item) {
  const codes = [];
  const add = (c) => { if (c && !codes.includes(c)) codes.push(c); };
  if (item.row && item.row.problem) add(item.row.problem);
  if (item.doc && item.status !== 'valid') {
    for (const s of item.doc.signatures || []) for (const c of s.reasons || []) add(c);
  }
  return codes;
}

function todo(item) {
  const st = item.status;
  if (st === 'valid') return h('span', { class: 'muted' }, t('sub.todo.ok'));
  const list = h('ul', { class: 'todo' });
  const codes = reasonsOf(item);
  for (const c of codes) {
    list.append(h('li', {},
      h('span', { class: 'reason', dataset: { code: c } }, has(`reason.${c}`) ? t(`reason.${c}`) : c),
      has(`todo.${c}`) ? [' — ', t(`todo.${c}`)] : null));
  }
  if (!codes.length && has(`todo.${st}`)) {
    list.append(h('li', {}, t(`todo.${st}`)));
  }
  if (item.doc && item.doc.error) list.append(h('li', { class: 'muted' }, item.doc.error));
  return list;
}

function signers(item) {
  const sigs = (item.doc && item.doc.signatures) || [];
  if (!sigs.length) return item.row && item.row.signers ? item.row.signers : '';
  return h('ul', { class: 'signers' }, sigs.map((s) => h('li', {},
    h('span', { class: s.status === 'valid' ? 'ok' : 'bad', 'aria-hidden': 'true' }, s.status === 'valid' ? '✓ ' : '✗ '),
    s.signer || '?',
    s.role ? ` (${t(`role.sig.${s.role}`)})` : '')));
}

function details(doc) {
  const sigs = doc.signatures || [];
  if (!sigs.length) return null;
  return h('details', { class: 'sigs' },
    h('summary', {}, t('sub.details')),
    h('ol', {}, sigs.map((s) => h('li', {},
      h('strong', {}, s.signer || '?'), s.title ? `, ${s.title}` : '', s.organization ? ` — ${s.organization}` : '',
      ' ', badge(s.status),
      h('br'),
      s.issuer ? `${s.issuer} · ${s.serial || ''}` : '',
      s.signing_time ? [h('br'), t('sub.signed.at', when(s.signing_time))] : null,
      s.checked_at ? [h('br'), t('sub.checked.at', when(s.checked_at),
        has(`time.${s.time_source}`) ? t(`time.${s.time_source}`) : s.time_source)] : null,
      s.detail ? [h('br'), h('span', { class: 'muted' }, s.detail)] : null,
      s.time_note ? [h('br'), h('span', { class: 'muted' }, s.time_note)] : null))));
}

function criteria(sub) {
  const c = sub.index && sub.index.criteria;
  const box = h('section', { class: 'criteria', 'aria-labelledby': 'crit-h' },
    h('h3', { id: 'crit-h' }, t('sub.criteria.title')));
  if (!c) {
    box.append(h('p', { class: 'warn' }, t('sub.criteria.none')));
    return box;
  }
  const table = h('table', { class: 'crit' }, h('tbody', {}, ['20', '21', '22'].map((k) => {
    const v = c[k] || {};
    const pct = typeof v.percent === 'number' ? v.percent : 0;
    const level = pct >= 100 ? '' : pct >= 50 ? ' mid' : ' low';
    const bar = h('span', { class: `bar${level}`, 'aria-hidden': 'true' }, h('span'));
    bar.firstChild.style.width = `${Math.max(0, Math.min(100, pct))}%`;
    return h('tr', { dataset: { criterion: k } },
      h('th', { scope: 'row' }, t('sub.criterion', k)),
      h('td', {}, t(`sub.c${k}`)),
      h('td', { class: 'ratio' }, bar,
        h('span', { class: 'figure' }, v.denominator !== undefined ? `${v.numerator}/${v.denominator} (${v.text})` : (v.text || '—'))));
  })));
  box.append(table);
  const ind = sub.index.indeterminate;
  if (ind) box.append(h('p', { class: 'warn' }, t('sub.indeterminate', ind)));
  return box;
}

function documents(sub) {
  const items = joinRows(sub);
  const box = h('section', { class: 'docs', 'aria-labelledby': 'docs-h' },
    h('h3', { id: 'docs-h' }, t('sub.docs.title')));
  if (!items.length) {
    box.append(h('p', { class: 'muted' }, t('sub.docs.none')));
    return box;
  }
  const n = (st) => items.filter((i) => i.status === st).length;
  box.append(h('p', { class: 'summary' }, t('sub.docs.summary', items.length, n('valid'),
    n('indeterminate'), n('invalid'), n('unsigned'), n('error') + n('missing'))));
  const only = h('input', { type: 'checkbox', id: `only-${sub.id}` });
  box.append(h('p', { class: 'check noprint' }, only, ' ', h('label', { for: `only-${sub.id}` }, t('sub.docs.only.problems'))));
  const tbody = h('tbody', {}, items.map((i) => {
    const file = (i.row && i.row.file) || (i.doc && i.doc.file) || '';
    return h('tr', {
      class: PROBLEM.has(i.status) ? 'problem' : 'fine',
      dataset: { status: i.status, file: base(file) },
    },
    h('td', { class: 'doc' },
      i.row && i.row.number ? h('div', { class: 'docnum' }, i.row.number) : null,
      i.row && (i.row.date || i.row.line) ? h('div', { class: 'small' }, i.row.date || '',
        i.row.line ? h('span', { class: 'muted' }, ` · ${t('sub.register.line', i.row.line)}`) : null) : null,
      h('div', { class: 'file', title: file }, base(file))),
    h('td', {}, badge(i.status)),
    h('td', { class: 'who' }, signers(i), i.doc ? details(i.doc) : null),
    h('td', {}, todo(i)));
  }));
  only.addEventListener('change', () => box.classList.toggle('only-problems', only.checked));
  box.append(h('table', { class: 'doclist' },
    h('thead', {}, h('tr', {}, ['document', 'verdict', 'signers', 'todo']
      .map((k) => h('th', { scope: 'col' }, t(`sub.col.${k}`))))),
    tbody));
  const warnings = (sub.index && sub.index.warnings) || [];
  if (warnings.length) {
    box.append(h('h4', {}, t('sub.warnings')),
      h('ul', { class: 'warnings' }, warnings.map((w) => h('li', {}, typeof w === 'string' ? w : w.message || JSON.stringify(w)))));
  }
  return box;
}

function findings(sub) {
  const box = h('section', { class: 'findings', 'aria-labelledby': 'lint-h' },
    h('h3', { id: 'lint-h' }, t('sub.findings.title')));
  const list = sub.findings;
  if (!Array.isArray(list)) {
    box.append(h('p', { class: 'muted' }, t('sub.findings.noreport')));
  } else if (!list.length) {
    box.append(h('p', { class: 'ok' }, t('sub.findings.none')));
  } else {
    box.append(h('table', {},
      h('thead', {}, h('tr', {}, ['criterion', 'finding', 'message']
        .map((k) => h('th', { scope: 'col' }, t(`sub.col.${k}`))))),
      h('tbody', {}, list.map((f) => h('tr', { dataset: { code: f.code } },
        h('td', { class: 'num' }, f.criterion || ''),
        h('td', { class: 'nowrap' }, has(`lint.${f.code}`) ? t(`lint.${f.code}`) : f.code),
        h('td', {}, f.message || '', f.place ? h('div', { class: 'muted small' }, f.place) : null))))));
  }
  return box;
}

/* The criteria without evidence, under whichever name the server gives. */
function missing(sub) {
  const list = sub.missing_evidence || sub.without_evidence || sub.criteria_without_evidence || sub.missing;
  if (!Array.isArray(list)) return null;
  const box = h('section', { class: 'missing-evidence', 'aria-labelledby': 'miss-h' },
    h('h3', { id: 'miss-h' }, t('sub.missing.title')));
  if (!list.length) {
    box.append(h('p', { class: 'ok' }, t('sub.missing.none')));
    return box;
  }
  box.append(h('p', {}, t('sub.missing.help')), h('ul', { class: 'columns' }, list.map((c) => {
    if (typeof c !== 'object') return h('li', {}, t('sub.criterion', c));
    const num = c.criterion || c.number || c.id || '';
    return h('li', {}, h('strong', {}, t('sub.criterion', num)), c.name ? ` — ${c.name}` : '');
  })));
  return box;
}

function downloads(sub) {
  if (sub.status !== 'done') return null;
  const links = [];
  links.push(h('li', {}, h('a', { href: dossierUrl(sub.id), download: '', class: 'button', id: 'download-dossier' },
    t('sub.download.dossier')), ' ', h('span', { class: 'muted small' }, t('sub.download.dossier.help'))));
  let reports = sub.reports || [];
  if (!Array.isArray(reports)) reports = Object.entries(reports).map(([name, url]) => ({ name, url }));
  for (const r of reports) {
    const url = typeof r === 'string' ? r : r.url;
    const name = typeof r === 'string' ? base(r) : r.title || r.name || base(url);
    links.push(h('li', {}, h('a', { href: url, target: '_blank', rel: 'noopener' }, t('sub.download.report', name))));
  }
  return h('section', { class: 'downloads noprint', 'aria-labelledby': 'dl-h' },
    h('h3', { id: 'dl-h' }, t('sub.downloads.title')), h('ul', { class: 'plain' }, links));
}

function seal(sub) {
  const s = sub.seal;
  if (!s) return null;
  const status = typeof s === 'string' ? s : s.status || (s.valid ? 'valid' : 'invalid');
  const word = has(`district.seal.${status}`) ? t(`district.seal.${status}`) : status;
  return h('p', { class: `seal ${status}` }, t('sub.seal', word),
    typeof s === 'object' && s.message ? h('span', { class: 'muted' }, ` — ${s.message}`) : null);
}

/* Renders a submission into `into` (emptied first). */
export function render(into, sub) {
  while (into.firstChild) into.firstChild.remove();
  const status = sub.status || 'queued';
  into.append(h('p', { class: 'meta' }, t('sub.meta', sub.commune || '', sub.year || '', sub.id),
    ' ', h('span', { class: `badge state ${status}` }, t(`sub.status.${status}`))));
  if (status === 'failed') {
    into.append(h('p', { class: 'error', role: 'alert' }, t('sub.failed', sub.error || sub.message || '')));
    return;
  }
  if (status !== 'done') return;
  into.append(...[seal(sub), criteria(sub), documents(sub), findings(sub), missing(sub), downloads(sub)]
    .filter(Boolean));
}
