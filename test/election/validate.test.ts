// The definition validator: good definitions pass; a bad one is rejected with every problem, each at its path.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { demoElection } from '../../src/election/demo.ts';
import type { Problem } from '../../src/election/problem.ts';
import { formatProblem } from '../../src/election/problem.ts';
import { makeTitulo } from '../../src/election/titulo.ts';
import { parseElection, validateElection } from '../../src/election/validate.ts';

const EXAMPLE_FILE = new URL('../../examples/election-general.json', import.meta.url);
const exampleText = readFileSync(EXAMPLE_FILE, 'utf8');
// The example as people write it (plain JSON), to plant errors in.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const example = (): Json => JSON.parse(exampleText);

function problemsOf(input: unknown, file = 'test.json'): Problem[] {
  const r = validateElection(input, file);
  assert.ok(!r.ok, 'expected the definition to be rejected');
  return r.problems;
}

function paths(problems: Problem[]): string[] {
  return problems.map((p) => p.path).sort();
}

describe('validateElection', () => {
  test('the demo election validates', () => {
    const r = validateElection(demoElection(), 'demo');
    assert.ok(r.ok, r.ok ? '' : r.problems.map(formatProblem).join('\n'));
  });

  test('the general example validates and applies defaults', () => {
    const r = parseElection(exampleText, 'examples/election-general.json');
    assert.ok(r.ok, r.ok ? '' : r.problems.map(formatProblem).join('\n'));
    // A voter without `biometrics` gets false, a candidate without `fit` gets true.
    const noBio = example().voters.findIndex((v: Json) => v.biometrics === undefined);
    assert.ok(noBio >= 0, 'the example should leave biometrics out for some voter');
    assert.equal(r.value.voters[noBio]!.biometrics, false);
    assert.equal(r.value.contests[0]!.candidates[0]!.fit, true);
  });

  test('a definition with 20 planted errors reports exactly those 20, at their paths', () => {
    const d = example();
    const seção = 'ufs[0].municipios[0].zonas[0].secoes';
    const origTitulo: string = d.voters[0].titulo;
    const last = (Number(origTitulo.at(-1)) + 1) % 10;
    d.voters[0].titulo = origTitulo.slice(0, -1) + last; // 1 wrong check digit
    d.voters[1].secao = 99; // 2 no such seção
    d.voters[2].birthDate = '2015-01-01'; // 3 younger than 16
    d.voters[3].birthDate = '1990-02-30'; // 4 not a date
    d.voters[5].titulo = d.voters[4].titulo; // 5 duplicate título
    d.voters[6].biometric = true; // 6 unknown field (typo)
    d.contests[2].candidates[0].suplentes.pop(); // 7 Senate needs 2 suplentes
    delete d.contests[0].candidates[1].vice; // 8 Presidente needs a vice
    d.contests[0].seats = 2; // 9 one Presidente
    d.contests[3].candidates[0].party = 77; // 10 no party 77 …
    d.contests[3].candidates[0].number = 7701; // … (number consistent with it, so only the party is wrong)
    d.contests[3].candidates[1].number = 999; // 11 Deputado Federal has 4 digits
    delete d.contests[1].uf; // 12 Governador needs a UF
    d.parties[2].abbreviation = 'pvv'; // 13 same abbreviation as parties[0] (case-insensitive)
    d.federations.push({ number: 2, abbreviation: 'FE SÓ', name: 'Federação de um partido só' });
    d.parties[4].federation = 2; // 14 a federation of one party
    d.timezone = 'America/Sao_Pablo'; // 15 not an IANA zone
    d.hours = { open: '18:00', close: '17:00' }; // 16 opens after closing
    d.eleicoes[1].offices.push({ code: 11 }); // 17 Prefeito in a general election
    d.ufs[0].municipios[0].zonas[0].secoes[1].aggregated = [9]; // 18 aggregated seção 9 does not exist
    d.ufs[0].municipios[0].zonas[0].secoes[1].voterCount += 1; // 19 disagrees with the listed roll
    d.contests[4].candidates[0].vice = { ballotName: 'Vice de Deputado' }; // 20 proportional offices have no vice

    const problems = problemsOf(d, 'planted.json');
    assert.deepEqual(
      paths(problems),
      [
        'contests[0].candidates[1].vice',
        'contests[0].seats',
        'contests[1].uf',
        'contests[2].candidates[0].suplentes',
        'contests[3].candidates[0].party',
        'contests[3].candidates[1].number',
        'contests[4].candidates[0].vice',
        'eleicoes[1].offices[4].code',
        'federations[1]',
        'hours',
        'parties[2].abbreviation',
        'timezone',
        `${seção}[1].aggregated[0]`,
        `${seção}[1].voterCount`,
        'voters[0].titulo',
        'voters[1].secao',
        'voters[2].birthDate',
        'voters[3].birthDate',
        'voters[5].titulo',
        'voters[6].biometric',
      ].sort(),
      problems.map(formatProblem).join('\n'),
    );
    for (const p of problems) {
      assert.equal(p.file, 'planted.json');
      assert.ok(p.expected.length > 0 && p.found.length > 0, formatProblem(p));
    }
    // The wrong check digit names the right ones: those of the título before the change.
    const t = problems.find((p) => p.path === 'voters[0].titulo')!;
    assert.match(t.expected, new RegExp(`check digits ${origTitulo.slice(-2)}`));
    assert.match(t.found, new RegExp(`check digits ${origTitulo.at(-2)}${last}`));
    const dup = problems.find((p) => p.path === 'voters[5].titulo')!;
    assert.match(dup.found, /also voters\[4\]/);
  });

  test('shape problems are all listed, with JSON paths and what was found; semantic rules wait for a valid shape', () => {
    const d = example();
    d.contests[0].candidates[0].party = 'PVV';
    d.voters[2].birthDate = '12/03/1948';
    delete d.ufs[0].municipios[1].name;
    d.round = 3;
    d.parties[1].number = 12; // a semantic problem (duplicate number): not reported while the shape is wrong
    const problems = problemsOf(d);
    assert.deepEqual(paths(problems), [
      'contests[0].candidates[0].party',
      'round',
      'ufs[0].municipios[1].name',
      'voters[2].birthDate',
    ]);
    const byPath = new Map(problems.map((p) => [p.path, p]));
    assert.equal(byPath.get('contests[0].candidates[0].party')!.found, '"PVV"');
    assert.equal(byPath.get('contests[0].candidates[0].party')!.expected, 'a number');
    assert.equal(byPath.get('ufs[0].municipios[1].name')!.found, 'nothing');
    assert.equal(byPath.get('round')!.expected, 'one of 1, 2');
    assert.equal(byPath.get('voters[2].birthDate')!.expected, 'a date YYYY-MM-DD');
  });

  test('unknown fields are reported anywhere, also inside fields that have defaults', () => {
    const d = example();
    d.hours.lunch = '12:00';
    d.federations[0].colour = 'green';
    d.contests[0].candidates[0].vice.photo = 'x.jpg';
    d.ufs[0].municipios[0].zonas[0].secoes[0].local.cep = '01000-000';
    assert.deepEqual(paths(problemsOf(d)), [
      'contests[0].candidates[0].vice.photo',
      'federations[0].colour',
      'hours.lunch',
      'ufs[0].municipios[0].zonas[0].secoes[0].local.cep',
    ]);
  });

  test('a non-object is rejected, not thrown', () => {
    assert.deepEqual(paths(problemsOf(42)), ['']);
    assert.deepEqual(paths(problemsOf(null)), ['']);
  });

  test('geography: duplicates, unknown UF, aggregation mistakes', () => {
    const d = example();
    const zona = d.ufs[0].municipios[0].zonas[0];
    d.ufs[0].municipios[1].code = d.ufs[0].municipios[0].code; // município code twice
    zona.secoes[2].number = 2; // seção 2 twice in zona 412 (seção 3 no longer exists for the aggregation)
    d.ufs.push({
      uf: 'XX',
      name: 'Nowhere',
      municipios: [
        { code: 99999, name: 'X', zonas: [{ number: 1, secoes: [{ number: 1, local: { number: 1, name: 'L' } }] }] },
      ],
    });
    const problems = problemsOf(d);
    const p = paths(problems);
    assert.ok(p.includes('ufs[0].municipios[1].code'), p.join('\n'));
    assert.ok(p.includes('ufs[0].municipios[0].zonas[0].secoes[2].number'), p.join('\n'));
    assert.ok(p.includes('ufs[0].municipios[0].zonas[0].secoes[0].aggregated[0]'), p.join('\n'));
    assert.ok(p.includes('ufs[1].uf'), p.join('\n'));
  });

  test('a zona spanning two municípios may not repeat a seção number', () => {
    const d = example();
    // Porto Bonito's seções become part of zona 412, which already has seções 1–3 in Ribeirão das Garças.
    d.ufs[0].municipios[1].zonas[0].number = 412;
    for (const v of d.voters) if (v.zona === 413) v.zona = 412;
    assert.deepEqual(paths(problemsOf(d)), [
      'ufs[0].municipios[1].zonas[0].secoes[0].number',
      'ufs[0].municipios[1].zonas[0].secoes[1].number',
    ]);
    // With distinct numbers the shared zona is fine.
    const ok = example();
    ok.ufs[0].municipios[1].zonas[0].number = 412;
    ok.ufs[0].municipios[1].zonas[0].secoes.forEach((s: Json) => (s.number += 10));
    for (const v of ok.voters) if (v.zona === 413) Object.assign(v, { zona: 412, secao: v.secao + 10 });
    const r = validateElection(ok, 'ok.json');
    assert.ok(r.ok, r.ok ? '' : r.problems.map(formatProblem).join('\n'));
  });

  test('contests: area rules, duplicate contests, candidate numbers', () => {
    const d = example();
    d.contests.push(structuredClone(d.contests[1])); // a second Governador contest for SP
    d.contests[0].uf = 'SP'; // Presidente has no UF
    d.contests[4].candidates[1].number = 23555; // Dep. Estadual 18000 → 23555, but party stays 18
    d.contests[4].candidates.push({ ...d.contests[4].candidates[0] }); // same number twice
    const p = paths(problemsOf(d));
    assert.deepEqual(p, [
      'contests[0].uf',
      'contests[4].candidates[1].number',
      'contests[4].candidates[6].number',
      'contests[5]',
    ]);
  });

  test('a second round holds only offices with a second round, with exactly 2 candidates', () => {
    const d = example();
    d.round = 2;
    d.contests[0].candidates.pop(); // Presidente: 2 candidates, fine
    d.contests[1].candidates.pop();
    d.contests[1].candidates.pop(); // Governador: 1 candidate
    const p = paths(problemsOf(d));
    assert.deepEqual(p, ['contests[1].candidates', 'contests[2].office', 'contests[3].office', 'contests[4].office']);
  });

  test('community elections: custom offices need name, digits and system', () => {
    const d = example();
    d.kind = 'community';
    d.eleicoes = [
      {
        id: 1,
        offices: [
          { code: 30, name: 'Síndico', digits: 2, system: 'majority' },
          { code: 31, digits: 3 },
        ],
      },
    ];
    d.contests = [
      {
        office: 30,
        municipio: d.ufs[0].municipios[0].code,
        seats: 1,
        candidates: [{ number: 12, ballotName: 'Ana', party: 12, birthDate: '1970-01-01' }],
      },
      { office: 31, seats: 3, candidates: [{ number: 123, ballotName: 'Bia', party: 12, birthDate: '1970-01-01' }] },
      { office: 2, seats: 1, candidates: [] },
    ];
    d.eleicoes[0].offices.push({ code: 2 });
    const problems = problemsOf(d);
    assert.deepEqual(paths(problems), [
      'eleicoes[0].offices[1].name',
      'eleicoes[0].offices[1].system',
      'eleicoes[0].offices[2].code',
    ]);
    assert.match(problems.find((p) => p.path === 'eleicoes[0].offices[2].code')!.found, /Vice-Presidente/);
  });

  test('voters: título UF need not match the seção UF; age 16 counts on the election day', () => {
    const d = example();
    d.voters[0].titulo = makeTitulo(55555555, 'AM'); // moved from Amazonas: fine
    d.voters[1].birthDate = '2010-10-04'; // 16 on 2026-10-04: may vote
    d.voters[2].birthDate = '2010-10-05'; // 16 the next day: may not
    d.voters[3].birthDate = '2027-01-01'; // born after the election
    const problems = problemsOf(d);
    assert.deepEqual(paths(problems), ['voters[2].birthDate', 'voters[3].birthDate']);
    assert.match(problems[0]!.expected, /on or before 2010-10-04/);
  });
});

describe('parseElection', () => {
  test('a JSON syntax error is reported with its line and column', () => {
    const text = '{\n  "formatVersion": 1\n  "kind": "general"\n}\n';
    const r = parseElection(text, 'broken.json');
    assert.ok(!r.ok);
    assert.equal(r.problems.length, 1);
    // The missing comma shows at the next property: line 3, column 3 (after two spaces of indentation).
    assert.equal(r.problems[0]!.path, 'line 3, column 3');
    assert.equal(r.problems[0]!.file, 'broken.json');
    assert.equal(r.problems[0]!.expected, 'valid JSON');
  });

  test('a truncated file points at its end', () => {
    const r = parseElection('{\n  "a": [1,', 'cut.json');
    assert.ok(!r.ok);
    assert.equal(r.problems[0]!.path, 'line 2, column 11');
  });
});
