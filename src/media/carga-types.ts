// What the carga media holds for one seção: what the TSE loads into an urna (ELECTION-RULES.md; ARCHITECTURE.md
// "TSE setup ──signed carga media──▶ URNA"). The signed file is built and checked by carga.ts; the urna receives
// the `CargaContent` only after the signature, election and seção have been checked.
import type { Certificate } from '../crypto/certificate.ts';
import type {
  Contest,
  Eleicao,
  ElectionDefinition,
  Federation,
  Local,
  Party,
  Voter,
} from '../election/definition.ts';
import type { Carga } from '../urna/model.ts';

export const CARGA_FORMAT = 'urna-carga/1';

export interface CargaElection {
  name: string;
  kind: ElectionDefinition['kind'];
  pleito: number;
  fase: ElectionDefinition['fase'];
  round: 1 | 2;
  date: string;
  timezone: string;
  hours: { open: string; close: string };
  eleicoes: Eleicao[];
  parties: Party[];
  federations: Federation[];
}

export interface CargaSecao {
  uf: string;
  municipio: number;
  municipioName: string;
  zona: number;
  secao: number;
  local: Local;
  aggregated: number[];
}

export interface CargaContent {
  format: typeof CARGA_FORMAT;
  election: CargaElection;
  /** Only the contests this seção votes in (its country, UF and município), in the legal order of the screens. */
  contests: Contest[];
  secao: CargaSecao;
  /** This seção's voters (caderno de votação), sorted by título. */
  voters: Voter[];
  urna: {
    numeroInternoUrna: number;
    /** Serial of the urna's motherboard, 8 hex digits. */
    numeroSerieFV: string;
    /** The urna's own Ed25519 key pair (hex), certified by the election key. Test/demo keys only in the repo. */
    publicKey: string;
    privateKey: string;
    certificate: Certificate;
  };
  /** The TSE Carga structure that the BU and RDV repeat (codigoCarga: 24 digits). */
  carga: Carga;
  /** Hex of the election's public key: the key that signed this carga and the urna certificate. */
  electionPublicKey: string;
}

/** The file on the carga media: the content as the exact JSON text that was signed, and the signature. */
export interface SignedCargaFile {
  format: typeof CARGA_FORMAT;
  /** `JSON.stringify(CargaContent)`; kept as text so the signed bytes are exactly these. */
  content: string;
  /** Hex Ed25519 signature by the election key over SHA-512(UTF-8 bytes of `content`). */
  signature: string;
}
