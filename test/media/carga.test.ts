import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { certificateProblem, issueCertificate, keyId } from '../../src/crypto/certificate.ts';
import { keyPairFromSeed, signer, verifyEd25519, type Signer } from '../../src/crypto/ed25519.ts';
import { fromHex, toHex } from '../../src/crypto/hash.ts';
import { seededRandom } from '../../src/crypto/random.ts';
import { secaoKey, type Voter } from '../../src/election/definition.ts';
import type { Problem } from '../../src/election/problem.ts';
import { makeTitulo } from '../../src/election/titulo.ts';
import {
  buildCarga,
  cargaFileText,
  cargaSigningMessage,
  openCarga,
  urnaKeyPair,
  type OpenCargaExpectation,
} from '../../src/media/carga.ts';
import { CARGA_FORMAT, type CargaContent } from '../../src/media/carga-types.ts';
import { CARGA_TIME, cargaFor, demo, electionSigner } from './fixtures.ts';

const FILE = 'carga/MG-48771-0101-0001/carga.json';
const key = electionSigner('demo');

function expectFor(content: CargaContent, over: Partial<OpenCargaExpectation> = {}): OpenCargaExpectation {
  return { electionPublicKey: key.publicKey, pleito: content.election.pleito, secao: content.secao, ...over };
}

/** Signs (possibly altered) content as a carga file, with any key. */
function signedText(content: unknown, by: Signer): string {
  const text = JSON.stringify(content);
  return cargaFileText({ format: CARGA_FORMAT, content: text, signature: toHex(by.sign(cargaSigningMessage(text))) });
}

function refusedAt(text: string, expect: OpenCargaExpectation): Problem[] {
  const r = openCarga(text, FILE, expect);
  assert.equal(r.ok, false, 'the carga should have been refused');
  if (r.ok) return [];
  for (const p of r.problems) assert.equal(p.file, FILE);
  return r.problems;
}

describe('buildCarga', () => {
  test('builds the carga of one seção: its contests, its caderno, an urna key certified by the election key', () => {
    const { index } = demo();
    const secao = index.secoes[0]!;
    const { content, file } = cargaFor(0);
    assert.equal(content.format, CARGA_FORMAT);
    assert.equal(secaoKey(content.secao), secao.key);
    assert.deepEqual(content.contests, index.contestsForSecao(secao));
    assert.deepEqual(content.voters, index.votersBySecao.get(secao.key));
    assert.ok(content.voters.length > 0);
    // The urna's key pair is a real pair, and the election key certifies it for this urna and seção.
    const pair = urnaKeyPair(content);
    assert.deepEqual(keyPairFromSeed(pair.privateKey).publicKey, pair.publicKey);
    assert.equal(certificateProblem(content.urna.certificate, key.publicKey), null);
    assert.equal(content.urna.certificate.publicKey, content.urna.publicKey);
    assert.equal(content.urna.certificate.subject, `UE 01663883 ${secao.key}`);
    assert.equal(content.urna.certificate.issuer, `Eleição ${content.election.pleito}`);
    // The TSE Carga identifiers.
    assert.match(content.carga.codigoCarga, /^\d{24}$/);
    assert.match(content.carga.numeroSerieFC, /^[0-9a-f]{8}$/);
    assert.equal(content.carga.numeroInternoUrna, 1_663_883);
    assert.equal(content.carga.dataHoraCarga, '20261004T070000'); // 10:00 UTC = 07:00 in Brasília
    assert.equal(content.carga.identificadorGeradorMidia.serialCertificadoTPM, keyId(key.publicKey));
    // The file: the exact content text, signed by the election key over SHA-512 of its UTF-8 bytes.
    assert.equal(file.content, JSON.stringify(content));
    assert.ok(verifyEd25519(key.publicKey, cargaSigningMessage(file.content), fromHex(file.signature)));
  });

  test('the same seed gives the same carga; another seed another urna key and código de carga', () => {
    assert.equal(cargaFileText(cargaFor(3).file), cargaFileText(cargaFor(3).file));
    const a = cargaFor(3).content;
    const b = cargaFor(3, { seed: 'other' }).content;
    assert.notEqual(a.urna.publicKey, b.urna.publicKey);
    assert.notEqual(a.carga.codigoCarga, b.carga.codigoCarga);
  });

  test('voters given by the caller (synthetic elections) are used as they are', () => {
    const { def, index } = demo();
    const voters: Voter[] = [1, 2, 3].map((n) => ({
      titulo: makeTitulo(n, 'MG'),
      name: `Eleitor ${n}`,
      birthDate: '1980-01-01',
      municipio: 48771,
      zona: 101,
      secao: 1,
      biometrics: true,
    }));
    const { content } = buildCarga(def, index, index.secoes[0]!, {
      electionSigner: key,
      random: seededRandom(1),
      clock: () => CARGA_TIME,
      numeroInternoUrna: 12345678,
      voters,
    });
    assert.deepEqual(content.voters, voters);
  });

  test('an urna number outside 1..99,999,999 is refused', () => {
    assert.throws(() => cargaFor(0, { numeroInternoUrna: 100_000_000 }), /numeroInternoUrna/);
    assert.throws(() => cargaFor(0, { numeroInternoUrna: 0 }), /numeroInternoUrna/);
  });
});

describe('openCarga: the urna checks its carga media', () => {
  const { content, file } = cargaFor(0);
  const text = cargaFileText(file);

  test('round trip: the carga opens to exactly what was built', () => {
    const r = openCarga(text, FILE, expectFor(content));
    assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
    assert.deepEqual(r.value, content);
  });

  test('the seção and pleito are optional expectations', () => {
    assert.ok(openCarga(text, FILE, { electionPublicKey: key.publicKey }).ok);
  });

  test('not JSON → refused at the top', () => {
    const [p] = refusedAt(text.slice(0, 100), expectFor(content));
    assert.equal(p!.path, '');
    assert.match(p!.found, /not JSON/);
  });

  test('wrong format string → refused at `format`', () => {
    const altered = JSON.stringify({ ...file, format: 'urna-carga/0' });
    const [p] = refusedAt(altered, expectFor(content));
    assert.equal(p!.path, 'format');
    assert.equal(p!.expected, '"urna-carga/1"');
    assert.equal(p!.found, '"urna-carga/0"');
  });

  test('a carga of another election (signed by another key) → refused at `signature`, naming both keys', () => {
    const other = electionSigner('another election');
    const forged = cargaFor(0, { key: other });
    const [p] = refusedAt(cargaFileText(forged.file), expectFor(content));
    assert.equal(p!.path, 'signature');
    assert.equal(p!.expected, `a signature by election key ${keyId(key.publicKey)}`);
    assert.match(p!.found, /does not verify/);
    assert.ok(p!.found.includes(keyId(other.publicKey)), p!.found);
  });

  test('this election’s content re-signed by another key → refused at `signature`', () => {
    const [p] = refusedAt(signedText(content, electionSigner('forger')), expectFor(content));
    assert.equal(p!.path, 'signature');
    assert.match(p!.found, /content names this election key/);
  });

  test('one byte of the content changed → refused at `signature`', () => {
    const i = file.content.indexOf('"name":"') + 9; // inside the election's name
    const tampered = { ...file, content: file.content.slice(0, i) + 'X' + file.content.slice(i + 1) };
    assert.notEqual(tampered.content, file.content);
    const [p] = refusedAt(JSON.stringify(tampered), expectFor(content));
    assert.equal(p!.path, 'signature');
  });

  test('the carga of another seção → refused at `secao`, naming both', () => {
    const { index } = demo();
    const other = index.secoes[1]!;
    const [p, ...rest] = refusedAt(text, expectFor(content, { secao: other }));
    assert.deepEqual(rest, []);
    assert.equal(p!.path, 'secao');
    assert.equal(p!.expected, other.key);
    assert.equal(p!.found, secaoKey(content.secao));
  });

  test('another pleito → refused at `election.pleito`', () => {
    const [p] = refusedAt(text, expectFor(content, { pleito: content.election.pleito + 1 }));
    assert.equal(p!.path, 'election.pleito');
    assert.equal(p!.expected, String(content.election.pleito + 1));
    assert.equal(p!.found, String(content.election.pleito));
  });

  test('signed content with a broken shape → refused at the path of the bad field', () => {
    const broken = structuredClone(content) as unknown as { voters: { titulo: unknown }[] };
    broken.voters[3]!.titulo = 12345;
    const problems = refusedAt(signedText(broken, key), expectFor(content));
    assert.deepEqual(
      problems.map((p) => p.path),
      ['voters[3].titulo'],
    );
    assert.equal(problems[0]!.found, '12345');
  });

  test('an urna certificate issued by another key → refused at `urna.certificate`', () => {
    const altered = structuredClone(content);
    const pk = fromHex(content.urna.publicKey);
    altered.urna.certificate = issueCertificate(
      electionSigner('rogue'),
      'Eleição 9452',
      content.urna.certificate.subject,
      pk,
    );
    const problems = refusedAt(signedText(altered, key), expectFor(content));
    assert.deepEqual(
      problems.map((p) => p.path),
      ['urna.certificate'],
    );
  });

  test('a certificate for another urna key → refused at `urna.certificate.publicKey`', () => {
    const altered = structuredClone(content);
    const otherPair = keyPairFromSeed(new Uint8Array(32).fill(7));
    altered.urna.certificate = issueCertificate(
      key,
      'Eleição 9452',
      content.urna.certificate.subject,
      otherPair.publicKey,
    );
    const problems = refusedAt(signedText(altered, key), expectFor(content));
    assert.deepEqual(
      problems.map((p) => p.path),
      ['urna.certificate.publicKey'],
    );
  });

  test('a private key that does not match the public key → refused at `urna.privateKey`', () => {
    const altered = structuredClone(content);
    altered.urna.privateKey = toHex(new Uint8Array(32).fill(9));
    const problems = refusedAt(signedText(altered, key), expectFor(content));
    assert.deepEqual(
      problems.map((p) => p.path),
      ['urna.privateKey'],
    );
  });

  test('a certificate naming another seção → refused at `urna.certificate.subject`', () => {
    const altered = structuredClone(content);
    altered.urna.certificate = issueCertificate(
      key,
      'Eleição 9452',
      'UE 01663883 MG-48771-0101-0002',
      fromHex(content.urna.publicKey),
    );
    const problems = refusedAt(signedText(altered, key), expectFor(content));
    assert.deepEqual(
      problems.map((p) => p.path),
      ['urna.certificate.subject'],
    );
  });

  test('several disagreements are all reported at once', () => {
    const { index } = demo();
    const problems = refusedAt(text, expectFor(content, { secao: index.secoes[2]!, pleito: 1 }));
    assert.deepEqual(problems.map((p) => p.path).sort(), ['election.pleito', 'secao']);
  });

  test('the urna key from the carga signs what the certificate vouches for', () => {
    const s = signer(urnaKeyPair(content));
    const msg = new TextEncoder().encode('BU');
    assert.ok(verifyEd25519(fromHex(content.urna.certificate.publicKey), msg, s.sign(msg)));
  });
});
