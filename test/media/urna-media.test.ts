// The media around a real urna: carga in, power loss in the middle of the day, results media out, checked as the
// totalization will check it.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { signer } from '../../src/crypto/ed25519.ts';
import { seededRandom } from '../../src/crypto/random.ts';
import type { Key } from '../../src/urna/ballot-types.ts';
import { verifyBuSignatures } from '../../src/urna/bu.ts';
import { ManualClock } from '../../src/urna/clock.ts';
import { Urna, restoreUrna } from '../../src/urna/urna.ts';
import { cargaFileText, openCarga, urnaKeyPair } from '../../src/media/carga.ts';
import { readResultsMedia, writeResultsMedia } from '../../src/media/results-media-node.ts';
import { UrnaStorage } from '../../src/media/urna-storage.ts';
import { cargaFor, electionSigner, tempDir } from './fixtures.ts';

describe('a real urna with its media', () => {
  test('carga → votes → power loss → restore from memory → close → results media verified', () => {
    const electionKey = electionSigner('demo').publicKey;
    const built = cargaFor(2);
    const opened = openCarga(cargaFileText(built.file), 'carga.json', {
      electionPublicKey: electionKey,
      secao: built.content.secao,
    });
    assert.ok(opened.ok);
    const carga = opened.value;
    const date = carga.election.date;
    const clock = new ManualClock(`${date}T11:30:00Z`); // 08:30 in Brasília
    const deps = { clock, random: seededRandom('urna-media') };
    const storage = new UrnaStorage(tempDir(), tempDir());

    const vote = (u: Urna, keys: readonly Key[]): void => {
      const voter = carga.voters.find((v) => !v.biometrics && !u.hasVoted(v.titulo))!;
      assert.ok(u.identify(voter.titulo).ok);
      assert.ok(u.yearOfBirth(voter.birthDate.slice(0, 4)).ok);
      for (const k of keys) assert.ok(u.pressKey(k).ok, k);
      storage.save(u.snapshot()); // Before "FIM": the vote is durable when the voter sees it confirmed.
    };

    const first = new Urna(carga, deps);
    assert.ok(first.zeresima().ok);
    assert.ok(first.open().ok);
    storage.save(first.snapshot());
    vote(first, ['BRANCO', 'CONFIRMA', '1', '2', 'CONFIRMA']);
    vote(first, ['1', '2', '3', '4', '5', 'CONFIRMA', 'BRANCO', 'CONFIRMA']);

    // Power cut: the urna object is gone; a new one comes back from its memories.
    const snapshot = new UrnaStorage(storage.dir, storage.externalDir).load();
    assert.ok(snapshot);
    const restored = restoreUrna(carga, snapshot, deps);
    assert.ok(restored.ok, JSON.stringify(!restored.ok && restored));
    const urna = restored.value;
    assert.equal(urna.counts().compareceram, 2);
    vote(urna, ['BRANCO', 'CONFIRMA', 'BRANCO', 'CONFIRMA']);

    clock.set(new Date(`${date}T20:30:00Z`)); // 17:30 in Brasília
    const closed = urna.close(true);
    assert.ok(closed.ok, JSON.stringify(!closed.ok && closed.error));
    const dir = tempDir();
    writeResultsMedia(dir, closed.value, carga, signer(urnaKeyPair(carga)));

    const read = readResultsMedia(dir, electionKey);
    assert.ok(read.ok, JSON.stringify(!read.ok && read.problems, null, 2));
    assert.deepEqual(read.value.bu, closed.value.bu);
    assert.deepEqual(read.value.rdv, closed.value.rdv);
    assert.equal(read.value.bu.qtdEleitoresCompareceram, 3);
    assert.deepEqual(verifyBuSignatures(read.value.bu, read.value.urnaPublicKey), []);
  });
});
