/* ui.js: what every page shares: building elements without innerHTML (every
 * text from a file or a server goes in as text, never as markup), the header
 * with the user, the language switch and logging out, and error sentences. */
import { t, translate, setLang, lang, onChange } from './i18n.js';
import * as api from './api.js';

const SHOWN_ATTRS = new Set(['title', 'aria-label', 'alt', 'placeholder']);

/* h('td', {class: 'num', title: 'x'}, 'text', otherNode): children are
 * strings (text nodes), nodes, arrays of them, or null (skipped). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    /* a tooltip or a label is read as text too: a commune's name holding
     * U+202E must not be drawn reordered there either */
    else if (SHOWN_ATTRS.has(k)) el.setAttribute(k, visible(v));
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

/* Characters that draw nothing or reorder what follows (bidi controls, zero-width
 * ones, the soft hyphen, variation selectors, fillers, unassigned and private code
 * points), written as "[U+202E]" as the server's pages write them: a file name
 * "…09-2021\u202Efdp.exe" must not read "…09-2021exe.pdf". */
const HIDDEN = /[\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u2800\u3164\uFFA0\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu;
export function visible(text) {
  return String(text).replace(HIDDEN, (ch) => `[U+${ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}]`);
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(visible(c)));
  }
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/* The sentence for an API error, in the interface language. */
export function errorText(e) {
  if (!(e instanceof api.ApiError)) return t('err.server', '?', e && e.message);
  switch (e.status) {
    case 0: return t('err.network');
    case 403: return t('err.forbidden');
    case 404: return t('err.notfound');
    case 413: return t('err.toolarge', e.message);
    /* the login says its own; an upload's 429 (too many waiting) is the server's sentence */
    case 429: return e.message;
    default: return t('err.server', e.status, e.message);
  }
}

/* Goes to the login page, saying why there. */
export function toLogin(why) {
  const q = why ? `?why=${encodeURIComponent(why)}` : '';
  window.location.assign(`index.html${q}`);
}

/* Whether an API error means the session is gone: a read without it answers
 * 401, a POST 403 "please log in first" (as one without its CSRF token), so
 * a 403 asks GET /api/me whether there still is a session. */
export async function sessionGone(e) {
  if (!(e instanceof api.ApiError)) return false;
  if (e.status === 401) return true;
  if (e.status !== 403) return false;
  try {
    return (await api.whoami()) === null;
  } catch {
    return false;
  }
}

/* The user's session, or to the login page when there is none.  A page
 * meant for another role sends the user to theirs. */
export async function requireSession(roles) {
  let s;
  try {
    s = await api.whoami();
  } catch {
    s = api.session();
  }
  if (!s || !s.role) {
    toLogin('expired');
    return new Promise(() => {});
  }
  if (roles && !roles.includes(s.role)) {
    window.location.replace(homeOf(s.role));
    return new Promise(() => {});
  }
  return s;
}

export function homeOf(role) {
  return role === 'commune' ? 'commune.html' : 'district.html';
}

/* Fills the page header: who is logged in, the language switch, logout. */
export function header(s) {
  const box = document.getElementById('account');
  if (!box) return;
  const render = () => {
    clear(box);
    if (s) {
      const who = [s.user, t(`role.${s.role}`), s.commune || s.district || s.authority || null]
        .filter(Boolean).join(' · ');
      box.append(h('span', { class: 'who' }, t('nav.user', who)));
    }
    box.append(h('button', {
      type: 'button', class: 'link', id: 'lang-switch', lang: lang() === 'vi' ? 'en' : 'vi',
      'aria-label': t('lang.switch.label'),
      onclick: () => setLang(lang() === 'vi' ? 'en' : 'vi'),
    }, t('lang.switch')));
    if (s) {
      box.append(h('button', {
        type: 'button', class: 'link', id: 'logout',
        onclick: async () => {
          try { await api.logout(); } catch { /* the session may be gone already */ }
          toLogin();
        },
      }, t('nav.logout')));
    }
  };
  render();
  onChange(render);
}

/* Starts a page: translates the static text, then runs main. */
export function start(main) {
  const go = () => {
    translate();
    main().catch((e) => {
      const live = document.getElementById('status') || document.body;
      live.append(h('p', { class: 'error', role: 'alert' }, errorText(e)));
    });
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', go);
  else go();
}

/* A small status badge for a verdict (valid, invalid, …). */
export function badge(status, text) {
  return h('span', { class: `badge ${status}` }, text || t(`status.${status}`));
}

/* Writes a Blob to a file the browser downloads. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(url);
    a.remove();
  }, 1000);
}
