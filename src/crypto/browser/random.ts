// Randomness, browser twin of src/crypto/random.ts (same exports). cryptoRandom uses crypto.getRandomValues (the
// Web Crypto API, also a global in Node 20, which lets the Node test check it). seededRandom is the one pure
// generator of src/crypto/seeded-random.ts, shared with the Node build.
import type { Random } from '../random.ts';
export type { Random } from '../random.ts';
export { seededRandom } from '../seeded-random.ts';

// getRandomValues fills at most 65,536 bytes a call (QuotaExceededError above that).
const MAX_CHUNK = 65_536;

function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += MAX_CHUNK) crypto.getRandomValues(out.subarray(i, Math.min(n, i + MAX_CHUNK)));
  return out;
}

const u32 = new Uint32Array(2);

/** Uniform integer in [0, max) for max ≤ 2^48 (node:crypto randomInt's range), by rejection sampling. */
function randomInt(max: number): number {
  if (!Number.isSafeInteger(max) || max <= 0 || max > 2 ** 48) {
    throw new RangeError(`Random.int needs an integer in [1, 2^48], got ${max}`);
  }
  if (max <= 0x1_0000_0000) {
    const limit = 0x1_0000_0000 - (0x1_0000_0000 % max);
    for (;;) {
      crypto.getRandomValues(u32);
      const x = u32[0]!;
      if (x < limit) return x % max;
    }
  }
  const range = 2 ** 48;
  const limit = range - (range % max);
  for (;;) {
    crypto.getRandomValues(u32);
    const x = (u32[0]! & 0xffff) * 0x1_0000_0000 + u32[1]!;
    if (x < limit) return x % max;
  }
}

export const cryptoRandom: Random = { int: randomInt, bytes: randomBytes };
