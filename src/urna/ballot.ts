// The voting screens as a state machine: one voter's pass through every office, key by key (ELECTION-RULES.md §3.3,
// whose table of outcomes this follows exactly). Pure: no I/O, no clock, no randomness.
//
// The Ballot is MUTABLE: pressKey changes it in place and returns the same object in `KeyResult.ballot`, because a
// São Paulo-sized simulation presses ~75 million keys and a copy per key would dominate. A refused key changes
// nothing. Hold on to `choicesOf()` / `currentScreen()` results, not to the ballot, if you need a past state
// (both return fresh objects); `cloneBallot` copies a ballot when a snapshot is really needed.
//
// Flow of one choice (one office, or one vaga of the Senate):
//   entry ── digit ──▶ entry … ── last digit ──▶ confirmation screen (candidato | legenda | inapto | nulo | repetido)
//   entry (empty) ── BRANCO ──▶ branco
//   entry (proportional, ≥ 2 digits typed) ── CONFIRMA ──▶ recorded: legenda (valid party) or nulo, typed digits kept
//   confirmation ── CONFIRMA ──▶ recorded, next vaga/office (or FIM);  ── CORRIGE ──▶ entry (empty), same vaga
//   office without candidates: semCandidato ── CONFIRMA ──▶ recorded as nuloCargoSemCandidato
import type { BallotCandidate, BallotOffice, BallotParty, Choice, Key } from './ballot-types.ts';
import type { RdvTipoVoto } from './model.ts';
import { buildScreen, officeTitle, type Screen, type ScreenKind } from './screens.ts';

/** Where the ballot is. Confirmation phases accept only CONFIRMA and CORRIGE. */
export type BallotPhase =
  'entry' | 'nominal' | 'legenda' | 'inapto' | 'nulo' | 'repetido' | 'branco' | 'semCandidato' | 'fim';

/** One voter's ballot in progress. Read it through the functions below; its fields are for debugging and tests. */
export interface Ballot {
  readonly offices: readonly BallotOffice[];
  /** Index of the current office in `offices` (= offices.length once finished). */
  readonly officeIndex: number;
  /** 0-based vaga within the current office. */
  readonly escolha: number;
  readonly phase: BallotPhase;
  /** Digits typed for the current choice. */
  readonly typed: string;
  /** The candidate shown on the current confirmation screen (nominal, inapto, repetido). */
  readonly candidate: BallotCandidate | undefined;
  /** Proportional offices: the valid party of the 2 typed prefix digits (undefined if invalid or not typed yet). */
  readonly party: BallotParty | undefined;
  readonly choices: readonly Choice[];
  /** Sum of quantidadeEscolhas over the offices ("Voto k de total"). */
  readonly totalEscolhas: number;
}

export interface KeyResult {
  /** The same (mutated) ballot. */
  ballot: Ballot;
  /** false = "Tecla indevida": beep, nothing changed. */
  accepted: boolean;
  /** true once the last office is confirmed (screen FIM). */
  finished: boolean;
  /** The choice this key confirmed, if it confirmed one (for the log's "Voto confirmado para [cargo]"). */
  confirmed: Choice | undefined;
}

class BallotState implements Ballot {
  officeIndex = 0;
  escolha = 0;
  phase: BallotPhase = 'entry';
  typed = '';
  /** Numeric value of `typed` (kept alongside so lookups need no parsing). */
  value = 0;
  candidate: BallotCandidate | undefined = undefined;
  party: BallotParty | undefined = undefined;
  choices: Choice[] = [];
  constructor(
    readonly offices: readonly BallotOffice[],
    readonly totalEscolhas: number,
  ) {}
}

/**
 * CORRIGE on an empty field. The brief allowed accepting it silently, but the TSE software refuses it like any key
 * that changes nothing (VOTA-decomp u08 §3, `EmiteEcoComInputField`: "CORRIGE on an empty field" → PlayKey(0),
 * "Tecla indevida pressionada"), so we refuse it. Either way nothing changes.
 */
const CORRIGE_ON_EMPTY_ACCEPTED = false;

const DIGITS: readonly Key[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const KEYS_EMPTY: readonly Key[] = Object.freeze(
  (CORRIGE_ON_EMPTY_ACCEPTED ? [...DIGITS, 'BRANCO', 'CORRIGE'] : [...DIGITS, 'BRANCO']) as Key[],
);
const KEYS_TYPING: readonly Key[] = Object.freeze([...DIGITS, 'CORRIGE'] as Key[]);
const KEYS_TYPING_CONFIRMABLE: readonly Key[] = Object.freeze([...DIGITS, 'CORRIGE', 'CONFIRMA'] as Key[]);
const KEYS_CONFIRMATION: readonly Key[] = Object.freeze(['CORRIGE', 'CONFIRMA'] as Key[]);
const KEYS_CONFIRMA: readonly Key[] = Object.freeze(['CONFIRMA'] as Key[]);
const KEYS_NONE: readonly Key[] = Object.freeze([] as Key[]);

/** The RDV vote type each confirmation phase records. */
const TIPO_OF_PHASE: Readonly<Record<Exclude<BallotPhase, 'entry' | 'fim'>, RdvTipoVoto>> = {
  nominal: 'nominal',
  legenda: 'legenda',
  inapto: 'nulo',
  nulo: 'nulo',
  repetido: 'nuloPorRepeticao',
  branco: 'branco',
  semCandidato: 'nuloCargoSemCandidato',
};

/** Offices already checked, with their total of choices (the same array is reused for every voter of a seção). */
const checkedOffices = new WeakMap<readonly BallotOffice[], number>();

function checkOffices(offices: readonly BallotOffice[]): number {
  const known = checkedOffices.get(offices);
  if (known !== undefined) return known;
  let total = 0;
  offices.forEach((o, i) => {
    const where = `ballot office [${i}] (${o.name}, cargo ${o.codigoCargo})`;
    // The RDV's digitacao is NumericString(1..5) (TSE-FORMATS.md §4); a party prefix needs 2 digits.
    const minDigits = o.system === 'proportional' ? 2 : 1;
    if (!Number.isInteger(o.digits) || o.digits < minDigits || o.digits > 5) {
      throw new Error(`${where}: expected digits an integer ${minDigits}..5, found ${o.digits}`);
    }
    if (!Number.isInteger(o.quantidadeEscolhas) || o.quantidadeEscolhas < 1) {
      throw new Error(`${where}: expected quantidadeEscolhas an integer ≥ 1, found ${o.quantidadeEscolhas}`);
    }
    total += o.quantidadeEscolhas;
  });
  checkedOffices.set(offices, total);
  return total;
}

/** Enters the first screen of the current choice (or FIM). */
function enterChoice(b: BallotState): void {
  b.typed = '';
  b.value = 0;
  b.candidate = undefined;
  b.party = undefined;
  const office = b.offices[b.officeIndex];
  if (office === undefined) b.phase = 'fim';
  else b.phase = office.candidates.size === 0 ? 'semCandidato' : 'entry';
}

/** A new ballot at the first screen of the first office. Offices are voted in the order of the array. */
export function startBallot(offices: readonly BallotOffice[]): Ballot {
  const b = new BallotState(offices, checkOffices(offices));
  enterChoice(b);
  return b;
}

/** A deep-enough copy (choices are immutable values and are shared). */
export function cloneBallot(ballot: Ballot): Ballot {
  const src = ballot as BallotState;
  const b = new BallotState(src.offices, src.totalEscolhas);
  b.officeIndex = src.officeIndex;
  b.escolha = src.escolha;
  b.phase = src.phase;
  b.typed = src.typed;
  b.value = src.value;
  b.candidate = src.candidate;
  b.party = src.party;
  b.choices = src.choices.slice();
  return b;
}

function result(b: BallotState, accepted: boolean, confirmed?: Choice): KeyResult {
  return { ballot: b, accepted, finished: b.phase === 'fim', confirmed };
}

/** Was a nominal vote for this number already confirmed for another vaga of the same cargo? */
function isRepeated(b: BallotState, office: BallotOffice): boolean {
  for (let i = b.choices.length - 1; i >= 0; i--) {
    const c = b.choices[i]!;
    if (
      c.codigoCargo === office.codigoCargo &&
      c.idEleicao === office.idEleicao &&
      c.tipoVoto === 'nominal' &&
      c.digitacao === b.typed
    ) {
      return true;
    }
  }
  return false;
}

/** The number is complete: pick the confirmation screen (ELECTION-RULES.md §3.3 table). */
function resolveComplete(b: BallotState, office: BallotOffice): void {
  const c = office.candidates.get(b.value);
  if (office.system === 'majority') {
    // No legenda for majority offices: a missing or unfit candidate is a null vote (CMajoritarioNulo).
    if (c === undefined || !c.fit) b.phase = 'nulo';
    else if (isRepeated(b, office)) {
      b.phase = 'repetido';
      b.candidate = c;
    } else {
      b.phase = 'nominal';
      b.candidate = c;
    }
    return;
  }
  // Proportional. The party prefix was judged at the 2nd digit, as the urna does (CPedeNominal / CPedeNulo): with
  // an invalid prefix only an unfit candidate gets its own screen, everything else is NÚMERO ERRADO.
  if (c !== undefined && !c.fit) {
    b.phase = 'inapto';
    b.candidate = c;
  } else if (b.party === undefined) b.phase = 'nulo';
  else if (c === undefined)
    b.phase = 'legenda'; // valid party, no such candidate: the vote goes to the party
  else {
    b.phase = 'nominal';
    b.candidate = c;
  }
}

/** Records the current choice and moves to the next vaga / office / FIM. */
function confirm(b: BallotState, tipoVoto: RdvTipoVoto, digitacao: string | undefined): KeyResult {
  const office = b.offices[b.officeIndex]!;
  const choice: Choice =
    digitacao === undefined
      ? { idEleicao: office.idEleicao, codigoCargo: office.codigoCargo, tipoVoto }
      : { idEleicao: office.idEleicao, codigoCargo: office.codigoCargo, tipoVoto, digitacao };
  b.choices.push(choice);
  if (b.escolha + 1 < office.quantidadeEscolhas) b.escolha++;
  else {
    b.officeIndex++;
    b.escolha = 0;
  }
  enterChoice(b);
  return result(b, true, choice);
}

function entryKey(b: BallotState, key: Key): KeyResult {
  const office = b.offices[b.officeIndex]!;
  const n = b.typed.length;
  if (key.length === 1) {
    // A digit. The field never holds a complete number in 'entry' (completion moves to a confirmation screen).
    b.typed += key;
    b.value = b.value * 10 + (key.charCodeAt(0) - 48);
    if (office.system === 'proportional' && n + 1 === 2) b.party = office.parties.get(b.value);
    if (n + 1 === office.digits) resolveComplete(b, office);
    return result(b, true);
  }
  switch (key) {
    case 'BRANCO':
      if (n > 0) return result(b, false); // BRANCO only with an empty field
      b.phase = 'branco';
      return result(b, true);
    case 'CORRIGE':
      if (n === 0 && !CORRIGE_ON_EMPTY_ACCEPTED) return result(b, false);
      enterChoice(b);
      return result(b, true);
    case 'CONFIRMA':
      // Before the number is complete only a proportional office with its 2 party digits in takes CONFIRMA: a
      // legenda vote for a valid party, else a null vote, both with the digits typed so far (the real RDVs keep
      // e.g. legenda "454" for a 4-digit office and nulo "096" for a 5-digit one; TSE-FORMATS.md §4 / samples).
      if (office.system !== 'proportional' || n < 2) return result(b, false);
      return confirm(b, b.party ? 'legenda' : 'nulo', b.typed);
  }
  return result(b, false);
}

/** Presses one key. Never throws; a key that does nothing here is refused (accepted=false) and changes nothing. */
export function pressKey(ballot: Ballot, key: Key): KeyResult {
  const b = ballot as BallotState;
  switch (b.phase) {
    case 'entry':
      return entryKey(b, key);
    case 'fim':
      return result(b, false);
    case 'semCandidato':
      return key === 'CONFIRMA' ? confirm(b, 'nuloCargoSemCandidato', undefined) : result(b, false);
    default:
      if (key === 'CONFIRMA') {
        return confirm(b, TIPO_OF_PHASE[b.phase], b.phase === 'branco' ? undefined : b.typed);
      }
      if (key === 'CORRIGE') {
        enterChoice(b);
        return result(b, true);
      }
      return result(b, false);
  }
}

/** Keys that do something now (cheap: shared frozen arrays, no screen built). */
export function acceptedKeys(ballot: Ballot): readonly Key[] {
  const b = ballot as BallotState;
  switch (b.phase) {
    case 'entry': {
      const n = b.typed.length;
      if (n === 0) return KEYS_EMPTY;
      const office = b.offices[b.officeIndex]!;
      return office.system === 'proportional' && n >= 2 ? KEYS_TYPING_CONFIRMABLE : KEYS_TYPING;
    }
    case 'fim':
      return KEYS_NONE;
    case 'semCandidato':
      return KEYS_CONFIRMA;
    default:
      return KEYS_CONFIRMATION;
  }
}

function screenKind(b: BallotState): ScreenKind {
  switch (b.phase) {
    case 'entry': {
      const office = b.offices[b.officeIndex]!;
      if (office.system === 'proportional' && b.typed.length >= 2) return b.party ? 'partido' : 'numeroErrado';
      return 'digitos';
    }
    case 'nominal':
      return 'candidato';
    default:
      return b.phase;
  }
}

/** What to show now (data; see screens.ts). */
export function currentScreen(ballot: Ballot): Screen {
  const b = ballot as BallotState;
  const finished = b.phase === 'fim';
  return buildScreen({
    kind: screenKind(b),
    office: b.offices[b.officeIndex],
    escolha: b.escolha + 1,
    typed: b.typed,
    candidate: b.candidate,
    party: b.party,
    acceptedKeys: acceptedKeys(b),
    vote: finished ? 0 : b.choices.length + 1,
    of: b.totalEscolhas,
  });
}

/** The confirmed choices so far, in ballot order (all of them once finished). A fresh array. */
export function choicesOf(ballot: Ballot): Choice[] {
  return (ballot as BallotState).choices.slice();
}

/** The office being voted now; undefined once finished. */
export function currentOffice(ballot: Ballot): BallotOffice | undefined {
  return ballot.offices[ballot.officeIndex];
}

/** 1-based vaga of the current office (2 on the Senate's 2nd screen); 0 once finished. */
export function currentEscolha(ballot: Ballot): number {
  return ballot.phase === 'fim' ? 0 : ballot.escolha + 1;
}

/** "Senador 1ª vaga" — for the mesário terminal's "VOTANDO PARA: …"; undefined once finished. */
export function currentOfficeTitle(ballot: Ballot): string | undefined {
  const office = currentOffice(ballot);
  return office && officeTitle(office, ballot.escolha + 1);
}

export function isFinished(ballot: Ballot): boolean {
  return ballot.phase === 'fim';
}
