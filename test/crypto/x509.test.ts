import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate as NodeX509, generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { isEd521Point } from '../../src/crypto/ed521.ts';
import { sha512, toHex } from '../../src/crypto/hash.ts';
import { SAMPLES, allVscmr } from './vscmr-fixture.ts';
import { parseCertificate, type X509Certificate } from '../../src/crypto/x509.ts';
import {
  verifyCertificateChain,
  verifyCertificateSignature,
  verifyHardwareSignature,
} from '../../src/crypto/cert-chain.ts';

const CERTS = '../shared/tse/spec/certs';
const skip = existsSync(SAMPLES) && existsSync(CERTS) ? false : `TSE samples/certs not found under ../shared (absent)`;

const caFiles = () => ['acurna.crt', 'acue2020.crt', 'acue2022.crt'].map((f) => readFileSync(join(CERTS, f)));

function parsed(input: Uint8Array | string, file = 'test'): X509Certificate {
  const r = parseCertificate(input, file);
  if (!r.ok) assert.fail(`${file}: ${JSON.stringify(r.problems)}`);
  return r.value;
}
const flip = (b: Uint8Array, i: number, mask = 0x01): Uint8Array => {
  const c = new Uint8Array(b);
  c[i]! ^= mask;
  return c;
};

/** Our parse against node's X509Certificate (OpenSSL), which reads every field but an Ed521 key. */
function assertMatchesOpenSsl(c: X509Certificate): void {
  const node = new NodeX509(Buffer.from(c.der));
  assert.equal(c.subject.attributes.map((a) => `${a.name}=${a.value}`).join('\n'), node.subject);
  assert.equal(c.issuer.attributes.map((a) => `${a.name}=${a.value}`).join('\n'), node.issuer);
  assert.equal(c.serialNumber.toUpperCase().replace(/^0+(?=.)/, ''), node.serialNumber.replace(/^0+(?=.)/, ''));
  assert.equal(c.notBefore.getTime(), new Date(node.validFrom).getTime());
  assert.equal(c.notAfter.getTime(), new Date(node.validTo).getTime());
  assert.deepEqual(Buffer.from(c.der), node.raw);
}

describe('parseCertificate on the TSE CA certificates', { skip }, () => {
  test('AC URNA, AC UE2020, AC UE2022: names, keys and algorithms as in TSE-FORMATS §5, fields as OpenSSL reads', () => {
    const [urna, ue2020, ue2022] = caFiles().map((b, i) => parsed(b, `ca${i}`)) as [
      X509Certificate,
      X509Certificate,
      X509Certificate,
    ];
    for (const c of [urna, ue2020, ue2022]) {
      assert.equal(c.encoding, 'pem');
      assert.equal(c.version, 3);
      assert.equal(c.extensions.ca, true);
      assert.ok(c.extensions.keyUsage === undefined || c.extensions.keyUsage.includes('keyCertSign'));
      assertMatchesOpenSsl(c);
    }
    assert.equal(urna.subject.cn, 'AC URNA');
    assert.equal(urna.issuer.cn, 'AC RAIZ UE');
    assert.equal(urna.publicKey.kind, 'ecdsa-p521');
    assert.match(toHex(urna.publicKey.key), /^04008147.*9d92$/);
    assert.equal(urna.signatureAlgorithmName, 'ecdsa-with-SHA512');
    assert.equal(ue2020.subject.cn, 'AC UE2020');
    assert.equal(ue2020.issuer.cn, 'AC URNA v2');
    assert.equal(ue2020.publicKey.kind, 'ed521');
    assert.equal(ue2020.publicKey.algorithm, '1.3.6.1.4.1.44588.2.1');
    assert.match(toHex(ue2020.publicKey.key), /^5d3d764d.*aeb901$/);
    assert.equal(ue2020.signatureAlgorithmName, 'Ed521');
    assert.equal(ue2020.signature.length, 132);
    assert.equal(ue2022.subject.cn, 'AC UE2022');
    assert.match(toHex(ue2022.publicKey.key), /^371388c0.*d4ec00$/);
    // Both Ed521 CA keys decode to points of E-521 (AC UE2022 signs no sample, so this is all that can be checked).
    assert.ok(isEd521Point(ue2020.publicKey.key) && isEd521Point(ue2022.publicKey.key));
    // OpenSSL agrees on AC URNA's key (it cannot load the Ed521 ones).
    const nodeKey = new NodeX509(Buffer.from(urna.der)).publicKey.export({ format: 'der', type: 'spki' });
    assert.deepEqual(Buffer.from(urna.publicKey.spki), nodeKey);
    // The same certificate given as a string parses to the same DER.
    assert.deepEqual(parsed(readFileSync(join(CERTS, 'acurna.crt'), 'latin1')).der, urna.der);
  });
});

describe('urna certificates in the sample .vscmr files', { skip }, () => {
  // EXPECTED.md, "Signature files": subject, issuer, encoding, trailing bytes.
  const expected: Record<string, [cn: string, issuer: string, encoding: string, bytes: number, trailing: number]> = {
    'o00406-0100700090001.vscmr': ['ueao01663883', 'AC URNA', 'der', 946, 0],
    'o00407-0100700090001.vscmr': ['ueao01663883', 'AC URNA', 'der', 946, 0],
    's02100-0112000080001.vscmr': ['UEAD02031648', 'AC UE2020', 'pem', 0, 0],
    's02100-0139200090033.vscmr': ['UEAD02246399', 'AC UE2020', 'pem', 0, 0],
    't02410-0000200020008.vscmr': ['UEAD02246399', 'AC UE2020', 'pem', 0, 0],
    't02510-0000200020007.vscmr': ['uead01760411', 'AC URNA', 'der', 946, 2],
  };

  test('subjects, issuers, encodings and padding as EXPECTED.md; fields as OpenSSL reads them', () => {
    const files = allVscmr();
    assert.deepEqual(files.map((v) => v.file).sort(), Object.keys(expected).sort());
    for (const v of files) {
      const [cn, issuer, encoding, bytes, trailing] = expected[v.file]!;
      const c = parsed(v.cert, v.file);
      assert.equal(c.subject.cn, cn, v.file);
      assert.equal(c.issuer.cn, issuer, v.file);
      assert.equal(c.encoding, encoding, v.file);
      if (encoding === 'der') {
        assert.equal(v.cert.length, bytes, v.file);
        assert.equal(c.trailingBytes, trailing, v.file);
        assert.equal(c.der.length + c.trailingBytes, bytes);
        assert.equal(c.publicKey.kind, 'ecdsa-p521');
      } else {
        assert.equal(c.publicKey.kind, 'ed521');
        assert.equal(c.publicKey.key.length, 66);
      }
      assertMatchesOpenSsl(c);
    }
  });

  test('every urna certificate chains to the right CA of tse/spec/certs', () => {
    const cas = caFiles();
    for (const v of allVscmr()) {
      const [cn, issuer] = expected[v.file]!;
      const r = verifyCertificateChain(v.cert, cas, { at: new Date('2022-10-30T12:00:00Z') });
      assert.ok(r.ok, `${v.file}: ${r.problem}`);
      assert.deepEqual(r.chain, [cn, issuer]);
      assert.equal(r.links[0]!.signature.status, 'pass');
      // The CAs are not self-signed and their issuers (AC RAIZ UE, AC URNA v2) are not published: cannot-check.
      assert.equal(r.links[1]!.signature.status, 'cannot-check');
      assert.match(r.links[1]!.signature.reason!, /AC RAIZ UE|AC URNA v2/);
      assert.equal(r.validityNote, undefined);
      assert.ok(r.links.every((l) => l.validAt));
      // Validity is reported, not enforced.
      const later = verifyCertificateChain(v.cert, cas, { at: new Date('2045-01-01T00:00:00Z') });
      assert.ok(later.ok);
      assert.match(later.validityNote!, new RegExp(cn));
      // Without the right CA: fails, naming the missing issuer.
      const wrong = verifyCertificateChain(v.cert, [readFileSync(join(CERTS, 'acue2022.crt'))]);
      assert.equal(wrong.ok, false);
      assert.match(wrong.problem!, new RegExp(issuer));
    }
  });

  test('any flipped byte of an urna certificate (TBS, algorithm, signature) breaks its chain', () => {
    const cas = caFiles().map((b) => parsed(b));
    for (const v of [allVscmr()[0]!, allVscmr()[2]!]) {
      const c = parsed(v.cert, v.file);
      const issuer = cas.find((ca) => ca.subject.cn === c.issuer.cn)!;
      assert.equal(verifyCertificateSignature(c, issuer.publicKey).status, 'pass');
      // The TBS bytes are the signed message: each one matters.
      for (let i = 0; i < c.tbs.length; i++) {
        const status = verifyCertificateSignature({ ...c, tbs: flip(c.tbs, i) }, issuer.publicKey).status;
        assert.equal(status, 'fail', `${v.file}: TBS byte ${i}`);
      }
      for (let i = 0; i < c.signature.length; i++) {
        const status = verifyCertificateSignature({ ...c, signature: flip(c.signature, i) }, issuer.publicKey).status;
        assert.equal(status, 'fail', `${v.file}: signature byte ${i}`);
      }
      // Whole-DER flips: either the parse reports a problem or the chain fails; never a pass, never a throw.
      for (let i = 0; i < c.der.length; i += c.publicKey.kind === 'ed521' ? 7 : 1) {
        const r = verifyCertificateChain(flip(c.der, i, 0x10), cas);
        assert.equal(r.ok, false, `${v.file}: DER byte ${i}`);
        assert.ok(r.problem && r.problem.length > 0);
      }
    }
  });

  test('all 66 hardware signatures of the 6 .vscmr verify, the algorithm chosen by the certificate', () => {
    let verified = 0;
    const perFile: Record<string, number> = {};
    for (const v of allVscmr()) {
      const c = parsed(v.cert, v.file);
      // The V1 file says ecdsa (2) even for the Ed521 keys of UE2020: the certificate decides.
      assert.equal(v.hwAlgorithmEnum, 2, v.file);
      assert.equal(c.publicKey.kind === 'ed521', v.modeloUrna === 20, v.file);
      for (const s of v.signatures) {
        // Where the signed file is in the same directory, the hash is its SHA-512: the message is the file's hash.
        const path = join(v.dir, s.name);
        if (s.name !== 'autoAssinado' && existsSync(path)) {
          assert.equal(toHex(sha512(readFileSync(path))), toHex(s.hash), `${v.file}: ${s.name}`);
        }
        const r = verifyHardwareSignature(c, s.hash, s.signature);
        assert.ok(r.ok, `${v.file} ${s.name}: ${r.reason}`);
        assert.equal(r.algorithm, v.modeloUrna === 20 ? 'ed521' : 'ecdsa-p521-sha512');
        verified++;
        perFile[v.file] = (perFile[v.file] ?? 0) + 1;
      }
    }
    assert.equal(verified, 66); // TSE-FORMATS §5 / EXPECTED.md: 66 signatures in 6 files
    assert.deepEqual(perFile, {
      'o00406-0100700090001.vscmr': 12,
      'o00407-0100700090001.vscmr': 12,
      's02100-0112000080001.vscmr': 12,
      's02100-0139200090033.vscmr': 12,
      't02410-0000200020008.vscmr': 9,
      't02510-0000200020007.vscmr': 9,
    });
  });

  test('a hardware signature fails with a flipped byte of signature or hash, or with another urna certificate', () => {
    const files = allVscmr();
    const certs = files.map((v) => parsed(v.cert, v.file));
    fc.assert(
      fc.property(
        fc.nat(files.length - 1),
        fc.nat(100),
        fc.nat(1000),
        fc.integer({ min: 1, max: 255 }),
        (f, k, i, mask) => {
          const v = files[f]!;
          const s = v.signatures[k % v.signatures.length]!;
          const c = certs[f]!;
          const sigFlip = verifyHardwareSignature(c, s.hash, flip(s.signature, i % s.signature.length, mask));
          assert.equal(sigFlip.ok, false);
          assert.ok(sigFlip.reason);
          assert.equal(verifyHardwareSignature(c, flip(s.hash, i % 64, mask), s.signature).ok, false);
          // Another urna with the same key type: UE2013 ueao01663883 ↔ UE2015 uead01760411, UEAD02031648 ↔ UEAD02246399.
          const other = certs.find((o) => o.publicKey.kind === c.publicKey.kind && o.subject.cn !== c.subject.cn)!;
          assert.equal(verifyHardwareSignature(other, s.hash, s.signature).ok, false);
        },
      ),
      { numRuns: 30 },
    );
  });
});

// ---- self-signed certificates built here (Ed25519), for the anchor path -------------------------------------------
function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(parts);
  const len =
    body.length < 0x80
      ? [body.length]
      : body.length < 0x100
        ? [0x81, body.length]
        : [0x82, body.length >> 8, body.length & 0xff];
  return Uint8Array.from([tag, ...len, ...body]);
}
const oid = (bytes: number[]) => tlv(0x06, Uint8Array.from(bytes));
const ED25519 = tlv(0x30, oid([0x2b, 0x65, 0x70]));
const name = (cn: string) =>
  tlv(0x30, tlv(0x31, tlv(0x30, oid([0x55, 0x04, 0x03]), tlv(0x0c, new TextEncoder().encode(cn)))));
const time = (s: string) => tlv(0x17, new TextEncoder().encode(s));

function ed25519Cert(subject: string, issuer: string, signWith = generateKeyPairSync('ed25519')) {
  const { publicKey } = generateKeyPairSync('ed25519');
  const spki = subject === issuer ? signWith.publicKey : publicKey;
  const tbs = tlv(
    0x30,
    tlv(0xa0, tlv(0x02, Uint8Array.of(2))),
    tlv(0x02, Uint8Array.of(0x01, 0x23)),
    ED25519,
    name(issuer),
    tlv(0x30, time('240101000000Z'), time('491231235959Z')),
    name(subject),
    new Uint8Array(spki.export({ format: 'der', type: 'spki' })),
  );
  const sig = new Uint8Array(nodeSign(null, tbs, signWith.privateKey));
  return tlv(0x30, tbs, ED25519, tlv(0x03, Uint8Array.of(0), sig));
}

describe('verifyCertificateChain with self-signed roots', () => {
  test('an Ed25519 root and its leaf: self-signature checked, tampering and an untrusted root fail', () => {
    const rootKeys = generateKeyPairSync('ed25519');
    const root = ed25519Cert('Raiz Teste', 'Raiz Teste', rootKeys);
    const leaf = ed25519Cert('UE 00000001', 'Raiz Teste', rootKeys);
    const ok = verifyCertificateChain(leaf, [root], { at: new Date('2030-01-01T00:00:00Z') });
    assert.ok(ok.ok, ok.problem);
    assert.deepEqual(ok.chain, ['UE 00000001', 'Raiz Teste']);
    assert.deepEqual(
      ok.links.map((l) => l.signature.status),
      ['pass', 'pass'],
    );
    assertMatchesOpenSsl(parsed(leaf));
    // A root whose self-signature is broken.
    const badRoot = flip(root, root.length - 1);
    const r1 = verifyCertificateChain(leaf, [badRoot]);
    assert.equal(r1.ok, false);
    assert.match(r1.problem!, /Raiz Teste/);
    // A self-signed certificate that is not a trusted one.
    const stranger = ed25519Cert('Outra Raiz', 'Outra Raiz', generateKeyPairSync('ed25519'));
    const r2 = verifyCertificateChain(stranger, [root]);
    assert.equal(r2.ok, false);
    assert.match(r2.problem!, /not one of the trusted/);
    // A leaf signed by another key under the same issuer name.
    const forged = ed25519Cert('UE 00000002', 'Raiz Teste', generateKeyPairSync('ed25519'));
    assert.equal(verifyCertificateChain(forged, [root]).ok, false);
    // Hardware signatures need an Ed521 or P-521 key.
    const hw = verifyHardwareSignature(leaf, new Uint8Array(64), new Uint8Array(64));
    assert.equal(hw.ok, false);
    assert.match(hw.reason!, /neither Ed521 nor ECDSA P-521/);
  });
});

describe('parseCertificate on bad input', () => {
  const rootKeys = generateKeyPairSync('ed25519');
  const cert = ed25519Cert('Raiz Teste', 'Raiz Teste', rootKeys);

  test('every truncation, garbage and broken PEM give a problem naming the file, never a throw', () => {
    for (let len = 0; len < cert.length; len++) {
      const r = parseCertificate(cert.subarray(0, len), 'cert.der');
      assert.equal(r.ok, false, `prefix ${len}`);
      if (!r.ok) {
        assert.equal(r.problems[0]!.file, 'cert.der');
        assert.ok(r.problems[0]!.expected && r.problems[0]!.found && r.problems[0]!.path);
      }
    }
    const pem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(cert).toString('base64')}\n-----END CERTIFICATE-----\n`;
    assert.ok(parseCertificate(pem).ok);
    assert.ok(parseCertificate(new TextEncoder().encode(pem + '\u0000\u0000')).ok);
    const cases: [string, Uint8Array | string, RegExp][] = [
      ['empty', new Uint8Array(0), /DER certificate/],
      ['text', 'hello', /DER certificate/],
      ['no END', pem.slice(0, 60), /END CERTIFICATE/],
      ['bad base64', pem.replace('MI', 'M!'), /base64/],
      ['indefinite length', Uint8Array.of(0x30, 0x80, 0, 0), /definite length/],
      ['huge length', Uint8Array.of(0x30, 0x85, 1, 0, 0, 0, 0), /at most 4 bytes/],
      ['length past the end', Uint8Array.of(0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0), /content bytes/],
      ['not a certificate', Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x05), /serialNumber|tbsCertificate/],
    ];
    for (const [what, input, re] of cases) {
      const r = parseCertificate(input, what);
      assert.equal(r.ok, false, what);
      if (!r.ok) {
        assert.equal(r.problems[0]!.file, what);
        assert.match(`${r.problems[0]!.path} ${r.problems[0]!.expected} ${r.problems[0]!.found}`, re, what);
      }
    }
    // DER padding after the certificate is accepted and counted.
    const padded = parsed(Uint8Array.from([...cert, 0, 0, 0]));
    assert.equal(padded.trailingBytes, 3);
    assert.deepEqual(padded.der, cert);
  });

  test('fast-check: random bytes and randomly mutated certificates never throw', () => {
    const check = (input: Uint8Array) => {
      const r = parseCertificate(input, 'fuzz');
      if (!r.ok) {
        const p = r.problems[0]!;
        assert.equal(p.file, 'fuzz');
        assert.equal(typeof p.expected, 'string');
        assert.equal(typeof p.found, 'string');
      }
      verifyCertificateChain(input, [cert]);
      verifyHardwareSignature(input, new Uint8Array(64), new Uint8Array(132));
    };
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), check), { numRuns: 300 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(cert.length - 1), fc.integer({ min: 1, max: 255 })), { maxLength: 4 }),
        (edits) => {
          const c = new Uint8Array(cert);
          for (const [i, mask] of edits) c[i]! ^= mask;
          check(c);
        },
      ),
      { numRuns: 300 },
    );
  });
});
