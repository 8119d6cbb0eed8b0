// pdfjs.mjs: what pdf.js (Firefox's viewer, and the one many web portals embed)
// reads in a PDF, for the red-team rows that compare viewers (tests/cli/rows.sh).
//
//   node pdfjs.mjs text FILE [PAGE]      the page's text (every page's without PAGE),
//                                        one line per text item, "--- page N" between,
//                                        then what its widgets show ("[Widget] VALUE", a
//                                        radio button's state, a combo box's option, a list
//                                        box's options, the selected marked: "[Widget] list A | *B")
//   node pdfjs.mjs draw FILE PAGE OUT    the page in grey at 36 dpi as a binary PGM
//   node pdfjs.mjs print FILE PAGE OUT   the page as Firefox prints it (the print intent,
//                                        form fields drawn on the page from what the file
//                                        holds, as pdf.js redraws them), grey, 36 dpi
//   node pdfjs.mjs draw-list LIST        the same as draw for every line "FILE<tab>PAGE<tab>OUT" of
//                                        LIST, in one process (node and pdf.js take a second
//                                        to start; a red-team suite draws dozens): a page
//                                        pdf.js cannot draw leaves its OUT unwritten, and
//                                        says why on stderr, the others go on
//   node pdfjs.mjs fields FILE           every form field's value as Firefox's viewer shows
//                                        it once the document is open: the values the
//                                        file holds, then what its scripts set, run as
//                                        Firefox runs them on opening (pdf.js's QuickJS
//                                        sandbox: the document's Open, every field's Format,
//                                        with the document information as this.info)
//   node pdfjs.mjs inputs FILE PAGE      what Firefox's form layer shows in each text field of
//                                        the page, "NAME = TEXT": the HTML input pdf.js puts
//                                        over the page (TextWidgetAnnotationElement) holds the
//                                        text it extracts from the field's appearance when that
//                                        has any (pdf.js 4 and later: through the font's
//                                        /ToUnicode), else the value cut to /MaxLen
//   node pdfjs.mjs aligns FILE PAGE      where Firefox's form layer puts the text of each editable
//                                        text field of the page, "NAME = left|center|right": the
//                                        input's text-align, from /Q (_setTextStyle); a read-only
//                                        field is left out (pdf.js draws its appearance instead)
//   node pdfjs.mjs boxes FILE PAGE       each check box of the page as Firefox's form layer shows
//                                        it, "NAME = ticked|empty" (its export value is its value)
//   node pdfjs.mjs popups FILE PAGE      the pop-ups Firefox's annotation layer opens over the
//                                        page on loading, "open: TITLE | CONTENTS" each: its
//                                        walk in AnnotationLayer.render over what the worker
//                                        reads (a group reply's text and pop-up its /IRT's)
//   node pdfjs.mjs title FILE            the title Firefox's viewer shows in its tab (web/app.js:
//                                        the XMP dc:title first, unless "Untitled", else /Info /Title)
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

const usage = "usage: pdfjs.mjs text FILE [PAGE] | draw|print FILE PAGE OUT.pgm | draw-list LIST | fields FILE | " +
  "title FILE | inputs|aligns|popups|boxes FILE PAGE | serve";

function open(path) {
  return pdfjs.getDocument({
    data: new Uint8Array(readFileSync(path)),
    verbosity: 0,
    standardFontDataUrl: join(dist, "standard_fonts") + "/",
    cMapUrl: join(dist, "cmaps") + "/",
    cMapPacked: true,
    isEvalSupported: false,
  }).promise;
}

// The page in grey at 36 dpi (scale 0.5 of pdf.js's 72), form fields drawn as Firefox does
// on screen (HTML over the page: not drawn here), or, with print, as it prints them: on the
// page, each text field redrawn from its value when the form says /NeedAppearances.
async function draw(doc, pageNumber, outPath, print = false) {
  const page = await doc.getPage(pageNumber);
  const vp = page.getViewport({ scale: 0.5 });
  const cf = doc.canvasFactory;
  const { canvas, context } = cf.create(Math.ceil(vp.width), Math.ceil(vp.height));
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  await page.render(print ? { canvasContext: context, canvas, viewport: vp, intent: "print",
                              annotationMode: pdfjs.AnnotationMode.ENABLE_STORAGE }
                          : { canvasContext: context, canvas, viewport: vp, annotationMode: pdfjs.AnnotationMode.ENABLE_FORMS }).promise;
  const { width, height } = canvas;
  const rgba = context.getImageData(0, 0, width, height).data;
  const grey = Buffer.alloc(width * height);
  for (let i = 0; i < width * height; i++)
    grey[i] = Math.round(0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2]);
  writeFileSync(outPath, Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`), grey]));
}

// One command: its output and messages through out and err, its exit status returned.
async function run([mode, file, pageArg, outPath], out, err) {
  if (mode === "check") return 0;
  if (!["text", "draw", "print", "draw-list", "fields", "title", "inputs", "aligns", "popups", "boxes"].includes(mode) || !file ||
      ((mode === "draw" || mode === "print") && (!pageArg || !outPath)) || (["inputs", "aligns", "popups", "boxes"].includes(mode) && !pageArg)) {
    err(usage + "\n");
    return 2;
  }
  if (mode === "draw-list") return drawList(file, err);
  let doc;
  try {
    doc = await open(file);
    return await command(doc, mode, pageArg, outPath, out);
  } catch (e) {
    err(`pdfjs.mjs: ${file}: ${e && e.message ? e.message : e}\n`);
    return 1;
  } finally {
    if (doc) await doc.destroy();
  }
}

async function drawList(file, err) {
  // Each document opened afresh, as a viewer opening the file: nothing of one is kept
  // for the next.
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line === "") continue;
    const [path, pageNumber, outPath] = line.split("\t");
    let doc;
    try {
      doc = await open(path);
      await doc.getMetadata();
      await draw(doc, Number(pageNumber), outPath);
    } catch (e) {
      err(`pdfjs.mjs: ${path}: ${e && e.message ? e.message : e}\n`);
    }
    if (doc) await doc.destroy();
  }
  return 0;
}

async function command(doc, mode, pageArg, outPath, out) {
  // As Firefox's viewer does on opening (the title bar): the document information is
  // read before any page, and pdf.js keeps every object it reads.
  const meta = await doc.getMetadata();
  if (mode === "title") {
    let title = meta.info?.Title;
    const xmp = meta.metadata?.get("dc:title");
    if (xmp && xmp !== "Untitled" && !/[\uFFF0-\uFFFF]/g.test(xmp)) title = xmp;
    out((title ?? "") + "\n");
    return 0;
  }
  if (mode === "fields") {
    // What PDFScriptingManager does in Firefox: the field objects, the calculation
    // order and the document's actions go into the sandbox, then "Open".
    const objects = (await doc.getFieldObjects()) || {};
    const ids = new Map();
    const lines = [];
    for (const [name, objs] of Object.entries(objects))
      for (const o of objs) {
        if (!o || o.type === "") continue;
        ids.set(o.id, name);
        if (typeof o.value === "string" && o.value !== "") lines.push(`${name} = ${o.value}`);
      }
    const sandboxEntry = join(dist, "legacy", "build", "pdf.sandbox.mjs");
    const updates = [];
    globalThis.window = {
      CustomEvent: class { constructor(type, init) { this.type = type; this.detail = init && init.detail; } },
      dispatchEvent: (e) => { if (e.type === "updatefromsandbox") updates.push(e.detail); },
      setTimeout, clearTimeout, setInterval, clearInterval, URL, console,
      alert: () => {}, confirm: () => false, prompt: () => null,
    };
    // The window is read when the sandbox is made; it goes when the sandbox does (serve
    // runs pages through pdf.js afterwards, which looks for a window).
    try {
      const { QuickJSSandbox } = await import(pathToFileURL(existsSync(sandboxEntry) ? sandboxEntry
                                                               : join(dist, "build", "pdf.sandbox.mjs")).href);
      const sandbox = await QuickJSSandbox();
      sandbox.create({
        objects,
        calculationOrder: (await doc.getCalculationOrderIds()) || [],
        appInfo: { platform: "Linux", language: "vi-VN" },
        // Firefox's viewer hands over the document information as well (app.js,
        // _scriptingDocProperties): scripts read it as this.info.
        docInfo: { ...((await doc.getMetadata()).info || {}), numPages: doc.numPages,
                   actions: (await doc.getJSActions()) || {} },
      });
      sandbox.dispatchEvent({ id: "doc", name: "Open" });
      for (let n = 1; n <= doc.numPages; n++)
        sandbox.dispatchEvent({ id: "page", name: "PageOpen", pageNumber: n,
                                actions: (await (await doc.getPage(n)).getJSActions()) || {} });
      await new Promise((r) => setTimeout(r, 50));
      for (const u of updates)
        if (u && ids.has(u.id) && typeof u.value === "string") lines.push(`${ids.get(u.id)} = ${u.value} (script)`);
      sandbox.nukeSandbox();
    } finally {
      delete globalThis.window;
    }
    out(lines.join("\n") + "\n");
  } else if (mode === "inputs") {
    const lines = [];
    for (const a of await (await doc.getPage(Number(pageArg))).getAnnotations()) {
      if (a.fieldType !== "Tx" || a.hidden) continue;
      let shown = Array.isArray(a.textContent) ? a.textContent.join("\n") : typeof a.fieldValue === "string" ? a.fieldValue : "";
      if (!Array.isArray(a.textContent) && a.maxLen && shown.length > a.maxLen) shown = shown.slice(0, a.maxLen);
      lines.push(`${a.fieldName} = ${shown}`);
    }
    out(lines.join("\n") + "\n");
  } else if (mode === "aligns") {
    const lines = [];
    for (const a of await (await doc.getPage(Number(pageArg))).getAnnotations()) {
      if (a.fieldType !== "Tx" || a.hidden || a.readOnly) continue;
      lines.push(`${a.fieldName} = ${["left", "center", "right"][a.textAlignment] ?? "left"}`);
    }
    out(lines.join("\n") + "\n");
  } else if (mode === "boxes") {
    // (rtfold) CheckboxWidgetAnnotationElement ticks a check box when its export value (the
    // first state of /AP /N other than /Off, or its /AS) is its value: never one without
    // an appearance, whose export value is unknown.
    const lines = [];
    for (const a of await (await doc.getPage(Number(pageArg))).getAnnotations()) {
      if (!a.checkBox || a.hidden) continue;
      lines.push(`${a.fieldName} = ${a.exportValue === a.fieldValue ? "ticked" : "empty"}`);
    }
    out(lines.join("\n") + "\n");
  } else if (mode === "popups") {
    // AnnotationLayer.render (pdf.js 5, without the comment manager): an annotation with an
    // area files itself under its popupRef (the worker's: a group reply's is its /IRT's
    // /Popup); a Popup annotation after one that names it is built when it holds contents or
    // rich text (_hasPopupData; a group reply's parent's: PopupAnnotation reads the /IRT)
    // and stands open when /Open said so, unless hidden.
    const named = new Set();
    const lines = [];
    for (const a of await (await doc.getPage(Number(pageArg))).getAnnotations()) {
      if (a.noHTML) continue;
      if (a.annotationType !== pdfjs.AnnotationType.POPUP) {
        if (a.rect[2] !== a.rect[0] && a.rect[3] !== a.rect[1] && a.popupRef) named.add(a.popupRef);
        continue;
      }
      if (!named.has(a.id) || !(a.contentsObj?.str || a.richText?.str) || !a.open || a.hidden) continue;
      lines.push(`open: ${a.titleObj?.str ?? ""} | ${a.contentsObj?.str ?? ""}`);
    }
    out(lines.map((l) => l + "\n").join(""));
  } else if (mode === "text") {
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
        // A radio button: Firefox selects the one whose first state other than /Off
        // (its buttonValue) is the group's value.
        if (a.radioButton) lines.push(`[${a.subtype}] radio ${a.buttonValue} ${a.fieldValue === a.buttonValue ? "on" : "off"}`);
        // A combo box: the drop-down list Firefox draws shows the last option its
        // value (or its /I) selects, by the option's display text.
        if (a.combo && Array.isArray(a.fieldValue) && Array.isArray(a.options)) {
          const sel = a.options.filter((o) => a.fieldValue.includes(o.exportValue));
          if (sel.length) lines.push(`[${a.subtype}] ${sel[sel.length - 1].displayValue}`);
        }
        // (rtfold) A list box: Firefox's form layer lists every option's display text
        // (ChoiceWidgetElement, a <select> of as many rows), whatever its appearance draws,
        // those its value selects marked "*" (the browser scrolls them into view).
        if (a.fieldType === "Ch" && !a.combo && Array.isArray(a.options) && a.options.length) {
          const sel = (o) => (Array.isArray(a.fieldValue) && a.fieldValue.includes(o.exportValue) ? "*" : "");
          lines.push(`[${a.subtype}] list ${a.options.map((o) => sel(o) + o.displayValue).join(" | ")}`);
        }
        if (a.contentsObj && a.contentsObj.str) lines.push(`[${a.subtype}] ${a.contentsObj.str}`);
      }
    }
    out(lines.join("\n") + "\n");
  } else {
    await draw(doc, Number(pageArg), outPath, mode === "print");
  }
  return 0;
}

// serve: one process for many commands (node and pdf.js take most of a second of
// processor time to start, and the suites ask pdf.js hundreds of times).  Each line of
// standard input is "OUT<tab>ERR<tab>ARG<tab>ARG...": the command's output goes to the
// file OUT, its messages to ERR, and its exit status is answered on a line of standard
// output.  Each document is opened afresh, as for draw-list.
async function serve() {
  const { createInterface } = await import("node:readline");
  for await (const line of createInterface({ input: process.stdin })) {
    const [outFile, errFile, ...argv] = line.split("\t");
    const outs = [], errs = [];
    let rc;
    try {
      rc = await run(argv, (s) => outs.push(s), (s) => errs.push(s));
    } catch (e) {
      errs.push(`pdfjs.mjs: ${e && e.message ? e.message : e}\n`);
      rc = 1;
    }
    writeFileSync(outFile, outs.join(""));
    writeFileSync(errFile, errs.join(""));
    process.stdout.write(`${rc}\n`);
  }
}

const argv = process.argv.slice(2);
if (argv[0] === "serve") {
  await serve();
  process.exit(0); // standard input closed: the suite has ended
} else {
  // Writes to a pipe or a file are synchronous here: nothing is lost by exiting.
  process.exit(await run(argv, (s) => process.stdout.write(s), (s) => process.stderr.write(s)));
}
