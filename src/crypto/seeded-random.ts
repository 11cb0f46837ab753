// The seeded generator (sfc32) shared by the Node and browser builds: pure, no node: import, so the web build uses
// this very module (src/crypto/random.ts and src/crypto/browser/random.ts both re-export it).
import type { Random } from './random.ts';

/**
 * A seeded generator (sfc32, a small fast PRNG with a 128-bit state). Not for keys in real elections: only for
 * reproducible tests and simulations, where a seed must give the same election again.
 */
export function seededRandom(seed: number | string): Random {
  let h = 1779033703 ^ String(seed).length;
  for (const ch of String(seed)) {
    h = Math.imul(h ^ ch.charCodeAt(0), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  const next32 = (): number => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return (h ^= h >>> 16) >>> 0;
  };
  let a = next32(),
    b = next32(),
    c = next32(),
    d = next32();
  const u32 = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  return {
    int(max) {
      if (!Number.isInteger(max) || max <= 0) throw new Error(`Random.int needs a positive integer, got ${max}`);
      // Rejection sampling keeps the distribution uniform for any max up to 2^32.
      const limit = 0x1_0000_0000 - (0x1_0000_0000 % max);
      let x = u32();
      while (x >= limit) x = u32();
      return x % max;
    },
    bytes(n) {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = u32() & 0xff;
      return out;
    },
  };
}
