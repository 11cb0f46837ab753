// Ed25519 keys, signatures and verification (RFC 8032), as raw 32-byte keys and 64-byte signatures — the form the
// TSE uses for V1 BU tuple keys and QR signatures. Node implementation over node:crypto (OpenSSL); the urna's
// own keys are Ed25519 where the TSE's are hardware keys (docs/ARCHITECTURE.md).
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { toHex } from './hash.ts';

const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface KeyPair {
  /** 32-byte raw public key. */
  publicKey: Uint8Array;
  /** 32-byte raw private seed. Never written into the repository except test keys marked as such. */
  privateKey: Uint8Array;
}

const b64url = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
const ZERO_X = b64url(new Uint8Array(32));

/**
 * Imports a raw seed. Node 20 has no raw import; PKCS#8 DER costs ~310 µs a key in OpenSSL 3's decoder, JWK ~35 µs
 * (bench: a simulation makes 22,000 urna keys). OpenSSL derives the public half from `d` and ignores `x`, so the
 * placeholder `x` is safe: keyPairFromSeed reads the public key back from the private KeyObject, and the RFC 8032
 * test vector in test/crypto checks that this stays true. If an OpenSSL ever rejects the placeholder, DER is used.
 */
function importSeed(seed: Uint8Array): KeyObject {
  try {
    return createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: b64url(seed), x: ZERO_X }, format: 'jwk' });
  } catch {
    return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  }
}

// An urna's key is used by the carga builder, the urna and the results media in turn, so the last few parsed keys
// are kept (a simulation worker goes through 11,000 urnas).
const privateKeyCache = new Map<string, KeyObject>();
function privateKeyObject(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new Error(`Ed25519 private key must be 32 bytes, found ${seed.length}`);
  const id = toHex(seed);
  let key = privateKeyCache.get(id);
  if (!key) {
    key = importSeed(seed);
    if (privateKeyCache.size >= 8) privateKeyCache.delete(privateKeyCache.keys().next().value!);
    privateKeyCache.set(id, key);
  }
  return key;
}

const publicKeyCache = new Map<string, KeyObject>();
function publicKeyObject(publicKey: Uint8Array): KeyObject {
  if (publicKey.length !== 32) throw new Error(`Ed25519 public key must be 32 bytes, found ${publicKey.length}`);
  const id = toHex(publicKey);
  let key = publicKeyCache.get(id);
  if (!key) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(publicKey) }, format: 'jwk' });
    if (publicKeyCache.size > 10_000) publicKeyCache.clear();
    publicKeyCache.set(id, key);
  }
  return key;
}

/** A key pair from a 32-byte seed (from the CSPRNG in real use, from a seeded generator in tests). */
export function keyPairFromSeed(seed: Uint8Array): KeyPair {
  const priv = privateKeyObject(seed);
  const x = createPublicKey(priv).export({ format: 'jwk' }).x;
  if (!x) throw new Error('Ed25519: no public key derived from the seed');
  return { privateKey: new Uint8Array(seed), publicKey: new Uint8Array(Buffer.from(x, 'base64url')) };
}

/** A signer keeps the parsed private key, so signing many messages does not re-parse it. */
export interface Signer {
  publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

export function signer(keys: KeyPair): Signer {
  const priv = privateKeyObject(keys.privateKey);
  return {
    publicKey: keys.publicKey,
    sign: (message) => new Uint8Array(nodeSign(null, message, priv)),
  };
}

export function verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  try {
    return nodeVerify(null, message, publicKeyObject(publicKey), signature);
  } catch {
    return false;
  }
}
