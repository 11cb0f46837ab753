import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { join } from 'node:path';
import { keyId } from '../../src/crypto/certificate.ts';
import { signer, type Signer } from '../../src/crypto/ed25519.ts';
import { fromHex, sha512, toHex } from '../../src/crypto/hash.ts';
import type { Problem } from '../../src/election/problem.ts';
import { urnaKeyPair } from '../../src/media/carga.ts';
import type { CargaContent } from '../../src/media/carga-types.ts';
import { parseResultFileName, resultFileName, resultFileStem } from '../../src/media/file-names.ts';
import { buildResultsMedia, resultFileIdOf, type ResultsSignatureFile } from '../../src/media/results-media.ts';
import { readResultsMedia, writeResultsMedia } from '../../src/media/results-media-node.ts';
import { cargaFor, electionSigner, resultsPackageFor, tempDir } from './fixtures.ts';

const electionKey = electionSigner('demo').publicKey;

function writeMedia(secaoIndex = 0): { dir: string; carga: CargaContent; urna: Signer; stem: string } {
  const { content: carga } = cargaFor(secaoIndex);
  const urna = signer(urnaKeyPair(carga));
  const dir = tempDir();
  writeResultsMedia(dir, resultsPackageFor(carga), carga, urna);
  return { dir, carga, urna, stem: resultFileStem(resultFileIdOf(carga)) };
}

function refused(dir: string, key = electionKey): Problem[] {
  const r = readResultsMedia(dir, key);
  assert.equal(r.ok, false, 'the media should have been refused');
  return r.ok ? [] : r.problems;
}

/** What someone holding the urna key could do: sign whatever files are in the folder, consistently. */
function resign(dir: string, urna: Signer): void {
  const votaName = fs.readdirSync(dir).find((n) => n.endsWith('-vota.json'))!;
  const vota = JSON.parse(fs.readFileSync(join(dir, votaName), 'utf8')) as ResultsSignatureFile;
  vota.arquivosAssinados = fs
    .readdirSync(dir)
    .filter((n) => n !== votaName)
    .map((nomeArquivo) => {
      const bytes = fs.readFileSync(join(dir, nomeArquivo));
      const hash = sha512(bytes);
      return { nomeArquivo, tamanho: bytes.length, hash: toHex(hash), assinatura: toHex(urna.sign(hash)) };
    });
  const listing = sha512(JSON.stringify(vota.arquivosAssinados));
  vota.autoAssinado = { hash: toHex(listing), assinatura: toHex(urna.sign(listing)) };
  fs.writeFileSync(join(dir, votaName), JSON.stringify(vota));
}

describe('results media: write with the TSE names, read back and verify', () => {
  test('round trip: every file with the TSE stem, the signature file last, contents back as written', () => {
    const { dir, carga, urna } = writeMedia();
    const pkg = resultsPackageFor(carga);
    const files = buildResultsMedia(pkg, carga, urna);
    const stem = 'o09452mg4877101010001'; // fase oficial, pleito 9452, MG, município 48771, zona 101, seção 1
    assert.deepEqual(
      files.map((f) => f.name),
      [
        'bu.json',
        'rdv.json',
        'log.txt',
        'zeresima.txt',
        'bu.txt',
        'buj.txt',
        'bim.txt',
        'biografica.txt',
        'vota.json',
      ].map((s) => `${stem}-${s}`),
    );
    assert.deepEqual(fs.readdirSync(dir).sort(), files.map((f) => f.name).sort());

    const r = readResultsMedia(dir, electionKey);
    assert.ok(r.ok, JSON.stringify(!r.ok && r.problems, null, 2));
    assert.deepEqual(r.value.bu, pkg.bu);
    assert.deepEqual(r.value.rdv, pkg.rdv);
    assert.deepEqual(r.value.log, pkg.log);
    assert.deepEqual(r.value.secao, { uf: 'MG', municipio: 48771, zona: 101, secao: 1 });
    assert.equal(r.value.pleito, 9452);
    assert.equal(r.value.fase, 'oficial');
    assert.equal(toHex(r.value.urnaPublicKey), carga.urna.publicKey);
    assert.deepEqual(r.value.certificate, carga.urna.certificate);
    assert.equal(r.value.signatureFile, `${stem}-vota.json`);
    assert.equal(r.value.files.length, 8);
    // The printed BU holds every copy, separated by page breaks.
    const printed = fs.readFileSync(join(dir, `${stem}-bu.txt`), 'utf8');
    assert.deepEqual(printed.split('\n\f\n'), ['BOLETIM DE URNA\nvia 1/5', 'BOLETIM DE URNA\nvia 2/5\n']);
  });

  test('the signature file: every other file with its size, SHA-512 and the urna signature over the hash', () => {
    const { dir, stem, carga } = writeMedia();
    const vota = JSON.parse(fs.readFileSync(join(dir, `${stem}-vota.json`), 'utf8')) as ResultsSignatureFile;
    assert.equal(vota.format, 'urna-assinatura/1');
    assert.equal(vota.modeloUrna, 'urna-ts');
    assert.deepEqual(vota.certificate, carga.urna.certificate);
    for (const e of vota.arquivosAssinados) {
      const bytes = fs.readFileSync(join(dir, e.nomeArquivo));
      assert.equal(e.tamanho, bytes.length);
      assert.equal(e.hash, toHex(sha512(bytes)));
    }
    assert.equal(vota.arquivosAssinados.length, fs.readdirSync(dir).length - 1);
  });

  test('one byte of the BU changed → refused, naming the BU file (path `hash`)', () => {
    const { dir, stem } = writeMedia();
    const bu = join(dir, `${stem}-bu.json`);
    const text = fs.readFileSync(bu, 'utf8');
    fs.writeFileSync(bu, text.replace('"quantidadeVotos":2', '"quantidadeVotos":3'));
    const problems = refused(dir);
    assert.deepEqual(
      problems.map((p) => [p.file, p.path]),
      [[bu, 'hash']],
    );
  });

  test('a BU of another size → refused at `tamanho`', () => {
    const { dir, stem } = writeMedia();
    const bu = join(dir, `${stem}-bu.json`);
    fs.appendFileSync(bu, ' ');
    const [p] = refused(dir);
    assert.equal(p!.file, bu);
    assert.equal(p!.path, 'tamanho');
  });

  test('a listed file missing → refused, naming it', () => {
    const { dir, stem } = writeMedia();
    const rdv = join(dir, `${stem}-rdv.json`);
    fs.rmSync(rdv);
    const [p, ...rest] = refused(dir);
    assert.deepEqual(rest, []);
    assert.equal(p!.file, rdv);
    assert.equal(p!.found, 'no such file');
  });

  test('no signature file → refused as a whole', () => {
    const { dir, stem } = writeMedia();
    fs.rmSync(join(dir, `${stem}-vota.json`));
    const [p] = refused(dir);
    assert.equal(p!.file, dir);
    assert.match(p!.expected, /signature file/);
  });

  test('an extra BU that is not listed → refused, naming it (another seção’s, and a TSE-named one)', () => {
    const { dir, stem } = writeMedia();
    const other = writeMedia(1);
    const foreign = `${other.stem}-bu.json`;
    fs.copyFileSync(join(other.dir, foreign), join(dir, foreign));
    fs.writeFileSync(join(dir, `${stem}-bu.dat`), 'x');
    fs.writeFileSync(join(dir, 'README.txt'), 'not a results file: ignored');
    const problems = refused(dir);
    assert.deepEqual(problems.map((p) => p.file).sort(), [join(dir, foreign), join(dir, `${stem}-bu.dat`)].sort());
    for (const p of problems) assert.match(p.found, /not listed/);
  });

  test('media from an urna of another election (certificate by another key) → refused at `certificate`', () => {
    const { dir } = writeMedia();
    const other = electionSigner('another election').publicKey;
    const [p, ...rest] = refused(dir, other);
    assert.deepEqual(rest, []);
    assert.equal(p!.path, 'certificate');
    assert.equal(p!.expected, `a certificate issued by election key ${keyId(other)}`);
  });

  test('an entry removed from the signature file → refused at `autoAssinado.hash`', () => {
    const { dir, stem } = writeMedia();
    const path = join(dir, `${stem}-vota.json`);
    const vota = JSON.parse(fs.readFileSync(path, 'utf8')) as ResultsSignatureFile;
    vota.arquivosAssinados = vota.arquivosAssinados.filter((e) => !e.nomeArquivo.endsWith('-bim.txt'));
    fs.writeFileSync(path, JSON.stringify(vota));
    fs.rmSync(join(dir, `${stem}-bim.txt`));
    const problems = refused(dir);
    assert.deepEqual(
      problems.map((p) => p.path),
      ['autoAssinado.hash'],
    );
  });

  test('a file signature by another key → refused at `assinatura`, naming the file', () => {
    const { dir, stem } = writeMedia();
    const path = join(dir, `${stem}-vota.json`);
    const vota = JSON.parse(fs.readFileSync(path, 'utf8')) as ResultsSignatureFile;
    const rogue = electionSigner('rogue urna');
    const entry = vota.arquivosAssinados.find((e) => e.nomeArquivo.endsWith('-rdv.json'))!;
    entry.assinatura = toHex(rogue.sign(fromHex(entry.hash)));
    fs.writeFileSync(path, JSON.stringify(vota));
    const problems = refused(dir);
    assert.ok(problems.some((p) => p.file === join(dir, `${stem}-rdv.json`) && p.path === 'assinatura'));
  });

  test('a BU of another seção under this seção’s names, signed by the urna key → refused at `identificacaoSecao`', () => {
    const { dir, stem, urna } = writeMedia();
    const buPath = join(dir, `${stem}-bu.json`);
    const bu = JSON.parse(fs.readFileSync(buPath, 'utf8')) as { identificacaoSecao: { secao: number } };
    bu.identificacaoSecao.secao = 2;
    fs.writeFileSync(buPath, JSON.stringify(bu));
    resign(dir, urna);
    const problems = refused(dir);
    assert.deepEqual(
      problems.map((p) => [p.file, p.path]),
      [[buPath, 'identificacaoSecao']],
    );
  });

  test('files renamed to another seção (the certificate names this one) → refused at `certificate.subject`', () => {
    const { dir, stem, urna } = writeMedia();
    const otherStem = stem.replace(/0001$/, '0002');
    for (const name of fs.readdirSync(dir)) fs.renameSync(join(dir, name), join(dir, name.replace(stem, otherStem)));
    resign(dir, urna);
    const problems = refused(dir);
    assert.ok(
      problems.some((p) => p.path === 'certificate.subject' && p.found.endsWith('MG-48771-0101-0001')),
      JSON.stringify(problems),
    );
  });

  test('a listed name outside this seção’s media (a path) → refused', () => {
    const { dir, stem, urna } = writeMedia();
    resign(dir, urna);
    const path = join(dir, `${stem}-vota.json`);
    const vota = JSON.parse(fs.readFileSync(path, 'utf8')) as ResultsSignatureFile;
    vota.arquivosAssinados[0]!.nomeArquivo = `../${stem}-bu.json`;
    fs.writeFileSync(path, JSON.stringify(vota));
    const problems = refused(dir);
    assert.ok(
      problems.some((p) => p.path === 'arquivosAssinados[0].nomeArquivo'),
      JSON.stringify(problems),
    );
  });

  test('writing refuses a signer that is not this urna’s key, and a BU of another seção', () => {
    const { content: carga } = cargaFor(0);
    const pkg = resultsPackageFor(carga);
    assert.throws(() => buildResultsMedia(pkg, carga, electionSigner('x')), /urna's key/);
    const other = resultsPackageFor(cargaFor(1).content);
    assert.throws(() => buildResultsMedia(other, carga, signer(urnaKeyPair(carga))), /not of this urna's seção/);
  });

  test('a folder that does not exist → refused, naming it', () => {
    const dir = join(tempDir(), 'missing');
    const [p] = refused(dir);
    assert.equal(p!.file, dir);
  });

  test('file names parse back to the BU’s seção', () => {
    const { dir } = writeMedia(4);
    const r = readResultsMedia(dir, electionKey);
    assert.ok(r.ok);
    for (const f of r.value.files) {
      const p = parseResultFileName(f.name)!;
      assert.equal(p.secao, r.value.bu.identificacaoSecao.secao);
      assert.equal(p.zona, r.value.bu.identificacaoSecao.zona);
    }
    assert.equal(resultFileName(resultFileIdOf(cargaFor(4).content), 'bu'), r.value.files[0]!.name);
  });
});
