// pdfium.mjs: what Chromium's own PDF viewer (PDFium, as in Chrome and Edge, the viewers most
// clerks open a PDF with) shows of a PDF, for the rows that compare viewers (tests/cli/notes.sh).
// PDFium runs the form actions that are no scripts by itself: a /ResetForm as the catalog's
// /OpenAction or a page's /AA /O on opening, a page's /AA /C when the reader scrolls on;
// poppler, MuPDF and pdf.js run none, and no library here exposes PDFium but the browser.
//
//   node pdfium.mjs shots LIST     for each line "MODE<tab>FILE<tab>OUT" of LIST, page 1 as the
//                                  viewer shows it, a PNG of the page's area (the toolbar and
//                                  thumbnails left out), in one browser:
//                                    open  once the document is open (its open actions run)
//                                    back  after scrolling on to the last page and back to
//                                          the first (the pages' close actions run)
//                                  a file the viewer cannot show leaves its OUT unwritten
//   node pdfium.mjs check          exit 0 when Chromium and playwright-core can be used here
//
// Chromium is KC_CHROMIUM or /usr/bin/chromium, driven headless (--headless=new keeps its PDF
// viewer) through playwright-core from tests/browser/node_modules (npm ci there, which
// tests/deps.sh runs); exit status 77 when either is missing.  A shot is taken when three
// in a row agree, so that a page still being drawn is not compared (settled, below).
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const entry = join(here, "..", "browser", "node_modules", "playwright-core", "index.mjs");
const browserPath = process.env.KC_CHROMIUM || "/usr/bin/chromium";
if (!existsSync(entry) || !existsSync(browserPath)) {
  console.error(`pdfium.mjs: playwright-core (npm ci in tests/browser) or ${browserPath} is missing`);
  process.exit(77);
}
const { chromium } = await import(pathToFileURL(entry).href);

const [mode, list] = process.argv.slice(2);
if (mode === "check") process.exit(0);
if (mode !== "shots" || !list) {
  console.error("usage: pdfium.mjs shots LIST | check");
  process.exit(2);
}

// The page's area in a 900x1000 window: right of the thumbnails, below the toolbar, the top
// of page 1 at the viewer's opening zoom, down to the line under the amount: the heading, the
// number, the date and the amount, not the signature block below (PDFium draws a signature's
// widget again, a few pixels otherwise, once the page has been scrolled away and back).
const CLIP = { x: 310, y: 60, width: 580, height: 270 };

// A shot once three taken 400 ms apart agree: PDFium draws a page in tiles, at a low resolution
// first, and two shots of a loaded machine (CI: 2 cores under ASan builds) can catch the same
// half-drawn page.  A page that never stops changing within 16 s is an error, its OUT left
// unwritten (the row then fails saying so), never a shot taken mid-drawing that a comparison
// would read as "changed" or "the same" by chance.
async function settled(page) {
  let last = null;
  let same = 0;
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(400);
    const shot = await page.screenshot({ clip: CLIP });
    same = last && shot.equals(last) ? same + 1 : 0;
    if (same === 2) return shot;
    last = shot;
  }
  throw new Error("the page did not stop changing in 16 s");
}

// Each file's shots within 120 s: a viewer that hangs fails its row, not the whole suite at
// meson's timeout.
function within(ms, work) {
  let timer;
  const limit = new Promise((_, no) => { timer = setTimeout(() => no(new Error(`no shot in ${ms / 1000} s`)), ms); });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

const browser = await chromium.launch({ executablePath: browserPath, args: ["--no-sandbox", "--headless=new"] });
let failed = 0;
try {
  for (const line of readFileSync(list, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const [how, file, out] = line.split("\t");
    const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
    try {
      const shot = await within(120000, (async () => {
        await page.goto(pathToFileURL(resolve(file)).href);
        await page.waitForTimeout(1500);
        await settled(page);
        if (how === "back") {
          await page.mouse.move(600, 500);
          for (let i = 0; i < 16; i++) { await page.mouse.wheel(0, 400); await page.waitForTimeout(120); }
          await settled(page);
          for (let i = 0; i < 20; i++) { await page.mouse.wheel(0, -400); await page.waitForTimeout(120); }
        }
        return settled(page);
      })());
      writeFileSync(out, shot);
    } catch (e) {
      failed++;
      console.error(`pdfium.mjs: ${file}: ${e && e.message ? e.message : e}`);
    } finally {
      await page.close();
    }
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
