// `verifyPaths` on our own urna's results media (docs/TSE-COMPATIBILITY.md): a seção voted and closed in-process by
// the real urna, its media written by writeResultsMedia. Our certificate is JSON issued by the election key and our
// signatures Ed25519: every check passes except the two no third party can do (log MAC, SW set); the certificate
// needs the election key, and a wrong one fails; tampered copies fail with the right check named.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { verifyPaths, type VerifyReport } from '../../src/audit/verify-folder.ts';
import { checkBu, checkSignatureFile, parseUrnaCertificate, urnaCertificateBytes } from '../../src/audit/checks.ts';
import { issueCertificate, keyId, type Certificate } from '../../src/crypto/certificate.ts';
import { fromHex } from '../../src/crypto/hash.ts';
import { readResultsMedia } from '../../src/media/results-media-node.ts';
import { decodeFile } from '../../src/tse/decode-file.ts';
import { decodeSignatureFile } from '../../src/tse/signature-file.ts';
import type { EntidadeAssinaturaEcourna } from '../../src/tse/asn1-types.ts';
import {
  copyInto,
  firstTupleBytes,
  flipInside,
  flipLast,
  ourQrTexts,
  ourSecao,
  read,
  tempDir,
  testElectionSigner,
  write,
  type OurSecao,
} from './fixtures.ts';

const all = (r: VerifyReport) => r.files.flatMap((f) => f.checks);
/** "<suffix> <check>" (the suffix after the seção's stem, e.g. "-bu.dat"), for readable assertions. */
const label = (file: string, name: string): string => `${basename(file).replace(/^o\d{5}[a-z]{2}\d{13}/, '')} ${name}`;
const withStatus = (r: VerifyReport, status: string) =>
  all(r)
    .filter((c) => c.status === status)
    .map((c) => label(c.file, c.name))
    .sort();

const utf8 = new TextEncoder();

let ours: OurSecao;
let urnaKeyId: string;
const nameOf = (suffix: string): string => ours.files.find((f) => f.endsWith(suffix))!;

before(() => {
  ours = ourSecao(join(tempDir('ours'), 'MG-48771-0101-0001'));
  urnaKeyId = keyId(fromHex(ours.carga.urna.publicKey));
});

/** Every check verifyPaths runs on one of our seções, per file (the names docs/TSE-FORMATS.md gives each rule). */
const EXPECTED_CHECKS = [
  '-bu.dat bu-final-hash',
  '-bu.dat bu-hash-chain',
  '-bu.dat bu-signature',
  '-bu.dat decode',
  '-imgbu.dat decode',
  '-imgbu.dat qr-hash-chain',
  '-imgbu.dat qr-matches-bu',
  '-imgbu.dat qr-printed-signature',
  '-imgbu.dat qr-signature',
  '-log.jez decode',
  '-log.jez log-archive',
  '-log.jez log-mac',
  '-rdv.dat decode',
  '-rdv.dat rdv-matches-bu',
  '-vota.vsc certificate-chain',
  '-vota.vsc decode',
  '-vota.vsc signature-file-hashes',
  '-vota.vsc signature-file-hw',
  '-vota.vsc signature-file-self',
  '-vota.vsc signature-file-sw',
];

describe('verify a seção of our own urna', () => {
  test('without the election key: all pass but log-mac, signature-file-sw and certificate-chain', async () => {
    // The totalization's own reader accepts these media: the verifier must agree with it.
    assert.ok(readResultsMedia(ours.dir, ours.electionKey).ok);
    const r = await verifyPaths([ours.dir]);
    assert.deepEqual(
      all(r)
        .map((c) => label(c.file, c.name))
        .sort(),
      EXPECTED_CHECKS,
    );
    assert.deepEqual(withStatus(r, 'fail'), []);
    assert.deepEqual(withStatus(r, 'cannot-check'), [
      '-log.jez log-mac',
      '-vota.vsc certificate-chain',
      '-vota.vsc signature-file-sw',
    ]);
    assert.equal(r.summary.failed, false);
    const byName = new Map(all(r).map((c) => [c.name, c]));
    assert.match(byName.get('certificate-chain')!.detail, /issued by the election key: pass --election-key/);
    assert.ok(byName.get('certificate-chain')!.detail.includes(keyId(ours.electionKey)), 'names the issuer key id');
    // The urna key is the carga's, and the signature file lists every other file the urna wrote.
    const listed = ours.files.length - 1;
    assert.match(
      byName.get('signature-file-hw')!.detail,
      new RegExp(`^${listed + 1}/${listed + 1} valid \\(Ed25519, auto \\+ ${listed} files, urna key ${urnaKeyId}`),
    );
    assert.match(byName.get('signature-file-hashes')!.detail, new RegExp(`^${listed} listed files match`));
    assert.match(byName.get('bu-signature')!.detail, new RegExp(`^1/1 valid \\(Ed25519.*urna key ${urnaKeyId}`));
    assert.match(byName.get('qr-signature')!.detail, new RegExp(`Ed25519, urna key ${urnaKeyId} from .*-vota\\.vsc`));
  });

  test('with the election key: everything passes but log-mac and signature-file-sw', async () => {
    const r = await verifyPaths([ours.dir], { electionKey: { key: ours.electionKey, from: 'election.pub' } });
    assert.deepEqual(withStatus(r, 'fail'), []);
    assert.deepEqual(withStatus(r, 'cannot-check'), ['-log.jez log-mac', '-vota.vsc signature-file-sw']);
    assert.equal(r.summary.counts.pass, EXPECTED_CHECKS.length - 2);
    const chain = all(r).find((c) => c.name === 'certificate-chain')!;
    assert.match(chain.detail, new RegExp(`election key ${keyId(ours.electionKey)} from election\\.pub$`));
    assert.match(chain.detail, /"UE 12345678 MG-48771-0101-0001"/);
  });

  test("with another election's key: certificate-chain fails, naming the issuer key; nothing else does", async () => {
    const other = testElectionSigner('another election').publicKey;
    const r = await verifyPaths([ours.dir], { electionKey: { key: other } });
    assert.deepEqual(withStatus(r, 'fail'), ['-vota.vsc certificate-chain']);
    const chain = all(r).find((c) => c.name === 'certificate-chain')!;
    assert.ok(chain.detail.includes(`issued by key ${keyId(ours.electionKey)}`), chain.detail);
    assert.ok(chain.detail.includes(`expected the election key ${keyId(other)}`), chain.detail);
    assert.equal(r.summary.failed, true);
  });

  test('media forged under another election key fail certificate-chain with the real key', async () => {
    const forged = ourSecao(join(tempDir('forged'), 'MG-48771-0101-0001'), 'forger');
    const r = await verifyPaths([forged.dir], { electionKey: { key: ours.electionKey } });
    // Self-consistent (every signature verifies with the forged certificate's key) but not issued by the election.
    assert.deepEqual(withStatus(r, 'fail'), ['-vota.vsc certificate-chain']);
  });
});

describe('tampered copies of our media fail with the right check', () => {
  test('BU signature, BU tuple hash, HW signature, QR ASSI, QR count', async () => {
    const root = tempDir('ours-tamper');
    const files = ours.files.map((f) => join(ours.dir, f));
    const bu = nameOf('-bu.dat');
    const vota = nameOf('-vota.vsc');
    const buBytes = read(join(ours.dir, bu));

    // 1. A byte of assinaturaUltimoHashVotosVotavel in -bu.dat.
    const d = decodeFile(bu, buBytes);
    assert.ok(d.ok && d.value.kind === 'bu' && d.value.version === 'v2');
    copyInto(join(root, 'bu-signature'), files);
    const sig = d.value.value.resultadosVotacaoPorEleicao[0]!.assinaturaUltimoHashVotosVotavel;
    write(join(root, 'bu-signature', bu), flipInside(buBytes, sig));
    // 2. A byte of the first tuple hash in -bu.dat.
    copyInto(join(root, 'bu-hash'), files);
    write(join(root, 'bu-hash', bu), flipInside(buBytes, firstTupleBytes(buBytes)));
    // 3. The HW autoAssinado signature in -vota.vsc (SW and HW carry the same signature: the HW copy comes last).
    copyInto(join(root, 'vota'), files);
    const v = decodeSignatureFile(read(join(ours.dir, vota)), vota, { version: 'v2' });
    assert.ok(v.ok);
    write(
      join(root, 'vota', vota),
      flipLast(read(join(ours.dir, vota)), v.value.value.assinaturaHW.autoAssinado.assinatura.assinatura),
    );
    // 4. QR texts beside intact media: as printed, one ASSI character changed, one count raised.
    copyInto(join(root, 'qr'), files);
    const texts = await ourQrTexts(ours);
    const last = texts.length - 1;
    const assi = texts.map((t, i) =>
      i === last
        ? t.replace(/(ASSI:[0-9A-F]*)([0-9A-F])$/, (_m, a: string, c: string) => a + (c === '0' ? '1' : '0'))
        : t,
    );
    assert.notDeepEqual(assi, texts);
    // The last part's first "number:votes" record, one vote more.
    const count = texts.map((t, i) =>
      i === last ? t.replace(/ (\d+):(\d+) /, (_m, n: string, q: string) => ` ${n}:${Number(q) + 1} `) : t,
    );
    assert.notDeepEqual(count, texts);
    writeFileSync(join(root, 'qr', 'printed.txt'), texts.join('\n') + '\n', 'latin1');
    writeFileSync(join(root, 'qr', 'assi.txt'), assi.join('\n') + '\n', 'latin1');
    writeFileSync(join(root, 'qr', 'count.txt'), count.join('\n') + '\n', 'latin1');

    const r = await verifyPaths([root], { electionKey: { key: ours.electionKey }, relativeTo: root });
    const fails = all(r)
      .filter((c) => c.status === 'fail')
      .map((c) => `${c.file.split('/')[0]} ${label(c.file, c.name)}`)
      .sort();
    assert.deepEqual(fails, [
      'bu-hash -bu.dat bu-hash-chain',
      'bu-hash -vota.vsc signature-file-hashes',
      'bu-signature -bu.dat bu-signature',
      'bu-signature -vota.vsc signature-file-hashes',
      'qr assi.txt qr-signature',
      'qr count.txt qr-hash-chain',
      'qr count.txt qr-matches-bu',
      'vota -vota.vsc signature-file-hw',
    ]);
    const detail = (dir: string, name: string) =>
      all(r).find((c) => c.file.startsWith(`${dir}/`) && c.name === name && c.status === 'fail')!.detail;
    assert.match(detail('bu-signature', 'bu-signature'), /^0\/1 signatures valid; eleição \d+: does not verify/);
    assert.match(detail('vota', 'signature-file-hw'), /valid with urna key .*; first failure: autoAssinado/);
    assert.match(detail('qr', 'qr-signature'), /urna key .* from .*-vota\.vsc/);
    // The QR texts as printed pass every QR check with the key of the seção's certificate.
    const printed = all(r).filter((c) => c.file === 'qr/printed.txt');
    assert.deepEqual(
      printed.map((c) => `${c.name} ${c.status}`),
      ['qr-hash-chain pass', 'qr-signature pass', 'qr-matches-bu pass'],
    );
    // Intact files beside the tampered ones still pass.
    const passed = (dir: string, name: string) =>
      all(r).some((c) => c.file.startsWith(`${dir}/`) && c.name === name && c.status === 'pass');
    assert.ok(passed('bu-signature', 'bu-hash-chain'));
    assert.ok(passed('bu-hash', 'bu-signature'));
    assert.ok(passed('vota', 'bu-signature'));
    assert.ok(passed('vota', 'certificate-chain'));
  });
});

describe('our certificate through the checks API', () => {
  const signatureFile = (): EntidadeAssinaturaEcourna => {
    const vota = nameOf('-vota.vsc');
    const v = decodeSignatureFile(read(join(ours.dir, vota)), vota, { version: 'v2' });
    assert.ok(v.ok && v.value.version === 'v2');
    return v.value.value;
  };
  const bu = () => {
    const d = decodeFile('x-bu.dat', read(join(ours.dir, nameOf('-bu.dat'))));
    assert.ok(d.ok && d.value.kind === 'bu' && d.value.version === 'v2');
    return d.value.value;
  };
  const byName = (checks: { name: string; status: string; detail: string }[], name: string) =>
    checks.find((c) => c.name === name)!;
  const withCertificate = (cert: unknown): EntidadeAssinaturaEcourna => {
    const sig = signatureFile();
    sig.assinaturaHW.certificadoDigital = utf8.encode(JSON.stringify(cert));
    return sig;
  };

  test('recognised only when it is JSON; parsed and shape-checked', () => {
    const bytes = signatureFile().assinaturaHW.certificadoDigital!;
    assert.ok(urnaCertificateBytes(bytes));
    assert.equal(urnaCertificateBytes(new Uint8Array([0x30, 0x82, 0x01])), undefined); // DER
    assert.equal(urnaCertificateBytes('-----BEGIN CERTIFICATE-----\n'), undefined); // PEM
    const p = parseUrnaCertificate(bytes, 'f');
    assert.ok(p.ok);
    assert.equal(p.value.keyId, urnaKeyId);
    const bad = parseUrnaCertificate(utf8.encode('{"version":1,"subject":"x"}'), 'f');
    assert.ok(!bad.ok);
    assert.ok(bad.problems.some((x) => x.path === 'assinaturaHW.certificadoDigital.publicKey'));
  });

  test('a malformed certificate: the signature file fails, the BU signature cannot be checked', () => {
    const { publicKey: _dropped, ...broken } = ours.carga.urna.certificate;
    const sig = withCertificate(broken);
    const checks = checkSignatureFile('v.vsc', sig, [], undefined, { key: ours.electionKey });
    assert.equal(byName(checks, 'signature-file-hw').status, 'fail');
    assert.match(byName(checks, 'signature-file-hw').detail, /malformed: .*publicKey/);
    assert.equal(byName(checks, 'certificate-chain').status, 'fail');
    const b = checkBu(
      'x-bu.dat',
      { version: 'v2', value: bu() },
      { certificate: sig.assinaturaHW.certificadoDigital!, from: 'v.vsc' },
    );
    assert.equal(byName(b, 'bu-signature').status, 'cannot-check');
    assert.match(byName(b, 'bu-signature').detail, /malformed/);
  });

  test("another key in the certificate: the election's signature and every urna signature fail", () => {
    const swapped: Certificate = {
      ...ours.carga.urna.certificate,
      publicKey: Buffer.from(testElectionSigner('intruder').publicKey).toString('hex'),
    };
    const sig = withCertificate(swapped);
    const checks = checkSignatureFile('v.vsc', sig, [], undefined, { key: ours.electionKey });
    assert.equal(byName(checks, 'signature-file-hw').status, 'fail');
    assert.equal(byName(checks, 'certificate-chain').status, 'fail');
    assert.match(byName(checks, 'certificate-chain').detail, /certificate signature does not verify/);
    const b = checkBu(
      'x-bu.dat',
      { version: 'v2', value: bu() },
      { certificate: sig.assinaturaHW.certificadoDigital!, from: 'v.vsc' },
    );
    assert.equal(byName(b, 'bu-signature').status, 'fail');
  });

  test("a valid certificate of another seção's urna does not vouch for this BU", () => {
    // Issued by the right election key for the same urna key, but naming another seção: chain and file signatures
    // pass, the BU (of seção 0101-0001) is refused.
    const election = testElectionSigner('audit');
    const c = ours.carga.urna.certificate;
    const elsewhere = issueCertificate(election, c.issuer, 'UE 12345678 MG-48771-0101-0002', fromHex(c.publicKey));
    const sig = withCertificate(elsewhere);
    const checks = checkSignatureFile('v.vsc', sig, [], undefined, { key: ours.electionKey });
    assert.equal(byName(checks, 'certificate-chain').status, 'pass');
    const b = checkBu(
      'x-bu.dat',
      { version: 'v2', value: bu() },
      { certificate: sig.assinaturaHW.certificadoDigital!, from: 'v.vsc' },
    );
    const s = byName(b, 'bu-signature');
    assert.equal(s.status, 'fail');
    assert.match(
      s.detail,
      /^1\/1 signatures valid; the certificate is for seção MG-48771-0101-0002, the BU is of 48771\/101\/1/,
    );
  });
});
