/* tests/browser/secure.mjs: the desk under --secure-cookie in Chromium (run.sh
 * starts it so after scenario.mjs): the session cookie is __Host-kc_session
 * (Secure, Path=/; Chromium sets Secure cookies on http://127.0.0.1, a
 * potentially trustworthy origin), the clerk's pages work with it, the
 * language switch's cookie still works, and the logout clears it.  Prints
 * TAP numbered from KC_TAP_START, then the plan. */
import { chromium } from 'playwright-core';
import { ok, finish } from './tap.mjs';

const env = (k, d) => process.env[k] ?? d;
const base = env('KC_BASE');

const browser = await chromium.launch({ executablePath: env('KC_CHROMIUM', '/usr/bin/chromium'), args: ['--no-sandbox'] });
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const me = () => page.evaluate(async () => (await fetch('/api/me')).status);
  await page.goto(`${base}/`);
  await page.fill('#user', env('KC_CLERK'));
  await page.fill('#password', env('KC_PASSWORD'));
  await page.click('#login-submit');
  await page.waitForURL(/commune\.html/, { timeout: 30000 });
  const session = (await context.cookies()).filter((c) => /kc_session$/.test(c.name));
  ok(session.length === 1 && session[0].name === '__Host-kc_session' && session[0].secure && session[0].path === '/'
    && session[0].httpOnly, 'under --secure-cookie the clerk logs in with a Secure __Host-kc_session, Path=/',
    JSON.stringify(session));
  ok(await me() === 200, '... which the desk reads (the page\'s /api/me: 200)', 'no session');
  await page.click('#lang-switch');
  const lang = (await context.cookies()).find((c) => c.name === 'lang');
  const htmlLang = await page.getAttribute('html', 'lang');
  await page.click('#lang-switch');
  ok(lang && lang.value === 'en' && htmlLang === 'en', '... the language switch still sets its cookie and turns the page English',
    `${JSON.stringify(lang)} ${htmlLang}`);
  await page.click('#logout');
  await page.waitForURL(/index\.html/, { timeout: 30000 });
  const left = (await context.cookies()).map((c) => c.name);
  ok(!left.includes('__Host-kc_session') && await me() === 401, '... and logging out clears the cookie and ends the session',
    JSON.stringify(left));
} catch (e) {
  ok(false, 'the --secure-cookie scenario ran to its end', e.stack);
} finally {
  await browser.close();
}
finish();
