// The printed-BU image (.imgbu / -imgbu.dat, TSE-FORMATS.md §7.1): an EntidadeEnvelopeGenerico (tipoEnvelope 4)
// whose `conteudo` is the printer byte stream — what the urna sent to its thermal printer:
//   - Latin-1 text, lines ended by `\n`, with style bytes (0x12, 0x13, 0x15 seen: size/cut commands) at line starts;
//   - one raster block per QR code: `0x0B | u32le byteLen | u32le width | u8 scale | bitmap`, byteLen =
//     ceil(width²/8), rows of `width` bits packed contiguously, LSB-first in each byte, 1 = black, with a 2-module
//     white border included (symbol size = width − 4); scale (4 in every sample) is the printer's dots per module.
// This module parses that stream (bytes → lines + rasters) and writes one (for our urna's printed BU). The envelope
// around it is the BER codec's (src/tse/envelope.ts). Never throws on input: a lying byteLen or width is a Problem
// naming the byte offset, and nothing is allocated beyond what the buffer holds.
import type { Problem, Result } from '../election/problem.ts';

export const RASTER_MARKER = 0x0b;
/** Border of white modules around the symbol in a raster block. */
export const RASTER_BORDER = 2;
/** The widest raster accepted: QR version 40 (177 modules) + border, with room to spare. */
export const MAX_RASTER_WIDTH = 1024;

export interface PrinterLine {
  /** The text without style bytes (Latin-1 decoded). */
  text: string;
  /** Control bytes (< 0x20, other than \n and the raster marker) found in the line, in order. */
  styles: number[];
}

export interface PrinterRaster {
  /** Modules per side, including the border. */
  width: number;
  scale: number;
  /** width × width, row-major, 1 = black. */
  modules: Uint8Array;
  /** Byte offset of the 0x0B marker in the stream. */
  offset: number;
  /** How many complete lines precede the raster. */
  afterLine: number;
}

export interface PrinterStream {
  lines: PrinterLine[];
  rasters: PrinterRaster[];
}

const u32le = (b: Uint8Array, at: number): number =>
  (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

function latin1(bytes: number[]): string {
  // Exact ISO-8859-1 (TextDecoder('latin1') is windows-1252 and would remap 0x80–0x9F).
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode(...bytes.slice(i, i + 4096));
  return s;
}

/** Parses the printer stream (the `conteudo` of an .imgbu envelope). */
export function parsePrinterStream(bytes: Uint8Array, file = 'imgbu'): Result<PrinterStream> {
  const lines: PrinterLine[] = [];
  const rasters: PrinterRaster[] = [];
  let text: number[] = [];
  let styles: number[] = [];
  const bad = (path: string, expected: string, found: string): Result<PrinterStream> => ({
    ok: false,
    problems: [{ file, path, expected, found } satisfies Problem],
  });

  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b === 0x0a) {
      lines.push({ text: latin1(text), styles });
      text = [];
      styles = [];
      i++;
    } else if (b === RASTER_MARKER) {
      const at = `conteudo byte ${i} (raster ${rasters.length + 1})`;
      if (i + 10 > bytes.length) {
        return bad(at, 'a raster header (0x0B, u32 byteLen, u32 width, u8 scale)', `${bytes.length - i} bytes left`);
      }
      const byteLen = u32le(bytes, i + 1);
      const width = u32le(bytes, i + 5);
      const scale = bytes[i + 9]!;
      if (width < 1 || width > MAX_RASTER_WIDTH)
        return bad(`${at} width`, `1..${MAX_RASTER_WIDTH} modules`, `${width}`);
      const need = Math.ceil((width * width) / 8);
      if (byteLen !== need) return bad(`${at} byteLen`, `ceil(${width}²/8) = ${need}`, `${byteLen}`);
      if (i + 10 + byteLen > bytes.length) {
        return bad(`${at} bitmap`, `${byteLen} bytes`, `${bytes.length - i - 10} bytes left in the stream`);
      }
      const bitmap = bytes.subarray(i + 10, i + 10 + byteLen);
      const modules = new Uint8Array(width * width);
      for (let k = 0; k < modules.length; k++) modules[k] = (bitmap[k >> 3]! >> (k & 7)) & 1;
      rasters.push({ width, scale, modules, offset: i, afterLine: lines.length });
      i += 10 + byteLen;
    } else if (b < 0x20) {
      styles.push(b);
      i++;
    } else {
      text.push(b);
      i++;
    }
  }
  if (text.length > 0 || styles.length > 0) lines.push({ text: latin1(text), styles });
  return { ok: true, value: { lines, rasters } };
}

/**
 * The ASSI hex printed under the QR codes (`ASSINATURA QR CODE:` then hex lines until a blank line), so it can be
 * compared with the ASSI the QR carries. Undefined when the stream has none.
 */
export function printedQrSignature(stream: PrinterStream): string | undefined {
  const start = stream.lines.findIndex((l) => l.text.trim() === 'ASSINATURA QR CODE:');
  if (start < 0) return undefined;
  let hex = '';
  for (let k = start + 1; k < stream.lines.length; k++) {
    const t = stream.lines[k]!.text.trim();
    if (t === '') break;
    hex += t;
  }
  return /^[0-9A-Fa-f]+$/.test(hex) ? hex.toUpperCase() : undefined;
}

/** What a printer stream is made of, for writing one. */
export type PrinterItem =
  { text: string; styles?: readonly number[] } | { raster: { width: number; scale: number; modules: Uint8Array } };

/**
 * Writes a printer stream: each text item is one line (style bytes first, then Latin-1 text, then `\n`); each raster
 * item one raster block. Characters outside Latin-1, and control characters inside text, are written as `?` (the
 * printer has no other glyphs, and a control byte would read back as a style byte).
 */
export function buildPrinterStream(items: readonly PrinterItem[]): Uint8Array {
  let size = 0;
  for (const it of items) {
    if ('raster' in it) size += 10 + Math.ceil((it.raster.width * it.raster.width) / 8);
    else size += (it.styles?.length ?? 0) + it.text.length + 1;
  }
  const out = new Uint8Array(size);
  let o = 0;
  for (const it of items) {
    if ('raster' in it) {
      const { width, scale, modules } = it.raster;
      if (modules.length !== width * width) {
        throw new Error(
          `buildPrinterStream: raster of width ${width} needs ${width * width} modules, has ${modules.length}`,
        );
      }
      const byteLen = Math.ceil((width * width) / 8);
      out[o] = RASTER_MARKER;
      new DataView(out.buffer, out.byteOffset + o + 1, 8).setUint32(0, byteLen, true);
      new DataView(out.buffer, out.byteOffset + o + 5, 4).setUint32(0, width, true);
      out[o + 9] = scale;
      o += 10;
      for (let k = 0; k < modules.length; k++) if (modules[k]) out[o + (k >> 3)]! |= 1 << (k & 7);
      o += byteLen;
    } else {
      for (const s of it.styles ?? []) {
        if (!(s >= 0 && s < 0x20) || s === 0x0a || s === RASTER_MARKER) {
          throw new Error(`buildPrinterStream: style byte must be a control byte other than 0x0A/0x0B, found ${s}`);
        }
        out[o++] = s;
      }
      for (let k = 0; k < it.text.length; k++) {
        const c = it.text.charCodeAt(k);
        out[o++] = c >= 0x20 && c <= 0xff ? c : 0x3f;
      }
      out[o++] = 0x0a;
    }
  }
  return out;
}
