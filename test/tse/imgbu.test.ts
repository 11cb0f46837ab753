// The .imgbu printer stream (src/tse/imgbu.ts) on the two real printed-BU images in shared/tse/samples, with the
// values EXPECTED.md gives; writing → parsing round trips; bounds (lying lengths, truncation) and fuzzing.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  MAX_RASTER_WIDTH,
  RASTER_BORDER,
  buildPrinterStream,
  parsePrinterStream,
  printedQrSignature,
  type PrinterItem,
  type PrinterStream,
} from '../../src/tse/imgbu.ts';
import { AC_T2, AP_T1, QR_DIR, SAMPLES, envelopeConteudo } from '../qr/fixtures.ts';

const AC_IMGBU = `${AC_T2}/o00407-0100700090001.imgbu`;
const AP_IMGBU = `${AP_T1}/o00406-0605000020824.imgbu`;
const skip = existsSync(AC_IMGBU) && existsSync(AP_IMGBU) ? false : `${SAMPLES} not found (../shared is absent)`;

function stream(path: string): { bytes: Uint8Array; value: PrinterStream } {
  const bytes = envelopeConteudo(new Uint8Array(readFileSync(path)));
  const r = parsePrinterStream(bytes, path);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  return { bytes, value: r.value };
}

/** EXPECTED.md's line for a printed-BU image: stream length, the QR bitmaps, the printed ASSI. */
function expected(imgbuName: string): { streamBytes: number; bitmaps: [number, number, number][]; assi: string } {
  const md = readFileSync(`${SAMPLES}/EXPECTED.md`, 'utf8');
  const line = md.split('\n').find((l) => l.includes(imgbuName) && l.includes('printer stream'))!;
  assert.ok(line, `EXPECTED.md describes ${imgbuName}`);
  return {
    streamBytes: Number(/printer stream (\d+) bytes/.exec(line)![1]),
    bitmaps: [
      ...line.matchAll(/QR version (\d+)-L \(mask \d, bitmap (\d+)×\d+ incl\. 2-module border, scale byte (\d+)\)/g),
    ].map((m) => [Number(m[1]), Number(m[2]), Number(m[3])] as [number, number, number]),
    assi: /ASSINATURA QR CODE` = ([0-9A-F]+)/.exec(line)![1]!,
  };
}

/** The 7×7 finder pattern at (x0, y0): dark ring, light ring, 3×3 dark centre. */
function hasFinder(m: Uint8Array, width: number, x0: number, y0: number): boolean {
  for (let y = 0; y < 7; y++) {
    for (let x = 0; x < 7; x++) {
      const ring = Math.max(Math.abs(x - 3), Math.abs(y - 3));
      const want = ring === 2 ? 0 : 1;
      if (m[(y0 + y) * width + x0 + x] !== want) return false;
    }
  }
  return true;
}

describe('real printed-BU images', { skip }, () => {
  for (const [path, name] of [
    [AC_IMGBU, 'o00407-0100700090001.imgbu'],
    [AP_IMGBU, 'o00406-0605000020824.imgbu'],
  ] as const) {
    test(`${name}: text, rasters and printed ASSI as EXPECTED.md says`, () => {
      const exp = expected(name);
      const { bytes, value } = stream(path);
      assert.equal(bytes.length, exp.streamBytes);
      assert.deepEqual(
        value.rasters.map((r) => [(r.width - 2 * RASTER_BORDER - 17) / 4, r.width, r.scale]),
        exp.bitmaps,
      );
      for (const r of value.rasters) {
        // The bit order is right if the three finder patterns sit inside the 2-module white border.
        const w = r.width;
        const inner = w - 2 * RASTER_BORDER;
        assert.ok(hasFinder(r.modules, w, 2, 2), 'top-left finder');
        assert.ok(hasFinder(r.modules, w, 2 + inner - 7, 2), 'top-right finder');
        assert.ok(hasFinder(r.modules, w, 2, 2 + inner - 7), 'bottom-left finder');
        for (let i = 0; i < w; i++) {
          for (const [x, y] of [
            [i, 0],
            [i, 1],
            [0, i],
            [1, i],
            [i, w - 1],
            [w - 1, i],
          ] as const) {
            assert.equal(r.modules[y * w + x], 0, 'white border');
          }
        }
      }
      assert.equal(printedQrSignature(value), exp.assi);
      const text = value.lines.map((l) => l.text);
      assert.equal(text[0], ' Justiça Eleitoral');
      assert.deepEqual(value.lines[0]!.styles, [0x15, 0x13]);
      assert.ok(text.includes('           Boletim de Urna'));
    });
  }

  test(
    'the printed numbers of the AC BU are those of its QR payload',
    { skip: existsSync(QR_DIR) ? false : 'no qr dir' },
    () => {
      const { value } = stream(AC_IMGBU);
      const printed = (label: string): string => {
        const l = value.lines.find((x) => x.text.startsWith(label));
        assert.ok(l, label);
        return l.text.slice(label.length).trim();
      };
      const qr = readFileSync(`${QR_DIR}/o00407-0100700090001_AC-BUJARI_2022-t2.qrbu.txt`, 'latin1');
      const field = (k: string): string => new RegExp(` ${k}:(\\S+)`).exec(qr)![1]!;
      assert.equal(Number(printed('Eleitores aptos')), Number(field('APTO')));
      assert.equal(Number(printed('Comparecimento')), Number(field('COMP')));
      assert.equal(Number(printed('Eleitores faltosos')), Number(field('FALT')));
      assert.equal(Number(printed('Habilitados por ano nascimento')), Number(field('HBMA')));
      assert.equal(Number(printed('Código identificação UE')), Number(field('IDUE')));
      assert.equal(printed('Horário de abertura').replaceAll(':', ''), field('HRAB'));
      assert.equal(printed('Horário de fechamento').replaceAll(':', ''), field('HRFC'));
      const cargaLine = value.lines.findIndex((l) => l.text.includes('Código de identificação da carga'));
      assert.equal(value.lines[cargaLine + 1]!.text.trim().replaceAll('.', ''), field('IDCA'));
      assert.ok(value.rasters[0]!.afterLine > 0 && value.rasters[0]!.afterLine < cargaLine);
    },
  );

  test('truncated at every position: a problem naming the byte, or the lines before the cut; never a throw', () => {
    const { bytes } = stream(AC_IMGBU);
    const raster = stream(AC_IMGBU).value.rasters[0]!;
    for (let n = 0; n <= bytes.length; n++) {
      const r = parsePrinterStream(bytes.subarray(0, n), 'cut.imgbu');
      const cutsRaster = n > raster.offset && n < raster.offset + 10 + Math.ceil(raster.width ** 2 / 8);
      assert.equal(r.ok, !cutsRaster, `cut at ${n}`);
      if (!r.ok) {
        assert.equal(r.problems[0]!.file, 'cut.imgbu');
        assert.match(r.problems[0]!.path, new RegExp(`byte ${raster.offset} \\(raster 1\\)`));
      }
    }
  });
});

describe('bounds', () => {
  const header = (byteLen: number, width: number, scale = 4): number[] => [
    0x0b,
    ...new Uint8Array(new Uint32Array([byteLen]).buffer),
    ...new Uint8Array(new Uint32Array([width]).buffer),
    scale,
  ];

  test('a byteLen larger than the buffer is refused without allocating it', () => {
    const r = parsePrinterStream(new Uint8Array([0x41, 0x0a, ...header(0xffffffff, 25)]), 'x');
    assert.ok(!r.ok);
    assert.match(r.problems[0]!.path, /byte 2 \(raster 1\) byteLen/);
    assert.equal(r.problems[0]!.found, '4294967295');
  });

  test('a width beyond any QR code is refused', () => {
    const w = MAX_RASTER_WIDTH + 1;
    const r = parsePrinterStream(new Uint8Array(header(Math.ceil((w * w) / 8), w)), 'x');
    assert.ok(!r.ok);
    assert.match(r.problems[0]!.path, /width/);
  });

  test('a consistent header with too few bitmap bytes is refused', () => {
    const r = parsePrinterStream(new Uint8Array([...header(79, 25), 1, 2, 3]), 'x');
    assert.ok(!r.ok);
    assert.match(r.problems[0]!.found, /3 bytes left/);
  });

  test('random bytes never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (b) => {
        const r = parsePrinterStream(b);
        if (r.ok) {
          for (const ras of r.value.rasters) assert.equal(ras.modules.length, ras.width * ras.width);
        } else assert.ok(r.problems[0]!.expected.length > 0);
      }),
      { numRuns: 3000 },
    );
  });

  test('random bytes after a raster marker never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 400 }), (head, rest) => {
        parsePrinterStream(new Uint8Array([0x0b, ...head, ...rest]));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('writing', () => {
  const latin1Text = fc
    .array(fc.integer({ min: 0x20, max: 0xff }), { maxLength: 60 })
    .map((cs) => String.fromCharCode(...cs));
  const item: fc.Arbitrary<PrinterItem> = fc.oneof(
    fc.record({
      text: latin1Text,
      styles: fc.array(fc.constantFrom(0x12, 0x13, 0x15), { maxLength: 2 }),
    }),
    fc.integer({ min: 1, max: 60 }).chain((width) =>
      fc.record({
        raster: fc.record({
          width: fc.constant(width),
          scale: fc.integer({ min: 1, max: 8 }),
          modules: fc.uint8Array({ min: 0, max: 1, minLength: width * width, maxLength: width * width }),
        }),
      }),
    ),
  );

  test('parse(build(items)) gives the items back', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 8 }), (items) => {
        const r = parsePrinterStream(buildPrinterStream(items));
        assert.ok(r.ok);
        const texts = items.flatMap((i) => ('text' in i ? [{ text: i.text, styles: [...(i.styles ?? [])] }] : []));
        assert.deepEqual(r.value.lines, texts);
        const rasters = items.flatMap((i) =>
          'raster' in i ? [{ width: i.raster.width, scale: i.raster.scale, modules: i.raster.modules }] : [],
        );
        assert.deepEqual(
          r.value.rasters.map(({ width, scale, modules }) => ({ width, scale, modules })),
          rasters,
        );
      }),
      { numRuns: 300 },
    );
  });

  test('re-writing the real AC stream from its parse gives the original bytes', { skip }, () => {
    const { bytes, value } = stream(AC_IMGBU);
    // The AC stream ends with a style byte and no newline: rebuild line by line, rasters at their places.
    const items: PrinterItem[] = [];
    let raster = 0;
    value.lines.forEach((l, i) => {
      while (raster < value.rasters.length && value.rasters[raster]!.afterLine === i)
        items.push({ raster: value.rasters[raster++]! });
      items.push({ text: l.text, styles: l.styles });
    });
    const rebuilt = buildPrinterStream(items);
    // The last line has no trailing \n in the original.
    assert.deepEqual(rebuilt.subarray(0, rebuilt.length - 1), bytes);
  });

  test('text outside Latin-1 and control characters become ?', () => {
    const r = parsePrinterStream(buildPrinterStream([{ text: 'a€\tb\u000bc' }]));
    assert.ok(r.ok);
    assert.equal(r.value.lines[0]!.text, 'a??b?c');
  });
});
