// Bad input is a value, never a crash: truncated and tampered copies of real files, wrong file types, unknown
// versions, oversized files and hand-made BER that breaks one rule each. Every problem names the file, the ASN.1
// path and the byte offset, what was expected and what was found. (Whether a decoded-but-tampered file passes the
// hash/signature checks is the verifier's business; here: decode error or decoded value, and which.)
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem, Result } from '../../src/election/problem.ts';
import {
  BerReader,
  decodeWith,
  type DecodeProblem,
  hexToBytes,
  hexUpper,
  TAG_INTEGER,
  TAG_OCTET_STRING,
  TAG_SEQUENCE,
  latin1Decode,
} from '../../src/tse/ber.ts';
import { decodeBuFile } from '../../src/tse/bu-codec.ts';
import { decodeFile } from '../../src/tse/decode-file.ts';
import { parseTseFileName, sniffContent } from '../../src/tse/detect.ts';
import { decodeEnvelope, encodeEnvelope } from '../../src/tse/envelope.ts';
import { decodeResultadoRDV } from '../../src/tse/rdv-codec.ts';
import { decodeSignatureFile } from '../../src/tse/signature-file.ts';

const SAMPLES = join(import.meta.dirname, '..', '..', '..', 'shared', 'tse', 'samples');
const skip = existsSync(SAMPLES) ? false : `TSE samples not found at ${SAMPLES}`;
const read = (rel: string): Uint8Array => new Uint8Array(readFileSync(join(SAMPLES, rel)));

const T2 = '2022-v1/secao-AC-01007-0009-0001-turno2/';
const SMALL_BU = `${T2}o00407-0100700090001.bu`; // 673 bytes, TSE-FORMATS.md §2 hex dump
const SMALL_RDV = `${T2}o00407-0100700090001.rdv`;
const SMALL_IMGBU = `${T2}o00407-0100700090001.imgbu`;
const SMALL_V2 = '2024-v2/bu-oficial/o00453rs8801300010001-bu.dat';
const SMALL_VSCMR = '2022-v1/tse-exemplos-simulado-treinamento/t02510-0000200020007.vscmr';

function problemOf<T>(r: Result<T>): DecodeProblem {
  assert.equal(r.ok, false, 'expected a decoding problem');
  if (r.ok) throw new Error('unreachable');
  assert.equal(r.problems.length, 1);
  return r.problems[0] as DecodeProblem;
}

function wellFormed(p: Problem, file: string): void {
  assert.equal(p.file, file);
  assert.ok(p.path.length > 0 && p.expected.length > 0 && p.found.length > 0, JSON.stringify(p));
}

function indexOf(hay: Uint8Array, needle: number[], from = 0): number {
  outer: for (let i = from; i <= hay.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

describe('truncated real files: a clear error with the offset, at every length', { skip }, () => {
  for (const rel of [SMALL_BU, SMALL_V2, SMALL_RDV, SMALL_IMGBU, SMALL_VSCMR]) {
    test(rel, () => {
      const bytes = read(rel);
      assert.ok(decodeFile(rel, bytes).ok, 'the whole file decodes');
      for (let len = 0; len < bytes.length; len++) {
        const cut = bytes.subarray(0, len);
        const r = decodeFile(rel, cut);
        if (r.ok) assert.fail(`${rel} truncated to ${len} bytes decoded`);
        const p = r.problems[0] as DecodeProblem;
        wellFormed(p, rel);
        if (len === 0) continue;
        assert.ok(p.offset >= 0 && p.offset <= len, `offset ${p.offset} within ${len} bytes`);
        assert.match(p.path, / at byte \d+$/);
        assert.match(p.found, /truncated|data missing|end of the/, `${len}: ${p.found}`);
      }
    });
  }

  test('a problem inside the BU content names the content path and the offset in the file', () => {
    const bytes = read(SMALL_BU).slice();
    // The last component of the content is chaveAssinaturaVotosVotavel, 04 20 <32 bytes>: break its tag.
    const at = bytes.length - 34;
    assert.deepEqual([bytes[at], bytes[at + 1]], [0x04, 0x20]);
    bytes[at] = 0x05;
    const p = problemOf(decodeBuFile(bytes, 'tampered.bu'));
    assert.equal(p.asnPath, 'EntidadeEnvelopeGenerico.conteudo:EntidadeBoletimUrna.chaveAssinaturaVotosVotavel');
    assert.equal(p.offset, at, 'the offset is in the file, not in the conteudo');
    assert.match(p.found, /NULL \(0x05\)/);
  });
});

describe('tampered real files: decode error or decoded value, never a throw', { skip }, () => {
  test('every byte of a small BU, RDV and V2 BU flipped (xor 0x01, 0x80, 0xFF)', () => {
    for (const rel of [SMALL_BU, SMALL_V2, SMALL_RDV]) {
      const bytes = read(rel);
      let errors = 0;
      let decoded = 0;
      for (let i = 0; i < bytes.length; i++) {
        for (const mask of [0x01, 0x80, 0xff]) {
          const t = bytes.slice();
          t[i] = t[i]! ^ mask;
          const r = decodeFile(rel, t);
          if (r.ok) decoded++;
          else {
            errors++;
            wellFormed(r.problems[0]!, rel);
          }
        }
      }
      // Both outcomes happen: structure bytes break decoding, value bytes (counts, hashes, strings) do not.
      assert.ok(errors > 0 && decoded > 0, `${rel}: ${errors} errors, ${decoded} decoded`);
    }
  });

  test('a flipped header tag is named: fase of the envelope (byte 27) is no longer an ENUMERATED', () => {
    const t = read(SMALL_BU).slice();
    assert.equal(t[27], 0x0a);
    t[27] = 0x02;
    const p = problemOf(decodeFile('o00407-0100700090001.bu', t));
    assert.equal(p.asnPath, 'EntidadeEnvelopeGenerico.fase');
    assert.equal(p.offset, 27);
    assert.equal(p.path, 'EntidadeEnvelopeGenerico.fase at byte 27');
    assert.match(p.expected, /ENUMERATED \(0x0A\)/);
    assert.match(p.found, /INTEGER \(0x02\)/);
  });

  test('a changed count decodes to the changed value (175 → 174 votes for 22): the checks must catch it', () => {
    const bytes = read(SMALL_BU);
    const at = indexOf(bytes, [0x82, 0x02, 0x00, 0xaf]);
    assert.ok(at > 0);
    const t = bytes.slice();
    t[at + 3] = 0xae;
    const a = decodeBuFile(bytes);
    const b = decodeBuFile(t);
    assert.ok(a.ok && b.ok);
    const votes = (x: typeof a) =>
      x.ok
        ? x.value.bu.resultadosVotacaoPorEleicao[0]!.resultadosVotacao[0]!.totaisVotosCargo[0]!.votosVotaveis.map(
            (v) => v.quantidadeVotos,
          )
        : [];
    assert.deepEqual(votes(a), [75, 175, 5, 6]); // 13, 22, branco, nulo
    assert.deepEqual(votes(b), [75, 174, 5, 6]);
  });

  test('a changed signature or hash byte decodes (to different bytes)', () => {
    const bytes = read(SMALL_V2);
    const a = decodeBuFile(bytes);
    assert.ok(a.ok && a.value.version === 'v2');
    const hash = a.value.bu.resultadosVotacaoPorEleicao[0]!.ultimoHashVotosVotavel;
    const at = indexOf(bytes, [...hash.subarray(0, 8)]);
    const t = bytes.slice();
    t[at] = t[at]! ^ 0xff;
    const b = decodeBuFile(t);
    assert.ok(b.ok && b.value.version === 'v2');
    const changed = b.value.bu.resultadosVotacaoPorEleicao[0]!.resultadosVotacao[0]!.totaisVotosCargo[0]!;
    const original = a.value.bu.resultadosVotacaoPorEleicao[0]!.resultadosVotacao[0]!.totaisVotosCargo[0]!;
    // The last tuple's hash equals ultimoHash: the first occurrence of those bytes is the tuple's.
    const last = changed.votosVotaveis.length - 1;
    assert.notEqual(hexUpper(changed.votosVotaveis[last]!.hash), hexUpper(original.votosVotaveis[last]!.hash));
  });

  test("a lying length (the envelope's conteudo made longer than the file) is rejected before reading", () => {
    const bytes = read(SMALL_BU);
    const at = indexOf(bytes, [0x04, 0x82, 0x02, 0x6a]);
    const t = bytes.slice();
    t[at + 2] = 0x7f; // 0x7F6A bytes declared, 618 present
    const p = problemOf(decodeFile('x.bu', t));
    assert.equal(p.asnPath, 'EntidadeEnvelopeGenerico.conteudo');
    assert.equal(p.offset, at);
    assert.match(p.expected, /32618 bytes of content/);
    assert.match(p.found, /618 bytes left .* \(truncated\)/);
  });
});

describe('versions, kinds and names', { skip }, () => {
  test('a V2 BU read as V1 (and the reverse) fails at the Carga, saying which version it looks like', () => {
    const v2 = problemOf(decodeBuFile(read(SMALL_V2), 'x', { version: 'v1' }));
    assert.match(v2.asnPath, /urna\.correspondenciaResultado\.carga\.dataHoraCarga$/);
    assert.match(v2.found, /V2 \(2024\+\) Carga/);
    const v1 = problemOf(decodeBuFile(read(SMALL_BU), 'x', { version: 'v2' }));
    assert.match(v1.asnPath, /carga\.identificadorGeradorMidia$/);
    assert.match(v1.found, /V1 \(2022\) Carga/);
  });

  test('auto-detection: by content, whatever the name; disagreements are notes', () => {
    const bu = decodeFile('o00453rs8801300010001-bu.dat', read(SMALL_V2));
    assert.ok(bu.ok && bu.value.kind === 'bu' && bu.value.version === 'v2');
    assert.deepEqual(bu.value.notes, []);
    // The same V2 content under a V1 name of another seção.
    const renamed = decodeFile('o00453-8801300010002.bu', read(SMALL_V2));
    assert.ok(renamed.ok && renamed.value.version === 'v2');
    assert.deepEqual(renamed.value.notes, [
      'the name is a v1 name (.bu) but the content is v2',
      'the name says secao 2, the content 1',
    ]);
    // An RDV named as a BU is decoded as an RDV.
    const rdv = decodeFile('o00407-0100700090001.bu', read(SMALL_RDV));
    assert.ok(rdv.ok && rdv.value.kind === 'rdv' && rdv.value.version === 'v1');
    assert.match(rdv.value.notes[0]!, /the name says bu \(\.bu\) but the content is rdv/);
    // No name at all.
    const anon = decodeFile('download', read(SMALL_VSCMR));
    assert.ok(anon.ok && anon.value.kind === 'assinatura' && anon.value.version === 'v1');
    // Other envelopes: an RDV inside an envelopeRegistroDigitalVoto is decoded; a biometrics image is handed back.
    const env = decodeEnvelope(read(SMALL_BU));
    assert.ok(env.ok);
    const rdvEnv = encodeEnvelope({
      ...env.value,
      tipoEnvelope: 'envelopeRegistroDigitalVoto',
      conteudo: read(SMALL_RDV),
    });
    assert.ok(rdvEnv.ok);
    const wrapped = decodeFile('download', rdvEnv.value);
    assert.ok(
      wrapped.ok &&
        wrapped.value.kind === 'rdv' &&
        wrapped.value.envelope?.tipoEnvelope === 'envelopeRegistroDigitalVoto',
    );
    assert.equal(wrapped.value.value.rdv.pleito, 407);
    const bio = encodeEnvelope({
      ...env.value,
      tipoEnvelope: 'envelopeImagemBiometria',
      conteudo: new Uint8Array([9, 9]),
    });
    assert.ok(bio.ok);
    const b = decodeFile('download', bio.value);
    assert.ok(b.ok && b.value.kind === 'envelope' && b.value.version === 'unknown');
    assert.deepEqual([...b.value.value], [9, 9]);
  });

  test('wrong file types are clear errors', () => {
    const rdvAsBu = problemOf(decodeBuFile(read(SMALL_RDV), 'o00407-0100700090001.bu'));
    assert.equal(rdvAsBu.asnPath, 'EntidadeEnvelopeGenerico.fase');
    const imgbuAsBu = decodeBuFile(read(SMALL_IMGBU), 'x.bu');
    assert.ok(!imgbuAsBu.ok);
    assert.equal(imgbuAsBu.problems[0]!.path, 'EntidadeEnvelopeGenerico.tipoEnvelope');
    assert.match(imgbuAsBu.problems[0]!.found, /envelopeBoletimUrnaImpresso \(4\)/);
    const buAsSig = problemOf(decodeSignatureFile(read(SMALL_BU), 'x.vscmr', { version: 'v1' }));
    assert.match(buAsSig.asnPath, /modeloUrna$/);
    const buAsRdv = problemOf(decodeResultadoRDV(read(SMALL_BU), 'x.rdv'));
    assert.match(buAsRdv.asnPath, /urna$/);

    const text = decodeFile('notes.txt', new TextEncoder().encode('BOLETIM DE URNA\n'));
    assert.ok(!text.ok);
    assert.match(text.problems[0]!.found, /unrecognised name and content \(first byte 0x42/);
    const jufa = decodeFile('o00407-0100700090001.jufa', read(SMALL_BU).subarray(0, 10));
    assert.ok(!jufa.ok);
    assert.match(jufa.problems[0]!.found, /a \.jufa file/);
    const fakeLog = decodeFile('o00407-0100700090001.logjez', new Uint8Array([1, 2, 3, 4, 5, 6, 7]));
    assert.ok(!fakeLog.ok);
    assert.match(fakeLog.problems[0]!.expected, /7-Zip/);
    const log = decodeFile('o00407-0100700090001.logjez', read(`${T2}o00407-0100700090001.logjez`));
    assert.ok(log.ok && log.value.kind === 'log' && log.value.version === 'v1');
  });

  test('an oversized file is refused before decoding; an empty one is named as empty', () => {
    const big = read('2022-v1/bu-oficial/o00406-0100700090002.bu');
    const r = decodeFile('o00406-0100700090002.bu', big, { maxBytes: 4096 });
    assert.ok(!r.ok);
    assert.equal(r.problems[0]!.expected, 'a file of at most 4096 bytes');
    assert.equal(r.problems[0]!.found, `${big.length} bytes (oversized)`);
    const env = problemOf(decodeEnvelope(big, 'b', { maxBytes: 4096 }));
    assert.match(env.found, /oversized/);
    const empty = decodeFile('o00406-0100700090002.bu', new Uint8Array(0));
    assert.ok(!empty.ok && /empty/.test(empty.problems[0]!.found));
  });

  test('an encrypted BU (seguranca present) is refused: its conteudo is for the totalizer only', () => {
    const env = decodeEnvelope(read(SMALL_BU));
    assert.ok(env.ok);
    const enc = encodeEnvelope({
      ...env.value,
      seguranca: { idTipoArquivo: 0, idCriptografia: 1, idArquivoCD: 7, idArquivoChave: new Uint8Array([1, 2, 3]) },
    });
    assert.ok(enc.ok);
    const back = decodeEnvelope(enc.value);
    assert.ok(back.ok && back.value.seguranca?.idArquivoCD === 7, 'the envelope itself decodes');
    const r = decodeBuFile(enc.value, 'enc.bu');
    assert.ok(!r.ok);
    assert.match(r.problems[0]!.found, /encrypted/);
  });

  test('file names: V1, V2, mirror prefixes, extension only, other TSE kinds, not TSE', () => {
    assert.deepEqual(parseTseFileName('2022/o00406-0100700090002.bu'), {
      kind: 'bu',
      version: 'v1',
      suffix: 'bu',
      fase: 'oficial',
      pleito: 406,
      municipio: 1007,
      zona: 9,
      secao: 2,
    });
    assert.deepEqual(parseTseFileName('o00452ac0139200010003-bu.dat'), {
      kind: 'bu',
      version: 'v2',
      suffix: 'bu.dat',
      fase: 'oficial',
      pleito: 452,
      uf: 'AC',
      municipio: 1392,
      zona: 1,
      secao: 3,
    });
    assert.equal(parseTseFileName('ac_o00407-0139200010477.logjez')?.pleito, 407);
    assert.deepEqual(parseTseFileName('s02100-0112000080001.vscmr')?.fase, 'simulado');
    assert.deepEqual(parseTseFileName('x-vota.vsc'), { kind: 'assinatura', version: 'v2', suffix: 'vota.vsc' });
    assert.deepEqual(parseTseFileName('C:\\tmp\\BU.RDV'), { kind: 'rdv', version: 'v1', suffix: 'rdv' });
    assert.equal(parseTseFileName('o00452ac0139200010003-jufa.dat')?.kind, 'other');
    assert.equal(parseTseFileName('photo.png'), null);
  });

  test('content sniffing of each kind', () => {
    assert.deepEqual(sniffContent(read(SMALL_BU)).tipoEnvelope, 'envelopeBoletimUrna');
    assert.deepEqual(sniffContent(read(SMALL_IMGBU)).tipoEnvelope, 'envelopeBoletimUrnaImpresso');
    assert.equal(sniffContent(read(SMALL_RDV)).kind, 'rdv');
    assert.equal(sniffContent(read(SMALL_VSCMR)).kind, 'assinatura');
    assert.equal(sniffContent(read(`${T2}o00407-0100700090001.logjez`)).kind, 'log');
    assert.equal(sniffContent(new Uint8Array([0x30, 0x05, 0x02])).kind, 'unknown');
  });
});

// ---- the BER rules, one at a time (hand-made input) ----

const hex = (s: string): Uint8Array => hexToBytes(s.replace(/\s+/g, ''))!;
const readInt = (r: BerReader) => r.int(TAG_INTEGER, 'n');
const readSeqInt = (r: BerReader) => {
  r.enter(TAG_SEQUENCE, 'S');
  const v = r.int(TAG_INTEGER, 'n');
  r.leave();
  return v;
};

describe('the BER reader is strict, and every refusal says where and why', () => {
  const cases: [string, string, (r: BerReader) => unknown, RegExp, RegExp, RegExp][] = [
    // Length problems point at the length byte.
    ['indefinite length', '30 80 02 01 05 00 00', readSeqInt, /^T\.S at byte 1$/, /definite length/, /indefinite/],
    ['5-byte length', '02 85 00 00 00 00 01 05', readInt, /T\.n at byte 1/, /at most 4 bytes/, /5-byte/],
    [
      'length beyond the data',
      '30 84 7F FF FF FF 02 01 05',
      readSeqInt,
      /T\.S at byte 0/,
      /2147483647 bytes/,
      /truncated/,
    ],
    ['non-minimal INTEGER (00 05)', '02 02 00 05', readInt, /T\.n at byte 0/, /minimal INTEGER/, /0x00/],
    ['non-minimal INTEGER (FF 80)', '02 02 FF 80', readInt, /T\.n at byte 0/, /minimal INTEGER/, /0xFF/],
    ['empty INTEGER', '02 00', readInt, /T\.n/, /at least 1 byte/, /empty/],
    ['INTEGER of 7 bytes', '02 07 01 00 00 00 00 00 00', readInt, /T\.n/, /at most 6 bytes/, /7 bytes/],
    ['wrong tag', '04 01 05', readInt, /T\.n at byte 0/, /INTEGER \(0x02\)/, /OCTET STRING \(0x04\)/],
    ['constructed instead of primitive', '22 01 05', readInt, /T\.n/, /INTEGER \(0x02\)/, /constructed/],
    ['high-tag-number form', '1F 81 00 01 05', readInt, /T\.n/, /INTEGER/, /high-tag-number/],
    [
      'data left inside a SEQUENCE',
      '30 06 02 01 05 02 01 06',
      readSeqInt,
      /T\.S at byte 5/,
      /end of this element/,
      /INTEGER/,
    ],
    ['trailing bytes after the top element', '02 01 05 00', readInt, /T at byte 3/, /end of the file/, /1 more bytes/],
    ['nothing where an element is due', '30 00', readSeqInt, /T\.S\.n at byte 2/, /INTEGER/, /data missing/],
  ];
  for (const [what, input, read, path, expected, found] of cases) {
    test(what, () => {
      const p = problemOf(decodeWith(hex(input), 'f.ber', 'T', read));
      assert.equal(p.file, 'f.ber');
      assert.match(p.path, path);
      assert.match(p.expected, expected);
      assert.match(p.found, found);
    });
  }

  test('nesting deeper than the limit', () => {
    const depth = 40;
    const bytes = new Uint8Array(depth * 2);
    for (let i = 0; i < depth; i++) {
      bytes[2 * i] = 0x30;
      bytes[2 * i + 1] = 2 * (depth - i - 1);
    }
    const nest = (r: BerReader): void => {
      r.enter(TAG_SEQUENCE, 'S');
      if (!r.atEnd()) nest(r);
      r.leave();
    };
    const p = problemOf(decodeWith(bytes, 'deep', 'T', nest));
    assert.match(p.expected, /nesting of at most 32 levels/);
    assert.equal(p.offset, 64);
    assert.ok(decodeWith(bytes.subarray(60), 'shallow', 'T', nest).ok, '10 levels are fine');
  });

  test('INTEGERs: signed big-endian, the spec ranges, 6 bytes at most', () => {
    const v = (s: string) => decodeWith(hex(s), 'f', 'T', readInt);
    assert.deepEqual(v('02 02 00 AF'), { ok: true, value: 175 });
    assert.deepEqual(v('02 01 80'), { ok: true, value: -128 });
    assert.deepEqual(v('02 06 7F FF FF FF FF FF'), { ok: true, value: 2 ** 47 - 1 });
    assert.deepEqual(v('02 06 80 00 00 00 00 00'), { ok: true, value: -(2 ** 47) });
    const range = problemOf(
      decodeWith(hex('02 02 27 10'), 'f', 'T', (r) => r.int(TAG_INTEGER, 'q', { min: 0, max: 9999 })),
    );
    assert.match(range.expected, /0\.\.9999/);
    assert.equal(range.found, '10000');
  });

  test('GeneralString is Latin-1 ("Onça" = 4F 6E E7 61), OCTET STRING a view of the input', () => {
    assert.equal(latin1Decode(hex('4F 6E E7 61'), 0, 4), 'Onça');
    assert.equal(latin1Decode(new Uint8Array(10000).fill(0xe7), 0, 10000), 'ç'.repeat(10000));
    const input = hex('04 03 01 02 03');
    const r = decodeWith(input, 'f', 'T', (x) => x.octets(TAG_OCTET_STRING, 'o'));
    assert.ok(r.ok);
    assert.equal(Object.getPrototypeOf(r.value), Uint8Array.prototype);
    assert.equal(r.value.buffer, input.buffer, 'no copy');
    // A Node Buffer in gives plain Uint8Arrays out.
    const fromBuffer = decodeWith(Buffer.from(input), 'f', 'T', (x) => x.octets(TAG_OCTET_STRING, 'o'));
    assert.ok(fromBuffer.ok && Object.getPrototypeOf(fromBuffer.value) === Uint8Array.prototype);
  });

  test('an unknown ENUMERATED value lists the allowed ones', { skip }, () => {
    const bytes = read(SMALL_BU).slice();
    // tipoEnvelope: 0A 01 01 right after identificacao [0] (A0 10 …): make it 3, which the spec does not define.
    const at = indexOf(bytes, [0x0a, 0x01, 0x01], 28);
    bytes[at + 2] = 3;
    const p = problemOf(decodeFile('x.bu', bytes));
    assert.equal(p.asnPath, 'EntidadeEnvelopeGenerico.tipoEnvelope');
    assert.match(p.expected, /TipoEnvelope value \(envelopeBoletimUrna\(1\), envelopeRegistroDigitalVoto\(2\)/);
    assert.equal(p.found, '3');
  });
});
