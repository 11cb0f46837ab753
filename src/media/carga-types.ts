// What the carga media holds for one seção: what the TSE loads into an urna (ELECTION-RULES.md; ARCHITECTURE.md
// "TSE setup ──signed carga media──▶ URNA"). The signed file is built and checked by carga.ts; the urna receives
// the `CargaContent` only after the signature, election and seção have been checked.
import type { Certificate } from '../crypto/certificate.ts';
import type { Contest, Eleicao, ElectionDefinition, Federation, Local, Party, Voter } from '../election/definition.ts';
import type { Carga } from '../urna/model.ts';

/**
 * Version 2 signs the carga as two parts (`SignedCargaFile`): the election part, identical for every urna of a
 * município, and the seção part. Version 1 (one signed content text) is no longer read.
 */
export const CARGA_FORMAT = 'urna-carga/2';

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

/**
 * The signed carga, in two parts — as the TSE's carga is several files, each hashed, with the hashes signed. Each
 * part is kept as the exact JSON text that was hashed, so the signed bytes are exactly these. On the media
 * (`carga.json`) the file is `JSON.stringify(SignedCargaFile)` (`cargaFileText` in carga.ts).
 */
export interface SignedCargaFile {
  format: typeof CARGA_FORMAT;
  /**
   * `JSON.stringify({ election, contests })` (the `CargaContent` fields): the same text for every seção of a
   * município (its contests, and those of its UF and country), so it is built, hashed and checked once per município.
   */
  eleicao: string;
  /** `JSON.stringify({ secao, voters, urna, carga, electionPublicKey })` (the `CargaContent` fields). */
  secao: string;
  /**
   * Hex Ed25519 signature by the election key over SHA-512 of the UTF-8 bytes of
   * `urna-carga/2|<SHA-512 of eleicao>|<SHA-512 of secao>`, each part hash being upper-case hex of SHA-512 of the
   * part's UTF-8 bytes (`cargaSigningMessage` in carga.ts).
   */
  signature: string;
}
