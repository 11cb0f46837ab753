// Synthetic municipal elections of any size, for simulations and benchmarks (São Paulo: 9.3 million voters in
// 22,000 seções). The definition carries the geography, parties and candidates but NOT the voter roll: each seção
// records its `voterCount`, and `syntheticVoters()` generates one seção's voters on demand, deterministically, so a
// simulation never holds millions of voter objects at once. Everything is invented (see names.ts).
import { seededRandom, type Random } from '../crypto/random.ts';
import type { Candidate, ElectionDefinition, Federation, Local, Party, Secao, Voter, Zona } from './definition.ts';
import { ELECTION_FORMAT_VERSION } from './definition.ts';
import { randomDate } from './demo.ts';
import {
  address,
  candidateNames,
  FEDERATION_NAMES,
  FEMALE_FIRST_NAMES,
  localName,
  MALE_FIRST_NAMES,
  PARTY_NAMES,
  SURNAMES,
} from './names.ts';
import { UF_TO_TITULO_CODE } from './titulo.ts';

export interface SyntheticParams {
  seed: number | string;
  voters: number;
  secoes: number;
  /** Default: one zona per 400 seções. */
  zonas?: number;
  vereadorCandidates: number;
  prefeitoCandidates: number;
  vereadorSeats: number;
  /** 2 to 90 parties (party numbers are 2 digits). */
  parties: number;
  /** Federations of 3 parties each (2 when parties are few). Default 0. */
  federations?: number;
  municipioName?: string;
  /** TSE município code. Default 71072 (the code of São Paulo in the TSE's tables). */
  municipioCode?: number;
  uf?: string;
}

/** A São Paulo-sized municipal election: about 9.3 million eleitores, 22,000 seções, 58 zonas, 55 vereadores. */
export const SIMULATE_SAO_PAULO: Readonly<SyntheticParams> = {
  seed: 'simulate-sao-paulo',
  voters: 9_300_000,
  secoes: 22_000,
  zonas: 58,
  vereadorCandidates: 1_000,
  prefeitoCandidates: 10,
  vereadorSeats: 55,
  parties: 29,
  federations: 2,
  municipioName: 'São Paulo (simulação)',
  municipioCode: 71072,
  uf: 'SP',
};

// prettier-ignore
const UF_NAMES: Readonly<Record<string, string>> = {
  AC: 'Acre', AL: 'Alagoas', AP: 'Amapá', AM: 'Amazonas', BA: 'Bahia', CE: 'Ceará', DF: 'Distrito Federal',
  ES: 'Espírito Santo', GO: 'Goiás', MA: 'Maranhão', MT: 'Mato Grosso', MS: 'Mato Grosso do Sul', MG: 'Minas Gerais',
  PA: 'Pará', PB: 'Paraíba', PR: 'Paraná', PE: 'Pernambuco', PI: 'Piauí', RJ: 'Rio de Janeiro',
  RN: 'Rio Grande do Norte', RS: 'Rio Grande do Sul', RO: 'Rondônia', RR: 'Roraima', SC: 'Santa Catarina',
  SP: 'São Paulo', SE: 'Sergipe', TO: 'Tocantins',
};

const SECOES_PER_ZONA = 400;
const SECOES_PER_LOCAL = 10;
const FIRST_SEQUENTIAL = 10_000_000;
const SYNTHETIC_DATE = '2026-10-04';

/** Splits `total` into `parts` near-equal shares: the first `total % parts` get one more. */
function share(total: number, parts: number, i: number): { size: number; start: number } {
  const base = Math.floor(total / parts);
  const rem = total % parts;
  return { size: base + (i < rem ? 1 : 0), start: i * base + Math.min(i, rem) };
}

/** Which zona (0-based) and seção within it the i-th seção of the definition is. */
function secaoPlace(p: SyntheticParams, i: number): { zonaIndex: number; secaoIndex: number } {
  const zonas = zonaCount(p);
  const base = Math.floor(p.secoes / zonas);
  const rem = p.secoes % zonas;
  const bigSpan = rem * (base + 1);
  if (i < bigSpan) return { zonaIndex: Math.floor(i / (base + 1)), secaoIndex: i % (base + 1) };
  const j = i - bigSpan;
  return { zonaIndex: rem + Math.floor(j / base), secaoIndex: j % base };
}

function zonaCount(p: SyntheticParams): number {
  return p.zonas ?? Math.max(1, Math.ceil(p.secoes / SECOES_PER_ZONA));
}

function check(p: SyntheticParams): void {
  const fail = (what: string): never => {
    throw new Error(`syntheticElection: ${what}`);
  };
  const int = (n: number | undefined, min: number, name: string): void => {
    if (n !== undefined && (!Number.isInteger(n) || n < min)) fail(`${name} must be an integer >= ${min}, got ${n}`);
  };
  int(p.voters, 0, 'voters');
  int(p.secoes, 1, 'secoes');
  int(p.zonas, 1, 'zonas');
  int(p.vereadorSeats, 1, 'vereadorSeats');
  int(p.prefeitoCandidates, 1, 'prefeitoCandidates');
  int(p.vereadorCandidates, 1, 'vereadorCandidates');
  int(p.federations, 0, 'federations');
  if (!Number.isInteger(p.parties) || p.parties < 2 || p.parties > 90) fail(`parties must be 2–90, got ${p.parties}`);
  const zonas = zonaCount(p);
  if (zonas > p.secoes) fail(`${zonas} zonas need at least as many seções, got ${p.secoes}`);
  if (Math.ceil(p.secoes / zonas) > 9999) fail('more than 9,999 seções in a zona; give more zonas');
  if (zonas > 9999) fail('more than 9,999 zonas');
  if (p.prefeitoCandidates > p.parties) fail('one prefeito candidate per party at most');
  if (p.vereadorCandidates > 900 * p.parties) fail('at most 900 vereador candidates per party (numbers NN100–NN999)');
  if ((p.federations ?? 0) * 2 > p.parties) fail('every federation needs at least 2 parties');
  if (FIRST_SEQUENTIAL + p.voters >= 100_000_000) fail('too many voters for 8-digit título sequentials');
  // No municipal elections abroad (ZZ).
  if (p.uf !== undefined && !(p.uf in UF_NAMES)) fail(`unknown UF ${p.uf}`);
}

/** `count` distinct integers from [from, to], in random order (partial Fisher–Yates over the range). */
function sample(r: Random, count: number, from: number, to: number): number[] {
  const pool = Array.from({ length: to - from + 1 }, (_, k) => from + k);
  for (let k = 0; k < count; k++) {
    const j = k + r.int(pool.length - k);
    [pool[k], pool[j]] = [pool[j]!, pool[k]!];
  }
  return pool.slice(0, count);
}

export function syntheticElection(p: SyntheticParams): ElectionDefinition {
  check(p);
  const r = seededRandom(`${p.seed}:definition`);
  const pick = (n: number): number => r.int(n);
  const uf = p.uf ?? 'SP';
  const municipio = p.municipioCode ?? 71072;

  // Parties: random distinct 2-digit numbers; the first ones (in draw order) form the federations.
  const numbers = sample(r, p.parties, 10, 99);
  const nFed = p.federations ?? 0;
  const perFed = nFed > 0 ? Math.min(3, Math.floor(p.parties / nFed)) : 0;
  const federations: Federation[] = [];
  for (let f = 0; f < nFed; f++) {
    const names = FEDERATION_NAMES[f] ?? { abbreviation: `FE ${f + 1}`, name: `Federação ${f + 1}` };
    federations.push({ number: f + 1, ...names });
  }
  const parties: Party[] = numbers.map((number, i) => {
    const names = PARTY_NAMES[i] ?? { abbreviation: `P${number}`, name: `Partido ${number}` };
    const fed = i < nFed * perFed ? Math.floor(i / perFed) + 1 : undefined;
    return { number, ...names, ...(fed !== undefined ? { federation: fed } : {}) };
  });
  parties.sort((a, b) => a.number - b.number);

  const usedNames = new Set<string>();
  const candidate = (number: number, party: number): Candidate => {
    let names = candidateNames(pick);
    for (let tries = 0; usedNames.has(names.ballotName) && tries < 20; tries++) names = candidateNames(pick);
    if (usedNames.has(names.ballotName)) names = { ...names, ballotName: `${names.ballotName.slice(0, 24)} ${number}` };
    usedNames.add(names.ballotName);
    return { number, party, fit: true, ...names, birthDate: randomDate(pick, 1950, 2000) };
  };
  // Prefeito: one ticket for each of the first parties drawn (the number of a majority candidate is the party's).
  const prefeitos = numbers
    .slice(0, p.prefeitoCandidates)
    .map((party) => ({ ...candidate(party, party), vice: { ballotName: candidateNames(pick).ballotName, party } }));
  const vereadores: Candidate[] = [];
  numbers.forEach((party, i) => {
    const { size } = share(p.vereadorCandidates, p.parties, i);
    for (const s of sample(r, size, 100, 999).sort((a, b) => a - b))
      vereadores.push(candidate(party * 1000 + s, party));
  });

  // Geography: zonas 1..Z with near-equal numbers of seções; 10 seções per local de votação.
  const zonas: Zona[] = [];
  const nZonas = zonaCount(p);
  let secaoIndex = 0;
  for (let z = 0; z < nZonas; z++) {
    const { size } = share(p.secoes, nZonas, z);
    const secoes: Secao[] = [];
    let local: Local | undefined;
    for (let s = 0; s < size; s++, secaoIndex++) {
      if (s % SECOES_PER_LOCAL === 0) {
        local = { number: 1000 + s / SECOES_PER_LOCAL, name: localName(pick), address: address(pick) };
      }
      secoes.push({ number: s + 1, local: local!, voterCount: share(p.voters, p.secoes, secaoIndex).size });
    }
    zonas.push({ number: z + 1, secoes });
  }

  const name = p.municipioName ?? 'Cidade Sintética';
  return {
    formatVersion: ELECTION_FORMAT_VERSION,
    kind: 'municipal',
    name: `Eleição Municipal Sintética — ${name}`,
    pleito: 9452,
    fase: 'oficial',
    round: 1,
    date: SYNTHETIC_DATE,
    timezone: 'America/Sao_Paulo',
    hours: { open: '08:00', close: '17:00' },
    eleicoes: [{ id: 9619, name: `Eleições Municipais — ${name}`, offices: [{ code: 13 }, { code: 11 }] }],
    federations,
    parties,
    contests: [
      { office: 11, municipio, seats: 1, candidates: prefeitos },
      { office: 13, municipio, seats: p.vereadorSeats, candidates: vereadores },
    ],
    ufs: [{ uf, name: UF_NAMES[uf]!, municipios: [{ code: municipio, name, zonas }] }],
    voters: [],
  };
}

// The voter generator runs for every seção of a big simulation (9.3 million voters), so it avoids the general
// helpers' work: names are built from pre-uppercased lists, dates from a two-digit table, título check digits from
// the integer sequential directly.
const FEMALE_UPPER = FEMALE_FIRST_NAMES.map((n) => n.toUpperCase());
const MALE_UPPER = MALE_FIRST_NAMES.map((n) => n.toUpperCase());
const SURNAMES_UPPER = SURNAMES.map((n) => n.toUpperCase());
const TWO_DIGITS = Array.from({ length: 32 }, (_, k) => (k < 10 ? `0${k}` : String(k)));
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Check digits of an 8-digit sequential (as an integer) for a UF code: same rule as titulo.ts. */
function checkDigits(seq: number, u1: number, u2: number, spMg: boolean): string {
  let sum = 0;
  // Weights 9..2 from the last digit to the first of the 8-digit sequential.
  for (let w = 9; w >= 2; w--) {
    sum += (seq % 10) * w;
    seq = Math.floor(seq / 10);
  }
  let dv1 = sum % 11;
  if (dv1 === 10) dv1 = 0;
  else if (dv1 === 0 && spMg) dv1 = 1;
  let dv2 = (u1 * 7 + u2 * 8 + dv1 * 9) % 11;
  if (dv2 === 10) dv2 = 0;
  else if (dv2 === 0 && spMg) dv2 = 1;
  return `${dv1}${dv2}`;
}

/**
 * The voters of the `secaoIndex`-th seção of a synthetic definition (definition order = `indexElection().secoes`
 * order), sorted by título. Títulos are unique across the election: the sequential number is the voter's position
 * in the whole roll. O(voters of the seção); nothing is cached.
 */
export function syntheticVoters(def: ElectionDefinition, p: SyntheticParams, secaoIndex: number): Voter[] {
  if (!Number.isInteger(secaoIndex) || secaoIndex < 0 || secaoIndex >= p.secoes) {
    throw new Error(`syntheticVoters: seção index ${secaoIndex} outside 0–${p.secoes - 1}`);
  }
  const uf = def.ufs[0]!.uf;
  const municipio = def.ufs[0]!.municipios[0]!.code;
  const ufCode = UF_TO_TITULO_CODE[uf]!;
  const u1 = ufCode.charCodeAt(0) - 48;
  const u2 = ufCode.charCodeAt(1) - 48;
  const spMg = ufCode === '01' || ufCode === '02';
  const { zonaIndex, secaoIndex: s } = secaoPlace(p, secaoIndex);
  const zona = zonaIndex + 1;
  const secao = s + 1;
  const { size, start } = share(p.voters, p.secoes, secaoIndex);
  const r = seededRandom(`${p.seed}:voters:${secaoIndex}`);
  const voters: Voter[] = new Array<Voter>(size);
  for (let k = 0; k < size; k++) {
    // Consecutive sequentials of the same length and UF: the títulos come out already sorted.
    const seq = FIRST_SEQUENTIAL + start + k;
    // Two 32-bit draws per voter, cut into fields (the slight modulo bias does not matter for synthetic names).
    const a = r.int(0x1_0000_0000);
    const b = r.int(0x1_0000_0000);
    const firsts = (a & 1) === 0 ? FEMALE_UPPER : MALE_UPPER;
    const first = firsts[((a >>> 1) % 256) % firsts.length]!;
    const s1 = SURNAMES_UPPER[((a >>> 9) % 1024) % SURNAMES_UPPER.length]!;
    const s2 = SURNAMES_UPPER[((a >>> 19) % 1024) % SURNAMES_UPPER.length]!;
    const year = 1936 + ((b & 0x3ff) % (2008 - 1936 + 1));
    const month = 1 + (((b >>> 10) % 64) % 12);
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    const day = 1 + (((b >>> 16) % 256) % (month === 2 && leap ? 29 : DAYS[month - 1]!));
    const biometrics = (b >>> 24) % 100 < 85;
    voters[k] = {
      titulo: `${seq}${ufCode}${checkDigits(seq, u1, u2, spMg)}`,
      name: s1 === s2 ? `${first} ${s1}` : `${first} ${s1} ${s2}`,
      birthDate: `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}`,
      municipio,
      zona,
      secao,
      biometrics,
    };
  }
  return voters;
}
