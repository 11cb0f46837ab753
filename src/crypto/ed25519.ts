// Ed25519 keys, signatures and verification (RFC 8032), as raw 32-byte keys and 64-byte signatures — the form the
// TSE uses for V1 BU tuple keys and QR signatures. Node implementation over node:crypto (OpenSSL); the urna's
// own keys are Ed25519 where the TSE's are hardware keys (docs/ARCHITECTURE.md).
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { toHex } from './hash.ts';

const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface KeyPair {
  /** 32-byte raw public key. */
  publicKey: Uint8Array;
  /** 32-byte raw private seed. Never written into the repository except test keys marked as such. */
  privateKey: Uint8Array;
}

// Parsing a key into an OpenSSL KeyObject costs ~0.2 ms: an urna's key is used by the carga builder, the urna and
// the results media in turn, so the last few parsed keys are kept (a simulation worker goes through 11,000 urnas).
const privateKeyCache = new Map<string, KeyObject>();
function privateKeyObject(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new Error(`Ed25519 private key must be 32 bytes, found ${seed.length}`);
  const id = toHex(seed);
  let key = privateKeyCache.get(id);
  if (!key) {
    key = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
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
    key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
    if (publicKeyCache.size > 10_000) publicKeyCache.clear();
    publicKeyCache.set(id, key);
  }
  return key;
}

/** A key pair from a 32-byte seed (from the CSPRNG in real use, from a seeded generator in tests). */
export function keyPairFromSeed(seed: Uint8Array): KeyPair {
  const priv = privateKeyObject(seed);
  const spki = createPublicKey(priv).export({ format: 'der', type: 'spki' });
  return { privateKey: new Uint8Array(seed), publicKey: new Uint8Array(spki.subarray(SPKI_PREFIX.length)) };
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
