import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { join } from 'node:path';
import { keyPairFromSeed } from '../../src/crypto/ed25519.ts';
import type { ElectionDefinition } from '../../src/election/definition.ts';
import { fromHex } from '../../src/crypto/hash.ts';
import { openCarga } from '../../src/media/carga.ts';
import type { SignedCargaFile } from '../../src/media/carga-types.ts';
import { parseKeyFile, setupElection, PRIVATE_KEY_WARNING } from '../../src/media/setup.ts';
import { CARGA_TIME, demo, tempDir } from './fixtures.ts';

describe('setupElection', () => {
  test('writes the keys, the definition and one signed carga per urna seção, each opening for its seção', () => {
    const { def, index } = demo();
    const out = tempDir();
    const progress: [number, number][] = [];
    const r = setupElection(def, out, {
      seed: 'setup-test',
      clock: () => CARGA_TIME,
      onProgress: (d, t) => progress.push([d, t]),
    });

    const pub = parseKeyFile(fs.readFileSync(r.electionPublicKeyPath, 'utf8'), r.electionPublicKeyPath);
    const keyText = fs.readFileSync(r.electionPrivateKeyPath, 'utf8');
    assert.ok(keyText.includes(PRIVATE_KEY_WARNING), 'the private key file warns that it is secret');
    assert.ok(r.warning.includes(r.electionPrivateKeyPath), r.warning);
    if (process.platform !== 'win32') assert.equal(fs.statSync(r.electionPrivateKeyPath).mode & 0o777, 0o600);
    const priv = parseKeyFile(keyText, r.electionPrivateKeyPath);
    assert.deepEqual(keyPairFromSeed(priv).publicKey, pub, 'election.key and election.pub are one pair');
    assert.deepEqual(JSON.parse(fs.readFileSync(r.electionDefinitionPath, 'utf8')), def);

    assert.equal(r.cargas.length, index.secoes.length);
    assert.deepEqual(
      r.cargas.map((c) => c.key),
      index.secoes.map((s) => s.key),
    );
    assert.deepEqual(fs.readdirSync(join(out, 'carga')).sort(), index.secoes.map((s) => s.key).sort());
    const numbers = new Set(r.cargas.map((c) => c.numeroInternoUrna));
    assert.equal(numbers.size, r.cargas.length, 'urna numbers are unique');
    for (const c of r.cargas) {
      assert.ok(c.numeroInternoUrna >= 10_000_000 && c.numeroInternoUrna <= 99_999_999, String(c.numeroInternoUrna));
      assert.equal(c.path, join(out, 'carga', c.key, 'carga.json'));
      const opened = openCarga(fs.readFileSync(c.path, 'utf8'), c.path, {
        electionPublicKey: pub,
        pleito: def.pleito,
        secao: c.secao,
      });
      assert.ok(opened.ok, JSON.stringify(!opened.ok && opened.problems));
      assert.equal(opened.value.urna.numeroInternoUrna, c.numeroInternoUrna);
      assert.deepEqual(opened.value.voters, index.votersBySecao.get(c.key));
    }
    assert.deepEqual(progress[0], [0, r.cargas.length]);
    assert.deepEqual(progress[progress.length - 1], [r.cargas.length, r.cargas.length]);
    // No temporary files were left anywhere.
    const all = fs.readdirSync(out, { recursive: true }) as string[];
    assert.ok(!all.some((n) => n.endsWith('.tmp')), all.join(', '));
  });

  test('the cargas are urna-carga/2 files; the seções of a município carry the very same signed election part', () => {
    const { def } = demo();
    const r = setupElection(def, tempDir(), { seed: 'parts', clock: () => CARGA_TIME });
    const files = r.cargas.map((c) => JSON.parse(fs.readFileSync(c.path, 'utf8')) as SignedCargaFile);
    assert.ok(files.length > 1, 'the demo has several seções');
    for (const f of files) {
      assert.deepEqual(Object.keys(f), ['format', 'eleicao', 'secao', 'signature']);
      assert.equal(f.format, 'urna-carga/2');
      assert.equal(f.eleicao, files[0]!.eleicao);
    }
    assert.equal(new Set(files.map((f) => f.secao)).size, files.length, 'each seção part is its own');
    // The parts are JSON strings: a copy re-formatted by a tool still opens (its signed texts are intact).
    const c = r.cargas[1]!;
    const pretty = JSON.stringify(JSON.parse(fs.readFileSync(c.path, 'utf8')), null, 2);
    const opened = openCarga(pretty, c.path, { electionPublicKey: fromHex(r.electionPublicKey), secao: c.secao });
    assert.ok(opened.ok, JSON.stringify(!opened.ok && opened.problems));
  });

  test('a seed reproduces the election key and every carga; no seed gives a fresh key', () => {
    const { def } = demo();
    const a = setupElection(def, tempDir(), { seed: 7, clock: () => CARGA_TIME });
    const b = setupElection(def, tempDir(), { seed: 7, clock: () => CARGA_TIME });
    assert.equal(a.electionPublicKey, b.electionPublicKey);
    for (let i = 0; i < a.cargas.length; i++) {
      assert.equal(fs.readFileSync(a.cargas[i]!.path, 'utf8'), fs.readFileSync(b.cargas[i]!.path, 'utf8'));
    }
    const c = setupElection(def, tempDir(), { clock: () => CARGA_TIME });
    assert.notEqual(c.electionPublicKey, a.electionPublicKey);
  });

  test('a carga opened with the key of another setup is refused', () => {
    const { def } = demo();
    const a = setupElection(def, tempDir(), { seed: 'A' });
    const b = setupElection(def, tempDir(), { seed: 'B' });
    const c = a.cargas[0]!;
    const r = openCarga(fs.readFileSync(c.path, 'utf8'), c.path, {
      electionPublicKey: parseKeyFile(fs.readFileSync(b.electionPublicKeyPath, 'utf8'), 'b'),
    });
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.problems[0]!.path, 'signature');
  });

  test('hundreds of seções quickly (a definition with 600 seções, 30,000 voters)', () => {
    const { def } = demo();
    const big: ElectionDefinition = structuredClone(def);
    const zona = big.ufs[0]!.municipios[0]!.zonas[0]!;
    const template = zona.secoes[0]!;
    for (let n = 1000; n < 1590; n++) zona.secoes.push({ ...template, number: n, aggregated: [] });
    for (let i = 0; i < 27_000; i++) {
      const v = def.voters[i % def.voters.length]!;
      big.voters.push({ ...v, titulo: `x${i}`, zona: zona.number, secao: 1000 + (i % 590) });
    }
    const out = tempDir();
    const t0 = performance.now();
    const r = setupElection(big, out, { seed: 'big' });
    const ms = performance.now() - t0;
    assert.equal(r.cargas.length, 600);
    // Generous bound (a slow CI disk): the point is "seconds, not minutes".
    assert.ok(ms < 30_000, `setup of 600 seções took ${Math.round(ms)} ms`);
  });

  test('parseKeyFile refuses anything but one hex key line', () => {
    assert.throws(() => parseKeyFile('abc\n', 'k'), /k: expected one line/);
    assert.throws(() => parseKeyFile(`${'a'.repeat(64)}\n${'b'.repeat(64)}\n`, 'k'), /2 line/);
    assert.equal(parseKeyFile(`# comment\n${'a'.repeat(64)}\n`, 'k').length, 32);
  });
});
