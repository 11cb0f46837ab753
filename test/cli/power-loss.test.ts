// Power loss: the urna process is killed (SIGKILL, no chance to clean up) at random moments while voters vote, and
// restarted each time with the same queue. At the end every voter who finished is counted exactly once, and no
// unfinished vote is counted: the BU equals the totals the script implies, whatever the kill points were.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../../src/crypto/random.ts';
import type { ElectionDefinition } from '../../src/election/definition.ts';
import { decodeBuV2ToModel } from '../../src/tse/bu-codec.ts';
import { urna, urnaAsync } from './cli-helpers.ts';

test(
  'killing the urna process at random moments loses no confirmed vote and counts none twice',
  { timeout: 240_000 },
  async () => {
    const dir = fs.mkdtempSync(join(os.tmpdir(), 'urna-power-loss-'));
    try {
      const defFile = join(dir, 'election.json');
      assert.equal(urna(['init', defFile]).status, 0);
      const setupDir = join(dir, 'setup');
      const setup = urna(['setup', defFile, '--out', setupDir, '--seed', 'power-loss']);
      assert.equal(setup.status, 0, setup.stderr);
      const def = JSON.parse(fs.readFileSync(defFile, 'utf8')) as ElectionDefinition;
      const secao = fs.readdirSync(join(setupDir, 'carga')).sort()[0]!;
      const [, mun, zona, sec] = secao.split('-').map(Number) as [number, number, number, number];
      const voters = def.voters.filter((v) => v.municipio === mun && v.zona === zona && v.secao === sec).slice(0, 90);
      const vereadores = def.contests.find((c) => c.office === 13)!.candidates.filter((c) => c.fit);
      const prefeitos = def.contests.find((c) => c.office === 11)!.candidates.filter((c) => c.fit);

      // The queue: each voter votes for a vereador and a prefeito picked by a seeded generator.
      const random = seededRandom('power-loss-script');
      const expected = new Map<string, number>();
      const add = (k: string): void => void expected.set(k, (expected.get(k) ?? 0) + 1);
      const lines = voters.map((v) => {
        const ver = vereadores[random.int(vereadores.length)]!;
        const pre = prefeitos[random.int(prefeitos.length)]!;
        add(`13:${ver.number}`);
        add(`11:${pre.number}`);
        const id = v.biometrics ? 'bio' : `ano:${v.birthDate.slice(0, 4)}`;
        return `${v.titulo} ${id} ${ver.number} CONFIRMA ${pre.number} CONFIRMA`;
      });
      const script = join(dir, 'fila.txt');
      fs.writeFileSync(script, lines.join('\n') + '\n');

      const station = ['--setup', setupDir, '--secao', secao];
      assert.equal(urna(['zeresima', ...station, '--now', '07:30']).status, 0);
      assert.equal(urna(['open', ...station, '--now', '08:00']).status, 0);

      // Kill the voting process at random moments while it votes: after a random number of further votes have been
      // saved (polling the urna's memory), so the kills land mid-queue whatever the machine's speed. Restart with the
      // same queue each time (voters already counted are refused as "Eleitor já votou"; the others start again).
      const memory = join(setupDir, 'urnas', secao, 'memoria-interna.json');
      const generation = (): number => {
        try {
          return (JSON.parse(fs.readFileSync(memory, 'utf8')) as { generation: number }).generation;
        } catch {
          return -1; // being replaced right now
        }
      };
      const kills = seededRandom('power-loss-kills');
      let killed = 0;
      for (let attempt = 0; attempt < 40; attempt++) {
        const child = urnaAsync(['vote', ...station, '--script', script, '--now', '10:00']);
        let stdout = '';
        child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
        let exitCode: number | null | undefined;
        child.on('exit', (code) => (exitCode = code));
        const start = generation();
        const killAfter = killed < 10 ? 1 + kills.int(12) : Infinity;
        while (exitCode === undefined) {
          if (generation() >= start + killAfter) {
            child.kill('SIGKILL');
            break;
          }
          await new Promise((r) => setTimeout(r, 1 + kills.int(4)));
        }
        const code = await new Promise<number | null>((res) =>
          exitCode !== undefined ? res(exitCode) : child.on('exit', (c) => res(c)),
        );
        if (code === null) {
          killed++;
          continue;
        }
        assert.ok(code === 0 || code === 3, `vote exited with ${code}`);
        if (/ (\d+) de (\d+) aptos votaram/.exec(stdout)?.[1] === String(voters.length)) break;
      }
      assert.ok(killed >= 5, `the process was killed ${killed} times (at least 5 expected)`);

      const closed = urna(['close', ...station, '--now', '17:05', '--queue-done']);
      assert.equal(closed.status, 0, closed.stderr);
      const resultsDir = join(setupDir, 'resultados', secao);
      const buFile = fs.readdirSync(resultsDir).find((f) => f.endsWith('-bu.dat'))!;
      const decoded = decodeBuV2ToModel(new Uint8Array(fs.readFileSync(join(resultsDir, buFile))), buFile);
      assert.ok(decoded.ok, JSON.stringify(!decoded.ok && decoded.problems));
      const bu = decoded.value;
      assert.equal(bu.qtdEleitoresCompareceram, voters.length, 'every voter counted once');
      const found = new Map<string, number>();
      for (const e of bu.resultadosVotacaoPorEleicao)
        for (const rv of e.resultadosVotacao)
          for (const c of rv.totaisVotosCargo)
            for (const t of c.votosVotaveis) {
              assert.equal(t.tipoVoto, 'nominal', `only nominal votes were cast, found ${t.tipoVoto}`);
              found.set(`${c.codigoCargo}:${t.identificacaoVotavel!.codigo}`, t.quantidadeVotos);
            }
      assert.deepEqual(new Map([...found].sort()), new Map([...expected].sort()));

      // The totalization accepts the media and counts it.
      const tot = urna(['totalize', '--setup', setupDir]);
      assert.equal(tot.status, 0, tot.stderr);
      assert.match(tot.stdout, /totalizado: 1/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
