// SHA-512 and hex, browser twin of src/crypto/hash.ts (same exports, same results) over @noble/hashes: the browser
// has no synchronous SHA-512 (WebCrypto's digest is async), and the urna's code calls these synchronously.
// scripts/build-web.ts swaps src/crypto/hash.ts for this file in the browser bundle.
import { sha512 as nobleSha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';

export function sha512(data: Uint8Array | string): Uint8Array {
  return nobleSha512(typeof data === 'string' ? utf8ToBytes(data) : data);
}

/** SHA-512 of a string (its UTF-8 bytes) as upper-case hex: the BU hash chain's link form. */
export function sha512HexUpper(data: string): string {
  return bytesToHex(nobleSha512(utf8ToBytes(data))).toUpperCase();
}

export function toHex(bytes: Uint8Array): string {
  return bytesToHex(bytes);
}

export function fromHex(hex: string): Uint8Array {
  // The same check and message as the Node version: noble's hexToBytes would also take an odd-length error path.
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new Error(`not a hex string: ${hex.slice(0, 40)}`);
  return hexToBytes(hex);
}
