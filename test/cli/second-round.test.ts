// A general election through the CLI where nobody reaches an absolute majority for presidente and governador:
// `urna results --second-round FILE` writes the round-2 definition with the two most voted, and it validates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { ElectionDefinition } from '../../src/election/definition.ts';
import { parseElection } from '../../src/election/validate.ts';
import { REPO, urna } from './cli-helpers.ts';

test('results --second-round writes a valid round-2 definition with the top two', { timeout: 180_000 }, () => {
  const dir = fs.mkdtempSync(join(os.tmpdir(), 'urna-2t-'));
  try {
    const defFile = join(REPO, 'examples', 'election-general.json');
    const def = JSON.parse(fs.readFileSync(defFile, 'utf8')) as ElectionDefinition;
    const setupDir = join(dir, 'setup');
    assert.equal(urna(['setup', defFile, '--out', setupDir, '--seed', '2t']).status, 0);
    const seats = (office: number): number => def.contests.find((c) => c.office === office)?.seats ?? 0;
    // Before presidente and governador, every other choice is blank: 6, 7, then the Senate's seats.
    const blanks = 'BRANCO CONFIRMA '.repeat(2 + seats(5));
    const presidentes = [12, 23, 45, 12, 23];
    const governadores = [31, 45, 12, 31, 12];
    let i = 0;
    for (const secao of fs.readdirSync(join(setupDir, 'carga')).sort()) {
      const station = ['--setup', setupDir, '--secao', secao];
      const [uf, mun, zona, sec] = secao.split('-');
      const local = def.ufs
        .find((u) => u.uf === uf)!
        .municipios.find((m) => m.code === Number(mun))!
        .zonas.find((z) => z.number === Number(zona))!
        .secoes.find((s) => s.number === Number(sec))!;
      const numbers = [Number(sec), ...(local.aggregated ?? [])];
      const voters = def.voters.filter(
        (v) => v.municipio === Number(mun) && v.zona === Number(zona) && numbers.includes(v.secao),
      );
      const script = voters
        .map((v) => {
          const id = v.biometrics ? 'bio' : `ano:${v.birthDate.slice(0, 4)}`;
          const line = `${v.titulo} ${id} ${blanks}${governadores[i % 5]} CONFIRMA ${presidentes[i % 5]} CONFIRMA`;
          i++;
          return line;
        })
        .join('\n');
      const file = join(dir, `${secao}.txt`);
      fs.writeFileSync(file, script + '\n');
      assert.equal(urna(['zeresima', ...station, '--now', '07:30']).status, 0);
      assert.equal(urna(['open', ...station, '--now', '08:00']).status, 0);
      const v = urna(['vote', ...station, '--now', '09:00', '--script', file]);
      assert.equal(v.status, 0, v.stderr);
      assert.equal(urna(['close', ...station, '--now', '17:00', '--queue-done']).status, 0);
    }
    assert.equal(i, def.voters.length, 'every voter voted');
    assert.equal(urna(['totalize', '--setup', setupDir]).status, 0);
    const out = join(dir, 'segundo-turno.json');
    const r = urna(['results', '--setup', setupDir, '--second-round', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /Second round/);
    const parsed = parseElection(fs.readFileSync(out, 'utf8'), out);
    assert.ok(parsed.ok, parsed.ok ? '' : JSON.stringify(parsed.problems));
    const round2 = parsed.value;
    assert.equal(round2.round, 2);
    const count = (xs: number[]): Map<number, number> =>
      xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<number, number>());
    const top2 = (xs: number[]): number[] =>
      [...count(xs)]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 2)
        .map(([n]) => n)
        .sort();
    const votes = (list: readonly number[]): number[] => def.voters.map((_, k) => list[k % 5]!);
    for (const [office, list] of [
      [1, presidentes],
      [3, governadores],
    ] as const) {
      const contest = round2.contests.find((c) => c.office === office)!;
      assert.deepEqual(contest.candidates.map((c) => c.number).sort(), top2(votes(list)), `cargo ${office}`);
    }
    assert.equal(round2.contests.length, 2, 'only presidente and governador go to round 2');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
