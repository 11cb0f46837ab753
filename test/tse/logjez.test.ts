import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { crc32, sevenZipNumber, writeSevenZip, type SevenZipWriteEntry } from '../../src/tse/sevenzip.ts';
import {
  parseLogLines,
  readLogJez,
  summarizeLog,
  VOTE_COMPUTED_MESSAGE,
  type LogEvent,
  type LogJez,
} from '../../src/tse/logjez.ts';
import type { Result } from '../../src/election/problem.ts';

const SAMPLES = '../shared/tse/samples';
const skipSamples = existsSync(SAMPLES) ? false : `TSE samples not found at ${SAMPLES} (../shared is absent)`;

const require = createRequire(import.meta.url);
const LZMAJS = require('lzma') as { compress(data: Uint8Array, mode: number): number[] };
const lzma = (d: Uint8Array): { props: Uint8Array; packed: Uint8Array } => {
  const r = Uint8Array.from(LZMAJS.compress(d, 1), (b) => b & 0xff);
  return { props: r.slice(0, 5), packed: r.slice(13) };
};

const latin1Bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const problemsOf = (r: Result<LogJez>): string => (r.ok ? '(ok)' : JSON.stringify(r.problems));
const asLine = (e: LogEvent): string => [e.date, e.severity, e.idUe, e.app, e.message, e.mac].join(' ⇥ ');

interface ExpectedLog {
  path: string;
  size: number;
  lines: number;
  first: string;
  modelLine: string;
}

/** EXPECTED.md, "Logs" table. */
function expectedLogs(): ExpectedLog[] {
  const md = readFileSync(`${SAMPLES}/EXPECTED.md`, 'utf8');
  const section = md.slice(md.indexOf('## Logs'));
  const re = /^\| `([^`]+\.logjez)` \| logd\.dat \((\d+) B\) \| (\d+) \| `([^`]+)` \| ([^|]+?) \|$/gm;
  return [...section.matchAll(re)].map((m) => ({
    path: m[1]!,
    size: Number(m[2]),
    lines: Number(m[3]),
    first: m[4]!,
    modelLine: m[5]!,
  }));
}

/** EXPECTED.md, BU table: file name → comparecimento. */
function expectedComparecimento(): Map<string, number> {
  const md = readFileSync(`${SAMPLES}/EXPECTED.md`, 'utf8');
  const out = new Map<string, number>();
  for (const line of md.split('\n')) {
    const cols = line.split(' | ');
    const file = /^\| `([^`]+\.bu)`$/.exec(cols[0] ?? '');
    if (file && cols.length >= 11) out.set(file[1]!.split('/').pop()!, Number(cols[8]));
  }
  return out;
}

/** "o00407-0100700090001.logjez" / "ac_o00407-0139200010477.logjez" → município, zona, seção as written. */
function placeFromName(path: string): { municipio: string; zona: string; secao: string } {
  const m = /o\d{5}-(\d{5})(\d{4})(\d{4})\.logjez$/.exec(path)!;
  return { municipio: m[1]!, zona: m[2]!, secao: m[3]! };
}

describe('readLogJez on the real urna logs', { skip: skipSamples }, () => {
  const logs = skipSamples ? [] : expectedLogs();

  test('EXPECTED.md lists the logs', () => assert.ok(logs.length >= 2, `found ${logs.length} log rows`));

  for (const exp of logs) {
    describe(exp.path, () => {
      const name = exp.path.split('/').pop()!;
      const r = readLogJez(new Uint8Array(readFileSync(`${SAMPLES}/${exp.path}`)), name);

      test('decodes, every line an event, no warnings', () => {
        assert.ok(r.ok, problemsOf(r));
        assert.deepEqual(r.value.files, [{ name: 'logd.dat', size: exp.size }]);
        assert.equal(r.value.logName, 'logd.dat');
        assert.equal(r.value.events.length, exp.lines);
        assert.deepEqual(r.value.warnings, []);
        assert.deepEqual(r.value.nested, []);
        assert.deepEqual(
          r.value.events.map((e) => e.line),
          Array.from({ length: exp.lines }, (_, i) => i + 1),
        );
      });

      test('first line and urna model as EXPECTED states', () => {
        assert.ok(r.ok);
        assert.equal(asLine(r.value.events[0]!), exp.first);
        const s = summarizeLog(r.value.events);
        assert.equal(`Identificação do Modelo de Urna: ${s.urnaModel}`, exp.modelLine);
        assert.deepEqual(s.urnaModels, [s.urnaModel]);
        assert.equal(s.first, r.value.events[0]);
      });

      test('ID_UE: the internal number on UE2020, the constant 0x04030201 on UE2013 (TSE-FORMATS §6)', () => {
        assert.ok(r.ok);
        const s = summarizeLog(r.value.events);
        assert.equal(s.idUe.length, 1);
        if (s.urnaModel === 'UE2013') assert.deepEqual(s.idUe, [0x04030201]);
        else assert.notEqual(s.idUe[0], 0x04030201);
        assert.equal(String(s.idUe[0]), exp.first.split(' ⇥ ')[2]);
      });

      test('the seção the log states is the one in the file name', () => {
        assert.ok(r.ok);
        const s = summarizeLog(r.value.events);
        assert.deepEqual({ municipio: s.municipio, zona: s.zona, secao: s.secao }, placeFromName(exp.path));
      });

      test('summary: counts add up, QR key line, MAC cannot be checked', () => {
        assert.ok(r.ok);
        const ev = r.value.events;
        const s = summarizeLog(ev);
        assert.equal(s.events, exp.lines);
        assert.equal(
          Object.values(s.perApplication).reduce((a, b) => a + b, 0),
          exp.lines,
        );
        assert.equal(
          Object.values(s.perSeverity).reduce((a, b) => a + b, 0),
          exp.lines,
        );
        assert.equal(s.alerts.length, s.perSeverity.ALERTA);
        assert.equal(s.errors.length, s.perSeverity.ERRO);
        assert.equal(s.votesComputed, ev.filter((e) => e.message === VOTE_COMPUTED_MESSAGE).length);
        assert.equal(s.votesComputed, s.votersEnabled); // every voter enabled in these logs voted
        // The carga (SCUE) signs the QR-code keys once.
        assert.equal(s.qrKeyLines.length, 1);
        assert.equal(s.qrKeyLines[0]!.app, 'SCUE');
        // The BU is generated once per turno.
        assert.deepEqual(
          s.buGenerated.map((e) => e.message),
          s.votesByTurno.flatMap(() => [
            'Gerando arquivo de resultado [.bu] + [Início]',
            'Gerando arquivo de resultado [.bu] + [Término]',
          ]),
        );
        // The log is packed while it is being written: its last line announces the .logjez itself.
        assert.equal(s.last!.message, 'Gerando arquivo de resultado [.logjez] + [Início]');
        assert.equal(s.linesWithoutMac, 0);
        assert.ok(ev.every((e) => /^[0-9A-F]{16}$/.test(e.mac!)));
        assert.equal(s.macCheck.status, 'cannot-check');
        assert.match(s.macCheck.reason!, /secret/);
        assert.deepEqual(
          r.value.checks.map((c) => [c.name, c.status]),
          [
            ['log-archive-crc', 'pass'],
            ['log-line-mac', 'cannot-check'],
          ],
        );
        const times = ev.map((e) => e.timeMs);
        assert.equal(ev.find((e) => e.date === s.earliest)!.timeMs, Math.min(...times));
        assert.equal(ev.find((e) => e.date === s.latest)!.timeMs, Math.max(...times));
      });
    });
  }

  test('votes per turno match the comparecimento of the BUs of the same seção (AC 01007/0009/0001)', () => {
    const exp = logs.find((l) => l.path.endsWith('o00407-0100700090001.logjez'));
    assert.ok(exp, 'the seção log is listed');
    const r = readLogJez(new Uint8Array(readFileSync(`${SAMPLES}/${exp.path}`)), 'o00407-0100700090001.logjez');
    assert.ok(r.ok);
    const comp = expectedComparecimento();
    const t1 = comp.get('o00406-0100700090001.bu');
    const t2 = comp.get('o00407-0100700090001.bu');
    assert.ok(t1 && t2, 'EXPECTED.md has both BUs');
    assert.deepEqual(summarizeLog(r.value.events).votesByTurno, [
      { label: 'Oficial - 1º turno', votes: t1 },
      { label: 'Oficial - 2º turno', votes: t2 },
    ]);
  });

  test('speed', (t) => {
    for (const exp of logs) {
      const bytes = new Uint8Array(readFileSync(`${SAMPLES}/${exp.path}`));
      readLogJez(bytes, 'warm-up');
      const n = 5;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) readLogJez(bytes, 'x');
      const ms = (performance.now() - t0) / n;
      t.diagnostic(
        `${exp.path}: ${ms.toFixed(1)} ms, ${Math.round((exp.lines / ms) * 1000)} events/s, ` +
          `${(exp.size / 1e3 / ms).toFixed(1)} MB/s of logd.dat`,
      );
      assert.ok(ms < 2000);
    }
  });
});

describe('tampered real log', { skip: skipSamples }, () => {
  const exp = skipSamples ? undefined : expectedLogs()[0];
  const original = exp ? new Uint8Array(readFileSync(`${SAMPLES}/${exp.path}`)) : new Uint8Array(0);
  const fails = (bytes: Uint8Array, pattern: RegExp): void => {
    const r = readLogJez(bytes, 'tampered.logjez');
    assert.ok(!r.ok, 'must not read');
    const p = r.problems[0]!;
    assert.equal(p.file, 'tampered.logjez');
    assert.match(`${p.path}: expected ${p.expected}, found ${p.found}`, pattern);
  };

  test('CRC flip in the signature header names the CRC', () => {
    const b = original.slice();
    b[8]! ^= 0x80;
    fails(b, /StartHeaderCRC/);
  });

  test('a byte flipped in the header names NextHeaderCRC', () => {
    const b = original.slice();
    b[b.length - 3]! ^= 0x01;
    fails(b, /NextHeaderCRC/);
  });

  test('a byte flipped in the log data names the LZMA stream or the CRC', () => {
    const b = original.slice();
    b[5000]! ^= 0x10;
    fails(b, /LZMA|CRC/);
  });

  test('truncated at several positions: a clear error, never a throw', () => {
    for (const len of [0, 10, 32, 100, 50_000, original.length - 50, original.length - 1]) {
      fails(original.subarray(0, len), /more byte|truncated/);
    }
  });

  test('a forged header declaring 10 GiB is refused before allocation', () => {
    const dv = new DataView(original.buffer, original.byteOffset);
    const headerAt = 32 + Number(dv.getBigUint64(12, true));
    const h = original.subarray(headerAt);
    const was = [0x0c, ...sevenZipNumber(exp!.size)];
    const at = h.findIndex((_, i) => was.every((b, k) => h[i + k] === b));
    assert.ok(at > 0);
    const forged = Uint8Array.from([
      ...h.subarray(0, at),
      0x0c,
      ...sevenZipNumber(10 * 2 ** 30),
      ...h.subarray(at + was.length),
    ]);
    const out = new Uint8Array(headerAt + forged.length);
    out.set(original.subarray(0, headerAt));
    out.set(forged, headerAt);
    const odv = new DataView(out.buffer);
    odv.setBigUint64(20, BigInt(forged.length), true);
    odv.setUint32(28, crc32(forged), true);
    odv.setUint32(8, crc32(out, 12, 32), true);
    const t0 = performance.now();
    fails(out, /UnPackSize.*10737418240 bytes \(refused before decoding\)/);
    assert.ok(performance.now() - t0 < 500);
  });

  test('not a 7z at all (a BU file, text)', () => {
    fails(new TextEncoder().encode('23/09/2022 18:02:43\tINFO\t2046631\tLOGD\tInício\t1920F09716A2E923\n'), /magic/);
    fails(Uint8Array.of(0x30, 0x82, 0x01, 0x00, 0x80, 0x01, 0x01), /magic|more byte/);
  });
});

describe('log lines', () => {
  const good = (n: number, msg = 'Mensagem', app = 'VOTA', sev = 'INFO'): string =>
    `02/10/2022 08:00:${String(n).padStart(2, '0')}\t${sev}\t2046631\t${app}\t${msg}\t${(0xabc0 + n).toString(16).toUpperCase().padStart(16, '0')}`;

  test('every field, Latin-1, CRLF, TAB inside a message', () => {
    const text =
      [
        good(1, 'Início das operações do logd', 'LOGD'),
        good(2, 'Título inválido', 'VOTA', 'ALERTA') + '\r',
        good(3, 'col\tuna', 'GAP', 'EXTERNO'),
        good(4, 'ctrl \u0085', 'SCUE', 'ERRO'),
      ].join('\n') + '\n';
    const { events, problems } = parseLogLines(latin1Bytes(text), 'f.logjez');
    assert.deepEqual(problems, []);
    assert.deepEqual(
      events.map((e) => [e.line, e.severity, e.app, e.message]),
      [
        [1, 'INFO', 'LOGD', 'Início das operações do logd'],
        [2, 'ALERTA', 'VOTA', 'Título inválido'],
        [3, 'EXTERNO', 'GAP', 'col\tuna'],
        [4, 'ERRO', 'SCUE', 'ctrl \u0085'], // 0x85 is U+0085 in Latin-1 (windows-1252 would say "…")
      ],
    );
    assert.equal(events[0]!.date, '02/10/2022 08:00:01');
    assert.equal(events[0]!.timeMs, Date.UTC(2022, 9, 2, 8, 0, 1));
    assert.equal(events[0]!.idUe, 2046631);
    assert.equal(events[0]!.mac, '000000000000ABC1');
  });

  test('malformed lines are reported with their line number and left out', () => {
    const lines = [
      good(1), // 1
      '31/02/2022 08:00:00\tINFO\t1\tVOTA\tdia inexistente\t0123456789ABCDEF', // 2: date
      '02/10/2022 8:00:00\tINFO\t1\tVOTA\tsem zero\t0123456789ABCDEF', // 3: date
      '02/10/2022 08:00:00\tDEBUG\t1\tVOTA\tseveridade\t0123456789ABCDEF', // 4: severity
      '02/10/2022 08:00:00\tINFO\tUE1\tVOTA\tid\t0123456789ABCDEF', // 5: ID_UE
      '02/10/2022 08:00:00\tINFO\t1\tvota\tapp\t0123456789ABCDEF', // 6: application
      '02/10/2022 08:00:00\tINFO\t1\tVOTA', // 7: fields
      '', // 8: fields (empty line)
      '02/10/2022 08:00:00\tINFO\t1\tVOTA\tsem MAC', // 9: MAC missing — kept
      '02/10/2022 08:00:00\tINFO\t1\tVOTA\tMAC ruim\t0123456789abcdef', // 10: MAC lower-case — kept
      good(11), // 11
    ];
    const { events, problems } = parseLogLines(latin1Bytes(lines.join('\n')), 'f.logjez');
    assert.deepEqual(
      problems.map((p) => p.path),
      [2, 3]
        .map((n) => `logd.dat line ${n}: date`)
        .concat([
          'logd.dat line 4: severity',
          'logd.dat line 5: ID_UE',
          'logd.dat line 6: application',
          'logd.dat line 7: fields',
          'logd.dat line 8: fields',
          'logd.dat line 9: MAC',
          'logd.dat line 10: MAC',
        ]),
    );
    assert.ok(problems.every((p) => p.file === 'f.logjez'));
    assert.deepEqual(
      events.map((e) => [e.line, e.mac === null]),
      [
        [1, false],
        [9, true],
        [10, true],
        [11, false],
      ],
    );
    assert.equal(events[2]!.message, 'MAC ruim\t0123456789abcdef');
    assert.equal(summarizeLog(events).linesWithoutMac, 2);
  });

  test('problems are capped, the rest counted', () => {
    const { events, problems } = parseLogLines(latin1Bytes('lixo\n'.repeat(50)), 'f', 'logd.dat', 10);
    assert.equal(events.length, 0);
    assert.equal(problems.length, 11);
    assert.equal(problems[10]!.found, '40 more malformed line(s) not listed');
  });

  test('random text never throws; events + problems account for every line', () => {
    const piece = fc.constantFrom(
      '\t',
      '\n',
      '\r',
      'INFO',
      'ALERTA',
      'VOTA',
      '02/10/2022 08:00:00',
      '0123456789ABCDEF',
      'é',
      'x',
      '7',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 80 }), (parts) => {
        const text = parts.join('');
        const { events, problems } = parseLogLines(latin1Bytes(text), 'f');
        const lines = text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
        const bad = new Set(problems.filter((p) => !p.path.endsWith('MAC')).map((p) => p.path));
        assert.equal(events.length + bad.size, lines);
        summarizeLog(events);
      }),
      { numRuns: 300 },
    );
  });

  test('summary on a hand-written log', () => {
    const text = [
      good(1, 'Iniciando aplicação - Oficial - 1º turno'),
      good(2, 'Identificação do Modelo de Urna: UE2020', 'GAP'),
      good(3, 'Versão da aplicação: 8.26.0.0 - Onça-pintada'),
      good(4, 'Eleitor foi habilitado'),
      good(5, VOTE_COMPUTED_MESSAGE),
      good(6, 'Iniciando aplicação - ELEIÇÃO OFICIAL SEGUNDO TURNO - Oficial - 2º turno'),
      good(7, 'Eleitor foi habilitado'),
      good(8, VOTE_COMPUTED_MESSAGE),
      good(9, 'Eleitor foi habilitado'),
      good(10, 'Título inválido', 'VOTA', 'ALERTA'),
      good(11, 'Arquivo 1543882120181007163821-01.jez referente ao log da FE', 'LOGD', 'EXTERNO'),
      good(12, 'Município: 01392'),
      good(13, 'Zona Eleitoral: 0001'),
      good(14, 'Seção Eleitoral: 0477'),
    ].join('\n');
    const s = summarizeLog(parseLogLines(latin1Bytes(text), 'f').events);
    assert.equal(s.urnaModel, 'UE2020');
    assert.deepEqual(s.softwareVersions, ['8.26.0.0 - Onça-pintada']);
    assert.equal(s.votesComputed, 2);
    assert.equal(s.votersEnabled, 3);
    assert.deepEqual(s.votesByTurno, [
      { label: 'Oficial - 1º turno', votes: 1 },
      { label: 'Oficial - 2º turno', votes: 1 },
    ]);
    assert.deepEqual(s.perSeverity, { INFO: 12, ALERTA: 1, ERRO: 0, EXTERNO: 1 });
    assert.deepEqual(s.perApplication, { VOTA: 12, GAP: 1, LOGD: 1 });
    assert.deepEqual([s.municipio, s.zona, s.secao], ['01392', '0001', '0477']);
    assert.deepEqual(
      s.alerts.map((e) => e.line),
      [10],
    );
    assert.deepEqual(
      s.external.map((e) => e.line),
      [11],
    );
    assert.equal(s.earliest, '02/10/2022 08:00:01');
    assert.equal(s.latest, '02/10/2022 08:00:14');
  });
});

describe('packages', () => {
  const log = (msg: string): Uint8Array =>
    latin1Bytes(`07/10/2018 16:38:21\tINFO\t1543882\tLOGD\t${msg}\t76607CDD3973A5AF\n`);
  const pack = (entries: SevenZipWriteEntry[]): Uint8Array => writeSevenZip(entries, { lzma, encodeHeader: true });

  test('nested .jez (contingência): decoded recursively, named by path', () => {
    const inner2 = pack([{ name: 'logd.dat', data: log('nível 2') }]);
    const inner1 = pack([
      { name: 'logd.dat', data: log('nível 1') },
      { name: '0160080810102018175657-01.jez', data: inner2 },
    ]);
    const outer = pack([
      { name: '15438821538930301.jez', data: inner1 },
      { name: 'logd.dat', data: log('Início das operações do logd') },
    ]);
    const r = readLogJez(outer, 's15100-0112000080001.logjez');
    assert.ok(r.ok, problemsOf(r));
    assert.deepEqual(
      r.value.files.map((f) => f.name),
      ['15438821538930301.jez', 'logd.dat'],
    );
    assert.equal(r.value.events[0]!.message, 'Início das operações do logd');
    const n1 = r.value.nested[0]!;
    assert.equal(n1.file, 's15100-0112000080001.logjez/15438821538930301.jez');
    assert.equal(n1.events[0]!.message, 'nível 1');
    assert.equal(n1.nested[0]!.events[0]!.message, 'nível 2');
    assert.equal(n1.nested[0]!.file, 's15100-0112000080001.logjez/15438821538930301.jez/0160080810102018175657-01.jez');

    const shallow = readLogJez(outer, 'x', { maxDepth: 1 });
    assert.ok(shallow.ok);
    assert.deepEqual(shallow.value.nested[0]!.nested, []);
    assert.match(shallow.value.nested[0]!.warnings[0]!.found, /depth limit/);
  });

  test('a nested archive that cannot be read is a warning; the outer log stands', () => {
    const broken = pack([{ name: 'logd.dat', data: log('x') }]).slice(0, 40);
    const r = readLogJez(
      pack([
        { name: 'logd.dat', data: log('principal') },
        { name: 'a.jez', data: broken },
      ]),
      'o.logjez',
    );
    assert.ok(r.ok, problemsOf(r));
    assert.equal(r.value.events.length, 1);
    assert.equal(r.value.warnings[0]!.file, 'o.logjez/a.jez');
  });

  test('nested bombs share one budget of unpacked bytes', () => {
    const big = new Uint8Array(300_000).fill(0x41);
    const inner = pack([{ name: 'logd.dat', data: big }]);
    const outer = pack([
      { name: 'logd.dat', data: log('principal') },
      { name: 'a.jez', data: inner },
      { name: 'b.jez', data: inner },
    ]);
    const r = readLogJez(outer, 'o.logjez', { maxUnpackedBytes: 500_000 + inner.length * 2 + 100 });
    assert.ok(r.ok, problemsOf(r));
    assert.equal(r.value.nested.length, 1, 'the second 300 kB log no longer fits');
    assert.match(r.value.warnings.at(-1)!.found, /refused before decoding/);
  });

  test('a desktop application package: the single <app>.log', () => {
    const r = readLogJez(pack([{ name: 'gedai-ue.log', data: log('desktop') }]), 'GEDAI-UE-log-simulado-X.jez');
    assert.ok(r.ok, problemsOf(r));
    assert.equal(r.value.logName, 'gedai-ue.log');
  });

  test('a package without a log is an error naming what it holds', () => {
    const r = readLogJez(pack([{ name: 'leiame.txt', data: log('x') }]), 'o.logjez');
    assert.ok(!r.ok);
    assert.deepEqual(r.problems[0], {
      file: 'o.logjez',
      path: '7z entries',
      expected: 'logd.dat (or <app>.log)',
      found: 'leiame.txt',
    });
  });

  test('fuzz: random bytes and mutations of a package never throw and finish quickly', () => {
    const base = pack([
      { name: 'logd.dat', data: log('a') },
      { name: 'x.jez', data: pack([{ name: 'logd.dat', data: log('b') }]) },
    ]);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 400 }),
          fc
            .array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 })
            .map((edits) => {
              const b = base.slice();
              for (const [p, v] of edits) b[p % b.length] = v;
              return b;
            }),
        ),
        (bytes) => {
          const t0 = performance.now();
          const r = readLogJez(bytes, 'fuzz.logjez', { maxUnpackedBytes: 1 << 22 });
          assert.ok(performance.now() - t0 < 2000);
          if (!r.ok) assert.ok(r.problems.length > 0 && r.problems[0]!.file.startsWith('fuzz.logjez'));
        },
      ),
      { numRuns: 300 },
    );
  });
});
