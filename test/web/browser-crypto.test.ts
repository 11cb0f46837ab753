// The browser crypto twins (src/crypto/browser/) must give the same bytes as the Node modules they replace in the
// web bundle: RFC 8032 vectors, FIPS 180-4 SHA-512 vectors, and random inputs checked against node:crypto.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as nodeHash from '../../src/crypto/hash.ts';
import * as nodeEd from '../../src/crypto/ed25519.ts';
import * as nodeRandom from '../../src/crypto/random.ts';
import * as webHash from '../../src/crypto/browser/hash.ts';
import * as webEd from '../../src/crypto/browser/ed25519.ts';
import * as webRandom from '../../src/crypto/browser/random.ts';

// RFC 8032 §7.1 TEST 1, 2 and 3.
const RFC8032 = [
  {
    seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    pub: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    msg: '',
    sig: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    seed: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    pub: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    msg: '72',
    sig: '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
  {
    seed: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    pub: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    msg: 'af82',
    sig: '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  },
];

// FIPS 180-4 examples (NIST CSRC "SHA512.pdf"): "abc" and the 896-bit message.
const SHA512_ABC =
  'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f';
const SHA512_896 =
  '8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909';
const MSG_896 =
  'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu';

describe('browser SHA-512 and hex', () => {
  test('FIPS 180-4 vectors', () => {
    assert.equal(webHash.toHex(webHash.sha512('abc')), SHA512_ABC);
    assert.equal(webHash.toHex(webHash.sha512(MSG_896)), SHA512_896);
    assert.equal(webHash.sha512HexUpper('abc'), SHA512_ABC.toUpperCase());
  });

  test('agrees with node:crypto on random bytes and strings (including non-ASCII)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 200 }), (bytes, text) => {
        assert.deepEqual(webHash.sha512(bytes), nodeHash.sha512(bytes));
        assert.deepEqual(webHash.sha512(text), nodeHash.sha512(text));
        assert.equal(webHash.sha512HexUpper(text), nodeHash.sha512HexUpper(text));
        const hex = nodeHash.toHex(bytes);
        assert.equal(webHash.toHex(bytes), hex);
        assert.deepEqual(webHash.fromHex(hex), bytes);
        assert.deepEqual(webHash.fromHex(hex.toUpperCase()), bytes);
      }),
    );
  });

  test('fromHex refuses what the Node version refuses, with the same message', () => {
    for (const bad of ['abc', 'zz', '0x00', ' 00']) {
      assert.throws(() => nodeHash.fromHex(bad), /not a hex string/);
      assert.throws(() => webHash.fromHex(bad), /not a hex string/);
    }
  });
});

describe('browser Ed25519', () => {
  test('RFC 8032 vectors: seed → public key → signature, and verification', () => {
    for (const v of RFC8032) {
      const keys = webEd.keyPairFromSeed(webHash.fromHex(v.seed));
      assert.equal(webHash.toHex(keys.publicKey), v.pub);
      assert.equal(webHash.toHex(webEd.signer(keys).sign(webHash.fromHex(v.msg))), v.sig);
      assert.ok(webEd.verifyEd25519(keys.publicKey, webHash.fromHex(v.msg), webHash.fromHex(v.sig)));
    }
  });

  test('same keys and signatures as node:crypto; each verifies the other; tampering detected', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 200 }), (seed, msg) => {
        const web = webEd.keyPairFromSeed(seed);
        const node = nodeEd.keyPairFromSeed(seed);
        assert.deepEqual(web.publicKey, node.publicKey);
        const sig = webEd.signer(web).sign(msg);
        assert.deepEqual(sig, nodeEd.signer(node).sign(msg));
        assert.ok(nodeEd.verifyEd25519(node.publicKey, msg, sig));
        assert.ok(webEd.verifyEd25519(web.publicKey, msg, sig));
        const bad = new Uint8Array(sig);
        bad[5]! ^= 0x10;
        assert.equal(webEd.verifyEd25519(web.publicKey, msg, bad), false);
        assert.equal(webEd.verifyEd25519(web.publicKey, msg, sig.subarray(0, 63)), false);
      }),
      { numRuns: 60 },
    );
  });

  test('strict like OpenSSL: a signature whose S is not reduced mod L is refused by both', () => {
    // S + L is the same point equation but a non-canonical encoding (RFC 8032 §5.1.7 requires S < L).
    const L = (1n << 252n) + 27742317777372353535851937790883648493n;
    const v = RFC8032[0]!;
    const sig = webHash.fromHex(v.sig);
    let s = 0n;
    for (let i = 31; i >= 0; i--) s = (s << 8n) | BigInt(sig[32 + i]!);
    let big = s + L;
    const mangled = new Uint8Array(sig);
    for (let i = 0; i < 32; i++) {
      mangled[32 + i] = Number(big & 0xffn);
      big >>= 8n;
    }
    const pub = webHash.fromHex(v.pub);
    assert.equal(nodeEd.verifyEd25519(pub, new Uint8Array(0), mangled), false);
    assert.equal(webEd.verifyEd25519(pub, new Uint8Array(0), mangled), false);
  });

  test('wrong key and seed sizes', () => {
    assert.throws(() => webEd.keyPairFromSeed(new Uint8Array(31)), /32 bytes, found 31/);
    assert.equal(webEd.verifyEd25519(new Uint8Array(31), new Uint8Array(0), new Uint8Array(64)), false);
  });
});

describe('browser randomness', () => {
  test('seededRandom is the Node generator: same sequences for the same seeds', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer()), fc.integer({ min: 1, max: 2 ** 32 }), (seed, max) => {
        const a = nodeRandom.seededRandom(seed);
        const b = webRandom.seededRandom(seed);
        for (let i = 0; i < 20; i++) assert.equal(b.int(max), a.int(max));
        assert.deepEqual(b.bytes(40), a.bytes(40));
      }),
    );
  });

  test('cryptoRandom: ints in range for small and large bounds, bytes of the asked length', () => {
    for (const max of [1, 2, 7, 10, 1000, 2 ** 32, 2 ** 32 + 1, 2 ** 48]) {
      for (let i = 0; i < 200; i++) {
        const x = webRandom.cryptoRandom.int(max);
        assert.ok(Number.isInteger(x) && x >= 0 && x < max, `int(${max}) gave ${x}`);
      }
    }
    assert.throws(() => webRandom.cryptoRandom.int(0), RangeError);
    assert.throws(() => webRandom.cryptoRandom.int(2 ** 48 + 1), RangeError);
    assert.equal(webRandom.cryptoRandom.bytes(0).length, 0);
    // Above getRandomValues' 65,536-byte limit: filled in chunks, and not left zero.
    const big = webRandom.cryptoRandom.bytes(200_000);
    assert.equal(big.length, 200_000);
    assert.ok(big.subarray(150_000).some((b) => b !== 0));
  });

  test('cryptoRandom.int is roughly uniform (chi-square over 10 buckets)', () => {
    const n = 20_000;
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < n; i++) counts[webRandom.cryptoRandom.int(10)]!++;
    const expected = n / 10;
    const chi = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    // 9 degrees of freedom: P(chi² > 33.7) < 1e-4, so a fair generator essentially never fails this.
    assert.ok(chi < 33.7, `chi-square ${chi.toFixed(1)} for counts ${counts.join(',')}`);
  });
});
