/* commune.js: the commune clerk's desk (commune.html).  The clerk gathers
 * files (drop, pickers, folders, a zip), sends them for a year with
 * POST /api/submissions (upload progress from XHR), then the page polls
 * GET /api/submissions/{id} and shows the server's progress until the
 * result, rendered by submission.js, replaces it: no reload.  The id goes
 * into the address (#id=…), so a reload or a bookmark shows it again. */
import { t, onChange, bytes, num } from './i18n.js';
import * as api from './api.js';
import {
  start, header, requireSession, errorText, h, clear, sessionGone, toLogin, visible,
} from './ui.js';
import { FileSet, dropZone } from './upload.js';
import { render } from './submission.js';

const files = new FileSet();
let shown = null; /* the submission on screen */
let statusKey = null; /* what the status line says, to say it again in the other language */
let statusArgs = [];

const $ = (id) => document.getElementById(id);

function say(key, ...args) {
  statusKey = key;
  statusArgs = args;
  const el = $('status');
  /* 'err': args[0] is a sentence already made by errorText(). */
  el.textContent = visible(key === 'err' ? args[0] : key ? t(key, ...args) : '');
  el.className = key && (key === 'err' || key === 'commune.failed' || key.startsWith('commune.need'))
    ? 'status error' : 'status';
}

function showChosen() {
  const n = files.size;
  $('chosen').textContent = n ? t('commune.chosen', num(n), bytes(files.bytes)) : t('commune.chosen.none');
  const k = files.kinds();
  $('chosen-kinds').textContent = t('commune.kinds', k.register, k.pdf, k.p7s, k.word, k.zip, k.other);
  const list = clear($('chosen-list'));
  const paths = files.paths();
  for (const p of paths.slice(0, 300)) list.append(h('li', {}, p));
  if (paths.length > 300) list.append(h('li', { class: 'muted' }, `… +${num(paths.length - 300)}`));
  $('chosen-details').hidden = n === 0;
}

function progress(value) {
  const bar = $('progress');
  if (value === null) {
    bar.hidden = true;
    return;
  }
  bar.hidden = false;
  if (value === undefined) bar.removeAttribute('value'); /* indeterminate */
  else bar.value = value;
}

function showResult(sub) {
  if (!shown && sub.year) $('year').value = sub.year;
  shown = sub;
  render($('result'), sub);
}

async function follow(id) {
  if (window.location.hash !== `#id=${id}`) window.history.replaceState(null, '', `#id=${id}`);
  const last = await api.watch(id, (sub) => {
    if (sub.status === 'queued') {
      say('commune.queued');
      progress(undefined);
    } else if (sub.status === 'running') {
      const p = typeof sub.progress === 'number' ? sub.progress : 0;
      say('commune.running', Math.round(p * 100));
      progress(p);
    }
    showResult(sub);
  });
  progress(null);
  if (last.status === 'done') say('commune.done');
  else say('commune.failed', last.error || last.message || '');
  $('result-h').focus();
  return last;
}

async function send(ev) {
  ev.preventDefault();
  const year = parseInt($('year').value, 10);
  if (!(year >= 2000 && year <= 2100)) {
    say('commune.need.year');
    $('year').focus();
    return;
  }
  if (!files.size) {
    say('commune.need.files');
    $('pick-files-button').focus();
    return;
  }
  $('send').disabled = true;
  say('commune.uploading', 0);
  progress(0);
  try {
    const answer = await api.upload('/api/submissions', files.form(year), (p) => {
      say('commune.uploading', Math.round(p * 100));
      progress(p);
    });
    say('commune.queued');
    progress(undefined);
    await follow(answer.id);
    loadHistory();
  } catch (e) {
    progress(null);
    say('err', errorText(e));
    if (await sessionGone(e)) toLogin('expired');
  } finally {
    $('send').disabled = false;
  }
}

/* Earlier submissions, when the server lists them (GET /api/submissions). */
async function loadHistory() {
  let list;
  try {
    list = await api.get('/api/submissions');
  } catch {
    return;
  }
  const items = Array.isArray(list) ? list : list && list.submissions;
  if (!Array.isArray(items) || !items.length) return;
  const ul = clear($('history'));
  for (const s of items.slice(0, 20)) {
    ul.append(h('li', {}, h('a', { href: `#id=${s.id}` },
      t('commune.history.item', s.year, s.id, t(`sub.status.${s.status || 'done'}`)))));
  }
  $('history-box').hidden = false;
}

function idFromHash() {
  const m = window.location.hash.match(/^#id=([\w-]+)$/);
  return m ? m[1] : null;
}

start(async () => {
  const s = await requireSession(['commune', 'admin']);
  header(s);
  const heading = () => {
    $('heading').textContent = visible(s.commune ? t('commune.heading', s.commune) : t('commune.heading.none'));
  };
  heading();
  $('result-h').tabIndex = -1;
  $('year').value = new Date().getFullYear();

  dropZone($('drop'), files, showChosen);
  $('pick-files-button').addEventListener('click', () => $('pick-files').click());
  $('pick-folder-button').addEventListener('click', () => $('pick-folder').click());
  for (const id of ['pick-files', 'pick-folder']) {
    $(id).addEventListener('change', (ev) => {
      files.addList(ev.target.files);
      ev.target.value = '';
      showChosen();
    });
  }
  $('clear').addEventListener('click', () => {
    files.clear();
    showChosen();
  });
  $('upload-form').addEventListener('submit', send);
  showChosen();

  onChange(() => {
    heading();
    showChosen();
    if (statusKey) say(statusKey, ...statusArgs);
    if (shown) showResult(shown);
  });
  window.addEventListener('hashchange', () => {
    const id = idFromHash();
    if (id && (!shown || String(shown.id) !== id)) follow(id).catch((e) => say('err', errorText(e)));
  });

  loadHistory();
  const id = idFromHash();
  if (id) await follow(id).catch((e) => say('err', errorText(e)));
});
