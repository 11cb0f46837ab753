// Offices (cargos) with the TSE's codes (CargoConstitucional in the BU spec) and the rules that follow from the
// office alone: number of digits, majority or proportional, legal order on the urna (LE art. 59 §3).
// Source: shared/docs/ELECTION-RULES.md §3.1, §3.2, §6.2; TSE-FORMATS.md §3.2 (enum values).

export const CARGO = {
  presidente: 1,
  vicePresidente: 2,
  governador: 3,
  viceGovernador: 4,
  senador: 5,
  deputadoFederal: 6,
  deputadoEstadual: 7,
  deputadoDistrital: 8,
  primeiroSuplenteSenador: 9,
  segundoSuplenteSenador: 10,
  prefeito: 11,
  vicePrefeito: 12,
  vereador: 13,
} as const;

export type OfficeSystem = 'majority' | 'proportional';

export interface OfficeRule {
  code: number;
  name: string;
  digits: number;
  system: OfficeSystem;
  /** Running mate shown on the screen: vice for tickets, two suplentes for the Senate. */
  runningMates: 'vice' | 'suplentes' | 'none';
  runningMateLabel?: string;
}

/** The constitutional offices a voter can vote for (vices and suplentes are elected with the head of the ticket). */
export const CONSTITUTIONAL_OFFICES: Readonly<Record<number, OfficeRule>> = {
  1: {
    code: 1,
    name: 'Presidente',
    digits: 2,
    system: 'majority',
    runningMates: 'vice',
    runningMateLabel: 'Vice-Presidente',
  },
  3: {
    code: 3,
    name: 'Governador',
    digits: 2,
    system: 'majority',
    runningMates: 'vice',
    runningMateLabel: 'Vice-Governador',
  },
  5: { code: 5, name: 'Senador', digits: 3, system: 'majority', runningMates: 'suplentes' },
  6: { code: 6, name: 'Deputado Federal', digits: 4, system: 'proportional', runningMates: 'none' },
  7: { code: 7, name: 'Deputado Estadual', digits: 5, system: 'proportional', runningMates: 'none' },
  8: { code: 8, name: 'Deputado Distrital', digits: 5, system: 'proportional', runningMates: 'none' },
  11: {
    code: 11,
    name: 'Prefeito',
    digits: 2,
    system: 'majority',
    runningMates: 'vice',
    runningMateLabel: 'Vice-Prefeito',
  },
  13: { code: 13, name: 'Vereador', digits: 5, system: 'proportional', runningMates: 'none' },
};

/** Offices with a second round when nobody has an absolute majority (prefeito only above 200,000 eleitores). */
export const SECOND_ROUND_OFFICES: ReadonlySet<number> = new Set([1, 3, 11]);

/** Municipalities with more than this many registered voters have a second round for prefeito (CF art. 29 II). */
export const PREFEITO_SECOND_ROUND_MIN_VOTERS = 200_000;

/** Legal order of the screens (LE art. 59 §3): general DF → DE/DD → Senador → Governador → Presidente; municipal Vereador → Prefeito. */
export const LEGAL_ORDER: Readonly<Record<'general' | 'municipal', readonly number[]>> = {
  general: [6, 7, 8, 5, 3, 1],
  municipal: [13, 11],
};

/** Custom offices (community elections, consultas) use the range the BU reserves for free consultations. */
export const CUSTOM_OFFICE_CODES = { min: 25, max: 99 } as const;
