// The results media (MR): what the urna writes at closing for the TRE to carry to the totalization — its BU, RDV,
// log and printed reports under the TSE's file names (file-names.ts), and last a signature file listing every other
// file with its size, SHA-512 and the urna's signature, shaped like the TSE's EntidadeAssinatura (TSE-FORMATS.md §5):
//   - the TSE signs the 64-byte file hash with the urna's hardware key (ECDSA P-521 / Ed521) certified by AC URNA;
//     we sign the same 64 bytes with the urna's Ed25519 key, certified by the election key in the carga;
//   - `autoAssinado` mirrors the TSE's self-signature over `conteudoAutoAssinado`: here the urna signs SHA-512 of the
//     JSON text of `arquivosAssinados`, so that no entry can be dropped or reordered unnoticed.
// This module is pure (bytes in memory, browser-capable); results-media-node.ts reads and writes folders.
// The BU's own hash chain and signature are checked by the totalization (verifyBuSignatures in src/urna/bu.ts), not
// here: this module answers "are these the files this urna signed, for this seção?".
import { z } from 'zod';
import { certificateProblem, keyId, type Certificate } from '../crypto/certificate.ts';
import { verifyEd25519, type Signer } from '../crypto/ed25519.ts';
import { fromHex, sha512, toHex } from '../crypto/hash.ts';
import { FaseSchema, secaoKey, type Fase, type SecaoId } from '../election/definition.ts';
import type { Problem, Result } from '../election/problem.ts';
import type { BoletimUrna, EntidadeResultadoRDV } from '../urna/model.ts';
import type { CargaContent } from './carga-types.ts';
import { parseResultFileName, resultFileName, type ResultFileId, type ResultFileKind } from './file-names.ts';

export const SIGNATURE_FORMAT = 'urna-assinatura/1';
export const MODELO_URNA = 'urna-ts';

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
    /** The printed BU: its copies (vias), printed one after the other. */
    bu?: ReportText | readonly ReportText[];
    buj?: ReportText;
    bim?: ReportText;
    biografica?: ReportText;
  };
}

export interface ArquivoAssinado {
  nomeArquivo: string;
  /** Size in bytes. */
  tamanho: number;
  /** SHA-512 of the file's bytes, hex. */
  hash: string;
  /** Ed25519 signature by the urna key over the 64 raw bytes of `hash`, hex. */
  assinatura: string;
}

/** The signature file (`…-vota.json`, where the TSE writes `…-vota.vsc`). */
export interface ResultsSignatureFile {
  format: typeof SIGNATURE_FORMAT;
  modeloUrna: typeof MODELO_URNA;
  /** DataHoraJE of the signature (the BU's emission time). */
  dataHoraCriacao: string;
  /** The urna's certificate from its carga: the election key vouches for the urna key and names its seção. */
  certificate: Certificate;
  arquivosAssinados: ArquivoAssinado[];
  /** SHA-512 of the JSON text of `arquivosAssinados` and the urna's signature over those 64 bytes, hex. */
  autoAssinado: { hash: string; assinatura: string };
}

export interface MediaFile {
  name: string;
  bytes: Uint8Array;
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

function reportText(r: ReportText): string {
  return typeof r === 'string' ? r : r.text;
}

function textFile(text: string): Uint8Array {
  return utf8.encode(text.endsWith('\n') ? text : `${text}\n`);
}

/** The JSON text the urna signs in `autoAssinado`: entries with their fields in a fixed order. */
function listingText(entries: readonly ArquivoAssinado[]): string {
  return JSON.stringify(
    entries.map((e) => ({ nomeArquivo: e.nomeArquivo, tamanho: e.tamanho, hash: e.hash, assinatura: e.assinatura })),
  );
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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

/**
 * Every file of the results media, in writing order: the signature file comes last, so that media cut short by a
 * crash has no signature file and is refused as a whole instead of looking complete.
 */
export function buildResultsMedia(pkg: ResultsPackage, carga: CargaContent, signer: Signer): MediaFile[] {
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
  add('bu', utf8.encode(JSON.stringify(pkg.bu) + '\n'));
  add('rdv', utf8.encode(JSON.stringify(pkg.rdv) + '\n'));
  add('log', utf8.encode(pkg.log.map((l) => `${l}\n`).join('')));
  const r = pkg.reports;
  if (r?.zeresima !== undefined) add('zeresima', textFile(reportText(r.zeresima)));
  if (r?.bu !== undefined) {
    const copies = Array.isArray(r.bu) ? (r.bu as readonly ReportText[]) : [r.bu as ReportText];
    // A form feed between copies: a page break on a printer, as the vias come out one after the other.
    add('buImpresso', textFile(copies.map(reportText).join('\n\f\n')));
  }
  if (r?.buj !== undefined) add('buj', textFile(reportText(r.buj)));
  if (r?.bim !== undefined) add('bim', textFile(reportText(r.bim)));
  if (r?.biografica !== undefined) add('biografica', textFile(reportText(r.biografica)));

  const arquivosAssinados: ArquivoAssinado[] = files.map((f) => {
    const hash = sha512(f.bytes);
    return {
      nomeArquivo: f.name,
      tamanho: f.bytes.byteLength,
      hash: toHex(hash),
      assinatura: toHex(signer.sign(hash)),
    };
  });
  const listingHash = sha512(listingText(arquivosAssinados));
  const signature: ResultsSignatureFile = {
    format: SIGNATURE_FORMAT,
    modeloUrna: MODELO_URNA,
    dataHoraCriacao: pkg.bu.dataHoraEmissao,
    certificate: carga.urna.certificate,
    arquivosAssinados,
    autoAssinado: { hash: toHex(listingHash), assinatura: toHex(signer.sign(listingHash)) },
  };
  add('vota', utf8.encode(JSON.stringify(signature, null, 2) + '\n'));
  return files;
}

// ---- Reading and checking ----------------------------------------------------------------------------------------

const hexOf = (bytes: number): z.ZodString =>
  z.string().regex(new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`), `${bytes} bytes in hex`);

const SignatureFileSchema = z.object({
  format: z.literal(SIGNATURE_FORMAT),
  modeloUrna: z.string(),
  dataHoraCriacao: z.string(),
  certificate: z.object({
    version: z.literal(1),
    subject: z.string(),
    publicKey: hexOf(32),
    issuer: z.string(),
    issuerKeyId: hexOf(16),
    signature: hexOf(64),
  }),
  arquivosAssinados: z.array(
    z.object({
      nomeArquivo: z.string(),
      tamanho: z.number().int().nonnegative(),
      hash: hexOf(64),
      assinatura: hexOf(64),
    }),
  ),
  autoAssinado: z.object({ hash: hexOf(64), assinatura: hexOf(64) }),
});

const int = z.number().int();
const dataHora = z.string();
const hexString = z.string().regex(/^[0-9a-fA-F]*$/, 'hex');
const Identificacao = z.object({ municipio: int, zona: int, local: int, secao: int });
const Cabecalho = z.object({ dataGeracao: dataHora, idPleito: int });
const CargaSchema = z.object({
  numeroInternoUrna: int,
  numeroSerieFC: z.string(),
  identificadorGeradorMidia: z.object({
    nome: z.string(),
    serialCertificadoTPM: z.string(),
    serialInstalacao: z.string(),
  }),
  dataHoraCarga: dataHora,
  codigoCarga: z.string(),
});
const UrnaSchema = z.object({
  tipoUrna: z.enum(['secao', 'contingencia', 'reservaSecao', 'reservaEncerrandoSecao']),
  versaoVotacao: z.string(),
  correspondenciaResultado: z.object({ identificacao: Identificacao, carga: CargaSchema }),
  tipoArquivo: z.literal('votacaoUE'),
  numeroSerieFV: z.string(),
});

/** The shape of our JSON BU (src/urna/model.ts): checked before anyone indexes into it. */
const BoletimUrnaSchema = z.object({
  cabecalho: Cabecalho,
  fase: FaseSchema,
  urna: UrnaSchema,
  identificacaoSecao: Identificacao,
  dataHoraEmissao: dataHora,
  dadosSecao: z.object({ dataHoraAbertura: dataHora, dataHoraEncerramento: dataHora }),
  qtdEleitoresCompareceram: int,
  detalhamentoComparecimento: z.object({
    qtdEleitoresCompareceramSemBiometria: int,
    qtdEleitoresHabilitadosPorBiometria: int,
    qtdEleitoresHabilitadosPorBiografia: int,
  }),
  resultadosVotacaoPorEleicao: z.array(
    z.object({
      idEleicao: int,
      qtdEleitoresAptos: int,
      qtdEleitoresAptosSecao: int,
      qtdEleitoresAptosTTE: int,
      resultadosVotacao: z.array(
        z.object({
          tipoCargo: z.enum(['majoritario', 'proporcional', 'consulta']),
          qtdComparecimento: int,
          totaisVotosCargo: z.array(
            z.object({
              codigoCargo: int,
              ordemImpressao: int,
              votosVotaveis: z.array(
                z.object({
                  tipoVoto: z.enum(['nominal', 'branco', 'nulo', 'legenda', 'cargoSemCandidato']),
                  quantidadeVotos: int,
                  identificacaoVotavel: z.object({ partido: int, codigo: int }).optional(),
                  ordemGeracaoHash: int,
                  hash: hexString,
                }),
              ),
            }),
          ),
        }),
      ),
      ultimoHashVotosVotavel: hexString,
      assinaturaUltimoHashVotosVotavel: hexString,
    }),
  ),
  historicoCodigosCarga: z.array(z.string()),
}) satisfies z.ZodType<BoletimUrna>;

const RdvSchema = z.object({
  cabecalho: Cabecalho,
  urna: UrnaSchema,
  rdv: z.object({
    pleito: int,
    fase: FaseSchema,
    identificacao: Identificacao,
    historicoCodigosCarga: z.array(z.string()),
    eleicoes: z.array(
      z.object({
        idEleicao: int,
        votosCargos: z.array(
          z.object({
            idCargo: int,
            quantidadeEscolhas: int,
            votos: z.array(
              z.object({
                tipoVoto: z.enum([
                  'legenda',
                  'nominal',
                  'branco',
                  'nulo',
                  'brancoAposSuspensao',
                  'nuloAposSuspensao',
                  'nuloPorRepeticao',
                  'nuloCargoSemCandidato',
                  'nuloAposSuspensaoCargoSemCandidato',
                ]),
                digitacao: z.string().optional(),
              }),
            ),
          }),
        ),
      }),
    ),
  }),
}) satisfies z.ZodType<EntidadeResultadoRDV>;

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
  log: string[];
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
      'exactly one signature file named …-vota.json',
      signatureNames.length === 0 ? 'none' : signatureNames.join(', '),
    );
    return refuse();
  }
  const votaName = signatureNames[0]!;
  const id = parseResultFileName(votaName)!;

  let raw: unknown;
  try {
    raw = JSON.parse(utf8Decoder.decode(files.get(votaName)));
  } catch (e) {
    problem(votaName, '', 'a signature file in JSON (UTF-8)', `text that is not JSON (${(e as Error).message})`);
    return refuse();
  }
  const parsed = SignatureFileSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problem(votaName, jsonPath(issue.path), issue.message, 'something else');
    return refuse();
  }
  const sig = parsed.data;

  // The certificate: issued by this election's key, for an urna of the seção the file names say.
  const electionKeyId = keyId(electionPublicKey);
  const certProblem = certificateProblem(sig.certificate, electionPublicKey);
  if (certProblem) {
    problem(votaName, 'certificate', `a certificate issued by election key ${electionKeyId}`, certProblem);
    return refuse(); // Without a trusted urna key, no file signature below means anything.
  }
  const urnaPublicKey = fromHex(sig.certificate.publicKey);
  const urnaKeyId = keyId(urnaPublicKey);
  const subject = /^UE (\d{8}) ([A-Z]{2}-\d{5}-\d{4}-\d{4})$/.exec(sig.certificate.subject);
  if (!subject || subject[2] !== secaoKey(id)) {
    problem(
      votaName,
      'certificate.subject',
      `an urna of seção ${secaoKey(id)} (as the file names say)`,
      sig.certificate.subject,
    );
  }
  const numeroInternoUrna = subject ? Number(subject[1]) : undefined;

  const listingHash = sha512(listingText(sig.arquivosAssinados));
  if (!sameBytes(listingHash, fromHex(sig.autoAssinado.hash))) {
    problem(votaName, 'autoAssinado.hash', toHex(listingHash), sig.autoAssinado.hash);
  } else if (!verifyEd25519(urnaPublicKey, listingHash, fromHex(sig.autoAssinado.assinatura))) {
    problem(
      votaName,
      'autoAssinado.assinatura',
      `a signature by urna key ${urnaKeyId}`,
      'a signature that does not verify',
    );
  }

  // Every listed file: a name of this seção's media, present, with the listed size, hash and signature.
  const listed = new Set<string>();
  const verified = new Map<ResultFileKind, Uint8Array>();
  const infos: SignedFileInfo[] = [];
  sig.arquivosAssinados.forEach((entry, i) => {
    const name = entry.nomeArquivo;
    const at = `arquivosAssinados[${i}].nomeArquivo`;
    const parsedName = parseResultFileName(name);
    if (!parsedName || parsedName.stem !== id.stem || parsedName.kind === 'vota') {
      problem(votaName, at, `a file name of this seção's media (${id.stem}-…)`, JSON.stringify(name));
      return;
    }
    if (listed.has(name)) {
      problem(votaName, at, 'each file listed once', `${name} listed again`);
      return;
    }
    listed.add(name);
    const bytes = files.get(name);
    if (!bytes) {
      problem(name, '', `the file listed in ${votaName}`, 'no such file');
      return;
    }
    if (bytes.byteLength !== entry.tamanho) {
      problem(name, 'tamanho', `${entry.tamanho} bytes (as ${votaName} lists)`, `${bytes.byteLength} bytes`);
      return;
    }
    const hash = sha512(bytes);
    if (!sameBytes(hash, fromHex(entry.hash))) {
      problem(name, 'hash', `SHA-512 ${entry.hash.toLowerCase()} (as ${votaName} lists)`, `SHA-512 ${toHex(hash)}`);
      return;
    }
    if (!verifyEd25519(urnaPublicKey, hash, fromHex(entry.assinatura))) {
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

  for (const kind of ['bu', 'rdv', 'log'] as const) {
    const name = resultFileName(id, kind);
    if (!listed.has(name)) problem(votaName, 'arquivosAssinados', `an entry for ${name}`, 'none');
  }
  if (problems.length > 0) return refuse();

  const secao: SecaoId = { uf: id.uf, municipio: id.municipio, zona: id.zona, secao: id.secao };
  const decode = <T>(kind: 'bu' | 'rdv', schema: z.ZodType<T>): T | undefined => {
    const name = resultFileName(id, kind);
    let value: unknown;
    try {
      value = JSON.parse(utf8Decoder.decode(verified.get(kind)));
    } catch (e) {
      problem(name, '', 'JSON (UTF-8)', `text that is not JSON (${(e as Error).message})`);
      return undefined;
    }
    const r = schema.safeParse(value);
    if (!r.success) {
      for (const issue of r.error.issues.slice(0, 20))
        problem(name, jsonPath(issue.path), issue.message, 'something else');
      return undefined;
    }
    return r.data;
  };
  const bu = decode('bu', BoletimUrnaSchema);
  const rdv = decode('rdv', RdvSchema);
  let log: string[] = [];
  try {
    log = utf8Decoder.decode(verified.get('log')).split('\n');
    if (log[log.length - 1] === '') log.pop();
  } catch {
    problem(resultFileName(id, 'log'), '', 'UTF-8 text', 'bytes that are not UTF-8');
  }
  if (!bu || !rdv) return refuse();

  // The names, the certificate and the contents must all speak of the same seção, pleito, fase and urna.
  const where = `município ${id.municipio}, zona ${id.zona}, seção ${id.secao}`;
  const buName = resultFileName(id, 'bu');
  const rdvName = resultFileName(id, 'rdv');
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
      files: infos,
      signatureFile: votaName,
      certificate: sig.certificate,
      urnaPublicKey,
      secao,
      fase: id.fase,
      pleito: id.pleito,
    },
  };
}
