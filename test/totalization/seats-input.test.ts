import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { distributeSeats } from '../../src/totalization/proportional.ts';
import {
  detectSeatsFormat,
  normalizeBirthDate,
  parseCsv,
  parseSeatsCsv,
  parseSeatsInput,
  parseSeatsJson,
  type SeatsFile,
} from '../../src/totalization/seats-input.ts';
import type { Result } from '../../src/election/problem.ts';

const EXAMPLE_JSON = 'examples/seats-worked-example.json';
const EXAMPLE_CSV = 'examples/seats-worked-example.csv';

function ok(r: Result<SeatsFile>): SeatsFile {
  if (!r.ok)
    assert.fail(`unexpected problems:\n${r.problems.map((p) => `${p.path}: ${p.expected} / ${p.found}`).join('\n')}`);
  return r.value;
}
function problems(r: Result<SeatsFile>) {
  assert.equal(r.ok, false, 'expected problems');
  return r.ok ? [] : r.problems;
}
const paths = (r: Result<SeatsFile>) => problems(r).map((p) => p.path);

describe('CSV parser', () => {
  test('quoted fields with commas, quotes and line breaks; CRLF; BOM; empty lines', () => {
    const text = '\ufeffa,b,c\r\n"x, y","say ""hi""",3\r\n\r\n"multi\nline",,\nlast,"",z';
    const { rows, problems } = parseCsv(text);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      rows.map((r) => [r.line, r.fields]),
      [
        [1, ['a', 'b', 'c']],
        [2, ['x, y', 'say "hi"', '3']],
        [4, ['multi\nline', '', '']],
        [6, ['last', '', 'z']],
      ],
    );
  });

  test('a quote never closed, and text after a closing quote, are problems', () => {
    assert.deepEqual(parseCsv('a,b\n"open,1\n').problems, [
      { line: 2, message: 'a quoted field that is never closed' },
    ]);
    assert.equal(parseCsv('"a"b,c\n').problems.length, 1);
  });

  test('the real TSE candidates CSV (a name with a comma in quotes)', { skip: false }, () => {
    const text = 'x,uf,nome,votos\n8420,SP,"PROFESSOR HOC, HENI OZI CUKIER",98720\n';
    assert.deepEqual(parseCsv(text).rows[1]!.fields, ['8420', 'SP', 'PROFESSOR HOC, HENI OZI CUKIER', '98720']);
  });
});

describe('seats input: JSON and CSV', () => {
  test('the two examples describe the same contest and give the same result', () => {
    const json = ok(parseSeatsJson(readFileSync(EXAMPLE_JSON, 'utf8'), EXAMPLE_JSON));
    const csv = ok(parseSeatsCsv(readFileSync(EXAMPLE_CSV, 'utf8'), EXAMPLE_CSV, { seats: 10 }));
    assert.deepEqual(csv.input, json.input);
    assert.equal(json.office, 'Vereador');
    assert.equal(json.rule, 'stf-2024');
    for (const rule of ['stf-2024', 'tse-2022'] as const) {
      const a = distributeSeats(json.input, { rule });
      const b = distributeSeats(csv.input, { rule });
      assert.deepEqual(b, a);
      assert.equal(a.qe, 1065);
      assert.equal(a.elected.length, 10);
    }
  });

  test('format by extension, else by content', () => {
    assert.equal(detectSeatsFormat('x.JSON', 'a,b'), 'json');
    assert.equal(detectSeatsFormat('x.csv', '{'), 'csv');
    assert.equal(detectSeatsFormat('-', '  {"seats": 1}'), 'json');
    assert.equal(detectSeatsFormat('votes.txt', 'agremiacao,party'), 'csv');
    const r = parseSeatsInput(readFileSync(EXAMPLE_JSON, 'utf8'), 'stdin');
    assert.equal(ok(r).input.seats, 10);
  });

  test('command-line values override the file', () => {
    const text = readFileSync(EXAMPLE_JSON, 'utf8');
    const v = ok(parseSeatsJson(text, EXAMPLE_JSON, { seats: 9, rule: 'tse-2022', office: 'Câmara' }));
    assert.deepEqual([v.input.seats, v.rule, v.office], [9, 'tse-2022', 'Câmara']);
  });

  test('CSV: ";" separator, DD/MM/YYYY dates, party by number, eligible column', () => {
    const text = [
      'agremiacao;party;number;name;votes;birth_date;eligible',
      'FE BRASIL;13;13123;"SILVA; ANA";4500;02/05/1970;',
      'FE BRASIL;13;13124;JOSÉ;100;;não',
      'FE BRASIL;43;;;50;;',
      'FE BRASIL;13;;;1200;;',
    ].join('\n');
    const v = ok(parseSeatsCsv(text, 'v.csv', { seats: 3 }));
    assert.deepEqual(v.input.agremiacoes, [
      {
        name: 'FE BRASIL',
        parties: [
          { number: 13, legenda: 1200 },
          { number: 43, legenda: 50 },
        ],
        candidates: [
          { number: 13123, name: 'SILVA; ANA', votes: 4500, birthDate: '1970-05-02' },
          { number: 13124, name: 'JOSÉ', votes: 100, eligible: false },
        ],
      },
    ]);
  });

  test('birth dates: ISO or the TSE form, real dates only', () => {
    assert.equal(normalizeBirthDate('02/05/1970'), '1970-05-02');
    assert.equal(normalizeBirthDate('1970-05-02'), '1970-05-02');
    assert.equal(normalizeBirthDate('1970-02-29'), undefined);
    assert.equal(normalizeBirthDate('1972-02-29'), '1972-02-29');
    assert.equal(normalizeBirthDate('5/2/1970'), undefined);
  });
});

describe('bad input lists every problem', () => {
  test('JSON: shape problems, all at once, by JSON path', () => {
    const bad = {
      office: 'Vereador',
      seats: 0,
      rule: 'stf-2023',
      extra: true,
      agremiacoes: [
        {
          parties: [{ number: 13, legenda: -5 }],
          candidates: [{ number: 13001, name: 'A', votes: 1.5, birthDate: '1970-02-30' }],
        },
        { name: 'B', parties: [], candidates: [{ number: 20001, votes: 3, idade: 40 }] },
      ],
    };
    const r = parseSeatsJson(JSON.stringify(bad), 'bad.json');
    assert.deepEqual(paths(r).sort(), [
      'agremiacoes[0].candidates[0].birthDate',
      'agremiacoes[0].candidates[0].votes',
      'agremiacoes[0].name',
      'agremiacoes[0].parties[0].legenda',
      'agremiacoes[1].candidates[0].idade',
      'agremiacoes[1].candidates[0].name',
      'agremiacoes[1].parties',
      'extra',
      'rule',
      'seats',
    ]);
    for (const p of problems(r)) {
      assert.equal(p.file, 'bad.json');
      assert.ok(p.expected.length > 0 && p.found.length > 0, JSON.stringify(p));
    }
    const seats = problems(r).find((p) => p.path === 'seats')!;
    assert.deepEqual([seats.expected, seats.found], ['a number ≥ 1', '0']);
  });

  test('JSON: problems across agremiações (duplicates, party prefixes), and no seats', () => {
    const bad = {
      agremiacoes: [
        { name: 'A', parties: [{ number: 13, legenda: 0 }], candidates: [{ number: 13001, name: 'X', votes: 1 }] },
        {
          name: 'A',
          parties: [{ number: 13, legenda: 0 }],
          candidates: [
            { number: 13001, name: 'Y', votes: 1 },
            { number: 45001, name: 'Z', votes: 1 },
          ],
        },
      ],
    };
    const r = parseSeatsJson(JSON.stringify(bad), 'bad.json');
    assert.deepEqual(paths(r).sort(), [
      'agremiacoes[1].candidates[0].number',
      'agremiacoes[1].candidates[1].number',
      'agremiacoes[1].name',
      'agremiacoes[1].parties[0].number',
      'seats',
    ]);
  });

  test('JSON syntax errors name the line and column', () => {
    const r = parseSeatsJson('{\n  "seats": 10,\n  "agremiacoes": [,]\n}', 'x.json');
    const [p] = problems(r);
    assert.equal(p!.path, 'line 3, column 19');
    assert.equal(p!.expected, 'valid JSON');
  });

  test('CSV: row problems and cross-row problems, by line and column', () => {
    const text = [
      'agremiacao,party,number,name,votes,birth_date,idade', // line 1: unknown column
      'A,PA,10001,ANA,1.500,1970-01-01,', // line 2: separator in votes
      'A,PA,10002,BIA,10,1980-02-02,', // line 3
      'A,PA,11003,CAIO,10,,', // line 4: PA's candidates must share a party prefix (10 on line 3)
      'B,22,23001,DUDA,10,,', // line 5: number does not start with its party 22
      'B,22,22001,ENZO,10,,', // line 6
      'C,22,,,10,,', // line 7: party 22 already in B
      'C,PC,22001,FABI,-1,,', // line 8: negative votes
      'C,PC,30001,,5,31/02/1980,', // line 9: candidate without a name, and no such date
      'D,PD,22001,GIL,5,,', // line 10: number 22001 already used (line 6), so PD's number would be B's 22
      'D,PD,,,5,,', // line 11
      'D,PD,,,6,,', // line 12: a second legenda row for PD
      'E,PE,40001,HUGO', // line 13: too few fields
    ].join('\n');
    const r = parseSeatsCsv(text, 'v.csv');
    assert.deepEqual(paths(r), [
      'line 1, column 7',
      'line 2, column votes',
      'line 4, column number',
      'line 5, column number',
      'line 7, column party',
      'line 8, column votes',
      'line 9, column name',
      'line 9, column birth_date',
      'line 10, column number',
      'line 11, column party',
      'line 12, column party',
      'line 13',
      'seats',
    ]);
    const dup = problems(r).find((p) => p.path === 'line 10, column number')!;
    assert.equal(dup.expected, 'a number not already used by line 6');
    for (const p of problems(r)) assert.equal(p.file, 'v.csv');
  });

  test('CSV: a missing required column stops early with one clear problem', () => {
    const r = parseSeatsCsv('agremiacao,party,name,votes\nA,PA,X,1\n', 'v.csv', { seats: 1 });
    assert.deepEqual(
      problems(r).map((p) => [p.path, p.found]),
      [['line 1', 'no number']],
    );
  });

  test('a bad --seats is named as such', () => {
    const r = parseSeatsCsv(readFileSync(EXAMPLE_CSV, 'utf8'), EXAMPLE_CSV, { seats: 5000 });
    assert.deepEqual(paths(r), ['--seats']);
  });
});
