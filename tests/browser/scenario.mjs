/* scenario.mjs: the desk of `kiemchung serve` in Debian's Chromium, driven
 * by playwright-core (tests/browser/run.sh starts the server and sets the
 * environment).  Prints TAP, numbered from KC_TAP_START.
 *
 * A commune clerk logs in, hands in the sample commune as a folder (the
 * register as Excel keeps it, the outgoing documents, the evidence and the
 * Word report), waits for the verdicts without reloading, reads 5/7 (71,4%)
 * for criterion 20 and each problem document's reason, switches to English
 * and back, downloads the dossier, which `kiemchung check` passes; a
 * district officer finds the commune in the year's table, opens its
 * documents, downloads the table as CSV and .xlsx, and prints it on A4; a
 * second commune's clerk gets 404 for the first one's submission.  Screenshots
 * at 1366x768 must not be blank; no script error and no CSP violation. */
import { chromium } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { mkdirSync, readFileSync, copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from './png.mjs';
import { ok, step, finish } from './tap.mjs';

const env = (k, d) => process.env[k] ?? d;
const base = env('KC_BASE');
const out = env('KC_OUT');
const kc = env('KC_BIN');
const www = env('KC_WWW');
const folder = env('KC_UPLOAD_DIR');
const year = env('KC_YEAR', '2021');
const pw = env('KC_PASSWORD');
const users = { clerk: env('KC_CLERK'), other: env('KC_CLERK2'), officer: env('KC_OFFICER') };
const commune = env('KC_COMMUNE');
const shotsTo = env('KC_SCREENSHOTS_DIR', '');
const src = env('KC_SRC');
const trustArgs = ['--no-default-trust', '--trust', join(src, 'certs/test/trust')];


const problems = []; /* script errors and CSP violations, from every page */
function watchPage(page, who) {
  page.on('pageerror', (e) => problems.push(`${who}: ${e.message}`));
  page.on('console', (m) => {
    const text = m.text();
    if (m.type() === 'error' && !/^Failed to load resource/.test(text)) problems.push(`${who}: ${text}`);
    if (/Content Security Policy|Refused to/.test(text)) problems.push(`${who}: ${text}`);
  });
}

async function login(browser, user, who) {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 }, acceptDownloads: true, locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  const page = await context.newPage();
  watchPage(page, who);
  await page.goto(`${base}/`);
  await page.fill('#user', user);
  await page.fill('#password', pw);
  await Promise.all([page.waitForURL(/(commune|district)\.html/), page.click('#login-submit')]);
  return { context, page };
}

async function screenshot(page, name) {
  const file = join(out, name);
  await page.screenshot({ path: file });
  const img = inspect(readFileSync(file));
  if (shotsTo) {
    mkdirSync(shotsTo, { recursive: true });
    copyFileSync(file, join(shotsTo, name));
  }
  return {
    ok: img.width === 1366 && img.height === 768 && img.colours > 40 && img.ink > 0.03,
    diag: `${name}: ${img.width}x${img.height}, ${img.colours} colours, ${(img.ink * 100).toFixed(1)}% ink`,
  };
}

/* WCAG AA in the page: every visible element with text of its own, its
 * colour (with the opacity of it and its ancestors) against the first
 * opaque background behind it; 4.5:1, or 3:1 for large text.  Returns how
 * many were measured and the failures as "ratio text" lines. */
function lowContrast(page) {
  return page.evaluate(() => {
    const rgba = (c) => {
      const m = c.match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/);
      return m ? [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]] : [0, 0, 0, 0];
    };
    const lum = ([r, g, b]) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const over = (fg, bg) => [0, 1, 2].map((i) => fg[i] * fg[3] + bg[i] * (1 - fg[3]));
    const background = (el) => {
      const layers = [];
      for (let e = el; e; e = e.parentElement) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] >= 1) break;
      }
      let bg = [255, 255, 255];
      for (const c of layers.reverse()) bg = over(c, bg);
      return bg;
    };
    const bad = [];
    let checked = 0;
    for (const el of document.querySelectorAll('body *')) {
      const own = [...el.childNodes].filter((n) => n.nodeType === 3 && n.textContent.trim()).map((n) => n.textContent.trim()).join(' ');
      if (!own || !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
      const r = el.getBoundingClientRect();
      if (!r.width || !r.height || el.disabled || el.closest('.skip')) continue;
      const st = getComputedStyle(el);
      let alpha = 1;
      for (let e = el; e; e = e.parentElement) alpha *= +getComputedStyle(e).opacity;
      const c = rgba(st.color);
      const bg = background(el);
      const fg = over([c[0], c[1], c[2], c[3] * alpha], bg);
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      const ratio = (a + 0.05) / (b + 0.05);
      checked++;
      const size = parseFloat(st.fontSize);
      const large = size >= 24 || (size >= 18.66 && +st.fontWeight >= 700);
      if (ratio < (large ? 3 : 4.5)) bad.push(`${ratio.toFixed(2)} ${el.tagName.toLowerCase()}.${el.className} "${own.slice(0, 40)}"`);
    }
    return { checked, bad };
  });
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { status: r.status, text: `${r.stdout}${r.stderr}` };
}

const browser = await chromium.launch({
  executablePath: env('KC_CHROMIUM', '/usr/bin/chromium'),
  headless: true,
  /* Nothing reaches for the network; root in CI needs --no-sandbox.
   * playwright-core gives every launch a fresh --user-data-dir. */
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-default-apps', '--disable-extensions'],
});

let submissionId = null;
try {
  await step('both language tables have the same keys', async () => {
    const vi = (await import(join(www, 'js/lang/vi.js'))).default;
    const en = (await import(join(www, 'js/lang/en.js'))).default;
    const a = Object.keys(vi).filter((k) => !(k in en));
    const b = Object.keys(en).filter((k) => !(k in vi));
    return { ok: !a.length && !b.length, diag: `only vi: ${a}\nonly en: ${b}` };
  });

  await step('a wrong password is refused with a sentence, and the page stays', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    watchPage(page, 'login');
    await page.goto(`${base}/`);
    await page.fill('#user', users.clerk);
    await page.fill('#password', 'not-the-password');
    await page.click('#login-submit');
    await page.waitForSelector('#status.error');
    const said = await page.textContent('#status');
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
    await context.close();
    return { ok: said === 'Sai tên đăng nhập hoặc mật khẩu.' && page.url().endsWith('/') && focused === 'password', diag: `${said} ${focused}` };
  });

  /* ---- the commune clerk ---- */
  const { page } = await login(browser, users.clerk, 'clerk');
  await step('a clerk logs in and lands on the commune desk, in Vietnamese', async () => {
    const lang = await page.getAttribute('html', 'lang');
    const heading = await page.textContent('#heading');
    return { ok: page.url().includes('commune.html') && lang === 'vi' && heading.includes('Hồ sơ kiểm chứng'),
      diag: `${page.url()} lang=${lang} heading=${heading}` };
  });
  await step('every visible form control has a label', async () => {
    const bad = await page.$$eval('input:not([hidden]), select, textarea', (els) => els
      .filter((e) => !e.labels.length && !e.getAttribute('aria-label')).map((e) => e.id || e.name));
    return { ok: !bad.length, diag: `unlabelled: ${bad}` };
  });
  await step('a file dropped on the drop zone is taken', async () => {
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['%PDF-1.4'], 'thử.pdf', { type: 'application/pdf' }));
      const zone = document.getElementById('drop');
      for (const type of ['dragenter', 'dragover', 'drop']) {
        zone.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      }
    });
    await page.waitForFunction(() => document.getElementById('chosen').textContent.includes('1 tệp'));
    await page.click('#clear');
    return true;
  });
  await step('the sample commune is chosen as a folder', async () => {
    await page.fill('#year', year);
    await page.setInputFiles('#pick-folder', folder);
    const text = await page.textContent('#chosen');
    const kinds = await page.textContent('#chosen-kinds');
    return { ok: /Đã chọn \d+ tệp/.test(text) && /^1 sổ/.test(kinds), diag: `${text}\n${kinds}` };
  });
  await step('sent: progress shows, then the verdicts appear without reloading', async () => {
    let reloaded = false;
    page.on('load', () => { reloaded = true; });
    await page.click('#send');
    await page.waitForSelector('tr[data-criterion="20"] .figure', { timeout: 300000 });
    submissionId = (page.url().match(/#id=([\w-]+)/) || [])[1] || null;
    return { ok: !reloaded && submissionId !== null, diag: `url ${page.url()}` };
  });
  await step('criterion 20 reads 5/7 (71,4%), as the report writes it', async () => {
    const row = await page.textContent('tr[data-criterion="20"]');
    return { ok: row.includes('Tiêu chí 20') && row.includes('Tỷ lệ văn bản đi được ký số') && row.includes('5/7 (71,4%)'), diag: row };
  });
  await step('criteria 21 and 22 read 3/7 (42,9%) and 4/6 (66,7%)', async () => {
    const a = await page.textContent('tr[data-criterion="21"] .figure');
    const b = await page.textContent('tr[data-criterion="22"] .figure');
    return { ok: a === '3/7 (42,9%)' && b === '4/6 (66,7%)', diag: `${a} ${b}` };
  });
  await step('the document changed after signing says why and what to do', async () => {
    const row = page.locator('table.doclist tr[data-file="25-TB-UBND.pdf"]');
    const text = await row.textContent();
    const status = await row.getAttribute('data-status');
    return { ok: status === 'invalid' && text.includes('văn bản đã bị sửa sau khi ký') && text.includes('Lấy lại tệp gốc'), diag: `${status}: ${text}` };
  });
  await step('the unsigned document says to have it signed', async () => {
    const row = page.locator('table.doclist tr[data-file="21-BC-UBND.pdf"]');
    const text = await row.textContent();
    return { ok: (await row.getAttribute('data-status')) === 'unsigned' && text.includes('Trình lãnh đạo ký số'), diag: text };
  });
  await step('the report\'s lint findings are listed (15 and 36 not met)', async () => {
    const rows = await page.$$eval('section.findings tbody tr', (trs) => trs.map((tr) => tr.textContent));
    return { ok: rows.some((r) => r.startsWith('15')) && rows.some((r) => r.startsWith('36')), diag: rows.join('\n') };
  });
  await step('screenshot of the clerk\'s desk (1366x768) is not blank', () => screenshot(page, 'commune.png'));
  await step('the clerk\'s desk: every text meets WCAG AA contrast', async () => {
    const { checked, bad } = await lowContrast(page);
    return { ok: checked > 50 && !bad.length, diag: `${checked} texts measured\n${bad.join('\n')}` };
  });
  await step('the language switch turns the page English, sets the cookie, and back', async () => {
    await page.click('#lang-switch');
    const en = await page.textContent('tr[data-criterion="20"]');
    const cookies = await page.context().cookies();
    const lang = cookies.find((c) => c.name === 'lang');
    await page.click('#lang-switch');
    const vi = await page.textContent('tr[data-criterion="20"]');
    return { ok: en.includes('Criterion 20') && en.includes('5/7 (71,4%)') && lang && lang.value === 'en' && vi.includes('Tiêu chí 20'),
      diag: `${en}\n${vi}\n${JSON.stringify(lang)}` };
  });
  const dossier = join(out, 'dossier.zip');
  await step('the dossier downloads and `kiemchung check` passes on it', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-dossier')]);
    await download.saveAs(dossier);
    const r = run(kc, ['check', ...trustArgs, dossier]);
    return { ok: r.status === 0, diag: `exit ${r.status}\n${r.text}` };
  });
  await step('the criteria still without evidence are listed, and each HTML report opens', async () => {
    const missing = await page.$$eval('section.missing-evidence li', (lis) => lis.map((l) => l.textContent));
    const links = await page.$$eval('section.downloads a[data-report]', (as) => as.map((a) => a.href));
    const answers = [];
    let good = links.length >= 2;
    for (const href of links) {
      const r = await page.request.get(href);
      const body = await r.text();
      const fine = r.status() === 200 && /^text\/html/.test(r.headers()['content-type'] || '') && body.includes('<html');
      good &&= fine;
      answers.push(`${r.status()} ${r.headers()['content-type']} ${href}`);
    }
    return { ok: good && missing.length > 0 && missing.every((m) => /^Tiêu chí \d+/.test(m)),
      diag: `${missing.join('\n')}\n${answers.join('\n')}` };
  });
  await step('the same folder as one .zip, chosen with the file picker, gives the same 5/7 (71,4%)', async () => {
    await page.click('#clear');
    await page.setInputFiles('#pick-files', env('KC_UPLOAD_ZIP'));
    const kinds = await page.textContent('#chosen-kinds');
    const before = page.url();
    await page.click('#send');
    await page.waitForFunction((u) => window.location.href !== u, before, { timeout: 60000 });
    await page.waitForFunction(() => /^(Đã kiểm tra xong|Không kiểm tra được)/.test(document.getElementById('status').textContent),
      null, { timeout: 300000 });
    const c20 = await page.textContent('tr[data-criterion="20"] .figure');
    return { ok: /1 \.zip/.test(kinds) && c20 === '5/7 (71,4%)', diag: `${kinds}\n${page.url()}\n${c20}` };
  });
  await step('a POST without the CSRF token is refused (403)', async () => {
    const r = await page.request.post(`${base}/api/submissions`, { multipart: { year } });
    return { ok: r.status() === 403, diag: `HTTP ${r.status()}` };
  });
  await step('an upload after the session is gone (403 "please log in first") goes to the login page', async () => {
    const kept = (await page.context().cookies()).filter((c) => c.name !== 'kc_session');
    await page.context().clearCookies();
    await page.context().addCookies(kept);
    await page.click('#clear');
    await page.setInputFiles('#pick-files', env('KC_UPLOAD_ZIP'));
    await page.click('#send');
    await page.waitForURL(/index\.html\?why=expired/, { timeout: 30000 }).catch(() => {});
    return { ok: /index\.html\?why=expired/.test(page.url()), diag: page.url() };
  });

  /* ---- the district officer ---- */
  const officer = await login(browser, users.officer, 'officer');
  const dp = officer.page;
  await step('a district officer sees the commune in the year\'s table, submitted, 71,4%', async () => {
    /* The page opens on this year; the officer picks the year with the
     * year field, and the table and heading follow without a reload. */
    await dp.waitForFunction(() => document.getElementById('heading').textContent !== '', null, { timeout: 30000 });
    await dp.fill('#year', year);
    await dp.press('#year', 'Enter');
    await dp.waitForFunction((y) => document.getElementById('heading').textContent.includes(y)
      && window.location.hash === `#year=${y}` && document.getElementById('status').textContent === '', year, { timeout: 30000 });
    const row = dp.locator(`#overview-body tr[data-commune="${commune}"]`);
    await row.waitFor({ timeout: 30000 });
    const text = await row.textContent();
    return { ok: text.includes('đã nộp') && text.includes('71,4%'), diag: text };
  });
  await step('the table sorts by criterion 20 (aria-sort says so)', async () => {
    await dp.click('button.sort[data-key="c20"]');
    const sort = await dp.getAttribute('th:has(button.sort[data-key="c20"])', 'aria-sort');
    return { ok: sort === 'ascending', diag: sort };
  });
  await step('the drill-down shows a document\'s reasons', async () => {
    await dp.click(`#overview-body tr[data-commune="${commune}"] button.open`);
    const row = dp.locator('#detail-body table.doclist tr[data-file="25-TB-UBND.pdf"]');
    await row.waitFor({ timeout: 30000 });
    return { ok: (await row.textContent()).includes('văn bản đã bị sửa sau khi ký') };
  });
  await step('a dossier the commune sealed and sent by mail is uploaded and reviewed: seal valid, 71,4%', async () => {
    const sealed = join(out, 'ho-so-thuy-an-2021.zip');
    copyFileSync(dossier, sealed);
    const r = run(kc, ['seal', sealed, '--cert', join(src, 'certs/test/org.pem'), '--key', join(src, 'certs/test/org.key'),
      '--chain', join(src, 'certs/test/ca.pem'), ...trustArgs]);
    if (r.status !== 0) return { ok: false, diag: `seal: exit ${r.status}\n${r.text}` };
    await dp.setInputFiles('#dossier-file', sealed);
    await dp.selectOption('#dossier-commune', commune);
    await dp.click('#dossier-send');
    await dp.waitForSelector('#upload-status:not(.error)', { timeout: 5000 });
    await dp.waitForFunction(() => /^(Đã kiểm tra xong|Checked)/.test(document.getElementById('upload-status').textContent)
      || document.getElementById('upload-status').classList.contains('error'), null, { timeout: 300000 });
    const said = await dp.textContent('#upload-status');
    const seal = await dp.textContent('#detail-body p.seal');
    const c20 = await dp.textContent('#detail-body tr[data-criterion="20"] .figure');
    const row = await dp.textContent(`#overview-body tr[data-commune="${commune}"]`);
    return { ok: /hợp lệ/.test(seal) && c20 === '5/7 (71,4%)' && row.includes('hợp lệ'), diag: `${said}\n${seal}\n${c20}\n${row}` };
  });
  await step('… its row: the dossier checks (as `kiemchung check`), its invalid document shown as a document', async () => {
    /* the row as review gives it: the check ok, the seal valid, the document
     * 25-TB-UBND.pdf not validly signed counted apart, not a check problem */
    const sel = `#overview-body tr[data-commune="${commune}"]`;
    await dp.waitForFunction((s) => (document.querySelector(s) || {}).textContent?.includes('1 văn bản có chữ ký không hợp lệ'),
      sel, { timeout: 30000 }).catch(() => {});
    const row = await dp.textContent(sel);
    return { ok: row.includes('1 văn bản có chữ ký không hợp lệ') && !row.includes('kiểm tra hồ sơ'), diag: row };
  });
  await step('two same-name communes of two districts (an administrator\'s table): each row its own year before', async () => {
    /* The table as an administrator gets it: "Xã Thủy An" of huyện Phú
     * Vang (71,4% the year before) and of huyện Phong Điền (nothing sent):
     * the page kept the year before by name, and both rows showed one. */
    const page = await officer.context.newPage();
    watchPage(page, 'officer (same names)');
    const crit = (num, den, text) => ({ 20: { numerator: num, denominator: den, text },
      21: { numerator: null, denominator: null, text: null }, 22: { numerator: null, denominator: null, text: null } });
    const row = (district, prev) => ({
      commune: commune, district, year: 2022, submission: null, status: null, criteria: crit(null, null, null),
      previous: prev ? { commune, district, year: 2021, submission: 1, status: 'done', kind: 'files',
        criteria: crit(5, 7, '71,4%') } : { commune, district, year: 2021, submission: null, status: null,
        criteria: crit(null, null, null) },
    });
    const body = { year: 2022, communes: [row('UBND huyện Phú Vang', true), row('UBND huyện Phong Điền', false)] };
    await page.route(/\/api\/overview\?year=2022$/, (r) => r.fulfill({ status: 200, contentType: 'application/json',
      body: JSON.stringify(body) }));
    await page.goto(`${base}/district.html#year=2022`);
    await page.waitForFunction(() => document.querySelectorAll('#overview-body tr[data-commune]').length === 2, null,
      { timeout: 30000 });
    const cells = await page.$$eval('#overview-body tr[data-commune]', (trs) => trs.map((tr) => [
      tr.querySelector('th').textContent, tr.querySelector('td.prev').textContent]));
    await page.close();
    /* in the order sent (the names tie); each name with its district */
    const [pv, pd] = cells;
    return { ok: cells.length === 2 && pv[1].startsWith('71,4%') && !pd[1].includes('71,4%')
      && pv[0].includes('Phú Vang') && pd[0].includes('Phong Điền'), diag: JSON.stringify(cells) };
  });
  await step('rtdesk22: a figure counting signatures another commune\'s submission counts too says so beside it', async () => {
    /* The overview's "shared" (api_overview_shared.c): Thủy An of Phú Vang
     * counts 5 signed documents that a commune of another district counts
     * too (the namesakes' certificates name no district); a submission
     * analysed before the keys were stored (shared null) says it was not
     * compared, never nothing. */
    const page = await officer.context.newPage();
    watchPage(page, 'officer (shared)');
    const crit = { 20: { numerator: 5, denominator: 7, text: '71,4%' },
      21: { numerator: 3, denominator: 7, text: '42,9%' }, 22: { numerator: 2, denominator: 3, text: '66,7%' } };
    const row = (name, shared) => ({ commune: name, district: 'UBND huyện Phú Vang', year: 2023, submission: 9,
      status: 'done', kind: 'files', criteria: crit, shared,
      previous: { commune: name, district: 'UBND huyện Phú Vang', year: 2022, submission: null, status: null } });
    const body = { year: 2023, communes: [
      row('Xã Thủy An', { documents: 5, rows: ['03/KH-UBND', '15/QĐ-UBND'], communes: ['Xã Thủy Thanh'], unseen: 1 }),
      row('Xã Thủy Vân', null),
      row('Xã Thủy Bằng', { documents: 0, rows: [], communes: [], unseen: 0 })] };
    await page.route(/\/api\/overview\?year=2023$/, (r) => r.fulfill({ status: 200, contentType: 'application/json',
      body: JSON.stringify(body) }));
    await page.goto(`${base}/district.html#year=2023`);
    await page.waitForFunction(() => document.querySelectorAll('#overview-body tr[data-commune]').length === 3, null,
      { timeout: 30000 });
    const said = await page.$$eval('#overview-body tr[data-commune]', (trs) => trs.map((tr) => [tr.dataset.commune,
      [...tr.querySelectorAll('.shared')].map((e) => `${e.textContent}|${e.title}`).join('#')]));
    await page.close();
    const of = (c) => (said.find((x) => x[0] === c) || [])[1] || '';
    return { ok: of('Xã Thủy An').startsWith('⚠ 5 văn bản đã ký cũng được tính cho Xã Thủy Thanh, 1 xã thuộc huyện, tỉnh khác|')
      && of('Xã Thủy An').includes('03/KH-UBND, 15/QĐ-UBND')
      && of('Xã Thủy Vân').startsWith('chưa so chữ ký với xã khác') && of('Xã Thủy Bằng') === '',
    diag: JSON.stringify(said) };
  });
  await step('screenshot of the district\'s desk (1366x768) is not blank', async () => {
    await dp.evaluate(() => window.scrollTo(0, 0));
    return screenshot(dp, 'district.png');
  });
  await step('the district\'s desk: every text meets WCAG AA contrast', async () => {
    const { checked, bad } = await lowContrast(dp);
    return { ok: checked > 50 && !bad.length, diag: `${checked} texts measured\n${bad.join('\n')}` };
  });
  await step('the keyboard alone reaches the sort buttons, each control showing where the focus is', async () => {
    /* A click on the title bar starts the Tab order there, as for a person. */
    await dp.evaluate(() => window.scrollTo(0, 0));
    await dp.click('header.top .brand');
    const seen = [];
    for (let i = 0; i < 30; i++) {
      await dp.keyboard.press('Tab');
      seen.push(await dp.evaluate(() => {
        const e = document.activeElement;
        const st = getComputedStyle(e);
        return { what: `${e.tagName.toLowerCase()}#${e.id}.${e.className}`, sort: e.matches('button.sort') && e.dataset.key,
          ring: st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2 };
      }));
      if (seen[seen.length - 1].sort) break;
    }
    const bare = seen.filter((x) => !x.ring);
    const sorted = seen.length && seen[seen.length - 1].sort;
    if (sorted) await dp.keyboard.press('Enter'); /* sorts by the commune's name, as a click would */
    const sort = sorted ? await dp.getAttribute(`th:has(button.sort[data-key="${sorted}"])`, 'aria-sort') : null;
    const kept = await dp.evaluate((k) => document.activeElement.matches(`button.sort[data-key="${k}"]`), sorted);
    return { ok: sorted && !bare.length && /^(ascending|descending)$/.test(sort) && kept,
      diag: `${seen.map((x) => `${x.what}${x.ring ? '' : ' (no focus ring)'}`).join('\n')}\naria-sort=${sort}, focus kept on the button: ${kept}` };
  });
  await step('the table downloads as CSV for Excel (BOM, semicolons, the commune)', async () => {
    const [d] = await Promise.all([dp.waitForEvent('download'), dp.click('#export-csv')]);
    const file = join(out, 'table.csv');
    await d.saveAs(file);
    const text = readFileSync(file, 'utf8');
    return { ok: text.startsWith('\ufeff') && text.includes(';') && text.includes(commune) && text.includes('71,4'), diag: text.slice(0, 400) };
  });
  await step('the table downloads as .xlsx: a sound zip whose sheet holds the commune and 71.4 as a number', async () => {
    const [d] = await Promise.all([dp.waitForEvent('download'), dp.click('#export-xlsx')]);
    const file = join(out, 'table.xlsx');
    await d.saveAs(file);
    const r = run('python3', ['-c', `import sys, zipfile
z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None
s = z.read("xl/worksheets/sheet1.xml").decode(); print(s[:300]); assert sys.argv[2] in s and "<v>71.4</v>" in s`, file, commune]);
    return { ok: r.status === 0, diag: r.text };
  });
  await step('printed on A4, the controls are left out and the table fits the page\'s width', async () => {
    await dp.emulateMedia({ media: 'print' });
    const hidden = await dp.$$eval('#upload, #year-form, button.open', (els) => els.length > 0 && els.every((e) => !e.checkVisibility()));
    /* A4 portrait less Chromium's default margins: 190 mm, 718 CSS px. */
    await dp.setViewportSize({ width: 718, height: 1000 });
    const fit = await dp.evaluate(() => {
      const t = document.getElementById('overview');
      return { right: Math.ceil(t.getBoundingClientRect().right), scroll: t.scrollWidth, page: document.documentElement.clientWidth };
    });
    await dp.setViewportSize({ width: 1366, height: 768 });
    await dp.emulateMedia({ media: 'screen' });
    if (fit.right > fit.page || fit.scroll > fit.page) return { ok: false, diag: `the table is wider than A4: ${JSON.stringify(fit)}` };
    const pdf = await dp.pdf({ format: 'A4' });
    writeFileSync(join(out, 'district.pdf'), pdf);
    return { ok: hidden && pdf.subarray(0, 5).toString() === '%PDF-', diag: `hidden=${hidden} ${pdf.length} bytes` };
  });

  await step('a dossier whose chairman\'s certificate names no place: the API and the table say so beside the figure', async () => {
    /* lim1: review and the desk showed index's figures without index's
     * warning that such a signature counts for any namesake commune */
    await dp.setInputFiles('#dossier-file', env('KC_UNTIED_ZIP'));
    await dp.selectOption('#dossier-commune', commune);
    await dp.click('#dossier-send');
    await dp.waitForFunction(() => /^(Đã kiểm tra xong|Checked)/.test(document.getElementById('upload-status').textContent)
      || document.getElementById('upload-status').classList.contains('error'), null, { timeout: 300000 });
    /* The status may still say the last upload's "Checked", and the sample
     * commune's row carries untied warnings of its own (the test CA's
     * certificates name no district): wait for this dossier's 1/1 in the row. */
    await dp.waitForFunction((c) => [...document.querySelectorAll(`#overview-body tr[data-commune="${c}"] td.ratio-cell`)]
      .some((td) => td.textContent.includes('100,0%') && td.querySelector('.untied')), commune, { timeout: 300000 }).catch(() => {});
    const cells = await dp.$$eval(`#overview-body tr[data-commune="${commune}"] td.ratio-cell`,
      (tds) => tds.map((td) => td.textContent));
    const r = await dp.request.get(`${base}/api/overview?year=${year}`, { timeout: 180000 });
    const row = ((await r.json()).communes || []).find((c) => c.commune === commune) || {};
    const crit = row.criteria || {};
    const said = (row.untied || {}).warnings || [];
    const api = ['20', '21', '22'].every((k) => (crit[k] || {}).untied === 1) && said.length === 1
      && (row.warnings || []).includes(said[0]);
    const page = cells.length === 3 && cells.every((c) => c.includes('100,0%') && c.includes('1 văn bản không gắn với xã này'));
    return { ok: api && page, diag: `${cells.join(' | ')}\n${JSON.stringify({ criteria: crit, untied: row.untied }).slice(0, 800)}` };
  });
  await step('the commune\'s other submissions of the year (the clerk\'s folder and zip beside the dossier): its row says how many are not added', async () => {
    /* rtdesk18: the API's other_submissions was shown nowhere, so the
     * officer read one submission's figures with no word that others of
     * the year had come (review's line under its table says so) */
    const r = await dp.request.get(`${base}/api/overview?year=${year}`, { timeout: 180000 });
    const rows = (await r.json()).communes || [];
    const row = rows.find((c) => c.commune === commune) || {};
    const n = row.other_submissions;
    const said = await dp.$$eval(`#overview-body tr[data-commune="${commune}"] .others`, (els) => els.map((e) => `${e.textContent}|${e.title}`));
    const lone = rows.filter((c) => !c.other_submissions).map((c) => c.commune);
    const loneSaid = await dp.$$eval('#overview-body tr', (trs, names) => trs.filter((tr) => names.includes(tr.dataset.commune))
      .map((tr) => tr.querySelectorAll('.others').length).reduce((a, b) => a + b, 0), lone);
    return { ok: n >= 1 && said.length === 1 && said[0].startsWith(`+${n} lần nộp khác trong năm, không cộng|`)
      && said[0].includes('muộn nhất') && lone.length > 0 && loneSaid === 0,
    diag: `other_submissions ${n}; said ${JSON.stringify(said)}; rows without others ${lone.join(', ')}: ${loneSaid} notes` };
  });
  await step('… and the downloaded table says it too, in a column of its own, beside each row\'s district', async () => {
    /* rtdesk19: the export left other_submissions out, so the sheet an
     * officer sends on gave one submission's figures as the commune's year */
    const r = await dp.request.get(`${base}/api/overview?year=${year}`, { timeout: 180000 });
    const n = (((await r.json()).communes || []).find((c) => c.commune === commune) || {}).other_submissions;
    const [d] = await Promise.all([dp.waitForEvent('download'), dp.click('#export-csv')]);
    const file = join(out, 'table-others.csv');
    await d.saveAs(file);
    const lines = readFileSync(file, 'utf8').replace(/^\ufeff/, '').split('\r\n').filter((l) => l);
    const head = lines[0].split(';');
    const col = head.indexOf('Lần nộp khác trong năm (không cộng)'), dcol = head.indexOf('Huyện');
    const mine = lines.slice(1).map((l) => l.split(';')).filter((f) => f[0] === commune);
    const others = lines.slice(1).map((l) => l.split(';')).filter((f) => f[0] !== commune);
    return { ok: n >= 1 && col > 0 && dcol > 0 && mine.length === 1 && mine[0][col] === String(n)
      && mine[0][dcol].length > 0 && others.length > 0 && others.every((f) => f[col] === '0'),
    diag: `other_submissions ${n}; columns ${dcol}, ${col}\n${lines.slice(0, 6).join('\n')}` };
  });
  await step('… and its drill-down, beside each criterion, with the sentence under them', async () => {
    const rows = await dp.$$eval('#detail-body tr[data-criterion]', (trs) => trs.map((tr) => tr.textContent));
    const list = await dp.textContent('#detail-body section.criteria ul.warnings.untied').catch(() => '');
    return { ok: rows.length === 3 && rows.every((t) => t.includes('trong đó 1 văn bản ký bằng chứng thư không gắn với xã này'))
      && /not tied to this commune|không gắn với riêng xã này/.test(list), diag: `${rows.join('\n')}\n${list}` };
  });

  /* ---- another commune's clerk ---- */
  const other = await login(browser, users.other, 'other clerk');
  await step('a second commune\'s clerk gets 404 on the first one\'s submission', async () => {
    const r = await other.page.request.get(`${base}/api/submissions/${submissionId}`);
    const z = await other.page.request.get(`${base}/api/submissions/${submissionId}/dossier.zip`);
    return { ok: r.status() === 404 && z.status() === 404, diag: `${r.status()} ${z.status()}` };
  });
  await step('… and the page says so, showing nothing of it', async () => {
    await other.page.goto(`${base}/commune.html#id=${submissionId}`);
    await other.page.waitForSelector('#status.error', { timeout: 30000 });
    const rows = await other.page.$$('table.doclist tr');
    return { ok: rows.length === 0, diag: await other.page.textContent('#status') };
  });
  await step('a commune clerk gets 403 from the district overview', async () => {
    const r = await other.page.request.get(`${base}/api/overview?year=${year}`);
    return { ok: r.status() === 403, diag: `HTTP ${r.status()}` };
  });
  await step('logging out ends the session', async () => {
    await other.page.click('#logout');
    await other.page.waitForURL(/index\.html/);
    const r = await other.page.request.get(`${base}/api/submissions/${submissionId}`);
    return { ok: r.status() === 401, diag: `HTTP ${r.status()}` };
  });
  await step('a page of another site posting a login form (text/plain that reads as JSON) logs nobody in', async () => {
    /* login CSRF: the clerk's browser would hold the attacker's session and
     * hand the attacker the documents uploaded next */
    const evil = await other.context.newPage();
    /* the body a text/plain form sends: name=value, here {"user":…,"x":"="} */
    const name = `{"user":${JSON.stringify(users.other)},"password":${JSON.stringify(pw)},"x":"`;
    await evil.setContent(`<form method="POST" action="${base}/api/login" enctype="text/plain">`
      + `<input type="hidden" name='${name}' value='"}'></form>`);
    await Promise.all([evil.waitForNavigation().catch(() => {}), evil.evaluate(() => document.forms[0].submit())]);
    const body = await evil.textContent('body').catch(() => '');
    const r = await other.page.request.get(`${base}/api/me`);
    await evil.close();
    return { ok: r.status() === 401, diag: `HTTP ${r.status()} after the form; it answered ${body.slice(0, 200)}` };
  });
  await step('a session cookie another app of the host set (another port) does not open the logged-out clerk\'s desk', async () => {
    /* cookies are not kept apart by port (nor from a sibling subdomain's
     * Domain=): that app sets kc_session to the other clerk's session, and the
     * clerk's desk opened as that account, its upload going into it */
    const login = await fetch(`${base}/api/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: users.other, password: pw }) });
    const sid = (/kc_session=([0-9a-f]+)/.exec(login.headers.get('set-cookie') || '') || [])[1];
    const app = http.createServer((req, res) => {
      res.writeHead(200, { 'Set-Cookie': `kc_session=${sid}; Path=/`, 'Content-Type': 'text/html' });
      res.end('<p>another app on this host</p>');
    });
    await new Promise((r) => app.listen(0, '127.0.0.1', r));
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${app.address().port}/`);
      const planted = (await context.cookies()).some((c) => c.name === 'kc_session' && c.value === sid);
      await page.goto(`${base}/commune.html`);
      await page.waitForURL(/index\.html/, { timeout: 15000 }).catch(() => {});
      const shown = (await page.textContent('body')).replace(/\s+/g, ' ');
      const sent = /index\.html/.test(page.url()) && !shown.includes(users.other);
      await page.fill('#user', users.clerk);
      await page.fill('#password', pw);
      await page.click('#login-submit');
      await page.waitForURL(/commune\.html/, { timeout: 30000 });
      const me = await page.evaluate(async () => (await fetch('/api/me')).json());
      return { ok: sid && planted && sent && me.user === users.clerk,
        diag: `planted ${planted}; at ${page.url()}: ${shown.slice(0, 200)}; then /api/me ${JSON.stringify(me)}` };
    } finally {
      await context.close();
      app.close();
    }
  });

  ok(problems.length === 0, 'no script error and no Content-Security-Policy violation on any page', problems.join('\n'));
} catch (e) {
  ok(false, 'the scenario ran to its end', e.stack);
} finally {
  await browser.close();
}
/* run.sh runs secure.mjs after it, which prints the plan */
finish();
