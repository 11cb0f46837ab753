// The embedded totalization store: SQLite through better-sqlite3 12 (13.x crashes on Node 20), STRICT tables, WAL,
// foreign keys on, migrations at open (migrations.ts). ARCHITECTURE.md decision 7.
//
// Every ingest is ONE transaction: the BU row, the superseded row's new status and the running totals change
// together or not at all (a crash, an exception, a constraint failure roll everything back). The bulk path
// (ingestMany) decides each record in order inside one transaction, adds up the batch's totals in memory (integer
// keys, no per-tuple strings or objects) and writes each distinct total once at the end: for the São Paulo-sized
// simulation that is ~1,100 upserts per batch instead of ~300 per BU.
import Database from 'better-sqlite3';
import { fromHex, toHex } from '../crypto/hash.ts';
import { secaoKey, type ElectionDefinition } from '../election/definition.ts';
import { indexElection } from '../election/lookup.ts';
import { buFromCanonicalJson } from '../totalization/ingest.ts';
import { BU_TIPO_VOTO, type BoletimUrna } from '../urna/model.ts';
import { applyMigrations } from './migrations.ts';
import type {
  Area,
  BuRecord,
  BuStatus,
  BuSummary,
  EleicaoRow,
  SecaoCounts,
  SecaoRow,
  StoreCounts,
  StoreDecision,
  StoredElection,
  TotalizationStore,
  TurnoutRow,
  VoteRow,
} from './types.ts';

export interface SqliteStoreOptions {
  /** Clock for the migrations and election records (tests inject one). */
  now?: () => Date;
}

interface BuDbRow {
  id: number;
  secao_key: string;
  hash: string;
  numero_interno_urna: number;
  received_at: string;
  source: string;
  status: BuStatus;
  replacement_reason: string | null;
  superseded_by: number | null;
}

const BU_COLUMNS =
  'id, secao_key, hash, numero_interno_urna, received_at, source, status, replacement_reason, superseded_by';

function summary(r: BuDbRow): BuSummary {
  return {
    id: r.id,
    secaoKey: r.secao_key,
    hash: r.hash,
    numeroInternoUrna: r.numero_interno_urna,
    receivedAt: r.received_at,
    source: r.source,
    status: r.status,
    replacementReason: r.replacement_reason,
    supersededBy: r.superseded_by,
  };
}

// ---- Running totals of a batch, in memory ----------------------------------------------------------------------
//
// Key of (município, eleição): municipio · 10^5 + idEleicao (both ≤ 99,999). Key of a tuple inside it:
// ((cargo · 8 + tipoVoto) · 128 + partido) · 131072 + codigo — cargo ≤ 99, tipoVoto ≤ 7, partido ≤ 127,
// codigo ≤ 131,071, so every key is an exact integer below 2^34 and no string is built per tuple.

const ME = 100_000;
const MAX_CARGO = 99;
const MAX_PARTIDO = 127;
const MAX_CODIGO = 131_071;

function tupleKey(cargo: number, tipo: number, partido: number, codigo: number): number {
  if (cargo < 0 || cargo > MAX_CARGO || partido < 0 || partido > MAX_PARTIDO || codigo < 0 || codigo > MAX_CODIGO) {
    // ingest.ts validated every tuple against the election; this is a programming error, and it aborts the batch.
    throw new RangeError(`tuple out of range: cargo ${cargo}, partido ${partido}, codigo ${codigo}`);
  }
  return ((cargo * 8 + tipo) * 128 + partido) * 131_072 + codigo;
}

class Totals {
  readonly votes = new Map<number, Map<number, number>>();
  readonly turnout = new Map<number, Map<number, number>>();
  readonly eleicoes = new Map<number, { aptos: number; comparecimento: number; secoes: number }>();

  /** Adds (sign +1) or removes (sign −1) a BU's counts for its município. */
  add(bu: BoletimUrna, municipio: number, sign: 1 | -1): void {
    for (const e of bu.resultadosVotacaoPorEleicao) {
      const me = municipio * ME + e.idEleicao;
      let votes = this.votes.get(me);
      if (!votes) this.votes.set(me, (votes = new Map()));
      let turnout = this.turnout.get(me);
      if (!turnout) this.turnout.set(me, (turnout = new Map()));
      let comparecimento = 0;
      for (const rv of e.resultadosVotacao) {
        if (rv.qtdComparecimento > comparecimento) comparecimento = rv.qtdComparecimento;
        for (const cargo of rv.totaisVotosCargo) {
          const code = cargo.codigoCargo;
          turnout.set(code, (turnout.get(code) ?? 0) + sign * rv.qtdComparecimento);
          for (const t of cargo.votosVotaveis) {
            const id = t.identificacaoVotavel;
            const key = tupleKey(code, BU_TIPO_VOTO[t.tipoVoto], id ? id.partido : 0, id ? id.codigo : 0);
            votes.set(key, (votes.get(key) ?? 0) + sign * t.quantidadeVotos);
          }
        }
      }
      const el = this.eleicoes.get(me) ?? { aptos: 0, comparecimento: 0, secoes: 0 };
      el.aptos += sign * e.qtdEleitoresAptos;
      el.comparecimento += sign * comparecimento;
      el.secoes += sign;
      this.eleicoes.set(me, el);
    }
  }
}

function decodeTupleKey(key: number): { cargo: number; tipo: number; partido: number; codigo: number } {
  const codigo = key % 131_072;
  let rest = (key - codigo) / 131_072;
  const partido = rest % 128;
  rest = (rest - partido) / 128;
  const tipo = rest % 8;
  return { cargo: (rest - tipo) / 8, tipo, partido, codigo };
}

// ---- The store --------------------------------------------------------------------------------------------------

export class SqliteStore implements TotalizationStore {
  readonly db: Database.Database;
  private readonly file: string;
  private readonly now: () => Date;
  private cachedElection: StoredElection | undefined;
  private readonly municipioOfSecao = new Map<string, number>();
  private readonly stmts;
  private readonly areaStatements = new Map<string, Database.Statement>();

  /** Opens (creating if needed) the store at `file`, or an in-memory store with ':memory:'. */
  constructor(file: string, opts: SqliteStoreOptions = {}) {
    this.file = file;
    this.now = opts.now ?? (() => new Date());
    this.db = new Database(file);
    try {
      // WAL: readers (the results server) never block the ingesting writer. NORMAL is durable across application
      // crashes and keeps the database consistent across power loss (the last transactions may be lost and are
      // re-ingested: ingestion is idempotent).
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      this.db.pragma('cache_size = -65536'); // 64 MiB
      applyMigrations(this.db, file, this.now);
    } catch (e) {
      this.db.close();
      throw e;
    }
    const db = this.db;
    this.stmts = {
      buByHash: db.prepare<[string], BuDbRow>(`SELECT ${BU_COLUMNS} FROM bus WHERE hash = ?`),
      buById: db.prepare<[number], BuDbRow>(`SELECT ${BU_COLUMNS} FROM bus WHERE id = ?`),
      currentBu: db.prepare<[string], BuDbRow>(
        `SELECT ${BU_COLUMNS} FROM bus WHERE secao_key = ? AND status = 'totalizado'`,
      ),
      history: db.prepare<[string], BuDbRow>(`SELECT ${BU_COLUMNS} FROM bus WHERE secao_key = ? ORDER BY id`),
      buJson: db.prepare<[string], { bu_json: string }>('SELECT bu_json FROM bus WHERE hash = ?'),
      buJsonById: db.prepare<[number], { bu_json: string }>('SELECT bu_json FROM bus WHERE id = ?'),
      insertBu: db.prepare(
        `INSERT INTO bus (secao_key, hash, numero_interno_urna, received_at, source, status, bu_json)
         VALUES (?, ?, ?, ?, ?, 'totalizado', ?)`,
      ),
      markSuperseded: db.prepare(
        `UPDATE bus SET status = 'substituido', replacement_reason = ? WHERE id = ? AND status = 'totalizado'`,
      ),
      linkSuperseded: db.prepare('UPDATE bus SET superseded_by = ? WHERE id = ?'),
      upsertVotes: db.prepare(
        `INSERT INTO votos_municipio (municipio, id_eleicao, cargo, tipo_voto, partido, codigo, votos)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET votos = votos + excluded.votos`,
      ),
      // A negative change (a superseded BU leaving the totals) must not go through INSERT: SQLite checks the CHECK
      // constraints of the row to insert before it finds the conflict that turns the INSERT into an UPDATE.
      subtractVotes: db.prepare(
        `UPDATE votos_municipio SET votos = votos + ? WHERE municipio = ? AND id_eleicao = ? AND cargo = ?
           AND tipo_voto = ? AND partido = ? AND codigo = ?`,
      ),
      subtractTurnout: db.prepare(
        'UPDATE comparecimento_municipio SET comparecimento = comparecimento + ? WHERE municipio = ? AND id_eleicao = ? AND cargo = ?',
      ),
      subtractEleicao: db.prepare(
        `UPDATE eleicao_municipio SET aptos_totalizados = aptos_totalizados + ?, comparecimento = comparecimento + ?,
           secoes_totalizadas = secoes_totalizadas + ? WHERE municipio = ? AND id_eleicao = ?`,
      ),
      upsertTurnout: db.prepare(
        `INSERT INTO comparecimento_municipio (municipio, id_eleicao, cargo, comparecimento) VALUES (?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET comparecimento = comparecimento + excluded.comparecimento`,
      ),
      upsertEleicao: db.prepare(
        `INSERT INTO eleicao_municipio (municipio, id_eleicao, aptos_totalizados, comparecimento, secoes_totalizadas)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET aptos_totalizados = aptos_totalizados + excluded.aptos_totalizados,
           comparecimento = comparecimento + excluded.comparecimento,
           secoes_totalizadas = secoes_totalizadas + excluded.secoes_totalizadas`,
      ),
      secao: db.prepare<
        [string],
        {
          key: string;
          uf: string;
          municipio: number;
          zona: number;
          secao: number;
          aptos: number | null;
          agregada_a: string | null;
        }
      >('SELECT key, uf, municipio, zona, secao, aptos, agregada_a FROM secoes WHERE key = ?'),
      secaoByNumbers: db.prepare<[number, number, number], { key: string }>(
        'SELECT key FROM secoes WHERE municipio = ? AND zona = ? AND secao = ?',
      ),
      municipioAptos: db.prepare<[number], { n: number; known: number; total: number | null }>(
        'SELECT count(*) AS n, count(aptos) AS known, sum(aptos) AS total FROM secoes WHERE municipio = ? AND agregada_a IS NULL',
      ),
    };
  }

  // ---- Election and geography ----

  setElection(def: ElectionDefinition, electionPublicKey: Uint8Array): void {
    const json = JSON.stringify(def);
    const key = toHex(electionPublicKey);
    const existing = this.db
      .prepare<[], { definition: string; public_key: string; name: string }>(
        'SELECT definition, public_key, name FROM election WHERE id = 1',
      )
      .get();
    if (existing) {
      if (existing.definition === json && existing.public_key === key) return;
      throw new Error(
        `${this.file}: this store already holds election "${existing.name}"` +
          (existing.public_key === key ? ' with a different definition' : ' with a different election key') +
          '; use a new store for another election or round',
      );
    }
    const index = indexElection(def);
    // Aptos are known when the roll is listed, or every seção gives its voterCount (synthetic elections).
    const aptosKnown =
      def.voters.length > 0 ||
      def.ufs.every((u) =>
        u.municipios.every((m) => m.zonas.every((z) => z.secoes.every((s) => s.voterCount !== undefined))),
      );
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO election (id, pleito, name, definition, public_key, created_at) VALUES (1, ?, ?, ?, ?, ?)',
        )
        .run(def.pleito, def.name, json, key, this.now().toISOString());
      const insertMunicipio = this.db.prepare('INSERT INTO municipios (code, uf, name) VALUES (?, ?, ?)');
      const insertSecao = this.db.prepare(
        'INSERT INTO secoes (key, uf, municipio, zona, secao, aptos, agregada_a) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      for (const u of def.ufs) for (const m of u.municipios) insertMunicipio.run(m.code, u.uf, m.name);
      for (const s of index.secoes) {
        insertSecao.run(s.key, s.uf, s.municipio, s.zona, s.secao, aptosKnown ? s.urnaVoterCount : null, null);
      }
      for (const s of index.secoes) {
        for (const a of s.aggregated) {
          const id = { uf: s.uf, municipio: s.municipio, zona: s.zona, secao: a };
          insertSecao.run(secaoKey(id), s.uf, s.municipio, s.zona, a, null, s.key);
        }
      }
    })();
    this.cachedElection = undefined;
  }

  election(): StoredElection | undefined {
    if (!this.cachedElection) {
      const row = this.db
        .prepare<[], { definition: string; public_key: string }>(
          'SELECT definition, public_key FROM election WHERE id = 1',
        )
        .get();
      if (!row) return undefined;
      // The definition was validated before it was stored and is stored exactly as it was parsed.
      this.cachedElection = {
        definition: JSON.parse(row.definition) as ElectionDefinition,
        publicKey: fromHex(row.public_key),
      };
    }
    return this.cachedElection;
  }

  secao(key: string): SecaoRow | undefined {
    const r = this.stmts.secao.get(key);
    return (
      r && {
        key: r.key,
        uf: r.uf,
        municipio: r.municipio,
        zona: r.zona,
        secao: r.secao,
        aptos: r.aptos,
        agregadaA: r.agregada_a,
      }
    );
  }

  secaoKeyOf(municipio: number, zona: number, secao: number): string | undefined {
    return this.stmts.secaoByNumbers.get(municipio, zona, secao)?.key;
  }

  municipioAptos(municipio: number): number | null {
    const r = this.stmts.municipioAptos.get(municipio);
    if (!r || r.n === 0 || r.known !== r.n) return null;
    return r.total ?? 0;
  }

  // ---- BUs ----

  currentBu(key: string): BuSummary | undefined {
    const r = this.stmts.currentBu.get(key);
    return r && summary(r);
  }

  buHistory(key: string): BuSummary[] {
    return this.stmts.history.all(key).map(summary);
  }

  buByHash(hash: string): BuSummary | undefined {
    const r = this.stmts.buByHash.get(hash);
    return r && summary(r);
  }

  loadBu(hash: string): BoletimUrna | undefined {
    const r = this.stmts.buJson.get(hash);
    return r && buFromCanonicalJson(r.bu_json);
  }

  ingest(record: BuRecord): StoreDecision {
    return this.ingestMany([record])[0]!;
  }

  ingestMany(records: readonly BuRecord[]): StoreDecision[] {
    // IMMEDIATE: the write lock is taken before the first read, so that each decision is made on the latest state
    // even when another process ingests into the same file.
    return this.db
      .transaction((): StoreDecision[] => {
        const totals = new Totals();
        const decisions = records.map((r) => this.decide(r, totals));
        this.writeTotals(totals);
        return decisions;
      })
      .immediate();
  }

  private municipioOf(key: string): number {
    let m = this.municipioOfSecao.get(key);
    if (m === undefined) {
      const row = this.stmts.secao.get(key);
      if (!row) throw new Error(`${this.file}: seção ${key} is not in the store`);
      m = row.municipio;
      this.municipioOfSecao.set(key, m);
    }
    return m;
  }

  private insert(r: BuRecord): BuSummary {
    const urna = r.bu.urna.correspondenciaResultado.carga.numeroInternoUrna;
    const info = this.stmts.insertBu.run(r.secaoKey, r.hash, urna, r.receivedAt, r.source, r.json);
    return {
      id: Number(info.lastInsertRowid),
      secaoKey: r.secaoKey,
      hash: r.hash,
      numeroInternoUrna: urna,
      receivedAt: r.receivedAt,
      source: r.source,
      status: 'totalizado',
      replacementReason: null,
      supersededBy: null,
    };
  }

  /** What one record does, given everything stored so far (including earlier records of the same batch). */
  private decide(r: BuRecord, totals: Totals): StoreDecision {
    const same = this.stmts.buByHash.get(r.hash);
    if (same) {
      return same.status === 'totalizado'
        ? { kind: 'ja-totalizado', bu: summary(same) }
        : { kind: 'ja-substituido', superseded: summary(same) };
    }
    const municipio = this.municipioOf(r.secaoKey);
    const current = this.stmts.currentBu.get(r.secaoKey);
    if (!current) {
      const bu = this.insert(r);
      totals.add(r.bu, municipio, 1);
      return { kind: 'totalizado', bu };
    }
    if (!r.replacementReason) return { kind: 'conflito', current: summary(current) };
    // The replacement: the old BU stops counting (its counts are taken out of the totals), the new one counts.
    const old = buFromCanonicalJson(this.stmts.buJsonById.get(current.id)!.bu_json, { reseal: false });
    totals.add(old, municipio, -1);
    this.stmts.markSuperseded.run(r.replacementReason, current.id);
    const bu = this.insert(r);
    this.stmts.linkSuperseded.run(bu.id, current.id);
    totals.add(r.bu, municipio, 1);
    return {
      kind: 'substituido',
      bu,
      replaced: {
        ...summary(current),
        status: 'substituido',
        replacementReason: r.replacementReason,
        supersededBy: bu.id,
      },
    };
  }

  private writeTotals(t: Totals): void {
    const changed = (info: Database.RunResult, what: string): void => {
      // Taking away what was never added would mean the totals and the BUs disagree: abort the transaction.
      if (info.changes !== 1) throw new Error(`${this.file}: cannot subtract from missing running total ${what}`);
    };
    for (const [me, votes] of t.votes) {
      const municipio = Math.floor(me / ME);
      const eleicao = me % ME;
      for (const [key, n] of votes) {
        if (n === 0) continue;
        const k = decodeTupleKey(key);
        if (n > 0) this.stmts.upsertVotes.run(municipio, eleicao, k.cargo, k.tipo, k.partido, k.codigo, n);
        else {
          const info = this.stmts.subtractVotes.run(n, municipio, eleicao, k.cargo, k.tipo, k.partido, k.codigo);
          changed(info, `votos ${municipio}/${eleicao}/${k.cargo}/${k.tipo}/${k.partido}/${k.codigo}`);
        }
      }
    }
    for (const [me, turnout] of t.turnout) {
      const municipio = Math.floor(me / ME);
      const eleicao = me % ME;
      for (const [cargo, n] of turnout) {
        if (n > 0) this.stmts.upsertTurnout.run(municipio, eleicao, cargo, n);
        else if (n < 0)
          changed(this.stmts.subtractTurnout.run(n, municipio, eleicao, cargo), `comparecimento ${me}/${cargo}`);
      }
    }
    for (const [me, e] of t.eleicoes) {
      const municipio = Math.floor(me / ME);
      const eleicao = me % ME;
      if (e.aptos >= 0 && e.comparecimento >= 0 && e.secoes >= 0) {
        if (e.aptos > 0 || e.comparecimento > 0 || e.secoes > 0) {
          this.stmts.upsertEleicao.run(municipio, eleicao, e.aptos, e.comparecimento, e.secoes);
        }
      } else {
        changed(
          this.stmts.subtractEleicao.run(e.aptos, e.comparecimento, e.secoes, municipio, eleicao),
          `eleição ${me}`,
        );
      }
    }
  }

  // ---- Aggregation ----

  /** A prepared statement per (query, area kind), built on first use. */
  private areaStatement(name: string, area: Area, build: (where: string, join: string) => string): Database.Statement {
    const cacheKey = `${name}:${area.kind}`;
    let s = this.areaStatements.get(cacheKey);
    if (!s) {
      const join = area.kind === 'uf' ? 'JOIN municipios m ON m.code = t.municipio' : '';
      const where = area.kind === 'uf' ? 'm.uf = @area' : area.kind === 'municipio' ? 't.municipio = @area' : '1';
      s = this.db.prepare(build(where, join));
      this.areaStatements.set(cacheKey, s);
    }
    return s;
  }

  private static areaParam(area: Area): Record<string, unknown> {
    return area.kind === 'uf' ? { area: area.uf } : area.kind === 'municipio' ? { area: area.municipio } : {};
  }

  votes(area: Area, filter: { idEleicao?: number; cargo?: number } = {}): VoteRow[] {
    const s = this.areaStatement(
      'votes',
      area,
      (where, join) =>
        `SELECT t.id_eleicao AS idEleicao, t.cargo AS cargo, t.tipo_voto AS tipoVoto, t.partido AS partido,
                t.codigo AS codigo, sum(t.votos) AS votos
         FROM votos_municipio t ${join}
         WHERE ${where} AND (@eleicao IS NULL OR t.id_eleicao = @eleicao) AND (@cargo IS NULL OR t.cargo = @cargo)
         GROUP BY t.id_eleicao, t.cargo, t.tipo_voto, t.partido, t.codigo
         HAVING sum(t.votos) > 0
         ORDER BY t.id_eleicao, t.cargo, t.tipo_voto, t.partido, t.codigo`,
    );
    return s.all({
      ...SqliteStore.areaParam(area),
      eleicao: filter.idEleicao ?? null,
      cargo: filter.cargo ?? null,
    }) as VoteRow[];
  }

  turnout(area: Area): TurnoutRow[] {
    const s = this.areaStatement(
      'turnout',
      area,
      (where, join) =>
        `SELECT t.id_eleicao AS idEleicao, t.cargo AS cargo, sum(t.comparecimento) AS comparecimento
         FROM comparecimento_municipio t ${join} WHERE ${where}
         GROUP BY t.id_eleicao, t.cargo ORDER BY t.id_eleicao, t.cargo`,
    );
    return s.all(SqliteStore.areaParam(area)) as TurnoutRow[];
  }

  eleicoes(area: Area): EleicaoRow[] {
    const s = this.areaStatement(
      'eleicoes',
      area,
      (where, join) =>
        `SELECT t.id_eleicao AS idEleicao, sum(t.aptos_totalizados) AS aptosTotalizados,
                sum(t.comparecimento) AS comparecimento, sum(t.secoes_totalizadas) AS secoesTotalizadas
         FROM eleicao_municipio t ${join} WHERE ${where}
         GROUP BY t.id_eleicao ORDER BY t.id_eleicao`,
    );
    return s.all(SqliteStore.areaParam(area)) as EleicaoRow[];
  }

  secaoCounts(area: Area): SecaoCounts {
    const where = area.kind === 'uf' ? 's.uf = @area' : area.kind === 'municipio' ? 's.municipio = @area' : '1';
    const s = this.areaStatement(
      'secoes',
      area,
      () =>
        `SELECT count(*) AS total, count(s.aptos) AS known, coalesce(sum(s.aptos), 0) AS aptos,
                (SELECT count(*) FROM bus b JOIN secoes s ON s.key = b.secao_key
                 WHERE b.status = 'totalizado' AND ${where}) AS totalizadas
         FROM secoes s WHERE s.agregada_a IS NULL AND ${where}`,
    );
    const r = s.get(SqliteStore.areaParam(area)) as {
      total: number;
      known: number;
      aptos: number;
      totalizadas: number;
    };
    return { total: r.total, totalizadas: r.totalizadas, aptos: r.known === r.total ? r.aptos : null };
  }

  counts(): StoreCounts {
    const one = (sql: string): number => (this.db.prepare(sql).pluck().get() as number) ?? 0;
    return {
      secoes: one('SELECT count(*) FROM secoes'),
      bus: one('SELECT count(*) FROM bus'),
      totalizados: one(`SELECT count(*) FROM bus WHERE status = 'totalizado'`),
      substituidos: one(`SELECT count(*) FROM bus WHERE status = 'substituido'`),
      voteRows: one('SELECT count(*) FROM votos_municipio WHERE votos > 0'),
    };
  }

  auditTotals(): string[] {
    const expected = new Totals();
    const rows = this.db
      .prepare<[], { bu_json: string; municipio: number }>(
        `SELECT b.bu_json, s.municipio FROM bus b JOIN secoes s ON s.key = b.secao_key WHERE b.status = 'totalizado'`,
      )
      .iterate();
    for (const r of rows) expected.add(buFromCanonicalJson(r.bu_json, { reseal: false }), r.municipio, 1);
    const differences: string[] = [];
    const compare = (what: string, want: Map<string, number>, have: Map<string, number>): void => {
      for (const [k, v] of want)
        if (v !== 0 && have.get(k) !== v)
          differences.push(`${what} ${k}: BUs say ${v}, totals say ${have.get(k) ?? 0}`);
      for (const [k, v] of have)
        if (v !== 0 && !want.has(k)) differences.push(`${what} ${k}: BUs say 0, totals say ${v}`);
    };
    const wantVotes = new Map<string, number>();
    for (const [me, votes] of expected.votes) {
      for (const [key, n] of votes) {
        const k = decodeTupleKey(key);
        wantVotes.set(`${Math.floor(me / ME)}/${me % ME}/${k.cargo}/${k.tipo}/${k.partido}/${k.codigo}`, n);
      }
    }
    const haveVotes = new Map<string, number>();
    for (const r of this.db
      .prepare<
        [],
        {
          municipio: number;
          id_eleicao: number;
          cargo: number;
          tipo_voto: number;
          partido: number;
          codigo: number;
          votos: number;
        }
      >('SELECT * FROM votos_municipio')
      .iterate()) {
      haveVotes.set(`${r.municipio}/${r.id_eleicao}/${r.cargo}/${r.tipo_voto}/${r.partido}/${r.codigo}`, r.votos);
    }
    compare('votos', wantVotes, haveVotes);
    const wantTurnout = new Map<string, number>();
    for (const [me, t] of expected.turnout)
      for (const [cargo, n] of t) wantTurnout.set(`${Math.floor(me / ME)}/${me % ME}/${cargo}`, n);
    const haveTurnout = new Map<string, number>();
    for (const r of this.db
      .prepare<[], { municipio: number; id_eleicao: number; cargo: number; comparecimento: number }>(
        'SELECT * FROM comparecimento_municipio',
      )
      .iterate()) {
      haveTurnout.set(`${r.municipio}/${r.id_eleicao}/${r.cargo}`, r.comparecimento);
    }
    compare('comparecimento', wantTurnout, haveTurnout);
    const wantEl = new Map<string, number>();
    for (const [me, e] of expected.eleicoes) {
      const k = `${Math.floor(me / ME)}/${me % ME}`;
      wantEl.set(`${k} aptos`, e.aptos);
      wantEl.set(`${k} comparecimento`, e.comparecimento);
      wantEl.set(`${k} secoes`, e.secoes);
    }
    const haveEl = new Map<string, number>();
    for (const r of this.db
      .prepare<
        [],
        {
          municipio: number;
          id_eleicao: number;
          aptos_totalizados: number;
          comparecimento: number;
          secoes_totalizadas: number;
        }
      >('SELECT * FROM eleicao_municipio')
      .iterate()) {
      const k = `${r.municipio}/${r.id_eleicao}`;
      haveEl.set(`${k} aptos`, r.aptos_totalizados);
      haveEl.set(`${k} comparecimento`, r.comparecimento);
      haveEl.set(`${k} secoes`, r.secoes_totalizadas);
    }
    compare('eleição', wantEl, haveEl);
    return differences;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** Opens the embedded store (file path, or ':memory:'). */
export function openSqliteStore(file: string, opts: SqliteStoreOptions = {}): SqliteStore {
  return new SqliteStore(file, opts);
}
