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

const PROBLEM = new Set(['invalid', 'indeterminate', 'unsigned', 'error', 'missing', 'other-agency',
  'same-document', 'other-document']);

function base(path) {
  return String(path || '').split(/[\\/]/).pop();
}

/* The register's rows joined to the verifier's documents by file name (the
 * full path first, then the bare name): {main, others}.  Criteria 20–22
 * count the register's documents, so those are the list; the other files
 * verified (evidence scans, documents the register forgot) come apart.
 * Without a register every document is in the list. */
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
  const others = docs.filter((d) => !used.has(d)).map((d) => ({ row: null, doc: d, status: d.status }));
  const main = rows.length ? out : others;
  /* What needs doing first, in register order; then the rest. */
  return {
    main: [...main.filter((i) => PROBLEM.has(i.status)), ...main.filter((i) => !PROBLEM.has(i.status))],
    others: rows.length ? others : [],
  };
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
        h('span', { class: 'figure' }, v.denominator !== undefined ? `${v.numerator}/${v.denominator} (${v.text})` : (v.text || '—')),
        /* documents in the figure counted by a certificate not tied to the commune (index's kc_untied) */
        v.untied > 0 ? h('div', { class: 'untied warn' }, '⚠ ', t('sub.untied', v.untied)) : null,
        /* counted only by staff whose certificate names no office, as index and
         * review say it beside the figure (rtcert19); the desk said nothing (rtcert20) */
        v.no_office > 0 ? h('div', { class: 'untied no-office warn' }, t('sub.no_office', v.no_office)) : null));
  })));
  box.append(table);
  const untied = sub.index.untied;
  if (untied && Array.isArray(untied.warnings) && untied.warnings.length) {
    box.append(h('ul', { class: 'warnings untied' }, untied.warnings.map((w) => h('li', {}, w))));
  }
  const ind = sub.index.indeterminate;
  if (ind) box.append(h('p', { class: 'warn' }, t('sub.indeterminate', ind)));
  return box;
}

/* Beside the verdict: what may make the document look different in another
 * viewer (verify's notes); the verdict stays what it is. */
function notes(doc) {
  const list = (doc && doc.notes) || [];
  if (!list.length) return null;
  return h('ul', { class: 'warnings notes' }, list.map((n) => h('li', { dataset: { note: n.code } },
    h('strong', {}, `${t('sub.note')}: `), has(`note.${n.code}`) ? t(`note.${n.code}`) : n.code,
    n.message ? h('div', { class: 'muted small' }, n.message) : null)));
}

/* Signed documents carrying a note. */
function noted(items) {
  return items.filter((i) => i.doc && (i.doc.signatures || []).length && (i.doc.notes || []).length).length;
}

function docRow(i, withTodo) {
  const file = (i.row && i.row.file) || (i.doc && i.doc.file) || '';
  return h('tr', {
    class: PROBLEM.has(i.status) ? 'problem' : 'fine',
    dataset: { status: i.status, file: base(file) },
  },
  h('td', { class: 'doc' },
    i.row && i.row.number ? h('div', { class: 'docnum' }, i.row.number) : null,
    i.row && (i.row.date || i.row.line) ? h('div', { class: 'small' }, i.row.date || '',
      i.row.line ? h('span', { class: 'muted' }, ` · ${t('sub.register.line', i.row.line)}`) : null) : null,
    h('div', { class: 'file', title: file }, i.row ? base(file) : file)),
  h('td', {}, badge(i.status), notes(i.doc)),
  h('td', { class: 'who' }, signers(i), i.doc ? details(i.doc) : null),
  withTodo || (i.status !== 'unsigned' && i.status !== 'valid') ? h('td', {}, todo(i)) : h('td'));
}

function docTable(items, withTodo) {
  return h('table', { class: 'doclist' },
    h('thead', {}, h('tr', {}, ['document', 'verdict', 'signers', 'todo']
      .map((k) => h('th', { scope: 'col' }, t(`sub.col.${k}`))))),
    h('tbody', {}, items.map((i) => docRow(i, withTodo))));
}

function documents(sub) {
  const { main, others } = joinRows(sub);
  const box = h('section', { class: 'docs', 'aria-labelledby': 'docs-h' },
    h('h3', { id: 'docs-h' }, t('sub.docs.title')));
  if (!main.length) {
    box.append(h('p', { class: 'muted' }, t('sub.docs.none')));
  } else {
    const n = (st) => main.filter((i) => i.status === st).length;
    box.append(h('p', { class: 'summary' }, t('sub.docs.summary', main.length, n('valid'),
      n('indeterminate'), n('invalid'), n('unsigned'), n('error') + n('missing'),
      n('same-document') + n('other-document') + n('other-agency'))));
    const k = noted(main);
    if (k) box.append(h('p', { class: 'warn noted' }, t('sub.docs.noted', k)));
    const only = h('input', { type: 'checkbox', id: `only-${sub.id}` });
    box.append(h('p', { class: 'check noprint' }, only, ' ', h('label', { for: `only-${sub.id}` }, t('sub.docs.only.problems'))));
    only.addEventListener('change', () => box.classList.toggle('only-problems', only.checked));
    box.append(docTable(main, true));
  }
  const warnings = (sub.index && sub.index.warnings) || [];
  if (warnings.length) {
    box.append(h('h4', {}, t('sub.warnings')),
      h('ul', { class: 'warnings' }, warnings.map((w) => h('li', {}, typeof w === 'string' ? w : w.message || JSON.stringify(w)))));
  }
  if (others.length) {
    const signed = others.filter((i) => i.status === 'valid').length;
    box.append(h('details', { class: 'others' },
      h('summary', {}, t('sub.others', others.length, signed)),
      h('p', { class: 'help' }, t('sub.others.help')),
      docTable(others, false)));
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

/* The downloads: the dossier, then the HTML reports the server made
 * ("downloads": {"dossier": url, "verify.html": url, …}). */
function downloads(sub) {
  if (sub.status !== 'done') return null;
  let list = sub.downloads || sub.reports || {};
  if (Array.isArray(list)) list = Object.fromEntries(list.map((r) => [r.name || base(r.url || r), r.url || r]));
  const links = [];
  const dossier = list.dossier || dossierUrl(sub.id);
  links.push(h('li', {}, h('a', { href: dossier, download: '', class: 'button', id: 'download-dossier' },
    t('sub.download.dossier')), ' ', h('span', { class: 'muted small' }, t('sub.download.dossier.help'))));
  for (const [name, url] of Object.entries(list)) {
    if (name === 'dossier') continue;
    const key = `sub.download.${name}`;
    links.push(h('li', {}, h('a', { href: url, target: '_blank', rel: 'noopener', dataset: { report: name } },
      has(key) ? t(key) : t('sub.download.report', name))));
  }
  return h('section', { class: 'downloads noprint', 'aria-labelledby': 'dl-h' },
    h('h3', { id: 'dl-h' }, t('sub.downloads.title')), h('ul', { class: 'plain' }, links));
}

/* A dossier handed in as it is: check's answer (problems, seal); for any
 * submission, what building the dossier noticed (files filed, skipped). */
function check(sub) {
  const c = sub.check;
  if (!c || typeof c !== 'object') return null;
  const parts = [];
  if (c.seal !== undefined || c.ok !== undefined) {
    const st = !c.seal ? 'none' : c.seal.status || (c.seal.valid ? 'valid' : 'invalid');
    parts.push(h('p', { class: `seal ${st}` }, t('sub.seal', t(`district.seal.${st}`)),
      c.seal && c.seal.signer ? h('span', { class: 'muted' }, ` — ${c.seal.signer}`) : null));
    if (c.ok === false || (c.problems && c.problems.length)) {
      parts.push(h('p', { class: 'error' }, t('sub.check.bad', (c.problems || []).length)),
        h('ul', { class: 'problems' }, (c.problems || []).map((pr) => h('li', {},
          h('code', {}, pr.path || ''), ' ', pr.message || '', pr.code ? h('span', { class: 'muted' }, ` [${pr.code}]`) : null))));
    } else if (c.ok === true) {
      parts.push(h('p', { class: 'ok' }, t('sub.check.ok')));
    }
  }
  if (Array.isArray(c.notices) && c.notices.length) {
    parts.push(h('details', { class: 'notices' }, h('summary', {}, t('sub.notices', c.notices.length)),
      h('ul', { class: 'small' }, c.notices.map((n) => h('li', {}, n)))));
  }
  if (!parts.length) return null;
  return h('section', { class: 'check', 'aria-labelledby': 'check-h' },
    h('h3', { id: 'check-h' }, t('sub.check.title')), ...parts);
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
  into.append(...[criteria(sub), documents(sub), findings(sub), missing(sub), check(sub), downloads(sub)]
    .filter(Boolean));
}
