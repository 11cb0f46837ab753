import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { certificateProblem, issueCertificate, keyId } from '../../src/crypto/certificate.ts';
import { keyPairFromSeed, signer, verifyEd25519, type Signer } from '../../src/crypto/ed25519.ts';
import { fromHex, toHex } from '../../src/crypto/hash.ts';
import { seededRandom } from '../../src/crypto/random.ts';
import { secaoKey, VoterSchema, type ElectionDefinition, type Voter } from '../../src/election/definition.ts';
import { indexElection, type ElectionIndex } from '../../src/election/lookup.ts';
import type { Problem } from '../../src/election/problem.ts';
import { makeTitulo } from '../../src/election/titulo.ts';
import {
  buildCarga,
  CADERNO_FIELDS,
  cargaFileText,
  cargaPartHash,
  cargaPartTexts,
  cargaSigningMessage,
  openCarga,
  signCargaParts,
  urnaKeyPair,
  type OpenCargaExpectation,
} from '../../src/media/carga.ts';
import { CARGA_FORMAT, type CargaContent, type SignedCargaFile } from '../../src/media/carga-types.ts';
import { CARGA_TIME, cargaFor, demo, electionSigner } from './fixtures.ts';

const FILE = 'carga/MG-48771-0101-0001/carga.json';
const key = electionSigner('demo');

function expectFor(content: CargaContent, over: Partial<OpenCargaExpectation> = {}): OpenCargaExpectation {
  return { electionPublicKey: key.publicKey, pleito: content.election.pleito, secao: content.secao, ...over };
}

/** Signs (possibly altered) content as a carga file, with any key. */
function signedText(content: CargaContent, by: Signer): string {
  const { eleicao, secao } = cargaPartTexts(content);
  return cargaFileText(signCargaParts(by, eleicao, secao));
}

/** Signs a seção part edited as JSON (to put values the types do not allow), with the election key. */
function withSecaoEdited(file: SignedCargaFile, edit: (secao: Record<string, unknown>) => void): string {
  const secao = JSON.parse(file.secao) as Record<string, unknown>;
  edit(secao);
  return cargaFileText(signCargaParts(key, file.eleicao, JSON.stringify(secao)));
}

function refusedAt(text: string, expect: OpenCargaExpectation): Problem[] {
  const r = openCarga(text, FILE, expect);
  assert.equal(r.ok, false, 'the carga should have been refused');
  if (r.ok) return [];
  for (const p of r.problems) assert.equal(p.file, FILE);
  return r.problems;
}

/** Opens a carga that must open (assert.ok always gets a message: without one, node re-reads the source file). */
function opens(text: string, expect: OpenCargaExpectation): CargaContent {
  const r = openCarga(text, FILE, expect);
  assert.ok(r.ok, `the carga should have opened: ${JSON.stringify(!r.ok && r.problems)}`);
  return r.value;
}

/** Upper-case hex SHA-512 of the UTF-8 bytes, computed here independently of src/crypto. */
const sha512Utf8 = (text: string): string =>
  createHash('sha512').update(Buffer.from(text, 'utf8')).digest('hex').toUpperCase();

const col = (field: keyof Voter): number => CADERNO_FIELDS.indexOf(field);

/** The demo election with a second município (its own prefeito and vereador contests), indexed. */
function twoMunicipios(): { def: ElectionDefinition; index: ElectionIndex } {
  const def = structuredClone(demo().def);
  const first = def.ufs[0]!.municipios[0]!;
  def.ufs[0]!.municipios.push({ ...structuredClone(first), code: 48772, name: 'Vale Azul' });
  def.contests.push(
    ...def.contests.map((c) => ({
      ...structuredClone(c),
      municipio: 48772,
      candidates: c.candidates
        .slice(0, 3)
        .map((cand) => ({ ...cand, ballotName: `AZUL ${cand.ballotName}`.slice(0, 30) })),
    })),
  );
  return { def, index: indexElection(def) };
}

/** The carga (no voters) of the `secaoIndex`-th seção of another definition, signed by the demo key. */
function buildIn(def: ElectionDefinition, index: ElectionIndex, secaoIndex: number): ReturnType<typeof buildCarga> {
  return buildCarga(def, index, index.secoes[secaoIndex]!, {
    electionSigner: key,
    random: seededRandom(`two:${secaoIndex}`),
    clock: () => CARGA_TIME,
    numeroInternoUrna: 20_000_000 + secaoIndex,
    voters: [],
  });
}

describe('buildCarga', () => {
  test('builds the carga of one seção: its contests, its caderno, an urna key certified by the election key', () => {
    const { index } = demo();
    const secao = index.secoes[0]!;
    const { content } = cargaFor(0);
    assert.equal(content.format, CARGA_FORMAT);
    assert.equal(CARGA_FORMAT, 'urna-carga/2');
    assert.equal(secaoKey(content.secao), secao.key);
    assert.deepEqual(content.contests, index.contestsForSecao(secao));
    assert.deepEqual(content.voters, index.votersBySecao.get(secao.key));
    assert.ok(content.voters.length > 0, 'the demo seção has voters');
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
  });

  test('the file: two part texts, signed over "urna-carga/2|SHA-512(eleicao)|SHA-512(secao)" of their UTF-8', () => {
    const { content, file } = cargaFor(0);
    assert.equal(file.format, 'urna-carga/2');
    assert.equal(file.eleicao, JSON.stringify({ election: content.election, contests: content.contests }));
    assert.deepEqual(cargaPartTexts(content), { eleicao: file.eleicao, secao: file.secao });
    // The election name has non-ASCII letters: the part hashes are over UTF-8 bytes, not UTF-16 or Latin-1.
    assert.match(file.eleicao, /Eleição/);
    assert.equal(cargaPartHash(file.eleicao), sha512Utf8(file.eleicao));
    assert.equal(cargaPartHash(file.secao), sha512Utf8(file.secao));
    const signed = `urna-carga/2|${sha512Utf8(file.eleicao)}|${sha512Utf8(file.secao)}`;
    const message = new Uint8Array(createHash('sha512').update(signed, 'ascii').digest());
    assert.deepEqual(cargaSigningMessage(cargaPartHash(file.eleicao), cargaPartHash(file.secao)), message);
    assert.ok(verifyEd25519(key.publicKey, message, fromHex(file.signature)), 'the signature verifies');
    // The seção part: everything else, the caderno as a table with birth dates as YYYYMMDD numbers.
    const secao = JSON.parse(file.secao) as { voters: { fields: string[]; rows: unknown[][] } } & Record<
      string,
      unknown
    >;
    assert.deepEqual(Object.keys(secao), ['secao', 'voters', 'urna', 'carga', 'electionPublicKey']);
    assert.deepEqual(secao.voters.fields, ['titulo', 'name', 'birthDate', 'municipio', 'zona', 'secao', 'biometrics']);
    assert.equal(secao.voters.rows.length, content.voters.length);
    const v = content.voters[2]!;
    assert.deepEqual(secao.voters.rows[2], [
      v.titulo,
      v.name,
      Number(v.birthDate.replaceAll('-', '')),
      v.municipio,
      v.zona,
      v.secao,
      v.biometrics,
    ]);
    assert.deepEqual(secao.urna, content.urna);
    assert.deepEqual(secao.carga, content.carga);
  });

  test('every seção of a município gets the very same election part; the seção parts differ', () => {
    const a = cargaFor(0).file;
    const b = cargaFor(1).file;
    const c = cargaFor(2, { key: electionSigner('another election') }).file;
    assert.equal(a.eleicao, b.eleicao);
    assert.equal(a.eleicao, c.eleicao, 'the election part does not depend on the key');
    assert.notEqual(a.secao, b.secao);
    // Another município of the same election: another election part (its contests).
    const { def, index } = twoMunicipios();
    const inFirst = buildIn(def, index, 0).file;
    const inSecond = buildIn(
      def,
      index,
      index.secoes.findIndex((s) => s.municipio === 48772),
    ).file;
    assert.notEqual(inFirst.eleicao, inSecond.eleicao);
    assert.deepEqual(
      (JSON.parse(inSecond.eleicao) as { contests: { municipio: number }[] }).contests.map((x) => x.municipio),
      [48772, 48772],
    );
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
    const { content, file } = buildCarga(def, index, index.secoes[0]!, {
      electionSigner: key,
      random: seededRandom(1),
      clock: () => CARGA_TIME,
      numeroInternoUrna: 12345678,
      voters,
    });
    assert.deepEqual(content.voters, voters);
    const opened = openCarga(cargaFileText(file), FILE, expectFor(content));
    assert.ok(opened.ok, JSON.stringify(!opened.ok && opened.problems));
    assert.deepEqual(opened.value.voters, voters);
  });

  test('an urna number outside 1..99,999,999 is refused', () => {
    assert.throws(() => cargaFor(0, { numeroInternoUrna: 100_000_000 }), /numeroInternoUrna/);
    assert.throws(() => cargaFor(0, { numeroInternoUrna: 0 }), /numeroInternoUrna/);
  });
});

describe('cargaFileText: the file on the media', () => {
  const { file } = cargaFor(0);
  const text = cargaFileText(file);

  test('the file is the signed file as JSON: each part a JSON string holding its exact text', () => {
    assert.equal(text, JSON.stringify(file) + '\n');
    assert.deepEqual(Object.keys(JSON.parse(text) as object), ['format', 'eleicao', 'secao', 'signature']);
    assert.deepEqual(JSON.parse(text), { ...file });
    // Another file of the same município: the same (escaped) election part, its own seção part.
    const other = cargaFor(1).file;
    assert.equal(cargaFileText(other), JSON.stringify(other) + '\n');
  });

  test('parts holding any characters (line breaks, quotes, non-BMP) are written exactly', () => {
    const odd = { ...file, eleicao: '{"a":"x\ny\r\\"}\u2028😀', secao: '\ud800"' };
    assert.deepEqual(JSON.parse(cargaFileText(odd)), odd);
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

  test('a copy of the text (as read from a file), re-formatted or with CRLF, opens too: the parts are strings', () => {
    const copy = Buffer.from(text, 'utf8').toString('utf8');
    assert.deepEqual(opens(copy, expectFor(content)), content);
    assert.deepEqual(opens(JSON.stringify(JSON.parse(text), null, 2), expectFor(content)), content);
    assert.deepEqual(opens(text.replace('\n', '\r\n'), expectFor(content)), content);
  });

  test('the seção and pleito are optional expectations', () => {
    opens(text, { electionPublicKey: key.publicKey });
  });

  test('not JSON → refused at the top', () => {
    const [p] = refusedAt(text.slice(0, 100), expectFor(content));
    assert.equal(p!.path, '');
    assert.match(p!.found, /not JSON/);
  });

  test('a carga of the old format urna-carga/1 → refused at `format`: expected urna-carga/2', () => {
    const old = JSON.stringify({ format: 'urna-carga/1', content: '{}', signature: 'ab'.repeat(64) }) + '\n';
    const [p, ...rest] = refusedAt(old, expectFor(content));
    assert.deepEqual(rest, []);
    assert.equal(p!.path, 'format');
    assert.equal(p!.expected, '"urna-carga/2"');
    assert.match(p!.found, /^"urna-carga\/1" \(a carga of another urna-ts version/);
  });

  test('wrong format string → refused at `format`', () => {
    const altered = JSON.stringify({ ...file, format: 'urna-carga/0' });
    const [p] = refusedAt(altered, expectFor(content));
    assert.equal(p!.path, 'format');
    assert.equal(p!.expected, '"urna-carga/2"');
    assert.match(p!.found, /^"urna-carga\/0"/);
  });

  test('a part that is not a string, or missing → refused at its field', () => {
    const asObject = JSON.stringify({ ...file, eleicao: JSON.parse(file.eleicao) as unknown });
    assert.deepEqual(
      refusedAt(asObject, expectFor(content)).map((p) => p.path),
      ['eleicao'],
    );
    const { secao: _, ...noSecao } = file;
    assert.deepEqual(
      refusedAt(JSON.stringify(noSecao), expectFor(content)).map((p) => [p.path, p.found]),
      [['secao', 'nothing']],
    );
  });

  test('a signature that is not 64 bytes of hex → refused at `signature`', () => {
    const altered = text.replace(file.signature, 'zz' + file.signature.slice(2));
    const [p] = refusedAt(altered, expectFor(content));
    assert.equal(p!.path, 'signature');
    assert.match(p!.expected, /64 bytes in hex/);
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
    assert.match(p!.found, /carga names this election key/);
  });

  test('one byte changed in the election part → refused at `signature`', () => {
    const i = file.eleicao.indexOf('"name":"') + 9; // inside the election's name
    const tampered = { ...file, eleicao: file.eleicao.slice(0, i) + 'X' + file.eleicao.slice(i + 1) };
    assert.notEqual(tampered.eleicao, file.eleicao);
    const [p] = refusedAt(cargaFileText(tampered), expectFor(content));
    assert.equal(p!.path, 'signature');
    // The same edit made on the file's text, as an operator with an editor would (as test/cli/cli.test.ts does).
    const edited = text.replace(/"name\\":\\"[^\\]*/, '"name\\":\\"Forjada');
    assert.notEqual(edited, text);
    assert.equal(refusedAt(edited, expectFor(content))[0]!.path, 'signature');
  });

  test('one byte changed in the seção part → refused at `signature`', () => {
    const i = file.secao.indexOf('"codigoCarga":"') + 16;
    const digit = file.secao[i] === '1' ? '2' : '1';
    const tampered = { ...file, secao: file.secao.slice(0, i) + digit + file.secao.slice(i + 1) };
    assert.notEqual(tampered.secao, file.secao);
    const [p] = refusedAt(cargaFileText(tampered), expectFor(content));
    assert.equal(p!.path, 'signature');
  });

  test('the election part of another election’s carga (another key) swapped in → refused at `signature`', () => {
    const other = cargaFor(0, { key: electionSigner('another election'), def: { ...demo().def, name: 'Outra' } });
    assert.notEqual(other.file.eleicao, file.eleicao);
    const [p] = refusedAt(cargaFileText({ ...file, eleicao: other.file.eleicao }), expectFor(content));
    assert.equal(p!.path, 'signature');
  });

  test('the election part of another município of the same election swapped in → refused at `signature`', () => {
    const { def, index } = twoMunicipios();
    const mine = buildIn(def, index, 0);
    const theirs = buildIn(
      def,
      index,
      index.secoes.findIndex((s) => s.municipio === 48772),
    );
    opens(cargaFileText(mine.file), expectFor(mine.content));
    const swapped = cargaFileText({ ...mine.file, eleicao: theirs.file.eleicao });
    const [p, ...rest] = refusedAt(swapped, expectFor(mine.content));
    assert.deepEqual(rest, []);
    assert.equal(p!.path, 'signature');
  });

  test('parts of two municípios signed together by the election key → refused at the contests', () => {
    const { def, index } = twoMunicipios();
    const mine = buildIn(def, index, 0);
    const theirs = buildIn(
      def,
      index,
      index.secoes.findIndex((s) => s.municipio === 48772),
    );
    const mixed = cargaFileText(signCargaParts(key, theirs.file.eleicao, mine.file.secao));
    const problems = refusedAt(mixed, expectFor(mine.content));
    assert.deepEqual(
      problems.map((p) => p.path),
      ['contests[0].municipio', 'contests[1].municipio'],
    );
    assert.equal(problems[0]!.found, '48772');
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

  test('signed seção part with a broken voter → refused at the path of the bad field', () => {
    const altered = withSecaoEdited(file, (s) => {
      (s.voters as { rows: unknown[][] }).rows[3]![col('titulo')] = 12345;
    });
    const problems = refusedAt(altered, expectFor(content));
    assert.deepEqual(
      problems.map((p) => p.path),
      ['voters[3].titulo'],
    );
    assert.equal(problems[0]!.found, '12345');
  });

  test('a birth date that is neither YYYYMMDD nor YYYY-MM-DD → refused at `voters[k].birthDate`', () => {
    for (const bad of ['04/10/1980', 1e9, -1, 1980.5, null]) {
      const altered = withSecaoEdited(file, (s) => {
        (s.voters as { rows: unknown[][] }).rows[5]![col('birthDate')] = bad;
      });
      const problems = refusedAt(altered, expectFor(content));
      assert.deepEqual(
        problems.map((p) => p.path),
        ['voters[5].birthDate'],
        String(bad),
      );
    }
    // The text form is accepted too (a date the builder could not turn into a number would stay text).
    const asText = withSecaoEdited(file, (s) => {
      (s.voters as { rows: unknown[][] }).rows[5]![col('birthDate')] = content.voters[5]!.birthDate;
    });
    const r = openCarga(asText, FILE, expectFor(content));
    assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
    assert.deepEqual(r.value.voters, content.voters);
  });

  test('a birth date that is not YYYY-MM-DD is carried as text, and refused on opening', () => {
    const { def, index } = demo();
    for (const bad of ['1980-01-0:', '198a-01-01', '1980/01/01', '1980-01-011', '']) {
      const voters = [...index.votersBySecao.get(index.secoes[0]!.key)!];
      voters[4] = { ...voters[4]!, birthDate: bad };
      const built = buildCarga(def, index, index.secoes[0]!, {
        electionSigner: key,
        random: seededRandom(2),
        clock: () => CARGA_TIME,
        numeroInternoUrna: 12345678,
        voters,
      });
      const rows = (JSON.parse(built.file.secao) as { voters: { rows: unknown[][] } }).voters.rows;
      assert.equal(rows[4]![col('birthDate')], bad);
      const problems = refusedAt(cargaFileText(built.file), expectFor(built.content));
      assert.deepEqual(
        problems.map((p) => [p.path, p.found]),
        [['voters[4].birthDate', JSON.stringify(bad)]],
      );
    }
  });

  test('a caderno table with other columns, or a row of the wrong length → refused there', () => {
    const reordered = withSecaoEdited(file, (s) => {
      (s.voters as { fields: string[] }).fields.reverse();
    });
    assert.deepEqual(
      refusedAt(reordered, expectFor(content)).map((p) => p.path),
      ['voters.fields'],
    );
    const short = withSecaoEdited(file, (s) => {
      (s.voters as { rows: unknown[][] }).rows[1]!.pop();
    });
    assert.deepEqual(
      refusedAt(short, expectFor(content)).map((p) => p.path),
      ['voters[1]'],
    );
  });

  test('signed election part with a broken contest → refused at its path; both parts reported at once', () => {
    const eleicao = JSON.parse(file.eleicao) as { contests: { seats: unknown }[] };
    eleicao.contests[1]!.seats = 'many';
    const both = withSecaoEdited({ ...file, eleicao: JSON.stringify(eleicao) }, (s) => {
      (s.voters as { rows: unknown[][] }).rows[0]![col('zona')] = 0;
    });
    assert.deepEqual(
      refusedAt(both, expectFor(content)).map((p) => p.path),
      ['contests[1].seats', 'voters[0].zona'],
    );
  });

  test('a signed part that is not JSON → refused at `eleicao` or `secao`', () => {
    const badEleicao = cargaFileText(signCargaParts(key, '{"election":', file.secao));
    assert.deepEqual(
      refusedAt(badEleicao, expectFor(content)).map((p) => p.path),
      ['eleicao'],
    );
    const badSecao = cargaFileText(signCargaParts(key, file.eleicao, 'nope'));
    assert.deepEqual(
      refusedAt(badSecao, expectFor(content)).map((p) => p.path),
      ['secao'],
    );
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
    assert.ok(
      verifyEd25519(fromHex(content.urna.certificate.publicKey), msg, s.sign(msg)),
      'the urna signature verifies',
    );
  });
});

describe('openCarga: the election part is checked once and shared, frozen', () => {
  test('two cargas with the same election part share its checked value; the seção parts are their own', () => {
    const a = cargaFor(0);
    const b = cargaFor(1);
    const ra = opens(cargaFileText(a.file), expectFor(a.content));
    const rb = opens(cargaFileText(b.file), expectFor(b.content));
    assert.deepEqual(ra.contests, a.content.contests);
    assert.equal(rb.contests, ra.contests, 'the same checked contests');
    assert.equal(rb.election, ra.election);
    assert.notEqual(rb.voters, ra.voters);
    assert.deepEqual(rb.voters, b.content.voters);
    // Read back from a copy of the file (another string with the same text): still the same checked value.
    const again = opens(Buffer.from(cargaFileText(a.file)).toString('utf8'), expectFor(a.content));
    assert.equal(again.contests, ra.contests);
  });

  test('the shared election part is deep-frozen: no urna can change another’s contests', () => {
    const { content, file } = cargaFor(0);
    const opened = opens(cargaFileText(file), expectFor(content));
    const { contests, election } = opened;
    assert.ok(Object.isFrozen(contests) && Object.isFrozen(election) && Object.isFrozen(election.parties), 'frozen');
    assert.throws(() => {
      contests.push(contests[0]!);
    }, TypeError);
    assert.throws(() => {
      contests[0]!.candidates[0]!.ballotName = 'OUTRO';
    }, TypeError);
    assert.throws(() => {
      election.hours.close = '23:00';
    }, TypeError);
    assert.throws(() => {
      (election.parties as unknown[]).sort();
    }, TypeError);
    assert.deepEqual(opened.contests, content.contests);
  });

  test('a known election part never skips the signature: with a tampered seção part or another key, refused', () => {
    const { content, file } = cargaFor(0);
    opens(cargaFileText(file), expectFor(content)); // now known
    const i = file.secao.indexOf('"zona":') + 7;
    const tampered = { ...file, secao: file.secao.slice(0, i) + '9' + file.secao.slice(i) };
    assert.equal(refusedAt(cargaFileText(tampered), expectFor(content))[0]!.path, 'signature');
    const other = cargaFor(0, { key: electionSigner('another election') });
    assert.equal(other.file.eleicao, file.eleicao);
    assert.equal(refusedAt(cargaFileText(other.file), expectFor(content))[0]!.path, 'signature');
  });

  test('many municípios in turn (more than the cache holds): each opens to its own contests', () => {
    const def = structuredClone(demo().def);
    const first = def.ufs[0]!.municipios[0]!;
    const codes = [48772, 48773, 48774, 48775, 48776, 48777];
    for (const code of codes) {
      def.ufs[0]!.municipios.push({ ...structuredClone(first), code, name: `M ${code}` });
      def.contests.push({ ...structuredClone(def.contests[0]!), municipio: code });
    }
    const index = indexElection(def);
    const firstOf = (code: number): number => index.secoes.findIndex((s) => s.municipio === code);
    for (const code of [...codes, ...codes.reverse(), 48771]) {
      const built = buildIn(def, index, firstOf(code));
      const r = openCarga(cargaFileText(built.file), FILE, expectFor(built.content));
      assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
      assert.deepEqual(
        r.value.contests.map((c) => c.municipio),
        built.content.contests.map((c) => c.municipio),
      );
      assert.ok(
        r.value.contests.every((c) => c.municipio === code),
        `the contests of ${code}`,
      );
    }
  });
});

describe('the caderno rows are checked as VoterSchema checks a voter', () => {
  const { content, file } = cargaFor(0);
  const good = content.voters[0]!;

  /** What opening a carga whose first caderno row is `row` gives, and what VoterSchema says of that voter. */
  function both(row: unknown[]): {
    opened: ReturnType<typeof openCarga>;
    schema: ReturnType<typeof VoterSchema.safeParse>;
  } {
    const voter = Object.fromEntries(CADERNO_FIELDS.map((f, i) => [f, row[i]]));
    // What the row means: a YYYYMMDD number is the date YYYY-MM-DD (zero-padded); everything else as it is.
    const bd = row[col('birthDate')];
    if (typeof bd === 'number' && Number.isSafeInteger(bd) && bd >= 0 && bd <= 99_999_999) {
      const d = String(bd).padStart(8, '0');
      voter.birthDate = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`;
    }
    const text = withSecaoEdited(file, (s) => {
      (s.voters as { rows: unknown[][] }).rows[0] = row;
    });
    return { opened: openCarga(text, FILE, expectFor(content)), schema: VoterSchema.safeParse(voter) };
  }

  function agree(row: unknown[]): void {
    const { opened, schema } = both(row);
    if (schema.success) {
      assert.ok(opened.ok, `refused a row VoterSchema accepts: ${JSON.stringify(row)}`);
      assert.deepEqual(opened.value.voters[0], schema.data);
    } else {
      assert.ok(!opened.ok, `accepted a row VoterSchema refuses: ${JSON.stringify(row)}`);
      assert.ok(
        opened.problems.length > 0 && opened.problems.every((p) => p.path.startsWith('voters[0]')),
        JSON.stringify(opened.problems),
      );
    }
  }

  const goodRow = (): unknown[] => CADERNO_FIELDS.map((f) => (f === 'birthDate' ? 19800101 : good[f]));
  const edges: unknown[] = ['', ' ', 'x', '1980-01-01', '1980-1-01', '19800101', '0999-12-31', '１９８０-01-01'];
  edges.push(0, -0, 1, -1, 1.5, 19800101, 9_999_999, 99_999_999, 100_000_000, 2 ** 53, Number.MAX_SAFE_INTEGER);
  edges.push(true, false, null, [], {});

  for (const field of CADERNO_FIELDS) {
    test(`every edge value of \`${field}\` (the others valid)`, () => {
      for (const value of edges) {
        const row = goodRow();
        row[col(field)] = value;
        agree(row);
      }
    });
  }

  test('property: any row opens iff VoterSchema accepts the voter, and to what VoterSchema gives', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.integer({ min: -2, max: 100_000_001 }),
      fc.constantFrom(...edges),
    );
    const field = (k: keyof Voter): fc.Arbitrary<unknown> =>
      fc.oneof({ weight: 3, arbitrary: fc.constant(k === 'birthDate' ? 19800101 : good[k]) }, value);
    // No shrinking: every try opens a carga; a row of seven values reads well enough as it is.
    fc.assert(
      fc.property(fc.tuple(...CADERNO_FIELDS.map(field)), (row) => agree(row)),
      { numRuns: 200, endOnFailure: true },
    );
  });
});
