// Totals per área (país / UF / município), per eleição and cargo, from the store's running totals of the BUs that
// currently count: aptos, comparecimento, abstenção, nominal votes per candidate, legenda per party, brancos, nulos,
// válidos, seções totalizadas of the total. Pure arithmetic over the store's rows; the outcome (who is elected) is
// results.ts.
import type { ElectionDefinition } from '../election/definition.ts';
import { indexElection, type ElectionIndex } from '../election/lookup.ts';
import type { Area, TotalizationStore, VoteRow } from '../store/types.ts';
import { BU_TIPO_VOTO } from '../urna/model.ts';

const indexes = new WeakMap<ElectionDefinition, ElectionIndex>();

/** The lookup index of a definition, built once per definition object (the store keeps one parsed definition). */
export function totalizationIndex(def: ElectionDefinition): ElectionIndex {
  let index = indexes.get(def);
  if (!index) {
    index = indexElection(def);
    indexes.set(def, index);
  }
  return index;
}

export interface CandidateVotes {
  numero: number;
  partido: number;
  votos: number;
}

export interface PartyVotes {
  partido: number;
  /** Σ nominal votes of the party's candidates. */
  nominais: number;
  legenda: number;
  /** nominais + legenda. */
  total: number;
}

export interface CargoTotals {
  area: Area;
  idEleicao: number;
  cargo: number;
  secoes: { total: number; totalizadas: number };
  /** Registered voters of the whole área (every seção), from the definition; null if unknown. */
  aptos: number | null;
  /** Registered voters of the totalized seções (Σ qtdEleitoresAptos of their BUs): the base of comparecimento. */
  aptosTotalizados: number;
  comparecimento: number;
  /** aptosTotalizados − comparecimento: the TSE computes abstenção over the totalized seções too. */
  abstencao: number;
  nominais: number;
  legenda: number;
  brancos: number;
  nulos: number;
  /** Votes for an office without candidates (BU tipoVoto cargoSemCandidato); counted apart, never valid. */
  cargoSemCandidato: number;
  /** nominais + legenda (blank and null votes are never valid: LE art. 5, CF art. 77 §2). */
  validos: number;
  /** Every vote cast for the cargo (comparecimento × choices per voter). */
  totalVotos: number;
  /** Most voted first, ties by number. Only candidates with votes. */
  candidatos: CandidateVotes[];
  /** By party number; parties with nominal or legenda votes. */
  partidos: PartyVotes[];
}

function emptyTotals(area: Area, idEleicao: number, cargo: number): CargoTotals {
  return {
    area,
    idEleicao,
    cargo,
    secoes: { total: 0, totalizadas: 0 },
    aptos: null,
    aptosTotalizados: 0,
    comparecimento: 0,
    abstencao: 0,
    nominais: 0,
    legenda: 0,
    brancos: 0,
    nulos: 0,
    cargoSemCandidato: 0,
    validos: 0,
    totalVotos: 0,
    candidatos: [],
    partidos: [],
  };
}

function addVote(t: CargoTotals, parties: Map<number, PartyVotes>, r: VoteRow): void {
  t.totalVotos += r.votos;
  const party = (): PartyVotes => {
    let p = parties.get(r.partido);
    if (!p) parties.set(r.partido, (p = { partido: r.partido, nominais: 0, legenda: 0, total: 0 }));
    return p;
  };
  switch (r.tipoVoto) {
    case BU_TIPO_VOTO.nominal: {
      t.nominais += r.votos;
      t.candidatos.push({ numero: r.codigo, partido: r.partido, votos: r.votos });
      const p = party();
      p.nominais += r.votos;
      p.total += r.votos;
      break;
    }
    case BU_TIPO_VOTO.legenda: {
      t.legenda += r.votos;
      const p = party();
      p.legenda += r.votos;
      p.total += r.votos;
      break;
    }
    case BU_TIPO_VOTO.branco:
      t.brancos += r.votos;
      break;
    case BU_TIPO_VOTO.nulo:
      t.nulos += r.votos;
      break;
    default:
      t.cargoSemCandidato += r.votos;
  }
}

/**
 * Totals of every (eleição, cargo) with votes or turnout in the área, plus `extra` cargos asked for explicitly
 * (a contest nobody has voted in yet still gets its zero totals). One query per kind of row, whatever the number of
 * cargos.
 */
export function areaTotals(
  store: TotalizationStore,
  area: Area,
  extra: readonly { idEleicao: number; cargo: number }[] = [],
): CargoTotals[] {
  const byCargo = new Map<string, { t: CargoTotals; parties: Map<number, PartyVotes> }>();
  const get = (idEleicao: number, cargo: number) => {
    const k = `${idEleicao}/${cargo}`;
    let e = byCargo.get(k);
    if (!e) byCargo.set(k, (e = { t: emptyTotals(area, idEleicao, cargo), parties: new Map() }));
    return e;
  };
  for (const x of extra) get(x.idEleicao, x.cargo);
  for (const r of store.votes(area)) {
    const e = get(r.idEleicao, r.cargo);
    addVote(e.t, e.parties, r);
  }
  for (const r of store.turnout(area)) get(r.idEleicao, r.cargo).t.comparecimento = r.comparecimento;
  const eleicoes = new Map(store.eleicoes(area).map((e) => [e.idEleicao, e]));
  const secoes = store.secaoCounts(area);
  const out: CargoTotals[] = [];
  for (const { t, parties } of byCargo.values()) {
    const el = eleicoes.get(t.idEleicao);
    t.secoes = { total: secoes.total, totalizadas: el?.secoesTotalizadas ?? 0 };
    t.aptos = secoes.aptos;
    t.aptosTotalizados = el?.aptosTotalizados ?? 0;
    t.abstencao = t.aptosTotalizados - t.comparecimento;
    t.validos = t.nominais + t.legenda;
    t.candidatos.sort((a, b) => b.votos - a.votos || a.numero - b.numero);
    t.partidos = [...parties.values()].sort((a, b) => a.partido - b.partido);
    out.push(t);
  }
  return out.sort((a, b) => a.idEleicao - b.idEleicao || a.cargo - b.cargo);
}

/** Totals of one cargo in one área (zeros when nothing has been counted yet). */
export function cargoTotals(store: TotalizationStore, area: Area, idEleicao: number, cargo: number): CargoTotals {
  return areaTotals(store, area, [{ idEleicao, cargo }]).find((t) => t.idEleicao === idEleicao && t.cargo === cargo)!;
}

/** The área of a contest: its município, its UF, or the whole country. */
export function contestArea(contest: { municipio?: number; uf?: string }): Area {
  if (contest.municipio !== undefined) return { kind: 'municipio', municipio: contest.municipio };
  if (contest.uf !== undefined) return { kind: 'uf', uf: contest.uf };
  return { kind: 'pais' };
}

/** A readable name of an área ("São Paulo (SP)", "SP", "Brasil"). */
export function areaName(def: ElectionDefinition, area: Area): string {
  if (area.kind === 'pais') return 'Brasil';
  if (area.kind === 'uf') return def.ufs.find((u) => u.uf === area.uf)?.name ?? area.uf;
  for (const u of def.ufs) {
    const m = u.municipios.find((x) => x.code === area.municipio);
    if (m) return `${m.name} (${u.uf})`;
  }
  return `município ${area.municipio}`;
}
