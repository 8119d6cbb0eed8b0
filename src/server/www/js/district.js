/* district.js: the reviewing authority's desk (district.html).  One table of
 * its communes for a year from GET /api/overview?year=Y (the `review`
 * computation), the year before from the same call for Y-1 beside it;
 * columns sort on a click (aria-sort says how); "Details" opens the
 * commune's submission with every document's reasons (submission.js); the
 * table downloads as .xlsx or CSV (export.js); a sealed dossier received
 * by mail or USB is uploaded and reviewed like any submission.  The year
 * goes into the address (#year=…). */
import { t, onChange, num } from './i18n.js';
import * as api from './api.js';
import {
  start, header, requireSession, errorText, h, clear, saveBlob, sessionGone, toLogin, visible,
} from './ui.js';
import { render } from './submission.js';
import { csv, xlsx } from './export.js';

const $ = (id) => document.getElementById(id);
const state = {
  year: null, rows: [], prev: new Map(), sort: { key: 'commune', dir: 1 }, detail: null,
};

/* ---- reading an overview row, whatever shape each figure comes in ---- */

function ratio(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return { pct: v, text: `${String(v.toFixed(1)).replace('.', ',')}%` };
  if (typeof v === 'string') {
    const m = v.match(/([\d.,]+)\s*%/);
    return { pct: m ? parseFloat(m[1].replace(',', '.')) : null, text: v };
  }
  const pct = typeof v.percent === 'number' ? v.percent : null;
  const text = v.text || (pct !== null ? `${String(pct.toFixed(1)).replace('.', ',')}%` : '');
  return { pct, text, num: v.numerator, den: v.denominator };
}

function count(v) {
  if (Array.isArray(v)) return v.length;
  if (typeof v === 'number') return v;
  return null;
}

/* The seal's word: review's {"status": "valid|invalid|none"}, check's
 * {"valid": bool}, or a plain string. */
function sealOf(seal, submitted) {
  if (seal && typeof seal === 'object') {
    if (seal.status) return seal.status;
    if ('valid' in seal && seal.valid !== null) return seal.valid ? 'valid' : 'invalid';
  }
  if (typeof seal === 'string') return seal;
  return submitted ? 'none' : null;
}

function normalise(r) {
  const sub = r.submission && typeof r.submission === 'object' ? r.submission : null;
  const id = sub ? sub.id : r.submission ?? r.id ?? null;
  const submitted = id !== null && id !== undefined;
  const crit = r.criteria || (sub && sub.criteria) || {};
  const claimed = r.claimed || {};
  const c = {};
  for (const k of ['20', '21', '22']) {
    const v = crit[k];
    const obj = v && typeof v === 'object';
    const computed = obj && 'computed' in v ? ratio(v.computed) : obj && v.text === null ? null : ratio(v);
    let cl = ratio(obj && 'claimed' in v ? v.claimed : claimed[k]);
    if (cl && obj && typeof v.claimed_percent === 'number') cl.pct = v.claimed_percent;
    c[k] = {
      computed,
      claimed: cl,
      holds: obj && typeof v.claim_holds === 'boolean' ? v.claim_holds : null,
      /* documents in the figure counted by a certificate not tied to the commune (review's kc_untied) */
      untied: obj && typeof v.untied === 'number' ? v.untied : 0,
      /* of them, counted only by staff whose certificate names no office (review's † line) */
      noOffice: obj && typeof v.no_office === 'number' ? v.no_office : 0,
    };
  }
  const untied = r.untied && typeof r.untied === 'object' ? r.untied : null;
  const check = r.check && typeof r.check === 'object' ? r.check : null;
  const checkOk = typeof r.check_ok === 'boolean' ? r.check_ok : check && typeof check.ok === 'boolean' ? check.ok : null;
  return {
    commune: r.commune || r.name || '',
    district: r.district || '',
    id,
    submitted,
    status: r.status || (sub && sub.status) || null,
    c,
    indeterminate: count(r.indeterminate ?? r.signatures_indeterminate),
    other: count(r.other_agency ?? r.other_agency_signatures),
    seal: sealOf(r.seal, submitted),
    checkOk,
    /* the dossier's own problems: a document's signature is the document's
     * verdict (invalid below), not the dossier's check (review.h) */
    problems: check && Array.isArray(check.problems)
      ? check.problems.filter((p) => p.code !== 'signature').length : null,
    invalid: typeof r.invalid === 'number' ? r.invalid : null,
    findings: count(r.findings ?? (r.lint && r.lint.findings)),
    missing: count(r.missing),
    documents: count(r.documents),
    /* the commune's other finished submissions of the year, which the
     * figures leave out (the API's other_submissions: the row is the one
     * review adds up, the others are said as review says them) */
    others: typeof r.other_submissions === 'number' ? r.other_submissions : 0,
    untiedSaid: untied && Array.isArray(untied.warnings) ? untied.warnings : [],
    /* its counted documents another commune's submission of the year counts
     * too (the API's shared; null: its signatures were never stored, said so) */
    shared: r.shared && typeof r.shared === 'object' ? r.shared : null,
    sharedKnown: r.shared !== null || r.status !== 'done',
    previous: r.previous && typeof r.previous === 'object' ? r.previous : null,
  };
}

/* ---- the table ---- */

const pctOf = (k) => (r) => (r.c[k].computed ? r.c[k].computed.pct : null);
const COLUMNS = [
  { key: 'commune', label: () => t('district.col.commune'), value: (r) => r.commune },
  { key: 'submitted', label: () => t('district.col.submitted'), value: (r) => (r.submitted ? 1 : 0) },
  { key: 'c20', label: () => t('district.col.c20'), value: pctOf('20'), num: true },
  { key: 'c21', label: () => t('district.col.c21'), value: pctOf('21'), num: true },
  { key: 'c22', label: () => t('district.col.c22'), value: pctOf('22'), num: true },
  { key: 'indeterminate', label: () => t('district.col.indeterminate'), value: (r) => r.indeterminate, num: true },
  { key: 'other', label: () => t('district.col.other'), value: (r) => r.other, num: true },
  { key: 'seal', label: () => t('district.col.seal'), value: (r) => r.seal },
  { key: 'findings', label: () => t('district.col.findings'), value: (r) => r.findings, num: true },
  { key: 'prev', label: () => t('district.col.prev', state.year - 1), value: (r) => prevPct(r, '20'), num: true },
  { key: 'open', label: () => t('district.col.open') },
];

/* A commune is its name within its district: an administrator's table holds
 * "Xã Thủy An" of huyện Phú Vang and of huyện Phong Điền, and a map by name
 * gave both rows the year before of one of them. */
const keyOf = (r) => `${r.commune}\u0000${r.district}`;
const prevOf = (r) => state.prev.get(keyOf(r));

function prevPct(r, k) {
  const p = prevOf(r);
  return p && p.c[k].computed ? p.c[k].computed.pct : null;
}

function compare(a, b) {
  const col = COLUMNS.find((c) => c.key === state.sort.key);
  const va = col.value(a);
  const vb = col.value(b);
  /* Empty cells last whichever way the column sorts. */
  if (va === null || va === undefined) return vb === null || vb === undefined ? a.commune.localeCompare(b.commune, 'vi') : 1;
  if (vb === null || vb === undefined) return -1;
  const d = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb), 'vi');
  return (d || a.commune.localeCompare(b.commune, 'vi')) * state.sort.dir;
}

function ratioCell(cell, r) {
  const td = h('td', { class: 'num ratio-cell' });
  if (!cell.computed || !cell.computed.text) {
    td.append(h('span', { class: 'muted' }, '—'));
  } else {
    td.append(h('span', { class: 'figure' }, cell.computed.den !== undefined
      ? `${cell.computed.num}/${cell.computed.den} (${cell.computed.text})` : cell.computed.text));
  }
  /* Beside the figure: documents in it that a namesake commune's certificate
   * would count the same (the review's sentences in the title). */
  if (cell.computed && cell.untied > 0) {
    td.append(h('div', { class: 'untied warn', title: r.untiedSaid.join('\n') || null },
      '⚠ ', t('district.untied', cell.untied)));
  }
  /* and those counted only by staff naming no office, as review marks them with † (rtcert20) */
  if (cell.computed && cell.noOffice > 0) {
    td.append(h('div', { class: 'untied no-office warn', title: r.untiedSaid.join('\n') || null },
      t('district.no_office', cell.noOffice)));
  }
  /* the same signatures counted for another commune too (rtdesk22), under 20 */
  if (cell === r.c['20'] && r.shared && r.shared.documents > 0) {
    const names = (Array.isArray(r.shared.communes) ? r.shared.communes : []).map(String);
    if (r.shared.unseen > 0) names.push(t('district.shared.unseen', r.shared.unseen));
    td.append(h('div', { class: 'shared warn',
      title: t('district.shared.why', (Array.isArray(r.shared.rows) ? r.shared.rows : []).join(', ')) },
      '⚠ ', t('district.shared', r.shared.documents, names.join(', '))));
  } else if (cell === r.c['20'] && cell.computed && !r.sharedKnown) {
    td.append(h('div', { class: 'shared small muted' }, t('district.shared.unknown')));
  }
  if (cell.claimed) {
    const differs = cell.holds !== null ? !cell.holds : cell.computed && cell.claimed.pct !== null
      && cell.computed.pct !== null && Math.abs(cell.claimed.pct - cell.computed.pct) >= 0.05;
    td.append(h('div', {
      class: differs ? 'claimed differs' : 'claimed',
      title: differs ? t('district.claimed.differs', cell.claimed.text, cell.computed.text) : null,
    }, differs ? '⚠ ' : '', t('district.claimed', cell.claimed.text)));
  }
  return td;
}

function countCell(n, bad) {
  if (n === null || n === undefined) return h('td', { class: 'num muted' }, '—');
  return h('td', { class: `num${n > 0 && bad ? ' warn' : ''}` }, num(n));
}

function findingsCell(r) {
  const td = countCell(r.findings, true);
  if (r.missing) td.append(h('div', { class: 'small muted' }, t('district.missing', r.missing)));
  return td;
}

function renderHead() {
  const tr = h('tr');
  for (const col of COLUMNS) {
    const th = h('th', { scope: 'col', class: col.num ? 'num' : col.key === 'open' ? 'noprint' : null });
    if (col.value) {
      const active = state.sort.key === col.key;
      th.setAttribute('aria-sort', active ? (state.sort.dir > 0 ? 'ascending' : 'descending') : 'none');
      th.append(h('button', {
        type: 'button', class: 'sort', title: t('district.sort'), dataset: { key: col.key },
        onclick: () => {
          state.sort = { key: col.key, dir: active ? -state.sort.dir : 1 };
          renderTable();
          document.querySelector(`button.sort[data-key="${col.key}"]`).focus();
        },
      }, col.label(), h('span', { class: 'arrow', 'aria-hidden': 'true' }, active ? (state.sort.dir > 0 ? ' ▲' : ' ▼') : '')));
    } else {
      th.append(col.label());
    }
    tr.append(th);
  }
  clear($('overview-head')).append(tr);
}

/* What a row says of the commune's other submissions of the year, which
 * its figures leave out (r.others, the API's other_submissions: the export
 * gives the same number in a column of its own; rtdesk19: the downloaded
 * table left it out, so a sheet sent on gave one submission's figures as
 * the commune's year with no word of the others). */
function othersText(r) {
  return r.others > 0 ? t('district.others', r.others) : '';
}

function renderTable() {
  renderHead();
  const body = clear($('overview-body'));
  const rows = [...state.rows].sort(compare);
  if (!rows.length) body.append(h('tr', {}, h('td', { colspan: COLUMNS.length, class: 'muted' }, t('district.empty'))));
  const named = new Map();
  for (const r of rows) named.set(r.commune, (named.get(r.commune) || 0) + 1);
  for (const r of rows) {
    const prev = prevOf(r);
    const prevText = prev ? ['20', '21', '22'].map((k) => (prev.c[k].computed ? prev.c[k].computed.text : '—')).join(' · ') : '—';
    const sealWord = r.seal ? t(`district.seal.${r.seal}`) : '—';
    body.append(h('tr', { class: r.submitted ? 'submitted' : 'absent', dataset: { commune: r.commune } },
      h('th', { scope: 'row' }, r.commune,
        named.get(r.commune) > 1 && r.district ? h('div', { class: 'small muted' }, r.district) : null),
      h('td', {}, h('span', { class: `badge ${r.submitted ? 'valid' : 'missing'}` },
        r.submitted ? t('district.submitted') : t('district.not.submitted')),
        othersText(r) ? h('div', { class: 'small warn others', title: t('district.others.why') }, othersText(r)) : null),
      ratioCell(r.c['20'], r), ratioCell(r.c['21'], r), ratioCell(r.c['22'], r),
      countCell(r.indeterminate, true), countCell(r.other, true),
      h('td', {}, h('span', { class: r.seal === 'invalid' ? 'bad' : r.seal === 'valid' ? 'ok' : null }, sealWord),
        r.checkOk === false ? h('div', { class: 'small bad' },
          r.problems ? t('district.check.bad', r.problems) : t('district.check.bad.some')) : null,
        r.invalid ? h('div', { class: 'small warn' }, t('district.documents.invalid', r.invalid)) : null),
      findingsCell(r),
      h('td', { class: 'num prev' }, prevText),
      h('td', { class: 'noprint' }, r.submitted ? h('button', {
        type: 'button', class: 'open', onclick: () => openDetail(r.id, r.commune),
      }, t('district.col.open')) : '')));
  }
  const submitted = rows.filter((r) => r.submitted).length;
  $('summary').textContent = t('district.summary', rows.length, submitted, rows.length - submitted);
  $('heading').textContent = t('district.heading', state.year);
  const sel = $('dossier-commune');
  const chosen = sel.value;
  clear(sel).append(h('option', { value: '' }, t('district.upload.commune.auto')),
    ...[...state.rows].sort((a, b) => a.commune.localeCompare(b.commune, 'vi'))
      .map((r) => h('option', { value: r.commune }, r.commune)));
  sel.value = chosen;
}

let loading = 0; /* the newest load: an older answer arriving late is dropped */

async function load(year) {
  const mine = ++loading;
  state.year = year;
  $('year').value = year;
  if (window.location.hash !== `#year=${year}`) window.history.replaceState(null, '', `#year=${year}`);
  $('status').textContent = t('district.loading');
  const cur = await api.overview(year);
  if (mine !== loading) return;
  const rows = (cur.communes || []).map(normalise);
  /* The year before: in each row ("previous"), else asked for. */
  let prevRows = rows.filter((r) => r.previous)
    .map((r) => normalise({ commune: r.commune, district: r.district, ...r.previous }));
  if (!prevRows.length && rows.length) {
    const prev = await api.overview(year - 1).catch(() => null);
    if (mine !== loading) return;
    prevRows = ((prev && prev.communes) || []).map(normalise);
  }
  state.rows = rows;
  state.prev = new Map(prevRows.map((r) => [keyOf(r), r]));
  $('status').textContent = '';
  renderTable();
}

async function openDetail(id, commune) {
  const box = $('detail');
  box.hidden = false;
  $('detail-h').textContent = visible(t('district.detail.title', commune || id));
  const body = $('detail-body');
  try {
    await api.watch(id, (sub) => {
      state.detail = sub;
      render(body, sub);
    });
  } catch (e) {
    clear(body).append(h('p', { class: 'error', role: 'alert' }, errorText(e)));
  }
  box.scrollIntoView({ block: 'start' });
  $('detail-h').focus();
}

/* ---- exports ---- */

function exportRows() {
  const y = state.year;
  const head = [t('district.col.commune'), t('district.col.district'), t('district.col.submitted'),
    t('district.col.others')];
  for (const k of ['20', '21', '22']) head.push(`${t('sub.criterion', k)} (%)`, `${t('sub.criterion', k)}: ${t('district.claimed', '').replace(/[:\s]+$/, '')} (%)`);
  head.push(t('district.col.indeterminate'), t('district.col.other'), t('district.col.seal'), t('district.col.findings'),
    t('sub.missing.title'));
  for (const k of ['20', '21', '22']) head.push(`${y - 1}: ${t('sub.criterion', k)} (%)`);
  /* last, so that the columns before keep their places (rtdesk22): empty when not compared */
  head.push(t('district.col.shared'));
  const rows = [...state.rows].sort(compare).map((r) => {
    /* the district too: an administrator's table holds namesakes of two
     * districts, told apart on the page by the district under the name */
    const out = [r.commune, r.district || '', r.submitted ? t('district.submitted') : t('district.not.submitted'),
      r.others];
    for (const k of ['20', '21', '22']) {
      out.push(r.c[k].computed ? r.c[k].computed.pct : '', r.c[k].claimed ? r.c[k].claimed.pct : '');
    }
    out.push(r.indeterminate ?? '', r.other ?? '', r.seal ? t(`district.seal.${r.seal}`) : '', r.findings ?? '',
      r.missing ?? '');
    for (const k of ['20', '21', '22']) out.push(prevPct(r, k) ?? '');
    out.push(r.shared && typeof r.shared.documents === 'number' ? r.shared.documents : '');
    return out;
  });
  return { head, rows };
}

function fileName(ext) {
  return `${t('district.export.name', state.year)}.${ext}`;
}

start(async () => {
  const s = await requireSession(['district', 'admin']);
  header(s);
  const fromHash = parseInt((window.location.hash.match(/^#year=(\d{4})$/) || [])[1], 10);
  const year = fromHash || new Date().getFullYear();

  const reload = (y) => load(y).catch((e) => { $('status').textContent = visible(errorText(e)); });
  $('year-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const y = parseInt($('year').value, 10);
    if (y >= 2000 && y <= 2100) reload(y);
  });
  $('year-prev').addEventListener('click', () => reload(state.year - 1));
  $('year-next').addEventListener('click', () => reload(state.year + 1));
  $('export-csv').addEventListener('click', () => {
    const { head, rows } = exportRows();
    saveBlob(csv(head, rows), fileName('csv'));
  });
  $('export-xlsx').addEventListener('click', () => {
    const { head, rows } = exportRows();
    saveBlob(xlsx(String(state.year), head, rows), fileName('xlsx'));
  });
  $('print').addEventListener('click', () => window.print());
  $('dossier-pick').addEventListener('click', () => $('dossier-file').click());
  $('dossier-file').addEventListener('change', () => {
    const f = $('dossier-file').files[0];
    $('dossier-file-name').textContent = f ? visible(f.name) : '';
  });
  $('detail-close').addEventListener('click', () => {
    $('detail').hidden = true;
    state.detail = null;
  });
  $('upload-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const file = $('dossier-file').files[0];
    const say = (text, bad) => {
      $('upload-status').textContent = visible(text);
      $('upload-status').className = bad ? 'status error' : 'status';
    };
    if (!file) {
      say(t('commune.need.files'), true);
      return;
    }
    const form = new FormData();
    form.append('year', String(state.year));
    if ($('dossier-commune').value) form.append('commune', $('dossier-commune').value);
    form.append('file', file, file.name);
    $('dossier-send').disabled = true;
    $('progress').hidden = false;
    try {
      const answer = await api.upload('/api/submissions', form, (p) => {
        $('progress').value = p;
        say(t('commune.uploading', Math.round(p * 100)));
      });
      say(t('commune.queued'));
      await openDetail(answer.id, $('dossier-commune').value || file.name);
      say(t('commune.done'));
      await load(state.year);
    } catch (e) {
      say(errorText(e), true);
      if (await sessionGone(e)) toLogin('expired');
    } finally {
      $('dossier-send').disabled = false;
      $('progress').hidden = true;
    }
  });
  window.addEventListener('hashchange', () => {
    const y = parseInt((window.location.hash.match(/^#year=(\d{4})$/) || [])[1], 10);
    if (y && y !== state.year) reload(y);
  });
  onChange(() => {
    renderTable();
    if (state.detail && !$('detail').hidden) render($('detail-body'), state.detail);
  });
  await load(year);
});
