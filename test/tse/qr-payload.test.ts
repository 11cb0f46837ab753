// BU QR payloads (src/tse/qr-payload.ts) against the real payloads in shared/tse/samples/qr (decoded from real
// .imgbu files, and the TSE manuals' examples) and EXPECTED.md, plus properties over random BUs.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { keyPairFromSeed, signer } from '../../src/crypto/ed25519.ts';
import { fromHex, sha512HexUpper } from '../../src/crypto/hash.ts';
import {
  QR_SLICE_LIMIT,
  assembleQrSymbols,
  buildQrPayloads,
  checkAssi,
  checkQrHashChain,
  checkQrMatchesBu,
  joinQrSymbols,
  parseQrContent,
  parseQrSymbol,
  qrChainHashes,
  qrContentFromBu,
  qrComparableFromTse,
  qrMatchesBu,
  qrRecords,
  splitQrContent,
  type QrBuContent,
  type QrCargo,
  type QrBuSymbol,
  type QrBuildContext,
  type QrPayload,
} from '../../src/tse/qr-payload.ts';
import { decodeBuFile } from '../../src/tse/bu-codec.ts';
import { acBujariT2Bu, buArb, QR_DIR, SAMPLES, shuffled } from '../qr/fixtures.ts';

const skip = existsSync(QR_DIR) ? false : `${QR_DIR} not found (../shared is absent): real QR payloads not tested`;
const AP = `${QR_DIR}/o00406-0605000020824_AP-MACAPA_2022-t1.qrbu.txt`;
const AC = `${QR_DIR}/o00407-0100700090001_AC-BUJARI_2022-t2.qrbu.txt`;
const M2018 = `${QR_DIR}/AC-01392-0009-0016_SIMULADO_2018-manual_part1of2.qrbu.txt`;
const M2026 = `${QR_DIR}/AC-01392-0009-0016_SIMULADO_2026-manual-VRQR6.qrbu.txt`;

const lines = (file: string): string[] =>
  readFileSync(file, 'latin1')
    .split('\n')
    .filter((l) => l.length > 0);

function sym(text: string): QrBuSymbol {
  const r = parseQrSymbol(text);
  assert.ok(r.ok, `parse failed: ${JSON.stringify(!r.ok && r.problems)}`);
  assert.equal(r.value.kind, 'QRBU');
  return r.value as QrBuSymbol;
}

function join(texts: readonly string[]): QrPayload {
  const r = joinQrSymbols(texts);
  assert.ok(r.ok, `join failed: ${JSON.stringify(!r.ok && r.problems)}`);
  return r.value;
}

/** The printed `ASSINATURA QR CODE` of an .imgbu, from EXPECTED.md's printed-BU section (the oracle). */
function expectedPrintedAssi(imgbuName: string): string {
  const md = readFileSync(`${SAMPLES}/EXPECTED.md`, 'utf8');
  const line = md.split('\n').find((l) => l.includes(imgbuName) && l.includes('ASSINATURA QR CODE'));
  assert.ok(line, `EXPECTED.md has no printed-BU line for ${imgbuName}`);
  return /ASSINATURA QR CODE` = ([0-9A-F]+)/.exec(line)![1]!;
}

describe('real QR payloads', { skip }, () => {
  test('every symbol of every sample parses, with the header the file name promises', () => {
    const files = readdirSync(QR_DIR).filter((f) => f.endsWith('.qrbu.txt'));
    assert.ok(files.length >= 4, `expected the 4 sample payload files, found ${files.length}`);
    for (const f of files) {
      for (const t of lines(`${QR_DIR}/${f}`)) {
        const s = sym(t);
        assert.equal(s.VRQR, f.includes('VRQR6') ? '6.0' : '1.5', f);
        assert.equal(s.VRCH === undefined, s.VRQR === '6.0', `${f}: VRCH only under VRQR 1.5`);
        assert.match(s.HASH, /^[0-9A-F]{128}$/);
        assert.ok(parseQrContent(s.dados).ok || s.index > 1, `${f} part 1 content parses`);
      }
    }
  });

  test('AP 2022 (3 parts) joins in every order and its hash chain verifies', () => {
    const texts = lines(AP);
    assert.equal(texts.length, 3);
    const orders = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ];
    for (const o of orders) {
      const p = join(o.map((i) => texts[i]!));
      assert.deepEqual(
        p.parts.map((x) => x.index),
        [1, 2, 3],
      );
      assert.deepEqual(checkQrHashChain(p), { name: 'qr-hash-chain', status: 'pass' });
    }
    const p = join(texts);
    // The ASSI is the one printed under the codes (EXPECTED.md).
    assert.equal(p.ASSI, expectedPrintedAssi('o00406-0605000020824.imgbu'));
    // The cutting spaces are back: "PART:40 4004:1 4040:1 LEGP:0" + " " + "TOTP:2 PART:43".
    assert.ok(p.content.includes('4040:1 LEGP:0 TOTP:2 PART:43'));
    assert.ok(p.content.includes('TOTP:4 PART:40 40000:2 40333:1'));
  });

  test('AP 2022 content: the values EXPECTED.md gives for the AP BU', () => {
    const c = parseQrContent(join(lines(AP)).content);
    assert.ok(c.ok);
    const { header, eleicoes } = c.value;
    assert.equal(header.PLEI, 406);
    assert.equal(header.MUNI, 6050);
    assert.equal(header.ZONA, 2);
    assert.equal(header.SECA, 824);
    assert.equal(header.LOCA, 2402);
    assert.equal(header.APTO, 458);
    assert.equal(header.COMP, 414);
    assert.equal(header.FALT, 458 - 414);
    assert.deepEqual(
      eleicoes.map((e) => e.IDEL),
      [546, 544],
    );
    const e546 = eleicoes[0]!;
    assert.deepEqual(
      e546.cargos.map((x) => x.CARG),
      [6, 7, 5, 3],
    );
    const senador = e546.cargos.find((x) => x.CARG === 5)!;
    // EXPECTED: eleição 546 cargo 5: 444=54, 151=46, 401=11, 288=2, 700=1, branco=1 … (total 116); aptos 546:125.
    const sv = new Map(senador.candidatos.map((v) => [v.numero, v.votos]));
    assert.deepEqual([sv.get(444), sv.get(151), sv.get(401), sv.get(288), sv.get(700)], [54, 46, 11, 2, 1]);
    assert.equal(senador.BRAN, 1);
    assert.equal(senador.TOTC, 116);
    assert.equal(senador.APTA, 125);
    const pres = eleicoes[1]!.cargos[0]!;
    assert.equal(pres.CARG, 1);
    const pv = new Map(pres.candidatos.map((v) => [v.numero, v.votos]));
    assert.equal(pv.get(13), 200);
    assert.equal(pv.get(22), 186);
    assert.equal(pres.APTA, 458);
    // Internal consistency of every office: NOMI+LEGC+BRAN+NULO = TOTC; per party TOTP = candidates + LEGP.
    for (const e of eleicoes) {
      for (const cargo of e.cargos) {
        const nominal = [...cargo.candidatos, ...cargo.partidos.flatMap((p) => p.candidatos)].reduce(
          (s, v) => s + v.votos,
          0,
        );
        assert.equal(cargo.NOMI, nominal, `CARG ${cargo.CARG} NOMI`);
        assert.equal((cargo.NOMI ?? 0) + (cargo.LEGC ?? 0) + cargo.BRAN! + cargo.NULO!, cargo.TOTC);
        for (const p of cargo.partidos) {
          assert.equal(p.TOTP, p.candidatos.reduce((s, v) => s + v.votos, 0) + p.LEGP!, `PART ${p.PART}`);
        }
      }
    }
  });

  test('AC 2022 (single part) verifies and says what EXPECTED.md says', () => {
    const p = join(lines(AC));
    assert.equal(p.parts.length, 1);
    assert.equal(checkQrHashChain(p).status, 'pass');
    assert.equal(p.ASSI, expectedPrintedAssi('o00407-0100700090001.imgbu'));
    const c = parseQrContent(p.content);
    assert.ok(c.ok);
    const pres = c.value.eleicoes[0]!.cargos[0]!;
    assert.deepEqual(pres.candidatos, [
      { numero: 13, votos: 75 },
      { numero: 22, votos: 175 },
    ]);
    assert.equal(pres.BRAN, 5);
    assert.equal(pres.NULO, 6);
    assert.equal(pres.TOTC, 261);
    assert.equal(c.value.header.APTO, 335);
  });

  test('2018 manual example, part 1 of 2: HASH_1 = SHA-512(dados_1); joining reports part 2 missing', () => {
    const [t] = lines(M2018);
    const s = sym(t!);
    assert.equal(s.HASH, sha512HexUpper(s.dados));
    assert.equal(checkQrHashChain([s]).status, 'pass');
    const j = joinQrSymbols([t!]);
    assert.ok(!j.ok);
    assert.match(j.problems[0]!.found, /missing part 2 of 2/);
  });

  test('2026 manual example (VRQR 6.0): chain verifies; ASSI needs the certificate or a verifier', () => {
    const p = join(lines(M2026));
    assert.equal(p.VRQR, '6.0');
    assert.equal(p.VRCH, undefined);
    assert.equal(checkQrHashChain(p).status, 'pass');
    const none = checkAssi(p);
    assert.equal(none.status, 'cannot-check');
    assert.match(none.reason!, /certificate/);
    // The verifier gets the 64 raw bytes of the final HASH and the 132-byte (Ed521) ASSI.
    const seen: [Uint8Array, Uint8Array][] = [];
    const pass = checkAssi(p, { verifyHardware: (h, s) => (seen.push([h, s]), true) });
    assert.equal(pass.status, 'pass');
    assert.deepEqual(seen[0]![0], fromHex(p.parts[1]!.HASH));
    assert.equal(seen[0]![1].length, 132);
    assert.equal(checkAssi(p, { verifyHardware: () => false }).status, 'fail');
    const why = checkAssi(p, { verifyHardware: () => ({ ok: false, reason: 'Ed521 equation fails' }) });
    assert.equal(why.status, 'fail');
    assert.match(why.reason!, /Ed521 equation fails/);
  });

  test('a changed character in any slice fails the chain naming that part', () => {
    const texts = lines(AP);
    fc.assert(
      fc.property(fc.nat({ max: 2 }), fc.nat(), fc.integer({ min: 1, max: 9 }), (k, pos, delta) => {
        const s = sym(texts[k]!);
        const digits = [...s.dados].flatMap((ch, i) => (/\d/.test(ch) ? [i] : []));
        const i = digits[pos % digits.length]!;
        const changed = String((Number(s.dados[i]) + delta) % 10);
        const dados = s.dados.slice(0, i) + changed + s.dados.slice(i + 1);
        const tampered = texts.map((t, j) => (j === k ? t.replace(s.dados, dados) : t));
        const r = checkQrHashChain(join(tampered));
        assert.equal(r.status, 'fail');
        assert.equal(r.parts![0], k + 1);
        assert.match(r.reason!, new RegExp(`part ${k + 1} of 3`));
      }),
      { numRuns: 60 },
    );
  });

  test('a changed HASH fails at that part and every later one (their inputs carry it)', () => {
    const texts = lines(AP);
    const s = sym(texts[0]!);
    const wrong = (s.HASH[0] === 'A' ? 'B' : 'A') + s.HASH.slice(1);
    const r = checkQrHashChain(join([texts[0]!.replace(s.HASH, wrong), texts[1]!, texts[2]!]));
    assert.equal(r.status, 'fail');
    assert.deepEqual(r.parts, [1, 2, 3]);
  });

  test('re-splitting the real contents reproduces the real slice boundaries and texts byte for byte', () => {
    for (const f of [AP, M2026, AC]) {
      const texts = lines(f);
      const p = join(texts);
      const slices = splitQrContent(p.content);
      assert.deepEqual(
        slices,
        p.parts.map((x) => x.dados),
        f,
      );
      assert.deepEqual(assembleQrSymbols(slices, p, p.ASSI), texts, f);
    }
    // Why 822: the real cuts leave the next record out only if the limit is below 826/823/825 (AP 1, AP 2, 2026)
    // and keep 819 characters (AP 1). Every limit in 819..822 reproduces them; 818 and 823 do not.
    const ap = join(lines(AP));
    const real = ap.parts.map((x) => x.dados);
    for (const limit of [819, 820, 821, 822]) assert.deepEqual(splitQrContent(ap.content, limit), real);
    assert.notDeepEqual(splitQrContent(ap.content, 818), real);
    assert.notDeepEqual(splitQrContent(ap.content, 823), real);
  });
});

describe('joining', () => {
  const bu = acBujariT2Bu();
  const ctx: QrBuildContext = { VRQR: '1.5', VRCH: '20220829', processo: 395, turno: 2, uf: 'AC' };
  const texts = buildQrPayloads(bu, { ...ctx, sliceLimit: 120 });

  test('identical repeats are ignored; a different symbol for the same part is reported', () => {
    assert.ok(texts.length >= 3);
    assert.ok(joinQrSymbols([...texts, texts[1]!]).ok);
    const other = texts[1]!.replace(/HASH:[0-9A-F]/, (m) => (m.endsWith('A') ? 'HASH:B' : 'HASH:A'));
    const r = joinQrSymbols([...texts, other]);
    assert.ok(!r.ok);
    assert.match(r.problems[0]!.found, /two different symbols/);
  });

  test('missing parts, mixed totals and mixed versions are reported', () => {
    const r = joinQrSymbols([texts[0]!, texts[2]!]);
    assert.ok(!r.ok);
    assert.match(r.problems[0]!.found, new RegExp(`missing part 2 of ${texts.length}`));
    const alien = buildQrPayloads(bu, { ...ctx, sliceLimit: 60 })[0]!;
    assert.ok(!joinQrSymbols([...texts.slice(1), alien]).ok);
    const v6 = buildQrPayloads(bu, { ...ctx, VRQR: '6.0', sliceLimit: 120 });
    assert.ok(!joinQrSymbols([texts[0]!, ...v6.slice(1)]).ok);
  });

  test('ASSI on a part other than the last is reported', () => {
    const moved = [texts[0]! + ' ASSI:00', ...texts.slice(1)];
    const r = joinQrSymbols(moved);
    assert.ok(!r.ok);
    assert.match(r.problems[0]!.path, /ASSI/);
  });

  test('QRCE certificate symbols are joined into the certificate bytes', () => {
    const r = joinQrSymbols([
      ...texts,
      'QRCE:2:2 IDUE:1663883 MDUE:UE2020 CERT:CAFE',
      'QRCE:1:2 IDUE:1663883 MDUE:UE2020 CERT:0102',
    ]);
    assert.ok(r.ok);
    assert.deepEqual(r.value.certificate, { IDUE: '1663883', MDUE: 'UE2020', bytes: fromHex('0102cafe') });
  });
});

describe('bad symbol texts are problems naming the place', () => {
  const cases: [string, RegExp][] = [
    ['', /QRBU/],
    ['hello', /QRBU|character/],
    ['QRBU:1:1 VRQR:9.9 X:1 HASH:' + 'A'.repeat(128), /VRQR/],
    ['QRBU:2:1 VRQR:1.5 X:1 HASH:' + 'A'.repeat(128), /QRBU/],
    ['QRBU:1:1 VRQR:1.5 X:1 HASH:' + 'A'.repeat(127), /HASH/],
    ['QRBU:1:1 VRQR:1.5 X:1', /HASH/],
    ['QRBU:1:1 VRQR:1.5 X:1 HASH:' + 'A'.repeat(128) + ' FOO:1', /after HASH/],
    ['QRBU:1:1 VRQR:1.5 X:1 HASH:' + 'A'.repeat(128) + ' ASSI:ABC', /ASSI/],
    ['QRBU:1:1 VRQR:1.5 Ç:1 HASH:' + 'A'.repeat(128), /character 19/],
    ['QRBU:1:1 VRQR:1.5 ' + 'A:1 '.repeat(3000) + 'HASH:' + 'A'.repeat(128), /text/],
  ];
  for (const [text, where] of cases) {
    test(JSON.stringify(text.slice(0, 50)), () => {
      const r = parseQrSymbol(text, 'photo.png');
      assert.ok(!r.ok);
      assert.equal(r.problems[0]!.file, 'photo.png');
      assert.match(`${r.problems[0]!.path} ${r.problems[0]!.expected}`, where);
      assert.ok(r.problems[0]!.found.length > 0);
    });
  }

  test('content structure errors name the record', () => {
    const r = parseQrContent('ORIG:VOTA 13:75 IDEL:545');
    assert.ok(!r.ok);
    assert.match(r.problems[0]!.path, /record 2/);
    const r2 = parseQrContent('IDEL:545 CARG:1 TIPO:0 13:7X');
    assert.ok(!r2.ok);
    assert.equal(r2.problems[0]!.found, '"7X"');
    assert.ok(!parseQrContent('APTO:1 APTO:2').ok);
    assert.ok(!qrRecords('A:1  B:2').ok);
  });
});

describe('building from a BU', () => {
  test('the real AC 2022 BU gives the real payload content (VRQR 1.5 layout)', { skip }, () => {
    const real = join(lines(AC));
    const ctx: QrBuildContext = {
      VRQR: '1.5',
      VRCH: '20220829',
      processo: 395,
      turno: 2,
      uf: 'AC',
      verc: '202210071331',
    };
    assert.equal(qrContentFromBu(acBujariT2Bu(), ctx), real.content);
    const built = buildQrPayloads(acBujariT2Bu(), ctx);
    assert.deepEqual(built, [lines(AC)[0]!.replace(/ ASSI:[0-9A-F]+$/, '')]);
  });

  test('qrMatchesBu: the real AC QR equals its BU; a changed count is named', { skip }, () => {
    const real = join(lines(AC));
    assert.deepEqual(qrMatchesBu(real, acBujariT2Bu()), []);
    assert.equal(checkQrMatchesBu(real, acBujariT2Bu()).status, 'pass');

    const bu = acBujariT2Bu();
    bu.resultadosVotacaoPorEleicao[0]!.resultadosVotacao[0]!.totaisVotosCargo[0]!.votosVotaveis[1]!.quantidadeVotos = 176;
    const diffs = qrMatchesBu(real, bu);
    assert.deepEqual(
      diffs.map((d) => d.path),
      ['IDEL:545 CARG:1 22', 'IDEL:545 CARG:1 NOMI', 'IDEL:545 CARG:1 TOTC'],
    );
    assert.deepEqual(diffs[0], { path: 'IDEL:545 CARG:1 22', bu: '176', qr: '175' });

    const bu2 = acBujariT2Bu();
    bu2.qtdEleitoresCompareceram = 262;
    assert.deepEqual(
      qrMatchesBu(real, bu2).map((d) => d.path),
      ['COMP', 'FALT'],
    );
    const bu3 = acBujariT2Bu();
    bu3.identificacaoSecao = { ...bu3.identificacaoSecao, secao: 2 };
    const check = checkQrMatchesBu(real, bu3);
    assert.equal(check.status, 'fail');
    assert.match(check.reason!, /SECA: BU 2, QR 1/);
  });

  test('qrMatchesBu on real files: each QR equals the .bu it was printed with (decoded by bu-codec)', { skip }, () => {
    for (const [buFile, qrFile] of [
      [`${SAMPLES}/2022-v1/secao-AP-06050-0002-0824-turno1/o00406-0605000020824.bu`, AP],
      [`${SAMPLES}/2022-v1/secao-AC-01007-0009-0001-turno2/o00407-0100700090001.bu`, AC],
    ] as const) {
      const d = decodeBuFile(new Uint8Array(readFileSync(buFile)), buFile);
      if (!d.ok) assert.fail(JSON.stringify(d.problems));
      const view = qrComparableFromTse(d.value.bu);
      const payload = join(lines(qrFile));
      assert.deepEqual(qrMatchesBu(payload, view), [], buFile);
      // One tuple one vote off: named, with both values.
      const tuple = view.resultadosVotacaoPorEleicao[0]!.resultadosVotacao[0]!.totaisVotosCargo[0]!.votosVotaveis[0]!;
      const changed = { ...tuple, quantidadeVotos: tuple.quantidadeVotos + 1 };
      (view.resultadosVotacaoPorEleicao[0]!.resultadosVotacao[0]!.totaisVotosCargo[0]!.votosVotaveis as unknown[])[0] =
        changed;
      const diffs = qrMatchesBu(payload, view);
      assert.ok(
        diffs.some((x) => x.bu === String(tuple.quantidadeVotos + 1) && x.qr === String(tuple.quantidadeVotos)),
      );
    }
    // A QR against another section's BU.
    const other = decodeBuFile(
      new Uint8Array(readFileSync(`${SAMPLES}/2022-v1/bu-oficial/o00407-0100700090002.bu`)),
      'other.bu',
    );
    assert.ok(other.ok);
    const check = checkQrMatchesBu(join(lines(AC)), qrComparableFromTse(other.value.bu));
    assert.equal(check.status, 'fail');
    assert.match(check.reason!, /SECA: BU 2, QR 1/);
  });

  const key = keyPairFromSeed(new Uint8Array(32).fill(7));
  const otherKey = keyPairFromSeed(new Uint8Array(32).fill(8));

  test('build → shuffle → join → chain, ASSI and content match the BU (random BUs)', () => {
    fc.assert(
      fc.property(
        buArb(),
        fc.constantFrom<'1.5' | '6.0'>('1.5', '6.0'),
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        (bu, VRQR, keys) => {
          const ctx: QrBuildContext = { VRQR, VRCH: '20240507', processo: 1, turno: 1, uf: 'SP', verc: '202409011200' };
          const texts = buildQrPayloads(bu, ctx, signer(key));
          for (const t of texts) assert.ok(t.length <= 31 + 1 + QR_SLICE_LIMIT + 6 + 128 + 6 + 128, 'fits one QR');
          const p = join(shuffled(texts, keys));
          assert.equal(checkQrHashChain(p).status, 'pass');
          assert.equal(checkAssi(p, { ed25519PublicKey: key.publicKey }).status, 'pass');
          assert.equal(checkAssi(p, { ed25519PublicKey: otherKey.publicKey }).status, 'fail');

          // Slices: none longer than the limit, and none could have taken the next record.
          const dados = p.parts.map((x) => x.dados);
          dados.forEach((d, i) => {
            assert.ok(d.length <= QR_SLICE_LIMIT);
            if (i + 1 < dados.length) {
              const next = dados[i + 1]!.split(' ')[0]!;
              assert.ok(d.length + 1 + next.length > QR_SLICE_LIMIT, 'cut as late as possible');
            }
          });

          const c = parseQrContent(p.content);
          if (!c.ok) assert.fail(JSON.stringify(c.problems));
          const content: QrBuContent = c.value;
          // Independent of the builder: every tuple's votes are where the TSE grammar puts them.
          for (const e of bu.resultadosVotacaoPorEleicao) {
            const qe = content.eleicoes.find((x) => x.IDEL === e.idEleicao);
            assert.ok(qe);
            for (const rv of e.resultadosVotacao) {
              for (const tvc of rv.totaisVotosCargo) {
                const qc: QrCargo = qe.cargos.find((x) => x.CARG === tvc.codigoCargo)!;
                assert.equal(qc.TIPO, rv.tipoCargo === 'proporcional' ? 1 : 0);
                const sum = tvc.votosVotaveis.reduce((s, t) => s + t.quantidadeVotos, 0);
                assert.equal(qc.TOTC, sum);
                assert.equal(qc.APTA, e.qtdEleitoresAptos);
                for (const t of tvc.votosVotaveis) {
                  if (t.tipoVoto === 'nominal') {
                    const list =
                      rv.tipoCargo === 'proporcional'
                        ? qc.partidos.find((pp) => pp.PART === t.identificacaoVotavel!.partido)!.candidatos
                        : qc.candidatos;
                    assert.equal(
                      list.find((v) => v.numero === t.identificacaoVotavel!.codigo)?.votos,
                      t.quantidadeVotos,
                    );
                  } else if (t.tipoVoto === 'legenda') {
                    assert.equal(
                      qc.partidos.find((pp) => pp.PART === t.identificacaoVotavel!.partido)?.LEGP,
                      t.quantidadeVotos,
                    );
                  } else if (t.tipoVoto === 'branco') assert.equal(qc.BRAN, t.quantidadeVotos);
                }
              }
            }
          }
          assert.equal(content.header.COMP, bu.qtdEleitoresCompareceram);
          assert.equal(content.header.IDCA, bu.urna.correspondenciaResultado.carga.codigoCarga);
          if (VRQR === '6.0') assert.deepEqual(content.header.HICA, bu.historicoCodigosCarga);
          assert.deepEqual(qrMatchesBu(p, bu), []);
        },
      ),
      { numRuns: 150 },
    );
  });

  test('any changed tuple count is a named difference', () => {
    fc.assert(
      fc.property(buArb(20), fc.nat(), fc.integer({ min: 1, max: 50 }), (bu, pick, delta) => {
        const texts = buildQrPayloads(bu, { VRQR: '6.0', processo: 1, turno: 1, uf: 'SP' });
        const all = bu.resultadosVotacaoPorEleicao.flatMap((e) =>
          e.resultadosVotacao.flatMap((rv) => rv.totaisVotosCargo.map((c) => ({ e, c }))),
        );
        const withTuples = all.filter((x) => x.c.votosVotaveis.length > 0);
        fc.pre(withTuples.length > 0);
        const { e, c } = withTuples[pick % withTuples.length]!;
        const t = c.votosVotaveis[pick % c.votosVotaveis.length]!;
        t.quantidadeVotos += delta;
        const diffs = qrMatchesBu(join(texts), bu);
        assert.ok(diffs.length > 0);
        assert.ok(diffs.some((d) => d.path === `IDEL:${e.idEleicao} CARG:${c.codigoCargo} TOTC`));
      }),
      { numRuns: 100 },
    );
  });

  test('VRQR 1.5 without VRCH is refused', () => {
    assert.throws(() => buildQrPayloads(acBujariT2Bu(), { VRQR: '1.5', processo: 1, turno: 1, uf: 'AC' }), /VRCH/);
  });

  test('qrChainHashes is the §7.2 formula', () => {
    const h = qrChainHashes(['A:1', 'B:2', 'C:3']);
    const h1 = sha512HexUpper('A:1');
    const h2 = sha512HexUpper(`A:1 HASH:${h1} B:2`);
    const h3 = sha512HexUpper(`A:1 HASH:${h1} B:2 HASH:${h2} C:3`);
    assert.deepEqual(h, [h1, h2, h3]);
  });
});

describe('fuzz: the parsers never throw', () => {
  const alnum = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'.split(''));
  const alnumText = fc.array(alnum, { maxLength: 300 }).map((a) => a.join(''));

  test('random strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 400 }),
          alnumText,
          alnumText.map((s) => `QRBU:1:1 VRQR:1.5 ${s}`),
        ),
        (s) => {
          const r = parseQrSymbol(s);
          if (!r.ok) assert.ok(r.problems.length > 0 && r.problems.every((p) => p.path && p.expected && p.found));
          const c = parseQrContent(s);
          if (!c.ok) assert.ok(c.problems.length > 0);
          joinQrSymbols([s, s]);
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('mutations and truncations of a real payload', { skip }, () => {
    const texts = lines(AP);
    fc.assert(
      fc.property(fc.nat({ max: 2 }), fc.nat(), fc.nat(), alnum, (k, cut, at, ch) => {
        const t = texts[k]!;
        const truncated = t.slice(0, cut % (t.length + 1));
        const i = at % t.length;
        const mutated = t.slice(0, i) + ch + t.slice(i + 1);
        for (const x of [truncated, mutated]) {
          const r = joinQrSymbols(texts.map((orig, j) => (j === k ? x : orig)));
          if (r.ok) {
            checkQrHashChain(r.value);
            checkAssi(r.value);
            parseQrContent(r.value.content);
          } else assert.ok(r.problems.length > 0);
        }
        // A cut symbol only parses when the cut falls inside the last symbol's ASSI (whose length the text alone
        // cannot fix; checkAssi then fails on the signature).
        if (truncated.length < t.length && parseQrSymbol(truncated).ok) {
          assert.ok(k === 2 && truncated.length >= t.indexOf(' ASSI:'));
        }
      }),
      { numRuns: 1500 },
    );
  });
});
