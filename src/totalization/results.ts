// The election's results from the store: per contest, the totals of its área (aggregate.ts) and the outcome —
// majority (elected, or the two who go to a second round) or proportional (seats, elected in order, suplentes) —
// with the rules of majority.ts and proportional.ts. Percentages are of valid votes (candidates) or of the
// electorate/turnout, rounded half-up to 2 decimals with a decimal comma, as the TSE publishes them
// (ELECTION-RULES.md §6.1: 43.1976% → "43,20", not "43,19").
//
// The JSON shape (ElectionResults, format "urna-resultados/1"):
//   { format, election: {name, kind, pleito, round, fase, date}, rule, secoes: {total, totalizadas}, final,
//     contests: [ {
//       idEleicao, cargo, cargoNome, sistema: 'majority'|'proportional', vagas, area: Area, areaNome, final,
//       totais: CargoTotals (aggregate.ts) + percentuais {comparecimento, abstencao (of aptosTotalizados),
//                brancos, nulos (of totalVotos), validos (of totalVotos)},
//       candidatos: [ {numero, nome, partido, sigla, votos, percentualValidos, situacao} ] (most voted first; every
//                   candidate of the contest, unfit ones with situacao 'inapto'),
//       majoritario?: MajorityOutcome (majority.ts),  proporcional?: ProportionalResult (proportional.ts),
//       notas: string[] } ] }
// Everything in it is plain JSON (numbers, strings, arrays, objects): publication writes it as is.
import type { Contest, ElectionDefinition } from '../election/definition.ts';
import type { ElectionIndex } from '../election/lookup.ts';
import type { Area, TotalizationStore } from '../store/types.ts';
import { areaName, areaTotals, contestArea, totalizationIndex, type CargoTotals } from './aggregate.ts';
import { majorityOutcome, secondRoundApplies, type MajorityOutcome } from './majority.ts';
import {
  distributeSeats,
  formatIntBR,
  type AgremiacaoInput,
  type CandidateOutcome,
  type ProportionalResult,
  type ProportionalRule,
} from './proportional.ts';

export const RESULTS_FORMAT = 'urna-resultados/1';

export type Situacao = 'eleito' | '2º turno' | 'suplente' | 'não eleito' | 'inapto';

export interface CandidateResult {
  numero: number;
  nome: string;
  partido: number;
  sigla: string;
  votos: number;
  /** Share of valid votes, e.g. "48,43". */
  percentualValidos: string;
  situacao: Situacao;
}

export interface ContestResult {
  idEleicao: number;
  cargo: number;
  cargoNome: string;
  sistema: 'majority' | 'proportional';
  vagas: number;
  area: Area;
  areaNome: string;
  /** Every seção of the área totalized: the outcome can no longer change. */
  final: boolean;
  totais: CargoTotals & {
    percentuais: { comparecimento: string; abstencao: string; brancos: string; nulos: string; validos: string };
  };
  candidatos: CandidateResult[];
  majoritario?: MajorityOutcome;
  proporcional?: ProportionalResult;
  /** How the outcome was reached where it is not obvious (second-round rule, unresolved ties). */
  notas: string[];
}

export interface ElectionResults {
  format: typeof RESULTS_FORMAT;
  election: {
    name: string;
    kind: ElectionDefinition['kind'];
    pleito: number;
    round: 1 | 2;
    fase: ElectionDefinition['fase'];
    date: string;
  };
  rule: ProportionalRule;
  secoes: { total: number; totalizadas: number };
  final: boolean;
  contests: ContestResult[];
}

export interface ElectionResultsOptions {
  /** Proportional rule: 'stf-2024' (default, the rule in force) or 'tse-2022'. */
  rule?: ProportionalRule;
}

/**
 * `part / whole` as a percentage, rounded half-up to 2 decimals, decimal comma: percentBR(51072345, 118229719) →
 * "43,20". Integer arithmetic: part·20000 + whole stays far below 2^53 for any electorate, and the quotient of two
 * such integers is exact enough for the floor to be right (the distance to the next integer is ≥ 1/(2·whole)).
 */
export function percentBR(part: number, whole: number): string {
  if (whole <= 0) return '0,00';
  const hundredths = Math.floor((part * 20_000 + whole) / (2 * whole));
  const int = Math.floor(hundredths / 100);
  return `${formatIntBR(int)},${String(hundredths - int * 100).padStart(2, '0')}`;
}

function withPercentages(t: CargoTotals): ContestResult['totais'] {
  return {
    ...t,
    percentuais: {
      comparecimento: percentBR(t.comparecimento, t.aptosTotalizados),
      abstencao: percentBR(t.abstencao, t.aptosTotalizados),
      brancos: percentBR(t.brancos, t.totalVotos),
      nulos: percentBR(t.nulos, t.totalVotos),
      validos: percentBR(t.validos, t.totalVotos),
    },
  };
}

function partyAbbreviation(index: ElectionIndex, n: number): string {
  return index.party(n)?.abbreviation ?? String(n);
}

/** The agremiações of a proportional contest: each federation as one, every other party on its own (LE art. 6-A). */
function agremiacoes(contest: Contest, totals: CargoTotals, index: ElectionIndex): AgremiacaoInput[] {
  const votes = new Map(totals.candidatos.map((c) => [c.numero, c.votos]));
  const legenda = new Map(totals.partidos.map((p) => [p.partido, p.legenda]));
  const partyNumbers = new Set<number>([
    ...contest.candidates.map((c) => c.party),
    ...totals.partidos.filter((p) => p.legenda > 0).map((p) => p.partido),
  ]);
  const groups = new Map<string, AgremiacaoInput>();
  for (const n of [...partyNumbers].sort((a, b) => a - b)) {
    const federation = index.federationOf(n);
    const name = federation ? federation.abbreviation : partyAbbreviation(index, n);
    let g = groups.get(name);
    if (!g) groups.set(name, (g = { name, parties: [], candidates: [] }));
    g.parties.push({ number: n, abbreviation: partyAbbreviation(index, n), legenda: legenda.get(n) ?? 0 });
    for (const c of contest.candidates) {
      if (c.party !== n) continue;
      g.candidates.push({
        number: c.number,
        name: c.ballotName,
        party: c.party,
        votes: votes.get(c.number) ?? 0,
        birthDate: c.birthDate,
        eligible: c.fit,
      });
    }
  }
  return [...groups.values()];
}

function contestResult(
  store: TotalizationStore,
  def: ElectionDefinition,
  index: ElectionIndex,
  contest: Contest,
  totals: CargoTotals,
  rule: ProportionalRule,
): ContestResult {
  const rule0 = index.officeRule(contest.office);
  const sistema = rule0?.system ?? 'majority';
  const votes = new Map(totals.candidatos.map((c) => [c.numero, c.votos]));
  const notas: string[] = [];
  const situacao = new Map<number, Situacao>();
  const result: ContestResult = {
    idEleicao: totals.idEleicao,
    cargo: contest.office,
    cargoNome: rule0?.name ?? `Cargo ${contest.office}`,
    sistema,
    vagas: contest.seats,
    area: totals.area,
    areaNome: areaName(def, totals.area),
    final: totals.secoes.totalizadas === totals.secoes.total,
    totais: withPercentages(totals),
    candidatos: [],
    notas,
  };

  if (contest.candidates.length === 0) {
    // Every candidacy withdrawn or refused: the urnas showed "cargo sem candidato", and the BUs count the office's
    // votes as such (TipoVoto cargoSemCandidato), neither valid, branco nor nulo.
    notas.push(
      'cargo sem candidato: ninguém eleito; nas urnas, o voto do cargo foi registrado como "cargo sem candidato"',
    );
  } else if (sistema === 'majority') {
    let municipioVoters: number | undefined;
    if (contest.municipio !== undefined) {
      const aptos = store.municipioAptos(contest.municipio);
      if (aptos === null) {
        // No voter roll in the definition: the electorate of the totalized seções is the best figure there is.
        municipioVoters = totals.aptosTotalizados;
        notas.push(
          `eleitorado do município desconhecido na definição: usado o das seções totalizadas (${formatIntBR(municipioVoters)})`,
        );
      } else municipioVoters = aptos;
    }
    const applies = secondRoundApplies(contest.office, municipioVoters, def.round);
    if (contest.municipio !== undefined && def.round === 1 && contest.office === 11) {
      notas.push(
        applies
          ? `mais de 200.000 eleitores (${formatIntBR(municipioVoters ?? 0)}): maioria absoluta, ou 2º turno`
          : `até 200.000 eleitores (${formatIntBR(municipioVoters ?? 0)}): maioria simples, sem 2º turno`,
      );
    }
    const outcome = majorityOutcome({
      office: contest.office,
      seats: contest.seats,
      secondRoundApplies: applies,
      candidates: contest.candidates
        .filter((c) => c.fit)
        .map((c) => ({
          number: c.number,
          name: c.ballotName,
          votes: votes.get(c.number) ?? 0,
          birthDate: c.birthDate,
        })),
    });
    result.majoritario = outcome;
    if (outcome.kind === 'elected') for (const c of outcome.elected) situacao.set(c.number, 'eleito');
    if (outcome.kind === 'second-round') for (const c of outcome.finalists) situacao.set(c.number, '2º turno');
    for (const t of outcome.ties) {
      notas.push(
        `empate sem desempate pela idade entre ${t.candidates.join(', ')} (${t.votes} votos): decidido pelo número`,
      );
    }
  } else {
    const outcome = distributeSeats(
      { seats: contest.seats, agremiacoes: agremiacoes(contest, totals, index) },
      { rule },
    );
    result.proporcional = outcome;
    const mark = (o: CandidateOutcome): void => {
      situacao.set(o.number, o.status === 'eleito' ? 'eleito' : o.status === 'suplente' ? 'suplente' : 'não eleito');
    };
    for (const ag of outcome.agremiacoes) {
      ag.elected.forEach(mark);
      ag.suplentes.forEach(mark);
      ag.naoEleitos.forEach(mark);
    }
    for (const t of outcome.ties.filter((x) => x.decisive)) {
      notas.push(
        `empate decisivo sem desempate pela idade (${t.kind}: ${t.candidates.join(', ')}): decidido por ${t.resolvedBy}`,
      );
    }
  }

  result.candidatos = contest.candidates
    .map((c): CandidateResult => ({
      numero: c.number,
      nome: c.ballotName,
      partido: c.party,
      sigla: partyAbbreviation(index, c.party),
      votos: votes.get(c.number) ?? 0,
      percentualValidos: percentBR(votes.get(c.number) ?? 0, totals.validos),
      situacao: !c.fit ? 'inapto' : (situacao.get(c.number) ?? 'não eleito'),
    }))
    .sort((a, b) => b.votos - a.votos || a.numero - b.numero);
  return result;
}

/** The results of every contest of the election, from what the store has counted so far. */
export function electionResults(
  store: TotalizationStore,
  def: ElectionDefinition,
  opts: ElectionResultsOptions = {},
): ElectionResults {
  const index = totalizationIndex(def);
  const rule = opts.rule ?? 'stf-2024';
  // One aggregation per área, shared by the contests of that área.
  const byArea = new Map<string, CargoTotals[]>();
  const contests: ContestResult[] = [];
  for (const contest of def.contests) {
    const area = contestArea(contest);
    const idEleicao = index.eleicaoOfOffice(contest.office) ?? 0;
    const k = area.kind === 'pais' ? 'pais' : area.kind === 'uf' ? `uf:${area.uf}` : `m:${area.municipio}`;
    let totals = byArea.get(k);
    if (!totals) {
      const wanted = def.contests
        .filter((c) => {
          const a = contestArea(c);
          return a.kind === area.kind && JSON.stringify(a) === JSON.stringify(area);
        })
        .map((c) => ({ idEleicao: index.eleicaoOfOffice(c.office) ?? 0, cargo: c.office }));
      totals = areaTotals(store, area, wanted);
      byArea.set(k, totals);
    }
    const t = totals.find((x) => x.idEleicao === idEleicao && x.cargo === contest.office)!;
    contests.push(contestResult(store, def, index, contest, t, rule));
  }
  const secoes = store.secaoCounts({ kind: 'pais' });
  return {
    format: RESULTS_FORMAT,
    election: { name: def.name, kind: def.kind, pleito: def.pleito, round: def.round, fase: def.fase, date: def.date },
    rule,
    secoes: { total: secoes.total, totalizadas: secoes.totalizadas },
    final: secoes.totalizadas === secoes.total,
    contests,
  };
}

// ---- Text report (pt-BR, as printed and published) ----------------------------------------------------------------

const HOW: Readonly<Record<string, string>> = {
  QP: 'eleito por QP',
  media: 'eleito por média',
  'media-fase3': 'eleito por média',
};

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}
function lpad(s: string, n: number): string {
  return s.length >= n ? s : ' '.repeat(n - s.length) + s;
}

/** A readable report of the results, in pt-BR. */
export function formatResults(results: ElectionResults): string {
  const lines: string[] = [];
  const e = results.election;
  lines.push(`RESULTADO — ${e.name}`);
  lines.push(`Pleito ${e.pleito}, ${e.round}º turno, ${e.date} (${e.fase})`);
  lines.push(
    `Seções totalizadas: ${formatIntBR(results.secoes.totalizadas)} de ${formatIntBR(results.secoes.total)} ` +
      `(${percentBR(results.secoes.totalizadas, results.secoes.total)}%)${results.final ? ' — totalização concluída' : ' — parcial'}`,
  );
  for (const c of results.contests) {
    const t = c.totais;
    lines.push('');
    lines.push(`== ${c.cargoNome} — ${c.areaNome}${c.vagas > 1 ? ` (${c.vagas} vagas)` : ''} ==`);
    lines.push(
      `Seções: ${formatIntBR(t.secoes.totalizadas)} de ${formatIntBR(t.secoes.total)}   ` +
        `Eleitorado: ${t.aptos === null ? '—' : formatIntBR(t.aptos)}   ` +
        `Eleitorado das seções totalizadas: ${formatIntBR(t.aptosTotalizados)}`,
    );
    lines.push(
      `Comparecimento: ${formatIntBR(t.comparecimento)} (${t.percentuais.comparecimento}%)   ` +
        `Abstenção: ${formatIntBR(t.abstencao)} (${t.percentuais.abstencao}%)`,
    );
    lines.push(
      `Votos válidos: ${formatIntBR(t.validos)} (${t.percentuais.validos}%)` +
        (c.sistema === 'proportional'
          ? ` [nominais ${formatIntBR(t.nominais)}, legenda ${formatIntBR(t.legenda)}]`
          : '') +
        `   Brancos: ${formatIntBR(t.brancos)} (${t.percentuais.brancos}%)   Nulos: ${formatIntBR(t.nulos)} (${t.percentuais.nulos}%)` +
        (t.cargoSemCandidato > 0 ? `   Cargo sem candidato: ${formatIntBR(t.cargoSemCandidato)}` : ''),
    );
    if (c.sistema === 'majority') {
      lines.push(
        `  ${pad('Nº', 6)}${pad('Candidato', 32)}${pad('Partido', 10)}${lpad('Votos', 14)}${lpad('% válidos', 11)}  Situação`,
      );
      for (const k of c.candidatos) {
        lines.push(
          `  ${pad(String(k.numero), 6)}${pad(k.nome, 32)}${pad(k.sigla, 10)}${lpad(formatIntBR(k.votos), 14)}` +
            `${lpad(k.percentualValidos, 11)}  ${k.situacao}`,
        );
      }
      const m = c.majoritario;
      if (!m) lines.push('Resultado: cargo sem candidato — ninguém eleito');
      else if (m.kind === 'elected') {
        lines.push(
          `Resultado: ${m.elected.map((x) => `${x.number} ${x.name}`).join(', ')} ${m.elected.length > 1 ? 'eleitos' : 'eleito(a)'} ` +
            `(${m.by === 'absolute-majority' ? 'maioria absoluta' : 'maioria simples'})${c.final ? '' : ' — parcial'}`,
        );
      } else if (m.kind === 'second-round') {
        lines.push(
          `Resultado: 2º turno entre ${m.finalists.map((x) => `${x.number} ${x.name}`).join(' e ')} ` +
            `(ninguém obteve a maioria absoluta dos votos válidos)${c.final ? '' : ' — parcial'}`,
        );
      } else lines.push('Resultado: nenhum voto válido');
    } else if (!c.proporcional) {
      lines.push('Resultado: cargo sem candidato — ninguém eleito');
    } else {
      const p = c.proporcional;
      lines.push(
        `Quociente eleitoral: ${formatIntBR(p.qe)} (${formatIntBR(p.validVotes)} ÷ ${p.seats} = ${p.qeExact.display})   ` +
          `10%: ${p.thresholds.candidateQP.display}   20%: ${p.thresholds.candidateMedia.display}   80%: ${p.thresholds.agremiacao.display}`,
      );
      lines.push(
        `  ${pad('Agremiação', 24)}${lpad('Nominais', 12)}${lpad('Legenda', 10)}${lpad('Total', 12)}${lpad('QP', 5)}${lpad('Vagas', 7)}`,
      );
      for (const ag of p.agremiacoes) {
        if (ag.votes === 0 && ag.seats === 0) continue;
        lines.push(
          `  ${pad(ag.name, 24)}${lpad(formatIntBR(ag.nominalVotes), 12)}${lpad(formatIntBR(ag.legendaVotes), 10)}` +
            `${lpad(formatIntBR(ag.votes), 12)}${lpad(String(ag.qp), 5)}${lpad(String(ag.seats), 7)}`,
        );
      }
      lines.push(`Eleitos${c.final ? '' : ' (parcial)'}:`);
      for (const s of p.elected) {
        lines.push(
          `  ${lpad(String(s.seat), 3)}. ${pad(`${s.candidate.number} ${s.candidate.name}`, 36)}${pad(s.agremiacao, 14)}` +
            `${lpad(formatIntBR(s.candidate.votes), 12)}  ${HOW[s.how] ?? s.how}${s.media ? ` (média ${s.media.display})` : ''}`,
        );
      }
      if (p.unfilledSeats > 0) lines.push(`  ${p.unfilledSeats} vaga(s) não preenchida(s)`);
      for (const ag of p.agremiacoes) {
        if (ag.suplentes.length === 0) continue;
        const first = ag.suplentes.slice(0, 5).map((s) => `${s.number} ${s.name} (${formatIntBR(s.votes)})`);
        lines.push(
          `Suplentes ${ag.name}: ${first.join('; ')}${ag.suplentes.length > 5 ? `; … (${ag.suplentes.length} ao todo)` : ''}`,
        );
      }
    }
    for (const n of c.notas) lines.push(`Nota: ${n}`);
  }
  return lines.join('\n') + '\n';
}
