// The urna's log package (`.logjez` / `-log.jez`, TSE-FORMATS.md §6; spec: tse/spec/v1-2022/formato-arquivos-log.pdf):
// a 7z archive holding `logd.dat` — Latin-1 text, one event per line, TAB-separated
//   DD/MM/YYYY HH:MM:SS ⇥ INFO|ALERTA|ERRO|EXTERNO ⇥ ID_UE ⇥ application ⇥ message ⇥ MAC (16 hex)
// — and, after a contingência, a carga overwritten or a corrupted log, older packages archived as nested `.jez`
// (7z again, with their own logd.dat), which are decoded recursively within a depth limit and one shared budget of
// unpacked bytes.
//
// The MAC column is a chained SipHash keyed with a TSE secret: "não pode ser validado por terceiros" (the PDF,
// "Autenticação de log"). We parse it and report the check as cannot-check; we never pretend to verify it.
//
// Malformed lines are not fatal: they are reported with their line number and the rest of the log is kept, so an
// auditor sees everything the file says. A file that is not a readable 7z, or a package with no log in it, is an
// error naming the file and the place.
import type { Problem, Result } from '../election/problem.ts';
import { DEFAULT_MAX_UNPACKED_BYTES, readSevenZip, type SevenZipEntry } from './sevenzip.ts';

export const LOG_SEVERITIES = ['INFO', 'ALERTA', 'ERRO', 'EXTERNO'] as const;
export type LogSeverity = (typeof LOG_SEVERITIES)[number];

export interface LogEvent {
  /** 1-based line number in its log file. */
  line: number;
  /** The urna's clock as written: `DD/MM/YYYY HH:MM:SS`. */
  date: string;
  /** That wall-clock reading as ms since 1970 taken as UTC (the urna records no time zone): for ordering only. */
  timeMs: number;
  severity: LogSeverity;
  /** ID_UE: the urna's internal number (UE2020+), or the constant 67305985 on UE2010/2013. */
  idUe: number;
  /** Application that wrote the line: LOGD, SCUE, GAP, ATUE, VOTA, INITJE, VERIFICADOR, RED, SA… */
  app: string;
  message: string;
  /** The 16-hex-digit line MAC (SipHash, secret key), or null when the line has none. */
  mac: string | null;
}

/** One named check with its outcome (the same shape the other TSE checks use). */
export interface LogCheck {
  name: 'log-archive-crc' | 'log-line-mac';
  status: 'pass' | 'fail' | 'cannot-check';
  reason?: string;
}

export interface LogJez {
  /** The package's name as given (outer file name, or `outer.logjez/inner.jez` for a nested one). */
  file: string;
  /** Every entry of the 7z, in archive order. */
  files: { name: string; size: number }[];
  /** Name of the entry the events came from (`logd.dat`; a desktop application's `<app>.log`). */
  logName: string;
  events: LogEvent[];
  /** Archived logs inside this package (nested `.jez`), decoded recursively. */
  nested: LogJez[];
  /** Non-fatal findings: malformed lines (by line number), nested packages that could not be opened. */
  warnings: Problem[];
  checks: LogCheck[];
}

export interface LogJezOptions {
  /** Cap on all unpacked bytes, nested packages included, checked before decoding. Default 256 MiB. */
  maxUnpackedBytes?: number;
  /** How deep nested `.jez` packages are opened (0 = not at all). Default 3. */
  maxDepth?: number;
  /** Malformed-line problems kept per log before they are summarized in one. Default 1,000. */
  maxLineProblems?: number;
}

export const MAC_CHECK: LogCheck = {
  name: 'log-line-mac',
  status: 'cannot-check',
  reason:
    'the line MAC is a SipHash keyed with a TSE secret ("não pode ser validado por terceiros", formato-arquivos-log.pdf)',
};

/**
 * Reads a `.logjez` / `-log.jez` package: the 7z archive, its log (Latin-1 lines → events) and any nested `.jez`.
 * Never throws. `name` is used in problems.
 */
export function readLogJez(bytes: Uint8Array, name: string, options: LogJezOptions = {}): Result<LogJez> {
  const budget = { left: options.maxUnpackedBytes ?? DEFAULT_MAX_UNPACKED_BYTES };
  return readPackage(bytes, name, 0, budget, options);
}

function readPackage(
  bytes: Uint8Array,
  name: string,
  depth: number,
  budget: { left: number },
  options: LogJezOptions,
): Result<LogJez> {
  const archive = readSevenZip(bytes, name, { maxUnpackedBytes: budget.left });
  if (!archive.ok) return archive;
  budget.left -= archive.value.unpackedBytes;
  const entries = archive.value.entries;
  const files = entries.map((e) => ({ name: e.name, size: e.size }));
  const log = pickLog(entries);
  if (!log) {
    const found = entries.length ? entries.map((e) => e.name).join(', ') : 'an empty archive';
    return { ok: false, problems: [{ file: name, path: '7z entries', expected: 'logd.dat (or <app>.log)', found }] };
  }
  const parsed = parseLogLines(log.data, name, log.name, options.maxLineProblems);
  const warnings = parsed.problems;
  const nested: LogJez[] = [];
  const maxDepth = options.maxDepth ?? 3;
  for (const e of entries) {
    if (e.isDirectory || !/\.jez$/i.test(e.name)) continue;
    const inner = `${name}/${e.name}`;
    if (depth >= maxDepth) {
      warnings.push({
        file: name,
        path: e.name,
        expected: `nesting ≤ ${maxDepth} levels`,
        found: 'not opened (depth limit)',
      });
      continue;
    }
    const r = readPackage(e.data, inner, depth + 1, budget, options);
    if (r.ok) nested.push(r.value);
    else warnings.push(...r.problems);
  }
  const crcChecked = entries.every((e) => e.isDirectory || e.size === 0 || e.crc32 !== undefined);
  const crc: LogCheck = crcChecked
    ? { name: 'log-archive-crc', status: 'pass' }
    : { name: 'log-archive-crc', status: 'cannot-check', reason: 'some 7z entries carry no CRC32' };
  return {
    ok: true,
    value: { file: name, files, logName: log.name, events: parsed.events, nested, warnings, checks: [crc, MAC_CHECK] },
  };
}

/** The log of a package: `logd.dat` (urna), else the only `*.log` (desktop applications, per the PDF). */
function pickLog(entries: SevenZipEntry[]): SevenZipEntry | undefined {
  const files = entries.filter((e) => !e.isDirectory);
  const logd = files.find((e) => e.name.toLowerCase() === 'logd.dat' || /[\\/]logd\.dat$/i.test(e.name));
  if (logd) return logd;
  const logs = files.filter((e) => /\.log$/i.test(e.name));
  return logs.length === 1 ? logs[0] : undefined;
}

/** Latin-1 bytes → string (TextDecoder's "latin1" is really windows-1252, which differs at 0x80–0x9F). */
export function latin1(bytes: Uint8Array): string {
  const CHUNK = 8192;
  let s = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return s;
}

const DATE_RE = /^(\d\d)\/(\d\d)\/(\d{4}) (\d\d):(\d\d):(\d\d)$/;
const ID_RE = /^\d{1,10}$/;
const APP_RE = /^[A-Z][A-Z0-9_]*$/;
const MAC_RE = /^[0-9A-F]{16}$/;
const SEVERITY = new Set<string>(LOG_SEVERITIES);

/**
 * Parses a log file's bytes (Latin-1) into events. Malformed lines become problems `<logName> line N: <field>` and
 * are left out; a line without a MAC is kept (mac = null) and also reported. Only the first `maxProblems` problems
 * are listed, then one that counts the rest.
 */
export function parseLogLines(
  bytes: Uint8Array,
  file: string,
  logName = 'logd.dat',
  maxProblems = 1000,
): { events: LogEvent[]; problems: Problem[] } {
  const text = latin1(bytes);
  const events: LogEvent[] = [];
  const problems: Problem[] = [];
  let dropped = 0;
  const report = (line: number, field: string, expected: string, found: string): void => {
    if (problems.length < maxProblems)
      problems.push({ file, path: `${logName} line ${line}: ${field}`, expected, found });
    else dropped++;
  };
  const show = (s: string): string => (s.length > 60 ? JSON.stringify(s.slice(0, 60)) + '…' : JSON.stringify(s));

  let start = 0;
  let lineNo = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNo++;
    let stop = end;
    if (stop > start && text.charCodeAt(stop - 1) === 13) stop--;
    const line = text.slice(start, stop);
    start = end + 1;

    const t1 = line.indexOf('\t');
    const t2 = t1 < 0 ? -1 : line.indexOf('\t', t1 + 1);
    const t3 = t2 < 0 ? -1 : line.indexOf('\t', t2 + 1);
    const t4 = t3 < 0 ? -1 : line.indexOf('\t', t3 + 1);
    if (t4 < 0) {
      const fields = line === '' ? 0 : line.split('\t').length;
      report(
        lineNo,
        'fields',
        '6 TAB-separated fields (date, severity, ID_UE, application, message, MAC)',
        `${fields}: ${show(line)}`,
      );
      continue;
    }
    const date = line.slice(0, t1);
    const m = DATE_RE.exec(date);
    const timeMs = m ? wallClock(m) : NaN;
    if (Number.isNaN(timeMs)) {
      report(lineNo, 'date', 'DD/MM/YYYY HH:MM:SS', show(date));
      continue;
    }
    const severity = line.slice(t1 + 1, t2);
    if (!SEVERITY.has(severity)) {
      report(lineNo, 'severity', LOG_SEVERITIES.join('|'), show(severity));
      continue;
    }
    const id = line.slice(t2 + 1, t3);
    if (!ID_RE.test(id)) {
      report(lineNo, 'ID_UE', 'the urna number (digits)', show(id));
      continue;
    }
    const app = line.slice(t3 + 1, t4);
    if (!APP_RE.test(app)) {
      report(lineNo, 'application', 'an application code (LOGD, SCUE, VOTA…)', show(app));
      continue;
    }
    const last = line.lastIndexOf('\t');
    let mac: string | null = null;
    let message: string;
    if (last > t4 && MAC_RE.test(line.slice(last + 1))) {
      mac = line.slice(last + 1);
      message = line.slice(t4 + 1, last);
    } else {
      message = line.slice(t4 + 1);
      report(
        lineNo,
        'MAC',
        '16 hexadecimal digits after the message',
        last > t4 ? show(line.slice(last + 1)) : '(none)',
      );
    }
    events.push({ line: lineNo, date, timeMs, severity: severity as LogSeverity, idUe: Number(id), app, message, mac });
  }
  if (dropped > 0) {
    problems.push({
      file,
      path: `${logName}`,
      expected: 'well-formed lines',
      found: `${dropped} more malformed line(s) not listed`,
    });
  }
  return { events, problems };
}

function wallClock(m: RegExpExecArray): number {
  const [d, mo, y, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return NaN;
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC rolls 31/02 over into March: reject days the month does not have.
  return new Date(t).getUTCDate() === d ? t : NaN;
}

// ---------------------------------------------------------------------------------------------------------------
// Summary for auditors.

/** The message of the line the TSE's urna writes each time a vote is stored. */
export const VOTE_COMPUTED_MESSAGE = 'O voto do eleitor foi computado';
const MODEL_PREFIX = 'Identificação do Modelo de Urna: ';
const VERSION_PREFIX = 'Versão da aplicação: ';
const QR_KEY_MESSAGE = 'Identificação de assinatura das chaves do QR code';
const BU_GENERATED_PREFIX = 'Gerando arquivo de resultado [.bu]';
// "Iniciando aplicação - Oficial - 2º turno", "Iniciando aplicação - ELEIÇÃO OFICIAL SEGUNDO TURNO - Oficial - 2º turno"
const SESSION_RE = /^Iniciando aplicação\b.* - ([^-]+? - \d+º turno)\s*$/;
const PLACE_RE = /^(Município|Zona Eleitoral|Seção Eleitoral): (\d+)$/;

export interface LogSummary {
  events: number;
  /** The first and last lines of the file (file order, not clock order: the urna's clock is set during carga). */
  first: LogEvent | undefined;
  last: LogEvent | undefined;
  /** Earliest and latest clock readings found, as written. */
  earliest: string | undefined;
  latest: string | undefined;
  /** From "Identificação do Modelo de Urna: UE2013": the last one, and every distinct one. */
  urnaModel: string | undefined;
  urnaModels: string[];
  idUe: number[];
  /** From "Versão da aplicação: 8.26.0.0 - Onça-pintada", distinct. */
  softwareVersions: string[];
  /** Last município / zona / seção the log states (SCUE/VOTA lines "Município: 01007" …). */
  municipio: string | undefined;
  zona: string | undefined;
  secao: string | undefined;
  perApplication: Record<string, number>;
  perSeverity: Record<LogSeverity, number>;
  /** Lines saying a vote was stored, in total and per session label ("Oficial - 1º turno") in file order. */
  votesComputed: number;
  votesByTurno: { label: string; votes: number }[];
  /** "Eleitor foi habilitado" lines. */
  votersEnabled: number;
  /** "Identificação de assinatura das chaves do QR code" lines. */
  qrKeyLines: LogEvent[];
  /** "Gerando arquivo de resultado [.bu] + [Início]/[Término]" lines. */
  buGenerated: LogEvent[];
  alerts: LogEvent[];
  errors: LogEvent[];
  /** EXTERNO lines: references to archived logs. */
  external: LogEvent[];
  linesWithoutMac: number;
  macCheck: LogCheck;
}

export function summarizeLog(events: readonly LogEvent[]): LogSummary {
  const perApplication: Record<string, number> = {};
  const perSeverity: Record<LogSeverity, number> = { INFO: 0, ALERTA: 0, ERRO: 0, EXTERNO: 0 };
  const models = new Set<string>();
  const ids = new Set<number>();
  const versions = new Set<string>();
  const byTurno: { label: string; votes: number }[] = [];
  const s: LogSummary = {
    events: events.length,
    first: events[0],
    last: events[events.length - 1],
    earliest: undefined,
    latest: undefined,
    urnaModel: undefined,
    urnaModels: [],
    idUe: [],
    softwareVersions: [],
    municipio: undefined,
    zona: undefined,
    secao: undefined,
    perApplication,
    perSeverity,
    votesComputed: 0,
    votesByTurno: byTurno,
    votersEnabled: 0,
    qrKeyLines: [],
    buGenerated: [],
    alerts: [],
    errors: [],
    external: [],
    linesWithoutMac: 0,
    macCheck: MAC_CHECK,
  };
  let min = Infinity;
  let max = -Infinity;
  let session = '(sem identificação)';
  for (const e of events) {
    perApplication[e.app] = (perApplication[e.app] ?? 0) + 1;
    perSeverity[e.severity]++;
    ids.add(e.idUe);
    if (e.timeMs < min) {
      min = e.timeMs;
      s.earliest = e.date;
    }
    if (e.timeMs > max) {
      max = e.timeMs;
      s.latest = e.date;
    }
    if (e.mac === null) s.linesWithoutMac++;
    if (e.severity === 'ALERTA') s.alerts.push(e);
    else if (e.severity === 'ERRO') s.errors.push(e);
    else if (e.severity === 'EXTERNO') s.external.push(e);
    const msg = e.message;
    if (msg === VOTE_COMPUTED_MESSAGE) {
      s.votesComputed++;
      const cur = byTurno[byTurno.length - 1];
      if (cur && cur.label === session) cur.votes++;
      else byTurno.push({ label: session, votes: 1 });
    } else if (msg === 'Eleitor foi habilitado') s.votersEnabled++;
    else if (msg.startsWith(MODEL_PREFIX)) {
      s.urnaModel = msg.slice(MODEL_PREFIX.length).trim();
      models.add(s.urnaModel);
    } else if (msg.startsWith(VERSION_PREFIX)) versions.add(msg.slice(VERSION_PREFIX.length).trim());
    else if (msg === QR_KEY_MESSAGE) s.qrKeyLines.push(e);
    else if (msg.startsWith(BU_GENERATED_PREFIX)) s.buGenerated.push(e);
    else if (msg.startsWith('Iniciando aplicação')) {
      const m = SESSION_RE.exec(msg);
      if (m) session = m[1]!;
    } else {
      const p = PLACE_RE.exec(msg);
      if (p) {
        if (p[1] === 'Município') s.municipio = p[2];
        else if (p[1] === 'Zona Eleitoral') s.zona = p[2];
        else s.secao = p[2];
      }
    }
  }
  s.urnaModels = [...models];
  s.idUe = [...ids];
  s.softwareVersions = [...versions];
  return s;
}
