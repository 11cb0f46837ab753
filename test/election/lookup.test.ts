// The election index: contests per seção in the legal order, cadernos, aggregated seções; and the ballot offices the
// urna builds from a carga made with this index (src/urna/ballot-offices.ts: the one place they are built).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ElectionDefinition } from '../../src/election/definition.ts';
import { secaoKey } from '../../src/election/definition.ts';
import { demoElection } from '../../src/election/demo.ts';
import { indexElection } from '../../src/election/lookup.ts';
import { validateElection } from '../../src/election/validate.ts';
import type { SecaoId } from '../../src/election/definition.ts';
import { keyPairFromSeed, signer } from '../../src/crypto/ed25519.ts';
import { seededRandom } from '../../src/crypto/random.ts';
import { buildCarga } from '../../src/media/carga.ts';
import { ballotOfficesFor } from '../../src/urna/ballot-offices.ts';
import type { BallotOffice } from '../../src/urna/ballot-types.ts';

const exampleText = readFileSync(new URL('../../examples/election-general.json', import.meta.url), 'utf8');

/** The ballot offices an urna of this seção shows: through a carga, as the urna gets them. */
function ballotOffices(def: ElectionDefinition, ix: ReturnType<typeof indexElection>, id: SecaoId): BallotOffice[] {
  const secao = ix.secao(secaoKey(id))!;
  const electionSigner = signer(keyPairFromSeed(new Uint8Array(32).fill(1))); // test key
  const { content } = buildCarga(def, ix, secao, {
    electionSigner,
    random: seededRandom('lookup-test'),
    clock: () => new Date('2026-10-01T12:00:00Z'),
    numeroInternoUrna: 1,
  });
  return ballotOfficesFor(content);
}

function load(input: unknown): ElectionDefinition {
  const r = validateElection(input, 'test');
  if (!r.ok) throw new Error(JSON.stringify(r.problems, null, 2));
  return r.value;
}

describe('indexElection on the general example', () => {
  const def = load(JSON.parse(exampleText));
  const ix = indexElection(def);
  const ribeirao = def.ufs[0]!.municipios[0]!;
  const host = { uf: 'SP', municipio: ribeirao.code, zona: 412, secao: 1 };

  test('screens follow the legal order: DF, DE, Senador, Governador, Presidente (LE art. 59 §3)', () => {
    // The example lists contests as Presidente, Governador, Senador, DF, DE.
    assert.deepEqual(
      ix.contestsForSecao(host).map((c) => c.office),
      [6, 7, 5, 3, 1],
    );
    assert.deepEqual(
      ballotOffices(def, ix, host).map((b) => b.codigoCargo),
      [6, 7, 5, 3, 1],
    );
  });

  test('ballot offices carry the eleição, digits, choices, running mates and legenda parties', () => {
    const offices = new Map(ballotOffices(def, ix, host).map((b) => [b.codigoCargo, b]));
    const senado = offices.get(5)!;
    assert.equal(senado.quantidadeEscolhas, 2);
    assert.equal(senado.digits, 3);
    assert.equal(senado.idEleicao, 9546);
    const sen = def.contests.find((c) => c.office === 5)!.candidates[0]!;
    assert.deepEqual(senado.candidates.get(sen.number)!.runningMates, [
      { label: '1º Suplente', ballotName: sen.suplentes![0]!.ballotName },
      { label: '2º Suplente', ballotName: sen.suplentes![1]!.ballotName },
    ]);
    assert.deepEqual(
      [...senado.parties.keys()],
      [...new Set(def.contests.find((c) => c.office === 5)!.candidates.map((c) => c.party))].sort((a, b) => a - b),
      'majority offices list their candidates’ parties, for the screens (no legenda votes: ballot.ts)',
    );
    const pres = offices.get(1)!;
    assert.equal(pres.idEleicao, 9544);
    assert.equal(pres.quantidadeEscolhas, 1);
    for (const c of pres.candidates.values()) assert.equal(c.runningMates[0]!.label, 'Vice-Presidente');
    assert.equal(offices.get(3)!.candidates.values().next().value!.runningMates[0]!.label, 'Vice-Governador');
    const unfit = def.contests.find((c) => c.office === 1)!.candidates.find((c) => !c.fit)!;
    assert.equal(pres.candidates.get(unfit.number)!.fit, false);
    const depFed = offices.get(6)!;
    assert.equal(depFed.system, 'proportional');
    assert.equal(depFed.digits, 4);
    assert.equal(depFed.candidates.size, def.contests.find((c) => c.office === 6)!.candidates.length);
    assert.deepEqual(
      [...depFed.parties.keys()].sort(),
      [...new Set(def.contests.find((c) => c.office === 6)!.candidates.map((c) => c.party))].sort(),
    );
  });

  test('an aggregated seção votes in its host: one caderno, no urna of its own', () => {
    const aggregatedKey = secaoKey({ ...host, secao: 3 });
    assert.ok(!ix.secoes.some((s) => s.key === aggregatedKey));
    assert.equal(ix.secao(aggregatedKey)!.key, secaoKey(host));
    const caderno = ix.votersBySecao.get(secaoKey(host))!;
    const expected = def.voters.filter((v) => v.municipio === host.municipio && (v.secao === 1 || v.secao === 3));
    assert.equal(caderno.length, expected.length);
    assert.ok(caderno.some((v) => v.secao === 3));
    assert.equal(ix.secao(secaoKey(host))!.urnaVoterCount, expected.length);
    assert.deepEqual(ix.secao(secaoKey(host))!.aggregated, [3]);
  });

  test('cadernos are sorted by título and cover every voter once', () => {
    let total = 0;
    for (const list of ix.votersBySecao.values()) {
      total += list.length;
      for (let i = 1; i < list.length; i++) assert.ok(list[i - 1]!.titulo < list[i]!.titulo);
    }
    assert.equal(total, def.voters.length);
    assert.equal(ix.voter(def.voters[7]!.titulo), def.voters[7]);
    assert.equal(ix.voter('000000000000'), undefined);
  });

  test('municipioVoters, parties, federations, office rules', () => {
    const sum = def.ufs[0]!.municipios.reduce((n, m) => n + ix.municipioVoters(m.code), 0);
    assert.equal(sum, def.voters.length);
    assert.equal(ix.municipioVoters(ribeirao.code), def.voters.filter((v) => v.municipio === ribeirao.code).length);
    assert.equal(ix.party(12)!.abbreviation, 'PVV');
    assert.equal(ix.federationOf(18)!.number, 1);
    assert.equal(ix.federationOf(23), undefined);
    assert.equal(ix.officeRule(7)!.digits, 5);
    assert.equal(ix.officeRule(5)!.runningMates, 'suplentes');
    assert.equal(ix.officeRule(11), undefined);
    assert.equal(ix.eleicaoOfOffice(3), 9546);
  });
});

describe('indexElection on the demo and a community election', () => {
  test('municipal: Vereador before Prefeito, legenda parties only for Vereador', () => {
    const def = demoElection();
    const ix = indexElection(def);
    const s = ix.secoes[0]!;
    assert.deepEqual(
      ballotOffices(def, ix, s).map((b) => b.name),
      ['Vereador', 'Prefeito'],
    );
    assert.equal(ballotOffices(def, ix, s)[0]!.parties.size, def.parties.length);
    assert.deepEqual(
      [...ballotOffices(def, ix, s)[1]!.parties.keys()],
      [...new Set(def.contests.find((c) => c.office === 11)!.candidates.map((c) => c.party))].sort((a, b) => a - b),
    );
    assert.equal(ballotOffices(def, ix, s)[1]!.candidates.get(12)!.runningMates[0]!.label, 'Vice-Prefeito');
    assert.equal(ix.municipioVoters(s.municipio), 3000);
  });

  test('only the parties with a candidate in the contest take legenda votes', () => {
    const def = demoElection();
    const vereador = def.contests.find((c) => c.office === 13)!;
    vereador.candidates = vereador.candidates.filter((c) => c.party !== 55);
    const ix = indexElection(load(def));
    const b = ballotOffices(def, ix, ix.secoes[0]!).find((o) => o.codigoCargo === 13)!;
    assert.ok(!b.parties.has(55));
    assert.equal(b.parties.size, def.parties.length - 1);
  });

  test('community elections keep the definition order of contests', () => {
    const def = demoElection();
    def.kind = 'community';
    def.eleicoes = [
      { id: 1, offices: [{ code: 11 }, { code: 40, name: 'Conselho', digits: 3, system: 'proportional' }] },
    ];
    const vereadores = def.contests[1]!.candidates;
    def.contests[1] = {
      office: 40,
      municipio: def.contests[1]!.municipio,
      seats: 5,
      candidates: vereadores.slice(0, 5).map((c, i) => ({ ...c, number: c.party * 10 + i })),
    };
    const ix = indexElection(load(def));
    assert.deepEqual(
      ballotOffices(def, ix, ix.secoes[0]!).map((b) => b.codigoCargo),
      [11, 40],
    );
    const conselho = ballotOffices(def, ix, ix.secoes[0]!)[1]!;
    assert.equal(conselho.name, 'Conselho');
    assert.equal(conselho.digits, 3);
    assert.equal(conselho.quantidadeEscolhas, 1);
  });
});
