// A minimal, strict 7-Zip reader for what the urna writes: the `.logjez` / `-log.jez` log packages (TSE-FORMATS.md
// §6) — signature header, plain or LZMA-encoded header, single-coder folders (LZMA1 `03 01 01` or Copy `00`),
// substreams with CRC32, and file names. Everything else (BCJ, LZMA2, AES, PPMd, multi-coder chains…) is reported
// as "unsupported 7z coder <id>", never guessed at. The layout follows 7-Zip's own 7zFormat.txt.
//
// Untrusted input: every count and size is checked against what the bytes can hold, the total unpacked size against
// a cap BEFORE anything is decoded (decompression bombs), and every CRC is verified. Failures come back as a
// Result with a Problem naming the file and the place (`next header @0x1a2b: FilesInfo.kName`), never as a throw.
//
// LZMA1 is decoded by our own decoder below (LzmaSpec.cpp, the LZMA SDK's reference decoder, is the model). The
// installed `lzma` package (LZMA-JS) was measured on the real sample logs first: 6.8 MB/s against ~10× that here
// (see test/tse/sevenzip.test.ts, "speed"), it returns a UTF-8 *string* whenever the output happens to be valid
// UTF-8 (so a pure-ASCII logd.dat would come back as text), and its entry point `require`s node:path, which the
// browser build cannot take. It remains useful to the tests as an independent LZMA *encoder*.
import type { Problem, Result } from '../election/problem.ts';

// ---------------------------------------------------------------------------------------------------------------
// CRC32 (IEEE 802.3, reflected, poly 0xEDB88320) — the checksum 7z uses for headers and files.

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC32 of `bytes[start, end)`, as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// ---------------------------------------------------------------------------------------------------------------
// LZMA1 decoder.

/** Why an LZMA stream could not be decoded (a plain value; the 7z reader turns it into a Problem). */
export type LzmaResult = { ok: true; value: Uint8Array } | { ok: false; reason: string };

// Offsets into one Uint16Array holding every probability model (LzmaSpec.cpp's CLzmaDecoder members, flattened).
const IS_MATCH = 0; // [12 states << 4 pos states]
const IS_REP = 192; // [12]
const IS_REP_G0 = 204;
const IS_REP_G1 = 216;
const IS_REP_G2 = 228;
const IS_REP0_LONG = 240; // [12 << 4]
const POS_SLOT = 432; // [4 len states][64]
const SPEC_POS = 688; // [1 + 128 - 14]
const ALIGN = 803; // [16]
const LEN = 819; // length coder: choice, choice2, low[16][8], mid[16][8], high[256] = 514
const REP_LEN = 1333;
const LITERAL = 1847; // [0x300 << (lc + lp)]
const LEN_CHOICE2 = 1;
const LEN_LOW = 2;
const LEN_MID = 130;
const LEN_HIGH = 258;
const END_POS_MODEL_INDEX = 14;

class LzmaDecoder {
  private range = -1; // 0xFFFFFFFF
  private code = 0;
  private inPos: number;
  /** Set when the range coder needed bytes past the end of the input (a truncated stream). */
  overrun = false;
  private readonly probs: Uint16Array;

  constructor(
    private readonly input: Uint8Array,
    start: number,
    private readonly inEnd: number,
    private readonly lc: number,
    lp: number,
    pb: number,
    private readonly dictSize: number,
  ) {
    this.lpMask = (1 << lp) - 1;
    this.pbMask = (1 << pb) - 1;
    this.probs = new Uint16Array(LITERAL + (0x300 << (lc + lp))).fill(1024);
    this.inPos = start;
  }

  private readonly lpMask: number;
  private readonly pbMask: number;

  private nextByte(): number {
    if (this.inPos < this.inEnd) return this.input[this.inPos++]!;
    this.overrun = true;
    return 0;
  }

  /** Reads the 5 range-coder init bytes; false if the stream cannot be an LZMA stream. */
  init(): boolean {
    if (this.nextByte() !== 0) return false;
    let c = 0;
    for (let i = 0; i < 4; i++) c = (c << 8) | this.nextByte();
    this.code = c;
    return c !== -1 && !this.overrun;
  }

  // range and code are kept as int32 bit patterns of the spec's uint32 values (V8 keeps them unboxed); unsigned
  // comparisons flip the sign bit first.
  private bit(i: number): number {
    const probs = this.probs;
    const p = probs[i]!;
    const bound = Math.imul(this.range >>> 11, p);
    let b: number;
    if ((this.code ^ 0x80000000) < (bound ^ 0x80000000)) {
      this.range = bound;
      probs[i] = p + ((2048 - p) >>> 5);
      b = 0;
    } else {
      this.range = (this.range - bound) | 0;
      this.code = (this.code - bound) | 0;
      probs[i] = p - (p >>> 5);
      b = 1;
    }
    if ((this.range & 0xff000000) === 0) {
      this.range <<= 8;
      this.code = (this.code << 8) | this.nextByte();
    }
    return b;
  }

  private directBits(n: number): number {
    let res = 0;
    for (; n > 0; n--) {
      this.range = this.range >>> 1;
      let b = 0;
      if ((this.code ^ 0x80000000) >= (this.range ^ 0x80000000)) {
        this.code = (this.code - this.range) | 0;
        b = 1;
      }
      res = res * 2 + b;
      if ((this.range & 0xff000000) === 0) {
        this.range <<= 8;
        this.code = (this.code << 8) | this.nextByte();
      }
    }
    return res;
  }

  private bitTree(base: number, numBits: number): number {
    let m = 1;
    for (let i = 0; i < numBits; i++) m = (m << 1) + this.bit(base + m);
    return m - (1 << numBits);
  }

  private bitTreeReverse(base: number, numBits: number): number {
    let m = 1;
    let sym = 0;
    for (let i = 0; i < numBits; i++) {
      const b = this.bit(base + m);
      m = (m << 1) + b;
      sym |= b << i;
    }
    return sym;
  }

  private len(base: number, posState: number): number {
    if (this.bit(base) === 0) return this.bitTree(base + LEN_LOW + (posState << 3), 3);
    if (this.bit(base + LEN_CHOICE2) === 0) return 8 + this.bitTree(base + LEN_MID + (posState << 3), 3);
    return 16 + this.bitTree(base + LEN_HIGH, 8);
  }

  /** Distance of a match (0-based), or 0xFFFFFFFF for the end marker. */
  private distance(len: number): number {
    const lenState = len < 3 ? len : 3;
    const posSlot = this.bitTree(POS_SLOT + (lenState << 6), 6);
    if (posSlot < 4) return posSlot;
    const numDirectBits = (posSlot >>> 1) - 1;
    let dist = (2 | (posSlot & 1)) * 2 ** numDirectBits;
    if (posSlot < END_POS_MODEL_INDEX) return dist + this.bitTreeReverse(SPEC_POS + dist - posSlot, numDirectBits);
    dist += this.directBits(numDirectBits - 4) * 16;
    return dist + this.bitTreeReverse(ALIGN, 4);
  }

  /** Decodes exactly out.length bytes (the size 7z declares; an end marker is accepted only at that point). */
  decode(out: Uint8Array): string | null {
    const size = out.length;
    const lc = this.lc;
    const lcShift = 8 - lc;
    const lpMask = this.lpMask;
    const pbMask = this.pbMask;
    let state = 0;
    let rep0 = 0;
    let rep1 = 0;
    let rep2 = 0;
    let rep3 = 0;
    let pos = 0;
    while (pos < size) {
      if (this.overrun) return `LZMA stream truncated (input ended after ${pos} of ${size} bytes decoded)`;
      const posState = pos & pbMask;
      if (this.bit(IS_MATCH + (state << 4) + posState) === 0) {
        const prev = pos > 0 ? out[pos - 1]! : 0;
        const base = LITERAL + 0x300 * (((pos & lpMask) << lc) + (prev >>> lcShift));
        let sym = 1;
        if (state >= 7) {
          let matchByte = out[pos - rep0 - 1]!;
          while (sym < 0x100) {
            const matchBit = (matchByte >>> 7) & 1;
            matchByte <<= 1;
            const b = this.bit(base + ((1 + matchBit) << 8) + sym);
            sym = (sym << 1) | b;
            if (matchBit !== b) break;
          }
        }
        while (sym < 0x100) sym = (sym << 1) | this.bit(base + sym);
        out[pos++] = sym - 0x100;
        state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
        continue;
      }
      let len: number;
      if (this.bit(IS_REP + state) !== 0) {
        if (pos === 0) return 'LZMA stream starts with a repeated match';
        if (this.bit(IS_REP_G0 + state) === 0) {
          if (this.bit(IS_REP0_LONG + (state << 4) + posState) === 0) {
            state = state < 7 ? 9 : 11;
            out[pos] = out[pos - rep0 - 1]!;
            pos++;
            continue;
          }
        } else {
          let dist: number;
          if (this.bit(IS_REP_G1 + state) === 0) dist = rep1;
          else {
            if (this.bit(IS_REP_G2 + state) === 0) dist = rep2;
            else {
              dist = rep3;
              rep3 = rep2;
            }
            rep2 = rep1;
          }
          rep1 = rep0;
          rep0 = dist;
        }
        len = this.len(REP_LEN, posState);
        state = state < 7 ? 8 : 11;
      } else {
        rep3 = rep2;
        rep2 = rep1;
        rep1 = rep0;
        len = this.len(LEN, posState);
        state = state < 7 ? 7 : 10;
        rep0 = this.distance(len);
        if (rep0 === 0xffffffff) return `LZMA end marker after ${pos} of ${size} bytes`;
        if (rep0 >= pos || rep0 >= this.dictSize) {
          return `LZMA match distance ${rep0 + 1} beyond the ${Math.min(pos, this.dictSize)} bytes available at byte ${pos}`;
        }
      }
      len += 2;
      if (len > size - pos) return `LZMA match runs past the declared size ${size} (at byte ${pos})`;
      let src = pos - rep0 - 1;
      for (const end = pos + len; pos < end;) out[pos++] = out[src++]!;
    }
    if (this.overrun) return `LZMA stream truncated (input ended before the last of ${size} bytes)`;
    return null;
  }
}

/**
 * Decodes a raw LZMA1 stream (`input[start, end)`) with 7z's 5 property bytes (lc/lp/pb byte + dictionary size,
 * little-endian) into exactly `unpackSize` bytes. The caller must have checked `unpackSize` against its limits.
 */
export function decodeLzma(
  input: Uint8Array,
  props: Uint8Array,
  unpackSize: number,
  start = 0,
  end = input.length,
): LzmaResult {
  if (props.length !== 5) return { ok: false, reason: `LZMA properties of ${props.length} bytes (expected 5)` };
  let d = props[0]!;
  if (d >= 9 * 5 * 5) return { ok: false, reason: `LZMA properties byte 0x${d.toString(16)} (expected < 0xE1)` };
  const lc = d % 9;
  d = (d - lc) / 9;
  const lp = d % 5;
  const pb = (d - lp) / 5;
  if (pb > 4) return { ok: false, reason: `LZMA pb ${pb} (expected ≤ 4)` };
  const dictSize = Math.max(4096, (props[1]! | (props[2]! << 8) | (props[3]! << 16) | (props[4]! << 24)) >>> 0);
  const out = new Uint8Array(unpackSize);
  if (unpackSize === 0) return { ok: true, value: out };
  const dec = new LzmaDecoder(input, start, end, lc, lp, pb, dictSize);
  if (!dec.init()) return { ok: false, reason: 'not an LZMA stream (bad range-coder start bytes)' };
  const err = dec.decode(out);
  return err === null ? { ok: true, value: out } : { ok: false, reason: err };
}

// ---------------------------------------------------------------------------------------------------------------
// 7z container.

export const SEVENZIP_MAGIC = Uint8Array.of(0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c);
const SIGNATURE_HEADER_SIZE = 32;

export interface SevenZipLimits {
  /** Cap on the sum of all unpacked sizes (header + files), checked before decoding. Default 256 MiB. */
  maxUnpackedBytes?: number;
  /** Cap on the number of files, folders and streams. Default 100,000. */
  maxEntries?: number;
}

export const DEFAULT_MAX_UNPACKED_BYTES = 256 * 1024 * 1024;
const DEFAULT_MAX_ENTRIES = 100_000;

export interface SevenZipEntry {
  name: string;
  /** Unpacked size in bytes. */
  size: number;
  isDirectory: boolean;
  /** CRC32 from the archive when it has one; it was checked against `data`. */
  crc32: number | undefined;
  /** Windows attributes (high 16 bits = Unix mode when bit 0x8000 is set), when present. */
  attributes: number | undefined;
  /** Modification time, ms since 1970 (UTC), when present. */
  mtimeMs: number | undefined;
  /**
   * The unpacked bytes: a view into the decoded folder (for a Copy folder, into the input itself); empty for
   * directories and empty files.
   */
  data: Uint8Array;
}

export interface SevenZipArchive {
  version: { major: number; minor: number };
  /** Whether the header itself was packed (kEncodedHeader). */
  encodedHeader: boolean;
  /** Coders used by the folders, e.g. ["LZMA"]. */
  coders: string[];
  /** Sum of the unpacked sizes of everything decoded (header + folders): what counted against the cap. */
  unpackedBytes: number;
  entries: SevenZipEntry[];
}

const CODER_NAMES: Record<string, string> = {
  '00': 'Copy',
  '030101': 'LZMA',
  '21': 'LZMA2',
  '03030103': 'BCJ',
  '0303011b': 'BCJ2',
  '03030205': 'PPC',
  '03030401': 'IA64',
  '03030501': 'ARM',
  '03030701': 'ARMT',
  '03030805': 'SPARC',
  '030401': 'PPMD',
  '040108': 'Deflate',
  '040109': 'Deflate64',
  '040202': 'BZip2',
  '06f10701': 'AES-256',
  '03': 'Delta',
  '04': 'x86 BCJ',
};

// Property ids (7zFormat.txt).
const K_END = 0x00;
const K_HEADER = 0x01;
const K_ARCHIVE_PROPERTIES = 0x02;
const K_ADDITIONAL_STREAMS_INFO = 0x03;
const K_MAIN_STREAMS_INFO = 0x04;
const K_FILES_INFO = 0x05;
const K_PACK_INFO = 0x06;
const K_UNPACK_INFO = 0x07;
const K_SUBSTREAMS_INFO = 0x08;
const K_SIZE = 0x09;
const K_CRC = 0x0a;
const K_FOLDER = 0x0b;
const K_CODERS_UNPACK_SIZE = 0x0c;
const K_NUM_UNPACK_STREAM = 0x0d;
const K_EMPTY_STREAM = 0x0e;
const K_EMPTY_FILE = 0x0f;
const K_NAME = 0x11;
const K_MTIME = 0x14;
const K_WIN_ATTRIBUTES = 0x15;
const K_ENCODED_HEADER = 0x17;

/** Thrown only inside this module and caught by readSevenZip: the reader's way to stop at the first bad byte. */
class Bad {
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly found: string,
  ) {}
}

const hex = (n: number, w = 8): string => '0x' + n.toString(16).padStart(w, '0');

/** A bounds-checked reader over one header (the signature header, a raw or a decoded next header). */
class Cursor {
  pos: number;
  section = '';
  constructor(
    readonly bytes: Uint8Array,
    readonly where: string,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  bad(field: string, expected: string, found: string, at = this.pos): never {
    const place = this.section ? `${this.section}.${field}` : field;
    throw new Bad(`${this.where} @${hex(at, 4)}: ${place}`, expected, found);
  }

  need(n: number, field: string): void {
    if (n > this.end - this.pos) this.bad(field, `${n} more byte(s)`, `end of data (${this.end - this.pos} left)`);
  }

  byte(field: string): number {
    this.need(1, field);
    return this.bytes[this.pos++]!;
  }

  uint32(field: string): number {
    this.need(4, field);
    const b = this.bytes;
    const p = this.pos;
    this.pos += 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }

  uint64(field: string): number {
    const at = this.pos;
    const lo = this.uint32(field);
    const hi = this.uint32(field);
    if (hi >= 0x200000) this.bad(field, 'a number below 2^53', `${hex(hi)}${lo.toString(16).padStart(8, '0')}`, at);
    return hi * 2 ** 32 + lo;
  }

  /** 7z's variable-length NUMBER (1–9 bytes). */
  number(field: string): number {
    const at = this.pos;
    const first = this.byte(field);
    let mask = 0x80;
    let value = 0;
    let i = 0;
    for (; i < 8 && first & mask; i++) {
      value += this.byte(field) * 2 ** (8 * i);
      mask >>>= 1;
    }
    if (i < 8) value += (first & (mask - 1)) * 2 ** (8 * i);
    if (value > Number.MAX_SAFE_INTEGER) this.bad(field, 'a number below 2^53', `${value}`, at);
    return value;
  }

  /** A NUMBER used as a count: bounded by what the remaining bytes could describe and by the entry cap. */
  count(field: string, max: number, perItemBits = 1): number {
    const at = this.pos;
    const n = this.number(field);
    const fits = Math.floor(((this.end - this.pos) * 8) / perItemBits);
    if (n > max || n > fits) this.bad(field, `a count ≤ ${Math.min(max, fits)}`, `${n}`, at);
    return n;
  }

  id(expected: number, field: string): void {
    const at = this.pos;
    const b = this.byte(field);
    if (b !== expected) this.bad(field, `property id ${hex(expected, 2)}`, hex(b, 2), at);
  }

  bits(n: number, field: string): boolean[] {
    this.need(Math.ceil(n / 8), field);
    const out = new Array<boolean>(n);
    for (let i = 0; i < n; i++) out[i] = ((this.bytes[this.pos + (i >>> 3)]! >>> (7 - (i & 7))) & 1) === 1;
    this.pos += Math.ceil(n / 8);
    return out;
  }

  /** AllAreDefined byte, then a bit vector if it is 0. */
  defined(n: number, field: string): boolean[] {
    const all = this.byte(field);
    return all !== 0 ? new Array<boolean>(n).fill(true) : this.bits(n, field);
  }

  digests(n: number, field: string): (number | undefined)[] {
    const def = this.defined(n, field);
    return def.map((d) => (d ? this.uint32(field) : undefined));
  }
}

interface Coder {
  id: string;
  props: Uint8Array;
}

interface Folder {
  coder: Coder;
  unpackSize: number;
  crc: number | undefined;
  /** Number of files (substreams) stored in this folder, and their sizes / CRCs. */
  substreams: number;
  subSizes: number[];
  subCrcs: (number | undefined)[];
}

interface StreamsInfo {
  packPos: number;
  packSizes: number[];
  packCrcs: (number | undefined)[];
  folders: Folder[];
}

function readCoders(c: Cursor, maxEntries: number): Coder {
  const at = c.pos;
  const numCoders = c.count('NumCoders', 64, 16);
  if (numCoders === 0) c.bad('NumCoders', 'at least 1 coder', '0', at);
  const coders: Coder[] = [];
  let totalIn = 0;
  let totalOut = 0;
  for (let i = 0; i < numCoders; i++) {
    const flagsAt = c.pos;
    const flags = c.byte(`Coder[${i}].flags`);
    if (flags & 0xc0) c.bad(`Coder[${i}].flags`, 'reserved bits 6–7 clear', hex(flags, 2), flagsAt);
    const idSize = flags & 0x0f;
    c.need(idSize, `Coder[${i}].CodecId`);
    let id = '';
    for (let k = 0; k < idSize; k++) id += c.bytes[c.pos + k]!.toString(16).padStart(2, '0');
    c.pos += idSize;
    let nIn = 1;
    let nOut = 1;
    if (flags & 0x10) {
      nIn = c.count(`Coder[${i}].NumInStreams`, 32, 8);
      nOut = c.count(`Coder[${i}].NumOutStreams`, 32, 8);
    }
    totalIn += nIn;
    totalOut += nOut;
    let props: Uint8Array = new Uint8Array(0);
    if (flags & 0x20) {
      const size = c.count(`Coder[${i}].PropertiesSize`, maxEntries, 8);
      c.need(size, `Coder[${i}].Properties`);
      props = c.bytes.slice(c.pos, c.pos + size);
      c.pos += size;
    }
    coders.push({ id, props });
  }
  const numBindPairs = totalOut - 1;
  for (let i = 0; i < numBindPairs; i++) {
    c.number(`BindPair[${i}].InIndex`);
    c.number(`BindPair[${i}].OutIndex`);
  }
  const numPacked = totalIn - numBindPairs;
  if (numPacked > 1) for (let i = 0; i < numPacked; i++) c.number(`PackedStream[${i}]`);
  const only = coders[0]!;
  if (coders.length !== 1 || totalIn !== 1 || totalOut !== 1) {
    const names = coders.map((k) => `${k.id}${CODER_NAMES[k.id] ? ` (${CODER_NAMES[k.id]})` : ''}`).join(' + ');
    c.bad('Folder.coders', 'one coder: LZMA (030101) or Copy (00)', `unsupported 7z coder chain ${names}`, at);
  }
  if (only.id !== '030101' && only.id !== '00') {
    const name = CODER_NAMES[only.id] ? ` (${CODER_NAMES[only.id]})` : '';
    c.bad('Folder.coder', 'LZMA (030101) or Copy (00)', `unsupported 7z coder ${only.id || '(empty id)'}${name}`, at);
  }
  return only;
}

function readStreamsInfo(c: Cursor, maxEntries: number): StreamsInfo {
  const si: StreamsInfo = { packPos: 0, packSizes: [], packCrcs: [], folders: [] };
  let id = c.byte('property id');
  if (id === K_PACK_INFO) {
    c.section = 'PackInfo';
    si.packPos = c.number('PackPos');
    const n = c.count('NumPackStreams', maxEntries);
    id = c.byte('property id');
    if (id === K_SIZE) {
      for (let i = 0; i < n; i++) si.packSizes.push(c.number(`PackSizes[${i}]`));
      id = c.byte('property id');
    } else {
      c.bad('kSize', 'pack sizes (property 0x09)', hex(id, 2), c.pos - 1);
    }
    if (id === K_CRC) {
      si.packCrcs = c.digests(n, 'PackStreamDigests');
      id = c.byte('property id');
    }
    if (id !== K_END) c.bad('kEnd', 'end of PackInfo (0x00)', hex(id, 2), c.pos - 1);
    id = c.byte('property id');
  }
  if (id === K_UNPACK_INFO) {
    c.section = 'UnPackInfo';
    c.id(K_FOLDER, 'kFolder');
    const numFolders = c.count('NumFolders', maxEntries, 16);
    const externalAt = c.pos;
    if (c.byte('External') !== 0) c.bad('External', '0 (folders inline)', 'external folders', externalAt);
    const coders: Coder[] = [];
    for (let i = 0; i < numFolders; i++) {
      c.section = `UnPackInfo.Folder[${i}]`;
      coders.push(readCoders(c, maxEntries));
    }
    c.section = 'UnPackInfo';
    c.id(K_CODERS_UNPACK_SIZE, 'kCodersUnPackSize');
    for (let i = 0; i < numFolders; i++) {
      const unpackSize = c.number(`UnPackSize[${i}]`);
      si.folders.push({ coder: coders[i]!, unpackSize, crc: undefined, substreams: 1, subSizes: [], subCrcs: [] });
    }
    id = c.byte('property id');
    if (id === K_CRC) {
      c.digests(numFolders, 'UnPackDigests').forEach((crc, i) => (si.folders[i]!.crc = crc));
      id = c.byte('property id');
    }
    if (id !== K_END) c.bad('kEnd', 'end of UnPackInfo (0x00)', hex(id, 2), c.pos - 1);
    id = c.byte('property id');
  }
  if (id === K_SUBSTREAMS_INFO) {
    c.section = 'SubStreamsInfo';
    id = c.byte('property id');
    if (id === K_NUM_UNPACK_STREAM) {
      for (const f of si.folders) f.substreams = c.count('NumUnPackStream', maxEntries, 0);
      id = c.byte('property id');
    }
    const total = si.folders.reduce((s, f) => s + f.substreams, 0);
    if (total > maxEntries) c.bad('NumUnPackStream', `at most ${maxEntries} streams`, `${total}`);
    const hasSizes = id === K_SIZE;
    for (const [fi, f] of si.folders.entries()) {
      if (f.substreams === 0) continue;
      let sum = 0;
      for (let k = 0; k < f.substreams - 1; k++) {
        const at = c.pos;
        const s = hasSizes ? c.number(`UnPackSize[${fi}][${k}]`) : 0;
        sum += s;
        if (sum > f.unpackSize) c.bad(`UnPackSize[${fi}][${k}]`, `sizes summing to ≤ ${f.unpackSize}`, `${sum}`, at);
        f.subSizes.push(s);
      }
      f.subSizes.push(f.unpackSize - sum);
    }
    if (hasSizes) id = c.byte('property id');
    const needCrc = si.folders.reduce((s, f) => s + (f.substreams === 1 && f.crc !== undefined ? 0 : f.substreams), 0);
    let crcs: (number | undefined)[] = [];
    if (id === K_CRC) {
      crcs = c.digests(needCrc, 'Digests');
      id = c.byte('property id');
    }
    let k = 0;
    for (const f of si.folders) {
      if (f.substreams === 1 && f.crc !== undefined) f.subCrcs = [f.crc];
      else for (let j = 0; j < f.substreams; j++) f.subCrcs.push(crcs[k++]);
    }
    if (id !== K_END) c.bad('kEnd', 'end of SubStreamsInfo (0x00)', hex(id, 2), c.pos - 1);
    id = c.byte('property id');
  } else {
    for (const f of si.folders) {
      f.subSizes = [f.unpackSize];
      f.subCrcs = [f.crc];
    }
  }
  c.section = '';
  if (id !== K_END) c.bad('kEnd', 'end of StreamsInfo (0x00)', hex(id, 2), c.pos - 1);
  if (si.folders.length > si.packSizes.length) {
    c.bad('PackInfo.NumPackStreams', `one pack stream per folder (${si.folders.length})`, `${si.packSizes.length}`);
  }
  return si;
}

interface FileMeta {
  name: string;
  emptyStream: boolean;
  emptyFile: boolean;
  attributes: number | undefined;
  mtimeMs: number | undefined;
}

function readFilesInfo(c: Cursor, maxEntries: number): FileMeta[] {
  c.section = 'FilesInfo';
  const n = c.count('NumFiles', maxEntries, 0);
  const files: FileMeta[] = Array.from({ length: n }, () => ({
    name: '',
    emptyStream: false,
    emptyFile: false,
    attributes: undefined,
    mtimeMs: undefined,
  }));
  let numEmpty = 0;
  for (;;) {
    const typeAt = c.pos;
    const type = c.byte('property id');
    if (type === K_END) break;
    const size = c.number(`property ${hex(type, 2)}.size`);
    if (size > c.end - c.pos) c.bad(`property ${hex(type, 2)}.size`, `≤ ${c.end - c.pos}`, `${size}`, typeAt);
    const next = c.pos + size;
    const sub = new Cursor(c.bytes, c.where, c.pos, next);
    sub.section = `FilesInfo.property ${hex(type, 2)}`;
    switch (type) {
      case K_EMPTY_STREAM: {
        sub.section = 'FilesInfo.kEmptyStream';
        sub.bits(n, 'bits').forEach((b, i) => (files[i]!.emptyStream = b));
        numEmpty = files.filter((f) => f.emptyStream).length;
        break;
      }
      case K_EMPTY_FILE: {
        sub.section = 'FilesInfo.kEmptyFile';
        const bits = sub.bits(numEmpty, 'bits');
        let k = 0;
        for (const f of files) if (f.emptyStream) f.emptyFile = bits[k++]!;
        break;
      }
      case K_NAME: {
        sub.section = 'FilesInfo.kName';
        if (sub.byte('External') !== 0) sub.bad('External', '0 (names inline)', 'external names', sub.pos - 1);
        for (const f of files) {
          const start = sub.pos;
          while (sub.pos + 1 < sub.end && (sub.bytes[sub.pos]! | sub.bytes[sub.pos + 1]!) !== 0) sub.pos += 2;
          if (sub.pos + 1 >= sub.end) sub.bad('name', 'a UTF-16LE name ending in 00 00', 'no terminator', start);
          let name = '';
          for (let p = start; p < sub.pos; p += 2)
            name += String.fromCharCode(sub.bytes[p]! | (sub.bytes[p + 1]! << 8));
          f.name = name;
          sub.pos += 2;
        }
        break;
      }
      case K_WIN_ATTRIBUTES: {
        sub.section = 'FilesInfo.kWinAttributes';
        const def = sub.defined(n, 'AllAreDefined');
        if (sub.byte('External') !== 0) sub.bad('External', '0', 'external attributes', sub.pos - 1);
        def.forEach((d, i) => (files[i]!.attributes = d ? sub.uint32(`Attributes[${i}]`) : undefined));
        break;
      }
      case K_MTIME: {
        sub.section = 'FilesInfo.kMTime';
        const def = sub.defined(n, 'AllAreDefined');
        if (sub.byte('External') !== 0) sub.bad('External', '0', 'external times', sub.pos - 1);
        def.forEach((d, i) => {
          if (!d) return;
          const lo = sub.uint32(`MTime[${i}]`);
          const hi = sub.uint32(`MTime[${i}]`);
          // FILETIME: 100 ns ticks since 1601-01-01.
          files[i]!.mtimeMs = Math.round((hi * 2 ** 32 + lo) / 10_000) - 11_644_473_600_000;
        });
        break;
      }
      default:
        // kCTime, kATime, kAnti, kComment, kStartPos, kDummy (padding) and unknown properties: skipped by size.
        break;
    }
    c.pos = next;
  }
  c.section = '';
  return files;
}

function unpackFolder(bytes: Uint8Array, where: string, f: Folder, start: number, packSize: number): Uint8Array {
  const end = start + packSize;
  if (f.coder.id === '00') {
    if (packSize !== f.unpackSize) {
      throw new Bad(`${where}: Copy folder`, `pack size = unpack size (${f.unpackSize})`, `${packSize}`);
    }
    return bytes.subarray(start, end);
  }
  const r = decodeLzma(bytes, f.coder.props, f.unpackSize, start, end);
  if (!r.ok)
    throw new Bad(`${where} @${hex(start, 4)}: LZMA stream`, `a valid LZMA stream of ${packSize} bytes`, r.reason);
  return r.value;
}

interface Packed {
  si: StreamsInfo;
  folderData: Uint8Array[];
}

/** Decodes every folder of a StreamsInfo, after checking that all pack streams lie inside the file. */
function unpackStreams(
  bytes: Uint8Array,
  si: StreamsInfo,
  what: string,
  budget: { left: number; used: number },
): Packed {
  let pos = SIGNATURE_HEADER_SIZE + si.packPos;
  const starts: number[] = [];
  for (const [i, size] of si.packSizes.entries()) {
    if (pos + size > bytes.length) {
      throw new Bad(
        `${what}: PackInfo.PackSizes[${i}]`,
        `a pack stream inside the file (ends by byte ${bytes.length})`,
        `bytes ${pos}..${pos + size} (file truncated?)`,
      );
    }
    starts.push(pos);
    pos += size;
  }
  const total = si.folders.reduce((s, f) => s + f.unpackSize, 0);
  if (total > budget.left) {
    throw new Bad(
      `${what}: UnPackInfo.UnPackSize`,
      `an unpacked size within the limit of ${budget.left} bytes`,
      `${total} bytes (refused before decoding)`,
    );
  }
  budget.left -= total;
  budget.used += total;
  for (const [i, crc] of si.packCrcs.entries()) {
    if (crc === undefined) continue;
    const got = crc32(bytes, starts[i], starts[i]! + si.packSizes[i]!);
    if (got !== crc)
      throw new Bad(`${what}: PackStreamDigests[${i}]`, `CRC32 ${hex(got)} of the packed stream`, hex(crc));
  }
  const folderData = si.folders.map((f, i) => {
    const data = unpackFolder(bytes, `${what} Folder[${i}]`, f, starts[i]!, si.packSizes[i]!);
    if (f.crc !== undefined) {
      const got = crc32(data);
      if (got !== f.crc)
        throw new Bad(`${what}: UnPackDigests[${i}]`, `CRC32 ${hex(f.crc)}`, `${hex(got)} (data corrupt)`);
    }
    return data;
  });
  return { si, folderData };
}

/**
 * Reads a 7z archive as the urna writes it and returns every entry with its unpacked bytes. `file` names the input
 * in problems. Never throws: any failure (bad magic, CRC mismatch, truncation, unsupported coder, size over the
 * cap) is a Problem naming the place.
 */
export function readSevenZip(bytes: Uint8Array, file: string, limits: SevenZipLimits = {}): Result<SevenZipArchive> {
  try {
    return { ok: true, value: readArchive(bytes, limits) };
  } catch (e) {
    if (e instanceof Bad)
      return { ok: false, problems: [{ file, path: e.path, expected: e.expected, found: e.found }] };
    // Anything else is a bug in this reader; still a value, so a bad file never takes the caller down.
    const found = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    const problem: Problem = {
      file,
      path: '7z archive',
      expected: 'a readable 7z archive',
      found: `internal error ${found}`,
    };
    return { ok: false, problems: [problem] };
  }
}

function readArchive(bytes: Uint8Array, limits: SevenZipLimits): SevenZipArchive {
  const maxEntries = limits.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const budget = { left: limits.maxUnpackedBytes ?? DEFAULT_MAX_UNPACKED_BYTES, used: 0 };
  const sig = new Cursor(bytes, 'signature header');
  sig.need(SIGNATURE_HEADER_SIZE, 'size');
  for (let i = 0; i < SEVENZIP_MAGIC.length; i++) {
    if (bytes[i] !== SEVENZIP_MAGIC[i]) {
      const found = Array.from(bytes.subarray(0, 6), (b) => b.toString(16).padStart(2, '0')).join(' ');
      sig.bad('magic', '37 7a bc af 27 1c (7z)', found, 0);
    }
  }
  sig.pos = 6;
  const major = sig.byte('version.major');
  const minor = sig.byte('version.minor');
  if (major !== 0) sig.bad('version.major', '0', `${major}`, 6);
  const startHeaderCrc = sig.uint32('StartHeaderCRC');
  const computedStart = crc32(bytes, 12, 32);
  if (computedStart !== startHeaderCrc) {
    sig.bad('StartHeaderCRC', `${hex(computedStart)} (CRC32 of bytes 12..31)`, hex(startHeaderCrc), 8);
  }
  const nextOffset = sig.uint64('NextHeaderOffset');
  const nextSize = sig.uint64('NextHeaderSize');
  const nextCrc = sig.uint32('NextHeaderCRC');
  const version = { major, minor };
  const headerStart = SIGNATURE_HEADER_SIZE + nextOffset;
  if (nextSize === 0) return { version, encodedHeader: false, coders: [], unpackedBytes: 0, entries: [] };
  if (headerStart + nextSize > bytes.length) {
    sig.bad(
      'NextHeaderOffset/NextHeaderSize',
      `a header inside the file (${bytes.length} bytes)`,
      `bytes ${headerStart}..${headerStart + nextSize} (file truncated?)`,
      12,
    );
  }
  const computedNext = crc32(bytes, headerStart, headerStart + nextSize);
  if (computedNext !== nextCrc) {
    sig.bad('NextHeaderCRC', `${hex(computedNext)} (CRC32 of the next header)`, hex(nextCrc), 28);
  }

  let c = new Cursor(bytes, 'next header', headerStart, headerStart + nextSize);
  let encodedHeader = false;
  let id = c.byte('property id');
  for (let depth = 0; id === K_ENCODED_HEADER; depth++) {
    if (depth >= 4) c.bad('kEncodedHeader', 'at most 4 levels of encoded header', 'more');
    encodedHeader = true;
    c.section = 'EncodedHeader';
    const si = readStreamsInfo(c, maxEntries);
    if (si.folders.length !== 1) c.bad('EncodedHeader.NumFolders', '1', `${si.folders.length}`);
    const { folderData } = unpackStreams(bytes, si, 'encoded header', budget);
    const header = folderData[0]!;
    c = new Cursor(header, 'decoded header');
    id = c.byte('property id');
  }
  if (id !== K_HEADER) c.bad('property id', 'kHeader (0x01) or kEncodedHeader (0x17)', hex(id, 2), c.pos - 1);

  id = c.byte('property id');
  if (id === K_ARCHIVE_PROPERTIES) {
    c.section = 'ArchiveProperties';
    for (;;) {
      const t = c.byte('PropertyType');
      if (t === K_END) break;
      const size = c.number('PropertySize');
      c.need(size, 'PropertyData');
      c.pos += size;
    }
    c.section = '';
    id = c.byte('property id');
  }
  if (id === K_ADDITIONAL_STREAMS_INFO)
    c.bad('property id', 'no kAdditionalStreamsInfo', 'kAdditionalStreamsInfo', c.pos - 1);
  let main: StreamsInfo = { packPos: 0, packSizes: [], packCrcs: [], folders: [] };
  if (id === K_MAIN_STREAMS_INFO) {
    main = readStreamsInfo(c, maxEntries);
    id = c.byte('property id');
  }
  let files: FileMeta[] = [];
  if (id === K_FILES_INFO) {
    files = readFilesInfo(c, maxEntries);
    id = c.byte('property id');
  }
  if (id !== K_END) c.bad('property id', 'kEnd (0x00) closing the header', hex(id, 2), c.pos - 1);

  const withStream = files.filter((f) => !f.emptyStream).length;
  const streams = main.folders.reduce((s, f) => s + f.substreams, 0);
  if (withStream !== streams)
    c.bad('FilesInfo.NumFiles', `${streams} file(s) with data (one per stream)`, `${withStream}`);

  const { folderData } = unpackStreams(bytes, main, 'main streams', budget);
  const entries: SevenZipEntry[] = [];
  let fi = 0;
  let sub = 0;
  let offset = 0;
  for (const f of files) {
    const base = { name: f.name, attributes: f.attributes, mtimeMs: f.mtimeMs };
    if (f.emptyStream) {
      const isDir = !f.emptyFile || (f.attributes !== undefined && (f.attributes & 0x10) !== 0);
      entries.push({ ...base, size: 0, isDirectory: isDir, crc32: undefined, data: new Uint8Array(0) });
      continue;
    }
    while (sub >= main.folders[fi]!.substreams) {
      fi++;
      sub = 0;
      offset = 0;
    }
    const folder = main.folders[fi]!;
    const size = folder.subSizes[sub]!;
    const data = folderData[fi]!.subarray(offset, offset + size);
    const crc = folder.subCrcs[sub];
    if (crc !== undefined) {
      const got = crc32(data);
      if (got !== crc)
        throw new Bad(`file "${f.name}": CRC`, `CRC32 ${hex(crc)} (from the header)`, `${hex(got)} (data corrupt)`);
    }
    entries.push({ ...base, size, isDirectory: false, crc32: crc, data });
    sub++;
    offset += size;
  }
  const coders = [...new Set(main.folders.map((f) => CODER_NAMES[f.coder.id] ?? f.coder.id))];
  return { version, encodedHeader, coders, unpackedBytes: budget.used, entries };
}

// ---------------------------------------------------------------------------------------------------------------
// Writer: the same subset, so our own logs can be packaged the way the TSE packages its logs, and so the tests can
// build archives of every shape the reader accepts. One solid folder holds every non-empty file, as 7-Zip does.

export interface SevenZipWriteEntry {
  name: string;
  data: Uint8Array;
  /** Modification time, ms since 1970 (UTC); written as kMTime when every entry has one. */
  mtimeMs?: number;
}

export interface SevenZipWriteOptions {
  /**
   * Packs a stream with LZMA1, returning the 5 property bytes and the raw stream (no ".lzma" header). Without it
   * the Copy coder is used: no compression, and every 7z reader still reads it.
   */
  lzma?: (data: Uint8Array) => { props: Uint8Array; packed: Uint8Array };
  /** Pack the header too (kEncodedHeader), as 7-Zip does by default. Needs `lzma`. */
  encodeHeader?: boolean;
}

/** 7z's variable-length NUMBER for a non-negative integer below 2^53. */
export function sevenZipNumber(n: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`7z NUMBER out of range: ${n}`);
  let first = 0;
  let mask = 0x80;
  let i = 0;
  for (; i < 8; i++) {
    if (n < 2 ** (7 * (i + 1))) {
      first |= Math.floor(n / 2 ** (8 * i));
      break;
    }
    first |= mask;
    mask >>>= 1;
  }
  const out = [first];
  for (let k = 0, v = n; k < i; k++, v = Math.floor(v / 256)) out.push(v % 256);
  return Uint8Array.from(out);
}

class ByteSink {
  private parts: number[] = [];
  byte(...b: number[]): this {
    for (const x of b) this.parts.push(x & 0xff);
    return this;
  }
  num(n: number): this {
    return this.bytes(sevenZipNumber(n));
  }
  u32(n: number): this {
    return this.byte(n, n >>> 8, n >>> 16, n >>> 24);
  }
  bytes(b: Uint8Array): this {
    for (const x of b) this.parts.push(x);
    return this;
  }
  bits(flags: boolean[]): this {
    for (let i = 0; i < flags.length; i += 8) {
      let v = 0;
      for (let k = 0; k < 8; k++) if (flags[i + k]) v |= 0x80 >>> k;
      this.parts.push(v);
    }
    return this;
  }
  get length(): number {
    return this.parts.length;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** StreamsInfo for one folder with one coder over one pack stream at `packPos`. */
function writeStreamsInfo(
  s: ByteSink,
  packPos: number,
  packSize: number,
  coder: Coder,
  unpackSize: number,
  subSizes: number[] | null,
  crcs: number[],
): void {
  s.byte(K_PACK_INFO).num(packPos).num(1).byte(K_SIZE).num(packSize).byte(K_END);
  s.byte(K_UNPACK_INFO, K_FOLDER).num(1).byte(0);
  const idBytes = coder.id.match(/../g)!.map((h) => parseInt(h, 16));
  s.num(1).byte(idBytes.length | (coder.props.length ? 0x20 : 0), ...idBytes);
  if (coder.props.length) s.num(coder.props.length).bytes(coder.props);
  s.byte(K_CODERS_UNPACK_SIZE).num(unpackSize);
  if (subSizes === null) {
    s.byte(K_CRC, 1).u32(crcs[0]!);
    s.byte(K_END, K_END); // UnPackInfo, StreamsInfo
    return;
  }
  s.byte(K_END);
  s.byte(K_SUBSTREAMS_INFO, K_NUM_UNPACK_STREAM).num(subSizes.length);
  if (subSizes.length > 1) {
    s.byte(K_SIZE);
    for (const size of subSizes.slice(0, -1)) s.num(size);
  }
  s.byte(K_CRC, 1);
  for (const c of crcs) s.u32(c);
  s.byte(K_END, K_END); // SubStreamsInfo, StreamsInfo
}

/** Writes a 7z archive (version 0.4) holding `entries` in order. */
export function writeSevenZip(entries: readonly SevenZipWriteEntry[], options: SevenZipWriteOptions = {}): Uint8Array {
  const withData = entries.filter((e) => e.data.length > 0);
  const solid = new Uint8Array(withData.reduce((s, e) => s + e.data.length, 0));
  let off = 0;
  for (const e of withData) {
    solid.set(e.data, off);
    off += e.data.length;
  }
  const pack = (data: Uint8Array): { coder: Coder; packed: Uint8Array } => {
    if (!options.lzma) return { coder: { id: '00', props: new Uint8Array(0) }, packed: data };
    const r = options.lzma(data);
    return { coder: { id: '030101', props: r.props }, packed: r.packed };
  };

  const h = new ByteSink().byte(K_HEADER);
  let main: Uint8Array = new Uint8Array(0);
  if (withData.length > 0) {
    const p = pack(solid);
    main = p.packed;
    h.byte(K_MAIN_STREAMS_INFO);
    writeStreamsInfo(
      h,
      0,
      main.length,
      p.coder,
      solid.length,
      withData.map((e) => e.data.length),
      withData.map((e) => crc32(e.data)),
    );
  }
  if (entries.length > 0) {
    h.byte(K_FILES_INFO).num(entries.length);
    const empty = entries.map((e) => e.data.length === 0);
    if (empty.some(Boolean)) {
      const bits = new ByteSink().bits(empty).done();
      h.byte(K_EMPTY_STREAM).num(bits.length).bytes(bits);
      const emptyFile = new ByteSink().bits(empty.filter(Boolean)).done();
      h.byte(K_EMPTY_FILE).num(emptyFile.length).bytes(emptyFile);
    }
    const names = new ByteSink().byte(0);
    for (const e of entries) {
      for (let i = 0; i < e.name.length; i++) names.byte(e.name.charCodeAt(i), e.name.charCodeAt(i) >>> 8);
      names.byte(0, 0);
    }
    h.byte(K_NAME).num(names.length).bytes(names.done());
    if (entries.every((e) => e.mtimeMs !== undefined)) {
      const t = new ByteSink().byte(1, 0);
      for (const e of entries) {
        const ft = (e.mtimeMs! + 11_644_473_600_000) * 10_000;
        t.u32(ft % 2 ** 32).u32(Math.floor(ft / 2 ** 32));
      }
      h.byte(K_MTIME).num(t.length).bytes(t.done());
    }
    h.byte(K_END);
  }
  h.byte(K_END);
  let header = h.done();
  let packedHeader: Uint8Array = new Uint8Array(0);
  if (options.encodeHeader && options.lzma) {
    const p = pack(header);
    packedHeader = p.packed;
    const e = new ByteSink().byte(K_ENCODED_HEADER);
    writeStreamsInfo(e, main.length, packedHeader.length, p.coder, header.length, null, [crc32(header)]);
    header = e.done();
  }
  const out = new Uint8Array(SIGNATURE_HEADER_SIZE + main.length + packedHeader.length + header.length);
  out.set(SEVENZIP_MAGIC, 0);
  out[7] = 4;
  out.set(main, SIGNATURE_HEADER_SIZE);
  out.set(packedHeader, SIGNATURE_HEADER_SIZE + main.length);
  const headerAt = SIGNATURE_HEADER_SIZE + main.length + packedHeader.length;
  out.set(header, headerAt);
  const dv = new DataView(out.buffer);
  dv.setBigUint64(12, BigInt(headerAt - SIGNATURE_HEADER_SIZE), true);
  dv.setBigUint64(20, BigInt(header.length), true);
  dv.setUint32(28, crc32(header), true);
  dv.setUint32(8, crc32(out, 12, 32), true);
  return out;
}
