/* login.js: the login form.  POST /api/login; on success the answer (user,
 * role, commune, csrf) is kept in the desk's localStorage and the user goes
 * to their desk: the commune clerk to commune.html, the district and the
 * admin to district.html.  A 401 is "wrong user name or password", whichever it was;
 * a 429 (the server slowing repeated failures) asks to wait. */
import { t, onChange } from './i18n.js';
import * as api from './api.js';
import { start, header, homeOf, errorText, visible } from './ui.js';

start(async () => {
  header(null);
  const form = document.getElementById('login');
  const status = document.getElementById('status');
  const button = document.getElementById('login-submit');
  const why = new URLSearchParams(window.location.search).get('why');
  let said = why === 'expired' ? 'login.expired' : null;
  const say = (key, text) => {
    said = key;
    status.textContent = visible(text || (key ? t(key) : ''));
    status.className = key && key !== 'login.busy' ? 'status error' : 'status';
  };
  if (said) say(said);
  onChange(() => { if (said) say(said); });

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const user = form.user.value.trim();
    const password = form.password.value;
    if (!user || !password) {
      (user ? form.password : form.user).focus();
      say('login.wrong');
      return;
    }
    button.disabled = true;
    say('login.busy');
    try {
      const s = await api.login(user, password);
      window.location.assign(homeOf(s.role));
    } catch (e) {
      button.disabled = false;
      if (e.status === 401) say('login.wrong');
      else if (e.status === 429) say('login.slow');
      else say('err', errorText(e));
      form.password.select();
      form.password.focus();
    }
  });
});
