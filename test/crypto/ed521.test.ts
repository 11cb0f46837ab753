import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { ED521_ORDER, isEd521Point, verifyEd521 } from '../../src/crypto/ed521.ts';
import { sha512 } from '../../src/crypto/hash.ts';
import { parseCertificate } from '../../src/crypto/x509.ts';
import { allVscmr, skipSamples, type HwSignature } from './vscmr-fixture.ts';

// ---- an independent, slow reference of E-521 (affine formulas straight from the curve equation) -----------------
// Used to sign test messages and to cross-check the fast verifier; the curve constants are those of TSE-FORMATS §5.
const p = (1n << 521n) - 1n;
const d = -376014n;
const n = ED521_ORDER;
const B = {
  x: 0x752cb45c48648b189df90cb2296b2878a3bfd9f42fc6c818ec8bf3c9c0c6203913f6ecc5ccc72434b1ae949d568fc99c6059d0fb13364838aa302a940a2f19ba6cn,
  y: 12n,
};
type Pt = { x: bigint; y: bigint };
const m = (a: bigint): bigint => ((a % p) + p) % p;
function invRef(a: bigint): bigint {
  let [r0, r1, s0, s1] = [m(a), p, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return m(s0);
}
function addRef(P: Pt, Q: Pt): Pt {
  const t = m(d * P.x * Q.x * P.y * Q.y);
  return {
    x: m((P.x * Q.y + P.y * Q.x) * invRef(1n + t)),
    y: m((P.y * Q.y - P.x * Q.x) * invRef(1n - t)),
  };
}
function mulRef(k: bigint, P: Pt): Pt {
  let acc: Pt = { x: 0n, y: 1n };
  for (let i = BigInt(k.toString(2).length) - 1n; i >= 0n; i--) {
    acc = addRef(acc, acc);
    if ((k >> i) & 1n) acc = addRef(acc, P);
  }
  return acc;
}
const onCurve = (P: Pt): boolean => m(P.x * P.x + P.y * P.y - 1n - d * P.x * P.x * P.y * P.y) === 0n;
function le(v: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) out[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return out;
}
const fromLe = (b: Uint8Array): bigint => b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n);
function encode(P: Pt): Uint8Array {
  const out = le(P.y, 66);
  if (P.x & 1n) out[65]! |= 0x80;
  return out;
}
function shake(...parts: Uint8Array[]): bigint {
  const h = createHash('shake256', { outputLength: 132 });
  h.update(Buffer.from('SigEd521\u0000\u0000', 'latin1'));
  for (const part of parts) h.update(part);
  return fromLe(h.digest()) % n;
}
/** Reference Ed521 signing with a secret scalar and a nonce scalar given by the test. */
function signRef(secret: bigint, nonce: bigint, message: Uint8Array): { publicKey: Uint8Array; signature: Uint8Array } {
  const A = encode(mulRef(secret, B));
  const R = encode(mulRef(nonce, B));
  const k = shake(R, A, message);
  const S = (nonce + k * secret) % n;
  const signature = new Uint8Array(132);
  signature.set(R, 0);
  signature.set(le(S, 66), 66);
  return { publicKey: A, signature };
}

// ---- the TSE's Ed521 signatures: UE2020 hardware signatures in the example .vscmr files -----------------------------
function ed521Samples(): { key: Uint8Array; signatures: HwSignature[] }[] {
  const out: { key: Uint8Array; signatures: HwSignature[] }[] = [];
  for (const v of allVscmr()) {
    const f = v.file;
    const cert = parseCertificate(v.cert, f);
    assert.ok(cert.ok, f);
    if (cert.value.publicKey.kind === 'ed521') out.push({ key: cert.value.publicKey.key, signatures: v.signatures });
  }
  return out;
}

const flip = (b: Uint8Array, i: number, mask = 0x01): Uint8Array => {
  const c = new Uint8Array(b);
  c[i]! ^= mask;
  return c;
};

describe('Ed521 curve constants (TSE-FORMATS §5)', () => {
  test('the base point is on E-521 and has order n; a 66-byte encoding round-trips', () => {
    assert.ok(onCurve(B));
    assert.deepEqual(mulRef(n, B), { x: 0n, y: 1n });
    assert.notDeepEqual(mulRef(n - 1n, B), { x: 0n, y: 1n });
    assert.ok(isEd521Point(encode(B)));
    // −B has the other x parity; its encoding differs only in the top bit.
    const negB = encode({ x: p - B.x, y: B.y });
    assert.equal(negB[65]! ^ encode(B)[65]!, 0x80);
    assert.ok(isEd521Point(negB));
  });
});

describe('verifyEd521 on the TSE example files (UE2020 hardware signatures)', { skip: skipSamples }, () => {
  test('all 33 Ed521 hardware signatures of the 3 UE2020 .vscmr verify over SHA-512(file hash)', () => {
    const sets = ed521Samples();
    assert.equal(sets.length, 3);
    let count = 0;
    for (const { key, signatures } of sets) {
      for (const s of signatures) {
        assert.equal(s.signature.length, 132, `${s.file} ${s.name}`);
        assert.ok(verifyEd521(key, sha512(s.hash), s.signature), `${s.file} ${s.name}`);
        // The message is SHA-512 of the hash, not the hash itself: the other reading must fail.
        assert.equal(verifyEd521(key, s.hash, s.signature), false);
        count++;
      }
    }
    assert.equal(count, 12 + 12 + 9); // EXPECTED.md: Ed521 12/12, 12/12, 9/9
  });

  test('flipping any byte of a real signature, of its message or of the key makes it fail', () => {
    const { key, signatures } = ed521Samples()[0]!;
    const msg = sha512(signatures[0]!.hash);
    const sig = signatures[0]!.signature;
    for (let i = 0; i < 132; i++) assert.equal(verifyEd521(key, msg, flip(sig, i)), false, `signature byte ${i}`);
    for (let i = 0; i < 64; i++) assert.equal(verifyEd521(key, flip(msg, i, 0x80), sig), false, `message byte ${i}`);
    for (let i = 0; i < 66; i++) assert.equal(verifyEd521(flip(key, i), msg, sig), false, `key byte ${i}`);
  });

  test('S ≥ n is rejected even when S − n would verify (no reduction mod n)', () => {
    const { key, signatures } = ed521Samples()[0]!;
    const msg = sha512(signatures[0]!.hash);
    const sig = signatures[0]!.signature;
    const S = fromLe(sig.subarray(66));
    const forged = new Uint8Array(sig);
    forged.set(le(S + n, 66), 66);
    assert.equal(verifyEd521(key, msg, forged), false);
    forged.set(le(n, 66), 66);
    assert.equal(verifyEd521(key, msg, forged), false);
  });

  test('the fast arithmetic agrees with the reference: S·B − k·A encodes to R on a real signature', () => {
    const { key, signatures } = ed521Samples()[0]!;
    const sig = signatures[1]!.signature;
    const msg = sha512(signatures[1]!.hash);
    const y = fromLe(key) & ((1n << 521n) - 1n);
    const u = m(1n - y * y);
    const v = m(1n - d * y * y);
    // x = (u/v)^((p+1)/4), parity from the top bit.
    let x = 1n;
    let base = m(u * invRef(v));
    for (let e = (p + 1n) / 4n; e > 0n; e >>= 1n) {
      if (e & 1n) x = (x * base) % p;
      base = (base * base) % p;
    }
    if (Number(x & 1n) !== key[65]! >> 7) x = p - x;
    const A = { x, y };
    assert.ok(onCurve(A));
    const k = shake(sig.subarray(0, 66), key, msg);
    const S = fromLe(sig.subarray(66));
    const R = addRef(mulRef(S, B), mulRef(n - k, A));
    assert.deepEqual(encode(R), sig.subarray(0, 66));
  });
});

describe('verifyEd521 with keys and signatures made by the reference implementation', () => {
  const secret = 0x1234567890abcdef1234567890abcdefn * 0xfedcba9876543210n + 99n;
  const nonce = (1n << 519n) + 0xabcdefn;
  const message = new TextEncoder().encode('boletim de urna');
  const { publicKey, signature } = signRef(secret, nonce, message);

  test('a reference signature verifies; another message, key or nonce half does not', () => {
    assert.ok(verifyEd521(publicKey, message, signature));
    assert.equal(verifyEd521(publicKey, new TextEncoder().encode('boletim de urnA'), signature), false);
    const other = signRef(secret + 1n, nonce, message);
    assert.equal(verifyEd521(other.publicKey, message, signature), false);
    assert.ok(verifyEd521(other.publicKey, message, other.signature));
  });

  test('random scalars and messages: reference signatures verify, a changed byte does not', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: n - 1n }),
        fc.bigInt({ min: 1n, max: n - 1n }),
        fc.uint8Array({ maxLength: 100 }),
        fc.nat(131),
        (a, r, msg, i) => {
          const s = signRef(a, r, msg);
          assert.ok(verifyEd521(s.publicKey, msg, s.signature));
          assert.equal(verifyEd521(s.publicKey, msg, flip(s.signature, i, 0x04)), false);
        },
      ),
      { numRuns: 6 },
    );
  });

  test('the rule is S·B == R + k·A exactly: small-order parts of A or R are neither cleared nor ignored', () => {
    // T2 = (0, −1) has order 2, T4 = (1, 0) order 4 (cofactor 4). With A' = a·B + T, a signature made with a is
    // valid for A' iff k·T = 0; with R' = r·B + T it is never valid. A cofactored verifier would accept them all.
    const T2 = { x: 0n, y: p - 1n };
    const T4 = { x: 1n, y: 0n };
    const seen = new Set<string>();
    for (let i = 0n; i < 4n; i++) {
      const a = 0x5eed0000n + i * 7919n;
      const r = (1n << 500n) + i * 104729n;
      const Ab = mulRef(a, B);
      const Rb = mulRef(r, B);
      const cases = [
        { A: addRef(Ab, T2), R: Rb, expected: (k: bigint) => k % 2n === 0n, label: 'A+T2' },
        { A: addRef(Ab, T4), R: Rb, expected: (k: bigint) => k % 4n === 0n, label: 'A+T4' },
        { A: Ab, R: addRef(Rb, T2), expected: () => false, label: 'R+T2' },
        { A: addRef(Ab, T4), R: addRef(Rb, T2), expected: (k: bigint) => k % 4n === 2n, label: 'A+T4,R+T2' },
      ];
      for (const c of cases) {
        const A = encode(c.A);
        const R = encode(c.R);
        const k = shake(R, A, message);
        const sig = new Uint8Array(132);
        sig.set(R, 0);
        sig.set(le((r + k * a) % n, 66), 66);
        const want = c.expected(k);
        assert.equal(verifyEd521(A, message, sig), want, `${c.label}, k mod 4 = ${k % 4n}`);
        seen.add(`${c.label}:${want}`);
      }
    }
    assert.ok(seen.has('A+T2:true') && seen.has('A+T2:false'), 'both outcomes exercised for A + T2');
  });

  test('non-canonical and invalid point encodings are rejected', () => {
    // Reserved bits 521..526 of R or of A set: ECPy would mask them, we refuse them.
    for (const bit of [0x02, 0x04, 0x40]) {
      const r = new Uint8Array(signature);
      r[65]! |= bit;
      assert.equal(verifyEd521(publicKey, message, r), false);
      const a = new Uint8Array(publicKey);
      a[65]! |= bit;
      assert.equal(verifyEd521(a, message, signature), false);
      assert.equal(isEd521Point(a), false);
    }
    // y = p (≡ 0) is a non-canonical encoding of the points with y = 0.
    const yp = le(p, 66);
    assert.equal(isEd521Point(yp), false);
    assert.ok(isEd521Point(le(0n, 66)), 'y = 0 is a point (x² = 1)');
    // x = 0 with the parity bit set ("−0"): the identity y = 1 and y = p − 1.
    const identity = le(1n, 66);
    assert.ok(isEd521Point(identity));
    const minusZero = new Uint8Array(identity);
    minusZero[65]! |= 0x80;
    assert.equal(isEd521Point(minusZero), false);
    // A y with no x on the curve: find one and check it is refused as key and as R.
    let y = 2n;
    for (; ; y++) {
      const u = m(1n - y * y);
      const v = m(1n - d * y * y);
      const w = m(u * invRef(v));
      let e = 1n;
      let b = w;
      for (let k = (p - 1n) / 2n; k > 0n; k >>= 1n) {
        if (k & 1n) e = (e * b) % p;
        b = (b * b) % p;
      }
      if (e !== 1n) break;
    }
    const off = le(y, 66);
    assert.equal(isEd521Point(off), false);
    assert.equal(verifyEd521(off, message, signature), false);
    const badR = new Uint8Array(signature);
    badR.set(off, 0);
    assert.equal(verifyEd521(publicKey, message, badR), false);
  });

  test('wrong lengths and random bytes return false and never throw', () => {
    assert.equal(verifyEd521(publicKey.subarray(0, 65), message, signature), false);
    assert.equal(verifyEd521(publicKey, message, signature.subarray(0, 131)), false);
    assert.equal(verifyEd521(new Uint8Array(0), message, new Uint8Array(0)), false);
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 60, maxLength: 70 }),
        fc.uint8Array({ maxLength: 80 }),
        fc.uint8Array({ minLength: 128, maxLength: 136 }),
        (key, msg, sig) => {
          assert.equal(verifyEd521(key, msg, sig), false);
        },
      ),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 132, maxLength: 132 }), (sig) => {
        assert.equal(verifyEd521(publicKey, message, sig), false);
      }),
      { numRuns: 100 },
    );
  });
});
