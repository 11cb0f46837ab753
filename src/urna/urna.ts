// The urna: a pure state machine (ARCHITECTURE "urna/"), no I/O of its own; clock and randomness injected.
//
//   carregada ──zeresima()──▶ zeresima-emitida ──open()──▶ aberta ──close()──▶ encerrada
//                                                            │
//                        idle ◀──────────────────────────────┤ identify(título) → fingerprint()… / yearOfBirth()…
//                          ▲                                 ▼        (the mesário terminal drives these)
//                          └── vote confirmed / cancelled ── voting: pressKey() on the urna's keypad
//
// Ballot secrecy (ARCHITECTURE decision 4): the RDV stores each voter's choices in a random row; who voted is a
// bitmap indexed by the voter's position in the caderno (sorted by título), so nothing keeps the order of voters;
// the log's vote line has no time and no identity. A confirmed vote goes into the RDV and its voter into the
// bitmap in the same step, so a snapshot never holds one without the other.
//
// Cancelling a voter who has not finished (cancelCurrentVoter) discards the partial ballot entirely: nothing of it
// is counted and the voter may come back and vote. The TSE's "votou parcialmente" suspension (confirmed offices
// counted, the rest recorded as nulo/branco "após suspensão") is out of scope.
//
// The TSE terminal also refuses new identifications after the closing time when nobody has voted yet or the last
// vote was 300 s ago (ELECTION-RULES.md §5.1). Not implemented: it needs the time of the last vote, which this urna
// deliberately does not keep; closing is the mesário's decision (close(queueDone)).
import type { Signer } from '../crypto/ed25519.ts';
import { signer as makeSigner } from '../crypto/ed25519.ts';
import { fromHex, toHex } from '../crypto/hash.ts';
import type { Random } from '../crypto/random.ts';
import type { Voter } from '../election/definition.ts';
import type { Problem, Result } from '../election/problem.ts';
import { isValidTitulo } from '../election/titulo.ts';
import type { CargaContent } from '../media/carga-types.ts';
import {
  choicesOf,
  currentOfficeTitle,
  currentScreen,
  pressKey as ballotPressKey,
  startBallot,
  type Ballot,
} from './ballot.ts';
import { ballotOfficesFor } from './ballot-offices.ts';
import type { BallotOffice, Key } from './ballot-types.ts';
import { buildBu, URNA_SOFTWARE_VERSION, urnaBlock, identificacaoSecao, type AttendanceCounts } from './bu.ts';
import { brDate, ZonedFormatter, type Clock } from './clock.ts';
import { UrnaLog } from './log.ts';
import type { BoletimUrna, EntidadeResultadoRDV } from './model.ts';
import { OK_VOID, ok, refuse, type Outcome } from './outcome.ts';
import { lazySignedReport, printSigned, type SignedReport } from './printer.ts';
import { Rdv, type RdvSnapshot } from './rdv.ts';
import {
  bimText,
  biograficaText,
  BU_OBLIGATORY_COPIES,
  buCopies,
  buText,
  bujText,
  type Justificativa,
  type Mesario,
  type MesariosRegistry,
} from './reports.ts';
import { zeresimaReport } from './zeresima.ts';

export type UrnaState = 'carregada' | 'zeresima-emitida' | 'aberta' | 'encerrada';

/**
 * How a voter was released (TSE V2 detalhamentoComparecimento): a matching fingerprint; year of birth after every
 * fingerprint attempt failed (these voters are also listed in the relatório de habilitação biográfica); year of
 * birth for a voter without registered fingerprints.
 */
export type ReleaseType = 'biometria' | 'biografia' | 'semBiometria';

/** Fingerprint attempts before the year of birth is asked (Res. 23.611 art. 97; the TSE database allows 0–4). */
export const MAX_FINGERPRINT_ATTEMPTS = 4;
/** Year-of-birth attempts: a wrong year may be typed once more, then the voter is sent to the Justiça Eleitoral. */
export const MAX_YEAR_ATTEMPTS = 2;
/**
 * After the closing time, identifications go on only while the queue moves: refused when nobody has voted yet or
 * the last vote is this old (ELECTION-RULES §5.1, `VotacaoBloqueadaPorHorario`; never in training mode).
 */
export const LATE_QUEUE_GAP_MS = 300_000;
/** Bound on additional BU copies at closing (the TSE software bounds it by a parameter). */
export const MAX_EXTRA_BU_COPIES = 10;

export interface UrnaDeps {
  clock: Clock;
  random: Random;
}

export interface UrnaOptions {
  /** Overrides of the carga's election date (YYYY-MM-DD) and hours (HH:MM), e.g. for a demo run today. */
  date?: string;
  open?: string;
  close?: string;
  /** Earliest time of the zerésima on the election date; default 07:00 (the mesa meets at 7h, §5.1). */
  zeresimaFrom?: string;
  /** false: ignore date and hours entirely (training, demos). Default true. */
  enforceSchedule?: boolean;
  /** `versaoVotacao` written into the BU and RDV. */
  versaoVotacao?: string;
}

export type IdentificationStep = 'fingerprint' | 'yearOfBirth' | 'voting';

/** What the mesário terminal shows about the voter being identified or voting. */
export interface VoterStatus {
  titulo: string;
  name: string;
  /** Position in the caderno de votação (1-based), "Seq" on the terminal. */
  seq: number;
  biometrics: boolean;
  step: IdentificationStep;
  fingerprintFailures: number;
  yearFailures: number;
  release?: ReleaseType;
  /** While voting: the office on the urna's screen ("VOTANDO PARA: …"). */
  votingFor?: string;
}

export interface UrnaCounts {
  aptos: number;
  /** Voters whose vote was confirmed. */
  compareceram: number;
  faltosos: number;
  porBiometria: number;
  porBiografia: number;
  semBiometria: number;
  justificativas: number;
  /** A voter is identified or voting right now. */
  ocupada: boolean;
}

export interface KeyOutcome {
  /** false: "Tecla indevida" — the urna beeps, nothing changed. */
  accepted: boolean;
  /** The voter's last office was confirmed: the vote is stored and the urna is free for the next voter. */
  finished: boolean;
}

export interface PrintedReports {
  zeresima: string;
  /** The BU copies: 5 obligatory + the extra ones asked for at closing, each marked "via k/n". */
  bu: string[];
  buj: string;
  bim: string;
  biografica: string;
}

/** What close() hands to the results media (written to disk with the TSE names by src/media). */
export interface ResultsPackage {
  bu: BoletimUrna;
  rdv: EntidadeResultadoRDV;
  /** TAB-separated log lines (log.ts). */
  log: string[];
  /** Laid out, hashed and signed on first read (a property getter), then kept. */
  reports: PrintedReports;
  /** The same reports as signed objects (body, SHA-512, signature; each computed on first read), to verify or re-print. */
  signedReports: {
    zeresima: SignedReport;
    bu: SignedReport;
    buj: SignedReport;
    bim: SignedReport;
    biografica: SignedReport;
  };
}

export const URNA_SNAPSHOT_FORMAT = 'urna-snapshot/1';

/** The urna's memory, JSON-serialisable, for power-loss persistence. A voter in the booth is not part of it. */
export interface UrnaSnapshot {
  format: typeof URNA_SNAPSHOT_FORMAT;
  codigoCarga: string;
  state: UrnaState;
  /** ISO instants. */
  zeresimaAt?: string;
  openedAt?: string;
  closedAt?: string;
  /**
   * The time of the latest vote, overwritten by each vote: the 300 s rule after closing time needs it. It names no
   * voter and no vote (the RDV rows are random, the bitmap has no order).
   */
  lastVoteAt?: string;
  /** SHA-512 of the zerésima as printed (hex): on restore the zerésima is re-generated and must match. */
  zeresimaSha512?: string;
  /** Bitmap over the caderno (bit i = voter i voted), hex. No order of voting can be read from it. */
  voted: string;
  /** Bitmap of the voters released by year of birth after failed fingerprints (habilitação biográfica), hex. */
  biografica: string;
  released: Record<ReleaseType, number>;
  extraBuCopies: number;
  rdv: RdvSnapshot;
  log: string[];
  mesarios: MesariosRegistry;
  /** Sorted by título. */
  justificativas: Justificativa[];
}

interface Session {
  voter: number;
  step: IdentificationStep;
  fingerprintFailures: number;
  yearFailures: number;
  release?: ReleaseType;
  ballot?: Ballot;
}

/** A título as typed: digits, optionally grouped with spaces, dots or hyphens (`1234 5678 9012`). */
export function normalizeTitulo(input: string): string {
  return input.replace(/[\s.-]/g, '');
}

// Key presses are the hottest path of a simulation (~75 million in São Paulo): answer with shared frozen values.
const keyOutcome = (accepted: boolean, finished: boolean): Outcome<KeyOutcome> =>
  Object.freeze<Outcome<KeyOutcome>>({ ok: true, value: Object.freeze({ accepted, finished }) });
const KEY_REFUSED = keyOutcome(false, false);
const KEY_ACCEPTED = keyOutcome(true, false);
const KEY_FINISHED = keyOutcome(true, true);

const popcount = (bits: Uint8Array): number => {
  let n = 0;
  for (let b of bits) {
    while (b) {
      n += b & 1;
      b >>= 1;
    }
  }
  return n;
};
const hasBit = (bits: Uint8Array, i: number): boolean => ((bits[i >> 3] ?? 0) & (1 << (i & 7))) !== 0;
const setBit = (bits: Uint8Array, i: number): void => {
  bits[i >> 3] = (bits[i >> 3] ?? 0) | (1 << (i & 7));
};

function hhmm(time: string): string {
  return /^\d{2}:\d{2}$/.test(time) ? `${time}:00` : time;
}

export class Urna {
  readonly carga: CargaContent;
  readonly offices: readonly BallotOffice[];
  readonly #clock: Clock;
  readonly #random: Random;
  readonly #fmt: ZonedFormatter;
  readonly #signer: Signer;
  readonly #schedule: { date: string; zeresimaFrom: string; open: string; close: string; enforce: boolean };
  readonly #version: string;
  readonly #voterIndex: Map<string, number>;
  readonly #voters: readonly Voter[];

  #state: UrnaState = 'carregada';
  #zeresima: SignedReport | undefined;
  #zeresimaAt: Date | undefined;
  #openedAt: Date | undefined;
  #closedAt: Date | undefined;
  #lastVoteAt: Date | undefined;
  #voted: Uint8Array;
  #biografica: Uint8Array;
  #released: Record<ReleaseType, number> = { biometria: 0, biografia: 0, semBiometria: 0 };
  #rdv: Rdv;
  #log: UrnaLog;
  #mesarios: MesariosRegistry = { abertura: [], encerramento: [] };
  #justificativas = new Map<string, string>();
  #extraBuCopies = 0;
  #session: Session | undefined;
  #package: ResultsPackage | undefined;

  /** Use loadUrna / restoreUrna. */
  constructor(carga: CargaContent, deps: UrnaDeps, options: UrnaOptions = {}) {
    this.carga = carga;
    this.#clock = deps.clock;
    this.#random = deps.random;
    this.#fmt = new ZonedFormatter(carga.election.timezone);
    this.#signer = makeSigner({ publicKey: fromHex(carga.urna.publicKey), privateKey: fromHex(carga.urna.privateKey) });
    this.#schedule = {
      date: options.date ?? carga.election.date,
      zeresimaFrom: hhmm(options.zeresimaFrom ?? '07:00'),
      open: hhmm(options.open ?? carga.election.hours.open),
      close: hhmm(options.close ?? carga.election.hours.close),
      enforce: options.enforceSchedule ?? true,
    };
    this.#version = options.versaoVotacao ?? URNA_SOFTWARE_VERSION;
    this.offices = ballotOfficesFor(carga);
    this.#voters = carga.voters;
    this.#voterIndex = new Map(carga.voters.map((v, i) => [v.titulo, i]));
    const bytes = Math.ceil(carga.voters.length / 8);
    this.#voted = new Uint8Array(bytes);
    this.#biografica = new Uint8Array(bytes);
    this.#rdv = this.#emptyRdv();
    this.#log = new UrnaLog(carga.urna.numeroInternoUrna, this.#fmt);
  }

  #emptyRdv(): Rdv {
    const layout = this.offices.map((o) => ({
      idEleicao: o.idEleicao,
      codigoCargo: o.codigoCargo,
      quantidadeEscolhas: o.quantidadeEscolhas,
    }));
    return new Rdv(layout, this.carga.voters.length);
  }

  get state(): UrnaState {
    return this.#state;
  }

  get publicKey(): string {
    return this.carga.urna.publicKey;
  }

  // ---------------------------------------------------------------- schedule

  #localNow(now: Date): string {
    return this.#fmt.isoLocal(now);
  }

  #at(time: string): string {
    return `${this.#schedule.date} ${time}`;
  }

  /**
   * After the election day the urna does nothing (before it, the "só funcionará a partir de" refusals say when).
   * The local time's first 10 characters are its date.
   */
  #afterElectionDay(now: Date): Outcome<never> | undefined {
    const today = this.#localNow(now).slice(0, 10);
    if (!this.#schedule.enforce || today <= this.#schedule.date) return undefined;
    return refuse(
      'after-election-day',
      `Esta urna eletrônica foi preparada para a eleição de ${brDate(this.#schedule.date)}; hoje é ${brDate(today)}`,
    );
  }

  /** "06/10/2024 às 08:00" */
  #human(time: string): string {
    return `${brDate(this.#schedule.date)} às ${time.slice(0, 5)}`;
  }

  // ---------------------------------------------------------------- before voting

  /**
   * Prints the zerésima: every candidate with the count the urna holds (all zero). Only before opening; again on
   * request before opening (the same report). Not before `zeresimaFrom` on the election date.
   */
  zeresima(): Outcome<SignedReport> {
    if (this.#state === 'aberta' || this.#state === 'encerrada') {
      return refuse('zeresima-after-opening', 'A zerésima só pode ser emitida antes da abertura da votação');
    }
    if (this.#zeresima) return ok(this.#zeresima);
    const now = this.#clock.now();
    const late = this.#afterElectionDay(now);
    if (late) return late;
    if (this.#schedule.enforce && this.#localNow(now) < this.#at(this.#schedule.zeresimaFrom)) {
      return refuse(
        'too-early',
        `Esta urna eletrônica só funcionará a partir de ${this.#human(this.#schedule.zeresimaFrom)}`,
      );
    }
    const report = zeresimaReport(
      this.carga,
      this.#rdv.export(),
      this.#rdv.votersRecorded,
      now,
      this.#signer,
      this.#fmt,
    );
    this.#zeresima = report;
    this.#zeresimaAt = now;
    this.#state = 'zeresima-emitida';
    this.#log.event(now, 'Zerésima emitida');
    return ok(report);
  }

  /** The zerésima this urna printed, to print again (after a restart too); undefined before it was printed. */
  printedZeresima(): SignedReport | undefined {
    return this.#zeresima;
  }

  /** Opens the voting: only after the zerésima, from the opening time until the closing time. */
  open(): Outcome {
    if (this.#state === 'carregada') return refuse('no-zeresima', 'Emita a zerésima antes de abrir a votação');
    if (this.#state === 'aberta') return refuse('already-open', 'A votação já está aberta');
    if (this.#state === 'encerrada') return refuse('closed', 'A votação desta urna já foi encerrada');
    const now = this.#clock.now();
    if (this.#schedule.enforce) {
      const local = this.#localNow(now);
      if (local < this.#at(this.#schedule.open)) {
        return refuse(
          'too-early',
          `Esta urna eletrônica só funcionará a partir de ${this.#human(this.#schedule.open)}`,
        );
      }
      if (local >= this.#at(this.#schedule.close)) {
        return refuse(
          'after-closing',
          `Horário de votação encerrado (${this.#human(this.#schedule.close)}): a urna não pode ser aberta`,
        );
      }
    }
    this.#state = 'aberta';
    this.#openedAt = now;
    this.#log.event(now, 'Início da votação');
    return OK_VOID;
  }

  /** Mesários present at the opening or at the closing, for the BIM. The list replaces an earlier one. */
  registerMesarios(when: 'abertura' | 'encerramento', people: readonly Mesario[]): Outcome {
    if (this.#state === 'encerrada') return refuse('closed', 'A votação desta urna já foi encerrada');
    if (when === 'encerramento' && this.#state !== 'aberta') {
      return refuse('not-open', 'Os mesários do encerramento são registrados com a votação aberta');
    }
    const cleaned = cleanMesarios(people);
    if (!Array.isArray(cleaned)) return cleaned;
    this.#setMesarios(when, cleaned);
    return OK_VOID;
  }

  #setMesarios(when: 'abertura' | 'encerramento', people: Mesario[]): void {
    this.#mesarios = { ...this.#mesarios, [when]: people };
    this.#log.event(
      this.#clock.now(),
      `Mesários registrados (${when === 'abertura' ? 'abertura' : 'encerramento'}): ${people.length}`,
    );
  }

  // ---------------------------------------------------------------- identification (mesário terminal)

  #status(s: Session): VoterStatus {
    const v = this.#voters[s.voter] as Voter;
    const status: VoterStatus = {
      titulo: v.titulo,
      name: v.name,
      seq: s.voter + 1,
      biometrics: v.biometrics,
      step: s.step,
      fingerprintFailures: s.fingerprintFailures,
      yearFailures: s.yearFailures,
    };
    if (s.release) status.release = s.release;
    if (s.ballot) {
      const title = currentOfficeTitle(s.ballot);
      if (title) status.votingFor = title;
    }
    return status;
  }

  /** The voter being identified or voting, if any. */
  currentVoter(): VoterStatus | undefined {
    return this.#session ? this.#status(this.#session) : undefined;
  }

  /** Whether the voter with this título (of this seção) has voted. */
  hasVoted(titulo: string): boolean {
    const i = this.#voterIndex.get(normalizeTitulo(titulo));
    return i !== undefined && hasBit(this.#voted, i);
  }

  #busy(): Outcome<never> {
    const s = this.#session;
    return s?.step === 'voting'
      ? refuse('voter-in-booth', 'Há um eleitor votando: aguarde o fim do voto ou cancele-o')
      : refuse('identification-in-progress', 'Há um eleitor em identificação: conclua ou cancele');
  }

  /** The mesário types a título: the voter must be in this urna's caderno and not have voted yet. */
  identify(tituloInput: string): Outcome<VoterStatus> {
    if (this.#state !== 'aberta') {
      return this.#state === 'encerrada'
        ? refuse('closed', 'A votação desta urna já foi encerrada')
        : refuse('not-open', 'A votação ainda não foi aberta');
    }
    if (this.#session) return this.#busy();
    const late = this.#lateQueueOver();
    if (late) return late;
    // Typed as digits almost always: look it up as given first, normalise only when that fails.
    let titulo = tituloInput;
    let index = this.#voterIndex.get(titulo);
    if (index === undefined) {
      titulo = normalizeTitulo(tituloInput);
      index = this.#voterIndex.get(titulo);
    }
    if (index === undefined) {
      // Every título of the caderno is valid (checked at setup), so the check digits matter only for one not in it.
      if (!isValidTitulo(titulo))
        return refuse('invalid-titulo', 'Título eleitoral inválido: confira o número digitado');
      return refuse('not-in-secao', 'Eleitor não pertence a esta seção');
    }
    if (hasBit(this.#voted, index)) return refuse('already-voted', 'Eleitor já votou');
    const voter = this.#voters[index] as Voter;
    const session: Session = {
      voter: index,
      step: voter.biometrics ? 'fingerprint' : 'yearOfBirth',
      fingerprintFailures: 0,
      yearFailures: 0,
    };
    this.#session = session;
    return ok(this.#status(session));
  }

  /** Past the closing time, the refusal of a new identification once the queue has stopped (LATE_QUEUE_GAP_MS). */
  #lateQueueOver(): Outcome<never> | undefined {
    if (!this.#schedule.enforce) return undefined;
    const now = this.#clock.now();
    if (this.#localNow(now) < this.#at(this.#schedule.close)) return undefined;
    const last = this.#lastVoteAt;
    if (last && now.getTime() - last.getTime() < LATE_QUEUE_GAP_MS) return undefined;
    return refuse(
      'voting-time-over',
      `Horário de votação encerrado (${this.#human(this.#schedule.close)})` +
        (last ? ': nenhum voto nos últimos 5 minutos' : ' sem nenhum voto') +
        '. Novas identificações não são aceitas; encerre a votação',
    );
  }

  /** Result of one fingerprint capture (the sensor is outside this state machine). */
  fingerprint(matches: boolean): Outcome<VoterStatus> {
    const s = this.#session;
    if (!s || s.step !== 'fingerprint')
      return refuse('no-fingerprint-expected', 'Nenhum eleitor aguardando a biometria');
    if (matches) {
      this.#release(s, 'biometria');
      return ok(this.#status(s));
    }
    s.fingerprintFailures++;
    if (s.fingerprintFailures >= MAX_FINGERPRINT_ATTEMPTS) s.step = 'yearOfBirth';
    return ok(this.#status(s));
  }

  /** The year of birth the voter states, typed by the presidente after the fingerprints (or for voters without). */
  yearOfBirth(year: number | string): Outcome<VoterStatus> {
    const s = this.#session;
    if (!s || s.step !== 'yearOfBirth')
      return refuse('no-year-expected', 'Nenhum eleitor aguardando o ano de nascimento');
    const voter = this.#voters[s.voter] as Voter;
    if (String(year).trim() === voter.birthDate.slice(0, 4)) {
      this.#release(s, voter.biometrics ? 'biografia' : 'semBiometria');
      return ok(this.#status(s));
    }
    s.yearFailures++;
    if (s.yearFailures >= MAX_YEAR_ATTEMPTS) {
      this.#session = undefined;
      this.#log.event(this.#clock.now(), 'Eleitor não habilitado: ano de nascimento incorreto', 'ALERTA');
      return refuse(
        'year-refused',
        'ANO DE NASCIMENTO INCORRETO. Eleitor(a) não habilitado(a): procure a Justiça Eleitoral',
      );
    }
    return refuse(
      'wrong-year',
      `ANO DE NASCIMENTO INCORRETO. Tentativa ${s.yearFailures} de ${MAX_YEAR_ATTEMPTS}: digite novamente`,
    );
  }

  #release(s: Session, release: ReleaseType): void {
    s.step = 'voting';
    s.release = release;
    s.ballot = startBallot(this.offices);
    const how =
      release === 'biometria'
        ? 'por biometria'
        : release === 'biografia'
          ? 'pelo ano de nascimento (biometria não reconhecida)'
          : 'pelo ano de nascimento';
    this.#log.event(this.#clock.now(), `Eleitor habilitado ${how}`);
  }

  /** The mesário cancels the voter being identified or voting: nothing of a partial ballot is kept. */
  cancelCurrentVoter(): Outcome {
    const s = this.#session;
    if (!s) return refuse('no-voter', 'Não há eleitor em identificação ou votando');
    this.#session = undefined;
    this.#log.event(
      this.#clock.now(),
      s.step === 'voting' ? 'Voto cancelado pelo mesário: eleitor não votou' : 'Identificação cancelada pelo mesário',
    );
    return OK_VOID;
  }

  // ---------------------------------------------------------------- voting (urna keypad)

  /** The voting screen, while a voter is in the booth. */
  screen(): ReturnType<typeof currentScreen> | undefined {
    const b = this.#session?.ballot;
    return b ? currentScreen(b) : undefined;
  }

  /** A key of the urna's keypad. Refused (not an error for the voter: the urna is just locked) when nobody is released. */
  pressKey(key: Key): Outcome<KeyOutcome> {
    const s = this.#session;
    if (!s?.ballot || !s.release) return refuse('locked', 'Urna bloqueada: aguarde a liberação pelo mesário');
    const r = ballotPressKey(s.ballot, key);
    s.ballot = r.ballot;
    if (!r.finished) return r.accepted ? KEY_ACCEPTED : KEY_REFUSED;
    // The last office was confirmed: the choices go into a random RDV row and the voter into the bitmap together.
    // rdv.record throws only on a programming error (choices not covering the layout); nothing has changed then.
    this.#rdv.record(choicesOf(r.ballot), this.#random);
    setBit(this.#voted, s.voter);
    if (s.release === 'biografia') setBit(this.#biografica, s.voter);
    this.#released[s.release]++;
    this.#session = undefined;
    this.#lastVoteAt = this.#clock.now();
    this.#log.voteComputed();
    return KEY_FINISHED;
  }

  // ---------------------------------------------------------------- justificativas, counts

  /** A voter of another place justifies the absence here (ELECTION-RULES.md §4.3); listed in the BUJ. */
  justify(tituloInput: string, reason: string): Outcome {
    if (this.#state !== 'aberta') return refuse('not-open', 'Justificativas só com a votação aberta');
    const titulo = normalizeTitulo(tituloInput);
    if (!isValidTitulo(titulo)) return refuse('invalid-titulo', 'Título eleitoral inválido: confira o número digitado');
    if (this.#voterIndex.has(titulo))
      return refuse('voter-of-this-secao', 'Eleitor pertence a esta seção: deve votar, não justificar');
    const why = reason.trim();
    if (why === '') return refuse('missing-reason', 'Informe o motivo da justificativa');
    if (this.#justificativas.has(titulo))
      return refuse('already-justified', 'Justificativa já registrada para este título');
    this.#justificativas.set(titulo, why);
    this.#log.event(this.#clock.now(), 'Justificativa registrada');
    return OK_VOID;
  }

  counts(): UrnaCounts {
    const r = this.#released;
    const compareceram = r.biometria + r.biografia + r.semBiometria;
    return {
      aptos: this.#voters.length,
      compareceram,
      faltosos: this.#voters.length - compareceram,
      porBiometria: r.biometria,
      porBiografia: r.biografia,
      semBiometria: r.semBiometria,
      justificativas: this.#justificativas.size,
      ocupada: this.#session !== undefined,
    };
  }

  #attendance(): AttendanceCounts {
    const c = this.counts();
    return {
      compareceram: c.compareceram,
      semBiometria: c.semBiometria,
      porBiometria: c.porBiometria,
      porBiografia: c.porBiografia,
    };
  }

  // ---------------------------------------------------------------- closing

  /**
   * Closes the voting and produces the results: only from the closing time on, with nobody in the booth, and when
   * the terminal says the queue is done (voters in line at the closing time still vote).
   */
  close(
    queueDone: boolean,
    options: { extraBuCopies?: number; mesarios?: readonly Mesario[] } = {},
  ): Outcome<ResultsPackage> {
    if (this.#state === 'encerrada') return refuse('closed', 'A votação desta urna já foi encerrada');
    if (this.#state !== 'aberta') return refuse('not-open', 'A votação ainda não foi aberta');
    if (this.#session) return this.#busy();
    const now = this.#clock.now();
    if (this.#schedule.enforce && this.#localNow(now) < this.#at(this.#schedule.close)) {
      return refuse('too-early', `A votação só pode ser encerrada a partir de ${this.#human(this.#schedule.close)}`);
    }
    if (!queueDone) return refuse('queue-not-done', 'Ainda há eleitores na fila: a votação não pode ser encerrada');
    const extra = options.extraBuCopies ?? 0;
    if (!Number.isInteger(extra) || extra < 0 || extra > MAX_EXTRA_BU_COPIES) {
      return refuse('invalid-copies', `Número de vias adicionais do BU deve ser de 0 a ${MAX_EXTRA_BU_COPIES}`);
    }
    // The closing's mesários, when given here, are registered only once nothing else refuses the closing.
    const mesarios = options.mesarios === undefined ? undefined : cleanMesarios(options.mesarios);
    if (mesarios !== undefined && !Array.isArray(mesarios)) return mesarios;
    if (mesarios !== undefined && mesarios.length > 0) this.#setMesarios('encerramento', mesarios);
    this.#extraBuCopies = extra;
    this.#closedAt = now;
    this.#state = 'encerrada';
    this.#log.event(now, 'Encerramento da votação');
    this.#log.event(now, 'Gerando boletim de urna');
    return ok(this.#results());
  }

  /** The results of a closed urna (the same package close() returned; re-derived after a restore). */
  results(): Outcome<ResultsPackage> {
    if (this.#state !== 'encerrada') return refuse('not-closed', 'A votação ainda não foi encerrada');
    return ok(this.#results());
  }

  #results(): ResultsPackage {
    if (this.#package) return this.#package;
    const openedAt = this.#openedAt as Date;
    const closedAt = this.#closedAt as Date;
    const zeresima = this.#zeresima as SignedReport;
    const carga = this.carga;
    const votes = this.#rdv.export();
    const bu = buildBu({
      carga,
      votes,
      counts: this.#attendance(),
      times: { abertura: openedAt, encerramento: closedAt, emissao: closedAt },
      signer: this.#signer,
      versaoVotacao: this.#version,
      formatter: this.#fmt,
    });
    const rdv: EntidadeResultadoRDV = {
      cabecalho: { dataGeracao: this.#fmt.dataHoraJE(closedAt), idPleito: carga.election.pleito },
      urna: urnaBlock(carga, this.#version),
      rdv: {
        pleito: carga.election.pleito,
        fase: carga.election.fase,
        identificacao: identificacaoSecao(carga),
        historicoCodigosCarga: [carga.carga.codigoCarga],
        eleicoes: votes,
      },
    };
    // The printed reports are laid out, hashed and signed only when read: a simulation needs the BU, not its text.
    // The urna is closed, so what they print (justificativas, mesários, voters) can no longer change.
    const signer = this.#signer;
    const fmt = this.#fmt;
    const mesarios = this.#mesarios;
    const justificativas = (): Justificativa[] =>
      [...this.#justificativas].sort(([a], [b]) => (a < b ? -1 : 1)).map(([titulo, reason]) => ({ titulo, reason }));
    const biograficos = (): { titulo: string; name: string }[] =>
      this.#voters.filter((_, i) => hasBit(this.#biografica, i)).map((v) => ({ titulo: v.titulo, name: v.name }));
    const signed: ResultsPackage['signedReports'] = {
      zeresima,
      bu: lazySignedReport('bu', () => buText(carga, bu), signer),
      buj: lazySignedReport('buj', () => bujText(carga, justificativas(), closedAt, fmt), signer),
      bim: lazySignedReport('bim', () => bimText(carga, mesarios, closedAt, fmt), signer),
      biografica: lazySignedReport('biografica', () => biograficaText(carga, biograficos(), closedAt, fmt), signer),
    };
    const copies = BU_OBLIGATORY_COPIES + this.#extraBuCopies;
    let printed: PrintedReports | undefined;
    const pkg = { bu, rdv, log: [...this.#log.lines], signedReports: signed } as ResultsPackage;
    Object.defineProperty(pkg, 'reports', {
      enumerable: true,
      get: (): PrintedReports =>
        (printed ??= {
          zeresima: printSigned(signed.zeresima),
          bu: buCopies(signed.bu, copies),
          buj: printSigned(signed.buj),
          bim: printSigned(signed.bim),
          biografica: printSigned(signed.biografica),
        }),
    });
    this.#package = pkg;
    return this.#package;
  }

  /** The log so far. */
  get log(): readonly string[] {
    return this.#log.lines;
  }

  // ---------------------------------------------------------------- persistence

  snapshot(): UrnaSnapshot {
    const snap: UrnaSnapshot = {
      format: URNA_SNAPSHOT_FORMAT,
      codigoCarga: this.carga.carga.codigoCarga,
      state: this.#state,
      voted: toHex(this.#voted),
      biografica: toHex(this.#biografica),
      released: { ...this.#released },
      extraBuCopies: this.#extraBuCopies,
      rdv: this.#rdv.toJSON(),
      log: [...this.#log.lines],
      mesarios: { abertura: [...this.#mesarios.abertura], encerramento: [...this.#mesarios.encerramento] },
      justificativas: [...this.#justificativas]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([titulo, reason]) => ({ titulo, reason })),
    };
    if (this.#zeresimaAt) snap.zeresimaAt = this.#zeresimaAt.toISOString();
    if (this.#zeresima) snap.zeresimaSha512 = this.#zeresima.sha512;
    if (this.#openedAt) snap.openedAt = this.#openedAt.toISOString();
    if (this.#closedAt) snap.closedAt = this.#closedAt.toISOString();
    if (this.#lastVoteAt) snap.lastVoteAt = this.#lastVoteAt.toISOString();
    return snap;
  }

  /**
   * The urna after a power loss: its memory from the snapshot. A voter who was identified or voting is not in the
   * snapshot: the partial ballot is gone and the voter has not voted. Refuses a snapshot of another carga or one
   * whose parts disagree (voters marked vs. RDV rows vs. counts, a zerésima that does not re-print identically).
   */
  static fromSnapshot(
    carga: CargaContent,
    snapshot: UrnaSnapshot,
    deps: UrnaDeps,
    options: UrnaOptions = {},
  ): Result<Urna> {
    const checked = checkSnapshot(carga, snapshot);
    if (!checked.ok) return checked;
    const { voted, biografica, rdv } = checked.value;
    const s = snapshot;
    const urna = new Urna(carga, deps, options);
    urna.#state = s.state;
    urna.#voted = voted;
    urna.#biografica = biografica;
    urna.#released = { ...s.released };
    urna.#extraBuCopies = s.extraBuCopies;
    urna.#rdv = rdv;
    urna.#log = new UrnaLog(carga.urna.numeroInternoUrna, urna.#fmt, s.log);
    urna.#mesarios = { abertura: [...s.mesarios.abertura], encerramento: [...s.mesarios.encerramento] };
    urna.#justificativas = new Map(s.justificativas.map((j) => [j.titulo, j.reason]));
    if (s.openedAt) urna.#openedAt = new Date(s.openedAt);
    if (s.closedAt) urna.#closedAt = new Date(s.closedAt);
    if (s.lastVoteAt) urna.#lastVoteAt = new Date(s.lastVoteAt);
    if (s.zeresimaAt) {
      const at = new Date(s.zeresimaAt);
      // The zerésima was printed from an empty urna: re-print it from an empty RDV; it must be the same text.
      const report = zeresimaReport(carga, urna.#emptyRdv().export(), 0, at, urna.#signer, urna.#fmt);
      if (s.zeresimaSha512 !== undefined && report.sha512 !== s.zeresimaSha512.toUpperCase()) {
        return {
          ok: false,
          problems: [
            {
              file: SNAPSHOT_FILE,
              path: 'zeresimaSha512',
              expected: `${report.sha512} (the re-printed zerésima)`,
              found: s.zeresimaSha512,
            },
          ],
        };
      }
      urna.#zeresima = report;
      urna.#zeresimaAt = at;
    }
    if (urna.#state !== 'encerrada')
      urna.#log.event(urna.#clock.now(), 'Urna reiniciada: memória restaurada', 'ALERTA');
    return { ok: true, value: urna };
  }
}

/** Trimmed names and roles; a blank name is refused (it would print an empty line in the BIM). */
function cleanMesarios(people: readonly Mesario[]): Mesario[] | Outcome<never> {
  const cleaned: Mesario[] = [];
  for (const p of people) {
    const name = p.name.trim();
    if (name === '') return refuse('invalid-mesario', 'Nome do mesário em branco');
    cleaned.push(p.role?.trim() ? { name, role: p.role.trim() } : { name });
  }
  return cleaned;
}

/** A freshly loaded urna (state 'carregada'). The carga was verified by src/media/carga.ts. */
export function loadUrna(carga: CargaContent, deps: UrnaDeps, options: UrnaOptions = {}): Urna {
  return new Urna(carga, deps, options);
}

/** See Urna.fromSnapshot. */
export function restoreUrna(
  carga: CargaContent,
  snapshot: UrnaSnapshot,
  deps: UrnaDeps,
  options: UrnaOptions = {},
): Result<Urna> {
  return Urna.fromSnapshot(carga, snapshot, deps, options);
}

const STATES: readonly UrnaState[] = ['carregada', 'zeresima-emitida', 'aberta', 'encerrada'];
const SNAPSHOT_FILE = 'urna snapshot';

/** The snapshot's parts, checked against the carga and against each other. */
function checkSnapshot(
  carga: CargaContent,
  snapshot: UrnaSnapshot,
): Result<{ voted: Uint8Array; biografica: Uint8Array; rdv: Rdv }> {
  const problems: Problem[] = [];
  const bad = (path: string, expected: string, found: unknown): void => {
    problems.push({
      file: SNAPSHOT_FILE,
      path,
      expected,
      found: typeof found === 'string' ? found : (JSON.stringify(found) ?? String(found)),
    });
  };
  const s = snapshot as Partial<UrnaSnapshot>;
  if (s.format !== URNA_SNAPSHOT_FORMAT) bad('format', URNA_SNAPSHOT_FORMAT, s.format);
  if (s.codigoCarga !== carga.carga.codigoCarga)
    bad('codigoCarga', `the carga's ${carga.carga.codigoCarga}`, s.codigoCarga);
  if (!STATES.includes(s.state as UrnaState)) bad('state', STATES.join(' | '), s.state);
  if (problems.length > 0) return { ok: false, problems };

  const bytes = Math.ceil(carga.voters.length / 8);
  const bitmap = (path: 'voted' | 'biografica'): Uint8Array | undefined => {
    try {
      const bits = fromHex(s[path] ?? '');
      if (bits.length === bytes) return bits;
      bad(path, `a bitmap of ${bytes} bytes`, `${bits.length} bytes`);
    } catch {
      bad(path, 'a hex bitmap', String(s[path]).slice(0, 40));
    }
    return undefined;
  };
  const voted = bitmap('voted');
  const biografica = bitmap('biografica');
  let rdv: Rdv | undefined;
  try {
    rdv = Rdv.fromJSON(s.rdv as RdvSnapshot);
  } catch (e) {
    bad('rdv', 'a valid RDV snapshot', e instanceof Error ? e.message : String(e));
  }
  const released = s.released;
  const validCounts =
    released !== undefined &&
    [released.biometria, released.biografia, released.semBiometria].every((n) => Number.isInteger(n) && n >= 0);
  if (!validCounts) bad('released', 'non-negative counts {biometria, biografia, semBiometria}', released);
  const counted = validCounts ? released.biometria + released.biografia + released.semBiometria : 0;
  if (voted && rdv && validCounts) {
    const marked = popcount(voted);
    if (marked !== rdv.votersRecorded)
      bad('voted', `${rdv.votersRecorded} voters marked (the RDV rows recorded)`, `${marked}`);
    if (marked !== counted) bad('released', `counts adding up to the ${marked} voters marked`, `${counted}`);
    for (let i = carga.voters.length; i < bytes * 8; i++)
      if (hasBit(voted, i)) bad('voted', 'no bit past the last voter', `bit ${i}`);
  }
  if (voted && biografica && validCounts) {
    if (biografica.some((b, i) => (b & ~(voted[i] ?? 0)) !== 0))
      bad('biografica', 'only voters who voted', 'a voter who did not vote');
    const n = popcount(biografica);
    if (n !== released.biografia) bad('biografica', `${released.biografia} voters (released.biografia)`, `${n}`);
  }
  const state = s.state as UrnaState;
  if (state !== 'carregada' && !s.zeresimaAt) bad('zeresimaAt', 'the time of the zerésima', s.zeresimaAt);
  if ((state === 'aberta' || state === 'encerrada') && !s.openedAt) bad('openedAt', 'the opening time', s.openedAt);
  if (state === 'encerrada' && !s.closedAt) bad('closedAt', 'the closing time', s.closedAt);
  if ((state === 'carregada' || state === 'zeresima-emitida') && counted > 0)
    bad('state', 'no votes before opening', `${counted} votes`);
  for (const [path, at] of [
    ['zeresimaAt', s.zeresimaAt],
    ['openedAt', s.openedAt],
    ['closedAt', s.closedAt],
    ['lastVoteAt', s.lastVoteAt],
  ] as const) {
    if (at !== undefined && Number.isNaN(Date.parse(at))) bad(path, 'an ISO date-time', at);
  }
  if (!Array.isArray(s.log) || !s.log.every((l) => typeof l === 'string'))
    bad('log', 'an array of lines', typeof s.log);
  if (!s.mesarios || !Array.isArray(s.mesarios.abertura) || !Array.isArray(s.mesarios.encerramento)) {
    bad('mesarios', '{abertura: [], encerramento: []}', s.mesarios);
  }
  if (!Array.isArray(s.justificativas)) bad('justificativas', 'an array', s.justificativas);
  if (
    !Number.isInteger(s.extraBuCopies) ||
    (s.extraBuCopies ?? -1) < 0 ||
    (s.extraBuCopies ?? 0) > MAX_EXTRA_BU_COPIES
  ) {
    bad('extraBuCopies', `an integer from 0 to ${MAX_EXTRA_BU_COPIES}`, s.extraBuCopies);
  }
  if (problems.length > 0 || !voted || !biografica || !rdv) return { ok: false, problems };
  return { ok: true, value: { voted, biografica, rdv } };
}
