// The interactive keypad of `urna vote` (no --script), fed through a pipe as a kiosk or a test would: título,
// fingerprint answer, then keys line by line; the voter's vote is counted, a cancelled one is not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { ElectionDefinition } from '../../src/election/definition.ts';
import { urna } from './cli-helpers.ts';

test('vote without --script: the terminal and keypad read typed lines', { timeout: 120_000 }, () => {
  const dir = fs.mkdtempSync(join(os.tmpdir(), 'urna-keypad-'));
  try {
    const defFile = join(dir, 'election.json');
    assert.equal(urna(['init', defFile]).status, 0);
    const def = JSON.parse(fs.readFileSync(defFile, 'utf8')) as ElectionDefinition;
    const setupDir = join(dir, 'setup');
    assert.equal(urna(['setup', defFile, '--out', setupDir, '--seed', 'keypad']).status, 0);
    const secao = fs.readdirSync(join(setupDir, 'carga')).sort()[0]!;
    const station = ['--setup', setupDir, '--secao', secao];
    assert.equal(urna(['zeresima', ...station, '--now', '07:30']).status, 0);
    assert.equal(urna(['open', ...station, '--now', '08:00']).status, 0);
    const [a, b] = def.voters.filter((v) => v.zona === 101 && v.secao === 1 && v.biometrics);
    const vereador = def.contests.find((c) => c.office === 13)!.candidates.find((c) => c.fit)!;
    const prefeito = def.contests.find((c) => c.office === 11)!.candidates.find((c) => c.fit)!;
    const input = [
      a!.titulo,
      's',
      `${vereador.number}`,
      '', // an empty line is CONFIRMA
      `${prefeito.number} CONFIRMA`,
      b!.titulo,
      's',
      'b',
      'x', // not a key of the urna
      'CONFIRMA',
      'esc', // the mesário cancels before the prefeito vote
      'sair',
    ].join('\n');
    const r = urna(['vote', ...station, '--now', '10:00'], { input: input + '\n' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /SEU VOTO PARA/);
    assert.match(r.stdout, new RegExp(`Nome: ${vereador.ballotName}`));
    assert.match(r.stdout, /VOTO EM BRANCO/);
    assert.match(r.stdout, /"x" não é uma tecla da urna/);
    assert.match(r.stdout, /FIM/);
    assert.match(r.stdout, /Voto cancelado pelo mesário/);
    assert.match(r.stdout, /Seção: 1 de \d+ aptos votaram/, 'the cancelled vote is not counted');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
