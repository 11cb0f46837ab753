// The QR codes printed on the Boletim de Urna (TSE-FORMATS.md §7.2): one line of `KEY:value` records per symbol,
//
//   QRBU:<i>:<n> VRQR:<versão> [VRCH:<versão da chave>] <dados_i> HASH:<128 hex> [ASSI:<hex>, last symbol only]
//
// where the BU content is cut into slices `dados_1 … dados_n` at spaces (the cutting space is dropped and re-inserted
// when joining) and the hashes form a chain over the slices:
//
//   HASH_1 = SHA512(dados_1)
//   HASH_k = SHA512(dados_1 + " HASH:" + HASH_1 + " " + dados_2 + " HASH:" + HASH_2 + … + " " + dados_k)
//
// (ASCII bytes, hex upper case). ASSI signs the final hash: VRQR 1.5 = Ed25519 by a per-UF key over the 64 raw
// bytes of the final HASH; VRQR 6.0 = the urna's hardware key (Ed521 or ECDSA P-521) over SHA-512(final HASH bytes),
// the urna's certificate printed as extra `QRCE:<i>:<n> IDUE:… MDUE:… CERT:<hex>` symbols.
//
// Our urna's ASSI (buildQrPayloads with `sign`): Ed25519 by the urna's own key from the carga (the key that signs its
// BU), over the 64 raw bytes of the final HASH — the VRQR 1.5 rule, with the urna's key in place of the TSE's per-UF
// key. checkAssi verifies it with `ed25519PublicKey` under either VRQR. The keys/field names below are the TSE's,
// verbatim (upper case), as this folder's rule asks.
//
// Splitting rule (splitQrContent): each non-final slice is the longest prefix of the remaining content that ends
// before a space and is at most QR_SLICE_LIMIT = 822 characters; i.e. the cut is at the last space at index ≤ 822.
// Derivation from the real symbols in shared/tse/samples/qr: the AP 2022 3-part code has slices of 819 and 815
// characters whose next tokens would have made them 826 and 823; the 2026 manual example has 815 (next: 825); the
// 2018 manual example 818. So the limit is in [819, 822] for every sample — the same value whatever the header
// length (VRQR 1.5 headers are 31 characters, 6.0 headers 17), so the limit is on the slice, not on the symbol.
// 822 reproduces every real boundary (test/tse/qr-payload.test.ts); it equals the third-party figure "823 characters
// then back to the last space" (a space at index 822 is the 823rd character).
import { verifyEd25519 } from '../crypto/ed25519.ts';
import { fromHex, sha512HexUpper } from '../crypto/hash.ts';
import type { Problem, Result } from '../election/problem.ts';
import { CARGO_CONSTITUCIONAL, type CargoConstitucional, type EntidadeBoletimUrna } from './asn1-types.ts';
import type { BoletimUrna, BuTipoVoto, FaseTSE, TipoCargo } from '../urna/model.ts';

export type Vrqr = '1.5' | '6.0';
const KNOWN_VRQR: ReadonlySet<string> = new Set(['1.5', '6.0']);

/** Longest slice of BU content in one symbol (see the module comment for how it was derived). */
export const QR_SLICE_LIMIT = 822;
/** A QR symbol holds at most 7,089 characters (version 40, numeric); anything longer is not one symbol's text. */
const MAX_SYMBOL_CHARS = 8000;
/** Upper bound for `n` in `QRBU:i:n`: a São Paulo BU needs about 5; a larger n is a corrupted or hostile header. */
const MAX_PARTS = 99;
/** Outside the QR alphanumeric character set (0-9 A-Z space $ % * + - . / :), which holds every BU payload. */
const NOT_QR_ALNUM = /[^0-9A-Z $%*+\-./:]/;
const HEX128 = /^[0-9A-F]{128}$/;
const HEX = /^(?:[0-9A-F]{2})+$/;

// ---------------------------------------------------------------------------------------------------------------
// One symbol

export interface QrBuSymbol {
  kind: 'QRBU';
  index: number;
  total: number;
  VRQR: string;
  VRCH?: string;
  /** This symbol's content slice (between the header and ` HASH:`). */
  dados: string;
  /** HASH, 128 upper-case hex characters. */
  HASH: string;
  /** ASSI hex, on the last symbol only. */
  ASSI?: string;
  text: string;
}

/** A symbol of the urna certificate (VRQR 6.0): `QRCE:<i>:<n> IDUE:<n> MDUE:<model> CERT:<hex slice>`. */
export interface QrCeSymbol {
  kind: 'QRCE';
  index: number;
  total: number;
  IDUE: string;
  MDUE: string;
  CERT: string;
  text: string;
}

export type QrSymbol = QrBuSymbol | QrCeSymbol;

function problem(file: string, path: string, expected: string, found: string): Problem {
  return { file, path, expected, found };
}

const show = (s: string, max = 40): string => (s.length > max ? `"${s.slice(0, max)}…"` : `"${s}"`);

function firstBadChar(text: string): number {
  return text.search(NOT_QR_ALNUM);
}

function parseIndexTotal(
  value: string,
  file: string,
  path: string,
): { ok: true; index: number; total: number } | { ok: false; problem: Problem } {
  const m = /^(\d{1,3}):(\d{1,3})$/.exec(value);
  const index = m ? Number(m[1]) : NaN;
  const total = m ? Number(m[2]) : NaN;
  if (!m || index < 1 || total < 1 || index > total || total > MAX_PARTS) {
    return {
      ok: false,
      problem: problem(file, path, `<i>:<n> with 1 ≤ i ≤ n ≤ ${MAX_PARTS}`, show(value)),
    };
  }
  return { ok: true, index, total };
}

/**
 * Parses one symbol's text (a QRBU part or a QRCE certificate part). Never throws: anything that is not a BU QR
 * text comes back as problems naming the place.
 */
export function parseQrSymbol(input: string, file = 'QR'): Result<QrSymbol> {
  if (typeof input !== 'string') return { ok: false, problems: [problem(file, '(text)', 'a string', typeof input)] };
  if (input.length > MAX_SYMBOL_CHARS) {
    return {
      ok: false,
      problems: [problem(file, '(text)', `at most ${MAX_SYMBOL_CHARS} characters`, `${input.length}`)],
    };
  }
  // Readers may hand back a trailing newline; the hashed data never starts or ends with whitespace.
  const text = input.replace(/^[\r\n\t ]+|[\r\n\t ]+$/g, '');
  const bad = firstBadChar(text);
  if (bad >= 0) {
    const code = text.charCodeAt(bad);
    return {
      ok: false,
      problems: [
        problem(
          file,
          `character ${bad + 1}`,
          'only QR alphanumeric characters (0-9 A-Z space $ % * + - . / :)',
          `U+${code.toString(16).toUpperCase().padStart(4, '0')}`,
        ),
      ],
    };
  }
  if (text.startsWith('QRCE:')) return parseQrCe(text, file);
  if (!text.startsWith('QRBU:')) {
    return { ok: false, problems: [problem(file, 'QRBU', 'a text starting with QRBU: or QRCE:', show(text))] };
  }

  const tokens = text.split(' ');
  const it = parseIndexTotal(tokens[0]!.slice(5), file, 'QRBU');
  if (!it.ok) return { ok: false, problems: [it.problem] };
  const vrqrTok = tokens[1] ?? '';
  if (!vrqrTok.startsWith('VRQR:')) {
    return { ok: false, problems: [problem(file, 'VRQR', 'VRQR:<versão> as the second record', show(vrqrTok))] };
  }
  const VRQR = vrqrTok.slice(5);
  if (!KNOWN_VRQR.has(VRQR)) {
    return { ok: false, problems: [problem(file, 'VRQR', 'a known version: 1.5 or 6.0', show(VRQR))] };
  }
  let headerEnd = tokens[0]!.length + 1 + vrqrTok.length;
  let VRCH: string | undefined;
  const third = tokens[2] ?? '';
  if (third.startsWith('VRCH:')) {
    VRCH = third.slice(5);
    if (!/^\d{8}$/.test(VRCH)) {
      return { ok: false, problems: [problem(file, 'VRCH', 'a key version yyyymmdd', show(VRCH))] };
    }
    headerEnd += 1 + third.length;
  }

  const hashAt = text.indexOf(' HASH:', headerEnd);
  if (hashAt < 0) {
    return { ok: false, problems: [problem(file, 'HASH', 'a HASH:<128 hex> record', 'none (text cut short?)')] };
  }
  const dados = hashAt > headerEnd ? text.slice(headerEnd + 1, hashAt) : '';
  const tail = text.slice(hashAt + 6).split(' ');
  const HASH = tail[0] ?? '';
  if (!HEX128.test(HASH)) {
    return {
      ok: false,
      problems: [
        problem(file, 'HASH', '128 upper-case hex characters (SHA-512)', `${show(HASH, 20)} (${HASH.length})`),
      ],
    };
  }
  let ASSI: string | undefined;
  if (tail.length > 1) {
    const a = tail[1]!;
    if (tail.length > 2 || !a.startsWith('ASSI:')) {
      return {
        ok: false,
        problems: [problem(file, 'after HASH', 'nothing, or ASSI:<hex>', show(tail.slice(1).join(' ')))],
      };
    }
    ASSI = a.slice(5);
    if (!HEX.test(ASSI)) {
      return { ok: false, problems: [problem(file, 'ASSI', 'upper-case hex bytes', show(ASSI, 20))] };
    }
  }
  const sym: QrBuSymbol = { kind: 'QRBU', index: it.index, total: it.total, VRQR, dados, HASH, text };
  if (VRCH !== undefined) sym.VRCH = VRCH;
  if (ASSI !== undefined) sym.ASSI = ASSI;
  return { ok: true, value: sym };
}

function parseQrCe(text: string, file: string): Result<QrCeSymbol> {
  const tokens = text.split(' ');
  const it = parseIndexTotal(tokens[0]!.slice(5), file, 'QRCE');
  if (!it.ok) return { ok: false, problems: [it.problem] };
  const fields = new Map<string, string>();
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    const c = t.indexOf(':');
    if (c <= 0) return { ok: false, problems: [problem(file, `record ${i + 1}`, 'KEY:value', show(t))] };
    fields.set(t.slice(0, c), t.slice(c + 1));
  }
  const IDUE = fields.get('IDUE');
  const MDUE = fields.get('MDUE');
  const CERT = fields.get('CERT');
  if (IDUE === undefined || MDUE === undefined || CERT === undefined) {
    return { ok: false, problems: [problem(file, 'QRCE', 'IDUE, MDUE and CERT records', show(text))] };
  }
  if (!/^(?:[0-9A-F]{2})*$/.test(CERT)) {
    return { ok: false, problems: [problem(file, 'CERT', 'upper-case hex', show(CERT, 20))] };
  }
  return { ok: true, value: { kind: 'QRCE', index: it.index, total: it.total, IDUE, MDUE, CERT, text } };
}

// ---------------------------------------------------------------------------------------------------------------
// Joining, the hash chain, ASSI

export interface QrPayload {
  VRQR: string;
  VRCH?: string;
  /** The QRBU symbols in order 1..n. */
  parts: QrBuSymbol[];
  /** The BU content: the slices joined with the cutting space re-inserted. */
  content: string;
  /** HASH of the last symbol. */
  finalHash: string;
  ASSI?: string;
  /** The urna certificate from QRCE symbols (VRQR 6.0), when they were among the inputs. */
  certificate?: { IDUE: string; MDUE: string; bytes: Uint8Array };
}

/**
 * Joins the symbols of one printed BU, given in any order (a camera finds them in any order, and may find one
 * twice: identical repeats are ignored). Reports missing parts, conflicting duplicates, mixed totals/versions and
 * an ASSI anywhere but on the last part. Does not check hashes: that is checkQrHashChain.
 */
export function joinQrSymbols(inputs: readonly (string | QrSymbol)[], file = 'QR'): Result<QrPayload> {
  const problems: Problem[] = [];
  const bu: QrBuSymbol[] = [];
  const ce: QrCeSymbol[] = [];
  inputs.forEach((inp, i) => {
    if (typeof inp === 'string') {
      const r = parseQrSymbol(inp, file);
      if (!r.ok) {
        for (const p of r.problems) problems.push({ ...p, path: `symbol ${i + 1} ${p.path}` });
        return;
      }
      if (r.value.kind === 'QRBU') bu.push(r.value);
      else ce.push(r.value);
    } else if (inp.kind === 'QRBU') bu.push(inp);
    else ce.push(inp);
  });
  if (problems.length > 0) return { ok: false, problems };
  if (bu.length === 0) return { ok: false, problems: [problem(file, 'QRBU', 'at least one QRBU symbol', 'none')] };

  const parts = orderParts(bu, 'QRBU', file, problems);
  const first = bu[0]!;
  for (const s of bu) {
    if (s.VRQR !== first.VRQR) problems.push(problem(file, `QRBU:${s.index} VRQR`, first.VRQR, s.VRQR));
    if (s.VRCH !== first.VRCH) problems.push(problem(file, `QRBU:${s.index} VRCH`, String(first.VRCH), String(s.VRCH)));
    if (s.ASSI !== undefined && s.index !== s.total) {
      problems.push(problem(file, `QRBU:${s.index}:${s.total} ASSI`, 'ASSI on the last symbol only', 'ASSI'));
    }
  }
  let certificate: QrPayload['certificate'];
  if (ce.length > 0) {
    const ceParts = orderParts(ce, 'QRCE', file, problems);
    if (ceParts) {
      const c0 = ceParts[0]!;
      for (const s of ceParts) {
        if (s.IDUE !== c0.IDUE) problems.push(problem(file, `QRCE:${s.index} IDUE`, c0.IDUE, s.IDUE));
        if (s.MDUE !== c0.MDUE) problems.push(problem(file, `QRCE:${s.index} MDUE`, c0.MDUE, s.MDUE));
      }
      const hex = ceParts.map((s) => s.CERT).join('');
      if (hex.length % 2 !== 0) problems.push(problem(file, 'QRCE CERT', 'an even number of hex digits', 'odd'));
      else certificate = { IDUE: c0.IDUE, MDUE: c0.MDUE, bytes: fromHex(hex) };
    }
  }
  if (problems.length > 0 || !parts) return { ok: false, problems };
  const last = parts[parts.length - 1]!;
  const payload: QrPayload = {
    VRQR: first.VRQR,
    parts,
    content: joinSlices(parts.map((p) => p.dados)),
    finalHash: last.HASH,
  };
  if (first.VRCH !== undefined) payload.VRCH = first.VRCH;
  if (last.ASSI !== undefined) payload.ASSI = last.ASSI;
  if (certificate) payload.certificate = certificate;
  return { ok: true, value: payload };
}

function orderParts<T extends QrSymbol>(syms: T[], kind: string, file: string, problems: Problem[]): T[] | undefined {
  const total = syms[0]!.total;
  const slots: (T | undefined)[] = new Array<T | undefined>(total).fill(undefined);
  let ok = true;
  for (const s of syms) {
    if (s.total !== total) {
      problems.push(
        problem(file, `${kind}:${s.index}:${s.total}`, `the same total as the others (${total})`, `${s.total}`),
      );
      ok = false;
      continue;
    }
    const prev = slots[s.index - 1];
    if (prev && prev.text !== s.text) {
      problems.push(problem(file, `${kind}:${s.index}:${total}`, 'one symbol per part', 'two different symbols'));
      ok = false;
    }
    slots[s.index - 1] = s;
  }
  const missing = slots.flatMap((s, i) => (s ? [] : [i + 1]));
  if (missing.length > 0) {
    problems.push(problem(file, kind, `parts 1..${total}`, `missing part ${missing.join(', ')} of ${total}`));
    ok = false;
  }
  return ok ? (slots as T[]) : undefined;
}

/** The content from its slices: the cutting space goes back between them (empty slices add nothing). */
export function joinSlices(slices: readonly string[]): string {
  return slices.filter((s) => s.length > 0).join(' ');
}

/** HASH_1 … HASH_n of a list of slices (§7.2). */
export function qrChainHashes(slices: readonly string[]): string[] {
  const hashes: string[] = [];
  let input = '';
  slices.forEach((d, k) => {
    input = k === 0 ? d : `${input} HASH:${hashes[k - 1]!} ${d}`;
    hashes.push(sha512HexUpper(input));
  });
  return hashes;
}

/** One named check with its outcome, as the verifier reports it. */
export interface QrCheck {
  name: 'qr-hash-chain' | 'qr-signature' | 'qr-matches-bu';
  status: 'pass' | 'fail' | 'cannot-check';
  reason?: string;
  /** Failing part numbers (1-based), for the hash chain. */
  parts?: number[];
}

/**
 * Checks the hash chain of the symbols 1..k in order (a whole payload, or the first parts of one — e.g. a photo of
 * the first symbols only). Each HASH_k is recomputed over the slices and the HASH values as printed; every part
 * whose printed HASH differs is named.
 */
export function checkQrHashChain(parts: readonly QrBuSymbol[] | QrPayload): QrCheck {
  const list = 'parts' in parts ? parts.parts : parts;
  const name = 'qr-hash-chain' as const;
  if (list.length === 0) return { name, status: 'cannot-check', reason: 'no QRBU symbol' };
  for (let i = 0; i < list.length; i++) {
    if (list[i]!.index !== i + 1) {
      return { name, status: 'fail', reason: `symbol ${i + 1} is part ${list[i]!.index}: parts must be 1..k in order` };
    }
  }
  const bad: number[] = [];
  let input = '';
  list.forEach((p, k) => {
    input = k === 0 ? p.dados : `${input} HASH:${list[k - 1]!.HASH} ${p.dados}`;
    if (sha512HexUpper(input) !== p.HASH) bad.push(p.index);
  });
  if (bad.length === 0) return { name, status: 'pass' };
  const k = bad[0]!;
  return {
    name,
    status: 'fail',
    parts: bad,
    reason: `HASH of part ${k} of ${list[0]!.total} does not match its data${bad.length > 1 ? ` (also parts ${bad.slice(1).join(', ')})` : ''}`,
  };
}

export interface AssiOptions {
  /** Raw 32-byte Ed25519 key: the TSE's per-UF QR key (VRQR 1.5) or our urna's key. */
  ed25519PublicKey?: Uint8Array;
  /**
   * VRQR 6.0: verifies the urna's hardware signature. Receives the 64 raw bytes of the final HASH and the ASSI bytes;
   * applies the TSE convention itself (message = SHA-512 of those 64 bytes, Ed521 or ECDSA P-521 by the certificate's
   * key — e.g. `(h, s) => verifyHardwareSignature(payload.certificate.bytes, h, s)` from src/crypto/cert-chain.ts,
   * whose `{ ok, reason }` result is accepted as is).
   */
  verifyHardware?: (finalHash: Uint8Array, signature: Uint8Array) => boolean | { ok: boolean; reason?: string };
}

/** Checks ASSI over the final HASH (module comment: what is signed under each VRQR). */
export function checkAssi(payload: QrPayload, opts: AssiOptions = {}): QrCheck {
  const name = 'qr-signature' as const;
  if (payload.ASSI === undefined) return { name, status: 'fail', reason: 'no ASSI on the last QR code' };
  const hash = fromHex(payload.finalHash);
  const sig = fromHex(payload.ASSI);
  if (payload.VRQR === '6.0' && opts.verifyHardware) {
    let r: boolean | { ok: boolean; reason?: string };
    try {
      r = opts.verifyHardware(hash, sig);
    } catch (e) {
      return { name, status: 'fail', reason: `hardware signature verifier failed: ${(e as Error).message}` };
    }
    const ok = typeof r === 'boolean' ? r : r.ok;
    const why = typeof r === 'boolean' ? undefined : r.reason;
    return ok
      ? { name, status: 'pass' }
      : {
          name,
          status: 'fail',
          reason: `ASSI (${sig.length} bytes) does not verify with the urna certificate${why ? `: ${why}` : ''}`,
        };
  }
  if (opts.ed25519PublicKey) {
    if (sig.length !== 64) {
      return { name, status: 'fail', reason: `ASSI is ${sig.length} bytes, an Ed25519 signature is 64` };
    }
    return verifyEd25519(opts.ed25519PublicKey, hash, sig)
      ? { name, status: 'pass' }
      : { name, status: 'fail', reason: 'ASSI does not verify with the given Ed25519 key over the final HASH' };
  }
  if (payload.VRQR === '6.0') {
    return {
      name,
      status: 'cannot-check',
      reason: `VRQR 6.0 ASSI (${sig.length} bytes, ${sig.length === 132 ? 'Ed521' : 'ECDSA P-521'}) needs the urna certificate (QRCE codes) and a hardware-signature verifier`,
    };
  }
  return {
    name,
    status: 'cannot-check',
    reason: `VRQR 1.5 ASSI needs the TSE's per-UF QR key for VRCH ${payload.VRCH ?? '?'} (qrcodenobu.tse.jus.br/tse.qrcodebu/<VRCH>/…/<fase><uf>qrcode.pub), not given`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Content: records and the structured view

export interface QrRecord {
  /** Upper-case key, or the candidate number for `number:votes` records. */
  key: string;
  value: string;
}

/** Splits content into its records. Problems for empty records (double spaces) and records without a colon. */
export function qrRecords(content: string, file = 'QR'): Result<QrRecord[]> {
  if (content === '') return { ok: true, value: [] };
  const out: QrRecord[] = [];
  const tokens = content.split(' ');
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const c = t.indexOf(':');
    if (c <= 0) return { ok: false, problems: [problem(file, `record ${i + 1}`, 'KEY:value', show(t))] };
    out.push({ key: t.slice(0, c), value: t.slice(c + 1) });
  }
  return { ok: true, value: out };
}

export interface QrVotos {
  numero: number;
  votos: number;
}

export interface QrPartido {
  PART: number;
  candidatos: QrVotos[];
  LEGP?: number;
  TOTP?: number;
}

export interface QrCargo {
  CARG: number;
  /** 0 majoritário, 1 proporcional, 2 consulta. */
  TIPO?: number;
  VERC?: string;
  /** Proportional offices: per party. */
  partidos: QrPartido[];
  /** Majoritarian offices and consultas: the candidates directly. */
  candidatos: QrVotos[];
  APTA?: number;
  APTS?: number;
  APTT?: number;
  CSEC?: number;
  NOMI?: number;
  LEGC?: number;
  BRAN?: number;
  NULO?: number;
  TOTC?: number;
  /** Records of keys this parser does not know, kept in order. */
  outros: QrRecord[];
}

export interface QrEleicao {
  IDEL: number;
  MAJO?: number;
  PROP?: number;
  cargos: QrCargo[];
}

/** The BU header records. Numbers where the value is a count or code; strings for dates, times and identifiers. */
export interface QrBuHeader {
  ORIG?: string;
  ORLC?: string;
  PROC?: number;
  DTPL?: string;
  PLEI?: number;
  TURN?: number;
  FASE?: string;
  UNFE?: string;
  MUNI?: number;
  ZONA?: number;
  SECA?: number;
  AGRE?: number[];
  IDUE?: number;
  /** codigoCarga: 24 digits, more than a double holds. */
  IDCA?: string;
  HIQT?: number;
  /** HICA:<i>:<code>, by i (1-based → index 0). */
  HICA?: string[];
  VERS?: string;
  LOCA?: number;
  APTO?: number;
  APTS?: number;
  APTT?: number;
  COMP?: number;
  FALT?: number;
  HBMA?: number;
  HBBM?: number;
  HBBG?: number;
  HBSB?: number;
  DTAB?: string;
  HRAB?: string;
  DTFC?: string;
  HRFC?: string;
  JUNT?: number;
  TURM?: number;
  DTEM?: string;
  HREM?: string;
  outros: QrRecord[];
}

export interface QrBuContent {
  header: QrBuHeader;
  eleicoes: QrEleicao[];
  records: QrRecord[];
}

// Header records whose value is a count or a code (→ number) and those kept as text (dates, times, identifiers).
const HEADER_NUMBER_SET: ReadonlySet<string> = new Set(
  'PROC PLEI TURN MUNI ZONA SECA IDUE HIQT LOCA APTO APTS APTT COMP FALT HBMA HBBM HBBG HBSB JUNT TURM'.split(' '),
);
const HEADER_STRING_SET: ReadonlySet<string> = new Set(
  'ORIG ORLC DTPL FASE UNFE IDCA VERS DTAB HRAB DTFC HRFC DTEM HREM'.split(' '),
);
const CARGO_SUMMARY = ['APTA', 'APTS', 'APTT', 'CSEC', 'NOMI', 'LEGC', 'BRAN', 'NULO', 'TOTC'] as const;
type CargoSummaryKey = (typeof CARGO_SUMMARY)[number];
const CARGO_SUMMARY_SET: ReadonlySet<string> = new Set(CARGO_SUMMARY);
const NUMBER = /^\d{1,15}$/;
const AGRE = /^\d{1,15}(?:\.\d{1,15})*$/;
/** Keys whose value must be a number (plus candidate numbers, tested separately). */
const NUMERIC_KEYS: ReadonlySet<string> = new Set([
  ...HEADER_NUMBER_SET,
  ...CARGO_SUMMARY,
  ...'IDEL MAJO PROP CARG TIPO PART LEGP TOTP'.split(' '),
]);
const recordAt = (i: number, key: string): string => `record ${i + 1} (${key})`;

/**
 * The structured view of the content: header, then per eleição (IDEL) per cargo (CARG) the candidates, per party
 * PART/LEGP/TOTP for proportional offices, and the cargo summary. Unknown keys are kept (`outros`), so a newer
 * payload still parses; structure errors (a candidate outside a cargo, a count that is not a number, a header
 * record twice) are problems naming the record.
 */
export function parseQrContent(content: string, file = 'QR'): Result<QrBuContent> {
  const rec = qrRecords(content, file);
  if (!rec.ok) return rec;
  const records = rec.value;
  const header: QrBuHeader = { outros: [] };
  const h = header as unknown as Record<string, unknown>;
  const eleicoes: QrEleicao[] = [];
  let eleicao: QrEleicao | undefined;
  let cargo: QrCargo | undefined;
  let partido: QrPartido | undefined;
  const problems: Problem[] = [];

  for (let i = 0; i < records.length && problems.length < 20; i++) {
    // No closures in this loop: tsx/esbuild wraps each one in a `__name` call that costs more than the parsing.
    const { key, value } = records[i]!;
    const isNumber = NUMBER.test(value);
    const n = isNumber ? Number(value) : undefined;
    if (!isNumber && NUMERIC_KEYS.has(key))
      problems.push(problem(file, recordAt(i, key), 'a decimal number', show(value)));
    if (NUMBER.test(key)) {
      // A candidate's votes.
      if (n === undefined) {
        problems.push(problem(file, recordAt(i, key), 'a decimal number', show(value)));
        continue;
      }
      const votos = n;
      if (!cargo) {
        problems.push(
          problem(file, recordAt(i, key), 'candidate votes inside a cargo (after CARG)', `${key}:${value}`),
        );
        continue;
      }
      (partido ? partido.candidatos : cargo.candidatos).push({ numero: Number(key), votos });
      continue;
    }
    if (key === 'IDEL') {
      if (n === undefined) continue;
      eleicao = { IDEL: n, cargos: [] };
      eleicoes.push(eleicao);
      cargo = partido = undefined;
      continue;
    }
    if (!eleicao) {
      // Header.
      if (HEADER_NUMBER_SET.has(key) || HEADER_STRING_SET.has(key) || key === 'AGRE' || key === 'HICA') {
        if (key !== 'HICA' && h[key] !== undefined) {
          problems.push(problem(file, recordAt(i, key), `${key} once in the header`, 'a second one'));
          continue;
        }
      }
      if (HEADER_NUMBER_SET.has(key)) {
        if (n !== undefined) h[key] = n;
      } else if (HEADER_STRING_SET.has(key)) {
        h[key] = value;
      } else if (key === 'AGRE') {
        if (!AGRE.test(value)) problems.push(problem(file, recordAt(i, key), 'seções joined by "."', show(value)));
        else header.AGRE = value.split('.').map(Number);
      } else if (key === 'HICA') {
        const m = /^(\d{1,3}):(\d{1,30})$/.exec(value);
        if (!m) {
          problems.push(problem(file, recordAt(i, key), '<i>:<codigoCarga>', show(value)));
          continue;
        }
        const list = (header.HICA ??= []);
        const idx = Number(m[1]);
        if (idx !== list.length + 1) {
          problems.push(problem(file, recordAt(i, key), `HICA:${list.length + 1}:…`, `HICA:${idx}:…`));
          continue;
        }
        list.push(m[2]!);
      } else header.outros.push(records[i]!);
      continue;
    }
    if (key === 'MAJO' || key === 'PROP') {
      if (n !== undefined) eleicao[key] = n;
      continue;
    }
    if (key === 'CARG') {
      if (n === undefined) continue;
      cargo = { CARG: n, partidos: [], candidatos: [], outros: [] };
      eleicao.cargos.push(cargo);
      partido = undefined;
      continue;
    }
    if (!cargo) {
      problems.push(problem(file, recordAt(i, key), 'CARG before the records of an office', `${key}:${value}`));
      continue;
    }
    if (key === 'TIPO') {
      if (n !== undefined) cargo.TIPO = n;
    } else if (key === 'VERC') {
      cargo.VERC = value;
    } else if (key === 'PART') {
      if (n === undefined) continue;
      partido = { PART: n, candidatos: [] };
      cargo.partidos.push(partido);
    } else if (key === 'LEGP' || key === 'TOTP') {
      if (!partido) {
        problems.push(problem(file, recordAt(i, key), `${key} inside a party (after PART)`, `${key}:${value}`));
        continue;
      }
      if (n !== undefined) partido[key] = n;
      if (key === 'TOTP') partido = undefined;
    } else if (CARGO_SUMMARY_SET.has(key)) {
      partido = undefined;
      if (n !== undefined) cargo[key as CargoSummaryKey] = n;
    } else {
      cargo.outros.push(records[i]!);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { header, eleicoes, records } };
}

// ---------------------------------------------------------------------------------------------------------------
// Building the payload from a BU

/** What the QR carries that the BU file does not (TSE-FORMATS §7.2, §9). */
export interface QrBuildContext {
  VRQR: Vrqr;
  /** Key version `yyyymmdd`, mandatory for VRQR 1.5. */
  VRCH?: string;
  /** PROC: the processo eleitoral (395 in 2022). */
  processo: number;
  /** TURN. */
  turno: number;
  /** UNFE: the UF (ZZ abroad). */
  uf: string;
  /** DTPL `yyyymmdd`; default: the date of dadosSecao.dataHoraAbertura. */
  dataPleito?: string;
  /** ORIG; default VOTA (a voting urna). */
  origem?: 'VOTA' | 'RED' | 'SA';
  /** ORLC; default LEG (legal, not comunitária). */
  orlc?: 'LEG' | 'COM';
  /** AGRE: seções aggregated into this one. */
  agregadas?: readonly number[];
  /** VERC per office: the candidate-package version; omitted when undefined. */
  verc?: string | ((idEleicao: number, codigoCargo: number) => string | undefined);
  /**
   * Which header fields: '2022' (VRQR 1.5: HBMA, no HIQT/HICA, no APTS/APTT) or '2026' (VRQR 6.0: HIQT/HICA,
   * APTS/APTT in the header and per office, HBBM/HBBG/HBSB). Default: by VRQR.
   */
  layout?: '2022' | '2026';
  /** Slice limit; default QR_SLICE_LIMIT. */
  sliceLimit?: number;
}

/** Signs the 64 raw bytes of the final HASH (our urna: its Ed25519 key — see the module comment). */
export interface QrSigner {
  sign(message: Uint8Array): Uint8Array;
}

/** The part of a BU the QR content is derived from and compared with. BoletimUrna (src/urna/model.ts) fits. */
export interface QrComparableBu {
  cabecalho: { idPleito: number };
  fase: FaseTSE;
  urna: {
    versaoVotacao?: string;
    correspondenciaResultado: { carga: { numeroInternoUrna: number; codigoCarga: string } };
  };
  identificacaoSecao: { municipio: number; zona: number; local: number; secao: number };
  dadosSecao?: { dataHoraAbertura: string; dataHoraEncerramento: string };
  /** V2; for a V1 BU leave it out (COMP is then the largest qtdComparecimento). */
  qtdEleitoresCompareceram?: number;
  detalhamentoComparecimento?: {
    qtdEleitoresCompareceramSemBiometria: number;
    qtdEleitoresHabilitadosPorBiometria: number;
    qtdEleitoresHabilitadosPorBiografia: number;
  };
  /** V1's qtdEleitoresLibCodigo (HBMA); for V2, HBMA is qtdEleitoresHabilitadosPorBiografia. */
  qtdEleitoresLibCodigo?: number;
  historicoCodigosCarga?: readonly string[];
  resultadosVotacaoPorEleicao: readonly {
    idEleicao: number;
    qtdEleitoresAptos: number;
    qtdEleitoresAptosSecao?: number;
    qtdEleitoresAptosTTE?: number;
    resultadosVotacao: readonly {
      tipoCargo: TipoCargo;
      qtdComparecimento?: number;
      totaisVotosCargo: readonly {
        codigoCargo: number;
        ordemImpressao?: number;
        votosVotaveis: readonly {
          tipoVoto: BuTipoVoto;
          quantidadeVotos: number;
          identificacaoVotavel?: { partido: number; codigo: number };
        }[];
      }[];
    }[];
  }[];
}

/**
 * The comparable view of a BU decoded from a TSE file (src/tse/bu-codec.ts, V1 or V2): the CHOICEs flattened
 * (idEleitoral → idPleito, municipioZona, codigoCargo → its number, dadosSecaoSA → dadosSecao).
 */
export function qrComparableFromTse(bu: EntidadeBoletimUrna): QrComparableBu {
  const s = bu.identificacaoSecao;
  const view: QrComparableBu = {
    cabecalho: { idPleito: bu.cabecalho.idEleitoral.idPleito ?? NaN },
    fase: bu.fase,
    urna: bu.urna,
    identificacaoSecao: {
      municipio: s.municipioZona.municipio,
      zona: s.municipioZona.zona,
      local: s.local,
      secao: s.secao,
    },
    resultadosVotacaoPorEleicao: bu.resultadosVotacaoPorEleicao.map((e) => ({
      ...e,
      resultadosVotacao: e.resultadosVotacao.map((rv) => ({
        ...rv,
        totaisVotosCargo: rv.totaisVotosCargo.map((c) => ({
          ...c,
          codigoCargo:
            c.codigoCargo.cargoConstitucional !== undefined
              ? CARGO_CONSTITUCIONAL[c.codigoCargo.cargoConstitucional as CargoConstitucional]
              : c.codigoCargo.numeroCargoConsultaLivre,
        })),
      })),
    })),
  };
  if (bu.dadosSecaoSA.dadosSecao) view.dadosSecao = bu.dadosSecaoSA.dadosSecao;
  if ('chaveAssinaturaVotosVotavel' in bu) {
    if (bu.qtdEleitoresLibCodigo !== undefined) view.qtdEleitoresLibCodigo = bu.qtdEleitoresLibCodigo;
  } else {
    view.qtdEleitoresCompareceram = bu.qtdEleitoresCompareceram;
    if (bu.detalhamentoComparecimento) view.detalhamentoComparecimento = bu.detalhamentoComparecimento;
    view.historicoCodigosCarga = bu.historicoCodigosCarga;
  }
  return view;
}

const FASE_LETTER: Readonly<Record<FaseTSE, string>> = { oficial: 'O', simulado: 'S', treinamento: 'T' };
const TIPO_CODE: Readonly<Record<TipoCargo, number>> = { majoritario: 0, proporcional: 1, consulta: 2 };

/** The per-eleição, per-cargo counts the QR shows, derived from the BU tuples (QR order: §7.2). */
export function qrEleicoesFromBu(bu: QrComparableBu, layout: '2022' | '2026'): QrEleicao[] {
  type Placed = { cargo: QrCargo; ordem: number; seq: number };
  let seq = 0;
  const eleicoes: { e: QrEleicao; cargos: Placed[] }[] = [];
  for (const rve of bu.resultadosVotacaoPorEleicao) {
    const placed: Placed[] = [];
    for (const rv of rve.resultadosVotacao) {
      for (const tvc of rv.totaisVotosCargo) {
        const TIPO = TIPO_CODE[rv.tipoCargo];
        const cargo: QrCargo = { CARG: tvc.codigoCargo, TIPO, partidos: [], candidatos: [], outros: [] };
        let nomi = 0;
        let legc = 0;
        let bran = 0;
        let nulo = 0;
        const byParty = new Map<number, QrPartido>();
        const party = (p: number): QrPartido => {
          let x = byParty.get(p);
          if (!x) byParty.set(p, (x = { PART: p, candidatos: [], LEGP: 0, TOTP: 0 }));
          return x;
        };
        for (const t of tvc.votosVotaveis) {
          const q = t.quantidadeVotos;
          switch (t.tipoVoto) {
            case 'nominal': {
              nomi += q;
              const numero = t.identificacaoVotavel?.codigo ?? 0;
              if (TIPO === 1) {
                const p = party(t.identificacaoVotavel?.partido ?? Math.trunc(numero / 1000));
                p.candidatos.push({ numero, votos: q });
                p.TOTP! += q;
              } else cargo.candidatos.push({ numero, votos: q });
              break;
            }
            case 'legenda': {
              legc += q;
              const p = party(t.identificacaoVotavel?.partido ?? t.identificacaoVotavel?.codigo ?? 0);
              p.LEGP! += q;
              p.TOTP! += q;
              break;
            }
            case 'branco':
              bran += q;
              break;
            default:
              // nulo, and cargoSemCandidato: a vote for an office nobody runs for counts as nulo.
              nulo += q;
          }
        }
        if (TIPO === 1) {
          cargo.partidos = [...byParty.values()].sort((a, b) => a.PART - b.PART);
          for (const p of cargo.partidos) p.candidatos.sort((a, b) => a.numero - b.numero);
        }
        cargo.APTA = rve.qtdEleitoresAptos;
        if (layout === '2026') {
          cargo.APTS = rve.qtdEleitoresAptosSecao ?? rve.qtdEleitoresAptos;
          cargo.APTT = rve.qtdEleitoresAptosTTE ?? 0;
        }
        cargo.NOMI = nomi;
        if (TIPO === 1) cargo.LEGC = legc;
        cargo.BRAN = bran;
        cargo.NULO = nulo;
        cargo.TOTC = nomi + legc + bran + nulo;
        placed.push({ cargo, ordem: tvc.ordemImpressao ?? Number.MAX_SAFE_INTEGER, seq: seq++ });
      }
    }
    // Offices in print order (ordemImpressao is global across eleições; file order breaks ties).
    placed.sort((a, b) => a.ordem - b.ordem || a.seq - b.seq);
    eleicoes.push({ e: { IDEL: rve.idEleicao, cargos: placed.map((p) => p.cargo) }, cargos: placed });
  }
  const firstOrdem = (x: { cargos: Placed[] }): number => x.cargos[0]?.ordem ?? Number.MAX_SAFE_INTEGER;
  const firstSeq = (x: { cargos: Placed[] }): number => x.cargos[0]?.seq ?? Number.MAX_SAFE_INTEGER;
  eleicoes.sort((a, b) => firstOrdem(a) - firstOrdem(b) || firstSeq(a) - firstSeq(b));
  return eleicoes.map((x) => x.e);
}

function splitDataHora(dh: string): [string, string] {
  // DataHoraJE `YYYYMMDDThhmmss` → `YYYYMMDD`, `hhmmss`.
  return [dh.slice(0, 8), dh.slice(9, 15)];
}

/** The numeric part of versaoVotacao ("8.26.0.0 - Onça-pintada" → "8.26.0.0"). */
export function qrVersion(versaoVotacao: string): string {
  return /\d+(?:\.\d+)*/.exec(versaoVotacao)?.[0] ?? '0';
}

const aptoOf = (bu: QrComparableBu): number =>
  Math.max(0, ...bu.resultadosVotacaoPorEleicao.map((e) => e.qtdEleitoresAptos));
const compOf = (bu: QrComparableBu): number =>
  bu.qtdEleitoresCompareceram ??
  Math.max(
    0,
    ...bu.resultadosVotacaoPorEleicao.flatMap((e) => e.resultadosVotacao.map((r) => r.qtdComparecimento ?? 0)),
  );

/** The BU content string (all slices joined), in the TSE's record order. */
export function qrContentFromBu(bu: BoletimUrna, ctx: QrBuildContext): string {
  const layout = ctx.layout ?? (ctx.VRQR === '6.0' ? '2026' : '2022');
  const out: string[] = [];
  const put = (k: string, v: string | number): void => {
    out.push(`${k}:${v}`);
  };
  const s = bu.identificacaoSecao;
  const carga = bu.urna.correspondenciaResultado.carga;
  const [dtab, hrab] = splitDataHora(bu.dadosSecao.dataHoraAbertura);
  const [dtfc, hrfc] = splitDataHora(bu.dadosSecao.dataHoraEncerramento);
  put('ORIG', ctx.origem ?? 'VOTA');
  put('ORLC', ctx.orlc ?? 'LEG');
  put('PROC', ctx.processo);
  put('DTPL', ctx.dataPleito ?? dtab);
  put('PLEI', bu.cabecalho.idPleito);
  put('TURN', ctx.turno);
  put('FASE', FASE_LETTER[bu.fase]);
  put('UNFE', ctx.uf.toUpperCase());
  put('MUNI', s.municipio);
  put('ZONA', s.zona);
  put('SECA', s.secao);
  if (ctx.agregadas && ctx.agregadas.length > 0) put('AGRE', ctx.agregadas.join('.'));
  put('IDUE', carga.numeroInternoUrna);
  put('IDCA', carga.codigoCarga);
  if (layout === '2026') {
    put('HIQT', bu.historicoCodigosCarga.length);
    bu.historicoCodigosCarga.forEach((c, i) => put('HICA', `${i + 1}:${c}`));
  }
  put('VERS', qrVersion(bu.urna.versaoVotacao));
  put('LOCA', s.local);
  const apto = aptoOf(bu);
  const comp = compOf(bu);
  put('APTO', apto);
  if (layout === '2026') {
    put('APTS', Math.max(0, ...bu.resultadosVotacaoPorEleicao.map((e) => e.qtdEleitoresAptosSecao)));
    put('APTT', Math.max(0, ...bu.resultadosVotacaoPorEleicao.map((e) => e.qtdEleitoresAptosTTE)));
  }
  put('COMP', comp);
  put('FALT', apto - comp);
  const d = bu.detalhamentoComparecimento;
  if (layout === '2026') {
    put('HBBM', d.qtdEleitoresHabilitadosPorBiometria);
    put('HBBG', d.qtdEleitoresHabilitadosPorBiografia);
    put('HBSB', d.qtdEleitoresCompareceramSemBiometria);
  } else {
    put('HBMA', d.qtdEleitoresHabilitadosPorBiografia);
  }
  put('DTAB', dtab);
  put('HRAB', hrab);
  put('DTFC', dtfc);
  put('HRFC', hrfc);

  for (const e of qrEleicoesFromBu(bu, layout)) {
    put('IDEL', e.IDEL);
    for (const c of e.cargos) {
      put('CARG', c.CARG);
      put('TIPO', c.TIPO ?? 0);
      const verc = typeof ctx.verc === 'function' ? ctx.verc(e.IDEL, c.CARG) : ctx.verc;
      if (verc !== undefined) put('VERC', verc);
      for (const p of c.partidos) {
        put('PART', p.PART);
        for (const v of p.candidatos) put(String(v.numero), v.votos);
        put('LEGP', p.LEGP ?? 0);
        put('TOTP', p.TOTP ?? 0);
      }
      for (const v of c.candidatos) put(String(v.numero), v.votos);
      for (const k of CARGO_SUMMARY) {
        const v = c[k];
        if (v !== undefined) put(k, v);
      }
    }
  }
  return out.join(' ');
}

/** Cuts content into slices at spaces, each at most `limit` characters (module comment: the rule and its evidence). */
export function splitQrContent(content: string, limit = QR_SLICE_LIMIT): string[] {
  const slices: string[] = [];
  let rest = content;
  while (rest.length > limit) {
    const cut = rest.lastIndexOf(' ', limit);
    if (cut <= 0) throw new Error(`QR content has a record longer than ${limit} characters: ${rest.slice(0, 40)}…`);
    slices.push(rest.slice(0, cut));
    rest = rest.slice(cut + 1);
  }
  slices.push(rest);
  return slices;
}

/** The symbol texts for given slices: header, slice, HASH chain; ASSI on the last when given. */
export function assembleQrSymbols(
  slices: readonly string[],
  header: { VRQR: string; VRCH?: string },
  assi?: string,
): string[] {
  const hashes = qrChainHashes(slices);
  const n = slices.length;
  return slices.map((d, i) => {
    let t = `QRBU:${i + 1}:${n} VRQR:${header.VRQR}`;
    if (header.VRCH !== undefined) t += ` VRCH:${header.VRCH}`;
    if (d.length > 0) t += ` ${d}`;
    t += ` HASH:${hashes[i]!}`;
    if (i === n - 1 && assi !== undefined) t += ` ASSI:${assi}`;
    return t;
  });
}

/**
 * The texts of the QR codes for a BU, in order: content from the BU and `ctx`, split by the TSE's rule, hash-chained,
 * and — with `sign` — ASSI on the last (our urna: Ed25519 over the final HASH's 64 raw bytes).
 */
export function buildQrPayloads(bu: BoletimUrna, ctx: QrBuildContext, sign?: QrSigner): string[] {
  if (ctx.VRQR === '1.5' && (ctx.VRCH === undefined || !/^\d{8}$/.test(ctx.VRCH))) {
    throw new Error(`buildQrPayloads: VRQR 1.5 needs VRCH (the key version, yyyymmdd), found ${String(ctx.VRCH)}`);
  }
  const content = qrContentFromBu(bu, ctx);
  const bad = firstBadChar(content);
  if (bad >= 0) {
    throw new Error(
      `buildQrPayloads: the content has a non-QR-alphanumeric character at ${bad}: ${content.slice(bad, bad + 20)}`,
    );
  }
  const slices = splitQrContent(content, ctx.sliceLimit ?? QR_SLICE_LIMIT);
  const header = ctx.VRQR === '1.5' ? { VRQR: ctx.VRQR, VRCH: ctx.VRCH! } : { VRQR: ctx.VRQR };
  let assi: string | undefined;
  if (sign) {
    const hashes = qrChainHashes(slices);
    assi = hexUpper(sign.sign(fromHex(hashes[hashes.length - 1]!)));
  }
  return assembleQrSymbols(slices, header, assi);
}

function hexUpper(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s.toUpperCase();
}

// ---------------------------------------------------------------------------------------------------------------
// The payload against the BU

export interface QrBuDifference {
  /** Where: e.g. `COMP`, `IDEL:545 CARG:1 13`, `IDEL:546 CARG:6 PART:10 LEGP`. */
  path: string;
  bu: string;
  qr: string;
}

/**
 * Every count of the QR content against the BU it claims to come from: the identification (PLEI, FASE, MUNI, ZONA,
 * SECA, LOCA, IDUE, IDCA), APTO/COMP/FALT, attendance details and times when both sides have them, and per eleição
 * and office APTA, every candidate's votes, per party LEGP/TOTP, NOMI, LEGC, BRAN, NULO, TOTC. Empty = equal.
 */
export function qrMatchesBu(payload: QrPayload | QrBuContent | string, bu: QrComparableBu): QrBuDifference[] {
  let content: QrBuContent;
  if (typeof payload === 'string' || 'parts' in payload) {
    const r = parseQrContent(typeof payload === 'string' ? payload : payload.content);
    if (!r.ok) return r.problems.map((p) => ({ path: p.path, bu: p.expected, qr: p.found }));
    content = r.value;
  } else content = payload;
  const diffs: QrBuDifference[] = [];
  const cmp = (path: string, qr: number | string | undefined, buValue: number | string | undefined): void => {
    if (String(qr) !== String(buValue))
      diffs.push({ path, bu: String(buValue ?? '(absent)'), qr: String(qr ?? '(absent)') });
  };
  const hd = content.header;
  const s = bu.identificacaoSecao;
  const carga = bu.urna.correspondenciaResultado.carga;
  cmp('PLEI', hd.PLEI, bu.cabecalho.idPleito);
  cmp('FASE', hd.FASE, FASE_LETTER[bu.fase]);
  cmp('MUNI', hd.MUNI, s.municipio);
  cmp('ZONA', hd.ZONA, s.zona);
  cmp('SECA', hd.SECA, s.secao);
  cmp('LOCA', hd.LOCA, s.local);
  cmp('IDUE', hd.IDUE, carga.numeroInternoUrna);
  cmp('IDCA', hd.IDCA, carga.codigoCarga);
  if (hd.VERS !== undefined && bu.urna.versaoVotacao !== undefined)
    cmp('VERS', hd.VERS, qrVersion(bu.urna.versaoVotacao));
  const apto = aptoOf(bu);
  const comp = compOf(bu);
  cmp('APTO', hd.APTO, apto);
  cmp('COMP', hd.COMP, comp);
  cmp('FALT', hd.FALT, apto - comp);
  const layout = hd.APTS !== undefined || hd.HBBM !== undefined ? '2026' : '2022';
  if (hd.APTS !== undefined) {
    cmp(
      'APTS',
      hd.APTS,
      Math.max(0, ...bu.resultadosVotacaoPorEleicao.map((e) => e.qtdEleitoresAptosSecao ?? e.qtdEleitoresAptos)),
    );
    cmp('APTT', hd.APTT, Math.max(0, ...bu.resultadosVotacaoPorEleicao.map((e) => e.qtdEleitoresAptosTTE ?? 0)));
  }
  const d = bu.detalhamentoComparecimento;
  if (hd.HBMA !== undefined) {
    const hbma = bu.qtdEleitoresLibCodigo ?? d?.qtdEleitoresHabilitadosPorBiografia;
    if (hbma !== undefined) cmp('HBMA', hd.HBMA, hbma);
  }
  if (d && (hd.HBBM !== undefined || hd.HBBG !== undefined || hd.HBSB !== undefined)) {
    cmp('HBBM', hd.HBBM, d.qtdEleitoresHabilitadosPorBiometria);
    cmp('HBBG', hd.HBBG, d.qtdEleitoresHabilitadosPorBiografia);
    cmp('HBSB', hd.HBSB, d.qtdEleitoresCompareceramSemBiometria);
  }
  if (bu.dadosSecao) {
    const [dtab, hrab] = splitDataHora(bu.dadosSecao.dataHoraAbertura);
    const [dtfc, hrfc] = splitDataHora(bu.dadosSecao.dataHoraEncerramento);
    if (hd.DTAB !== undefined) cmp('DTAB', hd.DTAB, dtab);
    if (hd.HRAB !== undefined) cmp('HRAB', hd.HRAB, hrab);
    if (hd.DTFC !== undefined) cmp('DTFC', hd.DTFC, dtfc);
    if (hd.HRFC !== undefined) cmp('HRFC', hd.HRFC, hrfc);
  }
  if (hd.HICA !== undefined && bu.historicoCodigosCarga) {
    cmp('HIQT', hd.HIQT, bu.historicoCodigosCarga.length);
    cmp('HICA', hd.HICA.join(','), bu.historicoCodigosCarga.join(','));
  }

  const expected = qrEleicoesFromBu(bu, layout);
  const qrByIdel = new Map(content.eleicoes.map((e) => [e.IDEL, e]));
  for (const e of content.eleicoes) {
    if (!expected.some((x) => x.IDEL === e.IDEL)) diffs.push({ path: `IDEL:${e.IDEL}`, bu: '(absent)', qr: 'present' });
  }
  for (const ex of expected) {
    const qe = qrByIdel.get(ex.IDEL);
    if (!qe) {
      diffs.push({ path: `IDEL:${ex.IDEL}`, bu: 'present', qr: '(absent)' });
      continue;
    }
    const qrCargos = new Map(qe.cargos.map((c) => [c.CARG, c]));
    for (const c of qe.cargos) {
      if (!ex.cargos.some((x) => x.CARG === c.CARG)) {
        diffs.push({ path: `IDEL:${ex.IDEL} CARG:${c.CARG}`, bu: '(absent)', qr: 'present' });
      }
    }
    for (const xc of ex.cargos) {
      const at = `IDEL:${ex.IDEL} CARG:${xc.CARG}`;
      const qc = qrCargos.get(xc.CARG);
      if (!qc) {
        diffs.push({ path: at, bu: 'present', qr: '(absent)' });
        continue;
      }
      compareCargo(at, qc, xc, cmp);
    }
  }
  return diffs;
}

function votesMap(list: readonly QrVotos[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const v of list) m.set(v.numero, (m.get(v.numero) ?? 0) + v.votos);
  return m;
}

function compareVotes(
  at: string,
  qr: readonly QrVotos[],
  bu: readonly QrVotos[],
  cmp: (path: string, qr: number | undefined, bu: number | undefined) => void,
): void {
  const q = votesMap(qr);
  const b = votesMap(bu);
  for (const [n, v] of b) cmp(`${at} ${n}`, q.get(n), v);
  for (const [n, v] of q) if (!b.has(n)) cmp(`${at} ${n}`, v, undefined);
}

function compareCargo(
  at: string,
  qc: QrCargo,
  xc: QrCargo,
  cmp: (path: string, qr: number | string | undefined, bu: number | string | undefined) => void,
): void {
  cmp(`${at} TIPO`, qc.TIPO, xc.TIPO);
  // Candidates: wherever the QR lists them (party or office), every BU candidate with the same votes.
  const qrAll = [...qc.candidatos, ...qc.partidos.flatMap((p) => p.candidatos)];
  const buAll = [...xc.candidatos, ...xc.partidos.flatMap((p) => p.candidatos)];
  compareVotes(at, qrAll, buAll, cmp);
  const qp = new Map(qc.partidos.map((p) => [p.PART, p]));
  for (const p of xc.partidos) {
    const q = qp.get(p.PART);
    if (!q) {
      cmp(`${at} PART:${p.PART}`, undefined, 'present');
      continue;
    }
    cmp(`${at} PART:${p.PART} LEGP`, q.LEGP, p.LEGP);
    cmp(`${at} PART:${p.PART} TOTP`, q.TOTP, p.TOTP);
  }
  for (const q of qc.partidos)
    if (!xc.partidos.some((p) => p.PART === q.PART)) cmp(`${at} PART:${q.PART}`, 'present', undefined);
  for (const k of CARGO_SUMMARY) {
    if (k === 'CSEC') continue;
    if (qc[k] === undefined && (k === 'APTS' || k === 'APTT')) continue;
    cmp(`${at} ${k}`, qc[k], xc[k]);
  }
}

/** qrMatchesBu as a named check for the verifier's report. */
export function checkQrMatchesBu(payload: QrPayload | QrBuContent | string, bu: QrComparableBu): QrCheck {
  const diffs = qrMatchesBu(payload, bu);
  if (diffs.length === 0) return { name: 'qr-matches-bu', status: 'pass' };
  const shown = diffs
    .slice(0, 5)
    .map((d) => `${d.path}: BU ${d.bu}, QR ${d.qr}`)
    .join('; ');
  return {
    name: 'qr-matches-bu',
    status: 'fail',
    reason: `${diffs.length} difference${diffs.length > 1 ? 's' : ''}: ${shown}${diffs.length > 5 ? '; …' : ''}`,
  };
}
