// SHA-512, the hash of every TSE artifact (BU tuple chain, signature files, QR codes).
// Node implementation; the browser build swaps this module (see docs/ARCHITECTURE.md, crypto port).
import { createHash, hash as oneShotHash } from 'node:crypto';

export function sha512(data: Uint8Array | string): Uint8Array {
  return new Uint8Array(createHash('sha512').update(data).digest());
}

/**
 * SHA-512 of a string (its UTF-8 bytes; the chain's strings are ASCII) as upper-case hex: the form the BU hash
 * chain feeds into its next link. One-shot
 * (crypto.hash) and hex straight from OpenSSL: ~5× faster than createHash + toHex on the chain's short messages,
 * which matters at 6 million links per São Paulo-sized election (measured in bench/store-ingest.bench.ts).
 */
export function sha512HexUpper(data: string): string {
  return oneShotHash('sha512', data, 'hex').toUpperCase();
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function fromHex(hex: string): Uint8Array {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new Error(`not a hex string: ${hex.slice(0, 40)}`);
  return new Uint8Array(Buffer.from(hex, 'hex'));
}
