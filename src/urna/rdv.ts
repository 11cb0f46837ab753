// The Registro Digital do Voto: a table with one row per eligible voter of the seção, where each voter's choices
// are written at a row chosen at random among the free ones; the BU is the sum of this table (ELECTION-RULES.md
// §5.6, TSE-FORMATS.md §4, ARCHITECTURE.md decision 4).
//
// Ballot secrecy is the point, so nothing here may depend on the order of the votes:
// - the table's state is only "which rows hold which choices". The usual O(1) trick (an array of free row indexes
//   with swap-remove) is NOT used: the permutation it leaves behind records which rows were taken early (the first
//   row taken has the last index swapped into its place), i.e. the table would remember who voted first. Instead a
//   row is drawn uniformly over all rows and redrawn while taken; after a few misses (a nearly full table) the k-th
//   free row is found by a scan. Expected O(1) per vote while the table is not nearly full, no extra memory, and
//   every free row equally likely either way;
// - a vote value is stored as a number computed from the value alone (tipo, length and digits), not as an index
//   into a dictionary filled as votes arrive (whose numbering would reveal which value came first);
// - toJSON writes the filled rows by row index, and export()/tally() sort by (tipoVoto code, digitacao) — the
//   TSE's order (checked on the 2022 AC RDV: lexicographic digitacao, "1002" < "13" < "1337" < "454").
import type { Random } from '../crypto/random.ts';
import { formatProblem, type Problem, type Result } from '../election/problem.ts';
import type { BallotOffice, Choice } from './ballot-types.ts';
import { RDV_TIPO_VOTO, type EleicaoVota, type RdvTipoVoto, type Voto, type VotosCargo } from './model.ts';

/** One office of the ballot as the RDV sees it, in ballot order. */
export interface RdvLayoutEntry {
  idEleicao: number;
  codigoCargo: number;
  /** Choices per voter for this office (Senate with 2 seats: 2); VotosCargo.quantidadeEscolhas, 1..50. */
  quantidadeEscolhas: number;
}
export type RdvLayout = readonly RdvLayoutEntry[];

/** The layout of a ballot: one entry per office, in the order of the screens. */
export function rdvLayoutFor(offices: readonly BallotOffice[]): RdvLayoutEntry[] {
  return offices.map((o) => ({
    idEleicao: o.idEleicao,
    codigoCargo: o.codigoCargo,
    quantidadeEscolhas: o.quantidadeEscolhas,
  }));
}

/** Count of one vote value in one office. */
export interface RdvTallyEntry {
  tipoVoto: RdvTipoVoto;
  /** Absent for branco (and the other vote types without typed digits). */
  digitacao?: string;
  count: number;
}

export interface RdvCargoTally {
  idEleicao: number;
  codigoCargo: number;
  quantidadeEscolhas: number;
  /** Sum of the counts = voters recorded × quantidadeEscolhas. */
  total: number;
  /** Sorted by (tipoVoto code, digitacao), like export(). */
  votos: RdvTallyEntry[];
}

/** Per office, keyed by rdvCargoKey(idEleicao, codigoCargo); iterates in export() order. */
export type RdvTally = Map<string, RdvCargoTally>;

export function rdvCargoKey(idEleicao: number, codigoCargo: number): string {
  return `${idEleicao}:${codigoCargo}`;
}

export const RDV_SNAPSHOT_FORMAT = 'urna-rdv/1';

/** The RDV as JSON, for power-loss persistence. */
export interface RdvSnapshot {
  format: typeof RDV_SNAPSHOT_FORMAT;
  layout: RdvLayoutEntry[];
  rows: number;
  /**
   * The filled rows by ascending row index (the index is random, so this order says nothing about who voted when).
   * `votos` has one token per office × escolha in layout order: the RDV TipoVoto code, then `:digitacao` if any
   * ("2:13123" nominal, "1:13" legenda, "3" branco).
   */
  filled: { row: number; votos: string[] }[];
}

// A vote value as one number: tipo × 10^6 + length × 10^5 + digits. digitacao is NumericString(1..5), so the length
// (0 = no digits) keeps leading zeros ("00" ≠ "0") and the value fits in a Uint32. 0 marks a free row.
const TIPO_SCALE = 1_000_000;
const LEN_SCALE = 100_000;
const MAX_DIGITS = 5;

/** Draws before falling back to a scan: at 80% full, 16 misses in a row happen 2.8% of the time. */
const MAX_DRAWS = 16;

const TIPO_BY_CODE: (RdvTipoVoto | undefined)[] = [];
for (const [name, code] of Object.entries(RDV_TIPO_VOTO)) TIPO_BY_CODE[code] = name as RdvTipoVoto;

/** Per RDV TipoVoto code: 1 = always has typed digits, -1 = never, 0 = either (the suspension types). */
const DIGITS_RULE: number[] = [];
for (const t of ['legenda', 'nominal', 'nuloPorRepeticao'] as const) DIGITS_RULE[RDV_TIPO_VOTO[t]] = 1;
for (const t of ['branco', 'brancoAposSuspensao', 'nuloCargoSemCandidato'] as const) DIGITS_RULE[RDV_TIPO_VOTO[t]] = -1;

/** The code of a vote, or what was expected of it. */
function encode(tipoVoto: RdvTipoVoto, digitacao: string | undefined): number | string {
  const tipo = RDV_TIPO_VOTO[tipoVoto];
  if (tipo === undefined) return `tipoVoto one of ${Object.keys(RDV_TIPO_VOTO).join('/')}`;
  if (digitacao === undefined || digitacao === '') {
    if (DIGITS_RULE[tipo] === 1) return `typed digits (digitacao) for a ${tipoVoto} vote`;
    return tipo * TIPO_SCALE;
  }
  if (DIGITS_RULE[tipo] === -1) return `no digitacao for a ${tipoVoto} vote`;
  const n = digitacao.length;
  if (n > MAX_DIGITS) return `digitacao of 1..${MAX_DIGITS} digits`;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const d = digitacao.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return `digitacao of 1..${MAX_DIGITS} digits`;
    value = value * 10 + d;
  }
  return tipo * TIPO_SCALE + n * LEN_SCALE + value;
}

function misfit(what: string): never {
  throw new Error(`RDV: choices do not fit the layout: ${what}`);
}

function describe(c: Choice): string {
  return JSON.stringify({ tipoVoto: c.tipoVoto, digitacao: c.digitacao });
}

interface Decoded {
  code: number;
  tipoVoto: RdvTipoVoto;
  tipo: number;
  digitacao: string | undefined;
}

function decode(code: number): Decoded {
  const tipo = Math.floor(code / TIPO_SCALE);
  const len = Math.floor(code / LEN_SCALE) % 10;
  const value = code % LEN_SCALE;
  return {
    code,
    tipo,
    tipoVoto: TIPO_BY_CODE[tipo]!,
    digitacao: len === 0 ? undefined : String(value).padStart(len, '0'),
  };
}

/** The TSE's order: tipoVoto code, then digitacao as a string (absent first). */
function compareVotes(a: Decoded, b: Decoded): number {
  if (a.tipo !== b.tipo) return a.tipo - b.tipo;
  const x = a.digitacao ?? '';
  const y = b.digitacao ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

function voto(d: Decoded): Voto {
  return d.digitacao === undefined ? { tipoVoto: d.tipoVoto } : { tipoVoto: d.tipoVoto, digitacao: d.digitacao };
}

function layoutProblems(layout: unknown, rows: unknown, file: string): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, expected: string, found: unknown): void =>
    void problems.push({ file, path, expected, found: JSON.stringify(found) ?? String(found) });
  if (!Number.isSafeInteger(rows) || (rows as number) < 0) add('rows', 'a non-negative integer', rows);
  if (!Array.isArray(layout) || layout.length === 0) {
    add('layout', 'a non-empty array of {idEleicao, codigoCargo, quantidadeEscolhas}', layout);
    return problems;
  }
  const seen = new Set<string>();
  layout.forEach((e: unknown, i) => {
    const entry = (e ?? {}) as Partial<RdvLayoutEntry>;
    if (!Number.isSafeInteger(entry.idEleicao)) add(`layout[${i}].idEleicao`, 'an integer', entry.idEleicao);
    if (!Number.isSafeInteger(entry.codigoCargo)) add(`layout[${i}].codigoCargo`, 'an integer', entry.codigoCargo);
    const q = entry.quantidadeEscolhas;
    if (!Number.isInteger(q) || (q as number) < 1 || (q as number) > 50) {
      add(`layout[${i}].quantidadeEscolhas`, 'an integer 1..50', q);
    }
    const key = rdvCargoKey(entry.idEleicao as number, entry.codigoCargo as number);
    if (seen.has(key)) add(`layout[${i}]`, 'each (idEleicao, codigoCargo) once', key);
    seen.add(key);
  });
  return problems;
}

export class Rdv {
  readonly layout: readonly RdvLayoutEntry[];
  readonly rows: number;
  /** Cells per row: sum of quantidadeEscolhas. */
  private readonly slots: number;
  /** First slot of each layout entry. */
  private readonly slotStart: number[];
  /** Layout entry of each slot (for the in-order fast path of record). */
  private readonly slotEntry: Int32Array;
  /** rows × slots vote codes; a row is free iff its first cell is 0. */
  private readonly cells: Uint32Array;
  /** Scratch for one voter's codes, so that a bad choice leaves the table untouched. */
  private readonly scratch: Uint32Array;
  private recorded = 0;
  /** countEntry results, per layout entry, until the next record (export() and tally() both need them). */
  private counted: ({ vote: Decoded; count: number }[] | undefined)[] = [];

  constructor(layout: RdvLayout, rows: number) {
    const problems = layoutProblems(layout, rows, 'RDV layout');
    if (problems.length > 0) throw new Error(problems.map(formatProblem).join('\n'));
    this.layout = layout.map((e) => ({ ...e }));
    this.rows = rows;
    this.slotStart = [];
    let slots = 0;
    for (const e of this.layout) {
      this.slotStart.push(slots);
      slots += e.quantidadeEscolhas;
    }
    this.slots = slots;
    this.slotEntry = new Int32Array(slots);
    this.layout.forEach((e, i) =>
      this.slotEntry.fill(i, this.slotStart[i]!, this.slotStart[i]! + e.quantidadeEscolhas),
    );
    this.cells = new Uint32Array(rows * slots);
    this.scratch = new Uint32Array(slots);
  }

  get votersRecorded(): number {
    return this.recorded;
  }

  get freeRows(): number {
    return this.rows - this.recorded;
  }

  /** Stores one voter's choices in a row chosen uniformly at random among the free ones; throws if full or if the
   * choices do not cover the layout exactly (every office × quantidadeEscolhas). Nothing is stored on a throw. */
  record(choices: readonly Choice[], random: Random): void {
    if (this.recorded >= this.rows) {
      throw new Error(`RDV: expected a free row, found the table full (${this.rows} rows)`);
    }
    this.encodeChoices(choices);
    const { cells, scratch, slots } = this;
    const base = this.pickFreeRow(random) * slots;
    for (let s = 0; s < slots; s++) cells[base + s] = scratch[s]!;
    this.recorded++;
    if (this.counted.length > 0) this.counted = [];
  }

  /** Fills `scratch` with the voter's codes in slot order, or throws saying what does not fit. No closures here:
   * this runs once per voter (9.3 million times in the São Paulo simulation). */
  private encodeChoices(choices: readonly Choice[]): void {
    if (choices.length !== this.slots) {
      misfit(`expected ${this.slots} choices (every office × quantidadeEscolhas), found ${choices.length}`);
    }
    for (let i = 0; i < choices.length; i++) {
      const e = this.layout[this.slotEntry[i]!]!;
      const c = choices[i]!;
      if (c.idEleicao !== e.idEleicao || c.codigoCargo !== e.codigoCargo) {
        this.encodeUnordered(choices);
        return;
      }
      const code = encode(c.tipoVoto, c.digitacao);
      if (typeof code === 'string')
        misfit(`choices[${i}] (cargo ${c.codigoCargo}): expected ${code}, found ${describe(c)}`);
      this.scratch[i] = code as number;
    }
  }

  /** The choices are not in ballot order: place each one in the next slot of its office. */
  private encodeUnordered(choices: readonly Choice[]): void {
    const entryOf = new Map<string, number>();
    this.layout.forEach((e, i) => entryOf.set(rdvCargoKey(e.idEleicao, e.codigoCargo), i));
    const used = this.layout.map(() => 0);
    choices.forEach((c, i) => {
      const entry = entryOf.get(rdvCargoKey(c.idEleicao, c.codigoCargo));
      if (entry === undefined)
        misfit(`choices[${i}]: eleição ${c.idEleicao} cargo ${c.codigoCargo} is not in the layout`);
      const e = this.layout[entry!]!;
      if (used[entry!]! >= e.quantidadeEscolhas) {
        misfit(
          `expected ${e.quantidadeEscolhas} choice(s) for eleição ${e.idEleicao} cargo ${e.codigoCargo}, found more`,
        );
      }
      const code = encode(c.tipoVoto, c.digitacao);
      if (typeof code === 'string')
        misfit(`choices[${i}] (cargo ${c.codigoCargo}): expected ${code}, found ${describe(c)}`);
      this.scratch[this.slotStart[entry!]! + used[entry!]!] = code as number;
      used[entry!]!++;
    });
  }

  /** A uniformly random free row (see the header: draw-and-redraw, then a scan; no history-dependent state). */
  private pickFreeRow(random: Random): number {
    const { rows, slots, cells } = this;
    for (let t = 0; t < MAX_DRAWS; t++) {
      const r = random.int(rows);
      if (cells[r * slots] === 0) return r;
    }
    let k = random.int(rows - this.recorded);
    for (let r = 0; r < rows; r++) {
      if (cells[r * slots] === 0 && k-- === 0) return r;
    }
    throw new Error('RDV: free row count out of step with the table'); // unreachable: recorded < rows was checked
  }

  /** Per office: the distinct vote values with their counts, in the TSE's order. */
  private countEntry(entry: number): { vote: Decoded; count: number }[] {
    const cached = this.counted[entry];
    if (cached) return cached;
    const { rows, slots, cells } = this;
    const start = this.slotStart[entry]!;
    const q = this.layout[entry]!.quantidadeEscolhas;
    // Gather the codes, sort them numerically (cheap on a typed array), count runs; only the distinct values are
    // then sorted in the TSE's order.
    const codes = new Uint32Array(this.recorded * q);
    let n = 0;
    for (let r = 0; r < rows; r++) {
      const base = r * slots;
      if (cells[base] === 0) continue;
      for (let s = 0; s < q; s++) codes[n++] = cells[base + start + s]!;
    }
    codes.sort();
    const out: { vote: Decoded; count: number }[] = [];
    for (let i = 0; i < n;) {
      let j = i + 1;
      while (j < n && codes[j] === codes[i]) j++;
      out.push({ vote: decode(codes[i]!), count: j - i });
      i = j;
    }
    out.sort((a, b) => compareVotes(a.vote, b.vote));
    this.counted[entry] = out;
    return out;
  }

  /** Layout entries grouped per eleição: eleições by ascending id (as in the TSE's files), offices in ballot order. */
  private eleicoes(): { idEleicao: number; entries: number[] }[] {
    const byId = new Map<number, number[]>();
    this.layout.forEach((e, i) => {
      const list = byId.get(e.idEleicao);
      if (list) list.push(i);
      else byId.set(e.idEleicao, [i]);
    });
    return [...byId].sort((a, b) => a[0] - b[0]).map(([idEleicao, entries]) => ({ idEleicao, entries }));
  }

  /** Per eleição, per cargo, the votes sorted by (tipoVoto code, digitacao) — the TSE's export order. Equal votes
   * are the same object: treat the result as read-only. */
  export(): EleicaoVota[] {
    return this.eleicoes().map(({ idEleicao, entries }) => ({
      idEleicao,
      votosCargos: entries.map((i): VotosCargo => {
        const e = this.layout[i]!;
        // Equal votes share one (read-only) Voto object: a São Paulo-sized run would otherwise allocate one per vote.
        const votos: Voto[] = [];
        for (const { vote, count } of this.countEntry(i)) {
          const v = voto(vote);
          for (let k = 0; k < count; k++) votos.push(v);
        }
        return { idCargo: e.codigoCargo, quantidadeEscolhas: e.quantidadeEscolhas, votos };
      }),
    }));
  }

  /** Counts per (idEleicao, codigoCargo, tipoVoto, digitacao), for building the BU. */
  tally(): RdvTally {
    const tally: RdvTally = new Map();
    for (const { idEleicao, entries } of this.eleicoes()) {
      for (const i of entries) {
        const e = this.layout[i]!;
        let total = 0;
        const votos = this.countEntry(i).map(({ vote, count }): RdvTallyEntry => {
          total += count;
          return vote.digitacao === undefined
            ? { tipoVoto: vote.tipoVoto, count }
            : { tipoVoto: vote.tipoVoto, digitacao: vote.digitacao, count };
        });
        tally.set(rdvCargoKey(idEleicao, e.codigoCargo), {
          idEleicao,
          codigoCargo: e.codigoCargo,
          quantidadeEscolhas: e.quantidadeEscolhas,
          total,
          votos,
        });
      }
    }
    return tally;
  }

  /** The table for power-loss persistence: the filled rows by row index, nothing about insertion order. */
  toJSON(): RdvSnapshot {
    const { rows, slots, cells } = this;
    const filled: RdvSnapshot['filled'] = [];
    for (let r = 0; r < rows; r++) {
      const base = r * slots;
      if (cells[base] === 0) continue;
      const votos: string[] = [];
      for (let s = 0; s < slots; s++) {
        const d = decode(cells[base + s]!);
        votos.push(d.digitacao === undefined ? String(d.tipo) : `${d.tipo}:${d.digitacao}`);
      }
      filled.push({ row: r, votos });
    }
    return { format: RDV_SNAPSHOT_FORMAT, layout: this.layout.map((e) => ({ ...e })), rows, filled };
  }

  /** Rebuilds an RDV from toJSON(); throws an Error listing every problem (file, field, expected, found). */
  static fromJSON(snapshot: RdvSnapshot, file = 'RDV snapshot'): Rdv {
    const result = Rdv.parse(snapshot, file);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    return result.value;
  }

  /** Checks a snapshot that came from storage (JSON.parse output) and rebuilds the RDV, or says what is wrong. */
  static parse(value: unknown, file = 'RDV snapshot'): Result<Rdv> {
    const checked = checkSnapshot(value, file);
    if (!checked.ok) return checked;
    const { layout, rows, filled } = checked.value;
    const rdv = new Rdv(layout, rows);
    for (const f of filled) {
      rdv.cells.set(f.codes, f.row * rdv.slots);
      rdv.recorded++;
    }
    return { ok: true, value: rdv };
  }
}

/** Same as Rdv.parse. */
export function parseRdvSnapshot(value: unknown, file = 'RDV snapshot'): Result<Rdv> {
  return Rdv.parse(value, file);
}

interface CheckedSnapshot {
  layout: RdvLayoutEntry[];
  rows: number;
  filled: { row: number; codes: number[] }[];
}

function checkSnapshot(value: unknown, file: string): Result<CheckedSnapshot> {
  const problems: Problem[] = [];
  const add = (path: string, expected: string, found: unknown): void =>
    void problems.push({ file, path, expected, found: JSON.stringify(found) ?? String(found) });
  if (typeof value !== 'object' || value === null) {
    add('', 'an RDV snapshot object', value);
    return { ok: false, problems };
  }
  const s = value as Partial<RdvSnapshot>;
  if (s.format !== RDV_SNAPSHOT_FORMAT) add('format', `"${RDV_SNAPSHOT_FORMAT}"`, s.format);
  problems.push(...layoutProblems(s.layout, s.rows, file));
  if (!Array.isArray(s.filled)) add('filled', 'an array of {row, votos}', s.filled);
  if (problems.length > 0) return { ok: false, problems };

  const layout = s.layout!;
  const rows = s.rows!;
  const slots = layout.reduce((n, e) => n + e.quantidadeEscolhas, 0);
  const seen = new Set<number>();
  const restored: { row: number; codes: number[] }[] = [];
  s.filled!.forEach((f: unknown, i) => {
    const entry = (f ?? {}) as Partial<RdvSnapshot['filled'][number]>;
    const row = entry.row;
    if (!Number.isInteger(row) || (row as number) < 0 || (row as number) >= rows) {
      add(`filled[${i}].row`, `an integer 0..${rows - 1}`, row);
      return;
    }
    if (seen.has(row as number)) add(`filled[${i}].row`, 'each row once', row);
    seen.add(row as number);
    if (!Array.isArray(entry.votos) || entry.votos.length !== slots) {
      add(`filled[${i}].votos`, `${slots} vote tokens (every office × quantidadeEscolhas)`, entry.votos);
      return;
    }
    const codes: number[] = [];
    entry.votos.forEach((token: unknown, j) => {
      const m = typeof token === 'string' ? /^(\d+)(?::(\d*))?$/.exec(token) : null;
      const tipoVoto = m ? TIPO_BY_CODE[Number(m[1])] : undefined;
      const code = tipoVoto
        ? encode(tipoVoto, m?.[2])
        : 'a token "tipo" or "tipo:digitacao" (tipo an RDV TipoVoto code)';
      if (typeof code === 'string') add(`filled[${i}].votos[${j}]`, code, token);
      else codes.push(code);
    });
    restored.push({ row: row as number, codes });
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { layout, rows, filled: restored } };
}
