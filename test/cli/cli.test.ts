// The CLI end to end, as a user runs it: every step of one seção, and the bad inputs the issue names — each must
// get a clear message, a non-zero exit, and change nothing that was counted.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { ElectionDefinition } from '../../src/election/definition.ts';
import { decodeBuV2ToModel, encodeBuV2 } from '../../src/tse/bu-codec.ts';
import { urna } from './cli-helpers.ts';

let dir: string;
let setupDir: string;
let def: ElectionDefinition;
let secao: string;
let station: string[];
let otherSecaoVoter: ElectionDefinition['voters'][number];
let voters: ElectionDefinition['voters'];

before(() => {
  dir = fs.mkdtempSync(join(os.tmpdir(), 'urna-cli-'));
  const defFile = join(dir, 'election.json');
  assert.equal(urna(['init', defFile]).status, 0);
  def = JSON.parse(fs.readFileSync(defFile, 'utf8')) as ElectionDefinition;
  setupDir = join(dir, 'setup');
  const r = urna(['setup', defFile, '--out', setupDir, '--seed', 'cli-test']);
  assert.equal(r.status, 0, r.stderr);
  secao = fs.readdirSync(join(setupDir, 'carga')).sort()[0]!;
  station = ['--setup', setupDir, '--secao', secao];
  const [, mun, zona, sec] = secao.split('-').map(Number) as [number, number, number, number];
  const inSecao = (v: { municipio: number; zona: number; secao: number }): boolean =>
    v.municipio === mun && v.zona === zona && v.secao === sec;
  voters = def.voters.filter(inSecao);
  otherSecaoVoter = def.voters.find((v) => !inSecao(v))!;
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('urna CLI', () => {
  test('--help on every command', () => {
    const main = urna(['--help']);
    assert.equal(main.status, 0);
    const commands = [
      'init',
      'setup',
      'zeresima',
      'open',
      'vote',
      'close',
      'totalize',
      'results',
      'seats',
      'simulate',
      'demo',
    ];
    for (const c of commands) {
      assert.match(main.stdout, new RegExp(`\\b${c}\\b`), `main help lists ${c}`);
      const r = urna([c, '--help']);
      assert.equal(r.status, 0, `${c} --help`);
      assert.match(r.stdout, /Usage: urna /, `${c} --help shows usage`);
    }
  });

  test('a malformed definition is rejected with every problem, and nothing is written', () => {
    const bad = structuredClone(def) as unknown as { voters: { titulo: string }[]; contests: { office: number }[] };
    bad.voters[0]!.titulo = '123456789012';
    bad.contests[0]!.office = 4;
    const file = join(dir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify(bad));
    const out = join(dir, 'bad-setup');
    const r = urna(['setup', file, '--out', out]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /bad\.json: voters\[0\]\.titulo/);
    assert.match(r.stderr, /contests\[0\]\.office/);
    assert.equal(fs.existsSync(out), false, 'nothing written');
    // A second setup into a folder that holds one would replace the election key: refused without --force.
    const again = urna(['setup', join(setupDir, 'election.json'), '--out', setupDir]);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /already holds an election setup/);
    const notJson = join(dir, 'not.json');
    fs.writeFileSync(notJson, '{ "formatVersion": 1,');
    const r2 = urna(['setup', notJson, '--out', out]);
    assert.equal(r2.status, 2);
    assert.match(r2.stderr, /not\.json/);
  });

  test('a forged, tampered or foreign carga is refused, naming what does not match', () => {
    const cargaPath = join(setupDir, 'carga', secao, 'carga.json');
    const original = fs.readFileSync(cargaPath, 'utf8');
    try {
      fs.writeFileSync(cargaPath, original.replace(/"name\\":\\"[^\\]*/, '"name\\":\\"Forjada'));
      const r = urna(['zeresima', ...station, '--now', '07:30']);
      assert.equal(r.status, 3);
      assert.match(r.stderr, /refuses this carga/);
      assert.match(r.stderr, /signature/);
      // A carga of another election (another key), copied onto this seção's media.
      const other = join(dir, 'other');
      assert.equal(
        urna(['setup', join(setupDir, 'election.json'), '--out', other, '--seed', 'another-election']).status,
        0,
      );
      fs.copyFileSync(join(other, 'carga', secao, 'carga.json'), cargaPath);
      const r2 = urna(['zeresima', ...station, '--now', '07:30']);
      assert.equal(r2.status, 3);
      assert.match(r2.stderr, /signature|election/i);
      // This election's carga of another seção.
      const second = fs.readdirSync(join(setupDir, 'carga')).sort()[1]!;
      fs.copyFileSync(join(setupDir, 'carga', second, 'carga.json'), cargaPath);
      const r3 = urna(['zeresima', ...station, '--now', '07:30']);
      assert.equal(r3.status, 3);
      assert.match(r3.stderr, new RegExp(`secao.*${secao}.*${second}|secao.*${second}`, 's'));
    } finally {
      fs.writeFileSync(cargaPath, original);
    }
    assert.equal(
      fs.existsSync(join(setupDir, 'urnas', secao, 'memoria-interna.json')),
      false,
      'no urna memory written',
    );
  });

  test('election day: schedule enforced, bad voters refused, votes counted once, BU verified by the totalization', () => {
    assert.match(urna(['zeresima', ...station, '--now', '06:00']).stderr, /só funcionará a partir de/);
    const z = urna(['zeresima', ...station, '--now', '07:30']);
    assert.equal(z.status, 0, z.stderr);
    assert.match(z.stdout, /ZERÉSIMA/i);
    const early = urna(['open', ...station, '--now', '07:59']);
    assert.equal(early.status, 3);
    assert.match(early.stderr, /08:00/);
    assert.equal(urna(['open', ...station, '--now', '08:00', '--mesario', 'Ana Presidente', 'Beto Mesário']).status, 0);

    const v0 = voters[0]!;
    const v1 = voters[1]!;
    const vereador = def.contests.find((c) => c.office === 13)!.candidates.find((c) => c.fit)!;
    const prefeito = def.contests.find((c) => c.office === 11)!.candidates.find((c) => c.fit)!;
    const id = (v: typeof v0): string => (v.biometrics ? 'bio' : `ano:${v.birthDate.slice(0, 4)}`);
    const script = [
      `${v0.titulo} ${id(v0)} ${vereador.number} CONFIRMA ${prefeito.number} CONFIRMA`,
      `${v0.titulo} ${id(v0)} ${vereador.number} CONFIRMA ${prefeito.number} CONFIRMA`, // second attempt
      '999999990191 bio 1 CONFIRMA', // not in the roll
      `${otherSecaoVoter.titulo} bio BRANCO CONFIRMA BRANCO CONFIRMA`, // another seção
      `${v1.titulo} ${id(v1)} BRANCO 1 CONFIRMA BRANCO CONFIRMA`, // "1" after BRANCO is refused: beep
    ].join('\n');
    const file = join(dir, 'fila.txt');
    fs.writeFileSync(file, script + '\n');
    const r = urna(['vote', ...station, '--script', file, '--now', '10:00']);
    assert.equal(r.status, 3, 'refused lines make a non-zero exit');
    assert.match(r.stderr, /line 2: .*Eleitor já votou/);
    assert.match(r.stderr, /line 3: /);
    assert.match(
      r.stderr,
      new RegExp(`line 4: .*${String(otherSecaoVoter.secao).padStart(4, '0')}|line 4: .*seção`, 'i'),
    );
    assert.match(r.stderr, /line 5: tecla 1: Tecla indevida/);
    assert.match(r.stdout, / 2 de \d+ aptos votaram/);

    const badScript = join(dir, 'bad-fila.txt');
    fs.writeFileSync(badScript, 'not-a-titulo 1 2 3\n');
    const bs = urna(['vote', ...station, '--script', badScript, '--now', '10:00']);
    assert.equal(bs.status, 2);
    assert.match(bs.stderr, /bad-fila\.txt: line 1/);

    const tooEarly = urna(['close', ...station, '--now', '16:59', '--queue-done']);
    assert.equal(tooEarly.status, 3);
    assert.match(tooEarly.stderr, /17:00/);
    const queue = urna(['close', ...station, '--now', '17:01']);
    assert.equal(queue.status, 3);
    assert.match(queue.stderr, /fila/);
    const closed = urna(['close', ...station, '--now', '17:01', '--queue-done', '--mesario', 'Ana Presidente']);
    assert.equal(closed.status, 0, closed.stderr);
    assert.match(closed.stdout, /BOLETIM DE URNA/);
    assert.match(closed.stdout, /Comparecimento\s+2/);

    const t1 = urna(['totalize', '--setup', setupDir]);
    assert.equal(t1.status, 0, t1.stderr);
    assert.match(t1.stdout, /totalizado: 1/);
    const t2 = urna(['totalize', '--setup', setupDir]);
    assert.match(t2.stdout, /ja-totalizado: 1/, 'the same BU again is a no-op');
    const res = urna(['results', '--setup', setupDir, '--json']);
    assert.equal(res.status, 0, res.stderr);
    const results = JSON.parse(res.stdout) as {
      contests: { office: number; candidates?: { number: number; votes: number }[] }[];
    };
    assert.ok(results.contests.length >= 2);
    assert.match(urna(['results', '--setup', setupDir]).stdout, /Vereador/);

    // A tampered BU (one count changed) is refused by the totalization, naming the file.
    const media = join(setupDir, 'resultados', secao);
    const buFile = fs.readdirSync(media).find((f) => f.endsWith('-bu.dat'))!;
    const forged = join(dir, 'forged');
    fs.mkdirSync(join(forged, secao), { recursive: true });
    for (const f of fs.readdirSync(media)) fs.copyFileSync(join(media, f), join(forged, secao, f));
    // Decode the BER BU, change one count, re-encode without resealing the hash chain.
    const bu = decodeBuV2ToModel(new Uint8Array(fs.readFileSync(join(forged, secao, buFile))), buFile);
    assert.ok(bu.ok);
    const tuple = bu.value.resultadosVotacaoPorEleicao[0]!.resultadosVotacao[0]!.totaisVotosCargo[0]!.votosVotaveis[0]!;
    tuple.quantidadeVotos += 1;
    const forgedBu = encodeBuV2(bu.value);
    assert.ok(forgedBu.ok);
    fs.writeFileSync(join(forged, secao, buFile), forgedBu.value);
    const t3 = urna(['totalize', '--setup', setupDir, '--results', forged]);
    assert.equal(t3.status, 3);
    assert.match(t3.stderr, new RegExp(`RECUSADO.*${secao}`));
    assert.match(t3.stderr, /-bu\.dat/);
  });
});
