import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dataHoraJE } from '../../src/urna/model.ts';

/** The reference: Intl's own formatting (slow, obviously right). */
function intlDataHoraJE(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (t: string): string => parts.find((p) => p.type === t)!.value;
  return `${get('year')}${get('month')}${get('day')}T${get('hour')}${get('minute')}${get('second')}`;
}

test('dataHoraJE agrees with Intl in Brazil’s zones, across DST changes of the past', () => {
  const zones = ['America/Sao_Paulo', 'America/Manaus', 'America/Noronha', 'America/Rio_Branco', 'UTC'];
  fc.assert(
    fc.property(
      fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2035, 0, 1) }),
      fc.constantFrom(...zones),
      (ms, zone) => {
        const d = new Date(ms);
        assert.equal(dataHoraJE(d, zone), intlDataHoraJE(d, zone), `${d.toISOString()} in ${zone}`);
      },
    ),
    { numRuns: 2000 },
  );
  assert.equal(dataHoraJE(new Date('2022-10-30T18:03:22Z'), 'America/Sao_Paulo'), '20221030T150322');
});
