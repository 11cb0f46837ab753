import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import fc from 'fast-check';
import { ecdsaDerToP1363, verifyEcdsaP521Sha512 } from '../../src/crypto/ecdsa-p521.ts';
import { derChildren, parseCertificate, readDerNode } from '../../src/crypto/x509.ts';
import { allVscmr, skipSamples, type HwSignature } from './vscmr-fixture.ts';

function ecdsaSamples(): { key: Uint8Array; spki: Uint8Array; signatures: HwSignature[] }[] {
  const out: { key: Uint8Array; spki: Uint8Array; signatures: HwSignature[] }[] = [];
  for (const v of allVscmr()) {
    const f = v.file;
    const cert = parseCertificate(v.cert, f);
    assert.ok(cert.ok, f);
    const pk = cert.value.publicKey;
    if (pk.kind === 'ecdsa-p521') out.push({ key: pk.key, spki: pk.spki, signatures: v.signatures });
  }
  return out;
}

/** DER INTEGER lengths of r and s: 66 for the TSE's fixed-width encoding. */
function integerLengths(sig: Uint8Array): number[] {
  const seq = readDerNode(sig, 0);
  return derChildren(sig, seq).map((i) => i.end - i.contentStart);
}

/** True when r or s has a leading zero byte that DER forbids (followed by a byte below 0x80). */
function isNonMinimal(sig: Uint8Array): boolean {
  return derChildren(sig, readDerNode(sig, 0)).some(
    (i) => i.end - i.contentStart > 1 && sig[i.contentStart] === 0 && sig[i.contentStart + 1]! < 0x80,
  );
}

/** Re-encodes r ‖ s as DER with fixed 66-byte INTEGERs, the TSE way (non-minimal when a value has a leading 0). */
function fixedWidthDer(p1363: Uint8Array): Uint8Array {
  return Uint8Array.from([0x30, 0x81, 0x88, 0x02, 0x42, ...p1363.subarray(0, 66), 0x02, 0x42, ...p1363.subarray(66)]);
}

const flip = (b: Uint8Array, i: number, mask = 0x01): Uint8Array => {
  const c = new Uint8Array(b);
  c[i]! ^= mask;
  return c;
};

describe('verifyEcdsaP521Sha512 on the TSE files (UE2013/UE2015 hardware signatures)', { skip: skipSamples }, () => {
  test('all 33 ECDSA hardware signatures of the 3 UE2013/UE2015 .vscmr verify (digest = SHA-512 of the hash)', () => {
    const sets = ecdsaSamples();
    assert.equal(sets.length, 3);
    let count = 0;
    let nonMinimal = 0;
    let rejectedByOpenSslDer = 0;
    for (const { key, spki, signatures } of sets) {
      const keyObject = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
      for (const s of signatures) {
        assert.ok(verifyEcdsaP521Sha512(key, s.hash, s.signature), `${s.file} ${s.name}`);
        assert.ok(verifyEcdsaP521Sha512(spki, s.hash, s.signature), `${s.file} ${s.name} (SPKI key)`);
        assert.deepEqual(integerLengths(s.signature), [66, 66], 'TSE signatures use fixed 66-byte INTEGERs');
        if (isNonMinimal(s.signature)) nonMinimal++;
        let opensslDer: boolean;
        try {
          opensslDer = nodeVerify('sha512', s.hash, keyObject, s.signature);
        } catch {
          opensslDer = false;
        }
        if (!opensslDer) rejectedByOpenSslDer++;
        count++;
      }
    }
    assert.equal(count, 12 + 12 + 9); // EXPECTED.md: ECDSA-P521/SHA-512 12/12, 12/12, 9/9
    // The quirk this module exists for: some real signatures are non-minimal DER, and OpenSSL's DER path refuses
    // exactly those.
    assert.ok(nonMinimal > 0, 'at least one sample signature has a non-minimal INTEGER');
    assert.equal(rejectedByOpenSslDer, nonMinimal);
  });

  test('flipping any byte of a real signature or of its message makes it fail; r or s altered fails', () => {
    const { key, signatures } = ecdsaSamples()[0]!;
    // Pick a non-minimal one, the case that needs the conversion.
    const s = signatures.find((x) => isNonMinimal(x.signature))!;
    assert.ok(s, 'a non-minimal sample signature');
    for (let i = 0; i < s.signature.length; i++) {
      assert.equal(verifyEcdsaP521Sha512(key, s.hash, flip(s.signature, i)), false, `signature byte ${i}`);
    }
    for (let i = 0; i < 64; i++) assert.equal(verifyEcdsaP521Sha512(key, flip(s.hash, i), s.signature), false);
    // r is at bytes 5..70, s at 73..138 in the fixed-width layout.
    assert.equal(verifyEcdsaP521Sha512(key, s.hash, flip(s.signature, 70, 0x10)), false);
    assert.equal(verifyEcdsaP521Sha512(key, s.hash, flip(s.signature, 138, 0x10)), false);
  });
});

describe('verifyEcdsaP521Sha512 with fresh P-521 keys', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-521' });
  const spki = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
  const raw = spki.subarray(spki.length - 133);
  const message = new TextEncoder().encode('hash of a file');

  test('minimal DER, fixed-width DER and r ‖ s all verify; a raw point and SPKI are the same key', () => {
    const p1363 = new Uint8Array(nodeSign('sha512', message, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
    const der = new Uint8Array(nodeSign('sha512', message, { key: privateKey, dsaEncoding: 'der' }));
    assert.equal(raw[0], 0x04);
    for (const key of [raw, spki]) {
      assert.ok(verifyEcdsaP521Sha512(key, message, der));
      assert.ok(verifyEcdsaP521Sha512(key, message, fixedWidthDer(p1363)));
      assert.ok(verifyEcdsaP521Sha512(key, message, p1363));
    }
    // The conversion of OpenSSL's own DER is what OpenSSL verifies as r ‖ s.
    const converted = ecdsaDerToP1363(der)!;
    assert.ok(nodeVerify('sha512', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, converted));
    assert.deepEqual(ecdsaDerToP1363(fixedWidthDer(p1363)), p1363);
  });

  test('the order n is right: (r, n − s) is the other valid signature, (r, s + n) is refused', () => {
    const n =
      0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n;
    const p1363 = new Uint8Array(nodeSign('sha512', message, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
    const s = BigInt('0x' + Buffer.from(p1363.subarray(66)).toString('hex'));
    const withS = (v: bigint) =>
      fixedWidthDer(
        Uint8Array.from([...p1363.subarray(0, 66), ...Buffer.from(v.toString(16).padStart(132, '0'), 'hex')]),
      );
    assert.ok(verifyEcdsaP521Sha512(raw, message, withS(n - s)));
    if (s + n < 1n << 528n) assert.equal(ecdsaDerToP1363(withS(s + n)), null);
    assert.equal(ecdsaDerToP1363(withS(n)), null);
    assert.notEqual(ecdsaDerToP1363(withS(n - 1n)), null);
  });

  test('non-minimal signatures verify (property), and the same with r or s changed do not', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(65), fc.boolean(), (msg, i, alterR) => {
        const p1363 = new Uint8Array(nodeSign('sha512', msg, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
        const der = fixedWidthDer(p1363);
        assert.ok(verifyEcdsaP521Sha512(raw, msg, der));
        const offset = (alterR ? 5 : 73) + i;
        // Keep the value below 2^521 (first byte ≤ 0x01) so it stays a well-formed scalar.
        const mask = i === 0 ? 0x01 : 0x40;
        assert.equal(verifyEcdsaP521Sha512(raw, msg, flip(der, offset, mask)), false);
      }),
      { numRuns: 40 },
    );
  });

  test('malformed signatures and keys are refused without throwing', () => {
    const p1363 = new Uint8Array(nodeSign('sha512', message, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
    const der = fixedWidthDer(p1363);
    const bad: [string, Uint8Array][] = [
      ['trailing byte', Uint8Array.from([...der.subarray(0, 2), der[2]! + 1, ...der.subarray(3), 0])],
      ['bytes after the SEQUENCE', Uint8Array.from([...der, 0])],
      ['not a SEQUENCE', Uint8Array.from([0x31, ...der.subarray(1)])],
      ['not an INTEGER', Uint8Array.from([...der.subarray(0, 3), 0x04, ...der.subarray(4)])],
      ['truncated', der.subarray(0, der.length - 1)],
      ['negative r', fixedWidthDer(Uint8Array.from([0x80, ...p1363.subarray(1)]))],
      ['r = 0', fixedWidthDer(Uint8Array.from([...new Uint8Array(66), ...p1363.subarray(66)]))],
      ['r ≥ 2^521', fixedWidthDer(Uint8Array.from([0x02, ...p1363.subarray(1)]))],
      ['empty', new Uint8Array(0)],
    ];
    for (const [what, sig] of bad) {
      assert.equal(ecdsaDerToP1363(sig), null, what);
      assert.equal(verifyEcdsaP521Sha512(raw, message, sig), false, what);
    }
    // A 67-byte INTEGER with two leading zeros is still accepted (only the value matters).
    const wide = Uint8Array.from([
      0x30,
      0x81,
      0x8a,
      0x02,
      0x43,
      0,
      ...p1363.subarray(0, 66),
      0x02,
      0x43,
      0,
      ...p1363.subarray(66),
    ]);
    assert.ok(verifyEcdsaP521Sha512(raw, message, wide));
    // Keys: wrong length, compressed-looking garbage, a P-256 key.
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const p256Spki = new Uint8Array(p256.publicKey.export({ format: 'der', type: 'spki' }));
    assert.equal(verifyEcdsaP521Sha512(raw.subarray(1), message, der), false);
    assert.equal(verifyEcdsaP521Sha512(flip(raw, 100), message, der), false);
    assert.equal(verifyEcdsaP521Sha512(p256Spki, message, der), false);
  });

  test('random bytes as key or signature never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 160 }), fc.uint8Array({ maxLength: 160 }), (key, sig) => {
        assert.equal(verifyEcdsaP521Sha512(key, message, sig), false);
        assert.equal(verifyEcdsaP521Sha512(raw, message, sig), false);
        const out = ecdsaDerToP1363(sig);
        assert.ok(out === null || out.length === 132);
      }),
      { numRuns: 300 },
    );
  });
});
