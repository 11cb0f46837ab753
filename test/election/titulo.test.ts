// Título check digits (src/election/titulo.ts) against the rule as the law and ELECTION-RULES.md §4.1 state it:
// DV1 = Σ seq[i]·(i+2) mod 11, DV2 = (u1·7 + u2·8 + DV1·9) mod 11, 10 → 0, and for SP (01) and MG (02) 0 → 1.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  isValidTitulo,
  makeTitulo,
  tituloCheckDigits,
  tituloProblem,
  TITULO_UF_CODES,
} from '../../src/election/titulo.ts';

/** Weighted sum of an 8-digit sequential, mod 11, before the 10→0 and SP/MG 0→1 adjustments. */
function rawDv1(seq: string): number {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(seq[i]) * (i + 2);
  return sum % 11;
}

/** Reference validator written from the rule text, independent of titulo.ts's code. */
function referenceValid(t: string): boolean {
  if (!/^\d{12}$/.test(t)) return false;
  const seq = t.slice(0, 8);
  const uf = t.slice(8, 10);
  if (!(uf in TITULO_UF_CODES)) return false;
  const spMg = uf === '01' || uf === '02';
  const adjust = (r: number): number => (r === 10 ? 0 : r === 0 && spMg ? 1 : r);
  const dv1 = adjust(rawDv1(seq));
  const dv2 = adjust((Number(uf[0]) * 7 + Number(uf[1]) * 8 + dv1 * 9) % 11);
  return t.slice(10) === `${dv1}${dv2}`;
}

/** The first sequentials from `start` whose raw DV1 is `raw`. */
function sequentialsWithRawDv1(raw: number, count: number, start = 10_000_000): string[] {
  const out: string[] = [];
  for (let n = start; out.length < count; n++) if (rawDv1(String(n)) === raw) out.push(String(n));
  return out;
}

describe('título check digits', () => {
  test('the documented example 1023 8501 06 71 is valid', () => {
    // ELECTION-RULES.md §4.1: 117 mod 11 = 7; 0·7 + 6·8 + 7·9 = 111, mod 11 = 1.
    assert.equal(tituloCheckDigits('10238501', '06'), '71');
    assert.equal(tituloProblem('102385010671'), null);
    assert.deepEqual(tituloProblem('102385010672'), { kind: 'check-digits', expected: '71', found: '72' });
  });

  test('SP and MG: a DV1 remainder of 0 becomes 1; other UFs keep 0', () => {
    const seqs = sequentialsWithRawDv1(0, 5);
    for (const seq of seqs) {
      // DV2 by hand: SP 0·7+1·8+1·9 = 17 → 6; MG 0·7+2·8+1·9 = 25 → 3; RJ 0·7+3·8+0·9 = 24 → 2.
      assert.equal(makeTitulo(Number(seq), 'SP'), `${seq}0116`);
      assert.equal(makeTitulo(Number(seq), 'MG'), `${seq}0213`);
      assert.equal(makeTitulo(Number(seq), 'RJ'), `${seq}0302`);
      // A validator that knows only the 10 → 0 rule would accept DV1 = 0 for SP: ours must not.
      assert.deepEqual(tituloProblem(`${seq}0106`), { kind: 'check-digits', expected: '16', found: '06' });
    }
  });

  test('SP and MG: a DV2 remainder of 0 becomes 1 too', () => {
    // SP: 8 + 9·DV1 ≡ 0 (mod 11) when DV1 = 4 (44); MG: 16 + 9·DV1 ≡ 0 when DV1 = 8 (88).
    for (const seq of sequentialsWithRawDv1(4, 3)) {
      assert.equal(makeTitulo(Number(seq), 'SP'), `${seq}0141`);
      assert.ok(!isValidTitulo(`${seq}0140`));
    }
    for (const seq of sequentialsWithRawDv1(8, 3)) {
      assert.equal(makeTitulo(Number(seq), 'MG'), `${seq}0281`);
      assert.ok(!isValidTitulo(`${seq}0280`));
    }
  });

  test('a remainder of 10 becomes 0 in every UF', () => {
    for (const seq of sequentialsWithRawDv1(10, 3)) {
      assert.equal(tituloCheckDigits(seq, '01').charAt(0), '0');
      assert.equal(tituloCheckDigits(seq, '05').charAt(0), '0');
    }
  });

  test('format and UF problems', () => {
    assert.equal(tituloProblem('12345')?.kind, 'format');
    assert.equal(tituloProblem('1023 8501 0671')?.kind, 'format');
    assert.deepEqual(tituloProblem('102385012971'), { kind: 'uf', found: '29' });
    // 13 digits only for old SP and MG títulos.
    assert.equal(tituloProblem(`123456789${'03'}${tituloCheckDigits('123456789', '03')}`)?.kind, 'format');
    assert.equal(tituloProblem(`123456789${'01'}${tituloCheckDigits('123456789', '01')}`), null);
  });

  test('property: makeTitulo always gives a valid título that the reference validator accepts', () => {
    const ufs = Object.values(TITULO_UF_CODES);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), fc.constantFrom(...ufs), (seq, uf) => {
        const t = makeTitulo(seq, uf);
        return (
          isValidTitulo(t) && referenceValid(t) && t.slice(8, 10) === Object.keys(TITULO_UF_CODES)[ufs.indexOf(uf)]
        );
      }),
      { numRuns: 2000 },
    );
  });

  test('property: changing one digit is detected unless the result is itself a valid título', () => {
    const ufs = Object.values(TITULO_UF_CODES);
    let undetected = 0;
    let total = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99_999_999 }),
        fc.constantFrom(...ufs),
        fc.integer({ min: 0, max: 11 }),
        fc.integer({ min: 1, max: 9 }),
        (seq, uf, position, delta) => {
          const t = makeTitulo(seq, uf);
          const digit = (Number(t[position]) + delta) % 10;
          const mutated = t.slice(0, position) + digit + t.slice(position + 1);
          total++;
          if (isValidTitulo(mutated)) undetected++;
          // Agreement with the independent reference: valid exactly when the rule says so.
          if (isValidTitulo(mutated) !== referenceValid(mutated)) return false;
          // The check digits are a function of the rest: changing only one of them is always caught.
          if (position >= 10 && isValidTitulo(mutated)) return false;
          return true;
        },
      ),
      { numRuns: 3000 },
    );
    // Collisions exist (remainders 0 and 10 both give 0; for SP/MG 0 and 1 both give 1) but are rare.
    assert.ok(undetected / total < 0.05, `${undetected} of ${total} single-digit changes went undetected`);
  });
});
