/* png.mjs: enough of PNG to tell a screenshot is not blank: decodes an
 * 8-bit, non-interlaced greyscale/RGB/RGBA image (what Chromium writes) with
 * zlib and the five row filters, and counts its distinct colours and the
 * pixels that are not near-white. */
import { inflateSync } from 'node:zlib';

export function inspect(buf) {
  if (buf.subarray(0, 8).toString('binary') !== '\x89PNG\r\n\x1a\n') throw new Error('not a PNG');
  let pos = 8;
  let width = 0;
  let height = 0;
  let bpp = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.subarray(pos + 4, pos + 8).toString('ascii');
    const body = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const depth = body[8];
      const ctype = body[9];
      if (depth !== 8 || body[12] !== 0) throw new Error(`unsupported PNG (depth ${depth}, interlace ${body[12]})`);
      bpp = { 0: 1, 2: 3, 4: 2, 6: 4 }[ctype];
      if (!bpp) throw new Error(`unsupported PNG colour type ${ctype}`);
    } else if (type === 'IDAT') {
      idat.push(body);
    }
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  let prev = Buffer.alloc(stride);
  const colours = new Set();
  let ink = 0;
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? line[i - bpp] : 0;
      const b = prev[i];
      const c = i >= bpp ? prev[i - bpp] : 0;
      let p;
      switch (f) {
        case 0: p = 0; break;
        case 1: p = a; break;
        case 2: p = b; break;
        case 3: p = (a + b) >> 1; break;
        case 4: {
          const q = a + b - c;
          const pa = Math.abs(q - a);
          const pb = Math.abs(q - b);
          const pc = Math.abs(q - c);
          p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: throw new Error(`bad PNG filter ${f}`);
      }
      line[i] = (line[i] + p) & 255;
    }
    for (let x = 0; x < stride; x += bpp) {
      const r = line[x];
      const g = bpp >= 3 ? line[x + 1] : r;
      const bl = bpp >= 3 ? line[x + 2] : r;
      colours.add((r << 16) | (g << 8) | bl);
      if (r < 230 || g < 230 || bl < 230) ink++;
    }
    prev = line;
  }
  return { width, height, colours: colours.size, ink: ink / (width * height) };
}
