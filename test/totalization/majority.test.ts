import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { majorityOutcome, secondRoundApplies, type MajorityCandidate } from '../../src/totalization/majority.ts';
import { parseCsv } from '../../src/totalization/seats-input.ts';

const PRESIDENTE = `../shared/results-data/br-presidente-2022.csv`;
const TOTAIS = `../shared/results-data/br-presidente-2022-totais.csv`;
const skip = existsSync(PRESIDENTE) && existsSync(TOTAIS) ? false : 'shared/results-data (2022 presidential) not found';

function readCsv(file: string): Record<string, string>[] {
  const { rows, problems } = parseCsv(readFileSync(file, 'utf8'));
  assert.deepEqual(problems, []);
  const [header, ...data] = rows;
  return data.map((r) => Object.fromEntries(header!.fields.map((h, k) => [h, r.fields[k]!])));
}

describe('2022 presidential election (br-presidente-2022.csv)', { skip }, () => {
  const rows = skip ? [] : readCsv(PRESIDENTE);
  const totals = skip ? [] : readCsv(TOTAIS);
  const round = (t: string): MajorityCandidate[] =>
    rows
      .filter((r) => r.turno === t)
      .map((r) => ({ number: Number(r.numero), name: r.nome_urna!, votes: Number(r.votos) }));

  test('1st round: nobody has an absolute majority → Lula (13) and Bolsonaro (22) go to the second round', () => {
    const candidates = round('1');
    assert.equal(candidates.length, 11);
    const outcome = majorityOutcome({ office: 1, candidates, secondRoundApplies: secondRoundApplies(1, undefined, 1) });
    assert.equal(outcome.kind, 'second-round');
    if (outcome.kind !== 'second-round') return;
    assert.deepEqual(
      outcome.finalists.map((c) => c.number),
      [13, 22],
    );
    // Valid votes are the candidates' votes: the published 118,229,719 (blank and null excluded).
    assert.equal(outcome.validVotes, Number(totals.find((t) => t.turno === '1')!.validos));
    assert.ok(2 * outcome.finalists[0].votes <= outcome.validVotes, '2 × votes ≤ valid: no absolute majority');
    // Every published percentage (rounded half-up to 2 decimals) is reproduced.
    for (const c of outcome.ranking) {
      const published = rows.find((r) => r.turno === '1' && Number(r.numero) === c.number)!.pct_validos_publicado!;
      assert.equal(c.percentValid, published.replace('.', ','), c.name);
    }
  });

  test('2nd round: Lula elected by the majority of the two', () => {
    const candidates = round('2');
    const outcome = majorityOutcome({ office: 1, candidates, secondRoundApplies: secondRoundApplies(1, undefined, 2) });
    assert.equal(outcome.kind, 'elected');
    if (outcome.kind !== 'elected') return;
    assert.deepEqual(
      outcome.elected.map((c) => [c.number, c.name]),
      [[13, 'LULA']],
    );
    assert.equal(outcome.validVotes, Number(totals.find((t) => t.turno === '2')!.validos));
    assert.deepEqual(
      outcome.ranking.map((c) => c.percentValid),
      ['50,90', '49,10'],
    );
  });
});

describe('majority rules', () => {
  const c = (number: number, votes: number, birthDate?: string): MajorityCandidate => ({
    number,
    name: `C${number}`,
    votes,
    ...(birthDate ? { birthDate } : {}),
  });

  test('secondRoundApplies: presidente/governador always, prefeito above 200,000 eleitores, senador never', () => {
    assert.equal(secondRoundApplies(1, undefined, 1), true);
    assert.equal(secondRoundApplies(3, undefined, 1), true);
    assert.equal(secondRoundApplies(11, 200_001, 1), true);
    assert.equal(secondRoundApplies(11, 200_000, 1), false); // "more than 200,000"
    assert.equal(secondRoundApplies(5, undefined, 1), false);
    assert.equal(secondRoundApplies(13, undefined, 1), false);
    assert.equal(secondRoundApplies(1, undefined, 2), false);
    assert.throws(() => secondRoundApplies(11, undefined, 1), /registered voters/);
  });

  test('absolute majority is more than half: exactly half is not enough', () => {
    const half = majorityOutcome({
      office: 3,
      candidates: [c(10, 500), c(20, 300), c(30, 200)],
      secondRoundApplies: true,
    });
    assert.equal(half.kind, 'second-round');
    const more = majorityOutcome({
      office: 3,
      candidates: [c(10, 501), c(20, 300), c(30, 199)],
      secondRoundApplies: true,
    });
    assert.equal(more.kind, 'elected');
    if (more.kind === 'elected') assert.equal(more.by, 'absolute-majority');
  });

  test('a given valid-vote base (e.g. with annulled votes) raises the bar', () => {
    const o = majorityOutcome({
      office: 1,
      candidates: [c(10, 600), c(20, 400)],
      validVotes: 1300,
      secondRoundApplies: true,
    });
    assert.equal(o.kind, 'second-round');
    assert.throws(
      () => majorityOutcome({ office: 1, candidates: [c(10, 600)], validVotes: 100, secondRoundApplies: true }),
      /validVotes/,
    );
  });

  test('prefeito in a município with ≤ 200,000 eleitores: plurality, even without a majority', () => {
    const o = majorityOutcome({
      office: 11,
      candidates: [c(10, 400), c(20, 350), c(30, 250)],
      secondRoundApplies: secondRoundApplies(11, 150_000, 1),
    });
    assert.equal(o.kind, 'elected');
    if (o.kind !== 'elected') return;
    assert.deepEqual(
      o.elected.map((x) => x.number),
      [10],
    );
    assert.equal(o.by, 'plurality');
  });

  test('Senate with 2 seats: the two most voted; a tie for the 2nd seat → the oldest', () => {
    const o = majorityOutcome({
      office: 5,
      seats: 2,
      candidates: [c(111, 900), c(222, 700, '1980-01-01'), c(333, 700, '1955-06-30'), c(444, 100)],
      secondRoundApplies: false,
    });
    assert.equal(o.kind, 'elected');
    if (o.kind !== 'elected') return;
    assert.deepEqual(
      o.elected.map((x) => x.number),
      [111, 333],
    );
    assert.deepEqual(o.ties, []);
    assert.throws(
      () => majorityOutcome({ office: 1, seats: 2, candidates: [c(10, 1)], secondRoundApplies: false }),
      /Senate/,
    );
  });

  test('tie for 2nd place in round 1 → the oldest qualifies (CF art. 77 §5)', () => {
    const o = majorityOutcome({
      office: 1,
      candidates: [c(10, 400), c(20, 300, '1970-01-01'), c(30, 300, '1950-01-01')],
      secondRoundApplies: true,
    });
    assert.equal(o.kind, 'second-round');
    if (o.kind !== 'second-round') return;
    assert.deepEqual(
      o.finalists.map((x) => x.number),
      [10, 30],
    );
  });

  test('tie in round 2 → the oldest is elected (CE art. 110)', () => {
    const o = majorityOutcome({
      office: 11,
      candidates: [c(10, 500, '1980-02-02'), c(20, 500, '1971-03-03')],
      secondRoundApplies: false,
    });
    assert.equal(o.kind, 'elected');
    if (o.kind === 'elected') assert.equal(o.elected[0]!.number, 20);
  });

  test('a tie age cannot break is reported, not guessed silently', () => {
    const o = majorityOutcome({
      office: 11,
      candidates: [c(20, 500), c(10, 500, '1971-03-03'), c(30, 1)],
      secondRoundApplies: false,
    });
    assert.equal(o.kind, 'elected');
    assert.deepEqual(o.ties, [
      { candidates: [10, 20], votes: 500, reason: 'birth-date-missing', resolvedBy: 'known-age-then-number' },
    ]);
    // A tie below the line does not matter.
    const below = majorityOutcome({
      office: 11,
      candidates: [c(10, 900), c(20, 5), c(30, 5)],
      secondRoundApplies: false,
    });
    assert.deepEqual(below.ties, []);
  });

  test('no valid votes', () => {
    const o = majorityOutcome({ office: 11, candidates: [c(10, 0), c(20, 0)], secondRoundApplies: false });
    assert.equal(o.kind, 'no-valid-votes');
  });
});

describe('majority properties', () => {
  test('the input order never changes the outcome', () => {
    const arb = fc
      .uniqueArray(
        fc.record({
          number: fc.integer({ min: 10, max: 99 }),
          votes: fc.integer({ min: 0, max: 50 }),
          birthDate: fc.option(fc.constantFrom('1950-01-01', '1960-01-01', '1970-01-01'), { nil: undefined }),
        }),
        { selector: (c) => c.number, minLength: 2, maxLength: 8 },
      )
      .map((cs) =>
        cs.map((c) => ({
          number: c.number,
          name: `C${c.number}`,
          votes: c.votes,
          ...(c.birthDate ? { birthDate: c.birthDate } : {}),
        })),
      );
    fc.assert(
      fc.property(arb, fc.boolean(), (candidates, second) => {
        const input = { office: second ? 1 : 11, candidates, secondRoundApplies: second };
        const reversed = { ...input, candidates: [...candidates].reverse() };
        assert.deepEqual(majorityOutcome(reversed), majorityOutcome(input));
      }),
    );
  });
});
