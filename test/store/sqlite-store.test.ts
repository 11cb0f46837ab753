import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import type { BuRecord } from '../../src/store/types.ts';
import { buDigest, canonicalBuJson } from '../../src/totalization/ingest.ts';
import { seededRandom } from '../../src/crypto/random.ts';
import { buFor, cargaFor, fixture, randomBallot, tempDir } from './fixtures.ts';

function record(f: ReturnType<typeof fixture>, key: string, urna: number, voters: number, seed: string): BuRecord {
  const carga = cargaFor(f, key, urna);
  const random = seededRandom(seed);
  const { bu } = buFor(
    carga,
    Array.from({ length: voters }, () => randomBallot(carga, random)),
  );
  const json = canonicalBuJson(bu);
  return {
    secaoKey: key,
    hash: buDigest(json),
    json,
    bu,
    receivedAt: '2026-10-04T21:00:00.000Z',
    source: `test:${key}`,
  };
}

describe('SqliteStore: opening and migrations', () => {
  test('a new file gets every migration once; re-opening changes nothing', () => {
    const { dir, cleanup } = tempDir('urna-store-');
    try {
      const file = join(dir, 'totalizacao.db');
      const s1 = new SqliteStore(file, { now: () => new Date('2026-10-04T20:00:00Z') });
      assert.equal(s1.db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
      assert.equal(s1.db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(s1.db.pragma('foreign_keys', { simple: true }), 1);
      const rows1 = s1.db
        .prepare('SELECT version, description, applied_at FROM schema_migrations ORDER BY version')
        .all();
      assert.equal(rows1.length, MIGRATIONS.length);
      // Every table of ours is STRICT (PRAGMA table_list has a `strict` column since SQLite 3.37).
      const tables = s1.db
        .prepare(`SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'`)
        .all() as { name: string; strict: number }[];
      assert.ok(tables.length >= 7, `tables: ${tables.map((t) => t.name).join(', ')}`);
      for (const t of tables) assert.equal(t.strict, 1, `${t.name} is STRICT`);
      s1.close();

      const s2 = new SqliteStore(file, { now: () => new Date('2030-01-01T00:00:00Z') });
      assert.equal(s2.db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
      const rows2 = s2.db
        .prepare('SELECT version, description, applied_at FROM schema_migrations ORDER BY version')
        .all();
      assert.deepEqual(rows2, rows1, 'nothing re-applied, nothing recorded again');
      s2.close();
    } finally {
      cleanup();
    }
  });

  test('a database from a newer program is refused with a clear message', () => {
    const { dir, cleanup } = tempDir('urna-store-');
    try {
      const file = join(dir, 'newer.db');
      new SqliteStore(file).close();
      const raw = new Database(file);
      raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
      raw.close();
      assert.throws(
        () => new SqliteStore(file),
        (e: Error) => {
          assert.match(e.message, /newer\.db/);
          assert.match(
            e.message,
            new RegExp(`version ${SCHEMA_VERSION + 1}, newer than this program's version ${SCHEMA_VERSION}`),
          );
          return true;
        },
      );
    } finally {
      cleanup();
    }
  });

  test('STRICT tables refuse a value of the wrong type', () => {
    const s = new SqliteStore(':memory:');
    try {
      assert.throws(
        () => s.db.prepare(`INSERT INTO municipios (code, uf, name) VALUES ('abc', 'SP', 'X')`).run(),
        /datatype mismatch|cannot store TEXT value in INTEGER column/,
      );
    } finally {
      s.close();
    }
  });
});

describe('SqliteStore: election and geography', () => {
  test('seções with their aptos; aggregated seções point to their host', () => {
    const f = fixture();
    const s = new SqliteStore(':memory:');
    try {
      s.setElection(f.def, f.electionKey.publicKey);
      assert.equal(s.counts().secoes, 7);
      assert.deepEqual(s.secao('SP-71072-0001-0002'), {
        key: 'SP-71072-0001-0002',
        uf: 'SP',
        municipio: 71072,
        zona: 1,
        secao: 2,
        aptos: 8, // its own 5 voters and the 3 of seção 3, which votes in its urna
        agregadaA: null,
      });
      assert.equal(s.secao('SP-71072-0001-0003')?.agregadaA, 'SP-71072-0001-0002');
      assert.equal(s.secaoKeyOf(41238, 4, 2), 'MG-41238-0004-0002');
      assert.equal(s.secaoKeyOf(41238, 4, 9), undefined);
      assert.equal(s.municipioAptos(71072), 7 + 8 + 6);
      assert.deepEqual(s.secaoCounts({ kind: 'uf', uf: 'SP' }), { total: 4, totalizadas: 0, aptos: 29 });
      assert.deepEqual(s.secaoCounts({ kind: 'pais' }), { total: 6, totalizadas: 0, aptos: 40 });
      assert.deepEqual(s.election()?.definition, f.def);
      assert.deepEqual(s.election()?.publicKey, f.electionKey.publicKey);
    } finally {
      s.close();
    }
  });

  test('the same election again is a no-op; another one is refused', () => {
    const f = fixture();
    const s = new SqliteStore(':memory:');
    try {
      s.setElection(f.def, f.electionKey.publicKey);
      s.setElection(f.def, f.electionKey.publicKey);
      assert.equal(s.counts().secoes, 7);
      assert.throws(() => s.setElection({ ...f.def, name: 'Outra' }, f.electionKey.publicKey), /different definition/);
      assert.throws(() => s.setElection(f.def, new Uint8Array(32)), /different election key/);
    } finally {
      s.close();
    }
  });
});

describe('SqliteStore: BUs', () => {
  test('a stored BU is rebuilt exactly, tuple hashes included', () => {
    const f = fixture();
    const s = new SqliteStore(':memory:');
    try {
      s.setElection(f.def, f.electionKey.publicKey);
      const r = record(f, 'SP-71072-0001-0001', 1001, 7, 'rebuild');
      assert.equal(s.ingest(r).kind, 'totalizado');
      assert.deepEqual(s.loadBu(r.hash), r.bu);
      assert.equal(s.loadBu('00'), undefined);
    } finally {
      s.close();
    }
  });

  test('a stored BU altered behind the store is detected when loaded', () => {
    const f = fixture();
    const s = new SqliteStore(':memory:');
    try {
      s.setElection(f.def, f.electionKey.publicKey);
      const r = record(f, 'SP-71072-0001-0001', 1001, 7, 'alter');
      s.ingest(r);
      const altered = r.json.replace(/\[1,(\d+),13,13\]/, (_m, n: string) => `[1,${Number(n) + 1},13,13]`);
      assert.notEqual(altered, r.json, 'the fixture has votes for candidate 13');
      s.db.prepare('UPDATE bus SET bu_json = ? WHERE hash = ?').run(altered, r.hash);
      assert.throws(() => s.loadBu(r.hash), /not to the stored ultimoHash/);
    } finally {
      s.close();
    }
  });

  test('the database itself refuses a second current BU for a seção', () => {
    const f = fixture();
    const s = new SqliteStore(':memory:');
    try {
      s.setElection(f.def, f.electionKey.publicKey);
      s.ingest(record(f, 'SP-71072-0001-0001', 1001, 3, 'one'));
      assert.throws(
        () =>
          s.db
            .prepare(
              `INSERT INTO bus (secao_key, hash, numero_interno_urna, received_at, source, status, bu_json)
               VALUES ('SP-71072-0001-0001', 'x', 1, '', '', 'totalizado', '{}')`,
            )
            .run(),
        /UNIQUE constraint failed/,
      );
    } finally {
      s.close();
    }
  });

  test('an exception in the middle of ingestMany leaves nothing of that batch', () => {
    const f = fixture();
    const { dir, cleanup } = tempDir('urna-store-');
    const file = join(dir, 'crash.db');
    try {
      const s = new SqliteStore(file);
      s.setElection(f.def, f.electionKey.publicKey);
      const first = record(f, 'MG-41238-0004-0001', 2001, 6, 'before');
      s.ingest(first);
      const before = { counts: s.counts(), votes: s.votes({ kind: 'pais' }), turnout: s.turnout({ kind: 'pais' }) };

      const batch = [
        record(f, 'SP-71072-0001-0001', 1001, 7, 'a'),
        record(f, 'SP-71072-0001-0002', 1002, 8, 'b'),
        record(f, 'SP-62910-0003-0001', 1003, 8, 'c'),
      ];
      // The third BU blows up while the store reads it, after the first two were written inside the transaction.
      const broken = { ...batch[2]! };
      Object.defineProperty(broken, 'bu', {
        get() {
          throw new Error('disk on fire');
        },
      });
      assert.throws(() => s.ingestMany([batch[0]!, batch[1]!, broken]), /disk on fire/);
      assert.deepEqual(s.counts(), before.counts);
      assert.deepEqual(s.votes({ kind: 'pais' }), before.votes);
      assert.deepEqual(s.turnout({ kind: 'pais' }), before.turnout);

      // A constraint failure (a seção the store does not know) rolls the batch back the same way.
      const stranger = { ...batch[1]!, secaoKey: 'SP-99999-0001-0001', hash: 'f'.repeat(128) };
      assert.throws(() => s.ingestMany([batch[0]!, stranger]), /SP-99999-0001-0001/);
      assert.deepEqual(s.counts(), before.counts);
      s.close();

      // And the file, re-opened, holds exactly what was committed.
      const again = new SqliteStore(file);
      assert.deepEqual(again.counts(), before.counts);
      assert.deepEqual(again.auditTotals(), []);
      assert.equal(again.ingestMany(batch).filter((d) => d.kind === 'totalizado').length, 3);
      assert.deepEqual(again.auditTotals(), []);
      again.close();
    } finally {
      cleanup();
    }
  });

  test('auditTotals finds a running total that drifted from the BUs', () => {
    const f = fixture();
    const s = new SqliteStore(':memory:');
    try {
      s.setElection(f.def, f.electionKey.publicKey);
      s.ingest(record(f, 'SP-71072-0001-0001', 1001, 7, 'audit'));
      assert.deepEqual(s.auditTotals(), []);
      const row = s.db.prepare('SELECT * FROM votos_municipio LIMIT 1').get() as Record<string, number>;
      s.db
        .prepare(
          `UPDATE votos_municipio SET votos = votos + 1 WHERE municipio = ? AND id_eleicao = ? AND cargo = ?
             AND tipo_voto = ? AND partido = ? AND codigo = ?`,
        )
        .run(row.municipio, row.id_eleicao, row.cargo, row.tipo_voto, row.partido, row.codigo);
      const diff = s.auditTotals();
      assert.equal(diff.length, 1);
      assert.match(diff[0]!, /^votos 71072\/\d+\/\d+\/\d+\/\d+\/\d+: BUs say \d+, totals say \d+$/);
    } finally {
      s.close();
    }
  });
});
