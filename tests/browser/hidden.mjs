/* tests/browser/hidden.mjs: hidden characters in what the pages set whole
 * (run.sh runs it after scenario.mjs, on the same desk).  The pages write
 * what the API gives through visible() (a bidi control shown as [U+202E])
 * in table cells, but set a few things whole: the commune's heading, the
 * district's detail title, status sentences, and the title attribute
 * (tooltip) of elements made with h().  A commune named with U+202E was
 * drawn reordered there.  Prints TAP numbered from KC_TAP_START, then the
 * plan (unless KC_TAP_PLAN=0). */
import { chromium } from 'playwright-core';
import { ok, finish } from './tap.mjs';

const env = (k, d) => process.env[k] ?? d;
const base = env('KC_BASE');

const browser = await chromium.launch({ executablePath: env('KC_CHROMIUM', '/usr/bin/chromium'), args: ['--no-sandbox'] });
try {
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await page.goto(`${base}/`);
  await page.fill('#user', env('KC_HIDDEN_CLERK'));
  await page.fill('#password', env('KC_PASSWORD'));
  await page.click('#login-submit');
  await page.waitForURL(/commune\.html/, { timeout: 30000 });
  await page.waitForFunction(() => document.getElementById('heading').textContent.trim() !== '', null,
    { timeout: 30000 });
  const heading = await page.textContent('#heading');
  ok(heading.includes('[U+202E]') && !heading.includes('\u202E'),
    'a commune named with U+202E: its heading shows [U+202E], not the control', JSON.stringify(heading));
  const tip = await page.evaluate(async () => {
    const ui = await import('/js/ui.js');
    const el = ui.h('div', { title: 'Xã Thủy\u202Egn\u200B' }, 'x');
    return el.getAttribute('title');
  });
  ok(tip === 'Xã Thủy[U+202E]gn[U+200B]', '... and a tooltip made by h() shows it so too', JSON.stringify(tip));
  const plain = await page.evaluate(async () => {
    const ui = await import('/js/ui.js');
    return ui.h('div', { title: 'Xã Thủy An (5/7)', class: 'x' }, 'x').getAttribute('title');
  });
  ok(plain === 'Xã Thủy An (5/7)', '... while an ordinary Vietnamese tooltip is kept as it is', JSON.stringify(plain));
} catch (e) {
  ok(false, 'the hidden-characters scenario ran to its end', e.stack);
} finally {
  await browser.close();
}
finish();
