import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { keyPairFromSeed, signer, verifyEd25519 } from '../../src/crypto/ed25519.ts';
import { fromHex, toHex } from '../../src/crypto/hash.ts';

// RFC 8032 §7.1, TEST 1 and TEST 2: seed → public key → signature, byte for byte.
const VECTORS = [
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
];

test('Ed25519 keys and signatures match RFC 8032 test vectors', () => {
  for (const v of VECTORS) {
    const keys = keyPairFromSeed(fromHex(v.seed));
    assert.equal(toHex(keys.publicKey), v.pub);
    assert.equal(toHex(signer(keys).sign(fromHex(v.msg))), v.sig);
    assert.ok(verifyEd25519(keys.publicKey, fromHex(v.msg), fromHex(v.sig)));
  }
});

test('a key pair from a seed agrees with OpenSSL: sign/verify round trip, tampering detected', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 200 }), (seed, msg) => {
      const keys = keyPairFromSeed(seed);
      const sig = signer(keys).sign(msg);
      assert.ok(verifyEd25519(keys.publicKey, msg, sig));
      const bad = new Uint8Array(sig);
      bad[0]! ^= 1;
      assert.equal(verifyEd25519(keys.publicKey, msg, bad), false);
    }),
    { numRuns: 50 },
  );
});

test('signatures made by node:crypto with a generated key verify', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = new Uint8Array(Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url'));
  const msg = new TextEncoder().encode('boletim');
  assert.ok(verifyEd25519(raw, msg, new Uint8Array(nodeSign(null, msg, privateKey))));
  assert.equal(verifyEd25519(raw, msg, new Uint8Array(63)), false);
});
