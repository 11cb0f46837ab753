// The auditor's commands end to end, as a user runs them: verify, retotalize, inspect, qr read, qr verify — exit
// codes, tables and clear errors for bad input.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { urna } from './cli-helpers.ts';
import {
  AP,
  copyInto,
  ourQrTexts,
  ourSecao,
  read,
  SAMPLES,
  skip,
  tempDir,
  testElectionSigner,
  TURNO2,
  write,
} from '../audit/fixtures.ts';
import { qrPng } from '../../src/qr/write.ts';

describe('urna verify / retotalize / inspect / qr', { skip }, () => {
  test('verify the real AC seção: a table, no failure, exit 0', () => {
    const r = urna(['verify', TURNO2, '--ca', join(SAMPLES, '..', 'spec', 'certs')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^file +check +status +detail$/m);
    assert.match(r.stdout, /5 files, 18 checks: 15 pass, 0 fail, 3 cannot-check/);
    assert.match(r.stdout, /signature-file-hw +PASS +12\/12 valid/);
    assert.match(r.stdout, /certificate-chain +PASS/);
  });

  test('verify a tampered copy: exit 3, the failing check named; a missing path beside it is reported', () => {
    const dir = tempDir('cli');
    copyInto(dir, [join(TURNO2, 'o00407-0100700090001.rdv'), join(TURNO2, 'o00407-0100700090001.bu')]);
    const rdv = read(join(dir, 'o00407-0100700090001.rdv'));
    write(join(dir, 'o00407-0100700090001.rdv'), rdv.subarray(0, rdv.length - 7));
    const r = urna(['verify', dir, join(dir, 'nope.bu'), '--json']);
    assert.equal(r.status, 3);
    const report = JSON.parse(r.stdout) as {
      files: { file: string; checks: { name: string; status: string; detail: string }[] }[];
    };
    const fails = report.files.flatMap((f) => f.checks).filter((c) => c.status === 'fail');
    assert.deepEqual(fails.map((c) => c.name).sort(), ['decode', 'decode']);
    assert.ok(fails.some((c) => /nope\.bu.*nothing there/.test(c.detail)));
    assert.ok(fails.some((c) => /o00407-0100700090001\.rdv/.test(c.detail)));
    assert.ok(
      report.files.flatMap((f) => f.checks).some((c) => c.name === 'bu-tuple-signatures' && c.status === 'pass'),
    );
  });

  test('retotalize prints the totals; --json is parseable; no BU is refused', () => {
    const r = urna(['retotalize', join(SAMPLES, '2022-v1', 'secao-AC-01007-0009-0001-turno2')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Eleição 545: 1 seções, 335 aptos, 261 comparecimento/);
    assert.match(r.stdout, /^ +22 +\(partido 22\) +175$/m);
    const j = urna(['retotalize', TURNO2, '--json']);
    const totals = JSON.parse(j.stdout) as { eleicoes: { cargos: { branco: number; nulo: number }[] }[] };
    assert.equal(totals.eleicoes[0]!.cargos[0]!.branco, 5);
    assert.equal(totals.eleicoes[0]!.cargos[0]!.nulo, 6);
    const none = urna(['retotalize', join(SAMPLES, 'qr')]);
    assert.equal(none.status, 3);
    assert.match(none.stderr, /no BU file found/);
  });

  test('inspect: a BU, a signature file, a log; garbage is a clear error with exit 2', () => {
    const bu = urna(['inspect', join(TURNO2, 'o00407-0100700090001.bu')]);
    assert.equal(bu.status, 0, bu.stderr);
    assert.match(bu.stdout, /cargo 1 \(majoritario, comparecimento 261\): 13=75, 22=175, branco=5, nulo=6/);
    const sig = urna(['inspect', join(TURNO2, 'o00407-0100700090001.vscmr')]);
    assert.match(sig.stdout, /HW: ecdsa .*\n {2}certificate: .*CN=ueao01663883/);
    const log = urna(['inspect', join(TURNO2, 'o00407-0100700090001.logjez')]);
    assert.match(log.stdout, /9666 lines/);
    const json = urna(['inspect', join(TURNO2, 'o00407-0100700090001.rdv'), '--json']);
    assert.equal((JSON.parse(json.stdout) as { kind: string }).kind, 'rdv');
    const dir = tempDir('garbage');
    writeFileSync(join(dir, 'x.bu'), 'not a BU at all');
    const bad = urna(['inspect', join(dir, 'x.bu')]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /x\.bu: .*expected .*found/);
  });

  test('qr read on the AP .imgbu: 3 parts, joined, chain ok; and on a PNG of our own QR', async () => {
    const r = urna(['qr', 'read', join(AP, 'o00406-0605000020824.imgbu')]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.match(/^QR \d: QRBU:\d:3 /gm)?.length, 3);
    assert.match(r.stdout, /joined: 3 part\(s\), VRQR 1\.5/);
    assert.match(r.stdout, /qr-hash-chain: PASS/);
    // A photo-like PNG: the real single-part payload of the AC seção rendered by our QR writer.
    const text = read(join(SAMPLES, 'qr', 'o00407-0100700090001_AC-BUJARI_2022-t2.qrbu.txt'));
    const dir = tempDir('png');
    writeFileSync(join(dir, 'bu.png'), await qrPng(Buffer.from(text).toString('latin1').trim()));
    const p = urna(['qr', 'read', join(dir, 'bu.png')]);
    assert.equal(p.status, 0, p.stderr);
    assert.match(p.stdout, /qr-hash-chain: PASS/);
  });

  test('qr verify on the sample payloads, against the BU; a tampered count fails qr-matches-bu / the chain', () => {
    const txt = join(SAMPLES, 'qr', 'o00407-0100700090001_AC-BUJARI_2022-t2.qrbu.txt');
    const ok = urna(['qr', 'verify', txt, '--bu', join(TURNO2, 'o00407-0100700090001.bu')]);
    assert.equal(ok.status, 0, ok.stderr + ok.stdout);
    assert.match(ok.stdout, /qr-hash-chain +PASS/);
    assert.match(ok.stdout, /qr-matches-bu +PASS/);
    assert.match(ok.stdout, /qr-signature +CANNOT-CHECK/);
    const ap = urna([
      'qr',
      'verify',
      join(SAMPLES, 'qr', 'o00406-0605000020824_AP-MACAPA_2022-t1.qrbu.txt'),
      '--bu',
      join(AP, 'o00406-0605000020824.bu'),
    ]);
    assert.equal(ap.status, 0, ap.stdout);
    assert.match(ap.stdout, /3 part\(s\)/);
    const v6 = urna(['qr', 'verify', join(SAMPLES, 'qr', 'AC-01392-0009-0016_SIMULADO_2026-manual-VRQR6.qrbu.txt')]);
    assert.equal(v6.status, 0);
    assert.match(v6.stdout, /VRQR 6\.0/);
    // 22:175 → 22:176 in the text: the chain breaks at part 1.
    const forged = Buffer.from(read(txt)).toString('latin1').replace('22:175', '22:176');
    const bad = urna(['qr', 'verify', forged.trim(), '--bu', join(TURNO2, 'o00407-0100700090001.bu')]);
    assert.equal(bad.status, 3);
    assert.match(bad.stdout, /qr-hash-chain +FAIL +HASH of part 1 of 1/);
    assert.match(bad.stdout, /qr-matches-bu +FAIL .*22: BU 175, QR 176/);
    const wrongKey = urna(['qr', 'verify', txt, '--key', '00'.repeat(32)]);
    assert.equal(wrongKey.status, 3);
    assert.match(wrongKey.stdout, /qr-signature +FAIL/);
    assert.ok(existsSync(txt));
  });
});

describe('urna verify on our own urna media', () => {
  // A setup folder as `urna setup` lays it out: election.pub at the top (a `#` comment line, then the hex key), the
  // seção's results media under resultados/<seção>. The seção is voted and closed in-process by the real urna.
  const setup = tempDir('ours-cli');
  const pub = join(setup, 'election.pub');
  const dir = join(setup, 'resultados', 'MG-48771-0101-0001');
  mkdirSync(dir, { recursive: true });
  const secao = ourSecao(dir);
  writeFileSync(pub, `# election public key (test)\n${Buffer.from(secao.electionKey).toString('hex')}\n`);

  test('without --election-key: no failure, the certificate cannot be checked; election.pub beside it is not used', () => {
    const r = urna(['verify', dir]);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /5 files, 20 checks: 17 pass, 0 fail, 3 cannot-check/);
    assert.match(
      r.stdout,
      /certificate-chain +CANNOT-CHECK +our urna certificate is issued by the election key: pass --election-key/,
    );
    for (const name of ['signature-file-hw', 'bu-signature', 'qr-signature']) {
      assert.match(r.stdout, new RegExp(`${name} +PASS +.*Ed25519`), name);
    }
  });

  test('--election-key FILE (election.pub) or HEX: everything passes but log-mac and signature-file-sw', () => {
    for (const key of [pub, Buffer.from(secao.electionKey).toString('hex')]) {
      const r = urna(['verify', dir, '--election-key', key]);
      assert.equal(r.status, 0, r.stderr + r.stdout);
      assert.match(r.stdout, /5 files, 20 checks: 18 pass, 0 fail, 2 cannot-check/);
      assert.match(r.stdout, /certificate-chain +PASS/);
    }
  });

  test("another election's key: exit 3, certificate-chain FAIL; a bad key argument: exit 2", () => {
    const other = Buffer.from(testElectionSigner('another').publicKey).toString('hex');
    const r = urna(['verify', dir, '--election-key', other]);
    assert.equal(r.status, 3, r.stderr + r.stdout);
    assert.match(
      r.stdout,
      /certificate-chain +FAIL +certificate issued by key [0-9a-f]{32}, expected the election key/,
    );
    assert.match(r.stdout, /, 1 fail,/);
    const bad = urna(['verify', dir, '--election-key', join(setup, 'nope.pub')]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--election-key: expected 64 hex digits or an election\.pub file/);
    const notKey = urna(['verify', dir, '--election-key', join(dir, secao.files[0]!)]);
    assert.equal(notKey.status, 2);
    assert.match(notKey.stderr, /expected one line with a 32-byte key in hex/);
  });

  test('the help says why the key is never taken from beside the files', () => {
    const r = urna(['verify', '--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout.replace(/\s+/g, ' '), /must not trust a key that travels with what it verifies/);
  });

  test('qr verify with our JSON certificate (--cert) and the BU', async () => {
    const texts = join(setup, 'qr.txt');
    writeFileSync(texts, (await ourQrTexts(secao)).join('\n') + '\n', 'latin1');
    const cert = join(setup, 'urna-cert.json');
    writeFileSync(cert, JSON.stringify(secao.carga.urna.certificate));
    const bu = join(
      dir,
      secao.files.find((f) => f.endsWith('-bu.dat'))!,
    );
    const r = urna(['qr', 'verify', texts, '--cert', cert, '--bu', bu]);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /qr-signature +PASS +ASSI verifies over the final HASH \(Ed25519, urna key/);
    assert.match(r.stdout, /qr-matches-bu +PASS/);
    writeFileSync(cert, '{"version":1}');
    const bad = urna(['qr', 'verify', texts, '--cert', cert]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--cert .*: not a certificate/);
  });
});
