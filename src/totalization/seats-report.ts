// The seat calculator's output: a printed report in pt-BR (as the TSE's "espelho" of a proportional count reads:
// QE, thresholds, the table of agremiações, the elected in order and how, the suplentes) and the JSON form.
//
// Pure: no I/O, runs in Node and in the browser.
import {
  formatIntBR,
  type AgremiacaoResult,
  type CandidateOutcome,
  type ElectedSeat,
  type ProportionalResult,
  type ProportionalRule,
  type ProportionalWarning,
  type UnresolvedTie,
} from './proportional.ts';
import type { SeatsFile } from './seats-input.ts';

export const RULE_LABELS: Readonly<Record<ProportionalRule, string>> = {
  'stf-2024':
    'STF, ADIs 7.228/7.263/7.325 (eleições desde 2024; 2022 após os embargos de 2025): todas as agremiações e candidatos disputam as sobras finais (art. 109 III)',
  'tse-2022':
    'TSE 2022 (Res. 23.677/2021 como aplicada em 2022): as sobras finais (art. 109 III) só entre agremiações com 80% do QE',
};

/** The JSON form: the whole result plus the file's office label and note. */
export function seatsReportJson(result: ProportionalResult, meta: Pick<SeatsFile, 'office' | 'note'> = {}): object {
  return {
    ...(meta.office !== undefined ? { office: meta.office } : {}),
    ...(meta.note !== undefined ? { note: meta.note } : {}),
    ...result,
  };
}

function agremiacaoLabel(a: AgremiacaoResult): string {
  if (a.parties.length < 2 || a.name.includes('(')) return a.name;
  return `${a.name} (${a.parties.map((p) => p.abbreviation ?? String(p.number)).join('/')})`;
}

function votos(n: number): string {
  return `${formatIntBR(n)} voto${n === 1 ? '' : 's'}`;
}

function candidateText(c: CandidateOutcome): string {
  return `${c.number} ${c.name}`;
}

function howText(e: ElectedSeat, agremiacoes: ReadonlyMap<string, AgremiacaoResult>): string {
  if (e.how === 'QP') return 'eleito por QP';
  const m = e.media!;
  const label = e.how === 'media' ? 'eleito por média' : 'eleito por média (art. 109 III)';
  const total = agremiacoes.get(e.agremiacao)!.votes;
  return `${label}: ${formatIntBR(total)} ÷ ${m.denominator} = ${m.display}`;
}

function warningText(w: ProportionalWarning): string {
  switch (w.code) {
    case 'no-valid-votes':
      return 'Nenhum voto válido: ninguém foi eleito.';
    case 'qe-zero':
      return 'Quociente eleitoral igual a zero (votos válidos em número não superior à metade das vagas): não há eleitos por QP; todas as vagas foram distribuídas por médias.';
    case 'qp-exceeds-seats':
      return `As vagas por QP (${w.qpSeats}) excederam as vagas em disputa (possível só com pouquíssimos votos): mantidas as de maiores médias.`;
    case 'tse-2022-phase3-opened':
      return `Regra de 2022: nenhuma agremiação com 80% do QE tinha candidatos restantes; a partir da vaga ${w.fromSeat}, todas as agremiações disputaram (como determinou o STF).`;
    case 'unfilled-seats':
      return `${w.seats} vaga${w.seats === 1 ? '' : 's'} não preenchida${w.seats === 1 ? '' : 's'}: não há mais candidatos.`;
  }
}

function tieText(t: UnresolvedTie, names: ReadonlyMap<number, string>): string {
  const who = t.candidates.map((n) => `${n} ${names.get(n) ?? ''}`.trim()).join(', ');
  const why = t.reason === 'birth-date-missing' ? 'falta a data de nascimento' : 'mesma data de nascimento';
  const what = t.decisive ? 'decide quem é eleito' : 'decide só a ordem dos suplentes';
  if (t.kind === 'media')
    return `Vaga ${t.seat}: empate de médias, votos e votos do próximo candidato entre ${t.agremiacoes.join(' e ')} (${who}); ${why}. Adotado: data conhecida antes da desconhecida, depois ordem alfabética das agremiações — ${what}; confira antes de proclamar.`;
  return `${t.agremiacoes[0]}: empate de votos entre ${who}; ${why} (CE art. 110: o mais idoso). Adotado: data conhecida antes da desconhecida, depois o número — ${what}.`;
}

/** The printed report (pt-BR). */
export function formatSeatsReport(result: ProportionalResult, meta: Pick<SeatsFile, 'office' | 'note'> = {}): string {
  const out: string[] = [];
  const line = (s = '') => out.push(s);
  const byName = new Map(result.agremiacoes.map((a) => [a.name, a]));
  const names = new Map<number, string>();
  for (const a of result.agremiacoes)
    for (const c of [...a.elected, ...a.suplentes, ...a.naoEleitos]) names.set(c.number, c.name);

  line(`Distribuição das vagas${meta.office ? ` — ${meta.office}` : ''}`);
  if (meta.note) line(meta.note);
  line(`Regra: ${RULE_LABELS[result.rule]}`);
  line(`Vagas: ${result.seats}`);
  line(`Votos válidos (nominais + legenda): ${formatIntBR(result.validVotes)}`);
  line();
  const q = result.qeExact;
  line(
    `Quociente eleitoral (CE art. 106): ${formatIntBR(q.numerator)} ÷ ${q.denominator} = ${q.display} → QE = ${formatIntBR(result.qe)}` +
      (q.numerator % q.denominator === 0
        ? ''
        : 2 * (q.numerator % q.denominator) > q.denominator
          ? ' (fração superior a meio: arredondada para cima)'
          : ' (fração igual ou inferior a meio: desprezada)'),
  );
  line(`Votação nominal mínima para eleição por QP (10% do QE): ${result.thresholds.candidateQP.display}`);
  line(`Votação nominal mínima nas médias (20% do QE): ${result.thresholds.candidateMedia.display}`);
  line(`Votação mínima da agremiação nas médias (80% do QE): ${result.thresholds.agremiacao.display}`);
  line();

  // Table of agremiações.
  const rows = result.agremiacoes.map((a) => [
    agremiacaoLabel(a),
    formatIntBR(a.nominalVotes),
    formatIntBR(a.legendaVotes),
    formatIntBR(a.votes),
    String(a.qp),
    String(a.seats),
  ]);
  const head = ['Agremiação', 'Nominais', 'Legenda', 'Total', 'QP', 'Vagas'];
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const fmt = (r: string[]) =>
    '  ' + r.map((cell, k) => (k === 0 ? cell.padEnd(widths[k]!) : cell.padStart(widths[k]!))).join('  ');
  line('Agremiações');
  line(fmt(head));
  for (const r of rows) line(fmt(r));
  line();

  line('Eleitos, na ordem');
  const seatWidth = String(result.seats).length;
  for (const e of result.elected)
    line(
      `  ${String(e.seat).padStart(seatWidth)}. ${candidateText(e.candidate)} (${e.agremiacao}) — ${votos(e.candidate.votes)} — ${howText(e, byName)}`,
    );
  if (result.elected.length === 0) line('  (nenhum)');
  line();

  const withSeats = result.agremiacoes.filter((a) => a.seats > 0);
  if (withSeats.some((a) => a.suplentes.length > 0)) {
    line('Suplentes (CE art. 112)');
    for (const a of withSeats) {
      if (a.suplentes.length === 0) continue;
      line(`  ${agremiacaoLabel(a)}`);
      for (const s of a.suplentes) line(`    ${s.suplenteOrder}º ${candidateText(s)} — ${votos(s.votes)}`);
    }
    line();
  }
  const without = result.agremiacoes.filter((a) => a.seats === 0);
  if (without.length > 0) {
    line(
      `Agremiações sem vaga (candidatos não eleitos): ${without.map((a) => `${a.name} (${votos(a.votes)})`).join(', ')}`,
    );
    line();
  }
  const annulled = result.agremiacoes.flatMap((a) => a.naoEleitos.filter((c) => !c.eligible));
  if (annulled.length > 0) {
    line(`Candidatos com votos anulados (não concorrem): ${annulled.map(candidateText).join(', ')}`);
    line();
  }
  if (result.ties.length > 0) {
    line('Empates não resolvidos');
    for (const t of result.ties) line(`  - ${tieText(t, names)}`);
    line();
  }
  if (result.warnings.length > 0) {
    line('Avisos');
    for (const w of result.warnings) line(`  - ${warningText(w)}`);
    line();
  }
  return out.join('\n');
}
