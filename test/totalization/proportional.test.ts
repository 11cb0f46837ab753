import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  distributeSeats,
  formatDecimalBR,
  proportionalInputProblems,
  quocienteEleitoral,
  type AgremiacaoInput,
  type ProportionalInput,
  type ProportionalResult,
} from '../../src/totalization/proportional.ts';
import { parseCsv } from '../../src/totalization/seats-input.ts';

const SHARED = '../shared/results-data';

/** An agremiação of one party; candidate numbers are party·1000 + position. */
function party(name: string, number: number, votes: number[], legenda: number, births: (string | undefined)[] = []) {
  return {
    name,
    parties: [{ number, abbreviation: name, legenda }],
    candidates: votes.map((v, i) => {
      const birthDate = births[i];
      return { number: number * 1000 + i + 1, name: `${name}${i + 1}`, votes: v, ...(birthDate ? { birthDate } : {}) };
    }),
  } satisfies AgremiacaoInput;
}

/** ELECTION-RULES.md §2.3, with B a federation of B1 and B2. */
function workedExample(): ProportionalInput {
  return {
    seats: 10,
    agremiacoes: [
      party('A', 20, [1800, 300, 90, 60], 50),
      {
        name: 'B',
        parties: [
          { number: 21, abbreviation: 'B1', legenda: 300 },
          { number: 22, abbreviation: 'B2', legenda: 100 },
        ],
        candidates: [
          { number: 21001, name: 'B900', votes: 900 },
          { number: 22001, name: 'B700', votes: 700 },
          { number: 21002, name: 'B450', votes: 450 },
          { number: 22002, name: 'B150', votes: 150 },
        ],
      },
      party('C', 23, [1990, 95, 65], 0),
      party('D', 24, [400, 150, 100], 200),
      party('E', 25, [700, 80], 0),
      party('F', 26, [480], 25),
      party('G', 27, [600, 500, 150, 120], 100),
    ],
  };
}

const seatsOf = (r: ProportionalResult) => Object.fromEntries(r.agremiacoes.map((a) => [a.name, a.seats]));
const order = (r: ProportionalResult) =>
  r.elected.map((e) => [e.seat, e.phase, e.how, e.agremiacao, e.candidate.votes, e.media?.display ?? null]);

describe('worked example (ELECTION-RULES.md §2.3)', () => {
  test('QE 1,065 (exact half dropped) and the thresholds', () => {
    const r = distributeSeats(workedExample());
    assert.equal(r.validVotes, 10_655);
    assert.equal(r.qe, 1065);
    assert.equal(r.thresholds.candidateQP.display, '106,50');
    assert.equal(r.thresholds.candidateMedia.display, '213');
    assert.equal(r.thresholds.agremiacao.display, '852');
    const byName = Object.fromEntries(r.agremiacoes.map((a) => [a.name, a]));
    assert.deepEqual(Object.fromEntries(r.agremiacoes.map((a) => [a.name, a.qp])), {
      A: 2,
      B: 2,
      C: 2,
      D: 0,
      E: 0,
      F: 0,
      G: 1,
    });
    // C's QP is 2 but its second candidate (95) is below 10% of the QE: that seat goes to the médias.
    assert.equal(byName.C!.qpSeats, 1);
    assert.equal(byName.D!.reaches80, false); // 850 < 852
  });

  test('STF rule: every seat, phase and média in order', () => {
    const r = distributeSeats(workedExample(), { rule: 'stf-2024' });
    assert.deepEqual(order(r), [
      // Phase 1 seats are listed by agremiação votes (B 2,600, A 2,300, C 2,150, G 1,470), then vote order.
      [1, 1, 'QP', 'B', 900, null],
      [2, 1, 'QP', 'B', 700, null],
      [3, 1, 'QP', 'A', 1800, null],
      [4, 1, 'QP', 'A', 300, null],
      [5, 1, 'QP', 'C', 1990, null],
      [6, 1, 'QP', 'G', 600, null],
      [7, 2, 'media', 'B', 450, '866,67'],
      [8, 2, 'media', 'G', 500, '735'],
      [9, 3, 'media-fase3', 'C', 95, '1.075'],
      [10, 3, 'media-fase3', 'D', 400, '850'],
    ]);
    assert.deepEqual(seatsOf(r), { A: 2, B: 3, C: 2, D: 1, E: 0, F: 0, G: 2 });
    assert.deepEqual(r.elected[6]!.media, { numerator: 2600, denominator: 3, display: '866,67' });
    assert.equal(r.unfilledSeats, 0);
    assert.deepEqual(r.ties, []);
    assert.deepEqual(r.warnings, []);
  });

  test("2022 TSE rule: seat 10 goes to A's 90-vote candidate instead of D", () => {
    const r = distributeSeats(workedExample(), { rule: 'tse-2022' });
    assert.deepEqual(order(r).slice(0, 9), order(distributeSeats(workedExample())).slice(0, 9));
    assert.deepEqual(order(r)[9], [10, 3, 'media-fase3', 'A', 90, '766,67']);
    assert.deepEqual(seatsOf(r), { A: 3, B: 3, C: 2, D: 0, E: 0, F: 0, G: 2 });
  });

  test('suplentes (CE art. 112) in vote order; agremiações without seats: não eleitos', () => {
    const r = distributeSeats(workedExample());
    const sup = Object.fromEntries(r.agremiacoes.map((a) => [a.name, a.suplentes.map((c) => c.votes)]));
    assert.deepEqual(sup, { A: [90, 60], B: [150], C: [65], D: [150, 100], E: [], F: [], G: [150, 120] });
    const a = r.agremiacoes.find((x) => x.name === 'A')!;
    assert.deepEqual(
      a.suplentes.map((c) => [c.status, c.suplenteOrder]),
      [
        ['suplente', 1],
        ['suplente', 2],
      ],
    );
    const e = r.agremiacoes.find((x) => x.name === 'E')!;
    assert.deepEqual(
      e.naoEleitos.map((c) => c.status),
      ['nao-eleito', 'nao-eleito'],
    );
    assert.ok(
      r.elected.every((s) => s.candidate.status === 'eleito' && s.candidate.seat === s.seat),
      "r.elected.every((s) => s.candidate.status === 'eleito' && s.candidate.seat === s.seat)",
    );
  });
});

describe('CE art. 106 rounding (qe-rounding-vectors.csv)', () => {
  const file = `${SHARED}/qe-rounding-vectors.csv`;
  test('every row', { skip: existsSync(file) ? false : `${file} not found (shared reference data absent)` }, () => {
    const { rows, problems } = parseCsv(readFileSync(file, 'utf8'));
    assert.deepEqual(problems, []);
    const [header, ...data] = rows;
    const col = (n: string) => header!.fields.indexOf(n);
    assert.ok(data.length >= 8, 'data.length >= 8');
    for (const row of data) {
      const f = row.fields;
      const V = Number(f[col('votos_validos')]);
      const S = Number(f[col('vagas')]);
      assert.equal(quocienteEleitoral(V, S), Number(f[col('qe_esperado')]), f[col('caso')]);
    }
  });

  test('matches the closed formula floor((2V + S − 1) / 2S) and never moves more than ½ from V/S', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200_000_000 }), fc.integer({ min: 1, max: 1000 }), (V, S) => {
        const qe = quocienteEleitoral(V, S);
        assert.equal(BigInt(qe), (2n * BigInt(V) + BigInt(S) - 1n) / (2n * BigInt(S)));
        // |QE − V/S| ≤ ½ ⟺ |2·S·QE − 2V| ≤ S, and exactly ½ only when rounding down.
        const d = 2 * S * qe - 2 * V;
        assert.ok(d >= -S && d < S, 'd >= -S && d < S');
      }),
    );
  });
});

describe('ties (ELECTION-RULES.md §2.2 steps 7–8)', () => {
  test('equal médias: the agremiação with more votes (three-way tie)', () => {
    // V 6,000, 5 seats, QE 1,200. After phase 1 (A 2, B 1) the médias are A 3000/3 = B 2000/2 = C 1000/1 = 1000.
    const r = distributeSeats({
      seats: 5,
      agremiacoes: [
        party('C', 30, [900, 100], 0),
        party('B', 20, [1200, 500, 300], 0),
        party('A', 10, [1500, 1000, 300, 200], 0),
      ],
    });
    assert.deepEqual(
      r.elected.slice(3).map((e) => [e.agremiacao, e.media?.display]),
      [
        ['A', '1.000'],
        ['B', '1.000'], // then B 2000/2 = C 1000/1 = 1000; B has more votes
      ],
    );
    assert.deepEqual(seatsOf(r), { A: 3, B: 2, C: 0 });
    assert.deepEqual(r.ties, []);
  });

  test("equal médias and votes: the next candidate's votes (Paraguaçu/MG 2024 pattern)", () => {
    // QE = 5,096 / 3 = 1,698.67 → 1,699; one QP seat each; 2,548 / 2 each for the last seat.
    const r = distributeSeats({
      seats: 3,
      agremiacoes: [party('PDT', 12, [1000, 350], 1198), party('PP', 11, [1000, 444], 1104)],
    });
    assert.equal(r.qe, 1699);
    assert.deepEqual(seatsOf(r), { PDT: 1, PP: 2 });
    assert.equal(r.elected[2]!.candidate.votes, 444);
  });

  test('then the older next candidate; unknown ages are reported, not guessed', () => {
    const input = (pdtBirth?: string, ppBirth?: string) => ({
      seats: 3,
      agremiacoes: [
        party('PDT', 12, [1000, 400], 1148, [undefined, pdtBirth]),
        party('PP', 11, [1000, 400], 1148, [undefined, ppBirth]),
      ],
    });
    const older = distributeSeats(input('1950-01-01', '1960-01-01'));
    assert.equal(older.elected[2]!.agremiacao, 'PDT');
    assert.deepEqual(older.ties, []);
    assert.equal(distributeSeats(input('1960-01-01', '1950-01-01')).elected[2]!.agremiacao, 'PP');

    const unknown = distributeSeats(input(undefined, '1950-01-01'));
    assert.equal(unknown.ties.length, 1);
    assert.deepEqual(unknown.ties[0], {
      kind: 'media',
      agremiacoes: ['PDT', 'PP'],
      candidates: [12002, 11002],
      seat: 3,
      reason: 'birth-date-missing',
      decisive: true,
      resolvedBy: 'known-age-then-name',
    });
    // Deterministic, and said so: the known age before the unknown one.
    assert.equal(unknown.elected[2]!.agremiacao, 'PP');
    assert.equal(distributeSeats(input('1950-01-01', undefined)).elected[2]!.agremiacao, 'PDT');
    // Nothing known: alphabetical.
    const none = distributeSeats(input(undefined, undefined));
    assert.equal(none.elected[2]!.agremiacao, 'PDT');
    assert.equal(none.ties.length, 1);
    const same = distributeSeats(input('1950-01-01', '1950-01-01'));
    assert.equal(same.ties[0]!.reason, 'same-birth-date');
  });

  test('candidates of one list with equal votes: the oldest (CE art. 110), also for suplentes', () => {
    const r = distributeSeats({
      seats: 1,
      agremiacoes: [party('A', 10, [500, 500, 200, 200], 0, ['1990-01-01', '1960-01-01', '1980-05-05', '1970-05-05'])],
    });
    assert.equal(r.elected[0]!.candidate.number, 10002);
    const sup = r.agremiacoes[0]!.suplentes.map((c) => c.number);
    assert.deepEqual(sup, [10001, 10004, 10003]);
    assert.deepEqual(r.ties, []);
  });

  test('candidate tie without birth dates: reported (decisive when it decides who is elected)', () => {
    const r = distributeSeats({
      seats: 1,
      agremiacoes: [party('A', 10, [500, 500, 200, 200], 0, ['1990-01-01', undefined, '1970-01-01', '1970-01-01'])],
    });
    assert.equal(r.elected[0]!.candidate.number, 10001); // by number, as reported
    assert.deepEqual(
      r.ties.map((t) => [t.kind, t.candidates, t.reason, t.decisive]),
      [
        ['candidates', [10001, 10002], 'birth-date-missing', true],
        ['candidates', [10003, 10004], 'same-birth-date', false],
      ],
    );
  });
});

describe('special cases', () => {
  test('no agremiação reaches the QE: médias from zero seats, not the old art. 111', () => {
    // QE 500; nobody has 500. Art. 111 would elect the two most voted candidates (A 300, B 290); since the STF
    // (ADI 7228) phase 2 runs from zero: only A has 80% of the QE (400), and its 2nd candidate (150) has 20% (100).
    const input = {
      seats: 2,
      agremiacoes: [party('A', 10, [300, 150], 0), party('B', 20, [290, 10], 0), party('C', 30, [240, 10], 0)],
    };
    for (const rule of ['stf-2024', 'tse-2022'] as const) {
      const r = distributeSeats(input, { rule });
      assert.equal(r.qe, 500);
      assert.ok(
        r.agremiacoes.every((a) => !a.reachesQE),
        'r.agremiacoes.every((a) => !a.reachesQE)',
      );
      assert.deepEqual(order(r), [
        [1, 2, 'media', 'A', 300, '450'],
        [2, 2, 'media', 'A', 150, '225'],
      ]);
    }
  });

  test('phase 3 after an empty phase 2 when nobody reaches the QE', () => {
    // QE 500; nobody has 80% (400): everything is decided by the médias of phase 3.
    const r = distributeSeats({
      seats: 2,
      agremiacoes: [party('A', 10, [350, 10], 0), party('B', 20, [330, 10], 0), party('C', 30, [320], 0)],
    });
    assert.deepEqual(
      r.elected.map((e) => [e.how, e.agremiacao]),
      [
        ['media-fase3', 'A'],
        ['media-fase3', 'B'],
      ],
    );
    // 2022 rule: phase 3 only for ≥ 80%: nobody; the open phase is used and reported.
    const old = distributeSeats(
      { seats: 2, agremiacoes: [party('A', 10, [350, 10], 0), party('B', 20, [330, 10], 0), party('C', 30, [320], 0)] },
      { rule: 'tse-2022' },
    );
    assert.deepEqual(old.warnings, [{ code: 'tse-2022-phase3-opened', fromSeat: 1 }]);
    assert.deepEqual(
      old.elected.map((e) => e.agremiacao),
      ['A', 'B'],
    );
  });

  test('no valid votes: nobody elected', () => {
    const r = distributeSeats({ seats: 3, agremiacoes: [party('A', 10, [0, 0], 0)] });
    assert.equal(r.qe, 0);
    assert.deepEqual(r.elected, []);
    assert.equal(r.unfilledSeats, 3);
    assert.deepEqual(r.warnings, [{ code: 'no-valid-votes' }]);
  });

  test('fewer candidates than seats: the rest stay unfilled', () => {
    const r = distributeSeats({ seats: 5, agremiacoes: [party('A', 10, [900, 100], 100), party('B', 20, [50], 0)] });
    assert.equal(r.elected.length, 3);
    assert.equal(r.unfilledSeats, 2);
    assert.deepEqual(r.warnings, [{ code: 'unfilled-seats', seats: 2 }]);
  });

  test('an ineligible (annulled) candidate is neither elected, nor suplente, nor counted', () => {
    const a = party('A', 10, [900, 300, 100], 0);
    a.candidates[0] = { ...a.candidates[0]!, eligible: false } as (typeof a.candidates)[0];
    const r = distributeSeats({ seats: 2, agremiacoes: [a, party('B', 20, [150, 140], 0)] });
    assert.equal(r.validVotes, 400 + 290);
    assert.equal(r.qe, 345);
    const res = r.agremiacoes.find((x) => x.name === 'A')!;
    assert.equal(res.votes, 400);
    assert.deepEqual(
      res.elected.map((c) => c.number),
      [10002],
    );
    assert.deepEqual(
      res.suplentes.map((c) => c.number),
      [10003],
    );
    assert.deepEqual(
      res.naoEleitos.map((c) => [c.number, c.eligible, c.status]),
      [[10001, false, 'nao-eleito']],
    );
  });

  test('a tiny electorate where QP seats exceed the seats (V ≤ S(S+1)/2) keeps the largest médias', () => {
    // V 14, S 10 → QE 1 → QP 14 in all; 10 seats by D'Hondt among the QP seats.
    const r = distributeSeats({
      seats: 10,
      agremiacoes: [party('A', 10, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 0), party('B', 20, [1, 1, 1, 1], 0)],
    });
    assert.equal(r.qe, 1);
    assert.deepEqual(r.warnings, [{ code: 'qp-exceeds-seats', qpSeats: 14 }]);
    assert.equal(r.elected.length, 10);
    assert.deepEqual(seatsOf(r), { A: 7, B: 3 }); // D'Hondt of 10 and 4 for 10 seats
  });

  test('QE 0 (V ≤ S/2): no QP seats, all by médias', () => {
    const r = distributeSeats({ seats: 4, agremiacoes: [party('A', 10, [1, 0], 0), party('B', 20, [1], 0)] });
    assert.equal(r.qe, 0);
    assert.ok(
      r.warnings.some((w) => w.code === 'qe-zero'),
      "r.warnings.some((w) => w.code === 'qe-zero')",
    );
    assert.equal(r.elected.length, 3);
  });

  test('invalid input is refused with every problem', () => {
    const bad: ProportionalInput = {
      seats: 0,
      agremiacoes: [
        { name: 'A', parties: [{ number: 10, legenda: -1 }], candidates: [{ number: 10001, name: 'X', votes: 1.5 }] },
        {
          name: 'A',
          parties: [{ number: 10, legenda: 0 }],
          candidates: [{ number: 10001, name: '', votes: 1, birthDate: '1970-02-30' }],
        },
        { name: 'C', parties: [{ number: 30, legenda: 0 }], candidates: [{ number: 40001, name: 'Z', votes: 1 }] },
      ],
    };
    const paths = proportionalInputProblems(bad).map((p) => p.path);
    assert.deepEqual(paths.sort(), [
      'agremiacoes[0].candidates[0].votes',
      'agremiacoes[0].parties[0].legenda',
      'agremiacoes[1].candidates[0].birthDate',
      'agremiacoes[1].candidates[0].name',
      'agremiacoes[1].candidates[0].number',
      'agremiacoes[1].name',
      'agremiacoes[1].parties[0].number',
      'agremiacoes[2].candidates[0].number',
      'seats',
    ]);
    assert.throws(() => distributeSeats(bad), /invalid input/);
  });

  test('pt-BR display of exact values, half-up', () => {
    assert.equal(formatDecimalBR(301307, 3), '100.435,67');
    assert.equal(formatDecimalBR(301307, 2), '150.653,50');
    assert.equal(formatDecimalBR(1, 200), '0,01'); // 0.005 → up
    assert.equal(formatDecimalBR(1, 201), '0,00');
    assert.equal(formatDecimalBR(1_607_520, 1), '1.607.520');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties

const birth = fc.option(fc.constantFrom('1950-01-01', '1960-06-15', '1970-12-31', '1985-03-03'), { nil: undefined });
const arbInput = fc
  .record({
    seats: fc.integer({ min: 1, max: 15 }),
    ags: fc.array(
      fc.record({
        legendas: fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 3 }),
        candidates: fc.array(
          // About one candidate in ten annulled (not eligible).
          fc.record({
            votes: fc.integer({ min: 0, max: 3000 }),
            birth,
            eligible: fc.integer({ min: 0, max: 9 }).map((n) => n > 0),
          }),
          { maxLength: 8 },
        ),
      }),
      { minLength: 1, maxLength: 6 },
    ),
  })
  .map(({ seats, ags }): ProportionalInput => {
    let nextParty = 10;
    return {
      seats,
      agremiacoes: ags.map((ag, i) => {
        const numbers = ag.legendas.map(() => nextParty++);
        return {
          name: `AG${i}`,
          parties: ag.legendas.map((legenda, k) => ({ number: numbers[k]!, legenda })),
          candidates: ag.candidates.map((c, j) => ({
            number: numbers[j % numbers.length]! * 1000 + j,
            name: `C${i}-${j}`,
            votes: c.votes,
            ...(c.birth ? { birthDate: c.birth } : {}),
            ...(c.eligible ? {} : { eligible: false }),
          })),
        };
      }),
    };
  });

/** The same input with agremiações, parties and candidates in another order. */
function permuted(input: ProportionalInput, seed: number): ProportionalInput {
  let s = seed >>> 0 || 1;
  const rand = () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const shuffle = <T>(xs: T[]): T[] => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  return {
    seats: input.seats,
    agremiacoes: shuffle(input.agremiacoes).map((a) => ({
      ...a,
      parties: shuffle(a.parties),
      candidates: shuffle(a.candidates),
    })),
  };
}

describe('properties', () => {
  for (const rule of ['stf-2024', 'tse-2022'] as const) {
    test(`${rule}: all seats filled when there are enough candidates; never more seats than candidates`, () => {
      fc.assert(
        fc.property(arbInput, (input) => {
          const r = distributeSeats(input, { rule });
          const eligible = (a: AgremiacaoInput) => a.candidates.filter((c) => c.eligible !== false).length;
          const candidates = input.agremiacoes.reduce((n, a) => n + eligible(a), 0);
          const expected = r.validVotes === 0 ? 0 : Math.min(input.seats, candidates);
          assert.equal(r.elected.length, expected);
          assert.equal(r.unfilledSeats, input.seats - expected);
          assert.equal(
            r.agremiacoes.reduce((n, a) => n + a.seats, 0),
            r.elected.length,
          );
          for (const a of r.agremiacoes) {
            const inputAg = input.agremiacoes.find((x) => x.name === a.name)!;
            assert.ok(a.seats <= eligible(inputAg), 'a.seats <= eligible(inputAg)');
            assert.ok(a.qpSeats <= a.qp || r.qe === 0, 'a.qpSeats <= a.qp || r.qe === 0');
            // Every candidate appears once, and the elected are the list's top candidates.
            assert.equal(a.elected.length + a.suplentes.length + a.naoEleitos.length, inputAg.candidates.length);
            const minElected = Math.min(...a.elected.map((c) => c.votes));
            const others = [...a.suplentes, ...a.naoEleitos].filter((c) => c.eligible);
            assert.ok(
              others.every((c) => c.votes <= minElected || a.elected.length === 0),
              'others.every((c) => c.votes <= minElected || a.elected.length === 0)',
            );
          }
        }),
      );
    });
  }

  test('each seat meets the thresholds of its phase', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const r = distributeSeats(input);
        const total = Object.fromEntries(r.agremiacoes.map((a) => [a.name, a.votes]));
        let phase = 1;
        for (const e of r.elected) {
          assert.ok(e.phase >= phase, 'phases never go back');
          phase = e.phase;
          if (e.phase === 1) assert.ok(10 * e.candidate.votes >= r.qe, '10 * e.candidate.votes >= r.qe');
          if (e.phase === 2) {
            assert.ok(5 * e.candidate.votes >= r.qe, '5 * e.candidate.votes >= r.qe');
            assert.ok(5 * total[e.agremiacao]! >= 4 * r.qe, '5 * total[e.agremiacao]! >= 4 * r.qe');
          }
          if (e.phase > 1) assert.equal(e.media!.numerator, total[e.agremiacao]);
        }
      }),
    );
  });

  test('permuting the input never changes the result', () => {
    fc.assert(
      fc.property(
        arbInput,
        fc.integer(),
        fc.constantFrom('stf-2024' as const, 'tse-2022' as const),
        (input, seed, rule) => {
          assert.deepEqual(distributeSeats(permuted(input, seed), { rule }), distributeSeats(input, { rule }));
        },
      ),
    );
  });
});
