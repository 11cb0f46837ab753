// The definition of a second round (segundo turno), derived from the first round's definition and the contests
// where nobody had an absolute majority (ELECTION-RULES.md §1.2; CF art. 77, 29 II).
//
// What changes: round 2; the date is the last Sunday of October of the same year (CF art. 77 caput); the pleito is
// the next number, as the TSE does (2022: 406 → 407, 2024: 452 → 453); only the contests going to a second round
// remain, each with its two candidates (seats 1); eleições and their office lists keep only those offices.
// What stays: geography, voter roll, parties, federations, hours, time zone, fase.
//
// Eleição ids are kept as they are. The TSE gives the second round its own eleição ids (2022: 544 → 545 and
// 546 → 547; 2024: 619 → 620), usually the next number; we do not guess them here (docs/SEATS.md).
//
// Pure: no I/O, runs in Node and in the browser.
import type { Contest, ElectionDefinition } from '../election/definition.ts';
import { CONSTITUTIONAL_OFFICES, SECOND_ROUND_OFFICES } from '../election/offices.ts';
import type { Problem } from '../election/problem.ts';

export interface ContestToSecondRound {
  office: number;
  municipio?: number;
  uf?: string;
  /** The two candidates who qualified (majorityOutcome's finalists). */
  numbers: [number, number];
}

/** Thrown by secondRoundDefinition; `problems` lists every reason, located in the request. */
export class SecondRoundError extends Error {
  constructor(readonly problems: Problem[]) {
    super(
      `cannot build the second round:\n${problems.map((p) => `  ${p.path}: expected ${p.expected}, found ${p.found}`).join('\n')}`,
    );
    this.name = 'SecondRoundError';
  }
}

/** The last Sunday of October of a year, as YYYY-MM-DD (2022 → 2022-10-30, 2024 → 2024-10-27). */
export function lastSundayOfOctober(year: number): string {
  const oct31 = new Date(Date.UTC(year, 9, 31));
  const day = 31 - oct31.getUTCDay(); // getUTCDay: 0 = Sunday
  return `${String(year).padStart(4, '0')}-10-${String(day).padStart(2, '0')}`;
}

function describeContest(c: { office: number; municipio?: number; uf?: string }): string {
  const name = CONSTITUTIONAL_OFFICES[c.office]?.name ?? `office ${c.office}`;
  const where = c.municipio !== undefined ? ` in município ${c.municipio}` : c.uf !== undefined ? ` in ${c.uf}` : '';
  return `${name}${where}`;
}

/**
 * The round-2 definition. Throws SecondRoundError (with every problem) if the first-round definition is not a round
 * 1, or a requested contest does not exist, is ambiguous, has no second round, or names candidates it does not have.
 */
export function secondRoundDefinition(
  def: ElectionDefinition,
  contestsGoingToRound2: readonly ContestToSecondRound[],
): ElectionDefinition {
  const file = '(second round request)';
  const problems: Problem[] = [];
  const add = (path: string, expected: string, found: string) => problems.push({ file, path, expected, found });

  if (def.round !== 1) add('definition.round', 'a first-round definition (round 1)', String(def.round));
  if (contestsGoingToRound2.length === 0) add('contests', 'at least one contest going to a second round', 'none');
  if (def.pleito + 1 > 99999)
    add('definition.pleito', 'a pleito below 99999 (round 2 uses pleito + 1)', String(def.pleito));

  /** Contest → index of the request that chose it. */
  const chosen = new Map<Contest, number>();
  contestsGoingToRound2.forEach((req, i) => {
    const at = `contests[${i}]`;
    if (!SECOND_ROUND_OFFICES.has(req.office)) {
      add(
        `${at}.office`,
        'Presidente (1), Governador (3) or Prefeito (11): the offices with a second round',
        String(req.office),
      );
      return;
    }
    const matches = def.contests.filter(
      (c) =>
        c.office === req.office &&
        (req.municipio === undefined || c.municipio === req.municipio) &&
        (req.uf === undefined || c.uf === req.uf),
    );
    if (matches.length !== 1) {
      add(
        at,
        `exactly one contest for ${describeContest(req)} in the definition`,
        matches.length === 0 ? 'none' : `${matches.length} (give uf or municipio)`,
      );
      return;
    }
    const contest = matches[0]!;
    const prev = chosen.get(contest);
    if (prev !== undefined) {
      add(at, 'each contest once', `the same contest as contests[${prev}]`);
      return;
    }
    chosen.set(contest, i);
    if (req.numbers.length !== 2) {
      add(`${at}.numbers`, 'the numbers of exactly 2 candidates', String(req.numbers.length));
      return;
    }
    const [a, b] = req.numbers;
    if (a === b) add(`${at}.numbers`, 'two different candidates', `${a} twice`);
    req.numbers.forEach((n, k) => {
      if (!contest.candidates.some((c) => c.number === n))
        add(`${at}.numbers[${k}]`, `a candidate of ${describeContest(contest)}`, String(n));
    });
  });
  if (problems.length > 0) throw new SecondRoundError(problems);

  // The definition's own order of contests and of candidates is kept (ballot order is not decided here).
  const contests: Contest[] = def.contests
    .filter((c) => chosen.has(c))
    .map((c) => {
      const numbers = contestsGoingToRound2[chosen.get(c)!]!.numbers;
      return { ...c, seats: 1, candidates: c.candidates.filter((x) => numbers.includes(x.number)) };
    });
  const offices = new Set(contests.map((c) => c.office));
  const eleicoes = def.eleicoes
    .map((e) => ({ ...e, offices: e.offices.filter((o) => offices.has(o.code)) }))
    .filter((e) => e.offices.length > 0);

  return {
    ...def,
    name: `${def.name} — 2º turno`,
    pleito: def.pleito + 1,
    round: 2,
    date: lastSundayOfOctober(Number(def.date.slice(0, 4))),
    eleicoes,
    contests,
  };
}
