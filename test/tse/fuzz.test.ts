// Fuzzing the TSE decoders (fast-check): random bytes, random bytes behind plausible BER headers, and random
// mutations of every real sample file (flips, overwrites, insertions, deletions, truncation, duplicated slices).
// Whatever the input: no throw, a result within a time budget, and either a value or Problems with every field
// filled. Memory: a file declaring a 2 GiB element is refused without allocating it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Result } from '../../src/election/problem.ts';
import { decodeBuFile } from '../../src/tse/bu-codec.ts';
import { decodeFile } from '../../src/tse/decode-file.ts';
import { detectFile } from '../../src/tse/detect.ts';
import { decodeEnvelope } from '../../src/tse/envelope.ts';
import { decodeResultadoRDV } from '../../src/tse/rdv-codec.ts';
import { decodeAssinatura, decodeSignatureFile } from '../../src/tse/signature-file.ts';

const SAMPLES = join(import.meta.dirname, '..', '..', '..', 'shared', 'tse', 'samples');
const skip = existsSync(SAMPLES) ? false : `TSE samples not found at ${SAMPLES}`;

/** Generous: a real 62 kB signature file decodes in well under 1 ms; a hang or a quadratic blow-up would not. */
const BUDGET_MS = 250;

const NAMES = [
  'o00406-0100700090002.bu',
  'o00452ac0139200010003-bu.dat',
  'o00407-0100700090001.rdv',
  'o00452ac0139200010003-rdv.dat',
  'o00407-0100700090001.vscmr',
  'o00452ac0139200010003-vota.vsc',
  'o00407-0100700090001.imgbu',
  'o00407-0100700090001.logjez',
  'download.bin',
];

type Decoder = (bytes: Uint8Array, name: string) => Result<unknown>;
const DECODERS: [string, Decoder][] = [
  ['decodeFile', (b, n) => decodeFile(n, b)],
  ['decodeBuFile', (b, n) => decodeBuFile(b, n)],
  ['decodeEnvelope', (b, n) => decodeEnvelope(b, n)],
  ['decodeResultadoRDV', (b, n) => decodeResultadoRDV(b, n)],
  ['decodeSignatureFile', (b, n) => decodeSignatureFile(b, n)],
  ['decodeAssinatura', (b, n) => decodeAssinatura(b, n)],
];

/** Runs every decoder on the input; fails the property on a throw, an overrun budget or a malformed problem. */
function survive(bytes: Uint8Array, name: string): void {
  for (const [label, decode] of DECODERS) {
    const start = performance.now();
    let r: Result<unknown>;
    try {
      r = decode(bytes, name);
    } catch (e) {
      assert.fail(`${label} threw on ${bytes.length} bytes: ${String(e)}`);
    }
    const ms = performance.now() - start;
    assert.ok(ms < BUDGET_MS, `${label} took ${ms.toFixed(1)} ms on ${bytes.length} bytes`);
    if (!r.ok) {
      assert.ok(r.problems.length > 0, `${label}: no problems`);
      for (const p of r.problems) {
        assert.equal(p.file, name);
        for (const k of ['path', 'expected', 'found'] as const) {
          assert.ok(typeof p[k] === 'string' && p[k].length > 0, `${label}: empty ${k} in ${JSON.stringify(p)}`);
        }
      }
    }
  }
  detectFile(name, bytes);
}

describe('random input never crashes, hangs or returns a silent failure', () => {
  test('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.constantFrom(...NAMES), (bytes, name) => survive(bytes, name)),
      { numRuns: 1500 },
    );
  });

  test('random bytes behind plausible headers (SEQUENCE, long-form lengths, the first real tags)', () => {
    const header = fc.constantFrom(
      [0x30, 0x82],
      [0x30, 0x84, 0xff, 0xff],
      [0x30, 0x80],
      [0x30, 0x81, 0x40, 0x30, 0x15, 0x1b, 0x0f],
      [0x30, 0x82, 0x02, 0x9d, 0x30, 0x15, 0x1b, 0x0f],
      [0x30, 0x0a, 0x0a, 0x01, 0x0d],
      [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c],
    );
    fc.assert(
      fc.property(header, fc.uint8Array({ maxLength: 600 }), fc.constantFrom(...NAMES), (h, tail, name) => {
        const bytes = new Uint8Array(h.length + tail.length);
        bytes.set(h);
        bytes.set(tail, h.length);
        survive(bytes, name);
      }),
      { numRuns: 1500 },
    );
  });

  test('deeply nested SEQUENCEs stop at the depth limit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), (depth) => {
        // 30 84 <len> repeated: every level claims the rest of the file.
        const bytes = new Uint8Array(depth * 6);
        for (let i = 0; i < depth; i++) {
          const len = (depth - i - 1) * 6;
          bytes.set([0x30, 0x84, len >>> 24, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff], i * 6);
        }
        survive(bytes, 'download.bin');
      }),
      { numRuns: 50 },
    );
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

type Mutation =
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'duplicate'; at: number; count: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.constantFrom(0x00, 0x30, 0x80, 0x84, 0xff) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 64 }) }),
);

function mutate(input: Uint8Array, m: Mutation): Uint8Array {
  if (input.length === 0) return input;
  const at = m.at % input.length;
  switch (m.kind) {
    case 'flip': {
      const out = input.slice();
      out[at] = out[at]! ^ m.mask;
      return out;
    }
    case 'set': {
      const out = input.slice();
      out[at] = m.value;
      return out;
    }
    case 'insert':
      return concat(input.subarray(0, at), m.bytes, input.subarray(at));
    case 'delete':
      return concat(input.subarray(0, at), input.subarray(Math.min(input.length, at + m.count)));
    case 'truncate':
      return input.subarray(0, at);
    case 'duplicate':
      return concat(input.subarray(0, at), input.subarray(at, at + m.count), input.subarray(at));
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe('mutations of every real sample file', { skip }, () => {
  const files = skip
    ? []
    : walk(SAMPLES)
        .filter((f) => /\.(bu|rdv|vscmr|imgbu)$|-bu\.dat$/.test(f))
        .map((f) => ({ name: f.slice(SAMPLES.length + 1), bytes: new Uint8Array(readFileSync(f)) }));

  test('1–5 random mutations: decode error or value, never a throw or a hang', () => {
    assert.ok(files.length >= 89);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: files.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 5 }),
        (i, ms) => {
          const f = files[i]!;
          let bytes: Uint8Array = f.bytes;
          for (const m of ms) bytes = mutate(bytes, m);
          survive(bytes, f.name);
        },
      ),
      { numRuns: 1500 },
    );
  });
});

describe('memory stays bounded', () => {
  test('elements declaring 2 GiB are refused before any allocation', () => {
    const lying = [
      [0x30, 0x84, 0x7f, 0xff, 0xff, 0xff],
      [0x30, 0x84, 0x00, 0x00, 0x00, 0x0c, 0x30, 0x15, 0x04, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x00, 0x00],
      [0x30, 0x84, 0x00, 0x00, 0x00, 0x08, 0x1b, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x41, 0x42],
    ].map((a) => new Uint8Array(a));
    for (const b of lying) survive(b, 'o00406-0100700090002.bu');
    global.gc?.();
    const before = process.memoryUsage();
    for (let i = 0; i < 2000; i++) for (const b of lying) decodeFile('o00406-0100700090002.bu', b);
    const after = process.memoryUsage();
    // 6,000 decodes of files that each claim 2 GiB: had any claim been allocated, this would be gigabytes.
    assert.ok(after.arrayBuffers - before.arrayBuffers < 32 * 1024 * 1024, 'array buffers');
    assert.ok(after.rss - before.rss < 256 * 1024 * 1024, 'rss');
  });
});
