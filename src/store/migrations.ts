// The SQLite schema as an ordered list of steps. `PRAGMA user_version` is the schema version (the number of steps
// applied); `schema_migrations` keeps when each step ran, for people. Steps are only ever appended: a released step
// is never edited, because databases in the field already ran it.
//
// Why the tables look like this (measured with bench/store-ingest.bench.ts at the São Paulo-sized simulation's scale,
// 22,000 BUs of ~300 tuples): one row per tuple per seção (6.6 million rows) cost ~4 s to insert and ~3 s for each
// GROUP BY over them, a large part of the 60 s budget. So each BU is stored once, as its canonical JSON (~7 KB: the
// per-tuple chain hashes are left out because the chain regenerates them exactly, see canonicalBuJson in
// src/totalization/ingest.ts), and the store keeps running totals per município, updated in the same transaction
// as the BU rows. Aggregation per município, UF or country is then a GROUP BY over at most (municípios × votáveis)
// rows, and auditTotals() recomputes every running total from the stored BUs whenever someone wants to check.
import type Database from 'better-sqlite3';

export interface Migration {
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    description: 'election, geography, BUs and running totals per município',
    sql: `
      CREATE TABLE schema_migrations (
        version INTEGER PRIMARY KEY,
        description TEXT NOT NULL,
        applied_at TEXT NOT NULL
      ) STRICT;

      -- One election round per store.
      CREATE TABLE election (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        pleito INTEGER NOT NULL,
        name TEXT NOT NULL,
        definition TEXT NOT NULL,      -- the ElectionDefinition as JSON
        public_key TEXT NOT NULL,      -- hex of the election's Ed25519 public key
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE municipios (
        code INTEGER PRIMARY KEY,      -- TSE municipality code
        uf TEXT NOT NULL,
        name TEXT NOT NULL
      ) STRICT;
      CREATE INDEX municipios_uf ON municipios (uf);

      CREATE TABLE secoes (
        key TEXT PRIMARY KEY,          -- secaoKey(): UF-MMMMM-ZZZZ-SSSS
        uf TEXT NOT NULL,
        municipio INTEGER NOT NULL REFERENCES municipios (code),
        zona INTEGER NOT NULL,
        secao INTEGER NOT NULL,
        aptos INTEGER CHECK (aptos >= 0),          -- own voters + aggregated seções' voters; NULL = unknown
        agregada_a TEXT REFERENCES secoes (key),   -- the seção whose urna this one votes in
        UNIQUE (municipio, zona, secao)
      ) STRICT;

      CREATE TABLE bus (
        id INTEGER PRIMARY KEY,
        secao_key TEXT NOT NULL REFERENCES secoes (key),
        hash TEXT NOT NULL UNIQUE,               -- buDigest(): hex SHA-512
        numero_interno_urna INTEGER NOT NULL,
        received_at TEXT NOT NULL,
        source TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('totalizado', 'substituido')),
        replacement_reason TEXT,                 -- on a superseded BU: why its urna was replaced
        superseded_by INTEGER REFERENCES bus (id),
        bu_json TEXT NOT NULL,                   -- canonicalBuJson(): hash = SHA-512 of exactly this text
        CHECK ((status = 'substituido') = (replacement_reason IS NOT NULL))
      ) STRICT;
      -- At most one BU counts for a seção: the database itself refuses a second current one.
      CREATE UNIQUE INDEX bus_current ON bus (secao_key) WHERE status = 'totalizado';
      CREATE INDEX bus_secao ON bus (secao_key);

      -- Running totals of the current BUs per município (partido = codigo = 0 for branco/nulo).
      CREATE TABLE votos_municipio (
        municipio INTEGER NOT NULL,
        id_eleicao INTEGER NOT NULL,
        cargo INTEGER NOT NULL,
        tipo_voto INTEGER NOT NULL,
        partido INTEGER NOT NULL,
        codigo INTEGER NOT NULL,
        votos INTEGER NOT NULL CHECK (votos >= 0),
        PRIMARY KEY (municipio, id_eleicao, cargo, tipo_voto, partido, codigo)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE comparecimento_municipio (
        municipio INTEGER NOT NULL,
        id_eleicao INTEGER NOT NULL,
        cargo INTEGER NOT NULL,
        comparecimento INTEGER NOT NULL CHECK (comparecimento >= 0),
        PRIMARY KEY (municipio, id_eleicao, cargo)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE eleicao_municipio (
        municipio INTEGER NOT NULL,
        id_eleicao INTEGER NOT NULL,
        aptos_totalizados INTEGER NOT NULL CHECK (aptos_totalizados >= 0),
        comparecimento INTEGER NOT NULL CHECK (comparecimento >= 0),
        secoes_totalizadas INTEGER NOT NULL CHECK (secoes_totalizadas >= 0),
        PRIMARY KEY (municipio, id_eleicao)
      ) STRICT, WITHOUT ROWID;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the database up to SCHEMA_VERSION, all missing steps in one transaction (a crash leaves the old version).
 * Refuses a database written by a newer program: it may hold data this one would misread or damage.
 */
export function applyMigrations(db: Database.Database, file: string, now: () => Date = () => new Date()): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `${file}: the database schema is version ${current}, newer than this program's version ${SCHEMA_VERSION}; ` +
        `use a newer urna to open it`,
    );
  }
  if (current === SCHEMA_VERSION) return;
  db.transaction(() => {
    for (let v = current + 1; v <= SCHEMA_VERSION; v++) {
      const step = MIGRATIONS[v - 1]!;
      db.exec(step.sql);
      db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)').run(
        v,
        step.description,
        now().toISOString(),
      );
    }
    // user_version lives in the database header and is written inside this transaction.
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}
