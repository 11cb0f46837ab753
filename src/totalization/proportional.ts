// Who is elected in a proportional contest (Deputado Federal/Estadual/Distrital, Vereador): quociente eleitoral,
// quociente partidário, the two phases of médias and the suplentes, exactly as ELECTION-RULES.md §2.2 describes
// (CE arts. 106–112 as amended by Lei 14.211/2021, Res.-TSE 23.677 art. 11, STF ADIs 7228/7263/7325).
//
// All arithmetic is on integers: a média V_a / (seats_a + 1) is compared with another by cross-multiplication and a
// threshold "x ≥ p% of QE" is tested as `100·x ≥ p·QE`. Vote totals are limited to MAX_TOTAL_VOTES so that every
// product stays far below 2^53 (10^12 votes × 1001 divisors < 9·10^15).
//
// Pure: no I/O, runs in Node and in the browser.
import type { Problem } from '../election/problem.ts';

/**
 * `stf-2024`: the rule in force since the 2024 elections, and for 2022 after the STF embargos of 13.3.2025: the last
 * phase (art. 109 III) is open to every agremiação and candidate.
 * `tse-2022`: the rule the TSE applied in 2022: the last phase only among agremiações with ≥ 80% of the QE.
 */
export type ProportionalRule = 'stf-2024' | 'tse-2022';
export const PROPORTIONAL_RULES: readonly ProportionalRule[] = ['stf-2024', 'tse-2022'];

/** Far above Brazil's whole electorate (~156 million); keeps cross-multiplications exact in a double. */
export const MAX_TOTAL_VOTES = 1_000_000_000_000;
export const MAX_SEATS = 1000;

export interface ProportionalParty {
  /** Party number (2 digits). May be unknown when an input names the party only by its abbreviation. */
  number?: number;
  abbreviation?: string;
  /** Valid votes for the party label (voto de legenda). */
  legenda: number;
}

export interface ProportionalCandidate {
  number: number;
  name: string;
  /** Party number; when absent, the first two digits of the candidate number (the party prefix). */
  party?: number;
  /** Valid nominal votes. */
  votes: number;
  /** YYYY-MM-DD. Needed only to break ties (CE art. 110: the oldest). */
  birthDate?: string;
  /**
   * Fit and with valid votes (default true). A candidate whose registration is annulled (`Anulado`, `Anulado sub
   * judice`) cannot be elected and their votes are not counted; if their votes go to the party instead (`Válido
   * (legenda)`), add them to the party's legenda.
   */
  eligible?: boolean;
}

/** An isolated party, or a federation (which acts as one agremiação for the whole count: Lei 9.504 art. 6-A). */
export interface AgremiacaoInput {
  name: string;
  parties: ProportionalParty[];
  candidates: ProportionalCandidate[];
}

export interface ProportionalInput {
  seats: number;
  agremiacoes: AgremiacaoInput[];
}

export interface ProportionalOptions {
  rule?: ProportionalRule;
}

/** An exact rational value, not reduced (e.g. a média is `V_a / (seats_a + 1)`), with its pt-BR display string. */
export interface ExactValue {
  numerator: number;
  denominator: number;
  /** pt-BR, rounded half-up to 2 decimals; no decimals when the value is an integer ("866,67", "1.075"). */
  display: string;
}

/** How a seat was won: `QP` phase 1 (art. 108), `media` phase 2 (art. 109 I–II, 80%/20%), `media-fase3` (109 III). */
export type ElectedHow = 'QP' | 'media' | 'media-fase3';
export type CandidateStatus = 'eleito' | 'suplente' | 'nao-eleito';

export interface CandidateOutcome {
  number: number;
  name: string;
  party: number;
  votes: number;
  birthDate?: string;
  eligible: boolean;
  status: CandidateStatus;
  /** Set when elected. */
  how?: ElectedHow;
  /** Seat order (1-based) in the list of elected. */
  seat?: number;
  /** 1-based position among the agremiação's suplentes (CE art. 112). */
  suplenteOrder?: number;
}

export interface ElectedSeat {
  /** 1-based order of election: phase 1 seats first (ordered by agremiação votes), then each média as awarded. */
  seat: number;
  phase: 1 | 2 | 3;
  how: ElectedHow;
  agremiacao: string;
  candidate: CandidateOutcome;
  /** The winning média V_a / (seats_a + 1) for phases 2 and 3; null for QP seats. */
  media: ExactValue | null;
}

export interface AgremiacaoResult {
  name: string;
  parties: ProportionalParty[];
  nominalVotes: number;
  legendaVotes: number;
  /** V_a = nominal votes of its eligible candidates + legenda votes of its parties. */
  votes: number;
  /** Quociente partidário floor(V_a / QE) (0 when QE is 0). */
  qp: number;
  /** Seats actually filled in phase 1 (a QP seat with no candidate ≥ 10% of QE goes to the médias). */
  qpSeats: number;
  seats: number;
  reachesQE: boolean;
  /** V_a ≥ 80% of QE: may take part in phase 2 (and, under the 2022 rule, in phase 3). */
  reaches80: boolean;
  /** In order of election. */
  elected: CandidateOutcome[];
  /** CE art. 112: the non-elected of an agremiação that won a seat, by votes, ties → oldest. */
  suplentes: CandidateOutcome[];
  /** Candidates of an agremiação without seats, and ineligible candidates. */
  naoEleitos: CandidateOutcome[];
}

/** A tie the law resolves by age that the input could not resolve (birth date missing or equal). */
export interface UnresolvedTie {
  kind: 'candidates' | 'media';
  agremiacoes: string[];
  /** For `candidates`: the tied candidates, in the order used. For `media`: the next candidate of each agremiação. */
  candidates: number[];
  /** For `media`: the seat being awarded. */
  seat?: number;
  reason: 'birth-date-missing' | 'same-birth-date';
  /** True when the tie decides who is elected; false when it only decides the order of suplentes. */
  decisive: boolean;
  /**
   * What the program did so that the result stays deterministic: a known birth date before an unknown one (a known
   * older date first), then the candidate number (`candidates`) or the agremiação name (`media`).
   */
  resolvedBy: 'known-age-then-number' | 'known-age-then-name';
}

export type ProportionalWarning =
  | { code: 'no-valid-votes' }
  | { code: 'qe-zero' }
  | { code: 'qp-exceeds-seats'; qpSeats: number }
  | { code: 'tse-2022-phase3-opened'; fromSeat: number }
  | { code: 'unfilled-seats'; seats: number };

export interface ProportionalResult {
  rule: ProportionalRule;
  seats: number;
  /** V: valid votes (nominal + legenda) of every agremiação. */
  validVotes: number;
  /** V / S before rounding. */
  qeExact: ExactValue;
  /** CE art. 106: V / S, a fraction ≤ ½ dropped, > ½ rounded up. */
  qe: number;
  thresholds: {
    /** 10% of QE: minimum nominal votes for a QP seat (art. 108). */
    candidateQP: ExactValue;
    /** 20% of QE: minimum nominal votes for a phase-2 seat (art. 109 §2). */
    candidateMedia: ExactValue;
    /** 80% of QE: minimum agremiação votes for phase 2 (art. 109 §2). */
    agremiacao: ExactValue;
  };
  /** By votes, most voted first (ties by name). */
  agremiacoes: AgremiacaoResult[];
  elected: ElectedSeat[];
  unfilledSeats: number;
  ties: UnresolvedTie[];
  warnings: ProportionalWarning[];
}

// ---------------------------------------------------------------------------------------------------------------
// Arithmetic and display

/** CE art. 106: V / S, "desprezada a fração se igual ou inferior a meio, equivalente a um, se superior". */
export function quocienteEleitoral(validVotes: number, seats: number): number {
  if (!Number.isSafeInteger(validVotes) || validVotes < 0) throw new RangeError(`valid votes: ${validVotes}`);
  if (!Number.isSafeInteger(seats) || seats < 1) throw new RangeError(`seats: ${seats}`);
  const q = Math.floor(validVotes / seats);
  const r = validVotes - q * seats;
  return 2 * r > seats ? q + 1 : q;
}

/** Integer with pt-BR thousands separators: 1607520 → "1.607.520". */
export function formatIntBR(n: number): string {
  const s = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return n < 0 ? `-${s}` : s;
}

/** numerator/denominator in pt-BR, half-up to 2 decimals, no decimals when exact: 2600/3 → "866,67". */
export function formatDecimalBR(numerator: number, denominator: number): string {
  if (denominator <= 0) throw new RangeError(`denominator: ${denominator}`);
  if (numerator % denominator === 0) return formatIntBR(numerator / denominator);
  // Hundredths, half-up, on integers (numerator ≤ 10^15 / 200 in practice; see MAX_TOTAL_VOTES).
  const hundredths = Math.floor((numerator * 200 + denominator) / (2 * denominator));
  const int = Math.floor(hundredths / 100);
  const frac = hundredths - int * 100;
  return `${formatIntBR(int)},${String(frac).padStart(2, '0')}`;
}

function exact(numerator: number, denominator: number): ExactValue {
  return { numerator, denominator, display: formatDecimalBR(numerator, denominator) };
}

/** The party prefix of a candidate number: its first two digits (13123 → 13, 4343 → 43). */
export function partyOfCandidateNumber(number: number): number {
  return Number(String(number).slice(0, 2));
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date in YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

// ---------------------------------------------------------------------------------------------------------------
// Input checks (a programming-level guard; seats-input.ts reports the same problems for files)

/** Every problem with an input, as Problems located by JSON path. Empty when the input can be counted. */
export function proportionalInputProblems(input: ProportionalInput, file = '(input)'): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, expected: string, found: unknown) =>
    problems.push({ file, path, expected, found: typeof found === 'string' ? JSON.stringify(found) : String(found) });
  const isCount = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

  if (!Number.isSafeInteger(input.seats) || input.seats < 1 || input.seats > MAX_SEATS)
    add('seats', `an integer from 1 to ${MAX_SEATS}`, input.seats);
  if (input.agremiacoes.length === 0) add('agremiacoes', 'at least one agremiação', 'none');

  const agNames = new Map<string, number>();
  const partyNumbers = new Map<number, string>();
  const candidateNumbers = new Map<number, string>();
  const abbreviations = new Map<string, string>();
  let total = 0;
  input.agremiacoes.forEach((ag, i) => {
    const at = `agremiacoes[${i}]`;
    if (ag.name.trim() === '') add(`${at}.name`, 'a non-empty name', ag.name);
    const prev = agNames.get(ag.name);
    if (prev !== undefined) add(`${at}.name`, `a name not used by agremiacoes[${prev}]`, ag.name);
    else agNames.set(ag.name, i);
    if (ag.parties.length === 0) add(`${at}.parties`, 'at least one party', 'none');
    const numbers = new Set<number>();
    ag.parties.forEach((p, j) => {
      const pat = `${at}.parties[${j}]`;
      if (p.number === undefined && (p.abbreviation ?? '').trim() === '')
        add(pat, 'a party number or abbreviation', 'neither');
      if (p.abbreviation !== undefined && p.abbreviation.trim() !== '') {
        const key = p.abbreviation.trim().toUpperCase();
        const other = abbreviations.get(key);
        if (other !== undefined)
          add(`${pat}.abbreviation`, `an abbreviation not already used by ${other}`, p.abbreviation);
        else abbreviations.set(key, pat);
      }
      if (p.number !== undefined) {
        if (!Number.isInteger(p.number) || p.number < 10 || p.number > 99)
          add(`${pat}.number`, 'a party number from 10 to 99', p.number);
        const other = partyNumbers.get(p.number);
        if (other !== undefined) add(`${pat}.number`, `a party number not already used by ${other}`, p.number);
        else partyNumbers.set(p.number, pat);
        numbers.add(p.number);
      }
      if (!isCount(p.legenda)) add(`${pat}.legenda`, 'a whole number of votes ≥ 0', p.legenda);
      else total += p.legenda;
    });
    // The party prefix check needs every party's number; an input naming parties only by abbreviation skips it.
    const allNumbered = ag.parties.length > 0 && ag.parties.every((p) => p.number !== undefined);
    ag.candidates.forEach((c, j) => {
      const cat = `${at}.candidates[${j}]`;
      if (!Number.isSafeInteger(c.number) || c.number < 10) add(`${cat}.number`, 'a candidate number', c.number);
      else {
        const other = candidateNumbers.get(c.number);
        if (other !== undefined) add(`${cat}.number`, `a number not already used by ${other}`, c.number);
        else candidateNumbers.set(c.number, cat);
        const party = c.party ?? partyOfCandidateNumber(c.number);
        if (allNumbered && !numbers.has(party))
          add(
            c.party === undefined ? `${cat}.number` : `${cat}.party`,
            `a candidate of one of the agremiação's parties (${[...numbers].join(', ')})`,
            c.party === undefined ? `${c.number} (party ${party})` : c.party,
          );
      }
      if (c.name.trim() === '') add(`${cat}.name`, 'a non-empty name', c.name);
      if (!isCount(c.votes)) add(`${cat}.votes`, 'a whole number of votes ≥ 0', c.votes);
      else if (c.eligible !== false) total += c.votes;
      if (c.birthDate !== undefined && !isIsoDate(c.birthDate))
        add(`${cat}.birthDate`, 'a date YYYY-MM-DD', c.birthDate);
    });
  });
  if (total > MAX_TOTAL_VOTES) add('agremiacoes', `at most ${MAX_TOTAL_VOTES} votes in all`, total);
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// The count

interface Ranked {
  c: ProportionalCandidate;
  party: number;
}

interface Work {
  input: AgremiacaoInput;
  name: string;
  votes: number;
  nominal: number;
  legenda: number;
  /** Eligible candidates by votes, ties → oldest, then by number. Elected candidates are always a prefix. */
  ranked: Ranked[];
  seats: number;
  qp: number;
  qpSeats: number;
  /** Outcomes of the elected, in order of election. */
  electedOutcomes: CandidateOutcome[];
}

/**
 * Older first (CE art. 110). An unknown birth date sorts after every known one, so that the order is total and the
 * input order never matters; such a tie is reported as unresolved (ageUnresolved), never decided silently.
 */
export function birthOrder(a: { birthDate?: string }, b: { birthDate?: string }): number {
  const da = a.birthDate ?? '~';
  const db = b.birthDate ?? '~';
  return da < db ? -1 : da > db ? 1 : 0;
}

/** Age cannot decide between a and b: a birth date is missing, or both were born the same day. */
export function ageUnresolved(a: { birthDate?: string }, b: { birthDate?: string }): boolean {
  return a.birthDate === undefined || b.birthDate === undefined || a.birthDate === b.birthDate;
}

function rankCandidates(a: Ranked, b: Ranked): number {
  return b.c.votes - a.c.votes || birthOrder(a.c, b.c) || a.c.number - b.c.number;
}

/** Same média, same votes and same next-candidate votes: only age (or nothing) can separate them. */
function sameMediaVotesAndNext(a: Work, b: Work): boolean {
  return (
    a.votes * (b.seats + 1) === b.votes * (a.seats + 1) &&
    a.votes === b.votes &&
    a.ranked[a.seats]?.c.votes === b.ranked[b.seats]?.c.votes
  );
}

/**
 * Orders two agremiações competing for a média (negative: a first). ELECTION-RULES.md §2.2 step 7: larger média;
 * then more votes (TSE practice since Res. 16.844/1990); then the next candidate's votes; then the older next
 * candidate. Returns 0 when even that is tied (the caller breaks it by name and reports it).
 */
function compareMedia(a: Work, b: Work): number {
  const lhs = a.votes * (b.seats + 1);
  const rhs = b.votes * (a.seats + 1);
  if (lhs !== rhs) return rhs - lhs;
  if (a.votes !== b.votes) return b.votes - a.votes;
  const na = a.ranked[a.seats];
  const nb = b.ranked[b.seats];
  if (na === undefined || nb === undefined) return 0;
  if (na.c.votes !== nb.c.votes) return nb.c.votes - na.c.votes;
  return birthOrder(na.c, nb.c);
}

/** Parties by number, then (those named only by abbreviation) by abbreviation: the input order never matters. */
function partyOrder(a: ProportionalParty, b: ProportionalParty): number {
  const na = a.number ?? 100;
  const nb = b.number ?? 100;
  if (na !== nb) return na - nb;
  const aa = a.abbreviation ?? '';
  const ab = b.abbreviation ?? '';
  return aa < ab ? -1 : aa > ab ? 1 : 0;
}

function byName(a: Work, b: Work): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Distributes the seats of one proportional contest. Throws if the input is not countable (see
 * proportionalInputProblems); every legal outcome, including unresolved ties, is a value in the result.
 */
export function distributeSeats(input: ProportionalInput, options: ProportionalOptions = {}): ProportionalResult {
  const problems = proportionalInputProblems(input);
  if (problems.length > 0)
    throw new Error(
      `distributeSeats: invalid input:\n${problems.map((p) => `  ${p.path}: expected ${p.expected}, found ${p.found}`).join('\n')}`,
    );
  const rule = options.rule ?? 'stf-2024';
  const S = input.seats;
  const warnings: ProportionalWarning[] = [];
  const ties: UnresolvedTie[] = [];

  const work: Work[] = input.agremiacoes.map((ag) => {
    const legenda = ag.parties.reduce((s, p) => s + p.legenda, 0);
    const ranked = ag.candidates
      .filter((c) => c.eligible !== false)
      .map((c) => ({ c, party: c.party ?? partyOfCandidateNumber(c.number) }))
      .sort(rankCandidates);
    const nominal = ranked.reduce((s, r) => s + r.c.votes, 0);
    return {
      input: ag,
      name: ag.name,
      votes: nominal + legenda,
      nominal,
      legenda,
      ranked,
      seats: 0,
      qp: 0,
      qpSeats: 0,
      electedOutcomes: [],
    };
  });
  // Most voted first; ties by name so that the input order never matters.
  work.sort((a, b) => b.votes - a.votes || byName(a, b));

  const V = work.reduce((s, w) => s + w.votes, 0);
  const QE = quocienteEleitoral(V, S);
  // A candidate's outcome; status and order are set once known.
  const outcome = (c: ProportionalCandidate, party: number): CandidateOutcome => {
    const o: CandidateOutcome = {
      number: c.number,
      name: c.name,
      party,
      votes: c.votes,
      eligible: c.eligible !== false,
      status: 'nao-eleito',
    };
    if (c.birthDate !== undefined) o.birthDate = c.birthDate;
    return o;
  };
  const elected: ElectedSeat[] = [];
  // Thresholds, exact: x ≥ 10% QE ⟺ 10x ≥ QE; x ≥ 20% QE ⟺ 5x ≥ QE; V_a ≥ 80% QE ⟺ 5·V_a ≥ 4·QE.
  const meets10 = (votes: number) => 10 * votes >= QE;
  const meets20 = (votes: number) => 5 * votes >= QE;
  const meets80 = (w: Work) => 5 * w.votes >= 4 * QE;
  const next = (w: Work): Ranked | undefined => w.ranked[w.seats];

  const elect = (w: Work, phase: 1 | 2 | 3, media: ExactValue | null) => {
    const how: ElectedHow = phase === 1 ? 'QP' : phase === 2 ? 'media' : 'media-fase3';
    const r = w.ranked[w.seats]!;
    const seat = elected.length + 1;
    const candidate: CandidateOutcome = { ...outcome(r.c, r.party), status: 'eleito', how, seat };
    w.electedOutcomes.push(candidate);
    w.seats += 1;
    elected.push({ seat, phase, how, agremiacao: w.name, candidate, media });
  };

  /** The agremiação with the largest média in the pool; records a tie the law cannot break with this input. */
  const awardMedia = (pool: Work[], phase: 2 | 3) => {
    let best = pool[0]!;
    for (const w of pool.slice(1)) {
      const c = compareMedia(w, best);
      if (c < 0 || (c === 0 && byName(w, best) < 0)) best = w;
    }
    const tied = pool.filter(
      (w) => w !== best && sameMediaVotesAndNext(w, best) && ageUnresolved(next(w)!.c, next(best)!.c),
    );
    if (tied.length > 0) {
      const group = [best, ...tied].sort(byName);
      const nexts = group.map((w) => next(w)!.c);
      ties.push({
        kind: 'media',
        agremiacoes: group.map((w) => w.name),
        candidates: nexts.map((c) => c.number),
        seat: elected.length + 1,
        reason: nexts.some((c) => c.birthDate === undefined) ? 'birth-date-missing' : 'same-birth-date',
        decisive: true,
        resolvedBy: 'known-age-then-name',
      });
    }
    elect(best, phase, exact(best.votes, best.seats + 1));
  };

  if (V === 0) warnings.push({ code: 'no-valid-votes' });
  else {
    // Phase 1 (arts. 107–108): QP seats to candidates with ≥ 10% of the QE.
    if (QE === 0) warnings.push({ code: 'qe-zero' });
    else {
      for (const w of work) {
        w.qp = Math.floor(w.votes / QE);
        let k = 0;
        while (k < w.qp && k < w.ranked.length && meets10(w.ranked[k]!.c.votes)) k++;
        w.qpSeats = k;
      }
      const totalQP = work.reduce((s, w) => s + w.qpSeats, 0);
      if (totalQP > S) {
        // Only possible when V ≤ S(S+1)/2 (a tiny electorate): the law does not say which QP seats give way. We keep
        // the S QP seats with the largest médias (the same D'Hondt order the sobras use) and say so.
        warnings.push({ code: 'qp-exceeds-seats', qpSeats: totalQP });
        const cap = new Map(work.map((w) => [w, w.qpSeats]));
        for (const w of work) w.qpSeats = 0;
        for (let s = 0; s < S; s++) {
          const pool = work.filter((w) => w.qpSeats < cap.get(w)!);
          let best = pool[0]!;
          for (const w of pool.slice(1)) {
            const c = w.votes * (best.qpSeats + 1) - best.votes * (w.qpSeats + 1);
            if (c > 0 || (c === 0 && (w.votes > best.votes || (w.votes === best.votes && byName(w, best) < 0))))
              best = w;
          }
          best.qpSeats += 1;
        }
      }
      for (const w of work) for (let k = 0; k < w.qpSeats; k++) elect(w, 1, null);
    }

    // Phase 2 (art. 109 I–II, §2): agremiações with ≥ 80% of the QE whose next candidate has ≥ 20% of it. When no
    // agremiação reached the QE, this runs from zero seats (STF ADI 7228: CE art. 111 is unconstitutional).
    while (elected.length < S) {
      const pool = work.filter((w) => meets80(w) && next(w) !== undefined && meets20(next(w)!.c.votes));
      if (pool.length === 0) break;
      awardMedia(pool, 2);
    }

    // Phase 3 (art. 109 III): everyone with a candidate left (STF); the 2022 TSE rule kept the 80% test.
    let opened = rule === 'stf-2024';
    while (elected.length < S) {
      const withCandidate = work.filter((w) => next(w) !== undefined);
      let pool = opened ? withCandidate : withCandidate.filter(meets80);
      if (pool.length === 0 && !opened && withCandidate.length > 0) {
        // The 2022 text gives no answer when no agremiação with 80% has candidates left; the open phase is the one
        // the STF later required, so we use it and report it.
        opened = true;
        warnings.push({ code: 'tse-2022-phase3-opened', fromSeat: elected.length + 1 });
        pool = withCandidate;
      }
      if (pool.length === 0) break;
      awardMedia(pool, 3);
    }
  }
  const unfilledSeats = S - elected.length;
  if (unfilledSeats > 0 && V > 0) warnings.push({ code: 'unfilled-seats', seats: unfilledSeats });

  // Candidate ties that age could not break (CE art. 110), in agremiações where the order matters: who is elected,
  // or the order of suplentes (CE art. 112).
  for (const w of work) {
    if (w.seats === 0) continue;
    // Runs of equal votes: with a birth date missing the whole run is uncertain; otherwise only those born the same
    // day are. The ranking already puts equal votes next to each other, by birth date.
    const report = (first: number, last: number, reason: UnresolvedTie['reason']) =>
      ties.push({
        kind: 'candidates',
        agremiacoes: [w.name],
        candidates: w.ranked.slice(first, last + 1).map((r) => r.c.number),
        reason,
        decisive: first < w.seats && last >= w.seats,
        resolvedBy: 'known-age-then-number',
      });
    for (let i = 0; i < w.ranked.length;) {
      let j = i;
      while (j + 1 < w.ranked.length && w.ranked[j + 1]!.c.votes === w.ranked[i]!.c.votes) j++;
      if (j > i) {
        if (w.ranked.slice(i, j + 1).some((r) => r.c.birthDate === undefined)) report(i, j, 'birth-date-missing');
        else
          for (let k = i; k < j;) {
            let m = k;
            while (m + 1 <= j && w.ranked[m + 1]!.c.birthDate === w.ranked[k]!.c.birthDate) m++;
            if (m > k) report(k, m, 'same-birth-date');
            k = m + 1;
          }
      }
      i = j + 1;
    }
  }

  const agremiacoes: AgremiacaoResult[] = work.map((w) => {
    const rest = w.ranked.slice(w.seats).map((r) => outcome(r.c, r.party));
    const suplentes = w.seats > 0 ? rest : [];
    suplentes.forEach((o, k) => {
      o.status = 'suplente';
      o.suplenteOrder = k + 1;
    });
    const naoEleitos = w.seats > 0 ? [] : rest;
    const ineligible = w.input.candidates
      .filter((c) => c.eligible === false)
      .map((c) => outcome(c, c.party ?? partyOfCandidateNumber(c.number)))
      .sort((a, b) => b.votes - a.votes || a.number - b.number);
    return {
      name: w.name,
      parties: w.input.parties.map((p) => ({ ...p })).sort(partyOrder),
      nominalVotes: w.nominal,
      legendaVotes: w.legenda,
      votes: w.votes,
      qp: w.qp,
      qpSeats: w.qpSeats,
      seats: w.seats,
      reachesQE: QE > 0 && w.votes >= QE,
      reaches80: meets80(w),
      elected: w.electedOutcomes,
      suplentes,
      naoEleitos: [...naoEleitos, ...ineligible],
    };
  });

  return {
    rule,
    seats: S,
    validVotes: V,
    qeExact: exact(V, S),
    qe: QE,
    thresholds: { candidateQP: exact(QE, 10), candidateMedia: exact(QE, 5), agremiacao: exact(4 * QE, 5) },
    agremiacoes,
    elected,
    unfilledSeats,
    ties,
    warnings,
  };
}
