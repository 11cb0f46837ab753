// Synthetic elections: the definition without the roll, voters generated per seção on demand.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { indexElection } from '../../src/election/lookup.ts';
import {
  SIMULATE_SAO_PAULO,
  syntheticElection,
  syntheticVoters,
  type SyntheticParams,
} from '../../src/election/synthetic.ts';
import { isValidTitulo } from '../../src/election/titulo.ts';
import { validateElection } from '../../src/election/validate.ts';

const SMALL: SyntheticParams = {
  seed: 7,
  voters: 10_007, // not a multiple of the seções: the remainder must be spread
  secoes: 23,
  zonas: 3,
  vereadorCandidates: 41,
  prefeitoCandidates: 5,
  vereadorSeats: 11,
  parties: 8,
  federations: 1,
  municipioName: 'Cidade Pequena',
  municipioCode: 12345,
  uf: 'MG',
};

describe('syntheticElection (small)', () => {
  const def = syntheticElection(SMALL);
  const ix = indexElection(def);

  test('validates, with the asked sizes', () => {
    const r = validateElection(def, 'synthetic');
    assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.problems.slice(0, 5)));
    assert.equal(def.voters.length, 0);
    assert.equal(ix.secoes.length, SMALL.secoes);
    assert.equal(def.ufs[0]!.municipios[0]!.zonas.length, SMALL.zonas);
    assert.equal(def.parties.length, SMALL.parties);
    assert.equal(def.contests.find((c) => c.office === 13)!.candidates.length, SMALL.vereadorCandidates);
    assert.equal(def.contests.find((c) => c.office === 13)!.seats, SMALL.vereadorSeats);
    assert.equal(def.contests.find((c) => c.office === 11)!.candidates.length, SMALL.prefeitoCandidates);
    assert.equal(def.parties.filter((p) => p.federation === 1).length, 3);
  });

  test('voters of every seção: counts sum to p.voters, match voterCount, títulos valid and unique, right seção', () => {
    const titulos = new Set<string>();
    let total = 0;
    ix.secoes.forEach((s, i) => {
      const voters = syntheticVoters(def, SMALL, i);
      assert.equal(voters.length, s.urnaVoterCount, s.key);
      assert.ok(voters.length === 435 || voters.length === 436, `${s.key}: ${voters.length}`);
      total += voters.length;
      for (let k = 0; k < voters.length; k++) {
        const v = voters[k]!;
        assert.ok(isValidTitulo(v.titulo), v.titulo);
        assert.ok(!titulos.has(v.titulo), `duplicate título ${v.titulo}`);
        titulos.add(v.titulo);
        assert.deepEqual([v.municipio, v.zona, v.secao], [s.municipio, s.zona, s.secao]);
        if (k > 0) assert.ok(voters[k - 1]!.titulo < v.titulo, 'sorted by título');
      }
    });
    assert.equal(total, SMALL.voters);
    assert.equal(ix.municipioVoters(SMALL.municipioCode!), SMALL.voters);
  });

  test('a definition with the generated roll listed validates too (ages, dates, seções)', () => {
    const listed = { ...def, voters: ix.secoes.flatMap((_, i) => syntheticVoters(def, SMALL, i)) };
    const r = validateElection(listed, 'synthetic-listed');
    assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.problems.slice(0, 5)));
  });

  test('deterministic by seed', () => {
    assert.deepEqual(syntheticElection(SMALL), def);
    assert.deepEqual(syntheticVoters(def, SMALL, 4), syntheticVoters(syntheticElection(SMALL), SMALL, 4));
    const other = { ...SMALL, seed: 8 };
    assert.notDeepEqual(syntheticElection(other).contests, def.contests);
    assert.notDeepEqual(
      syntheticVoters(def, other, 4).map((v) => v.name),
      syntheticVoters(def, SMALL, 4).map((v) => v.name),
    );
  });

  test('bad parameters are refused with a reason', () => {
    assert.throws(() => syntheticElection({ ...SMALL, parties: 1 }), /parties/);
    assert.throws(() => syntheticElection({ ...SMALL, prefeitoCandidates: 9 }), /prefeito/);
    assert.throws(() => syntheticElection({ ...SMALL, uf: 'ZZ' }), /UF/);
    assert.throws(() => syntheticVoters(def, SMALL, SMALL.secoes), /outside/);
  });
});

describe('SIMULATE_SAO_PAULO', () => {
  test('9.3 million voters in 22,000 seções, 58 zonas, 55 seats, quickly', () => {
    const t0 = performance.now();
    const def = syntheticElection(SIMULATE_SAO_PAULO);
    const built = performance.now() - t0;
    const ix = indexElection(def);
    assert.equal(ix.secoes.length, 22_000);
    assert.equal(def.ufs[0]!.municipios[0]!.zonas.length, 58);
    assert.equal(ix.municipioVoters(def.ufs[0]!.municipios[0]!.code), 9_300_000);
    assert.equal(def.contests.find((c) => c.office === 13)!.seats, 55);
    assert.equal(def.contests.find((c) => c.office === 13)!.candidates.length, 1_000);
    assert.equal(def.contests.find((c) => c.office === 11)!.candidates.length, 10);
    assert.equal(def.parties.length, 29);
    assert.equal(def.federations.length, 2);
    const r = validateElection(def, 'sp');
    assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.problems.slice(0, 5)));
    // Generous bounds (a loaded CI machine is slow); measured: ~15 ms and ~0.1 ms.
    assert.ok(built < 1000, `definition took ${built.toFixed(0)} ms`);
    const t1 = performance.now();
    let n = 0;
    for (let i = 0; i < 200; i++) n += syntheticVoters(def, SIMULATE_SAO_PAULO, i * 100).length;
    const perSecao = (performance.now() - t1) / 200;
    assert.ok(n > 200 * 420);
    assert.ok(perSecao < 3, `${perSecao.toFixed(2)} ms per seção`);
    // The last seção's last voter closes the roll: títulos unique across the 9.3 million by construction.
    const last = syntheticVoters(def, SIMULATE_SAO_PAULO, 21_999);
    const first = syntheticVoters(def, SIMULATE_SAO_PAULO, 0);
    assert.equal(Number(last.at(-1)!.titulo.slice(0, 8)) - Number(first[0]!.titulo.slice(0, 8)), 9_300_000 - 1);
  });
});
