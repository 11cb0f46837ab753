import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { ElectionDefinitionSchema, type ElectionDefinition } from '../../src/election/definition.ts';
import { SecondRoundError, lastSundayOfOctober, secondRoundDefinition } from '../../src/totalization/second-round.ts';
import { majorityOutcome } from '../../src/totalization/majority.ts';
import { tituloCheckDigits } from '../../src/election/titulo.ts';

const VALIDATOR = 'src/election/validate.ts';

/** A small 2022-like general election: Presidente, Governador and Senador of SP, and Deputado Federal. */
function firstRound(): ElectionDefinition {
  const ticket = (number: number, party: number, name: string, birthDate: string) => ({
    number,
    ballotName: name,
    party,
    birthDate,
    vice: { ballotName: `VICE ${name}`, party },
  });
  return ElectionDefinitionSchema.parse({
    formatVersion: 1,
    kind: 'general',
    name: 'Eleições Gerais 2022',
    pleito: 406,
    round: 1,
    date: '2022-10-02',
    eleicoes: [
      { id: 544, name: 'Eleição Geral Federal 2022', offices: [{ code: 1 }] },
      { id: 546, name: 'Eleição Geral Estadual 2022', offices: [{ code: 6 }, { code: 5 }, { code: 3 }] },
    ],
    parties: [
      { number: 13, abbreviation: 'PT', name: 'Partido dos Trabalhadores' },
      { number: 22, abbreviation: 'PL', name: 'Partido Liberal' },
      { number: 15, abbreviation: 'MDB', name: 'Movimento Democrático Brasileiro' },
    ],
    contests: [
      {
        office: 6,
        uf: 'SP',
        seats: 70,
        candidates: [{ number: 1301, ballotName: 'DEP A', party: 13, birthDate: '1970-01-01' }],
      },
      {
        office: 5,
        uf: 'SP',
        seats: 1,
        candidates: [
          {
            number: 131,
            ballotName: 'SEN A',
            party: 13,
            birthDate: '1960-01-01',
            suplentes: [{ ballotName: 'S1' }, { ballotName: 'S2' }],
          },
        ],
      },
      {
        office: 3,
        uf: 'SP',
        seats: 1,
        candidates: [
          ticket(13, 13, 'GOV A', '1960-05-05'),
          ticket(22, 22, 'GOV B', '1975-05-05'),
          ticket(15, 15, 'GOV C', '1965-01-01'),
        ],
      },
      {
        office: 1,
        seats: 1,
        candidates: [
          ticket(13, 13, 'PRES A', '1945-10-27'),
          ticket(22, 22, 'PRES B', '1955-03-21'),
          ticket(15, 15, 'PRES C', '1970-11-22'),
        ],
      },
    ],
    ufs: [
      {
        uf: 'SP',
        name: 'São Paulo',
        municipios: [
          {
            code: 71072,
            name: 'São Paulo',
            zonas: [{ number: 1, secoes: [{ number: 1, local: { number: 1010, name: 'Escola' } }] }],
          },
        ],
      },
    ],
    voters: [
      {
        titulo: `1234567801${tituloCheckDigits('12345678', '01')}`,
        name: 'ELEITORA UM',
        birthDate: '1980-01-01',
        municipio: 71072,
        zona: 1,
        secao: 1,
      },
    ],
  });
}

describe('second round', () => {
  test('last Sunday of October', () => {
    assert.equal(lastSundayOfOctober(2022), '2022-10-30'); // CF art. 77; TSE calendar 2022
    assert.equal(lastSundayOfOctober(2024), '2024-10-27'); // Res. 23.736 art. 2
    assert.equal(lastSundayOfOctober(2026), '2026-10-25');
    assert.equal(lastSundayOfOctober(2020), '2020-10-25');
    for (let y = 2000; y < 2100; y++) {
      const d = new Date(`${lastSundayOfOctober(y)}T12:00:00Z`);
      assert.equal(d.getUTCDay(), 0, `${y}: a Sunday`);
      assert.ok(d.getUTCDate() + 7 > 31, `${y}: the last one`);
    }
  });

  test('only the contests going to round 2, each with its two candidates; pleito + 1; same geography and roll', () => {
    const def = firstRound();
    const r2 = secondRoundDefinition(def, [
      { office: 1, numbers: [22, 13] },
      { office: 3, uf: 'SP', numbers: [13, 15] },
    ]);
    assert.equal(r2.round, 2);
    assert.equal(r2.pleito, 407); // 2022: 406 → 407
    assert.equal(r2.date, '2022-10-30');
    assert.equal(r2.name, 'Eleições Gerais 2022 — 2º turno');
    assert.deepEqual(
      r2.contests.map((c) => [c.office, c.uf ?? null, c.seats, c.candidates.map((x) => x.number)]),
      [
        [3, 'SP', 1, [13, 15]],
        [1, null, 1, [13, 22]],
      ],
    );
    // Eleição ids are kept (documented); only the offices with a second round remain.
    assert.deepEqual(
      r2.eleicoes.map((e) => [e.id, e.offices.map((o) => o.code)]),
      [
        [544, [1]],
        [546, [3]],
      ],
    );
    assert.deepEqual(r2.ufs, def.ufs);
    assert.equal(r2.voters.length, 1);
    assert.deepEqual(r2.voters, def.voters);
    assert.deepEqual(r2.parties, def.parties);
    assert.equal(r2.contests[1]!.candidates[0]!.vice?.ballotName, 'VICE PRES A');
    // The first round is not modified.
    assert.equal(def.round, 1);
    assert.equal(def.contests.length, 4);
  });

  test('from a majority outcome to the round-2 definition', () => {
    const def = firstRound();
    const pres = def.contests.find((c) => c.office === 1)!;
    const outcome = majorityOutcome({
      office: 1,
      candidates: pres.candidates.map((c, i) => ({ number: c.number, name: c.ballotName, votes: [480, 430, 90][i]! })),
      secondRoundApplies: true,
    });
    assert.equal(outcome.kind, 'second-round');
    if (outcome.kind !== 'second-round') return;
    const r2 = secondRoundDefinition(def, [
      { office: 1, numbers: [outcome.finalists[0].number, outcome.finalists[1].number] },
    ]);
    assert.deepEqual(
      r2.contests.map((c) => c.candidates.map((x) => x.number)),
      [[13, 22]],
    );
    assert.deepEqual(
      r2.eleicoes.map((e) => e.id),
      [544],
    );
  });

  test(
    'passes the election definition validator',
    { skip: existsSync(VALIDATOR) ? false : `${VALIDATOR} not written yet` },
    async () => {
      const { validateElection } = await import('../../src/election/validate.ts');
      const def = firstRound();
      const first = validateElection(def, 'round1.json');
      assert.deepEqual(first.ok ? [] : first.problems, []);
      const r2 = secondRoundDefinition(def, [
        { office: 1, numbers: [13, 22] },
        { office: 3, uf: 'SP', numbers: [13, 15] },
      ]);
      const second = validateElection(r2, 'round2.json');
      assert.deepEqual(second.ok ? [] : second.problems, []);
    },
  );

  test('bad requests: every problem, located', () => {
    const def = firstRound();
    try {
      secondRoundDefinition(def, [
        { office: 5, uf: 'SP', numbers: [131, 132] }, // the Senate has no second round
        { office: 1, numbers: [13, 99] }, // 99 is not a candidate
        { office: 3, uf: 'RJ', numbers: [13, 22] }, // no such contest
        { office: 1, numbers: [22, 22] }, // the same contest again, and the same candidate twice
      ]);
      assert.fail('expected SecondRoundError');
    } catch (e) {
      assert.ok(e instanceof SecondRoundError, String(e));
      assert.deepEqual(
        e.problems.map((p) => p.path),
        ['contests[0].office', 'contests[1].numbers[1]', 'contests[2]', 'contests[3]'],
      );
    }
    assert.throws(() => secondRoundDefinition({ ...def, round: 2 }, [{ office: 1, numbers: [13, 22] }]), /round 1/);
    assert.throws(() => secondRoundDefinition(def, [{ office: 1, numbers: [13, 13] }]), /two different candidates/);
  });
});
