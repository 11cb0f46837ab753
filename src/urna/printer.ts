// The urna's thermal printer: 48-column monospace text, and the signature block every printed report ends with.
// A report's signature is the urna key's Ed25519 signature over SHA-512 of the report body (UTF-8), printed in hex
// under the body, so anyone holding the urna's certificate can check a transcribed report (verifyPrintedReport).
import { verifyEd25519, type Signer } from '../crypto/ed25519.ts';
import { fromHex, sha512, toHex } from '../crypto/hash.ts';

export const PAPER_WIDTH = 48;

/** Builds a report line by line, never wider than the paper. */
export class Paper {
  readonly width: number;
  readonly #lines: string[] = [];

  constructor(width = PAPER_WIDTH) {
    this.width = width;
  }

  /** A left-aligned line; longer text wraps at spaces (or hard, for a single long word). */
  line(text = ''): this {
    for (const l of wrap(text, this.width)) this.#lines.push(l);
    return this;
  }

  center(text: string): this {
    for (const l of wrap(text, this.width)) {
      const pad = Math.floor((this.width - l.length) / 2);
      this.#lines.push(' '.repeat(pad) + l);
    }
    return this;
  }

  /** `left ........ right` on one line; when both do not fit, `left` then `right` aligned on the next line(s). */
  row(left: string, right: string | number): this {
    const r = String(right);
    if (left.length + r.length + 1 <= this.width) {
      this.#lines.push(left + ' '.repeat(this.width - left.length - r.length) + r);
      return this;
    }
    this.line(left);
    for (const l of wrap(r, this.width)) this.#lines.push(' '.repeat(this.width - l.length) + l);
    return this;
  }

  /** `left ........ right` on one line, cutting `left` when needed (candidate lines: the count must stay aligned). */
  rowCut(left: string, right: string | number): this {
    const r = String(right);
    const room = Math.max(0, this.width - r.length - 1);
    const l = left.length > room ? left.slice(0, room) : left;
    this.#lines.push(l + ' '.repeat(Math.max(1, this.width - l.length - r.length)) + r);
    return this;
  }

  rule(ch = '-'): this {
    this.#lines.push(ch.repeat(this.width));
    return this;
  }

  blank(): this {
    this.#lines.push('');
    return this;
  }

  /** Lines already laid out (the text of another Paper of the same width). */
  append(text: string): this {
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (const l of lines) this.#lines.push(l);
    return this;
  }

  text(): string {
    return this.#lines.join('\n') + '\n';
  }
}

export function wrap(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const out: string[] = [];
  let rest = text;
  while (rest.length > width) {
    let cut = rest.lastIndexOf(' ', width);
    if (cut <= 0) cut = width;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) out.push(rest);
  return out;
}

export function foldHex(hex: string, width = PAPER_WIDTH): string[] {
  const out: string[] = [];
  for (let i = 0; i < hex.length; i += width) out.push(hex.slice(i, i + width));
  return out;
}

export type ReportKind = 'zeresima' | 'bu' | 'buj' | 'bim' | 'biografica';

export interface SignedReport {
  kind: ReportKind;
  /** The report as printed, before the signature block; ends with a newline. */
  body: string;
  /** SHA-512 of the UTF-8 body, hex upper case. */
  sha512: string;
  /** Ed25519 signature by the urna key over the 64 raw bytes of `sha512`, hex upper case. */
  signature: string;
}

const SIG_RULE = '-'.repeat(PAPER_WIDTH);
const SIG_HASH_LABEL = 'Resumo SHA-512 do relatório:';
const SIG_SIGNATURE_LABEL = 'Assinatura digital da urna (Ed25519):';

export function signReport(kind: ReportKind, body: string, signer: Signer): SignedReport {
  const digest = sha512(body);
  return { kind, body, sha512: toHex(digest).toUpperCase(), signature: toHex(signer.sign(digest)).toUpperCase() };
}

/**
 * A signed report whose text is laid out, hashed and signed only when first read (then kept). A simulation of
 * 22,000 urnas produces every report but prints almost none; the content is fixed by what `build` captured.
 */
export function lazySignedReport(kind: ReportKind, build: () => string, signer: Signer): SignedReport {
  let done: SignedReport | undefined;
  const get = (): SignedReport => (done ??= signReport(kind, build(), signer));
  const report = { kind } as SignedReport;
  Object.defineProperties(report, {
    body: { enumerable: true, get: () => get().body },
    sha512: { enumerable: true, get: () => get().sha512 },
    signature: { enumerable: true, get: () => get().signature },
  });
  return report;
}

/** The printed text: body, signature block, then unsigned trailer lines (e.g. the BU's "via 2/5"). */
export function printSigned(report: SignedReport, trailer: readonly string[] = []): string {
  const lines = [
    SIG_RULE,
    SIG_HASH_LABEL,
    ...foldHex(report.sha512),
    SIG_SIGNATURE_LABEL,
    ...foldHex(report.signature),
    ...trailer,
  ];
  return report.body + lines.join('\n') + '\n';
}

export type PrintedReportCheck = { ok: true; body: string } | { ok: false; reason: string };

/** Re-checks a printed report's hash and signature against the urna's public key. */
export function verifyPrintedReport(text: string, urnaPublicKey: Uint8Array): PrintedReportCheck {
  const marker = `\n${SIG_RULE}\n${SIG_HASH_LABEL}\n`;
  const at = text.lastIndexOf(marker);
  if (at < 0) return { ok: false, reason: 'no signature block' };
  const body = text.slice(0, at + 1);
  const tail = text.slice(at + marker.length).split('\n');
  const sigAt = tail.indexOf(SIG_SIGNATURE_LABEL);
  if (sigAt < 0) return { ok: false, reason: 'no signature line' };
  const isHex = (l: string): boolean => /^[0-9A-Fa-f]+$/.test(l);
  const hashHex = tail.slice(0, sigAt).join('');
  const sigLines: string[] = [];
  for (const l of tail.slice(sigAt + 1)) {
    if (!isHex(l)) break;
    sigLines.push(l);
  }
  const digest = sha512(body);
  if (hashHex.toUpperCase() !== toHex(digest).toUpperCase())
    return { ok: false, reason: 'the printed SHA-512 does not match the body' };
  let sig: Uint8Array;
  try {
    sig = fromHex(sigLines.join(''));
  } catch {
    return { ok: false, reason: 'the signature is not hex' };
  }
  if (!verifyEd25519(urnaPublicKey, digest, sig))
    return { ok: false, reason: 'the signature does not verify with this urna key' };
  return { ok: true, body };
}
