// Real 2022 Deputado Federal distributions (DF and TO, 8 seats) from shared/results-data: the seat order under the
// 2022 TSE rule and under the STF (ADI 7228) rule, and, for DF, every candidate's status as the TSE published it.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import {
  distributeSeats,
  type AgremiacaoInput,
  type ProportionalInput,
  type ProportionalRule,
} from '../../src/totalization/proportional.ts';
import { parseCsv } from '../../src/totalization/seats-input.ts';

const SHARED = '../shared/results-data';
const VECTORS = `${SHARED}/proportional-2022-depfed-DF-TO.json`;
const CANDIDATES = `${SHARED}/tse-2022-deputado-federal-candidatos.csv`;
const skipVectors = existsSync(VECTORS) ? false : `${VECTORS} not found (shared reference data absent)`;
const skipCandidates = existsSync(CANDIDATES) ? false : `${CANDIDATES} not found (shared reference data absent)`;

type Votes = number | { bounded: [number, number] };
interface VectorAg {
  votos: Votes;
  candidatos: [string, number][];
}
interface VectorUf {
  vagas: number;
  votos_validos: Votes;
  qe_expected: number;
  agremiacoes: Record<string, VectorAg | string>;
  expected_rules_2022_original_TSE?: { seats_in_order: [string, string, string, number?][] };
  expected_rules_STF_ADI7228?: { seats_in_order: [string, string, string, number?][] };
}

const HOW: Record<string, string> = { QP: 'QP', media_80_20: 'media', media_fase3: 'media-fase3' };

/** Both ends of every bounded value: each combination of low/high. */
function boundCombinations(uf: VectorUf): Map<string, number>[] {
  const bounded: [string, [number, number]][] = [];
  if (typeof uf.votos_validos !== 'number') bounded.push(['_V', uf.votos_validos.bounded]);
  for (const [name, ag] of Object.entries(uf.agremiacoes))
    if (typeof ag !== 'string' && typeof ag.votos !== 'number') bounded.push([name, ag.votos.bounded]);
  const out: Map<string, number>[] = [];
  for (let mask = 0; mask < 1 << bounded.length; mask++)
    out.push(new Map(bounded.map(([name, [lo, hi]], k) => [name, mask & (1 << k) ? hi : lo])));
  return out;
}

/**
 * The file lists the agremiações and candidates that matter; the others ("_others") are smaller than any listed
 * one. We stand them in as small agremiações of 10,000 votes (far below every threshold and média that decides a
 * seat here) so that V is exactly the published (or bounded) total.
 */
function inputFor(uf: VectorUf, values: Map<string, number>): ProportionalInput {
  let n = 1;
  const agremiacoes: AgremiacaoInput[] = [];
  for (const [name, ag] of Object.entries(uf.agremiacoes)) {
    if (typeof ag === 'string') continue;
    const total = typeof ag.votos === 'number' ? ag.votos : values.get(name)!;
    const candidates = ag.candidatos.map(([cname, votes]) => ({ number: 10_000 + n++, name: cname, votes }));
    const nominal = candidates.reduce((s, c) => s + c.votes, 0);
    assert.ok(total >= nominal, `${name}: total ${total} below its listed candidates' ${nominal}`);
    agremiacoes.push({ name, parties: [{ abbreviation: name, legenda: total - nominal }], candidates });
  }
  const V = typeof uf.votos_validos === 'number' ? uf.votos_validos : values.get('_V')!;
  let rest =
    V - agremiacoes.reduce((s, a) => s + a.parties[0]!.legenda + a.candidates.reduce((t, c) => t + c.votes, 0), 0);
  assert.ok(rest >= 0, 'rest >= 0');
  for (let k = 1; rest > 0; k++) {
    const votes = Math.min(rest, 10_000);
    agremiacoes.push({
      name: `OUTRAS ${k}`,
      parties: [{ abbreviation: `OUTRAS ${k}`, legenda: 0 }],
      candidates: [{ number: 10_000 + n++, name: `OUTRO ${k}`, votes }],
    });
    rest -= votes;
  }
  return { seats: uf.vagas, agremiacoes };
}

function checkOrder(uf: VectorUf, rule: ProportionalRule, expected: [string, string, string, number?][]) {
  const combos = boundCombinations(uf);
  assert.ok(combos.length >= 1, 'combos.length >= 1');
  for (const values of combos) {
    const label = JSON.stringify(Object.fromEntries(values));
    const r = distributeSeats(inputFor(uf, values), { rule });
    assert.equal(r.qe, uf.qe_expected, label);
    assert.equal(r.elected.length, expected.length, label);
    expected.forEach(([how, ag, name, media], k) => {
      const e = r.elected[k]!;
      assert.equal(e.how, HOW[how], `${label} seat ${k + 1}`);
      assert.ok(e.agremiacao.startsWith(ag), `${label} seat ${k + 1}: ${e.agremiacao} is not ${ag}`);
      assert.equal(e.candidate.name, name, `${label} seat ${k + 1}`);
      if (media !== undefined) {
        const m = e.media!;
        // The file gives médias to 2 decimals.
        assert.ok(Math.abs(m.numerator / m.denominator - media) < 0.006, `${label} seat ${k + 1}: média ${m.display}`);
      }
    });
  }
}

describe('2022 Deputado Federal vectors', { skip: skipVectors }, () => {
  const data = skipVectors ? undefined : (JSON.parse(readFileSync(VECTORS, 'utf8')) as Record<string, VectorUf>);

  test('DF, 2022 TSE rule: the result proclaimed in 2022 (Gilvan Máximo last)', () => {
    const df = data!.DF!;
    checkOrder(df, 'tse-2022', df.expected_rules_2022_original_TSE!.seats_in_order);
  });

  test('DF, STF rule: the June 2025 retotalization (Rodrigo Rollemberg last)', () => {
    const df = data!.DF!;
    checkOrder(df, 'stf-2024', df.expected_rules_STF_ADI7228!.seats_in_order);
  });

  test('TO, STF rule: the June 2025 retotalization (Tiago Dimas last); QE 103,767', () => {
    const to = data!.TO!;
    assert.equal(boundCombinations(to).length, 8); // UNIÃO, PSC and MDB are bounded: both ends of each
    checkOrder(to, 'stf-2024', to.expected_rules_STF_ADI7228!.seats_in_order);
  });
});

describe(
  'DF 2022: every candidate status as published by the TSE (2022 rule)',
  { skip: skipVectors || skipCandidates },
  () => {
    test('Eleito por QP / Eleito por média / Suplente / Não eleito for all 198 candidates', () => {
      const df = (JSON.parse(readFileSync(VECTORS, 'utf8')) as Record<string, VectorUf>).DF!;
      const { rows, problems } = parseCsv(readFileSync(CANDIDATES, 'utf8'));
      assert.deepEqual(problems, []);
      const [header, ...data] = rows;
      const col = (n: string) => header!.fields.indexOf(n);
      const candidates = data
        .map((r) => r.fields)
        .filter((f) => f[col('uf')] === 'DF')
        .map((f) => {
          const coligacao = f[col('coligacao')]!;
          // "PT - Federação Brasil da Esperança - FE BRASIL (PT/PC do B/PV)": the federation is the agremiação.
          const ag = coligacao.includes(' - Federação ') ? coligacao.slice(coligacao.indexOf(' - ') + 3) : coligacao;
          return {
            ag,
            number: Number(f[col('num_canditato')]),
            name: f[col('nome')]!.trim(),
            votes: Number(f[col('votos_totais')]),
            valid: f[col('situacao_votos')] === 'Válido',
            status: f[col('situacao')]!,
          };
        });
      assert.equal(candidates.length, 198);

      // Agremiação totals: the file's published totals (PP at its lower bound, its nominal sum); for the others,
      // their nominal votes and, standing in for their legenda votes (not published), one candidate-less
      // agremiação that brings V to 1,607,520 (inside the bound that gives QE 200,940).
      const byAg = new Map<string, typeof candidates>();
      for (const c of candidates) byAg.set(c.ag, [...(byAg.get(c.ag) ?? []), c]);
      const published = new Map<string, number>();
      for (const [name, ag] of Object.entries(df.agremiacoes)) {
        if (typeof ag === 'string') continue;
        // Federations are named "Federação <name> - <abbreviation> (<parties>)" in the CSV.
        const key = [...byAg.keys()].find((k) => k === name || k.endsWith(` - ${name}`));
        assert.ok(key, `no agremiação ${name} in the CSV`);
        published.set(key, typeof ag.votos === 'number' ? ag.votos : ag.votos.bounded[0]);
      }
      const agremiacoes: AgremiacaoInput[] = [...byAg].map(([name, cs]) => {
        const nominal = cs.filter((c) => c.valid).reduce((s, c) => s + c.votes, 0);
        const legenda = published.has(name) ? published.get(name)! - nominal : 0;
        assert.ok(legenda >= 0, `${name}: legenda ${legenda}`);
        return {
          name,
          parties: [{ abbreviation: name, legenda }],
          candidates: cs.map((c) => ({
            number: c.number,
            name: c.name,
            votes: c.votes,
            ...(c.valid ? {} : { eligible: false }),
          })),
        };
      });
      const known = agremiacoes.reduce(
        (s, a) =>
          s + a.parties[0]!.legenda + a.candidates.reduce((t, c) => t + (c.eligible === false ? 0 : c.votes), 0),
        0,
      );
      agremiacoes.push({
        name: 'DEMAIS LEGENDAS',
        parties: [{ abbreviation: 'DEMAIS', legenda: 1_607_520 - known }],
        candidates: [],
      });
      assert.ok(1_607_520 - known >= 0 && 1_607_520 - known < 71_470, `legenda of the others: ${1_607_520 - known}`);

      const r = distributeSeats({ seats: 8, agremiacoes }, { rule: 'tse-2022' });
      assert.equal(r.qe, 200_940);
      const ours = new Map<number, string>();
      for (const a of r.agremiacoes) {
        for (const c of a.elected) ours.set(c.number, c.how === 'QP' ? 'Eleito por QP' : 'Eleito por média');
        for (const c of a.suplentes) ours.set(c.number, 'Suplente');
        for (const c of a.naoEleitos) ours.set(c.number, 'Não eleito');
        // CE art. 112: suplentes in vote order.
        assert.deepEqual(
          a.suplentes.map((c) => c.votes),
          [...a.suplentes.map((c) => c.votes)].sort((x, y) => y - x),
        );
      }
      const mismatches = candidates
        .filter((c) => ours.get(c.number) !== c.status)
        .map((c) => `${c.number} ${c.name}: ${ours.get(c.number)} ≠ ${c.status}`);
      assert.deepEqual(mismatches, []);
      assert.equal(candidates.filter((c) => c.status.startsWith('Eleito')).length, 8);
    });
  },
);
