// Reading and writing QR codes (src/qr): the raster QR codes of the real .imgbu files decode (zxing-wasm, loaded
// from node_modules) to exactly the payloads in shared/tse/samples/qr; our payloads survive PNG → read → join →
// verify; several codes on a noisy, rotated, rescaled "photo" are all found.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { keyPairFromSeed, signer } from '../../src/crypto/ed25519.ts';
import { readQrFromImage, readQrFromModules, imageSize } from '../../src/qr/read.ts';
import { encodePngGray, renderModules, withBorder, type ModuleMatrix } from '../../src/qr/raster.ts';
import { qrModules, qrPng } from '../../src/qr/write.ts';
import { buildPrinterStream, parsePrinterStream, RASTER_BORDER } from '../../src/tse/imgbu.ts';
import { buildQrPayloads, checkAssi, checkQrHashChain, joinQrSymbols } from '../../src/tse/qr-payload.ts';
import { AC_T2, AP_T1, QR_DIR, buArb, envelopeConteudo } from './fixtures.ts';

const skip = existsSync(QR_DIR) && existsSync(AC_T2) && existsSync(AP_T1) ? false : 'shared/tse/samples absent';
const lines = (file: string): string[] =>
  readFileSync(file, 'latin1')
    .split('\n')
    .filter((l) => l.length > 0);

describe('the real .imgbu rasters', { skip }, () => {
  for (const [imgbu, payloads] of [
    [`${AC_T2}/o00407-0100700090001.imgbu`, `${QR_DIR}/o00407-0100700090001_AC-BUJARI_2022-t2.qrbu.txt`],
    [`${AP_T1}/o00406-0605000020824.imgbu`, `${QR_DIR}/o00406-0605000020824_AP-MACAPA_2022-t1.qrbu.txt`],
  ] as const) {
    test(`${imgbu.split('/').pop()!} decodes to the sample payloads, and they verify`, async () => {
      const r = parsePrinterStream(envelopeConteudo(new Uint8Array(readFileSync(imgbu))), imgbu);
      assert.ok(r.ok);
      const texts: string[] = [];
      for (const ras of r.value.rasters) {
        const t = await readQrFromModules({ size: ras.width, modules: ras.modules });
        assert.ok(t !== undefined, 'raster decodes');
        texts.push(t);
      }
      assert.deepEqual(texts, lines(payloads));
      const p = joinQrSymbols(texts, imgbu);
      assert.ok(p.ok);
      assert.equal(checkQrHashChain(p.value).status, 'pass');
    });
  }

  test('a raster damaged beyond error correction does not decode', async () => {
    const r = parsePrinterStream(envelopeConteudo(new Uint8Array(readFileSync(`${AC_T2}/o00407-0100700090001.imgbu`))));
    assert.ok(r.ok);
    const ras = r.value.rasters[0]!;
    const modules = new Uint8Array(ras.modules);
    // Invert the middle third of the symbol: far more than level L's ~7% recovery.
    for (let y = Math.floor(ras.width / 3); y < Math.floor((2 * ras.width) / 3); y++) {
      for (let x = 9; x < ras.width - 9; x++) modules[y * ras.width + x] = 1 - modules[y * ras.width + x]!;
    }
    assert.equal(await readQrFromModules({ size: ras.width, modules }), undefined);
  });
});

describe('our QR codes', () => {
  const key = keyPairFromSeed(new Uint8Array(32).fill(3));
  const [bu] = fc.sample(buArb(80), { numRuns: 1, seed: 42 });
  const texts = buildQrPayloads(bu!, { VRQR: '1.5', VRCH: '20240507', processo: 1, turno: 1, uf: 'SP' }, signer(key));

  test('build → PNG → read → join → the chain and ASSI verify', async () => {
    assert.ok(texts.length >= 2, `the sample BU needs several codes (has ${texts.length})`);
    const read: string[] = [];
    for (const t of texts) {
      const png = await qrPng(t);
      assert.equal(imageSize(png)?.type, 'png');
      const r = await readQrFromImage(png, { file: 'qr.png' });
      assert.ok(r.ok);
      assert.deepEqual(r.value, [t]);
      read.push(r.value[0]!);
    }
    const p = joinQrSymbols(read.reverse());
    assert.ok(p.ok);
    assert.equal(checkQrHashChain(p.value).status, 'pass');
    assert.equal(checkAssi(p.value, { ed25519PublicKey: key.publicKey }).status, 'pass');
  });

  test('build → module matrix → .imgbu raster block → parse → read gives the same texts', async () => {
    const items = texts.flatMap((t) => {
      const m = withBorder(qrModules(t), RASTER_BORDER);
      return [{ text: 'QR CODE' }, { raster: { width: m.size, scale: 4, modules: m.modules } }];
    });
    const r = parsePrinterStream(buildPrinterStream(items));
    assert.ok(r.ok);
    const back: (string | undefined)[] = [];
    for (const ras of r.value.rasters) back.push(await readQrFromModules({ size: ras.width, modules: ras.modules }));
    assert.deepEqual(back, texts);
  });

  test('level M codes are larger than level L and read the same', async () => {
    const t = texts[0]!;
    const l = qrModules(t, { ecLevel: 'L' });
    const m = qrModules(t, { ecLevel: 'M' });
    assert.ok(m.version > l.version);
    assert.equal(l.size, 17 + 4 * l.version);
    assert.equal(await readQrFromModules(m), t);
  });
});

/** Deterministic noise, so a failure replays. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Placement {
  m: ModuleMatrix;
  cx: number;
  cy: number;
  /** Pixels per module (not an integer: a camera does not align with the modules). */
  scale: number;
  degrees: number;
}

/** A grey "photo": uneven lighting, each code placed rotated and rescaled on paper, sensor noise. */
function photo(width: number, height: number, placements: Placement[], seed: number): Uint8Array {
  const rnd = prng(seed);
  const g = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) g[y * width + x] = 150 + Math.round((60 * x) / width); // a shadow on one side
  }
  for (const p of placements) {
    const cos = Math.cos((p.degrees * Math.PI) / 180);
    const sin = Math.sin((p.degrees * Math.PI) / 180);
    const half = p.m.size / 2;
    const reach = Math.ceil((p.m.size / 2 + 4) * p.scale * 1.5);
    for (let y = Math.max(0, p.cy - reach); y < Math.min(height, p.cy + reach); y++) {
      for (let x = Math.max(0, p.cx - reach); x < Math.min(width, p.cx + reach); x++) {
        const dx = (x - p.cx) / p.scale;
        const dy = (y - p.cy) / p.scale;
        const u = cos * dx + sin * dy + half;
        const v = -sin * dx + cos * dy + half;
        if (u < -4 || v < -4 || u >= p.m.size + 4 || v >= p.m.size + 4) continue; // outside the paper's quiet zone
        const inside = u >= 0 && v >= 0 && u < p.m.size && v < p.m.size;
        const dark = inside && p.m.modules[Math.floor(v) * p.m.size + Math.floor(u)] === 1;
        g[y * width + x] = dark ? 45 : 225;
      }
    }
  }
  for (let i = 0; i < g.length; i++) g[i] = Math.max(0, Math.min(255, g[i]! + Math.round((rnd() - 0.5) * 70)));
  return g;
}

describe('reading a photo of a printed BU', { skip }, () => {
  test('the three AP codes, rotated, rescaled and noisy on one picture, are all read and verify', async () => {
    const texts = lines(`${QR_DIR}/o00406-0605000020824_AP-MACAPA_2022-t1.qrbu.txt`);
    const ms = texts.map((t) => qrModules(t));
    const placements: Placement[] = [
      { m: ms[0]!, cx: 300, cy: 330, scale: 4.3, degrees: 4 },
      { m: ms[1]!, cx: 830, cy: 310, scale: 3.7, degrees: -7 },
      { m: ms[2]!, cx: 1350, cy: 350, scale: 4.1, degrees: 11 },
    ];
    const png = encodePngGray(1700, 680, photo(1700, 680, placements, 1), (raw) => deflateSync(raw));
    const r = await readQrFromImage(png, { file: 'foto.png' });
    assert.ok(r.ok);
    assert.deepEqual([...r.value].sort(), [...texts].sort());
    const p = joinQrSymbols(r.value);
    assert.ok(p.ok);
    assert.equal(checkQrHashChain(p.value).status, 'pass');
  });

  test('a photo taken upside down, stored without compression, still reads', async () => {
    const t = lines(`${QR_DIR}/o00407-0100700090001_AC-BUJARI_2022-t2.qrbu.txt`)[0]!;
    const png = encodePngGray(
      520,
      520,
      photo(520, 520, [{ m: qrModules(t), cx: 260, cy: 260, scale: 5.2, degrees: 183 }], 2),
    );
    const r = await readQrFromImage(png);
    assert.ok(r.ok);
    assert.deepEqual(r.value, [t]);
  });
});

describe('bad images', () => {
  test('not an image: a problem naming the file', async () => {
    const r = await readQrFromImage(new TextEncoder().encode('QRBU:1:1 not a picture'), { file: 'x.jpg' });
    assert.ok(!r.ok);
    assert.equal(r.problems[0]!.file, 'x.jpg');
    assert.equal(r.problems[0]!.expected, 'a PNG or JPEG image');
  });

  test('a PNG claiming 100000×100000 pixels is refused before decoding', async () => {
    const png = encodePngGray(4, 4, new Uint8Array(16));
    new DataView(png.buffer).setUint32(16, 100000);
    new DataView(png.buffer).setUint32(20, 100000);
    const r = await readQrFromImage(png);
    assert.ok(!r.ok);
    assert.match(r.problems[0]!.found, /100000×100000/);
  });

  test('a JPEG header is recognised with its size', () => {
    // SOI, APP0 (length 16), SOF0 (length 17: precision 8, height 480, width 640, …).
    const jpeg = new Uint8Array([
      0xff,
      0xd8,
      0xff,
      0xe0,
      0x00,
      0x10,
      ...new Array<number>(14).fill(0),
      0xff,
      0xc0,
      0x00,
      0x11,
      0x08,
      0x01,
      0xe0,
      0x02,
      0x80,
      0x03,
    ]);
    assert.deepEqual(imageSize(jpeg), { type: 'jpeg', width: 640, height: 480 });
  });

  test('a blank picture has no QR code', async () => {
    const r = await readQrFromImage(encodePngGray(64, 64, new Uint8Array(64 * 64).fill(255)));
    assert.deepEqual(r, { ok: true, value: [] });
  });

  test('truncated and corrupted PNGs of a QR code never throw', async () => {
    const png = await qrPng('QRBU:1:1 VRQR:1.5 X:1');
    const rnd = prng(9);
    for (let k = 0; k < 40; k++) {
      const b = new Uint8Array(png.subarray(0, 8 + Math.floor(rnd() * (png.length - 8))));
      const at = Math.floor(rnd() * b.length);
      if (k % 2) b[at] = 0xff - b[at]!;
      const r = await readQrFromImage(b);
      if (r.ok) assert.ok(Array.isArray(r.value));
    }
  });

  test('renderModules gives an ImageData-shaped picture', () => {
    const img = renderModules({ size: 1, modules: new Uint8Array([1]) }, { scale: 2, quietZone: 1 });
    assert.equal(img.width, 6);
    assert.equal(img.data.length, 6 * 6 * 4);
    assert.equal(img.data[(2 * 6 + 2) * 4], 0);
    assert.equal(img.data[0], 255);
  });
});
