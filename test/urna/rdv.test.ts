import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { seededRandom, type Random } from '../../src/crypto/random.ts';
import type { BallotOffice, Choice } from '../../src/urna/ballot-types.ts';
import type { RdvTipoVoto } from '../../src/urna/model.ts';
import {
  parseRdvSnapshot,
  Rdv,
  rdvCargoKey,
  rdvLayoutFor,
  type RdvLayoutEntry,
  type RdvSnapshot,
} from '../../src/urna/rdv.ts';

// Ballot order as on the screens: Vereador (eleição 619), Senador ×2 (eleição 620), Prefeito (eleição 619).
const LAYOUT: RdvLayoutEntry[] = [
  { idEleicao: 619, codigoCargo: 13, quantidadeEscolhas: 1 },
  { idEleicao: 620, codigoCargo: 5, quantidadeEscolhas: 2 },
  { idEleicao: 619, codigoCargo: 11, quantidadeEscolhas: 1 },
];

function v(codigoCargo: number, tipoVoto: RdvTipoVoto, digitacao?: string): Choice {
  const idEleicao = codigoCargo === 5 ? 620 : 619;
  return digitacao === undefined
    ? { idEleicao, codigoCargo, tipoVoto }
    : { idEleicao, codigoCargo, tipoVoto, digitacao };
}

/** One voter: vereador, senador 1ª vaga, senador 2ª vaga, prefeito. */
function voter(
  ver: [RdvTipoVoto, string?],
  sen1: [RdvTipoVoto, string?],
  sen2: [RdvTipoVoto, string?],
  pref: [RdvTipoVoto, string?],
) {
  return [v(13, ...ver), v(5, ...sen1), v(5, ...sen2), v(11, ...pref)];
}

const VOTERS: Choice[][] = [
  voter(['nominal', '10001'], ['nominal', '101'], ['nominal', '202'], ['nominal', '10']),
  voter(['nominal', '10001'], ['nominal', '202'], ['nuloPorRepeticao', '202'], ['nominal', '20']),
  voter(['legenda', '13'], ['branco'], ['branco'], ['nominal', '10']),
  voter(['legenda', '1002'], ['nulo', '999'], ['nulo', '000'], ['nulo', '00']),
  voter(['legenda', '13999'], ['nominal', '101'], ['nominal', '303'], ['branco']),
  voter(['nulo', '096'], ['nominal', '101'], ['branco'], ['nominal', '10']),
  voter(['nulo', '00000'], ['nominal', '303'], ['nominal', '101'], ['nulo', '99']),
  voter(['branco'], ['branco'], ['nominal', '202'], ['nominal', '20']),
  voter(['nominal', '20123'], ['nominal', '202'], ['nominal', '101'], ['nominal', '10']),
  voter(['legenda', '454'], ['nominal', '101'], ['nominal', '202'], ['nominal', '10']),
];

function recordAll(voters: readonly Choice[][], rows: number, random: Random): Rdv {
  const rdv = new Rdv(LAYOUT, rows);
  for (const choices of voters) rdv.record(choices, random);
  return rdv;
}

function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('order independence (ballot secrecy)', () => {
  test('the same ballots in different orders, with different seeds, give identical export() and tally()', () => {
    const a = recordAll(VOTERS, 25, seededRandom('a'));
    const b = recordAll(VOTERS.slice().reverse(), 25, seededRandom('b'));
    const c = recordAll(shuffled(VOTERS, seededRandom('order')), 25, seededRandom('c'));
    assert.deepEqual(b.export(), a.export());
    assert.deepEqual(c.export(), a.export());
    assert.deepEqual(b.tally(), a.tally());
    assert.deepEqual(c.tally(), a.tally());
    // ...while the rows themselves sit at different random positions.
    assert.notDeepEqual(
      b.toJSON().filled.map((f) => f.row),
      a.toJSON().filled.map((f) => f.row),
    );
  });

  test('choices given out of ballot order are stored as if in order', () => {
    const inOrder = recordAll(VOTERS, 12, seededRandom(1));
    const scrambled = recordAll(
      VOTERS.map((choices) => [choices[3]!, choices[1]!, choices[0]!, choices[2]!]),
      12,
      seededRandom(1),
    );
    assert.deepEqual(scrambled.export(), inOrder.export());
  });
});

describe('export()', () => {
  test('per eleição (ascending id), per cargo in ballot order; votes sorted by tipoVoto code then digitacao as text', () => {
    const rdv = recordAll(VOTERS, 12, seededRandom(7));
    const out = rdv.export();
    assert.deepEqual(
      out.map((e) => [e.idEleicao, e.votosCargos.map((c) => c.idCargo)]),
      [
        [619, [13, 11]],
        [620, [5]],
      ],
    );
    // Expected order written out by hand from the TSE's rule (TSE-FORMATS §4), which the real 2022 AC RDV follows:
    // legenda "1002" < "13" < "13999" < "454" (text order, not numeric), then nominal, branco, nulo "00000" < "096".
    const vereador = out[0]!.votosCargos[0]!;
    assert.equal(vereador.quantidadeEscolhas, 1);
    assert.deepEqual(vereador.votos, [
      { tipoVoto: 'legenda', digitacao: '1002' },
      { tipoVoto: 'legenda', digitacao: '13' },
      { tipoVoto: 'legenda', digitacao: '13999' },
      { tipoVoto: 'legenda', digitacao: '454' },
      { tipoVoto: 'nominal', digitacao: '10001' },
      { tipoVoto: 'nominal', digitacao: '10001' },
      { tipoVoto: 'nominal', digitacao: '20123' },
      { tipoVoto: 'branco' },
      { tipoVoto: 'nulo', digitacao: '00000' },
      { tipoVoto: 'nulo', digitacao: '096' },
    ]);
  });

  test('both Senate vagas go into one VotosCargo with quantidadeEscolhas 2', () => {
    const rdv = recordAll(VOTERS, 12, seededRandom(7));
    const senado = rdv.export()[1]!.votosCargos[0]!;
    assert.equal(senado.idCargo, 5);
    assert.equal(senado.quantidadeEscolhas, 2);
    assert.equal(senado.votos.length, 2 * VOTERS.length);
    assert.deepEqual(senado.votos.at(-1), { tipoVoto: 'nuloPorRepeticao', digitacao: '202' });
    assert.equal(senado.votos.filter((x) => x.tipoVoto === 'nominal' && x.digitacao === '101').length, 6);
  });

  test('an empty table exports every cargo with no votes', () => {
    const out = new Rdv(LAYOUT, 5).export();
    assert.deepEqual(
      out.flatMap((e) => e.votosCargos.map((c) => c.votos.length)),
      [0, 0, 0],
    );
  });
});

describe('tally()', () => {
  test('counts per (idEleicao, codigoCargo, tipoVoto, digitacao), sorted like export()', () => {
    const rdv = recordAll(VOTERS, 12, seededRandom(3));
    const tally = rdv.tally();
    assert.deepEqual([...tally.keys()], ['619:13', '619:11', '620:5']);
    const prefeito = tally.get(rdvCargoKey(619, 11))!;
    assert.equal(prefeito.total, 10);
    assert.deepEqual(prefeito.votos, [
      { tipoVoto: 'nominal', digitacao: '10', count: 5 },
      { tipoVoto: 'nominal', digitacao: '20', count: 2 },
      { tipoVoto: 'branco', count: 1 },
      { tipoVoto: 'nulo', digitacao: '00', count: 1 },
      { tipoVoto: 'nulo', digitacao: '99', count: 1 },
    ]);
    assert.equal(tally.get('620:5')!.total, 20);
  });
});

describe('toJSON / fromJSON (power-loss persistence)', () => {
  test('round trip through JSON text restores the same table, which keeps working', () => {
    const rdv = recordAll(VOTERS, 15, seededRandom(11));
    const snapshot = rdv.toJSON();
    const restored = Rdv.fromJSON(JSON.parse(JSON.stringify(snapshot)) as RdvSnapshot);
    assert.deepEqual(restored.toJSON(), snapshot);
    assert.deepEqual(restored.export(), rdv.export());
    assert.equal(restored.votersRecorded, 10);
    assert.equal(restored.freeRows, 5);
    // Filling the rest never overwrites a restored row: every row ends up used exactly once.
    for (let i = 0; i < 5; i++) restored.record(VOTERS[i]!, seededRandom(i));
    assert.equal(restored.votersRecorded, 15);
    assert.deepEqual(
      restored.toJSON().filled.map((f) => f.row),
      Array.from({ length: 15 }, (_, i) => i),
    );
    assert.throws(() => restored.record(VOTERS[0]!, seededRandom(0)), /full/);
  });

  test('rows are written by row index with compact tokens, nothing about the order of voting', () => {
    const rdv = new Rdv([{ idEleicao: 1, codigoCargo: 11, quantidadeEscolhas: 1 }], 50);
    const random = seededRandom('rows');
    for (const t of ['nominal:10', 'branco', 'nulo:00', 'legenda:13'] as const) {
      const [tipoVoto, digitacao] = t.split(':') as [RdvTipoVoto, string?];
      rdv.record(
        [
          digitacao
            ? { idEleicao: 1, codigoCargo: 11, tipoVoto, digitacao }
            : { idEleicao: 1, codigoCargo: 11, tipoVoto },
        ],
        random,
      );
    }
    const { filled } = rdv.toJSON();
    const rows = filled.map((f) => f.row);
    assert.deepEqual(
      rows,
      rows.slice().sort((x, y) => x - y),
    );
    assert.deepEqual(filled.map((f) => f.votos[0]).sort(), ['1:13', '2:10', '3', '4:00']);
  });

  test('a damaged snapshot is refused with the field, what was expected and what was found', () => {
    const good = recordAll(VOTERS.slice(0, 3), 5, seededRandom(2)).toJSON();
    const cases: [string, (s: RdvSnapshot) => unknown, RegExp][] = [
      ['format', (s) => ({ ...s, format: 'x' }), /format: expected "urna-rdv\/1", found "x"/],
      [
        'row range',
        (s) => ({ ...s, filled: [{ ...s.filled[0]!, row: 5 }] }),
        /filled\[0\]\.row: expected an integer 0\.\.4, found 5/,
      ],
      [
        'duplicate row',
        (s) => ({ ...s, filled: [s.filled[0]!, s.filled[0]!] }),
        /filled\[1\]\.row: expected each row once/,
      ],
      [
        'token count',
        (s) => ({ ...s, filled: [{ row: 0, votos: ['3'] }] }),
        /filled\[0\]\.votos: expected 4 vote tokens/,
      ],
      [
        'bad token',
        (s) => ({ ...s, filled: [{ row: 0, votos: ['3', '3', '2', 'x'] }] }),
        /filled\[0\]\.votos\[2\]: expected typed digits.*found "2"/,
      ],
      [
        'tipo code',
        (s) => ({ ...s, filled: [{ row: 0, votos: ['3', '3', '3', '12:1'] }] }),
        /filled\[0\]\.votos\[3\]: expected a token/,
      ],
      ['layout', (s) => ({ ...s, layout: [] }), /layout: expected a non-empty array/],
    ];
    for (const [name, damage, message] of cases) {
      const r = parseRdvSnapshot(damage(good), 'rdv.json');
      assert.equal(r.ok, false, name);
      if (!r.ok) assert.ok(r.problems.every((p) => p.file === 'rdv.json'));
      assert.throws(() => Rdv.fromJSON(damage(good) as RdvSnapshot, 'rdv.json'), message, name);
    }
  });
});

describe('record()', () => {
  test('a full table throws and keeps its contents', () => {
    const rdv = recordAll(VOTERS.slice(0, 4), 4, seededRandom(5));
    const before = rdv.toJSON();
    assert.throws(
      () => rdv.record(VOTERS[4]!, seededRandom(5)),
      /RDV: expected a free row, found the table full \(4 rows\)/,
    );
    assert.equal(rdv.votersRecorded, 4);
    assert.deepEqual(rdv.toJSON(), before);
  });

  test('choices that do not cover the layout are refused and nothing is stored', () => {
    const rdv = new Rdv(LAYOUT, 10);
    const bad: [Choice[], RegExp][] = [
      [VOTERS[0]!.slice(0, 3), /expected 4 choices/],
      [[...VOTERS[0]!.slice(0, 3), v(13, 'branco')], /expected 1 choice\(s\) for eleição 619 cargo 13, found more/],
      [
        [...VOTERS[0]!.slice(0, 3), { idEleicao: 619, codigoCargo: 12, tipoVoto: 'branco' }],
        /cargo 12 is not in the layout/,
      ],
      [[v(13, 'nominal'), ...VOTERS[0]!.slice(1)], /expected typed digits \(digitacao\) for a nominal vote/],
      [[v(13, 'branco', '10'), ...VOTERS[0]!.slice(1)], /expected no digitacao for a branco vote/],
      [[v(13, 'nulo', '123456'), ...VOTERS[0]!.slice(1)], /expected digitacao of 1\.\.5 digits/],
      [[v(13, 'nulo', '12a'), ...VOTERS[0]!.slice(1)], /expected digitacao of 1\.\.5 digits/],
      [[v(13, 'bogus' as RdvTipoVoto, '1'), ...VOTERS[0]!.slice(1)], /expected tipoVoto one of/],
    ];
    for (const [choices, message] of bad) assert.throws(() => rdv.record(choices, seededRandom(1)), message);
    assert.equal(rdv.votersRecorded, 0);
    assert.deepEqual(rdv.toJSON().filled, []);
  });

  test('the row is uniform over the free rows, also when the table is nearly full', () => {
    // 4 free rows out of 64: a first random draw misses 94% of the time, so both the redraw and the scan are used.
    const layout = [{ idEleicao: 1, codigoCargo: 11, quantidadeEscolhas: 1 }];
    const base: RdvSnapshot = {
      format: 'urna-rdv/1',
      layout,
      rows: 64,
      filled: Array.from({ length: 64 }, (_, row) => ({ row, votos: ['3'] })).filter(
        (f) => ![5, 17, 40, 63].includes(f.row),
      ),
    };
    const random = seededRandom('uniform');
    const hits = new Map<number, number>();
    const trials = 4000;
    for (let i = 0; i < trials; i++) {
      const rdv = Rdv.fromJSON(base);
      rdv.record([{ idEleicao: 1, codigoCargo: 11, tipoVoto: 'nulo', digitacao: '00' }], random);
      const row = rdv.toJSON().filled.find((f) => f.votos[0] === '4:00')!.row;
      hits.set(row, (hits.get(row) ?? 0) + 1);
    }
    assert.deepEqual(
      [...hits.keys()].sort((a, b) => a - b),
      [5, 17, 40, 63],
    );
    // Binomial(4000, 1/4): sd ≈ 27; ±150 is more than 5 sd.
    for (const n of hits.values()) assert.ok(Math.abs(n - trials / 4) < 150, `row count ${n}`);
  });

  test('constructor refuses a bad layout', () => {
    assert.throws(() => new Rdv([], 3), /layout: expected a non-empty array/);
    assert.throws(() => new Rdv([LAYOUT[0]!, LAYOUT[0]!], 3), /each \(idEleicao, codigoCargo\) once/);
    assert.throws(
      () => new Rdv([{ ...LAYOUT[0]!, quantidadeEscolhas: 0 }], 3),
      /quantidadeEscolhas: expected an integer 1\.\.50/,
    );
    assert.throws(() => new Rdv(LAYOUT, -1), /rows: expected a non-negative integer/);
  });

  test('rdvLayoutFor takes the offices in ballot order', () => {
    const offices = LAYOUT.map((e): BallotOffice => ({
      ...e,
      name: 'x',
      digits: 2,
      system: 'majority',
      candidates: new Map(),
      parties: new Map(),
    }));
    assert.deepEqual(rdvLayoutFor(offices), LAYOUT);
  });
});

describe('property', () => {
  const pools: Record<number, [RdvTipoVoto, string?][]> = {
    13: [
      ['nominal', '10001'],
      ['nominal', '20123'],
      ['legenda', '10'],
      ['legenda', '2099'],
      ['branco'],
      ['nulo', '00000'],
      ['nulo', '55'],
    ],
    5: [['nominal', '101'], ['nominal', '202'], ['nuloPorRepeticao', '101'], ['branco'], ['nulo', '999']],
    11: [['nominal', '10'], ['nominal', '20'], ['branco'], ['nulo', '00']],
  };
  const pick = (cargo: number) => fc.constantFrom(...pools[cargo]!).map((p) => v(cargo, ...p));
  const voterArb = fc.tuple(pick(13), pick(5), pick(5), pick(11));

  test('tally totals = voters × quantidadeEscolhas, and export() holds exactly the recorded votes', () => {
    fc.assert(
      fc.property(
        fc.array(voterArb, { maxLength: 60 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer(),
        (voters, spare, seed) => {
          const rdv = recordAll(voters, voters.length + spare, seededRandom(seed));
          assert.equal(rdv.votersRecorded, voters.length);
          for (const t of rdv.tally().values()) {
            assert.equal(t.total, voters.length * t.quantidadeEscolhas);
            assert.equal(
              t.votos.reduce((n, e) => n + e.count, 0),
              t.total,
            );
          }
          const key = (cargo: number, tipo: string, d?: string) => `${cargo}|${tipo}|${d ?? ''}`;
          const recorded = voters
            .flat()
            .map((c) => key(c.codigoCargo, c.tipoVoto, c.digitacao))
            .sort();
          const exported = rdv
            .export()
            .flatMap((e) => e.votosCargos.flatMap((c) => c.votos.map((x) => key(c.idCargo, x.tipoVoto, x.digitacao))))
            .sort();
          assert.deepEqual(exported, recorded);
        },
      ),
      { numRuns: 200 },
    );
  });
});
