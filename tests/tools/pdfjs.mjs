// pdfjs.mjs: what pdf.js (Firefox's viewer, and the one many web portals embed)
// reads in a PDF, for the red-team rows that compare viewers (tests/cli/rows.sh).
//
//   node pdfjs.mjs text FILE [PAGE]      the page's text (every page's without PAGE),
//                                        one line per text item, "--- page N" between
//   node pdfjs.mjs draw FILE PAGE OUT    the page in grey at 36 dpi as a binary PGM
//   node pdfjs.mjs check                 exit 0 when pdf.js can be loaded here
//
// pdf.js has its own cross-reference reader and its own repair (it scans the whole
// file when the table is broken), so it can read a signed-then-updated file
// otherwise than poppler, MuPDF and kiemchung; the rows name it "pdfjs:".
// pdfjs-dist is found through KC_PDFJS (its folder) or tests/browser/node_modules
// (npm ci there, which tests/deps.sh runs); exit status 77 when it is missing or
// cannot be loaded (pdfjs-dist 5 needs node 20.19), 1 when pdf.js fails to read.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = process.env.KC_PDFJS || join(here, "..", "browser", "node_modules", "pdfjs-dist");
const entry = join(dist, "legacy", "build", "pdf.mjs");
if (!existsSync(entry)) {
  console.error(`pdfjs.mjs: pdfjs-dist not found at ${dist} (npm ci in tests/browser, or KC_PDFJS)`);
  process.exit(77);
}
let pdfjs;
try {
  pdfjs = await import(pathToFileURL(entry).href);
} catch (e) {
  console.error(`pdfjs.mjs: pdfjs-dist cannot be loaded by node ${process.version}: ${e.message}`);
  process.exit(77);
}

const [mode, file, pageArg, out] = process.argv.slice(2);
if (mode === "check") process.exit(0);
if (!["text", "draw"].includes(mode) || !file || (mode === "draw" && (!pageArg || !out))) {
  console.error("usage: pdfjs.mjs text FILE [PAGE] | draw FILE PAGE OUT.pgm");
  process.exit(2);
}

try {
  const data = new Uint8Array(readFileSync(file));
  const doc = await pdfjs.getDocument({
    data,
    verbosity: 0,
    standardFontDataUrl: join(dist, "standard_fonts") + "/",
    cMapUrl: join(dist, "cmaps") + "/",
    cMapPacked: true,
    isEvalSupported: false,
  }).promise;
  // As Firefox's viewer does on opening (the title bar): the document information is
  // read before any page, and pdf.js keeps every object it reads.
  await doc.getMetadata();
  if (mode === "text") {
    const first = pageArg ? Number(pageArg) : 1;
    const last = pageArg ? Number(pageArg) : doc.numPages;
    const lines = [];
    for (let n = first; n <= last; n++) {
      const page = await doc.getPage(n);
      const tc = await page.getTextContent();
      lines.push(`--- page ${n}`);
      let line = "";
      for (const it of tc.items) {
        if (it.str === undefined) continue;
        line += it.str;
        if (it.hasEOL) { lines.push(line); line = ""; }
      }
      if (line !== "") lines.push(line);
      // What an annotation shows as text (a widget's or a FreeText's contents).
      for (const a of await page.getAnnotations()) {
        if (a.fieldValue && typeof a.fieldValue === "string") lines.push(`[${a.subtype}] ${a.fieldValue}`);
        if (a.contentsObj && a.contentsObj.str) lines.push(`[${a.subtype}] ${a.contentsObj.str}`);
      }
    }
    process.stdout.write(lines.join("\n") + "\n");
  } else {
    const page = await doc.getPage(Number(pageArg));
    const vp = page.getViewport({ scale: 0.5 });
    const cf = doc.canvasFactory;
    const { canvas, context } = cf.create(Math.ceil(vp.width), Math.ceil(vp.height));
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvasContext: context, canvas, viewport: vp, annotationMode: pdfjs.AnnotationMode.ENABLE_FORMS }).promise;
    const { width, height } = canvas;
    const rgba = context.getImageData(0, 0, width, height).data;
    const grey = Buffer.alloc(width * height);
    for (let i = 0; i < width * height; i++)
      grey[i] = Math.round(0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2]);
    writeFileSync(out, Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`), grey]));
  }
  await doc.destroy();
} catch (e) {
  console.error(`pdfjs.mjs: ${file}: ${e && e.message ? e.message : e}`);
  process.exit(1);
}
