// The input of the seat calculator (`urna seats`), documented in docs/SEATS.md: a JSON file, or a CSV with one row
// per candidate or party label (legenda). Both are read into the same ProportionalInput; every problem found is
// reported (file, where, expected, found), never only the first.
//
// Pure (text in, values out): runs in Node and in the browser; the CLI reads the file.
import { z } from 'zod';
import { CONSTITUTIONAL_OFFICES } from '../election/offices.ts';
import type { Problem, Result } from '../election/problem.ts';
import {
  MAX_SEATS,
  PROPORTIONAL_RULES,
  isIsoDate,
  partyOfCandidateNumber,
  proportionalInputProblems,
  type AgremiacaoInput,
  type ProportionalCandidate,
  type ProportionalInput,
  type ProportionalParty,
  type ProportionalRule,
} from './proportional.ts';

/** What a seats file says, ready for distributeSeats(input, { rule }). */
export interface SeatsFile {
  /** Office label for the report ("Vereador", "Deputado Federal"), if the file gives one. */
  office?: string;
  rule: ProportionalRule;
  input: ProportionalInput;
  /** Free text kept from the JSON `note` field (sources, caveats). */
  note?: string;
}

/** Command-line values; they take precedence over the file's. */
export interface SeatsOverrides {
  seats?: number;
  rule?: ProportionalRule;
  office?: string;
}

export type SeatsFormat = 'json' | 'csv';

// ---------------------------------------------------------------------------------------------------------------
// Dates

/** YYYY-MM-DD, or the TSE's DD/MM/YYYY, as YYYY-MM-DD; undefined when neither is a real date. */
export function normalizeBirthDate(s: string): string | undefined {
  const t = s.trim();
  const br = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(t);
  const iso = br ? `${br[3]}-${br[2]}-${br[1]}` : t;
  return isIsoDate(iso) ? iso : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// JSON

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const SeatsPartySchema = z.strictObject({
  number: z.number().int().min(10).max(99),
  abbreviation: z.string().min(1).optional(),
  /** Valid votes for the party label. */
  legenda: count.default(0),
});

export const SeatsCandidateSchema = z.strictObject({
  number: z.number().int().min(10).max(99999),
  name: z.string().min(1),
  votes: count,
  /** YYYY-MM-DD or DD/MM/YYYY; needed only to break ties (the oldest wins). */
  birthDate: z
    .string()
    .refine((s) => normalizeBirthDate(s) !== undefined, 'a date YYYY-MM-DD (or DD/MM/YYYY)')
    .optional(),
  /** false: registration annulled (votes not valid, cannot be elected). Default true. */
  eligible: z.boolean().optional(),
});

export const SeatsAgremiacaoSchema = z.strictObject({
  name: z.string().min(1),
  parties: z.array(SeatsPartySchema).min(1),
  candidates: z.array(SeatsCandidateSchema),
});

export const SeatsJsonSchema = z.strictObject({
  /** Editors use it to find a JSON Schema; ignored. */
  $schema: z.string().optional(),
  note: z.string().optional(),
  /** A label ("Vereador") or a TSE office code (6, 7, 8, 13). */
  office: z.union([z.string().min(1), z.number().int()]).optional(),
  seats: z.number().int().min(1).max(MAX_SEATS).optional(),
  rule: z.enum(PROPORTIONAL_RULES as [ProportionalRule, ...ProportionalRule[]]).optional(),
  agremiacoes: z.array(SeatsAgremiacaoSchema).min(1),
});

/** `['agremiacoes', 2, 'name']` → `agremiacoes[2].name`. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path)
    out += typeof part === 'number' ? `[${part}]` : out === '' ? String(part) : `.${String(part)}`;
  return out;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const part of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[part];
  }
  return v;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  int: 'a whole number',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

function zodProblems(error: z.ZodError, input: unknown, file: string): Problem[] {
  return error.issues.flatMap((issue): Problem[] => {
    const path = formatPath(issue.path);
    const found = describe(valueAt(input, issue.path));
    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys.map((k) => ({
          file,
          path: path === '' ? k : `${path}.${k}`,
          expected: 'a known field (see docs/SEATS.md)',
          found: `an unknown field "${k}"`,
        }));
      case 'invalid_type':
        return [{ file, path, expected: TYPE_NAMES[issue.expected] ?? issue.expected, found }];
      case 'too_small':
      case 'too_big': {
        const small = issue.code === 'too_small';
        const bound = Number(small ? issue.minimum : issue.maximum);
        const expected =
          issue.origin === 'array'
            ? `${small ? 'at least' : 'at most'} ${bound} item${bound === 1 ? '' : 's'}`
            : issue.origin === 'string'
              ? 'a non-empty string'
              : `a number ${small ? '≥' : '≤'} ${bound}`;
        return [{ file, path, expected, found }];
      }
      case 'invalid_value':
        return [{ file, path, expected: `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`, found }];
      case 'invalid_union':
        return [{ file, path, expected: 'a string or a number', found }];
      default:
        return [{ file, path, expected: issue.message, found }];
    }
  });
}

/**
 * Where JSON.parse failed. V8 gives "at position N" for most errors; for an unexpected token (Node 20) it gives only
 * a snippet of up to 10 characters either side of it, `..."<snippet>"...`, from which the position follows.
 */
export function jsonErrorOffset(text: string, message: string): number {
  const pos = /at position (\d+)/.exec(message);
  if (pos) return Number(pos[1]);
  const m = /^Unexpected token .*?, (\.\.\.)?"([\s\S]*)"(\.\.\.)? is not valid JSON$/.exec(message);
  if (m) {
    const snippet = m[2]!;
    const CONTEXT = 10;
    if (m[1]) {
      const start = text.indexOf(snippet);
      if (start >= 0) return start + CONTEXT;
    } else if (m[3]) return Math.max(0, snippet.length - CONTEXT);
    else {
      const token = /^Unexpected token '?(.)/.exec(message)?.[1];
      const at = token === undefined ? -1 : text.indexOf(token);
      if (at >= 0) return at;
    }
  }
  return text.length;
}

function jsonSyntaxProblem(text: string, file: string, e: unknown): Problem {
  const message = e instanceof Error ? e.message : String(e);
  const offset = jsonErrorOffset(text, message);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return {
    file,
    path: `line ${line}, column ${column}`,
    expected: 'valid JSON',
    found: message.replace(/\s*(in JSON )?at position \d+.*$/, '').replace(/, (\.\.\.)?"[\s\S]*$/, ''),
  };
}

const OFFICE_CODES_PROPORTIONAL = Object.values(CONSTITUTIONAL_OFFICES)
  .filter((o) => o.system === 'proportional')
  .map((o) => o.code);

function officeLabel(office: string | number | undefined, file: string, problems: Problem[]): string | undefined {
  if (typeof office !== 'number') return office;
  const known = CONSTITUTIONAL_OFFICES[office];
  if (known?.system === 'proportional') return known.name;
  problems.push({
    file,
    path: 'office',
    expected: `a proportional office code (${OFFICE_CODES_PROPORTIONAL.join(', ')}) or a name`,
    found: known ? `${office} (${known.name}, a majority office)` : String(office),
  });
  return undefined;
}

function finish(
  file: string,
  problems: Problem[],
  seats: { value: number | undefined; fromOption: boolean },
  rule: ProportionalRule,
  agremiacoes: AgremiacaoInput[],
  extra: { office?: string; note?: string },
  locate: (p: Problem) => Problem,
): Result<SeatsFile> {
  if (seats.value === undefined)
    problems.push({
      file,
      path: 'seats',
      expected: 'the number of seats (in the file, or --seats N)',
      found: 'nothing',
    });
  const input: ProportionalInput = { seats: seats.value ?? 1, agremiacoes };
  // The count's own checks (seats, duplicates, party prefixes, totals), also on a file with other problems, so that
  // every problem is listed at once.
  for (const p of proportionalInputProblems(input, file)) {
    if (p.path !== 'seats') problems.push(locate(p));
    else if (seats.value !== undefined) problems.push(seats.fromOption ? { ...p, path: '--seats' } : p);
  }
  if (problems.length > 0) return { ok: false, problems: dedupe(problems) };
  const value: SeatsFile = { rule, input };
  if (extra.office !== undefined) value.office = extra.office;
  if (extra.note !== undefined) value.note = extra.note;
  return { ok: true, value };
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.expected}\u0000${p.found}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Reads the JSON form (docs/SEATS.md). */
export function parseSeatsJson(text: string, file: string, overrides: SeatsOverrides = {}): Result<SeatsFile> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [jsonSyntaxProblem(text, file, e)] };
  }
  const parsed = SeatsJsonSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error, raw, file) };
  const data = parsed.data;
  const problems: Problem[] = [];
  const agremiacoes: AgremiacaoInput[] = data.agremiacoes.map((ag) => ({
    name: ag.name,
    parties: ag.parties.map((p) => {
      const party: ProportionalParty = { number: p.number, legenda: p.legenda };
      if (p.abbreviation !== undefined) party.abbreviation = p.abbreviation;
      return party;
    }),
    candidates: ag.candidates.map((c) => {
      const cand: ProportionalCandidate = { number: c.number, name: c.name, votes: c.votes };
      // Checked by the schema; stored as YYYY-MM-DD.
      if (c.birthDate !== undefined) cand.birthDate = normalizeBirthDate(c.birthDate)!;
      if (c.eligible !== undefined) cand.eligible = c.eligible;
      return cand;
    }),
  }));
  const office = overrides.office ?? officeLabel(data.office, file, problems);
  const extra: { office?: string; note?: string } = {};
  if (office !== undefined) extra.office = office;
  if (data.note !== undefined) extra.note = data.note;
  return finish(
    file,
    problems,
    { value: overrides.seats ?? data.seats, fromOption: overrides.seats !== undefined },
    overrides.rule ?? data.rule ?? 'stf-2024',
    agremiacoes,
    extra,
    (p) => p,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// CSV

export interface CsvRow {
  /** 1-based line where the row starts. */
  line: number;
  fields: string[];
}

/**
 * RFC 4180 CSV: fields separated by `delimiter`, optionally in double quotes (which may hold the delimiter, line
 * breaks and `""` for a quote); CRLF, LF or CR line ends; a leading BOM is ignored; empty lines are skipped.
 */
export function parseCsv(
  text: string,
  delimiter = ',',
): { rows: CsvRow[]; problems: { line: number; message: string }[] } {
  const rows: CsvRow[] = [];
  const problems: { line: number; message: string }[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let fields: string[] = [];
  let field = '';
  let rowLine = 1;
  let quoted = false; // inside quotes
  let wasQuoted = false; // the current field was quoted (text after its closing quote is an error)
  const endField = () => {
    fields.push(field);
    field = '';
    wasQuoted = false;
  };
  const endRow = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) rows.push({ line: rowLine, fields });
    fields = [];
  };
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === '' && !wasQuoted) {
      quoted = true;
      wasQuoted = true;
    } else if (ch === delimiter) endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      if (wasQuoted) {
        problems.push({ line, message: `text after a closing quote: ${JSON.stringify(ch)}` });
        wasQuoted = false;
      }
      field += ch;
    }
  }
  if (quoted) problems.push({ line: rowLine, message: 'a quoted field that is never closed' });
  if (field !== '' || fields.length > 0) endRow();
  return { rows, problems };
}

const CSV_COLUMNS = ['agremiacao', 'party', 'number', 'name', 'votes', 'birth_date', 'eligible'] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly CsvColumn[] = ['agremiacao', 'party', 'number', 'name', 'votes'];
/** Input field → CSV column, to point a problem found by the count at the right cell. */
const FIELD_COLUMN: Readonly<Record<string, CsvColumn>> = {
  name: 'name',
  number: 'number',
  votes: 'votes',
  legenda: 'votes',
  birthDate: 'birth_date',
  eligible: 'eligible',
  party: 'party',
  abbreviation: 'party',
};

const TRUE_WORDS = new Set(['true', 'sim', 's', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'nao', 'não', 'n', 'no', '0']);

/**
 * Reads the CSV form: header `agremiacao,party,number,name,votes[,birth_date][,eligible]`, then one row per candidate
 * or per party label: a row with empty number and name holds that party's legenda votes. `party` is the party number
 * or its abbreviation (written the same way on every row). The seats come from `--seats` (overrides.seats). A header
 * with `;` and no `,` is read as `;`-separated (spreadsheets in pt-BR locales).
 */
export function parseSeatsCsv(text: string, file: string, overrides: SeatsOverrides = {}): Result<SeatsFile> {
  const problems: Problem[] = [];
  const at = (line: number, column?: string) => (column ? `line ${line}, column ${column}` : `line ${line}`);
  const firstLine = (text.replace(/^\ufeff/, '').split(/\r\n|\n|\r/, 1)[0] ?? '').trim();
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const csv = parseCsv(text, delimiter);
  for (const p of csv.problems)
    problems.push({ file, path: at(p.line), expected: 'well-formed CSV', found: p.message });
  const [header, ...rows] = csv.rows;
  if (header === undefined) {
    problems.push({
      file,
      path: 'line 1',
      expected: `a header ${CSV_COLUMNS.slice(0, 6).join(',')}`,
      found: 'an empty file',
    });
    return { ok: false, problems };
  }
  const col = new Map<CsvColumn, number>();
  header.fields.forEach((h, k) => {
    const name = h.trim().toLowerCase() as CsvColumn;
    if (!CSV_COLUMNS.includes(name))
      problems.push({
        file,
        path: at(header.line, `${k + 1}`),
        expected: `one of the columns ${CSV_COLUMNS.join(', ')}`,
        found: JSON.stringify(h),
      });
    else if (col.has(name))
      problems.push({ file, path: at(header.line, name), expected: 'each column once', found: `"${name}" twice` });
    else col.set(name, k);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !col.has(c));
  if (missing.length > 0) {
    problems.push({
      file,
      path: at(header.line),
      expected: `the columns ${REQUIRED_COLUMNS.join(', ')}`,
      found: `no ${missing.join(', ')}`,
    });
    return { ok: false, problems };
  }
  if (rows.length === 0)
    problems.push({ file, path: at(header.line + 1), expected: 'at least one row after the header', found: 'none' });

  interface PartyAcc {
    label: string;
    number?: number;
    abbreviation?: string;
    legenda: number;
    legendaLine?: number;
    firstLine: number;
    agremiacao: string;
  }
  interface AgAcc {
    name: string;
    firstLine: number;
    parties: PartyAcc[];
    candidates: { cand: ProportionalCandidate; line: number; label: string }[];
  }
  const ags = new Map<string, AgAcc>();
  const parties = new Map<string, PartyAcc>();

  for (const row of rows) {
    const get = (c: CsvColumn) => {
      const k = col.get(c);
      return k === undefined ? '' : (row.fields[k] ?? '').trim();
    };
    if (row.fields.length !== header.fields.length) {
      problems.push({
        file,
        path: at(row.line),
        expected: `${header.fields.length} fields (as the header)`,
        found: `${row.fields.length}`,
      });
      continue;
    }
    let ok = true;
    const bad = (column: CsvColumn, expected: string, found: string) => {
      problems.push({
        file,
        path: at(row.line, column),
        expected,
        found: found === '' ? 'nothing' : JSON.stringify(found),
      });
      ok = false;
    };
    const agName = get('agremiacao');
    const label = get('party');
    const numberText = get('number');
    const name = get('name');
    const votesText = get('votes');
    const birthText = get('birth_date');
    const eligibleText = get('eligible').toLowerCase();
    if (agName === '') bad('agremiacao', 'the name of the party or federation', agName);
    if (label === '') bad('party', 'the party number or abbreviation', label);
    if (!/^\d+$/.test(votesText) || !Number.isSafeInteger(Number(votesText)))
      bad('votes', 'a whole number of votes (digits only, no separators)', votesText);
    const isLegenda = numberText === '' && name === '';
    if (!isLegenda) {
      if (!/^\d{2,5}$/.test(numberText))
        bad('number', 'a candidate number (2 to 5 digits), or empty for a legenda row', numberText);
      if (name === '') bad('name', "the candidate's name, or an empty number too for a legenda row", name);
    } else {
      if (birthText !== '') bad('birth_date', 'nothing on a legenda row', birthText);
      if (eligibleText !== '') bad('eligible', 'nothing on a legenda row', eligibleText);
    }
    const birthDate = birthText === '' ? undefined : normalizeBirthDate(birthText);
    if (birthText !== '' && birthDate === undefined && !isLegenda)
      bad('birth_date', 'a date YYYY-MM-DD or DD/MM/YYYY', birthText);
    if (eligibleText !== '' && !TRUE_WORDS.has(eligibleText) && !FALSE_WORDS.has(eligibleText) && !isLegenda)
      bad('eligible', 'true/false (or sim/não), or empty for true', eligibleText);
    const numericParty = /^\d{2}$/.test(label) ? Number(label) : undefined;
    if (
      !isLegenda &&
      numericParty !== undefined &&
      /^\d{2,5}$/.test(numberText) &&
      partyOfCandidateNumber(Number(numberText)) !== numericParty
    )
      bad('number', `a number starting with its party number ${numericParty}`, numberText);
    if (agName === '' || label === '') continue;

    // The party belongs to one agremiação only.
    let party = parties.get(label);
    if (party === undefined) {
      party = { label, legenda: 0, firstLine: row.line, agremiacao: agName };
      if (numericParty !== undefined) party.number = numericParty;
      else party.abbreviation = label;
      parties.set(label, party);
      let ag = ags.get(agName);
      if (ag === undefined) {
        ag = { name: agName, firstLine: row.line, parties: [], candidates: [] };
        ags.set(agName, ag);
      }
      ag.parties.push(party);
    } else if (party.agremiacao !== agName) {
      bad(
        'party',
        `a party of one agremiação only (${JSON.stringify(label)} is in ${JSON.stringify(party.agremiacao)} on line ${party.firstLine})`,
        agName,
      );
      continue;
    }
    if (!ok) continue;
    if (isLegenda) {
      if (party.legendaLine !== undefined) {
        bad(
          'party',
          `one legenda row per party (${JSON.stringify(label)} already on line ${party.legendaLine})`,
          label,
        );
        continue;
      }
      party.legendaLine = row.line;
      party.legenda = Number(votesText);
    } else {
      const cand: ProportionalCandidate = { number: Number(numberText), name, votes: Number(votesText) };
      if (birthDate !== undefined) cand.birthDate = birthDate;
      if (FALSE_WORDS.has(eligibleText)) cand.eligible = false;
      else if (TRUE_WORDS.has(eligibleText)) cand.eligible = true;
      ags.get(agName)!.candidates.push({ cand, line: row.line, label });
    }
  }

  // A party named by abbreviation takes its number from its candidates' numbers (their first two digits).
  for (const party of parties.values()) {
    if (party.number !== undefined) continue;
    const cands = ags.get(party.agremiacao)!.candidates.filter((c) => c.label === party.label);
    const prefixes = [...new Set(cands.map((c) => partyOfCandidateNumber(c.cand.number)))];
    if (prefixes.length === 1) party.number = prefixes[0]!;
    else if (prefixes.length > 1)
      problems.push({
        file,
        path: at(cands.find((c) => partyOfCandidateNumber(c.cand.number) !== prefixes[0])!.line, 'number'),
        expected: `candidates of party ${JSON.stringify(party.label)} with the same party prefix (${prefixes[0]})`,
        found: prefixes.slice(1).join(', '),
      });
  }

  const agList = [...ags.values()];
  const agremiacoes: AgremiacaoInput[] = agList.map((ag) => ({
    name: ag.name,
    parties: ag.parties.map((p) => {
      const out: ProportionalParty = { legenda: p.legenda };
      if (p.number !== undefined) out.number = p.number;
      if (p.abbreviation !== undefined) out.abbreviation = p.abbreviation;
      return out;
    }),
    candidates: ag.candidates.map((c) => c.cand),
  }));
  // Problems found by the count are located by JSON path; point them (and the places they cite) at CSV lines.
  const lineOf = (agIndex: string, kind: string | undefined, index: string | undefined): number => {
    const ag = agList[Number(agIndex)]!;
    if (kind === 'candidates') return ag.candidates[Number(index)]!.line;
    if (kind === 'parties') {
      const party = ag.parties[Number(index)]!;
      return party.legendaLine ?? party.firstLine;
    }
    return ag.firstLine;
  };
  const locate = (p: Problem): Problem => {
    const m = /^agremiacoes\[(\d+)\](?:\.(candidates|parties)\[(\d+)\])?(?:\.(\w+))?$/.exec(p.path);
    if (!m) return p;
    const field = m[4] ?? '';
    const column =
      m[2] === 'candidates'
        ? (FIELD_COLUMN[field] ?? field)
        : m[2] === 'parties'
          ? field === 'legenda'
            ? 'votes'
            : 'party'
          : 'agremiacao';
    const expected = p.expected.replace(
      /agremiacoes\[(\d+)\](?:\.(candidates|parties)\[(\d+)\])?/g,
      (_all, a: string, kind: string | undefined, index: string | undefined) => `line ${lineOf(a, kind, index)}`,
    );
    return { ...p, path: at(lineOf(m[1]!, m[2], m[3]), column), expected };
  };
  const extra: { office?: string } = {};
  if (overrides.office !== undefined) extra.office = overrides.office;
  const seats = { value: overrides.seats, fromOption: true };
  const result = finish(file, problems, seats, overrides.rule ?? 'stf-2024', agremiacoes, extra, locate);
  if (result.ok) return result;
  // In file order; problems without a line (--seats) last.
  const lineNo = (p: Problem) => Number(/^line (\d+)/.exec(p.path)?.[1] ?? Infinity);
  return {
    ok: false,
    problems: result.problems
      .map((p, k) => ({ p, k }))
      .sort((a, b) => lineNo(a.p) - lineNo(b.p) || a.k - b.k)
      .map((x) => x.p),
  };
}

// ---------------------------------------------------------------------------------------------------------------

/** JSON or CSV: by the file's extension, else by its first character (`{` is JSON). */
export function detectSeatsFormat(file: string, text: string): SeatsFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.csv')) return 'csv';
  return text
    .replace(/^\ufeff/, '')
    .trimStart()
    .startsWith('{')
    ? 'json'
    : 'csv';
}

/** Reads a seats file in either form (see detectSeatsFormat). */
export function parseSeatsInput(text: string, file: string, overrides: SeatsOverrides = {}): Result<SeatsFile> {
  return detectSeatsFormat(file, text) === 'json'
    ? parseSeatsJson(text, file, overrides)
    : parseSeatsCsv(text, file, overrides);
}
