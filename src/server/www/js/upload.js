/* upload.js: gathering what a clerk hands in, however it arrives: files
 * dropped, a whole folder dropped (DataTransferItem.webkitGetAsEntry, walked
 * recursively), files or a folder chosen with a picker (webkitdirectory,
 * File.webkitRelativePath), or a .zip.  Each file keeps its path inside what
 * was dropped ("Hồ sơ 2021/docs/12-QD-UBND.pdf", in NFC), which becomes the
 * filename of its `file` part: the server finds the register's "Tệp" column
 * relative to it, as `index` does on disk.  Nothing is read here; the
 * browser streams the files when the form is sent. */

/* What Windows, macOS and Office leave in folders: never evidence. */
function junk(name) {
  return name.startsWith('.') || name.startsWith('~$') || /^(thumbs\.db|desktop\.ini)$/i.test(name);
}

export class FileSet {
  constructor() {
    this.items = new Map(); /* path → File */
  }

  add(file, path) {
    const p = String(path || file.name).replace(/\\/g, '/').replace(/^\/+/, '').normalize('NFC');
    const name = p.split('/').pop();
    if (!name || junk(name)) return;
    this.items.set(p, file);
  }

  addList(fileList) {
    for (const f of fileList) this.add(f, f.webkitRelativePath || f.name);
  }

  clear() {
    this.items.clear();
  }

  get size() {
    return this.items.size;
  }

  get bytes() {
    let n = 0;
    for (const f of this.items.values()) n += f.size;
    return n;
  }

  /* Counts by kind, for the sentence under the drop zone. */
  kinds() {
    const k = { register: 0, pdf: 0, p7s: 0, word: 0, zip: 0, other: 0 };
    for (const p of this.items.keys()) {
      const ext = (p.match(/\.([^./]+)$/) || [])[1];
      switch ((ext || '').toLowerCase()) {
        case 'csv': case 'xlsx': k.register++; break;
        case 'pdf': k.pdf++; break;
        case 'p7s': k.p7s++; break;
        case 'docx': k.word++; break;
        case 'zip': k.zip++; break;
        default: k.other++;
      }
    }
    return k;
  }

  paths() {
    return [...this.items.keys()].sort();
  }

  /* The multipart body: `year`, then one `file` part per file. */
  form(year, extra = {}) {
    const form = new FormData();
    form.append('year', String(year));
    for (const [k, v] of Object.entries(extra)) if (v) form.append(k, v);
    for (const [path, file] of this.items) form.append('file', file, path);
    return form;
  }
}

/* Reads every entry of a directory (readEntries answers in batches of 100
 * until it answers none). */
function readAll(dir) {
  const reader = dir.createReader();
  const out = [];
  return new Promise((resolve, reject) => {
    const more = () => reader.readEntries((batch) => {
      if (!batch.length) resolve(out);
      else {
        out.push(...batch);
        more();
      }
    }, reject);
    more();
  });
}

async function walk(entry, set) {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    set.add(file, entry.fullPath);
  } else if (entry.isDirectory && !junk(entry.name)) {
    for (const child of await readAll(entry)) await walk(child, set);
  }
}

/* Adds what a drop event carries: folders through their entries, plain
 * files as they are (the entries must be taken before the first await:
 * the DataTransfer is emptied once the event handler returns). */
export async function addDrop(set, dataTransfer) {
  const entries = [];
  const loose = [];
  const items = dataTransfer.items ? [...dataTransfer.items] : [];
  for (const item of items) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry ? item.webkitGetAsEntry() : null;
    if (entry) entries.push(entry);
    else {
      const f = item.getAsFile();
      if (f) loose.push(f);
    }
  }
  if (!items.length) loose.push(...dataTransfer.files);
  for (const f of loose) set.add(f, f.name);
  for (const e of entries) await walk(e, set);
}

/* Wires a drop zone: highlights on drag over, calls onFiles after a drop. */
export function dropZone(zone, set, onFiles) {
  let depth = 0;
  zone.addEventListener('dragenter', (ev) => {
    ev.preventDefault();
    depth++;
    zone.classList.add('over');
  });
  zone.addEventListener('dragover', (ev) => {
    ev.preventDefault();
    ev.dataTransfer.dropEffect = 'copy';
  });
  zone.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) zone.classList.remove('over');
  });
  zone.addEventListener('drop', (ev) => {
    ev.preventDefault();
    depth = 0;
    zone.classList.remove('over');
    addDrop(set, ev.dataTransfer).then(onFiles, onFiles);
  });
  /* A file dropped beside the zone would make the browser open it and
   * leave the page: catch those too. */
  for (const type of ['dragover', 'drop']) {
    window.addEventListener(type, (ev) => {
      if (!zone.contains(ev.target)) ev.preventDefault();
    });
  }
}
