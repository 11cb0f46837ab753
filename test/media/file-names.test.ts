import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  RESULT_FILES,
  parseResultFileName,
  resultFileName,
  resultFileStem,
  type ResultFileKind,
} from '../../src/media/file-names.ts';

describe('results media file names (TSE V2: fpppppuuMMMMMZZZZSSSS-suf.ext)', () => {
  test('the stem of a real TSE file name: o00452ac0139200010003-bu.dat (TSE-FORMATS.md §1)', () => {
    const id = { fase: 'oficial', pleito: 452, uf: 'AC', municipio: 1392, zona: 1, secao: 3 } as const;
    assert.equal(resultFileStem(id), 'o00452ac0139200010003');
    assert.equal(resultFileName(id, 'bu'), 'o00452ac0139200010003-bu.dat');
    assert.equal(resultFileName(id, 'vota'), 'o00452ac0139200010003-vota.vsc');
    assert.equal(resultFileName(id, 'imgbu'), 'o00452ac0139200010003-imgbu.dat');
    assert.equal(resultFileName(id, 'log'), 'o00452ac0139200010003-log.jez');
    assert.equal(resultFileName(id, 'zeresima'), 'o00452ac0139200010003-zeresima.txt');
  });

  test('the real TSE name parses back, with our kind for the files we write', () => {
    assert.equal(parseResultFileName('o00452ac0139200010003-jufa.dat')?.kind, undefined); // a TSE file we do not write
    const p = parseResultFileName('o00452ac0139200010003-bu.dat');
    assert.deepEqual(p, {
      fase: 'oficial',
      pleito: 452,
      uf: 'AC',
      municipio: 1392,
      zona: 1,
      secao: 3,
      stem: 'o00452ac0139200010003',
      suffix: 'bu.dat',
      kind: 'bu',
    });
  });

  test('fase letters: s = simulado, t = treinamento', () => {
    assert.equal(parseResultFileName('s02100sp7107200010001-log.jez')?.fase, 'simulado');
    assert.equal(parseResultFileName('t02410mg4123400120345-rdv.dat')?.fase, 'treinamento');
    assert.equal(
      resultFileStem({ fase: 'treinamento', pleito: 2410, uf: 'MG', municipio: 41234, zona: 12, secao: 345 }),
      't02410mg4123400120345',
    );
  });

  test('names that are not results-media names are refused', () => {
    for (const bad of [
      'o00452ac0139200010003-bu.exe', // unknown suffix
      'o00452ac0139200010003-bu.json', // the JSON layout of earlier versions: no longer read
      'x00452ac0139200010003-bu.dat', // unknown fase
      'o00452AC0139200010003-bu.dat', // upper-case UF
      'o0452ac0139200010003-bu.dat', // pleito with 4 digits
      '../o00452ac0139200010003-bu.dat', // a path
      'o00452ac0139200010003-bu.dat.tmp',
      '.o00452ac0139200010003-bu.dat.123.abc.tmp',
      'o00406-0100700090001.bu', // V1 name: no UF, not parsed here
    ]) {
      assert.equal(parseResultFileName(bad), undefined, bad);
    }
  });

  test('numbers too wide for their field are refused when building a name', () => {
    const id = { fase: 'oficial', pleito: 452, uf: 'SP', municipio: 71072, zona: 1, secao: 1 } as const;
    assert.throws(() => resultFileStem({ ...id, secao: 10000 }), /seção/);
    assert.throws(() => resultFileStem({ ...id, pleito: 100000 }), /pleito/);
    assert.throws(() => resultFileStem({ ...id, uf: 'S' }), /UF/);
  });

  test('property: every name we build parses back to the same seção, pleito, fase and kind', () => {
    const kinds = Object.keys(RESULT_FILES) as ResultFileKind[];
    fc.assert(
      fc.property(
        fc.constantFrom('oficial', 'simulado', 'treinamento' as const),
        fc.integer({ min: 1, max: 99999 }),
        fc.stringMatching(/^[A-Z]{2}$/),
        fc.integer({ min: 1, max: 99999 }),
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 1, max: 9999 }),
        fc.constantFrom(...kinds),
        (fase, pleito, uf, municipio, zona, secao, kind) => {
          const id = { fase, pleito, uf, municipio, zona, secao };
          const name = resultFileName(id, kind);
          assert.equal(name.length, 21 + 1 + RESULT_FILES[kind].length);
          const p = parseResultFileName(name);
          assert.ok(p);
          assert.deepEqual(
            { ...p, stem: undefined, suffix: undefined },
            { ...id, kind, stem: undefined, suffix: undefined },
          );
          assert.equal(p.stem, resultFileStem(id));
        },
      ),
    );
  });
});
