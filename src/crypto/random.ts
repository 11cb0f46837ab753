// Randomness is injected (docs/ARCHITECTURE.md decision 3): a seeded generator reproduces a simulated election;
// real use takes the platform's CSPRNG.
import { randomBytes, randomInt } from 'node:crypto';

export interface Random {
  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  bytes(n: number): Uint8Array;
}

export const cryptoRandom: Random = {
  int: (max) => randomInt(max),
  bytes: (n) => new Uint8Array(randomBytes(n)),
};

export { seededRandom } from './seeded-random.ts';
