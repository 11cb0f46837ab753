// A printed BU's QR codes photographed as JPEG (lossy, with compression artefacts): read back exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import jpeg from 'jpeg-js';
import { readQrFromImage } from '../../src/qr/read.ts';
import { renderModules } from '../../src/qr/raster.ts';
import { qrModules } from '../../src/qr/write.ts';
import { joinQrSymbols, checkQrHashChain } from '../../src/tse/qr-payload.ts';

const SAMPLE = new URL(
  '../../../shared/tse/samples/qr/o00406-0605000020824_AP-MACAPA_2022-t1.qrbu.txt',
  import.meta.url,
);

test('QR codes in a JPEG photo are read back exactly, and the joined payload verifies', async (t) => {
  if (!fs.existsSync(SAMPLE)) return t.skip('TSE QR samples not found (../shared is absent)');
  const parts = fs
    .readFileSync(SAMPLE, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.startsWith('QRBU:'));
  assert.equal(parts.length, 3, 'the AP 2022 BU has 3 QR codes');
  const read: string[] = [];
  for (const text of parts) {
    const img = renderModules(qrModules(text, { ecLevel: 'L' }), { scale: 5, quietZone: 4 });
    // Darken the paper a little and add noise, as a phone photo would, then compress at a middling quality.
    const noisy = Buffer.from(img.data);
    for (let i = 0; i < noisy.length; i += 4) {
      const v = Math.max(0, Math.min(255, noisy[i]! * 0.85 + 20 + ((i * 2654435761) % 23) - 11));
      noisy[i] = noisy[i + 1] = noisy[i + 2] = v;
    }
    const file = jpeg.encode({ width: img.width, height: img.height, data: noisy }, 60).data;
    const r = await readQrFromImage(new Uint8Array(file), { file: 'foto.jpg' });
    assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.problems));
    assert.deepEqual(r.value, [text], 'the JPEG decodes to the exact payload');
    read.push(...r.value);
  }
  const joined = joinQrSymbols(read.reverse());
  assert.ok(joined.ok, joined.ok ? '' : JSON.stringify(joined.problems));
  assert.equal(checkQrHashChain(joined.value).status, 'pass');
});
