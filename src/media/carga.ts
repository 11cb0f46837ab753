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
import { fromHex, sha512, sha512HexUpper, toHex } from '../crypto/hash.ts';
import type { Random } from '../crypto/random.ts';
import { dataHoraJE, type Carga } from '../urna/model.ts';
import {
  CARGA_FORMAT,
  type CargaContent,
  type CargaElection,
  type CargaSecao,
  type SignedCargaFile,
} from './carga-types.ts';

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

// ---- The signed parts ----------------------------------------------------------------------------------------------
// Every urna of a município gets the same election part (election, parties, contests: ~130 KB at São Paulo size) and
// its own seção part (caderno, urna keys, Carga: ~30 KB). Signing the two part hashes lets the election part be
// serialized and hashed once per município when building, and parsed and validated once per município when opening.

// The seção part hashed last: when a simulation opens the carga it has just built, the urna's side hashes the very
// same text again. A hit is an identical text (a pointer compare, or a memory compare of the same length), so its
// hash is the one computed for it: a memo of a pure function, not a shortcut around the check.
let lastHashed = { text: '', hash: sha512HexUpper('') };

/** SHA-512 of the UTF-8 bytes of a part's text, as upper-case hex (`crypto.hash` hashes a string's UTF-8 bytes). */
export function cargaPartHash(text: string): string {
  if (text !== lastHashed.text) lastHashed = { text, hash: sha512HexUpper(text) };
  return lastHashed.hash;
}

/** The message the election key signs: SHA-512 of `urna-carga/2|<eleicao hash>|<secao hash>` (ASCII). */
export function cargaSigningMessage(eleicaoHash: string, secaoHash: string): Uint8Array {
  return sha512(`${CARGA_FORMAT}|${eleicaoHash}|${secaoHash}`);
}

/** Signs the two part texts as a carga file. `eleicaoHash`, when the caller has it, saves hashing the big part. */
export function signCargaParts(
  by: Signer,
  eleicao: string,
  secao: string,
  eleicaoHash: string = cargaPartHash(eleicao),
): SignedCargaFile {
  const signature = toHex(by.sign(cargaSigningMessage(eleicaoHash, cargaPartHash(secao))));
  return { format: CARGA_FORMAT, eleicao, secao, signature };
}

function cargaElection(def: ElectionDefinition): CargaElection {
  return {
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
  };
}

// The election part's text and hash, per definition and set of contests (one entry per município, or per UF in a
// general election). Contest objects are told apart by identity, so an index that returns fresh arrays of the same
// contests still hits. Like the election index, this takes a definition as immutable once cargas are built from it.
interface EleicaoText {
  text: string;
  hash: string;
}
const eleicaoTexts = new WeakMap<ElectionDefinition, Map<string, EleicaoText>>();
const contestIds = new WeakMap<Contest, number>();
let nextContestId = 1;

function eleicaoText(def: ElectionDefinition, election: CargaElection, contests: readonly Contest[]): EleicaoText {
  let key = '';
  for (const c of contests) {
    let id = contestIds.get(c);
    if (id === undefined) {
      id = nextContestId++;
      contestIds.set(c, id);
    }
    key += `${id},`;
  }
  let byContests = eleicaoTexts.get(def);
  if (!byContests) {
    byContests = new Map();
    eleicaoTexts.set(def, byContests);
  }
  let entry = byContests.get(key);
  if (!entry) {
    const text = JSON.stringify({ election, contests });
    entry = { text, hash: cargaPartHash(text) };
    byContests.set(key, entry);
  }
  return entry;
}

// The caderno in the seção part is a table, one row per voter, not one object per voter: at ~420 voters a seção
// that is half the text to serialize, hash (twice), escape and parse. Rows are checked by hand instead of by zod (a
// sixth of the time; `VoterSchema` still words the problems). A birth date YYYY-MM-DD is written as the number
// YYYYMMDD: V8's JSON.parse interns every string value of 10 characters or fewer, which doubled the parse of a
// caderno (~120 µs a seção); a birth date that is not YYYY-MM-DD stays a string (and is refused on opening).
// `satisfies` makes COLUMN fail to compile when Voter gains a field, so no field can be silently dropped.
const COLUMN = {
  titulo: 0,
  name: 1,
  birthDate: 2,
  municipio: 3,
  zona: 4,
  secao: 5,
  biometrics: 6,
} as const satisfies Record<keyof Voter, number>;

/** The caderno's columns, in order: the `fields` of the seção part's `voters` table. */
export const CADERNO_FIELDS: readonly (keyof Voter)[] = (Object.keys(COLUMN) as (keyof Voter)[]).sort(
  (a, b) => COLUMN[a] - COLUMN[b],
);

/** `YYYY-MM-DD` → the number YYYYMMDD; anything else stays as it is. */
function dateNumber(date: string): number | string {
  if (date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return date;
  let n = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const d = date.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return date;
    n = n * 10 + d;
  }
  return n;
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/** The number YYYYMMDD (0 to 99,999,999) → `YYYY-MM-DD`; anything else stays as it is (and is refused). */
function dateText(date: unknown): unknown {
  if (!Number.isSafeInteger(date) || (date as number) < 0 || (date as number) > 99_999_999) return date;
  const n = date as number;
  const year = Math.floor(n / 10_000);
  return `${year < 1000 ? String(year).padStart(4, '0') : year}-${TWO_DIGITS[Math.floor(n / 100) % 100]!}-${TWO_DIGITS[n % 100]!}`;
}

function cadernoTable(voters: readonly Voter[]): { fields: readonly string[]; rows: unknown[][] } {
  const rows = new Array<unknown[]>(voters.length);
  for (let i = 0; i < voters.length; i++) {
    const v = voters[i]!;
    // In COLUMN order. `=== true`: a voter object without the flag has no fingerprints (VoterSchema's default).
    rows[i] = [v.titulo, v.name, dateNumber(v.birthDate), v.municipio, v.zona, v.secao, v.biometrics === true];
  }
  return { fields: CADERNO_FIELDS, rows };
}

function secaoPartText(content: CargaContent): string {
  return JSON.stringify({
    secao: content.secao,
    voters: cadernoTable(content.voters),
    urna: content.urna,
    carga: content.carga,
    electionPublicKey: content.electionPublicKey,
  });
}

/** The two part texts of a carga's content, as `buildCarga` signs them (and as tests re-sign altered content). */
export function cargaPartTexts(content: CargaContent): { eleicao: string; secao: string } {
  return {
    eleicao: JSON.stringify({ election: content.election, contests: content.contests }),
    secao: secaoPartText(content),
  };
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
  const contests = index.contestsForSecao(secao);
  const election = cargaElection(def);
  const content: CargaContent = {
    format: CARGA_FORMAT,
    election,
    contests: [...contests],
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
  const eleicao = eleicaoText(def, election, contests);
  const secaoText = secaoPartText(content);
  return { file: signCargaParts(electionSigner, eleicao.text, secaoText, eleicao.hash), content };
}

// ---- The file on the media ----------------------------------------------------------------------------------------
// `carga.json` is `JSON.stringify(SignedCargaFile)`: each part is a JSON string holding the part's exact text, so the
// signed texts survive any re-formatting of the file.

// The election part last escaped for a file, and its JSON string form: the same text for every seção of a município
// (escaping ~130 KB costs ~0.2 ms, once per município instead of once per seção).
let lastEscaped = { text: '', json: '""' };
// The text cargaFileText wrote last, with its parts: a simulation hands that very string straight to openCarga, and
// parsing it would cost ~0.3 ms a seção (plus flattening the concatenated ~200 KB, a large-object allocation). A hit
// is the same text, so its parts are exactly what JSON.parse would give: nothing is trusted that would not be.
let lastWritten: { text: string; parts: Omit<SignedCargaFile, 'format'> } | undefined;

const SIGNATURE_HEX = /^[0-9a-fA-F]{128}$/;

/** The text written to the carga media (`carga.json`): `JSON.stringify(file)` and a line break. */
export function cargaFileText(file: SignedCargaFile): string {
  if (file.eleicao !== lastEscaped.text) lastEscaped = { text: file.eleicao, json: JSON.stringify(file.eleicao) };
  const text =
    `{"format":${JSON.stringify(file.format)},"eleicao":${lastEscaped.json},` +
    `"secao":${JSON.stringify(file.secao)},"signature":${JSON.stringify(file.signature)}}\n`;
  lastWritten =
    file.format === CARGA_FORMAT && SIGNATURE_HEX.test(file.signature)
      ? { text, parts: { signature: file.signature, eleicao: file.eleicao, secao: file.secao } }
      : undefined;
  return text;
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
  eleicao: z.string(),
  secao: z.string(),
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

type EleicaoPart = Pick<CargaContent, 'election' | 'contests'>;
/** The seção part as the schema reads it: the caderno table (`voters`) is decoded by `cadernoVoters`. */
type SecaoPart = Pick<CargaContent, 'secao' | 'urna' | 'carga' | 'electionPublicKey'> & { voters: unknown };

const EleicaoPartSchema = z.object({
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
}) satisfies z.ZodType<EleicaoPart>;

const SecaoPartSchema = z.object({
  secao: z.object({
    uf: z.string(),
    municipio: z.number().int(),
    municipioName: z.string(),
    zona: z.number().int(),
    secao: z.number().int(),
    local: LocalSchema,
    aggregated: z.array(z.number().int()),
  }),
  voters: z.unknown(),
  urna: z.object({
    numeroInternoUrna: z.number().int(),
    numeroSerieFV: hex(4),
    publicKey: hex(32),
    privateKey: hex(32),
    certificate: CertificateSchema,
  }),
  carga: CargaSchema,
  electionPublicKey: hex(32),
}) satisfies z.ZodType<SecaoPart>;

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

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const positiveInt = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) > 0;

/**
 * The voters of a caderno table, or undefined after adding its problems (paths `voters[3].titulo`, as in
 * `CargaContent`). The row check is `VoterSchema`'s, by hand (test/media/carga.test.ts checks that they agree); a
 * refused row is run through `VoterSchema` itself so that the problem is worded as everywhere else.
 */
function cadernoVoters(table: unknown, fileName: string, problems: Problem[]): Voter[] | undefined {
  const refuse = (path: string, expected: string, found: unknown): undefined => {
    problems.push({ file: fileName, path, expected, found: describe(found) });
    return undefined;
  };
  if (table === null || typeof table !== 'object') return refuse('voters', 'a caderno table {fields, rows}', table);
  const { fields, rows } = table as { fields?: unknown; rows?: unknown };
  if (
    !Array.isArray(fields) ||
    fields.length !== CADERNO_FIELDS.length ||
    !CADERNO_FIELDS.every((f, i) => fields[i] === f)
  ) {
    return refuse('voters.fields', JSON.stringify(CADERNO_FIELDS), fields);
  }
  if (!Array.isArray(rows)) return refuse('voters.rows', 'an array of voter rows', rows);
  const voters = new Array<Voter>(rows.length);
  const before = problems.length;
  for (let i = 0; i < rows.length; i++) {
    const row: unknown = rows[i];
    if (!Array.isArray(row) || row.length !== CADERNO_FIELDS.length) {
      refuse(`voters[${i}]`, `a row of ${CADERNO_FIELDS.length} values (${CADERNO_FIELDS.join(', ')})`, row);
      continue;
    }
    const titulo: unknown = row[COLUMN.titulo];
    const name: unknown = row[COLUMN.name];
    const birthDate = dateText(row[COLUMN.birthDate]);
    const municipio: unknown = row[COLUMN.municipio];
    const zona: unknown = row[COLUMN.zona];
    const secao: unknown = row[COLUMN.secao];
    const biometrics: unknown = row[COLUMN.biometrics];
    if (
      typeof titulo === 'string' &&
      typeof name === 'string' &&
      name.length > 0 &&
      typeof birthDate === 'string' &&
      ISO_DATE.test(birthDate) &&
      positiveInt(municipio) &&
      positiveInt(zona) &&
      positiveInt(secao) &&
      typeof biometrics === 'boolean'
    ) {
      voters[i] = { titulo, name, birthDate, municipio, zona, secao, biometrics };
      continue;
    }
    const voter = Object.fromEntries(CADERNO_FIELDS.map((f) => [f, f === 'birthDate' ? birthDate : row[COLUMN[f]]]));
    const checked = VoterSchema.safeParse(voter);
    if (!checked.success) problems.push(...zodProblems(fileName, checked.error.issues, voter, `voters[${i}]`));
    else refuse(`voters[${i}]`, 'a voter', row);
  }
  return problems.length === before ? voters : undefined;
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

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

// Election parts already checked, most recent first. The key is the part's exact text: a hit is that same text,
// so its hash and its parsed, validated value are the ones computed when it was first opened (comparing ~130 KB
// of text is a memory compare, far cheaper than hashing or parsing it). The values are deep-frozen because every
// urna opened from the same text shares them. A few entries: a worker goes through one município at a time.
interface CheckedEleicao {
  text: string;
  hash: string;
  value: Readonly<EleicaoPart>;
}
const CHECKED_ELEICOES_MAX = 4;
const checkedEleicoes: CheckedEleicao[] = [];

function checkedEleicao(text: string): CheckedEleicao | undefined {
  for (let i = 0; i < checkedEleicoes.length; i++) {
    const entry = checkedEleicoes[i]!;
    if (entry.text === text) {
      if (i > 0) {
        checkedEleicoes.splice(i, 1);
        checkedEleicoes.unshift(entry);
      }
      return entry;
    }
  }
  return undefined;
}

function rememberEleicao(entry: CheckedEleicao): void {
  checkedEleicoes.unshift(entry);
  if (checkedEleicoes.length > CHECKED_ELEICOES_MAX) checkedEleicoes.pop();
}

/** The parts of a carga file's text, or what is wrong with it: not JSON, another format, a field missing. */
function readCargaFile(fileText: string, fileName: string): Omit<SignedCargaFile, 'format'> | Problem[] {
  if (lastWritten?.text === fileText) return lastWritten.parts;
  const problem = (path: string, expected: string, found: string): Problem[] => [
    { file: fileName, path, expected, found },
  ];
  let raw: unknown;
  try {
    raw = JSON.parse(fileText);
  } catch (e) {
    return problem('', 'a carga file in JSON', `text that is not JSON (${(e as Error).message})`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return problem('', `a carga file (a JSON object with format "${CARGA_FORMAT}")`, describe(raw));
  }
  const format = (raw as Record<string, unknown>).format;
  if (format !== CARGA_FORMAT) {
    const older = typeof format === 'string' && format.startsWith('urna-carga/');
    return problem(
      'format',
      JSON.stringify(CARGA_FORMAT),
      `${describe(format)}${older ? ' (a carga of another urna-ts version: run the setup again)' : ''}`,
    );
  }
  const parsed = SignedCargaFileSchema.safeParse(raw);
  if (!parsed.success) return zodProblems(fileName, parsed.error.issues, raw);
  return parsed.data;
}

/**
 * Reads and checks carga media. Problem paths: `format`, `signature`, `eleicao` and `secao` (when a part is not
 * JSON) are the file's own; every other path is a path inside a signed part, named as in `CargaContent`
 * (`election.pleito`, `contests[0]…` in the election part; `secao`, `voters[3].titulo`, `urna.certificate`… in the
 * seção part).
 * Order: the file's JSON and format, then the signature over both parts' hashes (so that nothing unsigned is
 * trusted), then the parts' shapes, then everything they must agree with — all of those are reported together.
 * An election part already checked (same exact text) is not parsed again: its frozen value is shared.
 */
export function openCarga(fileText: string, fileName: string, expect: OpenCargaExpectation): Result<CargaContent> {
  const fail = (path: string, expected: string, found: string): Result<CargaContent> => ({
    ok: false,
    problems: [{ file: fileName, path, expected, found }],
  });

  const file = readCargaFile(fileText, fileName);
  if (Array.isArray(file)) return { ok: false, problems: file };

  const known = checkedEleicao(file.eleicao);
  const eleicaoHash = known ? known.hash : cargaPartHash(file.eleicao);
  const electionKeyId = keyId(expect.electionPublicKey);
  const message = cargaSigningMessage(eleicaoHash, cargaPartHash(file.secao));
  if (!verifyEd25519(expect.electionPublicKey, message, fromHex(file.signature))) {
    // Say whose key the seção part claims, if it can be read: that tells "another election" from "tampered".
    let claimed = '';
    try {
      const k = (JSON.parse(file.secao) as { electionPublicKey?: unknown }).electionPublicKey;
      if (typeof k === 'string' && /^[0-9a-fA-F]{64}$/.test(k)) {
        const id = keyId(fromHex(k));
        claimed = id === electionKeyId ? ' (the carga names this election key)' : ` (the carga names key ${id})`;
      }
    } catch {
      // The part is not even JSON: the signature problem says enough.
    }
    return fail(
      'signature',
      `a signature by election key ${electionKeyId}`,
      `a signature that does not verify${claimed}`,
    );
  }

  // Both parts are signed: now parse them (the election part only if it is new) and check their shapes.
  const problems: Problem[] = [];
  const problem = (path: string, expected: string, found: string): void => {
    problems.push({ file: fileName, path, expected, found });
  };
  const parsePart = (name: 'eleicao' | 'secao', text: string): { raw: unknown } | undefined => {
    try {
      return { raw: JSON.parse(text) };
    } catch (e) {
      problem(name, `the ${name} part as JSON text`, `text that is not JSON (${(e as Error).message})`);
      return undefined;
    }
  };
  let eleicao = known?.value;
  if (!eleicao) {
    const json = parsePart('eleicao', file.eleicao);
    const parsed = json && EleicaoPartSchema.safeParse(json.raw);
    if (parsed?.success) {
      eleicao = deepFreeze(parsed.data);
      rememberEleicao({ text: file.eleicao, hash: eleicaoHash, value: eleicao });
    } else if (json && parsed) {
      problems.push(...zodProblems(fileName, parsed.error.issues, json.raw));
    }
  }
  const secaoJson = parsePart('secao', file.secao);
  const parsedSecao = secaoJson && SecaoPartSchema.safeParse(secaoJson.raw);
  if (secaoJson && parsedSecao && !parsedSecao.success) {
    problems.push(...zodProblems(fileName, parsedSecao.error.issues, secaoJson.raw));
  }
  const voters = parsedSecao?.success ? cadernoVoters(parsedSecao.data.voters, fileName, problems) : undefined;
  if (!eleicao || !parsedSecao?.success || !voters) return { ok: false, problems };
  const part = parsedSecao.data;
  const content: CargaContent = {
    format: CARGA_FORMAT,
    election: eleicao.election,
    contests: eleicao.contests,
    secao: part.secao,
    voters,
    urna: part.urna,
    carga: part.carga,
    electionPublicKey: part.electionPublicKey,
  };

  if (content.electionPublicKey.toLowerCase() !== toHex(expect.electionPublicKey)) {
    problem('electionPublicKey', `election key ${electionKeyId}`, `key ${keyId(fromHex(content.electionPublicKey))}`);
  }
  if (expect.pleito !== undefined && content.election.pleito !== expect.pleito) {
    problem('election.pleito', String(expect.pleito), String(content.election.pleito));
  }
  const key = secaoKey(content.secao);
  if (expect.secao !== undefined && key !== secaoKey(expect.secao)) problem('secao', secaoKey(expect.secao), key);
  // The election part must hold this seção's contests only: those of its município, its UF and the country.
  content.contests.forEach((c, i) => {
    if (c.municipio !== undefined && c.municipio !== content.secao.municipio) {
      problem(`contests[${i}].municipio`, `${content.secao.municipio} (the seção's município)`, String(c.municipio));
    } else if (c.municipio === undefined && c.uf !== undefined && c.uf !== content.secao.uf) {
      problem(`contests[${i}].uf`, `${content.secao.uf} (the seção's UF)`, c.uf);
    }
  });

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
