// The whole simulation in worker threads, small: every seção's BU reaches the totalization, every voter who voted
// is counted once per office, the same seed gives the same results, another seed other ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SIMULATE_SAO_PAULO, type SyntheticParams } from '../../src/election/synthetic.ts';
import { simulate } from '../../src/simulation/simulate.ts';

const PARAMS: SyntheticParams = {
  ...SIMULATE_SAO_PAULO,
  seed: 'simulate-test',
  voters: 4_000,
  secoes: 12,
  zonas: 2,
  vereadorCandidates: 80,
  prefeitoCandidates: 5,
  vereadorSeats: 21,
  parties: 12,
  federations: 1,
};

test(
  'simulate: every BU totalized, every voter counted once per office, reproducible by seed',
  { timeout: 120_000 },
  async () => {
    const a = await simulate({ params: PARAMS, db: ':memory:', workers: 2 });
    assert.equal(a.secoes, 12);
    assert.equal(a.aptos, 4_000);
    assert.equal(a.rejected, 0, 'no BU rejected');
    assert.ok(a.voted > 2_500 && a.voted < 3_800, `turnout near 80%: ${a.voted}`);
    assert.equal(a.results.secoes.totalizadas, 12);
    for (const c of a.results.contests) {
      const t = c.totais;
      assert.equal(t.comparecimento, a.voted, `${c.cargoNome}: comparecimento = voters who voted`);
      assert.equal(
        t.nominais + t.legenda + t.brancos + t.nulos + t.cargoSemCandidato,
        t.totalVotos,
        `${c.cargoNome}: votes add up`,
      );
      assert.equal(t.totalVotos, a.voted, `${c.cargoNome}: one vote per voter`);
    }
    const vereador = a.results.contests.find((c) => c.cargo === 13)!;
    assert.equal(vereador.proporcional?.elected.length, 21, 'all 21 seats filled');

    const b = await simulate({ params: PARAMS, db: ':memory:', workers: 1 });
    assert.deepEqual(b.results, a.results, 'the same seed gives the same results, with 1 or 2 workers');
    const c = await simulate({ params: { ...PARAMS, seed: 'another seed' }, db: ':memory:', workers: 2 });
    assert.notDeepEqual(c.results.contests[0]!.candidatos, a.results.contests[0]!.candidatos);
  },
);
