// The contract between the voting screens (ballot.ts), the RDV (rdv.ts) and the urna (urna.ts).
// A ballot is one voter's pass through every office, key by key; each screen is data, so the terminal UI and the
// browser render the same thing.
import type { RdvTipoVoto } from './model.ts';

export type Key = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | 'BRANCO' | 'CORRIGE' | 'CONFIRMA';
export const KEYS: readonly Key[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'BRANCO', 'CORRIGE', 'CONFIRMA'];

export interface BallotRunningMate {
  label: string; // "Vice-Prefeito", "1º Suplente", "2º Suplente"
  ballotName: string;
}

export interface BallotCandidate {
  number: number;
  ballotName: string;
  party: number;
  fit: boolean;
  runningMates: BallotRunningMate[];
}

export interface BallotParty {
  number: number;
  abbreviation: string;
  name: string;
}

/** One screen sequence of the ballot: an office, or one vaga of a multi-seat majority office (Senate 1ª/2ª vaga). */
export interface BallotOffice {
  idEleicao: number;
  codigoCargo: number;
  /** "Vereador", "Prefeito", "Senador"… */
  name: string;
  digits: number;
  system: 'majority' | 'proportional';
  /** How many choices the voter makes for this office (Senate with 2 seats: 2). */
  quantidadeEscolhas: number;
  candidates: ReadonlyMap<number, BallotCandidate>;
  /** Parties running candidates for this office: shown on the screens; legenda votes only if proportional. */
  parties: ReadonlyMap<number, BallotParty>;
}

/** A confirmed choice, as it goes into the RDV. */
export interface Choice {
  idEleicao: number;
  codigoCargo: number;
  tipoVoto: RdvTipoVoto;
  /** The typed digits; absent for branco. */
  digitacao?: string;
}
