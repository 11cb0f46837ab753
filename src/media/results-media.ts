// The results media (MR): what the urna writes at closing for the TRE to carry to the totalization, in the TSE's V2
// formats and names (file-names.ts; docs/TSE-COMPATIBILITY.md says file by file what we write and where we differ):
//   - `-bu.dat`    the BU: EntidadeEnvelopeGenerico + EntidadeBoletimUrna V2 (src/tse/bu-codec.ts encodeBuV2);
//   - `-rdv.dat`   the RDV: EntidadeResultadoRDV V2 (src/tse/rdv-codec.ts encodeRdvV2);
//   - `-imgbu.dat` the printed BU: envelope (tipoEnvelope 4) around the printer stream — the BU text in Latin-1, its
//                  QR codes as raster blocks (ASSI by the urna key), the QR signature (src/urna/printed-bu.ts);
//   - `-log.jez`   a 7-Zip archive holding `logd.dat`: the log lines, Latin-1, TAB-separated, without the TSE's MAC
//                  column (we have no TSE secret; the signature file signs the whole package instead);
//   - the other printed reports as UTF-8 text (`-zeresima.txt`, `-buj.txt`, `-bim.txt`, `-biografica.txt`);
//   - last `-vota.vsc`, the signature file (EntidadeAssinaturaEcourna, src/tse/signature-file.ts): every other file's
//     size, SHA-512 and Ed25519 signature by the urna key from the carga, the same in the SW and HW sets; the HW set
//     carries the urna's certificate — our JSON certificate (src/crypto/certificate.ts) as UTF-8, issued by the
//     election key, where the TSE has an X.509 certificate issued by AC URNA / AC UE20xx.
// This module is pure (bytes in memory, browser-capable); results-media-node.ts reads and writes folders and hands in
// the LZMA encoder for the log (without one the 7z uses the Copy coder, which every 7z reader reads too).
// The BU's own hash chain and signature are checked by the totalization (verifyBuSignatures in src/urna/bu.ts), not
// here: this module answers "are these the files this urna signed, for this seção?".
import { z } from 'zod';
import { certificateProblem, keyId, type Certificate } from '../crypto/certificate.ts';
import { verifyEd25519, type Signer } from '../crypto/ed25519.ts';
import { fromHex, sha512, toHex } from '../crypto/hash.ts';
import { secaoKey, type Fase, type SecaoId } from '../election/definition.ts';
import type { Problem, Result } from '../election/problem.ts';
import type { EntidadeAssinatura, EntidadeEnvelopeGenerico } from '../tse/asn1-types.ts';
import { decodeBuV2ToModel, encodeBuV2 } from '../tse/bu-codec.ts';
import { decodeEnvelope } from '../tse/envelope.ts';
import { parsePrinterStream, type PrinterStream } from '../tse/imgbu.ts';
import { latin1 } from '../tse/logjez.ts';
import { decodeRdvV2ToModel, encodeRdvV2 } from '../tse/rdv-codec.ts';
import { readSevenZip, writeSevenZip, type SevenZipWriteOptions } from '../tse/sevenzip.ts';
import { decodeSignatureFile, encodeSignatureFileV2 } from '../tse/signature-file.ts';
import type { BoletimUrna, EntidadeResultadoRDV } from '../urna/model.ts';
import { encodePrintedBu, toLatin1 } from '../urna/printed-bu.ts';
import { buReport } from '../urna/reports.ts';
import { printSigned } from '../urna/printer.ts';
import type { CargaContent } from './carga-types.ts';
import { parseResultFileName, resultFileName, type ResultFileId, type ResultFileKind } from './file-names.ts';

/** conjuntoChave of our signature file (the TSE's urna writes "ECOURNA"). */
export const CONJUNTO_CHAVE = 'URNA-TS';
/** The log's name inside `-log.jez`, as in the TSE's packages. */
export const LOG_ENTRY_NAME = 'logd.dat';
/** Largest log unpacked when reading (a São Paulo seção's log is well under 1 MiB). */
export const MAX_LOG_BYTES = 64 * 1024 * 1024;

/** A printed report as the urna hands it over: its text, or an object carrying it (a signed report). */
export type ReportText = string | { readonly text: string };

/**
 * What the urna's `close()` returns (src/urna/urna.ts), as far as the media needs it. Declared here so that the
 * media does not depend on the state machine's module.
 */
export interface ResultsPackage {
  bu: BoletimUrna;
  rdv: EntidadeResultadoRDV;
  /** Log lines, without line ends. */
  log: readonly string[];
  reports?: {
    zeresima?: ReportText;
    /** The printed BU: its copies (vias); the first is the one kept in `-imgbu.dat`. */
    bu?: ReportText | readonly ReportText[];
    buj?: ReportText;
    bim?: ReportText;
    biografica?: ReportText;
  };
}

export interface MediaFile {
  name: string;
  bytes: Uint8Array;
}

export interface ResultsMediaOptions {
  /** LZMA1 packer for the log's 7z (the Node adapter passes LZMA-JS); without it the Copy coder is used. */
  lzma?: SevenZipWriteOptions['lzma'];
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

function reportText(r: ReportText): string {
  return typeof r === 'string' ? r : r.text;
}

function textFile(text: string): Uint8Array {
  return utf8.encode(text.endsWith('\n') ? text : `${text}\n`);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/**
 * The `logd.dat` bytes: one line per event, `\n`-ended, Latin-1 (characters outside it replaced as toLatin1 does,
 * field by field so the TABs stay).
 */
export function logFileBytes(lines: readonly string[]): Uint8Array {
  return latin1Bytes(lines.map((l) => `${l.split('\t').map(toLatin1).join('\t')}\n`).join(''));
}

/** The file-name identity of a seção's media, from its carga. */
export function resultFileIdOf(carga: CargaContent): ResultFileId {
  return {
    fase: carga.election.fase,
    pleito: carga.election.pleito,
    uf: carga.secao.uf,
    municipio: carga.secao.municipio,
    zona: carga.secao.zona,
    secao: carga.secao.secao,
  };
}

function written<T>(r: Result<T>, what: string): T {
  if (r.ok) return r.value;
  const p = r.problems[0]!;
  throw new Error(`cannot write ${what}: ${p.file} ${p.path}: expected ${p.expected}, found ${p.found}`);
}

/** `UE` + the 8-digit numeroInternoUrna: who signs, as the TSE's certificates name the urna (CN=UEAD02031648). */
export function signerName(numeroInternoUrna: number): string {
  return `UE${String(numeroInternoUrna).padStart(8, '0')}`;
}

/**
 * Every file of the results media, in writing order: the signature file comes last, so that media cut short by a
 * crash has no signature file and is refused as a whole instead of looking complete.
 */
export function buildResultsMedia(
  pkg: ResultsPackage,
  carga: CargaContent,
  signer: Signer,
  opts: ResultsMediaOptions = {},
): MediaFile[] {
  if (toHex(signer.publicKey) !== carga.urna.publicKey.toLowerCase()) {
    throw new Error(`the results media must be signed by this urna's key ${carga.urna.publicKey}`);
  }
  const id = resultFileIdOf(carga);
  const s = pkg.bu.identificacaoSecao;
  if (s.municipio !== id.municipio || s.zona !== id.zona || s.secao !== id.secao) {
    throw new Error(
      `the BU is of município ${s.municipio} zona ${s.zona} seção ${s.secao}, not of this urna's seção ${secaoKey(id)}`,
    );
  }
  const files: MediaFile[] = [];
  const add = (kind: ResultFileKind, bytes: Uint8Array): void => {
    files.push({ name: resultFileName(id, kind), bytes });
  };
  const name = (kind: ResultFileKind): string => resultFileName(id, kind);
  add('bu', written(encodeBuV2(pkg.bu, { file: name('bu') }), name('bu')));
  add('rdv', written(encodeRdvV2(pkg.rdv, name('rdv')), name('rdv')));

  const r = pkg.reports;
  const copies =
    r?.bu === undefined ? [] : Array.isArray(r.bu) ? (r.bu as readonly ReportText[]) : [r.bu as ReportText];
  // The printed BU is the first via; without printed copies (a package built by hand), the BU report itself.
  const printed = copies[0] !== undefined ? reportText(copies[0]) : printSigned(buReport(carga, pkg.bu, signer));
  add('imgbu', written(encodePrintedBu(carga, pkg.bu, printed, signer, name('imgbu')), name('imgbu')));
  if (r?.zeresima !== undefined) add('zeresima', textFile(reportText(r.zeresima)));
  if (r?.buj !== undefined) add('buj', textFile(reportText(r.buj)));
  if (r?.bim !== undefined) add('bim', textFile(reportText(r.bim)));
  if (r?.biografica !== undefined) add('biografica', textFile(reportText(r.biografica)));
  add(
    'log',
    writeSevenZip(
      [{ name: LOG_ENTRY_NAME, data: logFileBytes(pkg.log) }],
      opts.lzma ? { lzma: opts.lzma, encodeHeader: true } : {},
    ),
  );

  const dataCarga = carga.carga.dataHoraCarga.slice(0, 8);
  const signature = written(
    encodeSignatureFileV2({
      dataHoraCriacao: pkg.bu.dataHoraEmissao,
      files: files.map((f) => ({ nomeArquivo: f.name, bytes: f.bytes })),
      signer,
      usuario: {
        nomeUsuario: signerName(carga.urna.numeroInternoUrna),
        serial: /^\d{8}$/.test(dataCarga) ? Number(dataCarga) : 0,
      },
      certificadoDigital: utf8.encode(JSON.stringify(carga.urna.certificate)),
      conjuntoChave: CONJUNTO_CHAVE,
      file: name('vota'),
    }),
    name('vota'),
  );
  add('vota', signature.bytes);
  return files;
}

// ---- Reading and checking ----------------------------------------------------------------------------------------

const hexOf = (bytes: number): z.ZodString =>
  z.string().regex(new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`), `${bytes} bytes in hex`);

/** Our certificate as carried in certificadoDigital (UTF-8 JSON); also used by `urna verify` (src/audit/checks.ts). */
export const CertificateSchema = z.object({
  version: z.literal(1),
  subject: z.string(),
  publicKey: hexOf(32),
  issuer: z.string(),
  issuerKeyId: hexOf(16),
  signature: hexOf(64),
}) satisfies z.ZodType<Certificate>;

export interface SignedFileInfo {
  name: string;
  kind: ResultFileKind | undefined;
  size: number;
  /** SHA-512 of the file, hex (lower-case). */
  hash: string;
}

export interface ResultsMediaContents {
  bu: BoletimUrna;
  rdv: EntidadeResultadoRDV;
  /** The lines of `logd.dat` in `-log.jez`. */
  log: string[];
  /** The printed BU (`-imgbu.dat`): its envelope and printer stream (text lines and QR rasters). */
  printedBu: { envelope: EntidadeEnvelopeGenerico; stream: PrinterStream };
  /** Every file the signature file lists (all verified), in its order. */
  files: SignedFileInfo[];
  /** The name of the signature file. */
  signatureFile: string;
  certificate: Certificate;
  urnaPublicKey: Uint8Array;
  /** The seção, as the file names, the certificate and the BU all say. */
  secao: SecaoId;
  fase: Fase;
  pleito: number;
}

/** The files every results media must hold (and its signature file list). */
const REQUIRED: readonly ResultFileKind[] = ['bu', 'rdv', 'imgbu', 'log'];

function jsonPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const k of path) s += typeof k === 'number' ? `[${k}]` : s === '' ? String(k) : `.${String(k)}`;
  return s;
}

/**
 * Checks a seção's results media given as name → bytes (every file of the folder whose name is a results-media
 * name). `label` turns a file name into what Problems call the file (the Node reader passes the full path).
 */
export function checkResultsMedia(
  files: ReadonlyMap<string, Uint8Array>,
  electionPublicKey: Uint8Array,
  label: (name: string) => string = (name) => name,
): Result<ResultsMediaContents> {
  const problems: Problem[] = [];
  const problem = (name: string, path: string, expected: string, found: string): void => {
    problems.push({ file: label(name), path, expected, found });
  };
  const refuse = (): Result<ResultsMediaContents> => ({ ok: false, problems });

  const signatureNames = [...files.keys()].filter((n) => parseResultFileName(n)?.kind === 'vota').sort();
  if (signatureNames.length !== 1) {
    problem(
      '.',
      '',
      'exactly one signature file named …-vota.vsc',
      signatureNames.length === 0 ? 'none' : signatureNames.join(', '),
    );
    return refuse();
  }
  const votaName = signatureNames[0]!;
  const id = parseResultFileName(votaName)!;

  const decoded = decodeSignatureFile(files.get(votaName)!, label(votaName), { version: 'v2' });
  if (!decoded.ok) return decoded;
  if (decoded.value.version !== 'v2') {
    problem(votaName, 'EntidadeAssinaturaEcourna', 'a V2 signature file', 'a V1 signature file');
    return refuse();
  }
  const { assinaturaHW: hw, assinaturaSW: sw } = decoded.value.value;

  // The certificate (HW set): ours, JSON as UTF-8, issued by this election's key for an urna of this seção.
  const electionKeyId = keyId(electionPublicKey);
  let certificate: Certificate;
  {
    let raw: unknown;
    try {
      raw = JSON.parse(utf8Decoder.decode(hw.certificadoDigital ?? new Uint8Array(0)));
    } catch (e) {
      const found = hw.certificadoDigital
        ? `bytes that are not a JSON certificate (${(e as Error).message})`
        : 'no certificate';
      problem(votaName, 'assinaturaHW.certificadoDigital', 'the urna certificate as UTF-8 JSON', found);
      return refuse();
    }
    const parsed = CertificateSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problem(votaName, `assinaturaHW.certificadoDigital.${jsonPath(issue.path)}`, issue.message, 'something else');
      }
      return refuse();
    }
    certificate = parsed.data;
  }
  const certProblem = certificateProblem(certificate, electionPublicKey);
  if (certProblem) {
    problem(votaName, 'certificate', `a certificate issued by election key ${electionKeyId}`, certProblem);
    return refuse(); // Without a trusted urna key, no file signature below means anything.
  }
  const urnaPublicKey = fromHex(certificate.publicKey);
  const urnaKeyId = keyId(urnaPublicKey);
  const subject = /^UE (\d{8}) ([A-Z]{2}-\d{5}-\d{4}-\d{4})$/.exec(certificate.subject);
  if (!subject || subject[2] !== secaoKey(id)) {
    problem(
      votaName,
      'certificate.subject',
      `an urna of seção ${secaoKey(id)} (as the file names say)`,
      certificate.subject,
    );
  }
  const numeroInternoUrna = subject ? Number(subject[1]) : undefined;

  // Both sets: the listing hashed and signed by the urna key (signature over SHA-512 of the 64-byte hash), and the
  // same listing in both (ours signs once, with one key).
  const checkSet = (set: EntidadeAssinatura, at: string): void => {
    const a = set.autoAssinado;
    if (a.algoritmoAssinatura.algoritmo !== 'eddsa') {
      problem(votaName, `${at}.autoAssinado.algoritmoAssinatura`, 'eddsa (Ed25519)', a.algoritmoAssinatura.algoritmo);
      return;
    }
    const hash = sha512(set.conteudoAutoAssinado);
    if (a.assinatura.tamanho !== set.conteudoAutoAssinado.length) {
      problem(
        votaName,
        `${at}.autoAssinado.assinatura.tamanho`,
        `${set.conteudoAutoAssinado.length} (conteudoAutoAssinado's size)`,
        String(a.assinatura.tamanho),
      );
    } else if (!sameBytes(hash, a.assinatura.hash)) {
      problem(votaName, `${at}.autoAssinado.assinatura.hash`, toHex(hash), toHex(a.assinatura.hash));
    } else if (!verifyEd25519(urnaPublicKey, sha512(hash), a.assinatura.assinatura)) {
      problem(
        votaName,
        `${at}.autoAssinado.assinatura.assinatura`,
        `a signature by urna key ${urnaKeyId}`,
        'a signature that does not verify',
      );
    }
  };
  checkSet(hw, 'assinaturaHW');
  checkSet(sw, 'assinaturaSW');
  if (!sameBytes(hw.conteudoAutoAssinado, sw.conteudoAutoAssinado)) {
    problem(
      votaName,
      'assinaturaSW.conteudoAutoAssinado',
      'the same list of files as assinaturaHW',
      'a different list',
    );
  }

  // Every listed file: a name of this seção's media, present, with the listed size, hash and signature.
  const listed = new Set<string>();
  const verified = new Map<ResultFileKind, Uint8Array>();
  const infos: SignedFileInfo[] = [];
  hw.conteudo.arquivosAssinados.forEach((entry, i) => {
    const name = entry.nomeArquivo;
    const at = `assinaturaHW.arquivosAssinados[${i}]`;
    const parsedName = parseResultFileName(name);
    if (!parsedName || parsedName.stem !== id.stem || parsedName.kind === 'vota') {
      problem(votaName, `${at}.nomeArquivo`, `a file name of this seção's media (${id.stem}-…)`, JSON.stringify(name));
      return;
    }
    if (listed.has(name)) {
      problem(votaName, `${at}.nomeArquivo`, 'each file listed once', `${name} listed again`);
      return;
    }
    listed.add(name);
    const bytes = files.get(name);
    if (!bytes) {
      problem(name, '', `the file listed in ${votaName}`, 'no such file');
      return;
    }
    const e = entry.assinatura;
    if (bytes.byteLength !== e.tamanho) {
      problem(name, 'tamanho', `${e.tamanho} bytes (as ${votaName} lists)`, `${bytes.byteLength} bytes`);
      return;
    }
    const hash = sha512(bytes);
    if (!sameBytes(hash, e.hash)) {
      problem(name, 'hash', `SHA-512 ${toHex(e.hash)} (as ${votaName} lists)`, `SHA-512 ${toHex(hash)}`);
      return;
    }
    if (!verifyEd25519(urnaPublicKey, sha512(hash), e.assinatura)) {
      problem(name, 'assinatura', `a signature by urna key ${urnaKeyId}`, 'a signature that does not verify');
      return;
    }
    if (parsedName.kind) verified.set(parsedName.kind, bytes);
    infos.push({ name, kind: parsedName.kind, size: bytes.byteLength, hash: toHex(hash) });
  });

  // Nothing on the media that the urna did not sign: an added or replaced BU/RDV must not ride along.
  for (const name of [...files.keys()].sort()) {
    if (name !== votaName && !listed.has(name)) {
      problem(name, '', `only files listed in ${votaName}`, 'a file that is not listed (not signed by the urna)');
    }
  }
  for (const kind of REQUIRED) {
    const name = resultFileName(id, kind);
    if (!listed.has(name)) problem(votaName, 'assinaturaHW.arquivosAssinados', `an entry for ${name}`, 'none');
  }
  if (problems.length > 0) return refuse();

  // The contents, decoded with the TSE codecs.
  const buName = resultFileName(id, 'bu');
  const rdvName = resultFileName(id, 'rdv');
  const imgbuName = resultFileName(id, 'imgbu');
  const logName = resultFileName(id, 'log');
  const buR = decodeBuV2ToModel(verified.get('bu')!, label(buName));
  if (!buR.ok) problems.push(...buR.problems);
  const rdvR = decodeRdvV2ToModel(verified.get('rdv')!, label(rdvName));
  if (!rdvR.ok) problems.push(...rdvR.problems);
  const log = readLog(verified.get('log')!, label(logName), problems);
  const printedBu = readPrintedBu(verified.get('imgbu')!, label(imgbuName), id, problems);
  if (!buR.ok || !rdvR.ok || !log || !printedBu) return refuse();
  const bu = buR.value;
  const rdv = rdvR.value;

  // The names, the certificate and the contents must all speak of the same seção, pleito, fase and urna.
  const where = `município ${id.municipio}, zona ${id.zona}, seção ${id.secao}`;
  const s = bu.identificacaoSecao;
  if (s.municipio !== id.municipio || s.zona !== id.zona || s.secao !== id.secao) {
    problem(
      buName,
      'identificacaoSecao',
      `${where} (as the file names say)`,
      `município ${s.municipio}, zona ${s.zona}, seção ${s.secao}`,
    );
  }
  if (bu.cabecalho.idPleito !== id.pleito)
    problem(buName, 'cabecalho.idPleito', String(id.pleito), String(bu.cabecalho.idPleito));
  if (bu.fase !== id.fase) problem(buName, 'fase', id.fase, bu.fase);
  const numero = bu.urna.correspondenciaResultado.carga.numeroInternoUrna;
  if (numeroInternoUrna !== undefined && numero !== numeroInternoUrna) {
    problem(
      buName,
      'urna.correspondenciaResultado.carga.numeroInternoUrna',
      `${numeroInternoUrna} (the certificate's urna)`,
      String(numero),
    );
  }
  const r = rdv.rdv.identificacao;
  if (r.municipio !== id.municipio || r.zona !== id.zona || r.secao !== id.secao) {
    problem(
      rdvName,
      'rdv.identificacao',
      `${where} (as the file names say)`,
      `município ${r.municipio}, zona ${r.zona}, seção ${r.secao}`,
    );
  }
  if (rdv.rdv.pleito !== id.pleito) problem(rdvName, 'rdv.pleito', String(id.pleito), String(rdv.rdv.pleito));
  if (rdv.rdv.fase !== id.fase) problem(rdvName, 'rdv.fase', id.fase, rdv.rdv.fase);
  if (problems.length > 0) return refuse();

  return {
    ok: true,
    value: {
      bu,
      rdv,
      log,
      printedBu,
      files: infos,
      signatureFile: votaName,
      certificate,
      urnaPublicKey,
      secao: { uf: id.uf, municipio: id.municipio, zona: id.zona, secao: id.secao },
      fase: id.fase,
      pleito: id.pleito,
    },
  };
}

/** The lines of `logd.dat` in a `-log.jez` (7z), or undefined with the problem recorded. */
function readLog(bytes: Uint8Array, file: string, problems: Problem[]): string[] | undefined {
  const archive = readSevenZip(bytes, file, { maxUnpackedBytes: MAX_LOG_BYTES, maxEntries: 16 });
  if (!archive.ok) {
    problems.push(...archive.problems);
    return undefined;
  }
  const entry = archive.value.entries.find((e) => !e.isDirectory && e.name === LOG_ENTRY_NAME);
  if (!entry) {
    const found = archive.value.entries.map((e) => e.name).join(', ') || 'an empty archive';
    problems.push({ file, path: '7z entries', expected: LOG_ENTRY_NAME, found });
    return undefined;
  }
  const lines = latin1(entry.data).split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The `-imgbu.dat` envelope and its printer stream, checked to be this seção's printed BU. */
function readPrintedBu(
  bytes: Uint8Array,
  file: string,
  id: ResultFileId,
  problems: Problem[],
): ResultsMediaContents['printedBu'] | undefined {
  const env = decodeEnvelope(bytes, file);
  if (!env.ok) {
    problems.push(...env.problems);
    return undefined;
  }
  const envelope = env.value;
  if (envelope.tipoEnvelope !== 'envelopeBoletimUrnaImpresso') {
    problems.push({
      file,
      path: 'tipoEnvelope',
      expected: 'envelopeBoletimUrnaImpresso (4)',
      found: envelope.tipoEnvelope,
    });
    return undefined;
  }
  const s = envelope.identificacao.identificacaoSecaoEleitoral;
  if (!s || s.municipioZona.municipio !== id.municipio || s.municipioZona.zona !== id.zona || s.secao !== id.secao) {
    const found = s
      ? `município ${s.municipioZona.municipio}, zona ${s.municipioZona.zona}, seção ${s.secao}`
      : 'an identificacaoContingencia';
    problems.push({
      file,
      path: 'identificacao',
      expected: `município ${id.municipio}, zona ${id.zona}, seção ${id.secao} (as the file names say)`,
      found,
    });
    return undefined;
  }
  const stream = parsePrinterStream(envelope.conteudo, file);
  if (!stream.ok) {
    problems.push(...stream.problems);
    return undefined;
  }
  if (stream.value.rasters.length === 0) {
    problems.push({ file, path: 'conteudo', expected: 'the BU text with its QR codes', found: 'no QR code raster' });
    return undefined;
  }
  return { envelope, stream: stream.value };
}
