// The totalization store: what the TRE/TSE keeps while results media arrive (ARCHITECTURE.md decisions 7 and 8).
// One interface, so the embedded SQLite store (sqlite-store.ts) and a future PostgreSQL store for several TRE nodes
// are interchangeable. The store does not verify signatures: src/totalization/ingest.ts verifies a BU and hands the
// store a record; the store decides, atomically, what that record does to the seção (new, same again, conflict,
// replacement) because only it sees the current state inside its transaction.
import type { ElectionDefinition } from '../election/definition.ts';
import type { BoletimUrna } from '../urna/model.ts';

export type BuStatus = 'totalizado' | 'substituido';

export interface StoredElection {
  definition: ElectionDefinition;
  /** The election's Ed25519 public key (raw 32 bytes): it signed the cargas and certified every urna key. */
  publicKey: Uint8Array;
}

export interface SecaoRow {
  key: string;
  uf: string;
  municipio: number;
  zona: number;
  secao: number;
  /**
   * Registered voters of this seção plus those of the seções aggregated into it (they vote in its urna), from the
   * definition (its voter roll, or the seções' `voterCount`); null when the definition gives neither, and for
   * aggregated seções (their voters are counted in their host's).
   */
  aptos: number | null;
  /** Key of the seção whose urna this (small) seção votes in, or null when it has its own urna. */
  agregadaA: string | null;
}

/** A BU as the store lists it (without its tuples). */
export interface BuSummary {
  id: number;
  secaoKey: string;
  /** Hex SHA-512 digest of the BU (see buDigest in src/totalization/ingest.ts). */
  hash: string;
  numeroInternoUrna: number;
  receivedAt: string;
  source: string;
  status: BuStatus;
  /** On a superseded BU: why the replacement urna's BU took its place. */
  replacementReason: string | null;
  /** On a superseded BU: the id of the BU that replaced it. */
  supersededBy: number | null;
}

/** What ingest hands the store: a BU that passed every check, with its identity. */
export interface BuRecord {
  secaoKey: string;
  hash: string;
  /** The BU's canonical JSON (canonicalBuJson): what is stored, and what `hash` is the SHA-512 of. */
  json: string;
  bu: BoletimUrna;
  receivedAt: string;
  /** Where it came from (a folder, an upload id): kept for the audit trail. */
  source: string;
  /** Set only when an urna was replaced: lets this BU supersede a different BU already counted for the seção. */
  replacementReason?: string;
}

/** What one record did. The store never throws for these: they are decisions, not failures. */
export type StoreDecision =
  | { kind: 'totalizado'; bu: BuSummary }
  | { kind: 'ja-totalizado'; bu: BuSummary }
  | { kind: 'substituido'; bu: BuSummary; replaced: BuSummary }
  /** A different BU is already counted for the seção and no replacement reason was given. */
  | { kind: 'conflito'; current: BuSummary }
  /** This very BU was counted before and later superseded: it cannot come back. */
  | { kind: 'ja-substituido'; superseded: BuSummary };

/** The area results are aggregated over. */
export type Area = { kind: 'pais' } | { kind: 'uf'; uf: string } | { kind: 'municipio'; municipio: number };

/** Summed votes of one tuple key over an area (only current BUs). partido/codigo are 0 for branco and nulo. */
export interface VoteRow {
  idEleicao: number;
  cargo: number;
  /** BU TipoVoto code (BU_TIPO_VOTO in src/urna/model.ts): 1 nominal, 2 branco, 3 nulo, 4 legenda, 5 cargo sem candidato. */
  tipoVoto: number;
  partido: number;
  codigo: number;
  votos: number;
}

export interface TurnoutRow {
  idEleicao: number;
  cargo: number;
  comparecimento: number;
}

export interface EleicaoRow {
  idEleicao: number;
  /** Σ qtdEleitoresAptos of the current BUs (the electorate of the totalized seções). */
  aptosTotalizados: number;
  /** Σ over current BUs of the eleição's comparecimento (the largest qtdComparecimento among its cargo groups). */
  comparecimento: number;
  secoesTotalizadas: number;
}

export interface SecaoCounts {
  /** Seções with their own urna (aggregated seções vote in another's urna and have no BU of their own). */
  total: number;
  totalizadas: number;
  /** Σ aptos of the area's seções from the definition; null if any is unknown. */
  aptos: number | null;
}

export interface StoreCounts {
  secoes: number;
  bus: number;
  totalizados: number;
  substituidos: number;
  voteRows: number;
}

export interface TotalizationStore {
  /**
   * Records the election and its geography. Once per store: calling it again with the same definition and key is a
   * no-op; with a different one it throws (one store holds one election round).
   */
  setElection(def: ElectionDefinition, electionPublicKey: Uint8Array): void;
  election(): StoredElection | undefined;
  secao(key: string): SecaoRow | undefined;
  /** Seção key of an identificacaoSecao (municipio, zona, secao), or undefined when the election has no such seção. */
  secaoKeyOf(municipio: number, zona: number, secao: number): string | undefined;
  currentBu(secaoKey: string): BuSummary | undefined;
  /** Every BU ever accepted for the seção, oldest first (superseded ones included). */
  buHistory(secaoKey: string): BuSummary[];
  buByHash(hash: string): BuSummary | undefined;
  /** The stored BU rebuilt exactly (tuple hashes regenerated and checked against its ultimoHash). */
  loadBu(hash: string): BoletimUrna | undefined;
  /** One record in one transaction. */
  ingest(record: BuRecord): StoreDecision;
  /** Many records in ONE transaction (all or nothing): the bulk path. Decisions in input order. */
  ingestMany(records: readonly BuRecord[]): StoreDecision[];
  /** Summed votes over an area, current BUs only, zero rows left out; optionally one eleição and cargo. */
  votes(area: Area, filter?: { idEleicao?: number; cargo?: number }): VoteRow[];
  turnout(area: Area): TurnoutRow[];
  eleicoes(area: Area): EleicaoRow[];
  secaoCounts(area: Area): SecaoCounts;
  /** Registered voters of a município (all its seções), null if unknown: the 200,000-voter second-round rule. */
  municipioAptos(municipio: number): number | null;
  counts(): StoreCounts;
  /**
   * Audit: recomputes every running total from the stored BUs and returns the differences (empty when consistent).
   */
  auditTotals(): string[];
  close(): void;
}
