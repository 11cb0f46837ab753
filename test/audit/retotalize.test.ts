// Re-totalization of the real BUs: the 2022 2º turno presidente sum over bu-oficial equals an independent sum of
// EXPECTED.md's per-file results; V1 and V2 mixed; a seção counted once (duplicates noted, conflicts flagged with
// the newest BU used); bad files named, never a crash.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { Retotalizer } from '../../src/audit/retotalize.ts';
import { retotalizePaths } from '../../src/audit/retotalize-node.ts';
import { decodeBuFile, encodeBuFile } from '../../src/tse/bu-codec.ts';
import { copyInto, expectedTable, read, SAMPLES, skip, tempDir, TURNO2, write } from './fixtures.ts';

const BU_TABLE = 'Boletins de Urna (140 files)';

describe('retotalize the real BUs', { skip }, () => {
  test('2022 bu-oficial, 2º turno presidente = the sum of EXPECTED.md rows', () => {
    const dir = join(SAMPLES, '2022-v1', 'bu-oficial');
    const rows = expectedTable(BU_TABLE).filter((r) => r[0]!.startsWith('2022-v1/bu-oficial/o00407-'));
    assert.equal(rows.length, readdirSync(dir).filter((f) => f.startsWith('o00407-')).length);
    // Independent sum from the table's text: "eleição 545 cargo 1: 22=183, 13=74, nulo=4, branco=2 (total 263)".
    const want = new Map<string, number>();
    let aptos = 0;
    let comparecimento = 0;
    for (const r of rows) {
      const m = /^eleição 545 cargo 1: (.*) \(total \d+\)$/.exec(r[9]!);
      assert.ok(m, r[9]);
      for (const kv of m[1]!.split(', ')) {
        const [k, v] = kv.split('=');
        want.set(k!, (want.get(k!) ?? 0) + Number(v));
      }
      aptos += Number(/545:(\d+)/.exec(r[7]!)![1]);
      comparecimento += Number(r[8]);
    }
    const r = retotalizePaths([dir]);
    assert.deepEqual(r.problems, []);
    const e = r.eleicoes.find((x) => x.idEleicao === 545)!;
    assert.equal(e.secoes, rows.length);
    assert.equal(e.aptos, aptos);
    assert.equal(e.comparecimento, comparecimento);
    const c = e.cargos.find((x) => x.codigoCargo === 1)!;
    const got = new Map<string, number>(c.nominal.map((n) => [String(n.codigo), n.votos]));
    if (c.nulo) got.set('nulo', c.nulo);
    if (c.branco) got.set('branco', c.branco);
    assert.deepEqual(got, want);
    assert.equal(c.total, comparecimento);
  });

  test('V1 and V2 mixed over the whole samples folder: every BU counted once', () => {
    const rows = expectedTable(BU_TABLE);
    let done = 0;
    const r = retotalizePaths([SAMPLES], { onProgress: (d) => (done = d) });
    assert.equal(r.buFiles, rows.length);
    assert.equal(done, rows.length);
    assert.equal(r.secoes, rows.length);
    assert.deepEqual(r.duplicates, []);
    assert.deepEqual(r.conflicts, []);
    // Each eleição's aptos = sum over the table's "aptos per eleição" column.
    const aptos = new Map<number, number>();
    for (const row of rows) {
      for (const part of row[7]!.split(', ')) {
        const [id, n] = part.split(':').map(Number);
        aptos.set(id!, (aptos.get(id!) ?? 0) + n!);
      }
    }
    assert.deepEqual(new Map(r.eleicoes.map((e) => [e.idEleicao, e.aptos])), aptos);
    // 2024 2º turno (eleição 620, prefeito): 13 and 44 as in the table.
    const prefeito = r.eleicoes.find((e) => e.idEleicao === 620)!.cargos.find((c) => c.codigoCargo === 11)!;
    const sum = (num: string) =>
      rows
        .filter((x) => x[9]!.startsWith('eleição 620 cargo 11:'))
        .reduce((s, x) => s + Number(new RegExp(`[ :]${num}=(\\d+)`).exec(x[9]!)?.[1] ?? 0), 0);
    assert.equal(prefeito.nominal.find((n) => n.codigo === 13)!.votos, sum('13'));
    assert.equal(prefeito.nominal.find((n) => n.codigo === 44)!.votos, sum('44'));
  });

  test('the same BU twice is counted once; two BUs for one seção: both reported, the newest used', () => {
    const dir = tempDir('retot');
    const bu = join(TURNO2, 'o00407-0100700090001.bu');
    copyInto(join(dir, 'a'), [bu]);
    copyInto(join(dir, 'b'), [bu]);
    // A later BU for the same seção with one more vote for the first candidate.
    const d = decodeBuFile(read(bu), bu);
    assert.ok(d.ok);
    d.value.bu.dataHoraEmissao = '20221030T170000';
    d.value.bu.resultadosVotacaoPorEleicao[0]!.resultadosVotacao[0]!.totaisVotosCargo[0]!.votosVotaveis[0]!.quantidadeVotos += 1;
    const enc = encodeBuFile(d.value.envelope, d.value.bu, bu);
    assert.ok(enc.ok);
    copyInto(join(dir, 'c'), []);
    write(join(dir, 'c', basename(bu)), enc.value);

    const r = retotalizePaths([dir], { relativeTo: dir });
    assert.equal(r.secoes, 1);
    assert.deepEqual(r.duplicates, [
      { secao: '407/1007/9/1', files: ['a/o00407-0100700090001.bu', 'b/o00407-0100700090001.bu'] },
    ]);
    assert.equal(r.conflicts.length, 1);
    assert.equal(r.conflicts[0]!.used, 'c/o00407-0100700090001.bu');
    assert.equal(r.conflicts[0]!.files.length, 2);
    const c = r.eleicoes[0]!.cargos[0]!;
    assert.equal(c.nominal.find((n) => n.codigo === 13)!.votos, 76); // the newest BU: 75 + 1
    assert.equal(r.eleicoes[0]!.secoes, 1);
  });

  test('random and truncated input is a named problem, never a throw', () => {
    const real = read(join(TURNO2, 'o00407-0100700090001.bu'));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 2000 }),
          fc.nat(real.length - 1).map((n) => real.subarray(0, n)),
        ),
        (bytes) => {
          const t = new Retotalizer();
          const ok = t.add('x.bu', bytes);
          const r = t.result();
          if (!ok) {
            assert.ok(r.problems.length > 0);
            assert.equal(r.problems[0]!.file, 'x.bu');
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
