import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { join } from 'node:path';
import {
  EXTERNAL_MEMORY_FILE,
  INTERNAL_MEMORY_FILE,
  UrnaStorage,
  UrnaStorageError,
  decodeMemory,
  encodeMemory,
} from '../../src/media/urna-storage.ts';
import { tempDir } from './fixtures.ts';

interface State {
  state: string;
  votes: number;
  rdv: (string | null)[];
}
const state = (votes: number): State => ({ state: 'aberta', votes, rdv: [null, 'nominal 15', null, 'branco'] });

/** Flips one byte inside the snapshot part of a file (the kind of damage a failing flash card does). */
function flipByte(path: string, fromEnd = 10): void {
  const bytes = fs.readFileSync(path);
  const i = bytes.length - fromEnd;
  bytes[i] = bytes[i]! ^ 0x01;
  fs.writeFileSync(path, bytes);
}

describe('UrnaStorage: two memories with checksums', () => {
  test('a fresh urna has no state', () => {
    assert.equal(new UrnaStorage(tempDir()).load(), undefined);
  });

  test('save then load in a new instance (a restart) gives the last state; both copies written', () => {
    const dir = tempDir();
    const s = new UrnaStorage<State>(dir);
    assert.equal(s.save(state(1)), 1);
    assert.equal(s.save(state(2)), 2);
    const restarted = new UrnaStorage<State>(dir);
    assert.deepEqual(restarted.load(), state(2));
    const r = restarted.read();
    assert.ok(r.ok && r.value);
    assert.equal(r.value.generation, 2);
    assert.deepEqual(r.value.damaged, []);
    assert.deepEqual(fs.readdirSync(dir).sort(), [EXTERNAL_MEMORY_FILE, INTERNAL_MEMORY_FILE].sort());
    // The file is plain JSON, readable by any tool.
    const json = JSON.parse(fs.readFileSync(join(dir, INTERNAL_MEMORY_FILE), 'utf8')) as { snapshot: State };
    assert.deepEqual(json.snapshot, state(2));
  });

  test('a corrupted internal copy: the external one is loaded, and the damage reported', () => {
    const dir = tempDir();
    const s = new UrnaStorage<State>(dir);
    s.save(state(1));
    s.save(state(2));
    flipByte(join(dir, INTERNAL_MEMORY_FILE));
    const r = new UrnaStorage<State>(dir).read();
    assert.ok(r.ok && r.value);
    assert.equal(r.value.source, 'externa');
    assert.deepEqual(r.value.snapshot, state(2));
    assert.equal(r.value.damaged.length, 1);
    assert.equal(r.value.damaged[0]!.file, join(dir, INTERNAL_MEMORY_FILE));
    assert.equal(r.value.damaged[0]!.path, 'sha512');
  });

  test('a torn (truncated) external copy: the internal one is loaded', () => {
    const dir = tempDir();
    new UrnaStorage<State>(dir).save(state(5));
    const ext = join(dir, EXTERNAL_MEMORY_FILE);
    const text = fs.readFileSync(ext, 'utf8');
    fs.writeFileSync(ext, text.slice(0, Math.floor(text.length / 2)));
    const loaded = new UrnaStorage<State>(dir);
    assert.deepEqual(loaded.load(), state(5));
    // The next save re-syncs both memories, one generation on.
    assert.equal(loaded.save(state(6)), 2);
    const r = new UrnaStorage<State>(dir).read();
    assert.ok(r.ok && r.value);
    assert.deepEqual(r.value.damaged, []);
  });

  test('a crash between the two writes: the copy one generation ahead wins', () => {
    const dir = tempDir();
    const s = new UrnaStorage<State>(dir);
    s.save(state(1));
    s.save(state(2));
    // Simulate the crash: the internal memory already holds generation 3, the external still generation 2.
    fs.writeFileSync(join(dir, INTERNAL_MEMORY_FILE), encodeMemory(state(3), 3));
    const r = new UrnaStorage<State>(dir).read();
    assert.ok(r.ok && r.value);
    assert.equal(r.value.generation, 3);
    assert.deepEqual(r.value.snapshot, state(3));
    // And the other way round (external ahead, as when the internal write was lost).
    fs.writeFileSync(join(dir, INTERNAL_MEMORY_FILE), encodeMemory(state(2), 2));
    fs.writeFileSync(join(dir, EXTERNAL_MEMORY_FILE), encodeMemory(state(3), 3));
    assert.deepEqual(new UrnaStorage<State>(dir).load(), state(3));
  });

  test('both copies corrupt: a clear error naming both files', () => {
    const dir = tempDir();
    new UrnaStorage<State>(dir).save(state(1));
    flipByte(join(dir, INTERNAL_MEMORY_FILE));
    fs.writeFileSync(join(dir, EXTERNAL_MEMORY_FILE), 'garbage');
    const s = new UrnaStorage<State>(dir);
    assert.throws(
      () => s.load(),
      (e: unknown) => {
        assert.ok(e instanceof UrnaStorageError);
        assert.deepEqual(
          e.problems.map((p) => p.file).sort(),
          [join(dir, EXTERNAL_MEMORY_FILE), join(dir, INTERNAL_MEMORY_FILE)].sort(),
        );
        assert.match(e.message, /Neither urna memory/);
        assert.match(e.message, /memoria-interna\.json/);
        assert.match(e.message, /memoria-externa\.json/);
        return true;
      },
    );
  });

  test('the external memory can live on another device (folder)', () => {
    const internal = tempDir();
    const external = tempDir();
    new UrnaStorage<State>(internal, external).save(state(9));
    assert.deepEqual(fs.readdirSync(internal), [INTERNAL_MEMORY_FILE]);
    assert.deepEqual(fs.readdirSync(external), [EXTERNAL_MEMORY_FILE]);
    fs.rmSync(join(internal, INTERNAL_MEMORY_FILE));
    // The internal flash was replaced: the state comes back from the external card.
    assert.deepEqual(new UrnaStorage<State>(internal, external).load(), state(9));
  });

  test('decodeMemory refuses a checksum that does not match the generation (header edited)', () => {
    const text = encodeMemory(state(1), 4).replace('"generation":4', '"generation":5');
    const r = decodeMemory(text, 'm.json');
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.problems[0]!.path === 'sha512');
  });
});
