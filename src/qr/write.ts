// Making QR codes for our printed BU with the `qrcode` library: the module matrix (for the .imgbu raster block and
// for any renderer) and a PNG. qrcode chooses the smallest version and an optimal mix of numeric/alphanumeric
// segments, as the TSE's libqrencode does; the TSE prints at error-correction level L (TSE-FORMATS §7.1), the
// default here. (`qrPng` uses qrcode's Node renderer; `qrModules` runs anywhere.)
import QRCode from 'qrcode';
import type { ModuleMatrix } from './raster.ts';

export type QrEcLevel = 'L' | 'M';

export interface QrSymbolMatrix extends ModuleMatrix {
  /** QR version 1..40 (size = 17 + 4 × version). */
  version: number;
}

/** The module matrix of `text` (no border, 1 = black). */
export function qrModules(text: string, opts: { ecLevel?: QrEcLevel } = {}): QrSymbolMatrix {
  const qr = QRCode.create(text, { errorCorrectionLevel: opts.ecLevel ?? 'L' });
  const size = qr.modules.size;
  const modules = new Uint8Array(size * size);
  for (let i = 0; i < modules.length; i++) modules[i] = qr.modules.data[i] ? 1 : 0;
  return { size, modules, version: qr.version };
}

/** A PNG of `text`'s QR code: `scale` px per module, a 4-module quiet zone. */
export async function qrPng(text: string, opts: { ecLevel?: QrEcLevel; scale?: number } = {}): Promise<Uint8Array> {
  const buf = await QRCode.toBuffer(text, {
    type: 'png',
    errorCorrectionLevel: opts.ecLevel ?? 'L',
    margin: 4,
    scale: opts.scale ?? 4,
  });
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
