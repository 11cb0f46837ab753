// Who wins a majority contest (Presidente, Governador, Senador, Prefeito) and who goes to a second round
// (ELECTION-RULES.md §1; CF art. 77 and 29 II; CE art. 110). Blank and null votes are never valid votes here: valid
// votes are the votes given to candidates, unless the caller passes another base (e.g. including annulled votes).
//
// Pure: no I/O, runs in Node and in the browser.
import { CARGO, PREFEITO_SECOND_ROUND_MIN_VOTERS } from '../election/offices.ts';
import { ageUnresolved, birthOrder, formatDecimalBR } from './proportional.ts';

export interface MajorityCandidate {
  number: number;
  name: string;
  votes: number;
  /** YYYY-MM-DD. Needed only to break ties (CE art. 110, CF art. 77 §5: the oldest). */
  birthDate?: string;
}

export interface MajorityInput {
  /** TSE office code (1 Presidente, 3 Governador, 5 Senador, 11 Prefeito, or a custom office). */
  office: number;
  /** 1, or 2 for a Senate election renewing two thirds. Default 1. */
  seats?: number;
  candidates: MajorityCandidate[];
  /** Base for the absolute majority; default: the sum of the candidates' votes. */
  validVotes?: number;
  /** Round 1 of an office and place with a second round (see secondRoundApplies). */
  secondRoundApplies: boolean;
}

export interface RankedMajorityCandidate extends MajorityCandidate {
  /** 1-based position after the tie rules. */
  rank: number;
  /** Share of valid votes in pt-BR, half-up to 2 decimals, as the TSE publishes it ("48,43"). */
  percentValid: string;
}

/** A tie at the line that decides the outcome, which age could not break (birth date missing or equal). */
export interface MajorityTie {
  candidates: number[];
  votes: number;
  reason: 'birth-date-missing' | 'same-birth-date';
  /** What the program did so that the outcome stays deterministic: known birth dates first (oldest first), then the
   * candidate number. */
  resolvedBy: 'known-age-then-number';
}

interface OutcomeBase {
  office: number;
  seats: number;
  validVotes: number;
  /** Every candidate, most voted first, ties → oldest. */
  ranking: RankedMajorityCandidate[];
  ties: MajorityTie[];
}

export type MajorityOutcome =
  | (OutcomeBase & {
      kind: 'elected';
      elected: RankedMajorityCandidate[];
      /** Why: an absolute majority (round 1 with a second round), or the most votes (plurality, or round 2). */
      by: 'absolute-majority' | 'plurality';
    })
  | (OutcomeBase & { kind: 'second-round'; finalists: [RankedMajorityCandidate, RankedMajorityCandidate] })
  | (OutcomeBase & { kind: 'no-valid-votes' });

/**
 * Whether an absolute majority is needed in this round, with a second round otherwise. Presidente and Governador:
 * always in round 1. Prefeito: only where the município has more than 200,000 eleitores (registered voters, CF art.
 * 29 II). Senador and every other office: never. Round 2: never (the most voted of the two wins).
 */
export function secondRoundApplies(officeCode: number, municipioVoters: number | undefined, round: 1 | 2): boolean {
  if (round === 2) return false;
  if (officeCode === CARGO.presidente || officeCode === CARGO.governador) return true;
  if (officeCode === CARGO.prefeito) {
    if (municipioVoters === undefined || !Number.isSafeInteger(municipioVoters) || municipioVoters < 0)
      throw new RangeError(
        `secondRoundApplies: prefeito needs the município's registered voters (eleitores), found ${municipioVoters}`,
      );
    return municipioVoters > PREFEITO_SECOND_ROUND_MIN_VOTERS;
  }
  return false;
}

function percent(votes: number, valid: number): string {
  return valid === 0 ? '0,00' : formatDecimalBR(votes * 100, valid).replace(/^(\d+)$/, '$1,00');
}

/** The outcome of one majority contest. Throws on an input that cannot be counted (a programming error). */
export function majorityOutcome(input: MajorityInput): MajorityOutcome {
  const seats = input.seats ?? 1;
  const bad = (what: string) => {
    throw new RangeError(`majorityOutcome (office ${input.office}): ${what}`);
  };
  if (seats !== 1 && seats !== 2) bad(`seats must be 1 or 2, found ${seats}`);
  if (seats === 2 && input.office !== CARGO.senador) bad('only the Senate elects 2 in one contest');
  if (seats === 2 && input.secondRoundApplies) bad('a 2-seat Senate contest has no second round');
  const numbers = new Set<number>();
  for (const c of input.candidates) {
    if (!Number.isSafeInteger(c.votes) || c.votes < 0)
      bad(`candidate ${c.number}: votes must be ≥ 0, found ${c.votes}`);
    if (numbers.has(c.number)) bad(`candidate number ${c.number} appears twice`);
    numbers.add(c.number);
  }
  const sum = input.candidates.reduce((s, c) => s + c.votes, 0);
  const validVotes = input.validVotes ?? sum;
  if (!Number.isSafeInteger(validVotes) || validVotes < sum)
    bad(`validVotes must be a whole number ≥ the candidates' votes (${sum}), found ${input.validVotes}`);

  const sorted = [...input.candidates].sort((a, b) => b.votes - a.votes || birthOrder(a, b) || a.number - b.number);
  const ranking: RankedMajorityCandidate[] = sorted.map((c, i) => ({
    ...c,
    rank: i + 1,
    percentValid: percent(c.votes, validVotes),
  }));
  const base: OutcomeBase = { office: input.office, seats, validVotes, ranking, ties: [] };
  if (validVotes === 0 || ranking.length === 0) return { ...base, kind: 'no-valid-votes' };

  /** Records a tie on votes across position `cut` (the first `cut` go through) that age could not break. */
  const tieAt = (cut: number) => {
    const last = ranking[cut - 1];
    const first = ranking[cut];
    if (last === undefined || first === undefined || last.votes !== first.votes) return;
    const group = ranking.filter((c) => c.votes === last.votes);
    // With a birth date missing anyone in the run could be the oldest; otherwise only the same birth day ties.
    const missing = group.some((c) => c.birthDate === undefined);
    if (!missing && !ageUnresolved(last, first)) return; // age decided it (CE art. 110)
    const tied = missing ? group : group.filter((c) => c.birthDate === last.birthDate);
    base.ties.push({
      candidates: tied.map((c) => c.number),
      votes: last.votes,
      reason: missing ? 'birth-date-missing' : 'same-birth-date',
      resolvedBy: 'known-age-then-number',
    });
  };

  if (input.secondRoundApplies) {
    const top = ranking[0]!;
    if (2 * top.votes > validVotes) return { ...base, kind: 'elected', elected: [top], by: 'absolute-majority' };
    if (ranking.length < 2) bad('no absolute majority and fewer than two candidates for a second round');
    tieAt(2);
    return { ...base, kind: 'second-round', finalists: [top, ranking[1]!] };
  }
  tieAt(seats);
  return { ...base, kind: 'elected', elected: ranking.slice(0, seats), by: 'plurality' };
}
