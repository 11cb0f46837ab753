// Re-totalizing real BU files (V1 and V2 mixed): per idEleicao → per cargo → nominal votes per (partido, codigo),
// legenda per party, branco, nulo, plus comparecimento, aptos and seções. A seção counts once: the same BU met
// twice (identical bytes) is noted; two different BUs for one seção are both reported and the newest by
// dataHoraEmissao is used (flagged). Bytes in, totals out; no node: imports (retotalize-node.ts reads folders).
//
// Memory: one compact record per seção (its tuples' numbers), not the decoded BU, so a São Paulo-sized folder
// (22,000 seções) stays small; adding is O(tuples).
import { sha512 } from '../crypto/hash.ts';
import { codigoCargoNumber } from '../tse/bu-codec.ts';
import { decodeFile } from '../tse/decode-file.ts';
import { hexUpper } from '../tse/ber.ts';
import type { EntidadeBoletimUrna, TipoCargoConsulta } from '../tse/asn1-types.ts';
import type { Problem } from '../election/problem.ts';

export interface NominalTotal {
  partido: number;
  codigo: number;
  votos: number;
}

export interface CargoTotals {
  codigoCargo: number;
  tipoCargo: TipoCargoConsulta;
  /** Sorted by votes (descending), then number. */
  nominal: NominalTotal[];
  /** Legenda votes per party number. */
  legenda: Record<number, number>;
  branco: number;
  nulo: number;
  cargoSemCandidato: number;
  /** Sum of every vote of the cargo (a 2-vacancy senate election counts each voter twice). */
  total: number;
  /** Sum of qtdComparecimento of the BUs' ResultadoVotacao holding this cargo. */
  comparecimento: number;
  secoes: number;
}

export interface EleicaoTotals {
  idEleicao: number;
  aptos: number;
  /** Per seção, the largest qtdComparecimento of the eleição (every cargo is voted by the same voters). */
  comparecimento: number;
  secoes: number;
  cargos: CargoTotals[];
}

export interface SecaoConflict {
  /** `pleito/municipio/zona/secao`. */
  secao: string;
  files: { file: string; dataHoraEmissao: string }[];
  used: string;
}

export interface Retotalization {
  eleicoes: EleicaoTotals[];
  /** BU files read and counted (after duplicates). */
  buFiles: number;
  secoes: number;
  /** The same BU (identical bytes) found more than once: counted once. */
  duplicates: { secao: string; files: string[] }[];
  /** Different BUs for one seção: the newest by dataHoraEmissao used. */
  conflicts: SecaoConflict[];
  /** Files that are not BUs or do not decode: named, not counted. */
  problems: Problem[];
}

interface TupleRec {
  eleicao: number;
  cargo: number;
  tipoCargo: TipoCargoConsulta;
  /** 1 nominal, 2 branco, 3 nulo, 4 legenda, 5 cargoSemCandidato. */
  tipo: number;
  partido: number;
  codigo: number;
  votos: number;
}

interface SecaoRec {
  file: string;
  digest: string;
  dataHoraEmissao: string;
  eleicoes: { idEleicao: number; aptos: number; comparecimento: number }[];
  /** Per eleição and cargo, the qtdComparecimento of its ResultadoVotacao. */
  cargoComparecimento: { eleicao: number; cargo: number; tipoCargo: TipoCargoConsulta; comparecimento: number }[];
  tuples: TupleRec[];
}

const TIPO = { nominal: 1, branco: 2, nulo: 3, legenda: 4, cargoSemCandidato: 5 } as const;

function record(file: string, digest: string, bu: EntidadeBoletimUrna): SecaoRec {
  const rec: SecaoRec = {
    file,
    digest,
    dataHoraEmissao: bu.dataHoraEmissao,
    eleicoes: [],
    cargoComparecimento: [],
    tuples: [],
  };
  for (const e of bu.resultadosVotacaoPorEleicao) {
    let comp = 0;
    for (const rv of e.resultadosVotacao) {
      comp = Math.max(comp, rv.qtdComparecimento);
      for (const c of rv.totaisVotosCargo) {
        const cargo = codigoCargoNumber(c.codigoCargo);
        rec.cargoComparecimento.push({
          eleicao: e.idEleicao,
          cargo,
          tipoCargo: rv.tipoCargo,
          comparecimento: rv.qtdComparecimento,
        });
        for (const t of c.votosVotaveis) {
          rec.tuples.push({
            eleicao: e.idEleicao,
            cargo,
            tipoCargo: rv.tipoCargo,
            tipo: TIPO[t.tipoVoto],
            partido: t.identificacaoVotavel?.partido ?? 0,
            codigo: t.identificacaoVotavel?.codigo ?? 0,
            votos: t.quantidadeVotos,
          });
        }
      }
    }
    rec.eleicoes.push({ idEleicao: e.idEleicao, aptos: e.qtdEleitoresAptos, comparecimento: comp });
  }
  return rec;
}

/** An accumulator: add files one by one (any order), then `result()`. */
export class Retotalizer {
  private readonly secoes = new Map<string, SecaoRec>();
  private readonly seen = new Map<string, { secao: string; files: string[] }>();
  private readonly conflicts = new Map<string, SecaoConflict>();
  private readonly problems: Problem[] = [];
  private files = 0;

  /** Adds one file. Not a BU, or not decodable: a problem naming the file (returned false), never a throw. */
  add(file: string, bytes: Uint8Array): boolean {
    const d = decodeFile(file, bytes);
    if (!d.ok) {
      this.problems.push(...d.problems.slice(0, 3));
      return false;
    }
    if (d.value.kind !== 'bu') {
      this.problems.push({ file, path: '(file)', expected: 'a BU', found: `a ${d.value.kind} file` });
      return false;
    }
    const bu = d.value.value;
    const s = bu.identificacaoSecao;
    const secao = `${bu.cabecalho.idEleitoral.idPleito ?? '?'}/${s.municipioZona.municipio}/${s.municipioZona.zona}/${s.secao}`;
    const digest = hexUpper(sha512(bytes));
    const dup = this.seen.get(digest);
    if (dup) {
      dup.files.push(file);
      return true;
    }
    this.seen.set(digest, { secao, files: [file] });
    this.files++;
    const rec = record(file, digest, bu);
    const prev = this.secoes.get(secao);
    if (!prev) {
      this.secoes.set(secao, rec);
      return true;
    }
    // Two different BUs for one seção: keep both in the report, count the newest.
    const conflict = this.conflicts.get(secao) ?? {
      secao,
      files: [{ file: prev.file, dataHoraEmissao: prev.dataHoraEmissao }],
      used: prev.file,
    };
    conflict.files.push({ file, dataHoraEmissao: rec.dataHoraEmissao });
    // DataHoraJE `YYYYMMDDThhmmss` sorts as text.
    const newest = rec.dataHoraEmissao > prev.dataHoraEmissao ? rec : prev;
    conflict.used = newest.file;
    this.conflicts.set(secao, conflict);
    this.secoes.set(secao, newest);
    return true;
  }

  result(): Retotalization {
    const eleicoes = new Map<
      number,
      EleicaoTotals & { byCargo: Map<number, CargoTotals & { byCand: Map<string, NominalTotal> }> }
    >();
    const eleicaoOf = (id: number) => {
      let e = eleicoes.get(id);
      if (!e) {
        e = { idEleicao: id, aptos: 0, comparecimento: 0, secoes: 0, cargos: [], byCargo: new Map() };
        eleicoes.set(id, e);
      }
      return e;
    };
    const cargoOf = (e: ReturnType<typeof eleicaoOf>, cargo: number, tipoCargo: TipoCargoConsulta) => {
      let c = e.byCargo.get(cargo);
      if (!c) {
        c = {
          codigoCargo: cargo,
          tipoCargo,
          nominal: [],
          legenda: {},
          branco: 0,
          nulo: 0,
          cargoSemCandidato: 0,
          total: 0,
          comparecimento: 0,
          secoes: 0,
          byCand: new Map(),
        };
        e.byCargo.set(cargo, c);
      }
      return c;
    };
    for (const rec of this.secoes.values()) {
      for (const x of rec.eleicoes) {
        const e = eleicaoOf(x.idEleicao);
        e.aptos += x.aptos;
        e.comparecimento += x.comparecimento;
        e.secoes++;
      }
      for (const x of rec.cargoComparecimento) {
        const c = cargoOf(eleicaoOf(x.eleicao), x.cargo, x.tipoCargo);
        c.comparecimento += x.comparecimento;
        c.secoes++;
      }
      for (const t of rec.tuples) {
        const c = cargoOf(eleicaoOf(t.eleicao), t.cargo, t.tipoCargo);
        c.total += t.votos;
        if (t.tipo === TIPO.nominal) {
          const k = `${t.partido}|${t.codigo}`;
          const n = c.byCand.get(k);
          if (n) n.votos += t.votos;
          else c.byCand.set(k, { partido: t.partido, codigo: t.codigo, votos: t.votos });
        } else if (t.tipo === TIPO.legenda) c.legenda[t.partido] = (c.legenda[t.partido] ?? 0) + t.votos;
        else if (t.tipo === TIPO.branco) c.branco += t.votos;
        else if (t.tipo === TIPO.nulo) c.nulo += t.votos;
        else c.cargoSemCandidato += t.votos;
      }
    }
    const out: EleicaoTotals[] = [...eleicoes.values()]
      .sort((a, b) => a.idEleicao - b.idEleicao)
      .map(({ byCargo, ...e }) => ({
        ...e,
        cargos: [...byCargo.values()]
          .sort((a, b) => a.codigoCargo - b.codigoCargo)
          .map(({ byCand, ...c }) => ({
            ...c,
            nominal: [...byCand.values()].sort((a, b) => b.votos - a.votos || a.codigo - b.codigo),
          })),
      }));
    return {
      eleicoes: out,
      buFiles: this.files,
      secoes: this.secoes.size,
      duplicates: [...this.seen.values()].filter((d) => d.files.length > 1),
      conflicts: [...this.conflicts.values()],
      problems: this.problems,
    };
  }
}
