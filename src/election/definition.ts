// The election definition: everything the TSE sets up before the carga (ELECTION-RULES.md; the format is
// documented in docs/ELECTION-FORMAT.md). This file is the shape (zod schema); `validate.ts` adds the rules that
// span several parts (a candidate's party exists, a voter's seção exists, título check digits, …).
import { z } from 'zod';

export const ELECTION_FORMAT_VERSION = 1;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time HH:MM');
const ufCode = z.string().regex(/^([A-Z]{2})$/, 'a two-letter UF (e.g. SP), or ZZ for voters abroad');

export const FaseSchema = z.enum(['oficial', 'simulado', 'treinamento']);

export const RunningMateSchema = z.object({
  ballotName: z.string().min(1),
  party: z.number().int().min(10).max(99).optional(),
});

export const CandidateSchema = z.object({
  number: z.number().int().positive(),
  ballotName: z.string().min(1).max(30),
  fullName: z.string().min(1).optional(),
  party: z.number().int().min(10).max(99),
  birthDate: isoDate,
  /** Fit to receive votes (apto). An unfit candidate's number on the urna gives a null vote. */
  fit: z.boolean().default(true),
  /** Vice of a ticket (presidente, governador, prefeito). */
  vice: RunningMateSchema.optional(),
  /** The Senate's 1º and 2º suplentes. */
  suplentes: z.array(RunningMateSchema).max(2).optional(),
});

export const ContestSchema = z.object({
  /** Office code (TSE cargo code, or 25–99 for a custom office). */
  office: z.number().int().positive(),
  /** Where the contest takes place: a município (TSE code), a UF, or the whole country when both are absent. */
  municipio: z.number().int().positive().optional(),
  uf: ufCode.optional(),
  /** Seats: proportional offices; the Senate's 1 or 2; 1 for the other majority offices. */
  seats: z.number().int().min(1).max(1000),
  candidates: z.array(CandidateSchema),
});

export const OfficeSchema = z.object({
  code: z.number().int().positive(),
  name: z.string().min(1).optional(),
  digits: z.number().int().min(1).max(5).optional(),
  system: z.enum(['majority', 'proportional']).optional(),
});

export const EleicaoSchema = z.object({
  /** idEleicao: one pleito can hold several eleições (e.g. 2022: 544 presidente, 546 federal and state offices). */
  id: z.number().int().positive(),
  name: z.string().min(1).optional(),
  offices: z.array(OfficeSchema).min(1),
});

export const PartySchema = z.object({
  number: z.number().int().min(10).max(99),
  abbreviation: z.string().min(1).max(20),
  name: z.string().min(1),
  /** Number of the federation the party belongs to, if any. */
  federation: z.number().int().positive().optional(),
});

export const FederationSchema = z.object({
  number: z.number().int().positive(),
  abbreviation: z.string().min(1),
  name: z.string().min(1),
});

export const LocalSchema = z.object({
  number: z.number().int().positive(),
  name: z.string().min(1),
  address: z.string().optional(),
});

export const SecaoSchema = z.object({
  number: z.number().int().min(1).max(9999),
  local: LocalSchema,
  /** Small seções that vote in this seção's urna (seções agregadas). */
  aggregated: z.array(z.number().int().min(1).max(9999)).optional(),
  /**
   * Registered voters of this seção when the roll is not listed in `voters` (synthetic simulations generate them on
   * the fly); when the definition does list voters, it must equal the number listed for this seção.
   */
  voterCount: z.number().int().min(0).optional(),
});

export const ZonaSchema = z.object({
  number: z.number().int().min(1).max(9999),
  secoes: z.array(SecaoSchema).min(1),
});

export const MunicipioSchema = z.object({
  /** TSE municipality code (5 digits; not the IBGE code). */
  code: z.number().int().min(1).max(99999),
  name: z.string().min(1),
  zonas: z.array(ZonaSchema).min(1),
});

export const UfSchema = z.object({
  uf: ufCode,
  name: z.string().min(1),
  municipios: z.array(MunicipioSchema).min(1),
});

export const VoterSchema = z.object({
  titulo: z.string(),
  name: z.string().min(1),
  birthDate: isoDate,
  municipio: z.number().int().positive(),
  zona: z.number().int().positive(),
  secao: z.number().int().positive(),
  /** Fingerprints registered: the terminal asks for a fingerprint first; otherwise the year of birth. */
  biometrics: z.boolean().default(false),
});

export const ElectionDefinitionSchema = z.object({
  formatVersion: z.literal(ELECTION_FORMAT_VERSION),
  kind: z.enum(['general', 'municipal', 'community']),
  name: z.string().min(1),
  /** idPleito: the electoral event (e.g. 452 = 2024 1st round). */
  pleito: z.number().int().min(1).max(99999),
  fase: FaseSchema.default('oficial'),
  round: z.union([z.literal(1), z.literal(2)]),
  date: isoDate,
  /** IANA time zone the opening and closing hours are read in (since 2022: Brasília time in every UF). */
  timezone: z.string().min(1).default('America/Sao_Paulo'),
  hours: z.object({ open: hhmm, close: hhmm }).default({ open: '08:00', close: '17:00' }),
  eleicoes: z.array(EleicaoSchema).min(1),
  federations: z.array(FederationSchema).default([]),
  parties: z.array(PartySchema).min(1),
  contests: z.array(ContestSchema).min(1),
  ufs: z.array(UfSchema).min(1),
  voters: z.array(VoterSchema),
});

export type ElectionDefinition = z.infer<typeof ElectionDefinitionSchema>;
export type ElectionDefinitionInput = z.input<typeof ElectionDefinitionSchema>;
export type Candidate = z.infer<typeof CandidateSchema>;
export type Contest = z.infer<typeof ContestSchema>;
export type Office = z.infer<typeof OfficeSchema>;
export type Eleicao = z.infer<typeof EleicaoSchema>;
export type Party = z.infer<typeof PartySchema>;
export type Federation = z.infer<typeof FederationSchema>;
export type Uf = z.infer<typeof UfSchema>;
export type Municipio = z.infer<typeof MunicipioSchema>;
export type Zona = z.infer<typeof ZonaSchema>;
export type Local = z.infer<typeof LocalSchema>;
export type Secao = z.infer<typeof SecaoSchema>;
export type Voter = z.infer<typeof VoterSchema>;
export type Fase = z.infer<typeof FaseSchema>;

/** A seção's place in the geography: the key every artifact of the chain carries. */
export interface SecaoId {
  uf: string;
  municipio: number;
  zona: number;
  secao: number;
}

export function secaoKey(s: SecaoId): string {
  return `${s.uf}-${String(s.municipio).padStart(5, '0')}-${String(s.zona).padStart(4, '0')}-${String(s.secao).padStart(4, '0')}`;
}
