import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { seededRandom } from '../../src/crypto/random.ts';
import { ElectionDefinitionSchema } from '../../src/election/definition.ts';
import { indexElection } from '../../src/election/lookup.ts';
import { buildCarga } from '../../src/media/carga.ts';
import type { CargaContent } from '../../src/media/carga-types.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import type { Area } from '../../src/store/types.ts';
import { areaTotals, cargoTotals } from '../../src/totalization/aggregate.ts';
import { ingestResults, ingestResultsMany } from '../../src/totalization/ingest.ts';
import { distributeSeats } from '../../src/totalization/proportional.ts';
import { electionResults, formatResults, percentBR } from '../../src/totalization/results.ts';
import type { Voto } from '../../src/urna/model.ts';
import {
  BH,
  CAMPINAS,
  SP,
  buFor,
  cargaFor,
  fixture,
  randomBallot,
  tally,
  type Ballot,
  type Fixture,
} from '../store/fixtures.ts';

const KINDS: Readonly<Record<number, string>> = { 1: 'nominal', 2: 'branco', 3: 'nulo', 4: 'legenda' };

function areaKey(a: Area): string {
  return a.kind === 'pais' ? 'br' : a.kind === 'uf' ? `u${a.uf}` : `m${a.municipio}`;
}

const AREAS: readonly Area[] = [
  { kind: 'pais' },
  { kind: 'uf', uf: 'SP' },
  { kind: 'uf', uf: 'MG' },
  { kind: 'municipio', municipio: SP },
  { kind: 'municipio', municipio: CAMPINAS },
  { kind: 'municipio', municipio: BH },
];

/** Cargas are deterministic and costly (a key pair and a certificate each): one per urna seção for all runs. */
const cargaCache = new Map<string, CargaContent>();
function carga(f: Fixture, key: string): CargaContent {
  let c = cargaCache.get(key);
  if (!c) cargaCache.set(key, (c = cargaFor(f, key, 7000 + cargaCache.size)));
  return c;
}

describe('aggregation', () => {
  test('totals per município, UF and país equal the sum of the ballots, whatever the ingest order', () => {
    const f = fixture();
    const urnas = f.secoes; // 6 urna seções (one hosts an aggregated seção)
    const secaoArb = fc.record({
      present: fc.boolean(),
      fraction: fc.double({ min: 0, max: 1, noNaN: true }),
      seed: fc.integer(),
    });
    fc.assert(
      fc.property(
        fc.array(secaoArb, { minLength: urnas.length, maxLength: urnas.length }),
        fc.integer(),
        (plan, orderSeed) => {
          const inputs: { key: string; municipio: number; uf: string; ballots: Ballot[]; aptos: number }[] = [];
          plan.forEach((p, i) => {
            if (!p.present) return;
            const s = urnas[i]!;
            const c = carga(f, s.key);
            const n = Math.floor(p.fraction * c.voters.length);
            const r = seededRandom(p.seed);
            inputs.push({
              key: s.key,
              municipio: s.municipio,
              uf: s.uf,
              ballots: Array.from({ length: n }, () => randomBallot(c, r)),
              aptos: c.voters.length,
            });
          });
          const bus = inputs.map((x) => {
            const { bu, urnaKey } = buFor(carga(f, x.key), x.ballots);
            return { bu, urnaPublicKey: urnaKey.publicKey, source: x.key };
          });
          // Store 1: one by one in plan order. Store 2: one batch, shuffled.
          const s1 = new SqliteStore(':memory:');
          const s2 = new SqliteStore(':memory:');
          try {
            s1.setElection(f.def, f.electionKey.publicKey);
            s2.setElection(f.def, f.electionKey.publicKey);
            for (const b of bus) assert.equal(ingestResults(s1, b).status, 'totalizado');
            const shuffled = [...bus];
            const r = seededRandom(orderSeed);
            for (let i = shuffled.length - 1; i > 0; i--) {
              const j = r.int(i + 1);
              [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
            }
            assert.ok(ingestResultsMany(s2, shuffled).every((o) => o.status === 'totalizado'));

            const expected = tally(inputs);
            for (const area of AREAS) {
              const key = areaKey(area);
              const got = new Map<string, number>();
              for (const row of s1.votes(area)) {
                got.set(
                  `${key}|${row.cargo}|${KINDS[row.tipoVoto]}|${row.tipoVoto === 1 || row.tipoVoto === 4 ? row.codigo : 0}`,
                  row.votos,
                );
              }
              const want = new Map([...expected].filter(([k]) => k.startsWith(`${key}|`)));
              assert.deepEqual(got, want, `votes in ${key}`);

              const inArea = inputs.filter((x) =>
                area.kind === 'pais' ? true : area.kind === 'uf' ? x.uf === area.uf : x.municipio === area.municipio,
              );
              const voters = inArea.reduce((s, x) => s + x.ballots.length, 0);
              const aptos = inArea.reduce((s, x) => s + x.aptos, 0);
              const totals = areaTotals(s1, area);
              for (const t of totals) {
                assert.equal(t.secoes.totalizadas, inArea.length, `${key} seções totalizadas`);
                assert.equal(t.aptosTotalizados, aptos);
                assert.equal(t.validos, t.nominais + t.legenda);
                assert.equal(t.totalVotos, t.validos + t.brancos + t.nulos + t.cargoSemCandidato);
                assert.equal(t.abstencao, aptos - t.comparecimento);
                // Every voter voted for every office of their seção; the SP Senate takes two choices.
                if (t.cargo === 1) {
                  assert.equal(t.comparecimento, voters);
                  assert.equal(t.totalVotos, voters);
                }
              }
              // The same numbers whatever the order and the batching.
              assert.deepEqual(totals, areaTotals(s2, area), `order independence in ${key}`);
            }
            assert.deepEqual(s1.auditTotals(), []);
            assert.deepEqual(s2.auditTotals(), []);
          } finally {
            s1.close();
            s2.close();
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  test('a cargo nobody has voted for yet has zero totals and the seções of its área', () => {
    const f = fixture();
    const s = new SqliteStore(':memory:');
    try {
      s.setElection(f.def, f.electionKey.publicKey);
      const t = cargoTotals(s, { kind: 'uf', uf: 'MG' }, 546, 6);
      assert.deepEqual(
        {
          secoes: t.secoes,
          aptos: t.aptos,
          comparecimento: t.comparecimento,
          validos: t.validos,
          candidatos: t.candidatos,
        },
        { secoes: { total: 2, totalizadas: 0 }, aptos: 11, comparecimento: 0, validos: 0, candidatos: [] },
      );
    } finally {
      s.close();
    }
  });
});

describe('percentages', () => {
  test('rounded half-up to 2 decimals with a decimal comma, as the TSE published 2022', () => {
    // ELECTION-RULES.md §6.1: truncation would give 43,19 / 4,15 / 0,50.
    assert.equal(percentBR(51_072_345, 118_229_719), '43,20');
    assert.equal(percentBR(4_915_423, 118_229_719), '4,16');
    assert.equal(percentBR(600_955, 118_229_719), '0,51');
    assert.equal(percentBR(123_682_372, 156_454_011), '79,05');
    assert.equal(percentBR(1, 8), '12,50'); // exactly half a hundredth: up
    assert.equal(percentBR(1, 3), '33,33');
    assert.equal(percentBR(2, 3), '66,67');
    assert.equal(percentBR(0, 0), '0,00');
    assert.equal(percentBR(5, 5), '100,00');
  });

  test('every published 2022 presidential percentage', (t) => {
    const dir = '../shared/results-data';
    if (!existsSync(`${dir}/br-presidente-2022.csv`)) {
      t.skip('../shared/results-data is absent');
      return;
    }
    const valid = new Map<string, number>();
    for (const line of readFileSync(`${dir}/br-presidente-2022-totais.csv`, 'utf8').trim().split('\n').slice(1)) {
      const [turno, , , , validos] = line.split(',');
      valid.set(turno!, Number(validos));
    }
    const rows = readFileSync(`${dir}/br-presidente-2022.csv`, 'utf8').trim().split('\n').slice(1);
    assert.ok(rows.length >= 13);
    for (const line of rows) {
      const cols = line.split(',');
      const [turno, numero, , , votos, pct] = cols;
      assert.equal(
        percentBR(Number(votos), valid.get(turno!)!),
        pct!.replace('.', ','),
        `turno ${turno} candidate ${numero}`,
      );
    }
  });
});

// ---- Results of a known election ----------------------------------------------------------------------------------

const v = (d: string): Voto => ({ tipoVoto: 'nominal', digitacao: d });
const leg = (p: string): Voto => ({ tipoVoto: 'legenda', digitacao: p });
const BRANCO: Voto = { tipoVoto: 'branco' };
const NULO: Voto = { tipoVoto: 'nulo', digitacao: '00' };
const times = <T>(n: number, x: T): T[] => Array.from({ length: n }, () => x);

/**
 * 40 voters, all present. Presidente: 13 ×16, 22 ×14, 15 ×6, 2 brancos, 2 nulos → no absolute majority.
 * SP Senate (2 seats): 131 ×25, 221 ×20, 151 ×8. SP Deputado Federal (3 seats), 29 votes → QE 10 (9,67 rounded up):
 * FE TESTE (13+43) 1301 ×8, 1302 ×1, 4301 ×4, legenda 13 ×1 = 14 → QP 1; PB 2201 ×9, 2202 ×2 = 11 → QP 1;
 * PC 1501 ×3, legenda 15 ×1 = 4. Phase 2 (≥ 8 votes, next candidate ≥ 2): FE 14/2 = 7 > PB 11/2 = 5,5 → 4301.
 * MG: Senate 132 ×6, 222 ×4; Deputado Federal (2 seats) 1311 ×5, 2211 ×3, 2212 ×2 → QE 5: FE 1311, PB 2211.
 */
function knownBallots(): Map<string, Ballot[]> {
  const pres = [...times(16, v('13')), ...times(14, v('22')), ...times(6, v('15')), BRANCO, BRANCO, NULO, NULO];
  const senSP = [
    ...times(20, [v('131'), v('221')]),
    ...times(5, [v('131'), v('151')]),
    ...times(3, [v('151'), BRANCO]),
    [NULO, NULO],
  ];
  const dfSP = [
    ...times(8, v('1301')),
    v('1302'),
    ...times(4, v('4301')),
    leg('13'),
    ...times(9, v('2201')),
    ...times(2, v('2202')),
    ...times(3, v('1501')),
    leg('15'),
  ];
  const senMG = [...times(6, v('132')), ...times(4, v('222')), BRANCO];
  const dfMG = [...times(5, v('1311')), ...times(3, v('2211')), ...times(2, v('2212')), NULO];
  const sp: Ballot[] = dfSP.map(
    (df, i) =>
      new Map([
        [1, [pres[i]!]],
        [5, senSP[i]!],
        [6, [df]],
      ]),
  );
  const mg: Ballot[] = dfMG.map(
    (df, i) =>
      new Map([
        [1, [pres[29 + i]!]],
        [5, [senMG[i]!]],
        [6, [df]],
      ]),
  );
  return new Map([
    ['SP-71072-0001-0001', sp.slice(0, 7)],
    ['SP-71072-0001-0002', sp.slice(7, 15)],
    ['SP-71072-0002-0001', sp.slice(15, 21)],
    ['SP-62910-0003-0001', sp.slice(21, 29)],
    ['MG-41238-0004-0001', mg.slice(0, 6)],
    ['MG-41238-0004-0002', mg.slice(6, 11)],
  ]);
}

describe('electionResults', () => {
  test('majority and proportional outcomes of a known election', () => {
    const f = fixture();
    const s = new SqliteStore(':memory:');
    try {
      s.setElection(f.def, f.electionKey.publicKey);
      const plan = knownBallots();
      // Half the seções first: a partial result says so.
      const keys = [...plan.keys()];
      for (const key of keys.slice(0, 3)) {
        const { bu, urnaKey } = buFor(carga(f, key), plan.get(key)!);
        assert.equal(ingestResults(s, { bu, urnaPublicKey: urnaKey.publicKey, source: key }).status, 'totalizado');
      }
      const partial = electionResults(s, f.def);
      assert.equal(partial.final, false);
      assert.deepEqual(partial.secoes, { total: 6, totalizadas: 3 });
      for (const key of keys.slice(3)) {
        const { bu, urnaKey } = buFor(carga(f, key), plan.get(key)!);
        assert.equal(ingestResults(s, { bu, urnaPublicKey: urnaKey.publicKey, source: key }).status, 'totalizado');
      }
      const r = electionResults(s, f.def);
      assert.equal(r.format, 'urna-resultados/1');
      assert.equal(r.final, true);
      assert.deepEqual(JSON.parse(JSON.stringify(r)), r, 'plain JSON');

      const pres = r.contests.find((c) => c.cargo === 1)!;
      assert.equal(pres.areaNome, 'Brasil');
      assert.deepEqual(
        {
          aptos: pres.totais.aptos,
          comparecimento: pres.totais.comparecimento,
          validos: pres.totais.validos,
          brancos: pres.totais.brancos,
          nulos: pres.totais.nulos,
        },
        { aptos: 40, comparecimento: 40, validos: 36, brancos: 2, nulos: 2 },
      );
      assert.deepEqual(
        pres.candidatos.map((c) => [c.numero, c.votos, c.percentualValidos, c.situacao]),
        [
          [13, 16, '44,44', '2º turno'],
          [22, 14, '38,89', '2º turno'],
          [15, 6, '16,67', 'não eleito'],
        ],
      );
      assert.equal(pres.majoritario?.kind, 'second-round');

      const senSP = r.contests.find((c) => c.cargo === 5 && c.area.kind === 'uf' && c.area.uf === 'SP')!;
      assert.equal(senSP.majoritario?.kind, 'elected');
      assert.deepEqual(
        senSP.candidatos.filter((c) => c.situacao === 'eleito').map((c) => c.numero),
        [131, 221],
      );
      assert.equal(senSP.totais.totalVotos, 58, 'two choices per voter');
      assert.equal(senSP.totais.comparecimento, 29);
      const senMG = r.contests.find((c) => c.cargo === 5 && c.area.kind === 'uf' && c.area.uf === 'MG')!;
      assert.deepEqual(
        senMG.candidatos.filter((c) => c.situacao === 'eleito').map((c) => c.numero),
        [132],
      );

      const dfSP = r.contests.find((c) => c.cargo === 6 && c.area.kind === 'uf' && c.area.uf === 'SP')!;
      const p = dfSP.proporcional!;
      assert.equal(p.qe, 10);
      assert.deepEqual(
        p.elected.map((e) => [e.candidate.number, e.how, e.agremiacao]),
        [
          [1301, 'QP', 'FE TESTE'],
          [2201, 'QP', 'PB'],
          [4301, 'media', 'FE TESTE'],
        ],
      );
      const fe = p.agremiacoes.find((a) => a.name === 'FE TESTE')!;
      assert.deepEqual([fe.nominalVotes, fe.legendaVotes, fe.votes], [13, 1, 14]);
      assert.deepEqual(
        fe.parties.map((x) => x.number),
        [13, 43],
      );
      assert.deepEqual(dfSP.candidatos.find((c) => c.numero === 1302)?.situacao, 'suplente');
      assert.deepEqual(dfSP.candidatos.find((c) => c.numero === 1501)?.situacao, 'não eleito');
      // The same as the seat calculator on the hand-made input.
      assert.deepEqual(
        p,
        distributeSeats({
          seats: 3,
          agremiacoes: [
            {
              name: 'FE TESTE',
              parties: [
                { number: 13, abbreviation: 'PA', legenda: 1 },
                { number: 43, abbreviation: 'PV', legenda: 0 },
              ],
              candidates: [
                { number: 1301, name: 'Candidato 1301', party: 13, votes: 8, birthDate: '1970-01-01', eligible: true },
                { number: 1302, name: 'Candidato 1302', party: 13, votes: 1, birthDate: '1970-01-01', eligible: true },
                { number: 4301, name: 'Candidato 4301', party: 43, votes: 4, birthDate: '1970-01-01', eligible: true },
              ],
            },
            {
              name: 'PB',
              parties: [{ number: 22, abbreviation: 'PB', legenda: 0 }],
              candidates: [
                { number: 2201, name: 'Candidato 2201', party: 22, votes: 9, birthDate: '1970-01-01', eligible: true },
                { number: 2202, name: 'Candidato 2202', party: 22, votes: 2, birthDate: '1970-01-01', eligible: true },
              ],
            },
            {
              name: 'PC',
              parties: [{ number: 15, abbreviation: 'PC', legenda: 1 }],
              candidates: [
                { number: 1501, name: 'Candidato 1501', party: 15, votes: 3, birthDate: '1970-01-01', eligible: true },
              ],
            },
          ],
        }),
      );
      const dfMG = r.contests.find((c) => c.cargo === 6 && c.area.kind === 'uf' && c.area.uf === 'MG')!;
      assert.deepEqual(dfMG.proporcional!.elected.map((e) => e.candidate.number).sort(), [1311, 2211]);
      assert.equal(dfMG.candidatos.find((c) => c.numero === 1511)?.situacao, 'inapto');

      const text = formatResults(r);
      assert.match(text, /Seções totalizadas: 6 de 6 \(100,00%\) — totalização concluída/);
      assert.match(text, /== Presidente — Brasil ==/);
      assert.match(text, /Resultado: 2º turno entre 13 Candidato 13 e 22 Candidato 22/);
      assert.match(text, /13 +Candidato 13 +PA +16 +44,44 +2º turno/);
      assert.match(text, /Quociente eleitoral: 10 \(29 ÷ 3 = 9,67\)/);
      assert.match(text, /3\. 4301 Candidato 4301 .*eleito por média \(média 7\)/);
    } finally {
      s.close();
    }
  });

  test('prefeito: second round only above 200,000 eleitores in the município', () => {
    // Two municípios without a listed roll (voterCount, as in synthetic elections); the same 8/7/5 vote split.
    const def = ElectionDefinitionSchema.parse({
      formatVersion: 1,
      kind: 'municipal',
      name: 'Municipal de Teste',
      pleito: 452,
      round: 1,
      date: '2026-10-04',
      eleicoes: [{ id: 619, offices: [{ code: 11 }] }],
      parties: [
        { number: 13, abbreviation: 'PA', name: 'A' },
        { number: 22, abbreviation: 'PB', name: 'B' },
        { number: 15, abbreviation: 'PC', name: 'C' },
      ],
      contests: [1, 2].map((m) => ({
        office: 11,
        municipio: m,
        seats: 1,
        candidates: [13, 22, 15].map((n) => ({
          number: n,
          ballotName: `Prefeito ${n}`,
          party: n,
          birthDate: '1960-01-01',
        })),
      })),
      ufs: [
        {
          uf: 'SP',
          name: 'São Paulo',
          municipios: [
            {
              code: 1,
              name: 'Grande',
              zonas: [{ number: 1, secoes: [{ number: 1, local: { number: 1, name: 'E' }, voterCount: 200_001 }] }],
            },
            {
              code: 2,
              name: 'Pequena',
              zonas: [{ number: 1, secoes: [{ number: 1, local: { number: 1, name: 'E' }, voterCount: 200_000 }] }],
            },
          ],
        },
      ],
      voters: [],
    });
    const index = indexElection(def);
    const f: Fixture = { ...fixture(), def, index, secoes: index.secoes };
    const s = new SqliteStore(':memory:');
    try {
      s.setElection(def, f.electionKey.publicKey);
      assert.equal(s.municipioAptos(1), 200_001);
      for (const sec of f.index.secoes) {
        const c = buildCarga(def, f.index, sec, {
          electionSigner: f.electionKey,
          random: seededRandom(sec.key),
          clock: () => new Date('2026-10-01T12:00:00Z'),
          numeroInternoUrna: sec.municipio,
          voters: [],
        }).content;
        const ballots: Ballot[] = [...times(8, v('13')), ...times(7, v('22')), ...times(5, v('15'))].map(
          (x) => new Map([[11, [x]]]),
        );
        const { bu, urnaKey } = buFor(c, ballots);
        // The carga lists no voters (they are generated on the fly in synthetic runs); the BU counts the seção's.
        // qtdEleitoresAptos is outside the signed chain, so setting it here keeps the BU valid.
        bu.resultadosVotacaoPorEleicao[0]!.qtdEleitoresAptos = s.secao(sec.key)!.aptos!;
        assert.equal(ingestResults(s, { bu, urnaPublicKey: urnaKey.publicKey, source: sec.key }).status, 'totalizado');
      }
      const r = electionResults(s, def);
      const grande = r.contests.find((c) => c.area.kind === 'municipio' && c.area.municipio === 1)!;
      const pequena = r.contests.find((c) => c.area.kind === 'municipio' && c.area.municipio === 2)!;
      assert.equal(grande.majoritario?.kind, 'second-round');
      assert.equal(pequena.majoritario?.kind, 'elected');
      assert.deepEqual(
        pequena.candidatos.filter((c) => c.situacao === 'eleito').map((c) => c.numero),
        [13],
      );
      assert.match(grande.notas.join('\n'), /mais de 200\.000 eleitores \(200\.001\)/);
      assert.match(pequena.notas.join('\n'), /até 200\.000 eleitores \(200\.000\)/);
      assert.equal(grande.totais.abstencao, 200_001 - 20);
      assert.equal(grande.totais.percentuais.comparecimento, '0,01');
    } finally {
      s.close();
    }
  });
});
