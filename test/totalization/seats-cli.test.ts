// The `urna seats` command and its report: text and JSON output, exit codes, help.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CommanderError } from 'commander';
import { runSeats, seatsCommand, type SeatsIo } from '../../src/cli/seats.ts';
import { distributeSeats } from '../../src/totalization/proportional.ts';
import { formatSeatsReport } from '../../src/totalization/seats-report.ts';

const EXAMPLE_JSON = 'examples/seats-worked-example.json';
const EXAMPLE_CSV = 'examples/seats-worked-example.csv';

function run(file: string, options: Parameters<typeof runSeats>[1], files: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: SeatsIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readFile: (p) => {
      if (p in files) return files[p]!;
      return readFileSync(p, 'utf8');
    },
  };
  const code = runSeats(file, options, io);
  return { code, stdout, stderr };
}

describe('urna seats', () => {
  test('text report of the worked example (pt-BR)', () => {
    const { code, stdout, stderr } = run(EXAMPLE_JSON, {});
    assert.equal(code, 0);
    assert.equal(stderr, '');
    for (const expected of [
      'Distribuição das vagas — Vereador',
      'Vagas: 10',
      'Votos válidos (nominais + legenda): 10.655',
      '10.655 ÷ 10 = 1.065,50 → QE = 1.065 (fração igual ou inferior a meio: desprezada)',
      '(10% do QE): 106,50',
      '(20% do QE): 213',
      '(80% do QE): 852',
      '  B (B1/B2)      2.200      400  2.600   2      3',
      '   1. 21001 B1 CANDIDATO 1 (B) — 900 votos — eleito por QP',
      '   7. 21002 B1 CANDIDATO 2 (B) — 450 votos — eleito por média: 2.600 ÷ 3 = 866,67',
      '  10. 24001 D CANDIDATO 1 (D) — 400 votos — eleito por média (art. 109 III): 850 ÷ 1 = 850',
      '    2º 20004 A CANDIDATO 4 — 60 votos',
      'Agremiações sem vaga (candidatos não eleitos): E (780 votos), F (505 votos)',
    ])
      assert.ok(stdout.includes(expected), `report lacks: ${expected}\n---\n${stdout}`);
  });

  test('--rule tse-2022 and a CSV with --seats', () => {
    const { code, stdout } = run(EXAMPLE_CSV, { seats: '10', rule: 'tse-2022', office: 'Vereador' });
    assert.equal(code, 0);
    assert.ok(stdout.includes('Regra: TSE 2022'), stdout);
    assert.ok(
      stdout.includes('  10. 20003 A CANDIDATO 3 (A) — 90 votos — eleito por média (art. 109 III): 2.300 ÷ 3 = 766,67'),
      stdout,
    );
  });

  test('--json: the whole result, as distributeSeats gives it, plus the office', () => {
    const { code, stdout } = run(EXAMPLE_JSON, { json: true });
    assert.equal(code, 0);
    const out = JSON.parse(stdout) as Record<string, unknown>;
    assert.equal(out.office, 'Vereador');
    const file = JSON.parse(readFileSync(EXAMPLE_JSON, 'utf8')) as Parameters<typeof distributeSeats>[0];
    const expected = distributeSeats({ seats: file.seats, agremiacoes: file.agremiacoes });
    const { office: _o, note: _n, ...rest } = out;
    assert.deepEqual(rest, JSON.parse(JSON.stringify(expected)));
  });

  test('bad input: every problem on stderr, exit code 2, nothing on stdout', () => {
    const { code, stdout, stderr } = run(
      'bad.csv',
      { seats: 'dez', rule: 'stf' },
      {
        'bad.csv': 'agremiacao,party,number,name,votes\nA,PA,10001,ANA,x\n',
      },
    );
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.deepEqual(stderr.trim().split('\n'), [
      'urna seats: bad.csv: 3 problems',
      '  - bad.csv: --seats: expected a whole number of seats, found "dez"',
      '  - bad.csv: --rule: expected one of stf-2024, tse-2022, found "stf"',
      '  - bad.csv: line 2, column votes: expected a whole number of votes (digits only, no separators), found "x"',
    ]);
    const missing = run('nowhere.json', {});
    assert.equal(missing.code, 2);
    assert.ok(
      missing.stderr.includes('nowhere.json: (top): expected a readable file, found no such file'),
      missing.stderr,
    );
  });

  test('unresolved ties and warnings are printed', () => {
    const result = distributeSeats({
      seats: 4,
      agremiacoes: [
        {
          name: 'A',
          parties: [{ number: 10, legenda: 0 }],
          candidates: [
            { number: 10001, name: 'ANA', votes: 50 },
            { number: 10002, name: 'BIA', votes: 50 },
          ],
        },
      ],
    });
    const text = formatSeatsReport(result);
    assert.ok(text.includes('Empates não resolvidos'), text);
    assert.ok(text.includes('A: empate de votos entre 10001 ANA, 10002 BIA; falta a data de nascimento'), text);
    assert.ok(text.includes('2 vagas não preenchidas: não há mais candidatos.'), text);
  });

  test('--help shows an example', () => {
    let out = '';
    const cmd = seatsCommand()
      .exitOverride()
      .configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
    assert.throws(
      () => cmd.parse(['--help'], { from: 'user' }),
      (e) => e instanceof CommanderError && e.exitCode === 0,
    );
    assert.ok(out.includes('Usage: seats [options] <file>'), out);
    assert.ok(out.includes('urna seats examples/seats-worked-example.json --rule tse-2022'), out);
    assert.ok(out.includes('FE BRASIL,PT,13123,"SILVA, ANA",4500,1970-05-02'), out);
  });

  test('as a process: exit code 2 on bad input, 0 otherwise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'urna-seats-'));
    try {
      const runner = join(dir, 'run.ts');
      writeFileSync(
        runner,
        `import { seatsCommand } from ${JSON.stringify(resolve('src/cli/seats.ts'))};\nseatsCommand().parse(process.argv.slice(2), { from: 'user' });\n`,
      );
      const spawn = (...args: string[]) =>
        spawnSync(process.execPath, ['--import', 'tsx', runner, ...args], { encoding: 'utf8' });
      const bad = spawn(EXAMPLE_CSV);
      assert.equal(bad.status, 2, bad.stderr);
      assert.ok(
        bad.stderr.includes('seats: expected the number of seats (in the file, or --seats N), found nothing'),
        bad.stderr,
      );
      const good = spawn(EXAMPLE_CSV, '--seats', '10', '--json');
      assert.equal(good.status, 0, good.stderr);
      assert.equal((JSON.parse(good.stdout) as { elected: unknown[] }).elected.length, 10);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
