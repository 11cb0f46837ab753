// How a simulated voter uses the keypad: what they mean to vote for each office, and the keys they press to do it
// (with the occasional CORRIGE). Seeded, so a seed reproduces the same election. The weights are plausible, not
// measured: most votes nominal with a few popular candidates, some legenda, branco and nulo.
import type { Random } from '../crypto/random.ts';
import type { BallotOffice, Key } from '../urna/ballot-types.ts';

export interface VoterProfile {
  /** Probabilities for each office kind; the rest is nominal. */
  branco: number;
  nulo: number;
  /** Proportional offices only: party number then CONFIRMA. */
  legenda: number;
  /** Chance of typing a wrong digit first and pressing CORRIGE. */
  corrige: number;
}

export const DEFAULT_PROFILE: VoterProfile = { branco: 0.03, nulo: 0.04, legenda: 0.05, corrige: 0.02 };

/** Per office, candidate numbers with cumulative popularity weights (Zipf-like), computed once per seção layout. */
export interface OfficePreferences {
  numbers: number[];
  cumulative: Float64Array;
  parties: number[];
}

export function officePreferences(office: BallotOffice, random: Random): OfficePreferences {
  // Popularity follows a shuffled order (not the number order), weighted 1/rank; unfit candidates (inaptos) come
  // last, so few voters type their numbers (those votes are null).
  const all = [...office.candidates.values()].sort((a, b) => a.number - b.number);
  const shuffle = (xs: number[]): number[] => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = random.int(i + 1);
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  };
  const fit = shuffle(all.filter((c) => c.fit).map((c) => c.number));
  const numbers = [...fit, ...shuffle(all.filter((c) => !c.fit).map((c) => c.number))];
  const cumulative = new Float64Array(numbers.length);
  let acc = 0;
  for (let i = 0; i < numbers.length; i++) {
    acc += (i < fit.length ? 1 : 0.05) / (i + 1);
    cumulative[i] = acc;
  }
  return { numbers, cumulative, parties: [...office.parties.keys()] };
}

function pick(prefs: OfficePreferences, random: Random): number | undefined {
  const n = prefs.numbers.length;
  if (n === 0) return undefined;
  const x = (random.int(1 << 30) / (1 << 30)) * prefs.cumulative[n - 1]!;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (prefs.cumulative[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return prefs.numbers[lo];
}

function digitsOf(n: number, width: number): Key[] {
  return String(n).padStart(width, '0').split('') as Key[];
}

/** Appends to `out` the keys one voter presses for one choice of one office. */
export function keysForChoice(
  office: BallotOffice,
  prefs: OfficePreferences,
  profile: VoterProfile,
  random: Random,
  out: Key[],
): void {
  // An office without candidates shows "cargo sem candidato" and takes only CONFIRMA.
  if (office.candidates.size === 0) {
    out.push('CONFIRMA');
    return;
  }
  const r = random.int(1_000_000) / 1_000_000;
  if (random.int(1_000_000) / 1_000_000 < profile.corrige) {
    out.push(digitsOf(random.int(10), 1)[0]!, 'CORRIGE');
  }
  if (r < profile.branco) {
    out.push('BRANCO', 'CONFIRMA');
    return;
  }
  if (r < profile.branco + profile.nulo) {
    // Zeros: party numbers start at 10, so this is never a party or a candidate — a null vote.
    out.push(...digitsOf(0, office.digits), 'CONFIRMA');
    return;
  }
  if (
    office.system === 'proportional' &&
    prefs.parties.length > 0 &&
    r < profile.branco + profile.nulo + profile.legenda
  ) {
    out.push(...digitsOf(prefs.parties[random.int(prefs.parties.length)]!, 2), 'CONFIRMA');
    return;
  }
  const n = pick(prefs, random);
  if (n === undefined) {
    out.push('BRANCO', 'CONFIRMA');
    return;
  }
  out.push(...digitsOf(n, office.digits), 'CONFIRMA');
}

/** Every key one voter presses for the whole ballot. */
export function keysForVoter(
  offices: readonly BallotOffice[],
  prefs: readonly OfficePreferences[],
  profile: VoterProfile,
  random: Random,
): Key[] {
  const out: Key[] = [];
  offices.forEach((office, i) => {
    for (let k = 0; k < office.quantidadeEscolhas; k++) keysForChoice(office, prefs[i]!, profile, random, out);
  });
  return out;
}
