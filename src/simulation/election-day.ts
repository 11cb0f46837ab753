// One seção's election day, simulated end to end with the real parts: the carga is built and signed by the
// election key, checked by the urna (openCarga), the zerésima printed, the urna opened at the opening hour, every
// voter identified at the mesário terminal (fingerprint, or year of birth) and typing on the keypad, the urna
// closed at the closing hour, and the BU signed. Seeded, so a seed reproduces the same seção.
import { seededRandom, type Random } from '../crypto/random.ts';
import type { Signer } from '../crypto/ed25519.ts';
import type { ElectionDefinition, Voter } from '../election/definition.ts';
import type { SecaoInfo } from '../election/lookup.ts';
import { buildCarga, cargaFileText, openCarga, type CargaIndex } from '../media/carga.ts';
import type { CargaContent } from '../media/carga-types.ts';
import { MesarioTerminal } from '../terminal/terminal.ts';
import { ManualClock, ZonedFormatter } from '../urna/clock.ts';
import { loadUrna, type ResultsPackage, type Urna } from '../urna/urna.ts';
import type { Outcome } from '../urna/outcome.ts';
import { DEFAULT_PROFILE, keysForVoter, officePreferences, type VoterProfile } from './voter-behaviour.ts';

export interface TurnoutProfile extends VoterProfile {
  /** Share of the roll that comes to vote. */
  turnout: number;
  /** Chance that one fingerprint attempt fails. */
  fingerprintFailure: number;
}

export const DEFAULT_TURNOUT: TurnoutProfile = { ...DEFAULT_PROFILE, turnout: 0.8, fingerprintFailure: 0.15 };

export interface ElectionDayInput {
  def: ElectionDefinition;
  index: CargaIndex;
  secao: SecaoInfo;
  /** The seção's caderno when the index does not list voters (synthetic elections). */
  voters?: readonly Voter[];
  electionSigner: Signer;
  numeroInternoUrna: number;
  seed: string;
  profile?: TurnoutProfile;
  /** Called after every confirmed voter (e.g. to persist the urna's memory). */
  afterVoter?: (urna: Urna) => void;
}

export interface ElectionDayResult {
  carga: CargaContent;
  urna: Urna;
  cargaText: string;
  results: ResultsPackage;
  /** Voters who came and finished their vote. */
  voted: number;
  keysPressed: number;
}

function must<T>(outcome: Outcome<T>, what: string): T {
  if (!outcome.ok) throw new Error(`${what}: ${outcome.error.message} (${outcome.error.code})`);
  return outcome.value;
}

/** Builds, signs and checks the carga of one seção, then runs its election day. */
export function simulateElectionDay(input: ElectionDayInput): ElectionDayResult {
  const { def, secao } = input;
  const random: Random = seededRandom(`${input.seed}|${secao.key}`);
  const fmt = new ZonedFormatter(def.timezone);
  const cargaTime = fmt.instant(def.date, '06:30:00');

  // TSE: the carga is prepared days before; the urna checks it against the election key it was installed with.
  const { file } = buildCarga(def, input.index, secao, {
    electionSigner: input.electionSigner,
    random,
    clock: () => cargaTime,
    numeroInternoUrna: input.numeroInternoUrna,
    ...(input.voters ? { voters: input.voters } : {}),
  });
  const cargaText = cargaFileText(file);
  const opened = openCarga(cargaText, `carga ${secao.key}`, {
    electionPublicKey: input.electionSigner.publicKey,
    pleito: def.pleito,
    secao,
  });
  if (!opened.ok) throw new Error(`carga of ${secao.key} refused: ${JSON.stringify(opened.problems)}`);
  return {
    ...runElectionDay(opened.value, {
      random,
      ...(input.profile ? { profile: input.profile } : {}),
      ...(input.afterVoter ? { afterVoter: input.afterVoter } : {}),
    }),
    cargaText,
  };
}

export interface RunOptions {
  random: Random;
  profile?: TurnoutProfile;
  /** Called after every confirmed voter (e.g. to persist the urna's memory). */
  afterVoter?: (urna: Urna) => void;
}

/**
 * The election day of an urna loaded with a checked carga: zerésima at 07:00, opening at the opening hour, voters
 * identified and voting, closing at the closing hour. Throws only on a bug: every refusal here would be one.
 */
export function runElectionDay(carga: CargaContent, opts: RunOptions): Omit<ElectionDayResult, 'cargaText'> {
  const { random } = opts;
  const profile = opts.profile ?? DEFAULT_TURNOUT;
  const election = carga.election;
  const fmt = new ZonedFormatter(election.timezone);
  const clock = new ManualClock(fmt.instant(election.date, '07:00:00'));
  const urna = loadUrna(carga, { clock, random });
  const terminal = new MesarioTerminal(urna);
  must(urna.zeresima(), 'zerésima');
  clock.set(fmt.instant(election.date, election.hours.open));
  must(urna.open(), 'abertura');
  opts.afterVoter?.(urna);

  const prefs = urna.offices.map((o) => officePreferences(o, random));
  let voted = 0;
  let keysPressed = 0;
  for (const voter of carga.voters) {
    if (random.int(1_000_000) >= profile.turnout * 1_000_000) continue;
    let status = must(terminal.identify(voter.titulo), `identificação ${voter.titulo}`);
    while (status.step === 'fingerprint') {
      status = must(terminal.fingerprint(random.int(1000) >= profile.fingerprintFailure * 1000), 'biometria');
    }
    if (status.step === 'yearOfBirth') {
      must(terminal.yearOfBirth(voter.birthDate.slice(0, 4)), 'ano de nascimento');
    }
    const keys = keysForVoter(urna.offices, prefs, profile, random);
    let finished = false;
    for (const key of keys) {
      const outcome = must(urna.pressKey(key), `tecla ${key}`);
      keysPressed++;
      if (!outcome.accepted) throw new Error(`key ${key} refused for voter ${voter.titulo}`);
      finished = outcome.finished;
    }
    if (!finished) throw new Error(`voter ${voter.titulo} did not finish after ${keys.length} keys`);
    voted++;
    opts.afterVoter?.(urna);
  }
  clock.set(fmt.instant(election.date, election.hours.close));
  const results = must(terminal.close(true), 'encerramento');
  opts.afterVoter?.(urna);
  return { carga, results, voted, keysPressed, urna };
}
