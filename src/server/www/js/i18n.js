/* i18n.js: the interface language.  Vietnamese by default; English when the
 * `lang` cookie says so (the switch in the header sets it, and the server
 * reads the same cookie for the messages it writes).  Static text sits in the
 * pages as data-i18n="key" (data-i18n-attr="attr:key;…" for attributes), so
 * no string lives in HTML; dynamic text asks t().  Switching re-translates
 * the page in place and calls the listeners, so nothing chosen is lost. */
import vi from './lang/vi.js';
import en from './lang/en.js';

const tables = { vi, en };
const listeners = [];

function cookieLang() {
  for (const part of document.cookie.split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === 'lang' && tables[v]) return v;
  }
  return 'vi';
}

let current = cookieLang();

export function lang() {
  return current;
}

/* The string for key in the current language, {0}… replaced by args.  A key
 * missing from English falls back to Vietnamese; a key missing from both
 * shows itself, so a forgotten string is visible, not blank. */
export function t(key, ...args) {
  let s = tables[current][key];
  if (s === undefined) s = tables.vi[key];
  if (s === undefined) return key;
  return s.replace(/\{(\d+)\}/g, (m, i) => (args[i] === undefined ? m : String(args[i])));
}

/* Whether the table has the key (for reason codes the server may add). */
export function has(key) {
  return tables[current][key] !== undefined || tables.vi[key] !== undefined;
}

export function translate(root = document) {
  document.documentElement.lang = current;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':');
      if (attr && key) el.setAttribute(attr.trim(), t(key.trim()));
    }
  }
}

export function onChange(fn) {
  listeners.push(fn);
}

export function setLang(code) {
  if (!tables[code]) return;
  current = code;
  /* A year; SameSite=Strict like the session; readable by the server. */
  document.cookie = `lang=${code}; path=/; max-age=31536000; SameSite=Strict`;
  translate();
  for (const fn of listeners) fn(code);
}

/* Numbers and dates as a Vietnamese reader writes them (1.234; 71,4) in both
 * languages: the report's figures are quoted as the report writes them. */
export function num(n) {
  return new Intl.NumberFormat('vi-VN').format(n);
}

export function bytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${num(Math.round(n / 102.4) / 10)} KB`;
  return `${num(Math.round(n / 104857.6) / 10)} MB`;
}

/* An ISO time as local time in Vietnam, day first. */
export function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric',
    hour: '2-digit', minute: '2-digit',
  }).format(d);
}
