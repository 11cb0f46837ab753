// Verifying what an auditor downloaded (Node: reads files). Files and folders (recursively) are decoded one by one —
// a bad file becomes a failed `decode` check and never stops the others — and grouped by seção (the TSE file names
// say fase, pleito, município, zona and seção) within their folder, so each file is checked with its siblings: the
// signature file's hashes against the files beside it, a V2 BU's signature with the certificate of the seção's
// -vota.vsc, the RDV against the BU, the printed BU's QR codes against the BU. QR texts and photos match a BU by
// the seção and pleito their payload states.
// Our urna's media carry our JSON certificate (issued by the election key) in the -vota.vsc: it verifies the BU's
// signature and the printed BU's QR ASSI of its seção, and the election key given in the options (never one found
// beside the files: a verifier must not trust a key that travels with what it verifies) checks the certificate.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import {
  checkBu,
  checkLog,
  checkQrTexts,
  checkRdvMatchesBu,
  checkSignatureFile,
  checkSignatureFileHashes,
  decodeCheck,
  urnaCertificateBytes,
  type Check,
  type CheckName,
  type CheckStatus,
  type ElectionKey,
} from './checks.ts';
import { decodeFile, type DecodedFile } from '../tse/decode-file.ts';
import { parseTseFileName } from '../tse/detect.ts';
import { parsePrinterStream, printedQrSignature } from '../tse/imgbu.ts';
import { readLogJez } from '../tse/logjez.ts';
import { joinQrSymbols, parseQrContent } from '../tse/qr-payload.ts';
import type { EntidadeBoletimUrna } from '../tse/asn1-types.ts';
import { readQrFromImage, readQrFromModules } from '../qr/read.ts';
import type { Problem, Result } from '../election/problem.ts';

/** Largest file read: far above any real TSE file (a log is ~1 MB); decodeFile applies its own 16 MiB cap. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

export interface VerifyOptions {
  /** Trust anchors for certificate-chain (DER or PEM). Empty: that check is cannot-check. */
  caCerts?: Uint8Array[];
  /** Where the anchors came from, for the report. */
  caFrom?: string;
  /** Ed25519 key for QR ASSI (VRQR 1.5 per-UF key). */
  qrKey?: Uint8Array;
  /**
   * The election's public key, which issues our urnas' JSON certificates (certificate-chain of our -vota.vsc).
   * Without it that check is cannot-check. Never looked up beside the files.
   */
  electionKey?: ElectionKey;
  /** Paths in the report relative to this folder (default: as given). */
  relativeTo?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface FileReport {
  file: string;
  /** bu, rdv, assinatura, imgbu, log, qr-text, image, or unknown. */
  kind: string;
  version: string;
  /** Name/content disagreements. */
  notes: string[];
  checks: Check[];
}

export type StatusCounts = Record<CheckStatus, number>;

export interface VerifySummary {
  files: number;
  checks: number;
  counts: StatusCounts;
  byName: Partial<Record<CheckName, StatusCounts>>;
  /** True when some check failed (cannot-check does not fail). */
  failed: boolean;
}

export interface VerifyReport {
  files: FileReport[];
  summary: VerifySummary;
}

/** Every file under the paths (folders recursively, sorted), or problems for paths that do not exist. */
export function listFiles(paths: readonly string[]): {
  files: { path: string; explicit: boolean }[];
  problems: Problem[];
} {
  const files: { path: string; explicit: boolean }[] = [];
  const problems: Problem[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 32) return;
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(p, depth + 1);
      else if (st.isFile()) files.push({ path: p, explicit: false });
    }
  };
  for (const p of paths) {
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) problems.push({ file: p, path: '(path)', expected: 'a file or folder', found: 'nothing there' });
    else if (st.isDirectory()) walk(p, 0);
    else files.push({ path: p, explicit: true });
  }
  return { files, problems };
}

/** The CA certificates (*.crt, *.cer, *.pem, *.der) of a folder. */
export function loadCaCerts(dir: string): Result<Uint8Array[]> {
  const st = statSync(dir, { throwIfNoEntry: false });
  if (!st?.isDirectory()) {
    return {
      ok: false,
      problems: [
        { file: dir, path: '(path)', expected: 'a folder of CA certificates', found: st ? 'a file' : 'nothing there' },
      ],
    };
  }
  const certs = readdirSync(dir)
    .filter((n) => /\.(crt|cer|pem|der)$/i.test(n))
    .sort()
    .map((n) => new Uint8Array(readFileSync(join(dir, n))));
  if (certs.length === 0) {
    return {
      ok: false,
      problems: [
        { file: dir, path: '(folder)', expected: 'CA certificates (*.crt, *.cer, *.pem, *.der)', found: 'none' },
      ],
    };
  }
  return { ok: true, value: certs };
}

function readBytes(path: string, display: string): Result<Uint8Array> {
  try {
    const size = statSync(path).size;
    if (size > MAX_FILE_BYTES) {
      return {
        ok: false,
        problems: [
          {
            file: display,
            path: '(whole file)',
            expected: `at most ${MAX_FILE_BYTES} bytes`,
            found: `${size} bytes (oversized)`,
          },
        ],
      };
    }
    return { ok: true, value: new Uint8Array(readFileSync(path)) };
  } catch (e) {
    return {
      ok: false,
      problems: [{ file: display, path: '(read)', expected: 'a readable file', found: (e as Error).message }],
    };
  }
}

type Source = 'tse' | 'qr-text' | 'image' | 'skip';

/** What to do with a file: TSE names and content go to decodeFile; QR texts and photos to the QR checks. */
function sourceOf(path: string, bytes: Uint8Array, explicit: boolean): Source {
  const name = basename(path).toLowerCase();
  if (/\.(png|jpe?g)$/.test(name)) return 'image';
  if (bytes.length >= 5 && String.fromCharCode(...bytes.subarray(0, 5)) === 'QRBU:') return 'qr-text';
  if (parseTseFileName(name)) return 'tse';
  // In a folder, files that are neither (README, EXPECTED.md …) are not the auditor's business; named explicitly,
  // they are decoded and reported as what they are not.
  return explicit ? 'tse' : 'skip';
}

const secaoKey = (pleito: number | undefined, municipio: number, zona: number, secao: number): string =>
  `${pleito ?? '?'}|${municipio}|${zona}|${secao}`;

interface Entry {
  path: string;
  display: string;
  dir: string;
  source: Source;
  bytes?: Uint8Array;
  decoded?: DecodedFile;
  report: FileReport;
}

/** The seção key of a decoded file (from its content), for pairing BU, RDV, signature file and printed BU. */
function groupKey(e: Entry): string | undefined {
  const d = e.decoded;
  if (d?.kind === 'bu') {
    const s = d.value.identificacaoSecao;
    return `${e.dir}#${secaoKey(d.value.cabecalho.idEleitoral.idPleito, s.municipioZona.municipio, s.municipioZona.zona, s.secao)}`;
  }
  if (d?.kind === 'rdv') {
    const s = d.value.rdv.identificacao;
    return `${e.dir}#${secaoKey(d.value.rdv.pleito, s.municipioZona.municipio, s.municipioZona.zona, s.secao)}`;
  }
  const n = parseTseFileName(e.path);
  if (n?.municipio !== undefined) return `${e.dir}#${secaoKey(n.pleito, n.municipio, n.zona!, n.secao!)}`;
  return undefined;
}

function qrSecaoKey(texts: readonly string[]): string | undefined {
  const j = joinQrSymbols(texts);
  if (!j.ok) return undefined;
  const c = parseQrContent(j.value.content);
  if (!c.ok) return undefined;
  const h = c.value.header;
  return secaoKey(Number(h.PLEI), Number(h.MUNI), Number(h.ZONA), Number(h.SECA));
}

/** Verifies files and folders: every applicable check of every file; see the module comment. */
export async function verifyPaths(paths: readonly string[], opts: VerifyOptions = {}): Promise<VerifyReport> {
  const listed = listFiles(paths);
  const show = (p: string): string => (opts.relativeTo ? relative(opts.relativeTo, p) || p : p);
  const entries: Entry[] = [];
  const reports: FileReport[] = [];
  for (const p of listed.problems) {
    reports.push({
      file: p.file,
      kind: 'unknown',
      version: '',
      notes: [],
      checks: [decodeCheck(p.file, { ok: false, problems: [p] })],
    });
  }
  const total = listed.files.length;
  let done = 0;
  const tick = (): void => opts.onProgress?.(++done, total);

  // 1. Read and decode every file.
  for (const f of listed.files) {
    const display = show(f.path);
    const report: FileReport = { file: display, kind: 'unknown', version: '', notes: [], checks: [] };
    const bytes = readBytes(f.path, display);
    if (!bytes.ok) {
      report.checks.push(decodeCheck(display, bytes));
      entries.push({ path: f.path, display, dir: dirname(f.path), source: 'tse', report });
      continue;
    }
    const source = sourceOf(f.path, bytes.value, f.explicit);
    if (source === 'skip') {
      tick();
      continue;
    }
    const e: Entry = { path: f.path, display, dir: dirname(f.path), source, bytes: bytes.value, report };
    if (source === 'tse') {
      const d = decodeFile(display, bytes.value);
      report.checks.push(decodeCheck(display, d));
      if (d.ok) {
        e.decoded = d.value;
        report.kind = d.value.kind === 'imgbu-envelope' ? 'imgbu' : d.value.kind;
        report.version = d.value.version;
        report.notes = d.value.notes;
        if (d.value.notes.length) report.checks[0]!.detail += ` (note: ${d.value.notes.join('; ')})`;
        report.checks[0]!.detail = `${report.kind} ${report.version}: ${report.checks[0]!.detail}`;
      }
    } else report.kind = source;
    entries.push(e);
  }

  // 2. Index by seção (within a folder) and BUs by seção alone (for QR texts and photos).
  const groups = new Map<string, Entry[]>();
  const busBySecao = new Map<string, { file: string; value: EntidadeBoletimUrna }>();
  for (const e of entries) {
    const k = groupKey(e);
    if (k) groups.set(k, [...(groups.get(k) ?? []), e]);
    if (e.decoded?.kind === 'bu')
      busBySecao.set(k!.slice(k!.indexOf('#') + 1), { file: e.display, value: e.decoded.value });
  }
  // Our urna certificates by seção (the -vota.vsc that carries one), for the QR codes of the same seção.
  const ourCertOf = (e: Entry): { certificate: Uint8Array; certificateFrom: string } | undefined => {
    const c =
      e.decoded?.kind === 'assinatura'
        ? urnaCertificateBytes(e.decoded.value.assinaturaHW.certificadoDigital)
        : undefined;
    return c ? { certificate: c, certificateFrom: basename(e.path) } : undefined;
  };
  const ourCertsBySecao = new Map<string, { certificate: Uint8Array; certificateFrom: string }>();
  for (const e of entries) {
    const k = groupKey(e);
    const c = ourCertOf(e);
    if (k && c) ourCertsBySecao.set(k.slice(k.indexOf('#') + 1), c);
  }
  const byDirName = new Map<string, Entry>();
  for (const e of entries) byDirName.set(join(e.dir, basename(e.path)).toLowerCase(), e);
  const sibling = (dir: string, name: string): Uint8Array | undefined => {
    if (name.includes('/') || name.includes('\\')) return undefined;
    const known = byDirName.get(join(dir, name).toLowerCase());
    if (known?.bytes) return known.bytes;
    const st = statSync(join(dir, name), { throwIfNoEntry: false });
    if (!st?.isFile() || st.size > MAX_FILE_BYTES) return undefined;
    return new Uint8Array(readFileSync(join(dir, name)));
  };
  const caCerts = opts.caCerts ?? [];

  // 3. Check each decoded file with its siblings.
  for (const e of entries) {
    const d = e.decoded;
    const group = groupKey(e) !== undefined ? (groups.get(groupKey(e)!) ?? []) : [];
    const checks = e.report.checks;
    if (d?.kind === 'bu') {
      let cert: { certificate: Uint8Array; from: string } | undefined;
      if (d.version === 'v2') {
        const sig = group.find(
          (g) => g.decoded?.kind === 'assinatura' && g.decoded.value.assinaturaHW.certificadoDigital,
        );
        const c = sig?.decoded?.kind === 'assinatura' ? sig.decoded.value.assinaturaHW.certificadoDigital : undefined;
        if (c && sig) cert = { certificate: c, from: basename(sig.path) };
      }
      checks.push(
        ...(d.version === 'v1'
          ? checkBu(e.display, { version: 'v1', value: d.value })
          : checkBu(e.display, { version: 'v2', value: d.value }, cert)),
      );
    } else if (d?.kind === 'rdv') {
      const bu = group.find((g) => g.decoded?.kind === 'bu');
      checks.push(
        bu?.decoded?.kind === 'bu'
          ? checkRdvMatchesBu(e.display, d.value, bu.decoded.value, bu.display)
          : {
              name: 'rdv-matches-bu',
              file: e.display,
              status: 'cannot-check',
              detail: 'no BU of the same seção in the folder',
            },
      );
    } else if (d?.kind === 'assinatura') {
      checks.push(checkSignatureFileHashes(e.display, d.value, (n) => sibling(e.dir, n)));
      checks.push(...checkSignatureFile(e.display, d.value, caCerts, opts.caFrom, opts.electionKey));
    } else if (d?.kind === 'log') {
      checks.push(...checkLog(e.display, readLogJez(d.value, e.display)));
    } else if (d?.kind === 'imgbu-envelope') {
      const stream = parsePrinterStream(d.value, e.display);
      if (!stream.ok) {
        checks.push(decodeCheck(e.display, stream));
      } else {
        const texts: string[] = [];
        for (const r of stream.value.rasters) {
          const t = await readQrFromModules({ size: r.width, modules: r.modules }, Math.max(2, r.scale));
          if (t !== undefined) texts.push(t);
        }
        const bu = group.find((g) => g.decoded?.kind === 'bu');
        const buRef =
          bu?.decoded?.kind === 'bu'
            ? { file: bu.display, value: bu.decoded.value }
            : busBySecao.get(qrSecaoKey(texts) ?? '');
        const ourCert = group.map(ourCertOf).find((c) => c !== undefined);
        if (texts.length < stream.value.rasters.length) {
          checks.push({
            name: 'qr-hash-chain',
            file: e.display,
            status: 'fail',
            detail: `${stream.value.rasters.length - texts.length} of ${stream.value.rasters.length} QR rasters do not decode`,
          });
        } else if (texts.length === 0) {
          checks.push({
            name: 'qr-hash-chain',
            file: e.display,
            status: 'cannot-check',
            detail: 'no QR raster in the printer stream',
          });
        } else {
          const printed = printedQrSignature(stream.value);
          checks.push(
            ...checkQrTexts(e.display, texts, {
              ...(opts.qrKey ? { ed25519PublicKey: opts.qrKey } : {}),
              ...(buRef ? { bu: buRef } : {}),
              ...(ourCert ?? {}),
              ...(printed !== undefined ? { printedAssi: printed } : {}),
            }).checks,
          );
        }
      }
    } else if (e.source === 'qr-text' || e.source === 'image') {
      let texts: string[];
      if (e.source === 'image') {
        const r = await readQrFromImage(e.bytes!, { file: e.display });
        if (!r.ok) {
          checks.push(decodeCheck(e.display, r));
          tick();
          continue;
        }
        texts = r.value;
      } else {
        texts = latin1(e.bytes!)
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter((l) => l !== '');
      }
      if (texts.length === 0) {
        checks.push({ name: 'qr-hash-chain', file: e.display, status: 'cannot-check', detail: 'no QR code found' });
      } else {
        const secao = qrSecaoKey(texts) ?? '';
        const bu = busBySecao.get(secao);
        checks.push(
          ...checkQrTexts(e.display, texts, {
            ...(opts.qrKey ? { ed25519PublicKey: opts.qrKey } : {}),
            ...(bu ? { bu } : {}),
            ...(ourCertsBySecao.get(secao) ?? {}),
          }).checks,
        );
      }
    }
    tick();
  }
  reports.push(...entries.map((e) => e.report));
  return { files: reports, summary: summarize(reports) };
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return s;
}

/** Counts per status and per check name. */
export function summarize(files: readonly FileReport[]): VerifySummary {
  const counts: StatusCounts = { pass: 0, fail: 0, 'cannot-check': 0 };
  const byName: Partial<Record<CheckName, StatusCounts>> = {};
  let n = 0;
  for (const f of files) {
    for (const c of f.checks) {
      n++;
      counts[c.status]++;
      const b = (byName[c.name] ??= { pass: 0, fail: 0, 'cannot-check': 0 });
      b[c.status]++;
    }
  }
  return { files: files.length, checks: n, counts, byName, failed: counts.fail > 0 };
}
