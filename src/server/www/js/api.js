/* api.js: the one place the pages talk to the server (the JSON API under
 * /api/, README "kiemchung serve").  The session is an HttpOnly cookie the
 * page never sees; what the page keeps is the login answer (user, role,
 * commune, csrf) in the desk's localStorage (every tab of this origin), and
 * every POST carries its CSRF token in X-CSRF-Token.  A session cookie whose
 * token this page does not hold is not its own: another site of the host can
 * set the cookie (the attacker's session, for a logged-out clerk) but cannot
 * write this origin's storage, so the server tells GET /api/me's token only
 * to a page sending it, and such a session sends the user to the login.  Errors become ApiError with the HTTP status and the
 * server's sentence, so each page can say what happened in plain words. */

const KEY = 'kiemchung.session';

export class ApiError extends Error {
  constructor(status, message) {
    super(message || `HTTP ${status}`);
    this.status = status;
  }
}

export function session() {
  try {
    return JSON.parse(localStorage.getItem(KEY) || 'null');
  } catch {
    return null;
  }
}

function remember(s) {
  if (s) localStorage.setItem(KEY, JSON.stringify(s));
  else localStorage.removeItem(KEY);
}

/* The server's sentence from an error answer: {"error": "…"} or text. */
async function reason(res) {
  const text = await res.text().catch(() => '');
  try {
    const j = JSON.parse(text);
    return j.error || j.message || text;
  } catch {
    return text.slice(0, 300);
  }
}

async function send(method, path, body, headers = {}) {
  let res;
  try {
    res = await fetch(path, {
      method,
      body,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, e.message);
  }
  if (!res.ok) throw new ApiError(res.status, await reason(res));
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  return type.includes('json') ? res.json() : res.text();
}

function csrfHeaders(extra = {}) {
  const s = session();
  return { ...extra, 'X-CSRF-Token': (s && s.csrf) || '' };
}

export function get(path) {
  return send('GET', path, undefined, { Accept: 'application/json' });
}

export function post(path, json) {
  return send('POST', path, json === undefined ? undefined : JSON.stringify(json),
    csrfHeaders({ 'Content-Type': 'application/json', Accept: 'application/json' }));
}

export async function login(user, password) {
  const answer = await send('POST', '/api/login', JSON.stringify({ user, password }),
    { 'Content-Type': 'application/json', Accept: 'application/json' });
  remember(answer);
  return answer;
}

export async function logout() {
  try {
    await post('/api/logout');
  } finally {
    remember(null);
  }
}

/* Who is logged in: the server's word when it has GET /api/me, else the
 * login answer kept.  null when the session is gone (401), or is not one
 * this page logged in (the server answers its token only to the page that
 * holds it: a session another site of the host planted in the cookie). */
export async function whoami() {
  try {
    const kept = session();
    const me = await send('GET', '/api/me', undefined,
      { Accept: 'application/json', 'X-CSRF-Token': (kept && kept.csrf) || '' });
    if (!me || !me.csrf) {
      remember(null);
      return null;
    }
    const s = { ...(kept || {}), ...me };
    remember(s);
    return s;
  } catch (e) {
    if (e.status === 401) {
      remember(null);
      return null;
    }
    if (e.status === 404 || e.status === 405) return session();
    throw e;
  }
}

/* POST multipart/form-data with upload progress (fetch has none): resolves
 * with the JSON answer, rejects with ApiError. */
export function upload(path, form, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('X-CSRF-Token', (session() || {}).csrf || '');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable && onProgress) onProgress(ev.loaded / ev.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'network'));
    xhr.onload = () => {
      let j = null;
      try {
        j = JSON.parse(xhr.responseText);
      } catch {
        j = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(j);
      else reject(new ApiError(xhr.status, (j && (j.error || j.message)) || xhr.responseText.slice(0, 300)));
    };
    xhr.send(form);
  });
}

export function submission(id) {
  return get(`/api/submissions/${encodeURIComponent(id)}`);
}

export function dossierUrl(id) {
  return `/api/submissions/${encodeURIComponent(id)}/dossier.zip`;
}

export function overview(year) {
  return get(`/api/overview?year=${encodeURIComponent(year)}`);
}

/* Polls a submission until it is done or failed, calling onUpdate with each
 * answer; the interval grows from 0.5 s to 3 s so a long run of thousands of
 * documents does not flood the server. */
export async function watch(id, onUpdate, signal) {
  let wait = 500;
  for (;;) {
    const s = await submission(id);
    onUpdate(s);
    if (s.status === 'done' || s.status === 'failed') return s;
    await new Promise((r) => setTimeout(r, wait));
    if (signal && signal.aborted) return s;
    wait = Math.min(3000, wait * 1.5);
  }
}
