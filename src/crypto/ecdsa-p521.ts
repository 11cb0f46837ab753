// ECDSA P-521 verification, as the TSE's UE2009–UE2015 urnas sign (hardware signatures in signature files) and as
// AC URNA signs urna certificates (docs/TSE-FORMATS.md §5). The urna writes each signature as DER with fixed 66-byte
// INTEGERs — non-minimal whenever r or s has a leading zero byte — which OpenSSL's DER decoder rightly refuses for
// about half of them. So the signature is read here, converted to IEEE P1363 (r ‖ s, 66 + 66 bytes), and node:crypto
// verifies that. Verification only.
import { createPublicKey, verify as nodeVerify, type KeyObject } from 'node:crypto';

/** Bytes of a P-521 scalar: ceil(521 / 8). */
export const P521_SCALAR_BYTES = 66;
/** Order of the P-521 base point. */
const N =
  0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n;

// SubjectPublicKeyInfo header for id-ecPublicKey / secp521r1 with a 133-byte uncompressed point.
const SPKI_PREFIX = Buffer.from('30819b301006072a8648ce3d020106052b81040023038186' + '00', 'hex');

const keyCache = new Map<string, KeyObject | null>();

/** A KeyObject for a P-521 public key given as SPKI DER or as the raw 133-byte uncompressed point; null if invalid. */
function keyObject(publicKey: Uint8Array): KeyObject | null {
  const id = Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.byteLength).toString('hex');
  if (keyCache.has(id)) return keyCache.get(id)!;
  let key: KeyObject | null = null;
  try {
    let spki: Buffer | null = null;
    if (publicKey.length === 133 && publicKey[0] === 0x04) spki = Buffer.concat([SPKI_PREFIX, publicKey]);
    else if (publicKey[0] === 0x30) spki = Buffer.from(publicKey);
    if (spki) {
      const k = createPublicKey({ key: spki, format: 'der', type: 'spki' });
      // OpenSSL would accept other curves in SPKI form; this module speaks P-521 only.
      if (k.asymmetricKeyType === 'ec' && k.asymmetricKeyDetails?.namedCurve === 'secp521r1') key = k;
    }
  } catch {
    key = null;
  }
  if (keyCache.size >= 256) keyCache.delete(keyCache.keys().next().value!);
  keyCache.set(id, key);
  return key;
}

/** Reads a DER length at `pos`; returns [length, next position] or null. Short form or 1–2 length bytes. */
function readLength(sig: Uint8Array, pos: number): [number, number] | null {
  if (pos >= sig.length) return null;
  const first = sig[pos]!;
  if (first < 0x80) return [first, pos + 1];
  const n = first & 0x7f;
  if (n < 1 || n > 2 || pos + 1 + n > sig.length) return null;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + sig[pos + 1 + i]!;
  return [len, pos + 1 + n];
}

/**
 * Converts an ECDSA signature `SEQUENCE { INTEGER r, INTEGER s }` to IEEE P1363 r ‖ s (66 + 66 bytes). Accepts
 * non-minimal INTEGERs (extra leading zero bytes, as the TSE writes them); refuses anything else that is not exactly
 * that structure: other tags, trailing bytes, negative or zero values, values of 521 bits or more than n − 1.
 */
export function ecdsaDerToP1363(signature: Uint8Array): Uint8Array | null {
  if (signature.length < 8 || signature[0] !== 0x30) return null;
  const seqLen = readLength(signature, 1);
  if (!seqLen || seqLen[1] + seqLen[0] !== signature.length) return null;
  const out = new Uint8Array(2 * P521_SCALAR_BYTES);
  let pos = seqLen[1];
  for (let part = 0; part < 2; part++) {
    if (signature[pos] !== 0x02) return null;
    const len = readLength(signature, pos + 1);
    if (!len || len[0] === 0 || len[1] + len[0] > signature.length) return null;
    let start = len[1];
    const end = start + len[0];
    if (signature[start]! & 0x80) return null; // negative
    while (start < end && signature[start] === 0) start++;
    const size = end - start;
    if (size === 0 || size > P521_SCALAR_BYTES) return null;
    let value = 0n;
    for (let i = start; i < end; i++) value = (value << 8n) | BigInt(signature[i]!);
    if (value >= N) return null;
    out.set(signature.subarray(start, end), part * P521_SCALAR_BYTES + P521_SCALAR_BYTES - size);
    pos = end;
  }
  return pos === signature.length ? out : null;
}

/**
 * ECDSA P-521 with SHA-512: the verifier hashes `message` (for the TSE's hardware signatures the message is the
 * 64-byte file hash, so the ECDSA digest is SHA-512 of that hash; for certificates it is the TBSCertificate).
 * `publicKey`: SPKI DER or the raw 133-byte point. `signature`: DER (non-minimal INTEGERs accepted) or already
 * r ‖ s (132 bytes). Returns false, never throws, for anything malformed.
 */
export function verifyEcdsaP521Sha512(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    const key = keyObject(publicKey);
    if (!key) return false;
    const p1363 =
      signature.length === 2 * P521_SCALAR_BYTES && signature[0] !== 0x30 ? signature : ecdsaDerToP1363(signature);
    if (!p1363) return false;
    return nodeVerify('sha512', message, { key, dsaEncoding: 'ieee-p1363' }, p1363);
  } catch {
    return false;
  }
}
