// The demo election: a small, complete municipal election in the fictional município of Vale Verde (MG), the
// same every time (seeded). MG, because its títulos use the SP/MG check-digit rule (a remainder 0 becomes 1), so the
// demo exercises it. Everything here is invented: the town, the people, the parties, the schools.
import { seededRandom, type Random } from '../crypto/random.ts';
import type { Candidate, ElectionDefinition, Local, Party, Voter } from './definition.ts';
import { ELECTION_FORMAT_VERSION } from './definition.ts';
import { candidateNames, FEDERATION_NAMES, PARTY_NAMES, personName } from './names.ts';
import { makeTitulo } from './titulo.ts';

export const DEMO_SEED = 'urna-demo-vale-verde';
export const DEMO_MUNICIPIO = { code: 48771, name: 'Vale Verde', uf: 'MG' } as const;

/** A random calendar date between two years (inclusive), as `YYYY-MM-DD`. */
export function randomDate(pick: (n: number) => number, fromYear: number, toYear: number): string {
  const y = fromYear + pick(toYear - fromYear + 1);
  const m = 1 + pick(12);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const dim = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  const d = 1 + pick(dim);
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Draws `count` distinct integers in [from, to] (count much smaller than the range). */
export function distinctInts(r: Random, count: number, from: number, to: number): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  while (out.length < count) {
    const n = from + r.int(to - from + 1);
    if (!seen.has(n)) {
      seen.add(n);
      out.push(n);
    }
  }
  return out;
}

/** Zonas, locais and seções of Vale Verde: 3 zonas, 10 seções in 6 schools. */
const GEOGRAPHY: readonly { zona: number; locais: readonly { local: Local; secoes: readonly number[] }[] }[] = [
  {
    zona: 101,
    locais: [
      {
        local: {
          number: 1015,
          name: 'Escola Estadual Professora Helena Guimarães',
          address: 'Rua das Flores, 120 — Centro',
        },
        secoes: [1, 2],
      },
      {
        local: { number: 1023, name: 'Escola Municipal Dom Pedro II', address: 'Avenida Brasil, 845 — Santa Rita' },
        secoes: [3, 4],
      },
    ],
  },
  {
    zona: 187,
    locais: [
      {
        local: {
          number: 1104,
          name: 'Escola Estadual Coronel Joaquim Siqueira',
          address: 'Rua Tiradentes, 33 — Vila Nova',
        },
        secoes: [11, 12],
      },
      {
        local: {
          number: 1112,
          name: 'Centro Educacional Vale Verde',
          address: 'Rua do Rosário, 510 — Jardim dos Ipês',
        },
        secoes: [13],
      },
    ],
  },
  {
    zona: 302,
    locais: [
      {
        local: {
          number: 1201,
          name: 'Colégio Estadual Maria Aparecida Rezende',
          address: 'Praça da Matriz, 7 — Distrito de São Bento',
        },
        secoes: [21, 22],
      },
      {
        local: {
          number: 1210,
          name: 'Escola Municipal Rural Córrego Fundo',
          address: 'Estrada do Córrego Fundo, s/n — Zona Rural',
        },
        secoes: [23],
      },
    ],
  },
];

const VOTERS = 3000;
const VEREADOR_SEATS = 13;
/** Party numbers of the demo (the parties themselves are invented); 23, 31 and 40 form a federation. */
const PARTY_NUMBERS = [12, 18, 23, 31, 40, 55, 70] as const;
const FEDERATION = { number: 1, members: [23, 31, 40] } as const;
/** Vereador candidates per party: 60 in all. */
const VEREADORES_PER_PARTY = [10, 9, 8, 8, 9, 8, 8] as const;
/** Prefeito tickets: head's party, vice's party, fit. The ticket of party 70 had its registration refused (inapto). */
const PREFEITO_TICKETS = [
  { party: 12, viceParty: 18, fit: true },
  { party: 23, viceParty: 40, fit: true },
  { party: 55, viceParty: 55, fit: true },
  { party: 70, viceParty: 31, fit: false },
] as const;
/** Voters whose título was issued in another UF (people move; the título keeps its UF code). */
const MOVED_FROM = ['SP', 'RJ', 'BA', 'GO', 'ES'] as const;

export function demoElection(): ElectionDefinition {
  const r = seededRandom(DEMO_SEED);
  const pick = (n: number): number => r.int(n);
  const m = DEMO_MUNICIPIO;

  const parties: Party[] = PARTY_NUMBERS.map((number, i) => ({
    number,
    abbreviation: PARTY_NAMES[i]!.abbreviation,
    name: PARTY_NAMES[i]!.name,
    ...((FEDERATION.members as readonly number[]).includes(number) ? { federation: FEDERATION.number } : {}),
  }));

  const usedBallotNames = new Set<string>();
  const candidate = (number: number, party: number, fit = true): Candidate => {
    let names = candidateNames(pick);
    while (usedBallotNames.has(names.ballotName)) names = candidateNames(pick);
    usedBallotNames.add(names.ballotName);
    return { number, party, fit, ...names, birthDate: randomDate(pick, 1950, 2000) };
  };

  const prefeitos = PREFEITO_TICKETS.map((t) => ({
    ...candidate(t.party, t.party, t.fit),
    vice: { ballotName: candidateNames(pick).ballotName, party: t.viceParty },
  }));
  const vereadores: Candidate[] = [];
  PARTY_NUMBERS.forEach((party, i) => {
    const suffixes = distinctInts(r, VEREADORES_PER_PARTY[i]!, 100, 999).sort((a, b) => a - b);
    for (const s of suffixes) vereadores.push(candidate(party * 1000 + s, party));
  });
  // One vereador candidate had the registration refused too: votes for the number are null.
  vereadores[7] = { ...vereadores[7]!, fit: false };

  const secoes = GEOGRAPHY.flatMap((z) => z.locais.flatMap((l) => l.secoes.map((s) => ({ zona: z.zona, secao: s }))));
  const voters: Voter[] = [];
  const sequentials = distinctInts(r, VOTERS, 1_000_000, 99_999_999);
  for (let i = 0; i < VOTERS; i++) {
    const where = secoes[Math.floor((i * secoes.length) / VOTERS)]!;
    const uf = r.int(100) < 3 ? MOVED_FROM[r.int(MOVED_FROM.length)]! : m.uf;
    voters.push({
      titulo: makeTitulo(sequentials[i]!, uf),
      name: personName(pick).toUpperCase(),
      birthDate: randomDate(pick, 1930, 2008),
      municipio: m.code,
      zona: where.zona,
      secao: where.secao,
      // Most voters have registered their fingerprints; the others are released by their year of birth.
      biometrics: r.int(100) < 85,
    });
  }

  return {
    formatVersion: ELECTION_FORMAT_VERSION,
    kind: 'municipal',
    name: 'Eleição Municipal de Demonstração — Vale Verde',
    pleito: 9452,
    fase: 'oficial',
    round: 1,
    date: '2026-10-04',
    timezone: 'America/Sao_Paulo',
    hours: { open: '08:00', close: '17:00' },
    eleicoes: [{ id: 9619, name: 'Eleições Municipais de Vale Verde', offices: [{ code: 13 }, { code: 11 }] }],
    federations: [{ number: FEDERATION.number, ...FEDERATION_NAMES[0]! }],
    parties,
    contests: [
      { office: 11, municipio: m.code, seats: 1, candidates: prefeitos },
      { office: 13, municipio: m.code, seats: VEREADOR_SEATS, candidates: vereadores },
    ],
    ufs: [
      {
        uf: m.uf,
        name: 'Minas Gerais',
        municipios: [
          {
            code: m.code,
            name: m.name,
            zonas: GEOGRAPHY.map((z) => ({
              number: z.zona,
              secoes: z.locais.flatMap((l) => l.secoes.map((number) => ({ number, local: { ...l.local } }))),
            })),
          },
        ],
      },
    ],
    voters,
  };
}
