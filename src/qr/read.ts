// Reading QR codes (Node): from a photo or scan of a printed BU (PNG/JPEG bytes) and from the module matrices of an
// .imgbu's raster blocks, with zxing-wasm (ZXing-C++ compiled to WebAssembly; its reader build decodes PNG/JPEG
// itself). zxing-wasm fetches its .wasm from a CDN by default; here the binary is read from node_modules once and
// handed over (`wasmBinary`), so reading never touches the network.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import type { Result } from '../election/problem.ts';
import { renderModules, type ModuleMatrix } from './raster.ts';

/** Largest picture decoded: a 600-dpi A4 scan is ~35 Mpx; beyond this a file is refused, not decompressed. */
export const MAX_IMAGE_PIXELS = 64_000_000;

let ready: Promise<unknown> | undefined;

/** Loads the zxing reader from node_modules/zxing-wasm/dist/reader/zxing_reader.wasm (once per process). */
export function loadQrReader(): Promise<unknown> {
  if (!ready) {
    const path = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
    const file = readFileSync(path);
    const wasmBinary = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength);
    ready = prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
    // A failed load is not cached: the next call tries again.
    ready.catch(() => {
      ready = undefined;
    });
  }
  return ready;
}

const QR_ONLY: ReaderOptions = {
  formats: ['QRCode'],
  tryHarder: true,
  tryRotate: true,
  tryInvert: false,
  tryDownscale: true,
  maxNumberOfSymbols: 255,
};

/** Width and height from a PNG's IHDR or a JPEG's SOF marker; undefined when the bytes are neither. */
export function imageSize(b: Uint8Array): { type: 'png' | 'jpeg'; width: number; height: number } | undefined {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (b.length >= 24 && png.every((v, i) => b[i] === v)) {
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return { type: 'png', width: dv.getUint32(16), height: dv.getUint32(20) };
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    let i = 2;
    while (i + 9 <= b.length) {
      if (b[i] !== 0xff) return undefined;
      const marker = b[i + 1]!;
      if (marker === 0xff) {
        i++; // fill byte
        continue;
      }
      const len = (b[i + 2]! << 8) | b[i + 3]!;
      // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { type: 'jpeg', height: (b[i + 5]! << 8) | b[i + 6]!, width: (b[i + 7]! << 8) | b[i + 8]! };
      }
      if (len < 2) return undefined;
      i += 2 + len;
    }
  }
  return undefined;
}

/**
 * The texts of every QR code found in a PNG or JPEG image (a photo or scan of a printed BU), in the order the
 * decoder found them; `[]` when there is none. Not an image, or too large to decode: a problem naming the file.
 */
export async function readQrFromImage(
  bytes: Uint8Array,
  opts: { file?: string; maxPixels?: number; reader?: ReaderOptions } = {},
): Promise<Result<string[]>> {
  const file = opts.file ?? 'image';
  const size = imageSize(bytes);
  if (!size) {
    const head = Array.from(bytes.subarray(0, 8), (x) => x.toString(16).padStart(2, '0')).join(' ');
    return {
      ok: false,
      problems: [{ file, path: '(header)', expected: 'a PNG or JPEG image', found: head || 'empty' }],
    };
  }
  const max = opts.maxPixels ?? MAX_IMAGE_PIXELS;
  if (size.width * size.height > max) {
    return {
      ok: false,
      problems: [
        { file, path: `${size.type} size`, expected: `at most ${max} pixels`, found: `${size.width}×${size.height}` },
      ],
    };
  }
  try {
    await loadQrReader();
    const results = await readBarcodes(bytes, { ...QR_ONLY, ...opts.reader });
    return { ok: true, value: results.filter((r) => r.isValid).map((r) => r.text) };
  } catch (e) {
    const found = `the decoder failed: ${(e as Error).message}`;
    return {
      ok: false,
      problems: [{ file, path: `${size.type} ${size.width}×${size.height}`, expected: 'a decodable image', found }],
    };
  }
}

/**
 * The text of the QR code in a module matrix (e.g. an .imgbu raster: `{ size: width, modules }`, border included).
 * Rendered at `scale` px per module with a 4-module quiet zone and decoded as a pure, aligned symbol; falls back to
 * the general detector. Undefined when it does not decode (e.g. damaged beyond the error correction).
 */
export async function readQrFromModules(m: ModuleMatrix, scale = 4): Promise<string | undefined> {
  await loadQrReader();
  const image = renderModules(m, { scale, quietZone: 4 });
  for (const isPure of [true, false]) {
    const results = await readBarcodes(image as unknown as Parameters<typeof readBarcodes>[0], {
      ...QR_ONLY,
      isPure,
      maxNumberOfSymbols: 1,
    });
    const hit = results.find((r) => r.isValid);
    if (hit) return hit.text;
  }
  return undefined;
}
