// The demo election: small, complete, deterministic, and valid.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { demoElection } from '../../src/election/demo.ts';
import { indexElection } from '../../src/election/lookup.ts';
import { tituloCheckDigits } from '../../src/election/titulo.ts';
import { validateElection } from '../../src/election/validate.ts';

describe('demoElection', () => {
  const def = demoElection();

  test('is deterministic', () => {
    assert.deepEqual(demoElection(), def);
  });

  test('validates', () => {
    const r = validateElection(def, 'demo');
    assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.problems.slice(0, 5)));
  });

  test('a municipal election in one MG município: 3 zonas, 10 seções, 3,000 voters', () => {
    assert.equal(def.kind, 'municipal');
    assert.equal(def.fase, 'oficial');
    assert.equal(def.ufs.length, 1);
    assert.equal(def.ufs[0]!.uf, 'MG');
    assert.equal(def.ufs[0]!.municipios.length, 1);
    const zonas = def.ufs[0]!.municipios[0]!.zonas;
    assert.equal(zonas.length, 3);
    assert.equal(
      zonas.reduce((n, z) => n + z.secoes.length, 0),
      10,
    );
    assert.equal(def.voters.length, 3000);
    // Every seção has voters, spread about evenly.
    const ix = indexElection(def);
    for (const s of ix.secoes) assert.ok(s.urnaVoterCount >= 250 && s.urnaVoterCount <= 350, s.key);
    for (const z of zonas) for (const s of z.secoes) assert.match(s.local.name, /^(Escola|Colégio|Centro)/);
  });

  test('voters: most with biometrics, born 1930–2008, some títulos from other UFs, SP/MG rule exercised', () => {
    const withBio = def.voters.filter((v) => v.biometrics).length;
    assert.ok(withBio > 1500 && withBio < 3000, `${withBio} voters with biometrics`);
    for (const v of def.voters) {
      const y = Number(v.birthDate.slice(0, 4));
      assert.ok(y >= 1930 && y <= 2008, v.birthDate);
    }
    const fromElsewhere = def.voters.filter((v) => v.titulo.slice(8, 10) !== '02').length;
    assert.ok(fromElsewhere > 0 && fromElsewhere < 300, `${fromElsewhere} títulos from other UFs`);
    // MG títulos whose DV1 remainder is 0 (shown as 1 by the SP/MG rule): about 1 in 11.
    const ruleApplies = def.voters.filter((v) => {
      if (v.titulo.slice(8, 10) !== '02') return false;
      let sum = 0;
      for (let i = 0; i < 8; i++) sum += Number(v.titulo[i]) * (i + 2);
      return sum % 11 === 0;
    });
    assert.ok(ruleApplies.length > 50, `${ruleApplies.length} MG títulos under the 0 → 1 rule`);
    for (const v of ruleApplies) assert.equal(v.titulo[10], '1');
    assert.equal(tituloCheckDigits(ruleApplies[0]!.titulo.slice(0, 8), '02')[0], '1');
  });

  test('prefeito: 4 tickets with vices, one unfit; vereador: 13 seats, ~60 candidates of 6–8 parties', () => {
    const prefeito = def.contests.find((c) => c.office === 11)!;
    assert.equal(prefeito.candidates.length, 4);
    assert.ok(prefeito.candidates.every((c) => c.vice !== undefined));
    assert.equal(prefeito.candidates.filter((c) => !c.fit).length, 1);
    const vereador = def.contests.find((c) => c.office === 13)!;
    assert.equal(vereador.seats, 13);
    assert.ok(vereador.candidates.length >= 55 && vereador.candidates.length <= 65);
    for (const c of vereador.candidates) {
      assert.equal(String(c.number).length, 5);
      assert.equal(Math.floor(c.number / 1000), c.party);
    }
    assert.ok(def.parties.length >= 6 && def.parties.length <= 8);
    const parties = new Set(vereador.candidates.map((c) => c.party));
    assert.equal(parties.size, def.parties.length);
  });

  test('one federation of 3 parties', () => {
    assert.equal(def.federations.length, 1);
    const members = def.parties.filter((p) => p.federation === def.federations[0]!.number);
    assert.equal(members.length, 3);
  });
});
