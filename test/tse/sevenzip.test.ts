import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import {
  crc32,
  decodeLzma,
  readSevenZip,
  sevenZipNumber,
  writeSevenZip,
  type SevenZipArchive,
} from '../../src/tse/sevenzip.ts';
import type { Result } from '../../src/election/problem.ts';

const SAMPLES = '../shared/tse/samples';
const skipSamples = existsSync(SAMPLES) ? false : `TSE samples not found at ${SAMPLES} (../shared is absent)`;

// LZMA-JS (the installed `lzma` package): an independent LZMA encoder for building test archives, and an
// independent decoder to compare against on the real files.
const require = createRequire(import.meta.url);
const LZMAJS = require('lzma') as {
  compress(data: Uint8Array, mode: number): number[];
  decompress(data: Uint8Array): string | ArrayLike<number>;
};
function lzmaJsPack(data: Uint8Array, mode = 1): { props: Uint8Array; packed: Uint8Array } {
  const r = Uint8Array.from(LZMAJS.compress(data, mode), (b) => b & 0xff); // ".lzma": props(5) size(8) stream
  return { props: r.slice(0, 5), packed: r.slice(13) };
}
function lzmaJsUnpack(props: Uint8Array, size: number, stream: Uint8Array): Uint8Array {
  const alone = new Uint8Array(13 + stream.length);
  alone.set(props, 0);
  new DataView(alone.buffer).setBigUint64(5, BigInt(size), true);
  alone.set(stream, 13);
  const r = LZMAJS.decompress(alone);
  // LZMA-JS hands back a string whenever the bytes happen to be valid UTF-8.
  return typeof r === 'string' ? new TextEncoder().encode(r) : Uint8Array.from(r, (b) => b & 0xff);
}

/** The "Logs" table of EXPECTED.md: file → logd.dat size and line count. */
function expectedLogs(): { path: string; size: number; lines: number }[] {
  const md = readFileSync(`${SAMPLES}/EXPECTED.md`, 'utf8');
  const section = md.slice(md.indexOf('## Logs'));
  const rows = [...section.matchAll(/^\| `([^`]+\.logjez)` \| logd\.dat \((\d+) B\) \| (\d+) \|/gm)];
  return rows.map((m) => ({ path: m[1]!, size: Number(m[2]), lines: Number(m[3]) }));
}

const read = (p: string): Uint8Array => new Uint8Array(readFileSync(p));
const problemsOf = (r: Result<SevenZipArchive>): string => (r.ok ? '(ok)' : JSON.stringify(r.problems));

/** An archive around a hand-built header: packed bytes right after the signature header, CRCs filled in. */
function archive(packed: Uint8Array, header: Uint8Array): Uint8Array {
  const out = new Uint8Array(32 + packed.length + header.length);
  out.set([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]);
  out.set(packed, 32);
  out.set(header, 32 + packed.length);
  const dv = new DataView(out.buffer);
  dv.setBigUint64(12, BigInt(packed.length), true);
  dv.setBigUint64(20, BigInt(header.length), true);
  dv.setUint32(28, crc32(header), true);
  dv.setUint32(8, crc32(out, 12, 32), true);
  return out;
}

const num = (n: number): number[] => [...sevenZipNumber(n)];
const utf16z = (s: string): number[] =>
  [...s].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >>> 8]).concat(0, 0);

/** kHeader with one folder of the given coders (a single coder unless `chain`), one file "logd.dat". */
function header(coders: { id: number[]; props?: number[] }[], packSize: number, unpackSize: number): Uint8Array {
  const coderBytes: number[] = [];
  for (const c of coders) {
    const p = c.props ?? [];
    coderBytes.push(c.id.length | (p.length ? 0x20 : 0), ...c.id);
    if (p.length) coderBytes.push(...num(p.length), ...p);
  }
  const bindPairs = coders.length > 1 ? [...num(1), ...num(0)] : [];
  const name = utf16z('logd.dat');
  return Uint8Array.from([
    0x01,
    0x04,
    ...[0x06, ...num(0), ...num(1), 0x09, ...num(packSize), 0x00],
    ...[0x07, 0x0b, ...num(1), 0x00, ...num(coders.length), ...coderBytes, ...bindPairs],
    ...[0x0c, ...coders.map(() => num(unpackSize)).flat(), 0x00],
    0x00,
    ...[0x05, ...num(1), 0x11, ...num(name.length + 1), 0x00, ...name, 0x00],
    0x00,
  ]);
}

const LZMA_PROPS = [0x5d, 0x00, 0x00, 0x10, 0x00];

describe('crc32 and the 7z NUMBER', () => {
  test('CRC32 check value', () => {
    // The standard check value of CRC-32/ISO-HDLC over "123456789".
    assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
    assert.equal(crc32(new Uint8Array(0)), 0);
  });

  test('NUMBER encodings from 7zFormat.txt', () => {
    assert.deepEqual(num(0x7f), [0x7f]);
    assert.deepEqual(num(0x80), [0x80, 0x80]); // 10xxxxxx + 1 byte
    assert.deepEqual(num(0x3fff), [0xbf, 0xff]);
    assert.deepEqual(num(0x4000), [0xc0, 0x00, 0x40]); // 110xxxxx + 2 bytes
    assert.deepEqual(num(712981), [0xca, 0x15, 0xe1]); // as written in the real sample's header
    assert.deepEqual(num(2 ** 53 - 1), [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f]); // 11111110 + 7 bytes
  });
});

describe('readSevenZip on the real urna logs', { skip: skipSamples }, () => {
  const logs = skipSamples ? [] : expectedLogs();

  test('EXPECTED.md lists the logs', () => assert.ok(logs.length >= 2, `found ${logs.length} log rows`));

  for (const exp of logs) {
    test(exp.path, () => {
      const bytes = read(`${SAMPLES}/${exp.path}`);
      const r = readSevenZip(bytes, exp.path);
      assert.ok(r.ok, problemsOf(r));
      const a = r.value;
      assert.deepEqual(a.version, { major: 0, minor: 4 }); // TSE-FORMATS §6: version 0.4, LZMA1
      assert.deepEqual(a.coders, ['LZMA']);
      assert.equal(a.entries.length, 1);
      const e = a.entries[0]!;
      assert.equal(e.name, 'logd.dat');
      assert.equal(e.size, exp.size);
      assert.equal(e.data.length, exp.size);
      assert.ok(e.crc32 !== undefined, 'the urna writes a CRC per file');
      assert.equal(e.data.filter((b) => b === 0x0a).length, exp.lines); // one event per line, each ends in LF
      // Packed at the end of the 2º turno: pleito 407 was on 2022-10-30 (MANIFEST.md).
      assert.equal(new Date(e.mtimeMs!).toISOString().slice(0, 10), '2022-10-30');
    });
  }

  test('our LZMA decoder and LZMA-JS agree on the real packed streams', () => {
    for (const exp of logs) {
      const bytes = read(`${SAMPLES}/${exp.path}`);
      const r = readSevenZip(bytes, exp.path);
      assert.ok(r.ok);
      // The urna's archives hold one LZMA folder packed right after the signature header; its end is the header.
      const headerAt = 32 + Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(12, true));
      const i = bytes.indexOf(0x5d, headerAt); // the coder's props byte (lc=3 lp=0 pb=2) inside the header
      const props = bytes.slice(i, i + 5);
      const theirs = lzmaJsUnpack(props, exp.size, bytes.subarray(32, headerAt));
      assert.deepEqual(r.value.entries[0]!.data, theirs);
    }
  });

  test('speed: our LZMA decoder against LZMA-JS on the same stream', (t) => {
    const exp = logs[logs.length - 1]!;
    const bytes = read(`${SAMPLES}/${exp.path}`);
    const headerAt = 32 + Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(12, true));
    const props = bytes.slice(bytes.indexOf(0x5d, headerAt), bytes.indexOf(0x5d, headerAt) + 5);
    const time = (f: () => void, n: number): number => {
      f();
      const t0 = performance.now();
      for (let k = 0; k < n; k++) f();
      return (performance.now() - t0) / n;
    };
    const ours = time(() => decodeLzma(bytes, props, exp.size, 32, headerAt), 10);
    const theirs = time(() => lzmaJsUnpack(props, exp.size, bytes.subarray(32, headerAt)), 3);
    const mbs = (ms: number): string => (exp.size / 1e3 / ms).toFixed(1);
    t.diagnostic(
      `LZMA decode ${exp.size} B: ours ${ours.toFixed(1)} ms (${mbs(ours)} MB/s), LZMA-JS ${theirs.toFixed(1)} ms (${mbs(theirs)} MB/s)`,
    );
    assert.ok(ours < theirs, `ours ${ours} ms should beat LZMA-JS ${theirs} ms`);
  });
});

describe('tampered real logs', { skip: skipSamples }, () => {
  const path = skipSamples ? '' : `${SAMPLES}/${expectedLogs()[0]!.path}`;
  const original = skipSamples ? new Uint8Array(0) : read(path);
  const headerAt = skipSamples ? 0 : 32 + Number(new DataView(original.buffer).getBigUint64(12, true));
  const flip = (pos: number): Uint8Array => {
    const b = original.slice();
    b[pos]! ^= 0x01;
    return b;
  };
  const failsAt = (bytes: Uint8Array, pattern: RegExp): void => {
    const r = readSevenZip(bytes, 'tampered.logjez');
    assert.ok(!r.ok, 'must not read');
    assert.equal(r.problems[0]!.file, 'tampered.logjez');
    const p = r.problems[0]!;
    assert.match(`${p.path} ${p.expected} ${p.found}`, pattern);
  };

  test('a flipped byte in the signature header names StartHeaderCRC', () => {
    for (const pos of [12, 20, 28]) failsAt(flip(pos), /StartHeaderCRC/);
    failsAt(flip(8), /StartHeaderCRC/); // the CRC field itself
  });

  test('a flipped byte in the header names NextHeaderCRC', () => {
    for (const pos of [headerAt, headerAt + 10, original.length - 1]) failsAt(flip(pos), /NextHeaderCRC/);
  });

  test('a flipped byte in the packed data never yields different data: LZMA error or the file CRC', () => {
    const good = readSevenZip(original, 'good');
    assert.ok(good.ok);
    for (const pos of [32, 33, 40, 1000, 50_000, headerAt - 20, headerAt - 5]) failsAt(flip(pos), /LZMA|CRC/);
    // The range coder's last bytes only carry low-order bits the final symbols never look at: a flip there
    // decodes to the very same bytes (same CRC), which is not a corruption of the log.
    for (let pos = headerAt - 4; pos < headerAt; pos++) {
      const r = readSevenZip(flip(pos), 'tail');
      if (r.ok) assert.deepEqual(r.value.entries[0]!.data, good.value.entries[0]!.data);
    }
  });

  test('magic and version', () => {
    failsAt(flip(0), /magic/);
    const v = original.slice();
    v[6] = 1;
    failsAt(v, /version\.major/);
  });

  test('truncated at several positions: a clear error, never a throw', () => {
    for (const len of [0, 1, 6, 20, 31, 32, 33, 1000, headerAt, headerAt + 1, original.length - 1]) {
      failsAt(original.subarray(0, len), /more byte|truncated|CRC/);
    }
  });

  test('a header forged to declare 10 GiB is refused before decoding', () => {
    const size = expectedLogs()[0]!.size;
    const h = original.subarray(headerAt);
    const was = [0x0c, ...num(size)];
    const at = h.findIndex((_, i) => was.every((b, k) => h[i + k] === b));
    assert.ok(at > 0, 'found kCodersUnPackSize in the real header');
    const forged = Uint8Array.from([...h.subarray(0, at), 0x0c, ...num(10 * 2 ** 30), ...h.subarray(at + was.length)]);
    const t0 = performance.now();
    const r = readSevenZip(archive(original.subarray(32, headerAt), forged), 'forged.logjez');
    assert.ok(performance.now() - t0 < 1000, 'refused quickly');
    assert.ok(!r.ok);
    assert.match(r.problems[0]!.path, /UnPackSize/);
    assert.match(r.problems[0]!.found, /10737418240 bytes \(refused before decoding\)/);
  });

  test('the cap is configurable and applies to the real size too', () => {
    const r = readSevenZip(original, 'x', { maxUnpackedBytes: 100_000 });
    assert.ok(!r.ok);
    assert.match(r.problems[0]!.expected, /within the limit of 100000 bytes/);
  });
});

describe('hand-built archives', () => {
  const data = new TextEncoder().encode('01/01/2024 00:00:00\tINFO\t1\tLOGD\tteste\t0123456789ABCDEF\n');

  test('Copy coder', () => {
    const r = readSevenZip(archive(data, header([{ id: [0x00] }], data.length, data.length)), 'copy.7z');
    assert.ok(r.ok, problemsOf(r));
    assert.deepEqual(r.value.entries[0]!.data, data);
    assert.equal(r.value.entries[0]!.crc32, undefined); // this header carries no CRC
  });

  const unsupported: [string, { id: number[]; props?: number[] }[], RegExp][] = [
    ['LZMA2', [{ id: [0x21], props: [0x18] }], /unsupported 7z coder 21 \(LZMA2\)/],
    ['AES', [{ id: [0x06, 0xf1, 0x07, 0x01], props: [1, 2] }], /unsupported 7z coder 06f10701 \(AES-256\)/],
    ['PPMd', [{ id: [0x03, 0x04, 0x01], props: [6, 0, 0, 0, 1] }], /unsupported 7z coder 030401 \(PPMD\)/],
    [
      'BCJ + LZMA',
      [{ id: [0x03, 0x03, 0x01, 0x03] }, { id: [0x03, 0x01, 0x01], props: LZMA_PROPS }],
      /unsupported 7z coder chain 03030103 \(BCJ\) \+ 030101 \(LZMA\)/,
    ],
  ];
  for (const [name, coders, pattern] of unsupported) {
    test(`unsupported coder: ${name}`, () => {
      const r = readSevenZip(archive(data, header(coders, data.length, data.length)), 'x.7z');
      assert.ok(!r.ok);
      assert.match(r.problems[0]!.found, pattern);
      assert.match(r.problems[0]!.path, /UnPackInfo\.Folder\[0\]/);
    });
  }

  test('a Copy folder whose sizes disagree', () => {
    const r = readSevenZip(archive(data, header([{ id: [0x00] }], data.length, data.length + 1)), 'x.7z');
    assert.ok(!r.ok);
    assert.match(r.problems[0]!.expected, /pack size = unpack size/);
  });

  test('a pack stream that runs past the end of the file', () => {
    const h = header([{ id: [0x03, 0x01, 0x01], props: LZMA_PROPS }], 10_000, 50);
    const r = readSevenZip(archive(data, h), 'x.7z');
    assert.ok(!r.ok);
    assert.match(r.problems[0]!.path, /PackSizes\[0\]/);
  });

  test('an empty archive', () => {
    const r = readSevenZip(archive(new Uint8Array(0), new Uint8Array(0)), 'empty.7z');
    assert.ok(r.ok, problemsOf(r));
    assert.deepEqual(r.value.entries, []);
  });
});

describe('LZMA decoder against the LZMA-JS encoder', () => {
  test('random and repetitive inputs round-trip', () => {
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 3000 }),
      fc.array(fc.constantFrom(0x41, 0x42, 0x0a, 0xe9), { maxLength: 6000 }).map((a) => Uint8Array.from(a)),
      fc
        .tuple(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 300 }))
        .map(([chunk, n]) => Uint8Array.from({ length: chunk.length * n }, (_, i) => chunk[i % chunk.length]!)),
    );
    fc.assert(
      fc.property(input, fc.integer({ min: 1, max: 9 }), (data, mode) => {
        const { props, packed } = lzmaJsPack(data, mode);
        const r = decodeLzma(packed, props, data.length);
        assert.ok(r.ok, r.ok ? '' : r.reason);
        assert.deepEqual(r.value, data);
      }),
      { numRuns: 60 },
    );
  });

  test('bad properties and truncated streams are reasons, not throws', () => {
    const data = new TextEncoder().encode('abcabcabc'.repeat(500));
    const { props, packed } = lzmaJsPack(data);
    const badProps = decodeLzma(packed, Uint8Array.of(0xe1, 0, 0, 1, 0), data.length);
    assert.ok(!badProps.ok && /properties byte/.test(badProps.reason));
    // (Cut beyond the last symbol, only the end marker / flush bytes are lost: not a truncation of the data.)
    for (const len of [0, 3, 5, 10, packed.length >> 1]) {
      const r = decodeLzma(packed.subarray(0, len), props, data.length);
      assert.ok(!r.ok, `truncated to ${len} must fail`);
      assert.match(r.reason, /truncated|not an LZMA stream/);
    }
  });
});

describe('writeSevenZip → readSevenZip', () => {
  const entry = fc.record({
    name: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !s.includes('\0')),
    data: fc.oneof(fc.constant(new Uint8Array(0)), fc.uint8Array({ maxLength: 2000 })),
    mtimeMs: fc.integer({ min: 0, max: 4_000_000_000_000 }),
  });
  const modes = [
    { label: 'Copy', opts: {} },
    { label: 'LZMA', opts: { lzma: (d: Uint8Array) => lzmaJsPack(d) } },
    { label: 'LZMA + encoded header', opts: { lzma: (d: Uint8Array) => lzmaJsPack(d), encodeHeader: true } },
  ];
  for (const { label, opts } of modes) {
    test(label, () => {
      fc.assert(
        fc.property(fc.array(entry, { maxLength: 6 }), (entries) => {
          const r = readSevenZip(writeSevenZip(entries, opts), 'w.7z');
          assert.ok(r.ok, problemsOf(r));
          assert.equal(r.value.encodedHeader, label.includes('encoded'));
          assert.deepEqual(
            r.value.entries.map((e) => ({ name: e.name, data: e.data, mtimeMs: e.mtimeMs, dir: e.isDirectory })),
            entries.map((e) => ({ name: e.name, data: e.data, mtimeMs: e.mtimeMs, dir: false })),
          );
        }),
        { numRuns: label === 'Copy' ? 100 : 30 },
      );
    });
  }
});

describe('fuzzing: never a throw, never a hang', () => {
  const small = writeSevenZip(
    [
      { name: 'logd.dat', data: new TextEncoder().encode('x\ty\n'.repeat(200)) },
      { name: 'b', data: Uint8Array.of(1, 2, 3) },
    ],
    { lzma: (d) => lzmaJsPack(d), encodeHeader: true },
  );
  const limits = { maxUnpackedBytes: 4 * 1024 * 1024 };
  const quick = (bytes: Uint8Array): void => {
    const t0 = performance.now();
    const r = readSevenZip(bytes, 'fuzz.7z', limits);
    assert.ok(performance.now() - t0 < 2000, 'finished within 2 s');
    if (!r.ok) {
      assert.ok(r.problems.length > 0);
      assert.equal(r.problems[0]!.file, 'fuzz.7z');
      assert.doesNotMatch(r.problems[0]!.found, /internal error/);
    }
  };

  test('random bytes, with and without the 7z magic', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.boolean(), (junk, magic) => {
        const b = junk.slice();
        if (magic) b.set([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c].slice(0, b.length));
        quick(b);
      }),
      { numRuns: 500 },
    );
  });

  test('random mutations of a valid archive (CRCs fixed up so the parser sees them)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        (edits, fixCrc) => {
          const b = small.slice();
          for (const [pos, v] of edits) b[pos % b.length] = v;
          if (fixCrc) {
            const dv = new DataView(b.buffer);
            const at = 32 + Number(dv.getBigUint64(12, true));
            const size = Number(dv.getBigUint64(20, true));
            if (at + size <= b.length) dv.setUint32(28, crc32(b, at, at + size), true);
            dv.setUint32(8, crc32(b, 12, 32), true);
          }
          quick(b);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('random mutations of a plain header, CRCs fixed up: every header field gets hit', () => {
    const plain = writeSevenZip([
      { name: 'logd.dat', data: Uint8Array.of(1, 2, 3, 4), mtimeMs: 0 },
      { name: 'vazio', data: new Uint8Array(0), mtimeMs: 0 },
      { name: 'z.jez', data: Uint8Array.of(9), mtimeMs: 0 },
    ]);
    const dv0 = new DataView(plain.buffer);
    const at = 32 + Number(dv0.getBigUint64(12, true));
    const size = Number(dv0.getBigUint64(20, true));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(size - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        (edits) => {
          const b = plain.slice();
          for (const [pos, v] of edits) b[at + pos] = v;
          const dv = new DataView(b.buffer);
          dv.setUint32(28, crc32(b, at, at + size), true);
          dv.setUint32(8, crc32(b, 12, 32), true);
          quick(b);
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('every truncation of a small archive', () => {
    for (let len = 0; len < small.length; len++) {
      const r = readSevenZip(small.subarray(0, len), 'cut.7z');
      assert.ok(!r.ok, `truncated to ${len} must fail`);
    }
  });
});
