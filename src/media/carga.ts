// The carga: what the TSE loads into one urna, signed with the election key (ARCHITECTURE.md "TSE setup ──signed
// carga media──▶ URNA"). `buildCarga` makes it for one seção — the urna's own Ed25519 key pair and its certificate,
// the TSE `Carga` identifiers, the seção's contests and voters — and `openCarga` is the urna's side: it refuses
// media whose format, JSON, signature, election or seção does not match, and says which.
// Pure and browser-capable (no node: imports; crypto goes through src/crypto/, the crypto port).
import { z } from 'zod';
import {
  ContestSchema,
  EleicaoSchema,
  FaseSchema,
  FederationSchema,
  LocalSchema,
  PartySchema,
  VoterSchema,
  secaoKey,
  type Contest,
  type ElectionDefinition,
  type Local,
  type SecaoId,
  type Voter,
} from '../election/definition.ts';
import type { Problem, Result } from '../election/problem.ts';
import { certificateProblem, issueCertificate, keyId } from '../crypto/certificate.ts';
import { keyPairFromSeed, verifyEd25519, type KeyPair, type Signer } from '../crypto/ed25519.ts';
import { fromHex, sha512, toHex } from '../crypto/hash.ts';
import type { Random } from '../crypto/random.ts';
import { dataHoraJE, type Carga } from '../urna/model.ts';
import { CARGA_FORMAT, type CargaContent, type CargaSecao, type SignedCargaFile } from './carga-types.ts';

/**
 * One seção with an urna, as the election index lists it (`indexElection(def).secoes`, src/election/lookup.ts).
 * Declared here with only what the carga needs, so this module does not depend on the rest of the index's shape.
 */
export interface CargaSecaoEntry extends SecaoId {
  municipioName: string;
  local: Local;
  /** Small seções that vote in this seção's urna (seções agregadas). */
  aggregated?: readonly number[];
}

/** The part of the election index (src/election/lookup.ts) the carga uses. */
export interface CargaIndex {
  /** The contests a seção votes in, in the legal order of the screens. */
  contestsForSecao(secao: SecaoId): readonly Contest[];
  /** secaoKey → the urna's caderno: the seção's voters and those of its seções agregadas, sorted by título. */
  votersBySecao: ReadonlyMap<string, readonly Voter[]>;
}

export interface BuildCargaDeps {
  /** The election key: signs the carga and the urna's certificate. */
  electionSigner: Signer;
  random: Random;
  clock: () => Date;
  /** The urna's internal number (Código identificação UE), 1–99,999,999. */
  numeroInternoUrna: number;
  /**
   * This seção's voters when the index does not hold them (synthetic elections generate each seção's voters on the
   * fly); taken as they are, so they must be sorted by título and include any aggregated seção's voters.
   */
  voters?: readonly Voter[];
}

/** Who generated the media (V2 `identificadorGeradorMidia`); the TSE's is a TPM-certified installation. */
export const CARGA_GENERATOR_NAME = 'urna-ts setup';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function randomHex(random: Random, bytes: number): string {
  return toHex(random.bytes(bytes));
}

function randomDigits(random: Random, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(random.int(10));
  return s;
}

/** The certificate subject of an urna: `UE <numeroInternoUrna, 8 digits> <secaoKey>`. */
export function urnaSubject(numeroInternoUrna: number, secao: SecaoId): string {
  return `UE ${pad(numeroInternoUrna, 8)} ${secaoKey(secao)}`;
}

/** The name the election key signs as, in certificates. */
export function electionIssuerName(pleito: number): string {
  return `Eleição ${pleito}`;
}

/** The message the election key signs: SHA-512 of the UTF-8 bytes of the content text. */
export function cargaSigningMessage(contentText: string): Uint8Array {
  return sha512(new TextEncoder().encode(contentText));
}

/** Builds and signs the carga of one seção. */
export function buildCarga(
  def: ElectionDefinition,
  index: CargaIndex,
  secao: CargaSecaoEntry,
  deps: BuildCargaDeps,
): { file: SignedCargaFile; content: CargaContent } {
  const n = deps.numeroInternoUrna;
  if (!Number.isInteger(n) || n < 1 || n > 99_999_999) {
    throw new RangeError(`numeroInternoUrna must be an integer from 1 to 99999999, found ${n}`);
  }
  const { electionSigner, random } = deps;
  const urnaKeys = keyPairFromSeed(random.bytes(32));
  const certificate = issueCertificate(
    electionSigner,
    electionIssuerName(def.pleito),
    urnaSubject(n, secao),
    urnaKeys.publicKey,
  );
  const carga: Carga = {
    numeroInternoUrna: n,
    numeroSerieFC: randomHex(random, 4),
    identificadorGeradorMidia: {
      nome: CARGA_GENERATOR_NAME,
      serialCertificadoTPM: keyId(electionSigner.publicKey),
      serialInstalacao: randomHex(random, 4),
    },
    dataHoraCarga: dataHoraJE(deps.clock(), def.timezone),
    codigoCarga: randomDigits(random, 24),
  };
  const cargaSecao: CargaSecao = {
    uf: secao.uf,
    municipio: secao.municipio,
    municipioName: secao.municipioName,
    zona: secao.zona,
    secao: secao.secao,
    local: secao.local,
    aggregated: secao.aggregated ? [...secao.aggregated] : [],
  };
  const content: CargaContent = {
    format: CARGA_FORMAT,
    election: {
      name: def.name,
      kind: def.kind,
      pleito: def.pleito,
      fase: def.fase,
      round: def.round,
      date: def.date,
      timezone: def.timezone,
      hours: def.hours,
      eleicoes: def.eleicoes,
      parties: def.parties,
      federations: def.federations,
    },
    contests: [...index.contestsForSecao(secao)],
    secao: cargaSecao,
    voters: [...(deps.voters ?? index.votersBySecao.get(secaoKey(secao)) ?? [])],
    urna: {
      numeroInternoUrna: n,
      numeroSerieFV: randomHex(random, 4),
      publicKey: toHex(urnaKeys.publicKey),
      privateKey: toHex(urnaKeys.privateKey),
      certificate,
    },
    carga,
    electionPublicKey: toHex(electionSigner.publicKey),
  };
  const text = JSON.stringify(content);
  const file: SignedCargaFile = {
    format: CARGA_FORMAT,
    content: text,
    signature: toHex(electionSigner.sign(cargaSigningMessage(text))),
  };
  return { file, content };
}

/** The text written to the carga media (`carga.json`). */
export function cargaFileText(file: SignedCargaFile): string {
  return JSON.stringify(file) + '\n';
}

/** The urna's key pair from its carga (for `signer()` when it signs its BU, reports and results media). */
export function urnaKeyPair(content: CargaContent): KeyPair {
  return { publicKey: fromHex(content.urna.publicKey), privateKey: fromHex(content.urna.privateKey) };
}

// ---- Opening (the urna's side) ------------------------------------------------------------------------------------

const hex = (bytes: number): z.ZodString =>
  z.string().regex(new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`), `${bytes} bytes in hex (${bytes * 2} digits)`);

const SignedCargaFileSchema = z.object({
  format: z.string(),
  content: z.string(),
  signature: hex(64),
});

const CertificateSchema = z.object({
  version: z.literal(1),
  subject: z.string(),
  publicKey: hex(32),
  issuer: z.string(),
  issuerKeyId: hex(16),
  signature: hex(64),
});

const CargaSchema = z.object({
  numeroInternoUrna: z.number().int().min(1).max(99_999_999),
  numeroSerieFC: hex(4),
  identificadorGeradorMidia: z.object({
    nome: z.string(),
    serialCertificadoTPM: z.string(),
    serialInstalacao: z.string(),
  }),
  dataHoraCarga: z.string().regex(/^\d{8}T\d{6}$/, 'DataHoraJE YYYYMMDDThhmmss'),
  codigoCarga: z.string().regex(/^\d{24}$/, '24 digits'),
});

const CargaContentSchema = z.object({
  format: z.literal(CARGA_FORMAT),
  election: z.object({
    name: z.string(),
    kind: z.enum(['general', 'municipal', 'community']),
    pleito: z.number().int(),
    fase: FaseSchema,
    round: z.union([z.literal(1), z.literal(2)]),
    date: z.string(),
    timezone: z.string(),
    hours: z.object({ open: z.string(), close: z.string() }),
    eleicoes: z.array(EleicaoSchema),
    parties: z.array(PartySchema),
    federations: z.array(FederationSchema),
  }),
  contests: z.array(ContestSchema),
  secao: z.object({
    uf: z.string(),
    municipio: z.number().int(),
    municipioName: z.string(),
    zona: z.number().int(),
    secao: z.number().int(),
    local: LocalSchema,
    aggregated: z.array(z.number().int()),
  }),
  voters: z.array(VoterSchema),
  urna: z.object({
    numeroInternoUrna: z.number().int(),
    numeroSerieFV: hex(4),
    publicKey: hex(32),
    privateKey: hex(32),
    certificate: CertificateSchema,
  }),
  carga: CargaSchema,
  electionPublicKey: hex(32),
}) satisfies z.ZodType<CargaContent>;

/** `a.b[2].c` from a zod issue path. */
function jsonPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const k of path) s += typeof k === 'number' ? `[${k}]` : s === '' ? String(k) : `.${String(k)}`;
  return s;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const s = JSON.stringify(value);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function zodProblems(file: string, issues: readonly z.core.$ZodIssue[], root: unknown, prefix = ''): Problem[] {
  return issues.map((issue) => {
    const path = jsonPath(issue.path);
    return {
      file,
      path: prefix && path ? `${prefix}.${path}` : prefix || path,
      expected: issue.message,
      found: describe(valueAt(root, issue.path)),
    };
  });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export interface OpenCargaExpectation {
  /** The key of the election this urna belongs to (installed with the urna software, not read from the media). */
  electionPublicKey: Uint8Array;
  pleito?: number;
  /** The seção this urna was prepared for, when it is known before the media is read. */
  secao?: SecaoId;
}

/**
 * Reads and checks carga media. Problem paths: `format`, `content` and `signature` are the file's own fields; every
 * other path (`secao`, `election.pleito`, `urna.certificate`, …) is a path inside the signed content.
 * Order: the file's JSON and format, then the signature (so that nothing unsigned is trusted), then the content's
 * shape, then everything it must agree with — all of those are reported together.
 */
export function openCarga(fileText: string, fileName: string, expect: OpenCargaExpectation): Result<CargaContent> {
  const fail = (path: string, expected: string, found: string): Result<CargaContent> => ({
    ok: false,
    problems: [{ file: fileName, path, expected, found }],
  });

  let raw: unknown;
  try {
    raw = JSON.parse(fileText);
  } catch (e) {
    return fail('', 'a carga file in JSON', `text that is not JSON (${(e as Error).message})`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return fail('', `a carga file (a JSON object with format "${CARGA_FORMAT}")`, describe(raw));
  }
  const format = (raw as Record<string, unknown>).format;
  if (format !== CARGA_FORMAT) return fail('format', JSON.stringify(CARGA_FORMAT), describe(format));
  const parsedFile = SignedCargaFileSchema.safeParse(raw);
  if (!parsedFile.success) return { ok: false, problems: zodProblems(fileName, parsedFile.error.issues, raw) };
  const file = parsedFile.data;

  const electionKeyId = keyId(expect.electionPublicKey);
  if (!verifyEd25519(expect.electionPublicKey, cargaSigningMessage(file.content), fromHex(file.signature))) {
    // Say whose key the content claims, if it can be read: that tells "another election" from "tampered".
    let claimed = '';
    try {
      const k = (JSON.parse(file.content) as { electionPublicKey?: unknown }).electionPublicKey;
      if (typeof k === 'string' && /^[0-9a-fA-F]{64}$/.test(k)) {
        const id = keyId(fromHex(k));
        claimed = id === electionKeyId ? ' (the content names this election key)' : ` (the content names key ${id})`;
      }
    } catch {
      // The content is not even JSON: the signature problem says enough.
    }
    return fail(
      'signature',
      `a signature by election key ${electionKeyId}`,
      `a signature that does not verify${claimed}`,
    );
  }

  let rawContent: unknown;
  try {
    rawContent = JSON.parse(file.content);
  } catch (e) {
    return fail('content', 'the carga content as JSON text', `text that is not JSON (${(e as Error).message})`);
  }
  const parsed = CargaContentSchema.safeParse(rawContent);
  if (!parsed.success) return { ok: false, problems: zodProblems(fileName, parsed.error.issues, rawContent) };
  const content = parsed.data;

  const problems: Problem[] = [];
  const problem = (path: string, expected: string, found: string): void => {
    problems.push({ file: fileName, path, expected, found });
  };

  if (content.electionPublicKey.toLowerCase() !== toHex(expect.electionPublicKey)) {
    problem('electionPublicKey', `election key ${electionKeyId}`, `key ${keyId(fromHex(content.electionPublicKey))}`);
  }
  if (expect.pleito !== undefined && content.election.pleito !== expect.pleito) {
    problem('election.pleito', String(expect.pleito), String(content.election.pleito));
  }
  const key = secaoKey(content.secao);
  if (expect.secao !== undefined && key !== secaoKey(expect.secao)) problem('secao', secaoKey(expect.secao), key);

  const { urna } = content;
  const certProblem = certificateProblem(urna.certificate, expect.electionPublicKey);
  if (certProblem) problem('urna.certificate', `a certificate issued by election key ${electionKeyId}`, certProblem);
  if (urna.certificate.publicKey.toLowerCase() !== urna.publicKey.toLowerCase()) {
    problem('urna.certificate.publicKey', `the urna public key ${urna.publicKey}`, urna.certificate.publicKey);
  }
  const subject = urnaSubject(urna.numeroInternoUrna, content.secao);
  if (urna.certificate.subject !== subject) problem('urna.certificate.subject', subject, urna.certificate.subject);
  if (!sameBytes(keyPairFromSeed(fromHex(urna.privateKey)).publicKey, fromHex(urna.publicKey))) {
    problem('urna.privateKey', `the private key of public key ${urna.publicKey}`, 'a key of another key pair');
  }
  if (content.carga.numeroInternoUrna !== urna.numeroInternoUrna) {
    problem('carga.numeroInternoUrna', String(urna.numeroInternoUrna), String(content.carga.numeroInternoUrna));
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: content };
}
