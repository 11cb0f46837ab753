// Ed25519 (RFC 8032), browser twin of src/crypto/ed25519.ts (same exports, same bytes) over @noble/curves.
// WebCrypto's Ed25519 is async and not in every browser; the urna signs synchronously, so a pure-JS curve is used.
// scripts/build-web.ts swaps src/crypto/ed25519.ts for this file in the browser bundle.
import { ed25519 } from '@noble/curves/ed25519.js';

export interface KeyPair {
  /** 32-byte raw public key. */
  publicKey: Uint8Array;
  /** 32-byte raw private seed. */
  privateKey: Uint8Array;
}

export interface Signer {
  publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

function checkSeed(seed: Uint8Array): void {
  if (seed.length !== 32) throw new Error(`Ed25519 private key must be 32 bytes, found ${seed.length}`);
}

/** A key pair from a 32-byte seed. */
export function keyPairFromSeed(seed: Uint8Array): KeyPair {
  checkSeed(seed);
  return { privateKey: new Uint8Array(seed), publicKey: new Uint8Array(ed25519.getPublicKey(seed)) };
}

export function signer(keys: KeyPair): Signer {
  checkSeed(keys.privateKey);
  const seed = new Uint8Array(keys.privateKey);
  return {
    publicKey: keys.publicKey,
    sign: (message) => new Uint8Array(ed25519.sign(message, seed)),
  };
}

/**
 * Strict RFC 8032 verification (zip215: false), as OpenSSL does in the Node version: the ZIP-215 rules noble uses
 * by default accept some non-canonical encodings OpenSSL refuses, and an urna must not accept what the
 * totalization (Node) would refuse.
 */
export function verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}
