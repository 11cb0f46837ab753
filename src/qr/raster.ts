// QR module matrices and their pictures: rendering a matrix (from an .imgbu raster block or from our QR writer) into
// an RGBA image a decoder can read, adding or removing the white border, and a small dependency-free PNG encoder
// (for tests and for the browser, where there is no node:zlib: stored deflate blocks unless a compressor is given).
// No I/O and no node: imports — runs in Node and in the browser.

/** A square QR module matrix: `size` × `size`, row-major, 1 = black. */
export interface ModuleMatrix {
  size: number;
  modules: Uint8Array;
}

/** An RGBA picture, shaped like the DOM's ImageData (zxing-wasm accepts it as such). */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** The matrix with `border` white modules added on every side (the .imgbu rasters carry 2). */
export function withBorder(m: ModuleMatrix, border: number): ModuleMatrix {
  const size = m.size + 2 * border;
  const modules = new Uint8Array(size * size);
  for (let y = 0; y < m.size; y++) {
    modules.set(m.modules.subarray(y * m.size, (y + 1) * m.size), (y + border) * size + border);
  }
  return { size, modules };
}

/** Renders a matrix at `scale` px per module with a `quietZone` of white modules around it. */
export function renderModules(m: ModuleMatrix, opts: { scale?: number; quietZone?: number } = {}): RgbaImage {
  const scale = opts.scale ?? 4;
  const q = opts.quietZone ?? 4;
  const side = (m.size + 2 * q) * scale;
  const data = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let y = 0; y < m.size; y++) {
    for (let x = 0; x < m.size; x++) {
      if (!m.modules[y * m.size + x]) continue;
      for (let dy = 0; dy < scale; dy++) {
        const row = ((y + q) * scale + dy) * side;
        for (let dx = 0; dx < scale; dx++) {
          const p = (row + (x + q) * scale + dx) * 4;
          data[p] = data[p + 1] = data[p + 2] = 0;
        }
      }
    }
  }
  return { width: side, height: side, data };
}

// --- PNG -------------------------------------------------------------------------------------------------------

let crcTable: Uint32Array | undefined;
function crc32(bytes: Uint8Array, start: number, end: number): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = crcTable[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** zlib stream of stored (uncompressed) deflate blocks: valid for every inflater, no compressor needed. */
function zlibStored(raw: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(raw.length / 65535));
  const out = new Uint8Array(2 + raw.length + blocks * 5 + 4);
  out[0] = 0x78;
  out[1] = 0x01;
  let o = 2;
  for (let b = 0; b < blocks; b++) {
    const chunk = raw.subarray(b * 65535, Math.min(raw.length, (b + 1) * 65535));
    out[o] = b === blocks - 1 ? 1 : 0;
    out[o + 1] = chunk.length & 0xff;
    out[o + 2] = chunk.length >> 8;
    out[o + 3] = ~chunk.length & 0xff;
    out[o + 4] = (~chunk.length >> 8) & 0xff;
    out.set(chunk, o + 5);
    o += 5 + chunk.length;
  }
  let a = 1;
  let s = 0;
  for (let i = 0; i < raw.length; i++) {
    a = (a + raw[i]!) % 65521;
    s = (s + a) % 65521;
  }
  new DataView(out.buffer).setUint32(o, ((s << 16) | a) >>> 0);
  return out;
}

/**
 * Encodes an 8-bit grayscale PNG. `deflate` (e.g. node:zlib deflateSync) makes it small; without it the pixels are
 * stored uncompressed.
 */
export function encodePngGray(
  width: number,
  height: number,
  gray: Uint8Array,
  deflate?: (raw: Uint8Array) => Uint8Array,
): Uint8Array {
  if (gray.length !== width * height)
    throw new Error(`encodePngGray: ${width}×${height} needs ${width * height} pixels`);
  const raw = new Uint8Array((width + 1) * height);
  for (let y = 0; y < height; y++) raw.set(gray.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const idat = deflate ? deflate(raw) : zlibStored(raw);
  const chunks: [string, Uint8Array][] = [
    ['IHDR', new Uint8Array(13)],
    ['IDAT', idat],
    ['IEND', new Uint8Array(0)],
  ];
  const ihdr = new DataView(chunks[0]![1].buffer);
  ihdr.setUint32(0, width);
  ihdr.setUint32(4, height);
  ihdr.setUint8(8, 8); // bit depth
  ihdr.setUint8(9, 0); // grayscale
  const size = 8 + chunks.reduce((n, [, d]) => n + 12 + d.length, 0);
  const out = new Uint8Array(size);
  out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const dv = new DataView(out.buffer);
  let o = 8;
  for (const [type, d] of chunks) {
    dv.setUint32(o, d.length);
    for (let k = 0; k < 4; k++) out[o + 4 + k] = type.charCodeAt(k);
    out.set(d, o + 8);
    dv.setUint32(o + 8 + d.length, crc32(out, o + 4, o + 8 + d.length));
    o += 12 + d.length;
  }
  return out;
}
